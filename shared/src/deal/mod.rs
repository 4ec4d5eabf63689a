//! Deal warnings (商机预警): the method's rules for a deal at risk, computed from what the
//! rep recorded — the buying centre, the MANCOHT answers, the hospital's procurement step,
//! visits and organisation changes. The same code runs on the phone (offline) and on the
//! server (the manager's views), so both always agree.
//!
//! ```
//! use rounds_shared::deal::{DealFacts, WarningKind, warnings};
//! use rounds_shared::ids::{OpportunityId, UserId};
//! use rounds_shared::model::Opportunity;
//! use rounds_shared::money::Money;
//! use rounds_shared::stage::StageTemplate;
//! use rounds_shared::time::{DAY_MS, Timestamp};
//!
//! let rep = UserId::generate();
//! let template = StageTemplate::default_eight();
//! let dig = "dig_needs".parse().unwrap();
//! let opp = Opportunity::new(OpportunityId::generate(), "生化仪", "生化", Money::from_yuan(500_000), dig, Timestamp(0), rep);
//! // Nobody known and never visited: no coach, no decision maker, no visit for 40 days, …
//! let now = Timestamp(40 * DAY_MS);
//! let none = Default::default();
//! let found = warnings(&opp, &DealFacts { contacts: &[], visits: &none }, &template, now);
//! assert!(found.iter().any(|w| w.kind == WarningKind::NoCoach));
//! assert!(found.iter().any(|w| w.kind == WarningKind::NoRecentVisit));
//! ```

mod rules;
mod text;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::ids::{ContactId, OpportunityId};
use crate::labels::closed_enum;
use crate::model::{Contact, Opportunity, ProcurementStep, Qualifier, Visit};
use crate::stage::StageTemplate;
use crate::time::Timestamp;

pub use rules::{ENGAGED_WEEKS, QUIET_DAYS, required_answers};

closed_enum! {
    /// What can be wrong with a deal, after the method's rules and its two fatal mistakes
    /// of key-account work (working through one person; not following the customer's
    /// organisation changes).
    pub enum WarningKind {
        SingleThreaded = "single_threaded", "单线联系", "Single-threaded";
        NoCoach = "no_coach", "没有教练", "No coach";
        DecisionMakerUnknown = "decision_maker_unknown", "决策者不明", "Decision maker unknown";
        DecisionMakerNotMet = "decision_maker_not_met", "未见过决策者", "Decision maker not met";
        DecisionMakerOpposed = "decision_maker_opposed", "决策者反对", "Decision maker opposed";
        RestrictorNoPlan = "restrictor_no_plan", "杀手无对策", "Restrictor with no plan";
        QualificationGap = "qualification_gap", "MANCOHT 缺口", "MANCOHT gaps";
        AheadOfProcurement = "ahead_of_procurement", "阶段超前于医院采购流程", "Ahead of the hospital's process";
        BehindProcurement = "behind_procurement", "阶段落后于医院采购流程", "Behind the hospital's process";
        NoRecentVisit = "no_recent_visit", "久未拜访", "No recent visit";
        OrgChanged = "org_changed", "组织变化未跟进", "Organisation changed, not followed up";
    }
}

/// One warning on one deal, with what it is about; [`Warning::reason`] and
/// [`Warning::next_step`] say it in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Warning {
    /// What is wrong.
    pub kind: WarningKind,
    /// The people it concerns, by name (the one contact engaged, the opposed decision
    /// maker, the restrictor, those who left or changed role).
    #[serde(default)]
    pub people: Vec<String>,
    /// The MANCOHT questions not yet answered as known, or answered as a risk.
    #[serde(default)]
    pub questions: Vec<Qualifier>,
    /// Days since the last visit, for [`WarningKind::NoRecentVisit`].
    #[serde(default)]
    pub days: Option<i64>,
    /// The hospital's procurement step, for the two procurement warnings.
    #[serde(default)]
    pub step: Option<ProcurementStep>,
}

impl Warning {
    fn new(kind: WarningKind) -> Self {
        Self {
            kind,
            people: Vec::new(),
            questions: Vec::new(),
            days: None,
            step: None,
        }
    }
}

