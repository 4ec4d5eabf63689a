//! Organisation administration over HTTP, reaching every user's index document.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::time::Duration;

use rounds_shared::doc::IndexDoc;
use rounds_shared::sync::{PeerId, SyncClient};
use rounds_tests::TestServer;
use rounds_tests::peer::Peer;
use serde_json::{Value, json};

async fn call(
    server: &TestServer,
    user: &str,
    method: reqwest::Method,
    path: &str,
    body: Value,
) -> (u16, Value) {
    let token = server.login(user).await.unwrap();
    let (status, text) = server.send(&token, method, path, &body).await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn org_of(peer: &Peer, id: rounds_shared::sync::DocumentId) -> rounds_shared::model::OrgConfig {
    IndexDoc::from_automerge(peer.engine.document(id).unwrap().clone())
        .org()
        .value
}

#[tokio::test]
async fn admins_change_the_org_and_every_index_follows() {
    let server = TestServer::start().await.unwrap();
    server.team("east").unwrap();
    let rep = server.user("wu", "rep", Some("east")).unwrap();
    server.user("lin", "manager", None).unwrap();
    server.user("boss", "admin", None).unwrap();

    // The rep is online with their index.
    let mut phone = Peer::new(SyncClient::new(PeerId::from("phone")).writing_as(rep.id));
    phone
        .connect(&server.sync_url(&server.login("wu").await.unwrap()))
        .await
        .unwrap();
    phone.request(&[rep.index_doc]).await.unwrap();
    assert!(
        phone
            .pump_until(Duration::from_secs(20), Duration::from_millis(50), |e| e
                .document(rep.index_doc)
                .is_some())
            .await
            .unwrap()
    );
    assert_eq!(
        org_of(&phone, rep.index_doc).template.stages[0]
            .key
            .as_str(),
        "target_group"
    );

    // A new template reaches the phone by itself.
    let (status, body) = call(
        &server,
        "boss",
        reqwest::Method::PUT,
        "/api/v1/org/template",
        json!({"template": "milestones"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let idx = rep.index_doc;
    let arrived = phone
        .pump_until(Duration::from_secs(20), Duration::from_millis(50), |e| {
            e.document(idx).is_some_and(|d| {
                IndexDoc::from_automerge(d.clone())
                    .org()
                    .value
                    .template
                    .stages[0]
                    .key
                    .as_str()
                    == "g10"
            })
        })
        .await
        .unwrap();
    assert!(arrived, "the phone received the new template");

    // Targets show in the funnel.
    let target =
        json!([{"subject": format!("rep:{}", rep.id), "period": "2025-Q4", "amount": 500_000_000}]);
    let (status, body) = call(
        &server,
        "boss",
        reqwest::Method::PUT,
        "/api/v1/org/targets",
        target,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, funnel) = call(
        &server,
        "wu",
        reqwest::Method::GET,
        "/api/v1/funnel?period=2025-Q4",
        Value::Null,
    )
    .await;
    assert_eq!(funnel["target"], 500_000_000);
    assert!(
        phone
            .pump_until(Duration::from_secs(20), Duration::from_millis(50), |e| {
                e.document(idx).is_some_and(|d| {
                    !IndexDoc::from_automerge(d.clone())
                        .org()
                        .value
                        .targets
                        .is_empty()
                })
            })
            .await
            .unwrap()
    );

    // Only admins.
    for user in ["wu", "lin"] {
        let (status, _) = call(
            &server,
            user,
            reqwest::Method::PUT,
            "/api/v1/org/template",
            json!({"template": "default"}),
        )
        .await;
        assert_eq!(status, 403);
    }
}

#[tokio::test]
async fn invalid_changes_get_a_400_and_change_nothing() {
    let server = TestServer::start().await.unwrap();
    server.user("boss", "admin", None).unwrap();
    server.user("lin", "manager", None).unwrap();
    server.user("wu", "rep", None).unwrap();
    let put = reqwest::Method::PUT;
    let stage = |key: &str, bp: u32| json!({"key": key, "zh": key, "en": key, "win_rate": bp});
    // Each is refused with the field at fault named.
    for (path, body, field, says) in [
        (
            "/api/v1/org/template",
            json!({"template": "waterfall"}),
            "template",
            "unknown template",
        ),
        (
            "/api/v1/org/template",
            json!({"stages": {"stages": [stage("a", 1000), stage("a", 2000)]}}),
            "stages",
            "used twice",
        ),
        (
            "/api/v1/org/template",
            json!({"stages": {"stages": [stage("a", 5000), stage("b", 1000)]}}),
            "stages",
            "lower win rate",
        ),
        (
            "/api/v1/org/template",
            json!({"stages": {"stages": [stage("a", 20000)]}}),
            "stages.stages[0].win_rate",
            "10000",
        ),
        (
            "/api/v1/org/template",
            json!({"stages": {"stages": [stage("lost", 1000)]}}),
            "stages.stages[0].key",
            "not a stage key",
        ),
        (
            "/api/v1/org/standards",
            json!([{"metric": "accounts_in_stage", "minimum": 3}]),
            "stage",
            "needs a `stage`",
        ),
        (
            "/api/v1/org/standards",
            json!([{"metric": "accounts_in_stage", "stage": "nowhere", "minimum": 3}]),
            "stage",
            "not in the organisation",
        ),
        (
            "/api/v1/org/standards",
            json!([{"metric": "visits_per_week", "minimum": -1}]),
            "minimum",
            "negative",
        ),
        (
            "/api/v1/org/standards",
            json!([{"metric": "naps_per_week", "minimum": 1}]),
            "[0].metric",
            "naps_per_week",
        ),
        (
            "/api/v1/org/targets",
            json!([{"subject": "org", "period": "2025-Q4", "amount": -5}]),
            "amount",
            "negative",
        ),
        (
            "/api/v1/org/targets",
            json!([{"subject": "rep:01900000-0000-7000-8000-000000000000", "period": "2025-Q4", "amount": 5}]),
            "subject",
            "unknown target subject",
        ),
        (
            "/api/v1/org/targets",
            json!([{"subject": "org", "period": "2025-Q9", "amount": 5}]),
            "[0].period",
            "2025-Q9",
        ),
    ] {
        let (status, v) = call(&server, "boss", put.clone(), path, body).await;
        assert_eq!(status, 400, "{path}: {v}");
        assert_eq!(v["error"]["field"], field, "{path}: {v}");
        assert!(
            v["error"]["message"].as_str().unwrap().contains(says),
            "{path}: {v}"
        );
    }
    let (_, org) = call(
        &server,
        "wu",
        reqwest::Method::GET,
        "/api/v1/org",
        Value::Null,
    )
    .await;
    assert_eq!(
        org["template"]["stages"][0]["key"], "target_group",
        "nothing changed"
    );

    // Teams.
    let post = reqwest::Method::POST;
    assert_eq!(
        call(
            &server,
            "boss",
            post.clone(),
            "/api/v1/teams",
            json!({"name": "华南一组"})
        )
        .await
        .0,
        201
    );
    let (status, v) = call(
        &server,
        "boss",
        post.clone(),
        "/api/v1/teams",
        json!({"name": "华南一组"}),
    )
    .await;
    assert_eq!(
        (
            status,
            v["error"]["message"]
                .as_str()
                .unwrap()
                .contains("already exists")
        ),
        (400, true),
        "{v}"
    );
    let (status, v) = call(
        &server,
        "boss",
        post.clone(),
        "/api/v1/teams/华南一组/managers",
        json!({"username": "wu"}),
    )
    .await;
    assert_eq!(
        (
            status,
            v["error"]["message"]
                .as_str()
                .unwrap()
                .contains("not a manager")
        ),
        (400, true),
        "{v}"
    );
    assert_eq!(
        call(
            &server,
            "boss",
            post.clone(),
            "/api/v1/teams/华南一组/managers",
            json!({"username": "lin"})
        )
        .await
        .0,
        204
    );
    assert_eq!(
        call(
            &server,
            "boss",
            put.clone(),
            "/api/v1/users/wu/team",
            json!({"team": "华南一组"})
        )
        .await
        .0,
        204
    );
    let (_, teams) = call(
        &server,
        "lin",
        reqwest::Method::GET,
        "/api/v1/teams",
        Value::Null,
    )
    .await;
    assert_eq!(teams[0]["members"], json!(["wu"]));
    assert_eq!(teams[0]["managers"], json!(["lin"]));
    assert_eq!(
        call(
            &server,
            "wu",
            reqwest::Method::GET,
            "/api/v1/teams",
            Value::Null
        )
        .await
        .0,
        403
    );
    assert_eq!(
        call(&server, "lin", post, "/api/v1/teams", json!({"name": "x"}))
            .await
            .0,
        403
    );
}
