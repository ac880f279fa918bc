use super::test_support::{checked_after, damaged, slow_check};
use super::*;

#[test]
fn a_new_file_gets_every_migration() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&dir.path().join("club.sqlite3")).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_version());
    let fk: i64 = store
        .conn()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let mode: String = store
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn every_earlier_version_migrates_to_the_latest() {
    for start in 0..latest_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("club.sqlite3");
        // Version 0 is a new file, which only `create` makes into a club.
        let store = if start == 0 {
            Store::create(&path).unwrap()
        } else {
            drop(Store::open_at_version(&path, start).unwrap());
            crate::club_file::open(&path, None).unwrap()
        };
        assert_eq!(
            store.schema_version().unwrap(),
            latest_version(),
            "from version {start}"
        );
        let problems: Vec<String> = store
            .conn()
            .prepare("PRAGMA foreign_key_check")
            .unwrap()
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(problems.is_empty(), "from version {start}: {problems:?}");
        let integrity: String = store
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok");
    }
}

#[test]
fn a_file_from_a_newer_clubroom_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.sqlite3");
    drop(Store::create(&path).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", latest_version() + 1)
            .unwrap();
    }
    let err = crate::club_file::open(&path, None)
        .err()
        .expect("a newer file must be refused");
    assert!(matches!(err, Error::DatabaseTooNew { .. }));
    assert!(
        err.to_string().contains("newer version of Clubroom"),
        "{err}"
    );
    let conn = Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, latest_version() + 1);
}

#[test]
fn a_failed_action_saves_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let result: Result<()> = store.write(|tx| {
        tx.execute("INSERT INTO venues (name) VALUES ('St Mary''s Hall')", [])?;
        crate::error::invalid("stop half-way")
    });
    assert!(result.is_err());
    let venues: i64 = store
        .conn()
        .query_row("SELECT COUNT(*) FROM venues", [], |r| r.get(0))
        .unwrap();
    assert_eq!(venues, 0);
}

/// Released migrations must never change: a changed hash means someone edited history.
#[test]
fn released_migrations_are_pinned() {
    use sha2::{Digest, Sha256};
    let pinned: &[(i64, &str)] = &[
        (1, PINNED_0001),
        (2, PINNED_0002),
        (3, PINNED_0003),
        (4, PINNED_0004),
        (5, PINNED_0005),
        (6, PINNED_0006),
        (7, PINNED_0007),
        (8, PINNED_0008),
        (9, PINNED_0009),
        (10, PINNED_0010),
        (11, PINNED_0011),
        (12, PINNED_0012),
        (13, PINNED_0013),
    ];
    assert_eq!(
        pinned.len(),
        MIGRATIONS.len(),
        "pin the hash of every new migration here"
    );
    for ((version, hash), migration) in pinned.iter().zip(MIGRATIONS) {
        assert_eq!(*version, migration.version);
        let digest = Sha256::digest(migration.sql.as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            &hex, hash,
            "migration {} ({}) was edited after release",
            migration.version, migration.name
        );
    }
}

const PINNED_0001: &str = "43c037b35e63317909fcd718bc5ea4ab32a85203ada9694f71997c7dbe6fd607";
const PINNED_0002: &str = "b038f6b5aabb686212cdb9f0098a295a082e7956e411330006c9eb468c1e509f";
const PINNED_0003: &str = "2e034addb564951c902ec1a6cd26c0e74cd196f18636e579223249013b69800a";
const PINNED_0004: &str = "66eee7b3d26471d2268dc36a9b8b587784ac6c9cb66de5d4b3ae14d6253dc2b0";
const PINNED_0005: &str = "efd0dfc26ba8d4b7e9c7e2eb083e656c2d78926c950c5db9604a5012daa19f99";
const PINNED_0006: &str = "037bc82537423f1612dbca79b21bbdd5c84e41a32085fa6c4a1eec97e92e9a8b";
const PINNED_0007: &str = "e08efbad7f1a34880ad10218d9982eabbf36d1e8273fe05660e9737de588322c";
const PINNED_0008: &str = "059e867058afaa6a083b557e26cdef71ed3b6961cead67cd12a32844296a5662";
const PINNED_0009: &str = "25d53fdeb24fe10544854508d22631fa8be4a47d827b9efe280e564d2c86bf36";
const PINNED_0010: &str = "cc27dcb469807da739dbc7abd80fb5e4d8d6aa2aa6d5ee71bfb7f70d1253e92a";
const PINNED_0011: &str = "be216212aeb2ccd792f4406ba0d7b6c9c2abdc3d47ed2d3656357860b2d3219a";
const PINNED_0012: &str = "5264ccd85e4a071e0c7cee82a0b8845721357b2acf6374d846e6f27060f22954";
const PINNED_0013: &str = "9e1226a172a1aea92e353f576005c495fa700d561e48f7d4d4eb5476301bb83e";

