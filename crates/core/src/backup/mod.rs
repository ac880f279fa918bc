//! Backups of the club file: made automatically (the first open of a day, before a migration,
//! before an import, before a restore) and by hand ("Back up now", to the backups folder or to
//! a folder or USB stick), checked after writing, rotated, previewed and restored.
//!
//! Where they live: a folder beside the club file named `<file stem>-backups`
//! (`clubroom.sqlite3` keeps its backups in `clubroom-backups/`). Each backup is one SQLite
//! file named by when and why it was made, in UTC: `2026-12-02T053000Z-daily.clubroom`, with
//! the club's key file copied beside it as `...clubroom.keys` when the club file has one
//! (encryption at rest keeps the key file `<file>.keys` beside the club file). Backups made
//! into a chosen folder carry the club file's stem first (`clubroom-2026-...-manual.clubroom`),
//! since one USB stick may hold several clubs. The name is the record: nothing else is kept.
//!
//! A backup is a consistent copy taken through SQLite's online backup API from the live
//! connection (never a raw file copy, which could catch a half-written WAL), written beside its
//! final name, checked (`PRAGMA integrity_check` must say ok and the schema version must be the
//! club file's), and only then given its name. One that fails the check is deleted and the
//! error returned: nothing that looks like a backup is ever a bad one.
//!
//! What rotation keeps (automatic backups only, by age, never by count; see [`Rotation`]):
//! every one of the last 7 days, the newest of each day for a month, the newest of each week
//! for a quarter, the newest of each month for ever, and every backup made before a migration
//! for 90 days (always the newest). An import that fails or changes nothing keeps no backup.
//! Backups made by hand are never deleted by Clubroom.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc};
use rusqlite::backup::{Backup as OnlineBackup, StepResult};
use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction};
use serde::{Deserialize, Serialize};

use crate::access::Permission;
use crate::dates::{CLUB_TIME_ZONE, long_date};
use crate::error::{Error, Result};
use crate::store::{Connected, Store, latest_version};
use crate::vault::keys_path;

/// The extension of a backup file.
pub const EXTENSION: &str = "clubroom";

/// Why a backup was made. Part of its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    Daily,
    BeforeMigration,
    BeforeImport,
    BeforeRestore,
    Manual,
}

impl Reason {
    pub const ALL: &'static [Reason] = &[
        Reason::Daily,
        Reason::BeforeMigration,
        Reason::BeforeImport,
        Reason::BeforeRestore,
        Reason::Manual,
    ];

    /// The code in file names.
    pub fn code(self) -> &'static str {
        match self {
            Reason::Daily => "daily",
            Reason::BeforeMigration => "before-migration",
            Reason::BeforeImport => "before-import",
            Reason::BeforeRestore => "before-restore",
            Reason::Manual => "manual",
        }
    }

    /// How the reason reads on screen.
    pub fn label(self) -> &'static str {
        match self {
            Reason::Daily => "Daily backup",
            Reason::BeforeMigration => "Before Clubroom updated the file",
            Reason::BeforeImport => "Before an import",
            Reason::BeforeRestore => "Before a restore",
            Reason::Manual => "Made by hand",
        }
    }
}

/// One backup file, as its name and size describe it (nothing is opened to list it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupEntry {
    pub path: String,
    pub file_name: String,
    /// When it was made, UTC (RFC 3339).
    pub made_at: String,
    /// "Tuesday 1 December 2026, 18:05", in the club's time zone.
    pub made_at_label: String,
    pub reason: Reason,
    pub reason_label: String,
    pub size_bytes: u64,
    /// Whether the club's key file was kept with it.
    pub has_keys: bool,
}

/// What a backup holds, read from inside it, so a person can tell it is the one they want.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupPreview {
    pub entry: BackupEntry,
    pub club_name: Option<String>,
    pub young_people: i64,
    /// Sessions held up to the day it was made (not cancelled, not planned ahead).
    pub sessions: i64,
    pub attendances: i64,
    /// The date of the latest of those sessions.
    pub latest_session: Option<String>,
    pub schema_version: i64,
}

/// The backups of the open club file, for the Backups card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupsOverview {
    pub folder: String,
    /// Newest first.
    pub backups: Vec<BackupEntry>,
    /// Why the last automatic backup failed, if it did (the app fills this in).
    pub problem: Option<String>,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Restored {
    pub club_file: String,
    pub restored_from: BackupEntry,
    /// The backup of the file as it was just before (absent when that file was damaged).
    pub before_restore: Option<BackupEntry>,
    /// Where a damaged club file was moved aside to, untouched.
    pub damaged_kept_as: Option<String>,
    /// What the file it replaced recorded after the backup was made, which the backup does
    /// not hold: each kind of change with how many (from the replaced file's audit log).
    /// `None` when that file could not be read to say.
    pub not_in_it: Option<Vec<ChangesNotRestored>>,
    /// All of the above in one paragraph for people: what was restored, from when, what is
    /// not in it.
    pub summary: String,
}

/// One kind of change recorded after a restored backup was made ("mark present", 12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChangesNotRestored {
    pub action: String,
    pub count: i64,
}

impl Restored {
    fn new(
        club: &Path,
        restored_from: BackupEntry,
        before_restore: Option<BackupEntry>,
        damaged_kept_as: Option<String>,
        not_in_it: Option<Vec<ChangesNotRestored>>,
    ) -> Restored {
        let mut restored = Restored {
            club_file: club.display().to_string(),
            restored_from,
            before_restore,
            damaged_kept_as,
            not_in_it,
            summary: String::new(),
        };
        restored.summary = restored.paragraph();
        restored
    }

    fn paragraph(&self) -> String {
        let when = &self.restored_from.made_at_label;
        let mut text = format!(
            "Restored {} from the backup made {when}: the club is as it was then.",
            self.club_file
        );
        match &self.not_in_it {
            Some(lost) if lost.is_empty() => {
                text.push_str(" Nothing was recorded after then, so nothing is missing.");
            }
            Some(lost) => {
                let kinds: Vec<String> = lost
                    .iter()
                    .map(|c| format!("{} ({})", c.action, c.count))
                    .collect();
                text.push_str(&format!(
                    " Not in it, because they were recorded after then: {}. Enter those again \
                     if they are needed (the audit log of the file it replaced lists each one).",
                    kinds.join(", ")
                ));
            }
            None => text.push_str(&format!(
                " Anything recorded after {when} (registers taken, young people added or \
                 changed, training logged) is not in it, and the damaged file could not be read \
                 to say what: check the paper registers and notes since then."
            )),
        }
        if let Some(before) = &self.before_restore {
            text.push_str(&format!(" The file as it was is kept as {}.", before.path));
        }
        if let Some(aside) = &self.damaged_kept_as {
            text.push_str(&format!(
                " The damaged file was moved aside, unchanged, to {aside}."
            ));
        }
        text
    }
}

