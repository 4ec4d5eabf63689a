//! A stock `@automerge/automerge-repo` JavaScript client syncs with our server both ways.
//! Needs `tests/js/node_modules` (the README's test command installs it).
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::path::Path;
use std::time::Duration;

use rounds_shared::ids::ContactId;
use rounds_shared::model::{BuyingRole, Contact, Visit};
use rounds_shared::sync::DocumentId;
use rounds_shared::time::Timestamp;
use rounds_tests::{PASSWORD, TestServer, edit_account, read_account, stored_account};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stock_automerge_repo_client_syncs_both_ways() {
    let js = Path::new(env!("CARGO_MANIFEST_DIR")).join("js");
    assert!(
        js.join("node_modules/@automerge/automerge-repo").is_dir(),
        "tests/js/node_modules is missing: run `bash scripts/test` (or `npm install --no-save --prefix tests/js`)"
    );
    let server = TestServer::start().await.unwrap();
    let rep = server.user("zhao", "rep", None).unwrap();
    let doc = DocumentId::from(
        server
            .account("浙江大学医学院附属第一医院", "zhao")
            .unwrap(),
    );

    // The Rust client writes a visit.
    let mut peer = server
        .online_as("zhao", "rust-phone", &[doc])
        .await
        .unwrap();
    let visit = {
        let mut v = Visit::new(Timestamp(1_790_000_000_000), rep.id);
        v.purpose = "演示新机型".into();
        v.content = "科主任很感兴趣".into();
        v.next_step = "安排试用".into();
        v
    };
    edit_account(&mut peer.engine, doc, |d| d.put(&visit).unwrap()).unwrap();
    peer.changed(doc).await.unwrap();
    assert!(peer.sync(Duration::from_secs(20)).await.unwrap());

    // The JavaScript client reads it and adds a contact.
    let out = tokio::process::Command::new("node")
        .arg(js.join("interop.mjs"))
        .args([
            server.url(""),
            "zhao".into(),
            PASSWORD.into(),
            doc.to_string(),
            visit.id.to_string(),
        ])
        .output()
        .await
        .expect("node runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the JS client failed: {stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["accountName"], "浙江大学医学院附属第一医院");
    assert_eq!(report["purpose"], "演示新机型");
    let contact_id: ContactId = report["contactId"].as_str().unwrap().parse().unwrap();
    // Its clean disconnect ended normally, with no protocol error.
    assert_eq!(report["leave"]["code"], 1000, "{report}");
    assert_eq!(report["leave"]["errors"], serde_json::json!([]), "{report}");

    // The server stored the contact, and it reads through our schema.
    let stored = stored_account(&server.store, doc).unwrap();
    let contact = stored.get::<Contact>(contact_id).expect("contact stored");
    assert!(contact.issues.is_empty(), "{:?}", contact.issues);
    assert_eq!(contact.value.name, "陈工 (JS)");
    assert_eq!(contact.value.title, "工程师");
    assert!(contact.value.roles.contains(&BuyingRole::TechnicalBuyer));
    assert_eq!(contact.value.audit.created_by, rep.id);

    // And the Rust client, still online, was sent it.
    let got = peer
        .pump_until(Duration::from_secs(20), Duration::from_millis(100), |e| {
            read_account(e, doc)
                .unwrap()
                .get::<Contact>(contact_id)
                .is_some()
        })
        .await
        .unwrap();
    assert!(got, "the Rust client received the JS client's contact");
}
