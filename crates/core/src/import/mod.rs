//! Importing young people and attendance from CSV files (docs/file-formats.md).
//!
//! An import is all or nothing: every row is checked first, and a file with any bad row
//! changes nothing and reports every bad row (up to a limit) by line and column. Importing the
//! same file twice adds nothing the second time: young people are matched by reference,
//! sessions by date, name and start time, and a repeated attendance is the same attendance.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::access::{Actor, Operation, Target};
use crate::dates::{ClockTime, now_utc_text, parse_date};
use crate::error::{Error, ImportErrors, Result};
use crate::files::csv_text_from_cell;
use crate::organisation;
use crate::sessions;
use crate::vocab::{
    ConsentGiver, ConsentKind, Disability, EducationStatus, Ethnicity, Gender, SessionType,
};
use crate::young_people::{self, Consent, EmergencyContact, Profile};
use progress::{Progress, Quietly, RowPerson, RowStatus, Steps};

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportOutcome {
    pub rows: u32,
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
    /// For attendance files: the sessions that had to be created.
    pub sessions_added: u32,
}

impl ImportOutcome {
    /// What the import did, in the words of its one audit entry ("imported: rows 3, added 2,
    /// updated 1, unchanged 0, sessions added 0").
    pub fn described(&self) -> String {
        format!(
            "imported: rows {}, added {}, updated {}, unchanged {}, sessions added {}",
            self.rows, self.added, self.updated, self.unchanged, self.sessions_added
        )
    }

    /// Whether the import saved anything (a file imported twice changes nothing the second
    /// time, and keeps no backup).
    pub fn changed_anything(&self) -> bool {
        self.added + self.updated + self.sessions_added > 0
    }
}

/// The columns a young-people file may have (see docs/file-formats.md).
pub const YOUNG_PEOPLE_COLUMNS: &[&str] = &[
    "ref",
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "gender",
    "ethnicity",
    "disability",
    "send_notes",
    "postcode",
    "school",
    "education_status",
    "care_experienced",
    "young_carer",
    "looked_after",
    "care_leaver",
    "child_protection_plan",
    "newly_arrived",
    "circumstances",
    "referred_by",
    "referred_to",
    "medical_notes",
    "allergies",
    "emergency_contact_name",
    "emergency_contact_relationship",
    "emergency_contact_phone",
    "consent_data",
    "consent_photos",
    "consent_trips",
    "consent_date",
    "archived",
];

/// The columns of an attendance file; `arrived` and `left` are optional.
pub const ATTENDANCE_COLUMNS: &[&str] = &[
    "date", "session", "start", "end", "type", "venue", "ref", "arrived", "left",
];
const ATTENDANCE_REQUIRED: &[&str] = &["date", "session", "start", "end", "type", "ref"];

/// A CSV file read into memory with its header tidied.
struct Table {
    headers: Vec<String>,
    rows: Vec<(u64, csv::StringRecord)>,
    /// Cells over their field's limit or holding a control character (line, column, what):
    /// their rows are left out of `rows` and reported with every other bad row.
    cell_problems: Vec<(u64, String, String)>,
    /// Young people the user has said are new though someone like them is on the list
    /// (`mapping::Mapping::confirmed_new`), by [`new_person_key`].
    confirmed_new: Vec<String>,
    /// Young people the user has said are someone on the list (`mapping::Mapping::same_as`):
    /// by [`new_person_key`], the reference of the one they are.
    same_as: HashMap<String, String>,
}

