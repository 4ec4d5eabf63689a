//! Accounts that leave the user's index (handed over to another rep, a team change): this
//! device keeps such an account only until what it wrote there has reached the server (a
//! visit logged offline before the hand-over is delivered, see the README, "Who may write
//! what"), then removes it: its chunks, its waiting mark, its cached view and what the
//! screens show. The list of leaving accounts outlives a reload (localStorage).

use std::collections::BTreeSet;

use rounds_shared::ids::{AccountId, UserId};
use rounds_shared::sync::DocumentId;
use wasm_bindgen_futures::spawn_local;

use super::Repo;

fn key(me: UserId) -> String {
    format!("rounds.leaving.{me}")
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The accounts found leaving before the last reload.
pub(super) fn load_leaving(me: UserId) -> BTreeSet<DocumentId> {
    local_storage()
        .and_then(|s| s.get_item(&key(me)).ok().flatten())
        .and_then(|json| serde_json::from_str::<Vec<DocumentId>>(&json).ok())
        .map(|ids| ids.into_iter().collect())
        .unwrap_or_default()
}

fn save_leaving(me: UserId, leaving: &BTreeSet<DocumentId>) {
    if let (Some(s), Ok(json)) = (local_storage(), serde_json::to_string(leaving)) {
        let _ = s.set_item(&key(me), &json);
    }
}

impl Repo {
    /// The index changed: accounts listed `before` and not now are leaving this device.
    pub(super) fn note_unlisted(&self, before: &[AccountId]) {
        {
            let mut inner = self.inner.borrow_mut();
            let gone: Vec<DocumentId> = before
                .iter()
                .filter(|a| !inner.data.listed.contains_key(a))
                .map(|a| DocumentId::from(*a))
                .collect();
            if gone.is_empty() {
                return;
            }
            leptos::logging::log!("sync: {} accounts left the index", gone.len());
            inner.leaving.extend(gone);
            save_leaving(inner.me, &inner.leaving);
        }
        self.drop_leaving();
    }

    /// The server will not take what this device holds for some leaving accounts (they
    /// are unavailable to it, or a change was refused): remove them now.
    pub(super) fn refused_leaving(&self, matches: impl Fn(DocumentId) -> bool) {
        let refused: Vec<DocumentId> = {
            let inner = self.inner.borrow();
            inner
                .leaving
                .iter()
                .copied()
                .filter(|d| matches(*d))
                .collect()
        };
        for id in refused {
            leptos::logging::warn!(
                "account {id} left this device with changes the server did not take"
            );
            self.remove_document(id);
        }
    }

    /// Removes the leaving accounts that have nothing waiting for the server.
    pub(super) fn drop_leaving(&self) {
        let done: Vec<DocumentId> = {
            let inner = self.inner.borrow();
            inner
                .leaving
                .iter()
                .copied()
                .filter(|id| !inner.pending.contains_key(id))
                .collect()
        };
        for id in done {
            leptos::logging::log!("sync: account {id} left this device");
            self.remove_document(id);
        }
    }

    fn remove_document(&self, id: DocumentId) {
        {
            let mut inner = self.inner.borrow_mut();
            inner.sync.remove(id);
            inner.unloaded.remove(&id);
            inner.stored.remove(&id);
            inner.chunks.remove(&id);
            inner.pending.remove(&id);
            inner.raw_views.remove(&id);
            inner.view_heads.remove(&id);
            inner.dirty_views.remove(&id);
            inner.incoming.retain(|(d, _)| *d != id);
            inner
                .data
                .remove_account(AccountId::from_uuid(id.as_uuid()));
            inner.leaving.remove(&id);
            save_leaving(inner.me, &inner.leaving);
        }
        let store = self.store.clone();
        spawn_local(async move {
            if let Err(e) = store.delete_document(&id.to_string()).await {
                leptos::logging::warn!("removing {id} from the device failed: {e}");
            }
        });
        self.bump();
    }
}
