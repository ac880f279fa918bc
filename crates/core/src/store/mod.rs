//! The club's SQLite file: opening it safely, its migrations, and the one-transaction-per-action
//! discipline. Reads take `&Connection`; writes take `&Transaction`, so every user action is
//! one transaction because the types allow nothing else.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, InterruptHandle, OpenFlags, Transaction, TransactionBehavior};

use crate::access::{self, Actor, Operation, Target};
use crate::audit;
use crate::cipher::{self, DataKey};
use crate::error::{Error, Result};

/// A numbered schema change. Released migrations are never edited: a test pins their hashes.
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every migration, in order. The schema version of a file is SQLite's `user_version`.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        sql: include_str!("migrations/0001_foundation.sql"),
    },
    Migration {
        version: 2,
        name: "training",
        sql: include_str!("migrations/0002_training.sql"),
    },
    Migration {
        version: 3,
        name: "returns",
        sql: include_str!("migrations/0003_returns.sql"),
    },
    Migration {
        version: 4,
        name: "logo",
        sql: include_str!("migrations/0004_logo.sql"),
    },
    Migration {
        version: 5,
        name: "sync",
        sql: include_str!("migrations/0005_sync.sql"),
    },
    Migration {
        version: 6,
        name: "users",
        sql: include_str!("migrations/0006_users.sql"),
    },
    Migration {
        version: 7,
        name: "incidents",
        sql: include_str!("migrations/0007_incidents.sql"),
    },
    Migration {
        version: 8,
        name: "data rights",
        sql: include_str!("migrations/0008_data_rights.sql"),
    },
    Migration {
        version: 9,
        name: "reference high water",
        sql: include_str!("migrations/0009_reference_high_water.sql"),
    },
    Migration {
        version: 10,
        name: "framework areas",
        sql: include_str!("migrations/0010_framework_areas.sql"),
    },
    Migration {
        version: 11,
        name: "outcomes",
        sql: include_str!("migrations/0011_outcomes.sql"),
    },
    Migration {
        version: 12,
        name: "import mappings",
        sql: include_str!("migrations/0012_import_mappings.sql"),
    },
    Migration {
        version: 13,
        name: "stories",
        sql: include_str!("migrations/0013_stories.sql"),
    },
];

/// The schema version this build of Clubroom writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// An open club database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Who is signed in: every permission check and audit entry names them.
    actor: Actor,
    /// The same, with what they are doing, for the audit triggers on the connection.
    audit: audit::SharedContext,
    /// Whether `actor` is someone who signed in. A store is ready as the club manager (a file
    /// with no accounts yet: made before sign-in existed, a demo, a test) until `club_file`,
    /// which knows the accounts, says someone must sign in ([`Store::wait_for_sign_in`]).
    signed_in: bool,
    /// Locked after a while unused, or on demand: nothing is done until they unlock.
    locked: bool,
    /// The data key of an encrypted club file (`None` for a plain one): certificates are
    /// sealed with it and sibling files (backups) are keyed with it.
    key: Option<DataKey>,
    /// A check of the whole file still running while it is read (the damage check, started by
    /// `club_file` after opening): every write waits for its answer, and its refusal refuses
    /// every write.
    check: Option<PendingCheck>,
    /// Work kept until the check has passed (the weeks ahead of each series, made at
    /// opening): done before the next write, or when `club_file` sees the check has passed.
    after_check: Option<AfterCheck>,
}

/// Work on the club file that waits for the check: a write, with the action the audit log
/// names it by.
struct AfterCheck {
    action: String,
    work: KeptWork,
}

type KeptWork = Box<dyn FnOnce(&Transaction) -> Result<()> + Send>;

/// A check that reads a whole club file on its own read-only connection, on a thread of its
/// own, while the club is already in use for reading. Its answer is kept once it comes.
pub(crate) struct PendingCheck {
    answer: Arc<OnceLock<Result<()>>>,
    /// The thread, until someone has waited for it.
    thread: Mutex<Option<JoinHandle<()>>>,
    /// Stops the check when the club file is closed before it answers (nothing waits for it
    /// then, and reading the rest of the file would only cost time).
    stop: InterruptHandle,
}