/// How a row's young person is named when the user confirms they are new: "Jay Smith
/// 2011-03-04" (folded, so accents and case do not matter).
fn new_person_key(first: &str, last: &str, born: Option<NaiveDate>) -> String {
    let text = format!(
        "{first} {last} {}",
        born.map(|b| b.to_string()).unwrap_or_default()
    );
    young_people::fold(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

impl Table {
    fn read(
        input: impl Read,
        file_kind: &'static str,
        known: &[&str],
        required: &[&str],
    ) -> Result<Table> {
        let mut bytes = Vec::new();
        let mut input = input;
        input
            .read_to_end(&mut bytes)
            .map_err(|e| Error::file(format!("Could not read the {file_kind} file"), e))?;
        let Ok(text) = String::from_utf8(bytes) else {
            return Err(Error::Invalid(format!(
                "The {file_kind} file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8”."
            )));
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| {
                Error::Invalid(format!(
                    "The {file_kind} file's header row can't be read: {e}"
                ))
            })?
            .iter()
            .map(tidy_header)
            .collect();
        let mut errors = ImportErrors::new(file_kind);
        for (index, header) in headers.iter().enumerate() {
            if !known.contains(&header.as_str()) {
                errors.push(
                    1,
                    Some(header),
                    format!(
                        "this is not a column Clubroom knows (known columns: {})",
                        known.join(", ")
                    ),
                );
            } else if headers[..index].contains(header) {
                errors.push(1, Some(header), "this column appears twice");
            }
        }
        for column in required {
            if !headers.iter().any(|h| h == column) {
                errors.push(1, Some(column), "this column is required but missing");
            }
        }
        errors.into_result()?;
        let mut rows = Vec::new();
        let mut cell_problems = Vec::new();
        let mut errors = ImportErrors::new(file_kind);
        let lines = LineStarts::of(text);
        // Each column's limit found once, not once per cell.
        let limits: Vec<crate::text::Limit> = headers
            .iter()
            .map(|column| crate::text::limit_of_column(column))
            .collect();
        for record in reader.records() {
            match record {
                Ok(record) => {
                    let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
                    if record.iter().all(|cell| cell.trim().is_empty()) {
                        continue;
                    }
                    // Every cell held to its field's limit (length, no NUL or control
                    // character) before anything is read from it.
                    let before = cell_problems.len();
                    for ((column, limit), cell) in headers.iter().zip(&limits).zip(record.iter()) {
                        if let Some(problem) = crate::text::problem(cell.trim(), *limit) {
                            cell_problems.push((
                                line,
                                column.clone(),
                                format!("this cell {problem}"),
                            ));
                        }
                    }
                    if cell_problems.len() > before {
                        continue;
                    }
                    if record.len() > headers.len() {
                        errors.push(
                            line,
                            None,
                            format!(
                                "{} cells, but the header has {} columns",
                                record.len(),
                                headers.len()
                            ),
                        );
                    }
                    rows.push((line, record));
                }
                Err(error) => {
                    let line = error.position().map_or(0, |p| lines.line_at(p.byte()));
                    errors.push(
                        line,
                        None,
                        format!("this line can't be read as CSV ({error})"),
                    );
                }
            }
        }
        errors.into_result()?;
        if rows.is_empty() && cell_problems.is_empty() {
            return Err(Error::Invalid(format!(
                "The {file_kind} file has a header but no rows."
            )));
        }
        Ok(Table {
            headers,
            rows,
            cell_problems,
            confirmed_new: Vec::new(),
            same_as: HashMap::new(),
        })
    }

    /// A table from a file read through a mapping (`mapping::apply`): its columns are
    /// Clubroom's own already, and the cells that could not be read are reported with every
    /// other bad row, named by the file's headers.
    fn from_mapped(
        mapped: mapping::Mapped,
        file_kind: &'static str,
        required: &[&str],
    ) -> Result<Table> {
        let mut errors = ImportErrors::new(file_kind);
        for column in required {
            if !mapped.columns.iter().any(|c| c == column) {
                errors.push(
                    1,
                    None,
                    format!("no column is mapped to {column}, which this import needs"),
                );
            }
        }
        errors.into_result()?;
        let mut cell_problems = mapped.problems;
        let mut bad_lines: std::collections::HashSet<u64> =
            cell_problems.iter().map(|(line, ..)| *line).collect();
        let mut rows = Vec::with_capacity(mapped.rows.len());
        // Each column's limit found once, not once per cell.
        let limits: Vec<crate::text::Limit> = mapped
            .columns
            .iter()
            .map(|column| crate::text::limit_of_column(column))
            .collect();
        for (line, cells) in mapped.rows {
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let before = cell_problems.len();
            for ((limit, header), cell) in limits.iter().zip(&mapped.headers).zip(&cells) {
                if let Some(problem) = crate::text::problem(cell.trim(), *limit) {
                    cell_problems.push((line, header.clone(), format!("this cell {problem}")));
                }
            }
            if cell_problems.len() > before {
                bad_lines.insert(line);
            }
            if !bad_lines.contains(&line) {
                rows.push((line, csv::StringRecord::from(cells)));
            }
        }
        if rows.is_empty() && cell_problems.is_empty() {
            return Err(Error::Invalid(format!(
                "The {file_kind} file has a header but no rows."
            )));
        }
        Ok(Table {
            headers: mapped.columns,
            rows,
            cell_problems,
            confirmed_new: mapped
                .confirmed_new
                .iter()
                .map(|key| new_person_key(key, "", None))
                .collect(),
            same_as: mapped
                .same_as
                .iter()
                .map(|(key, reference)| (new_person_key(key, "", None), reference.clone()))
                .collect(),
        })
    }

    /// A new list of the file's errors, starting with its cells over their limits.
    fn errors(&self, file_kind: &'static str) -> ImportErrors {
        let mut errors = ImportErrors::new(file_kind);
        for (line, column, problem) in &self.cell_problems {
            errors.push(*line, Some(column), problem.clone());
        }
        errors
    }

    fn has(&self, column: &str) -> bool {
        self.headers.iter().any(|h| h == column)
    }

    /// The trimmed cell, `None` if the column is absent or the cell is blank. A cell that
    /// Clubroom's own export neutralised against formulas reads back as the text it held.
    fn cell<'r>(&self, record: &'r csv::StringRecord, column: &str) -> Option<&'r str> {
        let index = self.headers.iter().position(|h| h == column)?;
        record
            .get(index)
            .map(|c| csv_text_from_cell(c.trim()).trim())
            .filter(|c| !c.is_empty())
    }
}

/// "First name" and "FIRST_NAME" both mean first_name.
fn tidy_header(header: &str) -> String {
    header.trim().to_lowercase().replace([' ', '-'], "_")
}

/// Reads one cell into a value, noting a problem against the row and column.
struct RowReader<'a> {
    table: &'a Table,
    record: &'a csv::StringRecord,
    line: u64,
    errors: &'a mut ImportErrors,
}

impl RowReader<'_> {
    fn text(&self, column: &str) -> Option<String> {
        self.table.cell(self.record, column).map(str::to_owned)
    }

    fn parsed<T>(
        &mut self,
        column: &str,
        parse: impl FnOnce(&str) -> std::result::Result<T, String>,
    ) -> Option<T> {
        let cell = self.table.cell(self.record, column)?;
        match parse(cell) {
            Ok(value) => Some(value),
            Err(reason) => {
                self.errors.push(self.line, Some(column), reason);
                None
            }
        }
    }

    fn date(&mut self, column: &str) -> Option<NaiveDate> {
        self.parsed(column, |c| {
            parse_date(c)
                .ok_or_else(|| format!("“{c}” is not a date (use YYYY-MM-DD or DD/MM/YYYY)"))
        })
    }

    fn time(&mut self, column: &str) -> Option<ClockTime> {
        self.parsed(column, |c| {
            ClockTime::parse(c)
                .ok_or_else(|| format!("“{c}” is not a time (use HH:MM, like 18:30)"))
        })
    }

    fn yes_no(&mut self, column: &str) -> Option<bool> {
        self.parsed(column, |c| match c.to_lowercase().as_str() {
            "yes" | "y" | "true" | "1" => Ok(true),
            "no" | "n" | "false" | "0" => Ok(false),
            _ => Err(format!("“{c}” should be yes or no")),
        })
    }

    fn required(&mut self, column: &str) -> Option<String> {
        let value = self.text(column);
        if value.is_none() {
            self.errors
                .push(self.line, Some(column), "this cell is empty but required");
        }
        value
    }
}

/// The kinds of import, each a user action of its own with its own operation (so the audit
/// entries of its rows name it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ImportKind {
    YoungPeople,
    Attendance,
    People,
    Training,
}

impl ImportKind {
    /// The records an import writes, as its one audit entry names them.
    pub fn audit_record(self) -> &'static str {
        match self {
            ImportKind::YoungPeople => "young_people",
            ImportKind::Attendance => "attendance",
            ImportKind::People => "people",
            ImportKind::Training => "training_records",
        }
    }

    pub fn operation(self) -> Operation {
        match self {
            ImportKind::YoungPeople => Operation::ImportYoungPeople,
            ImportKind::Attendance => Operation::ImportAttendance,
            ImportKind::People => Operation::ImportPeople,
            ImportKind::Training => Operation::ImportTraining,
        }
    }
}

