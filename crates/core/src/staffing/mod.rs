//! Who worked each session, in which role and for how many hours, and whether the session
//! was safely staffed: enough adults for the young people there (ratio rules by age, the
//! club's minimum), a first aider on site, and every adult's required training and DBS check
//! in date on the day. Warnings inform; they never block taking a register.
//! The rules and their defaults are in docs/safe-staffing.md.

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::access::{Actor, Permission};
use crate::dates::{day_first, minutes_between};
use crate::error::{Result, invalid};
use crate::people;
use crate::sessions::{self, Session};
use crate::training::RecordBook;
use crate::vocab::{AgeBand, StaffRole};
use crate::young_people::age_from;

/// One adult's part in a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StaffingEntry {
    pub person_id: i64,
    pub person_name: String,
    pub paid: bool,
    pub role: StaffRole,
    pub hours: f64,
}

/// One adult for every `young_people_per_adult` young people aged `age_from` to `age_to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RatioRule {
    pub age_from: u32,
    pub age_to: u32,
    pub young_people_per_adult: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum WarningKind {
    TooFewAdults,
    Ratio,
    NoFirstAider,
    LapsedTraining,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StaffingWarning {
    pub kind: WarningKind,
    pub message: String,
    /// The adult a warning is about (lapsed training), so that [`check_as`] can leave out
    /// colleagues' training for those who may not see it. Never sent to the window.
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub about: Option<i64>,
}

/// The safe-staffing picture of a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SafeStaffing {
    pub session_id: i64,
    pub staff: Vec<StaffingEntry>,
    pub adults: u32,
    /// Young people present plus those counted anonymously.
    pub young_people: u32,
    /// Adults the ratio rules and the club's minimum call for.
    pub adults_needed: u32,
    pub first_aiders: u32,
    pub warnings: Vec<StaffingWarning>,
}

