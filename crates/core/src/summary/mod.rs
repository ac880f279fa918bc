//! The partnership summary (`lyp-summary/2`): a club's anonymised figures for a period, as
//! its Local Youth Partnership collects them from every member group, and the three files
//! that carry it (the CSV, its Frictionless Table Schema and a manifest with digests).
//!
//! Every number comes from [`crate::figures`] and, for outcomes, [`crate::distance`]; this
//! module only lays them out in long form and withholds small counts of people so that no
//! young person can be identified (docs/partnership-summary.md). No name, date of birth, full
//! postcode, reference, note, check-in answer or other free text goes in: only counts, hours,
//! bands, codes, postcode districts and means over ten or more young people.
//!
//! Building the files ([`Summary::files`]) is separate from putting them somewhere
//! ([`write_files`]), so that sending a summary to a partnership can deliver the very same
//! bytes to a folder or a web address.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::dates::{Period, day_first};
use crate::distance;
use crate::error::{Error, Result, invalid};
use crate::figures::{self, MeasureKind, Measures, Scope};
use crate::files::csv_text_cell;
use crate::training::sha256_hex;
use crate::vocab::{Disability, EthnicityGroup, Gender, SessionType};

pub mod outcomes;

/// The format of the CSV, written in its `schema` column. Version 2 added the outcome rows
/// ([`outcomes`]); version 1 (without them) is still read by `partnership merge`.
pub const SCHEMA: &str = "lyp-summary/2";

/// The format before outcomes: the same columns, measures and breakdowns, no outcome rows.
pub const SCHEMA_1: &str = "lyp-summary/1";

/// The format of the manifest.
pub const MANIFEST_FORMAT: &str = "lyp-summary-manifest/1";

/// The Table Schema's standard file name, the same in every send of this format. It names the
/// version, so that members still on `lyp-summary/1` (whose schema is `lyp-summary.schema.json`)
/// and members on this one can send to the same folder without replacing each other's schema.
pub const SCHEMA_FILE_NAME: &str = "lyp-summary-2.schema.json";

/// The Frictionless Table Schema of the CSV, sent beside it.
pub const TABLE_SCHEMA: &str = include_str!("../../../../assets/lyp-summary.schema.json");

/// The CSV's header, in order.
pub const COLUMNS: [&str; 10] = [
    "schema",
    "org_code",
    "org_name",
    "period_start",
    "period_end",
    "measure",
    "dimension",
    "category",
    "value",
    "suppressed",
];

/// The `dimension` (and `category`) of a row that holds a measure itself.
pub const ALL: &str = "all";

/// The breakdowns of unique young people a summary carries: DESIGN.md's six, which every
/// member group counts alike, so a partnership can stack them. Left out on purpose: the
/// detailed ONS ethnicity (19 categories: most cells of a small club would be 1 to 4, and a
/// rare category is the most identifying), a club's own circumstances (its own words, its
/// own list, and sensitive by nature) and outcome areas (frameworks differ from club to club).
pub const DIMENSIONS: [&str; 6] = [
    "age_band",
    "gender",
    "ethnicity_group",
    "disability",
    "postcode_district",
    "session_type",
];

/// Measures that count people: a value from 1 to [`SMALLEST_SHOWN`] less one is withheld.
/// Attendances, anonymous contacts and sessions count visits and events, not people.
pub const PEOPLE_MEASURES: [&str; 4] = [
    "unique_young_people",
    "new_young_people",
    "volunteers",
    "staff",
];

/// Measures worked out from counts of people, each with the counts it comes from. When one of
/// those counts is withheld the measure is withheld too: one volunteer's hours, their value in
/// pounds, or the share of two people who hold their training would tell what the withheld
/// count hides (secondary suppression, docs/partnership-summary.md).
pub const DERIVED_FROM_PEOPLE: [(&str, &[&str]); 4] = [
    ("volunteer_hours", &["volunteers"]),
    ("volunteer_value_gbp", &["volunteers"]),
    ("staff_hours", &["staff"]),
    ("training_compliance", &["volunteers", "staff"]),
];

