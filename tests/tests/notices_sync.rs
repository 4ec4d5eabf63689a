//! Hand-off notices over the real sync endpoint: a rep issues one offline and syncs; the
//! warehouse sees it in its index and answers it, but never sees the hospital's account
//! document or other departments' notices, and cannot change what the rep wrote; a rep
//! cannot forge a receipt; the rep's device receives the answer.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::time::Duration;

use chrono::NaiveDate;
use rounds_shared::doc::{IndexDoc, NoticeDoc, actor_for};
use rounds_shared::ids::{NoticeEventId, NoticeId, ReceiptId, UserId};
use rounds_shared::model::{
    Audit, NoticeEvent, NoticeEventKind, NoticeKind, NoticeStatus, Receipt, ReceiptOutcome,
};
use rounds_shared::notice::template;
use rounds_shared::sync::DocumentId;
use rounds_shared::time::Timestamp;
use rounds_tests::TestServer;
use rounds_tests::notices::{Answer, answer, issue};
use rounds_tests::peer::Peer;

const WAIT: Duration = Duration::from_secs(20);
const T: Timestamp = Timestamp(1_790_000_000_000);

fn stored_notice(server: &TestServer, id: DocumentId) -> NoticeDoc {
    let stored = rounds_server::storage::Store::document(server.store.as_ref(), id)
        .unwrap()
        .unwrap();
    NoticeDoc::load(&stored.chunks.concat()).unwrap()
}

fn listed_notices(peer: &Peer, index: DocumentId) -> Vec<NoticeId> {
    let doc = peer.engine.document(index).unwrap().clone();
    IndexDoc::from_automerge(doc)
        .notices()
        .value
        .into_keys()
        .collect()
}

async fn index_of(server: &TestServer, user: &str) -> DocumentId {
    let (u, _) = rounds_server::storage::Store::user_by_name(server.store.as_ref(), user)
        .unwrap()
        .unwrap();
    u.index_doc
}

