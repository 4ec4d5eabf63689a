//! Sending to the client: every frame under a deadline (a client that stops reading is
//! closed, never waited for), and closing with a reason.

use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message as Frame, WebSocket};
use rounds_shared::sync::{Close, Message, code};

use super::gone;

/// How long the server waits for the peer's reply to its Close before dropping the socket.
const CLOSE_GRACE: Duration = Duration::from_secs(2);

/// How long one outgoing frame may wait for the client to read: a client that stops
/// reading fills the socket's buffer, and is then closed rather than waited for. (No lock
/// is held while sending, so a slow reader only ever delays itself.)
const SEND_TIMEOUT: Duration = Duration::from_secs(20);

pub(super) async fn finish(socket: &mut WebSocket, error: Option<Message>, close: Close) {
    if let Some(msg) = error {
        let _ = send(socket, msg).await;
    }
    if close.code != code::NORMAL || !close.reason.is_empty() {
        let reason = truncate(&close.reason, 120);
        let sent = send_frame(
            socket,
            Frame::Close(Some(CloseFrame {
                code: close.code,
                reason: reason.into(),
            })),
        )
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

pub(super) async fn send(socket: &mut WebSocket, msg: Message) -> Result<(), Close> {
    send_frame(socket, Frame::Binary(msg.encode().into())).await
}

pub(super) async fn send_frame(socket: &mut WebSocket, frame: Frame) -> Result<(), Close> {
    match tokio::time::timeout(SEND_TIMEOUT, socket.send(frame)).await {
        Ok(sent) => sent.map_err(|e| gone(&e)),
        Err(_) => Err(Close {
            code: code::POLICY,
            reason: "the client stopped reading".into(),
            tell: false,
        }),
    }
}

pub(super) async fn send_all(socket: &mut WebSocket, msgs: Vec<Message>) -> Result<(), Close> {
    for m in msgs {
        send(socket, m).await?;
    }
    Ok(())
}
