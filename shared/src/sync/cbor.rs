//! A bounded CBOR reader for protocol messages. It borrows strings from the input, refuses
//! indefinite lengths, and stops at a budget of items and nesting, so a hostile frame (an
//! array claiming millions of elements, a string longer than the frame, deep nesting) costs
//! at most a few kilobytes before it is refused. A general-purpose decoder would first build
//! a value tree of the whole frame.
//!
//! ```
//! use rounds_shared::sync::cbor::{Item, read};
//! let item = read(&[0xa1, 0x61, b'k', 0xf5]).unwrap(); // {"k": true}
//! assert_eq!(item, Item::Map(vec![(Item::Text("k"), Item::Bool(true))]));
//! assert!(read(&[0x9b, 0, 0, 0, 0, 0, 0x80, 0, 0]).is_err()); // 8 M elements claimed
//! ```

/// At most this many items in one message (an automerge-repo message has about ten).
pub const MAX_ITEMS: usize = 1_024;
/// At most this deep.
pub const MAX_DEPTH: usize = 16;

/// One decoded item; strings borrow the input.
#[derive(Debug, Clone, PartialEq)]
pub enum Item<'a> {
    /// A text string.
    Text(&'a str),
    /// A byte string.
    Bytes(&'a [u8]),
    /// An array.
    Array(Vec<Item<'a>>),
    /// A map, in input order.
    Map(Vec<(Item<'a>, Item<'a>)>),
    /// `true` or `false`.
    Bool(bool),
    /// `null` or `undefined`.
    Null,
    /// A number, a tag's number or another simple value: read past, never used.
    Other,
}

impl<'a> Item<'a> {
    /// The value under text key `name`, for a map.
    pub fn get(&self, name: &str) -> Option<&Item<'a>> {
        match self {
            Item::Map(entries) => entries
                .iter()
                .find_map(|(k, v)| (*k == Item::Text(name)).then_some(v)),
            _ => None,
        }
    }
}

/// Why bytes are not an acceptable CBOR item.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CborError {
    /// The input ends inside an item.
    #[error("the message ends inside an item")]
    Truncated,
    /// Bytes follow the item.
    #[error("{0} bytes follow the message")]
    Trailing(usize),
    /// An indefinite-length string, array or map.
    #[error("indefinite lengths are not accepted")]
    Indefinite,
    /// Reserved additional information (28–30) or a bad simple value.
    #[error("malformed item header at byte {0}")]
    Malformed(usize),
    /// Text that is not UTF-8.
    #[error("text is not UTF-8")]
    NotUtf8,
    /// More items than [`MAX_ITEMS`], or deeper than [`MAX_DEPTH`].
    #[error("too many or too deeply nested items (at most {MAX_ITEMS}, {MAX_DEPTH} deep)")]
    TooBig,
}

struct Reader<'a> {
    input: &'a [u8],
    at: usize,
    items: usize,
}

