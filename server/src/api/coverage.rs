//! `GET /api/v1/coverage`: each rep's territory coverage over a quarter so far — hospitals
//! seen by ABC class and zone, each against its planned frequency, those unseen for some
//! weeks, the 20/70 share — worked out by `rounds_shared::plan::coverage`, as on the phone,
//! with the rep's quarterly plan (季计划) and its review. `PUT
//! /api/v1/quarterly/{rep}/{quarter}/review`: the manager's comment and approval, written
//! into the rep's personal document so they reach the rep's phone.

use std::collections::HashMap;

use axum::Json as Answer;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rounds_shared::api::{CoverageReport, PlanReviewInput, RepCoverage};
use rounds_shared::ids::AccountId;
use rounds_shared::labels::{Labelled, Locale};
use rounds_shared::model::{Opportunity, PlanReview};
use rounds_shared::plan::{HospitalCoverage, HospitalSeen, coverage, months_between, planned};
use rounds_shared::time::{PeriodKey, Timestamp, next_day};
use serde::Deserialize;

use super::csv::{self, CsvRow};
use super::json::Json;
use super::query::Query;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::OppQuery;

/// Which quarter, how long unseen is idle, whose, and in what form.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct CoverageQuery {
    /// The quarter, e.g. `2026-Q4`; this quarter by default.
    pub quarter: Option<String>,
    /// A hospital unseen for this many weeks (1–52) is idle; 4 by default.
    pub weeks: Option<u32>,
    /// Only this rep (username or id).
    pub rep: Option<String>,
    /// `json` (default) or `csv` (one row per hospital).
    pub format: Option<String>,
}

fn bad(code: &'static str, message: String) -> AppError {
    AppError::BadRequest { code, message }
}

fn parse_quarter(text: &str) -> Result<PeriodKey, AppError> {
    match text.parse::<PeriodKey>() {
        Ok(k @ PeriodKey::Quarter { .. }) => Ok(k),
        _ => Err(bad(
            "invalid_quarter",
            format!("`{text}` is not a quarter such as 2026-Q4"),
        )),
    }
}

/// A CSV row: the rep's name and one hospital's line.
struct Line<'a>(&'a str, &'a HospitalCoverage);

impl CsvRow for Line<'_> {
    fn header() -> Vec<&'static str> {
        vec![
            "代表",
            "医院",
            "ABC分类",
            "分区",
            "计划频次/月",
            "拜访次数",
            "频次达成",
            "最近拜访",
            "久未拜访",
            "漏斗内",
            "拜访对象",
        ]
    }
    fn cells(&self) -> Vec<String> {
        let Line(rep, h) = self;
        let label = |l: Option<&'static str>| l.unwrap_or_default().to_owned();
        vec![
            (*rep).to_owned(),
            h.hospital.clone(),
            label(h.class.map(|c| c.label(Locale::ZhCn))),
            label(h.zone.map(|z| z.label(Locale::ZhCn))),
            h.per_month.to_string(),
            h.visits.to_string(),
            h.compliance
                .map(|c| format!("{:.0}%", c * 100.0))
                .unwrap_or_default(),
            h.last_visit.map(|d| d.to_string()).unwrap_or_default(),
            if h.idle { "是" } else { "" }.to_owned(),
            if h.in_funnel { "是" } else { "" }.to_owned(),
            h.focus.clone(),
        ]
    }
}

