//! The counting rules of DESIGN.md, the only place figures are worked out. Funder returns,
//! partnership summaries and `clubroom-cli stats` all read them from here.
//!
//! docs/counting-rules.md restates each rule with worked examples; the tests follow it.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use crate::dates::{ClockTime, Period, minutes_between};
use crate::error::Result;
use crate::vocab::{
    AgeBand, Disability, Ethnicity, Gender, SessionType, ethnicity_group, postcode_district,
};
use crate::young_people::age_from;

/// The headline measures for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Measures {
    pub sessions: u64,
    pub delivery_hours: f64,
    pub attendances: u64,
    pub unique_young_people: u64,
    pub new_young_people: u64,
    pub contact_hours: f64,
    pub anonymous_contacts: u64,
    /// People who volunteered at a session held in the period.
    pub volunteers: u64,
    /// Paid staff who worked a session held in the period.
    pub staff: u64,
    pub volunteer_hours: f64,
    pub staff_hours: f64,
    /// Volunteer hours at the organisation's value of a volunteer hour.
    pub volunteer_value_gbp: f64,
    /// The share (0 to 1) of the people who staffed a session in the period who held, on
    /// every date they staffed, every course their role required; `null` if nobody staffed.
    pub training_compliance: Option<f64>,
}

/// Unique young people per category, for each dimension ("age_band" -> "11-13" -> 20).
pub type Breakdowns = BTreeMap<String, BTreeMap<String, u64>>;

/// The figures for a period, in the JSON form of DESIGN.md.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Figures {
    pub period: Period,
    pub measures: Measures,
    #[cfg_attr(feature = "ts", ts(type = "Record<string, Record<string, number>>"))]
    pub breakdowns: Breakdowns,
}

/// The dimensions every breakdown is given in.
pub const DIMENSIONS: [&str; 6] = [
    "age_band",
    "gender",
    "ethnicity_group",
    "disability",
    "postcode_district",
    "session_type",
];

/// Hours to two decimal places, so the same data always prints the same figure.
pub fn hours(minutes: u64) -> f64 {
    (minutes as f64 / 60.0 * 100.0).round() / 100.0
}

struct HeldSession {
    minutes: u32,
    session_type: SessionType,
}

/// What the counting rules need of one young person who attended in the period.
#[derive(Default)]
struct Attender {
    first_date_in_period: Option<NaiveDate>,
    session_types: HashSet<SessionType>,
}

struct ProfileFacts {
    date_of_birth: Option<NaiveDate>,
    age_given: Option<u32>,
    age_given_on: Option<NaiveDate>,
    gender: Gender,
    ethnicity: Option<Ethnicity>,
    disability: Disability,
    postcode: Option<String>,
}

/// Computes every measure and breakdown for the period, dates inclusive, counting sessions
/// not cancelled and already held: a session after `today` is planned, not held, and counts
/// nowhere yet.
pub fn compute(conn: &Connection, period: Period, today: NaiveDate) -> Result<Figures> {
    let held_until = period.to.min(today);
    let held = if held_until < period.from {
        HashMap::new()
    } else {
        held_sessions(
            conn,
            Period {
                from: period.from,
                to: held_until,
            },
        )?
    };
    let delivery_minutes: u64 = held.values().map(|s| u64::from(s.minutes)).sum();

    let mut attendances = 0u64;
    let mut contact_minutes = 0u64;
    let mut attenders: HashMap<i64, Attender> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT a.young_person_id, a.session_id, a.arrived_at, a.left_at, s.date
         FROM attendance a JOIN sessions s ON s.id = a.session_id
         WHERE s.date BETWEEN ?1 AND ?2 AND s.cancelled = 0",
    )?;
    let mut rows = stmt.query(params![period.from, held_until])?;
    while let Some(row) = rows.next()? {
        let young_person: i64 = row.get(0)?;
        let session_id: i64 = row.get(1)?;
        let arrived: Option<ClockTime> = row.get(2)?;
        let left: Option<ClockTime> = row.get(3)?;
        let date: NaiveDate = row.get(4)?;
        let Some(session) = held.get(&session_id) else {
            continue;
        };
        attendances += 1;
        contact_minutes += u64::from(time_present(session.minutes, arrived, left));
        let attender = attenders.entry(young_person).or_default();
        attender.first_date_in_period =
            Some(attender.first_date_in_period.map_or(date, |d| d.min(date)));
        attender.session_types.insert(session.session_type);
    }

    let anonymous_contacts: i64 = conn.query_row(
        "SELECT COALESCE(SUM(h.count), 0) FROM headcounts h JOIN sessions s ON s.id = h.session_id
         WHERE s.date BETWEEN ?1 AND ?2 AND s.cancelled = 0",
        params![period.from, held_until],
        |r| r.get(0),
    )?;

    let new_young_people = count_new(conn, period, attenders.keys().copied())?;
    let breakdowns = breakdowns(conn, &attenders)?;
    let staffing = staffing_measures(conn, period.from, held_until)?;

    Ok(Figures {
        period,
        measures: Measures {
            sessions: held.len() as u64,
            delivery_hours: hours(delivery_minutes),
            attendances,
            unique_young_people: attenders.len() as u64,
            new_young_people,
            contact_hours: hours(contact_minutes),
            anonymous_contacts: anonymous_contacts as u64,
            volunteers: staffing.volunteers,
            staff: staffing.staff,
            volunteer_hours: round2(staffing.volunteer_hours),
            staff_hours: round2(staffing.staff_hours),
            volunteer_value_gbp: round2(staffing.volunteer_hours * staffing.hour_value),
            training_compliance: staffing.compliance,
        },
        breakdowns,
    })
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

