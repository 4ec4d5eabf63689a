//! The SQLite backend: one file, WAL mode, migrations at open, a connection for reads and
//! small writes, and the group-committing [`Writer`] for documents.

use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use rounds_shared::ids::{AccountId, TeamId, UserId};
use rounds_shared::model::OrgConfig;
use rounds_shared::sync::DocumentId;
use rounds_shared::time::Timestamp;
use rusqlite::Connection;

use super::migrations::{MIGRATIONS, REBUILDS};
use super::types::{
    AccountFacts, AccountProfile, AccountRef, AccountRow, AccountScope, ActivityFacts, AuditQuery,
    BuyingFacts, CoVisitRow, DocKind, NewSession, OppQuery, OppRow, StoredDoc, Team, User,
    VisitRow, WriteOp,
};
use super::writer::Writer;
use super::{Store, StoreError, sqlite_admin, sqlite_docs, sqlite_read, sqlite_users};

/// Storage in one SQLite file.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Mutex<Connection>,
    writer: Writer,
}

fn connect(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // FULL: a commit is on disk before the writer answers, so an acknowledged change
    // survives a power cut, not only a crash.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(conn)
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::Task(format!(
                    "cannot create database folder {}: {e}",
                    dir.display()
                ))
            })?;
        }
        let conn = retry_while_busy(|| {
            let mut conn = connect(path)?;
            migrate(&mut conn)?;
            Ok(conn)
        })?;
        let writer = Writer::start(retry_while_busy(|| connect(path))?)?;
        Ok(Self {
            conn: Mutex::new(conn),
            writer,
        })
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let conn = self
            .conn
            .lock()
            .map_err(|_| StoreError::Task("database lock poisoned".into()))?;
        f(&conn)
    }
}

/// Runs `step` again while SQLite answers "busy" without waiting, for at most ten seconds.
///
/// The busy timeout covers most contention, but SQLite refuses some lock upgrades at once
/// to avoid a deadlock — switching a new file to WAL while another process does the same,
/// for example — so opening can fail where simply trying again succeeds.
fn retry_while_busy<T>(mut step: impl FnMut() -> Result<T, StoreError>) -> Result<T, StoreError> {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        match step() {
            Err(StoreError::Sqlite(e))
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            other => return other,
        }
    }
}

/// Applies the migrations this database lacks, one per transaction. Each step reads the
/// version inside an immediate (write-locked) transaction, so two processes opening a new
/// database at once take turns instead of both creating the same tables.
fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    loop {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let current: usize = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if current > MIGRATIONS.len() {
            return Err(StoreError::TooNew {
                found: current,
                known: MIGRATIONS.len(),
            });
        }
        let Some(sql) = MIGRATIONS.get(current) else {
            return Ok(());
        };
        if REBUILDS.contains(&(current + 1)) {
            // Foreign keys are switched only outside a transaction: start this one again.
            drop(tx);
            conn.pragma_update(None, "foreign_keys", "OFF")?;
            let done = rebuild(conn, current, sql);
            conn.pragma_update(None, "foreign_keys", "ON")?;
            done?;
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", current + 1)?;
        tx.commit()?;
        tracing::info!(version = current + 1, "database migrated");
    }
}

/// Runs migration `current + 1`, which rebuilds a table, unless another process already
/// did; foreign keys are checked before it commits.
fn rebuild(conn: &mut Connection, current: usize, sql: &str) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let now: usize = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if now != current {
        return Ok(());
    }
    tx.execute_batch(sql)?;
    let broken: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
        r.get(0)
    })?;
    if broken > 0 {
        return Err(StoreError::Corrupt(format!(
            "migration {} left {broken} rows whose references are broken; nothing was changed",
            current + 1
        )));
    }
    tx.pragma_update(None, "user_version", current + 1)?;
    tx.commit()?;
    tracing::info!(version = current + 1, "database migrated");
    Ok(())
}

