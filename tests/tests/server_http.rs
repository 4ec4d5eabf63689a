//! The server answers over real HTTP: health, the web app, and JSON errors.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use rounds_tests::TestServer;
use serde_json::Value;

#[tokio::test]
async fn health_reports_ok_with_the_schema_version() {
    let server = TestServer::start().await.unwrap();
    let res = reqwest::get(server.url("/api/v1/health")).await.unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert!(body["schema_version"].as_u64().unwrap() >= 1);
    assert!(server.data_dir().join("rounds.db").is_file());
}

#[tokio::test]
async fn unknown_api_paths_get_a_json_404() {
    let server = TestServer::start().await.unwrap();
    for path in ["/api/v1/nope", "/api/v2/health", "/api"] {
        let res = reqwest::get(server.url(path)).await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found", "{path}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("no API endpoint")
        );
    }
}

#[tokio::test]
async fn the_web_app_is_served_with_the_shell_for_client_routes() {
    let web = tempfile::tempdir().unwrap();
    std::fs::write(
        web.path().join("index.html"),
        "<!doctype html><title>巡访</title>",
    )
    .unwrap();
    std::fs::write(web.path().join("app.js"), "console.log(1)").unwrap();
    let server = TestServer::start_with_static(Some(web.path().to_path_buf()))
        .await
        .unwrap();
    let shell = reqwest::get(server.url("/"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(shell.contains("巡访"));
    let route = reqwest::get(server.url("/accounts/123")).await.unwrap();
    assert_eq!(route.status(), 200);
    assert!(route.text().await.unwrap().contains("巡访"));
    let js = reqwest::get(server.url("/app.js"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(js, "console.log(1)");
    // The API is not shadowed by the app shell.
    assert_eq!(
        reqwest::get(server.url("/api/v1/missing"))
            .await
            .unwrap()
            .status(),
        404
    );
}

#[tokio::test]
async fn the_service_worker_is_stamped_with_the_deployed_build() {
    let web = tempfile::tempdir().unwrap();
    std::fs::write(web.path().join("index.html"), "<title>v1</title>").unwrap();
    std::fs::write(
        web.path().join("sw.js"),
        "const BUILD = \"__ROUNDS_BUILD__\";",
    )
    .unwrap();
    let server = TestServer::start_with_static(Some(web.path().to_path_buf()))
        .await
        .unwrap();
    let fetch = || async {
        let res = reqwest::get(server.url("/sw.js")).await.unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["cache-control"], "no-cache");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/javascript")
        );
        res.text().await.unwrap()
    };
    let first = fetch().await;
    assert!(!first.contains("__ROUNDS_BUILD__"), "{first}");
    assert_eq!(first, fetch().await, "the same build, the same worker");
    // A deploy: a new index.html makes a new worker, so installed apps offer the update.
    std::fs::write(web.path().join("index.html"), "<title>v2</title>").unwrap();
    let second = fetch().await;
    assert_ne!(first, second);
    assert!(!second.contains("__ROUNDS_BUILD__"));
}
