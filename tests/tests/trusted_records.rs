//! Who may write what, enforced by the real server: a client that claims someone else's
//! authorship, rewrites the account's owner or id, rewrites a past stage move or writes
//! with another user's actor is refused with an error naming the field; nothing of the
//! change is stored, the reports do not move, and the same client's honest change right
//! after is accepted. Two devices that move one opportunity concurrently see it placed the
//! same way by every view.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::time::Duration;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ROOT, ReadDoc};
use rounds_shared::doc::{AccountDoc, actor_for};
use rounds_shared::ids::{AccountId, OpportunityId, ReviewId, UserId};
use rounds_shared::model::{AccountReview, Audit, Opportunity, Visit};
use rounds_shared::money::Money;
use rounds_shared::stage::Position;
use rounds_shared::sync::DocumentId;
use rounds_shared::time::Timestamp;
use rounds_tests::{TestServer, read_account, stored_account};
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(20);
const T: Timestamp = Timestamp(1_790_000_000_000);

/// Where a forgery is made: the document (a copy of what the server has) and who's who.
struct Cast {
    wu: UserId,
    lin: UserId,
    zhou: UserId,
    opp: OpportunityId,
}

type Forgery = fn(&mut AccountDoc, &Cast);

fn forged_visit(d: &mut AccountDoc, c: &Cast) {
    // An honest visit and one credited to a rep of another team, in one change set.
    d.put(&Visit::new(T.plus_days(3), c.wu)).unwrap();
    d.put(&Visit::new(T.plus_days(3), c.zhou)).unwrap();
}

fn forged_review(d: &mut AccountDoc, c: &Cast) {
    d.put(&AccountReview {
        id: ReviewId::generate(),
        rep: c.wu,
        note: "重点客户回顾".into(),
        audit: Audit::new(T.plus_days(3), c.lin),
    })
    .unwrap();
}

fn own_review(d: &mut AccountDoc, c: &Cast) {
    // A rep may not review themselves: reviews are the manager's.
    d.put(&AccountReview {
        id: ReviewId::generate(),
        rep: c.wu,
        note: "自己回顾自己".into(),
        audit: Audit::new(T.plus_days(3), c.wu),
    })
    .unwrap();
}

fn forged_owner(d: &mut AccountDoc, c: &Cast) {
    let mut a = d.account().unwrap().value;
    a.owner = c.zhou;
    d.set_account(&a).unwrap();
}

fn forged_id(d: &mut AccountDoc, _: &Cast) {
    let mut a = d.account().unwrap().value;
    a.id = AccountId::generate();
    d.set_account(&a).unwrap();
}

fn rewritten_history(d: &mut AccountDoc, c: &Cast) {
    let doc = d.automerge();
    let (_, opps) = doc.get(ROOT, "opportunities").unwrap().unwrap();
    let (_, opp) = doc.get(&opps, c.opp.to_string()).unwrap().unwrap();
    let (_, history) = doc.get(&opp, "history").unwrap().unwrap();
    let (_, first) = doc.get(&history, 0).unwrap().unwrap();
    doc.put(&first, "to", "win_commitment").unwrap();
    doc.commit();
}

fn removed_history(d: &mut AccountDoc, c: &Cast) {
    let doc = d.automerge();
    let (_, opps) = doc.get(ROOT, "opportunities").unwrap().unwrap();
    let (_, opp) = doc.get(&opps, c.opp.to_string()).unwrap().unwrap();
    let (_, history) = doc.get(&opp, "history").unwrap().unwrap();
    doc.delete(&history, 0).unwrap();
    doc.commit();
}

fn other_actor(d: &mut AccountDoc, c: &Cast) {
    // Honest content, but written with another user's actor id.
    d.automerge().set_actor(actor_for(c.zhou));
    d.put(&Visit::new(T.plus_days(3), c.wu)).unwrap();
}

