//! Administration commands (`rounds-server user/team/account …`), run against the database
//! directly. They return a line to print, or a message saying what was wrong.

use rounds_shared::doc::AccountDoc;
use rounds_shared::ids::AccountId;
use rounds_shared::model::{Account, HospitalLevel, UserRole};
use rounds_shared::time::Timestamp;

use crate::auth::hash_password;
use crate::state::now_ms;
use crate::storage::{DocKind, NewUser, Store, StoreError, User, WriteOp};

fn now() -> Timestamp {
    Timestamp(now_ms())
}

/// Why an administration command failed.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// The request itself is wrong; the message says how.
    #[error("{0}")]
    Invalid(String),
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

fn err(e: StoreError) -> AdminError {
    match e {
        StoreError::Duplicate(what) => AdminError::Invalid(format!("{what} already exists")),
        StoreError::Missing(what) => AdminError::Invalid(format!("{what} not found")),
        other => AdminError::Store(other),
    }
}

/// A user by login name, or a message naming it.
pub fn find_user(store: &dyn Store, username: &str) -> Result<User, AdminError> {
    store
        .user_by_name(username)
        .map_err(err)?
        .map(|(u, _)| u)
        .ok_or_else(|| invalid(format!("no user `{username}`")))
}

fn team_id(store: &dyn Store, name: &str) -> Result<rounds_shared::ids::TeamId, AdminError> {
    store
        .teams()
        .map_err(err)?
        .into_iter()
        .find(|t| t.name == name)
        .map(|t| t.id)
        .ok_or_else(|| {
            invalid(format!(
                "no team `{name}` (add it with `rounds-server team add`)"
            ))
        })
}

fn check_password(password: &str) -> Result<(), AdminError> {
    if password.chars().count() < 8 {
        return Err(invalid("the password must have at least 8 characters"));
    }
    Ok(())
}

/// Adds a user.
pub fn add_user(
    store: &dyn Store,
    username: &str,
    name: &str,
    role: &str,
    team: Option<&str>,
    password: &str,
) -> Result<User, AdminError> {
    let username = username.trim();
    if username.is_empty() || username.chars().any(char::is_whitespace) {
        return Err(invalid("a username must be non-empty and without spaces"));
    }
    let role = UserRole::from_key(role).ok_or_else(|| {
        let keys: Vec<&str> = UserRole::ALL.iter().map(|r| r.key()).collect();
        invalid(format!(
            "unknown role `{role}`; use one of: {}",
            keys.join(", ")
        ))
    })?;
    check_password(password)?;
    let team = team.map(|t| team_id(store, t)).transpose()?;
    let password_hash = hash_password(password).map_err(AdminError::Hashing)?;
    let new = NewUser {
        username: username.to_owned(),
        display_name: name.to_owned(),
        role,
        team,
        password_hash,
    };
    store.create_user(new, now()).map_err(err)
}

/// Sets a user's password.
pub fn set_password(store: &dyn Store, username: &str, password: &str) -> Result<(), AdminError> {
    check_password(password)?;
    let user = find_user(store, username)?;
    store
        .set_password(
            user.id,
            &hash_password(password).map_err(AdminError::Hashing)?,
        )
        .map_err(err)
}

/// A user changes their own password: the current one must match.
pub fn change_password(
    store: &dyn Store,
    username: &str,
    current: &str,
    new: &str,
) -> Result<(), AdminError> {
    let (_, hash) = store
        .user_by_name(username)
        .map_err(err)?
        .ok_or_else(|| invalid(format!("no user `{username}`")))?;
    if !crate::auth::verify_password(current, &hash) {
        return Err(invalid("the current password is not right"));
    }
    set_password(store, username, new)
}

/// Disables (ending their sessions) or re-enables a user.
pub fn set_disabled(store: &dyn Store, username: &str, disabled: bool) -> Result<(), AdminError> {
    let user = find_user(store, username)?;
    store.set_disabled(user.id, disabled).map_err(err)
}

/// Adds a team.
pub fn add_team(store: &dyn Store, name: &str) -> Result<(), AdminError> {
    if name.trim().is_empty() {
        return Err(invalid("a team needs a name"));
    }
    store
        .create_team(name.trim(), now())
        .map(|_| ())
        .map_err(err)
}

