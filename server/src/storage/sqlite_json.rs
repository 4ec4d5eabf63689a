//! JSON in SQLite rows: records kept whole as JSON text (plans, daily lists and their
//! reviews), and lists of ids bound as one JSON array that `json_each` reads, so one
//! statement serves any number of them.

use super::StoreError;

/// `ids` as a JSON array of strings, for `… IN (SELECT value FROM json_each(?))`.
pub(crate) fn id_list<T: ToString>(ids: impl IntoIterator<Item = T>) -> String {
    serde_json::Value::from(ids.into_iter().map(|i| i.to_string()).collect::<Vec<_>>()).to_string()
}

/// `value` as JSON text; `what` names it in the error.
pub(crate) fn to_json<T: serde::Serialize>(value: &T, what: &str) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(format!("{what} as JSON: {e}")))
}

/// Column `i` of a row, read back from its JSON text; `None` when NULL.
pub(crate) fn column<T: serde::de::DeserializeOwned>(
    r: &rusqlite::Row<'_>,
    i: usize,
) -> rusqlite::Result<Option<T>> {
    r.get::<_, Option<String>>(i)?
        .map(|text| {
            serde_json::from_str(&text).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    i,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })
        })
        .transpose()
}

/// A value back from its JSON text; `what` names it in the error.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    text: &str,
    what: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("{what}'s JSON: {e}")))
}
