//! Teams and their managers.

use rounds_shared::api::AuditAction;
use rounds_shared::ids::TeamId;
use rounds_shared::model::UserRole;

use super::{Actor, AdminError, audited, bad_field, change, find_user, now, team_id, team_name};
use crate::storage::{OrgOp, Store, WriteOp};

/// The most characters a team's name may have.
const MAX_NAME: usize = 64;

/// Adds a team.
pub fn add_team(store: &dyn Store, actor: Actor, name: &str) -> Result<TeamId, AdminError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(bad_field(
            "name",
            format!("a team's name has 1 to {MAX_NAME} characters"),
        ));
    }
    let id = TeamId::generate();
    let op = WriteOp::Org(OrgOp::CreateTeam {
        id,
        name: name.to_owned(),
        now: now(),
    });
    audited(
        store,
        actor,
        AuditAction::TeamCreated,
        name,
        Vec::new(),
        vec![op],
    )?;
    Ok(id)
}

/// Makes a manager manage a team.
pub fn manage_team(
    store: &dyn Store,
    actor: Actor,
    team: &str,
    manager: &str,
) -> Result<(), AdminError> {
    let team_id = team_id(store, team)?;
    let user = find_user(store, manager)?;
    if user.role != UserRole::Manager {
        return Err(bad_field(
            "username",
            format!("`{manager}` is not a manager (role {})", user.role.key()),
        ));
    }
    let op = WriteOp::Org(OrgOp::AddTeamManager {
        team: team_id,
        user: user.id,
    });
    let changes = change("manager", "", &user.username).into_iter().collect();
    audited(
        store,
        actor,
        AuditAction::ManagerAdded,
        &team_name(store, Some(team_id))?,
        changes,
        vec![op],
    )
}
