//! How numbers, money, dates and times read on screen, in each locale.
//!
//! ```
//! use rounds_client::format::money;
//! use rounds_shared::labels::Locale;
//! use rounds_shared::money::Money;
//! assert_eq!(money(Money::from_yuan(1_250_000), Locale::ZhCn), "¥125万");
//! assert_eq!(money(Money::from_yuan(1_250_000), Locale::En), "¥1,250,000");
//! assert_eq!(money(Money::from_yuan(8_500), Locale::ZhCn), "¥8,500");
//! ```

use chrono::{Datelike, NaiveDate, Timelike};
use rounds_shared::labels::Locale;
use rounds_shared::money::Money;
use rounds_shared::time::{Timestamp, TzOffset};

fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// An amount typed in yuan (commas, full-width commas, spaces and `¥` allowed), in fen;
/// `None` for anything that is not a whole or decimal number of zero or more yuan.
///
/// ```
/// use rounds_client::format::parse_yuan;
/// use rounds_shared::money::Money;
/// assert_eq!(parse_yuan("¥1,250,000.5"), Some(Money::from_fen(125_000_050)));
/// assert_eq!(parse_yuan("8 500"), Some(Money::from_yuan(8_500)));
/// assert_eq!(parse_yuan("-5"), None);
/// assert_eq!(parse_yuan("NaN"), None);
/// assert_eq!(parse_yuan(""), None);
/// ```
pub fn parse_yuan(text: &str) -> Option<Money> {
    let clean: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '¥'))
        .collect();
    if clean.is_empty() || !clean.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let yuan: f64 = clean.parse().ok()?;
    (yuan.is_finite() && yuan < 1e13).then(|| Money::from_fen((yuan * 100.0).round() as i64))
}

/// An amount in yuan: zh-CN counts in 万 (10,000) from 10,000 up, as reps say it.
pub fn money(m: Money, locale: Locale) -> String {
    let yuan = m.fen() / 100;
    match locale {
        Locale::ZhCn if yuan.abs() >= 10_000 => {
            let wan = yuan as f64 / 10_000.0;
            let text = format!("{wan:.1}");
            format!("¥{}万", text.trim_end_matches(".0"))
        }
        _ => format!("¥{}", grouped(yuan)),
    }
}

/// A percentage with one decimal, or a dash when there is nothing to divide by.
pub fn percent(p: Option<f64>) -> String {
    p.map_or_else(|| "—".into(), |p| format!("{p:.1}%"))
}

/// A fraction (0.5) as a percentage (`50.0%`), or a dash.
pub fn share(p: Option<f64>) -> String {
    percent(p.map(|p| p * 100.0))
}

/// A calendar date: `11月23日` / `23 Nov`.
pub fn date(d: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => format!("{}月{}日", d.month(), d.day()),
        Locale::En => d.format("%-d %b").to_string(),
    }
}

/// A date with its weekday: `11月23日 周一` / `Mon 23 Nov`.
pub fn day(d: NaiveDate, locale: Locale) -> String {
    const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    match locale {
        Locale::ZhCn => format!(
            "{} {}",
            date(d, locale),
            ZH[d.weekday().num_days_from_monday() as usize]
        ),
        Locale::En => d.format("%a %-d %b").to_string(),
    }
}

/// The time of day, `14:05`, in `tz`.
pub fn time(t: Timestamp, tz: TzOffset) -> String {
    let local = chrono::DateTime::from_timestamp_millis(t.0 + i64::from(tz.minutes) * 60_000)
        .unwrap_or_default()
        .naive_utc();
    format!("{:02}:{:02}", local.hour(), local.minute())
}

/// Date and time, `11月23日 14:05`.
pub fn date_time(t: Timestamp, tz: TzOffset, locale: Locale) -> String {
    format!("{} {}", date(t.date(tz), locale), time(t, tz))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_in_the_org_time_zone() {
        // 2026-11-23T06:05:00Z is 14:05 in Beijing.
        let t = Timestamp(1_795_413_900_000);
        assert_eq!(time(t, TzOffset::BEIJING), "14:05");
        assert_eq!(
            date_time(t, TzOffset::BEIJING, Locale::ZhCn),
            "11月23日 14:05"
        );
        assert_eq!(day(t.date(TzOffset::BEIJING), Locale::En), "Mon 23 Nov");
        assert_eq!(percent(Some(85.25)), "85.2%");
        assert_eq!(percent(None), "—");
        assert_eq!(money(Money::from_yuan(-12_000), Locale::En), "¥-12,000");
    }
}