/// The changes the audit log on `conn` (the file being replaced) holds that the backup `from`
/// does not: the entries after the backup's own newest entry. Counted by the chain, not by
/// the clock: a backup's name keeps only the second it was made, and entries from earlier in
/// that second are in it. Falls back to the time only when the backup's log cannot be read.
fn changes_after(
    conn: &Connection,
    backup_head: Option<&crate::audit::ChainHead>,
    from: &BackupEntry,
) -> Option<Vec<ChangesNotRestored>> {
    let counts = match backup_head {
        Some(head) => crate::audit::changes_after_entry(conn, head.sequence).ok()?,
        None => {
            let since = DateTime::parse_from_rfc3339(&from.made_at)
                .ok()?
                .with_timezone(&Utc);
            crate::audit::changes_since(conn, since).ok()?
        }
    };
    Some(
        counts
            .into_iter()
            .map(|(action, count)| ChangesNotRestored { action, count })
            .collect(),
    )
}

/// The newest entry of the audit log inside the backup at `path`, if it can be read.
fn backup_head(keying: Keying, path: &Path) -> Option<crate::audit::ChainHead> {
    let conn = open_existing(keying, path).ok()?;
    crate::audit::head(&conn).ok()
}

/// The same, read from a damaged file moved aside (read-only; `None` if it cannot be read).
fn changes_after_in_damaged(
    aside: &Path,
    keying: Keying,
    backup_head: Option<&crate::audit::ChainHead>,
    from: &BackupEntry,
) -> Option<Vec<ChangesNotRestored>> {
    let read_only = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(aside, read_only).ok()?;
    if let Keying::With(key) = keying {
        crate::vault::apply_key(&conn, key).ok()?;
    }
    changes_after(&conn, backup_head, from)
}

// ---- where backups live and what they are called ----

/// The backups folder of a club file: `<stem>-backups` beside it.
pub fn folder_for(club: &Path) -> PathBuf {
    let stem = club_stem(club);
    club.with_file_name(format!("{stem}-backups"))
}

fn club_stem(club: &Path) -> String {
    club.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "club".to_owned())
}

const STAMP: &str = "%Y-%m-%dT%H%M%SZ";
const STAMP_LEN: usize = 18;

fn file_name(prefix: &str, made_at: DateTime<Utc>, copy: u32, reason: Reason) -> String {
    let stamp = made_at.format(STAMP);
    let copy = if copy > 1 {
        format!("-{copy}")
    } else {
        String::new()
    };
    format!("{prefix}{stamp}{copy}-{}.{EXTENSION}", reason.code())
}

/// Reads when and why from a backup's name: `[prefix]<stamp>[-n]-<reason>.clubroom`.
fn parse_name(name: &str) -> Option<(DateTime<Utc>, Reason)> {
    let stem = name.strip_suffix(&format!(".{EXTENSION}"))?;
    let (rest, reason) = Reason::ALL.iter().find_map(|reason| {
        stem.strip_suffix(reason.code())
            .and_then(|r| r.strip_suffix('-'))
            .map(|r| (r, *reason))
    })?;
    // A second backup made in the same second carries "-2", "-3"...
    let rest = match rest.rsplit_once('-') {
        Some((before, n)) if before.ends_with('Z') && n.chars().all(|c| c.is_ascii_digit()) => {
            before
        }
        _ => rest,
    };
    let stamp = rest.get(rest.len().checked_sub(STAMP_LEN)?..)?;
    let made_at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?;
    Some((made_at.and_utc(), reason))
}

/// "Tuesday 1 December 2026, 18:05" in the club's time zone.
pub fn when_label(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&CLUB_TIME_ZONE);
    format!(
        "{}, {}",
        long_date(local.date_naive()),
        local.format("%H:%M")
    )
}

fn local_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&CLUB_TIME_ZONE).date_naive()
}

/// Describes the backup file at `path` from its name (or, for a renamed copy, its modified
/// time, as made by hand).
pub fn entry(path: &Path) -> Result<BackupEntry> {
    let meta = fs::metadata(path)
        .map_err(|e| Error::file(format!("Could not read the backup {}", path.display()), e))?;
    if !meta.is_file() {
        return Err(Error::Invalid(format!(
            "{} is not a backup file.",
            path.display()
        )));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (made_at, reason) = parse_name(&name).unwrap_or_else(|| {
        let modified = meta
            .modified()
            .map(DateTime::<Utc>::from)
            .unwrap_or_else(|_| Utc::now());
        (modified, Reason::Manual)
    });
    Ok(BackupEntry {
        path: path.display().to_string(),
        file_name: name,
        made_at: made_at.to_rfc3339(),
        made_at_label: when_label(made_at),
        reason,
        reason_label: reason.label().to_owned(),
        size_bytes: meta.len(),
        has_keys: keys_path(path).is_file(),
    })
}

/// The backups in the club file's backups folder, newest first. Files whose names Clubroom
/// did not write are left out (and never touched).
pub fn list(club: &Path) -> Result<Vec<BackupEntry>> {
    let folder = folder_for(club);
    let reader = match fs::read_dir(&folder) {
        Ok(reader) => reader,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Error::file(
                format!("Could not read the backups folder {}", folder.display()),
                e,
            ));
        }
    };
    let mut found = Vec::new();
    for item in reader {
        let item = item.map_err(|e| {
            Error::file(
                format!("Could not read the backups folder {}", folder.display()),
                e,
            )
        })?;
        let name = item.file_name().to_string_lossy().into_owned();
        if parse_name(&name).is_none() {
            continue;
        }
        match entry(&item.path()) {
            Ok(found_entry) => found.push(found_entry),
            // Rotated away since the folder was read (by today's backup, on its own thread).
            Err(Error::File { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(error),
        }
    }
    found.sort_by(|a, b| {
        b.made_at
            .cmp(&a.made_at)
            .then_with(|| b.file_name.cmp(&a.file_name))
    });
    Ok(found)
}

/// The backups of the open club file, for a manager.
pub fn overview(store: &Store) -> Result<BackupsOverview> {
    store.actor().require(Permission::Backups)?;
    let club = club_path(store)?;
    Ok(BackupsOverview {
        folder: folder_for(club).display().to_string(),
        backups: list(club)?,
        problem: None,
    })
}

fn club_path(store: &Store) -> Result<&Path> {
    store.path().ok_or_else(|| {
        Error::Invalid("This club is not kept in a file, so it has no backups.".to_owned())
    })
}

// ---- opening copies ----

/// The club file being backed up: its live connection and where it lives.
struct Source<'a> {
    conn: &'a Connection,
    club: &'a Path,
    /// How its copies are keyed: like the club file.
    keying: Keying<'a>,
}

