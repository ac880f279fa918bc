//! The partnership side of the summary: a Local Youth Partnership reads every member group's
//! `lyp-summary/2` (or, from members not yet updated, `lyp-summary/1`) files from one folder
//! and stacks them into one picture of a period (docs/partnership-summary.md, "Merging
//! members' summaries").
//!
//! Reading is forgiving by design: a file that is broken, changed since it was sent, cut
//! short, foreign or in another format is set aside with a sentence saying which file and
//! what is wrong, and the merge goes on with the rest. Only a folder with nothing usable in
//! it is an error.
//!
//! Totals never pretend: a withheld cell is not added as if it were zero (a total with a
//! withheld cell in it is "at least" the figure), a share is not added up at all, and a count
//! of people added across groups says that someone at two groups is counted twice. A mean
//! change is pooled from the members that gave one, weighted by their pairs, and says so
//! when some member had too few pairs to give one.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::dates::Period;
use crate::error::{Error, Result, invalid};
use crate::figures::{MeasureKind, Measures};
use crate::files::csv_text_cell;
use crate::summary::outcomes::{self, CHANGE_MEAN};
use crate::summary::{
    ALL, COLUMNS, DIMENSIONS, MANIFEST_FORMAT, Manifest, PEOPLE_MEASURES, Row, SCHEMA, SCHEMA_1,
};
use crate::training::sha256_hex;

/// The format of the partnership-wide totals CSV, written in its `schema` column. Version 2
/// added the outcome totals and the bound `partial` (a pooled mean change that leaves out
/// members with too few pairs to give one).
pub const TOTALS_SCHEMA: &str = "lyp-partnership/2";

/// The formats of members' summaries this Clubroom reads: the current one, and the one before
/// outcomes, from members that have not updated yet.
pub const SCHEMAS_READ: [&str; 2] = [SCHEMA_1, SCHEMA];

/// The totals CSV's header, in order.
pub const TOTALS_COLUMNS: [&str; 11] = [
    "schema",
    "period_start",
    "period_end",
    "measure",
    "dimension",
    "category",
    "value",
    "bound",
    "members",
    "members_withheld",
    "note",
];

/// The files a merge writes into its output folder.
pub const TOTALS_FILE: &str = "partnership-totals.csv";
pub const MEMBERS_FILE: &str = "partnership-members.csv";
pub const REPORT_FILE: &str = "partnership-report.pdf";

/// The measures compared with a member's previous period to find sharp movements.
pub const MOVEMENT_MEASURES: [&str; 2] = ["unique_young_people", "attendances"];

/// A figure moved sharply when it changed by more than this share of its previous value...
pub const SHARP_SHARE: f64 = 0.5;
/// ...and by at least this much (so 4 to 8 young people is not news).
pub const SHARP_AT_LEAST: f64 = 10.0;

/// The note on every pooled mean change.
pub const MEAN_CHANGE_NOTE: &str = "The mean change of the pairs at the members that gave one (10 or more pairs each), weighted by their pairs; positive is better. A member with fewer pairs gave none and is left out.";

/// The note on every total that adds up counts of people across member groups.
pub const DOUBLE_COUNTING_NOTE: &str = "Added up across member groups: a young person who attends two groups is counted twice (an adult who helps at two, likewise).";

/// A member's summary that passed every check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberSummary {
    /// The format it was sent in (`lyp-summary/1` has no outcome rows).
    pub schema: String,
    pub org_code: String,
    pub org_name: String,
    pub period: Period,
    /// When the member's Clubroom made the files (from the manifest).
    pub produced_at: DateTime<Utc>,
    /// The manifest's file name in the folder.
    pub manifest: String,
    /// The CSV's file name in the folder.
    pub csv: String,
    pub rows: Vec<Row>,
}

impl MemberSummary {
    /// The row of a measure itself (dimension and category `all`).
    pub fn measure(&self, measure: &str) -> Option<&Row> {
        self.rows
            .iter()
            .find(|r| r.measure == measure && r.dimension == ALL && r.category == ALL)
    }
}

