//! The device's document store in IndexedDB: each document as a snapshot plus incremental
//! chunks, as on the server. Every write runs in a transaction with **strict durability**
//! and returns only once IndexedDB reports it complete, so the app says "saved" only for
//! what is on disk: closing the tab, killing the browser or losing power right after
//! "saved" loses nothing. (Chromium's default, relaxed durability may lose the last
//! moments on power loss. Neither the IndexedDB crates nor web-sys's stable bindings can ask
//! for strict durability, so the transaction is opened through the JavaScript API itself.)
//!
//! Chunks are keyed `[document id, sequence]`; a document loads by concatenating its chunks
//! in order (Automerge loads a snapshot followed by incremental changes). Compaction
//! replaces a document's chunks with one snapshot in a single transaction, so a crash
//! mid-way leaves either the old chunks or the new snapshot, never neither.

pub(crate) mod idb;
mod photos;

pub use idb::StoreError;
pub(crate) use idb::{committed, js_err, request};
pub use photos::{PhotoBytes, Waiting};

use futures_util::future::{join, join4};
use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsValue;
use web_sys::{IdbDatabase, IdbKeyRange, IdbObjectStore, IdbTransaction};

const CHUNKS: &str = "chunks";
/// Per document: how many local edits the server has not confirmed yet.
const PENDING: &str = "pending";
/// Per document: its decoded records (JSON) and the heads they were decoded at, so the app
/// opens without replaying every document first.
const VIEWS: &str = "views";
/// 4 added the photo stores (`photos.rs`).
const VERSION: u32 = 4;

fn key(doc: &str, seq: f64) -> JsValue {
    Array::of2(&JsValue::from_str(doc), &JsValue::from_f64(seq)).into()
}

fn range(doc: &str) -> Result<IdbKeyRange, StoreError> {
    IdbKeyRange::bound(&key(doc, 0.0), &key(doc, f64::MAX)).map_err(js_err)
}

/// The sequence number of a chunk key, if it is one.
fn seq_of(key: &JsValue) -> Option<f64> {
    Array::from(key).get(1).as_f64()
}

/// One document as [`LocalStore::load_all`] finds it.
#[derive(Debug, Clone)]
pub struct StoredDoc {
    /// The document id.
    pub id: String,
    /// Its chunks, concatenated (Automerge loads them as one).
    pub bytes: Vec<u8>,
    /// How many chunks it is stored in (compaction is due past a threshold).
    pub chunks: u32,
    /// Local edits the server has not confirmed.
    pub pending: u32,
}

/// Documents on this device.
#[derive(Debug)]
pub struct LocalStore {
    db: IdbDatabase,
}

impl LocalStore {
    /// Opens (creating if needed) the store named `name`.
    pub async fn open(name: &str) -> Result<Self, StoreError> {
        let db = idb::open(
            name,
            VERSION,
            &[CHUNKS, PENDING, VIEWS, photos::PHOTOS, photos::UPLOADS],
        )
        .await?;
        Ok(Self { db })
    }

    /// A transaction on the chunks, `readonly` or `readwrite`, with strict durability.
    fn transaction(&self, mode: &str) -> Result<(IdbTransaction, IdbObjectStore), StoreError> {
        let tx = self.transaction_on(&[CHUNKS], mode)?;
        let store = tx.object_store(CHUNKS).map_err(js_err)?;
        Ok((tx, store))
    }

    /// A transaction over `stores`; read-write ones ask for strict durability.
    fn transaction_on(&self, stores: &[&str], mode: &str) -> Result<IdbTransaction, StoreError> {
        idb::transaction(&self.db, stores, mode)
    }

    async fn next_seq(store: &IdbObjectStore, doc: &str) -> Result<(f64, Array), StoreError> {
        let keys: Array = request(
            &store
                .get_all_keys_with_key(&range(doc)?.into())
                .map_err(js_err)?,
        )
        .await?
        .into();
        let next = keys.iter().filter_map(|k| seq_of(&k)).fold(0.0, f64::max) + 1.0;
        Ok((next, keys))
    }

    /// Adds a chunk of changes to `doc`, durably committed before this returns.
    pub async fn append(&self, doc: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let (tx, store) = self.transaction("readwrite")?;
        let (next, _) = Self::next_seq(&store, doc).await?;
        store
            .put_with_key(&Uint8Array::from(bytes), &key(doc, next))
            .map_err(js_err)?;
        committed(&tx).await
    }