impl<'a> Source<'a> {
    fn of(store: &'a Store) -> Option<Source<'a>> {
        Some(Source {
            conn: store.conn(),
            club: store.path()?,
            keying: Keying::Like(store),
        })
    }

    /// A club file connected but not yet migrated (the backup before a migration).
    fn of_connected(club: &'a Connected) -> Option<Source<'a>> {
        Some(Source {
            conn: club.conn(),
            club: club.path()?,
            keying: club.key().into(),
        })
    }
}

/// How a backup is opened: keyed like an open club file, with the data key of a club file
/// that opened with it but turned out damaged, or plain (no one could unlock anything).
#[derive(Clone, Copy)]
enum Keying<'a> {
    Like(&'a Store),
    With(&'a crate::vault::DataKey),
    Plain,
}

impl<'a> From<Option<&'a Store>> for Keying<'a> {
    fn from(store: Option<&'a Store>) -> Keying<'a> {
        store.map_or(Keying::Plain, Keying::Like)
    }
}

impl<'a> From<Option<&'a crate::vault::DataKey>> for Keying<'a> {
    fn from(key: Option<&'a crate::vault::DataKey>) -> Keying<'a> {
        key.map_or(Keying::Plain, Keying::With)
    }
}

/// Opens a backup (or a file about to become one) keyed like the club file (encrypted with
/// the same data key, or plain for a plain club). Plain, an encrypted backup reads as
/// unusable.
fn open_copy<'a>(keying: impl Into<Keying<'a>>, path: &Path) -> Result<Connection> {
    match keying.into() {
        Keying::Like(store) => store.open_sibling(path),
        Keying::With(key) => {
            let conn = Connection::open(path)?;
            crate::vault::apply_key(&conn, key)?;
            crate::vault::verify_key(&conn)?;
            Ok(conn)
        }
        Keying::Plain => Ok(Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?),
    }
}

/// Opens an existing backup to read it, without creating anything if it is missing.
fn open_existing<'a>(keying: impl Into<Keying<'a>>, path: &Path) -> Result<Connection> {
    if !path.is_file() {
        return Err(Error::NotFound(format!(
            "There is no backup at {}.",
            path.display()
        )));
    }
    open_copy(keying, path)
}

pub(crate) fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    )
}

// ---- checking ----

/// Checks a backup: SQLite's full integrity check must say ok, and it must be a Clubroom
/// file this version can open. Returns its schema version. `key` is the club's data key (an
/// encrypted club's backups are encrypted with it), `None` for a plain club.
pub fn verify(key: Option<&crate::vault::DataKey>, path: &Path) -> Result<i64> {
    verify_keyed(key.into(), path)
}

