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
    /// The suggested action for a cell of the value × attitude grid.
    pub enum GridAction {
        Deepen = "deepen", "重点维护,深化合作", "Keep close and deepen the partnership";
        Grow = "grow", "重点发展目标", "Top target for growth";
        Convert = "convert", "寻找突破口,逐步转化", "Find a way in; win them over step by step";
        Expand = "expand", "扩大份额", "Grow our share";
        Develop = "develop", "选择性发展", "Develop selectively";
        Watch = "watch", "保持观察,少量投入", "Watch; invest little";
        Maintain = "maintain", "低成本维护", "Maintain at low cost";
        LowPriority = "low_priority", "低优先级", "Low priority";
        Avoid = "avoid", "不投入时间", "Do not spend time";
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
    match (value, attitude) {
        (V::High, A::Friendly) => GridAction::Deepen,
        (V::High, A::Neutral) => GridAction::Grow,
        (V::High, A::Unfriendly) => GridAction::Convert,
        (V::Mid, A::Friendly) => GridAction::Expand,
        (V::Mid, A::Neutral) => GridAction::Develop,
        (V::Mid, A::Unfriendly) => GridAction::Watch,
        (V::Low, A::Friendly) => GridAction::Maintain,
        (V::Low, A::Neutral) => GridAction::LowPriority,
        (V::Low, A::Unfriendly) => GridAction::Avoid,
    }
}
