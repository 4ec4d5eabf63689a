//! What the plan reports read: weeks planned and done, daily lists, quarterly plans, and
//! the facts territory coverage is worked out from.

use rounds_shared::ids::{AccountId, UserId};
use rounds_shared::time::Timestamp;

/// A rep's week: the visits their weekly plan lists, and the visits they made (hospital,
/// when).
pub type PlanFacts = (
    Vec<rounds_shared::model::PlannedVisit>,
    Vec<(AccountId, Timestamp)>,
);

/// A rep's daily list with the manager's review, if written.
pub type DailyRow = (
    UserId,
    rounds_shared::model::DailyList,
    Option<rounds_shared::model::DailyReview>,
);

/// A rep's quarterly plan with the manager's review, if written.
pub type QuarterlyRow = (
    UserId,
    rounds_shared::model::QuarterlyPlan,
    Option<rounds_shared::model::PlanReview>,
);

/// One hospital as coverage sees it: its owner, class and zone, and its visits (by anyone)
/// in the period and before its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageFact {
    /// The hospital.
    pub account: AccountId,
    /// Its name.
    pub name: String,
    /// The rep who owns it.
    pub owner: UserId,
    /// ABC class, if set.
    pub class: Option<rounds_shared::model::AccountClass>,
    /// Route-plan zone, if set.
    pub zone: Option<rounds_shared::model::Zone>,
    /// Visits in the period.
    pub visits: u32,
    /// The last visit before the period's end.
    pub last_visit: Option<Timestamp>,
}
