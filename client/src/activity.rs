//! My week against the activity standards, computed on the device with the same rules as
//! the server's activity report: visits logged in the week, new prospects (opportunities
//! created in the week), the weekly plan submitted, and accounts with an open opportunity
//! at each stage that has a standard.

use std::collections::BTreeSet;

use rounds_shared::model::{Standard, StandardMetric};
use rounds_shared::stage::Position;
use rounds_shared::time::PeriodKey;

use crate::repo::Data;

/// One standard and where I stand against it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    /// The standard.
    pub standard: Standard,
    /// What I did.
    pub actual: i64,
}

impl Measure {
    /// At or above the standard's minimum.
    pub fn met(&self) -> bool {
        self.actual >= self.standard.minimum
    }
}

/// The weekly standards for `week`, measured over my accounts.
pub fn weekly(data: &Data, week: PeriodKey) -> Vec<Measure> {
    let period = week.period(data.org.tz);
    let mine = data.my_accounts();
    data.org
        .standards
        .iter()
        .filter_map(|s| {
            let actual = match s.metric {
                StandardMetric::VisitsPerWeek => mine
                    .iter()
                    .flat_map(|a| &a.visits)
                    .filter(|v| period.contains(v.at))
                    .count() as i64,
                StandardMetric::NewProspectsPerWeek => mine
                    .iter()
                    .flat_map(|a| &a.opportunities)
                    .filter(|o| period.contains(o.audit.created_at))
                    .count() as i64,
                StandardMetric::WeeklyPlanSubmitted => i64::from(
                    data.weekly_plan(week)
                        .is_some_and(|p| p.submitted_at.is_some()),
                ),
                StandardMetric::AccountsInStage => {
                    let stage = Position::Stage(s.stage.clone()?);
                    mine.iter()
                        .filter(|a| a.opportunities.iter().any(|o| o.position == stage))
                        .map(|a| a.account.id)
                        .collect::<BTreeSet<_>>()
                        .len() as i64
                }
                // Reviews with the manager, and the monthly and money standards, are not
                // measured on the device.
                _ => return None,
            };
            Some(Measure {
                standard: s.clone(),
                actual,
            })
        })
        .collect()
}
