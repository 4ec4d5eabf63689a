//! The server's API as the app calls it: every request names its endpoint from the shared
//! contract ([`rounds_shared::api`]) and every answer decodes into that endpoint's type, so
//! the app and the server cannot disagree on a path or a field.

use std::marker::PhantomData;

use rounds_shared::api::{
    Endpoint, Login, RESUME_PATH, Resume, SNAPSHOTS_PATH, SessionEndpoint, SessionInfo,
    SnapshotRequest,
};
use rounds_shared::sync::{DocumentId, snapshots};

use crate::http::{self, HttpError};

/// A `GET` of endpoint `E` with a query string.
#[derive(Debug)]
pub struct Get<E> {
    query: String,
    endpoint: PhantomData<E>,
}

impl<E> Clone for Get<E> {
    fn clone(&self) -> Self {
        Self {
            query: self.query.clone(),
            endpoint: PhantomData,
        }
    }
}

/// `GET E?query` (`query` without its `?`).
pub fn get<E: Endpoint>(query: impl Into<String>) -> Get<E> {
    Get {
        query: query.into(),
        endpoint: PhantomData,
    }
}

impl<E: Endpoint> Get<E> {
    /// The address, path and query.
    pub fn url(&self) -> String {
        E::url(&self.query)
    }

    /// The same rows as a CSV download.
    pub fn csv_url(&self) -> String {
        let q = if self.query.is_empty() {
            "format=csv".to_owned()
        } else {
            format!("{}&format=csv", self.query)
        };
        E::url(&q)
    }

    /// Sends it and decodes the answer.
    pub async fn send(&self) -> Result<E::Response, HttpError> {
        http::json("GET", &self.url(), None::<&()>).await
    }
}

/// Signs in: the session cookie is set, and the answer says who and which documents.
pub async fn login(username: &str, password: &str) -> Result<SessionInfo, HttpError> {
    let body = Login {
        username: username.to_owned(),
        password: password.to_owned(),
        bearer: false,
        device: true,
    };
    http::json("POST", SessionEndpoint::PATH, Some(&body)).await
}

/// Resumes the session a device credential belongs to, when the browser lost its cookie:
/// a fresh cookie is set.
pub async fn resume(device_key: &str) -> Result<SessionInfo, HttpError> {
    let body = Resume {
        device_key: device_key.to_owned(),
    };
    http::json("POST", RESUME_PATH, Some(&body)).await
}

/// The stored bytes of account documents this device lacks (at most
/// [`snapshots::MAX_PER_REQUEST`]); those the user may not sync are left out.
pub async fn snapshots(ids: &[DocumentId]) -> Result<Vec<(DocumentId, Vec<u8>)>, HttpError> {
    let body = SnapshotRequest {
        documents: ids.to_vec(),
    };
    let answer = http::bytes("POST", SNAPSHOTS_PATH, Some(&body)).await?;
    snapshots::decode(&answer).map_err(|e| HttpError::Decode(e.to_string()))
}

/// Who the server thinks is signed in (an expired session is [`HttpError::Unauthorized`]).
pub async fn session() -> Result<SessionInfo, HttpError> {
    get::<SessionEndpoint>("").send().await
}

/// Ends the session on the server.
pub async fn logout() -> Result<(), HttpError> {
    http::call("DELETE", SessionEndpoint::PATH).await
}
