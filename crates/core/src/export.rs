//! Exporting attendance as CSV, in the same format the attendance import reads, so an export
//! can be imported into another copy of Clubroom. The rows themselves ([`attendance_rows`])
//! are also what the Excel workbook of the same export is written from.

use std::io::Write;

use chrono::NaiveDate;
use rusqlite::{Connection, params};

use crate::dates::{ClockTime, Period};
use crate::error::{Error, Result};
use crate::files::csv_text_cell;
use crate::import::ATTENDANCE_COLUMNS;
use crate::vocab::SessionType;

/// One present mark, as the attendance export writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceRow {
    pub date: NaiveDate,
    pub session: String,
    pub start: ClockTime,
    pub end: ClockTime,
    pub session_type: SessionType,
    /// Empty when the session has no venue.
    pub venue: String,
    pub reference: String,
    pub arrived: Option<ClockTime>,
    pub left: Option<ClockTime>,
}

/// Every present mark in the period (sessions not cancelled), ordered by date, start,
/// session and reference.
pub fn attendance_rows(conn: &Connection, period: Period) -> Result<Vec<AttendanceRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.date, s.name, s.start_time, s.end_time, s.session_type, COALESCE(v.name, ''), y.ref,
                a.arrived_at, a.left_at
         FROM attendance a
         JOIN sessions s ON s.id = a.session_id
         JOIN young_people y ON y.id = a.young_person_id
         LEFT JOIN venues v ON v.id = s.venue_id
         WHERE s.date BETWEEN ?1 AND ?2 AND s.cancelled = 0
         ORDER BY s.date, s.start_time, s.name, y.ref",
    )?;
    let rows = stmt
        .query_map(params![period.from, period.to], |row| {
            Ok(AttendanceRow {
                date: row.get(0)?,
                session: row.get(1)?,
                start: row.get(2)?,
                end: row.get(3)?,
                session_type: row.get(4)?,
                venue: row.get(5)?,
                reference: row.get(6)?,
                arrived: row.get(7)?,
                left: row.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Writes every present mark in the period as CSV (see [`attendance_rows`]). Returns the
/// number of rows written.
pub fn attendance(conn: &Connection, period: Period, output: impl Write) -> Result<u64> {
    write_attendance_csv(&attendance_rows(conn, period)?, output)
}

/// Writes attendance rows as CSV with the attendance import's columns.
pub fn write_attendance_csv(rows: &[AttendanceRow], output: impl Write) -> Result<u64> {
    let mut writer = csv::Writer::from_writer(output);
    let file_error =
        |e: csv::Error| Error::Invalid(format!("Could not write the attendance file: {e}"));
    writer
        .write_record(ATTENDANCE_COLUMNS)
        .map_err(file_error)?;
    let time = |value: Option<ClockTime>| value.map(|t| t.to_string()).unwrap_or_default();
    for row in rows {
        // The session's name, the venue's and the reference are text people typed:
        // neutralised against formulas (the attendance import reads them back).
        let record = [
            row.date.to_string(),
            csv_text_cell(&row.session).into_owned(),
            row.start.to_string(),
            row.end.to_string(),
            row.session_type.code().to_owned(),
            csv_text_cell(&row.venue).into_owned(),
            csv_text_cell(&row.reference).into_owned(),
            time(row.arrived),
            time(row.left),
        ];
        writer.write_record(&record).map_err(file_error)?;
    }
    writer
        .flush()
        .map_err(|e| Error::file("Could not write the attendance file", e))?;
    Ok(rows.len() as u64)
}
