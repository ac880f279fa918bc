//! The counting rules of DESIGN.md, the only place figures are worked out. Funder returns,
//! partnership summaries and `clubroom-cli stats` all read them from here.
//!
//! docs/counting-rules.md restates each rule with worked examples; the tests follow it.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use crate::dates::{ClockTime, Period, minutes_between};
use crate::error::Result;
use crate::vocab::{
    AgeBand, Disability, Ethnicity, Gender, SessionType, ethnicity_group, postcode_district,
};
use crate::young_people::age_from;

/// The headline measures for a period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Measures {
    pub sessions: u64,
    pub delivery_hours: f64,
    /// Hours of sessions at which at least one young person was present (named or counted):
    /// hours of youth work, never multiplied by the number of staff or young people.
    pub youth_work_hours: f64,
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

/// How a measure's value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum MeasureKind {
    Count,
    Hours,
    Pounds,
    /// A share from 0 to 1, shown as a percentage.
    Share,
}

impl Measures {
    /// Every measure's name, as files and templates use them.
    pub fn names() -> Vec<String> {
        match serde_json::to_value(Measures::default()) {
            Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }

    /// A measure's value by name (`None` for an unknown name or a share with nobody to share).
    pub fn value(&self, name: &str) -> Option<f64> {
        serde_json::to_value(self).ok()?.get(name)?.as_f64()
    }

    pub fn kind(name: &str) -> MeasureKind {
        match name {
            "training_compliance" => MeasureKind::Share,
            n if n.ends_with("_gbp") => MeasureKind::Pounds,
            n if n.ends_with("_hours") => MeasureKind::Hours,
            _ => MeasureKind::Count,
        }
    }
}

/// Unique young people per category, for each dimension ("age_band" -> "11-13" -> 20).
pub type Breakdowns = BTreeMap<String, BTreeMap<String, u64>>;

/// One calendar month of the period (for the chart of attendance by month).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Month {
    /// "2026-04".
    pub month: String,
    pub sessions: u64,
    pub attendances: u64,
    pub anonymous_contacts: u64,
}

/// The figures for a period, in the JSON form of DESIGN.md (plus the months).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Figures {
    pub period: Period,
    pub measures: Measures,
    #[cfg_attr(feature = "ts", ts(type = "Record<string, Record<string, number>>"))]
    pub breakdowns: Breakdowns,
    pub months: Vec<Month>,
}

/// The dimensions every set of figures has, whatever happened in the period. (Figures also
/// break down by `circumstance` and by `outcome:<framework>` for each framework used.)
pub const DIMENSIONS: [&str; 8] = [
    "age_band",
    "gender",
    "ethnicity_group",
    "ethnicity",
    "disability",
    "postcode_district",
    "session_type",
    "circumstance",
];

/// The category of the `circumstance` breakdown for young people with none recorded.
pub const NO_CIRCUMSTANCE: &str = "none recorded";

/// Narrows figures to part of the club's work. Empty lists mean "all".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Scope {
    pub project_id: Option<i64>,
    pub series_ids: Vec<i64>,
    pub session_types: Vec<SessionType>,
}

impl Scope {
    pub fn is_everything(&self) -> bool {
        self.project_id.is_none() && self.series_ids.is_empty() && self.session_types.is_empty()
    }

    /// Whether a session of this series, project (its own or its series') and type is in scope.
    pub fn includes(
        &self,
        series: Option<i64>,
        project: Option<i64>,
        session_type: SessionType,
    ) -> bool {
        self.project_id.is_none_or(|p| project == Some(p))
            && (self.series_ids.is_empty() || series.is_some_and(|s| self.series_ids.contains(&s)))
            && (self.session_types.is_empty() || self.session_types.contains(&session_type))
    }
}

/// An age band for the `age_band` breakdown: ages `min` to `max` inclusive (open-ended when
/// `None`), shown as `label`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AgeBandSpec {
    pub label: String,
    pub min: Option<u32>,
    pub max: Option<u32>,
}

