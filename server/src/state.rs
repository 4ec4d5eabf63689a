//! What every handler shares. Passed in, never global.

use std::path::PathBuf;
use std::sync::Arc;

use crate::error::AppError;
use crate::storage::{Store, StoreError};

/// The server's shared state.
#[derive(Clone)]
pub struct AppState {
    store: Arc<dyn Store>,
    /// The built client (`client/dist`) to serve at `/`, if any.
    pub static_dir: Option<PathBuf>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("static_dir", &self.static_dir)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// State over `store`, serving the client from `static_dir`.
    pub fn new(store: Arc<dyn Store>, static_dir: Option<PathBuf>) -> Self {
        Self { store, static_dir }
    }

    /// Runs a blocking storage call off the async runtime.
    pub async fn store<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Store) -> Result<T, StoreError> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || f(store.as_ref()))
            .await
            .map_err(|e| AppError::Internal(format!("storage task: {e}")))?
            .map_err(AppError::from)
    }
}
