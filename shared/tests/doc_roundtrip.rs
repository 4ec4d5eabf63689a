//! Property tests: any record written to a document and read back, directly and after a
//! save and load, is equal to what was written, with nothing reported.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::collections::BTreeMap;

use chrono::NaiveDate;
use proptest::collection::{btree_map, btree_set, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use rounds_shared::doc::{
    AccountDoc, AccountRecord, IndexDoc, IndexEntry, NoticeDoc, PersonalDoc, PersonalRecord,
};
use rounds_shared::ids::*;
use rounds_shared::model::*;
use rounds_shared::money::{Money, WinRate};
use rounds_shared::stage::{ExitCriterion, Position, Stage, StageKey, StageTemplate};
use rounds_shared::time::{PeriodKey, Timestamp, TzOffset};
use uuid::Uuid;

fn uuid() -> impl Strategy<Value = Uuid> {
    any::<u128>().prop_map(Uuid::from_u128)
}
fn user() -> impl Strategy<Value = UserId> {
    uuid().prop_map(UserId::from_uuid)
}
fn ts() -> impl Strategy<Value = Timestamp> {
    any::<i64>().prop_map(Timestamp)
}
fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[\u{4e00}-\u{9fa5}a-z ,。]{0,30}"]
}
fn date() -> impl Strategy<Value = NaiveDate> {
    (-200_000i64..200_000).prop_map(|d| NaiveDate::default() + chrono::Duration::days(d))
}
fn money() -> impl Strategy<Value = Money> {
    (0..i64::MAX).prop_map(Money::from_fen)
}
fn stage_key() -> impl Strategy<Value = StageKey> {
    "[a-z0-9_-]{1,40}".prop_filter_map("reserved", |s| s.parse().ok())
}
fn position() -> impl Strategy<Value = Position> {
    prop_oneof![
        stage_key().prop_map(Position::Stage),
        Just(Position::Lost),
        Just(Position::Dropped)
    ]
}
fn geo() -> impl Strategy<Value = GeoPoint> {
    (-90.0f64..90.0, -180.0f64..180.0).prop_map(|(lat, lng)| GeoPoint { lat, lng })
}
fn audit() -> impl Strategy<Value = Audit> {
    (ts(), user(), ts(), user()).prop_map(|(created_at, created_by, updated_at, updated_by)| {
        Audit {
            created_at,
            created_by,
            updated_at,
            updated_by,
        }
    })
}
fn period_key() -> impl Strategy<Value = PeriodKey> {
    prop_oneof![
        (2000..2100i32, 1..=52u32).prop_map(|(year, week)| PeriodKey::Week { year, week }),
        (2000..2100i32, 1..=12u32).prop_map(|(year, month)| PeriodKey::Month { year, month }),
        (2000..2100i32, 1..=4u32).prop_map(|(year, quarter)| PeriodKey::Quarter { year, quarter }),
        (2000..2100i32).prop_map(|year| PeriodKey::Year { year }),
    ]
}

prop_compose! {
    fn account()(
        id in uuid(), name in text(), level in select(HospitalLevel::ALL), region in text(),
        address in text(), location in option::of(geo()), departments in btree_set(text(), 0..4),
        annual_sample_volume in option::of(any::<u64>()),
        payment_record in option::of(select(PaymentRecord::ALL)), owner in user(),
        class in option::of(select(AccountClass::ALL)),
        attitude in option::of(select(AccountAttitude::ALL)),
        relationship in option::of(select(TrustLevel::ALL)), audit in audit(),
        zone in option::of(select(Zone::ALL)),
        relationship_stage in option::of(select(RelationshipStage::ALL)),
        tier in option::of(select(KeyAccountTier::ALL)),
    ) -> Account {
        Account { id: AccountId::from_uuid(id), name, level, region, address, location, departments,
            annual_sample_volume, payment_record, owner, class, attitude, relationship, audit, zone,
            relationship_stage, tier }
    }
}

prop_compose! {
    fn contact()(
        id in uuid(), name in text(), department in text(), title in text(), phone in text(),
        roles in btree_set(select(BuyingRole::ALL), 0..4),
        attitude in option::of(select(Attitude::ALL)), trust in option::of(select(TrustLevel::ALL)),
        notes in text(), reports_to in option::of(uuid().prop_map(ContactId::from_uuid)),
        org_change in option::of((select(OrgChangeKind::ALL), ts())), audit in audit(),
    ) -> Contact {
        let org_change = org_change.map(|(kind, at)| OrgChange { kind, at });
        Contact { id: ContactId::from_uuid(id), name, department, title, phone, roles, attitude,
            trust, notes, reports_to, org_change, audit }
    }
}

