//! Old and new apps share documents: unknown fields and values survive edits, missing
//! optional fields default, unreadable values are reported instead of crashing or being
//! overwritten, and an unchanged record writes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

mod support;

use automerge::transaction::Transactable;
use automerge::{ObjType, ROOT, ReadDoc, ScalarValue, Value};
use rounds_shared::doc::{AccountDoc, Problem};
use rounds_shared::ids::UserId;
use rounds_shared::model::{
    Attitude, BuyingRole, CoVisit, CoVisitKind, Contact, Opportunity, Visit,
};
use rounds_shared::money::Money;
use support::*;

fn record_obj(doc: &mut AccountDoc, collection: &str, id: &str) -> automerge::ObjId {
    let am = doc.automerge();
    let (_, coll) = am.get(ROOT, collection).unwrap().unwrap();
    let (_, obj) = am.get(&coll, id).unwrap().unwrap();
    obj
}

fn scalar(doc: &mut AccountDoc, obj: &automerge::ObjId, key: &str) -> Option<ScalarValue> {
    match doc.automerge().get(obj, key).unwrap() {
        Some((Value::Scalar(s), _)) => Some(s.into_owned()),
        _ => None,
    }
}

#[test]
fn unknown_fields_survive_an_edit() {
    let rep = UserId::generate();
    let mut doc = AccountDoc::create(&account(rep)).unwrap();
    let v = visit("回访", rep, T0);
    doc.put(&v).unwrap();
    // A newer app added a field to the visit and a collection at the root.
    let obj = record_obj(&mut doc, "visits", &v.id.to_string());
    doc.automerge().put(&obj, "mood", "good").unwrap();
    doc.automerge()
        .put_object(ROOT, "quotes", ObjType::Map)
        .unwrap();
    doc.automerge().commit();

    let mut read = doc.get::<Visit>(v.id).unwrap();
    assert!(read.issues.is_empty(), "{:?}", read.issues);
    read.value.purpose = "复查".into();
    doc.put(&read.value).unwrap();

    let mut reloaded = AccountDoc::load(&doc.save()).unwrap();
    assert_eq!(reloaded.get::<Visit>(v.id).unwrap().value.purpose, "复查");
    let obj = record_obj(&mut reloaded, "visits", &v.id.to_string());
    assert_eq!(
        scalar(&mut reloaded, &obj, "mood"),
        Some(ScalarValue::Str("good".into()))
    );
    assert!(reloaded.automerge().get(ROOT, "quotes").unwrap().is_some());
}

#[test]
fn values_from_a_newer_app_are_reported_and_kept() {
    let rep = UserId::generate();
    let mut doc = AccountDoc::create(&account(rep)).unwrap();
    let mut c = contact("赵院长", rep, T0);
    c.roles.insert(BuyingRole::DecisionMaker);
    c.attitude = Some(Attitude::Supporter);
    doc.put(&c).unwrap();
    let obj = record_obj(&mut doc, "contacts", &c.id.to_string());
    doc.automerge()
        .put(&obj, "attitude", "enthusiastic")
        .unwrap();
    let (_, roles) = doc.automerge().get(&obj, "roles").unwrap().unwrap();
    doc.automerge().put(&roles, "champion", true).unwrap();
    doc.automerge().commit();

    let read = doc.get::<Contact>(c.id).unwrap();
    assert_eq!(read.value.attitude, None);
    assert_eq!(
        read.value.roles.iter().copied().collect::<Vec<_>>(),
        vec![BuyingRole::DecisionMaker]
    );
    assert_eq!(read.issues.len(), 2, "{:?}", read.issues);
    assert!(read.issues.iter().any(|i| i.path.ends_with("/attitude")));

    // An edit of another field leaves the unknown values alone.
    let mut edited = read.value;
    edited.phone = "13900000000".into();
    edited.roles.insert(BuyingRole::User);
    doc.put(&edited).unwrap();
    assert_eq!(
        scalar(&mut doc, &obj, "attitude"),
        Some(ScalarValue::Str("enthusiastic".into()))
    );
    let keys: Vec<String> = doc.automerge().keys(&roles).collect();
    assert_eq!(keys, vec!["champion", "decision_maker", "user"]);
}

#[test]
fn missing_optional_fields_default_and_wrong_types_are_issues() {
    let rep = UserId::generate();
    let mut doc = AccountDoc::create(&account(rep)).unwrap();
    let opp = opportunity(300_000, "collect_info", rep, T0);
    doc.put(&opp).unwrap();
    let obj = record_obj(&mut doc, "opportunities", &opp.id.to_string());
    let am = doc.automerge();
    am.delete(&obj, "competitors").unwrap();
    am.delete(&obj, "next_step").unwrap();
    am.put(&obj, "amount", "三十万").unwrap();
    am.commit();

    let read = doc.get::<Opportunity>(opp.id).unwrap();
    assert!(read.value.competitors.is_empty());
    assert_eq!(read.value.next_step, "");
    assert_eq!(read.value.amount, Money::ZERO);
    assert_eq!(read.issues.len(), 1, "{:?}", read.issues);
    assert!(matches!(read.issues[0].problem, Problem::WrongType { .. }));
    assert!(
        read.issues[0].path.ends_with("/amount"),
        "{}",
        read.issues[0]
    );
}

