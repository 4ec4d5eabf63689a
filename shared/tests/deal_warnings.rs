//! Every deal warning fires on a hand-made case and stays quiet on its near miss. Each case
//! starts from a healthy deal (no warning at all) and changes one thing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

mod support;

use std::collections::BTreeSet;

use rounds_shared::deal::{DealFacts, VisitSummary, Warning, WarningKind, warnings};
use rounds_shared::ids::{ContactId, UserId};
use rounds_shared::labels::Locale;
use rounds_shared::model::{
    AnswerState, Attitude, BuyingRole, Contact, Opportunity, OrgChange, OrgChangeKind,
    ProcurementStep, Qualification, Qualifier, Stakeholder,
};
use rounds_shared::stage::{Position, StageTemplate};
use rounds_shared::time::{DAY_MS, Timestamp};
use support::{T0, contact, opportunity, stage};

const NOW: Timestamp = Timestamp(T0.0 + 60 * DAY_MS);

fn days_ago(d: i64) -> Timestamp {
    NOW.plus_days(-d)
}

/// A visit: when, whom, for which deal.
struct Seen {
    at: Timestamp,
    contacts: BTreeSet<ContactId>,
    opportunity: Option<rounds_shared::ids::OpportunityId>,
}

/// A deal at 呈现价值 (60%) with everything the method asks for.
struct Case {
    opp: Opportunity,
    contacts: Vec<Contact>,
    visits: Vec<Seen>,
}

impl Case {
    fn healthy() -> Self {
        let rep = UserId::generate();
        let person = |name: &str, role: BuyingRole| {
            let mut c = contact(name, rep, T0);
            c.roles = BTreeSet::from([role]);
            c.attitude = Some(Attitude::Supporter);
            c
        };
        let contacts = vec![
            person("张院长", BuyingRole::DecisionMaker),
            person("李主任", BuyingRole::Coach),
            person("王科长", BuyingRole::FinancialBuyer),
            person("赵工", BuyingRole::TechnicalBuyer),
        ];
        let mut opp = opportunity(800_000, "present_value", rep, T0);
        for c in &contacts {
            opp.stakeholders.insert(c.id, Stakeholder::default());
        }
        for q in Qualifier::ALL {
            opp.mancoht.insert(
                *q,
                Qualification {
                    state: AnswerState::Known,
                    note: String::new(),
                },
            );
        }
        opp.procurement = Some(ProcurementStep::Tender);
        let met = |d: i64, who: &[usize]| Seen {
            at: days_ago(d),
            contacts: who.iter().map(|i| contacts[*i].id).collect(),
            opportunity: Some(opp.id),
        };
        let visits = vec![met(20, &[0, 1]), met(5, &[2, 3])];
        Case {
            opp,
            contacts,
            visits,
        }
    }

    fn id(&self, name: &str) -> ContactId {
        self.contacts.iter().find(|c| c.name == name).unwrap().id
    }

    fn stakeholder(&mut self, name: &str) -> &mut Stakeholder {
        let id = self.id(name);
        self.opp.stakeholders.get_mut(&id).unwrap()
    }

    fn at(mut self, key: &str) -> Self {
        self.opp.position = stage(key);
        self
    }

    fn warnings(&self) -> Vec<Warning> {
        let mut summary = VisitSummary::default();
        for v in &self.visits {
            summary.add(v.at, &v.contacts, v.opportunity, NOW);
        }
        let facts = DealFacts {
            contacts: &self.contacts,
            visits: &summary,
        };
        warnings(&self.opp, &facts, &StageTemplate::default_eight(), NOW)
    }

    fn kinds(&self) -> Vec<WarningKind> {
        self.warnings().iter().map(|w| w.kind).collect()
    }

    fn only(&self, kind: WarningKind) -> Warning {
        let found = self.warnings();
        assert_eq!(
            found.iter().map(|w| w.kind).collect::<Vec<_>>(),
            [kind],
            "{found:?}"
        );
        found.into_iter().next().unwrap()
    }
}

#[test]
fn a_healthy_deal_has_no_warning() {
    assert_eq!(Case::healthy().kinds(), []);
}

