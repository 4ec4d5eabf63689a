//! `GET /api/v1/visits`: the visit-report feed ("3E": every rep, every day), newest first,
//! each visit with its check-in and the flags the server works out for it
//! ([`rounds_shared::evidence`]); `flag=` keeps the visits with that flag.
//! `GET /api/v1/visits/flags`: the flags counted per rep. `GET /api/v1/covisits`: co-visit
//! reports.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use rounds_shared::api::{FlagCount, Page, RepFlags, VisitItem};
use rounds_shared::evidence::{FlagRules, VisitFlag, visit_flags};
use rounds_shared::labels::{Labelled, Locale};
use rounds_shared::model::CoVisitKind;

use super::csv::{self, CsvRow};
use super::filters::{Filters, keyed};
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

impl CsvRow for VisitItem {
    fn header() -> Vec<&'static str> {
        vec![
            "时间",
            "代表",
            "医院",
            "目的",
            "内容",
            "问题及解决方案",
            "下一步计划",
            "签到",
            "签退",
            "距医院(米)",
            "照片",
            "提示",
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
            self.checked_in_at.map(when).unwrap_or_default(),
            self.left_at.map(when).unwrap_or_default(),
            self.distance_m
                .map(|m| format!("{m:.0}"))
                .unwrap_or_default(),
            self.photo
                .as_ref()
                .map(|p| p.hash.clone())
                .unwrap_or_default(),
            self.flags
                .iter()
                .map(|f| f.label(Locale::ZhCn))
                .collect::<Vec<_>>()
                .join("；"),
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

/// The feed's item of `row`, with its check-in, its distance from the hospital and its
/// flags (worked out here, once, whichever backend read the row).
fn evidence(row: VisitRow, rules: &FlagRules) -> VisitItem {
    let mut item = row.item;
    if let Some(c) = &row.check_in {
        item.checked_in_at = Some(c.at);
        item.left_at = c.left_at;
        item.location = c.location;
        item.accuracy_m = c.accuracy_m;
        item.photo.clone_from(&c.photo_ref);
    }
    item.distance_m = match (item.location, row.hospital) {
        (Some(at), Some(h)) => Some(rounds_shared::plan::distance_km(at, h) * 1000.0),
        _ => None,
    };
    item.flags = visit_flags(
        rounds_shared::evidence::Evidence {
            check_in: row.check_in.as_ref(),
            created_at: row.created_at,
            updated_at: row.updated_at,
        },
        row.hospital,
        row.received,
        rules,
    );
    item
}

/// A page of the report's scope and period, newest first, each visit with its evidence,
/// and how many there are in all.
async fn visits(
    state: &AppState,
    report: &Report,
    limit: usize,
    offset: usize,
) -> Result<(usize, Vec<VisitItem>), AppError> {
    let query = report.scope.query.clone();
    let (from, to) = (report.scope.period.start, report.scope.period.end);
    let (total, rows) = state
        .store(move |s| s.visits(&query, from, to, limit, offset))
        .await?;
    let rules = FlagRules::default();
    Ok((
        total,
        rows.into_iter().map(|r| evidence(r, &rules)).collect(),
    ))
}

/// Every visit of the report's scope and period with its flags, newest first.
async fn all_visits(state: &AppState, report: &Report) -> Result<Vec<VisitItem>, AppError> {
    Ok(visits(state, report, usize::MAX, 0).await?.1)
}

#[utoipa::path(get, path = "/api/v1/visits", tag = "activity", params(Filters), description = "Visit reports, newest first, each with its check-in (times, place, distance from the hospital, photo) and the flags the server works out for it: `no_check_in`, `far_from_hospital` (more than 500 m beyond the location's accuracy), `clock_ahead` (a time the phone stamped more than 10 minutes after the server received it), `reported_late` (written more than 24 h after check-out). `flag=` keeps the visits with that flag. With `format=csv`, the same rows as a UTF-8 CSV file (with BOM).", responses((status = 200, body = Page<VisitItem>), crate::error::ErrorResponses))]
pub(crate) async fn feed(
    State(state): State<AppState>,
    report: Report,
) -> Result<Response, AppError> {
    let (_, limit, offset) = report.filters.output()?;
    let flag: Option<VisitFlag> = keyed("flag", report.filters.flag.as_deref())?;
    let (total, items): (usize, Vec<VisitItem>) = match flag {
        // Flags are worked out here, not in the database: the whole period is read.
        Some(flag) => {
            let flagged: Vec<VisitItem> = all_visits(&state, &report)
                .await?
                .into_iter()
                .filter(|v| v.flags.contains(&flag))
                .collect();
            let total = flagged.len();
            (
                total,
                flagged.into_iter().skip(offset).take(limit).collect(),
            )
        }
        None => visits(&state, &report, limit, offset).await?,
    };
    if report.csv {
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

#[utoipa::path(get, path = "/api/v1/visits/flags", tag = "activity", params(Filters), description = "Per rep (who wrote a visit in the period), their visits, how many are flagged, and the count of each flag, most flagged first.", responses((status = 200, body = Vec<RepFlags>), crate::error::ErrorResponses))]
pub(crate) async fn flag_counts(
    State(state): State<AppState>,
    report: Report,
) -> Result<axum::Json<Vec<RepFlags>>, AppError> {
    let mut reps: Vec<RepFlags> = Vec::new();
    for v in all_visits(&state, &report).await? {
        let i = match reps.iter().position(|r| r.rep_id == v.author_id) {
            Some(i) => i,
            None => {
                reps.push(RepFlags {
                    rep_id: v.author_id,
                    rep_name: v.author_name.clone(),
                    visits: 0,
                    flagged: 0,
                    counts: VisitFlag::ALL
                        .iter()
                        .map(|f| FlagCount { flag: *f, count: 0 })
                        .collect(),
                });
                reps.len() - 1
            }
        };
        let rep = &mut reps[i];
        rep.visits += 1;
        rep.flagged += usize::from(!v.flags.is_empty());
        for c in &mut rep.counts {
            c.count += usize::from(v.flags.contains(&c.flag));
        }
    }
    reps.sort_by(|a, b| {
        b.flagged
            .cmp(&a.flagged)
            .then_with(|| a.rep_name.cmp(&b.rep_name))
    });
    Ok(axum::Json(reps))
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
