//! Times what the window asks the core for before its first screen (docs/performance.md,
//! "The first screen, from launch"): opening the club file as the app does, the app's status,
//! the home screen's overview and the training due in 60 days, each as its command runs it,
//! then when the damage check that runs after opening answered (the first write waits for it).
//! Not shipped; a benchmark, not a test: it prints and passes nothing. On a copy of the club
//! file (opening it may write, as the app does):
//!
//!   cargo run --release -p clubroom-core --example bench_home -- CLUB_FILE [RUNS]

use std::path::PathBuf;
use std::time::Instant;

use chrono::{NaiveDate, Utc};
use clubroom_core::access::{Operation, Target};
use clubroom_core::{ClubFile, club_file, overview, training};

fn main() -> clubroom_core::Result<()> {
    let mut args = std::env::args_os().skip(1);
    let Some(path) = args.next().map(PathBuf::from) else {
        eprintln!("usage: bench_home CLUB_FILE [RUNS]");
        std::process::exit(2);
    };
    let runs: u32 = args
        .next()
        .and_then(|r| r.to_str()?.parse().ok())
        .unwrap_or(5);
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("a date");
    let demo = path.with_file_name("no-demo-here.sqlite3");
    for run in 1..=runs {
        let started = Instant::now();
        let mut club = ClubFile::at(&path, today, Utc::now());
        club.make_if_none(today, Utc::now());
        let opened = started.elapsed();
        let status = Instant::now();
        club_file::status(&mut club, &demo, today)?;
        let status = status.elapsed();
        let store = club.store_mut()?;
        let home = Instant::now();
        store.begin(Operation::Overview, Target::Nothing)?;
        overview::overview(store.conn(), today, store.actor())?;
        let home = home.elapsed();
        let due = Instant::now();
        store.begin(Operation::TrainingDue, Target::Nothing)?;
        training::due_for(store.conn(), store.actor(), today, 60)?;
        let due = due.elapsed();
        let first_screen = started.elapsed();
        // The damage check runs after opening (club_file, "When the damage check runs"):
        // `state` waits for its answer, which the first write would wait for too.
        club.state();
        let checked = started.elapsed();
        println!(
            "run {run}: open {:.1} ms, app status {:.1} ms, overview {:.1} ms, training due {:.1} ms; \
             first screen's data {:.1} ms, damage check answered {:.1} ms after the start",
            ms(opened),
            ms(status),
            ms(home),
            ms(due),
            ms(first_screen),
            ms(checked)
        );
    }
    Ok(())
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
