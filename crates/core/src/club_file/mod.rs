//! The club file: what is at the club's path, and the only ways from one state to another.
//!
//! | state | what it is | how it is left |
//! |---|---|---|
//! | no file | nothing at the path | [`ClubFile::make_if_none`] (a plain, empty club: the window's set-up, the demo); [`ClubFile::protect`] (an encrypted club with its first manager: `init`) |
//! | locked | an encrypted club file with its key file beside it | [`ClubFile::sign_in`]: the key file gives the data key, the account signs in |
//! | open | a [`Store`] (plain, or unlocked), perhaps waiting for someone to sign in | [`ClubFile::sign_in`]; encrypted in place with its first manager ([`ClubFile::protect`]); a backup restored over it ([`ClubFile::restore`], backed up first) |
//! | damaged | fails SQLite's quick check, or does not read with its key | [`ClubFile::restore`]: the damaged file is moved aside, never written; its backups read with the key that unlocked it |
//!
//! **When the damage check runs.** A club file with no migrations pending opens for reading
//! at once, and SQLite's quick check (which reads every page: about a second for a 59 MB
//! club, docs/performance.md) runs on its own read-only connection on a thread of its own;
//! every write waits for its answer ([`Store::writes_allowed`]), so nothing is ever written to
//! a damaged file. If it finds damage the club file becomes damaged, exactly as an open that
//! found it: the waiting write is refused with the same message, and [`status`] says so
//! next. [`ClubFile::state`] and [`ClubFile::problem`] wait for the answer; `status`, the
//! window's first question, says what is known so far. A file with migrations pending (a
//! migration is a write) is checked first, before anything else, as is one not yet in WAL
//! mode (making it ready would write its header).
//! | refused | not a club (an empty file, another program's database), saved by a newer Clubroom, or an encrypted file whose key file is missing | nothing here: the message says what to do; nothing was changed |
//!
//! Both shells hold one `ClubFile` and ask it; neither opens a club any other way. What
//! follows a club becoming usable (opened with nobody to sign in, or someone signed in) is
//! here too, once: the sign-in's audit entry, certificates sealed in an encrypted club,
//! today's automatic backup, and the weeks ahead of each weekly series.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::access::{Actor, Permission, Role};
use crate::backup::{self, BackupPreview, BackupsOverview, DailyBackup, Restored};
use crate::error::{Error, ErrorKind, Result, invalid};
use crate::sessions;
use crate::store::{Connected, PendingCheck, Store};
use crate::users::{self, SecretKind, User};
use crate::vault::{self, DataKey};

mod app_status;
pub use app_status::{AppStatus, status};

/// The state of the club file, for a shell to choose what to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClubState {
    NoFile,
    Locked,
    Open,
    Damaged,
    Refused,
}

enum State {
    NoFile,
    Locked,
    Open(Box<Store>),
    /// The data key, when the file was encrypted and someone's secret unlocked it before the
    /// damage was found: its backups are encrypted with the same key.
    Damaged {
        problem: Error,
        key: Option<DataKey>,
    },
    Refused(Error),
}

/// The club file at one path, in one of the states above.
pub struct ClubFile {
    path: PathBuf,
    /// Today's automatic backup while it is being made, after the club opened: the first
    /// screen does not wait for it, but the backups list, a restore, encrypting the file and
    /// closing it do. Declared before `state` so that, on closing, it is finished (and its
    /// connection closed) before the club's own connection closes: the last connection to
    /// close folds the write-ahead log back into the club file, leaving one whole file.
    daily_backup: Option<DailyBackup>,
    state: State,
    /// Why today's automatic backup was not made, if it failed (shown, never fatal).
    backup_problem: Option<String>,
}

impl ClubFile {
    /// Looks at the club file at `path` and opens it as far as it opens without anyone
    /// signing in: nothing there, locked (encrypted), open, damaged or refused. A file that
    /// needs nobody to sign in (one with no accounts yet) is made ready at once.
    pub fn at(path: &Path, today: NaiveDate, now: DateTime<Utc>) -> ClubFile {
        let mut club = ClubFile {
            path: path.to_path_buf(),
            daily_backup: None,
            state: State::NoFile,
            backup_problem: None,
        };
        club.look(today, now);
        club
    }