prop_compose! {
    fn stakeholder()(
        roles in btree_set(select(BuyingRole::ALL), 0..3),
        attitude in option::of(select(Attitude::ALL)), trust in option::of(select(TrustLevel::ALL)),
        plan in text(),
    ) -> Stakeholder {
        Stakeholder { roles, attitude, trust, plan }
    }
}

prop_compose! {
    fn qualification()(state in select(AnswerState::ALL), note in text()) -> Qualification {
        Qualification { state, note }
    }
}

prop_compose! {
    fn event()(id in uuid(), from in option::of(position()), to in position(), at in ts(), by in user())
        -> StageEvent {
        StageEvent { id: StageEventId::from_uuid(id), from, to, at, by }
    }
}

prop_compose! {
    fn opportunity()(
        id in uuid(), title in text(), product_line in text(), amount in money(),
        position in position(), expected_close in option::of(date()),
        competitors in btree_set(text(), 0..4), next_step in text(),
        next_step_due in option::of(date()), checked in btree_set("[a-z_]{1,12}", 0..4),
        lost in option::of((text(), option::of(text()))), owner in user(),
        history in vec(event(), 0..5), audit in audit(),
        stakeholders in btree_map(uuid().prop_map(ContactId::from_uuid), stakeholder(), 0..3),
        mancoht in btree_map(select(Qualifier::ALL), qualification(), 0..4),
        procurement in option::of(select(ProcurementStep::ALL)),
    ) -> Opportunity {
        let mut history = history;
        history.sort_by_key(|e| (e.at, e.id));
        history.dedup_by_key(|e| e.id);
        // Where it is follows from the history whenever there is one.
        let position = Opportunity::current(&history).cloned().unwrap_or(position);
        Opportunity { id: OpportunityId::from_uuid(id), title, product_line, amount, position,
            expected_close, competitors, next_step, next_step_due, checked,
            lost: lost.map(|(reason, competitor)| LostInfo { reason, competitor }),
            owner, stakeholders, mancoht, procurement, history, audit }
    }
}

prop_compose! {
    fn visit()(
        id in uuid(), at in ts(), contacts in btree_set(uuid().prop_map(ContactId::from_uuid), 0..4),
        purpose in text(), content in text(), problems in text(), next_step in text(),
        opportunity in option::of(uuid().prop_map(OpportunityId::from_uuid)),
        check_in in option::of((ts(), option::of(geo()), option::of(text()),
            option::of((text(), any::<u32>(), select(PhotoKind::ALL), any::<u32>(), any::<u32>(), ts(), user(),
                option::of(text()))),
            option::of(0u32..5_000), option::of(ts()))),
        audit in audit(),
    ) -> Visit {
        Visit { id: VisitId::from_uuid(id), at, contacts, purpose, content, problems, next_step,
            opportunity,
            check_in: check_in.map(|(at, location, photo, r, accuracy, left_at)| CheckIn { at, location, photo,
                photo_ref: r.map(|(hash, size, kind, width, height, taken_at, by, thumb)| PhotoRef {
                    hash, size: u64::from(size), kind, width, height, taken_at, by, thumb }),
                accuracy_m: accuracy.map(f64::from), left_at }),
            audit }
    }
}

prop_compose! {
    fn covisit()(
        id in uuid(), manager in user(), rep in user(),
        visit in option::of(uuid().prop_map(VisitId::from_uuid)), at in ts(),
        kind in select(CoVisitKind::ALL), observations in text(), coaching_points in text(),
        audit in audit(),
    ) -> CoVisit {
        CoVisit { id: CoVisitId::from_uuid(id), manager, rep, visit, at, kind, observations,
            coaching_points, audit }
    }
}

prop_compose! {
    fn notice()(
        id in uuid(), kind in select(NoticeKind::ALL), department in select(Department::ALL),
        handler in option::of(user()), to in option::of(user()), account in uuid(),
        (hospital, address, contact) in (text(), text(), text()),
        opportunity in option::of(uuid()), visit in option::of(uuid()),
        details in text(), due in option::of(date()), delivery_method in text(),
        audit in audit(),
    ) -> Notice {
        Notice { id: NoticeId::from_uuid(id), kind, department, handler, to,
            account: AccountId::from_uuid(account), hospital, address, contact,
            opportunity: opportunity.map(OpportunityId::from_uuid),
            visit: visit.map(VisitId::from_uuid), details, due, delivery_method, audit }
    }
}

prop_compose! {
    fn receipt()(
        id in uuid(), outcome in select(ReceiptOutcome::ALL), reason in text(),
        help_needed in text(), new_due in option::of(date()), audit in audit(),
    ) -> Receipt {
        Receipt { id: ReceiptId::from_uuid(id), outcome, reason, help_needed, new_due, audit }
    }
}

