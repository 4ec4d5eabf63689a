//! `GET /coverage`: each rep's territory coverage over a quarter so far
//! ([`crate::plan::coverage`]) with their quarterly plan (季计划) and its review, and
//! `PUT /quarterly/{rep}/{quarter}/review`: the manager's comment and approval, written into
//! the rep's personal document so they reach the rep's phone.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::UserId;
use crate::model::{PlanReview, QuarterlyPlan};
use crate::plan::Coverage;

/// One rep's quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepCoverage {
    /// The rep.
    pub rep: UserId,
    /// Their name.
    pub name: String,
    /// Their quarterly plan, draft or submitted, if they made one.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub plan: Option<QuarterlyPlan>,
    /// The manager's review of it, if written.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub review: Option<PlanReview>,
    /// Their hospitals' coverage, each hospital with its planned frequency.
    pub coverage: Coverage,
}

/// The team's coverage over a quarter so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverageReport {
    /// The quarter, e.g. `2026-Q4`.
    pub quarter: String,
    /// Its first day.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from: NaiveDate,
    /// The last day counted: today, or the quarter's last day once it is over.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub to: NaiveDate,
    /// A hospital unseen for this many weeks is idle.
    pub weeks: u32,
    /// Everyone in view together (its `rows` left empty: they are under each rep).
    pub team: Coverage,
    /// Each rep, by name.
    pub reps: Vec<RepCoverage>,
}

/// The manager's review of a quarterly plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanReviewInput {
    /// The comment (may be empty).
    #[serde(default)]
    pub comment: String,
    /// Approve the plan as it stands.
    #[serde(default)]
    pub approved: bool,
}
