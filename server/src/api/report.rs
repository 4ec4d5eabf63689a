//! The opening every dashboard endpoint shares: who asks, their filters checked, the scope
//! they may see, and whether they want CSV — as one extractor.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::filters::{Filters, Scope};
use super::query::Query;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::state::AppState;

/// A dashboard request: the caller's scope narrowed by the filters. Rejections come in
/// the order a client can act on them: not signed in (401), bad filters or format (400),
/// a scope the caller may not see (403).
#[derive(Debug)]
pub(crate) struct Report {
    /// The filters as given (pagination and drill-down parameters live here).
    pub filters: Filters,
    /// What the caller sees, narrowed by the filters.
    pub scope: Scope,
    /// `format=csv` was asked for.
    pub csv: bool,
}

impl FromRequestParts<AppState> for Report {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let auth = AuthUser::from_request_parts(parts, state).await?;
        let Query(filters) = Query::<Filters>::from_request_parts(parts, state).await?;
        let csv = filters.csv()?;
        let scope = filters.scope(state, &auth.user).await?;
        Ok(Report {
            filters,
            scope,
            csv,
        })
    }
}

/// Every user's display name by id, for reports that name reps.
pub(crate) async fn display_names(
    state: &AppState,
) -> Result<std::collections::HashMap<rounds_shared::ids::UserId, String>, AppError> {
    let users = state.store(|s| s.users()).await?;
    Ok(users.into_iter().map(|u| (u.id, u.display_name)).collect())
}

/// The reps `user` reviews: a manager's teams' reps, an admin's every rep, a rep
/// themselves; department users none.
pub(crate) async fn reps_in_view(
    state: &AppState,
    user: &crate::storage::User,
) -> Result<Vec<crate::storage::User>, AppError> {
    let me = user.clone();
    state
        .store(move |s| {
            let managed = s.managed_teams(me.id)?;
            Ok(s.users()?
                .into_iter()
                .filter(|u| u.role == rounds_shared::model::UserRole::Rep && !u.disabled)
                .filter(|u| match me.role {
                    rounds_shared::model::UserRole::Admin => true,
                    rounds_shared::model::UserRole::Manager => {
                        u.team.is_some_and(|t| managed.contains(&t))
                    }
                    _ => u.id == me.id,
                })
                .collect())
        })
        .await
}

/// The rep a manager's review is of: `rep` (an id) among those `user` reviews, never `user`
/// themselves (`missing` otherwise).
pub(crate) async fn reviewed_rep(
    state: &AppState,
    user: &crate::storage::User,
    rep: &str,
    missing: impl FnOnce() -> AppError,
) -> Result<crate::storage::User, AppError> {
    reps_in_view(state, user)
        .await?
        .into_iter()
        .find(|r| r.id.to_string() == rep && r.id != user.id)
        .ok_or_else(missing)
}

/// A review's audit: the earlier one's, changed `now` by `by`, or a new one.
pub(crate) fn review_audit(
    earlier: Option<rounds_shared::model::Audit>,
    now: rounds_shared::time::Timestamp,
    by: rounds_shared::ids::UserId,
) -> rounds_shared::model::Audit {
    match earlier {
        Some(mut audit) => {
            audit.touch(now, by);
            audit
        }
        None => rounds_shared::model::Audit::new(now, by),
    }
}
