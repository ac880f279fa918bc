//! Each state of the club file and each way from one to another.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::*;
use crate::access::{Operation, Target};
use crate::fixtures::{Club, date};
use crate::store::test_support::{checked_after, damaged};
use crate::users::NewUser;
use crate::vocab::SessionType;

const PASSWORD: &str = "correct horse battery";

fn today() -> NaiveDate {
    date("2026-11-24")
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 18, 0, 0).unwrap()
}

fn path_in(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("club.sqlite3")
}

/// A plain club with no accounts and some young people marked present.
fn plain_club(path: &Path, people: usize) {
    let mut club = Club::with_store(Store::create(path).unwrap());
    let session = club.session("2026-11-03", "18:00", "20:00", SessionType::OpenAccess);
    for n in 0..people {
        let id = club.young_person(&format!("Young{n}"), "Person", Some("2012-05-01"));
        club.mark(session, id);
    }
}

fn young_people(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM young_people", [], |r| r.get(0))
        .unwrap()
}

fn backups_of(path: &Path) -> usize {
    backup::list(path).unwrap().len()
}

#[test]
fn no_file_is_made_into_a_plain_empty_club_only_by_asking() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    let mut club = ClubFile::at(&path, today(), now());
    assert_eq!(club.state(), ClubState::NoFile);
    assert!(!path.exists(), "looking makes nothing");
    let error = club.store_mut().err().expect("nothing to use");
    assert_eq!(error.kind(), ErrorKind::NotFound);

    club.make_if_none(today(), now());
    assert_eq!(club.state(), ClubState::Open);
    assert!(
        !club.needs_sign_in(),
        "a club with no accounts is its stand-in manager's"
    );
    assert!(club.has_no_accounts().unwrap());
    assert!(path.is_file());
}

#[test]
fn an_empty_file_and_another_programs_database_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.sqlite3");
    fs::write(&empty, b"").unwrap();
    let foreign = dir.path().join("foreign.sqlite3");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');")
        .unwrap();
    let foreign_bytes = fs::read(&foreign).unwrap();

    for (path, says) in [(&empty, "is empty"), (&foreign, "not a Clubroom club file")] {
        let mut club = ClubFile::at(path, today(), now());
        assert_eq!(club.state(), ClubState::Refused, "{}", path.display());
        let problem = club.problem().expect("the reason is kept").to_string();
        assert!(problem.contains(says), "{problem}");
        club.make_if_none(today(), now());
        assert_eq!(club.state(), ClubState::Refused, "nothing is made over it");
    }
    assert_eq!(fs::read(&empty).unwrap(), b"");
    assert!(fs::read(&foreign).unwrap() == foreign_bytes, "untouched");
}

#[test]
fn protecting_no_file_makes_an_encrypted_club_that_is_locked_until_someone_signs_in() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    let mut club = ClubFile::at(&path, today(), now());
    let manager = club
        .protect("Ada Manager", PASSWORD, today(), now())
        .unwrap();
    assert_eq!(manager.role, Role::Manager);
    assert!(vault::is_encrypted_club(&path));
    drop(club);

    let mut club = ClubFile::at(&path, today(), now());
    assert_eq!(club.state(), ClubState::Locked);
    assert!(club.needs_sign_in());
    assert_eq!(club.sign_in_names().unwrap(), ["Ada Manager"]);
    assert_eq!(
        club.store_mut().err().expect("locked").kind(),
        ErrorKind::Denied
    );

    let wrong = club
        .sign_in("Ada Manager", "not the password", today(), now())
        .unwrap_err();
    // The same words as a wrong secret on a plain club with accounts: one message.
    assert_eq!(wrong.to_string(), users::WRONG_SECRET);
    assert_eq!(
        club.state(),
        ClubState::Locked,
        "a wrong secret changes nothing"
    );

    let signed_in = club
        .sign_in("Ada Manager", PASSWORD, today(), now())
        .unwrap();
    assert_eq!(signed_in, manager);
    assert_eq!(club.state(), ClubState::Open);
    let store = club.store_mut().unwrap();
    assert_eq!(store.actor(), &manager);
    assert!(store.data_key().is_some());
}

