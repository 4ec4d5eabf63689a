//! Hand-off notices: who may write what in a notice document (the server's check), and
//! where a notice stands, on hand-set cases.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rounds_shared::doc::{Desk, NoticeDoc, Writer, actor_for, check_new_notice, check_notice};
use rounds_shared::ids::{AccountId, NoticeEventId, ReceiptId, UserId};
use rounds_shared::model::{
    Audit, Department, Notice, NoticeEvent, NoticeEventKind, NoticeKind, NoticeStatus, Receipt,
    ReceiptOutcome,
};
use rounds_shared::notice::{NoticeState, template};
use rounds_shared::time::Timestamp;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2013, 2, d).unwrap()
}

struct World {
    rep: UserId,
    clerk: UserId,
    colleague: UserId,
    outsider: UserId,
    notice: Notice,
    stored: Vec<u8>,
}

impl World {
    fn new() -> Self {
        let rep = UserId::generate();
        let mut notice = template(
            NoticeKind::Ship,
            AccountId::generate(),
            "双楠医院",
            rep,
            Timestamp(1),
        );
        notice.details = "双楠订货: 雌二醇".into();
        notice.due = Some(day(3));
        let stored = NoticeDoc::create(&notice).unwrap().save();
        Self {
            rep,
            clerk: UserId::generate(),
            colleague: UserId::generate(),
            outsider: UserId::generate(),
            notice,
            stored,
        }
    }

    fn warehouse(&self, user: UserId) -> Writer {
        Writer {
            desk: Some(Desk {
                department: Department::Warehouse,
                members: [self.clerk, self.colleague].into(),
            }),
            ..Writer::rep(user)
        }
    }

    fn finance(&self) -> Writer {
        Writer {
            desk: Some(Desk {
                department: Department::Finance,
                members: [self.outsider].into(),
            }),
            ..Writer::rep(self.outsider)
        }
    }

    /// `as_user` changes the stored document with `f`; the server's check of that change.
    fn change(
        &self,
        as_user: UserId,
        writer: &Writer,
        f: impl FnOnce(&mut NoticeDoc),
    ) -> Result<(), String> {
        let mut doc = NoticeDoc::load(&self.stored).unwrap();
        doc.automerge().set_actor(actor_for(as_user));
        let before = doc.automerge().get_heads();
        f(&mut doc);
        check_notice(doc.automerge(), &before, writer).map_err(|r| r.to_string())
    }

    fn receipt(&self, by: UserId, outcome: ReceiptOutcome, at: i64) -> Receipt {
        Receipt {
            id: ReceiptId::generate(),
            outcome,
            reason: "缺货".into(),
            help_needed: "跟医院协商".into(),
            new_due: Some(day(6)),
            audit: Audit::new(Timestamp(at), by),
        }
    }
}

fn event(kind: NoticeEventKind, to: Option<UserId>, by: UserId, at: i64) -> NoticeEvent {
    NoticeEvent {
        id: NoticeEventId::generate(),
        kind,
        to,
        audit: Audit::new(Timestamp(at), by),
    }
}

#[test]
fn the_issuer_issues_and_nobody_else_can_in_their_name() {
    let w = World::new();
    let mut doc = NoticeDoc::load(&w.stored).unwrap();
    check_new_notice(doc.automerge(), &Writer::rep(w.rep)).unwrap();
    let forged = check_new_notice(doc.automerge(), &Writer::rep(w.outsider)).unwrap_err();
    assert_eq!(forged.field, "actor", "{forged}");
    // A department user does not issue notices.
    let err = check_new_notice(doc.automerge(), &w.warehouse(w.rep)).unwrap_err();
    assert!(err.to_string().contains("sales issue them"), "{err}");
}

#[test]
fn the_department_receives_and_answers_but_never_rewrites_the_notice() {
    let w = World::new();
    let clerk = w.warehouse(w.clerk);
    w.change(w.clerk, &clerk, |d| {
        d.put(&event(NoticeEventKind::Received, None, w.clerk, 2))
            .unwrap();
        d.put(&w.receipt(w.clerk, ReceiptOutcome::CannotDo, 3))
            .unwrap();
    })
    .unwrap();
    let err = w
        .change(w.clerk, &clerk, |d| {
            let mut n = w.notice.clone();
            n.details = "改成十盒".into();
            d.set_notice(&n).unwrap();
        })
        .unwrap_err();
    assert!(err.contains("issuer's to write"), "{err}");
    // A receipt names its own author.
    let err = w
        .change(w.clerk, &clerk, |d| {
            d.put(&w.receipt(w.colleague, ReceiptOutcome::Done, 3))
                .unwrap();
        })
        .unwrap_err();
    assert!(err.contains("created_by"), "{err}");
}

