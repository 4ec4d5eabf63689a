//! The client's translation table. Every user-facing string of the app's own is a [`Text`]
//! key with a zh-CN and an English rendering, declared once below; domain words (stages,
//! roles, levels…) come from `rounds_shared::labels`.
//!
//! ```
//! use rounds_client::i18n::{Text, t};
//! use rounds_shared::labels::Locale;
//! assert_eq!(t(Locale::ZhCn, Text::LogVisit), "记录拜访");
//! assert_eq!(t(Locale::En, Text::LogVisit), "Log a visit");
//! ```

use rounds_shared::labels::Locale;

macro_rules! texts {
    ($( $key:ident => $zh:literal, $en:literal; )+) => {
        /// A user-facing string of the app's own chrome.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Text {
            $( #[doc = $en] $key, )+
        }

        impl Text {
            /// Every text, for checks.
            pub const ALL: &'static [Text] = &[$(Text::$key),+];
        }

        /// The string for `text` in `locale`.
        pub fn t(locale: Locale, text: Text) -> &'static str {
            match (text, locale) {
                $( (Text::$key, Locale::ZhCn) => $zh, (Text::$key, Locale::En) => $en, )+
            }
        }

        #[cfg(test)]
        #[test]
        fn every_text_has_both_languages() {
            for text in Text::ALL {
                for locale in [Locale::ZhCn, Locale::En] {
                    assert!(!t(locale, *text).trim().is_empty(), "{text:?} in {locale:?}");
                }
            }
        }
    };
}

// Other tables of the same form (the administration screens' own: `ui::admin::text`).
pub(crate) use texts;

