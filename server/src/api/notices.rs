//! `GET /api/v1/notices`: hand-off notices for the people who run the hand-offs. Managers
//! see those their teams issued, admins all, a department its own, a rep theirs — the
//! same rule as syncing the notice documents. Counts by department and person (open,
//! overdue, done, average turnaround) cover every notice in view; the list is filtered.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use rounds_shared::api::{DeskCount, NoticeItem, NoticeReport};
use rounds_shared::ids::UserId;
use rounds_shared::labels::{Labelled, Locale};
use rounds_shared::model::{Department, NoticeStatus};
use rounds_shared::time::{DAY_MS, Timestamp};
use serde::Deserialize;

use super::csv::{self, CsvRow};
use super::query::Query;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::NoticeScope;
use crate::sync::notice_scope;

/// What the list shows.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct NoticeFilters {
    /// `open` (not done; the default), `overdue`, `help` (asking the rep for help),
    /// `done`, or `all`.
    pub status: Option<String>,
    /// A department key (`warehouse`, `finance`, …).
    pub department: Option<String>,
    /// The rep's username or id: the notices they issued or that are addressed to them.
    pub rep: Option<String>,
    /// Done notices count (and list) when done in the last this many days (1 to 3650,
    /// default 90); open ones always do.
    pub days: Option<u32>,
    /// Page size (1 to 1000, default 100).
    pub limit: Option<u32>,
    /// Rows to skip.
    pub offset: Option<u32>,
    /// `json` (default) or `csv` (every selected row).
    pub format: Option<String>,
}

fn bad(message: String) -> AppError {
    AppError::BadRequest {
        code: "invalid_filter",
        message,
    }
}

/// Which notices the `status` filter keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Show {
    Open,
    Overdue,
    Help,
    Done,
    All,
}

impl Show {
    fn parse(text: Option<&str>) -> Result<Self, AppError> {
        Ok(match text {
            None | Some("open") => Show::Open,
            Some("overdue") => Show::Overdue,
            Some("help") => Show::Help,
            Some("done") => Show::Done,
            Some("all") => Show::All,
            Some(other) => {
                return Err(bad(format!(
                    "`status` must be open, overdue, help, done or all, not `{other}`"
                )));
            }
        })
    }

    fn keeps(self, n: &NoticeItem) -> bool {
        match self {
            Show::Open => n.status != NoticeStatus::Done,
            Show::Overdue => n.overdue,
            Show::Help => n.needs_help,
            Show::Done => n.status == NoticeStatus::Done,
            Show::All => true,
        }
    }
}

impl CsvRow for NoticeItem {
    fn header() -> Vec<&'static str> {
        vec![
            "通知单",
            "部门",
            "医院",
            "业务详情",
            "下单人员",
            "接洽人员",
            "状态",
            "完成时间",
            "逾期",
            "回执原因",
            "需要帮助",
        ]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.kind.label(Locale::ZhCn).to_owned(),
            self.department.label(Locale::ZhCn).to_owned(),
            self.hospital.clone(),
            self.details.clone(),
            self.issuer_name.clone(),
            self.handler_name.clone().unwrap_or_default(),
            self.status.label(Locale::ZhCn).to_owned(),
            self.due.map(|d| d.to_string()).unwrap_or_default(),
            if self.overdue { "是" } else { "" }.to_owned(),
            self.reason.clone(),
            self.help_needed.clone(),
        ]
    }
}

/// Sums for one group of notices.
#[derive(Default)]
struct Tally {
    open: u32,
    overdue: u32,
    done: u32,
    turnaround_ms: i64,
}

impl Tally {
    fn add(&mut self, n: &NoticeItem) {
        match n.done_at {
            Some(done) => {
                self.done += 1;
                self.turnaround_ms += (done.0 - n.issued_at.0).max(0);
            }
            None => {
                self.open += 1;
                self.overdue += u32::from(n.overdue);
            }
        }
    }

