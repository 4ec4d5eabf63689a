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

/// A quarterly plan (季计划): how often to visit which hospitals and whom to see there,
/// submitted to the manager, who comments and approves ([`PlanReview`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuarterlyPlan {
    /// Id within the personal document.
    pub id: PlanId,
    /// The quarter, e.g. `2026-Q4`.
    pub quarter: PeriodKey,
    /// Planned visits per month, by hospital (hospitals not listed: the default,
    /// [`crate::plan::default_frequency`]).
    pub visit_frequency: BTreeMap<AccountId, u32>,
    /// The departments and people to see, by hospital.
    #[serde(default)]
    pub focus: BTreeMap<AccountId, String>,
    /// Notes.
    pub notes: String,
    /// When the rep submitted it to the manager; `None` while a draft.
    #[serde(default)]
    pub submitted_at: Option<Timestamp>,
    /// Created and updated.
    pub audit: Audit,
}

/// The manager's review of a submitted plan: a comment and the approval. Written into the
/// rep's personal document by the server for the manager (the rep cannot change it), under
/// the plan's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanReview {
    /// The same id as the plan it reviews.
    pub id: PlanId,
    /// The comment.
    pub comment: String,
    /// Approved as it stands.
    pub approved: bool,
    /// Written (and last changed) by the manager, when.
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

/// One line of a daily list: a visit of the day, as the rep reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyEntry {
    /// The hospital.
    pub account: AccountId,
    /// Its name, so the manager reads the list in one place.
    pub hospital: String,
    /// The visit it reports, if logged.
    pub visit: Option<crate::ids::VisitId>,
    /// What for.
    pub purpose: String,
    /// What happened.
    pub content: String,
    /// Problems met, and how they were solved.
    pub problems: String,
    /// The next step agreed.
    pub next_step: String,
}

/// The day's list (日清单), submitted at the end of the day: the day's visits, what help is
/// needed from the company, and tomorrow's plan (which becomes tomorrow's daily plan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyList {
    /// Id within the personal document.
    pub id: PlanId,
    /// The day.
    pub day: NaiveDate,
    /// The day's visits.
    pub entries: Vec<DailyEntry>,
    /// Help needed from the company (需要公司支持).
    pub help_needed: String,
    /// Tomorrow's plan.
    pub tomorrow: Vec<PlannedVisit>,
    /// When submitted to the manager; `None` while a draft.
    pub submitted_at: Option<Timestamp>,
    /// Created and updated.
    pub audit: Audit,
}

/// The manager's 3E review of a daily list (检查, 评估, 改进): a comment, the "reviewed"
/// mark, and a spot check to follow up. Written into the rep's personal document by the
/// server for the manager, so it reaches the rep's phone; the rep cannot change it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyReview {
    /// The same id as the list it reviews.
    pub id: PlanId,
    /// The comment.
    pub comment: String,
    /// Marked as reviewed.
    pub reviewed: bool,
    /// Picked for a spot check (调查汇报信息的真实性).
    pub follow_up: bool,
    /// Written (and last changed) by the manager, when.
    pub audit: Audit,
}