fn verify_keyed(keying: Keying, path: &Path) -> Result<i64> {
    let conn = open_existing(keying, path)?;
    // The check reads every page, then each table's rows against its indexes: with room for
    // them all, no page is read (and decrypted) twice.
    conn.pragma_update(None, "cache_size", -crate::store::LARGE_PAGE_CACHE_KIB)?;
    let bad = |why: String| {
        Error::Invalid(format!(
            "The backup {} is damaged and cannot be used ({why}).",
            file_label(path)
        ))
    };
    let problems = integrity_problems(&conn).map_err(|e| match e {
        Error::Database(e) if is_damage(&e) => bad(e.to_string()),
        other => other,
    })?;
    if let Some(first) = problems.first() {
        return Err(bad(first.clone()));
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version < 1 {
        return Err(Error::Invalid(format!(
            "{} is not a Clubroom backup.",
            file_label(path)
        )));
    }
    if version > latest_version() {
        return Err(Error::DatabaseTooNew {
            found: version,
            known: latest_version(),
        });
    }
    Ok(version)
}

/// Every line `PRAGMA integrity_check` gives that is not "ok".
fn integrity_problems(conn: &Connection) -> Result<Vec<String>> {
    let lines = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(lines.into_iter().filter(|line| line != "ok").collect())
}

fn file_label(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Refuses a damaged club file before anything writes to it: SQLite's quick check must pass.
/// Called by `club_file` on the file's own connection, before pragmas or migrations, so a
/// damaged file is never changed. The message names the latest good backup, if there is one.
pub(crate) fn refuse_if_damaged(
    conn: &Connection,
    club: Option<&Path>,
    key: Option<&crate::vault::DataKey>,
) -> Result<()> {
    let found = match quick_check(conn) {
        Ok(problems) if problems.is_empty() => return Ok(()),
        Ok(problems) => problems.join("; "),
        Err(error) if is_damage(&error) => error.to_string(),
        Err(error) => return Err(error.into()),
    };
    let Some(club) = club else {
        return Err(Error::Damaged(format!(
            "The club's data is damaged ({found})."
        )));
    };
    let keying = key.map_or(Keying::Plain, Keying::With);
    Err(Error::Damaged(damaged_message(club, keying)))
}

fn quick_check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let lines = conn
        .prepare("PRAGMA quick_check")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(lines.into_iter().filter(|line| line != "ok").collect())
}

fn damaged_message(club: &Path, keying: Keying) -> String {
    damaged_message_offering(club, latest_good_keyed(club, keying))
}

/// The damage said plainly, with `good`, the latest good backup if one was found.
fn damaged_message_offering(club: &Path, good: Option<BackupPreview>) -> String {
    let opening = "This club file is damaged and cannot be opened safely. Clubroom has not \
                   changed it.";
    match good {
        Some(good) => format!(
            "{opening} The latest good backup is from {}.",
            good.entry.made_at_label
        ),
        None => format!(
            "{opening} There is no good backup of it in {}. If you keep copies elsewhere (a \
             USB stick), restore one of those.",
            folder_for(club).display()
        ),
    }
}

/// Refuses a club file that does not begin as a SQLite file and has no key file beside it.
/// When the club's backups were encrypted (each keeps a copy of the key file) the club file
/// is encrypted and its key file is missing, which is said with where a copy is; otherwise
/// it is damaged (page one overwritten, or not a club file at all).
pub(crate) fn refuse_damaged_header(club: &Path) -> Result<()> {
    if crate::vault::is_encrypted(club) && !keys_path(club).exists() {
        if let Some(copy) = newest_key_file_copy(club) {
            return Err(Error::NotFound(missing_key_file_message(club, &copy)));
        }
        return Err(Error::Damaged(damaged_message(club, Keying::Plain)));
    }
    Ok(())
}

/// The key file kept with the newest backup that has one (an encrypted club's backups each
/// carry a copy of its key file; a plain club's carry none).
fn newest_key_file_copy(club: &Path) -> Option<PathBuf> {
    list(club)
        .ok()?
        .into_iter()
        .map(|entry| keys_path(Path::new(&entry.path)))
        .find(|keys| keys.is_file())
}

fn missing_key_file_message(club: &Path, copy: &Path) -> String {
    let keys = keys_path(club);
    format!(
        "The key file {} is missing beside the club file {}: without it the club cannot be \
         unlocked. Clubroom has not changed anything. A copy is kept with each backup; the \
         newest is {}. Copy it back beside the club file as {} (the same passwords and PINs \
         unlock it, unless someone was added or changed since that backup), then open the \
         club again.",
        file_label(&keys),
        club.display(),
        copy.display(),
        file_label(&keys),
    )
}

/// Whether the club file at `club` is damaged (opened read-only; nothing is written).
pub fn is_damaged(club: &Path) -> Result<bool> {
    is_damaged_keyed(club, Keying::Plain)
}

fn is_damaged_keyed(club: &Path, keying: Keying) -> Result<bool> {
    let read_only = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(club, read_only)?;
    if let Keying::With(key) = keying {
        // Unlocked from its key file, so any failure to read it is damage.
        crate::vault::apply_key(&conn, key)?;
        if crate::vault::verify_key(&conn).is_err() {
            return Ok(true);
        }
    } else if crate::vault::is_encrypted(club) {
        // An encrypted file cannot be checked without its key: only a header that is neither
        // SQLite's nor explained by a key file beside it counts as damage here.
        return Ok(!keys_path(club).exists());
    }
    match quick_check(&conn) {
        Ok(problems) => Ok(!problems.is_empty()),
        Err(error) if is_damage(&error) => Ok(true),
        Err(error) => Err(error.into()),
    }
}

/// The newest backup of the club file that passes its check, with what it holds. Read
/// without a store (the club file may be the damaged one); `key` is the data key of an
/// encrypted club (unlocked from its key file, which a damaged database leaves readable).
pub fn latest_good(club: &Path, key: Option<&crate::vault::DataKey>) -> Option<BackupPreview> {
    latest_good_keyed(club, key.into())
}

/// An encrypted club file that its key file unlocked but that cannot be read: its first page
/// (the one the key is checked against) is damaged, or, far less likely, the key file beside
/// it belongs to another club file. Said plainly, with the latest backup this key opens.
pub(crate) fn unreadable_with_key(club: &Path, key: &crate::vault::DataKey) -> Error {
    // Checking the backups is slow (each is read in full), so it is done once.
    if let Some(good) = latest_good_keyed(club, Keying::With(key)) {
        return Error::Damaged(damaged_message_offering(club, Some(good)));
    }
    Error::Damaged(format!(
        "This club file cannot be read with the key file beside it: the file is damaged, or \
         the key file belongs to another club file. Clubroom has not changed either. There is \
         no good backup of it in {}. If you keep copies elsewhere (a USB stick), restore one \
         of those.",
        folder_for(club).display()
    ))
}

/// An encrypted club file that unlocked and is damaged, with the latest backup its key opens.
pub(crate) fn damaged_with_key(club: &Path, key: &crate::vault::DataKey) -> Error {
    Error::Damaged(damaged_message(club, Keying::With(key)))
}

fn latest_good_keyed(club: &Path, keying: Keying) -> Option<BackupPreview> {
    list(club)
        .ok()?
        .into_iter()
        .find_map(|entry| preview_keyed(keying, Path::new(&entry.path)).ok())
}

// ---- backups as witnesses of the audit log ----

/// Checks the audit log's chain, then against every backup that can be read and the key
/// file (see [`audit_witnesses`]). The full check, with the partnership summaries the club
/// has sent as witnesses too, is `sync::verify_audit`.
pub fn verify_audit(store: &Store) -> Result<crate::audit::Verification> {
    crate::audit::verify_with_witnesses(store.conn(), audit_witnesses(store)?)
}

/// The audit log checked against every backup that can be read and the key file: each
/// holds the log's head as it was when it was made, so entries removed since, or changed
/// and the chain recomputed, no longer match it. Backups made before the latest restore
/// are left out: the log went back to an older state then, and they rightly hold entries it
/// no longer has.
pub fn audit_witnesses(store: &Store) -> Result<Vec<crate::audit::WitnessCheck>> {
    let mut witnesses = Vec::new();
    if let Some(club) = store.path() {
        let since = latest_restore(club);
        // The key file's record (a restore brings back the backup's own key file, whose head
        // is no newer than the log restored with it).
        if let Some(head) = crate::vault::recorded_audit_head(club) {
            witnesses.push(crate::audit::check_witness(
                store.conn(),
                "the key file".to_owned(),
                head,
                None,
            )?);
        }
        for entry in list(club)? {
            let made = DateTime::parse_from_rfc3339(&entry.made_at).map(|t| t.with_timezone(&Utc));
            if since.is_some_and(|restore| made.is_ok_and(|made| made <= restore)) {
                continue;
            }
            let Ok(copy) = open_existing(Keying::Like(store), Path::new(&entry.path)) else {
                continue;
            };
            // A backup from before the audit log existed (data version 5 or older) has none.
            let Ok(head) = crate::audit::head(&copy) else {
                continue;
            };
            witnesses.push(crate::audit::check_witness(
                store.conn(),
                format!("the backup made {}", entry.made_at_label),
                head,
                Some(&copy),
            )?);
        }
    }
    Ok(witnesses)
}

/// When the club file was last restored: the newest "before a restore" backup, or the newest
/// damaged file moved aside by a restore.
pub fn latest_restore(club: &Path) -> Option<DateTime<Utc>> {
    let by_backup = list(club)
        .ok()?
        .into_iter()
        .filter(|e| e.reason == Reason::BeforeRestore)
        .filter_map(|e| DateTime::parse_from_rfc3339(&e.made_at).ok())
        .map(|t| t.with_timezone(&Utc))
        .max();
    let prefix = format!("{}.damaged-", file_label(club));
    let folder = club
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let by_damage = fs::read_dir(folder)
        .ok()
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|name| {
            let stamp = name.strip_prefix(&prefix)?.get(..STAMP_LEN)?.to_owned();
            NaiveDateTime::parse_from_str(&stamp, STAMP).ok()
        })
        .map(|t| t.and_utc())
        .max();
    by_backup.max(by_damage)
}

// ---- what a backup holds ----

