//! The committed OpenAPI document (`server/openapi.json`) matches the code. To refresh it:
//! `ROUNDS_WRITE_OPENAPI=1 cargo test -p rounds-server --test openapi`, then commit it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::path::Path;

#[test]
fn the_committed_openapi_document_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi.json");
    let current = rounds_server::openapi_json();
    assert!(
        current.contains("\"/api/v1/funnel\""),
        "the document lists the endpoints"
    );
    if std::env::var_os("ROUNDS_WRITE_OPENAPI").is_some() {
        std::fs::write(&path, format!("{current}\n")).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed.trim_end() == current.trim_end(),
        "server/openapi.json is stale: run `ROUNDS_WRITE_OPENAPI=1 cargo test -p rounds-server --test openapi` and commit it"
    );
}
