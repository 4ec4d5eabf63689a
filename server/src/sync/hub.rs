//! Live documents: loaded once, shared by every connection under a per-document lock,
//! persisted before any reply, and announced to the other connections when they change.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use automerge::{AutoCommit, ChangeHash};
use rounds_shared::doc::{IndexDoc, IndexEntry, PersonalDoc};
use rounds_shared::sync::DocumentId;
use rounds_shared::time::{DAY_MS, Timestamp};
use tokio::sync::{Mutex as AsyncMutex, broadcast};

use super::SyncError;
use super::access::{account_scope, notice_scope, org_for};
use super::slot::load_stored;
pub use super::slot::{Pending, Slot};
use crate::read_cache::ReadCache;
use crate::state::{SyncLimits, now_ms};
use crate::storage::blocking;
use crate::storage::{DocKind, NoticeScope, Store, User, WriteOp};

/// How long a notice stays in its readers' index documents (and so on their devices) after
/// it was answered "done".
const NOTICES_KEPT_DAYS: i64 = 90;

/// What the hub announces to every connection.
#[derive(Debug, Clone, Copy)]
pub enum Change {
    /// A document changed; `origin` is the connection that changed it (0: the server).
    Document {
        /// The document.
        doc: DocumentId,
        /// The connection the change came from.
        origin: u64,
    },
    /// Who may see what may have changed (team membership, managers): connections decide
    /// access afresh.
    Access,
}

type SlotRef = Arc<AsyncMutex<Slot>>;

#[derive(Default)]
struct Slots {
    live: HashMap<DocumentId, (SlotRef, u64)>,
    clock: u64,
}

impl Slots {
    fn touch(&mut self, id: DocumentId) -> Option<SlotRef> {
        self.clock += 1;
        let clock = self.clock;
        self.live.get_mut(&id).map(|(slot, used)| {
            *used = clock;
            Arc::clone(slot)
        })
    }

    fn insert(&mut self, id: DocumentId, slot: SlotRef, cap: usize) -> SlotRef {
        self.clock += 1;
        let clock = self.clock;
        let slot = Arc::clone(&self.live.entry(id).or_insert((slot, clock)).0);
        if self.live.len() > cap {
            self.evict(cap - cap / 10);
        }
        slot
    }

    fn replace(&mut self, id: DocumentId, slot: SlotRef) {
        self.clock += 1;
        self.live.insert(id, (slot, self.clock));
    }

    /// Drops the least recently used documents nobody holds until at most `keep` remain.
    fn evict(&mut self, keep: usize) {
        let mut idle: Vec<(u64, DocumentId)> = self
            .live
            .iter()
            .filter(|(_, (slot, _))| Arc::strong_count(slot) == 1)
            .map(|(id, (_, used))| (*used, *id))
            .collect();
        idle.sort();
        let excess = self.live.len().saturating_sub(keep);
        for (_, id) in idle.into_iter().take(excess) {
            self.live.remove(&id);
        }
    }
}

/// The live documents.
pub struct Hub {
    store: Arc<dyn Store>,
    /// The read model's opportunities in memory, dropped per account as it changes.
    cache: Arc<ReadCache>,
    /// The stage template projections check stages against (loaded on first use).
    template: Mutex<Option<rounds_shared::stage::StageTemplate>>,
    limits: SyncLimits,
    /// Live documents and when each was last used (a use count, for eviction).
    slots: Mutex<Slots>,
    changes: broadcast::Sender<Change>,
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hub")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl Hub {
    /// A hub over `store`.
    pub fn new(store: Arc<dyn Store>, cache: Arc<ReadCache>, limits: SyncLimits) -> Self {
        let (changes, _) = broadcast::channel(4096);
        Self {
            cache,
            store,
            template: Mutex::new(None),
            limits,
            slots: Mutex::new(Slots::default()),
            changes,
        }
    }

    /// The limits connections apply.
    pub fn limits(&self) -> SyncLimits {
        self.limits
    }