/// The smallest count of people that is shown (1 to 4 are withheld; 0 is shown).
pub const SMALLEST_SHOWN: u64 = 5;

/// The order of the measure rows: the order of DESIGN.md's counting rules. A measure added
/// to the figures later and missing here still goes in, after these, by name.
const MEASURE_ORDER: [&str; 14] = [
    "sessions",
    "delivery_hours",
    "youth_work_hours",
    "attendances",
    "unique_young_people",
    "new_young_people",
    "contact_hours",
    "anonymous_contacts",
    "volunteers",
    "staff",
    "volunteer_hours",
    "staff_hours",
    "volunteer_value_gbp",
    "training_compliance",
];

/// One row of the summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Row {
    pub measure: String,
    /// `all`, or one of [`DIMENSIONS`].
    pub dimension: String,
    /// `all`, or a code of the dimension's vocabulary.
    pub category: String,
    /// `None` when withheld, or for a share with nobody to share.
    pub value: Option<f64>,
    /// Withheld so that nobody can be identified.
    pub suppressed: bool,
}

impl Row {
    /// The value as the CSV writes it: whole counts, hours and shares as they are, pounds
    /// to two places, and nothing when there is no value.
    pub fn value_text(&self) -> String {
        let Some(value) = self.value else {
            return String::new();
        };
        if self.measure == outcomes::CHANGE_MEAN {
            return value.to_string();
        }
        match Measures::kind(&self.measure) {
            MeasureKind::Count => format!("{value:.0}"),
            MeasureKind::Pounds => format!("{value:.2}"),
            MeasureKind::Hours | MeasureKind::Share => value.to_string(),
        }
    }
}

/// A club's summary for one period, ready to preview or to write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Summary {
    pub schema: String,
    pub org_code: String,
    pub org_name: String,
    pub period: Period,
    pub rows: Vec<Row>,
    /// The audit log's head when the summary was sent: carried in its manifest, a record of
    /// the log outside the club file. `None` in a preview or files written by hand.
    #[serde(default)]
    pub audit_head: Option<crate::audit::ChainHead>,
    /// Said when the period has not ended yet: what sending it now means. Never in the files.
    #[serde(default)]
    pub not_ended: Option<String>,
    /// The names of the measures whose outcome rows are in `rows`, for a preview. Never in
    /// the files.
    #[serde(default)]
    pub outcome_measures: Vec<outcomes::OutcomeMeasure>,
}

/// One file of a summary, in memory, ready to write or to upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A file as written (or sent): where, how big, and its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WrittenFile {
    pub name: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub path: PathBuf,
    pub bytes: u64,
    pub sha256: String,
}

/// The manifest: what was sent, for whom and when, with the size and SHA-256 of each file.
/// It is also a Frictionless Data Package (`resources`), so `frictionless validate` on the
/// manifest checks the CSV against its schema, its size and its digest in one go.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The data package's name (lower case, as the Data Package standard asks).
    pub name: String,
    pub title: String,
    pub manifest: String,
    pub schema: String,
    pub org_code: String,
    pub org_name: String,
    pub period: ManifestPeriod,
    /// When the files were made (UTC, RFC 3339).
    pub produced_at: String,
    pub produced_by: String,
    /// The CSV and the schema (the manifest cannot hold its own digest).
    pub files: Vec<ManifestFile>,
    pub resources: Vec<ManifestResource>,
    /// The club's audit log head (entry number and hash) when the files were made: a record
    /// of it outside the club file (docs/partnership-summary.md). Absent in manifests from
    /// earlier versions, and ignored by partnerships.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_head: Option<crate::audit::ChainHead>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestPeriod {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

/// A Data Package resource: the CSV, its schema, size and digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestResource {
    pub name: String,
    pub path: String,
    pub profile: String,
    pub format: String,
    pub mediatype: String,
    pub encoding: String,
    pub schema: String,
    pub bytes: u64,
    /// `sha256:<hex>`, as the Data Package standard writes a digest.
    pub hash: String,
}

