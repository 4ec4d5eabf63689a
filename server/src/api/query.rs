//! A query-string extractor whose rejections use the API's error format.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// Like `axum::extract::Query`, but a bad query is a 400 `{ "error": { "code":
/// "invalid_query", "message": … } }` naming the parameter.
#[derive(Debug)]
pub(crate) struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let query = parts.uri.query().unwrap_or_default();
        serde_urlencoded::from_str(query)
            .map(Query)
            .map_err(|e| AppError::BadRequest {
                code: "invalid_query",
                message: format!("bad query parameters: {e}"),
            })
    }
}
