//! The one door for every file of the club's data that leaves Clubroom.
//!
//! Each kind of export is an [`Export`] with what it needs. Leaving takes two steps, so the
//! window can ask where to save between them:
//!
//! 1. [`prepare`] asks the store whether the signed-in person may (`Store::begin`, before
//!    anything is read), makes the bytes once, and suggests a file name and type;
//! 2. [`save`] writes the file(s) and, in ONE transaction, records an audit entry per file
//!    (who, which operation, what it covers, the file's name and the SHA-256 of its bytes)
//!    and, for a funder return, keeps the return as sent. The bytes are staged beside the
//!    target first: if they cannot be written nothing is recorded; the staged file is
//!    renamed into place as the last step of the transaction, and removed if the commit
//!    fails.
//!
//! Writing to a stream (the CLI's standard output) is an export too, recorded as
//! "standard output".
//!
//! The audit entry's record text is stable and readable (docs/data-protection.md):
//! `kind=<kind code>; <what>=<value>; file=<file name>; sha256=<hex>`.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

use crate::access::{Operation, Target};
use crate::dates::Period;
use crate::error::{Error, Result, invalid};
use crate::partnership::{self, Merge};
use crate::print;
use crate::returns::{self, ReturnRequest, ReturnToKeep, templates};
use crate::store::Store;
use crate::training::{self, MatrixFilter, sha256_hex};
use crate::{audit, files, organisation, rights, sessions, summary};

mod excel;

/// How a funder return (made now or kept as sent) is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnFormat {
    Pdf,
    Csv,
    Json,
    /// An Excel workbook: a cover sheet and a sheet per table (exports/excel.rs).
    Xlsx,
}

impl ReturnFormat {
    /// "pdf", "csv", "json" or "xlsx", as the window and the CLI name them.
    pub fn parse(text: &str) -> Result<ReturnFormat> {
        match text {
            "pdf" => Ok(ReturnFormat::Pdf),
            "csv" => Ok(ReturnFormat::Csv),
            "json" => Ok(ReturnFormat::Json),
            "xlsx" => Ok(ReturnFormat::Xlsx),
            other => invalid(format!(
                "A return can be saved as PDF, CSV, JSON or Excel (xlsx), not “{other}”."
            )),
        }
    }

    fn file_type(self) -> FileType {
        match self {
            ReturnFormat::Pdf => FileType::PDF,
            ReturnFormat::Csv => FileType::CSV,
            ReturnFormat::Json => FileType::JSON,
            ReturnFormat::Xlsx => FileType::XLSX,
        }
    }
}

/// PDF, CSV or Excel, for the training matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatrixFormat {
    Pdf,
    Csv,
    Xlsx,
}

impl MatrixFormat {
    /// "pdf", "csv" or "xlsx", as the window and the CLI name them.
    pub fn parse(text: &str) -> Result<MatrixFormat> {
        match text {
            "pdf" => Ok(MatrixFormat::Pdf),
            "csv" => Ok(MatrixFormat::Csv),
            "xlsx" => Ok(MatrixFormat::Xlsx),
            other => invalid(format!(
                "The training matrix can be saved as PDF, CSV or Excel (xlsx), not “{other}”."
            )),
        }
    }
}

/// CSV or Excel, for a table of rows such as the attendance export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SheetFormat {
    #[default]
    Csv,
    Xlsx,
}

impl SheetFormat {
    /// "csv" or "xlsx", as the window and the CLI name them.
    pub fn parse(text: &str) -> Result<SheetFormat> {
        match text {
            "csv" => Ok(SheetFormat::Csv),
            "xlsx" => Ok(SheetFormat::Xlsx),
            other => invalid(format!(
                "Attendance can be saved as CSV or Excel (xlsx), not “{other}”."
            )),
        }
    }

    fn file_type(self) -> FileType {
        match self {
            SheetFormat::Csv => FileType::CSV,
            SheetFormat::Xlsx => FileType::XLSX,
        }
    }
}