/// A file that was not used, and why, in words for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub file: String,
    pub reason: String,
}

/// An older copy of a member's summary for a period that a later one replaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Superseded {
    pub org_code: String,
    pub period: Period,
    pub manifest: String,
    pub produced_at: DateTime<Utc>,
    /// The manifest of the copy kept instead.
    pub kept: String,
}

/// Everything found in a folder: the summaries that passed, and the files that did not.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Folder {
    /// One per member and period (the latest `produced_at`), by member code then period.
    pub summaries: Vec<MemberSummary>,
    pub skipped: Vec<Skipped>,
    pub superseded: Vec<Superseded>,
}

/// What to merge: a period (default: the latest found) and members expected besides those
/// seen in the folder.
#[derive(Debug, Clone, Default)]
pub struct MergeRequest {
    pub period: Option<Period>,
    pub members: Vec<String>,
}

/// How a total relates to the true figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// Every member's cell was shown: the total is exact.
    Exact,
    /// Some member withheld the cell: the true total is at least the value (each withheld
    /// cell holds at least 1, as zeros are never withheld).
    AtLeast,
    /// Not added up (a share): see each member's own figure.
    NotAdded,
    /// A mean change pooled from only some of the members with pairs: the others had fewer
    /// than ten, so gave none.
    Partial,
}

impl Bound {
    fn code(self) -> &'static str {
        match self {
            Bound::Exact => "exact",
            Bound::AtLeast => "at_least",
            Bound::NotAdded => "not_added",
            Bound::Partial => "partial",
        }
    }
}

/// One partnership-wide total: a measure, or a category of a breakdown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Total {
    pub measure: String,
    pub dimension: String,
    pub category: String,
    /// The sum of the shown values, plus 1 for each withheld cell; `None` when not added.
    pub value: Option<f64>,
    pub bound: Bound,
    /// Members whose summary has this cell.
    pub members: usize,
    /// Members whose cell was withheld.
    pub members_withheld: usize,
    pub note: Option<String>,
}

impl Total {
    /// "57", "at least 57" or "not added".
    pub fn shown(&self) -> String {
        let Some(value) = self.value else {
            return "not added".to_owned();
        };
        let number = number_text(&self.measure, value);
        match self.bound {
            Bound::AtLeast => format!("at least {number}"),
            Bound::Partial => format!("{number} (not every member)"),
            _ => number,
        }
    }
}

/// A member expected for the period that sent nothing for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub org_code: String,
    /// The name from its latest summary, if it ever sent one.
    pub org_name: Option<String>,
    /// The latest period it did send, if any.
    pub last_period: Option<Period>,
}

/// A member whose figure moved sharply since its previous period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Movement {
    pub org_code: String,
    pub org_name: String,
    pub measure: String,
    pub previous_period: Period,
    pub previous: f64,
    pub now: f64,
}

impl Movement {
    /// The change as a share of the previous value (`None` from zero).
    pub fn change_share(&self) -> Option<f64> {
        (self.previous > 0.0).then(|| (self.now - self.previous) / self.previous)
    }
}

/// The partnership's picture of one period.
#[derive(Debug, Clone, Serialize)]
pub struct Merge {
    pub period: Period,
    /// Every period found in the folder, earliest first.
    pub periods: Vec<Period>,
    /// The members' summaries for the period, by member code.
    pub members: Vec<MemberSummary>,
    pub totals: Vec<Total>,
    pub missing: Vec<Missing>,
    pub movements: Vec<Movement>,
    pub skipped: Vec<Skipped>,
    pub superseded: Vec<Superseded>,
}

