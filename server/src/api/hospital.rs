//! One hospital at a time, for administrators: `POST /api/v1/accounts` creates one (with
//! its document, owned by a rep), `PATCH /api/v1/accounts/{id}` changes its details in its
//! document, live: connected devices receive the change, merged like any edit. Both are
//! audited. (Owners change by a hand-over; many hospitals at once by an import.)

use std::collections::BTreeSet;

use axum::Json as AxumJson;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use rounds_shared::api::{AuditAction, FieldChange, HospitalDetails};
use rounds_shared::ids::AccountId;
use rounds_shared::model::Account;
use rounds_shared::time::Timestamp;

use super::json::Json;
use super::org::require_admin;
use crate::admin::import::Details;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::{AuditRecord, User, WriteOp};

/// The details given, checked against the organisation's territories.
async fn details(state: &AppState, d: &HospitalDetails) -> Result<Details, AppError> {
    let org = state.store(|s| s.org_config()).await?;
    let trimmed = |t: &Option<String>| t.as_ref().map(|t| t.trim().to_owned());
    let region = trimmed(&d.region);
    if let Some(r) = &region
        && !org.knows_region(r)
    {
        return Err(AppError::field(
            "region",
            format!("`{r}` is not one of the organisation's territories"),
        ));
    }
    Ok(Details {
        level: d.level,
        region,
        zone: d.zone,
        address: trimmed(&d.address),
        departments: d.departments.as_ref().map(|ds| {
            ds.iter()
                .map(|x| x.trim().to_owned())
                .filter(|x| !x.is_empty())
                .collect::<BTreeSet<_>>()
        }),
        annual_sample_volume: d.annual_sample_volume,
        location: None,
    })
}

/// The audit log's account of `details` applied to `before`.
fn changes(before: &Account, after: &Account) -> Vec<FieldChange> {
    let text = |a: &Account| {
        [
            ("level", a.level.key().to_owned()),
            ("region", a.region.clone()),
            (
                "zone",
                a.zone.map(|z| z.key().to_owned()).unwrap_or_default(),
            ),
            ("address", a.address.clone()),
            (
                "departments",
                a.departments.iter().cloned().collect::<Vec<_>>().join(";"),
            ),
            (
                "annual_sample_volume",
                a.annual_sample_volume
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
            ),
        ]
    };
    text(before)
        .into_iter()
        .zip(text(after))
        .filter(|((_, b), (_, a))| a != b)
        .map(|((field, before), (_, after))| FieldChange {
            field: field.to_owned(),
            before,
            after,
        })
        .collect()
}

#[utoipa::path(post, path = "/api/v1/accounts", tag = "admin", request_body = HospitalDetails, responses((status = 201, body = String, description = "Created: the new account's id"), crate::error::ErrorResponses))]
pub(crate) async fn create(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(d): Json<HospitalDetails>,
) -> Result<(StatusCode, AxumJson<AccountId>), AppError> {
    require_admin(&auth)?;
    let name = d
        .name
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    if name.is_empty() {
        return Err(AppError::field("name", "a hospital needs a name"));
    }
    let level = d
        .level
        .ok_or_else(|| AppError::field("level", "a hospital needs a level"))?;
    let owner_name = d.owner.clone().unwrap_or_default();
    let (owner, taken) = {
        let (n, o) = (name.clone(), owner_name.clone());
        state
            .store(move |s| {
                let owner = s.user_by_name(&o)?.map(|(u, _)| u);
                let taken = s.account_profiles()?.iter().any(|p| p.name.trim() == n);
                Ok((owner, taken))
            })
            .await?
    };
    if taken {
        return Err(AppError::field(
            "name",
            format!("a hospital named `{name}` already exists"),
        ));
    }
    let owner = owner.filter(User::may_own_accounts).ok_or_else(|| {
        AppError::field(
            "owner",
            format!(
                "`{owner_name}` cannot own hospitals (unknown, disabled, or not a rep or manager)"
            ),
        )
    })?;
    let details = details(&state, &d).await?;
    let now = Timestamp(state.now_ms());
    let mut account = Account::new(
        AccountId::generate(),
        name,
        level,
        String::new(),
        owner.id,
        now,
    );
    let blank = account.clone();
    details.apply(&mut account);
    let mut audit = changes(&blank, &account);
    audit.insert(
        0,
        FieldChange {
            field: "owner".into(),
            before: String::new(),
            after: owner.username.clone(),
        },
    );
    let id = account.id;
    let record = AuditRecord {
        at: now,
        actor: Some(auth.user.id),
        action: AuditAction::AccountCreated,
        target: account.name.clone(),
        changes: audit,
    };
    state
        .admin(move |s| {
            let mut ops = crate::admin::new_account_ops(&account, &s.org_config()?.template)?;
            ops.push(WriteOp::Audit(Box::new(record)));
            Ok(s.write(ops)?)
        })
        .await?;
    state.hub.everyone_changed().await?;
    Ok((StatusCode::CREATED, AxumJson(id)))
}

#[utoipa::path(patch, path = "/api/v1/accounts/{id}", tag = "admin", params(("id" = String, Path, description = "Account id")), request_body = HospitalDetails, responses((status = 204, description = "Changed, in the account's document"), crate::error::ErrorResponses))]
pub(crate) async fn edit(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(id): Path<String>,
    Json(d): Json<HospitalDetails>,
) -> Result<StatusCode, AppError> {
    require_admin(&auth)?;
    let id: AccountId = id
        .parse()
        .map_err(|e: rounds_shared::ids::InvalidId| AppError::field("id", e.to_string()))?;
    if d.name.is_some() || d.owner.is_some() {
        let field = if d.name.is_some() { "name" } else { "owner" };
        return Err(AppError::field(
            field,
            "set at creation; an owner changes by a hand-over",
        ));
    }
    let profile = state
        .store(move |s| Ok(s.account_profiles()?.into_iter().find(|p| p.id == id)))
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no account {id}")))?;
    let details = details(&state, &d).await?;
    let now = Timestamp(state.now_ms());
    let before = profile.account(now);
    let mut after = before.clone();
    details.apply(&mut after);
    let changed = changes(&before, &after);
    if changed.is_empty() {
        return Ok(StatusCode::NO_CONTENT);
    }
    let record = AuditRecord {
        at: now,
        actor: Some(auth.user.id),
        action: AuditAction::AccountChanged,
        target: profile.name.clone(),
        changes: changed,
    };
    crate::sync::write_profile(&state, id, details, record, auth.user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
