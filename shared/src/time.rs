//! Instants, calendar periods and the organisation's time zone.
//!
//! Instants are milliseconds since the Unix epoch (UTC). Periods are half-open ranges of
//! instants built from calendar dates in the organisation's time zone, so a visit logged at
//! 07:30 Beijing time on a Monday belongs to that Monday's week.
//!
//! ```
//! use rounds_shared::time::{PeriodKey, TzOffset};
//! let q4: PeriodKey = "2026-Q4".parse().unwrap();
//! let period = q4.period(TzOffset::BEIJING);
//! assert_eq!(period.days(), 92);
//! assert_eq!(q4.to_string(), "2026-Q4");
//! ```

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// Milliseconds since 1970-01-01T00:00:00Z.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Timestamp(pub i64);

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

impl Timestamp {
    /// The instant `days` whole days later (earlier when negative).
    pub const fn plus_days(self, days: i64) -> Self {
        Self(self.0.saturating_add(days.saturating_mul(DAY_MS)))
    }
    /// Whole and fractional days from `earlier` to `self`.
    pub fn days_since(self, earlier: Timestamp) -> f64 {
        self.0.saturating_sub(earlier.0) as f64 / DAY_MS as f64
    }
    /// The calendar date of this instant in the given zone.
    pub fn date(self, tz: TzOffset) -> NaiveDate {
        let local_ms = self.0.saturating_add(i64::from(tz.minutes) * 60_000);
        let days = local_ms.div_euclid(DAY_MS);
        // Instants beyond chrono's calendar (±262,000 years) land on its first or last day.
        Duration::try_days(days)
            .and_then(|d| epoch_date().checked_add_signed(d))
            .unwrap_or(if days < 0 {
                NaiveDate::MIN
            } else {
                NaiveDate::MAX
            })
    }
    /// Midnight at the start of `date` in the given zone.
    pub fn start_of(date: NaiveDate, tz: TzOffset) -> Self {
        let days = date.signed_duration_since(epoch_date()).num_days();
        Self(
            days.saturating_mul(DAY_MS)
                .saturating_sub(i64::from(tz.minutes) * 60_000),
        )
    }
}

/// The day after `date` (chrono's last day has none: it stays itself).
pub fn next_day(date: NaiveDate) -> NaiveDate {
    date.succ_opt().unwrap_or(date)
}

fn epoch_date() -> NaiveDate {
    NaiveDate::default() // 1970-01-01
}

/// A fixed offset from UTC in minutes (China does not observe daylight saving).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TzOffset {
    /// Minutes east of UTC.
    pub minutes: i32,
}

impl TzOffset {
    /// UTC+8, China Standard Time: the default for a new organisation.
    pub const BEIJING: TzOffset = TzOffset { minutes: 480 };
    /// UTC.
    pub const UTC: TzOffset = TzOffset { minutes: 0 };
}

impl Default for TzOffset {
    fn default() -> Self {
        Self::BEIJING
    }
}

/// A half-open range of instants `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    /// First instant inside the period.
    pub start: Timestamp,
    /// First instant after the period.
    pub end: Timestamp,
}

/// A period whose end is not after its start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the period ends ({end}) before it starts ({start})")]
pub struct ReversedPeriod {
    /// The first day given.
    pub start: NaiveDate,
    /// The last day given.
    pub end: NaiveDate,
}

impl Period {
    /// The days `first..=last` (both inclusive) in the given zone.
    pub fn from_dates(
        first: NaiveDate,
        last: NaiveDate,
        tz: TzOffset,
    ) -> Result<Self, ReversedPeriod> {
        if last < first {
            return Err(ReversedPeriod {
                start: first,
                end: last,
            });
        }
        Ok(Self {
            start: Timestamp::start_of(first, tz),
            end: Timestamp::start_of(next_day(last), tz),
        })
    }
    /// Is `t` inside the period?
    pub fn contains(&self, t: Timestamp) -> bool {
        self.start <= t && t < self.end
    }
    /// Length in days (rounded down).
    pub fn days(&self) -> i64 {
        self.end.0.saturating_sub(self.start.0) / DAY_MS
    }
}

/// A named calendar period: the unit in which targets are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PeriodKey {
    /// ISO week (Monday to Sunday), e.g. `2026-W48`.
    Week { year: i32, week: u32 },
    /// Calendar month, e.g. `2026-11`.
    Month { year: i32, month: u32 },
    /// Calendar quarter, e.g. `2026-Q4`.
    Quarter { year: i32, quarter: u32 },
    /// Calendar year, e.g. `2026`.
    Year { year: i32 },
}

impl PeriodKey {
    /// The ISO week containing `date`.
    pub fn week_of(date: NaiveDate) -> Self {
        let w = date.iso_week();
        Self::Week {
            year: w.year(),
            week: w.week(),
        }
    }
    /// The month containing `date`.
    pub fn month_of(date: NaiveDate) -> Self {
        Self::Month {
            year: date.year(),
            month: date.month(),
        }
    }
    /// The quarter containing `date`.
    pub fn quarter_of(date: NaiveDate) -> Self {
        Self::Quarter {
            year: date.year(),
            quarter: date.month0() / 3 + 1,
        }
    }

