//! The administration console's contract: people (`/users`), the audit log (`/audit`),
//! hospitals (`/accounts`, `/accounts/import`, `/accounts/orphans`) and hand-overs
//! (`/handovers`). Every change here is audited and takes effect at once for connected
//! devices.

use serde::{Deserialize, Serialize};

use crate::ids::{AccountId, TeamId, UserId};
use crate::labels::closed_enum;
use crate::model::{HospitalLevel, UserRole, Zone};
use crate::time::Timestamp;

/// A person as the administration console lists them (`GET /api/v1/users`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    /// Their id.
    pub id: UserId,
    /// Login name.
    pub username: String,
    /// Name shown to others.
    pub display_name: String,
    /// What they do.
    pub role: UserRole,
    /// Their team, if any.
    #[serde(default)]
    pub team: Option<TeamId>,
    /// Their territory (region), or empty.
    #[serde(default)]
    pub region: String,
    /// Disabled: cannot sign in, owns accounts that need a new owner.
    #[serde(default)]
    pub disabled: bool,
    /// Still holds a one-time password: must choose their own at the next sign-in.
    #[serde(default)]
    pub must_change_password: bool,
    /// How many hospital accounts they own.
    #[serde(default)]
    pub accounts: usize,
}

/// A new person (`POST /api/v1/users`). The server chooses a one-time password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewUserRequest {
    /// Login name: letters, digits, `.`, `_` or `-`.
    pub username: String,
    /// Name shown to others.
    pub display_name: String,
    /// What they do.
    pub role: UserRole,
    /// Team name, if any.
    #[serde(default)]
    pub team: Option<String>,
    /// Territory (region).
    #[serde(default)]
    pub region: String,
}

/// A person just created, or a password just reset: the one-time password to hand them.
/// It is shown once; they must replace it at their first sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OneTimePassword {
    /// The person.
    pub user: UserSummary,
    /// The password to give them.
    pub one_time_password: String,
}

/// Changes to a person (`PATCH /api/v1/users/{username}`); absent fields stay as they are.
/// Only an administrator may change a role or a team.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserEdit {
    /// Name shown to others.
    #[serde(default)]
    pub display_name: Option<String>,
    /// What they do.
    #[serde(default)]
    pub role: Option<UserRole>,
    /// Team name; `""` for none.
    #[serde(default)]
    pub team: Option<String>,
    /// Territory (region); `""` for none.
    #[serde(default)]
    pub region: Option<String>,
}

closed_enum! {
    /// What an administrative change did (the audit log's `action`).
    pub enum AuditAction {
        UserCreated = "user_created", "新建用户", "User created";
        UserChanged = "user_changed", "修改用户", "User changed";
        UserDisabled = "user_disabled", "停用用户", "User disabled";
        UserEnabled = "user_enabled", "启用用户", "User re-enabled";
        PasswordReset = "password_reset", "重置密码", "Password reset";
        TeamCreated = "team_created", "新建团队", "Team created";
        ManagerAdded = "manager_added", "指定经理", "Manager added";
        AccountCreated = "account_created", "新建医院", "Hospital created";
        AccountChanged = "account_changed", "修改医院", "Hospital changed";
        AccountsImported = "accounts_imported", "导入医院", "Hospitals imported";
        AccountAssigned = "account_assigned", "医院交接", "Hospital handed over";
        TemplateChanged = "template_changed", "修改阶段模板", "Stage template changed";
        StandardsChanged = "standards_changed", "修改活动标准", "Activity standards changed";
        TargetsChanged = "targets_changed", "修改目标", "Targets changed";
        TerritoriesChanged = "territories_changed", "修改区域", "Territories changed";
        CutoffChanged = "cutoff_changed", "修改日清单截止时间", "Daily list cut-off changed";
        RoadmapChanged = "roadmap_changed", "修改成功路线图", "Success roadmap changed";
        ReadModelRebuilt = "read_model_rebuilt", "重建报表数据", "Read model rebuilt";
    }
}

/// One field of an audited change, before and after (as text; empty when absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    /// The field, e.g. `role`.
    pub field: String,
    /// Its value before.
    pub before: String,
    /// Its value after.
    pub after: String,
}

/// An entry of the audit log (`GET /api/v1/audit`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// Its number, in order of writing.
    pub id: i64,
    /// When (server clock).
    pub at: Timestamp,
    /// Who: a user, or none for the command line on the server.
    #[serde(default)]
    pub actor: Option<UserId>,
    /// The actor's login name, or `cli`.
    pub actor_name: String,
    /// What was done.
    pub action: AuditAction,
    /// To what: a login name, team, hospital or setting.
    pub target: String,
    /// The fields changed.
    #[serde(default)]
    pub changes: Vec<FieldChange>,
}

