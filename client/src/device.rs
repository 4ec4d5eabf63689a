//! The device credential: what lets this phone resume its session after the browser lost
//! its cookie (killed before it wrote its cookies to disk, say).
//!
//! The login's answer, with its `device_key`, is kept in its own small IndexedDB database
//! in a transaction with **strict durability**, awaited before the app says it is signed
//! in: what a killed browser loses is the cookie and `localStorage`, not this. The key
//! only resumes that one session (`POST /api/v1/session/resume`), and dies with it.

use rounds_shared::api::SessionInfo;
use wasm_bindgen::JsValue;

use crate::store::{StoreError, committed, idb, request};

const DATABASE: &str = "rounds-device";
const STORE: &str = "sign-in";
const KEY: &str = "current";

async fn open() -> Result<web_sys::IdbDatabase, StoreError> {
    idb::open(DATABASE, 1, &[STORE]).await
}

/// Keeps the login's answer (with its device key), durably, replacing any earlier one.
pub async fn keep(info: &SessionInfo) -> Result<(), StoreError> {
    let text = serde_json::to_string(info).map_err(|e| StoreError::new(e.to_string()))?;
    let db = open().await?;
    let tx = idb::transaction(&db, &[STORE], "readwrite")?;
    let store = tx.object_store(STORE).map_err(crate::store::js_err)?;
    store
        .put_with_key(&JsValue::from_str(&text), &JsValue::from_str(KEY))
        .map_err(crate::store::js_err)?;
    let done = committed(&tx).await;
    db.close();
    done
}

/// The login's answer kept on this device, if any.
pub async fn kept() -> Result<Option<SessionInfo>, StoreError> {
    let db = open().await?;
    let tx = idb::transaction(&db, &[STORE], "readonly")?;
    let store = tx.object_store(STORE).map_err(crate::store::js_err)?;
    let value = request(
        &store
            .get(&JsValue::from_str(KEY))
            .map_err(crate::store::js_err)?,
    )
    .await;
    db.close();
    Ok(value?
        .as_string()
        .and_then(|text| serde_json::from_str(&text).ok()))
}

/// Forgets the credential (signing out).
pub async fn forget() -> Result<(), StoreError> {
    idb::delete(DATABASE).await
}
