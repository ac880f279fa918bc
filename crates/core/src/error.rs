//! One error type for the whole core: a sentence a club leader can act on, plus a
//! machine-readable [`ErrorKind`] the app uses to choose how to show it.

use serde::Serialize;

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user gave something the rules do not allow; the message says what and why.
    #[error("{0}")]
    Invalid(String),

    /// A record the user referred to does not exist (any more).
    #[error("{0}")]
    NotFound(String),

    /// The young person being added looks like someone already on the list.
    #[error("{message}")]
    LikelyDuplicate {
        message: String,
        candidates: Vec<DuplicateCandidate>,
    },

    /// An import file had bad rows; nothing was saved.
    #[error("{0}")]
    Import(ImportErrors),

    /// The signed-in person's role does not allow this; the message says what and why.
    #[error("{0}")]
    Denied(String),

    /// The database file was written by a newer Clubroom.
    #[error(
        "This club file was saved by a newer version of Clubroom (data version {found}; this \
         version understands up to {known}). Install the latest Clubroom to open it; the file \
         has not been changed."
    )]
    DatabaseTooNew { found: i64, known: i64 },

    /// The club file is damaged; the message says so plainly and names the latest good
    /// backup. The file has not been changed.
    #[error("{0}")]
    Damaged(String),

    /// Reading or writing a file (not the database) failed.
    #[error("{context}: {source}")]
    File {
        context: String,
        #[source]
        source: std::io::Error,
    },

    /// Another action (an import, another window, the CLI) held the club file for longer
    /// than a write waits: said plainly instead of SQLite's "database is locked".
    #[error(
        "Clubroom is busy saving (an import, or another window); try again in a moment. Nothing was changed."
    )]
    Busy,

    /// The user stopped a long action (an import) before it finished; its transaction was
    /// rolled back.
    #[error("The import was stopped before it finished. Nothing was saved.")]
    Cancelled,

    /// SQLite reported a problem the rules did not foresee.
    #[error("The club's data could not be read or saved ({0}). Nothing was changed.")]
    Database(rusqlite::Error),
}

/// How a refusal by one of the club file's guards (`text::install`: a field too long, or
/// holding a control character) begins; the rest is the sentence for people.
pub(crate) const GUARD_REFUSAL: &str = "clubroom-refused: ";

impl From<rusqlite::Error> for Error {
    fn from(error: rusqlite::Error) -> Error {
        if let rusqlite::Error::SqliteFailure(_, Some(message)) = &error
            && let Some(sentence) = message.strip_prefix(GUARD_REFUSAL)
        {
            return Error::Invalid(sentence.to_owned());
        }
        match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                Error::Busy
            }
            _ => Error::Database(error),
        }
    }
}

/// What sort of error this is, for the user interface and scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    Invalid,
    NotFound,
    LikelyDuplicate,
    Import,
    Denied,
    DatabaseTooNew,
    Damaged,
    File,
    Busy,
    Cancelled,
    Database,
}

/// The form in which an error crosses to the app window or a script.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ErrorReport {
    pub kind: ErrorKind,
    pub message: String,
    /// Extra lines, such as each bad row of an import.
    pub details: Vec<String>,
    /// Young people this one may duplicate (only for `likely-duplicate`).
    pub candidates: Vec<DuplicateCandidate>,
}

/// Someone already on the list whom the young person being added may be: what a youth
/// worker needs to tell them apart, or to pick them instead. It is defined here, with the
/// error that carries it, so that this module depends on nothing else in the crate; the
/// young people module fills it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DuplicateCandidate {
    pub id: i64,
    pub reference: String,
    pub first_name: String,
    pub last_name: String,
    pub preferred_name: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub date_of_birth: Option<chrono::NaiveDate>,
    pub age: Option<u32>,
    pub postcode: Option<String>,
    pub archived: bool,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub last_seen: Option<chrono::NaiveDate>,
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Invalid(_) => ErrorKind::Invalid,
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::LikelyDuplicate { .. } => ErrorKind::LikelyDuplicate,
            Error::Import(_) => ErrorKind::Import,
            Error::Denied(_) => ErrorKind::Denied,
            Error::DatabaseTooNew { .. } => ErrorKind::DatabaseTooNew,
            Error::Damaged(_) => ErrorKind::Damaged,
            Error::File { .. } => ErrorKind::File,
            Error::Busy => ErrorKind::Busy,
            Error::Cancelled => ErrorKind::Cancelled,
            Error::Database(_) => ErrorKind::Database,
        }
    }

    /// The same error again, for something that keeps it and says it more than once (a club
    /// file's problem, a damage check's answer). Errors carrying a SQLite or file error are
    /// not copied: they are said again in words.
    pub(crate) fn again(&self) -> Error {
        match self {
            Error::Damaged(message) => Error::Damaged(message.clone()),
            Error::NotFound(message) => Error::NotFound(message.clone()),
            Error::Denied(message) => Error::Denied(message.clone()),
            Error::DatabaseTooNew { found, known } => Error::DatabaseTooNew {
                found: *found,
                known: *known,
            },
            other => Error::Invalid(other.to_string()),
        }
    }

    pub fn report(&self) -> ErrorReport {
        let (details, candidates) = match self {
            Error::Import(errors) => (errors.lines(), Vec::new()),
            Error::LikelyDuplicate { candidates, .. } => (Vec::new(), candidates.clone()),
            _ => (Vec::new(), Vec::new()),
        };
        ErrorReport {
            kind: self.kind(),
            message: self.to_string(),
            details,
            candidates,
        }
    }

    pub fn file(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::File {
            context: context.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Shorthand for a validation failure with a message for people.
pub fn invalid<T>(message: impl Into<String>) -> Result<T> {
    Err(Error::Invalid(message.into()))
}

/// One bad row of an import file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowError {
    /// The line of the file, counting the header as line 1.
    pub line: u64,
    pub column: Option<String>,
    pub reason: String,
    /// When the row may be someone already on the list: who, for the user to decide.
    pub likely: Option<LikelyPerson>,
}

/// A row of a file without references that may be a young person already on the list (the
/// same name and birthday, or very close names): never merged, never added unasked. The user
/// says which (the same person, or someone new) and the decision travels back in the mapping
/// (`same_as`, `confirmed_new`) under `key`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LikelyPerson {
    /// The row's young person as the mapping names them ("jay smith 2011-03-04").
    pub key: String,
    pub candidates: Vec<DuplicateCandidate>,
}

