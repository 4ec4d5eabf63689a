//! The phone's own week and the server's activity report apply the same rules
//! (`rounds_shared::activity`) to the same documents, so a rep and their manager see the
//! same numbers.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::time::Duration;

use chrono::NaiveDate;
use rounds_server::storage::Store;
use rounds_shared::activity::{RepWeek, measure_week};
use rounds_shared::doc::{AccountContents, PersonalDoc};
use rounds_shared::ids::{OpportunityId, PlanId, ReviewId, UserId};
use rounds_shared::model::{AccountReview, Audit, Opportunity, Visit, WeeklyPlan};
use rounds_shared::money::Money;
use rounds_shared::sync::DocumentId;
use rounds_shared::time::{PeriodKey, Timestamp, TzOffset};
use rounds_tests::peer::Peer;
use rounds_tests::{TestServer, edit_account, read_account};
use serde_json::Value;

/// One standard's figure: metric, stage, actual, basis and the period measured.
type Row = (String, Option<String>, i64, Option<i64>, String);

fn day(d: u32, hour: i64) -> Timestamp {
    Timestamp(
        Timestamp::start_of(
            NaiveDate::from_ymd_opt(2025, 11, d).unwrap(),
            TzOffset::BEIJING,
        )
        .0 + hour * 3_600_000,
    )
}

async fn online(server: &TestServer, user: &str, docs: &[DocumentId]) -> Peer {
    server.online(user, docs).await.unwrap()
}

async fn write(
    peer: &mut Peer,
    doc: DocumentId,
    f: impl FnOnce(&mut rounds_shared::doc::AccountDoc),
) {
    edit_account(&mut peer.engine, doc, f).unwrap();
    peer.changed(doc).await.unwrap();
    assert!(peer.sync(Duration::from_secs(20)).await.unwrap());
}

fn visit(by: UserId, at: Timestamp) -> Visit {
    let mut v = Visit::new(at, by);
    v.purpose = "技术交流".into();
    v
}

/// The phone's figures for `rep`: what it computes from the documents it holds after a
/// sync, as `(metric, stage, actual, basis, period)`.
async fn phone_week(
    server: &TestServer,
    rep: &rounds_server::storage::User,
    accounts: &[DocumentId],
    week: PeriodKey,
) -> Vec<Row> {
    let mut docs = accounts.to_vec();
    docs.push(rep.personal_doc);
    let phone = online(server, &rep.username, &docs).await;
    let contents: Vec<AccountContents> = accounts
        .iter()
        .map(|a| {
            AccountContents::read(&read_account(&phone.engine, *a).unwrap())
                .unwrap()
                .value
        })
        .collect();
    let personal =
        PersonalDoc::from_automerge(phone.engine.document(rep.personal_doc).unwrap().clone());
    let plans = personal.all::<WeeklyPlan>().value;
    let records = RepWeek::from_documents(
        rep.id,
        contents.iter().map(|c| (&c.account, &c.records)),
        &plans,
    );
    let org = server.store.org_config().unwrap();
    measure_week(&org, week, Timestamp(i64::MAX), &records)
        .into_iter()
        .map(|m| {
            (
                m.standard.metric.key().to_owned(),
                m.standard.stage.map(|s| s.to_string()),
                m.actual,
                m.basis,
                m.period.to_string(),
            )
        })
        .collect()
}