    /// The whole document, or `None` if this device has none of it.
    pub async fn load(&self, doc: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let (_tx, store) = self.transaction("readonly")?;
        let values: Array = request(
            &store
                .get_all_with_key(&range(doc)?.into())
                .map_err(js_err)?,
        )
        .await?
        .into();
        if values.length() == 0 {
            return Ok(None);
        }
        let mut out = Vec::new();
        for v in values.iter() {
            out.extend(Uint8Array::new(&v).to_vec());
        }
        Ok(Some(out))
    }

    /// How many chunks `doc` has.
    pub async fn chunk_count(&self, doc: &str) -> Result<u32, StoreError> {
        let (_tx, store) = self.transaction("readonly")?;
        let n = request(&store.count_with_key(&range(doc)?.into()).map_err(js_err)?).await?;
        Ok(n.as_f64().unwrap_or(0.0) as u32)
    }

    /// Replaces every chunk of `doc` with `snapshot` (which must hold them all), atomically
    /// and durably.
    pub async fn compact(&self, doc: &str, snapshot: &[u8]) -> Result<(), StoreError> {
        let (tx, store) = self.transaction("readwrite")?;
        let (next, _) = Self::next_seq(&store, doc).await?;
        store.delete(&range(doc)?.into()).map_err(js_err)?;
        store
            .put_with_key(&Uint8Array::from(snapshot), &key(doc, next))
            .map_err(js_err)?;
        committed(&tx).await
    }

    /// Appends a local edit's bytes and records the document's count of unconfirmed edits,
    /// its decoded view and the photos it refers to, in one transaction: the edit, its
    /// "waiting" mark, what the screens show of it and its photos' bytes are on disk
    /// together, or none of them.
    pub async fn append_local(
        &self,
        doc: &str,
        bytes: &[u8],
        pending: u32,
        view: Option<&str>,
        photos: &[PhotoBytes],
    ) -> Result<(), StoreError> {
        let tx = self.transaction_on(
            &[CHUNKS, PENDING, VIEWS, photos::PHOTOS, photos::UPLOADS],
            "readwrite",
        )?;
        photos::put_photos(&tx, photos)?;
        if let Some(json) = view {
            tx.object_store(VIEWS)
                .map_err(js_err)?
                .put_with_key(&JsValue::from_str(json), &JsValue::from_str(doc))
                .map_err(js_err)?;
        }
        let chunks = tx.object_store(CHUNKS).map_err(js_err)?;
        let (next, _) = Self::next_seq(&chunks, doc).await?;
        chunks
            .put_with_key(&Uint8Array::from(bytes), &key(doc, next))
            .map_err(js_err)?;
        tx.object_store(PENDING)
            .map_err(js_err)?
            .put_with_key(&JsValue::from(pending), &JsValue::from_str(doc))
            .map_err(js_err)?;
        committed(&tx).await
    }

    /// Appends chunks of several documents in one transaction (what a sync brought in or an
    /// edit made), with the documents' decoded views.
    pub async fn append_many(
        &self,
        chunks: &[(String, Vec<u8>)],
        views: &[(String, String)],
    ) -> Result<(), StoreError> {
        let tx = self.transaction_on(&[CHUNKS, VIEWS], "readwrite")?;
        let store = tx.object_store(CHUNKS).map_err(js_err)?;
        let view_store = tx.object_store(VIEWS).map_err(js_err)?;
        for (doc, json) in views {
            view_store
                .put_with_key(&JsValue::from_str(json), &JsValue::from_str(doc))
                .map_err(js_err)?;
        }
        let mut next: std::collections::BTreeMap<&str, f64> = std::collections::BTreeMap::new();
        for (doc, bytes) in chunks {
            let seq = match next.get(doc.as_str()) {
                Some(seq) => *seq,
                None => Self::next_seq(&store, doc).await?.0,
            };
            store
                .put_with_key(&Uint8Array::from(bytes.as_slice()), &key(doc, seq))
                .map_err(js_err)?;
            next.insert(doc, seq + 1.0);
        }
        committed(&tx).await
    }

