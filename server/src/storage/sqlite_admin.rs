//! Administration in SQLite: writes to people, teams and the organisation's settings, the
//! audit log, and the hospital list with owners. The writes run on the writer thread, in the
//! same transaction as the audit entry that records them.

use rounds_shared::api::{AuditAction, AuditEntry, FieldChange};
use rounds_shared::ids::UserId;
use rounds_shared::time::Timestamp;
use rusqlite::{Connection, params};

use super::StoreError;
use super::sqlite_users::parse;
use super::types::{AccountProfile, AuditQuery, AuditRecord, OrgOp, User};
use super::writer::unique;

fn touched(n: usize, user: UserId) -> Result<(), StoreError> {
    if n == 0 {
        Err(StoreError::Missing(format!("user {user}")))
    } else {
        Ok(())
    }
}

fn end_sessions(c: &Connection, user: UserId) -> Result<(), StoreError> {
    c.execute(
        "DELETE FROM sessions WHERE user_id = ?1",
        [user.to_string()],
    )?;
    Ok(())
}

fn create_user(c: &Connection, u: &User, hash: &str, now: Timestamp) -> Result<(), StoreError> {
    c.execute(
        "INSERT INTO users (id, username, display_name, role, team_id, password_hash, index_doc,
            personal_doc, created_at, must_change_password, region)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            u.id.to_string(),
            u.username,
            u.display_name,
            u.role.key(),
            u.team.map(|t| t.to_string()),
            hash,
            u.index_doc.to_string(),
            u.personal_doc.to_string(),
            now.0,
            u.must_change_password,
            u.region,
        ],
    )
    .map_err(|e| unique(e, format!("user `{}`", u.username)))?;
    Ok(())
}

/// Applies one administrative write.
pub(crate) fn apply(c: &Connection, op: &OrgOp) -> Result<(), StoreError> {
    match op {
        OrgOp::CreateUser {
            user,
            password_hash,
            now,
        } => create_user(c, user, password_hash, *now)?,
        OrgOp::UpdateUser { user } => touched(
            c.execute(
                "UPDATE users SET display_name = ?2, role = ?3, team_id = ?4, region = ?5
                 WHERE id = ?1",
                params![
                    user.id.to_string(),
                    user.display_name,
                    user.role.key(),
                    user.team.map(|t| t.to_string()),
                    user.region
                ],
            )?,
            user.id,
        )?,
        OrgOp::SetPassword {
            user,
            hash,
            must_change,
        } => {
            touched(
                c.execute(
                    "UPDATE users SET password_hash = ?2, must_change_password = ?3 WHERE id = ?1",
                    params![user.to_string(), hash, must_change],
                )?,
                *user,
            )?;
            end_sessions(c, *user)?;
        }
        OrgOp::SetDisabled { user, disabled } => {
            touched(
                c.execute(
                    "UPDATE users SET disabled = ?2 WHERE id = ?1",
                    params![user.to_string(), disabled],
                )?,
                *user,
            )?;
            // A disabled user's sessions stay, refused, until they expire, so that a device
            // resuming one learns it was disabled (and wipes what it holds); re-enabled,
            // the user starts afresh.
            if !*disabled {
                end_sessions(c, *user)?;
            }
        }
        OrgOp::CreateTeam { id, name, now } => {
            c.execute(
                "INSERT INTO teams (id, name, created_at) VALUES (?1, ?2, ?3)",
                params![id.to_string(), name, now.0],
            )
            .map_err(|e| unique(e, format!("team `{name}`")))?;
        }
        OrgOp::AddTeamManager { team, user } => {
            c.execute(
                "INSERT OR IGNORE INTO team_managers (team_id, user_id) VALUES (?1, ?2)",
                params![team.to_string(), user.to_string()],
            )?;
        }
        OrgOp::SetConfig(org) => super::sqlite_docs::set_org_config(c, org)?,
    }
    Ok(())
}

/// Appends an entry to the audit log.
pub(crate) fn record(c: &Connection, r: &AuditRecord) -> Result<(), StoreError> {
    let changes = serde_json::to_string(
        &r.changes
            .iter()
            .map(|f| [&f.field, &f.before, &f.after])
            .collect::<Vec<_>>(),
    )
    .map_err(|e| StoreError::Corrupt(format!("audit changes: {e}")))?;
    c.execute(
        "INSERT INTO audit_log (at, actor_id, action, target, changes) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            r.at.0,
            r.actor.map(|a| a.to_string()),
            r.action.key(),
            r.target,
            changes
        ],
    )?;
    Ok(())
}

