//! Sending the partnership summary: where it goes (the partnership's destination), what is
//! waiting to go (the outbox) and every attempt (the sync log).
//!
//! A period is queued with its files made once ([`queue`]), so a retry sends exactly the
//! bytes the manager saw. Delivery ([`deliver_waiting`]) goes to a folder (a shared drive or
//! a cloud-sync folder, each file written atomically) or to a WebDAV folder (HTTP PUT to a
//! temporary name, then MOVE into place). A failure keeps the files, says why in words a
//! youth worker understands, and sets the next attempt with exponential back-off. Sending a
//! period again replaces its outbox entry and, because the file names are keyed by member
//! code, period and schema, its files at the destination: nothing is ever duplicated.
//!
//! The WebDAV app password is never kept in the database or a file: it comes from
//! [`PASSWORD_VARIABLE`] (tests, headless machines) or the OS keychain (the app).
//!
//! Time is always passed in (`now`), so tests can step through the back-off without waiting.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::access::{Operation, Target};
use crate::dates::Period;
use crate::error::{Error, Result, invalid};
use crate::store::Store;
use crate::summary::{self, SummaryFile};

/// Where a headless machine (tests, CI, a script) gives the WebDAV app password when there
/// is no OS keychain. It is read, never written.
pub const PASSWORD_VARIABLE: &str = "CLUBROOM_WEBDAV_PASSWORD";

/// The first wait after a failure; each further failure doubles it.
pub const FIRST_RETRY: Duration = Duration::from_secs(60);

/// The longest wait between attempts.
pub const LONGEST_RETRY: Duration = Duration::from_secs(6 * 60 * 60);

/// How long to wait for a WebDAV server to accept a connection, and for a whole request.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// What sort of place the summary goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum DestinationKind {
    /// A folder on this computer: a shared drive or a OneDrive/Dropbox/Nextcloud folder.
    Folder,
    /// A WebDAV folder on the web (Nextcloud, SharePoint), with a user name and app password.
    Webdav,
}

/// How often the partnership collects summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Calendar {
    Monthly,
    Quarterly,
    /// The partnership's own dates ([`Destination::custom_periods`]).
    Custom,
}

/// The partnership's destination and reporting calendar. Never holds the password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Destination {
    pub kind: DestinationKind,
    /// The folder's path, or the WebDAV folder's web address.
    pub location: String,
    /// The WebDAV user name (none for a folder).
    pub user_name: Option<String>,
    pub calendar: Calendar,
    /// The partnership's own periods, when the calendar is custom.
    pub custom_periods: Vec<Period>,
}

/// Where an outbox entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Not sent yet: queued, or the destination could not be reached (it will be retried).
    Waiting,
    Sent,
    /// The destination refused it (a wrong password, a full server): someone has to act;
    /// it is still retried, in case they already have.
    Failed,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Waiting => "waiting",
            Status::Sent => "sent",
            Status::Failed => "failed",
        }
    }

    fn from_code(code: &str) -> Status {
        match code {
            "sent" => Status::Sent,
            "failed" => Status::Failed,
            _ => Status::Waiting,
        }
    }
}

/// A file of an outbox entry, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OutboxFile {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

/// One period to send, and how its sending stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OutboxEntry {
    pub id: i64,
    pub period: Period,
    pub status: Status,
    pub attempts: u32,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub queued_at: DateTime<Utc>,
    /// When it will be tried again (none once sent).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub next_attempt_at: Option<DateTime<Utc>>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub sent_at: Option<DateTime<Utc>>,
    /// Why the last attempt did not deliver, in words for a youth worker.
    pub last_error: Option<String>,
    /// In the order they are delivered: the CSV, the schema, the manifest.
    pub files: Vec<OutboxFile>,
}

/// One attempt to deliver, as the sync log keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LogEntry {
    pub id: i64,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub attempted_at: DateTime<Utc>,
    pub period: Period,
    /// The folder or web address (with the user name), never the password.
    pub destination: String,
    pub file_names: Vec<String>,
    /// The SHA-256 of the summary CSV that was sent (or tried).
    pub csv_sha256: String,
    pub result: Status,
    pub message: String,
}

/// The outcome of one attempt to deliver an entry's files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Attempt {
    pub result: Status,
    pub message: String,
}

/// Which outbox entries [`deliver_waiting`] tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Which {
    /// Only those whose next attempt is due (a timer while the app runs).
    Due,
    /// Every one not sent (the app starting, the network coming back, a person pressing Send).
    All,
}

