//! The audit log catches every change with who and what, refuses edits, and its chain shows
//! tampering done outside Clubroom.

use super::*;
use crate::access::Role;
use crate::fixtures::Club;
use crate::store::Store;
use crate::vocab::SessionType;

fn volunteer() -> Actor {
    Actor {
        user_id: 7,
        name: "Sam Volunteer".to_owned(),
        role: Role::Volunteer,
        person_id: None,
    }
}

fn all(store: &Store) -> Vec<AuditEntry> {
    entries(store.conn(), &Actor::club_manager(), &Filter::default()).unwrap()
}

#[test]
fn every_change_is_logged_with_who_what_and_which_record() {
    let mut club = Club::new();
    let session = club.session("2026-05-05", "18:00", "20:00", SessionType::OpenAccess);
    let person = club.young_person("Test", "Person", Some("2012-01-01"));
    club.store.sign_in_as(volunteer());
    club.store.doing("mark present");
    club.mark(session, person);

    let log = all(&club.store);
    let mark = &log[0];
    assert_eq!(mark.user_name, "Sam Volunteer");
    assert_eq!(mark.role, "volunteer");
    assert_eq!(mark.user_id, Some(7));
    assert_eq!(mark.action, "mark present");
    assert_eq!(mark.change, "added");
    assert_eq!(
        mark.record,
        format!("attendance session_id={session} young_person_id={person}")
    );
    // The earlier changes were made by the club's set-up, and are there too.
    assert!(
        log.iter()
            .any(|e| e.record == format!("young_people {person}") && e.change == "added")
    );
    assert!(verify(club.store.conn()).unwrap().intact());
}

#[test]
fn updates_and_removals_are_logged_too() {
    let mut club = Club::new();
    let session = club.session("2026-05-05", "18:00", "20:00", SessionType::OpenAccess);
    let person = club.young_person("Test", "Person", Some("2012-01-01"));
    club.mark(session, person);
    club.store
        .write(|tx| {
            tx.execute(
                "UPDATE young_people SET last_name = 'Changed' WHERE id = ?1",
                [person],
            )?;
            tx.execute(
                "DELETE FROM attendance WHERE young_person_id = ?1",
                [person],
            )?;
            Ok(())
        })
        .unwrap();
    let log = all(&club.store);
    assert_eq!(log[0].change, "removed");
    assert!(log[0].record.starts_with("attendance "));
    assert_eq!(log[1].change, "changed");
    assert_eq!(log[1].record, format!("young_people {person}"));
}

#[test]
fn exports_are_recorded_by_the_code_that_makes_them() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .write(|tx| {
            record(
                tx,
                &volunteer(),
                "funder return PDF",
                "2026-04-01 to 2026-06-30",
            )
        })
        .unwrap();
    let log = all(&store);
    assert_eq!(log[0].change, "exported");
    assert_eq!(log[0].action, "funder return PDF");
    assert_eq!(log[0].previous_hash, GENESIS);
}

#[test]
fn a_rolled_back_action_leaves_no_entry() {
    let mut club = Club::new();
    let before = all(&club.store).len();
    let failed: Result<()> = club.store.write(|tx| {
        tx.execute(
            "INSERT INTO venues (name, created_at, updated_at) VALUES ('Hall', 'x', 'x')",
            [],
        )?;
        crate::error::invalid("the user gave up")
    });
    assert!(failed.is_err());
    assert_eq!(all(&club.store).len(), before);
}

#[test]
fn the_log_cannot_be_changed_or_cut_from_inside() {
    let mut club = Club::new();
    club.young_person("Test", "Person", None);
    let update = club
        .store
        .write(|tx| Ok(tx.execute("UPDATE audit_log SET user_name = 'Someone else'", [])?));
    assert!(
        update
            .unwrap_err()
            .to_string()
            .contains("The audit log cannot be changed")
    );
    let delete = club
        .store
        .write(|tx| Ok(tx.execute("DELETE FROM audit_log", [])?));
    assert!(
        delete
            .unwrap_err()
            .to_string()
            .contains("cannot be removed")
    );
}

