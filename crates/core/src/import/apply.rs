//! The import of any file, as both shells call it: `propose` reads the file and suggests a
//! mapping (what the wizard and `import ... --dry-run` show first); `run_mapped` reads it
//! through the user's mapping and either rehearses the import (a dry run: every row checked
//! and counted exactly as the real import would, in a transaction that is rolled back) or
//! does it (all or nothing, a backup first, as `import::run`).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{Transaction, TransactionBehavior};
use serde::Serialize;

use super::headers::{self, Table};
use super::mapping::{self, Mapping};
use super::progress::{Progress, Quietly, RowCounts, RowPerson, RowStatus};
use super::read::{self, FileKind};
use super::{ImportKind, ImportOutcome};
use crate::access::{Actor, Target};
use crate::error::{Error, Result, RowError};

/// Whether a file is a CSV in Clubroom's own columns for `kind` (docs/file-formats.md): every
/// header one of the kind's column names (any case, spaces or dashes), so it is imported as
/// it is, its mapping being exact.
pub fn has_own_columns(kind: ImportKind, bytes: &[u8]) -> bool {
    let known = match kind {
        ImportKind::YoungPeople => super::YOUNG_PEOPLE_COLUMNS,
        ImportKind::Attendance => super::ATTENDANCE_COLUMNS,
        ImportKind::People => super::PEOPLE_COLUMNS,
        ImportKind::Training => super::TRAINING_COLUMNS,
    };
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return false;
    }
    let (text, _) = read::decode_text(bytes);
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    match reader.headers() {
        Ok(headers) => {
            !headers.is_empty()
                && headers
                    .iter()
                    .all(|h| known.contains(&super::tidy_header(h).as_str()))
        }
        Err(_) => false,
    }
}

/// A file read and its header found, ready to be mapped.
pub struct ReadFile {
    pub file: FileKind,
    pub table: Table,
}

/// Reads a file and finds its header row.
pub fn read_file(bytes: &[u8], sheet: Option<&str>) -> Result<ReadFile> {
    let grid = read::read(bytes, sheet)?;
    let kind = grid.kind.clone();
    let table = headers::split_header(grid).ok_or_else(|| {
        Error::Invalid(
            "No row of the file looks like column names: the first rows should name each column."
                .to_owned(),
        )
    })?;
    if table.rows.is_empty() {
        return Err(Error::Invalid(format!(
            "The file has column names (line {}) but no rows below them.",
            table.header_line
        )));
    }
    Ok(ReadFile { file: kind, table })
}

/// What the wizard shows first: the file as read and the suggested mapping.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Proposal {
    pub file: FileKind,
    pub header_line: u64,
    pub two_row_header: bool,
    pub rows: u32,
    /// The first rows as text, for the user to see what each column holds.
    pub sample: Vec<Vec<String>>,
    pub mapping: Mapping,
    /// The source of the saved mapping offered (the file has the headers it was made for).
    pub saved: Option<String>,
    /// The Clubroom fields a column of this kind of file can fill, and for a coded field the
    /// values a file's value can be mapped to: what the wizard offers beside each column.
    pub fields: Vec<FieldOffer>,
    /// For an old register (marks by date): the club's running weekly series, the one whose
    /// weekday the register's dates fall on first (`suggested`), for the user to confirm or
    /// change. Empty for other files (and until the shell asks with the club's store).
    pub series: Vec<SeriesMatch>,
}

/// A weekly series an old register may belong to, as the wizard offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SeriesMatch {
    pub series_id: i64,
    pub name: String,
    /// ISO weekday: 1 = Monday ... 7 = Sunday.
    pub weekday: u32,
    pub start: String,
    pub end: String,
    /// Of the register's dates, how many fall on the series' weekday.
    pub dates_on_weekday: u32,
    pub dates: u32,
    /// The series the wizard proposes: every date of the register on its weekday, and the
    /// first such series by weekday and time.
    pub suggested: bool,
}

/// One Clubroom field the wizard offers for a column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldOffer {
    /// The field's name, as in Clubroom's own CSV columns (docs/file-formats.md).
    pub name: String,
    /// For a coded field: every value it takes, as its code (empty for text and dates).
    pub codes: Vec<String>,
}

