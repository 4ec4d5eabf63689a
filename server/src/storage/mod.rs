//! Storage behind a trait, so that a second backend (PostgreSQL) can follow when one machine
//! is not enough. The trait is blocking, like the database drivers under it; the server calls
//! it off the async runtime through [`crate::state::AppState::store`].

mod migrations;
mod sqlite;

pub use sqlite::SqliteStore;

/// A storage failure. Its text is for logs, never for HTTP responses.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
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
    /// The blocking task could not finish (the runtime is shutting down, or it panicked).
    #[error("storage task failed: {0}")]
    Task(String),
}

/// What the server needs from storage.
pub trait Store: Send + Sync + 'static {
    /// Checks the database answers.
    fn ping(&self) -> Result<(), StoreError>;
    /// The schema version the database is at.
    fn schema_version(&self) -> Result<usize, StoreError>;
}
