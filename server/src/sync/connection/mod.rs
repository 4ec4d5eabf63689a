//! One client's WebSocket: the IO around [`ServerSession`] (the protocol rules, in
//! `rounds-shared`). This loop reads frames, looks up access, locks live documents, stores
//! changes before replying, stores accounts created offline, and pushes other connections'
//! changes. Automerge work runs on the blocking pool, never on the async workers.

mod access;
mod frames;
mod new_doc;

use frames::{finish, send, send_all, send_frame};

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::ws::{Message as Frame, WebSocket};
use rounds_shared::ids::TeamId;
use rounds_shared::model::UserRole;
use rounds_shared::sync::{
    Access, Close, DocMessage, DocumentId, Incoming, Route, Rules, ServerSession, SessionUser,
    Step, code,
};
use rounds_shared::time::Timestamp;
use tokio::sync::OwnedMutexGuard;
use tokio::sync::broadcast::error::RecvError;

use super::hub::{Change, Slot};
use crate::state::{AppState, now_ms};
use crate::storage::{DocKind, User};

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// The server failed: the client is told to try again, the cause goes to the log.
fn internal(e: &dyn std::fmt::Display) -> Close {
    tracing::error!(error = %e, "sync failed on the server");
    Close::policy(
        code::SERVER_ERROR,
        "the server could not store the change; try again",
    )
}

/// The socket failed under us: nothing more can be said to the client.
fn gone(e: &dyn std::fmt::Display) -> Close {
    Close::normal(format!("send failed: {e}"))
}

struct Conn {
    id: u64,
    user: User,
    /// The session this connection was opened with: when it ends, the connection closes.
    token_hash: Vec<u8>,
    /// When the client last sent anything.
    last_heard: Instant,
    managed: Vec<TeamId>,
    /// Taken out while Automerge work runs on the blocking pool.
    session: Option<Box<ServerSession>>,
    /// What each document looked up is (a document's kind never changes).
    kinds: HashMap<DocumentId, DocKind>,
    started: Instant,
    /// When it opened (hand-overs before this allow delivery, see `handover_delivery`).
    opened_at: Timestamp,
    state: AppState,
}

/// Serves one authenticated WebSocket until it closes.
pub async fn run(mut socket: WebSocket, user: User, token_hash: Vec<u8>, state: AppState) {
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let limits = state.hub.limits();
    let session = ServerSession::new(
        SessionUser {
            id: user.id,
            index_doc: user.index_doc,
            personal_doc: user.personal_doc,
            may_create: matches!(
                user.role,
                UserRole::Rep | UserRole::Manager | UserRole::Admin
            ),
        },
        limits.session,
        0,
    );
    let mut changes = state.hub.subscribe();
    let mut conn = Conn {
        id,
        user,
        token_hash,
        last_heard: Instant::now(),
        managed: Vec::new(),
        session: Some(Box::new(session)),
        kinds: HashMap::new(),
        started: Instant::now(),
        opened_at: Timestamp(now_ms()),
        state,
    };
    if let Err(close) = conn.load_managed().await {
        finish(&mut socket, None, close).await;
        return;
    }
    tracing::info!(connection = id, user = %conn.user.username, "sync connection opened");
    let mut ticks = tokio::time::interval_at(
        tokio::time::Instant::now() + limits.server.ping_every,
        limits.server.ping_every,
    );
    let close = loop {
        let step = tokio::select! {
            frame = socket.recv() => match frame {
                Some(Ok(frame)) => {
                    conn.last_heard = Instant::now();
                    conn.on_frame(&mut socket, frame).await
                }
                Some(Err(e)) => Err(Close { code: code::PROTOCOL_ERROR, reason: format!("connection error: {e}"), tell: false }),
                None => Err(Close::normal("")),
            },
            change = changes.recv() => match change {
                Ok(Change::Document { doc, origin }) if origin != conn.id => conn.push(&mut socket, doc).await,
                Ok(Change::Document { .. }) => Ok(()),
                Ok(Change::Access) => conn.on_access_changed().await,
                // Missed announcements may have been about access: decide it again first.
                Err(RecvError::Lagged(_)) => match conn.on_access_changed().await {
                    Ok(()) => conn.push_all(&mut socket).await,
                    Err(close) => Err(close),
                },
                Err(RecvError::Closed) => Err(Close::normal("server shutting down")),
            },
            _ = ticks.tick() => conn.on_tick(&mut socket).await,
        };
        if let Err(close) = step {
            break close;
        }
    };
    tracing::info!(connection = id, user = %conn.user.username, code = close.code, reason = %close.reason, "sync connection closed");
    let error = conn.session.as_ref().and_then(|s| s.error_for(&close));
    finish(&mut socket, error, close).await;
}