#[utoipa::path(get, path = "/api/v1/coverage", tag = "plans", params(CoverageQuery), description = "Each rep's territory coverage over a quarter so far (this quarter by default): hospitals visited by ABC class and zone, each hospital's visits against its planned frequency (the quarterly plan's, else the default by class and deal), those unseen for `weeks` weeks, and the share of visits above the funnel and in it against the 20/70 guide; with the rep's quarterly plan and the manager's review. Managers see their teams' reps, admins all, a rep themselves. With `format=csv`, one row per hospital.", responses((status = 200, body = CoverageReport), crate::error::ErrorResponses))]
pub(crate) async fn report(
    State(state): State<AppState>,
    auth: AuthUser,
    Query(q): Query<CoverageQuery>,
) -> Result<Response, AppError> {
    if auth.user.role.department().is_some() {
        return Err(AppError::Forbidden);
    }
    let csv = csv::wanted(q.format.as_deref())?;
    let weeks = q.weeks.unwrap_or(4);
    if !(1..=52).contains(&weeks) {
        return Err(bad(
            "invalid_weeks",
            format!("`weeks` must be 1 to 52, not {weeks}"),
        ));
    }
    let org = state.store(|s| s.org_config()).await?;
    let today = Timestamp(state.now_ms()).date(org.tz);
    let quarter = match q.quarter.as_deref() {
        Some(text) => parse_quarter(text)?,
        None => PeriodKey::quarter_of(today),
    };
    let (first, last) = quarter.dates();
    let as_of = today.clamp(first, last);
    let mut reps = super::report::reps_in_view(&state, &auth.user).await?;
    if let Some(r) = &q.rep {
        reps.retain(|u| u.username.eq_ignore_ascii_case(r) || u.id.to_string() == *r);
        if reps.is_empty() {
            return Err(bad(
                "invalid_rep",
                format!("`{r}` is not a rep you can see"),
            ));
        }
    }
    let ids: Vec<_> = reps.iter().map(|r| r.id).collect();
    let (from, to) = (
        Timestamp::start_of(first, org.tz),
        Timestamp::start_of(next_day(as_of), org.tz),
    );
    let query = OppQuery {
        owners: Some(ids.clone()),
        ..OppQuery::default()
    };
    let (facts, plans) = state
        .store(move |s| {
            Ok((
                s.coverage_facts(&ids, from, to)?,
                s.quarterly_plans(quarter, &ids)?,
            ))
        })
        .await?;
    let opps = state.read_cache().opportunities(&query).await?;
    let mut deals: HashMap<AccountId, Vec<&Opportunity>> = HashMap::new();
    for row in &opps {
        deals.entry(row.account).or_default().push(&row.opportunity);
    }
    let months = months_between(first, next_day(as_of));
    let mut all = Vec::new();
    let mut out: Vec<RepCoverage> = reps
        .into_iter()
        .map(|r| {
            let (plan, review) = plans
                .iter()
                .filter(|(u, _, _)| *u == r.id)
                .max_by_key(|(_, p, _)| (p.submitted_at.is_some(), p.audit.updated_at))
                .map(|(_, p, v)| (Some(p.clone()), v.clone()))
                .unwrap_or_default();
            let seen: Vec<HospitalSeen> = facts
                .iter()
                .filter(|f| f.owner == r.id)
                .map(|f| {
                    let deals = deals.get(&f.account).map(Vec::as_slice).unwrap_or_default();
                    let p = planned(
                        plan.as_ref(),
                        &org.template,
                        f.account,
                        f.class,
                        deals.iter().copied(),
                    );
                    HospitalSeen {
                        account: f.account,
                        name: f.name.clone(),
                        class: f.class,
                        zone: f.zone,
                        per_month: p.per_month,
                        in_funnel: p.in_funnel,
                        visits: f.visits,
                        last_visit: f.last_visit.map(|t| t.date(org.tz)),
                        focus: p.focus,
                    }
                })
                .collect();
            all.extend(seen.iter().cloned());
            RepCoverage {
                rep: r.id,
                name: r.display_name,
                plan,
                review,
                coverage: coverage(&seen, months, as_of, weeks),
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    if csv {
        let lines: Vec<Line<'_>> = out
            .iter()
            .flat_map(|r| r.coverage.rows.iter().map(|h| Line(&r.name, h)))
            .collect();
        return Ok(csv::response(&format!("coverage-{quarter}"), &lines));
    }
    let mut team = coverage(&all, months, as_of, weeks);
    team.rows.clear();
    Ok(Answer(CoverageReport {
        quarter: quarter.to_string(),
        from: first,
        to: as_of,
        weeks,
        team,
        reps: out,
    })
    .into_response())
}

#[utoipa::path(put, path = "/api/v1/quarterly/{rep}/{quarter}/review", tag = "plans", params(("rep" = String, Path, description = "The rep's id"), ("quarter" = String, Path, description = "The quarter, e.g. 2026-Q4")), request_body = PlanReviewInput, description = "The manager's review of a rep's submitted quarterly plan: a comment and the approval. Written into the rep's personal document (their phone receives it); only the rep's managers and admins may.", responses((status = 204, description = "Written"), crate::error::ErrorResponses))]
pub(crate) async fn review(
    State(state): State<AppState>,
    auth: AuthUser,
    Path((rep, quarter)): Path<(String, String)>,
    Json(input): Json<PlanReviewInput>,
) -> Result<StatusCode, AppError> {
    let quarter = parse_quarter(&quarter)?;
    let not_found = || {
        AppError::NotFound(format!(
            "no submitted quarterly plan of `{rep}` for {quarter}"
        ))
    };
    let rep_user = super::report::reviewed_rep(&state, &auth.user, &rep, not_found).await?;
    let id = rep_user.id;
    let plans = state
        .store(move |s| s.quarterly_plans(quarter, &[id]))
        .await?;
    let Some((_, plan, old)) = plans
        .into_iter()
        .filter(|(_, p, _)| p.submitted_at.is_some())
        .max_by_key(|(_, p, _)| p.audit.updated_at)
    else {
        return Err(not_found());
    };
    let review = PlanReview {
        id: plan.id,
        comment: input.comment.trim().to_owned(),
        approved: input.approved,
        audit: super::report::review_audit(
            old.map(|o| o.audit),
            Timestamp(state.now_ms()),
            auth.user.id,
        ),
    };
    state
        .hub
        .write_personal(&rep_user, move |d| d.put(&review))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
