//! Backups on real files in a temporary folder. Time is passed in, so rotation is stepped
//! through day by day without waiting; failures are injected at named steps to prove that a
//! backup or a restore never leaves half a file.

use chrono::TimeZone;

use super::*;
use crate::access::{Actor, Role};
use crate::fixtures::Club;
use crate::vocab::SessionType;

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

/// A club file with `people` young people, two sessions and some attendance.
fn club_file(dir: &Path, people: usize) -> (PathBuf, Club) {
    let path = dir.join("club.sqlite3");
    let mut club = Club::with_store(Store::create(&path).unwrap());
    let first = club.session("2026-11-03", "18:00", "20:00", SessionType::OpenAccess);
    let second = club.session("2026-11-10", "18:00", "20:00", SessionType::OpenAccess);
    for n in 0..people {
        let id = club.young_person(&format!("Young{n}"), "Person", Some("2012-05-01"));
        club.mark(first, id);
        if n % 2 == 0 {
            club.mark(second, id);
        }
    }
    (path, club)
}

fn counts(store: &Store) -> (i64, i64) {
    let conn = store.conn();
    let young: i64 = conn
        .query_row("SELECT COUNT(*) FROM young_people", [], |r| r.get(0))
        .unwrap();
    let marks: i64 = conn
        .query_row("SELECT COUNT(*) FROM attendance", [], |r| r.get(0))
        .unwrap();
    (young, marks)
}

fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(folder)
        .map(|r| {
            r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Overwrites one whole page in the middle of a file with a pattern, as a failing disk might.
pub(crate) fn damage_middle_page(path: &Path) {
    let mut bytes = fs::read(path).unwrap();
    let page = 4096;
    let start = (bytes.len() / 2) / page * page;
    assert!(
        start >= page,
        "the file is too small to damage in the middle"
    );
    bytes[start..start + page].fill(0x5A);
    fs::write(path, bytes).unwrap();
}

fn volunteer() -> Actor {
    Actor {
        user_id: 7,
        name: "Sam Volunteer".to_owned(),
        role: Role::Volunteer,
        person_id: None,
    }
}

#[test]
fn names_carry_when_and_why_and_are_read_back() {
    let when = at(2026, 12, 2, 5, 30);
    for reason in Reason::ALL {
        for (prefix, copy) in [("", 1), ("clubroom-", 1), ("", 3)] {
            let name = file_name(prefix, when, copy, *reason);
            assert_eq!(parse_name(&name), Some((when, *reason)), "{name}");
        }
    }
    assert_eq!(
        file_name("", when, 1, Reason::BeforeImport),
        "2026-12-02T053000Z-before-import.clubroom"
    );
    assert_eq!(parse_name("notes.txt"), None);
    assert_eq!(parse_name("holiday-daily.clubroom"), None);
    // Winter is GMT, summer BST: labels are in the club's time.
    assert_eq!(
        when_label(at(2026, 12, 1, 18, 5)),
        "Tuesday 1 December 2026, 18:05"
    );
    assert_eq!(
        when_label(at(2026, 7, 1, 17, 5)),
        "Wednesday 1 July 2026, 18:05"
    );
}

#[test]
fn a_backup_is_checked_and_holds_what_the_club_held() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut club) = club_file(dir.path(), 12);
    let made = back_up_now(&mut club.store, None, at(2026, 12, 1, 18, 5)).unwrap();
    assert_eq!(made.reason, Reason::Manual);
    assert_eq!(
        made.file_name,
        "2026-12-01T180500Z-manual.clubroom",
        "in {:?}",
        folder_for(&path)
    );
    assert_eq!(
        names_in(&folder_for(&path)),
        vec![made.file_name.clone()],
        "no part file is left"
    );
    let shown = preview(club.store.data_key(), Path::new(&made.path)).unwrap();
    assert_eq!(shown.club_name.as_deref(), Some("Test Youth Club"));
    assert_eq!(shown.young_people, 12);
    assert_eq!(shown.attendances, 18);
    assert_eq!(shown.sessions, 2);
    assert_eq!(shown.latest_session.as_deref(), Some("2026-11-10"));
    assert_eq!(shown.schema_version, latest_version());
    assert_eq!(shown.entry.made_at_label, "Tuesday 1 December 2026, 18:05");
    // A backup by hand is a copy of everything leaving in someone's hands: it is audited.
    let audited: String = club
        .store
        .conn()
        .query_row(
            "SELECT record FROM audit_log WHERE action = 'back up' AND change = 'exported'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, made.path);
    // One self-contained file: rollback journal, not WAL (header bytes 18 and 19 are 1).
    let bytes = fs::read(&made.path).unwrap();
    assert_eq!((bytes[18], bytes[19]), (1, 1));
}

#[test]
fn backups_are_consistent_while_another_connection_writes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, club) = club_file(dir.path(), 3);
    let writer_path = path.clone();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stop_writer = stop.clone();
    // Another connection (the command line, a second window) writes batches of ten rows, each
    // batch one transaction: a consistent copy holds whole batches only.
    let writer = std::thread::spawn(move || {
        let conn = Connection::open(&writer_path).unwrap();
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .unwrap();
        conn.execute_batch("CREATE TABLE IF NOT EXISTS batches (n INTEGER, filler TEXT)")
            .unwrap();
        let mut batches = 0;
        while !stop_writer.load(std::sync::atomic::Ordering::Relaxed) || batches < 20 {
            conn.execute_batch("BEGIN IMMEDIATE").unwrap();
            for n in 0..10 {
                conn.execute(
                    "INSERT INTO batches VALUES (?1, ?2)",
                    rusqlite::params![n, "x".repeat(500)],
                )
                .unwrap();
            }
            conn.execute_batch("COMMIT").unwrap();
            batches += 1;
        }
        batches
    });
    let now = at(2026, 12, 1, 9, 0);
    let mut made = Vec::new();
    // Automatic backups (a backup by hand also writes an audit entry, which would wait for
    // the writer; the copy itself never does).
    for _ in 0..8 {
        made.push(
            automatic(&club.store, Reason::BeforeImport, now)
                .unwrap()
                .unwrap(),
        );
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let batches = writer.join().unwrap();
    assert!(batches >= 20);
    let mut seen = std::collections::BTreeSet::new();
    for backup in &made {
        verify(None, Path::new(&backup.path)).unwrap();
        let conn = Connection::open(&backup.path).unwrap();
        let rows: i64 = conn
            .query_row("SELECT COUNT(*) FROM batches", [], |r| r.get(0))
            .unwrap_or(0);
        assert_eq!(rows % 10, 0, "{} holds half a batch", backup.file_name);
        seen.insert(rows);
    }
    // Eight backups in the same second each got a name of their own.
    let names: std::collections::BTreeSet<_> = made.iter().map(|b| &b.file_name).collect();
    assert_eq!(names.len(), 8);
    assert!(
        made.iter()
            .all(|b| parse_name(&b.file_name) == Some((now, Reason::BeforeImport)))
    );
    eprintln!("rows seen in the backups: {seen:?}");
}

