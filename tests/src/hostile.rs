//! Helpers for the hostile-input tests: a server process with a bad and a good rep (to read
//! its resident memory), raw sockets that speak the protocol badly, and a well-behaved rep
//! whose sync must keep working while the attack goes on.

use std::path::PathBuf;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use rounds_server::admin;
use rounds_server::storage::{SqliteStore, Store};
use rounds_shared::ids::UserId;
use rounds_shared::model::Visit;
use rounds_shared::sync::{DocumentId, Message, PeerId, SyncClient};
use rounds_shared::time::Timestamp;
use tempfile::TempDir;
use tokio_tungstenite::tungstenite::Message as Frame;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

use crate::peer::Peer;
use crate::process::ServerProcess;
use crate::{HarnessError, PASSWORD, edit_account};

/// A raw client socket.
pub type Socket = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

/// How long a well-behaved client is given to be served.
pub const WAIT: Duration = Duration::from_secs(30);

/// A `rounds-server serve` process with reps `bad` and `good` (and admin `boss`), each
/// owning one hospital.
#[derive(Debug)]
pub struct Arena {
    /// The server.
    pub server: ServerProcess,
    /// `bad`'s user id and hospital document.
    pub bad: (UserId, DocumentId),
    /// `good`'s user id and hospital document.
    pub good: (UserId, DocumentId),
    /// The database file.
    pub db: PathBuf,
    _dir: TempDir,
}

impl Arena {
    /// Arranges the database, then starts the server with `extra` arguments.
    pub fn start(extra: &[&str]) -> Result<Self, HarnessError> {
        let dir = tempfile::tempdir()?;
        let db = dir.path().join("rounds.db");
        let (bad, good) = {
            let store = SqliteStore::open(&db)?;
            let rep = |name: &str| -> Result<(UserId, DocumentId), HarnessError> {
                let user =
                    admin::add_user(&store, admin::Actor::Cli, name, name, "rep", None, PASSWORD)?;
                let account = admin::add_account(
                    &store,
                    admin::Actor::Cli,
                    &format!("{name}的医院"),
                    name,
                    "3a",
                    "",
                )?;
                Ok((user.id, DocumentId::from(account)))
            };
            let pair = (rep("bad")?, rep("good")?);
            admin::add_user(
                &store,
                admin::Actor::Cli,
                "boss",
                "boss",
                "admin",
                None,
                PASSWORD,
            )?;
            pair
        };
        let server = ServerProcess::start(&db, extra)?;
        Ok(Self {
            server,
            bad,
            good,
            db,
            _dir: dir,
        })
    }

    /// The server's resident memory now, in KiB.
    pub fn rss_kib(&self) -> Result<u64, HarnessError> {
        rss_kib(self.server.child.id())
    }

    /// `http://addr` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.server.addr)
    }

    /// `good` logs in, writes a visit and has it confirmed.
    pub async fn good_rep_syncs(&self) -> Result<(), HarnessError> {
        let token = self.server.login("good").await?;
        good_rep_syncs(&self.server.sync_url(&token), self.good.0, self.good.1).await
    }

    /// A socket of `bad` that has joined.
    pub async fn bad_socket(&self) -> Result<Socket, HarnessError> {
        let token = self.server.login("bad").await?;
        joined(&self.server.sync_url(&token)).await
    }

    /// Chunks stored for `doc`.
    pub fn chunks(&self, doc: DocumentId) -> Result<usize, HarnessError> {
        let store = SqliteStore::open(&self.db)?;
        Ok(store.document(doc)?.map_or(0, |d| d.chunks.len()))
    }
}

impl crate::TestServer {
    /// `username` signs in on this (in-process) server, writes a visit to `doc` and has it
    /// confirmed: the well-behaved rep of the hostile-input tests.
    pub async fn rep_syncs(&self, username: &str, doc: DocumentId) -> Result<(), HarnessError> {
        let token = self.login(username).await?;
        good_rep_syncs(&self.sync_url(&token), self.user_id(username)?, doc).await
    }
}

/// Resident memory (VmRSS) of process `pid`, in KiB.
pub fn rss_kib(pid: u32) -> Result<u64, HarnessError> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| HarnessError("no VmRSS".into()))
}

/// A rep's device at `sync_url` writes a visit to `doc` and has it confirmed.
pub async fn good_rep_syncs(
    sync_url: &str,
    user: UserId,
    doc: DocumentId,
) -> Result<(), HarnessError> {
    let mut peer = Peer::new(SyncClient::new(PeerId::from("good-phone")).writing_as(user));
    peer.fetch(sync_url, &[doc], WAIT).await?;
    let mut v = Visit::new(Timestamp(1_790_000_000_000), user);
    v.purpose = "正常拜访".into();
    v.content = "一切正常".into();
    edit_account(&mut peer.engine, doc, |d| d.put(&v))?.map_err(|e| HarnessError(e.to_string()))?;
    peer.changed(doc).await?;
    if !peer.sync(WAIT).await? {
        return Err(HarnessError(
            "the good rep's visit was not confirmed".into(),
        ));
    }
    if !peer.errors.is_empty() {
        return Err(HarnessError(format!(
            "the good rep got errors: {:?}",
            peer.errors
        )));
    }
    Ok(())
}

