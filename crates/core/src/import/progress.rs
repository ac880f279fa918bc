//! How a long import tells the person waiting how far it has got, and learns that they have
//! asked it to stop. The importers call [`Progress`] between batches of rows; a stop asked
//! for ends the import with [`Error::Cancelled`], so its one transaction is rolled back and
//! nothing is saved. The window sends the counts to its progress bar (a Tauri channel) and
//! sets the flag from its Cancel button; the CLI prints the counts; tests stop on purpose.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use crate::error::{Error, Result};

/// Rows between two reports (and two looks at the flag): often enough for a smooth bar and a
/// prompt stop, rarely enough to cost nothing next to the rows themselves.
pub const BATCH: usize = 1000;

/// What an import reports to, and asks whether to stop.
pub trait Progress: Sync {
    /// `done` of `total` steps are finished (a step is a row checked, or a row saved).
    fn report(&self, done: u64, total: u64);
    /// Whether the person has asked the import to stop.
    fn cancelled(&self) -> bool;
    /// Who a row of a young people file is: new, someone on the list it updates (or leaves
    /// as they are), or someone it may be, waiting for the user's decision. The wizard's
    /// preview lists every row so; no one else needs it.
    fn row_person(&self, _row: RowPerson) {}
}

/// A row of a young people file beside the young person it will update, or "new".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowPerson {
    pub line: u64,
    /// The row's name, as the file gives it.
    pub in_file: String,
    pub status: RowStatus,
    /// The young person's reference: the one the row updates or may be, or a new one's.
    pub reference: String,
    /// Their name on the record (the row's own for someone new).
    pub on_record: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum RowStatus {
    New,
    Update,
    Unchanged,
    /// Like someone on the list: the user says whether they are the same person.
    Doubtful,
}

/// How many rows of a young people file are of each [`RowStatus`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowCounts {
    pub new: u32,
    pub update: u32,
    pub unchanged: u32,
    pub doubtful: u32,
}

impl RowCounts {
    /// One more row of `status`.
    pub fn add(&mut self, status: RowStatus) {
        match status {
            RowStatus::New => self.new += 1,
            RowStatus::Update => self.update += 1,
            RowStatus::Unchanged => self.unchanged += 1,
            RowStatus::Doubtful => self.doubtful += 1,
        }
    }

    /// The rows of every status.
    pub fn total(&self) -> u32 {
        self.new + self.update + self.unchanged + self.doubtful
    }
}

/// No one watching (a test, a small file, a script): never stops.
pub struct Quietly;

impl Progress for Quietly {
    fn report(&self, _done: u64, _total: u64) {}
    fn cancelled(&self) -> bool {
        false
    }
}

/// The flag a Cancel button sets (cheap to clone: every clone is the same flag).
#[derive(Debug, Clone, Default)]
pub struct CancelFlag(Arc<AtomicBool>);

impl CancelFlag {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// A shell's progress: its way of showing the counts, and its Cancel button's flag.
pub struct Watch<F: Fn(u64, u64) + Sync> {
    pub flag: CancelFlag,
    pub show: F,
}

impl<F: Fn(u64, u64) + Sync> Progress for Watch<F> {
    fn report(&self, done: u64, total: u64) {
        (self.show)(done, total);
    }
    fn cancelled(&self) -> bool {
        self.flag.is_set()
    }
}

/// Counts an import's steps and, at each batch's end, reports them and stops the import if
/// asked to (an `Err` the importer returns at once, rolling the transaction back).
pub(crate) struct Steps<'p> {
    progress: &'p dyn Progress,
    done: u64,
    total: u64,
}

impl<'p> Steps<'p> {
    pub(crate) fn new(progress: &'p dyn Progress, total: usize) -> Steps<'p> {
        progress.report(0, total as u64);
        Steps {
            progress,
            done: 0,
            total: total as u64,
        }
    }

    /// One step done.
    pub(crate) fn step(&mut self) -> Result<()> {
        self.done += 1;
        if self.done.is_multiple_of(BATCH as u64) {
            if self.progress.cancelled() {
                return Err(Error::Cancelled);
            }
            self.progress.report(self.done.min(self.total), self.total);
        }
        Ok(())
    }

    /// Every step done (the last report, whatever the batch size); a stop asked for in the
    /// last batch still stops it.
    pub(crate) fn finish(&self) -> Result<()> {
        if self.progress.cancelled() {
            return Err(Error::Cancelled);
        }
        self.progress.report(self.total, self.total);
        Ok(())
    }
}