#[test]
fn a_damaged_backup_fails_its_check() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut club) = club_file(dir.path(), 300);
    let made = back_up_now(&mut club.store, None, at(2026, 12, 1, 18, 5)).unwrap();
    verify(None, Path::new(&made.path)).unwrap();
    damage_middle_page(Path::new(&made.path));
    let error = verify(None, Path::new(&made.path)).unwrap_err();
    assert!(
        error.to_string().contains("is damaged and cannot be used"),
        "{error}"
    );
    assert!(preview(None, Path::new(&made.path)).is_err());
}

#[test]
fn a_backup_that_fails_its_check_after_writing_is_deleted_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut club) = club_file(dir.path(), 300);
    FAIL_AT.with(|f| *f.borrow_mut() = Some((Step::BackupWritten, damage_middle_page)));
    let error = back_up_now(&mut club.store, None, at(2026, 12, 1, 18, 5)).unwrap_err();
    FAIL_AT.with(|f| *f.borrow_mut() = None);
    assert!(
        error
            .to_string()
            .starts_with("The backup could not be made"),
        "{error}"
    );
    assert_eq!(names_in(&folder_for(&path)), Vec::<String>::new());
    assert!(list(&path).unwrap().is_empty());
}

#[test]
fn rotation_thins_real_backups_by_age_and_keeps_every_one_of_the_last_week() {
    let dir = tempfile::tempdir().unwrap();
    let (path, club) = club_file(dir.path(), 2);
    // Forty days, from Wednesday 21 October to Sunday 29 November 2026: a daily backup at the
    // first open, a second open the same day that makes none, and two imports a day.
    let first = NaiveDate::from_ymd_opt(2026, 10, 21).unwrap();
    for day in 0..40 {
        let date = first + Duration::days(day);
        let morning = date.and_hms_opt(8, 0, 0).unwrap().and_utc();
        assert!(
            DailyBackup::start_if_due(&club.store, morning)
                .wait()
                .unwrap()
                .is_some()
        );
        assert!(
            DailyBackup::start_if_due(&club.store, morning + Duration::hours(9))
                .wait()
                .unwrap()
                .is_none()
        );
        for hour in [1, 2] {
            automatic(
                &club.store,
                Reason::BeforeImport,
                morning + Duration::hours(hour),
            )
            .unwrap();
        }
    }
    let kept = list(&path).unwrap();
    let on = |day: &str| -> Vec<Reason> {
        let mut reasons: Vec<Reason> = kept
            .iter()
            .filter(|b| b.made_at.starts_with(day))
            .map(|b| b.reason)
            .collect();
        reasons.sort_by_key(|r| r.code());
        reasons
    };
    // The last seven days (the newest backup was made at 10:00 on the 29th): all three a day.
    for day in 23..=29 {
        let all = [Reason::BeforeImport, Reason::BeforeImport, Reason::Daily];
        assert_eq!(on(&format!("2026-11-{day}")), all, "{day} November");
    }
    // Before that, the newest of each day (the second import's) back to a month.
    for day in 1..=22 {
        assert_eq!(
            on(&format!("2026-11-{day:02}")),
            [Reason::BeforeImport],
            "{day} November"
        );
    }
    // A month back reaches 29 October; before it, the newest of the week (Sunday 25th).
    for day in 21..=31 {
        let kept_that_day = day == 25 || day >= 29;
        let expected: &[Reason] = if kept_that_day {
            &[Reason::BeforeImport]
        } else {
            &[]
        };
        assert_eq!(on(&format!("2026-10-{day}")), expected, "{day} October");
    }
    assert_eq!(names_in(&folder_for(&path)).len(), kept.len());
}

