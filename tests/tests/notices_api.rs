//! `GET /api/v1/notices`: the manager's view of hand-off notices, with counts, overdue and
//! turnaround worked out by hand from notices issued and answered through the real sync
//! endpoint at hand-set times.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::time::Duration;

use chrono::NaiveDate;
use rounds_shared::ids::{NoticeEventId, ReceiptId, UserId};
use rounds_shared::model::{
    Audit, Notice, NoticeEvent, NoticeEventKind, NoticeKind, Receipt, ReceiptOutcome,
};
use rounds_shared::notice::template;
use rounds_shared::sync::DocumentId;
use rounds_shared::time::Timestamp;
use rounds_tests::TestServer;
use rounds_tests::notices::{Answer, answer, issue};
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(20);
/// Twenty days ago: the notices done since fall within the default window of 90 days.
fn t0() -> Timestamp {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    Timestamp(now).plus_days(-20)
}
const HOUR: i64 = 3_600_000;

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn receipt(by: UserId, outcome: ReceiptOutcome, at: Timestamp, help: &str) -> Answer {
    Answer::Receipt(Receipt {
        id: ReceiptId::generate(),
        outcome,
        reason: if help.is_empty() {
            String::new()
        } else {
            "客户未走完付款流程".into()
        },
        help_needed: help.into(),
        new_due: (!help.is_empty()).then(|| date(2020, 2, 1).unwrap()),
        audit: Audit::new(at, by),
    })
}

fn notice(kind: NoticeKind, by: UserId, at: Timestamp, due: Option<NaiveDate>) -> Notice {
    let mut n = template(
        kind,
        rounds_shared::ids::AccountId::generate(),
        "双楠医院",
        by,
        at,
    );
    n.due = due;
    n.details = format!("{} {}", kind.key(), at.0);
    n
}

async fn issue_all(server: &TestServer, user: &str, notices: &[&Notice]) -> Vec<DocumentId> {
    let mut peer = server.online(user, &[]).await.unwrap();
    let mut ids = Vec::new();
    for n in notices {
        ids.push(issue(&mut peer, n).await.unwrap());
    }
    assert!(peer.sync(WAIT).await.unwrap(), "{:?}", peer.errors);
    assert!(peer.errors.is_empty(), "{:?}", peer.errors);
    ids
}

async fn answer_as(server: &TestServer, user: &str, doc: DocumentId, answers: &[Answer]) {
    let mut peer = server
        .online_as(user, &format!("{user}-{doc}"), &[doc])
        .await
        .unwrap();
    answer(&mut peer, doc, answers).await.unwrap();
    assert!(peer.sync(WAIT).await.unwrap(), "{:?}", peer.errors);
    assert!(peer.errors.is_empty(), "{:?}", peer.errors);
}

async fn report(server: &TestServer, user: &str, query: &str) -> Value {
    let token = server.login(user).await.unwrap();
    let (status, body) = server
        .get(&token, &format!("/api/v1/notices{query}"))
        .await
        .unwrap();
    assert_eq!(status, 200, "{user} {query}: {body}");
    serde_json::from_str(&body).unwrap()
}