#[test]
fn a_rep_cannot_forge_a_receipt_and_another_department_cannot_answer() {
    let w = World::new();
    let err = w
        .change(w.rep, &Writer::rep(w.rep), |d| {
            d.put(&w.receipt(w.rep, ReceiptOutcome::Done, 3)).unwrap();
        })
        .unwrap_err();
    assert!(err.contains("receiving department only"), "{err}");
    let err = w
        .change(w.outsider, &w.finance(), |d| {
            d.put(&w.receipt(w.outsider, ReceiptOutcome::Done, 3))
                .unwrap();
        })
        .unwrap_err();
    assert!(err.contains("receiving department only"), "{err}");
}

#[test]
fn a_written_receipt_never_changes_and_passing_on_stays_in_the_department() {
    let mut w = World::new();
    let clerk = w.warehouse(w.clerk);
    let first = w.receipt(w.clerk, ReceiptOutcome::CannotDo, 3);
    let mut doc = NoticeDoc::load(&w.stored).unwrap();
    doc.automerge().set_actor(actor_for(w.clerk));
    doc.put(&first).unwrap();
    w.stored = doc.save();
    let err = w
        .change(w.clerk, &clerk, |d| {
            let mut edited = first.clone();
            edited.outcome = ReceiptOutcome::Done;
            d.put(&edited).unwrap();
        })
        .unwrap_err();
    assert!(err.contains("never change once written"), "{err}");
    w.change(w.clerk, &clerk, |d| {
        d.put(&event(
            NoticeEventKind::Reassigned,
            Some(w.colleague),
            w.clerk,
            4,
        ))
        .unwrap();
    })
    .unwrap();
    let err = w
        .change(w.clerk, &clerk, |d| {
            d.put(&event(
                NoticeEventKind::Reassigned,
                Some(w.outsider),
                w.clerk,
                4,
            ))
            .unwrap();
        })
        .unwrap_err();
    assert!(err.contains("member of the notice's department"), "{err}");
}

#[test]
fn the_issuer_and_their_manager_edit_details_but_not_where_it_goes() {
    let w = World::new();
    let manager = UserId::generate();
    let managing = Writer {
        manages: BTreeSet::from([w.rep]),
        ..Writer::rep(manager)
    };
    for (who, writer) in [(w.rep, Writer::rep(w.rep)), (manager, managing)] {
        w.change(who, &writer, |d| {
            let mut n = w.notice.clone();
            n.details = "双楠订货: 雌二醇 十盒".into();
            n.audit.touch(Timestamp(5), who);
            d.set_notice(&n).unwrap();
        })
        .unwrap();
    }
    let err = w
        .change(w.rep, &Writer::rep(w.rep), |d| {
            let mut n = w.notice.clone();
            n.department = Department::Finance;
            d.set_notice(&n).unwrap();
        })
        .unwrap_err();
    assert!(
        err.contains("department") && err.contains("written once"),
        "{err}"
    );
    let err = w
        .change(w.outsider, &Writer::rep(w.outsider), |d| {
            let mut n = w.notice.clone();
            n.details = "x".into();
            d.set_notice(&n).unwrap();
        })
        .unwrap_err();
    assert!(err.contains("issuer's to write"), "{err}");
}

#[test]
fn two_clerks_answering_at_once_both_keep_theirs_and_the_latest_decides() {
    let w = World::new();
    let mut a = NoticeDoc::load(&w.stored).unwrap();
    let mut b = NoticeDoc::load(&w.stored).unwrap();
    a.automerge().set_actor(actor_for(w.clerk));
    b.automerge().set_actor(actor_for(w.colleague));
    a.put(&w.receipt(w.clerk, ReceiptOutcome::CannotDo, 3))
        .unwrap();
    b.put(&w.receipt(w.colleague, ReceiptOutcome::Done, 4))
        .unwrap();
    a.merge(&mut b).unwrap();
    let view = a.view().unwrap();
    let authors: BTreeSet<UserId> = view.receipts.iter().map(|r| r.audit.created_by).collect();
    assert_eq!(authors, BTreeSet::from([w.clerk, w.colleague]));
    let state = view.state(day(5));
    assert_eq!(state.status, NoticeStatus::Done);
    assert_eq!(state.answer.as_ref().unwrap().audit.created_by, w.colleague);
    assert_eq!(state.turnaround_ms(&view.notice), Some(3));
}

