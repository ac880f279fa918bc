//! How long the wizard's import of a large file takes, end to end through the core's one
//! door for it (`import::apply::run_mapped`: the file read, its header found, the suggested
//! mapping applied, every row checked, one transaction, the backup before it): the figure
//! issue #15 asks to keep under 2 seconds for 100,000 rows in the release build
//! (docs/performance.md, "Importing 100,000 rows"). A benchmark to run by hand, not a timed
//! test: the machine it runs on decides the figures.
//!
//!   cargo build --release -p clubroom-core --example bench_import
//!   target/release/examples/bench_import                 # 100,000 rows, encrypted club file
//!   target/release/examples/bench_import 20000           # another size
//!   target/release/examples/bench_import 100000 --plain  # a plain (unencrypted) club file
//!   target/release/examples/bench_import 100000 --preview  # the wizard's preview too
//!
//! The club file is made as the app makes it (`ClubFile::protect`: a new SQLCipher file
//! under a random data key, its first manager signed in; WAL, `synchronous = FULL`), in a
//! temporary folder; `--plain` makes a plain one instead (`ClubFile::make_if_none`, the
//! window's set-up before a club is protected), to measure what the encryption costs.
//! Three imports into it, the files synthetic:
//! - young people from another system's members export (a member ID, names, date of birth
//!   day first, gender, postcode), all new;
//! - the same file again: every row matched by its reference and unchanged (adds nothing);
//! - attendance: one row per young person present, over 500 sessions the import makes.
//!
//! With `--preview`, before each young people import the wizard's preview of it (a dry run:
//! `run_mapped` with `dry_run`, as `preview_import` asks) is timed too, with the size of its
//! answer as JSON (what crosses to the window).

use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use clubroom_core::import::ImportKind;
use clubroom_core::import::apply::{self, MappedImport};
use clubroom_core::import::mapping;
use clubroom_core::{ClubFile, Store};

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

/// The time this thread has spent on a processor (Linux: `/proc/thread-self/schedstat`), to
/// say what an import costs apart from waiting for the disk or for other programs on a busy
/// machine. `None` elsewhere.
fn on_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// Imports `bytes` through the mapping the core suggests for it, timing the whole action:
/// the wall clock, and the processor time it took (when it can be read).
fn import(
    store: &mut Store,
    kind: ImportKind,
    bytes: &[u8],
) -> (Duration, Option<Duration>, MappedImport) {
    let (started, cpu) = (Instant::now(), on_cpu());
    let proposal = apply::propose(kind, bytes, None, today()).expect("a proposal");
    let done = apply::run_mapped(store, bytes, &proposal.mapping, false, today(), Utc::now())
        .expect("imported");
    let cpu = cpu.zip(on_cpu()).map(|(before, after)| after - before);
    (started.elapsed(), cpu, done)
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

fn report(what: &str, rows: usize, (took, cpu): (Duration, Option<Duration>), done: &MappedImport) {
    let outcome = done.outcome.as_ref().expect("no problem rows");
    println!(
        "{what:<40} {rows:>8} rows {:>6.2} s (on a processor {}) {:>7.0} rows/s   added {}, updated {}, unchanged {}, sessions {}",
        took.as_secs_f64(),
        cpu.map_or("not known".to_owned(), |cpu| format!(
            "{:.2} s",
            cpu.as_secs_f64()
        )),
        rows as f64 / took.as_secs_f64(),
        outcome.added,
        outcome.updated,
        outcome.unchanged,
        outcome.sessions_added
    );
}

/// The wizard's preview of `bytes` (a dry run through the suggested mapping): its time and
/// the size of its answer as JSON.
fn preview(store: &mut Store, kind: ImportKind, bytes: &[u8], rows: usize, what: &str) {
    let started = Instant::now();
    let proposal = apply::propose(kind, bytes, None, today()).expect("a proposal");
    let done = apply::run_mapped(store, bytes, &proposal.mapping, true, today(), Utc::now())
        .expect("previewed");
    let took = started.elapsed();
    let json = serde_json::to_vec(&done).expect("the answer as JSON");
    println!(
        "{what:<40} {rows:>8} rows {:>8.2} s   answer {} bytes as JSON, {} rows listed",
        took.as_secs_f64(),
        json.len(),
        done.people.len()
    );
}

/// A new club file in `dir`, made as the app makes it (encrypted, its first manager signed
/// in), or plain.
fn club(dir: &std::path::Path, plain: bool) -> Store {
    let path = dir.join("bench.sqlite3");
    let now = Utc::now();
    let mut club = ClubFile::at(&path, today(), now);
    if plain {
        club.make_if_none(today(), now);
    } else {
        club.protect(
            "Bench Manager",
            "correct horse battery staple",
            today(),
            now,
        )
        .expect("an encrypted club file");
    }
    club.into_store().expect("the club open")
}

fn main() {
    let mut rows: usize = 100_000;
    let (mut plain, mut previews) = (false, false);
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--plain" => plain = true,
            "--preview" => previews = true,
            number => {
                rows = number
                    .parse()
                    .expect("a number of rows, --plain or --preview")
            }
        }
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut store = club(dir.path(), plain);
    println!(
        "{} club file, {rows} rows",
        if plain { "plain" } else { "encrypted" }
    );

    let members = members_file(rows);
    if previews {
        preview(
            &mut store,
            ImportKind::YoungPeople,
            &members,
            rows,
            "preview: young people, all new",
        );
    }
    let (took, cpu, done) = import(&mut store, ImportKind::YoungPeople, &members);
    report("young people, all new", rows, (took, cpu), &done);
    phases(ImportKind::YoungPeople, &members, took);
    if previews {
        preview(
            &mut store,
            ImportKind::YoungPeople,
            &members,
            rows,
            "preview: the same file again",
        );
    }
    let (took, cpu, done) = import(&mut store, ImportKind::YoungPeople, &members);
    report(
        "the same file again (nothing changes)",
        rows,
        (took, cpu),
        &done,
    );
    phases(ImportKind::YoungPeople, &members, took);
    let attendance = attendance_file(rows, rows);
    let (took, cpu, done) = import(&mut store, ImportKind::Attendance, &attendance);
    report(
        "attendance, sessions made by the import",
        rows,
        (took, cpu),
        &done,
    );
    phases(ImportKind::Attendance, &attendance, took);
}