    /// Stores decoded views (a cache: relaxed durability, rebuilt from the documents if lost).
    pub async fn put_views(&self, views: &[(String, String)]) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction_with_str_and_mode(VIEWS, web_sys::IdbTransactionMode::Readwrite)
            .map_err(js_err)?;
        let store = tx.object_store(VIEWS).map_err(js_err)?;
        for (doc, json) in views {
            store
                .put_with_key(&JsValue::from_str(json), &JsValue::from_str(doc))
                .map_err(js_err)?;
        }
        committed(&tx).await
    }

    /// Every stored view, by document id.
    pub async fn load_views(&self) -> Result<Vec<(String, String)>, StoreError> {
        let tx = self.transaction_on(&[VIEWS], "readonly")?;
        let store = tx.object_store(VIEWS).map_err(js_err)?;
        // Both requests at once: the database answers them in one go.
        let (keys, values) = join(
            request(&store.get_all_keys().map_err(js_err)?),
            request(&store.get_all().map_err(js_err)?),
        )
        .await;
        let (keys, values): (Array, Array) = (keys?.into(), values?.into());
        Ok(keys
            .iter()
            .zip(values.iter())
            .filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?)))
            .collect())
    }

    /// Removes everything of `doc` from the device: its chunks, its waiting mark and its
    /// cached view, in one transaction.
    pub async fn delete_document(&self, doc: &str) -> Result<(), StoreError> {
        let tx = self.transaction_on(&[CHUNKS, PENDING, VIEWS], "readwrite")?;
        tx.object_store(CHUNKS)
            .map_err(js_err)?
            .delete(&range(doc)?.into())
            .map_err(js_err)?;
        for name in [PENDING, VIEWS] {
            tx.object_store(name)
                .map_err(js_err)?
                .delete(&JsValue::from_str(doc))
                .map_err(js_err)?;
        }
        committed(&tx).await
    }

    /// Records that `doc` has `pending` edits the server has not confirmed.
    pub async fn set_pending(&self, doc: &str, pending: u32) -> Result<(), StoreError> {
        let tx = self.transaction_on(&[PENDING], "readwrite")?;
        let store = tx.object_store(PENDING).map_err(js_err)?;
        if pending == 0 {
            store.delete(&JsValue::from_str(doc)).map_err(js_err)?;
        } else {
            store
                .put_with_key(&JsValue::from(pending), &JsValue::from_str(doc))
                .map_err(js_err)?;
        }
        committed(&tx).await
    }

    /// Every document on the device, with its chunk count and unconfirmed edits, read in
    /// one transaction (opening the app with hundreds of documents takes two requests).
    pub async fn load_all(&self) -> Result<Vec<StoredDoc>, StoreError> {
        let tx = self.transaction_on(&[CHUNKS, PENDING], "readonly")?;
        let chunks = tx.object_store(CHUNKS).map_err(js_err)?;
        let pending_store = tx.object_store(PENDING).map_err(js_err)?;
        // Every request at once: the database answers them in one go.
        let (keys, values, pending_keys, pending_values) = join4(
            request(&chunks.get_all_keys().map_err(js_err)?),
            request(&chunks.get_all().map_err(js_err)?),
            request(&pending_store.get_all_keys().map_err(js_err)?),
            request(&pending_store.get_all().map_err(js_err)?),
        )
        .await;
        let (keys, values): (Array, Array) = (keys?.into(), values?.into());
        let (pending_keys, pending_values): (Array, Array) =
            (pending_keys?.into(), pending_values?.into());
        let mut out: Vec<StoredDoc> = Vec::new();
        for (k, v) in keys.iter().zip(values.iter()) {
            let Some(doc) = Array::from(&k).get(0).as_string() else {
                continue;
            };
            let bytes = Uint8Array::new(&v).to_vec();
            match out.last_mut() {
                Some(last) if last.id == doc => {
                    last.bytes.extend(bytes);
                    last.chunks += 1;
                }
                _ => out.push(StoredDoc {
                    id: doc,
                    bytes,
                    chunks: 1,
                    pending: 0,
                }),
            }
        }
        for (k, v) in pending_keys.iter().zip(pending_values.iter()) {
            if let (Some(doc), Some(n)) = (k.as_string(), v.as_f64())
                && let Some(stored) = out.iter_mut().find(|d| d.id == doc)
            {
                stored.pending = n as u32;
            }
        }
        Ok(out)
    }

    /// The durability the browser gives this store's writes (`strict` where supported):
    /// for diagnostics and tests.
    pub fn write_durability(&self) -> Result<String, StoreError> {
        let (tx, _) = self.transaction("readwrite")?;
        let durability = js_sys::Reflect::get(&tx, &"durability".into()).map_err(js_err)?;
        tx.abort().map_err(js_err)?;
        Ok(durability.as_string().unwrap_or_default())
    }

    /// Closes the store (as a reload or a closed tab would).
    pub fn close(self) {
        self.db.close();
    }

    /// Closes the store while others still hold it (before deleting it): every later
    /// call fails.
    pub fn shut(&self) {
        self.db.close();
    }

    /// Deletes the store named `name` and everything in it.
    pub async fn delete(name: &str) -> Result<(), StoreError> {
        idb::delete(name).await
    }
}
