//! `GET /api/v1/activity`: each rep's week against the organisation's standards (visits,
//! new opportunities, weekly plan submitted, key accounts reviewed with the manager,
//! accounts per stage; contracts and new business in the month so far; receivables
//! collected in the year so far).

use rounds_shared::api::{Activity, ActivityCell as Cell, RepActivity};
use std::collections::HashMap;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use rounds_shared::activity::{RepWeek, measure_week};
use rounds_shared::ids::{AccountId, UserId};
use rounds_shared::labels::{Labelled, Locale};
use rounds_shared::model::{Opportunity, UserRole};
use rounds_shared::time::PeriodKey;

use super::csv::{self, CsvRow};
use super::filters::Filters;
use super::query::Query;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::state::AppState;

/// A CSV line: one rep, one standard.
struct Line<'a>(&'a RepActivity, &'a Cell);

impl CsvRow for Line<'_> {
    fn header() -> Vec<&'static str> {
        vec![
            "rep", "username", "standard", "stage", "minimum", "actual", "met", "period",
        ]
    }
    fn cells(&self) -> Vec<String> {
        let Line(rep, cell) = self;
        vec![
            rep.display_name.clone(),
            rep.username.clone(),
            cell.metric.label(Locale::ZhCn).to_owned(),
            cell.stage
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            cell.minimum.to_string(),
            cell.actual.to_string(),
            if cell.met { "是" } else { "否" }.to_owned(),
            cell.period.map(|p| p.to_string()).unwrap_or_default(),
        ]
    }
}

#[utoipa::path(get, path = "/api/v1/activity", tag = "activity", params(Filters), description = "Each rep's week against the standards. With `format=csv`, the same rows as a UTF-8 CSV file (with BOM).", responses((status = 200, body = Activity), crate::error::ErrorResponses))]
pub(crate) async fn activity(
    State(state): State<AppState>,
    auth: AuthUser,
    Query(filters): Query<Filters>,
) -> Result<Response, AppError> {
    let csv = filters.csv()?;
    let filters = Filters {
        period: Some(filters.period.clone().unwrap_or_else(|| "week".into())),
        ..filters
    };
    let scope = filters.scope(&state, &auth.user).await?;
    let Some(week @ PeriodKey::Week { .. }) = scope.period_key else {
        return Err(AppError::BadRequest {
            code: "invalid_period",
            message: "activity is reported per week: use period=week or a week such as 2026-W48"
                .into(),
        });
    };
    let owners = scope.query.owners.clone();
    let reps: Vec<_> = state
        .store(move |s| {
            Ok(s.users()?
                .into_iter()
                .filter(|u| {
                    u.role == UserRole::Rep && owners.as_ref().is_none_or(|o| o.contains(&u.id))
                })
                .collect::<Vec<_>>())
        })
        .await?;
    let ids: Vec<UserId> = reps.iter().map(|r| r.id).collect();
    let (from, to) = (scope.period.start, scope.period.end);
    let mut facts = state
        .store(move |s| s.activity(&ids, from, to, week))
        .await?;
    let opps = state.read_cache().opportunities(&scope.query).await?;
    let mut owned: HashMap<UserId, Vec<(AccountId, &Opportunity)>> = HashMap::new();
    for row in &opps {
        owned
            .entry(row.owner)
            .or_default()
            .push((row.account, &row.opportunity));
    }
    let out: Vec<RepActivity> = reps
        .iter()
        .map(|rep| {
            let f = facts.remove(&rep.id).unwrap_or_default();
            let records = RepWeek {
                rep: rep.id,
                opportunities: owned.remove(&rep.id).unwrap_or_default(),
                visits: f.visits,
                reviews: f.reviews,
                plans: f.plans,
                daily: f.daily,
            };
            let cells = measure_week(&scope.org, week, scope.as_of, &records)
                .into_iter()
                .map(|m| Cell {
                    met: m.met(),
                    metric: m.standard.metric,
                    stage: m.standard.stage,
                    minimum: m.standard.minimum,
                    actual: m.actual,
                    period: (m.period != week).then_some(m.period),
                    basis: m.basis,
                })
                .collect();
            RepActivity {
                rep_id: rep.id,
                username: rep.username.clone(),
                display_name: rep.display_name.clone(),
                cells,
            }
        })
        .collect();
    if csv {
        let lines: Vec<Line<'_>> = out
            .iter()
            .flat_map(|r| r.cells.iter().map(move |c| Line(r, c)))
            .collect();
        return Ok(csv::response(&format!("activity-{week}"), &lines));
    }
    Ok(axum::Json(Activity { week, reps: out }).into_response())
}
