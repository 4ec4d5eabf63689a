//! Documents in PostgreSQL written by several servers at once (two `PgStore`s on one
//! database, as two instances behind a load balancer): concurrent appends to one document
//! are all kept, the same change persisted twice is stored once, and a compaction made from
//! one server's load keeps what the other appended meanwhile.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ReadDoc};
use rounds_server::storage::DocKind;
use rounds_server::storage::postgres::PgStore;
use rounds_shared::ids::AccountId;
use rounds_shared::sync::DocumentId;
use rounds_shared::time::Timestamp;
use rounds_tests::postgres::fresh_database;

const NOW: Timestamp = Timestamp(1_790_000_000_000);

/// `n` changes by one writer to a copy of `base`, each as the chunk a server stores.
fn changes(base: &[u8], writer: &str, n: usize) -> Vec<Vec<u8>> {
    let mut doc = AutoCommit::load(base).unwrap();
    let mut out = Vec::new();
    for i in 0..n {
        let heads = doc.get_heads();
        doc.put(automerge::ROOT, format!("{writer}-{i}"), i as i64)
            .unwrap();
        doc.commit();
        out.push(doc.save_after(&heads));
    }
    out
}

fn keys(chunks: &[Vec<u8>]) -> usize {
    AutoCommit::load(&chunks.concat())
        .unwrap()
        .keys(automerge::ROOT)
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_write_one_document_and_lose_nothing() {
    let Some(url) = fresh_database().await.unwrap() else {
        return;
    };
    let (a, b) = (
        PgStore::connect(&url, 4).await.unwrap(),
        PgStore::connect(&url, 4).await.unwrap(),
    );
    let account = AccountId::generate();
    let id = DocumentId::from(account);
    let mut base = AutoCommit::new();
    base.put(automerge::ROOT, "name", "甲医院").unwrap();
    let base = base.save();
    // Both servers see the document first; one registration stays.
    a.create_document(id, DocKind::Account(account), NOW)
        .await
        .unwrap();
    b.create_document(id, DocKind::Account(account), NOW)
        .await
        .unwrap();
    assert!(a.append_chunk(id, &base, NOW).await.unwrap());

    // 40 changes through each server at once.
    let (from_a, from_b) = (changes(&base, "a", 40), changes(&base, "b", 40));
    let write = |store: PgStore, chunks: Vec<Vec<u8>>| {
        tokio::spawn(async move {
            for c in chunks {
                assert!(store.append_chunk(id, &c, NOW).await.unwrap());
            }
        })
    };
    let (one, two) = (
        write(a.clone(), from_a.clone()),
        write(b.clone(), from_b.clone()),
    );
    one.await.unwrap();
    two.await.unwrap();
    let loaded = b.load_document(id).await.unwrap().unwrap();
    assert_eq!(loaded.doc.kind, DocKind::Account(account));
    assert_eq!(loaded.doc.chunks.len(), 81);
    assert_eq!(keys(&loaded.doc.chunks), 81, "the name and all 80 changes");

    // The same change persisted again (a retry, or the other server) is stored once.
    assert!(!a.append_chunk(id, &from_b[7], NOW).await.unwrap());
    assert_eq!(
        a.load_document(id).await.unwrap().unwrap().doc.chunks.len(),
        81
    );

    // A compacts from its load while B appends: B's new change stays.
    let seen = a.load_document(id).await.unwrap().unwrap();
    let snapshot = AutoCommit::load(&seen.doc.chunks.concat()).unwrap().save();
    let late = changes(&base, "late", 1);
    assert!(b.append_chunk(id, &late[0], NOW).await.unwrap());
    a.compact_document(id, &snapshot, seen.covers, NOW)
        .await
        .unwrap();
    let after = b.load_document(id).await.unwrap().unwrap();
    assert_eq!(
        after.doc.chunks.len(),
        2,
        "the snapshot and the late change"
    );
    assert_eq!(after.doc.incremental, 1);
    assert_eq!(keys(&after.doc.chunks), 82);
    assert!(
        a.load_document(DocumentId::from(AccountId::generate()))
            .await
            .unwrap()
            .is_none()
    );
}