#[test]
fn negative_amounts_are_reported_not_hidden() {
    let rep = UserId::generate();
    let mut doc = AccountDoc::create(&account(rep)).unwrap();
    let mut opp = opportunity(1, "collect_info", rep, T0);
    opp.amount = Money::from_yuan(-5);
    doc.put(&opp).unwrap();
    let read = doc.get::<Opportunity>(opp.id).unwrap();
    assert_eq!(read.value.amount, Money::from_yuan(-5));
    assert!(matches!(read.issues[..], [ref i] if matches!(i.problem, Problem::Invalid(_))));
}

#[test]
fn writing_an_unchanged_record_changes_nothing() {
    let rep = UserId::generate();
    let mut doc = AccountDoc::create(&account(rep)).unwrap();
    let mut opp = opportunity(300_000, "collect_info", rep, T0);
    opp.competitors.insert("罗氏".into());
    opp.move_to(stage("analyse"), T0.plus_days(3), rep).unwrap();
    doc.put(&opp).unwrap();
    let v = visit("拜访", rep, T0);
    doc.put(&v).unwrap();
    let heads = doc.automerge().get_heads();
    doc.put(&opp).unwrap();
    doc.put(&v).unwrap();
    doc.put(&doc.get::<Opportunity>(opp.id).unwrap().value)
        .unwrap();
    assert_eq!(doc.automerge().get_heads(), heads);
}

#[test]
fn a_collection_created_on_two_devices_at_once_loses_nothing() {
    let rep = UserId::generate();
    let manager = UserId::generate();
    let mut base = AccountDoc::create(&account(rep)).unwrap();
    // An old document made before co-visits existed.
    base.automerge().delete(ROOT, "co_visits").unwrap();
    base.automerge().commit();
    let mut a = base.fork();
    let mut b = base.fork();
    let covisit = |kind| CoVisit {
        id: rounds_shared::ids::CoVisitId::generate(),
        manager,
        rep,
        visit: None,
        at: T0,
        kind,
        observations: "开场白清楚".into(),
        coaching_points: "多问开放式问题".into(),
        audit: rounds_shared::model::Audit::new(T0, manager),
    };
    let (x, y) = (covisit(CoVisitKind::Joint), covisit(CoVisitKind::Coaching));
    a.put(&x).unwrap();
    b.put(&y).unwrap();
    a.merge(&mut b).unwrap();
    let all = a.all::<CoVisit>().value;
    assert_eq!(all.len(), 2);
    // An edit to the record in the losing copy of the map still lands.
    let mut y2 = y.clone();
    y2.observations = "演示节奏好".into();
    a.put(&y2).unwrap();
    assert_eq!(
        a.get::<CoVisit>(y.id).unwrap().value.observations,
        "演示节奏好"
    );
    assert_eq!(a.all::<CoVisit>().value.len(), 2);
}

#[test]
fn garbage_entries_in_a_collection_are_skipped_and_reported() {
    let rep = UserId::generate();
    let mut doc = AccountDoc::create(&account(rep)).unwrap();
    doc.put(&visit("拜访", rep, T0)).unwrap();
    let am = doc.automerge();
    let (_, visits) = am.get(ROOT, "visits").unwrap().unwrap();
    am.put(&visits, "not-an-id", 1).unwrap();
    am.put(&visits, "01900000-0000-7000-8000-000000000000", "not a map")
        .unwrap();
    am.commit();
    let all = doc.all::<Visit>();
    assert_eq!(all.value.len(), 1);
    assert_eq!(all.issues.len(), 2, "{:?}", all.issues);
}

#[test]
fn bytes_that_are_not_a_document_are_an_error() {
    assert!(AccountDoc::load(b"not automerge").is_err());
}

#[test]
fn strings_written_as_text_objects_read_as_strings() {
    // JavaScript clients store strings as text objects.
    let rep = UserId::generate();
    let mut doc = AccountDoc::create(&account(rep)).unwrap();
    let c = contact("钱科长", rep, T0);
    doc.put(&c).unwrap();
    let obj = record_obj(&mut doc, "contacts", &c.id.to_string());
    let text = doc
        .automerge()
        .put_object(&obj, "title", ObjType::Text)
        .unwrap();
    doc.automerge()
        .splice_text(&text, 0, 0, "设备科科长")
        .unwrap();
    doc.automerge().commit();
    let read = doc.get::<Contact>(c.id).unwrap();
    assert!(read.issues.is_empty(), "{:?}", read.issues);
    assert_eq!(read.value.title, "设备科科长");
    // An unchanged write leaves the text object alone.
    let heads = doc.automerge().get_heads();
    doc.put(&read.value).unwrap();
    assert_eq!(doc.automerge().get_heads(), heads);
}
