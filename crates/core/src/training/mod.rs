//! Training: the course catalogue (with each course's validity, the club's policy), the
//! records people log, which courses each role needs, and where everyone stands on any day.
//!
//! The rule (DESIGN.md, "Training validity"): a course done on C with a validity of N months
//! expires on E = C + N calendar months, the day clamped to the month's end. On a day D it is
//! `expired` if D >= E, `expiring` if D >= E minus the warning window, else `valid`; a
//! required course with no record is `missing`; a course with no validity never expires.
//! A DBS check on the Update Service is kept current online and does not expire here.
//!
//! Status on a day uses only records completed by that day, so a past session's warnings
//! do not change when a certificate is renewed later.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{Days, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::dates::{add_months_clamped, day_first, now_utc_text};
use crate::error::{Error, Result, invalid};
use crate::files::csv_text_cell;
use crate::people::{self, Person};
use crate::store::{OptionalRow, Store, tidy};
use crate::vault::Attachments;
use crate::vocab::{CourseKind, DbsLevel, StaffRole, TrainingStatus};

/// The reminders the home screen and `training due` give before something expires.
pub const REMINDER_DAYS: [i64; 3] = [60, 30, 7];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CourseInput {
    pub name: String,
    pub kind: CourseKind,
    /// Months a completion stays valid; `None` never expires.
    pub validity_months: Option<u32>,
    /// A lower level this course also counts as (safeguarding level 2 covers level 1).
    pub covers_course_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Course {
    pub id: i64,
    #[serde(flatten)]
    pub details: CourseInput,
    pub archived: bool,
    /// The roles that need this course.
    pub required_for: Vec<StaffRole>,
}

/// The club's staffing and training policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Policy {
    /// Fewer adults than this at a session is always a warning.
    pub minimum_adults: u32,
    /// How long before expiry a course counts as `expiring`.
    pub expiry_warning_days: u32,
}

pub fn policy(conn: &Connection) -> Result<Policy> {
    Ok(conn.query_row(
        "SELECT minimum_adults, expiry_warning_days FROM staffing_policy WHERE id = 1",
        [],
        |r| {
            Ok(Policy {
                minimum_adults: r.get(0)?,
                expiry_warning_days: r.get(1)?,
            })
        },
    )?)
}

pub fn set_policy(tx: &Transaction, policy: &Policy) -> Result<Policy> {
    if !(1..=10).contains(&policy.minimum_adults) {
        return invalid("The minimum number of adults at a session should be between 1 and 10.");
    }
    if policy.expiry_warning_days > 365 {
        return invalid("Warn about expiring training up to 365 days ahead at most.");
    }
    tx.execute(
        "UPDATE staffing_policy SET minimum_adults = ?1, expiry_warning_days = ?2 WHERE id = 1",
        params![policy.minimum_adults, policy.expiry_warning_days],
    )?;
    self::policy(tx)
}

// ---- the catalogue ----

fn course_from_row(row: &Row) -> rusqlite::Result<Course> {
    Ok(Course {
        id: row.get(0)?,
        details: CourseInput {
            name: row.get(1)?,
            kind: row.get(2)?,
            validity_months: row.get(3)?,
            covers_course_id: row.get(5)?,
        },
        archived: row.get(4)?,
        required_for: Vec::new(),
    })
}

/// Every course, in catalogue order, with the roles that need it.
pub fn courses(conn: &Connection) -> Result<Vec<Course>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, kind, validity_months, archived, covers_course_id FROM courses ORDER BY archived, position, name",
    )?;
    let mut courses: Vec<Course> = stmt
        .query_map([], course_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let requirements = requirements(conn)?;
    for course in &mut courses {
        course.required_for = requirements
            .iter()
            .filter(|(_, c)| *c == course.id)
            .map(|(role, _)| *role)
            .collect();
        course.required_for.sort();
    }
    Ok(courses)
}

pub fn course(conn: &Connection, id: i64) -> Result<Course> {
    courses(conn)?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or_else(|| Error::NotFound("That course is not in the catalogue.".into()))
}

/// A course by its catalogue name (case-insensitive).
pub fn course_by_name(conn: &Connection, name: &str) -> Result<Course> {
    let id: Option<i64> = conn
        .query_row(
            "SELECT id FROM courses WHERE name = ?1",
            [name.trim()],
            |r| r.get(0),
        )
        .optional()?;
    match id {
        Some(id) => course(conn, id),
        None => Err(Error::NotFound(format!(
            "“{}” is not a course in the catalogue.",
            name.trim()
        ))),
    }
}

