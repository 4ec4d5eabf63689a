//! Storage behind a trait, so that a second backend (PostgreSQL) can follow when one machine
//! is not enough. The trait is blocking, like the database drivers under it; the server calls
//! it off the async runtime through [`crate::state::AppState::store`].

mod admin_types;
mod migrations;
mod plan_types;
pub mod postgres;
mod sqlite;
mod sqlite_admin;
mod sqlite_buying;
mod sqlite_daily;
mod sqlite_docs;
mod sqlite_json;
mod sqlite_notices;
mod sqlite_photos;
mod sqlite_projection;
mod sqlite_quarterly;
mod sqlite_read;
mod sqlite_users;
mod types;
mod writer;

pub use plan_types::{CoverageFact, DailyRow, PlanFacts, QuarterlyRow};
pub use sqlite::SqliteStore;
pub use types::{
    AccountFacts, AccountProfile, AccountRef, AccountRow, AccountScope, ActivityFacts, AuditQuery,
    AuditRecord, BuyingFacts, CoVisitRow, DocKind, NewSession, NoticeMeta, NoticeScope, OppQuery,
    OppRow, OrgOp, Part, Projection, StoredDoc, Team, User, VisitRow, WriteOp,
};

use rounds_shared::ids::{AccountId, TeamId, UserId};
use rounds_shared::model::OrgConfig;
use rounds_shared::sync::DocumentId;
use rounds_shared::time::Timestamp;

/// A storage failure. Its text is for logs, never for HTTP responses.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL refused or failed.
    #[error("database: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    /// No connection to PostgreSQL could be had from the pool.
    #[error("database connection pool: {0}")]
    Pool(String),
    /// The database was written by a newer Rounds than this one.
    #[error(
        "the database is at schema version {found}, newer than this server's {known}; upgrade the server"
    )]
    TooNew {
        /// Version in the file.
        found: usize,
        /// Newest version this build knows.
        known: usize,
    },
    /// A name that must be unique is taken.
    #[error("{0} already exists")]
    Duplicate(String),
    /// A row the operation needs is not there.
    #[error("{0} not found")]
    Missing(String),
    /// A stored value could not be read back.
    #[error("corrupt row: {0}")]
    Corrupt(String),
    /// The blocking task or the writer could not finish.
    #[error("storage task failed: {0}")]
    Task(String),
}

/// Runs a blocking storage call on tokio's blocking pool (storage is blocking; the async
/// runtime's workers must never wait on it).
pub async fn blocking<T, F>(store: std::sync::Arc<dyn Store>, f: F) -> Result<T, StoreError>
where
    T: Send + 'static,
    F: FnOnce(&dyn Store) -> Result<T, StoreError> + Send + 'static,
{
    tokio::task::spawn_blocking(move || f(store.as_ref()))
        .await
        .map_err(|e| StoreError::Task(format!("storage task: {e}")))?
}