    /// Notifications of changed documents.
    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.changes.subscribe()
    }

    fn cached(&self, id: DocumentId) -> Option<SlotRef> {
        self.slots.lock().ok()?.touch(id)
    }

    /// How many documents are in memory.
    pub fn live_documents(&self) -> usize {
        self.slots.lock().map_or(0, |s| s.live.len())
    }

    /// The live document `id` of kind `kind`, loaded from storage (or empty and not yet
    /// stored, for index and personal documents the server makes itself).
    pub async fn slot(&self, id: DocumentId, kind: DocKind) -> Result<SlotRef, SyncError> {
        if let Some(slot) = self.cached(id) {
            return Ok(slot);
        }
        let slot = match self.load(id).await? {
            Some(slot) => slot,
            None => Slot::empty(kind),
        };
        let mut slots = self.slots.lock().map_err(|_| SyncError::Poisoned)?;
        Ok(slots.insert(
            id,
            Arc::new(AsyncMutex::new(slot)),
            self.limits.server.max_live_documents,
        ))
    }

    /// Puts back in `slot` what storage holds of `id`, dropping what was received into it
    /// but not stored (a refused change). The slot stays locked throughout, so no other
    /// connection sees the dropped change.
    pub async fn restore(&self, id: DocumentId, slot: &mut Slot) -> Result<(), SyncError> {
        let stored = self.load(id).await?;
        slot.put_back(stored);
        Ok(())
    }

    /// Document `id` as storage holds it, loaded on the blocking pool.
    async fn load(&self, id: DocumentId) -> Result<Option<Slot>, SyncError> {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || load_stored(store.as_ref(), id))
            .await
            .map_err(|e| SyncError::Corrupt(id, e.to_string()))?
    }

    /// After document work panicked on `slot` (which may hold half of a change): puts back
    /// what storage holds, while the caller still holds the lock, so nobody sees the
    /// half. When even that fails the document is dropped from memory. Blocking.
    pub fn recover(&self, id: DocumentId, slot: &mut Slot) {
        match load_stored(self.store.as_ref(), id) {
            Ok(stored) => slot.put_back(stored),
            Err(e) => {
                tracing::error!(document = %id, error = %e, "could not reload after a failure");
                self.evict(id);
            }
        }
    }

    /// Puts a document that was created elsewhere (and already stored) into the hub.
    pub fn adopt(&self, id: DocumentId, doc: AutoCommit, kind: DocKind, bytes: usize) {
        if let Ok(mut slots) = self.slots.lock() {
            let slot = Slot {
                doc,
                kind,
                stored: true,
                incremental: 0,
                bytes,
            };
            slots.replace(id, Arc::new(AsyncMutex::new(slot)));
        }
    }

    /// Drops a document from memory (after a failure), so it is reloaded from storage.
    pub fn evict(&self, id: DocumentId) {
        if let Ok(mut slots) = self.slots.lock() {
            slots.live.remove(&id);
        }
    }

    /// Who may see what changed for anyone: every connection decides access afresh, and
    /// every user's index document is rewritten.
    pub async fn everyone_changed(&self) -> Result<(), SyncError> {
        self.access_changed();
        for user in blocking(Arc::clone(&self.store), |s| s.users()).await? {
            self.refresh_index(&user).await?;
        }
        Ok(())
    }

    /// Who may see what may have changed: every connection decides access afresh.
    pub fn access_changed(&self) {
        let _ = self.changes.send(Change::Access);
    }

    /// The organisation's stage template.
    pub async fn template(&self) -> Result<rounds_shared::stage::StageTemplate, SyncError> {
        if let Some(t) = self.template.lock().ok().and_then(|t| t.clone()) {
            return Ok(t);
        }
        let org = blocking(Arc::clone(&self.store), |s| s.org_config()).await?;
        if let Ok(mut t) = self.template.lock() {
            *t = Some(org.template.clone());
        }
        Ok(org.template)
    }

    /// Forgets the cached configuration (after an admin changed it).
    pub fn org_changed(&self) {
        if let Ok(mut t) = self.template.lock() {
            *t = None;
        }
    }

    /// Stores what changed in `slot` since `before` (with its projection), then announces
    /// it. Callers answer the client only after this returns.
    pub async fn persist(
        &self,
        id: DocumentId,
        slot: &mut Slot,
        before: &[ChangeHash],
        origin: u64,
    ) -> Result<(), SyncError> {
        let template = self.template().await?;
        // Saving and projecting are CPU work: the slot moves to the blocking pool and back.
        let mut taken = std::mem::replace(slot, Slot::empty(slot.kind));
        let before = before.to_vec();
        let done = tokio::task::spawn_blocking(move || {
            let pending = taken.pending(id, &before, &template, Timestamp(now_ms()));
            (taken, pending)
        })
        .await;
        let Ok((back, pending)) = done else {
            self.evict(id);
            return Err(SyncError::Corrupt(id, "saving the document failed".into()));
        };
        *slot = back;
        self.commit(id, slot, pending, origin).await
    }

    /// Writes what [`Slot::pending`] prepared and announces the change.
    pub async fn commit(
        &self,
        id: DocumentId,
        slot: &mut Slot,
        pending: Pending,
        origin: u64,
    ) -> Result<(), SyncError> {
        self.commit_together(vec![(id, slot, pending)], Vec::new(), origin)
            .await
    }

    /// Stores the changes of several documents and `extra` writes in one transaction, then
    /// announces each document's change. The caller holds every slot's lock.
    pub async fn commit_together(
        &self,
        docs: Vec<(DocumentId, &mut Slot, Pending)>,
        extra: Vec<WriteOp>,
        origin: u64,
    ) -> Result<(), SyncError> {
        let mut ops = extra;
        let mut done = Vec::with_capacity(docs.len());
        for (id, slot, pending) in docs {
            ops.extend(pending.ops);
            done.push((id, slot, pending.compacted, pending.len));
        }
        let written = blocking(Arc::clone(&self.store), move |s| s.write(ops)).await;
        for (_, slot, _, _) in &done {
            if let DocKind::Account(account) = slot.kind {
                // Whether or not the write went through, what is cached may now be wrong.
                self.cache.invalidate(account);
            }
        }
        written?;
        for (id, slot, compacted, len) in done {
            slot.committed(compacted, len);
            let _ = self.changes.send(Change::Document { doc: id, origin });
        }
        Ok(())
    }

    /// Brings `user`'s index document up to date with what they may sync and the
    /// organisation's configuration. Writes (and announces) only when something changed.
    pub async fn refresh_index(&self, user: &User) -> Result<(), SyncError> {
        let who = user.clone();
        // Open notices, and those done lately: a department's devices do not carry every
        // notice it ever answered (the dashboard and the API keep the history).
        let since = Timestamp(now_ms() - NOTICES_KEPT_DAYS * DAY_MS);
        let (accounts, notices, org, users) = blocking(Arc::clone(&self.store), move |s| {
            let managed = s.managed_teams(who.id)?;
            let scope = account_scope(&who, &managed);
            let users = s.users()?;
            let org = org_for(s.org_config()?, &who, &managed, &users);
            let notices = s.notice_names(&NoticeScope {
                done_since: Some(since),
                ..notice_scope(&who, &managed)
            })?;
            Ok((s.accounts_in(&scope)?, notices, org, users))
        })
        .await?;
        let notices: BTreeMap<_, _> = notices
            .into_iter()
            .map(|(id, name)| (id, IndexEntry { name }))
            .collect();
        // A department's members, to pass notices on to.
        let colleagues: BTreeMap<_, _> = users
            .iter()
            .filter(|u| user.role.department().is_some() && u.role == user.role && !u.disabled)
            .map(|u| (u.id, u.display_name.clone()))
            .collect();
        // Colleagues' names, so the app can say who changed what.
        let people: BTreeMap<_, _> = users.into_iter().map(|u| (u.id, u.display_name)).collect();
        let entries: BTreeMap<_, _> = accounts
            .into_iter()
            .map(|a| (a.id, IndexEntry { name: a.name }))
            .collect();
        let slot_ref = self.slot(user.index_doc, DocKind::Index(user.id)).await?;
        let mut slot = slot_ref.lock().await;
        let before = slot.doc.get_heads();
        let mut index = if slot.stored {
            IndexDoc::from_automerge(std::mem::take(&mut slot.doc))
        } else {
            IndexDoc::create(user.id, &org)?
        };
        let result = index
            .set_accounts(&entries)
            .and_then(|()| index.set_org(&org))
            .and_then(|()| index.set_people(&people))
            .and_then(|()| index.set_notices(&notices))
            .and_then(|()| index.set_colleagues(&colleagues));
        slot.doc = std::mem::take(index.automerge());
        result?;
        if slot.doc.get_heads() != before {
            self.persist(user.index_doc, &mut slot, &before, 0).await?;
        }
        Ok(())
    }

    /// Changes `user`'s personal document on the server's behalf (a manager's review of a
    /// daily list), stores it and announces it, so the user's devices receive it.
    pub async fn write_personal(
        &self,
        user: &User,
        f: impl FnOnce(&mut PersonalDoc) -> Result<(), rounds_shared::doc::DocError>,
    ) -> Result<(), SyncError> {
        self.ensure_personal(user).await?;
        let slot_ref = self
            .slot(user.personal_doc, DocKind::Personal(user.id))
            .await?;
        let mut slot = slot_ref.lock().await;
        let before = slot.doc.get_heads();
        let result = PersonalDoc::with(&mut slot.doc, f);
        if let Err(e) = result {
            self.evict(user.personal_doc);
            return Err(e.into());
        }
        if slot.doc.get_heads() != before {
            self.persist(user.personal_doc, &mut slot, &before, 0)
                .await?;
        }
        Ok(())
    }

    /// Makes `user`'s personal document if it does not exist yet, so that every device of
    /// theirs starts from the same empty plan collections.
    pub async fn ensure_personal(&self, user: &User) -> Result<(), SyncError> {
        let slot_ref = self
            .slot(user.personal_doc, DocKind::Personal(user.id))
            .await?;
        let mut slot = slot_ref.lock().await;
        if slot.stored {
            return Ok(());
        }
        let mut personal = PersonalDoc::create(user.id)?;
        slot.doc = std::mem::take(personal.automerge());
        self.persist(user.personal_doc, &mut slot, &[], 0).await
    }
}
