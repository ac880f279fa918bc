//! Funder returns: a template's figures for a period and part of the club's work, ready to
//! show, print, save as CSV or JSON, and keep as sent.
//!
//! Every number comes from [`crate::figures`]; this module only chooses, labels and orders
//! them as the template says. A return that is produced for a funder is saved as an immutable
//! snapshot with a fingerprint of the records behind it, so opening it later can say whether
//! those records have changed since and which figures would now differ.

mod outcome_parts;
pub mod templates;

pub use outcome_parts::DifferenceChoice;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;

use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::dates::{ClockTime, Period, minutes_between, now_utc_text};
use crate::error::{Error, Result, invalid};
use crate::figures::{
    self, AgeBandSpec, Breakdowns, MeasureKind, Measures, Month, NO_CIRCUMSTANCE, Scope, band_of,
    time_present,
};
use crate::files::csv_text_cell;
use crate::vocab::{Disability, Ethnicity, EthnicityGroup, Gender, SessionType};
use crate::young_people::age_from;
use templates::{Section, Template};

/// The JSON form of a return.
pub const SCHEMA: &str = "clubroom-return/1";

/// What the manager asks for: a template, a period, part of the work, and their answers to
/// the template's questions (by question id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReturnRequest {
    pub template_id: String,
    pub period: Period,
    #[serde(default)]
    pub scope: Scope,
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
    /// The outcomes chosen for the template's "differences we made", in order (left out of a
    /// request for a template without them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<DifferenceChoice>>"))]
    pub differences: Vec<DifferenceChoice>,
}

impl ReturnRequest {
    /// The stories chosen as case studies of its differences, in order.
    pub fn case_studies(&self) -> Vec<i64> {
        self.differences.iter().filter_map(|d| d.story_id).collect()
    }
}

/// Which template (and which version of it) a return was made with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TemplateRef {
    pub id: String,
    pub name: String,
    pub funder: String,
    pub version: u32,
}

/// One headline figure as the funder names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MeasureRow {
    pub measure: String,
    pub label: String,
    /// `null` only for a share with nobody to share (training compliance with no staffing).
    pub value: Option<f64>,
    pub kind: MeasureKind,
    /// The value as printed ("1,234", "£2,530.50", "87.5%").
    pub shown: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One category of a breakdown: unique young people in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CategoryRow {
    pub category: String,
    pub label: String,
    pub young_people: u64,
    /// Of all unique young people in the return, as a percentage to one decimal place.
    pub percent: f64,
}

/// A part of a return, as shown and printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Part {
    Measures {
        title: String,
        rows: Vec<MeasureRow>,
    },
    Breakdown {
        title: String,
        dimension: String,
        rows: Vec<CategoryRow>,
        /// Unique young people in the return.
        young_people: u64,
        /// A young person can be in more than one row (session types, circumstances,
        /// outcome areas), so the rows add up to more than the total.
        overlapping: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    Chart {
        title: String,
        chart: String,
        months: Vec<Month>,
    },
    Question {
        id: String,
        title: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hint: Option<String>,
        answer: String,
    },
    Text {
        title: String,
        body: String,
    },
}

/// A funder return: every measure and breakdown of DESIGN.md by name (so other tools can
/// check them), and the template's parts in its order and words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Return {
    pub schema: String,
    pub organisation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charity_number: Option<String>,
    pub template: TemplateRef,
    pub period: Period,
    pub scope: Scope,
    /// "All of the club's work", or the project, series and session types it covers.
    pub covers: String,
    pub measures: Measures,
    #[cfg_attr(feature = "ts", ts(type = "Record<string, Record<string, number>>"))]
    pub breakdowns: Breakdowns,
    pub months: Vec<Month>,
    pub parts: Vec<Part>,
    /// The outcomes chosen for "the differences we made", so a return kept as sent can be
    /// made again to see what changed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub differences: Vec<DifferenceChoice>,
}

/// Builds the return a request asks for, with the figures as they stand on `today`.
pub fn build(conn: &Connection, request: &ReturnRequest, today: NaiveDate) -> Result<Return> {
    let template = templates::get(conn, &request.template_id)?;
    build_with(conn, &template, request, today)
}

/// Builds a return with a template in hand (one being edited, or the copy a saved return kept).
pub fn build_with(
    conn: &Connection,
    template: &Template,
    request: &ReturnRequest,
    today: NaiveDate,
) -> Result<Return> {
    check_answers(template, &request.answers)?;
    outcome_parts::check_choices(conn, template, &request.differences)?;
    recount(conn, template, request, today)
}

