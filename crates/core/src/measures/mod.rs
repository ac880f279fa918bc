//! Measures: sets of questions with a response scale, their scoring, the outcomes they
//! evidence and their licence. Measures are data (`clubroom-measure/1` JSON), like funder
//! templates: the built-in ones live in `assets/measures` (only measures free to use), a club
//! makes its own scales, and a measure whose licence needs registration is imported from a
//! file once the club confirms it has registered. A measure is never edited: new wording is a
//! new version, so every check-in keeps the questions it answered.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::dates::now_utc_text;
use crate::error::{Error, Result, invalid};
use crate::outcomes::OutcomeTag;
use crate::sessions::check_tags;

/// The file format of a measure.
pub const SCHEMA: &str = "clubroom-measure/1";

const BUILT_IN: &[&str] = &[include_str!("../../../../assets/measures/ons4.json")];

/// The most questions a measure may have, and the widest scale (a 0-10 scale has 11 points).
const MAX_QUESTIONS: usize = 50;
const MAX_SCALE_POINTS: i64 = 11;

/// Whose the measure is, and what the club must do to use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Licence {
    /// Free to use with its attribution (ONS4): may be built in.
    Open,
    /// Free once the club has registered with its owner (SWEMWBS): never shipped, imported
    /// with the club's confirmation, its copyright line printed wherever it is used.
    Registration,
    /// The club's own scale.
    Club,
}

/// How answers become scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Scoring {
    /// Every question is reported on its own (ONS4): never added up.
    PerItem,
    /// The answers added up (reverse-scored questions turned round first); needs every one.
    Sum,
    /// The mean of the answers (reverse-scored turned round); needs every one.
    Mean,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScaleLabel {
    pub value: i64,
    pub label: String,
}

/// The answers a question allows: whole numbers from `min` to `max`, some with words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Scale {
    pub min: i64,
    pub max: i64,
    #[serde(default)]
    pub labels: Vec<ScaleLabel>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Question {
    /// Stable within the measure: answers are kept under it.
    pub id: String,
    pub text: String,
    pub scale: Scale,
    /// Not asked of anyone younger (nor of anyone whose age is not known, when set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_age: Option<u32>,
    /// A higher answer is worse (ONS4's anxiety): turned round before scoring.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reverse: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Measure {
    pub schema: String,
    pub code: String,
    pub version: u32,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub licence: Licence,
    /// Printed on every form and report that uses the measure (its copyright line, for a
    /// measure that needs registration). May be empty only for a club's own scale.
    #[serde(default)]
    pub attribution: String,
    /// What the file followed in choosing who is asked what (ONS4's guidance for under-16s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance: Option<String>,
    pub scoring: Scoring,
    pub higher_is_better: bool,
    /// The smallest change in a score counted as improved or worse.
    pub meaningful_change: f64,
    /// The outcomes it evidences, in any number of frameworks.
    #[serde(default)]
    pub outcomes: Vec<OutcomeTag>,
    pub questions: Vec<Question>,
}

/// A measure in the list: built in or the club's, and for one needing registration, who
/// confirmed the club had registered.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MeasureEntry {
    pub measure: Measure,
    pub built_in: bool,
    pub registered_by: Option<String>,
}

/// A refusal naming the field of the measure file that is wrong.
fn field_error<T>(field: &str, why: impl std::fmt::Display) -> Result<T> {
    invalid(format!("In the measure, “{field}” {why}"))
}

