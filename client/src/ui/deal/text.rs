//! The buying-centre screens' strings, zh-CN and English (a table of the same form as
//! [`crate::i18n`]; domain words come from `rounds_shared::labels`).

use leptos::prelude::Get;

pub(crate) use table::{Text, t};

mod table {
    // `Text::ALL` serves the check below.
    #![allow(dead_code)]
    use rounds_shared::labels::Locale;

    crate::i18n::texts! {
        OrgChart => "组织结构图", "Organisation chart";
        ReportsTo => "汇报对象", "Reports to";
        ReportsToShort => "汇报给", "reports to";
        OrgChange => "组织变化", "Organisation change";
        NoChange => "无变化", "No change";
        BuyingCentre => "购买中心", "Buying centre";
        NoStakeholders => "还没有列出本项目的相关人员（暂按医院全部联系人计算）", "No one listed for this deal yet (the hospital's contacts count for now)";
        AddStakeholder => "添加相关人员", "Add a person";
        ChooseContact => "选择联系人…", "Choose a contact…";
        Plan => "对策", "Plan";
        Remove => "移除", "Remove";
        AsOnContact => "同联系人", "As on the contact";
        Procurement => "医院采购流程", "Hospital's procurement step";
        StepUnknown => "未知", "Not known";
        Mancoht => "MANCOHT 资格审查", "MANCOHT qualification";
        Note => "说明", "Note";
        Warnings => "商机预警", "Deal warnings";
        NoWarnings => "没有预警", "No warnings";
        Suggest => "建议", "Suggested";
        AtRisk => "风险商机", "Deals at risk";
        NoRisk => "没有风险商机", "No deal at risk";
        Save => "保存", "Save";
    }
}

/// The string for `text` in the current language (tracked).
pub(crate) fn tr(text: Text) -> &'static str {
    t(crate::ui::Ctx::get().locale.get(), text)
}
