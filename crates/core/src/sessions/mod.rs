//! Sessions: one-off sessions and weekly series that generate dated sessions, cancelling a
//! single date, and the session's own details (activities, outcome areas, notes).

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::access::{self, Actor, Permission};
use crate::dates::{
    ClockTime, check_start_before_end, day_first, long_date, minutes_between, now_utc_text,
};
use crate::error::{Error, Result, invalid};
use crate::organisation;
use crate::outcomes::{self, Framework, FrameworkUse, OutcomeTag};
use crate::store::{OptionalRow, tidy};
use crate::vocab::SessionType;

/// How far ahead a series' dated sessions exist, so the week's plan and the paper register
/// of next week's session are always there to open.
pub const HORIZON_WEEKS: u64 = 12;

/// What the weekly-series form sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SeriesInput {
    pub name: String,
    /// ISO weekday: 1 = Monday ... 7 = Sunday.
    pub weekday: u32,
    pub start: ClockTime,
    pub end: ClockTime,
    pub venue_id: Option<i64>,
    pub session_type: SessionType,
    pub age_min: Option<u32>,
    pub age_max: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub starts_on: NaiveDate,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub ends_on: Option<NaiveDate>,
    /// The project (often a grant) its sessions belong to.
    #[serde(default)]
    pub project_id: Option<i64>,
    /// Outcome areas every session of the series works towards.
    #[serde(default)]
    pub outcomes: Vec<OutcomeTag>,
}

/// A weekly pattern such as "Tuesday Juniors, 18:00-20:00, St Mary's Hall".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Series {
    pub id: i64,
    #[serde(flatten)]
    pub details: SeriesInput,
    pub venue_name: Option<String>,
    pub archived: bool,
    /// The next session on or after today that is not cancelled.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub next_date: Option<NaiveDate>,
}

/// What the session form sends (a one-off, or one date of a series being edited).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SessionInput {
    pub name: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub date: NaiveDate,
    pub start: ClockTime,
    pub end: ClockTime,
    pub venue_id: Option<i64>,
    pub session_type: SessionType,
    pub age_min: Option<u32>,
    pub age_max: Option<u32>,
    pub activities: Vec<String>,
    pub outcomes: Vec<OutcomeTag>,
    pub notes: String,
    /// The project (often a grant) the session belongs to.
    #[serde(default)]
    pub project_id: Option<i64>,
}

impl SessionInput {
    /// A one-off session with just its name, date, times, venue and type: no age range,
    /// activities, outcomes or notes yet.
    pub fn one_off(
        name: &str,
        date: NaiveDate,
        (start, end): (ClockTime, ClockTime),
        venue_id: Option<i64>,
        session_type: SessionType,
    ) -> SessionInput {
        SessionInput {
            name: name.to_owned(),
            date,
            start,
            end,
            venue_id,
            session_type,
            age_min: None,
            age_max: None,
            activities: Vec::new(),
            outcomes: Vec::new(),
            notes: String::new(),
            project_id: None,
        }
    }
}

/// One dated session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Session {
    pub id: i64,
    pub series_id: Option<i64>,
    #[serde(flatten)]
    pub details: SessionInput,
    pub venue_name: Option<String>,
    pub cancelled: bool,
    pub cancel_reason: Option<String>,
    /// Young people marked present, erased ones included (their attendances are kept with no
    /// name and still count: docs/counting-rules.md, "Erased young people").
    pub present: u32,
    /// The sum of anonymous headcounts.
    pub headcount: u32,
}

impl Session {
    pub fn duration_minutes(&self) -> u32 {
        minutes_between(self.details.start, self.details.end)
    }

    /// "Tuesday Juniors, Tuesday 4 March 2025, 18:00-20:00".
    pub fn describe(&self) -> String {
        format!(
            "{}, {}, {}-{}",
            self.details.name,
            long_date(self.details.date),
            self.details.start,
            self.details.end
        )
    }
}

fn weekday_of(number: u32) -> Result<Weekday> {
    match number {
        1..=7 => Ok(Weekday::try_from((number - 1) as u8).expect("0..=6 is a weekday")),
        _ => invalid("Choose the day of the week the series meets."),
    }
}

