//! Which visits refer to which photos, from the read model (`p_visits.photo`): what photo
//! access and the collection of unreferenced photos read.

use std::collections::HashSet;

use rusqlite::Connection;

use super::sqlite_users::parse;
use super::{AccountRow, StoreError};

pub(crate) fn hashes(c: &Connection) -> Result<HashSet<String>, StoreError> {
    let mut stmt =
        c.prepare_cached("SELECT DISTINCT photo FROM p_visits WHERE photo IS NOT NULL")?;
    let hashes = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(hashes)
}

pub(crate) fn accounts(c: &Connection, hash: &str) -> Result<Vec<AccountRow>, StoreError> {
    let mut stmt = c.prepare_cached(
        "SELECT DISTINCT account_id FROM p_visits WHERE photo = ?1 ORDER BY account_id",
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
