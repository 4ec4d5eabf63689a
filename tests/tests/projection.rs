//! The read model follows every synced change in the same transaction, leaves out values
//! that do not fit, and `reproject` rebuilds exactly the same tables.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::time::Duration;

use automerge::ReadDoc;
use automerge::transaction::Transactable;
use rounds_server::admin;
use rounds_server::storage::Store;
use rounds_shared::ids::{AccountId, OpportunityId};
use rounds_shared::model::{LostInfo, Opportunity, Visit};
use rounds_shared::money::Money;
use rounds_shared::sync::DocumentId;
use rounds_shared::time::Timestamp;
use rounds_tests::{TestServer, cell, dump_read_model, edit_account};

fn query(server: &TestServer, sql: &str) -> Vec<Vec<String>> {
    let conn = rusqlite::Connection::open(server.data_dir().join("rounds.db")).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        Ok((0..n).map(|i| cell(r.get_ref(i).unwrap())).collect())
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[tokio::test]
async fn synced_changes_are_projected_and_reproject_gives_the_same_tables() {
    let server = TestServer::start().await.unwrap();
    let rep = server.user("sun", "rep", None).unwrap();
    let doc = DocumentId::from(server.account("北京协和医院", "sun").unwrap());
    // The account is projected as soon as it exists.
    assert_eq!(
        query(&server, "SELECT name, level FROM p_accounts"),
        vec![vec!["北京协和医院".to_owned(), "3a".to_owned()]]
    );

    let mut peer = server.online_as("sun", "phone", &[doc]).await.unwrap();

    let t = Timestamp(1_790_000_000_000);
    let mut opp = Opportunity::new(
        OpportunityId::generate(),
        "化学发光",
        "免疫",
        Money::from_yuan(1_200_000),
        "analyse".parse().unwrap(),
        t,
        rep.id,
    );
    opp.move_to("build_trust".parse().unwrap(), t.plus_days(3), rep.id)
        .unwrap();
    let mut bad = Opportunity::new(
        OpportunityId::generate(),
        "旧系统",
        "生化",
        Money::from_yuan(-5),
        "no_such_stage".parse().unwrap(),
        t,
        rep.id,
    );
    bad.title = "金额为负,阶段未知".into();
    let mut visit = Visit::new(t, rep.id);
    visit.purpose = "方案讲解".into();
    visit.content = "与设备科沟通".into();
    visit.opportunity = Some(opp.id);
    edit_account(&mut peer.engine, doc, |d| {
        d.put(&opp).unwrap();
        d.put(&bad).unwrap();
        d.put(&visit).unwrap();
    })
    .unwrap();
    peer.changed(doc).await.unwrap();
    assert!(peer.sync(Duration::from_secs(20)).await.unwrap());

    // Confirmed means projected: the rows are there already.
    let opps = query(
        &server,
        "SELECT title, amount, stage FROM p_opportunities ORDER BY title",
    );
    assert_eq!(opps.len(), 2);
    assert!(
        opps.contains(&vec![
            "化学发光".into(),
            "120000000".into(),
            "build_trust".into()
        ]),
        "{opps:?}"
    );
    assert!(
        opps.contains(&vec![
            "金额为负,阶段未知".into(),
            "0".into(),
            "no_such_stage".into()
        ]),
        "{opps:?}"
    );
    assert_eq!(
        query(&server, "SELECT COUNT(*) FROM p_stage_events")[0][0],
        "3"
    );
    assert_eq!(
        query(&server, "SELECT purpose, author_id FROM p_visits")[0],
        vec!["方案讲解".to_owned(), rep.id.to_string()]
    );
    let issues = query(&server, "SELECT path, problem FROM p_issues ORDER BY path");
    assert_eq!(issues.len(), 2, "{issues:?}");
    assert!(
        issues
            .iter()
            .any(|i| i[0].contains("/amount") && i[1].contains("negative")),
        "{issues:?}"
    );
    assert!(
        issues
            .iter()
            .any(|i| i[0].contains("/stage") && i[1].contains("no_such_stage")),
        "{issues:?}"
    );

    // A value of the wrong type, written by some other client.
    edit_account(&mut peer.engine, doc, |d| {
        let am = d.automerge();
        let (_, opps) = am.get(automerge::ROOT, "opportunities").unwrap().unwrap();
        let (_, o) = am.get(&opps, opp.id.to_string()).unwrap().unwrap();
        am.put(&o, "amount", "一百万").unwrap();
        am.commit();
    })
    .unwrap();
    peer.changed(doc).await.unwrap();
    assert!(peer.sync(Duration::from_secs(20)).await.unwrap());
    let issues = query(&server, "SELECT path FROM p_issues ORDER BY path");
    assert_eq!(issues.len(), 3, "{issues:?}");
    // Fixing the value clears its issue.
    edit_account(&mut peer.engine, doc, |d| {
        let mut o = d.get::<Opportunity>(opp.id).unwrap().value;
        o.amount = Money::from_yuan(1_000_000);
        d.put(&o).unwrap();
    })
    .unwrap();
    peer.changed(doc).await.unwrap();
    assert!(peer.sync(Duration::from_secs(20)).await.unwrap());
    assert_eq!(query(&server, "SELECT path FROM p_issues").len(), 2);

    // Rebuilding from the documents gives the very same tables.
    let db = server.data_dir().join("rounds.db");
    let before = dump_read_model(&db).unwrap();
    let (accounts, left_out) = admin::reproject(server.store.as_ref(), admin::Actor::Cli).unwrap();
    assert_eq!((accounts, left_out), (1, 2));
    assert_eq!(dump_read_model(&db).unwrap(), before);
}

/// The read model rebuilds an opportunity whole: every field the document holds comes back
/// from the tables, so the funnel maths on the dashboard reads what the phone reads.
#[tokio::test]
async fn the_read_model_gives_back_every_field_of_an_opportunity() {
    let server = TestServer::start().await.unwrap();
    server.team("south").unwrap();
    let rep = server.user("zhou", "rep", Some("south")).unwrap();
    let manager = server.user("qian", "manager", None).unwrap();
    server.manage("south", "qian").unwrap();
    let account: AccountId = server.account("上海市第六人民医院", "zhou").unwrap();
    let doc = DocumentId::from(account);
    let mut peer = server.online_as("zhou", "phone", &[doc]).await.unwrap();
    let t = Timestamp(1_790_000_000_000);
    let mut opp = Opportunity::new(
        OpportunityId::generate(),
        "磁共振",
        "影像",
        Money::from_yuan(8_800_000),
        "collect_info".parse().unwrap(),
        t,
        rep.id,
    );
    opp.move_to("dig_needs".parse().unwrap(), t.plus_days(2), rep.id)
        .unwrap();
    opp.expected_close = Some("2026-12-20".parse().unwrap());
    opp.competitors = ["西门子".to_owned(), "GE, 通用电气".to_owned()].into();
    opp.next_step = "请设备科长吃饭".into();
    opp.next_step_due = Some("2026-11-30".parse().unwrap());
    opp.checked = ["budget_known".to_owned(), "needs, confirmed".to_owned()].into();
    edit_account(&mut peer.engine, doc, |d| d.put(&opp).unwrap()).unwrap();
    peer.changed(doc).await.unwrap();
    assert!(peer.sync(Duration::from_secs(20)).await.unwrap());
    // The manager marks it lost from their own device, so it was changed by another user.
    let mut laptop = server.online_as("qian", "laptop", &[doc]).await.unwrap();
    opp.mark_lost(
        LostInfo {
            reason: "价格".into(),
            competitor: Some("西门子".into()),
        },
        t.plus_days(9),
        manager.id,
    )
    .unwrap();
    edit_account(&mut laptop.engine, doc, |d| d.put(&opp).unwrap()).unwrap();
    laptop.changed(doc).await.unwrap();
    assert!(laptop.sync(Duration::from_secs(20)).await.unwrap());
    assert_eq!(opp.audit.updated_by, manager.id);

    let read = server.store.opportunities_of(&[account]).unwrap();
    assert_eq!(read.len(), 1);
    assert_eq!(read[0], (account, opp));
}
