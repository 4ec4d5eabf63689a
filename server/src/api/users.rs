//! People's standing, for administrators: `PUT /api/v1/users/{username}/disabled` and
//! `PUT /api/v1/users/{username}/password`; and a user's own `PUT /api/v1/session/password`.
//! Each ends the sessions it must at once: open sync connections of those sessions close
//! with a policy reason, and every connection decides its access afresh.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use rounds_shared::api::{DisabledChange, PasswordChange, PasswordReset};

use super::json::Json;
use super::org::require_admin;
use crate::admin;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::state::AppState;

#[utoipa::path(put, path = "/api/v1/users/{username}/disabled", tag = "org", params(("username" = String, Path, description = "Login name")), request_body = DisabledChange, responses((status = 204, description = "Done: a disabled user's sessions ended and connections closed"), crate::error::ErrorResponses))]
pub(crate) async fn set_disabled(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(username): Path<String>,
    Json(change): Json<DisabledChange>,
) -> Result<StatusCode, AppError> {
    require_admin(&auth)?;
    if change.disabled && username == auth.user.username {
        return Err(AppError::BadRequest {
            code: "own_account",
            message: "an administrator cannot disable themselves".into(),
        });
    }
    state
        .admin(move |s| admin::set_disabled(s, &username, change.disabled))
        .await?;
    super::org::refresh_all(&state).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/api/v1/users/{username}/password", tag = "org", params(("username" = String, Path, description = "Login name")), request_body = PasswordReset, responses((status = 204, description = "Set: the user's sessions ended"), crate::error::ErrorResponses))]
pub(crate) async fn reset_password(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(username): Path<String>,
    Json(reset): Json<PasswordReset>,
) -> Result<StatusCode, AppError> {
    require_admin(&auth)?;
    state
        .password_work(move |s| admin::set_password(s, &username, &reset.password))
        .await?;
    state.hub.access_changed();
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/api/v1/session/password", tag = "session", request_body = PasswordChange, responses((status = 204, description = "Changed: every session of the user ended, this one too; sign in again"), crate::error::ErrorResponses))]
pub(crate) async fn change_own_password(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(change): Json<PasswordChange>,
) -> Result<StatusCode, AppError> {
    let username = auth.user.username.clone();
    state
        .password_work(move |s| admin::change_password(s, &username, &change.current, &change.new))
        .await?;
    state.hub.access_changed();
    Ok(StatusCode::NO_CONTENT)
}
