use automerge::AutoCommit;
use automerge::transaction::Transactable;

use super::codec::Scalar;
use super::{Decoded, DocError, PersonalRecord, Record, collection};
use crate::ids::UserId;
use crate::model::{QuarterlyPlan, RoutePlan, WeeklyPlan};

/// A user's personal document: weekly, quarterly and route plans. Written by its user,
/// readable by their manager.
///
/// Layout: `{ schema, user, weekly_plans: {id: {…}}, quarterly_plans: {…}, route_plans: {…} }`.
#[derive(Debug)]
pub struct PersonalDoc {
    doc: AutoCommit,
}

super::wrapper_methods!(PersonalDoc);

impl PersonalDoc {
    /// A new personal document for `user`.
    pub fn create(user: UserId) -> Result<Self, DocError> {
        let mut doc = collection::init(&[
            <WeeklyPlan as Record>::COLLECTION,
            <QuarterlyPlan as Record>::COLLECTION,
            <RoutePlan as Record>::COLLECTION,
        ])?;
        doc.put(automerge::ROOT, "user", user.encode())?;
        doc.commit();
        Ok(Self { doc })
    }

    /// One plan by id.
    pub fn get<R: PersonalRecord>(&self, id: R::Id) -> Option<Decoded<R>> {
        collection::get(&self.doc, id)
    }

    /// Every plan of a kind, oldest first.
    pub fn all<R: PersonalRecord>(&self) -> Decoded<Vec<R>> {
        collection::all(&self.doc)
    }

    /// Inserts or updates a plan (only its changed fields) and commits.
    pub fn put<R: PersonalRecord>(&mut self, record: &R) -> Result<(), DocError> {
        collection::put(&mut self.doc, record)
    }
}
