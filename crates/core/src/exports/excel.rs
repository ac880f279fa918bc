//! Excel workbooks (.xlsx) of the files managers send on: a funder return, the training
//! matrix and the attendance export. Only the exports door ([`super::prepare`]) calls these,
//! so each workbook is checked for permission, written atomically and audited like its CSV.
//!
//! The rules every workbook keeps:
//! - figures are numbers and dates are date cells with a date format, never text that looks
//!   like one, so a funder can add them up and sort them;
//! - every text cell goes through [`files::excel_text_cell`], the same neutralisation as
//!   every CSV (a name beginning `=`, `+`, `-`, `@`, a tab or a carriage return gets a
//!   quote in front), and no cell is ever written as a formula;
//! - a figure the return does not give (a share with nobody to share, a withheld count) is
//!   written as the return shows it, in words or a dash, so no number is invented;
//! - colour is never the only signal: a shaded cell also says its state in words.
//!
//! A return is written from its generic structure (its parts as the return's JSON gives
//! them), not one template or one kind of part at a time: a part whose JSON holds a list of
//! rows becomes a sheet with those rows as a table; a part without rows (a question's
//! answer, fixed wording) goes on the cover sheet. A new kind of part flows through as it is.

use std::collections::BTreeSet;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::dates::ClockTime;
use crate::error::{Error, Result};
use crate::export::AttendanceRow;
use crate::files::excel_text_cell;
use crate::import::ATTENDANCE_COLUMNS;
use crate::print::Colour;
use crate::returns::{Part, Return};
use crate::training::{Matrix, MatrixCell};
use crate::vocab::TrainingStatus;

/// Excel's longest sheet name.
const SHEET_NAME_LIMIT: usize = 31;
/// Characters Excel refuses in a sheet name.
const SHEET_NAME_FORBIDDEN: [char; 7] = ['[', ']', ':', '*', '?', '/', '\\'];
/// The cover sheet of a return.
const COVER: &str = "Return";
const DAY: &str = "dd/mm/yyyy";
const TIME: &str = "hh:mm";

fn failed(e: XlsxError) -> Error {
    Error::Invalid(format!("Could not write the Excel workbook: {e}"))
}

/// A new workbook. Its "created" date is left to rust_xlsxwriter (now), as a PDF's is.
fn finish(mut book: Workbook) -> Result<Vec<u8>> {
    book.save_to_buffer().map_err(failed)
}

fn excel_date(date: NaiveDate) -> Result<ExcelDateTime> {
    let year = u16::try_from(date.year()).map_err(|_| {
        Error::Invalid(format!(
            "Excel cannot hold the date {date}: it is before the year 1900."
        ))
    })?;
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8).map_err(|_| {
        Error::Invalid(format!(
            "Excel cannot hold the date {date}: it is before the year 1900."
        ))
    })
}

fn excel_time(time: ClockTime) -> Result<ExcelDateTime> {
    let minutes = time.minutes();
    ExcelDateTime::from_hms(minutes / 60, (minutes % 60) as u8, 0).map_err(failed)
}

fn rgb(colour: Colour) -> Color {
    Color::RGB(u32::from(colour.0) << 16 | u32::from(colour.1) << 8 | u32::from(colour.2))
}

fn bold() -> Format {
    Format::new().set_bold()
}

fn heading() -> Format {
    Format::new().set_bold().set_font_size(14)
}

fn header_cell() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(rgb(Colour::BAND))
        .set_border(FormatBorder::Thin)
}

/// Writes text people or templates gave, neutralised against formulas.
fn text(sheet: &mut Worksheet, row: u32, col: u16, value: &str) -> Result<()> {
    sheet
        .write_string(row, col, excel_text_cell(value))
        .map_err(failed)?;
    Ok(())
}

fn text_with(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &str,
    format: &Format,
) -> Result<()> {
    sheet
        .write_string_with_format(row, col, excel_text_cell(value), format)
        .map_err(failed)?;
    Ok(())
}