/// The audit entries `q` selects, newest first, and how many there are in all.
pub(crate) fn read(c: &Connection, q: &AuditQuery) -> Result<(usize, Vec<AuditEntry>), StoreError> {
    let mut filter = String::from("WHERE 1 = 1");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    let mut arg = |sql: &str, v: rusqlite::types::Value, filter: &mut String| {
        args.push(v);
        filter.push_str(&sql.replace('?', &format!("?{}", args.len())));
    };
    match q.actor {
        None => {}
        Some(None) => filter.push_str(" AND a.actor_id IS NULL"),
        Some(Some(a)) => arg(" AND a.actor_id = ?", a.to_string().into(), &mut filter),
    }
    if let Some(a) = q.action {
        arg(" AND a.action = ?", a.key().to_owned().into(), &mut filter);
    }
    if let Some(t) = &q.target {
        arg(" AND instr(a.target, ?) > 0", t.clone().into(), &mut filter);
    }
    if let Some(f) = q.from {
        arg(" AND a.at >= ?", f.0.into(), &mut filter);
    }
    if let Some(t) = q.to {
        arg(" AND a.at < ?", t.0.into(), &mut filter);
    }
    let total: i64 = c.query_row(
        &format!("SELECT COUNT(*) FROM audit_log a {filter}"),
        rusqlite::params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    let sql = format!(
        "SELECT a.id, a.at, a.actor_id, COALESCE(u.username, ''), a.action, a.target, a.changes
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id {filter}
         ORDER BY a.id DESC LIMIT {} OFFSET {}",
        q.limit, q.offset
    );
    let mut stmt = c.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, at, actor, name, action, target, changes) = row?;
        let changes: Vec<[String; 3]> = serde_json::from_str(&changes)
            .map_err(|e| StoreError::Corrupt(format!("audit changes of entry {id}: {e}")))?;
        out.push(AuditEntry {
            id,
            at: Timestamp(at),
            actor: actor.as_deref().map(|a| parse(a, "user id")).transpose()?,
            actor_name: if actor.is_none() { "cli".into() } else { name },
            action: AuditAction::from_key(&action)
                .ok_or_else(|| StoreError::Corrupt(format!("audit action `{action}`")))?,
            target,
            changes: changes
                .into_iter()
                .map(|[field, before, after]| FieldChange {
                    field,
                    before,
                    after,
                })
                .collect(),
        });
    }
    Ok((usize::try_from(total).unwrap_or(0), out))
}

/// A stored key read as its value (`None` when absent or unknown to this build).
fn key<T>(stored: Option<String>, from_key: fn(&str) -> Option<T>) -> Option<T> {
    stored.as_deref().and_then(from_key)
}

pub(crate) fn account_profiles(c: &Connection) -> Result<Vec<AccountProfile>, StoreError> {
    let mut stmt = c.prepare(
        "SELECT a.id, pa.name, a.owner_id, pa.level, pa.region, pa.zone, pa.address,
                pa.departments, pa.annual_sample_volume, pa.attitude, pa.relationship_stage, pa.tier
         FROM accounts a JOIN p_accounts pa ON pa.account_id = a.id ORDER BY pa.name, a.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let level: String = r.get(3)?;
        let zone: Option<String> = r.get(5)?;
        let departments: String = r.get(7)?;
        let volume: Option<i64> = r.get(8)?;
        out.push(AccountProfile {
            id: parse(&r.get::<_, String>(0)?, "account id")?,
            name: r.get(1)?,
            owner: parse(&r.get::<_, String>(2)?, "user id")?,
            level: rounds_shared::model::HospitalLevel::from_key(&level),
            region: r.get(4)?,
            zone: zone
                .as_deref()
                .and_then(rounds_shared::model::Zone::from_key),
            address: r.get(6)?,
            departments: super::sqlite_projection::unjoin(&departments, |d| Some(d.to_owned())),
            annual_sample_volume: volume.and_then(|v| u64::try_from(v).ok()),
            attitude: key(r.get(9)?, rounds_shared::model::AccountAttitude::from_key),
            relationship_stage: key(
                r.get(10)?,
                rounds_shared::model::RelationshipStage::from_key,
            ),
            tier: key(r.get(11)?, rounds_shared::model::KeyAccountTier::from_key),
        });
    }
    Ok(out)
}
