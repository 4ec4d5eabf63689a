//! Benchmark: 100 reps, each offline with 30 new visits spread over 10 accounts, reconnect
//! to one server at the same moment. Reports the time until every change is durable (the
//! server confirms only after committing), bytes sent and received per visit, round trips
//! per session, and the server's peak memory.
//!
//! Run: `cargo bench -p rounds-tests --bench sync_reconnect` (results go in BENCHMARKS.md).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark that cannot set up stops

use std::time::{Duration, Instant};

use rounds_server::admin;
use rounds_server::storage::{SqliteStore, Store};
use rounds_shared::ids::{UserId, VisitId};
use rounds_shared::model::{Audit, Visit};
use rounds_shared::sync::{DocumentId, PeerId, SyncClient};
use rounds_shared::time::Timestamp;
use rounds_tests::peer::Peer;
use rounds_tests::process::ServerProcess;
use rounds_tests::{PASSWORD, edit_account};

const REPS: usize = 100;
const ACCOUNTS_PER_REP: usize = 10;
const VISITS_PER_REP: usize = 30;

fn visit(rep: UserId, n: usize) -> Visit {
    let t = Timestamp(1_790_000_000_000 + n as i64 * 3_600_000);
    Visit {
        id: VisitId::generate(),
        at: t,
        contacts: Default::default(),
        purpose: "了解检验科设备使用情况,介绍新款全自动生化分析仪".into(),
        content: format!(
            "第{n}次拜访。与检验科王主任面谈约二十分钟。目前使用的是进口设备,已用七年,故障率上升,\
             维修等待时间长。主任对我们的检测速度和试剂成本比较关注,希望看到同级医院的使用数据。"
        ),
        problems: "设备科李科长对预算有顾虑,需要财务部门参与。".into(),
        next_step: "下周二带应用工程师做现场演示,并提供两家三甲医院的使用报告。".into(),
        opportunity: None,
        check_in: None,
        audit: Audit::new(t, rep),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rounds.db");
    println!("setting up {REPS} reps with {ACCOUNTS_PER_REP} accounts each…");
    let mut reps = Vec::new();
    {
        let store = SqliteStore::open(&db).unwrap();
        for r in 0..REPS {
            let name = format!("rep{r:03}");
            let user = admin::add_user(
                &store,
                admin::Actor::Cli,
                &name,
                &name,
                "rep",
                None,
                PASSWORD,
            )
            .unwrap();
            let docs: Vec<DocumentId> = (0..ACCOUNTS_PER_REP)
                .map(|a| {
                    DocumentId::from(
                        admin::add_account(
                            &store,
                            admin::Actor::Cli,
                            &format!("医院{r}-{a}"),
                            &name,
                            "3a",
                            "",
                        )
                        .unwrap(),
                    )
                })
                .collect();
            reps.push((name, user, docs));
        }
        drop(store);
    }
    let server = ServerProcess::start(&db, &[]).unwrap();

    // Every device first syncs its documents, then goes offline and logs 30 visits.
    let mut devices = Vec::new();
    for (name, user, docs) in &reps {
        let token = server.login(name).await.unwrap();
        let mut peer = Peer::new(
            SyncClient::new(PeerId::from(format!("{name}-phone").as_str())).writing_as(user.id),
        );
        peer.connect(&server.sync_url(&token)).await.unwrap();
        let mut all = docs.clone();
        all.push(user.index_doc);
        all.push(user.personal_doc);
        peer.request(&all).await.unwrap();
        let ok = peer
            .pump_until(Duration::from_secs(60), Duration::from_millis(20), |e| {
                all.iter().all(|d| e.is_synced(*d))
            })
            .await
            .unwrap();
        assert!(ok, "{name} got its documents");
        peer.disconnect().await;
        for n in 0..VISITS_PER_REP {
            let doc = docs[n % docs.len()];
            edit_account(&mut peer.engine, doc, |d| {
                d.put(&visit(user.id, n)).unwrap()
            })
            .unwrap();
        }
        devices.push((peer, token));
    }
    let setup_memory = server.peak_memory_kib();

    // All reconnect at once.
    println!("{REPS} reps reconnect at once with {VISITS_PER_REP} new visits each…");
    let url = |t: &str| server.sync_url(t);
    let start = Instant::now();
    let tasks: Vec<_> = devices
        .into_iter()
        .map(|(mut peer, token)| {
            let url = url(&token);
            tokio::spawn(async move {
                let before = peer.engine.stats();
                peer.connect(&url).await.unwrap();
                let ok = peer.sync(Duration::from_secs(120)).await.unwrap();
                let elapsed = start.elapsed();
                let after = peer.engine.stats();
                (
                    ok,
                    elapsed,
                    after.bytes_sent - before.bytes_sent,
                    after.bytes_received - before.bytes_received,
                    after.round_trips,
                    peer,
                )
            })
        })
        .collect();
    let mut times = Vec::new();
    let (mut up, mut down, mut max_rt) = (0u64, 0u64, 0u32);
    let mut peers = Vec::new();
    for t in tasks {
        let (ok, elapsed, sent, received, rt, peer) = t.await.unwrap();
        assert!(ok, "a device did not finish syncing");
        times.push(elapsed);
        up += sent;
        down += received;
        max_rt = max_rt.max(rt);
        peers.push(peer);
    }
    let total = start.elapsed();
    times.sort();
    let peak = server.peak_memory_kib();

    // Check: every visit is stored.
    drop(peers);
    drop(server);
    let store = SqliteStore::open(&db).unwrap();
    let mut stored = 0;
    for (_, _, docs) in &reps {
        for d in docs {
            let chunks = store.document(*d).unwrap().unwrap().chunks.concat();
            stored += rounds_shared::doc::AccountDoc::load(&chunks)
                .unwrap()
                .all::<Visit>()
                .value
                .len();
        }
    }
    let visits = REPS * VISITS_PER_REP;
    assert_eq!(stored, visits, "every visit is durable");

    println!();
    println!("| measure | result |");
    println!("|---|---|");
    println!(
        "| reps reconnecting at once | {REPS} ({} documents each, {} new visits in all) |",
        ACCOUNTS_PER_REP + 2,
        visits
    );
    println!(
        "| time until every change is durable | {:.2} s |",
        total.as_secs_f64()
    );
    println!(
        "| per-rep session time p50 / p95 / max | {:.2} s / {:.2} s / {:.2} s |",
        percentile(&times, 0.5).as_secs_f64(),
        percentile(&times, 0.95).as_secs_f64(),
        times[times.len() - 1].as_secs_f64()
    );
    println!(
        "| bytes sent per visit (up) | {:.0} B |",
        up as f64 / visits as f64
    );
    println!(
        "| bytes received per visit (down) | {:.0} B |",
        down as f64 / visits as f64
    );
    println!("| round trips per session (max over reps) | {max_rt} |");
    println!(
        "| server peak memory (VmHWM) | {} MiB (after set-up: {} MiB) |",
        peak.unwrap_or(0) / 1024,
        setup_memory.unwrap_or(0) / 1024
    );
}