prop_compose! {
    fn notice_event()(
        id in uuid(), kind in select(NoticeEventKind::ALL), to in option::of(user()),
        audit in audit(),
    ) -> NoticeEvent {
        NoticeEvent { id: NoticeEventId::from_uuid(id), kind, to, audit }
    }
}

prop_compose! {
    fn weekly_plan()(
        id in uuid(), week in (2000..2100i32, 1..=52u32), goals in text(),
        visits in vec((uuid(), date(), text()), 0..4), submitted_at in option::of(ts()),
        audit in audit(),
    ) -> WeeklyPlan {
        WeeklyPlan { id: PlanId::from_uuid(id), week: PeriodKey::Week { year: week.0, week: week.1 },
            goals,
            visits: visits.into_iter().map(|(a, day, purpose)| PlannedVisit {
                account: AccountId::from_uuid(a), day, purpose }).collect(),
            submitted_at, audit }
    }
}

prop_compose! {
    fn quarterly_plan()(
        id in uuid(), quarter in period_key(),
        visit_frequency in btree_map(uuid().prop_map(AccountId::from_uuid), any::<u32>(), 0..5),
        focus in btree_map(uuid().prop_map(AccountId::from_uuid), text(), 0..3),
        notes in text(), submitted_at in option::of(ts()), audit in audit(),
    ) -> QuarterlyPlan {
        QuarterlyPlan { id: PlanId::from_uuid(id), quarter, visit_frequency, focus, notes, submitted_at, audit }
    }
}

prop_compose! {
    fn route_plan()(
        id in uuid(), name in text(), zone in select(Zone::ALL),
        stops in vec(uuid().prop_map(AccountId::from_uuid), 0..6), audit in audit(),
    ) -> RoutePlan {
        RoutePlan { id: PlanId::from_uuid(id), name, zone, stops, audit }
    }
}

prop_compose! {
    fn org()(
        stages in vec((stage_key(), text(), text(), 0..=10_000u32,
            vec(("[a-z_]{1,10}", text(), text()), 0..3)), 1..6),
        standards in vec((select(StandardMetric::ALL), option::of(stage_key()), any::<i64>()), 0..5),
        targets in vec((prop_oneof![
            Just(TargetSubject::Org),
            uuid().prop_map(|u| TargetSubject::Team(TeamId::from_uuid(u))),
            user().prop_map(TargetSubject::Rep),
        ], period_key(), money()), 0..5),
        tz in -720..=840i32, stalled_after_days in any::<u32>(),
        territories in vec((text(), vec((select(Zone::ALL), text()), 0..4)), 0..3),
        phases in vec((text(), text(), 1..100u32, option::of(1..200u32),
            vec((select(StandardMetric::ALL), option::of(stage_key()), any::<i64>()), 0..3)), 0..3),
        starts in vec((user(), date()), 0..3), daily_cutoff_minutes in 0..1440u32,
    ) -> OrgConfig {
        OrgConfig {
            template: StageTemplate { stages: stages.into_iter().map(|(key, zh, en, bp, crit)| Stage {
                key, zh, en, win_rate: WinRate::from_basis_points(bp).unwrap(),
                exit_criteria: crit.into_iter().map(|(key, zh, en)| ExitCriterion { key, zh, en }).collect(),
            }).collect() },
            standards: standards.into_iter().map(|(metric, stage, minimum)| Standard { metric, stage, minimum }).collect(),
            targets: targets.into_iter().map(|(subject, period, amount)| Target { subject, period, amount }).collect(),
            tz: TzOffset { minutes: tz },
            stalled_after_days,
            territories: territories.into_iter().map(|(name, zones)| Territory {
                name,
                zones: zones.into_iter().map(|(zone, area)| TerritoryZone { zone, area }).collect(),
            }).collect(),
            phases: phases.into_iter().map(|(zh, en, from_week, until_week, standards)| RoadmapPhase {
                zh, en, from_week, until_week,
                standards: standards.into_iter().map(|(metric, stage, minimum)| Standard { metric, stage, minimum }).collect(),
            }).collect(),
            starts: starts.into_iter().map(|(rep, started)| RepStart { rep, started }).collect(),
            daily_cutoff_minutes,
        }
    }
}

