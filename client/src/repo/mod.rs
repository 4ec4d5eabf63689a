//! The device's documents: decoded for the screens ([`Data`]), kept in IndexedDB
//! ([`LocalStore`]), and synced with the server ([`net`]) by the sans-IO engine from
//! `rounds-shared`.
//!
//! An edit changes the in-memory document, writes the new changes to IndexedDB (strict
//! durability), and only then returns: the screen says "saved" after that. The changes go
//! to the server when a connection is open; until the server confirms them they count as
//! "waiting", and that count is stored with them, so it survives a reload.

mod data;
mod leave;
mod load;
pub mod net;
mod photos;
mod snapshots;
mod wipe;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use automerge::ChangeHash;
use leptos::prelude::*;
use rounds_shared::doc::{AccountDoc, DocError, NoticeDoc, PersonalDoc, actor_for};
use rounds_shared::ids::{AccountId, NoticeId, UserId};
use rounds_shared::sync::{DocumentId, Event, PeerId, SyncClient};
use rounds_shared::time::Timestamp;

pub use data::{AccountView, Cached, CachedView, Data, Role};
pub use wipe::DISABLED_FLAG;

use crate::session::Session;
use crate::store::{LocalStore, StoreError};

/// Compact a document once it is stored in this many chunks.
const COMPACT_AFTER: u32 = 64;

/// Where the connection to the server stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// No connection (no network, or the server is unreachable): retrying.
    Offline,
    /// Connected and exchanging changes.
    Syncing,
    /// Connected, and the server has every change on this device.
    Synced,
    /// The server no longer accepts this device's session: sign in again (nothing is lost).
    SignedOut,
}

/// What the status bar shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    /// The connection.
    pub link: Link,
    /// Local edits the server has not confirmed yet.
    pub waiting: u32,
    /// When everything was last confirmed by the server.
    pub synced_at: Option<Timestamp>,
    /// Documents on the device still being loaded or decoded in the background (their
    /// screens fill in as they are).
    pub settling: usize,
    /// Photos on the device the server has not confirmed yet.
    pub photos: u32,
}

/// Why an edit was not saved.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The record's document is not on this device (yet).
    #[error("this record is not on the device yet")]
    Missing,
    /// The edit could not be written into the document.
    #[error(transparent)]
    Doc(#[from] DocError),
    /// The device's storage refused the write.
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub(crate) struct Inner {
    me: UserId,
    sync: SyncClient,
    index: DocumentId,
    personal: DocumentId,
    data: Data,
    /// Heads at the last write to IndexedDB, per document: the next write stores what is
    /// newer.
    stored: BTreeMap<DocumentId, Vec<ChangeHash>>,
    chunks: BTreeMap<DocumentId, u32>,
    pending: BTreeMap<DocumentId, u32>,
    link: Link,
    synced_at: Option<Timestamp>,
    conn: Option<net::Connection>,
    retries: u32,
    /// Changes from the server not yet in IndexedDB; written in batches.
    incoming: Vec<(DocumentId, Vec<u8>)>,
    /// A batch is being written.
    writing: bool,
    /// Documents whose bytes are not loaded yet.
    unloaded: BTreeMap<DocumentId, Vec<u8>>,
    /// Cached views not read yet (JSON).
    raw_views: BTreeMap<DocumentId, String>,
    /// The heads each cached view was decoded at.
    view_heads: BTreeMap<DocumentId, Vec<String>>,
    /// Views to write to the cache.
    dirty_views: std::collections::BTreeSet<DocumentId>,
    flushing_views: bool,
    /// Accounts no longer in the index, removed once what this device wrote to them is
    /// delivered (see leave.rs).
    leaving: std::collections::BTreeSet<DocumentId>,
    /// Accounts that arrived from the server and are not decoded for the screens yet
    /// (decoded in the background, see load.rs).
    undecoded: std::collections::BTreeSet<DocumentId>,
    decoding: bool,
    /// Documents being fetched as snapshots (snapshots.rs).
    fetching: std::collections::BTreeSet<DocumentId>,
    /// Documents stored from a snapshot fetched over this connection and not yet confirmed
    /// by the sync protocol: the device holds the server's state of them as of the fetch.
    current: std::collections::BTreeSet<DocumentId>,
    /// The background loader is running.
    loading: bool,
    /// Photos of edits whose write failed, per document: stored with its next write.
    unstored_photos: BTreeMap<DocumentId, Vec<crate::store::PhotoBytes>>,
    /// Photos waiting for the server (counted from the device's store).
    photos_waiting: u32,
}

/// A handle on the device's documents; cheap to clone.
#[derive(Clone)]
pub struct Repo {
    inner: Rc<RefCell<Inner>>,
    store: Rc<LocalStore>,
    /// Bumped on every change of any document: screens that read [`Repo::read`] track it.
    pub revision: RwSignal<u64>,
    /// The sync status.
    pub status: RwSignal<Status>,
    uploads: Rc<photos::Uploads>,
}

impl std::fmt::Debug for Repo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repo").finish_non_exhaustive()
    }
}