/// Counts a checked request's return. A return kept as sent is recounted from here without
/// checking its choices again: a case study since removed or changed is then shown as no
/// longer usable (and the fingerprint says the records changed), rather than the check
/// failing.
fn recount(
    conn: &Connection,
    template: &Template,
    request: &ReturnRequest,
    today: NaiveDate,
) -> Result<Return> {
    let organisation = crate::organisation::require(conn)?;
    let figures = figures::compute_for(
        conn,
        request.period,
        &request.scope,
        &template.age_bands(),
        today,
    )?;
    let labels = Labels::load(conn, template)?;
    let outcomes = outcome_parts::OutcomeFigures::for_template(
        conn,
        template,
        request.period,
        &request.scope,
        today,
    )?;
    let mut parts = Vec::new();
    for section in &template.sections {
        match outcome_parts::render(conn, section, &outcomes, &request.differences)? {
            Some(outcome_parts) => parts.extend(outcome_parts),
            None => parts.push(render(
                section,
                &figures.measures,
                &figures.breakdowns,
                &figures.months,
                &labels,
                &request.answers,
            )),
        }
    }
    Ok(Return {
        schema: SCHEMA.to_owned(),
        organisation: organisation.name,
        charity_number: organisation.charity_number,
        template: TemplateRef {
            id: template.id.clone(),
            name: template.name.clone(),
            funder: template.funder.clone(),
            version: template.version,
        },
        period: request.period,
        scope: request.scope.clone(),
        covers: describe_scope(conn, &request.scope)?,
        measures: figures.measures,
        breakdowns: figures.breakdowns,
        months: figures.months,
        parts,
        differences: request.differences.clone(),
    })
}

fn check_answers(template: &Template, answers: &BTreeMap<String, String>) -> Result<()> {
    for id in answers.keys() {
        let asked = template
            .sections
            .iter()
            .any(|s| matches!(s, Section::Question { id: q, .. } if q == id));
        if !asked {
            return invalid(format!(
                "The template “{}” has no question “{id}” to answer.",
                template.name
            ));
        }
    }
    Ok(())
}

/// Words for the codes in breakdowns: the vocabulary's labels, the club's circumstances and
/// outcome areas, and the template's own labels over all of them.
struct Labels {
    circumstances: HashMap<String, String>,
    outcomes: HashMap<(String, String), String>,
    age_bands: Vec<AgeBandSpec>,
}

impl Labels {
    fn load(conn: &Connection, template: &Template) -> Result<Labels> {
        let circumstances = crate::young_people::circumstances::all(conn)?
            .into_iter()
            .map(|c| (c.code, c.label))
            .collect();
        let outcomes = crate::outcomes::frameworks(conn)?
            .into_iter()
            .flat_map(|f| {
                let code = f.code;
                f.outcomes
                    .into_iter()
                    .map(move |o| ((code.clone(), o.code), o.label))
            })
            .collect();
        Ok(Labels {
            circumstances,
            outcomes,
            age_bands: template.age_bands(),
        })
    }

    /// Every category a dimension shows, in the order a reader expects, with its label.
    /// Closed lists show every category (a zero is a figure too); open ones show what was
    /// found, largest first.
    fn categories(&self, dimension: &str, found: &BTreeMap<String, u64>) -> Vec<(String, String)> {
        fn closed<T: Copy>(
            all: &[T],
            code: fn(T) -> &'static str,
            label: fn(T) -> &'static str,
        ) -> Vec<(String, String)> {
            all.iter()
                .map(|v| (code(*v).to_owned(), label(*v).to_owned()))
                .collect()
        }
        let mut listed: Vec<(String, String)> = match dimension {
            "age_band" => self
                .age_bands
                .iter()
                .map(|b| (b.label.clone(), b.label.clone()))
                .chain([("unknown".to_owned(), "Age not known".to_owned())])
                .collect(),
            "gender" => closed(Gender::ALL, Gender::code, Gender::label),
            "ethnicity_group" => closed(
                EthnicityGroup::ALL,
                EthnicityGroup::code,
                EthnicityGroup::label,
            ),
            "ethnicity" => closed(Ethnicity::ALL, Ethnicity::code, Ethnicity::label)
                .into_iter()
                .chain([("unknown".to_owned(), "Not known".to_owned())])
                .collect(),
            "disability" => closed(Disability::ALL, Disability::code, Disability::label),
            "session_type" => closed(SessionType::ALL, SessionType::code, SessionType::label),
            _ => {
                let mut open: Vec<(&String, &u64)> = found.iter().collect();
                // Largest first; the "none recorded" and "unknown" rows go last.
                open.sort_by_key(|(code, count)| {
                    (
                        is_unknown(code),
                        std::cmp::Reverse(**count),
                        (*code).clone(),
                    )
                });
                open.into_iter()
                    .map(|(code, _)| (code.clone(), self.open_label(dimension, code)))
                    .collect()
            }
        };
        // A code the lists above do not know (an older vocabulary) still shows.
        for code in found.keys() {
            if !listed.iter().any(|(c, _)| c == code) {
                listed.push((code.clone(), code.clone()));
            }
        }
        listed
    }

    fn open_label(&self, dimension: &str, code: &str) -> String {
        if dimension == "circumstance" {
            if code == NO_CIRCUMSTANCE {
                return "None recorded".to_owned();
            }
            return self
                .circumstances
                .get(code)
                .cloned()
                .unwrap_or_else(|| code.to_owned());
        }
        if let Some(framework) = dimension.strip_prefix("outcome:") {
            let key = (framework.to_owned(), code.to_owned());
            return self
                .outcomes
                .get(&key)
                .cloned()
                .unwrap_or_else(|| code.to_owned());
        }
        if code == "unknown" {
            return "Not known".to_owned();
        }
        code.to_owned()
    }
}