/// What the server needs from storage. Every method blocks until done; [`Store::write`]
/// returns only once its operations are durably committed.
pub trait Store: Send + Sync + 'static {
    /// Checks the database answers.
    fn ping(&self) -> Result<(), StoreError>;
    /// The schema version the database is at.
    fn schema_version(&self) -> Result<usize, StoreError>;

    /// Who a notice concerns, for access.
    fn notice_meta(
        &self,
        id: rounds_shared::ids::NoticeId,
    ) -> Result<Option<NoticeMeta>, StoreError>;
    /// The id and hospital name of each notice in `scope`, newest first (not decoded).
    fn notice_names(
        &self,
        scope: &NoticeScope,
    ) -> Result<Vec<(rounds_shared::ids::NoticeId, String)>, StoreError>;
    /// The notices in `scope`, decoded, newest first.
    fn notices(
        &self,
        scope: &NoticeScope,
    ) -> Result<Vec<rounds_shared::doc::NoticeView>, StoreError>;

    /// Each rep's plan for `week` (the visits it lists) and the visits they made between
    /// `from` and `to`.
    fn plan_facts(
        &self,
        reps: &[UserId],
        week: rounds_shared::time::PeriodKey,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<std::collections::HashMap<UserId, PlanFacts>, StoreError>;

    /// The daily lists of `day` of `users`, each with its review.
    fn daily_lists(
        &self,
        day: chrono::NaiveDate,
        users: &[UserId],
    ) -> Result<Vec<DailyRow>, StoreError>;

    /// The quarterly plans for `quarter` of `users`, each with its review.
    fn quarterly_plans(
        &self,
        quarter: rounds_shared::time::PeriodKey,
        users: &[UserId],
    ) -> Result<Vec<QuarterlyRow>, StoreError>;

    /// The hospitals `owners` own, each with its visits in `[from, to)` and its last visit
    /// before `to`.
    fn coverage_facts(
        &self,
        owners: &[UserId],
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<CoverageFact>, StoreError>;

    /// Every photo hash a visit refers to.
    fn photo_hashes(&self) -> Result<std::collections::HashSet<String>, StoreError>;

    /// The accounts with a visit whose arrival photo is `hash`, with their owners.
    fn photo_accounts(&self, hash: &str) -> Result<Vec<AccountRow>, StoreError>;

    /// Every team with its managers.
    fn teams(&self) -> Result<Vec<Team>, StoreError>;
    /// The teams `user` manages.
    fn managed_teams(&self, user: UserId) -> Result<Vec<TeamId>, StoreError>;

    /// A user and their password hash, by username (case-insensitive).
    fn user_by_name(&self, username: &str) -> Result<Option<(User, String)>, StoreError>;
    /// A user by id.
    fn user(&self, id: UserId) -> Result<Option<User>, StoreError>;
    /// Every user.
    fn users(&self) -> Result<Vec<User>, StoreError>;

    /// Stores a new session (and drops expired ones).
    fn create_session(&self, session: &NewSession) -> Result<(), StoreError>;
    /// Gives the live session of an enabled user that holds this device credential a new
    /// token hash (the old token stops working); its user and end, or `None`.
    fn resume_session(
        &self,
        device_hash: &[u8],
        token_hash: &[u8],
        now: Timestamp,
    ) -> Result<Option<(User, Timestamp)>, StoreError>;
    /// Whether this device credential belongs to a live session of a user who has since
    /// been disabled (the device must then drop what it holds).
    fn device_disabled(&self, device_hash: &[u8], now: Timestamp) -> Result<bool, StoreError>;
    /// The user of a live session of an enabled user.
    fn session_user(&self, token_hash: &[u8], now: Timestamp) -> Result<Option<User>, StoreError>;
    /// Ends a session.
    fn delete_session(&self, token_hash: &[u8]) -> Result<(), StoreError>;

    /// An account's row.
    fn account(&self, id: AccountId) -> Result<Option<AccountRow>, StoreError>;
    /// Read model: every account's profile with its owner, by name.
    fn account_profiles(&self) -> Result<Vec<AccountProfile>, StoreError>;
    /// Every account.
    fn accounts(&self) -> Result<Vec<AccountRow>, StoreError>;
    /// The accounts in `scope` (see `sync::account_scope` for whose a user sees).
    fn accounts_in(&self, scope: &AccountScope) -> Result<Vec<AccountRow>, StoreError>;
    /// Gives an account to a new owner, recording the hand-over from the former one.
    fn assign_account(
        &self,
        id: AccountId,
        owner: UserId,
        now: Timestamp,
    ) -> Result<(), StoreError>;
    /// When `user` last handed `account` over, if they did.
    fn handed_over(
        &self,
        account: AccountId,
        user: UserId,
    ) -> Result<Option<Timestamp>, StoreError>;

    /// What a document is, if the server has it or has issued its id (a user's index and
    /// personal documents are reserved when the user is created).
    fn document_kind(&self, id: DocumentId) -> Result<Option<DocKind>, StoreError>;
    /// A document's stored chunks, oldest first.
    fn document(&self, id: DocumentId) -> Result<Option<StoredDoc>, StoreError>;
    /// Every document id (for maintenance commands).
    fn document_ids(&self) -> Result<Vec<DocumentId>, StoreError>;

    /// The organisation's configuration (the default until an admin sets one).
    fn org_config(&self) -> Result<OrgConfig, StoreError>;

    /// The members of a team.
    fn team_members(&self, team: TeamId) -> Result<Vec<UserId>, StoreError>;
    /// Read model: the opportunities `query` covers, with their stage histories.
    fn opportunities(&self, query: &OppQuery) -> Result<Vec<OppRow>, StoreError>;
    /// Read model: the accounts `query` covers (its product-line filter aside).
    fn accounts_matching(&self, query: &OppQuery) -> Result<Vec<AccountRef>, StoreError>;
    /// Read model: the opportunities of these accounts, with their stage histories.
    fn opportunities_of(
        &self,
        accounts: &[AccountId],
    ) -> Result<Vec<(AccountId, rounds_shared::model::Opportunity)>, StoreError>;
    /// Read model: the latest visit linked to each opportunity `query` covers.
    fn last_visits(
        &self,
        query: &OppQuery,
    ) -> Result<std::collections::HashMap<rounds_shared::ids::OpportunityId, Timestamp>, StoreError>;

    /// Read model: visit reports `query` covers written in `[from, to)`, newest first.
    fn visits(
        &self,
        query: &OppQuery,
        from: Timestamp,
        to: Timestamp,
        limit: usize,
        offset: usize,
    ) -> Result<(usize, Vec<VisitRow>), StoreError>;
    /// Read model: co-visit reports on accounts `query` covers, in `[from, to)`, newest first.
    fn co_visits(
        &self,
        query: &OppQuery,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<CoVisitRow>, StoreError>;
    /// Read model: per rep, the visits they wrote and the reviews naming them in
    /// `[from, to)`, and their weekly plans for `week`.
    fn activity(
        &self,
        reps: &[UserId],
        from: Timestamp,
        to: Timestamp,
        week: rounds_shared::time::PeriodKey,
    ) -> Result<std::collections::HashMap<UserId, ActivityFacts>, StoreError>;
    /// Read model: the accounts `query` covers.
    fn account_facts(&self, query: &OppQuery) -> Result<Vec<AccountFacts>, StoreError>;
    /// The contacts of each of `accounts` and their visits summed up as of `now`, for the
    /// deal warnings.
    fn buying_facts(
        &self,
        accounts: &[AccountId],
        now: Timestamp,
    ) -> Result<std::collections::HashMap<AccountId, BuyingFacts>, StoreError>;

    /// The audit log entries `query` selects, newest first, and how many match in all.
    fn audit(
        &self,
        query: &AuditQuery,
    ) -> Result<(usize, Vec<rounds_shared::api::AuditEntry>), StoreError>;

    /// Applies `ops` in one transaction, durably, before returning. Concurrent callers may
    /// share a commit.
    fn write(&self, ops: Vec<WriteOp>) -> Result<(), StoreError>;
}