/// Makes a manager manage a team.
pub fn manage_team(store: &dyn Store, team: &str, manager: &str) -> Result<(), AdminError> {
    let team = team_id(store, team)?;
    let user = find_user(store, manager)?;
    if user.role != UserRole::Manager {
        return Err(invalid(format!(
            "`{manager}` is not a manager (role {})",
            user.role.key()
        )));
    }
    store.add_team_manager(team, user.id).map_err(err)
}

/// Moves a user to a team, or out of every team.
pub fn set_team(store: &dyn Store, username: &str, team: Option<&str>) -> Result<(), AdminError> {
    let user = find_user(store, username)?;
    let team = team.map(|t| team_id(store, t)).transpose()?;
    store.set_user_team(user.id, team).map_err(err)
}

/// Adds an account owned by a rep, with its document.
pub fn add_account(
    store: &dyn Store,
    name: &str,
    owner: &str,
    level: &str,
    region: &str,
) -> Result<AccountId, AdminError> {
    if name.trim().is_empty() {
        return Err(invalid("an account needs a hospital name"));
    }
    let level = HospitalLevel::from_key(level).ok_or_else(|| {
        let keys: Vec<&str> = HospitalLevel::ALL.iter().map(|l| l.key()).collect();
        invalid(format!(
            "unknown hospital level `{level}`; use one of: {}",
            keys.join(", ")
        ))
    })?;
    let owner = find_user(store, owner)?;
    let t = now();
    let account = Account::new(
        AccountId::generate(),
        name.trim(),
        level,
        region,
        owner.id,
        t,
    );
    let mut doc = AccountDoc::create(&account)?;
    let template = store.org_config().map_err(err)?.template;
    store
        .write(crate::projection::new_account(
            doc.automerge(),
            &account,
            owner.id,
            &template,
            t,
        ))
        .map_err(err)?;
    Ok(account.id)
}

/// Gives an account to another rep (on a stopped server; a running one does it with
/// `PUT /api/v1/accounts/{id}/owner`): the owner is written into the document too, so
/// every device agrees, and the hand-over from the former owner is recorded.
pub fn assign_account(store: &dyn Store, account: &str, owner: &str) -> Result<(), AdminError> {
    let id: AccountId = account
        .parse()
        .map_err(|e: rounds_shared::ids::InvalidId| invalid(e.to_string()))?;
    let owner = find_user(store, owner)?;
    let now = now();
    let doc_id = rounds_shared::sync::DocumentId::from(id);
    let mut ops = Vec::new();
    if let Some(stored) = store.document(doc_id).map_err(err)? {
        let mut doc = automerge::AutoCommit::load(&stored.chunks.concat())
            .map_err(|e| AdminError::Document(e.into()))?;
        let before = doc.get_heads();
        // The command has no user of its own: the change names nobody as its author.
        let nobody = rounds_shared::ids::UserId::NOBODY;
        if crate::sync::write_owner(&mut doc, owner.id, nobody, now)? {
            let template = store.org_config().map_err(err)?.template;
            ops.push(WriteOp::AppendChunk {
                id: doc_id,
                data: doc.save_after(&before),
                now,
            });
            ops.push(WriteOp::Project(Box::new(crate::projection::changes(
                &mut doc, &before, id, &template,
            ))));
        }
    }
    ops.push(WriteOp::AssignAccount {
        id,
        owner: owner.id,
        now,
    });
    store.write(ops).map_err(err)
}

/// Rebuilds the read model from the stored account documents. Returns how many accounts
/// were projected and how many values were left out.
pub fn reproject(store: &dyn Store) -> Result<(usize, usize), AdminError> {
    let template = store.org_config().map_err(err)?.template;
    store.write(vec![WriteOp::ClearReadModel]).map_err(err)?;
    let (mut accounts, mut issues) = (0, 0);
    for id in store.document_ids().map_err(err)? {
        let Some(stored) = store.document(id).map_err(err)? else {
            continue;
        };
        let mut doc = automerge::AutoCommit::load(&stored.chunks.concat())
            .map_err(|e| rounds_shared::doc::DocError::Load(Box::new(e)))?;
        let account = match stored.kind {
            DocKind::Account(account) => account,
            DocKind::Personal(user) => {
                store
                    .write(vec![crate::projection::plans(&mut doc, user)])
                    .map_err(err)?;
                continue;
            }
            DocKind::Index(_) => continue,
        };
        let projection = crate::projection::full(&mut doc, account, &template);
        issues += projection.issues.len();
        store
            .write(vec![WriteOp::Project(Box::new(projection))])
            .map_err(err)?;
        accounts += 1;
    }
    Ok((accounts, issues))
}
