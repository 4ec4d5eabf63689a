use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{AccountAttitude, AccountClass, Attitude, Audit, BuyingRole, GeoPoint, HospitalLevel};
use super::{KeyAccountTier, OrgChange, PaymentRecord, RelationshipStage, TrustLevel, Zone};
use crate::ids::{AccountId, ContactId, UserId};
use crate::time::Timestamp;

/// A hospital account (客户 / 医院): the profile at the top of its document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// Also the id of the account's document.
    pub id: AccountId,
    /// Hospital name, e.g. 上海市第六人民医院.
    pub name: String,
    /// Hospital grade, e.g. 三甲.
    pub level: HospitalLevel,
    /// Region or territory.
    pub region: String,
    /// The route-plan zone within the territory, when set.
    #[serde(default)]
    pub zone: Option<Zone>,
    /// Street address.
    pub address: String,
    /// Where the hospital is, when known.
    pub location: Option<GeoPoint>,
    /// Departments (科室) relevant to us.
    pub departments: BTreeSet<String>,
    /// Annual sample volume (标本量), when known.
    pub annual_sample_volume: Option<u64>,
    /// How reliably it pays.
    pub payment_record: Option<PaymentRecord>,
    /// The rep who owns the account.
    pub owner: UserId,
    /// ABC class, as last classified.
    pub class: Option<AccountClass>,
    /// The hospital's attitude toward us.
    pub attitude: Option<AccountAttitude>,
    /// Relationship stage with the hospital, as the first apps recorded it (in trust
    /// levels); kept for them. New apps read and write `relationship_stage`.
    pub relationship: Option<TrustLevel>,
    /// The relationship stage with the hospital (孕育 … 战略, 间断).
    #[serde(default)]
    pub relationship_stage: Option<RelationshipStage>,
    /// The key-account tier (一级/二级/三级), for key accounts.
    #[serde(default)]
    pub tier: Option<KeyAccountTier>,
    /// Created and updated.
    pub audit: Audit,
}

impl Account {
    /// The departments a typed or pasted list names: separated by `;`, `；`, `、`, `,` or
    /// `，`, trimmed, blanks dropped.
    ///
    /// ```
    /// use rounds_shared::model::Account;
    /// let d = Account::departments_from("检验科、 病理科；;检验科");
    /// assert_eq!(d.into_iter().collect::<Vec<_>>(), ["检验科", "病理科"]);
    /// ```
    pub fn departments_from(text: &str) -> BTreeSet<String> {
        text.split([';', '；', '、', ',', '，'])
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// A new account with only what a rep knows at the door: name, grade and region;
    /// everything else starts unknown.
    ///
    /// ```
    /// use rounds_shared::ids::{AccountId, UserId};
    /// use rounds_shared::model::{Account, HospitalLevel};
    /// use rounds_shared::time::Timestamp;
    ///
    /// let rep = UserId::generate();
    /// let a = Account::new(AccountId::generate(), "市中心医院", HospitalLevel::Grade2A, "浦东", rep, Timestamp(1));
    /// assert_eq!((a.owner, a.audit.created_by), (rep, rep));
    /// assert!(a.departments.is_empty() && a.attitude.is_none());
    /// ```
    pub fn new(
        id: AccountId,
        name: impl Into<String>,
        level: HospitalLevel,
        region: impl Into<String>,
        owner: UserId,
        at: Timestamp,
    ) -> Self {
        Account {
            id,
            name: name.into(),
            level,
            region: region.into(),
            zone: None,
            address: String::new(),
            location: None,
            departments: BTreeSet::new(),
            annual_sample_volume: None,
            payment_record: None,
            owner,
            class: None,
            attitude: None,
            relationship: None,
            relationship_stage: None,
            tier: None,
            audit: Audit::new(at, owner),
        }
    }
}

/// A person at the hospital (联系人) and their part in buying.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Id within the account.
    pub id: ContactId,
    /// Full name.
    pub name: String,
    /// Department (科室).
    pub department: String,
    /// Job title, e.g. 科主任.
    pub title: String,
    /// Phone number.
    pub phone: String,
    /// Buying roles held; several are common (a coach who is also a user).
    pub roles: BTreeSet<BuyingRole>,
    /// Attitude toward us.
    pub attitude: Option<Attitude>,
    /// How far trust has come.
    pub trust: Option<TrustLevel>,
    /// Free notes.
    pub notes: String,
    /// Whom they report to (汇报对象), for the organisation chart.
    #[serde(default)]
    pub reports_to: Option<ContactId>,
    /// They left or changed role, when the rep recorded it.
    #[serde(default)]
    pub org_change: Option<OrgChange>,
    /// Created and updated.
    pub audit: Audit,
}
