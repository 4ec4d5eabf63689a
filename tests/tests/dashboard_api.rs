//! Activity against standards, the visit feed, co-visits, account classes and CSV export,
//! over data synced through the real sync endpoint.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::time::Duration;

use chrono::NaiveDate;
use rounds_shared::doc::PersonalDoc;
use rounds_shared::ids::{OpportunityId, PlanId, ReviewId};
use rounds_shared::model::{AccountAttitude, AccountReview, Audit, Opportunity, Visit, WeeklyPlan};
use rounds_shared::money::Money;
use rounds_shared::sync::DocumentId;
use rounds_shared::time::{Timestamp, TzOffset};
use rounds_tests::peer::Peer;
use rounds_tests::{TestServer, edit_account};
use serde_json::Value;

fn day(y: i32, m: u32, d: u32, hour: i64) -> Timestamp {
    Timestamp(
        Timestamp::start_of(NaiveDate::from_ymd_opt(y, m, d).unwrap(), TzOffset::BEIJING).0
            + hour * 3_600_000,
    )
}

async fn online(server: &TestServer, user: &str, docs: &[DocumentId]) -> Peer {
    server.online(user, docs).await.unwrap()
}

async fn get(server: &TestServer, user: &str, path: &str) -> (u16, String) {
    let token = server.login(user).await.unwrap();
    server.get(&token, path).await.unwrap()
}

async fn json(server: &TestServer, user: &str, path: &str) -> Value {
    let (status, body) = get(server, user, path).await;
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap()
}

fn visit(by: rounds_shared::ids::UserId, at: Timestamp, purpose: &str) -> Visit {
    let mut v = Visit::new(at, by);
    v.purpose = purpose.into();
    v.content = "与主任讨论,需要报价".into();
    v.next_step = "下周报价".into();
    v
}

/// An opportunity `(title, yuan)` created at the first of `moves` and moved through the rest.
fn opp(
    (title, yuan): (&str, i64),
    moves: &[(&str, Timestamp)],
    by: rounds_shared::ids::UserId,
) -> Opportunity {
    let (first, created) = moves[0];
    let mut o = Opportunity::new(
        OpportunityId::generate(),
        title,
        "生化",
        Money::from_yuan(yuan),
        first.parse().unwrap(),
        created,
        by,
    );
    for (to, at) in &moves[1..] {
        o.move_to(to.parse().unwrap(), *at, by).unwrap();
    }
    o
}

