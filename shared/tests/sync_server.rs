//! The server's protocol rules, in memory: the shared client engine ([`SyncClient`]) talks
//! to a [`ServerSession`] through plain function calls, with documents in a map and access
//! in a table standing in for the server's hub and database. No socket, no SQLite.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failed unwrap is a failed test

use std::collections::HashMap;

use automerge::AutoCommit;
use automerge::sync::{self, SyncDoc};
use rounds_shared::doc::{AccountDoc, actor_for};
use rounds_shared::ids::{AccountId, UserId};
use rounds_shared::model::{Account, HospitalLevel, Visit};
use rounds_shared::sync::{
    Access, Close, DocAccess, DocumentId, Event, Incoming, Message, NewStep, PeerId, Route, Rules,
    ServerSession, SessionLimits, SessionUser, Step, SyncClient, code,
};
use rounds_shared::time::Timestamp;

/// A server in memory: one session, the documents it holds, and what it did.
struct Server {
    session: ServerSession,
    docs: HashMap<DocumentId, AutoCommit>,
    access: HashMap<DocumentId, Access>,
    /// Documents stored (in order), as the IO would before replying.
    stored: Vec<DocumentId>,
    /// Accounts created offline and stored.
    created: Vec<Account>,
    /// How often the user's own documents were prepared.
    prepared: usize,
    /// Every message sent to the client.
    sent: Vec<Message>,
    now_ms: u64,
}

impl Server {
    fn new(user: SessionUser, limits: SessionLimits) -> Self {
        Self {
            session: ServerSession::new(user, limits, 0),
            docs: HashMap::new(),
            access: HashMap::new(),
            stored: Vec::new(),
            created: Vec::new(),
            prepared: 0,
            sent: Vec::new(),
            now_ms: 0,
        }
    }

    /// One frame in: carries out every step as the server's IO loop does.
    fn frame(&mut self, frame: Incoming) -> Result<Vec<Message>, Close> {
        let before = self.sent.len();
        for step in self.session.receive(frame, self.now_ms)? {
            match step {
                Step::Send(m) => self.sent.push(m),
                Step::PrepareUser => self.prepared += 1,
                Step::Document(m) => {
                    let access = self.session.access(m.doc).unwrap_or_else(|| {
                        match (self.access.get(&m.doc), self.docs.contains_key(&m.doc)) {
                            (Some(a), true) => DocAccess::Known(*a),
                            _ => DocAccess::Unknown,
                        }
                    });
                    match self.session.route(&m, access) {
                        Route::Unavailable(msg) => self.sent.push(msg),
                        Route::New => match self.session.receive_new(m)? {
                            NewStep::Reply(r) => self.sent.extend(r),
                            NewStep::Refused(msgs) => self.sent.extend(msgs),
                            NewStep::Create(new) => {
                                let new = *new;
                                let mut doc = new.document;
                                self.stored.push(new.doc);
                                self.created.push(new.account);
                                let reply = self.session.created(new.doc, &mut doc);
                                self.docs.insert(new.doc, doc);
                                self.access.insert(new.doc, Access::ReadWrite);
                                self.sent.extend(reply);
                            }
                            NewStep::Issue(new) => {
                                let new = *new;
                                let mut doc = new.document;
                                self.stored.push(new.doc);
                                let reply = self.session.created(new.doc, &mut doc);
                                self.docs.insert(new.doc, doc);
                                self.access.insert(new.doc, Access::ReadWrite);
                                self.sent.extend(reply);
                            }
                        },
                        Route::Live(access) => {
                            let id = m.doc;
                            let doc = self.docs.entry(id).or_default();
                            let saved = doc.save();
                            let applied =
                                self.session
                                    .apply(m, access, doc, saved.len(), Rules::Account)?;
                            if applied.refused {
                                // As the server does: back to what storage holds.
                                *doc = AutoCommit::load(&saved).unwrap();
                            }
                            self.sent.extend(applied.warning);
                            if applied.changed.is_some() {
                                self.stored.push(id);
                            }
                            let reply = self.session.reply(id, self.docs.get_mut(&id).unwrap());
                            self.sent.extend(reply);
                        }
                    }
                }
            }
        }
        Ok(self.sent[before..].to_vec())
    }