/// The summary of the whole club for a period, with the figures as they stand on `today`.
pub fn build(conn: &Connection, period: Period, today: NaiveDate) -> Result<Summary> {
    let organisation = crate::organisation::require(conn)?;
    let org_code = member_code(organisation.lyp_member_code.as_deref())?;
    let figures = figures::compute(conn, period, today)?;
    let mut rows = measure_rows(&figures.measures);
    for dimension in DIMENSIONS {
        let empty = Default::default();
        let found = figures.breakdowns.get(dimension).unwrap_or(&empty);
        rows.extend(breakdown_rows(dimension, found));
    }
    // Distance travelled for the whole club, as the Outcomes screen shows it: the summary
    // takes only the counts and means of the measures that stack across members.
    let distance = distance::compute(conn, period, &Scope::default(), None, today)?;
    let (outcome_rows, outcome_measures) = outcomes::rows(&distance);
    rows.extend(outcome_rows);
    Ok(Summary {
        schema: SCHEMA.to_owned(),
        org_code,
        org_name: organisation.name,
        period,
        rows,
        // Set only when the summary is sent (`sync`): the same records must give the same
        // files, and the log's head changes with every entry.
        audit_head: None,
        not_ended: period_not_ended(period, today),
        outcome_measures,
    })
}

/// What sending a period that has not ended means, or `None` once it has (its last day is
/// before today). The figures count only what has happened so far (docs/counting-rules.md),
/// so a partnership would see a part of the period as if it were the whole.
pub fn period_not_ended(period: Period, today: NaiveDate) -> Option<String> {
    (period.to >= today).then(|| {
        format!(
            "This period runs until {}, so it has not ended: the summary holds only what has \
             happened up to today ({}), and the partnership would see smaller figures than the \
             whole period's. Send it after the period ends, or send it now and again when the \
             period is over (the later send replaces this one).",
            day_first(period.to),
            day_first(today)
        )
    })
}

/// The member code, checked again here because it goes into file names.
fn member_code(code: Option<&str>) -> Result<String> {
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        return invalid("Set your partnership member code on the Club page first.");
    };
    let shaped = code.len() <= 20
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
    if !shaped {
        return invalid(format!(
            "The partnership member code “{code}” should be capital letters, digits and dashes only (like COV-0042): correct it on the Club page."
        ));
    }
    Ok(code.to_owned())
}

/// Every measure in [`MEASURE_ORDER`], then any newer ones by name.
fn measure_names() -> Vec<String> {
    let mut names = Measures::names();
    names.sort_by_key(|name| {
        let place = MEASURE_ORDER.iter().position(|m| m == name);
        (place.unwrap_or(MEASURE_ORDER.len()), name.clone())
    });
    names
}

fn measure_rows(measures: &Measures) -> Vec<Row> {
    let count_withheld = |measure: &str| {
        PEOPLE_MEASURES.contains(&measure)
            && measures.value(measure).is_some_and(|v| is_small(v as u64))
    };
    let derived_withheld = |measure: &str| {
        DERIVED_FROM_PEOPLE
            .iter()
            .any(|(derived, from)| *derived == measure && from.iter().any(|c| count_withheld(c)))
    };
    measure_names()
        .into_iter()
        .map(|measure| {
            let value = measures.value(&measure);
            let withheld = count_withheld(&measure) || derived_withheld(&measure);
            Row {
                dimension: ALL.to_owned(),
                category: ALL.to_owned(),
                value: if withheld { None } else { value },
                suppressed: withheld,
                measure,
            }
        })
        .collect()
}

/// A count of people that is withheld on its own: 1 to 4.
fn is_small(count: u64) -> bool {
    (1..SMALLEST_SHOWN).contains(&count)
}

/// The rows of one breakdown of unique young people, every category of a closed list
/// included (a zero is a figure too), with small counts withheld.
fn breakdown_rows(dimension: &str, found: &std::collections::BTreeMap<String, u64>) -> Vec<Row> {
    let categories = categories(dimension, found);
    let counts: Vec<u64> = categories
        .iter()
        .map(|c| found.get(c).copied().unwrap_or(0))
        .collect();
    let withheld = withheld_cells(&counts);
    categories
        .into_iter()
        .zip(counts)
        .zip(withheld)
        .map(|((category, count), withheld)| Row {
            measure: "unique_young_people".to_owned(),
            dimension: dimension.to_owned(),
            category,
            value: (!withheld).then_some(count as f64),
            suppressed: withheld,
        })
        .collect()
}

