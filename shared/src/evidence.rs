//! Visit evidence the manager can trust (调查汇报信息的真实性): flags worked out from what
//! the server knows for itself — the hospital's location, when the server received the
//! visit — against what the phone claims (check-in place, accuracy and times). The server's
//! visit feed and the tests run this code.
//!
//! ```
//! use rounds_shared::evidence::{FlagRules, VisitFlag, visit_flags};
//! use rounds_shared::ids::UserId;
//! use rounds_shared::model::Visit;
//! use rounds_shared::time::Timestamp;
//!
//! let visit = Visit::new(Timestamp(1_790_000_000_000), UserId::generate());
//! let flags = visit_flags(&visit, None, None, &FlagRules::default());
//! assert_eq!(flags, vec![VisitFlag::NoCheckIn]);
//! ```

use crate::labels::closed_enum;
use crate::model::{CheckIn, GeoPoint, Visit};
use crate::plan::distance_km;
use crate::time::Timestamp;

closed_enum! {
    /// Why a visit report deserves a second look.
    pub enum VisitFlag {
        NoCheckIn = "no_check_in", "未签到", "No check-in";
        FarFromHospital = "far_from_hospital", "签到地点距医院过远", "Checked in far from the hospital";
        ClockAhead = "clock_ahead", "手机时间超前", "Phone clock ahead of the server";
        ReportedLate = "reported_late", "离开后很久才写报告", "Report written long after leaving";
    }
}

/// The thresholds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlagRules {
    /// A check-in further than this from the hospital, beyond the location's own
    /// accuracy, is far.
    pub far_m: f64,
    /// A time the phone stamped later than the server's receipt by more than this is a
    /// clock ahead.
    pub clock_ahead_minutes: i64,
    /// A report last written longer than this after check-out is late.
    pub late_report_hours: i64,
}

impl Default for FlagRules {
    fn default() -> Self {
        Self {
            far_m: 500.0,
            clock_ahead_minutes: 10,
            late_report_hours: 24,
        }
    }
}

/// What of a visit its flags are worked out from: the times and place the phone stamped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evidence<'a> {
    /// The check-in, if the rep made one.
    pub check_in: Option<&'a CheckIn>,
    /// When the phone says the visit was written first.
    pub created_at: Timestamp,
    /// When the phone says it was written last.
    pub updated_at: Timestamp,
}

impl<'a> From<&'a Visit> for Evidence<'a> {
    fn from(v: &'a Visit) -> Self {
        Evidence {
            check_in: v.check_in.as_ref(),
            created_at: v.audit.created_at,
            updated_at: v.audit.updated_at,
        }
    }
}

/// When the server received a visit, by its own clock: first, and its latest change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received {
    /// The first time.
    pub first: Timestamp,
    /// The latest change.
    pub last: Timestamp,
}

impl Received {
    /// Received once, at `at`.
    pub const fn at(at: Timestamp) -> Self {
        Self {
            first: at,
            last: at,
        }
    }
}

/// The flags of `visit` at a hospital located at `hospital` (if known), received by the
/// server as `received` says (if known): every time the phone stamped on it was stamped
/// before the server received it.
pub fn visit_flags<'a>(
    visit: impl Into<Evidence<'a>>,
    hospital: Option<GeoPoint>,
    received: Option<Received>,
    rules: &FlagRules,
) -> Vec<VisitFlag> {
    let visit = visit.into();
    let mut out = Vec::new();
    let Some(check_in) = visit.check_in else {
        out.push(VisitFlag::NoCheckIn);
        return with_clock(out, &visit, received, rules);
    };
    if let (Some(at), Some(h)) = (check_in.location, hospital) {
        let off = distance_km(at, h) * 1000.0 - check_in.accuracy_m.unwrap_or(0.0).max(0.0);
        if off > rules.far_m {
            out.push(VisitFlag::FarFromHospital);
        }
    }
    let mut out = with_clock(out, &visit, received, rules);
    if let Some(left) = check_in.left_at
        && visit.updated_at.0 - left.0 > rules.late_report_hours * 3_600_000
    {
        out.push(VisitFlag::ReportedLate);
    }
    out
}

/// Adds [`VisitFlag::ClockAhead`] when a time the phone stamped is later than the server's
/// receipt (a phone cannot have written a visit after the server received it): its
/// creation against the first receipt, every other stamp against the latest.
fn with_clock(
    mut out: Vec<VisitFlag>,
    visit: &Evidence<'_>,
    received: Option<Received>,
    rules: &FlagRules,
) -> Vec<VisitFlag> {
    let Some(received) = received else {
        return out;
    };
    let ahead = rules.clock_ahead_minutes * 60_000;
    let later = [
        Some(visit.updated_at),
        visit.check_in.map(|c| c.at),
        visit.check_in.and_then(|c| c.left_at),
    ];
    if visit.created_at.0 - received.first.0 > ahead
        || later
            .into_iter()
            .flatten()
            .any(|t| t.0 - received.last.0 > ahead)
    {
        out.push(VisitFlag::ClockAhead);
    }
    out
}
