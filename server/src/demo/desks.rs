//! The demo's departments: a user for each (two for the warehouse), and a few hand-off
//! notices from the first reps' hospitals in every state — new, received, passed on,
//! "cannot be done" asking for help, overdue, done — so every inbox has something in it.

use rounds_shared::doc::{NoticeDoc, actor_for};
use rounds_shared::ids::{NoticeEventId, ReceiptId};
use rounds_shared::model::{
    Audit, NoticeEvent, NoticeEventKind, NoticeKind, Receipt, ReceiptOutcome,
};
use rounds_shared::notice::template;
use rounds_shared::sync::DocumentId;
use rounds_shared::time::{DAY_MS, Timestamp, TzOffset};

use super::{DEMO_PASSWORD, people};
use crate::admin;
use crate::storage::{Store, User};

/// (login, name, role) of the department users.
const STAFF: &[(&str, &str, &str)] = &[
    ("kufang", "周库管", "warehouse"),
    ("kufang2", "吴库管", "warehouse"),
    ("caiwu", "郑会计", "finance"),
    ("gongchengshi", "冯工", "service_engineer"),
    ("neiqin", "陈丽", "inside_sales"),
    ("chanpin", "秦经理", "product_manager"),
];

/// Adds the department users.
pub(super) fn staff(store: &dyn Store) -> Result<Vec<User>, admin::AdminError> {
    STAFF
        .iter()
        .map(|(login, name, role)| {
            admin::add_user(
                store,
                admin::Actor::Cli,
                login,
                name,
                role,
                None,
                DEMO_PASSWORD,
            )
        })
        .collect()
}

/// A few notices from the first reps' first hospitals, answered by `staff`.
pub(super) fn notices(
    store: &dyn Store,
    reps: &[User],
    staff: &[User],
    now: Timestamp,
    tz: TzOffset,
) -> Result<(), admin::AdminError> {
    let who = |login: &str| staff.iter().find(|u| u.username == login).map(|u| u.id);
    let (Some(kufang), Some(kufang2), Some(caiwu), Some(gong)) = (
        who("kufang"),
        who("kufang2"),
        who("caiwu"),
        who("gongchengshi"),
    ) else {
        return Ok(());
    };
    let today = now.date(tz);
    let mut ops = Vec::new();
    for (i, rep) in reps.iter().take(4).enumerate() {
        let Some(account) = people::accounts_of(store, rep)?.into_iter().next() else {
            continue;
        };
        let name = store.account(account)?.map(|a| a.name).unwrap_or_default();
        let issued = Timestamp(now.0 - (3 + i as i64) * DAY_MS);
        let later = |hours: i64| Timestamp(issued.0 + hours * 3_600_000);
        let plan: [(NoticeKind, &str, i64); 3] = [
            (NoticeKind::Ship, "订货: 生化试剂 十盒", 2),
            (NoticeKind::Install, "新到分析仪安装调试，检验科三楼", 5),
            (
                NoticeKind::ChasePayment,
                "上季度合同尾款 12 万元，约定月底回款",
                -1,
            ),
        ];
        for (k, (kind, details, due_in)) in plan.into_iter().enumerate() {
            let mut n = template(kind, account, &name, rep.id, later(k as i64));
            n.details = details.into();
            n.due = today.checked_add_signed(chrono::Duration::days(due_in));
            n.contact = "设备科 王老师 138 0000 0000".into();
            let mut doc = NoticeDoc::create(&n)?;
            let mut answer =
                |by, f: &dyn Fn(&mut NoticeDoc) -> Result<(), rounds_shared::doc::DocError>| {
                    doc.automerge().set_actor(actor_for(by));
                    f(&mut doc)
                };
            let step = |kind, to, by, at| NoticeEvent {
                id: NoticeEventId::generate(),
                kind,
                to,
                audit: Audit::new(at, by),
            };
            let receipt = |outcome, reason: &str, help: &str, by, at| Receipt {
                id: ReceiptId::generate(),
                outcome,
                reason: reason.into(),
                help_needed: help.into(),
                new_due: (outcome == ReceiptOutcome::CannotDo)
                    .then(|| today.checked_add_signed(chrono::Duration::days(3)))
                    .flatten(),
                audit: Audit::new(at, by),
            };
            // Rep by rep, the notices stand further along.
            match (kind, i) {
                (NoticeKind::Ship, 0) => {}
                (NoticeKind::Ship, 1) => {
                    answer(kufang, &|d| {
                        d.put(&step(NoticeEventKind::Received, None, kufang, later(1)))
                    })?;
                }
                (NoticeKind::Ship, _) => {
                    answer(kufang, &|d| {
                        d.put(&step(NoticeEventKind::Received, None, kufang, later(1)))?;
                        d.put(&receipt(
                            ReceiptOutcome::CannotDo,
                            "缺货",
                            "跟医院协商延期",
                            kufang,
                            later(3),
                        ))
                    })?;
                }
                (NoticeKind::Install, 0 | 1) => {
                    answer(gong, &|d| {
                        d.put(&step(NoticeEventKind::Received, None, gong, later(6)))
                    })?;
                }
                (NoticeKind::Install, _) => {
                    answer(gong, &|d| {
                        d.put(&receipt(ReceiptOutcome::Done, "", "", gong, later(30)))
                    })?;
                }
                (NoticeKind::ChasePayment, 3) => {
                    answer(caiwu, &|d| {
                        d.put(&receipt(ReceiptOutcome::Done, "", "", caiwu, later(48)))
                    })?;
                }
                _ => {}
            }
            if i == 1 && kind == NoticeKind::Ship {
                answer(kufang, &|d| {
                    d.put(&step(
                        NoticeEventKind::Reassigned,
                        Some(kufang2),
                        kufang,
                        later(2),
                    ))
                })?;
            }
            ops.extend(crate::projection::new_notice(
                DocumentId::from(n.id),
                doc.automerge(),
                n.id,
                n.audit.created_at,
            ));
        }
    }
    store.write(ops)?;
    Ok(())
}
