//! How fields are stored in Automerge, and the two rules that keep merges lossless:
//!
//! 1. **Write only what changed.** [`Put`] reads the current value first and writes only when
//!    the decoded value differs, so an edit to one field never touches (and so can never
//!    overwrite, on merge) a field another device changed concurrently.
//! 2. **Read tolerantly.** [`Fields`] turns a missing optional field into its default and a
//!    value it cannot decode (a wrong type, an enum value from a newer app) into an
//!    [`Issue`] plus the default, without touching the stored value. Unknown fields are
//!    never read or written, so they survive every edit.
//!
//! Sets are maps from key to `true`, so concurrent additions merge. Collections of records
//! are read across every conflicting copy of their map, so a collection created on two
//! devices at once loses no record.

use std::collections::{BTreeMap, BTreeSet};

use automerge::transaction::Transactable;
use automerge::{AutoCommit, AutomergeError, ObjId, ObjType, ReadDoc, ScalarValue, Value};
use chrono::NaiveDate;

use super::{Issue, Problem};
use crate::money::{Money, WinRate};
use crate::time::Timestamp;

/// A value stored as one Automerge scalar.
#[allow(unreachable_pub)] // sealed: reachable only inside the crate
pub trait Scalar: Sized + PartialEq {
    /// What a reader should have found, for issues.
    const EXPECTED: &'static str;
    /// The stored form.
    fn encode(&self) -> ScalarValue;
    /// The value, if `v` holds one.
    fn decode(v: &ScalarValue) -> Option<Self>;
}

