//! The rules, one function each. Thresholds are by the stage's win rate, so they hold for
//! any template: 10% is 客户分析 in the default one, 20% 建立信任, 30% 挖掘需求, 60% 呈现价值.

use std::collections::BTreeSet;

use super::{DealFacts, Warning, WarningKind};
use crate::ids::ContactId;
use crate::model::{
    AnswerState, Attitude, BuyingRole, Contact, Opportunity, OrgChangeKind, Qualifier,
    milestone_index,
};
use crate::money::WinRate;
use crate::time::{DAY_MS, Timestamp};

/// How far back "engaged" looks: contacts met in this many weeks count.
pub const ENGAGED_WEEKS: i64 = 8;
/// A deal whose hospital has not been visited for this many days warns.
pub const QUIET_DAYS: i64 = 30;

const ANALYSIS: u16 = 10;
const TRUST: u16 = 20;
const NEEDS: u16 = 30;
const VALUE: u16 = 60;

/// The MANCOHT questions a deal at `rate` should have answered: who decides and how the
/// decision is structured, and the need, from 挖掘需求 (30%); budget, competition, timing
/// and how they buy as well from 呈现价值 (60%). Other opportunities are never required.
///
/// ```
/// use rounds_shared::deal::required_answers;
/// use rounds_shared::model::Qualifier;
/// use rounds_shared::money::WinRate;
/// assert!(required_answers(WinRate::from_percent(20)).is_empty());
/// assert!(required_answers(WinRate::from_percent(60)).contains(&Qualifier::Money));
/// assert!(!required_answers(WinRate::from_percent(30)).contains(&Qualifier::Money));
/// ```
pub fn required_answers(rate: WinRate) -> Vec<Qualifier> {
    let p = rate.basis_points() / 100;
    Qualifier::ALL
        .iter()
        .copied()
        .filter(|q| match q {
            Qualifier::Authority | Qualifier::Organisation | Qualifier::Need => p >= NEEDS,
            Qualifier::Money | Qualifier::Competition | Qualifier::Time | Qualifier::How => {
                p >= VALUE
            }
            Qualifier::OtherOpportunities => false,
        })
        .collect()
}

/// A member of the deal's buying centre, as the rules see them.
struct Member<'a> {
    contact: &'a Contact,
    roles: BTreeSet<BuyingRole>,
    attitude: Option<Attitude>,
    plan: &'a str,
}

impl Member<'_> {
    fn gone(&self) -> bool {
        self.contact
            .org_change
            .is_some_and(|c| c.kind == OrgChangeKind::Left)
    }
    fn has(&self, role: BuyingRole) -> bool {
        !self.gone() && self.roles.contains(&role)
    }
}

pub(super) struct Deal<'a> {
    opp: &'a Opportunity,
    facts: &'a DealFacts<'a>,
    rate: WinRate,
    now: Timestamp,
    members: Vec<Member<'a>>,
}

impl<'a> Deal<'a> {
    /// The buying centre is the deal's stakeholders, each with their deal roles (or the
    /// contact's when none are set); a deal with no stakeholders listed falls back to
    /// every contact of the hospital.
    pub(super) fn new(
        opp: &'a Opportunity,
        facts: &'a DealFacts<'a>,
        rate: WinRate,
        now: Timestamp,
    ) -> Self {
        let members = if opp.stakeholders.is_empty() {
            facts
                .contacts
                .iter()
                .map(|c| Member {
                    contact: c,
                    roles: c.roles.clone(),
                    attitude: c.attitude,
                    plan: "",
                })
                .collect()
        } else {
            opp.stakeholders
                .iter()
                .filter_map(|(id, s)| {
                    let c = facts.contacts.iter().find(|c| c.id == *id)?;
                    Some(Member {
                        contact: c,
                        roles: if s.roles.is_empty() {
                            c.roles.clone()
                        } else {
                            s.roles.clone()
                        },
                        attitude: s.attitude.or(c.attitude),
                        plan: s.plan.trim(),
                    })
                })
                .collect()
        };
        Self {
            opp,
            facts,
            rate,
            now,
            members,
        }
    }

    /// The stage's win rate in whole percent, what the thresholds are in.
    fn percent(&self) -> u16 {
        self.rate.basis_points() / 100
    }