fn check_course(conn: &Connection, input: &CourseInput, id: Option<i64>) -> Result<CourseInput> {
    let name = input.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return invalid("Give the course a name.");
    }
    if input.validity_months.is_some_and(|m| m == 0 || m > 240) {
        return invalid("A course's validity should be between 1 and 240 months, or none.");
    }
    let clash: Option<i64> = conn
        .query_row(
            "SELECT id FROM courses WHERE name = ?1 AND id IS NOT ?2",
            params![name, id],
            |r| r.get(0),
        )
        .optional()?;
    if clash.is_some() {
        return invalid(format!("There is already a course called “{name}”."));
    }
    if let Some(covered) = input.covers_course_id {
        // Walking down from the covered course must never come back to this one.
        let mut next = Some(covered);
        let mut steps = 0;
        while let Some(current) = next {
            if Some(current) == id || steps > 50 {
                return invalid("A course can't cover itself, directly or through another course.");
            }
            next = conn
                .query_row(
                    "SELECT covers_course_id FROM courses WHERE id = ?1",
                    [current],
                    |r| r.get(0),
                )
                .or_not_found(|| "The course it covers is not in the catalogue.".into())?;
            steps += 1;
        }
    }
    Ok(CourseInput {
        name,
        ..input.clone()
    })
}

pub fn add_course(tx: &Transaction, input: &CourseInput) -> Result<Course> {
    let input = check_course(tx, input, None)?;
    tx.execute(
        "INSERT INTO courses (name, kind, validity_months, covers_course_id, position)
         VALUES (?1, ?2, ?3, ?4, (SELECT COALESCE(MAX(position), 0) + 1 FROM courses))",
        params![
            input.name,
            input.kind,
            input.validity_months,
            input.covers_course_id
        ],
    )?;
    course(tx, tx.last_insert_rowid())
}

/// Changes a course. A new validity applies to every record, past ones included: expiry is
/// always derived, never stored.
pub fn update_course(tx: &Transaction, id: i64, input: &CourseInput) -> Result<Course> {
    course(tx, id)?;
    let input = check_course(tx, input, Some(id))?;
    tx.execute(
        "UPDATE courses SET name = ?2, kind = ?3, validity_months = ?4, covers_course_id = ?5 WHERE id = ?1",
        params![id, input.name, input.kind, input.validity_months, input.covers_course_id],
    )?;
    course(tx, id)
}

pub fn set_course_archived(tx: &Transaction, id: i64, archived: bool) -> Result<Course> {
    course(tx, id)?;
    tx.execute(
        "UPDATE courses SET archived = ?2 WHERE id = ?1",
        params![id, archived],
    )?;
    if archived {
        tx.execute("DELETE FROM role_requirements WHERE course_id = ?1", [id])?;
    }
    course(tx, id)
}

fn requirements(conn: &Connection) -> Result<Vec<(StaffRole, i64)>> {
    let mut stmt = conn.prepare_cached("SELECT role, course_id FROM role_requirements")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Makes a course required (or not) for a role.
pub fn set_requirement(
    tx: &Transaction,
    role: StaffRole,
    course_id: i64,
    required: bool,
) -> Result<Course> {
    let course = course(tx, course_id)?;
    if required && course.archived {
        return invalid(format!(
            "“{}” is no longer in use, so no role can need it.",
            course.details.name
        ));
    }
    if required {
        tx.execute(
            "INSERT OR IGNORE INTO role_requirements (role, course_id) VALUES (?1, ?2)",
            params![role, course_id],
        )?;
    } else {
        tx.execute(
            "DELETE FROM role_requirements WHERE role = ?1 AND course_id = ?2",
            params![role, course_id],
        )?;
    }
    self::course(tx, course_id)
}

// ---- records ----

/// What the "log training" form sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecordInput {
    pub person_id: i64,
    pub course_id: i64,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub completed_on: NaiveDate,
    pub provider: Option<String>,
    pub certificate_number: Option<String>,
    /// DBS checks only.
    pub dbs_level: Option<DbsLevel>,
    /// DBS checks only: whether the certificate is on the DBS Update Service.
    pub dbs_update_service: Option<bool>,
}