impl PendingCheck {
    /// Starts `check` on `conn` on a thread of its own.
    pub fn start(
        conn: Connection,
        check: impl FnOnce(&Connection) -> Result<()> + Send + 'static,
    ) -> PendingCheck {
        let answer = Arc::new(OnceLock::new());
        let stop = conn.get_interrupt_handle();
        let given = Arc::clone(&answer);
        let thread = in_the_background("clubroom damage check", move || {
            let _ = given.set(check(&conn));
        });
        let thread = match thread {
            Ok(thread) => Some(thread),
            Err(error) => {
                // Never answered is never allowed to write: the refusal says why.
                let _ = answer.set(Err(not_checked(&error.to_string())));
                None
            }
        };
        PendingCheck {
            answer,
            thread: Mutex::new(thread),
            stop,
        }
    }

    /// The answer, if it has come.
    fn answered(&self) -> Option<&Result<()>> {
        self.answer.get()
    }

    /// The answer, waiting for it if the check is still running.
    fn wait(&self) -> &Result<()> {
        if let Some(answer) = self.answer.get() {
            return answer;
        }
        // The lock is held while joining, so whoever waits next finds the answer set.
        let mut thread = self.thread.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(running) = thread.take() {
            let _ = running.join();
        }
        drop(thread);
        self.answer
            .get_or_init(|| Err(not_checked("the check stopped before it answered")))
    }
}

impl Drop for PendingCheck {
    fn drop(&mut self) {
        if self.answer.get().is_none() {
            self.stop.interrupt();
        }
    }
}

/// Runs `work` on a thread of its own named `name`, behind the window and the person's own
/// commands: work that reads the whole club file at start-up (the damage check, today's
/// backup) would otherwise take the CPU the first screen needs on a two-core laptop.
pub(crate) fn in_the_background<T: Send + 'static>(
    name: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> std::io::Result<JoinHandle<T>> {
    std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            behind_the_window();
            work()
        })
}

/// Lowers this thread's priority (nice 10): the scheduler gives the window's threads and
/// the app's commands the CPU first, and this thread the rest.
#[cfg(target_os = "linux")]
fn behind_the_window() {
    // On Linux a thread id given to setpriority names that one thread, not the process.
    // SAFETY: gettid and setpriority only read and set this thread's scheduling values.
    unsafe {
        let thread = libc::gettid() as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, thread, 10);
    }
}

/// Elsewhere (Windows, macOS) the thread keeps its priority: not yet measured there.
#[cfg(not(target_os = "linux"))]
fn behind_the_window() {}

/// Why nothing may be written when the check could not say whether the file is damaged.
fn not_checked(why: &str) -> Error {
    Error::Invalid(format!(
        "Clubroom could not finish checking the club file for damage ({why}), so it will not \
         change it. Close Clubroom and open it again."
    ))
}

/// A club file connected (and keyed) but not yet made ready: nothing has been written to
/// it. `club_file` checks it for damage and backs up an older one here, then
/// [`Connected::ready`] migrates it.
pub(crate) struct Connected {
    conn: Connection,
    path: Option<PathBuf>,
    key: Option<DataKey>,
}

impl Connected {
    /// The connection, to check it before anything writes.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The data key it was opened with (`None` for a plain file).
    pub fn key(&self) -> Option<&DataKey> {
        self.key.as_ref()
    }

    pub fn schema_version(&self) -> Result<i64> {
        schema_version(&self.conn)
    }

    /// Whether the file is already in WAL mode, so making it ready writes nothing to it
    /// (switching a file to WAL rewrites its header).
    pub fn is_wal(&self) -> Result<bool> {
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))?;
        Ok(mode.eq_ignore_ascii_case("wal"))
    }

    /// A second connection to the same file, read-only and keyed like this one: for a check
    /// that reads every page while this one is in use. `None` for a club kept in memory.
    pub fn read_only_twin(&self) -> Result<Option<Connection>> {
        read_only_twin(self.path.as_deref(), self.key.as_ref())
    }

    /// Sets the pragmas, runs the migrations it lacks and installs the audit and text guards:
    /// the club, ready, acting as the club manager until someone must sign in.
    pub fn ready(self) -> Result<Store> {
        set_pragmas(&self.conn)?;
        let actor = Actor::club_manager();
        let context = audit::SharedContext::new(audit::Context::new(actor.clone()).into());
        let store = Store {
            conn: self.conn,
            path: self.path,
            actor,
            audit: context,
            key: self.key,
            signed_in: true,
            locked: false,
            check: None,
            after_check: None,
        };
        migrate(&store.conn, latest_version())?;
        audit::install(&store.conn, &store.audit)?;
        crate::text::install(&store.conn)?;
        Ok(store)
    }
}