    fn count(
        &self,
        department: Option<Department>,
        handler: Option<UserId>,
        name: String,
    ) -> DeskCount {
        DeskCount {
            department,
            handler,
            name,
            open: self.open,
            overdue: self.overdue,
            done: self.done,
            avg_turnaround_hours: (self.done > 0)
                .then(|| self.turnaround_ms as f64 / f64::from(self.done) / 3_600_000.0),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/notices", tag = "notices", params(NoticeFilters), description = "Hand-off notices (业务通知单) in the caller's view: managers their teams', admins all, a department its own, a rep their own. Counts by department and by person handling cover every open notice in view and those done in the last `days` (default 90): open, overdue, done, average hours from issue to done; the list keeps `status` (open by default), `department` and `rep`, overdue first. With `format=csv`, every selected notice as a UTF-8 CSV file (with BOM).", responses((status = 200, body = NoticeReport), crate::error::ErrorResponses))]
pub(crate) async fn list(
    State(state): State<AppState>,
    auth: AuthUser,
    Query(filters): Query<NoticeFilters>,
) -> Result<Response, AppError> {
    let show = Show::parse(filters.status.as_deref())?;
    let csv = csv::wanted(filters.format.as_deref())?;
    let department = filters
        .department
        .as_deref()
        .map(|d| {
            Department::from_key(d).ok_or_else(|| {
                let keys: Vec<&str> = Department::ALL.iter().map(|d| d.key()).collect();
                bad(format!(
                    "unknown department `{d}`; use one of: {}",
                    keys.join(", ")
                ))
            })
        })
        .transpose()?;
    let limit = filters.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(AppError::BadRequest {
            code: "invalid_page",
            message: format!("`limit` must be between 1 and 1000, not {limit}"),
        });
    }
    let days = filters.days.unwrap_or(90);
    if !(1..=3650).contains(&days) {
        return Err(bad(format!(
            "`days` must be between 1 and 3650, not {days}"
        )));
    }
    let since = Timestamp(state.now_ms() - i64::from(days) * DAY_MS);
    let user = auth.user.clone();
    let (views, users, org) = state
        .store(move |s| {
            let managed = s.managed_teams(user.id)?;
            let scope = NoticeScope {
                done_since: Some(since),
                ..notice_scope(&user, &managed)
            };
            Ok((s.notices(&scope)?, s.users()?, s.org_config()?))
        })
        .await?;
    let rep = match filters.rep.as_deref() {
        Some(r) => Some(
            users
                .iter()
                .find(|u| u.username == r || u.id.to_string() == r)
                .map(|u| u.id)
                .ok_or_else(|| bad(format!("no user `{r}`")))?,
        ),
        None => None,
    };
    let names: BTreeMap<UserId, String> =
        users.into_iter().map(|u| (u.id, u.display_name)).collect();
    let today = Timestamp(state.now_ms()).date(org.tz);
    let items: Vec<NoticeItem> = views
        .iter()
        .map(|v| {
            let st = v.state(today);
            let n = &v.notice;
            let answer = st.answer.as_ref();
            NoticeItem {
                id: n.id,
                kind: n.kind,
                department: n.department,
                account: n.account,
                hospital: n.hospital.clone(),
                details: n.details.clone(),
                issuer: n.audit.created_by,
                issuer_name: names.get(&n.audit.created_by).cloned().unwrap_or_default(),
                to: n.to,
                handler: st.handler,
                handler_name: st.handler.and_then(|h| names.get(&h).cloned()),
                status: st.status,
                due: st.due,
                overdue: st.overdue,
                needs_help: st.needs_help,
                reason: answer.map(|a| a.reason.clone()).unwrap_or_default(),
                help_needed: answer.map(|a| a.help_needed.clone()).unwrap_or_default(),
                issued_at: n.audit.created_at,
                done_at: st.done_at,
            }
        })
        .collect();

    let mut all = Tally::default();
    let mut by_department: BTreeMap<Department, Tally> = BTreeMap::new();
    let mut by_handler: BTreeMap<(Department, Option<UserId>), Tally> = BTreeMap::new();
    for n in &items {
        all.add(n);
        by_department.entry(n.department).or_default().add(n);
        by_handler
            .entry((n.department, n.handler))
            .or_default()
            .add(n);
    }
    let label = |d: Department| d.label(Locale::ZhCn).to_owned();
    let report_all = all.count(None, None, "全部".to_owned());
    let by_department = by_department
        .iter()
        .map(|(d, t)| t.count(Some(*d), None, label(*d)))
        .collect();
    let by_handler = by_handler
        .iter()
        .map(|((d, h), t)| {
            let name = h
                .and_then(|h| names.get(&h).cloned())
                .unwrap_or_else(|| format!("{}（未指定）", label(*d)));
            t.count(Some(*d), *h, name)
        })
        .collect();

    let mut selected: Vec<NoticeItem> = items
        .into_iter()
        .filter(|n| show.keeps(n))
        .filter(|n| department.is_none_or(|d| n.department == d))
        .filter(|n| rep.is_none_or(|r| n.issuer == r || n.to == Some(r)))
        .collect();
    // Overdue first, then open by due date (undated last), then done, newest first.
    selected.sort_by(|a, b| {
        let rank = |n: &NoticeItem| match (n.overdue, n.done_at.is_some()) {
            (true, _) => 0,
            (false, false) => 1,
            (false, true) => 2,
        };
        rank(a)
            .cmp(&rank(b))
            .then_with(|| match (a.due, b.due) {
                (Some(x), Some(y)) if rank(a) < 2 => x.cmp(&y),
                (Some(_), None) if rank(a) < 2 => std::cmp::Ordering::Less,
                (None, Some(_)) if rank(a) < 2 => std::cmp::Ordering::Greater,
                _ => std::cmp::Ordering::Equal,
            })
            .then(b.issued_at.cmp(&a.issued_at))
    });
    if csv {
        return Ok(csv::response("notices", &selected));
    }
    let total = u32::try_from(selected.len()).unwrap_or(u32::MAX);
    let offset = filters.offset.unwrap_or(0) as usize;
    let notices = selected
        .into_iter()
        .skip(offset)
        .take(limit as usize)
        .collect();
    Ok(Json(NoticeReport {
        all: report_all,
        by_department,
        by_handler,
        total,
        notices,
    })
    .into_response())
}
