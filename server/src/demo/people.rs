//! The people of the demo: each hospital's contacts, and each rep's weekly plans. They come
//! from a generator of their own, so adding them changed none of the demo's opportunities
//! or visits (which the benchmarks' figures rest on).

use chrono::Datelike;
use rounds_shared::doc::PersonalDoc;
use rounds_shared::ids::{AccountId, ContactId, PlanId, UserId};
use rounds_shared::model::{
    Attitude, Audit, BuyingRole, Contact, PlannedVisit, TrustLevel, WeeklyPlan,
};
use rounds_shared::time::{PeriodKey, Timestamp, TzOffset};

use super::{PURPOSES, Rng};
use crate::admin;
use crate::storage::{AccountScope, DocKind, Store, User, WriteOp};

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "欧阳",
];
const GIVEN: &[&str] = &[
    "建国", "丽华", "志强", "秀英", "海涛", "静", "伟", "敏", "磊", "红梅", "晓东", "雪",
];

/// The people a rep meets at a hospital: who they are, and their part in buying.
const PEOPLE: &[(&str, &str, &[BuyingRole])] = &[
    (
        "检验科",
        "科主任",
        &[BuyingRole::DecisionMaker, BuyingRole::User],
    ),
    ("设备科", "科长", &[BuyingRole::TechnicalBuyer]),
    ("检验科", "主管技师", &[BuyingRole::User, BuyingRole::Coach]),
    ("财务处", "处长", &[BuyingRole::FinancialBuyer]),
    ("院办", "副院长", &[BuyingRole::DecisionMaker]),
    ("临床实验室", "组长", &[BuyingRole::Influencer]),
];

/// Whom each of [`PEOPLE`] reports to (by index), when they are there: the lab's people to
/// its chief, the chief and the other heads to the vice-president.
const REPORTS_TO: &[Option<usize>] = &[Some(4), Some(4), Some(0), Some(4), None, Some(0)];

/// Three to five contacts for a hospital, drawn from `rng` (its own generator, so adding
/// people changed none of the demo's opportunities or visits), with the organisation chart
/// drawn between them (which draws nothing from `rng`).
pub(super) fn contacts(rng: &mut Rng, created: Timestamp, rep: UserId) -> Vec<Contact> {
    let mut out = drawn(rng, created, rep);
    let ids: Vec<ContactId> = out.iter().map(|c| c.id).collect();
    for (i, c) in out.iter_mut().enumerate() {
        c.reports_to = REPORTS_TO[i].and_then(|boss| ids.get(boss).copied());
    }
    out
}

fn drawn(rng: &mut Rng, created: Timestamp, rep: UserId) -> Vec<Contact> {
    let n = 3 + rng.below(3);
    PEOPLE
        .iter()
        .take(n)
        .map(|(department, title, roles)| Contact {
            id: ContactId::generate(),
            name: format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN)),
            department: (*department).to_owned(),
            title: (*title).to_owned(),
            phone: format!("13{:09}", rng.below(1_000_000_000)),
            roles: roles.iter().copied().collect(),
            attitude: Some(
                [Attitude::Supporter, Attitude::Neutral, Attitude::Opponent]
                    [rng.weighted(&[4, 4, 2])],
            ),
            trust: Some(
                [
                    TrustLevel::Acquainted,
                    TrustLevel::Met,
                    TrustLevel::Trusts,
                    TrustLevel::Ally,
                ][rng.weighted(&[3, 4, 2, 1])],
            ),
            notes: String::new(),
            reports_to: None,
            org_change: None,
            audit: Audit::new(created, rep),
        })
        .collect()
}

/// The hospitals `rep` owns.
pub(super) fn accounts_of(
    store: &dyn Store,
    rep: &User,
) -> Result<Vec<AccountId>, admin::AdminError> {
    let scope = AccountScope::Owners {
        owner: rep.id,
        teams: Vec::new(),
    };
    Ok(store
        .accounts_in(&scope)?
        .into_iter()
        .map(|a| a.id)
        .collect())
}