#[test]
fn an_empty_file_left_by_a_failed_attempt_is_made_into_the_protected_club() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    fs::write(&path, b"").unwrap();
    let mut club = ClubFile::at(&path, today(), now());
    club.protect("Ada Manager", PASSWORD, today(), now())
        .unwrap();
    assert_eq!(club.state(), ClubState::Open);
    assert!(vault::is_encrypted_club(&path));
}

#[test]
fn a_plain_club_is_encrypted_in_place_keeping_its_records_and_only_while_it_has_no_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    plain_club(&path, 3);
    let mut club = ClubFile::at(&path, today(), now());
    assert_eq!(club.state(), ClubState::Open);
    assert!(!vault::is_encrypted(&path));
    let weak = club
        .protect("Ada Manager", "short", today(), now())
        .unwrap_err();
    assert_eq!(weak.kind(), ErrorKind::Invalid);
    assert_eq!(
        club.state(),
        ClubState::Open,
        "a refusal leaves it open and plain"
    );
    assert!(!vault::is_encrypted(&path));

    club.protect("Ada Manager", PASSWORD, today(), now())
        .unwrap();
    assert!(vault::is_encrypted_club(&path));
    assert_eq!(young_people(club.store_mut().unwrap()), 3);
    let again = club
        .protect("Bo Manager", PASSWORD, today(), now())
        .unwrap_err();
    assert!(
        again.to_string().contains("already has people who sign in"),
        "{again}"
    );
}

#[test]
fn signing_in_is_recorded_and_followed_by_todays_backup_and_the_weeks_ahead() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    {
        let mut club = ClubFile::at(&path, today(), now());
        club.protect("Ada Manager", PASSWORD, today(), now())
            .unwrap();
        let store = club.store_mut().unwrap();
        store.begin(Operation::AddUser, Target::Nothing).unwrap();
        users::add_account(
            store,
            &NewUser {
                name: "Sam Volunteer".into(),
                role: Role::Volunteer,
                person_id: None,
                secret_kind: SecretKind::Pin,
                secret: "402917".into(),
            },
        )
        .unwrap();
    }
    let before = backups_of(&path);
    let tomorrow = now() + chrono::Duration::days(1);
    let mut club = ClubFile::at(&path, today(), tomorrow);
    assert_eq!(
        backups_of(&path),
        before,
        "nothing is made before someone signs in"
    );
    let sam = club
        .sign_in("Sam Volunteer", "402917", today(), tomorrow)
        .unwrap();
    assert_eq!(sam.role, Role::Volunteer);
    // Made on a thread of its own after the sign-in: asking for its problem waits for it.
    assert_eq!(club.backup_problem(), None);
    assert_eq!(
        backups_of(&path),
        before + 1,
        "the first sign-in of a day backs up"
    );
    let store = club.store_mut().unwrap();
    let signed_in: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'sign in' AND user_name = ?1",
            ["Sam Volunteer"],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(signed_in, 1);
}

#[test]
fn a_missing_key_file_is_named_not_called_damage() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    let mut club = ClubFile::at(&path, today(), now());
    club.protect("Ada Manager", PASSWORD, today(), now())
        .unwrap();
    backup::back_up_now(club.store_mut().unwrap(), None, now()).unwrap();
    drop(club);
    fs::remove_file(vault::keys_path(&path)).unwrap();
    let bytes = fs::read(&path).unwrap();

    let club = ClubFile::at(&path, today(), now());
    assert_eq!(club.state(), ClubState::Refused);
    let problem = club.problem().unwrap();
    assert_eq!(problem.kind(), ErrorKind::NotFound);
    assert!(
        problem
            .to_string()
            .contains("The key file club.sqlite3.keys is missing"),
        "{problem}"
    );
    assert!(fs::read(&path).unwrap() == bytes, "untouched");
}

