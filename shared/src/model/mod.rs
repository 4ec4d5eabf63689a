//! The records Rounds keeps (DOMAIN.md, "Records"). Plain data: reading and writing them in
//! Automerge documents is [`crate::doc`]'s job; the funnel maths is [`crate::funnel`]'s.

mod account;
mod buying;
mod enums;
mod notice;
mod opportunity;
mod org;
mod photo;
mod plan;
mod roadmap;
mod visit;

use serde::{Deserialize, Serialize};

pub use account::{Account, Contact};
pub use buying::{
    AnswerState, MILESTONES, OrgChange, OrgChangeKind, ProcurementStep, Qualification, Qualifier,
    Stakeholder, milestone_index,
};
pub use enums::{
    AccountAttitude, AccountClass, AccountValue, Attitude, BuyingRole, CoVisitKind, Department,
    HospitalLevel, KeyAccountTier, NoticeEventKind, NoticeKind, NoticeStatus, PaymentRecord,
    ReceiptOutcome, RelationshipStage, TrustLevel, UserRole, Zone,
};
pub use notice::{Notice, NoticeEvent, Receipt};
pub use opportunity::{LostInfo, MoveError, Opportunity, StageEvent};
pub use org::{
    OrgConfig, Standard, StandardMetric, Target, TargetSubject, Territory, TerritoryZone,
};
pub use photo::{MAX_PHOTO_BYTES, PhotoKind, PhotoRef, content_hash, is_content_hash};
pub use plan::{
    DailyEntry, DailyList, DailyReview, PlanReview, PlannedVisit, QuarterlyPlan, RoutePlan,
    WeeklyPlan,
};
pub use roadmap::{RepStart, RoadmapPhase, tenure_week};
pub use visit::{AccountReview, CheckIn, CoVisit, Visit, VisitComment};

use crate::ids::UserId;
use crate::time::Timestamp;

/// Who created and last changed a record, and when by their device's clock (a claim: the
/// server records separately when it received each change).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audit {
    /// When the record was created.
    pub created_at: Timestamp,
    /// Who created it.
    pub created_by: UserId,
    /// When it was last changed.
    pub updated_at: Timestamp,
    /// Who last changed it.
    pub updated_by: UserId,
}

impl Audit {
    /// A record created now by `by`.
    pub fn new(at: Timestamp, by: UserId) -> Self {
        Self {
            created_at: at,
            created_by: by,
            updated_at: at,
            updated_by: by,
        }
    }
    /// Marks a change.
    pub fn touch(&mut self, at: Timestamp, by: UserId) {
        self.updated_at = at;
        self.updated_by = by;
    }
}

/// A place on earth (WGS-84 degrees), as the phone reports it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeoPoint {
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lng: f64,
}
