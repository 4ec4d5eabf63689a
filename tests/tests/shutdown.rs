//! Stopping: the real server asked to stop with SIGTERM (a deploy, a service manager)
//! exits promptly and cleanly, even with idle keep-alive connections and sync WebSockets
//! open.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::io::{Read, Write};
use std::time::Duration;

use rounds_server::admin;
use rounds_server::storage::SqliteStore;
use rounds_shared::sync::{PeerId, SyncClient};
use rounds_tests::PASSWORD;
use rounds_tests::peer::Peer;
use rounds_tests::process::ServerProcess;

#[tokio::test]
async fn sigterm_stops_the_server_with_connections_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rounds.db");
    {
        let store = SqliteStore::open(&db).unwrap();
        admin::add_user(
            &store,
            admin::Actor::Cli,
            "wang",
            "wang",
            "rep",
            None,
            PASSWORD,
        )
        .unwrap();
    }
    let server = ServerProcess::start(&db, &[]).unwrap();
    // An idle keep-alive connection that has had one answer…
    let mut idle = std::net::TcpStream::connect(server.addr).unwrap();
    idle.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut first = [0u8; 12];
    idle.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    // …and a sync WebSocket.
    let token = server.login("wang").await.unwrap();
    let mut peer = Peer::new(SyncClient::new(PeerId::from("phone")));
    peer.connect(&server.sync_url(&token)).await.unwrap();

    let status = tokio::task::spawn_blocking(move || server.terminate(Duration::from_secs(20)))
        .await
        .unwrap()
        .unwrap();
    let status = status.expect("the server was still running 20 s after SIGTERM");
    assert!(status.success(), "exit status {status}");
}