/// What the rules need from a hospital's visits, as of a moment: when it was last visited,
/// everyone ever met there, and who was met in the last [`ENGAGED_WEEKS`] for which deal.
/// The phone builds it from its visits ([`VisitSummary::of`]); the server from the read
/// model, kept in memory per hospital until its next change.
///
/// ```
/// use rounds_shared::deal::VisitSummary;
/// use rounds_shared::ids::{ContactId, UserId};
/// use rounds_shared::model::Visit;
/// use rounds_shared::time::{DAY_MS, Timestamp};
///
/// let (chief, dean) = (ContactId::generate(), ContactId::generate());
/// let mut old = Visit::new(Timestamp(0), UserId::NOBODY);
/// old.contacts.insert(dean);
/// let mut new = Visit::new(Timestamp(90 * DAY_MS), UserId::NOBODY);
/// new.contacts.insert(chief);
/// let s = VisitSummary::of([&old, &new], Timestamp(91 * DAY_MS));
/// assert_eq!(s.last, Some(Timestamp(90 * DAY_MS)));
/// assert_eq!(s.met.len(), 2);
/// assert_eq!(s.recent.len(), 1); // the visit 90 days ago is not recent
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VisitSummary {
    /// When the hospital was last visited.
    pub last: Option<Timestamp>,
    /// Everyone ever met there.
    pub met: BTreeSet<ContactId>,
    /// The people met in each recent visit, with when and the deal it served: at least
    /// every visit of the last [`ENGAGED_WEEKS`] (the rules count only those).
    pub recent: Vec<(Timestamp, Option<OpportunityId>, Vec<ContactId>)>,
}

impl VisitSummary {
    /// The summary of `visits` as of `now`.
    pub fn of<'v>(visits: impl IntoIterator<Item = &'v Visit>, now: Timestamp) -> Self {
        let mut s = VisitSummary::default();
        for v in visits {
            s.add(v.at, &v.contacts, v.opportunity, now);
        }
        s
    }

    /// Adds a visit at `at`, meeting `contacts`, for `opportunity`, as of `now`.
    pub fn add(
        &mut self,
        at: Timestamp,
        contacts: &BTreeSet<ContactId>,
        opportunity: Option<OpportunityId>,
        now: Timestamp,
    ) {
        self.last = self.last.max(Some(at));
        self.met.extend(contacts.iter().copied());
        if at >= Self::engaged_since(now) {
            self.recent
                .push((at, opportunity, contacts.iter().copied().collect()));
        }
    }

    /// Where "recent" starts, as of `now`.
    pub fn engaged_since(now: Timestamp) -> Timestamp {
        now.plus_days(-ENGAGED_WEEKS * 7)
    }
}

/// What the rules know about the deal's hospital.
#[derive(Debug, Clone, Copy)]
pub struct DealFacts<'a> {
    /// The hospital's contacts.
    pub contacts: &'a [Contact],
    /// Its visits, summed up as of the moment the warnings are for.
    pub visits: &'a VisitSummary,
}

/// Every warning on `opp`, in [`WarningKind`] order; none for a deal that is won, lost or
/// dropped, or at a stage the template no longer has.
pub fn warnings(
    opp: &Opportunity,
    facts: &DealFacts<'_>,
    template: &StageTemplate,
    now: Timestamp,
) -> Vec<Warning> {
    let Some(at) = template.position_of(&opp.position) else {
        return Vec::new();
    };
    if at.stage.is_won() {
        return Vec::new();
    }
    rules::Deal::new(opp, facts, at.stage.win_rate, now).warnings()
}

/// Keeps the deals at risk, most at risk first: most warnings, then the largest amount
/// (deals alike keep their order). `of` gives a deal's number of warnings and amount.
///
/// ```
/// use rounds_shared::deal::most_at_risk;
/// use rounds_shared::money::Money;
/// let mut deals = vec![("a", 2, Money::from_yuan(10)), ("b", 0, Money::from_yuan(99)), ("c", 2, Money::from_yuan(50))];
/// most_at_risk(&mut deals, |d| (d.1, d.2));
/// assert_eq!(deals.iter().map(|d| d.0).collect::<Vec<_>>(), ["c", "a"]);
/// ```
pub fn most_at_risk<T>(deals: &mut Vec<T>, of: impl Fn(&T) -> (usize, crate::money::Money)) {
    deals.retain(|d| of(d).0 > 0);
    deals.sort_by(|a, b| {
        let (x, y) = (of(a), of(b));
        y.0.cmp(&x.0).then(y.1.cmp(&x.1))
    });
}
