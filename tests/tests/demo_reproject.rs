//! The demo organisation, and `reproject` on it: the rebuilt read model is byte-identical.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use rounds_server::demo::{self, Scale};
use rounds_server::storage::{SqliteStore, Store};
use rounds_server::{admin, state::now_ms};
use rounds_shared::funnel::Snapshot;
use rounds_shared::time::Timestamp;
use rounds_tests::dump_read_model;

#[test]
fn the_demo_is_realistic_and_reproject_rebuilds_it_identically() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rounds.db");
    let store = SqliteStore::open(&db).unwrap();
    let now = Timestamp(now_ms());
    let users = demo::generate(&store, Scale::DEMO, 7, now).unwrap();
    assert_eq!(users.iter().filter(|u| u.role.key() == "rep").count(), 12);
    assert_eq!(store.teams().unwrap().len(), 2);
    assert_eq!(store.accounts().unwrap().len(), 300);

    let conn = rusqlite::Connection::open(&db).unwrap();
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(count("SELECT COUNT(*) FROM p_opportunities"), 1_500);
    assert_eq!(count("SELECT COUNT(*) FROM p_visits"), 8_000);
    assert_eq!(count("SELECT COUNT(*) FROM p_issues"), 0);
    assert_eq!(count("SELECT COUNT(DISTINCT name) FROM p_accounts"), 300);
    // Every hospital has people with buying roles; every rep has plans, most submitted.
    assert!(count("SELECT COUNT(*) FROM p_contacts") >= 900);
    assert_eq!(
        count("SELECT COUNT(DISTINCT account_id) FROM p_contacts"),
        300
    );
    // New prospects come every week, this one too.
    let week_ago = now.0 - 7 * 86_400_000;
    let recent: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM p_opportunities WHERE created_at > ?1",
            [week_ago],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        recent >= 12,
        "only {recent} opportunities opened in the last week"
    );
    let plans = count("SELECT COUNT(*) FROM p_weekly_plans");
    let submitted = count("SELECT COUNT(*) FROM p_weekly_plans WHERE submitted_at IS NOT NULL");
    assert_eq!(plans, 12 * 26);
    assert!(
        submitted > plans * 3 / 4 && submitted < plans,
        "{submitted} of {plans}"
    );

    // Every rep's funnel narrows except one.
    let template = store.org_config().unwrap().template;
    let mut bulging = 0;
    for rep in users.iter().filter(|u| u.role.key() == "rep") {
        let query = rounds_server::storage::OppQuery {
            owners: Some(vec![rep.id]),
            ..Default::default()
        };
        let rows = store.opportunities(&query).unwrap();
        let snap = Snapshot::at(&template, rows.iter().map(|r| &*r.opportunity), now);
        if !snap.shape().is_funnel_shaped() {
            bulging += 1;
        }
    }
    assert_eq!(bulging, 1);

    let before = dump_read_model(&db).unwrap();
    let (accounts, left_out) = admin::reproject(&store, admin::Actor::Cli).unwrap();
    assert_eq!((accounts, left_out), (300, 0));
    assert_eq!(dump_read_model(&db).unwrap(), before);
}