/// An import as the one user action both shells call: the import permission first, then a
/// backup (only if the file has rows to bring in), then every row in one transaction, each
/// checked as the single action it performs.
pub fn run(
    store: &mut crate::Store,
    kind: ImportKind,
    input: impl Read,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ImportOutcome> {
    run_watched(store, kind, input, today, now, &Quietly)
}

/// [`run`], reporting its progress and stopping (nothing saved) when asked to.
pub fn run_watched(
    store: &mut crate::Store,
    kind: ImportKind,
    input: impl Read,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
    progress: &dyn Progress,
) -> Result<ImportOutcome> {
    store.begin(kind.operation(), Target::Nothing)?;
    let actor = store.actor().clone();
    crate::backup::import_with_backup(
        store,
        now,
        |tx| {
            let table = read_own_columns(kind, input)?;
            match kind {
                ImportKind::YoungPeople => young_people_table(tx, &actor, table, today, progress),
                ImportKind::Attendance => attendance_table(tx, &actor, table, progress),
                ImportKind::People => people_table(tx, &actor, table, progress),
                ImportKind::Training => training_table(tx, &actor, table, today, progress),
            }
        },
        ImportOutcome::changed_anything,
        (kind.audit_record(), ImportOutcome::described),
    )
}

/// A CSV file in Clubroom's own columns for `kind` (docs/file-formats.md), read and checked.
fn read_own_columns(kind: ImportKind, input: impl Read) -> Result<Table> {
    match kind {
        ImportKind::YoungPeople => Table::read(
            input,
            "young people",
            YOUNG_PEOPLE_COLUMNS,
            &["ref", "first_name", "last_name"],
        ),
        ImportKind::Attendance => {
            Table::read(input, "attendance", ATTENDANCE_COLUMNS, ATTENDANCE_REQUIRED)
        }
        ImportKind::People => Table::read(input, "people", PEOPLE_COLUMNS, &["name"]),
        ImportKind::Training => Table::read(
            input,
            "training",
            TRAINING_COLUMNS,
            &["person", "course", "completed_on"],
        ),
    }
}

/// Whether `actor` may do the single action a row performs (the same check as doing it by
/// hand: `access::check` with that operation and target): `Ok(Err(reason))` when refused,
/// so the row is named and the whole import fails; `Err` only when the club file fails.
fn may(
    tx: &Transaction,
    actor: &Actor,
    operation: Operation,
    target: Target,
) -> Result<std::result::Result<(), String>> {
    match crate::access::check(tx, actor, operation, target) {
        Ok(()) => Ok(Ok(())),
        Err(Error::Denied(reason)) | Err(Error::NotFound(reason)) => Ok(Err(reason)),
        Err(other) => Err(other),
    }
}

/// Where each line of a file starts, to name a row's line from its byte offset. In a
/// Windows (CRLF) file the csv reader ends a record at the `\r` and starts the next at the
/// `\n`, so its own line count (and a record's first byte) runs one behind and a person
/// would be sent to the row above the one at fault: the line is counted here from the
/// record's first byte that is not a line ending.
struct LineStarts<'a> {
    text: &'a [u8],
    starts: Vec<u64>,
}

impl LineStarts<'_> {
    fn of(text: &str) -> LineStarts<'_> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i as u64 + 1))
            .collect();
        LineStarts {
            text: text.as_bytes(),
            starts,
        }
    }

    /// The line (from 1) of the record whose bytes begin at `offset`.
    fn line_at(&self, offset: u64) -> u64 {
        let mut offset = offset as usize;
        while matches!(self.text.get(offset), Some(b'\r' | b'\n')) {
            offset += 1;
        }
        self.starts.partition_point(|&start| start <= offset as u64) as u64
    }
}

/// Imports (adds or updates) young people from a CSV file.
pub fn young_people(
    tx: &Transaction,
    actor: &Actor,
    input: impl Read,
    today: NaiveDate,
) -> Result<ImportOutcome> {
    let table = read_own_columns(ImportKind::YoungPeople, input)?;
    young_people_table(tx, actor, table, today, &Quietly)
}

