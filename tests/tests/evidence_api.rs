//! Visit evidence in the manager's feed (`GET /api/v1/visits`, `/api/v1/visits/flags`),
//! against a real server with visits synced by a rep's device: the flags are worked out
//! from the server's own receipt times and the hospital's location, by hand here; a
//! manager sets the hospital's location from a check-in (and the phone receives it); the
//! receipts survive `reproject`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::time::Duration;

use reqwest::Method;
use rounds_shared::api::{Page, RepFlags, VisitItem};
use rounds_shared::evidence::VisitFlag;
use rounds_shared::ids::VisitId;
use rounds_shared::model::{CheckIn, GeoPoint, Visit};
use rounds_shared::sync::DocumentId;
use rounds_shared::time::{Timestamp, TzOffset};
use rounds_tests::{TestServer, edit_account, read_account};
use serde_json::json;

const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;
/// Where wu checked in at 甲医院; 0.01° of latitude further north is 1.11 km away.
const HERE: GeoPoint = GeoPoint {
    lat: 31.2,
    lng: 121.4,
};

fn checked_in(at: Timestamp, by: rounds_shared::ids::UserId, place: GeoPoint) -> Visit {
    let mut v = Visit::new(at, by);
    v.purpose = "初访".into();
    v.check_in = Some(CheckIn {
        at,
        location: Some(place),
        photo: None,
        photo_ref: None,
        accuracy_m: Some(30.0),
        left_at: None,
    });
    v
}