#[test]
fn only_a_club_file_opens_and_nothing_is_made_in_place_of_one() {
    let dir = tempfile::tempdir().unwrap();
    // No file: refused, and none is made.
    let missing = dir.path().join("missing.sqlite3");
    let err = crate::club_file::open(&missing, None)
        .err()
        .expect("no file, no club");
    assert_eq!(err.kind(), crate::ErrorKind::NotFound);
    assert!(
        err.to_string().contains("There is no club file at"),
        "{err}"
    );
    assert!(!missing.exists());

    // An empty file: refused and left empty.
    let empty = dir.path().join("empty.sqlite3");
    std::fs::write(&empty, b"").unwrap();
    let err = crate::club_file::open(&empty, None)
        .err()
        .expect("an empty file is no club");
    assert!(
        err.to_string()
            .contains("is empty: it is not a Clubroom club file"),
        "{err}"
    );
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
    // Given a data key too: an empty file is still no club, and nothing is made in it.
    let key = crate::vault::DataKey::generate().unwrap();
    let err = crate::club_file::open(&empty, Some(&key))
        .err()
        .expect("an empty file is no club, keyed or not");
    assert!(err.to_string().contains("is empty"), "{err}");
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);

    // Another program's database: refused and untouched (no tables added, not put in WAL).
    let other = dir.path().join("other.sqlite3");
    {
        let conn = Connection::open(&other).unwrap();
        conn.execute_batch(
            "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');",
        )
        .unwrap();
    }
    let before = std::fs::read(&other).unwrap();
    let err = crate::club_file::open(&other, None)
        .err()
        .expect("another program's file is no club");
    assert!(
        err.to_string().contains("is not a Clubroom club file"),
        "{err}"
    );
    assert!(std::fs::read(&other).unwrap() == before, "untouched");

    // A club is made only by `create`, and never over a file with anything in it.
    let err = Store::create(&other)
        .err()
        .expect("never over another file");
    assert!(
        err.to_string().contains("There is already a file at"),
        "{err}"
    );
    assert!(std::fs::read(&other).unwrap() == before, "untouched");
    let made = Store::create(&empty).unwrap();
    assert_eq!(made.schema_version().unwrap(), latest_version());
    drop(made);
    assert_eq!(
        crate::club_file::open(&empty, None)
            .unwrap()
            .schema_version()
            .unwrap(),
        latest_version()
    );
}

/// A mark made while an import holds the write lock longer than SQLite's usual wait (the
/// five seconds Clubroom once used) waits for it and is saved: it is never refused, and
/// never "database is locked".
#[test]
fn a_mark_made_during_a_long_import_waits_and_is_saved() {
    use crate::fixtures::Club;
    use crate::vocab::SessionType;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.sqlite3");
    let mut club = Club::with_store(Store::create(&path).unwrap());
    let session = club.session("2026-11-17", "18:00", "20:00", SessionType::OpenAccess);
    let person = club.young_person("Test", "Person", None);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 17).unwrap();

    // Another connection (an import in another window) holds the write lock for 7 seconds.
    let importer_path = path.clone();
    let (held, holding) = std::sync::mpsc::channel();
    let importer = std::thread::spawn(move || {
        let conn = Connection::open(&importer_path).unwrap();
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        held.send(()).unwrap();
        std::thread::sleep(std::time::Duration::from_secs(7));
        conn.execute_batch("COMMIT").unwrap();
    });
    holding.recv().unwrap();
    let started = std::time::Instant::now();
    let marked = club
        .store
        .write(|tx| crate::register::mark_present(tx, session, person, today));
    importer.join().unwrap();
    let waited = started.elapsed();
    assert!(marked.is_ok(), "refused after {waited:?}: {marked:?}");
    assert!(waited >= std::time::Duration::from_secs(6), "{waited:?}");
    let present: i64 = club
        .store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM attendance WHERE session_id = ?1",
            [session],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(present, 1);
}

