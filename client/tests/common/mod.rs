//! What the browser tests share.

use rounds_shared::ids::{AccountId, UserId};
use rounds_shared::model::{Account, HospitalLevel};
use rounds_shared::time::Timestamp;

/// A new hospital owned by `rep`.
pub(crate) fn account(rep: UserId) -> Account {
    Account::new(
        AccountId::generate(),
        "杭州市第一人民医院",
        HospitalLevel::Grade3A,
        "杭州",
        rep,
        Timestamp(1),
    )
}
