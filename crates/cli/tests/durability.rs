//! Durability: the real `clubroom-cli` process is killed with SIGKILL in the middle of taking a
//! register and in the middle of an import, many times, and the club file is checked after
//! each kill.
//!
//! Why the CLI: it is the same core in a process of its own. The app's `mark_present` command
//! and `clubroom-cli register take` both run `register::mark_present` inside `Store::write`,
//! one transaction per mark, and reply only after the commit; both open the file through
//! `club_file::open` (WAL journal, `synchronous = FULL`). What holds here holds for the app.
//!
//! What is proved, after every kill:
//! - every mark that was acknowledged (a `marked REF` line on standard output, printed only
//!   after its commit returned) is in the file;
//! - nothing was marked that was not asked for, and no attendance is there twice;
//! - there may be more marks than acknowledgements: a mark can commit just before the process
//!   dies, before its `marked` line is written. That mark was saved but never shown, which is
//!   safe (the leader sees it on reopening); the reverse (shown but not saved) must never happen;
//! - an import holds either none or all of its file's young people (all or nothing);
//! - `PRAGMA integrity_check` says `ok` and `PRAGMA foreign_key_check` finds nothing.
//!
//! What it cannot prove: SIGKILL kills the process, not the machine, so the operating system
//! still writes out what SQLite handed it. A power cut is what `synchronous = FULL` (an fsync
//! at every commit) is for, and no test here pulls the plug.
//!
//! Kills: `REGISTER_ROUNDS` (30) during registers and `IMPORT_ROUNDS` (12) during imports of a
//! 600-row file, 42 in all. The moments are random; the seed is printed, and
//! `CLUBROOM_DURABILITY_SEED=N` replays a run.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use clubroom_core::Store;
use clubroom_core::fixtures::Club;
use clubroom_core::sessions::{self, SessionInput};
use clubroom_core::vocab::SessionType;
use clubroom_core::young_people::{self, Profile};
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const REGISTER_ROUNDS: usize = 30;
const IMPORT_ROUNDS: usize = 12;
const YOUNG_PEOPLE: usize = 300;
const REFS_PER_ROUND: usize = 80;
const IMPORT_ROWS: usize = 600;
/// The session's date, pinned as "today" so its register is open.
const SESSION_DAY: &str = "2026-11-24";

fn seed() -> u64 {
    let seed = std::env::var("CLUBROOM_DURABILITY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    eprintln!("durability seed: {seed} (CLUBROOM_DURABILITY_SEED={seed} replays this run)");
    seed
}

fn cli(db: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_clubroom-cli"));
    command
        .arg("--db")
        .arg(db)
        .env("CLUBROOM_TODAY", SESSION_DAY)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    command
}

/// A club file with `YOUNG_PEOPLE` synthetic young people and one session on `SESSION_DAY`.
/// Returns the session's id and the references.
fn club_with_a_session(db: &Path) -> (i64, Vec<String>) {
    let mut club = Club::with_store(Store::create(db).expect("the club file opens"));
    let today = club.today;
    let refs = club
        .store
        .write(|tx| {
            (0..YOUNG_PEOPLE)
                .map(|i| {
                    let profile = Profile::named(&format!("Test{i}"), "Durability");
                    let reference = format!("DUR{i:04}");
                    young_people::add(tx, Some(&reference), &profile, true, today)
                        .map(|p| p.reference)
                })
                .collect::<clubroom_core::Result<Vec<_>>>()
        })
        .expect("young people added");
    let day = clubroom_core::fixtures::date(SESSION_DAY);
    let times = (
        clubroom_core::fixtures::time("18:00"),
        clubroom_core::fixtures::time("20:00"),
    );
    let input = SessionInput::one_off("Club night", day, times, None, SessionType::OpenAccess);
    let session = club
        .store
        .write(|tx| sessions::add_session(tx, &input))
        .expect("session added");
    (session.id, refs)
}

/// The references marked present at `session`, as the file holds them now.
fn marked(db: &Path, session: i64) -> Vec<String> {
    let store = clubroom_core::club_file::open(db, None).expect("the club file opens after a kill");
    let mut stmt = store
        .conn()
        .prepare(
            "SELECT y.ref FROM attendance a JOIN young_people y ON y.id = a.young_person_id
             WHERE a.session_id = ?1 ORDER BY y.ref",
        )
        .unwrap();
    stmt.query_map([session], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// The file is whole: SQLite's own checks find nothing wrong.
fn assert_file_is_whole(db: &Path) {
    let store = clubroom_core::club_file::open(db, None).expect("the club file opens after a kill");
    let integrity: String = store
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok", "integrity_check after a kill");
    let broken_keys: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken_keys, 0, "foreign_key_check after a kill");
}

/// Reads whole lines ("marked REF\n") into `acks`; a line cut short by the kill is no
/// acknowledgement. Stops after `stop_after` lines, or at the end of the output.
fn read_acks(out: &mut impl BufRead, acks: &mut Vec<String>, stop_after: Option<usize>) {
    let mut line = String::new();
    while stop_after.is_none_or(|n| acks.len() < n) {
        line.clear();
        match out.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) if !line.ends_with('\n') => return,
            Ok(_) => {
                let reference = line
                    .trim_end()
                    .strip_prefix("marked ")
                    .unwrap_or_else(|| panic!("unexpected output {line:?}"));
                acks.push(reference.to_owned());
            }
        }
    }
}

fn kill(child: &mut Child) {
    // On Unix, Child::kill sends SIGKILL: no destructor, no rollback, no flush runs.
    let _ = child.kill();
    child.wait().expect("the killed process is reaped");
}

