//! Funnel endpoints over data synced through the real sync endpoint, against numbers worked
//! out by hand; access scoping; and bad filters.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::time::Duration;

use chrono::NaiveDate;
use rounds_server::storage::{OrgOp, Store, WriteOp};
use rounds_shared::ids::OpportunityId;
use rounds_shared::model::{LostInfo, Opportunity, OrgConfig, Target, TargetSubject};
use rounds_shared::money::Money;
use rounds_shared::sync::{DocumentId, PeerId, SyncClient};
use rounds_shared::time::{Timestamp, TzOffset};
use rounds_tests::peer::Peer;
use rounds_tests::{TestServer, edit_account};
use serde_json::Value;

/// 10:00 Beijing time on the given day.
fn day(y: i32, m: u32, d: u32) -> Timestamp {
    Timestamp(
        Timestamp::start_of(NaiveDate::from_ymd_opt(y, m, d).unwrap(), TzOffset::BEIJING).0
            + 10 * 3_600_000,
    )
}

fn yuan(v: &Value) -> i64 {
    v.as_i64().unwrap() / 100
}

struct Org {
    server: TestServer,
    b_id: OpportunityId,
    east: DocumentId,
}

/// East team: rep `wu` (manager `lin`) with the worked example's opportunities in 2025-Q4;
/// west team: rep `he` with one opportunity.
async fn org() -> Org {
    let server = TestServer::start().await.unwrap();
    server.team("east").unwrap();
    server.team("west").unwrap();
    let wu = server.user("wu", "rep", Some("east")).unwrap();
    let he = server.user("he", "rep", Some("west")).unwrap();
    server.user("lin", "manager", None).unwrap();
    server.manage("east", "lin").unwrap();
    server.user("boss", "admin", None).unwrap();
    let mut org = OrgConfig::default();
    let q4 = "2025-Q4".parse().unwrap();
    org.targets.push(Target {
        subject: TargetSubject::Rep(wu.id),
        period: q4,
        amount: Money::from_yuan(5_000_000),
    });
    org.targets.push(Target {
        subject: TargetSubject::Rep(he.id),
        period: q4,
        amount: Money::from_yuan(1_000_000),
    });
    server
        .store
        .write(vec![WriteOp::Org(OrgOp::SetConfig(Box::new(org)))])
        .unwrap();
    let east = DocumentId::from(server.account("宁波市第一医院", "wu").unwrap());
    let west = DocumentId::from(server.account("成都市第二医院", "he").unwrap());

    let opp = |yuan: i64, product: &str, stage: &str, at: Timestamp| {
        Opportunity::new(
            OpportunityId::generate(),
            "项目",
            product,
            Money::from_yuan(yuan),
            stage.parse().unwrap(),
            at,
            wu.id,
        )
    };
    // A: won in Q4 (from win commitment before Q4 to paid on 20 October).
    let mut a = opp(1_000_000, "生化", "win_commitment", day(2025, 9, 1));
    a.move_to("paid".parse().unwrap(), day(2025, 10, 20), wu.id)
        .unwrap();
    let b = opp(2_000_000, "免疫", "present_value", day(2025, 10, 5));
    let c = opp(1_500_000, "生化", "win_commitment", day(2025, 10, 10));
    let d = opp(1_000_000, "免疫", "dig_needs", day(2025, 10, 12));
    let e = opp(2_000_000, "生化", "build_trust", day(2025, 10, 15));
    let f = opp(150_000, "生化", "analyse", day(2025, 11, 9));
    // G: in the funnel at the start of Q4, lost on 1 November.
    let mut g = opp(300_000, "生化", "analyse", day(2025, 9, 15));
    g.mark_lost(
        LostInfo {
            reason: "预算取消".into(),
            competitor: None,
        },
        day(2025, 11, 1),
        wu.id,
    )
    .unwrap();
    let b_id = b.id;

    let mut phone = Peer::new(SyncClient::new(PeerId::from("wu-phone")).writing_as(wu.id));
    phone
        .connect(&server.sync_url(&server.login("wu").await.unwrap()))
        .await
        .unwrap();
    phone.request(&[east]).await.unwrap();
    assert!(
        phone
            .pump_until(Duration::from_secs(20), Duration::from_millis(50), |e| e
                .document(east)
                .is_some())
            .await
            .unwrap()
    );
    edit_account(&mut phone.engine, east, |doc| {
        [&a, &b, &c, &d, &e, &f, &g]
            .iter()
            .for_each(|o| doc.put(*o).unwrap())
    })
    .unwrap();
    phone.changed(east).await.unwrap();
    assert!(phone.sync(Duration::from_secs(20)).await.unwrap());

    let mut other = Peer::new(SyncClient::new(PeerId::from("he-phone")).writing_as(he.id));
    other
        .connect(&server.sync_url(&server.login("he").await.unwrap()))
        .await
        .unwrap();
    other.request(&[west]).await.unwrap();
    assert!(
        other
            .pump_until(Duration::from_secs(20), Duration::from_millis(50), |e| e
                .document(west)
                .is_some())
            .await
            .unwrap()
    );
    let h = Opportunity::new(
        OpportunityId::generate(),
        "项目",
        "生化",
        Money::from_yuan(800_000),
        "dig_needs".parse().unwrap(),
        day(2025, 10, 3),
        he.id,
    );
    edit_account(&mut other.engine, west, |doc| doc.put(&h).unwrap()).unwrap();
    other.changed(west).await.unwrap();
    assert!(other.sync(Duration::from_secs(20)).await.unwrap());
    Org { server, b_id, east }
}

