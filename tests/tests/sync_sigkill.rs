//! Durability: the real server killed with SIGKILL in the middle of a burst of syncs has
//! every change it had confirmed, and clients that re-send what was not confirmed converge
//! with nothing lost and nothing twice.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use rounds_server::admin;
use rounds_server::storage::SqliteStore;
use rounds_shared::ids::{UserId, VisitId};
use rounds_shared::model::Visit;
use rounds_shared::sync::{DocumentId, PeerId, SyncClient};
use rounds_shared::time::Timestamp;
use rounds_tests::peer::Peer;
use rounds_tests::process::ServerProcess;
use rounds_tests::{PASSWORD, edit_account, read_account, stored_account};

const CLIENTS: usize = 4;

fn visit(n: usize, by: UserId) -> Visit {
    {
        let mut v = Visit::new(Timestamp(1_790_000_000_000 + n as i64), by);
        v.purpose = format!("拜访 {n}");
        v.content = "记录内容".into();
        v
    }
}

/// Writes visits one small batch at a time, recording those the server confirmed, until
/// the connection dies.
async fn burst(
    mut peer: Peer,
    doc: DocumentId,
    by: UserId,
    confirmed_total: Arc<AtomicUsize>,
) -> (Peer, Vec<VisitId>, Vec<VisitId>) {
    let mut created = Vec::new();
    let mut confirmed = Vec::new();
    for round in 0..10_000 {
        let batch: Vec<Visit> = (0..(round % 3 + 1))
            .map(|i| visit(round * 3 + i, by))
            .collect();
        edit_account(&mut peer.engine, doc, |d| {
            batch.iter().for_each(|v| d.put(v).unwrap())
        })
        .unwrap();
        created.extend(batch.iter().map(|v| v.id));
        if peer.changed(doc).await.is_err() {
            break;
        }
        let ok = peer
            .pump_until(Duration::from_secs(10), Duration::from_millis(5), |e| {
                e.is_synced(doc)
            })
            .await;
        if !matches!(ok, Ok(true)) || !peer.is_online() {
            break;
        }
        confirmed_total.fetch_add(created.len() - confirmed.len(), Ordering::SeqCst);
        confirmed = created.clone();
    }
    (peer, created, confirmed)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_killed_server_keeps_every_confirmed_change() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rounds.db");
    let mut docs = Vec::new();
    let mut reps = Vec::new();
    {
        let store = SqliteStore::open(&db).unwrap();
        for i in 0..CLIENTS {
            let name = format!("rep{i}");
            admin::add_user(
                &store,
                admin::Actor::Cli,
                &name,
                &name,
                "rep",
                None,
                PASSWORD,
            )
            .unwrap();
            reps.push(admin::find_user(&store, &name).unwrap().id);
            docs.push(DocumentId::from(
                admin::add_account(
                    &store,
                    admin::Actor::Cli,
                    &format!("医院{i}"),
                    &name,
                    "3a",
                    "",
                )
                .unwrap(),
            ));
        }
    }
    let server = ServerProcess::start(&db, &[]).unwrap();
    let mut peers = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let token = server.login(&format!("rep{i}")).await.unwrap();
        let mut peer = Peer::new(
            SyncClient::new(PeerId::from(format!("phone{i}").as_str())).writing_as(reps[i]),
        );
        peer.connect(&server.sync_url(&token)).await.unwrap();
        peer.request(&[*doc]).await.unwrap();
        assert!(
            peer.pump_until(Duration::from_secs(20), Duration::from_millis(50), |e| e
                .document(*doc)
                .is_some())
                .await
                .unwrap()
        );
        peers.push(peer);
    }

    // The burst, and the kill once a good number of changes are confirmed.
    let confirmed_total = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = peers
        .into_iter()
        .zip(docs.iter().copied().zip(reps.iter().copied()))
        .map(|(p, (d, by))| tokio::spawn(burst(p, d, by, Arc::clone(&confirmed_total))))
        .collect();
    while confirmed_total.load(Ordering::SeqCst) < 150 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill().unwrap();
    let mut results = Vec::new();
    for t in tasks {
        results.push(t.await.unwrap());
    }

    // The kill landed mid-burst: some visits were sent but not yet confirmed.
    let created: usize = results.iter().map(|r| r.1.len()).sum();
    let confirmed: usize = results.iter().map(|r| r.2.len()).sum();
    assert!(
        confirmed >= 150 && created > confirmed,
        "created {created}, confirmed {confirmed}"
    );

    // Every confirmed visit is on disk.
    {
        let store = SqliteStore::open(&db).unwrap();
        for ((_, _, confirmed), doc) in results.iter().zip(&docs) {
            let stored: BTreeSet<VisitId> = stored_account(&store, *doc)
                .unwrap()
                .all::<Visit>()
                .value
                .iter()
                .map(|v| v.id)
                .collect();
            for id in confirmed {
                assert!(stored.contains(id), "confirmed visit {id} lost");
            }
        }
    }

    // Restart; the clients re-send what was not confirmed and converge.
    let server = ServerProcess::start(&db, &[]).unwrap();
    for (i, ((mut peer, created, _), doc)) in results.into_iter().zip(&docs).enumerate() {
        peer.disconnect().await;
        let token = server.login(&format!("rep{i}")).await.unwrap();
        peer.connect(&server.sync_url(&token)).await.unwrap();
        assert!(
            peer.sync(Duration::from_secs(30)).await.unwrap(),
            "client {i} converged"
        );
        let on_phone = read_account(&peer.engine, *doc)
            .unwrap()
            .all::<Visit>()
            .value;
        let store = SqliteStore::open(&db).unwrap();
        let on_server = stored_account(&store, *doc).unwrap().all::<Visit>().value;
        assert_eq!(
            on_server.len(),
            created.len(),
            "every visit once, none lost"
        );
        let ids: BTreeSet<VisitId> = on_server.iter().map(|v| v.id).collect();
        assert_eq!(ids, created.iter().copied().collect());
        assert_eq!(on_phone, on_server);
    }
}
