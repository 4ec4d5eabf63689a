use std::collections::BTreeMap;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, AutomergeError, ObjType, ROOT, ReadDoc, ScalarValue, Value};

use super::codec::{Fields, MapCodec, Put, Scalar, objects_at};
use super::{Decoded, DocError, Issue, Problem, collection};
use crate::ids::{AccountId, UserId};
use crate::model::OrgConfig;

/// What a user's index says about one account they may sync.
#[derive(Debug, Clone, PartialEq, Eq)]
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
/// Layout: `{ schema, user, accounts: {account id: {name}}, org: {…} }`.
#[derive(Debug)]
pub struct IndexDoc {
    doc: AutoCommit,
}

super::wrapper_methods!(IndexDoc);

const ACCOUNTS: &str = "accounts";
const ORG: &str = "org";

impl IndexDoc {
    /// A new index for `user`.
    pub fn create(user: UserId, org: &OrgConfig) -> Result<Self, DocError> {
        let mut doc = collection::init(&[ACCOUNTS])?;
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
        let mut issues = Vec::new();
        let mut out = BTreeMap::new();
        for obj in objects_at(&self.doc, &ROOT, ACCOUNTS, ObjType::Map) {
            for key in self.doc.keys(&obj) {
                let path = format!("{ACCOUNTS}/{key}");
                let id = AccountId::decode(&ScalarValue::Str(key.as_str().into()));
                match (id, self.doc.get(&obj, key.as_str()).ok().flatten()) {
                    (Some(id), Some((Value::Object(ObjType::Map), entry))) => {
                        let value =
                            IndexEntry::read(&mut Fields::new(&self.doc, entry, path, &mut issues));
                        out.entry(id).or_insert(value);
                    }
                    _ => issues.push(Issue {
                        path,
                        problem: Problem::WrongType {
                            expected: "an account id mapped to an entry",
                            found: key.clone(),
                        },
                    }),
                }
            }
        }
        Decoded { value: out, issues }
    }

    /// Makes the account list exactly `accounts`, changing only what differs, and commits.
    pub fn set_accounts(
        &mut self,
        accounts: &BTreeMap<AccountId, IndexEntry>,
    ) -> Result<(), DocError> {
        let list = match objects_at(&self.doc, &ROOT, ACCOUNTS, ObjType::Map)
            .into_iter()
            .next()
        {
            Some(obj) => obj,
            None => self.doc.put_object(ROOT, ACCOUNTS, ObjType::Map)?,
        };
        let stored: Vec<String> = self.doc.keys(&list).collect();
        for key in stored {
            let keep = key
                .parse::<AccountId>()
                .is_ok_and(|id| accounts.contains_key(&id));
            if !keep {
                self.doc.delete(&list, key.as_str())?;
            }
        }
        for (id, entry) in accounts {
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
}