    fn look(&mut self, today: NaiveDate, now: DateTime<Utc>) {
        self.state = if !self.path.exists() {
            State::NoFile
        } else if vault::is_encrypted_club(&self.path) {
            State::Locked
        } else {
            match open_with(&self.path, None, Check::AfterOpening) {
                Ok(store) => State::Open(Box::new(store)),
                Err(error) => failed(error, None),
            }
        };
        self.ready_if_signed_in(today, now);
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The state, settled: an open club file whose damage check is still running waits
    /// for its answer (a file that fails it is damaged).
    pub fn state(&self) -> ClubState {
        match &self.state {
            State::NoFile => ClubState::NoFile,
            State::Locked => ClubState::Locked,
            State::Open(store) => match store.check_answer() {
                Some(Err(problem)) if problem.kind() == ErrorKind::Damaged => ClubState::Damaged,
                Some(Err(_)) => ClubState::Refused,
                _ => ClubState::Open,
            },
            State::Damaged { .. } => ClubState::Damaged,
            State::Refused(_) => ClubState::Refused,
        }
    }

    /// Why the club file cannot be used, when it is damaged or refused; an open club file
    /// whose damage check is still running waits for its answer.
    pub fn problem(&self) -> Option<&Error> {
        match &self.state {
            State::Open(store) => store.check_answer()?.as_ref().err(),
            _ => self.problem_so_far(),
        }
    }

    /// Why the club file cannot be used, as far as is known now (without waiting).
    fn problem_so_far(&self) -> Option<&Error> {
        match &self.state {
            State::Damaged { problem, .. } | State::Refused(problem) => Some(problem),
            State::Open(store) => store.check_answered()?.as_ref().err(),
            _ => None,
        }
    }

    /// Takes in the damage check's answer, if it has come (waiting for it when `wait`): a
    /// refusal makes the club file damaged (or refused) as an open that found it would, and
    /// a pass does the work kept for after it (the weeks ahead).
    fn heed_the_check(&mut self, wait: bool) {
        let State::Open(store) = &mut self.state else {
            return;
        };
        let answer = if wait {
            store.check_answer()
        } else {
            store.check_answered()
        };
        let problem = match answer {
            None => return,
            Some(Err(problem)) => problem.again(),
            Some(Ok(())) => match store.catch_up() {
                Ok(()) => return,
                Err(error) => error,
            },
        };
        let key = store.data_key().cloned();
        self.state = failed(problem, key);
    }

    /// An error from a read while the damage check ran, said as the check's refusal when the
    /// read failed on a damaged page; the club file then becomes damaged.
    fn explained(&mut self, error: Error) -> Error {
        let error = match &self.state {
            State::Open(store) => explained_by_the_check(store, error),
            _ => error,
        };
        self.heed_the_check(false);
        error
    }

    /// Why today's automatic backup was not made, if it failed (waiting for it if it is
    /// still being made).
    pub fn backup_problem(&mut self) -> Option<&str> {
        self.finish_daily_backup();
        self.backup_problem.as_deref()
    }

    /// Waits for today's backup, if it is being made, and keeps any problem to be shown.
    fn finish_daily_backup(&mut self) {
        if let Some(daily) = self.daily_backup.take() {
            self.backup_problem = daily.wait().err().map(|e| e.to_string());
        }
    }

    /// Whether someone must sign in before anything else (locked, or open with accounts).
    pub fn needs_sign_in(&self) -> bool {
        match &self.state {
            State::Locked => true,
            State::Open(store) => store.needs_sign_in(),
            _ => false,
        }
    }

    /// A plain club with no accounts yet: anyone at the laptop is its stand-in manager until
    /// its first manager is made ([`ClubFile::protect`]).
    pub fn has_no_accounts(&self) -> Result<bool> {
        match &self.state {
            State::Open(store) => users::none_yet(store.conn()),
            _ => Ok(false),
        }
    }

    /// The names on the sign-in screen (only names): from the key file while locked.
    pub fn sign_in_names(&self) -> Result<Vec<String>> {
        match &self.state {
            State::Locked => Ok(vault::key_holders(&self.path)?
                .into_iter()
                .map(|holder| holder.name)
                .collect()),
            State::Open(store) => users::sign_in_names(store.conn()),
            _ => Ok(Vec::new()),
        }
    }

    /// The open club, for every action after opening; the reason when there is none. Its
    /// writes wait for the damage check, if it is still running.
    pub fn store_mut(&mut self) -> Result<&mut Store> {
        self.heed_the_check(false);
        match &mut self.state {
            State::Open(store) => Ok(store),
            State::Locked => Err(Error::Denied("Sign in first.".into())),
            State::Damaged { problem, .. } | State::Refused(problem) => Err(problem.again()),
            State::NoFile => Err(Error::NotFound("No club file is open.".into())),
        }
    }

    /// Runs `job` on the open club. A read that met a damaged page before the damage check
    /// answered is said as the check's refusal (naming the latest good backup), and the club
    /// file becomes damaged, as if the check had found it first.
    pub fn with_store<T>(&mut self, job: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let result = job(self.store_mut()?);
        result.map_err(|error| self.explained(error))
    }

    /// The open club, given up (a command line's one command); the reason when there is none.
    pub fn into_store(mut self) -> Result<Store> {
        self.heed_the_check(false);
        match self.state {
            State::Open(store) => Ok(*store),
            _ => Err(self.into_reason()),
        }
    }

    /// This club file unless it was refused (not a club, too new, its key file missing).
    pub fn unless_refused(self) -> Result<ClubFile> {
        match self.state {
            State::Refused(_) => Err(self.into_reason()),
            _ => Ok(self),
        }
    }

    /// This club file if there is one (open, locked or damaged); the reason otherwise.
    pub fn existing(self) -> Result<ClubFile> {
        match self.state {
            State::NoFile | State::Refused(_) => Err(self.into_reason()),
            _ => Ok(self),
        }
    }

    fn into_reason(self) -> Error {
        match self.state {
            State::Damaged { problem, .. } | State::Refused(problem) => problem,
            State::Locked => Error::Denied("Sign in first.".into()),
            State::NoFile => Error::NotFound(format!(
                "There is no club file at {}. Make a club with `clubroom-cli init` or the app's \
                 set-up, or choose the club file you meant.",
                self.path.display()
            )),
            State::Open(_) => Error::Invalid("The club file is open.".into()),
        }
    }

    // ---- no file → open ----

    /// Makes a new, plain, empty club where there is no file (the window's set-up, the
    /// demo's first visit). Anything already there is left as it was found.
    pub fn make_if_none(&mut self, today: NaiveDate, now: DateTime<Utc>) {
        if !matches!(self.state, State::NoFile) {
            return;
        }
        self.state = match Store::create(&self.path) {
            Ok(store) => State::Open(Box::new(store)),
            Err(error) => State::Refused(error),
        };
        self.ready_if_signed_in(today, now);
    }

    /// Makes the club's first manager and encrypts the club with their password: a new
    /// encrypted club where there is no file (or an empty one left by a failed attempt), or
    /// a plain club with no accounts encrypted in place. The manager is then signed in.
    pub fn protect(
        &mut self,
        name: &str,
        password: &str,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Actor> {
        // Encrypting in place rewrites the file: never a damaged one, nor one being copied.
        self.heed_the_check(true);
        self.finish_daily_backup();
        if let State::Damaged { problem, .. } = &self.state {
            return Err(problem.again());
        }
        let empty = std::fs::metadata(&self.path).is_ok_and(|m| m.len() == 0);
        let protected = if matches!(self.state, State::NoFile) || empty {
            // SQLite may have left an empty file behind an earlier failed attempt.
            if empty {
                let _ = std::fs::remove_file(&self.path);
            }
            create_protected(&self.path, name, password)
        } else if self.has_no_accounts()? && !vault::is_encrypted(&self.path) {
            // Encrypting rewrites the file: this connection closes first.
            self.state = State::NoFile;
            protect_in_place(&self.path, name, password)
        } else {
            return invalid("This club already has people who sign in: ask a manager to add you.");
        };
        match protected {
            Ok(store) => {
                let actor = store.actor().clone();
                self.state = State::Open(Box::new(store));
                self.ready_if_signed_in(today, now);
                Ok(actor)
            }
            Err(error) => {
                // Not encrypted: the file is as it was; it is opened again as before.
                self.look(today, now);
                Err(error)
            }
        }
    }

    // ---- locked or waiting → signed in ----

    /// Signs someone in, and what follows: an encrypted file is unlocked with their password
    /// or PIN first (and its certificates sealed, if an encryption left any plain); the
    /// sign-in goes in the audit log; then today's backup and the weeks ahead of each series.
    /// A wrong name or secret changes nothing. An encrypted file that unlocks but is damaged
    /// becomes damaged here, its key kept so its backups can be read and restored.
    pub fn sign_in(
        &mut self,
        name: &str,
        secret: &str,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Actor> {
        let actor = match &mut self.state {
            State::Locked => match unlock(&self.path, name, secret) {
                Ok(store) => {
                    let actor = store.actor().clone();
                    self.state = State::Open(Box::new(store));
                    actor
                }
                Err(NotOpened {
                    error,
                    key: Some(key),
                }) => {
                    let said = error.again();
                    self.state = State::Damaged {
                        problem: error,
                        key: Some(key),
                    };
                    return Err(said);
                }
                Err(NotOpened { error, key: None }) => return Err(error),
            },
            State::Open(store) => {
                // The sign-in's audit entry waits for the damage check like any write.
                let signed_in = users::sign_in(store.conn(), name, secret)
                    .and_then(|actor| store.signed_in_as(actor));
                match signed_in {
                    Ok(actor) => actor,
                    Err(error) => return Err(self.explained(error)),
                }
            }
            State::Damaged { problem, .. } | State::Refused(problem) => {
                return Err(problem.again());
            }
            State::NoFile => return Err(Error::NotFound("No club file is open.".into())),
        };
        self.ready_if_signed_in(today, now);
        Ok(actor)
    }

    /// What follows every opening that leaves someone able to work: today's automatic backup
    /// (made on a thread of its own while the first screen is drawn; a failure is kept to be
    /// shown, never fatal) and the weeks ahead of each weekly series.
    /// The weeks ahead are a write, so while the damage check runs they wait for it (done by
    /// the first write after it, or the first command that finds it passed), unless a series
    /// may lack a session in the coming week, which the first screen shows: then they are
    /// made now, once the check has passed.
    fn ready_if_signed_in(&mut self, today: NaiveDate, now: DateTime<Utc>) {
        let State::Open(store) = &mut self.state else {
            return;
        };
        if store.needs_sign_in() {
            return;
        }
        self.backup_problem = None;
        self.daily_backup = Some(DailyBackup::start_if_due(store, now));
        let week = today + chrono::Days::new(7);
        let needed_now = sessions::weeks_missing_by(store.conn(), week).unwrap_or(true);
        let weeks_ahead =
            move |tx: &rusqlite::Transaction| sessions::extend_all_series(tx, today).map(|_| ());
        let made = if needed_now {
            store.write(weeks_ahead)
        } else {
            store.after_check("make the weeks ahead", weeks_ahead)
        };
        if let Err(error) = made {
            let key = store.data_key().cloned();
            self.state = failed(error, key);
        }
    }

    // ---- signed in → locked, or signed out ----

    /// Locks the app (a club with accounts, someone signed in): the same person must give
    /// their password or PIN to carry on ([`ClubFile::unlock`]).
    pub fn lock(&mut self) -> Result<()> {
        let store = self.store_mut()?;
        if !users::none_yet(store.conn()).unwrap_or(true) {
            store.lock();
        }
        Ok(())
    }

    /// The same person carries on after the app locked: their password or PIN is checked.
    pub fn unlock(&mut self, secret: &str) -> Result<()> {
        let store = self.store_mut()?;
        users::confirm(store.conn(), store.actor(), secret)?;
        store.unlocked();
        Ok(())
    }

    /// Signs out (the audit log says so): someone must sign in again. A club with no
    /// accounts has nobody to sign out.
    pub fn sign_out(&mut self) -> Result<()> {
        let store = self.store_mut()?;
        if users::none_yet(store.conn())? {
            return Ok(());
        }
        store.signed_out()
    }

    // ---- backups, whatever the state ----

    /// The data key to read backups with: the open club's, or the one that unlocked a
    /// damaged file; none for a plain club.
    fn key(&self) -> Option<&DataKey> {
        match &self.state {
            State::Open(store) => store.data_key(),
            State::Damaged { key, .. } => key.as_ref(),
            _ => None,
        }
    }

    /// The backups beside the club file, newest first: for a manager of an open club, or for
    /// anyone when the club file is damaged (so one can be chosen to restore).
    pub fn backups(&mut self) -> Result<BackupsOverview> {
        // Today's backup, if it is being made, belongs in the list.
        self.finish_daily_backup();
        let mut overview = match &self.state {
            State::Open(store) => backup::overview(store)?,
            _ => BackupsOverview {
                folder: backup::folder_for(&self.path).display().to_string(),
                backups: backup::list(&self.path)?,
                problem: None,
            },
        };
        overview.problem = self.backup_problem.clone();
        Ok(overview)
    }

    /// What a backup holds, after checking it, read with the club's key: for a manager of
    /// an open club; for anyone when the club file is damaged (no one can sign in to it, and
    /// what is shown is only what a restore would bring back).
    pub fn preview_backup(&self, backup: &Path) -> Result<BackupPreview> {
        if let State::Open(store) = &self.state {
            store.actor().require(Permission::Backups)?;
        }
        backup::preview(self.key(), backup)
    }

    /// Checks a backup (SQLite's integrity check, a data version this Clubroom knows).
    /// As for a preview: checking a backup opens a copy of everything in the club, so on an
    /// open club it is for those who back up and restore (on a damaged one no one could sign
    /// in, and the check is the step before a restore).
    pub fn verify_backup(&self, backup: &Path) -> Result<i64> {
        if let State::Open(store) = &self.state {
            store.actor().require(Permission::Backups)?;
        }
        backup::verify(self.key(), backup)
    }

    /// The newest good backup, to offer when the club file is damaged.
    pub fn latest_good_backup(&self) -> Option<BackupPreview> {
        backup::latest_good(&self.path, self.key())
    }

    // ---- open or damaged → restored ----

    /// Restores a backup over the club file, then looks at it again (an encrypted club is
    /// locked once more). An open club is backed up first, and only by someone who may; a
    /// damaged one is moved aside untouched. A refusal leaves the club, and who is signed in,
    /// as they were.
    pub fn restore(
        &mut self,
        backup: &Path,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Restored> {
        // A club file found damaged is restored over as a damaged one: moved aside, unread.
        self.heed_the_check(true);
        // The restore replaces the file: today's backup of it is finished first.
        self.finish_daily_backup();
        let restored = match std::mem::replace(&mut self.state, State::NoFile) {
            State::Open(store) => {
                if let Err(refused) = backup::check_restorable(&store, backup) {
                    self.state = State::Open(store);
                    return Err(refused);
                }
                backup::restore(*store, backup, now)
            }
            State::Damaged { problem, key } => {
                let restored = backup::restore_over_damaged(&self.path, backup, key.as_ref(), now);
                self.state = State::Damaged { problem, key };
                restored
            }
            other => {
                let restored = backup::restore_over_damaged(&self.path, backup, None, now);
                self.state = other;
                restored
            }
        };
        if restored.is_ok() || matches!(self.state, State::NoFile) {
            self.look(today, now);
        }
        restored
    }
}

/// Why a club file did not open, as its state: damage keeps the key that unlocked it.
fn failed(error: Error, key: Option<DataKey>) -> State {
    if error.kind() == ErrorKind::Damaged {
        State::Damaged {
            problem: error,
            key,
        }
    } else {
        State::Refused(error)
    }
}

// ---- opening ----

/// The one way to open a club file for use (`ClubFile` opens through it; tests and benches
/// too): a plain file when `key` is `None`, else an encrypted one with the data key its key
/// file gave. What is refused and said: a file that is not a club, an encrypted file without
/// its key file (naming the copy kept with the newest backup), an encrypted file read
/// without its key, a file that does not read with its key or fails SQLite's quick check
/// (damaged, naming the latest good backup; nothing written). An older file is backed up
/// before it is migrated. A club with accounts then waits for someone to sign in.
///
/// It returns once the quick check has passed: for a caller that writes at once (tests,
/// benches). [`ClubFile`] opens the same way with the check after opening (see "When the
/// damage check runs" above).
pub fn open(path: &Path, key: Option<&DataKey>) -> Result<Store> {
    open_with(path, key, Check::BeforeOpening)
}

/// When the quick check runs, for a file that could be checked either way.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Before anything else: `open` returns once it has passed.
    BeforeOpening,
    /// On its own read-only connection while the club is read; writes wait for it.
    AfterOpening,
}

fn open_with(path: &Path, key: Option<&DataKey>, when: Check) -> Result<Store> {
    let connected = match key {
        Some(key) => Store::connect(path, Some(key)).map_err(|error| match error {
            // The key came from the key file, so a file that does not read with it is
            // damaged (its first page), or is not the file that key file belongs with.
            Error::Denied(_) => backup::unreadable_with_key(path, key),
            // It reads, but the pages holding its list of tables are damaged.
            Error::Database(e) if backup::is_damage(&e) => backup::damaged_with_key(path, key),
            other => other,
        })?,
        None => {
            refuse_encrypted_without_key(path)?;
            Store::connect(path, None)?
        }
    };
    let checker = match when {
        Check::AfterOpening => reader_for_a_later_check(&connected)?,
        Check::BeforeOpening => None,
    };
    if checker.is_none() {
        // A damaged file is refused before anything (even the journal-mode pragma) writes.
        backup::refuse_if_damaged(connected.conn(), connected.path(), key)?;
        // An older file is backed up (keyed like it) before its migrations; if that fails,
        // it is not migrated.
        backup::before_migration(&connected, Utc::now())?;
    }
    let mut store = connected.ready()?;
    if let Some(reader) = checker {
        let (club, key) = (path.to_path_buf(), key.cloned());
        store.writes_wait_for(PendingCheck::start(reader, move |conn| {
            backup::refuse_if_damaged(conn, Some(&club), key.as_ref())
        }));
    }
    let accounts = match users::none_yet(store.conn()) {
        Ok(none) => !none,
        Err(error) => return Err(explained_by_the_check(&store, error)),
    };
    if accounts {
        store.wait_for_sign_in();
    }
    Ok(store)
}

/// The read-only connection a quick check after opening reads with, when the file may be
/// made ready before it answers: at the schema version this Clubroom writes (no migration,
/// which is a write, is pending; a newer file is refused with the check first, as before)
/// and already in WAL mode. `None`: the check runs first.
fn reader_for_a_later_check(connected: &Connected) -> Result<Option<rusqlite::Connection>> {
    if connected.schema_version()? != crate::store::latest_version() || !connected.is_wal()? {
        return Ok(None);
    }
    // A reader that cannot be opened is no reason to refuse the file: it is checked first.
    Ok(connected.read_only_twin().ok().flatten())
}

/// A read that failed on a damaged page while the damage check ran (or before it
/// answered), said in words: the check's refusal, waited for, names the latest good backup
/// instead of SQLite's "database disk image is malformed". Any other error, or one the
/// check does not confirm, is kept as it is. The command line, which gives its one command
/// the store itself, explains that command's error with it.
pub fn explained_by_the_check(store: &Store, error: Error) -> Error {
    if !matches!(&error, Error::Database(e) if backup::is_damage(e)) {
        return error;
    }
    match store.check_answer() {
        Some(Err(refused)) => refused.again(),
        _ => error,
    }
}

/// A file that is not plain SQLite, opened without a key: its key file missing (said with
/// where a copy is), damaged, or encrypted and waiting for someone to sign in.
fn refuse_encrypted_without_key(path: &Path) -> Result<()> {
    // Not a SQLite header and no key file beside it: damaged, not encrypted.
    backup::refuse_damaged_header(path)?;
    if vault::is_encrypted(path) {
        return Err(Error::Denied(
            "This club file is encrypted: sign in to open it.".into(),
        ));
    }
    Ok(())
}

// ---- making, protecting and unlocking ----

fn key_holder(user: &User, secret: &str) -> vault::NewKeyHolder {
    vault::NewKeyHolder {
        user_id: user.id,
        name: user.name.clone(),
        kind: user.secret_kind,
        secret: secret.to_owned(),
    }
}

/// The first manager's account, numbered 1 in both the users table and the key file.
fn first_manager(name: &str) -> User {
    User {
        id: 1,
        name: name.trim().to_owned(),
        role: Role::Manager,
        person_id: None,
        secret_kind: SecretKind::Password,
        active: true,
    }
}

/// A new club: an encrypted file with its key file, the first manager signed in.
fn create_protected(path: &Path, name: &str, password: &str) -> Result<Store> {
    users::check_name(name)?;
    users::check_secret(SecretKind::Password, password)?;
    let key = vault::create_club(path, key_holder(&first_manager(name), password))?;
    let mut store = open(path, Some(&key))?;
    finish_first_manager(&mut store, name, password)?;
    Ok(store)
}

/// A club file from before sign-in existed: encrypted in place, then its first manager made
/// and signed in.
fn protect_in_place(path: &Path, name: &str, password: &str) -> Result<Store> {
    users::check_name(name)?;
    users::check_secret(SecretKind::Password, password)?;
    let key = vault::encrypt_existing(path, key_holder(&first_manager(name), password))?;
    let mut store = open(path, Some(&key))?;
    finish_first_manager(&mut store, name, password)?;
    // Only now: the manager exists, so if sealing fails they are still signed in, the
    // certificates stay as they were (plain, still checked), and each sign-in tries again.
    let _ = vault::finish_attachments(path, &key);
    Ok(store)
}

fn finish_first_manager(store: &mut Store, name: &str, password: &str) -> Result<()> {
    let manager = store.write(|tx| users::create_first_manager(tx, name, password))?;
    store.sign_in_as(manager.actor());
    let actor = manager.actor();
    store.write(|tx| {
        crate::audit::record_change(
            tx,
            &actor,
            "create the first manager",
            &format!("users {}", manager.id),
            "added",
        )
    })
}

/// Why an encrypted club file did not open, with the data key when the secret unlocked it
/// but the file turned out damaged.
struct NotOpened {
    error: Error,
    key: Option<DataKey>,
}

impl From<Error> for NotOpened {
    fn from(error: Error) -> NotOpened {
        NotOpened { error, key: None }
    }
}

/// Unlocks an encrypted club file with someone's password or PIN and signs them in. The
/// sign-in's audit entry is a write, so it waits for the damage check; damage found then
/// keeps the key, as damage found at opening does.
fn unlock(path: &Path, name: &str, secret: &str) -> std::result::Result<Store, NotOpened> {
    let (user_id, key) = vault::unlock(path, name, secret)?;
    let with_key = |error: Error| match error {
        error @ Error::Damaged(_) => NotOpened {
            error,
            key: Some(key.clone()),
        },
        error => error.into(),
    };
    let mut store = open_with(path, Some(&key), Check::AfterOpening).map_err(with_key)?;
    if store.needs_sign_in() {
        // The unlock proved the secret, so it is not hashed a second time.
        let signed_in = users::get(store.conn(), user_id).and_then(|user| {
            if !user.active {
                return Err(Error::Denied(users::WRONG_SECRET.into()));
            }
            store.signed_in_as(user.actor())
        });
        if let Err(error) = signed_in {
            return Err(with_key(explained_by_the_check(&store, error)));
        }
    }
    // Certificates left plain by an encryption whose last step failed are sealed now. A
    // failure here leaves them as they were (plain, still checked) for the next sign-in: it
    // must not keep anyone from the register.
    let _ = vault::finish_attachments(path, &key);
    Ok(store)
}

#[cfg(test)]
mod tests;
