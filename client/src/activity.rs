//! My week against the activity standards, computed on the device with the same rules as
//! the server's activity report: visits logged in the week, new prospects (opportunities
//! created in the week), the weekly plan submitted, accounts my manager reviewed with me,
//! accounts with an open opportunity at each stage that has a standard, and — with the
//! shared funnel maths — contracts and new business in the month so far and receivables
//! collected in the year so far.

use std::collections::BTreeSet;

use rounds_shared::funnel::{funnel_figure, measured_over};
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
    /// For a percentage, the amount (fen) it is of; 0 when nothing is owed.
    pub basis: Option<i64>,
}

impl Measure {
    fn of(standard: &Standard, actual: i64, basis: Option<i64>) -> Self {
        Measure {
            standard: standard.clone(),
            actual,
            basis,
        }
    }
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
            let (_, window) = measured_over(s.metric, week, data.org.tz);
            let opportunities = mine.iter().flat_map(|a| &a.opportunities);
            if let Some(f) = funnel_figure(s.metric, &data.org.template, opportunities, window) {
                return Some(Measure::of(s, f.actual, f.basis));
            }
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
                StandardMetric::KeyAccountsReviewedPerWeek => mine
                    .iter()
                    .filter(|a| {
                        a.reviews
                            .iter()
                            .any(|r| Some(r.rep) == data.me && period.contains(r.audit.created_at))
                    })
                    .count() as i64,
                // Read from the funnel above.
                StandardMetric::ContractsPerMonth
                | StandardMetric::NewBusinessPerMonth
                | StandardMetric::ReceivablesCollectedPercent => return None,
            };
            Some(Measure::of(s, actual, None))
        })
        .collect()
}
