//! Where a notice stands, from the notice and what its department wrote beside it.

use chrono::NaiveDate;

use crate::ids::UserId;
use crate::model::{Notice, NoticeEvent, NoticeEventKind, NoticeStatus, Receipt, ReceiptOutcome};
use crate::time::Timestamp;

/// A notice's standing, derived (never stored): the same on every device and the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeState {
    /// New (nobody has received it), in progress, cannot be done, or done.
    pub status: NoticeStatus,
    /// Who handles it now: the last colleague it was passed to, else the one the issuer
    /// named.
    pub handler: Option<UserId>,
    /// When it is due now: the latest receipt's new due date, else the notice's.
    pub due: Option<NaiveDate>,
    /// Who received it first, and when.
    pub received: Option<(UserId, Timestamp)>,
    /// The latest receipt, which decides the status.
    pub answer: Option<Receipt>,
    /// The latest receipt says it cannot be done and asks the rep for help.
    pub needs_help: bool,
    /// Not done, and its due date has passed.
    pub overdue: bool,
    /// When it was answered "done".
    pub done_at: Option<Timestamp>,
}

impl NoticeState {
    /// The state of `notice` given its `receipts` and `events` (in any order) on `today`.
    pub fn of(
        notice: &Notice,
        receipts: &[Receipt],
        events: &[NoticeEvent],
        today: NaiveDate,
    ) -> Self {
        // The latest by the author's clock; the id (time-ordered) breaks ties.
        let answer = receipts
            .iter()
            .max_by_key(|r| (r.audit.created_at, r.id))
            .cloned();
        let mut ordered: Vec<&NoticeEvent> = events.iter().collect();
        ordered.sort_by_key(|e| (e.audit.created_at, e.id));
        let received = ordered
            .iter()
            .find(|e| e.kind == NoticeEventKind::Received)
            .map(|e| (e.audit.created_by, e.audit.created_at));
        let handler = ordered
            .iter()
            .rev()
            .find_map(|e| match e.kind {
                NoticeEventKind::Reassigned => e.to,
                NoticeEventKind::Received => None,
            })
            .or(notice.handler);
        let status = match answer.as_ref().map(|a| a.outcome) {
            Some(ReceiptOutcome::Done) => NoticeStatus::Done,
            Some(ReceiptOutcome::CannotDo) => NoticeStatus::Blocked,
            None if received.is_some() => NoticeStatus::InProgress,
            None => NoticeStatus::New,
        };
        let due = answer
            .as_ref()
            .filter(|a| a.outcome == ReceiptOutcome::CannotDo)
            .and_then(|a| a.new_due)
            .or(notice.due);
        let needs_help = answer.as_ref().is_some_and(|a| {
            a.outcome == ReceiptOutcome::CannotDo && !a.help_needed.trim().is_empty()
        });
        let done_at = answer
            .as_ref()
            .filter(|a| a.outcome == ReceiptOutcome::Done)
            .map(|a| a.audit.created_at);
        Self {
            overdue: status != NoticeStatus::Done && due.is_some_and(|d| d < today),
            status,
            handler,
            due,
            received,
            answer,
            needs_help,
            done_at,
        }
    }

    /// Whether it still waits on its department (not done).
    pub fn open(&self) -> bool {
        self.status != NoticeStatus::Done
    }

    /// How long it took from issue to "done", in milliseconds.
    pub fn turnaround_ms(&self, notice: &Notice) -> Option<i64> {
        self.done_at
            .map(|d| (d.0 - notice.audit.created_at.0).max(0))
    }
}
