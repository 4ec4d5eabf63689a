//! Dashboard benchmark: a manager's first sign-in (dashboard interactive, every team
//! document synced and stored) and navigation to the team funnel drawn (fresh data), on
//! the demo organisation, on one team of 500 hospitals (the manager's share of the
//! 100,000-opportunity organisation: 10 reps, 10,000 opportunities, 100,000 visits;
//! generated, or kept at `ROUNDS_BENCH_TEAM_DB`), and on the whole 100,000-opportunity
//! database when `ROUNDS_BENCH_DB` names one (as made by the `funnel_queries` benchmark).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::Instant;

use rounds_server::demo::{self, Scale};
use rounds_server::state::ServerConfig;
use rounds_server::storage::SqliteStore;
use rounds_shared::time::Timestamp;
use rounds_tests::TestServer;
use rounds_tests::browser::{built_app, demo_server, run_script};

/// One manager's team at the scale of the large organisation.
const TEAM: Scale = Scale {
    teams: 1,
    reps: 10,
    accounts: 500,
    opportunities: 10_000,
    visits: 100_000,
};

async fn run_on(label: &str, db: &std::path::Path) {
    let config = ServerConfig {
        static_dir: Some(built_app().unwrap()),
        ..ServerConfig::default()
    };
    let server = TestServer::start_on(db, config).await.unwrap();
    let out = run_script(&server, "bench_dashboard.mjs").await.unwrap();
    println!("{label}: {}", out.lines().last().unwrap_or_default());
}

#[tokio::main]
async fn main() {
    let demo = demo_server(Scale::DEMO).await.unwrap();
    let out = run_script(&demo, "bench_dashboard.mjs").await.unwrap();
    println!(
        "demo organisation: {}",
        out.lines().last().unwrap_or_default()
    );
    drop(demo);

    let dir = tempfile::tempdir().unwrap();
    let team_db = std::env::var("ROUNDS_BENCH_TEAM_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|_| dir.path().join("team.db"));
    if !team_db.exists() {
        let started = Instant::now();
        let store = SqliteStore::open(&team_db).unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        demo::generate(&store, TEAM, 2026, Timestamp(now)).unwrap();
        println!(
            "generated one team of 500 hospitals in {:.0} s",
            started.elapsed().as_secs_f64()
        );
    }
    run_on("one team, 500 hospitals, 100,000 visits", &team_db).await;

    if let Some(db) = std::env::var("ROUNDS_BENCH_DB").ok().map(PathBuf::from) {
        run_on("100,000 opportunities", &db).await;
    }
}