/// The fields of `kind`, as the wizard offers them.
pub fn field_offers(kind: ImportKind) -> Vec<FieldOffer> {
    mapping::fields(kind)
        .iter()
        .map(|field| FieldOffer {
            name: field.name.to_owned(),
            codes: match field.kind {
                mapping::FieldType::Coded(codes) => {
                    codes.codes().into_iter().map(str::to_owned).collect()
                }
                _ => Vec::new(),
            },
        })
        .collect()
}

/// Reads a file and suggests how to map it (or fills in the value choices of `mapping`, a
/// saved one, for this file's values).
pub fn propose(
    kind: ImportKind,
    bytes: &[u8],
    sheet: Option<&str>,
    today: NaiveDate,
) -> Result<Proposal> {
    let read = read_file(bytes, sheet)?;
    let mut mapping = mapping::suggest(kind, &read.table, today);
    if let FileKind::Workbook { sheet, .. } = &read.file {
        mapping.sheet = Some(sheet.clone());
    }
    Ok(Proposal {
        header_line: read.table.header_line,
        two_row_header: read.table.two_row_header,
        rows: read.table.rows.len() as u32,
        sample: read
            .table
            .rows
            .iter()
            .take(5)
            .map(|(_, row)| row.iter().map(read::Cell::text).collect())
            .collect(),
        file: read.file,
        mapping,
        saved: None,
        fields: field_offers(kind),
        series: Vec::new(),
    })
}

/// Like [`propose`], offering a saved mapping made for a file with the same headers in
/// place of the suggestion (its value choices kept, values new to this file added).
pub fn propose_with_saved(
    conn: &rusqlite::Connection,
    kind: ImportKind,
    bytes: &[u8],
    sheet: Option<&str>,
    today: NaiveDate,
) -> Result<Proposal> {
    let mut proposal = propose(kind, bytes, sheet, today)?;
    let headers: Vec<String> = proposal
        .mapping
        .columns
        .iter()
        .map(|c| c.header.clone())
        .collect();
    if let Some(mut saved) = super::saved::for_headers(conn, kind, &headers)? {
        let read = read_file(bytes, sheet)?;
        mapping::suggest_values(&mut saved, &read.table);
        proposal.saved = Some(saved.source.clone());
        saved.sheet = proposal.mapping.sheet.clone();
        proposal.mapping = saved;
    }
    Ok(proposal)
}

/// The proposal for a file as the user has mapped it so far (the wizard asks again after
/// each change of a column's field): their choices kept, the values of a column newly mapped
/// to a coded field listed with their suggestions, a session suggested for register columns.
pub fn propose_for_mapping(
    bytes: &[u8],
    mut mapping: Mapping,
    today: NaiveDate,
) -> Result<Proposal> {
    let mut proposal = propose(mapping.kind, bytes, mapping.sheet.as_deref(), today)?;
    if mapping.columns.len() != proposal.mapping.columns.len() {
        return Err(Error::Invalid(format!(
            "The mapping is for a file of {} columns, but this file has {}: choose the file again.",
            mapping.columns.len(),
            proposal.mapping.columns.len()
        )));
    }
    let read = read_file(bytes, mapping.sheet.as_deref())?;
    mapping::suggest_register(&mut mapping);
    mapping::suggest_values(&mut mapping, &read.table);
    proposal.mapping = mapping;
    Ok(proposal)
}

/// What the wizard shows for a file, asked with the club's store: the saved mapping for its
/// headers (or the suggestion), or the user's mapping so far kept; and for an old register
/// the weekly series its dates may belong to.
pub fn propose_in(
    conn: &rusqlite::Connection,
    kind: ImportKind,
    bytes: &[u8],
    sheet: Option<&str>,
    mapping: Option<Mapping>,
    today: NaiveDate,
) -> Result<Proposal> {
    let mut proposal = match mapping {
        Some(mapping) => propose_for_mapping(bytes, mapping, today)?,
        None => propose_with_saved(conn, kind, bytes, sheet, today)?,
    };
    proposal.series = match_series(conn, &proposal.mapping, today)?;
    Ok(proposal)
}

/// The dates of an old register's columns (the headers of the columns mapped to marks).
pub fn register_dates(mapping: &Mapping, today: NaiveDate) -> Vec<NaiveDate> {
    let mut dates: Vec<NaiveDate> = mapping
        .columns
        .iter()
        .filter(|c| c.field.as_deref() == Some(mapping::MARKS))
        .filter_map(|c| mapping::date_of_header(&c.header, today))
        .collect();
    dates.sort();
    dates.dedup();
    dates
}

