//! Daily lists (日清单) and the manager's 3E review through the real server: reps submit
//! their lists through sync; `GET /daily` shows the team's day (who submitted by the
//! cut-off, help asked first); the manager's review goes into the rep's personal document
//! and reaches the rep's device; the rep cannot write a review.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::time::Duration;

use chrono::NaiveDate;
use rounds_shared::doc::{PersonalDoc, actor_for};
use rounds_shared::ids::PlanId;
use rounds_shared::model::{Audit, DailyEntry, DailyList, DailyReview, PlannedVisit};
use rounds_shared::sync::DocumentId;
use rounds_shared::time::{Timestamp, TzOffset};
use rounds_tests::TestServer;
use rounds_tests::peer::Peer;
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(20);

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// `hour` o'clock Beijing time on the day.
fn at(hour: i64) -> Timestamp {
    Timestamp(Timestamp::start_of(day(), TzOffset::BEIJING).0 + hour * 3_600_000)
}

fn personal_of(server: &TestServer, user: &str) -> DocumentId {
    rounds_server::storage::Store::user_by_name(server.store.as_ref(), user)
        .unwrap()
        .unwrap()
        .0
        .personal_doc
}

async fn submit(server: &TestServer, user: &str, list: &DailyList) -> Peer {
    let doc = personal_of(server, user);
    let mut peer = server.online(user, &[doc]).await.unwrap();
    PersonalDoc::with(peer.engine.document_mut(doc).unwrap(), |d| d.put(list)).unwrap();
    peer.changed(doc).await.unwrap();
    assert!(peer.sync(WAIT).await.unwrap(), "{:?}", peer.errors);
    assert!(peer.errors.is_empty(), "{:?}", peer.errors);
    peer
}

fn list(server: &TestServer, user: &str, submitted: Option<Timestamp>, help: &str) -> DailyList {
    let me = server.user_id(user).unwrap();
    let account = server.account(&format!("{user}的医院"), user).unwrap();
    DailyList {
        id: PlanId::generate(),
        day: day(),
        entries: vec![DailyEntry {
            account,
            hospital: format!("{user}的医院"),
            visit: None,
            purpose: "产品介绍".into(),
            content: "检验科主任认可样机".into(),
            problems: "担心售后".into(),
            next_step: "下周演示".into(),
        }],
        help_needed: help.into(),
        tomorrow: vec![PlannedVisit {
            account,
            day: day().succ_opt().unwrap(),
            purpose: "演示".into(),
        }],
        submitted_at: submitted,
        audit: Audit::new(at(16), me),
    }
}

