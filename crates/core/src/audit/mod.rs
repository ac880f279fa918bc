//! The audit log: every change and every export, with who, when, what and which record.
//!
//! Changes are caught by triggers the store puts on every table each time it opens the file
//! (temporary triggers, so a table added by a later migration is covered without anyone
//! remembering to), which read who is signed in and what they are doing from functions the
//! store registers on its connection. Exports and sign-ins are not changes to a table, so
//! the code that makes them calls [`record`].
//!
//! The log is append-only (triggers in migration 6 refuse updates and deletes), and each
//! entry carries the SHA-256 of the entry before it, so an entry changed or removed outside
//! Clubroom breaks the chain: [`verify`] finds where. Removing entries from the end cannot be
//! seen from the chain alone; [`Verification::head`] is the hash to note down (a manager can
//! write it in the minutes) to catch that too.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::access::{Actor, Permission};
use crate::error::Result;

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What the store is doing and for whom, read by the audit triggers.
#[derive(Debug, Clone)]
pub struct Context {
    pub actor: Actor,
    /// What the person is doing, in words ("marked present", "save young person").
    pub action: String,
    /// Off only while a demo club is generated: thousands of synthetic rows, one entry.
    pub enabled: bool,
}

impl Context {
    pub fn new(actor: Actor) -> Context {
        Context {
            actor,
            action: "change".to_owned(),
            enabled: true,
        }
    }
}

pub type SharedContext = Arc<Mutex<Context>>;

fn read<T>(context: &SharedContext, get: impl FnOnce(&Context) -> T) -> T {
    get(&context.lock().unwrap_or_else(|p| p.into_inner()))
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditEntry {
    pub id: i64,
    /// UTC, RFC 3339.
    pub at: String,
    pub user_id: Option<i64>,
    pub user_name: String,
    pub role: String,
    pub action: String,
    pub record: String,
    /// `added`, `changed`, `removed`, `exported`, `signed in`...
    pub change: String,
    /// The entry in words ("Added: young person on a concern: Concern 1, Zara Ahmed
    /// (RYG102)"): see [`describe`]. `record` keeps the raw record for a manager who needs it.
    pub described: String,
    pub previous_hash: String,
    pub hash: String,
}

/// The SHA-256 that chains an entry to the one before it.
#[allow(clippy::too_many_arguments)]
pub fn chain_hash(
    previous: &str,
    id: i64,
    at: &str,
    user_id: Option<i64>,
    user_name: &str,
    role: &str,
    action: &str,
    record: &str,
    change: &str,
) -> String {
    let user_id = user_id.map(|id| id.to_string()).unwrap_or_default();
    // One field per line: no field can hold a newline that shifts another (names are
    // single-line), and the order is fixed.
    let line = [
        previous,
        &id.to_string(),
        at,
        &user_id,
        user_name,
        role,
        action,
        record,
        change,
    ]
    .join("\n");
    let digest = Sha256::digest(line.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn timestamp(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Registers the functions the triggers call and puts an audit trigger on every table.
pub fn install(conn: &Connection, context: &SharedContext) -> Result<()> {
    register_functions(conn, context)?;
    for table in audited_tables(conn)? {
        create_triggers(conn, &table)?;
    }
    Ok(())
}

fn register_functions(conn: &Connection, context: &SharedContext) -> Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8;
    let ctx = context.clone();
    conn.create_scalar_function("clubroom_audit_enabled", 0, flags, move |_| {
        Ok(read(&ctx, |c| c.enabled))
    })?;
    let ctx = context.clone();
    conn.create_scalar_function("clubroom_user_id", 0, flags, move |_| {
        Ok(read(&ctx, |c| c.actor.user_id))
    })?;
    let ctx = context.clone();
    conn.create_scalar_function("clubroom_user_name", 0, flags, move |_| {
        Ok(read(&ctx, |c| c.actor.name.clone()))
    })?;
    let ctx = context.clone();
    conn.create_scalar_function("clubroom_role", 0, flags, move |_| {
        Ok(read(&ctx, |c| c.actor.role.code().to_owned()))
    })?;
    let ctx = context.clone();
    conn.create_scalar_function("clubroom_action", 0, flags, move |_| {
        Ok(read(&ctx, |c| c.action.clone()))
    })?;
    conn.create_scalar_function("clubroom_now", 0, flags, |_| Ok(timestamp(Utc::now())))?;
    conn.create_scalar_function(
        "clubroom_chain",
        9,
        flags | FunctionFlags::SQLITE_DETERMINISTIC,
        |f| {
            Ok(chain_hash(
                &f.get::<String>(0)?,
                f.get(1)?,
                &f.get::<String>(2)?,
                f.get(3)?,
                &f.get::<String>(4)?,
                &f.get::<String>(5)?,
                &f.get::<String>(6)?,
                &f.get::<String>(7)?,
                &f.get::<String>(8)?,
            ))
        },
    )?;
    Ok(())
}

/// Runs `work`, an import into `table` whose per-row entries are off (it writes one entry of
/// its own, or none for a dry run), with this connection's audit triggers on `table` dropped
/// inside its transaction `tx` and made again before it ends. A trigger that would write
/// nothing still cost each of the file's rows a frame of its own and a statement journal
/// (docs/performance.md); triggers on other tables stay (their `WHEN` finds the audit off).
/// The triggers are temporary, so their dropping and making are part of the transaction: if
/// it is rolled back (a dry run, a failed import) they are back as they were; if it commits,
/// they were made again first. `work` failing ends the transaction with it.
pub(crate) fn without_row_triggers<T>(
    tx: &Transaction,
    table: &str,
    work: impl FnOnce() -> Result<T>,
) -> Result<T> {
    let names: Vec<String> = ["insert", "update", "delete"]
        .iter()
        .map(|event| format!("audit_{table}_{event}"))
        .collect();
    let mut dropped = false;
    for name in &names {
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_temp_schema WHERE type = 'trigger' AND name = ?1)",
            [name],
            |row| row.get(0),
        )?;
        if exists {
            tx.execute_batch(&format!("DROP TRIGGER temp.\"{name}\""))?;
            dropped = true;
        }
    }
    let done = work()?;
    if dropped {
        create_triggers(tx, table)?;
    }
    Ok(done)
}

/// Every table of the club's data: all but the log itself and SQLite's own.
fn audited_tables(conn: &Connection) -> Result<Vec<String>> {
    let mut statement = conn.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name <> 'audit_log'
           AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )?;
    let tables = statement
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(tables)
}

