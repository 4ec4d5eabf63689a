//! What goes into and comes out of a [`super::ServerSession`]: the user and limits it is
//! opened with, frames in, and the steps, routes and closes it answers with.

use automerge::sync;
use automerge::{AutoCommit, ChangeHash};

use super::{DocumentId, Message};
use crate::ids::UserId;
use crate::model::Account;

/// Close codes (RFC 6455).
pub mod code {
    /// The connection ended as it should.
    pub const NORMAL: u16 = 1000;
    /// The peer broke the protocol.
    pub const PROTOCOL_ERROR: u16 = 1002;
    /// The peer broke a rule of this server (e.g. sent too fast).
    pub const POLICY: u16 = 1008;
    /// A message or document too big.
    pub const TOO_BIG: u16 = 1009;
    /// The server failed.
    pub const SERVER_ERROR: u16 = 1011;
}

/// At most this many documents created offline may be in flight on one connection.
pub const MAX_NEW_DOCS: usize = 64;

/// The user a connection was authenticated as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionUser {
    /// Who.
    pub id: UserId,
    /// Their index document (read-only for them).
    pub index_doc: DocumentId,
    /// Their personal document (theirs to write).
    pub personal_doc: DocumentId,
    /// Whether they may create account documents offline (anyone may issue a notice, held
    /// to the notice rules).
    pub may_create: bool,
}

/// Limits one connection is held to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionLimits {
    /// The largest message accepted, in bytes.
    pub max_message_bytes: usize,
    /// The largest a document may grow to, in stored bytes.
    pub max_document_bytes: usize,
    /// Sustained messages a second.
    pub messages_per_second: u32,
    /// Messages in a burst.
    pub message_burst: u32,
    /// Changes received but waiting for changes they depend on (which the client has not
    /// sent yet) may take at most this many bytes, inflated, over all of a connection's
    /// documents.
    pub max_waiting_bytes: usize,
}

impl Default for SessionLimits {
    fn default() -> Self {
        Self {
            max_message_bytes: 8 * 1024 * 1024,
            max_document_bytes: 64 * 1024 * 1024,
            max_waiting_bytes: 8 * 1024 * 1024,
            messages_per_second: 200,
            message_burst: 2_000,
        }
    }
}

/// A frame from the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    /// A binary frame: one CBOR protocol message.
    Binary(Vec<u8>),
    /// A text frame (never valid here).
    Text,
    /// A ping or pong.
    Ping,
    /// The client's Close.
    Close,
}

/// Why a connection ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Close {
    /// The close code ([`code`]).
    pub code: u16,
    /// Why, for the close frame and the log; empty for a plain end.
    pub reason: String,
    /// Send a protocol `error` message with the reason first.
    pub tell: bool,
}

impl Close {
    /// The client broke the protocol: an `error` message, then 1002.
    pub fn protocol(reason: impl Into<String>) -> Self {
        Self {
            code: code::PROTOCOL_ERROR,
            reason: reason.into(),
            tell: true,
        }
    }
    /// The client broke a limit: an `error` message, then `code`.
    pub fn policy(code: u16, reason: impl Into<String>) -> Self {
        Self {
            code,
            reason: reason.into(),
            tell: true,
        }
    }
    /// A normal end; `reason` empty for a plain one.
    pub fn normal(reason: impl Into<String>) -> Self {
        Self {
            code: code::NORMAL,
            reason: reason.into(),
            tell: false,
        }
    }
}

/// What a user may do with a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Nothing: the document is "unavailable" to them.
    None,
    /// Receive its changes; their changes are not applied.
    Read,
    /// Read and write.
    ReadWrite,
    /// The account was handed over from this user: their device may still deliver new
    /// records it made before it learned (visits logged offline), and receives nothing of
    /// the document. See the README, "Who may write what".
    Handover,
}

/// What the server knows of a document for this user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocAccess {
    /// The server does not have it.
    Unknown,
    /// The server has it; the user may do this with it.
    Known(Access),
}

/// A `request` or `sync` message, decoded.
#[derive(Debug, Clone)]
pub struct DocMessage {
    /// The document.
    pub doc: DocumentId,
    /// Whether it was a `request` (the client lacks the document).
    pub is_request: bool,
    /// The Automerge sync message.
    pub message: sync::Message,
    /// Its encoded size.
    pub len: usize,
}

/// What to do, in order, after a frame.
#[derive(Debug, Clone)]
pub enum Step {
    /// Send this message.
    Send(Message),
    /// Make sure the user's index and personal documents are stored and current (before the
    /// `peer` answer that follows).
    PrepareUser,
    /// A document message: find the user's access ([`ServerSession::access`](super::ServerSession::access), else a
    /// lookup) and ask [`ServerSession::route`](super::ServerSession::route).
    Document(DocMessage),
}

/// Where a document message goes.
#[derive(Debug, Clone)]
pub enum Route {
    /// Not for this user (or not there): send this `doc-unavailable`.
    Unavailable(Message),
    /// A document created offline: [`ServerSession::receive_new`](super::ServerSession::receive_new).
    New,
    /// A live document: lock it and [`ServerSession::apply`](super::ServerSession::apply).
    Live(Access),
}

/// What receiving a sync message did to a live document.
#[derive(Debug, Clone)]
pub struct Applied {
    /// A warning to send at once (changes to a read-only document were not applied, or a
    /// change was refused).
    pub warning: Option<Message>,
    /// The heads before, when the document changed: store what came since, then reply.
    pub changed: Option<Vec<ChangeHash>>,
    /// The change broke a rule of who may write what: nothing of it may be stored, and the
    /// document in memory holds it: reload it from storage, then reply.
    pub refused: bool,
}

/// The rules a live document's changes are held to ([`crate::doc::check_change`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rules {
    /// A hospital account.
    Account,
    /// A user's own plans.
    Personal,
    /// A hand-off notice ([`crate::doc::check_notice`]).
    Notice,
}

/// What receiving a message for a new document led to.
#[derive(Debug)]
pub enum NewStep {
    /// Send this (the next sync message, if any); the content has not all arrived.
    Reply(Option<Message>),
    /// The document is a well-formed account: store it as the user's, then call
    /// [`ServerSession::created`](super::ServerSession::created) (or [`ServerSession::refused`](super::ServerSession::refused) if storing refuses it).
    Create(Box<NewAccount>),
    /// The document is a well-formed hand-off notice issued by this user: store it, then
    /// call [`ServerSession::created`](super::ServerSession::created) (or
    /// [`ServerSession::refused`](super::ServerSession::refused)).
    Issue(Box<NewNotice>),
    /// It is not a document this user may create: send these.
    Refused(Vec<Message>),
}

/// A notice document issued offline, to be stored.
#[derive(Debug)]
pub struct NewNotice {
    /// Its id.
    pub doc: DocumentId,
    /// The notice.
    pub notice: crate::model::Notice,
    /// The document.
    pub document: AutoCommit,
}

/// An account document created offline, to be stored.
#[derive(Debug)]
pub struct NewAccount {
    /// Its id.
    pub doc: DocumentId,
    /// Its profile.
    pub account: Account,
    /// The document.
    pub document: AutoCommit,
}