struct StaffingMeasures {
    volunteers: u64,
    staff: u64,
    volunteer_hours: f64,
    staff_hours: f64,
    hour_value: f64,
    compliance: Option<f64>,
}

/// Volunteer and staff counts and hours, and training compliance, over sessions held from
/// `from` to `to` (an empty range when `to` is before `from`).
fn staffing_measures(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<StaffingMeasures> {
    let book = crate::training::RecordBook::load(conn)?;
    let hour_value = crate::organisation::get(conn)?.map_or(0.0, |o| o.volunteer_hour_value_gbp);
    let mut stmt = conn.prepare_cached(
        "SELECT f.person_id, p.paid, f.role, f.hours, s.date FROM staffing f
         JOIN sessions s ON s.id = f.session_id JOIN people p ON p.id = f.person_id
         WHERE s.date BETWEEN ?1 AND ?2 AND s.cancelled = 0",
    )?;
    let mut rows = stmt.query(params![from, to])?;
    let (mut volunteers, mut staff) = (HashSet::new(), HashSet::new());
    let (mut volunteer_hours, mut staff_hours) = (0.0, 0.0);
    let mut compliant: HashMap<i64, bool> = HashMap::new();
    while let Some(row) = rows.next()? {
        let person: i64 = row.get(0)?;
        let paid: bool = row.get(1)?;
        let role: crate::vocab::StaffRole = row.get(2)?;
        let hours: f64 = row.get(3)?;
        let date: NaiveDate = row.get(4)?;
        if paid {
            staff.insert(person);
            staff_hours += hours;
        } else {
            volunteers.insert(person);
            volunteer_hours += hours;
        }
        let held_all = book.lapsed(person, role, date).is_empty();
        *compliant.entry(person).or_insert(true) &= held_all;
    }
    let compliance = (!compliant.is_empty()).then(|| {
        let share = compliant.values().filter(|ok| **ok).count() as f64 / compliant.len() as f64;
        (share * 1000.0).round() / 1000.0
    });
    Ok(StaffingMeasures {
        volunteers: volunteers.len() as u64,
        staff: staff.len() as u64,
        volunteer_hours,
        staff_hours,
        hour_value,
        compliance,
    })
}

/// Time present at one session: leaving minus arrival where both are recorded (and make
/// sense), else the whole session.
pub fn time_present(
    session_minutes: u32,
    arrived: Option<ClockTime>,
    left: Option<ClockTime>,
) -> u32 {
    match (arrived, left) {
        (Some(arrived), Some(left)) if left > arrived => minutes_between(arrived, left),
        _ => session_minutes,
    }
}

fn held_sessions(conn: &Connection, period: Period) -> Result<HashMap<i64, HeldSession>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, start_time, end_time, session_type FROM sessions
         WHERE date BETWEEN ?1 AND ?2 AND cancelled = 0",
    )?;
    let rows = stmt.query_map(params![period.from, period.to], |r| {
        let start: ClockTime = r.get(1)?;
        let end: ClockTime = r.get(2)?;
        Ok((
            r.get::<_, i64>(0)?,
            HeldSession {
                minutes: minutes_between(start, end),
                session_type: r.get(3)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Of the young people who attended in the period, those with no attendance (at a session
/// not cancelled) before it.
fn count_new(
    conn: &Connection,
    period: Period,
    attenders: impl Iterator<Item = i64>,
) -> Result<u64> {
    // The index on (young_person_id, session_id) walks a person's attendances; an earlier
    // one is usually found at the first step, so this stays fast on years of data.
    let mut seen_before = conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM attendance a JOIN sessions s ON s.id = a.session_id
                        WHERE a.young_person_id = ?1 AND s.date < ?2 AND s.cancelled = 0)",
    )?;
    let mut new = 0;
    for young_person in attenders {
        let earlier: bool =
            seen_before.query_row(params![young_person, period.from], |r| r.get(0))?;
        if !earlier {
            new += 1;
        }
    }
    Ok(new)
}

fn profile_facts(conn: &Connection) -> Result<HashMap<i64, ProfileFacts>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, date_of_birth, age_given, age_given_on, gender, ethnicity, disability, postcode FROM young_people",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            ProfileFacts {
                date_of_birth: r.get(1)?,
                age_given: r.get(2)?,
                age_given_on: r.get(3)?,
                gender: r.get(4)?,
                ethnicity: r.get(5)?,
                disability: r.get(6)?,
                postcode: r.get(7)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn breakdowns(conn: &Connection, attenders: &HashMap<i64, Attender>) -> Result<Breakdowns> {
    let facts = profile_facts(conn)?;
    let mut breakdowns: Breakdowns = DIMENSIONS
        .iter()
        .map(|d| ((*d).to_owned(), BTreeMap::new()))
        .collect();
    let mut count = |dimension: &str, category: &str| {
        *breakdowns
            .get_mut(dimension)
            .expect("every dimension is listed")
            .entry(category.to_owned())
            .or_insert(0) += 1;
    };
    for (id, attender) in attenders {
        let Some(person) = facts.get(id) else {
            continue;
        };
        let first = attender
            .first_date_in_period
            .expect("an attender has a first date");
        let age = age_from(
            person.date_of_birth,
            person.age_given,
            person.age_given_on,
            first,
        );
        count("age_band", AgeBand::of_age(age).code());
        count("gender", person.gender.code());
        count("ethnicity_group", ethnicity_group(person.ethnicity).code());
        count("disability", person.disability.code());
        let district = person.postcode.as_deref().and_then(postcode_district);
        count(
            "postcode_district",
            district.as_deref().unwrap_or("unknown"),
        );
        for session_type in &attender.session_types {
            count("session_type", session_type.code());
        }
    }
    Ok(breakdowns)
}

#[cfg(test)]
#[path = "figures_tests.rs"]
mod tests;
