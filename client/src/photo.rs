//! A photo from the camera made ready to keep: decoded, resized to at most
//! [`FULL_EDGE`] pixels on its long edge and re-encoded as JPEG (which drops the camera's
//! EXIF data, its location included), with a [`THUMB_EDGE`] thumbnail, each named by the
//! SHA-256 of its bytes. The browser decodes and encodes (its image code is native
//! and fast); the hash is computed here, so it works on plain HTTP too.

use js_sys::{Function, Promise, Uint8Array};
use rounds_shared::ids::UserId;
use rounds_shared::model::{PhotoKind, PhotoRef, content_hash};
use rounds_shared::time::Timestamp;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageBitmap};

use crate::store::PhotoBytes;

/// The long edge of a stored photo, in pixels.
pub const FULL_EDGE: u32 = 1600;
/// The long edge of a thumbnail.
pub const THUMB_EDGE: u32 = 320;
const FULL_QUALITY: f64 = 0.8;
const THUMB_QUALITY: f64 = 0.7;

/// Why a photo could not be used.
#[derive(Debug, thiserror::Error)]
pub enum PhotoError {
    /// The file is not an image the browser can read.
    #[error("this file is not a photo the phone can read")]
    NotAnImage,
    /// The browser failed to draw or encode it.
    #[error("the photo could not be prepared: {0}")]
    Browser(String),
}

fn browser(e: JsValue) -> PhotoError {
    PhotoError::Browser(e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

/// `width × height` scaled so the long edge is at most `edge` (never enlarged).
///
/// ```
/// use rounds_client::photo::fit;
/// assert_eq!(fit(4000, 3000, 1600), (1600, 1200));
/// assert_eq!(fit(3000, 4000, 320), (240, 320));
/// assert_eq!(fit(800, 600, 1600), (800, 600));
/// ```
pub fn fit(width: u32, height: u32, edge: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= edge || long == 0 {
        return (width.max(1), height.max(1));
    }
    let scale = f64::from(edge) / f64::from(long);
    let side = |n: u32| ((f64::from(n) * scale).round() as u32).max(1);
    (side(width), side(height))
}

/// A photo ready to store: its bytes and the reference a record keeps.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Full size and thumbnail.
    pub bytes: PhotoBytes,
    /// What the document holds.
    pub reference: PhotoRef,
}

/// Decodes, resizes and encodes `file`, taken at `taken_at` by `by`.
pub async fn prepare(
    file: &web_sys::Blob,
    taken_at: Timestamp,
    by: UserId,
) -> Result<Prepared, PhotoError> {
    let window = web_sys::window().ok_or_else(|| PhotoError::Browser("no window".into()))?;
    let bitmap: ImageBitmap = JsFuture::from(
        window
            .create_image_bitmap_with_blob(file)
            .map_err(browser)?,
    )
    .await
    .map_err(|_| PhotoError::NotAnImage)?
    .dyn_into()
    .map_err(browser)?;
    let (width, height) = fit(bitmap.width(), bitmap.height(), FULL_EDGE);
    let full_canvas = canvas(width, height)?;
    context(&full_canvas)?
        .draw_image_with_image_bitmap_and_dw_and_dh(
            &bitmap,
            0.0,
            0.0,
            f64::from(width),
            f64::from(height),
        )
        .map_err(browser)?;
    bitmap.close();
    let full = encode(&full_canvas, FULL_QUALITY).await?;
    let (tw, th) = fit(width, height, THUMB_EDGE);
    let thumb_canvas = canvas(tw, th)?;
    context(&thumb_canvas)?
        .draw_image_with_html_canvas_element_and_dw_and_dh(
            &full_canvas,
            0.0,
            0.0,
            f64::from(tw),
            f64::from(th),
        )
        .map_err(browser)?;
    let thumb = encode(&thumb_canvas, THUMB_QUALITY).await?;
    let hash = content_hash(&full);
    let thumb_hash = content_hash(&thumb);
    let reference = PhotoRef {
        hash: hash.clone(),
        size: full.len() as u64,
        kind: PhotoKind::Jpeg,
        width,
        height,
        taken_at,
        by,
        thumb: Some(thumb_hash.clone()),
    };
    Ok(Prepared {
        bytes: PhotoBytes {
            hash,
            full,
            thumb_hash,
            thumb,
        },
        reference,
    })
}

fn canvas(width: u32, height: u32) -> Result<HtmlCanvasElement, PhotoError> {
    let canvas: HtmlCanvasElement = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| PhotoError::Browser("no document".into()))?
        .create_element("canvas")
        .map_err(browser)?
        .dyn_into()
        .map_err(|_| PhotoError::Browser("no canvas".into()))?;
    canvas.set_width(width);
    canvas.set_height(height);
    Ok(canvas)
}

fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, PhotoError> {
    canvas
        .get_context("2d")
        .map_err(browser)?
        .ok_or_else(|| PhotoError::Browser("no 2D canvas".into()))?
        .dyn_into()
        .map_err(|_| PhotoError::Browser("no 2D canvas".into()))
}

/// The canvas as JPEG bytes at `quality` (0–1).
async fn encode(canvas: &HtmlCanvasElement, quality: f64) -> Result<Vec<u8>, PhotoError> {
    let blob = Promise::new(&mut |resolve: Function, reject: Function| {
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        if let Err(e) = canvas.to_blob_with_type_and_encoder_options(
            done.unchecked_ref(),
            PhotoKind::Jpeg.mime(),
            &JsValue::from_f64(quality),
        ) {
            let _ = reject.call1(&JsValue::NULL, &e);
        }
    });
    let blob: web_sys::Blob = JsFuture::from(blob)
        .await
        .map_err(browser)?
        .dyn_into()
        .map_err(|_| PhotoError::Browser("the photo could not be encoded".into()))?;
    let buffer = JsFuture::from(blob.array_buffer()).await.map_err(browser)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}