/// Tampering from outside: someone opens the file with another tool, drops the guard
/// triggers and edits or removes an entry. The chain shows where.
#[test]
fn tampering_outside_clubroom_breaks_the_chain_where_it_happened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.sqlite3");
    {
        let mut club = Club::with_store(Store::create(&path).unwrap());
        for n in 0..5 {
            club.young_person("Test", &format!("Person{n}"), None);
        }
    }
    let tamper = |sql: &str| {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TRIGGER audit_log_is_append_only_update;
             DROP TRIGGER audit_log_is_append_only_delete;",
        )
        .unwrap();
        conn.execute_batch(sql).unwrap();
    };
    let whole = verify(crate::club_file::open(&path, None).unwrap().conn()).unwrap();
    assert!(whole.intact());
    assert!(whole.entries >= 5);

    tamper("UPDATE audit_log SET user_name = 'Nobody' WHERE id = 3;");
    let changed = verify(crate::club_file::open(&path, None).unwrap().conn()).unwrap();
    assert_eq!(changed.broken_at, Some(3));
    assert!(
        changed
            .problem
            .unwrap()
            .contains("changed after it was written")
    );
}

#[test]
fn a_removed_entry_breaks_the_chain_at_the_next_one() {
    let mut club = Club::new();
    for n in 0..4 {
        club.young_person("Test", &format!("Person{n}"), None);
    }
    let conn = club.store.conn();
    conn.execute_batch(
        "DROP TRIGGER audit_log_is_append_only_delete; DELETE FROM audit_log WHERE id = 2;",
    )
    .unwrap();
    let found = verify(conn).unwrap();
    assert_eq!(found.broken_at, Some(3));
    assert!(found.problem.unwrap().contains("was removed or changed"));
}

#[test]
fn only_managers_read_the_log_and_filters_narrow_it() {
    let mut club = Club::new();
    club.young_person("Test", "Person", None);
    club.store.sign_in_as(volunteer());
    club.store.doing("add at the door");
    club.young_person("Door", "Arrival", None);

    let refused = entries(club.store.conn(), &volunteer(), &Filter::default()).unwrap_err();
    assert!(refused.to_string().contains("cannot read the audit log"));

    let manager = Actor::club_manager();
    let by_sam = Filter {
        user: Some("sam".to_owned()),
        ..Filter::default()
    };
    let sams = entries(club.store.conn(), &manager, &by_sam).unwrap();
    assert!(!sams.is_empty());
    assert!(sams.iter().all(|e| e.user_name == "Sam Volunteer"));
    let door = Filter {
        text: Some("door".to_owned()),
        limit: Some(1),
        ..Filter::default()
    };
    assert_eq!(
        entries(club.store.conn(), &manager, &door).unwrap().len(),
        1
    );
}

#[test]
fn a_demo_club_is_one_entry_not_thousands() {
    let mut store = Store::open_in_memory().unwrap();
    let options = crate::demo::DemoOptions {
        young_people: 40,
        weeks: 4,
        ..crate::demo::DemoOptions::explore(crate::fixtures::date("2026-11-24"))
    };
    crate::demo::make(&mut store, &options).unwrap();
    let log = all(&store);
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0].action, "make the demo club");
    // Auditing is back on afterwards.
    store
        .write(|tx| {
            tx.execute("UPDATE organisation SET name = 'Renamed'", [])?;
            Ok(())
        })
        .unwrap();
    assert_eq!(all(&store).len(), 2);
}

