//! The automerge-repo websocket protocol v1 messages, CBOR-encoded as maps with text keys
//! (as `cbor-x` writes them for automerge-repo: byte strings untagged).
//!
//! ```
//! use rounds_shared::sync::{DocumentId, Message, PeerId};
//! let msg = Message::Sync {
//!     sender_id: PeerId::from("phone-1"),
//!     target_id: PeerId::from("rounds-server"),
//!     document_id: DocumentId::generate(),
//!     data: vec![0x42, 1, 2, 3],
//! };
//! assert_eq!(Message::decode(&msg.encode()).unwrap(), msg);
//! assert!(Message::decode(b"\xff\x00").is_err());
//! ```

use std::fmt;

use ciborium::Value;

use super::DocumentId;
use super::cbor::Item;

/// The one protocol version this implementation speaks.
pub const PROTOCOL_V1: &str = "1";

/// A peer's id, chosen by the peer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PeerId(pub String);

impl From<&str> for PeerId {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

impl fmt::Display for PeerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a peer says about itself when joining.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeerMetadata {
    /// The peer's storage id, if it stores documents.
    pub storage_id: Option<String>,
    /// Whether the peer keeps nothing between sessions.
    pub is_ephemeral: bool,
}

/// One protocol message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Client → server: first message on a connection.
    Join {
        /// The client.
        sender_id: PeerId,
        /// Versions the client speaks; must include `"1"`.
        supported_protocol_versions: Vec<String>,
        /// About the client.
        peer_metadata: PeerMetadata,
    },
    /// Server → client: the answer to `join`.
    Peer {
        /// The server.
        sender_id: PeerId,
        /// The client.
        target_id: PeerId,
        /// Always `"1"`.
        selected_protocol_version: String,
        /// About the server.
        peer_metadata: PeerMetadata,
    },
    /// Something was wrong; the sender closes the connection after sending it.
    Error {
        /// Who sends it.
        sender_id: PeerId,
        /// Who it is for.
        target_id: PeerId,
        /// What was wrong.
        message: String,
    },
    /// Asks for a document the sender does not have; `data` is an Automerge sync message.
    Request {
        /// Who sends it.
        sender_id: PeerId,
        /// Who it is for.
        target_id: PeerId,
        /// Which document.
        document_id: DocumentId,
        /// The Automerge sync message.
        data: Vec<u8>,
    },
    /// An Automerge sync message for a document both sides have (or the sender created).
    Sync {
        /// Who sends it.
        sender_id: PeerId,
        /// Who it is for.
        target_id: PeerId,
        /// Which document.
        document_id: DocumentId,
        /// The Automerge sync message.
        data: Vec<u8>,
    },
    /// The sender does not have the document (or may not share it).
    DocUnavailable {
        /// Who sends it.
        sender_id: PeerId,
        /// Who it is for.
        target_id: PeerId,
        /// Which document.
        document_id: DocumentId,
    },
    /// Client → server: the client is going away; the connection ends normally. Sent by
    /// automerge-repo clients on a clean disconnect.
    Leave {
        /// The client.
        sender_id: PeerId,
    },
    /// A message type of automerge-repo that Rounds does not act on (`ephemeral`,
    /// `remote-heads-changed`, `remote-subscription-change`).
    Ignored {
        /// Its type.
        kind: String,
    },
}

/// Bytes that are not a protocol message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    /// Not CBOR at all.
    #[error("malformed CBOR: {0}")]
    Cbor(String),
    /// CBOR, but not a map.
    #[error("a message must be a CBOR map")]
    NotAMap,
    /// A required field is absent.
    #[error("`{kind}` message lacks `{field}`")]
    Missing {
        /// Message type.
        kind: String,
        /// Field name.
        field: &'static str,
    },
    /// A field has the wrong type or an invalid value.
    #[error("`{kind}` message has an invalid `{field}`")]
    Invalid {
        /// Message type.
        kind: String,
        /// Field name.
        field: &'static str,
    },
    /// A `type` this protocol does not have.
    #[error("unknown message type `{0}`")]
    UnknownType(String),
}

const IGNORED: [&str; 3] = [
    "ephemeral",
    "remote-heads-changed",
    "remote-subscription-change",
];

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

fn metadata_value(m: &PeerMetadata) -> Value {
    let mut entries = vec![(text("isEphemeral"), Value::Bool(m.is_ephemeral))];
    if let Some(id) = &m.storage_id {
        entries.push((text("storageId"), text(id)));
    }
    Value::Map(entries)
}

impl Message {
    /// The message's `type` field.
    pub fn kind(&self) -> &str {
        match self {
            Message::Join { .. } => "join",
            Message::Peer { .. } => "peer",
            Message::Error { .. } => "error",
            Message::Request { .. } => "request",
            Message::Sync { .. } => "sync",
            Message::DocUnavailable { .. } => "doc-unavailable",
            Message::Leave { .. } => "leave",
            Message::Ignored { kind } => kind,
        }
    }