    /// First and last day (inclusive).
    pub fn dates(&self) -> (NaiveDate, NaiveDate) {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        match *self {
            Self::Week { year, week } => {
                let first = NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon)
                    .unwrap_or_default();
                (
                    first,
                    first
                        .checked_add_days(chrono::Days::new(6))
                        .unwrap_or(first),
                )
            }
            Self::Month { year, month } => {
                let first = ymd(year, month, 1);
                let next = if month == 12 {
                    ymd(year + 1, 1, 1)
                } else {
                    ymd(year, month + 1, 1)
                };
                (first, next.pred_opt().unwrap_or(next))
            }
            Self::Quarter { year, quarter } => {
                let first = ymd(year, (quarter - 1) * 3 + 1, 1);
                let next = if quarter == 4 {
                    ymd(year + 1, 1, 1)
                } else {
                    ymd(year, quarter * 3 + 1, 1)
                };
                (first, next.pred_opt().unwrap_or(next))
            }
            Self::Year { year } => (ymd(year, 1, 1), ymd(year, 12, 31)),
        }
    }

    /// The period this key names, in the given zone.
    pub fn period(&self, tz: TzOffset) -> Period {
        let (first, last) = self.dates();
        Period {
            start: Timestamp::start_of(first, tz),
            end: Timestamp::start_of(next_day(last), tz),
        }
    }
}

impl fmt::Display for PeriodKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Week { year, week } => write!(f, "{year:04}-W{week:02}"),
            Self::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            Self::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
            Self::Year { year } => write!(f, "{year:04}"),
        }
    }
}

/// Text that does not name a period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a period: use 2026-W48, 2026-11, 2026-Q4 or 2026")]
pub struct InvalidPeriodKey(pub String);

impl FromStr for PeriodKey {
    type Err = InvalidPeriodKey;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || InvalidPeriodKey(s.to_owned());
        let (year, rest) = match s.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (s, None),
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let number = |t: &str| -> Result<u32, InvalidPeriodKey> {
            if t.is_empty() || t.len() > 2 || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            t.parse().map_err(|_| bad())
        };
        let key = match rest {
            None => Self::Year { year },
            Some(r) if r.starts_with('W') => Self::Week {
                year,
                week: number(&r[1..])?,
            },
            Some(r) if r.starts_with('Q') => Self::Quarter {
                year,
                quarter: number(&r[1..])?,
            },
            Some(r) => Self::Month {
                year,
                month: number(r)?,
            },
        };
        let valid = match key {
            Self::Week { week, .. } => {
                NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon).is_some()
            }
            Self::Month { month, .. } => (1..=12).contains(&month),
            Self::Quarter { quarter, .. } => (1..=4).contains(&quarter),
            Self::Year { .. } => true,
        };
        if valid { Ok(key) } else { Err(bad()) }
    }
}

impl Serialize for PeriodKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PeriodKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_follow_the_org_time_zone() {
        // 2026-11-22T23:30Z is Monday 07:30 in Beijing.
        let t = Timestamp::start_of(d(2026, 11, 22), TzOffset::UTC).0 + 23 * 3_600_000 + 1_800_000;
        assert_eq!(Timestamp(t).date(TzOffset::BEIJING), d(2026, 11, 23));
        assert_eq!(Timestamp(t).date(TzOffset::UTC), d(2026, 11, 22));
        assert_eq!(
            Timestamp::start_of(d(2026, 11, 23), TzOffset::BEIJING).date(TzOffset::BEIJING),
            d(2026, 11, 23)
        );
    }

    #[test]
    fn period_keys_parse_print_and_span_the_right_days() {
        for (text, first, last) in [
            ("2026-W48", d(2026, 11, 23), d(2026, 11, 29)),
            ("2026-02", d(2026, 2, 1), d(2026, 2, 28)),
            ("2026-Q4", d(2026, 10, 1), d(2026, 12, 31)),
            ("2024-Q1", d(2024, 1, 1), d(2024, 3, 31)),
            ("2026", d(2026, 1, 1), d(2026, 12, 31)),
        ] {
            let key: PeriodKey = text.parse().unwrap();
            assert_eq!(key.to_string(), text);
            assert_eq!(key.dates(), (first, last), "{text}");
        }
        assert_eq!(PeriodKey::week_of(d(2026, 11, 23)).to_string(), "2026-W48");
        assert_eq!(
            PeriodKey::quarter_of(d(2026, 11, 23)).to_string(),
            "2026-Q4"
        );
    }

    #[test]
    fn bad_period_keys_are_rejected() {
        for text in [
            "", "26-Q1", "2026-Q5", "2026-Q0", "2026-13", "2026-W54", "2026-W", "abcd", "2026-1x",
        ] {
            assert!(text.parse::<PeriodKey>().is_err(), "{text}");
        }
    }

    #[test]
    fn reversed_custom_periods_are_an_error() {
        assert!(Period::from_dates(d(2026, 2, 1), d(2026, 1, 1), TzOffset::BEIJING).is_err());
        let one_day = Period::from_dates(d(2026, 1, 1), d(2026, 1, 1), TzOffset::BEIJING).unwrap();
        assert_eq!(one_day.days(), 1);
    }
}
