use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{Audit, CoVisitKind, GeoPoint};
use crate::ids::{CoVisitId, CommentId, ContactId, OpportunityId, ReviewId, UserId, VisitId};
use crate::time::Timestamp;

/// A visit report (拜访记录), written by the rep the same day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    /// Id within the account.
    pub id: VisitId,
    /// When the visit took place.
    pub at: Timestamp,
    /// The people met.
    pub contacts: BTreeSet<ContactId>,
    /// Purpose (目的).
    pub purpose: String,
    /// What happened (内容).
    pub content: String,
    /// Problems and solutions (问题及解决方案).
    pub problems: String,
    /// Next-step plan (下一步计划).
    pub next_step: String,
    /// The opportunity it served, if any.
    pub opportunity: Option<OpportunityId>,
    /// Check-in on arrival, when the rep made one.
    pub check_in: Option<CheckIn>,
    /// Created (by the rep) and updated.
    pub audit: Audit,
}

impl Visit {
    /// A new visit report by `by` of a visit at `at` (also when it was written), with a
    /// fresh id and nothing filled in yet.
    ///
    /// ```
    /// use rounds_shared::ids::UserId;
    /// use rounds_shared::model::Visit;
    /// use rounds_shared::time::Timestamp;
    ///
    /// let rep = UserId::generate();
    /// let mut v = Visit::new(Timestamp(1_700_000_000_000), rep);
    /// v.purpose = "初访".into();
    /// assert_eq!(v.audit.created_by, rep);
    /// assert!(v.contacts.is_empty() && v.opportunity.is_none());
    /// ```
    pub fn new(at: Timestamp, by: UserId) -> Self {
        Visit {
            id: VisitId::generate(),
            at,
            contacts: BTreeSet::new(),
            purpose: String::new(),
            content: String::new(),
            problems: String::new(),
            next_step: String::new(),
            opportunity: None,
            check_in: None,
            audit: Audit::new(at, by),
        }
    }
}

/// Arrival at the hospital: recorded automatically when a visit is logged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckIn {
    /// When.
    pub at: Timestamp,
    /// Where, when the phone allowed it.
    pub location: Option<GeoPoint>,
    /// Reference to an arrival photo, if one was taken (the first wave's field, never
    /// written; kept for old readers).
    pub photo: Option<String>,
    /// The arrival photo, if one was taken: a reference, never the bytes.
    #[serde(default)]
    pub photo_ref: Option<super::PhotoRef>,
    /// How far off the location may be, in metres, as the phone reported it.
    #[serde(default)]
    pub accuracy_m: Option<f64>,
    /// When the rep checked out (离开签退), if they did.
    #[serde(default)]
    pub left_at: Option<Timestamp>,
}

/// A co-visit report (协访报告) by a manager about a rep's visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoVisit {
    /// Id within the account.
    pub id: CoVisitId,
    /// The manager who went along.
    pub manager: UserId,
    /// The rep.
    pub rep: UserId,
    /// The visit it was part of.
    pub visit: Option<VisitId>,
    /// When.
    pub at: Timestamp,
    /// Joint, demonstration or coaching call.
    pub kind: CoVisitKind,
    /// What the manager saw.
    pub observations: String,
    /// What the rep should work on.
    pub coaching_points: String,
    /// Created and updated.
    pub audit: Audit,
}

/// A comment on a visit report, usually the manager's (批注); the rep sees it with the visit.
/// Comments are records of their own, so two people commenting at once both stay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitComment {
    /// Its id.
    pub id: CommentId,
    /// The visit it is about.
    pub visit: VisitId,
    /// What was said.
    pub text: String,
    /// Who wrote it and when.
    pub audit: Audit,
}

/// A manager went over this account with its rep (重点客户回顾): the activity standard
/// "key accounts reviewed with the manager a week" counts these. The manager is the
/// author (`audit.created_by`), and `audit.created_at` is when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountReview {
    /// Its id.
    pub id: ReviewId,
    /// The rep it was reviewed with.
    pub rep: UserId,
    /// What was agreed, if anything.
    pub note: String,
    /// Who reviewed it and when.
    pub audit: Audit,
}
