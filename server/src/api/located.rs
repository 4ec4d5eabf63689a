//! `PUT /api/v1/accounts/{id}/location`: a manager (of the hospital's rep) or an
//! administrator confirms that a hospital is where one of its visits checked in. The
//! location is written into the hospital's document, live (phones receive it like any
//! edit), and audited; the distance flags of its visits are measured from it from then on.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use rounds_shared::api::{AuditAction, FieldChange, LocateFromVisit};
use rounds_shared::doc::AccountDoc;
use rounds_shared::ids::AccountId;
use rounds_shared::model::{UserRole, Visit};
use rounds_shared::sync::DocumentId;
use rounds_shared::time::Timestamp;

use super::json::Json;
use crate::admin::import::Details;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::{AuditRecord, DocKind};
use crate::sync::{Access, Target, decide};

#[utoipa::path(put, path = "/api/v1/accounts/{id}/location", tag = "admin", params(("id" = String, Path, description = "Account id")), request_body = LocateFromVisit, description = "Sets the hospital's location to where one of its visits checked in. Managers of the hospital's rep and administrators only; audited.", responses((status = 204, description = "Set, in the account's document"), crate::error::ErrorResponses))]
pub(crate) async fn locate(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(id): Path<String>,
    Json(input): Json<LocateFromVisit>,
) -> Result<StatusCode, AppError> {
    if !matches!(auth.user.role, UserRole::Manager | UserRole::Admin) {
        return Err(AppError::Forbidden);
    }
    let id: AccountId = id
        .parse()
        .map_err(|e: rounds_shared::ids::InvalidId| AppError::field("id", e.to_string()))?;
    let not_found = || AppError::NotFound(format!("no account {id}"));
    let user = auth.user.clone();
    let row = state
        .store(move |s| {
            let managed = s.managed_teams(user.id)?;
            Ok(s.account(id)?
                .filter(|row| decide(&user, &managed, Target::from(row)) != Access::None))
        })
        .await?
        .ok_or_else(not_found)?;
    let (visit, before) = {
        let slot = state
            .hub
            .slot(DocumentId::from(id), DocKind::Account(id))
            .await?;
        let mut slot = slot.lock().await;
        AccountDoc::with(&mut slot.doc, |d| {
            Ok::<_, rounds_shared::doc::DocError>((
                d.get::<Visit>(input.visit).map(|v| v.value),
                d.account()?.value.location,
            ))
        })
        .map_err(crate::sync::SyncError::from)?
    };
    let visit = visit
        .ok_or_else(|| AppError::NotFound(format!("no visit {} at this hospital", input.visit)))?;
    let point = visit
        .check_in
        .and_then(|c| c.location)
        .ok_or_else(|| AppError::field("visit", "this visit's check-in has no location"))?;
    let text = |p: Option<rounds_shared::model::GeoPoint>| {
        p.map(|p| format!("{:.6},{:.6}", p.lat, p.lng))
            .unwrap_or_default()
    };
    let record = AuditRecord {
        at: Timestamp(state.now_ms()),
        actor: Some(auth.user.id),
        action: AuditAction::AccountChanged,
        target: row.name.clone(),
        changes: vec![FieldChange {
            field: "location".into(),
            before: text(before),
            after: text(Some(point)),
        }],
    };
    let details = Details {
        location: Some(point),
        ..Details::default()
    };
    crate::sync::write_profile(&state, id, details, record, auth.user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
