//! The buying centre in the read model (schema 12): each opportunity's stakeholders, MANCOHT
//! answers and procurement step as one JSON column, contacts' reports-to and organisation
//! change, and the contacts and visit summaries the deal warnings read.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rounds_shared::ids::{AccountId, ContactId};
use rounds_shared::model::{
    Attitude, Audit, BuyingRole, Contact, Opportunity, OrgChange, ProcurementStep, Qualification,
    Qualifier, Stakeholder, TrustLevel,
};
use rounds_shared::time::Timestamp;
use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};
use serde::{Deserialize, Serialize};

use super::StoreError;
use super::sqlite_projection::unjoin;
use super::sqlite_users::parse;
use super::types::BuyingFacts;

/// `p_opportunities.buying`.
#[derive(Debug, Default, Serialize, Deserialize)]
struct BuyingColumn {
    #[serde(default)]
    stakeholders: BTreeMap<ContactId, Stakeholder>,
    #[serde(default)]
    mancoht: BTreeMap<Qualifier, Qualification>,
    #[serde(default)]
    procurement: Option<ProcurementStep>,
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

/// The column's value for `o`.
pub(crate) fn opportunity_column(o: &Opportunity) -> Result<String, StoreError> {
    serde_json::to_string(&BuyingColumn {
        stakeholders: o.stakeholders.clone(),
        mancoht: o.mancoht.clone(),
        procurement: o.procurement,
    })
    .map_err(|e| corrupt("buying centre", e))
}

/// Sets `o`'s buying-centre fields from the stored column.
pub(crate) fn read_opportunity_column(text: &str, o: &mut Opportunity) -> Result<(), StoreError> {
    let c: BuyingColumn = serde_json::from_str(text).map_err(|e| corrupt("buying centre", e))?;
    o.stakeholders = c.stakeholders;
    o.mancoht = c.mancoht;
    o.procurement = c.procurement;
    Ok(())
}

/// `p_contacts.org_change`.
pub(crate) fn org_change_column(c: &Contact) -> Result<Option<String>, StoreError> {
    c.org_change
        .map(|o| serde_json::to_string(&o))
        .transpose()
        .map_err(|e| corrupt("organisation change", e))
}

/// The ids in a list the projection joined.
fn ids<T: std::str::FromStr + Ord>(text: &str) -> BTreeSet<T> {
    unjoin(text, |m| m.parse().ok())
}

/// The contacts of each of `accounts` and their visits summed up as of `now`.
pub(crate) fn buying_facts(
    c: &Connection,
    accounts: &[AccountId],
    now: Timestamp,
) -> Result<HashMap<AccountId, BuyingFacts>, StoreError> {
    let mut out: HashMap<AccountId, BuyingFacts> = HashMap::new();
    for chunk in accounts.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let args: Vec<Value> = chunk.iter().map(|a| Value::Text(a.to_string())).collect();
        let sql = format!(
            "SELECT account_id, id, name, department, title, phone, roles, attitude, trust,
                created_at, updated_at, reports_to, org_change
             FROM p_contacts WHERE account_id IN ({marks}) ORDER BY account_id, name"
        );
        let mut stmt = c.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(args.iter()))?;
        while let Some(r) = rows.next()? {
            let account: AccountId = parse(&r.get::<_, String>(0)?, "account id")?;
            let text = |i: usize| r.get::<_, Option<String>>(i);
            let org_change: Option<OrgChange> = text(12)?
                .map(|t| serde_json::from_str(&t).map_err(|e| corrupt("organisation change", e)))
                .transpose()?;
            let contact = Contact {
                id: parse(&r.get::<_, String>(1)?, "contact id")?,
                name: r.get(2)?,
                department: r.get(3)?,
                title: r.get(4)?,
                phone: r.get(5)?,
                roles: unjoin(&r.get::<_, String>(6)?, BuyingRole::from_key),
                attitude: text(7)?.as_deref().and_then(Attitude::from_key),
                trust: text(8)?.as_deref().and_then(TrustLevel::from_key),
                notes: String::new(),
                reports_to: text(11)?.map(|t| parse(&t, "contact id")).transpose()?,
                org_change,
                audit: Audit {
                    created_at: Timestamp(r.get(9)?),
                    created_by: rounds_shared::ids::UserId::NOBODY,
                    updated_at: Timestamp(r.get(10)?),
                    updated_by: rounds_shared::ids::UserId::NOBODY,
                },
            };
            out.entry(account).or_default().contacts.push(contact);
        }
        let sql = format!(
            "SELECT account_id, at, contacts, opportunity_id FROM p_visits
             WHERE account_id IN ({marks})"
        );
        let mut stmt = c.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(args.iter()))?;
        while let Some(r) = rows.next()? {
            let account: AccountId = parse(&r.get::<_, String>(0)?, "account id")?;
            let people: BTreeSet<ContactId> = ids(&r.get::<_, String>(2)?);
            let deal = r
                .get::<_, Option<String>>(3)?
                .map(|t| parse(&t, "opportunity id"))
                .transpose()?;
            out.entry(account)
                .or_default()
                .visits
                .add(Timestamp(r.get(1)?), &people, deal, now);
        }
    }
    Ok(out)
}
