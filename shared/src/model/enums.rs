//! The closed sets of the domain (DOMAIN.md). Stored as their keys; labelled in both locales.

use crate::labels::closed_enum;

closed_enum! {
    /// Chinese hospital grade (医院等级).
    pub enum HospitalLevel {
        Grade3Special = "3s", "三级特等", "Grade 3 special";
        Grade3A = "3a", "三甲", "Grade 3A";
        Grade3B = "3b", "三乙", "Grade 3B";
        Grade3C = "3c", "三丙", "Grade 3C";
        Grade2A = "2a", "二甲", "Grade 2A";
        Grade2B = "2b", "二乙", "Grade 2B";
        Grade2C = "2c", "二丙", "Grade 2C";
        Grade1 = "1", "一级", "Grade 1";
        Ungraded = "ungraded", "未定级", "Ungraded";
    }
}

closed_enum! {
    /// How reliably the hospital pays (回款记录).
    pub enum PaymentRecord {
        Good = "good", "回款良好", "Pays well";
        Fair = "fair", "回款一般", "Pays slowly";
        Poor = "poor", "回款差", "Pays poorly";
    }
}

closed_enum! {
    /// The hospital's attitude toward us, for the value × attitude grid.
    pub enum AccountAttitude {
        Friendly = "friendly", "友好", "Friendly";
        Neutral = "neutral", "中立", "Neutral";
        Unfriendly = "unfriendly", "不友好", "Unfriendly";
    }
}

closed_enum! {
    /// A contact's role in the purchase. A contact may hold several.
    pub enum BuyingRole {
        DecisionMaker = "decision_maker", "决策者", "Decision maker";
        TechnicalBuyer = "technical_buyer", "技术买家", "Technical buyer";
        User = "user", "使用者", "User";
        FinancialBuyer = "financial_buyer", "财务买家", "Financial buyer";
        Initiator = "initiator", "发起者", "Initiator";
        Coach = "coach", "教练", "Coach";
        Influencer = "influencer", "影响者", "Influencer";
        Blocker = "blocker", "条件限制者", "Restrictor";
    }
}

closed_enum! {
    /// A contact's attitude toward us.
    pub enum Attitude {
        Supporter = "supporter", "支持", "Supporter";
        Neutral = "neutral", "中立", "Neutral";
        Opponent = "opponent", "反对", "Opponent";
    }
}

closed_enum! {
    /// How far the relationship has come, in order.
    pub enum TrustLevel {
        Acquainted = "acquainted", "认识", "Acquainted";
        Met = "met", "约会", "Met";
        Trusts = "trusts", "信赖", "Trusts us";
        Ally = "ally", "同盟", "Ally";
    }
}

closed_enum! {
    /// How far the relationship with a hospital has come (客户关系的发展阶段), distinct from
    /// a contact's trust.
    pub enum RelationshipStage {
        Nascent = "nascent", "孕育", "Nascent";
        Early = "early", "初期", "Early";
        Middle = "middle", "中期", "Middle";
        Strategic = "strategic", "战略", "Strategic";
        Interrupted = "interrupted", "间断", "Interrupted";
    }
}

closed_enum! {
    /// A key account's tier (重点客户的标定): how much the hospital matters to us.
    pub enum KeyAccountTier {
        First = "first", "一级", "Tier 1";
        Second = "second", "二级", "Tier 2";
        Third = "third", "三级", "Tier 3";
    }
}

closed_enum! {
    /// ABC class by revenue: top 1% key, next 4% major, next 15% normal, the rest small.
    pub enum AccountClass {
        Key = "key", "大客户", "Key";
        Major = "major", "主要客户", "Major";
        Normal = "normal", "普通客户", "Normal";
        Small = "small", "小客户", "Small";
    }
}

closed_enum! {
    /// The kind of co-visit (协同拜访).
    pub enum CoVisitKind {
        Joint = "joint", "共同拜访", "Joint call";
        Demonstration = "demonstration", "示范拜访", "Demonstration call";
        Coaching = "coaching", "指导式拜访", "Coaching call";
    }
}