#[test]
fn many_tries_in_an_hour_never_push_out_an_older_backup() {
    let now = at(2026, 12, 1, 12, 0);
    let mut backups: Vec<BackupEntry> = (0..30)
        .map(|n| fake_entry(Reason::BeforeImport, now - Duration::minutes(n)))
        .collect();
    let before_last_real_change = fake_entry(Reason::BeforeImport, now - Duration::days(3));
    backups.push(before_last_real_change.clone());
    assert_eq!(
        to_remove(&backups, now, &Rotation::default()),
        Vec::<PathBuf>::new()
    );
}

#[test]
fn a_year_of_synthetic_backups_keeps_a_week_then_days_weeks_and_months() {
    let now = at(2026, 12, 1, 12, 0);
    // Every day for 400 days: a daily backup at 08:00 and one before an import at 09:00.
    let mut backups: Vec<BackupEntry> = (0..400)
        .flat_map(|day| {
            let morning = now - Duration::days(day) - Duration::hours(4);
            [
                fake_entry(Reason::BeforeImport, morning + Duration::hours(1)),
                fake_entry(Reason::Daily, morning),
            ]
        })
        .collect();
    backups.push(fake_entry(Reason::Manual, now - Duration::days(700)));
    let removed = to_remove(&backups, now, &Rotation::default());
    let kept: Vec<&BackupEntry> = backups
        .iter()
        .filter(|b| !removed.contains(&PathBuf::from(&b.path)))
        .collect();
    let age_in_days = |b: &BackupEntry| {
        (now - DateTime::parse_from_rfc3339(&b.made_at)
            .unwrap()
            .with_timezone(&Utc))
        .num_days()
    };
    // The last seven days whole: both backups of each day.
    assert_eq!(kept.iter().filter(|b| age_in_days(b) < 7).count(), 14);
    // To a month, one a day: the newest of the day (the one before the import).
    for day in 8..=30 {
        let that_day: Vec<_> = kept.iter().filter(|b| age_in_days(b) == day).collect();
        assert_eq!(that_day.len(), 1, "{day} days ago");
        assert_eq!(that_day[0].reason, Reason::BeforeImport);
    }
    // To a quarter, at most one a week beyond the daily ones; after it, one a month for ever.
    let between = |from: i64, to: i64| {
        kept.iter()
            .filter(|b| (from..to).contains(&age_in_days(b)))
            .count()
    };
    assert!((8..=10).contains(&between(32, 92)), "{}", between(32, 92));
    let older = between(92, 400);
    assert!((9..=12).contains(&older), "{older}");
    let months: std::collections::BTreeSet<String> = kept
        .iter()
        .filter(|b| (92..400).contains(&age_in_days(b)))
        .map(|b| b.made_at[..7].to_owned())
        .collect();
    assert_eq!(months.len(), older, "one a month");
    // A backup made by hand is never removed.
    assert!(kept.iter().any(|b| b.reason == Reason::Manual));
    assert_eq!(kept.len() + removed.len(), backups.len());
}

fn fake_entry(reason: Reason, made_at: DateTime<Utc>) -> BackupEntry {
    let name = file_name("", made_at, 1, reason);
    BackupEntry {
        path: format!("/backups/{name}"),
        file_name: name,
        made_at: made_at.to_rfc3339(),
        made_at_label: when_label(made_at),
        reason,
        reason_label: reason.label().to_owned(),
        size_bytes: 1,
        has_keys: false,
    }
}

