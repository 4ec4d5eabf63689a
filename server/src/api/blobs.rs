//! `PUT /api/v1/blobs/{sha256}` and `GET /api/v1/blobs/{sha256}`: visit photos by content
//! hash, apart from the document sync. An upload is accepted only when the bytes hash to
//! the name, are an image (JPEG, PNG or WebP by their signature), fit the size cap, and a
//! visit the uploader may read already refers to them (the phone syncs the visit first).
//! Uploading the same photo again is harmless. A photo is served only to those who may
//! read a visit that refers to it; to anyone else it does not exist (404).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use rounds_shared::model::{PhotoKind, content_hash, is_content_hash};

use crate::auth::AuthUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::sync::{Access, Target, decide};

fn not_found(hash: &str) -> AppError {
    AppError::NotFound(format!("no visit you can read refers to photo {hash}"))
}

fn checked_name(hash: &str) -> Result<(), AppError> {
    if is_content_hash(hash) {
        Ok(())
    } else {
        Err(AppError::BadRequest {
            code: "invalid_hash",
            message: format!("`{hash}` is not a SHA-256 in lowercase hex"),
        })
    }
}

fn store(state: &AppState) -> Result<std::sync::Arc<dyn crate::blobs::BlobStore>, AppError> {
    state
        .blobs
        .clone()
        .ok_or_else(|| AppError::Internal("no blob store is configured".into()))
}

/// Whether `user` may read a visit whose photo is `hash`.
async fn may_see(state: &AppState, auth: &AuthUser, hash: &str) -> Result<bool, AppError> {
    let (user, hash) = (auth.user.clone(), hash.to_owned());
    state
        .store(move |s| {
            let managed = s.managed_teams(user.id)?;
            Ok(s.photo_accounts(&hash)?
                .into_iter()
                .any(|row| decide(&user, &managed, Target::from(&row)) != Access::None))
        })
        .await
}

#[utoipa::path(put, path = "/api/v1/blobs/{sha256}", tag = "photos", params(("sha256" = String, Path, description = "SHA-256 of the bytes, lowercase hex")), request_body(content = Vec<u8>, content_type = "application/octet-stream"), description = "Uploads a visit photo by its content hash. Accepted only when the bytes hash to the name, are a JPEG, PNG or WebP image of at most 4 MiB, and a visit the uploader may read refers to them. Idempotent: 201 when stored now, 200 when it was stored already.", responses((status = 201, description = "Stored"), (status = 200, description = "Stored already"), (status = 413, description = "Larger than 4 MiB"), crate::error::ErrorResponses))]
pub(crate) async fn put(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(hash): Path<String>,
    body: Bytes,
) -> Result<StatusCode, AppError> {
    checked_name(&hash)?;
    let actual = content_hash(&body);
    if actual != hash {
        return Err(AppError::BadRequest {
            code: "hash_mismatch",
            message: format!("the bytes' SHA-256 is {actual}, not {hash}"),
        });
    }
    if PhotoKind::sniff(&body).is_none() {
        return Err(AppError::BadRequest {
            code: "not_an_image",
            message: "a photo must be a JPEG, PNG or WebP image".into(),
        });
    }
    if !may_see(&state, &auth, &hash).await? {
        return Err(not_found(&hash));
    }
    let blobs = store(&state)?;
    let created = tokio::task::spawn_blocking(move || blobs.put(&hash, &body))
        .await
        .map_err(|e| AppError::Internal(format!("photo write task: {e}")))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    })
}

#[utoipa::path(get, path = "/api/v1/blobs/{sha256}", tag = "photos", params(("sha256" = String, Path, description = "SHA-256 of the bytes, lowercase hex")), description = "A visit photo, to those who may read a visit that refers to it (404 to anyone else, and while it has not been uploaded).", responses((status = 200, description = "The image", content_type = "image/jpeg"), crate::error::ErrorResponses))]
pub(crate) async fn get(
    State(state): State<AppState>,
    auth: AuthUser,
    Path(hash): Path<String>,
) -> Result<Response, AppError> {
    checked_name(&hash)?;
    if !may_see(&state, &auth, &hash).await? {
        return Err(not_found(&hash));
    }
    let blobs = store(&state)?;
    let name = hash.clone();
    let bytes = tokio::task::spawn_blocking(move || blobs.get(&name))
        .await
        .map_err(|e| AppError::Internal(format!("photo read task: {e}")))?
        .map_err(|e| AppError::Internal(e.to_string()))?
        .ok_or_else(|| AppError::NotFound(format!("photo {hash} has not been uploaded yet")))?;
    let kind = PhotoKind::sniff(&bytes).unwrap_or(PhotoKind::Jpeg);
    Ok((
        [
            (CONTENT_TYPE, kind.mime()),
            (CACHE_CONTROL, "private, max-age=31536000, immutable"),
        ],
        bytes,
    )
        .into_response())
}
