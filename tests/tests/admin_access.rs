//! Who may administer, and what a wrong request gets: every administrative endpoint
//! refuses reps and managers (403) beyond what managers may do for their own teams, and
//! bad input is a 400 naming the field that changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use reqwest::Method;
use rounds_server::storage::Store;
use rounds_tests::console::{As, org};
use serde_json::{Value, json};

/// Every administrative endpoint, with a body it would accept from an admin; `account` is
/// a hospital outside the manager's teams.
fn endpoints(account: &str) -> Vec<(Method, String, Value)> {
    let p = |m: Method, path: &str, body: Value| (m, path.to_owned(), body);
    vec![
        p(
            Method::POST,
            "/api/v1/users",
            json!({"username": "new", "display_name": "新人", "role": "rep"}),
        ),
        p(
            Method::PATCH,
            "/api/v1/users/he",
            json!({"display_name": "何"}),
        ),
        p(
            Method::PUT,
            "/api/v1/users/zhou/disabled",
            json!({"disabled": true}),
        ),
        p(Method::PUT, "/api/v1/users/zhou/password", json!({})),
        p(
            Method::PUT,
            "/api/v1/users/zhou/team",
            json!({"team": "west"}),
        ),
        p(Method::POST, "/api/v1/teams", json!({"name": "north"})),
        p(
            Method::POST,
            "/api/v1/teams/east/managers",
            json!({"username": "lin"}),
        ),
        p(
            Method::PUT,
            "/api/v1/org/template",
            json!({"template": "default"}),
        ),
        p(Method::PUT, "/api/v1/org/standards", json!([])),
        p(Method::PUT, "/api/v1/org/targets", json!([])),
        p(
            Method::PUT,
            "/api/v1/org/territories",
            json!([{"name": "华东"}]),
        ),
        p(Method::GET, "/api/v1/audit", Value::Null),
        p(
            Method::POST,
            "/api/v1/handovers",
            json!({"from": "he", "to": "wu"}),
        ),
        p(
            Method::PUT,
            &format!("/api/v1/accounts/{account}/owner"),
            json!({"owner": "wu"}),
        ),
        p(
            Method::POST,
            "/api/v1/accounts",
            json!({"name": "新医院", "level": "3a", "owner": "wu"}),
        ),
        p(
            Method::PATCH,
            &format!("/api/v1/accounts/{account}"),
            json!({"address": "x"}),
        ),
    ]
}

#[tokio::test]
async fn administrative_endpoints_refuse_everyone_but_admins() {
    let server = org().await.unwrap();
    let he = server.user_id("he").unwrap();
    let accounts = server.store.accounts().unwrap();
    let account = accounts
        .iter()
        .find(|a| a.owner == he)
        .unwrap()
        .id
        .to_string();
    let rep = As::user(&server, "wu").await.unwrap();
    let manager = As::user(&server, "lin").await.unwrap();
    for (method, path, body) in endpoints(&account) {
        let (status, v) = rep.call(method.clone(), &path, body.clone()).await;
        assert_eq!(status, 403, "a rep: {method} {path}: {v}");
        let (status, v) = manager.call(method.clone(), &path, body).await;
        assert_eq!(status, 403, "a manager: {method} {path}: {v}");
    }
    // The import takes a file, not JSON.
    assert_eq!(rep.import("", b"name\nx\n".to_vec()).await.0, 403);
    assert_eq!(manager.import("", b"name\nx\n".to_vec()).await.0, 403);
    // The lists: a rep sees nothing; a manager sees their own teams' reps and hospitals.
    for path in ["/api/v1/users", "/api/v1/accounts"] {
        assert_eq!(rep.get(path).await.0, 403, "{path}");
    }
    let (_, people) = manager.get("/api/v1/users").await;
    let names: Vec<&str> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["wu", "zhou"]);
    let (_, hospitals) = manager.get("/api/v1/accounts").await;
    assert_eq!(hospitals.as_array().unwrap().len(), 2, "{hospitals}");
    // A manager may rename their own rep, but not change a role.
    let (status, v) = manager
        .call(
            Method::PATCH,
            "/api/v1/users/wu",
            json!({"display_name": "吴工"}),
        )
        .await;
    assert_eq!((status, v["display_name"].as_str()), (200, Some("吴工")));
    let (status, v) = manager
        .call(Method::PATCH, "/api/v1/users/wu", json!({"role": "admin"}))
        .await;
    assert_eq!(
        (status, v["error"]["field"].as_str()),
        (400, Some("role")),
        "{v}"
    );
    // And hand a hospital from one of their reps to another.
    let (status, v) = manager
        .call(
            Method::POST,
            "/api/v1/handovers",
            json!({"from": "zhou", "to": "wu"}),
        )
        .await;
    assert_eq!((status, v["moved"].as_u64()), (200, Some(1)), "{v}");
}