fn account_round_trip<R: AccountRecord + Clone + std::fmt::Debug>(
    profile: &Account,
    record: &R,
) -> Result<(), TestCaseError> {
    let mut doc = AccountDoc::create(profile).unwrap();
    doc.put(record).unwrap();
    let read = doc.get::<R>(record.id()).unwrap();
    prop_assert!(read.issues.is_empty(), "{:?}", read.issues);
    prop_assert_eq!(&read.value, record);
    let reloaded = AccountDoc::load(&doc.save()).unwrap();
    let all = reloaded.all::<R>();
    prop_assert!(all.issues.is_empty(), "{:?}", all.issues);
    prop_assert_eq!(&all.value, &vec![record.clone()]);
    let profile_read = reloaded.account().unwrap();
    prop_assert!(profile_read.issues.is_empty(), "{:?}", profile_read.issues);
    prop_assert_eq!(&profile_read.value, profile);
    Ok(())
}

fn personal_round_trip<R: PersonalRecord + Clone + std::fmt::Debug>(
    record: &R,
) -> Result<(), TestCaseError> {
    let mut doc = PersonalDoc::create(UserId::generate()).unwrap();
    doc.put(record).unwrap();
    let reloaded = PersonalDoc::load(&doc.save()).unwrap();
    let read = reloaded.get::<R>(record.id()).unwrap();
    prop_assert!(read.issues.is_empty(), "{:?}", read.issues);
    prop_assert_eq!(&read.value, record);
    Ok(())
}

proptest! {
    #[test]
    fn contacts_round_trip(a in account(), c in contact()) { account_round_trip(&a, &c)?; }
    #[test]
    fn opportunities_round_trip(a in account(), o in opportunity()) { account_round_trip(&a, &o)?; }
    #[test]
    fn visits_round_trip(a in account(), v in visit()) { account_round_trip(&a, &v)?; }
    #[test]
    fn covisits_round_trip(a in account(), c in covisit()) { account_round_trip(&a, &c)?; }
    #[test]
    fn notices_round_trip(n in notice(), r in receipt(), e in notice_event()) {
        let mut doc = NoticeDoc::create(&n).unwrap();
        doc.put(&r).unwrap();
        doc.put(&e).unwrap();
        let reloaded = NoticeDoc::load(&doc.save()).unwrap();
        let read = reloaded.notice().unwrap();
        prop_assert!(read.issues.is_empty(), "{:?}", read.issues);
        prop_assert_eq!(&read.value, &n);
        let view = reloaded.view().unwrap();
        prop_assert_eq!(view.receipts, vec![r]);
        prop_assert_eq!(view.events, vec![e]);
    }
    #[test]
    fn weekly_plans_round_trip(p in weekly_plan()) { personal_round_trip(&p)?; }
    #[test]
    fn quarterly_plans_round_trip(p in quarterly_plan()) { personal_round_trip(&p)?; }
    #[test]
    fn route_plans_round_trip(p in route_plan()) { personal_round_trip(&p)?; }

    #[test]
    fn updates_round_trip(a in account(), first in opportunity(), second in opportunity()) {
        // Overwriting a record with any other value reads back as the new value.
        let mut second = second;
        second.id = first.id;
        second.history = first.history.clone(); // history only ever grows
        if let Some(p) = Opportunity::current(&second.history) {
            second.position = p.clone(); // and says where it is
        }
        let mut doc = AccountDoc::create(&a).unwrap();
        doc.put(&first).unwrap();
        doc.put(&second).unwrap();
        let read = doc.get::<Opportunity>(first.id).unwrap();
        prop_assert!(read.issues.is_empty(), "{:?}", read.issues);
        prop_assert_eq!(read.value, second);
    }

    #[test]
    fn index_documents_round_trip(
        user in user(), org in org(),
        accounts in btree_map(uuid().prop_map(AccountId::from_uuid), text(), 0..6),
        later in btree_map(uuid().prop_map(AccountId::from_uuid), text(), 0..6),
    ) {
        let entries = |m: &BTreeMap<AccountId, String>| -> BTreeMap<AccountId, IndexEntry> {
            m.iter().map(|(k, v)| (*k, IndexEntry { name: v.clone() })).collect()
        };
        let mut doc = IndexDoc::create(user, &OrgConfig::default()).unwrap();
        doc.set_org(&org).unwrap();
        doc.set_accounts(&entries(&accounts)).unwrap();
        doc.set_accounts(&entries(&later)).unwrap();
        let reloaded = IndexDoc::load(&doc.save()).unwrap();
        prop_assert_eq!(reloaded.user(), Some(user));
        let read_org = reloaded.org();
        prop_assert!(read_org.issues.is_empty(), "{:?}", read_org.issues);
        prop_assert_eq!(read_org.value, org);
        let read_accounts = reloaded.accounts();
        prop_assert!(read_accounts.issues.is_empty());
        prop_assert_eq!(read_accounts.value, entries(&later));
    }
}
