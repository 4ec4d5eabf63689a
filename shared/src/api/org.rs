//! `GET /org`, `PUT /org/…`, `/teams` and `/users/{username}/team`.

use serde::{Deserialize, Serialize};

use crate::ids::{TeamId, UserId};
use crate::model::UserRole;
use crate::stage::StageTemplate;

/// A new stage template: one of the shipped ones by name, or stages of your own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateChange {
    /// `default`, `milestones` or `five_stage`.
    #[serde(default)]
    pub template: Option<String>,
    /// The stages, earliest first.
    #[serde(default)]
    pub stages: Option<StageTemplate>,
}

/// A team as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamInfo {
    /// The team.
    pub id: TeamId,
    /// Its name.
    pub name: String,
    /// Its managers' usernames.
    #[serde(default)]
    pub managers: Vec<String>,
    /// Members' usernames.
    #[serde(default)]
    pub members: Vec<String>,
    /// Members with their ids and names, for dashboards.
    #[serde(default)]
    pub people: Vec<Person>,
}

/// A team member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    /// Their id.
    pub id: UserId,
    /// Login name.
    pub username: String,
    /// Name shown to others.
    pub display_name: String,
    /// What they do.
    pub role: UserRole,
}

/// A new team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewTeam {
    /// Its name.
    pub name: String,
}

/// A manager for a team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewManager {
    /// Their login name.
    pub username: String,
}

/// Moving a user to a team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamChange {
    /// Team name, or null for none.
    pub team: Option<String>,
}

/// Giving an account to another owner (`PUT /api/v1/accounts/{id}/owner`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerChange {
    /// The new owner's login name.
    pub owner: String,
}

/// Disabling or re-enabling a user (`PUT /api/v1/users/{username}/disabled`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisabledChange {
    /// Whether the user is disabled: their sessions end and their connections close.
    pub disabled: bool,
}

/// A password reset by an administrator (`PUT /api/v1/users/{username}/password`): the
/// user gets a one-time password and must choose their own at the next sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordReset {
    /// The one-time password to give; absent, the server chooses one.
    #[serde(default)]
    pub password: Option<String>,
}

/// A user changing their own password (`PUT /api/v1/session/password`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    /// The password now.
    pub current: String,
    /// The new one.
    pub new: String,
}
