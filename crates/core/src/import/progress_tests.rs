//! An import's progress, its Cancel, and its one audit entry.

use std::sync::Mutex;

use super::progress::{CancelFlag, Progress, Watch};
use super::*;
use crate::fixtures::{Club, date};

fn today() -> NaiveDate {
    date("2026-11-24")
}

/// `rows` young people in Clubroom's own columns.
fn people_file(rows: usize) -> String {
    let mut csv = String::from("ref,first_name,last_name,date_of_birth\n");
    for n in 0..rows {
        csv.push_str(&format!(
            "T{n:05},Test{n},Person{},2012-{:02}-{:02}\n",
            n % 7,
            n % 12 + 1,
            n % 28 + 1
        ));
    }
    csv
}

fn count(club: &Club, sql: &str) -> i64 {
    club.store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Every report an import made.
#[derive(Default)]
struct Recorded {
    reports: Mutex<Vec<(u64, u64)>>,
    /// Asks to stop once this many steps are done.
    stop_after: Option<u64>,
}

impl Progress for Recorded {
    fn report(&self, done: u64, total: u64) {
        self.reports.lock().unwrap().push((done, total));
    }
    fn cancelled(&self) -> bool {
        let reports = self.reports.lock().unwrap();
        self.stop_after
            .is_some_and(|after| reports.last().is_some_and(|(done, _)| *done >= after))
    }
}

#[test]
fn an_import_stopped_part_way_saves_nothing() {
    let mut club = Club::new();
    let file = people_file(2500);
    let stopping = Recorded {
        stop_after: Some(1000),
        ..Recorded::default()
    };
    let entries_before = count(&club, "SELECT COUNT(*) FROM audit_log");
    let stopped = run_watched(
        &mut club.store,
        ImportKind::YoungPeople,
        file.as_bytes(),
        today(),
        chrono::Utc::now(),
        &stopping,
    )
    .unwrap_err();
    assert!(matches!(stopped, Error::Cancelled), "{stopped}");
    assert!(stopped.to_string().contains("Nothing was saved"));
    assert_eq!(count(&club, "SELECT COUNT(*) FROM young_people"), 0);
    assert_eq!(
        count(&club, "SELECT COUNT(*) FROM audit_log"),
        entries_before,
        "a stopped import leaves no entry either"
    );
    let reports = stopping.reports.lock().unwrap();
    assert!(
        reports.iter().all(|(done, _)| *done < 2500),
        "it stopped before the end: {reports:?}"
    );
}

#[test]
fn a_dry_run_or_an_import_through_a_mapping_can_be_stopped_too() {
    let mut club = Club::new();
    let file = people_file(1500);
    let mapping = apply::propose(ImportKind::YoungPeople, file.as_bytes(), None, today())
        .unwrap()
        .mapping;
    for dry_run in [true, false] {
        let flag = CancelFlag::default();
        let watch = Watch {
            flag: flag.clone(),
            // The Cancel button pressed as the first batch ends.
            show: |done: u64, _total: u64| {
                if done >= 1000 {
                    flag.cancel();
                }
            },
        };
        let stopped = apply::run_mapped_watched(
            &mut club.store,
            file.as_bytes(),
            &mapping,
            dry_run,
            today(),
            chrono::Utc::now(),
            &watch,
        )
        .unwrap_err();
        assert!(matches!(stopped, Error::Cancelled), "{dry_run}: {stopped}");
        assert_eq!(count(&club, "SELECT COUNT(*) FROM young_people"), 0);
    }
}

#[test]
fn progress_is_reported_in_batches_up_to_the_whole_file() {
    let mut club = Club::new();
    let file = people_file(2500);
    let watching = Recorded::default();
    let outcome = run_watched(
        &mut club.store,
        ImportKind::YoungPeople,
        file.as_bytes(),
        today(),
        chrono::Utc::now(),
        &watching,
    )
    .unwrap();
    assert_eq!(outcome.added, 2500);
    let reports = watching.reports.lock().unwrap().clone();
    assert_eq!(
        reports,
        vec![(0, 2500), (1000, 2500), (2000, 2500), (2500, 2500)]
    );
}

#[test]
fn an_attendance_import_counts_each_row_checked_and_saved() {
    let mut club = Club::new();
    run(
        &mut club.store,
        ImportKind::YoungPeople,
        people_file(3).as_bytes(),
        today(),
        chrono::Utc::now(),
    )
    .unwrap();
    let mut csv = String::from("date,session,start,end,type,ref\n");
    for n in 0..600 {
        let day = date("2025-01-01") + chrono::Days::new(n / 3);
        csv.push_str(&format!(
            "{day},Club,18:00,20:00,open-access,T{:05}\n",
            n % 3
        ));
    }
    let watching = Recorded::default();
    let outcome = run_watched(
        &mut club.store,
        ImportKind::Attendance,
        csv.as_bytes(),
        today(),
        chrono::Utc::now(),
        &watching,
    )
    .unwrap();
    assert_eq!((outcome.added, outcome.sessions_added), (600, 200));
    let reports = watching.reports.lock().unwrap().clone();
    assert_eq!(reports, vec![(0, 1200), (1000, 1200), (1200, 1200)]);
}

#[test]
fn an_import_is_one_audit_entry_that_says_what_it_did() {
    let mut club = Club::new();
    let before = count(&club, "SELECT COUNT(*) FROM audit_log");
    run(
        &mut club.store,
        ImportKind::YoungPeople,
        people_file(3).as_bytes(),
        today(),
        chrono::Utc::now(),
    )
    .unwrap();
    assert_eq!(
        count(&club, "SELECT COUNT(*) FROM audit_log"),
        before + 1,
        "one entry for the import, not one per row written"
    );
    let (action, record, change): (String, String, String) = club
        .store
        .conn()
        .query_row(
            "SELECT action, record, change FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(action, "import young people");
    assert_eq!(record, "young_people");
    assert_eq!(
        change,
        "imported: rows 3, added 3, updated 0, unchanged 0, sessions added 0"
    );
    let chain = crate::audit::verify(club.store.conn()).unwrap();
    assert_eq!(chain.broken_at, None, "the entry is on the hash chain");
}