#[test]
fn migration_backups_stay_ninety_days_the_newest_always_and_manual_ones_forever() {
    let now = at(2026, 12, 1, 12, 0);
    // A daily backup a day after the oldest update's, in its week and month: the newest
    // there, so only the ninety-day rule could keep the older one.
    let mut backups: Vec<BackupEntry> = [
        (Reason::BeforeMigration, 10),
        (Reason::BeforeMigration, 60),
        (Reason::BeforeMigration, 91),
        (Reason::Daily, 90),
        (Reason::Manual, 400),
        (Reason::BeforeRestore, 1),
    ]
    .into_iter()
    .map(|(reason, days)| fake_entry(reason, now - Duration::days(days)))
    .collect();
    backups.sort_by(|a, b| b.made_at.cmp(&a.made_at));
    let removed = to_remove(&backups, now, &Rotation::default());
    assert_eq!(
        removed,
        vec![PathBuf::from(
            &fake_entry(Reason::BeforeMigration, now - Duration::days(91)).path
        )]
    );

    // Long after: every migration backup is past ninety days, and the newest is still kept
    // (as is the newest of each month: October's is the update made 60 days before).
    let later = now + Duration::days(365);
    let removed = to_remove(&backups, later, &Rotation::default());
    let newest = fake_entry(Reason::BeforeMigration, now - Duration::days(10));
    assert!(!removed.contains(&PathBuf::from(&newest.path)));
    assert_eq!(
        removed,
        vec![PathBuf::from(
            &fake_entry(Reason::BeforeMigration, now - Duration::days(91)).path
        )]
    );
}

#[test]
fn an_old_file_is_backed_up_before_it_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.sqlite3");
    drop(Store::open_at_version(&path, 5).unwrap());
    let store = crate::club_file::open(&path, None).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_version());
    let made = list(&path).unwrap();
    assert_eq!(made.len(), 1, "{made:?}");
    assert_eq!(made[0].reason, Reason::BeforeMigration);
    let shown = preview(None, Path::new(&made[0].path)).unwrap();
    assert_eq!(shown.schema_version, 5);
    drop(store);

    // Opening it again (now up to date) makes no second one; nor does a brand-new file.
    drop(crate::club_file::open(&path, None).unwrap());
    assert_eq!(list(&path).unwrap().len(), 1);
    let fresh = dir.path().join("new.sqlite3");
    drop(Store::create(&fresh).unwrap());
    assert!(list(&fresh).unwrap().is_empty());
}

#[test]
fn a_restore_brings_the_backup_back_and_keeps_the_file_it_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut club) = club_file(dir.path(), 10);
    let backed_up = counts(&club.store);
    let made = back_up_now(&mut club.store, None, at(2026, 12, 1, 18, 5)).unwrap();
    let later = club.session("2026-11-17", "18:00", "20:00", SessionType::OpenAccess);
    for n in 0..5 {
        let id = club.young_person(&format!("Later{n}"), "Person", None);
        club.mark(later, id);
    }
    let before_restore = counts(&club.store);
    assert_ne!(before_restore, backed_up);

    let done = restore(club.store, Path::new(&made.path), at(2026, 12, 2, 9, 0)).unwrap();
    let reopened = crate::club_file::open(&path, None).unwrap();
    assert_eq!(counts(&reopened), backed_up);
    let kept = done
        .before_restore
        .expect("the replaced file was backed up");
    assert_eq!(kept.reason, Reason::BeforeRestore);
    let shown = preview(None, Path::new(&kept.path)).unwrap();
    assert_eq!(
        (shown.young_people, shown.attendances),
        before_restore,
        "the file as it was before the restore is kept"
    );
    assert!(
        names_in(dir.path())
            .iter()
            .all(|name| !name.contains("restoring"))
    );
}

#[test]
fn restoring_and_backing_up_need_a_manager_but_automatic_backups_run_for_anyone() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut club) = club_file(dir.path(), 2);
    let made = back_up_now(&mut club.store, None, at(2026, 12, 1, 18, 5)).unwrap();
    club.store.sign_in_as(volunteer());
    let refused = back_up_now(&mut club.store, None, at(2026, 12, 1, 18, 6)).unwrap_err();
    assert_eq!(refused.kind(), crate::ErrorKind::Denied);
    assert!(overview(&club.store).is_err());
    assert!(
        DailyBackup::start_if_due(&club.store, at(2026, 12, 1, 19, 0))
            .wait()
            .unwrap()
            .is_some()
    );
    let before = counts(&club.store);
    let refused = restore(club.store, Path::new(&made.path), at(2026, 12, 1, 20, 0)).unwrap_err();
    assert_eq!(refused.kind(), crate::ErrorKind::Denied);
    assert_eq!(
        counts(&crate::club_file::open(&path, None).unwrap()),
        before
    );
    assert!(
        list(&path)
            .unwrap()
            .iter()
            .all(|b| b.reason != Reason::BeforeRestore)
    );
}