closed_enum! {
    /// A department that receives hand-off notices (业务通知单).
    pub enum Department {
        ProductManagement = "product", "产品经理", "Product management";
        InsideSales = "inside_sales", "内勤", "Inside sales";
        Warehouse = "warehouse", "库房", "Warehouse";
        Finance = "finance", "财务", "Finance";
        Service = "service", "工程师", "Service engineering";
    }
}

closed_enum! {
    /// What a user may do in Rounds.
    pub enum UserRole {
        Rep = "rep", "销售代表", "Sales rep";
        Manager = "manager", "销售经理", "Sales manager";
        Admin = "admin", "管理员", "Administrator";
        ProductManager = "product_manager", "产品经理", "Product manager";
        InsideSales = "inside_sales", "内勤", "Inside sales";
        Warehouse = "warehouse", "库房", "Warehouse";
        Finance = "finance", "财务", "Finance";
        ServiceEngineer = "service_engineer", "工程师", "Service engineer";
    }
}

closed_enum! {
    /// The answer on a hand-off notice's receipt (回执).
    pub enum ReceiptOutcome {
        Done = "done", "已完成", "Done";
        CannotDo = "cannot_do", "无法完成", "Cannot be done";
    }
}

closed_enum! {
    /// The common hand-offs (业务通知单 templates): each goes to one department and pre-fills
    /// the notice ([`crate::notice::template`]).
    pub enum NoticeKind {
        Ship = "ship", "发货", "Ship goods";
        ChasePayment = "payment", "催款", "Chase payment";
        Install = "install", "安装调试", "Install and commission";
        Repair = "repair", "维修", "Repair";
        Proposal = "proposal", "方案合同", "Proposal or contract";
        ProductSupport = "product", "产品支持", "Product support";
        Other = "other", "其他", "Other";
    }
}

closed_enum! {
    /// Where a hand-off notice stands ([`crate::notice::NoticeState`]).
    pub enum NoticeStatus {
        New = "new", "新通知", "New";
        InProgress = "in_progress", "处理中", "In progress";
        Blocked = "blocked", "无法完成", "Cannot be done";
        Done = "done", "已完成", "Done";
    }
}

closed_enum! {
    /// A step in a notice's handling by its department.
    pub enum NoticeEventKind {
        Received = "received", "已接收", "Received";
        Reassigned = "reassigned", "已转交", "Passed on";
    }
}

closed_enum! {
    /// A route-plan zone of a territory.
    pub enum Zone {
        A = "a", "A区", "Zone A";
        B = "b", "B区", "Zone B";
        C = "c", "C区", "Zone C";
        D = "d", "D区", "Zone D";
    }
}

closed_enum! {
    /// Value of an account for the value × attitude grid.
    pub enum AccountValue {
        High = "high", "高价值", "High value";
        Mid = "mid", "中价值", "Medium value";
        Low = "low", "低价值", "Low value";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::{Labelled, Locale};

    #[test]
    fn keys_round_trip_and_are_unique() {
        let keys: Vec<&str> = BuyingRole::ALL.iter().map(|r| r.key()).collect();
        for r in BuyingRole::ALL {
            assert_eq!(BuyingRole::from_key(r.key()), Some(*r));
            assert_eq!(keys.iter().filter(|k| **k == r.key()).count(), 1);
        }
        assert_eq!(HospitalLevel::from_key("nope"), None);
    }

    #[test]
    fn serde_uses_keys_and_names_the_choices_on_error() {
        assert_eq!(
            serde_json::to_string(&TrustLevel::Ally).unwrap(),
            "\"ally\""
        );
        let err = serde_json::from_str::<TrustLevel>("\"friend\"")
            .unwrap_err()
            .to_string();
        assert!(err.contains("acquainted, met, trusts, ally"), "{err}");
        assert_eq!(HospitalLevel::Grade3A.label(Locale::ZhCn), "三甲");
    }
}
