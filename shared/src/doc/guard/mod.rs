//! Who may write what: the server's check of a change to an account or personal document,
//! made after the change is received and before anything of it is stored. A document's
//! content is a claim; this module holds it to what the server knows of the writer.
//!
//! The rules (README, "Who may write what"):
//! - Every change is made by an actor of the writer ([`super::actor_for`]).
//! - A record's `created_by`, and an edit's `updated_by`, name the writer; `created_by` and
//!   `created_at` are written once, when the record is created.
//! - A review (`rep`) and a co-visit (`manager`, `rep`) come from a manager of that rep,
//!   or an admin; a visit entered `on_behalf_of` a rep, from the rep's manager, inside
//!   sales or an admin.
//! - An opportunity's stage history is append-only: a past event is never removed or
//!   rewritten, and a new event's `by` is the writer.
//! - The account profile's `id` and `owner` are the server's to write; its `created_*` too.
//! - Records and collections are never removed or replaced.
//! - In a personal document, the manager's reviews of daily lists and quarterly plans
//!   (`daily_reviews`, `plan_reviews`) are the server's to write.
//!
//! ```
//! use automerge::ReadDoc;
//! use rounds_shared::doc::{AccountDoc, Writer, actor_for, check_change};
//! use rounds_shared::ids::{AccountId, UserId};
//! use rounds_shared::model::{Account, HospitalLevel, Visit};
//! use rounds_shared::time::Timestamp;
//!
//! let (rep, other) = (UserId::generate(), UserId::generate());
//! let account = Account::new(AccountId::generate(), "华山医院", HospitalLevel::Grade3A, "", rep, Timestamp(1));
//! let mut doc = AccountDoc::create(&account).unwrap();
//! doc.automerge().set_actor(actor_for(rep));
//! let before = doc.automerge().get_heads();
//! doc.put(&Visit::new(Timestamp(2), other)).unwrap(); // claims another author
//! let refusal = check_change(doc.automerge(), &before, &Writer::rep(rep), true).unwrap_err();
//! assert_eq!(refusal.field, "created_by");
//! ```

use std::collections::{BTreeSet, HashSet};

use automerge::{AutoCommit, ChangeHash, ObjId, ObjType, PatchAction, Prop, ReadDoc, Value};

mod notice;
mod rules;

pub use notice::{check_new_notice, check_notice};

use rules::Check;

use super::actor::user_of;
use super::codec::Scalar;
use crate::ids::UserId;

/// Who wrote a change, as the server knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Writer {
    /// The authenticated user.
    pub user: UserId,
    /// An admin: may review and act for any rep.
    pub admin: bool,
    /// Inside sales (内勤): may enter visits on behalf of any rep.
    pub inside_sales: bool,
    /// The reps of the teams this user manages.
    pub manages: BTreeSet<UserId>,
    /// The department this user answers hand-off notices for, with its members (to whom a
    /// notice may be passed on).
    pub desk: Option<Desk>,
}

/// A department as the notice rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Desk {
    /// Which department.
    pub department: crate::model::Department,
    /// Everyone in it.
    pub members: BTreeSet<UserId>,
}

impl Writer {
    /// A rep, who acts for nobody else.
    pub fn rep(user: UserId) -> Self {
        Self {
            user,
            admin: false,
            inside_sales: false,
            manages: BTreeSet::new(),
            desk: None,
        }
    }

    /// May review `rep`'s accounts and co-visit with them.
    pub fn may_review(&self, rep: UserId) -> bool {
        self.admin || self.manages.contains(&rep)
    }

    /// May enter a visit on behalf of `rep` (who phoned it in).
    pub fn may_act_for(&self, rep: UserId) -> bool {
        rep == self.user || self.inside_sales || self.may_review(rep)
    }
}

/// Why a change was refused: the record (document path) and field, and the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: `{field}` {why}")]
pub struct Refusal {
    /// Where, e.g. `visits/0190…` or `account`.
    pub path: String,
    /// The field, e.g. `created_by`.
    pub field: String,
    /// The rule it broke.
    pub why: String,
}

fn refuse(path: &str, field: &str, why: impl Into<String>) -> Refusal {
    Refusal {
        path: path.to_owned(),
        field: field.to_owned(),
        why: why.into(),
    }
}

/// A patch's path as keys (map keys, list indexes), and the object each key is read from.
fn path_of(patch: &automerge::Patch) -> (Vec<String>, Vec<&ObjId>) {
    patch
        .path
        .iter()
        .map(|(o, p)| {
            let key = match p {
                Prop::Map(k) => k.clone(),
                Prop::Seq(i) => i.to_string(),
            };
            (key, o)
        })
        .unzip()
}

