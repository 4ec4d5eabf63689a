//! What every handler shares. Passed in, never global.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::auth::{LoginLimiter, LoginLimits, PasswordPool, PoolError};
use crate::error::AppError;
use crate::read_cache::ReadCache;
use crate::storage::{Store, StoreError};
use crate::sync::Hub;
pub use rounds_shared::sync::SessionLimits;

/// Limits that protect the sync endpoint: those of each connection's protocol session, and
/// the server's own.
#[derive(Debug, Clone, Copy, Default)]
pub struct SyncLimits {
    /// What one connection may send (message size and rate, document size, changes
    /// waiting for their dependencies), enforced by `ServerSession`.
    pub session: SessionLimits,
    /// The server's own: documents in memory, pings and idle connections.
    pub server: ServerLimits,
}

/// The sync limits the server itself enforces.
#[derive(Debug, Clone, Copy)]
pub struct ServerLimits {
    /// Documents kept in memory; beyond this the least recently used idle ones are dropped
    /// (they are all stored, so they reload as they were).
    pub max_live_documents: usize,
    /// How often an open connection is pinged, and its session checked again (which ends
    /// it when the session expired or ended elsewhere, e.g. by a command-line password
    /// change on the same database).
    pub ping_every: std::time::Duration,
    /// A connection that sends nothing (not even a pong) for this long is closed.
    pub idle_after: std::time::Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        Self {
            max_live_documents: 2_000,
            ping_every: std::time::Duration::from_secs(30),
            idle_after: std::time::Duration::from_secs(90),
        }
    }
}

/// Server settings that are not storage.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The built client (`client/dist`) to serve at `/`, if any.
    pub static_dir: Option<PathBuf>,
    /// Sync limits.
    pub limits: SyncLimits,
    /// How long a session lasts. Reps work offline for weeks; the app needs the network
    /// only to log in again after this.
    pub session_lifetime: Duration,
    /// Mark cookies `Secure` (set when serving over HTTPS).
    pub secure_cookies: bool,
    /// How many failed logins are allowed, per address, per address and username, and per
    /// username.
    pub login: LoginLimits,
    /// Threads that hash and check passwords (each argon2 run takes 19 MiB); further
    /// logins queue, waiting up to `password_check_wait` for a place, then are told to
    /// retry.
    pub password_checks: usize,
    /// How long a login waits for a free password check.
    pub password_check_wait: Duration,
    /// Reverse proxies whose `X-Forwarded-For` names the real client address.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// An HTTP client must send a request's headers within this time.
    pub header_timeout: Duration,
    /// A request (reading its body included) must be answered within this time.
    pub request_timeout: Duration,
    /// The folder photos are stored in, by content hash (`None`: photos are refused).
    pub blob_dir: Option<PathBuf>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            static_dir: None,
            limits: SyncLimits::default(),
            session_lifetime: Duration::from_secs(30 * 24 * 3600),
            secure_cookies: false,
            login: LoginLimits::default(),
            password_checks: 2,
            password_check_wait: Duration::from_secs(10),
            trusted_proxies: Vec::new(),
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            blob_dir: None,
        }
    }
}

/// The server's shared state.
#[derive(Clone)]
pub struct AppState {
    store: Arc<dyn Store>,
    /// Settings.
    pub config: Arc<ServerConfig>,
    /// Login attempt counters.
    pub logins: Arc<LoginLimiter>,
    /// The threads that hash and check passwords.
    pub passwords: Arc<PasswordPool>,
    /// Live documents and their change notifications.
    pub hub: Arc<Hub>,
    /// The read model's opportunities in memory, dropped per account as it changes.
    read_cache: Arc<ReadCache>,
    /// Photo bytes by content hash, if configured.
    pub blobs: Option<Arc<dyn crate::blobs::BlobStore>>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// State over `store` with `config`.
    pub fn new(store: Arc<dyn Store>, config: ServerConfig) -> Self {
        let logins = Arc::new(LoginLimiter::new(config.login));
        let passwords = Arc::new(PasswordPool::new(
            config.password_checks,
            config.password_check_wait,
        ));
        let read_cache = Arc::new(ReadCache::new(Arc::clone(&store)));
        let hub = Arc::new(Hub::new(
            Arc::clone(&store),
            Arc::clone(&read_cache),
            config.limits,
        ));
        let blobs = config.blob_dir.as_deref().and_then(
            |dir| match crate::blobs::FsBlobStore::open(dir) {
                Ok(b) => Some(Arc::new(b) as Arc<dyn crate::blobs::BlobStore>),
                Err(e) => {
                    tracing::error!(dir = %dir.display(), error = %e, "photos cannot be stored");
                    None
                }
            },
        );
        Self {
            store,
            config: Arc::new(config),
            logins,
            passwords,
            hub,
            read_cache,
            blobs,
        }
    }

    /// The read model's opportunities in memory.
    pub fn read_cache(&self) -> &ReadCache {
        &self.read_cache
    }

    /// Runs a blocking storage call off the async runtime, with the storage error (for the
    /// layers below the HTTP handlers).
    pub async fn storage<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Store) -> Result<T, StoreError> + Send + 'static,
    {
        crate::storage::blocking(Arc::clone(&self.store), f).await
    }

    /// Runs a blocking storage call off the async runtime (for HTTP handlers).
    pub async fn store<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Store) -> Result<T, StoreError> + Send + 'static,
    {
        Ok(crate::storage::blocking(Arc::clone(&self.store), f).await?)
    }

    /// Runs an administration command off the async runtime.
    pub async fn admin<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Store) -> Result<T, crate::admin::AdminError> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || f(store.as_ref()))
            .await
            .map_err(|e| AppError::Internal(format!("admin task: {e}")))?
            .map_err(AppError::from)
    }

    /// Runs work that hashes or checks a password (argon2: 19 MiB and tens of milliseconds
    /// each) on the password threads; `503` when they stay busy.
    pub async fn password_work<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Store) -> Result<T, crate::admin::AdminError> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        match self.passwords.run(move || f(store.as_ref())).await {
            Ok(done) => done.map_err(AppError::from),
            Err(PoolError::Busy(wait)) => Err(AppError::Busy(wait)),
            Err(PoolError::Failed) => Err(AppError::Internal("password work failed".into())),
        }
    }

    /// Milliseconds since the epoch, by the server's clock.
    pub fn now_ms(&self) -> i64 {
        now_ms()
    }
}

/// Milliseconds since the epoch, by the server's clock.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
