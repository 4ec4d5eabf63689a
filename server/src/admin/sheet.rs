//! Reading an import sheet: a CSV (UTF-8, with or without a BOM, or GB18030 as Chinese
//! Excel saves it) or an Excel workbook's first sheet, into a header and rows of text; and
//! the columns an import knows, by their header in Chinese or English.

use std::io::Cursor;

use super::AdminError;

/// The most rows one import takes.
pub const MAX_ROWS: usize = 5_000;
/// The largest sheet accepted, in bytes.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;

/// The columns a sheet may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// Hospital name (required).
    Name,
    /// Grade.
    Level,
    /// Territory.
    Region,
    /// Route-plan zone.
    Zone,
    /// Street address.
    Address,
    /// Owner's login name.
    Owner,
    /// Departments.
    Departments,
    /// Annual sample volume.
    SampleVolume,
}

impl Column {
    /// Every column, in the order an export writes them.
    pub const ALL: [Column; 8] = [
        Column::Name,
        Column::Level,
        Column::Region,
        Column::Zone,
        Column::Address,
        Column::Owner,
        Column::Departments,
        Column::SampleVolume,
    ];

    /// The header an export writes (Chinese, as users' sheets have it).
    pub fn header(self) -> &'static str {
        self.names()[0]
    }

    pub(super) fn names(self) -> &'static [&'static str] {
        match self {
            Column::Name => &["医院名称", "医院", "name", "hospital"],
            Column::Level => &["等级", "医院等级", "level", "grade"],
            Column::Region => &["区域", "region", "territory"],
            Column::Zone => &["分区", "zone"],
            Column::Address => &["地址", "address"],
            Column::Owner => &["负责人", "负责代表", "owner"],
            Column::Departments => &["科室", "departments"],
            Column::SampleVolume => &[
                "标本量",
                "年标本量",
                "annual_sample_volume",
                "sample volume",
            ],
        }
    }

    pub(super) fn of_header(text: &str) -> Option<Column> {
        let text = text.trim().to_lowercase();
        Column::ALL
            .into_iter()
            .find(|c| c.names().iter().any(|n| *n == text))
    }
}

/// A sheet: its header row and the rows below it, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// The header's cells.
    pub header: Vec<String>,
    /// The data rows (blank rows dropped; each keeps its row number in the sheet).
    pub rows: Vec<(usize, Vec<String>)>,
}

pub(super) fn invalid(message: impl Into<String>) -> AdminError {
    AdminError::Field {
        field: "file",
        message: message.into(),
    }
}

/// Reads a CSV (UTF-8, with or without a BOM, or GB18030 as Chinese Excel saves it) or an
/// Excel workbook's first sheet.
pub fn read_sheet(bytes: &[u8]) -> Result<Sheet, AdminError> {
    if bytes.len() > MAX_BYTES {
        return Err(invalid(format!(
            "the file is larger than {} MB",
            MAX_BYTES / 1024 / 1024
        )));
    }
    let mut grid = if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)?
    } else {
        read_csv(bytes)?
    };
    if grid.is_empty() {
        return Err(invalid("the sheet is empty"));
    }
    let header = grid.remove(0);
    let rows: Vec<(usize, Vec<String>)> = grid
        .into_iter()
        .enumerate()
        .map(|(i, r)| (i + 2, r))
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    if rows.len() > MAX_ROWS {
        return Err(invalid(format!(
            "the sheet has {} rows; one import takes at most {MAX_ROWS}",
            rows.len()
        )));
    }
    Ok(Sheet { header, rows })
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, AdminError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) => {
            let (text, _, bad) = encoding_rs::GB18030.decode(bytes);
            if bad {
                return Err(invalid(
                    "the file is neither UTF-8 nor GB18030 text; save it as CSV (UTF-8) or .xlsx",
                ));
            }
            text
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut grid = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| invalid(format!("row {}: {e}", i + 1)))?;
        grid.push(record.iter().map(str::to_owned).collect());
        if grid.len() > MAX_ROWS + 1 {
            break;
        }
    }
    Ok(grid)
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, AdminError> {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| invalid(format!("not a readable .xlsx workbook: {e}")))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| invalid("the workbook has no sheet"))?
        .map_err(|e| invalid(format!("the first sheet cannot be read: {e}")))?;
    let text = |d: &Data| match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        // Whole numbers (sample volumes) without a trailing `.0`.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        other => other.to_string(),
    };
    Ok(range
        .rows()
        .take(MAX_ROWS + 2)
        .map(|r| r.iter().map(text).collect())
        .collect())
}
