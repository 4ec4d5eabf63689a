//! `GET /api/v1/daily`: every rep's daily list (日清单) of a day, for the manager's 3E review
//! (managers their teams' reps, admins all, a rep their own): who submitted by the cut-off
//! (18:00 local time unless the organisation sets another, `PUT /org/cutoff`), who did not, each list in one place. `PUT
//! /api/v1/daily/{rep}/{day}/review`: the manager's comment, "reviewed" and spot-check
//! marks, written into the rep's personal document, so they reach the rep's phone.

use axum::Json as Answer;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use rounds_shared::api::{DailyReport, RepDay, ReviewInput};
use rounds_shared::model::DailyReview;
use rounds_shared::time::Timestamp;
use serde::Deserialize;

use super::json::Json;
use super::query::Query;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::state::AppState;

/// Which day.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct DayQuery {
    /// The day (YYYY-MM-DD); today by default.
    pub day: Option<String>,
}

fn parse_day(text: &str) -> Result<NaiveDate, AppError> {
    text.parse().map_err(|_| AppError::BadRequest {
        code: "invalid_day",
        message: format!("`{text}` is not a day (YYYY-MM-DD)"),
    })
}

#[utoipa::path(get, path = "/api/v1/daily", tag = "plans", params(DayQuery), description = "The daily lists (日清单) of one day (today by default) of every rep in view — managers their teams' reps, admins all, a rep their own — with who has not submitted by the cut-off (the organisation's, 18:00 local time by default), and the manager's reviews. Reps asking for help first.", responses((status = 200, body = DailyReport), crate::error::ErrorResponses))]
pub(crate) async fn day(
    State(state): State<AppState>,
    auth: AuthUser,
    Query(q): Query<DayQuery>,
) -> Result<Answer<DailyReport>, AppError> {
    if auth.user.role.department().is_some() {
        return Err(AppError::Forbidden);
    }
    let org = state.store(|s| s.org_config()).await?;
    let now = Timestamp(state.now_ms());
    let day = match q.day.as_deref() {
        Some(d) => parse_day(d)?,
        None => now.date(org.tz),
    };
    let cutoff = Timestamp(
        Timestamp::start_of(day, org.tz).0 + i64::from(org.daily_cutoff_minutes) * 60_000,
    );
    let reps = super::report::reps_in_view(&state, &auth.user).await?;
    let ids: Vec<_> = reps.iter().map(|r| r.id).collect();
    let lists = state.store(move |s| s.daily_lists(day, &ids)).await?;
    let mut out: Vec<RepDay> = reps
        .into_iter()
        .map(|r| {
            let found = lists.iter().find(|(u, _, _)| *u == r.id);
            let list = found.map(|(_, l, _)| l.clone());
            let submitted = list.as_ref().and_then(|l| l.submitted_at);
            RepDay {
                rep: r.id,
                name: r.display_name,
                late: match submitted {
                    Some(at) => at > cutoff,
                    None => now > cutoff,
                },
                review: found.and_then(|(_, _, review)| review.clone()),
                list,
            }
        })
        .collect();
    let asks = |r: &RepDay| {
        r.list
            .as_ref()
            .is_some_and(|l| l.submitted_at.is_some() && !l.help_needed.trim().is_empty())
    };
    out.sort_by(|a, b| asks(b).cmp(&asks(a)).then(a.name.cmp(&b.name)));
    let count = |f: &dyn Fn(&RepDay) -> bool| out.iter().filter(|r| f(r)).count() as u32;
    let submitted = count(&|r| r.list.as_ref().is_some_and(|l| l.submitted_at.is_some()));
    Ok(Answer(DailyReport {
        day,
        cutoff: org.cutoff_text(),
        submitted,
        missing: out.len() as u32 - submitted,
        reviewed: count(&|r| r.review.as_ref().is_some_and(|v| v.reviewed)),
        help: count(&asks),
        reps: out,
    }))
}

#[utoipa::path(put, path = "/api/v1/daily/{rep}/{day}/review", tag = "plans", params(("rep" = String, Path, description = "The rep's id"), ("day" = String, Path, description = "The list's day, YYYY-MM-DD")), request_body = ReviewInput, description = "The manager's review of a rep's submitted daily list: a comment, the reviewed mark and a spot check. Written into the rep's personal document (their phone receives it); only the rep's managers and admins may.", responses((status = 204, description = "Written"), crate::error::ErrorResponses))]
pub(crate) async fn review(
    State(state): State<AppState>,
    auth: AuthUser,
    Path((rep, day)): Path<(String, String)>,
    Json(input): Json<ReviewInput>,
) -> Result<StatusCode, AppError> {
    let day = parse_day(&day)?;
    let not_found = || AppError::NotFound(format!("no submitted daily list of `{rep}` on {day}"));
    let rep_user = super::report::reviewed_rep(&state, &auth.user, &rep, not_found).await?;
    let id = rep_user.id;
    let lists = state.store(move |s| s.daily_lists(day, &[id])).await?;
    let Some((_, list, old)) = lists.into_iter().find(|(_, l, _)| l.submitted_at.is_some()) else {
        return Err(not_found());
    };
    let review = DailyReview {
        id: list.id,
        comment: input.comment.trim().to_owned(),
        reviewed: input.reviewed,
        follow_up: input.follow_up,
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