/// Which cells of a breakdown to withhold, in the breakdown's order. A count from 1 to 4 is
/// withheld. If that leaves exactly one withheld cell, it could be worked out from the total,
/// so the smallest other non-zero count is withheld too; of equal counts, the one listed
/// first. Zeros are always shown: withholding a zero protects nobody, and a partnership needs
/// to see that a category is empty.
pub fn withheld_cells(counts: &[u64]) -> Vec<bool> {
    let mut withheld: Vec<bool> = counts.iter().map(|c| is_small(*c)).collect();
    if withheld.iter().filter(|w| **w).count() == 1 {
        let next = counts
            .iter()
            .enumerate()
            .filter(|(i, count)| !withheld[*i] && **count > 0)
            .min_by(|(i, a), (j, b)| a.cmp(b).then(i.cmp(j)));
        if let Some((i, _)) = next {
            withheld[i] = true;
        }
    }
    withheld
}

/// The categories of a dimension in the order the CSV lists them: a closed vocabulary's
/// every code in its own order, `unknown` last; postcode districts as found, in postcode
/// order (CV1, CV2, CV10), then `unknown`.
fn categories(dimension: &str, found: &std::collections::BTreeMap<String, u64>) -> Vec<String> {
    fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<String> {
        all.iter().map(|v| code(*v).to_owned()).collect()
    }
    let mut listed: Vec<String> = match dimension {
        "age_band" => figures::default_age_bands()
            .into_iter()
            .map(|b| b.label)
            .chain(["unknown".to_owned()])
            .collect(),
        "gender" => codes(Gender::ALL, Gender::code),
        "ethnicity_group" => codes(EthnicityGroup::ALL, EthnicityGroup::code),
        "disability" => codes(Disability::ALL, Disability::code),
        "session_type" => codes(SessionType::ALL, SessionType::code),
        _ => {
            let mut districts: Vec<String> =
                found.keys().filter(|c| *c != "unknown").cloned().collect();
            districts.sort_by(|a, b| district_order(a, b));
            districts.push("unknown".to_owned());
            districts
        }
    };
    // A code the lists above do not know (an older vocabulary) still goes in.
    for code in found.keys() {
        if !listed.contains(code) {
            listed.push(code.clone());
        }
    }
    listed
}

/// Postcode districts by area, then district number, then anything after it (EC1A).
fn district_order(a: &str, b: &str) -> Ordering {
    fn key(district: &str) -> (&str, u32, &str) {
        let letters = district
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(district.len());
        let (area, rest) = district.split_at(letters);
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (number, suffix) = rest.split_at(digits);
        (area, number.parse().unwrap_or(0), suffix)
    }
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}

impl Summary {
    /// `COV-0042_2026-04-01_2026-06-30_lyp-summary-1`: the member, the period and the format,
    /// so that sending a period again replaces the earlier files instead of adding to them.
    pub fn file_stem(&self) -> String {
        format!(
            "{}_{}_{}_{}",
            self.org_code,
            self.period.from,
            self.period.to,
            SCHEMA.replace('/', "-")
        )
    }

    pub fn csv_name(&self) -> String {
        format!("{}.csv", self.file_stem())
    }

    pub fn manifest_name(&self) -> String {
        format!("{}_manifest.json", self.file_stem())
    }

    /// The CSV: the header of [`COLUMNS`], then one row per measure and category. The same
    /// records always give the same bytes (UTF-8, `\n` line ends, no byte-order mark).
    pub fn csv_bytes(&self) -> Result<Vec<u8>> {
        let mut csv = csv::Writer::from_writer(Vec::new());
        csv.write_record(COLUMNS)?;
        let (from, to) = (self.period.from.to_string(), self.period.to.to_string());
        for row in &self.rows {
            csv.write_record([
                self.schema.as_str(),
                &self.org_code,
                &csv_text_cell(&self.org_name),
                &from,
                &to,
                &row.measure,
                &row.dimension,
                &row.category,
                &row.value_text(),
                if row.suppressed { "true" } else { "false" },
            ])?;
        }
        csv.into_inner()
            .map_err(|e| Error::file("The summary could not be laid out", e.into_error()))
    }

