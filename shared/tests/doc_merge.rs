//! Concurrent offline edits to one account document merge without losing any edit.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

mod support;

use rounds_shared::doc::AccountDoc;
use rounds_shared::ids::UserId;
use rounds_shared::model::{Contact, Opportunity, Visit};
use rounds_shared::money::Money;
use support::*;

#[test]
fn concurrent_edits_merge_both_ways_and_keep_every_edit() {
    let rep_a = UserId::generate();
    let rep_b = UserId::generate();
    let mut base = AccountDoc::create(&account(rep_a)).unwrap();
    let opp = opportunity(800_000, "build_trust", rep_a, T0);
    base.put(&opp).unwrap();

    // Two devices take copies, then go offline.
    let mut a = AccountDoc::load(&base.save()).unwrap().fork();
    let mut b = AccountDoc::load(&base.save()).unwrap().fork();

    // Device A: a visit, a contact, and the opportunity moved a stage.
    let visit_a = visit("初次拜访", rep_a, T0.plus_days(1));
    a.put(&visit_a).unwrap();
    let contact_a = contact("王主任", rep_a, T0.plus_days(1));
    a.put(&contact_a).unwrap();
    let mut moved = a.get::<Opportunity>(opp.id).unwrap().value;
    moved
        .move_to(stage("dig_needs"), T0.plus_days(1), rep_a)
        .unwrap();
    a.put(&moved).unwrap();

    // Device B: another visit, another contact, and the same opportunity's amount changed.
    let visit_b = visit("技术交流", rep_b, T0.plus_days(2));
    b.put(&visit_b).unwrap();
    let contact_b = contact("李工程师", rep_b, T0.plus_days(2));
    b.put(&contact_b).unwrap();
    let mut repriced = b.get::<Opportunity>(opp.id).unwrap().value;
    repriced.amount = Money::from_yuan(950_000);
    repriced.audit.touch(T0.plus_days(2), rep_b);
    b.put(&repriced).unwrap();

    // Merge both ways.
    let mut ab = AccountDoc::load(&a.save()).unwrap();
    ab.merge(&mut AccountDoc::load(&b.save()).unwrap()).unwrap();
    let mut ba = AccountDoc::load(&b.save()).unwrap();
    ba.merge(&mut AccountDoc::load(&a.save()).unwrap()).unwrap();

    for merged in [&ab, &ba] {
        let visits = merged.all::<Visit>();
        assert!(visits.issues.is_empty(), "{:?}", visits.issues);
        let mut ids: Vec<_> = visits.value.iter().map(|v| v.id).collect();
        ids.sort();
        let mut want = vec![visit_a.id, visit_b.id];
        want.sort();
        assert_eq!(ids, want);

        let contacts = merged.all::<Contact>().value;
        assert_eq!(contacts.len(), 2);
        assert!(contacts.contains(&contact_a) && contacts.contains(&contact_b));

        let o = merged.get::<Opportunity>(opp.id).unwrap();
        assert!(o.issues.is_empty(), "{:?}", o.issues);
        assert_eq!(o.value.position, stage("dig_needs"), "A's stage move kept");
        assert_eq!(
            o.value.amount,
            Money::from_yuan(950_000),
            "B's amount change kept"
        );
        assert_eq!(o.value.history.len(), 2, "creation and A's move");
        assert_eq!(o.value.history[1].from, Some(stage("build_trust")));
    }
    // Both merge orders give the same document.
    assert_eq!(ab.all::<Visit>(), ba.all::<Visit>());
    assert_eq!(ab.all::<Contact>(), ba.all::<Contact>());
    assert_eq!(ab.all::<Opportunity>(), ba.all::<Opportunity>());
    assert_eq!(ab.account().unwrap(), ba.account().unwrap());
    let (mut ab, mut ba) = (ab, ba);
    assert_eq!(ab.automerge().get_heads(), ba.automerge().get_heads());
}

