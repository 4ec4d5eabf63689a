//! Opening fast: a document whose decoded view is cached shows from the cache at once, and
//! its Automerge bytes load in the background in small slices, so the screen stays
//! responsive. A document is loaded on the spot when it is edited first. Views are written
//! back to the cache shortly after they change.

use automerge::AutoCommit;
use leptos::task::spawn_local;
use rounds_shared::doc::actor_for;
use rounds_shared::ids::{AccountId, NoticeId};
use rounds_shared::sync::DocumentId;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::data::{Role, heads_hex};
use super::{CachedView, Inner, Repo};

/// Background loading yields to the page after this much work.
const SLICE_MS: f64 = 8.0;
/// Loading the documents starts this long after the views are read.
const DOCS_AFTER_MS: i32 = 1_000;
/// Views are written this long after they change, batched.
const VIEW_DELAY_MS: i32 = 150;

/// The screen is redrawn with what background loading has added at most this often (the
/// first slice's at once): each redraw recomputes every figure on the screen, and on a slow
/// phone redrawing after every slice cost more than the loading itself.
const REDRAW_MS: f64 = 250.0;

/// Background work in slices: after each piece, [`Slices::pause`] yields to the page once
/// `SLICE_MS` of work have passed since the last pause.
struct Slices {
    slice: f64,
    /// When the screen was last redrawn (`None`: not yet).
    redrawn: Option<f64>,
}

impl Slices {
    fn start() -> Self {
        Self {
            slice: crate::ui::now_ms(),
            redrawn: None,
        }
    }

    /// Yields if this slice is used up, running `redraw` first when the screen has not been
    /// redrawn for [`REDRAW_MS`].
    async fn pause(&mut self, redraw: impl FnOnce()) {
        let now = crate::ui::now_ms();
        if now - self.slice > SLICE_MS {
            if self.redrawn.is_none_or(|at| now - at >= REDRAW_MS) {
                redraw();
                self.redrawn = Some(now);
            }
            sleep(0).await;
            self.slice = crate::ui::now_ms();
        }
    }
}

/// Waits `ms` milliseconds.
pub(super) async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w
                .set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

impl Inner {
    /// What a document is: the index, the personal document, a notice (listed as one, or
    /// holding one), or else an account.
    pub(super) fn role_of(&self, id: DocumentId) -> Role {
        let notice = NoticeId::from_uuid(id.as_uuid());
        if id == self.index {
            Role::Index
        } else if id == self.personal {
            Role::Personal
        } else if self.data.notices.contains_key(&notice)
            || self.data.listed_notices.contains_key(&notice)
        {
            Role::Notice(notice)
        } else {
            Role::Account(AccountId::from_uuid(id.as_uuid()))
        }
    }

    fn parse(&self, id: DocumentId, bytes: &[u8]) -> Option<AutoCommit> {
        match AutoCommit::load(bytes) {
            Ok(mut doc) => {
                doc.set_actor(actor_for(self.me));
                Some(doc)
            }
            Err(e) => {
                leptos::logging::warn!("document {id} could not be loaded: {e}");
                None
            }
        }
    }

    /// Loads and decodes a document that has no cached view.
    pub(super) fn load_now(&mut self, id: DocumentId, bytes: &[u8]) {
        if let Some(mut doc) = self.parse(id, bytes) {
            self.stored.insert(id, doc.get_heads());
            let _ = self.sync.insert(id, doc);
            self.redecode(id);
        }
    }

    /// Loads a document shown from its cached view; re-decodes it if the view is stale.
    /// Returns what the engine asks to send for it.
    fn load_cached(&mut self, id: DocumentId, bytes: &[u8]) -> Vec<rounds_shared::sync::Event> {
        let Some(mut doc) = self.parse(id, bytes) else {
            return Vec::new();
        };
        let heads = doc.get_heads();
        self.stored.insert(id, heads.clone());
        let fresh = self.view_heads.remove(&id).is_some_and(|v| {
            let mut now = heads_hex(&heads);
            let mut was = v;
            now.sort();
            was.sort();
            now == was
        });
        let events = self.sync.insert(id, doc);
        if !fresh {
            self.decode_soon(id);
        }
        events
    }

    /// Decodes `id` for the screens: an account new to them in the background (so a first
    /// sync of hundreds is stored at the speed of the network, not of decoding, and the
    /// screens fill in), anything already shown now.
    pub(super) fn decode_soon(&mut self, id: DocumentId) {
        match self.role_of(id) {
            Role::Account(account) if !self.data.accounts.contains_key(&account) => {
                self.undecoded.insert(id);
            }
            _ => self.redecode(id),
        }
    }

