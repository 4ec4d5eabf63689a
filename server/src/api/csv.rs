//! CSV export: every list and table endpoint answers `format=csv` with the same rows as a
//! UTF-8 file that starts with a byte-order mark, so Excel shows Chinese correctly.

use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

/// A row that can be written as CSV.
pub(crate) trait CsvRow {
    /// Column names.
    fn header() -> Vec<&'static str>;
    /// The row's cells, in the header's order.
    fn cells(&self) -> Vec<String>;
}

fn escape(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
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
}