#[test]
fn a_restore_that_fails_part_way_leaves_the_club_file_as_it_was() {
    for step in [Step::Staging, Step::BeforeReplacing] {
        let dir = tempfile::tempdir().unwrap();
        let (path, mut club) = club_file(dir.path(), 10);
        let made = back_up_now(&mut club.store, None, at(2026, 12, 1, 18, 5)).unwrap();
        let id = club.young_person("After", "Backup", None);
        let session = club.session("2026-11-17", "18:00", "20:00", SessionType::OpenAccess);
        club.mark(session, id);
        let before = counts(&club.store);

        FAIL_AT.with(|f| *f.borrow_mut() = Some((step, |_| {})));
        let error = restore(club.store, Path::new(&made.path), at(2026, 12, 2, 9, 0));
        FAIL_AT.with(|f| *f.borrow_mut() = None);
        assert!(error.is_err(), "{step:?}");

        let reopened = crate::club_file::open(&path, None).unwrap();
        assert_eq!(counts(&reopened), before, "{step:?}");
        let integrity: String = reopened
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok");
        assert!(
            names_in(dir.path())
                .iter()
                .all(|name| !name.contains("restoring")),
            "{step:?}: {:?}",
            names_in(dir.path())
        );
    }
}

#[test]
fn the_key_file_travels_with_a_backup_and_comes_back_on_restore() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut club) = club_file(dir.path(), 2);
    fs::write(keys_path(&path), b"wrapped keys, version 1").unwrap();
    let usb = dir.path().join("usb");
    let made = back_up_now(&mut club.store, Some(&usb), at(2026, 12, 1, 18, 5)).unwrap();
    assert_eq!(made.file_name, "club-2026-12-01T180500Z-manual.clubroom");
    assert!(made.has_keys);
    assert_eq!(
        fs::read(keys_path(Path::new(&made.path))).unwrap(),
        b"wrapped keys, version 1"
    );
    fs::write(keys_path(&path), b"wrapped keys, version 2").unwrap();
    restore(club.store, Path::new(&made.path), at(2026, 12, 2, 9, 0)).unwrap();
    assert_eq!(
        fs::read(keys_path(&path)).unwrap(),
        b"wrapped keys, version 1"
    );
    let before = list(&path).unwrap();
    let kept = before
        .iter()
        .find(|b| b.reason == Reason::BeforeRestore)
        .unwrap();
    assert_eq!(
        fs::read(keys_path(Path::new(&kept.path))).unwrap(),
        b"wrapped keys, version 2"
    );
}

/// A club file with a good daily backup and a newer, damaged one; then the club file itself
/// is damaged by `damage`.
pub(crate) fn damaged_club(dir: &Path, damage: fn(&Path)) -> (PathBuf, BackupEntry, (i64, i64)) {
    let (path, mut club) = club_file(dir, 300);
    let good = DailyBackup::start_if_due(&club.store, at(2026, 12, 1, 18, 5))
        .wait()
        .unwrap()
        .unwrap();
    let backed_up = counts(&club.store);
    let newer = back_up_now(&mut club.store, None, at(2026, 12, 1, 20, 0)).unwrap();
    damage_middle_page(Path::new(&newer.path));
    drop(club);
    damage(&path);
    (path, good, backed_up)
}

/// The last page: rows, far from the list of tables.
fn damage_last_page(path: &Path) {
    let mut bytes = fs::read(path).unwrap();
    let page = 4096;
    let start = (bytes.len() / page - 1) * page;
    assert!(start >= page, "the file has one page only");
    bytes[start..start + page].fill(0x5A);
    fs::write(path, bytes).unwrap();
}

fn damage_page_one(path: &Path) {
    let mut bytes = fs::read(path).unwrap();
    bytes[..100].fill(0x33);
    fs::write(path, bytes).unwrap();
}

#[test]
fn a_damaged_club_file_is_reported_plainly_left_untouched_and_the_latest_good_backup_offered() {
    for damage in [damage_page_one as fn(&Path), damage_middle_page] {
        let dir = tempfile::tempdir().unwrap();
        let (path, good, _) = damaged_club(dir.path(), damage);
        let bytes = fs::read(&path).unwrap();
        let error = crate::club_file::open(&path, None)
            .err()
            .expect("a damaged file is refused");
        assert_eq!(error.kind(), crate::ErrorKind::Damaged);
        assert_eq!(
            error.to_string(),
            "This club file is damaged and cannot be opened safely. Clubroom has not changed \
             it. The latest good backup is from Tuesday 1 December 2026, 18:05."
        );
        assert!(
            fs::read(&path).unwrap() == bytes,
            "the damaged file is untouched"
        );
        assert!(is_damaged(&path).unwrap());
        let offered = latest_good(&path, None).expect("a good backup is offered");
        assert_eq!(offered.entry.path, good.path);
    }
}

