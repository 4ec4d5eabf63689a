//! People and teams: create, edit, disable, passwords (one-time ones included), teams and
//! their managers.

use rounds_shared::api::{AuditAction, NewUserRequest, UserEdit};
use rounds_shared::ids::{TeamId, UserId};
use rounds_shared::model::UserRole;
use rounds_shared::sync::DocumentId;

use super::{
    Actor, AdminError, audited, bad_field, change, err, find_user, invalid, now, team_id, team_name,
};
use crate::auth::hash_password;
use crate::storage::{OrgOp, Store, User, WriteOp};

/// The most characters a login or a shown name may have.
const MAX_NAME: usize = 64;

fn check_password(password: &str) -> Result<(), AdminError> {
    if password.chars().count() < 8 {
        return Err(bad_field(
            "password",
            "the password must have at least 8 characters",
        ));
    }
    Ok(())
}

fn check_username(username: &str) -> Result<(), AdminError> {
    let ok = |c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '-');
    if username.is_empty() || username.chars().count() > MAX_NAME || !username.chars().all(ok) {
        return Err(bad_field(
            "username",
            format!("a login name has 1 to {MAX_NAME} letters, digits, `.`, `_` or `-`"),
        ));
    }
    Ok(())
}

fn check_display_name(name: &str) -> Result<String, AdminError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(bad_field(
            "display_name",
            format!("a name has 1 to {MAX_NAME} characters"),
        ));
    }
    Ok(name.to_owned())
}

fn check_region(store: &dyn Store, region: &str) -> Result<String, AdminError> {
    let region = region.trim();
    if !region.is_empty() && !store.org_config().map_err(err)?.knows_region(region) {
        return Err(bad_field(
            "region",
            format!("`{region}` is not one of the organisation's territories"),
        ));
    }
    Ok(region.to_owned())
}

fn hashed(password: &str) -> Result<String, AdminError> {
    hash_password(password).map_err(AdminError::Hashing)
}

/// A fresh one-time password: 12 letters and digits that cannot be misread (no 0/O, 1/l/I),
/// in groups of four, e.g. `k7mx-p4rt-9qwz`: about 60 bits.
pub fn one_time_password() -> Result<String, AdminError> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).map_err(|e| AdminError::Hashing(format!("no randomness: {e}")))?;
    let mut out = String::with_capacity(14);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        // 32 symbols: the low five bits choose one with no bias.
        out.push(char::from(ALPHABET[usize::from(b & 31)]));
    }
    Ok(out)
}

/// Creates `user` with `password` and records it.
fn create(store: &dyn Store, actor: Actor, user: User, password: &str) -> Result<User, AdminError> {
    let changes = [
        change("display_name", "", &user.display_name),
        change("role", "", user.role.key()),
        change("team", "", team_name(store, user.team)?),
        change("region", "", &user.region),
    ];
    let op = WriteOp::Org(OrgOp::CreateUser {
        user: user.clone(),
        password_hash: hashed(password)?,
        now: now(),
    });
    let target = user.username.clone();
    audited(
        store,
        actor,
        AuditAction::UserCreated,
        &target,
        changes.into_iter().flatten().collect(),
        vec![op],
    )?;
    Ok(user)
}

fn new_user(username: &str, display_name: String, role: UserRole, team: Option<TeamId>) -> User {
    User {
        id: UserId::generate(),
        username: username.to_owned(),
        display_name,
        role,
        team,
        index_doc: DocumentId::generate(),
        personal_doc: DocumentId::generate(),
        disabled: false,
        must_change_password: false,
        region: String::new(),
    }
}

/// Adds a user with a password of the caller's choosing (the command line, the demo).
pub fn add_user(
    store: &dyn Store,
    actor: Actor,
    username: &str,
    name: &str,
    role: &str,
    team: Option<&str>,
    password: &str,
) -> Result<User, AdminError> {
    let username = username.trim();
    check_username(username)?;
    let role = UserRole::from_key(role).ok_or_else(|| {
        let keys: Vec<&str> = UserRole::ALL.iter().map(|r| r.key()).collect();
        bad_field(
            "role",
            format!("unknown role `{role}`; use one of: {}", keys.join(", ")),
        )
    })?;
    check_password(password)?;
    let team = team.map(|t| team_id(store, t)).transpose()?;
    let name = if name.trim().is_empty() {
        username
    } else {
        name
    };
    let user = new_user(username, check_display_name(name)?, role, team);
    create(store, actor, user, password)
}

/// Adds a person from the console with a one-time password, which they must replace at
/// their first sign-in. Returns the user and the password to hand them.
pub fn new_person(
    store: &dyn Store,
    actor: Actor,
    req: &NewUserRequest,
) -> Result<(User, String), AdminError> {
    let username = req.username.trim();
    check_username(username)?;
    let team = req
        .team
        .as_deref()
        .filter(|t| !t.is_empty())
        .map(|t| team_id(store, t))
        .transpose()?;
    let mut user = new_user(
        username,
        check_display_name(&req.display_name)?,
        req.role,
        team,
    );
    user.region = check_region(store, &req.region)?;
    user.must_change_password = true;
    let password = one_time_password()?;
    let user = create(store, actor, user, &password)?;
    Ok((user, password))
}

