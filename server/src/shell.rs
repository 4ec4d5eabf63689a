//! The built client's service worker, stamped with the build it belongs to: `/sw.js` is
//! served with `__ROUNDS_BUILD__` replaced by a hash of the deployed `index.html`, so every
//! deploy changes the worker's bytes and the installed app offers "new version — reload".

use std::path::{Path, PathBuf};

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::state::AppState;

const PLACEHOLDER: &str = "__ROUNDS_BUILD__";

/// The service worker text for the client built into `dir`.
pub(crate) async fn stamped_worker(dir: &Path) -> Result<String, AppError> {
    let read = |p: PathBuf| async move {
        tokio::fs::read(&p)
            .await
            .map_err(|e| AppError::Internal(format!("reading {}: {e}", p.display())))
    };
    let worker = read(dir.join("sw.js")).await?;
    let index = read(dir.join("index.html")).await?;
    let build: String = Sha256::digest(&index)
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(String::from_utf8_lossy(&worker).replace(PLACEHOLDER, &build))
}

/// `GET /sw.js`.
pub(crate) async fn service_worker(State(state): State<AppState>) -> Result<Response, AppError> {
    let Some(dir) = &state.config.static_dir else {
        return Err(AppError::NotFound("the client is not served here".into()));
    };
    let body = stamped_worker(dir).await?;
    Ok((
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            // The browser must see a new deploy at once.
            (CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response())
}