#[test]
fn single_threaded_when_only_one_person_was_met_in_eight_weeks() {
    let mut c = Case::healthy();
    let (coach, decider) = (c.id("李主任"), c.id("张院长"));
    c.visits = vec![
        Seen {
            at: days_ago(70),
            contacts: BTreeSet::from([decider]),
            opportunity: None,
        },
        Seen {
            at: days_ago(3),
            contacts: BTreeSet::from([coach]),
            opportunity: None,
        },
    ];
    let w = c.only(WarningKind::SingleThreaded);
    assert_eq!(w.people, ["李主任"]);
    assert_eq!(w.reason(Locale::ZhCn), "近 8 周只与 李主任 有接触");
    // Near miss: a second person met within the window.
    c.visits[0].at = days_ago(50);
    assert_eq!(c.kinds(), []);
    // Visits for another deal at the hospital do not engage anyone in this one.
    c.visits[0].opportunity = Some(rounds_shared::ids::OpportunityId::generate());
    assert_eq!(c.kinds(), [WarningKind::SingleThreaded]);
}

#[test]
fn no_coach_from_build_trust_on_and_an_opposed_coach_does_not_count() {
    let mut c = Case::healthy();
    c.stakeholder("李主任").roles = BTreeSet::from([BuyingRole::User]);
    c.only(WarningKind::NoCoach);
    // Near miss: the same deal at 客户分析 (10%) is too early to need one.
    let early = Case { ..c }.at("analyse");
    assert!(!early.kinds().contains(&WarningKind::NoCoach));

    let mut c = Case::healthy();
    c.stakeholder("李主任").attitude = Some(Attitude::Opponent);
    c.only(WarningKind::NoCoach);
}

#[test]
fn decision_maker_unknown_not_met_and_opposed() {
    let mut c = Case::healthy();
    c.stakeholder("张院长").roles = BTreeSet::from([BuyingRole::Influencer]);
    c.only(WarningKind::DecisionMakerUnknown);
    assert!(
        !c.at("analyse")
            .kinds()
            .contains(&WarningKind::DecisionMakerUnknown)
    );

    let mut c = Case::healthy();
    let decider = c.id("张院长");
    for v in &mut c.visits {
        v.contacts.remove(&decider);
    }
    assert_eq!(c.only(WarningKind::DecisionMakerNotMet).people, ["张院长"]);
    // Near miss: at 建立信任 (20%) not having met them yet is normal.
    let c = c.at("build_trust");
    assert!(!c.kinds().contains(&WarningKind::DecisionMakerNotMet));

    // Opposed in this deal, whatever the contact card says…
    let mut c = Case::healthy();
    c.stakeholder("张院长").attitude = Some(Attitude::Opponent);
    assert_eq!(c.only(WarningKind::DecisionMakerOpposed).people, ["张院长"]);
    // …and the near miss: opposed on the card, a supporter in this deal.
    let mut c = Case::healthy();
    c.contacts[0].attitude = Some(Attitude::Opponent);
    c.stakeholder("张院长").attitude = Some(Attitude::Supporter);
    assert_eq!(c.kinds(), []);
}

#[test]
fn a_decision_maker_who_left_no_longer_counts() {
    let mut c = Case::healthy();
    c.contacts[0].org_change = Some(OrgChange {
        kind: OrgChangeKind::Left,
        at: days_ago(30),
    });
    // Recorded before the last visit, so it was followed up; but nobody decides now.
    assert_eq!(c.kinds(), [WarningKind::DecisionMakerUnknown]);
}

#[test]
fn a_restrictor_needs_a_plan() {
    let mut c = Case::healthy();
    let s = c.stakeholder("赵工");
    s.roles = BTreeSet::from([BuyingRole::TechnicalBuyer, BuyingRole::Blocker]);
    s.attitude = Some(Attitude::Neutral);
    assert_eq!(c.only(WarningKind::RestrictorNoPlan).people, ["赵工"]);
    c.stakeholder("赵工").plan = "请院长出面，技术参数按双方案写".into();
    assert_eq!(c.kinds(), []);
}