/// Reads every member's summary in `folder` (not its subfolders: a sync folder is flat, and
/// older sends can be kept in a subfolder without being merged). Fails only if the folder
/// itself cannot be read; every bad file is listed in [`Folder::skipped`].
pub fn read_folder(folder: &Path) -> Result<Folder> {
    let names = file_names(folder)?;
    let measures: HashSet<String> = Measures::names().into_iter().collect();
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    let mut described: HashSet<String> = HashSet::new();
    for name in names.iter().filter(|n| n.ends_with(".json")) {
        match read_member(folder, name, &measures, &mut described) {
            Ok(Some(summary)) => found.push(summary),
            Ok(None) => {}
            Err(reason) => skipped.push(Skipped {
                file: name.clone(),
                reason,
            }),
        }
    }
    for name in names.iter().filter(|n| n.ends_with(".csv")) {
        if !described.contains(name) {
            skipped.push(Skipped {
                file: name.clone(),
                reason: "has no manifest in the folder to check it against: it is not a member's summary, or its manifest has not arrived yet".to_owned(),
            });
        }
    }
    skipped.sort_by(|a, b| a.file.cmp(&b.file));
    let (summaries, superseded) = keep_latest(found);
    Ok(Folder {
        summaries,
        skipped,
        superseded,
    })
}

/// The plain files of a folder, by name; hidden files (such as a half-written `.x.part`) are
/// left out.
fn file_names(folder: &Path) -> Result<Vec<String>> {
    let entries = std::fs::read_dir(folder).map_err(|e| {
        Error::file(
            format!("The folder {} could not be read", folder.display()),
            e,
        )
    })?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| {
            Error::file(
                format!("The folder {} could not be read", folder.display()),
                e,
            )
        })?;
        let is_file = entry.file_type().map(|t| t.is_file()).unwrap_or(false);
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_file && !name.starts_with('.') {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// Reads one JSON file as a manifest and the CSV it describes. `Ok(None)` for a file that is
/// not a manifest and needs no mention (the shared Table Schema). Notes in `described` the
/// CSV a manifest names, even one that fails, so that it is not reported twice.
fn read_member(
    folder: &Path,
    name: &str,
    measures: &HashSet<String>,
    described: &mut HashSet<String>,
) -> std::result::Result<Option<MemberSummary>, String> {
    let bytes = read(folder, name)?;
    let json: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("is not readable JSON ({e}), so it is not a summary's manifest"))?;
    if is_table_schema(&json) {
        return Ok(None);
    }
    if let Some(stem) = name.strip_suffix("_manifest.json") {
        described.insert(format!("{stem}.csv"));
    }
    let manifest: Manifest = serde_json::from_value(json)
        .map_err(|e| format!("is not a partnership summary manifest ({e})"))?;
    if manifest.manifest != MANIFEST_FORMAT || !SCHEMAS_READ.contains(&manifest.schema.as_str()) {
        return Err(format!(
            "is in the format {} ({}); this version of Clubroom reads {SCHEMA} and {SCHEMA_1} ({MANIFEST_FORMAT}) only",
            manifest.schema, manifest.manifest
        ));
    }
    let entry = manifest
        .files
        .iter()
        .find(|f| f.name.ends_with(".csv"))
        .ok_or("names no CSV file, so there is nothing to read")?;
    if !is_plain_name(&entry.name) {
        return Err(format!(
            "names the file “{}”, which is not a plain file name in this folder",
            entry.name
        ));
    }
    described.insert(entry.name.clone());
    let csv = read(folder, &entry.name)
        .map_err(|reason| format!("names {} that {reason}", entry.name))?;
    check_digest(&entry.name, &csv, entry.bytes, &entry.sha256)?;
    let produced_at = DateTime::parse_from_rfc3339(&manifest.produced_at)
        .map_err(|_| {
            format!(
                "gives the time it was made as “{}”, which is not a date and time",
                manifest.produced_at
            )
        })?
        .with_timezone(&Utc);
    let period = Period::new(manifest.period.start, manifest.period.end)
        .map_err(|e| format!("has a period that cannot be: {e}"))?;
    let rows = parse_csv(&csv, &manifest, measures)
        .map_err(|reason| format!("describes {}, whose {reason}", entry.name))?;
    Ok(Some(MemberSummary {
        schema: manifest.schema,
        org_code: manifest.org_code,
        org_name: manifest.org_name,
        period,
        produced_at,
        manifest: name.to_owned(),
        csv: entry.name.clone(),
        rows,
    }))
}

