//! Test harness: a real Rounds server on an ephemeral port with a fresh SQLite file, as
//! many as a test wants, each torn down with the test.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rounds_server::AppState;
use rounds_server::storage::SqliteStore;
use tempfile::TempDir;
use tokio::task::JoinHandle;

/// A running server and the folder holding its database.
#[derive(Debug)]
pub struct TestServer {
    /// Where it listens.
    pub addr: SocketAddr,
    dir: TempDir,
    task: JoinHandle<()>,
}

/// Starting a test server failed.
#[derive(Debug)]
pub struct StartError(pub String);

impl TestServer {
    /// Starts a server with an empty database and no web app.
    pub async fn start() -> Result<Self, StartError> {
        Self::start_with_static(None).await
    }

    /// Starts a server with an empty database, serving `static_dir` as the web app.
    pub async fn start_with_static(static_dir: Option<PathBuf>) -> Result<Self, StartError> {
        let err = |e: &dyn std::fmt::Display| StartError(e.to_string());
        let dir = tempfile::tempdir().map_err(|e| err(&e))?;
        let db = dir.path().join("rounds.db");
        let store = SqliteStore::open(&db).map_err(|e| err(&e))?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| err(&e))?;
        let addr = listener.local_addr().map_err(|e| err(&e))?;
        let state = AppState::new(Arc::new(store), static_dir);
        let task = tokio::spawn(async move {
            let _ = axum_serve(listener, state).await;
        });
        Ok(Self { addr, dir, task })
    }

    /// `http://127.0.0.1:port` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The folder with the server's database file.
    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }
}

async fn axum_serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    rounds_server::serve(listener, state).await
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