    pub(super) fn warnings(&self) -> Vec<Warning> {
        [
            self.single_threaded(),
            self.no_coach(),
            self.decision_maker(),
            self.restrictor(),
            self.qualification(),
            self.procurement(),
            self.quiet(),
            self.org_changed(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    fn names<'m>(members: impl Iterator<Item = &'m Member<'m>>) -> Vec<String> {
        members.map(|m| m.contact.name.clone()).collect()
    }

    /// One contact met (for this deal or the hospital in general) in the last
    /// [`ENGAGED_WEEKS`], from 客户分析 on.
    fn single_threaded(&self) -> Option<Warning> {
        if self.percent() < ANALYSIS {
            return None;
        }
        let since = super::VisitSummary::engaged_since(self.now);
        let met: BTreeSet<ContactId> = self
            .facts
            .visits
            .recent
            .iter()
            .filter(|(at, deal, _)| *at >= since && deal.is_none_or(|o| o == self.opp.id))
            .flat_map(|(_, _, people)| people.iter().copied())
            .collect();
        if met.len() != 1 {
            return None;
        }
        let mut w = Warning::new(WarningKind::SingleThreaded);
        w.people = self
            .facts
            .contacts
            .iter()
            .filter(|c| met.contains(&c.id))
            .map(|c| c.name.clone())
            .collect();
        Some(w)
    }

    /// Nobody in the buying centre coaches us (an opposed coach does not count), from
    /// 建立信任 on.
    fn no_coach(&self) -> Option<Warning> {
        let coached = self
            .members
            .iter()
            .any(|m| m.has(BuyingRole::Coach) && m.attitude != Some(Attitude::Opponent));
        (self.percent() >= TRUST && !coached).then(|| Warning::new(WarningKind::NoCoach))
    }

    /// The decision maker is opposed (at any stage); unknown from 建立信任; never met in a
    /// visit from 挖掘需求.
    fn decision_maker(&self) -> Option<Warning> {
        let deciders: Vec<&Member<'_>> = self
            .members
            .iter()
            .filter(|m| m.has(BuyingRole::DecisionMaker))
            .collect();
        let opposed: Vec<&Member<'_>> = deciders
            .iter()
            .copied()
            .filter(|m| m.attitude == Some(Attitude::Opponent))
            .collect();
        if !opposed.is_empty() {
            let mut w = Warning::new(WarningKind::DecisionMakerOpposed);
            w.people = Self::names(opposed.into_iter());
            return Some(w);
        }
        if deciders.is_empty() {
            return (self.percent() >= TRUST)
                .then(|| Warning::new(WarningKind::DecisionMakerUnknown));
        }
        let met = |m: &&Member<'_>| self.facts.visits.met.contains(&m.contact.id);
        if self.percent() >= NEEDS && !deciders.iter().any(met) {
            let mut w = Warning::new(WarningKind::DecisionMakerNotMet);
            w.people = Self::names(deciders.into_iter());
            return Some(w);
        }
        None
    }

    /// A restrictor (杀手) who is not on our side, and no plan for them in this deal.
    fn restrictor(&self) -> Option<Warning> {
        let unplanned: Vec<&Member<'_>> = self
            .members
            .iter()
            .filter(|m| {
                m.has(BuyingRole::Blocker)
                    && m.attitude != Some(Attitude::Supporter)
                    && m.plan.is_empty()
            })
            .collect();
        (!unplanned.is_empty()).then(|| {
            let mut w = Warning::new(WarningKind::RestrictorNoPlan);
            w.people = Self::names(unplanned.into_iter());
            w
        })
    }

    /// Questions the stage needs answered that are not known, and any answer marked a risk.
    fn qualification(&self) -> Option<Warning> {
        let required = required_answers(self.rate);
        let questions: Vec<Qualifier> = Qualifier::ALL
            .iter()
            .copied()
            .filter(|q| match self.opp.mancoht.get(q).map(|a| a.state) {
                Some(AnswerState::Risk) => true,
                Some(AnswerState::Known) => false,
                Some(AnswerState::Unknown) | None => required.contains(q),
            })
            .collect();
        (!questions.is_empty()).then(|| {
            let mut w = Warning::new(WarningKind::QualificationGap);
            w.questions = questions;
            w
        })
    }

    /// The deal's stage more than one milestone ahead of (or behind) the hospital's
    /// procurement step (see [`crate::model::ProcurementStep::milestone`]).
    fn procurement(&self) -> Option<Warning> {
        let step = self.opp.procurement?;
        let ours = milestone_index(self.rate);
        let theirs = milestone_index(step.milestone());
        let kind = if ours > theirs + 1 {
            WarningKind::AheadOfProcurement
        } else if ours + 1 < theirs {
            WarningKind::BehindProcurement
        } else {
            return None;
        };
        let mut w = Warning::new(kind);
        w.step = Some(step);
        Some(w)
    }

    /// No visit to the hospital for [`QUIET_DAYS`] (counted from the deal's creation when
    /// it was never visited).
    fn quiet(&self) -> Option<Warning> {
        let since = self.facts.visits.last.unwrap_or(self.opp.audit.created_at);
        let days = self.now.0.saturating_sub(since.0) / DAY_MS;
        (days >= QUIET_DAYS).then(|| {
            let mut w = Warning::new(WarningKind::NoRecentVisit);
            w.days = self.facts.visits.last.map(|_| days);
            w
        })
    }

    /// A buying-centre member left or changed role after the last visit to the hospital.
    fn org_changed(&self) -> Option<Warning> {
        let changed: Vec<&Member<'_>> = self
            .members
            .iter()
            .filter(|m| {
                m.contact
                    .org_change
                    .is_some_and(|c| self.facts.visits.last.is_none_or(|v| c.at > v))
            })
            .collect();
        (!changed.is_empty()).then(|| {
            let mut w = Warning::new(WarningKind::OrgChanged);
            w.people = Self::names(changed.into_iter());
            w
        })
    }
}
