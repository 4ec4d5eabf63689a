//! The server's half of one sync connection, free of IO: frames in; messages to send,
//! closes, and requests for what only the server's IO can do (prepare the user's own
//! documents, look up access, lock a live document, store a change, store a new account)
//! out. The server's WebSocket task is a thin loop around it, and the protocol rules are
//! tested in memory (`shared/tests/sync_server.rs`) with no socket and no database.
//!
//! The order of work for one frame:
//! 1. [`ServerSession::receive`] checks the frame (size, rate, CBOR, the `join` rules) and
//!    answers with [`Step`]s, to be carried out in order.
//! 2. For a [`Step::Document`], the IO decides access (or takes [`ServerSession::access`]'s
//!    cached answer) and asks [`ServerSession::route`] what to do.
//! 3. [`Route::Live`]: with the document locked, [`ServerSession::apply`] receives the sync
//!    message; the IO stores what changed, and only then sends [`ServerSession::reply`]
//!    (the server answers a change only once it is durable).
//! 4. [`Route::New`]: a document the server has never seen, created offline;
//!    [`ServerSession::receive_new`] collects it until its account profile arrives.
//!
//! ```
//! use rounds_shared::ids::UserId;
//! use rounds_shared::sync::{DocumentId, Incoming, Message, PeerId, ServerSession, SessionLimits, SessionUser, Step};
//!
//! let user = SessionUser {
//!     id: UserId::generate(),
//!     index_doc: DocumentId::generate(),
//!     personal_doc: DocumentId::generate(),
//!     may_create: true,
//! };
//! let mut session = ServerSession::new(user, SessionLimits::default(), 0);
//! let join = Message::Join {
//!     sender_id: PeerId::from("phone"),
//!     supported_protocol_versions: vec!["1".into()],
//!     peer_metadata: Default::default(),
//! };
//! let steps = session.receive(Incoming::Binary(join.encode()), 0).unwrap();
//! assert!(matches!(steps[0], Step::PrepareUser));
//! assert!(matches!(&steps[1], Step::Send(Message::Peer { .. })));
//! ```

mod admission;

use std::collections::HashMap;

use automerge::AutoCommit;
use automerge::sync::{self, SyncDoc};

use super::bucket::Bucket;
use super::session::{
    Access, Applied, Close, DocAccess, DocMessage, Incoming, MAX_NEW_DOCS, NewAccount, NewNotice,
    NewStep, Route, Rules, SessionLimits, SessionUser, Step, code,
};
use super::{DocumentId, Message, PROTOCOL_V1, PeerId, PeerMetadata, SERVER_PEER_ID};
use crate::doc::{
    AccountDoc, NoticeDoc, Writer, check_change, check_handover, check_new_account,
    check_new_notice, check_notice,
};

/// A document created offline, while its content arrives.
#[derive(Debug)]
struct NewDoc {
    doc: AutoCommit,
    state: sync::State,
    /// What it has received, inflated.
    received: usize,
}

/// The server's state of one connection.
#[derive(Debug)]
pub struct ServerSession {
    user: SessionUser,
    limits: SessionLimits,
    bucket: Bucket,
    client: Option<PeerId>,
    access: HashMap<DocumentId, DocAccess>,
    states: HashMap<DocumentId, sync::State>,
    new_docs: HashMap<DocumentId, NewDoc>,
    writer: Writer,
    /// For documents delivered under [`Access::Handover`]: the client's last heads.
    handover_heads: HashMap<DocumentId, Vec<automerge::ChangeHash>>,
    /// Per document, the inflated bytes received since it last had no changes waiting for
    /// their dependencies.
    waiting: HashMap<DocumentId, usize>,
}

impl ServerSession {
    /// A connection of `user`, opened at `now_ms` (any monotonic clock, in milliseconds).
    pub fn new(user: SessionUser, limits: SessionLimits, now_ms: u64) -> Self {
        Self {
            bucket: Bucket::new(limits.messages_per_second, limits.message_burst, now_ms),
            writer: Writer::rep(user.id),
            handover_heads: HashMap::new(),
            waiting: HashMap::new(),
            user,
            limits,
            client: None,
            access: HashMap::new(),
            states: HashMap::new(),
            new_docs: HashMap::new(),
        }
    }

    /// The user.
    pub fn user(&self) -> &SessionUser {
        &self.user
    }

    /// The client's peer id, once it has joined.
    pub fn client(&self) -> Option<&PeerId> {
        self.client.as_ref()
    }

