//! How long the largest realistic imports hold the club file's write lock: a register mark
//! made meanwhile (in another window, or the command line) waits that long, so the store's
//! busy wait (`store::BUSY_WAIT`) must be longer than the slowest of these.
//!
//! The write lock is held only while the import's one transaction runs (the backup before it
//! reads, and waits for no one), so each sample times `Store::write` around the import alone,
//! on a fresh club file in WAL mode with `synchronous = FULL`, as the app uses:
//!
//! - 5,000 young people in one file (a very large club's whole list);
//! - a year of attendance for them: 50,000 rows over 300 sessions, the sessions made by the
//!   import (far more than a club imports at once: a term's spreadsheet is a few thousand).
//!
//! Run: `cargo bench -p clubroom-core --bench imports` (figures in docs/performance.md).

use chrono::NaiveDate;
use clubroom_core::Store;
use clubroom_core::access::Actor;
use clubroom_core::import;

const YOUNG_PEOPLE: usize = 5000;
const SESSIONS: usize = 300;
const PER_SESSION: usize = 167;

fn main() {
    divan::main();
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date")
}

fn young_people_file() -> String {
    let mut csv = String::from("ref,first_name,last_name,date_of_birth,gender,postcode\n");
    for n in 0..YOUNG_PEOPLE {
        csv.push_str(&format!(
            "YP{n:05},Test{n},Person{},2011-{:02}-{:02},{},CV{} {}AB\n",
            n % 97,
            n % 12 + 1,
            n % 28 + 1,
            ["female", "male", "non-binary"][n % 3],
            n % 9 + 1,
            n % 9
        ));
    }
    csv
}

fn attendance_file() -> String {
    let mut csv = String::from("date,session,start,end,type,venue,ref\n");
    let first = NaiveDate::from_ymd_opt(2025, 12, 1).expect("a date");
    for session in 0..SESSIONS {
        let date = first + chrono::Duration::days(session as i64);
        for n in 0..PER_SESSION {
            let person = (session * 31 + n * 7) % YOUNG_PEOPLE;
            csv.push_str(&format!(
                "{date},Youth Club,18:00,20:00,open access,St Mary's Hall,YP{person:05}\n"
            ));
        }
    }
    csv
}

/// A fresh club file (in a folder that lives as long as the sample), with the young people
/// already there when `with_people`.
fn fresh_club(with_people: bool) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut store = Store::create(&dir.path().join("bench.sqlite3")).expect("a club file");
    store.sign_in_as(Actor::club_manager());
    if with_people {
        let file = young_people_file();
        store
            .write(|tx| import::young_people(tx, &Actor::club_manager(), file.as_bytes(), today()))
            .expect("the young people import");
    }
    (dir, store)
}

/// 5,000 young people: the write lock held for the whole import.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn five_thousand_young_people(bencher: divan::Bencher) {
    let file = young_people_file();
    bencher
        .with_inputs(|| fresh_club(false))
        .bench_local_values(|(dir, mut store)| {
            store
                .write(|tx| {
                    import::young_people(tx, &Actor::club_manager(), file.as_bytes(), today())
                })
                .expect("imported");
            (dir, store)
        });
}

/// A year of attendance, 50,000 rows: the write lock held for the whole import.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn a_year_of_attendance(bencher: divan::Bencher) {
    let file = attendance_file();
    bencher
        .with_inputs(|| fresh_club(true))
        .bench_local_values(|(dir, mut store)| {
            store
                .write(|tx| import::attendance(tx, &Actor::club_manager(), file.as_bytes()))
                .expect("imported");
            (dir, store)
        });
}