/// Two quarters of weekly plans in `rep`'s personal document, each submitted on the Friday
/// before its week; about one week in eight was never submitted (a late rep, for the
/// manager to see).
pub(super) fn weekly_plans(
    rng: &mut Rng,
    rep: &User,
    accounts: &[AccountId],
    now: Timestamp,
    tz: TzOffset,
) -> Result<Vec<WriteOp>, admin::AdminError> {
    let mut doc = PersonalDoc::create(rep.id)?;
    let today = now.date(tz);
    for weeks_back in 0..26i64 {
        let Some(monday) = today
            .checked_sub_days(chrono::Days::new(
                today.weekday().num_days_from_monday().into(),
            ))
            .and_then(|m| {
                m.checked_sub_days(chrono::Days::new(
                    7 * u64::try_from(weeks_back).unwrap_or(0),
                ))
            })
        else {
            continue;
        };
        let friday_before = Timestamp::start_of(monday, tz).plus_days(-3).0 + 17 * 3_600_000;
        let submitted = rng.below(8) != 0;
        let visits = (0..3 + rng.below(3))
            .filter_map(|d| {
                let account = *accounts.get(rng.below(accounts.len().max(1)))?;
                Some(PlannedVisit {
                    account,
                    day: monday.checked_add_days(chrono::Days::new(d as u64))?,
                    purpose: rng.pick(PURPOSES).to_string(),
                })
            })
            .collect();
        doc.put(&WeeklyPlan {
            id: PlanId::generate(),
            week: PeriodKey::week_of(monday),
            goals: "推进重点客户，完成本周拜访量".into(),
            visits,
            submitted_at: submitted.then_some(Timestamp(friday_before)),
            audit: Audit::new(Timestamp(friday_before), rep.id),
        })?;
    }
    let id = rep.personal_doc;
    Ok(vec![
        WriteOp::CreateDocument {
            id,
            kind: DocKind::Personal(rep.id),
            now,
        },
        WriteOp::AppendChunk {
            id,
            data: doc.save(),
            now,
        },
        crate::projection::plans(doc.automerge(), rep.id),
    ])
}

/// The deal's buying centre as a diligent-but-human rep records it, drawn from `k` (the
/// rep's count of deals, so no generator is touched): the hospital's people as stakeholders
/// on two deals in three; the MANCOHT questions its stage needs answered, except a budget
/// not yet known on one deal in five and a competitor who is a risk on one in seven; and
/// the hospital's procurement step matching the stage, two milestones behind it on one deal
/// in eleven.
pub(super) fn buying_centre(
    opp: &mut rounds_shared::model::Opportunity,
    met: &[Contact],
    k: usize,
    template: &rounds_shared::stage::StageTemplate,
) {
    use rounds_shared::deal::required_answers;
    use rounds_shared::model::{
        AnswerState, ProcurementStep, Qualification, Qualifier, Stakeholder, milestone_index,
    };
    let Some(at) = template.position_of(&opp.position) else {
        return;
    };
    if !k.is_multiple_of(3) {
        for c in met {
            opp.stakeholders.insert(c.id, Stakeholder::default());
        }
    }
    for q in required_answers(at.stage.win_rate) {
        let state = match q {
            Qualifier::Money if k % 5 == 1 => continue,
            Qualifier::Competition if k % 7 == 3 => AnswerState::Risk,
            _ => AnswerState::Known,
        };
        let note = if state == AnswerState::Risk {
            "竞品降价"
        } else {
            ""
        };
        opp.mancoht.insert(
            q,
            Qualification {
                state,
                note: note.into(),
            },
        );
    }
    let ours = milestone_index(at.stage.win_rate);
    let wanted = if k % 11 == 4 {
        ours.saturating_sub(2)
    } else {
        ours
    };
    opp.procurement = ProcurementStep::ALL
        .iter()
        .copied()
        .find(|s| milestone_index(s.milestone()) >= wanted);
}