/// Now, by the device's clock.
pub fn now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

fn synced_at_key(me: UserId) -> String {
    format!("rounds.synced_at.{me}")
}

impl Repo {
    /// Opens the signed-in user's documents from IndexedDB and returns at once: the index
    /// and personal documents are read now; the accounts' cached views and then the
    /// documents themselves are read in the background (`load.rs`), so screens draw at once
    /// and fill in.
    pub async fn open(session: &Session) -> Result<Repo, StoreError> {
        let store = LocalStore::open(&session.store_name()).await?;
        // Both reads at once. Views stay JSON text until the background loader reads them
        // (see load.rs).
        let (stored, views) =
            futures_util::future::join(store.load_all(), store.load_views()).await;
        let stored = stored?;
        let mut views: BTreeMap<String, String> = views?.into_iter().collect();
        let me = session.user.id;
        let (index, personal) = (session.index_document_id, session.personal_document_id);
        let mut inner = Inner {
            me,
            sync: SyncClient::new(PeerId::from(format!("{me}-{}", now().0).as_str()))
                .writing_as(me),
            index,
            personal,
            data: Data {
                me: Some(me),
                mine_only: session.user.role == rounds_shared::model::UserRole::Rep,
                ..Data::default()
            },
            stored: BTreeMap::new(),
            chunks: BTreeMap::new(),
            pending: BTreeMap::new(),
            link: Link::Offline,
            synced_at: None,
            conn: None,
            retries: 0,
            incoming: Vec::new(),
            writing: false,
            unloaded: BTreeMap::new(),
            raw_views: BTreeMap::new(),
            view_heads: BTreeMap::new(),
            dirty_views: std::collections::BTreeSet::new(),
            flushing_views: false,
            leaving: leave::load_leaving(me),
            undecoded: Default::default(),
            decoding: false,
            fetching: Default::default(),
            current: Default::default(),
            loading: false,
            unstored_photos: BTreeMap::new(),
            photos_waiting: 0,
        };
        for doc in stored {
            let Ok(id) = doc.id.parse::<DocumentId>() else {
                continue;
            };
            inner.chunks.insert(id, doc.chunks);
            if doc.pending > 0 {
                inner.pending.insert(id, doc.pending);
            }
            let view = views.remove(&doc.id);
            if id == index || id == personal {
                // Small, and every screen needs the org's stages and time zone: now.
                match view.and_then(|v| serde_json::from_str::<CachedView>(&v).ok()) {
                    Some(view) => {
                        inner.data.apply(id, view.content);
                        inner.view_heads.insert(id, view.heads);
                        inner.unloaded.insert(id, doc.bytes);
                    }
                    None => inner.load_now(id, &doc.bytes),
                }
            } else {
                if let Some(json) = view {
                    inner.raw_views.insert(id, json);
                }
                inner.unloaded.insert(id, doc.bytes);
            }
        }
        if inner.sync.document(index).is_none() && !inner.unloaded.contains_key(&index) {
            let _ = inner.sync.request(index);
        }
        if inner.sync.document(personal).is_none() && !inner.unloaded.contains_key(&personal) {
            let _ = inner.sync.request(personal);
        }
        inner.synced_at = web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .and_then(|s| s.get_item(&synced_at_key(me)).ok().flatten())
            .and_then(|t| t.parse().ok())
            .map(Timestamp);
        let status = Status {
            link: Link::Offline,
            waiting: inner.pending.values().sum(),
            synced_at: inner.synced_at,
            settling: inner.unloaded.len(),
            photos: 0,
        };
        let repo = Repo {
            inner: Rc::new(RefCell::new(inner)),
            store: Rc::new(store),
            revision: RwSignal::new(0),
            status: RwSignal::new(status),
            uploads: Rc::default(),
        };
        photos::ask_persistent_storage();
        repo.kick_uploads();
        let _ = repo.request_listed();
        repo.load_in_background();
        repo.save_views_soon();
        Ok(repo)
    }

    /// The signed-in user.
    pub fn me(&self) -> UserId {
        self.inner.borrow().me
    }