#[test]
fn a_damaged_club_file_with_no_backup_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (path, club) = club_file(dir.path(), 3);
    drop(club);
    damage_page_one(&path);
    let error = crate::club_file::open(&path, None).err().unwrap();
    assert!(
        error
            .to_string()
            .contains("There is no good backup of it in"),
        "{error}"
    );
}

#[test]
fn restoring_over_a_damaged_file_moves_it_aside_untouched_first() {
    let dir = tempfile::tempdir().unwrap();
    let (path, good, backed_up) = damaged_club(dir.path(), damage_page_one);
    let damaged = fs::read(&path).unwrap();
    let done =
        restore_over_damaged(&path, Path::new(&good.path), None, at(2026, 12, 2, 9, 0)).unwrap();
    let aside = done.damaged_kept_as.expect("the damaged file is kept");
    assert_eq!(
        aside,
        format!("{}.damaged-2026-12-02T090000Z", path.display())
    );
    assert!(fs::read(&aside).unwrap() == damaged, "kept as it was");
    let reopened = crate::club_file::open(&path, None).unwrap();
    assert_eq!(counts(&reopened), backed_up);
}

#[test]
fn a_failed_restore_over_a_damaged_file_puts_the_damaged_file_back() {
    let dir = tempfile::tempdir().unwrap();
    let (path, good, _) = damaged_club(dir.path(), damage_page_one);
    let damaged = fs::read(&path).unwrap();
    FAIL_AT.with(|f| *f.borrow_mut() = Some((Step::BeforeReplacing, |_| {})));
    let error = restore_over_damaged(&path, Path::new(&good.path), None, at(2026, 12, 2, 9, 0));
    FAIL_AT.with(|f| *f.borrow_mut() = None);
    assert!(error.is_err());
    assert!(
        fs::read(&path).unwrap() == damaged,
        "the damaged file is back"
    );
    assert!(
        names_in(dir.path())
            .iter()
            .all(|n| !n.contains("damaged-") && !n.contains("restoring")),
        "{:?}",
        names_in(dir.path())
    );
}

#[test]
fn a_good_club_file_is_not_restored_over_as_if_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut club) = club_file(dir.path(), 2);
    let made = back_up_now(&mut club.store, None, at(2026, 12, 1, 18, 5)).unwrap();
    drop(club);
    let bytes = fs::read(&path).unwrap();
    let refused = restore_over_damaged(&path, Path::new(&made.path), None, at(2026, 12, 2, 9, 0))
        .unwrap_err();
    assert!(refused.to_string().contains("is not damaged"), "{refused}");
    assert!(
        fs::read(&path).unwrap() == bytes,
        "the good file is untouched"
    );
}

#[test]
fn an_encrypted_club_is_backed_up_encrypted_with_its_key_file_and_restored() {
    use crate::vault::{NewKeyHolder, SecretKind, create_club};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.sqlite3");
    let key = create_club(
        &path,
        NewKeyHolder {
            user_id: 1,
            name: "Ada Manager".into(),
            kind: SecretKind::Password,
            secret: "correct horse battery".into(),
        },
    )
    .unwrap();
    let mut club = Club::with_store(crate::club_file::open(&path, Some(&key)).unwrap());
    let session = club.session("2026-11-03", "18:00", "20:00", SessionType::OpenAccess);
    for n in 0..4 {
        let id = club.young_person(&format!("Young{n}"), "Person", None);
        club.mark(session, id);
    }
    let made = back_up_now(&mut club.store, None, at(2026, 12, 1, 18, 5)).unwrap();
    assert!(made.has_keys);
    let bytes = fs::read(&made.path).unwrap();
    assert!(
        !bytes.starts_with(b"SQLite format 3\0"),
        "the backup is encrypted"
    );
    assert!(
        fs::read(keys_path(Path::new(&made.path))).unwrap() == fs::read(keys_path(&path)).unwrap()
    );
    let shown = preview(club.store.data_key(), Path::new(&made.path)).unwrap();
    assert_eq!((shown.young_people, shown.attendances), (4, 4));
    assert!(
        preview(None, Path::new(&made.path)).is_err(),
        "unreadable without the key"
    );

    let extra = club.young_person("Later", "Person", None);
    club.mark(session, extra);
    restore(club.store, Path::new(&made.path), at(2026, 12, 2, 9, 0)).unwrap();
    let reopened = crate::club_file::open(&path, Some(&key)).unwrap();
    assert_eq!(counts(&reopened), (4, 4));
}

