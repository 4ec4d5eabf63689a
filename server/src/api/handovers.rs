//! `POST /api/v1/handovers`: hand accounts over to other reps, live — one account, a
//! selection, every account of a rep, or the orphans; to one rep, or split by territory.
//! The new owners' phones receive the accounts with their whole history on their next
//! sync; the former owner's phone loses them, and what it logged offline before it knew
//! is still taken (see `sync::access`).

use axum::Json as AxumJson;
use axum::extract::State;
use rounds_shared::api::{AccountSummary, HandOverReport, HandOverRequest};

use super::json::Json;
use crate::admin::assignment_record;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::User;
use crate::sync::Assignment;

/// What `request` asks for, checked: the accounts it names must be ones `auth`
/// administers, and every new owner an enabled rep or manager `auth` may give accounts to.
pub(super) async fn plan(
    state: &AppState,
    auth: &AuthUser,
    request: &HandOverRequest,
) -> Result<(Vec<Assignment>, usize), AppError> {
    let scope = super::accounts::Administered::load(state, &auth.user).await?;
    let (accounts, users) = (&scope.accounts, &scope.users);
    let recipient = |field: &'static str, name: &str| -> Result<User, AppError> {
        let u = users
            .iter()
            .find(|u| u.username.eq_ignore_ascii_case(name))
            .ok_or_else(|| AppError::field(field, format!("no user `{name}`")))?;
        if !u.may_own_accounts() {
            return Err(AppError::field(
                field,
                format!("`{name}` cannot own accounts (disabled, or not a rep or manager)"),
            ));
        }
        if !scope.covers(u.team) {
            return Err(AppError::Forbidden);
        }
        Ok(u.clone())
    };
    let to = request
        .to
        .as_deref()
        .map(|t| recipient("to", t))
        .transpose()?;
    let by_region = request
        .by_region
        .iter()
        .map(|r| Ok((r.region.as_str(), recipient("by_region", &r.to)?)))
        .collect::<Result<Vec<_>, AppError>>()?;
    if to.is_none() && by_region.is_empty() {
        return Err(AppError::field(
            "to",
            "say who takes the accounts: `to`, or `by_region`",
        ));
    }
    let from = request
        .from
        .as_deref()
        .map(|f| {
            let u = users
                .iter()
                .find(|u| u.username.eq_ignore_ascii_case(f))
                .ok_or_else(|| AppError::field("from", format!("no user `{f}`")))?;
            if scope.covers(u.team) {
                Ok(u.id)
            } else {
                Err(AppError::Forbidden)
            }
        })
        .transpose()?;
    if from.is_none() && request.accounts.is_none() && !request.orphans {
        return Err(AppError::field(
            "accounts",
            "say which accounts: `from`, `accounts` or `orphans`",
        ));
    }
    if let Some(named) = &request.accounts {
        for id in named {
            if !accounts.iter().any(|a| a.id == *id) {
                let id = *id;
                let exists = state.store(move |s| s.account(id)).await?.is_some();
                return Err(if exists {
                    AppError::Forbidden
                } else {
                    AppError::field("accounts", format!("no account {id}"))
                });
            }
        }
    }
    let chosen = |a: &AccountSummary| {
        from.is_none_or(|f| a.owner == f)
            && request
                .accounts
                .as_ref()
                .is_none_or(|ids| ids.contains(&a.id))
            && (!request.orphans || a.orphan)
    };
    let actor = Some(auth.user.id);
    let chosen: Vec<&AccountSummary> = accounts.iter().filter(|a| chosen(a)).collect();
    let assignments: Vec<Assignment> = chosen
        .iter()
        .filter_map(|a| {
            let owner = by_region
                .iter()
                .find(|(r, _)| *r == a.region)
                .map(|(_, u)| u)
                .or(to.as_ref())?;
            (owner.id != a.owner).then(|| Assignment {
                account: a.id,
                owner: owner.id,
                audit: assignment_record(actor, &a.name, &a.owner_username, &owner.username),
            })
        })
        .collect();
    let kept = chosen.len() - assignments.len();
    Ok((assignments, kept))
}

#[utoipa::path(post, path = "/api/v1/handovers", tag = "admin", request_body = HandOverRequest, responses((status = 200, body = HandOverReport), crate::error::ErrorResponses))]
pub(crate) async fn hand_over(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(request): Json<HandOverRequest>,
) -> Result<AxumJson<HandOverReport>, AppError> {
    let (plan, kept) = plan(&state, &auth, &request).await?;
    let moved = super::accounts::run(&state, &auth, plan).await?;
    Ok(AxumJson(HandOverReport { moved, kept }))
}
