//! `GET /daily`: every rep's daily list (日清单) of one day for the manager's 3E review —
//! who submitted, who did not by the cut-off, each list in one place — and
//! `PUT /daily/{rep}/{day}/review`: the manager's comment and marks, written into the rep's
//! personal document so they reach the rep's phone.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::UserId;
use crate::model::{DailyList, DailyReview};

/// One rep's day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepDay {
    /// The rep.
    pub rep: UserId,
    /// Their name.
    pub name: String,
    /// Their list of the day, submitted or not yet.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub list: Option<DailyList>,
    /// Submitted after the cut-off, or not submitted once it has passed.
    pub late: bool,
    /// The manager's review, if written.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub review: Option<DailyReview>,
}

/// The team's daily lists of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DailyReport {
    /// The day.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub day: NaiveDate,
    /// When lists are due, local time (`HH:MM`).
    pub cutoff: String,
    /// Reps who submitted.
    pub submitted: u32,
    /// Reps who did not.
    pub missing: u32,
    /// Lists reviewed.
    pub reviewed: u32,
    /// Lists asking the company for help.
    pub help: u32,
    /// Every rep in view, those with help asked first, then by name.
    pub reps: Vec<RepDay>,
}

/// The manager's review of one list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewInput {
    /// The comment (may be empty).
    #[serde(default)]
    pub comment: String,
    /// Mark it reviewed.
    #[serde(default)]
    pub reviewed: bool,
    /// Pick it for a spot check.
    #[serde(default)]
    pub follow_up: bool,
}