/// Imports young people from a table. Without a reference column (a file from another
/// system), each row is matched by name and date of birth, names compared folded (Zoë and
/// Zoe match); a row that matches no one is a new young person with the next reference.
fn young_people_table(
    tx: &Transaction,
    actor: &Actor,
    table: Table,
    today: NaiveDate,
    progress: &dyn Progress,
) -> Result<ImportOutcome> {
    let mut steps = Steps::new(progress, table.rows.len());
    let self_age = organisation::get(tx)?.map_or(13, |o| o.consent_self_age);
    let circumstances = crate::young_people::circumstances::all(tx)?;
    let mut errors = table.errors("young people");
    let mut first_line_of: HashMap<String, u64> = HashMap::new();
    let mut outcome = ImportOutcome {
        rows: table.rows.len() as u32,
        ..ImportOutcome::default()
    };
    // A file without references is matched by name: the list is read once, not per row, and
    // its new young people numbered on from the next free reference.
    let mut names = if table.has("ref") {
        None
    } else {
        Some(young_people::NameIndex::load(tx, today)?)
    };
    // A file with references: the list's references read once, not looked up per row.
    let mut references = if table.has("ref") {
        Some(young_people::References::load(tx)?)
    } else {
        None
    };
    let mut records = Records::default();
    let mut next_number = young_people::next_reference_number(tx)?;

    for (line, record) in &table.rows {
        steps.step()?;
        let mut row = RowReader {
            table: &table,
            record,
            line: *line,
            errors: &mut errors,
        };
        let (reference, existing) = if table.has("ref") {
            let Some(reference) = row.required("ref") else {
                continue;
            };
            if let Some(first) = first_line_of.insert(reference.to_uppercase(), *line) {
                row.errors.push(
                    *line,
                    Some("ref"),
                    format!("{reference} is already on line {first}"),
                );
                continue;
            }
            let existing = match &references {
                Some(references) => references.id_of(&reference),
                None => young_people::id_by_reference(tx, &reference)?,
            };
            (Some(reference), existing)
        } else {
            let first = row.text("first_name").unwrap_or_default();
            let last = row.text("last_name").unwrap_or_default();
            let born = row.text("date_of_birth").and_then(|d| parse_date(&d));
            let key = format!(
                "{}|{}|{}",
                young_people::fold(&first),
                young_people::fold(&last),
                born.map(|b| b.to_string()).unwrap_or_default()
            );
            if let Some(earlier) = first_line_of.insert(key, *line) {
                row.errors.push(
                    *line,
                    None,
                    format!(
                        "{first} {last} with the same date of birth is already on line {earlier}"
                    ),
                );
                continue;
            }
            let said = table.same_as.get(&new_person_key(&first, &last, born));
            let found = match (said, born, &names) {
                // The user said who they are.
                (Some(reference), ..) => match young_people::id_by_reference(tx, reference)? {
                    Some(id) => vec![id],
                    None => {
                        row.errors.push(
                            *line,
                            None,
                            format!("{first} {last} was said to be {reference}, but no young person has that reference"),
                        );
                        continue;
                    }
                },
                (None, Some(born), Some(names)) => names.same_name_and_birth(&first, &last, born),
                _ => Vec::new(),
            };
            if found.len() > 1 {
                row.errors.push(
                    *line,
                    None,
                    format!("{first} {last} matches {} young people with the same name and date of birth: add a reference column to say which", found.len()),
                );
                continue;
            }
            (None, found.first().copied())
        };
        let before = match existing {
            Some(id) => Some(records.take(tx, id, today)?),
            None => None,
        };
        let base = before
            .as_ref()
            .map_or_else(|| Profile::named("", ""), |b| b.profile.clone());
        let errors_before = row.errors.total;
        let mut profile = read_profile(&mut row, base, self_age, today);
        if !table.has("ref")
            && let Some(before) = &before
        {
            keep_names_on_record(&mut profile, &before.profile);
        }
        if table.has("circumstances") {
            profile.circumstance_codes = read_circumstances(&mut row, &circumstances);
        }
        let archived = row.yes_no("archived");
        // The row's name as the file gives it (the record may keep another).
        let in_file = young_people::display_name(
            row.text("first_name").as_deref().unwrap_or_default(),
            None,
            row.text("last_name").as_deref().unwrap_or_default(),
        );
        if row.errors.total > errors_before {
            continue;
        }
        let profile = match young_people::check_profile_at(tx, &profile, today, self_age) {
            Ok(profile) => profile,
            Err(error) => {
                errors.push(*line, None, error.to_string());
                continue;
            }
        };
        // A file without references that names someone like a young person already on the
        // list (Jay for Jayden, the same name with no date of birth) waits for the user's
        // decision: never merged, never added as a second record unasked.
        if before.is_none()
            && let Some(names) = &names
        {
            let key = new_person_key(
                &profile.first_name,
                &profile.last_name,
                profile.date_of_birth,
            );
            let likely = names.likely(&profile, today);
            if let Some(first) = likely.first()
                && !table.confirmed_new.contains(&key)
            {
                let born = first
                    .date_of_birth
                    .map(|d| format!(", born {}", crate::dates::day_first(d)))
                    .unwrap_or_default();
                let reason = format!(
                    "{} {} may be {} ({}{born}), already on the list: say whether they are the same person or someone new (in the mapping: “{key}” in same_as with their reference, or in confirmed_new)",
                    profile.first_name,
                    profile.last_name,
                    first.display_name(),
                    first.reference
                );
                progress.row_person(RowPerson {
                    line: *line,
                    in_file: in_file.clone(),
                    status: RowStatus::Doubtful,
                    reference: first.reference.clone(),
                    on_record: first.display_name(),
                });
                let candidates = likely.iter().map(|k| k.as_candidate()).collect();
                errors.push_likely(
                    *line,
                    reason,
                    crate::error::LikelyPerson { key, candidates },
                );
                continue;
            }
        }
        let single = match &before {
            None => Operation::AddYoungPerson,
            Some(_) => Operation::UpdateYoungPerson,
        };
        if let Err(refused) = may(tx, actor, single, Target::Nothing)? {
            errors.push(*line, None, refused);
            continue;
        }
        let result = match &before {
            None => add_checked(tx, reference.as_deref(), &profile, &mut next_number, today).map(
                |(id, reference)| {
                    progress.row_person(RowPerson {
                        line: *line,
                        on_record: young_people::display_name(
                            &profile.first_name,
                            profile.preferred_name.as_deref(),
                            &profile.last_name,
                        ),
                        in_file: in_file.clone(),
                        status: RowStatus::New,
                        reference: reference.clone(),
                    });
                    outcome.added += 1;
                    if let Some(names) = &mut names {
                        names.add(id, &reference, &profile, today);
                    }
                    if let Some(references) = &mut references {
                        references.add(&reference, id);
                    }
                    (id, false)
                },
            ),
            Some(before)
                if before.profile == profile && archived.is_none_or(|a| a == before.archived) =>
            {
                progress.row_person(before.row_person(*line, in_file, RowStatus::Unchanged));
                outcome.unchanged += 1;
                continue;
            }
            Some(before) => young_people::update(tx, before.id, &before.reference, &profile, today)
                .map(|person| {
                    progress.row_person(before.row_person(*line, in_file, RowStatus::Update));
                    outcome.updated += 1;
                    (person.id, person.archived)
                }),
        };
        match (result, archived) {
            (Ok((id, was_archived)), Some(archived)) if was_archived != archived => {
                young_people::set_archived(tx, id, archived, today)?;
            }
            (Ok(_), _) => {}
            (Err(Error::Database(error)), _) => return Err(Error::Database(error)),
            (Err(error), _) => errors.push(*line, None, error.to_string()),
        }
    }
    steps.finish()?;
    errors.into_result()?;
    Ok(outcome)
}

/// A row matched to a young person by name (their folded name and date of birth, or the
/// user's "same person") updates their details but keeps the names on their record: the file
/// found them under a name like theirs ("Sian" for "Siân", "Jay" for "Jayden"), and another
/// system's spelling must not silently replace the one the club wrote down. A file with
/// references names its people by reference, so its names are taken as it gives them.
fn keep_names_on_record(profile: &mut Profile, record: &Profile) {
    profile.first_name.clone_from(&record.first_name);
    profile.last_name.clone_from(&record.last_name);
}

