//! Accounts, documents and their chunks in SQLite.

use rounds_shared::ids::{AccountId, UserId};
use rounds_shared::model::OrgConfig;
use rounds_shared::sync::DocumentId;
use rounds_shared::time::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;
use super::sqlite_users::parse;
use super::types::{AccountRow, AccountScope, DocKind, StoredDoc};

const ACCOUNT_SELECT: &str = "SELECT a.id, a.name, a.owner_id, u.team_id
    FROM accounts a JOIN users u ON u.id = a.owner_id";

fn account_rows(
    c: &Connection,
    sql: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<AccountRow>, StoreError> {
    let mut stmt = c.prepare(sql)?;
    let rows = stmt.query_map(args, |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, owner, team) = row?;
        out.push(AccountRow {
            id: parse(&id, "account id")?,
            name,
            owner: parse(&owner, "user id")?,
            owner_team: team.as_deref().map(|t| parse(t, "team id")).transpose()?,
        });
    }
    Ok(out)
}

pub(crate) fn account(c: &Connection, id: AccountId) -> Result<Option<AccountRow>, StoreError> {
    let sql = format!("{ACCOUNT_SELECT} WHERE a.id = ?1");
    Ok(account_rows(c, &sql, [id.to_string()])?.into_iter().next())
}

pub(crate) fn accounts(c: &Connection) -> Result<Vec<AccountRow>, StoreError> {
    account_rows(c, &format!("{ACCOUNT_SELECT} ORDER BY a.name"), [])
}

pub(crate) fn accounts_in(
    c: &Connection,
    scope: &AccountScope,
) -> Result<Vec<AccountRow>, StoreError> {
    match scope {
        AccountScope::All => accounts(c),
        AccountScope::Owners { owner, teams } => {
            // The teams as a JSON array, read by `json_each`: one statement for any number.
            let teams = super::sqlite_json::id_list(teams);
            account_rows(
                c,
                &format!(
                    "{ACCOUNT_SELECT} WHERE a.owner_id = ?1
                     OR u.team_id IN (SELECT value FROM json_each(?2)) ORDER BY a.name"
                ),
                [owner.to_string(), teams],
            )
        }
        AccountScope::Nothing => Ok(Vec::new()),
    }
}

/// Run inside a transaction (the writer's, or [`super::SqliteStore::assign_account`]'s).
pub(crate) fn assign_account(
    c: &Connection,
    id: AccountId,
    owner: UserId,
    now: Timestamp,
) -> Result<(), StoreError> {
    let tx = c;
    let former: Option<String> = tx
        .query_row(
            "SELECT owner_id FROM accounts WHERE id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    let Some(former) = former else {
        return Err(StoreError::Missing(format!("account {id}")));
    };
    tx.execute(
        "UPDATE accounts SET owner_id = ?2 WHERE id = ?1",
        params![id.to_string(), owner.to_string()],
    )?;
    if former != owner.to_string() {
        tx.execute(
            "INSERT INTO handovers (account_id, user_id, at) VALUES (?1, ?2, ?3)
             ON CONFLICT (account_id, user_id) DO UPDATE SET at = excluded.at",
            params![id.to_string(), former, now.0],
        )?;
    }
    // The new owner's own earlier hand-over of it, if any, no longer applies.
    tx.execute(
        "DELETE FROM handovers WHERE account_id = ?1 AND user_id = ?2",
        params![id.to_string(), owner.to_string()],
    )?;
    Ok(())
}

/// When `user` last handed `account` over to someone else, if they did.
pub(crate) fn handed_over(
    c: &Connection,
    account: AccountId,
    user: UserId,
) -> Result<Option<Timestamp>, StoreError> {
    Ok(c.query_row(
        "SELECT at FROM handovers WHERE account_id = ?1 AND user_id = ?2",
        params![account.to_string(), user.to_string()],
        |r| r.get::<_, i64>(0),
    )
    .optional()?
    .map(Timestamp))
}

/// What a document is: stored, or an id the server issued to a user for their index or
/// personal document before it was first made (so nobody else can create it).
pub(crate) fn document_kind(c: &Connection, id: DocumentId) -> Result<Option<DocKind>, StoreError> {
    if let Some(kind) = stored_kind(c, id)? {
        return Ok(Some(kind));
    }
    let issued = c
        .query_row(
            "SELECT id, index_doc = ?1 FROM users WHERE index_doc = ?1 OR personal_doc = ?1",
            [id.to_string()],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?)),
        )
        .optional()?;
    issued
        .map(|(user, is_index)| {
            let user = parse(&user, "user id")?;
            Ok(if is_index {
                DocKind::Index(user)
            } else {
                DocKind::Personal(user)
            })
        })
        .transpose()
}

fn stored_kind(c: &Connection, id: DocumentId) -> Result<Option<DocKind>, StoreError> {
    let row = c
        .query_row(
            "SELECT kind, ref_id FROM documents WHERE doc_id = ?1",
            [id.to_string()],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()?;
    row.map(|(kind, r)| DocKind::from_columns(&kind, &r))
        .transpose()
}

pub(crate) fn document(c: &Connection, id: DocumentId) -> Result<Option<StoredDoc>, StoreError> {
    let Some(kind) = stored_kind(c, id)? else {
        return Ok(None);
    };
    let mut stmt = c.prepare("SELECT kind, data FROM doc_chunks WHERE doc_id = ?1 ORDER BY seq")?;
    let rows = stmt.query_map([id.to_string()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
    })?;
    let mut chunks = Vec::new();
    let mut incremental = 0;
    for row in rows {
        let (k, data) = row?;
        if k == "incremental" {
            incremental += 1;
        }
        chunks.push(data);
    }
    Ok(Some(StoredDoc {
        kind,
        chunks,
        incremental,
    }))
}

pub(crate) fn document_ids(c: &Connection) -> Result<Vec<DocumentId>, StoreError> {
    let mut stmt = c.prepare("SELECT doc_id FROM documents ORDER BY doc_id")?;
    let ids = stmt.query_map([], |r| r.get::<_, String>(0))?;
    ids.map(|i| parse(&i?, "document id")).collect()
}

pub(crate) fn org_config(c: &Connection) -> Result<OrgConfig, StoreError> {
    let json: Option<String> = c
        .query_row(
            "SELECT value FROM server_info WHERE key = 'org_config'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    match json {
        None => Ok(OrgConfig::default()),
        Some(j) => {
            serde_json::from_str(&j).map_err(|e| StoreError::Corrupt(format!("org config: {e}")))
        }
    }
}

pub(crate) fn set_org_config(c: &Connection, org: &OrgConfig) -> Result<(), StoreError> {
    let json =
        serde_json::to_string(org).map_err(|e| StoreError::Corrupt(format!("org config: {e}")))?;
    c.execute(
        "INSERT INTO server_info (key, value) VALUES ('org_config', ?1)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [json],
    )?;
    Ok(())
}
