//! Benchmark: how fast `/health` answers while the server processes a large sync (one
//! change of 2,000 visits with 2,000 characters of incompressible text each, about 4 MB):
//! Automerge receive, the write check, save and projection run on the blocking pool, so
//! the async workers stay free. Three rounds; percentiles over every probe.
//!
//! Run: `cargo bench -p rounds-tests --bench health_under_load` (results go in
//! BENCHMARKS.md).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark that cannot set up stops

use std::time::Duration;

use rounds_tests::hostile::{Arena, health_during_large_sync};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let arena = Arena::start(&[]).unwrap();
    let mut all = Vec::new();
    for round in 1..=3 {
        let (latencies, took) = health_during_large_sync(&arena, 2_000, 2_000)
            .await
            .unwrap();
        println!(
            "round {round}: large sync confirmed in {took:.2?}, {} probes of /health",
            latencies.len()
        );
        all.extend(latencies);
    }
    all.sort();
    println!(
        "/health during the syncs: p50 {:.1?}, p99 {:.1?}, max {:.1?} over {} probes",
        percentile(&all, 0.5),
        percentile(&all, 0.99),
        all.last().copied().unwrap_or_default(),
        all.len()
    );
}
