//! Both blob stores — the folder beside a SQLite database and PostgreSQL's `blobs` table
//! (for several servers sharing no disk) — keep one contract, checked by the same code:
//! stored once and idempotent, read back byte for byte, names that are not content hashes
//! refused, listed with their time, deleted, and the unreferenced ones collected.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::collections::HashSet;
use std::sync::Arc;

use rounds_server::blobs::{BlobError, BlobStore, FsBlobStore, collect_unreferenced};
use rounds_server::storage::postgres::PgStore;
use rounds_tests::postgres::fresh_database;

const DAY: i64 = 86_400_000;

/// The contract, on the blocking pool (where the server calls blob stores).
async fn keeps_the_contract(store: Arc<dyn BlobStore>) {
    tokio::task::spawn_blocking(move || {
        let (a, b) = ("ab".repeat(32), "cd".repeat(32));
        let photo: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        let before = rounds_server::state::now_ms();
        assert!(store.put(&a, &photo).unwrap(), "stored now");
        assert!(!store.put(&a, &photo).unwrap(), "stored already");
        assert!(store.put(&b, b"second").unwrap());
        assert_eq!(store.get(&a).unwrap().unwrap(), photo);
        assert_eq!(store.get(&"ef".repeat(32)).unwrap(), None);
        for bad in ["../../etc/passwd", "AB", ""] {
            assert!(
                matches!(store.get(bad), Err(BlobError::BadName(_))),
                "{bad}"
            );
            assert!(
                matches!(store.put(bad, b"x"), Err(BlobError::BadName(_))),
                "{bad}"
            );
        }
        let listed = store.list().unwrap();
        let hashes: HashSet<&str> = listed.iter().map(|(h, _)| h.as_str()).collect();
        assert_eq!(hashes, HashSet::from([a.as_str(), b.as_str()]));
        // Stored times are the store's clock (a file's within a second).
        for (_, at) in &listed {
            assert!((before - 2_000..=rounds_server::state::now_ms() + 2_000).contains(at));
        }
        // Within the grace period nothing goes; past it, only what no visit refers to.
        let referenced = HashSet::from([a.clone()]);
        let now = rounds_server::state::now_ms();
        assert_eq!(
            collect_unreferenced(store.as_ref(), &referenced, now, 7 * DAY).unwrap(),
            0
        );
        assert_eq!(
            collect_unreferenced(store.as_ref(), &referenced, now + 8 * DAY, 7 * DAY).unwrap(),
            1
        );
        assert_eq!(store.get(&b).unwrap(), None);
        store.delete(&a).unwrap();
        store.delete(&a).unwrap();
        assert!(store.list().unwrap().is_empty());
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_folder_beside_the_database_keeps_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let store = FsBlobStore::open(&dir.path().join("rounds.db.blobs")).unwrap();
    keeps_the_contract(Arc::new(store)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgresql_keeps_the_contract_for_every_server_sharing_it() {
    let Some(url) = fresh_database().await.unwrap() else {
        return;
    };
    let store = PgStore::connect(&url, 4).await.unwrap();
    keeps_the_contract(Arc::new(store.blob_store())).await;
    // A second server on the same database sees what the first stored.
    let (one, two) = (
        store.blob_store(),
        PgStore::connect(&url, 4).await.unwrap().blob_store(),
    );
    tokio::task::spawn_blocking(move || {
        let hash = "0f".repeat(32);
        assert!(one.put(&hash, b"from A").unwrap());
        assert_eq!(two.get(&hash).unwrap().as_deref(), Some(&b"from A"[..]));
        assert!(!two.put(&hash, b"from A").unwrap());
    })
    .await
    .unwrap();
}