/// Opens a socket at `url` and sends `join`.
pub async fn joined(url: &str) -> Result<Socket, HarnessError> {
    let (mut ws, _) = connect_async(url)
        .await
        .map_err(|e| HarnessError(e.to_string()))?;
    let join = Message::Join {
        sender_id: PeerId::from("attacker"),
        supported_protocol_versions: vec!["1".into()],
        peer_metadata: Default::default(),
    };
    ws.send(Frame::Binary(join.encode().into()))
        .await
        .map_err(|e| HarnessError(e.to_string()))?;
    Ok(ws)
}

/// A `sync` frame for `doc` carrying `data`.
pub fn sync_frame(doc: DocumentId, data: Vec<u8>) -> Frame {
    Frame::Binary(
        Message::Sync {
            sender_id: PeerId::from("attacker"),
            target_id: PeerId::from("rounds-server"),
            document_id: doc,
            data,
        }
        .encode()
        .into(),
    )
}

/// What the server said until it closed the socket (or `wait` passed): its error messages
/// and its close frame.
pub async fn answer(ws: &mut Socket, wait: Duration) -> (Vec<String>, Option<(u16, String)>) {
    let mut errors = Vec::new();
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        match tokio::time::timeout(left, ws.next()).await {
            Ok(Some(Ok(Frame::Binary(b)))) => {
                if let Ok(Message::Error { message, .. }) = Message::decode(&b) {
                    errors.push(message);
                }
            }
            Ok(Some(Ok(Frame::Close(f)))) => {
                return (
                    errors,
                    Some(f.map_or((1005, String::new()), |f| {
                        (f.code.into(), f.reason.to_string())
                    })),
                );
            }
            Ok(Some(Ok(_))) => {}
            Ok(Some(Err(_)) | None) | Err(_) => return (errors, None),
        }
    }
}

/// `len` characters that do not compress much (random picks of 64 letters).
pub fn noise(len: usize, seed: u64) -> String {
    const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut rng = rounds_server::demo::Rng::new(seed);
    (0..len)
        .map(|_| char::from(LETTERS[rng.below(LETTERS.len())]))
        .collect()
}

/// `good`'s device writes `n` visits of `size` characters of noise into its hospital in
/// one change and has it confirmed; how long that took.
pub async fn large_sync(arena: &Arena, n: usize, size: usize) -> Result<Duration, HarnessError> {
    let token = arena.server.login("good").await?;
    let (user, doc) = arena.good;
    let mut peer = Peer::new(SyncClient::new(PeerId::from("big-phone")).writing_as(user));
    peer.fetch(&arena.server.sync_url(&token), &[doc], WAIT)
        .await?;
    edit_account(&mut peer.engine, doc, |d| {
        (0..n).try_for_each(|i| {
            let mut v = Visit::new(Timestamp(1_790_000_000_000 + i as i64), user);
            v.purpose = format!("拜访 {i}");
            v.content = noise(size, i as u64 + 7);
            d.put(&v)
        })
    })?
    .map_err(|e| HarnessError(e.to_string()))?;
    let started = std::time::Instant::now();
    peer.changed(doc).await?;
    if !peer.sync(Duration::from_secs(300)).await? {
        return Err(HarnessError("the large change was not confirmed".into()));
    }
    Ok(started.elapsed())
}

/// `/health`'s latency, probed every 20 ms while [`large_sync`] runs; and the sync's time.
pub async fn health_during_large_sync(
    arena: &Arena,
    n: usize,
    size: usize,
) -> Result<(Vec<Duration>, Duration), HarnessError> {
    let http = reqwest::Client::new();
    let health = arena.url("/api/v1/health");
    let (done_tx, mut done_rx) = tokio::sync::oneshot::channel::<()>();
    let probe = tokio::spawn(async move {
        let mut latencies = Vec::new();
        loop {
            let t = std::time::Instant::now();
            let ok = http
                .get(&health)
                .send()
                .await
                .is_ok_and(|r| r.status() == 200);
            if !ok {
                return Err(HarnessError("/health failed".into()));
            }
            latencies.push(t.elapsed());
            tokio::select! {
                _ = &mut done_rx => return Ok(latencies),
                () = tokio::time::sleep(Duration::from_millis(20)) => {}
            }
        }
    });
    let took = large_sync(arena, n, size).await?;
    let _ = done_tx.send(());
    let latencies = probe.await.map_err(|e| HarnessError(e.to_string()))??;
    Ok((latencies, took))
}
