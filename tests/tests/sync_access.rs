//! Access control on the sync endpoint: reps see their own accounts, managers their team's,
//! nobody can guess their way in, and a socket without a valid session is refused.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::time::Duration;

use rounds_shared::doc::{AccountDoc, IndexDoc};
use rounds_shared::ids::{AccountId, UserId};
use rounds_shared::model::{Account, HospitalLevel, Visit};
use rounds_shared::sync::{DocumentId, PeerId, SyncClient};
use rounds_shared::time::Timestamp;
use rounds_tests::peer::Peer;
use rounds_tests::{TestServer, stored_account};
use tokio_tungstenite::connect_async;

const WAIT: Duration = Duration::from_secs(20);

struct Org {
    server: TestServer,
    east_account: DocumentId,
    west_account: DocumentId,
}

async fn org() -> Org {
    let server = TestServer::start().await.unwrap();
    server.team("east").unwrap();
    server.team("west").unwrap();
    server.user("rep_east", "rep", Some("east")).unwrap();
    server.user("rep_west", "rep", Some("west")).unwrap();
    server.user("mgr_east", "manager", None).unwrap();
    server.manage("east", "mgr_east").unwrap();
    let east_account = DocumentId::from(server.account("东方医院", "rep_east").unwrap());
    let west_account = DocumentId::from(server.account("西部医院", "rep_west").unwrap());
    Org {
        server,
        east_account,
        west_account,
    }
}

async fn online(server: &TestServer, user: &str) -> Peer {
    let token = server.login(user).await.unwrap();
    let mut peer =
        Peer::new(SyncClient::new(PeerId::from(user)).writing_as(server.user_id(user).unwrap()));
    peer.connect(&server.sync_url(&token)).await.unwrap();
    peer
}

fn index_of(peer: &Peer, id: DocumentId) -> Vec<String> {
    let doc = peer.engine.document(id).unwrap().clone();
    IndexDoc::from_automerge(doc)
        .accounts()
        .value
        .values()
        .map(|e| e.name.clone())
        .collect()
}

async fn index_doc_id(server: &TestServer, user: &str) -> DocumentId {
    let (u, _) = rounds_server::storage::Store::user_by_name(server.store.as_ref(), user)
        .unwrap()
        .unwrap();
    u.index_doc
}

#[tokio::test]
async fn a_rep_gets_own_accounts_and_nothing_else() {
    let o = org().await;
    let mut rep = online(&o.server, "rep_east").await;
    let guessed = DocumentId::generate();
    rep.request(&[o.east_account, o.west_account, guessed])
        .await
        .unwrap();
    rep.pump_until(WAIT, Duration::from_millis(200), |e| {
        e.document(o.east_account).is_some()
    })
    .await
    .unwrap();
    assert!(rep.engine.document(o.east_account).is_some());
    assert!(rep.engine.document(o.west_account).is_none());
    // Another rep's document and a made-up id look exactly the same: unavailable.
    assert!(rep.unavailable.contains(&o.west_account));
    assert!(rep.unavailable.contains(&guessed));
    // The index lists exactly the rep's own accounts.
    let index = index_doc_id(&o.server, "rep_east").await;
    rep.request(&[index]).await.unwrap();
    rep.pump_until(WAIT, Duration::from_millis(200), |e| {
        e.document(index).is_some()
    })
    .await
    .unwrap();
    assert_eq!(index_of(&rep, index), vec!["东方医院".to_owned()]);
    // And another user's index is unavailable.
    let other_index = index_doc_id(&o.server, "rep_west").await;
    rep.request(&[other_index]).await.unwrap();
    rep.pump_until(Duration::from_secs(1), Duration::from_millis(200), |_| {
        false
    })
    .await
    .unwrap();
    assert!(rep.unavailable.contains(&other_index));
}

#[tokio::test]
async fn a_rep_cannot_write_another_reps_document() {
    let o = org().await;
    let before = stored_account(&o.server.store, o.west_account)
        .unwrap()
        .save();
    // The rep somehow holds a copy of the other rep's document and edits it.
    let mut copy = AccountDoc::load(&before).unwrap().fork();
    let rep_id = UserId::generate();
    copy.put(&{
        let mut v = Visit::new(Timestamp(1), rep_id);
        v.purpose = "不该出现".into();
        v
    })
    .unwrap();
    let mut rep = online(&o.server, "rep_east").await;
    let out = rep
        .engine
        .insert(o.west_account, std::mem::take(copy.automerge()));
    assert!(!out.is_empty());
    for e in out {
        if let rounds_shared::sync::Event::Send(b) = e {
            rep.send_raw(tokio_tungstenite::tungstenite::Message::Binary(b.into()))
                .await
                .unwrap();
        }
    }
    rep.pump_until(Duration::from_secs(2), Duration::from_millis(300), |_| {
        false
    })
    .await
    .unwrap();
    assert!(rep.unavailable.contains(&o.west_account));
    let after = stored_account(&o.server.store, o.west_account).unwrap();
    assert!(after.all::<Visit>().value.is_empty(), "nothing was written");
    assert_eq!(
        AccountDoc::load(&before).unwrap().automerge().get_heads(),
        {
            let mut a = after;
            a.automerge().get_heads()
        }
    );
}