/// A real import in another connection while marks are made: each mark is saved or, at
/// worst, refused with the busy sentence; never SQLite's own words.
#[test]
fn marks_during_a_real_import_are_saved_or_told_busy() {
    use crate::fixtures::Club;
    use crate::vocab::SessionType;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.sqlite3");
    let mut club = Club::with_store(Store::create(&path).unwrap());
    let session = club.session("2026-11-17", "18:00", "20:00", SessionType::OpenAccess);
    let people: Vec<i64> = (0..20)
        .map(|n| club.young_person("Door", &format!("Person{n}"), None))
        .collect();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 17).unwrap();
    let mut file = String::from("ref,first_name,last_name\n");
    for n in 0..1500 {
        file.push_str(&format!("IMP{n:04},Test{n},Imported{}\n", n % 50));
    }
    let importer_path = path.clone();
    let importer = std::thread::spawn(move || {
        let mut store = crate::club_file::open(&importer_path, None).unwrap();
        store.sign_in_as(crate::access::Actor::club_manager());
        crate::import::run(
            &mut store,
            crate::import::ImportKind::YoungPeople,
            file.as_bytes(),
            today,
            chrono::Utc::now(),
        )
    });
    for person in &people {
        match club
            .store
            .write(|tx| crate::register::mark_present(tx, session, *person, today))
        {
            Ok(_) => {}
            Err(error) => {
                assert!(matches!(error, Error::Busy), "{error:?}");
                assert!(!error.to_string().contains("locked"), "{error}");
            }
        }
    }
    let imported = importer.join().unwrap().unwrap();
    assert_eq!(imported.added, 1500);
}

// ---- writes wait for a check still running ----

fn venues(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM venues", [], |r| r.get(0))
        .unwrap()
}

fn add_venue(tx: &Transaction) -> Result<()> {
    tx.execute("INSERT INTO venues (name) VALUES ('Church hall')", [])?;
    Ok(())
}

#[test]
fn reads_go_ahead_while_a_check_runs_and_a_write_waits_for_its_answer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.sqlite3");
    let mut store = Store::create(&path).unwrap();
    store.writes_wait_for(slow_check(&path, std::time::Duration::from_secs(1), Ok(())));

    assert_eq!(venues(&store), 0);
    assert!(store.check_running(), "a read does not wait for the check");
    store.write(add_venue).unwrap();
    assert!(
        matches!(store.check_answered(), Some(Ok(()))),
        "the write waited for the check's answer"
    );
    assert_eq!(venues(&store), 1);
}

#[test]
fn a_checks_refusal_refuses_every_write_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.sqlite3");
    let mut store = checked_after(&path, 200, damaged());

    for _ in 0..2 {
        let refused = store.write(add_venue).unwrap_err();
        assert_eq!(refused.kind(), crate::ErrorKind::Damaged);
        assert_eq!(refused.to_string(), "This club file is damaged.");
    }
    assert_eq!(venues(&store), 0, "nothing was written");
}

#[test]
fn work_kept_for_after_the_check_is_done_before_the_next_write_named_as_itself() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.sqlite3");
    let mut store = Store::create(&path).unwrap();
    store.writes_wait_for(slow_check(&path, std::time::Duration::from_secs(1), Ok(())));
    store
        .after_check("make the weeks ahead", add_venue)
        .unwrap();
    assert_eq!(venues(&store), 0, "kept while the check runs");

    store.doing("save club details");
    store
        .write(|tx| {
            tx.execute("INSERT INTO venues (name) VALUES ('Scout hut')", [])?;
            Ok(())
        })
        .unwrap();
    assert_eq!(venues(&store), 2, "the kept work, then the write");
    let actions: Vec<String> = store
        .conn()
        .prepare("SELECT action FROM audit_log WHERE record LIKE 'venues%' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(actions, ["make the weeks ahead", "save club details"]);
}

/// A cached statement with `= ?` is not parsed again each time it is used: rusqlite clears a
/// cached statement's values when it goes back, and SQLite (3.54) re-prepared any statement
/// whose plan it had marked as depending on them (`set_pragmas`: plans never do). A join, or
/// a column that is not unique, is planned in full (a look-up by id alone is not).
#[test]
fn a_cached_statement_is_not_prepared_again_on_each_use() {
    use rusqlite::StatementStatus;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&dir.path().join("club.sqlite3")).unwrap();
    for sql in [
        "SELECT COUNT(*) FROM young_people y LEFT JOIN consents c ON c.young_person_id = y.id
         WHERE y.id = ?1",
        "SELECT COUNT(*) FROM young_people WHERE last_name = ?1",
    ] {
        for value in [1, 2, 7, 0, 1] {
            let mut statement = store.conn().prepare_cached(sql).unwrap();
            let count: i64 = statement.query_row([value], |r| r.get(0)).unwrap();
            assert_eq!(count, 0);
            assert_eq!(statement.get_status(StatementStatus::RePrepare), 0, "{sql}");
        }
    }
}
