//! My week against the activity standards, computed on the device with the server's rules
//! ([`rounds_shared::activity`]): the rep and their manager see the same numbers.

use rounds_shared::activity::{Measure, RepWeek, measure_week};
use rounds_shared::time::PeriodKey;

use crate::repo::Data;

/// The standards for `week`, measured over the documents on the device.
pub fn weekly(data: &Data, week: PeriodKey) -> Vec<Measure> {
    let Some(me) = data.me else {
        return Vec::new();
    };
    let accounts = data.accounts.values().map(|a| (&a.account, &a.records));
    let mut records = RepWeek::from_documents(me, accounts, &data.weekly_plans);
    records.daily = rounds_shared::activity::DailyFact::of(&data.daily_lists, &data.daily_reviews);
    measure_week(&data.org, week, crate::repo::now(), &records)
}
