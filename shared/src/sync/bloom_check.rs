//! A peer's Bloom filters (the `have` of a sync message) are checked before Automerge
//! reads them: Automerge divides by the filter's size and allocates a vector as long as
//! its probe count, so a filter with no bits panics and one claiming four billion probes
//! asks for 16 GiB. Both were found by fuzzing.
//!
//! ```
//! use rounds_shared::sync::bloom_check::filter_is_sane;
//! assert!(filter_is_sane(&[]));                      // empty: "I have nothing"
//! assert!(filter_is_sane(&[1, 10, 7, 0xff, 0x03]));  // 1 entry, 10 bits, 7 probes
//! assert!(!filter_is_sane(&[1, 0, 7]));             // entries but no bits
//! assert!(!filter_is_sane(&[1, 10, 0xff, 0xff, 0xff, 0xff, 0x0f, 0, 0])); // 2^32 probes
//! ```

use super::inflate::read_uleb as leb;

/// Automerge writes 7 probes; anything up to this many is accepted.
pub const MAX_PROBES: u64 = 64;
/// Automerge writes 10 bits per entry.
pub const MAX_BITS_PER_ENTRY: u64 = 64;

/// Whether Automerge can use the encoded filter `bytes` safely: empty, or with entries,
/// some bits, and a small number of probes.
pub fn filter_is_sane(bytes: &[u8]) -> bool {
    if bytes.is_empty() {
        return true;
    }
    let mut at = 0;
    let (Some(entries), Some(bits_per_entry), Some(probes)) = (
        leb(bytes, &mut at),
        leb(bytes, &mut at),
        leb(bytes, &mut at),
    ) else {
        return false;
    };
    let bits = bytes.len() - at;
    entries > 0
        && (1..=MAX_BITS_PER_ENTRY).contains(&bits_per_entry)
        && (1..=MAX_PROBES).contains(&probes)
        && bits > 0
        && u32::try_from(bits.saturating_mul(8)).is_ok()
}
