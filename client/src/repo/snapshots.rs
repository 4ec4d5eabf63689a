//! A first sync of many documents: the ones the device lacks are fetched as snapshots over
//! HTTP in batches, stored in IndexedDB as they come (one transaction per batch), and
//! loaded into Automerge in the background, where they join the sync protocol. Loading
//! cost about 9 ms per document in the browser, which held a manager's 500-document first
//! sync back by seconds; now storing does not wait for it. Documents the server leaves out,
//! or a failed fetch, fall back to the sync protocol.

use leptos::task::spawn_local;
use rounds_shared::sync::DocumentId;
use rounds_shared::sync::snapshots::MAX_PER_REQUEST;

use super::Repo;

/// From this many missing documents on, snapshots are fetched; for fewer the sync protocol
/// is as quick and gives live updates at once.
pub(super) const AT_LEAST: usize = 4;

impl Repo {
    /// Fetches, stores and queues for loading the snapshots of `ids`.
    pub(super) fn fetch_snapshots(&self, ids: Vec<DocumentId>) {
        self.inner.borrow_mut().fetching.extend(ids.iter().copied());
        self.refresh_status();
        let repo = self.clone();
        spawn_local(async move {
            for batch in ids.chunks(MAX_PER_REQUEST) {
                repo.store_snapshots(batch).await;
                repo.load_unloaded();
            }
            repo.handle(Vec::new());
        });
    }

    async fn store_snapshots(&self, batch: &[DocumentId]) {
        let records = match crate::api::snapshots(batch).await {
            Ok(records) => records,
            Err(e) => {
                leptos::logging::warn!("snapshots: {e}; syncing those documents instead");
                Vec::new()
            }
        };
        // A document that reached the device meanwhile (an edit, the sync protocol) keeps
        // what it has.
        let fresh: Vec<(DocumentId, Vec<u8>)> = {
            let inner = self.inner.borrow();
            records
                .into_iter()
                .filter(|(id, _)| batch.contains(id) && !inner.holds(*id))
                .collect()
        };
        let chunks: Vec<(String, Vec<u8>)> = fresh
            .iter()
            .map(|(id, bytes)| (id.to_string(), bytes.clone()))
            .collect();
        let stored = match self.store.append_many(&chunks, &[]).await {
            Ok(()) => fresh,
            Err(e) => {
                leptos::logging::warn!("storing snapshots failed; syncing instead: {e}");
                Vec::new()
            }
        };
        let events = {
            let mut inner = self.inner.borrow_mut();
            let connected = inner.conn.is_some();
            for id in batch {
                inner.fetching.remove(id);
            }
            for (id, bytes) in stored {
                if connected {
                    inner.current.insert(id);
                }
                inner.unloaded.insert(id, bytes);
            }
            let rest: Vec<DocumentId> = batch
                .iter()
                .copied()
                .filter(|id| !inner.holds(*id))
                .collect();
            rest.into_iter()
                .flat_map(|id| inner.sync.request(id))
                .collect::<Vec<_>>()
        };
        self.handle(events);
    }
}
