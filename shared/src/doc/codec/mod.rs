//! How fields are stored in Automerge, and the two rules that keep merges lossless:
//!
//! 1. **Write only what changed.** [`Put`] reads the current value first and writes only when
//!    the decoded value differs, so an edit to one field never touches (and so can never
//!    overwrite, on merge) a field another device changed concurrently.
//! 2. **Read tolerantly.** [`Fields`] turns a missing optional field into its default and a
//!    value it cannot decode (a wrong type, an enum value from a newer app) into an
//!    [`Issue`] plus the default, without touching the stored value. Unknown fields are
//!    never read or written, so they survive every edit.
//!
//! Sets are maps from key to `true`, so concurrent additions merge. Collections of records
//! are read across every conflicting copy of their map, so a collection created on two
//! devices at once loses no record.

//!
//! [`Fields`] (fields.rs) reads, [`Put`] (put.rs) writes; this file holds the scalar
//! encodings every record shares.

mod fields;
mod put;

#[allow(unreachable_pub)] // sealed: reachable only inside the crate
pub use fields::Fields;
#[allow(unreachable_pub)] // sealed: reachable only inside the crate
pub use put::Put;

use automerge::{AutoCommit, AutomergeError, ObjId, ObjType, ReadDoc, ScalarValue, Value};
use chrono::NaiveDate;

use crate::money::{Money, WinRate};
use crate::time::Timestamp;

/// A value stored as one Automerge scalar.
#[allow(unreachable_pub)] // sealed: reachable only inside the crate
pub trait Scalar: Sized + PartialEq {
    /// What a reader should have found, for issues.
    const EXPECTED: &'static str;
    /// The stored form.
    fn encode(&self) -> ScalarValue;
    /// The value, if `v` holds one.
    fn decode(v: &ScalarValue) -> Option<Self>;
}