fn read(folder: &Path, name: &str) -> std::result::Result<Vec<u8>, String> {
    std::fs::read(folder.join(name)).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            "is not in the folder (perhaps it has not synced yet)".to_owned()
        }
        _ => format!("could not be read ({e})"),
    })
}

/// A Frictionless Table Schema (the shared `lyp-summary.schema.json`) has `fields`; it is
/// expected in the folder and needs no mention. The CSV is checked against the schema this
/// Clubroom knows, not against the copy in the folder.
fn is_table_schema(json: &serde_json::Value) -> bool {
    json.get("fields").is_some_and(|f| f.is_array()) && json.get("manifest").is_none()
}

/// A name that stays in the folder: no path separators, no `..`.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(['/', '\\']) && name != "." && name != ".."
}

/// The CSV is the size and SHA-256 its manifest says: else it was cut short (or is still
/// syncing) or changed since it was sent.
fn check_digest(
    name: &str,
    bytes: &[u8],
    expected_bytes: u64,
    expected_sha256: &str,
) -> std::result::Result<(), String> {
    let size = bytes.len() as u64;
    if size != expected_bytes {
        return Err(format!(
            "says {name} is {expected_bytes} bytes, but it is {size}: it was cut short or changed after it was sent (or is still syncing)"
        ));
    }
    if !sha256_hex(bytes).eq_ignore_ascii_case(expected_sha256) {
        return Err(format!(
            "gives a SHA-256 for {name} that does not match the file: it was changed after it was sent"
        ));
    }
    Ok(())
}

/// The rows of a summary CSV, checked against its format (the manifest's) and its manifest.
/// The error names the first line that is wrong.
fn parse_csv(
    bytes: &[u8],
    manifest: &Manifest,
    measures: &HashSet<String>,
) -> std::result::Result<Vec<Row>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let header = reader
        .headers()
        .map_err(|e| format!("header could not be read ({e})"))?;
    if header.iter().ne(COLUMNS) {
        return Err(format!(
            "columns are not those of {} (expected {}, found {})",
            manifest.schema,
            COLUMNS.join(","),
            header.iter().collect::<Vec<_>>().join(",")
        ));
    }
    let mut rows = Vec::new();
    let mut keys = HashSet::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let record = record.map_err(|e| format!("line {line} could not be read ({e})"))?;
        let row = parse_row(&record, manifest, measures).map_err(|e| format!("line {line} {e}"))?;
        if !keys.insert((
            row.measure.clone(),
            row.dimension.clone(),
            row.category.clone(),
        )) {
            return Err(format!(
                "line {line} repeats {} / {} / {}",
                row.measure, row.dimension, row.category
            ));
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err("content is a header with no rows".to_owned());
    }
    Ok(rows)
}

