//! The standards read from the funnel (contracts and new business a month, receivables
//! collected), and the window each standard of a weekly report is measured over. The
//! server's activity report and the rep's own week on the phone both use these.

use super::deals::{receivables, signed_in};
use crate::model::{Opportunity, StandardMetric};
use crate::stage::StageTemplate;
use crate::time::{Period, PeriodKey, TzOffset};

/// A standard's figure: the number compared with the minimum and, for a percentage, the
/// amount it is a percentage of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    /// Count, fen or whole percent, as the standard's minimum.
    pub actual: i64,
    /// For a percentage, its base in fen (0: nothing to measure, reported as 100%).
    pub basis: Option<i64>,
}

/// The window `metric` is measured over in the report for `week`: the week itself for
/// weekly standards; the month so far at the week's end for monthly ones; the year so far
/// for receivables collected (payment follows the contract by months).
///
/// ```
/// use rounds_shared::funnel::measured_over;
/// use rounds_shared::model::StandardMetric;
/// use rounds_shared::time::{PeriodKey, TzOffset};
///
/// let week: PeriodKey = "2026-W49".parse().unwrap(); // 30 Nov – 6 Dec
/// let tz = TzOffset { minutes: 480 };
/// let (key, period) = measured_over(StandardMetric::ContractsPerMonth, week, tz);
/// assert_eq!(key.to_string(), "2026-12");
/// assert_eq!(period.end, week.period(tz).end); // December so far: 1 – 6 Dec
/// ```
pub fn measured_over(metric: StandardMetric, week: PeriodKey, tz: TzOffset) -> (PeriodKey, Period) {
    let week_period = week.period(tz);
    let last_day = week.dates().1;
    let key = match metric {
        StandardMetric::ContractsPerMonth | StandardMetric::NewBusinessPerMonth => {
            PeriodKey::month_of(last_day)
        }
        StandardMetric::ReceivablesCollectedPercent => PeriodKey::Year {
            year: chrono::Datelike::year(&last_day),
        },
        _ => return (week, week_period),
    };
    let whole = key.period(tz);
    let so_far = Period {
        start: whole.start,
        end: whole.end.min(week_period.end),
    };
    (key, so_far)
}

/// The figure for a standard read from the funnel, over `period`; `None` for the standards
/// that count visits, plans or accounts.
pub fn funnel_figure<'a>(
    metric: StandardMetric,
    template: &StageTemplate,
    opportunities: impl IntoIterator<Item = &'a Opportunity>,
    period: Period,
) -> Option<Figure> {
    let plain = |actual| Figure {
        actual,
        basis: None,
    };
    match metric {
        StandardMetric::ContractsPerMonth => {
            let count = signed_in(template, opportunities, period).count;
            Some(plain(i64::try_from(count).unwrap_or(i64::MAX)))
        }
        StandardMetric::NewBusinessPerMonth => Some(plain(
            signed_in(template, opportunities, period).amount.fen(),
        )),
        StandardMetric::ReceivablesCollectedPercent => {
            let r = receivables(template, opportunities, period);
            let whole = r.whole.fen();
            let actual = if whole > 0 {
                i64::try_from(i128::from(r.part.fen()) * 100 / i128::from(whole)).unwrap_or(0)
            } else {
                100
            };
            Some(Figure {
                actual,
                basis: Some(whole),
            })
        }
        _ => None,
    }
}