/// The club's running weekly series beside an old register's dates: those meeting on the
/// weekday of most of its dates first (then by weekday and time, as the sessions screen
/// lists them). The first is suggested when every date falls on its weekday. No register
/// columns: none.
pub fn match_series(
    conn: &rusqlite::Connection,
    mapping: &Mapping,
    today: NaiveDate,
) -> Result<Vec<SeriesMatch>> {
    let dates = register_dates(mapping, today);
    if dates.is_empty() {
        return Ok(Vec::new());
    }
    let mut matches: Vec<SeriesMatch> = crate::sessions::all_series(conn, today)?
        .into_iter()
        .filter(|s| !s.archived)
        .map(|s| SeriesMatch {
            series_id: s.id,
            weekday: s.details.weekday,
            start: s.details.start.to_string(),
            end: s.details.end.to_string(),
            dates_on_weekday: dates
                .iter()
                .filter(|d| d.weekday().number_from_monday() == s.details.weekday)
                .count() as u32,
            dates: dates.len() as u32,
            name: s.details.name,
            suggested: false,
        })
        .collect();
    // A stable sort keeps all_series' weekday-and-time order among equals.
    matches.sort_by_key(|m| std::cmp::Reverse(m.dates_on_weekday));
    if let Some(first) = matches.first_mut()
        && first.dates_on_weekday == first.dates
    {
        first.suggested = true;
    }
    Ok(matches)
}

/// Puts an old register's marks on the running weekly series called `name` (any case), as
/// `import attendance FILE --series NAME` asks.
pub fn put_register_on_series(
    conn: &rusqlite::Connection,
    mapping: &mut Mapping,
    name: &str,
    today: NaiveDate,
) -> Result<()> {
    let running: Vec<crate::sessions::Series> = crate::sessions::all_series(conn, today)?
        .into_iter()
        .filter(|s| !s.archived)
        .collect();
    let named: Vec<&crate::sessions::Series> = running
        .iter()
        .filter(|s| s.details.name.trim().eq_ignore_ascii_case(name.trim()))
        .collect();
    let series = match named.as_slice() {
        [one] => one,
        [] => {
            return Err(Error::Invalid(format!(
                "No running weekly series is called “{name}” (series: {}).",
                if running.is_empty() {
                    "none yet".to_owned()
                } else {
                    running
                        .iter()
                        .map(|s| s.details.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            )));
        }
        many => {
            return Err(Error::Invalid(format!(
                "{} running weekly series are called “{name}”: rename one on the sessions screen first.",
                many.len()
            )));
        }
    };
    let Some(register) = mapping.register.as_mut() else {
        return Err(Error::Invalid(
            "Only an old register (an attendance file with a column of marks per date) can be put on a weekly series.".to_owned(),
        ));
    };
    register.series_id = Some(series.id);
    Ok(())
}

/// The mapping's old register put on a weekly series: each date's rows go to the series'
/// session on that date (held, or made now from the series' pattern), its name, times, type
/// and venue written into the rows so that the attendance import finds that session. A date
/// off the series' weekday with no session of the series is a problem on every row marked
/// then (the register is likely another night's). The number of sessions made.
fn attach_to_series(
    tx: &Transaction,
    actor: &Actor,
    mut mapped: mapping::Mapped,
    today: NaiveDate,
) -> Result<(mapping::Mapped, u32)> {
    let Some(series_id) = mapped.series_id else {
        return Ok((mapped, 0));
    };
    let series = crate::sessions::series(tx, series_id, today).map_err(|_| {
        Error::Invalid(
            "The register is matched to a weekly series that no longer exists: choose the series again."
                .to_owned(),
        )
    })?;
    let mut sessions: std::collections::BTreeMap<String, Option<Vec<String>>> = Default::default();
    let mut made = 0;
    let mut rows = Vec::with_capacity(mapped.rows.len());
    for (line, mut row) in std::mem::take(&mut mapped.rows) {
        let iso = row[0].clone();
        if !sessions.contains_key(&iso) {
            let details = match crate::dates::parse_date(&iso) {
                Some(date) => series_session_cells(tx, actor, &series, date, today, &mut made)?,
                None => None,
            };
            sessions.insert(iso.clone(), details);
        }
        match &sessions[&iso] {
            Some(cells) => row[1..6].clone_from_slice(cells),
            None => mapped.problems.push((
                line,
                crate::dates::parse_date(&iso).map_or(iso.clone(), crate::dates::day_first),
                format!(
                    "{} meets on {}s, and this date is not one: choose another series, or none and name the session",
                    series.details.name,
                    weekday_name(series.details.weekday)
                ),
            )),
        }
        rows.push((line, row));
    }
    mapped.rows = rows;
    Ok((mapped, made))
}

/// The session, start, end, type and venue cells of a register row for the series' session
/// on `date` (made if the series has none that day and the date is on its weekday; `None`
/// off its weekday). A person who may not add sessions is told so by the import's check.
fn series_session_cells(
    tx: &Transaction,
    actor: &Actor,
    series: &crate::sessions::Series,
    date: NaiveDate,
    today: NaiveDate,
    made: &mut u32,
) -> Result<Option<Vec<String>>> {
    let has_session: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM sessions WHERE series_id = ?1 AND date = ?2)",
        rusqlite::params![series.id, date],
        |r| r.get(0),
    )?;
    if !has_session {
        if date.weekday().number_from_monday() != series.details.weekday {
            return Ok(None);
        }
        if super::may(
            tx,
            actor,
            crate::access::Operation::AddSession,
            Target::Nothing,
        )?
        .is_err()
        {
            // The attendance import asks again for the session it cannot find, and says why.
            return Ok(Some(vec![
                series.details.name.clone(),
                series.details.start.to_string(),
                series.details.end.to_string(),
                series.details.session_type.code().to_owned(),
                series.venue_name.clone().unwrap_or_default(),
            ]));
        }
    }
    let (session, created) = crate::sessions::series_session_on(tx, series.id, date, today)?;
    *made += u32::from(created);
    Ok(Some(vec![
        session.details.name,
        session.details.start.to_string(),
        session.details.end.to_string(),
        session.details.session_type.code().to_owned(),
        session.venue_name.unwrap_or_default(),
    ]))
}

