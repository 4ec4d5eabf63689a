//! The check-in's strings (到达签到, 离开签退, photos), zh-CN and English (a table of the
//! same form as [`crate::i18n`]).

use leptos::prelude::Get;

pub(crate) use table::{Text, t};

mod table {
    // `Text::ALL` serves the check below.
    #![allow(dead_code)]
    use rounds_shared::labels::Locale;

    crate::i18n::texts! {
        CheckIn => "到达签到", "Check in";
        PhotoCheckIn => "拍照签到", "Check in with a photo";
        AddPhoto => "补拍照片", "Add a photo";
        CheckOut => "离开签退", "Check out";
        CheckedIn => "已签到", "Checked in";
        CheckedOut => "已签退", "Checked out";
        Minutes => "分钟", "min";
        Accuracy => "误差", "within";
        Metres => "米", "m";
        NoLocation => "未获取位置", "no location";
        LocationShown => "位置已记录", "location recorded";
        NotCheckedIn => "尚未签到：到达后先签到；不签到也能保存，但拜访会标记为未签到。", "Not checked in: check in on arrival. A visit saved without one is marked as such.";
        PreparingPhoto => "正在处理照片…", "Preparing the photo…";
        ReportLater => "报告可以现在写，也可以签退后再写。", "Write the report now or after checking out.";
        Photo => "签到照片", "Check-in photo";
        PhotoWaiting => "待上传", "waiting to upload";
        NoCheckIn => "未签到", "No check-in";
        FromHospital => "距医院", "from the hospital";
        AllVisits => "全部拜访", "All visits";
        FlagsByRep => "拜访真实性提示", "Visit checks by rep";
        Flagged => "有提示", "flagged";
        SetLocation => "设为医院位置", "Set as the hospital's location";
        ConfirmLocation => "把这家医院的位置设为这次签到的位置？", "Set this hospital's location to where this visit checked in?";
        LocationSet => "医院位置已更新", "Hospital location set";
        VisitingNow => "正在拜访", "Visiting now";
        ReportOrCheckOut => "写报告或签退", "write the report or check out";
        ReportDue => "签退后还没写报告", "checked out, report not written yet";
    }
}

/// A check-in's times in `locale`: "已签到 09:30", and once checked out
/// " – 已签退 10:05 (35 分钟)".
pub(crate) fn stay(
    at: rounds_shared::time::Timestamp,
    left: Option<rounds_shared::time::Timestamp>,
    tz: rounds_shared::time::TzOffset,
    locale: rounds_shared::labels::Locale,
) -> String {
    let mut out = format!(
        "{} {}",
        t(locale, Text::CheckedIn),
        crate::format::time(at, tz)
    );
    if let Some(l) = left {
        out.push_str(&format!(
            " – {} {} ({} {})",
            t(locale, Text::CheckedOut),
            crate::format::time(l, tz),
            (l.0 - at.0).max(0) / 60_000,
            t(locale, Text::Minutes)
        ));
    }
    out
}

/// The string for `text` in the current language (tracked).
pub(crate) fn tr(text: Text) -> &'static str {
    t(crate::ui::Ctx::get().locale.get(), text)
}

#[cfg(test)]
mod tests {
    use rounds_shared::labels::Locale;

    use super::*;

    #[test]
    fn every_text_has_both_locales() {
        for text in Text::ALL {
            assert!(!t(Locale::ZhCn, *text).is_empty());
            assert!(!t(Locale::En, *text).is_empty());
        }
    }
}
