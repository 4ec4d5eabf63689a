//! Test harness: a real Rounds server on an ephemeral port with a fresh SQLite file, as
//! many as a test wants, each torn down with the test; and [`peer::Peer`], a real sync
//! client (the shared engine over a WebSocket).

pub mod browser;
pub mod chaos;
pub mod console;
pub mod fuzz;
pub mod hostile;
pub mod notices;
pub mod peer;
pub mod postgres;
pub mod process;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rounds_server::state::ServerConfig;
use rounds_server::storage::{SqliteStore, Store, User};
use rounds_server::{AppState, admin};
use rounds_shared::ids::AccountId;
use tempfile::TempDir;
use tokio::task::JoinHandle;

/// The password every test user gets.
pub const PASSWORD: &str = "correct horse battery";

/// A running server and the folder holding its database.
#[derive(Debug)]
pub struct TestServer {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its storage, for arranging and checking from the test.
    pub store: Arc<SqliteStore>,
    /// Its state (the hub of live documents, settings).
    pub state: AppState,
    dir: TempDir,
    task: JoinHandle<()>,
}

/// Arranging or starting a test server failed.
#[derive(Debug)]
pub struct HarnessError(pub String);

impl<E: std::fmt::Display> From<E> for HarnessError {
    fn from(e: E) -> Self {
        Self(e.to_string())
    }
}

impl TestServer {
    /// Starts a server with an empty database and default settings.
    pub async fn start() -> Result<Self, HarnessError> {
        Self::start_with(ServerConfig::default()).await
    }

    /// Starts a server with an empty database and `config`.
    pub async fn start_with(config: ServerConfig) -> Result<Self, HarnessError> {
        let dir = tempfile::tempdir()?;
        let db = dir.path().join("rounds.db");
        Self::start_at(dir, &db, config).await
    }

    /// Starts a server on an existing database file (benchmarks keep large ones).
    pub async fn start_on(db: &Path, config: ServerConfig) -> Result<Self, HarnessError> {
        Self::start_at(tempfile::tempdir()?, db, config).await
    }

    async fn start_at(dir: TempDir, db: &Path, config: ServerConfig) -> Result<Self, HarnessError> {
        let store = Arc::new(SqliteStore::open(db)?);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let mut config = config;
        if config.blob_dir.is_none() {
            config.blob_dir = Some(rounds_server::blobs::FsBlobStore::beside(db));
        }
        let state = AppState::new(Arc::clone(&store) as Arc<dyn Store>, config);
        let serving = state.clone();
        let task = tokio::spawn(async move {
            let _ = rounds_server::serve(listener, serving).await;
        });
        Ok(Self {
            addr,
            store,
            state,
            dir,
            task,
        })
    }

    /// Starts a server serving `static_dir` as the web app.
    pub async fn start_with_static(static_dir: Option<PathBuf>) -> Result<Self, HarnessError> {
        Self::start_with(ServerConfig {
            static_dir,
            ..ServerConfig::default()
        })
        .await
    }

    /// `http://127.0.0.1:port` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The sync endpoint's URL, carrying `token`.
    pub fn sync_url(&self, token: &str) -> String {
        format!("ws://{}/api/v1/sync?access_token={token}", self.addr)
    }

    /// The folder with the server's database file.
    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// Adds a team.
    pub fn team(&self, name: &str) -> Result<(), HarnessError> {
        admin::add_team(self.store.as_ref(), admin::Actor::Cli, name)?;
        Ok(())
    }

    /// Adds a user with [`PASSWORD`].
    pub fn user(
        &self,
        username: &str,
        role: &str,
        team: Option<&str>,
    ) -> Result<User, HarnessError> {
        Ok(admin::add_user(
            self.store.as_ref(),
            admin::Actor::Cli,
            username,
            username,
            role,
            team,
            PASSWORD,
        )?)
    }

    /// Two teams as the dashboard tests use them: `east` with the reps wu and he, managed by
    /// lin; `west` with the rep zhou, whom lin does not see.
    pub fn two_teams(&self) -> Result<TwoTeams, HarnessError> {
        self.team("east")?;
        self.team("west")?;
        let reps = TwoTeams {
            wu: self.user("wu", "rep", Some("east"))?,
            he: self.user("he", "rep", Some("east"))?,
            zhou: self.user("zhou", "rep", Some("west"))?,
        };
        self.user("lin", "manager", None)?;
        self.manage("east", "lin")?;
        Ok(reps)
    }

    /// Makes `manager` manage `team`.
    pub fn manage(&self, team: &str, manager: &str) -> Result<(), HarnessError> {
        Ok(admin::manage_team(
            self.store.as_ref(),
            admin::Actor::Cli,
            team,
            manager,
        )?)
    }

    /// Adds an account owned by `owner`, with its document.
    pub fn account(&self, name: &str, owner: &str) -> Result<AccountId, HarnessError> {
        Ok(admin::add_account(
            self.store.as_ref(),
            admin::Actor::Cli,
            name,
            owner,
            "3a",
            "上海",
        )?)
    }

    /// Logs in over HTTP with [`PASSWORD`] and returns the bearer token.
    pub async fn login(&self, username: &str) -> Result<String, HarnessError> {
        self.login_with(username, PASSWORD).await
    }

    /// Logs in over HTTP and returns the bearer token.
    pub async fn login_with(&self, username: &str, password: &str) -> Result<String, HarnessError> {
        let res = reqwest::Client::new()
            .post(self.url("/api/v1/session"))
            .json(
                &serde_json::json!({ "username": username, "password": password, "bearer": true }),
            )
            .send()
            .await?;
        if !res.status().is_success() {
            return Err(HarnessError(format!(
                "login of {username}: {}",
                res.status()
            )));
        }
        let body: serde_json::Value = res.json().await?;
        body["token"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| HarnessError("no token".into()))
    }

