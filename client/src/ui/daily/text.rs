//! The daily list's strings (日清单), zh-CN and English (a table of the same form as
//! [`crate::i18n`]).

use leptos::prelude::Get;

pub(crate) use table::{Text, t};

mod table {
    // `Text::ALL` serves the check below.
    #![allow(dead_code)]
    use rounds_shared::labels::Locale;

    crate::i18n::texts! {
        DailyList => "日清单", "Daily list";
        TeamDaily => "日清单检查", "Daily lists";
        TodaysVisits => "今日拜访", "Today's visits";
        NoVisits => "今天还没有记录拜访", "No visit logged today";
        HelpNeeded => "需要公司支持", "Help needed from the company";
        Tomorrow => "明日计划", "Tomorrow's plan";
        AddHospital => "添加医院…", "Add a hospital…";
        Remove => "移除", "Remove";
        SaveDraft => "保存草稿", "Save draft";
        Submit => "提交日清单", "Submit the list";
        Submitted => "已提交", "Submitted";
        NotSubmitted => "未提交", "Not submitted";
        Late => "迟交", "Late";
        Missing => "逾期未交", "Missing";
        Reviewed => "经理已阅", "Reviewed";
        FollowUp => "抽查", "Spot check";
        ManagerComment => "经理批注", "Manager's comment";
        Comment => "批注", "Comment";
        MarkReviewed => "已阅并保存批注", "Mark reviewed and save";
        Saved => "已保存", "Saved";
        Day => "日期", "Day";
        Cutoff => "截止", "Due by";
        Problems => "问题及解决", "Problems and solutions";
        NextStep => "下一步", "Next step";
        NoReps => "没有销售代表", "No reps";
    }
}

/// The string for `text` in the current language (tracked).
pub(crate) fn tr(text: Text) -> &'static str {
    t(crate::ui::Ctx::get().locale.get(), text)
}
