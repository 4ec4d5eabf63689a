//! The rules for a hand-off notice's document:
//! - The notice (`notice`) is its issuer's: written by them, their managers or an admin.
//!   Its `id`, `account`, `department` and `created_*` are written once, when it is issued.
//! - Receipts and handling steps (`receipts`, `events`) are the receiving department's:
//!   only its members add them — or, for a notice addressed `to` a person (finance chasing
//!   a payment with the rep), only that person — each naming its writer as `created_by`; a
//!   step passing the notice on names a colleague in the department. Once written they
//!   never change.
//! - Sales issue notices to departments; a department user issues only notices addressed
//!   to a person.
//! - Nothing is removed.

use automerge::{AutoCommit, ChangeHash, ObjId, ObjType, PatchAction, Prop, ROOT, ReadDoc, Value};

use super::{Refusal, Writer, as_user, note_created, own_actors, path_of, person, refuse};
use crate::doc::codec::Scalar;
use crate::doc::notice_doc::{NOTICE, NoticeCollection};
use crate::ids::UserId;
use crate::model::Department;

/// Checks the changes since `before` (already received into `doc`) to a notice document
/// against the rules. `Err` names the first broken rule; the caller then discards the
/// document and keeps what was stored.
pub fn check_notice(
    doc: &mut AutoCommit,
    before: &[ChangeHash],
    writer: &Writer,
) -> Result<(), Refusal> {
    own_actors(doc, before, writer)?;
    let facts = Facts::at(doc, Some(before))?;
    NoticeCheck::new(writer, facts, false).run(doc, before)
}

/// Checks a notice document issued offline, all of it: the writer issues it.
pub fn check_new_notice(doc: &mut AutoCommit, writer: &Writer) -> Result<(), Refusal> {
    own_actors(doc, &[], writer)?;
    let facts = Facts::at(doc, None)?;
    if facts.issuer != writer.user {
        return Err(refuse(
            NOTICE,
            "created_by",
            "must name you, who issue the notice",
        ));
    }
    if writer.desk.is_some() && facts.to.is_none() {
        return Err(refuse(
            NOTICE,
            "to",
            "department users address their notices to a person (e.g. the rep); sales issue them to departments",
        ));
    }
    NoticeCheck::new(writer, facts, true).run(doc, &[])
}

/// What the rules need from the notice as it stood before the change.
struct Facts {
    issuer: UserId,
    department: Option<Department>,
    to: Option<UserId>,
}

impl Facts {
    fn at(doc: &AutoCommit, heads: Option<&[ChangeHash]>) -> Result<Self, Refusal> {
        let obj = match heads {
            Some(h) => doc.get_at(ROOT, NOTICE, h),
            None => doc.get(ROOT, NOTICE),
        };
        let Some((Value::Object(ObjType::Map), obj)) = obj.ok().flatten() else {
            return Err(refuse(
                "(root)",
                NOTICE,
                "is missing: not a notice document",
            ));
        };
        let field = |key: &str| match heads {
            Some(h) => doc.get_at(&obj, key, h).ok().flatten(),
            None => doc.get(&obj, key).ok().flatten(),
        };
        let issuer = field("created_by")
            .and_then(|(v, id)| person(doc, &v, &id))
            .ok_or_else(|| refuse(NOTICE, "created_by", "must name the issuer"))?;
        let department = match field("department") {
            Some((Value::Scalar(s), _)) => Department::decode(&s),
            _ => None,
        };
        let to = field("to").and_then(|(v, id)| person(doc, &v, &id));
        Ok(Self {
            issuer,
            department,
            to,
        })
    }
}

struct NoticeCheck<'a> {
    writer: &'a Writer,
    facts: Facts,
    new: bool,
    created: std::collections::HashSet<ObjId>,
    /// Records added, to check their author once every patch is seen.
    records: Vec<(String, ObjId)>,
    /// Person fields set: (path, object, field).
    people: Vec<(String, ObjId, String)>,
}

impl<'a> NoticeCheck<'a> {
    fn new(writer: &'a Writer, facts: Facts, new: bool) -> Self {
        Self {
            writer,
            facts,
            new,
            created: Default::default(),
            records: Vec::new(),
            people: Vec::new(),
        }
    }

    fn issuer_side(&self) -> bool {
        self.writer.user == self.facts.issuer || self.writer.may_review(self.facts.issuer)
    }

    fn desk_side(&self) -> bool {
        crate::notice::answers(
            self.facts.to,
            self.facts.department,
            self.writer.user,
            self.writer.desk.as_ref().map(|d| d.department),
        )
    }

