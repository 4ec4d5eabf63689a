//! Visit evidence flags with hand-set times and locations.

use rounds_shared::evidence::{FlagRules, Received, VisitFlag, visit_flags};
use rounds_shared::ids::UserId;
use rounds_shared::model::{CheckIn, GeoPoint, Visit};
use rounds_shared::time::Timestamp;

const T: Timestamp = Timestamp(1_790_000_000_000);
const MIN: i64 = 60_000;
const HOSPITAL: GeoPoint = GeoPoint {
    lat: 31.2,
    lng: 121.4,
};

fn at(minutes: i64) -> Timestamp {
    Timestamp(T.0 + minutes * MIN)
}

/// A visit checked in at `lat` (on the hospital's meridian) with `accuracy` metres, left
/// after an hour, its report last written `written` minutes after arrival.
fn visit(lat: f64, accuracy: Option<f64>, written: i64) -> Visit {
    let mut v = Visit::new(T, UserId::generate());
    v.check_in = Some(CheckIn {
        at: T,
        location: Some(GeoPoint { lat, lng: 121.4 }),
        photo: None,
        photo_ref: None,
        accuracy_m: accuracy,
        left_at: Some(at(60)),
    });
    v.audit.updated_at = at(written);
    v
}

#[test]
fn flags_worked_out_by_hand() {
    let rules = FlagRules::default(); // 500 m, 10 minutes, 24 hours
    let flags =
        |v: &Visit, received| visit_flags(v, Some(HOSPITAL), Some(Received::at(received)), &rules);
    // 0.001° of latitude is 111 m: at the hospital; synced two hours later (offline): clean.
    assert_eq!(flags(&visit(31.201, Some(20.0), 90), at(120)), vec![]);
    // 0.006° is 667 m: 617 m beyond a 50 m accuracy is far; beyond 200 m it is 467 m, not.
    assert_eq!(
        flags(&visit(31.206, Some(50.0), 90), at(120)),
        vec![VisitFlag::FarFromHospital]
    );
    assert_eq!(flags(&visit(31.206, Some(200.0), 90), at(120)), vec![]);
    // Synced on arrival, before checking out: the phone stamped its arrival 11 minutes
    // after the server received the visit, so its clock is ahead; 9 minutes is within the
    // allowance. A check-out stamped after the receipt is ahead too.
    let mut arriving = visit(31.201, None, 0);
    arriving.check_in.as_mut().unwrap().left_at = None;
    assert_eq!(flags(&arriving, at(-11)), vec![VisitFlag::ClockAhead]);
    assert_eq!(flags(&arriving, at(-9)), vec![]);
    assert_eq!(
        flags(&visit(31.201, None, 0), at(30)),
        vec![VisitFlag::ClockAhead]
    );
    // Left after an hour; the report last written 25 hours later is late, 23 hours not.
    assert_eq!(
        flags(&visit(31.201, None, 60 + 25 * 60), at(60 + 26 * 60)),
        vec![VisitFlag::ReportedLate]
    );
    assert_eq!(
        flags(&visit(31.201, None, 60 + 23 * 60), at(60 + 24 * 60)),
        vec![]
    );
    // Written first with the clock 11 minutes ahead, edited after the clock caught up: the
    // creation against the first receipt still shows it; edits received later do not
    // hide it, and a clean visit edited later stays clean.
    let early = Received {
        first: at(-11),
        last: at(150),
    };
    assert_eq!(
        visit_flags(
            &visit(31.201, None, 90),
            Some(HOSPITAL),
            Some(early),
            &rules
        ),
        vec![VisitFlag::ClockAhead]
    );
    let on_time = Received {
        first: at(1),
        last: at(150),
    };
    assert_eq!(
        visit_flags(
            &visit(31.201, None, 90),
            Some(HOSPITAL),
            Some(on_time),
            &rules
        ),
        vec![]
    );
    // Several at once, in a fixed order.
    assert_eq!(
        flags(&visit(31.21, None, 60 + 30 * 60), at(-30)),
        vec![
            VisitFlag::FarFromHospital,
            VisitFlag::ClockAhead,
            VisitFlag::ReportedLate
        ]
    );
    // No check-in; and with no hospital location nothing can be far.
    let plain = Visit::new(T, UserId::generate());
    assert_eq!(flags(&plain, at(5)), vec![VisitFlag::NoCheckIn]);
    assert_eq!(
        visit_flags(
            &visit(31.3, None, 90),
            None,
            Some(Received::at(at(120))),
            &rules
        ),
        vec![]
    );
}