/// Every kind of file of the club's data that can leave, with what it needs.
#[derive(Debug, Clone)]
pub enum Export {
    /// Every present mark in a period, in the format the attendance import reads (as CSV or
    /// an Excel workbook with the same columns).
    Attendance { period: Period, format: SheetFormat },
    /// The de-identified register behind a return: one row per attendance, no names.
    ReturnRegister { request: ReturnRequest },
    /// A funder return made now; unless a draft, kept as sent in the transaction that
    /// writes it.
    Return {
        request: ReturnRequest,
        format: ReturnFormat,
        draft: bool,
    },
    /// A saved return written again, exactly as it was sent.
    SavedReturn { id: i64, format: ReturnFormat },
    /// The paper register of a session (names and medical flags).
    PaperRegister { session: i64 },
    /// The training matrix on a day.
    TrainingMatrix {
        on: NaiveDate,
        filter: MatrixFilter,
        format: MatrixFormat,
    },
    /// Everything held about a young person (subject access), as PDF or JSON.
    SubjectAccess { young_person: i64, json: bool },
    /// The partnership summary's three files, written to a folder.
    Summary { period: Period },
    /// A funder template, as a file to hand to others.
    Template { id: String },
    /// A measure (one version), as a file to hand to others.
    Measure { code: String, version: Option<u32> },
}

/// The kinds of [`Export`], named for the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ExportKind {
    Attendance,
    ReturnRegister,
    Return,
    DraftReturn,
    SavedReturn,
    PaperRegister,
    TrainingMatrix,
    SubjectAccess,
    Summary,
    Template,
    Measure,
}

impl ExportKind {
    /// Every kind: the tests walk each one from both shells.
    pub const ALL: &'static [ExportKind] = &[
        ExportKind::Attendance,
        ExportKind::ReturnRegister,
        ExportKind::Return,
        ExportKind::DraftReturn,
        ExportKind::SavedReturn,
        ExportKind::PaperRegister,
        ExportKind::TrainingMatrix,
        ExportKind::SubjectAccess,
        ExportKind::Summary,
        ExportKind::Template,
        ExportKind::Measure,
    ];

    /// How the audit log names the kind (stable: `kind=` in the record text).
    pub fn code(self) -> &'static str {
        match self {
            ExportKind::Attendance => "attendance-csv",
            ExportKind::ReturnRegister => "de-identified-register",
            ExportKind::Return => "funder-return",
            ExportKind::DraftReturn => "draft-return",
            ExportKind::SavedReturn => "saved-return",
            ExportKind::PaperRegister => "paper-register",
            ExportKind::TrainingMatrix => "training-matrix",
            ExportKind::SubjectAccess => "subject-access",
            ExportKind::Summary => "partnership-summary",
            ExportKind::Template => "template",
            ExportKind::Measure => "measure",
        }
    }
}

impl Export {
    pub fn kind(&self) -> ExportKind {
        match self {
            Export::Attendance { .. } => ExportKind::Attendance,
            Export::ReturnRegister { .. } => ExportKind::ReturnRegister,
            Export::Return { draft: true, .. } => ExportKind::DraftReturn,
            Export::Return { draft: false, .. } => ExportKind::Return,
            Export::SavedReturn { .. } => ExportKind::SavedReturn,
            Export::PaperRegister { .. } => ExportKind::PaperRegister,
            Export::TrainingMatrix { .. } => ExportKind::TrainingMatrix,
            Export::SubjectAccess { .. } => ExportKind::SubjectAccess,
            Export::Summary { .. } => ExportKind::Summary,
            Export::Template { .. } => ExportKind::Template,
            Export::Measure { .. } => ExportKind::Measure,
        }
    }

    /// The operation (and so the permission) this export is, as the window names it.
    pub fn operation(&self) -> Operation {
        match self {
            Export::Attendance { .. } => Operation::ExportAttendance,
            Export::ReturnRegister { .. } => Operation::SaveReturnRegister,
            Export::Return { .. } => Operation::ProduceReturn,
            Export::SavedReturn { .. } => Operation::SaveSavedReturn,
            Export::PaperRegister { .. } => Operation::SavePaperRegister,
            Export::TrainingMatrix { .. } => Operation::SaveTrainingMatrix,
            Export::SubjectAccess { json: false, .. } => Operation::SaveSubjectAccessPdf,
            Export::SubjectAccess { json: true, .. } => Operation::SaveSubjectAccessJson,
            Export::Summary { .. } => Operation::SaveSummary,
            Export::Template { .. } => Operation::ExportTemplate,
            Export::Measure { .. } => Operation::ExportMeasure,
        }
    }