async fn get(server: &TestServer, user: &str, path: &str) -> (u16, Value) {
    let token = server.login(user).await.unwrap();
    let (status, body) = server.get(&token, path).await.unwrap();
    (status, serde_json::from_str(&body).unwrap())
}

#[tokio::test]
async fn the_worked_example_through_sync_gives_85_3_percent() {
    let o = org().await;
    let (status, f) = get(&o.server, "wu", "/api/v1/funnel?period=2025-Q4").await;
    assert_eq!(status, 200, "{f}");
    assert_eq!(f["opportunities"], 7);
    assert_eq!(yuan(&f["target"]), 5_000_000);
    assert_eq!(yuan(&f["won"]), 1_000_000);
    assert_eq!(yuan(&f["weighted_open"]), 3_265_000);
    assert_eq!(yuan(&f["forecast"]["part"]), 4_265_000);
    assert_eq!(f["forecast"]["percent"], 85.3);
    // Stage rows at the end of Q4.
    let row = |k: &str| {
        f["stages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["stage"] == k)
            .unwrap()
            .clone()
    };
    for (stage, count, amount, weighted) in [
        ("analyse", 1, 150_000, 15_000),
        ("build_trust", 1, 2_000_000, 400_000),
        ("dig_needs", 1, 1_000_000, 300_000),
        ("present_value", 1, 2_000_000, 1_200_000),
        ("win_commitment", 1, 1_500_000, 1_350_000),
        ("paid", 1, 1_000_000, 1_000_000),
        ("collect_info", 0, 0, 0),
    ] {
        let r = row(stage);
        assert_eq!(
            (
                r["count"].as_u64().unwrap(),
                yuan(&r["amount"]),
                yuan(&r["weighted"])
            ),
            (count, amount, weighted),
            "{stage}"
        );
    }
    assert_eq!(yuan(&f["weighted_pipeline"]), 3_265_000);
    assert_eq!(
        (f["lost"].as_u64(), f["dropped"].as_u64()),
        (Some(1), Some(0))
    );
    // In the funnel during Q4: all seven, 7,950,000. Moved forward: A. Left: G.
    assert_eq!(yuan(&f["progress"]["whole"]), 7_950_000);
    assert_eq!(yuan(&f["progress"]["part"]), 1_000_000);
    assert_eq!(f["progress"]["percent"], 12.6);
    assert_eq!(yuan(&f["churn"]["part"]), 300_000);
    assert_eq!(f["churn"]["percent"], 3.8);
    // Target group and collect information are empty while later stages are not.
    assert_eq!(f["funnel_shaped"], false);

    // The funnel as of 9 October: A still at win commitment (paid on the 20th), B presented,
    // C to F not yet created, G open.
    let (_, then) = get(
        &o.server,
        "wu",
        "/api/v1/funnel?period=2025-Q4&as_of=2025-10-09",
    )
    .await;
    let stage_count = |v: &Value, k: &str| {
        v["stages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["stage"] == k)
            .unwrap()["count"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(stage_count(&then, "win_commitment"), 1);
    assert_eq!(stage_count(&then, "paid"), 0);
    assert_eq!(stage_count(&then, "dig_needs"), 0);
    assert_eq!(stage_count(&then, "present_value"), 1);
    assert_eq!(stage_count(&then, "analyse"), 1);
    assert_eq!(then["lost"], 0);

    // Drill-down into a stage.
    let (_, list) = get(
        &o.server,
        "wu",
        "/api/v1/funnel/opportunities?period=2025-Q4&stage=present_value",
    )
    .await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["id"], o.b_id.to_string());
    assert_eq!(list["items"][0]["account_name"], "宁波市第一医院");
    // Filters narrow: one product line.
    let (_, immune) = get(
        &o.server,
        "wu",
        "/api/v1/funnel?period=2025-Q4&product=免疫",
    )
    .await;
    assert_eq!(immune["opportunities"], 2);
}

#[tokio::test]
async fn each_role_sees_its_own_scope_and_filters_cannot_widen_it() {
    let o = org().await;
    let s = &o.server;
    assert_eq!(
        get(s, "wu", "/api/v1/funnel?period=2025-Q4").await.1["opportunities"],
        7
    );
    assert_eq!(
        get(s, "he", "/api/v1/funnel?period=2025-Q4").await.1["opportunities"],
        1
    );
    assert_eq!(
        get(s, "lin", "/api/v1/funnel?period=2025-Q4").await.1["opportunities"],
        7
    );
    assert_eq!(
        get(s, "boss", "/api/v1/funnel?period=2025-Q4").await.1["opportunities"],
        8
    );
    assert_eq!(
        get(s, "boss", "/api/v1/funnel?period=2025-Q4&team=west")
            .await
            .1["opportunities"],
        1
    );
    assert_eq!(
        get(s, "lin", "/api/v1/funnel?period=2025-Q4&rep=wu")
            .await
            .1["opportunities"],
        7
    );
    for (user, path) in [
        ("wu", "/api/v1/funnel?rep=he"),
        ("wu", "/api/v1/funnel?team=east"),
        ("lin", "/api/v1/funnel?rep=he"),
        ("lin", "/api/v1/funnel?team=west"),
        ("he", "/api/v1/funnel/opportunities?rep=wu"),
    ] {
        let (status, body) = get(s, user, path).await;
        assert_eq!(status, 403, "{user} {path}: {body}");
        assert_eq!(body["error"]["code"], "forbidden");
    }
    let res = reqwest::get(s.url("/api/v1/funnel")).await.unwrap();
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn bad_filters_get_a_400_that_says_what_is_wrong() {
    let o = org().await;
    for (path, code, says) in [
        (
            "/api/v1/funnel?level=9z",
            "invalid_filter",
            "unknown hospital level `9z`",
        ),
        (
            "/api/v1/funnel?team=nowhere",
            "invalid_filter",
            "unknown team `nowhere`",
        ),
        (
            "/api/v1/funnel?rep=ghost",
            "invalid_filter",
            "unknown rep `ghost`",
        ),
        ("/api/v1/funnel?period=2025-Q5", "invalid_period", "2025-Q5"),
        (
            "/api/v1/funnel?period=fortnight",
            "invalid_period",
            "fortnight",
        ),
        (
            "/api/v1/funnel?from=2025-13-01&to=2025-12-31",
            "invalid_date",
            "`from` must be a date",
        ),
        (
            "/api/v1/funnel?from=2025-12-01&to=2025-10-01",
            "invalid_period",
            "before it starts",
        ),
        (
            "/api/v1/funnel?from=2025-12-01",
            "invalid_period",
            "needs both",
        ),
        ("/api/v1/funnel?as_of=yesterday", "invalid_date", "`as_of`"),
        ("/api/v1/funnel?colour=red", "invalid_query", "colour"),
        (
            "/api/v1/funnel/opportunities?limit=0",
            "invalid_page",
            "between 1 and 1000",
        ),
        (
            "/api/v1/funnel/opportunities?limit=1000000",
            "invalid_page",
            "between 1 and 1000",
        ),
        (
            "/api/v1/funnel/opportunities?limit=ten",
            "invalid_page",
            "`limit` must be a whole number",
        ),
        (
            "/api/v1/funnel/opportunities?stage=nowhere",
            "invalid_filter",
            "unknown stage `nowhere`",
        ),
        (
            "/api/v1/funnel/stalled?days=0",
            "invalid_filter",
            "between 1 and 3650",
        ),
    ] {
        let (status, body) = get(&o.server, "lin", path).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert_eq!(body["error"]["code"], code, "{path}: {body}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(says), "{path}: {message}");
    }
}

#[tokio::test]
async fn stalled_opportunities_are_listed_longest_idle_first() {
    let o = org().await;
    let (status, list) = get(
        &o.server,
        "wu",
        "/api/v1/funnel/stalled?period=2025-Q4&days=30",
    )
    .await;
    assert_eq!(status, 200, "{list}");
    // Every open opportunity of 2025 has been idle for far more than 30 days.
    assert_eq!(list["total"], 5);
    let idle: Vec<i64> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["idle_days"].as_i64().unwrap())
        .collect();
    assert!(idle.windows(2).all(|w| w[0] >= w[1]), "{idle:?}");
}

#[tokio::test]
async fn a_synced_change_shows_in_the_very_next_funnel_read() {
    let o = org().await;
    let count = |f: &Value, k: &str| {
        f["stages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["stage"] == k)
            .unwrap()["count"]
            .as_u64()
            .unwrap()
    };
    // Read once, so the funnel's data is cached.
    let (_, before) = get(&o.server, "lin", "/api/v1/funnel?period=2025-Q4").await;
    assert_eq!(
        (
            count(&before, "present_value"),
            count(&before, "win_commitment")
        ),
        (1, 1)
    );
    let mut phone = Peer::new(
        SyncClient::new(PeerId::from("wu-phone-2")).writing_as(o.server.user_id("wu").unwrap()),
    );
    phone
        .connect(&o.server.sync_url(&o.server.login("wu").await.unwrap()))
        .await
        .unwrap();
    phone.request(&[o.east]).await.unwrap();
    assert!(
        phone
            .pump_until(Duration::from_secs(20), Duration::from_millis(50), |e| e
                .document(o.east)
                .is_some())
            .await
            .unwrap()
    );
    let wu = o.server.store.user_by_name("wu").unwrap().unwrap().0;
    edit_account(&mut phone.engine, o.east, |d| {
        let mut b = d.get::<Opportunity>(o.b_id).unwrap().value;
        b.move_to("win_commitment".parse().unwrap(), day(2025, 12, 1), wu.id)
            .unwrap();
        d.put(&b).unwrap();
    })
    .unwrap();
    phone.changed(o.east).await.unwrap();
    assert!(phone.sync(Duration::from_secs(20)).await.unwrap());
    let (_, after) = get(&o.server, "lin", "/api/v1/funnel?period=2025-Q4").await;
    assert_eq!(
        (
            count(&after, "present_value"),
            count(&after, "win_commitment")
        ),
        (0, 2)
    );
}
