//! Bad input on the sync endpoint gets a clear error or close reason, stores nothing, and
//! leaves the server serving everyone else.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use rounds_server::state::{ServerConfig, SessionLimits, SyncLimits};
use rounds_server::storage::Store;
use rounds_shared::ids::UserId;
use rounds_shared::model::Visit;
use rounds_shared::sync::{DocumentId, Message, PeerId, SyncClient};
use rounds_shared::time::Timestamp;
use rounds_tests::peer::Peer;
use rounds_tests::{TestServer, edit_account};
use tokio_tungstenite::connect_async;
use tokio_tungstenite::tungstenite::Message as Frame;

const WAIT: Duration = Duration::from_secs(20);

/// Sync limits with these per-connection limits and the server's defaults.
fn session_limits(session: SessionLimits) -> SyncLimits {
    SyncLimits {
        session,
        ..SyncLimits::default()
    }
}

async fn server_with(limits: SyncLimits) -> (TestServer, DocumentId) {
    let server = TestServer::start_with(ServerConfig {
        limits,
        ..ServerConfig::default()
    })
    .await
    .unwrap();
    server.user("bad", "rep", None).unwrap();
    server.user("good", "rep", None).unwrap();
    server.account("坏人的医院", "bad").unwrap();
    let good = DocumentId::from(server.account("好人的医院", "good").unwrap());
    (server, good)
}

/// A well-behaved client writes a visit and has it confirmed.
async fn good_client_is_served(server: &TestServer, doc: DocumentId) {
    server.rep_syncs("good", doc).await.unwrap();
}