    fn server() -> PeerId {
        PeerId::from(SERVER_PEER_ID)
    }

    fn target(&self) -> PeerId {
        self.client.clone().unwrap_or_else(|| PeerId::from(""))
    }

    /// The protocol `error` to send before closing with `close`, if it says one.
    pub fn error_for(&self, close: &Close) -> Option<Message> {
        close.tell.then(|| Message::Error {
            sender_id: Self::server(),
            target_id: self.target(),
            message: close.reason.clone(),
        })
    }

    /// Checks and decodes one frame.
    pub fn receive(&mut self, frame: Incoming, now_ms: u64) -> Result<Vec<Step>, Close> {
        let bytes = match frame {
            Incoming::Binary(b) => b,
            Incoming::Text => {
                return Err(Close::protocol(
                    "messages must be binary CBOR frames, not text",
                ));
            }
            Incoming::Ping => return Ok(Vec::new()),
            Incoming::Close => return Err(Close::normal("")),
        };
        if bytes.len() > self.limits.max_message_bytes {
            return Err(Close::policy(
                code::TOO_BIG,
                format!(
                    "message of {} bytes is over the limit of {} bytes",
                    bytes.len(),
                    self.limits.max_message_bytes
                ),
            ));
        }
        if !self.bucket.take(now_ms) {
            return Err(Close::policy(
                code::POLICY,
                format!(
                    "too many messages: at most {} a second",
                    self.limits.messages_per_second
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
            } => self.join(sender_id, &supported_protocol_versions),
            Message::Leave { .. } => Err(Close::normal("goodbye")),
            _ if self.client.is_none() => Err(Close::protocol("the first message must be `join`")),
            Message::Request {
                document_id, data, ..
            } => Self::document(document_id, true, &data),
            Message::Sync {
                document_id, data, ..
            } => Self::document(document_id, false, &data),
            Message::DocUnavailable { .. } | Message::Ignored { .. } => Ok(Vec::new()),
            Message::Error { message, .. } => Err(Close::normal(format!(
                "the client reported an error: {message}"
            ))),
            Message::Peer { .. } => Err(Close::protocol("`peer` is sent by the server, not to it")),
        }
    }

    fn join(&mut self, peer: PeerId, versions: &[String]) -> Result<Vec<Step>, Close> {
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
        let peer = Message::Peer {
            sender_id: Self::server(),
            target_id: peer,
            selected_protocol_version: PROTOCOL_V1.to_owned(),
            peer_metadata: PeerMetadata {
                storage_id: None,
                is_ephemeral: false,
            },
        };
        Ok(vec![Step::PrepareUser, Step::Send(peer)])
    }

    fn document(doc: DocumentId, is_request: bool, data: &[u8]) -> Result<Vec<Step>, Close> {
        let message = sync::Message::decode(data).map_err(|e| {
            Close::protocol(format!(
                "the sync message for document {doc} does not decode: {e}"
            ))
        })?;
        Ok(vec![Step::Document(DocMessage {
            doc,
            is_request,
            message,
            len: data.len(),
        })])
    }

    /// What the session already knows of the user's access to `doc`: always for their own
    /// index and personal documents, otherwise what was looked up since the last
    /// [`ServerSession::forget_access`].
    pub fn access(&self, doc: DocumentId) -> Option<DocAccess> {
        if doc == self.user.index_doc {
            Some(DocAccess::Known(Access::Read))
        } else if doc == self.user.personal_doc {
            Some(DocAccess::Known(Access::ReadWrite))
        } else {
            self.access.get(&doc).copied()
        }
    }

    /// Access may have changed (a team move, an assignment): decide it afresh next time.
    pub fn forget_access(&mut self) {
        self.access.clear();
    }

    /// Remembers the user's access to `doc` (until [`ServerSession::forget_access`]).
    pub fn remember(&mut self, doc: DocumentId, access: DocAccess) {
        self.access.insert(doc, access);
    }

    /// Where a document message goes, given the user's access (which is remembered).
    pub fn route(&mut self, m: &DocMessage, access: DocAccess) -> Route {
        self.remember(m.doc, access);
        match access {
            DocAccess::Unknown
                if !m.is_request
                    && (self.new_docs.contains_key(&m.doc)
                        || self.new_docs.len() < MAX_NEW_DOCS) =>
            {
                Route::New
            }
            DocAccess::Unknown | DocAccess::Known(Access::None) => {
                self.states.remove(&m.doc);
                Route::Unavailable(self.unavailable(m.doc))
            }
            DocAccess::Known(a) => Route::Live(a),
        }
    }

    fn unavailable(&self, doc: DocumentId) -> Message {
        Message::DocUnavailable {
            sender_id: Self::server(),
            target_id: self.target(),
            document_id: doc,
        }
    }

    /// Who this session's user is when they write: reps they manage, roles. Set when the
    /// connection opens and again whenever access changes.
    pub fn set_writer(&mut self, writer: Writer) {
        self.writer = writer;
    }

    /// Receives a message for a live document `doc` whose stored size is `stored_bytes`,
    /// held to `rules` ([`crate::doc::check_change`]).
    /// After an error, or when [`Applied::refused`], the document may hold part of the
    /// message: reload it from storage.
    pub fn apply(
        &mut self,
        m: DocMessage,
        access: Access,
        doc: &mut AutoCommit,
        stored_bytes: usize,
        rules: Rules,
    ) -> Result<Applied, Close> {
        let mut warning = None;
        if !m.message.changes.is_empty() && access == Access::Read {
            warning = Some(Message::Error {
                sender_id: Self::server(),
                target_id: self.target(),
                message: format!(
                    "document {} is read-only for you; your changes to it were not applied",
                    m.doc
                ),
            });
        }
        let inflated = self.measure(&m, stored_bytes)?;
        if access == Access::Handover {
            // What the client has, to answer with (and nothing of the document).
            let heads = m.message.heads.clone();
            self.handover_heads.insert(m.doc, heads);
        }
        let state = self.states.entry(m.doc).or_insert_with(|| match access {
            Access::Read => sync::State::new_read_only(),
            Access::ReadWrite | Access::Handover | Access::None => sync::State::new(),
        });
        let before = doc.get_heads();
        doc.sync()
            .receive_sync_message(state, m.message)
            .map_err(|e| {
                Close::protocol(format!(
                    "the sync message for document {} could not be applied: {e}",
                    m.doc
                ))
            })?;
        self.count_waiting(m.doc, doc, inflated)?;
        if doc.get_heads() == before {
            return Ok(Applied {
                warning,
                changed: None,
                refused: false,
            });
        }
        let checked = match (rules, access) {
            (Rules::Account, Access::Handover) => check_handover(doc, &before, &self.writer),
            (Rules::Account, _) => check_change(doc, &before, &self.writer, true),
            (Rules::Personal, _) => check_change(doc, &before, &self.writer, false),
            (Rules::Notice, _) => check_notice(doc, &before, &self.writer),
        };
        if let Err(refusal) = checked {
            // No reply: the client would only send the refused change again. Its next
            // message about the document starts the sync afresh.
            self.states.remove(&m.doc);
            return Ok(Applied {
                warning: Some(Message::Error {
                    sender_id: Self::server(),
                    target_id: self.target(),
                    message: format!(
                        "document {}: change refused, nothing of it was stored: {refusal}",
                        m.doc
                    ),
                }),
                changed: None,
                refused: true,
            });
        }
        Ok(Applied {
            warning,
            changed: Some(before),
            refused: false,
        })
    }

    /// The next sync message for `doc` to this client (after a change is stored, or when
    /// another connection changed the document), if it syncs `doc`, may still read it (as
    /// last decided: after [`ServerSession::forget_access`], decide again first) and there
    /// is one.
    pub fn reply(&mut self, id: DocumentId, doc: &mut AutoCommit) -> Option<Message> {
        let access = self.access(id);
        let readable = matches!(
            access,
            Some(DocAccess::Known(
                Access::Read | Access::ReadWrite | Access::Handover
            ))
        );
        if self.client.is_none() || !readable {
            return None;
        }
        let state = self.states.get_mut(&id)?;
        let mut message = doc.sync().generate_sync_message(state)?;
        if access == Some(DocAccess::Known(Access::Handover)) {
            // Delivery only: no content goes back, and the heads the client is told are its
            // own ones the server now holds, so it knows its records arrived.
            let theirs = self.handover_heads.get(&id).cloned().unwrap_or_default();
            message.changes = Vec::<Vec<u8>>::new().into();
            message.heads = theirs
                .into_iter()
                .filter(|h| doc.get_change_by_hash(h).is_some())
                .collect();
        }
        let data = message.encode();
        Some(Message::Sync {
            sender_id: Self::server(),
            target_id: self.target(),
            document_id: id,
            data,
        })
    }

    /// The documents this client syncs.
    pub fn synced(&self) -> Vec<DocumentId> {
        self.states.keys().copied().collect()
    }

    /// Receives a message for a document created offline; see [`NewStep`].
    pub fn receive_new(&mut self, m: DocMessage) -> Result<NewStep, Close> {
        let target = self.target();
        let mut new = self.new_docs.remove(&m.doc).unwrap_or_else(|| NewDoc {
            doc: AutoCommit::new(),
            state: sync::State::new(),
            received: 0,
        });
        let inflated = self.measure(&m, new.received)?;
        new.received += inflated;
        let before = new.doc.get_heads();
        if let Err(e) = new
            .doc
            .sync()
            .receive_sync_message(&mut new.state, m.message)
        {
            return Err(Close::protocol(format!(
                "the sync message for new document {} could not be applied: {e}",
                m.doc
            )));
        }
        self.count_waiting(m.doc, &mut new.doc, inflated)?;
        if new.doc.get_heads() == before {
            let reply = new
                .doc
                .sync()
                .generate_sync_message(&mut new.state)
                .map(|r| Message::Sync {
                    sender_id: Self::server(),
                    target_id: target,
                    document_id: m.doc,
                    data: r.encode(),
                });
            self.new_docs.insert(m.doc, new);
            return Ok(NewStep::Reply(reply));
        }
        let len = new.doc.save().len();
        if len > self.limits.max_document_bytes {
            return Err(Close::policy(
                code::TOO_BIG,
                format!(
                    "new document {} is over the limit of {} bytes",
                    m.doc, self.limits.max_document_bytes
                ),
            ));
        }
        if automerge::ReadDoc::get(&new.doc, automerge::ROOT, "notice")
            .ok()
            .flatten()
            .is_some()
        {
            return Ok(self.new_notice(m.doc, new));
        }
        if !self.user.may_create {
            return Ok(NewStep::Refused(
                self.refused(m.doc, "your role does not create hospital accounts"),
            ));
        }
        if let Err(refusal) = check_new_account(&mut new.doc, &self.writer) {
            return Ok(NewStep::Refused(self.refused(m.doc, &refusal.to_string())));
        }
        let account = match AccountDoc::from_automerge(new.doc.fork()).account() {
            Ok(a) if DocumentId::from(a.value.id) == m.doc => a.value,
            Ok(_) => {
                return Ok(NewStep::Refused(
                    self.refused(m.doc, "its account id does not match the document id"),
                ));
            }
            Err(e) => return Ok(NewStep::Refused(self.refused(m.doc, &e.to_string()))),
        };
        self.states.insert(m.doc, new.state);
        Ok(NewStep::Create(Box::new(NewAccount {
            doc: m.doc,
            account,
            document: new.doc,
        })))
    }

    /// A hand-off notice issued offline, all of it arrived: checked against the notice
    /// rules, its id against the document's.
    fn new_notice(&mut self, id: DocumentId, mut new: NewDoc) -> NewStep {
        if let Err(refusal) = check_new_notice(&mut new.doc, &self.writer) {
            return NewStep::Refused(self.refused(id, &refusal.to_string()));
        }
        let notice = match NoticeDoc::from_automerge(new.doc.fork()).notice() {
            Some(n) if DocumentId::from(n.value.id) == id => n.value,
            Some(_) => {
                return NewStep::Refused(
                    self.refused(id, "its notice id does not match the document id"),
                );
            }
            None => return NewStep::Refused(self.refused(id, "it holds no notice")),
        };
        self.states.insert(id, new.state);
        NewStep::Issue(Box::new(NewNotice {
            doc: id,
            notice,
            document: new.doc,
        }))
    }

    /// The new account `id` is stored as this user's: it is theirs to sync from now on.
    /// Returns the reply to send.
    pub fn created(&mut self, id: DocumentId, doc: &mut AutoCommit) -> Option<Message> {
        self.access.insert(id, DocAccess::Known(Access::ReadWrite));
        self.reply(id, doc)
    }

    /// The messages that refuse a new document `id`: an `error` naming why, then
    /// `doc-unavailable`.
    pub fn refused(&mut self, id: DocumentId, why: &str) -> Vec<Message> {
        self.states.remove(&id);
        self.new_docs.remove(&id);
        vec![
            Message::Error {
                sender_id: Self::server(),
                target_id: self.target(),
                message: format!(
                    "document {id} is unknown to the server and was not accepted as a new account or notice: {why}"
                ),
            },
            self.unavailable(id),
        ]
    }
}
