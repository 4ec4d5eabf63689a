//! Builders for records, shared by the shared crate's integration tests.
#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeSet;

use rounds_shared::ids::{AccountId, OpportunityId, UserId, VisitId};
use rounds_shared::model::{Account, Audit, Contact, HospitalLevel, Opportunity, Visit};
use rounds_shared::money::Money;
use rounds_shared::stage::Position;
use rounds_shared::time::Timestamp;

pub const T0: Timestamp = Timestamp(1_790_000_000_000);

pub fn stage(key: &str) -> Position {
    key.parse().unwrap()
}

pub fn account(owner: UserId) -> Account {
    Account {
        id: AccountId::generate(),
        name: "复旦大学附属华山医院".into(),
        level: HospitalLevel::Grade3A,
        region: "上海 · 静安".into(),
        address: "乌鲁木齐中路12号".into(),
        location: None,
        departments: BTreeSet::from(["检验科".to_owned()]),
        annual_sample_volume: Some(1_200_000),
        payment_record: None,
        owner,
        class: None,
        attitude: None,
        relationship: None,
        relationship_stage: None,
        tier: None,
        zone: None,
        audit: Audit::new(T0, owner),
    }
}

pub fn contact(name: &str, by: UserId, at: Timestamp) -> Contact {
    Contact {
        department: "检验科".into(),
        title: "主任".into(),
        phone: "13800000000".into(),
        ..Contact::new(name, by, at)
    }
}

pub fn visit(purpose: &str, by: UserId, at: Timestamp) -> Visit {
    Visit {
        id: VisitId::generate(),
        at,
        contacts: BTreeSet::new(),
        purpose: purpose.into(),
        content: format!("{purpose}:与主任沟通了设备使用情况。"),
        problems: String::new(),
        next_step: "下周安排演示".into(),
        opportunity: None,
        check_in: None,
        audit: Audit::new(at, by),
    }
}

pub fn opportunity(amount_yuan: i64, at_stage: &str, by: UserId, at: Timestamp) -> Opportunity {
    Opportunity::new(
        OpportunityId::generate(),
        "全自动生化分析仪",
        "生化",
        Money::from_yuan(amount_yuan),
        stage(at_stage),
        at,
        by,
    )
}
