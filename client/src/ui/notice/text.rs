//! The hand-off notice screens' strings, zh-CN and English (a table of the same form as
//! [`crate::i18n`]; domain words come from `rounds_shared::labels`).

use leptos::prelude::Get;

pub(crate) use table::{Text, t};

mod table {
    // `Text::ALL` serves the check below.
    #![allow(dead_code)]
    use rounds_shared::labels::Locale;

    crate::i18n::texts! {
        Notices => "业务通知单", "Hand-off notices";
        NoticesNav => "通知单", "Notices";
        Inbox => "通知单收件箱", "Notice inbox";
        MyNotices => "我的通知单", "My notices";
        ChaseWithRep => "发催款通知", "Chase with the rep";
        Chased => "已发催款通知", "Chase sent";
        ToAnswer => "待我回执", "For me to answer";
        IssueNotice => "发通知单", "Issue a notice";
        NoNotices => "没有通知单", "No notices";
        Kind => "业务类型", "Hand-off";
        Department => "接收部门", "Department";
        Details => "业务详情", "Details";
        Due => "完成时间", "Due";
        DeliveryMethod => "回返方式", "Delivery";
        Address => "地址", "Address";
        Contact => "医院接洽人", "Contact at the hospital";
        Deal => "相关商机", "Deal";
        NoDeal => "不关联商机", "No deal";
        IssuedBy => "下单人员", "Issued by";
        IssuedAt => "通知时间", "Issued";
        Handler => "接洽人员", "Handled by";
        Nobody => "未指定", "Not named";
        New => "新通知", "New";
        InProgress => "处理中", "In progress";
        Overdue => "逾期", "Overdue";
        Done => "已完成", "Done";
        Accept => "接收", "Accept";
        Received => "已接收", "Received";
        PassedTo => "转交给", "passed to";
        PassOn => "转交", "Pass on";
        ChooseColleague => "选择同事…", "Choose a colleague…";
        Answer => "回执", "Receipt";
        Outcome => "结果", "Outcome";
        Reason => "回执原因", "Reason";
        HelpNeeded => "需要帮助", "Help needed";
        NewDue => "新的完成时间", "New due date";
        SendAnswer => "提交回执", "Send the receipt";
        ReasonRequired => "无法完成时请写明原因", "Say why it cannot be done";
        DetailsRequired => "请填写业务详情", "Write what is needed";
        History => "处理记录", "History";
        Answered => "回执", "answered";
        HelpAsked => "需要你的帮助", "Your help is asked";
        HelpRequested => "已请求销售代表帮助", "Help asked of the rep";
        AllNotices => "全部通知单", "All notices";
        Receipts => "通知单回执", "Notice receipts";
        NoticeNotHere => "这张通知单还没有同步到本设备", "This notice is not on the device yet";
        Issue => "发出", "Issue";
        Open => "未完成", "Open";
        AvgTurnaround => "平均处理时长（小时）", "Average turnaround (hours)";
        ByPerson => "按处理人", "By person";
        Hospital => "医院", "Hospital";
        Status => "状态", "Status";
        All => "全部", "All";
    }
}

/// The string for `text` in the current language (tracked).
pub(crate) fn tr(text: Text) -> &'static str {
    t(crate::ui::Ctx::get().locale.get(), text)
}
