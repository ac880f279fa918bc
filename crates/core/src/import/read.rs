//! Any file a club already has, read into a grid of cells: CSV text (comma, semicolon or tab,
//! found by looking; UTF-8 with or without a byte-order mark, UTF-16 as Excel's "Unicode
//! text" writes it, Windows-1252 from old Excel) and workbooks (.xlsx, .xls, .ods) through
//! calamine, one sheet at a time, date cells kept as dates.
//!
//! Nothing here knows what a column means: that is `headers` (which row names the columns)
//! and `mapping` (which Clubroom field each column fills).

use std::io::Cursor;

use calamine::{Data, Reader};
use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};

/// The largest file read (a club's whole history is a few megabytes; this stops a wrong
/// pick, such as a video, from filling memory).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// One cell as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A workbook's date cell (its time of day, if any, dropped).
    Date(NaiveDate),
    Bool(bool),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, as a person would read it: whole numbers without a decimal point
    /// (a phone number Excel kept as a number is still that phone number), dates in ISO form.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.trim().to_owned(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(date) => date.format("%Y-%m-%d").to_string(),
            Cell::Bool(true) => "TRUE".to_owned(),
            Cell::Bool(false) => "FALSE".to_owned(),
        }
    }
}

/// How the text of a CSV file was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

/// What kind of file it was, as said in the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FileKind {
    Csv {
        delimiter: String,
        encoding: TextEncoding,
    },
    Workbook {
        /// Every sheet of the workbook, in its order.
        sheets: Vec<String>,
        /// The sheet read.
        sheet: String,
    },
}

/// A file read into rows of cells, each row with the line (CSV) or row number (workbook) a
/// person would find it at.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub kind: FileKind,
    pub rows: Vec<(u64, Vec<Cell>)>,
}

/// Reads a file's bytes. `sheet` picks a workbook's sheet by name (any case); without it the
/// first sheet with anything in it is read.
pub fn read(bytes: &[u8], sheet: Option<&str>) -> Result<Grid> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Error::Invalid(format!(
            "The file is {} MB: Clubroom reads files up to {} MB. Is it the right file?",
            bytes.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    if is_workbook(bytes) {
        read_workbook(bytes, sheet)
    } else {
        read_csv(bytes)
    }
}

/// A zip archive (.xlsx, .ods) or an OLE compound file (.xls) by its first bytes.
fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

fn read_workbook(bytes: &[u8], sheet: Option<&str>) -> Result<Grid> {
    let unreadable = |detail: String| {
        Error::Invalid(format!(
            "The file looks like a spreadsheet workbook but can't be read ({detail}). Open it in your spreadsheet program and save it again, or save the sheet as CSV."
        ))
    };
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| unreadable(e.to_string()))?;
    let sheets = workbook.sheet_names();
    if sheets.is_empty() {
        return Err(unreadable("it has no sheets".to_owned()));
    }
    let chosen: Vec<String> = match sheet {
        Some(wanted) => match sheets
            .iter()
            .find(|s| s.eq_ignore_ascii_case(wanted.trim()))
        {
            Some(found) => vec![found.clone()],
            None => {
                return Err(Error::Invalid(format!(
                    "The workbook has no sheet called “{}” (its sheets: {}).",
                    wanted.trim(),
                    sheets.join(", ")
                )));
            }
        },
        None => sheets.clone(),
    };
    for name in &chosen {
        let range = workbook
            .worksheet_range(name)
            .map_err(|e| unreadable(e.to_string()))?;
        let first_row = range.start().map_or(0, |(row, _)| row as u64);
        let first_column = range.start().map_or(0, |(_, column)| column as usize);
        let rows: Vec<(u64, Vec<Cell>)> = range
            .rows()
            .enumerate()
            .map(|(index, row)| {
                // A sheet whose data starts at column C still has columns A and B, empty.
                let mut cells = vec![Cell::Empty; first_column];
                cells.extend(row.iter().map(cell_of));
                (first_row + index as u64 + 1, cells)
            })
            .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
            .collect();
        // Without a sheet named, the first one with anything in it (a workbook often opens
        // on an empty or notes sheet).
        if !rows.is_empty() || sheet.is_some() {
            return Ok(Grid {
                kind: FileKind::Workbook {
                    sheets: sheets.clone(),
                    sheet: name.clone(),
                },
                rows,
            });
        }
    }
    Err(Error::Invalid(format!(
        "Every sheet of the workbook is empty ({}).",
        sheets.join(", ")
    )))
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(n) => Cell::Number(*n),
        Data::String(text) => Cell::Text(text.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(when) if when.is_datetime() => {
            let (year, month, day, ..) = when.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(year.into(), month.into(), day.into())
                .map_or(Cell::Number(when.as_f64()), Cell::Date)
        }
        Data::DateTime(duration) => Cell::Number(duration.as_f64()),
        // OpenDocument keeps dates as ISO text ("2013-03-14" or "2013-03-14T00:00:00").
        Data::DateTimeIso(text) => text
            .get(..10)
            .and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
            .map_or_else(|| Cell::Text(text.clone()), Cell::Date),
        Data::DurationIso(text) => Cell::Text(text.clone()),
        Data::Error(error) => Cell::Text(format!("#{error:?}")),
    }
}