fn int_of(v: &ScalarValue) -> Option<i64> {
    match v {
        ScalarValue::Int(i) => Some(*i),
        ScalarValue::Uint(u) => i64::try_from(*u).ok(),
        // JavaScript clients may store whole numbers as floats.
        ScalarValue::F64(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(*f as i64),
        _ => None,
    }
}

impl Scalar for String {
    const EXPECTED: &'static str = "text";
    fn encode(&self) -> ScalarValue {
        ScalarValue::Str(self.as_str().into())
    }
    fn decode(v: &ScalarValue) -> Option<Self> {
        match v {
            ScalarValue::Str(s) => Some(s.to_string()),
            _ => None,
        }
    }
}

impl Scalar for bool {
    const EXPECTED: &'static str = "true or false";
    fn encode(&self) -> ScalarValue {
        ScalarValue::Boolean(*self)
    }
    fn decode(v: &ScalarValue) -> Option<Self> {
        match v {
            ScalarValue::Boolean(b) => Some(*b),
            _ => None,
        }
    }
}

impl Scalar for i64 {
    const EXPECTED: &'static str = "a whole number";
    fn encode(&self) -> ScalarValue {
        ScalarValue::Int(*self)
    }
    fn decode(v: &ScalarValue) -> Option<Self> {
        int_of(v)
    }
}

impl Scalar for u64 {
    const EXPECTED: &'static str = "a whole number of at least 0";
    fn encode(&self) -> ScalarValue {
        ScalarValue::Uint(*self)
    }
    fn decode(v: &ScalarValue) -> Option<Self> {
        match v {
            ScalarValue::Uint(u) => Some(*u),
            other => int_of(other).and_then(|i| u64::try_from(i).ok()),
        }
    }
}

impl Scalar for u32 {
    const EXPECTED: &'static str = "a whole number from 0 to 4294967295";
    fn encode(&self) -> ScalarValue {
        ScalarValue::Uint(u64::from(*self))
    }
    fn decode(v: &ScalarValue) -> Option<Self> {
        u64::decode(v).and_then(|u| u32::try_from(u).ok())
    }
}

impl Scalar for i32 {
    const EXPECTED: &'static str = "a whole number";
    fn encode(&self) -> ScalarValue {
        ScalarValue::Int(i64::from(*self))
    }
    fn decode(v: &ScalarValue) -> Option<Self> {
        int_of(v).and_then(|i| i32::try_from(i).ok())
    }
}

impl Scalar for f64 {
    const EXPECTED: &'static str = "a number";
    fn encode(&self) -> ScalarValue {
        ScalarValue::F64(*self)
    }
    fn decode(v: &ScalarValue) -> Option<Self> {
        match v {
            ScalarValue::F64(f) if f.is_finite() => Some(*f),
            ScalarValue::Int(i) => Some(*i as f64),
            ScalarValue::Uint(u) => Some(*u as f64),
            _ => None,
        }
    }
}

impl Scalar for Timestamp {
    const EXPECTED: &'static str = "a timestamp";
    fn encode(&self) -> ScalarValue {
        ScalarValue::Timestamp(self.0)
    }
    fn decode(v: &ScalarValue) -> Option<Self> {
        match v {
            ScalarValue::Timestamp(t) => Some(Timestamp(*t)),
            other => int_of(other).map(Timestamp),
        }
    }
}

impl Scalar for Money {
    const EXPECTED: &'static str = "an amount in fen";
    fn encode(&self) -> ScalarValue {
        ScalarValue::Int(self.fen())
    }
    fn decode(v: &ScalarValue) -> Option<Self> {
        int_of(v).map(Money::from_fen)
    }
}

impl Scalar for WinRate {
    const EXPECTED: &'static str = "a win rate in basis points (0 to 10000)";
    fn encode(&self) -> ScalarValue {
        ScalarValue::Uint(u64::from(self.basis_points()))
    }
    fn decode(v: &ScalarValue) -> Option<Self> {
        u32::decode(v).and_then(|bp| WinRate::from_basis_points(bp).ok())
    }
}

impl Scalar for NaiveDate {
    const EXPECTED: &'static str = "a date (YYYY-MM-DD)";
    fn encode(&self) -> ScalarValue {
        ScalarValue::Str(self.format("%Y-%m-%d").to_string().into())
    }
    fn decode(v: &ScalarValue) -> Option<Self> {
        match v {
            ScalarValue::Str(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
            _ => None,
        }
    }
}

/// Implements [`Scalar`] for types stored as their `Display` text and read with `FromStr`.
macro_rules! text_scalar {
    ($($t:ty => $expected:literal),+ $(,)?) => {$(
        impl $crate::doc::codec::Scalar for $t {
            const EXPECTED: &'static str = $expected;
            fn encode(&self) -> ::automerge::ScalarValue {
                ::automerge::ScalarValue::Str(self.to_string().into())
            }
            fn decode(v: &::automerge::ScalarValue) -> Option<Self> {
                match v {
                    ::automerge::ScalarValue::Str(s) => s.parse().ok(),
                    _ => None,
                }
            }
        }
    )+};
}
pub(crate) use text_scalar;

/// Implements [`Scalar`] for closed enums, stored as their keys.
macro_rules! key_scalar {
    ($($t:ty),+ $(,)?) => {$(
        impl $crate::doc::codec::Scalar for $t {
            const EXPECTED: &'static str = stringify!($t);
            fn encode(&self) -> ::automerge::ScalarValue {
                ::automerge::ScalarValue::Str(self.key().into())
            }
            fn decode(v: &::automerge::ScalarValue) -> Option<Self> {
                match v {
                    ::automerge::ScalarValue::Str(s) => Self::from_key(s),
                    _ => None,
                }
            }
        }
    )+};
}
pub(crate) use key_scalar;

/// A value stored as an Automerge map of its own fields.
#[allow(unreachable_pub)] // sealed: reachable only inside the crate
pub trait MapCodec: Sized + PartialEq {
    /// Reads the fields, recording what could not be read.
    fn read(f: &mut Fields<'_>) -> Self;
    /// Writes the fields that differ from what is stored.
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError>;
}

fn describe(v: &Value<'_>) -> String {
    match v {
        Value::Object(t) => format!("a {t:?} object").to_lowercase(),
        Value::Scalar(s) => format!("{s}"),
    }
}

/// Every object of type `ty` stored (possibly in conflict) at `parent[key]`, the winner first.
pub(crate) fn objects_at(doc: &AutoCommit, parent: &ObjId, key: &str, ty: ObjType) -> Vec<ObjId> {
    let winner = match doc.get(parent, key) {
        Ok(Some((Value::Object(t), id))) if t == ty => Some(id),
        _ => None,
    };
    let mut out: Vec<ObjId> = winner.into_iter().collect();
    for (v, id) in doc.get_all(parent, key).unwrap_or_default() {
        if matches!(v, Value::Object(t) if t == ty) && !out.contains(&id) {
            out.push(id);
        }
    }
    out
}
