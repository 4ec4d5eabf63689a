//! Reading a map object's fields tolerantly (see the module above for the rules).

use std::collections::{BTreeMap, BTreeSet};

use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, ScalarValue, Value};

use super::super::{Issue, Problem};
use super::{MapCodec, Scalar, describe, objects_at};

/// One field of a map object as read in a single pass: the winning value, its object id
/// (for objects), and whether other devices' values conflict with it.
#[derive(Debug)]
struct Entry {
    key: String,
    value: Value<'static>,
    id: Option<ObjId>,
    conflict: bool,
}

/// Reads the fields of one map object.
///
/// The object is scanned once, when the reader is made: a lookup by key in Automerge's
/// columnar storage costs a seek through the whole object, and reading a record field by
/// field cost 40 ms per hospital document in the browser (a manager's first sync of 500
/// spent 16 s there). Reads are then lookups in the scanned fields.
#[allow(unreachable_pub)] // sealed: reachable only inside the crate
#[derive(Debug)]
pub struct Fields<'a> {
    doc: &'a AutoCommit,
    obj: ObjId,
    path: String,
    issues: &'a mut Vec<Issue>,
    entries: Vec<Entry>,
}

impl<'a> Fields<'a> {
    pub(crate) fn new(
        doc: &'a AutoCommit,
        obj: ObjId,
        path: String,
        issues: &'a mut Vec<Issue>,
    ) -> Self {
        let mut entries: Vec<Entry> = doc
            .map_range(&obj, ..)
            .map(|item| Entry {
                id: matches!(item.value, automerge::ValueRef::Object(_)).then(|| item.id()),
                key: item.key.into_owned(),
                value: item.value.into_value(),
                conflict: item.conflict,
            })
            .collect();
        entries.sort_by(|a, b| a.key.cmp(&b.key));
        Self {
            doc,
            obj,
            path,
            issues,
            entries,
        }
    }

    /// The winning value at `key` and, for an object, its id.
    fn lookup(&self, key: &str) -> Option<&Entry> {
        self.entries
            .binary_search_by(|e| e.key.as_str().cmp(key))
            .ok()
            .map(|i| &self.entries[i])
    }

    fn issue(&mut self, key: &str, problem: Problem) {
        self.issues.push(Issue {
            path: format!("{}/{key}", self.path),
            problem,
        });
    }

    /// Reports a value that does not fit the record (e.g. a negative amount).
    pub(crate) fn invalid(&mut self, key: &str, why: &str) {
        self.issue(key, Problem::Invalid(why.to_owned()));
    }

    fn present(&self, key: &str) -> bool {
        self.lookup(key).is_some()
    }

    /// An optional scalar: `None` when absent, or (with an issue) when unreadable. A text
    /// object counts as the string it holds: JavaScript clients write strings that way.
    pub(crate) fn opt<T: Scalar>(&mut self, key: &str) -> Option<T> {
        let entry = self.lookup(key)?;
        let (found, decoded) = match (&entry.value, &entry.id) {
            (Value::Scalar(s), _) if matches!(s.as_ref(), ScalarValue::Null) => return None,
            (Value::Scalar(s), _) => (format!("{s}"), T::decode(s)),
            (Value::Object(ObjType::Text), Some(id)) => {
                let text = self.doc.text(id).unwrap_or_default();
                let decoded = T::decode(&ScalarValue::Str(text.as_str().into()));
                (text, decoded)
            }
            (other, _) => (describe(other), None),
        };
        if decoded.is_none() {
            self.issue(
                key,
                Problem::WrongType {
                    expected: T::EXPECTED,
                    found,
                },
            );
        }
        decoded
    }

    /// A scalar with a natural default; absence is not an issue.
    pub(crate) fn or_default<T: Scalar + Default>(&mut self, key: &str) -> T {
        self.opt(key).unwrap_or_default()
    }

    /// A scalar every record has; absence is an issue, and the default stands in.
    pub(crate) fn required<T: Scalar + Default>(&mut self, key: &str) -> T {
        if !self.present(key) {
            self.issue(key, Problem::Missing);
        }
        self.opt(key).unwrap_or_default()
    }

    /// Like [`Self::required`], for values with no default: `fallback` stands in.
    pub(crate) fn required_or<T: Scalar>(&mut self, key: &str, fallback: T) -> T {
        if !self.present(key) {
            self.issue(key, Problem::Missing);
        }
        self.opt(key).unwrap_or(fallback)
    }

    /// Long text: an Automerge text object (or, from other writers, a plain string).
    pub(crate) fn text(&mut self, key: &str) -> String {
        let Some(entry) = self.lookup(key) else {
            return String::new();
        };
        match (&entry.value, &entry.id) {
            (Value::Object(ObjType::Text), Some(id)) => self.doc.text(id).unwrap_or_default(),
            (Value::Scalar(s), _) if matches!(s.as_ref(), ScalarValue::Str(_)) => {
                String::decode(s).unwrap_or_default()
            }
            (other, _) => {
                let found = describe(other);
                self.issue(
                    key,
                    Problem::WrongType {
                        expected: "text",
                        found,
                    },
                );
                String::new()
            }
        }
    }