fn check_age_range(min: Option<u32>, max: Option<u32>) -> Result<()> {
    if let (Some(min), Some(max)) = (min, max)
        && min > max
    {
        return invalid(format!("The age range {min}-{max} is the wrong way round."));
    }
    if min.or(max).is_some_and(|a| a > 30) {
        return invalid("Age ranges go up to 30 at most.");
    }
    Ok(())
}

fn check_venue(conn: &Connection, venue_id: Option<i64>) -> Result<()> {
    if let Some(id) = venue_id {
        organisation::venue(conn, id)?;
    }
    Ok(())
}

fn check_series(conn: &Connection, input: &SeriesInput) -> Result<SeriesInput> {
    let name = input.name.trim();
    if name.is_empty() {
        return invalid("Give the series a name, such as “Tuesday Juniors”.");
    }
    weekday_of(input.weekday)?;
    check_start_before_end(input.start, input.end, "session")?;
    check_age_range(input.age_min, input.age_max)?;
    check_venue(conn, input.venue_id)?;
    check_project(conn, input.project_id)?;
    check_tags(conn, &input.outcomes)?;
    if let Some(ends_on) = input.ends_on
        && ends_on < input.starts_on
    {
        return invalid(format!(
            "The series ends ({}) before it starts ({}).",
            day_first(ends_on),
            day_first(input.starts_on)
        ));
    }
    let mut outcomes = input.outcomes.clone();
    outcomes.sort();
    outcomes.dedup();
    Ok(SeriesInput {
        name: name.to_owned(),
        outcomes,
        ..input.clone()
    })
}

fn check_project(conn: &Connection, project_id: Option<i64>) -> Result<()> {
    if let Some(id) = project_id {
        crate::projects::get(conn, id)?;
    }
    Ok(())
}

fn check_session(conn: &Connection, input: &SessionInput) -> Result<SessionInput> {
    let name = input.name.trim();
    if name.is_empty() {
        return invalid("Give the session a name.");
    }
    check_start_before_end(input.start, input.end, "session")?;
    check_age_range(input.age_min, input.age_max)?;
    check_venue(conn, input.venue_id)?;
    check_project(conn, input.project_id)?;
    check_tags(conn, &input.outcomes)?;
    let activities = input
        .activities
        .iter()
        .filter_map(|a| tidy(Some(a)))
        .collect();
    let mut outcomes = input.outcomes.clone();
    outcomes.sort();
    outcomes.dedup();
    Ok(SessionInput {
        name: name.to_owned(),
        activities,
        outcomes,
        notes: input.notes.trim().to_owned(),
        ..input.clone()
    })
}

// ---- series ----

const SERIES_COLUMNS: &str = "r.id, r.name, r.weekday, r.start_time, r.end_time, r.venue_id, r.session_type, r.age_min,
     r.age_max, r.starts_on, r.ends_on, v.name, r.archived,
     (SELECT MIN(s.date) FROM sessions s WHERE s.series_id = r.id AND s.cancelled = 0 AND s.date >= ?1),
     r.project_id";

fn series_from_row(row: &Row) -> rusqlite::Result<Series> {
    Ok(Series {
        id: row.get(0)?,
        details: SeriesInput {
            name: row.get(1)?,
            weekday: row.get(2)?,
            start: row.get(3)?,
            end: row.get(4)?,
            venue_id: row.get(5)?,
            session_type: row.get(6)?,
            age_min: row.get(7)?,
            age_max: row.get(8)?,
            starts_on: row.get(9)?,
            ends_on: row.get(10)?,
            project_id: row.get(14)?,
            outcomes: Vec::new(),
        },
        venue_name: row.get(11)?,
        archived: row.get(12)?,
        next_date: row.get(13)?,
    })
}

pub fn series(conn: &Connection, id: i64, today: NaiveDate) -> Result<Series> {
    let mut series = conn
        .query_row(
            &format!("SELECT {SERIES_COLUMNS} FROM session_series r LEFT JOIN venues v ON v.id = r.venue_id WHERE r.id = ?2"),
            params![today, id],
            series_from_row,
        )
        .or_not_found(|| "That series no longer exists.".into())?;
    series.details.outcomes = series_outcomes(conn, id)?;
    Ok(series)
}

/// What the club's offer of outcome frameworks turns on, read where it is kept: the club's
/// area from its details, the frameworks in use from its series and sessions.
pub fn framework_use(conn: &Connection) -> Result<FrameworkUse> {
    Ok(FrameworkUse {
        area: organisation::get(conn)?.and_then(|club| club.area),
        in_use: frameworks_in_use(conn)?,
    })
}