/// What the backup at `path` holds, after checking it. The counts are read with plain SQL
/// here rather than through the modules that own the tables because a backup may be of any
/// schema version from 1 on, and those modules read only the latest.
///
/// `key` is the club's data key (its backups are encrypted with it), `None` for a plain club.
/// Who may look is the caller's to check (the club file's `preview_backup`):
/// a damaged club file has no one signed in, and a backup is all that can be shown.
pub fn preview(key: Option<&crate::vault::DataKey>, path: &Path) -> Result<BackupPreview> {
    preview_keyed(key.into(), path)
}

fn preview_keyed(keying: Keying, path: &Path) -> Result<BackupPreview> {
    let schema_version = verify_keyed(keying, path)?;
    let entry = entry(path)?;
    let conn = open_existing(keying, path)?;
    let made_on = DateTime::parse_from_rfc3339(&entry.made_at)
        .map(|at| local_date(at.with_timezone(&Utc)))
        .unwrap_or_else(|_| local_date(Utc::now()));
    let club_name: Option<String> = conn
        .query_row("SELECT name FROM organisation LIMIT 1", [], |r| r.get(0))
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            other => Err(other),
        })?;
    let count = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    let held = "FROM sessions WHERE cancelled = 0 AND date <= ?1";
    let (sessions, latest_session): (i64, Option<String>) = conn.query_row(
        &format!("SELECT COUNT(*), MAX(date) {held}"),
        [made_on.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(BackupPreview {
        entry,
        club_name,
        young_people: count("SELECT COUNT(*) FROM young_people")?,
        sessions,
        attendances: count("SELECT COUNT(*) FROM attendance")?,
        latest_session,
        schema_version,
    })
}

// ---- writing ----

/// Writes a backup of the open club file into `folder` and checks it. The copy is made
/// beside its final name and renamed only once it has passed its check.
fn write_into(
    source: &Source,
    folder: &Path,
    prefix: &str,
    reason: Reason,
    now: DateTime<Utc>,
) -> Result<BackupEntry> {
    fs::create_dir_all(folder).map_err(|e| {
        Error::file(
            format!("Could not make the backups folder {}", folder.display()),
            e,
        )
    })?;
    let target = free_name(folder, prefix, reason, now);
    let part = folder.join(format!(".{}.part", file_label(&target)));
    let written = copy_database(source, &part).and_then(|()| {
        failpoint(Step::BackupWritten, &part)?;
        check_written(source, &part)
    });
    if let Err(error) = written {
        remove_quietly(&part);
        remove_quietly(&keys_path(&part));
        return Err(Error::Invalid(format!(
            "The backup could not be made, so none was kept: {error}"
        )));
    }
    keep_keys_with(source.club, &part, &target)?;
    rename(&part, &target)?;
    sync_folder(folder);
    entry(&target)
}

/// A file name not yet taken in `folder`.
fn free_name(folder: &Path, prefix: &str, reason: Reason, now: DateTime<Utc>) -> PathBuf {
    (1..)
        .map(|copy| folder.join(file_name(prefix, now, copy, reason)))
        .find(|path| !path.exists())
        .unwrap_or_else(|| folder.join(file_name(prefix, now, 1, reason)))
}

/// The online backup API copies every page from one read transaction of the live
/// connection, so the copy is consistent even while another connection writes (in WAL mode
/// writers are not blocked meanwhile). The copy is left in rollback-journal mode: one
/// self-contained file, safe to carry on a USB stick.
fn copy_database(source: &Source, to: &Path) -> Result<()> {
    remove_quietly(to);
    let mut dest = open_copy(source.keying, to)?;
    {
        let backup = OnlineBackup::new(source.conn, &mut dest)?;
        let mut tries = 0;
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More => continue,
                StepResult::Busy | StepResult::Locked if tries < 100 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                StepResult::Busy | StepResult::Locked => {
                    return Err(Error::Invalid(
                        "The club file stayed busy for five seconds.".to_owned(),
                    ));
                }
                _ => continue,
            }
        }
    }
    let _mode: String = dest.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    dest.close().map_err(|(_, e)| e)?;
    let file = fs::File::open(to)
        .map_err(|e| Error::file(format!("Could not reopen {}", to.display()), e))?;
    file.sync_all()
        .map_err(|e| Error::file(format!("Could not save {}", to.display()), e))
}

/// The check after writing: integrity, and the same schema version as the club file.
fn check_written(source: &Source, copy: &Path) -> Result<()> {
    // The check itself, not the person's: automatic backups run whoever is signed in.
    let version = verify_keyed(source.keying, copy)?;
    let expected: i64 = source
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version != expected {
        return Err(Error::Invalid(format!(
            "the copy has data version {version}, the club file {expected}"
        )));
    }
    Ok(())
}

/// Copies the club's key file, if it has one, beside the backup (before the backup gets its
/// name, so a named backup never lacks its keys).
fn keep_keys_with(club: &Path, part: &Path, target: &Path) -> Result<()> {
    let club_keys = keys_path(club);
    if !club_keys.is_file() {
        return Ok(());
    }
    copy_file(&club_keys, &keys_path(target)).inspect_err(|_| {
        remove_quietly(part);
    })
}

fn copy_file(from: &Path, to: &Path) -> Result<()> {
    let bytes =
        fs::read(from).map_err(|e| Error::file(format!("Could not read {}", from.display()), e))?;
    crate::files::write_atomically(to, &bytes)
}

fn rename(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to).map_err(|e| {
        Error::file(
            format!("Could not move {} to {}", from.display(), to.display()),
            e,
        )
    })
}

fn remove_quietly(path: &Path) {
    let _ = fs::remove_file(path);
}

/// Makes a rename in `folder` survive a power cut (a no-op where folders cannot be opened).
fn sync_folder(folder: &Path) {
    if let Ok(dir) = fs::File::open(folder) {
        let _ = dir.sync_all();
    }
}

/// An automatic backup into the club's backups folder, then rotation. `None` for a club
/// kept in memory. Automatic backups run whoever is signed in: they protect the club.
pub fn automatic(store: &Store, reason: Reason, now: DateTime<Utc>) -> Result<Option<BackupEntry>> {
    match Source::of(store) {
        Some(source) => automatic_from(&source, reason, now).map(Some),
        None => Ok(None),
    }
}

fn automatic_from(source: &Source, reason: Reason, now: DateTime<Utc>) -> Result<BackupEntry> {
    let made = write_into(source, &folder_for(source.club), "", reason, now)?;
    rotate(source.club, now, &Rotation::default())?;
    Ok(made)
}