/// Remembers the objects `action` creates that `writer` made now. Values another user's
/// earlier op put there (merged, not written now) are not this change's doing: every new
/// op is the writer's (the actors are checked first).
fn note_created(created: &mut HashSet<ObjId>, action: &PatchAction, writer: UserId) {
    let by_writer = |id: &ObjId| actor_user(id) == Some(writer);
    match action {
        PatchAction::PutMap { value, .. } | PatchAction::PutSeq { value, .. }
            if matches!(value.0, Value::Object(_)) && by_writer(&value.1) =>
        {
            created.insert(value.1.clone());
        }
        PatchAction::Insert { values, .. } => {
            for (v, id, _) in values.iter() {
                if matches!(v, Value::Object(_)) && by_writer(id) {
                    created.insert(id.clone());
                }
            }
        }
        _ => {}
    }
}

fn actor_user(id: &ObjId) -> Option<UserId> {
    match id {
        ObjId::Id(_, actor, _) => user_of(actor),
        ObjId::Root => None,
    }
}

/// The user a field names: a scalar string, or a text object (JavaScript clients).
fn person(doc: &AutoCommit, value: &Value<'_>, id: &ObjId) -> Option<UserId> {
    match value {
        Value::Object(ObjType::Text) => {
            let text = doc.text(id).ok()?;
            UserId::decode(&automerge::ScalarValue::Str(text.as_str().into()))
        }
        other => as_user(other),
    }
}

fn as_user(value: &Value<'_>) -> Option<UserId> {
    match value {
        Value::Scalar(s) => UserId::decode(s),
        Value::Object(_) => None,
    }
}

/// Checks the changes since `before` (already received into `doc`) against the rules, for
/// an account document (`account`) or a personal document. `Err` names the first broken
/// rule; the caller must then discard the document and keep what was stored.
pub fn check_change(
    doc: &mut AutoCommit,
    before: &[ChangeHash],
    writer: &Writer,
    account: bool,
) -> Result<(), Refusal> {
    check(doc, before, writer, account, Mode::Change)
}

/// Checks what a former owner's device delivers after the account was handed over: new
/// records of theirs only (what they logged offline), held to the same rules; nothing that
/// already exists may change.
pub fn check_handover(
    doc: &mut AutoCommit,
    before: &[ChangeHash],
    writer: &Writer,
) -> Result<(), Refusal> {
    check(doc, before, writer, true, Mode::Handover)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A change to a document the writer holds.
    Change,
    /// A whole document the writer creates.
    NewDocument,
    /// New records delivered after a hand-over.
    Handover,
}

/// Checks an account document created offline, all of it, against the same rules; its
/// profile's `owner` and `created_by` must name the writer, who creates it.
pub fn check_new_account(doc: &mut AutoCommit, writer: &Writer) -> Result<(), Refusal> {
    check(doc, &[], writer, true, Mode::NewDocument)
}

/// Every change since `before` is made by an actor of the writer.
fn own_actors(doc: &mut AutoCommit, before: &[ChangeHash], writer: &Writer) -> Result<(), Refusal> {
    for change in doc.get_changes(before) {
        if user_of(change.actor_id()) != Some(writer.user) {
            let who = user_of(change.actor_id())
                .map_or_else(|| "no Rounds user".to_owned(), |u| format!("user {u}"));
            return Err(refuse(
                "change",
                "actor",
                format!("names {who}; changes must be made by an actor of your own"),
            ));
        }
    }
    Ok(())
}

fn check(
    doc: &mut AutoCommit,
    before: &[ChangeHash],
    writer: &Writer,
    account: bool,
    mode: Mode,
) -> Result<(), Refusal> {
    own_actors(doc, before, writer)?;
    let after = doc.get_heads();
    let mut check = Check {
        writer,
        account,
        mode,
        created: HashSet::new(),
        new_records: Vec::new(),
        people: Vec::new(),
    };
    for patch in doc.diff(before, &after) {
        let (path, objs) = path_of(&patch);
        check.patch(doc, before, &path, &objs, &patch.obj, &patch.action)?;
    }
    for (path, coll, obj, key) in &check.people {
        let Some((value, op)) = doc.get(obj, key.as_str()).ok().flatten() else {
            continue;
        };
        if actor_user(&op) != Some(writer.user) {
            continue; // another user's value, merged rather than written now
        }
        let null = matches!(&value, Value::Scalar(s) if s.is_null());
        if let Some(why) = check.person_rule(coll, key, person(doc, &value, &op), null) {
            return Err(refuse(path, key, why));
        }
    }
    for (path, obj) in &check.new_records {
        let by = doc
            .get(obj, "created_by")
            .ok()
            .flatten()
            .and_then(|(v, id)| person(doc, &v, &id));
        if by != Some(writer.user) {
            return Err(refuse(
                path,
                "created_by",
                "must name you, the record's author",
            ));
        }
    }
    Ok(())
}
