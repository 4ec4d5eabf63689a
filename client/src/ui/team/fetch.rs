//! Dashboard data from the API, kept on the device: the last answer for each address is
//! stored (localStorage) and shown at once, marked with its age, while a fresh one is
//! fetched; with no network the last answer stays, marked offline.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use serde::de::DeserializeOwned;

use rounds_shared::api::Endpoint;

use crate::api::Get;
use crate::http::HttpError;

/// An API answer and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fetched<T> {
    /// The latest answer, fresh or from the device.
    pub value: Option<T>,
    /// When it was fetched (ms since the epoch).
    pub fetched_at: Option<f64>,
    /// Whether a fetch is under way.
    pub loading: bool,
    /// Why the last fetch failed, when it did.
    pub error: Option<HttpError>,
}

impl<T> Fetched<T> {
    /// The last fetch failed for want of a network: what shows is the copy on the device.
    pub fn is_offline(&self) -> bool {
        matches!(self.error, Some(HttpError::Offline))
    }
}

impl<T> Default for Fetched<T> {
    fn default() -> Self {
        Self {
            value: None,
            fetched_at: None,
            loading: false,
            error: None,
        }
    }
}

#[derive(Serialize, serde::Deserialize)]
struct Stored<T> {
    at: f64,
    value: T,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn key(path: &str) -> String {
    format!("rounds.api:{path}")
}

/// Fetches `request()` whenever it changes; the signal holds the latest answer.
pub(crate) fn fetch_api<E, T>(
    request: impl Fn() -> Get<E> + Send + Sync + 'static,
) -> RwSignal<Fetched<T>>
where
    E: Endpoint<Response = T> + 'static,
    T: DeserializeOwned + Serialize + Clone + PartialEq + Send + Sync + 'static,
{
    fetch_api_when(move || Some(request()))
}

/// Like [`fetch_api`], but `request()` may ask for nothing (the signal is then empty).
pub(crate) fn fetch_api_when<E, T>(
    request: impl Fn() -> Option<Get<E>> + Send + Sync + 'static,
) -> RwSignal<Fetched<T>>
where
    E: Endpoint<Response = T> + 'static,
    T: DeserializeOwned + Serialize + Clone + PartialEq + Send + Sync + 'static,
{
    let out: RwSignal<Fetched<T>> = RwSignal::new(Fetched::default());
    let current = RwSignal::new(String::new());
    Effect::new(move |_| {
        let Some(request) = request() else {
            current.set(String::new());
            out.set(Fetched::default());
            return;
        };
        let path = request.url();
        current.set(path.clone());
        let stored: Option<Stored<T>> = storage()
            .and_then(|s| s.get_item(&key(&path)).ok().flatten())
            .and_then(|t| serde_json::from_str(&t).ok());
        out.set(Fetched {
            fetched_at: stored.as_ref().map(|s| s.at),
            value: stored.map(|s| s.value),
            loading: true,
            error: None,
        });
        spawn_local(async move {
            let result = request.send().await;
            // The view moved on, or is gone (its signals disposed).
            if current.try_get_untracked().is_none_or(|c| c != path) {
                return;
            }
            match result {
                Ok(value) => {
                    let at = js_sys::Date::now();
                    if let (Some(s), Ok(text)) = (
                        storage(),
                        serde_json::to_string(&Stored { at, value: &value }),
                    ) {
                        // A full store only costs the offline copy.
                        let _ = s.set_item(&key(&path), &text);
                    }
                    let _ = out.try_set(Fetched {
                        value: Some(value),
                        fetched_at: Some(at),
                        loading: false,
                        error: None,
                    });
                }
                Err(e) => {
                    let _ = out.try_update(|f| {
                        f.loading = false;
                        f.error = Some(e);
                    });
                }
            }
        });
    });
    out
}
