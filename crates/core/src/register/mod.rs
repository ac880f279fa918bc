//! Taking a register: who is expected (regulars first), marking present and undoing it,
//! adding someone new at the door, arrival and leaving times, anonymous headcounts, notes.
//!
//! Every mark is its own transaction, committed before the app shows it as marked, so
//! quitting or a crash mid-register loses nothing that was shown.

use chrono::{Days, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::dates::{ClockTime, long_date, now_utc_text};
use crate::error::{Result, invalid};
use crate::sessions::{self, Session, require_not_cancelled};
use crate::store::OptionalRow;
use crate::vocab::{AgeBand, Gender};
use crate::young_people::{self, Profile, SUMMARY_COLUMNS, YoungPersonSummary, summary_from_row};

/// How many earlier sessions of a series decide who is a regular.
pub const REGULAR_LOOKBACK_SESSIONS: u32 = 8;
/// A one-off session expects whoever came to anything in this many days before it.
pub const ONE_OFF_LOOKBACK_DAYS: u64 = 28;

/// One line of the register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RegisterEntry {
    pub young_person: YoungPersonSummary,
    pub present: bool,
    pub arrived: Option<ClockTime>,
    pub left: Option<ClockTime>,
    /// Came to at least half of the recent sessions.
    pub regular: bool,
    /// Sessions attended out of the recent ones looked at.
    pub recent_attendances: u32,
}

/// An anonymous count of young people whose names were not taken (detached work).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Headcount {
    pub gender: Gender,
    pub age_band: AgeBand,
    pub count: u32,
}

/// Everything the register screen shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Register {
    pub session: Session,
    /// Expected young people (regulars first) and anyone else marked present.
    pub entries: Vec<RegisterEntry>,
    pub headcounts: Vec<Headcount>,
    /// How many recent sessions the regulars were judged on.
    pub recent_sessions: u32,
    /// Young people marked present here who have since been erased (or whose old registers
    /// were anonymised): their attendances are kept with no name and still count
    /// (docs/counting-rules.md, "Erased young people"), so the number present is the named
    /// entries marked present plus these, the same number as `session.present`.
    pub erased_present: u32,
}

/// Someone new at the door: the least we need, to complete later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DoorArrival {
    pub first_name: String,
    pub last_name: String,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub date_of_birth: Option<NaiveDate>,
    pub age: Option<u32>,
    pub gender: Gender,
    pub postcode: Option<String>,
    /// The leader has seen the "may already be on the list" warning and this is someone new.
    pub confirmed_new: bool,
}

/// The register of a session.
pub fn register(conn: &Connection, session_id: i64, today: NaiveDate) -> Result<Register> {
    // Names sort by the core's one folding rule (Łucja beside Lucy).
    young_people::with_fold_in_sql(conn)?;
    let session = sessions::get(conn, session_id)?;
    let (recent_sessions, recent) = recent_sessions(conn, &session)?;
    let mut entries = expected(conn, &recent, today)?;
    let present = present_entries(conn, session_id, today)?;
    for (summary, arrived, left) in present {
        match entries.iter_mut().find(|e| e.young_person.id == summary.id) {
            Some(entry) => {
                entry.present = true;
                entry.arrived = arrived;
                entry.left = left;
            }
            None => entries.push(RegisterEntry {
                young_person: summary,
                present: true,
                arrived,
                left,
                regular: false,
                recent_attendances: 0,
            }),
        }
    }
    let named_present = entries.iter().filter(|e| e.present).count() as u32;
    // The session's count of those present is the one rule (sessions::SESSION_COLUMNS);
    // whoever it holds beyond the named marks is kept with no name.
    let erased_present = session.present.saturating_sub(named_present);
    Ok(Register {
        session,
        entries,
        headcounts: headcounts(conn, session_id)?,
        recent_sessions,
        erased_present,
    })
}