impl Store {
    /// Connects to the club file at `path`: a plain one when `key` is `None`, else an
    /// encrypted one with its data key, checked before anything else is read (a key it does
    /// not read with is `Error::Denied`). Only a Clubroom club file connects: a missing or
    /// empty file, or another program's database, is refused (a club is made only by
    /// [`Store::create`]). Nothing is written. Crate-only: the one way to open a club for
    /// use is `club_file::open`, which checks for damage and backs up before
    /// [`Connected::ready`].
    pub(crate) fn connect(path: &Path, key: Option<&DataKey>) -> Result<Connected> {
        refuse_missing_or_empty(path)?;
        if let Some(key) = key {
            return connect_keyed(path, key);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        refuse_if_not_a_club(&conn, path)?;
        Ok(Connected {
            conn,
            path: Some(path.to_path_buf()),
            key: None,
        })
    }

    /// Makes a new, plain, empty club file at `path` (for `init` before it is encrypted, the
    /// demo, and the window's set-up). Refused where a file with anything in it already is:
    /// a club is never made over another file. An empty file (left by an attempt that failed
    /// before writing anything) is made into the club.
    pub fn create(path: &Path) -> Result<Store> {
        if std::fs::metadata(path).is_ok_and(|m| m.len() > 0) {
            return Err(Error::Invalid(format!(
                "There is already a file at {}: Clubroom makes a new club only where there is \
                 none.",
                path.display()
            )));
        }
        create_folder_of(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        Connected {
            conn,
            path: Some(path.to_path_buf()),
            key: None,
        }
        .ready()
    }

    /// Creates a new encrypted club file (for the vault's `create_club`).
    pub(crate) fn create_with_key(path: &Path, key: &DataKey) -> Result<Store> {
        create_folder_of(path)?;
        connect_keyed(path, key)?.ready()
    }

    /// Opens (creating if needed) another database file keyed like this store: with the same
    /// data key if this club file is encrypted, plain if it is plain. For backups: SQLite's
    /// backup API and `VACUUM INTO` both work between same-keyed files (see vault.rs).
    pub fn open_sibling(&self, path: &Path) -> Result<Connection> {
        let conn = Connection::open(path)?;
        if let Some(key) = &self.key {
            cipher::apply_key(&conn, key)?;
            cipher::verify_key(&conn)?;
        }
        Ok(conn)
    }

    /// A read-only connection to this club file, keyed like it: for work on a thread of its
    /// own that must not hold up the club's (today's backup). `None` for a club in memory.
    pub(crate) fn read_only_twin(&self) -> Result<Option<Connection>> {
        read_only_twin(self.path.as_deref(), self.key.as_ref())
    }

    /// The data key, when this club file is encrypted (a manager adding someone who may
    /// unlock, or resetting a password, passes it to the vault; certificates are sealed
    /// with it).
    pub fn data_key(&self) -> Option<&DataKey> {
        self.key.as_ref()
    }

    /// A throw-away database for tests and previews.
    pub fn open_in_memory() -> Result<Store> {
        Connected {
            conn: Connection::open_in_memory()?,
            path: None,
            key: None,
        }
        .ready()
    }

    /// Makes a new club file at `path` with only the first `version` migrations, as an older
    /// Clubroom made it: for the upgrade checks and tests, never for a club in use (nothing
    /// but `club_file::open` should open the file afterwards, and it migrates it). Refused
    /// where a file with anything in it already is, like [`Store::create`].
    #[doc(hidden)]
    pub fn create_at_version(path: &Path, version: i64) -> Result<Store> {
        if !(1..=latest_version()).contains(&version) {
            return Err(Error::Invalid(format!(
                "There is no schema version {version}: this Clubroom knows 1 to {}.",
                latest_version()
            )));
        }
        if std::fs::metadata(path).is_ok_and(|m| m.len() > 0) {
            return Err(Error::Invalid(format!(
                "There is already a file at {}: Clubroom makes a new club only where there is \
                 none.",
                path.display()
            )));
        }
        create_folder_of(path)?;
        Store::open_at_version(path, version)
    }

    /// A club file at schema version 8 (the last released before migrations 9 to 12) with
    /// two young people and one register holding both, written by frozen SQL that names only
    /// what existed at 8 (`older_clubs/schema_8.sql`), so a new migration never breaks it.
    /// Returns the register's session. For `examples/older_club.rs` and the upgrade tests.
    #[doc(hidden)]
    pub fn create_older_club_at_8(path: &Path) -> Result<i64> {
        let store = Store::create_at_version(path, 8)?;
        let tx = store.conn().unchecked_transaction()?;
        tx.execute_batch(include_str!("older_clubs/schema_8.sql"))?;
        tx.commit()?;
        Ok(store
            .conn()
            .query_row("SELECT id FROM sessions ORDER BY id LIMIT 1", [], |r| {
                r.get(0)
            })?)
    }

    /// Opens the file only up to `version` (for migration tests).
    #[doc(hidden)]
    pub fn open_at_version(path: &Path, version: i64) -> Result<Store> {
        let conn = Connection::open(path)?;
        set_pragmas(&conn)?;
        migrate(&conn, version)?;
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
            actor: Actor::club_manager(),
            audit: audit::SharedContext::new(audit::Context::new(Actor::club_manager()).into()),
            key: None,
            signed_in: true,
            locked: false,
            check: None,
            after_check: None,
        })
    }