/// A young person already on the list, as a row of the file is compared with them.
struct Before {
    id: i64,
    reference: String,
    archived: bool,
    profile: Profile,
}

impl Before {
    /// The row beside this young person, as the preview lists it.
    fn row_person(&self, line: u64, in_file: String, status: RowStatus) -> RowPerson {
        RowPerson {
            line,
            in_file,
            status,
            reference: self.reference.clone(),
            on_record: young_people::display_name(
                &self.profile.first_name,
                self.profile.preferred_name.as_deref(),
                &self.profile.last_name,
            ),
        }
    }

    fn read(tx: &Transaction, id: i64, today: NaiveDate) -> Result<Before> {
        let (reference, archived, profile) = young_people::record_of(tx, id, today)?;
        Ok(Before {
            id,
            reference,
            archived,
            profile,
        })
    }
}

/// The records of the young people on the list, read whole the first time a row matches one
/// (`young_people::records_of_all`) instead of four queries per matched row. Each is handed
/// out once: a record asked for again (two rows said to be the same person) or added by this
/// import is read from the club file, as it now is.
#[derive(Default)]
struct Records {
    loaded: Option<HashMap<i64, (String, bool, Profile)>>,
}

impl Records {
    fn take(&mut self, tx: &Transaction, id: i64, today: NaiveDate) -> Result<Before> {
        let loaded = match &mut self.loaded {
            Some(loaded) => loaded,
            None => self.loaded.insert(young_people::records_of_all(tx, today)?),
        };
        match loaded.remove(&id) {
            Some((reference, archived, profile)) => Ok(Before {
                id,
                reference,
                archived,
                profile,
            }),
            None => Before::read(tx, id, today),
        }
    }
}

/// Adds a new young person whose profile is checked: the file's reference (its shape checked;
/// the caller has found no one with it), or the next automatic one. Their id and reference.
fn add_checked(
    tx: &Transaction,
    reference: Option<&str>,
    profile: &Profile,
    next_number: &mut i64,
    today: NaiveDate,
) -> Result<(i64, String)> {
    let reference = match reference {
        Some(reference) => young_people::check_reference_shape(reference)?,
        None => {
            *next_number += 1;
            young_people::automatic_reference(*next_number - 1)
        }
    };
    let id = young_people::insert_whole(tx, &reference, profile, today)?;
    Ok((id, reference))
}

/// The circumstances cell: codes or labels from the club's list, separated by semicolons
/// ("poverty; Young carer"), compared without regard to case; blank for none.
fn read_circumstances(
    row: &mut RowReader,
    list: &[crate::young_people::circumstances::Circumstance],
) -> Vec<String> {
    let Some(cell) = row.text("circumstances") else {
        return Vec::new();
    };
    let mut codes = Vec::new();
    for item in cell.split(';').map(str::trim).filter(|i| !i.is_empty()) {
        let found = list.iter().find(|c| {
            c.code.eq_ignore_ascii_case(item) || c.label.trim().eq_ignore_ascii_case(item)
        });
        match found {
            Some(c) if !codes.contains(&c.code) => codes.push(c.code.clone()),
            Some(_) => {}
            None => {
                let known: Vec<&str> = list
                    .iter()
                    .filter(|c| !c.archived)
                    .map(|c| c.code.as_str())
                    .collect();
                row.errors.push(
                    row.line,
                    Some("circumstances"),
                    format!(
                        "“{item}” is not on the club's list of circumstances (Settings); use one of: {}",
                        known.join(", ")
                    ),
                );
            }
        }
    }
    codes
}

/// Overlays the row's cells on `base`: a column the file does not have leaves the value as it
/// was; a blank cell in a column it has clears it.
fn read_profile(row: &mut RowReader, mut p: Profile, self_age: u32, today: NaiveDate) -> Profile {
    let has = |column: &str| row.table.has(column);
    if let Some(first) = row.required("first_name") {
        p.first_name = first;
    }
    if let Some(last) = row.required("last_name") {
        p.last_name = last;
    }
    if has("preferred_name") {
        p.preferred_name = row.text("preferred_name");
    }
    if has("date_of_birth") {
        p.date_of_birth = row.date("date_of_birth");
        if p.date_of_birth.is_some() {
            p.age = None;
        }
    }
    if has("gender") {
        p.gender = row
            .parsed("gender", Gender::parse_or_explain)
            .unwrap_or(Gender::Unknown);
    }
    if has("ethnicity") {
        p.ethnicity = row.parsed("ethnicity", |c| match c.to_lowercase().as_str() {
            "unknown" | "not known" => {
                Err("leave the cell blank when ethnicity is not known".to_owned())
            }
            _ => Ethnicity::parse_or_explain(c),
        });
    }
    if has("disability") {
        p.disability = row
            .parsed("disability", Disability::parse_or_explain)
            .unwrap_or(Disability::Unknown);
    }
    if has("education_status") {
        p.education_status = row.parsed("education_status", EducationStatus::parse_or_explain);
    }
    for (column, field) in [
        ("send_notes", &mut p.send_notes),
        ("postcode", &mut p.postcode),
        ("school", &mut p.school),
        ("referred_by", &mut p.referred_by),
        ("referred_to", &mut p.referred_to),
        ("medical_notes", &mut p.medical_notes),
        ("allergies", &mut p.allergies),
    ] {
        if row.table.has(column) {
            *field = row.text(column);
        }
    }
    let c = &mut p.circumstances;
    for (column, field) in [
        ("care_experienced", &mut c.care_experienced),
        ("young_carer", &mut c.young_carer),
        ("looked_after", &mut c.looked_after),
        ("care_leaver", &mut c.care_leaver),
        ("child_protection_plan", &mut c.child_protection_plan),
        ("newly_arrived", &mut c.newly_arrived),
    ] {
        if row.table.has(column) {
            *field = row.yes_no(column);
        }
    }
    if has("emergency_contact_name") || has("emergency_contact_phone") {
        let name = row.text("emergency_contact_name");
        let phone = row.text("emergency_contact_phone");
        let relationship = row.text("emergency_contact_relationship");
        // The file holds the first contact; any others added in the app are kept.
        let mut others: Vec<EmergencyContact> =
            p.emergency_contacts.get(1..).unwrap_or_default().to_vec();
        p.emergency_contacts = match (name, phone) {
            (None, None) => others,
            (Some(name), Some(phone)) => {
                others.insert(
                    0,
                    EmergencyContact {
                        name,
                        relationship,
                        phone,
                    },
                );
                others
            }
            (Some(_), None) => {
                row.errors.push(
                    row.line,
                    Some("emergency_contact_phone"),
                    "an emergency contact needs a phone number",
                );
                others
            }
            (None, Some(_)) => {
                row.errors.push(
                    row.line,
                    Some("emergency_contact_name"),
                    "an emergency contact needs a name",
                );
                others
            }
        };
    }
    let has_date = row.table.has("consent_date");
    let consent_date = row.date("consent_date").unwrap_or(today);
    let age_then = p
        .date_of_birth
        .and_then(|b| crate::dates::age_on(b, consent_date))
        .or(p.age);
    for (column, kind) in [
        ("consent_data", ConsentKind::Data),
        ("consent_photos", ConsentKind::Photos),
        ("consent_trips", ConsentKind::Trips),
    ] {
        if !row.table.has(column) {
            continue;
        }
        let answer = row.parsed(column, |c| match c.to_lowercase().as_str() {
            "no" | "refused" => {
                let by = if age_then.is_some_and(|a| a >= self_age) {
                    ConsentGiver::YoungPerson
                } else {
                    ConsentGiver::ParentCarer
                };
                Ok((false, by))
            }
            _ => ConsentGiver::parse(c).map(|by| (true, by)).ok_or_else(|| {
                format!(
                    "“{c}” should say who gave consent (young-person or parent-carer), or “refused”"
                )
            }),
        });
        let same_answer = |c: &Consent| {
            answer.is_some_and(|(given, by)| c.kind == kind && c.given == given && c.given_by == by)
        };
        // The same answer as before keeps its original date, so re-importing changes nothing.
        let keep = p
            .consents
            .iter()
            .any(|c| same_answer(c) && (!has_date || c.recorded_on == consent_date));
        if !keep {
            p.consents.retain(|c| c.kind != kind);
            if let Some((given, given_by)) = answer {
                p.consents.push(Consent {
                    kind,
                    given,
                    given_by,
                    giver_name: None,
                    recorded_on: consent_date,
                });
            }
        }
    }
    p.consents
        .sort_by_key(|c| ConsentKind::ALL.iter().position(|k| *k == c.kind));
    p
}