    fn bytes(&mut self, bytes: Vec<u8>) -> Result<Vec<Message>, Close> {
        self.frame(Incoming::Binary(bytes))
    }
}

fn user() -> SessionUser {
    SessionUser {
        id: UserId::generate(),
        index_doc: DocumentId::generate(),
        personal_doc: DocumentId::generate(),
        may_create: true,
    }
}

fn join(peer: &str, versions: &[&str]) -> Vec<u8> {
    Message::Join {
        sender_id: PeerId::from(peer),
        supported_protocol_versions: versions.iter().map(|v| (*v).to_owned()).collect(),
        peer_metadata: Default::default(),
    }
    .encode()
}

fn sends(events: Vec<Event>) -> Vec<Vec<u8>> {
    events
        .into_iter()
        .filter_map(|e| match e {
            Event::Send(b) => Some(b),
            _ => None,
        })
        .collect()
}

/// Runs the client and the server against each other until neither has anything to say.
/// Fails on a close.
fn pump(client: &mut SyncClient, server: &mut Server, mut outgoing: Vec<Vec<u8>>) {
    for _ in 0..100 {
        if outgoing.is_empty() {
            return;
        }
        let mut replies = Vec::new();
        for frame in outgoing.drain(..) {
            match server.bytes(frame) {
                Ok(msgs) => replies.extend(msgs),
                Err(close) => panic!("the server closed: {close:?}"),
            }
        }
        for m in replies {
            outgoing.extend(sends(client.receive(&m.encode()).unwrap()));
        }
    }
    panic!("client and server kept talking");
}

fn account_doc(owner: UserId) -> (DocumentId, AccountDoc) {
    let account = Account::new(
        AccountId::generate(),
        "市第一人民医院",
        HospitalLevel::Grade3A,
        "上海",
        owner,
        Timestamp(1_700_000_000_000),
    );
    (
        DocumentId::from(account.id),
        AccountDoc::create(&account).unwrap(),
    )
}

/// A connected client and a server holding one account document with `access`.
fn connected(access: Access) -> (SyncClient, Server, DocumentId, UserId) {
    let u = user();
    let me = u.id;
    let mut server = Server::new(u, SessionLimits::default());
    let (id, mut doc) = account_doc(me);
    server.docs.insert(id, std::mem::take(doc.automerge()));
    server.access.insert(id, access);
    let mut client = SyncClient::new(PeerId::from("phone"));
    let mut out = sends(client.connect());
    out.extend(sends(client.request(id)));
    pump(&mut client, &mut server, out);
    (client, server, id, me)
}

fn visit_count(doc: &mut AutoCommit) -> usize {
    AccountDoc::with(doc, |d| d.all::<Visit>().value.len())
}

#[test]
fn the_first_message_must_be_join() {
    let mut server = Server::new(user(), SessionLimits::default());
    let msg = Message::Sync {
        sender_id: PeerId::from("phone"),
        target_id: PeerId::from("rounds-server"),
        document_id: DocumentId::generate(),
        data: Vec::new(),
    };
    let close = server.bytes(msg.encode()).unwrap_err();
    assert_eq!(close.code, code::PROTOCOL_ERROR);
    assert!(
        close.reason.contains("first message must be `join`"),
        "{close:?}"
    );
    let told = server.session.error_for(&close).unwrap();
    assert!(matches!(told, Message::Error { message, .. } if message == close.reason));
}

#[test]
fn join_prepares_the_users_documents_before_answering_peer_and_only_once() {
    let mut server = Server::new(user(), SessionLimits::default());
    let steps = server
        .session
        .receive(Incoming::Binary(join("phone", &["1"])), 0)
        .unwrap();
    assert!(
        matches!(steps.as_slice(), [Step::PrepareUser, Step::Send(Message::Peer { target_id, .. })] if target_id.0 == "phone")
    );
    let again = server.bytes(join("phone", &["1"])).unwrap_err();
    assert!(again.reason.contains("already sent"), "{again:?}");

    let mut other = Server::new(user(), SessionLimits::default());
    let close = other.bytes(join("old", &["0"])).unwrap_err();
    assert_eq!(close.code, code::PROTOCOL_ERROR);
    assert!(close.reason.contains("not supported"), "{close:?}");
    assert_eq!(other.prepared, 0);
}