#[test]
fn a_damaged_club_offers_its_latest_good_backup_and_is_restored_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    plain_club(&path, 300);
    let good = {
        let mut club = ClubFile::at(&path, today(), now());
        backup::back_up_now(club.store_mut().unwrap(), None, now()).unwrap()
    };
    let mut bytes = fs::read(&path).unwrap();
    let page = 4096;
    let start = (bytes.len() / 2) / page * page;
    bytes[start..start + page].fill(0x5A);
    fs::write(&path, &bytes).unwrap();

    let mut club = ClubFile::at(&path, today(), now());
    assert_eq!(club.state(), ClubState::Damaged);
    assert!(!club.needs_sign_in());
    assert_eq!(
        club.latest_good_backup().map(|b| b.entry.path),
        Some(good.path.clone())
    );
    assert_eq!(club.backups().unwrap().backups.len(), backups_of(&path));
    assert!(fs::read(&path).unwrap() == bytes, "looking changes nothing");

    let done = club.restore(Path::new(&good.path), today(), now()).unwrap();
    let aside = done
        .damaged_kept_as
        .expect("the damaged file is kept aside");
    assert!(fs::read(aside).unwrap() == bytes);
    assert_eq!(club.state(), ClubState::Open);
    assert_eq!(young_people(club.store_mut().unwrap()), 300);
}

#[test]
fn an_open_club_is_restored_only_by_someone_who_may_and_is_backed_up_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    plain_club(&path, 2);
    let mut club = ClubFile::at(&path, today(), now());
    let made = backup::back_up_now(club.store_mut().unwrap(), None, now()).unwrap();
    plain_club_more(club.store_mut().unwrap());
    assert_eq!(young_people(club.store_mut().unwrap()), 3);

    let volunteer = Actor {
        user_id: 7,
        name: "Sam Volunteer".into(),
        role: Role::Volunteer,
        person_id: None,
    };
    club.store_mut().unwrap().sign_in_as(volunteer.clone());
    let refused = club
        .restore(Path::new(&made.path), today(), now())
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Denied);
    assert_eq!(club.state(), ClubState::Open, "a refusal leaves it open");
    assert_eq!(
        club.store_mut().unwrap().actor(),
        &volunteer,
        "and who is signed in"
    );

    club.store_mut().unwrap().sign_in_as(Actor::club_manager());
    let before = backups_of(&path);
    let done = club.restore(Path::new(&made.path), today(), now()).unwrap();
    assert!(done.before_restore.is_some());
    assert_eq!(backups_of(&path), before + 1);
    assert_eq!(club.state(), ClubState::Open);
    assert_eq!(young_people(club.store_mut().unwrap()), 2);
}

fn plain_club_more(store: &mut Store) {
    let mut club = Club::with_store(Store::open_in_memory().unwrap());
    std::mem::swap(&mut club.store, store);
    club.young_person("Later", "Person", None);
    std::mem::swap(&mut club.store, store);
}

