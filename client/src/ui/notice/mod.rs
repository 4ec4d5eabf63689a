//! Hand-off notices (业务通知单) on the device: issuing one from a hospital (offline), the
//! department's inbox, and one notice with its receipts — all read from the notice
//! documents on the device, where they stand computed by `rounds_shared::notice`.

mod issue;
mod list;
mod screen;
mod text;

pub(super) use issue::HospitalNotices;
pub(super) use list::{NoticeInbox, NoticeSummary};
pub(super) use screen::NoticeScreen;
pub(crate) use text::{Text as NoticeText, tr};

use rounds_shared::doc::NoticeView;
use rounds_shared::model::NoticeStatus;
use rounds_shared::notice::NoticeState;

use crate::repo::{Data, now};

/// The notices on the device with where each stands today, newest first.
pub(super) fn on_device(d: &Data) -> Vec<(NoticeView, NoticeState)> {
    let today = now().date(d.org.tz);
    let mut out: Vec<(NoticeView, NoticeState)> = d
        .notices
        .values()
        .map(|v| (v.clone(), v.state(today)))
        .collect();
    out.sort_by_key(|(v, _)| std::cmp::Reverse((v.notice.audit.created_at, v.notice.id)));
    out
}

/// The class of a status chip.
pub(super) fn status_class(s: &NoticeState) -> &'static str {
    match (s.status, s.overdue) {
        (_, true) => "chip bad",
        (NoticeStatus::Done, _) => "chip good",
        (NoticeStatus::Blocked, _) => "chip warn",
        (NoticeStatus::New | NoticeStatus::InProgress, _) => "chip",
    }
}
