//! `GET /funnel`, `/funnel/opportunities`, `/funnel/stalled` and `/funnel/trend`.

use serde::{Deserialize, Serialize};

use crate::funnel::{Conversion, Fraction, ShapeCheck, StageDuration};
use crate::ids::{AccountId, OpportunityId, UserId};
use crate::labels::Locale;
use crate::money::{Money, WinRate};
use crate::stage::{Position, StageKey};
use crate::time::{Period, PeriodKey, Timestamp};

/// One stage row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageReport {
    /// The stage.
    pub stage: StageKey,
    /// Its name in Chinese.
    pub name_zh: String,
    /// Its name in English.
    pub name_en: String,
    /// Its win rate.
    pub win_rate: WinRate,
    /// Opportunities at it.
    pub count: usize,
    /// Their amount.
    pub amount: Money,
    /// Their amount times the win rate.
    pub weighted: Money,
    /// Whether reaching it counts as won.
    pub won: bool,
}

impl StageReport {
    /// The stage's name in `locale`.
    pub fn name(&self, locale: Locale) -> &str {
        match locale {
            Locale::ZhCn => &self.name_zh,
            Locale::En => &self.name_en,
        }
    }
}

/// A ratio with its parts.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ratio {
    /// The part.
    pub part: Money,
    /// The whole.
    pub whole: Money,
    /// `part / whole`, or null when there is nothing to divide by.
    pub ratio: Option<f64>,
    /// In percent, one decimal.
    pub percent: Option<f64>,
}

impl From<Fraction> for Ratio {
    fn from(f: Fraction) -> Self {
        Ratio {
            part: f.part,
            whole: f.whole,
            ratio: f.value(),
            percent: f.percent(),
        }
    }
}

/// The funnel of a scope and period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunnelReport {
    /// The period.
    pub period: Period,
    /// Its name, when it is a named one (`2026-Q4`).
    pub period_key: Option<PeriodKey>,
    /// The instant the funnel stands at.
    pub as_of: Timestamp,
    /// Opportunities in scope.
    pub opportunities: usize,
    /// One row per stage, earliest first.
    pub stages: Vec<StageReport>,
    /// The weighted amount of every open stage.
    pub weighted_pipeline: Money,
    /// Opportunities lost.
    pub lost: usize,
    /// Opportunities dropped.
    pub dropped: usize,
    /// Opportunities at a stage the template does not have.
    pub unplaced: usize,
    /// Whether the counts narrow stage by stage, and where not.
    pub shape: ShapeCheck,
    /// The same, as a flag.
    pub funnel_shaped: bool,
    /// The period's target.
    pub target: Option<Money>,
    /// Won in the period.
    pub won: Money,
    /// Weighted amount still open.
    pub weighted_open: Money,
    /// Forecast completion: (won + weighted open) / target.
    pub forecast: Ratio,
    /// Progress: amount moved forward / amount in the funnel.
    pub progress: Ratio,
    /// Churn: amount lost or dropped / amount in the funnel.
    pub churn: Ratio,
    /// Opportunities in the funnel during the period.
    pub in_funnel: usize,
    /// Of those, moved forward.
    pub progressed: usize,
    /// Of those, lost or dropped.
    pub churned: usize,
    /// Stage-to-stage conversion.
    pub conversion: Vec<Conversion>,
    /// Days spent in each stage.
    pub days_in_stage: Vec<StageDuration>,
}

/// An opportunity in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OppItem {
    /// The opportunity.
    pub id: OpportunityId,
    /// Its title.
    pub title: String,
    /// Its product line.
    pub product_line: String,
    /// Its amount.
    pub amount: Money,
    /// Where it stands.
    pub stage: Position,
    /// Its hospital.
    pub account_id: AccountId,
    /// The hospital's name.
    pub account_name: String,
    /// The rep who owns the hospital.
    pub owner: UserId,
    /// When it reached its stage.
    #[serde(default)]
    pub since: Option<Timestamp>,
}

/// A page of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// How many there are in all.
    pub total: usize,
    /// The page size asked for.
    pub limit: usize,
    /// Where the page starts.
    pub offset: usize,
    /// The page.
    pub items: Vec<T>,
}

/// A stalled opportunity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StalledItem {
    /// The opportunity.
    #[serde(flatten)]
    pub opportunity: OppItem,
    /// Its last stage move or visit.
    pub last_activity: Timestamp,
    /// Whole days since.
    pub idle_days: i64,
}

/// One week of the trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrendPoint {
    /// The ISO week, e.g. `2026-W48`.
    pub week: PeriodKey,
    /// The end of the week (or now, for the current week).
    pub as_of: Timestamp,
    /// Weighted pipeline at `as_of`.
    pub weighted_pipeline: Money,
    /// The quarter containing the week, e.g. `2026-Q4`.
    pub quarter: PeriodKey,
    /// That quarter's target.
    pub target: Option<Money>,
    /// Won in the quarter up to `as_of`.
    pub won: Money,
    /// Forecast completion for the quarter at `as_of`.
    pub forecast: Ratio,
    /// Progress over the quarter up to `as_of`.
    pub progress: Ratio,
    /// Churn over the quarter up to `as_of`.
    pub churn: Ratio,
}