#[tokio::test]
async fn a_manager_sees_the_team_and_only_the_team() {
    let o = org().await;
    let mut mgr = online(&o.server, "mgr_east").await;
    let index = index_doc_id(&o.server, "mgr_east").await;
    mgr.request(&[o.east_account, o.west_account, index])
        .await
        .unwrap();
    mgr.pump_until(WAIT, Duration::from_millis(200), |e| {
        e.document(o.east_account).is_some() && e.document(index).is_some()
    })
    .await
    .unwrap();
    assert!(mgr.engine.document(o.east_account).is_some());
    assert!(mgr.unavailable.contains(&o.west_account));
    assert_eq!(index_of(&mgr, index), vec!["东方医院".to_owned()]);
}

#[tokio::test]
async fn the_index_is_read_only_and_a_write_is_reported() {
    use automerge::sync::{self, SyncDoc};
    use rounds_shared::sync::Message;
    let o = org().await;
    let mut rep = online(&o.server, "rep_east").await;
    let index = index_doc_id(&o.server, "rep_east").await;
    rep.request(&[index]).await.unwrap();
    rep.pump_until(WAIT, Duration::from_millis(200), |e| {
        e.document(index).is_some()
    })
    .await
    .unwrap();
    let edit = |doc: &mut automerge::AutoCommit| {
        let mut idx = IndexDoc::from_automerge(std::mem::take(doc));
        idx.set_accounts(&Default::default()).unwrap();
        *doc = std::mem::take(idx.automerge());
    };
    // Our engine heeds the server's read-only flag: the change stays on the device, shown
    // as not synced, and is never sent.
    edit(rep.engine.document_mut(index).unwrap());
    rep.changed(index).await.unwrap();
    rep.pump_until(Duration::from_secs(1), Duration::from_millis(300), |_| {
        false
    })
    .await
    .unwrap();
    assert!(rep.engine.unsynced().contains(&index));

    // A client that ignores the flag and sends changes anyway is told, and nothing applies.
    let mut rogue = rep.engine.document(index).unwrap().clone();
    let mut state = sync::State::new();
    state.their_heads = Some(vec![]);
    state.their_need = Some(vec![]);
    state.their_have = Some(vec![sync::Have::default()]);
    let msg = rogue.sync().generate_sync_message(&mut state).unwrap();
    assert!(!msg.changes.is_empty());
    let frame = Message::Sync {
        sender_id: PeerId::from("rep_east"),
        target_id: PeerId::from("rounds-server"),
        document_id: index,
        data: msg.encode(),
    };
    rep.send_raw(tokio_tungstenite::tungstenite::Message::Binary(
        frame.encode().into(),
    ))
    .await
    .unwrap();
    rep.pump_until(Duration::from_secs(2), Duration::from_millis(300), |_| {
        false
    })
    .await
    .unwrap();
    assert!(
        rep.errors.iter().any(|e| e.contains("read-only")),
        "{:?}",
        rep.errors
    );

    // The server's index still lists the account.
    let mut fresh = online(&o.server, "rep_east").await;
    fresh.request(&[index]).await.unwrap();
    fresh
        .pump_until(WAIT, Duration::from_millis(200), |e| {
            e.document(index).is_some()
        })
        .await
        .unwrap();
    assert_eq!(index_of(&fresh, index), vec!["东方医院".to_owned()]);
}

