//! The quarterly plan's and coverage's strings (季计划, 客户覆盖), zh-CN and English (a table
//! of the same form as [`crate::i18n`]).

use leptos::prelude::Get;

pub(crate) use table::{Text, t};

mod table {
    // `Text::ALL` serves the check below.
    #![allow(dead_code)]
    use rounds_shared::labels::Locale;

    crate::i18n::texts! {
        QuarterlyPlan => "季计划", "Quarterly plan";
        QuarterAndCoverage => "季计划与客户覆盖", "Quarterly plan and coverage";
        Coverage => "客户覆盖", "Coverage";
        Visited => "已拜访医院", "Hospitals visited";
        ByClass => "按ABC分类", "By ABC class";
        ByZone => "按分区", "By zone";
        Unclassified => "未分类", "Unclassified";
        NoZone => "未分区", "No zone";
        OnFrequency => "拜访频次达标", "On frequency";
        BehindFrequency => "频次落后", "Behind frequency";
        Idle => "久未拜访", "Not visited lately";
        WeeksUnvisited => "周以上未拜访", "weeks or more unvisited";
        AboveFunnel => "漏斗外(开发新客户)", "Above the funnel (prospecting)";
        InFunnel => "漏斗内(推进项目)", "In the funnel (deals)";
        Guide => "参考", "guide";
        PerMonth => "次/月", "a month";
        VisitsUnit => "次拜访", "visits";
        DefaultFrequency => "默认", "default";
        VisitsSoFar => "本季拜访", "Visits this quarter";
        Focus => "拜访科室与人员", "Departments and people to see";
        PlanNotes => "季度重点", "The quarter's priorities";
        SaveDraft => "保存草稿", "Save draft";
        Submit => "提交季计划", "Submit the plan";
        Draft => "草稿", "Draft";
        SubmittedAt => "已提交", "Submitted";
        Approved => "经理已批准", "Approved";
        AwaitingApproval => "待经理批准", "Awaiting approval";
        ManagerComment => "经理意见", "Manager's comment";
        Approve => "批准", "Approve";
        SendComment => "退回修改", "Send back with comment";
        Comment => "意见", "Comment";
        NoPlan => "未做季计划", "No quarterly plan";
        Hospitals => "医院数", "Hospitals";
        CoverageRate => "覆盖率", "Covered";
        Key => "大客户覆盖", "Key accounts covered";
        Share => "漏斗外 / 内", "Above / in funnel";
        Rows => "逐家明细", "Hospital by hospital";
        Never => "从未", "never";
        Last => "最近", "last";
    }
}

/// The string for `text` in the current language (tracked).
pub(crate) fn tr(text: Text) -> &'static str {
    t(crate::ui::Ctx::get().locale.get(), text)
}
