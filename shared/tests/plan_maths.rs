//! The planning maths on hand-worked cases: the route order (a known case, never longer than
//! the given order, always every stop once), frequency defaults and plan attainment.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use chrono::NaiveDate;
use proptest::prelude::*;
use rounds_shared::ids::AccountId;
use rounds_shared::model::{AccountClass, GeoPoint, PlannedVisit};
use rounds_shared::money::WinRate;
use rounds_shared::plan::{
    default_frequency, distance_km, frequency_compliance, funnel_share, order_route, planned_done,
    route_km,
};

fn at(lat: f64, lng: f64) -> GeoPoint {
    GeoPoint { lat, lng }
}

#[test]
fn a_degree_of_latitude_is_about_111_km() {
    let d = distance_km(at(31.0, 121.0), at(32.0, 121.0));
    assert!((d - 111.19).abs() < 0.1, "{d}");
    assert_eq!(distance_km(at(31.0, 121.0), at(31.0, 121.0)), 0.0);
}

#[test]
fn a_known_day_nearest_first_then_untangled() {
    // From the office at the origin: four hospitals on a square's corners, given crossed.
    // The shortest open route goes round the square from the nearest corner.
    let start = at(31.0, 121.0);
    let stops = [
        at(31.1, 121.1),
        at(31.0, 121.1),
        at(31.1, 121.0),
        at(31.0, 121.05),
    ];
    let order = order_route(start, &stops);
    assert_eq!(order, vec![3, 1, 0, 2], "{order:?}");
    let given = route_km(start, &stops, &[0, 1, 2, 3]);
    let best = route_km(start, &stops, &order);
    assert!(best < given, "{best} < {given}");
}

#[test]
fn no_stops_and_one_stop() {
    let start = at(31.0, 121.0);
    assert!(order_route(start, &[]).is_empty());
    assert_eq!(order_route(start, &[at(31.2, 121.3)]), vec![0]);
}

proptest! {
    #[test]
    fn the_route_is_never_longer_than_the_given_order_and_visits_every_stop_once(
        points in proptest::collection::vec((30.0f64..32.0, 120.0f64..122.0), 0..40),
    ) {
        let start = at(31.0, 121.0);
        let stops: Vec<GeoPoint> = points.iter().map(|(a, b)| at(*a, *b)).collect();
        let order = order_route(start, &stops);
        let mut seen = order.clone();
        seen.sort_unstable();
        prop_assert_eq!(seen, (0..stops.len()).collect::<Vec<_>>());
        let given: Vec<usize> = (0..stops.len()).collect();
        prop_assert!(route_km(start, &stops, &order) <= route_km(start, &stops, &given) + 1e-9);
    }
}

#[test]
fn frequency_defaults_by_class_and_the_deal_in_hand() {
    let cases = [
        (Some(AccountClass::Key), None, 4),
        (Some(AccountClass::Major), None, 2),
        (Some(AccountClass::Normal), None, 1),
        (Some(AccountClass::Small), None, 1),
        (None, None, 1),
        (Some(AccountClass::Small), Some(10), 1),
        (Some(AccountClass::Small), Some(20), 2),
        (Some(AccountClass::Normal), Some(50), 4),
        (Some(AccountClass::Key), Some(20), 4),
    ];
    for (class, rate, want) in cases {
        let got = default_frequency(class, rate.map(WinRate::from_percent));
        assert_eq!(got, want, "{class:?} {rate:?}");
    }
}

