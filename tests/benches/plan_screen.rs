//! Plan screen benchmark: Playwright driving Debian's Chromium against the real server (see
//! `tests/js/e2e/bench_plan.mjs`), for a rep holding 300 hospitals: the week's plan with its
//! suggestions drawn, offline at 4× CPU throttle, and a day of 40 hospitals put in route
//! order. Needs the built app. Results go to BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rounds_server::demo::Scale;
use rounds_tests::browser::{demo_server, run_script_with};

#[tokio::main]
async fn main() {
    let heavy = Scale {
        teams: 1,
        reps: 1,
        accounts: 300,
        opportunities: 1_500,
        visits: 5_000,
    };
    let server = demo_server(heavy).await.unwrap();
    let out = run_script_with(&server, "bench_plan.mjs", &[])
        .await
        .unwrap();
    println!("{}", out.lines().last().unwrap_or_default());
}
