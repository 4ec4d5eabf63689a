//! Photos on the device, by content hash, in two object stores: `photos` keeps every
//! photo's thumbnail for good; `uploads` keeps the full-size bytes only until the server
//! has confirmed them (so its keys are the photos waiting to go up). Both are written in the
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

/// A photo's bytes as the device stores them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoBytes {
    /// SHA-256 of `full`, lowercase hex: its name everywhere.
    pub hash: String,
    /// The resized photo, as it is uploaded.
    pub full: Vec<u8>,
    /// A small copy for lists; stays on the device.
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

    /// A photo's full-size bytes, while they wait for the server.
    pub async fn full_photo(&self, hash: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.get_bytes(UPLOADS, hash).await
    }

    /// The photos whose full size the server has not confirmed yet.
    pub async fn waiting_photos(&self) -> Result<Vec<String>, StoreError> {
        let tx = self.transaction_on(&[UPLOADS], "readonly")?;
        let keys: Array = request(
            &tx.object_store(UPLOADS)
                .map_err(js_err)?
                .get_all_keys()
                .map_err(js_err)?,
        )
        .await?
        .into();
        Ok(keys.iter().filter_map(|k| k.as_string()).collect())
    }

    /// The server has the photo: its full size leaves the device (the thumbnail stays).
    pub async fn photo_uploaded(&self, hash: &str) -> Result<(), StoreError> {
        let tx = self.transaction_on(&[UPLOADS], "readwrite")?;
        tx.object_store(UPLOADS)
            .map_err(js_err)?
            .delete(&JsValue::from_str(hash))
            .map_err(js_err)?;
        super::committed(&tx).await
    }
}
