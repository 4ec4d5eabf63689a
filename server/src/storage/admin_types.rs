//! Rows and operations of administration: changes to people, teams and settings, the
//! audit log, and hospitals with their owners.

use rounds_shared::ids::{AccountId, TeamId, UserId};
use rounds_shared::time::Timestamp;

use super::types::User;

/// A change to people, teams or the organisation's settings.
#[derive(Debug, Clone)]
pub enum OrgOp {
    /// Adds a user (with fresh index and personal document ids, chosen by the caller).
    CreateUser {
        /// The user.
        user: User,
        /// argon2id hash of their password.
        password_hash: String,
        /// When.
        now: Timestamp,
    },
    /// Replaces a user's name, role, team and territory.
    UpdateUser {
        /// The user, as they are to be.
        user: User,
    },
    /// Replaces a user's password hash and ends their sessions.
    SetPassword {
        /// Whose.
        user: UserId,
        /// argon2id hash.
        hash: String,
        /// It is a one-time password.
        must_change: bool,
    },
    /// Disables (ending every session) or re-enables a user.
    SetDisabled {
        /// Whom.
        user: UserId,
        /// Disabled or not.
        disabled: bool,
    },
    /// Adds a team.
    CreateTeam {
        /// Its id.
        id: TeamId,
        /// Its name (unique).
        name: String,
        /// When.
        now: Timestamp,
    },
    /// Makes a user a manager of a team.
    AddTeamManager {
        /// The team.
        team: TeamId,
        /// The manager.
        user: UserId,
    },
    /// Replaces the organisation's configuration.
    SetConfig(Box<rounds_shared::model::OrgConfig>),
}

/// What the audit log records of one administrative change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    /// When.
    pub at: Timestamp,
    /// Who: `None` for the command line on the server.
    pub actor: Option<UserId>,
    /// What.
    pub action: rounds_shared::api::AuditAction,
    /// To what.
    pub target: String,
    /// The fields changed.
    pub changes: Vec<rounds_shared::api::FieldChange>,
}

/// Which audit entries to read, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    /// Only this actor's: a user's, or (`Some(None)`) the command line's.
    pub actor: Option<Option<UserId>>,
    /// Only this action.
    pub action: Option<rounds_shared::api::AuditAction>,
    /// Only entries whose target contains this text.
    pub target: Option<String>,
    /// From (inclusive).
    pub from: Option<Timestamp>,
    /// To (exclusive).
    pub to: Option<Timestamp>,
    /// Page size.
    pub limit: usize,
    /// Page start.
    pub offset: usize,
}

/// A hospital's profile as the read model holds it, with its owner (administration:
/// listing, import, hand-over).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountProfile {
    /// Id.
    pub id: AccountId,
    /// Hospital name.
    pub name: String,
    /// The owner.
    pub owner: UserId,
    /// Grade (`None` when the stored key is unknown to this build).
    pub level: Option<rounds_shared::model::HospitalLevel>,
    /// Territory.
    pub region: String,
    /// Route-plan zone.
    pub zone: Option<rounds_shared::model::Zone>,
    /// Street address.
    pub address: String,
    /// Departments.
    pub departments: std::collections::BTreeSet<String>,
    /// Annual sample volume.
    pub annual_sample_volume: Option<u64>,
    /// Attitude toward us.
    pub attitude: Option<rounds_shared::model::AccountAttitude>,
    /// Relationship stage.
    pub relationship_stage: Option<rounds_shared::model::RelationshipStage>,
    /// Key-account tier.
    pub tier: Option<rounds_shared::model::KeyAccountTier>,
}

impl AccountProfile {
    /// The profile as an account record (its audit stamped `now`): what an import's or an
    /// edit's new details are compared with.
    pub fn account(&self, now: Timestamp) -> rounds_shared::model::Account {
        let level = self
            .level
            .unwrap_or(rounds_shared::model::HospitalLevel::Ungraded);
        let mut a = rounds_shared::model::Account::new(
            self.id,
            self.name.clone(),
            level,
            self.region.clone(),
            self.owner,
            now,
        );
        a.zone = self.zone;
        a.address.clone_from(&self.address);
        a.departments.clone_from(&self.departments);
        a.annual_sample_volume = self.annual_sample_volume;
        a
    }
}