    /// The person signed in on this file.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub fn sign_in_as(&mut self, actor: Actor) {
        self.audit_context().actor = actor.clone();
        self.actor = actor;
        self.signed_in = true;
        self.locked = false;
    }

    /// Whether someone must sign in before anything else.
    pub fn needs_sign_in(&self) -> bool {
        !self.signed_in
    }

    pub fn is_locked(&self) -> bool {
        self.locked
    }

    /// From now on acts as `actor`, who has just proved who they are (`club_file` checks
    /// the name and secret), and records the sign-in in the audit log.
    pub fn signed_in_as(&mut self, actor: Actor) -> Result<Actor> {
        self.sign_in_as(actor.clone());
        self.write(|tx| audit::record_change(tx, &actor, "sign in", "users", "signed in"))?;
        Ok(actor)
    }

    /// Someone must sign in before anything else (a file with accounts, said by `club_file`).
    pub fn wait_for_sign_in(&mut self) {
        self.sign_in_as(Actor::not_signed_in());
        self.signed_in = false;
    }

    /// Forgets who was signed in, with an audit entry: someone must sign in again.
    pub fn signed_out(&mut self) -> Result<()> {
        let actor = self.actor.clone();
        self.write(|tx| audit::record_change(tx, &actor, "sign out", "users", "signed out"))?;
        self.wait_for_sign_in();
        Ok(())
    }

    /// Locks the app (when someone signed in): the same person must prove who they are to
    /// carry on ([`Store::unlocked`]).
    pub fn lock(&mut self) {
        if self.signed_in {
            self.locked = true;
        }
    }

    /// The person signed in proved who they are again (`club_file` checks the secret).
    pub fn unlocked(&mut self) {
        self.locked = false;
    }

    /// Notes in the audit log that the signed-in person exported the club's data (`what`:
    /// the file written, or what was sent).
    pub fn record_export(&mut self, operation: Operation, what: &str) -> Result<()> {
        let actor = self.actor.clone();
        self.write(|tx| audit::record(tx, &actor, operation.label(), what))
    }

    /// Starts an operation for the signed-in person: refused if they are not signed in, the
    /// app is locked, or their role does not allow it (see [`access::check`]). The audit
    /// entries of the writes that follow are named after it.
    pub fn begin(&mut self, operation: Operation, target: Target) -> Result<()> {
        if operation.permission().is_some() {
            if !self.signed_in {
                return Err(Error::Denied("Sign in first.".into()));
            }
            if self.locked {
                return Err(Error::Denied(
                    "Clubroom is locked. Enter your password or PIN to carry on.".into(),
                ));
            }
        }
        access::check(&self.conn, &self.actor, operation, target)?;
        self.doing(operation.label());
        Ok(())
    }

    /// Names what the signed-in person is doing, for the audit entries of the writes that
    /// follow ("save young person", "mark present").
    pub fn doing(&mut self, action: impl Into<String>) {
        self.audit_context().action = action.into();
    }

    fn audit_context(&self) -> std::sync::MutexGuard<'_, audit::Context> {
        self.audit.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs one large action (`action`, on `record`, `change`) as one transaction with one
    /// audit entry of its own instead of one per row: the demo's thousands of rows.
    pub fn write_as_one_entry<T>(
        &mut self,
        (action, record, change): (&str, &str, &str),
        work: impl FnOnce(&Transaction) -> Result<T>,
    ) -> Result<T> {
        self.audit_context().enabled = false;
        let actor = self.actor.clone();
        let done = self.write(|tx| {
            let done = work(tx)?;
            audit::record_change(tx, &actor, action, record, change)?;
            Ok(done)
        });
        self.audit_context().enabled = true;
        done
    }

    /// Runs an import as one transaction with one audit entry (the action begun, on
    /// `record`, the table it writes a row to per row of the file, and what `change` says
    /// the import did) instead of one per row: a file of
    /// 100,000 rows would otherwise write hundreds of thousands of hash-chained entries and
    /// take many times as long (docs/performance.md). Who imported what, and when, is in the
    /// log; the club as it was is in the backup made before it
    /// (`backup::import_with_backup`).
    pub fn write_as_one_import_entry<T>(
        &mut self,
        record: &str,
        work: impl FnOnce(&Transaction) -> Result<T>,
        change: impl FnOnce(&T) -> String,
    ) -> Result<T> {
        let action = self.audit_context().action.clone();
        self.audit_context().enabled = false;
        let actor = self.actor.clone();
        let done = self.with_import_cache(|store| {
            store.write(|tx| {
                let done = audit::without_row_triggers(tx, record, || work(tx))?;
                audit::record_change(tx, &actor, &action, record, &change(&done))?;
                Ok(done)
            })
        });
        self.audit_context().enabled = true;
        done
    }

    /// Runs `work` with the per-row audit entries off: a dry run, rolled back whole, that
    /// writes nothing to keep.
    pub fn without_row_audit<T>(&mut self, work: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        self.audit_context().enabled = false;
        let done = self.with_import_cache(|store| work(store));
        self.audit_context().enabled = true;
        done
    }

    /// Runs an import (and the backup before it) with room for [`LARGE_PAGE_CACHE_KIB`] of
    /// the club file's pages in memory, then gives the room back.
    pub(crate) fn with_import_cache<T>(
        &mut self,
        work: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        let before: i64 = self
            .conn
            .query_row("PRAGMA cache_size", [], |row| row.get(0))?;
        self.conn
            .pragma_update(None, "cache_size", -LARGE_PAGE_CACHE_KIB)?;
        let done = work(self);
        // The room given back; should that fail, the cache stays larger (memory, not data).
        let _ = self.conn.pragma_update(None, "cache_size", before);
        done
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Where files kept with the club (certificates) live: a folder beside the club file,
    /// `<file name>-attachments`. `None` for an in-memory store.
    pub fn attachments_dir(&self) -> Option<PathBuf> {
        attachments_dir_of(self.path.as_ref()?)
    }

    /// The connection, for reads.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Waits at most `wait` for another's write before refusing as busy (tests shorten
    /// [`BUSY_WAIT`] to see the refusal without waiting for it).
    pub fn set_busy_wait(&self, wait: std::time::Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(wait)?)
    }

    /// From now on every write waits for `check`'s answer, and is refused with its refusal
    /// (`club_file` checks a club file for damage this way after opening it).
    pub(crate) fn writes_wait_for(&mut self, check: PendingCheck) {
        self.check = Some(check);
    }

    /// Whether a check that writes wait for is still running.
    pub(crate) fn check_running(&self) -> bool {
        self.check
            .as_ref()
            .is_some_and(|check| check.answered().is_none())
    }

    /// The check's answer as it stands: `None` when there is no check or it is still running.
    pub(crate) fn check_answered(&self) -> Option<&Result<()>> {
        self.check.as_ref()?.answered()
    }

    /// The check's answer, waiting for it if it is still running; `None` when there is none.
    pub(crate) fn check_answer(&self) -> Option<&Result<()>> {
        self.check.as_ref().map(PendingCheck::wait)
    }

    /// Waits for the check, if one is running: its refusal (the file is damaged, said with
    /// the latest good backup) is the answer to any write. Every write asks this first.
    pub fn writes_allowed(&self) -> Result<()> {
        match self.check_answer() {
            Some(Err(refused)) => Err(refused.again()),
            _ => Ok(()),
        }
    }

    /// Keeps `work` (a write, named `action` in the audit log) for after the check: done
    /// before the next write, or by [`Store::catch_up`] once the check has passed. With no
    /// check it is done now.
    pub(crate) fn after_check(
        &mut self,
        action: &str,
        work: impl FnOnce(&Transaction) -> Result<()> + Send + 'static,
    ) -> Result<()> {
        self.after_check = Some(AfterCheck {
            action: action.to_owned(),
            work: Box::new(work),
        });
        if self.check.is_some() {
            return Ok(());
        }
        self.do_work_kept_for_after_the_check()
    }

    /// Does the work kept for after the check, if the check has passed (without waiting).
    pub(crate) fn catch_up(&mut self) -> Result<()> {
        if self.check_running() || self.after_check.is_none() {
            return Ok(());
        }
        self.writes_allowed()?;
        self.do_work_kept_for_after_the_check()
    }

    fn do_work_kept_for_after_the_check(&mut self) -> Result<()> {
        let Some(kept) = self.after_check.take() else {
            return Ok(());
        };
        let doing = std::mem::replace(&mut self.audit_context().action, kept.action);
        let done = self.transact(kept.work);
        self.audit_context().action = doing;
        done
    }

    /// Runs one user action as one transaction: all of it is saved, or (on any error) none.
    /// It waits for the damage check first, if one is still running, and is refused if the
    /// check found damage.
    pub fn write<T>(&mut self, action: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        self.writes_allowed()?;
        self.do_work_kept_for_after_the_check()?;
        self.transact(action)
    }

    fn transact<T>(&mut self, action: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        // IMMEDIATE takes the write lock up front, so a second window or the CLI waits
        // (busy_timeout) instead of failing half-way through an action.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = action(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    pub fn schema_version(&self) -> Result<i64> {
        schema_version(&self.conn)
    }
}

