//! The client side of sync, free of IO: feed it what arrives and what the user changed, send
//! what it returns. It owns the synced documents.
//!
//! ```
//! use automerge::AutoCommit;
//! use rounds_shared::sync::{DocumentId, Event, Message, PeerId, SyncClient};
//!
//! let mut client = SyncClient::new(PeerId::from("phone-1"));
//! let id = DocumentId::generate();
//! client.insert(id, AutoCommit::new());
//! // On connecting, `join` and every document's first sync message go out at once.
//! let out = client.connect();
//! let kinds: Vec<String> = out.iter().map(|e| match e {
//!     Event::Send(bytes) => Message::decode(bytes).unwrap().kind().to_owned(),
//!     _ => String::new(),
//! }).collect();
//! assert_eq!(kinds, ["join", "sync"]);
//! ```

use std::collections::BTreeMap;

use automerge::sync::{self, SyncDoc};
use automerge::{ActorId, AutoCommit};

use crate::doc::actor_for;
use crate::ids::UserId;

use super::wire::{Message, PROTOCOL_V1, PeerId, PeerMetadata, WireError};
use super::{DocumentId, SERVER_PEER_ID};

/// What the engine asks of its caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Bytes to send to the server, in order.
    Send(Vec<u8>),
    /// The server answered `join`.
    Joined,
    /// Changes from the server were applied to this document: store it and redraw.
    Changed(DocumentId),
    /// The server does not have this document or will not share it.
    Unavailable(DocumentId),
    /// The server reported an error; it closes the connection after this.
    ServerError(String),
}

/// Something the server sent could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The bytes are not a protocol message.
    #[error("server sent an unreadable message: {0}")]
    Wire(#[from] WireError),
    /// The Automerge sync message inside could not be read or applied.
    #[error("sync message for {document:?} could not be applied: {reason}")]
    Sync {
        /// The document.
        document: DocumentId,
        /// Why.
        reason: String,
    },
}

/// Counters of one engine, for status displays and benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncStats {
    /// Frames sent.
    pub messages_sent: u64,
    /// Bytes sent.
    pub bytes_sent: u64,
    /// Frames received.
    pub messages_received: u64,
    /// Bytes received.
    pub bytes_received: u64,
    /// The most messages sent for any one document since the last `connect`: documents sync
    /// in parallel, so this is the session's round trips.
    pub round_trips: u32,
}

#[derive(Debug)]
struct Entry {
    doc: AutoCommit,
    state: sync::State,
    /// We asked for it and have not received it yet.
    requested: bool,
    /// Messages sent for it since `connect`.
    sent: u32,
}

/// The client's sync engine.
#[derive(Debug)]
pub struct SyncClient {
    me: PeerId,
    server: PeerId,
    online: bool,
    docs: BTreeMap<DocumentId, Entry>,
    stats: SyncStats,
    actor: Option<ActorId>,
}

impl SyncClient {
    /// An engine for the peer `me`, offline, with no documents.
    pub fn new(me: PeerId) -> Self {
        Self {
            me,
            server: PeerId::from(SERVER_PEER_ID),
            online: false,
            docs: BTreeMap::new(),
            stats: SyncStats::default(),
            actor: None,
        }
    }

    /// Changes made to this engine's documents are `user`'s: every document it holds or
    /// receives writes with an actor id of theirs ([`crate::doc::actor_for`]), which the
    /// server requires of every change.
    #[must_use]
    pub fn writing_as(mut self, user: UserId) -> Self {
        let actor = actor_for(user);
        for entry in self.docs.values_mut() {
            entry.doc.set_actor(actor.clone());
        }
        self.actor = Some(actor);
        self
    }

    fn owned(&self, mut doc: AutoCommit) -> AutoCommit {
        if let Some(actor) = &self.actor {
            doc.set_actor(actor.clone());
        }
        doc
    }

    /// This peer's id.
    pub fn peer_id(&self) -> &PeerId {
        &self.me
    }

    /// Adds a document this device has; when online it starts syncing at once.
    pub fn insert(&mut self, id: DocumentId, doc: AutoCommit) -> Vec<Event> {
        let entry = Entry {
            doc: self.owned(doc),
            state: sync::State::new(),
            requested: false,
            sent: 0,
        };
        self.docs.insert(id, entry);
        self.flush(id)
    }

    /// Asks the server for a document this device does not have yet.
    pub fn request(&mut self, id: DocumentId) -> Vec<Event> {
        if self.docs.contains_key(&id) {
            return Vec::new();
        }
        let entry = Entry {
            doc: self.owned(AutoCommit::new()),
            state: sync::State::new(),
            requested: true,
            sent: 0,
        };
        self.docs.insert(id, entry);
        self.flush(id)
    }

    /// Drops a document from the engine (it left this device); returns it.
    pub fn remove(&mut self, id: DocumentId) -> Option<AutoCommit> {
        self.docs.remove(&id).map(|e| e.doc)
    }