fn is_unknown(code: &str) -> bool {
    code == "unknown" || code == NO_CIRCUMSTANCE
}

/// Dimensions in which one young person can fall in several categories.
fn overlapping(dimension: &str) -> bool {
    matches!(dimension, "session_type" | "circumstance") || dimension.starts_with("outcome:")
}

fn render(
    section: &Section,
    measures: &Measures,
    breakdowns: &Breakdowns,
    months: &[Month],
    labels: &Labels,
    answers: &BTreeMap<String, String>,
) -> Part {
    match section {
        Section::Measures { title, items } => Part::Measures {
            title: title.clone(),
            rows: items
                .iter()
                .map(|item| {
                    let value = measures.value(&item.measure);
                    let kind = Measures::kind(&item.measure);
                    MeasureRow {
                        measure: item.measure.clone(),
                        label: item.label.clone(),
                        value,
                        kind,
                        shown: show(value, kind),
                        note: item.note.clone(),
                    }
                })
                .collect(),
        },
        Section::Breakdown {
            title,
            dimension,
            labels: own_labels,
            note,
        } => {
            let empty = BTreeMap::new();
            let found = breakdowns.get(dimension).unwrap_or(&empty);
            let total = measures.unique_young_people;
            let rows = labels
                .categories(dimension, found)
                .into_iter()
                .map(|(category, label)| {
                    let young_people = found.get(&category).copied().unwrap_or(0);
                    CategoryRow {
                        label: own_labels.get(&category).cloned().unwrap_or(label),
                        percent: percent(young_people, total),
                        category,
                        young_people,
                    }
                })
                .collect();
            Part::Breakdown {
                title: title.clone(),
                dimension: dimension.clone(),
                rows,
                young_people: total,
                overlapping: overlapping(dimension),
                note: note.clone(),
            }
        }
        Section::Chart { title, chart } => Part::Chart {
            title: title.clone(),
            chart: chart.clone(),
            months: months.to_vec(),
        },
        Section::Question { id, title, hint } => Part::Question {
            id: id.clone(),
            title: title.clone(),
            hint: hint.clone(),
            answer: answers
                .get(id)
                .map(|a| a.trim().to_owned())
                .unwrap_or_default(),
        },
        Section::Text { title, body } => Part::Text {
            title: title.clone(),
            body: body.clone(),
        },
        // Rendered by outcome_parts before this is reached.
        Section::OutcomeChange { title, .. }
        | Section::CheckinCoverage { title, .. }
        | Section::Progression { title, .. }
        | Section::Engagement { title }
        | Section::Differences { title, .. } => Part::Text {
            title: title.clone(),
            body: String::new(),
        },
    }
}

fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    (part as f64 * 1000.0 / whole as f64).round() / 10.0
}

/// A measure's value as printed.
pub fn show(value: Option<f64>, kind: MeasureKind) -> String {
    let Some(value) = value else {
        return "–".to_owned();
    };
    match kind {
        MeasureKind::Count => thousands(&format!("{value:.0}")),
        MeasureKind::Hours => thousands(&trimmed(value)),
        MeasureKind::Pounds => format!("£{}", thousands(&format!("{value:.2}"))),
        MeasureKind::Share => format!("{}%", trimmed(value * 100.0)),
    }
}

/// At most two decimal places, without trailing zeros.
fn trimmed(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_owned()
}

