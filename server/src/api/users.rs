//! People, for administrators (and managers, for their own teams' reps):
//! `GET/POST /api/v1/users`, `PATCH /api/v1/users/{username}`,
//! `PUT /api/v1/users/{username}/disabled` and `/password` (a one-time password); and a
//! user's own `PUT /api/v1/session/password`. Changes that touch access end the sessions
//! they must at once: open sync connections of those sessions close with a policy reason,
//! and every connection decides its access afresh.

use axum::Json as AxumJson;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use rounds_shared::api::{
    DisabledChange, NewUserRequest, OneTimePassword, PasswordChange, PasswordReset, UserEdit,
    UserSummary,
};
use rounds_shared::model::UserRole;

use super::json::Json;
use super::org::require_admin;
use crate::admin::{self, Actor};
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::User;

fn summary(u: &User, accounts: usize) -> UserSummary {
    UserSummary {
        id: u.id,
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        role: u.role,
        team: u.team,
        region: u.region.clone(),
        disabled: u.disabled,
        must_change_password: u.must_change_password,
        accounts,
    }
}

/// The people `auth` may manage: everyone for an admin; a manager's own teams' reps.
async fn manageable(state: &AppState, auth: &AuthUser) -> Result<Vec<UserSummary>, AppError> {
    let scope = super::accounts::Administered::load(state, &auth.user).await?;
    let may = |u: &User| scope.everything() || (u.role == UserRole::Rep && scope.covers(u.team));
    let owned = |u: &User| scope.accounts.iter().filter(|a| a.owner == u.id).count();
    Ok(scope
        .users
        .iter()
        .filter(|u| may(u))
        .map(|u| summary(u, owned(u)))
        .collect())
}

#[utoipa::path(get, path = "/api/v1/users", tag = "admin", responses((status = 200, body = Vec<UserSummary>), crate::error::ErrorResponses))]
pub(crate) async fn list(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<AxumJson<Vec<UserSummary>>, AppError> {
    if !matches!(auth.user.role, UserRole::Admin | UserRole::Manager) {
        return Err(AppError::Forbidden);
    }
    Ok(AxumJson(manageable(&state, &auth).await?))
}

#[utoipa::path(post, path = "/api/v1/users", tag = "admin", request_body = NewUserRequest, responses((status = 201, body = OneTimePassword, description = "Created: hand them the one-time password"), crate::error::ErrorResponses))]
pub(crate) async fn create(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(req): Json<NewUserRequest>,
) -> Result<(StatusCode, AxumJson<OneTimePassword>), AppError> {
    require_admin(&auth)?;
    let actor = Actor::User(auth.user.id);
    let (user, password) = state
        .password_work(move |s| admin::new_person(s, actor, &req))
        .await?;
    // The new user's index document is written now, so their first sync finds it.
    state.hub.refresh_index(&user).await?;
    Ok((
        StatusCode::CREATED,
        AxumJson(OneTimePassword {
            user: summary(&user, 0),
            one_time_password: password,
        }),
    ))
}

#[utoipa::path(patch, path = "/api/v1/users/{username}", tag = "admin", params(("username" = String, Path, description = "Login name")), request_body = UserEdit, responses((status = 200, body = UserSummary), crate::error::ErrorResponses))]
pub(crate) async fn edit(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(username): Path<String>,
    Json(edit): Json<UserEdit>,
) -> Result<AxumJson<UserSummary>, AppError> {
    let admin = auth.user.role == UserRole::Admin;
    let mine = manageable(&state, &auth).await?;
    let Some(current) = mine
        .iter()
        .find(|u| u.username.eq_ignore_ascii_case(&username))
    else {
        return Err(if admin {
            AppError::NotFound(format!("no user `{username}`"))
        } else {
            AppError::Forbidden
        });
    };
    let accounts = current.accounts;
    let actor = Actor::User(auth.user.id);
    let access = edit.role.is_some() || edit.team.is_some();
    let user = state
        .admin(move |s| admin::edit_user(s, actor, &username, &edit, admin))
        .await?;
    if access {
        // A new role or team changes what they (and their managers) may see.
        super::org::refresh_all(&state).await?;
    }
    Ok(AxumJson(summary(&user, accounts)))
}

#[utoipa::path(put, path = "/api/v1/users/{username}/disabled", tag = "admin", params(("username" = String, Path, description = "Login name")), request_body = DisabledChange, responses((status = 204, description = "Done: a disabled user's sessions ended and connections closed"), crate::error::ErrorResponses))]
pub(crate) async fn set_disabled(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(username): Path<String>,
    Json(change): Json<DisabledChange>,
) -> Result<StatusCode, AppError> {
    require_admin(&auth)?;
    if change.disabled && username.eq_ignore_ascii_case(&auth.user.username) {
        return Err(AppError::field(
            "disabled",
            "an administrator cannot disable themselves",
        ));
    }
    let actor = Actor::User(auth.user.id);
    state
        .admin(move |s| admin::set_disabled(s, actor, &username, change.disabled))
        .await?;
    super::org::refresh_all(&state).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/api/v1/users/{username}/password", tag = "admin", params(("username" = String, Path, description = "Login name")), request_body = PasswordReset, responses((status = 200, body = OneTimePassword, description = "Reset: the user's sessions ended; they must choose their own password at the next sign-in"), crate::error::ErrorResponses))]
pub(crate) async fn reset_password(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(username): Path<String>,
    Json(reset): Json<PasswordReset>,
) -> Result<AxumJson<OneTimePassword>, AppError> {
    require_admin(&auth)?;
    let actor = Actor::User(auth.user.id);
    let (user, password) = state
        .password_work(move |s| {
            admin::reset_password(s, actor, &username, reset.password.as_deref())
        })
        .await?;
    state.hub.access_changed();
    Ok(AxumJson(OneTimePassword {
        user: summary(&user, 0),
        one_time_password: password,
    }))
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
