//! Rep app benchmark: Playwright driving Debian's Chromium against the real server (see
//! `tests/js/e2e/bench.mjs`). Needs the built app (`bash scripts/test` or `scripts/run`
//! builds it). Two devices: a typical rep of the demo organisation, and a rep holding 300
//! accounts and 5,000 visits. Results go to BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rounds_server::demo::Scale;
use rounds_tests::browser::{demo_server, run_script_with};

#[tokio::main]
async fn main() {
    let typical = Scale::DEMO;
    let heavy = Scale {
        teams: 1,
        reps: 1,
        accounts: 300,
        opportunities: 1_500,
        visits: 5_000,
    };
    for (name, scale) in [
        ("typical demo rep", typical),
        ("300 accounts, 5,000 visits", heavy),
    ] {
        let server = demo_server(scale).await.unwrap();
        let out = run_script_with(&server, "bench.mjs", &[]).await.unwrap();
        println!("{name}: {}", out.lines().last().unwrap_or_default());
    }
}