/// Commas between thousands in the whole part ("12345.5" -> "12,345.5").
fn thousands(number: &str) -> String {
    let (sign, digits) = number.strip_prefix('-').map_or(("", number), |d| ("-", d));
    let (whole, fraction) = digits
        .split_once('.')
        .map_or((digits, None), |(w, f)| (w, Some(f)));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A raw value for the CSV: whole counts without decimals, others as they are.
fn raw(value: Option<f64>, kind: MeasureKind) -> String {
    match (value, kind) {
        (None, _) => String::new(),
        (Some(v), MeasureKind::Count) => format!("{v:.0}"),
        (Some(v), MeasureKind::Pounds) => format!("{v:.2}"),
        (Some(v), _) => v.to_string(),
    }
}

/// Says in words which part of the club's work a scope covers.
pub fn describe_scope(conn: &Connection, scope: &Scope) -> Result<String> {
    if scope.is_everything() {
        return Ok("All of the club's work".to_owned());
    }
    let mut parts = Vec::new();
    if let Some(project) = scope.project_id {
        parts.push(format!(
            "Project: {}",
            crate::projects::get(conn, project)?.name
        ));
    }
    if !scope.series_ids.is_empty() {
        let mut names = Vec::new();
        for id in &scope.series_ids {
            let name: Option<String> = conn
                .query_row("SELECT name FROM session_series WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?;
            names.push(
                name.ok_or_else(|| Error::NotFound(format!("There is no series number {id}.")))?,
            );
        }
        parts.push(format!("Series: {}", names.join(", ")));
    }
    if !scope.session_types.is_empty() {
        let types: Vec<&str> = scope.session_types.iter().map(|t| t.label()).collect();
        parts.push(format!("Session types: {}", types.join(", ")));
    }
    Ok(parts.join(" · "))
}

impl Return {
    /// The return as pretty JSON: the same records and template give the same bytes.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a return serialises") + "\n"
    }

    /// The return as a tidy CSV, one figure per row:
    /// `template,period_from,period_to,section,name,category,label,value`.
    pub fn write_csv(&self, output: impl Write) -> Result<()> {
        let mut csv = csv::Writer::from_writer(output);
        csv.write_record([
            "template",
            "period_from",
            "period_to",
            "section",
            "name",
            "category",
            "label",
            "value",
        ])?;
        let from = self.period.from.to_string();
        let to = self.period.to.to_string();
        // Titles, labels and answers come from templates and people: text cells, neutralised
        // against formulas. A value is a number the return formats, or an answer (text).
        let template_id = csv_text_cell(&self.template.id);
        let mut row = |section: &str, name: &str, category: &str, label: &str, value: &str| {
            csv.write_record([
                &template_id,
                from.as_str(),
                to.as_str(),
                &csv_text_cell(section),
                &csv_text_cell(name),
                &csv_text_cell(category),
                &csv_text_cell(label),
                value,
            ])
        };
        for part in &self.parts {
            match part {
                Part::Measures { title, rows } => {
                    for r in rows {
                        row(title, &r.measure, "", &r.label, &raw(r.value, r.kind))?;
                    }
                }
                Part::Breakdown {
                    title,
                    dimension,
                    rows,
                    ..
                } => {
                    for r in rows {
                        row(
                            title,
                            dimension,
                            &r.category,
                            &r.label,
                            &r.young_people.to_string(),
                        )?;
                    }
                }
                Part::Chart { title, months, .. } => {
                    for m in months {
                        let label = month_label(&m.month);
                        row(
                            title,
                            "attendances",
                            &m.month,
                            &label,
                            &m.attendances.to_string(),
                        )?;
                        row(
                            title,
                            "anonymous_contacts",
                            &m.month,
                            &label,
                            &m.anonymous_contacts.to_string(),
                        )?;
                        row(title, "sessions", &m.month, &label, &m.sessions.to_string())?;
                    }
                }
                Part::Question {
                    id, title, answer, ..
                } => {
                    row(
                        title,
                        &format!("question:{id}"),
                        "",
                        title,
                        &csv_text_cell(answer),
                    )?;
                }
                Part::Text { .. } => {}
            }
        }
        csv.flush().map_err(csv::Error::from)?;
        Ok(())
    }

    pub fn csv_text(&self) -> Result<String> {
        let mut bytes = Vec::new();
        self.write_csv(&mut bytes)?;
        Ok(String::from_utf8(bytes).expect("the CSV is UTF-8"))
    }
}

/// "2026-04" -> "April 2026".
pub fn month_label(month: &str) -> String {
    NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .map(|d| d.format("%B %Y").to_string())
        .unwrap_or_else(|_| month.to_owned())
}

/// The de-identified register for funders that ask for it: one row per attendance at a
/// session held in the period and scope, with no names, dates of birth or full postcodes:
/// `reference,age_band,gender,ethnicity_group,postcode_district,session_date,session_type,hours`.
/// The age band is the young person's age on the day of the session. An attendance whose
/// name was removed (docs/counting-rules.md, "Erased young people") is a row too, its
/// reference `ANON-` and a number, so the rows still add up to the return's attendances.
/// Returns the rows written.
pub fn write_register_csv(
    conn: &Connection,
    request: &ReturnRequest,
    age_bands: &[AgeBandSpec],
    today: NaiveDate,
    output: impl Write,
) -> Result<u64> {
    let held_until = request.period.to.min(today);
    let mut csv = csv::Writer::from_writer(output);
    csv.write_record([
        "reference",
        "age_band",
        "gender",
        "ethnicity_group",
        "postcode_district",
        "session_date",
        "session_type",
        "hours",
    ])?;
    let mut rows = register_rows(conn, true, request, age_bands, held_until)?;
    rows.extend(register_rows(conn, false, request, age_bands, held_until)?);
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, record) in &rows {
        // Only the reference is text a person may have typed; the rest are codes and numbers.
        csv.write_record(
            record
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    if i == 0 {
                        csv_text_cell(cell)
                    } else {
                        cell.into()
                    }
                })
                .map(|cell| cell.into_owned()),
        )?;
    }
    csv.flush().map_err(csv::Error::from)?;
    Ok(rows.len() as u64)
}

/// The named attendances of the register: reference, the young person (for their age),
/// gender, ethnicity, postcode, then the session's columns.
const NAMED_REGISTER: &str = "SELECT y.ref, y.id,
            y.gender, y.ethnicity, y.postcode, s.date, s.session_type, s.start_time, s.end_time,
            a.arrived_at, a.left_at, s.series_id, COALESCE(s.project_id, r.project_id), s.id
     FROM attendance a
     JOIN sessions s ON s.id = a.session_id
     JOIN young_people y ON y.id = a.young_person_id
     LEFT JOIN session_series r ON r.id = s.series_id
     WHERE s.date BETWEEN ?1 AND ?2 AND s.cancelled = 0";