/// The columns of a people file (staff and volunteers).
pub const PEOPLE_COLUMNS: &[&str] = &[
    "name",
    "email",
    "role",
    "kind",
    "start_date",
    "phone",
    "leaving_date",
];

/// Imports (adds or updates) staff and volunteers. A row matches an existing person by email,
/// else by name.
pub fn people(tx: &Transaction, actor: &Actor, input: impl Read) -> Result<ImportOutcome> {
    let table = read_own_columns(ImportKind::People, input)?;
    people_table(tx, actor, table, &Quietly)
}

fn people_table(
    tx: &Transaction,
    actor: &Actor,
    table: Table,
    progress: &dyn Progress,
) -> Result<ImportOutcome> {
    let mut steps = Steps::new(progress, table.rows.len());
    use crate::people::{self as people_, PersonInput};
    use crate::vocab::StaffRole;
    let mut errors = table.errors("people");
    let mut outcome = ImportOutcome {
        rows: table.rows.len() as u32,
        ..ImportOutcome::default()
    };
    let mut seen: HashMap<String, u64> = HashMap::new();
    // Two rows that find the same person (one by email, one by name) would each overwrite them.
    let mut matched: HashMap<i64, u64> = HashMap::new();
    let mut names: HashMap<String, (u64, bool)> = HashMap::new();
    for (line, record) in &table.rows {
        steps.step()?;
        let mut row = RowReader {
            table: &table,
            record,
            line: *line,
            errors: &mut errors,
        };
        let before = row.errors.total;
        let Some(name) = row.required("name") else {
            continue;
        };
        let email = row.text("email");
        let key = email.clone().unwrap_or_else(|| name.clone()).to_lowercase();
        if let Some(first) = seen.insert(key, *line) {
            row.errors
                .push(*line, None, format!("{name} is already on line {first}"));
            continue;
        }
        // A row without an email is found by name next time, so its name must be its own.
        let earlier = names.insert(name.to_lowercase(), (*line, email.is_some()));
        if let Some((first, first_has_email)) = earlier
            && (email.is_none() || !first_has_email)
        {
            row.errors.push(
                *line,
                Some("email"),
                format!("{name} is also on line {first}: give each their email address so they can be told apart"),
            );
            continue;
        }
        let roles: Vec<StaffRole> = row
            .parsed("role", |cell| {
                cell.split([';', '/'])
                    .map(StaffRole::parse_or_explain)
                    .collect::<std::result::Result<Vec<_>, _>>()
            })
            .unwrap_or_default();
        let paid = row.parsed("kind", |cell| match cell.to_lowercase().as_str() {
            "paid" | "staff" | "employee" => Ok(true),
            "volunteer" | "unpaid" => Ok(false),
            _ => Err(format!("“{cell}” should be paid or volunteer")),
        });
        let started_on = row.date("start_date");
        let left_on = row.date("leaving_date");
        let phone = row.text("phone");
        if row.errors.total > before {
            continue;
        }
        let lookup = email.as_deref().unwrap_or(&name);
        let existing = match people_::find(tx, lookup) {
            Ok(id) => Some(people_::get(tx, id)?),
            Err(Error::NotFound(_)) => None,
            Err(Error::Database(e)) => return Err(Error::Database(e)),
            Err(other) => {
                errors.push(*line, Some("name"), other.to_string());
                continue;
            }
        };
        if let Some(first) = existing
            .as_ref()
            .and_then(|person| matched.insert(person.id, *line))
        {
            errors.push(
                *line,
                None,
                format!("{name} is the same person as on line {first} (matched by name or email)"),
            );
            continue;
        }
        let base = existing
            .as_ref()
            .map(|p| p.details.clone())
            .unwrap_or_else(|| PersonInput::volunteer(&name));
        let input = PersonInput {
            name: name.clone(),
            email: if table.has("email") {
                email
            } else {
                base.email.clone()
            },
            phone: if table.has("phone") {
                phone
            } else {
                base.phone.clone()
            },
            paid: paid.unwrap_or(base.paid),
            roles: if roles.is_empty() {
                base.roles.clone()
            } else {
                roles
            },
            started_on: if table.has("start_date") {
                started_on
            } else {
                base.started_on
            },
            left_on: if table.has("leaving_date") {
                left_on
            } else {
                base.left_on
            },
        };
        let single = match &existing {
            Some(person) => (Operation::UpdatePerson, Target::Person(person.id)),
            None => (Operation::AddPerson, Target::Nothing),
        };
        if let Err(refused) = may(tx, actor, single.0, single.1)? {
            errors.push(*line, None, refused);
            continue;
        }
        let result = match &existing {
            Some(person) if person.details == input => {
                outcome.unchanged += 1;
                continue;
            }
            Some(person) => {
                people_::update(tx, person.id, &input).inspect(|_| outcome.updated += 1)
            }
            None => people_::add(tx, &input).inspect(|_| outcome.added += 1),
        };
        match result {
            Ok(_) => {}
            Err(Error::Database(e)) => return Err(Error::Database(e)),
            Err(other) => errors.push(*line, None, other.to_string()),
        }
    }
    steps.finish()?;
    errors.into_result()?;
    Ok(outcome)
}

