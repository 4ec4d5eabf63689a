//! Access ends the moment it is taken away, for connections already open: after an
//! assignment, a team move, a disabled user, a password change and a logout, the next
//! write about the document is refused within a second (or the connection is closed with
//! the reason) and no further change to it is pushed.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::time::Duration;

use rounds_shared::model::Visit;
use rounds_shared::sync::DocumentId;
use rounds_shared::time::Timestamp;
use rounds_tests::peer::Peer;
use rounds_tests::{TestServer, edit_account, read_account};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(20);
/// How soon a revocation must reach an open connection.
const AT_ONCE: Duration = Duration::from_secs(1);

async fn call(server: &TestServer, token: &str, method: reqwest::Method, path: &str, body: Value) {
    let (status, text) = server.send(token, method, path, &body).await.unwrap();
    assert!((200..300).contains(&status), "{path}: {status} {text}");
}

/// What takes access away, and whose connection loses it.
#[derive(Debug, Clone, Copy)]
enum Revocation {
    /// The account goes to zhou: wu loses it.
    Assign,
    /// wu moves to the west team: lin (east's manager) loses wu's account.
    TeamMove,
    /// wu is disabled.
    Disable,
    /// wu changes their password.
    PasswordChange,
    /// wu signs out of the session the phone uses.
    Logout,
}

struct World {
    server: TestServer,
    doc: DocumentId,
    wu: rounds_shared::ids::UserId,
    zhou: rounds_shared::ids::UserId,
    lin: rounds_shared::ids::UserId,
}

async fn world() -> World {
    let server = TestServer::start().await.unwrap();
    server.team("east").unwrap();
    server.team("west").unwrap();
    let wu = server.user("wu", "rep", Some("east")).unwrap().id;
    let zhou = server.user("zhou", "rep", Some("east")).unwrap().id;
    let lin = server.user("lin", "manager", None).unwrap().id;
    server.user("boss", "admin", None).unwrap();
    server.manage("east", "lin").unwrap();
    let doc = DocumentId::from(server.account("无锡市人民医院", "wu").unwrap());
    World {
        server,
        doc,
        wu,
        zhou,
        lin,
    }
}

/// Writes a visit by `by` and reports whether the server confirmed it.
async fn write(
    peer: &mut Peer,
    doc: DocumentId,
    by: rounds_shared::ids::UserId,
    what: &str,
) -> bool {
    let mut v = Visit::new(Timestamp(1_790_000_000_000), by);
    v.purpose = what.into();
    edit_account(&mut peer.engine, doc, |d| d.put(&v).unwrap()).unwrap();
    if peer.changed(doc).await.is_err() {
        return false;
    }
    peer.sync(AT_ONCE).await.unwrap_or(false)
}

fn has_visit(peer: &Peer, doc: DocumentId, what: &str) -> bool {
    read_account(&peer.engine, doc)
        .unwrap()
        .all::<Visit>()
        .value
        .iter()
        .any(|v| v.purpose == what)
}

async fn revoke(w: &World, how: Revocation, wu_token: &str) {
    let boss = w.server.login("boss").await.unwrap();
    let put = reqwest::Method::PUT;
    match how {
        Revocation::Assign => {
            let path = format!("/api/v1/accounts/{}/owner", w.doc);
            call(&w.server, &boss, put, &path, json!({"owner": "zhou"})).await;
        }
        Revocation::TeamMove => {
            let path = "/api/v1/users/wu/team";
            call(&w.server, &boss, put, path, json!({"team": "west"})).await;
        }
        Revocation::Disable => {
            let path = "/api/v1/users/wu/disabled";
            call(&w.server, &boss, put, path, json!({"disabled": true})).await;
        }
        Revocation::PasswordChange => {
            let body = json!({"current": rounds_tests::PASSWORD, "new": "another-long-passphrase"});
            call(&w.server, wu_token, put, "/api/v1/session/password", body).await;
        }
        Revocation::Logout => {
            call(
                &w.server,
                wu_token,
                reqwest::Method::DELETE,
                "/api/v1/session",
                json!({}),
            )
            .await;
        }
    }
}

