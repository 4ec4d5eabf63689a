//! Offline edits from several devices converge through the real server, with every edit.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::time::Duration;

use rounds_shared::ids::{CoVisitId, ContactId, OpportunityId, UserId, VisitId};
use rounds_shared::model::{Audit, CoVisit, CoVisitKind, Contact, Opportunity, Visit};
use rounds_shared::money::Money;
use rounds_shared::sync::{DocumentId, PeerId, SyncClient};
use rounds_shared::time::Timestamp;
use rounds_tests::peer::Peer;
use rounds_tests::{TestServer, edit_account, read_account, stored_account};

const WAIT: Duration = Duration::from_secs(20);

fn visit(by: UserId, purpose: &str) -> Visit {
    {
        let mut v = Visit::new(Timestamp(1_790_000_000_000), by);
        v.purpose = purpose.into();
        v.content = "讨论了新设备的试用安排。".into();
        v.next_step = "周五送样".into();
        v
    }
}

async fn device(server: &TestServer, user: &str, name: &str, doc: DocumentId) -> Peer {
    let token = server.login(user).await.unwrap();
    let mut peer =
        Peer::new(SyncClient::new(PeerId::from(name)).writing_as(server.user_id(user).unwrap()));
    peer.connect(&server.sync_url(&token)).await.unwrap();
    peer.request(&[doc]).await.unwrap();
    assert!(peer.sync(WAIT).await.unwrap(), "{name} got the document");
    assert!(peer.engine.document(doc).is_some());
    peer.disconnect().await;
    peer
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_offline_devices_converge_with_every_edit() {
    let server = TestServer::start().await.unwrap();
    server.team("华东一组").unwrap();
    let rep = server.user("zhang", "rep", Some("华东一组")).unwrap();
    let manager = server.user("li", "manager", None).unwrap();
    server.manage("华东一组", "li").unwrap();
    let account = server.account("复旦大学附属华山医院", "zhang").unwrap();
    let doc = DocumentId::from(account);

    // An opportunity both rep devices will edit.
    let mut setup = device(&server, "zhang", "setup", doc).await;
    let opp = Opportunity::new(
        OpportunityId::generate(),
        "生化分析仪",
        "生化",
        Money::from_yuan(800_000),
        "build_trust".parse().unwrap(),
        Timestamp(1_790_000_000_000),
        rep.id,
    );
    edit_account(&mut setup.engine, doc, |d| d.put(&opp).unwrap()).unwrap();
    let token = server.login("zhang").await.unwrap();
    setup.connect(&server.sync_url(&token)).await.unwrap();
    assert!(setup.sync(WAIT).await.unwrap());

    // Three devices take the document, then go offline.
    let mut phone = device(&server, "zhang", "zhang-phone", doc).await;
    let mut tablet = device(&server, "zhang", "zhang-tablet", doc).await;
    let mut laptop = device(&server, "li", "li-laptop", doc).await;

    // Offline edits.
    let v1 = visit(rep.id, "初访");
    edit_account(&mut phone.engine, doc, |d| {
        d.put(&v1).unwrap();
        let mut o = d.get::<Opportunity>(opp.id).unwrap().value;
        o.move_to(
            "dig_needs".parse().unwrap(),
            Timestamp(1_790_000_100_000),
            rep.id,
        )
        .unwrap();
        d.put(&o).unwrap();
    })
    .unwrap();
    let contact = Contact {
        id: ContactId::generate(),
        name: "王主任".into(),
        department: "检验科".into(),
        title: "科主任".into(),
        phone: String::new(),
        roles: Default::default(),
        attitude: None,
        trust: None,
        notes: String::new(),
        reports_to: None,
        org_change: None,
        audit: Audit::new(Timestamp(1_790_000_000_000), rep.id),
    };
    let v2 = visit(rep.id, "技术交流");
    edit_account(&mut tablet.engine, doc, |d| {
        d.put(&contact).unwrap();
        d.put(&v2).unwrap();
        let mut o = d.get::<Opportunity>(opp.id).unwrap().value;
        o.amount = Money::from_yuan(950_000);
        d.put(&o).unwrap();
    })
    .unwrap();
    let covisit = CoVisit {
        id: CoVisitId::generate(),
        manager: manager.id,
        rep: rep.id,
        visit: Some(v1.id),
        at: Timestamp(1_790_000_000_000),
        kind: CoVisitKind::Coaching,
        observations: "开场清楚,需求挖掘不足".into(),
        coaching_points: "多用开放式提问".into(),
        audit: Audit::new(Timestamp(1_790_000_000_000), manager.id),
    };
    edit_account(&mut laptop.engine, doc, |d| d.put(&covisit).unwrap()).unwrap();

    // All three reconnect at once.
    let urls = (
        server.sync_url(&server.login("zhang").await.unwrap()),
        server.sync_url(&server.login("zhang").await.unwrap()),
        server.sync_url(&server.login("li").await.unwrap()),
    );
    let (a, b, c) = tokio::join!(
        phone.connect(&urls.0),
        tablet.connect(&urls.1),
        laptop.connect(&urls.2)
    );
    a.unwrap();
    b.unwrap();
    c.unwrap();
    let all_in = |e: &mut SyncClient| {
        e.unsynced().is_empty() && read_account(e, doc).unwrap().all::<Visit>().value.len() == 2
    };
    let (a, b, c) = tokio::join!(
        phone.pump_until(WAIT, Duration::from_millis(300), all_in),
        tablet.pump_until(WAIT, Duration::from_millis(300), all_in),
        laptop.pump_until(WAIT, Duration::from_millis(300), all_in),
    );
    assert!(a.unwrap() && b.unwrap() && c.unwrap(), "all three synced");

    let mut heads = Vec::new();
    for peer in [&phone, &tablet, &laptop] {
        let d = read_account(&peer.engine, doc).unwrap();
        let visits: Vec<VisitId> = d.all::<Visit>().value.iter().map(|v| v.id).collect();
        assert!(visits.contains(&v1.id) && visits.contains(&v2.id));
        assert_eq!(d.all::<Contact>().value, vec![contact.clone()]);
        assert_eq!(d.all::<CoVisit>().value, vec![covisit.clone()]);
        let o = d.get::<Opportunity>(opp.id).unwrap().value;
        assert_eq!(o.position, "dig_needs".parse().unwrap());
        assert_eq!(o.amount, Money::from_yuan(950_000));
        let mut h = peer.engine.document(doc).unwrap().clone().get_heads();
        h.sort();
        heads.push(h);
    }
    assert_eq!(heads[0], heads[1]);
    assert_eq!(heads[1], heads[2]);
    // The server stored exactly that document.
    let mut stored = stored_account(&server.store, doc).unwrap();
    let mut h = stored.automerge().get_heads();
    h.sort();
    assert_eq!(h, heads[0]);
    assert!(phone.errors.is_empty() && tablet.errors.is_empty() && laptop.errors.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_documents_leave_memory_and_come_back_unchanged() {
    use rounds_server::state::{ServerConfig, ServerLimits, SyncLimits};
    let limits = SyncLimits {
        server: ServerLimits {
            max_live_documents: 3,
            ..ServerLimits::default()
        },
        ..SyncLimits::default()
    };
    let server = TestServer::start_with(ServerConfig {
        limits,
        ..ServerConfig::default()
    })
    .await
    .unwrap();
    let rep = server.user("qian", "rep", None).unwrap();
    let docs: Vec<DocumentId> = (0..6)
        .map(|i| DocumentId::from(server.account(&format!("医院{i}"), "qian").unwrap()))
        .collect();
    let mut peer = Peer::new(
        SyncClient::new(PeerId::from("phone")).writing_as(server.user_id("qian").unwrap()),
    );
    peer.connect(&server.sync_url(&server.login("qian").await.unwrap()))
        .await
        .unwrap();
    peer.request(&docs).await.unwrap();
    let want = docs.clone();
    assert!(
        peer.pump_until(WAIT, Duration::from_millis(100), |e| want
            .iter()
            .all(|d| e.document(*d).is_some()))
            .await
            .unwrap()
    );
    assert!(
        server.state.hub.live_documents() <= 3,
        "{} in memory",
        server.state.hub.live_documents()
    );
    // Every document still takes changes, reloading as needed.
    for d in &docs {
        edit_account(&mut peer.engine, *d, |doc| {
            doc.put(&visit(rep.id, "回访")).unwrap()
        })
        .unwrap();
        peer.changed(*d).await.unwrap();
    }
    assert!(peer.sync(WAIT).await.unwrap());
    assert!(server.state.hub.live_documents() <= 3);
    for d in &docs {
        let stored = stored_account(&server.store, *d).unwrap();
        assert_eq!(stored.all::<Visit>().value.len(), 1);
    }
}