/// Applies `edit` to a user. `roles` says whether the caller may change roles and teams
/// (administrators only). Returns the user as they are now.
pub fn edit_user(
    store: &dyn Store,
    actor: Actor,
    username: &str,
    edit: &UserEdit,
    roles: bool,
) -> Result<User, AdminError> {
    let before = find_user(store, username)?;
    let mut after = before.clone();
    if let Some(name) = &edit.display_name {
        after.display_name = check_display_name(name)?;
    }
    if let Some(region) = &edit.region {
        after.region = check_region(store, region)?;
    }
    if edit.role.is_some() || edit.team.is_some() {
        if !roles {
            return Err(bad_field(
                if edit.role.is_some() { "role" } else { "team" },
                "only an administrator may change a role or a team",
            ));
        }
        if let Some(role) = edit.role {
            if before.role == UserRole::Admin
                && role != UserRole::Admin
                && actor.id() == Some(before.id)
            {
                return Err(bad_field(
                    "role",
                    "an administrator cannot demote themselves",
                ));
            }
            after.role = role;
        }
        if let Some(team) = &edit.team {
            after.team = Some(team.trim())
                .filter(|t| !t.is_empty())
                .map(|t| team_id(store, t))
                .transpose()?;
        }
    }
    let changes: Vec<_> = [
        change("display_name", &before.display_name, &after.display_name),
        change("role", before.role.key(), after.role.key()),
        change(
            "team",
            team_name(store, before.team)?,
            team_name(store, after.team)?,
        ),
        change("region", &before.region, &after.region),
    ]
    .into_iter()
    .flatten()
    .collect();
    if changes.is_empty() {
        return Ok(before);
    }
    let op = WriteOp::Org(OrgOp::UpdateUser {
        user: after.clone(),
    });
    audited(
        store,
        actor,
        AuditAction::UserChanged,
        &before.username,
        changes,
        vec![op],
    )?;
    Ok(after)
}

/// Moves a user to a team, or out of every team (the command line).
pub fn set_team(
    store: &dyn Store,
    actor: Actor,
    username: &str,
    team: Option<&str>,
) -> Result<(), AdminError> {
    let edit = UserEdit {
        team: Some(team.unwrap_or_default().to_owned()),
        ..UserEdit::default()
    };
    edit_user(store, actor, username, &edit, true).map(|_| ())
}

fn write_password(
    store: &dyn Store,
    actor: Option<Actor>,
    user: &User,
    password: &str,
    must_change: bool,
) -> Result<(), AdminError> {
    check_password(password)?;
    let op = WriteOp::Org(OrgOp::SetPassword {
        user: user.id,
        hash: hashed(password)?,
        must_change,
    });
    match actor {
        // A user's own change is not an administrative one.
        None => store.write(vec![op]).map_err(err),
        Some(actor) => audited(
            store,
            actor,
            AuditAction::PasswordReset,
            &user.username,
            Vec::new(),
            vec![op],
        ),
    }
}

/// Sets a user's password to one of the caller's choosing (the command line).
pub fn set_password(
    store: &dyn Store,
    actor: Actor,
    username: &str,
    password: &str,
) -> Result<(), AdminError> {
    let user = find_user(store, username)?;
    write_password(store, Some(actor), &user, password, false)
}

/// Gives a user a one-time password (`password`, or one chosen here), ending their
/// sessions; returns it.
pub fn reset_password(
    store: &dyn Store,
    actor: Actor,
    username: &str,
    password: Option<&str>,
) -> Result<(User, String), AdminError> {
    let mut user = find_user(store, username)?;
    let password = match password {
        Some(p) => p.to_owned(),
        None => one_time_password()?,
    };
    write_password(store, Some(actor), &user, &password, true)?;
    user.must_change_password = true;
    Ok((user, password))
}

/// A user changes their own password: the current one must match, and the new one must
/// differ from it.
pub fn change_password(
    store: &dyn Store,
    username: &str,
    current: &str,
    new: &str,
) -> Result<(), AdminError> {
    let (user, hash) = store
        .user_by_name(username)
        .map_err(err)?
        .ok_or_else(|| invalid(format!("no user `{username}`")))?;
    if !crate::auth::verify_password(current, &hash) {
        return Err(bad_field("current", "the current password is not right"));
    }
    if current == new {
        return Err(bad_field(
            "new",
            "choose a password different from the current one",
        ));
    }
    write_password(store, None, &user, new, false)
}

/// Disables (ending their sessions) or re-enables a user.
pub fn set_disabled(
    store: &dyn Store,
    actor: Actor,
    username: &str,
    disabled: bool,
) -> Result<(), AdminError> {
    let user = find_user(store, username)?;
    if user.disabled == disabled {
        return Ok(());
    }
    let action = if disabled {
        AuditAction::UserDisabled
    } else {
        AuditAction::UserEnabled
    };
    let op = WriteOp::Org(OrgOp::SetDisabled {
        user: user.id,
        disabled,
    });
    audited(store, actor, action, &user.username, Vec::new(), vec![op])
}

#[cfg(test)]
mod tests {
    use super::one_time_password;

    #[test]
    fn one_time_passwords_are_grouped_unambiguous_and_differ() {
        let a = one_time_password().unwrap();
        let b = one_time_password().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 14);
        assert_eq!(a.matches('-').count(), 2);
        assert!(!a.contains(['0', 'o', '1', 'l']), "{a}");
    }
}