#[tokio::test]
async fn the_managers_views_follow_what_reps_synced() {
    let server = TestServer::start().await.unwrap();
    server.team("east").unwrap();
    let wu = server.user("wu", "rep", Some("east")).unwrap();
    let he = server.user("he", "rep", None).unwrap();
    let lin = server.user("lin", "manager", None).unwrap();
    server.manage("east", "lin").unwrap();
    let east = DocumentId::from(server.account("无锡市人民医院", "wu").unwrap());
    let other = DocumentId::from(server.account("别人的医院", "he").unwrap());

    // wu: three visits in 2025-W45 (3 to 9 November), one the week before; a new
    // opportunity that week, one in analysis, one won in Q4 (signed in September, paid in
    // October), one signed on 4 November and not yet paid; attitude friendly; and the
    // week's plan submitted.
    let mut phone = online(&server, "wu", &[east, wu.personal_doc]).await;
    let won = opp(
        ("生化仪", 600_000),
        &[
            ("win_commitment", day(2025, 9, 1, 10)),
            ("paid", day(2025, 10, 20, 10)),
        ],
        wu.id,
    );
    let analysing = opp(
        ("凝血仪", 200_000),
        &[("analyse", day(2025, 10, 1, 10))],
        wu.id,
    );
    let signed = opp(
        ("化学发光", 200_000),
        &[
            ("present_value", day(2025, 8, 1, 10)),
            ("win_commitment", day(2025, 11, 4, 15)),
        ],
        wu.id,
    );
    let fresh = opp(
        ("尿液线", 100_000),
        &[("collect_info", day(2025, 11, 5, 10))],
        wu.id,
    );
    edit_account(&mut phone.engine, east, |d| {
        d.put(&visit(wu.id, day(2025, 11, 3, 9), "初访")).unwrap();
        d.put(&visit(wu.id, day(2025, 11, 5, 14), "技术交流, \"重点\""))
            .unwrap();
        d.put(&visit(wu.id, day(2025, 11, 9, 16), "商务谈判"))
            .unwrap();
        d.put(&visit(wu.id, day(2025, 10, 30, 10), "上周的拜访"))
            .unwrap();
        d.put(&won).unwrap();
        d.put(&analysing).unwrap();
        d.put(&signed).unwrap();
        d.put(&fresh).unwrap();
        let mut a = d.account().unwrap().value;
        a.attitude = Some(AccountAttitude::Friendly);
        d.set_account(&a).unwrap();
    })
    .unwrap();
    {
        let doc = phone.engine.document_mut(wu.personal_doc).unwrap();
        let mut personal = PersonalDoc::from_automerge(std::mem::take(doc));
        personal
            .put(&WeeklyPlan {
                id: PlanId::generate(),
                week: "2025-W45".parse().unwrap(),
                goals: "拜访八家医院".into(),
                visits: Vec::new(),
                submitted_at: Some(day(2025, 10, 31, 17)),
                audit: Audit::new(day(2025, 10, 31, 17), wu.id),
            })
            .unwrap();
        *doc = std::mem::take(personal.automerge());
    }
    phone.changed(east).await.unwrap();
    phone.changed(wu.personal_doc).await.unwrap();
    assert!(phone.sync(Duration::from_secs(20)).await.unwrap());
    // lin reviews the account with wu twice this week (one account) and once the week
    // before, from lin's own device (a review is the manager's record).
    let mut laptop = online(&server, "lin", &[east]).await;
    edit_account(&mut laptop.engine, east, |d| {
        for at in [
            day(2025, 11, 3, 18),
            day(2025, 11, 7, 18),
            day(2025, 10, 31, 18),
        ] {
            d.put(&AccountReview {
                id: ReviewId::generate(),
                rep: wu.id,
                note: "重点客户回顾".into(),
                audit: Audit::new(at, lin.id),
            })
            .unwrap();
        }
    })
    .unwrap();
    laptop.changed(east).await.unwrap();
    assert!(laptop.sync(Duration::from_secs(20)).await.unwrap());
    let mut them = online(&server, "he", &[other]).await;
    edit_account(&mut them.engine, other, |d| {
        d.put(&visit(he.id, day(2025, 11, 4, 9), "别组的拜访"))
            .unwrap()
    })
    .unwrap();
    them.changed(other).await.unwrap();
    assert!(them.sync(Duration::from_secs(20)).await.unwrap());

    // Activity against standards.
    let act = json(&server, "lin", "/api/v1/activity?period=2025-W45").await;
    assert_eq!(act["week"], "2025-W45");
    let reps = act["reps"].as_array().unwrap();
    assert_eq!(reps.len(), 1, "only the manager's team: {act}");
    let cell = |metric: &str, stage: Option<&str>| {
        reps[0]["cells"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["metric"] == metric && c["stage"].as_str() == stage)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (
            cell("visits_per_week", None)["actual"].as_i64(),
            cell("visits_per_week", None)["met"].as_bool()
        ),
        (Some(3), Some(false))
    );
    assert_eq!(cell("new_prospects_per_week", None)["actual"], 1);
    assert_eq!(cell("key_accounts_reviewed_per_week", None)["actual"], 1);
    assert_eq!(
        (
            cell("weekly_plan_submitted", None)["actual"].as_i64(),
            cell("weekly_plan_submitted", None)["met"].as_bool()
        ),
        (Some(1), Some(true))
    );
    assert_eq!(cell("accounts_in_stage", Some("analyse"))["actual"], 1);
    assert_eq!(cell("accounts_in_stage", Some("analyse"))["minimum"], 40);
    // Contracts and new business: November so far; receivables: 2025 so far, where
    // ¥600,000 of the ¥800,000 signed is paid.
    let contracts = cell("contracts_per_month", None);
    assert_eq!(
        (contracts["actual"].as_i64(), contracts["period"].as_str()),
        (Some(1), Some("2025-11"))
    );
    assert_eq!(cell("new_business_per_month", None)["actual"], 20_000_000);
    let collected = cell("receivables_collected_percent", None);
    assert_eq!(
        (
            collected["actual"].as_i64(),
            collected["basis"].as_i64(),
            collected["period"].as_str(),
            collected["met"].as_bool()
        ),
        (Some(75), Some(80_000_000), Some("2025"), Some(false))
    );
    assert!(cell("visits_per_week", None).get("period").is_none());
    let (status, body) = get(&server, "lin", "/api/v1/activity?period=2025-Q4").await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("per week"));

    // The visit feed: the team's visits of the week, newest first; CSV with a BOM.
    let feed = json(&server, "lin", "/api/v1/visits?period=2025-W45").await;
    assert_eq!(feed["total"], 3);
    let purposes: Vec<&str> = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["purpose"].as_str().unwrap())
        .collect();
    assert_eq!(purposes, vec!["商务谈判", "技术交流, \"重点\"", "初访"]);
    // A page of it: the second newest, with the total of all.
    let page = json(
        &server,
        "lin",
        "/api/v1/visits?period=2025-W45&limit=1&offset=1",
    )
    .await;
    assert_eq!(page["total"], 3);
    assert_eq!(page["items"][0]["purpose"], "技术交流, \"重点\"");
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        json(&server, "he", "/api/v1/visits?period=2025-W45").await["total"],
        1
    );
    let (status, csv) = get(&server, "lin", "/api/v1/visits?period=2025-W45&format=csv").await;
    assert_eq!(status, 200);
    assert!(csv.starts_with('\u{feff}'), "UTF-8 BOM for Excel");
    let lines: Vec<&str> = csv
        .trim_start_matches('\u{feff}')
        .trim_end()
        .split("\r\n")
        .collect();
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(lines[0].starts_with("时间,代表,医院,目的"));
    assert!(
        lines[1].contains("2025-11-09 16:00") && lines[1].contains("无锡市人民医院"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains("\"技术交流, \"\"重点\"\"\""),
        "quoted: {}",
        lines[2]
    );

    // Classes: the one account with revenue in Q4 is key, friendly → deepen.
    let classes = json(&server, "lin", "/api/v1/accounts/classes?period=2025-Q4").await;
    assert_eq!(classes[0]["name"], "无锡市人民医院");
    assert_eq!(classes[0]["class"], "key");
    assert_eq!(classes[0]["revenue"].as_i64(), Some(60_000_000));
    assert_eq!(classes[0]["action"], "deepen");
    let (_, csv) = get(
        &server,
        "lin",
        "/api/v1/accounts/classes?period=2025-Q4&format=csv",
    )
    .await;
    assert!(
        csv.contains("无锡市人民医院,600000.00,大客户,高价值,友好"),
        "{csv}"
    );

    // The funnel as CSV, and a format that does not exist.
    let (_, csv) = get(&server, "wu", "/api/v1/funnel?period=2025-Q4&format=csv").await;
    assert!(
        csv.contains("客户分析,Customer analysis,10%,1,200000.00,20000.00"),
        "{csv}"
    );
    let (status, body) = get(&server, "wu", "/api/v1/funnel?format=xml").await;
    assert_eq!(status, 400);
    assert!(body.contains("json or csv"));
}
