//! Activity against the standards: one counting rule per standard, used by the server's
//! activity report (`GET /api/v1/activity`, the manager's table and meeting view) and by the
//! rep's own week on the phone, so a rep and their manager see the same numbers.
//!
//! The rules, for rep R and ISO week W:
//! - **Visits a week:** visit reports whose author is R, dated in W, on any account. The
//!   standard measures R's own field work: a visit someone else logged on R's account (a
//!   manager's, a colleague's covering for R) is not R's visit, and R's visits stay R's after
//!   an account is handed over.
//! - **New prospects a week:** opportunities created in W on accounts R owns.
//! - **Weekly plan submitted:** 1 when R's plan for W has been submitted, else 0.
//! - **Daily lists in on time:** days of W whose daily list (日清单) R submitted by the
//!   organisation's cut-off that day.
//! - **Daily lists reviewed:** days of W whose list the manager marked reviewed (3E).
//! - **Key accounts reviewed a week:** distinct accounts with a review naming R as the rep,
//!   recorded in W.
//! - **Accounts in stage:** distinct accounts R owns with an opportunity at the standard's
//!   stage at the end of W (now, while W is under way).
//! - **Contracts and new business a month, receivables collected:** read from the funnel of
//!   R's accounts over the window [`measured_over`] gives (the month or year so far).
//!
//! ```
//! use rounds_shared::activity::{RepWeek, VisitFact, measure_week};
//! use rounds_shared::ids::UserId;
//! use rounds_shared::model::{OrgConfig, StandardMetric};
//! use rounds_shared::time::{PeriodKey, Timestamp};
//!
//! let org = OrgConfig::default();
//! let week: PeriodKey = "2026-W48".parse().unwrap();
//! let (rep, manager) = (UserId::generate(), UserId::generate());
//! let monday = week.period(org.tz).start;
//! let mut records = RepWeek::new(rep);
//! records.visits = vec![
//!     VisitFact { author: rep, at: monday },
//!     VisitFact { author: manager, at: monday }, // not the rep's visit
//! ];
//! let measures = measure_week(&org, week, Timestamp(i64::MAX), &records);
//! let visits = measures.iter().find(|m| m.standard.metric == StandardMetric::VisitsPerWeek).unwrap();
//! assert_eq!(visits.actual, 1);
//! ```

use std::collections::BTreeSet;

use crate::doc::AccountRecords;
use crate::funnel::{funnel_figure, measured_over};
use crate::ids::{AccountId, UserId};
use crate::model::{
    Account, DailyList, DailyReview, Opportunity, OrgConfig, Standard, StandardMetric, WeeklyPlan,
};
use crate::stage::Position;
use crate::time::{PeriodKey, Timestamp};

/// A visit report, as the standards count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisitFact {
    /// Who wrote it.
    pub author: UserId,
    /// When the visit took place.
    pub at: Timestamp,
}

/// A key-account review, as the standards count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewFact {
    /// The account reviewed.
    pub account: AccountId,
    /// The rep it was reviewed with.
    pub rep: UserId,
    /// When it was recorded.
    pub at: Timestamp,
}

/// A weekly plan, as the standards count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanFact {
    /// The week planned.
    pub week: PeriodKey,
    /// Whether it has been submitted.
    pub submitted: bool,
}

/// A daily list, as the standards count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DailyFact {
    /// The day it reports.
    pub day: chrono::NaiveDate,
    /// When it was submitted, if it was.
    pub submitted_at: Option<Timestamp>,
    /// The manager marked it reviewed.
    pub reviewed: bool,
}

impl DailyFact {
    /// The facts of a rep's lists with the manager's reviews of them.
    pub fn of(lists: &[DailyList], reviews: &[DailyReview]) -> Vec<DailyFact> {
        lists
            .iter()
            .map(|l| DailyFact {
                day: l.day,
                submitted_at: l.submitted_at,
                reviewed: reviews.iter().any(|r| r.id == l.id && r.reviewed),
            })
            .collect()
    }
}

/// What the rules read for one rep. Callers may pass more than the rep's own records (the
/// phone passes every visit on the device); each rule keeps only what counts.
#[derive(Debug, Clone)]
pub struct RepWeek<'a> {
    /// The rep.
    pub rep: UserId,
    /// The opportunities of the accounts the rep owns, with their accounts.
    pub opportunities: Vec<(AccountId, &'a Opportunity)>,
    /// Visit reports.
    pub visits: Vec<VisitFact>,
    /// Key-account reviews.
    pub reviews: Vec<ReviewFact>,
    /// The rep's weekly plans.
    pub plans: Vec<PlanFact>,
    /// The rep's daily lists.
    pub daily: Vec<DailyFact>,
}

impl<'a> RepWeek<'a> {
    /// Nothing recorded yet for `rep`.
    pub fn new(rep: UserId) -> Self {
        Self {
            rep,
            opportunities: Vec::new(),
            visits: Vec::new(),
            reviews: Vec::new(),
            plans: Vec::new(),
            daily: Vec::new(),
        }
    }

