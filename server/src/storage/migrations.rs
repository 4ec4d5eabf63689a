//! Append-only schema migrations, run in order at start-up. Never edit or reorder a shipped
//! entry: add a new one at the end.

/// Each entry moves the schema from version `index` to `index + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: bookkeeping for the server itself.
    "CREATE TABLE server_info (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) STRICT;",
    // 2: users, teams, sessions, accounts and synced documents.
    "CREATE TABLE teams (
        id         TEXT PRIMARY KEY NOT NULL,
        name       TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE users (
        id            TEXT PRIMARY KEY NOT NULL,
        username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name  TEXT NOT NULL,
        role          TEXT NOT NULL,
        team_id       TEXT REFERENCES teams(id),
        password_hash TEXT NOT NULL,
        index_doc     TEXT NOT NULL UNIQUE,
        personal_doc  TEXT NOT NULL UNIQUE,
        disabled      INTEGER NOT NULL DEFAULT 0,
        created_at    INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE team_managers (
        team_id TEXT NOT NULL REFERENCES teams(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        PRIMARY KEY (team_id, user_id)
    ) STRICT;
    CREATE TABLE sessions (
        token_hash BLOB PRIMARY KEY NOT NULL,
        user_id    TEXT NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX sessions_by_user ON sessions(user_id);
    CREATE TABLE accounts (
        id         TEXT PRIMARY KEY NOT NULL,
        doc_id     TEXT NOT NULL UNIQUE,
        name       TEXT NOT NULL,
        owner_id   TEXT NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX accounts_by_owner ON accounts(owner_id);
    CREATE TABLE documents (
        doc_id     TEXT PRIMARY KEY NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('account', 'index', 'personal')),
        ref_id     TEXT NOT NULL,
        created_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE doc_chunks (
        doc_id      TEXT NOT NULL REFERENCES documents(doc_id),
        seq         INTEGER NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('snapshot', 'incremental')),
        data        BLOB NOT NULL,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (doc_id, seq)
    ) STRICT;",
];