fn ids(report: &Value) -> Vec<String> {
    report["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect()
}

fn count(c: &Value) -> (u64, u64, u64, Option<f64>) {
    (
        c["open"].as_u64().unwrap(),
        c["overdue"].as_u64().unwrap(),
        c["done"].as_u64().unwrap(),
        c["avg_turnaround_hours"].as_f64(),
    )
}

fn row<'a>(report: &'a Value, list: &str, name: &str) -> &'a Value {
    report[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .ok_or(format!("no {name} in {list}: {report}"))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counts_overdue_and_turnaround_as_worked_out_by_hand() {
    let server = TestServer::start().await.unwrap();
    let t = t0();
    let reps = server.two_teams().unwrap();
    let kong = server.user("kong", "warehouse", None).unwrap().id;
    let ma = server.user("ma", "warehouse", None).unwrap().id;
    let qian = server.user("qian", "finance", None).unwrap().id;

    // n1: overdue, received, named for kong. n2: done by kong 5 h after issue.
    // n3: passed on to ma, done 7 h after issue. n4: finance, cannot be done, asks for help,
    // its new date past too. n5: another team's, out of the manager's sight.
    let mut n1 = notice(NoticeKind::Ship, reps.wu.id, t, date(2020, 1, 10));
    n1.handler = Some(kong);
    let mut n2 = notice(
        NoticeKind::Ship,
        reps.wu.id,
        t.plus_days(1),
        date(2099, 1, 1),
    );
    n2.handler = Some(kong);
    let n3 = notice(NoticeKind::Install, reps.he.id, t.plus_days(2), None);
    let n3 = Notice {
        department: rounds_shared::model::Department::Warehouse,
        ..n3
    };
    let n4 = notice(
        NoticeKind::ChasePayment,
        reps.he.id,
        t.plus_days(3),
        date(2020, 1, 20),
    );
    let n5 = notice(
        NoticeKind::Ship,
        reps.zhou.id,
        t.plus_days(4),
        date(2020, 1, 1),
    );
    let d = issue_all(&server, "wu", &[&n1, &n2]).await;
    let (d1, d2) = (d[0], d[1]);
    let d = issue_all(&server, "he", &[&n3, &n4]).await;
    let (d3, d4) = (d[0], d[1]);
    issue_all(&server, "zhou", &[&n5]).await;

    let step = |kind, to, by, at| {
        Answer::Step(NoticeEvent {
            id: NoticeEventId::generate(),
            kind,
            to,
            audit: Audit::new(at, by),
        })
    };
    answer_as(
        &server,
        "kong",
        d1,
        &[step(NoticeEventKind::Received, None, kong, t)],
    )
    .await;
    let done2 = Timestamp(n2.audit.created_at.0 + 5 * HOUR);
    answer_as(
        &server,
        "kong",
        d2,
        &[receipt(kong, ReceiptOutcome::Done, done2, "")],
    )
    .await;
    let passed = step(NoticeEventKind::Reassigned, Some(ma), kong, t.plus_days(2));
    answer_as(&server, "kong", d3, &[passed]).await;
    let done3 = Timestamp(n3.audit.created_at.0 + 7 * HOUR);
    answer_as(
        &server,
        "ma",
        d3,
        &[receipt(ma, ReceiptOutcome::Done, done3, "")],
    )
    .await;
    let blocked = receipt(
        qian,
        ReceiptOutcome::CannotDo,
        t.plus_days(4),
        "请催医院财务",
    );
    answer_as(&server, "qian", d4, &[blocked]).await;

    // The manager: n1–n4. Open n1 and n4, both overdue; n2 and n3 done in 5 h and 7 h.
    let lin = report(&server, "lin", "").await;
    assert_eq!(count(&lin["all"]), (2, 2, 2, Some(6.0)));
    assert_eq!(
        count(row(&lin, "by_department", "库房")),
        (1, 1, 2, Some(6.0))
    );
    assert_eq!(count(row(&lin, "by_department", "财务")), (1, 1, 0, None));
    assert_eq!(count(row(&lin, "by_handler", "kong")), (1, 1, 1, Some(5.0)));
    assert_eq!(count(row(&lin, "by_handler", "ma")), (0, 0, 1, Some(7.0)));
    assert_eq!(
        count(row(&lin, "by_handler", "财务（未指定）")),
        (1, 1, 0, None)
    );
    // Open (the default): overdue, earliest due first.
    let (s1, s2, s3, s4) = (
        n1.id.to_string(),
        n2.id.to_string(),
        n3.id.to_string(),
        n4.id.to_string(),
    );
    assert_eq!(ids(&lin), vec![s1.clone(), s4.clone()]);
    assert_eq!(lin["total"], 2);
    let first = &lin["notices"][0];
    assert_eq!(
        (first["status"].as_str(), first["handler_name"].as_str()),
        (Some("in_progress"), Some("kong"))
    );
    let help = &lin["notices"][1];
    assert_eq!(help["status"], "blocked");
    assert_eq!(help["needs_help"], true);
    assert_eq!(help["help_needed"], "请催医院财务");
    assert_eq!(help["due"], "2020-02-01");
    // Done, newest first; help requests; one department; one rep.
    assert_eq!(
        ids(&report(&server, "lin", "?status=done").await),
        vec![s3, s2.clone()]
    );
    assert_eq!(
        ids(&report(&server, "lin", "?status=help").await),
        vec![s4.clone()]
    );
    assert_eq!(
        ids(&report(&server, "lin", "?status=all&department=finance").await),
        vec![s4.clone()]
    );
    assert_eq!(
        ids(&report(&server, "lin", "?status=all&rep=wu").await),
        vec![s1.clone(), s2.clone()]
    );
    let page = report(&server, "lin", "?status=all&limit=1&offset=1").await;
    assert_eq!((page["total"].as_u64(), ids(&page).len()), (Some(4), 1));
    // n2 and n3 were done 19 and 18 days ago: a 15-day window leaves them out of the counts
    // and the list; the open ones stay whatever their age.
    let recent = report(&server, "lin", "?status=all&days=15").await;
    assert_eq!(count(&recent["all"]), (2, 2, 0, None));
    assert_eq!(ids(&recent), vec![s1.clone(), s4.clone()]);

    // Each sees by the sync rule: the warehouse all its department's (zhou's n5 too),
    // finance its one, a rep their own.
    let warehouse = report(&server, "kong", "?status=all").await;
    assert_eq!(count(&warehouse["all"]), (2, 2, 2, Some(6.0)));
    assert_eq!(
        ids(&report(&server, "qian", "?status=all").await),
        vec![s4.clone()]
    );
    assert_eq!(
        ids(&report(&server, "wu", "?status=all").await),
        vec![s1, s2]
    );
    assert_eq!(report(&server, "zhou", "?status=all").await["total"], 1);

    // CSV: every selected notice; bad filters say what is wrong.
    let token = server.login("lin").await.unwrap();
    let (status, csv) = server
        .get(&token, "/api/v1/notices?status=all&format=csv")
        .await
        .unwrap();
    assert_eq!(status, 200);
    assert_eq!(csv.lines().count(), 5, "{csv}");
    assert!(
        csv.contains("请催医院财务") && csv.contains("库房"),
        "{csv}"
    );
    for (query, says) in [
        ("?days=0", "`days`"),
        ("?status=late", "`status`"),
        ("?department=sales", "unknown department"),
        ("?rep=nobody", "no user"),
    ] {
        let (status, body) = server
            .get(&token, &format!("/api/v1/notices{query}"))
            .await
            .unwrap();
        assert_eq!(status, 400, "{query}: {body}");
        assert!(body.contains(says), "{query}: {body}");
    }
}