#[test]
fn text_frames_garbage_oversize_frames_and_storms_are_refused_with_the_reason() {
    let limits = SessionLimits {
        max_message_bytes: 1_000,
        messages_per_second: 10,
        message_burst: 3,
        ..SessionLimits::default()
    };
    let mut server = Server::new(user(), limits);
    let text = server.frame(Incoming::Text).unwrap_err();
    assert_eq!((text.code, text.tell), (code::PROTOCOL_ERROR, true));

    let mut server = Server::new(user(), limits);
    let garbage = server.bytes(vec![0xff, 0x00]).unwrap_err();
    assert!(garbage.reason.contains("malformed CBOR"), "{garbage:?}");

    let mut server = Server::new(user(), limits);
    let big = server.bytes(vec![0; 1_001]).unwrap_err();
    assert_eq!(big.code, code::TOO_BIG);
    assert!(big.reason.contains("limit of 1000 bytes"), "{big:?}");

    let mut server = Server::new(user(), limits);
    server.bytes(join("phone", &["1"])).unwrap();
    assert!(server.frame(Incoming::Ping).unwrap().is_empty()); // pings take no token
    let ignored = Message::Ignored {
        kind: "ephemeral".into(),
    }
    .encode();
    server.bytes(ignored.clone()).unwrap();
    server.bytes(ignored.clone()).unwrap();
    let storm = server.bytes(ignored.clone()).unwrap_err();
    assert_eq!(storm.code, code::POLICY);
    // A second later the bucket has refilled.
    server.now_ms = 1_000;
    server.bytes(ignored).unwrap();
}

#[test]
fn leave_a_close_and_a_clients_error_end_the_connection_normally() {
    let mut server = Server::new(user(), SessionLimits::default());
    let leave = Message::Leave {
        sender_id: PeerId::from("phone"),
    };
    let close = server.bytes(leave.encode()).unwrap_err();
    assert_eq!((close.code, close.tell), (code::NORMAL, false));
    assert!(server.session.error_for(&close).is_none());

    let mut server = Server::new(user(), SessionLimits::default());
    assert_eq!(
        server.frame(Incoming::Close).unwrap_err().code,
        code::NORMAL
    );

    let mut server = Server::new(user(), SessionLimits::default());
    server.bytes(join("phone", &["1"])).unwrap();
    let said = Message::Error {
        sender_id: PeerId::from("phone"),
        target_id: PeerId::from("rounds-server"),
        message: "disk full".into(),
    };
    let close = server.bytes(said.encode()).unwrap_err();
    assert_eq!(close.code, code::NORMAL);
    assert!(close.reason.contains("disk full"));
    let peer = Message::Peer {
        sender_id: PeerId::from("x"),
        target_id: PeerId::from("y"),
        selected_protocol_version: "1".into(),
        peer_metadata: Default::default(),
    };
    let mut server = Server::new(user(), SessionLimits::default());
    server.bytes(join("phone", &["1"])).unwrap();
    assert_eq!(
        server.bytes(peer.encode()).unwrap_err().code,
        code::PROTOCOL_ERROR
    );
}

#[test]
fn a_writable_document_syncs_both_ways_and_a_change_is_stored() {
    let (mut client, mut server, id, me) = connected(Access::ReadWrite);
    assert!(
        client.document(id).is_some(),
        "the client received the document"
    );
    assert!(server.stored.is_empty(), "nothing changed yet");
    let doc = client.document_mut(id).unwrap();
    doc.set_actor(actor_for(me));
    AccountDoc::with(doc, |d| {
        d.put(&Visit::new(Timestamp(1_700_000_100_000), me))
    })
    .unwrap();
    let out = sends(client.changed(id));
    pump(&mut client, &mut server, out);
    assert_eq!(server.stored, vec![id]);
    assert_eq!(visit_count(server.docs.get_mut(&id).unwrap()), 1);
    assert!(client.is_synced(id));
}