fn weekday_name(iso: u32) -> &'static str {
    const NAMES: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    NAMES[(iso.clamp(1, 7) - 1) as usize]
}

/// What an import through a mapping did, or (a dry run) would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MappedImport {
    pub dry_run: bool,
    /// The counts; `None` when the file has problems (nothing would be or was imported).
    pub outcome: Option<ImportOutcome>,
    /// Every problem row (up to the import's limit), by line, the file's column and reason.
    pub problems: Vec<RowError>,
    pub problems_total: u32,
    /// Things worth saying that are not problems (two-digit years read).
    pub notes: Vec<String>,
    /// A young people file: its rows beside the young person each updates (or leaves as they
    /// are), "new", or the one it may be, in the file's order. Every row waiting for the
    /// user's decision ([`RowStatus::Doubtful`]) is here; of the others only the first
    /// [`PEOPLE_LISTED`], so a file of 100,000 rows does not send 100,000 to the window
    /// (`people_not_listed` counts the rest). A row with a problem is in `problems`
    /// instead. Empty for other kinds and when stopped.
    pub people: Vec<RowPerson>,
    /// The rows of a young people file by status, listed in `people` or not.
    pub people_counts: RowCounts,
    /// The rows left out of `people`, by status (never a doubtful one).
    pub people_not_listed: RowCounts,
}

/// How many rows that need no decision (new, updated, unchanged) [`MappedImport::people`]
/// lists: the first, in the file's order. Enough to see that the file is read as meant;
/// the rest are counted.
pub const PEOPLE_LISTED: usize = 200;

/// The rows of a young people file as the preview lists them (see
/// [`MappedImport::people`]): every doubtful row, the first [`PEOPLE_LISTED`] others by
/// line, and the counts. Rows may come in any order.
#[derive(Debug, Default)]
pub(crate) struct PeopleList {
    doubtful: Vec<RowPerson>,
    /// The others kept so far, the latest line on top (the one to drop for an earlier).
    first: std::collections::BinaryHeap<ByLine>,
    counts: RowCounts,
    not_listed: RowCounts,
}

#[derive(Debug)]
struct ByLine(RowPerson);

impl PartialEq for ByLine {
    fn eq(&self, other: &Self) -> bool {
        self.0.line == other.0.line
    }
}
impl Eq for ByLine {}
impl PartialOrd for ByLine {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for ByLine {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.line.cmp(&other.0.line)
    }
}

impl PeopleList {
    pub(crate) fn add(&mut self, row: RowPerson) {
        self.counts.add(row.status);
        if row.status == RowStatus::Doubtful {
            self.doubtful.push(row);
            return;
        }
        self.first.push(ByLine(row));
        if self.first.len() > PEOPLE_LISTED
            && let Some(ByLine(dropped)) = self.first.pop()
        {
            self.not_listed.add(dropped.status);
        }
    }

