//! `GET /api/v1/visits`: the visit-report feed ("3E": every rep, every day), newest first;
//! `GET /api/v1/covisits`: co-visit reports.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use rounds_shared::api::{Page, VisitItem};
use rounds_shared::labels::{Labelled, Locale};
use rounds_shared::model::CoVisitKind;

use super::csv::{self, CsvRow};
use super::filters::Filters;
use super::report::Report;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::{CoVisitRow, VisitRow};

fn when(t: rounds_shared::time::Timestamp) -> String {
    let tz = rounds_shared::time::TzOffset::BEIJING;
    let local = t.0 + i64::from(tz.minutes) * 60_000;
    let minutes = local.rem_euclid(rounds_shared::time::DAY_MS) / 60_000;
    format!("{} {:02}:{:02}", t.date(tz), minutes / 60, minutes % 60)
}

impl CsvRow for VisitRow {
    fn header() -> Vec<&'static str> {
        vec![
            "时间",
            "代表",
            "医院",
            "目的",
            "内容",
            "问题及解决方案",
            "下一步计划",
        ]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            when(self.at),
            self.author_name.clone(),
            self.account_name.clone(),
            self.purpose.clone(),
            self.content.clone(),
            self.problems.clone(),
            self.next_step.clone(),
        ]
    }
}

impl CsvRow for CoVisitRow {
    fn header() -> Vec<&'static str> {
        vec!["时间", "医院", "类型", "观察", "辅导要点", "经理", "代表"]
    }
    fn cells(&self) -> Vec<String> {
        let kind = CoVisitKind::from_key(&self.kind)
            .map_or(self.kind.clone(), |k| k.label(Locale::ZhCn).to_owned());
        vec![
            when(self.at),
            self.account_name.clone(),
            kind,
            self.observations.clone(),
            self.coaching_points.clone(),
            self.manager_id.to_string(),
            self.rep_id.to_string(),
        ]
    }
}

#[utoipa::path(get, path = "/api/v1/visits", tag = "activity", params(Filters), description = "Visit reports, newest first. With `format=csv`, the same rows as a UTF-8 CSV file (with BOM).", responses((status = 200, body = Page<VisitItem>), crate::error::ErrorResponses))]
pub(crate) async fn feed(
    State(state): State<AppState>,
    Report {
        filters,
        scope,
        csv,
    }: Report,
) -> Result<Response, AppError> {
    let (_, limit, offset) = filters.output()?;
    let query = scope.query.clone();
    let (from, to) = (scope.period.start, scope.period.end);
    let (total, items) = state
        .store(move |s| s.visits(&query, from, to, limit, offset))
        .await?;
    if csv {
        return Ok(csv::response("visits", &items));
    }
    Ok(axum::Json(Page {
        total,
        limit,
        offset,
        items,
    })
    .into_response())
}

#[utoipa::path(get, path = "/api/v1/covisits", tag = "activity", params(Filters), description = "Co-visit reports, newest first. With `format=csv`, the same rows as a UTF-8 CSV file (with BOM).", responses((status = 200, body = Vec<rounds_shared::api::CoVisitItem>), crate::error::ErrorResponses))]
pub(crate) async fn co_visits(
    State(state): State<AppState>,
    Report { scope, csv, .. }: Report,
) -> Result<Response, AppError> {
    let query = scope.query.clone();
    let (from, to) = (scope.period.start, scope.period.end);
    let items = state.store(move |s| s.co_visits(&query, from, to)).await?;
    if csv {
        return Ok(csv::response("co-visits", &items));
    }
    Ok(axum::Json(items).into_response())
}