/// The key columns that name a row of `table` in the log (its primary key, else rowid).
fn key_columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut statement =
        conn.prepare("SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk")?;
    let keys = statement
        .query_map([table], |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(if keys.is_empty() {
        vec!["rowid".to_owned()]
    } else {
        keys
    })
}

/// An SQL expression naming the row `row` (NEW or OLD): `young_people 12`,
/// `attendance session_id=4 young_person_id=12`.
fn record_expression(table: &str, keys: &[String], row: &str) -> String {
    if let [key] = keys {
        return format!("'{table} ' || {row}.\"{key}\"");
    }
    let parts: Vec<String> = keys
        .iter()
        .map(|key| format!("'{key}=' || quote({row}.\"{key}\")"))
        .collect();
    format!("'{table} ' || {}", parts.join(" || ' ' || "))
}

fn create_triggers(conn: &Connection, table: &str) -> Result<()> {
    let keys = key_columns(conn, table)?;
    for (event, row, change) in [
        ("INSERT", "NEW", "added"),
        ("UPDATE", "NEW", "changed"),
        ("DELETE", "OLD", "removed"),
    ] {
        let record = record_expression(table, &keys, row);
        let name = format!("audit_{table}_{}", event.to_lowercase());
        conn.execute_batch(&format!(
            "CREATE TEMP TRIGGER IF NOT EXISTS \"{name}\" AFTER {event} ON main.\"{table}\"
             WHEN clubroom_audit_enabled()
             BEGIN
               INSERT INTO audit_log
                 (id, at, user_id, user_name, role, action, record, change, previous_hash, hash)
               SELECT n.id, n.at, clubroom_user_id(), clubroom_user_name(), clubroom_role(),
                      clubroom_action(), {record}, '{change}', n.previous,
                      clubroom_chain(n.previous, n.id, n.at, clubroom_user_id(),
                                     clubroom_user_name(), clubroom_role(), clubroom_action(),
                                     {record}, '{change}')
               FROM (SELECT COALESCE(MAX(id), 0) + 1 AS id, clubroom_now() AS at,
                            COALESCE((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1),
                                     '{GENESIS}') AS previous
                     FROM audit_log) AS n;
             END;"
        ))?;
    }
    Ok(())
}

