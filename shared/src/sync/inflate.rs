//! How large Automerge chunks become once inflated, measured without inflating them into
//! memory: a compressed change or a document's deflated columns are streamed through a
//! bounded decoder that stops one byte past the budget. A few kilobytes of DEFLATE can
//! stand for gigabytes; Automerge itself inflates without a cap, so the server measures
//! first and refuses before handing anything to it.
//!
//! ```
//! use rounds_shared::sync::inflate::inflated_len;
//! let mut doc = automerge::AutoCommit::new();
//! automerge::transaction::Transactable::put(&mut doc, automerge::ROOT, "k", "v").unwrap();
//! let saved = doc.save();
//! let n = inflated_len(&saved, 1_000_000).unwrap();
//! assert!(n >= saved.len());
//! assert!(inflated_len(&saved, 10).is_err());
//! ```

use std::io::Read;

const MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];
const DOCUMENT: u8 = 0;
const CHANGE: u8 = 1;
const COMPRESSED: u8 = 2;
/// The deflate bit of a column specification.
const DEFLATE: u64 = 0b1000;

/// Why chunks are refused before Automerge sees them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InflateError {
    /// Inflated, they would be larger than allowed.
    #[error("inflated, the changes would exceed {0} bytes")]
    TooBig(usize),
    /// Not Automerge chunks (or a kind a sync message never carries).
    #[error("not an Automerge chunk: {0}")]
    Malformed(&'static str),
}

/// An unsigned LEB128 number at `*at` in `bytes` (moving `at` past it), as Automerge writes
/// lengths and counts; `None` when truncated or over 64 bits.
pub(super) fn read_uleb(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7f).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

struct Input<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Input<'a> {
    fn take(&mut self, n: u64) -> Result<&'a [u8], InflateError> {
        let n = usize::try_from(n).map_err(|_| InflateError::Malformed("length"))?;
        let end = self
            .at
            .checked_add(n)
            .filter(|e| *e <= self.bytes.len())
            .ok_or(InflateError::Malformed("truncated"))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn leb(&mut self) -> Result<u64, InflateError> {
        read_uleb(self.bytes, &mut self.at).ok_or(InflateError::Malformed("number"))
    }

    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }
}

/// The size `deflated` inflates to, reading at most `budget + 1` bytes of output.
fn inflate_len(deflated: &[u8], budget: usize) -> Result<usize, InflateError> {
    let limit = u64::try_from(budget).unwrap_or(u64::MAX).saturating_add(1);
    let mut decoder = flate2::bufread::DeflateDecoder::new(deflated).take(limit);
    let n = std::io::copy(&mut decoder, &mut std::io::sink())
        .map_err(|_| InflateError::Malformed("deflate stream"))?;
    let n = usize::try_from(n).unwrap_or(usize::MAX);
    if n > budget {
        return Err(InflateError::TooBig(budget));
    }
    Ok(n)
}

/// A document chunk's body: actors, heads, then two column tables whose deflated columns
/// are measured inflated.
fn document_len(body: &[u8], budget: usize) -> Result<usize, InflateError> {
    let mut i = Input { bytes: body, at: 0 };
    for _ in 0..i.leb()? {
        let len = i.leb()?;
        i.take(len)?;
    }
    let heads = i.leb()?;
    i.take(heads.saturating_mul(32))?;
    let mut columns = Vec::new();
    for _ in 0..2 {
        for _ in 0..i.leb()? {
            let spec = i.leb()?;
            let len = i.leb()?;
            columns.push((spec, len));
        }
    }
    let mut total = i.at;
    for (spec, len) in columns {
        let data = i.take(len)?;
        total = total.saturating_add(if spec & DEFLATE != 0 {
            inflate_len(data, budget.saturating_sub(total))?
        } else {
            data.len()
        });
        if total > budget {
            return Err(InflateError::TooBig(budget));
        }
    }
    Ok(total.saturating_add(body.len() - i.at))
}

/// The total size `bytes` (a sequence of Automerge chunks, as a sync message or storage
/// carries them) takes once inflated, or an error as soon as it would pass `budget`.
pub fn inflated_len(bytes: &[u8], budget: usize) -> Result<usize, InflateError> {
    let mut i = Input { bytes, at: 0 };
    let mut total = 0usize;
    while !i.done() {
        let start = i.at;
        if i.take(4)? != MAGIC {
            return Err(InflateError::Malformed("magic bytes"));
        }
        i.take(4)?; // checksum
        let kind = i.take(1)?[0];
        let len = i.leb()?;
        let header = i.at - start;
        let body = i.take(len)?;
        total = total.saturating_add(header);
        let left = budget.saturating_sub(total);
        let size = match kind {
            DOCUMENT => document_len(body, left),
            CHANGE => Ok(body.len()),
            COMPRESSED => inflate_len(body, left),
            _ => return Err(InflateError::Malformed("chunk type")),
        }
        .map_err(|e| match e {
            InflateError::TooBig(_) => InflateError::TooBig(budget),
            other => other,
        })?;
        total = total.saturating_add(size);
        if total > budget {
            return Err(InflateError::TooBig(budget));
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ROOT};

    fn bomb(len: usize) -> (AutoCommit, Vec<u8>) {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "x", "a".repeat(len)).unwrap();
        let change = doc
            .get_last_local_change()
            .unwrap()
            .clone()
            .bytes()
            .to_vec();
        (doc, change)
    }

    #[test]
    fn a_compressed_change_is_measured_inflated() {
        let (_, change) = bomb(2_000_000);
        assert!(change.len() < 20_000, "compressed to {}", change.len());
        assert_eq!(
            inflated_len(&change, 1_000_000),
            Err(InflateError::TooBig(1_000_000))
        );
        let n = inflated_len(&change, 3_000_000).unwrap();
        assert!(n > 2_000_000, "{n}");
    }

    #[test]
    fn a_document_with_deflated_columns_is_measured_inflated() {
        let (mut doc, _) = bomb(2_000_000);
        let saved = doc.save();
        assert!(saved.len() < 20_000, "saved as {}", saved.len());
        assert!(inflated_len(&saved, 1_000_000).is_err());
        assert!(inflated_len(&saved, 3_000_000).unwrap() > 2_000_000);
    }

    #[test]
    fn garbage_is_malformed_not_a_panic() {
        for bytes in [
            &b"not a chunk"[..],
            &[0x85, 0x6f, 0x4a, 0x83, 0, 0, 0, 0, 2, 0xff][..],
            &[0x85, 0x6f, 0x4a, 0x83, 0, 0, 0, 0, 2, 3, 1, 2, 3][..],
            &[0x85, 0x6f, 0x4a, 0x83, 0, 0, 0, 0, 9, 0][..],
            &[0x85, 0x6f, 0x4a, 0x83, 0, 0, 0, 0, 0, 2, 0xff, 0xff][..],
        ] {
            assert!(matches!(
                inflated_len(bytes, 1_000),
                Err(InflateError::Malformed(_))
            ));
        }
    }
}
