//! Append-only schema migrations, run in order at start-up. Never edit or reorder a shipped
//! entry: add a new one at the end.

/// Each entry moves the schema from version `index` to `index + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: bookkeeping for the server itself.
    "CREATE TABLE server_info (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) STRICT;",
];
