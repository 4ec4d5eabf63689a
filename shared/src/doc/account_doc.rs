use automerge::AutoCommit;

use super::{AccountCollection, AccountRecord, Conflict, Decoded, DocError, collection, conflict};
use crate::model::Account;

/// The Automerge document of one hospital account.
///
/// Layout: `{ schema, account: {…}, contacts: {id: {…}}, opportunities: {id: {…, history:
/// [event…]}}, visits: {id: {…}}, …}`: the profile and one map per [`AccountCollection`].
#[derive(Debug)]
pub struct AccountDoc {
    doc: AutoCommit,
}

super::wrapper_methods!(AccountDoc);

const ACCOUNT: &str = "account";

impl AccountDoc {
    /// A new document for `account`, with every collection created up front.
    pub fn create(account: &Account) -> Result<Self, DocError> {
        let mut doc = collection::init(
            &AccountCollection::ALL.map(AccountCollection::key),
            Some(account.audit.created_by),
        )?;
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
    ///
    /// An opportunity's `stage` lists first the position its history decides
    /// ([`crate::model::Opportunity::current`]), which is the one every view shows.
    pub fn conflicts<R: AccountRecord>(&self, id: R::Id) -> Vec<Conflict> {
        let mut conflicts = conflict::of_record::<R>(&self.doc, id);
        if R::KIND == AccountCollection::Opportunities
            && let Ok(opp) = id.to_string().parse::<crate::ids::OpportunityId>()
            && let Some(shown) = collection::get::<crate::model::Opportunity>(&self.doc, opp)
        {
            let shown = shown.value.position.to_string();
            for c in conflicts.iter_mut().filter(|c| c.field == "stage") {
                c.values.sort_by_key(|v| v.value != shown);
            }
        }
        conflicts
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::ids::{AccountId, CommentId, UserId, VisitId};
    use crate::model::{Audit, HospitalLevel, VisitComment};
    use crate::time::Timestamp;

    #[test]
    fn comments_from_two_people_at_once_both_stay_even_on_a_document_made_before_comments() {
        let rep = UserId::generate();
        let account = Account::new(
            AccountId::generate(),
            "市中心医院",
            HospitalLevel::Grade2A,
            "",
            rep,
            Timestamp(1),
        );
        let mut a = AccountDoc::create(&account).unwrap();
        let mut b = a.fork();
        let visit = VisitId::generate();
        let comment = |text: &str, by| VisitComment {
            id: CommentId::generate(),
            visit,
            text: text.into(),
            audit: Audit::new(Timestamp(2), by),
        };
        let first = comment("下次带上样机", UserId::generate());
        let second = comment("注意回款", UserId::generate());
        a.put(&first).unwrap();
        b.put(&second).unwrap();
        a.merge(&mut b).unwrap();
        let all = a.all::<VisitComment>();
        assert!(all.issues.is_empty(), "{:?}", all.issues);
        let texts: Vec<&str> = all.value.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert!(texts.contains(&"下次带上样机") && texts.contains(&"注意回款"));
        assert_eq!(a.get::<VisitComment>(second.id).unwrap().value, second);
    }
}