#[test]
fn a_change_that_claims_another_author_is_refused_whole_and_the_connection_goes_on() {
    let (mut client, mut server, id, me) = connected(Access::ReadWrite);
    let clean = client.document_mut(id).unwrap().fork();
    let doc = client.document_mut(id).unwrap();
    doc.set_actor(actor_for(me));
    AccountDoc::with(doc, |d| {
        d.put(&Visit::new(Timestamp(1_700_000_100_000), me))?;
        d.put(&Visit::new(
            Timestamp(1_700_000_200_000),
            UserId::generate(),
        ))
    })
    .unwrap();
    let before = server.sent.len();
    let out = sends(client.changed(id));
    pump(&mut client, &mut server, out);
    let refused: Vec<&String> = server.sent[before..]
        .iter()
        .filter_map(|m| match m {
            Message::Error { message, .. } => Some(message),
            _ => None,
        })
        .collect();
    assert_eq!(refused.len(), 1, "{:?}", &server.sent[before..]);
    assert!(refused[0].contains("`created_by`"), "{}", refused[0]);
    assert!(server.stored.is_empty(), "nothing of the change is stored");
    assert_eq!(visit_count(server.docs.get_mut(&id).unwrap()), 0);

    // The same connection, an honest change made on a copy without the refused one.
    let mut honest = clean;
    honest.set_actor(actor_for(me));
    AccountDoc::with(&mut honest, |d| {
        d.put(&Visit::new(Timestamp(1_700_000_300_000), me))
    })
    .unwrap();
    let out = sends(client.insert(id, honest));
    pump(&mut client, &mut server, out);
    assert!(server.stored.contains(&id), "the honest change is stored");
}

#[test]
fn changes_to_a_read_only_document_are_not_applied_and_the_client_is_told() {
    let (mut client, mut server, id, me) = connected(Access::Read);
    assert!(
        client.document(id).is_some(),
        "readers receive the document"
    );
    let doc = client.document_mut(id).unwrap();
    AccountDoc::with(doc, |d| {
        d.put(&Visit::new(Timestamp(1_700_000_100_000), me))
    })
    .unwrap();
    // The shared engine heeds the read-only flag: the change stays on the device.
    let out = sends(client.changed(id));
    pump(&mut client, &mut server, out);
    assert!(client.unsynced().contains(&id));
    // A client that sends its changes anyway is told, and nothing applies.
    let mut rogue = client.document(id).unwrap().clone();
    let mut state = sync::State::new();
    state.their_heads = Some(vec![]);
    state.their_need = Some(vec![]);
    state.their_have = Some(vec![sync::Have::default()]);
    let msg = rogue.sync().generate_sync_message(&mut state).unwrap();
    assert!(!msg.changes.is_empty());
    let frame = Message::Sync {
        sender_id: PeerId::from("phone"),
        target_id: PeerId::from("rounds-server"),
        document_id: id,
        data: msg.encode(),
    };
    let said = server.bytes(frame.encode()).unwrap();
    assert!(
        said.iter().any(
            |m| matches!(m, Message::Error { message, .. } if message.contains("read-only for you"))
        ),
        "{said:?}"
    );
    assert!(server.stored.is_empty());
    assert_eq!(visit_count(server.docs.get_mut(&id).unwrap()), 0);
}

#[test]
fn documents_a_user_may_not_see_or_the_server_lacks_are_unavailable() {
    let (mut client, mut server, id, _) = connected(Access::None);
    assert!(client.document(id).is_none());
    assert!(
        server.sent.iter().any(
            |m| matches!(m, Message::DocUnavailable { document_id, .. } if *document_id == id)
        )
    );
    assert!(!server.session.synced().contains(&id));
    // Nor does a request for a document nobody has create it.
    let missing = DocumentId::generate();
    let out = sends(client.request(missing));
    pump(&mut client, &mut server, out);
    assert!(server.sent.iter().any(
        |m| matches!(m, Message::DocUnavailable { document_id, .. } if *document_id == missing)
    ));
    assert!(!server.docs.contains_key(&missing));
}

#[test]
fn an_account_created_offline_is_stored_as_the_creators() {
    let u = user();
    let me = u.id;
    let mut server = Server::new(u, SessionLimits::default());
    let mut client = SyncClient::new(PeerId::from("phone"));
    let (id, mut doc) = account_doc(me);
    client.insert(id, std::mem::take(doc.automerge()));
    let out = sends(client.connect());
    pump(&mut client, &mut server, out);
    assert_eq!(server.stored, vec![id]);
    assert_eq!(server.created.len(), 1);
    assert_eq!(DocumentId::from(server.created[0].id), id);
    assert_eq!(
        server.session.access(id),
        Some(DocAccess::Known(Access::ReadWrite))
    );
    assert!(client.is_synced(id));
}

