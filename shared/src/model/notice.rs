use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Audit, Department, ReceiptOutcome};
use crate::ids::{NoticeId, UserId};
use crate::time::Timestamp;

/// A hand-off notice (业务通知单) from a rep to another department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// Id within the account.
    pub id: NoticeId,
    /// Receiving department.
    pub department: Department,
    /// The person who should handle it, when named.
    pub handler: Option<UserId>,
    /// What is needed, e.g. "医院订购试剂 X 十盒".
    pub details: String,
    /// When it is due.
    pub due: Option<NaiveDate>,
    /// How to deliver, e.g. 快递.
    pub delivery_method: String,
    /// The department's answer, once given.
    pub receipt: Option<Receipt>,
    /// Issued (created) and updated.
    pub audit: Audit,
}

/// The receipt (回执) answering a notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// Done, or cannot be done.
    pub outcome: ReceiptOutcome,
    /// Why not, when it cannot be done (e.g. out of stock).
    pub reason: String,
    /// Help needed from the rep.
    pub help_needed: String,
    /// A new due date, if one is proposed.
    pub new_due: Option<NaiveDate>,
    /// When answered.
    pub at: Timestamp,
    /// Who answered.
    pub by: UserId,
}