    fn run(mut self, doc: &mut AutoCommit, before: &[ChangeHash]) -> Result<(), Refusal> {
        let after = doc.get_heads();
        for patch in doc.diff(before, &after) {
            let (path, objs) = path_of(&patch);
            self.patch(doc, before, &path, &objs, &patch.obj, &patch.action)?;
        }
        for (path, obj, key) in &self.people {
            let Some((value, op)) = doc.get(obj, key.as_str()).ok().flatten() else {
                continue;
            };
            let who = person(doc, &value, &op);
            let ok = match key.as_str() {
                "to" => who.is_some_and(|u| {
                    self.writer
                        .desk
                        .as_ref()
                        .is_some_and(|d| d.members.contains(&u))
                }),
                _ => who == Some(self.writer.user),
            };
            if !ok {
                let why = match key.as_str() {
                    "to" => "must be a member of the notice's department",
                    "created_by" => "must name you, the record's author",
                    _ => "must name you, who changed it",
                };
                return Err(refuse(path, key, why));
            }
        }
        for (path, obj) in &self.records {
            let by = doc
                .get(obj, "created_by")
                .ok()
                .flatten()
                .and_then(|(v, id)| person(doc, &v, &id));
            if by != Some(self.writer.user) {
                return Err(refuse(
                    path,
                    "created_by",
                    "must name you, the record's author",
                ));
            }
        }
        Ok(())
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
        note_created(&mut self.created, action, self.writer.user);
        let here = path.join("/");
        let collection = |key: &str| NoticeCollection::ALL.iter().any(|c| c.key() == key);
        match (path, action) {
            ([], PatchAction::PutMap { key, .. })
                if self.new && (key == NOTICE || key == "schema" || collection(key)) =>
            {
                Ok(())
            }
            // A collection made again by a copy started offline, side by side.
            ([], PatchAction::PutMap { key, value, .. })
                if collection(key) && matches!(value.0, Value::Object(ObjType::Map)) =>
            {
                let was = doc
                    .get_all_at(ROOT, key.as_str(), before)
                    .unwrap_or_default();
                let now = doc.get_all(ROOT, key.as_str()).unwrap_or_default();
                if was.iter().any(|(_, id)| !now.iter().any(|(_, n)| n == id)) {
                    return Err(refuse("(root)", key, "cannot be replaced"));
                }
                Ok(())
            }
            ([], PatchAction::PutMap { key, .. } | PatchAction::DeleteMap { key }) => Err(refuse(
                "(root)",
                key,
                "is written once, when the notice is issued",
            )),
            ([], _) => Err(refuse("(root)", "(root)", "cannot be changed this way")),
            ([top, ..], action) if top == NOTICE => {
                if !self.issuer_side() {
                    let field = match (path.get(1), action) {
                        (Some(f), _) => f.as_str(),
                        (
                            None,
                            PatchAction::PutMap { key, .. } | PatchAction::DeleteMap { key },
                        ) => key.as_str(),
                        (None, _) => NOTICE,
                    };
                    return Err(refuse(
                        &here,
                        field,
                        "is the issuer's to write; the department answers with a receipt",
                    ));
                }
                self.notice_field(&here, path, obj, action)
            }
            ([coll, ..], _) if collection(coll) && !self.desk_side() => Err(refuse(
                &here,
                coll,
                if self.facts.to.is_some() {
                    "is written only by the person the notice is addressed to"
                } else {
                    "is written by the receiving department only"
                },
            )),
            ([coll], PatchAction::PutMap { key, value, .. }) => {
                let record = format!("{coll}/{key}");
                if !matches!(value.0, Value::Object(ObjType::Map)) {
                    return Err(refuse(&record, key, "a record must be a new map"));
                }
                self.records.push((record, value.1.clone()));
                Ok(())
            }
            ([coll], _) if collection(coll) => Err(refuse(&here, coll, "nothing is removed")),
            ([coll, _, ..], action) if collection(coll) => {
                let record = if path.len() == 2 { obj } else { objs[2] };
                if !self.created.contains(record) {
                    return Err(refuse(
                        &here,
                        coll,
                        "receipts and steps never change once written; add a new one",
                    ));
                }
                if let PatchAction::PutMap { key, .. } = action
                    && path.len() == 2
                    && matches!(key.as_str(), "created_by" | "updated_by" | "to")
                {
                    self.people.push((here, obj.clone(), key.clone()));
                }
                Ok(())
            }
            _ => Err(refuse(&here, "(root)", "is not part of a notice")),
        }
    }

    fn notice_field(
        &mut self,
        here: &str,
        path: &[String],
        obj: &ObjId,
        action: &PatchAction,
    ) -> Result<(), Refusal> {
        if path.len() != 1 {
            return Ok(()); // inside a text field (the details)
        }
        match action {
            PatchAction::PutMap { key, value, .. } => {
                match key.as_str() {
                    "id" | "account" | "department" | "to" | "created_at" if !self.new => Err(
                        refuse(here, key, "is written once, when the notice is issued"),
                    ),
                    "created_by" if !self.new => Err(refuse(
                        here,
                        key,
                        "is written once, when the notice is issued",
                    )),
                    "created_by" if as_user(&value.0) != Some(self.writer.user) => {
                        Err(refuse(here, key, "must name you, who issue the notice"))
                    }
                    "updated_by" => {
                        self.people
                            .push((here.to_owned(), obj.clone(), key.clone()));
                        Ok(())
                    }
                    _ => Ok(()),
                }
            }
            PatchAction::DeleteMap { key } => Err(refuse(here, key, "cannot be removed")),
            PatchAction::Conflict {
                prop: Prop::Map(key),
            } if matches!(
                key.as_str(),
                "id" | "account" | "department" | "to" | "created_by"
            ) =>
            {
                Err(refuse(
                    here,
                    key,
                    "is written once, when the notice is issued",
                ))
            }
            _ => Ok(()),
        }
    }
}