#[test]
fn acknowledged_register_marks_survive_sigkill() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("club.sqlite3");
    let (session, refs) = club_with_a_session(&db);
    let mut rng = ChaCha8Rng::seed_from_u64(seed());
    let mut acknowledged: BTreeSet<String> = BTreeSet::new();
    let mut asked: BTreeSet<String> = BTreeSet::new();
    let mut saved_not_shown = 0;

    for round in 0..REGISTER_ROUNDS {
        // Some of each round's names were marked before (marking twice is one attendance).
        let mut batch: Vec<String> = refs.sample(&mut rng, REFS_PER_ROUND).cloned().collect();
        batch.shuffle(&mut rng);
        asked.extend(batch.iter().cloned());

        let mut child = cli(&db)
            .args(["register", "take", "--session", &session.to_string()])
            .stdin(Stdio::piped())
            .spawn()
            .expect("clubroom-cli starts");
        let mut stdin = child.stdin.take().unwrap();
        let feeder = std::thread::spawn(move || {
            for reference in batch {
                // The pipe breaks when the process is killed: that is expected.
                if writeln!(stdin, "{reference}").is_err() {
                    return;
                }
            }
        });
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut acks = Vec::new();
        // Vary the moment: straight after the k-th acknowledgement (between two marks), or a
        // little later (usually in the middle of the next mark's transaction).
        let after = rng.random_range(0..REFS_PER_ROUND);
        read_acks(&mut out, &mut acks, Some(after));
        if round % 2 == 1 {
            std::thread::sleep(Duration::from_micros(rng.random_range(0..3_000)));
        }
        kill(&mut child);
        // Lines already in the pipe were printed after their commit: they count too.
        read_acks(&mut out, &mut acks, None);
        feeder.join().unwrap();
        acknowledged.extend(acks);

        assert_file_is_whole(&db);
        let now_marked = marked(&db, session);
        let unique: BTreeSet<&String> = now_marked.iter().collect();
        assert_eq!(
            unique.len(),
            now_marked.len(),
            "an attendance is there twice"
        );
        for reference in &acknowledged {
            assert!(
                unique.contains(reference),
                "round {round}: {reference} was acknowledged but is not in the file"
            );
        }
        for reference in &now_marked {
            assert!(asked.contains(reference), "{reference} was never asked for");
        }
        assert!(now_marked.len() >= acknowledged.len());
        saved_not_shown = now_marked.len() - acknowledged.len();
    }
    eprintln!(
        "{REGISTER_ROUNDS} kills during registers: {} marks acknowledged, all in the file; \
         {saved_not_shown} saved but killed before their acknowledgement; {:.1?}",
        acknowledged.len(),
        started.elapsed()
    );
    assert!(
        !acknowledged.is_empty(),
        "no round got as far as a mark: the test proved nothing"
    );
}

/// A young-people file of `IMPORT_ROWS` valid rows, every reference starting with `prefix`.
fn import_file(dir: &Path, prefix: &str) -> PathBuf {
    let genders = ["female", "male", "non-binary", "prefer not to say", ""];
    let mut csv = String::from("ref,first_name,last_name,date_of_birth,gender,postcode\n");
    for i in 0..IMPORT_ROWS {
        csv.push_str(&format!(
            "{prefix}{i:05},First{i},Imported,{}-{:02}-{:02},{},CV{} {}AB\n",
            2008 + i % 10,
            1 + i % 12,
            1 + i % 28,
            genders[i % genders.len()],
            1 + i % 9,
            i % 10
        ));
    }
    let path = dir.join(format!("{prefix}.csv"));
    std::fs::write(&path, csv).unwrap();
    path
}

/// How many young people whose reference starts with `prefix` the file holds.
fn imported(db: &Path, prefix: &str) -> usize {
    let store = clubroom_core::club_file::open(db, None).expect("the club file opens after a kill");
    store
        .conn()
        .query_row(
            "SELECT count(*) FROM young_people WHERE ref LIKE ?1 || '%'",
            [prefix],
            |r| r.get::<_, i64>(0),
        )
        .unwrap() as usize
}

#[test]
fn an_import_killed_at_any_moment_leaves_all_or_nothing() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("club.sqlite3");
    club_with_a_session(&db);
    let mut rng = ChaCha8Rng::seed_from_u64(seed());

    // One import left to finish shows how long a whole one takes: the kills fall across it.
    let whole = import_file(dir.path(), "FULL");
    let timer = Instant::now();
    let status = cli(&db)
        .args(["import", "young-people"])
        .arg(&whole)
        .status()
        .unwrap();
    let full_time = timer.elapsed();
    assert!(status.success());
    assert_eq!(imported(&db, "FULL"), IMPORT_ROWS);

    let (mut none, mut all) = (0, 0);
    for round in 0..IMPORT_ROUNDS {
        let prefix = format!("K{round:02}-");
        let file = import_file(dir.path(), &prefix);
        let mut child = cli(&db)
            .args(["import", "young-people"])
            .arg(&file)
            .spawn()
            .unwrap();
        // Anywhere from the start to the usual end.
        let moment = full_time.mul_f64(rng.random_range(0.0..1.0));
        std::thread::sleep(moment);
        kill(&mut child);

        assert_file_is_whole(&db);
        match imported(&db, &prefix) {
            0 => none += 1,
            n if n == IMPORT_ROWS => all += 1,
            n => panic!(
                "round {round}: killed after {moment:?}, the file holds {n} of {IMPORT_ROWS} young people"
            ),
        }
    }
    eprintln!(
        "{IMPORT_ROUNDS} kills during imports of {IMPORT_ROWS} rows (a whole import takes \
         {full_time:.1?}): {none} left nothing, {all} had finished and left everything; {:.1?}",
        started.elapsed()
    );
    assert!(
        none > 0,
        "no kill landed before an import's end: the test proved nothing"
    );
}