/// A hospital account as the administration console lists it (`GET /api/v1/accounts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountSummary {
    /// The account.
    pub id: AccountId,
    /// Hospital name.
    pub name: String,
    /// Grade.
    pub level: HospitalLevel,
    /// Territory.
    pub region: String,
    /// Route-plan zone.
    #[serde(default)]
    pub zone: Option<Zone>,
    /// Street address.
    #[serde(default)]
    pub address: String,
    /// Departments.
    #[serde(default)]
    pub departments: Vec<String>,
    /// Annual sample volume.
    #[serde(default)]
    pub annual_sample_volume: Option<u64>,
    /// The owner's id.
    pub owner: UserId,
    /// The owner's login name (empty when the owner is missing).
    pub owner_username: String,
    /// An orphan: its owner is disabled or gone, so nobody visits it.
    #[serde(default)]
    pub orphan: bool,
    /// The hospital's attitude toward us.
    #[serde(default)]
    pub attitude: Option<crate::model::AccountAttitude>,
    /// The relationship stage (孕育 … 战略, 间断).
    #[serde(default)]
    pub relationship_stage: Option<crate::model::RelationshipStage>,
    /// The key-account tier.
    #[serde(default)]
    pub tier: Option<crate::model::KeyAccountTier>,
}

/// The success roadmap (`PUT /api/v1/org/roadmap`): its phases by tenure and the reps'
/// start dates.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoadmapChange {
    /// The phases, earliest first; they may not overlap.
    #[serde(default)]
    pub phases: Vec<crate::model::RoadmapPhase>,
    /// When each rep started.
    #[serde(default)]
    pub starts: Vec<crate::model::RepStart>,
}

/// A hospital's details as an administrator sets them: `POST /api/v1/accounts` (with
/// `name`, `level` and `owner`) creates one; `PATCH /api/v1/accounts/{id}` changes the
/// fields given and leaves the others.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HospitalDetails {
    /// Hospital name (creation only).
    #[serde(default)]
    pub name: Option<String>,
    /// The owner's login name (creation only; an owner changes by a hand-over).
    #[serde(default)]
    pub owner: Option<String>,
    /// Grade.
    #[serde(default)]
    pub level: Option<HospitalLevel>,
    /// Territory.
    #[serde(default)]
    pub region: Option<String>,
    /// Route-plan zone.
    #[serde(default)]
    pub zone: Option<Zone>,
    /// Street address.
    #[serde(default)]
    pub address: Option<String>,
    /// Departments.
    #[serde(default)]
    pub departments: Option<Vec<String>>,
    /// Annual sample volume.
    #[serde(default)]
    pub annual_sample_volume: Option<u64>,
}

closed_enum! {
    /// What an import row does (or would do, in a dry run).
    pub enum ImportOutcome {
        New = "new", "新增", "New";
        Updated = "updated", "更新", "Updated";
        Unchanged = "unchanged", "无变化", "Unchanged";
        Error = "error", "错误", "Error";
    }
}

/// One row of a hospital import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRow {
    /// The row's number in the sheet (the header is row 1).
    pub row: usize,
    /// The hospital named.
    pub name: String,
    /// What happens to it.
    pub outcome: ImportOutcome,
    /// For an error, the column at fault (its header as written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// For an error, why; for an update, what changes.
    #[serde(default)]
    pub message: String,
}

/// The result of `POST /api/v1/accounts/import` (a dry run unless `commit=true`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// Whether anything was saved: only when asked to commit and no row has an error.
    pub committed: bool,
    /// New hospitals.
    pub new: usize,
    /// Hospitals whose details change.
    pub updated: usize,
    /// Rows that change nothing.
    pub unchanged: usize,
    /// Rows with an error.
    pub errors: usize,
    /// Every row, in sheet order.
    pub rows: Vec<ImportRow>,
}

/// A hand-over (`POST /api/v1/handovers`): the accounts named (or every account of `from`)
/// go to `to`, or, with `by_region`, each to the rep its territory names.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandOverRequest {
    /// Every account this rep owns (login name).
    #[serde(default)]
    pub from: Option<String>,
    /// These accounts (instead of, or narrowing, `from`).
    #[serde(default)]
    pub accounts: Option<Vec<AccountId>>,
    /// The orphan accounts (owner disabled or gone).
    #[serde(default)]
    pub orphans: bool,
    /// The new owner (login name).
    #[serde(default)]
    pub to: Option<String>,
    /// Split by territory: region → new owner's login name. An account whose region is not
    /// listed goes to `to`, or stays where it is when `to` is absent.
    #[serde(default)]
    pub by_region: Vec<RegionOwner>,
}

/// Who takes a territory's accounts in a split hand-over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionOwner {
    /// The territory.
    pub region: String,
    /// The new owner (login name).
    pub to: String,
}

/// What a hand-over did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandOverReport {
    /// Accounts given to a new owner.
    pub moved: usize,
    /// Accounts left where they were (no owner for their territory).
    pub kept: usize,
}