/// The attendances whose names were removed, in the same columns (the age kept with each).
const ANONYMOUS_REGISTER: &str = "SELECT 'ANON-' || x.id, a.age_years,
            x.gender, x.ethnicity, x.postcode_district, s.date, s.session_type, s.start_time,
            s.end_time, a.arrived_at, a.left_at, s.series_id, COALESCE(s.project_id, r.project_id), s.id
     FROM anonymous_attendance a
     JOIN sessions s ON s.id = a.session_id
     JOIN anonymous_attenders x ON x.id = a.attender_id
     LEFT JOIN session_series r ON r.id = s.series_id
     WHERE s.date BETWEEN ?1 AND ?2 AND s.cancelled = 0";

/// How a register row sorts (date, start, session, reference) and its cells.
type RegisterRow = ((NaiveDate, ClockTime, i64, String), Vec<String>);

/// The register's rows, named (`named`) or anonymous, in scope.
fn register_rows(
    conn: &Connection,
    named: bool,
    request: &ReturnRequest,
    age_bands: &[AgeBandSpec],
    held_until: NaiveDate,
) -> Result<Vec<RegisterRow>> {
    let sql = if named {
        NAMED_REGISTER
    } else {
        ANONYMOUS_REGISTER
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params![request.period.from, held_until])?;
    let mut found = Vec::new();
    while let Some(r) = rows.next()? {
        let session_type: SessionType = r.get(6)?;
        if !request.scope.includes(r.get(11)?, r.get(12)?, session_type) {
            continue;
        }
        let reference: String = r.get(0)?;
        let date: NaiveDate = r.get(5)?;
        // A named young person's age comes from their date of birth on the day; an
        // anonymous attendance keeps the age it had.
        let age = if named {
            named_age(conn, r.get(1)?, date)?
        } else {
            r.get::<_, Option<u32>>(1)?
        };
        let gender: Gender = r.get(2)?;
        let ethnicity: Option<Ethnicity> = r.get(3)?;
        let postcode: Option<String> = r.get(4)?;
        let district = postcode
            .as_deref()
            .and_then(crate::vocab::postcode_district)
            .unwrap_or_else(|| "unknown".to_owned());
        let start: ClockTime = r.get(7)?;
        let end: ClockTime = r.get(8)?;
        let minutes = time_present(minutes_between(start, end), r.get(9)?, r.get(10)?);
        let record = vec![
            reference.clone(),
            band_of(age, age_bands).to_owned(),
            gender.code().to_owned(),
            crate::vocab::ethnicity_group(ethnicity).code().to_owned(),
            district,
            date.to_string(),
            session_type.code().to_owned(),
            figures::hours(u64::from(minutes)).to_string(),
        ];
        found.push(((date, start, r.get::<_, i64>(13)?, reference), record));
    }
    Ok(found)
}

