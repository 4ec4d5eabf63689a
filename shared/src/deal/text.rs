//! What a warning says, in both locales: the reason, with the people, questions or days it
//! concerns, and the method's suggested next step.

use super::{Warning, WarningKind};
use crate::labels::{Labelled, Locale};

impl Warning {
    /// Why the deal is at risk, e.g. "只与 王主任 有接触（近 8 周）".
    ///
    /// ```
    /// use rounds_shared::deal::{Warning, WarningKind};
    /// use rounds_shared::labels::Locale;
    /// let w = Warning { kind: WarningKind::SingleThreaded, people: vec!["王主任".into()],
    ///     questions: vec![], days: None, step: None };
    /// assert_eq!(w.reason(Locale::ZhCn), "近 8 周只与 王主任 有接触");
    /// ```
    pub fn reason(&self, locale: Locale) -> String {
        use WarningKind::*;
        let zh = locale == Locale::ZhCn;
        let people = self.people.join(if zh { "、" } else { ", " });
        let weeks = super::ENGAGED_WEEKS;
        match (self.kind, zh) {
            (SingleThreaded, true) => format!("近 {weeks} 周只与 {people} 有接触"),
            (SingleThreaded, false) => format!("Only {people} met in the last {weeks} weeks"),
            (NoCoach, true) => "购买中心里没有教练".into(),
            (NoCoach, false) => "Nobody in the buying centre coaches us".into(),
            (DecisionMakerUnknown, true) => "还不知道谁是决策者".into(),
            (DecisionMakerUnknown, false) => "The decision maker is not known".into(),
            (DecisionMakerNotMet, true) => format!("从未拜访过决策者 {people}"),
            (DecisionMakerNotMet, false) => format!("Decision maker {people} never met"),
            (DecisionMakerOpposed, true) => format!("决策者 {people} 反对我们"),
            (DecisionMakerOpposed, false) => format!("Decision maker {people} is opposed"),
            (RestrictorNoPlan, true) => format!("条件限制者（杀手）{people} 没有对策"),
            (RestrictorNoPlan, false) => format!("No plan for restrictor {people}"),
            (QualificationGap, _) => {
                let questions: Vec<&str> = self.questions.iter().map(|q| q.label(locale)).collect();
                if zh {
                    format!("未确认: {}", questions.join("、"))
                } else {
                    format!("Not confirmed: {}", questions.join(", "))
                }
            }
            (AheadOfProcurement, _) | (BehindProcurement, _) => {
                let step = self.step.map(|s| s.label(locale)).unwrap_or_default();
                match (self.kind == AheadOfProcurement, zh) {
                    (true, true) => format!("医院才到「{step}」，销售阶段已超前"),
                    (true, false) => {
                        format!("The hospital is only at “{step}”; the deal's stage is ahead")
                    }
                    (false, true) => format!("医院已到「{step}」，销售阶段落后"),
                    (false, false) => {
                        format!("The hospital is already at “{step}”; the deal's stage lags")
                    }
                }
            }
            (NoRecentVisit, true) => match self.days {
                Some(d) => format!("{d} 天没有拜访"),
                None => "从未拜访".into(),
            },
            (NoRecentVisit, false) => match self.days {
                Some(d) => format!("No visit for {d} days"),
                None => "Never visited".into(),
            },
            (OrgChanged, true) => format!("{people} 离开或职务变动后还没有拜访"),
            (OrgChanged, false) => format!("{people} left or changed role; no visit since"),
        }
    }

    /// What the method suggests doing next.
    pub fn next_step(&self, locale: Locale) -> &'static str {
        use WarningKind::*;
        match (self.kind, locale == Locale::ZhCn) {
            (SingleThreaded, true) => "多线联系：请教练引见使用、技术和财务各层的人",
            (SingleThreaded, false) => {
                "Go multi-threaded: ask your coach to introduce users, technical and financial buyers"
            }
            (NoCoach, true) => "在信任你的人中发展一位教练",
            (NoCoach, false) => "Develop a coach among the people who trust you",
            (DecisionMakerUnknown, true) => "向教练了解决策者和决策流程",
            (DecisionMakerUnknown, false) => "Ask your coach who decides and how",
            (DecisionMakerNotMet, true) => "请教练或经理协助约见决策者",
            (DecisionMakerNotMet, false) => {
                "Get your coach or manager to set up a meeting with the decision maker"
            }
            (DecisionMakerOpposed, true) => "找出反对原因，请经理协访，调整策略",
            (DecisionMakerOpposed, false) => {
                "Find out why, bring your manager along, and change the strategy"
            }
            (RestrictorNoPlan, true) => "为杀手制定对策：满足其条件或争取上级支持",
            (RestrictorNoPlan, false) => {
                "Plan for the restrictor: meet their conditions or win support above them"
            }
            (QualificationGap, true) => "下次拜访确认这些问题",
            (QualificationGap, false) => "Confirm these questions at the next visit",
            (AheadOfProcurement, true) => "回到医院的流程：先确认需求、预算和立项",
            (AheadOfProcurement, false) => {
                "Go back to the hospital's process: confirm need, budget and approval first"
            }
            (BehindProcurement, true) => "赶上医院的进度：尽快呈现价值、影响技术标准",
            (BehindProcurement, false) => {
                "Catch up with the hospital: present value and shape the technical standards now"
            }
            (NoRecentVisit, true) => "尽快安排拜访",
            (NoRecentVisit, false) => "Plan a visit soon",
            (OrgChanged, true) => "拜访新的负责人，重新画组织结构图",
            (OrgChanged, false) => "Visit whoever took over and redraw the organisation chart",
        }
    }
}
