//! The HTTP API's contract, defined once: every request and response body under `/api/v1`
//! and every endpoint's path with the type it answers. The server's handlers build these
//! (and document them in the OpenAPI file, under the `openapi` feature); the app decodes
//! them through its typed client (`client/src/api.rs`); the tests read them too.
//!
//! ```
//! use rounds_shared::api::{Endpoint, FunnelEndpoint};
//!
//! assert_eq!(FunnelEndpoint::PATH, "/api/v1/funnel");
//! assert_eq!(FunnelEndpoint::url("period=week"), "/api/v1/funnel?period=week");
//! ```

mod activity;
mod admin;
mod classes;
mod collections;
mod coverage;
mod daily;
mod funnel;
mod notices;
mod org;
mod plans;
mod session;
mod visits;
mod warnings;

pub use activity::{Activity, ActivityCell, RepActivity};
pub use admin::{
    AccountSummary, AuditAction, AuditEntry, FieldChange, HandOverReport, HandOverRequest,
    HospitalDetails, ImportOutcome, ImportReport, ImportRow, NewUserRequest, OneTimePassword,
    RegionOwner, RoadmapChange, UserEdit, UserSummary,
};
pub use classes::Classified;
pub use collections::{CollectionList, HospitalReceivables, Receivable, RepReceivables};
pub use coverage::{CoverageReport, PlanReviewInput, RepCoverage};
pub use daily::{DailyReport, RepDay, ReviewInput};
pub use funnel::{FunnelReport, OppItem, Page, Ratio, StageReport, StalledItem, TrendPoint};
pub use notices::{DeskCount, NoticeItem, NoticeReport};
pub use org::{
    DisabledChange, NewManager, NewTeam, OwnerChange, PasswordChange, PasswordReset, Person,
    TeamChange, TeamInfo, TemplateChange,
};
pub use plans::{AttainmentReport, PlannedItem, RepAttainment};
pub use session::{Health, Login, Resume, SessionInfo, UserInfo};
pub use visits::{CoVisitItem, FlagCount, LocateFromVisit, RepFlags, VisitItem};
pub use warnings::{DealWarnings, KindCount, RepWarnings, WarningsReport};

/// An endpoint that answers `GET` with JSON.
pub trait Endpoint {
    /// What it answers.
    type Response: serde::Serialize + serde::de::DeserializeOwned;
    /// Its path.
    const PATH: &'static str;

    /// The path with a query string (`query` without its `?`; empty for none).
    fn url(query: &str) -> String {
        if query.is_empty() {
            Self::PATH.to_owned()
        } else {
            format!("{}?{query}", Self::PATH)
        }
    }
}

macro_rules! endpoints {
    ($($name:ident => $path:literal, $response:ty, $doc:literal;)+) => {$(
        #[doc = $doc]
        #[derive(Debug, Clone, Copy)]
        pub struct $name;
        impl Endpoint for $name {
            type Response = $response;
            const PATH: &'static str = $path;
        }
    )+};
}

endpoints! {
    HealthEndpoint => "/api/v1/health", Health, "`GET /health`: the server and its database answer.";
    SessionEndpoint => "/api/v1/session", SessionInfo, "`GET /session`: who is logged in (`POST` logs in, `DELETE` out).";
    FunnelEndpoint => "/api/v1/funnel", FunnelReport, "`GET /funnel`: the funnel of a scope and period.";
    OpportunitiesEndpoint => "/api/v1/funnel/opportunities", Page<OppItem>, "`GET /funnel/opportunities`: the drill-down.";
    StalledEndpoint => "/api/v1/funnel/stalled", Page<StalledItem>, "`GET /funnel/stalled`: opportunities idle too long.";
    TrendEndpoint => "/api/v1/funnel/trend", Vec<TrendPoint>, "`GET /funnel/trend`: 26 weeks of the formulas.";
    ActivityEndpoint => "/api/v1/activity", Activity, "`GET /activity`: each rep's week against the standards.";
    VisitsEndpoint => "/api/v1/visits", Page<VisitItem>, "`GET /visits`: the visit-report feed.";
    VisitFlagsEndpoint => "/api/v1/visits/flags", Vec<RepFlags>, "`GET /visits/flags`: visit flags counted per rep.";
    CoVisitsEndpoint => "/api/v1/covisits", Vec<CoVisitItem>, "`GET /covisits`: co-visit reports.";
    ClassesEndpoint => "/api/v1/accounts/classes", Vec<Classified>, "`GET /accounts/classes`: ABC classes and the value × attitude grid.";
    OrgEndpoint => "/api/v1/org", crate::model::OrgConfig, "`GET /org`: the organisation's configuration.";
    TeamsEndpoint => "/api/v1/teams", Vec<TeamInfo>, "`GET /teams`: teams with their managers and members.";
    UsersEndpoint => "/api/v1/users", Vec<UserSummary>, "`GET /users`: the people an admin (or a manager, their teams') may manage; `POST` adds one.";
    AccountsEndpoint => "/api/v1/accounts", Vec<AccountSummary>, "`GET /accounts`: hospital accounts with their owners, for administration.";
    AuditEndpoint => "/api/v1/audit", Page<AuditEntry>, "`GET /audit`: the audit log, newest first.";
    CollectionsEndpoint => "/api/v1/collections", CollectionList, "`GET /collections`: signed deals awaiting payment by rep and hospital (下月催款明细).";
    WarningsEndpoint => "/api/v1/warnings", WarningsReport, "`GET /warnings`: deals at risk with their warnings, and counts per rep.";
    AttainmentEndpoint => "/api/v1/attainment", AttainmentReport, "`GET /attainment`: each rep's weekly plan against the visits made.";
    CoverageEndpoint => "/api/v1/coverage", CoverageReport, "`GET /coverage`: each rep's territory coverage over a quarter, with their quarterly plan and its review.";
    DailyEndpoint => "/api/v1/daily", DailyReport, "`GET /daily`: the team's daily lists of a day, who has not submitted, and the reviews.";
    NoticesEndpoint => "/api/v1/notices", NoticeReport, "`GET /notices`: hand-off notices with counts by department and person, overdue and turnaround.";
}

/// `POST` a [`Resume`]: the session a device credential belongs to, with a fresh cookie.
pub const RESUME_PATH: &str = "/api/v1/session/resume";

/// `POST` a [`SnapshotRequest`]: the stored documents asked for that the user may sync, as
/// [`crate::sync::snapshots`] records.
pub const SNAPSHOTS_PATH: &str = "/api/v1/sync/snapshots";

/// Which documents' snapshots a device asks for (at most
/// [`crate::sync::snapshots::MAX_PER_REQUEST`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SnapshotRequest {
    /// Document ids.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub documents: Vec<crate::sync::DocumentId>,
}

/// `POST` a CSV or Excel (.xlsx) sheet of hospitals: an [`ImportReport`]; nothing is saved
/// unless the query says `commit=true` and every row is valid.
pub const IMPORT_PATH: &str = "/api/v1/accounts/import";

/// `POST` a [`HandOverRequest`]: a [`HandOverReport`].
pub const HANDOVERS_PATH: &str = "/api/v1/handovers";

/// `PUT` a [`PasswordChange`]: the signed-in user's own new password.
pub const OWN_PASSWORD_PATH: &str = "/api/v1/session/password";

/// The sync WebSocket's path.
pub const SYNC_PATH: &str = "/api/v1/sync";