async fn connect(w: &World, user: &str, token: &str) -> Peer {
    let mut peer = Peer::new(
        rounds_shared::sync::SyncClient::new(rounds_shared::sync::PeerId::from(user))
            .writing_as(w.server.user_id(user).unwrap()),
    );
    peer.connect(&w.server.sync_url(token)).await.unwrap();
    peer.request(&[w.doc]).await.unwrap();
    let doc = w.doc;
    assert!(
        peer.pump_until(WAIT, Duration::from_millis(50), |e| e
            .document(doc)
            .is_some())
            .await
            .unwrap()
    );
    peer
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_taken_away_ends_at_once_on_open_connections() {
    for how in [
        Revocation::Assign,
        Revocation::TeamMove,
        Revocation::Disable,
        Revocation::PasswordChange,
        Revocation::Logout,
    ] {
        let w = world().await;
        let wu_token = w.server.login("wu").await.unwrap();
        let mut phone = connect(&w, "wu", &wu_token).await;
        let lin_token = w.server.login("lin").await.unwrap();
        let mut laptop = connect(&w, "lin", &lin_token).await;
        assert!(write(&mut phone, w.doc, w.wu, "之前").await, "{how:?}");

        revoke(&w, how, &wu_token).await;

        // Who lost access, and who still writes to the account afterwards.
        let (lost, other) = match how {
            Revocation::TeamMove => (&mut laptop, &mut phone),
            _ => (&mut phone, &mut laptop),
        };
        let lost_user = match how {
            Revocation::TeamMove => w.lin,
            _ => w.wu,
        };
        // The next write about the document is refused at once (or the connection is gone).
        let refused = !write(lost, w.doc, lost_user, "之后").await;
        assert!(
            refused,
            "{how:?}: a write after the revocation was accepted"
        );
        let told = lost.unavailable.contains(&w.doc)
            || lost
                .closed
                .as_ref()
                .is_some_and(|(code, reason)| *code == 1008 && reason.contains("session"));
        assert!(told, "{how:?}: {:?} {:?}", lost.unavailable, lost.closed);
        if matches!(
            how,
            Revocation::Disable | Revocation::PasswordChange | Revocation::Logout
        ) {
            assert!(!lost.is_online(), "{how:?}: the connection is closed");
        }

        // Changes others make now never reach the connection that lost access.
        let writer = if matches!(how, Revocation::Assign) {
            w.zhou
        } else if matches!(how, Revocation::TeamMove) {
            w.wu
        } else {
            w.lin
        };
        let mut other_writer = if matches!(how, Revocation::Assign) {
            let token = w.server.login("zhou").await.unwrap();
            connect(&w, "zhou", &token).await
        } else {
            Peer::new(rounds_shared::sync::SyncClient::new(
                rounds_shared::sync::PeerId::from("unused"),
            ))
        };
        let later_writer = if matches!(how, Revocation::Assign) {
            &mut other_writer
        } else {
            other
        };
        assert!(
            write(later_writer, w.doc, writer, "撤销之后").await,
            "{how:?}: those who keep access go on"
        );
        let _ = lost
            .pump_until(AT_ONCE, Duration::from_millis(50), |_| false)
            .await;
        assert!(
            !has_visit(lost, w.doc, "撤销之后"),
            "{how:?}: a change was pushed after access ended"
        );
    }
}

/// A hand-over loses nothing: what the former owner logged offline before they knew still
/// reaches the account when their phone next connects; they receive nothing of it, and
/// cannot change what was there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_former_owners_offline_visit_still_arrives_and_they_read_nothing_more() {
    let w = world().await;
    let wu_token = w.server.login("wu").await.unwrap();
    let mut phone = connect(&w, "wu", &wu_token).await;
    assert!(write(&mut phone, w.doc, w.wu, "交接之前").await);
    phone.disconnect().await;

    // Offline: a visit, logged before wu knows the account is no longer theirs.
    let mut offline = Visit::new(Timestamp(1_790_000_100_000), w.wu);
    offline.purpose = "离线拜访".into();
    edit_account(&mut phone.engine, w.doc, |d| d.put(&offline).unwrap()).unwrap();

    // Meanwhile the account goes to zhou, who writes on it.
    revoke(&w, Revocation::Assign, &wu_token).await;
    let zhou_token = w.server.login("zhou").await.unwrap();
    let mut zhou = connect(&w, "zhou", &zhou_token).await;
    assert!(write(&mut zhou, w.doc, w.zhou, "新负责人的拜访").await);

    // wu's phone connects again: the visit is delivered, nothing comes back.
    let token = w.server.login("wu").await.unwrap();
    phone.connect(&w.server.sync_url(&token)).await.unwrap();
    assert!(phone.sync(WAIT).await.unwrap(), "{:?}", phone.errors);
    let stored = rounds_tests::stored_account(&w.server.store, w.doc).unwrap();
    let visits = stored.all::<Visit>().value;
    let arrived = visits.iter().find(|v| v.id == offline.id).unwrap();
    assert_eq!(
        arrived.audit.created_by, w.wu,
        "the former owner stays its author"
    );
    assert_eq!(stored.account().unwrap().value.owner, w.zhou);
    assert!(
        !has_visit(&phone, w.doc, "新负责人的拜访"),
        "nothing is read"
    );
    // zhou (and the manager) see it.
    assert!(
        zhou.pump_until(WAIT, Duration::from_millis(50), |e| {
            read_account(e, w.doc)
                .unwrap()
                .all::<Visit>()
                .value
                .iter()
                .any(|v| v.id == offline.id)
        })
        .await
        .unwrap()
    );
    // Changing what was there is refused: only new records are delivered.
    edit_account(&mut phone.engine, w.doc, |d| {
        let mut a = d.account().unwrap().value;
        a.address = "改地址".into();
        d.set_account(&a).unwrap();
    })
    .unwrap();
    phone.changed(w.doc).await.unwrap();
    let error = phone.next_error(WAIT).await.unwrap().unwrap();
    assert!(error.contains("handed over"), "{error}");
    assert_eq!(
        rounds_tests::stored_account(&w.server.store, w.doc)
            .unwrap()
            .account()
            .unwrap()
            .value
            .address,
        stored.account().unwrap().value.address
    );
    let _ = w.lin;
}