#[test]
fn a_new_document_that_is_not_its_own_account_is_refused_saying_why() {
    let u = user();
    let me = u.id;
    let mut server = Server::new(u, SessionLimits::default());
    let mut client = SyncClient::new(PeerId::from("phone"));
    let (_, mut doc) = account_doc(me);
    let squatted = DocumentId::generate();
    client.insert(squatted, std::mem::take(doc.automerge()));
    let out = sends(client.connect());
    pump(&mut client, &mut server, out);
    assert!(server.created.is_empty() && server.stored.is_empty());
    assert!(server.sent.iter().any(|m| matches!(m, Message::Error { message, .. } if message.contains("account id does not match"))));
    assert!(server.sent.iter().any(
        |m| matches!(m, Message::DocUnavailable { document_id, .. } if *document_id == squatted)
    ));
}

#[test]
fn users_who_may_not_create_accounts_get_unavailable_for_a_new_account() {
    let mut u = user();
    u.may_create = false;
    let me = u.id;
    let mut server = Server::new(u, SessionLimits::default());
    let mut client = SyncClient::new(PeerId::from("finance"));
    let (id, mut doc) = account_doc(me);
    client.insert(id, std::mem::take(doc.automerge()));
    let out = sends(client.connect());
    pump(&mut client, &mut server, out);
    assert!(server.created.is_empty() && server.stored.is_empty());
    assert!(server.sent.iter().any(|m| matches!(m, Message::Error { message, .. } if message.contains("does not create hospital accounts"))));
    assert!(
        server.sent.iter().any(
            |m| matches!(m, Message::DocUnavailable { document_id, .. } if *document_id == id)
        )
    );
}

#[test]
fn a_document_may_not_grow_past_the_limit() {
    let u = user();
    let me = u.id;
    let (id, mut doc) = account_doc(me);
    let size = doc.save().len();
    let mut server = Server::new(
        u,
        SessionLimits {
            max_document_bytes: size + 200,
            ..SessionLimits::default()
        },
    );
    server.docs.insert(id, std::mem::take(doc.automerge()));
    server.access.insert(id, Access::ReadWrite);
    let mut client = SyncClient::new(PeerId::from("phone"));
    let mut out = sends(client.connect());
    out.extend(sends(client.request(id)));
    pump(&mut client, &mut server, out);
    let doc = client.document_mut(id).unwrap();
    AccountDoc::with(doc, |d| {
        let mut v = Visit::new(Timestamp(1_700_000_100_000), me);
        v.content = "很长的拜访记录".repeat(200);
        d.put(&v)
    })
    .unwrap();
    let close = sends(client.changed(id))
        .into_iter()
        .find_map(|f| server.bytes(f).err())
        .expect("the server closes");
    assert_eq!(close.code, code::TOO_BIG);
    assert!(close.reason.contains("nothing was stored"), "{close:?}");
    assert!(server.stored.is_empty());
}

#[test]
fn after_access_is_forgotten_nothing_is_pushed_until_it_is_decided_again() {
    let (_, mut server, id, _) = connected(Access::ReadWrite);
    let doc = server.docs.get_mut(&id).unwrap();
    AccountDoc::with(doc, |d| {
        d.put(&Visit::new(Timestamp(1), UserId::generate()))
    })
    .unwrap();
    server.session.forget_access();
    let mut doc = server.docs.remove(&id).unwrap();
    assert!(
        server.session.reply(id, &mut doc).is_none(),
        "no push on a forgotten decision"
    );
    server.session.remember(id, DocAccess::Known(Access::None));
    assert!(
        server.session.reply(id, &mut doc).is_none(),
        "no push once access is gone"
    );
    server
        .session
        .remember(id, DocAccess::Known(Access::ReadWrite));
    assert!(
        server.session.reply(id, &mut doc).is_some(),
        "pushed once allowed again"
    );
}
