//! Documents in PostgreSQL, written by several servers at once: each chunk gets its
//! sequence number from one database sequence and is unique per document by its SHA-256,
//! so the same change persisted twice (a retry, or two servers that both received it) is
//! stored once; compaction deletes only the chunks its snapshot was made from, so a chunk
//! another server appended meanwhile stays. (Automerge loads chunks in any order and
//! ignores changes it already has.)

use rounds_shared::sync::DocumentId;
use rounds_shared::time::Timestamp;
use sha2::{Digest, Sha256};

use super::{PgStore, pool_error};
use crate::storage::{DocKind, StoreError, StoredDoc};

/// A document as loaded, with how far the load saw.
#[derive(Debug, Clone)]
pub struct LoadedDoc {
    /// Its kind and chunks, oldest first.
    pub doc: StoredDoc,
    /// The sequence number of the last chunk read: a snapshot made from this load covers
    /// the chunks up to it ([`PgStore::compact_document`]).
    pub covers: i64,
}

impl PgStore {
    /// Registers document `id` of `kind`; nothing happens if it is registered already (two
    /// servers may both see it first).
    pub async fn create_document(
        &self,
        id: DocumentId,
        kind: DocKind,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let (kind, ref_id) = kind.columns();
        let client = self.pool.get().await.map_err(pool_error)?;
        client
            .execute(
                "INSERT INTO documents (doc_id, kind, ref_id, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (doc_id) DO NOTHING",
                &[&id.to_string(), &kind, &ref_id, &now.0],
            )
            .await?;
        Ok(())
    }

    /// Adds a chunk of changes to `id`, committed before this returns; false when the
    /// same bytes were stored already.
    pub async fn append_chunk(
        &self,
        id: DocumentId,
        data: &[u8],
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let hash = Sha256::digest(data).to_vec();
        let client = self.pool.get().await.map_err(pool_error)?;
        let stored = client
            .execute(
                "INSERT INTO doc_chunks (doc_id, kind, data, hash, received_at)
                 VALUES ($1, 'incremental', $2, $3, $4) ON CONFLICT (doc_id, hash) DO NOTHING",
                &[&id.to_string(), &data, &hash, &now.0],
            )
            .await?;
        Ok(stored == 1)
    }

    /// The document `id` with every chunk stored, or `None` if it is not registered.
    pub async fn load_document(&self, id: DocumentId) -> Result<Option<LoadedDoc>, StoreError> {
        let client = self.pool.get().await.map_err(pool_error)?;
        let Some(row) = client
            .query_opt(
                "SELECT kind, ref_id FROM documents WHERE doc_id = $1",
                &[&id.to_string()],
            )
            .await?
        else {
            return Ok(None);
        };
        let kind = DocKind::from_columns(row.get(0), row.get(1))?;
        let rows = client
            .query(
                "SELECT seq, kind, data FROM doc_chunks WHERE doc_id = $1 ORDER BY seq",
                &[&id.to_string()],
            )
            .await?;
        let mut doc = StoredDoc {
            kind,
            chunks: Vec::with_capacity(rows.len()),
            incremental: 0,
        };
        let mut covers = 0;
        for row in rows {
            covers = row.get::<_, i64>(0);
            if row.get::<_, &str>(1) == "incremental" {
                doc.incremental += 1;
            }
            doc.chunks.push(row.get(2));
        }
        Ok(Some(LoadedDoc { doc, covers }))
    }

    /// Replaces the chunks of `id` up to `covers` with `snapshot` (which must hold them
    /// all), in one transaction; chunks appended after the load the snapshot came from stay.
    pub async fn compact_document(
        &self,
        id: DocumentId,
        snapshot: &[u8],
        covers: i64,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let hash = Sha256::digest(snapshot).to_vec();
        let mut client = self.pool.get().await.map_err(pool_error)?;
        let tx = client.transaction().await?;
        tx.execute(
            "INSERT INTO doc_chunks (doc_id, kind, data, hash, received_at)
             VALUES ($1, 'snapshot', $2, $3, $4) ON CONFLICT (doc_id, hash) DO NOTHING",
            &[&id.to_string(), &snapshot, &hash, &now.0],
        )
        .await?;
        tx.execute(
            "DELETE FROM doc_chunks WHERE doc_id = $1 AND seq <= $2 AND hash IS DISTINCT FROM $3",
            &[&id.to_string(), &covers, &hash],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
