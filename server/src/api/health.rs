//! `GET /api/v1/health`: is the server up and its database answering?

use axum::Json;
use axum::extract::State;
use serde::Serialize;

use crate::error::AppError;
use crate::state::AppState;

/// The health report.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct Health {
    status: &'static str,
    version: &'static str,
    schema_version: usize,
}

#[utoipa::path(get, path = "/api/v1/health", tag = "server", responses((status = 200, description = "The server and its database answer", body = Health)))]
pub(crate) async fn get(State(state): State<AppState>) -> Result<Json<Health>, AppError> {
    let schema_version = state
        .store(|s| {
            s.ping()?;
            s.schema_version()
        })
        .await?;
    Ok(Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        schema_version,
    }))
}
