//! Sync over the automerge-repo websocket protocol v1, free of IO: the wire messages
//! ([`Message`]), document ids ([`DocumentId`]), the client engine ([`SyncClient`]) that
//! the phone app runs in the browser and the tests run natively, and the server's half of a
//! connection ([`ServerSession`]) that the server's WebSocket task runs.

pub mod bloom_check;
mod bucket;
pub mod cbor;
mod client;
mod doc_id;
pub mod inflate;
mod server;
mod session;
pub mod snapshots;
mod wire;

pub use client::{ClientError, Event, SyncClient, SyncStats};
pub use doc_id::{DocumentId, InvalidDocumentId};
pub use server::ServerSession;
pub use session::{
    Access, Applied, Close, DocAccess, DocMessage, Incoming, MAX_NEW_DOCS, NewAccount, NewNotice,
    NewStep, Route, Rules, SessionLimits, SessionUser, Step, code,
};
pub use wire::{Message, PROTOCOL_V1, PeerId, PeerMetadata, WireError};

/// The server's peer id. Fixed, so a client can send its first sync messages together with
/// `join` instead of waiting for the `peer` answer.
pub const SERVER_PEER_ID: &str = "rounds-server";