/// The window's first question, answered from each state of the club file.
#[test]
fn the_app_status_says_what_each_state_of_the_club_file_asks_of_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    let demo = dir.path().join("demo.sqlite3");

    let mut club = ClubFile::at(&path, today(), now());
    let nothing_yet = status(&mut club, &demo, today()).unwrap();
    assert_eq!(nothing_yet.database, path.display().to_string());
    assert_eq!(nothing_yet.today, "2026-11-24");
    assert!(nothing_yet.club.is_none() && nothing_yet.signed_in.is_none());
    assert!(!nothing_yet.needs_sign_in && !nothing_yet.needs_first_manager);
    assert!(!nothing_yet.exploring_demo);

    club.make_if_none(today(), now());
    let store = club.store_mut().unwrap();
    store
        .write(|tx| {
            crate::organisation::save(tx, &crate::organisation::Organisation::new("St Mary's"))
        })
        .unwrap();
    let unprotected = status(&mut club, &demo, today()).unwrap();
    assert!(
        unprotected.needs_first_manager,
        "a real club with no manager yet"
    );
    assert_eq!(unprotected.club.unwrap().name, "St Mary's");
    assert_eq!(
        unprotected.signed_in.map(|a| a.role),
        Some(Role::Manager),
        "the stand-in manager"
    );
    assert_eq!(unprotected.lock_after_minutes, 10);
    drop(club);

    let mut demo_club = ClubFile::at(&demo, today(), now());
    demo_club.make_if_none(today(), now());
    let mut details = crate::organisation::Organisation::new("Demo club");
    details.is_demo = true;
    demo_club
        .store_mut()
        .unwrap()
        .write(|tx| crate::organisation::save(tx, &details))
        .unwrap();
    let exploring = status(&mut demo_club, &demo, today()).unwrap();
    assert!(exploring.exploring_demo);
    assert!(
        !exploring.needs_first_manager,
        "the demo never asks for a manager"
    );

    let protected_path = dir.path().join("protected.sqlite3");
    let mut protected = ClubFile::at(&protected_path, today(), now());
    protected
        .protect("Ada Manager", PASSWORD, today(), now())
        .unwrap();
    drop(protected);
    let mut locked = ClubFile::at(&protected_path, today(), now());
    let asks = status(&mut locked, &demo, today()).unwrap();
    assert!(asks.needs_sign_in);
    assert_eq!(asks.sign_in_names, ["Ada Manager"]);
    assert!(
        asks.club.is_none(),
        "nothing of the club shows before sign-in"
    );
}

#[test]
fn a_club_made_at_schema_8_is_backed_up_migrated_and_keeps_its_records() {
    // The file an older Clubroom left (what the package's upgrade check installs over).
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    let night = Store::create_older_club_at_8(&path).unwrap();
    assert_eq!(
        rusqlite::Connection::open(&path)
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
            .unwrap(),
        8
    );

    let store = open(&path, None).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        crate::store::latest_version()
    );
    let backups = backup::list(&path).unwrap();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(backups[0].reason, backup::Reason::BeforeMigration);
    let kept = backup::preview(None, Path::new(&backups[0].path)).unwrap();
    assert_eq!((kept.schema_version, kept.young_people), (8, 2));

    let everyone = crate::young_people::search(
        store.conn(),
        &crate::young_people::Search {
            text: String::new(),
            include_archived: true,
            needs_details_only: false,
            limit: 10,
            offset: 0,
        },
        today(),
    )
    .unwrap();
    let mut names: Vec<&str> = everyone
        .people
        .iter()
        .map(|p| p.first_name.as_str())
        .collect();
    names.sort_unstable();
    assert_eq!((everyone.total, names), (2, vec!["Ada", "Bo"]));
    let register = crate::register::register(store.conn(), night, today()).unwrap();
    let present: Vec<&str> = register
        .entries
        .iter()
        .filter(|e| e.present)
        .map(|e| e.young_person.reference.as_str())
        .collect();
    assert_eq!(present.len(), 2, "{present:?}");
    // The next young person gets the next reference: the new high-water table starts right.
    drop(store);
    let mut club = Club::with_store(open(&path, None).unwrap());
    let cy = club.young_person("Cy", "Testperson", None);
    let added = crate::young_people::get(club.store.conn(), cy, today()).unwrap();
    assert_eq!(added.reference, "YP00003");
}

// ---- the damage check after the first screen ----

/// The message an open that finds damage gives, naming `damaged_club`'s good backup.
const DAMAGED: &str = "This club file is damaged and cannot be opened safely. Clubroom has not \
                       changed it. The latest good backup is from Tuesday 1 December 2026, 18:05.";

/// Later the same day as `damaged_club`'s backups, so opening makes no daily backup.
fn that_evening() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 21, 0, 0).unwrap()
}

fn save_details(store: &mut Store) -> crate::Result<()> {
    store
        .write(|tx| {
            crate::organisation::save(tx, &crate::organisation::Organisation::new("St Mary's"))
        })
        .map(|_| ())
}

