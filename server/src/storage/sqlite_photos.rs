//! Which visits refer to which photos and thumbnails, from the read model
//! (`p_visits.photo`, `p_visits.photo_thumb`): what photo access and the collection of
//! unreferenced photos read.

use std::collections::HashSet;

use rusqlite::Connection;

use super::sqlite_users::parse;
use super::{AccountRow, StoreError};

pub(crate) fn hashes(c: &Connection) -> Result<HashSet<String>, StoreError> {
    let mut stmt = c.prepare_cached(
        "SELECT photo FROM p_visits WHERE photo IS NOT NULL
         UNION SELECT photo_thumb FROM p_visits WHERE photo_thumb IS NOT NULL",
    )?;
    let hashes = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(hashes)
}

pub(crate) fn accounts(c: &Connection, hash: &str) -> Result<Vec<AccountRow>, StoreError> {
    let mut stmt = c.prepare_cached(
        "SELECT account_id FROM p_visits WHERE photo = ?1
         UNION SELECT account_id FROM p_visits WHERE photo_thumb = ?1 ORDER BY account_id",
    )?;
    let ids: Vec<String> = stmt
        .query_map([hash], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for id in ids {
        if let Some(row) = super::sqlite_docs::account(c, parse(&id, "account id")?)? {
            out.push(row);
        }
    }
    Ok(out)
}