fn by_id(page: &Page<VisitItem>, id: VisitId) -> &VisitItem {
    page.items
        .iter()
        .find(|v| v.id == id)
        .expect("the visit is in the feed")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flags_come_from_the_servers_clock_and_the_hospitals_location() {
    let server = TestServer::start().await.unwrap();
    let teams = server.two_teams().unwrap();
    server.user("zhao", "manager", None).unwrap();
    server.manage("west", "zhao").unwrap();
    let a = server.account("甲医院", "wu").unwrap();
    let wu = teams.wu.id;
    let now = rounds_server::state::now_ms();
    let at = |offset: i64| Timestamp(now + offset);

    // 1: checked in here half an hour ago, left five minutes ago, report just written.
    let mut clean = checked_in(at(-30 * MIN), wu, HERE);
    clean.check_in.as_mut().unwrap().left_at = Some(at(-5 * MIN));
    clean.audit.updated_at = at(-MIN);
    // 2: no check-in.
    let mut bare = Visit::new(at(-2 * HOUR), wu);
    bare.purpose = "电话回访".into();
    // 3: 1.1 km away, by a phone whose clock is 30 minutes ahead.
    let far = checked_in(
        at(30 * MIN),
        wu,
        GeoPoint {
            lat: HERE.lat + 0.01,
            lng: HERE.lng,
        },
    );
    // 4: left 30 hours ago, report written an hour ago (29 hours after leaving).
    let mut late = checked_in(at(-31 * HOUR), wu, HERE);
    late.check_in.as_mut().unwrap().left_at = Some(at(-30 * HOUR));
    late.audit.updated_at = at(-HOUR);

    let doc = DocumentId::from(a);
    let mut phone = server.online("wu", &[doc]).await.unwrap();
    edit_account(&mut phone.engine, doc, |d| {
        for v in [&clean, &bare, &far, &late] {
            d.put(v)?;
        }
        Ok::<_, rounds_shared::doc::DocError>(())
    })
    .unwrap()
    .unwrap();
    phone.changed(doc).await.unwrap();
    assert!(
        phone.sync(Duration::from_secs(20)).await.unwrap(),
        "{:?}",
        phone.errors
    );

    let lin = server.login("lin").await.unwrap();
    let day = |t: Timestamp| t.date(TzOffset::BEIJING);
    let period = format!(
        "period=custom&from={}&to={}",
        day(at(-48 * HOUR)),
        day(at(24 * HOUR))
    );
    let feed = |query: String| {
        let (server, lin) = (&server, lin.clone());
        async move {
            let (status, body) = server
                .get(&lin, &format!("/api/v1/visits?{query}"))
                .await
                .unwrap();
            assert_eq!(status, 200, "{body}");
            serde_json::from_str::<Page<VisitItem>>(&body).unwrap()
        }
    };

    // The hospital has no location yet: nothing can be far.
    let page = feed(period.clone()).await;
    assert_eq!(page.total, 4);
    assert_eq!(by_id(&page, clean.id).flags, vec![]);
    assert_eq!(by_id(&page, bare.id).flags, vec![VisitFlag::NoCheckIn]);
    assert_eq!(by_id(&page, far.id).flags, vec![VisitFlag::ClockAhead]);
    assert_eq!(by_id(&page, far.id).distance_m, None);
    assert_eq!(by_id(&page, late.id).flags, vec![VisitFlag::ReportedLate]);
    let item = by_id(&page, clean.id);
    assert_eq!(
        (
            item.checked_in_at,
            item.left_at,
            item.location,
            item.accuracy_m
        ),
        (
            Some(at(-30 * MIN)),
            Some(at(-5 * MIN)),
            Some(HERE),
            Some(30.0)
        )
    );

    // Setting the hospital's location from a check-in: the rep may not, another team's
    // manager does not see the hospital, a visit with no check-in has no place to give,
    // and a visit of no such id is not found. Then lin does.
    let path = format!("/api/v1/accounts/{a}/location");
    let put = |token: String, visit: VisitId| {
        let (server, path) = (&server, path.clone());
        async move {
            server
                .send(&token, Method::PUT, &path, &json!({ "visit": visit }))
                .await
                .unwrap()
        }
    };
    let wu_token = server.login("wu").await.unwrap();
    let zhao = server.login("zhao").await.unwrap();
    assert_eq!(put(wu_token.clone(), clean.id).await.0, 403);
    assert_eq!(put(zhao, clean.id).await.0, 404);
    let (status, body) = put(lin.clone(), bare.id).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("visit"), "{body}");
    assert_eq!(put(lin.clone(), VisitId::generate()).await.0, 404);
    let (status, body) = put(lin.clone(), clean.id).await;
    assert_eq!(status, 204, "{body}");

    // The phone receives the location like any edit.
    assert!(phone.sync(Duration::from_secs(20)).await.unwrap());
    let located = read_account(&phone.engine, doc)
        .unwrap()
        .account()
        .unwrap()
        .value
        .location;
    assert_eq!(located, Some(HERE));

    // Now the far check-in is flagged, 1,112 m away (beyond its 30 m accuracy by far).
    let page = feed(period.clone()).await;
    assert_eq!(by_id(&page, clean.id).flags, vec![]);
    assert!(by_id(&page, clean.id).distance_m.unwrap() < 1.0);
    assert_eq!(
        by_id(&page, far.id).flags,
        vec![VisitFlag::FarFromHospital, VisitFlag::ClockAhead]
    );
    let metres = by_id(&page, far.id).distance_m.unwrap();
    assert!((1100.0..1125.0).contains(&metres), "{metres}");

    // Filtered by a flag; a flag that is not one is a 400 naming the parameter.
    let only = feed(format!("{period}&flag=far_from_hospital")).await;
    assert_eq!(only.total, 1);
    assert_eq!(only.items[0].id, far.id);
    assert_eq!(
        feed(format!("{period}&flag=no_check_in")).await.items[0].id,
        bare.id
    );
    let (status, body) = server
        .get(&lin, &format!("/api/v1/visits?{period}&flag=lying"))
        .await
        .unwrap();
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains("flag") && body.contains("no_check_in"),
        "{body}"
    );

    // Counted per rep: four visits, three flagged, one of each flag.
    let (status, body) = server
        .get(&lin, &format!("/api/v1/visits/flags?{period}"))
        .await
        .unwrap();
    assert_eq!(status, 200, "{body}");
    let reps: Vec<RepFlags> = serde_json::from_str(&body).unwrap();
    assert_eq!(reps.len(), 1);
    assert_eq!(
        (reps[0].rep_id, reps[0].visits, reps[0].flagged),
        (wu, 4, 3)
    );
    let counts: Vec<(VisitFlag, usize)> =
        reps[0].counts.iter().map(|c| (c.flag, c.count)).collect();
    assert_eq!(
        counts,
        VisitFlag::ALL.iter().map(|f| (*f, 1)).collect::<Vec<_>>()
    );

    // The CSV carries the check-in and the flags.
    let (status, csv) = server
        .get(
            &lin,
            &format!("/api/v1/visits?{period}&flag=far_from_hospital&format=csv"),
        )
        .await
        .unwrap();
    assert_eq!(status, 200);
    assert!(
        csv.contains("签到距医院过远") || csv.contains("签到地点距医院过远"),
        "{csv}"
    );

    // Rebuilding the read model keeps what only the live sync knew: the clock flag stays.
    rounds_server::admin::reproject(server.store.as_ref(), rounds_server::admin::Actor::Cli)
        .unwrap();
    let page = feed(period).await;
    assert_eq!(
        by_id(&page, far.id).flags,
        vec![VisitFlag::FarFromHospital, VisitFlag::ClockAhead]
    );
    assert_eq!(by_id(&page, late.id).flags, vec![VisitFlag::ReportedLate]);
}
