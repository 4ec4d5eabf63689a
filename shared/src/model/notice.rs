use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Audit, Department, NoticeEventKind, NoticeKind, ReceiptOutcome};
use crate::ids::{AccountId, NoticeEventId, NoticeId, OpportunityId, ReceiptId, UserId, VisitId};

/// A hand-off notice (业务通知单) from a rep to another department: a document of its own,
/// carrying what the department needs to know about the hospital, so that nobody there
/// needs the hospital's account document. Written by its issuer; the department answers
/// with [`Receipt`]s and [`NoticeEvent`]s beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// Its id (also its document's id).
    pub id: NoticeId,
    /// Which hand-off it is.
    pub kind: NoticeKind,
    /// The receiving department.
    pub department: Department,
    /// The person in the department who should handle it (接洽人员), when named.
    pub handler: Option<UserId>,
    /// A person the notice is addressed to instead of a department: finance chasing a
    /// payment sends it to the hospital's rep, who answers it. `None` for a department's
    /// notice. Written once, like the department.
    #[serde(default)]
    pub to: Option<UserId>,
    /// The hospital it concerns.
    pub account: AccountId,
    /// The hospital's name, as the department sees it.
    pub hospital: String,
    /// Where to deliver or go.
    pub address: String,
    /// Whom to ask for at the hospital (name and phone).
    pub contact: String,
    /// The deal it serves, if any.
    pub opportunity: Option<OpportunityId>,
    /// The visit it came out of, if any.
    pub visit: Option<VisitId>,
    /// What is needed (业务详情), e.g. "双楠订货: 雌二醇 十盒".
    pub details: String,
    /// When it must be done (完成时间).
    pub due: Option<NaiveDate>,
    /// How to deliver (回返方式), e.g. 送达医院.
    pub delivery_method: String,
    /// Issued (created) by and at, and last changed.
    pub audit: Audit,
}

/// The department's answer (回执). A notice may gather several — two people answering at
/// once, or "cannot be done" followed by "done" — and keeps them all; the latest decides
/// where the notice stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// Its id within the notice.
    pub id: ReceiptId,
    /// Done, or cannot be done.
    pub outcome: ReceiptOutcome,
    /// Why not (回执原因), e.g. 缺货.
    pub reason: String,
    /// Help needed from the rep (需要帮助), e.g. 跟医院协商.
    pub help_needed: String,
    /// A new due date, when it cannot be done by the first.
    pub new_due: Option<NaiveDate>,
    /// Answered by (`created_by`) and when.
    pub audit: Audit,
}

/// A step in the department's handling: received (read), or passed to a colleague.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeEvent {
    /// Its id within the notice.
    pub id: NoticeEventId,
    /// What happened.
    pub kind: NoticeEventKind,
    /// The colleague it was passed to ([`NoticeEventKind::Reassigned`]).
    pub to: Option<UserId>,
    /// Who and when.
    pub audit: Audit,
}
