//! `GET /visits` and `GET /covisits`.

use serde::{Deserialize, Serialize};

use crate::ids::{AccountId, CoVisitId, OpportunityId, UserId, VisitId};
use crate::time::Timestamp;

/// A visit report in the feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