fn is_code(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 40
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

impl Measure {
    /// Reads a measure file, checking everything in it.
    pub fn from_json(text: &str) -> Result<Measure> {
        let measure: Measure = serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .map_err(|e| Error::Invalid(format!("This is not a Clubroom measure file ({e}).")))?;
        measure.checked()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a measure serialises") + "\n"
    }

    /// The measure if everything in it makes sense, else the first problem, naming its field.
    pub fn checked(mut self) -> Result<Measure> {
        if self.schema != SCHEMA {
            return field_error(
                "schema",
                format!(
                    "is “{}”; this version of Clubroom reads “{SCHEMA}”.",
                    self.schema
                ),
            );
        }
        if !is_code(&self.code) {
            return field_error(
                "code",
                format!(
                    "is lower-case letters, digits and dashes (like “my-scale”), not “{}”.",
                    self.code
                ),
            );
        }
        if self.version == 0 {
            return field_error("version", "starts at 1.");
        }
        if self.name.trim().is_empty() || self.name.chars().count() > 200 {
            return field_error("name", "must be given, in at most 200 characters.");
        }
        if self.licence != Licence::Club && self.attribution.trim().is_empty() {
            return field_error(
                "attribution",
                "must be given: the line printed wherever the measure is used.",
            );
        }
        if self.attribution.chars().count() > 1_000 {
            return field_error("attribution", "is longer than 1,000 characters.");
        }
        // Two decimal places at most: a threshold finer than that means nothing on a scale of
        // whole numbers, and such a number reads back from the file exactly (a very large or
        // very long one may not: found by the fuzz test).
        let threshold = self.meaningful_change;
        let rounded = (threshold * 100.0).round() / 100.0;
        if !threshold.is_finite()
            || !(0.01..=1_000.0).contains(&rounded)
            || (rounded - threshold).abs() > 1e-9
        {
            return field_error(
                "meaningful_change",
                "is the smallest change counted: a number from 0.01 to 1,000, with at most two decimal places.",
            );
        }
        self.meaningful_change = rounded;
        if self.questions.is_empty() || self.questions.len() > MAX_QUESTIONS {
            return field_error(
                "questions",
                format!("must hold from 1 to {MAX_QUESTIONS} questions."),
            );
        }
        let mut ids = HashSet::new();
        for (i, question) in self.questions.iter().enumerate() {
            check_question(i, question)?;
            if !ids.insert(question.id.as_str()) {
                return field_error(
                    &format!("questions[{i}].id"),
                    format!(
                        "“{}” is used twice: each question needs its own.",
                        question.id
                    ),
                );
            }
        }
        let mut tags = HashSet::new();
        for (i, tag) in self.outcomes.iter().enumerate() {
            if !tags.insert(tag) {
                return field_error(
                    &format!("outcomes[{i}]"),
                    format!("names {}/{} twice.", tag.framework, tag.code),
                );
            }
        }
        Ok(self)
    }

    /// The question by id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The questions asked of someone of `age` (unknown: only those with no minimum age).
    pub fn asked_at(&self, age: Option<u32>) -> Vec<&Question> {
        self.questions
            .iter()
            .filter(|q| q.min_age.is_none_or(|min| age.is_some_and(|a| a >= min)))
            .collect()
    }

    /// Whether a higher score of `question` (or of the total, for `None`) is better.
    pub fn higher_is_better(&self, question: Option<&Question>) -> bool {
        match question {
            Some(q) if self.scoring == Scoring::PerItem => self.higher_is_better != q.reverse,
            _ => self.higher_is_better,
        }
    }

    /// The total of a check-in's answers (`None` for per-item scoring, or when a question was
    /// skipped or not asked: the total needs every answer).
    pub fn total(&self, answers: &[(String, i64)]) -> Option<f64> {
        if self.scoring == Scoring::PerItem {
            return None;
        }
        let mut sum = 0.0;
        for question in &self.questions {
            let value = answers.iter().find(|(id, _)| *id == question.id)?.1;
            let scored = if question.reverse {
                question.scale.min + question.scale.max - value
            } else {
                value
            };
            sum += scored as f64;
        }
        Some(match self.scoring {
            Scoring::Mean => sum / self.questions.len() as f64,
            _ => sum,
        })
    }
}

fn check_question(i: usize, question: &Question) -> Result<()> {
    let at = |field: &str| format!("questions[{i}].{field}");
    if !is_code(&question.id) {
        return field_error(
            &at("id"),
            format!(
                "is lower-case letters, digits and dashes, not “{}”.",
                question.id
            ),
        );
    }
    if question.text.trim().is_empty() || question.text.chars().count() > 500 {
        return field_error(&at("text"), "must be given, in at most 500 characters.");
    }
    let scale = &question.scale;
    if scale.min >= scale.max || scale.min < -100 || scale.max > 100 {
        return field_error(
            &at("scale"),
            format!(
                "runs from {} to {}: the lowest must be below the highest, both within -100 to 100.",
                scale.min, scale.max
            ),
        );
    }
    if scale.max - scale.min + 1 > MAX_SCALE_POINTS {
        return field_error(
            &at("scale"),
            format!("has more than {MAX_SCALE_POINTS} points."),
        );
    }
    let mut values = HashSet::new();
    for (j, label) in scale.labels.iter().enumerate() {
        let here = at(&format!("scale.labels[{j}]"));
        if label.value < scale.min || label.value > scale.max {
            return field_error(
                &here,
                format!(
                    "labels {}, outside the scale ({} to {}).",
                    label.value, scale.min, scale.max
                ),
            );
        }
        if !values.insert(label.value) {
            return field_error(&here, format!("labels {} a second time.", label.value));
        }
        if label.label.trim().is_empty() || label.label.chars().count() > 100 {
            return field_error(&here, "needs words, at most 100 characters.");
        }
    }
    if question.min_age.is_some_and(|age| age > 25) {
        return field_error(
            &at("min_age"),
            "is above 25, the oldest youth work reaches.",
        );
    }
    Ok(())
}

/// The measures that come with Clubroom.
pub fn built_in() -> Vec<Measure> {
    BUILT_IN
        .iter()
        .map(|text| Measure::from_json(text).expect("the built-in measures are valid"))
        .collect()
}

/// Every measure, every version: the built-in ones, then the club's, by code and version.
pub fn all(conn: &Connection) -> Result<Vec<MeasureEntry>> {
    let mut entries: Vec<MeasureEntry> = built_in()
        .into_iter()
        .map(|measure| MeasureEntry {
            measure,
            built_in: true,
            registered_by: None,
        })
        .collect();
    let mut stmt =
        conn.prepare_cached("SELECT json, registered_by FROM measures ORDER BY code, version")?;
    let stored: Vec<(String, Option<String>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (json, registered_by) in stored {
        entries.push(MeasureEntry {
            measure: Measure::from_json(&json)?,
            built_in: false,
            registered_by,
        });
    }
    Ok(entries)
}

/// The latest version of each measure.
pub fn latest(conn: &Connection) -> Result<Vec<MeasureEntry>> {
    let mut latest: Vec<MeasureEntry> = Vec::new();
    for entry in all(conn)? {
        match latest
            .iter_mut()
            .find(|e| e.measure.code == entry.measure.code)
        {
            Some(kept) if kept.measure.version < entry.measure.version => *kept = entry,
            Some(_) => {}
            None => latest.push(entry),
        }
    }
    Ok(latest)
}

/// One version of a measure (`None`: its latest).
pub fn get(conn: &Connection, code: &str, version: Option<u32>) -> Result<Measure> {
    let code = code.trim();
    let found = match version {
        Some(v) => all(conn)?
            .into_iter()
            .find(|e| e.measure.code == code && e.measure.version == v),
        None => latest(conn)?.into_iter().find(|e| e.measure.code == code),
    };
    found.map(|e| e.measure).ok_or_else(|| {
        Error::NotFound(match version {
            Some(v) => format!("There is no version {v} of the measure “{code}”."),
            None => format!("There is no measure called “{code}”."),
        })
    })
}

/// Saves a club's own scale, or a measure imported with `registered_by` (the person who
/// confirmed the club registered). The same wording again changes nothing; new wording is
/// kept as the next version, never over the old one.
fn store(tx: &Transaction, measure: &Measure, registered_by: Option<&str>) -> Result<Measure> {
    let mut measure = measure.clone().checked()?;
    check_tags(tx, &measure.outcomes)?;
    if built_in().iter().any(|m| m.code == measure.code) {
        return field_error(
            "code",
            format!(
                "“{}” is one of Clubroom's own measures: give yours another code.",
                measure.code
            ),
        );
    }
    let before: Option<String> = tx
        .query_row(
            "SELECT json FROM measures WHERE code = ?1 ORDER BY version DESC LIMIT 1",
            [&measure.code],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(json) = before {
        let mut before = Measure::from_json(&json)?;
        let latest = before.version;
        before.version = measure.version;
        if before == measure {
            before.version = latest;
            return Ok(before);
        }
        measure.version = latest.saturating_add(1);
    }
    tx.execute(
        "INSERT INTO measures (code, version, json, registered_by, registered_at, saved_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            measure.code,
            measure.version,
            measure.to_json(),
            registered_by,
            registered_by.map(|_| now_utc_text()),
            now_utc_text()
        ],
    )?;
    Ok(measure)
}

/// Saves a club scale made in the window: its licence is the club's own.
pub fn save_club_scale(tx: &Transaction, measure: &Measure) -> Result<Measure> {
    if measure.licence != Licence::Club {
        return field_error(
            "licence",
            "of a scale made in Clubroom is “club”: import a measure with another licence from its file.",
        );
    }
    store(tx, measure, None)
}

/// Imports a measure from a file. One whose licence needs registration is taken only when
/// `registered_by` names who confirmed that the club has registered with its owner.
pub fn import(tx: &Transaction, text: &str, registered_by: Option<&str>) -> Result<Measure> {
    let measure = Measure::from_json(text)?;
    let confirmed = registered_by.map(str::trim).filter(|n| !n.is_empty());
    match (measure.licence, confirmed) {
        (Licence::Registration, None) => invalid(format!(
            "“{}” may be used only by groups that have registered with its owner. Confirm that \
             the club has registered to import it.",
            measure.name
        )),
        (Licence::Registration, Some(who)) => store(tx, &measure, Some(who)),
        _ => store(tx, &measure, None),
    }
}

/// Reads a measure file (UTF-8 JSON) from disk.
pub fn read_file(path: &std::path::Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::File {
        context: format!("The measure file {} could not be read", path.display()),
        source,
    })
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod fuzz_tests;