/// A named young person's age on `date`, from their date of birth or an age given.
fn named_age(conn: &Connection, id: i64, date: NaiveDate) -> Result<Option<u32>> {
    let (born, given, given_on): (Option<NaiveDate>, Option<u32>, Option<NaiveDate>) = conn
        .prepare_cached(
            "SELECT date_of_birth, age_given, age_given_on FROM young_people WHERE id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(age_from(born, given, given_on, date))
}

/// A SHA-256 over every record the figures of a period are counted from: its sessions,
/// marks, headcounts and outcome areas, the profiles of the young people who came (and
/// whether they had come before), who staffed, their training, the club's course rules, the
/// value of a volunteer hour, and the outcome records: the check-ins (with their answers) of
/// everyone checked in during the period, back to their baselines, the check-in plans that
/// pair them, and the progression recorded in the period; and the case studies chosen for
/// the return's differences (`case_studies`: their words, consent, audience, outcomes and what
/// the anonymity check finds, or that they are gone). Any change to these changes the
/// fingerprint.
pub fn fingerprint(
    conn: &Connection,
    period: Period,
    case_studies: &[i64],
    today: NaiveDate,
) -> Result<String> {
    let to = period.to.min(today);
    let mut hasher = Sha256::new();
    let in_period = "s.date BETWEEN ?1 AND ?2";
    let queries = [
        format!(
            "SELECT s.id, s.date, s.start_time, s.end_time, s.session_type, s.cancelled,
                    s.series_id, COALESCE(s.project_id, r.project_id)
             FROM sessions s LEFT JOIN session_series r ON r.id = s.series_id
             WHERE {in_period} ORDER BY s.id"
        ),
        format!(
            "SELECT a.session_id, a.young_person_id, a.arrived_at, a.left_at
             FROM attendance a JOIN sessions s ON s.id = a.session_id
             WHERE {in_period} ORDER BY 1, 2"
        ),
        format!(
            "SELECT h.session_id, h.gender, h.age_band, h.count
             FROM headcounts h JOIN sessions s ON s.id = h.session_id
             WHERE {in_period} ORDER BY 1, 2, 3"
        ),
        format!(
            "SELECT o.session_id, o.framework_code, o.outcome_code
             FROM session_outcomes o JOIN sessions s ON s.id = o.session_id
             WHERE {in_period} ORDER BY 1, 2, 3"
        ),
        format!(
            "SELECT y.id, y.date_of_birth, y.age_given, y.age_given_on, y.gender, y.ethnicity,
                    y.disability, y.postcode,
                    (SELECT group_concat(code) FROM (SELECT code FROM young_person_circumstances c
                       WHERE c.young_person_id = y.id ORDER BY code)),
                    EXISTS (SELECT 1 FROM attendance b JOIN sessions t ON t.id = b.session_id
                            WHERE b.young_person_id = y.id AND t.date < ?1 AND t.cancelled = 0)
             FROM young_people y
             WHERE y.id IN (SELECT a.young_person_id FROM attendance a
                            JOIN sessions s ON s.id = a.session_id WHERE {in_period})
             ORDER BY y.id"
        ),
        format!(
            "SELECT f.session_id, f.person_id, f.role, f.hours, p.paid
             FROM staffing f JOIN sessions s ON s.id = f.session_id
             JOIN people p ON p.id = f.person_id
             WHERE {in_period} ORDER BY 1, 2, 3"
        ),
        format!(
            "SELECT t.* FROM training_records t
             WHERE t.person_id IN (SELECT f.person_id FROM staffing f
                                   JOIN sessions s ON s.id = f.session_id WHERE {in_period})
             ORDER BY t.id"
        ),
        "SELECT * FROM courses ORDER BY 1".to_owned(),
        "SELECT * FROM role_requirements ORDER BY 1, 2".to_owned(),
        "SELECT volunteer_hour_value_gbp FROM organisation".to_owned(),
        // Distance travelled pairs a check-in in the period with a baseline that may be older.
        "SELECT c.id, c.young_person_id, c.attender_id, c.measure_code, c.measure_version,
                c.taken_on, c.wave, c.mode, c.declined, c.plan_id,
                (SELECT group_concat(question_id || '=' || value) FROM
                   (SELECT question_id, value FROM checkin_answers a
                    WHERE a.checkin_id = c.id ORDER BY question_id))
         FROM checkins c
         WHERE c.taken_on <= ?2
           AND (c.young_person_id IN (SELECT young_person_id FROM checkins
                                      WHERE taken_on BETWEEN ?1 AND ?2)
                OR c.attender_id IN (SELECT attender_id FROM checkins
                                     WHERE taken_on BETWEEN ?1 AND ?2))
         ORDER BY c.id"
            .to_owned(),
        "SELECT * FROM checkin_plans ORDER BY 1".to_owned(),
        "SELECT * FROM checkin_plan_measures ORDER BY 1, 2".to_owned(),
        "SELECT * FROM checkin_plan_people ORDER BY 1, 2".to_owned(),
        "SELECT e.id, e.young_person_id, e.attender_id, e.kind_code, e.happened_on, k.grouping
         FROM progression_events e JOIN progression_kinds k ON k.code = e.kind_code
         WHERE e.happened_on BETWEEN ?1 AND ?2 ORDER BY e.id"
            .to_owned(),
    ];
    for sql in &queries {
        hash_rows(&mut hasher, conn, sql, period.from, to)?;
    }
    for story in case_studies {
        let as_used = crate::stories::as_used_in_return(conn, *story)?;
        hasher.update(b"\x1estory");
        hasher.update((as_used.len() as u64).to_le_bytes());
        hasher.update(as_used.as_bytes());
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Feeds every value of every row into the hash, each tagged with its type and length so
/// that no two different tables of values can hash alike.
fn hash_rows(
    hasher: &mut Sha256,
    conn: &Connection,
    sql: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    let columns = stmt.column_count();
    let named = sql.contains("?1");
    let mut rows = if named {
        stmt.query(params![from, to])?
    } else {
        stmt.query([])?
    };
    hasher.update(sql.as_bytes());
    while let Some(row) = rows.next()? {
        hasher.update(b"\x1erow");
        for i in 0..columns {
            match row.get_ref(i)? {
                ValueRef::Null => hasher.update(b"n"),
                ValueRef::Integer(v) => {
                    hasher.update(b"i");
                    hasher.update(v.to_le_bytes());
                }
                ValueRef::Real(v) => {
                    hasher.update(b"r");
                    hasher.update(v.to_le_bytes());
                }
                ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
                    hasher.update(b"t");
                    hasher.update((bytes.len() as u64).to_le_bytes());
                    hasher.update(bytes);
                }
            }
        }
    }
    Ok(())
}

/// A return as it was produced and sent, never changed afterwards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SavedReturn {
    pub id: i64,
    /// When it was produced (UTC, RFC 3339).
    pub produced_at: String,
    /// The day its figures were counted on.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub produced_on: NaiveDate,
    pub fingerprint: String,
    pub report: Return,
}

/// A saved return in the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SavedReturnSummary {
    pub id: i64,
    pub template: TemplateRef,
    pub period: Period,
    pub covers: String,
    pub produced_at: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub produced_on: NaiveDate,
}

