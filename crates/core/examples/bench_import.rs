//! How long the wizard's import of a large file takes, end to end through the core's one
//! door for it (`import::apply::run_mapped`: the file read, its header found, the suggested
//! mapping applied, every row checked, one transaction, the backup before it): the figure
//! issue #15 asks to keep under 2 seconds for 100,000 rows in the release build
//! (docs/performance.md, "Importing 100,000 rows"). A benchmark to run by hand, not a timed
//! test: the machine it runs on decides the figures.
//!
//!   cargo run --release -p clubroom-core --example bench_import            # 100,000 rows
//!   cargo run --release -p clubroom-core --example bench_import -- 20000   # another size
//!
//! Three imports, each into a fresh club file in a temporary folder (WAL, `synchronous =
//! FULL`, as the app opens it), the files synthetic:
//! - young people from another system's members export (a member ID, names, date of birth
//!   day first, gender, postcode), all new;
//! - the same file again: every row matched by its reference and unchanged (adds nothing);
//! - attendance: one row per young person present, over 500 sessions the import makes.

use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use clubroom_core::Store;
use clubroom_core::access::Actor;
use clubroom_core::import::ImportKind;
use clubroom_core::import::apply::{self, MappedImport};
use clubroom_core::import::mapping;

const SESSIONS: usize = 500;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date")
}

/// An OSM-like members export: the header is Clubroom's fields in another system's words.
fn members_file(rows: usize) -> Vec<u8> {
    let mut csv = String::from("Member ID,First Name,Last Name,Date Of Birth,Gender,Post Code\n");
    for n in 0..rows {
        csv.push_str(&format!(
            "M{n:06},Test{n},Person{},{:02}/{:02}/{},{},CV{} {}AB\n",
            n % 97,
            n % 28 + 1,
            n % 12 + 1,
            2008 + n % 10,
            ["Female", "Male", "Non-binary"][n % 3],
            n % 9 + 1,
            n % 9
        ));
    }
    csv.into_bytes()
}

/// Attendance at `SESSIONS` weekly sessions, the young people of `members_file` by their
/// member ID.
fn attendance_file(rows: usize, people: usize) -> Vec<u8> {
    let mut csv = String::from("Date,Session,Start,End,Type,Member ID\n");
    let first = NaiveDate::from_ymd_opt(2016, 12, 1).expect("a date");
    let per_session = rows.div_ceil(SESSIONS);
    for n in 0..rows {
        let session = n / per_session;
        let date = first + chrono::Duration::days(7 * session as i64);
        let person = (session * 31 + n % per_session * 7) % people;
        csv.push_str(&format!(
            "{},Youth Club,18:00,20:00,open access,M{person:06}\n",
            date.format("%d/%m/%Y")
        ));
    }
    csv.into_bytes()
}

/// Imports `bytes` through the mapping the core suggests for it, timing the whole action.
fn import(store: &mut Store, kind: ImportKind, bytes: &[u8]) -> (Duration, MappedImport) {
    let started = Instant::now();
    let proposal = apply::propose(kind, bytes, None, today()).expect("a proposal");
    let done = apply::run_mapped(store, bytes, &proposal.mapping, false, today(), Utc::now())
        .expect("imported");
    (started.elapsed(), done)
}

/// Where an import's time goes, phase by phase, each timed alone outside the import (so they
/// do not add up to its time exactly): the file read and its header found, the mapping
/// suggested, the rows mapped. The rest of the import's time is the rows matched, checked and
/// written, the backup and the commit.
fn phases(kind: ImportKind, bytes: &[u8], took: Duration) {
    let started = Instant::now();
    let read = apply::read_file(bytes, None).expect("read");
    let reading = started.elapsed();
    let started = Instant::now();
    let mapping = mapping::suggest(kind, &read.table, today());
    let suggesting = started.elapsed();
    let started = Instant::now();
    let mapped = mapping::apply(&mapping, &read.table, today()).expect("mapped");
    let mapping_rows = started.elapsed();
    drop(mapped);
    // The import reads the file twice (once to propose, once to import) and maps it once.
    let rest = took.saturating_sub(2 * reading + suggesting + mapping_rows);
    println!(
        "    read and header {:.2} s (twice), suggest {:.2} s, map {:.2} s, match, check and write {:.2} s",
        reading.as_secs_f64(),
        suggesting.as_secs_f64(),
        mapping_rows.as_secs_f64(),
        rest.as_secs_f64()
    );
}

fn report(what: &str, rows: usize, took: Duration, done: &MappedImport) {
    let outcome = done.outcome.as_ref().expect("no problem rows");
    println!(
        "{what:<40} {rows:>8} rows {:>8.2} s {:>10.0} rows/s   added {}, updated {}, unchanged {}, sessions {}",
        took.as_secs_f64(),
        rows as f64 / took.as_secs_f64(),
        outcome.added,
        outcome.updated,
        outcome.unchanged,
        outcome.sessions_added
    );
}

fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse().expect("a number of rows"))
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut store = Store::create(&dir.path().join("bench.sqlite3")).expect("a club file");
    store.sign_in_as(Actor::club_manager());

    let members = members_file(rows);
    let (took, done) = import(&mut store, ImportKind::YoungPeople, &members);
    report("young people, all new", rows, took, &done);
    phases(ImportKind::YoungPeople, &members, took);
    let (took, done) = import(&mut store, ImportKind::YoungPeople, &members);
    report("the same file again (nothing changes)", rows, took, &done);
    phases(ImportKind::YoungPeople, &members, took);
    let attendance = attendance_file(rows, rows);
    let (took, done) = import(&mut store, ImportKind::Attendance, &attendance);
    report("attendance, sessions made by the import", rows, took, &done);
    phases(ImportKind::Attendance, &attendance, took);
}