fn parse_row(
    record: &csv::StringRecord,
    manifest: &Manifest,
    measures: &HashSet<String>,
) -> std::result::Result<Row, String> {
    let field = |i: usize| record.get(i).unwrap_or_default();
    let schema = manifest.schema.as_str();
    if field(0) != schema {
        return Err(format!("is in the format “{}”, not {schema}", field(0)));
    }
    if field(1) != manifest.org_code {
        return Err(format!(
            "is for member {}, but the manifest is for {}",
            field(1),
            manifest.org_code
        ));
    }
    let (start, end) = (
        manifest.period.start.to_string(),
        manifest.period.end.to_string(),
    );
    if field(3) != start || field(4) != end {
        return Err(format!(
            "is for {} to {}, but the manifest is for {start} to {end}",
            field(3),
            field(4)
        ));
    }
    let (measure, dimension, category) = (field(5), field(6), field(7));
    let outcome = schema == SCHEMA && outcomes::is_outcome_measure(measure);
    if !measures.contains(measure) && !outcome {
        return Err(format!(
            "has a measure “{measure}” that {schema} does not have"
        ));
    }
    let is_measure = !outcome && dimension == ALL && category == ALL;
    let is_breakdown =
        measure == "unique_young_people" && DIMENSIONS.contains(&dimension) && !category.is_empty();
    let is_outcome = outcome && is_outcome_row(measure, dimension, category);
    if !(is_measure || is_breakdown || is_outcome) {
        return Err(format!(
            "has a breakdown “{dimension}” / “{category}” that {schema} does not have"
        ));
    }
    let suppressed = match field(9) {
        "true" => true,
        "false" => false,
        other => return Err(format!("says withheld is “{other}”, not true or false")),
    };
    // A mean change is the only value that may be below zero (worse on average).
    let may_be_negative = measure == CHANGE_MEAN;
    let value = match field(8) {
        "" => None,
        text => match text.parse::<f64>() {
            Ok(v) if v.is_finite() && (v >= 0.0 || may_be_negative) => Some(v),
            _ if may_be_negative => {
                return Err(format!("has a mean change “{text}” that is not a number"));
            }
            _ => {
                return Err(format!(
                    "has a value “{text}” that is not a number of 0 or more"
                ));
            }
        },
    };
    if suppressed && value.is_some() {
        return Err("shows a value that it says is withheld".to_owned());
    }
    if outcomes::counts_people(measure) && value.is_some_and(|v| v > 0.0 && v < 5.0) {
        return Err(format!(
            "shows {} young people where 1 to 4 are always withheld",
            field(8)
        ));
    }
    Ok(Row {
        measure: measure.to_owned(),
        dimension: dimension.to_owned(),
        category: category.to_owned(),
        value,
        suppressed,
    })
}

/// An outcome row's dimension is a built-in measure's code and version (`ons4/1`), its
/// category `all` (coverage, or a measure's score) or a question's id. Coverage is only ever
/// for the whole measure. A measure that this Clubroom does not build in is still read (a
/// member on a later version may have one more), as its code and version keep it apart.
fn is_outcome_row(measure: &str, dimension: &str, category: &str) -> bool {
    let coverage = outcomes::COVERAGE_MEASURES.contains(&measure);
    outcomes::parse_measure_key(dimension).is_some()
        && outcomes::is_item_category(category)
        && (!coverage || category == ALL)
}

/// One summary per member and period: the one made last (a member that sent a period twice
/// meant the second), the others listed as superseded.
fn keep_latest(found: Vec<MemberSummary>) -> (Vec<MemberSummary>, Vec<Superseded>) {
    let mut by_key: BTreeMap<(String, NaiveDate, NaiveDate), Vec<MemberSummary>> = BTreeMap::new();
    for summary in found {
        by_key
            .entry((
                summary.org_code.clone(),
                summary.period.from,
                summary.period.to,
            ))
            .or_default()
            .push(summary);
    }
    let mut kept = Vec::new();
    let mut superseded = Vec::new();
    for (_, mut copies) in by_key {
        // Latest last; of two made in the same second, the later file name.
        copies.sort_by(|a, b| (a.produced_at, &a.manifest).cmp(&(b.produced_at, &b.manifest)));
        let Some(latest) = copies.pop() else { continue };
        for older in copies {
            superseded.push(Superseded {
                org_code: older.org_code,
                period: older.period,
                manifest: older.manifest,
                produced_at: older.produced_at,
                kept: latest.manifest.clone(),
            });
        }
        kept.push(latest);
    }
    (kept, superseded)
}

/// Merges the summaries of one period: totals, missing members and sharp movements. Fails
/// only when there is nothing usable to merge.
pub fn merge(folder: Folder, request: &MergeRequest) -> Result<Merge> {
    // Periods have no order of their own: by start, then end.
    let periods: Vec<Period> = folder
        .summaries
        .iter()
        .map(|s| (s.period.from, s.period.to))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(|(from, to)| Period { from, to })
        .collect();
    let period = choose_period(&periods, request.period, &folder.skipped)?;
    let members: Vec<MemberSummary> = folder
        .summaries
        .iter()
        .filter(|s| s.period == period)
        .cloned()
        .collect();
    Ok(Merge {
        totals: totals(&members),
        missing: missing(&folder.summaries, &members, &request.members),
        movements: movements(&folder.summaries, &members),
        period,
        periods,
        members,
        skipped: folder.skipped,
        superseded: folder.superseded,
    })
}