/// A figure that would now differ from the one sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Difference {
    /// `unique_young_people`, or `gender/female` for a breakdown cell.
    pub figure: String,
    /// What the return calls it ("Young people who took part", "Gender: Female").
    pub label: String,
    pub sent: String,
    pub now: String,
}

/// A saved return reopened: as sent, and whether its records have changed since.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SavedReturnCheck {
    pub saved: SavedReturn,
    /// The records behind the return are not as they were when it was produced.
    pub records_changed: bool,
    /// The figures that would now come out differently (none if the changes do not touch
    /// any figure).
    pub differences: Vec<Difference>,
}

/// Produces a return for a funder and keeps it as sent. Producing the very same return again
/// (same template version, period, scope, answers and records) gives back the one saved.
pub fn save(tx: &Transaction, request: &ReturnRequest, today: NaiveDate) -> Result<SavedReturn> {
    let made = make_to_keep(tx, request, today)?;
    keep(tx, request, &made, today)
}

/// A return counted once, with the fingerprint of the records behind it, ready to be kept as
/// sent by [`keep`] (the exports door makes it before asking where to save, and keeps it in
/// the transaction that writes the file).
#[derive(Debug, Clone)]
pub struct ReturnToKeep {
    pub template: Template,
    pub report: Return,
    pub fingerprint: String,
}

/// Counts a return and fingerprints the records behind it.
pub fn make_to_keep(
    conn: &Connection,
    request: &ReturnRequest,
    today: NaiveDate,
) -> Result<ReturnToKeep> {
    let template = templates::get(conn, &request.template_id)?;
    let report = build_with(conn, &template, request, today)?;
    let fingerprint = fingerprint(conn, request.period, &request.case_studies(), today)?;
    Ok(ReturnToKeep {
        template,
        report,
        fingerprint,
    })
}

/// Keeps a return as sent (the same return made twice on a day is kept once).
pub fn keep(
    tx: &Transaction,
    request: &ReturnRequest,
    made: &ReturnToKeep,
    today: NaiveDate,
) -> Result<SavedReturn> {
    let (template, fingerprint) = (&made.template, &made.fingerprint);
    let figures_json = made.report.to_json();
    let existing: Option<i64> = tx
        .query_row(
            "SELECT id FROM saved_returns WHERE figures_json = ?1 AND fingerprint = ?2
             AND produced_on = ?3 ORDER BY id DESC LIMIT 1",
            params![figures_json, fingerprint, today],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = existing {
        return saved(tx, id);
    }
    tx.execute(
        "INSERT INTO saved_returns (template_id, template_name, template_version, template_json,
            period_from, period_to, scope_json, answers_json, figures_json, fingerprint,
            produced_at, produced_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            template.id,
            template.name,
            template.version,
            template.to_json(),
            request.period.from,
            request.period.to,
            serde_json::to_string(&request.scope).expect("a scope serialises"),
            serde_json::to_string(&request.answers).expect("answers serialise"),
            figures_json,
            fingerprint,
            now_utc_text(),
            today,
        ],
    )?;
    saved(tx, tx.last_insert_rowid())
}

/// One saved return, exactly as it was produced.
pub fn saved(conn: &Connection, id: i64) -> Result<SavedReturn> {
    let row: Option<(String, String, String, NaiveDate)> = conn
        .query_row(
            "SELECT figures_json, fingerprint, produced_at, produced_on FROM saved_returns WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let (json, fingerprint, produced_at, produced_on) =
        row.ok_or_else(|| Error::NotFound(format!("There is no saved return number {id}.")))?;
    let report: Return = serde_json::from_str(&json)
        .map_err(|e| Error::Invalid(format!("Saved return {id} cannot be read ({e}).")))?;
    Ok(SavedReturn {
        id,
        produced_at,
        produced_on,
        fingerprint,
        report,
    })
}

/// Every saved return, the latest first.
pub fn saved_list(conn: &Connection) -> Result<Vec<SavedReturnSummary>> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM saved_returns ORDER BY produced_at DESC, id DESC")?;
    let ids: Vec<i64> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter()
        .map(|id| {
            let s = saved(conn, id)?;
            Ok(SavedReturnSummary {
                id,
                template: s.report.template,
                period: s.report.period,
                covers: s.report.covers,
                produced_at: s.produced_at,
                produced_on: s.produced_on,
            })
        })
        .collect()
}