/// Reads exactly one item from `input`.
pub fn read(input: &[u8]) -> Result<Item<'_>, CborError> {
    let mut r = Reader {
        input,
        at: 0,
        items: 0,
    };
    let item = r.item(0)?;
    match input.len() - r.at {
        0 => Ok(item),
        n => Err(CborError::Trailing(n)),
    }
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: u64) -> Result<&'a [u8], CborError> {
        let n = usize::try_from(n).map_err(|_| CborError::Truncated)?;
        let end = self.at.checked_add(n).ok_or(CborError::Truncated)?;
        let bytes = self.input.get(self.at..end).ok_or(CborError::Truncated)?;
        self.at = end;
        Ok(bytes)
    }

    /// The header's major type and argument (`None`: indefinite).
    fn header(&mut self) -> Result<(u8, Option<u64>), CborError> {
        let start = self.at;
        let first = self.take(1)?[0];
        let (major, info) = (first >> 5, first & 0x1f);
        let arg = match info {
            0..=23 => Some(u64::from(info)),
            24..=27 => {
                let bytes = self.take(1 << (info - 24))?;
                Some(bytes.iter().fold(0u64, |n, b| (n << 8) | u64::from(*b)))
            }
            31 => None,
            _ => return Err(CborError::Malformed(start)),
        };
        Ok((major, arg))
    }

    /// Counts `n` more items against the budget before anything is allocated for them.
    fn budget(&mut self, n: u64) -> Result<usize, CborError> {
        let n = usize::try_from(n).map_err(|_| CborError::TooBig)?;
        self.items = self.items.checked_add(n).ok_or(CborError::TooBig)?;
        if self.items > MAX_ITEMS {
            return Err(CborError::TooBig);
        }
        Ok(n)
    }

    fn item(&mut self, depth: usize) -> Result<Item<'a>, CborError> {
        if depth > MAX_DEPTH {
            return Err(CborError::TooBig);
        }
        self.budget(1)?;
        let start = self.at;
        let (major, arg) = self.header()?;
        let Some(arg) = arg else {
            return match major {
                2..=5 => Err(CborError::Indefinite),
                _ => Err(CborError::Malformed(start)),
            };
        };
        Ok(match major {
            0 | 1 => Item::Other,
            2 => Item::Bytes(self.take(arg)?),
            3 => Item::Text(std::str::from_utf8(self.take(arg)?).map_err(|_| CborError::NotUtf8)?),
            4 => {
                let n = self.budget(arg)?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.item(depth + 1)?);
                }
                Item::Array(items)
            }
            5 => {
                let n = self.budget(arg.saturating_mul(2))? / 2;
                let mut entries = Vec::with_capacity(n);
                for _ in 0..n {
                    let k = self.item(depth + 1)?;
                    entries.push((k, self.item(depth + 1)?));
                }
                Item::Map(entries)
            }
            6 => {
                // A tag: the tagged item stands for itself.
                return self.item(depth + 1);
            }
            _ => match arg {
                20 => Item::Bool(false),
                21 => Item::Bool(true),
                22 | 23 => Item::Null,
                _ => Item::Other,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_shapes_are_refused_without_building_them() {
        let cases: Vec<(Vec<u8>, CborError)> = vec![
            (vec![], CborError::Truncated),
            (
                vec![0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
                CborError::Truncated,
            ),
            (vec![0x9a, 0x00, 0x80, 0x00, 0x00], CborError::TooBig),
            (vec![0xba, 0x00, 0x80, 0x00, 0x00], CborError::TooBig),
            (vec![0x9f, 0xff], CborError::Indefinite),
            (vec![0x7f, 0xff], CborError::Indefinite),
            (vec![0x1c], CborError::Malformed(0)),
            (vec![0x62, 0xff, 0xfe], CborError::NotUtf8),
            (vec![0xf6, 0xf6], CborError::Trailing(1)),
            (
                vec![0x81; 40].into_iter().chain([0xf6]).collect(),
                CborError::TooBig,
            ),
        ];
        for (bytes, expected) in cases {
            assert_eq!(read(&bytes), Err(expected), "{bytes:02x?}");
        }
    }

    #[test]
    fn a_frame_of_a_million_nulls_is_refused_at_the_budget() {
        let mut frame = vec![0x9a, 0x00, 0x0f, 0x42, 0x40]; // array of 1,000,000
        frame.extend(std::iter::repeat_n(0xf6, 1_000_000));
        assert_eq!(read(&frame), Err(CborError::TooBig));
    }

    #[test]
    fn tags_numbers_and_simple_values_are_read_past() {
        // [1(0), -1, 1.5 (f16), null, undefined, false]
        let bytes = [0x86, 0xc1, 0x00, 0x20, 0xf9, 0x3e, 0x00, 0xf6, 0xf7, 0xf4];
        assert_eq!(
            read(&bytes).unwrap(),
            Item::Array(vec![
                Item::Other,
                Item::Other,
                Item::Other,
                Item::Null,
                Item::Null,
                Item::Bool(false)
            ])
        );
    }
}
