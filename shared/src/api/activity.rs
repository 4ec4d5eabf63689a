//! `GET /activity`.

use serde::{Deserialize, Serialize};

use crate::ids::UserId;
use crate::model::StandardMetric;
use crate::stage::StageKey;
use crate::time::PeriodKey;

/// One standard for one rep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = Cell))]
pub struct ActivityCell {
    /// What is measured.
    pub metric: StandardMetric,
    /// The stage, for accounts in a stage.
    #[serde(default)]
    pub stage: Option<StageKey>,
    /// The least that meets the standard.
    pub minimum: i64,
    /// What the rep did.
    pub actual: i64,
    /// At or above the minimum.
    pub met: bool,
    /// The month or year measured, for standards not measured over the week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<PeriodKey>,
    /// For a percentage, the amount (fen) it is a percentage of; 0 when nothing is owed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<i64>,
}

/// One rep's week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepActivity {
    /// The rep.
    pub rep_id: UserId,
    /// Their login.
    pub username: String,
    /// Their name.
    pub display_name: String,
    /// One per standard, in the organisation's order.
    pub cells: Vec<ActivityCell>,
}

/// Every rep in scope for one week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Activity {
    /// The week.
    pub week: PeriodKey,
    /// The reps.
    pub reps: Vec<RepActivity>,
}