fn receipt(by: UserId, outcome: ReceiptOutcome) -> Receipt {
    Receipt {
        id: ReceiptId::generate(),
        outcome,
        reason: "缺货".into(),
        help_needed: "跟医院协商".into(),
        new_due: NaiveDate::from_ymd_opt(2026, 12, 6),
        audit: Audit::new(T.plus_days(1), by),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_warehouse_answers_a_notice_and_sees_nothing_else() {
    let server = TestServer::start().await.unwrap();
    let reps = server.two_teams().unwrap();
    let kong = server.user("kong", "warehouse", None).unwrap().id;
    server.user("qian", "finance", None).unwrap();
    let account = server.account("双楠医院", "wu").unwrap();
    let account_doc = DocumentId::from(account);

    // The rep issues a shipping notice and a payment-chasing one, and syncs.
    let mut phone = server
        .online_as("wu", "phone", &[account_doc])
        .await
        .unwrap();
    let mut ship = template(NoticeKind::Ship, account, "双楠医院", reps.wu.id, T);
    ship.details = "双楠订货: 雌二醇".into();
    ship.due = NaiveDate::from_ymd_opt(2026, 12, 3);
    let ship_doc = issue(&mut phone, &ship).await.unwrap();
    let pay = template(NoticeKind::ChasePayment, account, "双楠医院", reps.wu.id, T);
    let pay_doc = issue(&mut phone, &pay).await.unwrap();
    assert!(phone.sync(WAIT).await.unwrap(), "{:?}", phone.errors);
    assert!(phone.errors.is_empty(), "{:?}", phone.errors);
    assert_eq!(
        stored_notice(&server, ship_doc).notice().unwrap().value,
        ship
    );

    // The warehouse's index lists the shipping notice, not the finance one.
    let kong_index = index_of(&server, "kong").await;
    let mut desk = server
        .online_as("kong", "desk", &[kong_index])
        .await
        .unwrap();
    assert_eq!(listed_notices(&desk, kong_index), vec![ship.id]);
    // The hospital's document and the finance notice are unavailable; the notice arrives.
    desk.request(&[account_doc, pay_doc, ship_doc])
        .await
        .unwrap();
    desk.pump_until(WAIT, Duration::from_millis(100), |e| {
        e.document(ship_doc).is_some()
    })
    .await
    .unwrap();
    assert!(desk.engine.document(ship_doc).is_some());
    assert!(
        desk.unavailable.contains(&account_doc),
        "{:?}",
        desk.unavailable
    );
    assert!(
        desk.unavailable.contains(&pay_doc),
        "{:?}",
        desk.unavailable
    );
    assert!(desk.engine.document(account_doc).is_none());

    // The warehouse cannot change what the rep wrote: refused, nothing stored.
    let before = stored_notice(&server, ship_doc).save();
    let mut edited = NoticeDoc::load(&before).unwrap();
    edited.automerge().set_actor(actor_for(kong));
    let mut changed = ship.clone();
    changed.details = "改成一盒".into();
    edited.set_notice(&changed).unwrap();
    desk.replace(ship_doc, std::mem::take(edited.automerge()))
        .await
        .unwrap();
    let error = desk.next_error(WAIT).await.unwrap().expect("an error");
    assert!(
        error.contains("`details`") && error.contains("issuer"),
        "{error}"
    );
    assert_eq!(stored_notice(&server, ship_doc).save(), before);

    // Received, then "cannot be done", with help needed and a new date: stored.
    let mut desk = server
        .online_as("kong", "desk2", &[ship_doc])
        .await
        .unwrap();
    let received = NoticeEvent {
        id: NoticeEventId::generate(),
        kind: NoticeEventKind::Received,
        to: None,
        audit: Audit::new(T.plus_days(1), kong),
    };
    let answered = receipt(kong, ReceiptOutcome::CannotDo);
    answer(
        &mut desk,
        ship_doc,
        &[Answer::Step(received), Answer::Receipt(answered.clone())],
    )
    .await
    .unwrap();
    assert!(desk.sync(WAIT).await.unwrap(), "{:?}", desk.errors);
    assert!(desk.errors.is_empty(), "{:?}", desk.errors);
    let stored = stored_notice(&server, ship_doc).view().unwrap();
    assert_eq!(stored.receipts, vec![answered.clone()]);

    // The rep's phone receives it: the notice is blocked, asking for help.
    let arrived = phone
        .pump_until(WAIT, Duration::from_millis(100), |e| {
            e.document(ship_doc).is_some_and(|d| {
                NoticeDoc::from_automerge(d.clone())
                    .view()
                    .is_some_and(|v| !v.receipts.is_empty())
            })
        })
        .await
        .unwrap();
    assert!(arrived, "the receipt reached the rep's phone");
    let view = NoticeDoc::from_automerge(phone.engine.document(ship_doc).unwrap().clone())
        .view()
        .unwrap();
    let state = view.state(NaiveDate::from_ymd_opt(2026, 12, 4).unwrap());
    assert_eq!(state.status, NoticeStatus::Blocked);
    assert!(state.needs_help);
    assert_eq!(state.answer.unwrap().audit.created_by, kong);

    // The rep cannot forge a receipt, in their name or the warehouse's.
    for by in [reps.wu.id, kong] {
        let before = stored_notice(&server, ship_doc).save();
        let mut forged = NoticeDoc::load(&before).unwrap();
        forged.automerge().set_actor(actor_for(reps.wu.id));
        forged.put(&receipt(by, ReceiptOutcome::Done)).unwrap();
        phone
            .replace(ship_doc, std::mem::take(forged.automerge()))
            .await
            .unwrap();
        let error = phone.next_error(WAIT).await.unwrap().expect("an error");
        assert!(error.contains("receiving department only"), "{error}");
        assert_eq!(stored_notice(&server, ship_doc).save(), before);
    }

    // The manager of the rep's team reads it; a rep of another team does not.
    let lin_index = index_of(&server, "lin").await;
    let lin = server
        .online_as("lin", "lin", &[ship_doc, lin_index])
        .await
        .unwrap();
    assert!(lin.engine.document(ship_doc).is_some());
    let mut listed = listed_notices(&lin, lin_index);
    listed.sort();
    let mut both = vec![ship.id, pay.id];
    both.sort();
    assert_eq!(listed, both);
    let token = server.login("zhou").await.unwrap();
    let mut zhou = Peer::new(
        rounds_shared::sync::SyncClient::new(rounds_shared::sync::PeerId::from("zhou"))
            .writing_as(reps.zhou.id),
    );
    zhou.connect(&server.sync_url(&token)).await.unwrap();
    zhou.request(&[ship_doc]).await.unwrap();
    for _ in 0..400 {
        if !zhou.unavailable.is_empty() {
            break;
        }
        zhou.pump_until(Duration::from_millis(50), Duration::from_millis(10), |_| {
            false
        })
        .await
        .unwrap();
    }
    assert_eq!(zhou.unavailable, vec![ship_doc]);
    assert!(zhou.engine.document(ship_doc).is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn finance_chases_a_payment_with_the_rep_who_answers_it() {
    let server = TestServer::start().await.unwrap();
    let reps = server.two_teams().unwrap();
    let qian = server.user("qian", "finance", None).unwrap().id;
    server.user("kong", "warehouse", None).unwrap();
    let account = server.account("双楠医院", "wu").unwrap();

    // Finance issues it from the collection list, addressed to the rep.
    let mut desk = server.online("qian", &[]).await.unwrap();
    let mut chase = template(NoticeKind::ChasePayment, account, "双楠医院", qian, T);
    chase.details = "全自动生化线 尾款 120,000 元".into();
    chase.to = Some(reps.wu.id);
    chase.handler = Some(reps.wu.id);
    let doc = issue(&mut desk, &chase).await.unwrap();
    assert!(desk.sync(WAIT).await.unwrap(), "{:?}", desk.errors);
    assert!(desk.errors.is_empty(), "{:?}", desk.errors);

    // The rep's index lists it; the rep answers.
    let wu_index = index_of(&server, "wu").await;
    let mut phone = server
        .online_as("wu", "phone", &[wu_index, doc])
        .await
        .unwrap();
    assert_eq!(listed_notices(&phone, wu_index), vec![chase.id]);
    let paid = Receipt {
        outcome: ReceiptOutcome::Done,
        reason: String::new(),
        help_needed: String::new(),
        new_due: None,
        ..receipt(reps.wu.id, ReceiptOutcome::Done)
    };
    answer(&mut phone, doc, &[Answer::Receipt(paid.clone())])
        .await
        .unwrap();
    assert!(phone.sync(WAIT).await.unwrap(), "{:?}", phone.errors);
    assert!(phone.errors.is_empty(), "{:?}", phone.errors);
    assert_eq!(
        stored_notice(&server, doc).view().unwrap().receipts,
        vec![paid]
    );

    // Finance cannot answer its own chase; another team's rep and the warehouse see nothing.
    let before = stored_notice(&server, doc).save();
    let mut forged = NoticeDoc::load(&before).unwrap();
    forged.automerge().set_actor(actor_for(qian));
    forged.put(&receipt(qian, ReceiptOutcome::Done)).unwrap();
    desk.replace(doc, std::mem::take(forged.automerge()))
        .await
        .unwrap();
    let error = desk.next_error(WAIT).await.unwrap().expect("an error");
    assert!(error.contains("addressed to"), "{error}");
    assert_eq!(stored_notice(&server, doc).save(), before);
    for user in ["zhou", "kong"] {
        let token = server.login(user).await.unwrap();
        let mut peer = Peer::new(
            rounds_shared::sync::SyncClient::new(rounds_shared::sync::PeerId::from(user))
                .writing_as(server.user_id(user).unwrap()),
        );
        peer.connect(&server.sync_url(&token)).await.unwrap();
        peer.request(&[doc]).await.unwrap();
        for _ in 0..400 {
            if !peer.unavailable.is_empty() {
                break;
            }
            peer.pump_until(Duration::from_millis(50), Duration::from_millis(10), |_| {
                false
            })
            .await
            .unwrap();
        }
        assert_eq!(peer.unavailable, vec![doc], "{user}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notices_done_long_ago_leave_the_index_and_open_ones_stay() {
    let server = TestServer::start().await.unwrap();
    let reps = server.two_teams().unwrap();
    let kong = server.user("kong", "warehouse", None).unwrap().id;
    let account = server.account("双楠医院", "wu").unwrap();
    let now = Timestamp(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64,
    );
    let mut phone = server.online_as("wu", "phone", &[]).await.unwrap();
    let mut docs = Vec::new();
    let mut ids = Vec::new();
    for days in [200, 100, 10] {
        let n = template(
            NoticeKind::Ship,
            account,
            "双楠医院",
            reps.wu.id,
            now.plus_days(-days - 1),
        );
        ids.push(n.id);
        docs.push(issue(&mut phone, &n).await.unwrap());
    }
    assert!(phone.sync(WAIT).await.unwrap(), "{:?}", phone.errors);
    // The first stays open; the second was done 100 days ago, the third 10 days ago.
    for (doc, days) in [(docs[1], 100), (docs[2], 10)] {
        let mut desk = server
            .online_as("kong", &format!("desk-{days}"), &[doc])
            .await
            .unwrap();
        let done = Receipt {
            new_due: None,
            help_needed: String::new(),
            audit: Audit::new(now.plus_days(-days), kong),
            ..receipt(kong, ReceiptOutcome::Done)
        };
        answer(&mut desk, doc, &[Answer::Receipt(done)])
            .await
            .unwrap();
        assert!(desk.sync(WAIT).await.unwrap(), "{:?}", desk.errors);
    }
    let index = index_of(&server, "wu").await;
    let again = server.online_as("wu", "phone-2", &[index]).await.unwrap();
    let mut listed = listed_notices(&again, index);
    listed.sort();
    let mut kept = vec![ids[0], ids[2]];
    kept.sort();
    assert_eq!(listed, kept);
}