/// The daily backup, made the first time the file is opened on a day (in the club's time
/// zone) unless one was already made that day, on a thread of its own through a read-only
/// connection of its own, so the club is in use meanwhile: copying and checking a large club
/// takes most of a second on an old laptop, and the first screen should not wait for it. In WAL mode the
/// club writes while the copy reads; the copy is the club as it was when the copy began.
/// Dropping it waits for it, so no copy is left half-made.
pub struct DailyBackup {
    /// What came of it, once known.
    answer: Option<Result<Option<BackupEntry>>>,
    /// The thread making it, until someone waits for it.
    thread: Option<std::thread::JoinHandle<Result<Option<BackupEntry>>>>,
}

impl DailyBackup {
    /// Starts today's backup unless one was made today (in the club's time zone).
    pub fn start_if_due(store: &Store, now: DateTime<Utc>) -> DailyBackup {
        match reader_if_due(store, now) {
            Ok(Some(reader)) => DailyBackup::start(reader, store, now),
            Ok(None) => DailyBackup::answered(Ok(None)),
            Err(error) => DailyBackup::answered(Err(error)),
        }
    }

    fn answered(answer: Result<Option<BackupEntry>>) -> DailyBackup {
        DailyBackup {
            answer: Some(answer),
            thread: None,
        }
    }

    fn start(reader: Connection, store: &Store, now: DateTime<Utc>) -> DailyBackup {
        let Some(club) = store.path().map(Path::to_path_buf) else {
            return DailyBackup::answered(Ok(None));
        };
        let key = store.data_key().cloned();
        let thread = crate::store::in_the_background("clubroom daily backup", move || {
            let source = Source {
                conn: &reader,
                club: &club,
                keying: key.as_ref().into(),
            };
            automatic_from(&source, Reason::Daily, now).map(Some)
        });
        match thread {
            Ok(thread) => DailyBackup {
                answer: None,
                thread: Some(thread),
            },
            Err(e) => DailyBackup::answered(Err(Error::file("Could not start the backup", e))),
        }
    }

    /// What came of it (the backup made, or none due), waiting for it if it is being made.
    pub fn wait(mut self) -> Result<Option<BackupEntry>> {
        self.finish();
        self.answer.take().unwrap_or(Ok(None))
    }

    fn finish(&mut self) {
        if let Some(thread) = self.thread.take() {
            self.answer = Some(thread.join().unwrap_or_else(|_| {
                Err(Error::Invalid(
                    "The backup stopped before it was made.".to_owned(),
                ))
            }));
        }
    }
}

impl Drop for DailyBackup {
    fn drop(&mut self) {
        self.finish();
    }
}

/// The connection today's backup reads the club through, if none was made today.
fn reader_if_due(store: &Store, now: DateTime<Utc>) -> Result<Option<Connection>> {
    let Some(club) = store.path() else {
        return Ok(None);
    };
    let today = local_date(now);
    let done_today = list(club)?.iter().any(|entry| {
        entry.reason == Reason::Daily
            && DateTime::parse_from_rfc3339(&entry.made_at)
                .is_ok_and(|at| local_date(at.with_timezone(&Utc)) == today)
    });
    if done_today {
        return Ok(None);
    }
    store.read_only_twin()
}

/// Called by `club_file` before a club file is migrated: a file at an older schema version
/// is backed up first, and if that fails the file is not migrated.
pub(crate) fn before_migration(club: &Connected, now: DateTime<Utc>) -> Result<()> {
    let Some(source) = Source::of_connected(club) else {
        return Ok(());
    };
    let found = club.schema_version()?;
    if found == 0 || found >= latest_version() {
        return Ok(());
    }
    automatic_from(&source, Reason::BeforeMigration, now).map_err(|e| {
        Error::Invalid(format!(
            "Clubroom needs to update this club file, but could not back it up first, so it \
             has not changed it. {e}"
        ))
    })?;
    Ok(())
}

/// Backs the club file up, then runs `import` as one transaction. Every import (young
/// people, attendance, staff, training) goes through here. An import that fails, or that
/// `changed` says saved nothing (the same file imported again), keeps no backup, and
/// rotation (by age) runs only after an import that changed something: failed or repeated
/// tries never push out the backup taken before the last real import. The import writes one
/// audit entry (on `record`, what `describe` says it did), not one per row.
pub fn import_with_backup<T>(
    store: &mut Store,
    now: DateTime<Utc>,
    import: impl FnOnce(&Transaction) -> Result<T>,
    changed: impl FnOnce(&T) -> bool,
    (record, describe): (&str, impl FnOnce(&T) -> String),
) -> Result<T> {
    // The backup reads every page through the club's connection; kept in memory, they are
    // there for the import that follows.
    store.with_import_cache(|store| {
        import_after_backup(store, now, import, changed, (record, describe))
    })
}

fn import_after_backup<T>(
    store: &mut Store,
    now: DateTime<Utc>,
    import: impl FnOnce(&Transaction) -> Result<T>,
    changed: impl FnOnce(&T) -> bool,
    (record, describe): (&str, impl FnOnce(&T) -> String),
) -> Result<T> {
    let made = match Source::of(store) {
        Some(source) => Some(write_into(
            &source,
            &folder_for(source.club),
            "",
            Reason::BeforeImport,
            now,
        )?),
        None => None,
    };
    let discard = |made: Option<BackupEntry>| {
        if let Some(made) = made {
            let path = PathBuf::from(&made.path);
            remove_quietly(&path);
            remove_quietly(&keys_path(&path));
        }
    };
    match store.write_as_one_import_entry(record, import, describe) {
        Ok(value) if changed(&value) => {
            if let Some(club) = store.path() {
                rotate(club, now, &Rotation::default())?;
            }
            Ok(value)
        }
        Ok(value) => {
            discard(made);
            Ok(value)
        }
        Err(error) => {
            discard(made);
            Err(error)
        }
    }
}

/// "Back up now": into `to` (a folder or USB stick), or the backups folder. Never rotated.
/// A backup made by hand is a copy of all the club's data leaving in a person's hands, so it
/// is recorded in the audit log (who, when, which file) once it has passed its check.
pub fn back_up_now(
    store: &mut Store,
    to: Option<&Path>,
    now: DateTime<Utc>,
) -> Result<BackupEntry> {
    store.actor().require(Permission::Backups)?;
    let made = {
        let store: &Store = store;
        let club = club_path(store)?;
        let source = Source {
            conn: store.conn(),
            club,
            keying: Keying::Like(store),
        };
        match to {
            Some(folder) => {
                let prefix = format!("{}-", club_stem(club));
                write_into(&source, folder, &prefix, Reason::Manual, now)?
            }
            None => write_into(&source, &folder_for(club), "", Reason::Manual, now)?,
        }
    };
    let actor = store.actor().clone();
    store.write(|tx| crate::audit::record(tx, &actor, "back up", &made.path))?;
    Ok(made)
}

