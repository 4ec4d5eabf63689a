//! `GET /api/v1/coverage` and the quarterly plan's review: a quarter's coverage worked out
//! by hand from hospitals, deals, visits and a quarterly plan synced through the real sync
//! endpoint; the manager's approval reaching the rep's phone, and the rep unable to forge it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::NaiveDate;
use rounds_shared::api::CoverageReport;
use rounds_shared::doc::PersonalDoc;
use rounds_shared::ids::{AccountId, OpportunityId, PlanId};
use rounds_shared::model::{
    AccountClass, Audit, Opportunity, PlanReview, QuarterlyPlan, Visit, Zone,
};
use rounds_shared::money::Money;
use rounds_shared::sync::DocumentId;
use rounds_shared::time::{PeriodKey, Timestamp, TzOffset};
use rounds_tests::{TestServer, edit_account};

const WAIT: Duration = Duration::from_secs(20);

/// 10:00 Beijing time on 2026-`m`-`d`.
fn at(m: u32, d: u32) -> Timestamp {
    let day = NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    Timestamp(Timestamp::start_of(day, TzOffset::BEIJING).0 + 10 * 3_600_000)
}

/// Sets `class` and `zone` on hospital `a`, adds an open deal if asked, and the visits.
async fn hospital(
    server: &TestServer,
    user: &str,
    a: AccountId,
    class: Option<AccountClass>,
    zone: Option<Zone>,
    deal: bool,
    visits: &[Timestamp],
) {
    let me = server.user_id(user).unwrap();
    let doc = DocumentId::from(a);
    let mut peer = server.online(user, &[doc]).await.unwrap();
    edit_account(&mut peer.engine, doc, |d| {
        let mut account = d.account().unwrap().value;
        account.class = class;
        account.zone = zone;
        d.set_account(&account).unwrap();
        if deal {
            let o = Opportunity::new(
                OpportunityId::generate(),
                "生化线",
                "生化",
                Money::from_yuan(300_000),
                "dig_needs".parse().unwrap(),
                at(7, 1),
                me,
            );
            d.put(&o).unwrap();
        }
        for when in visits {
            d.put(&Visit::new(*when, me)).unwrap();
        }
    })
    .unwrap();
    peer.changed(doc).await.unwrap();
    assert!(peer.sync(WAIT).await.unwrap(), "{:?}", peer.errors);
    assert!(peer.errors.is_empty(), "{:?}", peer.errors);
}

fn personal(server: &TestServer, user: &str) -> DocumentId {
    rounds_server::storage::Store::user_by_name(server.store.as_ref(), user)
        .unwrap()
        .unwrap()
        .0
        .personal_doc
}

