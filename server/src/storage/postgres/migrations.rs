//! The PostgreSQL schema, as append-only migrations: entry N takes a database from schema N
//! to N + 1 and is never edited once released (add an entry instead). It holds the same
//! tables and columns as the SQLite backend's (a test compares them), in PostgreSQL's
//! types: times are `BIGINT` milliseconds, bytes `BYTEA`, flags `BOOLEAN`.
//!
//! Several servers may start at once on one database: [`super::PgStore::connect`] runs the
//! missing migrations in one transaction under an advisory lock, so exactly one applies
//! them and the others find them done.

/// Every migration, in order.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: the schema of SQLite's migrations 1 to 19, in one step (PostgreSQL came later).
    "CREATE TABLE server_info (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE teams (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE,
        created_at BIGINT NOT NULL
    );
    CREATE TABLE users (
        id                   TEXT PRIMARY KEY,
        username             TEXT NOT NULL,
        display_name         TEXT NOT NULL,
        role                 TEXT NOT NULL,
        team_id              TEXT REFERENCES teams(id),
        password_hash        TEXT NOT NULL,
        index_doc            TEXT NOT NULL UNIQUE,
        personal_doc         TEXT NOT NULL UNIQUE,
        disabled             BOOLEAN NOT NULL DEFAULT FALSE,
        created_at           BIGINT NOT NULL,
        must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
        region               TEXT NOT NULL DEFAULT ''
    );
    -- Usernames are unique whatever their case, as in SQLite's NOCASE.
    CREATE UNIQUE INDEX users_by_name ON users (lower(username));
    CREATE TABLE team_managers (
        team_id TEXT NOT NULL REFERENCES teams(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        PRIMARY KEY (team_id, user_id)
    );
    CREATE TABLE sessions (
        token_hash  BYTEA PRIMARY KEY,
        user_id     TEXT NOT NULL REFERENCES users(id),
        created_at  BIGINT NOT NULL,
        expires_at  BIGINT NOT NULL,
        device_hash BYTEA
    );
    CREATE INDEX sessions_by_user ON sessions(user_id);
    CREATE UNIQUE INDEX sessions_by_device ON sessions(device_hash) WHERE device_hash IS NOT NULL;
    CREATE TABLE documents (
        doc_id     TEXT PRIMARY KEY,
        kind       TEXT NOT NULL CHECK (kind IN ('account', 'index', 'personal', 'notice')),
        ref_id     TEXT NOT NULL,
        created_at BIGINT NOT NULL
    );
    CREATE TABLE doc_chunks (
        doc_id      TEXT NOT NULL REFERENCES documents(doc_id),
        seq         BIGINT NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('snapshot', 'incremental')),
        data        BYTEA NOT NULL,
        received_at BIGINT NOT NULL,
        PRIMARY KEY (doc_id, seq)
    );
    CREATE TABLE accounts (
        id         TEXT PRIMARY KEY,
        doc_id     TEXT NOT NULL UNIQUE,
        name       TEXT NOT NULL,
        owner_id   TEXT NOT NULL REFERENCES users(id),
        created_at BIGINT NOT NULL
    );
    CREATE INDEX accounts_by_owner ON accounts(owner_id);
    CREATE TABLE handovers (
        account_id TEXT NOT NULL,
        user_id    TEXT NOT NULL,
        at         BIGINT NOT NULL,
        PRIMARY KEY (account_id, user_id)
    );
    CREATE TABLE audit_log (
        id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at       BIGINT NOT NULL,
        actor_id TEXT,
        action   TEXT NOT NULL,
        target   TEXT NOT NULL,
        changes  TEXT NOT NULL
    );
    CREATE INDEX audit_by_time ON audit_log(at);
    CREATE TABLE visit_receipts (
        account_id TEXT NOT NULL,
        id         TEXT NOT NULL,
        first_at   BIGINT NOT NULL,
        last_at    BIGINT NOT NULL,
        PRIMARY KEY (account_id, id)
    );
    CREATE TABLE p_accounts (
        account_id           TEXT PRIMARY KEY,
        name                 TEXT NOT NULL,
        level                TEXT NOT NULL,
        region               TEXT NOT NULL,
        address              TEXT NOT NULL,
        departments          TEXT NOT NULL,
        annual_sample_volume BIGINT,
        payment_record       TEXT,
        class                TEXT,
        attitude             TEXT,
        relationship         TEXT,
        created_at           BIGINT NOT NULL,
        updated_at           BIGINT NOT NULL,
        zone                 TEXT,
        relationship_stage   TEXT,
        tier                 TEXT,
        location             TEXT
    );
    CREATE TABLE p_contacts (
        account_id TEXT NOT NULL,
        id         TEXT NOT NULL,
        name       TEXT NOT NULL,
        department TEXT NOT NULL,
        title      TEXT NOT NULL,
        phone      TEXT NOT NULL,
        roles      TEXT NOT NULL,
        attitude   TEXT,
        trust      TEXT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        reports_to TEXT,
        org_change TEXT,
        PRIMARY KEY (account_id, id)
    );
    CREATE TABLE p_opportunities (
        account_id      TEXT NOT NULL,
        id              TEXT NOT NULL,
        title           TEXT NOT NULL,
        product_line    TEXT NOT NULL,
        amount          BIGINT NOT NULL,
        stage           TEXT NOT NULL,
        expected_close  TEXT,
        competitors     TEXT NOT NULL,
        next_step       TEXT NOT NULL,
        next_step_due   TEXT,
        lost_reason     TEXT,
        lost_competitor TEXT,
        owner_id        TEXT NOT NULL,
        created_at      BIGINT NOT NULL,
        updated_at      BIGINT NOT NULL,
        checked         TEXT NOT NULL DEFAULT '[]',
        created_by      TEXT,
        updated_by      TEXT,
        buying          TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (account_id, id)
    );
    CREATE INDEX p_opportunities_by_product ON p_opportunities(product_line);
    CREATE TABLE p_stage_events (
        account_id     TEXT NOT NULL,
        opportunity_id TEXT NOT NULL,
        id             TEXT NOT NULL,
        from_stage     TEXT,
        to_stage       TEXT NOT NULL,
        at             BIGINT NOT NULL,
        by             TEXT NOT NULL,
        PRIMARY KEY (account_id, opportunity_id, id)
    );
    CREATE TABLE p_visits (
        account_id     TEXT NOT NULL,
        id             TEXT NOT NULL,
        at             BIGINT NOT NULL,
        author_id      TEXT NOT NULL,
        contacts       TEXT NOT NULL,
        purpose        TEXT NOT NULL,
        content        TEXT NOT NULL,
        problems       TEXT NOT NULL,
        next_step      TEXT NOT NULL,
        opportunity_id TEXT,
        created_at     BIGINT NOT NULL,
        updated_at     BIGINT NOT NULL,
        photo          TEXT,
        check_in       TEXT,
        PRIMARY KEY (account_id, id)
    );
    CREATE INDEX p_visits_by_account ON p_visits(account_id, at);
    CREATE INDEX p_visits_by_author ON p_visits(author_id, at);
    CREATE INDEX p_visits_by_opportunity ON p_visits(opportunity_id, at);
    CREATE INDEX p_visits_by_time ON p_visits(at);
    CREATE INDEX p_visits_by_photo ON p_visits(photo) WHERE photo IS NOT NULL;
    CREATE TABLE p_co_visits (
        account_id      TEXT NOT NULL,
        id              TEXT NOT NULL,
        manager_id      TEXT NOT NULL,
        rep_id          TEXT NOT NULL,
        visit_id        TEXT,
        at              BIGINT NOT NULL,
        kind            TEXT NOT NULL,
        observations    TEXT NOT NULL,
        coaching_points TEXT NOT NULL,
        created_at      BIGINT NOT NULL,
        PRIMARY KEY (account_id, id)
    );
    CREATE TABLE p_comments (
        account_id TEXT NOT NULL,
        id         TEXT NOT NULL,
        visit_id   TEXT NOT NULL,
        by_id      TEXT NOT NULL,
        at         BIGINT NOT NULL,
        text       TEXT NOT NULL,
        PRIMARY KEY (account_id, id)
    );
    CREATE INDEX p_comments_by_visit ON p_comments(visit_id);
    CREATE TABLE p_reviews (
        account_id TEXT NOT NULL,
        id         TEXT NOT NULL,
        rep_id     TEXT NOT NULL,
        by_id      TEXT NOT NULL,
        at         BIGINT NOT NULL,
        PRIMARY KEY (account_id, id)
    );
    CREATE INDEX p_reviews_by_rep ON p_reviews(rep_id, at);
    CREATE TABLE p_issues (
        account_id TEXT NOT NULL,
        path       TEXT NOT NULL,
        problem    TEXT NOT NULL,
        PRIMARY KEY (account_id, path)
    );
    CREATE TABLE p_notices (
        id         TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        issuer_id  TEXT NOT NULL,
        department TEXT NOT NULL,
        issued_at  BIGINT NOT NULL,
        view       TEXT NOT NULL,
        to_id      TEXT,
        done_at    BIGINT
    );
    CREATE INDEX p_notices_by_addressee ON p_notices(to_id);
    CREATE INDEX p_notices_by_department ON p_notices(department);
    CREATE INDEX p_notices_by_issuer ON p_notices(issuer_id);
    CREATE TABLE p_weekly_plans (
        user_id      TEXT NOT NULL,
        id           TEXT NOT NULL,
        week         TEXT NOT NULL,
        submitted_at BIGINT,
        visits       TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (user_id, id)
    );
    CREATE TABLE p_daily_lists (
        user_id      TEXT NOT NULL,
        id           TEXT NOT NULL,
        day          TEXT NOT NULL,
        submitted_at BIGINT,
        list         TEXT NOT NULL,
        review       TEXT,
        PRIMARY KEY (user_id, id)
    );
    CREATE INDEX p_daily_lists_by_day ON p_daily_lists(day);
    CREATE TABLE p_quarterly_plans (
        user_id      TEXT NOT NULL,
        id           TEXT NOT NULL,
        quarter      TEXT NOT NULL,
        submitted_at BIGINT,
        plan         TEXT NOT NULL,
        review       TEXT,
        PRIMARY KEY (user_id, id)
    );
    CREATE INDEX p_quarterly_plans_by_quarter ON p_quarterly_plans(quarter, user_id);",
    // 2: photo bytes by content hash, for servers that share no disk (`blobs.rs`). Only
    // this backend has the table: with SQLite they are files beside the database.
    "CREATE TABLE blobs (
        hash      TEXT PRIMARY KEY,
        data      BYTEA NOT NULL,
        stored_at BIGINT NOT NULL
    );",
    // 3: SQLite's 20, the thumbnail's hash.
    "ALTER TABLE p_visits ADD COLUMN photo_thumb TEXT;
    CREATE INDEX p_visits_by_photo_thumb ON p_visits(photo_thumb) WHERE photo_thumb IS NOT NULL;",
    // 4: several servers write one document's chunks. A chunk's sequence comes from one
    // database sequence (unique whoever writes), and its SHA-256 is unique per document, so
    // the same bytes written twice — a retry, or two servers persisting one change — are
    // stored once.
    "CREATE SEQUENCE doc_chunk_seq;
    ALTER TABLE doc_chunks ALTER COLUMN seq SET DEFAULT nextval('doc_chunk_seq');
    ALTER TABLE doc_chunks ADD COLUMN hash BYTEA;
    CREATE UNIQUE INDEX doc_chunks_by_hash ON doc_chunks(doc_id, hash);",
];

/// Tables only this backend has (the schema test leaves them out of the comparison).
pub const OWN_TABLES: &[&str] = &["blobs"];

/// Columns only this backend has, by table (likewise).
pub const OWN_COLUMNS: &[(&str, &str)] = &[("doc_chunks", "hash")];
