//! The stage templates an admin can start from (DOMAIN.md, "The funnel").

use crate::money::WinRate;
use crate::stage::{ExitCriterion, Stage, StageKey, StageTemplate};

fn stage(k: &str, zh: &str, en: &str, percent: u16, criteria: &[(&str, &str, &str)]) -> Stage {
    Stage {
        key: StageKey::literal(k),
        zh: zh.to_owned(),
        en: en.to_owned(),
        win_rate: WinRate::from_percent(percent),
        exit_criteria: criteria
            .iter()
            .map(|(k, zh, en)| ExitCriterion {
                key: (*k).to_owned(),
                zh: (*zh).to_owned(),
                en: (*en).to_owned(),
            })
            .collect(),
    }
}

pub(crate) fn default_eight() -> StageTemplate {
    StageTemplate {
        stages: vec![
            stage(
                "target_group",
                "目标客户群",
                "Target customer group",
                2,
                &[
                    (
                        "in_territory",
                        "属于本辖区的目标医院",
                        "Hospital is in my territory",
                    ),
                    (
                        "has_department",
                        "有相关科室",
                        "Has the relevant department",
                    ),
                ],
            ),
            stage(
                "collect_info",
                "收集资料",
                "Collect information",
                5,
                &[
                    (
                        "background",
                        "医院背景资料已收集",
                        "Hospital background gathered",
                    ),
                    (
                        "current_use",
                        "现用设备及使用情况已了解",
                        "Current equipment and use known",
                    ),
                    ("org_chart", "组织结构图已画出", "Organisation chart drawn"),
                    (
                        "people",
                        "相关人员资料已收集",
                        "People's information gathered",
                    ),
                    (
                        "competitors",
                        "竞争对手信息已收集",
                        "Competitor information gathered",
                    ),
                    (
                        "sample_volume",
                        "标本量符合要求",
                        "Sample volume meets our threshold",
                    ),
                    ("payment_good", "回款良好", "Good payment record"),
                    ("project_need", "有项目需求", "Has a project need"),
                ],
            ),
            stage(
                "analyse",
                "客户分析",
                "Customer analysis",
                10,
                &[
                    (
                        "roles_mapped",
                        "决策者、使用者、技术和财务买家已确认",
                        "Decision maker, users, technical and financial buyers identified",
                    ),
                    ("coach_found", "找到教练(向导)", "A coach found"),
                    (
                        "mancoht",
                        "MANCOHT 资格审查完成",
                        "MANCOHT qualification done",
                    ),
                ],
            ),
            stage(
                "build_trust",
                "建立信任",
                "Build trust",
                20,
                &[
                    (
                        "key_people_met",
                        "关键人已拜访并建立信任",
                        "Key people met and trusting us",
                    ),
                    (
                        "coach_active",
                        "教练主动提供信息",
                        "Coach actively shares information",
                    ),
                ],
            ),
            stage(
                "dig_needs",
                "挖掘需求",
                "Dig out needs",
                30,
                &[
                    (
                        "needs_confirmed",
                        "客户确认需求和痛点",
                        "Customer confirmed needs and pain points",
                    ),
                    (
                        "budget_known",
                        "预算和采购方式(招标/直购)已明确",
                        "Budget and purchase method (tender or direct) known",
                    ),
                    ("timeline_known", "采购时间已明确", "Purchase timing known"),
                ],
            ),
            stage(
                "present_value",
                "呈现价值",
                "Present value",
                60,
                &[
                    (
                        "demo_done",
                        "产品演示或试用完成",
                        "Demonstration or trial done",
                    ),
                    (
                        "proposal_sent",
                        "方案和报价已提交",
                        "Proposal and quotation submitted",
                    ),
                    (
                        "decision_maker_agrees",
                        "决策者认可方案",
                        "Decision maker accepts the proposal",
                    ),
                ],
            ),
            stage(
                "win_commitment",
                "赢取承诺",
                "Win commitment",
                90,
                &[
                    ("contract_signed", "合同已签订", "Contract signed"),
                    (
                        "installed",
                        "设备已安装验收",
                        "Equipment installed and accepted",
                    ),
                ],
            ),
            stage(
                "paid",
                "完成回款，奠定二次销售基础",
                "Payment collected",
                100,
                &[
                    (
                        "payment_received",
                        "货款已全部回收",
                        "Payment received in full",
                    ),
                    (
                        "second_sale",
                        "二次销售机会已识别",
                        "Second-sale opportunity identified",
                    ),
                ],
            ),
        ],
    }
}

pub(crate) fn milestones() -> StageTemplate {
    let names = [
        ("g10", "G 10%", 10),
        ("g20", "G 20%", 20),
        ("e25", "E 25%", 25),
        ("d30", "D 30%", 30),
        ("c50", "C 50%", 50),
        ("b75", "B 75%", 75),
        ("a90", "A 90%", 90),
        ("s100", "S 100%", 100),
    ];
    StageTemplate {
        stages: names
            .iter()
            .map(|(k, name, p)| stage(k, name, name, *p, &[]))
            .collect(),
    }
}

pub(crate) fn five_stage() -> StageTemplate {
    StageTemplate {
        stages: vec![
            stage("lead", "线索", "Lead", 10, &[]),
            stage("needs_analysis", "需求分析", "Needs analysis", 25, &[]),
            stage("demo_proposal", "演示与方案", "Demo and proposal", 50, &[]),
            stage(
                "negotiation",
                "谈判与签约",
                "Negotiation and signing",
                80,
                &[],
            ),
            stage("after_sales", "售后跟进", "After-sales follow-up", 100, &[]),
        ],
    }
}
