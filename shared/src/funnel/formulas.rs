//! The three funnel formulas (销售漏斗管理的三个公式) for one period.

use serde::{Deserialize, Serialize};

use super::history::{Course, Place};
use crate::model::Opportunity;
use crate::money::Money;
use crate::stage::StageTemplate;
use crate::time::Period;

/// `part / whole` of two amounts. With nothing to divide by the ratio is undefined
/// (`None`), never a division by zero: a period with no target or an empty funnel shows "—".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fraction {
    /// The numerator.
    pub part: Money,
    /// The denominator.
    pub whole: Money,
}

impl Fraction {
    /// The ratio, or `None` when `whole` is zero or negative.
    pub fn value(&self) -> Option<f64> {
        (self.whole.fen() > 0).then(|| self.part.fen() as f64 / self.whole.fen() as f64)
    }
    /// The ratio in percent rounded to one decimal, e.g. `85.3`.
    pub fn percent(&self) -> Option<f64> {
        self.value().map(|v| (v * 1000.0).round() / 10.0)
    }
}

/// The three formulas for one period, with the figures behind them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Formulas {
    /// The period.
    pub period: Period,
    /// Revenue won in the period: amounts of opportunities that reached a won stage in it.
    pub won: Money,
    /// Σ amount × win rate of the opportunities open at the end of the period.
    pub weighted_open: Money,
    /// Forecast completion (销售预计): (won + weighted open) / target.
    pub forecast: Fraction,
    /// Progress (销售进展): amount that moved forward a stage / amount in the funnel.
    pub progress: Fraction,
    /// Churn (流失率): amount that left the funnel (lost or dropped) / amount in the funnel.
    pub churn: Fraction,
    /// How many opportunities were in the funnel during the period.
    pub in_funnel: usize,
    /// How many of them moved forward.
    pub progressed: usize,
    /// How many of them left.
    pub churned: usize,
}

impl Formulas {
    /// Computes the three formulas for `period` against `target` (zero when none is set).
    ///
    /// Definitions, from DOMAIN.md, made exact:
    /// - *In the funnel during the period*: at an open (not won) stage at some moment of the
    ///   period. Its amount is the denominator of progress and churn.
    /// - *Moved forward*: in the funnel, and at the end of the period at a later stage
    ///   (open or won) than the first stage it held in the period. Net movement counts, so
    ///   an opportunity that moved back and forward again to where it was has not progressed.
    /// - *Left*: in the funnel, and lost or dropped at the end of the period.
    /// - *Won*: at a won stage at the end of the period and not at the start.
    pub fn compute<'a>(
        template: &StageTemplate,
        opportunities: impl IntoIterator<Item = &'a Opportunity>,
        period: Period,
        target: Money,
    ) -> Formulas {
        let mut won = Money::ZERO;
        let mut weighted_open = Money::ZERO;
        let mut funnel = Money::ZERO;
        let mut forward = Money::ZERO;
        let mut left = Money::ZERO;
        let (mut in_funnel, mut progressed, mut churned) = (0, 0, 0);
        for opp in opportunities {
            let course = Course::of(template, opp, &period);
            if course.won_in_period() {
                won += opp.amount;
            }
            if let Some(Place::Open(i)) = course.end {
                weighted_open += opp.amount.weighted(template.stages[i].win_rate);
            }
            if !course.was_open() {
                continue;
            }
            in_funnel += 1;
            funnel += opp.amount;
            let first = course.first_stage();
            match course.end {
                Some(Place::Left) => {
                    churned += 1;
                    left += opp.amount;
                }
                Some(end) if end.index().zip(first).is_some_and(|(e, f)| e > f) => {
                    progressed += 1;
                    forward += opp.amount;
                }
                _ => {}
            }
        }
        Formulas {
            period,
            won,
            weighted_open,
            forecast: Fraction {
                part: won + weighted_open,
                whole: target,
            },
            progress: Fraction {
                part: forward,
                whole: funnel,
            },
            churn: Fraction {
                part: left,
                whole: funnel,
            },
            in_funnel,
            progressed,
            churned,
        }
    }
}

/// Whether `opp` reached a won stage during `period` and stayed there to its end: the
/// opportunities whose amounts count as revenue of the period (and for ABC classes).
pub fn won_in(template: &StageTemplate, opp: &Opportunity, period: Period) -> bool {
    Course::of(template, opp, &period).won_in_period()
}
