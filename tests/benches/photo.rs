//! Photo check-in benchmark: how much a photo adds to its account's document (the
//! reference only: hash, size, type, dimensions, when, by whom), and, in Debian's Chromium
//! against the real server (`tests/js/e2e/bench_photo.mjs`), the time from a camera photo
//! to the visit saved on the phone at 4× CPU throttle and the bytes uploaded per photo.
//! Needs the built app. Results go to BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rounds_server::demo::Scale;
use rounds_shared::doc::AccountDoc;
use rounds_shared::ids::{AccountId, UserId};
use rounds_shared::model::{
    Account, CheckIn, GeoPoint, HospitalLevel, PhotoKind, PhotoRef, Visit, content_hash,
};
use rounds_shared::time::Timestamp;
use rounds_tests::browser::{demo_server, run_script_with};

/// Bytes a photo adds to a document holding `visits` checked-in visits: the compressed
/// document with every visit's photo against the same without; and the change that adds
/// one photo to a check-in, as synced.
fn document_growth(visits: usize) -> (f64, usize) {
    let rep = UserId::generate();
    let t = Timestamp(1_790_000_000_000);
    let account = Account::new(
        AccountId::generate(),
        "甲医院",
        HospitalLevel::Grade3A,
        String::new(),
        rep,
        t,
    );
    let build = |with_photo: bool| {
        let mut doc = AccountDoc::create(&account).unwrap();
        let mut last = Vec::new();
        for i in 0..visits {
            let at = Timestamp(t.0 + i as i64 * 3_600_000);
            let mut v = Visit::new(at, rep);
            v.purpose = "复访".into();
            v.check_in = Some(CheckIn {
                at,
                location: Some(GeoPoint {
                    lat: 31.2 + i as f64 * 1e-4,
                    lng: 121.4,
                }),
                photo: None,
                photo_ref: None,
                accuracy_m: Some(20.0),
                left_at: Some(Timestamp(at.0 + 1_800_000)),
            });
            doc.put(&v).unwrap();
            if with_photo {
                let heads = doc.automerge().get_heads();
                // A real hash: 64 hex digits that do not compress.
                let hash = content_hash(&i.to_le_bytes());
                v.check_in.as_mut().unwrap().photo_ref = Some(PhotoRef {
                    hash,
                    size: 350_000 + i as u64,
                    kind: PhotoKind::Jpeg,
                    width: 1600,
                    height: 1200,
                    taken_at: at,
                    by: rep,
                    thumb: Some(content_hash(&(i + 1_000_000).to_le_bytes())),
                });
                doc.put(&v).unwrap();
                last = doc.automerge().save_after(&heads);
            }
        }
        (doc.automerge().save().len(), last.len())
    };
    let (plain, _) = build(false);
    let (with, change) = build(true);
    ((with - plain) as f64 / visits as f64, change)
}

#[tokio::main]
async fn main() {
    let (per_photo, change) = document_growth(200);
    println!("{{\"document_bytes_per_photo\":{per_photo:.1},\"photo_change_bytes\":{change}}}");
    let scale = Scale {
        teams: 1,
        reps: 1,
        accounts: 30,
        opportunities: 60,
        visits: 300,
    };
    let server = demo_server(scale).await.unwrap();
    let out = run_script_with(&server, "bench_photo.mjs", &[])
        .await
        .unwrap();
    println!("{}", out.lines().last().unwrap_or_default());
}
