//! Dashboard benchmark: navigation to the team funnel drawn (fresh data), on the demo
//! organisation and on the 100,000-opportunity database (`ROUNDS_BENCH_DB` names a kept
//! one, as made by the `funnel_queries` benchmark; without it only the demo runs).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use rounds_server::demo::Scale;
use rounds_server::state::ServerConfig;
use rounds_tests::TestServer;
use rounds_tests::browser::{built_app, demo_server, run_script};

#[tokio::main]
async fn main() {
    let demo = demo_server(Scale::DEMO).await.unwrap();
    let out = run_script(&demo, "bench_dashboard.mjs").await.unwrap();
    println!(
        "demo organisation: {}",
        out.lines().last().unwrap_or_default()
    );
    drop(demo);
    if let Some(db) = std::env::var("ROUNDS_BENCH_DB").ok().map(PathBuf::from) {
        let config = ServerConfig {
            static_dir: Some(built_app().unwrap()),
            ..ServerConfig::default()
        };
        let big = TestServer::start_on(&db, config).await.unwrap();
        let out = run_script(&big, "bench_dashboard.mjs").await.unwrap();
        println!(
            "100,000 opportunities: {}",
            out.lines().last().unwrap_or_default()
        );
    }
}