/// DESIGN.md's bands: under 8, 8-10, 11-13, 14-16, 17-19, 20-25, over 25.
pub fn default_age_bands() -> Vec<AgeBandSpec> {
    let band = |label: &str, min: Option<u32>, max: Option<u32>| AgeBandSpec {
        label: label.into(),
        min,
        max,
    };
    vec![
        band(AgeBand::Under8.code(), None, Some(7)),
        band(AgeBand::From8To10.code(), Some(8), Some(10)),
        band(AgeBand::From11To13.code(), Some(11), Some(13)),
        band(AgeBand::From14To16.code(), Some(14), Some(16)),
        band(AgeBand::From17To19.code(), Some(17), Some(19)),
        band(AgeBand::From20To25.code(), Some(20), Some(25)),
        band(AgeBand::Over25.code(), Some(26), None),
    ]
}

/// The band label for an age: the first band that holds it, else `unknown`.
pub fn band_of(age: Option<u32>, bands: &[AgeBandSpec]) -> &str {
    age.and_then(|a| {
        bands
            .iter()
            .find(|b| b.min.is_none_or(|m| a >= m) && b.max.is_none_or(|m| a <= m))
    })
    .map_or("unknown", |b| b.label.as_str())
}

/// Hours to two decimal places, so the same data always prints the same figure.
pub fn hours(minutes: u64) -> f64 {
    (minutes as f64 / 60.0 * 100.0).round() / 100.0
}

struct HeldSession {
    minutes: u32,
    session_type: SessionType,
    date: NaiveDate,
    /// Young people were there (a mark or a headcount): it was youth work.
    anyone: bool,
}

/// Who an attendance belongs to: a young person on the list, or an anonymous attender (someone
/// erased, or an old register anonymised, whose attendances still count: docs/counting-rules.md,
/// "Erased young people").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Who {
    Named(i64),
    Anonymous(i64),
}

/// What the counting rules need of one young person who attended in the period.
#[derive(Default)]
struct Attender {
    first_date_in_period: Option<NaiveDate>,
    /// An anonymous attender's age, kept with each attendance, on `first_date_in_period`.
    age_on_first_date: Option<u32>,
    session_types: HashSet<SessionType>,
    outcomes: HashSet<(String, String)>,
}

/// The attendances of a period as they are counted, named and anonymous alike.
struct Tally<'a> {
    held: &'a mut HashMap<i64, HeldSession>,
    tags: &'a HashMap<i64, Vec<(String, String)>>,
    attendances: u64,
    contact_minutes: u64,
    attenders: HashMap<Who, Attender>,
    per_month: BTreeMap<String, Month>,
}

impl Tally<'_> {
    /// Counts one attendance at `session_id` (ignored unless the session is held and in scope).
    fn add(
        &mut self,
        who: Who,
        session_id: i64,
        (arrived, left): (Option<ClockTime>, Option<ClockTime>),
        age: Option<u32>,
    ) {
        let Some(session) = self.held.get_mut(&session_id) else {
            return;
        };
        session.anyone = true;
        self.attendances += 1;
        self.contact_minutes += u64::from(time_present(session.minutes, arrived, left));
        month_of(&mut self.per_month, session.date).attendances += 1;
        let attender = self.attenders.entry(who).or_default();
        if attender
            .first_date_in_period
            .is_none_or(|first| session.date < first)
        {
            attender.first_date_in_period = Some(session.date);
            attender.age_on_first_date = age;
        }
        attender.session_types.insert(session.session_type);
        if let Some(session_tags) = self.tags.get(&session_id) {
            attender.outcomes.extend(session_tags.iter().cloned());
        }
    }
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

/// Every measure and breakdown for the whole club over the period, dates inclusive, with the
/// default age bands.
pub fn compute(conn: &Connection, period: Period, today: NaiveDate) -> Result<Figures> {
    compute_for(conn, period, &Scope::default(), &default_age_bands(), today)
}

