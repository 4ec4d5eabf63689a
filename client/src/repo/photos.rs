//! Photos on this device: saved with the record that refers to them, then sent to the
//! server by content hash (`PUT /api/v1/blobs/{hash}`) apart from the document sync, one
//! at a time, retried with backoff. The server's confirmation frees the full size; the
//! thumbnail stays.

use std::cell::Cell;

use leptos::prelude::*;
use leptos::task::spawn_local;
use rounds_shared::doc::{AccountDoc, DocError};
use rounds_shared::ids::AccountId;
use rounds_shared::sync::DocumentId;

use super::{EditError, Link, Repo};
use crate::http::HttpError;
use crate::store::PhotoBytes;

/// The first wait after a failed upload; it doubles up to [`MAX_BACKOFF_MS`].
const FIRST_BACKOFF_MS: i32 = 2_000;
const MAX_BACKOFF_MS: i32 = 300_000;

/// The uploader's state, shared by the repo's clones.
#[derive(Debug, Default)]
pub(super) struct Uploads {
    /// An upload round is running or scheduled.
    busy: Cell<bool>,
    /// Failed rounds in a row (the backoff's exponent).
    failures: Cell<u32>,
}

/// How one upload ended.
enum Sent {
    /// The server has the photo.
    Stored,
    /// Not now (no network, the server busy, or the record not there yet): try again later.
    Later,
    /// Never (the server refuses these bytes): kept on the device, not retried until the
    /// app opens again.
    Refused,
}

impl Repo {
    /// Changes an account document with a new photo that the change refers to: the photo's
    /// bytes are stored in the same transaction as the change, and queued for upload.
    pub async fn edit_account_with_photo(
        &self,
        account: AccountId,
        photo: PhotoBytes,
        f: impl FnOnce(&mut AccountDoc) -> Result<(), DocError>,
    ) -> Result<(), EditError> {
        let id = DocumentId::from(account);
        self.inner
            .borrow_mut()
            .unstored_photos
            .entry(id)
            .or_default()
            .push(photo);
        let result = self.edit_account(account, f).await;
        match &result {
            // Made but not stored: the photo goes with the next write of the document,
            // which stores the change whole.
            Err(EditError::Store(_)) => {}
            // Not made: nothing refers to the photo.
            Err(_) => {
                self.inner.borrow_mut().unstored_photos.remove(&id);
            }
            Ok(()) => self.kick_uploads(),
        }
        result
    }

    /// A photo's thumbnail from this device, if it has one.
    pub async fn thumbnail(&self, hash: &str) -> Option<Vec<u8>> {
        self.store.thumbnail(hash).await.ok().flatten()
    }

    /// Counts the photos waiting for the server into the status.
    pub(super) async fn count_photos(&self) {
        let n = self
            .store
            .waiting_photos()
            .await
            .map_or(0, |w| w.photos.len() as u32);
        self.inner.borrow_mut().photos_waiting = n;
        self.refresh_status();
    }

    /// Starts sending the waiting photos if the device is online and no round is running.
    pub fn kick_uploads(&self) {
        if self.uploads.busy.replace(true) {
            return;
        }
        let repo = self.clone();
        spawn_local(async move {
            repo.count_photos().await;
            let online = repo.status.get_untracked().link == Link::Synced;
            let all_sent = !online || repo.upload_round().await;
            repo.count_photos().await;
            if all_sent {
                repo.uploads.failures.set(0);
                repo.uploads.busy.set(false);
                return;
            }
            let failures = repo.uploads.failures.get() + 1;
            repo.uploads.failures.set(failures);
            let wait = (FIRST_BACKOFF_MS.saturating_mul(1 << failures.min(8).saturating_sub(1)))
                .min(MAX_BACKOFF_MS);
            super::load::sleep(wait).await;
            repo.uploads.busy.set(false);
            repo.kick_uploads();
        });
    }

    /// Sends every waiting photo once; true when none is left to retry.
    async fn upload_round(&self) -> bool {
        let Ok(waiting) = self.store.waiting_photos().await else {
            return false;
        };
        let mut retry = false;
        // Thumbnails first: small, and what the managers' lists show.
        for hash in waiting.all() {
            match self.send(hash).await {
                Sent::Stored => {
                    if let Err(e) = self.store.photo_uploaded(hash).await {
                        leptos::logging::warn!("photo {hash} sent, but not marked: {e}");
                    }
                    self.count_photos().await;
                }
                Sent::Later => {
                    retry = true;
                    if self.status.get_untracked().link != Link::Synced {
                        break;
                    }
                }
                Sent::Refused => {}
            }
        }
        !retry
    }

    async fn send(&self, hash: &str) -> Sent {
        let Ok(Some(bytes)) = self.store.waiting_bytes(hash).await else {
            return Sent::Refused;
        };
        let path = format!("/api/v1/blobs/{hash}");
        match crate::http::put_bytes(&path, &bytes, "image/jpeg").await {
            Ok(()) => Sent::Stored,
            // Not referenced by a visit the server has yet, or throttled, or failing.
            Err(HttpError::Status {
                status: 404 | 429, ..
            })
            | Err(HttpError::Offline | HttpError::Unauthorized) => Sent::Later,
            Err(HttpError::Status { status, .. }) if status >= 500 => Sent::Later,
            Err(e) => {
                leptos::logging::warn!("the server refused photo {hash}: {e}");
                Sent::Refused
            }
        }
    }
}

/// Asks the browser to keep this site's storage under pressure (an installed app usually
/// gets it): photos and records waiting for the server must not be evicted.
pub(super) fn ask_persistent_storage() {
    let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) else {
        return;
    };
    if let Ok(promise) = storage.persist() {
        spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
}
