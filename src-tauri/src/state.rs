//! The app's one piece of state: which club file is open, and where files live.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use clubroom_core::users::{self, NotOpened};
use clubroom_core::vault::{self, DataKey};
use clubroom_core::{Error, ErrorReport, Store, backup, dates, sessions};
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
    pub store: Arc<Mutex<Option<Store>>>,
    /// Why the club file could not be opened, if it could not.
    pub problem: Mutex<Option<ErrorReport>>,
    /// Why today's automatic backup was not made, if it failed (shown on the Backups card).
    pub backup_problem: Mutex<Option<String>>,
    /// The data key of an encrypted club file that someone unlocked but that is damaged: its
    /// backups share the key, so it is what lets one be checked and restored.
    pub damaged_key: Mutex<Option<DataKey>>,
    pub data_dir: PathBuf,
    pub settings_file: PathBuf,
    /// Whether a form in the window holds changes not yet saved (the window says so): closing
    /// the window then asks first instead of losing them.
    pub unsaved_changes: AtomicBool,
}

impl AppState {
    pub fn new(data_dir: PathBuf, config_dir: PathBuf) -> AppState {
        let settings_file = config_dir.join("settings.json");
        let state = AppState {
            store: Arc::new(Mutex::new(None)),
            problem: Mutex::new(None),
            backup_problem: Mutex::new(None),
            damaged_key: Mutex::new(None),
            data_dir,
            settings_file,
            unsaved_changes: AtomicBool::new(false),
        };
        let path = state.database_path();
        state.open(&path);
        state
    }

    /// The club file: `CLUBROOM_DB` if set (tests, scripts), else the saved setting, else the
    /// default in the app-data folder.
    pub fn database_path(&self) -> PathBuf {
        if let Some(path) = std::env::var_os("CLUBROOM_DB") {
            return PathBuf::from(path);
        }
        Settings::load(&self.settings_file)
            .database
            .unwrap_or_else(|| self.default_database())
    }

    pub fn default_database(&self) -> PathBuf {
        self.data_dir.join("clubroom.sqlite3")
    }

    pub fn demo_database(&self) -> PathBuf {
        self.data_dir.join("demo-club.sqlite3")
    }

    /// Opens the file at `path` as the current club, keeping the reason if it cannot be opened.
    pub fn open(&self, path: &Path) {
        *self.damaged_key.lock().unwrap_or_else(|p| p.into_inner()) = None;
        // Not a SQLite header and no key file beside it is damage, which opening says plainly.
        if vault::is_encrypted_club(path) {
            // Encrypted: nothing can be read until someone signs in (see `unlock_file`).
            *self.store.lock().unwrap_or_else(|p| p.into_inner()) = None;
            *self.problem.lock().unwrap_or_else(|p| p.into_inner()) = None;
            return;
        }
        // No file there yet is the window's set-up (or the demo's first visit): it starts
        // with a new, empty club. Any file that is there must be a club to open.
        self.install(Store::open_or_create(path));
    }

    /// Opens an encrypted club file as the person signing in. A wrong secret changes nothing;
    /// a file that unlocks but is damaged becomes the app's problem, its key kept for its
    /// backups.
    pub fn unlock_file(&self, name: &str, secret: &str) -> clubroom_core::Result<()> {
        let path = self.database_path();
        match users::open_as_keeping_key(&path, name, secret) {
            Ok(store) => {
                self.install(Ok(store));
                Ok(())
            }
            Err(NotOpened {
                error,
                key: Some(key),
            }) => {
                *self.damaged_key.lock().unwrap_or_else(|p| p.into_inner()) = Some(key);
                *self.problem.lock().unwrap_or_else(|p| p.into_inner()) = Some(error.report());
                Err(error)
            }
            Err(NotOpened { error, key: None }) => Err(error),
        }
    }

    /// The key of a damaged encrypted club file that was unlocked, if that is the trouble.
    pub fn damaged_key(&self) -> Option<DataKey> {
        self.damaged_key
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Whether the club file is encrypted and not yet unlocked.
    pub fn file_is_locked(&self) -> bool {
        self.store
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_none()
            && self
                .problem
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .is_none()
            && vault::is_encrypted(&self.database_path())
    }

    /// Makes `opened` the current club: its daily backup and the weeks ahead of its series
    /// first, or the reason it could not be opened.
    pub fn install(&self, opened: clubroom_core::Result<Store>) {
        let today = self.today();
        let opened = opened.and_then(|mut store| {
            // The first open of a day backs the file up; a failure is shown, not fatal.
            let daily = backup::daily_if_due(&store, chrono::Utc::now());
            *self
                .backup_problem
                .lock()
                .unwrap_or_else(|p| p.into_inner()) = daily.err().map(|e| e.to_string());
            store.write(|tx| sessions::extend_all_series(tx, today))?;
            Ok(store)
        });
        let mut problem = self.problem.lock().unwrap_or_else(|p| p.into_inner());
        let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        match opened {
            Ok(opened) => {
                *store = Some(opened);
                *problem = None;
                *self.damaged_key.lock().unwrap_or_else(|p| p.into_inner()) = None;
            }
            Err(error) => {
                *store = None;
                *problem = Some(error.report());
            }
        }
    }

    /// Today in the club's time zone; `CLUBROOM_TODAY=YYYY-MM-DD` pins it for tests and demos.
    pub fn today(&self) -> NaiveDate {
        std::env::var("CLUBROOM_TODAY")
            .ok()
            .and_then(|d| dates::parse_date(&d))
            .unwrap_or_else(dates::today)
    }
}