/// The columns of a training file.
pub const TRAINING_COLUMNS: &[&str] = &[
    "person",
    "course",
    "completed_on",
    "provider",
    "certificate_number",
    "dbs_level",
    "dbs_update_service",
];

/// Imports training records. The person is found by email or name and the course by its
/// catalogue name; a row for a person, course and date already recorded updates it.
pub fn training(
    tx: &Transaction,
    actor: &Actor,
    input: impl Read,
    today: NaiveDate,
) -> Result<ImportOutcome> {
    let table = read_own_columns(ImportKind::Training, input)?;
    training_table(tx, actor, table, today, &Quietly)
}

fn training_table(
    tx: &Transaction,
    actor: &Actor,
    table: Table,
    today: NaiveDate,
    progress: &dyn Progress,
) -> Result<ImportOutcome> {
    let mut steps = Steps::new(progress, table.rows.len());
    use crate::training::{self as training_, RecordInput};
    use crate::vocab::DbsLevel;
    let mut errors = table.errors("training");
    let mut outcome = ImportOutcome {
        rows: table.rows.len() as u32,
        ..ImportOutcome::default()
    };
    for (line, record) in &table.rows {
        steps.step()?;
        let mut row = RowReader {
            table: &table,
            record,
            line: *line,
            errors: &mut errors,
        };
        let before = row.errors.total;
        let person = row.required("person");
        let course = row.required("course");
        let completed_on = row
            .required("completed_on")
            .and_then(|_| row.date("completed_on"));
        let dbs_level = row.parsed("dbs_level", DbsLevel::parse_or_explain);
        let dbs_update_service = row.yes_no("dbs_update_service");
        let person_id = match person.as_deref().map(|p| crate::people::find(tx, p)) {
            Some(Ok(id)) => Some(id),
            Some(Err(Error::Database(e))) => return Err(Error::Database(e)),
            Some(Err(other)) => {
                row.errors.push(*line, Some("person"), other.to_string());
                None
            }
            None => None,
        };
        let course = match course.as_deref().map(|c| training_::course_by_name(tx, c)) {
            Some(Ok(course)) => Some(course),
            Some(Err(Error::Database(e))) => return Err(Error::Database(e)),
            Some(Err(other)) => {
                row.errors.push(*line, Some("course"), other.to_string());
                None
            }
            None => None,
        };
        if row.errors.total > before {
            continue;
        }
        let (Some(person_id), Some(course), Some(completed_on)) = (person_id, course, completed_on)
        else {
            continue;
        };
        if let Err(refused) = may(tx, actor, Operation::LogTraining, Target::Person(person_id))? {
            errors.push(*line, Some("person"), refused);
            continue;
        }
        // A DBS row without a level is the usual enhanced check (training's one rule), said
        // before comparing with a record already kept.
        let input = training_::with_usual_dbs_details(
            RecordInput {
                person_id,
                course_id: course.id,
                completed_on,
                provider: row.text("provider"),
                certificate_number: row.text("certificate_number"),
                dbs_level,
                dbs_update_service,
            },
            course.details.kind,
        );
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM training_records WHERE person_id = ?1 AND course_id = ?2 AND completed_on = ?3",
                params![person_id, course.id, completed_on],
                |r| r.get(0),
            )
            .optional()?;
        let result = match existing {
            Some(id) => {
                let current = training_::record(tx, id, today, None)?;
                let same = current.details.provider
                    == crate::store::tidy(input.provider.as_deref())
                    && current
                        .details
                        .certificate_number
                        .as_deref()
                        .map(|c| c.replace(' ', ""))
                        == input
                            .certificate_number
                            .as_deref()
                            .map(|c| c.replace(' ', ""))
                    && current.details.dbs_level == input.dbs_level
                    && current.details.dbs_update_service == input.dbs_update_service;
                if same {
                    outcome.unchanged += 1;
                    continue;
                }
                training_::update_record(tx, id, &input, today).inspect(|_| outcome.updated += 1)
            }
            None => training_::log(tx, &input, today).inspect(|_| outcome.added += 1),
        };
        match result {
            Ok(_) => {}
            Err(Error::Database(e)) => return Err(Error::Database(e)),
            Err(other) => errors.push(*line, None, other.to_string()),
        }
    }
    steps.finish()?;
    errors.into_result()?;
    Ok(outcome)
}

/// One attendance row once read.
struct AttendanceRow {
    line: u64,
    date: NaiveDate,
    session: String,
    start: ClockTime,
    end: ClockTime,
    session_type: SessionType,
    venue: Option<String>,
    young_person_id: i64,
    arrived: Option<ClockTime>,
    left: Option<ClockTime>,
}

/// Imports attendance (one row per young person present) from a CSV file.
pub fn attendance(tx: &Transaction, actor: &Actor, input: impl Read) -> Result<ImportOutcome> {
    let table = read_own_columns(ImportKind::Attendance, input)?;
    attendance_table(tx, actor, table, &Quietly)
}

