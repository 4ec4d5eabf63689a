//! A live document in memory ([`Slot`]) and what storing its latest changes takes
//! ([`Pending`]): the chunk or compacted snapshot and the read model's update, prepared off
//! the async runtime and committed by the hub.

use automerge::{AutoCommit, ChangeHash};
use rounds_shared::sync::DocumentId;
use rounds_shared::time::Timestamp;

use super::SyncError;
use crate::storage::{DocKind, Store, WriteOp};

/// After this many incremental chunks a document is compacted into one snapshot.
const COMPACT_AFTER: usize = 64;

/// Document `id` as `store` holds it (blocking: Automerge load is CPU work).
pub(super) fn load_stored(store: &dyn Store, id: DocumentId) -> Result<Option<Slot>, SyncError> {
    let Some(stored) = store.document(id)? else {
        return Ok(None);
    };
    let bytes: usize = stored.chunks.iter().map(Vec::len).sum();
    let doc = AutoCommit::load(&stored.chunks.concat())
        .map_err(|e| SyncError::Corrupt(id, e.to_string()))?;
    Ok(Some(Slot {
        doc,
        kind: stored.kind,
        stored: true,
        incremental: stored.incremental,
        bytes,
    }))
}

/// A document in memory.
#[derive(Debug)]
pub struct Slot {
    /// The document.
    pub doc: AutoCommit,
    /// What it is.
    pub kind: DocKind,
    /// Whether storage has it yet (index and personal documents are made on first use).
    pub stored: bool,
    /// Incremental chunks stored since the last snapshot.
    pub(super) incremental: usize,
    /// Bytes stored for it.
    pub bytes: usize,
}

/// The writes that store a document's change, prepared off the async runtime.
#[derive(Debug)]
pub struct Pending {
    pub(super) ops: Vec<WriteOp>,
    pub(super) compacted: bool,
    pub(super) len: usize,
}

impl Pending {
    /// Just this write, with no document change.
    pub fn only(op: WriteOp) -> Self {
        Self {
            ops: vec![op],
            compacted: false,
            len: 0,
        }
    }

    /// Adds a write to the same transaction.
    pub fn and(mut self, op: WriteOp) -> Self {
        self.ops.push(op);
        self
    }
}

impl Slot {
    /// An empty document of `kind`, not stored yet.
    pub(super) fn empty(kind: DocKind) -> Self {
        Slot {
            doc: AutoCommit::new(),
            kind,
            stored: false,
            incremental: 0,
            bytes: 0,
        }
    }

    /// Becomes what storage holds (`stored`), or an empty document of its kind when
    /// storage has none: whatever was received but not stored is dropped.
    pub(super) fn put_back(&mut self, stored: Option<Slot>) {
        *self = stored.unwrap_or_else(|| Slot::empty(self.kind));
    }

    /// What storing the changes since `before` takes: the chunk (or a compacted snapshot)
    /// and the read model's update. CPU work (Automerge save and diff): run it on the
    /// blocking pool.
    pub fn pending(
        &mut self,
        id: DocumentId,
        before: &[ChangeHash],
        template: &rounds_shared::stage::StageTemplate,
        now: Timestamp,
    ) -> Pending {
        let mut ops = Vec::new();
        let (data, compacted) = if !self.stored {
            ops.push(WriteOp::CreateDocument {
                id,
                kind: self.kind,
                now,
            });
            (self.doc.save(), true)
        } else if self.incremental + 1 >= COMPACT_AFTER {
            (self.doc.save(), true)
        } else {
            (self.doc.save_after(before), false)
        };
        let len = data.len();
        match self.kind {
            DocKind::Personal(user) => ops.push(crate::projection::plans(&mut self.doc, user)),
            DocKind::Account(account) => {
                let mut projection = if self.stored {
                    crate::projection::changes(&mut self.doc, before, account, template)
                } else {
                    crate::projection::full(&mut self.doc, account, template)
                };
                projection.received = Some(now);
                if !projection.is_empty() {
                    ops.push(WriteOp::Project(Box::new(projection)));
                }
            }
            DocKind::Notice(_) => ops.extend(crate::projection::notice_projection(&mut self.doc)),
            DocKind::Index(_) => {}
        }
        ops.push(if compacted && self.stored {
            WriteOp::Compact {
                id,
                snapshot: data,
                now,
            }
        } else {
            WriteOp::AppendChunk { id, data, now }
        });
        Pending {
            ops,
            compacted,
            len,
        }
    }

    /// Storage now holds what a [`Pending`] of `len` bytes wrote (a snapshot when
    /// `compacted`).
    pub(super) fn committed(&mut self, compacted: bool, len: usize) {
        self.stored = true;
        if compacted {
            self.incremental = 0;
            self.bytes = len;
        } else {
            self.incremental += 1;
            self.bytes += len;
        }
    }
}