#[test]
fn a_damaged_file_opened_for_the_first_screen_answers_reads_and_refuses_writes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, _) = backup::tests::damaged_club(dir.path(), backup::tests::damage_middle_page);
    let bytes = fs::read(&path).unwrap();

    let mut store = open_with(&path, None, Check::AfterOpening)
        .expect("opened for reading while the check runs");
    let details = crate::organisation::get(store.conn()).unwrap();
    assert_eq!(details.map(|c| c.name).as_deref(), Some("Test Youth Club"));
    let refused = save_details(&mut store).expect_err("the write waits and is refused");
    assert_eq!(refused.kind(), ErrorKind::Damaged);
    assert_eq!(refused.to_string(), DAMAGED);
    assert_eq!(
        store.writes_allowed().unwrap_err().to_string(),
        DAMAGED,
        "and every write after it"
    );
    drop(store);
    assert!(fs::read(&path).unwrap() == bytes, "nothing was written");
}

#[test]
fn a_damaged_club_file_becomes_damaged_once_its_check_answers() {
    let dir = tempfile::tempdir().unwrap();
    let (path, good, _) =
        backup::tests::damaged_club(dir.path(), backup::tests::damage_middle_page);
    let bytes = fs::read(&path).unwrap();
    let demo = dir.path().join("demo.sqlite3");
    let today = date("2026-12-01");

    let mut club = ClubFile::at(&path, today, that_evening());
    // Whether the check has answered yet or not, the write is refused in the same words.
    let refused = match club.store_mut() {
        Ok(store) => save_details(store).expect_err("a write waits for the check"),
        Err(problem) => problem,
    };
    assert_eq!(refused.to_string(), DAMAGED);
    let shown = status(&mut club, &demo, today).unwrap();
    let problem = shown
        .problem
        .expect("the window's next status shows the damage");
    assert_eq!(problem.kind, ErrorKind::Damaged);
    assert_eq!(problem.message, DAMAGED);
    assert!(shown.club.is_none(), "nothing of the club is shown");
    assert_eq!(club.state(), ClubState::Damaged);
    assert_eq!(
        club.store_mut().err().map(|e| e.to_string()).as_deref(),
        Some(DAMAGED)
    );
    assert_eq!(
        club.latest_good_backup().map(|b| b.entry.path),
        Some(good.path)
    );
    drop(club);
    assert!(fs::read(&path).unwrap() == bytes, "nothing was written");
}

/// Damages the young people's table at its first page: every read of the list meets it,
/// while the list of tables (and so opening) still reads.
fn damage_young_peoples_table(path: &Path) {
    let root: i64 = rusqlite::Connection::open(path)
        .unwrap()
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'young_people'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut bytes = fs::read(path).unwrap();
    let page = 4096;
    let start = (usize::try_from(root).unwrap() - 1) * page;
    bytes[start..start + page].fill(0x5A);
    fs::write(path, bytes).unwrap();
}

#[test]
fn a_read_that_meets_a_damaged_page_is_said_as_damage_and_the_file_becomes_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, _) = backup::tests::damaged_club(dir.path(), damage_young_peoples_table);
    let bytes = fs::read(&path).unwrap();
    let mut club = ClubFile::at(&path, date("2026-12-01"), that_evening());

    // Read at once, most likely before the check has answered; either way the same words.
    let read = club.with_store(|store| {
        Ok(store
            .conn()
            .query_row("SELECT count(*) FROM young_people NOT INDEXED", [], |r| {
                r.get::<_, i64>(0)
            })?)
    });
    let said = read.expect_err("the list cannot be read");
    assert_eq!(said.kind(), ErrorKind::Damaged);
    assert_eq!(said.to_string(), DAMAGED, "not SQLite's words");
    assert_eq!(club.state(), ClubState::Damaged);
    drop(club);
    assert!(fs::read(&path).unwrap() == bytes, "nothing was written");
}

