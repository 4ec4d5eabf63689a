//! Writing hospital profiles on a running server (an import's updates), beside new
//! accounts, in one transaction: each existing account's document changes under its lock,
//! so connected devices receive the change at once, and nothing another device writes
//! meanwhile is lost.

use std::sync::Arc;

use rounds_shared::doc::AccountDoc;
use rounds_shared::ids::{AccountId, UserId};
use rounds_shared::sync::DocumentId;
use rounds_shared::time::Timestamp;

use super::SyncError;
use super::hub::Pending;
use crate::admin::import::Details;
use crate::state::{AppState, now_ms};
use crate::storage::{DocKind, WriteOp};

/// Writes one hospital's `details` (as `by`) with the audit log's `record` of them.
pub async fn write_profile(
    state: &AppState,
    account: AccountId,
    details: Details,
    record: crate::storage::AuditRecord,
    by: UserId,
) -> Result<(), SyncError> {
    write_profiles(
        state,
        vec![(account, details)],
        vec![WriteOp::Audit(Box::new(record))],
        by,
    )
    .await
}

/// Writes `updates` into their accounts' documents (as `by`) and stores them with `extra`
/// (new accounts, the audit entry) in one transaction; connected devices receive the
/// changes at once. (New accounts reach their owners once the caller rewrites the index
/// documents: `Hub::everyone_changed`.)
pub async fn write_profiles(
    state: &AppState,
    mut updates: Vec<(AccountId, Details)>,
    extra: Vec<WriteOp>,
    by: UserId,
) -> Result<(), SyncError> {
    let hub = Arc::clone(&state.hub);
    let now = Timestamp(now_ms());
    let template = hub.template().await?;
    // Locks taken in one order, so two imports cannot wait on each other.
    updates.sort_by_key(|(id, _)| *id);
    let mut locked = Vec::with_capacity(updates.len());
    for (account, details) in updates {
        let id = DocumentId::from(account);
        let slot = hub
            .slot(id, DocKind::Account(account))
            .await?
            .lock_owned()
            .await;
        locked.push((id, slot, details));
    }
    // Automerge work on the blocking pool.
    let template_ = template.clone();
    let (mut locked, pendings) = tokio::task::spawn_blocking(move || {
        let mut pendings: Vec<Result<Option<Pending>, SyncError>> =
            Vec::with_capacity(locked.len());
        for (id, slot, details) in &mut locked {
            let before = slot.doc.get_heads();
            let changed: Result<bool, rounds_shared::doc::DocError> =
                AccountDoc::with(&mut slot.doc, |d| {
                    let mut account = d.account()?.value;
                    if details.apply(&mut account).is_empty() {
                        return Ok(false);
                    }
                    account.audit.touch(now, by);
                    d.set_account(&account)?;
                    Ok(true)
                });
            pendings.push(match changed {
                Ok(true) => Ok(Some(slot.pending(*id, &before, &template_, now))),
                Ok(false) => Ok(None),
                Err(e) => Err(e.into()),
            });
        }
        (locked, pendings)
    })
    .await
    .map_err(|_| SyncError::Poisoned)?;
    let mut docs = Vec::with_capacity(locked.len());
    let mut failed = None;
    for ((id, slot, _), pending) in locked.iter_mut().zip(pendings) {
        match pending {
            Ok(Some(p)) => docs.push((*id, &mut **slot, p)),
            Ok(None) => {}
            Err(e) => failed = Some(e),
        }
    }
    let result = match failed {
        Some(e) => Err(e),
        None => hub.commit_together(docs, extra, 0).await,
    };
    if let Err(e) = result {
        // What is in memory may hold changes that were not stored: read them again.
        for (id, slot, _) in locked {
            drop(slot);
            hub.evict(id);
        }
        return Err(e);
    }
    drop(locked);
    Ok(())
}
