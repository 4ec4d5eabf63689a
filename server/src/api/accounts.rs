//! Hospital accounts for administration: `GET /api/v1/accounts` (every account with its
//! owner, orphans marked; a manager sees their teams'), and
//! `PUT /api/v1/accounts/{id}/owner`, which hands one account over, live. An admin may give
//! any account to anyone; a manager, an account of their teams to a rep of their teams.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rounds_shared::api::{AccountSummary, OwnerChange};
use rounds_shared::ids::{AccountId, TeamId, UserId};
use rounds_shared::model::{HospitalLevel, UserRole};

use super::csv::{self, CsvRow};
use super::json::Json;
use super::query::Query;
use crate::admin::import::Column;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::User;
use crate::sync::Assignment;

/// Which accounts to list.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct AccountFilters {
    /// Only orphans (owner disabled or gone).
    #[serde(default)]
    orphans: bool,
    /// Only this owner's (login name).
    owner: Option<String>,
    /// `csv`: the import sheet's columns, ready to edit and import again.
    format: Option<String>,
}

impl CsvRow for AccountSummary {
    fn header() -> Vec<&'static str> {
        Column::ALL.iter().map(|c| c.header()).collect()
    }
    fn cells(&self) -> Vec<String> {
        Column::ALL
            .iter()
            .map(|c| match c {
                Column::Name => self.name.clone(),
                Column::Level => self.level.key().to_owned(),
                Column::Region => self.region.clone(),
                Column::Zone => self
                    .zone
                    .map(|z| z.key().to_uppercase())
                    .unwrap_or_default(),
                Column::Address => self.address.clone(),
                Column::Owner => self.owner_username.clone(),
                Column::Departments => self.departments.join(";"),
                Column::SampleVolume => self
                    .annual_sample_volume
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
            })
            .collect()
    }
}

/// What a user administers, read in one go: every team (admins) or the teams they manage
/// (managers), everyone, and the hospitals in those teams with their owners.
pub(super) struct Administered {
    /// `None`: every team.
    teams: Option<Vec<TeamId>>,
    /// Every user.
    pub(super) users: Vec<User>,
    /// The hospitals administered, orphans marked.
    pub(super) accounts: Vec<AccountSummary>,
}

impl Administered {
    /// What `user` administers; 403 for anyone but admins and managers.
    pub(super) async fn load(state: &AppState, user: &User) -> Result<Self, AppError> {
        let (me, admin) = match user.role {
            UserRole::Admin => (user.id, true),
            UserRole::Manager => (user.id, false),
            _ => return Err(AppError::Forbidden),
        };
        let (teams, profiles, users) = state
            .store(move |s| {
                let teams = if admin {
                    None
                } else {
                    Some(s.managed_teams(me)?)
                };
                Ok((teams, s.account_profiles()?, s.users()?))
            })
            .await?;
        let mut out = Administered {
            teams,
            users,
            accounts: Vec::new(),
        };
        let owner = |id: UserId| out.users.iter().find(|u| u.id == id);
        let accounts = profiles
            .into_iter()
            .filter(|p| out.covers(owner(p.owner).and_then(|u| u.team)))
            .map(|p| {
                let o = owner(p.owner);
                AccountSummary {
                    id: p.id,
                    name: p.name,
                    level: p.level.unwrap_or(HospitalLevel::Ungraded),
                    region: p.region,
                    zone: p.zone,
                    address: p.address,
                    departments: p.departments.into_iter().collect(),
                    annual_sample_volume: p.annual_sample_volume,
                    owner: p.owner,
                    owner_username: o.map(|u| u.username.clone()).unwrap_or_default(),
                    orphan: o.is_none_or(|u| u.disabled),
                    attitude: p.attitude,
                    relationship_stage: p.relationship_stage,
                    tier: p.tier,
                }
            })
            .collect();
        out.accounts = accounts;
        Ok(out)
    }

    /// Whether someone of `team` is administered (everyone is, for an admin).
    pub(super) fn covers(&self, team: Option<TeamId>) -> bool {
        match &self.teams {
            None => true,
            Some(teams) => team.is_some_and(|t| teams.contains(&t)),
        }
    }

    /// Whether this is every team (an admin's view).
    pub(super) fn everything(&self) -> bool {
        self.teams.is_none()
    }
}

#[utoipa::path(get, path = "/api/v1/accounts", tag = "admin", params(AccountFilters), description = "Hospital accounts with their owners, by name. With `format=csv`, the import sheet's columns.", responses((status = 200, body = Vec<AccountSummary>), crate::error::ErrorResponses))]
pub(crate) async fn list(
    State(state): State<AppState>,
    auth: AuthUser,
    Query(f): Query<AccountFilters>,
) -> Result<Response, AppError> {
    let mut items = Administered::load(&state, &auth.user).await?.accounts;
    items.retain(|a| {
        (!f.orphans || a.orphan)
            && f.owner
                .as_ref()
                .is_none_or(|o| a.owner_username.eq_ignore_ascii_case(o))
    });
    match f.format.as_deref() {
        None | Some("json") => Ok(axum::Json(items).into_response()),
        Some("csv") => Ok(csv::response("hospitals", &items)),
        Some(other) => Err(AppError::field(
            "format",
            format!("unknown format `{other}`; use csv"),
        )),
    }
}

/// An account id, or its document's id (the same value in the sync protocol's form).
fn account_id(id: &str) -> Result<AccountId, AppError> {
    match id.parse::<AccountId>() {
        Ok(a) => Ok(a),
        Err(e) => match id.parse::<rounds_shared::sync::DocumentId>() {
            Ok(doc) => Ok(AccountId::from_uuid(doc.as_uuid())),
            Err(_) => Err(AppError::field("id", e.to_string())),
        },
    }
}

#[utoipa::path(put, path = "/api/v1/accounts/{id}/owner", tag = "admin", params(("id" = String, Path, description = "Account id, or its document id")), request_body = OwnerChange, responses((status = 204, description = "Handed over: the new owner's devices receive it, the former owner's lose it"), crate::error::ErrorResponses))]
pub(crate) async fn set_owner(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(id): Path<String>,
    Json(change): Json<OwnerChange>,
) -> Result<StatusCode, AppError> {
    let account = account_id(&id)?;
    let request = rounds_shared::api::HandOverRequest {
        accounts: Some(vec![account]),
        to: Some(change.owner),
        ..Default::default()
    };
    let (plan, _) = super::handovers::plan(&state, &auth, &request).await?;
    run(&state, &auth, plan).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Carries out a hand-over plan.
pub(super) async fn run(
    state: &AppState,
    auth: &AuthUser,
    plan: Vec<Assignment>,
) -> Result<usize, AppError> {
    Ok(crate::sync::assign_accounts(state, plan, auth.user.id).await?)
}