/// Opens (creating if needed) a SQLCipher file with `key`, checked by reading its schema: a
/// key it does not read with is `Error::Denied`, damage is SQLite's own error.
fn connect_keyed(path: &Path, key: &DataKey) -> Result<Connected> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    cipher::apply_key(&conn, key)?;
    cipher::verify_key(&conn)?;
    Ok(Connected {
        conn,
        path: Some(path.to_path_buf()),
        key: Some(key.clone()),
    })
}

fn create_folder_of(path: &Path) -> Result<()> {
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|e| {
            Error::file(
                format!("Could not create the folder {}", folder.display()),
                e,
            )
        })?;
    }
    Ok(())
}

/// A missing or empty file is no club: opening one would make a new, empty, unprotected club
/// in its place.
fn refuse_missing_or_empty(path: &Path) -> Result<()> {
    match std::fs::metadata(path) {
        Err(_) => Err(Error::NotFound(format!(
            "There is no club file at {}. Make a club with `clubroom-cli init` or the app's \
             set-up, or choose the club file you meant.",
            path.display()
        ))),
        Ok(meta) if meta.len() == 0 => Err(Error::Invalid(format!(
            "The file {} is empty: it is not a Clubroom club file. Choose the club file you \
             meant; Clubroom has not changed this one.",
            path.display()
        ))),
        Ok(_) => Ok(()),
    }
}

