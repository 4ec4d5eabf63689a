//! `GET /api/v1/audit`: the audit log of administrative changes, for administrators;
//! filtered by actor, action, target and dates, paged, or as CSV.

use axum::Json as AxumJson;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use rounds_shared::api::{AuditAction, AuditEntry, Page};
use rounds_shared::time::{Timestamp, next_day};

use super::csv::{self, CsvRow};
use super::org::require_admin;
use super::query::Query;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::AuditQuery;

/// The audit log's filters.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct AuditFilters {
    /// Only this user's changes (login name), or `cli`.
    actor: Option<String>,
    /// Only this action (e.g. `user_disabled`).
    action: Option<String>,
    /// Only changes whose target contains this text.
    target: Option<String>,
    /// From this date (YYYY-MM-DD, the organisation's time zone), inclusive.
    #[param(value_type = Option<String>, format = Date)]
    from: Option<NaiveDate>,
    /// To this date, inclusive.
    #[param(value_type = Option<String>, format = Date)]
    to: Option<NaiveDate>,
    /// Page size (default 100, at most 1,000).
    limit: Option<usize>,
    /// Page start.
    offset: Option<usize>,
    /// `csv` for a CSV file of every matching entry.
    format: Option<String>,
}

impl CsvRow for AuditEntry {
    fn header() -> Vec<&'static str> {
        vec![
            "时间 at",
            "操作人 actor",
            "操作 action",
            "对象 target",
            "变更 changes",
        ]
    }
    fn cells(&self) -> Vec<String> {
        let changes: Vec<String> = self
            .changes
            .iter()
            .map(|c| format!("{}: {} → {}", c.field, c.before, c.after))
            .collect();
        vec![
            chrono::DateTime::from_timestamp_millis(self.at.0)
                .map(|t| t.to_rfc3339())
                .unwrap_or_default(),
            self.actor_name.clone(),
            self.action.key().to_owned(),
            self.target.clone(),
            changes.join("; "),
        ]
    }
}

/// The most entries one CSV export holds.
const CSV_ROWS: usize = 1_000_000;

#[utoipa::path(get, path = "/api/v1/audit", tag = "admin", params(AuditFilters), description = "Administrative changes, newest first. With `format=csv`, every matching entry as a UTF-8 CSV file.", responses((status = 200, body = Page<AuditEntry>), crate::error::ErrorResponses))]
pub(crate) async fn audit(
    State(state): State<AppState>,
    auth: AuthUser,
    Query(f): Query<AuditFilters>,
) -> Result<Response, AppError> {
    require_admin(&auth)?;
    let csv = match f.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(AppError::field(
                "format",
                format!("unknown format `{other}`; use csv"),
            ));
        }
    };
    let limit = f.limit.unwrap_or(100);
    if !(1..=1_000).contains(&limit) {
        return Err(AppError::field("limit", "a page has 1 to 1,000 entries"));
    }
    let action = f
        .action
        .as_deref()
        .map(|a| {
            AuditAction::from_key(a)
                .ok_or_else(|| AppError::field("action", format!("unknown action `{a}`")))
        })
        .transpose()?;
    let actor = match f.actor.clone() {
        None => None,
        Some(name) if name == "cli" => Some(None),
        Some(name) => {
            let key = name.clone();
            let user = state.store(move |s| s.user_by_name(&key)).await?;
            let id = user.map(|(u, _)| u.id);
            Some(Some(id.ok_or_else(|| {
                AppError::field("actor", format!("no user `{name}`"))
            })?))
        }
    };
    let tz = state.store(|s| s.org_config()).await?.tz;
    for d in [f.from, f.to].into_iter().flatten() {
        if !(1900..3000).contains(&chrono::Datelike::year(&d)) {
            return Err(AppError::field("from", format!("{d} is out of range")));
        }
    }
    let query = AuditQuery {
        actor,
        action,
        target: f.target.filter(|t| !t.is_empty()),
        from: f.from.map(|d| Timestamp::start_of(d, tz)),
        to: f.to.map(|d| Timestamp::start_of(next_day(d), tz)),
        limit: if csv { CSV_ROWS } else { limit },
        offset: if csv { 0 } else { f.offset.unwrap_or(0) },
    };
    let q = query.clone();
    let (total, items) = state.store(move |s| s.audit(&q)).await?;
    if csv {
        return Ok(csv::response("audit", &items));
    }
    Ok(AxumJson(Page {
        total,
        limit,
        offset: query.offset,
        items,
    })
    .into_response())
}