/// The frameworks this club is offered when it tags a series or a session
/// (`outcomes::frameworks_offered` for the club as it stands).
pub fn frameworks_for_club(conn: &Connection) -> Result<Vec<Framework>> {
    outcomes::frameworks_offered(conn, &framework_use(conn)?)
}

/// Checks that every tag names a real outcome of a framework offered to this club.
pub fn check_tags(conn: &Connection, tags: &[OutcomeTag]) -> Result<()> {
    outcomes::check_tags(conn, tags, &framework_use(conn)?)
}

/// The frameworks any series or session of the club is tagged with: they stay offered to
/// the club whatever its area, so a tag already given is never hidden.
pub fn frameworks_in_use(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT framework_code FROM series_outcomes
         UNION SELECT framework_code FROM session_outcomes ORDER BY 1",
    )?;
    let codes = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(codes)
}

fn series_outcomes(conn: &Connection, id: i64) -> Result<Vec<OutcomeTag>> {
    let mut stmt = conn.prepare_cached(
        "SELECT framework_code, outcome_code FROM series_outcomes WHERE series_id = ?1 ORDER BY 1, 2",
    )?;
    let tags = stmt
        .query_map([id], |r| {
            Ok(OutcomeTag {
                framework: r.get(0)?,
                code: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(tags)
}

fn write_series_outcomes(tx: &Transaction, id: i64, tags: &[OutcomeTag]) -> Result<()> {
    tx.execute("DELETE FROM series_outcomes WHERE series_id = ?1", [id])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO series_outcomes (series_id, framework_code, outcome_code) VALUES (?1, ?2, ?3)",
    )?;
    for tag in tags {
        insert.execute(params![id, tag.framework, tag.code])?;
    }
    Ok(())
}

/// Every series: running ones first, by weekday and time.
pub fn all_series(conn: &Connection, today: NaiveDate) -> Result<Vec<Series>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SERIES_COLUMNS} FROM session_series r LEFT JOIN venues v ON v.id = r.venue_id
         ORDER BY r.archived, r.weekday, r.start_time, r.name"
    ))?;
    let all: Vec<Series> = stmt
        .query_map([today], series_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    all.into_iter()
        .map(|mut s| {
            s.details.outcomes = series_outcomes(conn, s.id)?;
            Ok(s)
        })
        .collect()
}

/// Creates a weekly series and its dated sessions up to the horizon (or its end date).
pub fn add_series(tx: &Transaction, input: &SeriesInput, today: NaiveDate) -> Result<Series> {
    let input = check_series(tx, input)?;
    let now = now_utc_text();
    tx.execute(
        "INSERT INTO session_series (name, weekday, start_time, end_time, venue_id, session_type, age_min, age_max,
                                     starts_on, ends_on, created_at, updated_at, project_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)",
        params![
            input.name,
            input.weekday,
            input.start,
            input.end,
            input.venue_id,
            input.session_type,
            input.age_min,
            input.age_max,
            input.starts_on,
            input.ends_on,
            now,
            input.project_id
        ],
    )?;
    let id = tx.last_insert_rowid();
    write_series_outcomes(tx, id, &input.outcomes)?;
    generate_series_sessions(tx, id, GenerateFrom::Start, today)?;
    series(tx, id, today)
}

/// Changes a series. Sessions already held (or with a register started) keep what they were;
/// every later session takes the new pattern.
pub fn update_series(
    tx: &Transaction,
    id: i64,
    input: &SeriesInput,
    today: NaiveDate,
) -> Result<Series> {
    series(tx, id, today)?;
    let input = check_series(tx, input)?;
    tx.execute(
        "UPDATE session_series SET name = ?2, weekday = ?3, start_time = ?4, end_time = ?5, venue_id = ?6,
             session_type = ?7, age_min = ?8, age_max = ?9, starts_on = ?10, ends_on = ?11, updated_at = ?12,
             project_id = ?13
         WHERE id = ?1",
        params![
            id,
            input.name,
            input.weekday,
            input.start,
            input.end,
            input.venue_id,
            input.session_type,
            input.age_min,
            input.age_max,
            input.starts_on,
            input.ends_on,
            now_utc_text(),
            input.project_id
        ],
    )?;
    write_series_outcomes(tx, id, &input.outcomes)?;
    remove_untouched_future_sessions(tx, id, today)?;
    generate_series_sessions(tx, id, GenerateFrom::Today, today)?;
    series(tx, id, today)
}

