//! `PUT /api/v1/accounts/{id}/owner`: hand an account over to another rep, live. An admin
//! may give any account to anyone; a manager, an account of their teams to a rep of their
//! teams. See [`crate::sync::assign_account`] for what follows.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use rounds_shared::api::OwnerChange;
use rounds_shared::ids::AccountId;
use rounds_shared::model::UserRole;

use super::json::Json;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::state::AppState;

#[utoipa::path(put, path = "/api/v1/accounts/{id}/owner", tag = "org", params(("id" = String, Path, description = "Account id, or its document id")), request_body = OwnerChange, responses((status = 204, description = "Handed over: the new owner's devices receive it, the former owner's lose it"), crate::error::ErrorResponses))]
pub(crate) async fn set_owner(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(id): Path<String>,
    Json(change): Json<OwnerChange>,
) -> Result<StatusCode, AppError> {
    // The account id, or its document's id (the same value in the sync protocol's form).
    let account: AccountId = match id.parse::<AccountId>() {
        Ok(a) => a,
        Err(e) => match id.parse::<rounds_shared::sync::DocumentId>() {
            Ok(doc) => AccountId::from_uuid(doc.as_uuid()),
            Err(_) => {
                return Err(AppError::BadRequest {
                    code: "bad_id",
                    message: e.to_string(),
                });
            }
        },
    };
    let me = auth.user.clone();
    let owner = state
        .store(move |s| {
            let row = s.account(account)?;
            let owner = s.user_by_name(&change.owner)?.map(|(u, _)| u);
            let managed = s.managed_teams(me.id)?;
            Ok((row, owner, managed))
        })
        .await?;
    let (row, owner, managed) = owner;
    let row = row.ok_or_else(|| AppError::NotFound(format!("no account {account}")))?;
    let owner = owner.ok_or_else(|| AppError::BadRequest {
        code: "unknown_user",
        message: "no such user to give the account to".into(),
    })?;
    if !matches!(owner.role, UserRole::Rep | UserRole::Manager) || owner.disabled {
        return Err(AppError::BadRequest {
            code: "not_a_rep",
            message: format!("{} cannot own accounts", owner.username),
        });
    }
    let in_my_teams =
        |team: Option<rounds_shared::ids::TeamId>| team.is_some_and(|t| managed.contains(&t));
    let allowed = match auth.user.role {
        UserRole::Admin => true,
        UserRole::Manager => in_my_teams(row.owner_team) && in_my_teams(owner.team),
        _ => false,
    };
    if !allowed {
        return Err(AppError::Forbidden);
    }
    crate::sync::assign_account(&state, account, owner.id, auth.user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
