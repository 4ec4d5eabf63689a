//! Logging in and out over HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use rounds_server::admin;
use rounds_server::state::ServerConfig;
use rounds_tests::{PASSWORD, TestServer};
use serde_json::{Value, json};

#[tokio::test]
async fn login_sets_a_strict_http_only_cookie_that_identifies_the_user() {
    let server = TestServer::start().await.unwrap();
    let user = server.user("wang", "rep", None).unwrap();
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let res = client
        .post(server.url("/api/v1/session"))
        .json(&json!({ "username": "WANG", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    for part in ["rounds_session=", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    let body: Value = res.json().await.unwrap();
    assert!(
        body.get("token").is_none(),
        "the token is not readable by page scripts"
    );
    assert_eq!(body["index_document_id"], user.index_doc.to_string());
    let me: Value = client
        .get(server.url("/api/v1/session"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["user"]["username"], "wang");
    assert_eq!(me["user"]["role"], "rep");
    // Logout ends it.
    assert_eq!(
        client
            .delete(server.url("/api/v1/session"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(
        client
            .get(server.url("/api/v1/session"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
}

#[tokio::test]
async fn wrong_credentials_and_bad_bodies_get_clear_errors() {
    let server = TestServer::start().await.unwrap();
    server.user("wang", "rep", None).unwrap();
    let client = reqwest::Client::new();
    for body in [
        json!({ "username": "wang", "password": "nope" }),
        json!({ "username": "nobody", "password": PASSWORD }),
    ] {
        let res = client
            .post(server.url("/api/v1/session"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["error"]["code"], "bad_credentials");
    }
    let res = client
        .post(server.url("/api/v1/session"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["error"]["code"], "invalid_json");
    let res = client
        .post(server.url("/api/v1/session"))
        .json(&json!({ "username": "", "password": "" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(
        client
            .get(server.url("/api/v1/session"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
}

#[tokio::test]
async fn repeated_failures_are_rate_limited() {
    let config = ServerConfig {
        login: rounds_server::auth::LoginLimits {
            per_pair: 3,
            ..Default::default()
        },
        ..ServerConfig::default()
    };
    let server = TestServer::start_with(config).await.unwrap();
    server.user("wang", "rep", None).unwrap();
    let client = reqwest::Client::new();
    let attempt = |password: &'static str| {
        client
            .post(server.url("/api/v1/session"))
            .json(&json!({ "username": "wang", "password": password }))
            .send()
    };
    for _ in 0..3 {
        assert_eq!(attempt("wrong").await.unwrap().status(), 401);
    }
    let res = attempt("wrong").await.unwrap();
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
    // Even the right password waits out the window.
    assert_eq!(attempt(PASSWORD).await.unwrap().status(), 429);
}

/// The app's answer to a browser killed before it wrote its cookies: the device credential
/// from the login resumes that same session from a cookie-less client, once or many times,
/// and stops working when the session ends.
#[tokio::test]
async fn a_device_credential_resumes_the_session_until_it_ends() {
    let server = TestServer::start().await.unwrap();
    let user = server.user("wang", "rep", None).unwrap();
    let browser = || {
        reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap()
    };
    let login = |client: reqwest::Client| {
        let url = server.url("/api/v1/session");
        async move {
            let res = client
                .post(url)
                .json(&json!({ "username": "wang", "password": PASSWORD, "device": true }))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            let body: Value = res.json().await.unwrap();
            assert!(body.get("token").is_none());
            body["device_key"].as_str().unwrap().to_owned()
        }
    };
    let resume = |client: &reqwest::Client, key: &str| {
        client
            .post(server.url(rounds_shared::api::RESUME_PATH))
            .json(&json!({ "device_key": key }))
            .send()
    };
    let whoami = |client: &reqwest::Client| client.get(server.url("/api/v1/session")).send();

    let killed = browser();
    let key = login(killed.clone()).await;
    assert_eq!(key.len(), 64);
    assert_eq!(whoami(&killed).await.unwrap().status(), 200);

    // The browser comes back without its cookie.
    let reopened = browser();
    assert_eq!(whoami(&reopened).await.unwrap().status(), 401);
    let res = resume(&reopened, &key).await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("HttpOnly")
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["user"]["username"], "wang");
    assert_eq!(body["index_document_id"], user.index_doc.to_string());
    assert!(body["expires_at"].as_i64().unwrap() > 0);
    assert!(
        body.get("device_key").is_none(),
        "the credential is not sent again"
    );
    assert_eq!(whoami(&reopened).await.unwrap().status(), 200);
    // The lost token is replaced, not added to.
    assert_eq!(whoami(&killed).await.unwrap().status(), 401);
    // A second kill resumes the same way.
    let again = browser();
    assert_eq!(resume(&again, &key).await.unwrap().status(), 200);
    assert_eq!(whoami(&again).await.unwrap().status(), 200);

    // Malformed and unknown credentials.
    let stranger = browser();
    let res = resume(&stranger, "not-a-key").await.unwrap();
    assert_eq!(res.status(), 400);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["error"]["code"], "bad_device_key");
    assert_eq!(
        resume(&stranger, &"0".repeat(64)).await.unwrap().status(),
        401
    );

    // Signing out ends it.
    assert_eq!(
        again
            .delete(server.url("/api/v1/session"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(resume(&browser(), &key).await.unwrap().status(), 401);

    // So do a disabled account and a changed password.
    let key = login(browser()).await;
    let store = server.store.as_ref();
    admin::set_disabled(store, admin::Actor::Cli, &user.username, true).unwrap();
    // The device learns why, so that it can drop what it holds.
    let refused = resume(&browser(), &key).await.unwrap();
    assert_eq!(refused.status(), 403);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "account_disabled");
    admin::set_disabled(store, admin::Actor::Cli, &user.username, false).unwrap();
    let key = login(browser()).await;
    admin::set_password(store, admin::Actor::Cli, &user.username, "another password").unwrap();
    assert_eq!(resume(&browser(), &key).await.unwrap().status(), 401);
}
