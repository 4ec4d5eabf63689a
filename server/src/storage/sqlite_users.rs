//! Users, teams and sessions in SQLite.

use rounds_shared::ids::{TeamId, UserId};
use rounds_shared::model::UserRole;
use rounds_shared::time::Timestamp;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::StoreError;
use super::types::{NewSession, Team, User};

pub(crate) fn parse<T: std::str::FromStr>(text: &str, what: &str) -> Result<T, StoreError> {
    text.parse()
        .map_err(|_| StoreError::Corrupt(format!("{what} `{text}`")))
}

const USER_COLUMNS: &str = "id, username, display_name, role, team_id, index_doc, personal_doc, disabled, password_hash, must_change_password, region";

fn user_row(r: &Row<'_>) -> rusqlite::Result<(User, String)> {
    let text = |i: usize| r.get::<_, String>(i);
    let raw = (
        text(0)?,
        text(1)?,
        text(2)?,
        text(3)?,
        r.get::<_, Option<String>>(4)?,
        text(5)?,
        text(6)?,
    );
    let disabled: bool = r.get(7)?;
    let hash: String = r.get(8)?;
    let must_change_password: bool = r.get(9)?;
    let region: String = r.get(10)?;
    let convert = || -> Result<User, StoreError> {
        Ok(User {
            id: parse(&raw.0, "user id")?,
            username: raw.1.clone(),
            display_name: raw.2.clone(),
            role: UserRole::from_key(&raw.3)
                .ok_or_else(|| StoreError::Corrupt(format!("role `{}`", raw.3)))?,
            team: raw.4.as_deref().map(|t| parse(t, "team id")).transpose()?,
            index_doc: parse(&raw.5, "document id")?,
            personal_doc: parse(&raw.6, "document id")?,
            disabled,
            must_change_password,
            region: region.clone(),
        })
    };
    convert().map(|u| (u, hash)).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(crate) fn teams(c: &Connection) -> Result<Vec<Team>, StoreError> {
    let mut stmt = c.prepare("SELECT id, name FROM teams ORDER BY name")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name) = row?;
        let id: TeamId = parse(&id, "team id")?;
        let mut m =
            c.prepare("SELECT user_id FROM team_managers WHERE team_id = ?1 ORDER BY user_id")?;
        let managers = m
            .query_map([id.to_string()], |r| r.get::<_, String>(0))?
            .map(|u| parse(&u?, "user id"))
            .collect::<Result<Vec<UserId>, StoreError>>()?;
        out.push(Team { id, name, managers });
    }
    Ok(out)
}

pub(crate) fn managed_teams(c: &Connection, user: UserId) -> Result<Vec<TeamId>, StoreError> {
    let mut stmt = c.prepare("SELECT team_id FROM team_managers WHERE user_id = ?1")?;
    let ids = stmt.query_map([user.to_string()], |r| r.get::<_, String>(0))?;
    ids.map(|t| parse(&t?, "team id")).collect()
}

pub(crate) fn user_by_name(
    c: &Connection,
    username: &str,
) -> Result<Option<(User, String)>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE username = ?1");
    Ok(c.query_row(&sql, [username], user_row).optional()?)
}

pub(crate) fn user(c: &Connection, id: UserId) -> Result<Option<User>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1");
    Ok(c.query_row(&sql, [id.to_string()], user_row)
        .optional()?
        .map(|(u, _)| u))
}

pub(crate) fn users(c: &Connection) -> Result<Vec<User>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY username");
    let mut stmt = c.prepare(&sql)?;
    let rows = stmt.query_map([], user_row)?;
    Ok(rows.map(|r| r.map(|(u, _)| u)).collect::<Result<_, _>>()?)
}

pub(crate) fn create_session(c: &Connection, s: &NewSession) -> Result<(), StoreError> {
    c.execute("DELETE FROM sessions WHERE expires_at <= ?1", [s.now.0])?;
    c.execute(
        "INSERT INTO sessions (token_hash, device_hash, user_id, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            s.token_hash,
            s.device_hash,
            s.user.to_string(),
            s.now.0,
            s.expires.0
        ],
    )?;
    Ok(())
}

pub(crate) fn resume_session(
    c: &Connection,
    device_hash: &[u8],
    token_hash: &[u8],
    now: Timestamp,
) -> Result<Option<(User, Timestamp)>, StoreError> {
    let renewed: Option<(String, i64)> = c
        .query_row(
            "UPDATE sessions SET token_hash = ?1
             WHERE device_hash = ?2 AND expires_at > ?3
               AND user_id IN (SELECT id FROM users WHERE disabled = 0)
             RETURNING user_id, expires_at",
            params![token_hash, device_hash, now.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((_, expires)) = renewed else {
        return Ok(None);
    };
    Ok(session_user(c, token_hash, now)?.map(|u| (u, Timestamp(expires))))
}

pub(crate) fn session_user(
    c: &Connection,
    token_hash: &[u8],
    now: Timestamp,
) -> Result<Option<User>, StoreError> {
    let sql = format!(
        "SELECT {} FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND u.disabled = 0",
        USER_COLUMNS
            .split(", ")
            .map(|c| format!("u.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(c.query_row(&sql, params![token_hash, now.0], user_row)
        .optional()?
        .map(|(u, _)| u))
}

pub(crate) fn delete_session(c: &Connection, token_hash: &[u8]) -> Result<(), StoreError> {
    c.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
    Ok(())
}

pub(crate) fn device_disabled(
    c: &Connection,
    device_hash: &[u8],
    now: Timestamp,
) -> Result<bool, StoreError> {
    Ok(c.query_row(
        "SELECT EXISTS (SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.device_hash = ?1 AND s.expires_at > ?2 AND u.disabled = 1)",
        params![device_hash, now.0],
        |r| r.get(0),
    )?)
}
