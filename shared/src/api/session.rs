//! `POST/GET/DELETE /session` and `GET /health`.

use serde::{Deserialize, Serialize};

use crate::ids::{TeamId, UserId};
use crate::model::UserRole;
use crate::sync::DocumentId;

/// A login attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Login {
    /// Login name.
    pub username: String,
    /// Password.
    pub password: String,
    /// Also return the token in the body, for clients that cannot keep cookies.
    #[serde(default)]
    pub bearer: bool,
    /// Also return a device credential (`SessionInfo::device_key`), for an app that keeps it
    /// where a killed browser does not lose it, and resumes the session with it.
    #[serde(default)]
    pub device: bool,
}

/// Resuming a session with the device credential issued at login, when the browser lost
/// its cookie (`POST /session/resume`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Resume {
    /// The `device_key` the login answered with.
    pub device_key: String,
}

/// Who is logged in, and which documents are theirs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    /// The user.
    pub user: UserInfo,
    /// Their index document (which accounts they may sync, and the org's configuration).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub index_document_id: DocumentId,
    /// Their personal document (plans).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub personal_document_id: DocumentId,
    /// When the session ends (ms since the epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// The bearer token, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// The device credential, when asked for at login: valid as long as the session, and
    /// only for `POST /session/resume`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
    /// The user signed in with a one-time password and must choose their own before
    /// anything else (every other endpoint answers 403 `password_change_required`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub must_change_password: bool,
}

/// A user as the session shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserInfo {
    /// Their id.
    pub id: UserId,
    /// Login name.
    pub username: String,
    /// Name shown to others.
    pub display_name: String,
    /// What they may do.
    pub role: UserRole,
    /// Their team, if any.
    #[serde(default)]
    pub team: Option<TeamId>,
}

/// The health report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok`.
    pub status: String,
    /// The server's version.
    pub version: String,
    /// The database's schema version.
    pub schema_version: usize,
}