    /// Reads the decoded documents; tracks [`Self::revision`] so views redraw on change.
    pub fn read<T>(&self, f: impl FnOnce(&Data) -> T) -> T {
        self.revision.track();
        f(&self.inner.borrow().data)
    }

    /// Changes an account document, stores the change, and only then returns.
    pub async fn edit_account(
        &self,
        account: AccountId,
        f: impl FnOnce(&mut AccountDoc) -> Result<(), DocError>,
    ) -> Result<(), EditError> {
        let id = DocumentId::from(account);
        let outcome = {
            let mut inner = self.inner.borrow_mut();
            inner.ensure_loaded(id);
            let doc = inner.sync.document_mut(id).ok_or(EditError::Missing)?;
            AccountDoc::with(doc, f)?;
            inner.local_change(id)
        };
        self.finish_local(id, outcome).await
    }

    /// Creates a new account document on this device (the server accepts it on sync).
    pub async fn create_account(&self, doc: AccountDoc) -> Result<(), EditError> {
        let mut doc = doc;
        let account = doc.account()?.value.id;
        let id = DocumentId::from(account);
        let outcome = self
            .inner
            .borrow_mut()
            .insert_new(id, std::mem::take(doc.automerge()));
        self.finish_local(id, outcome).await
    }

    /// Issues a notice: a new document on this device (the server accepts it on sync).
    pub async fn create_notice(&self, doc: NoticeDoc) -> Result<(), EditError> {
        let mut doc = doc;
        let notice = doc.notice().ok_or(EditError::Missing)?.value.id;
        let id = DocumentId::from(notice);
        let outcome = self
            .inner
            .borrow_mut()
            .insert_new(id, std::mem::take(doc.automerge()));
        self.finish_local(id, outcome).await
    }

    /// Changes a notice's document (the issuer's details, or the department's answer).
    pub async fn edit_notice(
        &self,
        notice: NoticeId,
        f: impl FnOnce(&mut NoticeDoc) -> Result<(), DocError>,
    ) -> Result<(), EditError> {
        let id = DocumentId::from(notice);
        let outcome = {
            let mut inner = self.inner.borrow_mut();
            inner.ensure_loaded(id);
            let doc = inner.sync.document_mut(id).ok_or(EditError::Missing)?;
            NoticeDoc::with(doc, f)?;
            inner.local_change(id)
        };
        self.finish_local(id, outcome).await
    }

    /// Changes the user's personal document (plans).
    pub async fn edit_personal(
        &self,
        f: impl FnOnce(&mut PersonalDoc) -> Result<(), DocError>,
    ) -> Result<(), EditError> {
        let outcome = {
            let mut inner = self.inner.borrow_mut();
            let id = inner.personal;
            inner.ensure_loaded(id);
            if inner.sync.document(id).is_none() {
                // Not received yet (first sign-in with no signal): start it here; Automerge
                // merges it with the server's copy later without losing either.
                let mut doc = PersonalDoc::create(inner.me)?;
                let mut am = std::mem::take(doc.automerge());
                am.set_actor(actor_for(inner.me));
                let _ = inner.sync.insert(id, am);
            }
            let doc = inner.sync.document_mut(id).ok_or(EditError::Missing)?;
            PersonalDoc::with(doc, f)?;
            inner.local_change(id)
        };
        let id = self.inner.borrow().personal;
        self.finish_local(id, outcome).await
    }

    async fn finish_local(&self, id: DocumentId, outcome: Option<Write>) -> Result<(), EditError> {
        let Some(write) = outcome else {
            return Ok(()); // nothing changed
        };
        let key = id.to_string();
        let (view, photos) = {
            let mut inner = self.inner.borrow_mut();
            inner.dirty_views.remove(&id);
            let photos = inner.unstored_photos.remove(&id).unwrap_or_default();
            (inner.views_of([id]).pop().map(|(_, json)| json), photos)
        };
        if let Err(e) = self
            .store
            .append_local(&key, &write.bytes, write.pending, view.as_deref(), &photos)
            .await
        {
            // Not on disk: the next write of this document stores it whole, with the
            // photos it refers to.
            let mut inner = self.inner.borrow_mut();
            inner.stored.remove(&id);
            inner.dirty_views.insert(id);
            if !photos.is_empty() {
                inner.unstored_photos.insert(id, photos);
            }
            return Err(e.into());
        }
        self.after_write(id).await;
        self.bump();
        self.handle(write.events);
        Ok(())
    }

