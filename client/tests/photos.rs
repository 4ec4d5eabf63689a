//! Photos on the device in a real browser (headless Chromium): a camera-sized JPEG is
//! resized, re-encoded and hashed; its bytes are stored with the record that refers to them
//! in one transaction; the server's confirmation frees the full size and keeps the
//! thumbnail.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use rounds_client::photo::prepare;
use rounds_client::store::{LocalStore, Waiting};
use rounds_shared::doc::AccountDoc;
use rounds_shared::ids::UserId;
use rounds_shared::model::{CheckIn, PhotoKind, Visit, content_hash};
use rounds_shared::time::Timestamp;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

mod common;

wasm_bindgen_test_configure!(run_in_browser);

/// A `width × height` JPEG drawn in the page, as a camera would hand it over.
async fn camera_jpeg(width: u32, height: u32) -> web_sys::Blob {
    let canvas: web_sys::HtmlCanvasElement = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .create_element("canvas")
        .unwrap()
        .dyn_into()
        .unwrap();
    canvas.set_width(width);
    canvas.set_height(height);
    let g: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    g.set_fill_style_str("#7fb3d5");
    g.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
    g.set_fill_style_str("#c0392b");
    g.fill_rect(
        100.0,
        100.0,
        f64::from(width) / 3.0,
        f64::from(height) / 3.0,
    );
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        canvas
            .to_blob_with_type_and_encoder_options(&resolve, "image/jpeg", &0.95.into())
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap().dyn_into().unwrap()
}

/// The pixel size of encoded `bytes`, as the browser decodes them.
async fn decoded_size(bytes: &[u8]) -> (u32, u32) {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes).into());
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).unwrap();
    let bitmap: web_sys::ImageBitmap = JsFuture::from(
        web_sys::window()
            .unwrap()
            .create_image_bitmap_with_blob(&blob)
            .unwrap(),
    )
    .await
    .unwrap()
    .dyn_into()
    .unwrap();
    (bitmap.width(), bitmap.height())
}

#[wasm_bindgen_test]
async fn a_camera_photo_is_resized_reencoded_and_named_by_its_hash() {
    let rep = UserId::generate();
    let taken = Timestamp(1_790_000_000_000);
    let camera = camera_jpeg(4000, 3000).await;
    let p = prepare(&camera, taken, rep).await.unwrap();
    assert_eq!((p.reference.width, p.reference.height), (1600, 1200));
    assert_eq!(decoded_size(&p.bytes.full).await, (1600, 1200));
    assert_eq!(decoded_size(&p.bytes.thumb).await, (320, 240));
    assert_eq!(PhotoKind::sniff(&p.bytes.full), Some(PhotoKind::Jpeg));
    assert_eq!(p.reference.hash, content_hash(&p.bytes.full));
    assert_eq!(
        p.reference.thumb.as_deref(),
        Some(content_hash(&p.bytes.thumb).as_str())
    );
    assert_eq!(p.reference.size, p.bytes.full.len() as u64);
    assert_eq!((p.reference.taken_at, p.reference.by), (taken, rep));
    // A portrait photo keeps its shape; a small one is not enlarged.
    let portrait = prepare(&camera_jpeg(900, 1800).await, taken, rep)
        .await
        .unwrap();
    assert_eq!(
        (portrait.reference.width, portrait.reference.height),
        (800, 1600)
    );
    let small = prepare(&camera_jpeg(640, 480).await, taken, rep)
        .await
        .unwrap();
    assert_eq!((small.reference.width, small.reference.height), (640, 480));
    // What is not an image is refused.
    let text =
        web_sys::Blob::new_with_str_sequence(&js_sys::Array::of1(&"not a photo".into())).unwrap();
    assert!(prepare(&text, taken, rep).await.is_err());
}

#[wasm_bindgen_test]
async fn a_photo_is_stored_with_its_record_and_its_full_size_leaves_once_confirmed() {
    let name = format!("rounds-test-{}", js_sys::Math::random());
    let rep = UserId::generate();
    let account = common::account(rep);
    let mut doc = AccountDoc::create(&account).unwrap();
    let id = rounds_shared::sync::DocumentId::from(account.id).to_string();
    let p = prepare(&camera_jpeg(4000, 3000).await, Timestamp(2), rep)
        .await
        .unwrap();
    let mut visit = Visit::new(Timestamp(2), rep);
    visit.check_in = Some(CheckIn {
        at: Timestamp(2),
        location: None,
        photo: None,
        photo_ref: Some(p.reference.clone()),
        accuracy_m: None,
        left_at: None,
    });
    doc.put(&visit).unwrap();

    let store = LocalStore::open(&name).await.unwrap();
    store
        .append_local(&id, &doc.save(), 1, None, std::slice::from_ref(&p.bytes))
        .await
        .unwrap();
    store.close();

    // After a reload: the record, its photo's bytes and the photo waiting for the server.
    let store = LocalStore::open(&name).await.unwrap();
    let loaded = AccountDoc::load(&store.load(&id).await.unwrap().unwrap()).unwrap();
    let hash = &p.reference.hash;
    assert_eq!(
        loaded.all::<Visit>().value[0]
            .check_in
            .as_ref()
            .unwrap()
            .photo_ref
            .as_ref()
            .unwrap()
            .hash,
        *hash
    );
    let thumb = p.reference.thumb.clone().unwrap();
    assert_eq!(thumb, p.bytes.thumb_hash);
    assert_eq!(
        store.waiting_photos().await.unwrap(),
        Waiting {
            thumbs: vec![thumb.clone()],
            photos: vec![hash.clone()]
        }
    );
    assert_eq!(
        store.waiting_bytes(hash).await.unwrap().unwrap(),
        p.bytes.full
    );
    assert_eq!(
        store.waiting_bytes(&thumb).await.unwrap().unwrap(),
        p.bytes.thumb
    );
    assert_eq!(store.thumbnail(hash).await.unwrap().unwrap(), p.bytes.thumb);

    // The server confirmed both: they leave the queue; the thumbnail stays on the device.
    store.photo_uploaded(hash).await.unwrap();
    store.photo_uploaded(&thumb).await.unwrap();
    assert_eq!(store.waiting_photos().await.unwrap(), Waiting::default());
    assert!(store.waiting_bytes(hash).await.unwrap().is_none());
    assert_eq!(store.thumbnail(hash).await.unwrap().unwrap(), p.bytes.thumb);
    store.close();
    LocalStore::delete(&name).await.unwrap();
}
