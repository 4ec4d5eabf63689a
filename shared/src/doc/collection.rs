//! Records kept in root-level maps keyed by id: shared by the account and personal documents.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc, ScalarValue, Value, ValueRef};

use super::codec::{Fields, MapCodec, Put, Scalar, objects_at};
use super::{Decoded, DocError, Issue, Problem, Record};

/// Where record `key` of collection `collection` is stored, searching every conflicting
/// copy of the collection.
pub(crate) fn find(doc: &AutoCommit, collection: &str, key: &str) -> Option<ObjId> {
    objects_at(doc, &ROOT, collection, ObjType::Map)
        .into_iter()
        .find_map(|c| match doc.get(&c, key).ok().flatten() {
            Some((Value::Object(ObjType::Map), id)) => Some(id),
            _ => None,
        })
}

fn read_at<R: Record>(doc: &AutoCommit, id: R::Id, obj: ObjId, issues: &mut Vec<Issue>) -> R {
    let path = format!("{}/{id}", R::COLLECTION);
    let mut record = R::read(&mut Fields::new(doc, obj, path, issues));
    record.set_id(id);
    record
}

/// One record by id.
pub(crate) fn get<R: Record>(doc: &AutoCommit, id: R::Id) -> Option<Decoded<R>> {
    let obj = find(doc, R::COLLECTION, &id.to_string())?;
    let mut issues = Vec::new();
    let value = read_at::<R>(doc, id, obj, &mut issues);
    Some(Decoded { value, issues })
}

/// Every record of a collection, ordered by id (creation time). Entries whose key is not an
/// id or whose value is not a map are skipped and reported.
pub(crate) fn all<R: Record>(doc: &AutoCommit) -> Decoded<Vec<R>> {
    let mut issues = Vec::new();
    let mut records: Vec<R> = Vec::new();
    for collection in objects_at(doc, &ROOT, R::COLLECTION, ObjType::Map) {
        // One pass over the collection (a lookup per key would seek through it each time).
        for item in doc.map_range(&collection, ..) {
            let key = item.key.as_ref();
            let id = R::Id::decode(&ScalarValue::Str(key.into()));
            let path = format!("{}/{key}", R::COLLECTION);
            match (id, &item.value) {
                (Some(id), ValueRef::Object(ObjType::Map)) => {
                    if !records.iter().any(|r| r.id() == id) {
                        records.push(read_at::<R>(doc, id, item.id(), &mut issues));
                    }
                }
                (None, _) => issues.push(Issue {
                    path,
                    problem: Problem::WrongType {
                        expected: "a record id",
                        found: key.to_owned(),
                    },
                }),
                (Some(_), other) => issues.push(Issue {
                    path,
                    problem: Problem::WrongType {
                        expected: "a map",
                        found: format!("{:?}", other.to_owned().into_value()),
                    },
                }),
            }
        }
    }
    records.sort_by_key(|r| r.id());
    Decoded {
        value: records,
        issues,
    }
}

/// Inserts or updates a record (only its changed fields) and commits.
pub(crate) fn put<R: Record>(doc: &mut AutoCommit, record: &R) -> Result<(), DocError> {
    let key = record.id().to_string();
    let obj = match find(doc, R::COLLECTION, &key) {
        Some(obj) => obj,
        None => {
            let collection = match objects_at(doc, &ROOT, R::COLLECTION, ObjType::Map)
                .into_iter()
                .next()
            {
                Some(c) => c,
                None => doc.put_object(ROOT, R::COLLECTION, ObjType::Map)?,
            };
            if doc.get(&collection, key.as_str())?.is_some() {
                return Err(DocError::NotAMap(key));
            }
            doc.put_object(&collection, key.as_str(), ObjType::Map)?
        }
    };
    record.write(&mut Put::new(doc, obj))?;
    doc.commit();
    Ok(())
}

/// Reads the map at the root key `key`, if there is one.
pub(crate) fn read_root_map<T: MapCodec>(doc: &AutoCommit, key: &str) -> Option<Decoded<T>> {
    let obj = objects_at(doc, &ROOT, key, ObjType::Map)
        .into_iter()
        .next()?;
    let mut issues = Vec::new();
    let value = T::read(&mut Fields::new(doc, obj, key.to_owned(), &mut issues));
    Some(Decoded { value, issues })
}

/// Writes the changed fields of the map at the root key `key` (creating it) and commits.
pub(crate) fn write_root_map<T: MapCodec>(
    doc: &mut AutoCommit,
    key: &str,
    value: &T,
) -> Result<(), DocError> {
    let obj = match objects_at(doc, &ROOT, key, ObjType::Map).into_iter().next() {
        Some(obj) => obj,
        None => doc.put_object(ROOT, key, ObjType::Map)?,
    };
    value.write(&mut Put::new(doc, obj))?;
    doc.commit();
    Ok(())
}

/// The `schema` number at the root.
pub(crate) fn schema_version(doc: &AutoCommit) -> Option<u64> {
    match doc.get(ROOT, "schema").ok().flatten() {
        Some((Value::Scalar(s), _)) => u64::decode(&s),
        _ => None,
    }
}

/// Starts a document: the schema number and an empty map for each collection, so that
/// copies made from it never create the same map twice. `author`, when given, makes the
/// document's first changes (and later ones) with an actor of theirs.
pub(crate) fn init(
    collections: &[&str],
    author: Option<crate::ids::UserId>,
) -> Result<AutoCommit, DocError> {
    let mut doc = AutoCommit::new();
    if let Some(user) = author {
        doc.set_actor(super::actor_for(user));
    }
    doc.put(ROOT, "schema", super::SCHEMA_VERSION)?;
    for c in collections {
        doc.put_object(ROOT, *c, ObjType::Map)?;
    }
    Ok(doc)
}
