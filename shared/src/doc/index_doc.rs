use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, AutomergeError, ObjType, ROOT, ReadDoc, ScalarValue, Value};

use super::codec::{Fields, MapCodec, Put, Scalar, objects_at};
use super::{Decoded, DocError, Issue, Problem, collection};
use crate::ids::{AccountId, NoticeId, UserId};
use crate::model::OrgConfig;

/// What a user's index says about one account they may sync.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IndexEntry {
    /// The hospital's name, so the list can be shown before the account document arrives.
    pub name: String,
}

impl MapCodec for IndexEntry {
    fn read(f: &mut Fields<'_>) -> Self {
        IndexEntry {
            name: f.or_default("name"),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("name", &self.name)
    }
}

/// A user's index document, written by the server only: which account documents the user
/// may sync, and the organisation's configuration (stages, standards, targets).
///
/// Layout: `{ schema, user, accounts: {account id: {name}}, org: {…}, people: {user id:
/// name}, notices: {notice id: {name}}, colleagues: {user id: name} }` (`people` names
/// whoever's edits the user may see, `notices` lists hand-off notices by hospital,
/// `colleagues` a department user's department; all added later, so optional).
#[derive(Debug)]
pub struct IndexDoc {
    doc: AutoCommit,
}

super::wrapper_methods!(IndexDoc);

const ACCOUNTS: &str = "accounts";
const ORG: &str = "org";
const PEOPLE: &str = "people";
const NOTICES: &str = "notices";
const COLLEAGUES: &str = "colleagues";

impl IndexDoc {
    /// A new index for `user`.
    pub fn create(user: UserId, org: &OrgConfig) -> Result<Self, DocError> {
        let mut doc = collection::init(&[ACCOUNTS], None)?;
        doc.put(ROOT, "user", user.encode())?;
        collection::write_root_map(&mut doc, ORG, org)?;
        Ok(Self { doc })
    }

    /// The user this index belongs to.
    pub fn user(&self) -> Option<UserId> {
        match self.doc.get(ROOT, "user").ok().flatten() {
            Some((Value::Scalar(s), _)) => UserId::decode(&s),
            _ => None,
        }
    }

    /// The accounts the user may sync.
    pub fn accounts(&self) -> Decoded<BTreeMap<AccountId, IndexEntry>> {
        self.entries(ACCOUNTS, "an account id mapped to an entry")
    }

    /// Makes the account list exactly `accounts`, changing only what differs, and commits.
    pub fn set_accounts(
        &mut self,
        accounts: &BTreeMap<AccountId, IndexEntry>,
    ) -> Result<(), DocError> {
        self.set_entries(ACCOUNTS, accounts)
    }

    /// The hand-off notices the user may sync (issued, managed or to answer), each named
    /// by its hospital. Index documents made before notices have none.
    pub fn notices(&self) -> Decoded<BTreeMap<NoticeId, IndexEntry>> {
        self.entries(NOTICES, "a notice id mapped to an entry")
    }

    /// Makes the notice list exactly `notices`, changing only what differs, and commits.
    pub fn set_notices(
        &mut self,
        notices: &BTreeMap<NoticeId, IndexEntry>,
    ) -> Result<(), DocError> {
        self.set_entries(NOTICES, notices)
    }

    fn entries<K: FromStr + Ord>(
        &self,
        root: &str,
        expected: &'static str,
    ) -> Decoded<BTreeMap<K, IndexEntry>> {
        let mut issues = Vec::new();
        let mut out = BTreeMap::new();
        for obj in objects_at(&self.doc, &ROOT, root, ObjType::Map) {
            for key in self.doc.keys(&obj) {
                let path = format!("{root}/{key}");
                match (
                    key.parse::<K>(),
                    self.doc.get(&obj, key.as_str()).ok().flatten(),
                ) {
                    (Ok(id), Some((Value::Object(ObjType::Map), entry))) => {
                        let value =
                            IndexEntry::read(&mut Fields::new(&self.doc, entry, path, &mut issues));
                        out.entry(id).or_insert(value);
                    }
                    _ => issues.push(Issue {
                        path,
                        problem: Problem::WrongType {
                            expected,
                            found: key.clone(),
                        },
                    }),
                }
            }
        }
        Decoded { value: out, issues }
    }