#[test]
fn a_damaged_encrypted_club_file_offers_its_latest_good_encrypted_backup() {
    use crate::vault::{NewKeyHolder, SecretKind, create_club};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.sqlite3");
    let key = create_club(
        &path,
        NewKeyHolder {
            user_id: 1,
            name: "Ada Manager".into(),
            kind: SecretKind::Password,
            secret: "correct horse battery".into(),
        },
    )
    .unwrap();
    let mut club = Club::with_store(crate::club_file::open(&path, Some(&key)).unwrap());
    for n in 0..300 {
        club.young_person(&format!("Young{n}"), "Person", Some("2012-05-01"));
    }
    let good = back_up_now(&mut club.store, None, at(2026, 12, 1, 18, 5)).unwrap();
    drop(club);
    damage_middle_page(&path);
    let bytes = fs::read(&path).unwrap();
    let error = crate::club_file::open(&path, Some(&key))
        .err()
        .expect("refused");
    assert_eq!(error.kind(), crate::ErrorKind::Damaged, "{error}");
    assert!(
        error
            .to_string()
            .ends_with("The latest good backup is from Tuesday 1 December 2026, 18:05."),
        "{error}"
    );
    assert!(fs::read(&path).unwrap() == bytes, "untouched");
    assert_eq!(
        latest_good(&path, Some(&key)).map(|p| p.entry.path),
        Some(good.path)
    );
}

/// An encrypted club, protected by its first manager, with a good backup; then the club file
/// is damaged by `damage`.
fn damaged_encrypted_club(dir: &Path, damage: fn(&Path)) -> (PathBuf, BackupEntry, (i64, i64)) {
    let path = dir.join("club.sqlite3");
    let store =
        crate::fixtures::protected_club(&path, "Ada Manager", "correct horse battery").unwrap();
    let mut club = Club::with_store(store);
    let session = club.session("2026-11-03", "18:00", "20:00", SessionType::OpenAccess);
    for n in 0..300 {
        let id = club.young_person(&format!("Young{n}"), "Person", Some("2012-05-01"));
        if n % 3 == 0 {
            club.mark(session, id);
        }
    }
    let good = back_up_now(&mut club.store, None, at(2026, 12, 1, 18, 5)).unwrap();
    let backed_up = counts(&club.store);
    drop(club);
    damage(&path);
    (path, good, backed_up)
}

#[test]
fn signing_in_to_a_damaged_encrypted_club_says_damaged_and_keeps_the_key_for_its_backups() {
    for damage in [
        damage_page_one as fn(&Path),
        damage_middle_page,
        damage_last_page,
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (path, good, backed_up) = damaged_encrypted_club(dir.path(), damage);
        let damaged = fs::read(&path).unwrap();

        // A wrong password is still just a wrong password, and keeps no key.
        let (today, now) = (crate::dates::today(), at(2026, 12, 2, 9, 0));
        let mut club = crate::club_file::ClubFile::at(&path, today, now);
        let wrong = club
            .sign_in("Ada Manager", "not it", today, now)
            .expect_err("refused");
        assert_eq!(wrong.kind(), crate::ErrorKind::Denied);
        assert_eq!(club.state(), crate::ClubState::Locked);

        // The right one unlocks the key file; the file itself is reported damaged, whichever
        // page was hit, with the backup that the same key opens.
        let failed = club
            .sign_in("Ada Manager", "correct horse battery", today, now)
            .expect_err("damaged");
        assert_eq!(failed.kind(), crate::ErrorKind::Damaged);
        assert!(
            failed
                .to_string()
                .ends_with("The latest good backup is from Tuesday 1 December 2026, 18:05."),
            "{failed}"
        );
        assert_eq!(club.state(), crate::ClubState::Damaged);
        assert!(fs::read(&path).unwrap() == damaged, "untouched");
        assert!(preview(None, Path::new(&good.path)).is_err());
        let shown = club.preview_backup(Path::new(&good.path)).unwrap();
        assert_eq!((shown.young_people, shown.attendances), backed_up);

        // Restored with the key: the damaged file (and its key file) set aside unchanged, the
        // backup in place, and the manager's password opens it.
        let done = club.restore(Path::new(&good.path), today, now).unwrap();
        assert_eq!(club.state(), crate::ClubState::Locked);
        let aside = done.damaged_kept_as.expect("the damaged file is kept");
        assert!(fs::read(&aside).unwrap() == damaged);
        let reopened =
            crate::fixtures::open_as(&path, "Ada Manager", "correct horse battery").unwrap();
        assert_eq!(counts(&reopened), backed_up);
    }
}

