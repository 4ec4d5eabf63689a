//! `PUT /api/v1/org/roadmap`: the success roadmap by tenure — its phases, each with its own
//! activity standards, and the reps' start dates — for administrators. Like every setting,
//! it reaches every index document, so phones measure a rep against their phase offline.

use std::collections::BTreeSet;

use axum::Json as AxumJson;
use axum::extract::State;
use rounds_shared::api::{AuditAction, RoadmapChange};
use rounds_shared::model::{OrgConfig, RoadmapPhase, Standard, StandardMetric, UserRole};

use super::json::Json;
use super::org::{admin_change, require_admin, save};
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::state::AppState;

/// Each standard is measurable against the organisation's template.
pub(super) fn check_standards(org: &OrgConfig, standards: &[Standard]) -> Result<(), AppError> {
    for s in standards {
        if s.minimum < 0 {
            return Err(AppError::field(
                "minimum",
                format!("the minimum of `{}` cannot be negative", s.metric.key()),
            ));
        }
        match (s.metric, &s.stage) {
            (StandardMetric::AccountsInStage, None) => {
                return Err(AppError::field(
                    "stage",
                    "`accounts_in_stage` needs a `stage`",
                ));
            }
            (StandardMetric::AccountsInStage, Some(stage))
                if org.template.stage(stage).is_none() =>
            {
                return Err(AppError::field(
                    "stage",
                    format!("stage `{stage}` is not in the organisation's template"),
                ));
            }
            (StandardMetric::AccountsInStage, Some(_)) | (_, None) => {}
            (_, Some(_)) => {
                return Err(AppError::field(
                    "stage",
                    format!("`{}` takes no stage", s.metric.key()),
                ));
            }
        }
    }
    Ok(())
}

/// Standards as the audit log shows them.
pub(super) fn standards_text(s: &[Standard]) -> String {
    s.iter()
        .map(|s| match &s.stage {
            Some(stage) => format!("{}[{stage}] ≥ {}", s.metric.key(), s.minimum),
            None => format!("{} ≥ {}", s.metric.key(), s.minimum),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn phases_text(phases: &[RoadmapPhase]) -> String {
    phases
        .iter()
        .map(|p| {
            let until = p
                .until_week
                .map(|u| (u - 1).to_string())
                .unwrap_or_default();
            format!(
                "{} w{}–{until}: {}",
                p.zh,
                p.from_week,
                standards_text(&p.standards)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[utoipa::path(put, path = "/api/v1/org/roadmap", tag = "org", request_body = RoadmapChange, responses((status = 200, body = OrgConfig), crate::error::ErrorResponses))]
pub(crate) async fn put_roadmap(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(change): Json<RoadmapChange>,
) -> Result<AxumJson<OrgConfig>, AppError> {
    require_admin(&auth)?;
    let (mut org, users) = state.store(|s| Ok((s.org_config()?, s.users()?))).await?;
    let mut phases = change.phases;
    phases.sort_by_key(|p| p.from_week);
    for p in &phases {
        if p.from_week == 0 || p.until_week.is_some_and(|u| u <= p.from_week) {
            return Err(AppError::field(
                "from_week",
                format!(
                    "phase `{}`: weeks count from 1, and a phase ends after it begins",
                    p.zh
                ),
            ));
        }
        if p.zh.trim().is_empty() {
            return Err(AppError::field("zh", "a phase needs a name"));
        }
        check_standards(&org, &p.standards)?;
    }
    for pair in phases.windows(2) {
        if pair[0].until_week.is_none_or(|u| u > pair[1].from_week) {
            return Err(AppError::field(
                "until_week",
                format!("phases `{}` and `{}` overlap", pair[0].zh, pair[1].zh),
            ));
        }
    }
    let mut seen = BTreeSet::new();
    for s in &change.starts {
        if !users
            .iter()
            .any(|u| u.id == s.rep && u.role == UserRole::Rep)
        {
            return Err(AppError::field("rep", format!("{} is not a rep", s.rep)));
        }
        if !seen.insert(s.rep) {
            return Err(AppError::field(
                "rep",
                format!("{} has two start dates", s.rep),
            ));
        }
    }
    let mut changes = admin_change("phases", phases_text(&org.phases), phases_text(&phases));
    let name = |id| {
        users
            .iter()
            .find(|u| u.id == id)
            .map_or(String::new(), |u| u.username.clone())
    };
    let starts = |o: &OrgConfig| {
        o.starts
            .iter()
            .map(|s| format!("{} {}", name(s.rep), s.started))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let before = starts(&org);
    org.phases = phases;
    org.starts = change.starts;
    changes.extend(admin_change("starts", before, starts(&org)));
    save(&state, &auth, AuditAction::RoadmapChanged, changes, org).await
}
