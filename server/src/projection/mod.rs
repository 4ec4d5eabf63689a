//! The read model: account documents projected into relational tables (`p_*`), written in
//! the same transaction as the change they come from, so the read model is never behind
//! what was acknowledged. Every funnel and dashboard query reads these tables.
//!
//! A projection is built either in full (a new document, `rounds-server reproject`) or for
//! just the records a change touched (found from the change's patches). Values that do not
//! fit (a wrong type, an unknown stage, a negative amount) are left out of the row, recorded
//! in `p_issues` with the document path, and logged; they never stop the projection.

use std::collections::BTreeSet;

use automerge::{AutoCommit, ChangeHash, PatchAction, Prop};
use rounds_shared::doc::{AccountCollection, AccountDoc, AccountRecords, Issue, Problem, ReadOne};
use rounds_shared::ids::AccountId;
use rounds_shared::money::Money;
use rounds_shared::stage::{Position, StageTemplate};

pub use crate::storage::{Part, Projection};

/// What a set of patches touched.
#[derive(Debug, Default)]
struct Touched {
    profile: bool,
    everything: bool,
    records: BTreeSet<(AccountCollection, String)>,
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
        let Some(coll) = AccountCollection::from_key(&root_key) else {
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

/// The projection of a personal document: its weekly plans (activity against standards,
/// attainment), daily lists and quarterly plans, each with the manager's review.
pub fn plans(doc: &mut AutoCommit, user: rounds_shared::ids::UserId) -> crate::storage::WriteOp {
    let mut wrapped = rounds_shared::doc::PersonalDoc::from_automerge(std::mem::take(doc));
    let all = wrapped.all::<rounds_shared::model::WeeklyPlan>();
    let lists = wrapped.all::<rounds_shared::model::DailyList>().value;
    let reviews = wrapped.all::<rounds_shared::model::DailyReview>().value;
    let quarters = wrapped.all::<rounds_shared::model::QuarterlyPlan>().value;
    let approvals = wrapped.all::<rounds_shared::model::PlanReview>().value;
    *doc = std::mem::take(wrapped.automerge());
    let daily = lists
        .into_iter()
        .map(|l| {
            let review = reviews.iter().find(|r| r.id == l.id).cloned();
            (l, review)
        })
        .collect();
    let quarterly = quarters
        .into_iter()
        .map(|q| {
            let review = approvals.iter().find(|r| r.id == q.id).cloned();
            (q, review)
        })
        .collect();
    for issue in &all.issues {
        tracing::warn!(user = %user, path = %issue.path, problem = %issue, "plan value left out of the read model");
    }
    let plans = all
        .value
        .into_iter()
        .map(|p| (p.id, p.week, p.submitted_at, p.visits))
        .collect();
    crate::storage::WriteOp::ProjectPlans {
        user,
        plans,
        daily,
        quarterly,
    }
}

/// A notice document's projection: the whole notice, decoded (notices are small), or
/// nothing when the document holds no notice.
pub fn notice_projection(doc: &mut AutoCommit) -> Option<crate::storage::WriteOp> {
    rounds_shared::doc::NoticeDoc::with(doc, |d| d.view())
        .map(|view| crate::storage::WriteOp::ProjectNotice(Box::new(view)))
}

/// The writes that store a new notice document issued offline: the document, its one
/// chunk, and its projection.
pub fn new_notice(
    id: rounds_shared::sync::DocumentId,
    doc: &mut AutoCommit,
    notice: rounds_shared::ids::NoticeId,
    now: rounds_shared::time::Timestamp,
) -> Vec<crate::storage::WriteOp> {
    use crate::storage::{DocKind, WriteOp};
    let mut ops = vec![
        WriteOp::CreateDocument {
            id,
            kind: DocKind::Notice(notice),
            now,
        },
        WriteOp::AppendChunk {
            id,
            data: doc.save(),
            now,
        },
    ];
    ops.extend(notice_projection(doc));
    ops
}

/// The writes that store a new account document: the account's row (owned by `owner`), the
/// document, its one chunk, and its projection. The one way an account document comes into
/// storage: the admin command, the demo and a document created offline all use it.
pub fn new_account(
    doc: &mut AutoCommit,
    account: &rounds_shared::model::Account,
    owner: rounds_shared::ids::UserId,
    template: &StageTemplate,
    now: rounds_shared::time::Timestamp,
) -> Vec<crate::storage::WriteOp> {
    use crate::storage::{DocKind, WriteOp};
    let id = rounds_shared::sync::DocumentId::from(account.id);
    let projection = full(doc, account.id, template);
    vec![
        WriteOp::CreateAccount {
            id: account.id,
            name: account.name.clone(),
            owner,
            now,
        },
        WriteOp::CreateDocument {
            id,
            kind: DocKind::Account(account.id),
            now,
        },
        WriteOp::AppendChunk {
            id,
            data: doc.save(),
            now,
        },
        WriteOp::Project(Box::new(projection)),
    ]
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
        let all = AccountRecords::read_all(d);
        p.issues.extend(all.issues);
        for c in AccountCollection::ALL {
            p.touched
                .extend(all.value.keys(c).into_iter().map(|id| Part::Record(c, id)));
        }
        p.records = all.value;
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
        for (coll, id) in t.records {
            match p.records.read_one(d, coll, &id) {
                ReadOne::Found(issues) => p.issues.extend(issues),
                ReadOne::Removed => p.removed.push((coll, id.clone())),
                ReadOne::BadKey(issue) => p.issues.push(issue),
            }
            p.touched.push(Part::Record(coll, id));
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
    p.touched.push(Part::Profile);
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

/// Leaves out what the domain does not allow, and records it.
fn validate(p: &mut Projection, template: &StageTemplate) {
    for o in &mut p.records.opportunities {
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
