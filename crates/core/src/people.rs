//! Staff and volunteers, and who worked which session. (Training records and the safe-staffing
//! rules build on these.)

use chrono::NaiveDate;
use rusqlite::{Connection, Row, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::dates::now_utc_text;
use crate::error::{Result, invalid};
use crate::store::{OptionalRow, tidy};
use crate::vocab::StaffRole;

/// What the staff and volunteer form sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonInput {
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Paid staff; otherwise a volunteer.
    pub paid: bool,
    pub roles: Vec<StaffRole>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub started_on: Option<NaiveDate>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub left_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Person {
    pub id: i64,
    #[serde(flatten)]
    pub details: PersonInput,
    pub archived: bool,
}

fn person_from_row(row: &Row) -> rusqlite::Result<Person> {
    let roles: String = row.get(6)?;
    Ok(Person {
        id: row.get(0)?,
        details: PersonInput {
            first_name: row.get(1)?,
            last_name: row.get(2)?,
            email: row.get(3)?,
            phone: row.get(4)?,
            paid: row.get(5)?,
            roles: roles.split(',').filter_map(StaffRole::parse).collect(),
            started_on: row.get(7)?,
            left_on: row.get(8)?,
        },
        archived: row.get(9)?,
    })
}

const PERSON_COLUMNS: &str =
    "id, first_name, last_name, email, phone, paid, roles, started_on, left_on, archived";

pub fn get(conn: &Connection, id: i64) -> Result<Person> {
    conn.query_row(
        &format!("SELECT {PERSON_COLUMNS} FROM people WHERE id = ?1"),
        [id],
        person_from_row,
    )
    .or_not_found(|| "That member of staff or volunteer is not on the list.".into())
}

/// Everyone, current first, by name.
pub fn all(conn: &Connection) -> Result<Vec<Person>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PERSON_COLUMNS} FROM people ORDER BY archived, first_name COLLATE NOCASE, last_name COLLATE NOCASE"
    ))?;
    let people = stmt
        .query_map([], person_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(people)
}

pub fn add(tx: &Transaction, input: &PersonInput) -> Result<Person> {
    let input = check(input)?;
    let now = now_utc_text();
    let roles: Vec<&str> = input.roles.iter().map(|r| r.code()).collect();
    tx.execute(
        "INSERT INTO people (first_name, last_name, email, phone, paid, roles, started_on, left_on, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![
            input.first_name,
            input.last_name,
            input.email,
            input.phone,
            input.paid,
            roles.join(","),
            input.started_on,
            input.left_on,
            now
        ],
    )?;
    get(tx, tx.last_insert_rowid())
}

fn check(input: &PersonInput) -> Result<PersonInput> {
    let first_name = input.first_name.trim();
    let last_name = input.last_name.trim();
    if first_name.is_empty() || last_name.is_empty() {
        return invalid("Enter the person's first and last name.");
    }
    if let (Some(started), Some(left)) = (input.started_on, input.left_on)
        && left < started
    {
        return invalid(format!(
            "They can't leave ({left}) before they start ({started})."
        ));
    }
    Ok(PersonInput {
        first_name: first_name.to_owned(),
        last_name: last_name.to_owned(),
        email: tidy(input.email.as_deref()),
        phone: tidy(input.phone.as_deref()),
        ..input.clone()
    })
}

/// Records that a person worked a session, in a role, for some hours (replacing an earlier entry).
pub fn set_staffing(
    tx: &Transaction,
    session_id: i64,
    person_id: i64,
    role: StaffRole,
    hours: f64,
) -> Result<()> {
    get(tx, person_id)?;
    crate::sessions::get(tx, session_id)?;
    if !hours.is_finite() || !(0.0..=24.0).contains(&hours) {
        return invalid(format!(
            "{hours} hours is not a length of time for one session."
        ));
    }
    tx.prepare_cached(
        "INSERT INTO staffing (session_id, person_id, role, hours) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (session_id, person_id) DO UPDATE SET role = excluded.role, hours = excluded.hours",
    )?
    .execute(params![session_id, person_id, role, hours])?;
    Ok(())
}