/// The server's figures for the rep in the activity report, in the same shape.
fn report_week(report: &Value, rep: UserId) -> Vec<Row> {
    let week = report["week"].as_str().unwrap();
    let reps = report["reps"].as_array().unwrap();
    let row = reps
        .iter()
        .find(|r| r["rep_id"] == rep.to_string())
        .unwrap();
    row["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["metric"].as_str().unwrap().to_owned(),
                c["stage"].as_str().map(str::to_owned),
                c["actual"].as_i64().unwrap(),
                c["basis"].as_i64(),
                c["period"].as_str().unwrap_or(week).to_owned(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_phones_week_and_the_managers_report_agree_on_the_same_documents() {
    let server = TestServer::start().await.unwrap();
    server.team("east").unwrap();
    let wu = server.user("wu", "rep", Some("east")).unwrap();
    let zhou = server.user("zhou", "rep", Some("east")).unwrap();
    let lin = server.user("lin", "manager", None).unwrap();
    server.manage("east", "lin").unwrap();
    let mine = DocumentId::from(server.account("无锡市人民医院", "wu").unwrap());
    let theirs = DocumentId::from(server.account("苏州市立医院", "zhou").unwrap());
    let week: PeriodKey = "2025-W45".parse().unwrap(); // 3 to 9 November 2025

    // wu: two visits in the week and one before it, a new opportunity now in analysis, and
    // the week's plan submitted.
    let mut phone = online(&server, "wu", &[mine, wu.personal_doc]).await;
    let mut fresh = Opportunity::new(
        OpportunityId::generate(),
        "凝血仪",
        "生化",
        Money::from_yuan(200_000),
        "collect_info".parse().unwrap(),
        day(4, 10),
        wu.id,
    );
    fresh
        .move_to("analyse".parse().unwrap(), day(6, 10), wu.id)
        .unwrap();
    write(&mut phone, mine, |d| {
        d.put(&visit(wu.id, day(3, 9))).unwrap();
        d.put(&visit(wu.id, day(7, 14))).unwrap();
        d.put(&visit(wu.id, Timestamp(day(3, 0).0 - 3_600_000)))
            .unwrap();
        d.put(&fresh).unwrap();
    })
    .await;
    {
        let doc = phone.engine.document_mut(wu.personal_doc).unwrap();
        let mut personal = PersonalDoc::from_automerge(std::mem::take(doc));
        personal
            .put(&WeeklyPlan {
                id: PlanId::generate(),
                week,
                goals: "拜访八家医院".into(),
                visits: Vec::new(),
                submitted_at: Some(day(1, 17)),
                audit: Audit::new(day(1, 17), wu.id),
            })
            .unwrap();
        *doc = std::mem::take(personal.automerge());
    }
    phone.changed(wu.personal_doc).await.unwrap();
    assert!(phone.sync(Duration::from_secs(20)).await.unwrap());

    // lin, the manager, logs a visit of their own on wu's hospital (lin's visit, not wu's)
    // and reviews it with wu twice in the week (one account).
    let mut laptop = online(&server, "lin", &[mine, theirs]).await;
    write(&mut laptop, mine, |d| {
        d.put(&visit(lin.id, day(5, 10))).unwrap();
        for at in [day(5, 18), day(8, 18)] {
            d.put(&AccountReview {
                id: ReviewId::generate(),
                rep: wu.id,
                note: "重点客户回顾".into(),
                audit: Audit::new(at, lin.id),
            })
            .unwrap();
        }
    })
    .await;

    // zhou: one visit on their own hospital.
    let mut other = online(&server, "zhou", &[theirs]).await;
    write(&mut other, theirs, |d| {
        d.put(&visit(zhou.id, day(4, 9))).unwrap()
    })
    .await;

    let token = server.login("lin").await.unwrap();
    let (status, body) = server
        .get(&token, "/api/v1/activity?period=2025-W45")
        .await
        .unwrap();
    assert_eq!(status, 200, "{body}");
    let report: Value = serde_json::from_str(&body).unwrap();

    let wu_phone = phone_week(&server, &wu, &[mine], week).await;
    assert_eq!(wu_phone, report_week(&report, wu.id));
    let zhou_phone = phone_week(&server, &zhou, &[theirs], week).await;
    assert_eq!(zhou_phone, report_week(&report, zhou.id));

    // The numbers themselves, so agreement on a wrong rule cannot pass: the manager's visit
    // on wu's hospital is not wu's (the phone used to count it), two reviews of one account
    // are one account reviewed.
    let actual = |rows: &[Row], metric: &str, stage: Option<&str>| {
        rows.iter()
            .find(|r| r.0 == metric && r.1.as_deref() == stage)
            .map(|r| r.2)
    };
    assert_eq!(actual(&wu_phone, "visits_per_week", None), Some(2));
    assert_eq!(actual(&wu_phone, "new_prospects_per_week", None), Some(1));
    assert_eq!(actual(&wu_phone, "weekly_plan_submitted", None), Some(1));
    assert_eq!(
        actual(&wu_phone, "key_accounts_reviewed_per_week", None),
        Some(1)
    );
    assert_eq!(
        actual(&wu_phone, "accounts_in_stage", Some("analyse")),
        Some(1)
    );
    assert_eq!(actual(&zhou_phone, "visits_per_week", None), Some(1));
    assert_eq!(
        actual(&zhou_phone, "key_accounts_reviewed_per_week", None),
        Some(0)
    );
}