    fn target(&self) -> Target {
        match self {
            Export::PaperRegister { session } => Target::Session(*session),
            _ => Target::Nothing,
        }
    }

    /// What the export covers, for the audit entry: `period=…`, `session=…`, `young_person=…`.
    fn covers(&self) -> String {
        let period = |p: &Period| format!("period={}..{}", p.from, p.to);
        match self {
            Export::Attendance { period: p, .. } | Export::Summary { period: p } => period(p),
            Export::ReturnRegister { request } | Export::Return { request, .. } => format!(
                "template={}; {}",
                request.template_id,
                period(&request.period)
            ),
            Export::SavedReturn { id, .. } => format!("saved_return={id}"),
            Export::PaperRegister { session } => format!("session={session}"),
            Export::TrainingMatrix { on, .. } => format!("on={on}"),
            Export::SubjectAccess { young_person, .. } => format!("young_person={young_person}"),
            Export::Template { id } => format!("template={id}"),
            Export::Measure { code, version } => match version {
                Some(v) => format!("measure={code}; version={v}"),
                None => format!("measure={code}"),
            },
        }
    }
}

/// The kind of file, for a save dialog: a label and the extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct FileType {
    pub label: &'static str,
    pub extension: &'static str,
}

impl FileType {
    pub const PDF: FileType = FileType {
        label: "PDF document",
        extension: "pdf",
    };
    pub const CSV: FileType = FileType {
        label: "Spreadsheet (CSV)",
        extension: "csv",
    };
    pub const XLSX: FileType = FileType {
        label: "Excel workbook",
        extension: "xlsx",
    };
    pub const JSON: FileType = FileType {
        label: "JSON file",
        extension: "json",
    };
    pub const TEMPLATE: FileType = FileType {
        label: "Clubroom template",
        extension: "json",
    };
    pub const MEASURE: FileType = FileType {
        label: "Clubroom measure",
        extension: "json",
    };
    /// The partnership summary is several files written into a folder.
    pub const FOLDER: FileType = FileType {
        label: "Folder",
        extension: "",
    };
}

/// One file made, in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// An export made and not yet saved.
#[derive(Debug, Clone)]
pub struct Prepared {
    export: Export,
    /// One file, or (the partnership summary) several that go into a folder together.
    pub files: Vec<PreparedFile>,
    pub suggested_name: String,
    pub file_type: FileType,
    /// A few words on what was made, for the person ("412 attendances", "Youth Fund
    /// return").
    pub about: String,
    /// What the person should know about it, a sentence each (what was withheld).
    pub notes: Vec<String>,
    keep: Option<ReturnToKeep>,
}

impl Prepared {
    pub fn kind(&self) -> ExportKind {
        self.export.kind()
    }

    /// The one file's bytes (the first, for a folder of files).
    pub fn bytes(&self) -> &[u8] {
        self.files
            .first()
            .map(|f| f.bytes.as_slice())
            .unwrap_or(&[])
    }
}