    /// Compacts `id` when it has gathered enough chunks.
    async fn after_write(&self, id: DocumentId) {
        let snapshot = {
            let mut inner = self.inner.borrow_mut();
            let n = inner.chunks.entry(id).or_insert(0);
            *n += 1;
            if *n < COMPACT_AFTER {
                return;
            }
            *n = 1;
            inner.sync.document_mut(id).map(|d| d.save())
        };
        if let Some(bytes) = snapshot
            && let Err(e) = self.store.compact(&id.to_string(), &bytes).await
        {
            leptos::logging::warn!("compacting {id} failed (its chunks are kept): {e}");
        }
    }

    fn bump(&self) {
        self.revision.update(|r| *r += 1);
        self.refresh_status();
        self.save_views_soon();
    }

    fn refresh_status(&self) {
        let inner = self.inner.borrow();
        let status = Status {
            link: inner.link,
            waiting: inner.pending.values().sum(),
            synced_at: inner.synced_at,
            settling: inner.unloaded.len() + inner.undecoded.len() + inner.fetching.len(),
            photos: inner.photos_waiting,
        };
        drop(inner);
        if self.status.get_untracked() != status {
            self.status.set(status);
        }
    }

    /// Asks the server for every listed account this device does not hold yet: many at
    /// once as snapshots over HTTP when connected, otherwise through the sync protocol.
    fn request_listed(&self) -> Vec<Event> {
        let (missing, connected) = {
            let inner = self.inner.borrow();
            let missing: Vec<DocumentId> = inner
                .data
                .listed
                .keys()
                .map(|a| DocumentId::from(*a))
                .chain(
                    inner
                        .data
                        .listed_notices
                        .keys()
                        .map(|n| DocumentId::from(*n)),
                )
                .filter(|id| !inner.holds(*id) && !inner.fetching.contains(id))
                .collect();
            (missing, inner.conn.is_some())
        };
        if connected && missing.len() >= snapshots::AT_LEAST {
            self.fetch_snapshots(missing);
            return Vec::new();
        }
        let mut inner = self.inner.borrow_mut();
        missing
            .into_iter()
            .flat_map(|id| inner.sync.request(id))
            .collect()
    }
}

/// What a local edit leaves to do once the in-memory document has changed.
struct Write {
    bytes: Vec<u8>,
    pending: u32,
    events: Vec<Event>,
}

impl Inner {
    /// The new bytes of `id` since its last store write, and the sync messages for them.
    fn new_bytes(&mut self, id: DocumentId) -> Option<Vec<u8>> {
        let since = self.stored.get(&id).cloned().unwrap_or_default();
        let doc = self.sync.document_mut(id)?;
        // A document new to the device is stored as one compressed snapshot: its changes
        // one by one were 7× the bytes and 4× the time (a manager's first sync).
        let bytes = if since.is_empty() {
            doc.save()
        } else {
            doc.save_after(&since)
        };
        self.stored.insert(id, doc.get_heads());
        (!bytes.is_empty()).then_some(bytes)
    }

    fn redecode(&mut self, id: DocumentId) {
        let (index, personal) = (self.index, self.personal);
        self.dirty_views.insert(id);
        let Some(doc) = self.sync.document_mut(id) else {
            return;
        };
        let holds_notice = automerge::ReadDoc::get(doc, automerge::ROOT, "notice")
            .ok()
            .flatten()
            .is_some();
        if id == index {
            self.data.set_index(doc);
        } else if id == personal {
            self.data.set_personal(doc);
        } else if holds_notice {
            self.data.set_notice(NoticeId::from_uuid(id.as_uuid()), doc);
        } else {
            self.data
                .set_account(AccountId::from_uuid(id.as_uuid()), doc);
        }
    }

    /// A document made on this device joins the engine and is stored. What the engine
    /// sends for it on the spot (its first sync message, when connected) goes out with the
    /// write: asked again, it would have nothing new to say until the server answers.
    fn insert_new(&mut self, id: DocumentId, mut doc: automerge::AutoCommit) -> Option<Write> {
        doc.set_actor(actor_for(self.me));
        let first = self.sync.insert(id, doc);
        let mut write = self.local_change(id)?;
        write.events.splice(0..0, first);
        Some(write)
    }

    fn local_change(&mut self, id: DocumentId) -> Option<Write> {
        let bytes = self.new_bytes(id)?;
        let pending = self.pending.entry(id).or_insert(0);
        *pending += 1;
        let pending = *pending;
        self.redecode(id);
        let events = self.sync.changed(id);
        Some(Write {
            bytes,
            pending,
            events,
        })
    }
}
