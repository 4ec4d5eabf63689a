//! The device's user has been disabled: what the device holds of the organisation goes.
//! The server says so when the device tries to resume its session (`account_disabled`);
//! the documents' database, the kept sign-in, the cached dashboard answers and the list of
//! leaving accounts are deleted, and the app starts again at the sign-in screen, which
//! says why.

use crate::store::LocalStore;

use super::{Link, Repo};

/// Set in `sessionStorage` for the sign-in screen after a wipe.
pub const DISABLED_FLAG: &str = "rounds.disabled";

impl Repo {
    /// Deletes everything this device holds for its user, then reloads the app.
    pub async fn forget_everything(&self) {
        {
            let mut inner = self.inner.borrow_mut();
            inner.link = Link::SignedOut;
            inner.conn = None;
        }
        self.store.shut();
        let name = format!("rounds-{}", self.me());
        if let Err(e) = LocalStore::delete(&name).await {
            leptos::logging::warn!("the documents on this device could not be deleted: {e}");
        }
        crate::session::Session::forget().await;
        if let Some(w) = web_sys::window() {
            if let Some(local) = w.local_storage().ok().flatten() {
                let keys: Vec<String> = (0..local.length().unwrap_or(0))
                    .filter_map(|i| local.key(i).ok().flatten())
                    .filter(|k| k.starts_with("rounds.api:") || k.starts_with("rounds.leaving."))
                    .collect();
                for k in keys {
                    let _ = local.remove_item(&k);
                }
            }
            if let Some(s) = w.session_storage().ok().flatten() {
                let _ = s.set_item(DISABLED_FLAG, "1");
            }
            let _ = w.location().replace("/");
        }
    }
}