#[tokio::test]
async fn bad_input_is_a_400_naming_the_field_and_changes_nothing() {
    let server = org().await.unwrap();
    let boss = As::user(&server, "boss").await.unwrap();
    let cases: &[(Method, &str, Value, &str)] = &[
        (
            Method::POST,
            "/api/v1/users",
            json!({"username": "a b", "display_name": "x", "role": "rep"}),
            "username",
        ),
        (
            Method::POST,
            "/api/v1/users",
            json!({"username": "ok", "display_name": " ", "role": "rep"}),
            "display_name",
        ),
        (
            Method::POST,
            "/api/v1/users",
            json!({"username": "ok", "display_name": "x", "role": "boss"}),
            "role",
        ),
        (
            Method::POST,
            "/api/v1/users",
            json!({"username": "ok", "display_name": "x", "role": "rep", "team": "nowhere"}),
            "team",
        ),
        (
            Method::POST,
            "/api/v1/users",
            json!({"username": "ok", "display_name": "x"}),
            "role",
        ),
        (
            Method::PATCH,
            "/api/v1/users/wu",
            json!({"team": "nowhere"}),
            "team",
        ),
        (
            Method::PATCH,
            "/api/v1/users/wu",
            json!({"nickname": "x"}),
            "nickname",
        ),
        (
            Method::PATCH,
            "/api/v1/users/boss",
            json!({"role": "rep"}),
            "role",
        ),
        (
            Method::PUT,
            "/api/v1/users/wu/disabled",
            json!({"disabled": "yes"}),
            "disabled",
        ),
        (
            Method::PUT,
            "/api/v1/users/boss/disabled",
            json!({"disabled": true}),
            "disabled",
        ),
        (
            Method::PUT,
            "/api/v1/users/wu/password",
            json!({"password": "short"}),
            "password",
        ),
        (Method::POST, "/api/v1/teams", json!({"name": ""}), "name"),
        (
            Method::PUT,
            "/api/v1/org/territories",
            json!([{"name": "华东"}, {"name": "华东"}]),
            "name",
        ),
        (
            Method::PUT,
            "/api/v1/org/territories",
            json!([{"name": "华东", "zones": [{"zone": "e"}]}]),
            "[0].zones[0].zone",
        ),
        (
            Method::POST,
            "/api/v1/handovers",
            json!({"from": "wu"}),
            "to",
        ),
        (
            Method::POST,
            "/api/v1/handovers",
            json!({"from": "wu", "to": "nobody"}),
            "to",
        ),
        (
            Method::POST,
            "/api/v1/handovers",
            json!({"from": "wu", "to": "boss"}),
            "to",
        ),
        (
            Method::POST,
            "/api/v1/handovers",
            json!({"to": "wu"}),
            "accounts",
        ),
        (
            Method::POST,
            "/api/v1/accounts",
            json!({"name": "x", "owner": "wu"}),
            "level",
        ),
        (
            Method::POST,
            "/api/v1/accounts",
            json!({"name": "x", "level": "四甲", "owner": "wu"}),
            "level",
        ),
        (
            Method::POST,
            "/api/v1/accounts",
            json!({"name": "x", "level": "3a", "owner": "boss"}),
            "owner",
        ),
        (
            Method::POST,
            "/api/v1/accounts",
            json!({"name": "无锡市人民医院", "level": "3a", "owner": "wu"}),
            "name",
        ),
        (
            Method::PATCH,
            "/api/v1/accounts/not-an-id",
            json!({"address": "x"}),
            "id",
        ),
        (
            Method::GET,
            "/api/v1/audit?action=everything",
            Value::Null,
            "action",
        ),
        (Method::GET, "/api/v1/audit?limit=0", Value::Null, "limit"),
        (
            Method::GET,
            "/api/v1/audit?actor=nobody",
            Value::Null,
            "actor",
        ),
    ];
    for (method, path, body, field) in cases {
        let (status, v) = boss.call(method.clone(), path, body.clone()).await;
        assert_eq!(status, 400, "{method} {path} {body}: {v}");
        assert_eq!(v["error"]["field"], *field, "{method} {path} {body}: {v}");
    }
    // Nothing was changed: the audit log holds only the set-up done from the command line.
    let (_, log) = boss.get("/api/v1/audit").await;
    assert!(
        log["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["actor_name"] == "cli"),
        "{log}"
    );
}