/// Every bad row found in an import (up to [`ImportErrors::LIMIT`] kept).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportErrors {
    pub file_kind: &'static str,
    pub rows: Vec<RowError>,
    /// All bad rows found, including the ones past the limit.
    pub total: usize,
}

impl ImportErrors {
    pub const LIMIT: usize = 100;

    pub fn new(file_kind: &'static str) -> Self {
        ImportErrors {
            file_kind,
            rows: Vec::new(),
            total: 0,
        }
    }

    pub fn push(&mut self, line: u64, column: Option<&str>, reason: impl Into<String>) {
        self.total += 1;
        if self.rows.len() < Self::LIMIT {
            self.rows.push(RowError {
                line,
                column: column.map(str::to_owned),
                reason: reason.into(),
                likely: None,
            });
        }
    }

    /// A row that may be someone already on the list, for the user to decide.
    pub fn push_likely(&mut self, line: u64, reason: impl Into<String>, likely: LikelyPerson) {
        self.push(line, None, reason);
        if let Some(row) = self.rows.last_mut().filter(|r| r.line == line) {
            row.likely = Some(likely);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Ok if no row was bad, else the whole list as one error.
    pub fn into_result(&mut self) -> Result<()> {
        if self.is_empty() {
            return Ok(());
        }
        let fresh = ImportErrors::new(self.file_kind);
        Err(Error::Import(std::mem::replace(self, fresh)))
    }

    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .rows
            .iter()
            .map(|row| match &row.column {
                Some(column) => format!("Line {}, column {}: {}", row.line, column, row.reason),
                None => format!("Line {}: {}", row.line, row.reason),
            })
            .collect();
        if self.total > self.rows.len() {
            lines.push(format!(
                "… and {} more problems not listed.",
                self.total - self.rows.len()
            ));
        }
        lines
    }
}

impl std::fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let count = match self.total {
            1 => "1 problem".to_string(),
            n => format!("{n} problems"),
        };
        write!(
            f,
            "The {} file has {count}, so nothing was imported:",
            self.file_kind
        )?;
        for line in self.lines() {
            write!(f, "\n  {line}")?;
        }
        Ok(())
    }
}

/// Writing a CSV file failed (a full disk, a folder that went away).
impl From<csv::Error> for Error {
    fn from(error: csv::Error) -> Error {
        Error::File {
            context: "The CSV file could not be written".to_owned(),
            source: error.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_club_file_held_by_another_write_is_busy_not_locked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("club.sqlite3");
        let mut store = crate::Store::create(&path).unwrap();
        // A wait shortened from BUSY_WAIT, to see the refusal without waiting for it.
        store
            .set_busy_wait(std::time::Duration::from_secs(1))
            .unwrap();
        let other = rusqlite::Connection::open(&path).unwrap();
        // Another action holding the write lock (a long import, another window).
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        let started = std::time::Instant::now();
        let refused = store
            .write(|tx| crate::organisation::save(tx, &crate::organisation::Organisation::new("X")))
            .unwrap_err();
        assert!(
            started.elapsed() >= std::time::Duration::from_millis(900),
            "it waited first"
        );
        assert!(matches!(refused, Error::Busy), "{refused:?}");
        assert_eq!(refused.kind(), ErrorKind::Busy);
        assert!(
            refused.to_string().starts_with("Clubroom is busy saving"),
            "{refused}"
        );
    }
}