#[test]
fn attainment_worked_by_hand() {
    let (a, b, c) = (
        AccountId::generate(),
        AccountId::generate(),
        AccountId::generate(),
    );
    let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let plan = |account, d| PlannedVisit {
        account,
        day: day(d),
        purpose: String::new(),
    };
    // Monday A twice (two visits planned), Tuesday B, Wednesday C.
    let week = [plan(a, 23), plan(a, 23), plan(b, 24), plan(c, 25)];
    // A once on Monday, B on Tuesday, C on Thursday (late), and an unplanned visit.
    let visits = [
        (a, day(23)),
        (b, day(24)),
        (c, day(26)),
        (AccountId::generate(), day(24)),
    ];
    assert_eq!(planned_done(&week, &visits), vec![true, false, true, false]);
    // Seen 5 times in a quarter planned at 2 a month: 5 / 6.
    let c = frequency_compliance(5, 2, 3.0).unwrap();
    assert!((c - 5.0 / 6.0).abs() < 1e-12, "{c}");
    assert_eq!(frequency_compliance(3, 0, 3.0), None);
    // 6 visits above the funnel, 24 in it: 20 % and 80 %.
    assert_eq!(funnel_share(6, 24), Some((0.2, 0.8)));
    assert_eq!(funnel_share(0, 0), None);
}

#[test]
fn suggestions_worked_by_hand() {
    use rounds_shared::plan::{Due, HospitalDue, suggest};
    let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let ids: Vec<AccountId> = (0..8).map(|_| AccountId::generate()).collect();
    let h = |i: usize, per_month, last: Option<u32>, step: Option<u32>| HospitalDue {
        account: ids[i],
        per_month,
        last_visit: last.map(day),
        next_step_due: step.map(day),
        stalled_days: None,
    };
    let stalled = |i: usize, per_month, last: Option<u32>, days| HospitalDue {
        stalled_days: Some(days),
        ..h(i, per_month, last, None)
    };
    // Monday the 23rd, the week ends on Sunday the 29th.
    let hospitals = [
        h(0, 2, Some(1), None),      // every 15 days: due the 16th, 7 days overdue
        h(1, 4, Some(20), None),     // weekly: due the 27th, this week
        h(2, 1, None, None),         // never visited
        h(3, 1, Some(20), Some(26)), // not due by frequency, a next step on the 26th
        h(4, 1, Some(20), Some(30)), // next step after the week: nothing
        h(5, 4, Some(13), None),     // weekly: due the 20th, 3 days overdue
        stalled(6, 1, Some(20), 40), // not due by frequency, a deal idle 40 days
        stalled(7, 4, Some(20), 90), // due this week, but its deal idle 90 days says more
    ];
    let got: Vec<(usize, Due)> = suggest(&hospitals, day(23), day(29))
        .into_iter()
        .map(|s| (ids.iter().position(|a| *a == s.account).unwrap(), s.due))
        .collect();
    assert_eq!(
        got,
        vec![
            (2, Due::NeverVisited),
            (0, Due::Overdue { days: 7 }),
            (5, Due::Overdue { days: 3 }),
            (7, Due::Stalled { days: 90 }),
            (6, Due::Stalled { days: 40 }),
            (1, Due::ThisWeek { on: day(27) }),
            (3, Due::NextStep { on: day(26) }),
        ]
    );
}