/// Stops a series (or starts it again). Its future sessions with no register are removed.
pub fn set_series_archived(
    tx: &Transaction,
    id: i64,
    archived: bool,
    today: NaiveDate,
) -> Result<Series> {
    series(tx, id, today)?;
    tx.execute(
        "UPDATE session_series SET archived = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, archived, now_utc_text()],
    )?;
    remove_untouched_future_sessions(tx, id, today)?;
    generate_series_sessions(tx, id, GenerateFrom::Today, today)?;
    series(tx, id, today)
}

/// Future sessions of a series that nobody has touched: no marks (named, or kept without a
/// name after an erasure), headcounts, staff or notes.
fn remove_untouched_future_sessions(
    tx: &Transaction,
    series_id: i64,
    today: NaiveDate,
) -> Result<()> {
    tx.execute(
        "DELETE FROM sessions WHERE series_id = ?1 AND date >= ?2 AND cancelled = 0 AND notes = ''
           AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = sessions.id)
           AND NOT EXISTS (SELECT 1 FROM anonymous_attendance a WHERE a.session_id = sessions.id)
           AND NOT EXISTS (SELECT 1 FROM headcounts h WHERE h.session_id = sessions.id)
           AND NOT EXISTS (SELECT 1 FROM staffing f WHERE f.session_id = sessions.id)",
        params![series_id, today],
    )?;
    Ok(())
}

/// Where generating a series' sessions starts from.
#[derive(Clone, Copy)]
enum GenerateFrom {
    /// A new series: every week from its start, even weeks already past (late registers).
    Start,
    /// A changed series: from today, so the past is not rewritten.
    Today,
    /// Keeping a series going: after its last generated date, so gaps fill but nothing removed
    /// or cancelled comes back.
    LastGenerated,
}

/// Makes the dated sessions of one series exist up to the horizon or its end date. Dates
/// that already exist, held or cancelled, are kept.
fn generate_series_sessions(
    tx: &Transaction,
    series_id: i64,
    from: GenerateFrom,
    today: NaiveDate,
) -> Result<usize> {
    let s = series(tx, series_id, today)?;
    if s.archived {
        return Ok(0);
    }
    let horizon = today + Days::new(HORIZON_WEEKS * 7);
    let last = s.details.ends_on.map_or(horizon, |end| end.min(horizon));
    let weekday = weekday_of(s.details.weekday)?;
    let start = match from {
        GenerateFrom::Start => s.details.starts_on,
        GenerateFrom::Today => s.details.starts_on.max(today),
        GenerateFrom::LastGenerated => {
            let latest: Option<NaiveDate> = tx.query_row(
                "SELECT MAX(date) FROM sessions WHERE series_id = ?1",
                [series_id],
                |r| r.get(0),
            )?;
            latest
                .map_or(s.details.starts_on, |d| d.succ_opt().unwrap_or(d))
                .max(s.details.starts_on)
        }
    };
    let mut date = first_on_or_after(start, weekday);
    let now = now_utc_text();
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO sessions (series_id, name, date, start_time, end_time, venue_id, session_type,
                                         age_min, age_max, created_at, updated_at, project_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
    )?;
    let mut tag = tx.prepare_cached(
        "INSERT OR IGNORE INTO session_outcomes (session_id, framework_code, outcome_code) VALUES (?1, ?2, ?3)",
    )?;
    let mut added = 0;
    while date <= last {
        let inserted = insert.execute(params![
            series_id,
            s.details.name,
            date,
            s.details.start,
            s.details.end,
            s.details.venue_id,
            s.details.session_type,
            s.details.age_min,
            s.details.age_max,
            now,
            s.details.project_id
        ])?;
        if inserted == 1 {
            let session_id = tx.last_insert_rowid();
            for outcome in &s.details.outcomes {
                tag.execute(params![session_id, outcome.framework, outcome.code])?;
            }
        }
        added += inserted;
        date = date + Days::new(7);
    }
    Ok(added)
}

fn first_on_or_after(date: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - date.weekday().num_days_from_monday()) % 7;
    date + Days::new(u64::from(ahead))
}

