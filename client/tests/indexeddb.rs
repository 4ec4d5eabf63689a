//! The device store in a real browser (headless Chromium): what was appended survives a
//! reload, and compaction keeps every change.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use rounds_client::store::LocalStore;
use rounds_shared::doc::AccountDoc;
use rounds_shared::ids::{UserId, VisitId};
use rounds_shared::model::{Audit, Visit};
use rounds_shared::time::Timestamp;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

mod common;

use common::account;

wasm_bindgen_test_configure!(run_in_browser);

fn visit(rep: UserId, n: i64) -> Visit {
    Visit {
        id: VisitId::generate(),
        at: Timestamp(1_790_000_000_000 + n),
        contacts: Default::default(),
        purpose: format!("第{n}次拜访"),
        content: "地下室没有信号,先记在手机上。".into(),
        problems: String::new(),
        next_step: String::new(),
        opportunity: None,
        check_in: None,
        audit: Audit::new(Timestamp(1), rep),
    }
}

#[wasm_bindgen_test]
async fn saved_changes_survive_a_reload_and_compaction_keeps_every_change() {
    let name = format!("rounds-test-{}", js_sys::Math::random());
    let rep = UserId::generate();
    let mut doc = AccountDoc::create(&account(rep)).unwrap();
    let id = rounds_shared::sync::DocumentId::from(doc.account().unwrap().value.id).to_string();

    let store = LocalStore::open(&name).await.unwrap();
    assert_eq!(
        store.write_durability().unwrap(),
        "strict",
        "writes survive power loss"
    );
    store.append(&id, &doc.save()).await.unwrap();
    for n in 0..20 {
        doc.put(&visit(rep, n)).unwrap();
        let change = doc.automerge().save_incremental();
        store.append(&id, &change).await.unwrap();
    }
    assert_eq!(store.chunk_count(&id).await.unwrap(), 21);
    store.close();

    // A reload: a new connection to the same store.
    let store = LocalStore::open(&name).await.unwrap();
    let loaded = AccountDoc::load(&store.load(&id).await.unwrap().unwrap()).unwrap();
    assert_eq!(loaded.all::<Visit>().value.len(), 20);

    // Compaction keeps every change, and appends after it still count.
    let mut loaded = loaded;
    store.compact(&id, &loaded.save()).await.unwrap();
    assert_eq!(store.chunk_count(&id).await.unwrap(), 1);
    loaded.put(&visit(rep, 99)).unwrap();
    store
        .append(&id, &loaded.automerge().save_incremental())
        .await
        .unwrap();
    store.close();
    let store = LocalStore::open(&name).await.unwrap();
    let after = AccountDoc::load(&store.load(&id).await.unwrap().unwrap()).unwrap();
    assert_eq!(after.all::<Visit>().value.len(), 21);
    assert!(store.load("no-such-document").await.unwrap().is_none());
    store.close();
    LocalStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn opening_reads_every_document_with_its_waiting_count_in_one_go() {
    let name = format!("rounds-test-{}", js_sys::Math::random());
    let rep = UserId::generate();
    let store = LocalStore::open(&name).await.unwrap();
    let mut docs = Vec::new();
    for _ in 0..3 {
        let mut doc = AccountDoc::create(&account(rep)).unwrap();
        let id = rounds_shared::sync::DocumentId::from(doc.account().unwrap().value.id).to_string();
        store.append(&id, &doc.save()).await.unwrap();
        docs.push((id, doc));
    }
    // A local edit and its waiting count go in together; a sync batch spans documents.
    let (first, doc) = &mut docs[0];
    doc.put(&visit(rep, 1)).unwrap();
    store
        .append_local(first, &doc.automerge().save_incremental(), 1, None, &[])
        .await
        .unwrap();
    let batch: Vec<(String, Vec<u8>)> = docs
        .iter_mut()
        .map(|(id, d)| {
            d.put(&visit(rep, 2)).unwrap();
            (id.clone(), d.automerge().save_incremental())
        })
        .collect();
    store.append_many(&batch, &[]).await.unwrap();
    store
        .put_views(&[(docs[1].0.clone(), "{}".into())])
        .await
        .unwrap();
    store.close();

    let store = LocalStore::open(&name).await.unwrap();
    let all = store.load_all().await.unwrap();
    assert_eq!(all.len(), 3);
    for stored in &all {
        let (_, original) = docs.iter().find(|(id, _)| *id == stored.id).unwrap();
        let loaded = AccountDoc::load(&stored.bytes).unwrap();
        assert_eq!(
            loaded.all::<Visit>().value.len(),
            original.all::<Visit>().value.len(),
            "every chunk of {} is read back",
            stored.id
        );
        let expected = if stored.id == docs[0].0 {
            (3, 1)
        } else {
            (2, 0)
        };
        assert_eq!((stored.chunks, stored.pending), expected);
    }
    store.set_pending(&docs[0].0, 0).await.unwrap();
    assert!(
        store
            .load_all()
            .await
            .unwrap()
            .iter()
            .all(|d| d.pending == 0)
    );
    assert_eq!(
        store.load_views().await.unwrap(),
        vec![(docs[1].0.clone(), "{}".to_owned())]
    );
    store.close();
    LocalStore::delete(&name).await.unwrap();
}