/// Text from bytes: the byte-order mark says UTF-8 or UTF-16; without one, UTF-8 if the
/// bytes are valid UTF-8, else Windows-1252 (what Excel on Windows wrote for years).
pub fn decode_text(bytes: &[u8]) -> (String, TextEncoding) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return (
            String::from_utf8_lossy(rest).into_owned(),
            TextEncoding::Utf8,
        );
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        let (text, _) = encoding_rs::UTF_16LE.decode_with_bom_removal(bytes);
        return (text.into_owned(), TextEncoding::Utf16Le);
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, _) = encoding_rs::UTF_16BE.decode_with_bom_removal(bytes);
        return (text.into_owned(), TextEncoding::Utf16Be);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), TextEncoding::Utf8),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text.into_owned(), TextEncoding::Windows1252)
        }
    }
}

const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// The delimiter that splits the first lines most consistently into more than one cell:
/// the one whose commonest cell count (over one) is shared by the most lines. A European
/// Excel writes semicolons (its decimal point is a comma); "Unicode text" writes tabs.
fn detect_delimiter(text: &str) -> u8 {
    let sample: String = text.lines().take(40).collect::<Vec<_>>().join("\n");
    let mut best = (b',', 0usize, 0usize);
    for delimiter in DELIMITERS {
        let mut counts: std::collections::HashMap<usize, usize> = Default::default();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(sample.as_bytes());
        for record in reader.records().take(40).flatten() {
            if record.len() > 1 {
                *counts.entry(record.len()).or_default() += 1;
            }
        }
        let (width, lines) = counts
            .into_iter()
            .max_by_key(|(width, lines)| (*lines, *width))
            .unwrap_or((0, 0));
        if (lines, width) > (best.1, best.2) {
            best = (delimiter, lines, width);
        }
    }
    best.0
}

fn delimiter_name(delimiter: u8) -> &'static str {
    match delimiter {
        b';' => "semicolon",
        b'\t' => "tab",
        _ => "comma",
    }
}

fn read_csv(bytes: &[u8]) -> Result<Grid> {
    if bytes.contains(&0) && !bytes.starts_with(&[0xFF, 0xFE]) && !bytes.starts_with(&[0xFE, 0xFF])
    {
        return Err(Error::Invalid(
            "The file is neither a spreadsheet workbook nor text Clubroom can read. Pick a CSV, .xlsx, .xls or .ods file.".to_owned(),
        ));
    }
    let (text, encoding) = decode_text(bytes);
    let delimiter = detect_delimiter(&text);
    let lines = super::LineStarts::of(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| lines.line_at(p.byte()));
            Error::Invalid(format!(
                "Line {line} of the file can't be read as CSV ({e})."
            ))
        })?;
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        let cells: Vec<Cell> = record
            .iter()
            .map(|c| {
                if c.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(c.to_owned())
                }
            })
            .collect();
        if cells.iter().any(|c| !c.is_empty()) {
            rows.push((line, cells));
        }
    }
    if rows.is_empty() {
        return Err(Error::Invalid("The file is empty.".to_owned()));
    }
    Ok(Grid {
        kind: FileKind::Csv {
            delimiter: delimiter_name(delimiter).to_owned(),
            encoding,
        },
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(grid: &Grid) -> Vec<Vec<String>> {
        grid.rows
            .iter()
            .map(|(_, row)| row.iter().map(Cell::text).collect())
            .collect()
    }

    #[test]
    fn a_semicolon_file_with_decimal_commas_is_split_on_its_semicolons() {
        let grid = read(
            b"Name;Hours;Postcode\nAda;1,5;CV1 2AB\nBen;2,25;CV6 4AB\n",
            None,
        )
        .unwrap();
        assert_eq!(
            grid.kind,
            FileKind::Csv {
                delimiter: "semicolon".into(),
                encoding: TextEncoding::Utf8
            }
        );
        assert_eq!(texts(&grid)[1], ["Ada", "1,5", "CV1 2AB"]);
    }

    #[test]
    fn tabs_quotes_and_line_breaks_in_cells_are_read_with_the_right_lines() {
        let grid = read(
            b"Name\tNotes\r\n\"Ada\"\t\"two\r\nlines\"\r\nBen\tnone\r\n",
            None,
        )
        .unwrap();
        assert_eq!(texts(&grid)[1], ["Ada", "two\r\nlines"]);
        let lines: Vec<u64> = grid.rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [1, 2, 4], "Ben starts on line 4");
    }

    #[test]
    fn utf16_either_way_round_and_windows_1252_are_decoded() {
        let text = "Name,Town\nSiân,Caerdydd\n";
        let mut big_endian = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            big_endian.extend_from_slice(&unit.to_be_bytes());
        }
        let grid = read(&big_endian, None).unwrap();
        assert_eq!(texts(&grid)[1], ["Siân", "Caerdydd"]);
        assert!(matches!(
            grid.kind,
            FileKind::Csv {
                encoding: TextEncoding::Utf16Be,
                ..
            }
        ));
        // "Zoë £5" as old Excel on Windows saved it: ë is 0xEB, £ is 0xA3.
        let grid = read(b"Name,Paid\nZo\xEB,\xA35\n", None).unwrap();
        assert_eq!(texts(&grid)[1], ["Zoë", "£5"]);
        let (text, encoding) = decode_text(b"\xEF\xBB\xBFName\n");
        assert_eq!((text.as_str(), encoding), ("Name\n", TextEncoding::Utf8));
    }

    #[test]
    fn what_is_not_a_spreadsheet_is_refused_in_words() {
        for bytes in [
            &b""[..],
            b"\n\n,,\n",
            b"\x00\x01\x02binary",
            b"PK\x03\x04broken zip",
        ] {
            let error = read(bytes, None).unwrap_err();
            assert!(matches!(error, Error::Invalid(_)), "{bytes:?}: {error:?}");
        }
    }
}