#[tokio::test]
async fn a_rep_can_create_an_account_offline() {
    let o = org().await;
    let rep = rounds_server::storage::Store::user_by_name(o.server.store.as_ref(), "rep_east")
        .unwrap()
        .unwrap()
        .0;
    let account = Account::new(
        AccountId::generate(),
        "新开发医院",
        HospitalLevel::Grade2A,
        "杭州",
        rep.id,
        Timestamp(1),
    );
    let mut doc = AccountDoc::create(&account).unwrap();
    let id = DocumentId::from(account.id);
    // Made offline; a mismatched one too.
    let mut bad = AccountDoc::create(&Account {
        id: AccountId::generate(),
        ..account.clone()
    })
    .unwrap();
    let bad_id = DocumentId::generate();
    let mut peer = Peer::new(SyncClient::new(PeerId::from("phone")).writing_as(rep.id));
    let _ = peer.engine.insert(id, std::mem::take(doc.automerge()));
    let _ = peer.engine.insert(bad_id, std::mem::take(bad.automerge()));
    let token = o.server.login("rep_east").await.unwrap();
    peer.connect(&o.server.sync_url(&token)).await.unwrap();
    let index = rep.index_doc;
    peer.request(&[index]).await.unwrap();
    peer.pump_until(WAIT, Duration::from_millis(300), |e| {
        e.is_synced(id) && e.document(index).is_some()
    })
    .await
    .unwrap();
    assert!(peer.engine.is_synced(id));
    let names = index_of(&peer, index);
    assert!(names.contains(&"新开发医院".to_owned()), "{names:?}");
    let stored = stored_account(&o.server.store, id).unwrap();
    assert_eq!(stored.account().unwrap().value.name, "新开发医院");
    // The mismatched document was refused, with a reason.
    assert!(peer.unavailable.contains(&bad_id));
    assert!(
        peer.errors.iter().any(|e| e.contains("does not match")),
        "{:?}",
        peer.errors
    );
    assert!(
        rounds_server::storage::Store::document(o.server.store.as_ref(), bad_id)
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn sockets_without_a_valid_session_are_refused() {
    let o = org().await;
    let base = format!("ws://{}/api/v1/sync", o.server.addr);
    for url in [
        base.clone(),
        format!("{base}?access_token=forged"),
        format!("{base}?access_token="),
    ] {
        let err = connect_async(&url).await.expect_err("refused");
        assert!(err.to_string().contains("401"), "{url}: {err}");
    }
    // A token stops working at logout.
    let token = o.server.login("rep_east").await.unwrap();
    assert!(connect_async(o.server.sync_url(&token)).await.is_ok());
    let res = reqwest::Client::new()
        .delete(o.server.url("/api/v1/session"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let err = connect_async(o.server.sync_url(&token))
        .await
        .expect_err("refused after logout");
    assert!(err.to_string().contains("401"), "{err}");
}

#[tokio::test]
async fn a_browser_upgrade_from_another_origin_is_refused() {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let o = org().await;
    let token = o.server.login("rep_east").await.unwrap();
    let mut req = o.server.sync_url(&token).into_client_request().unwrap();
    req.headers_mut()
        .insert("Origin", "http://evil.example".parse().unwrap());
    let err = connect_async(req).await.expect_err("refused");
    assert!(err.to_string().contains("403"), "{err}");
    let mut req = o.server.sync_url(&token).into_client_request().unwrap();
    req.headers_mut().insert(
        "Origin",
        format!("http://{}", o.server.addr).parse().unwrap(),
    );
    assert!(connect_async(req).await.is_ok());
}

/// Snapshots over HTTP follow the same rule as the sync protocol: each user gets exactly
/// the account documents they may sync, as stored (loadable, at the server's heads), and
/// nothing else, whatever ids they send.
#[tokio::test]
async fn snapshots_give_exactly_the_documents_a_user_may_sync() {
    let Org {
        server,
        east_account,
        west_account,
    } = org().await;
    let rep_index = {
        let (u, _) = rounds_server::storage::Store::user_by_name(server.store.as_ref(), "rep_east")
            .unwrap()
            .unwrap();
        u.index_doc
    };
    let unknown = DocumentId::generate();
    let fetch = |token: String, ids: Vec<DocumentId>| {
        let url = server.url(rounds_shared::api::SNAPSHOTS_PATH);
        async move {
            let res = reqwest::Client::new()
                .post(url)
                .bearer_auth(token)
                .json(&serde_json::json!({ "documents": ids }))
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            (status, res.bytes().await.unwrap().to_vec())
        }
    };
    let asked = vec![east_account, west_account, rep_index, unknown, east_account];
    for (user, expected) in [
        ("rep_east", vec![east_account]),
        ("rep_west", vec![west_account]),
        ("mgr_east", vec![east_account]),
    ] {
        let (status, body) = fetch(server.login(user).await.unwrap(), asked.clone()).await;
        assert_eq!(status, 200, "{user}");
        let records = rounds_shared::sync::snapshots::decode(&body).unwrap();
        let got: Vec<DocumentId> = records.iter().map(|(id, _)| *id).collect();
        assert_eq!(got, expected, "{user}");
        for (id, bytes) in records {
            let mut doc = automerge::AutoCommit::load(&bytes).unwrap();
            let stored = rounds_server::storage::Store::document(server.store.as_ref(), id)
                .unwrap()
                .unwrap();
            let mut stored = automerge::AutoCommit::load(&stored.chunks.concat()).unwrap();
            assert!(!doc.get_heads().is_empty());
            assert_eq!(
                doc.get_heads(),
                stored.get_heads(),
                "{user}: {id} as stored"
            );
        }
    }
    // Too many at once, and no session.
    let token = server.login("rep_east").await.unwrap();
    let (status, _) = fetch(token, vec![unknown; 101]).await;
    assert_eq!(status, 400);
    let res = reqwest::Client::new()
        .post(server.url(rounds_shared::api::SNAPSHOTS_PATH))
        .json(&serde_json::json!({ "documents": [east_account] }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}
