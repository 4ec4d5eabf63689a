//! A sync client for tests and benchmarks: the shared [`SyncClient`] engine over a real
//! WebSocket.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use rounds_shared::sync::{ClientError, DocumentId, Event, SyncClient};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message as Frame;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

use crate::HarnessError;

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// One device: its engine and, while online, its socket.
#[derive(Debug)]
pub struct Peer {
    /// The engine (documents and sync state).
    pub engine: SyncClient,
    socket: Option<Socket>,
    /// Documents the server said are unavailable.
    pub unavailable: Vec<DocumentId>,
    /// Errors the server reported.
    pub errors: Vec<String>,
    /// How the server closed the connection, if it did: (code, reason).
    pub closed: Option<(u16, String)>,
}

impl Peer {
    /// A device with no documents, offline.
    pub fn new(engine: SyncClient) -> Self {
        Self {
            engine,
            socket: None,
            unavailable: Vec::new(),
            errors: Vec::new(),
            closed: None,
        }
    }

    /// Opens the socket and sends `join` with the first sync messages.
    pub async fn connect(&mut self, url: &str) -> Result<(), HarnessError> {
        let (socket, _) = connect_async(url).await?;
        self.socket = Some(socket);
        self.closed = None;
        let out = self.engine.connect();
        self.handle(out).await
    }

    /// Connects, asks for `ids`, and waits (up to `wait`) until it holds them all.
    pub async fn fetch(
        &mut self,
        url: &str,
        ids: &[DocumentId],
        wait: Duration,
    ) -> Result<(), HarnessError> {
        self.connect(url).await?;
        self.request(ids).await?;
        let all = |e: &mut SyncClient| ids.iter().all(|id| e.document(*id).is_some());
        if self
            .pump_until(wait, Duration::from_millis(100), all)
            .await?
        {
            Ok(())
        } else {
            Err(HarnessError(format!("documents {ids:?} never arrived")))
        }
    }

    /// Closes the socket (the device goes offline).
    pub async fn disconnect(&mut self) {
        if let Some(mut s) = self.socket.take() {
            let _ = s.close(None).await;
        }
        self.engine.disconnect();
    }

    /// Whether the socket is open.
    pub fn is_online(&self) -> bool {
        self.socket.is_some()
    }

    /// Sends raw bytes (for bad-input tests).
    pub async fn send_raw(&mut self, frame: Frame) -> Result<(), HarnessError> {
        let s = self
            .socket
            .as_mut()
            .ok_or_else(|| HarnessError("offline".into()))?;
        s.send(frame).await?;
        Ok(())
    }

    /// Asks for documents the device does not have.
    pub async fn request(&mut self, ids: &[DocumentId]) -> Result<(), HarnessError> {
        for id in ids {
            let out = self.engine.request(*id);
            self.handle(out).await?;
        }
        Ok(())
    }

    /// Tells the engine a document changed locally and sends what it says.
    pub async fn changed(&mut self, id: DocumentId) -> Result<(), HarnessError> {
        let out = self.engine.changed(id);
        self.handle(out).await
    }

    async fn handle(&mut self, events: Vec<Event>) -> Result<(), HarnessError> {
        for e in events {
            match e {
                Event::Send(bytes) => {
                    if let Some(s) = self.socket.as_mut() {
                        s.send(Frame::Binary(bytes.into())).await?;
                    }
                }
                Event::Unavailable(id) => self.unavailable.push(id),
                Event::ServerError(m) => self.errors.push(m),
                Event::Joined | Event::Changed(_) => {}
            }
        }
        Ok(())
    }

    /// Handles what arrives for up to `wait`; returns early when the server goes quiet for
    /// `quiet` and `done` holds.
    pub async fn pump_until(
        &mut self,
        wait: Duration,
        quiet: Duration,
        mut done: impl FnMut(&mut SyncClient) -> bool,
    ) -> Result<bool, HarnessError> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if tokio::time::Instant::now() >= deadline {
                return Ok(done(&mut self.engine));
            }
            let Some(socket) = self.socket.as_mut() else {
                return Ok(done(&mut self.engine));
            };
            match tokio::time::timeout(quiet, socket.next()).await {
                Err(_) => {
                    if done(&mut self.engine) {
                        return Ok(true);
                    }
                }
                Ok(None) => {
                    self.socket = None;
                    self.engine.disconnect();
                }
                Ok(Some(Err(e))) => {
                    self.closed.get_or_insert((0, e.to_string()));
                    self.socket = None;
                    self.engine.disconnect();
                }
                Ok(Some(Ok(Frame::Binary(bytes)))) => {
                    let events = self
                        .engine
                        .receive(&bytes)
                        .map_err(|e: ClientError| HarnessError(e.to_string()))?;
                    self.handle(events).await?;
                }
                Ok(Some(Ok(Frame::Close(frame)))) => {
                    self.closed = Some(frame.map_or((1005, String::new()), |f| {
                        (f.code.into(), f.reason.to_string())
                    }));
                    self.socket = None;
                    self.engine.disconnect();
                }
                Ok(Some(Ok(_))) => {}
            }
        }
    }

    /// Puts `doc` in the engine in place of what it held under `id` (its sync starts
    /// afresh) and sends what that takes.
    pub async fn replace(
        &mut self,
        id: DocumentId,
        doc: automerge::AutoCommit,
    ) -> Result<(), HarnessError> {
        let out = self.engine.insert(id, doc);
        self.handle(out).await
    }

    /// Handles what arrives until the server reports an error (returned), or `wait` ends.
    pub async fn next_error(&mut self, wait: Duration) -> Result<Option<String>, HarnessError> {
        let seen = self.errors.len();
        let deadline = tokio::time::Instant::now() + wait;
        while self.errors.len() == seen && tokio::time::Instant::now() < deadline {
            if self.socket.is_none() {
                break;
            }
            self.pump_until(Duration::from_millis(50), Duration::from_millis(10), |_| {
                false
            })
            .await?;
        }
        Ok(self.errors.get(seen).cloned())
    }

    /// Syncs until the server has confirmed every change of every document (or `wait` ends).
    pub async fn sync(&mut self, wait: Duration) -> Result<bool, HarnessError> {
        self.pump_until(wait, Duration::from_millis(100), |e| {
            e.unsynced().is_empty()
        })
        .await
    }
}