    /// What the rules read for `rep` from account documents (each one's profile and
    /// records, as [`crate::doc::AccountContents`] reads them) and the rep's weekly plans:
    /// the phone measures its user's week this way.
    pub fn from_documents(
        rep: UserId,
        accounts: impl IntoIterator<Item = (&'a Account, &'a AccountRecords)>,
        plans: &[WeeklyPlan],
    ) -> Self {
        let mut out = Self::new(rep);
        for (account, records) in accounts {
            if account.owner == rep {
                out.opportunities
                    .extend(records.opportunities.iter().map(|o| (account.id, o)));
            }
            out.visits.extend(records.visits.iter().map(|v| VisitFact {
                author: v.audit.created_by,
                at: v.at,
            }));
            out.reviews
                .extend(records.reviews.iter().map(|r| ReviewFact {
                    account: account.id,
                    rep: r.rep,
                    at: r.audit.created_at,
                }));
        }
        out.plans = plans
            .iter()
            .map(|p| PlanFact {
                week: p.week,
                submitted: p.submitted_at.is_some(),
            })
            .collect();
        out
    }
}

/// One standard and where the rep stands against it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    /// The standard.
    pub standard: Standard,
    /// The period measured: the week, or the month or year so far.
    pub period: PeriodKey,
    /// What the rep did (count, fen or whole percent, as the standard's minimum).
    pub actual: i64,
    /// For a percentage, the amount (fen) it is of; 0 when nothing is owed.
    pub basis: Option<i64>,
}

impl Measure {
    /// At or above the standard's minimum.
    pub fn met(&self) -> bool {
        self.actual >= self.standard.minimum
    }
}

/// Every standard of `org` measured for the rep in `week`, in the organisation's order. A
/// stage standard without a stage measures nothing and is left out. `now` bounds the "end of
/// the week" of the stage standards while the week is under way.
pub fn measure_week(
    org: &OrgConfig,
    week: PeriodKey,
    now: Timestamp,
    records: &RepWeek<'_>,
) -> Vec<Measure> {
    org.standards_for(records.rep, week)
        .iter()
        .filter_map(|s| measure(org, week, now, records, s))
        .collect()
}

fn measure(
    org: &OrgConfig,
    week: PeriodKey,
    now: Timestamp,
    r: &RepWeek<'_>,
    standard: &Standard,
) -> Option<Measure> {
    let (key, window) = measured_over(standard.metric, week, org.tz);
    let measured = |actual, basis| Measure {
        standard: standard.clone(),
        period: key,
        actual,
        basis,
    };
    let opportunities = r.opportunities.iter().map(|(_, o)| *o);
    if let Some(f) = funnel_figure(standard.metric, &org.template, opportunities, window) {
        return Some(measured(f.actual, f.basis));
    }
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let actual = match standard.metric {
        StandardMetric::VisitsPerWeek => count(
            r.visits
                .iter()
                .filter(|v| v.author == r.rep && window.contains(v.at))
                .count(),
        ),
        StandardMetric::NewProspectsPerWeek => count(
            r.opportunities
                .iter()
                .filter(|(_, o)| window.contains(o.audit.created_at))
                .count(),
        ),
        StandardMetric::WeeklyPlanSubmitted => {
            i64::from(r.plans.iter().any(|p| p.week == week && p.submitted))
        }
        StandardMetric::DailyListsOnTime => count(
            r.daily
                .iter()
                .filter(|d| window.contains(Timestamp::start_of(d.day, org.tz)))
                .filter(|d| {
                    let due = Timestamp::start_of(d.day, org.tz).0
                        + i64::from(org.daily_cutoff_minutes) * 60_000;
                    d.submitted_at.is_some_and(|at| at.0 <= due)
                })
                .count(),
        ),
        StandardMetric::DailyListsReviewed => count(
            r.daily
                .iter()
                .filter(|d| window.contains(Timestamp::start_of(d.day, org.tz)) && d.reviewed)
                .count(),
        ),
        StandardMetric::KeyAccountsReviewedPerWeek => count(
            r.reviews
                .iter()
                .filter(|v| v.rep == r.rep && window.contains(v.at))
                .map(|v| v.account)
                .collect::<BTreeSet<_>>()
                .len(),
        ),
        StandardMetric::AccountsInStage => {
            let stage = Position::Stage(standard.stage.clone()?);
            let end = Timestamp(window.end.0 - 1).min(now);
            count(
                r.opportunities
                    .iter()
                    .filter(|(_, o)| o.position_at(end) == Some(&stage))
                    .map(|(a, _)| *a)
                    .collect::<BTreeSet<_>>()
                    .len(),
            )
        }
        // Read from the funnel above.
        StandardMetric::ContractsPerMonth
        | StandardMetric::NewBusinessPerMonth
        | StandardMetric::ReceivablesCollectedPercent => return None,
    };
    Some(measured(actual, None))
}
