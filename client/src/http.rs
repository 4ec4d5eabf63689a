//! The app's one HTTP chokepoint: JSON requests to the server's API, same origin, with the
//! session cookie. Every failure becomes an [`HttpError`] the screens can show.

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestCredentials, RequestInit, Response};

/// Why a request failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    /// No network, or the server could not be reached.
    #[error("the server could not be reached")]
    Offline,
    /// The server refused: the session is missing or expired.
    #[error("not signed in")]
    Unauthorized,
    /// The server answered with an error; `message` is its explanation.
    #[error("{message} ({status})")]
    Status {
        /// The HTTP status.
        status: u16,
        /// The server's `code`, e.g. `bad_credentials`.
        code: String,
        /// The server's message.
        message: String,
    },
    /// The answer was not what the app expected.
    #[error("unexpected answer from the server: {0}")]
    Decode(String),
}

/// The server's error body: `{"error": {"code", "message"}}`.
#[derive(serde::Deserialize)]
struct ApiErrorBody {
    error: ApiError,
}

#[derive(serde::Deserialize)]
struct ApiError {
    #[serde(default)]
    code: String,
    #[serde(default)]
    message: String,
}

fn decode_err(e: impl std::fmt::Display) -> HttpError {
    HttpError::Decode(e.to_string())
}

/// Sends `method path` with an optional JSON body and reads a JSON answer.
pub async fn json<T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<&impl Serialize>,
) -> Result<T, HttpError> {
    let text = send(method, path, body).await?;
    serde_json::from_str(&text).map_err(decode_err)
}

/// Like [`json`], for endpoints that may answer with no body (204): then `None`.
pub async fn json_opt<T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<&impl Serialize>,
) -> Result<Option<T>, HttpError> {
    let text = send(method, path, body).await?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    serde_json::from_str(&text).map(Some).map_err(decode_err)
}

/// Sends `method path` and ignores the answer's body.
pub async fn call(method: &str, path: &str) -> Result<(), HttpError> {
    send(method, path, None::<&()>).await.map(|_| ())
}

async fn send(
    method: &str,
    path: &str,
    body: Option<&impl Serialize>,
) -> Result<String, HttpError> {
    let response = fetch(method, path, body, "application/json").await?;
    let text = text_of(&response).await?;
    match response.status() {
        200..=299 => Ok(text),
        status => Err(error_of(status, text)),
    }
}

/// Sends `method path` with an optional JSON body and reads a binary answer.
pub async fn bytes(
    method: &str,
    path: &str,
    body: Option<&impl Serialize>,
) -> Result<Vec<u8>, HttpError> {
    let response = fetch(method, path, body, "application/octet-stream").await?;
    if !response.ok() {
        let text = text_of(&response).await?;
        return Err(error_of(response.status(), text));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(|_| HttpError::Offline)?)
        .await
        .map_err(|_| HttpError::Offline)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// `POST`s raw bytes (a file) and reads a JSON answer.
pub async fn upload<T: DeserializeOwned>(path: &str, bytes: &[u8]) -> Result<T, HttpError> {
    let body = js_sys::Uint8Array::from(bytes);
    let response = request(
        "POST",
        path,
        Some((body.into(), "application/octet-stream")),
        "application/json",
    )
    .await?;
    let text = text_of(&response).await?;
    match response.status() {
        200..=299 => serde_json::from_str(&text).map_err(decode_err),
        status => Err(error_of(status, text)),
    }
}

/// `PUT`s raw bytes of type `content_type` (a photo) and ignores the answer's body.
pub async fn put_bytes(path: &str, bytes: &[u8], content_type: &str) -> Result<(), HttpError> {
    let body = js_sys::Uint8Array::from(bytes);
    let response = request(
        "PUT",
        path,
        Some((body.into(), content_type)),
        "application/json",
    )
    .await?;
    let text = text_of(&response).await?;
    match response.status() {
        200..=299 => Ok(()),
        status => Err(error_of(status, text)),
    }
}

async fn fetch(
    method: &str,
    path: &str,
    body: Option<&impl Serialize>,
    accept: &str,
) -> Result<Response, HttpError> {
    let body = match body {
        Some(b) => Some((
            JsValue::from_str(&serde_json::to_string(b).map_err(decode_err)?),
            "application/json",
        )),
        None => None,
    };
    request(method, path, body, accept).await
}

async fn request(
    method: &str,
    path: &str,
    body: Option<(JsValue, &str)>,
    accept: &str,
) -> Result<Response, HttpError> {
    let window = web_sys::window().ok_or(HttpError::Offline)?;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::SameOrigin);
    let content_type = body.as_ref().map(|(_, t)| (*t).to_owned());
    if let Some((body, _)) = &body {
        init.set_body(body);
    }
    let request = Request::new_with_str_and_init(path, &init).map_err(|_| HttpError::Offline)?;
    let headers = request.headers();
    let _ = headers.set("accept", accept);
    if let Some(t) = content_type {
        let _ = headers.set("content-type", &t);
    }
    JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| HttpError::Offline)?
        .dyn_into()
        .map_err(|_| HttpError::Offline)
}

async fn text_of(response: &Response) -> Result<String, HttpError> {
    Ok(
        JsFuture::from(response.text().map_err(|_| HttpError::Offline)?)
            .await
            .map_err(|_| HttpError::Offline)?
            .as_string()
            .unwrap_or_default(),
    )
}

/// The error a non-2xx answer stands for (the server's `{"error": …}` when it sent one).
fn error_of(status: u16, text: String) -> HttpError {
    if status == 401 {
        return HttpError::Unauthorized;
    }
    let e = match serde_json::from_str::<ApiErrorBody>(&text) {
        Ok(body) => body.error,
        Err(_) => ApiError {
            code: String::new(),
            message: text,
        },
    };
    HttpError::Status {
        status,
        code: e.code,
        message: e.message,
    }
}