pub fn ratio_rules(conn: &Connection) -> Result<Vec<RatioRule>> {
    let mut stmt = conn.prepare_cached(
        "SELECT age_from, age_to, young_people_per_adult FROM ratio_rules ORDER BY age_from",
    )?;
    let rules = stmt
        .query_map([], |r| {
            Ok(RatioRule {
                age_from: r.get(0)?,
                age_to: r.get(1)?,
                young_people_per_adult: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rules)
}

/// Replaces the ratio rules. Age ranges must not overlap.
pub fn set_ratio_rules(tx: &Transaction, rules: &[RatioRule]) -> Result<Vec<RatioRule>> {
    let mut sorted = rules.to_vec();
    sorted.sort_by_key(|r| r.age_from);
    for rule in &sorted {
        if rule.age_from > rule.age_to || rule.age_to > 30 {
            return invalid(format!(
                "The ages {}-{} are not a range Clubroom can use.",
                rule.age_from, rule.age_to
            ));
        }
        if !(1..=50).contains(&rule.young_people_per_adult) {
            return invalid("Each rule needs one adult for between 1 and 50 young people.");
        }
    }
    for pair in sorted.windows(2) {
        if pair[1].age_from <= pair[0].age_to {
            return invalid(format!(
                "The rules for ages {}-{} and {}-{} overlap.",
                pair[0].age_from, pair[0].age_to, pair[1].age_from, pair[1].age_to
            ));
        }
    }
    tx.execute("DELETE FROM ratio_rules", [])?;
    for rule in &sorted {
        tx.execute(
            "INSERT INTO ratio_rules (age_from, age_to, young_people_per_adult) VALUES (?1, ?2, ?3)",
            params![rule.age_from, rule.age_to, rule.young_people_per_adult],
        )?;
    }
    ratio_rules(tx)
}

/// Who worked the session.
pub fn staff_of(conn: &Connection, session_id: i64) -> Result<Vec<StaffingEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.person_id, p.name, p.paid, f.role, f.hours FROM staffing f JOIN people p ON p.id = f.person_id
         WHERE f.session_id = ?1 ORDER BY p.name COLLATE NOCASE",
    )?;
    let staff = stmt
        .query_map([session_id], |r| {
            Ok(StaffingEntry {
                person_id: r.get(0)?,
                person_name: r.get(1)?,
                paid: r.get(2)?,
                role: r.get(3)?,
                hours: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(staff)
}

/// Records that a person worked a session in a role; hours default to the session's length.
pub fn set(
    tx: &Transaction,
    session_id: i64,
    person_id: i64,
    role: StaffRole,
    hours: Option<f64>,
) -> Result<Vec<StaffingEntry>> {
    let person = people::get(tx, person_id)?;
    let session = sessions::get(tx, session_id)?;
    if person.archived {
        return invalid(format!(
            "{} is archived; restore them before adding them to a session.",
            person.details.name
        ));
    }
    let hours = hours.unwrap_or_else(|| f64::from(session.duration_minutes()) / 60.0);
    if !hours.is_finite() || !(0.0..=24.0).contains(&hours) {
        return invalid(format!(
            "{hours} hours is not a length of time for one session."
        ));
    }
    tx.prepare_cached(
        "INSERT INTO staffing (session_id, person_id, role, hours) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (session_id, person_id) DO UPDATE SET role = excluded.role, hours = excluded.hours",
    )?
    .execute(params![session_id, person_id, role, (hours * 100.0).round() / 100.0])?;
    staff_of(tx, session_id)
}

pub fn remove(tx: &Transaction, session_id: i64, person_id: i64) -> Result<Vec<StaffingEntry>> {
    tx.execute(
        "DELETE FROM staffing WHERE session_id = ?1 AND person_id = ?2",
        params![session_id, person_id],
    )?;
    staff_of(tx, session_id)
}

/// A series' usual team.
pub fn series_team(conn: &Connection, series_id: i64) -> Result<Vec<(i64, StaffRole)>> {
    let mut stmt =
        conn.prepare_cached("SELECT person_id, role FROM series_staff WHERE series_id = ?1")?;
    let team = stmt
        .query_map([series_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(team)
}

/// Sets a series' usual team, who are put on each of its sessions until changed there.
pub fn set_series_team(tx: &Transaction, series_id: i64, team: &[(i64, StaffRole)]) -> Result<()> {
    tx.execute("DELETE FROM series_staff WHERE series_id = ?1", [series_id])?;
    for (person, role) in team {
        people::get(tx, *person)?;
        tx.execute(
            "INSERT OR REPLACE INTO series_staff (series_id, person_id, role) VALUES (?1, ?2, ?3)",
            params![series_id, person, role],
        )?;
    }
    Ok(())
}

/// Fills an unstaffed session of a series with the series' usual team, each for the
/// session's length. Returns the session's staff.
pub fn staff_from_series(tx: &Transaction, session_id: i64) -> Result<Vec<StaffingEntry>> {
    let session = sessions::get(tx, session_id)?;
    let current = staff_of(tx, session_id)?;
    let Some(series_id) = session.series_id else {
        return Ok(current);
    };
    if !current.is_empty() {
        return Ok(current);
    }
    for (person, role) in series_team(tx, series_id)? {
        if !people::get(tx, person)?.archived {
            set(tx, session_id, person, role, None)?;
        }
    }
    staff_of(tx, session_id)
}

/// Young people at the session by age on its date (`None` when not known), including the
/// anonymous headcount (each counted at the youngest age of their band).
fn ages_present(conn: &Connection, session: &Session) -> Result<Vec<Option<u32>>> {
    let date = session.details.date;
    let mut ages: Vec<Option<u32>> = conn
        .prepare_cached(
            "SELECT y.date_of_birth, y.age_given, y.age_given_on FROM attendance a
             JOIN young_people y ON y.id = a.young_person_id WHERE a.session_id = ?1",
        )?
        .query_map([session.id], |r| {
            Ok(age_from(r.get(0)?, r.get(1)?, r.get(2)?, date))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut counts =
        conn.prepare_cached("SELECT age_band, count FROM headcounts WHERE session_id = ?1")?;
    let mut rows = counts.query([session.id])?;
    while let Some(row) = rows.next()? {
        let band: AgeBand = row.get(0)?;
        let count: u32 = row.get(1)?;
        let age = match band {
            AgeBand::Under8 => Some(4),
            AgeBand::From8To10 => Some(8),
            AgeBand::From11To13 => Some(11),
            AgeBand::From14To16 => Some(14),
            AgeBand::From17To19 => Some(17),
            AgeBand::From20To25 => Some(20),
            AgeBand::Over25 => Some(26),
            AgeBand::Unknown => None,
        };
        ages.extend(std::iter::repeat_n(age, count as usize));
    }
    Ok(ages)
}

/// Adults needed by the ratio rules: each young person needs 1/N of an adult by the rule for
/// their age, summed and rounded up. A young person whose age is not known counts under the
/// strictest rule for the session's age range (or for any age).
pub fn adults_for(
    ages: &[Option<u32>],
    rules: &[RatioRule],
    session_ages: (Option<u32>, Option<u32>),
) -> u32 {
    let (low, high) = (session_ages.0.unwrap_or(0), session_ages.1.unwrap_or(30));
    let strictest = rules
        .iter()
        .filter(|r| r.age_to >= low && r.age_from <= high)
        .map(|r| r.young_people_per_adult)
        .min()
        .or_else(|| rules.iter().map(|r| r.young_people_per_adult).min())
        .unwrap_or(1);
    let mut needed = 0.0_f64;
    for age in ages {
        let per_adult = age
            .and_then(|a| rules.iter().find(|r| r.age_from <= a && a <= r.age_to))
            .map_or(strictest, |r| r.young_people_per_adult);
        needed += 1.0 / f64::from(per_adult);
    }
    // The small allowance keeps 10 young people at 1:10 from rounding up to 2 adults.
    (needed - 1e-9).ceil().max(0.0) as u32
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The safe-staffing check of a session, on its own date.
pub fn check(conn: &Connection, session_id: i64) -> Result<SafeStaffing> {
    let book = RecordBook::load(conn)?;
    check_with(conn, &book, &ratio_rules(conn)?, session_id)
}

/// The check as `actor` may see it. Someone who may not see staff and their training (a
/// volunteer) sees the session's own warnings (adults, ratios, a first aider on site) and
/// their own training gaps, never a colleague's (docs/permissions.md).
pub fn check_as(conn: &Connection, session_id: i64, actor: &Actor) -> Result<SafeStaffing> {
    let mut check = check(conn, session_id)?;
    if !actor.can(Permission::SeeStaff) {
        check
            .warnings
            .retain(|w| w.about.is_none() || w.about == actor.person_id);
    }
    Ok(check)
}

/// The check with the records and rules already loaded (for checking many sessions).
pub fn check_with(
    conn: &Connection,
    book: &RecordBook,
    rules: &[RatioRule],
    session_id: i64,
) -> Result<SafeStaffing> {
    let session = sessions::get(conn, session_id)?;
    let date = session.details.date;
    let staff = staff_of(conn, session_id)?;
    let ages = ages_present(conn, &session)?;
    let adults = staff.len() as u32;
    let young_people = ages.len() as u32;
    let minimum = book.policy.minimum_adults;
    let by_ratio = adults_for(
        &ages,
        rules,
        (session.details.age_min, session.details.age_max),
    );
    let adults_needed = by_ratio.max(minimum);
    let first_aiders = staff
        .iter()
        .filter(|s| book.is_first_aider(s.person_id, date))
        .count() as u32;

    let mut warnings = Vec::new();
    if adults < minimum {
        let on_the_list = match adults {
            0 => "No adults".to_owned(),
            n => format!("Only {}", plural(n, "adult", "adults")),
        };
        warnings.push(StaffingWarning {
            kind: WarningKind::TooFewAdults,
            about: None,
            message: format!(
                "{on_the_list} on the staff list: the club's rule is at least {}.",
                plural(minimum, "adult", "adults")
            ),
        });
    }
    if adults < by_ratio {
        warnings.push(StaffingWarning {
            kind: WarningKind::Ratio,
            about: None,
            message: format!(
                "{} for {}: the ratio rules need {}.",
                plural(adults, "adult", "adults"),
                plural(young_people, "young person", "young people"),
                plural(by_ratio, "adult", "adults")
            ),
        });
    }
    if first_aiders == 0 {
        warnings.push(StaffingWarning {
            kind: WarningKind::NoFirstAider,
            about: None,
            message: "No one on the staff list has first aid training in date on this day.".into(),
        });
    }
    for entry in &staff {
        for (course, standing, via) in book.lapsed(entry.person_id, entry.role, date) {
            let name_of = |id: i64| {
                book.course(id)
                    .map(|c| c.details.name.as_str())
                    .unwrap_or("a required course")
            };
            let name = name_of(course);
            let message = match standing.expires_on {
                // The record that ran out may be a higher level standing in for the one
                // required: name the course they held, and the one it stood in for.
                Some(expired) => match via {
                    Some(held) => format!(
                        "{}'s {} (which counts as {}) was out of date on this day: it ran out on {}.",
                        entry.person_name,
                        name_of(held),
                        name,
                        day_first(expired)
                    ),
                    None => format!(
                        "{}'s {} was out of date on this day: it ran out on {}.",
                        entry.person_name,
                        name,
                        day_first(expired)
                    ),
                },
                None => format!(
                    "{} has no {} on record, which a {} needs.",
                    entry.person_name,
                    name,
                    entry.role.label().to_lowercase()
                ),
            };
            warnings.push(StaffingWarning {
                kind: WarningKind::LapsedTraining,
                message,
                about: Some(entry.person_id),
            });
        }
    }
    Ok(SafeStaffing {
        session_id,
        staff,
        adults,
        young_people,
        adults_needed,
        first_aiders,
        warnings,
    })
}

/// Staff and volunteer hours in a period, per person and in total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonHours {
    pub person_id: i64,
    pub name: String,
    pub paid: bool,
    pub sessions: u32,
    pub hours: f64,
}

/// Hours per person at sessions held (not cancelled) from `from` to `to`.
pub fn hours_by_person(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<PersonHours>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.name, p.paid, COUNT(*), SUM(f.hours) FROM staffing f
         JOIN sessions s ON s.id = f.session_id JOIN people p ON p.id = f.person_id
         WHERE s.date BETWEEN ?1 AND ?2 AND s.cancelled = 0
         GROUP BY p.id ORDER BY p.paid, p.name COLLATE NOCASE",
    )?;
    let rows = stmt
        .query_map(params![from, to], |r| {
            Ok(PersonHours {
                person_id: r.get(0)?,
                name: r.get(1)?,
                paid: r.get(2)?,
                sessions: r.get(3)?,
                hours: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The session's length in hours, the default for each adult's hours.
pub fn session_hours(session: &Session) -> f64 {
    f64::from(minutes_between(session.details.start, session.details.end)) / 60.0
}

#[cfg(test)]
mod tests;