/// Whether a kept certificate file is still the one that was attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum CertificateCheck {
    Ok,
    /// The file is no longer in the attachments folder.
    Missing,
    /// The file is there but its SHA-256 differs: it was changed or damaged.
    Altered,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Certificate {
    /// The file's name in the club's attachments folder.
    pub file_name: String,
    pub sha256: String,
    pub check: CertificateCheck,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrainingRecord {
    pub id: i64,
    #[serde(flatten)]
    pub details: RecordInput,
    pub person_name: String,
    pub course_name: String,
    pub course_kind: CourseKind,
    /// Derived from the completion date and the course's validity; never typed.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub expires_on: Option<NaiveDate>,
    /// Where this record stands today.
    pub status: TrainingStatus,
    pub certificate: Option<Certificate>,
    pub confirmed_by: Option<String>,
    pub confirmed_at: Option<String>,
}

/// The expiry of a completion: `months` calendar months on, the day clamped to the month's
/// end; `None` when the course never expires or a DBS check is on the Update Service.
pub fn expires_on(
    completed_on: NaiveDate,
    validity_months: Option<u32>,
    on_update_service: bool,
) -> Option<NaiveDate> {
    if on_update_service {
        return None;
    }
    validity_months.map(|months| add_months_clamped(completed_on, months))
}

/// Where a completion with this expiry stands on `day`.
pub fn status_on(expires: Option<NaiveDate>, day: NaiveDate, warning_days: u32) -> TrainingStatus {
    match expires {
        None => TrainingStatus::Valid,
        Some(expiry) if day >= expiry => TrainingStatus::Expired,
        Some(expiry) if day + Days::new(u64::from(warning_days)) >= expiry => {
            TrainingStatus::Expiring
        }
        Some(_) => TrainingStatus::Valid,
    }
}

const RECORD_COLUMNS: &str = "r.id, r.person_id, r.course_id, r.completed_on, r.provider, r.certificate_number,
     r.dbs_level, r.dbs_update_service, p.name, c.name, c.kind, c.validity_months, r.certificate_file,
     r.certificate_sha256, r.confirmed_by, r.confirmed_at";

struct RecordRow {
    record: TrainingRecord,
    validity: Option<u32>,
    file: Option<(String, String)>,
}

fn record_from_row(row: &Row) -> rusqlite::Result<RecordRow> {
    let file: Option<String> = row.get(12)?;
    let sha: Option<String> = row.get(13)?;
    Ok(RecordRow {
        record: TrainingRecord {
            id: row.get(0)?,
            details: RecordInput {
                person_id: row.get(1)?,
                course_id: row.get(2)?,
                completed_on: row.get(3)?,
                provider: row.get(4)?,
                certificate_number: row.get(5)?,
                dbs_level: row.get(6)?,
                dbs_update_service: row.get(7)?,
            },
            person_name: row.get(8)?,
            course_name: row.get(9)?,
            course_kind: row.get(10)?,
            expires_on: None,
            status: TrainingStatus::Valid,
            certificate: None,
            confirmed_by: row.get(14)?,
            confirmed_at: row.get(15)?,
        },
        validity: row.get(11)?,
        file: file.zip(sha),
    })
}

fn finish(
    row: RecordRow,
    today: NaiveDate,
    warning_days: u32,
    attachments: Option<&Attachments>,
) -> TrainingRecord {
    let mut record = row.record;
    let on_update_service = record.details.dbs_update_service == Some(true);
    record.expires_on = expires_on(record.details.completed_on, row.validity, on_update_service);
    record.status = status_on(record.expires_on, today, warning_days);
    record.certificate = row.file.map(|(file_name, sha256)| {
        let check = check_certificate(attachments, &file_name, &sha256);
        Certificate {
            file_name,
            sha256,
            check,
        }
    });
    record
}

/// One record, as it stands today.
pub fn record(
    conn: &Connection,
    id: i64,
    today: NaiveDate,
    attachments: Option<&Attachments>,
) -> Result<TrainingRecord> {
    let row = conn
        .query_row(
            &format!(
                "SELECT {RECORD_COLUMNS} FROM training_records r JOIN people p ON p.id = r.person_id
                 JOIN courses c ON c.id = r.course_id WHERE r.id = ?1"
            ),
            [id],
            record_from_row,
        )
        .or_not_found(|| "That training record no longer exists.".into())?;
    Ok(finish(
        row,
        today,
        policy(conn)?.expiry_warning_days,
        attachments,
    ))
}

/// A person's records, newest first.
pub fn records_of(
    conn: &Connection,
    person_id: i64,
    today: NaiveDate,
    attachments: Option<&Attachments>,
) -> Result<Vec<TrainingRecord>> {
    people::get(conn, person_id)?;
    let warning_days = policy(conn)?.expiry_warning_days;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {RECORD_COLUMNS} FROM training_records r JOIN people p ON p.id = r.person_id
         JOIN courses c ON c.id = r.course_id WHERE r.person_id = ?1 ORDER BY r.completed_on DESC, c.position"
    ))?;
    let rows = stmt
        .query_map([person_id], record_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .map(|row| finish(row, today, warning_days, attachments))
        .collect())
}

fn check_record(
    conn: &Connection,
    input: &RecordInput,
    today: NaiveDate,
) -> Result<(RecordInput, Course)> {
    people::get(conn, input.person_id)?;
    let course = course(conn, input.course_id)?;
    if input.completed_on > today {
        return invalid(format!(
            "The completion date {} is in the future.",
            day_first(input.completed_on)
        ));
    }
    let mut input = RecordInput {
        provider: tidy(input.provider.as_deref()),
        certificate_number: tidy(input.certificate_number.as_deref()),
        ..input.clone()
    };
    input = with_usual_dbs_details(input, course.details.kind);
    if course.details.kind == CourseKind::Dbs {
        let number = input.certificate_number.as_deref().unwrap_or("");
        let digits: String = number.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() != 12 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return invalid(
                "A DBS certificate number is the 12 digits printed on the certificate.",
            );
        }
        input.certificate_number = Some(digits);
    } else if input.dbs_level.is_some() || input.dbs_update_service.is_some() {
        return invalid(format!(
            "“{}” is not a DBS check, so it has no DBS level or Update Service.",
            course.details.name
        ));
    }
    Ok((input, course))
}

/// A DBS check given without its level is the usual Enhanced check, and one not said to be
/// on the Update Service is not on it: one rule for the window, the CLI and imports (a
/// course that is not a DBS check is left as given, for `check_record` to refuse).
pub(crate) fn with_usual_dbs_details(input: RecordInput, kind: CourseKind) -> RecordInput {
    if kind != CourseKind::Dbs {
        return input;
    }
    RecordInput {
        dbs_level: input.dbs_level.or(Some(DbsLevel::Enhanced)),
        dbs_update_service: input.dbs_update_service.or(Some(false)),
        ..input
    }
}

