//! Money and win rates, in integers so that sums are exact.
//!
//! ```
//! use rounds_shared::money::{Money, WinRate};
//! let amount = Money::from_yuan(1_000_000);
//! assert_eq!(amount.weighted(WinRate::from_percent(60)), Money::from_yuan(600_000));
//! assert_eq!(Money::from_fen(123_456).to_string(), "1234.56");
//! ```

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub};

use serde::{Deserialize, Serialize};

/// An amount in fen (分, 0.01 yuan). Opportunity amounts are never negative; sums may be.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money(i64);

impl Money {
    /// Zero yuan.
    pub const ZERO: Money = Money(0);
    /// An amount in fen.
    pub const fn from_fen(fen: i64) -> Self {
        Self(fen)
    }
    /// A whole number of yuan.
    pub const fn from_yuan(yuan: i64) -> Self {
        Self(yuan.saturating_mul(100))
    }
    /// The amount in fen.
    pub const fn fen(self) -> i64 {
        self.0
    }
    /// The amount in yuan, for display and ratios.
    pub fn yuan(self) -> f64 {
        self.0 as f64 / 100.0
    }
    /// Is it below zero?
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }
    /// `self × rate`, rounded half away from zero to the fen.
    pub fn weighted(self, rate: WinRate) -> Money {
        let product = i128::from(self.0) * i128::from(rate.basis_points());
        let half = if product < 0 { -5_000 } else { 5_000 };
        let fen = (product + half) / 10_000;
        Money(i64::try_from(fen).unwrap_or(if fen < 0 { i64::MIN } else { i64::MAX }))
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        *self = *self + rhs;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0.saturating_sub(rhs.0))
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

/// A stage's probability of winning, in basis points (1/100 of a percent): 0 to 10,000.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(try_from = "u16", into = "u16")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WinRate(u16);

/// A win rate above 100%.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a win rate must be between 0 and 10000 basis points (0% to 100%), not {0}")]
pub struct InvalidWinRate(pub u32);

impl WinRate {
    /// 100%: the stage counts as won.
    pub const CERTAIN: WinRate = WinRate(10_000);
    /// A whole percentage, clamped to 100.
    pub const fn from_percent(percent: u16) -> Self {
        let p = if percent > 100 { 100 } else { percent };
        Self(p * 100)
    }
    /// Basis points, checked.
    pub fn from_basis_points(bp: u32) -> Result<Self, InvalidWinRate> {
        u16::try_from(bp)
            .ok()
            .filter(|v| *v <= 10_000)
            .map(Self)
            .ok_or(InvalidWinRate(bp))
    }
    /// Basis points.
    pub const fn basis_points(self) -> u16 {
        self.0
    }
    /// As a fraction from 0.0 to 1.0.
    pub fn fraction(self) -> f64 {
        f64::from(self.0) / 10_000.0
    }
}

impl TryFrom<u16> for WinRate {
    type Error = InvalidWinRate;
    fn try_from(bp: u16) -> Result<Self, Self::Error> {
        Self::from_basis_points(u32::from(bp))
    }
}

impl From<WinRate> for u16 {
    fn from(rate: WinRate) -> u16 {
        rate.0
    }
}

impl fmt::Display for WinRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_multiple_of(100) {
            write!(f, "{}%", self.0 / 100)
        } else {
            write!(f, "{}.{:02}%", self.0 / 100, self.0 % 100)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighting_rounds_to_the_fen() {
        assert_eq!(
            Money::from_fen(1).weighted(WinRate::from_percent(50)),
            Money::from_fen(1)
        );
        assert_eq!(
            Money::from_fen(3).weighted(WinRate::from_percent(10)),
            Money::ZERO
        );
        assert_eq!(
            Money::from_fen(-3).weighted(WinRate::from_percent(50)),
            Money::from_fen(-2)
        );
        assert_eq!(
            Money::from_yuan(777).weighted(WinRate::CERTAIN),
            Money::from_yuan(777)
        );
    }

    #[test]
    fn win_rates_are_bounded() {
        assert!(WinRate::from_basis_points(10_001).is_err());
        assert_eq!(
            WinRate::from_basis_points(250).unwrap().to_string(),
            "2.50%"
        );
        assert_eq!(WinRate::from_percent(60).to_string(), "60%");
        assert!(serde_json::from_str::<WinRate>("20000").is_err());
    }

    #[test]
    fn money_prints_in_yuan() {
        assert_eq!(Money::from_fen(-5).to_string(), "-0.05");
        assert_eq!(Money::from_yuan(4_265_000).to_string(), "4265000.00");
    }
}