fn date(sheet: &mut Worksheet, row: u32, col: u16, value: NaiveDate) -> Result<()> {
    sheet
        .write_datetime_with_format(
            row,
            col,
            excel_date(value)?,
            &Format::new().set_num_format(DAY),
        )
        .map_err(failed)?;
    Ok(())
}

fn time(sheet: &mut Worksheet, row: u32, col: u16, value: ClockTime) -> Result<()> {
    sheet
        .write_datetime_with_format(
            row,
            col,
            excel_time(value)?,
            &Format::new().set_num_format(TIME),
        )
        .map_err(failed)?;
    Ok(())
}

fn named(name: &str) -> Result<Worksheet> {
    let mut sheet = Worksheet::new();
    sheet.set_name(name).map_err(failed)?;
    Ok(sheet)
}

// ---- sheet names ----

/// Sheet names for a workbook: within Excel's 31 characters, without the characters it
/// refuses, not "History" (Excel keeps that name), and each different from the others
/// whatever their case.
#[derive(Debug, Default)]
pub(crate) struct SheetNames {
    taken: BTreeSet<String>,
}

impl SheetNames {
    /// A name Excel accepts for a sheet titled `title`, told apart from those already
    /// given by " (2)", " (3)" ...
    pub(crate) fn name_for(&mut self, title: &str) -> String {
        let cleaned: String = title
            .chars()
            .map(|c| {
                if SHEET_NAME_FORBIDDEN.contains(&c) || c.is_control() {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let words = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
        // Excel refuses a name beginning or ending with an apostrophe.
        let mut base = words.trim_matches('\'').trim().to_owned();
        if base.is_empty() {
            base = "Table".to_owned();
        }
        if base.eq_ignore_ascii_case("history") {
            base = "History table".to_owned();
        }
        let mut n = 1;
        loop {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!(" ({n})")
            };
            let room = SHEET_NAME_LIMIT - suffix.chars().count();
            let stem: String = base.chars().take(room).collect();
            let name = format!("{}{suffix}", stem.trim_end().trim_end_matches('\''));
            if self.taken.insert(name.to_lowercase()) {
                return name;
            }
            n += 1;
        }
    }
}

// ---- a funder return ----

/// A part of a return as its JSON gives it, keeping the order of its fields (a funder reads
/// the columns in the order the return gives them).
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<Value>),
    Record(Fields),
}

/// A record's fields in the order the JSON gives them.
type Fields = Vec<(String, Value)>;

