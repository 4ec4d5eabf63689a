//! What an account document holds, listed once: the closed set of its collections
//! ([`AccountCollection`]) and everything in it decoded ([`AccountContents`]). The server's
//! projection, the phone's decoded view and the tests all read documents through these, so
//! a new record type is added here (a variant, a field, a match arm) and every exhaustive
//! match that must handle it stops compiling until it does.
//!
//! ```
//! use rounds_shared::doc::{AccountCollection, AccountContents, AccountDoc};
//! use rounds_shared::ids::{AccountId, UserId};
//! use rounds_shared::model::{Account, HospitalLevel};
//! use rounds_shared::time::Timestamp;
//!
//! let rep = UserId::generate();
//! let account = Account::new(AccountId::generate(), "华山医院", HospitalLevel::Grade3A, "上海", rep, Timestamp(1));
//! let doc = AccountDoc::create(&account).unwrap();
//! let read = AccountContents::read(&doc).unwrap();
//! assert_eq!(read.value.account, account);
//! assert!(AccountCollection::ALL.iter().all(|c| read.value.records.keys(*c).is_empty()));
//! assert_eq!(AccountCollection::from_key("visits"), Some(AccountCollection::Visits));
//! ```
//!
//! A match over the collections must name every one (the enum is not `non_exhaustive`), so
//! code that forgets a collection does not compile:
//!
//! ```compile_fail,E0004
//! use rounds_shared::doc::AccountCollection;
//!
//! fn table(c: AccountCollection) -> &'static str {
//!     match c {
//!         AccountCollection::Contacts => "p_contacts",
//!         AccountCollection::Opportunities => "p_opportunities",
//!         AccountCollection::Visits => "p_visits",
//!         AccountCollection::CoVisits => "p_co_visits",
//!         AccountCollection::Comments => "p_comments",
//!         // `Reviews` is not handled: error[E0004]: non-exhaustive patterns
//!     }
//! }
//! ```

use serde::{Deserialize, Serialize};

use super::{AccountDoc, AccountRecord, Decoded, DocError, Issue, Problem, Record};
use crate::model::{Account, AccountReview, CoVisit, Contact, Opportunity, Visit, VisitComment};

/// The collections of an account document: one per record type it holds, each a map keyed
/// by record id at the document's root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AccountCollection {
    /// People at the hospital ([`Contact`]).
    Contacts,
    /// Sales opportunities with their stage history ([`Opportunity`]).
    Opportunities,
    /// Visit reports ([`Visit`]).
    Visits,
    /// Managers' co-visit reports ([`CoVisit`]).
    CoVisits,
    /// Comments on visit reports ([`VisitComment`]).
    Comments,
    /// Key-account reviews by a manager with the rep ([`AccountReview`]).
    Reviews,
}

impl AccountCollection {
    /// Every collection, in the order documents list them.
    pub const ALL: [AccountCollection; 6] = [
        AccountCollection::Contacts,
        AccountCollection::Opportunities,
        AccountCollection::Visits,
        AccountCollection::CoVisits,
        AccountCollection::Comments,
        AccountCollection::Reviews,
    ];

    /// The collection's key at the document root, e.g. `visits`.
    pub const fn key(self) -> &'static str {
        match self {
            AccountCollection::Contacts => "contacts",
            AccountCollection::Opportunities => "opportunities",
            AccountCollection::Visits => "visits",
            AccountCollection::CoVisits => "co_visits",
            AccountCollection::Comments => "comments",
            AccountCollection::Reviews => "reviews",
        }
    }

    /// The collection stored under `key`; `None` for any other root key (the profile, the
    /// schema number, a newer app's collection).
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// Root keys that account documents made by earlier versions hold and nothing reads any
/// more: `notices` (always empty; notices have documents of their own). An old app still
/// creates them, so they are accepted and ignored.
pub(crate) const RETIRED_KEYS: &[&str] = &["notices"];

impl std::fmt::Display for AccountCollection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// Records of an account document, one list per collection, each ordered by id (creation
/// time). Either a whole document's ([`AccountContents::read`]) or just the records a change
/// touched (the server's projection).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AccountRecords {
    /// People at the hospital.
    #[serde(default)]
    pub contacts: Vec<Contact>,
    /// Sales opportunities.
    #[serde(default)]
    pub opportunities: Vec<Opportunity>,
    /// Visit reports.
    #[serde(default)]
    pub visits: Vec<Visit>,
    /// Co-visit reports by managers.
    #[serde(default)]
    pub co_visits: Vec<CoVisit>,
    /// Comments on visits.
    #[serde(default)]
    pub comments: Vec<VisitComment>,
    /// Key-account reviews.
    #[serde(default)]
    pub reviews: Vec<AccountReview>,
}