impl Conn {
    fn session(&mut self) -> Result<&mut ServerSession, Close> {
        self.session
            .as_deref_mut()
            .ok_or_else(|| internal(&"the session was lost to a failed task"))
    }

    fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Runs `f` with the session and the locked document `id` on the blocking pool. When
    /// `f` panics (Automerge on input it should have refused), the document is put back as
    /// stored before its lock is released, and this connection is closed.
    async fn with_doc<T: Send + 'static>(
        &mut self,
        id: DocumentId,
        slot: OwnedMutexGuard<Slot>,
        f: impl FnOnce(&mut ServerSession, &mut Slot) -> T + Send + 'static,
    ) -> Result<(OwnedMutexGuard<Slot>, T), Close> {
        let mut session = self
            .session
            .take()
            .ok_or_else(|| internal(&"the session was lost to a failed task"))?;
        let mut slot = slot;
        let hub = Arc::clone(&self.state.hub);
        let done = tokio::task::spawn_blocking(move || {
            let run = std::panic::AssertUnwindSafe(|| f(&mut session, &mut slot));
            match std::panic::catch_unwind(run) {
                Ok(out) => Ok((session, slot, out)),
                Err(_) => {
                    hub.recover(id, &mut slot);
                    Err(())
                }
            }
        })
        .await;
        match done {
            Ok(Ok((session, slot, out))) => {
                self.session = Some(session);
                Ok((slot, out))
            }
            Ok(Err(())) => {
                tracing::error!(connection = self.id, user = %self.user.username, document = %id, "document work panicked on this client's message");
                Err(Close::policy(
                    code::PROTOCOL_ERROR,
                    format!(
                        "document {id}: your message could not be processed; nothing of it was stored"
                    ),
                ))
            }
            Err(e) => Err(internal(&format!("document work failed: {e}"))),
        }
    }

    async fn on_frame(&mut self, socket: &mut WebSocket, frame: Frame) -> Result<(), Close> {
        let incoming = match frame {
            Frame::Binary(b) => Incoming::Binary(b.to_vec()),
            Frame::Text(_) => Incoming::Text,
            Frame::Ping(_) | Frame::Pong(_) => Incoming::Ping,
            Frame::Close(_) => Incoming::Close,
        };
        let now = self.elapsed_ms();
        let steps = self.session()?.receive(incoming, now)?;
        for step in steps {
            match step {
                Step::Send(msg) => send(socket, msg).await?,
                Step::PrepareUser => {
                    let hub = Arc::clone(&self.state.hub);
                    hub.refresh_index(&self.user)
                        .await
                        .map_err(|e| internal(&e))?;
                    hub.ensure_personal(&self.user)
                        .await
                        .map_err(|e| internal(&e))?;
                }
                Step::Document(m) => self.on_doc(socket, m).await?,
            }
        }
        Ok(())
    }

    async fn on_doc(&mut self, socket: &mut WebSocket, m: DocMessage) -> Result<(), Close> {
        let (access, kind) = self.lookup(m.doc).await?;
        match self.session()?.route(&m, access) {
            Route::Unavailable(msg) => send(socket, msg).await,
            Route::New => self.on_new_doc(socket, m).await,
            Route::Live(access) => {
                let Some(kind) = kind else {
                    return Err(internal(&format!(
                        "document {} has access but no kind",
                        m.doc
                    )));
                };
                self.on_live(socket, m, access, kind).await
            }
        }
    }

    async fn on_live(
        &mut self,
        socket: &mut WebSocket,
        m: DocMessage,
        access: Access,
        kind: DocKind,
    ) -> Result<(), Close> {
        let hub = Arc::clone(&self.state.hub);
        let id = m.doc;
        let slot = hub
            .slot(id, kind)
            .await
            .map_err(|e| internal(&e))?
            .lock_owned()
            .await;
        let template = hub.template().await.map_err(|e| internal(&e))?;
        let now = Timestamp(now_ms());
        // Receive the message and prepare what to store, both on the blocking pool.
        let rules = match kind {
            DocKind::Account(_) => Rules::Account,
            DocKind::Personal(_) | DocKind::Index(_) => Rules::Personal,
            DocKind::Notice(_) => Rules::Notice,
        };
        let (mut slot, (applied, pending)) = self
            .with_doc(id, slot, move |session, slot| {
                let bytes = slot.bytes;
                match session.apply(m, access, &mut slot.doc, bytes, rules) {
                    Ok(a) => {
                        let pending = a
                            .changed
                            .as_ref()
                            .map(|before| slot.pending(id, before, &template, now));
                        (Ok(a), pending)
                    }
                    Err(close) => (Err(close), None),
                }
            })
            .await
            .inspect_err(|_| hub.evict(id))?;
        let applied = match applied {
            Ok(a) => a,
            Err(close) => {
                drop(slot);
                hub.evict(id);
                return Err(close);
            }
        };
        if applied.refused {
            tracing::warn!(connection = self.id, user = %self.user.username, document = %id, "change refused");
            if let Err(e) = hub.restore(id, &mut slot).await {
                drop(slot);
                hub.evict(id);
                return Err(internal(&e));
            }
        }
        if let Some(pending) = pending
            && let Err(e) = hub.commit(id, &mut slot, pending, self.id).await
        {
            drop(slot);
            hub.evict(id);
            return Err(internal(&e));
        }
        let (slot, reply) = self
            .with_doc(id, slot, move |session, slot| {
                session.reply(id, &mut slot.doc)
            })
            .await?;
        drop(slot);
        if let Some(w) = applied.warning {
            send(socket, w).await?;
        }
        if let Some(reply) = reply {
            send(socket, reply).await?;
        }
        Ok(())
    }

    /// Every `ping_every`: close a silent connection, check the session, ping.
    async fn on_tick(&mut self, socket: &mut WebSocket) -> Result<(), Close> {
        let limits = self.state.hub.limits();
        if self.last_heard.elapsed() > limits.server.idle_after {
            return Err(Close::policy(
                code::POLICY,
                format!(
                    "nothing received for {} s: closing an idle connection",
                    limits.server.idle_after.as_secs()
                ),
            ));
        }
        self.check_session().await?;
        send_frame(socket, Frame::Ping(Vec::new().into())).await
    }

    async fn push_all(&mut self, socket: &mut WebSocket) -> Result<(), Close> {
        let ids = self.session()?.synced();
        for id in ids {
            self.push(socket, id).await?;
        }
        Ok(())
    }

    /// Another connection (or the server) changed a document: send it on if this client
    /// syncs it and may still read it.
    async fn push(&mut self, socket: &mut WebSocket, id: DocumentId) -> Result<(), Close> {
        let session = self.session()?;
        if session.client().is_none() || !session.synced().contains(&id) {
            return Ok(());
        }
        if session.access(id).is_none() {
            let (access, _) = self.lookup(id).await?;
            self.session()?.remember(id, access);
        }
        let Some(kind) = self.kinds.get(&id).copied() else {
            return Ok(());
        };
        let slot = self
            .state
            .hub
            .slot(id, kind)
            .await
            .map_err(|e| internal(&e))?
            .lock_owned()
            .await;
        let (slot, reply) = self
            .with_doc(id, slot, move |session, slot| {
                session.reply(id, &mut slot.doc)
            })
            .await?;
        drop(slot);
        match reply {
            Some(msg) => send(socket, msg).await,
            None => Ok(()),
        }
    }
}