/// Logs a completed course. It starts unconfirmed until a manager confirms it.
pub fn log(tx: &Transaction, input: &RecordInput, today: NaiveDate) -> Result<TrainingRecord> {
    let (input, _) = check_record(tx, input, today)?;
    let now = now_utc_text();
    tx.execute(
        "INSERT INTO training_records (person_id, course_id, completed_on, provider, certificate_number, dbs_level,
                                       dbs_update_service, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![
            input.person_id,
            input.course_id,
            input.completed_on,
            input.provider,
            input.certificate_number,
            input.dbs_level,
            input.dbs_update_service,
            now
        ],
    )?;
    record(tx, tx.last_insert_rowid(), today, None)
}

/// Corrects a record. A corrected record needs confirming again.
pub fn update_record(
    tx: &Transaction,
    id: i64,
    input: &RecordInput,
    today: NaiveDate,
) -> Result<TrainingRecord> {
    record(tx, id, today, None)?;
    let (input, _) = check_record(tx, input, today)?;
    tx.execute(
        "UPDATE training_records SET person_id = ?2, course_id = ?3, completed_on = ?4, provider = ?5,
             certificate_number = ?6, dbs_level = ?7, dbs_update_service = ?8, confirmed_by = NULL,
             confirmed_at = NULL, updated_at = ?9
         WHERE id = ?1",
        params![
            id,
            input.person_id,
            input.course_id,
            input.completed_on,
            input.provider,
            input.certificate_number,
            input.dbs_level,
            input.dbs_update_service,
            now_utc_text()
        ],
    )?;
    record(tx, id, today, None)
}

/// Removes a record logged by mistake (its certificate file stays until tidied).
pub fn delete_record(tx: &Transaction, id: i64) -> Result<()> {
    let removed = tx.execute("DELETE FROM training_records WHERE id = ?1", [id])?;
    if removed == 0 {
        return Err(Error::NotFound(
            "That training record no longer exists.".into(),
        ));
    }
    Ok(())
}

/// A manager confirms they have seen the evidence.
pub fn confirm(
    tx: &Transaction,
    id: i64,
    confirmed_by: &str,
    today: NaiveDate,
) -> Result<TrainingRecord> {
    let by = confirmed_by.trim();
    if by.is_empty() {
        return invalid("Say who is confirming this record.");
    }
    record(tx, id, today, None)?;
    tx.execute(
        "UPDATE training_records SET confirmed_by = ?2, confirmed_at = ?3 WHERE id = ?1",
        params![id, by, now_utc_text()],
    )?;
    record(tx, id, today, None)
}

/// The SHA-256 of some bytes, as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The largest certificate file kept (a phone photo or a scanned PDF is well under this).
pub const MAX_CERTIFICATE_BYTES: u64 = 20 * 1024 * 1024;

/// The kinds of file a certificate may be kept as, by the ending of its name (the window's
/// file dialog offers these).
pub const CERTIFICATE_KINDS: [&str; 8] =
    ["pdf", "png", "jpg", "jpeg", "heic", "webp", "tif", "tiff"];

/// A certificate file someone chose to keep with a training record: checked (size, kind)
/// and digested before anything is written, whichever shell it came through.
#[derive(Debug, Clone)]
pub struct CertificateFile {
    bytes: Vec<u8>,
    extension: String,
    sha256: String,
}

impl CertificateFile {
    /// Reads the file at `path`, refusing one too large before reading it.
    pub fn read(path: &Path) -> Result<CertificateFile> {
        let size = std::fs::metadata(path)
            .map_err(|e| Error::file(format!("Could not read {}", path.display()), e))?
            .len();
        check_certificate_size(size)?;
        let bytes = std::fs::read(path)
            .map_err(|e| Error::file(format!("Could not read {}", path.display()), e))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        CertificateFile::from_bytes(&name, bytes)
    }

    /// A certificate from its bytes and the name it had (whose ending says its kind).
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<CertificateFile> {
        check_certificate_size(bytes.len() as u64)?;
        let extension = Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .filter(|e| CERTIFICATE_KINDS.contains(&e.as_str()));
        let Some(extension) = extension else {
            return invalid(
                "Attach the certificate as a PDF or a photo (PDF, PNG, JPG, HEIC, WEBP or TIFF).",
            );
        };
        // The SHA-256 is of the certificate itself (not of the sealed file), so the check
        // of a kept file still proves it is the one attached, whether or not the club is
        // encrypted.
        let sha256 = sha256_hex(&bytes);
        Ok(CertificateFile {
            bytes,
            extension,
            sha256,
        })
    }

    /// The name it is kept under in the attachments folder: its SHA-256 and its kind.
    pub fn kept_name(&self) -> String {
        format!("{}.{}", self.sha256, self.extension)
    }
}

fn check_certificate_size(size: u64) -> Result<()> {
    if size > MAX_CERTIFICATE_BYTES {
        return invalid(format!(
            "That file is {} MB; certificates up to 20 MB can be kept.",
            size / (1024 * 1024)
        ));
    }
    Ok(())
}

