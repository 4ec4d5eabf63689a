//! `GET /notices`: hand-off notices for managers and admins — open ones by department and
//! person, overdue, average turnaround — and the list itself.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{AccountId, NoticeId, UserId};
use crate::model::{Department, NoticeKind, NoticeStatus};
use crate::time::Timestamp;

/// One notice as the dashboard lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeItem {
    /// The notice.
    pub id: NoticeId,
    /// Which hand-off.
    pub kind: NoticeKind,
    /// The receiving department.
    pub department: Department,
    /// The hospital.
    pub account: AccountId,
    /// Its name.
    pub hospital: String,
    /// What is needed.
    pub details: String,
    /// Who issued it.
    pub issuer: UserId,
    /// Their name.
    pub issuer_name: String,
    /// The person it is addressed to instead of a department (the rep finance chases a
    /// payment with), if any.
    pub to: Option<UserId>,
    /// Who handles it now, if anyone is named.
    pub handler: Option<UserId>,
    /// Their name.
    pub handler_name: Option<String>,
    /// Where it stands.
    pub status: NoticeStatus,
    /// When it is due now.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub due: Option<NaiveDate>,
    /// Not done and past due.
    pub overdue: bool,
    /// The latest receipt asks the rep for help.
    pub needs_help: bool,
    /// Why it cannot be done, from the latest receipt.
    pub reason: String,
    /// The help asked for.
    pub help_needed: String,
    /// Issued at.
    pub issued_at: Timestamp,
    /// Answered "done" at.
    pub done_at: Option<Timestamp>,
}

/// Counts for one department, or one person in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeskCount {
    /// The department (`None`: every department).
    pub department: Option<Department>,
    /// The person (`None`: the department's total, or notices nobody is named for).
    pub handler: Option<UserId>,
    /// Who (the department's label, or the person's name).
    pub name: String,
    /// Not done yet.
    pub open: u32,
    /// Of those, past due.
    pub overdue: u32,
    /// Done.
    pub done: u32,
    /// Average hours from issue to done, over the done ones.
    pub avg_turnaround_hours: Option<f64>,
}

/// The notices in the caller's view, with counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeReport {
    /// Totals over every notice in view (before `status`, `limit` and `offset`).
    pub all: DeskCount,
    /// Per department.
    pub by_department: Vec<DeskCount>,
    /// Per person handling (and per department for those nobody is named for).
    pub by_handler: Vec<DeskCount>,
    /// How many notices the filters select.
    pub total: u32,
    /// The page: overdue first, then open by due date, then done, newest first.
    pub notices: Vec<NoticeItem>,
}
