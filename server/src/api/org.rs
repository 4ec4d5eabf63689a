//! Organisation administration: `GET /api/v1/org` (anyone logged in) and, for admins,
//! `PUT /api/v1/org/template`, `/org/standards`, `/org/targets`, and teams
//! (`GET/POST /api/v1/teams`, `POST /api/v1/teams/{team}/managers`,
//! `PUT /api/v1/users/{username}/team`). Every change is written to every user's index
//! document, so phones receive it on their next sync (at once when online).

use axum::Json as AxumJson;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use rounds_shared::api::{
    AuditAction, FieldChange, NewManager, NewTeam, Person, TeamChange, TeamInfo, TemplateChange,
};
use rounds_shared::model::{OrgConfig, Standard, Target, TargetSubject, Territory, UserRole};
use rounds_shared::stage::StageTemplate;

use super::json::Json;
use crate::admin::{self, Actor};
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::sync::org_for;

pub(super) fn require_admin(auth: &AuthUser) -> Result<(), AppError> {
    if auth.user.role == UserRole::Admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

#[utoipa::path(get, path = "/api/v1/org", tag = "org", responses((status = 200, body = OrgConfig), (status = 401, body = crate::error::ApiError)))]
pub(crate) async fn get_org(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<AxumJson<OrgConfig>, AppError> {
    let user = auth.user;
    Ok(AxumJson(
        state
            .store(move |s| {
                let managed = s.managed_teams(user.id)?;
                Ok(org_for(s.org_config()?, &user, &managed, &s.users()?))
            })
            .await?,
    ))
}

/// Stores `org` with its audit entry and rewrites every user's index document.
pub(super) async fn save(
    state: &AppState,
    auth: &AuthUser,
    action: AuditAction,
    changes: Vec<FieldChange>,
    org: OrgConfig,
) -> Result<AxumJson<OrgConfig>, AppError> {
    let saved = org.clone();
    let actor = Actor::User(auth.user.id);
    state
        .admin(move |s| admin::save_config(s, actor, action, &saved, changes))
        .await?;
    state.hub.org_changed();
    let users = state.store(|s| s.users()).await?;
    for u in &users {
        state.hub.refresh_index(u).await?;
    }
    tracing::info!(
        users = users.len(),
        "organisation configuration changed; index documents rewritten"
    );
    Ok(AxumJson(org))
}

#[utoipa::path(put, path = "/api/v1/org/template", tag = "org", request_body = TemplateChange, responses((status = 200, body = OrgConfig), crate::error::ErrorResponses))]
pub(crate) async fn put_template(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(change): Json<TemplateChange>,
) -> Result<AxumJson<OrgConfig>, AppError> {
    require_admin(&auth)?;
    let template = match (change.template.as_deref(), change.stages) {
        (Some("default"), None) => StageTemplate::default_eight(),
        (Some("milestones"), None) => StageTemplate::milestones(),
        (Some("five_stage"), None) => StageTemplate::five_stage(),
        (Some(other), None) => {
            return Err(AppError::field(
                "template",
                format!("unknown template `{other}`; use default, milestones or five_stage"),
            ));
        }
        (None, Some(t)) => t,
        _ => {
            return Err(AppError::field(
                "template",
                "give either `template` (a name) or `stages`, not both",
            ));
        }
    };
    template
        .validate()
        .map_err(|e| AppError::field("stages", e.to_string()))?;
    let mut org = state.store(|s| s.org_config()).await?;
    // Opportunities standing in a stage the new template drops would be lost to the funnel.
    let stranded: Vec<String> = state
        .store(|s| s.opportunities(&crate::storage::OppQuery::default()))
        .await?
        .iter()
        .filter_map(|r| {
            let stage = r.opportunity.position.stage()?;
            template
                .stage(stage)
                .is_none()
                .then(|| format!("{} · {} ({stage})", r.account_name, r.opportunity.title))
        })
        .collect();
    if !stranded.is_empty() {
        return Err(AppError::field(
            "stages",
            format!(
                "{} open opportunities stand in stages this template drops; move them first: {}",
                stranded.len(),
                stranded
                    .iter()
                    .take(50)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        ));
    }
    let keys = |t: &StageTemplate| {
        t.stages
            .iter()
            .map(|s| format!("{} {}", s.key, s.win_rate))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let changes = admin_change("stages", keys(&org.template), keys(&template));
    org.template = template;
    save(&state, &auth, AuditAction::TemplateChanged, changes, org).await
}

/// One changed field for the audit log, or none.
pub(super) fn admin_change(field: &str, before: String, after: String) -> Vec<FieldChange> {
    if before == after {
        return Vec::new();
    }
    vec![FieldChange {
        field: field.to_owned(),
        before,
        after,
    }]
}

/// When the day's lists are due.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CutoffInput {
    /// Local time, `HH:MM` (00:00–23:59).
    cutoff: String,
}

#[utoipa::path(put, path = "/api/v1/org/cutoff", tag = "org", request_body = CutoffInput, description = "When reps' daily lists (日清单) are due, local time: the team's daily view counts lists after it as late and those still missing as missing.", responses((status = 200, body = OrgConfig), crate::error::ErrorResponses))]
pub(crate) async fn put_cutoff(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(input): Json<CutoffInput>,
) -> Result<AxumJson<OrgConfig>, AppError> {
    require_admin(&auth)?;
    let minutes = OrgConfig::parse_cutoff(&input.cutoff).ok_or_else(|| {
        AppError::field(
            "cutoff",
            format!("`{}` is not a time of day such as 18:00", input.cutoff),
        )
    })?;
    let mut org = state.store(|s| s.org_config()).await?;
    let before = org.cutoff_text();
    org.daily_cutoff_minutes = minutes;
    let changes = admin_change("daily_cutoff", before, org.cutoff_text());
    save(&state, &auth, AuditAction::CutoffChanged, changes, org).await
}

#[utoipa::path(put, path = "/api/v1/org/territories", tag = "org", request_body = Vec<Territory>, responses((status = 200, body = OrgConfig), crate::error::ErrorResponses))]
pub(crate) async fn put_territories(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(territories): Json<Vec<Territory>>,
) -> Result<AxumJson<OrgConfig>, AppError> {
    require_admin(&auth)?;
    let mut names = std::collections::BTreeSet::new();
    for t in &territories {
        let name = t.name.trim();
        if name.is_empty() || name != t.name {
            return Err(AppError::field(
                "name",
                format!(
                    "a territory needs a name without surrounding spaces: `{}`",
                    t.name
                ),
            ));
        }
        if !names.insert(name) {
            return Err(AppError::field(
                "name",
                format!("territory `{name}` is listed twice"),
            ));
        }
        let mut zones = std::collections::BTreeSet::new();
        if let Some(z) = t.zones.iter().find(|z| !zones.insert(z.zone)) {
            return Err(AppError::field(
                "zones",
                format!(
                    "zone {} of `{name}` is listed twice",
                    z.zone.key().to_uppercase()
                ),
            ));
        }
    }
    let mut org = state.store(|s| s.org_config()).await?;
    let changes = admin::territories_changes(&org.territories, &territories);
    org.territories = territories;
    save(&state, &auth, AuditAction::TerritoriesChanged, changes, org).await
}

#[utoipa::path(put, path = "/api/v1/org/standards", tag = "org", request_body = Vec<Standard>, responses((status = 200, body = OrgConfig), crate::error::ErrorResponses))]
pub(crate) async fn put_standards(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(standards): Json<Vec<Standard>>,
) -> Result<AxumJson<OrgConfig>, AppError> {
    require_admin(&auth)?;
    let mut org = state.store(|s| s.org_config()).await?;
    super::roadmap::check_standards(&org, &standards)?;
    let text = super::roadmap::standards_text;
    let changes = admin_change("standards", text(&org.standards), text(&standards));
    org.standards = standards;
    save(&state, &auth, AuditAction::StandardsChanged, changes, org).await
}

#[utoipa::path(put, path = "/api/v1/org/targets", tag = "org", request_body = Vec<Target>, responses((status = 200, body = OrgConfig), crate::error::ErrorResponses))]
pub(crate) async fn put_targets(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(targets): Json<Vec<Target>>,
) -> Result<AxumJson<OrgConfig>, AppError> {
    require_admin(&auth)?;
    let (users, teams) = state.store(|s| Ok((s.users()?, s.teams()?))).await?;
    for t in &targets {
        if t.amount.is_negative() {
            return Err(AppError::field(
                "amount",
                format!(
                    "the target of {} for {} cannot be negative",
                    t.subject, t.period
                ),
            ));
        }
        let known = match t.subject {
            TargetSubject::Org => true,
            TargetSubject::Team(id) => teams.iter().any(|x| x.id == id),
            TargetSubject::Rep(id) => users.iter().any(|u| u.id == id && u.role == UserRole::Rep),
        };
        if !known {
            return Err(AppError::field(
                "subject",
                format!("unknown target subject {}", t.subject),
            ));
        }
    }
    let mut org = state.store(|s| s.org_config()).await?;
    let text = |t: &[Target]| {
        t.iter()
            .map(|t| format!("{} {} {}", t.subject, t.period, t.amount))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let changes = admin_change("targets", text(&org.targets), text(&targets));
    org.targets = targets;
    save(&state, &auth, AuditAction::TargetsChanged, changes, org).await
}

#[utoipa::path(get, path = "/api/v1/teams", tag = "org", responses((status = 200, body = Vec<TeamInfo>), crate::error::ErrorResponses))]
pub(crate) async fn list_teams(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<AxumJson<Vec<TeamInfo>>, AppError> {
    if !matches!(auth.user.role, UserRole::Admin | UserRole::Manager) {
        return Err(AppError::Forbidden);
    }
    let admin = auth.user.role == UserRole::Admin;
    let me = auth.user.id;
    let (mut teams, users) = state.store(|s| Ok((s.teams()?, s.users()?))).await?;
    // A manager sees the teams they manage, not every team's roster.
    teams.retain(|t| admin || t.managers.contains(&me));
    let name = |id| {
        users
            .iter()
            .find(|u| u.id == id)
            .map_or(String::new(), |u| u.username.clone())
    };
    Ok(AxumJson(
        teams
            .into_iter()
            .map(|t| TeamInfo {
                id: t.id,
                name: t.name,
                managers: t.managers.iter().map(|m| name(*m)).collect(),
                members: users
                    .iter()
                    .filter(|u| u.team == Some(t.id))
                    .map(|u| u.username.clone())
                    .collect(),
                people: users
                    .iter()
                    .filter(|u| u.team == Some(t.id))
                    .map(|u| Person {
                        id: u.id,
                        username: u.username.clone(),
                        display_name: u.display_name.clone(),
                        role: u.role,
                    })
                    .collect(),
            })
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/teams", tag = "org", request_body = NewTeam, responses((status = 201, description = "Created"), crate::error::ErrorResponses))]
pub(crate) async fn add_team(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(team): Json<NewTeam>,
) -> Result<StatusCode, AppError> {
    require_admin(&auth)?;
    let actor = Actor::User(auth.user.id);
    state
        .admin(move |s| admin::add_team(s, actor, &team.name))
        .await?;
    Ok(StatusCode::CREATED)
}

#[utoipa::path(post, path = "/api/v1/teams/{team}/managers", tag = "org", params(("team" = String, Path, description = "Team name or id")), request_body = NewManager, responses((status = 204, description = "Added"), crate::error::ErrorResponses))]
pub(crate) async fn add_manager(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(team): Path<String>,
    Json(m): Json<NewManager>,
) -> Result<StatusCode, AppError> {
    require_admin(&auth)?;
    let actor = Actor::User(auth.user.id);
    state
        .admin(move |s| admin::manage_team(s, actor, &team, &m.username))
        .await?;
    refresh_all(&state).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/api/v1/users/{username}/team", tag = "org", params(("username" = String, Path, description = "Login name")), request_body = TeamChange, responses((status = 204, description = "Moved"), crate::error::ErrorResponses))]
pub(crate) async fn set_user_team(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(username): Path<String>,
    Json(change): Json<TeamChange>,
) -> Result<StatusCode, AppError> {
    require_admin(&auth)?;
    let actor = Actor::User(auth.user.id);
    state
        .admin(move |s| admin::set_team(s, actor, &username, change.team.as_deref()))
        .await?;
    refresh_all(&state).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Membership changed: open connections decide access afresh, and every index document is
/// rewritten.
pub(crate) async fn refresh_all(state: &AppState) -> Result<(), AppError> {
    Ok(state.hub.everyone_changed().await?)
}
