//! Territory coverage over a period (usually the quarter so far): how many of a rep's
//! hospitals were seen, by ABC class and by zone; each hospital's visits against its planned
//! frequency; the hospitals not seen for some weeks; and the share of visits above the
//! funnel (no open deal: prospecting) and in it, against the 20/70 guide. The phone works
//! it out offline from its own data and the server from the read model, with this code.
//!
//! ```
//! use chrono::NaiveDate;
//! use rounds_shared::ids::AccountId;
//! use rounds_shared::model::{AccountClass, Zone};
//! use rounds_shared::plan::{HospitalSeen, coverage};
//!
//! let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
//! let seen = |class, visits, last: Option<NaiveDate>| HospitalSeen {
//!     account: AccountId::generate(),
//!     name: String::new(),
//!     class: Some(class),
//!     zone: Some(Zone::A),
//!     per_month: 2,
//!     in_funnel: false,
//!     visits,
//!     last_visit: last,
//!     focus: String::new(),
//! };
//! let hospitals = [
//!     seen(AccountClass::Key, 4, Some(day(11, 20))),
//!     seen(AccountClass::Key, 0, None),
//! ];
//! // Two months into the quarter, on 1 December, counting three idle weeks.
//! let c = coverage(&hospitals, 2.0, day(12, 1), 3);
//! assert_eq!((c.hospitals, c.visited), (2, 1));
//! assert_eq!((c.on_frequency, c.behind), (1, 1));
//! assert_eq!(c.idle, 1);
//! ```

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{frequency_compliance, funnel_share};
use crate::ids::AccountId;
use crate::model::{AccountClass, Zone};

/// What coverage needs to know of one hospital.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HospitalSeen {
    /// The hospital.
    pub account: AccountId,
    /// Its name.
    pub name: String,
    /// Its ABC class, if set.
    pub class: Option<AccountClass>,
    /// Its route-plan zone, if set.
    pub zone: Option<Zone>,
    /// Planned visits a month (the quarterly plan's, or the default).
    pub per_month: u32,
    /// It has an open deal (in the funnel) rather than none (above it).
    pub in_funnel: bool,
    /// Visits in the period.
    pub visits: u32,
    /// The day of its last visit, if any.
    pub last_visit: Option<NaiveDate>,
    /// The departments and people to see (the quarterly plan's).
    pub focus: String,
}

/// Hospitals and those seen, in one class or zone (`None`: not set).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverageCell<K> {
    /// The class or zone.
    pub key: Option<K>,
    /// Hospitals in it.
    pub hospitals: u32,
    /// Of those, visited in the period.
    pub visited: u32,
}

/// One hospital's line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HospitalCoverage {
    /// The hospital.
    pub account: AccountId,
    /// Its name.
    pub hospital: String,
    /// ABC class.
    pub class: Option<AccountClass>,
    /// Zone.
    pub zone: Option<Zone>,
    /// Planned visits a month.
    pub per_month: u32,
    /// Visits in the period.
    pub visits: u32,
    /// Visits over those due so far ([`frequency_compliance`]); `None` when none are due yet.
    pub compliance: Option<f64>,
    /// The last visit.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub last_visit: Option<NaiveDate>,
    /// Not visited for the weeks asked (or never).
    pub idle: bool,
    /// Has an open deal.
    pub in_funnel: bool,
    /// The departments and people to see.
    pub focus: String,
}