    /// The CBOR encoding.
    pub fn encode(&self) -> Vec<u8> {
        let mut m = vec![(text("type"), text(self.kind()))];
        let mut put = |k: &str, v: Value| m.push((text(k), v));
        match self {
            Message::Join {
                sender_id,
                supported_protocol_versions,
                peer_metadata,
            } => {
                put("senderId", text(&sender_id.0));
                put("peerMetadata", metadata_value(peer_metadata));
                put(
                    "supportedProtocolVersions",
                    Value::Array(
                        supported_protocol_versions
                            .iter()
                            .map(|v| text(v))
                            .collect(),
                    ),
                );
            }
            Message::Peer {
                sender_id,
                target_id,
                selected_protocol_version,
                peer_metadata,
            } => {
                put("senderId", text(&sender_id.0));
                put("targetId", text(&target_id.0));
                put("peerMetadata", metadata_value(peer_metadata));
                put("selectedProtocolVersion", text(selected_protocol_version));
            }
            Message::Error {
                sender_id,
                target_id,
                message,
            } => {
                put("senderId", text(&sender_id.0));
                put("targetId", text(&target_id.0));
                put("message", text(message));
            }
            Message::Request {
                sender_id,
                target_id,
                document_id,
                data,
            }
            | Message::Sync {
                sender_id,
                target_id,
                document_id,
                data,
            } => {
                put("senderId", text(&sender_id.0));
                put("targetId", text(&target_id.0));
                put("documentId", text(&document_id.to_string()));
                put("data", Value::Bytes(data.clone()));
            }
            Message::DocUnavailable {
                sender_id,
                target_id,
                document_id,
            } => {
                put("senderId", text(&sender_id.0));
                put("targetId", text(&target_id.0));
                put("documentId", text(&document_id.to_string()));
            }
            Message::Leave { sender_id } => put("senderId", text(&sender_id.0)),
            Message::Ignored { .. } => {}
        }
        let mut out = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = ciborium::into_writer(&Value::Map(m), &mut out);
        out
    }