    /// The rows listed, in the file's order; the counts of all; those of the rows left out.
    pub(crate) fn finish(self) -> (Vec<RowPerson>, RowCounts, RowCounts) {
        let mut people = self.doubtful;
        people.extend(self.first.into_iter().map(|ByLine(row)| row));
        people.sort_by_key(|p| p.line);
        (people, self.counts, self.not_listed)
    }
}

/// The progress of a mapped import, passed on, with each row's young person kept for the
/// preview's list.
struct Listing<'p> {
    progress: &'p dyn Progress,
    people: std::sync::Mutex<PeopleList>,
}

impl Progress for Listing<'_> {
    fn report(&self, done: u64, total: u64) {
        self.progress.report(done, total);
    }
    fn cancelled(&self) -> bool {
        self.progress.cancelled()
    }
    fn row_person(&self, row: RowPerson) {
        self.people
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .add(row);
    }
}

impl Listing<'_> {
    fn people(&self) -> (Vec<RowPerson>, RowCounts, RowCounts) {
        std::mem::take(&mut *self.people.lock().unwrap_or_else(|p| p.into_inner())).finish()
    }
}

/// Imports a file through a mapping, or (with `dry_run`) rehearses it: the same checks and
/// counts, nothing kept. A real import with problems fails whole, as every import does.
pub fn run_mapped(
    store: &mut crate::Store,
    bytes: &[u8],
    mapping: &Mapping,
    dry_run: bool,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<MappedImport> {
    run_mapped_watched(store, bytes, mapping, dry_run, today, now, &Quietly)
}

/// [`run_mapped`], reporting its progress and stopping (nothing saved, the dry run's
/// counts not given) when asked to.
pub fn run_mapped_watched(
    store: &mut crate::Store,
    bytes: &[u8],
    mapping: &Mapping,
    dry_run: bool,
    today: NaiveDate,
    now: DateTime<Utc>,
    progress: &dyn Progress,
) -> Result<MappedImport> {
    let kind = mapping.kind;
    store.begin(kind.operation(), Target::Nothing)?;
    let read = read_file(bytes, mapping.sheet.as_deref())?;
    let mapped = mapping::apply(mapping, &read.table, today)?;
    let notes = mapped.notes.clone();
    let actor = store.actor().clone();
    let listing = Listing {
        progress,
        people: Default::default(),
    };
    // A mapping with a source name is kept (in the same transaction) once it has imported.
    let import = |tx: &Transaction| {
        let outcome = import_mapped(tx, &actor, kind, mapped, today, &listing)?;
        if !dry_run {
            super::saved::save(tx, mapping)?;
        }
        Ok(outcome)
    };
    let result = if dry_run {
        rehearse(store, kind.audit_record(), import)
    } else {
        crate::backup::import_with_backup(
            store,
            now,
            import,
            ImportOutcome::changed_anything,
            (kind.audit_record(), ImportOutcome::described),
        )
    };
    let (outcome, problems, problems_total) = match result {
        Ok(outcome) => (Some(outcome), Vec::new(), 0),
        Err(Error::Import(errors)) if dry_run => (None, errors.rows, errors.total as u32),
        Err(other) => return Err(other),
    };
    let (people, people_counts, people_not_listed) = listing.people();
    Ok(MappedImport {
        dry_run,
        outcome,
        problems,
        problems_total,
        notes,
        people,
        people_counts,
        people_not_listed,
    })
}

/// Runs an import in a transaction that is always rolled back: a dry run sees exactly what
/// the import would do (every check, every count) and keeps nothing.
fn rehearse<T>(
    store: &mut crate::Store,
    table: &str,
    import: impl FnOnce(&Transaction) -> Result<T>,
) -> Result<T> {
    // A rehearsal takes the write lock and writes what it rolls back: it waits for the
    // damage check like any write.
    store.writes_allowed()?;
    store.without_row_audit(|store| {
        let tx = Transaction::new_unchecked(store.conn(), TransactionBehavior::Immediate)?;
        let result = crate::audit::without_row_triggers(&tx, table, || import(&tx));
        tx.rollback()?;
        result
    })
}

/// An attendance file that names young people instead of giving their references (a
/// register, another system's download): each name, with the date of birth where the file
/// has one, is looked up among the young people already on the list, and must find exactly
/// one. Import the young people first.
fn resolve_references(tx: &Transaction, mut mapped: mapping::Mapped) -> Result<mapping::Mapped> {
    let at = |name: &str| mapped.columns.iter().position(|c| c == name);
    if at("ref").is_some() {
        return Ok(mapped);
    }
    let (first, last, full, born) = (
        at("first_name"),
        at("last_name"),
        at("name"),
        at("date_of_birth"),
    );
    if first.is_none() && last.is_none() && full.is_none() {
        return Ok(mapped);
    }
    let who_header = full
        .or(first)
        .or(last)
        .map(|i| mapped.headers[i].clone())
        .unwrap_or_default();
    let mut found: std::collections::HashMap<
        (String, String),
        std::result::Result<String, String>,
    > = Default::default();
    let mut problem_lines = std::collections::HashSet::new();
    for (line, row) in &mut mapped.rows {
        let cell = |i: Option<usize>| i.and_then(|i| row.get(i)).cloned().unwrap_or_default();
        let name = match full {
            Some(_) => cell(full),
            None => format!("{} {}", cell(first), cell(last)),
        };
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let dob = cell(born);
        let key = (crate::young_people::fold(&name), dob.clone());
        if !found.contains_key(&key) {
            let born_on = crate::dates::parse_date(&dob);
            let references = crate::young_people::references_by_full_name(tx, &name, born_on)?;
            let answer = match references.as_slice() {
                [one] => Ok(one.clone()),
                [] if name.is_empty() => Err("the row does not say who it is".to_owned()),
                [] => Err(format!(
                    "no young person on the list is called {name}{}: import the young people first",
                    if dob.is_empty() {
                        String::new()
                    } else {
                        format!(", born {dob}")
                    }
                )),
                many => Err(format!(
                    "{} young people are called {name}: give a date of birth or reference to say which",
                    many.len()
                )),
            };
            found.insert(key.clone(), answer);
        }
        match &found[&key] {
            Ok(reference) => row.push(reference.clone()),
            Err(reason) => {
                row.push(String::new());
                // A register row names its person once, though it is many attendances.
                if problem_lines.insert(*line) {
                    mapped
                        .problems
                        .push((*line, who_header.clone(), reason.clone()));
                }
            }
        }
    }
    mapped.columns.push("ref".to_owned());
    mapped.headers.push("ref".to_owned());
    Ok(mapped)
}

/// The importer of `kind` on the mapped rows; problems are named by the file's headers.
fn import_mapped(
    tx: &Transaction,
    actor: &Actor,
    kind: ImportKind,
    mapped: mapping::Mapped,
    today: NaiveDate,
    progress: &dyn Progress,
) -> Result<ImportOutcome> {
    let rename: Vec<(String, String)> = mapped
        .columns
        .iter()
        .cloned()
        .zip(mapped.headers.iter().cloned())
        .collect();
    let result = match kind {
        ImportKind::YoungPeople => {
            super::Table::from_mapped(mapped, "young people", &["first_name", "last_name"])
                .and_then(|t| super::young_people_table(tx, actor, t, today, progress))
        }
        ImportKind::Attendance => {
            attach_to_series(tx, actor, mapped, today).and_then(|(mapped, sessions_made)| {
                resolve_references(tx, mapped).and_then(|mapped| {
                    super::Table::from_mapped(mapped, "attendance", super::ATTENDANCE_REQUIRED)
                        .and_then(|t| super::attendance_table(tx, actor, t, progress))
                        .map(|mut outcome| {
                            outcome.sessions_added += sessions_made;
                            outcome
                        })
                })
            })
        }
        ImportKind::People => super::Table::from_mapped(mapped, "people", &["name"])
            .and_then(|t| super::people_table(tx, actor, t, progress)),
        ImportKind::Training => {
            super::Table::from_mapped(mapped, "training", &["person", "course", "completed_on"])
                .and_then(|t| super::training_table(tx, actor, t, today, progress))
        }
    };
    result.map_err(|error| match error {
        Error::Import(mut errors) => {
            for row in &mut errors.rows {
                if let Some(column) = &row.column
                    && let Some((_, header)) = rename.iter().find(|(c, _)| c == column)
                {
                    row.column = Some(header.clone());
                }
            }
            errors.rows.sort_by_key(|r| r.line);
            Error::Import(errors)
        }
        other => other,
    })
}
