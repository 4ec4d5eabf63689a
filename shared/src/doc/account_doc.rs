use automerge::AutoCommit;

use super::{AccountRecord, Conflict, Decoded, DocError, Record, collection, conflict};
use crate::model::{Account, CoVisit, Contact, Notice, Opportunity, Visit};

/// The Automerge document of one hospital account.
///
/// Layout: `{ schema, account: {…}, contacts: {id: {…}}, opportunities: {id: {…, history:
/// [event…]}}, visits: {id: {…}}, co_visits: {id: {…}}, notices: {id: {…}} }`.
#[derive(Debug)]
pub struct AccountDoc {
    doc: AutoCommit,
}

super::wrapper_methods!(AccountDoc);

const ACCOUNT: &str = "account";
const COLLECTIONS: [&str; 5] = [
    <Contact as Record>::COLLECTION,
    <Opportunity as Record>::COLLECTION,
    <Visit as Record>::COLLECTION,
    <CoVisit as Record>::COLLECTION,
    <Notice as Record>::COLLECTION,
];

impl AccountDoc {
    /// A new document for `account`, with every collection created up front.
    pub fn create(account: &Account) -> Result<Self, DocError> {
        let mut doc = collection::init(&COLLECTIONS)?;
        collection::write_root_map(&mut doc, ACCOUNT, account)?;
        Ok(Self { doc })
    }

    /// The account profile.
    pub fn account(&self) -> Result<Decoded<Account>, DocError> {
        collection::read_root_map(&self.doc, ACCOUNT).ok_or(DocError::NoAccount)
    }

    /// Writes the profile's changed fields and commits.
    pub fn set_account(&mut self, account: &Account) -> Result<(), DocError> {
        collection::write_root_map(&mut self.doc, ACCOUNT, account)
    }

    /// One record by id.
    pub fn get<R: AccountRecord>(&self, id: R::Id) -> Option<Decoded<R>> {
        collection::get(&self.doc, id)
    }

    /// Every record of a collection, ordered by id (creation time).
    pub fn all<R: AccountRecord>(&self) -> Decoded<Vec<R>> {
        collection::all(&self.doc)
    }

    /// Inserts or updates a record (only its changed fields) and commits.
    pub fn put<R: AccountRecord>(&mut self, record: &R) -> Result<(), DocError> {
        collection::put(&mut self.doc, record)
    }

    /// The fields of a record that were set concurrently, each with every value (the one
    /// shown first) and who set it.
    pub fn conflicts<R: AccountRecord>(&self, id: R::Id) -> Vec<Conflict> {
        conflict::of_record::<R>(&self.doc, id)
    }
}