async fn get(server: &TestServer, user: &str, path: &str) -> (u16, Value) {
    let token = server.login(user).await.unwrap();
    let (status, body) = server.get(&token, path).await.unwrap();
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

async fn put_review(server: &TestServer, user: &str, rep: &str, body: Value) -> (u16, String) {
    let token = server.login(user).await.unwrap();
    let rep = server.user_id(rep).unwrap();
    server
        .send(
            &token,
            reqwest::Method::PUT,
            &format!("/api/v1/daily/{rep}/{}/review", day()),
            &body,
        )
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_manager_sees_the_day_reviews_and_the_rep_gets_the_review() {
    let server = TestServer::start().await.unwrap();
    server.two_teams().unwrap();
    // wu submits at 17:00 asking for help; he keeps a draft; zhou (other team) submits late.
    let wu_list = list(&server, "wu", Some(at(17)), "需要公司安排样机");
    let mut wu = submit(&server, "wu", &wu_list).await;
    submit(&server, "he", &list(&server, "he", None, "")).await;
    submit(&server, "zhou", &list(&server, "zhou", Some(at(21)), "")).await;

    let (status, report) = get(&server, "lin", &format!("/api/v1/daily?day={}", day())).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        (
            report["submitted"].as_u64(),
            report["missing"].as_u64(),
            report["help"].as_u64()
        ),
        (Some(1), Some(1), Some(1))
    );
    assert_eq!(report["cutoff"], "18:00");
    let reps: Vec<&str> = report["reps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        reps,
        vec!["wu", "he"],
        "help asked first; zhou is another team's"
    );
    let first = &report["reps"][0];
    assert_eq!(first["late"], false);
    assert_eq!(first["list"]["help_needed"], "需要公司安排样机");
    assert_eq!(first["list"]["entries"][0]["content"], "检验科主任认可样机");
    assert_eq!(
        report["reps"][1]["late"], true,
        "a draft is not submitted, and the day is over"
    );
    // The other team's manager of nobody, a rep for themselves, a bad day.
    let (_, own) = get(&server, "wu", &format!("/api/v1/daily?day={}", day())).await;
    assert_eq!(own["reps"].as_array().unwrap().len(), 1);
    assert_eq!(get(&server, "lin", "/api/v1/daily?day=23-11").await.0, 400);

    // The cut-off is the organisation's: at 16:30, wu's 17:00 list is late. Only an admin
    // sets it, and only to a time of day.
    server.user("boss", "admin", None).unwrap();
    let cutoff = |who: &'static str, text: &'static str| {
        let server = &server;
        async move {
            let token = server.login(who).await.unwrap();
            let body = serde_json::json!({ "cutoff": text });
            server
                .send(&token, reqwest::Method::PUT, "/api/v1/org/cutoff", &body)
                .await
                .unwrap()
        }
    };
    assert_eq!(cutoff("lin", "16:30").await.0, 403);
    let (status, body) = cutoff("boss", "25:00").await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("cutoff"), "{body}");
    let (status, body) = cutoff("boss", "16:30").await;
    assert_eq!(status, 200, "{body}");
    let (_, report) = get(&server, "lin", &format!("/api/v1/daily?day={}", day())).await;
    assert_eq!(report["cutoff"], "16:30");
    assert_eq!(report["reps"][0]["late"], true, "submitted at 17:00");

    // The review: written into wu's personal document and received by wu's device.
    let review = serde_json::json!({ "comment": "样机下周二到，先约主任时间", "reviewed": true, "follow_up": true });
    let (status, body) = put_review(&server, "lin", "wu", review.clone()).await;
    assert_eq!(status, 204, "{body}");
    let doc = personal_of(&server, "wu");
    let arrived = wu
        .pump_until(WAIT, Duration::from_millis(100), |e| {
            e.document(doc).is_some_and(|d| {
                !PersonalDoc::from_automerge(d.clone())
                    .all::<DailyReview>()
                    .value
                    .is_empty()
            })
        })
        .await
        .unwrap();
    assert!(arrived, "the review reached the rep's device");
    let got = PersonalDoc::from_automerge(wu.engine.document(doc).unwrap().clone())
        .all::<DailyReview>()
        .value;
    assert_eq!(got.len(), 1);
    assert_eq!(
        (
            got[0].id,
            got[0].comment.as_str(),
            got[0].reviewed,
            got[0].follow_up
        ),
        (wu_list.id, "样机下周二到，先约主任时间", true, true)
    );
    assert_eq!(got[0].audit.created_by, server.user_id("lin").unwrap());
    let (_, after) = get(&server, "lin", &format!("/api/v1/daily?day={}", day())).await;
    assert_eq!(after["reviewed"], 1);
    // The lists feed the activity standards: wu's list came after the 16:30 cut-off, and the
    // manager reviewed it.
    let (status, activity) = get(&server, "lin", "/api/v1/activity?period=2026-W48").await;
    assert_eq!(status, 200, "{activity}");
    let row = activity["reps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["username"] == "wu")
        .unwrap()
        .clone();
    let actual = |metric: &str| {
        row["cells"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["metric"] == metric)
            .map(|c| c["actual"].as_i64().unwrap())
    };
    assert_eq!(
        (
            actual("daily_lists_on_time"),
            actual("daily_lists_reviewed")
        ),
        (Some(0), Some(1)),
        "{row}"
    );
    assert_eq!(
        after["reps"][0]["review"]["comment"],
        "样机下周二到，先约主任时间"
    );

    // Not lin's rep, not submitted, the rep themselves: 404, nothing written.
    for (who, rep) in [("lin", "zhou"), ("lin", "he"), ("wu", "wu")] {
        let (status, body) = put_review(&server, who, rep, review.clone()).await;
        assert_eq!(status, 404, "{who} → {rep}: {body}");
    }

    // The rep cannot write a review into their own document.
    let mut forged = PersonalDoc::from_automerge(wu.engine.document(doc).unwrap().clone());
    forged
        .automerge()
        .set_actor(actor_for(server.user_id("wu").unwrap()));
    forged
        .put(&DailyReview {
            comment: "自己批注".into(),
            ..got[0].clone()
        })
        .unwrap();
    wu.replace(doc, std::mem::take(forged.automerge()))
        .await
        .unwrap();
    let error = wu.next_error(WAIT).await.unwrap().expect("an error");
    assert!(error.contains("daily_reviews"), "{error}");
}
