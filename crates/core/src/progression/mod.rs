//! Progression: dated steps a young person takes (an award, into education, training or work,
//! a referral on, volunteering, youth voice), of kinds from a list the club edits. Never
//! offence details: a referral names where to, and the note is about the step.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::access::Actor;
use crate::dates::now_utc_text;
use crate::error::{Error, Result, invalid};
use crate::store::{OptionalRow, tidy};

/// The groups progression kinds fall in (what a funder asks about).
pub const GROUPINGS: &[&str] = &[
    "award",
    "education-training-work",
    "referral",
    "volunteering",
    "youth-voice",
    "other",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Kind {
    pub code: String,
    pub label: String,
    pub grouping: String,
    pub archived: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EventInput {
    pub young_person_id: i64,
    pub kind: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub happened_on: NaiveDate,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Event {
    pub id: i64,
    pub young_person_id: i64,
    pub kind: String,
    pub kind_label: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub happened_on: NaiveDate,
    pub note: Option<String>,
    pub recorded_by: String,
}

/// The club's list of kinds, in its order.
pub fn kinds(conn: &Connection) -> Result<Vec<Kind>> {
    Ok(conn
        .prepare_cached(
            "SELECT code, label, grouping, archived FROM progression_kinds ORDER BY position",
        )?
        .query_map([], |r| {
            Ok(Kind {
                code: r.get(0)?,
                label: r.get(1)?,
                grouping: r.get(2)?,
                archived: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Adds a kind to the club's list (or renames one, or moves it to another group), keeping its
/// code stable.
pub fn save_kind(tx: &Transaction, label: &str, grouping: &str) -> Result<Kind> {
    let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
    if label.is_empty() {
        return invalid("Give the kind of progression a name.");
    }
    if !GROUPINGS.contains(&grouping) {
        return invalid(format!(
            "“{grouping}” is not a group of progression (one of: {}).",
            GROUPINGS.join(", ")
        ));
    }
    let code: String = label
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
        .chars()
        .take(40)
        .collect();
    if code.is_empty() {
        return invalid("Give the kind of progression a name with letters or digits in it.");
    }
    tx.execute(
        "INSERT INTO progression_kinds (code, label, grouping, position)
         VALUES (?1, ?2, ?3, (SELECT COALESCE(MAX(position), 0) + 1 FROM progression_kinds))
         ON CONFLICT (code) DO UPDATE SET label = excluded.label, grouping = excluded.grouping,
            archived = 0",
        params![code, label, grouping],
    )?;
    Ok(kinds(tx)?
        .into_iter()
        .find(|k| k.code == code)
        .expect("the kind just saved"))
}

pub fn set_kind_archived(tx: &Transaction, code: &str, archived: bool) -> Result<()> {
    if tx.execute(
        "UPDATE progression_kinds SET archived = ?2 WHERE code = ?1",
        params![code, archived],
    )? == 0
    {
        return Err(Error::NotFound(format!(
            "“{code}” is not on the club's list of progression."
        )));
    }
    Ok(())
}

/// Records a step a young person took.
pub fn add(tx: &Transaction, actor: &Actor, input: &EventInput, today: NaiveDate) -> Result<Event> {
    if input.happened_on > today {
        return invalid("Progression is recorded once it has happened: the date is after today.");
    }
    crate::young_people::name_in_log(tx, input.young_person_id)?.ok_or_else(|| {
        Error::NotFound("That young person is no longer on the club's list.".into())
    })?;
    let kind = kinds(tx)?
        .into_iter()
        .find(|k| k.code == input.kind.trim() || k.label.eq_ignore_ascii_case(input.kind.trim()))
        .filter(|k| !k.archived)
        .ok_or_else(|| {
            Error::Invalid(format!(
                "“{}” is not on the club's list of progression: add it in Settings first.",
                input.kind
            ))
        })?;
    tx.execute(
        "INSERT INTO progression_events (young_person_id, kind_code, happened_on, note,
            recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            input.young_person_id,
            kind.code,
            input.happened_on,
            tidy(input.note.as_deref()),
            actor.name,
            now_utc_text()
        ],
    )?;
    get(tx, tx.last_insert_rowid())
}

fn get(conn: &Connection, id: i64) -> Result<Event> {
    conn.query_row(
        "SELECT e.id, e.young_person_id, e.kind_code, k.label, e.happened_on, e.note, e.recorded_by
         FROM progression_events e JOIN progression_kinds k ON k.code = e.kind_code
         WHERE e.id = ?1",
        [id],
        event_from_row,
    )
    .or_not_found(|| "That progression no longer exists.".into())
}

fn event_from_row(r: &rusqlite::Row) -> rusqlite::Result<Event> {
    Ok(Event {
        id: r.get(0)?,
        young_person_id: r.get(1)?,
        kind: r.get(2)?,
        kind_label: r.get(3)?,
        happened_on: r.get(4)?,
        note: r.get(5)?,
        recorded_by: r.get(6)?,
    })
}

/// A young person's progression, newest first.
pub fn of(conn: &Connection, young_person: i64) -> Result<Vec<Event>> {
    Ok(conn
        .prepare_cached(
            "SELECT e.id, e.young_person_id, e.kind_code, k.label, e.happened_on, e.note, e.recorded_by
             FROM progression_events e JOIN progression_kinds k ON k.code = e.kind_code
             WHERE e.young_person_id = ?1 ORDER BY e.happened_on DESC, e.id DESC",
        )?
        .query_map([young_person], event_from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Removes a progression recorded by mistake.
pub fn remove(tx: &Transaction, id: i64) -> Result<()> {
    if tx.execute("DELETE FROM progression_events WHERE id = ?1", [id])? == 0 {
        return Err(Error::NotFound("That progression no longer exists.".into()));
    }
    Ok(())
}

/// How the audit log names a progression: "Arts Award for Amy Adams (YP1)".
pub fn name_in_log(conn: &Connection, id: i64) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    let found: Option<(Option<i64>, String)> = conn
        .query_row(
            "SELECT e.young_person_id, k.label FROM progression_events e
             JOIN progression_kinds k ON k.code = e.kind_code WHERE e.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((who, label)) = found else {
        return Ok(None);
    };
    let whose = match who {
        Some(who) => crate::young_people::name_in_log(conn, who)?
            .unwrap_or_else(|| "a young person".to_owned()),
        None => "a young person since erased".to_owned(),
    };
    Ok(Some(format!("{label} for {whose}")))
}

/// Young people with a step of progression in a group, in a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GroupCount {
    pub grouping: String,
    /// How the group reads ("Awards and accreditations"): [`grouping_label`].
    pub label: String,
    /// Young people (named, or kept with no name after erasure) with at least one step of a
    /// kind in the group dated in the period.
    pub young_people: u64,
    /// Their steps of those kinds in the period.
    pub steps: u64,
}

/// Progression in a period, for the whole club (docs/counting-rules.md, "Progression in a
/// return").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "ProgressionCounts"))]
pub struct Counts {
    /// Every group, in the order of [`GROUPINGS`] (zeros included).
    pub groups: Vec<GroupCount>,
    /// Young people with at least one step of any kind in the period.
    pub young_people: u64,
}

/// Progression counted for `from` to `to` (dates inclusive), for the whole club.
pub fn counts(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Counts> {
    counts_among(conn, from, to, |_| true)
}

/// Whose a step is: a young person's, or (once they were erased) the anonymous attender's
/// that holds what the counts need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Whose {
    YoungPerson(i64),
    Attender(i64),
}

/// Progression counted for `from` to `to` (dates inclusive), of the young people `among`
/// says are in the part of the work counted (a project's own young people).
pub fn counts_among(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    among: impl Fn(Whose) -> bool,
) -> Result<Counts> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.young_person_id, e.attender_id, k.grouping
         FROM progression_events e JOIN progression_kinds k ON k.code = e.kind_code
         WHERE e.happened_on BETWEEN ?1 AND ?2",
    )?;
    let mut rows = stmt.query(params![from, to])?;
    let mut steps: Vec<(Whose, String)> = Vec::new();
    while let Some(r) = rows.next()? {
        let whose = match (r.get::<_, Option<i64>>(0)?, r.get::<_, Option<i64>>(1)?) {
            (Some(id), _) => Whose::YoungPerson(id),
            (None, Some(id)) => Whose::Attender(id),
            (None, None) => continue,
        };
        if among(whose) {
            steps.push((whose, r.get(2)?));
        }
    }
    let groups = GROUPINGS
        .iter()
        .map(|g| {
            let of_group = || steps.iter().filter(|(_, grouping)| grouping == g);
            let people: BTreeSet<Whose> = of_group().map(|(whose, _)| *whose).collect();
            GroupCount {
                grouping: (*g).to_owned(),
                label: grouping_label(g).to_owned(),
                young_people: people.len() as u64,
                steps: of_group().count() as u64,
            }
        })
        .collect();
    let young_people = steps
        .iter()
        .map(|(whose, _)| *whose)
        .collect::<BTreeSet<_>>()
        .len() as u64;
    Ok(Counts {
        groups,
        young_people,
    })
}

/// How a group of progression reads in a return.
pub fn grouping_label(grouping: &str) -> &str {
    match grouping {
        "award" => "Awards and accreditations",
        "education-training-work" => "Into education, training or work",
        "referral" => "Referred on for support",
        "volunteering" => "Volunteering",
        "youth-voice" => "Youth voice",
        "other" => "Other steps",
        other => other,
    }
}

/// Moves young person `id`'s progression to anonymous attender `attender` on erasure: the
/// kind and date stay for the counts, the note (free text that may name them) goes.
pub fn keep_for_figures(tx: &Transaction, id: i64, attender: i64) -> Result<u32> {
    let moved = tx.execute(
        "UPDATE progression_events SET young_person_id = NULL, attender_id = ?2, note = NULL
         WHERE young_person_id = ?1",
        params![id, attender],
    )?;
    Ok(moved as u32)
}

#[cfg(test)]
mod tests;
