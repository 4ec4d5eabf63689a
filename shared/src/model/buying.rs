//! The buying centre of a deal (找对人): who takes part for this opportunity and how they
//! stand, the hospital's procurement step, the MANCOHT qualification answers, and changes in
//! the hospital's organisation.

use serde::{Deserialize, Serialize};

use super::{Attitude, BuyingRole, TrustLevel};
use crate::labels::closed_enum;
use crate::money::WinRate;
use crate::time::Timestamp;

/// A contact's part in one opportunity: their roles, attitude and trust *for this deal*
/// (the chief of the lab may decide one purchase and only use the next), and the rep's plan
/// for them (what to do about a restrictor, how to win over an opponent). Empty roles or
/// unset attitude/trust mean "as on the contact".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Stakeholder {
    /// Buying roles held in this deal.
    #[serde(default)]
    pub roles: std::collections::BTreeSet<BuyingRole>,
    /// Attitude toward us in this deal.
    #[serde(default)]
    pub attitude: Option<Attitude>,
    /// How far trust has come.
    #[serde(default)]
    pub trust: Option<TrustLevel>,
    /// The plan for this person.
    #[serde(default)]
    pub plan: String,
}

closed_enum! {
    /// The hospital's internal procurement process (客户内部采购流程), in order. Each step
    /// maps to a milestone of the G…S scheme ([`ProcurementStep::milestone`]), which is how
    /// a deal's stage is compared with the hospital's step whatever template the
    /// organisation uses: by win rate.
    pub enum ProcurementStep {
        ProblemFound = "problem_found", "发现问题", "Problem found";
        NeedRaised = "need_raised", "使用部门提出需求", "Department raises a need";
        Feasibility = "feasibility", "项目可行性研究", "Feasibility study";
        Budget = "budget", "确定预算", "Budget set";
        Approved = "approved", "项目立项", "Project approved";
        TeamFormed = "team_formed", "组建项目采购小组", "Purchasing team formed";
        Standards = "standards", "建立技术标准", "Technical standards set";
        Tender = "tender", "对外招标", "Tender issued";
        Screening = "screening", "初步技术筛选", "Technical screening";
        Evaluation = "evaluation", "项目评标", "Bid evaluation";
        Preferred = "preferred", "确立首选供应商", "Preferred supplier chosen";
        Negotiation = "negotiation", "合同审核/商务谈判", "Contract review and negotiation";
        Signed = "signed", "签订协议", "Agreement signed";
        Implementation = "implementation", "确保实施", "Implementation";
    }
}

/// The G…S milestones, as win-rate percentages (DOMAIN.md, "The funnel").
pub const MILESTONES: [u16; 8] = [10, 20, 25, 30, 50, 75, 90, 100];

impl ProcurementStep {
    /// The milestone of the G…S scheme the step corresponds to (its win rate):
    ///
    /// | step | milestone |
    /// |---|---|
    /// | 发现问题 | G 10% |
    /// | 使用部门提出需求, 项目可行性研究 | G 20% |
    /// | 确定预算, 项目立项 | E 25% |
    /// | 组建项目采购小组, 建立技术标准 | D 30% |
    /// | 对外招标, 初步技术筛选 | C 50% |
    /// | 项目评标, 确立首选供应商 | B 75% |
    /// | 合同审核/商务谈判, 签订协议, 确保实施 | A 90% |
    ///
    /// S 100% is the payment, which is ours, not a step of theirs. In the default
    /// eight-stage template that puts 发现问题 at 客户分析 (10%), a raised need at 建立信任
    /// (20%), the budget and the team at 挖掘需求 (30%), the tender and the evaluation at
    /// 呈现价值 (60%) and the contract at 赢取承诺 (90%).
    ///
    /// ```
    /// use rounds_shared::model::ProcurementStep;
    /// assert_eq!(ProcurementStep::Tender.milestone().basis_points(), 5_000);
    /// ```
    pub fn milestone(self) -> WinRate {
        use ProcurementStep::*;
        WinRate::from_percent(match self {
            ProblemFound => 10,
            NeedRaised | Feasibility => 20,
            Budget | Approved => 25,
            TeamFormed | Standards => 30,
            Tender | Screening => 50,
            Evaluation | Preferred => 75,
            Negotiation | Signed | Implementation => 90,
        })
    }
}

/// Which milestone (0 = G 10% … 7 = S 100%) a win rate has reached; below G 10% counts as
/// the first.
pub fn milestone_index(rate: WinRate) -> usize {
    MILESTONES
        .iter()
        .rposition(|m| rate.basis_points() >= m * 100)
        .unwrap_or(0)
}

closed_enum! {
    /// The eight qualification questions (MANCOHT).
    pub enum Qualifier {
        Money = "money", "资金预算", "Money";
        Authority = "authority", "决策权", "Authority";
        Need = "need", "需求", "Need";
        Competition = "competition", "竞争", "Competition";
        Organisation = "organisation", "决策结构", "Organisation";
        OtherOpportunities = "other", "其他机会", "Other opportunities";
        Time = "time", "采购时间", "Time";
        How = "how", "采购方式", "How they buy";
    }
}

closed_enum! {
    /// What the rep knows about one qualification question.
    pub enum AnswerState {
        Known = "known", "已知", "Known";
        Unknown = "unknown", "未知", "Unknown";
        Risk = "risk", "有风险", "Risk";
    }
}

/// The answer to one MANCOHT question: known, unknown or a risk, with what is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Qualification {
    /// Known, unknown or a risk.
    pub state: AnswerState,
    /// What is known, e.g. "预算 120 万, 财政拨款".
    #[serde(default)]
    pub note: String,
}

closed_enum! {
    /// A change in the hospital's organisation that the rep recorded on a contact.
    pub enum OrgChangeKind {
        Left = "left", "已离开", "Left";
        NewRole = "new_role", "职务变动", "Changed role";
    }
}

/// A contact left the hospital or changed role (客户组织变化), and when the rep learnt it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgChange {
    /// Left or changed role.
    pub kind: OrgChangeKind,
    /// When it was recorded.
    pub at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_maps_to_a_milestone_and_they_never_go_back() {
        let indexes: Vec<usize> = ProcurementStep::ALL
            .iter()
            .map(|s| milestone_index(s.milestone()))
            .collect();
        assert!(indexes.windows(2).all(|w| w[0] <= w[1]), "{indexes:?}");
        assert_eq!(indexes.first(), Some(&0));
        assert_eq!(indexes.last(), Some(&6));
        assert_eq!(milestone_index(WinRate::from_percent(2)), 0);
        assert_eq!(milestone_index(WinRate::from_percent(60)), 4);
        assert_eq!(milestone_index(WinRate::CERTAIN), 7);
    }
}
