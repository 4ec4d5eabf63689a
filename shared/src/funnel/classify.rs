//! Account classification: ABC classes by revenue, and the value × attitude grid.

use std::collections::BTreeMap;

use crate::ids::AccountId;
use crate::labels::closed_enum;
use crate::model::{AccountAttitude, AccountClass, AccountValue};
use crate::money::Money;

/// ABC classes by revenue over a period: ranked by revenue, the top 1% of accounts are key
/// (大客户), the next 4% major, the next 15% normal and the remaining 80% small. Shares are
/// rounded up, so any non-empty list has a key account; an account with no revenue is
/// always small. Ties rank by id, so the result is the same everywhere.
///
/// ```
/// use rounds_shared::funnel::abc_classes;
/// use rounds_shared::ids::AccountId;
/// use rounds_shared::model::AccountClass;
/// use rounds_shared::money::Money;
///
/// let accounts: Vec<(AccountId, Money)> =
///     (1..=100).map(|i| (AccountId::generate(), Money::from_yuan(i * 1_000))).collect();
/// let classes = abc_classes(&accounts);
/// let count = |c| classes.values().filter(|v| **v == c).count();
/// assert_eq!((count(AccountClass::Key), count(AccountClass::Major)), (1, 4));
/// assert_eq!((count(AccountClass::Normal), count(AccountClass::Small)), (15, 80));
/// assert_eq!(classes[&accounts[99].0], AccountClass::Key);
/// ```
pub fn abc_classes(revenue: &[(AccountId, Money)]) -> BTreeMap<AccountId, AccountClass> {
    let mut ranked: Vec<&(AccountId, Money)> = revenue.iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let n = ranked.len();
    let share = |percent: usize| (n * percent).div_ceil(100);
    let (key, major, normal) = (share(1), share(5), share(20));
    ranked
        .into_iter()
        .enumerate()
        .map(|(rank, (id, amount))| {
            let class = if amount.fen() <= 0 {
                AccountClass::Small
            } else if rank < key {
                AccountClass::Key
            } else if rank < major {
                AccountClass::Major
            } else if rank < normal {
                AccountClass::Normal
            } else {
                AccountClass::Small
            };
            (*id, class)
        })
        .collect()
}

impl From<AccountClass> for AccountValue {
    /// Key and major accounts are high value, normal ones medium, small ones low.
    fn from(class: AccountClass) -> Self {
        match class {
            AccountClass::Key | AccountClass::Major => AccountValue::High,
            AccountClass::Normal => AccountValue::Mid,
            AccountClass::Small => AccountValue::Low,
        }
    }
}

closed_enum! {
    /// The suggested action for a cell of the value × attitude grid, as the training
    /// material's 客户对策 gives them (DOMAIN.md, "Value × attitude actions").
    pub enum GridAction {
        Deepen = "deepen", "保持联系,维护现有客户", "Keep in touch: existing customers";
        Grow = "grow", "最重要的增长目标", "The most important targets for growing sales";
        Convert = "convert", "改变销售策略", "Change the sales strategy";
        TelephoneSales = "telephone_sales", "转电话销售,少花时间", "Hand over to telephone sales; spend little time";
        LowPriority = "low_priority", "少花时间", "Spend little time";
        Avoid = "avoid", "不要浪费时间", "Do not waste time";
    }
}

/// The suggested action for an account of `value` whose attitude toward us is `attitude`.
///
/// ```
/// use rounds_shared::funnel::{GridAction, grid_action};
/// use rounds_shared::model::{AccountAttitude, AccountValue};
/// assert_eq!(grid_action(AccountValue::High, AccountAttitude::Neutral), GridAction::Grow);
/// assert_eq!(grid_action(AccountValue::Low, AccountAttitude::Unfriendly), GridAction::Avoid);
/// ```
pub fn grid_action(value: AccountValue, attitude: AccountAttitude) -> GridAction {
    use AccountAttitude as A;
    use AccountValue as V;
    // The source numbers the cells by attitude, then value: 1–2, 4–5 and 7–8 share an
    // action, high and mid value alike.
    match (value, attitude) {
        (V::High | V::Mid, A::Friendly) => GridAction::Deepen,
        (V::Low, A::Friendly) => GridAction::TelephoneSales,
        (V::High | V::Mid, A::Neutral) => GridAction::Grow,
        (V::Low, A::Neutral) => GridAction::LowPriority,
        (V::High | V::Mid, A::Unfriendly) => GridAction::Convert,
        (V::Low, A::Unfriendly) => GridAction::Avoid,
    }
}