/// The period asked for (it must be one found), else the latest found (by its end, then its
/// start).
fn choose_period(periods: &[Period], asked: Option<Period>, skipped: &[Skipped]) -> Result<Period> {
    if periods.is_empty() {
        let why = match skipped.len() {
            0 => "there are no summary files in it".to_owned(),
            n => format!("none of its {n} files could be used"),
        };
        return invalid(format!(
            "No member's summary could be read from the folder: {why}."
        ));
    }
    let Some(asked) = asked else {
        let latest = periods.iter().max_by_key(|p| (p.to, p.from));
        return latest
            .copied()
            .ok_or_else(|| Error::Invalid("No period found.".into()));
    };
    if periods.contains(&asked) {
        return Ok(asked);
    }
    let found: Vec<String> = periods.iter().map(period_text).collect();
    invalid(format!(
        "No member's summary in the folder is for {}; the periods found are: {}.",
        period_text(&asked),
        found.join("; ")
    ))
}

fn period_text(period: &Period) -> String {
    format!("{} to {}", period.from, period.to)
}

/// The partnership-wide totals, in the members' own row order (measures, then each
/// breakdown), postcode districts in postcode order.
fn totals(members: &[MemberSummary]) -> Vec<Total> {
    let mut totals: Vec<Total> = Vec::new();
    let mut index: HashMap<(String, String, String), usize> = HashMap::new();
    for member in members {
        for row in &member.rows {
            let key = (
                row.measure.clone(),
                row.dimension.clone(),
                row.category.clone(),
            );
            let at = *index.entry(key).or_insert_with(|| {
                totals.push(empty_total(row));
                totals.len() - 1
            });
            add(&mut totals[at], row);
        }
    }
    pool_means(members, &mut totals);
    order_districts(&mut totals);
    totals
}

/// Whether a member's row counts people (withheld: at least 1, and counted twice across
/// groups).
fn counts_people(measure: &str) -> bool {
    PEOPLE_MEASURES.contains(&measure) || outcomes::counts_people(measure)
}

/// Each mean change: the members' means weighted by their pairs (the `change_paired` of the
/// same item), over the members that gave one. A member with fewer than ten pairs gave none:
/// its pairs are left out, and the total says `partial`. With no mean from any member there is
/// nothing to pool.
fn pool_means(members: &[MemberSummary], totals: &mut [Total]) {
    for total in totals.iter_mut().filter(|t| t.measure == CHANGE_MEAN) {
        let (mut sum, mut pairs) = (0.0, 0.0);
        for member in members {
            let cell = |measure: &str| {
                member.rows.iter().find(|r| {
                    r.measure == measure
                        && r.dimension == total.dimension
                        && r.category == total.category
                })
            };
            let mean = cell(CHANGE_MEAN).and_then(|r| r.value);
            let paired = cell(outcomes::CHANGE_COUNTS[0]).and_then(|r| r.value);
            if let (Some(mean), Some(paired)) = (mean, paired) {
                sum += mean * paired;
                pairs += paired;
            }
        }
        total.value = (pairs > 0.0).then(|| sum / pairs);
        total.bound = match (total.value, total.members_withheld) {
            (None, _) => Bound::NotAdded,
            (Some(_), 0) => Bound::Exact,
            (Some(_), _) => Bound::Partial,
        };
    }
}