#[test]
fn coverage_worked_by_hand() {
    use rounds_shared::model::Zone;
    use rounds_shared::plan::{HospitalSeen, coverage, months_between};
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let ids: Vec<AccountId> = (0..5).map(|_| AccountId::generate()).collect();
    let h = |i: usize, class, zone, per_month, in_funnel, visits, last: Option<NaiveDate>| {
        HospitalSeen {
            account: ids[i],
            name: format!("h{}", i + 1),
            class,
            zone,
            per_month,
            in_funnel,
            visits,
            last_visit: last,
            focus: String::new(),
        }
    };
    use AccountClass::{Key, Major, Small};
    let hospitals = [
        // Weekly for two months: 8 due, 8 made.
        h(0, Some(Key), Some(Zone::A), 4, true, 8, Some(day(11, 28))),
        // 3 of 8, last seen 29 days ago: behind and idle (4 weeks).
        h(1, Some(Key), Some(Zone::A), 4, true, 3, Some(day(11, 2))),
        // 2 of 4.
        h(
            2,
            Some(Major),
            Some(Zone::B),
            2,
            false,
            2,
            Some(day(11, 20)),
        ),
        // Never seen: 0 of 2, idle.
        h(3, Some(Small), None, 1, false, 0, None),
        // 3 of 2.
        h(4, None, Some(Zone::B), 1, false, 3, Some(day(11, 30))),
    ];
    let c = coverage(&hospitals, 2.0, day(12, 1), 4);
    assert_eq!((c.hospitals, c.visited), (5, 4));
    let class: Vec<_> = c
        .by_class
        .iter()
        .map(|x| (x.key, x.hospitals, x.visited))
        .collect();
    assert_eq!(
        class,
        vec![
            (Some(Key), 2, 2),
            (Some(Major), 1, 1),
            (Some(Small), 1, 0),
            (None, 1, 1)
        ]
    );
    let zone: Vec<_> = c
        .by_zone
        .iter()
        .map(|x| (x.key, x.hospitals, x.visited))
        .collect();
    assert_eq!(
        zone,
        vec![(Some(Zone::A), 2, 2), (Some(Zone::B), 2, 2), (None, 1, 0)]
    );
    assert_eq!((c.on_frequency, c.behind, c.idle), (2, 3, 2));
    // Above the funnel: h3's 2 and h5's 3; in it: h1's 8 and h2's 3.
    assert_eq!((c.above, c.within), (5, 11));
    assert_eq!(
        (c.above_share, c.within_share),
        (Some(5.0 / 16.0), Some(11.0 / 16.0))
    );
    // Idle first (never seen, then the longest unseen), then the furthest behind.
    let order: Vec<_> = c.rows.iter().map(|r| r.hospital.as_str()).collect();
    assert_eq!(order, vec!["h4", "h2", "h3", "h1", "h5"]);
    assert_eq!(c.rows[2].compliance, Some(0.5));
    // Early in the quarter nothing is due yet: a weekly hospital after five days.
    let early = coverage(
        &hospitals[..1],
        months_between(day(10, 1), day(10, 6)),
        day(10, 6),
        4,
    );
    assert_eq!(early.rows[0].compliance, None);
    assert_eq!((early.on_frequency, early.behind), (0, 0));
    assert!((months_between(day(10, 1), day(12, 31)) - 91.0 / 30.4375).abs() < 1e-12);
}

#[test]
fn daily_lists_count_for_the_standards_by_the_cut_off_and_the_review() {
    use rounds_shared::activity::{DailyFact, RepWeek, measure_week};
    use rounds_shared::ids::UserId;
    use rounds_shared::model::{OrgConfig, StandardMetric};
    use rounds_shared::time::{PeriodKey, Timestamp};
    let org = OrgConfig::default(); // due 18:00 Beijing time
    let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let at = |d, h: i64| Timestamp(Timestamp::start_of(day(d), org.tz).0 + h * 3_600_000);
    let mut week = RepWeek::new(UserId::generate());
    week.daily = vec![
        // Monday at 17:00, reviewed; Tuesday at 18:00 sharp; Wednesday at 19:00, reviewed;
        // Thursday a draft; the Sunday before (another week), on time and reviewed.
        DailyFact {
            day: day(23),
            submitted_at: Some(at(23, 17)),
            reviewed: true,
        },
        DailyFact {
            day: day(24),
            submitted_at: Some(at(24, 18)),
            reviewed: false,
        },
        DailyFact {
            day: day(25),
            submitted_at: Some(at(25, 19)),
            reviewed: true,
        },
        DailyFact {
            day: day(26),
            submitted_at: None,
            reviewed: false,
        },
        DailyFact {
            day: day(22),
            submitted_at: Some(at(22, 9)),
            reviewed: true,
        },
    ];
    let w48: PeriodKey = "2026-W48".parse().unwrap();
    let measures = measure_week(&org, w48, Timestamp(i64::MAX), &week);
    let actual = |m| {
        measures
            .iter()
            .find(|x| x.standard.metric == m)
            .unwrap()
            .actual
    };
    assert_eq!(actual(StandardMetric::DailyListsOnTime), 2);
    assert_eq!(actual(StandardMetric::DailyListsReviewed), 2);
}
