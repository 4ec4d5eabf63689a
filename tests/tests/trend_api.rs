//! The trend: 26 weeks, oldest first; its last week agrees with the funnel of the quarter
//! so far; earlier weeks see the pipeline as it stood then; and the teams list names people.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use rounds_tests::browser::{SMALL, demo_server};
use serde_json::Value;

async fn login(server: &rounds_tests::TestServer, username: &str) -> String {
    server
        .login_with(username, rounds_server::demo::DEMO_PASSWORD)
        .await
        .unwrap()
}

async fn get(server: &rounds_tests::TestServer, token: &str, path: &str) -> (u16, Value) {
    let (status, body) = server.get(token, path).await.unwrap();
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_trend_ends_where_the_quarter_funnel_stands_and_looks_back_two_quarters() {
    let server = demo_server(SMALL).await.unwrap();
    let manager = login(&server, "manager1").await;
    let (status, trend) = get(&server, &manager, "/api/v1/funnel/trend").await;
    assert_eq!(status, 200, "{trend}");
    let weeks = trend.as_array().unwrap();
    assert_eq!(weeks.len(), 26);
    let names: Vec<&str> = weeks.iter().map(|w| w["week"].as_str().unwrap()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 26, "26 different weeks: {names:?}");
    let as_of: Vec<i64> = weeks.iter().map(|w| w["as_of"].as_i64().unwrap()).collect();
    assert!(as_of.windows(2).all(|w| w[0] < w[1]), "oldest first");

    let (_, funnel) = get(&server, &manager, "/api/v1/funnel?period=quarter").await;
    let last = weeks.last().unwrap();
    assert_eq!(last["weighted_pipeline"], funnel["weighted_pipeline"]);
    assert_eq!(last["forecast"], funnel["forecast"]);
    assert_eq!(last["progress"], funnel["progress"]);
    assert_eq!(last["churn"], funnel["churn"]);
    assert_eq!(last["target"], funnel["target"]);
    // The demo's pipeline changes over two quarters.
    let pipelines: Vec<i64> = weeks
        .iter()
        .map(|w| w["weighted_pipeline"].as_i64().unwrap())
        .collect();
    assert!(
        pipelines.iter().any(|p| *p != pipelines[25]),
        "{pipelines:?}"
    );

    // A rep gets their own trend, and may not ask for the team's.
    let rep = login(&server, "zhangwei").await;
    assert_eq!(get(&server, &rep, "/api/v1/funnel/trend").await.0, 200);
    let (_, teams) = get(&server, &manager, "/api/v1/teams").await;
    let team = teams[0]["name"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/funnel/trend?team={}", urlencode(&team));
    assert_eq!(get(&server, &rep, &path).await.0, 403);
    assert_eq!(get(&server, &manager, &path).await.0, 200);
    let people = teams[0]["people"].as_array().unwrap();
    assert!(
        people
            .iter()
            .any(|p| p["username"] == "zhangwei" && p["display_name"] == "张伟")
    );
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