impl Store for SqliteStore {
    fn ping(&self) -> Result<(), StoreError> {
        self.with(|c| {
            Ok(c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))
                .map(|_| ())?)
        })
    }
    fn schema_version(&self) -> Result<usize, StoreError> {
        self.with(|c| Ok(c.pragma_query_value(None, "user_version", |r| r.get(0))?))
    }
    fn teams(&self) -> Result<Vec<Team>, StoreError> {
        self.with(sqlite_users::teams)
    }
    fn managed_teams(&self, user: UserId) -> Result<Vec<TeamId>, StoreError> {
        self.with(|c| sqlite_users::managed_teams(c, user))
    }
    fn user_by_name(&self, username: &str) -> Result<Option<(User, String)>, StoreError> {
        self.with(|c| sqlite_users::user_by_name(c, username))
    }
    fn user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        self.with(|c| sqlite_users::user(c, id))
    }
    fn users(&self) -> Result<Vec<User>, StoreError> {
        self.with(sqlite_users::users)
    }
    fn device_disabled(&self, device_hash: &[u8], now: Timestamp) -> Result<bool, StoreError> {
        self.with(|c| sqlite_users::device_disabled(c, device_hash, now))
    }
    fn create_session(&self, session: &NewSession) -> Result<(), StoreError> {
        self.with(|c| sqlite_users::create_session(c, session))
    }
    fn resume_session(
        &self,
        device_hash: &[u8],
        token_hash: &[u8],
        now: Timestamp,
    ) -> Result<Option<(User, Timestamp)>, StoreError> {
        self.with(|c| sqlite_users::resume_session(c, device_hash, token_hash, now))
    }
    fn session_user(&self, token_hash: &[u8], now: Timestamp) -> Result<Option<User>, StoreError> {
        self.with(|c| sqlite_users::session_user(c, token_hash, now))
    }
    fn delete_session(&self, token_hash: &[u8]) -> Result<(), StoreError> {
        self.with(|c| sqlite_users::delete_session(c, token_hash))
    }
    fn account(&self, id: AccountId) -> Result<Option<AccountRow>, StoreError> {
        self.with(|c| sqlite_docs::account(c, id))
    }
    fn accounts(&self) -> Result<Vec<AccountRow>, StoreError> {
        self.with(sqlite_docs::accounts)
    }
    fn accounts_in(&self, scope: &AccountScope) -> Result<Vec<AccountRow>, StoreError> {
        self.with(|c| sqlite_docs::accounts_in(c, scope))
    }
    fn assign_account(
        &self,
        id: AccountId,
        owner: UserId,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.unchecked_transaction()?;
            sqlite_docs::assign_account(&tx, id, owner, now)?;
            tx.commit()?;
            Ok(())
        })
    }
    fn handed_over(
        &self,
        account: AccountId,
        user: UserId,
    ) -> Result<Option<Timestamp>, StoreError> {
        self.with(|c| sqlite_docs::handed_over(c, account, user))
    }
    fn notice_meta(
        &self,
        id: rounds_shared::ids::NoticeId,
    ) -> Result<Option<super::NoticeMeta>, StoreError> {
        self.with(|c| super::sqlite_notices::meta(c, id))
    }
    fn notice_names(
        &self,
        scope: &super::NoticeScope,
    ) -> Result<Vec<(rounds_shared::ids::NoticeId, String)>, StoreError> {
        self.with(|c| super::sqlite_notices::notice_names(c, scope))
    }
    fn notices(
        &self,
        scope: &super::NoticeScope,
    ) -> Result<Vec<rounds_shared::doc::NoticeView>, StoreError> {
        self.with(|c| super::sqlite_notices::notices(c, scope))
    }
    fn plan_facts(
        &self,
        reps: &[UserId],
        week: rounds_shared::time::PeriodKey,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<std::collections::HashMap<UserId, super::PlanFacts>, StoreError> {
        self.with(|c| super::sqlite_daily::plan_facts(c, reps, week, from, to))
    }
    fn daily_lists(
        &self,
        day: chrono::NaiveDate,
        users: &[UserId],
    ) -> Result<Vec<super::DailyRow>, StoreError> {
        self.with(|c| super::sqlite_daily::lists(c, day, users))
    }
    fn photo_hashes(&self) -> Result<std::collections::HashSet<String>, StoreError> {
        self.with(super::sqlite_photos::hashes)
    }
    fn photo_accounts(&self, hash: &str) -> Result<Vec<AccountRow>, StoreError> {
        self.with(|c| super::sqlite_photos::accounts(c, hash))
    }
    fn quarterly_plans(
        &self,
        quarter: rounds_shared::time::PeriodKey,
        users: &[UserId],
    ) -> Result<Vec<super::QuarterlyRow>, StoreError> {
        self.with(|c| super::sqlite_quarterly::plans(c, quarter, users))
    }
    fn coverage_facts(
        &self,
        owners: &[UserId],
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<super::CoverageFact>, StoreError> {
        self.with(|c| super::sqlite_quarterly::coverage_facts(c, owners, from, to))
    }
    fn document_kind(&self, id: DocumentId) -> Result<Option<DocKind>, StoreError> {
        self.with(|c| sqlite_docs::document_kind(c, id))
    }
    fn document(&self, id: DocumentId) -> Result<Option<StoredDoc>, StoreError> {
        self.with(|c| sqlite_docs::document(c, id))
    }
    fn document_ids(&self) -> Result<Vec<DocumentId>, StoreError> {
        self.with(sqlite_docs::document_ids)
    }
    fn org_config(&self) -> Result<OrgConfig, StoreError> {
        self.with(sqlite_docs::org_config)
    }
    fn account_profiles(&self) -> Result<Vec<AccountProfile>, StoreError> {
        self.with(sqlite_admin::account_profiles)
    }
    fn audit(
        &self,
        query: &AuditQuery,
    ) -> Result<(usize, Vec<rounds_shared::api::AuditEntry>), StoreError> {
        self.with(|c| sqlite_admin::read(c, query))
    }
    fn team_members(&self, team: TeamId) -> Result<Vec<UserId>, StoreError> {
        self.with(|c| sqlite_read::team_members(c, team))
    }
    fn opportunities(&self, query: &OppQuery) -> Result<Vec<OppRow>, StoreError> {
        self.with(|c| sqlite_read::opportunities(c, query))
    }
    fn accounts_matching(&self, query: &OppQuery) -> Result<Vec<AccountRef>, StoreError> {
        self.with(|c| sqlite_read::accounts_matching(c, query))
    }
    fn opportunities_of(
        &self,
        accounts: &[AccountId],
    ) -> Result<Vec<(AccountId, rounds_shared::model::Opportunity)>, StoreError> {
        self.with(|c| sqlite_read::opportunities_of(c, accounts))
    }
    fn last_visits(
        &self,
        query: &OppQuery,
    ) -> Result<std::collections::HashMap<rounds_shared::ids::OpportunityId, Timestamp>, StoreError>
    {
        self.with(|c| sqlite_read::last_visits(c, query))
    }
    fn visits(
        &self,
        query: &OppQuery,
        from: Timestamp,
        to: Timestamp,
        limit: usize,
        offset: usize,
    ) -> Result<(usize, Vec<VisitRow>), StoreError> {
        self.with(|c| sqlite_read::visits(c, query, from, to, limit, offset))
    }
    fn co_visits(
        &self,
        query: &OppQuery,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<CoVisitRow>, StoreError> {
        self.with(|c| sqlite_read::co_visits(c, query, from, to))
    }
    fn activity(
        &self,
        reps: &[UserId],
        from: Timestamp,
        to: Timestamp,
        week: rounds_shared::time::PeriodKey,
    ) -> Result<std::collections::HashMap<UserId, ActivityFacts>, StoreError> {
        self.with(|c| sqlite_read::activity(c, reps, from, to, week))
    }
    fn account_facts(&self, query: &OppQuery) -> Result<Vec<AccountFacts>, StoreError> {
        self.with(|c| sqlite_read::account_facts(c, query))
    }
    fn buying_facts(
        &self,
        accounts: &[AccountId],
        now: Timestamp,
    ) -> Result<std::collections::HashMap<AccountId, BuyingFacts>, StoreError> {
        self.with(|c| super::sqlite_buying::buying_facts(c, accounts, now))
    }
    fn write(&self, ops: Vec<WriteOp>) -> Result<(), StoreError> {
        self.writer.write(ops)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_migrates_and_reopening_is_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/rounds.db");
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len());
        drop(store);
        let again = SqliteStore::open(&path).unwrap();
        assert_eq!(again.schema_version().unwrap(), MIGRATIONS.len());
        again.ping().unwrap();
    }

    #[test]
    fn two_openers_of_a_new_database_take_turns() {
        for round in 0..10 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("rounds.db");
            let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
            let openers: Vec<_> = (0..2)
                .map(|_| {
                    let (path, barrier) = (path.clone(), std::sync::Arc::clone(&barrier));
                    std::thread::spawn(move || {
                        barrier.wait();
                        SqliteStore::open(&path).map(|s| s.schema_version())
                    })
                })
                .collect();
            for opener in openers {
                let version = opener.join().unwrap();
                assert_eq!(version.unwrap().unwrap(), MIGRATIONS.len(), "round {round}");
            }
        }
    }

    #[test]
    fn a_database_from_a_newer_server_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rounds.db");
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
        drop(conn);
        let err = SqliteStore::open(&path).unwrap_err();
        assert!(
            matches!(err, StoreError::TooNew { found: 999, .. }),
            "{err}"
        );
    }
}
