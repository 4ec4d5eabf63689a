//! `GET /attainment`: each rep's weekly plan against what was done — a visit counts for the
//! planned visit it matches (same hospital, same day; [`crate::plan::planned_done`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{AccountId, UserId};

/// One planned visit, and whether it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlannedItem {
    /// The hospital.
    pub account: AccountId,
    /// Its name.
    pub hospital: String,
    /// The day planned.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub day: NaiveDate,
    /// A visit matched it.
    pub done: bool,
}

/// One rep's week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepAttainment {
    /// The rep.
    pub rep: UserId,
    /// Their name.
    pub name: String,
    /// Visits planned.
    pub planned: u32,
    /// Of those, done.
    pub done: u32,
    /// Done over planned; `None` with nothing planned.
    pub rate: Option<f64>,
    /// Visits made in the week.
    pub visits: u32,
    /// Of those, matching no planned visit.
    pub unplanned: u32,
    /// The planned visits, by day.
    pub items: Vec<PlannedItem>,
}

/// The team's week of plans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttainmentReport {
    /// The week, e.g. `2026-W48`.
    pub week: String,
    /// Visits planned by everyone in view.
    pub planned: u32,
    /// Of those, done.
    pub done: u32,
    /// Done over planned.
    pub rate: Option<f64>,
    /// Each rep, by name.
    pub reps: Vec<RepAttainment>,
}