/// A SQLite database that Clubroom never wrote (its version is 0: no migration ever ran on
/// it) is another program's, and is left alone.
fn refuse_if_not_a_club(conn: &Connection, path: &Path) -> Result<()> {
    // A file that is not a database at all is damage, said by the damage check that follows.
    match schema_version(conn) {
        Ok(0) => Err(Error::Invalid(format!(
            "The file {} is not a Clubroom club file (another program's database, or not a \
             database at all). Choose the club file you meant; Clubroom has not changed this \
             one.",
            path.display()
        ))),
        _ => Ok(()),
    }
}

/// The attachments folder of the club file at `path`: `<file name>-attachments` beside it.
pub fn attachments_dir_of(path: &Path) -> Option<PathBuf> {
    let name = path.file_stem()?.to_string_lossy();
    Some(path.with_file_name(format!("{name}-attachments")))
}

/// How long an action waits for another's write to finish (an import in another window or on
/// the command line holds the club file's write lock for its one transaction) before it is
/// refused as busy. Longer than the slowest import measured (`benches/imports.rs`: 5,000
/// young people in one file took 44 s at worst on a heavily loaded two-core machine, a year
/// of 50,000 attendances 12 s; docs/performance.md), so a register mark made while an import
/// runs waits and is saved, never refused.
pub const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(120);