    /// A sync client of `user` (peer id `peer`), logged in, connected, and holding `docs`
    /// once the server has sent them (within 20 s).
    pub async fn online_as(
        &self,
        user: &str,
        peer: &str,
        docs: &[rounds_shared::sync::DocumentId],
    ) -> Result<peer::Peer, HarnessError> {
        let (me, _) = self
            .store
            .user_by_name(user)?
            .ok_or_else(|| HarnessError(format!("no user {user}")))?;
        let mut client = peer::Peer::new(
            rounds_shared::sync::SyncClient::new(rounds_shared::sync::PeerId::from(peer))
                .writing_as(me.id),
        );
        client
            .connect(&self.sync_url(&self.login(user).await?))
            .await?;
        client.request(docs).await?;
        let want = docs.to_vec();
        let arrived = client
            .pump_until(
                std::time::Duration::from_secs(20),
                std::time::Duration::from_millis(50),
                |e| want.iter().all(|d| e.document(*d).is_some()),
            )
            .await?;
        if !arrived {
            return Err(HarnessError(format!("{user} did not receive {docs:?}")));
        }
        Ok(client)
    }

    /// [`TestServer::online_as`] with the username as the peer id.
    pub async fn online(
        &self,
        user: &str,
        docs: &[rounds_shared::sync::DocumentId],
    ) -> Result<peer::Peer, HarnessError> {
        self.online_as(user, user, docs).await
    }

    /// The id of user `username`.
    pub fn user_id(&self, username: &str) -> Result<rounds_shared::ids::UserId, HarnessError> {
        Ok(self
            .store
            .user_by_name(username)?
            .ok_or_else(|| HarnessError(format!("no user {username}")))?
            .0
            .id)
    }

    /// A request with a bearer token and a JSON body: the status and the body.
    pub async fn send(
        &self,
        token: &str,
        method: reqwest::Method,
        path: &str,
        body: &serde_json::Value,
    ) -> Result<(u16, String), HarnessError> {
        let res = reqwest::Client::new()
            .request(method, self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await?;
        Ok((res.status().as_u16(), res.text().await?))
    }

    /// `GET path` with a bearer token: the status and the body.
    pub async fn get(&self, token: &str, path: &str) -> Result<(u16, String), HarnessError> {
        let res = reqwest::Client::new()
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await?;
        Ok((res.status().as_u16(), res.text().await?))
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The reps of [`TestServer::two_teams`].
#[derive(Debug)]
pub struct TwoTeams {
    /// A rep of `east`.
    pub wu: User,
    /// Another rep of `east`.
    pub he: User,
    /// The rep of `west`.
    pub zhou: User,
}

/// Edits the account document `id` held by `engine` through the shared schema, and reports
/// the change to the engine.
pub fn edit_account<T>(
    engine: &mut rounds_shared::sync::SyncClient,
    id: rounds_shared::sync::DocumentId,
    f: impl FnOnce(&mut rounds_shared::doc::AccountDoc) -> T,
) -> Result<T, HarnessError> {
    let doc = engine
        .document_mut(id)
        .ok_or_else(|| HarnessError(format!("no document {id}")))?;
    let mut account = rounds_shared::doc::AccountDoc::from_automerge(std::mem::take(doc));
    let out = f(&mut account);
    *doc = std::mem::take(account.automerge());
    Ok(out)
}

/// Reads the account document `id` held by `engine`.
pub fn read_account(
    engine: &rounds_shared::sync::SyncClient,
    id: rounds_shared::sync::DocumentId,
) -> Result<rounds_shared::doc::AccountDoc, HarnessError> {
    let doc = engine
        .document(id)
        .ok_or_else(|| HarnessError(format!("no document {id}")))?;
    Ok(rounds_shared::doc::AccountDoc::from_automerge(doc.clone()))
}

/// The server's stored copy of a document, loaded afresh from the database.
pub fn stored_account(
    store: &SqliteStore,
    id: rounds_shared::sync::DocumentId,
) -> Result<rounds_shared::doc::AccountDoc, HarnessError> {
    let stored = store
        .document(id)?
        .ok_or_else(|| HarnessError(format!("document {id} not stored")))?;
    Ok(rounds_shared::doc::AccountDoc::load(
        &stored.chunks.concat(),
    )?)
}

/// The read-model tables: every `p_` table the schema has, by name.
pub fn read_model_tables(conn: &rusqlite::Connection) -> Result<Vec<String>, HarnessError> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'p\\_%' ESCAPE '\\' ORDER BY name",
    )?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(names)
}

/// Every row of every read-model table, as text, in a fixed order: two dumps are equal
/// exactly when the tables are.
pub fn dump_read_model(db: &Path) -> Result<String, HarnessError> {
    let conn = rusqlite::Connection::open(db)?;
    let mut out = String::new();
    for table in read_model_tables(&conn)? {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2, 3"))?;
        let columns = stmt.column_count();
        let mut rows = stmt.query([])?;
        out.push_str(&format!("# {table}\n"));
        while let Some(row) = rows.next()? {
            let cells: Vec<String> = (0..columns)
                .map(|i| row.get_ref(i).map(cell).unwrap_or_default())
                .collect();
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
    }
    Ok(out)
}

/// A database value as text: numbers as digits, text as itself, NULL as `NULL`.
pub fn cell(v: rusqlite::types::ValueRef<'_>) -> String {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => "NULL".into(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Blob(b) => b.iter().map(|x| format!("{x:02x}")).collect(),
    }
}