/// Keeps a copy of a certificate (a scan or PDF) in the club's attachments folder, named by
/// its SHA-256, and links it to the record. Refused for DBS checks.
pub fn attach_certificate(
    tx: &Transaction,
    id: i64,
    source: &Path,
    attachments: Option<&Attachments>,
    today: NaiveDate,
) -> Result<TrainingRecord> {
    let current = record(tx, id, today, attachments)?;
    refuse_dbs_copies(&current)?;
    let Some(kept) = attachments else {
        return invalid("This club file has no attachments folder (it is not saved on disk).");
    };
    let file = CertificateFile::read(source)?;
    keep_certificate(tx, id, &file, kept, today)
}

/// DBS results are never kept as a copy: said before the file is even read.
fn refuse_dbs_copies(record: &TrainingRecord) -> Result<()> {
    if record.course_kind == CourseKind::Dbs {
        return invalid(
            "DBS results are criminal-offence data: Clubroom keeps only the level, certificate number, issue date \
             and Update Service status, never a copy of the certificate.",
        );
    }
    Ok(())
}

/// Writes a checked certificate into the attachments folder (once per content) and links it.
fn keep_certificate(
    tx: &Transaction,
    id: i64,
    file: &CertificateFile,
    kept: &Attachments,
    today: NaiveDate,
) -> Result<TrainingRecord> {
    let file_name = file.kept_name();
    if !kept.exists(&file_name) {
        kept.write(&file_name, &file.bytes)?;
    }
    tx.execute(
        "UPDATE training_records SET certificate_file = ?2, certificate_sha256 = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, file_name, file.sha256, now_utc_text()],
    )?;
    record(tx, id, today, Some(kept))
}

/// The one way both shells keep a chosen certificate with a record: the club's attachments
/// folder (sealed with the data key when the club is encrypted), the checks, and the link
/// in one transaction. The caller has asked `Store::begin` first.
pub fn attach_chosen_certificate(
    store: &mut Store,
    id: i64,
    source: &Path,
    today: NaiveDate,
) -> Result<TrainingRecord> {
    let attachments = Attachments::of(store);
    store.write(|tx| attach_certificate(tx, id, source, attachments.as_ref(), today))
}

/// Logs a record and, when one was chosen, keeps its certificate: one action, so a
/// certificate that is refused leaves no record behind (the CLI's `training log
/// --certificate`).
pub fn log_with_certificate(
    store: &mut Store,
    input: &RecordInput,
    certificate: Option<&Path>,
    today: NaiveDate,
) -> Result<TrainingRecord> {
    let attachments = Attachments::of(store);
    store.write(|tx| {
        let record = log(tx, input, today)?;
        match certificate {
            Some(file) => attach_certificate(tx, record.id, file, attachments.as_ref(), today),
            None => Ok(record),
        }
    })
}

/// A person's records, newest first, each certificate checked against the club's
/// attachments (both shells' list of someone's training).
pub fn records_with_certificates(
    store: &Store,
    person_id: i64,
    today: NaiveDate,
) -> Result<Vec<TrainingRecord>> {
    records_of(
        store.conn(),
        person_id,
        today,
        Attachments::of(store).as_ref(),
    )
}

/// Checks a kept certificate against the SHA-256 recorded when it was attached.
pub fn check_certificate(
    attachments: Option<&Attachments>,
    file_name: &str,
    sha256: &str,
) -> CertificateCheck {
    let Some(kept) = attachments else {
        return CertificateCheck::Missing;
    };
    // A sealed file that does not open under the club's key has been changed, like a plain
    // file whose SHA-256 differs.
    match kept.read(file_name) {
        Err(Error::File { .. }) => CertificateCheck::Missing,
        Ok(bytes) if sha256_hex(&bytes) == sha256 => CertificateCheck::Ok,
        _ => CertificateCheck::Altered,
    }
}

// ---- where everyone stands ----

/// A completion: when it was done and when it runs out (`None`: never).
type Completion = (NaiveDate, Option<NaiveDate>);

/// Every record, course and requirement, loaded once, to answer "where does this person stand
/// with this course on this day" quickly and always by the same rule.
pub struct RecordBook {
    courses: BTreeMap<i64, Course>,
    /// (person, course) -> completions as (completed_on, expires_on), oldest first.
    completions: HashMap<(i64, i64), Vec<Completion>>,
    requirements: HashMap<StaffRole, Vec<i64>>,
    pub policy: Policy,
}

/// Where someone stands with one course on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub status: TrainingStatus,
    pub completed_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
}