#[test]
fn a_damaged_club_file_is_never_written_by_a_command_line_command() {
    // The command line gives up the club file to one command: its writes wait the same way.
    let dir = tempfile::tempdir().unwrap();
    let (path, _, _) = backup::tests::damaged_club(dir.path(), backup::tests::damage_middle_page);
    let bytes = fs::read(&path).unwrap();
    let club = ClubFile::at(&path, date("2026-12-01"), that_evening());
    let refused = match club.into_store() {
        Ok(mut store) => save_details(&mut store).expect_err("a write waits for the check"),
        Err(problem) => problem,
    };
    assert_eq!(refused.to_string(), DAMAGED);
    assert!(fs::read(&path).unwrap() == bytes, "nothing was written");
}

#[test]
fn a_damaged_encrypted_club_found_after_sign_in_keeps_its_key_for_its_backups() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    let good = {
        let mut club = ClubFile::at(&path, today(), now());
        club.protect("Ada Manager", PASSWORD, today(), now())
            .unwrap();
        let store = club.store_mut().unwrap();
        // Enough pages to damage one in the middle.
        store
            .write(|tx| {
                for n in 0..800 {
                    tx.execute(
                        "INSERT INTO venues (name) VALUES (?1)",
                        [format!("Hall {n} ").repeat(8)],
                    )?;
                }
                Ok(())
            })
            .unwrap();
        backup::back_up_now(store, None, now()).unwrap()
    };
    backup::tests::damage_middle_page(&path);
    let bytes = fs::read(&path).unwrap();

    let mut club = ClubFile::at(&path, today(), now());
    assert_eq!(club.state(), ClubState::Locked);
    let refused = club
        .sign_in("Ada Manager", PASSWORD, today(), now())
        .expect_err("the sign-in's audit entry waits for the check");
    assert_eq!(refused.kind(), ErrorKind::Damaged);
    assert_eq!(club.state(), ClubState::Damaged);
    assert_eq!(
        club.latest_good_backup().map(|b| b.entry.path),
        Some(good.path),
        "its backups read with the key that unlocked it"
    );
    drop(club);
    assert!(fs::read(&path).unwrap() == bytes, "nothing was written");
}

#[test]
fn a_healthy_club_file_takes_a_write_made_at_once_after_opening() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    plain_club(&path, 300);

    let mut store = open_with(&path, None, Check::AfterOpening).unwrap();
    save_details(&mut store).expect("the write waited for the check and was saved");
    assert!(
        matches!(store.check_answered(), Some(Ok(()))),
        "the check had answered before the write"
    );
    let name: String = store
        .conn()
        .query_row("SELECT name FROM organisation", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "St Mary's");
}

#[test]
fn an_older_club_file_is_checked_before_it_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    Store::create_older_club_at_8(&path).unwrap();
    // Enough pages to damage one in the middle, written as schema 8 left it.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for n in 0..300 {
            conn.execute(
                "INSERT INTO venues (name) VALUES (?1)",
                [format!("Hall {n} ").repeat(20)],
            )
            .unwrap();
        }
    }
    backup::tests::damage_middle_page(&path);
    let bytes = fs::read(&path).unwrap();

    let club = ClubFile::at(&path, today(), now());
    assert_eq!(
        club.state(),
        ClubState::Damaged,
        "refused at opening, as before"
    );
    assert!(
        matches!(club.state, State::Damaged { .. }),
        "found before anything, not by a later check"
    );
    assert!(
        fs::read(&path).unwrap() == bytes,
        "not migrated, not written"
    );
    assert!(
        backup::list(&path).unwrap().is_empty(),
        "no backup before a migration that did not happen"
    );
}

fn sessions_in(path: &Path) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("SELECT count(*) FROM sessions", [], |r| r.get(0))
        .unwrap()
}

/// A plain club with one weekly series, its sessions made up to 12 weeks after 1 January 2030.
fn club_with_a_weekly_series(path: &Path) -> i64 {
    let mut club = Club::with_store(Store::create(path).unwrap());
    club.series("Juniors", 2, "2029-12-01", None);
    drop(club);
    sessions_in(path)
}

