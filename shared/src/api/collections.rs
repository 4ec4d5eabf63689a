//! `GET /collections`: the collection list (下月催款明细), signed deals awaiting payment,
//! grouped by rep and hospital with amounts, for finance to chase.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{AccountId, OpportunityId, UserId};
use crate::money::Money;
use crate::time::Timestamp;

/// One signed deal awaiting payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Receivable {
    /// The opportunity.
    pub opportunity: OpportunityId,
    /// Its title.
    pub title: String,
    /// Its product line.
    pub product_line: String,
    /// What is owed.
    pub amount: Money,
    /// When it reached the signing stage.
    pub signed_at: Option<Timestamp>,
    /// When payment is expected, if the rep said.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub expected_close: Option<NaiveDate>,
}

/// A hospital's signed deals awaiting payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HospitalReceivables {
    /// The hospital.
    pub account_id: AccountId,
    /// Its name.
    pub name: String,
    /// What it owes in all.
    pub total: Money,
    /// The deals, longest signed first.
    pub deals: Vec<Receivable>,
}

/// A rep's hospitals with signed deals awaiting payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepReceivables {
    /// The rep who owns the hospitals.
    pub rep: UserId,
    /// Their name.
    pub rep_name: String,
    /// What their hospitals owe in all.
    pub total: Money,
    /// The hospitals, the largest amount first.
    pub hospitals: Vec<HospitalReceivables>,
}

/// The collection list: every signed deal awaiting payment in the caller's view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CollectionList {
    /// What is owed in all.
    pub total: Money,
    /// How many deals.
    pub deals: usize,
    /// Per rep, the largest amount first.
    pub reps: Vec<RepReceivables>,
}