impl RecordBook {
    pub fn load(conn: &Connection) -> Result<RecordBook> {
        let courses: BTreeMap<i64, Course> =
            courses(conn)?.into_iter().map(|c| (c.id, c)).collect();
        let mut completions: HashMap<(i64, i64), Vec<Completion>> = HashMap::new();
        let mut stmt = conn.prepare_cached(
            "SELECT r.person_id, r.course_id, r.completed_on, c.validity_months, r.dbs_update_service
             FROM training_records r JOIN courses c ON c.id = r.course_id ORDER BY r.completed_on",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let completed: NaiveDate = row.get(2)?;
            let validity: Option<u32> = row.get(3)?;
            let update_service: Option<bool> = row.get(4)?;
            let expiry = expires_on(completed, validity, update_service == Some(true));
            completions
                .entry((row.get(0)?, row.get(1)?))
                .or_default()
                .push((completed, expiry));
        }
        let mut requirements: HashMap<StaffRole, Vec<i64>> = HashMap::new();
        for (role, course) in self::requirements(conn)? {
            requirements.entry(role).or_default().push(course);
        }
        for list in requirements.values_mut() {
            list.sort_by_key(|id| courses.get(id).map(|_| *id));
        }
        Ok(RecordBook {
            courses,
            completions,
            requirements,
            policy: policy(conn)?,
        })
    }

    pub fn course(&self, id: i64) -> Option<&Course> {
        self.courses.get(&id)
    }

    pub fn courses(&self) -> impl Iterator<Item = &Course> {
        self.courses.values()
    }

    /// The courses a role needs, in catalogue order.
    pub fn required_for(&self, role: StaffRole) -> Vec<i64> {
        let mut ids = self.requirements.get(&role).cloned().unwrap_or_default();
        ids.sort_by_key(|id| self.courses.keys().position(|k| k == id));
        ids
    }

    /// Where the person stands with the course on `day`, from the latest completion on or
    /// before that day.
    pub fn standing(&self, person: i64, course: i64, day: NaiveDate) -> Standing {
        let latest = self
            .completions
            .get(&(person, course))
            .and_then(|list| list.iter().rev().find(|(completed, _)| *completed <= day));
        match latest {
            None => Standing {
                status: TrainingStatus::Missing,
                completed_on: None,
                expires_on: None,
            },
            Some((completed, expiry)) => Standing {
                status: status_on(*expiry, day, self.policy.expiry_warning_days),
                completed_on: Some(*completed),
                expires_on: *expiry,
            },
        }
    }

    /// The courses that count as `course`: itself, and every higher level covering it.
    fn counting_as(&self, course: i64) -> Vec<i64> {
        let mut found = vec![course];
        let mut index = 0;
        while index < found.len() {
            let lower = found[index];
            for c in self.courses.values() {
                if c.details.covers_course_id == Some(lower) && !found.contains(&c.id) {
                    found.push(c.id);
                }
            }
            index += 1;
        }
        found
    }

    /// Where the person stands with a required course on `day`, counting a higher level that
    /// covers it: the best standing of the course and its higher levels, with the course that
    /// gave it (`None` when it is the course itself).
    pub fn standing_for_requirement(
        &self,
        person: i64,
        course: i64,
        day: NaiveDate,
    ) -> (Standing, Option<i64>) {
        let rank = |s: &Standing| match s.status {
            TrainingStatus::Valid => (3, s.expires_on.unwrap_or(NaiveDate::MAX)),
            TrainingStatus::Expiring => (2, s.expires_on.unwrap_or(NaiveDate::MAX)),
            TrainingStatus::Expired => (1, s.expires_on.unwrap_or(NaiveDate::MIN)),
            TrainingStatus::Missing => (0, NaiveDate::MIN),
        };
        self.counting_as(course)
            .into_iter()
            .map(|c| (self.standing(person, c, day), (c != course).then_some(c)))
            .max_by_key(|(standing, via)| (rank(standing), via.is_none()))
            .unwrap_or((self.standing(person, course, day), None))
    }

    /// True if the person holds the course (or a higher level of it), valid or expiring, on `day`.
    pub fn holds(&self, person: i64, course: i64, day: NaiveDate) -> bool {
        matches!(
            self.standing_for_requirement(person, course, day).0.status,
            TrainingStatus::Valid | TrainingStatus::Expiring
        )
    }

    /// Holds any first-aid course on `day`.
    pub fn is_first_aider(&self, person: i64, day: NaiveDate) -> bool {
        self.courses
            .values()
            .filter(|c| c.details.kind.is_first_aid())
            .any(|c| self.holds(person, c.id, day))
    }

    /// The required courses for `role` that the person does not hold on `day`: the course
    /// required, where they stand, and the higher level their standing comes from (when it
    /// is a higher level that ran out), so a message names the course they really held.
    pub fn lapsed(
        &self,
        person: i64,
        role: StaffRole,
        day: NaiveDate,
    ) -> Vec<(i64, Standing, Option<i64>)> {
        self.required_for(role)
            .into_iter()
            .map(|course| {
                let (standing, via) = self.standing_for_requirement(person, course, day);
                (course, standing, via)
            })
            .filter(|(_, s, _)| {
                matches!(s.status, TrainingStatus::Expired | TrainingStatus::Missing)
            })
            .collect()
    }
}