/// What reading one record by its key found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOne {
    /// The record was read (with whatever issues it had).
    Found(Vec<Issue>),
    /// No record has that key any more.
    Removed,
    /// The key is not a record id.
    BadKey(Issue),
}

impl AccountRecords {
    /// Every record of every collection in `doc`, with what could not be read.
    pub fn read_all(doc: &AccountDoc) -> Decoded<Self> {
        let mut records = Self::default();
        let mut issues = Vec::new();
        for c in AccountCollection::ALL {
            issues.extend(records.read_collection(doc, c));
        }
        Decoded {
            value: records,
            issues,
        }
    }

    /// Replaces the list of collection `c` with every record of it in `doc`.
    fn read_collection(&mut self, doc: &AccountDoc, c: AccountCollection) -> Vec<Issue> {
        fn all<R: AccountRecord>(doc: &AccountDoc, into: &mut Vec<R>) -> Vec<Issue> {
            let read = doc.all::<R>();
            *into = read.value;
            read.issues
        }
        match c {
            AccountCollection::Contacts => all(doc, &mut self.contacts),
            AccountCollection::Opportunities => all(doc, &mut self.opportunities),
            AccountCollection::Visits => all(doc, &mut self.visits),
            AccountCollection::CoVisits => all(doc, &mut self.co_visits),
            AccountCollection::Comments => all(doc, &mut self.comments),
            AccountCollection::Reviews => all(doc, &mut self.reviews),
        }
    }

    /// Reads the record stored under `key` in collection `c` and adds it to its list.
    pub fn read_one(&mut self, doc: &AccountDoc, c: AccountCollection, key: &str) -> ReadOne {
        fn one<R: AccountRecord>(doc: &AccountDoc, key: &str, into: &mut Vec<R>) -> ReadOne {
            let Ok(id) = key.parse::<R::Id>() else {
                return ReadOne::BadKey(Issue {
                    path: format!("{}/{key}", R::COLLECTION),
                    problem: Problem::WrongType {
                        expected: "a record id",
                        found: key.to_owned(),
                    },
                });
            };
            match doc.get::<R>(id) {
                Some(read) => {
                    into.push(read.value);
                    ReadOne::Found(read.issues)
                }
                None => ReadOne::Removed,
            }
        }
        match c {
            AccountCollection::Contacts => one(doc, key, &mut self.contacts),
            AccountCollection::Opportunities => one(doc, key, &mut self.opportunities),
            AccountCollection::Visits => one(doc, key, &mut self.visits),
            AccountCollection::CoVisits => one(doc, key, &mut self.co_visits),
            AccountCollection::Comments => one(doc, key, &mut self.comments),
            AccountCollection::Reviews => one(doc, key, &mut self.reviews),
        }
    }

    /// The keys (ids as text) of the records held for collection `c`.
    pub fn keys(&self, c: AccountCollection) -> Vec<String> {
        fn ids<R: Record>(records: &[R]) -> Vec<String> {
            records.iter().map(|r| r.id().to_string()).collect()
        }
        match c {
            AccountCollection::Contacts => ids(&self.contacts),
            AccountCollection::Opportunities => ids(&self.opportunities),
            AccountCollection::Visits => ids(&self.visits),
            AccountCollection::CoVisits => ids(&self.co_visits),
            AccountCollection::Comments => ids(&self.comments),
            AccountCollection::Reviews => ids(&self.reviews),
        }
    }
}

/// Everything an account document holds: its profile and every record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountContents {
    /// The profile.
    pub account: Account,
    /// Every record, by collection.
    pub records: AccountRecords,
}

impl AccountContents {
    /// Reads the whole document; fails only when it has no account profile.
    pub fn read(doc: &AccountDoc) -> Result<Decoded<Self>, DocError> {
        let account = doc.account()?;
        let records = AccountRecords::read_all(doc);
        let mut issues = account.issues;
        issues.extend(records.issues);
        Ok(Decoded {
            value: AccountContents {
                account: account.value,
                records: records.value,
            },
            issues,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ALL` lists every variant once: the match below must name each (it is exhaustive),
    /// and the test checks `ALL` agrees with it.
    #[test]
    fn all_lists_every_collection_once_with_a_distinct_key() {
        fn position(c: AccountCollection) -> usize {
            match c {
                AccountCollection::Contacts => 0,
                AccountCollection::Opportunities => 1,
                AccountCollection::Visits => 2,
                AccountCollection::CoVisits => 3,
                AccountCollection::Comments => 4,
                AccountCollection::Reviews => 5,
            }
        }
        for (i, c) in AccountCollection::ALL.into_iter().enumerate() {
            assert_eq!(position(c), i, "{c}");
            assert_eq!(AccountCollection::from_key(c.key()), Some(c));
        }
        assert_eq!(AccountCollection::from_key("account"), None);
    }
}