    /// The documents the engine holds (including ones requested and not yet received).
    pub fn documents(&self) -> impl Iterator<Item = DocumentId> + '_ {
        self.docs.keys().copied()
    }

    /// A document, once this device has it.
    pub fn document(&self, id: DocumentId) -> Option<&AutoCommit> {
        self.docs.get(&id).filter(|e| !e.requested).map(|e| &e.doc)
    }

    /// A document to change; call [`Self::changed`] afterwards.
    pub fn document_mut(&mut self, id: DocumentId) -> Option<&mut AutoCommit> {
        self.docs
            .get_mut(&id)
            .filter(|e| !e.requested)
            .map(|e| &mut e.doc)
    }

    /// The user changed `id`: what to send for it.
    pub fn changed(&mut self, id: DocumentId) -> Vec<Event> {
        self.flush(id)
    }

    /// The connection opened: `join`, followed at once by a first sync message for every
    /// document (the server's peer id is fixed, so there is no need to wait for `peer`).
    pub fn connect(&mut self) -> Vec<Event> {
        self.online = true;
        for entry in self.docs.values_mut() {
            entry.sent = 0;
        }
        self.stats.round_trips = 0;
        let join = Message::Join {
            sender_id: self.me.clone(),
            supported_protocol_versions: vec![PROTOCOL_V1.to_owned()],
            peer_metadata: PeerMetadata {
                storage_id: None,
                is_ephemeral: false,
            },
        };
        let mut out = vec![self.send(join)];
        let ids: Vec<DocumentId> = self.docs.keys().copied().collect();
        for id in ids {
            out.extend(self.flush(id));
        }
        out
    }

    /// The connection closed. Sync state starts afresh on the next connection, keeping only
    /// what both sides were known to share.
    pub fn disconnect(&mut self) {
        self.online = false;
        for entry in self.docs.values_mut() {
            entry.state = sync::State::decode(&entry.state.encode()).unwrap_or_default();
        }
    }

    /// Handles one frame from the server.
    pub fn receive(&mut self, frame: &[u8]) -> Result<Vec<Event>, ClientError> {
        self.stats.messages_received += 1;
        self.stats.bytes_received += frame.len() as u64;
        match Message::decode(frame)? {
            Message::Peer { sender_id, .. } => {
                self.server = sender_id;
                Ok(vec![Event::Joined])
            }
            Message::Error { message, .. } => Ok(vec![Event::ServerError(message)]),
            Message::DocUnavailable { document_id, .. } => {
                if self.docs.get(&document_id).is_some_and(|e| e.requested) {
                    self.docs.remove(&document_id);
                }
                Ok(vec![Event::Unavailable(document_id)])
            }
            Message::Sync {
                document_id, data, ..
            }
            | Message::Request {
                document_id, data, ..
            } => self.apply(document_id, &data),
            Message::Join { .. } | Message::Leave { .. } | Message::Ignored { .. } => {
                Ok(Vec::new())
            }
        }
    }

    fn apply(&mut self, id: DocumentId, data: &[u8]) -> Result<Vec<Event>, ClientError> {
        let Some(entry) = self.docs.get_mut(&id) else {
            return Ok(Vec::new());
        };
        let fail = |reason: String| ClientError::Sync {
            document: id,
            reason,
        };
        let message = sync::Message::decode(data).map_err(|e| fail(e.to_string()))?;
        let before = entry.doc.get_heads();
        entry
            .doc
            .sync()
            .receive_sync_message(&mut entry.state, message)
            .map_err(|e| fail(e.to_string()))?;
        let mut out = Vec::new();
        if entry.doc.get_heads() != before {
            entry.requested = false;
            out.push(Event::Changed(id));
        }
        out.extend(self.flush(id));
        Ok(out)
    }

    /// Whether the server has confirmed it holds every change of `id` this device has.
    pub fn is_synced(&mut self, id: DocumentId) -> bool {
        self.docs.get_mut(&id).is_some_and(|e| {
            let mut ours = e.doc.get_heads();
            ours.sort();
            let mut theirs = e.state.their_heads.clone().unwrap_or_default();
            theirs.sort();
            !e.requested && e.state.their_heads.is_some() && ours == theirs
        })
    }

    /// Documents with changes the server has not confirmed.
    pub fn unsynced(&mut self) -> Vec<DocumentId> {
        let ids: Vec<DocumentId> = self.docs.keys().copied().collect();
        ids.into_iter().filter(|id| !self.is_synced(*id)).collect()
    }

    /// The engine's counters.
    pub fn stats(&self) -> SyncStats {
        self.stats
    }

    fn flush(&mut self, id: DocumentId) -> Vec<Event> {
        if !self.online {
            return Vec::new();
        }
        let Some(entry) = self.docs.get_mut(&id) else {
            return Vec::new();
        };
        let Some(message) = entry.doc.sync().generate_sync_message(&mut entry.state) else {
            return Vec::new();
        };
        entry.sent += 1;
        let sent = entry.sent;
        let (sender_id, target_id, data) = (self.me.clone(), self.server.clone(), message.encode());
        let msg = if entry.requested {
            Message::Request {
                sender_id,
                target_id,
                document_id: id,
                data,
            }
        } else {
            Message::Sync {
                sender_id,
                target_id,
                document_id: id,
                data,
            }
        };
        self.stats.round_trips = self.stats.round_trips.max(sent);
        vec![self.send(msg)]
    }

    fn send(&mut self, message: Message) -> Event {
        let bytes = message.encode();
        self.stats.messages_sent += 1;
        self.stats.bytes_sent += bytes.len() as u64;
        Event::Send(bytes)
    }
}
