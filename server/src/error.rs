//! The one error type of the HTTP API, and its one response format:
//! `{ "error": { "code": "…", "message": "…" } }`. Client errors say what was wrong;
//! server errors say nothing internal and log the cause.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::storage::StoreError;

/// Everything an API handler can answer with besides success.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request itself is wrong; `message` says how.
    #[error("{message}")]
    BadRequest {
        /// Stable machine-readable code, e.g. `invalid_period`.
        code: &'static str,
        /// What was wrong, for the person who sent it.
        message: String,
    },
    /// One field of the request is wrong; the body names it (`error.field`).
    #[error("{field}: {message}")]
    InvalidField {
        /// The field, as the request names it (a path such as `stages[2].key`).
        field: std::borrow::Cow<'static, str>,
        /// What is wrong with it.
        message: String,
    },
    /// The device's user has been disabled: it must drop the documents it holds.
    #[error("account disabled")]
    AccountDisabled,
    /// The user signed in with a one-time password and must choose their own first.
    #[error("password change required")]
    PasswordChangeRequired,
    /// No such resource (or none this user may see).
    #[error("{0}")]
    NotFound(String),
    /// Not logged in, or the session has expired.
    #[error("login required")]
    Unauthorized,
    /// Wrong username or password.
    #[error("wrong username or password")]
    BadCredentials,
    /// Too many failed logins; try again after the given time.
    #[error("too many failed attempts")]
    TooManyAttempts(std::time::Duration),
    /// The server is busy (e.g. every password check is taken); try again after the time.
    #[error("busy")]
    Busy(std::time::Duration),
    /// Logged in, but not allowed.
    #[error("not allowed")]
    Forbidden,
    /// Something broke on our side; the cause is logged, never sent.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// `field` of the request is wrong: `message` says how (400 `invalid_field`).
    pub fn field(field: &'static str, message: impl Into<String>) -> Self {
        AppError::InvalidField {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl From<crate::admin::AdminError> for AppError {
    fn from(e: crate::admin::AdminError) -> Self {
        match e {
            crate::admin::AdminError::Invalid(message) => AppError::BadRequest {
                code: "invalid_request",
                message,
            },
            crate::admin::AdminError::Field { field, message } => AppError::InvalidField {
                field: field.into(),
                message,
            },
            crate::admin::AdminError::Store(e) => e.into(),
            other @ (crate::admin::AdminError::Document(_)
            | crate::admin::AdminError::Hashing(_)) => AppError::Internal(other.to_string()),
        }
    }
}

impl From<crate::sync::SyncError> for AppError {
    fn from(e: crate::sync::SyncError) -> Self {
        match e {
            crate::sync::SyncError::Store(e) => e.into(),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Duplicate(what) => AppError::BadRequest {
                code: "duplicate",
                message: format!("{what} already exists"),
            },
            other => AppError::Internal(other.to_string()),
        }
    }
}

#[derive(Serialize)]
struct Body<'a> {
    error: Detail<'a>,
}

#[derive(Serialize)]
struct Detail<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
}

/// An error answer that says when to try again.
fn retry_after(
    status: StatusCode,
    code: &str,
    message: &str,
    wait: std::time::Duration,
) -> Response {
    let secs = wait.as_secs().max(1).to_string();
    let body = Json(Body {
        error: Detail {
            code,
            message,
            field: None,
        },
    });
    (status, [(axum::http::header::RETRY_AFTER, secs)], body).into_response()
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut field = None;
        let (status, code, message) = match &self {
            AppError::InvalidField { field: f, message } => {
                field = Some(f.as_ref());
                (StatusCode::BAD_REQUEST, "invalid_field", message.as_str())
            }
            AppError::AccountDisabled => (
                StatusCode::FORBIDDEN,
                "account_disabled",
                "this account has been disabled; the device must remove its data",
            ),
            AppError::PasswordChangeRequired => (
                StatusCode::FORBIDDEN,
                "password_change_required",
                "choose your own password first (PUT /api/v1/session/password)",
            ),
            AppError::BadRequest { code, message } => {
                (StatusCode::BAD_REQUEST, *code, message.as_str())
            }
            AppError::NotFound(what) => (StatusCode::NOT_FOUND, "not_found", what.as_str()),
            AppError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized", "login required"),
            AppError::Forbidden => (StatusCode::FORBIDDEN, "forbidden", "you may not do this"),
            AppError::BadCredentials => (
                StatusCode::UNAUTHORIZED,
                "bad_credentials",
                "wrong username or password",
            ),
            AppError::TooManyAttempts(wait) => {
                return retry_after(
                    StatusCode::TOO_MANY_REQUESTS,
                    "too_many_attempts",
                    "too many failed logins; try again later",
                    *wait,
                );
            }
            AppError::Busy(wait) => {
                return retry_after(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "busy",
                    "the server is busy; try again shortly",
                    *wait,
                );
            }
            AppError::Internal(cause) => {
                tracing::error!(%cause, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "something went wrong on the server",
                )
            }
        };
        (
            status,
            Json(Body {
                error: Detail {
                    code,
                    message,
                    field,
                },
            }),
        )
            .into_response()
    }
}

/// The body of every error response (for the API document).
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ApiError {
    /// What went wrong.
    pub error: ApiErrorDetail,
}

/// The code and message of an error.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ApiErrorDetail {
    /// A stable machine-readable code, e.g. `invalid_period`.
    pub code: String,
    /// What was wrong, for people.
    pub message: String,
    /// For `invalid_field`: the request's field at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// The errors every filtered endpoint may answer with (for the API document).
#[derive(Debug, utoipa::IntoResponses)]
pub enum ErrorResponses {
    /// A filter or parameter is wrong.
    #[response(
        status = 400,
        description = "A filter or parameter is wrong; the message says which"
    )]
    BadRequest(ApiError),
    /// Not logged in.
    #[response(status = 401, description = "Not logged in")]
    Unauthorized(ApiError),
    /// Outside what the user may see.
    #[response(status = 403, description = "Outside what this user may see")]
    Forbidden(ApiError),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::AdminError;
    use crate::sync::SyncError;

    fn status(e: impl Into<AppError>) -> StatusCode {
        e.into().into_response().status()
    }

    /// Storage, document and sync failures are the server's: a 500 that says nothing
    /// internal, never a 4xx that blames the request.
    #[test]
    fn failures_below_the_handlers_are_500s() {
        let failures = [
            status(StoreError::Sqlite(rusqlite::Error::InvalidQuery)),
            status(StoreError::Corrupt("row".into())),
            status(StoreError::Task("writer stopped".into())),
            status(StoreError::Missing("row".into())),
            status(StoreError::TooNew { found: 9, known: 7 }),
            status(SyncError::Poisoned),
            status(SyncError::Store(StoreError::Task("x".into()))),
            status(AdminError::Store(StoreError::Task("x".into()))),
            status(AdminError::Hashing("x".into())),
            status(AdminError::Document(
                rounds_shared::doc::DocError::NoAccount,
            )),
        ];
        for s in failures {
            assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR);
        }
        // What is the request's fault stays a 400.
        assert_eq!(
            status(AdminError::Invalid("bad".into())),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            status(StoreError::Duplicate("team x".into())),
            StatusCode::BAD_REQUEST
        );
    }
}