#[test]
fn where_a_notice_stands_step_by_step() {
    let w = World::new();
    let n = &w.notice;
    // New, and overdue once its day has passed.
    let s = NoticeState::of(n, &[], &[], day(3));
    assert_eq!(
        (s.status, s.overdue, s.handler),
        (NoticeStatus::New, false, None)
    );
    assert!(NoticeState::of(n, &[], &[], day(4)).overdue);
    // Received: in progress, by whom and when.
    let received = event(NoticeEventKind::Received, None, w.clerk, 10);
    let s = NoticeState::of(n, &[], std::slice::from_ref(&received), day(3));
    assert_eq!(s.status, NoticeStatus::InProgress);
    assert_eq!(s.received, Some((w.clerk, Timestamp(10))));
    // Passed on: the colleague handles it.
    let passed = event(NoticeEventKind::Reassigned, Some(w.colleague), w.clerk, 11);
    let events = [received, passed];
    assert_eq!(
        NoticeState::of(n, &[], &events, day(3)).handler,
        Some(w.colleague)
    );
    // Cannot be done with a new due date: blocked, asking for help, due on the new day.
    let cannot = w.receipt(w.clerk, ReceiptOutcome::CannotDo, 12);
    let s = NoticeState::of(n, std::slice::from_ref(&cannot), &events, day(5));
    assert_eq!(
        (s.status, s.due, s.needs_help, s.overdue),
        (NoticeStatus::Blocked, Some(day(6)), true, false)
    );
    assert!(NoticeState::of(n, std::slice::from_ref(&cannot), &events, day(7)).overdue);
    // Done at last: never overdue, with its turnaround.
    let done = Receipt {
        help_needed: String::new(),
        ..w.receipt(w.colleague, ReceiptOutcome::Done, 3_600_001)
    };
    let s = NoticeState::of(n, &[cannot, done], &events, day(9));
    assert_eq!(
        (s.status, s.overdue, s.needs_help),
        (NoticeStatus::Done, false, false)
    );
    assert_eq!(s.turnaround_ms(n), Some(3_600_000));
}

#[test]
fn finance_chases_a_payment_with_the_rep_who_alone_answers_it() {
    let w = World::new();
    let cashier = UserId::generate();
    let finance = Writer {
        desk: Some(Desk {
            department: Department::Finance,
            members: [cashier].into(),
        }),
        ..Writer::rep(cashier)
    };
    let mut chase = template(
        NoticeKind::ChasePayment,
        AccountId::generate(),
        "双楠医院",
        cashier,
        Timestamp(1),
    );
    // To a department: not for a department user to issue.
    let mut doc = NoticeDoc::create(&chase).unwrap();
    let err = check_new_notice(doc.automerge(), &finance).unwrap_err();
    assert_eq!(err.field, "to", "{err}");
    // To the rep: issued.
    chase.to = Some(w.rep);
    chase.handler = Some(w.rep);
    let mut doc = NoticeDoc::create(&chase).unwrap();
    check_new_notice(doc.automerge(), &finance).unwrap();
    let stored = doc.save();
    let change = |who: UserId, writer: &Writer, f: &dyn Fn(&mut NoticeDoc)| {
        let mut d = NoticeDoc::load(&stored).unwrap();
        d.automerge().set_actor(actor_for(who));
        let before = d.automerge().get_heads();
        f(&mut d);
        check_notice(d.automerge(), &before, writer).map_err(|r| r.to_string())
    };
    let paid = |by| Receipt {
        id: ReceiptId::generate(),
        outcome: ReceiptOutcome::Done,
        reason: String::new(),
        help_needed: String::new(),
        new_due: None,
        audit: Audit::new(Timestamp(2), by),
    };
    change(w.rep, &Writer::rep(w.rep), &|d| {
        d.put(&paid(w.rep)).unwrap()
    })
    .unwrap();
    let err = change(w.outsider, &Writer::rep(w.outsider), &|d| {
        d.put(&paid(w.outsider)).unwrap()
    })
    .unwrap_err();
    assert!(err.contains("addressed to"), "{err}");
    let err = change(cashier, &finance, &|d| d.put(&paid(cashier)).unwrap()).unwrap_err();
    assert!(err.contains("addressed to"), "{err}");
    // Nobody redirects it once issued.
    let err = change(cashier, &finance, &|d| {
        let mut n = chase.clone();
        n.to = Some(w.outsider);
        d.set_notice(&n).unwrap();
    })
    .unwrap_err();
    assert!(
        err.contains("`to`") && err.contains("written once"),
        "{err}"
    );
}