/// Coverage of one rep's hospitals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Coverage {
    /// Hospitals.
    pub hospitals: u32,
    /// Of those, visited in the period.
    pub visited: u32,
    /// By ABC class: key, major, normal, small, then unclassified.
    pub by_class: Vec<CoverageCell<AccountClass>>,
    /// By zone: A–D, then none.
    pub by_zone: Vec<CoverageCell<Zone>>,
    /// Hospitals visited at least as often as planned so far.
    pub on_frequency: u32,
    /// Hospitals visited less often than planned so far.
    pub behind: u32,
    /// Hospitals not visited for the weeks asked (or never).
    pub idle: u32,
    /// Visits in the period to hospitals with no open deal (above the funnel).
    pub above: u32,
    /// Visits in the period to hospitals with one (in the funnel).
    pub within: u32,
    /// `above` as a share of `above` and `within` ([`funnel_share`]; the guide: 20 %).
    pub above_share: Option<f64>,
    /// `within` as a share of the two (the guide: 70 %).
    pub within_share: Option<f64>,
    /// Each hospital: idle ones first (never visited, then longest unseen), then the
    /// furthest behind.
    pub rows: Vec<HospitalCoverage>,
}

/// Months (of average length) from `from` to `to`, for frequencies given a month.
pub fn months_between(from: NaiveDate, to: NaiveDate) -> f64 {
    (to - from).num_days().max(0) as f64 / (365.25 / 12.0)
}

fn cells<K: Copy + Ord>(
    all: &[K],
    rows: &[HospitalCoverage],
    key: impl Fn(&HospitalCoverage) -> Option<K>,
) -> Vec<CoverageCell<K>> {
    all.iter()
        .map(|k| Some(*k))
        .chain([None])
        .map(|k| {
            let of: Vec<_> = rows.iter().filter(|r| key(r) == k).collect();
            CoverageCell {
                key: k,
                hospitals: of.len() as u32,
                visited: of.iter().filter(|r| r.visits > 0).count() as u32,
            }
        })
        .filter(|c| c.hospitals > 0)
        .collect()
}

/// Coverage of `hospitals` over a period `months` long, as of `today`; a hospital is idle
/// when its last visit is `idle_weeks` weeks or more before `today`, or it has none.
pub fn coverage(
    hospitals: &[HospitalSeen],
    months: f64,
    today: NaiveDate,
    idle_weeks: u32,
) -> Coverage {
    let idle_days = i64::from(idle_weeks) * 7;
    let mut rows: Vec<HospitalCoverage> = hospitals
        .iter()
        .map(|h| HospitalCoverage {
            account: h.account,
            hospital: h.name.clone(),
            class: h.class,
            zone: h.zone,
            per_month: h.per_month,
            visits: h.visits,
            compliance: frequency_compliance(h.visits, h.per_month, months),
            last_visit: h.last_visit,
            idle: h
                .last_visit
                .is_none_or(|d| (today - d).num_days() >= idle_days),
            in_funnel: h.in_funnel,
            focus: h.focus.clone(),
        })
        .collect();
    rows.sort_by(|a, b| {
        b.idle
            .cmp(&a.idle)
            .then(if a.idle {
                a.last_visit.cmp(&b.last_visit)
            } else {
                std::cmp::Ordering::Equal
            })
            .then(
                a.compliance
                    .unwrap_or(f64::INFINITY)
                    .total_cmp(&b.compliance.unwrap_or(f64::INFINITY)),
            )
            .then(a.hospital.cmp(&b.hospital))
    });
    let sum = |f: fn(&HospitalCoverage) -> u32| rows.iter().map(f).sum::<u32>();
    let above = sum(|r| if r.in_funnel { 0 } else { r.visits });
    let within = sum(|r| if r.in_funnel { r.visits } else { 0 });
    Coverage {
        hospitals: rows.len() as u32,
        visited: sum(|r| u32::from(r.visits > 0)),
        by_class: cells(AccountClass::ALL, &rows, |r| r.class),
        by_zone: cells(Zone::ALL, &rows, |r| r.zone),
        on_frequency: sum(|r| u32::from(r.compliance.is_some_and(|c| c >= 1.0))),
        behind: sum(|r| u32::from(r.compliance.is_some_and(|c| c < 1.0))),
        idle: sum(|r| u32::from(r.idle)),
        above,
        within,
        above_share: funnel_share(above, within).map(|s| s.0),
        within_share: funnel_share(above, within).map(|s| s.1),
        rows,
    }
}
