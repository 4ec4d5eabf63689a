//! What a sync message may bring in, checked before Automerge sees it: the document's size
//! once the changes are inflated (measured without inflating them), `have` filters
//! Automerge can read safely, and the changes held back waiting for their dependencies.

use automerge::AutoCommit;

use super::ServerSession;
use crate::sync::DocumentId;
use crate::sync::bloom_check::filter_is_sane;
use crate::sync::inflate::{InflateError, inflated_len};
use crate::sync::session::{Close, DocMessage, code};

impl ServerSession {
    /// The size of `m`'s changes once inflated, measured without inflating them, or a close
    /// when the document (now `stored_bytes`) would grow past its limit, or when the
    /// message holds what Automerge cannot read safely.
    pub(super) fn measure(&self, m: &DocMessage, stored_bytes: usize) -> Result<usize, Close> {
        let max = self.limits.max_document_bytes;
        let budget = max.saturating_sub(stored_bytes);
        let too_big = || {
            Close::policy(
                code::TOO_BIG,
                format!(
                    "document {} would grow past the limit of {max} bytes; nothing was stored",
                    m.doc
                ),
            )
        };
        if !m
            .message
            .have
            .iter()
            .all(|h| filter_is_sane(&h.bloom.to_bytes()))
        {
            return Err(Close::protocol(format!(
                "the sync message for document {} has a malformed `have` filter",
                m.doc
            )));
        }
        if m.message.changes.is_empty() {
            return Ok(0);
        }
        if m.len > budget {
            return Err(too_big());
        }
        let mut total = 0usize;
        for chunk in m.message.changes.iter() {
            total += inflated_len(chunk, budget - total).map_err(|e| match e {
                InflateError::TooBig(_) => too_big(),
                InflateError::Malformed(what) => Close::protocol(format!(
                    "the sync message for document {} carries something that is not an Automerge change ({what})",
                    m.doc
                )),
            })?;
        }
        Ok(total)
    }

    /// Counts what `doc` holds back because the changes it depends on have not arrived:
    /// bounded per connection, because Automerge would keep it in memory indefinitely.
    pub(super) fn count_waiting(
        &mut self,
        id: DocumentId,
        doc: &mut AutoCommit,
        inflated: usize,
    ) -> Result<(), Close> {
        if doc.get_missing_deps(&[]).is_empty() {
            self.waiting.remove(&id);
            return Ok(());
        }
        *self.waiting.entry(id).or_default() += inflated;
        let total: usize = self.waiting.values().sum();
        let max = self.limits.max_waiting_bytes;
        if total > max {
            return Err(Close::policy(
                code::TOO_BIG,
                format!(
                    "changes waiting for changes they depend on exceed {max} bytes; send those first (document {id})"
                ),
            ));
        }
        Ok(())
    }
}
