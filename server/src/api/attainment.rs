//! `GET /api/v1/attainment`: each rep's weekly plan against the visits made that week — a
//! visit counts for the planned visit it matches (same hospital, same day), as on the
//! phone (`rounds_shared::plan::planned_done`). Managers see their teams' reps, admins all,
//! a rep themselves.

use std::collections::HashMap;

use axum::Json as Answer;
use axum::extract::State;
use rounds_shared::api::{AttainmentReport, PlannedItem, RepAttainment};
use rounds_shared::plan::planned_done;
use rounds_shared::time::{PeriodKey, Timestamp, next_day};
use serde::Deserialize;

use super::query::Query;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::state::AppState;

/// Which week.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct WeekQuery {
    /// The ISO week, e.g. `2026-W48`; this week by default.
    pub week: Option<String>,
}

fn rate(done: u32, planned: u32) -> Option<f64> {
    (planned > 0).then(|| f64::from(done) / f64::from(planned))
}

#[utoipa::path(get, path = "/api/v1/attainment", tag = "plans", params(WeekQuery), description = "Each rep's weekly plan against the week's visits: planned, done (a visit matches a planned one at the same hospital on the same day), the rate, visits made outside the plan, and each planned visit with whether it was made. Managers see their teams' reps, admins all, a rep themselves.", responses((status = 200, body = AttainmentReport), crate::error::ErrorResponses))]
pub(crate) async fn week(
    State(state): State<AppState>,
    auth: AuthUser,
    Query(q): Query<WeekQuery>,
) -> Result<Answer<AttainmentReport>, AppError> {
    if auth.user.role.department().is_some() {
        return Err(AppError::Forbidden);
    }
    let org = state.store(|s| s.org_config()).await?;
    let week = match q.week.as_deref() {
        Some(w) => match w.parse::<PeriodKey>() {
            Ok(k @ PeriodKey::Week { .. }) => k,
            _ => {
                return Err(AppError::BadRequest {
                    code: "invalid_week",
                    message: format!("`{w}` is not an ISO week such as 2026-W48"),
                });
            }
        },
        None => PeriodKey::week_of(Timestamp(state.now_ms()).date(org.tz)),
    };
    let (first, last) = week.dates();
    let from = Timestamp::start_of(first, org.tz);
    let to = Timestamp::start_of(next_day(last), org.tz);
    let reps = super::report::reps_in_view(&state, &auth.user).await?;
    let ids: Vec<_> = reps.iter().map(|r| r.id).collect();
    let (facts, accounts) = state
        .store(move |s| Ok((s.plan_facts(&ids, week, from, to)?, s.accounts()?)))
        .await?;
    let names: HashMap<_, _> = accounts.into_iter().map(|a| (a.id, a.name)).collect();
    let mut out: Vec<RepAttainment> = reps
        .into_iter()
        .map(|r| {
            let (mut planned, made) = facts.get(&r.id).cloned().unwrap_or_default();
            planned.sort_by_key(|p| p.day);
            let made: Vec<_> = made.iter().map(|(a, at)| (*a, at.date(org.tz))).collect();
            let done = planned_done(&planned, &made);
            let done_n = done.iter().filter(|d| **d).count() as u32;
            let visits = made.len() as u32;
            RepAttainment {
                rep: r.id,
                name: r.display_name,
                planned: planned.len() as u32,
                done: done_n,
                rate: rate(done_n, planned.len() as u32),
                visits,
                unplanned: visits - done_n,
                items: planned
                    .iter()
                    .zip(done)
                    .map(|(p, done)| PlannedItem {
                        account: p.account,
                        hospital: names.get(&p.account).cloned().unwrap_or_default(),
                        day: p.day,
                        done,
                    })
                    .collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    let planned = out.iter().map(|r| r.planned).sum();
    let done = out.iter().map(|r| r.done).sum();
    Ok(Answer(AttainmentReport {
        week: week.to_string(),
        planned,
        done,
        rate: rate(done, planned),
        reps: out,
    }))
}