/// Tampering outside Clubroom that the chain alone cannot show: the newest entries deleted, or
/// an entry edited and every hash after it recomputed. A backup made before holds the log as
/// it was, so checking against it names the first entry that no longer matches.
#[test]
fn a_backup_witnesses_the_log_so_removed_newest_entries_and_a_recomputed_chain_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.sqlite3");
    let tamper = |sql: &str, recompute: bool| {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TRIGGER IF EXISTS audit_log_is_append_only_update;
             DROP TRIGGER IF EXISTS audit_log_is_append_only_delete;",
        )
        .unwrap();
        conn.execute_batch(sql).unwrap();
        if recompute {
            let rows: Vec<AuditEntry> = conn
                .prepare(
                    "SELECT id, at, user_id, user_name, role, action, record, change, \
                     previous_hash, hash FROM audit_log ORDER BY id",
                )
                .unwrap()
                .query_map([], entry_from_row)
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            let mut previous = GENESIS.to_owned();
            for e in rows {
                let hash = chain_hash(
                    &previous,
                    e.id,
                    &e.at,
                    e.user_id,
                    &e.user_name,
                    &e.role,
                    &e.action,
                    &e.record,
                    &e.change,
                );
                conn.execute(
                    "UPDATE audit_log SET previous_hash = ?2, hash = ?3 WHERE id = ?1",
                    rusqlite::params![e.id, previous, hash],
                )
                .unwrap();
                previous = hash;
            }
        }
    };
    let newest = {
        let mut club = Club::with_store(Store::create(&path).unwrap());
        for n in 0..6 {
            club.young_person("Test", &format!("Person{n}"), None);
        }
        crate::backup::back_up_now(&mut club.store, None, chrono::Utc::now()).unwrap();
        let found = crate::backup::verify_audit(&club.store).unwrap();
        assert!(found.intact(), "{found:?}");
        assert_eq!(found.witnesses.len(), 1);
        assert_eq!(
            found.head_sequence,
            head(club.store.conn()).unwrap().sequence
        );
        found.head_sequence
    };
    assert!(newest >= 6);

    // The newest two entries deleted: the chain alone still links, the backup does not.
    tamper(
        &format!("DELETE FROM audit_log WHERE id > {};", newest - 2),
        false,
    );
    let store = crate::club_file::open(&path, None).unwrap();
    assert!(
        verify(store.conn()).unwrap().intact(),
        "the chain alone misses it"
    );
    let found = crate::backup::verify_audit(&store).unwrap();
    assert_eq!(found.broken_at, Some(newest - 1), "{found:?}");
    let problem = found.problem.unwrap();
    assert!(
        problem.contains(&format!(
            "Entry {} no longer matches the backup made",
            newest - 1
        )),
        "{problem}"
    );
    drop(store);

    // Entry 3 edited and the chain recomputed from there: whole by itself, not by its witness.
    tamper(
        "UPDATE audit_log SET user_name = 'Nobody' WHERE id = 3;",
        true,
    );
    let store = crate::club_file::open(&path, None).unwrap();
    assert!(
        verify(store.conn()).unwrap().intact(),
        "the chain alone misses it"
    );
    let found = crate::backup::verify_audit(&store).unwrap();
    assert_eq!(found.broken_at, Some(3), "{found:?}");
}

#[test]
fn a_recorded_head_finds_entries_cut_from_the_end() {
    let mut club = Club::new();
    for n in 0..4 {
        club.young_person("Test", &format!("Person{n}"), None);
    }
    let written_down = head(club.store.conn()).unwrap();
    let conn = club.store.conn();
    conn.execute_batch(&format!(
        "DROP TRIGGER audit_log_is_append_only_delete; DELETE FROM audit_log WHERE id >= {};",
        written_down.sequence - 1
    ))
    .unwrap();
    assert!(verify(conn).unwrap().intact(), "the chain alone misses it");
    let check = check_witness(
        conn,
        "the trustees' minutes".into(),
        written_down.clone(),
        None,
    )
    .unwrap();
    assert_eq!(check.first_mismatch, Some(written_down.sequence - 1));
    let found = verify_with_witnesses(conn, vec![check]).unwrap();
    assert!(!found.intact());
    assert!(
        found
            .problem
            .unwrap()
            .contains("no longer matches the trustees' minutes")
    );
}
