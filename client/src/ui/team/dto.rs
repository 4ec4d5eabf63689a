//! What the dashboard reads from the API (the fields it uses; the rest is ignored).

use rounds_shared::funnel::ShapeCheck;
use rounds_shared::money::Money;
use serde::{Deserialize, Serialize};

/// A ratio with its parts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub(crate) struct Ratio {
    pub part: Money,
    pub whole: Money,
    pub percent: Option<f64>,
}

/// One stage of a funnel report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct StageReport {
    pub stage: String,
    pub name_zh: String,
    pub name_en: String,
    pub count: usize,
    pub amount: Money,
    pub weighted: Money,
}

/// `GET /funnel`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct FunnelReport {
    pub opportunities: usize,
    pub stages: Vec<StageReport>,
    pub weighted_pipeline: Money,
    pub lost: usize,
    pub dropped: usize,
    pub shape: ShapeCheck,
    pub target: Option<Money>,
    pub won: Money,
    pub weighted_open: Money,
    pub forecast: Ratio,
    pub progress: Ratio,
    pub churn: Ratio,
    pub in_funnel: usize,
    pub progressed: usize,
    pub churned: usize,
}

/// A page of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Page<T> {
    pub total: usize,
    pub items: Vec<T>,
}

/// An opportunity in the drill-down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct OppItem {
    pub id: String,
    pub title: String,
    pub product_line: String,
    pub amount: Money,
    pub stage: String,
    pub account_id: String,
    pub account_name: String,
    pub owner: String,
}

/// A week of `GET /funnel/trend`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct TrendPoint {
    pub week: String,
    pub weighted_pipeline: Money,
    pub forecast: Ratio,
    pub progress: Ratio,
    pub churn: Ratio,
}

/// A team member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Person {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: String,
}

/// `GET /teams`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct TeamInfo {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub managers: Vec<String>,
    #[serde(default)]
    pub people: Vec<Person>,
}

/// One standard for one rep (`GET /activity`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Cell {
    pub metric: rounds_shared::model::StandardMetric,
    pub stage: Option<rounds_shared::stage::StageKey>,
    pub minimum: i64,
    pub actual: i64,
    pub met: bool,
    /// The month or year measured, for standards not measured over the week.
    #[serde(default)]
    pub period: Option<String>,
    /// For a percentage, the amount (fen) it is of; 0 when nothing is owed.
    #[serde(default)]
    pub basis: Option<i64>,
}

/// One rep's week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct RepActivity {
    pub rep_id: String,
    pub username: String,
    pub display_name: String,
    pub cells: Vec<Cell>,
}

/// `GET /activity`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Activity {
    pub week: String,
    pub reps: Vec<RepActivity>,
}

impl StageReport {
    /// The stage's name in `locale`.
    pub fn name(&self, locale: rounds_shared::labels::Locale) -> String {
        match locale {
            rounds_shared::labels::Locale::ZhCn => self.name_zh.clone(),
            rounds_shared::labels::Locale::En => self.name_en.clone(),
        }
    }
}