    /// The three files, in the order to write them: the CSV, the schema, then the manifest
    /// that describes both, so that a partnership watching the folder finds the manifest
    /// only once what it describes is in place.
    pub fn files(&self, produced_at: DateTime<Utc>) -> Result<Vec<SummaryFile>> {
        let csv = SummaryFile {
            name: self.csv_name(),
            bytes: self.csv_bytes()?,
        };
        let schema = SummaryFile {
            name: SCHEMA_FILE_NAME.to_owned(),
            bytes: TABLE_SCHEMA.as_bytes().to_vec(),
        };
        let manifest = self.manifest(&csv, &schema, produced_at);
        let manifest = SummaryFile {
            name: self.manifest_name(),
            bytes: (serde_json::to_string_pretty(&manifest).expect("a manifest serialises") + "\n")
                .into_bytes(),
        };
        Ok(vec![csv, schema, manifest])
    }

    fn manifest(
        &self,
        csv: &SummaryFile,
        schema: &SummaryFile,
        produced_at: DateTime<Utc>,
    ) -> Manifest {
        let entry = |file: &SummaryFile| ManifestFile {
            name: file.name.clone(),
            bytes: file.bytes.len() as u64,
            sha256: sha256_hex(&file.bytes),
        };
        Manifest {
            name: self.file_stem().to_lowercase().replace('_', "-"),
            title: format!(
                "{}: partnership summary, {} to {}",
                self.org_name, self.period.from, self.period.to
            ),
            manifest: MANIFEST_FORMAT.to_owned(),
            schema: self.schema.clone(),
            org_code: self.org_code.clone(),
            org_name: self.org_name.clone(),
            period: ManifestPeriod {
                start: self.period.from,
                end: self.period.to,
            },
            produced_at: produced_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            produced_by: format!("Clubroom {}", env!("CARGO_PKG_VERSION")),
            files: vec![entry(csv), entry(schema)],
            resources: vec![ManifestResource {
                name: "lyp-summary".to_owned(),
                path: csv.name.clone(),
                profile: "tabular-data-resource".to_owned(),
                format: "csv".to_owned(),
                mediatype: "text/csv".to_owned(),
                encoding: "utf-8".to_owned(),
                schema: schema.name.clone(),
                bytes: csv.bytes.len() as u64,
                hash: format!("sha256:{}", sha256_hex(&csv.bytes)),
            }],
            audit_head: self.audit_head.clone(),
        }
    }
}

impl SummaryFile {
    pub fn sha256(&self) -> String {
        sha256_hex(&self.bytes)
    }
}

/// Writes a summary's files into a folder that exists, each atomically (a sync client never
/// sees half a file) and in the order given, replacing the files of an earlier send of the
/// same period. Returns what was written, with sizes and digests.
pub fn write_files(folder: &Path, files: &[SummaryFile]) -> Result<Vec<WrittenFile>> {
    if !folder.is_dir() {
        return Err(Error::NotFound(format!(
            "There is no folder {}: choose a folder that exists.",
            folder.display()
        )));
    }
    files
        .iter()
        .map(|file| {
            let path = folder.join(&file.name);
            crate::files::write_atomically(&path, &file.bytes)?;
            Ok(WrittenFile {
                name: file.name.clone(),
                path,
                bytes: file.bytes.len() as u64,
                sha256: file.sha256(),
            })
        })
        .collect()
}

/// Builds the summary for a period and writes its three files into `folder`.
pub fn write(
    conn: &Connection,
    period: Period,
    today: NaiveDate,
    produced_at: DateTime<Utc>,
    folder: &Path,
) -> Result<Vec<WrittenFile>> {
    let summary = build(conn, period, today)?;
    write_files(folder, &summary.files(produced_at)?)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod outcomes_tests;