/// The session of a series on a date, and whether it was made now: an old register matched
/// to the series attaches its marks to the session the series already has on that date
/// (held or cancelled, as it is), or makes that date's session from the series' pattern (an
/// earlier week the series did not generate).
pub fn series_session_on(
    tx: &Transaction,
    series_id: i64,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<(Session, bool)> {
    let found: Option<i64> = tx
        .query_row(
            "SELECT id FROM sessions WHERE series_id = ?1 AND date = ?2",
            params![series_id, date],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = found {
        return Ok((get(tx, id)?, false));
    }
    let s = series(tx, series_id, today)?;
    tx.execute(
        "INSERT INTO sessions (series_id, name, date, start_time, end_time, venue_id, session_type,
                               age_min, age_max, created_at, updated_at, project_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
        params![
            series_id,
            s.details.name,
            date,
            s.details.start,
            s.details.end,
            s.details.venue_id,
            s.details.session_type,
            s.details.age_min,
            s.details.age_max,
            now_utc_text(),
            s.details.project_id
        ],
    )?;
    let id = tx.last_insert_rowid();
    let mut tag = tx.prepare_cached(
        "INSERT OR IGNORE INTO session_outcomes (session_id, framework_code, outcome_code) VALUES (?1, ?2, ?3)",
    )?;
    for outcome in &s.details.outcomes {
        tag.execute(params![id, outcome.framework, outcome.code])?;
    }
    Ok((get(tx, id)?, true))
}

/// Keeps every running series generated up to the horizon; run when the app opens each day.
/// Whether some weekly series may still lack a session on a date up to `until`: one with no
/// session after the day following its latest (or its start, if it has none), not ended
/// before then. Said generously (a "yes" only costs waiting): opening makes the weeks ahead
/// at once when this says yes, and otherwise after the damage check (`club_file`).
pub fn weeks_missing_by(conn: &Connection, until: NaiveDate) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (
           SELECT 1 FROM (
             SELECT COALESCE(date(MAX(s.date), '+1 day'), ss.starts_on) AS next, ss.ends_on
               FROM session_series ss LEFT JOIN sessions s ON s.series_id = ss.id
              WHERE ss.archived = 0
              GROUP BY ss.id)
            WHERE next <= ?1 AND (ends_on IS NULL OR next <= ends_on))",
        [until],
        |r| r.get(0),
    )?)
}

pub fn extend_all_series(tx: &Transaction, today: NaiveDate) -> Result<usize> {
    let ids: Vec<i64> = tx
        .prepare_cached("SELECT id FROM session_series WHERE archived = 0")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut added = 0;
    for id in ids {
        added += generate_series_sessions(tx, id, GenerateFrom::LastGenerated, today)?;
    }
    Ok(added)
}

// ---- sessions ----

const SESSION_COLUMNS: &str =
    "s.id, s.series_id, s.name, s.date, s.start_time, s.end_time, s.venue_id, s.session_type,
     s.age_min, s.age_max, s.activities, s.notes, s.cancelled, s.cancel_reason, v.name,
     (SELECT COUNT(*) FROM attendance a WHERE a.session_id = s.id)
       + (SELECT COUNT(*) FROM anonymous_attendance a WHERE a.session_id = s.id),
     (SELECT COALESCE(SUM(h.count), 0) FROM headcounts h WHERE h.session_id = s.id), s.project_id";

fn session_from_row(row: &Row) -> rusqlite::Result<Session> {
    let activities: String = row.get(10)?;
    Ok(Session {
        id: row.get(0)?,
        series_id: row.get(1)?,
        details: SessionInput {
            name: row.get(2)?,
            date: row.get(3)?,
            start: row.get(4)?,
            end: row.get(5)?,
            venue_id: row.get(6)?,
            session_type: row.get(7)?,
            age_min: row.get(8)?,
            age_max: row.get(9)?,
            activities: activities.lines().map(str::to_owned).collect(),
            outcomes: Vec::new(),
            notes: row.get(11)?,
            project_id: row.get(17)?,
        },
        cancelled: row.get(12)?,
        cancel_reason: row.get(13)?,
        venue_name: row.get(14)?,
        present: row.get(15)?,
        headcount: row.get(16)?,
    })
}

