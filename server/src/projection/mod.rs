//! The read model: account documents projected into relational tables (`p_*`), written in
//! the same transaction as the change they come from, so the read model is never behind
//! what was acknowledged. Every funnel and dashboard query reads these tables.
//!
//! A projection is built either in full (a new document, `rounds-server reproject`) or for
//! just the records a change touched (found from the change's patches). Values that do not
//! fit (a wrong type, an unknown stage, a negative amount) are left out of the row, recorded
//! in `p_issues` with the document path, and logged; they never stop the projection.

mod cache;
mod write;

pub use cache::ReadCache;

use std::collections::BTreeSet;

use automerge::{AutoCommit, ChangeHash, PatchAction, Prop};
use rounds_shared::doc::{AccountDoc, AccountRecord, Issue, Problem, Record};
use rounds_shared::ids::AccountId;
use rounds_shared::model::{Account, AccountReview, CoVisit, Contact, Notice, Opportunity, Visit};
use rounds_shared::money::Money;
use rounds_shared::stage::{Position, StageTemplate};

pub(crate) use write::{apply, clear};

/// What a change does to the read model of one account.
#[derive(Debug, Clone, Default)]
pub struct Projection {
    /// The account.
    pub account: Option<AccountId>,
    /// Replace every row of the account (rather than only the records listed).
    pub full: bool,
    /// The profile, when it changed.
    pub profile: Option<Account>,
    /// Changed or new contacts.
    pub contacts: Vec<Contact>,
    /// Changed or new opportunities (with their whole stage history).
    pub opportunities: Vec<Opportunity>,
    /// Changed or new visits.
    pub visits: Vec<Visit>,
    /// Changed or new co-visit reports.
    pub co_visits: Vec<CoVisit>,
    /// Changed or new hand-off notices.
    pub notices: Vec<Notice>,
    /// Changed or new key-account reviews.
    pub reviews: Vec<AccountReview>,
    /// Records a change named that are no longer in the document: (collection, id).
    pub removed: Vec<(&'static str, String)>,
    /// Records re-read, whose issues are replaced: (collection, id); "account" for the profile.
    pub touched: Vec<(&'static str, String)>,
    /// What did not fit, for the records re-read.
    pub issues: Vec<Issue>,
}

impl Projection {
    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        !self.full && self.profile.is_none() && self.touched.is_empty() && self.removed.is_empty()
    }
}

const COLLECTIONS: [&str; 6] = [
    <Contact as Record>::COLLECTION,
    <Opportunity as Record>::COLLECTION,
    <Visit as Record>::COLLECTION,
    <CoVisit as Record>::COLLECTION,
    <Notice as Record>::COLLECTION,
    <AccountReview as Record>::COLLECTION,
];

/// What a set of patches touched.
#[derive(Debug, Default)]
struct Touched {
    profile: bool,
    everything: bool,
    records: BTreeSet<(&'static str, String)>,
}

fn collection(key: &str) -> Option<&'static str> {
    COLLECTIONS.iter().copied().find(|c| *c == key)
}

fn touched(doc: &mut AutoCommit, before: &[ChangeHash]) -> Touched {
    let after = doc.get_heads();
    let mut t = Touched::default();
    for patch in doc.diff(before, &after) {
        let key_of_action = || match &patch.action {
            PatchAction::PutMap { key, .. } | PatchAction::DeleteMap { key } => Some(key.clone()),
            _ => None,
        };
        let root_key = match patch.path.first() {
            Some((_, Prop::Map(k))) => Some(k.clone()),
            Some(_) => None,
            None => key_of_action(),
        };
        let Some(root_key) = root_key else { continue };
        if root_key == "account" {
            t.profile = true;
            continue;
        }
        let Some(coll) = collection(&root_key) else {
            continue;
        };
        let record = match (patch.path.len(), patch.path.get(1)) {
            (0, _) => {
                t.everything = true;
                continue;
            }
            (1, _) => key_of_action(),
            (_, Some((_, Prop::Map(k)))) => Some(k.clone()),
            _ => None,
        };
        if let Some(id) = record {
            t.records.insert((coll, id));
        }
    }
    t
}

/// The projection of a personal document: its weekly plans, for activity against standards.
pub fn plans(doc: &mut AutoCommit, user: rounds_shared::ids::UserId) -> crate::storage::WriteOp {
    let mut wrapped = rounds_shared::doc::PersonalDoc::from_automerge(std::mem::take(doc));
    let all = wrapped.all::<rounds_shared::model::WeeklyPlan>();
    *doc = std::mem::take(wrapped.automerge());
    for issue in &all.issues {
        tracing::warn!(user = %user, path = %issue.path, problem = %issue, "plan value left out of the read model");
    }
    let plans = all
        .value
        .into_iter()
        .map(|p| (p.id, p.week, p.submitted_at))
        .collect();
    crate::storage::WriteOp::ProjectPlans { user, plans }
}

/// The projection of the whole account document.
pub fn full(doc: &mut AutoCommit, account: AccountId, template: &StageTemplate) -> Projection {
    with_account_doc(doc, |d| {
        let mut p = Projection {
            account: Some(account),
            full: true,
            ..Projection::default()
        };
        read_profile(d, &mut p);
        p.contacts = read_all(d, &mut p);
        p.opportunities = read_all(d, &mut p);
        p.visits = read_all(d, &mut p);
        p.co_visits = read_all(d, &mut p);
        p.notices = read_all(d, &mut p);
        p.reviews = read_all(d, &mut p);
        validate(&mut p, template);
        p
    })
}

/// The projection of what changed since `before`.
pub fn changes(
    doc: &mut AutoCommit,
    before: &[ChangeHash],
    account: AccountId,
    template: &StageTemplate,
) -> Projection {
    let t = touched(doc, before);
    if t.everything {
        return full(doc, account, template);
    }
    with_account_doc(doc, |d| {
        let mut p = Projection {
            account: Some(account),
            ..Projection::default()
        };
        if t.profile {
            read_profile(d, &mut p);
        }
        for (coll, id) in &t.records {
            match *coll {
                "contacts" => read_one(d, id, coll, &mut p, |p| &mut p.contacts),
                "opportunities" => read_one(d, id, coll, &mut p, |p| &mut p.opportunities),
                "visits" => read_one(d, id, coll, &mut p, |p| &mut p.visits),
                "co_visits" => read_one(d, id, coll, &mut p, |p| &mut p.co_visits),
                "reviews" => read_one(d, id, coll, &mut p, |p| &mut p.reviews),
                _ => read_one(d, id, coll, &mut p, |p| &mut p.notices),
            }
        }
        validate(&mut p, template);
        p
    })
}

fn with_account_doc<T>(doc: &mut AutoCommit, f: impl FnOnce(&AccountDoc) -> T) -> T {
    let mut wrapped = AccountDoc::from_automerge(std::mem::take(doc));
    let out = f(&wrapped);
    *doc = std::mem::take(wrapped.automerge());
    out
}

fn read_profile(d: &AccountDoc, p: &mut Projection) {
    p.touched.push(("account", String::new()));
    match d.account() {
        Ok(a) => {
            p.issues.extend(a.issues);
            p.profile = Some(a.value);
        }
        Err(e) => p.issues.push(Issue {
            path: "account".into(),
            problem: Problem::Invalid(e.to_string()),
        }),
    }
}

fn read_all<R: AccountRecord>(d: &AccountDoc, p: &mut Projection) -> Vec<R> {
    let all = d.all::<R>();
    p.issues.extend(all.issues);
    for r in &all.value {
        p.touched.push((R::COLLECTION, r.id().to_string()));
    }
    all.value
}

fn read_one<R: AccountRecord>(
    d: &AccountDoc,
    key: &str,
    coll: &'static str,
    p: &mut Projection,
    rows: impl FnOnce(&mut Projection) -> &mut Vec<R>,
) {
    p.touched.push((coll, key.to_owned()));
    match key.parse::<R::Id>() {
        Ok(id) => match d.get::<R>(id) {
            Some(r) => {
                p.issues.extend(r.issues);
                rows(p).push(r.value);
            }
            None => p.removed.push((coll, key.to_owned())),
        },
        _ => p.issues.push(Issue {
            path: format!("{coll}/{key}"),
            problem: Problem::WrongType {
                expected: "a record id",
                found: key.to_owned(),
            },
        }),
    }
}

/// Leaves out what the domain does not allow, and records it.
fn validate(p: &mut Projection, template: &StageTemplate) {
    for o in &mut p.opportunities {
        if o.amount.is_negative() {
            o.amount = Money::ZERO;
        }
        if let Position::Stage(_) = &o.position
            && template.position_of(&o.position).is_none()
        {
            p.issues.push(Issue {
                path: format!("opportunities/{}/stage", o.id),
                problem: Problem::Invalid(format!(
                    "stage `{}` is not in the organisation's template",
                    o.position
                )),
            });
        }
    }
    if let Some(account) = &p.account {
        for issue in &p.issues {
            tracing::warn!(account = %account, path = %issue.path, problem = %issue, "value left out of the read model");
        }
    }
}