    /// Every object of type `ty` at `key`, across conflicting copies, the winner first.
    fn objects(&self, key: &str, ty: ObjType) -> Vec<ObjId> {
        match self.lookup(key) {
            None => Vec::new(),
            Some(e) if e.conflict => objects_at(self.doc, &self.obj, key, ty),
            Some(Entry {
                value: Value::Object(t),
                id: Some(id),
                ..
            }) if *t == ty => vec![id.clone()],
            Some(_) => Vec::new(),
        }
    }

    /// A set stored as a map whose keys are the members, across conflicting copies.
    pub(crate) fn set<T: Scalar + Ord>(&mut self, key: &str) -> BTreeSet<T> {
        let mut out = BTreeSet::new();
        for obj in self.objects(key, ObjType::Map) {
            for member in self.doc.keys(&obj) {
                match T::decode(&ScalarValue::Str(member.as_str().into())) {
                    Some(v) => {
                        out.insert(v);
                    }
                    None => {
                        let found = member.clone();
                        self.issue(
                            key,
                            Problem::WrongType {
                                expected: T::EXPECTED,
                                found,
                            },
                        );
                    }
                }
            }
        }
        out
    }

    /// Each member of every copy of the map at `key` whose name decodes as a `K` (an
    /// issue for the others), read with `value`, the winning copy's first.
    fn members<K: Scalar + Ord, V>(
        &mut self,
        key: &str,
        mut value: impl FnMut(&mut Fields<'_>, &str) -> Option<V>,
    ) -> BTreeMap<K, V> {
        let mut out = BTreeMap::new();
        for obj in self.objects(key, ObjType::Map) {
            let path = format!("{}/{key}", self.path);
            let mut inner = Fields::new(self.doc, obj, path, self.issues);
            let names: Vec<String> = inner.entries.iter().map(|e| e.key.clone()).collect();
            for name in names {
                let Some(k) = K::decode(&ScalarValue::Str(name.as_str().into())) else {
                    let found = name.clone();
                    inner.issue(
                        &name,
                        Problem::WrongType {
                            expected: K::EXPECTED,
                            found,
                        },
                    );
                    continue;
                };
                if out.contains_key(&k) {
                    continue;
                }
                if let Some(v) = value(&mut inner, &name) {
                    out.insert(k, v);
                }
            }
        }
        out
    }

    /// A map from keys to scalars.
    pub(crate) fn map<K: Scalar + Ord, V: Scalar>(&mut self, key: &str) -> BTreeMap<K, V> {
        self.members(key, |f, name| f.opt::<V>(name))
    }

    /// A map from keys to nested maps (e.g. an opportunity's stakeholders by contact), read
    /// across conflicting copies of the outer map; an entry written on two devices at once
    /// reads as the winning copy.
    pub(crate) fn keyed<K: Scalar + Ord, V: MapCodec>(&mut self, key: &str) -> BTreeMap<K, V> {
        self.members(key, |f, name| f.child::<V>(name))
    }

    /// A nested map value, when present.
    pub(crate) fn child<T: MapCodec>(&mut self, key: &str) -> Option<T> {
        let entry = self.lookup(key)?;
        match (&entry.value, &entry.id) {
            (Value::Object(ObjType::Map), Some(id)) => {
                let (doc, id) = (self.doc, id.clone());
                let path = format!("{}/{key}", self.path);
                Some(T::read(&mut Fields::new(doc, id, path, self.issues)))
            }
            (other, _) => {
                let found = describe(other);
                self.issue(
                    key,
                    Problem::WrongType {
                        expected: "a map",
                        found,
                    },
                );
                None
            }
        }
    }

    /// A list of scalars.
    pub(crate) fn scalar_list<T: Scalar>(&mut self, key: &str) -> Vec<T> {
        let Some(list) = self.objects(key, ObjType::List).into_iter().next() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for i in 0..self.doc.length(&list) {
            match self.doc.get(&list, i).ok().flatten() {
                Some((Value::Scalar(s), _)) => match T::decode(&s) {
                    Some(v) => out.push(v),
                    None => self.issue(
                        &format!("{key}/{i}"),
                        Problem::WrongType {
                            expected: T::EXPECTED,
                            found: format!("{s}"),
                        },
                    ),
                },
                other => {
                    let found = other.map(|(v, _)| describe(&v)).unwrap_or_default();
                    self.issue(
                        &format!("{key}/{i}"),
                        Problem::WrongType {
                            expected: T::EXPECTED,
                            found,
                        },
                    );
                }
            }
        }
        out
    }

    /// A list of maps, across conflicting copies of the list.
    pub(crate) fn map_list<T: MapCodec>(&mut self, key: &str) -> Vec<T> {
        let mut out = Vec::new();
        for list in self.objects(key, ObjType::List) {
            for i in 0..self.doc.length(&list) {
                let path = format!("{}/{key}/{i}", self.path);
                match self.doc.get(&list, i).ok().flatten() {
                    Some((Value::Object(ObjType::Map), id)) => {
                        out.push(T::read(&mut Fields::new(self.doc, id, path, self.issues)));
                    }
                    other => {
                        let found = other.map(|(v, _)| describe(&v)).unwrap_or_default();
                        self.issues.push(Issue {
                            path,
                            problem: Problem::WrongType {
                                expected: "a map",
                                found,
                            },
                        });
                    }
                }
            }
        }
        out
    }
}