    /// Whether the device holds `id`, loaded or waiting to load.
    pub(super) fn holds(&self, id: DocumentId) -> bool {
        self.unloaded.contains_key(&id) || self.sync.documents().any(|d| d == id)
    }

    /// The cache entries (id, JSON) of `ids`' current views.
    pub(super) fn views_of(
        &self,
        ids: impl IntoIterator<Item = DocumentId>,
    ) -> Vec<(String, String)> {
        ids.into_iter()
            .filter_map(|id| {
                let heads = heads_hex(&self.stored.get(&id).cloned().unwrap_or_default());
                let content = self.data.cached(self.role_of(id))?;
                let json = serde_json::to_string(&CachedView { heads, content }).ok()?;
                Some((id.to_string(), json))
            })
            .collect()
    }

    /// Makes sure `id` is loaded before it is changed.
    pub(super) fn ensure_loaded(&mut self, id: DocumentId) {
        self.raw_views.remove(&id);
        if let Some(bytes) = self.unloaded.remove(&id) {
            // Sent with the change that follows.
            let _ = self.load_cached(id, &bytes);
        }
    }
}

impl Repo {
    /// Reads the cached views, then loads the documents, a slice at a time; the screens
    /// redraw after each slice of views.
    pub(super) fn load_in_background(&self) {
        let repo = self.clone();
        spawn_local(async move {
            let mut slices = Slices::start();
            loop {
                let next = repo.inner.borrow_mut().raw_views.pop_first();
                let Some((id, json)) = next else { break };
                if let Ok(view) = serde_json::from_str::<CachedView>(&json) {
                    let mut inner = repo.inner.borrow_mut();
                    inner.data.apply(id, view.content);
                    inner.view_heads.insert(id, view.heads);
                }
                slices.pause(|| repo.bump()).await;
            }
            repo.bump();
            crate::ui::mark("rounds:views");
            // The documents themselves are needed only to edit (loaded on the spot then) and
            // to sync: let the first screen and its data have the processor first.
            sleep(DOCS_AFTER_MS).await;
            repo.load_unloaded();
        });
    }

    /// Loads the documents not loaded yet, a slice at a time, so each joins the sync; those
    /// with no fresh view are decoded after (see `decode_in_background`).
    pub(super) fn load_unloaded(&self) {
        {
            let mut inner = self.inner.borrow_mut();
            if inner.loading || inner.unloaded.is_empty() {
                return;
            }
            inner.loading = true;
        }
        let repo = self.clone();
        spawn_local(async move {
            let mut slices = Slices::start();
            loop {
                let next = repo.inner.borrow_mut().unloaded.pop_first();
                let Some((id, bytes)) = next else { break };
                let events = repo.inner.borrow_mut().load_cached(id, &bytes);
                repo.handle(events);
                slices.pause(|| {}).await;
            }
            repo.inner.borrow_mut().loading = false;
            if !repo.inner.borrow().dirty_views.is_empty() {
                repo.bump();
            }
            crate::ui::mark("rounds:loaded");
            repo.decode_in_background();
            repo.handle(Vec::new());
        });
    }

    /// Decodes the accounts waiting for it, a slice at a time, redrawing after each slice
    /// (their views are cached once decoded).
    pub(super) fn decode_in_background(&self) {
        {
            let mut inner = self.inner.borrow_mut();
            if inner.decoding || inner.undecoded.is_empty() {
                return;
            }
            inner.decoding = true;
        }
        let repo = self.clone();
        spawn_local(async move {
            sleep(0).await;
            let mut slices = Slices::start();
            loop {
                let next = repo.inner.borrow_mut().undecoded.pop_first();
                let Some(id) = next else { break };
                repo.inner.borrow_mut().redecode(id);
                slices.pause(|| repo.bump()).await;
            }
            repo.inner.borrow_mut().decoding = false;
            repo.bump();
        });
    }

    /// Writes changed views to the cache after a short delay, in one transaction.
    pub(super) fn save_views_soon(&self) {
        {
            let mut inner = self.inner.borrow_mut();
            if inner.flushing_views || inner.dirty_views.is_empty() {
                return;
            }
            inner.flushing_views = true;
        }
        let repo = self.clone();
        spawn_local(async move {
            loop {
                sleep(VIEW_DELAY_MS).await;
                let views = {
                    let mut inner = repo.inner.borrow_mut();
                    let dirty = std::mem::take(&mut inner.dirty_views);
                    inner.views_of(dirty)
                };
                if views.is_empty() {
                    break;
                }
                if let Err(e) = repo.store.put_views(&views).await {
                    leptos::logging::warn!("caching views failed (the app opens slower): {e}");
                }
            }
            repo.inner.borrow_mut().flushing_views = false;
        });
    }
}
