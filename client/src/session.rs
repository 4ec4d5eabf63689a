//! Who is signed in on this device. The session token is an HttpOnly cookie the app never
//! sees; what the app keeps (in `localStorage`) is who the user is and which documents are
//! theirs, so it opens with no network at all after the first sign-in. The same answer,
//! with the device credential that resumes the session when the cookie is lost, is kept
//! durably in IndexedDB ([`crate::device`]).

use rounds_shared::api::SessionInfo;
use rounds_shared::model::UserRole;
use serde::{Deserialize, Serialize};

use crate::http::HttpError;
use crate::{api, device};

const KEY: &str = "rounds.session";

/// The signed-in user, as the server described them at sign-in: the API's answer, kept on
/// the device as it came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Session(pub SessionInfo);

impl std::ops::Deref for Session {
    type Target = SessionInfo;
    fn deref(&self) -> &SessionInfo {
        &self.0
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

impl Session {
    /// The session kept on this device, if any.
    pub fn saved() -> Option<Session> {
        let text = storage()?.get_item(KEY).ok().flatten()?;
        serde_json::from_str(&text).ok()
    }

    /// Signs in, and keeps the session on the device: durably with its device credential
    /// before this returns, and in `localStorage` without it.
    pub async fn sign_in(username: &str, password: &str) -> Result<Session, HttpError> {
        let info = api::login(username, password).await?;
        if let Err(e) = device::keep(&info).await {
            // Signed in all the same; only a kill before the cookie is written costs a
            // new sign-in.
            leptos::logging::warn!("the device credential was not kept: {e}");
        }
        Ok(Session::remember(info))
    }

    /// The session kept durably on this device, when `localStorage` lost it (a browser
    /// killed right after signing in); kept in `localStorage` again.
    pub async fn recover() -> Option<Session> {
        match device::kept().await {
            Ok(info) => info.map(Session::remember),
            Err(e) => {
                leptos::logging::warn!("the device credential cannot be read: {e}");
                None
            }
        }
    }

    /// Resumes the session with the device credential when the server no longer knows this
    /// browser's cookie; [`HttpError::Unauthorized`] when there is no credential or its
    /// session has ended.
    pub async fn resume() -> Result<Session, HttpError> {
        let key = device::kept()
            .await
            .ok()
            .flatten()
            .and_then(|info| info.device_key)
            .ok_or(HttpError::Unauthorized)?;
        Ok(Session::remember(api::resume(&key).await?))
    }

    /// Keeps the server's answer in `localStorage`, without the device credential.
    fn remember(mut info: SessionInfo) -> Session {
        info.device_key = None;
        let session = Session(info);
        if let (Some(store), Ok(text)) = (storage(), serde_json::to_string(&session)) {
            let _ = store.set_item(KEY, &text);
        }
        session
    }

    /// Signs out on the server (when it can be reached) and forgets the session here.
    pub async fn sign_out() {
        let _ = api::logout().await;
        Session::forget().await;
    }

    /// Forgets the session on this device only.
    pub async fn forget() {
        if let Err(e) = device::forget().await {
            leptos::logging::warn!("the device credential was not removed: {e}");
        }
        if let Some(store) = storage() {
            let _ = store.remove_item(KEY);
        }
    }

    /// The name of this user's document store on the device.
    pub fn store_name(&self) -> String {
        format!("rounds-{}", self.user.id)
    }

    /// Whether the manager screens are open to this user.
    pub fn is_manager(&self) -> bool {
        matches!(self.user.role, UserRole::Manager | UserRole::Admin)
    }
}
