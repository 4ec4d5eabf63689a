//! Photos on the device, by content hash, in two object stores: `photos` keeps every
//! photo's thumbnail for good (under the photo's hash); `uploads` keeps what the server has
//! not confirmed yet — the full size and the thumbnail, each under its own hash — so its
//! keys are what waits to go up. Both are written in the
//! same strict-durability transaction as the record that refers to them
//! ([`LocalStore::append_local`]), so a reference on this device never lacks its bytes.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsValue;
use web_sys::IdbTransaction;

use super::{LocalStore, StoreError, js_err, request};

/// Thumbnails, by hash: kept.
pub(super) const PHOTOS: &str = "photos";
/// Full-size bytes, by hash: kept until the server confirms them.
pub(super) const UPLOADS: &str = "uploads";

/// What waits for the server, by hash.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Waiting {
    /// Thumbnails (small: sent first).
    pub thumbs: Vec<String>,
    /// Full-size photos (what the status bar counts).
    pub photos: Vec<String>,
}

impl Waiting {
    /// Every hash, thumbnails first.
    pub fn all(&self) -> impl Iterator<Item = &String> {
        self.thumbs.iter().chain(&self.photos)
    }
}

/// A photo's bytes as the device stores them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoBytes {
    /// SHA-256 of `full`, lowercase hex: its name everywhere.
    pub hash: String,
    /// The resized photo, as it is uploaded.
    pub full: Vec<u8>,
    /// SHA-256 of `thumb`: its name on the server.
    pub thumb_hash: String,
    /// A small copy for lists; stays on the device, and goes to the server for managers'
    /// lists.
    pub thumb: Vec<u8>,
}

/// Puts `photos` into transaction `tx` (which must cover [`PHOTOS`] and [`UPLOADS`]).
pub(super) fn put_photos(tx: &IdbTransaction, photos: &[PhotoBytes]) -> Result<(), StoreError> {
    if photos.is_empty() {
        return Ok(());
    }
    let thumbs = tx.object_store(PHOTOS).map_err(js_err)?;
    let uploads = tx.object_store(UPLOADS).map_err(js_err)?;
    for p in photos {
        let key = JsValue::from_str(&p.hash);
        thumbs
            .put_with_key(&Uint8Array::from(p.thumb.as_slice()), &key)
            .map_err(js_err)?;
        uploads
            .put_with_key(&Uint8Array::from(p.full.as_slice()), &key)
            .map_err(js_err)?;
        uploads
            .put_with_key(
                &Uint8Array::from(p.thumb.as_slice()),
                &JsValue::from_str(&p.thumb_hash),
            )
            .map_err(js_err)?;
    }
    Ok(())
}

impl LocalStore {
    async fn get_bytes(&self, store: &str, hash: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let tx = self.transaction_on(&[store], "readonly")?;
        let value = request(
            &tx.object_store(store)
                .map_err(js_err)?
                .get(&JsValue::from_str(hash))
                .map_err(js_err)?,
        )
        .await?;
        Ok((!value.is_undefined() && !value.is_null()).then(|| Uint8Array::new(&value).to_vec()))
    }

    /// A photo's thumbnail, if this device has it.
    pub async fn thumbnail(&self, hash: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.get_bytes(PHOTOS, hash).await
    }

    /// The bytes named `hash` (a photo or a thumbnail) while they wait for the server.
    pub async fn waiting_bytes(&self, hash: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.get_bytes(UPLOADS, hash).await
    }

    /// What the server has not confirmed yet: thumbnails, then photos.
    pub async fn waiting_photos(&self) -> Result<Waiting, StoreError> {
        let tx = self.transaction_on(&[UPLOADS, PHOTOS], "readonly")?;
        let keys = |store: &str| -> Result<web_sys::IdbRequest, StoreError> {
            tx.object_store(store)
                .map_err(js_err)?
                .get_all_keys()
                .map_err(js_err)
        };
        let (uploads, thumbnails) = (keys(UPLOADS)?, keys(PHOTOS)?);
        // Both requests at once: the database answers them in one go.
        let (waiting, photos) =
            futures_util::future::join(request(&uploads), request(&thumbnails)).await;
        let strings = |a: JsValue| -> std::collections::BTreeSet<String> {
            Array::from(&a)
                .iter()
                .filter_map(|k| k.as_string())
                .collect()
        };
        let (waiting, photos) = (strings(waiting?), strings(photos?));
        let (photos, thumbs): (Vec<String>, Vec<String>) =
            waiting.into_iter().partition(|h| photos.contains(h));
        Ok(Waiting { thumbs, photos })
    }

    /// The server has the bytes named `hash`: they leave the upload queue (a photo's full
    /// size leaves the device; its thumbnail stays in `photos`).
    pub async fn photo_uploaded(&self, hash: &str) -> Result<(), StoreError> {
        let tx = self.transaction_on(&[UPLOADS], "readwrite")?;
        tx.object_store(UPLOADS)
            .map_err(js_err)?
            .delete(&JsValue::from_str(hash))
            .map_err(js_err)?;
        super::committed(&tx).await
    }
}
