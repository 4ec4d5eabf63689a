//! The OpenAPI document, generated from the handlers' annotations and the types they send.
//! `server/openapi.json` is a committed copy; a test fails when it is stale.

use utoipa::OpenApi;

/// The Rounds HTTP API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Rounds API",
        description = "Sync and funnel API of Rounds. Errors are `{\"error\": {\"code\", \"message\"}}`; amounts are in fen (0.01 yuan); timestamps are milliseconds since the epoch.",
    ),
    paths(
        super::health::get,
        super::session::login,
        super::session::resume,
        super::snapshots::snapshots,
        super::session::current,
        super::session::logout,
        super::sync::upgrade,
        super::funnel::funnel,
        super::funnel::opportunities,
        super::funnel::stalled_list,
        super::trend::trend,
        super::activity::activity,
        super::visits::feed,
        super::visits::flag_counts,
        super::visits::co_visits,
        super::classes::classes,
        super::warnings::list,
        super::collections::list,
        super::notices::list,
        super::daily::day,
        super::attainment::week,
        super::coverage::report,
        super::coverage::review,
        super::blobs::put,
        super::blobs::get,
        super::daily::review,
        super::org::get_org,
        super::org::put_template,
        super::org::put_standards,
        super::org::put_targets,
        super::org::list_teams,
        super::org::add_team,
        super::org::add_manager,
        super::org::set_user_team,
        super::users::set_disabled,
        super::users::reset_password,
        super::users::change_own_password,
        super::org::put_territories,
        super::org::put_cutoff,
        super::roadmap::put_roadmap,
        super::users::list,
        super::users::create,
        super::users::edit,
        super::accounts::set_owner,
        super::accounts::list,
        super::hospital::create,
        super::hospital::edit,
        super::located::locate,
        super::import::import,
        super::handovers::hand_over,
        super::audit::audit,
    ),
    components(schemas(crate::error::ApiError))
)]
pub(crate) struct ApiDoc;

/// The document as pretty JSON.
pub fn openapi_json() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_default()
}

pub(crate) async fn serve() -> ([(axum::http::HeaderName, &'static str); 1], String) {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        openapi_json(),
    )
}
