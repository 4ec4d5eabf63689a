//! Hand-off notices (业务通知单): the templates that pre-fill them, which department a user
//! answers for, and where a notice stands ([`NoticeState`]) — computed the same way on the
//! phone (offline), in the department's inbox and on the server's dashboard.
//!
//! ```
//! use chrono::NaiveDate;
//! use rounds_shared::ids::{AccountId, ReceiptId, UserId};
//! use rounds_shared::model::{Audit, Department, NoticeKind, NoticeStatus, Receipt, ReceiptOutcome};
//! use rounds_shared::notice::{NoticeState, template};
//! use rounds_shared::time::Timestamp;
//!
//! let rep = UserId::generate();
//! let mut notice = template(NoticeKind::Ship, AccountId::generate(), "双楠医院", rep, Timestamp(0));
//! assert_eq!(notice.department, Department::Warehouse);
//! notice.due = NaiveDate::from_ymd_opt(2013, 2, 3);
//! let today = NaiveDate::from_ymd_opt(2013, 2, 4).unwrap();
//! assert!(NoticeState::of(&notice, &[], &[], today).overdue);
//!
//! let clerk = UserId::generate();
//! let receipt = Receipt {
//!     id: ReceiptId::generate(),
//!     outcome: ReceiptOutcome::CannotDo,
//!     reason: "缺货".into(),
//!     help_needed: "跟医院协商".into(),
//!     new_due: NaiveDate::from_ymd_opt(2013, 2, 6),
//!     audit: Audit::new(Timestamp(1), clerk),
//! };
//! let state = NoticeState::of(&notice, &[receipt], &[], today);
//! assert_eq!(state.status, NoticeStatus::Blocked);
//! assert!(state.needs_help && !state.overdue); // the new due date holds
//! ```

mod state;

pub use state::NoticeState;

use crate::ids::{AccountId, NoticeId, UserId};
use crate::model::{Audit, Department, Notice, NoticeKind, UserRole};
use crate::time::Timestamp;

impl NoticeKind {
    /// The department that answers this kind of notice; `Other` goes to inside sales
    /// unless the issuer picks another.
    pub const fn department(self) -> Department {
        match self {
            NoticeKind::Ship => Department::Warehouse,
            NoticeKind::ChasePayment => Department::Finance,
            NoticeKind::Install | NoticeKind::Repair => Department::Service,
            NoticeKind::Proposal | NoticeKind::Other => Department::InsideSales,
            NoticeKind::ProductSupport => Department::ProductManagement,
        }
    }

    /// How the result comes back, as the template suggests it.
    pub const fn delivery_method(self) -> &'static str {
        match self {
            NoticeKind::Ship => "送达医院",
            NoticeKind::ChasePayment => "回款到账",
            NoticeKind::Install | NoticeKind::Repair => "工程师上门",
            NoticeKind::Proposal => "电子版发给销售代表",
            NoticeKind::ProductSupport => "陪同拜访",
            NoticeKind::Other => "",
        }
    }

    /// The details' opening line, for the rep to complete.
    pub const fn details_hint(self) -> &'static str {
        match self {
            NoticeKind::Ship => "订货: 产品、数量",
            NoticeKind::ChasePayment => "合同、金额、约定回款日",
            NoticeKind::Install => "设备型号、科室、安装地点",
            NoticeKind::Repair => "设备型号、故障现象",
            NoticeKind::Proposal => "方案或合同要点、截止时间",
            NoticeKind::ProductSupport => "需要讲解的产品、客户关注点",
            NoticeKind::Other => "",
        }
    }
}

impl UserRole {
    /// The department a user of this role answers notices for; `None` for sales roles.
    pub const fn department(self) -> Option<Department> {
        match self {
            UserRole::ProductManager => Some(Department::ProductManagement),
            UserRole::InsideSales => Some(Department::InsideSales),
            UserRole::Warehouse => Some(Department::Warehouse),
            UserRole::Finance => Some(Department::Finance),
            UserRole::ServiceEngineer => Some(Department::Service),
            UserRole::Rep | UserRole::Manager | UserRole::Admin => None,
        }
    }
}

/// Whether `user` (answering for `desk`, if a department user) answers a notice sent to
/// `department` or addressed `to` a person: the one rule the server's check and the
/// screens share.
pub fn answers(
    to: Option<UserId>,
    department: Option<Department>,
    user: UserId,
    desk: Option<Department>,
) -> bool {
    match to {
        Some(to) => to == user,
        None => desk.is_some() && desk == department,
    }
}

impl Notice {
    /// Whether `user`, of `role`, answers this notice.
    pub fn answered_by(&self, user: UserId, role: UserRole) -> bool {
        answers(self.to, Some(self.department), user, role.department())
    }
}

/// A new notice of `kind` about the hospital `account` (named `hospital`), pre-filled from
/// the template, issued by `by` at `at`.
pub fn template(
    kind: NoticeKind,
    account: AccountId,
    hospital: &str,
    by: UserId,
    at: Timestamp,
) -> Notice {
    Notice {
        id: NoticeId::generate(),
        kind,
        department: kind.department(),
        handler: None,
        to: None,
        account,
        hospital: hospital.to_owned(),
        address: String::new(),
        contact: String::new(),
        opportunity: None,
        visit: None,
        details: String::new(),
        due: None,
        delivery_method: kind.delivery_method().to_owned(),
        audit: Audit::new(at, by),
    }
}