/// Adds an entry that is not a change to a table: an export, a sign-in.
pub fn record(tx: &Transaction, actor: &Actor, action: &str, record: &str) -> Result<()> {
    record_change(tx, actor, action, record, "exported")
}

/// Like [`record`], with the kind of entry given (`signed in`, `locked`...).
pub fn record_change(
    tx: &Transaction,
    actor: &Actor,
    action: &str,
    record: &str,
    change: &str,
) -> Result<()> {
    let (id, previous): (i64, String) = tx.query_row(
        "SELECT COALESCE(MAX(id), 0) + 1,
                COALESCE((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), ?1)
         FROM audit_log",
        [GENESIS],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    let at = timestamp(Utc::now());
    let user_id = Some(actor.user_id);
    let role = actor.role.code();
    let hash = chain_hash(
        &previous,
        id,
        &at,
        user_id,
        &actor.name,
        role,
        action,
        record,
        change,
    );
    tx.execute(
        "INSERT INTO audit_log
           (id, at, user_id, user_name, role, action, record, change, previous_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            id, at, user_id, actor.name, role, action, record, change, previous, hash
        ],
    )?;
    Ok(())
}

/// Which entries a manager wants to see.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Filter {
    /// Part of the person's name.
    pub user: Option<String>,
    /// Part of the words shown, the action or the record ("Zara", "export", "young_people 12").
    pub text: Option<String>,
    /// Dates (YYYY-MM-DD, UTC), inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    /// At most this many, newest first (default [`DEFAULT_LIMIT`]).
    pub limit: Option<u32>,
}

/// How many entries are shown when the filter does not say.
pub const DEFAULT_LIMIT: u32 = 500;

/// The log, newest first, for those who may read it.
pub fn entries(conn: &Connection, actor: &Actor, filter: &Filter) -> Result<Vec<AuditEntry>> {
    actor.require(Permission::SeeAuditLog)?;
    let like = |text: &Option<String>| {
        text.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| format!("%{t}%"))
    };
    let to = filter.to.as_deref().map(|d| format!("{d}T99"));
    let mut statement = conn.prepare(
        "SELECT id, at, user_id, user_name, role, action, record, change, previous_hash, hash
         FROM audit_log
         WHERE (?1 IS NULL OR user_name LIKE ?1)
           AND (?2 IS NULL OR action LIKE ?2 OR record LIKE ?2 OR change LIKE ?2)
           AND (?3 IS NULL OR at >= ?3)
           AND (?4 IS NULL OR at <= ?4)
         ORDER BY id DESC LIMIT ?5",
    )?;
    let rows = statement
        .query_map(
            params![
                like(&filter.user),
                like(&filter.text),
                filter.from,
                to,
                filter.limit.unwrap_or(DEFAULT_LIMIT)
            ],
            entry_from_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn entry_from_row(row: &rusqlite::Row) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: row.get(0)?,
        at: row.get(1)?,
        user_id: row.get(2)?,
        user_name: row.get(3)?,
        role: row.get(4)?,
        action: row.get(5)?,
        record: row.get(6)?,
        change: row.get(7)?,
        described: String::new(),
        previous_hash: row.get(8)?,
        hash: row.get(9)?,
    })
}

/// Names the records an entry points at, asked of the modules that own them
/// (`audit_names` answers for the club file).
pub trait NameRecords {
    fn name(&self, table: &str, id: i64) -> Named;
}

