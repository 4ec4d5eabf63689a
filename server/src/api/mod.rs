//! The JSON API under `/api/v1`, a module per resource.

mod activity;
mod classes;
mod csv;
mod doc;
mod filters;
mod funnel;
mod health;
mod json;
mod org;
mod query;
mod report;
mod session;
mod sync;
mod trend;
mod visits;

use axum::Router;
use axum::routing::{get, post, put};

use crate::error::AppError;
use crate::state::AppState;

pub use doc::openapi_json;

/// Routes under `/api/v1`.
pub(crate) fn v1() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::get))
        .route("/openapi.json", get(doc::serve))
        .route(
            "/session",
            get(session::current)
                .post(session::login)
                .delete(session::logout),
        )
        .route("/sync", get(sync::upgrade))
        .route("/funnel", get(funnel::funnel))
        .route("/funnel/opportunities", get(funnel::opportunities))
        .route("/funnel/stalled", get(funnel::stalled_list))
        .route("/funnel/trend", get(trend::trend))
        .route("/activity", get(activity::activity))
        .route("/visits", get(visits::feed))
        .route("/covisits", get(visits::co_visits))
        .route("/accounts/classes", get(classes::classes))
        .route("/org", get(org::get_org))
        .route("/org/template", put(org::put_template))
        .route("/org/standards", put(org::put_standards))
        .route("/org/targets", put(org::put_targets))
        .route("/teams", get(org::list_teams).post(org::add_team))
        .route("/teams/{team}/managers", post(org::add_manager))
        .route("/users/{username}/team", put(org::set_user_team))
}

/// Any other path under `/api`: a JSON 404, never the app shell.
pub(crate) async fn not_found(uri: axum::http::Uri) -> AppError {
    AppError::NotFound(format!("no API endpoint at {}", uri.path()))
}
