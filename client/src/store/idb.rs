//! The IndexedDB calls every store on the device needs: opening a database (creating its
//! object stores), transactions that ask for **strict durability**, and waiting for
//! requests and commits. (Neither the IndexedDB crates nor web-sys's stable bindings can ask
//! for strict durability, so transactions are opened through the JavaScript API itself.)

use js_sys::{Array, Function, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbFactory, IdbOpenDbRequest, IdbRequest, IdbTransaction};

/// An IndexedDB failure.
#[derive(Debug, thiserror::Error)]
#[error("the device's store failed: {0}")]
pub struct StoreError(pub(crate) String);

/// The name browsers give a write refused for lack of space.
const QUOTA: &str = "QuotaExceededError";

impl StoreError {
    /// An error with this explanation.
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }

    /// Whether the device's storage was full: nothing of the write was kept, and what was
    /// saved before is untouched.
    pub fn is_full(&self) -> bool {
        self.0.contains(QUOTA)
    }
}

/// Why transaction `tx` ended without committing: its error's name and message.
fn failure(tx: &IdbTransaction, fallback: &str) -> String {
    match tx.error() {
        Some(e) => format!("{}: {}", e.name(), e.message()),
        None => fallback.to_owned(),
    }
}

pub(crate) fn js_err(e: JsValue) -> StoreError {
    StoreError(e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

/// Waits for a request's result.
pub(crate) async fn request(req: &IdbRequest) -> Result<JsValue, StoreError> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let ok_req = req.clone();
        let on_success = Closure::once_into_js(move || {
            let _ = resolve.call1(
                &JsValue::NULL,
                &ok_req.result().unwrap_or(JsValue::UNDEFINED),
            );
        });
        let err_req = req.clone();
        let on_error = Closure::once_into_js(move || {
            let message = err_req
                .error()
                .ok()
                .flatten()
                .map_or("request failed".into(), |e| e.message());
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&message));
        });
        req.set_onsuccess(Some(on_success.unchecked_ref()));
        req.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await.map_err(js_err)
}

/// Waits until a transaction is committed (or says why it was not).
pub(crate) async fn committed(tx: &IdbTransaction) -> Result<(), StoreError> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let on_complete = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let failed = reject.clone();
        let (err_tx, abort_tx) = (tx.clone(), tx.clone());
        let on_error = Closure::once_into_js(move || {
            let why = failure(&err_tx, "transaction failed");
            let _ = failed.call1(&JsValue::NULL, &JsValue::from_str(&why));
        });
        let on_abort = Closure::once_into_js(move || {
            let why = failure(&abort_tx, "transaction aborted");
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&why));
        });
        tx.set_oncomplete(Some(on_complete.unchecked_ref()));
        tx.set_onerror(Some(on_error.unchecked_ref()));
        tx.set_onabort(Some(on_abort.unchecked_ref()));
    });
    JsFuture::from(promise).await.map(|_| ()).map_err(js_err)
}

fn factory() -> Result<IdbFactory, StoreError> {
    web_sys::window()
        .ok_or_else(|| StoreError("no window".into()))?
        .indexed_db()
        .map_err(js_err)?
        .ok_or_else(|| StoreError("this browser has no IndexedDB".into()))
}

/// Opens (creating if needed) database `name` at `version`, with these object stores.
pub(crate) async fn open(
    name: &str,
    version: u32,
    stores: &'static [&'static str],
) -> Result<IdbDatabase, StoreError> {
    let open: IdbOpenDbRequest = factory()?.open_with_u32(name, version).map_err(js_err)?;
    let upgrading = open.clone();
    let on_upgrade = Closure::once_into_js(move || {
        if let Ok(db) = upgrading.result().and_then(|r| r.dyn_into::<IdbDatabase>()) {
            for name in stores {
                if !db.object_store_names().contains(name) {
                    let _ = db.create_object_store(name);
                }
            }
        }
    });
    open.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    request(&open)
        .await?
        .dyn_into::<IdbDatabase>()
        .map_err(js_err)
}

/// A transaction over `stores` of `db`, `readonly` or `readwrite`, asking for strict
/// durability (which read-only ones ignore).
pub(crate) fn transaction(
    db: &IdbDatabase,
    stores: &[&str],
    mode: &str,
) -> Result<IdbTransaction, StoreError> {
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"durability".into(), &"strict".into()).map_err(js_err)?;
    let open: Function = js_sys::Reflect::get(db, &"transaction".into())
        .map_err(js_err)?
        .dyn_into()
        .map_err(js_err)?;
    let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
    open.call3(db, &names, &JsValue::from_str(mode), &options)
        .map_err(js_err)?
        .dyn_into()
        .map_err(js_err)
}

/// Deletes database `name` and everything in it.
pub(crate) async fn delete(name: &str) -> Result<(), StoreError> {
    let req: IdbRequest = factory()?.delete_database(name).map_err(js_err)?.into();
    request(&req).await.map(|_| ())
}