/// A record's name for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named {
    /// "Zara Ahmed (RYG102)", "Concern 1".
    Name(String),
    /// No longer on file (an erased young person: their name must not come back here).
    Gone,
    /// A kind of record with no name of its own: shown by its number.
    Unnamed,
}

/// A table record of the log read back (`attendance session_id=4 young_person_id=12`):
/// its table and each key column with its value (a lone key is `id`).
pub fn record_parts(record: &str) -> (&str, Vec<(&str, &str)>) {
    let mut words = record.split(' ');
    let table = words.next().unwrap_or("");
    let keys = words
        .map(|word| word.split_once('=').unwrap_or(("id", word)))
        .collect();
    (table, keys)
}

/// What a table holds, in words, for the log.
fn table_words(table: &str) -> String {
    let words = match table {
        "young_people" => "young person",
        "attendance" => "attendance",
        "headcounts" => "headcount",
        "sessions" => "session",
        "session_series" => "weekly series",
        "series_staff" => "usual team of a weekly series",
        "series_outcomes" => "outcome of a weekly series",
        "people" => "staff member or volunteer",
        "staffing" => "adult on a session",
        "courses" => "training course",
        "training_records" => "training record",
        "role_requirements" => "training a role needs",
        "incidents" => "concern",
        "incident_versions" => "concern record",
        "incident_version_people" => "young person on a concern",
        "users" => "account",
        "venues" => "venue",
        "organisation" => "club details",
        "projects" => "project",
        "checkins" => "check-in",
        "checkin_answers" => "check-in answer",
        "checkin_plans" => "check-in plan",
        "measures" => "measure",
        "progression_events" => "progression",
        "progression_kinds" => "kind of progression",
        "stories" => "story",
        "story_outcomes" => "outcome of a story",
        other => return other.replace('_', " "),
    };
    words.to_owned()
}

/// The table a key column points at (`young_person_id` at `young_people`).
fn referenced_table<'a>(table: &'a str, column: &str) -> Option<&'a str> {
    Some(match column {
        "id" | "rowid" => table,
        "young_person_id" => "young_people",
        "session_id" => "sessions",
        "series_id" => "session_series",
        "person_id" => "people",
        "course_id" => "courses",
        "incident_id" => "incidents",
        "version_id" => "incident_versions",
        "user_id" => "users",
        "venue_id" => "venues",
        "project_id" => "projects",
        "checkin_id" => "checkins",
        "story_id" => "stories",
        _ => return None,
    })
}

/// An entry in words: for a change to a table, the change, what kind of record and who or
/// what it is ("Changed: young person: Zara Ahmed (RYG102)"); a record with no name left
/// says so without its number. Other entries (exports, backups, imports, sign-ins): their
/// record if it says what and where, else the change and the kind of record in words.
pub fn describe(entry: &AuditEntry, names: &dyn NameRecords) -> String {
    if !matches!(entry.change.as_str(), "added" | "changed" | "removed") {
        return other_entry_in_words(entry);
    }
    let (table, keys) = record_parts(&entry.record);
    let named: Vec<String> = keys
        .iter()
        .filter_map(|(column, value)| {
            let target = referenced_table(table, column)?;
            let id: i64 = value.trim_matches('\'').parse().ok()?;
            Some(match names.name(target, id) {
                Named::Name(name) => name,
                Named::Gone => format!("a {} no longer on file", table_words(target)),
                // The record itself, with no name: the kind of record says enough.
                Named::Unnamed if target == table => return None,
                Named::Unnamed => format!("{} {id}", table_words(target)),
            })
        })
        .collect();
    let mut change = entry.change.clone();
    change[..1].make_ascii_uppercase();
    if named.is_empty() {
        format!("{change}: {}", table_words(table))
    } else {
        format!("{change}: {}: {}", table_words(table), named.join(", "))
    }
}

