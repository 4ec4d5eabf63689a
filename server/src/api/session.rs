//! `/api/v1/session`: log in (POST), who am I (GET), log out (DELETE).

use rounds_shared::api::{Login, Resume, SessionInfo, UserInfo};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rounds_shared::time::Timestamp;

use super::json::Json;
use crate::auth::{
    AuthUser, SESSION_COOKIE, hash_password, hash_token, is_token, new_token, verify_password,
};
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::{NewSession, User};

fn info(user: &User, expires_at: Option<i64>, token: Option<String>) -> SessionInfo {
    SessionInfo {
        user: UserInfo {
            id: user.id,
            username: user.username.clone(),
            display_name: user.display_name.clone(),
            role: user.role,
            team: user.team,
        },
        index_document_id: user.index_doc,
        personal_document_id: user.personal_doc,
        expires_at,
        token,
        device_key: None,
        must_change_password: user.must_change_password,
    }
}

fn cookie(state: &AppState, value: &str, max_age: u64) -> Result<HeaderValue, AppError> {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}{secure}"
    ))
    .map_err(|e| AppError::Internal(format!("cookie header: {e}")))
}

/// A password that no user has, verified when the username is unknown so that a wrong
/// username takes as long as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password for unknown users").unwrap_or_default())
}

/// The client's address: the connection's peer, or, when that peer is one of the
/// configured trusted proxies, the nearest address in `X-Forwarded-For` that is not.
#[derive(Debug)]
pub(crate) struct ClientAddr(Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(Self(client_addr(
            peer,
            &parts.headers,
            &state.config.trusted_proxies,
        )))
    }
}

fn client_addr(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    // Each proxy appends the address it heard from: read from the right, past our proxies.
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .map(|a| a.parse::<IpAddr>().ok())
        .collect::<Option<_>>()
        .unwrap_or_default();
    Some(
        forwarded
            .into_iter()
            .rev()
            .find(|a| !trusted.contains(a))
            .unwrap_or(peer),
    )
}

#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = Login, responses((status = 200, description = "Logged in: an HttpOnly SameSite=Strict session cookie is set", body = SessionInfo), (status = 400, body = crate::error::ApiError), (status = 401, description = "Wrong username or password", body = crate::error::ApiError), (status = 429, description = "Too many failed attempts from this address; see Retry-After", body = crate::error::ApiError), (status = 503, description = "Too many logins at once; see Retry-After", body = crate::error::ApiError)))]
pub(crate) async fn login(
    State(state): State<AppState>,
    ClientAddr(peer): ClientAddr,
    Json(login): Json<Login>,
) -> Result<Response, AppError> {
    let username = login.username.trim().to_lowercase();
    if username.is_empty() || login.password.is_empty() {
        return Err(AppError::BadRequest {
            code: "missing_credentials",
            message: "username and password are required".into(),
        });
    }
    let addr = peer.map(|ip| ip.to_string()).unwrap_or_default();
    // Counted before the slow check, so concurrent guesses cannot pass the limit.
    let attempt = state
        .logins
        .begin(&addr, &username, Instant::now())
        .map_err(AppError::TooManyAttempts)?;
    tokio::time::sleep(attempt.wait).await;
    let lookup = username.clone();
    let password = login.password;
    let (user, ok) = state
        .password_work(move |s| {
            Ok(match s.user_by_name(&lookup)? {
                Some((user, hash)) => {
                    let ok = verify_password(&password, &hash) && !user.disabled;
                    (Some(user), ok)
                }
                None => {
                    verify_password(&password, decoy_hash());
                    (None, false)
                }
            })
        })
        .await?;
    let Some(user) = user.filter(|_| ok) else {
        tracing::info!(%username, "failed login");
        return Err(AppError::BadCredentials);
    };
    state.logins.succeed(&addr, &username);
    let (token, hash) = new_token().map_err(AppError::Internal)?;
    let device = if login.device {
        Some(new_token().map_err(AppError::Internal)?)
    } else {
        None
    };
    let now = state.now_ms();
    let lifetime = state.config.session_lifetime;
    let expires = now + i64::try_from(lifetime.as_millis()).unwrap_or(i64::MAX / 2);
    let session = NewSession {
        token_hash: hash,
        device_hash: device.as_ref().map(|(_, h)| h.clone()),
        user: user.id,
        now: Timestamp(now),
        expires: Timestamp(expires),
    };
    state.store(move |s| s.create_session(&session)).await?;
    tracing::info!(username = %user.username, "logged in");
    let mut body = info(&user, Some(expires), login.bearer.then(|| token.clone()));
    body.device_key = device.map(|(key, _)| key);
    signed_in(&state, &token, body)
}

/// The answer that sets the session cookie.
fn signed_in(state: &AppState, token: &str, body: SessionInfo) -> Result<Response, AppError> {
    let mut headers = HeaderMap::new();
    let max_age = state.config.session_lifetime.as_secs();
    headers.insert(SET_COOKIE, cookie(state, token, max_age)?);
    Ok((StatusCode::OK, headers, axum::Json(body)).into_response())
}

#[utoipa::path(post, path = "/api/v1/session/resume", tag = "session", request_body = Resume, responses((status = 200, description = "The session this device credential belongs to, with a fresh session cookie (the previous session token stops working)", body = SessionInfo), (status = 400, body = crate::error::ApiError), (status = 401, description = "No live session holds this credential: signed out, expired, password changed or user disabled", body = crate::error::ApiError)))]
pub(crate) async fn resume(
    State(state): State<AppState>,
    Json(resume): Json<Resume>,
) -> Result<Response, AppError> {
    if !is_token(&resume.device_key) {
        return Err(AppError::BadRequest {
            code: "bad_device_key",
            message: "device_key must be the 64 hex digits the login returned".into(),
        });
    }
    let device_hash = hash_token(&resume.device_key);
    let (token, hash) = new_token().map_err(AppError::Internal)?;
    let now = Timestamp(state.now_ms());
    let resumed = state
        .store(move |s| {
            let resumed = s.resume_session(&device_hash, &hash, now)?;
            let disabled = resumed.is_none() && s.device_disabled(&device_hash, now)?;
            Ok((resumed, disabled))
        })
        .await?;
    let (Some((user, expires)), _) = resumed else {
        return Err(if resumed.1 {
            AppError::AccountDisabled
        } else {
            AppError::Unauthorized
        });
    };
    tracing::info!(username = %user.username, "session resumed with its device credential");
    signed_in(&state, &token, info(&user, Some(expires.0), None))
}

#[utoipa::path(get, path = "/api/v1/session", tag = "session", responses((status = 200, description = "Who is logged in", body = SessionInfo), (status = 401, body = crate::error::ApiError)))]
pub(crate) async fn current(auth: AuthUser) -> axum::Json<SessionInfo> {
    axum::Json(info(&auth.user, None, None))
}

#[utoipa::path(delete, path = "/api/v1/session", tag = "session", responses((status = 204, description = "Logged out"), (status = 401, body = crate::error::ApiError)))]
pub(crate) async fn logout(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<Response, AppError> {
    let hash = auth.token_hash;
    state.store(move |s| s.delete_session(&hash)).await?;
    // A sync connection opened with this session closes now.
    state.hub.access_changed();
    let mut headers = HeaderMap::new();
    headers.insert(SET_COOKIE, cookie(&state, "", 0)?);
    Ok((StatusCode::NO_CONTENT, headers).into_response())
}