async fn coverage(server: &TestServer, user: &str, query: &str) -> CoverageReport {
    let token = server.login(user).await.unwrap();
    let (status, body) = server
        .get(&token, &format!("/api/v1/coverage{query}"))
        .await
        .unwrap();
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quarters_coverage_as_worked_out_by_hand_and_the_plan_approved_on_the_phone() {
    let server = TestServer::start().await.unwrap();
    server.two_teams().unwrap();
    let (a, b, _c, d) = (
        server.account("甲医院", "wu").unwrap(),
        server.account("乙医院", "wu").unwrap(),
        server.account("丙医院", "wu").unwrap(),
        server.account("丁医院", "wu").unwrap(),
    );
    server.account("戊医院", "he").unwrap();
    let f = server.account("己医院", "zhou").unwrap();
    use AccountClass::{Key, Major, Small};
    // A: key, zone A, a deal in hand (in the funnel), six visits in Q3, planned twice a month.
    let six: Vec<_> = [(7, 3), (7, 17), (8, 4), (8, 20), (9, 8), (9, 20)]
        .map(|(m, d)| at(m, d))
        .to_vec();
    hospital(&server, "wu", a, Some(Key), Some(Zone::A), true, &six).await;
    // B: major (twice a month by default), zone B, no deal: two visits in Q3, one before and
    // one after it; last seen in Q3 on 5 August, idle by 30 September.
    let b_visits = [at(6, 1), at(7, 10), at(8, 5), at(10, 5)];
    hospital(
        &server,
        "wu",
        b,
        Some(Major),
        Some(Zone::B),
        false,
        &b_visits,
    )
    .await;
    // C: no class, no zone, never visited (monthly by default).
    // D: small, zone A, no deal, four visits, planned monthly.
    let d_visits = [at(7, 20), at(8, 10), at(9, 1), at(9, 29)];
    hospital(
        &server,
        "wu",
        d,
        Some(Small),
        Some(Zone::A),
        false,
        &d_visits,
    )
    .await;
    // Another team's hospital, seen: out of the manager's sight.
    hospital(&server, "zhou", f, Some(Key), None, false, &[at(9, 1)]).await;

    // wu's quarterly plan: A twice a month, D monthly, whom to see at A; submitted.
    let me = server.user_id("wu").unwrap();
    let doc = personal(&server, "wu");
    let mut phone = server.online("wu", &[doc]).await.unwrap();
    let q3 = PeriodKey::Quarter {
        year: 2026,
        quarter: 3,
    };
    let plan = QuarterlyPlan {
        id: PlanId::generate(),
        quarter: q3,
        visit_frequency: BTreeMap::from([(a, 2), (d, 1)]),
        focus: BTreeMap::from([(a, "检验科 王主任".to_owned())]),
        notes: "重点推进甲医院".to_owned(),
        submitted_at: Some(at(6, 28)),
        audit: Audit::new(at(6, 28), me),
    };
    PersonalDoc::with(phone.engine.document_mut(doc).unwrap(), |p| p.put(&plan)).unwrap();
    phone.changed(doc).await.unwrap();
    assert!(phone.sync(WAIT).await.unwrap(), "{:?}", phone.errors);

    // Q3 is 92 days, 3.02 months: twice a month is 6 visits due, monthly 3.
    let r = coverage(&server, "lin", "?quarter=2026-Q3").await;
    assert_eq!((r.quarter.as_str(), r.weeks), ("2026-Q3", 4));
    assert_eq!(r.to, NaiveDate::from_ymd_opt(2026, 9, 30).unwrap());
    let names: Vec<&str> = r.reps.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, vec!["he", "wu"]);
    let wu = &r.reps[1];
    assert_eq!(wu.plan.as_ref().map(|p| p.id), Some(plan.id));
    let c = &wu.coverage;
    assert_eq!((c.hospitals, c.visited), (4, 3));
    let class: Vec<_> = c
        .by_class
        .iter()
        .map(|x| (x.key, x.hospitals, x.visited))
        .collect();
    assert_eq!(
        class,
        vec![
            (Some(Key), 1, 1),
            (Some(Major), 1, 1),
            (Some(Small), 1, 1),
            (None, 1, 0)
        ]
    );
    let zone: Vec<_> = c
        .by_zone
        .iter()
        .map(|x| (x.key, x.hospitals, x.visited))
        .collect();
    assert_eq!(
        zone,
        vec![(Some(Zone::A), 2, 2), (Some(Zone::B), 1, 1), (None, 1, 0)]
    );
    // On frequency: A (6 of 6) and D (4 of 3); behind: B (2 of 6) and C (0 of 3).
    assert_eq!((c.on_frequency, c.behind, c.idle), (2, 2, 2));
    // Above the funnel: B's 2 and D's 4; in it: A's 6.
    assert_eq!((c.above, c.within), (6, 6));
    assert_eq!((c.above_share, c.within_share), (Some(0.5), Some(0.5)));
    let rows: Vec<_> = c
        .rows
        .iter()
        .map(|h| {
            (
                h.hospital.as_str(),
                h.per_month,
                h.visits,
                h.idle,
                h.compliance,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("丙医院", 1, 0, true, Some(0.0)),
            ("乙医院", 2, 2, true, Some(2.0 / 6.0)),
            ("甲医院", 2, 6, false, Some(1.0)),
            ("丁医院", 1, 4, false, Some(4.0 / 3.0)),
        ]
    );
    assert_eq!(c.rows[1].last_visit, NaiveDate::from_ymd_opt(2026, 8, 5));
    assert_eq!(c.rows[2].focus, "检验科 王主任");
    assert!(c.rows[2].in_funnel && !c.rows[1].in_funnel);
    // The team: wu's four and he's one (never seen), not zhou's.
    assert_eq!((r.team.hospitals, r.team.visited, r.team.idle), (5, 3, 3));
    assert!(r.team.rows.is_empty());
    // Counting nine weeks, B (unseen for 56 days) is no longer idle; C, never seen, is.
    let eight = coverage(&server, "lin", "?quarter=2026-Q3&weeks=9&rep=wu").await;
    assert_eq!((eight.reps.len(), eight.reps[0].coverage.idle), (1, 1));

    // The CSV: a row per hospital, named.
    let token = server.login("lin").await.unwrap();
    let (status, csv) = server
        .get(&token, "/api/v1/coverage?quarter=2026-Q3&format=csv")
        .await
        .unwrap();
    assert_eq!(status, 200);
    assert_eq!(csv.lines().count(), 1 + 5, "{csv}");
    assert!(csv.contains("wu,甲医院,大客户,A区,2,6,100%"), "{csv}");
    // Bad input says what is wrong.
    for (query, needle) in [
        ("?quarter=2026-W40", "quarter"),
        ("?weeks=0", "weeks"),
        ("?rep=zhou", "zhou"),
        ("?format=xml", "format"),
    ] {
        let (status, body) = server
            .get(&token, &format!("/api/v1/coverage{query}"))
            .await
            .unwrap();
        assert_eq!(status, 400, "{query}: {body}");
        assert!(body.contains(needle), "{query}: {body}");
    }

    // The manager approves; the review reaches wu's phone.
    let path = format!("/api/v1/quarterly/{me}/2026-Q3/review");
    let input = serde_json::json!({"comment": "同意，乙医院要补上", "approved": true});
    let put = reqwest::Method::PUT;
    let (status, body) = server
        .send(&token, put.clone(), &path, &input)
        .await
        .unwrap();
    assert_eq!(status, 204, "{body}");
    let review = async {
        loop {
            phone.sync(Duration::from_millis(300)).await.unwrap();
            let reviews = PersonalDoc::with(phone.engine.document_mut(doc).unwrap(), |p| {
                p.all::<PlanReview>().value
            });
            if let Some(r) = reviews.into_iter().next() {
                return r;
            }
        }
    };
    let review = tokio::time::timeout(WAIT, review).await.unwrap();
    assert_eq!((review.id, review.approved), (plan.id, true));
    assert_eq!(review.comment, "同意，乙医院要补上");
    let after = coverage(&server, "wu", "?quarter=2026-Q3").await;
    assert_eq!(
        after.reps[0].review.as_ref().map(|v| v.approved),
        Some(true)
    );
    // he submitted nothing; another team's manager does not see wu.
    let he = server.user_id("he").unwrap();
    let (status, _) = server
        .send(
            &token,
            put.clone(),
            &format!("/api/v1/quarterly/{he}/2026-Q3/review"),
            &input,
        )
        .await
        .unwrap();
    assert_eq!(status, 404);
    server.user("zhao", "manager", None).unwrap();
    server.manage("west", "zhao").unwrap();
    let other = server.login("zhao").await.unwrap();
    let (status, _) = server.send(&other, put, &path, &input).await.unwrap();
    assert_eq!(status, 404);

    // The rep cannot approve their own plan: the change is refused, nothing stored.
    let forged = PlanReview {
        id: PlanId::generate(),
        comment: "自己批准".to_owned(),
        approved: true,
        audit: Audit::new(at(9, 30), me),
    };
    PersonalDoc::with(phone.engine.document_mut(doc).unwrap(), |p| p.put(&forged)).unwrap();
    phone.changed(doc).await.unwrap();
    let _ = phone.sync(Duration::from_secs(3)).await;
    assert!(
        phone.errors.iter().any(|e| e.contains("plan_reviews")),
        "{:?}",
        phone.errors
    );
    let mine = coverage(&server, "wu", "?quarter=2026-Q3").await;
    assert_eq!(mine.reps[0].review.as_ref().map(|v| v.id), Some(plan.id));
}
