//! What the benches that time a large demo club share: the club, made once per run (seed 1,
//! registers up to [`until`]) in a temporary folder that lives as long as the run, and opened
//! as the app opens a club file. Each bench says how large a club it times and what to report
//! about it; `#[path = "common/mod.rs"] mod common;` brings this in.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDate;
use clubroom_core::Store;
use clubroom_core::demo::{DemoOptions, DemoSummary};

/// The demo's "today" in every bench: registers are taken up to the day before.
pub fn until() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("a date")
}

/// How large a demo club a bench times.
pub struct Demo {
    pub young_people: u32,
    pub weeks: u32,
    pub sessions_per_week: u32,
    /// Also outcome check-ins (an ONS4 plan on every project, four waves for a fifth).
    pub checkins: bool,
}

/// The bench's demo club file, made on first use; `describe` writes what was made (and how
/// long it took, in seconds) to stderr.
pub fn demo_file(demo: Demo, describe: fn(&Store, &DemoSummary, f64)) -> &'static PathBuf {
    static FILE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &FILE
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let path = dir.path().join("bench.sqlite3");
            let mut store = Store::create(&path).expect("the bench file opens");
            let options = DemoOptions {
                young_people: demo.young_people,
                weeks: demo.weeks,
                sessions_per_week: demo.sessions_per_week,
                seed: 1,
                until: until(),
                checkins: demo.checkins,
            };
            let started = std::time::Instant::now();
            let made =
                clubroom_core::demo::make(&mut store, &options).expect("the demo club is made");
            describe(&store, &made, started.elapsed().as_secs_f64());
            (dir, path)
        })
        .1
}

/// Opens the bench's club file as the app does.
pub fn open(path: &Path) -> Store {
    clubroom_core::club_file::open(path, None).expect("the bench file opens")
}
