//! Who is signed in on this device. The session token is an HttpOnly cookie the app never
//! sees; what the app keeps (in `localStorage`) is who the user is and which documents are
//! theirs, so it opens with no network at all after the first sign-in.

use rounds_shared::api::SessionInfo;
use rounds_shared::model::UserRole;
use serde::{Deserialize, Serialize};

use crate::api;
use crate::http::HttpError;

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

    /// Signs in, and keeps the session on the device.
    pub async fn sign_in(username: &str, password: &str) -> Result<Session, HttpError> {
        let session = Session(api::login(username, password).await?);
        if let (Some(store), Ok(text)) = (storage(), serde_json::to_string(&session)) {
            let _ = store.set_item(KEY, &text);
        }
        Ok(session)
    }

    /// Signs out on the server (when it can be reached) and forgets the session here.
    pub async fn sign_out() {
        let _ = api::logout().await;
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