/// Each forgery and the field the refusal must name.
const FORGERIES: &[(&str, Forgery, &str)] = &[
    (
        "a visit credited to another team's rep",
        forged_visit,
        "`created_by`",
    ),
    (
        "a review claiming the manager wrote it",
        forged_review,
        "`created_by`",
    ),
    ("a review a rep wrote of themselves", own_review, "`rep`"),
    ("the account's owner rewritten", forged_owner, "`owner`"),
    ("the account's id rewritten", forged_id, "`id`"),
    (
        "a past stage move rewritten",
        rewritten_history,
        "`history`",
    ),
    ("a past stage move removed", removed_history, "`history`"),
    ("another user's actor", other_actor, "`actor`"),
];

async fn body(server: &TestServer, token: &str, path: &str) -> String {
    let (status, body) = server.get(token, path).await.unwrap();
    assert_eq!(status, 200, "{path}: {body}");
    body
}

/// What the manager's reports say, to show a refused change moved nothing.
async fn reports(server: &TestServer, token: &str) -> (String, String) {
    (
        body(server, token, "/api/v1/activity?period=2026-W39").await,
        body(server, token, "/api/v1/visits?limit=200").await,
    )
}

/// The server's copy, with the rep's actor, to forge from.
fn copy(server: &TestServer, doc: DocumentId, wu: UserId) -> AccountDoc {
    let mut d = AccountDoc::from_automerge(
        AutoCommit::load(&stored_account(&server.store, doc).unwrap().save()).unwrap(),
    );
    d.automerge().set_actor(actor_for(wu));
    d
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_authorship_ownership_history_and_actors_are_refused_and_honest_changes_go_on() {
    let server = TestServer::start().await.unwrap();
    server.team("east").unwrap();
    server.team("west").unwrap();
    let wu = server.user("wu", "rep", Some("east")).unwrap().id;
    let zhou = server.user("zhou", "rep", Some("west")).unwrap().id;
    let lin = server.user("lin", "manager", None).unwrap().id;
    server.manage("east", "lin").unwrap();
    let doc = DocumentId::from(server.account("无锡市人民医院", "wu").unwrap());
    let mut phone = server.online_as("wu", "phone", &[doc]).await.unwrap();

    // Honest history to forge against: an opportunity moved once.
    let mut opp = Opportunity::new(
        OpportunityId::generate(),
        "凝血仪",
        "生化",
        Money::from_yuan(200_000),
        "collect_info".parse().unwrap(),
        T,
        wu,
    );
    opp.move_to("analyse".parse().unwrap(), T.plus_days(1), wu)
        .unwrap();
    let mut honest = copy(&server, doc, wu);
    honest.put(&opp).unwrap();
    phone
        .replace(doc, std::mem::take(honest.automerge()))
        .await
        .unwrap();
    assert!(phone.sync(WAIT).await.unwrap(), "{:?}", phone.errors);
    let cast = Cast {
        wu,
        lin,
        zhou,
        opp: opp.id,
    };
    let token = server.login("lin").await.unwrap();

    for (i, (what, forge, field)) in FORGERIES.iter().enumerate() {
        let stored = stored_account(&server.store, doc).unwrap().save();
        let before = reports(&server, &token).await;
        let mut forged = copy(&server, doc, wu);
        forge(&mut forged, &cast);
        phone
            .replace(doc, std::mem::take(forged.automerge()))
            .await
            .unwrap();
        let error = phone.next_error(WAIT).await.unwrap();
        let error = error.unwrap_or_else(|| panic!("{what}: no error"));
        assert!(error.contains(field), "{what}: {error}");
        assert!(phone.is_online(), "{what}: the connection stays open");
        assert_eq!(
            stored_account(&server.store, doc).unwrap().save(),
            stored,
            "{what}: nothing was stored"
        );
        assert_eq!(reports(&server, &token).await, before, "{what}");

        // The same connection, an honest change: accepted.
        let mut honest = copy(&server, doc, wu);
        let mut visit = Visit::new(T.plus_days(4), wu);
        visit.purpose = format!("诚实的拜访 {i}");
        honest.put(&visit).unwrap();
        phone
            .replace(doc, std::mem::take(honest.automerge()))
            .await
            .unwrap();
        assert!(phone.sync(WAIT).await.unwrap(), "{what}: honest change");
        let kept = stored_account(&server.store, doc)
            .unwrap()
            .all::<Visit>()
            .value;
        assert!(kept.iter().any(|v| v.id == visit.id), "{what}");
        assert!(
            kept.iter().all(|v| v.audit.created_by == wu),
            "{what}: {kept:?}"
        );
    }
    let profile = stored_account(&server.store, doc)
        .unwrap()
        .account()
        .unwrap()
        .value;
    assert_eq!(profile.owner, wu);
    assert_eq!(DocumentId::from(profile.id), doc);
}

fn stage_of(items: &Value, opp: OpportunityId) -> Option<String> {
    items["items"].as_array().unwrap().iter().find_map(|i| {
        let o = i.get("opportunity").unwrap_or(i);
        (o["id"] == opp.to_string()).then(|| o["stage"].as_str().unwrap().to_owned())
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_offline_moves_are_placed_alike_by_every_view_with_both_in_the_conflict() {
    let server = TestServer::start().await.unwrap();
    server.team("east").unwrap();
    let wu = server.user("wu", "rep", Some("east")).unwrap().id;
    let lin = server.user("lin", "manager", None).unwrap().id;
    server.manage("east", "lin").unwrap();
    let doc = DocumentId::from(server.account("常州市第一人民医院", "wu").unwrap());
    let mut phone = server.online_as("wu", "phone", &[doc]).await.unwrap();
    let mut laptop = server.online_as("lin", "laptop", &[doc]).await.unwrap();

    // Long ago (so it is stalled now), in building trust.
    let t = Timestamp(1_780_000_000_000);
    let opp = Opportunity::new(
        OpportunityId::generate(),
        "化学发光",
        "免疫",
        Money::from_yuan(900_000),
        "build_trust".parse().unwrap(),
        t,
        wu,
    );
    rounds_tests::edit_account(&mut phone.engine, doc, |d| d.put(&opp).unwrap()).unwrap();
    phone.changed(doc).await.unwrap();
    assert!(phone.sync(WAIT).await.unwrap());
    assert!(
        laptop
            .pump_until(WAIT, Duration::from_millis(50), |e| {
                rounds_tests::read_account(e, doc)
                    .is_ok_and(|d| d.get::<Opportunity>(opp.id).is_some())
            })
            .await
            .unwrap()
    );

    // Both offline: the manager drops it on day 1, the rep presents value on day 2.
    phone.disconnect().await;
    laptop.disconnect().await;
    rounds_tests::edit_account(&mut laptop.engine, doc, |d| {
        let mut o = d.get::<Opportunity>(opp.id).unwrap().value;
        o.move_to(Position::Dropped, t.plus_days(1), lin).unwrap();
        d.put(&o).unwrap();
    })
    .unwrap();
    rounds_tests::edit_account(&mut phone.engine, doc, |d| {
        let mut o = d.get::<Opportunity>(opp.id).unwrap().value;
        o.move_to("present_value".parse().unwrap(), t.plus_days(2), wu)
            .unwrap();
        d.put(&o).unwrap();
    })
    .unwrap();
    for (peer, user) in [(&mut laptop, "lin"), (&mut phone, "wu")] {
        let token = server.login(user).await.unwrap();
        peer.connect(&server.sync_url(&token)).await.unwrap();
        assert!(peer.sync(WAIT).await.unwrap());
    }
    assert!(phone.sync(WAIT).await.unwrap());

    let token = server.login("lin").await.unwrap();
    let funnel: Value =
        serde_json::from_str(&body(&server, &token, "/api/v1/funnel").await).unwrap();
    let present = funnel["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == "present_value")
        .unwrap();
    assert_eq!(present["count"], 1, "{funnel}");
    assert_eq!(funnel["dropped"], 0);
    let list: Value = serde_json::from_str(
        &body(
            &server,
            &token,
            "/api/v1/funnel/opportunities?stage=present_value",
        )
        .await,
    )
    .unwrap();
    assert_eq!(stage_of(&list, opp.id).as_deref(), Some("present_value"));
    let stalled: Value =
        serde_json::from_str(&body(&server, &token, "/api/v1/funnel/stalled").await).unwrap();
    assert_eq!(stage_of(&stalled, opp.id).as_deref(), Some("present_value"));

    // Both devices decode it there, and the record shows the other move as a conflict.
    for peer in [&mut phone, &mut laptop] {
        let both_moves = |e: &mut rounds_shared::sync::SyncClient| {
            read_account(e, doc).is_ok_and(|d| {
                d.get::<Opportunity>(opp.id)
                    .is_some_and(|o| o.value.history.len() == 3)
            })
        };
        assert!(
            peer.pump_until(WAIT, Duration::from_millis(50), both_moves)
                .await
                .unwrap()
        );
        let d = read_account(&peer.engine, doc).unwrap();
        let o = d.get::<Opportunity>(opp.id).unwrap().value;
        assert_eq!(o.position.to_string(), "present_value");
        assert_eq!(o.history.len(), 3);
        let conflicts = d.conflicts::<Opportunity>(opp.id);
        let stage = conflicts.iter().find(|c| c.field == "stage").unwrap();
        assert_eq!(stage.values[0].value, "present_value");
        let mut by: Vec<_> = stage.values.iter().map(|v| v.by).collect();
        by.sort();
        let mut both = vec![Some(wu), Some(lin)];
        both.sort();
        assert_eq!(by, both);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_document_under_another_users_reserved_ids_is_refused() {
    let server = TestServer::start().await.unwrap();
    let wu = server.user("wu", "rep", None).unwrap();
    // zhou exists but has never synced: their index and personal documents are not made.
    let zhou = server.user("zhou", "rep", None).unwrap();
    let mut phone = server.online_as("wu", "phone", &[]).await.unwrap();
    for squatted in [zhou.index_doc, zhou.personal_doc] {
        let account = rounds_shared::model::Account::new(
            AccountId::from_uuid(squatted.as_uuid()),
            "抢注的医院",
            rounds_shared::model::HospitalLevel::Grade2A,
            "",
            wu.id,
            T,
        );
        let mut d = AccountDoc::create(&account).unwrap();
        phone
            .replace(squatted, std::mem::take(d.automerge()))
            .await
            .unwrap();
        for _ in 0..200 {
            if phone.unavailable.contains(&squatted) {
                break;
            }
            phone
                .pump_until(Duration::from_millis(50), Duration::from_millis(10), |_| {
                    false
                })
                .await
                .unwrap();
        }
        assert!(phone.unavailable.contains(&squatted), "{squatted}");
        assert!(
            rounds_server::storage::Store::document(server.store.as_ref(), squatted)
                .unwrap()
                .is_none(),
            "nothing stored under {squatted}"
        );
    }
    assert!(
        rounds_server::storage::Store::accounts(server.store.as_ref())
            .unwrap()
            .is_empty()
    );
    // zhou's first sync gets their own, empty, documents.
    let zhou_phone = server
        .online_as("zhou", "zhou-phone", &[zhou.index_doc, zhou.personal_doc])
        .await
        .unwrap();
    let personal = zhou_phone.engine.document(zhou.personal_doc).unwrap();
    assert!(
        rounds_shared::doc::PersonalDoc::from_automerge(personal.clone())
            .all::<rounds_shared::model::WeeklyPlan>()
            .value
            .is_empty()
    );
}
