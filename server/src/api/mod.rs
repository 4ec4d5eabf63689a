//! The JSON API under `/api/v1`, a module per resource.

mod accounts;
mod activity;
mod attainment;
mod audit;
mod blobs;
mod classes;
mod collections;
mod coverage;
mod csv;
mod daily;
mod doc;
mod filters;
mod funnel;
mod handovers;
mod health;
mod hospital;
mod import;
mod json;
mod located;
mod notices;
mod org;
mod query;
mod report;
mod roadmap;
mod session;
mod snapshots;
mod sync;
mod trend;
mod users;
mod visits;
mod warnings;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, patch, post, put};
use rounds_shared::api::{
    AccountsEndpoint, ActivityEndpoint, AttainmentEndpoint, AuditEndpoint, ClassesEndpoint,
    CoVisitsEndpoint, CollectionsEndpoint, CoverageEndpoint, DailyEndpoint, Endpoint,
    FunnelEndpoint, HANDOVERS_PATH, HealthEndpoint, IMPORT_PATH, NoticesEndpoint,
    OWN_PASSWORD_PATH, OpportunitiesEndpoint, OrgEndpoint, RESUME_PATH, SNAPSHOTS_PATH, SYNC_PATH,
    SessionEndpoint, StalledEndpoint, TeamsEndpoint, TrendEndpoint, UsersEndpoint,
    VisitFlagsEndpoint, VisitsEndpoint, WarningsEndpoint,
};

use crate::error::AppError;
use crate::state::AppState;

pub use doc::openapi_json;

/// Where this router is nested.
const PREFIX: &str = "/api/v1";

/// An endpoint's path (from the shared contract) relative to [`PREFIX`].
fn rel<E: Endpoint>() -> &'static str {
    E::PATH.trim_start_matches(PREFIX)
}

/// Routes under `/api/v1`.
pub(crate) fn v1() -> Router<AppState> {
    Router::new()
        .route(rel::<HealthEndpoint>(), get(health::get))
        .route("/openapi.json", get(doc::serve))
        .route(
            rel::<SessionEndpoint>(),
            get(session::current)
                .post(session::login)
                .delete(session::logout),
        )
        .route(SYNC_PATH.trim_start_matches(PREFIX), get(sync::upgrade))
        .route(
            SNAPSHOTS_PATH.trim_start_matches(PREFIX),
            post(snapshots::snapshots),
        )
        .route(rel::<FunnelEndpoint>(), get(funnel::funnel))
        .route(rel::<OpportunitiesEndpoint>(), get(funnel::opportunities))
        .route(rel::<StalledEndpoint>(), get(funnel::stalled_list))
        .route(rel::<TrendEndpoint>(), get(trend::trend))
        .route(rel::<ActivityEndpoint>(), get(activity::activity))
        .route(rel::<VisitsEndpoint>(), get(visits::feed))
        .route(rel::<VisitFlagsEndpoint>(), get(visits::flag_counts))
        .route(rel::<CoVisitsEndpoint>(), get(visits::co_visits))
        .route(rel::<ClassesEndpoint>(), get(classes::classes))
        .route(rel::<WarningsEndpoint>(), get(warnings::list))
        .route(rel::<CollectionsEndpoint>(), get(collections::list))
        .route(rel::<NoticesEndpoint>(), get(notices::list))
        .route(rel::<DailyEndpoint>(), get(daily::day))
        .route(rel::<AttainmentEndpoint>(), get(attainment::week))
        .route(rel::<CoverageEndpoint>(), get(coverage::report))
        .route(rel::<OrgEndpoint>(), get(org::get_org))
        .route("/org/template", put(org::put_template))
        .route("/org/standards", put(org::put_standards))
        .route("/org/targets", put(org::put_targets))
        .route(
            rel::<TeamsEndpoint>(),
            get(org::list_teams).post(org::add_team),
        )
        .route("/teams/{team}/managers", post(org::add_manager))
        .route("/org/territories", put(org::put_territories))
        .route("/org/cutoff", put(org::put_cutoff))
        .route("/org/roadmap", put(roadmap::put_roadmap))
        .route(rel::<UsersEndpoint>(), get(users::list).post(users::create))
        .route("/users/{username}", patch(users::edit))
        .route("/users/{username}/team", put(org::set_user_team))
        .route("/users/{username}/disabled", put(users::set_disabled))
        .route("/users/{username}/password", put(users::reset_password))
        .route(
            OWN_PASSWORD_PATH.trim_start_matches(PREFIX),
            put(users::change_own_password),
        )
        .route(rel::<AuditEndpoint>(), get(audit::audit))
        .route(
            rel::<AccountsEndpoint>(),
            get(accounts::list).post(hospital::create),
        )
        .route("/accounts/{id}", patch(hospital::edit))
        .route("/accounts/{id}/location", put(located::locate))
        .route(
            IMPORT_PATH.trim_start_matches(PREFIX),
            post(import::import).layer(DefaultBodyLimit::max(crate::admin::import::MAX_BYTES)),
        )
        .route(
            HANDOVERS_PATH.trim_start_matches(PREFIX),
            post(handovers::hand_over),
        )
        .route(
            RESUME_PATH.trim_start_matches(PREFIX),
            post(session::resume),
        )
        .route("/accounts/{id}/owner", put(accounts::set_owner))
        .route("/daily/{rep}/{day}/review", put(daily::review))
        .route("/quarterly/{rep}/{quarter}/review", put(coverage::review))
        .route(
            "/blobs/{hash}",
            put(blobs::put)
                .get(blobs::get)
                .layer(DefaultBodyLimit::max(rounds_shared::model::MAX_PHOTO_BYTES)),
        )
}

/// Any other path under `/api`: a JSON 404, never the app shell.
pub(crate) async fn not_found(uri: axum::http::Uri) -> AppError {
    AppError::NotFound(format!("no API endpoint at {}", uri.path()))
}