/// A part of a return that becomes a sheet of its own.
struct TableSheet<'a> {
    name: String,
    title: String,
    fields: &'a Fields,
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Value, D::Error> {
        struct Seen;
        impl<'de> Visitor<'de> for Seen {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E>(self) -> std::result::Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_none<E>(self) -> std::result::Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_bool<E>(self, v: bool) -> std::result::Result<Value, E> {
                Ok(Value::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> std::result::Result<Value, E> {
                Ok(Value::Number(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> std::result::Result<Value, E> {
                Ok(Value::Number(v as f64))
            }
            fn visit_f64<E>(self, v: f64) -> std::result::Result<Value, E> {
                Ok(Value::Number(v))
            }
            fn visit_str<E>(self, v: &str) -> std::result::Result<Value, E> {
                Ok(Value::Text(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> std::result::Result<Value, E> {
                Ok(Value::Text(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Value::List(items))
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Value, A::Error> {
                let mut fields = Vec::new();
                while let Some(field) = map.next_entry()? {
                    fields.push(field);
                }
                Ok(Value::Record(fields))
            }
        }
        deserializer.deserialize_any(Seen)
    }
}

impl Value {
    fn of(part: &Part) -> Result<Fields> {
        let json = serde_json::to_string(part)
            .map_err(|e| Error::Invalid(format!("Could not read a part of the return: {e}")))?;
        match serde_json::from_str(&json) {
            Ok(Value::Record(fields)) => Ok(fields),
            Ok(_) => Ok(Vec::new()),
            Err(e) => Err(Error::Invalid(format!(
                "Could not read a part of the return: {e}"
            ))),
        }
    }

    fn is_table(&self) -> bool {
        matches!(self, Value::List(items) if items.iter().all(|i| matches!(i, Value::Record(_))))
    }

    /// Writes one cell: numbers as numbers, text neutralised, `null` (a figure the return
    /// does not give) as a dash, so no number is invented.
    fn write(&self, sheet: &mut Worksheet, row: u32, col: u16) -> Result<()> {
        match self {
            Value::Null => text(sheet, row, col, "–"),
            Value::Bool(yes) => text(sheet, row, col, if *yes { "yes" } else { "no" }),
            Value::Number(n) => {
                sheet.write_number(row, col, *n).map_err(failed)?;
                Ok(())
            }
            Value::Text(t) => text(sheet, row, col, t),
            Value::List(_) | Value::Record(_) => text(sheet, row, col, &self.words()),
        }
    }

    /// The value in words, for a list or record that is not a table of its own.
    fn words(&self) -> String {
        match self {
            Value::Null => "–".to_owned(),
            Value::Bool(yes) => (if *yes { "yes" } else { "no" }).to_owned(),
            Value::Number(n) => n.to_string(),
            Value::Text(t) => t.clone(),
            Value::List(items) => items
                .iter()
                .map(Value::words)
                .collect::<Vec<_>>()
                .join(", "),
            Value::Record(fields) => fields
                .iter()
                .map(|(k, v)| format!("{}: {}", heading_of(k), v.words()))
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}

/// A field's name as a column heading: "young_people" -> "Young people".
fn heading_of(field: &str) -> String {
    let words = field.replace(['_', '-'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The fields every part has, shown as the sheet's heading rather than as a field.
const PART_HEADING_FIELDS: [&str; 2] = ["kind", "title"];

fn part_title(fields: &[(String, Value)]) -> String {
    fields
        .iter()
        .find(|(k, _)| k == "title")
        .map(|(_, v)| v.words())
        .unwrap_or_default()
}

/// A funder return as a workbook: a cover sheet (title, funder, club, period, what it
/// covers, the day it was counted, the fingerprint of the records behind it, and the parts
/// without tables), then a sheet per table.
pub(crate) fn return_workbook(
    report: &Return,
    fingerprint: &str,
    counted_on: NaiveDate,
) -> Result<Vec<u8>> {
    let mut names = SheetNames::default();
    names.name_for(COVER);
    let parts = report
        .parts
        .iter()
        .map(Value::of)
        .collect::<Result<Vec<_>>>()?;
    let mut sheets = Vec::new();
    let mut on_cover = Vec::new();
    for fields in &parts {
        if fields.iter().any(|(_, v)| v.is_table()) {
            let title = part_title(fields);
            let name = names.name_for(&title);
            sheets.push(TableSheet {
                title: title_or(&title, &name),
                name,
                fields,
            });
        } else {
            on_cover.push(fields);
        }
    }
    let mut book = Workbook::new();
    book.push_worksheet(cover_sheet(
        report,
        fingerprint,
        counted_on,
        &sheets,
        &on_cover,
    )?);
    for TableSheet {
        name,
        title,
        fields,
    } in &sheets
    {
        book.push_worksheet(part_sheet(name, title, fields)?);
    }
    finish(book)
}

fn title_or(title: &str, name: &str) -> String {
    if title.trim().is_empty() {
        name.to_owned()
    } else {
        title.to_owned()
    }
}

fn cover_sheet(
    report: &Return,
    fingerprint: &str,
    counted_on: NaiveDate,
    sheets: &[TableSheet<'_>],
    on_cover: &[&Fields],
) -> Result<Worksheet> {
    let mut sheet = named(COVER)?;
    sheet.set_column_width(0, 28).map_err(failed)?;
    sheet.set_column_width(1, 70).map_err(failed)?;
    sheet.set_column_width(2, 70).map_err(failed)?;
    text_with(&mut sheet, 0, 0, &report.template.name, &heading())?;
    let mut row = 2;
    let mut line = |sheet: &mut Worksheet, label: &str, value: &str| -> Result<()> {
        text_with(sheet, row, 0, label, &bold())?;
        text(sheet, row, 1, value)?;
        row += 1;
        Ok(())
    };
    line(&mut sheet, "Funder", &report.template.funder)?;
    line(&mut sheet, "Club", &report.organisation)?;
    if let Some(number) = &report.charity_number {
        line(&mut sheet, "Charity number", number)?;
    }
    line(&mut sheet, "Covers", &report.covers)?;
    line(
        &mut sheet,
        "Template",
        &format!(
            "{} (version {})",
            report.template.id, report.template.version
        ),
    )?;
    line(&mut sheet, "Fingerprint of the records", fingerprint)?;
    for (label, day) in [
        ("Period from", report.period.from),
        ("Period to", report.period.to),
        ("Counted on", counted_on),
    ] {
        text_with(&mut sheet, row, 0, label, &bold())?;
        date(&mut sheet, row, 1, day)?;
        row += 1;
    }
    row += 1;
    if !sheets.is_empty() {
        text_with(&mut sheet, row, 0, "Tables", &bold())?;
        row += 1;
        for TableSheet { name, title, .. } in sheets {
            text(&mut sheet, row, 0, name)?;
            text(&mut sheet, row, 1, title)?;
            row += 1;
        }
        row += 1;
    }
    for fields in on_cover {
        text_with(&mut sheet, row, 0, &part_title(fields), &bold())?;
        for (field, value) in fields.iter() {
            if PART_HEADING_FIELDS.contains(&field.as_str()) || field == "id" {
                continue;
            }
            text(&mut sheet, row, 1, &heading_of(field))?;
            value.write(&mut sheet, row, 2)?;
            row += 1;
        }
        row += 1;
    }
    Ok(sheet)
}

/// One table of a return: its title, the part's other fields (a total, a note) as labelled
/// lines, then each list of rows as a table with a heading per field.
fn part_sheet(name: &str, title: &str, fields: &[(String, Value)]) -> Result<Worksheet> {
    let mut sheet = named(name)?;
    sheet.set_column_width(0, 30).map_err(failed)?;
    text_with(&mut sheet, 0, 0, title, &heading())?;
    let mut row = 2;
    for (field, value) in fields {
        if PART_HEADING_FIELDS.contains(&field.as_str()) || value.is_table() {
            continue;
        }
        text_with(&mut sheet, row, 0, &heading_of(field), &bold())?;
        value.write(&mut sheet, row, 1)?;
        row += 1;
    }
    for (field, value) in fields {
        let Value::List(records) = value else {
            continue;
        };
        if !value.is_table() {
            continue;
        }
        row += 1;
        if fields.iter().filter(|(_, v)| v.is_table()).count() > 1 {
            text_with(&mut sheet, row, 0, &heading_of(field), &bold())?;
            row += 1;
        }
        row = write_table(&mut sheet, row, records)?;
    }
    Ok(sheet)
}

/// Writes records as a table (a heading per field, in the order they first appear) and
/// gives the next free row.
fn write_table(sheet: &mut Worksheet, mut row: u32, records: &[Value]) -> Result<u32> {
    let mut columns: Vec<&str> = Vec::new();
    for record in records {
        if let Value::Record(fields) = record {
            for (field, _) in fields {
                if !columns.contains(&field.as_str()) {
                    columns.push(field);
                }
            }
        }
    }
    let header = header_cell();
    for (col, field) in columns.iter().enumerate() {
        text_with(sheet, row, col as u16, &heading_of(field), &header)?;
    }
    row += 1;
    for record in records {
        let Value::Record(fields) = record else {
            continue;
        };
        for (col, field) in columns.iter().enumerate() {
            if let Some((_, value)) = fields.iter().find(|(k, _)| k == field) {
                value.write(sheet, row, col as u16)?;
            }
        }
        row += 1;
    }
    Ok(row)
}

// ---- the training matrix ----

fn status_fill(status: TrainingStatus) -> (Colour, Colour) {
    match status {
        TrainingStatus::Valid => (Colour::OK_SOFT, Colour::OK),
        TrainingStatus::Expiring => (Colour::WARN_SOFT, Colour::WARN),
        TrainingStatus::Expired | TrainingStatus::Missing => (Colour::DANGER_SOFT, Colour::DANGER),
    }
}

/// A cell of the matrix in words, as the window and the PDF say it: the state, then when.
pub(crate) fn matrix_cell_words(cell: &MatrixCell) -> String {
    let Some(status) = cell.status else {
        return "–".to_owned();
    };
    let when = match (status, cell.expires_on) {
        (TrainingStatus::Missing, _) => "not on record".to_owned(),
        (TrainingStatus::Expired, Some(expiry)) => format!("since {}", expiry.format("%-d %b %Y")),
        (_, Some(expiry)) => format!("to {}", expiry.format("%-d %b %Y")),
        (_, None) => "no expiry".to_owned(),
    };
    let required = if cell.required { " (required)" } else { "" };
    format!("{}, {when}{required}", status.label())
}

/// The training matrix as a workbook: the grid as the window shows it (a row per person, a
/// column per course, each cell shaded by its state AND saying it in words), and a sheet of
/// the records behind it with dates as date cells.
pub(crate) fn matrix_workbook(matrix: &Matrix, club: &str) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    book.push_worksheet(matrix_grid(matrix, club)?);
    book.push_worksheet(matrix_records(matrix)?);
    finish(book)
}

fn roles_of(row: &crate::training::MatrixRow) -> String {
    let roles: Vec<&str> = row.person.details.roles.iter().map(|r| r.label()).collect();
    if roles.is_empty() {
        row.person.main_role().label().to_owned()
    } else {
        roles.join(", ")
    }
}

fn matrix_grid(matrix: &Matrix, club: &str) -> Result<Worksheet> {
    let mut sheet = named("Training matrix")?;
    text_with(
        &mut sheet,
        0,
        0,
        &format!(
            "Training matrix: {club}, on {}",
            matrix.on.format("%-d %B %Y")
        ),
        &heading(),
    )?;
    text(
        &mut sheet,
        1,
        0,
        &format!(
            "Each cell says its state in words and is shaded: expired or missing red, \
             expiring soon (within {} days) amber, in date green.",
            matrix.warning_days
        ),
    )?;
    let header = header_cell();
    let top = 3;
    text_with(&mut sheet, top, 0, "Person", &header)?;
    text_with(&mut sheet, top, 1, "Role", &header)?;
    sheet.set_column_width(0, 24).map_err(failed)?;
    sheet.set_column_width(1, 18).map_err(failed)?;
    for (i, course) in matrix.courses.iter().enumerate() {
        let col = 2 + i as u16;
        text_with(
            &mut sheet,
            top,
            col,
            &course.details.name,
            &header.clone().set_text_wrap(),
        )?;
        sheet.set_column_width(col, 26).map_err(failed)?;
    }
    let last = 2 + matrix.courses.len() as u16;
    text_with(&mut sheet, top, last, "Overall", &header)?;
    sheet.set_column_width(last, 16).map_err(failed)?;
    for (r, row) in matrix.rows.iter().enumerate() {
        let at = top + 1 + r as u32;
        text(&mut sheet, at, 0, &row.person.details.name)?;
        text(&mut sheet, at, 1, &roles_of(row))?;
        for (i, cell) in row.cells.iter().enumerate() {
            let words = matrix_cell_words(cell);
            let col = 2 + i as u16;
            match cell.status {
                Some(status) => {
                    let (fill, ink) = status_fill(status);
                    let format = Format::new()
                        .set_background_color(rgb(fill))
                        .set_font_color(rgb(ink));
                    let format = if cell.required {
                        format.set_bold().set_border(FormatBorder::Thin)
                    } else {
                        format
                    };
                    text_with(&mut sheet, at, col, &words, &format)?;
                }
                None => text(&mut sheet, at, col, &words)?,
            }
        }
        let (fill, ink) = status_fill(row.worst);
        let format = Format::new()
            .set_background_color(rgb(fill))
            .set_font_color(rgb(ink));
        text_with(&mut sheet, at, last, row.worst.label(), &format)?;
    }
    sheet.set_freeze_panes(top + 1, 2).map_err(failed)?;
    Ok(sheet)
}

fn matrix_records(matrix: &Matrix) -> Result<Worksheet> {
    let mut sheet = named("Records")?;
    let header = header_cell();
    for (col, title) in [
        "Person",
        "Role",
        "Course",
        "Required",
        "Completed on",
        "Expires on",
        "Status",
    ]
    .iter()
    .enumerate()
    {
        text_with(&mut sheet, 0, col as u16, title, &header)?;
    }
    let mut at = 1;
    for row in &matrix.rows {
        for (cell, course) in row.cells.iter().zip(&matrix.courses) {
            let Some(status) = cell.status else { continue };
            text(&mut sheet, at, 0, &row.person.details.name)?;
            text(&mut sheet, at, 1, &roles_of(row))?;
            text(&mut sheet, at, 2, &course.details.name)?;
            text(&mut sheet, at, 3, if cell.required { "yes" } else { "no" })?;
            if let Some(day) = cell.completed_on {
                date(&mut sheet, at, 4, day)?;
            }
            if let Some(day) = cell.expires_on {
                date(&mut sheet, at, 5, day)?;
            }
            let (fill, ink) = status_fill(status);
            let format = Format::new()
                .set_background_color(rgb(fill))
                .set_font_color(rgb(ink));
            text_with(&mut sheet, at, 6, status.label(), &format)?;
            at += 1;
        }
    }
    Ok(sheet)
}

// ---- attendance ----

/// The attendance export as a workbook: the CSV's columns, with the date a date cell and
/// the times time cells.
pub(crate) fn attendance_workbook(rows: &[AttendanceRow]) -> Result<Vec<u8>> {
    let mut sheet = named("Attendance")?;
    let header = header_cell();
    for (col, title) in ATTENDANCE_COLUMNS.iter().enumerate() {
        text_with(&mut sheet, 0, col as u16, title, &header)?;
    }
    sheet.set_column_width(0, 12).map_err(failed)?;
    sheet.set_column_width(1, 24).map_err(failed)?;
    for (i, row) in rows.iter().enumerate() {
        let at = 1 + i as u32;
        date(&mut sheet, at, 0, row.date)?;
        text(&mut sheet, at, 1, &row.session)?;
        time(&mut sheet, at, 2, row.start)?;
        time(&mut sheet, at, 3, row.end)?;
        text(&mut sheet, at, 4, row.session_type.code())?;
        text(&mut sheet, at, 5, &row.venue)?;
        text(&mut sheet, at, 6, &row.reference)?;
        if let Some(arrived) = row.arrived {
            time(&mut sheet, at, 7, arrived)?;
        }
        if let Some(left) = row.left {
            time(&mut sheet, at, 8, left)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(failed)?;
    let mut book = Workbook::new();
    book.push_worksheet(sheet);
    finish(book)
}
