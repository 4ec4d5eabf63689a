//! The PostgreSQL backend, for several servers sharing one database (`--database
//! postgres://…`; SQLite stays the default). This is its foundation: the connection pool
//! (tokio-postgres with deadpool) and the schema, migrated safely when several servers
//! start at once. The [`super::Store`] surface comes next, on the same pool: the store is
//! called on tokio's blocking pool, where each call runs its queries with
//! `Handle::block_on`, so the trait stays the one the SQLite backend implements.
//!
//! Tests run against a throwaway cluster the test command starts (`scripts/lib/postgres.sh`,
//! `ROUNDS_TEST_POSTGRES`).

mod blobs;
mod docs;
mod migrations;

use std::str::FromStr;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::NoTls;

pub use blobs::PgBlobStore;
pub use docs::LoadedDoc;
pub(crate) use migrations::MIGRATIONS;
pub use migrations::{OWN_COLUMNS, OWN_TABLES};

use super::StoreError;

/// The advisory lock that serialises migrations between servers ("rounds" in ASCII).
const MIGRATION_LOCK: i64 = 0x726f_756e_6473;

/// The schema version this build migrates a database to.
pub const SCHEMA_VERSION: usize = MIGRATIONS.len();

/// Connections one server keeps at most, unless configured.
pub const DEFAULT_POOL_SIZE: usize = 16;

/// A pool of connections to one PostgreSQL database, migrated to this build's schema.
#[derive(Clone)]
pub struct PgStore {
    pool: Pool,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL may hold a password: never printed.
        f.debug_struct("PgStore").finish_non_exhaustive()
    }
}

fn pool_error(e: impl std::fmt::Display) -> StoreError {
    StoreError::Pool(e.to_string())
}

impl PgStore {
    /// Connects to the database at `url` (`postgres://user:password@host:port/db`) with at
    /// most `pool_size` connections, and migrates it to this build's schema.
    pub async fn connect(url: &str, pool_size: usize) -> Result<Self, StoreError> {
        let config = tokio_postgres::Config::from_str(url)?;
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(pool_size.max(1))
            .build()
            .map_err(pool_error)?;
        let store = Self { pool };
        store.migrate().await?;
        Ok(store)
    }

    /// Applies the migrations the database lacks, in one transaction, holding an advisory
    /// lock so that servers starting together take turns; returns how many it applied.
    async fn migrate(&self) -> Result<usize, StoreError> {
        let mut client = self.pool.get().await.map_err(pool_error)?;
        let tx = client.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS rounds_schema (version INTEGER NOT NULL)")
            .await?;
        let found = tx
            .query_opt("SELECT version FROM rounds_schema", &[])
            .await?
            .map_or(0, |row| row.get::<_, i32>(0));
        let found = usize::try_from(found).unwrap_or(0);
        if found > MIGRATIONS.len() {
            return Err(StoreError::TooNew {
                found,
                known: MIGRATIONS.len(),
            });
        }
        for migration in &MIGRATIONS[found..] {
            tx.batch_execute(migration).await?;
        }
        let version = i32::try_from(MIGRATIONS.len()).unwrap_or(i32::MAX);
        tx.execute("DELETE FROM rounds_schema", &[]).await?;
        tx.execute(
            "INSERT INTO rounds_schema (version) VALUES ($1)",
            &[&version],
        )
        .await?;
        tx.commit().await?;
        Ok(MIGRATIONS.len() - found)
    }

    /// The schema version the database is at.
    pub async fn schema_version(&self) -> Result<usize, StoreError> {
        let client = self.pool.get().await.map_err(pool_error)?;
        let version: i32 = client
            .query_one("SELECT version FROM rounds_schema", &[])
            .await?
            .get(0);
        Ok(usize::try_from(version).unwrap_or(0))
    }

    /// Checks that the database answers (the health endpoint's probe).
    pub async fn ping(&self) -> Result<(), StoreError> {
        let client = self.pool.get().await.map_err(pool_error)?;
        client.query_one("SELECT 1", &[]).await?;
        Ok(())
    }

    /// Every table of the schema with its columns, sorted (for the test that keeps this
    /// backend's schema the SQLite backend's).
    pub async fn columns(&self) -> Result<Vec<(String, Vec<String>)>, StoreError> {
        let client = self.pool.get().await.map_err(pool_error)?;
        let rows = client
            .query(
                "SELECT table_name::text, column_name::text FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name <> 'rounds_schema'
                 ORDER BY table_name, column_name",
                &[],
            )
            .await?;
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for row in rows {
            let (table, column): (String, String) = (row.get(0), row.get(1));
            match out.last_mut() {
                Some((t, cols)) if *t == table => cols.push(column),
                _ => out.push((table, vec![column])),
            }
        }
        // In byte order whatever the database's collation.
        out.sort();
        for (_, columns) in &mut out {
            columns.sort();
        }
        Ok(out)
    }
}
