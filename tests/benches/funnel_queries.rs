//! Benchmark: funnel and activity queries on a database of 100,000 opportunities and
//! 1,000,000 visits (10 teams, 100 reps, 5,000 hospitals, made by the demo generator), and
//! how long a synced stage change takes to show in the funnel after it was acknowledged.
//!
//! Run: `cargo bench -p rounds-tests --bench funnel_queries` (results go in BENCHMARKS.md).
//! Set `ROUNDS_BENCH_DB` to a path to keep the generated database between runs.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark that cannot set up stops

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rounds_server::demo::{self, DEMO_PASSWORD, Scale};
use rounds_server::state::now_ms;
use rounds_server::storage::{SqliteStore, Store};
use rounds_shared::doc::AccountDoc;
use rounds_shared::model::Opportunity;
use rounds_shared::sync::{DocumentId, PeerId, SyncClient};
use rounds_shared::time::Timestamp;
use rounds_tests::edit_account;
use rounds_tests::peer::Peer;
use rounds_tests::process::ServerProcess;

const SCALE: Scale = Scale {
    teams: 10,
    reps: 100,
    accounts: 5_000,
    opportunities: 100_000,
    visits: 1_000_000,
};
const RUNS: usize = 60;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[(((sorted.len() - 1) as f64) * p).round() as usize]
}

async fn login(server: &ServerProcess, user: &str) -> String {
    server.login_with(user, DEMO_PASSWORD).await.unwrap()
}

async fn time_get(client: &reqwest::Client, url: &str, token: &str) -> (Duration, Duration) {
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let res = client.get(url).bearer_auth(token).send().await.unwrap();
        assert!(res.status().is_success(), "{url}: {}", res.status());
        res.bytes().await.unwrap();
        times.push(start.elapsed());
    }
    times.sort();
    (percentile(&times, 0.5), percentile(&times, 0.95))
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let keep = std::env::var("ROUNDS_BENCH_DB").ok().map(PathBuf::from);
    let dir = tempfile::tempdir().unwrap();
    let db = keep.clone().unwrap_or_else(|| dir.path().join("rounds.db"));
    if !db.exists() {
        println!(
            "generating {} opportunities and {} visits…",
            SCALE.opportunities, SCALE.visits
        );
        let start = Instant::now();
        let store = SqliteStore::open(&db).unwrap();
        demo::generate(&store, SCALE, 2026, Timestamp(now_ms())).unwrap();
        println!("generated in {:.0} s", start.elapsed().as_secs_f64());
    }
    let db_size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    let server = ServerProcess::start(&db, &[]).unwrap();
    let client = reqwest::Client::new();
    let base = format!("http://{}/api/v1", server.addr);
    let manager = login(&server, "manager1").await;
    let admin = login(&server, "admin").await;

    let cold = Instant::now();
    client
        .get(format!("{base}/funnel"))
        .bearer_auth(&manager)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let cold = cold.elapsed();
    let team_funnel = time_get(&client, &format!("{base}/funnel"), &manager).await;
    let org_funnel = time_get(&client, &format!("{base}/funnel"), &admin).await;
    let activity = time_get(&client, &format!("{base}/activity"), &manager).await;
    let feed = time_get(
        &client,
        &format!("{base}/visits?period=week&limit=50"),
        &manager,
    )
    .await;
    let warnings = time_get(&client, &format!("{base}/warnings"), &manager).await;

    // A rep moves an opportunity; how long after the server acknowledged it does the
    // manager's funnel show it?
    let store = SqliteStore::open(&db).unwrap();
    let rep = store
        .users()
        .unwrap()
        .into_iter()
        .find(|u| u.username == "zhangwei")
        .unwrap();
    let account = store
        .accounts_in(&rounds_server::sync::account_scope(&rep, &[]))
        .unwrap()[0]
        .id;
    drop(store);
    let doc = DocumentId::from(account);
    let token = login(&server, "zhangwei").await;
    let mut phone = Peer::new(SyncClient::new(PeerId::from("bench-phone")).writing_as(rep.id));
    phone
        .connect(&format!(
            "ws://{}/api/v1/sync?access_token={token}",
            server.addr
        ))
        .await
        .unwrap();
    phone.request(&[doc]).await.unwrap();
    assert!(
        phone
            .pump_until(Duration::from_secs(30), Duration::from_millis(20), |e| e
                .document(doc)
                .is_some())
            .await
            .unwrap()
    );
    let before: serde_json::Value = client
        .get(format!("{base}/funnel?rep=zhangwei"))
        .bearer_auth(&manager)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let lost_before = before["lost"].as_u64().unwrap();
    let opp = edit_account(&mut phone.engine, doc, |d: &mut AccountDoc| {
        let mut o: Opportunity = d
            .all::<Opportunity>()
            .value
            .into_iter()
            .find(|o| !o.position.has_left())
            .unwrap();
        o.move_to(
            rounds_shared::stage::Position::Lost,
            Timestamp(now_ms()),
            rep.id,
        )
        .unwrap();
        d.put(&o).unwrap();
        o.id
    })
    .unwrap();
    let sent = Instant::now();
    phone.changed(doc).await.unwrap();
    assert!(
        phone
            .pump_until(Duration::from_secs(30), Duration::from_millis(1), |e| e
                .is_synced(doc))
            .await
            .unwrap()
    );
    let acked = sent.elapsed();
    let since_ack = Instant::now();
    loop {
        let f: serde_json::Value = client
            .get(format!("{base}/funnel?rep=zhangwei"))
            .bearer_auth(&manager)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if f["lost"].as_u64().unwrap() == lost_before + 1 {
            break;
        }
        assert!(
            since_ack.elapsed() < Duration::from_secs(10),
            "the change of {opp} never showed"
        );
    }
    let visible = since_ack.elapsed();

    println!();
    println!("| measure | p50 | p95 |");
    println!("|---|---|---|");
    println!(
        "| team funnel (manager, ~10,000 opportunities) | {} | {} |",
        ms(team_funnel.0),
        ms(team_funnel.1)
    );
    println!(
        "| whole-organisation funnel (admin, 100,000 opportunities) | {} | {} |",
        ms(org_funnel.0),
        ms(org_funnel.1)
    );
    println!(
        "| activity against standards (manager's team, this week) | {} | {} |",
        ms(activity.0),
        ms(activity.1)
    );
    println!(
        "| visit feed, 50 newest of the week | {} | {} |",
        ms(feed.0),
        ms(feed.1)
    );
    println!(
        "| deal warnings (manager's team, every open deal) | {} | {} |",
        ms(warnings.0),
        ms(warnings.1)
    );
    println!();
    println!(
        "stage change: acknowledged {} after sending; shown in the funnel {} after the acknowledgement (one funnel query, the first after it)",
        ms(acked),
        ms(visible)
    );
    println!(
        "database: {:.0} MiB; {RUNS} requests per endpoint, sequential, over loopback",
        db_size as f64 / 1_048_576.0
    );
    println!(
        "first team funnel after start-up (read cache empty): {}",
        ms(cold)
    );
    println!(
        "server peak memory (VmHWM): {} MiB",
        server.peak_memory_kib().unwrap_or(0) / 1024
    );
}
