//! Each state of the club file and each way from one to another.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::*;
use crate::access::{Operation, Target};
use crate::fixtures::{Club, date};
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
    assert_eq!(
        backups_of(&path),
        before + 1,
        "the first sign-in of a day backs up"
    );
    assert_eq!(club.backup_problem(), None);
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