/// An entry that is not a change to one record. An export's or a backup's record already
/// says what and where, and is kept; one that names only a table (an import's single entry
/// for its whole file, a sign-in's for the account) is said as the change and the kind of
/// record ("Imported: young person: rows 2, added 2, ..."), never the table's own name.
fn other_entry_in_words(entry: &AuditEntry) -> String {
    let record = entry.record.as_str();
    let names_a_table =
        !record.is_empty() && record.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    if !names_a_table {
        return entry.record.clone();
    }
    let (change, details) = match entry.change.split_once(": ") {
        Some((change, details)) => (change, Some(details)),
        None => (entry.change.as_str(), None),
    };
    let mut words = capitalised(change);
    words.push_str(": ");
    words.push_str(&table_words(record));
    if let Some(details) = details {
        words.push_str(": ");
        words.push_str(details);
    }
    words
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The records added, changed or removed after `since`, counted per kind of action (oldest
/// first): what a restore of a backup made at `since` does not bring back. A record touched
/// twice by one action (added, then given its reference) counts once; sign-ins, exports and
/// backups change no record and are left out.
pub fn changes_since(conn: &Connection, since: DateTime<Utc>) -> Result<Vec<(String, i64)>> {
    let since = since.to_rfc3339_opts(SecondsFormat::Millis, true);
    let mut statement = conn.prepare(
        "SELECT action, count(DISTINCT record) FROM audit_log
         WHERE at > ?1 AND change IN ('added', 'changed', 'removed')
         GROUP BY action ORDER BY min(id)",
    )?;
    let counts = statement
        .query_map([since], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(counts)
}

/// The same, counting the entries after entry number `sequence` (a backup's newest).
pub fn changes_after_entry(conn: &Connection, sequence: i64) -> Result<Vec<(String, i64)>> {
    let mut statement = conn.prepare(
        "SELECT action, count(DISTINCT record) FROM audit_log
         WHERE id > ?1 AND change IN ('added', 'changed', 'removed')
         GROUP BY action ORDER BY min(id)",
    )?;
    let counts = statement
        .query_map([sequence], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(counts)
}

/// The newest entry of the chain: its number and hash. Kept outside the log (in each backup,
/// each partnership summary's manifest), it lets a check find entries removed from the end,
/// or a log edited and its chain recomputed, which the chain alone cannot show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChainHead {
    pub sequence: i64,
    pub hash: String,
}

/// The head of the chain on `conn` (entry 0 and the genesis hash for an empty log).
pub fn head(conn: &Connection) -> Result<ChainHead> {
    let newest = conn
        .query_row(
            "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let (sequence, hash) = newest.unwrap_or((0, GENESIS.to_owned()));
    Ok(ChainHead { sequence, hash })
}

/// Something outside the log that recorded the chain's head, and what checking it found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WitnessCheck {
    /// What it is, for people ("the backup made Tuesday 1 December 2026, 18:05").
    pub witness: String,
    pub head: ChainHead,
    /// The first entry of the log that no longer matches it (changed or removed).
    pub first_mismatch: Option<i64>,
}

/// Checks the log on `conn` against a head recorded elsewhere: the entry at that number must
/// still be there with that hash. When `entries` (the witness's own copy of the log, a
/// backup's) is given, the first entry that differs is named, not only the head.
pub fn check_witness(
    conn: &Connection,
    witness: String,
    head: ChainHead,
    entries: Option<&Connection>,
) -> Result<WitnessCheck> {
    let first_mismatch = match entries {
        Some(copy) => first_difference(conn, copy, head.sequence)?,
        None => {
            let ours = hash_of(conn, head.sequence)?;
            match ours {
                Some(hash) if hash == head.hash => None,
                // Changed: the entry is there with another hash. Removed: the log ends before
                // it, and the first entry missing is the one after the log's newest.
                Some(_) => Some(head.sequence),
                None => Some(self::head(conn)?.sequence + 1),
            }
        }
    };
    Ok(WitnessCheck {
        witness,
        head,
        first_mismatch,
    })
}

fn hash_of(conn: &Connection, sequence: i64) -> Result<Option<String>> {
    if sequence == 0 {
        return Ok(Some(GENESIS.to_owned()));
    }
    Ok(conn
        .query_row(
            "SELECT hash FROM audit_log WHERE id = ?1",
            [sequence],
            |row| row.get(0),
        )
        .optional()?)
}

/// The first entry, up to `up_to`, whose hash in `conn` is not the one in `copy`.
fn first_difference(conn: &Connection, copy: &Connection, up_to: i64) -> Result<Option<i64>> {
    let mut theirs = copy.prepare("SELECT id, hash FROM audit_log WHERE id <= ?1 ORDER BY id")?;
    let mut rows = theirs.query([up_to])?;
    while let Some(row) = rows.next()? {
        let (id, hash): (i64, String) = (row.get(0)?, row.get(1)?);
        if hash_of(conn, id)?.as_deref() != Some(hash.as_str()) {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

/// The chain checked link by link, then against every witness: the first entry that no
/// longer matches anything that recorded it is named.
pub fn verify_with_witnesses(
    conn: &Connection,
    witnesses: Vec<WitnessCheck>,
) -> Result<Verification> {
    let mut found = verify(conn)?;
    let worst = witnesses
        .iter()
        .filter_map(|w| w.first_mismatch.map(|at| (at, w)))
        .min_by_key(|(at, _)| *at);
    if let Some((at, witness)) = worst
        && found.broken_at.is_none_or(|broken| at < broken)
    {
        found.broken_at = Some(at);
        found.problem = Some(format!(
            "Entry {at} no longer matches {}, which recorded the log up to entry {} (hash \
             {}): entries from {at} on were changed or removed after it was made.",
            witness.witness, witness.head.sequence, witness.head.hash
        ));
    }
    found.witnesses = witnesses;
    Ok(found)
}

/// What a check of the whole chain found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Verification {
    pub entries: u64,
    /// The hash of the last entry: note it down to catch entries removed from the end.
    pub head: String,
    /// The number of the last entry, written down with its hash.
    pub head_sequence: i64,
    /// The first entry that does not follow from the one before, or no longer matches a
    /// witness, and why.
    pub broken_at: Option<i64>,
    pub problem: Option<String>,
    /// The heads recorded outside the log that were checked.
    pub witnesses: Vec<WitnessCheck>,
}

impl Verification {
    pub fn intact(&self) -> bool {
        self.broken_at.is_none()
    }
}

/// Recomputes every link of the chain, oldest first. Needs no permission: it reveals only
/// whether the log is whole.
pub fn verify(conn: &Connection) -> Result<Verification> {
    let mut statement = conn.prepare(
        "SELECT id, at, user_id, user_name, role, action, record, change, previous_hash, hash
         FROM audit_log ORDER BY id",
    )?;
    let mut rows = statement.query([])?;
    let mut previous = GENESIS.to_owned();
    let mut last_id = 0i64;
    let mut count = 0u64;
    while let Some(row) = rows.next()? {
        let entry = entry_from_row(row)?;
        count += 1;
        if let Some(problem) = broken_link(&entry, &previous) {
            return Ok(Verification {
                entries: count,
                head: previous,
                head_sequence: last_id,
                broken_at: Some(entry.id),
                problem: Some(problem),
                witnesses: Vec::new(),
            });
        }
        previous = entry.hash;
        last_id = entry.id;
    }
    Ok(Verification {
        entries: count,
        head: previous,
        head_sequence: last_id,
        broken_at: None,
        problem: None,
        witnesses: Vec::new(),
    })
}

fn broken_link(entry: &AuditEntry, previous: &str) -> Option<String> {
    if entry.previous_hash != previous {
        return Some(format!(
            "Entry {} does not follow the entry before it: an entry before it was removed or changed.",
            entry.id
        ));
    }
    let expected = chain_hash(
        &entry.previous_hash,
        entry.id,
        &entry.at,
        entry.user_id,
        &entry.user_name,
        &entry.role,
        &entry.action,
        &entry.record,
        &entry.change,
    );
    (expected != entry.hash)
        .then(|| format!("Entry {} was changed after it was written.", entry.id))
}

#[cfg(test)]
mod tests;