/// The period a summary is due for on `today`, by the partnership's calendar: the last full
/// month or quarter before today, or the latest of the partnership's own periods that has
/// ended (the last full quarter while none has). With no calendar chosen yet, quarterly.
pub fn due_period(
    calendar: Option<Calendar>,
    custom_periods: &[Period],
    today: NaiveDate,
) -> Period {
    let last_full_quarter = || {
        let this_quarter = Period::financial_quarter_of(today);
        Period::financial_quarter_of(this_quarter.from.pred_opt().expect("a day before"))
    };
    match calendar {
        Some(Calendar::Monthly) => {
            let last_day = today
                .with_day(1)
                .and_then(|first| first.pred_opt())
                .expect("a day before");
            Period {
                from: last_day.with_day(1).expect("the first of a month"),
                to: last_day,
            }
        }
        Some(Calendar::Custom) => custom_periods
            .iter()
            .filter(|period| period.to < today)
            .max_by_key(|period| period.to)
            .copied()
            .unwrap_or_else(last_full_quarter),
        Some(Calendar::Quarterly) | None => last_full_quarter(),
    }
}

// ---------------------------------------------------------------------------------------
// The destination

/// The partnership's destination, if a manager has set one.
pub fn destination(conn: &Connection) -> Result<Option<Destination>> {
    let found = conn
        .query_row(
            "SELECT kind, location, user_name, calendar FROM sync_destination WHERE id = 1",
            [],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Option<String>>(2)?,
                    row.get::<_, String>(3)?,
                ))
            },
        )
        .optional()?;
    let Some((kind, location, user_name, calendar)) = found else {
        return Ok(None);
    };
    Ok(Some(Destination {
        kind: if kind == "webdav" {
            DestinationKind::Webdav
        } else {
            DestinationKind::Folder
        },
        location,
        user_name,
        calendar: match calendar.as_str() {
            "monthly" => Calendar::Monthly,
            "custom" => Calendar::Custom,
            _ => Calendar::Quarterly,
        },
        custom_periods: custom_periods(conn)?,
    }))
}