    fn set_entries<K: FromStr + Ord + fmt::Display>(
        &mut self,
        root: &str,
        entries: &BTreeMap<K, IndexEntry>,
    ) -> Result<(), DocError> {
        let list = match objects_at(&self.doc, &ROOT, root, ObjType::Map)
            .into_iter()
            .next()
        {
            Some(obj) => obj,
            None => self.doc.put_object(ROOT, root, ObjType::Map)?,
        };
        let stored: Vec<String> = self.doc.keys(&list).collect();
        for key in stored {
            if !key.parse::<K>().is_ok_and(|id| entries.contains_key(&id)) {
                self.doc.delete(&list, key.as_str())?;
            }
        }
        for (id, entry) in entries {
            let key = id.to_string();
            let obj = match self.doc.get(&list, key.as_str())? {
                Some((Value::Object(ObjType::Map), obj)) => obj,
                _ => self.doc.put_object(&list, key.as_str(), ObjType::Map)?,
            };
            entry.write(&mut Put::new(&mut self.doc, obj))?;
        }
        self.doc.commit();
        Ok(())
    }

    /// The organisation's configuration (defaults where the document has none).
    pub fn org(&self) -> Decoded<OrgConfig> {
        collection::read_root_map(&self.doc, ORG).unwrap_or_else(|| Decoded {
            value: OrgConfig::default(),
            issues: Vec::new(),
        })
    }

    /// Writes the configuration's changed parts and commits.
    pub fn set_org(&mut self, org: &OrgConfig) -> Result<(), DocError> {
        collection::write_root_map(&mut self.doc, ORG, org)
    }

    /// Display names of the people whose edits the user may see.
    pub fn people(&self) -> BTreeMap<UserId, String> {
        self.names(PEOPLE)
    }

    /// Makes the names exactly `people`, changing only what differs, and commits.
    pub fn set_people(&mut self, people: &BTreeMap<UserId, String>) -> Result<(), DocError> {
        self.set_names(PEOPLE, people)
    }

    /// A department user's colleagues in the department (to pass a notice on to), by name.
    /// Empty for sales users, and in index documents made before notices.
    pub fn colleagues(&self) -> BTreeMap<UserId, String> {
        self.names(COLLEAGUES)
    }

    /// Makes the colleagues exactly `colleagues`, changing only what differs, and commits.
    pub fn set_colleagues(
        &mut self,
        colleagues: &BTreeMap<UserId, String>,
    ) -> Result<(), DocError> {
        self.set_names(COLLEAGUES, colleagues)
    }

    fn names(&self, root: &str) -> BTreeMap<UserId, String> {
        let mut out = BTreeMap::new();
        for obj in objects_at(&self.doc, &ROOT, root, ObjType::Map) {
            for key in self.doc.keys(&obj) {
                if let (Ok(id), Ok(Some((Value::Scalar(name), _)))) =
                    (key.parse::<UserId>(), self.doc.get(&obj, key.as_str()))
                    && let ScalarValue::Str(name) = name.as_ref()
                {
                    out.entry(id).or_insert_with(|| name.to_string());
                }
            }
        }
        out
    }

    fn set_names(&mut self, root: &str, names: &BTreeMap<UserId, String>) -> Result<(), DocError> {
        if self.names(root) == *names {
            return Ok(());
        }
        let map = match objects_at(&self.doc, &ROOT, root, ObjType::Map)
            .into_iter()
            .next()
        {
            Some(obj) => obj,
            None => self.doc.put_object(ROOT, root, ObjType::Map)?,
        };
        let stored: Vec<String> = self.doc.keys(&map).collect();
        for key in stored {
            if !key
                .parse::<UserId>()
                .is_ok_and(|id| names.contains_key(&id))
            {
                self.doc.delete(&map, key.as_str())?;
            }
        }
        for (id, name) in names {
            let key = id.to_string();
            let same = matches!(self.doc.get(&map, key.as_str())?,
                Some((Value::Scalar(s), _)) if matches!(s.as_ref(), ScalarValue::Str(n) if n.as_str() == name));
            if !same {
                self.doc.put(&map, key.as_str(), name.as_str())?;
            }
        }
        self.doc.commit();
        Ok(())
    }
}

#[cfg(test)]
mod people_tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn people_round_trip_and_an_unchanged_list_writes_nothing() {
        let mut index = IndexDoc::create(UserId::generate(), &OrgConfig::default()).unwrap();
        assert!(
            index.people().is_empty(),
            "older index documents have no people"
        );
        let people: BTreeMap<UserId, String> = [
            (UserId::generate(), "张伟".to_owned()),
            (UserId::generate(), "李经理".to_owned()),
        ]
        .into();
        index.set_people(&people).unwrap();
        assert_eq!(index.people(), people);
        let heads = index.automerge().get_heads();
        index.set_people(&people).unwrap();
        assert_eq!(index.automerge().get_heads(), heads);
        let fewer: BTreeMap<_, _> = people
            .iter()
            .take(1)
            .map(|(k, v)| (*k, v.clone()))
            .collect();
        index.set_people(&fewer).unwrap();
        assert_eq!(index.people(), fewer);
    }
}
