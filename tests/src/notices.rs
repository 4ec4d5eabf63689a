//! Hand-off notices through a real sync client: issue one, answer one.

use rounds_shared::doc::NoticeDoc;
use rounds_shared::model::{Notice, NoticeEvent, Receipt};
use rounds_shared::sync::DocumentId;

use crate::HarnessError;
use crate::peer::Peer;

/// `peer` issues `notice` (a new document, as the app does offline) and sends it.
pub async fn issue(peer: &mut Peer, notice: &Notice) -> Result<DocumentId, HarnessError> {
    let id = DocumentId::from(notice.id);
    let mut doc = NoticeDoc::create(notice).map_err(|e| HarnessError(e.to_string()))?;
    peer.replace(id, std::mem::take(doc.automerge())).await?;
    Ok(id)
}

/// What a department user writes beside a notice.
#[derive(Debug, Clone)]
pub enum Answer {
    /// A receipt.
    Receipt(Receipt),
    /// A handling step.
    Step(NoticeEvent),
}

/// `peer` (holding notice `id`) adds `answers` to it and sends them.
pub async fn answer(
    peer: &mut Peer,
    id: DocumentId,
    answers: &[Answer],
) -> Result<(), HarnessError> {
    let doc = peer
        .engine
        .document_mut(id)
        .ok_or_else(|| HarnessError(format!("{id} is not on this device")))?;
    NoticeDoc::with(doc, |d| {
        answers.iter().try_for_each(|a| match a {
            Answer::Receipt(r) => d.put(r),
            Answer::Step(e) => d.put(e),
        })
    })
    .map_err(|e| HarnessError(e.to_string()))?;
    peer.changed(id).await
}
