//! Assigning an account to another owner: a server operation. The accounts row and the
//! hand-over record change in one transaction, the owner is written into the account
//! document itself (so the old owner's, the new owner's and the manager's devices agree),
//! the read model follows, and every open connection decides its access afresh at once.

use std::sync::Arc;

use automerge::AutoCommit;
use rounds_shared::doc::{AccountDoc, DocError};
use rounds_shared::ids::{AccountId, UserId};
use rounds_shared::sync::DocumentId;
use rounds_shared::time::Timestamp;

use super::SyncError;
use super::hub::Pending;
use crate::state::{AppState, now_ms};
use crate::storage::{AuditRecord, DocKind, WriteOp};

/// Writes `owner` into the account document's profile (by `by`, at `now`). Returns whether
/// the document changed.
pub fn write_owner(
    doc: &mut AutoCommit,
    owner: UserId,
    by: UserId,
    now: Timestamp,
) -> Result<bool, DocError> {
    AccountDoc::with(doc, |d| {
        let mut account = d.account()?.value;
        if account.owner == owner {
            return Ok(false);
        }
        account.owner = owner;
        account.audit.touch(now, by);
        d.set_account(&account)?;
        Ok(true)
    })
}

/// One account for a new owner, with the audit entry that records it.
#[derive(Debug, Clone)]
pub struct Assignment {
    /// The account.
    pub account: AccountId,
    /// Its new owner.
    pub owner: UserId,
    /// The audit log's entry, written in the same transaction.
    pub audit: AuditRecord,
}

/// Gives each account to its new owner on a running server, as `by` (an admin or manager):
/// each in a transaction of its own with its audit entry; then every connection decides
/// its access afresh and every index document is rewritten, once. Returns how many were
/// given; on an error, the ones before it stay given.
pub async fn assign_accounts(
    state: &AppState,
    assignments: Vec<Assignment>,
    by: UserId,
) -> Result<usize, SyncError> {
    let mut done = 0;
    let mut result = Ok(());
    for a in assignments {
        if let Err(e) = assign_one(state, a, by).await {
            result = Err(e);
            break;
        }
        done += 1;
    }
    if done > 0 {
        state.hub.everyone_changed().await?;
    }
    result.map(|()| done)
}

async fn assign_one(state: &AppState, a: Assignment, by: UserId) -> Result<(), SyncError> {
    let Assignment {
        account,
        owner,
        audit,
    } = a;
    let now = Timestamp(now_ms());
    let hub = Arc::clone(&state.hub);
    let id = DocumentId::from(account);
    // The document first, under its lock: a connection that writes meanwhile waits, and
    // decides its access again after the event below.
    let mut slot = hub
        .slot(id, DocKind::Account(account))
        .await?
        .lock_owned()
        .await;
    let template = hub.template().await?;
    let (slot_back, pending) = tokio::task::spawn_blocking(move || {
        let before = slot.doc.get_heads();
        let assign = WriteOp::AssignAccount {
            id: account,
            owner,
            now,
        };
        let audit = WriteOp::Audit(Box::new(audit));
        let pending = match write_owner(&mut slot.doc, owner, by, now) {
            Ok(true) => Ok(slot.pending(id, &before, &template, now).and(assign)),
            Ok(false) => Ok(Pending::only(assign)),
            Err(e) => Err(e),
        }
        .map(|p| p.and(audit));
        (slot, pending)
    })
    .await
    .map_err(|_| SyncError::Poisoned)?;
    let mut slot = slot_back;
    let pending = match pending {
        Ok(p) => p,
        Err(e) => {
            drop(slot);
            hub.evict(id);
            return Err(e.into());
        }
    };
    // The row, the hand-over, the document's change, its projection and the audit entry:
    // one transaction.
    if let Err(e) = hub.commit(id, &mut slot, pending, 0).await {
        drop(slot);
        hub.evict(id);
        return Err(e);
    }
    Ok(())
}
