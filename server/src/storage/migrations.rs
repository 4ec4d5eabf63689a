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
    // 3: the read model: account documents projected into tables. Rows are keyed by
    // (account, id), so a document can only ever write rows of its own account.
    "CREATE TABLE p_accounts (
        account_id           TEXT PRIMARY KEY NOT NULL,
        name                 TEXT NOT NULL,
        level                TEXT NOT NULL,
        region               TEXT NOT NULL,
        address              TEXT NOT NULL,
        departments          TEXT NOT NULL,
        annual_sample_volume INTEGER,
        payment_record       TEXT,
        class                TEXT,
        attitude             TEXT,
        relationship         TEXT,
        created_at           INTEGER NOT NULL,
        updated_at           INTEGER NOT NULL
    ) STRICT;
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
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, id)
    ) STRICT;
    CREATE TABLE p_opportunities (
        account_id      TEXT NOT NULL,
        id              TEXT NOT NULL,
        title           TEXT NOT NULL,
        product_line    TEXT NOT NULL,
        amount          INTEGER NOT NULL,
        stage           TEXT NOT NULL,
        expected_close  TEXT,
        competitors     TEXT NOT NULL,
        next_step       TEXT NOT NULL,
        next_step_due   TEXT,
        lost_reason     TEXT,
        lost_competitor TEXT,
        owner_id        TEXT NOT NULL,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL,
        PRIMARY KEY (account_id, id)
    ) STRICT;
    CREATE INDEX p_opportunities_by_product ON p_opportunities(product_line);
    CREATE TABLE p_stage_events (
        account_id     TEXT NOT NULL,
        opportunity_id TEXT NOT NULL,
        id             TEXT NOT NULL,
        from_stage     TEXT,
        to_stage       TEXT NOT NULL,
        at             INTEGER NOT NULL,
        by             TEXT NOT NULL,
        PRIMARY KEY (account_id, opportunity_id, id)
    ) STRICT;
    CREATE TABLE p_visits (
        account_id     TEXT NOT NULL,
        id             TEXT NOT NULL,
        at             INTEGER NOT NULL,
        author_id      TEXT NOT NULL,
        contacts       TEXT NOT NULL,
        purpose        TEXT NOT NULL,
        content        TEXT NOT NULL,
        problems       TEXT NOT NULL,
        next_step      TEXT NOT NULL,
        opportunity_id TEXT,
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL,
        PRIMARY KEY (account_id, id)
    ) STRICT;
    CREATE INDEX p_visits_by_author ON p_visits(author_id, at);
    CREATE INDEX p_visits_by_time ON p_visits(at);
    CREATE INDEX p_visits_by_opportunity ON p_visits(opportunity_id, at);
    CREATE TABLE p_co_visits (
        account_id      TEXT NOT NULL,
        id              TEXT NOT NULL,
        manager_id      TEXT NOT NULL,
        rep_id          TEXT NOT NULL,
        visit_id        TEXT,
        at              INTEGER NOT NULL,
        kind            TEXT NOT NULL,
        observations    TEXT NOT NULL,
        coaching_points TEXT NOT NULL,
        created_at      INTEGER NOT NULL,
        PRIMARY KEY (account_id, id)
    ) STRICT;
    CREATE TABLE p_notices (
        account_id      TEXT NOT NULL,
        id              TEXT NOT NULL,
        department      TEXT NOT NULL,
        handler_id      TEXT,
        details         TEXT NOT NULL,
        due             TEXT,
        delivery_method TEXT NOT NULL,
        receipt_outcome TEXT,
        receipt_reason  TEXT,
        receipt_at      INTEGER,
        issued_at       INTEGER NOT NULL,
        issued_by       TEXT NOT NULL,
        PRIMARY KEY (account_id, id)
    ) STRICT;
    CREATE TABLE p_issues (
        account_id TEXT NOT NULL,
        path       TEXT NOT NULL,
        problem    TEXT NOT NULL,
        PRIMARY KEY (account_id, path)
    ) STRICT;",
    // 4: weekly plans from personal documents, for activity against standards.
    "CREATE TABLE p_weekly_plans (
        user_id      TEXT NOT NULL,
        id           TEXT NOT NULL,
        week         TEXT NOT NULL,
        submitted_at INTEGER,
        PRIMARY KEY (user_id, id)
    ) STRICT;",
    // 5: visit feeds filtered by account.
    "CREATE INDEX p_visits_by_account ON p_visits(account_id, at);",
    // 6: key accounts reviewed by a manager with the rep, for activity against standards.
    "CREATE TABLE p_reviews (
        account_id TEXT NOT NULL,
        id         TEXT NOT NULL,
        rep_id     TEXT NOT NULL,
        by_id      TEXT NOT NULL,
        at         INTEGER NOT NULL,
        PRIMARY KEY (account_id, id)
    ) STRICT;
    CREATE INDEX p_reviews_by_rep ON p_reviews(rep_id, at);",
    // 7: comments on visits, so every collection of an account document has its table.
    // Comments written before this version reach it with their account's next change or
    // with `rounds-server reproject`.
    "CREATE TABLE p_comments (
        account_id TEXT NOT NULL,
        id         TEXT NOT NULL,
        visit_id   TEXT NOT NULL,
        by_id      TEXT NOT NULL,
        at         INTEGER NOT NULL,
        text       TEXT NOT NULL,
        PRIMARY KEY (account_id, id)
    ) STRICT;
    CREATE INDEX p_comments_by_visit ON p_comments(visit_id);",
    // 8: every field of an opportunity, so the read model rebuilds it whole (the funnel maths
    // never computes from defaults standing in for stored values). `competitors` and
    // `checked` are JSON arrays from now on (older rows: comma-separated, read as such until
    // their next change or `rounds-server reproject`).
    "ALTER TABLE p_opportunities ADD COLUMN checked TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE p_opportunities ADD COLUMN created_by TEXT;
    ALTER TABLE p_opportunities ADD COLUMN updated_by TEXT;",
    // 9: hand-overs: who owned an account before it was assigned away, and when, so the
    // former owner's device can still deliver what it logged offline before it knew.
    "CREATE TABLE handovers (
        account_id TEXT NOT NULL,
        user_id    TEXT NOT NULL,
        at         INTEGER NOT NULL,
        PRIMARY KEY (account_id, user_id)
    ) STRICT;",
    // 10: a device credential per session: a second secret the app keeps in IndexedDB, which
    // outlives a browser killed before it wrote its cookies, and is exchanged for a fresh
    // session token (`POST /api/v1/session/resume`). Ends with the session.
    "ALTER TABLE sessions ADD COLUMN device_hash BLOB;
    CREATE UNIQUE INDEX sessions_by_device ON sessions(device_hash) WHERE device_hash IS NOT NULL;",
    // 11: administration: a one-time password the user must replace at first sign-in, a
    // user's territory, a hospital's route-plan zone, and the audit log of every
    // administrative change (written in the same transaction as the change).
    "ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE users ADD COLUMN region TEXT NOT NULL DEFAULT '';
    ALTER TABLE p_accounts ADD COLUMN zone TEXT;
    CREATE TABLE audit_log (
        id       INTEGER PRIMARY KEY AUTOINCREMENT,
        at       INTEGER NOT NULL,
        actor_id TEXT,
        action   TEXT NOT NULL,
        target   TEXT NOT NULL,
        changes  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX audit_by_time ON audit_log(at);",
    // 12: the buying centre: each opportunity's stakeholders, MANCOHT answers and the
    // hospital's procurement step (one JSON object), and contacts' reports-to and
    // organisation change, for the deal warnings; and the hospital's relationship stage and
    // key-account tier, for the dashboard's hospital list.
    "ALTER TABLE p_opportunities ADD COLUMN buying TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE p_contacts ADD COLUMN reports_to TEXT;
    ALTER TABLE p_contacts ADD COLUMN org_change TEXT;
    ALTER TABLE p_accounts ADD COLUMN relationship_stage TEXT;
    ALTER TABLE p_accounts ADD COLUMN tier TEXT;",
    // 13: hand-off notices are documents of their own: `documents.kind` gains `notice`
    // (SQLite changes a CHECK only by rebuilding the table; the migration runs with foreign
    // keys off, as SQLite's procedure asks, and checks them before it commits). The read
    // model keeps one row per notice with the decoded document, from which the dashboard
    // computes where each stands; the empty per-account table of the first wave goes.
    "CREATE TABLE documents_new (
        doc_id     TEXT PRIMARY KEY NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('account', 'index', 'personal', 'notice')),
        ref_id     TEXT NOT NULL,
        created_at INTEGER NOT NULL
    ) STRICT;
    INSERT INTO documents_new SELECT doc_id, kind, ref_id, created_at FROM documents;
    DROP TABLE documents;
    ALTER TABLE documents_new RENAME TO documents;
    DROP TABLE p_notices;
    CREATE TABLE p_notices (
        id          TEXT PRIMARY KEY NOT NULL,
        account_id  TEXT NOT NULL,
        issuer_id   TEXT NOT NULL,
        department  TEXT NOT NULL,
        issued_at   INTEGER NOT NULL,
        view        TEXT NOT NULL
    ) STRICT;
    CREATE INDEX p_notices_by_issuer ON p_notices(issuer_id);
    CREATE INDEX p_notices_by_department ON p_notices(department);",
    // 14: a notice addressed to a person rather than a department (finance chasing a
    // payment with the rep): who, for access and the rep's lists; and when a notice was
    // answered "done" (NULL while open), so lists read open and recent ones in SQL.
    "ALTER TABLE p_notices ADD COLUMN to_id TEXT;
    ALTER TABLE p_notices ADD COLUMN done_at INTEGER;
    CREATE INDEX p_notices_by_addressee ON p_notices(to_id);",
    // 15: daily lists (日清单) from personal documents, with the manager's review, for the
    // team's daily view: the list and the review as JSON, the day and when submitted as
    // columns.
    "CREATE TABLE p_daily_lists (
        user_id      TEXT NOT NULL,
        id           TEXT NOT NULL,
        day          TEXT NOT NULL,
        submitted_at INTEGER,
        list         TEXT NOT NULL,
        review       TEXT,
        PRIMARY KEY (user_id, id)
    ) STRICT;
    CREATE INDEX p_daily_lists_by_day ON p_daily_lists(day);",
    // 16: the visits a weekly plan lists (JSON), for plan attainment.
    "ALTER TABLE p_weekly_plans ADD COLUMN visits TEXT NOT NULL DEFAULT '[]';",
    // 17: quarterly plans (季计划) from personal documents, with the manager's review, for
    // the team's quarterly view and the frequencies coverage measures against.
    "CREATE TABLE p_quarterly_plans (
        user_id      TEXT NOT NULL,
        id           TEXT NOT NULL,
        quarter      TEXT NOT NULL,
        submitted_at INTEGER,
        plan         TEXT NOT NULL,
        review       TEXT,
        PRIMARY KEY (user_id, id)
    ) STRICT;
    CREATE INDEX p_quarterly_plans_by_quarter ON p_quarterly_plans(quarter, user_id);",
    // 18: the content hash of a visit's arrival photo, so a photo is served (and accepted)
    // only to those who may read a visit that refers to it.
    "ALTER TABLE p_visits ADD COLUMN photo TEXT;
    CREATE INDEX p_visits_by_photo ON p_visits(photo) WHERE photo IS NOT NULL;",
    // 19: what a visit's truthfulness flags are worked out from: its check-in as the phone
    // reported it (JSON), the hospital's location (JSON), and when the server first and
    // last received each visit. Receipts are not part of the read model (no `p_` prefix):
    // only the live sync knows them, so `reproject` keeps them. Visits and hospitals
    // written before this version get their check-in and location with their next change
    // or `rounds-server reproject`.
    "ALTER TABLE p_visits ADD COLUMN check_in TEXT;
    ALTER TABLE p_accounts ADD COLUMN location TEXT;
    CREATE TABLE visit_receipts (
        account_id TEXT NOT NULL,
        id         TEXT NOT NULL,
        first_at   INTEGER NOT NULL,
        last_at    INTEGER NOT NULL,
        PRIMARY KEY (account_id, id)
    ) STRICT;",
    // 20: the content hash of an arrival photo's thumbnail, served and kept like the photo.
    "ALTER TABLE p_visits ADD COLUMN photo_thumb TEXT;
    CREATE INDEX p_visits_by_photo_thumb ON p_visits(photo_thumb) WHERE photo_thumb IS NOT NULL;",
];

/// Migrations that rebuild a table another table refers to: run with foreign keys off
/// (SQLite ignores the switch inside a transaction), then checked before commit.
pub(crate) const REBUILDS: &[usize] = &[13];
