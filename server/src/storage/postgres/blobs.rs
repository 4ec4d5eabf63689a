//! Photo bytes in PostgreSQL (`blobs` table), so that servers sharing one database but no
//! disk all reach every photo. The [`BlobStore`] trait is called on tokio's blocking pool;
//! each call runs its query on the runtime with `Handle::block_on`.

use deadpool_postgres::Pool;
use rounds_shared::model::is_content_hash;
use tokio::runtime::Handle;

use super::PgStore;
use crate::blobs::{BlobError, BlobStore};

/// The blobs of a [`PgStore`]'s database.
#[derive(Clone)]
pub struct PgBlobStore {
    pool: Pool,
    runtime: Handle,
}

impl std::fmt::Debug for PgBlobStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgBlobStore").finish_non_exhaustive()
    }
}

fn failed(e: impl std::fmt::Display) -> BlobError {
    BlobError::Database(e.to_string())
}

fn checked(hash: &str) -> Result<(), BlobError> {
    if is_content_hash(hash) {
        Ok(())
    } else {
        Err(BlobError::BadName(hash.to_owned()))
    }
}

impl PgStore {
    /// Its database's blob store; must be called on the tokio runtime, whose blocking pool
    /// then calls the store.
    pub fn blob_store(&self) -> PgBlobStore {
        PgBlobStore {
            pool: self.pool.clone(),
            runtime: Handle::current(),
        }
    }
}

impl PgBlobStore {
    async fn client(&self) -> Result<deadpool_postgres::Object, BlobError> {
        self.pool.get().await.map_err(failed)
    }
}

impl BlobStore for PgBlobStore {
    fn put(&self, hash: &str, bytes: &[u8]) -> Result<bool, BlobError> {
        checked(hash)?;
        self.runtime.block_on(async {
            // Committed (and flushed: synchronous_commit) before it answers.
            let inserted = self
                .client()
                .await?
                .execute(
                    "INSERT INTO blobs (hash, data, stored_at) VALUES ($1, $2, $3)
                     ON CONFLICT (hash) DO NOTHING",
                    &[&hash, &bytes, &crate::state::now_ms()],
                )
                .await
                .map_err(failed)?;
            Ok(inserted == 1)
        })
    }

    fn get(&self, hash: &str) -> Result<Option<Vec<u8>>, BlobError> {
        checked(hash)?;
        self.runtime.block_on(async {
            Ok(self
                .client()
                .await?
                .query_opt("SELECT data FROM blobs WHERE hash = $1", &[&hash])
                .await
                .map_err(failed)?
                .map(|row| row.get(0)))
        })
    }

    fn list(&self) -> Result<Vec<(String, i64)>, BlobError> {
        self.runtime.block_on(async {
            Ok(self
                .client()
                .await?
                .query("SELECT hash, stored_at FROM blobs ORDER BY hash", &[])
                .await
                .map_err(failed)?
                .into_iter()
                .map(|row| (row.get(0), row.get(1)))
                .collect())
        })
    }

    fn delete(&self, hash: &str) -> Result<(), BlobError> {
        checked(hash)?;
        self.runtime.block_on(async {
            self.client()
                .await?
                .execute("DELETE FROM blobs WHERE hash = $1", &[&hash])
                .await
                .map_err(failed)?;
            Ok(())
        })
    }
}