texts! {
    AppName => "巡访", "Rounds";
    NoticesNav => "通知单", "Notices";
    DailyNav => "日清单", "Daily lists";
    Tagline => "医疗设备销售漏斗 · 离线可用", "Sales funnel for medical equipment · works offline";
    SwitchLanguage => "English", "中文";
    FunnelStages => "销售漏斗阶段", "Funnel stages";
    WinRate => "赢率", "Win rate";
    Opening => "正在打开本机数据…", "Opening the data on this device…";
    CannotOpen => "无法打开本机数据", "The data on this device could not be opened";
    NotFound => "没有这个页面", "There is no such screen";
    // Sign-in
    SignIn => "登录", "Sign in";
    Username => "用户名", "Username";
    Password => "密码", "Password";
    LoginOffline => "连不上服务器。首次登录需要网络，之后离线也能用。", "The server cannot be reached. The first sign-in needs a network; after that the app works offline.";
    LoginWrong => "用户名或密码错误", "Wrong username or password";
    LoginTooMany => "尝试次数过多，请稍后再试", "Too many attempts; try again in a while";
    LoginMissing => "请输入用户名和密码", "Enter your username and password";
    LoginFailed => "登录失败，请稍后再试", "Sign-in failed; try again later";
    SessionEnded => "登录已过期。数据都保存在本机，重新登录后继续同步。", "Your session has ended. Everything is kept on this device; sign in again to resume syncing.";
    SignInLost => "这台设备需要重新登录（登录状态没有保存下来，账号没有问题）。数据都保存在本机，登录后继续同步。", "Please sign in again on this device (its sign-in was not kept; your account is fine). Everything is kept on this device and syncs once you sign in.";
    // Sync status
    Offline => "离线", "Offline";
    Syncing => "同步中", "Syncing";
    Synced => "已同步", "Synced";
    SyncedAt => "已同步", "Synced at";
    ChangesWaiting => "条待同步", "waiting";
    PhotosWaiting => "张照片待上传", "photos to upload";
    StorageFull => "手机存储空间已满，这次没有保存；之前保存的都还在。请清理手机空间后再试。", "The phone's storage is full: this was not saved, and everything saved before is still there. Free some space and try again.";
    SignInAgain => "需重新登录", "Sign in again";
    NewVersion => "有新版本可用", "A new version is available";
    Reload => "重新加载", "Reload";
    // Navigation
    Today => "今日", "Today";
    Accounts => "客户", "Accounts";
    LogVisit => "记录拜访", "Log a visit";
    MyFunnel => "我的漏斗", "My funnel";
    Plan => "周计划", "Plan";
    SignOut => "退出登录", "Sign out";
    SignOutWaiting => "还有修改未同步。它们会保留在本机，下次以同一账号登录后继续同步。确定退出？", "Some changes have not synced yet. They stay on this device and sync after you sign in again with the same account. Sign out?";
    // Today
    VisitsToday => "今日拜访", "Visits today";
    NoVisitsToday => "今天还没有记录拜访", "No visits logged today";
    NextStepsDue => "到期的下一步", "Next steps due";
    NothingDue => "没有到期的下一步", "Nothing due";
    Stalled => "停滞的商机", "Stalled opportunities";
    NothingStalled => "没有停滞的商机", "No stalled opportunities";
    DaysIdle => "天未推进", "days idle";
    // Accounts
    SearchAccounts => "搜索医院或地区", "Search hospitals or regions";
    Level => "等级", "Level";
    EditProfile => "编辑医院资料", "Edit the hospital's profile";
    Address => "地址", "Address";
    Zone => "分区", "Zone";
    Departments => "科室（用、分隔）", "Departments (separated by 、 or ,)";
    SampleVolume => "年标本量", "Annual sample volume";
    SampleVolumeNumber => "年标本量须为整数", "The annual sample volume must be a whole number";
    PaymentRecord => "回款记录", "Payment record";
    HospitalAttitude => "医院对我们的态度", "The hospital's attitude toward us";
    RelationshipStage => "客户关系阶段", "Relationship stage";
    KeyAccountTier => "重点客户级别", "Key-account tier";
    LocationHere => "设为当前位置", "Set to where I am";
    Stage => "阶段", "Stage";
    Class => "分类", "Class";
    All => "全部", "All";
    NoMatch => "没有符合条件的医院", "No hospital matches";
    NoAccountsYet => "还没有医院。联网同步后会出现在这里。", "No hospitals yet. They appear here after syncing.";
    OpenOpps => "个进行中", "open";
    AddHospital => "添加医院", "Add a hospital";
    HospitalName => "医院名称", "Hospital name";
    Region => "地区", "Region";
    NotOnDevice => "本机还没有这条记录，联网同步后可见", "This record is not on the device yet; it arrives with the next sync";
    // Account
    Contacts => "联系人", "Contacts";
    AddContact => "添加联系人", "Add a contact";
    Edit => "编辑", "Edit";
    Name => "姓名", "Name";
    Department => "科室", "Department";
    JobTitle => "职务", "Title";
    Phone => "电话", "Phone";
    BuyingRoles => "采购角色", "Buying roles";
    Attitude => "态度", "Attitude";
    Trust => "信任程度", "Trust";
    Notes => "备注", "Notes";
    NameRequired => "请填写姓名", "A name is required";
    Opportunities => "商机", "Opportunities";
    AddOpportunity => "新建商机", "New opportunity";
    NoOpportunities => "还没有商机", "No opportunities yet";
    VisitHistory => "拜访记录", "Visit history";
    NoVisits => "还没有拜访记录", "No visits yet";
    Save => "保存", "Save";
    Cancel => "取消", "Cancel";
    Remove => "删除", "Remove";
    Saving => "正在保存…", "Saving…";
    Saved => "已保存到本机", "Saved on this device";
    NotSaved => "未保存:", "Not saved:";
    // Visit
    Hospital => "医院", "Hospital";
    ChooseHospital => "选择医院", "Choose a hospital";
    Met => "见到", "Met";
    NoContactsYet => "这家医院还没有联系人，可在医院页面添加。", "No contacts at this hospital yet; add them on the hospital's page.";
    Purpose => "拜访目的", "Purpose";
    PurposeIntro => "初次拜访", "First call";
    PurposeNeeds => "了解需求", "Needs";
    PurposeDemo => "产品演示", "Demo";
    PurposeQuote => "报价", "Quote";
    PurposeContract => "合同谈判", "Contract";
    PurposeService => "售后回访", "After-sales";
    Content => "拜访内容", "What was discussed";
    Problems => "问题与解决办法", "Problems and solutions";
    NextStep => "下一步", "Next step";
    Opportunity => "关联商机", "Opportunity";
    CheckInAuto => "签到时间自动记录", "Check-in time is recorded automatically";
    LocationRecorded => "已获取位置", "location recorded";
    SaveVisit => "保存拜访", "Save visit";
    PurposeOrContent => "请填写拜访目的或内容", "Give a purpose or what was discussed";
    // Opportunity
    OppTitle => "商机名称", "Title";
    ProductLine => "产品线", "Product line";
    Amount => "金额", "Amount";
    AmountYuan => "金额(元)", "Amount (yuan)";
    ExpectedClose => "预计成交日期", "Expected close";
    Competitors => "竞争对手", "Competitors";
    NextStepDue => "下一步截止日期", "Next step due";
    AmountInvalid => "金额应为不小于 0 的数字（元）", "The amount must be a number of yuan, 0 or more";
    DateInvalid => "日期格式不对", "A date is not valid";
    TitleAmountRequired => "请填写商机名称和金额", "Give a title and an amount";
    Terms => "商机信息", "Terms";
    ExitChecklist => "出阶段检查", "Exit checklist";
    MoveTo => "移到阶段…", "Move to…";
    MoveStage => "移动阶段", "Move stage";
    MarkLost => "标记丢单", "Mark lost";
    LostReason => "丢单原因", "Why lost";
    LostTo => "输给哪家竞争对手", "Lost to which competitor";
    Lost => "丢单", "Lost";
    Dropped => "流失", "Dropped";
    StageHistory => "阶段历史", "Stage history";
    ChangedBy => "修改人", "changed by";
    OtherValue => "另一修改:", "other edit:";
    Someone => "他人", "someone";
    // Funnel
    WeightedPipeline => "加权漏斗金额", "Weighted pipeline";
    ShapeWarning => "漏斗变形:", "Funnel out of shape:";
    MoreThan => "多于上一阶段", "more than the stage before,";
    Formulas => "本季度三个公式", "This quarter's three formulas";
    Target => "目标", "Target";
    NoTarget => "未设定", "not set";
    Forecast => "预测完成率", "Forecast";
    ForecastHow => "已成交 + 加权漏斗", "won + weighted pipeline";
    Progress => "推进率", "Progress";
    Churn => "流失率", "Churn";
    // Plan
    WeeklyPlan => "本周计划", "This week's plan";
    DueFriday => "周五前提交", "due by Friday";
    Submitted => "已提交", "Submitted";
    NotSubmitted => "未提交", "Not submitted";
    Goals => "本周目标", "Goals";
    PlannedVisits => "计划拜访", "Planned visits";
    AddToPlan => "加入计划", "Add";
    Suggested => "建议拜访", "Suggested visits";
    NeverVisited => "从未拜访", "Never visited";
    OverdueBy => "已超期", "Overdue by";
    DaysUnit => "天", "days";
    DueOn => "应拜访于", "Due on";
    DealStalledFor => "项目停滞", "A deal stalled for";
    RouteOrder => "按路线排序当天拜访", "Order the day's visits by route";
    VisitDone => "已拜访", "Visited";
    VisitMissed => "未拜访", "Not visited";
    MoveUp => "上移", "Up";
    PlanAttainment => "周计划达成", "Weekly plan attainment";
    PlanDone => "计划完成", "Planned visits made";
    PlanRate => "达成率", "Rate";
    VisitsMade => "实际拜访", "Visits made";
    Unplanned => "计划外", "Unplanned";
    PlansNav => "计划达成", "Plans";
    WeekBefore => "上一周", "Week before";
    RouteMap => "当天路线图", "The day's route";
    WeekCalendar => "本周日历", "The week's calendar";
    WeekAfter => "下一周", "Week after";
    SubmitPlan => "提交周计划", "Submit plan";
    MyActivity => "我的活动与标准", "My activity against the standards";
    StandardMet => "达标", "Met";
    Behind => "未达标", "Behind";
    // Manager dashboard
    TeamNav => "团队漏斗", "Team funnel";
    ActivityNav => "活动对标", "Activity";
    VisitsNav => "拜访动态", "Visit feed";
    CoVisitNav => "协同拜访", "Co-visit";
    TeamFunnel => "团队销售漏斗", "Team funnel";
    Period => "期间", "Period";
    ThisWeek => "本周", "This week";
    ThisMonth => "本月", "This month";
    ThisQuarter => "本季度", "This quarter";
    Custom => "自定义", "Custom";
    From => "从", "From";
    To => "到", "To";
    Team => "团队", "Team";
    Rep => "销售代表", "Rep";
    AsOf => "截至日期", "As of";
    Loading => "正在加载…", "Loading…";
    NoDataYet => "还没有数据(需要联网一次)", "No data yet (needs the network once)";
    DataAsOf => "数据更新于", "Data as of";
    MinutesAgo => "分钟前", "minutes ago";
    OfflineCopy => "离线，显示本机保存的数据", "offline: showing the copy on this device";
    ForecastReads => "预测完成", "Forecast";
    OfTarget => "的目标", "of target";
    NoTargetSet => "本期未设定目标", "No target set for this period";
    ByCount => "按数量", "By count";
    ByAmount => "按金额", "By amount";
    Count => "数量", "Count";
    Weighted => "加权金额", "Weighted";
    ExportCsv => "导出 CSV", "Export CSV";
    Won => "已成交", "Won";
    ByRep => "各代表漏斗", "Each rep's funnel";
    Trend => "近两个季度趋势(按周)", "Trend over two quarters (weekly)";
    Unread => "未读", "unread";
    MarkAllRead => "全部标为已读", "Mark all read";
    CoVisitReport => "协同拜访报告", "Co-visit report";
    VisitLabel => "对应的拜访", "The visit";
    CoVisitKindLabel => "拜访类型", "Kind of call";
    Observations => "观察记录", "Observations";
    CoachingPoints => "辅导要点", "Coaching points";
    ChooseRepAndHospital => "请选择销售代表和医院", "Choose a rep and a hospital";
    ObservationsRequired => "请填写观察记录", "Write what you observed";
    ClassesNav => "客户分类", "Classification";
    MeetingNav => "周例会", "Weekly meeting";
    CollectionsNav => "催款明细", "Collection list";
    NothingOwed => "没有待回款的签约项目", "No signed deal awaits payment";
    Owed => "待回款合计", "Awaiting payment";
    DealsUnit => "个项目", "deals";
    AdminNav => "管理", "Admin";
    AbcClasses => "ABC 分类(按回款)", "ABC classes (by revenue)";
    ValueAttitudeGrid => "价值 × 态度", "Value × attitude";
    ChangesThisWeek => "本周变化", "Changes this week";
    Print => "打印", "Print";
    NoChanges => "本周没有阶段变化", "No stage changes this week";
    Comment => "批注", "Comment";
    AccountReview => "重点客户回顾", "Key account review";
    NotReviewed => "还没有与销售代表回顾过", "Not yet reviewed with the rep";
    ReviewPlaceholder => "回顾要点(可选)", "What was agreed (optional)";
    RecordReview => "记录本次回顾", "Record this review";
    CommentPlaceholder => "写批注，代表会在拜访记录里看到", "Write a comment; the rep sees it with the visit";
    TenThousandYuan => "万", " ×10k ¥";
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_text_has_both_locales_and_no_two_chinese_texts_collide_by_accident() {
        for text in Text::ALL {
            assert!(!t(Locale::ZhCn, *text).is_empty());
            assert!(!t(Locale::En, *text).is_empty());
        }
        // Allowed on purpose: "Synced" and "Synced at" read the same in Chinese.
        let zh: HashSet<&str> = Text::ALL.iter().map(|x| t(Locale::ZhCn, *x)).collect();
        assert_eq!(zh.len(), Text::ALL.len() - 1);
    }
}
