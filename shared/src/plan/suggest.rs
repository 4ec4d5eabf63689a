//! What to put in this week's plan: each hospital is due a visit when its last visit is as
//! old as its frequency allows (a hospital seen twice a month is due 15 days after the
//! last visit); never-visited ones and those most overdue come first, then those with a
//! stalled deal, then those due later this week, then those with a next step due.
//!
//! ```
//! use chrono::NaiveDate;
//! use rounds_shared::ids::AccountId;
//! use rounds_shared::plan::{Due, HospitalDue, suggest};
//!
//! let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
//! let (a, b) = (AccountId::generate(), AccountId::generate());
//! let hospitals = [
//!     // Weekly, last seen 10 days ago: 3 days overdue.
//!     HospitalDue { account: a, per_month: 4, last_visit: Some(day(13)), next_step_due: None, stalled_days: None },
//!     // Monthly, seen last week: not due.
//!     HospitalDue { account: b, per_month: 1, last_visit: Some(day(18)), next_step_due: None, stalled_days: None },
//! ];
//! let s = suggest(&hospitals, day(23), day(29));
//! assert_eq!(s.len(), 1);
//! assert_eq!((s[0].account, s[0].due), (a, Due::Overdue { days: 3 }));
//! ```

use chrono::NaiveDate;

use crate::ids::AccountId;

/// What the suggestion needs to know of one hospital.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HospitalDue {
    /// The hospital.
    pub account: AccountId,
    /// Planned visits a month (the quarterly plan's, or [`super::default_frequency`]).
    pub per_month: u32,
    /// The day of the last visit, if any.
    pub last_visit: Option<NaiveDate>,
    /// The earliest next step due at it (of its open deals), if any.
    pub next_step_due: Option<NaiveDate>,
    /// Days its longest-idle stalled deal has gone without a stage move or a visit, if it
    /// has one ([`crate::funnel::stalled`]).
    pub stalled_days: Option<i64>,
}

/// Why a hospital is suggested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Due {
    /// Never visited.
    NeverVisited,
    /// Its frequency called for a visit this many days ago.
    Overdue {
        /// Days past due (0: due today).
        days: i64,
    },
    /// A deal there has stalled.
    Stalled {
        /// Days without a stage move or a visit.
        days: i64,
    },
    /// Due later this week.
    ThisWeek {
        /// The day it falls due.
        on: NaiveDate,
    },
    /// A next step is due this week (or was due already).
    NextStep {
        /// When.
        on: NaiveDate,
    },
}

/// A hospital to visit this week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suggestion {
    /// The hospital.
    pub account: AccountId,
    /// Why.
    pub due: Due,
}

/// The hospitals due a visit between `today` and `last_day` (the week's end): never visited
/// first, then the most overdue, then those due later this week, then next steps.
pub fn suggest(
    hospitals: &[HospitalDue],
    today: NaiveDate,
    last_day: NaiveDate,
) -> Vec<Suggestion> {
    let mut out: Vec<(i64, NaiveDate, Suggestion)> = hospitals
        .iter()
        .filter(|h| h.per_month > 0 || h.next_step_due.is_some() || h.stalled_days.is_some())
        .filter_map(|h| {
            let by_frequency = match h.last_visit {
                None if h.per_month > 0 => Some(Due::NeverVisited),
                None => None,
                Some(last) if h.per_month > 0 => {
                    let every = i64::from(30 / h.per_month.min(30));
                    let due_on = last + chrono::Duration::days(every);
                    if due_on <= today {
                        Some(Due::Overdue {
                            days: (today - due_on).num_days(),
                        })
                    } else if due_on <= last_day {
                        Some(Due::ThisWeek { on: due_on })
                    } else {
                        None
                    }
                }
                Some(_) => None,
            };
            let by_step = h
                .next_step_due
                .filter(|d| *d <= last_day)
                .map(|on| Due::NextStep { on });
            let by_stall = h.stalled_days.map(|days| Due::Stalled { days });
            let due = match by_frequency {
                Some(d @ (Due::NeverVisited | Due::Overdue { .. })) => Some(d),
                later => by_stall.or(later).or(by_step),
            }?;
            // Sort key: never visited, then most overdue, then the longest stalled, then
            // soonest.
            let (rank, on) = match due {
                Due::NeverVisited => (i64::MIN, today),
                Due::Overdue { days } => (-days - 1_000_000, today),
                Due::Stalled { days } => (-days, today),
                Due::ThisWeek { on } => (1, on),
                Due::NextStep { on } => (2, on),
            };
            Some((
                rank,
                on,
                Suggestion {
                    account: h.account,
                    due,
                },
            ))
        })
        .collect();
    out.sort_by_key(|(rank, on, s)| (*rank, *on, s.account));
    out.into_iter().map(|(_, _, s)| s).collect()
}