/// The held sessions that decide who is expected: the last few of the same series, or for a
/// one-off, every session in the weeks before it.
fn recent_sessions(conn: &Connection, session: &Session) -> Result<(u32, Vec<i64>)> {
    let ids: Vec<i64> = match session.series_id {
        Some(series_id) => conn
            .prepare_cached(
                "SELECT id FROM sessions WHERE series_id = ?1 AND date < ?2 AND cancelled = 0
                 ORDER BY date DESC LIMIT ?3",
            )?
            .query_map(
                params![series_id, session.details.date, REGULAR_LOOKBACK_SESSIONS],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?,
        None => {
            let since = session.details.date - Days::new(ONE_OFF_LOOKBACK_DAYS);
            conn.prepare_cached(
                "SELECT id FROM sessions WHERE date >= ?1 AND date < ?2 AND cancelled = 0",
            )?
            .query_map(params![since, session.details.date], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
        }
    };
    Ok((ids.len() as u32, ids))
}

fn expected(conn: &Connection, recent: &[i64], today: NaiveDate) -> Result<Vec<RegisterEntry>> {
    if recent.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = vec!["?"; recent.len()].join(",");
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, counts.n FROM young_people y
         JOIN (SELECT young_person_id, COUNT(*) AS n FROM attendance WHERE session_id IN ({placeholders})
               GROUP BY young_person_id) counts ON counts.young_person_id = y.id
         WHERE y.archived = 0
         ORDER BY counts.n DESC, clubroom_fold(y.first_name), clubroom_fold(y.last_name)"
    );
    let mut stmt = conn.prepare(&sql)?;
    let sessions_looked_at = recent.len() as u32;
    let entries = stmt
        .query_map(rusqlite::params_from_iter(recent), |row| {
            let recent_attendances: u32 = row.get(14)?;
            Ok(RegisterEntry {
                young_person: summary_from_row(row, today)?,
                present: false,
                arrived: None,
                left: None,
                regular: recent_attendances * 2 >= sessions_looked_at,
                recent_attendances,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(entries)
}

type PresentRow = (YoungPersonSummary, Option<ClockTime>, Option<ClockTime>);

fn present_entries(
    conn: &Connection,
    session_id: i64,
    today: NaiveDate,
) -> Result<Vec<PresentRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS}, a.arrived_at, a.left_at FROM attendance a
         JOIN young_people y ON y.id = a.young_person_id WHERE a.session_id = ?1
         ORDER BY clubroom_fold(y.first_name), clubroom_fold(y.last_name)"
    ))?;
    let rows = stmt
        .query_map([session_id], |row| {
            Ok((summary_from_row(row, today)?, row.get(14)?, row.get(15)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn headcounts(conn: &Connection, session_id: i64) -> Result<Vec<Headcount>> {
    let mut stmt = conn
        .prepare_cached("SELECT gender, age_band, count FROM headcounts WHERE session_id = ?1")?;
    let mut counts: Vec<Headcount> = stmt
        .query_map([session_id], |r| {
            Ok(Headcount {
                gender: r.get(0)?,
                age_band: r.get(1)?,
                count: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    counts.sort_by_key(|h| (h.gender, h.age_band));
    Ok(counts)
}

/// A session can take marks once its day has come, and not when cancelled.
fn open_session(conn: &Connection, session_id: i64, today: NaiveDate) -> Result<Session> {
    let session = sessions::get(conn, session_id)?;
    require_not_cancelled(&session)?;
    if session.details.date > today {
        return invalid(format!(
            "{} is on {}: its register opens on the day.",
            session.details.name,
            long_date(session.details.date)
        ));
    }
    Ok(session)
}

fn entry(
    conn: &Connection,
    session_id: i64,
    young_person_id: i64,
    today: NaiveDate,
) -> Result<RegisterEntry> {
    let young_person = conn
        .query_row(
            &format!("SELECT {SUMMARY_COLUMNS} FROM young_people y WHERE y.id = ?1"),
            [young_person_id],
            |row| summary_from_row(row, today),
        )
        .or_not_found(|| "That young person is not on the list.".into())?;
    let mark: Option<(Option<ClockTime>, Option<ClockTime>)> = conn
        .query_row(
            "SELECT arrived_at, left_at FROM attendance WHERE session_id = ?1 AND young_person_id = ?2",
            params![session_id, young_person_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(RegisterEntry {
        young_person,
        present: mark.is_some(),
        arrived: mark.and_then(|m| m.0),
        left: mark.and_then(|m| m.1),
        regular: false,
        recent_attendances: 0,
    })
}

/// Marks a young person present. Marking someone already present changes nothing.
pub fn mark_present(
    tx: &Transaction,
    session_id: i64,
    young_person_id: i64,
    today: NaiveDate,
) -> Result<RegisterEntry> {
    open_session(tx, session_id, today)?;
    let person = entry(tx, session_id, young_person_id, today)?;
    if person.young_person.archived {
        return invalid(format!(
            "{} is archived. Restore them from Young people before marking them present.",
            person.young_person.display_name()
        ));
    }
    tx.prepare_cached(
        "INSERT OR IGNORE INTO attendance (session_id, young_person_id, marked_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![session_id, young_person_id, now_utc_text()])?;
    entry(tx, session_id, young_person_id, today)
}

/// Undoes a mark (they were marked by mistake).
pub fn unmark(
    tx: &Transaction,
    session_id: i64,
    young_person_id: i64,
    today: NaiveDate,
) -> Result<RegisterEntry> {
    open_session(tx, session_id, today)?;
    tx.prepare_cached("DELETE FROM attendance WHERE session_id = ?1 AND young_person_id = ?2")?
        .execute(params![session_id, young_person_id])?;
    entry(tx, session_id, young_person_id, today)
}

/// Records when someone arrived and left (either may be blank).
pub fn set_times(
    tx: &Transaction,
    session_id: i64,
    young_person_id: i64,
    arrived: Option<ClockTime>,
    left: Option<ClockTime>,
    today: NaiveDate,
) -> Result<RegisterEntry> {
    open_session(tx, session_id, today)?;
    let current = entry(tx, session_id, young_person_id, today)?;
    if !current.present {
        return invalid(format!(
            "Mark {} present before recording their times.",
            current.young_person.display_name()
        ));
    }
    if let (Some(arrived), Some(left)) = (arrived, left)
        && left <= arrived
    {
        return invalid(format!(
            "{} can't leave ({left}) before they arrive ({arrived}).",
            current.young_person.display_name()
        ));
    }
    tx.execute(
        "UPDATE attendance SET arrived_at = ?3, left_at = ?4 WHERE session_id = ?1 AND young_person_id = ?2",
        params![session_id, young_person_id, arrived, left],
    )?;
    entry(tx, session_id, young_person_id, today)
}

/// Adds a young person met at the door and marks them present, in one action.
pub fn add_at_door(
    tx: &Transaction,
    session_id: i64,
    arrival: &DoorArrival,
    today: NaiveDate,
) -> Result<RegisterEntry> {
    let session = open_session(tx, session_id, today)?;
    let mut profile = Profile::named(&arrival.first_name, &arrival.last_name);
    profile.date_of_birth = arrival.date_of_birth;
    profile.age = if arrival.date_of_birth.is_some() {
        None
    } else {
        arrival.age
    };
    profile.gender = arrival.gender;
    profile.postcode = arrival.postcode.clone();
    // Ages are given on the session's day, which may be earlier than today for a late register.
    let added = young_people::add(
        tx,
        None,
        &profile,
        arrival.confirmed_new,
        session.details.date.min(today),
    )?;
    mark_present(tx, session_id, added.id, today)
}

/// Sets one anonymous headcount cell (0 clears it).
pub fn set_headcount(
    tx: &Transaction,
    session_id: i64,
    count: &Headcount,
    today: NaiveDate,
) -> Result<Vec<Headcount>> {
    open_session(tx, session_id, today)?;
    if count.count > 500 {
        return invalid(format!(
            "{} seems too many for one headcount; check the number.",
            count.count
        ));
    }
    if count.count == 0 {
        tx.execute(
            "DELETE FROM headcounts WHERE session_id = ?1 AND gender = ?2 AND age_band = ?3",
            params![session_id, count.gender, count.age_band],
        )?;
    } else {
        tx.execute(
            "INSERT INTO headcounts (session_id, gender, age_band, count) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (session_id, gender, age_band) DO UPDATE SET count = excluded.count",
            params![session_id, count.gender, count.age_band, count.count],
        )?;
    }
    headcounts(tx, session_id)
}

/// Saves the session's notes (what happened, anything to follow up).
pub fn set_notes(tx: &Transaction, session_id: i64, notes: &str) -> Result<Session> {
    sessions::get(tx, session_id)?;
    if notes.chars().count() > 10_000 {
        return invalid("The notes are too long (10,000 characters at most).");
    }
    tx.execute(
        "UPDATE sessions SET notes = ?2, updated_at = ?3 WHERE id = ?1",
        params![session_id, notes.trim(), now_utc_text()],
    )?;
    sessions::get(tx, session_id)
}

#[cfg(test)]
mod tests;
