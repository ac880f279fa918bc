//! What encryption at rest costs: unlocking a club (Argon2id, by design slow), opening the
//! encrypted file, and the foundation's everyday operations on the same demo club as a plain
//! file and as an encrypted one; sealing and opening a certificate.
//!
//! Run: `cargo bench -p clubroom-core --bench vault` (figures in docs/performance.md,
//! "Encryption at rest").

use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::NaiveDate;
use clubroom_core::dates::Period;
use clubroom_core::demo::DemoOptions;
use clubroom_core::vault::{self, DataKey, NewKeyHolder, SecretKind};
use clubroom_core::young_people::{self, Search};
use clubroom_core::{Store, figures, register, sessions};

const UNTIL: &str = "2026-11-24";
const NAME: &str = "Ada Manager";
const PASSWORD: &str = "correct horse battery";

fn until() -> NaiveDate {
    clubroom_core::dates::parse_date(UNTIL).expect("a date")
}

struct Clubs {
    _dir: tempfile::TempDir,
    plain: PathBuf,
    encrypted: PathBuf,
    key: DataKey,
}

/// The foundation bench's demo club, made once, and an encrypted copy of it made with
/// `vault::encrypt_existing` (the path an existing club takes).
fn clubs() -> &'static Clubs {
    static CLUBS: OnceLock<Clubs> = OnceLock::new();
    CLUBS.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let plain = dir.path().join("plain.sqlite3");
        let encrypted = dir.path().join("encrypted.sqlite3");
        let options = DemoOptions {
            young_people: 5000,
            weeks: 260,
            sessions_per_week: 3,
            seed: 1,
            until: until(),
            checkins: false,
        };
        let mut store = Store::create(&plain).expect("the bench file opens");
        clubroom_core::demo::make(&mut store, &options).expect("the demo club is made");
        drop(store);
        std::fs::copy(&plain, &encrypted).expect("a copy");
        let started = std::time::Instant::now();
        let first = NewKeyHolder {
            user_id: 1,
            name: NAME.into(),
            kind: SecretKind::Password,
            secret: PASSWORD.into(),
        };
        let key = vault::encrypt_existing(&encrypted, first).expect("encrypted");
        eprintln!(
            "encrypting the demo club ({} MB) in place took {:.2}s",
            std::fs::metadata(&encrypted).expect("the file").len() / 1_000_000,
            started.elapsed().as_secs_f64()
        );
        Clubs {
            _dir: dir,
            plain,
            encrypted,
            key,
        }
    })
}

fn open(kind: &str) -> Store {
    let clubs = clubs();
    match kind {
        "plain" => clubroom_core::club_file::open(&clubs.plain, None),
        _ => clubroom_core::club_file::open(&clubs.encrypted, Some(&clubs.key)),
    }
    .expect("the bench file opens")
}

fn main() {
    divan::main();
}

/// Signing in: read the key file, Argon2id, unwrap the data key.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn unlock_with_a_password(bencher: divan::Bencher) {
    let path = &clubs().encrypted;
    bencher.bench(|| vault::unlock(path, NAME, PASSWORD).expect("unlocked"));
}

#[divan::bench(args = ["plain", "encrypted"], sample_count = 20, sample_size = 1)]
fn open_the_club_file(bencher: divan::Bencher, kind: &str) {
    clubs();
    bencher.bench(|| open(kind));
}

#[divan::bench(args = ["plain", "encrypted"])]
fn search_young_people_smith(bencher: divan::Bencher, kind: &str) {
    let store = open(kind);
    let query = Search {
        text: "smith".into(),
        limit: 100,
        ..Search::default()
    };
    bencher
        .bench_local(|| young_people::search(store.conn(), &query, until()).expect("search works"));
}

/// One committed transaction, fsync included, as when a leader clicks.
#[divan::bench(args = ["plain", "encrypted"])]
fn mark_one_attendance(bencher: divan::Bencher, kind: &str) {
    let store = open(kind);
    let today = until();
    let session = sessions::between(store.conn(), today, today).expect("sessions")[0].id;
    let people: Vec<i64> = store
        .conn()
        .prepare("SELECT id FROM young_people ORDER BY id")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("people");
    let mut next = 0usize;
    let cell = std::cell::RefCell::new(store);
    bencher
        .with_inputs(|| {
            next = (next + 1) % people.len();
            let person = people[next];
            cell.borrow_mut()
                .write(|tx| register::unmark(tx, session, person, today))
                .expect("unmarked");
            person
        })
        .bench_local_values(|person| {
            cell.borrow_mut()
                .write(|tx| register::mark_present(tx, session, person, today))
                .expect("marked")
        });
}

#[divan::bench(args = ["plain", "encrypted"], sample_count = 20)]
fn stats_for_a_financial_year(bencher: divan::Bencher, kind: &str) {
    let store = open(kind);
    let year = Period::financial_year_of(NaiveDate::from_ymd_opt(2025, 6, 1).expect("a date"));
    bencher.bench_local(|| figures::compute(store.conn(), year, until()).expect("figures"));
}

/// A 2 MB scanned certificate, sealed and opened again.
#[divan::bench(sample_count = 20)]
fn seal_and_open_a_2mb_certificate(bencher: divan::Bencher) {
    let key = &clubs().key;
    let scan: Vec<u8> = (0..2_000_000u32).map(|i| (i % 251) as u8).collect();
    bencher.bench(|| {
        let sealed = vault::seal(key, &scan).expect("sealed");
        vault::open_sealed(key, &sealed).expect("opened")
    });
}