/// Every measure and breakdown for the part of the club's work in `scope`, counting sessions
/// not cancelled and already held: a session after `today` is planned, not held, and counts
/// nowhere yet. "New" young people are new to the club, whatever the scope.
pub fn compute_for(
    conn: &Connection,
    period: Period,
    scope: &Scope,
    age_bands: &[AgeBandSpec],
    today: NaiveDate,
) -> Result<Figures> {
    let held_until = period.to.min(today);
    let mut held = if held_until < period.from {
        HashMap::new()
    } else {
        held_sessions(
            conn,
            Period {
                from: period.from,
                to: held_until,
            },
            scope,
        )?
    };
    let delivery_minutes: u64 = held.values().map(|s| u64::from(s.minutes)).sum();
    let tags = session_outcomes(conn, period.from, held_until, &held)?;

    let mut tally = Tally {
        held: &mut held,
        tags: &tags,
        attendances: 0,
        contact_minutes: 0,
        attenders: HashMap::new(),
        per_month: BTreeMap::new(),
    };
    let mut stmt = conn.prepare_cached(
        "SELECT a.young_person_id, a.session_id, a.arrived_at, a.left_at
         FROM attendance a JOIN sessions s ON s.id = a.session_id
         WHERE s.date BETWEEN ?1 AND ?2 AND s.cancelled = 0",
    )?;
    let mut rows = stmt.query(params![period.from, held_until])?;
    while let Some(row) = rows.next()? {
        let times = (row.get(2)?, row.get(3)?);
        tally.add(Who::Named(row.get(0)?), row.get(1)?, times, None);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT a.attender_id, a.session_id, a.arrived_at, a.left_at, a.age_years
         FROM anonymous_attendance a JOIN sessions s ON s.id = a.session_id
         WHERE s.date BETWEEN ?1 AND ?2 AND s.cancelled = 0",
    )?;
    let mut rows = stmt.query(params![period.from, held_until])?;
    while let Some(row) = rows.next()? {
        let times = (row.get(2)?, row.get(3)?);
        tally.add(Who::Anonymous(row.get(0)?), row.get(1)?, times, row.get(4)?);
    }
    let Tally {
        attendances,
        contact_minutes,
        attenders,
        mut per_month,
        ..
    } = tally;

    let mut anonymous_contacts = 0u64;
    let mut counts = conn.prepare_cached(
        "SELECT h.session_id, SUM(h.count) FROM headcounts h JOIN sessions s ON s.id = h.session_id
         WHERE s.date BETWEEN ?1 AND ?2 AND s.cancelled = 0 GROUP BY h.session_id",
    )?;
    let mut rows = counts.query(params![period.from, held_until])?;
    while let Some(row) = rows.next()? {
        let session_id: i64 = row.get(0)?;
        let count: i64 = row.get(1)?;
        if let Some(session) = held.get_mut(&session_id) {
            session.anyone |= count > 0;
            anonymous_contacts += count as u64;
            month_of(&mut per_month, session.date).anonymous_contacts += count as u64;
        }
    }
    for session in held.values() {
        month_of(&mut per_month, session.date).sessions += 1;
    }
    let youth_work_minutes: u64 = held
        .values()
        .filter(|s| s.anyone)
        .map(|s| u64::from(s.minutes))
        .sum();

    let new_young_people = count_new(conn, period, attenders.keys().copied())?;
    let breakdowns = breakdowns(conn, &attenders, age_bands)?;
    let staffing = staffing_measures(conn, period.from, held_until, &held)?;

    Ok(Figures {
        period,
        measures: Measures {
            sessions: held.len() as u64,
            delivery_hours: hours(delivery_minutes),
            youth_work_hours: hours(youth_work_minutes),
            attendances,
            unique_young_people: attenders.len() as u64,
            new_young_people,
            contact_hours: hours(contact_minutes),
            anonymous_contacts,
            volunteers: staffing.volunteers,
            staff: staffing.staff,
            volunteer_hours: round2(staffing.volunteer_hours),
            staff_hours: round2(staffing.staff_hours),
            volunteer_value_gbp: round2(staffing.volunteer_hours * staffing.hour_value),
            training_compliance: staffing.compliance,
        },
        breakdowns,
        months: months_of_period(period, held_until, per_month),
    })
}

