//! Benchmark: `GET /notices` for a manager, an admin and the warehouse on a year of
//! hand-off notices — 100,000 from 100 reps (about four a working day each), most done
//! within three days, some cannot be done, one in ten open — with the default window (open
//! ones and those done in the last 90 days) and over all of them (`days=3650`).
//!
//! Run: `cargo bench -p rounds-tests --bench notices` (results go in BENCHMARKS.md).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark that cannot set up stops

use std::time::{Duration, Instant};

use rounds_server::demo::{self, DEMO_PASSWORD, Scale};
use rounds_server::state::now_ms;
use rounds_server::storage::{AccountScope, SqliteStore, Store};
use rounds_shared::doc::{NoticeDoc, actor_for};
use rounds_shared::ids::ReceiptId;
use rounds_shared::model::{Audit, NoticeKind, Receipt, ReceiptOutcome};
use rounds_shared::notice::template;
use rounds_shared::sync::DocumentId;
use rounds_shared::time::{DAY_MS, Timestamp};
use rounds_tests::process::ServerProcess;

const SCALE: Scale = Scale {
    teams: 10,
    reps: 100,
    accounts: 1_000,
    opportunities: 1_000,
    visits: 0,
};
const NOTICES: usize = 100_000;
const RUNS: usize = 40;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[(((sorted.len() - 1) as f64) * p).round() as usize]
}

fn fill(store: &SqliteStore, now: Timestamp) {
    let users = store.users().unwrap();
    let by_name = |n: &str| users.iter().find(|u| u.username == n).unwrap().id;
    let reps: Vec<_> = users
        .iter()
        .filter(|u| u.role == rounds_shared::model::UserRole::Rep)
        .collect();
    let accounts: Vec<Vec<_>> = reps
        .iter()
        .map(|r| {
            store
                .accounts_in(&AccountScope::Owners {
                    owner: r.id,
                    teams: Vec::new(),
                })
                .unwrap()
        })
        .collect();
    let kinds = [
        (NoticeKind::Ship, by_name("kufang")),
        (NoticeKind::Install, by_name("gongchengshi")),
        (NoticeKind::ChasePayment, by_name("caiwu")),
        (NoticeKind::Proposal, by_name("neiqin")),
        (NoticeKind::Repair, by_name("gongchengshi")),
    ];
    let mut ops = Vec::new();
    for i in 0..NOTICES {
        let r = i % reps.len();
        let Some(account) = accounts[r].get(i / reps.len() % accounts[r].len().max(1)) else {
            continue;
        };
        let (kind, desk) = kinds[i % kinds.len()];
        let issued = Timestamp(now.0 - (i % 365) as i64 * DAY_MS - (i % 9) as i64 * 3_600_000);
        let mut n = template(kind, account.id, &account.name, reps[r].id, issued);
        n.details = format!("第 {i} 张");
        n.due = Some(
            issued
                .plus_days(3)
                .date(rounds_shared::time::TzOffset::BEIJING),
        );
        let mut doc = NoticeDoc::create(&n).unwrap();
        let outcome = match i % 20 {
            0 | 1 => None,
            2 => Some(ReceiptOutcome::CannotDo),
            _ => Some(ReceiptOutcome::Done),
        };
        if let Some(outcome) = outcome {
            doc.automerge().set_actor(actor_for(desk));
            doc.put(&Receipt {
                id: ReceiptId::generate(),
                outcome,
                reason: String::new(),
                help_needed: String::new(),
                new_due: None,
                audit: Audit::new(Timestamp(issued.0 + (i % 72) as i64 * 3_600_000), desk),
            })
            .unwrap();
        }
        ops.extend(rounds_server::projection::new_notice(
            DocumentId::from(n.id),
            doc.automerge(),
            n.id,
            issued,
        ));
        if ops.len() >= 3_000 {
            store.write(std::mem::take(&mut ops)).unwrap();
        }
    }
    store.write(ops).unwrap();
}

async fn login(server: &ServerProcess, user: &str) -> String {
    server.login_with(user, DEMO_PASSWORD).await.unwrap()
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rounds.db");
    let now = Timestamp(now_ms());
    let start = Instant::now();
    {
        let store = SqliteStore::open(&db).unwrap();
        demo::generate(&store, SCALE, 2026, now).unwrap();
        fill(&store, now);
    }
    println!(
        "{NOTICES} notices generated in {:.0} s",
        start.elapsed().as_secs_f64()
    );
    let server = ServerProcess::start(&db, &[]).unwrap();
    let client = reqwest::Client::new();
    let base = format!("http://{}/api/v1/notices", server.addr);
    println!("| who | window | notices read | p50 | p95 |");
    println!("|---|---|---|---|---|");
    for user in ["manager1", "kufang", "admin"] {
        let token = login(&server, user).await;
        for (window, query) in [
            ("open + 90 days", "?limit=100"),
            ("all (days=3650)", "?days=3650&limit=100"),
        ] {
            let url = format!("{base}{query}");
            let mut times = Vec::new();
            let mut read = 0;
            for _ in 0..RUNS {
                let t = Instant::now();
                let res = client.get(&url).bearer_auth(&token).send().await.unwrap();
                assert!(res.status().is_success(), "{url}: {}", res.status());
                let body: serde_json::Value = res.json().await.unwrap();
                times.push(t.elapsed());
                read =
                    body["all"]["open"].as_u64().unwrap() + body["all"]["done"].as_u64().unwrap();
            }
            times.sort();
            println!(
                "| {user} | {window} | {read} | {:.1} ms | {:.1} ms |",
                percentile(&times, 0.5).as_secs_f64() * 1e3,
                percentile(&times, 0.95).as_secs_f64() * 1e3
            );
        }
    }
    println!("server peak memory: {:?} KiB", server.peak_memory_kib());
}
