//! Attacks on logging in: a flood of concurrent wrong passwords (counted before the slow
//! check, with memory bounded), and failing on purpose to lock a colleague out (it must not
//! work). The server sits behind a trusted proxy, so `X-Forwarded-For` sets the address.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::collections::BTreeMap;
use std::time::Duration;

use rounds_server::auth::LoginLimits;
use rounds_server::state::ServerConfig;
use rounds_shared::sync::DocumentId;
use rounds_tests::hostile::Arena;
use rounds_tests::{PASSWORD, TestServer};
use serde_json::json;

async fn attempt(http: &reqwest::Client, url: &str, from: &str, user: &str, password: &str) -> u16 {
    http.post(url)
        .header("x-forwarded-for", from)
        .json(&json!({ "username": user, "password": password }))
        .send()
        .await
        .map_or(0, |r| r.status().as_u16())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_flood_is_counted_before_the_check_and_memory_stays_bounded() {
    let arena = Arena::start(&["--trusted-proxy", "127.0.0.1"]).unwrap();
    let url = arena.url("/api/v1/session");
    let http = reqwest::Client::new();
    // One real login first, so the baseline includes one argon2 run's memory.
    assert_eq!(
        attempt(&http, &url, "10.0.0.9", "boss", PASSWORD).await,
        200
    );
    let before = arena.rss_kib().unwrap();
    let flood = (0..200).map(|i| {
        let (http, url) = (http.clone(), url.clone());
        tokio::spawn(async move {
            attempt(&http, &url, "10.6.6.6", "boss", &format!("guess {i}")).await
        })
    });
    let good = arena.good_rep_syncs();
    let (statuses, good) = tokio::join!(futures_util::future::join_all(flood), good);
    good.unwrap();
    let mut counts = BTreeMap::new();
    for s in statuses {
        *counts.entry(s.unwrap()).or_insert(0) += 1;
    }
    let after = arena.rss_kib().unwrap();
    let checked = counts.get(&401).copied().unwrap_or(0);
    assert!(
        checked <= LoginLimits::default().per_pair,
        "{checked} guesses were checked: {counts:?}"
    );
    assert_eq!(
        checked + counts.get(&429).unwrap_or(&0) + counts.get(&503).unwrap_or(&0),
        200,
        "{counts:?}"
    );
    assert!(
        after < before + 64 * 1024,
        "resident memory went from {} to {} MiB",
        before / 1024,
        after / 1024
    );
    // The boss, from the office, still gets in (after the per-user slow-down).
    assert_eq!(
        attempt(&http, &url, "10.0.0.9", "boss", PASSWORD).await,
        200
    );
}

#[tokio::test]
async fn failing_on_purpose_never_locks_a_colleague_out() {
    let server = TestServer::start_with(ServerConfig {
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        login: LoginLimits {
            slow_down: Duration::from_millis(300),
            ..LoginLimits::default()
        },
        ..ServerConfig::default()
    })
    .await
    .unwrap();
    server.user("wang", "rep", None).unwrap();
    let hospital = DocumentId::from(server.account("王的医院", "wang").unwrap());
    let url = server.url("/api/v1/session");
    let http = reqwest::Client::new();
    // A rival fails for wang from three addresses until each is refused.
    for from in ["10.1.1.1", "10.1.1.2", "10.1.1.3"] {
        let mut statuses = Vec::new();
        for _ in 0..12 {
            statuses.push(attempt(&http, &url, from, "wang", "wrong").await);
        }
        assert_eq!(&statuses[..10], &[401; 10], "{statuses:?}");
        assert_eq!(&statuses[10..], &[429; 2], "{statuses:?}");
    }
    // The rival's addresses stay refused, even with the right password.
    assert_eq!(
        attempt(&http, &url, "10.1.1.1", "wang", PASSWORD).await,
        429
    );
    // Wang, from anywhere else, gets in: slowed down, not locked out.
    let started = std::time::Instant::now();
    assert_eq!(
        attempt(&http, &url, "10.2.2.2", "wang", PASSWORD).await,
        200
    );
    assert!(started.elapsed() >= Duration::from_millis(300));
    // And syncs as usual.
    server.rep_syncs("wang", hospital).await.unwrap();
    // Without a trusted proxy in front, the header is not believed.
    let direct = TestServer::start().await.unwrap();
    direct.user("li", "rep", None).unwrap();
    let url = direct.url("/api/v1/session");
    for i in 0..10 {
        let from = format!("10.3.3.{i}");
        assert_eq!(attempt(&http, &url, &from, "li", "wrong").await, 401);
    }
    assert_eq!(attempt(&http, &url, "10.9.9.9", "li", "wrong").await, 429);
}