/// Opens a socket as `bad`, optionally sends `join`, sends `frames`, and returns the error
/// messages and the close frame the server answered with.
async fn misbehave(
    server: &TestServer,
    join: bool,
    frames: Vec<Frame>,
) -> (Vec<String>, Option<(u16, String)>) {
    let token = server.login("bad").await.unwrap();
    let (mut ws, _) = connect_async(server.sync_url(&token)).await.unwrap();
    if join {
        let join = Message::Join {
            sender_id: PeerId::from("bad"),
            supported_protocol_versions: vec!["1".into()],
            peer_metadata: Default::default(),
        };
        ws.send(Frame::Binary(join.encode().into())).await.unwrap();
    }
    for f in frames {
        if ws.send(f).await.is_err() {
            break;
        }
    }
    let mut errors = Vec::new();
    let mut close = None;
    while let Ok(Some(frame)) = tokio::time::timeout(Duration::from_secs(5), ws.next()).await {
        match frame {
            Ok(Frame::Binary(b)) => {
                if let Ok(Message::Error { message, .. }) = Message::decode(&b) {
                    errors.push(message);
                }
            }
            Ok(Frame::Close(c)) => {
                close = c.map(|c| (u16::from(c.code), c.reason.to_string()));
                break;
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    (errors, close)
}

/// Chunks stored for account documents (joining also makes the user's own index and
/// personal documents, which are not input).
fn chunks(server: &TestServer) -> usize {
    server
        .store
        .document_ids()
        .unwrap()
        .iter()
        .map(|id| server.store.document(*id).unwrap().unwrap())
        .filter(|d| matches!(d.kind, rounds_server::storage::DocKind::Account(_)))
        .map(|d| d.chunks.len())
        .sum()
}

fn sync_frame(doc: DocumentId, data: Vec<u8>) -> Frame {
    let m = Message::Sync {
        sender_id: PeerId::from("bad"),
        target_id: PeerId::from("rounds-server"),
        document_id: doc,
        data,
    };
    Frame::Binary(m.encode().into())
}

#[tokio::test]
async fn malformed_cbor_is_an_error_and_a_close() {
    let (server, good) = server_with(SyncLimits::default()).await;
    let stored = chunks(&server);
    let (errors, close) = misbehave(
        &server,
        true,
        vec![Frame::Binary(vec![0xff, 0x00, 0x13].into())],
    )
    .await;
    assert!(
        errors.iter().any(|e| e.contains("malformed CBOR")),
        "{errors:?}"
    );
    assert_eq!(close.unwrap().0, 1002);
    assert_eq!(chunks(&server), stored);
    good_client_is_served(&server, good).await;
}

#[tokio::test]
async fn unknown_message_types_are_an_error() {
    let (server, good) = server_with(SyncLimits::default()).await;
    let mut bytes = Vec::new();
    let v = ciborium::Value::Map(vec![(
        ciborium::Value::Text("type".into()),
        ciborium::Value::Text("launch-missiles".into()),
    )]);
    ciborium::into_writer(&v, &mut bytes).unwrap();
    let (errors, close) = misbehave(&server, true, vec![Frame::Binary(bytes.into())]).await;
    assert!(
        errors
            .iter()
            .any(|e| e.contains("unknown message type `launch-missiles`")),
        "{errors:?}"
    );
    assert_eq!(close.unwrap().0, 1002);
    good_client_is_served(&server, good).await;
}

#[tokio::test]
async fn sync_data_that_does_not_decode_stores_nothing() {
    let (server, good) = server_with(SyncLimits::default()).await;
    let before = chunks(&server);
    let (errors, close) = misbehave(
        &server,
        true,
        vec![sync_frame(good, vec![0x42, 0xde, 0xad, 0xbe, 0xef])],
    )
    .await;
    assert!(
        errors.iter().any(|e| e.contains("does not decode")),
        "{errors:?}"
    );
    assert_eq!(close.unwrap().0, 1002);
    assert_eq!(chunks(&server), before);
    good_client_is_served(&server, good).await;
}

#[tokio::test]
async fn messages_before_join_text_frames_and_bad_versions_are_refused() {
    let (server, good) = server_with(SyncLimits::default()).await;
    let (errors, _) = misbehave(&server, false, vec![sync_frame(good, vec![0x42])]).await;
    assert!(
        errors
            .iter()
            .any(|e| e.contains("first message must be `join`")),
        "{errors:?}"
    );
    let (errors, _) = misbehave(&server, true, vec![Frame::Text("hello".into())]).await;
    assert!(errors.iter().any(|e| e.contains("binary")), "{errors:?}");
    let join = Message::Join {
        sender_id: PeerId::from("x"),
        supported_protocol_versions: vec!["9".into()],
        peer_metadata: Default::default(),
    };
    let (errors, _) = misbehave(&server, false, vec![Frame::Binary(join.encode().into())]).await;
    assert!(
        errors.iter().any(|e| e.contains("not supported")),
        "{errors:?}"
    );
    good_client_is_served(&server, good).await;
}

#[tokio::test]
async fn oversize_frames_are_closed_with_the_limit_named() {
    let limits = session_limits(SessionLimits {
        max_message_bytes: 40_000,
        ..SessionLimits::default()
    });
    let (server, good) = server_with(limits).await;
    let before = chunks(&server);
    let (_, close) = misbehave(&server, true, vec![Frame::Binary(vec![0u8; 50_000].into())]).await;
    let (code, reason) = close.unwrap();
    assert_eq!(code, 1009);
    assert!(reason.contains("over the limit of 40000 bytes"), "{reason}");
    assert_eq!(chunks(&server), before);
    good_client_is_served(&server, good).await;
}

#[tokio::test]
async fn documents_may_not_grow_past_the_limit() {
    let limits = session_limits(SessionLimits {
        max_document_bytes: 6_000,
        ..SessionLimits::default()
    });
    let (server, good) = server_with(limits).await;
    let bad_doc = DocumentId::from(
        server
            .store
            .accounts()
            .unwrap()
            .into_iter()
            .find(|a| a.name == "坏人的医院")
            .unwrap()
            .id,
    );
    let token = server.login("bad").await.unwrap();
    let mut peer = Peer::new(
        SyncClient::new(PeerId::from("bad-phone")).writing_as(server.user_id("bad").unwrap()),
    );
    peer.fetch(&server.sync_url(&token), &[bad_doc], WAIT)
        .await
        .unwrap();
    let before = chunks(&server);
    // Visits with long random text that does not compress.
    let mut seed = 7u64;
    let mut noise = || {
        (0..4_000)
            .map(|_| {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                char::from_u32(0x4e00 + (seed >> 33) as u32 % 20_000).unwrap_or('字')
            })
            .collect::<String>()
    };
    edit_account(&mut peer.engine, bad_doc, |d| {
        for _ in 0..3 {
            let v = {
                let mut v = Visit::new(Timestamp(1), UserId::generate());
                v.purpose = "灌水".into();
                v.content = noise();
                v
            };
            d.put(&v).unwrap();
        }
    })
    .unwrap();
    peer.changed(bad_doc).await.unwrap();
    peer.pump_until(Duration::from_secs(5), Duration::from_millis(300), |_| {
        false
    })
    .await
    .unwrap();
    let (code, reason) = peer.closed.clone().unwrap();
    assert_eq!(code, 1009, "{reason}");
    assert!(reason.contains("limit of 6000 bytes"), "{reason}");
    assert_eq!(chunks(&server), before, "nothing stored");
    good_client_is_served(&server, good).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_message_storm_closes_that_connection_only() {
    let limits = session_limits(SessionLimits {
        messages_per_second: 50,
        message_burst: 100,
        ..SessionLimits::default()
    });
    let (server, good) = server_with(limits).await;
    let ignored = Message::Ignored {
        kind: "ephemeral".into(),
    };
    let mut bytes = Vec::new();
    let v = ciborium::Value::Map(vec![(
        ciborium::Value::Text("type".into()),
        ciborium::Value::Text(ignored.kind().into()),
    )]);
    ciborium::into_writer(&v, &mut bytes).unwrap();
    let storm = (0..5_000)
        .map(|_| Frame::Binary(bytes.clone().into()))
        .collect();
    let (storm_result, ()) = tokio::join!(
        misbehave(&server, true, storm),
        good_client_is_served(&server, good)
    );
    let (errors, close) = storm_result;
    assert!(
        errors.iter().any(|e| e.contains("too many messages")),
        "{errors:?}"
    );
    assert_eq!(close.unwrap().0, 1008);
    good_client_is_served(&server, good).await;
}

/// automerge-repo clients say `leave` on a clean disconnect: the server ends the
/// connection normally (1000), with no error, and keeps serving everyone.
#[tokio::test]
async fn leave_ends_the_connection_normally() {
    let (server, good) = server_with(SyncLimits::default()).await;
    let mut bytes = Vec::new();
    let leave = ciborium::Value::Map(vec![
        (
            ciborium::Value::Text("type".into()),
            ciborium::Value::Text("leave".into()),
        ),
        (
            ciborium::Value::Text("senderId".into()),
            ciborium::Value::Text("bad".into()),
        ),
    ]);
    ciborium::into_writer(&leave, &mut bytes).unwrap();
    let (errors, close) = misbehave(&server, true, vec![Frame::Binary(bytes.into())]).await;
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(close.unwrap().0, 1000);
    good_client_is_served(&server, good).await;
}
