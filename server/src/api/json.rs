//! A JSON body extractor whose rejections use the API's error format and name the field at
//! fault: `{ "error": { "code": "invalid_field", "field": "role", "message": … } }` for a
//! value of the wrong shape, `invalid_json` for a body that is not JSON at all.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// Like `axum::Json`, but every rejection is an [`AppError`] that says what was wrong.
#[derive(Debug)]
pub(crate) struct Json<T>(pub T);

fn is_json(req: &Request) -> bool {
    req.headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| {
            let m = m.trim();
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        })
}

/// Decodes `bytes` as a `T`, naming the field at fault when it does not fit.
pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(v) => de.end().map(|()| v).map_err(|e| AppError::BadRequest {
            code: "invalid_json",
            message: format!("the body is not valid JSON: {e}"),
        }),
        Err(e) => {
            let mut path = e.path().to_string();
            let inner = e.into_inner();
            // A missing field is reported at its parent: name the field itself.
            if let Some(name) = missing_field(&inner.to_string()) {
                path = if path == "." {
                    name.to_owned()
                } else {
                    format!("{path}.{name}")
                };
            }
            if inner.is_syntax() || inner.is_eof() || path == "." {
                Err(AppError::BadRequest {
                    code: "invalid_json",
                    message: format!("the body does not fit: {inner}"),
                })
            } else {
                Err(AppError::InvalidField {
                    field: path.into(),
                    message: inner.to_string(),
                })
            }
        }
    }
}

/// The field serde's "missing field `x`" message names.
fn missing_field(message: &str) -> Option<&str> {
    message
        .strip_prefix("missing field `")?
        .split_once('`')
        .map(|(name, _)| name)
}

impl<S, T> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        if !is_json(&req) {
            return Err(AppError::BadRequest {
                code: "invalid_json",
                message: "send the body as JSON (Content-Type: application/json)".into(),
            });
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| AppError::BadRequest {
                code: "invalid_body",
                message: e.body_text(),
            })?;
        decode(&bytes).map(Json)
    }
}
