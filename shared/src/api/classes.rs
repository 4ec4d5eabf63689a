//! `GET /accounts/classes`.

use serde::{Deserialize, Serialize};

use crate::funnel::GridAction;
use crate::ids::{AccountId, UserId};
use crate::model::{AccountAttitude, AccountClass, AccountValue};
use crate::money::Money;

/// One account's classification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Classified {
    /// The hospital.
    pub account_id: AccountId,
    /// Its name.
    pub name: String,
    /// Its rep.
    pub owner: UserId,
    /// Revenue won in the period.
    pub revenue: Money,
    /// ABC class by revenue.
    pub class: AccountClass,
    /// Its value (from the class).
    pub value: AccountValue,
    /// Its attitude to us, when known.
    pub attitude: Option<AccountAttitude>,
    /// The grid's suggested action, when the attitude is known.
    pub action: Option<GridAction>,
}