fn month_of(months: &mut BTreeMap<String, Month>, date: NaiveDate) -> &mut Month {
    let key = date.format("%Y-%m").to_string();
    months.entry(key.clone()).or_insert(Month {
        month: key,
        sessions: 0,
        attendances: 0,
        anonymous_contacts: 0,
    })
}

/// Every month of the period up to the last day held, in order, empty ones included.
fn months_of_period(
    period: Period,
    held_until: NaiveDate,
    mut found: BTreeMap<String, Month>,
) -> Vec<Month> {
    let mut months = Vec::new();
    let mut day = period.from.with_day(1).unwrap_or(period.from);
    while day <= held_until {
        months.push(month_of(&mut found, day).clone());
        day = crate::dates::add_months_clamped(day, 1);
    }
    months
}

/// The outcome areas of each held session, as (framework, outcome) pairs.
fn session_outcomes(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    held: &HashMap<i64, HeldSession>,
) -> Result<HashMap<i64, Vec<(String, String)>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.session_id, o.framework_code, o.outcome_code FROM session_outcomes o
         JOIN sessions s ON s.id = o.session_id WHERE s.date BETWEEN ?1 AND ?2 AND s.cancelled = 0",
    )?;
    let mut tags: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    let mut rows = stmt.query(params![from, to])?;
    while let Some(row) = rows.next()? {
        let session: i64 = row.get(0)?;
        if held.contains_key(&session) {
            tags.entry(session)
                .or_default()
                .push((row.get(1)?, row.get(2)?));
        }
    }
    Ok(tags)
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
    held: &HashMap<i64, HeldSession>,
) -> Result<StaffingMeasures> {
    let book = crate::training::RecordBook::load(conn)?;
    let hour_value = crate::organisation::get(conn)?.map_or(0.0, |o| o.volunteer_hour_value_gbp);
    let mut stmt = conn.prepare_cached(
        "SELECT f.person_id, p.paid, f.role, f.hours, s.date, f.session_id FROM staffing f
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
        if !held.contains_key(&row.get::<_, i64>(5)?) {
            continue;
        }
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

fn held_sessions(
    conn: &Connection,
    period: Period,
    scope: &Scope,
) -> Result<HashMap<i64, HeldSession>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.start_time, s.end_time, s.session_type, s.date, s.series_id,
                COALESCE(s.project_id, r.project_id)
         FROM sessions s LEFT JOIN session_series r ON r.id = s.series_id
         WHERE s.date BETWEEN ?1 AND ?2 AND s.cancelled = 0",
    )?;
    let mut held = HashMap::new();
    let mut rows = stmt.query(params![period.from, period.to])?;
    while let Some(r) = rows.next()? {
        let session_type: SessionType = r.get(3)?;
        let series: Option<i64> = r.get(5)?;
        let project: Option<i64> = r.get(6)?;
        if !scope.includes(series, project, session_type) {
            continue;
        }
        let start: ClockTime = r.get(1)?;
        let end: ClockTime = r.get(2)?;
        held.insert(
            r.get::<_, i64>(0)?,
            HeldSession {
                minutes: minutes_between(start, end),
                session_type,
                date: r.get(4)?,
                anyone: false,
            },
        );
    }
    Ok(held)
}

/// Of the young people who attended in the period, those with no attendance (at a session
/// not cancelled) before it. An attendance before it that was anonymised apart from the rest
/// (old registers, under the retention rules) is remembered by its date, `attended_before_on`.
fn count_new(
    conn: &Connection,
    period: Period,
    attenders: impl Iterator<Item = Who>,
) -> Result<u64> {
    // The index on (young_person_id, session_id) walks a person's attendances; an earlier
    // one is usually found at the first step, so this stays fast on years of data.
    let mut named_before = conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM attendance a JOIN sessions s ON s.id = a.session_id
                        WHERE a.young_person_id = ?1 AND s.date < ?2 AND s.cancelled = 0)
             OR EXISTS (SELECT 1 FROM young_people WHERE id = ?1 AND attended_before_on < ?2)",
    )?;
    let mut anonymous_before = conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM anonymous_attendance a JOIN sessions s ON s.id = a.session_id
                        WHERE a.attender_id = ?1 AND s.date < ?2 AND s.cancelled = 0)
             OR EXISTS (SELECT 1 FROM anonymous_attenders WHERE id = ?1 AND attended_before_on < ?2)",
    )?;
    let mut new = 0;
    for who in attenders {
        let earlier: bool = match who {
            Who::Named(id) => named_before.query_row(params![id, period.from], |r| r.get(0))?,
            Who::Anonymous(id) => {
                anonymous_before.query_row(params![id, period.from], |r| r.get(0))?
            }
        };
        if !earlier {
            new += 1;
        }
    }
    Ok(new)
}