#[test]
fn the_weeks_ahead_wait_for_the_check_unless_the_coming_week_lacks_a_session() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    let made = club_with_a_weekly_series(&path);
    let a_week_on = date("2030-01-08");
    let now = Utc.with_ymd_and_hms(2030, 1, 8, 18, 0, 0).unwrap();

    let mut club = ClubFile::at(&path, a_week_on, now);
    assert_eq!(
        sessions_in(&path),
        made,
        "the week after the horizon waits for the check: opening wrote nothing"
    );
    save_details(club.store_mut().unwrap()).unwrap();
    assert_eq!(sessions_in(&path), made + 1, "made before the first write");
    drop(club);

    let months_on = date("2030-06-04");
    let later = Utc.with_ymd_and_hms(2030, 6, 4, 18, 0, 0).unwrap();
    let club = ClubFile::at(&path, months_on, later);
    assert_eq!(club.state(), ClubState::Open);
    let tonight: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM sessions WHERE date = '2030-06-04'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        tonight, 1,
        "tonight's session is there for the first screen"
    );
}

/// What SQLite says when a read meets a damaged page.
fn malformed() -> Error {
    Error::Database(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
        Some("database disk image is malformed".into()),
    ))
}

#[test]
fn a_read_that_meets_damage_before_the_check_answers_is_said_in_the_checks_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.sqlite3");
    let store = checked_after(&path, 300, damaged());
    assert!(store.check_running());

    let said = explained_by_the_check(&store, malformed());
    assert_eq!(
        said.kind(),
        crate::ErrorKind::Damaged,
        "waited for the check"
    );
    assert_eq!(said.to_string(), "This club file is damaged.");
    let other = explained_by_the_check(&store, Error::NotFound("No such young person.".into()));
    assert_eq!(other.to_string(), "No such young person.", "kept as it is");
}

#[test]
fn a_damaged_page_the_check_does_not_confirm_is_not_called_damage_by_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.sqlite3");
    let store = checked_after(&path, 50, Ok(()));
    assert_eq!(
        explained_by_the_check(&store, malformed()).kind(),
        crate::ErrorKind::Database
    );
}

/// Today's backup is made on a thread of its own after opening, so the club is written
/// meanwhile; closing the club waits for it, so the folder never keeps half a copy.
#[test]
fn todays_backup_is_made_while_the_club_is_in_use_and_finished_before_it_closes() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    plain_club(&path, 40);
    let mut club = ClubFile::at(&path, today(), now());
    save_details(club.store_mut().unwrap()).unwrap();
    drop(club);
    // The backup's connection closed before the club's, so the club's, closing last, folded
    // its write-ahead log back in: one whole file, safe to copy.
    let wal = backup::wal_file(&path);
    assert!(
        !wal.exists(),
        "the write-ahead log is left beside the club file"
    );

    let made = backup::list(&path).unwrap();
    assert_eq!(made.len(), 1, "today's backup: {made:?}");
    assert_eq!(made[0].reason, backup::Reason::Daily);
    backup::verify(None, Path::new(&made[0].path)).unwrap();
    let left: Vec<String> = fs::read_dir(backup::folder_for(&path))
        .unwrap()
        .map(|item| item.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".part"))
        .collect();
    assert!(left.is_empty(), "half-made copies left: {left:?}");

    // Opened again the same day: no second backup, and nothing to wait for.
    let mut again = ClubFile::at(&path, today(), now() + chrono::Duration::hours(1));
    assert_eq!(again.backup_problem(), None);
    assert_eq!(backups_of(&path), 1);
}

/// A backup that cannot be made (its folder is a file) is said, and the club is used as ever.
#[test]
fn a_daily_backup_that_fails_is_said_and_the_club_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    plain_club(&path, 3);
    fs::write(backup::folder_for(&path), b"not a folder").unwrap();
    let mut club = ClubFile::at(&path, today(), now());
    assert_eq!(club.state(), ClubState::Open);
    save_details(club.store_mut().unwrap()).unwrap();
    let problem = club
        .backup_problem()
        .expect("the failure is kept")
        .to_owned();
    assert!(problem.contains("backups folder"), "{problem}");
}
