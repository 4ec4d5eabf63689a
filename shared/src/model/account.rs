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

impl Contact {
    /// A new contact named `name`, recorded by `by` at `at`, with a fresh id and nothing
    /// else known yet.
    ///
    /// ```
    /// use rounds_shared::ids::UserId;
    /// use rounds_shared::model::Contact;
    /// use rounds_shared::time::Timestamp;
    /// let c = Contact::new("李主任", UserId::NOBODY, Timestamp(0));
    /// assert!(c.roles.is_empty() && c.reports_to.is_none());
    /// ```
    pub fn new(name: impl Into<String>, by: UserId, at: Timestamp) -> Self {
        Contact {
            id: ContactId::generate(),
            name: name.into(),
            department: String::new(),
            title: String::new(),
            phone: String::new(),
            roles: BTreeSet::new(),
            attitude: None,
            trust: None,
            notes: String::new(),
            reports_to: None,
            org_change: None,
            audit: Audit::new(at, by),
        }
    }

    /// The organisation chart (组织结构图) of a hospital's contacts: each contact with its
    /// depth under whom they report to, in tree order (a manager before their reports,
    /// siblings by name). A contact whose manager is unknown, or who is caught in a loop of
    /// reports-to (two phones edited concurrently), is drawn at the top.
    ///
    /// ```
    /// use rounds_shared::model::Contact;
    /// # use rounds_shared::{ids::UserId, time::Timestamp};
    /// # let c = |name: &str| Contact::new(name, UserId::NOBODY, Timestamp(0));
    /// let (dean, mut chief, mut tech) = (c("院长"), c("检验科主任"), c("技师长"));
    /// chief.reports_to = Some(dean.id);
    /// tech.reports_to = Some(chief.id);
    /// let contacts = [tech, dean, chief];
    /// let chart: Vec<(usize, &str)> = Contact::chart(&contacts).into_iter().map(|(d, c)| (d, c.name.as_str())).collect();
    /// assert_eq!(chart, [(0, "院长"), (1, "检验科主任"), (2, "技师长")]);
    /// ```
    pub fn chart(contacts: &[Contact]) -> Vec<(usize, &Contact)> {
        let known = |id: &ContactId| contacts.iter().any(|c| c.id == *id);
        // A contact is placed under its manager only when following reports-to from it
        // reaches a top without coming back to itself.
        let rooted = |c: &Contact| {
            let mut seen = vec![c.id];
            let mut at = c.reports_to;
            while let Some(up) = at {
                if seen.contains(&up) {
                    return false;
                }
                seen.push(up);
                at = contacts
                    .iter()
                    .find(|x| x.id == up)
                    .and_then(|x| x.reports_to);
            }
            true
        };
        let parent = |c: &Contact| c.reports_to.filter(|p| known(p) && rooted(c));
        let mut sorted: Vec<&Contact> = contacts.iter().collect();
        sorted.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        let mut out = Vec::with_capacity(contacts.len());
        let mut stack: Vec<(usize, &Contact)> = sorted
            .iter()
            .rev()
            .filter(|c| parent(c).is_none())
            .map(|c| (0, *c))
            .collect();
        while let Some((depth, c)) = stack.pop() {
            out.push((depth, c));
            stack.extend(
                sorted
                    .iter()
                    .rev()
                    .filter(|x| parent(x) == Some(c.id))
                    .map(|x| (depth + 1, *x)),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str) -> Contact {
        Contact::new(name, UserId::NOBODY, Timestamp(0))
    }

    #[test]
    fn a_loop_or_an_unknown_manager_puts_people_at_the_top_and_nobody_is_lost() {
        let (mut a, mut b, mut c, d) = (person("甲"), person("乙"), person("丙"), person("丁"));
        a.reports_to = Some(b.id);
        b.reports_to = Some(a.id);
        c.reports_to = Some(ContactId::generate());
        let mut e = person("戊");
        e.reports_to = Some(d.id);
        let all = [a, b, c, d, e];
        let chart: Vec<(usize, &str)> = Contact::chart(&all)
            .into_iter()
            .map(|(depth, c)| (depth, c.name.as_str()))
            .collect();
        assert_eq!(chart.len(), 5);
        assert!(chart.contains(&(0, "甲")) && chart.contains(&(0, "乙")));
        assert!(chart.contains(&(0, "丙")));
        let at = chart.iter().position(|x| *x == (0, "丁")).unwrap();
        assert_eq!(chart[at + 1], (1, "戊"));
    }
}