// ---- rotation ----

/// Which automatic backups are kept, by age alone (grandfather, father, son), never by how
/// many there are: failed or repeated tries can never push out the backup taken before the
/// last real change. Every kind of automatic backup (daily, before an import, a restore or an
/// update) is a copy of the club file at a moment, so all of them are thinned together.
/// Backups made by hand are never removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotation {
    /// Every automatic backup younger than this is kept.
    pub every_for_days: i64,
    /// Then the newest of each day (in the club's time zone), up to this age.
    pub daily_for_days: i64,
    /// Then the newest of each week (ISO weeks), up to this age.
    pub weekly_for_days: i64,
    /// Every backup made before an update of Clubroom, up to this age (and always the
    /// newest): the way back if the new version misreads the file.
    pub before_migration_days: i64,
    // Beyond all of these, the newest backup of each month is kept for ever.
}

impl Default for Rotation {
    fn default() -> Self {
        Rotation {
            every_for_days: 7,
            daily_for_days: 31,
            weekly_for_days: 91,
            before_migration_days: 90,
        }
    }
}

/// The backups rotation removes now, of those listed (newest first).
pub fn to_remove(backups: &[BackupEntry], now: DateTime<Utc>, keep: &Rotation) -> Vec<PathBuf> {
    let made = |entry: &BackupEntry| {
        DateTime::parse_from_rfc3339(&entry.made_at)
            .map(|at| at.with_timezone(&Utc))
            .unwrap_or(now)
    };
    let age = |entry: &BackupEntry| now - made(entry);
    let automatic: Vec<&BackupEntry> = backups
        .iter()
        .filter(|b| b.reason != Reason::Manual)
        .collect();
    let mut kept: Vec<&BackupEntry> = Vec::new();
    kept.extend(
        automatic
            .iter()
            .filter(|b| age(b) <= Duration::days(keep.every_for_days)),
    );
    let newest_of = |period: &dyn Fn(NaiveDate) -> (i32, u32, u32), within: Option<i64>| {
        let candidates: Vec<(DateTime<Utc>, &BackupEntry)> = automatic
            .iter()
            .filter(|b| within.is_none_or(|days| age(b) <= Duration::days(days)))
            .map(|b| (made(b), *b))
            .collect();
        newest_in_each(&candidates, |at| period(local_date(at)))
    };
    kept.extend(newest_of(
        &|d| (d.year(), d.month(), d.day()),
        Some(keep.daily_for_days),
    ));
    kept.extend(newest_of(
        &|d| (d.iso_week().year(), d.iso_week().week(), 0),
        Some(keep.weekly_for_days),
    ));
    kept.extend(newest_of(&|d| (d.year(), d.month(), 0), None));

    let migrations: Vec<&BackupEntry> = automatic
        .iter()
        .copied()
        .filter(|b| b.reason == Reason::BeforeMigration)
        .collect();
    kept.extend(migrations.iter().max_by_key(|b| made(b)));
    kept.extend(
        migrations
            .iter()
            .filter(|b| age(b) <= Duration::days(keep.before_migration_days)),
    );

    automatic
        .into_iter()
        .filter(|b| !kept.iter().any(|k| k.path == b.path))
        .map(|b| PathBuf::from(&b.path))
        .collect()
}

/// The newest backup of each period (`period_of` names the period a moment falls in).
fn newest_in_each<'a>(
    backups: &[(DateTime<Utc>, &'a BackupEntry)],
    period_of: impl Fn(DateTime<Utc>) -> (i32, u32, u32),
) -> Vec<&'a BackupEntry> {
    let mut newest: std::collections::BTreeMap<(i32, u32, u32), (DateTime<Utc>, &'a BackupEntry)> =
        std::collections::BTreeMap::new();
    for &(at, backup) in backups {
        let slot = newest.entry(period_of(at)).or_insert((at, backup));
        if at > slot.0 {
            *slot = (at, backup);
        }
    }
    newest.into_values().map(|(_, backup)| backup).collect()
}

/// Removes the automatic backups that rotation no longer keeps, with their key files.
pub fn rotate(club: &Path, now: DateTime<Utc>, keep: &Rotation) -> Result<Vec<PathBuf>> {
    let removed = to_remove(&list(club)?, now, keep);
    for path in &removed {
        match fs::remove_file(path) {
            // Already gone: another rotation (today's backup, on its own thread) removed it.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(Error::file(
                    format!("Could not remove the old backup {}", path.display()),
                    e,
                ));
            }
            Ok(()) => {}
        }
        remove_quietly(&keys_path(path));
    }
    Ok(removed)
}

// ---- restoring ----

/// Whether the signed-in person may restore `backup` over the open club file, and the backup
/// is sound: checked before the store is given up, so a refusal changes nothing.
pub fn check_restorable(store: &Store, backup: &Path) -> Result<()> {
    store.actor().require(Permission::Backups)?;
    club_path(store)?;
    entry(backup)?;
    verify(store.data_key(), backup)?;
    Ok(())
}

/// Restores the backup at `backup` over the open club file. First the file as it is now is
/// backed up ("before a restore"); then the backup is copied beside the club file, checked,
/// and renamed over it, so the club file is at every moment either the old one or the
/// restored one, never half of each. The store is closed; open the club file again after.
pub fn restore(store: Store, backup: &Path, now: DateTime<Utc>) -> Result<Restored> {
    check_restorable(&store, backup)?;
    let club = club_path(&store)?.to_path_buf();
    let restored_from = entry(backup)?;
    let before_restore = automatic(&store, Reason::BeforeRestore, now)?;
    let head = backup_head(Keying::Like(&store), backup);
    let not_in_it = changes_after(store.conn(), head.as_ref(), &restored_from);
    let staged = stage(Keying::Like(&store), backup, &club)?;
    drop(store);
    if wal_file(&club).exists() {
        staged.discard();
        return Err(Error::Invalid(
            "The club file is open somewhere else (another Clubroom window or the command \
             line). Close it there and try the restore again; nothing was changed."
                .to_owned(),
        ));
    }
    let result = failpoint(Step::BeforeReplacing, &club).and_then(|()| {
        set_keys_aside(&club, &format!("replaced-{}", now.format(STAMP)))?;
        staged.put_in_place(&club)
    });
    if let Err(error) = result {
        staged.discard();
        return Err(error);
    }
    Ok(Restored::new(
        &club,
        restored_from,
        before_restore,
        None,
        not_in_it,
    ))
}

