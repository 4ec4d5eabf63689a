//! `GET /visits` and `GET /covisits`.

use serde::{Deserialize, Serialize};

use crate::evidence::VisitFlag;
use crate::ids::{AccountId, CoVisitId, OpportunityId, UserId, VisitId};
use crate::model::{GeoPoint, PhotoRef};
use crate::time::Timestamp;

/// A visit report in the feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = VisitRow))]
pub struct VisitItem {
    /// The visit.
    pub id: VisitId,
    /// When.
    pub at: Timestamp,
    /// Who wrote it.
    pub author_id: UserId,
    /// Their display name.
    pub author_name: String,
    /// The hospital.
    pub account_id: AccountId,
    /// Its name.
    pub account_name: String,
    /// Purpose.
    pub purpose: String,
    /// Content.
    pub content: String,
    /// Problems and solutions.
    pub problems: String,
    /// Next step.
    pub next_step: String,
    /// Linked opportunity.
    pub opportunity_id: Option<OpportunityId>,
    /// Arrival (到达签到), when the rep checked in.
    #[serde(default)]
    pub checked_in_at: Option<Timestamp>,
    /// Check-out (离开签退), when the rep checked out.
    #[serde(default)]
    pub left_at: Option<Timestamp>,
    /// Where the phone was at check-in.
    #[serde(default)]
    pub location: Option<GeoPoint>,
    /// How far off that may be, in metres, as the phone said.
    #[serde(default)]
    pub accuracy_m: Option<f64>,
    /// How far the check-in was from the hospital's location, in metres, when both are
    /// known.
    #[serde(default)]
    pub distance_m: Option<f64>,
    /// The arrival photo (`GET /api/v1/blobs/{hash}`).
    #[serde(default)]
    pub photo: Option<PhotoRef>,
    /// Why the report deserves a second look, worked out by the server.
    #[serde(default)]
    pub flags: Vec<VisitFlag>,
}

/// `PUT /accounts/{id}/location`: the hospital is where this visit's check-in was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocateFromVisit {
    /// A visit of the hospital with a located check-in.
    pub visit: VisitId,
}

/// One flag's count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FlagCount {
    /// The flag.
    pub flag: VisitFlag,
    /// How many visits have it.
    pub count: usize,
}

/// A rep's visits of a period and how many the server flagged (`GET /visits/flags`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepFlags {
    /// The rep.
    pub rep_id: UserId,
    /// Their display name.
    pub rep_name: String,
    /// Their visits in the period.
    pub visits: usize,
    /// How many of them have at least one flag.
    pub flagged: usize,
    /// Each flag's count, every flag listed.
    pub counts: Vec<FlagCount>,
}

/// A co-visit report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = CoVisitRow))]
pub struct CoVisitItem {
    /// The report.
    pub id: CoVisitId,
    /// When.
    pub at: Timestamp,
    /// The manager.
    pub manager_id: UserId,
    /// The rep.
    pub rep_id: UserId,
    /// The hospital.
    pub account_id: AccountId,
    /// Its name.
    pub account_name: String,
    /// `joint`, `demonstration` or `coaching` (as stored; a newer app's kind is kept).
    pub kind: String,
    /// What the manager saw.
    pub observations: String,
    /// What to work on.
    pub coaching_points: String,
}
