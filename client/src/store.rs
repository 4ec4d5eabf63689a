//! The device's document store in IndexedDB: each document as a snapshot plus incremental
//! chunks, as on the server. [`LocalStore::append`] returns only once IndexedDB has
//! committed the transaction, so the app says "saved" only for what is on the device.
//!
//! Chunks are keyed `[document id, sequence]`; a document loads by concatenating its chunks
//! in order (Automerge loads a snapshot followed by incremental changes). Compaction
//! replaces a document's chunks with one snapshot in a single transaction, so a crash
//! mid-way leaves either the old chunks or the new snapshot, never neither.

use js_sys::{Array, Uint8Array};
use rexie::{KeyRange, ObjectStore, Rexie, TransactionMode};
use wasm_bindgen::JsValue;

const CHUNKS: &str = "chunks";

/// An IndexedDB failure.
#[derive(Debug, thiserror::Error)]
#[error("the device's store failed: {0}")]
pub struct StoreError(String);

impl From<rexie::Error> for StoreError {
    fn from(e: rexie::Error) -> Self {
        Self(e.to_string())
    }
}

/// Documents on this device.
#[derive(Debug)]
pub struct LocalStore {
    db: Rexie,
}

fn key(doc: &str, seq: f64) -> JsValue {
    Array::of2(&JsValue::from_str(doc), &JsValue::from_f64(seq)).into()
}

fn range(doc: &str) -> Result<KeyRange, StoreError> {
    KeyRange::bound(
        &key(doc, 0.0),
        &key(doc, f64::MAX),
        Some(false),
        Some(false),
    )
    .map_err(|e| StoreError(format!("{e:?}")))
}

/// The sequence number of a chunk key, if it is one.
fn seq_of(key: &JsValue) -> Option<f64> {
    Array::from(key).get(1).as_f64()
}

impl LocalStore {
    /// Opens (creating if needed) the store named `name`.
    pub async fn open(name: &str) -> Result<Self, StoreError> {
        let db = Rexie::builder(name)
            .version(1)
            .add_object_store(ObjectStore::new(CHUNKS))
            .build()
            .await?;
        Ok(Self { db })
    }

    /// Adds a chunk of changes to `doc`, committed before this returns.
    pub async fn append(&self, doc: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[CHUNKS], TransactionMode::ReadWrite)?;
        let chunks = tx.store(CHUNKS)?;
        let keys = chunks.get_all_keys(Some(range(doc)?), None).await?;
        let next = keys.iter().filter_map(seq_of).fold(0.0, f64::max) + 1.0;
        chunks
            .put(&Uint8Array::from(bytes).into(), Some(&key(doc, next)))
            .await?;
        tx.done().await?;
        Ok(())
    }

    /// The whole document, or `None` if this device has none of it.
    pub async fn load(&self, doc: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let tx = self.db.transaction(&[CHUNKS], TransactionMode::ReadOnly)?;
        let values = tx.store(CHUNKS)?.get_all(Some(range(doc)?), None).await?;
        tx.done().await?;
        if values.is_empty() {
            return Ok(None);
        }
        let mut out = Vec::new();
        for v in values {
            out.extend(Uint8Array::new(&v).to_vec());
        }
        Ok(Some(out))
    }

    /// How many chunks `doc` has.
    pub async fn chunk_count(&self, doc: &str) -> Result<u32, StoreError> {
        let tx = self.db.transaction(&[CHUNKS], TransactionMode::ReadOnly)?;
        let n = tx.store(CHUNKS)?.count(Some(range(doc)?)).await?;
        tx.done().await?;
        Ok(n)
    }

    /// Replaces every chunk of `doc` with `snapshot` (which must hold them all), atomically.
    pub async fn compact(&self, doc: &str, snapshot: &[u8]) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[CHUNKS], TransactionMode::ReadWrite)?;
        let chunks = tx.store(CHUNKS)?;
        let keys = chunks.get_all_keys(Some(range(doc)?), None).await?;
        let next = keys.iter().filter_map(seq_of).fold(0.0, f64::max) + 1.0;
        for k in keys {
            chunks.delete(k).await?;
        }
        chunks
            .put(&Uint8Array::from(snapshot).into(), Some(&key(doc, next)))
            .await?;
        tx.done().await?;
        Ok(())
    }

    /// Closes the store (as a reload or a closed tab would).
    pub fn close(self) {
        self.db.close();
    }

    /// Deletes the store named `name` and everything in it.
    pub async fn delete(name: &str) -> Result<(), StoreError> {
        Rexie::delete(name).await.map_err(StoreError::from)
    }
}
