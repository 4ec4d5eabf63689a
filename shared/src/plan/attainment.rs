//! Plan against what was done: a visit counts for the planned visit it matches (the same
//! hospital on the same day, each visit once), and how often each hospital was seen against
//! its planned frequency.
//!
//! ```
//! use chrono::NaiveDate;
//! use rounds_shared::ids::AccountId;
//! use rounds_shared::model::PlannedVisit;
//! use rounds_shared::plan::planned_done;
//!
//! let (a, b) = (AccountId::generate(), AccountId::generate());
//! let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
//! let plan = [
//!     PlannedVisit { account: a, day: day(23), purpose: String::new() },
//!     PlannedVisit { account: b, day: day(24), purpose: String::new() },
//! ];
//! // A visited on the day; B a day late, which does not count for the plan.
//! let done = planned_done(&plan, &[(a, day(23)), (b, day(25))]);
//! assert_eq!(done, vec![true, false]);
//! ```

use chrono::NaiveDate;

use crate::ids::AccountId;
use crate::model::PlannedVisit;

/// For each planned visit, whether a visit matches it: the same hospital on the same day.
/// A visit matches one planned visit at most (two plans for one hospital on one day need
/// two visits).
pub fn planned_done(plan: &[PlannedVisit], visits: &[(AccountId, NaiveDate)]) -> Vec<bool> {
    let mut used = vec![false; visits.len()];
    plan.iter()
        .map(|p| {
            let found = visits
                .iter()
                .enumerate()
                .position(|(i, (a, d))| !used[i] && *a == p.account && *d == p.day);
            if let Some(i) = found {
                used[i] = true;
            }
            found.is_some()
        })
        .collect()
}

/// Visits made against the visits due for a hospital after `months` months at `per_month`
/// (whole visits: a weekly hospital is due one visit after a week, none before): `None`
/// when none are due yet. 1.0 means on plan; above it, more often than planned.
pub fn frequency_compliance(visits: u32, per_month: u32, months: f64) -> Option<f64> {
    let planned = (f64::from(per_month) * months + 1e-9).floor();
    (planned > 0.0).then(|| f64::from(visits) / planned)
}

/// The share of visits to hospitals above the funnel (no open deal: prospecting) and in it,
/// against the guide of about 20 % and 70 % (DOMAIN.md). `None` with no visits.
pub fn funnel_share(above: u32, within: u32) -> Option<(f64, f64)> {
    let all = f64::from(above) + f64::from(within);
    (all > 0.0).then(|| (f64::from(above) / all, f64::from(within) / all))
}

/// The guide's shares of selling time: above the funnel and in it.
pub const FUNNEL_GUIDE: (f64, f64) = (0.20, 0.70);
