//! One client's WebSocket: the automerge-repo protocol, access control, durable apply, and
//! pushing other clients' changes.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use automerge::AutoCommit;
use automerge::sync::{self, SyncDoc};
use axum::extract::ws::{CloseFrame, Message as Frame, WebSocket};
use rounds_shared::doc::AccountDoc;
use rounds_shared::ids::{AccountId, TeamId};
use rounds_shared::model::UserRole;
use rounds_shared::sync::{DocumentId, Message, PROTOCOL_V1, PeerId, PeerMetadata, SERVER_PEER_ID};
use rounds_shared::time::Timestamp;
use tokio::sync::broadcast::error::RecvError;

use super::access::{Access, Target, decide};
use super::bucket::Bucket;
use super::hub::Change;
use crate::state::{AppState, now_ms};
use crate::storage::{DocKind, StoreError, User, WriteOp};

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Close codes (RFC 6455).
const NORMAL: u16 = 1000;
const PROTOCOL_ERROR: u16 = 1002;
const POLICY: u16 = 1008;
const TOO_BIG: u16 = 1009;
const SERVER_ERROR: u16 = 1011;

/// How long the server waits for the peer's reply to its Close before dropping the socket.
const CLOSE_GRACE: Duration = Duration::from_secs(2);

/// Why a connection ends.
#[derive(Debug)]
struct Close {
    code: u16,
    reason: String,
    /// Send a protocol `error` message with the reason first.
    tell: bool,
}

impl Close {
    fn protocol(reason: impl Into<String>) -> Self {
        Self {
            code: PROTOCOL_ERROR,
            reason: reason.into(),
            tell: true,
        }
    }
    fn policy(code: u16, reason: impl Into<String>) -> Self {
        Self {
            code,
            reason: reason.into(),
            tell: true,
        }
    }
    fn internal(e: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %e, "sync failed on the server");
        Self {
            code: SERVER_ERROR,
            reason: "the server could not store the change; try again".into(),
            tell: true,
        }
    }
}

/// A document a user created offline and is sending for the first time.
#[derive(Debug)]
struct NewDoc {
    doc: AutoCommit,
    state: sync::State,
}

/// At most this many new documents may be in flight on one connection.
const MAX_NEW_DOCS: usize = 64;

struct Conn {
    id: u64,
    user: User,
    managed: Vec<TeamId>,
    client: Option<PeerId>,
    states: HashMap<DocumentId, sync::State>,
    access: HashMap<DocumentId, (Access, Option<DocKind>)>,
    new_docs: HashMap<DocumentId, NewDoc>,
    bucket: Bucket,
    state: AppState,
}

/// Serves one authenticated WebSocket until it closes.
pub async fn run(mut socket: WebSocket, user: User, state: AppState) {
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let limits = state.hub.limits();
    let who = user.id;
    let managed = match state.storage(move |s| s.managed_teams(who)).await {
        Ok(m) => m,
        Err(e) => {
            let close = Close::internal(&e);
            finish(&mut socket, None, close).await;
            return;
        }
    };
    let mut changes = state.hub.subscribe();
    let mut conn = Conn {
        id,
        user,
        managed,
        client: None,
        states: HashMap::new(),
        access: HashMap::new(),
        new_docs: HashMap::new(),
        bucket: Bucket::new(
            limits.messages_per_second,
            limits.message_burst,
            Instant::now(),
        ),
        state,
    };
    tracing::info!(connection = id, user = %conn.user.username, "sync connection opened");
    let close = loop {
        let step = tokio::select! {
            frame = socket.recv() => match frame {
                Some(Ok(frame)) => conn.on_frame(&mut socket, frame).await,
                Some(Err(e)) => Err(Close { code: PROTOCOL_ERROR, reason: format!("connection error: {e}"), tell: false }),
                None => Err(Close { code: NORMAL, reason: String::new(), tell: false }),
            },
            change = changes.recv() => match change {
                Ok(change) => conn.on_change(&mut socket, change).await,
                Err(RecvError::Lagged(_)) => conn.push_all(&mut socket).await,
                Err(RecvError::Closed) => Err(Close { code: NORMAL, reason: "server shutting down".into(), tell: false }),
            },
        };
        if let Err(close) = step {
            break close;
        }
    };
    tracing::info!(connection = id, user = %conn.user.username, code = close.code, reason = %close.reason, "sync connection closed");
    finish(&mut socket, conn.client.clone(), close).await;
}

