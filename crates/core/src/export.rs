//! Exporting attendance as CSV, in the same format the attendance import reads, so an export
//! can be imported into another copy of Clubroom.

use std::io::Write;

use rusqlite::{Connection, params};

use crate::dates::{ClockTime, Period};
use crate::error::{Error, Result};
use crate::files::csv_text_cell;
use crate::import::ATTENDANCE_COLUMNS;
use crate::vocab::SessionType;

/// Writes every present mark in the period (sessions not cancelled), ordered by date, start,
/// session and reference. Returns the number of rows written.
pub fn attendance(conn: &Connection, period: Period, output: impl Write) -> Result<u64> {
    let mut writer = csv::Writer::from_writer(output);
    let file_error =
        |e: csv::Error| Error::Invalid(format!("Could not write the attendance file: {e}"));
    writer
        .write_record(ATTENDANCE_COLUMNS)
        .map_err(file_error)?;
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
    let mut rows = stmt.query(params![period.from, period.to])?;
    let mut written = 0;
    while let Some(row) = rows.next()? {
        let session_type: SessionType = row.get(4)?;
        let time = |value: Option<ClockTime>| value.map(|t| t.to_string()).unwrap_or_default();
        // The session's name, the venue's and the reference are text people typed:
        // neutralised against formulas (the attendance import reads them back).
        let text = |value: String| csv_text_cell(&value).into_owned();
        let record = [
            row.get::<_, String>(0)?,
            text(row.get(1)?),
            row.get::<_, String>(2)?,
            row.get::<_, String>(3)?,
            session_type.code().to_owned(),
            text(row.get(5)?),
            text(row.get(6)?),
            time(row.get(7)?),
            time(row.get(8)?),
        ];
        writer.write_record(&record).map_err(file_error)?;
        written += 1;
    }
    writer
        .flush()
        .map_err(|e| Error::file("Could not write the attendance file", e))?;
    Ok(written)
}
