//! The manager's dashboard in a real browser against the demo organisation (see
//! `tests/js/e2e/dashboard.mjs`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use rounds_server::demo::Scale;
use rounds_tests::browser::{demo_server, run_script};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_matches_the_api_drills_down_exports_and_keeps_reps_out() {
    let server = demo_server(Scale::DEMO).await.unwrap();
    run_script(&server, "dashboard.mjs").await.unwrap();
}
