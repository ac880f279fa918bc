//! The app's one piece of state: which club file is open, and where files live.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use chrono::{NaiveDate, Utc};
use clubroom_core::import::progress::CancelFlag;
use clubroom_core::{ClubFile, Error, ErrorReport, dates};
use serde::{Deserialize, Serialize};

/// Settings kept in the OS config folder (settings.json): one typed struct.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// The club file in use; absent means the default file in the app-data folder.
    pub database: Option<PathBuf>,
}

impl Settings {
    pub fn load(file: &Path) -> Settings {
        std::fs::read(file)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, file: &Path) -> Result<(), ErrorReport> {
        let json = serde_json::to_vec_pretty(self).expect("settings serialise");
        if let Some(folder) = file.parent() {
            std::fs::create_dir_all(folder)
                .map_err(|e| Error::file("Could not save the app's settings", e).report())?;
        }
        clubroom_core::files::write_atomically(file, &json).map_err(|e| e.report())
    }
}

pub struct AppState {
    /// The club file in its one state (no file, locked, open, damaged, refused): every
    /// command asks it, and nothing else opens a club.
    pub club: Arc<Mutex<ClubFile>>,
    pub data_dir: PathBuf,
    pub settings_file: PathBuf,
    /// Whether a form in the window holds changes not yet saved (the window says so): closing
    /// the window then asks first instead of losing them.
    pub unsaved_changes: AtomicBool,
    /// The Cancel button of the import running now (each import starts a new flag): kept
    /// apart from `club`, whose lock the import holds until it ends.
    pub import_cancel: Mutex<CancelFlag>,
}

impl AppState {
    pub fn new(data_dir: PathBuf, config_dir: PathBuf) -> AppState {
        let settings_file = config_dir.join("settings.json");
        let path = database_path(&data_dir, &settings_file);
        let club = look_at(&path, today());
        AppState {
            club: Arc::new(Mutex::new(club)),
            data_dir,
            settings_file,
            unsaved_changes: AtomicBool::new(false),
            import_cancel: Mutex::new(CancelFlag::default()),
        }
    }

    /// The club file: `CLUBROOM_DB` if set (tests, scripts), else the saved setting, else the
    /// default in the app-data folder.
    pub fn database_path(&self) -> PathBuf {
        database_path(&self.data_dir, &self.settings_file)
    }

    pub fn default_database(&self) -> PathBuf {
        self.data_dir.join("clubroom.sqlite3")
    }

    pub fn demo_database(&self) -> PathBuf {
        self.data_dir.join("demo-club.sqlite3")
    }

    /// Makes the file at `path` the current club, keeping the reason if it cannot be opened.
    pub fn open(&self, path: &Path) {
        let club = look_at(path, self.today());
        *self.club.lock().unwrap_or_else(|p| p.into_inner()) = club;
    }

    /// Today in the club's time zone; `CLUBROOM_TODAY=YYYY-MM-DD` pins it for tests and demos.
    pub fn today(&self) -> NaiveDate {
        today()
    }
}

fn today() -> NaiveDate {
    dates::today_or_pinned()
}

fn database_path(data_dir: &Path, settings_file: &Path) -> PathBuf {
    if let Some(path) = std::env::var_os("CLUBROOM_DB") {
        return PathBuf::from(path);
    }
    Settings::load(settings_file)
        .database
        .unwrap_or_else(|| data_dir.join("clubroom.sqlite3"))
}

/// The club file at `path` as the window finds it: no file there yet is the window's set-up
/// (or the demo's first visit), which starts with a new, empty club.
fn look_at(path: &Path, today: NaiveDate) -> ClubFile {
    let mut club = ClubFile::at(path, today, Utc::now());
    club.make_if_none(today, Utc::now());
    club
}
