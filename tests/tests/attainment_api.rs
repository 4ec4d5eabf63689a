//! `GET /api/v1/attainment`: a week's plans against the visits made, worked out by hand from
//! plans and visits synced through the real sync endpoint.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::time::Duration;

use chrono::NaiveDate;
use rounds_shared::doc::PersonalDoc;
use rounds_shared::ids::{AccountId, PlanId};
use rounds_shared::model::{Audit, PlannedVisit, Visit, WeeklyPlan};
use rounds_shared::sync::DocumentId;
use rounds_shared::time::{PeriodKey, Timestamp, TzOffset};
use rounds_tests::{TestServer, edit_account};
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(20);

/// A day of the week of Monday 2026-11-16 (2026-W47).
fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

/// `hour` o'clock Beijing time on the 16th + `d`.
fn at(d: u32, hour: i64) -> Timestamp {
    Timestamp(Timestamp::start_of(day(d), TzOffset::BEIJING).0 + hour * 3_600_000)
}

async fn visits(server: &TestServer, user: &str, made: &[(AccountId, Timestamp)]) {
    let me = server.user_id(user).unwrap();
    let docs: Vec<DocumentId> = made.iter().map(|(a, _)| DocumentId::from(*a)).collect();
    let mut peer = server.online(user, &docs).await.unwrap();
    for (a, when) in made {
        let doc = DocumentId::from(*a);
        edit_account(&mut peer.engine, doc, |d| d.put(&Visit::new(*when, me)))
            .unwrap()
            .unwrap();
        peer.changed(doc).await.unwrap();
    }
    assert!(peer.sync(WAIT).await.unwrap(), "{:?}", peer.errors);
    assert!(peer.errors.is_empty(), "{:?}", peer.errors);
}

async fn plan(server: &TestServer, user: &str, visits: Vec<PlannedVisit>) {
    let me = server.user_id(user).unwrap();
    let doc = rounds_server::storage::Store::user_by_name(server.store.as_ref(), user)
        .unwrap()
        .unwrap()
        .0
        .personal_doc;
    let mut peer = server.online(user, &[doc]).await.unwrap();
    let p = WeeklyPlan {
        id: PlanId::generate(),
        week: PeriodKey::Week {
            year: 2026,
            week: 47,
        },
        goals: String::new(),
        visits,
        submitted_at: Some(at(13, 17)),
        audit: Audit::new(at(13, 17), me),
    };
    PersonalDoc::with(peer.engine.document_mut(doc).unwrap(), |d| d.put(&p)).unwrap();
    peer.changed(doc).await.unwrap();
    assert!(peer.sync(WAIT).await.unwrap(), "{:?}", peer.errors);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_weeks_plans_against_the_visits_made_as_worked_out_by_hand() {
    let server = TestServer::start().await.unwrap();
    server.two_teams().unwrap();
    let (a, b, c) = (
        server.account("甲医院", "wu").unwrap(),
        server.account("乙医院", "wu").unwrap(),
        server.account("丙医院", "wu").unwrap(),
    );
    let d = server.account("丁医院", "he").unwrap();
    let e = server.account("戊医院", "zhou").unwrap();
    let pv = |account, d| PlannedVisit {
        account,
        day: day(d),
        purpose: String::new(),
    };
    // wu plans A Monday, B Tuesday, C Wednesday, A Thursday.
    plan(
        &server,
        "wu",
        vec![pv(a, 16), pv(b, 17), pv(c, 18), pv(a, 19)],
    )
    .await;
    // wu sees A Monday (done), B on Wednesday (not Tuesday: not done), A Thursday (done),
    // C on Friday (not Wednesday: not done); and A again the next Monday (another week).
    visits(
        &server,
        "wu",
        &[
            (a, at(16, 10)),
            (b, at(18, 9)),
            (a, at(19, 15)),
            (c, at(20, 11)),
            (a, at(23, 10)),
        ],
    )
    .await;
    // he has no plan and one visit; zhou is another team's.
    visits(&server, "he", &[(d, at(17, 10))]).await;
    plan(&server, "zhou", vec![pv(e, 16)]).await;

    let token = server.login("lin").await.unwrap();
    let (status, body) = server
        .get(&token, "/api/v1/attainment?week=2026-W47")
        .await
        .unwrap();
    assert_eq!(status, 200, "{body}");
    let r: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (
            r["week"].as_str(),
            r["planned"].as_u64(),
            r["done"].as_u64(),
            r["rate"].as_f64()
        ),
        (Some("2026-W47"), Some(4), Some(2), Some(0.5))
    );
    let names: Vec<&str> = r["reps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["he", "wu"]);
    let he = &r["reps"][0];
    assert_eq!(
        (
            he["planned"].as_u64(),
            he["rate"].as_f64(),
            he["visits"].as_u64(),
            he["unplanned"].as_u64()
        ),
        (Some(0), None, Some(1), Some(1))
    );
    let wu = &r["reps"][1];
    assert_eq!(
        (
            wu["planned"].as_u64(),
            wu["done"].as_u64(),
            wu["visits"].as_u64(),
            wu["unplanned"].as_u64()
        ),
        (Some(4), Some(2), Some(4), Some(2))
    );
    let items: Vec<(String, String, bool)> = wu["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["hospital"].as_str().unwrap().to_owned(),
                i["day"].as_str().unwrap().to_owned(),
                i["done"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        items,
        vec![
            ("甲医院".to_owned(), "2026-11-16".to_owned(), true),
            ("乙医院".to_owned(), "2026-11-17".to_owned(), false),
            ("丙医院".to_owned(), "2026-11-18".to_owned(), false),
            ("甲医院".to_owned(), "2026-11-19".to_owned(), true),
        ]
    );
    // A rep sees themselves; a bad week says what is wrong.
    let token = server.login("wu").await.unwrap();
    let (_, own) = server
        .get(&token, "/api/v1/attainment?week=2026-W47")
        .await
        .unwrap();
    let own: Value = serde_json::from_str(&own).unwrap();
    assert_eq!(own["reps"].as_array().unwrap().len(), 1);
    let (status, body) = server
        .get(&token, "/api/v1/attainment?week=2026-11")
        .await
        .unwrap();
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("ISO week"), "{body}");
}