fn custom_periods(conn: &Connection) -> Result<Vec<Period>> {
    let mut statement = conn.prepare(
        "SELECT period_start, period_end FROM sync_custom_periods ORDER BY period_start, period_end",
    )?;
    let periods = statement
        .query_map([], |row| {
            Ok(Period {
                from: row.get(0)?,
                to: row.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(periods)
}

/// Sets (or replaces) the partnership's destination, checked first. Returns it tidied.
pub fn set_destination(
    tx: &Transaction,
    destination: &Destination,
    now: DateTime<Utc>,
) -> Result<Destination> {
    let destination = checked(destination)?;
    let kind = match destination.kind {
        DestinationKind::Folder => "folder",
        DestinationKind::Webdav => "webdav",
    };
    let calendar = match destination.calendar {
        Calendar::Monthly => "monthly",
        Calendar::Quarterly => "quarterly",
        Calendar::Custom => "custom",
    };
    tx.execute(
        "INSERT INTO sync_destination (id, kind, location, user_name, calendar, updated_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET kind = ?1, location = ?2, user_name = ?3,
             calendar = ?4, updated_at = ?5",
        params![
            kind,
            destination.location,
            destination.user_name,
            calendar,
            now
        ],
    )?;
    tx.execute("DELETE FROM sync_custom_periods", [])?;
    for period in &destination.custom_periods {
        tx.execute(
            "INSERT OR IGNORE INTO sync_custom_periods (period_start, period_end) VALUES (?1, ?2)",
            params![period.from, period.to],
        )?;
    }
    Ok(destination)
}

/// The destination with its text trimmed, or why it cannot be used.
fn checked(destination: &Destination) -> Result<Destination> {
    let mut tidy = destination.clone();
    tidy.location = destination.location.trim().to_owned();
    tidy.user_name = crate::store::tidy(destination.user_name.as_deref());
    for period in &tidy.custom_periods {
        Period::new(period.from, period.to)?;
    }
    match tidy.kind {
        DestinationKind::Folder => {
            if tidy.location.is_empty() {
                return invalid("Choose the folder to send the summary to.");
            }
            if !Path::new(&tidy.location).is_dir() {
                return invalid(format!(
                    "There is no folder {}: choose a folder that exists (connect the shared drive first).",
                    tidy.location
                ));
            }
            tidy.user_name = None;
        }
        DestinationKind::Webdav => {
            check_web_address(&tidy.location)?;
            if !tidy.location.ends_with('/') {
                tidy.location.push('/');
            }
            if tidy.user_name.is_none() {
                return invalid("Enter the user name the partnership gave you for its server.");
            }
        }
    }
    Ok(tidy)
}

/// A WebDAV address must be https, so the password and the summary travel encrypted. Plain
/// http is accepted only on this computer itself (a server started by a test).
fn check_web_address(url: &str) -> Result<()> {
    let host = host_of(url);
    let local = matches!(host.split(':').next(), Some("localhost" | "127.0.0.1"))
        || host.starts_with("[::1]");
    let secure = url.starts_with("https://");
    if host.is_empty() || !(secure || (url.starts_with("http://") && local)) {
        return invalid(format!(
            "“{url}” is not an address Clubroom can send to: it should start with https:// \
             (like https://cloud.example.org/remote.php/dav/files/club/summaries/)."
        ));
    }
    Ok(())
}

/// The host (and port) of a web address, for messages: `cloud.example.org`.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split('/').next().unwrap_or("");
    authority.rsplit('@').next().unwrap_or(authority)
}

/// How the destination is named in the log and in messages (never with the password).
pub fn describe(destination: &Destination) -> String {
    match (&destination.kind, &destination.user_name) {
        (DestinationKind::Webdav, Some(user)) => format!("{} (as {user})", destination.location),
        _ => destination.location.clone(),
    }
}

// ---------------------------------------------------------------------------------------
// The password

/// The WebDAV app password: from [`PASSWORD_VARIABLE`] if set, else from the OS keychain.
/// `None` for a folder, or when neither holds one.
pub fn password(destination: &Destination) -> Result<Option<String>> {
    if destination.kind == DestinationKind::Folder {
        return Ok(None);
    }
    if let Some(password) = std::env::var(PASSWORD_VARIABLE)
        .ok()
        .filter(|p| !p.is_empty())
    {
        return Ok(Some(password));
    }
    keychain::get(&keychain_account(destination))
}

/// Keeps the WebDAV app password in the OS keychain (never in the database or a file).
pub fn save_password(destination: &Destination, password: &str) -> Result<()> {
    if password.is_empty() {
        return invalid("Enter the app password the partnership gave you.");
    }
    keychain::set(&keychain_account(destination), password)
}

/// The keychain account: the address and the user, so two partnerships do not clash.
fn keychain_account(destination: &Destination) -> String {
    format!(
        "{} {}",
        destination.location,
        destination.user_name.as_deref().unwrap_or("")
    )
}

/// The OS keychain, kept behind two small functions so that nothing else (and no test)
/// needs one.
mod keychain {
    use crate::error::{Result, invalid};

    /// The service name under which the app passwords are kept.
    const SERVICE: &str = "Clubroom";

    /// The password kept for `account`, or none: none kept, or no keychain on this computer
    /// (a headless server, CI), where the environment variable is the way instead.
    pub fn get(account: &str) -> Result<Option<String>> {
        let Ok(entry) = keyring::Entry::new(SERVICE, account) else {
            return Ok(None);
        };
        match entry.get_password() {
            Ok(password) => Ok(Some(password)),
            Err(keyring::Error::NoEntry | keyring::Error::NoDefaultStore) => Ok(None),
            Err(error) => invalid(format!(
                "Could not read the app password from this computer's keychain ({error}): \
                 unlock the keychain, or enter the password again in the destination settings."
            )),
        }
    }

    pub fn set(account: &str, password: &str) -> Result<()> {
        let entry = keyring::Entry::new(SERVICE, account).or_else(|error| {
            invalid(format!(
                "This computer has no keychain Clubroom can use ({error}): set {} instead.",
                super::PASSWORD_VARIABLE
            ))
        })?;
        entry.set_password(password).or_else(|error| {
            invalid(format!(
                "The keychain did not keep the app password ({error}): set {} instead.",
                super::PASSWORD_VARIABLE
            ))
        })
    }
}

// ---------------------------------------------------------------------------------------
// The outbox

/// Builds the summary of a period and puts its files in the outbox, replacing an earlier
/// entry for the same period. Needs a destination, so nothing is queued that cannot go. A
/// period that has not ended is refused, with what sending it means, unless the manager has
/// chosen to send it anyway (`before_period_ends`).
pub fn queue(
    tx: &Transaction,
    period: Period,
    today: NaiveDate,
    now: DateTime<Utc>,
    before_period_ends: bool,
) -> Result<OutboxEntry> {
    if destination(tx)?.is_none() {
        return invalid(
            "Set the partnership's destination first (a folder, or its server's address).",
        );
    }
    if let Some(warning) = summary::period_not_ended(period, today)
        && !before_period_ends
    {
        return invalid(warning);
    }
    let mut summary = summary::build(tx, period, today)?;
    // What leaves the machine records the audit log's head: a witness the club cannot edit.
    summary.audit_head = Some(crate::audit::head(tx)?);
    let files = summary.files(now)?;
    tx.execute(
        "DELETE FROM sync_outbox WHERE period_start = ?1 AND period_end = ?2",
        params![period.from, period.to],
    )?;
    tx.execute(
        "INSERT INTO sync_outbox (period_start, period_end, status, attempts, queued_at, next_attempt_at)
         VALUES (?1, ?2, 'waiting', 0, ?3, ?3)",
        params![period.from, period.to, now],
    )?;
    let id = tx.last_insert_rowid();
    for (position, file) in files.iter().enumerate() {
        tx.execute(
            "INSERT INTO sync_outbox_files (outbox_id, position, name, bytes, sha256)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, position as i64, file.name, file.bytes, file.sha256()],
        )?;
    }
    entry(tx, id)
}

/// The audit log checked against every witness Clubroom can find: the backups and the key
/// file (`backup::audit_witnesses`), and the manifest of every partnership summary the club
/// keeps in its outbox or delivered to a folder (each carries the log's head when it was
/// made). The first entry that no longer matches is named, with the witness that caught it.
/// Both shells' "check the audit log" call this.
pub fn verify_audit(store: &Store) -> Result<crate::audit::Verification> {
    let mut witnesses = crate::backup::audit_witnesses(store)?;
    let since = store.path().and_then(crate::backup::latest_restore);
    for (witness, head, made) in summary_heads(store.conn())? {
        // A summary made before the latest restore rightly holds entries the restored log
        // no longer has.
        if since.is_some_and(|restore| made <= restore) {
            continue;
        }
        witnesses.push(crate::audit::check_witness(
            store.conn(),
            witness,
            head,
            None,
        )?);
    }
    crate::audit::verify_with_witnesses(store.conn(), witnesses)
}

/// The audit heads recorded in the summaries' manifests: those in the outbox, and the copy
/// delivered to a folder destination (outside the club file), with when each was made.
fn summary_heads(
    conn: &Connection,
) -> Result<Vec<(String, crate::audit::ChainHead, DateTime<Utc>)>> {
    let folder = destination(conn)?
        .filter(|d| d.kind == DestinationKind::Folder)
        .map(|d| PathBuf::from(d.location));
    let mut heads = Vec::new();
    for entry in outbox(conn)? {
        for file in files_of(conn, entry.id)? {
            if !file.name.ends_with("_manifest.json") {
                continue;
            }
            let period = format!("{} to {}", entry.period.from, entry.period.to);
            let mut copies = vec![(
                format!("the partnership summary for {period} in the outbox"),
                file.bytes.clone(),
            )];
            if let Some(folder) = &folder
                && let Ok(bytes) = std::fs::read(folder.join(&file.name))
            {
                copies.push((
                    format!(
                        "the partnership summary for {period} delivered to {}",
                        folder.display()
                    ),
                    bytes,
                ));
            }
            for (witness, bytes) in copies {
                let Ok(manifest) = serde_json::from_slice::<summary::Manifest>(&bytes) else {
                    continue;
                };
                let made = DateTime::parse_from_rfc3339(&manifest.produced_at)
                    .map_or(entry.queued_at, |t| t.with_timezone(&Utc));
                if let Some(head) = manifest.audit_head {
                    heads.push((witness, head, made));
                }
            }
        }
    }
    Ok(heads)
}

/// Every outbox entry, newest period first.
pub fn outbox(conn: &Connection) -> Result<Vec<OutboxEntry>> {
    entries(conn, "1 = 1", params![])
}

/// The outbox as `actor` may see it: whole for those who send the partnership summary,
/// empty for anyone else (whose session may still retry what a manager queued).
pub fn outbox_for(conn: &Connection, actor: &crate::access::Actor) -> Result<Vec<OutboxEntry>> {
    if actor.can(crate::access::Permission::Partnership) {
        outbox(conn)
    } else {
        Ok(Vec::new())
    }
}

/// The entries [`deliver_waiting`] would try now.
pub fn pending(conn: &Connection, which: Which, now: DateTime<Utc>) -> Result<Vec<OutboxEntry>> {
    match which {
        Which::All => entries(conn, "status != 'sent'", params![]),
        Which::Due => entries(
            conn,
            "status != 'sent' AND next_attempt_at <= ?1",
            params![now],
        ),
    }
}

fn entry(conn: &Connection, id: i64) -> Result<OutboxEntry> {
    entries(conn, "id = ?1", params![id])?
        .pop()
        .ok_or_else(|| Error::NotFound("That summary is no longer in the outbox.".to_owned()))
}

fn entries(
    conn: &Connection,
    filter: &str,
    values: &[&dyn rusqlite::ToSql],
) -> Result<Vec<OutboxEntry>> {
    let mut statement = conn.prepare(&format!(
        "SELECT id, period_start, period_end, status, attempts, queued_at, next_attempt_at,
                sent_at, last_error
         FROM sync_outbox WHERE {filter} ORDER BY period_start DESC, period_end DESC"
    ))?;
    let mut found = statement
        .query_map(values, |row| {
            Ok(OutboxEntry {
                id: row.get(0)?,
                period: Period {
                    from: row.get(1)?,
                    to: row.get(2)?,
                },
                status: Status::from_code(&row.get::<_, String>(3)?),
                attempts: row.get(4)?,
                queued_at: row.get(5)?,
                next_attempt_at: row.get(6)?,
                sent_at: row.get(7)?,
                last_error: row.get(8)?,
                files: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for entry in &mut found {
        entry.files = files_of(conn, entry.id)?
            .iter()
            .map(|file| OutboxFile {
                name: file.name.clone(),
                bytes: file.bytes.len() as u64,
                sha256: file.sha256(),
            })
            .collect();
    }
    Ok(found)
}

/// An entry's files with their bytes, in the order to deliver them.
pub fn files_of(conn: &Connection, id: i64) -> Result<Vec<SummaryFile>> {
    let mut statement = conn.prepare(
        "SELECT name, bytes FROM sync_outbox_files WHERE outbox_id = ?1 ORDER BY position",
    )?;
    let files = statement
        .query_map([id], |row| {
            Ok(SummaryFile {
                name: row.get(0)?,
                bytes: row.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(files)
}

// ---------------------------------------------------------------------------------------
// Delivering

/// How a shell lends the open club file to [`send`]: for one step at a time (planning,
/// then recording each attempt), so the file is not held while the files travel and the
/// window stays usable during a slow upload. The CLI lends its [`Store`] whole.
pub trait Lend {
    fn with_store<T>(&mut self, job: impl FnOnce(&mut Store) -> Result<T>) -> Result<T>;
}

impl Lend for Store {
    fn with_store<T>(&mut self, job: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        job(self)
    }
}

/// What a person asked to send: a period to put in the outbox first (none: only try again
/// what is waiting), and which waiting entries to try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendRequest {
    pub period: Option<Period>,
    /// The manager chose to send a period that has not ended ([`queue`]).
    pub before_period_ends: bool,
    pub which: Which,
}

impl SendRequest {
    /// Sends a period now: queued, then everything not yet sent is tried.
    pub fn period(period: Period, before_period_ends: bool) -> SendRequest {
        SendRequest {
            period: Some(period),
            before_period_ends,
            which: Which::All,
        }
    }

    /// Tries again what is waiting (`which`), queuing nothing.
    pub fn retry(which: Which) -> SendRequest {
        SendRequest {
            period: None,
            before_period_ends: false,
            which,
        }
    }
}

/// Sending the partnership summary, the one use case both shells call: the person may
/// (sending a period needs the partnership permission; trying again what is waiting is
/// anyone's), the period is queued with its files made once (one transaction), then each
/// waiting entry is delivered with the password the destination needs and its attempt
/// recorded as it ends. Returns the entries tried, as they now stand.
pub fn send(
    club: &mut impl Lend,
    request: SendRequest,
    today: NaiveDate,
    now: impl Fn() -> DateTime<Utc>,
) -> Result<Vec<OutboxEntry>> {
    let operation = match request.period {
        Some(_) => Operation::SendSummary,
        None => Operation::RetrySummaries,
    };
    let password = club.with_store(|store| {
        store.begin(operation, Target::Nothing)?;
        if let Some(period) = request.period {
            store.write(|tx| queue(tx, period, today, now(), request.before_period_ends))?;
        }
        let Some(destination) = destination(store.conn())? else {
            return invalid(
                "Set the partnership's destination first (a folder, or its server's address).",
            );
        };
        password(&destination)
    })?;
    deliver_waiting(club, request.which, now, password.as_deref())
}

/// Tries to deliver the outbox entries (`which`), one at a time, recording each attempt
/// (at the time `now` gives as it ends). The club file is lent for planning and for each
/// record, never while the files travel. Returns the entries tried, as they now stand.
pub fn deliver_waiting(
    club: &mut impl Lend,
    which: Which,
    now: impl Fn() -> DateTime<Utc>,
    password: Option<&str>,
) -> Result<Vec<OutboxEntry>> {
    let Some((destination, jobs)) = club.with_store(|store| plan(store.conn(), which, now()))?
    else {
        return Ok(Vec::new());
    };
    let mut tried = Vec::new();
    for (id, files) in jobs {
        let attempt = deliver(&destination, password, &files);
        tried.push(
            club.with_store(|store| {
                store.write(|tx| record(tx, id, &destination, &attempt, now()))
            })?,
        );
    }
    Ok(tried)
}

/// What delivering now means: the destination and each entry to try with its files, or
/// `None` with no destination set.
type Plan = (Destination, Vec<(i64, Vec<SummaryFile>)>);

fn plan(conn: &Connection, which: Which, now: DateTime<Utc>) -> Result<Option<Plan>> {
    let Some(destination) = destination(conn)? else {
        return Ok(None);
    };
    let mut jobs = Vec::new();
    for entry in pending(conn, which, now)? {
        jobs.push((entry.id, files_of(conn, entry.id)?));
    }
    Ok(Some((destination, jobs)))
}

/// Delivers files to the destination, in order. Never fails: what went wrong is the attempt.
pub fn deliver(
    destination: &Destination,
    password: Option<&str>,
    files: &[SummaryFile],
) -> Attempt {
    let delivered = match destination.kind {
        DestinationKind::Folder => to_folder(Path::new(&destination.location), files),
        DestinationKind::Webdav => to_webdav(destination, password, files),
    };
    match delivered {
        Ok(()) => Attempt {
            result: Status::Sent,
            message: format!("Sent to {}.", describe(destination)),
        },
        Err(problem) => problem.into_attempt(),
    }
}

/// Records an attempt in the sync log and on its outbox entry: sent, or the reason and when
/// to try again.
pub fn record(
    tx: &Transaction,
    id: i64,
    destination: &Destination,
    attempt: &Attempt,
    now: DateTime<Utc>,
) -> Result<OutboxEntry> {
    let before = entry(tx, id)?;
    let attempts = before.attempts + 1;
    if attempt.result == Status::Sent {
        tx.execute(
            "UPDATE sync_outbox SET status = 'sent', attempts = ?2, sent_at = ?3,
                 next_attempt_at = NULL, last_error = NULL WHERE id = ?1",
            params![id, attempts, now],
        )?;
    } else {
        tx.execute(
            "UPDATE sync_outbox SET status = ?2, attempts = ?3, next_attempt_at = ?4,
                 last_error = ?5 WHERE id = ?1",
            params![
                id,
                attempt.result.code(),
                attempts,
                now + back_off(attempts),
                attempt.message
            ],
        )?;
    }
    log_attempt(tx, &before, destination, attempt, now)?;
    entry(tx, id)
}

/// The wait after the `attempts`-th failure in a row: 1 minute, 2, 4, … at most 6 hours.
pub fn back_off(attempts: u32) -> chrono::Duration {
    let doublings = attempts.saturating_sub(1).min(16);
    let wait = FIRST_RETRY
        .saturating_mul(1 << doublings)
        .min(LONGEST_RETRY);
    chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(6))
}

fn log_attempt(
    tx: &Transaction,
    entry: &OutboxEntry,
    destination: &Destination,
    attempt: &Attempt,
    now: DateTime<Utc>,
) -> Result<()> {
    let names: Vec<&str> = entry.files.iter().map(|f| f.name.as_str()).collect();
    let csv_sha256 = entry
        .files
        .iter()
        .find(|f| f.name.ends_with(".csv"))
        .map_or("", |f| f.sha256.as_str());
    tx.execute(
        "INSERT INTO sync_log (attempted_at, period_start, period_end, destination, file_names,
             csv_sha256, result, message)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            now,
            entry.period.from,
            entry.period.to,
            describe(destination),
            serde_json::Value::from(names).to_string(),
            csv_sha256,
            attempt.result.code(),
            attempt.message
        ],
    )?;
    Ok(())
}

/// The sync log, newest first.
pub fn log(conn: &Connection) -> Result<Vec<LogEntry>> {
    let mut statement = conn.prepare(
        "SELECT id, attempted_at, period_start, period_end, destination, file_names, csv_sha256,
                result, message
         FROM sync_log ORDER BY attempted_at DESC, id DESC",
    )?;
    let rows = statement
        .query_map([], |row| {
            let names: String = row.get(5)?;
            Ok(LogEntry {
                id: row.get(0)?,
                attempted_at: row.get(1)?,
                period: Period {
                    from: row.get(2)?,
                    to: row.get(3)?,
                },
                destination: row.get(4)?,
                // Written by this module as a JSON list; an unreadable one shows as none.
                file_names: serde_json::from_str(&names).unwrap_or_default(),
                csv_sha256: row.get(6)?,
                result: Status::from_code(&row.get::<_, String>(7)?),
                message: row.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Why a delivery did not happen.
enum Problem {
    /// The destination could not be reached: it waits, and goes when it is back.
    Unreachable(String),
    /// The destination answered no: somebody has to act.
    Refused(String),
}

impl Problem {
    fn into_attempt(self) -> Attempt {
        match self {
            Problem::Unreachable(message) => Attempt {
                result: Status::Waiting,
                message,
            },
            Problem::Refused(message) => Attempt {
                result: Status::Failed,
                message,
            },
        }
    }
}

/// Writes the files into the folder, each atomically, the manifest last.
fn to_folder(folder: &Path, files: &[SummaryFile]) -> std::result::Result<(), Problem> {
    // A shared drive that is not connected looks like a missing folder: wait for it.
    if !folder.is_dir() {
        return Err(Problem::Unreachable(format!(
            "The folder {} cannot be found (is the shared drive connected?): it will be sent when it is back.",
            folder.display()
        )));
    }
    summary::write_files(folder, files)
        .map(|_| ())
        .map_err(|error| {
            Problem::Refused(format!(
                "Could not write into the folder {}: {error}",
                folder.display()
            ))
        })
}

/// PUTs each file to a temporary name and MOVEs it into place, the manifest last, so the
/// partnership's folder never holds half a file nor a manifest before what it describes.
fn to_webdav(
    destination: &Destination,
    password: Option<&str>,
    files: &[SummaryFile],
) -> std::result::Result<(), Problem> {
    let Some(password) = password else {
        return Err(Problem::Refused(format!(
            "There is no app password for {}: enter it in the destination settings (or set {PASSWORD_VARIABLE}).",
            describe(destination)
        )));
    };
    let server = Webdav {
        agent: agent(),
        base: destination.location.clone(),
        authorisation: basic_authorisation(
            destination.user_name.as_deref().unwrap_or(""),
            password,
        ),
    };
    for file in files {
        server.put_in_place(file)?;
    }
    Ok(())
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .timeout_global(Some(REQUEST_TIMEOUT))
        // Statuses are answers to explain, not transport errors.
        .http_status_as_error(false)
        // MOVE is WebDAV's, not HTTP's.
        .allow_non_standard_methods(true)
        .user_agent(format!("Clubroom/{}", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

fn basic_authorisation(user: &str, password: &str) -> String {
    use base64::Engine;
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {token}")
}

struct Webdav {
    agent: ureq::Agent,
    /// The folder's address, ending in `/`.
    base: String,
    authorisation: String,
}

impl Webdav {
    fn put_in_place(&self, file: &SummaryFile) -> std::result::Result<(), Problem> {
        let target = format!("{}{}", self.base, file.name);
        let temporary = format!("{}.{}.part", self.base, file.name);
        self.put(&temporary, &file.bytes)?;
        match self.rename(&temporary, &target)? {
            Moved::Yes => Ok(()),
            // A server without MOVE: put the file under its name directly (it may then be
            // seen half-written for a moment) and tidy the temporary file away.
            Moved::NotSupported => {
                self.put(&target, &file.bytes)?;
                self.remove(&temporary);
                Ok(())
            }
        }
    }

    fn put(&self, url: &str, bytes: &[u8]) -> std::result::Result<(), Problem> {
        let request = ureq::http::Request::put(url)
            .header("Authorization", &self.authorisation)
            .header("Content-Type", content_type(url))
            .body(bytes);
        let status = self.send(request)?;
        ok_or_problem(status, &self.base)
    }

    fn rename(&self, from: &str, to: &str) -> std::result::Result<Moved, Problem> {
        let request = ureq::http::Request::builder()
            .method("MOVE")
            .uri(from)
            .header("Authorization", &self.authorisation)
            .header("Destination", to)
            .header("Overwrite", "T")
            .body(());
        match self.send(request)? {
            405 | 501 => Ok(Moved::NotSupported),
            status => ok_or_problem(status, &self.base).map(|()| Moved::Yes),
        }
    }

    /// Best effort: a leftover temporary file is harmless and replaced on the next send.
    fn remove(&self, url: &str) {
        let request = ureq::http::Request::delete(url)
            .header("Authorization", &self.authorisation)
            .body(());
        let _ = self.send(request);
    }

    fn send(
        &self,
        request: std::result::Result<ureq::http::Request<impl ureq::AsSendBody>, ureq::http::Error>,
    ) -> std::result::Result<u16, Problem> {
        let request = request.map_err(|_| not_an_address(&self.base))?;
        match self.agent.run(request) {
            Ok(response) => Ok(response.status().as_u16()),
            Err(error) => Err(transport_problem(&error, &self.base)),
        }
    }
}

enum Moved {
    Yes,
    NotSupported,
}

fn content_type(url: &str) -> &'static str {
    if url.ends_with(".csv") || url.ends_with(".csv.part") {
        "text/csv; charset=utf-8"
    } else {
        "application/json"
    }
}

/// A status the server answered, in words.
fn ok_or_problem(status: u16, base: &str) -> std::result::Result<(), Problem> {
    let host = host_of(base);
    match status {
        200..=299 => Ok(()),
        401 => Err(Problem::Refused(
            "The partnership's server refused the user name or app password (401): check them in the destination settings.".to_owned(),
        )),
        403 => Err(Problem::Refused(
            "The partnership's server does not let this user write to that folder (403): tell the partnership.".to_owned(),
        )),
        404 | 409 => Err(Problem::Refused(format!(
            "The partnership's server has no folder at {base} ({status}): check the address in the destination settings."
        ))),
        507 => Err(Problem::Refused(
            "The partnership's server is full (507): tell the partnership.".to_owned(),
        )),
        // A server that is down for a moment (bad gateway, unavailable, timed out).
        500..=599 => Err(Problem::Unreachable(format!(
            "The partnership's server {host} has a problem of its own ({status}): it will be sent when it is working again."
        ))),
        _ => Err(Problem::Refused(format!(
            "The partnership's server {host} did not accept the summary ({status}): tell the partnership."
        ))),
    }
}

/// A failure before any answer, in words.
fn transport_problem(error: &ureq::Error, base: &str) -> Problem {
    let host = host_of(base);
    let connection_refused = matches!(error, ureq::Error::Io(io)
        if io.kind() == std::io::ErrorKind::ConnectionRefused);
    match error {
        ureq::Error::HostNotFound | ureq::Error::ConnectionFailed | ureq::Error::Timeout(_) => {
            Problem::Unreachable(could_not_reach(host))
        }
        ureq::Error::Io(_) if connection_refused => Problem::Unreachable(could_not_reach(host)),
        ureq::Error::Io(_) | ureq::Error::Protocol(_) => Problem::Unreachable(format!(
            "The connection to {host} was cut while sending: it will be sent when the connection is back."
        )),
        ureq::Error::BadUri(_) => not_an_address(base),
        other => Problem::Refused(format!(
            "Could not send to {host} ({other}): tell the partnership."
        )),
    }
}

fn could_not_reach(host: &str) -> String {
    format!("Could not reach {host}: it will be sent when the connection is back.")
}

fn not_an_address(base: &str) -> Problem {
    Problem::Refused(format!(
        "“{base}” is not an address Clubroom can send to: check it in the destination settings."
    ))
}

#[cfg(test)]
mod tests;