#[test]
fn qualification_gaps_follow_the_stage_and_risks_always_show() {
    let mut c = Case::healthy();
    c.opp.mancoht.remove(&Qualifier::Money);
    let w = c.only(WarningKind::QualificationGap);
    assert_eq!(w.questions, [Qualifier::Money]);
    assert_eq!(w.reason(Locale::ZhCn), "未确认: 资金预算");
    // Near miss: budget unknown at 挖掘需求 (30%) is not yet a gap.
    let mut c = c.at("dig_needs");
    c.opp.procurement = Some(ProcurementStep::Budget);
    assert_eq!(c.kinds(), []);
    // A risk shows at any stage.
    c.opp.mancoht.insert(
        Qualifier::OtherOpportunities,
        Qualification {
            state: AnswerState::Risk,
            note: "另一家在谈整体打包".into(),
        },
    );
    assert_eq!(
        c.only(WarningKind::QualificationGap).questions,
        [Qualifier::OtherOpportunities]
    );
}

#[test]
fn the_stage_compared_with_the_hospitals_procurement_step() {
    let mut c = Case::healthy();
    c.opp.procurement = Some(ProcurementStep::NeedRaised);
    let w = c.only(WarningKind::AheadOfProcurement);
    assert_eq!(w.step, Some(ProcurementStep::NeedRaised));
    // Near miss: one milestone apart is within the tolerance.
    c.opp.procurement = Some(ProcurementStep::TeamFormed);
    assert_eq!(c.kinds(), []);

    let mut c = Case::healthy().at("build_trust");
    c.opp.procurement = Some(ProcurementStep::Evaluation);
    c.only(WarningKind::BehindProcurement);
    c.opp.procurement = Some(ProcurementStep::Budget);
    assert_eq!(c.kinds(), []);
    // Unknown step: nothing to compare.
    c.opp.procurement = None;
    assert_eq!(c.kinds(), []);
}

#[test]
fn no_visit_for_thirty_days() {
    let mut c = Case::healthy();
    c.visits[1].at = days_ago(45);
    c.visits[0].at = days_ago(31);
    let w = c.only(WarningKind::NoRecentVisit);
    assert_eq!(w.days, Some(31));
    assert_eq!(w.reason(Locale::En), "No visit for 31 days");
    c.visits[0].at = days_ago(29);
    assert_eq!(c.kinds(), []);
}

#[test]
fn an_organisation_change_since_the_last_visit() {
    let mut c = Case::healthy();
    c.contacts[2].org_change = Some(OrgChange {
        kind: OrgChangeKind::NewRole,
        at: days_ago(2),
    });
    assert_eq!(c.only(WarningKind::OrgChanged).people, ["王科长"]);
    // Near miss: recorded before the last visit (5 days ago), so it was followed up.
    c.contacts[2].org_change = Some(OrgChange {
        kind: OrgChangeKind::NewRole,
        at: days_ago(10),
    });
    assert_eq!(c.kinds(), []);
}

#[test]
fn without_stakeholders_the_hospitals_contacts_are_the_buying_centre() {
    let mut c = Case::healthy();
    c.opp.stakeholders.clear();
    assert_eq!(c.kinds(), []);
    c.contacts[1].roles.clear();
    assert_eq!(c.kinds(), [WarningKind::NoCoach]);
}

#[test]
fn closed_deals_and_unknown_stages_have_no_warnings() {
    let mut c = Case::healthy();
    c.opp.mancoht.clear();
    c.visits.clear();
    assert!(c.kinds().len() >= 3);
    for position in [
        Position::Lost,
        Position::Dropped,
        stage("paid"),
        stage("gone"),
    ] {
        c.opp.position = position;
        assert_eq!(c.kinds(), []);
    }
}

#[test]
fn every_warning_says_why_and_what_next_in_both_locales() {
    for kind in WarningKind::ALL {
        let w = Warning {
            kind: *kind,
            people: vec!["李主任".into()],
            questions: vec![Qualifier::Money],
            days: Some(40),
            step: Some(ProcurementStep::Tender),
        };
        for locale in [Locale::ZhCn, Locale::En] {
            assert!(!w.reason(locale).is_empty() && !w.next_step(locale).is_empty());
        }
    }
}
