//! Hand-off notices in the read model: one row per notice document, with the decoded
//! document as JSON (where a notice stands is computed from it by `rounds_shared::notice`,
//! the same code as on the phones), and the columns access and filters need.

use rounds_shared::doc::NoticeView;
use rounds_shared::ids::NoticeId;
use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;
use super::sqlite_users::parse;
use super::types::{AccountScope, NoticeMeta, NoticeScope};

pub(crate) fn project(conn: &Connection, view: &NoticeView) -> Result<(), StoreError> {
    let n = &view.notice;
    let json = serde_json::to_string(view)
        .map_err(|e| StoreError::Corrupt(format!("notice {} as JSON: {e}", n.id)))?;
    conn.execute(
        "INSERT OR REPLACE INTO p_notices (id, account_id, issuer_id, department, issued_at, view, to_id, done_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            n.id.to_string(),
            n.account.to_string(),
            n.audit.created_by.to_string(),
            n.department.key(),
            n.audit.created_at.0,
            json,
            n.to.map(|t| t.to_string()),
            // When it was done does not depend on the day it is read.
            view.state(chrono::NaiveDate::MIN).done_at.map(|t| t.0)
        ],
    )?;
    Ok(())
}

pub(crate) fn meta(c: &Connection, id: NoticeId) -> Result<Option<NoticeMeta>, StoreError> {
    let row = c
        .query_row(
            "SELECT n.issuer_id, u.team_id, n.department, n.to_id, t.team_id FROM p_notices n
             LEFT JOIN users u ON u.id = n.issuer_id
             LEFT JOIN users t ON t.id = n.to_id WHERE n.id = ?1",
            [id.to_string()],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            },
        )
        .optional()?;
    row.map(|(issuer, team, department, to, to_team)| {
        Ok(NoticeMeta {
            to: to.map(|t| parse(&t, "user id")).transpose()?,
            to_team: to_team.map(|t| parse(&t, "team id")).transpose()?,
            issuer: parse(&issuer, "user id")?,
            issuer_team: team.map(|t| parse(&t, "team id")).transpose()?,
            department: rounds_shared::model::Department::from_key(&department)
                .ok_or_else(|| StoreError::Corrupt(format!("department `{department}`")))?,
        })
    })
    .transpose()
}

/// `columns` of every notice in `scope`, newest first, each row read by `read`.
fn in_scope<T>(
    c: &Connection,
    scope: &NoticeScope,
    columns: &'static str,
    read: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, StoreError> {
    let department = scope.department.map(|d| d.key().to_owned());
    let (all, owner, teams) = match &scope.issuers {
        AccountScope::All => (true, None, Vec::new()),
        AccountScope::Owners { owner, teams } => (
            false,
            Some(owner.to_string()),
            teams.iter().map(ToString::to_string).collect(),
        ),
        AccountScope::Nothing => (false, None, Vec::new()),
    };
    let teams = super::sqlite_json::id_list(teams);
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {columns} FROM p_notices n LEFT JOIN users u ON u.id = n.issuer_id
         LEFT JOIN users t ON t.id = n.to_id
         WHERE (?1 OR n.issuer_id = ?2 OR u.team_id IN (SELECT value FROM json_each(?3))
            OR n.to_id = ?2 OR t.team_id IN (SELECT value FROM json_each(?3))
            OR n.department = ?4)
           AND (n.done_at IS NULL OR n.done_at >= ?5)
         ORDER BY n.issued_at DESC, n.id DESC"
    ))?;
    let since = scope.done_since.map_or(i64::MIN, |t| t.0);
    let rows = stmt.query_map(params![all, owner, teams, department, since], read)?;
    Ok(rows.collect::<rusqlite::Result<Vec<T>>>()?)
}

pub(crate) fn notices(c: &Connection, scope: &NoticeScope) -> Result<Vec<NoticeView>, StoreError> {
    in_scope(c, scope, "n.view", |r| r.get::<_, String>(0))?
        .iter()
        .map(|json| {
            serde_json::from_str(json)
                .map_err(|e| StoreError::Corrupt(format!("a notice's JSON: {e}")))
        })
        .collect()
}

/// The id and hospital of every notice in `scope`, for index documents: without decoding
/// the notices.
pub(crate) fn notice_names(
    c: &Connection,
    scope: &NoticeScope,
) -> Result<Vec<(NoticeId, String)>, StoreError> {
    in_scope(
        c,
        scope,
        "n.id, json_extract(n.view, '$.notice.hospital')",
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            ))
        },
    )?
    .into_iter()
    .map(|(id, name)| Ok((parse(&id, "notice id")?, name)))
    .collect()
}
