//! Visit evidence photos: what a document holds of one (a reference: the content's hash,
//! size, type, dimensions, when and by whom) — never the image bytes, which travel and are
//! stored by their hash (`PUT /api/v1/blobs/{sha256}`).
//!
//! ```
//! use rounds_shared::model::{PhotoKind, is_content_hash};
//!
//! assert_eq!(PhotoKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), Some(PhotoKind::Jpeg));
//! assert_eq!(PhotoKind::sniff(b"GIF89a"), None);
//! assert!(is_content_hash(&"ab".repeat(32)));
//! assert!(!is_content_hash("AB12"));
//! ```

use serde::{Deserialize, Serialize};

use crate::ids::UserId;
use crate::labels::closed_enum;
use crate::time::Timestamp;

/// The most bytes one photo may have (the phone sends them resized to 1,600 px, a few
/// hundred KB).
pub const MAX_PHOTO_BYTES: usize = 4 * 1024 * 1024;

closed_enum! {
    /// An image format a photo may be stored in.
    pub enum PhotoKind {
        Jpeg = "jpeg", "JPEG", "JPEG";
        Png = "png", "PNG", "PNG";
        Webp = "webp", "WebP", "WebP";
    }
}

impl PhotoKind {
    /// Its media type.
    pub const fn mime(self) -> &'static str {
        match self {
            PhotoKind::Jpeg => "image/jpeg",
            PhotoKind::Png => "image/png",
            PhotoKind::Webp => "image/webp",
        }
    }

    /// The format `bytes` are in, by their signature; `None` for anything else.
    pub fn sniff(bytes: &[u8]) -> Option<PhotoKind> {
        match bytes {
            [0xFF, 0xD8, 0xFF, ..] => Some(PhotoKind::Jpeg),
            [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(PhotoKind::Png),
            [
                b'R',
                b'I',
                b'F',
                b'F',
                _,
                _,
                _,
                _,
                b'W',
                b'E',
                b'B',
                b'P',
                ..,
            ] => Some(PhotoKind::Webp),
            _ => None,
        }
    }
}

/// The content hash photos are named by: SHA-256 of `bytes`, lowercase hex.
///
/// ```
/// use rounds_shared::model::{content_hash, is_content_hash};
/// let hash = content_hash(b"abc");
/// assert_eq!(hash, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
/// assert!(is_content_hash(&hash));
/// ```
pub fn content_hash(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `text` is a content hash as photos are named by: SHA-256, 64 lowercase hex
/// digits.
pub fn is_content_hash(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A photo as a document refers to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoRef {
    /// SHA-256 of its bytes, lowercase hex ([`is_content_hash`]).
    pub hash: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its format.
    pub kind: PhotoKind,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// When it was taken.
    pub taken_at: Timestamp,
    /// Who took it.
    pub by: UserId,
    /// The hash of its thumbnail (about 320 px, JPEG), stored by hash like the photo, so a
    /// list shows it without fetching the full size. Photos referred to before thumbnails
    /// were uploaded have none.
    #[serde(default)]
    pub thumb: Option<String>,
}
