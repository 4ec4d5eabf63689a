use automerge::AutoCommit;
use automerge::transaction::Transactable;

use super::codec::Scalar;
use super::{Decoded, DocError, PersonalRecord, collection};
use crate::ids::UserId;
#[cfg(doc)]
use crate::model::{DailyList, DailyReview, PlanReview, QuarterlyPlan, RoutePlan, WeeklyPlan};

/// The collections of a personal document, one per plan type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PersonalCollection {
    /// Weekly plans ([`WeeklyPlan`]).
    WeeklyPlans,
    /// Quarterly plans ([`QuarterlyPlan`]).
    QuarterlyPlans,
    /// Route plans ([`RoutePlan`]).
    RoutePlans,
    /// Daily lists ([`DailyList`]).
    DailyLists,
    /// The manager's reviews of them ([`DailyReview`]), written by the server.
    DailyReviews,
    /// The manager's reviews of quarterly plans ([`PlanReview`]), written by the server.
    PlanReviews,
}

impl PersonalCollection {
    /// Every collection, in the order documents list them.
    pub const ALL: [PersonalCollection; 6] = [
        PersonalCollection::WeeklyPlans,
        PersonalCollection::QuarterlyPlans,
        PersonalCollection::RoutePlans,
        PersonalCollection::DailyLists,
        PersonalCollection::DailyReviews,
        PersonalCollection::PlanReviews,
    ];

    /// The collection's key at the document root.
    pub const fn key(self) -> &'static str {
        match self {
            PersonalCollection::WeeklyPlans => "weekly_plans",
            PersonalCollection::QuarterlyPlans => "quarterly_plans",
            PersonalCollection::RoutePlans => "route_plans",
            PersonalCollection::DailyLists => "daily_lists",
            PersonalCollection::DailyReviews => "daily_reviews",
            PersonalCollection::PlanReviews => "plan_reviews",
        }
    }

    /// Whether the server writes it for the user's manager (the user may not).
    pub const fn server_written(self) -> bool {
        match self {
            PersonalCollection::DailyReviews | PersonalCollection::PlanReviews => true,
            PersonalCollection::WeeklyPlans
            | PersonalCollection::QuarterlyPlans
            | PersonalCollection::RoutePlans
            | PersonalCollection::DailyLists => false,
        }
    }
}

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
        let mut doc = collection::init(
            &PersonalCollection::ALL.map(PersonalCollection::key),
            Some(user),
        )?;
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
