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

use automerge::{AutoCommit, ChangeHash, ObjId, ObjType, PatchAction, Prop, ROOT, ReadDoc, Value};

use super::actor::user_of;
use super::codec::Scalar;
use super::{AccountCollection, PersonalCollection};
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
}

impl Writer {
    /// A rep, who acts for nobody else.
    pub fn rep(user: UserId) -> Self {
        Self {
            user,
            admin: false,
            inside_sales: false,
            manages: BTreeSet::new(),
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

fn check(
    doc: &mut AutoCommit,
    before: &[ChangeHash],
    writer: &Writer,
    account: bool,
    mode: Mode,
) -> Result<(), Refusal> {
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
        let path: Vec<String> = patch
            .path
            .iter()
            .map(|(_, p)| match p {
                Prop::Map(k) => k.clone(),
                Prop::Seq(i) => i.to_string(),
            })
            .collect();
        let objs: Vec<&ObjId> = patch.path.iter().map(|(o, _)| o).collect();
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

struct Check<'a> {
    writer: &'a Writer,
    account: bool,
    /// A change, a whole new document (its root and profile are the writer's to make), or
    /// a delivery after a hand-over (only new records).
    mode: Mode,
    /// Objects the change created.
    created: HashSet<ObjId>,
    /// Records the change created, to check their author once all patches are seen.
    new_records: Vec<(String, ObjId)>,
    /// Fields naming a person that the change set: (path, collection, record, field).
    people: Vec<(String, String, ObjId, String)>,
}

impl Check<'_> {
    fn known_collection(&self, key: &str) -> bool {
        if self.account {
            AccountCollection::from_key(key).is_some()
        } else {
            PersonalCollection::ALL.iter().any(|c| c.key() == key)
        }
    }

    fn patch(
        &mut self,
        doc: &AutoCommit,
        before: &[ChangeHash],
        path: &[String],
        objs: &[&ObjId],
        obj: &ObjId,
        action: &PatchAction,
    ) -> Result<(), Refusal> {
        // Remember what this change created, wherever it is.
        // Values that another user's earlier op put there (merged, not written now) are not
        // this change's doing: every new op is the writer's (the actors are checked first).
        let writer = self.writer.user;
        let by_writer = move |id: &ObjId| actor_user(id) == Some(writer);
        match action {
            PatchAction::PutMap { value, .. } | PatchAction::PutSeq { value, .. }
                if matches!(value.0, Value::Object(_)) && by_writer(&value.1) =>
            {
                self.created.insert(value.1.clone());
            }
            PatchAction::Insert { values, .. } => {
                for (v, id, _) in values.iter() {
                    if matches!(v, Value::Object(_)) && by_writer(id) {
                        self.created.insert(id.clone());
                    }
                }
            }
            _ => {}
        }
        let here = path.join("/");
        if self.mode == Mode::Handover {
            // The record a patch is in: the object itself for its own fields, else the
            // object that holds `path[2]`.
            let record = match path.len() {
                0 | 1 => None,
                2 => Some(obj),
                _ => Some(objs[2]),
            };
            let only_new = match (path.len(), record) {
                (0, _) => false,
                (1, _) => matches!(action, PatchAction::PutMap { .. }) && path[0] != "account",
                (_, Some(r)) => self.created.contains(r) && path[0] != "account",
                (_, None) => false,
            };
            if !only_new {
                return Err(refuse(
                    &here,
                    path.last().map_or("(root)", String::as_str),
                    "cannot change: the account was handed over; only new records you made before are delivered",
                ));
            }
        }
        match (path, action) {
            ([], PatchAction::PutMap { key, .. })
                if self.mode == Mode::NewDocument
                    && matches!(key.as_str(), "account" | "schema") =>
            {
                Ok(())
            }
            // At the root: a collection (or a personal document's own keys) may be made
            // again by a copy started offline, side by side; nothing there may be replaced.
            ([], PatchAction::PutMap { key, value, .. }) => {
                let own_key = !self.account && matches!(key.as_str(), "schema" | "user");
                let collection =
                    self.known_collection(key) && matches!(value.0, Value::Object(ObjType::Map));
                if !(collection || own_key) {
                    return Err(refuse("(root)", key, "is the server's to create"));
                }
                if key == "user" && as_user(&value.0) != Some(self.writer.user) {
                    return Err(refuse("(root)", key, "must name you"));
                }
                let was = doc
                    .get_all_at(ROOT, key.as_str(), before)
                    .unwrap_or_default();
                let now = doc.get_all(ROOT, key.as_str()).unwrap_or_default();
                if was.iter().any(|(_, id)| !now.iter().any(|(_, n)| n == id)) {
                    return Err(refuse("(root)", key, "cannot be replaced"));
                }
                Ok(())
            }
            ([], PatchAction::DeleteMap { key }) => Err(refuse("(root)", key, "cannot be removed")),
            ([], _) => Err(refuse("(root)", "(root)", "cannot be changed this way")),
            // The account profile.
            ([top], action) if top == "account" && self.account => {
                if let PatchAction::PutMap { key, .. } = action
                    && key == "updated_by"
                    && self.mode != Mode::NewDocument
                {
                    self.people.push((
                        "account".into(),
                        "account".into(),
                        obj.clone(),
                        key.clone(),
                    ));
                    return Ok(());
                }
                self.profile_field(action)
            }
            // A record put into (or removed from) a collection.
            ([coll], PatchAction::PutMap { key, value, .. }) => {
                let record = format!("{coll}/{key}");
                if !matches!(value.0, Value::Object(ObjType::Map))
                    || !self.created.contains(&value.1)
                {
                    return Err(refuse(&record, key, "a record must be a new map"));
                }
                self.new_records.push((record, value.1.clone()));
                Ok(())
            }
            ([coll], PatchAction::DeleteMap { key }) => Err(refuse(
                &format!("{coll}/{key}"),
                key,
                "records are never removed",
            )),
            ([_], _) => Ok(()),
            // A field of a record.
            ([coll, _], action) => {
                let new_record = self.created.contains(obj);
                self.record_field(&here, coll, new_record, obj, action)
            }
            // The stage history: append-only.
            ([coll, _, field], action)
                if self.account && coll == "opportunities" && field == "history" =>
            {
                match action {
                    PatchAction::Insert { .. } => Ok(()),
                    _ => Err(refuse(
                        &here,
                        "history",
                        "is append-only: a past stage event cannot be removed or replaced",
                    )),
                }
            }
            ([coll, _, field, _, ..], action)
                if self.account && coll == "opportunities" && field == "history" =>
            {
                // `path[i]` is reached from `objs[i]`: the event map is `obj` itself, or
                // the object that holds `path[4]`.
                let event = if path.len() == 4 { obj } else { objs[4] };
                if !self.created.contains(event) {
                    return Err(refuse(
                        &here,
                        "history",
                        "is append-only: a past stage event cannot be rewritten",
                    ));
                }
                if let PatchAction::PutMap { key, .. } = action
                    && path.len() == 4
                    && key == "by"
                {
                    self.people
                        .push((here, "history".to_owned(), obj.clone(), key.clone()));
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// The rule for a field that names a person, given the value the writer put there.
    fn person_rule(
        &self,
        coll: &str,
        key: &str,
        user: Option<UserId>,
        null: bool,
    ) -> Option<&'static str> {
        let me = self.writer.user;
        match (coll, key) {
            (_, "created_by") if user != Some(me) => Some("must name you, the record's author"),
            (_, "updated_by" | "by") if user != Some(me) => {
                Some("must name you, who changed the record")
            }
            ("co_visits", "manager") if user != Some(me) => Some("must name you"),
            ("reviews" | "co_visits", "rep")
                if !user.is_some_and(|r| self.writer.may_review(r)) =>
            {
                Some("must be a rep you manage: reviews and co-visits are a manager's")
            }
            ("visits", "on_behalf_of")
                if !null && !user.is_some_and(|r| self.writer.may_act_for(r)) =>
            {
                Some("must be a rep you may enter visits for (as their manager or inside sales)")
            }
            _ => None,
        }
    }

    fn profile_field(&self, action: &PatchAction) -> Result<(), Refusal> {
        match action {
            PatchAction::PutMap { key, value, .. } if self.mode == Mode::NewDocument => {
                match key.as_str() {
                    "owner" | "created_by" | "updated_by"
                        if as_user(&value.0) != Some(self.writer.user) =>
                    {
                        Err(refuse(
                            "account",
                            key,
                            "must name you, who created the account",
                        ))
                    }
                    _ => Ok(()),
                }
            }
            PatchAction::PutMap { key, .. } => match key.as_str() {
                "id" | "owner" | "created_by" | "created_at" => Err(refuse(
                    "account",
                    key,
                    "is written by the server; an assignment is an administrator's operation",
                )),
                _ => Ok(()),
            },
            PatchAction::DeleteMap { key } => match key.as_str() {
                "id" | "owner" | "created_by" | "created_at" | "updated_by" | "updated_at"
                | "name" => Err(refuse("account", key, "cannot be removed")),
                _ => Ok(()),
            },
            PatchAction::Conflict {
                prop: Prop::Map(key),
            } if matches!(key.as_str(), "id" | "owner") => {
                Err(refuse("account", key, "is written by the server"))
            }
            _ => Ok(()),
        }
    }

    fn record_field(
        &mut self,
        here: &str,
        coll: &str,
        new_record: bool,
        obj: &ObjId,
        action: &PatchAction,
    ) -> Result<(), Refusal> {
        match action {
            PatchAction::PutMap { key, .. } => match (coll, key.as_str()) {
                (_, "created_by" | "created_at") if !new_record => Err(refuse(
                    here,
                    key,
                    "is written once, when the record is created",
                )),
                ("opportunities", "history") if !new_record => Err(refuse(
                    here,
                    key,
                    "is append-only: the history cannot be replaced",
                )),
                (_, "created_by" | "updated_by")
                | ("reviews" | "co_visits", "rep")
                | ("co_visits", "manager")
                | ("visits", "on_behalf_of") => {
                    // Checked once every patch is seen: a JavaScript client writes a
                    // string as a text object, whose content arrives in later patches.
                    self.people
                        .push((here.to_owned(), coll.to_owned(), obj.clone(), key.clone()));
                    Ok(())
                }
                _ => Ok(()),
            },
            PatchAction::DeleteMap { key } => match key.as_str() {
                "created_by" | "created_at" | "updated_by" | "history" | "rep" | "manager" => {
                    Err(refuse(here, key, "cannot be removed"))
                }
                _ => Ok(()),
            },
            PatchAction::Conflict {
                prop: Prop::Map(key),
            } if !new_record && matches!(key.as_str(), "created_by" | "created_at" | "history") => {
                Err(refuse(
                    here,
                    key,
                    "is written once, when the record is created",
                ))
            }
            _ => Ok(()),
        }
    }
}