// ---- the matrix ----

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MatrixFilter {
    pub include_archived: bool,
    /// Only people who work sessions (staffed one in the last year, or are down to).
    pub working_only: bool,
    pub role: Option<StaffRole>,
    /// Only people with at least one required course in this state.
    pub status: Option<TrainingStatus>,
    /// Part of a name.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MatrixCell {
    pub course_id: i64,
    /// One of the person's roles needs this course.
    pub required: bool,
    /// `None` when the course is not required and was never done.
    pub status: Option<TrainingStatus>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub completed_on: Option<NaiveDate>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub expires_on: Option<NaiveDate>,
    /// A required course held through a higher level: that course's id.
    pub covered_by: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MatrixRow {
    pub person: Person,
    pub cells: Vec<MatrixCell>,
    /// The worst state of any required course (valid when everything required is in date).
    pub worst: TrainingStatus,
    /// Records still waiting for a manager to confirm them.
    pub unconfirmed: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Matrix {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub on: NaiveDate,
    pub warning_days: u32,
    /// The columns: courses required by some role or held by someone shown.
    pub courses: Vec<Course>,
    pub rows: Vec<MatrixRow>,
}

fn severity(status: TrainingStatus) -> u8 {
    match status {
        TrainingStatus::Valid => 0,
        TrainingStatus::Expiring => 1,
        TrainingStatus::Missing => 2,
        TrainingStatus::Expired => 3,
    }
}

/// The ids of people who work sessions: staffed one in the year before `on`, or are down to
/// staff one from `on` onwards.
pub fn working_people(conn: &Connection, on: NaiveDate) -> Result<Vec<i64>> {
    let since = on - Days::new(365);
    let ids = conn
        .prepare_cached(
            "SELECT DISTINCT f.person_id FROM staffing f JOIN sessions s ON s.id = f.session_id
             WHERE s.date >= ?1 AND s.cancelled = 0",
        )?
        .query_map([since], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// People by courses, each cell's state on `on`.
pub fn matrix(conn: &Connection, on: NaiveDate, filter: &MatrixFilter) -> Result<Matrix> {
    let book = RecordBook::load(conn)?;
    let working = if filter.working_only {
        Some(working_people(conn, on)?)
    } else {
        None
    };
    let unconfirmed: HashMap<i64, u32> = conn
        .prepare_cached("SELECT person_id, COUNT(*) FROM training_records WHERE confirmed_at IS NULL GROUP BY person_id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let text = filter.text.trim().to_lowercase();
    let people: Vec<Person> = people::all(conn)?
        .into_iter()
        .filter(|p| filter.include_archived || !p.archived)
        .filter(|p| working.as_ref().is_none_or(|ids| ids.contains(&p.id)))
        .filter(|p| {
            filter
                .role
                .is_none_or(|role| p.details.roles.contains(&role))
        })
        .filter(|p| text.is_empty() || p.details.name.to_lowercase().contains(&text))
        .collect();

    let held: Vec<(i64, i64)> = book.completions.keys().copied().collect();
    let columns: Vec<Course> = book
        .courses()
        .filter(|c| !c.archived || held.iter().any(|(_, course)| *course == c.id))
        .filter(|c| {
            !c.required_for.is_empty() || people.iter().any(|p| held.contains(&(p.id, c.id)))
        })
        .cloned()
        .collect();

    let mut rows = Vec::new();
    for person in people {
        let required: Vec<i64> = person
            .details
            .roles
            .iter()
            .flat_map(|r| book.required_for(*r))
            .collect();
        let cells: Vec<MatrixCell> = columns
            .iter()
            .map(|course| {
                let is_required = required.contains(&course.id);
                let (standing, covered_by) = if is_required {
                    book.standing_for_requirement(person.id, course.id, on)
                } else {
                    (book.standing(person.id, course.id, on), None)
                };
                let status = if standing.status == TrainingStatus::Missing && !is_required {
                    None
                } else {
                    Some(standing.status)
                };
                MatrixCell {
                    course_id: course.id,
                    required: is_required,
                    status,
                    completed_on: standing.completed_on,
                    expires_on: standing.expires_on,
                    covered_by,
                }
            })
            .collect();
        let worst = cells
            .iter()
            .filter(|c| c.required)
            .filter_map(|c| c.status)
            .max_by_key(|s| severity(*s))
            .unwrap_or(TrainingStatus::Valid);
        if filter
            .status
            .is_some_and(|wanted| !cells.iter().any(|c| c.required && c.status == Some(wanted)))
        {
            continue;
        }
        rows.push(MatrixRow {
            unconfirmed: unconfirmed.get(&person.id).copied().unwrap_or(0),
            person,
            cells,
            worst,
        });
    }
    Ok(Matrix {
        on,
        warning_days: book.policy.expiry_warning_days,
        courses: columns,
        rows,
    })
}

/// The course catalogue as CSV (`name,kind,validity_months`), the courses still offered,
/// in the same form the catalogue is described in docs/file-formats.md.
pub fn courses_csv(courses: &[Course]) -> Result<Vec<u8>> {
    let fail = |e: csv::Error| Error::Invalid(format!("Could not write the course list: {e}"));
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(["name", "kind", "validity_months"])
        .map_err(fail)?;
    for course in courses.iter().filter(|c| !c.archived) {
        let months = course
            .details
            .validity_months
            .map(|m| m.to_string())
            .unwrap_or_default();
        writer
            .write_record([
                csv_text_cell(&course.details.name).as_ref(),
                course.details.kind.code(),
                &months,
            ])
            .map_err(fail)?;
    }
    writer
        .into_inner()
        .map_err(|e| Error::Invalid(format!("Could not write the course list: {e}")))
}

/// The matrix as CSV: one row per person and course that is required or was done
/// (`person,role,course,required,completed_on,expires_on,status`); `role` holds every role
/// the person has, separated by `; ` as a people import reads them.
pub fn matrix_csv(matrix: &Matrix) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::Invalid(format!("Could not write the training matrix: {e}"));
    writer
        .write_record([
            "person",
            "role",
            "course",
            "required",
            "completed_on",
            "expires_on",
            "status",
        ])
        .map_err(fail)?;
    for row in &matrix.rows {
        let roles: Vec<&str> = row.person.details.roles.iter().map(|r| r.code()).collect();
        let role = if roles.is_empty() {
            row.person.main_role().code().to_owned()
        } else {
            roles.join("; ")
        };
        for (cell, course) in row.cells.iter().zip(&matrix.courses) {
            let Some(status) = cell.status else { continue };
            let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            writer
                .write_record([
                    csv_text_cell(&row.person.details.name).as_ref(),
                    &role,
                    csv_text_cell(&course.details.name).as_ref(),
                    if cell.required { "yes" } else { "no" },
                    &date(cell.completed_on),
                    &date(cell.expires_on),
                    status.code(),
                ])
                .map_err(fail)?;
        }
    }
    writer
        .into_inner()
        .map_err(|e| Error::Invalid(format!("Could not write the training matrix: {e}")))
}

// ---- what is due ----

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DueItem {
    pub person_id: i64,
    pub person_name: String,
    pub course_id: i64,
    pub course_name: String,
    pub status: TrainingStatus,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub expires_on: Option<NaiveDate>,
    /// Days until expiry (negative once expired; `None` when missing).
    pub days_left: Option<i64>,
    /// The reminder this falls in: 60, 30 or 7 days before expiry.
    pub reminder: Option<i64>,
}

/// Required training, for the people who work sessions, that has expired, is missing, or
/// expires within `within_days` of `today`: most urgent first.
/// What is due, as `actor` may see it: everyone's for those who see staff, else their own.
pub fn due_for(
    conn: &Connection,
    actor: &crate::access::Actor,
    today: NaiveDate,
    within_days: u32,
) -> Result<Vec<DueItem>> {
    let mut items = due(conn, today, within_days)?;
    if !actor.can(crate::access::Permission::SeeStaff) {
        items.retain(|item| Some(item.person_id) == actor.person_id);
    }
    Ok(items)
}

pub fn due(conn: &Connection, today: NaiveDate, within_days: u32) -> Result<Vec<DueItem>> {
    let book = RecordBook::load(conn)?;
    let working = working_people(conn, today)?;
    let mut items = Vec::new();
    for person in people::all(conn)?
        .into_iter()
        .filter(|p| !p.archived && working.contains(&p.id))
    {
        if person.details.left_on.is_some_and(|left| left < today) {
            continue;
        }
        let mut required: Vec<i64> = person
            .details
            .roles
            .iter()
            .flat_map(|r| book.required_for(*r))
            .collect();
        required.sort();
        required.dedup();
        for course_id in required {
            let standing = book.standing_for_requirement(person.id, course_id, today).0;
            let days_left = standing.expires_on.map(|e| (e - today).num_days());
            let include = match standing.status {
                TrainingStatus::Expired | TrainingStatus::Missing => true,
                _ => days_left.is_some_and(|d| d <= i64::from(within_days)),
            };
            if !include {
                continue;
            }
            let reminder = days_left
                .filter(|d| *d >= 0)
                .and_then(|d| REMINDER_DAYS.iter().rev().copied().find(|r| d <= *r));
            let status = match standing.status {
                TrainingStatus::Valid => TrainingStatus::Expiring,
                other => other,
            };
            items.push(DueItem {
                person_id: person.id,
                person_name: person.details.name.clone(),
                course_id,
                course_name: book
                    .course(course_id)
                    .map(|c| c.details.name.clone())
                    .unwrap_or_default(),
                status,
                expires_on: standing.expires_on,
                days_left,
                reminder,
            });
        }
    }
    items.sort_by_key(|i| {
        (
            std::cmp::Reverse(severity(i.status)),
            i.days_left.unwrap_or(i64::MIN),
            i.person_name.clone(),
        )
    });
    Ok(items)
}

#[cfg(test)]
mod tests;

/// A course's name, or a training record as "First aid for Sam Patel", for the audit log;
/// None if not on file.
pub fn name_in_log(conn: &Connection, table: &str, id: i64) -> Result<Option<String>> {
    if table == "courses" {
        return Ok(conn
            .query_row("SELECT name FROM courses WHERE id = ?1", [id], |row| {
                row.get(0)
            })
            .optional()?);
    }
    let found: Option<(String, i64)> = conn
        .query_row(
            "SELECT c.name, r.person_id FROM training_records r JOIN courses c ON c.id = r.course_id
             WHERE r.id = ?1",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((course, person)) = found else {
        return Ok(None);
    };
    Ok(Some(match people::name_in_log(conn, person)? {
        Some(name) => format!("{course} for {name}"),
        None => course,
    }))
}
