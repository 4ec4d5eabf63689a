//! The app goes out compressed and cached: the built files are served as brotli or gzip
//! (the copies the build wrote beside them) when the browser accepts that, hashed files are
//! cached for a year, the shell revalidates, and API answers are gzipped. (That the app
//! still installs, works offline and offers updates is the browser tests' part.)
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use rounds_tests::TestServer;
use rounds_tests::browser::built_app;

/// The built file named `prefix…suffix` (Trunk puts a content hash between).
fn built(prefix: &str, suffix: &str) -> String {
    let dist = built_app().unwrap();
    std::fs::read_dir(&dist)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with(prefix) && n.ends_with(suffix))
        .expect("a built file of that name (run scripts/test, which builds the app)")
}

async fn fetch(url: &str, accept: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
    // reqwest here decompresses nothing: the bytes are what went over the wire.
    let res = reqwest::Client::new()
        .get(url)
        .header("accept-encoding", accept)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let headers = res
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or_default().to_owned()))
        .collect();
    (status, headers, res.bytes().await.unwrap().to_vec())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn the_app_is_served_compressed_and_cached_by_content_hash() {
    let dist = built_app().unwrap();
    let server = TestServer::start_with_static(Some(dist.clone()))
        .await
        .unwrap();
    for name in [
        built("rounds-client-", "_bg.wasm"),
        built("rounds-client-", ".js"),
        built("style-", ".css"),
    ] {
        let raw = std::fs::read(dist.join(&name)).unwrap();
        let url = server.url(&format!("/{name}"));
        for (accept, encoding) in [
            ("br, gzip", Some("br")),
            ("gzip", Some("gzip")),
            ("identity", None),
        ] {
            let (status, headers, body) = fetch(&url, accept).await;
            assert_eq!(status, 200, "{name} with {accept}");
            assert_eq!(
                header(&headers, "content-encoding"),
                encoding,
                "{name} with {accept}"
            );
            assert_eq!(
                header(&headers, "cache-control"),
                Some("public, max-age=31536000, immutable"),
                "{name}"
            );
            assert_eq!(header(&headers, "vary"), Some("accept-encoding"), "{name}");
            match encoding {
                Some(e) => {
                    let copy = std::fs::read(
                        dist.join(format!("{name}.{}", if e == "br" { "br" } else { "gz" })),
                    )
                    .unwrap();
                    assert_eq!(body, copy, "{name}: the precompressed copy is sent");
                    assert!(
                        body.len() < raw.len() / 2,
                        "{name}: {} of {} bytes",
                        body.len(),
                        raw.len()
                    );
                }
                None => assert_eq!(body, raw, "{name} as built"),
            }
        }
    }
    // The shell and the app's routes revalidate every time; so does the service worker.
    for path in [
        "/",
        "/index.html",
        "/accounts",
        "/sw.js",
        "/manifest.webmanifest",
    ] {
        let (status, headers, _) = fetch(&server.url(path), "br").await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(
            header(&headers, "cache-control"),
            Some("no-cache"),
            "{path}"
        );
    }
    let (_, headers, _) = fetch(&server.url("/"), "br").await;
    assert_eq!(
        header(&headers, "content-encoding"),
        Some("br"),
        "the shell too"
    );
}

#[tokio::test]
async fn api_answers_are_gzipped_when_accepted() {
    let server = TestServer::start().await.unwrap();
    let url = server.url("/api/v1/openapi.json");
    let (_, headers, plain) = fetch(&url, "identity").await;
    assert_eq!(header(&headers, "content-encoding"), None);
    let (_, headers, zipped) = fetch(&url, "gzip").await;
    assert_eq!(header(&headers, "content-encoding"), Some("gzip"));
    assert!(
        zipped.len() < plain.len() / 3,
        "{} of {} bytes",
        zipped.len(),
        plain.len()
    );
}
