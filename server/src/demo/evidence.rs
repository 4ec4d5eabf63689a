//! The demo's check-ins: most visits checked in near their hospital with a photo-less
//! arrival and a check-out, some with none (a phone call), a few far away — so the
//! manager's feed shows the flags as a real team's would. Worked out from the account's
//! and visit's numbers, not drawn from the generator, so no other figure moves.

use rounds_shared::model::{CheckIn, GeoPoint};
use rounds_shared::time::Timestamp;

/// The check-in of visit `v` of account `a`, made at `at`, at a hospital at `hospital`;
/// checked out by `now` at the latest.
pub(super) fn check_in(
    (a, v): (usize, usize),
    at: Timestamp,
    hospital: Option<GeoPoint>,
    now: Timestamp,
) -> Option<CheckIn> {
    if (a * 7 + v) % 11 == 0 {
        return None;
    }
    let far = (a * 5 + v) % 29 == 0;
    let location = hospital.map(|h| GeoPoint {
        lat: h.lat + ((a + v) % 5) as f64 * 0.0002 + if far { 0.02 } else { 0.0 },
        lng: h.lng + ((a * 3 + v) % 4) as f64 * 0.0002,
    });
    Some(CheckIn {
        at,
        location,
        photo: None,
        photo_ref: None,
        accuracy_m: Some(15.0 + ((a * 3 + v) % 6) as f64 * 10.0),
        left_at: Some(Timestamp(
            (at.0 + (20 + ((a + v * 7) % 40) as i64) * 60_000).min(now.0),
        )),
    })
}