fn session_outcomes(conn: &Connection, id: i64) -> Result<Vec<OutcomeTag>> {
    let mut stmt = conn.prepare_cached(
        "SELECT framework_code, outcome_code FROM session_outcomes WHERE session_id = ?1 ORDER BY 1, 2",
    )?;
    let tags = stmt
        .query_map([id], |r| {
            Ok(OutcomeTag {
                framework: r.get(0)?,
                code: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(tags)
}

pub fn get(conn: &Connection, id: i64) -> Result<Session> {
    // Cached: an import that makes its sessions reads each one back (docs/performance.md).
    let mut session = conn
        .prepare_cached(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions s LEFT JOIN venues v ON v.id = s.venue_id WHERE s.id = ?1"
        ))?
        .query_row([id], session_from_row)
        .or_not_found(|| "That session no longer exists.".into())?;
    session.details.outcomes = session_outcomes(conn, id)?;
    Ok(session)
}

/// Sessions from `from` to `to` inclusive, in date and time order, cancelled ones included.
pub fn between(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<Session>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SESSION_COLUMNS} FROM sessions s LEFT JOIN venues v ON v.id = s.venue_id
         WHERE s.date BETWEEN ?1 AND ?2 ORDER BY s.date, s.start_time, s.name"
    ))?;
    let sessions = stmt
        .query_map(params![from, to], session_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    sessions
        .into_iter()
        .map(|mut s| {
            s.details.outcomes = session_outcomes(conn, s.id)?;
            Ok(s)
        })
        .collect()
}

/// [`between`] as `actor` may see it: someone who may not manage sessions (a volunteer)
/// sees every session's date, time and place, but the notes only of the sessions they are
/// down to staff (docs/permissions.md).
pub fn between_for(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    actor: &Actor,
) -> Result<Vec<Session>> {
    between(conn, from, to)?
        .into_iter()
        .map(|session| cut_for(conn, session, actor))
        .collect()
}

/// [`get`] as `actor` may see it (the notes cut as in [`between_for`]).
pub fn get_for(conn: &Connection, id: i64, actor: &Actor) -> Result<Session> {
    cut_for(conn, get(conn, id)?, actor)
}

fn cut_for(conn: &Connection, mut session: Session, actor: &Actor) -> Result<Session> {
    if !actor.can(Permission::ManageSessions) && !access::staffs_session(conn, actor, session.id)? {
        session.details.notes = String::new();
    }
    Ok(session)
}

/// Adds a one-off session (a trip, a special event, a one-to-one).
pub fn add_session(tx: &Transaction, input: &SessionInput) -> Result<Session> {
    let input = check_session(tx, input)?;
    let now = now_utc_text();
    // Cached: preparing this INSERT codes every trigger on sessions, and an import of a
    // register adds hundreds of sessions in one go (docs/performance.md).
    tx.prepare_cached(
        "INSERT INTO sessions (name, date, start_time, end_time, venue_id, session_type, age_min, age_max,
                               activities, notes, created_at, updated_at, project_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)",
    )?
    .execute(params![
            input.name,
            input.date,
            input.start,
            input.end,
            input.venue_id,
            input.session_type,
            input.age_min,
            input.age_max,
            input.activities.join("\n"),
            input.notes,
            now,
            input.project_id
        ],
    )?;
    let id = tx.last_insert_rowid();
    write_outcomes(tx, id, &input.outcomes)?;
    get(tx, id)
}

/// Changes one session. A session of a series may move time or place for that date only;
/// its date stays (cancel it and add a one-off to move it to another day).
pub fn update_session(tx: &Transaction, id: i64, input: &SessionInput) -> Result<Session> {
    let before = get(tx, id)?;
    let input = check_session(tx, input)?;
    if before.series_id.is_some() && input.date != before.details.date {
        return invalid(
            "A session of a weekly series stays on its date. Cancel this date and add a one-off session instead.",
        );
    }
    tx.execute(
        "UPDATE sessions SET name = ?2, date = ?3, start_time = ?4, end_time = ?5, venue_id = ?6, session_type = ?7,
             age_min = ?8, age_max = ?9, activities = ?10, notes = ?11, updated_at = ?12, project_id = ?13
         WHERE id = ?1",
        params![
            id,
            input.name,
            input.date,
            input.start,
            input.end,
            input.venue_id,
            input.session_type,
            input.age_min,
            input.age_max,
            input.activities.join("\n"),
            input.notes,
            now_utc_text(),
            input.project_id
        ],
    )?;
    write_outcomes(tx, id, &input.outcomes)?;
    get(tx, id)
}