#[test]
fn a_good_encrypted_club_is_not_restored_over_as_if_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let (path, good, _) = damaged_encrypted_club(dir.path(), |_| {});
    let store = crate::fixtures::open_as(&path, "Ada Manager", "correct horse battery").unwrap();
    let key = store.data_key().unwrap().clone();
    drop(store);
    let bytes = fs::read(&path).unwrap();
    let refused = restore_over_damaged(
        &path,
        Path::new(&good.path),
        Some(&key),
        at(2026, 12, 2, 9, 0),
    )
    .unwrap_err();
    assert!(refused.to_string().contains("is not damaged"), "{refused}");
    assert!(fs::read(&path).unwrap() == bytes, "untouched");
}

#[test]
fn a_missing_key_file_is_named_with_where_a_copy_is_not_called_damage() {
    let dir = tempfile::tempdir().unwrap();
    let (path, good, _) = damaged_encrypted_club(dir.path(), |path| {
        fs::remove_file(crate::vault::keys_path(path)).unwrap();
    });
    let bytes = fs::read(&path).unwrap();
    let error = crate::club_file::open(&path, None)
        .err()
        .expect("no key file, no opening");
    assert_eq!(error.kind(), crate::ErrorKind::NotFound, "{error}");
    let told = error.to_string();
    assert!(
        told.contains("The key file club.sqlite3.keys is missing beside the club file"),
        "{told}"
    );
    let copy = crate::vault::keys_path(Path::new(&good.path));
    assert!(told.contains(&copy.display().to_string()), "{told}");
    assert!(!told.contains("damaged"), "{told}");
    assert!(
        fs::read(&path).unwrap() == bytes,
        "the club file is untouched"
    );
    // The copy kept with the backup is the club's key file: put back, the club opens.
    fs::copy(&copy, crate::vault::keys_path(&path)).unwrap();
    let store = crate::fixtures::open_as(&path, "Ada Manager", "correct horse battery").unwrap();
    assert_eq!(counts(&store).0, 300);
}

#[test]
fn a_restore_names_what_was_recorded_after_the_backup_and_is_not_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut club) = club_file(dir.path(), 3);
    let made = back_up_now(&mut club.store, None, Utc::now()).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let later = club.session("2026-11-17", "18:00", "20:00", SessionType::OpenAccess);
    for n in 0..2 {
        let id = club.young_person(&format!("Later{n}"), "Person", None);
        club.mark(later, id);
    }
    let done = restore(club.store, Path::new(&made.path), Utc::now()).unwrap();
    let lost = done.not_in_it.clone().expect("the replaced file was read");
    assert!(!lost.is_empty());
    let total: i64 = lost.iter().map(|c| c.count).sum();
    assert!(
        total >= 5,
        "a session, two young people, two marks: {lost:?}"
    );
    assert!(
        done.summary
            .contains(&format!("from the backup made {}", made.made_at_label))
    );
    assert!(
        done.summary
            .contains("Not in it, because they were recorded after then:"),
        "{}",
        done.summary
    );

    // Over a damaged file whose pages cannot be read, the paragraph says it cannot tell.
    drop(crate::club_file::open(&path, None).unwrap());
    damage_page_one(&path);
    let done = restore_over_damaged(&path, Path::new(&made.path), None, Utc::now()).unwrap();
    assert_eq!(done.not_in_it, None);
    assert!(
        done.summary.contains("could not be read to say what"),
        "{}",
        done.summary
    );
    assert!(
        done.summary.contains("moved aside, unchanged"),
        "{}",
        done.summary
    );
}

/// Checking a backup opens a copy of the whole club: only those who may back up and restore
/// may (the CLI's `backup verify` let anyone signed in check one).
#[test]
fn only_those_who_back_up_may_check_or_preview_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut club) = club_file(dir.path(), 3);
    let made = back_up_now(&mut club.store, None, at(2026, 12, 1, 18, 5)).unwrap();
    drop(club);
    let backup = Path::new(&made.path);
    let (today, now) = (crate::dates::today(), at(2026, 12, 2, 9, 0));
    let mut file = crate::club_file::ClubFile::at(&path, today, now);
    for role in [Role::SafeguardingLead, Role::Leader, Role::Volunteer] {
        file.store_mut().unwrap().sign_in_as(Actor {
            user_id: 7,
            name: "Test Person".to_owned(),
            role,
            person_id: None,
        });
        let refused = file.verify_backup(backup).unwrap_err();
        assert!(matches!(refused, Error::Denied(_)), "{role:?}: {refused:?}");
        assert!(file.preview_backup(backup).is_err());
    }
    file.store_mut().unwrap().sign_in_as(Actor::club_manager());
    assert!(file.verify_backup(backup).is_ok());
}
