//! `GET /api/v1/funnel/trend`: week by week over the last two quarters, the weighted
//! pipeline at each week's end and the three formulas for the quarter so far against that
//! quarter's target, so a manager sees where the forecast has been heading.

use axum::Json;
use axum::extract::{Query, State};
use rounds_shared::api::TrendPoint;
use rounds_shared::funnel::{Formulas, Snapshot};
use rounds_shared::money::Money;
use rounds_shared::time::{Period, PeriodKey, Timestamp};

use super::filters::Filters;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::state::AppState;

/// Weeks in the trend: two quarters.
const WEEKS: i64 = 26;

#[utoipa::path(get, path = "/api/v1/funnel/trend", tag = "funnel", params(Filters), description = "The weighted pipeline and the three formulas (quarter to date, against the quarter's target) at the end of each of the last 26 weeks, oldest first; `as_of` moves the last week. Amounts in fen.", responses((status = 200, body = Vec<TrendPoint>), crate::error::ErrorResponses))]
pub(crate) async fn trend(
    State(state): State<AppState>,
    auth: AuthUser,
    Query(filters): Query<Filters>,
) -> Result<Json<Vec<TrendPoint>>, AppError> {
    let scope = filters.scope(&state, &auth.user).await?;
    let rows = state.read_cache().opportunities(&scope.query).await?;
    let opps: Vec<_> = rows.iter().map(|r| &*r.opportunity).collect();
    let template = &scope.org.template;
    let tz = scope.org.tz;
    let last = scope.as_of.date(tz);
    let mut out = Vec::new();
    for back in (0..WEEKS).rev() {
        let week = PeriodKey::week_of(last - chrono::Duration::weeks(back));
        let end = Timestamp(week.period(tz).end.0 - 1).min(scope.as_of);
        let quarter = PeriodKey::quarter_of(end.date(tz));
        let so_far = Period {
            start: quarter.period(tz).start,
            end: Timestamp(end.0 + 1),
        };
        let target = scope.target_in(quarter);
        let f = Formulas::compute(
            template,
            opps.iter().copied(),
            so_far,
            target.unwrap_or(Money::ZERO),
        );
        out.push(TrendPoint {
            week,
            as_of: end,
            weighted_pipeline: Snapshot::at(template, opps.iter().copied(), end).weighted_pipeline,
            quarter,
            target,
            won: f.won,
            forecast: f.forecast.into(),
            progress: f.progress.into(),
            churn: f.churn.into(),
        });
    }
    Ok(Json(out))
}
