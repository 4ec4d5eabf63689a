use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Audit, Zone};
use crate::ids::{AccountId, PlanId};
use crate::time::{PeriodKey, Timestamp};

/// A weekly plan (周计划), due Friday, in the rep's personal document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyPlan {
    /// Id within the personal document.
    pub id: PlanId,
    /// The ISO week planned, e.g. `2026-W48`.
    pub week: PeriodKey,
    /// Goals for the week.
    pub goals: String,
    /// Visits planned, in order.
    pub visits: Vec<PlannedVisit>,
    /// When the rep submitted it to the manager; `None` while a draft.
    pub submitted_at: Option<Timestamp>,
    /// Created and updated.
    pub audit: Audit,
}

/// One planned visit in a weekly plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedVisit {
    /// The hospital.
    pub account: AccountId,
    /// The day.
    pub day: NaiveDate,
    /// What for.
    pub purpose: String,
}

/// A quarterly plan (季计划): how often to visit which accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuarterlyPlan {
    /// Id within the personal document.
    pub id: PlanId,
    /// The quarter, e.g. `2026-Q4`.
    pub quarter: PeriodKey,
    /// Planned visits per month, by account.
    pub visit_frequency: BTreeMap<AccountId, u32>,
    /// Notes.
    pub notes: String,
    /// Created and updated.
    pub audit: Audit,
}

/// A route plan (拜访路线): accounts of one zone in visiting order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutePlan {
    /// Id within the personal document.
    pub id: PlanId,
    /// Name, e.g. 周二浦东线.
    pub name: String,
    /// Territory zone.
    pub zone: Zone,
    /// Accounts in visiting order.
    pub stops: Vec<AccountId>,
    /// Created and updated.
    pub audit: Audit,
}