/// Restores a backup over a club file that is damaged (and so cannot be opened or signed in
/// to). The damaged file is never overwritten: it is moved aside, untouched, as
/// `<file>.damaged-<time>` (with its WAL and key files), and only then is the checked backup
/// put in its place. No permission is asked because no one can sign in to a damaged file; the
/// restored file asks for sign-in as before. Refused if the file is not damaged. `key` is the
/// data key of an encrypted club file that unlocked (its key file is readable) but is
/// damaged: the backup is checked with it. Whoever could unlock may do this, since no roles
/// can be read from a damaged file.
pub fn restore_over_damaged(
    club: &Path,
    backup: &Path,
    key: Option<&crate::vault::DataKey>,
    now: DateTime<Utc>,
) -> Result<Restored> {
    let keying: Keying = key.into();
    if club.exists() && !is_damaged_keyed(club, keying)? {
        return Err(Error::Invalid(
            "The club file is not damaged: open it and restore from Settings, which backs it \
             up first."
                .to_owned(),
        ));
    }
    let restored_from = entry(backup)?;
    verify_keyed(keying, backup)?;
    let staged = stage(keying, backup, club)?;
    let aside = PathBuf::from(format!("{}.damaged-{}", club.display(), now.format(STAMP)));
    let moved = move_damaged_aside(club, &aside);
    let result = moved.and_then(|()| {
        failpoint(Step::BeforeReplacing, club)?;
        staged.put_in_place(club)
    });
    if let Err(error) = result {
        staged.discard();
        put_damaged_back(club, &aside);
        return Err(error);
    }
    let head = backup_head(keying, backup);
    let not_in_it = changes_after_in_damaged(&aside, keying, head.as_ref(), &restored_from);
    Ok(Restored::new(
        club,
        restored_from,
        None,
        club_exists_label(&aside),
        not_in_it,
    ))
}

fn club_exists_label(aside: &Path) -> Option<String> {
    aside.exists().then(|| aside.display().to_string())
}

/// The files that travel with a SQLite database: its WAL and shared-memory index.
pub(crate) fn wal_file(database: &Path) -> PathBuf {
    PathBuf::from(format!("{}-wal", database.display()))
}

fn shm_file(database: &Path) -> PathBuf {
    PathBuf::from(format!("{}-shm", database.display()))
}

/// The damaged file and everything that belongs to it, moved under one new name.
/// A file that travels with a database, and how its name follows the database's.
type Companion = (PathBuf, fn(&Path) -> PathBuf);

fn companions(database: &Path) -> [Companion; 4] {
    [
        (database.to_path_buf(), |p| p.to_path_buf()),
        (wal_file(database), wal_file),
        (shm_file(database), shm_file),
        (keys_path(database), keys_path),
    ]
}

fn move_damaged_aside(club: &Path, aside: &Path) -> Result<()> {
    for (from, name) in companions(club) {
        if from.exists() {
            rename(&from, &name(aside))?;
        }
    }
    Ok(())
}

fn put_damaged_back(club: &Path, aside: &Path) {
    for (_, name) in companions(club) {
        let from = name(aside);
        if from.exists() {
            let _ = fs::rename(&from, name(club));
        }
    }
}

/// A key file that does not belong with the restored database is moved aside, not deleted.
fn set_keys_aside(club: &Path, tag: &str) -> Result<()> {
    let keys = keys_path(club);
    if keys.exists() {
        rename(&keys, &PathBuf::from(format!("{}.{tag}", keys.display())))?;
    }
    Ok(())
}

/// A checked copy of a backup waiting beside the club file under a hidden name.
struct Staged {
    database: PathBuf,
    keys: Option<PathBuf>,
}

fn stage(keying: Keying, backup: &Path, club: &Path) -> Result<Staged> {
    let folder = club
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let database = folder.join(format!(".{}.restoring", file_label(club)));
    let staged = Staged {
        keys: keys_path(backup).is_file().then(|| keys_path(&database)),
        database,
    };
    let copied = copy_staged(backup, &staged).and_then(|()| {
        verify_keyed(keying, &staged.database)?;
        Ok(())
    });
    if let Err(error) = copied {
        staged.discard();
        return Err(error);
    }
    Ok(staged)
}

/// Copies the backup's bytes (a backup is one self-contained file, not in use, so a byte
/// copy is exact) and flushes them to disk.
fn copy_staged(backup: &Path, staged: &Staged) -> Result<()> {
    let bytes = fs::read(backup)
        .map_err(|e| Error::file(format!("Could not read {}", backup.display()), e))?;
    let fail = |e| Error::file(format!("Could not write {}", staged.database.display()), e);
    let mut file = fs::File::create(&staged.database).map_err(fail)?;
    let half = bytes.len() / 2;
    file.write_all(&bytes[..half]).map_err(fail)?;
    failpoint(Step::Staging, &staged.database)?;
    file.write_all(&bytes[half..])
        .and_then(|()| file.sync_all())
        .map_err(fail)?;
    if let Some(keys) = &staged.keys {
        copy_file(&keys_path(backup), keys)?;
    }
    Ok(())
}

impl Staged {
    /// The keys first, then the database: the last rename is the moment of the restore.
    fn put_in_place(&self, club: &Path) -> Result<()> {
        if let Some(keys) = &self.keys {
            rename(keys, &keys_path(club))?;
        }
        rename(&self.database, club)?;
        if let Some(folder) = club.parent().filter(|p| !p.as_os_str().is_empty()) {
            sync_folder(folder);
        }
        Ok(())
    }

    fn discard(&self) {
        remove_quietly(&self.database);
        if let Some(keys) = &self.keys {
            remove_quietly(keys);
        }
    }
}

// ---- failure injection for the tests ----

/// Points at which the tests make a backup or a restore fail, to prove nothing is left half.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// A backup has been copied, before its check.
    BackupWritten,
    /// Half of a restored backup has been copied beside the club file.
    Staging,
    /// Everything is ready and the club file is about to be replaced.
    BeforeReplacing,
}

/// Where to fail, and what to do to the file there first.
#[cfg(test)]
type Failure = Option<(Step, fn(&Path))>;

#[cfg(test)]
thread_local! {
    static FAIL_AT: std::cell::RefCell<Failure> = const { std::cell::RefCell::new(None) };
}

#[cfg(test)]
fn failpoint(step: Step, path: &Path) -> Result<()> {
    let hook = FAIL_AT.with(|f| *f.borrow());
    match hook {
        Some((at, act)) if at == step => {
            act(path);
            if step == Step::BackupWritten {
                // The hook damaged the copy; the check must catch it.
                return Ok(());
            }
            Err(Error::Invalid(format!("injected failure at {step:?}")))
        }
        _ => Ok(()),
    }
}

#[cfg(not(test))]
fn failpoint(_step: Step, _path: &Path) -> Result<()> {
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests;
