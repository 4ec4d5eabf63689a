//! `GET /api/v1/health`: is the server up and its database answering?

use axum::Json;
use axum::extract::State;
use rounds_shared::api::Health;

use crate::error::AppError;
use crate::state::AppState;

#[utoipa::path(get, path = "/api/v1/health", tag = "server", responses((status = 200, description = "The server and its database answer", body = Health)))]
pub(crate) async fn get(State(state): State<AppState>) -> Result<Json<Health>, AppError> {
    let schema_version = state
        .store(|s| {
            s.ping()?;
            s.schema_version()
        })
        .await?;
    Ok(Json(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        schema_version,
    }))
}