    /// Decodes one message, saying exactly what is wrong with bytes that are not one. The
    /// bounded reader of [`super::cbor`] refuses oversized shapes before building them.
    pub fn decode(bytes: &[u8]) -> Result<Message, WireError> {
        let value = super::cbor::read(bytes).map_err(|e| WireError::Cbor(e.to_string()))?;
        if !matches!(value, Item::Map(_)) {
            return Err(WireError::NotAMap);
        }
        let field = |name: &str| value.get(name);
        let kind = match field("type") {
            Some(Item::Text(t)) => (*t).to_owned(),
            Some(_) => {
                return Err(WireError::Invalid {
                    kind: String::new(),
                    field: "type",
                });
            }
            None => {
                return Err(WireError::Missing {
                    kind: String::new(),
                    field: "type",
                });
            }
        };
        let missing = |f: &'static str| WireError::Missing {
            kind: kind.clone(),
            field: f,
        };
        let invalid = |f: &'static str| WireError::Invalid {
            kind: kind.clone(),
            field: f,
        };
        let string = |f: &'static str| match field(f) {
            Some(Item::Text(t)) => Ok((*t).to_owned()),
            Some(_) => Err(invalid(f)),
            None => Err(missing(f)),
        };
        let peer = |f: &'static str| string(f).map(PeerId);
        let doc = |f: &'static str| string(f)?.parse::<DocumentId>().map_err(|_| invalid(f));
        let bytes = |f: &'static str| match field(f) {
            Some(Item::Bytes(b)) => Ok(b.to_vec()),
            Some(_) => Err(invalid(f)),
            None => Err(missing(f)),
        };
        let metadata = || match field("peerMetadata") {
            None | Some(Item::Null) => Ok(PeerMetadata::default()),
            Some(m @ Item::Map(_)) => Ok(PeerMetadata {
                storage_id: match m.get("storageId") {
                    Some(Item::Text(t)) => Some((*t).to_owned()),
                    _ => None,
                },
                is_ephemeral: matches!(m.get("isEphemeral"), Some(Item::Bool(true))),
            }),
            Some(_) => Err(invalid("peerMetadata")),
        };
        Ok(match kind.as_str() {
            "join" => Message::Join {
                sender_id: peer("senderId")?,
                supported_protocol_versions: match field("supportedProtocolVersions") {
                    Some(Item::Array(vs)) => vs
                        .iter()
                        .map(|v| match v {
                            Item::Text(t) => Ok((*t).to_owned()),
                            _ => Err(invalid("supportedProtocolVersions")),
                        })
                        .collect::<Result<_, _>>()?,
                    Some(_) => return Err(invalid("supportedProtocolVersions")),
                    None => return Err(missing("supportedProtocolVersions")),
                },
                peer_metadata: metadata()?,
            },
            "peer" => Message::Peer {
                sender_id: peer("senderId")?,
                target_id: peer("targetId")?,
                selected_protocol_version: string("selectedProtocolVersion")?,
                peer_metadata: metadata()?,
            },
            "error" => Message::Error {
                sender_id: peer("senderId").unwrap_or_else(|_| PeerId::from("")),
                target_id: peer("targetId").unwrap_or_else(|_| PeerId::from("")),
                message: string("message")?,
            },
            "request" | "sync" => {
                let (sender_id, target_id) = (peer("senderId")?, peer("targetId")?);
                let (document_id, data) = (doc("documentId")?, bytes("data")?);
                if kind == "request" {
                    Message::Request {
                        sender_id,
                        target_id,
                        document_id,
                        data,
                    }
                } else {
                    Message::Sync {
                        sender_id,
                        target_id,
                        document_id,
                        data,
                    }
                }
            }
            "leave" => Message::Leave {
                sender_id: peer("senderId")?,
            },
            "doc-unavailable" => Message::DocUnavailable {
                sender_id: peer("senderId")?,
                target_id: peer("targetId")?,
                document_id: doc("documentId")?,
            },
            other if IGNORED.contains(&other) => Message::Ignored { kind },
            _ => return Err(WireError::UnknownType(kind)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cbor(v: &Value) -> Vec<u8> {
        let mut out = Vec::new();
        ciborium::into_writer(v, &mut out).unwrap();
        out
    }

    #[test]
    fn every_message_round_trips() {
        let me = PeerId::from("a");
        let you = PeerId::from("b");
        let doc = DocumentId::generate();
        let messages = [
            Message::Join {
                sender_id: me.clone(),
                supported_protocol_versions: vec!["1".into()],
                peer_metadata: PeerMetadata {
                    storage_id: Some("s".into()),
                    is_ephemeral: false,
                },
            },
            Message::Peer {
                sender_id: me.clone(),
                target_id: you.clone(),
                selected_protocol_version: "1".into(),
                peer_metadata: PeerMetadata::default(),
            },
            Message::Error {
                sender_id: me.clone(),
                target_id: you.clone(),
                message: "no".into(),
            },
            Message::Request {
                sender_id: me.clone(),
                target_id: you.clone(),
                document_id: doc,
                data: vec![1],
            },
            Message::DocUnavailable {
                sender_id: me.clone(),
                target_id: you,
                document_id: doc,
            },
            Message::Leave { sender_id: me },
        ];
        for m in messages {
            assert_eq!(Message::decode(&m.encode()).unwrap(), m);
        }
    }

    #[test]
    fn bad_messages_say_what_is_wrong() {
        let doc = DocumentId::generate().to_string();
        let map = |entries: Vec<(&str, Value)>| {
            cbor(&Value::Map(
                entries.into_iter().map(|(k, v)| (text(k), v)).collect(),
            ))
        };
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (vec![0xff], "malformed CBOR"),
            (cbor(&Value::Integer(3.into())), "must be a CBOR map"),
            (map(vec![("senderId", text("a"))]), "lacks `type`"),
            (
                map(vec![("type", text("shout"))]),
                "unknown message type `shout`",
            ),
            (
                map(vec![
                    ("type", text("sync")),
                    ("senderId", text("a")),
                    ("targetId", text("b")),
                    ("documentId", text("xyz")),
                    ("data", Value::Bytes(vec![1])),
                ]),
                "invalid `documentId`",
            ),
            (
                map(vec![
                    ("type", text("sync")),
                    ("senderId", text("a")),
                    ("targetId", text("b")),
                    ("documentId", text(&doc)),
                    ("data", text("not bytes")),
                ]),
                "invalid `data`",
            ),
            (
                map(vec![("type", text("join")), ("senderId", text("a"))]),
                "lacks `supportedProtocolVersions`",
            ),
            // A byte string claiming far more bytes than the frame holds.
            (
                vec![
                    0xa1, 0x64, b't', b'y', b'p', b'e', 0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                    0xff, 0xff,
                ],
                "malformed CBOR",
            ),
        ];
        for (bytes, expected) in cases {
            let err = Message::decode(&bytes).unwrap_err().to_string();
            assert!(err.contains(expected), "{err} should contain {expected}");
        }
    }

    #[test]
    fn automerge_repo_extras_are_recognised_and_ignored() {
        let bytes = cbor(&Value::Map(vec![(
            text("type"),
            text("remote-heads-changed"),
        )]));
        assert_eq!(
            Message::decode(&bytes).unwrap(),
            Message::Ignored {
                kind: "remote-heads-changed".into()
            }
        );
    }
}
