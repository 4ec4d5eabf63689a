//! Writing a map object's fields, each only when its value changed.

use std::collections::{BTreeMap, BTreeSet};

use automerge::transaction::Transactable;
use automerge::{AutoCommit, AutomergeError, ObjId, ObjType, ReadDoc, ScalarValue, Value};

use super::{Fields, MapCodec, Scalar, objects_at};

/// The name a key is stored under as a map member (sets and maps keyed by values).
fn member<K: Scalar>(k: &K) -> String {
    match k.encode() {
        ScalarValue::Str(s) => s.to_string(),
        other => other.to_string(),
    }
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
            let m = member(v);
            if !present.contains(&m) {
                self.doc.put(&target, m.as_str(), true)?;
            }
        }
        Ok(())
    }

    /// The map at `key` (made if missing) and `value`'s entries by their stored member
    /// names, after removing from every copy of that map the members this version can read
    /// that `value` no longer has (members it cannot read may be a newer app's, and stay).
    fn entries<'v, K: Scalar + Ord, V>(
        &mut self,
        key: &str,
        value: &'v BTreeMap<K, V>,
    ) -> Result<(ObjId, BTreeMap<String, &'v V>), AutomergeError> {
        let target = self.object(key, ObjType::Map)?;
        let encoded: BTreeMap<String, &V> = value.iter().map(|(k, v)| (member(k), v)).collect();
        for obj in &objects_at(self.doc, &self.obj, key, ObjType::Map) {
            let members: Vec<String> = self.doc.keys(obj).collect();
            for m in members {
                let known = K::decode(&ScalarValue::Str(m.as_str().into())).is_some();
                if known && !encoded.contains_key(&m) {
                    self.doc.delete(obj, m.as_str())?;
                }
            }
        }
        Ok((target, encoded))
    }

    /// A map from keys to scalars, written entry by entry.
    pub(crate) fn map<K: Scalar + Ord, V: Scalar>(
        &mut self,
        key: &str,
        value: &BTreeMap<K, V>,
    ) -> Result<(), AutomergeError> {
        let (target, entries) = self.entries(key, value)?;
        let mut inner = Put::new(self.doc, target);
        for (m, v) in entries {
            inner.scalar(&m, v)?;
        }
        Ok(())
    }

    /// A map from keys to nested maps, written entry by entry and field by field, so two
    /// devices adding different entries, or changing different fields of one, both keep
    /// theirs. Entries no longer in `value` are removed; keys this version cannot read stay.
    pub(crate) fn keyed<K: Scalar + Ord, V: MapCodec>(
        &mut self,
        key: &str,
        value: &BTreeMap<K, V>,
    ) -> Result<(), AutomergeError> {
        if value.is_empty() && objects_at(self.doc, &self.obj, key, ObjType::Map).is_empty() {
            return Ok(());
        }
        let (target, entries) = self.entries(key, value)?;
        let mut inner = Put::new(self.doc, target);
        for (m, v) in entries {
            inner.child(&m, Some(v))?;
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
