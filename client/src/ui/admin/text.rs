//! The administration screens' strings, zh-CN and English (a table of the same form as
//! [`crate::i18n`]; domain words come from `rounds_shared::labels`).

use leptos::prelude::Get;
use rounds_shared::labels::Locale;

pub(crate) use table::{Text, t};

mod table {
    // `Text::ALL` serves the check below.
    #![allow(dead_code)]
    use super::Locale;

    crate::i18n::texts! {
        Admin => "管理", "Admin";
        People => "人员", "People";
        Teams => "团队与区域", "Teams & territories";
        Hospitals => "医院", "Hospitals";
        HandOver => "客户交接", "Hand-over";
        Settings => "组织设置", "Settings";
        Audit => "审计日志", "Audit log";
        // People
        NewPerson => "新建人员", "New person";
        LoginName => "登录名", "Login name";
        Name => "姓名", "Name";
        Role => "角色", "Role";
        Team => "团队", "Team";
        Territory => "区域", "Territory";
        NoTeam => "无团队", "No team";
        Status => "状态", "Status";
        Active => "在职", "Active";
        Disabled => "已停用", "Disabled";
        MustChange => "待改密码", "Must choose a password";
        HospitalsOwned => "负责医院", "Hospitals";
        Create => "创建", "Create";
        Edit => "编辑", "Edit";
        Disable => "停用", "Disable";
        Enable => "启用", "Re-enable";
        ResetPassword => "重置密码", "Reset password";
        OneTimeIs => "一次性密码（只显示这一次，请交给本人；首次登录须修改）：", "One-time password (shown once; give it to them — they must change it at the first sign-in):";
        ConfirmDisable => "停用后此人立即退出登录，手机上的客户数据将被清除。其负责的医院成为孤儿客户，请及时交接。确定停用？", "Disabling signs them out at once and clears the hospital data on their phone. Their hospitals become orphans: hand them over. Disable?";
        Search => "搜索", "Search";
        Done => "已完成", "Done";
        // Teams and territories
        NewTeam => "新建团队", "New team";
        Managers => "经理", "Managers";
        Members => "成员", "Members";
        AddManager => "指定经理", "Add manager";
        Territories => "销售区域", "Territories";
        AddTerritory => "添加区域", "Add territory";
        Zone => "分区", "Zone";
        Relationship => "关系阶段 · 级别 · 态度", "Relationship · tier · attitude";
        Remove => "移除", "Remove";
        // Hospitals and import
        Import => "批量导入", "Import";
        ImportHelp => "上传 CSV 或 Excel (.xlsx) 表格，第一行为表头：医院名称、等级、区域、分区、地址、负责人（登录名）、科室、标本量。先试运行检查每一行，无错误后再导入。", "Upload a CSV or Excel (.xlsx) sheet whose first row is the header: 医院名称 (name), 等级 (level), 区域 (region), 分区 (zone), 地址 (address), 负责人 (owner's login), 科室 (departments), 标本量 (sample volume). A dry run checks every row first; import once there are no errors.";
        DryRun => "试运行", "Dry run";
        Commit => "导入", "Import";
        ImportNothingSaved => "试运行：尚未保存任何内容。", "Dry run: nothing has been saved.";
        ImportHasErrors => "有错误的行，修正后重新上传。没有保存任何内容。", "Some rows have errors: fix them and upload again. Nothing has been saved.";
        ImportDone => "已导入", "Imported";
        RowNo => "行", "Row";
        Outcome => "结果", "Result";
        Column => "列", "Column";
        Reason => "说明", "Details";
        NewRows => "新增", "New";
        Updated => "更新", "Updated";
        Unchanged => "无变化", "Unchanged";
        Errors => "错误", "Errors";
        Owner => "负责人", "Owner";
        Level => "等级", "Level";
        Orphan => "孤儿客户", "Orphan";
    NewHospital => "新建医院", "New hospital";
    Address => "地址", "Address";
    Departments => "科室", "Departments";
    SampleVolume => "年标本量", "Annual sample volume";
        ExportSheet => "导出表格 (CSV)", "Export sheet (CSV)";
        // Hand-over
        From => "交出人", "From";
        To => "接收人", "To";
        Selected => "已选", "selected";
        HandOverAll => "交接所选医院", "Hand over the selected hospitals";
        Orphans => "孤儿客户（负责人已停用或不存在）", "Orphan accounts (owner disabled or gone)";
        NoOrphans => "没有孤儿客户", "No orphan accounts";
        HandOverOrphans => "全部交给", "Hand all of them to";
        SplitByTerritory => "按区域分给", "Split by territory";
        Moved => "已交接", "Handed over";
        Kept => "未变", "Left as they were";
        ChooseRep => "选择代表", "Choose a rep";
        // Settings
        StageTemplate => "阶段模板", "Stage template";
        TemplateDefault => "八阶段（默认）", "Eight stages (default)";
        TemplateMilestones => "里程碑 G…S", "Milestones G…S";
        TemplateFive => "五阶段", "Five stages";
        Apply => "应用", "Apply";
        Standards => "活动标准", "Activity standards";
        Targets => "季度目标", "Quarterly targets";
        DailyCutoff => "日清单截止时间", "Daily lists due by";
    Roadmap => "成功路线图（按入职时间）", "Success roadmap by tenure";
    RoadmapHelp => "代表的活动标准随入职时间变化：每个阶段覆盖入职后的若干周，有自己的标准；不在任何阶段（或未填入职日期）的代表按上面的活动标准考核。", "A rep's standards change with tenure: each phase covers some weeks after the start date and has its own standards; a rep in no phase (or with no start date) is held to the standards above.";
    LoadSourceRoadmap => "载入培训材料的路线图", "Load the training material's roadmap";
    TenureWeeks => "入职第", "tenure weeks";
    StartDates => "入职日期", "Start dates";
        TargetsHelp => "每行一个对象：可直接从 Excel 粘贴两列（对象、金额·元）。对象：org、团队名或代表登录名。", "One subject a row; paste two columns from Excel (subject, amount in yuan). Subject: org, a team's name or a rep's login.";
        Subject => "对象", "Subject";
        Amount => "金额（元）", "Amount (yuan)";
        Whole => "全公司", "Whole organisation";
        SavedOnServer => "已保存", "Saved";
        // Audit
        When => "时间", "When";
        Who => "操作人", "Who";
        What => "操作", "What";
        Target => "对象", "Target";
        Changes => "变更", "Changes";
        AllActions => "全部操作", "Every action";
        Previous => "上一页", "Previous";
        Next => "下一页", "Next";
        // Password
        ChoosePassword => "请设置您自己的密码", "Choose your own password";
        ChoosePasswordWhy => "您使用的是一次性密码。设置自己的密码后才能继续（至少 8 位）。", "You signed in with a one-time password. Choose your own (at least 8 characters) to continue.";
        CurrentPassword => "当前密码（一次性密码）", "Current (one-time) password";
        NewPassword => "新密码", "New password";
        RepeatPassword => "再次输入新密码", "New password again";
        PasswordsDiffer => "两次输入的新密码不一致", "The two new passwords differ";
        AccountDisabled => "此账号已被停用，本机上的数据已清除。", "This account has been disabled; its data on this device has been removed.";
    }
}

/// The string for `text` in the current language (tracked).
pub(crate) fn tr(text: Text) -> &'static str {
    t(crate::ui::Ctx::get().locale.get(), text)
}
