//! Funnel endpoints: `GET /api/v1/funnel` (stages, the three formulas, shape, conversion,
//! days in stage), `/funnel/opportunities` (drill-down into a stage) and `/funnel/stalled`.
//! Amounts are in fen (0.01 yuan). The maths is `rounds_shared::funnel`, never a copy.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use rounds_shared::api::{FunnelReport, OppItem, Page, StageReport, StalledItem};
use rounds_shared::funnel::{Formulas, Snapshot, conversion, days_in_stage, stalled};
use rounds_shared::money::Money;
use rounds_shared::stage::Position;
use rounds_shared::time::Timestamp;
use serde::Serialize;

use super::csv::{self, CsvRow};
use super::filters::{Filters, Scope};
use super::report::Report;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::OppRow;

async fn load(state: &AppState, scope: &Scope) -> Result<Vec<OppRow>, AppError> {
    Ok(state.read_cache().opportunities(&scope.query).await?)
}

#[utoipa::path(get, path = "/api/v1/funnel", tag = "funnel", params(Filters), description = "Stages, weighted pipeline, the three formulas against the target, shape check, conversion and days in stage. Amounts in fen. With `format=csv`, the same rows as a UTF-8 CSV file (with BOM).", responses((status = 200, body = FunnelReport), crate::error::ErrorResponses))]
pub(crate) async fn funnel(
    State(state): State<AppState>,
    Report { scope, csv, .. }: Report,
) -> Result<Response, AppError> {
    let rows = load(&state, &scope).await?;
    let opps: Vec<_> = rows.iter().map(|r| &*r.opportunity).collect();
    let template = &scope.org.template;
    let snap = Snapshot::at(template, opps.iter().copied(), scope.as_of);
    let f = Formulas::compute(
        template,
        opps.iter().copied(),
        scope.period,
        scope.target.unwrap_or(Money::ZERO),
    );
    let stages: Vec<StageReport> = snap
        .stages
        .iter()
        .zip(&template.stages)
        .map(|(row, s)| StageReport {
            stage: row.stage.clone(),
            name_zh: s.zh.clone(),
            name_en: s.en.clone(),
            win_rate: s.win_rate,
            count: row.count,
            amount: row.amount,
            weighted: row.weighted,
            won: row.won,
        })
        .collect();
    let shape = snap.shape();
    if csv {
        return Ok(csv::response("funnel", &stages));
    }
    Ok(Json(FunnelReport {
        period: scope.period,
        period_key: scope.period_key,
        as_of: scope.as_of,
        opportunities: rows.len(),
        stages,
        weighted_pipeline: snap.weighted_pipeline,
        lost: snap.lost,
        dropped: snap.dropped,
        unplaced: snap.unplaced,
        funnel_shaped: shape.is_funnel_shaped(),
        shape,
        target: scope.target,
        won: f.won,
        weighted_open: f.weighted_open,
        forecast: f.forecast.into(),
        progress: f.progress.into(),
        churn: f.churn.into(),
        in_funnel: f.in_funnel,
        progressed: f.progressed,
        churned: f.churned,
        conversion: conversion(template, opps.iter().copied(), scope.period),
        days_in_stage: days_in_stage(template, opps.iter().copied(), scope.period),
    })
    .into_response())
}

impl CsvRow for StageReport {
    fn header() -> Vec<&'static str> {
        vec!["阶段", "Stage", "赢率", "数量", "金额(元)", "加权金额(元)"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.name_zh.clone(),
            self.name_en.clone(),
            self.win_rate.to_string(),
            self.count.to_string(),
            csv::yuan(self.amount),
            csv::yuan(self.weighted),
        ]
    }
}

impl CsvRow for OppItem {
    fn header() -> Vec<&'static str> {
        vec!["项目", "产品线", "金额(元)", "阶段", "医院", "代表"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.title.clone(),
            self.product_line.clone(),
            csv::yuan(self.amount),
            self.stage.to_string(),
            self.account_name.clone(),
            self.owner.to_string(),
        ]
    }
}

