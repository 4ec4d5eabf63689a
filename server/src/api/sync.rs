//! `GET /api/v1/sync`: the WebSocket of the automerge-repo protocol. The upgrade requires a
//! valid session; a browser's upgrade must come from our own origin.

use axum::extract::State;
use axum::extract::ws::WebSocketUpgrade;
use axum::http::HeaderMap;
use axum::http::header::{HOST, ORIGIN};
use axum::response::Response;

use crate::auth::SyncUser;
use crate::error::AppError;
use crate::state::AppState;

#[utoipa::path(get, path = "/api/v1/sync", tag = "sync", description = "WebSocket speaking the automerge-repo websocket protocol v1 (CBOR). Authenticate with the session cookie, `Authorization: Bearer`, or `?access_token=`.", responses((status = 101, description = "Switching to the WebSocket"), (status = 401, body = crate::error::ApiError), (status = 403, description = "A browser upgrade from another origin", body = crate::error::ApiError)))]
pub(crate) async fn upgrade(
    State(state): State<AppState>,
    headers: HeaderMap,
    SyncUser(auth): SyncUser,
    ws: WebSocketUpgrade,
) -> Result<Response, AppError> {
    // Cookies ride along on cross-site WebSocket requests; an Origin that is not ours is
    // refused. Clients that send no Origin (native apps, tests) authenticate by token.
    if let Some(origin) = headers.get(ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = headers
            .get(HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let origin_host = origin.split("://").nth(1).unwrap_or_default();
        if origin_host != host {
            return Err(AppError::Forbidden);
        }
    }
    let limits = state.hub.limits();
    // Let frames somewhat over the limit through, so the connection can say why it refuses
    // them instead of dropping without a reason.
    let transport_limit = limits
        .session
        .max_message_bytes
        .saturating_mul(2)
        .max(64 * 1024);
    let (user, token_hash) = (auth.user, auth.token_hash);
    Ok(ws
        .max_message_size(transport_limit)
        .max_frame_size(transport_limit)
        .on_upgrade(move |socket| crate::sync::run(socket, user, token_hash, state)))
}
