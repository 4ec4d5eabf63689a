//! Administrative changes, shared by the command line (`rounds-server user/team/account …`),
//! the HTTP API and the demo generator. Each change is written together with its audit
//! entry, in one transaction: the log can never miss a change or record one that failed.

mod accounts;
mod config;
pub mod import;
mod sheet;
mod teams;
mod users;

pub use accounts::{
    add_account, assign_account, assignment_record, create_ops as new_account_ops, reproject,
};
pub use config::{save_config, territories_changes};
pub use teams::{add_team, manage_team};
pub use users::{
    add_user, change_password, edit_user, new_person, one_time_password, reset_password,
    set_disabled, set_password, set_team,
};

use rounds_shared::api::{AuditAction, FieldChange};
use rounds_shared::ids::{TeamId, UserId};
use rounds_shared::time::Timestamp;

use crate::state::now_ms;
use crate::storage::{AuditRecord, Store, StoreError, User, WriteOp};

fn now() -> Timestamp {
    Timestamp(now_ms())
}

/// Who makes an administrative change, for the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// The command line on the server (or the demo generator).
    Cli,
    /// A signed-in user, through the API.
    User(UserId),
}

impl Actor {
    fn id(self) -> Option<UserId> {
        match self {
            Actor::Cli => None,
            Actor::User(u) => Some(u),
        }
    }
}

/// Why an administration command failed.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// The request itself is wrong; the message says how.
    #[error("{0}")]
    Invalid(String),
    /// One field of the request is wrong.
    #[error("{field}: {message}")]
    Field {
        /// The field, as the request names it.
        field: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// Storage failed (never the caller's fault).
    #[error("{0}")]
    Store(#[from] StoreError),
    /// A document could not be built or read (never the caller's fault).
    #[error("{0}")]
    Document(#[from] rounds_shared::doc::DocError),
    /// A password could not be hashed (never the caller's fault).
    #[error("password hashing failed: {0}")]
    Hashing(String),
}

/// The request is wrong: `message` says how.
fn invalid(message: impl Into<String>) -> AdminError {
    AdminError::Invalid(message.into())
}

/// `field` of the request is wrong: `message` says how.
fn bad_field(field: &'static str, message: impl Into<String>) -> AdminError {
    AdminError::Field {
        field,
        message: message.into(),
    }
}

fn err(e: StoreError) -> AdminError {
    match e {
        StoreError::Duplicate(what) => AdminError::Invalid(format!("{what} already exists")),
        StoreError::Missing(what) => AdminError::Invalid(format!("{what} not found")),
        other => AdminError::Store(other),
    }
}

/// A field changed from `before` to `after`, or nothing when they are equal.
fn change(field: &str, before: impl ToString, after: impl ToString) -> Option<FieldChange> {
    let (before, after) = (before.to_string(), after.to_string());
    (before != after).then(|| FieldChange {
        field: field.to_owned(),
        before,
        after,
    })
}

/// Writes `ops` and the audit entry recording them in one transaction.
fn audited(
    store: &dyn Store,
    actor: Actor,
    action: AuditAction,
    target: &str,
    changes: Vec<FieldChange>,
    mut ops: Vec<WriteOp>,
) -> Result<(), AdminError> {
    ops.push(WriteOp::Audit(Box::new(AuditRecord {
        at: now(),
        actor: actor.id(),
        action,
        target: target.to_owned(),
        changes,
    })));
    store.write(ops).map_err(err)
}

/// A user by login name, or a message naming it.
pub fn find_user(store: &dyn Store, username: &str) -> Result<User, AdminError> {
    store
        .user_by_name(username)
        .map_err(err)?
        .map(|(u, _)| u)
        .ok_or_else(|| invalid(format!("no user `{username}`")))
}

/// A team by name or id, or a message naming it.
fn team_id(store: &dyn Store, name: &str) -> Result<TeamId, AdminError> {
    store
        .teams()
        .map_err(err)?
        .into_iter()
        .find(|t| t.name == name || t.id.to_string() == name)
        .map(|t| t.id)
        .ok_or_else(|| {
            bad_field(
                "team",
                format!("no team `{name}` (add it first: teams, or `rounds-server team add`)"),
            )
        })
}

/// A team's name, for the audit log.
fn team_name(store: &dyn Store, team: Option<TeamId>) -> Result<String, AdminError> {
    let Some(team) = team else {
        return Ok(String::new());
    };
    Ok(store
        .teams()
        .map_err(err)?
        .into_iter()
        .find(|t| t.id == team)
        .map_or_else(|| team.to_string(), |t| t.name))
}