#[test]
fn concurrent_stage_moves_keep_both_events_once() {
    let rep = UserId::generate();
    let manager = UserId::generate();
    let mut base = AccountDoc::create(&account(rep)).unwrap();
    let opp = opportunity(100_000, "analyse", rep, T0);
    base.put(&opp).unwrap();
    let mut a = base.fork();
    let mut b = base.fork();

    let mut on_a = a.get::<Opportunity>(opp.id).unwrap().value;
    on_a.move_to(stage("build_trust"), T0.plus_days(1), rep)
        .unwrap();
    a.put(&on_a).unwrap();
    let mut on_b = b.get::<Opportunity>(opp.id).unwrap().value;
    on_b.move_to(stage("lost"), T0.plus_days(2), manager)
        .unwrap();
    b.put(&on_b).unwrap();

    a.merge(&mut b).unwrap();
    let merged = a.get::<Opportunity>(opp.id).unwrap().value;
    assert_eq!(merged.history.len(), 3);
    // Writing the merged record back appends nothing twice.
    a.put(&merged).unwrap();
    assert_eq!(a.get::<Opportunity>(opp.id).unwrap().value.history.len(), 3);
    // One of the two positions won, the same on both sides after a merge back.
    b.merge(&mut a).unwrap();
    assert_eq!(
        b.get::<Opportunity>(opp.id).unwrap().value.position,
        merged.position
    );
}

#[test]
fn concurrent_role_additions_merge_as_a_set() {
    use rounds_shared::model::BuyingRole;
    let rep = UserId::generate();
    let mut base = AccountDoc::create(&account(rep)).unwrap();
    let c = contact("张处长", rep, T0);
    base.put(&c).unwrap();
    let mut a = base.fork();
    let mut b = base.fork();
    let mut ca = c.clone();
    ca.roles.insert(BuyingRole::Coach);
    a.put(&ca).unwrap();
    let mut cb = c.clone();
    cb.roles.insert(BuyingRole::FinancialBuyer);
    b.put(&cb).unwrap();
    a.merge(&mut b).unwrap();
    let roles = a.get::<Contact>(c.id).unwrap().value.roles;
    assert_eq!(roles.len(), 2, "{roles:?}");
}

#[test]
fn two_devices_building_one_buying_centre_keep_every_stakeholder_and_answer() {
    use rounds_shared::model::{
        AnswerState, Attitude, BuyingRole, ProcurementStep, Qualification, Qualifier, Stakeholder,
    };
    let (rep, manager) = (UserId::generate(), UserId::generate());
    let mut base = AccountDoc::create(&account(rep)).unwrap();
    let (dean, chief) = (contact("张院长", rep, T0), contact("李主任", rep, T0));
    base.put(&dean).unwrap();
    base.put(&chief).unwrap();
    let mut opp = opportunity(800_000, "dig_needs", rep, T0);
    opp.stakeholders.insert(chief.id, Stakeholder::default());
    base.put(&opp).unwrap();
    let mut a = AccountDoc::load(&base.save()).unwrap().fork();
    let mut b = AccountDoc::load(&base.save()).unwrap().fork();
    let known = |note: &str| Qualification {
        state: AnswerState::Known,
        note: note.into(),
    };

    // The rep adds the dean as decision maker and answers the budget question…
    let mut on_a = a.get::<Opportunity>(opp.id).unwrap().value;
    on_a.stakeholders.insert(
        dean.id,
        Stakeholder {
            roles: [BuyingRole::DecisionMaker].into(),
            ..Stakeholder::default()
        },
    );
    on_a.mancoht
        .insert(Qualifier::Money, known("财政拨款 120 万"));
    a.put(&on_a).unwrap();
    // …while the manager marks the chief a coach, answers timing and sets the step.
    let mut on_b = b.get::<Opportunity>(opp.id).unwrap().value;
    let s = on_b.stakeholders.get_mut(&chief.id).unwrap();
    s.roles.insert(BuyingRole::Coach);
    s.attitude = Some(Attitude::Supporter);
    on_b.mancoht.insert(Qualifier::Time, known("三季度招标"));
    on_b.procurement = Some(ProcurementStep::Budget);
    on_b.audit.touch(T0.plus_days(1), manager);
    b.put(&on_b).unwrap();

    a.merge(&mut b).unwrap();
    let merged = a.get::<Opportunity>(opp.id).unwrap();
    assert!(merged.issues.is_empty(), "{:?}", merged.issues);
    let m = merged.value;
    assert_eq!(m.stakeholders.len(), 2);
    assert_eq!(
        m.stakeholders[&dean.id].roles,
        [BuyingRole::DecisionMaker].into()
    );
    assert_eq!(m.stakeholders[&chief.id].roles, [BuyingRole::Coach].into());
    assert_eq!(
        m.stakeholders[&chief.id].attitude,
        Some(Attitude::Supporter)
    );
    assert_eq!(m.mancoht[&Qualifier::Money].note, "财政拨款 120 万");
    assert_eq!(m.mancoht[&Qualifier::Time].note, "三季度招标");
    assert_eq!(m.procurement, Some(ProcurementStep::Budget));
}
