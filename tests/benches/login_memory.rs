//! Benchmark: the server's resident memory after 100 logins, one after another and then
//! 100 at once. Every login runs argon2 (19 MiB); the password threads reuse one buffer
//! each, so memory stays flat however many logins come.
//!
//! Run: `cargo bench -p rounds-tests --bench login_memory` (results go in BENCHMARKS.md).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark that cannot set up stops

use std::time::Instant;

use rounds_tests::hostile::Arena;

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    // Limits raised so that all 100 concurrent logins (one user, one address) are checked.
    let arena = Arena::start(&[
        "--login-per-user-address",
        "1000",
        "--login-per-address",
        "1000",
    ])
    .unwrap();
    let mib = |a: &Arena| a.rss_kib().unwrap() / 1024;
    println!("after start: {} MiB", mib(&arena));
    let started = Instant::now();
    for _ in 0..100 {
        arena.server.login("good").await.unwrap();
    }
    println!(
        "after 100 logins one after another ({:.1?}): {} MiB",
        started.elapsed(),
        mib(&arena)
    );
    let started = Instant::now();
    let logins: Vec<_> = (0..100)
        .map(|_| {
            let url = arena.url("/api/v1/session");
            tokio::spawn(async move {
                reqwest::Client::new()
                    .post(url)
                    .json(&serde_json::json!({ "username": "bad", "password": rounds_tests::PASSWORD }))
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
            })
        })
        .collect();
    let mut ok = 0;
    for l in logins {
        ok += usize::from(l.await.unwrap().is_ok_and(|s| s == 200));
    }
    println!(
        "after 100 logins at once ({ok} answered 200 in {:.1?}): {} MiB",
        started.elapsed(),
        mib(&arena)
    );
}