/// Each row is two steps: checked, then saved.
fn attendance_table(
    tx: &Transaction,
    actor: &Actor,
    table: Table,
    progress: &dyn Progress,
) -> Result<ImportOutcome> {
    let mut steps = Steps::new(progress, 2 * table.rows.len());
    let mut errors = table.errors("attendance");
    let mut rows = Vec::new();
    let references = young_people::References::load(tx)?;
    for (line, record) in &table.rows {
        steps.step()?;
        let mut row = RowReader {
            table: &table,
            record,
            line: *line,
            errors: &mut errors,
        };
        let before = row.errors.total;
        let date = row.required("date").and_then(|_| row.date("date"));
        let session = row.required("session");
        let start = row.required("start").and_then(|_| row.time("start"));
        let end = row.required("end").and_then(|_| row.time("end"));
        let session_type = row
            .required("type")
            .and_then(|_| row.parsed("type", SessionType::parse_or_explain));
        let venue = row.text("venue");
        let reference = row.required("ref");
        let arrived = row.time("arrived");
        let left = row.time("left");
        let young_person_id = match &reference {
            Some(reference) => match references.id_of(reference) {
                Some(id) => Some(id),
                None => {
                    row.errors.push(
                        *line,
                        Some("ref"),
                        format!("no young person has the reference {reference}"),
                    );
                    None
                }
            },
            None => None,
        };
        if let (Some(start), Some(end)) = (start, end)
            && end <= start
        {
            row.errors.push(
                *line,
                Some("end"),
                format!("the session ends before it starts ({start}-{end})"),
            );
        }
        if let (Some(arrived), Some(left)) = (arrived, left)
            && left <= arrived
        {
            row.errors.push(
                *line,
                Some("left"),
                format!("they leave ({left}) before they arrive ({arrived})"),
            );
        }
        if row.errors.total > before {
            continue;
        }
        if let (
            Some(date),
            Some(session),
            Some(start),
            Some(end),
            Some(session_type),
            Some(young_person_id),
        ) = (date, session, start, end, session_type, young_person_id)
        {
            rows.push(AttendanceRow {
                line: *line,
                date,
                session,
                start,
                end,
                session_type,
                venue,
                young_person_id,
                arrived,
                left,
            });
        }
    }

    // Rows with the same date, session and start are one session: they must agree on the rest.
    let mut groups: BTreeMap<(NaiveDate, String, ClockTime), Vec<&AttendanceRow>> = BTreeMap::new();
    for row in &rows {
        groups
            .entry((row.date, row.session.to_lowercase(), row.start))
            .or_default()
            .push(row);
    }
    for members in groups.values() {
        let first = members[0];
        for row in &members[1..] {
            let venue_differs = row.venue.as_deref().map(str::to_lowercase)
                != first.venue.as_deref().map(str::to_lowercase);
            if row.end != first.end || row.session_type != first.session_type || venue_differs {
                errors.push(
                    row.line,
                    None,
                    format!("this row's end time, type or venue differs from line {} for the same session", first.line),
                );
            }
        }
    }
    errors.into_result()?;

    let mut outcome = ImportOutcome {
        rows: rows.len() as u32,
        ..ImportOutcome::default()
    };
    let now = now_utc_text();
    // Who each session's register already has, read once per session, not asked per row.
    let mut marked: HashMap<i64, std::collections::HashSet<i64>> = HashMap::new();
    for members in groups.values() {
        let first = members[0];
        let session_id =
            match sessions::find_by_date_name_start(tx, first.date, &first.session, first.start)? {
                Some((_, true)) => {
                    for row in members {
                        errors.push(
                            row.line,
                            Some("session"),
                            format!("“{}” on {} was cancelled", first.session, first.date),
                        );
                    }
                    continue;
                }
                Some((id, false)) => id,
                None => {
                    if let Err(refused) = may(tx, actor, Operation::AddSession, Target::Nothing)? {
                        for row in members {
                            errors.push(row.line, Some("session"), refused.clone());
                        }
                        continue;
                    }
                    outcome.sessions_added += 1;
                    create_session(tx, first)?
                }
            };
        let marking = may(
            tx,
            actor,
            Operation::MarkPresent,
            Target::Session(session_id),
        )?;
        if let Err(refused) = marking {
            for row in members {
                errors.push(row.line, Some("session"), refused.clone());
            }
            continue;
        }
        let mut insert = tx.prepare_cached(
            "INSERT INTO attendance (session_id, young_person_id, arrived_at, left_at, marked_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (session_id, young_person_id) DO UPDATE SET
                 arrived_at = COALESCE(excluded.arrived_at, arrived_at), left_at = COALESCE(excluded.left_at, left_at)
             WHERE excluded.arrived_at IS NOT arrived_at OR excluded.left_at IS NOT left_at",
        )?;
        let present = match marked.entry(session_id) {
            std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::hash_map::Entry::Vacant(entry) => {
                entry.insert(young_people_marked(tx, session_id)?)
            }
        };
        for row in members {
            steps.step()?;
            let existed = !present.insert(row.young_person_id);
            let changed = insert.execute(params![
                session_id,
                row.young_person_id,
                row.arrived,
                row.left,
                now
            ])?;
            match (existed, changed) {
                (false, _) => outcome.added += 1,
                (true, 0) => outcome.unchanged += 1,
                (true, _) => outcome.updated += 1,
            }
        }
    }
    steps.finish()?;
    errors.into_result()?;
    Ok(outcome)
}

/// The young people a session's register has marked.
fn young_people_marked(
    tx: &Transaction,
    session_id: i64,
) -> Result<std::collections::HashSet<i64>> {
    let marked = tx
        .prepare_cached("SELECT young_person_id FROM attendance WHERE session_id = ?1")?
        .query_map([session_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(marked)
}

fn create_session(tx: &Transaction, row: &AttendanceRow) -> Result<i64> {
    let venue_id = match &row.venue {
        Some(name) => Some(organisation::venue_id_by_name_or_add(tx, name)?),
        None => None,
    };
    let session = sessions::add_session(
        tx,
        &sessions::SessionInput::one_off(
            &row.session,
            row.date,
            (row.start, row.end),
            venue_id,
            row.session_type,
        ),
    )?;
    Ok(session.id)
}

pub mod apply;
pub mod dates;
pub mod headers;
pub mod mapping;
pub mod progress;
pub mod read;
pub mod saved;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod fuzz_tests;

#[cfg(test)]
mod data_tests;

#[cfg(test)]
mod reader_fuzz_tests;

#[cfg(test)]
mod progress_tests;
