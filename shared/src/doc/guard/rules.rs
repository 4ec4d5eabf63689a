//! The rules applied to each patch of a change: which collections exist, which fields of
//! the profile and of each record the writer may set, and who a person field may name.

use std::collections::HashSet;

use automerge::{AutoCommit, ChangeHash, ObjId, ObjType, PatchAction, Prop, ROOT, ReadDoc, Value};

use super::super::{AccountCollection, PersonalCollection};
use super::{Mode, Refusal, Writer, as_user, refuse};
use crate::ids::UserId;

pub(super) struct Check<'a> {
    pub(super) writer: &'a Writer,
    pub(super) account: bool,
    /// A change, a whole new document (its root and profile are the writer's to make), or
    /// a delivery after a hand-over (only new records).
    pub(super) mode: Mode,
    /// Objects the change created.
    pub(super) created: HashSet<ObjId>,
    /// Records the change created, to check their author once all patches are seen.
    pub(super) new_records: Vec<(String, ObjId)>,
    /// Fields naming a person that the change set: (path, collection, record, field).
    pub(super) people: Vec<(String, String, ObjId, String)>,
}

impl Check<'_> {
    fn known_collection(&self, key: &str) -> bool {
        if self.account {
            AccountCollection::from_key(key).is_some()
                || super::super::contents::RETIRED_KEYS.contains(&key)
        } else {
            PersonalCollection::ALL.iter().any(|c| c.key() == key)
        }
    }

    pub(super) fn patch(
        &mut self,
        doc: &AutoCommit,
        before: &[ChangeHash],
        path: &[String],
        objs: &[&ObjId],
        obj: &ObjId,
        action: &PatchAction,
    ) -> Result<(), Refusal> {
        // Remember what this change created, wherever it is.
        super::note_created(&mut self.created, action, self.writer.user);
        let here = path.join("/");
        // The manager's reviews of daily lists and plans are the server's to write, for the
        // manager.
        if let Some(c) = path.first().filter(|_| !self.account).and_then(|k| {
            PersonalCollection::ALL
                .into_iter()
                .find(|c| c.server_written() && c.key() == k)
        }) {
            return Err(refuse(
                &here,
                c.key(),
                "is written by the server for your manager's review",
            ));
        }
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
    pub(super) fn person_rule(
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