fn int_of(v: &ScalarValue) -> Option<i64> {
    match v {
        ScalarValue::Int(i) => Some(*i),
        ScalarValue::Uint(u) => i64::try_from(*u).ok(),
        // JavaScript clients may store whole numbers as floats.
        ScalarValue::F64(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(*f as i64),
        _ => None,
    }
}

impl Scalar for String {
    const EXPECTED: &'static str = "text";
    fn encode(&self) -> ScalarValue {
        ScalarValue::Str(self.as_str().into())
    }
    fn decode(v: &ScalarValue) -> Option<Self> {
        match v {
            ScalarValue::Str(s) => Some(s.to_string()),
            _ => None,
        }
    }
}

impl Scalar for bool {
    const EXPECTED: &'static str = "true or false";
    fn encode(&self) -> ScalarValue {
        ScalarValue::Boolean(*self)
    }
    fn decode(v: &ScalarValue) -> Option<Self> {
        match v {
            ScalarValue::Boolean(b) => Some(*b),
            _ => None,
        }
    }
}

impl Scalar for i64 {
    const EXPECTED: &'static str = "a whole number";
    fn encode(&self) -> ScalarValue {
        ScalarValue::Int(*self)
    }
    fn decode(v: &ScalarValue) -> Option<Self> {
        int_of(v)
    }
}

impl Scalar for u64 {
    const EXPECTED: &'static str = "a whole number of at least 0";
    fn encode(&self) -> ScalarValue {
        ScalarValue::Uint(*self)
    }
    fn decode(v: &ScalarValue) -> Option<Self> {
        match v {
            ScalarValue::Uint(u) => Some(*u),
            other => int_of(other).and_then(|i| u64::try_from(i).ok()),
        }
    }
}

impl Scalar for u32 {
    const EXPECTED: &'static str = "a whole number from 0 to 4294967295";
    fn encode(&self) -> ScalarValue {
        ScalarValue::Uint(u64::from(*self))
    }
    fn decode(v: &ScalarValue) -> Option<Self> {
        u64::decode(v).and_then(|u| u32::try_from(u).ok())
    }
}

impl Scalar for i32 {
    const EXPECTED: &'static str = "a whole number";
    fn encode(&self) -> ScalarValue {
        ScalarValue::Int(i64::from(*self))
    }
    fn decode(v: &ScalarValue) -> Option<Self> {
        int_of(v).and_then(|i| i32::try_from(i).ok())
    }
}

impl Scalar for f64 {
    const EXPECTED: &'static str = "a number";
    fn encode(&self) -> ScalarValue {
        ScalarValue::F64(*self)
    }
    fn decode(v: &ScalarValue) -> Option<Self> {
        match v {
            ScalarValue::F64(f) if f.is_finite() => Some(*f),
            ScalarValue::Int(i) => Some(*i as f64),
            ScalarValue::Uint(u) => Some(*u as f64),
            _ => None,
        }
    }
}

impl Scalar for Timestamp {
    const EXPECTED: &'static str = "a timestamp";
    fn encode(&self) -> ScalarValue {
        ScalarValue::Timestamp(self.0)
    }
    fn decode(v: &ScalarValue) -> Option<Self> {
        match v {
            ScalarValue::Timestamp(t) => Some(Timestamp(*t)),
            other => int_of(other).map(Timestamp),
        }
    }
}

impl Scalar for Money {
    const EXPECTED: &'static str = "an amount in fen";
    fn encode(&self) -> ScalarValue {
        ScalarValue::Int(self.fen())
    }
    fn decode(v: &ScalarValue) -> Option<Self> {
        int_of(v).map(Money::from_fen)
    }
}

impl Scalar for WinRate {
    const EXPECTED: &'static str = "a win rate in basis points (0 to 10000)";
    fn encode(&self) -> ScalarValue {
        ScalarValue::Uint(u64::from(self.basis_points()))
    }
    fn decode(v: &ScalarValue) -> Option<Self> {
        u32::decode(v).and_then(|bp| WinRate::from_basis_points(bp).ok())
    }
}

impl Scalar for NaiveDate {
    const EXPECTED: &'static str = "a date (YYYY-MM-DD)";
    fn encode(&self) -> ScalarValue {
        ScalarValue::Str(self.format("%Y-%m-%d").to_string().into())
    }
    fn decode(v: &ScalarValue) -> Option<Self> {
        match v {
            ScalarValue::Str(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
            _ => None,
        }
    }
}

/// Implements [`Scalar`] for types stored as their `Display` text and read with `FromStr`.
macro_rules! text_scalar {
    ($($t:ty => $expected:literal),+ $(,)?) => {$(
        impl $crate::doc::codec::Scalar for $t {
            const EXPECTED: &'static str = $expected;
            fn encode(&self) -> ::automerge::ScalarValue {
                ::automerge::ScalarValue::Str(self.to_string().into())
            }
            fn decode(v: &::automerge::ScalarValue) -> Option<Self> {
                match v {
                    ::automerge::ScalarValue::Str(s) => s.parse().ok(),
                    _ => None,
                }
            }
        }
    )+};
}
pub(crate) use text_scalar;

/// Implements [`Scalar`] for closed enums, stored as their keys.
macro_rules! key_scalar {
    ($($t:ty),+ $(,)?) => {$(
        impl $crate::doc::codec::Scalar for $t {
            const EXPECTED: &'static str = stringify!($t);
            fn encode(&self) -> ::automerge::ScalarValue {
                ::automerge::ScalarValue::Str(self.key().into())
            }
            fn decode(v: &::automerge::ScalarValue) -> Option<Self> {
                match v {
                    ::automerge::ScalarValue::Str(s) => Self::from_key(s),
                    _ => None,
                }
            }
        }
    )+};
}
pub(crate) use key_scalar;

/// A value stored as an Automerge map of its own fields.
#[allow(unreachable_pub)] // sealed: reachable only inside the crate
pub trait MapCodec: Sized + PartialEq {
    /// Reads the fields, recording what could not be read.
    fn read(f: &mut Fields<'_>) -> Self;
    /// Writes the fields that differ from what is stored.
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError>;
}

fn describe(v: &Value<'_>) -> String {
    match v {
        Value::Object(t) => format!("a {t:?} object").to_lowercase(),
        Value::Scalar(s) => format!("{s}"),
    }
}

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

    /// A map from keys to scalars.
    pub(crate) fn map<K: Scalar + Ord, V: Scalar>(&mut self, key: &str) -> BTreeMap<K, V> {
        let mut out = BTreeMap::new();
        for obj in self.objects(key, ObjType::Map) {
            let mut inner = Fields::new(
                self.doc,
                obj.clone(),
                format!("{}/{key}", self.path),
                self.issues,
            );
            for member in self.doc.keys(&obj) {
                let Some(k) = K::decode(&ScalarValue::Str(member.as_str().into())) else {
                    inner.issue(
                        &member,
                        Problem::WrongType {
                            expected: K::EXPECTED,
                            found: member.clone(),
                        },
                    );
                    continue;
                };
                if let Some(v) = inner.opt::<V>(&member) {
                    out.entry(k).or_insert(v);
                }
            }
        }
        out
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

/// Every object of type `ty` stored (possibly in conflict) at `parent[key]`, the winner first.
pub(crate) fn objects_at(doc: &AutoCommit, parent: &ObjId, key: &str, ty: ObjType) -> Vec<ObjId> {
    let winner = match doc.get(parent, key) {
        Ok(Some((Value::Object(t), id))) if t == ty => Some(id),
        _ => None,
    };
    let mut out: Vec<ObjId> = winner.into_iter().collect();
    for (v, id) in doc.get_all(parent, key).unwrap_or_default() {
        if matches!(v, Value::Object(t) if t == ty) && !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// Writes the fields of one map object, each only when its value changed.
#[allow(unreachable_pub)] // sealed: reachable only inside the crate
#[derive(Debug)]
pub struct Put<'a> {
    doc: &'a mut AutoCommit,
    obj: ObjId,
}

impl<'a> Put<'a> {
    pub(crate) fn new(doc: &'a mut AutoCommit, obj: ObjId) -> Self {
        Self { doc, obj }
    }

    fn current<T: Scalar>(&self, key: &str) -> (bool, Option<T>) {
        match self.doc.get(&self.obj, key).ok().flatten() {
            None => (false, None),
            Some((Value::Scalar(s), _)) => (true, T::decode(&s)),
            Some((Value::Object(ObjType::Text), id)) => {
                let text = self.doc.text(&id).unwrap_or_default();
                (true, T::decode(&ScalarValue::Str(text.as_str().into())))
            }
            Some(_) => (true, None),
        }
    }

    /// Reads a list of maps as stored (issues are the reader's concern, not the writer's).
    pub(crate) fn read_list<T: MapCodec>(&self, key: &str) -> Vec<T> {
        let mut issues = Vec::new();
        Fields::new(self.doc, self.obj.clone(), String::new(), &mut issues).map_list(key)
    }

    /// Stores `value` unless the stored value already decodes to it.
    pub(crate) fn scalar<T: Scalar>(&mut self, key: &str, value: &T) -> Result<(), AutomergeError> {
        if self.current::<T>(key).1.as_ref() != Some(value) {
            self.doc.put(&self.obj, key, value.encode())?;
        }
        Ok(())
    }

    /// Stores or removes an optional value. A stored value this version cannot read is left
    /// alone when `value` is `None`: it may be a newer app's.
    pub(crate) fn opt<T: Scalar>(
        &mut self,
        key: &str,
        value: Option<&T>,
    ) -> Result<(), AutomergeError> {
        match value {
            Some(v) => self.scalar(key, v),
            None => {
                if let (true, Some(_)) = self.current::<T>(key) {
                    self.doc.delete(&self.obj, key)?;
                }
                Ok(())
            }
        }
    }

    /// Long text, as a collaborative text object updated by diff.
    pub(crate) fn text(&mut self, key: &str, value: &str) -> Result<(), AutomergeError> {
        match self.doc.get(&self.obj, key)? {
            Some((Value::Object(ObjType::Text), id)) => {
                if self.doc.text(&id)? != value {
                    self.doc.update_text(&id, value)?;
                }
            }
            _ => {
                let id = self.doc.put_object(&self.obj, key, ObjType::Text)?;
                self.doc.splice_text(&id, 0, 0, value)?;
            }
        }
        Ok(())
    }

    fn object(&mut self, key: &str, ty: ObjType) -> Result<ObjId, AutomergeError> {
        match objects_at(self.doc, &self.obj, key, ty).into_iter().next() {
            Some(id) => Ok(id),
            None => self.doc.put_object(&self.obj, key, ty),
        }
    }

    /// A set: adds missing members, removes members no longer in `value` (from every
    /// conflicting copy), and leaves members this version cannot read.
    pub(crate) fn set<T: Scalar + Ord>(
        &mut self,
        key: &str,
        value: &BTreeSet<T>,
    ) -> Result<(), AutomergeError> {
        let target = self.object(key, ObjType::Map)?;
        let copies = objects_at(self.doc, &self.obj, key, ObjType::Map);
        let mut present = BTreeSet::new();
        for obj in &copies {
            let members: Vec<String> = self.doc.keys(obj).collect();
            for member in members {
                if let Some(v) = T::decode(&ScalarValue::Str(member.as_str().into())) {
                    if value.contains(&v) {
                        present.insert(member);
                    } else {
                        self.doc.delete(obj, member.as_str())?;
                    }
                }
            }
        }
        for v in value {
            let member = match v.encode() {
                ScalarValue::Str(s) => s.to_string(),
                other => other.to_string(),
            };
            if !present.contains(&member) {
                self.doc.put(&target, member.as_str(), true)?;
            }
        }
        Ok(())
    }

    /// A map from keys to scalars, written entry by entry.
    pub(crate) fn map<K: Scalar + Ord, V: Scalar>(
        &mut self,
        key: &str,
        value: &BTreeMap<K, V>,
    ) -> Result<(), AutomergeError> {
        let target = self.object(key, ObjType::Map)?;
        let copies = objects_at(self.doc, &self.obj, key, ObjType::Map);
        let mut encoded = BTreeMap::new();
        for (k, v) in value {
            let member = match k.encode() {
                ScalarValue::Str(s) => s.to_string(),
                other => other.to_string(),
            };
            encoded.insert(member, v);
        }
        for obj in &copies {
            let members: Vec<String> = self.doc.keys(obj).collect();
            for member in members {
                let known = K::decode(&ScalarValue::Str(member.as_str().into())).is_some();
                if known && !encoded.contains_key(&member) {
                    self.doc.delete(obj, member.as_str())?;
                }
            }
        }
        let mut inner = Put::new(self.doc, target);
        for (member, v) in encoded {
            inner.scalar(&member, v)?;
        }
        Ok(())
    }

    /// A nested map; `None` removes it.
    pub(crate) fn child<T: MapCodec>(
        &mut self,
        key: &str,
        value: Option<&T>,
    ) -> Result<(), AutomergeError> {
        match value {
            Some(v) => {
                let obj = self.object(key, ObjType::Map)?;
                v.write(&mut Put::new(self.doc, obj))
            }
            None => {
                if !objects_at(self.doc, &self.obj, key, ObjType::Map).is_empty() {
                    self.doc.delete(&self.obj, key)?;
                }
                Ok(())
            }
        }
    }

    /// Whether `key` is stored, reads without issues, and `same` says it equals the new value.
    fn unchanged(&self, key: &str, same: impl FnOnce(&mut Fields<'_>) -> bool) -> bool {
        let mut issues = Vec::new();
        let equal = same(&mut Fields::new(
            self.doc,
            self.obj.clone(),
            String::new(),
            &mut issues,
        ));
        equal && issues.is_empty() && self.doc.get(&self.obj, key).ok().flatten().is_some()
    }

    /// An ordered list of scalars with a single writer: replaced whole when it differs.
    pub(crate) fn scalar_list<T: Scalar>(
        &mut self,
        key: &str,
        value: &[T],
    ) -> Result<(), AutomergeError> {
        if self.unchanged(key, |f| f.scalar_list::<T>(key) == value) {
            return Ok(());
        }
        let list = self.doc.put_object(&self.obj, key, ObjType::List)?;
        for (i, v) in value.iter().enumerate() {
            self.doc.insert(&list, i, v.encode())?;
        }
        Ok(())
    }

    /// An ordered list of maps with a single writer: replaced whole when it differs.
    pub(crate) fn map_list<T: MapCodec>(
        &mut self,
        key: &str,
        value: &[T],
    ) -> Result<(), AutomergeError> {
        if self.unchanged(key, |f| f.map_list::<T>(key) == value) {
            return Ok(());
        }
        let list = self.doc.put_object(&self.obj, key, ObjType::List)?;
        for (i, v) in value.iter().enumerate() {
            let item = self.doc.insert_object(&list, i, ObjType::Map)?;
            v.write(&mut Put::new(self.doc, item))?;
        }
        Ok(())
    }

    /// Appends to a list (creating it if needed) the maps for which `is_new` says yes, e.g.
    /// stage events not yet stored. Concurrent appends from two devices are both kept.
    pub(crate) fn append<T: MapCodec>(
        &mut self,
        key: &str,
        items: &[T],
        mut is_new: impl FnMut(&T) -> bool,
    ) -> Result<(), AutomergeError> {
        let list = self.object(key, ObjType::List)?;
        for item in items.iter().filter(|i| is_new(i)) {
            let end = self.doc.length(&list);
            let obj = self.doc.insert_object(&list, end, ObjType::Map)?;
            item.write(&mut Put::new(self.doc, obj))?;
        }
        Ok(())
    }
}