/// How much of a club file SQLite may keep in memory while an import runs, or while a backup
/// is checked (KiB; SQLite's own default, kept at other times, is 2,000). An import of 100,000
/// rows writes tens of megabytes in one transaction, and a backup's check reads every page
/// and then each table's rows against its indexes: with the default, pages are spilled and
/// read again, each decrypted (and its HMAC checked) again (docs/performance.md). Only the
/// pages read or written take memory, and it is given back afterwards.
pub const LARGE_PAGE_CACHE_KIB: i64 = 128 * 1024;

/// Pragmas live outside the migration transactions: SQLite ignores some inside one.
fn set_pragmas(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_WAIT)?;
    // WAL survives a crash mid-write and lets the app read while the CLI writes.
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    // FULL: a register mark that was acknowledged survives even a power cut, not only a crash.
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
    // Query plans that never depend on the values bound. SQLite (3.54) marks a statement with
    // `column = ?` to be planned again when that value changes to or from 0 or 1, and a
    // statement so marked is planned again whenever its values are cleared, as rusqlite's
    // statement cache clears them each time a statement goes back: every cached query with
    // `= ?` was parsed and planned again on every use (an import's 500 sessions read back
    // cost 150 million instructions, docs/performance.md). No answer depends on the plan.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    Ok(())
}

fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}

/// Applies each migration above the file's version up to `target`, each in its own transaction.
fn migrate(conn: &Connection, target: i64) -> Result<()> {
    let found = schema_version(conn)?;
    if found > latest_version() {
        return Err(Error::DatabaseTooNew {
            found,
            known: latest_version(),
        });
    }
    for migration in MIGRATIONS
        .iter()
        .filter(|m| m.version > found && m.version <= target)
    {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let applied = conn
            .execute_batch(migration.sql)
            .and_then(|()| conn.pragma_update(None, "user_version", migration.version));
        match applied {
            Ok(()) => conn.execute_batch("COMMIT")?,
            Err(error) => {
                conn.execute_batch("ROLLBACK")?;
                return Err(error.into());
            }
        }
    }
    Ok(())
}

/// Turns "no row" into a `NotFound` error with a message for people.
pub(crate) trait OptionalRow<T> {
    fn or_not_found(self, what: impl FnOnce() -> String) -> Result<T>;
}

impl<T> OptionalRow<T> for rusqlite::Result<T> {
    fn or_not_found(self, what: impl FnOnce() -> String) -> Result<T> {
        match self {
            Ok(value) => Ok(value),
            Err(rusqlite::Error::QueryReturnedNoRows) => Err(Error::NotFound(what())),
            Err(error) => Err(error.into()),
        }
    }
}

/// Empty or blank text becomes `None`, other text is trimmed.
pub(crate) fn tidy(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// A read-only connection to the club file at `path`, keyed with `key` like the club's own:
/// for work that reads the whole file on a thread of its own while the club is in use (the
/// damage check, the daily backup). `None` for a club kept in memory.
fn read_only_twin(path: Option<&Path>, key: Option<&DataKey>) -> Result<Option<Connection>> {
    let Some(path) = path else {
        return Ok(None);
    };
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    if let Some(key) = key {
        cipher::apply_key(&conn, key)?;
        cipher::verify_key(&conn)?;
    }
    conn.busy_timeout(BUSY_WAIT)?;
    Ok(Some(conn))
}

/// Club files whose writes wait for a check the test controls (here and in `club_file`'s
/// tests).
#[cfg(test)]
pub(crate) mod test_support {
    use super::*;

    /// A check on its own read-only connection to `path` that answers `answer` after `after`.
    pub(crate) fn slow_check(
        path: &Path,
        after: std::time::Duration,
        answer: Result<()>,
    ) -> PendingCheck {
        let reader = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        PendingCheck::start(reader, move |_| {
            std::thread::sleep(after);
            answer
        })
    }

    /// A new club file whose writes wait for a check that answers `answer` after `millis`.
    pub(crate) fn checked_after(path: &Path, millis: u64, answer: Result<()>) -> Store {
        let mut store = Store::create(path).unwrap();
        store.writes_wait_for(slow_check(
            path,
            std::time::Duration::from_millis(millis),
            answer,
        ));
        store
    }

    /// The damage check's refusal, as these tests give it.
    pub(crate) fn damaged() -> Result<()> {
        Err(Error::Damaged("This club file is damaged.".into()))
    }
}

#[cfg(test)]
mod tests;