async fn finish(socket: &mut WebSocket, client: Option<PeerId>, close: Close) {
    if close.tell {
        let msg = Message::Error {
            sender_id: PeerId::from(SERVER_PEER_ID),
            target_id: client.unwrap_or_else(|| PeerId::from("")),
            message: close.reason.clone(),
        };
        let _ = socket.send(Frame::Binary(msg.encode().into())).await;
    }
    if close.code != NORMAL || !close.reason.is_empty() {
        let reason = truncate(&close.reason, 120);
        let sent = socket
            .send(Frame::Close(Some(CloseFrame {
                code: close.code,
                reason: reason.into(),
            })))
            .await;
        if sent.is_ok() {
            await_close_reply(socket).await;
        }
    }
}

/// Completes the closing handshake (RFC 6455 §7.1.1): discards what the peer still sends
/// until its Close arrives or the stream ends, for at most [`CLOSE_GRACE`]. Dropping the
/// socket while the peer is still writing would make the kernel reset the connection, and a
/// reset can discard our error and Close before the peer reads them.
async fn await_close_reply(socket: &mut WebSocket) {
    let drain = async {
        while let Some(Ok(frame)) = socket.recv().await {
            if matches!(frame, Frame::Close(_)) {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(CLOSE_GRACE, drain).await;
}

/// A close reason must fit in a control frame (123 bytes).
fn truncate(s: &str, max: usize) -> String {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_owned()
}

impl Conn {
    fn server() -> PeerId {
        PeerId::from(SERVER_PEER_ID)
    }

    fn target(&self) -> PeerId {
        self.client.clone().unwrap_or_else(|| PeerId::from(""))
    }

    async fn send(&self, socket: &mut WebSocket, msg: Message) -> Result<(), Close> {
        socket
            .send(Frame::Binary(msg.encode().into()))
            .await
            .map_err(|e| Close {
                code: NORMAL,
                reason: format!("send failed: {e}"),
                tell: false,
            })
    }

    /// Sends the server's next sync message for `id`, if it has one.
    async fn reply(
        &self,
        socket: &mut WebSocket,
        id: DocumentId,
        reply: Option<sync::Message>,
    ) -> Result<(), Close> {
        let Some(reply) = reply else { return Ok(()) };
        let msg = Message::Sync {
            sender_id: Self::server(),
            target_id: self.target(),
            document_id: id,
            data: reply.encode(),
        };
        self.send(socket, msg).await
    }

    async fn unavailable(
        &self,
        socket: &mut WebSocket,
        document_id: DocumentId,
    ) -> Result<(), Close> {
        let msg = Message::DocUnavailable {
            sender_id: Self::server(),
            target_id: self.target(),
            document_id,
        };
        self.send(socket, msg).await
    }

    async fn on_frame(&mut self, socket: &mut WebSocket, frame: Frame) -> Result<(), Close> {
        let bytes = match frame {
            Frame::Binary(b) => b,
            Frame::Text(_) => {
                return Err(Close::protocol(
                    "messages must be binary CBOR frames, not text",
                ));
            }
            Frame::Ping(_) | Frame::Pong(_) => return Ok(()),
            Frame::Close(_) => {
                return Err(Close {
                    code: NORMAL,
                    reason: String::new(),
                    tell: false,
                });
            }
        };
        let limits = self.state.hub.limits();
        if bytes.len() > limits.max_message_bytes {
            return Err(Close::policy(
                TOO_BIG,
                format!(
                    "message of {} bytes is over the limit of {} bytes",
                    bytes.len(),
                    limits.max_message_bytes
                ),
            ));
        }
        if !self.bucket.take(Instant::now()) {
            return Err(Close::policy(
                POLICY,
                format!(
                    "too many messages: at most {} a second",
                    limits.messages_per_second
                ),
            ));
        }
        let msg = Message::decode(&bytes)
            .map_err(|e| Close::protocol(format!("unreadable message: {e}")))?;
        match msg {
            Message::Join {
                sender_id,
                supported_protocol_versions,
                ..
            } => {
                self.on_join(socket, sender_id, &supported_protocol_versions)
                    .await
            }
            // A clean disconnect: answer with a normal close.
            Message::Leave { .. } => Err(Close {
                code: NORMAL,
                reason: "goodbye".into(),
                tell: false,
            }),
            _ if self.client.is_none() => Err(Close::protocol("the first message must be `join`")),
            Message::Request {
                document_id, data, ..
            } => self.on_doc(socket, true, document_id, &data).await,
            Message::Sync {
                document_id, data, ..
            } => self.on_doc(socket, false, document_id, &data).await,
            Message::DocUnavailable { .. } | Message::Ignored { .. } => Ok(()),
            Message::Error { message, .. } => {
                tracing::warn!(connection = self.id, %message, "client reported an error");
                Err(Close {
                    code: NORMAL,
                    reason: String::new(),
                    tell: false,
                })
            }
            Message::Peer { .. } => Err(Close::protocol("`peer` is sent by the server, not to it")),
        }
    }

    async fn on_join(
        &mut self,
        socket: &mut WebSocket,
        peer: PeerId,
        versions: &[String],
    ) -> Result<(), Close> {
        if self.client.is_some() {
            return Err(Close::protocol(
                "`join` was already sent on this connection",
            ));
        }
        if !versions.iter().any(|v| v == PROTOCOL_V1) {
            return Err(Close::protocol(format!(
                "protocol versions {versions:?} are not supported; this server speaks \"{PROTOCOL_V1}\""
            )));
        }
        self.client = Some(peer.clone());
        let hub = Arc::clone(&self.state.hub);
        hub.refresh_index(&self.user)
            .await
            .map_err(|e| Close::internal(&e))?;
        hub.ensure_personal(&self.user)
            .await
            .map_err(|e| Close::internal(&e))?;
        let reply = Message::Peer {
            sender_id: Self::server(),
            target_id: peer,
            selected_protocol_version: PROTOCOL_V1.to_owned(),
            peer_metadata: PeerMetadata {
                storage_id: None,
                is_ephemeral: false,
            },
        };
        self.send(socket, reply).await
    }

    /// What this user may do with `id`, and what it is (`None`: the server does not have it).
    async fn access(&mut self, id: DocumentId) -> Result<(Access, Option<DocKind>), Close> {
        if let Some(a) = self.access.get(&id) {
            return Ok(*a);
        }
        let found = if id == self.user.index_doc {
            (Access::Read, Some(DocKind::Index(self.user.id)))
        } else if id == self.user.personal_doc {
            (Access::ReadWrite, Some(DocKind::Personal(self.user.id)))
        } else {
            let kind = self
                .state
                .storage(move |s| s.document_kind(id))
                .await
                .map_err(|e| Close::internal(&e))?;
            let target = match kind {
                None => None,
                Some(DocKind::Account(a)) => self
                    .state
                    .storage(move |s| s.account(a))
                    .await
                    .map_err(|e| Close::internal(&e))?
                    .map(|row| Target::Account {
                        owner: row.owner,
                        owner_team: row.owner_team,
                    }),
                Some(DocKind::Index(u)) => Some(Target::Index { user: u }),
                Some(DocKind::Personal(u)) => self
                    .state
                    .storage(move |s| s.user(u))
                    .await
                    .map_err(|e| Close::internal(&e))?
                    .map(|owner| Target::Personal {
                        owner: owner.id,
                        owner_team: owner.team,
                    }),
            };
            match target {
                Some(t) => (decide(&self.user, &self.managed, t), kind),
                None => (Access::None, None),
            }
        };
        self.access.insert(id, found);
        Ok(found)
    }

    async fn on_doc(
        &mut self,
        socket: &mut WebSocket,
        is_request: bool,
        id: DocumentId,
        data: &[u8],
    ) -> Result<(), Close> {
        let msg = sync::Message::decode(data).map_err(|e| {
            Close::protocol(format!(
                "the sync message for document {id} does not decode: {e}"
            ))
        })?;
        let (access, kind) = self.access(id).await?;
        let kind = match (access, kind) {
            (Access::None, None) if !is_request && self.may_create() => {
                return self.on_new_doc(socket, id, msg).await;
            }
            (Access::None, _) => return self.unavailable(socket, id).await,
            (_, Some(kind)) => kind,
            (_, None) => return self.unavailable(socket, id).await,
        };
        let hub = Arc::clone(&self.state.hub);
        let slot_ref = hub.slot(id, kind).await.map_err(|e| Close::internal(&e))?;
        let mut slot = slot_ref.lock().await;
        let state = self.states.entry(id).or_insert_with(|| match access {
            Access::Read => sync::State::new_read_only(),
            _ => sync::State::new(),
        });
        if !msg.changes.is_empty() {
            if access == Access::Read {
                let warning = Message::Error {
                    sender_id: Self::server(),
                    target_id: self.client.clone().unwrap_or_else(|| PeerId::from("")),
                    message: format!(
                        "document {id} is read-only for you; your changes to it were not applied"
                    ),
                };
                socket
                    .send(Frame::Binary(warning.encode().into()))
                    .await
                    .map_err(|e| Close {
                        code: NORMAL,
                        reason: format!("send failed: {e}"),
                        tell: false,
                    })?;
            }
            let max = hub.limits().max_document_bytes;
            if slot.bytes + data.len() > max {
                return Err(Close::policy(
                    TOO_BIG,
                    format!(
                        "document {id} would grow past the limit of {max} bytes; nothing was stored"
                    ),
                ));
            }
        }
        let before = slot.doc.get_heads();
        let received = slot.doc.sync().receive_sync_message(state, msg);
        if let Err(e) = received {
            drop(slot);
            hub.evict(id);
            return Err(Close::protocol(format!(
                "the sync message for document {id} could not be applied: {e}"
            )));
        }
        if slot.doc.get_heads() != before
            && let Err(e) = hub.persist(id, &mut slot, &before, self.id).await
        {
            drop(slot);
            hub.evict(id);
            return Err(Close::internal(&e));
        }
        let reply = slot.doc.sync().generate_sync_message(state);
        drop(slot);
        self.reply(socket, id, reply).await?;
        Ok(())
    }

    fn may_create(&self) -> bool {
        matches!(
            self.user.role,
            UserRole::Rep | UserRole::Manager | UserRole::Admin
        )
    }

    /// A document the server has never seen, sent with `sync`: a hospital account created
    /// offline. It is kept on this connection until its content arrives, then stored if it
    /// is an account document whose id matches, owned by the user who made it.
    async fn on_new_doc(
        &mut self,
        socket: &mut WebSocket,
        id: DocumentId,
        msg: sync::Message,
    ) -> Result<(), Close> {
        if !self.new_docs.contains_key(&id) && self.new_docs.len() >= MAX_NEW_DOCS {
            return self.unavailable(socket, id).await;
        }
        let entry = self.new_docs.entry(id).or_insert_with(|| NewDoc {
            doc: AutoCommit::new(),
            state: sync::State::new(),
        });
        let before = entry.doc.get_heads();
        let received = entry.doc.sync().receive_sync_message(&mut entry.state, msg);
        if let Err(e) = received {
            self.new_docs.remove(&id);
            return Err(Close::protocol(format!(
                "the sync message for new document {id} could not be applied: {e}"
            )));
        }
        if entry.doc.get_heads() == before {
            let reply = entry.doc.sync().generate_sync_message(&mut entry.state);
            self.reply(socket, id, reply).await?;
            return Ok(());
        }
        let Some(mut new) = self.new_docs.remove(&id) else {
            return Ok(());
        };
        let account = match AccountDoc::from_automerge(new.doc.fork()).account() {
            Ok(a) if rounds_shared::sync::DocumentId::from(a.value.id) == id => a.value,
            Ok(_) => {
                return self
                    .refuse_new(socket, id, "its account id does not match the document id")
                    .await;
            }
            Err(e) => return self.refuse_new(socket, id, &e.to_string()).await,
        };
        let saved = new.doc.save();
        let max = self.state.hub.limits().max_document_bytes;
        if saved.len() > max {
            return Err(Close::policy(
                TOO_BIG,
                format!("new document {id} is over the limit of {max} bytes"),
            ));
        }
        let now = Timestamp(now_ms());
        let account_id: AccountId = account.id;
        let len = saved.len();
        let template = self
            .state
            .hub
            .template()
            .await
            .map_err(|e| Close::internal(&e))?;
        let projection = crate::projection::full(&mut new.doc, account_id, &template);
        let ops = vec![
            WriteOp::Project(Box::new(projection)),
            WriteOp::CreateAccount {
                id: account_id,
                name: account.name.clone(),
                owner: self.user.id,
                now,
            },
            WriteOp::CreateDocument {
                id,
                kind: DocKind::Account(account_id),
                now,
            },
            WriteOp::AppendChunk {
                id,
                data: saved,
                now,
            },
        ];
        if let Err(e) = self.state.storage(move |s| s.write(ops)).await {
            return match e {
                StoreError::Duplicate(what) => {
                    self.refuse_new(socket, id, &format!("{what} already exists"))
                        .await
                }
                other => Err(Close::internal(&other)),
            };
        }
        tracing::info!(connection = self.id, account = %account_id, name = %account.name, "account created by sync");
        let reply = new.doc.sync().generate_sync_message(&mut new.state);
        self.states.insert(id, new.state);
        self.access
            .insert(id, (Access::ReadWrite, Some(DocKind::Account(account_id))));
        self.state
            .hub
            .adopt(id, new.doc, DocKind::Account(account_id), len);
        self.refresh_indexes_after_create(account_id).await?;
        self.reply(socket, id, reply).await?;
        Ok(())
    }

    async fn refuse_new(
        &mut self,
        socket: &mut WebSocket,
        id: DocumentId,
        why: &str,
    ) -> Result<(), Close> {
        tracing::warn!(connection = self.id, document = %id, why, "new document refused");
        let msg = Message::Error {
            sender_id: Self::server(),
            target_id: self.target(),
            message: format!(
                "document {id} is unknown to the server and was not accepted as a new account: {why}"
            ),
        };
        self.send(socket, msg).await?;
        self.unavailable(socket, id).await
    }

    /// Everyone who may now see a new account gets it in their index.
    async fn refresh_indexes_after_create(&self, account: AccountId) -> Result<(), Close> {
        let users = self
            .state
            .storage(move |s| {
                let Some(row) = s.account(account)? else {
                    return Ok(Vec::new());
                };
                let mut out = Vec::new();
                for u in s.users()? {
                    let managed = s.managed_teams(u.id)?;
                    let target = Target::Account {
                        owner: row.owner,
                        owner_team: row.owner_team,
                    };
                    if decide(&u, &managed, target) != Access::None {
                        out.push(u);
                    }
                }
                Ok(out)
            })
            .await
            .map_err(|e| Close::internal(&e))?;
        for u in users {
            self.state
                .hub
                .refresh_index(&u)
                .await
                .map_err(|e| Close::internal(&e))?;
        }
        Ok(())
    }

    /// Another connection (or the server) changed a document this client syncs: send it on.
    async fn on_change(&mut self, socket: &mut WebSocket, change: Change) -> Result<(), Close> {
        if change.origin == self.id || self.client.is_none() {
            return Ok(());
        }
        self.push(socket, change.doc).await
    }

    async fn push_all(&mut self, socket: &mut WebSocket) -> Result<(), Close> {
        let ids: Vec<DocumentId> = self.states.keys().copied().collect();
        for id in ids {
            self.push(socket, id).await?;
        }
        Ok(())
    }

    async fn push(&mut self, socket: &mut WebSocket, id: DocumentId) -> Result<(), Close> {
        let Some((_, Some(kind))) = self.access.get(&id).copied() else {
            return Ok(());
        };
        let Some(state) = self.states.get_mut(&id) else {
            return Ok(());
        };
        let slot_ref = self
            .state
            .hub
            .slot(id, kind)
            .await
            .map_err(|e| Close::internal(&e))?;
        let reply = slot_ref
            .lock()
            .await
            .doc
            .sync()
            .generate_sync_message(state);
        self.reply(socket, id, reply).await?;
        Ok(())
    }
}