fn write_outcomes(tx: &Transaction, id: i64, tags: &[OutcomeTag]) -> Result<()> {
    tx.prepare_cached("DELETE FROM session_outcomes WHERE session_id = ?1")?
        .execute([id])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO session_outcomes (session_id, framework_code, outcome_code) VALUES (?1, ?2, ?3)",
    )?;
    for tag in tags {
        insert.execute(params![id, tag.framework, tag.code])?;
    }
    Ok(())
}

/// Cancels one date. Its register (if any was started) is kept but counts nowhere.
pub fn cancel(tx: &Transaction, id: i64, reason: Option<&str>) -> Result<Session> {
    let session = get(tx, id)?;
    if session.cancelled {
        return invalid(format!("{} is already cancelled.", session.describe()));
    }
    tx.execute(
        "UPDATE sessions SET cancelled = 1, cancel_reason = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, tidy(reason), now_utc_text()],
    )?;
    get(tx, id)
}

/// Un-cancels a date.
pub fn restore(tx: &Transaction, id: i64) -> Result<Session> {
    let session = get(tx, id)?;
    if !session.cancelled {
        return invalid(format!("{} is not cancelled.", session.describe()));
    }
    tx.execute(
        "UPDATE sessions SET cancelled = 0, cancel_reason = NULL, updated_at = ?2 WHERE id = ?1",
        params![id, now_utc_text()],
    )?;
    get(tx, id)
}

/// Deletes a one-off session made by mistake; refused once anything was recorded in it.
pub fn delete_session(tx: &Transaction, id: i64) -> Result<()> {
    let session = get(tx, id)?;
    if session.series_id.is_some() {
        return invalid("A date of a weekly series can be cancelled, not deleted.");
    }
    if session.present > 0 || session.headcount > 0 {
        return invalid(format!(
            "{} has a register ({} present), so it can't be deleted. Cancel it instead.",
            session.details.name, session.present
        ));
    }
    tx.execute("DELETE FROM staffing WHERE session_id = ?1", [id])?;
    match tx.execute("DELETE FROM sessions WHERE id = ?1", [id]) {
        Ok(_) => Ok(()),
        // Other records name it (the incident log, for one). Which is not said: the person
        // deleting may not be someone who may know that a concern was recorded.
        Err(error)
            if error.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) =>
        {
            invalid(format!(
                "{} has other records linked to it, so it can't be deleted. Cancel it instead.",
                session.details.name
            ))
        }
        Err(error) => Err(error.into()),
    }
}

/// Finds the session with this date, name and start time (names compared case-insensitively).
pub(crate) fn find_by_date_name_start(
    conn: &Connection,
    date: NaiveDate,
    name: &str,
    start: ClockTime,
) -> Result<Option<(i64, bool)>> {
    Ok(conn
        .query_row(
            "SELECT id, cancelled FROM sessions WHERE date = ?1 AND name = ?2 COLLATE NOCASE AND start_time = ?3",
            params![date, name.trim(), start],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Refuses changes to a session that is cancelled, with a message that says what to do.
pub(crate) fn require_not_cancelled(session: &Session) -> Result<()> {
    if session.cancelled {
        return Err(Error::Invalid(format!(
            "{} was cancelled, so there is no register to take. Restore the session first if it did happen.",
            session.describe()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests;

/// What a session or weekly series is called in the audit log: "Tuesday Juniors on 24
/// November 2026", "Tuesday Juniors (weekly)"; None if not on file.
pub fn name_in_log(conn: &Connection, table: &str, id: i64) -> Result<Option<String>> {
    if table == "session_series" {
        let name: Option<String> = conn
            .query_row(
                "SELECT name FROM session_series WHERE id = ?1",
                [id],
                |row| row.get(0),
            )
            .optional()?;
        return Ok(name.map(|name| format!("{name} (weekly)")));
    }
    let found: Option<(String, String)> = conn
        .query_row(
            "SELECT name, date FROM sessions WHERE id = ?1",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    Ok(found.map(
        |(name, date)| match NaiveDate::parse_from_str(&date, "%Y-%m-%d") {
            Ok(day) => format!("{name} on {}", crate::dates::long_date(day)),
            Err(_) => name,
        },
    ))
}
