//! The organisation's settings: the stage template, activity standards, targets and
//! territories. Stored with their audit entry; the caller then rewrites every index
//! document (`api::org`).

use rounds_shared::api::{AuditAction, FieldChange};
use rounds_shared::model::{OrgConfig, Territory};

use super::{Actor, AdminError, audited, change};
use crate::storage::{OrgOp, Store, WriteOp};

/// Replaces the organisation's configuration with `after`, recording `action` and what
/// changed (`changes`) in the audit log.
pub fn save_config(
    store: &dyn Store,
    actor: Actor,
    action: AuditAction,
    after: &OrgConfig,
    changes: Vec<FieldChange>,
) -> Result<(), AdminError> {
    let op = WriteOp::Org(OrgOp::SetConfig(Box::new(after.clone())));
    audited(store, actor, action, "org", changes, vec![op])
}

fn territory_text(t: &Territory) -> String {
    if t.zones.is_empty() {
        return t.name.clone();
    }
    let zones: Vec<String> = t
        .zones
        .iter()
        .map(|z| format!("{}:{}", z.zone.key().to_uppercase(), z.area))
        .collect();
    format!("{} ({})", t.name, zones.join(", "))
}

/// The audit log's account of a change of territories.
pub fn territories_changes(before: &[Territory], after: &[Territory]) -> Vec<FieldChange> {
    let text = |ts: &[Territory]| ts.iter().map(territory_text).collect::<Vec<_>>().join("; ");
    change("territories", text(before), text(after))
        .into_iter()
        .collect()
}
