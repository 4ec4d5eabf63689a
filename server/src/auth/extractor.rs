//! The logged-in user of a request, from the session cookie (browsers) or an
//! `Authorization: Bearer` header (other clients). Only the sync WebSocket also takes an
//! `access_token` query parameter ([`SyncUser`]), for WebSocket clients that cannot set
//! headers: anywhere else a token in a URL would end up in logs and browser history.

use axum::extract::FromRequestParts;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use rounds_shared::time::Timestamp;

use super::token::hash_token;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::User;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "rounds_session";

/// A request made by a logged-in, enabled user.
#[derive(Debug, Clone)]
pub struct AuthUser {
    /// The user.
    pub user: User,
    /// The hash of the session token used.
    pub token_hash: Vec<u8>,
}

/// The session token a request carries, if any; from the query only when `query`.
pub(crate) fn token_of(parts: &Parts, query: bool) -> Option<String> {
    if let Some(v) = parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        && let Some(t) = v.strip_prefix("Bearer ")
    {
        return Some(t.trim().to_owned());
    }
    for header in parts.headers.get_all(COOKIE) {
        let Ok(text) = header.to_str() else { continue };
        for pair in text.split(';') {
            if let Some((name, value)) = pair.trim().split_once('=')
                && name == SESSION_COOKIE
                && !value.is_empty()
            {
                return Some(value.to_owned());
            }
        }
    }
    if !query {
        return None;
    }
    parts.uri.query().and_then(|q| {
        q.split('&')
            .find_map(|kv| kv.strip_prefix("access_token=").map(str::to_owned))
    })
}

async fn authenticate(parts: &Parts, state: &AppState, query: bool) -> Result<AuthUser, AppError> {
    let token = token_of(parts, query).ok_or(AppError::Unauthorized)?;
    let token_hash = hash_token(&token);
    let key = token_hash.clone();
    let now = Timestamp(state.now_ms());
    let user = state
        .store(move |s| s.session_user(&key, now))
        .await?
        .ok_or(AppError::Unauthorized)?;
    // A one-time password buys nothing but choosing one's own (and seeing who one is).
    // The path as the client sent it (a nested router sees it without its prefix).
    let path = parts
        .extensions
        .get::<axum::extract::OriginalUri>()
        .map_or_else(|| parts.uri.path(), |o| o.0.path());
    if user.must_change_password && !ALLOWED_BEFORE_CHANGE.contains(&path) {
        return Err(AppError::PasswordChangeRequired);
    }
    Ok(AuthUser { user, token_hash })
}

/// What a user who still holds a one-time password may call.
const ALLOWED_BEFORE_CHANGE: [&str; 2] = [
    <rounds_shared::api::SessionEndpoint as rounds_shared::api::Endpoint>::PATH,
    rounds_shared::api::OWN_PASSWORD_PATH,
];

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        authenticate(parts, state, false).await
    }
}

/// The logged-in user of a sync upgrade, which may also carry its token as `?access_token=`.
#[derive(Debug, Clone)]
pub struct SyncUser(pub AuthUser);

impl FromRequestParts<AppState> for SyncUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        authenticate(parts, state, true).await.map(SyncUser)
    }
}
