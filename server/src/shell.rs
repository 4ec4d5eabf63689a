//! How the built client is delivered. Its files are served precompressed (brotli or gzip,
//! written beside them at build time by `scripts/lib/precompress.mjs`) when the browser
//! accepts that; files whose names carry a content hash are cached for a year, everything
//! else (`index.html`, the app's routes, the manifest and icons) is revalidated each time.
//! The service worker is stamped with the build it belongs to: `/sw.js` is served with
//! `__ROUNDS_BUILD__` replaced by a hash of the deployed `index.html`, so every deploy
//! changes the worker's bytes and the installed app offers "new version — reload".

use std::path::{Path, PathBuf};

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, VARY};
use axum::middleware::Next;
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

/// Whether `path` names a file Trunk gave a content hash (`name-0123456789abcdef.js`,
/// `…_bg.wasm`, `style-….css`): its bytes never change under that name. Trunk writes the
/// 64-bit hash in hex without leading zeros, so one build in sixteen has 15 digits (and
/// fewer, rarely): 12 to 16 count.
fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// The `Cache-Control` of a file of the app at `path`.
pub(crate) fn cache_control(path: &str) -> &'static str {
    if is_hashed(path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

/// Middleware for everything outside `/api`: sets the app's cache policy (unless the
/// handler set one) and says that answers differ by `Accept-Encoding`.
pub(crate) async fn delivery_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    if path.starts_with("/api/") {
        return res;
    }
    let headers = res.headers_mut();
    if !headers.contains_key(CACHE_CONTROL) {
        headers.insert(
            CACHE_CONTROL,
            HeaderValue::from_static(cache_control(&path)),
        );
    }
    headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_files_are_immutable_and_the_rest_revalidates() {
        for hashed in [
            "/rounds-client-bbd5128c1a6ff303.js",
            "/rounds-client-bbd5128c1a6ff303_bg.wasm",
            "/style-34886efc5f6d5546.css",
            // A hash with a leading zero, as Trunk writes it.
            "/rounds-client-1e1419e602422b6_bg.wasm",
        ] {
            assert!(cache_control(hashed).contains("immutable"), "{hashed}");
        }
        for plain in [
            "/",
            "/index.html",
            "/accounts/abc",
            "/manifest.webmanifest",
            "/icons/icon-192.png",
            "/pwa.js",
            "/x-123.js",
        ] {
            assert_eq!(cache_control(plain), "no-cache", "{plain}");
        }
    }
}
