//! Hospital accounts from the command line: add, assign on a stopped server, rebuild the
//! read model. (A running server assigns through `sync::assign_accounts`, and imports
//! through `admin::import`.)

use rounds_shared::api::AuditAction;
use rounds_shared::doc::AccountDoc;
use rounds_shared::ids::{AccountId, UserId};
use rounds_shared::model::{Account, HospitalLevel};

use super::{Actor, AdminError, audited, bad_field, change, err, find_user, now};
use crate::storage::{AuditRecord, DocKind, Store, WriteOp};

/// A hospital level by key, or a message listing them.
pub(super) fn level(key: &str) -> Result<HospitalLevel, String> {
    HospitalLevel::from_key(key.trim())
        .or_else(|| {
            HospitalLevel::ALL.iter().copied().find(|l| {
                use rounds_shared::labels::{Labelled, Locale};
                l.label(Locale::ZhCn) == key.trim() || l.label(Locale::En) == key.trim()
            })
        })
        .ok_or_else(|| {
            let keys: Vec<&str> = HospitalLevel::ALL.iter().map(|l| l.key()).collect();
            format!(
                "unknown hospital level `{key}`; use one of: {} (or 三甲, 二甲 …)",
                keys.join(", ")
            )
        })
}

/// What creating `account` writes: its row, its document and its projection.
pub fn create_ops(
    account: &Account,
    template: &rounds_shared::stage::StageTemplate,
) -> Result<Vec<WriteOp>, AdminError> {
    let mut doc = AccountDoc::create(account)?;
    Ok(crate::projection::new_account(
        doc.automerge(),
        account,
        account.owner,
        template,
        account.audit.created_at,
    ))
}

/// Adds an account owned by a rep, with its document.
pub fn add_account(
    store: &dyn Store,
    actor: Actor,
    name: &str,
    owner: &str,
    level_key: &str,
    region: &str,
) -> Result<AccountId, AdminError> {
    if name.trim().is_empty() {
        return Err(bad_field("name", "an account needs a hospital name"));
    }
    let level = level(level_key).map_err(|m| bad_field("level", m))?;
    let owner = find_user(store, owner)?;
    let account = Account::new(
        AccountId::generate(),
        name.trim(),
        level,
        region,
        owner.id,
        now(),
    );
    let changes = [
        change("owner", "", &owner.username),
        change("level", "", level.key()),
        change("region", "", region),
    ];
    audited(
        store,
        actor,
        AuditAction::AccountCreated,
        &account.name,
        changes.into_iter().flatten().collect(),
        create_ops(&account, &store.org_config().map_err(err)?.template)?,
    )?;
    Ok(account.id)
}

/// The audit entry of a hand-over of `account` from `from` to `to` (login names).
pub fn assignment_record(
    actor: Option<UserId>,
    account: &str,
    from: &str,
    to: &str,
) -> AuditRecord {
    AuditRecord {
        at: now(),
        actor,
        action: AuditAction::AccountAssigned,
        target: account.to_owned(),
        changes: change("owner", from, to).into_iter().collect(),
    }
}

/// Gives an account to another rep (on a stopped server; a running one does it with
/// `PUT /api/v1/accounts/{id}/owner` or `POST /api/v1/handovers`): the owner is written
/// into the document too, so every device agrees, and the hand-over from the former owner
/// is recorded.
pub fn assign_account(
    store: &dyn Store,
    actor: Actor,
    account: &str,
    owner: &str,
) -> Result<(), AdminError> {
    let id: AccountId = account
        .parse()
        .map_err(|e: rounds_shared::ids::InvalidId| bad_field("account", e.to_string()))?;
    let row = store
        .account(id)
        .map_err(err)?
        .ok_or_else(|| bad_field("account", format!("no account {id}")))?;
    let owner = find_user(store, owner)?;
    let former = store.user(row.owner).map_err(err)?.map(|u| u.username);
    let now = now();
    let doc_id = rounds_shared::sync::DocumentId::from(id);
    let mut ops = Vec::new();
    if let Some(stored) = store.document(doc_id).map_err(err)? {
        let mut doc = automerge::AutoCommit::load(&stored.chunks.concat())
            .map_err(|e| AdminError::Document(e.into()))?;
        let before = doc.get_heads();
        // The command has no user of its own: the change names nobody as its author.
        let nobody = UserId::NOBODY;
        if crate::sync::write_owner(&mut doc, owner.id, nobody, now)? {
            let template = store.org_config().map_err(err)?.template;
            ops.push(WriteOp::AppendChunk {
                id: doc_id,
                data: doc.save_after(&before),
                now,
            });
            ops.push(WriteOp::Project(Box::new(crate::projection::changes(
                &mut doc, &before, id, &template,
            ))));
        }
    }
    ops.push(WriteOp::AssignAccount {
        id,
        owner: owner.id,
        now,
    });
    let record = assignment_record(
        actor.id(),
        &row.name,
        former.as_deref().unwrap_or_default(),
        &owner.username,
    );
    ops.push(WriteOp::Audit(Box::new(record)));
    store.write(ops).map_err(err)
}

/// Rebuilds the read model from the stored account documents. Returns how many accounts
/// were projected and how many values were left out.
pub fn reproject(store: &dyn Store, actor: Actor) -> Result<(usize, usize), AdminError> {
    let template = store.org_config().map_err(err)?.template;
    audited(
        store,
        actor,
        AuditAction::ReadModelRebuilt,
        "read model",
        Vec::new(),
        vec![WriteOp::ClearReadModel],
    )?;
    let (mut accounts, mut issues) = (0, 0);
    for id in store.document_ids().map_err(err)? {
        let Some(stored) = store.document(id).map_err(err)? else {
            continue;
        };
        let mut doc = automerge::AutoCommit::load(&stored.chunks.concat())
            .map_err(|e| rounds_shared::doc::DocError::Load(Box::new(e)))?;
        let account = match stored.kind {
            DocKind::Account(account) => account,
            DocKind::Personal(user) => {
                store
                    .write(vec![crate::projection::plans(&mut doc, user)])
                    .map_err(err)?;
                continue;
            }
            DocKind::Notice(_) => {
                let ops = crate::projection::notice_projection(&mut doc)
                    .into_iter()
                    .collect();
                store.write(ops).map_err(err)?;
                continue;
            }
            DocKind::Index(_) => continue,
        };
        let projection = crate::projection::full(&mut doc, account, &template);
        issues += projection.issues.len();
        store
            .write(vec![WriteOp::Project(Box::new(projection))])
            .map_err(err)?;
        accounts += 1;
    }
    Ok((accounts, issues))
}
