//! Snapshots of documents a device does not hold yet, fetched in batches over HTTP
//! (`POST /api/v1/sync/snapshots`) instead of through the sync protocol: the device stores
//! them as they come and loads them into Automerge later, so a first sync of hundreds of
//! documents is not held up by loading each one. The answer is a sequence of records, each
//! a document id (16 bytes), a length (4 bytes, big-endian) and that many bytes of the
//! document as the server stores it (Automerge chunks that load as one document).
//!
//! ```
//! use rounds_shared::sync::DocumentId;
//! use rounds_shared::sync::snapshots::{decode, encode};
//!
//! let (a, b) = (DocumentId::generate(), DocumentId::generate());
//! let mut body = Vec::new();
//! encode(&mut body, a, b"first");
//! encode(&mut body, b, b"");
//! let records = decode(&body).unwrap();
//! assert_eq!(records, vec![(a, b"first".to_vec()), (b, Vec::new())]);
//! assert!(decode(&body[..body.len() - 1]).is_err());
//! ```

use super::DocumentId;

/// At most this many documents in one request.
pub const MAX_PER_REQUEST: usize = 100;

/// A snapshot answer that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the snapshot answer is cut short or malformed at byte {0}")]
pub struct SnapshotError(pub usize);

/// Appends one document's record to `out`. Documents over 4 GiB cannot exist here (the
/// server's document limit is far below), so the length always fits.
pub fn encode(out: &mut Vec<u8>, id: DocumentId, bytes: &[u8]) {
    out.extend_from_slice(id.as_bytes());
    let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&bytes[..len as usize]);
}

/// Every record of an answer, in order.
pub fn decode(body: &[u8]) -> Result<Vec<(DocumentId, Vec<u8>)>, SnapshotError> {
    let mut out = Vec::new();
    let mut at = 0usize;
    while at < body.len() {
        let head = body.get(at..at + 20).ok_or(SnapshotError(at))?;
        let mut id = [0u8; 16];
        id.copy_from_slice(&head[..16]);
        let mut len = [0u8; 4];
        len.copy_from_slice(&head[16..]);
        let len = u32::from_be_bytes(len) as usize;
        let start = at + 20;
        let bytes = body
            .get(start..start.saturating_add(len))
            .ok_or(SnapshotError(at))?;
        out.push((DocumentId::from_bytes(id), bytes.to_vec()));
        at = start + len;
    }
    Ok(out)
}