fn empty_total(row: &Row) -> Total {
    if row.measure == CHANGE_MEAN {
        return Total {
            measure: row.measure.clone(),
            dimension: row.dimension.clone(),
            category: row.category.clone(),
            value: None,
            bound: Bound::NotAdded,
            members: 0,
            members_withheld: 0,
            note: Some(MEAN_CHANGE_NOTE.to_owned()),
        };
    }
    let added = Measures::kind(&row.measure) != MeasureKind::Share;
    let counts_people = counts_people(&row.measure);
    Total {
        measure: row.measure.clone(),
        dimension: row.dimension.clone(),
        category: row.category.clone(),
        value: added.then_some(0.0),
        bound: if added { Bound::Exact } else { Bound::NotAdded },
        members: 0,
        members_withheld: 0,
        note: if !added {
            Some("A share for each member: not added up across members.".to_owned())
        } else if counts_people {
            Some(DOUBLE_COUNTING_NOTE.to_owned())
        } else {
            None
        },
    }
}

/// Adds one member's cell. A withheld count of people counts as 1 (it holds 1 or more:
/// zeros are never withheld); withheld hours or pounds (withheld with the count they come
/// from) count as nothing, as they may be less than 1. Either makes the total "at least".
fn add(total: &mut Total, row: &Row) {
    total.members += 1;
    if row.measure == CHANGE_MEAN {
        // Pooled once every member is in (`pool_means`), weighted by each member's pairs.
        total.members_withheld += usize::from(row.suppressed);
        return;
    }
    let Some(sum) = total.value.as_mut() else {
        return;
    };
    if row.suppressed {
        total.members_withheld += 1;
        if counts_people(&row.measure) {
            *sum += 1.0;
        }
        total.bound = Bound::AtLeast;
    } else if let Some(value) = row.value {
        *sum += value;
    }
}

/// Districts come from each member's own list: sort them across members (CV1, CV2, CV10),
/// `unknown` last, keeping everything else where it was.
fn order_districts(totals: &mut [Total]) {
    let districts: Vec<usize> = totals
        .iter()
        .enumerate()
        .filter(|(_, t)| t.dimension == "postcode_district")
        .map(|(i, _)| i)
        .collect();
    let mut sorted: Vec<Total> = districts.iter().map(|i| totals[*i].clone()).collect();
    sorted.sort_by_key(|t| district_key(&t.category));
    for (i, total) in districts.into_iter().zip(sorted) {
        totals[i] = total;
    }
}

/// `unknown` last; else by area letters, district number, then any suffix (EC1A).
fn district_key(district: &str) -> (bool, String, u32, String) {
    let letters = district
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(district.len());
    let (area, rest) = district.split_at(letters);
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (number, suffix) = rest.split_at(digits);
    (
        district == "unknown",
        area.to_owned(),
        number.parse().unwrap_or(0),
        suffix.to_owned(),
    )
}

/// Members expected (every code seen in the folder for any period, and any listed) that sent
/// nothing for the period, with the last period each did send.
fn missing(all: &[MemberSummary], present: &[MemberSummary], listed: &[String]) -> Vec<Missing> {
    let sent: HashSet<&str> = present.iter().map(|s| s.org_code.as_str()).collect();
    let expected: BTreeSet<&str> = all
        .iter()
        .map(|s| s.org_code.as_str())
        .chain(listed.iter().map(String::as_str))
        .collect();
    expected
        .into_iter()
        .filter(|code| !sent.contains(code))
        .map(|code| {
            let last = all
                .iter()
                .filter(|s| s.org_code == code)
                .max_by_key(|s| (s.period.to, s.period.from));
            Missing {
                org_code: code.to_owned(),
                org_name: last.map(|s| s.org_name.clone()),
                last_period: last.map(|s| s.period),
            }
        })
        .collect()
}