impl CsvRow for StalledItem {
    fn header() -> Vec<&'static str> {
        let mut h = OppItem::header();
        h.push("停滞天数");
        h
    }
    fn cells(&self) -> Vec<String> {
        let mut c = self.opportunity.cells();
        c.push(self.idle_days.to_string());
        c
    }
}

/// The list item of `row`, at `stage` since `since`.
pub(super) fn item(row: &OppRow, stage: Position, since: Option<Timestamp>) -> OppItem {
    OppItem {
        id: row.opportunity.id,
        title: row.opportunity.title.clone(),
        product_line: row.opportunity.product_line.clone(),
        amount: row.opportunity.amount,
        stage,
        account_id: row.account,
        account_name: row.account_name.clone(),
        owner: row.owner,
        since,
    }
}

#[utoipa::path(get, path = "/api/v1/funnel/opportunities", tag = "funnel", params(Filters), description = "Drill-down: the opportunities (in a stage) as of the period's end. With `format=csv`, the same rows as a UTF-8 CSV file (with BOM).", responses((status = 200, body = Page<OppItem>), crate::error::ErrorResponses))]
pub(crate) async fn opportunities(
    State(state): State<AppState>,
    Report {
        filters,
        scope,
        csv,
    }: Report,
) -> Result<Response, AppError> {
    let (_, limit, offset) = filters.output()?;
    let wanted = filters.position(&scope.org.template)?;
    let rows = load(&state, &scope).await?;
    let mut items: Vec<OppItem> = rows
        .iter()
        .filter_map(|r| {
            let at = r.opportunity.position_at(scope.as_of)?.clone();
            if wanted.as_ref().is_some_and(|w| *w != at) {
                return None;
            }
            Some(item(r, at, r.opportunity.moved_at(scope.as_of)))
        })
        .collect();
    items.sort_by(|a, b| b.amount.cmp(&a.amount).then(a.id.cmp(&b.id)));
    Ok(listing("opportunities", csv, items, limit, offset))
}

#[utoipa::path(get, path = "/api/v1/funnel/stalled", tag = "funnel", params(Filters), description = "Open opportunities with no stage move or visit for `days` days. With `format=csv`, the same rows as a UTF-8 CSV file (with BOM).", responses((status = 200, body = Page<StalledItem>), crate::error::ErrorResponses))]
pub(crate) async fn stalled_list(
    State(state): State<AppState>,
    Report {
        filters,
        scope,
        csv,
    }: Report,
) -> Result<Response, AppError> {
    let (_, limit, offset) = filters.output()?;
    let days = filters.stalled_days(scope.org.stalled_after_days)?;
    let rows = load(&state, &scope).await?;
    let query = scope.query.clone();
    let visits = state.store(move |s| s.last_visits(&query)).await?;
    let found = stalled(
        &scope.org.template,
        rows.iter().map(|r| &*r.opportunity),
        &visits,
        scope.now,
        days,
    );
    let by_id: std::collections::HashMap<_, _> =
        rows.iter().map(|r| (r.opportunity.id, r)).collect();
    let items: Vec<StalledItem> = found
        .iter()
        .filter_map(|s| {
            let r = by_id.get(&s.opportunity)?;
            Some(StalledItem {
                opportunity: item(r, r.opportunity.position.clone(), None),
                last_activity: s.last_activity,
                idle_days: s.idle_days,
            })
        })
        .collect();
    Ok(listing("stalled", csv, items, limit, offset))
}

/// A list as a JSON page, or all of it as CSV.
fn listing<T: Serialize + CsvRow>(
    name: &str,
    csv: bool,
    items: Vec<T>,
    limit: usize,
    offset: usize,
) -> Response {
    if csv {
        return csv::response(name, &items);
    }
    Json(Page {
        total: items.len(),
        limit,
        offset,
        items: items.into_iter().skip(offset).take(limit).collect(),
    })
    .into_response()
}
