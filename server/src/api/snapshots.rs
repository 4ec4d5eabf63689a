//! `POST /api/v1/sync/snapshots`: the stored bytes of account documents a device does not
//! hold yet, in one answer, so a first sync of hundreds stores them without loading each
//! (`rounds_shared::sync::snapshots`). The same access rule as the sync protocol decides;
//! a document the user may not sync, or that does not exist, is left out, and the device
//! asks for it through the sync protocol as before.

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use rounds_shared::api::SnapshotRequest;
use rounds_shared::sync::snapshots::{MAX_PER_REQUEST, encode};

use super::json::Json;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::DocKind;
use crate::sync::{Access, Target, decide};

#[utoipa::path(post, path = "/api/v1/sync/snapshots", tag = "sync", request_body = SnapshotRequest, responses((status = 200, description = "Records of document id (16 bytes), length (u32, big-endian) and the document's stored bytes, for each requested account document the user may sync", content_type = "application/octet-stream"), (status = 400, body = crate::error::ApiError), (status = 401, body = crate::error::ApiError)))]
pub(crate) async fn snapshots(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(request): Json<SnapshotRequest>,
) -> Result<Response, AppError> {
    if request.documents.len() > MAX_PER_REQUEST {
        return Err(AppError::BadRequest {
            code: "too_many_documents",
            message: format!("at most {MAX_PER_REQUEST} documents in one request"),
        });
    }
    let user = auth.user;
    let mut ids = request.documents;
    ids.sort();
    ids.dedup();
    let body = state
        .store(move |s| {
            let managed = s.managed_teams(user.id)?;
            let mut out = Vec::new();
            for id in ids {
                let Some(DocKind::Account(account)) = s.document_kind(id)? else {
                    continue;
                };
                let Some(row) = s.account(account)? else {
                    continue;
                };
                if decide(&user, &managed, Target::from(&row)) == Access::None {
                    continue;
                }
                if let Some(doc) = s.document(id)? {
                    encode(&mut out, id, &doc.chunks.concat());
                }
            }
            Ok(out)
        })
        .await?;
    Ok((
        [
            (CONTENT_TYPE, "application/octet-stream"),
            (CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}
