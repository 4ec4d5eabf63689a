//! `POST /api/v1/accounts/import`: hospitals from a CSV or Excel (.xlsx) sheet, for
//! administrators. A dry run (the default) says what every row would do and saves
//! nothing; `?commit=true` saves every row in one transaction — and only when no row has
//! an error, so a sheet is never half imported. See [`crate::admin::import`] for the
//! columns.

use axum::Json as AxumJson;
use axum::body::Bytes;
use axum::extract::State;
use rounds_shared::api::{AuditAction, ImportReport};

use super::org::require_admin;
use super::query::Query;
use crate::admin::import::{self, Plan};
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::{AuditRecord, WriteOp};

/// Whether to save.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ImportOptions {
    /// Save the rows (only when none has an error); otherwise a dry run.
    #[serde(default)]
    commit: bool,
    /// The file's name, for the audit log.
    file: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/accounts/import", tag = "admin", params(ImportOptions), request_body(content = Vec<u8>, description = "The sheet: CSV (UTF-8 or GB18030) or .xlsx", content_type = "application/octet-stream"), responses((status = 200, body = ImportReport), crate::error::ErrorResponses))]
pub(crate) async fn import(
    State(state): State<AppState>,
    auth: AuthUser,
    Query(options): Query<ImportOptions>,
    body: Bytes,
) -> Result<AxumJson<ImportReport>, AppError> {
    require_admin(&auth)?;
    let now = rounds_shared::time::Timestamp(state.now_ms());
    // Reading a workbook and checking 5,000 rows is CPU work: off the async runtime.
    let Plan {
        mut report,
        new,
        updates,
    } = state
        .admin(move |s| {
            let sheet = import::read_sheet(&body)?;
            let existing = s.account_profiles()?;
            let users = s.users()?;
            let org = s.org_config()?;
            import::plan(&sheet, &existing, &users, &org, now)
        })
        .await?;
    if !options.commit || report.errors > 0 || (new.is_empty() && updates.is_empty()) {
        return Ok(AxumJson(report));
    }
    let mut ops = state
        .admin(move |s| {
            let template = s.org_config()?.template;
            let mut ops = Vec::new();
            for account in &new {
                ops.extend(crate::admin::new_account_ops(account, &template)?);
            }
            Ok(ops)
        })
        .await?;
    let file = options.file.unwrap_or_default();
    ops.push(WriteOp::Audit(Box::new(AuditRecord {
        at: now,
        actor: Some(auth.user.id),
        action: AuditAction::AccountsImported,
        target: if file.is_empty() {
            "sheet".into()
        } else {
            file
        },
        changes: vec![
            rounds_shared::api::FieldChange {
                field: "new".into(),
                before: String::new(),
                after: report.new.to_string(),
            },
            rounds_shared::api::FieldChange {
                field: "updated".into(),
                before: String::new(),
                after: report.updated.to_string(),
            },
        ],
    })));
    crate::sync::write_profiles(&state, updates, ops, auth.user.id).await?;
    // The new hospitals reach their owners' (and managers') devices.
    state.hub.everyone_changed().await?;
    report.committed = true;
    tracing::info!(
        new = report.new,
        updated = report.updated,
        "hospitals imported"
    );
    Ok(AxumJson(report))
}