/// Where the export goes.
pub enum To<'a> {
    /// A file (its folder must exist).
    File(&'a Path),
    /// A folder the files go into under their own names (the partnership summary).
    Folder(&'a Path),
    /// A stream such as standard output, with how to name it in the audit log.
    Stream {
        name: &'a str,
        writer: &'a mut dyn Write,
    },
}

/// What was saved, and where.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Saved {
    /// Each file written (its path, or the stream's name) with its SHA-256.
    pub files: Vec<SavedFile>,
    /// The saved return's id, when a funder return was kept as sent.
    pub saved_return: Option<i64>,
    pub about: String,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SavedFile {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

/// Step one: checks the signed-in person may (before reading anything), then makes the
/// bytes once.
pub fn prepare(
    store: &mut Store,
    export: Export,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Prepared> {
    store.begin(export.operation(), export.target())?;
    let conn = store.conn();
    let mut keep = None;
    let mut notes = Vec::new();
    let (files, file_type, about) = match &export {
        Export::Attendance { period, format } => {
            let rows = crate::export::attendance_rows(conn, *period)?;
            let bytes = match format {
                SheetFormat::Csv => {
                    let mut bytes = Vec::new();
                    crate::export::write_attendance_csv(&rows, &mut bytes)?;
                    bytes
                }
                SheetFormat::Xlsx => excel::attendance_workbook(&rows)?,
            };
            let file_type = format.file_type();
            let name = format!(
                "attendance-{}-to-{}.{}",
                period.from, period.to, file_type.extension
            );
            let about = count(rows.len() as u64, "attendance");
            (one(name, bytes), file_type, about)
        }
        Export::ReturnRegister { request } => {
            let template = templates::get(conn, &request.template_id)?;
            let mut bytes = Vec::new();
            let rows = returns::write_register_csv(
                conn,
                request,
                &template.age_bands(),
                today,
                &mut bytes,
            )?;
            let name = format!(
                "register-{}-to-{}.csv",
                request.period.from, request.period.to
            );
            let about = format!("{}, without names", count(rows as u64, "attendance"));
            (one(name, bytes), FileType::CSV, about)
        }
        Export::Return {
            request,
            format,
            draft,
        } => {
            // Counted once: the same return names the file, makes the bytes and is kept.
            let made = returns::make_to_keep(conn, request, today)?;
            let logo = organisation::logo(conn)?;
            let bytes = return_bytes(
                &made.report,
                &made.fingerprint,
                logo.as_deref(),
                *format,
                today,
                now,
            )?;
            let name = print::funder_return::file_name(&made.report, format.file_type().extension);
            let about = made.report.template.name.clone();
            if !draft {
                keep = Some(made);
            }
            (one(name, bytes), format.file_type(), about)
        }
        Export::SavedReturn { id, format } => {
            let saved = returns::saved(conn, *id)?;
            let logo = organisation::logo(conn)?;
            let bytes = return_bytes(
                &saved.report,
                &saved.fingerprint,
                logo.as_deref(),
                *format,
                saved.produced_on,
                now,
            )?;
            let name = print::funder_return::file_name(&saved.report, format.file_type().extension);
            let about = format!("saved return {id}, as sent on {}", saved.produced_on);
            (one(name, bytes), format.file_type(), about)
        }
        Export::PaperRegister { session } => {
            let found = sessions::get(conn, *session)?;
            let bytes = print::paper_register::pdf(conn, *session, today, now)?;
            let name = print::paper_register::file_name(&found);
            (
                one(name, bytes),
                FileType::PDF,
                "the paper register".to_owned(),
            )
        }
        Export::TrainingMatrix { on, filter, format } => {
            let matrix = training::matrix(conn, *on, filter)?;
            let (bytes, file_type) = match format {
                MatrixFormat::Pdf => {
                    let club = organisation::require(conn)?;
                    let bytes = print::training_matrix::pdf(&matrix, &club.name, now)?;
                    (bytes, FileType::PDF)
                }
                MatrixFormat::Csv => (training::matrix_csv(&matrix)?, FileType::CSV),
                MatrixFormat::Xlsx => {
                    let club = organisation::require(conn)?;
                    (excel::matrix_workbook(&matrix, &club.name)?, FileType::XLSX)
                }
            };
            let name = format!("training-matrix-{on}.{}", file_type.extension);
            (
                one(name, bytes),
                file_type,
                "the training matrix".to_owned(),
            )
        }
        Export::SubjectAccess { young_person, json } => {
            let access = rights::gather(conn, store.actor(), *young_person, today)?;
            let bytes = if *json {
                access.to_json()?.into_bytes()
            } else {
                print::subject_access::pdf(&access, now)?
            };
            let name = rights::access_file_name(&access.details.reference, *json);
            let file_type = if *json { FileType::JSON } else { FileType::PDF };
            let about = format!(
                "everything held about {} ({}, {} in the incident log)",
                access.name(),
                count(access.attendances.len() as u64, "attendance"),
                count(access.incidents.len() as u64, "concern")
            );
            (one(name, bytes), file_type, about)
        }
        Export::Summary { period } => {
            let made = summary::build(conn, *period, today)?;
            let files = made
                .files(now)?
                .into_iter()
                .map(|f| PreparedFile {
                    name: f.name,
                    bytes: f.bytes,
                })
                .collect();
            let about = format!(
                "the partnership summary of {} ({}), {} to {}",
                made.org_name, made.org_code, made.period.from, made.period.to
            );
            let withheld = made.rows.iter().filter(|r| r.suppressed).count();
            notes.push(match withheld {
                0 => "No figure needed withholding.".to_owned(),
                1 => "1 figure is withheld so that nobody can be identified.".to_owned(),
                n => format!("{n} figures are withheld so that nobody can be identified."),
            });
            notes
                .push("No names, dates of birth, full postcodes or notes are included.".to_owned());
            (files, FileType::FOLDER, about)
        }
        Export::Template { id } => {
            let template = templates::get(conn, id)?;
            let name = format!("{}.clubroom-template.json", template.id);
            let about = format!("the template “{}”", template.name);
            (
                one(name, template.to_json().into_bytes()),
                FileType::TEMPLATE,
                about,
            )
        }
        Export::Measure { code, version } => {
            let measure = crate::measures::get(conn, code, *version)?;
            let name = format!(
                "{}-v{}.clubroom-measure.json",
                measure.code, measure.version
            );
            let about = format!(
                "the measure “{}” (version {})",
                measure.name, measure.version
            );
            (
                one(name, measure.to_json().into_bytes()),
                FileType::MEASURE,
                about,
            )
        }
    };
    let suggested_name = files.first().map(|f| f.name.clone()).unwrap_or_default();
    Ok(Prepared {
        export,
        files,
        suggested_name,
        file_type,
        about,
        notes,
        keep,
    })
}

fn one(name: String, bytes: Vec<u8>) -> Vec<PreparedFile> {
    vec![PreparedFile { name, bytes }]
}

fn count(n: u64, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn return_bytes(
    report: &returns::Return,
    fingerprint: &str,
    logo: Option<&[u8]>,
    format: ReturnFormat,
    produced_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<u8>> {
    match format {
        ReturnFormat::Pdf => print::funder_return::pdf(report, logo, produced_on, now),
        ReturnFormat::Csv => Ok(report.csv_text()?.into_bytes()),
        ReturnFormat::Json => Ok(report.to_json().into_bytes()),
        ReturnFormat::Xlsx => excel::return_workbook(report, fingerprint, produced_on),
    }
}

/// Step two: writes the prepared file(s) to `to` and, in one transaction, records each in
/// the audit log (and keeps a funder return as sent). Nothing is recorded if a file cannot
/// be written; no file is left in place if the transaction fails.
pub fn save(store: &mut Store, prepared: Prepared, to: To<'_>, today: NaiveDate) -> Result<Saved> {
    // Asked again: the person may have been locked out, or the app locked, while a dialog
    // was open.
    store.begin(prepared.export.operation(), prepared.export.target())?;
    let targets = targets(&prepared, &to)?;
    let actor = store.actor().clone();
    let operation = prepared.export.operation();
    let record_of = |name: &str, bytes: &[u8]| {
        format!(
            "kind={}; {}; file={name}; sha256={}",
            prepared.kind().code(),
            prepared.export.covers(),
            sha256_hex(bytes)
        )
    };
    let saved_files: Vec<SavedFile> = prepared
        .files
        .iter()
        .zip(&targets)
        .map(|(file, target)| SavedFile {
            path: target.clone(),
            bytes: file.bytes.len() as u64,
            sha256: sha256_hex(&file.bytes),
        })
        .collect();
    match to {
        To::Stream { name, writer } => {
            let saved_return = store.write(|tx| {
                let kept = keep_return(tx, &prepared, today)?;
                for file in &prepared.files {
                    audit::record(tx, &actor, operation.label(), &record_of(name, &file.bytes))?;
                    writer
                        .write_all(&file.bytes)
                        .and_then(|()| writer.flush())
                        .map_err(|e| Error::file(format!("Could not write to {name}"), e))?;
                }
                Ok(kept)
            })?;
            Ok(Saved {
                files: saved_files,
                saved_return,
                about: prepared.about.clone(),
                notes: prepared.notes.clone(),
            })
        }
        To::File(_) | To::Folder(_) => {
            // Written whole beside each target before anything is recorded.
            let staged = prepared
                .files
                .iter()
                .zip(&targets)
                .map(|(file, target)| files::stage(Path::new(target), &file.bytes))
                .collect::<Result<Vec<_>>>()?;
            let placed: Vec<PathBuf> = staged.iter().map(|s| s.path().to_path_buf()).collect();
            let outcome = store.write(|tx| {
                let kept = keep_return(tx, &prepared, today)?;
                for (file, target) in prepared.files.iter().zip(&targets) {
                    audit::record(
                        tx,
                        &actor,
                        operation.label(),
                        &record_of(target, &file.bytes),
                    )?;
                }
                // The last step before the commit: a failure here rolls the records back.
                for file in staged {
                    file.put_in_place()?;
                }
                Ok(kept)
            });
            match outcome {
                Ok(saved_return) => Ok(Saved {
                    files: saved_files,
                    saved_return,
                    about: prepared.about.clone(),
                    notes: prepared.notes.clone(),
                }),
                Err(error) => {
                    // The commit itself may have failed after the files were put in place:
                    // a file whose export is not recorded must not stay.
                    if matches!(error, Error::Database(_) | Error::Busy) {
                        for path in placed {
                            let _ = std::fs::remove_file(path);
                        }
                    }
                    Err(error)
                }
            }
        }
    }
}

/// Where each prepared file goes, as its audit entry names it.
fn targets(prepared: &Prepared, to: &To<'_>) -> Result<Vec<String>> {
    match to {
        To::Stream { name, .. } => Ok(vec![(*name).to_owned(); prepared.files.len()]),
        To::File(path) => {
            if prepared.files.len() != 1 {
                return invalid(format!(
                    "{} is several files: choose a folder for them, not a file.",
                    capitalised(&prepared.about)
                ));
            }
            Ok(vec![path.display().to_string()])
        }
        To::Folder(folder) => {
            if !folder.is_dir() {
                return Err(Error::NotFound(format!(
                    "There is no folder {}: choose a folder that exists.",
                    folder.display()
                )));
            }
            Ok(prepared
                .files
                .iter()
                .map(|f| folder.join(&f.name).display().to_string())
                .collect())
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn keep_return(
    tx: &rusqlite::Transaction,
    prepared: &Prepared,
    today: NaiveDate,
) -> Result<Option<i64>> {
    match (&prepared.export, &prepared.keep) {
        (Export::Return { request, .. }, Some(made)) => {
            Ok(Some(returns::keep(tx, request, made, today)?.id))
        }
        _ => Ok(None),
    }
}

/// Prepares and saves in one go, for a shell that knows where the file goes already (the
/// CLI).
pub fn export(
    store: &mut Store,
    export: Export,
    to: To<'_>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Saved> {
    let prepared = prepare(store, export, today, now)?;
    save(store, prepared, to, today)
}

/// The partnership's merged report written into a folder (the totals CSV, the members CSV
/// and the A4 report). It is not an export of a club's data: it is made on the partnership's
/// side from members' summaries that are already anonymised, with no club file open, so
/// there is no club audit log to record it in.
pub fn partnership_outputs(
    merge: &Merge,
    out: &Path,
    produced_at: DateTime<Utc>,
) -> Result<Vec<summary::WrittenFile>> {
    if !out.is_dir() {
        return Err(Error::NotFound(format!(
            "There is no folder {}: choose a folder that exists.",
            out.display()
        )));
    }
    let files = [
        (partnership::TOTALS_FILE, partnership::totals_csv(merge)?),
        (partnership::MEMBERS_FILE, partnership::members_csv(merge)?),
        (
            partnership::REPORT_FILE,
            print::partnership_report::pdf(merge, produced_at)?,
        ),
    ];
    files
        .into_iter()
        .map(|(name, bytes)| {
            let path: PathBuf = out.join(name);
            files::write_atomically(&path, &bytes)?;
            Ok(summary::WrittenFile {
                name: name.to_owned(),
                path,
                bytes: bytes.len() as u64,
                sha256: sha256_hex(&bytes),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod excel_tests;