/// Members whose unique young people or attendances moved sharply from their own previous
/// period (the latest one that ended before this one began). A withheld figure, then or now,
/// is not compared.
fn movements(all: &[MemberSummary], present: &[MemberSummary]) -> Vec<Movement> {
    let mut moved = Vec::new();
    for member in present {
        let previous = all
            .iter()
            .filter(|s| s.org_code == member.org_code && s.period.to < member.period.from)
            .max_by_key(|s| (s.period.to, s.period.from));
        let Some(previous) = previous else { continue };
        for measure in MOVEMENT_MEASURES {
            let value = |s: &MemberSummary| s.measure(measure).and_then(|r| r.value);
            if let (Some(before), Some(now)) = (value(previous), value(member))
                && is_sharp(before, now)
            {
                moved.push(Movement {
                    org_code: member.org_code.clone(),
                    org_name: member.org_name.clone(),
                    measure: measure.to_owned(),
                    previous_period: previous.period,
                    previous: before,
                    now,
                });
            }
        }
    }
    moved
}

/// More than half of the previous value, and at least ten, either way. From zero, a rise of
/// ten or more.
pub fn is_sharp(before: f64, now: f64) -> bool {
    let change = (now - before).abs();
    change >= SHARP_AT_LEAST && change > SHARP_SHARE * before
}

/// A value as the CSVs write it: counts whole, pounds to two places, hours as they are.
/// Rounded to hundredths first, as each member's values have at most two places and a sum of
/// floating-point hours can pick up a tail (0.30000000000000004).
fn number_text(measure: &str, value: f64) -> String {
    let value = (value * 100.0).round() / 100.0;
    Row {
        measure: measure.to_owned(),
        dimension: ALL.to_owned(),
        category: ALL.to_owned(),
        value: Some(value),
        suppressed: false,
    }
    .value_text()
}

/// The partnership-wide totals CSV (`lyp-partnership/2`).
pub fn totals_csv(merge: &Merge) -> Result<Vec<u8>> {
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(TOTALS_COLUMNS)?;
    let (from, to) = (merge.period.from.to_string(), merge.period.to.to_string());
    for total in &merge.totals {
        let value = total
            .value
            .map(|v| number_text(&total.measure, v))
            .unwrap_or_default();
        csv.write_record([
            TOTALS_SCHEMA,
            &from,
            &to,
            &total.measure,
            &total.dimension,
            // A category comes from a member's file: text, neutralised against formulas.
            &csv_text_cell(&total.category),
            &value,
            total.bound.code(),
            &total.members.to_string(),
            &total.members_withheld.to_string(),
            total.note.as_deref().unwrap_or_default(),
        ])?;
    }
    finish_csv(csv)
}

/// Every member's rows for the period stacked in one CSV of the summary's columns, by member
/// code, each row in its member's own format: the table of each member, for a spreadsheet.
pub fn members_csv(merge: &Merge) -> Result<Vec<u8>> {
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(COLUMNS)?;
    for member in &merge.members {
        let (from, to) = (member.period.from.to_string(), member.period.to.to_string());
        for row in &member.rows {
            csv.write_record([
                member.schema.as_str(),
                &member.org_code,
                &csv_text_cell(&member.org_name),
                &from,
                &to,
                &row.measure,
                &row.dimension,
                &csv_text_cell(&row.category),
                &row.value_text(),
                if row.suppressed { "true" } else { "false" },
            ])?;
        }
    }
    finish_csv(csv)
}

fn finish_csv(csv: csv::Writer<Vec<u8>>) -> Result<Vec<u8>> {
    csv.into_inner()
        .map_err(|e| Error::file("The partnership CSV could not be laid out", e.into_error()))
}

/// Member codes from a list, one a line; blank lines and lines starting `#` are ignored, and
/// a first line `org_code` (a one-column CSV) too.
pub fn parse_member_list(text: &str) -> Result<Vec<String>> {
    let mut codes = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let code = line.trim().trim_start_matches('\u{feff}');
        if code.is_empty() || code.starts_with('#') || (index == 0 && code == "org_code") {
            continue;
        }
        let shaped = code.len() <= 20
            && code
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
        if !shaped {
            return invalid(format!(
                "Line {} of the members list, “{code}”, is not a member code (capital letters, digits and dashes, like COV-0042).",
                index + 1
            ));
        }
        codes.push(code.to_owned());
    }
    Ok(codes)
}

#[cfg(test)]
mod tests;
