//! `GET /api/v1/activity`: each rep's week against the organisation's standards (visits,
//! new opportunities, weekly plan submitted, key accounts reviewed with the manager,
//! accounts per stage; contracts and new business in the month so far; receivables
//! collected in the year so far).

use std::collections::{BTreeSet, HashMap};

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use rounds_shared::funnel::{funnel_figure, measured_over};
use rounds_shared::ids::{AccountId, UserId};
use rounds_shared::labels::{Labelled, Locale};
use rounds_shared::model::{Opportunity, StandardMetric, UserRole};
use rounds_shared::stage::{Position, StageKey};
use rounds_shared::time::PeriodKey;
use serde::Serialize;

use super::csv::{self, CsvRow};
use super::filters::Filters;
use super::query::Query;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::state::AppState;

/// One standard for one rep.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct Cell {
    metric: StandardMetric,
    stage: Option<StageKey>,
    minimum: i64,
    actual: i64,
    met: bool,
    /// The month or year measured, for standards not measured over the week.
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<PeriodKey>,
    /// For a percentage, the amount (fen) it is a percentage of; 0 when nothing is owed.
    #[serde(skip_serializing_if = "Option::is_none")]
    basis: Option<i64>,
}

/// One rep's week.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct RepActivity {
    rep_id: UserId,
    username: String,
    display_name: String,
    cells: Vec<Cell>,
}

/// Every rep in scope for one week.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct Activity {
    week: PeriodKey,
    reps: Vec<RepActivity>,
}

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
    let (from, to, week_text) = (scope.period.start, scope.period.end, week.to_string());
    let counts = state
        .store(move |s| s.activity(&ids, from, to, &[week_text]))
        .await?;
    let opps = state.hub.read_cache().opportunities(&scope.query).await?;

    // Per rep: new opportunities in the week, and accounts per stage at its end.
    let mut new_opps: HashMap<UserId, i64> = HashMap::new();
    let mut at_stage: HashMap<(UserId, Position), BTreeSet<AccountId>> = HashMap::new();
    let mut owned: HashMap<UserId, Vec<&Opportunity>> = HashMap::new();
    for row in &opps {
        owned.entry(row.owner).or_default().push(&row.opportunity);
        if scope.period.contains(row.opportunity.audit.created_at) {
            *new_opps.entry(row.owner).or_default() += 1;
        }
        if let Some(p) = row.opportunity.position_at(scope.as_of) {
            at_stage
                .entry((row.owner, p.clone()))
                .or_default()
                .insert(row.account);
        }
    }
    let (standards, template, tz) = (&scope.org.standards, &scope.org.template, scope.org.tz);
    let out: Vec<RepActivity> = reps
        .iter()
        .map(|rep| {
            let c = counts.get(&rep.id).cloned().unwrap_or_default();
            let cells = standards
                .iter()
                .filter_map(|s| {
                    let (key, window) = measured_over(s.metric, week, tz);
                    let mine = owned.get(&rep.id).map(Vec::as_slice).unwrap_or_default();
                    let (actual, basis) =
                        match funnel_figure(s.metric, template, mine.iter().copied(), window) {
                            Some(figure) => (figure.actual, figure.basis),
                            None => {
                                let actual = match s.metric {
                                    StandardMetric::VisitsPerWeek => c.visits,
                                    StandardMetric::NewProspectsPerWeek => {
                                        new_opps.get(&rep.id).copied().unwrap_or(0)
                                    }
                                    StandardMetric::WeeklyPlanSubmitted => c.plans_submitted.min(1),
                                    StandardMetric::KeyAccountsReviewedPerWeek => {
                                        c.accounts_reviewed
                                    }
                                    StandardMetric::AccountsInStage => {
                                        let stage = Position::Stage(s.stage.clone()?);
                                        at_stage.get(&(rep.id, stage)).map_or(0, |a| a.len() as i64)
                                    }
                                    // Read from the funnel above.
                                    StandardMetric::ContractsPerMonth
                                    | StandardMetric::NewBusinessPerMonth
                                    | StandardMetric::ReceivablesCollectedPercent => return None,
                                };
                                (actual, None)
                            }
                        };
                    Some(Cell {
                        metric: s.metric,
                        stage: s.stage.clone(),
                        minimum: s.minimum,
                        actual,
                        met: actual >= s.minimum,
                        period: (key != week).then_some(key),
                        basis,
                    })
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
