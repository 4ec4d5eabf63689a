//! Who is signed in on this device. The session token is an HttpOnly cookie the app never
//! sees; what the app keeps (in `localStorage`) is who the user is and which documents are
//! theirs, so it opens with no network at all after the first sign-in.

use rounds_shared::ids::UserId;
use rounds_shared::model::UserRole;
use serde::{Deserialize, Serialize};

use crate::http::{self, HttpError};

const KEY: &str = "rounds.session";

/// The signed-in user, as the server described them at sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The user.
    pub user: SessionUser,
    /// Their index document (which accounts they may sync, and the org's configuration).
    pub index_document_id: String,
    /// Their personal document (plans).
    pub personal_document_id: String,
}

/// The user part of a [`Session`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    /// Their id.
    pub id: UserId,
    /// Sign-in name.
    pub username: String,
    /// Name shown to others.
    pub display_name: String,
    /// Rep, manager or admin.
    pub role: UserRole,
}

#[derive(Serialize)]
struct Login<'a> {
    username: &'a str,
    password: &'a str,
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
        let session: Session = http::json(
            "POST",
            "/api/v1/session",
            Some(&Login { username, password }),
        )
        .await?;
        if let (Some(store), Ok(text)) = (storage(), serde_json::to_string(&session)) {
            let _ = store.set_item(KEY, &text);
        }
        Ok(session)
    }

    /// Signs out on the server (when it can be reached) and forgets the session here.
    pub async fn sign_out() {
        let _ = http::call("DELETE", "/api/v1/session").await;
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