/// Reopens a saved return: as sent, and, recounted from today's records with the same
/// template version and as of the same day, whether anything behind it has changed and
/// which figures would differ.
pub fn check_saved(conn: &Connection, id: i64) -> Result<SavedReturnCheck> {
    let saved = saved(conn, id)?;
    let template_json: String = conn.query_row(
        "SELECT template_json FROM saved_returns WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let template = Template::from_json(&template_json)?;
    // Only the template's own questions: a difference's words are kept with the choice.
    let asked = |id: &str| {
        template
            .sections
            .iter()
            .any(|s| matches!(s, Section::Question { id: q, .. } if q == id))
    };
    let answers: BTreeMap<String, String> = saved
        .report
        .parts
        .iter()
        .filter_map(|p| match p {
            Part::Question { id, answer, .. } if !answer.is_empty() && asked(id) => {
                Some((id.clone(), answer.clone()))
            }
            _ => None,
        })
        .collect();
    let request = ReturnRequest {
        template_id: template.id.clone(),
        period: saved.report.period,
        scope: saved.report.scope.clone(),
        answers,
        differences: saved.report.differences.clone(),
    };
    let now = recount(conn, &template, &request, saved.produced_on)?;
    let records_changed = fingerprint(
        conn,
        request.period,
        &request.case_studies(),
        saved.produced_on,
    )? != saved.fingerprint;
    let differences = differences(&saved.report, &now);
    Ok(SavedReturnCheck {
        saved,
        records_changed,
        differences,
    })
}

/// Every figure of the return as sent that differs in the return now: only the template's
/// own figures (its measures, the rows of its breakdowns, the months of its chart), in its
/// own words. A figure the return never showed is not listed, however it changed.
pub fn differences(sent: &Return, now: &Return) -> Vec<Difference> {
    let mut found: Vec<Difference> = Vec::new();
    for part in &sent.parts {
        match part {
            Part::Measures { rows, .. } => {
                for row in rows {
                    found.extend(measure_difference(row, now));
                }
            }
            Part::Breakdown {
                title,
                dimension,
                rows,
                ..
            } => found.extend(breakdown_differences(title, dimension, rows, now)),
            Part::Chart { months, .. } => {
                let now_months = now
                    .parts
                    .iter()
                    .find_map(|p| match p {
                        Part::Chart { months, .. } => Some(months.as_slice()),
                        _ => None,
                    })
                    .unwrap_or(&now.months);
                for (month, before, after) in month_changes(months, now_months) {
                    found.push(Difference {
                        figure: format!("months/{month}"),
                        label: format!("Attendances in {}", month_label(&month)),
                        sent: before.to_string(),
                        now: after.to_string(),
                    });
                }
            }
            Part::Question { .. } | Part::Text { .. } => {}
        }
    }
    // A template showing a figure twice lists its change once.
    let mut seen = BTreeSet::new();
    found.retain(|d| seen.insert(d.figure.clone()));
    found
}

/// A measure row of the return sent, against the same measure now.
fn measure_difference(row: &MeasureRow, now: &Return) -> Option<Difference> {
    let after = now.parts.iter().find_map(|p| match p {
        Part::Measures { rows, .. } => rows.iter().find(|r| r.measure == row.measure),
        _ => None,
    });
    let (value, shown) = match after {
        Some(r) => (r.value, r.shown.clone()),
        None => {
            let value = now.measures.value(&row.measure);
            (value, show(value, row.kind))
        }
    };
    (value != row.value).then(|| Difference {
        figure: row.measure.clone(),
        label: row.label.clone(),
        sent: row.shown.clone(),
        now: shown,
    })
}

/// The rows of one breakdown as sent against the same breakdown now, in the template's
/// words ("Age: 11-15"); a category that appeared since is listed after the others.
fn breakdown_differences(
    title: &str,
    dimension: &str,
    rows: &[CategoryRow],
    now: &Return,
) -> Vec<Difference> {
    let now_rows: &[CategoryRow] = now
        .parts
        .iter()
        .find_map(|p| match p {
            Part::Breakdown {
                dimension: d, rows, ..
            } if d == dimension => Some(rows.as_slice()),
            _ => None,
        })
        .unwrap_or(&[]);
    let count_in = |rows: &[CategoryRow], category: &str| {
        rows.iter()
            .find(|r| r.category == category)
            .map_or(0, |r| r.young_people)
    };
    let appeared = now_rows
        .iter()
        .filter(|r| !rows.iter().any(|s| s.category == r.category));
    rows.iter()
        .chain(appeared)
        .filter_map(|row| {
            let (before, after) = (
                count_in(rows, &row.category),
                count_in(now_rows, &row.category),
            );
            (before != after).then(|| Difference {
                figure: format!("{dimension}/{}", row.category),
                label: format!("{title}: {}", row.label),
                sent: before.to_string(),
                now: after.to_string(),
            })
        })
        .collect()
}

/// Months whose attendances differ, with the attendances sent and now.
fn month_changes(sent: &[Month], now: &[Month]) -> Vec<(String, u64, u64)> {
    let of = |months: &[Month]| -> BTreeMap<String, u64> {
        months
            .iter()
            .map(|m| (m.month.clone(), m.attendances))
            .collect()
    };
    let (before, after) = (of(sent), of(now));
    let months: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    months
        .into_iter()
        .filter_map(|month| {
            let (b, a) = (
                before.get(month).copied().unwrap_or(0),
                after.get(month).copied().unwrap_or(0),
            );
            (b != a).then(|| (month.clone(), b, a))
        })
        .collect()
}

#[cfg(test)]
mod tests;
