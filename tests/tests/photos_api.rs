//! Visit photos by content hash (`PUT`/`GET /api/v1/blobs/{sha256}`), against a real server
//! with visits synced through the real sync endpoint: what is refused stores nothing, an
//! upload is idempotent, and a photo reaches only those who may read a visit referring to
//! it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::time::Duration;

use rounds_shared::model::{CheckIn, MAX_PHOTO_BYTES, PhotoKind, PhotoRef, Visit};
use rounds_shared::sync::DocumentId;
use rounds_shared::time::Timestamp;
use rounds_tests::{TestServer, edit_account};

const T0: Timestamp = Timestamp(1_790_000_000_000);

fn sha(bytes: &[u8]) -> String {
    rounds_shared::model::content_hash(bytes)
}

/// Bytes that start like a JPEG, `n` long, differing by `seed`.
fn jpeg(n: usize, seed: u8) -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0];
    b.extend((0..n.saturating_sub(4)).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)));
    b
}

async fn put(server: &TestServer, token: &str, hash: &str, body: Vec<u8>) -> (u16, String) {
    let res = reqwest::Client::new()
        .put(server.url(&format!("/api/v1/blobs/{hash}")))
        .bearer_auth(token)
        .body(body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap_or_default())
}

async fn get(server: &TestServer, token: &str, hash: &str) -> (u16, Option<String>, Vec<u8>) {
    let res = reqwest::Client::new()
        .get(server.url(&format!("/api/v1/blobs/{hash}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let kind = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (status, kind, res.bytes().await.unwrap().to_vec())
}

/// Every file in the blob folder.
fn stored(server: &TestServer) -> Vec<std::path::PathBuf> {
    let root = server.data_dir().join("rounds.db.blobs");
    let mut out = Vec::new();
    for entry in walk(&root) {
        out.push(entry);
    }
    out
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|e| {
            let p = e.path();
            if p.is_dir() { walk(&p) } else { vec![p] }
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photos_are_checked_stored_once_and_shown_only_to_those_who_may_read_the_visit() {
    let server = TestServer::start().await.unwrap();
    let teams = server.two_teams().unwrap();
    server.user("zhao", "manager", None).unwrap();
    server.manage("west", "zhao").unwrap();
    let a = server.account("甲医院", "wu").unwrap();
    let photo = jpeg(300_000, 7);
    let hash = sha(&photo);
    let thumb = jpeg(9_000, 11);
    let thumb_hash = sha(&thumb);

    // wu's visit refers to the photo (the phone syncs the visit before the bytes).
    let doc = DocumentId::from(a);
    let mut phone = server.online("wu", &[doc]).await.unwrap();
    let mut visit = Visit::new(T0, teams.wu.id);
    visit.check_in = Some(CheckIn {
        at: T0,
        location: None,
        photo: None,
        photo_ref: Some(PhotoRef {
            hash: hash.clone(),
            size: photo.len() as u64,
            kind: PhotoKind::Jpeg,
            width: 1600,
            height: 1200,
            taken_at: T0,
            by: teams.wu.id,
            thumb: Some(thumb_hash.clone()),
        }),
        accuracy_m: Some(15.0),
        left_at: None,
    });
    edit_account(&mut phone.engine, doc, |d| d.put(&visit))
        .unwrap()
        .unwrap();
    phone.changed(doc).await.unwrap();
    assert!(
        phone.sync(Duration::from_secs(20)).await.unwrap(),
        "{:?}",
        phone.errors
    );

    let wu = server.login("wu").await.unwrap();
    // Refused, each saying why, and nothing stored.
    let other = jpeg(1_000, 9);
    let (status, body) = put(&server, &wu, &hash, other.clone()).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("hash_mismatch"), "{body}");
    let big = jpeg(MAX_PHOTO_BYTES + 1, 1);
    assert_eq!(put(&server, &wu, &sha(&big), big).await.0, 413);
    let pdf = b"%PDF-1.7 not a photo".to_vec();
    let (status, body) = put(&server, &wu, &sha(&pdf), pdf).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("not_an_image"), "{body}");
    let (status, body) = put(&server, &wu, &sha(&other), other).await;
    assert_eq!(status, 404, "a photo no visit refers to: {body}");
    let (status, body) = put(&server, &wu, "../../etc/passwd", photo.clone()).await;
    assert!(status == 400 || status == 404, "{status} {body}");
    assert!(stored(&server).is_empty(), "{:?}", stored(&server));
    assert_eq!(get(&server, &wu, &hash).await.0, 404, "not uploaded yet");

    // The upload, twice: stored once; and the thumbnail.
    assert_eq!(put(&server, &wu, &hash, photo.clone()).await.0, 201);
    assert_eq!(put(&server, &wu, &hash, photo.clone()).await.0, 200);
    assert_eq!(stored(&server).len(), 1);
    assert_eq!(put(&server, &wu, &thumb_hash, thumb.clone()).await.0, 201);
    assert_eq!(stored(&server).len(), 2);

    // wu and their manager see it, byte for byte; another team's manager and rep do not.
    for user in ["wu", "lin"] {
        let token = server.login(user).await.unwrap();
        let (status, kind, bytes) = get(&server, &token, &hash).await;
        assert_eq!(
            (status, kind.as_deref()),
            (200, Some("image/jpeg")),
            "{user}"
        );
        assert_eq!(sha(&bytes), hash, "{user}");
        let (status, _, bytes) = get(&server, &token, &thumb_hash).await;
        assert_eq!((status, sha(&bytes)), (200, thumb_hash.clone()), "{user}");
    }
    for user in ["zhao", "zhou"] {
        let token = server.login(user).await.unwrap();
        assert_eq!(get(&server, &token, &hash).await.0, 404, "{user}");
        assert_eq!(get(&server, &token, &thumb_hash).await.0, 404, "{user}");
        assert_eq!(
            put(&server, &token, &hash, photo.clone()).await.0,
            404,
            "{user}"
        );
    }

    // Collecting unreferenced photos (`rounds-server photos-gc`) after the grace period
    // keeps the visit's photo and deletes one no visit refers to.
    let blobs = server.state.blobs.clone().unwrap();
    let orphan = jpeg(500, 3);
    assert!(blobs.put(&sha(&orphan), &orphan).unwrap());
    let referenced = rounds_server::storage::Store::photo_hashes(server.store.as_ref()).unwrap();
    let week = 7 * 86_400_000;
    let now = rounds_server::state::now_ms();
    let collect =
        |at| rounds_server::blobs::collect_unreferenced(blobs.as_ref(), &referenced, at, week);
    assert_eq!(collect(now).unwrap(), 0, "within the grace period");
    assert_eq!(collect(now + 8 * 86_400_000).unwrap(), 1);
    assert_eq!(
        stored(&server).len(),
        2,
        "the photo and its thumbnail are kept"
    );
    assert_eq!(get(&server, &wu, &hash).await.0, 200);
    assert_eq!(get(&server, &wu, &thumb_hash).await.0, 200);
}