fn profile_facts(conn: &Connection) -> Result<HashMap<Who, ProfileFacts>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, date_of_birth, age_given, age_given_on, gender, ethnicity, disability, postcode FROM young_people",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            Who::Named(r.get(0)?),
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
    let mut facts: HashMap<Who, ProfileFacts> = rows.collect::<rusqlite::Result<_>>()?;
    // An anonymous attender's age comes with each attendance; its district stands in for
    // the postcode (a district reads as its own district).
    let mut stmt = conn.prepare_cached(
        "SELECT id, gender, ethnicity, disability, postcode_district FROM anonymous_attenders",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            Who::Anonymous(r.get(0)?),
            ProfileFacts {
                date_of_birth: None,
                age_given: None,
                age_given_on: None,
                gender: r.get(1)?,
                ethnicity: r.get(2)?,
                disability: r.get(3)?,
                postcode: r.get(4)?,
            },
        ))
    })?;
    for row in rows {
        let (who, fact) = row?;
        facts.insert(who, fact);
    }
    Ok(facts)
}

fn circumstances_of(conn: &Connection) -> Result<HashMap<Who, Vec<String>>> {
    let mut found: HashMap<Who, Vec<String>> = HashMap::new();
    let mut stmt =
        conn.prepare_cached("SELECT young_person_id, code FROM young_person_circumstances")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        found
            .entry(Who::Named(row.get(0)?))
            .or_default()
            .push(row.get(1)?);
    }
    let mut stmt =
        conn.prepare_cached("SELECT attender_id, code FROM anonymous_attender_circumstances")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        found
            .entry(Who::Anonymous(row.get(0)?))
            .or_default()
            .push(row.get(1)?);
    }
    Ok(found)
}

fn breakdowns(
    conn: &Connection,
    attenders: &HashMap<Who, Attender>,
    age_bands: &[AgeBandSpec],
) -> Result<Breakdowns> {
    let facts = profile_facts(conn)?;
    let circumstances = circumstances_of(conn)?;
    let mut breakdowns: Breakdowns = DIMENSIONS
        .iter()
        .map(|d| ((*d).to_owned(), BTreeMap::new()))
        .collect();
    let mut count = |dimension: &str, category: &str| {
        *breakdowns
            .entry(dimension.to_owned())
            .or_default()
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
        let age = match id {
            Who::Named(_) => age_from(
                person.date_of_birth,
                person.age_given,
                person.age_given_on,
                first,
            ),
            Who::Anonymous(_) => attender.age_on_first_date,
        };
        count("age_band", band_of(age, age_bands));
        count("gender", person.gender.code());
        count("ethnicity_group", ethnicity_group(person.ethnicity).code());
        count(
            "ethnicity",
            person.ethnicity.map_or("unknown", |e| e.code()),
        );
        count("disability", person.disability.code());
        let district = person.postcode.as_deref().and_then(postcode_district);
        count(
            "postcode_district",
            district.as_deref().unwrap_or("unknown"),
        );
        for session_type in &attender.session_types {
            count("session_type", session_type.code());
        }
        match circumstances.get(id) {
            Some(codes) if !codes.is_empty() => {
                for code in codes {
                    count("circumstance", code);
                }
            }
            _ => count("circumstance", NO_CIRCUMSTANCE),
        }
        for (framework, outcome) in &attender.outcomes {
            count(&format!("outcome:{framework}"), outcome);
        }
    }
    Ok(breakdowns)
}

#[cfg(test)]
mod tests;
