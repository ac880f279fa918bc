//! Accounts, sign-in and the rules that keep a club from locking itself out.

use super::*;
use crate::fixtures::Club;

const MANAGER_PASSWORD: &str = "kettle on at seven";

fn club_with_manager() -> (Club, Actor) {
    let mut club = Club::new();
    let manager = club
        .store
        .write(|tx| create_first_manager(tx, "Alex Manager", MANAGER_PASSWORD))
        .unwrap()
        .actor();
    (club, manager)
}

fn volunteer(name: &str, pin: &str) -> NewUser {
    NewUser {
        name: name.to_owned(),
        role: Role::Volunteer,
        person_id: None,
        secret_kind: SecretKind::Pin,
        secret: pin.to_owned(),
    }
}

#[test]
fn the_first_manager_signs_in_and_no_second_first_manager_can_be_made() {
    let (mut club, manager) = club_with_manager();
    assert_eq!(manager.role, Role::Manager);
    let signed_in = sign_in(club.store.conn(), "alex manager", MANAGER_PASSWORD).unwrap();
    assert_eq!(signed_in, manager, "the name is matched whatever its case");
    let again = club
        .store
        .write(|tx| create_first_manager(tx, "Mallory", "another long password"))
        .unwrap_err();
    assert!(again.to_string().contains("ask a manager to add you"));
}

#[test]
fn a_wrong_secret_and_an_unknown_name_get_the_same_message() {
    let (club, _) = club_with_manager();
    let wrong = sign_in(club.store.conn(), "Alex Manager", "kettle off").unwrap_err();
    let unknown = sign_in(club.store.conn(), "Nobody", MANAGER_PASSWORD).unwrap_err();
    assert_eq!(wrong.to_string(), WRONG_SECRET);
    assert_eq!(unknown.to_string(), WRONG_SECRET);
    assert_eq!(wrong.kind(), crate::ErrorKind::Denied);
}

#[test]
fn the_secret_is_kept_only_as_an_argon2id_hash() {
    let (club, _) = club_with_manager();
    let hash: String = club
        .store
        .conn()
        .query_row("SELECT secret_hash FROM users", [], |row| row.get(0))
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains(MANAGER_PASSWORD));
}

#[test]
fn pins_and_passwords_follow_the_rules() {
    assert!(check_secret(SecretKind::Pin, "402917").is_ok());
    for bad in [
        "12345", "1234567", "12a456", "", "111111", "123456", "987654",
    ] {
        assert!(check_secret(SecretKind::Pin, bad).is_err(), "{bad}");
    }
    assert!(
        check_secret(SecretKind::Password, "short")
            .unwrap_err()
            .to_string()
            .contains("at least 10 characters")
    );
    assert!(check_secret(SecretKind::Password, "ten chars!").is_ok());
}

#[test]
fn a_manager_adds_a_volunteer_who_signs_in_with_a_pin() {
    let (mut club, manager) = club_with_manager();
    let sam = club
        .store
        .write(|tx| add(tx, &manager, &volunteer("Sam", "402917")))
        .unwrap();
    assert_eq!(sam.secret_kind, SecretKind::Pin);
    let actor = sign_in(club.store.conn(), "Sam", "402917").unwrap();
    assert_eq!(actor.role, Role::Volunteer);

    // A volunteer cannot add anyone, nor see the list.
    let refused = club
        .store
        .write(|tx| add(tx, &actor, &volunteer("Kim", "402918")))
        .unwrap_err();
    assert_eq!(refused.kind(), crate::ErrorKind::Denied);
    assert!(list(club.store.conn(), &actor).is_err());
    assert_eq!(list(club.store.conn(), &manager).unwrap().len(), 2);

    let duplicate = club
        .store
        .write(|tx| add(tx, &manager, &volunteer("SAM", "402918")))
        .unwrap_err();
    assert!(duplicate.to_string().contains("already signs in as"));
}

#[test]
fn a_forgotten_pin_is_reset_by_a_manager_and_the_old_one_stops_working() {
    let (mut club, manager) = club_with_manager();
    let sam = club
        .store
        .write(|tx| add(tx, &manager, &volunteer("Sam", "402917")))
        .unwrap();
    club.store
        .write(|tx| reset_secret(tx, &manager, sam.id, SecretKind::Pin, "730184"))
        .unwrap();
    assert!(sign_in(club.store.conn(), "Sam", "402917").is_err());
    assert!(sign_in(club.store.conn(), "Sam", "730184").is_ok());
}

#[test]
fn changing_your_own_secret_needs_the_current_one() {
    let (mut club, manager) = club_with_manager();
    let wrong = club
        .store
        .write(|tx| {
            change_own_secret(
                tx,
                &manager,
                "not it",
                SecretKind::Password,
                "a new long one",
            )
        })
        .unwrap_err();
    assert!(
        wrong
            .to_string()
            .contains("current password or PIN is not right")
    );
    club.store
        .write(|tx| {
            change_own_secret(
                tx,
                &manager,
                MANAGER_PASSWORD,
                SecretKind::Password,
                "a new long one",
            )
        })
        .unwrap();
    assert!(confirm(club.store.conn(), &manager, "a new long one").is_ok());
}

#[test]
fn the_last_manager_cannot_be_demoted_or_switched_off() {
    let (mut club, manager) = club_with_manager();
    for (role, active) in [(Role::Leader, true), (Role::Manager, false)] {
        let refused = club
            .store
            .write(|tx| update(tx, &manager, manager.user_id, role, None, active))
            .unwrap_err();
        assert!(
            refused.to_string().contains("the only manager"),
            "{refused}"
        );
    }
    // With a second manager, the first may step down.
    let second = club
        .store
        .write(|tx| {
            add(
                tx,
                &manager,
                &NewUser {
                    name: "Bo Manager".into(),
                    role: Role::Manager,
                    person_id: None,
                    secret_kind: SecretKind::Password,
                    secret: "another long password".into(),
                },
            )
        })
        .unwrap();
    assert_eq!(second.role, Role::Manager);
    let stepped_down = club
        .store
        .write(|tx| update(tx, &manager, manager.user_id, Role::Leader, None, true))
        .unwrap();
    assert_eq!(stepped_down.role, Role::Leader);
}

#[test]
fn someone_switched_off_cannot_sign_in_and_is_not_listed_at_the_door() {
    let (mut club, manager) = club_with_manager();
    let sam = club
        .store
        .write(|tx| add(tx, &manager, &volunteer("Sam", "402917")))
        .unwrap();
    club.store
        .write(|tx| update(tx, &manager, sam.id, Role::Volunteer, None, false))
        .unwrap();
    assert!(sign_in(club.store.conn(), "Sam", "402917").is_err());
    assert_eq!(
        sign_in_names(club.store.conn()).unwrap(),
        vec!["Alex Manager"]
    );
}

#[test]
fn the_lock_time_defaults_to_ten_minutes_and_only_settings_holders_change_it() {
    let (mut club, manager) = club_with_manager();
    assert_eq!(lock_after_minutes(club.store.conn()).unwrap(), 10);
    club.store
        .write(|tx| set_lock_after_minutes(tx, &manager, 5))
        .unwrap();
    assert_eq!(lock_after_minutes(club.store.conn()).unwrap(), 5);
    let leader = Actor {
        role: Role::Leader,
        ..manager.clone()
    };
    assert!(
        club.store
            .write(|tx| set_lock_after_minutes(tx, &leader, 60))
            .is_err()
    );
    assert!(
        club.store
            .write(|tx| set_lock_after_minutes(tx, &manager, 600))
            .is_err()
    );
}

#[test]
fn those_who_see_everything_or_export_need_a_passphrase_not_a_pin() {
    let (mut club, manager) = club_with_manager();
    let with_pin = |name: &str, role: Role| NewUser {
        name: name.to_owned(),
        role,
        person_id: None,
        secret_kind: SecretKind::Pin,
        secret: "402917".to_owned(),
    };
    for role in [Role::Manager, Role::SafeguardingLead] {
        let refused = club
            .store
            .write(|tx| add(tx, &manager, &with_pin("Kim", role)))
            .unwrap_err();
        assert_eq!(refused.kind(), crate::ErrorKind::Invalid);
        assert!(refused.to_string().contains("not a PIN"), "{refused}");
    }
    for role in [Role::Leader, Role::Volunteer] {
        let name = format!("Pin {}", role.code());
        club.store
            .write(|tx| add(tx, &manager, &with_pin(&name, role)))
            .unwrap();
    }
    // A manager cannot change their own password to a PIN...
    let refused = club
        .store
        .write(|tx| change_own_secret(tx, &manager, MANAGER_PASSWORD, SecretKind::Pin, "402917"))
        .unwrap_err();
    assert!(refused.to_string().contains("not a PIN"), "{refused}");
    assert!(confirm(club.store.conn(), &manager, MANAGER_PASSWORD).is_ok());
    // ...nor have it reset to one, nor make someone with a PIN a safeguarding lead.
    let lead = club
        .store
        .write(|tx| {
            add(
                tx,
                &manager,
                &NewUser {
                    secret_kind: SecretKind::Password,
                    secret: "a lead's long password".into(),
                    ..with_pin("Lee", Role::SafeguardingLead)
                },
            )
        })
        .unwrap();
    let refused = club
        .store
        .write(|tx| reset_secret(tx, &manager, lead.id, SecretKind::Pin, "402917"))
        .unwrap_err();
    assert!(refused.to_string().contains("not a PIN"), "{refused}");
    let pin_holder = list(club.store.conn(), &manager)
        .unwrap()
        .into_iter()
        .find(|u| u.name == "Pin volunteer")
        .unwrap();
    let refused = club
        .store
        .write(|tx| {
            update(
                tx,
                &manager,
                pin_holder.id,
                Role::SafeguardingLead,
                None,
                true,
            )
        })
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("reset theirs to a password first"),
        "{refused}"
    );
}

#[test]
fn accounts_and_the_key_file_share_one_rule_and_one_message() {
    for (kind, secret) in [
        (SecretKind::Pin, "12345"),
        (SecretKind::Pin, "123456"),
        (SecretKind::Password, "short"),
        (SecretKind::Password, "            "),
    ] {
        let ours = check_secret_for(Role::Volunteer, kind, secret).unwrap_err();
        let vaults = crate::vault::check_secret(kind, secret).unwrap_err();
        assert_eq!(ours.to_string(), vaults.to_string(), "{secret:?}");
    }
}

#[test]
fn the_key_file_records_the_audit_head_and_witnesses_entries_cut_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.sqlite3");
    let mut store =
        crate::fixtures::protected_club(&path, "Alex Manager", MANAGER_PASSWORD).unwrap();
    add_account(&mut store, &volunteer("Sam", "402917")).unwrap();
    let recorded = crate::vault::recorded_audit_head(&path).expect("the key file has the head");
    assert_eq!(recorded, crate::audit::head(store.conn()).unwrap());
    let found = crate::backup::verify_audit(&store).unwrap();
    assert!(found.intact(), "{found:?}");

    // The newest entries cut, outside Clubroom: the chain alone still links.
    store
        .conn()
        .execute_batch(&format!(
            "DROP TRIGGER audit_log_is_append_only_delete; DELETE FROM audit_log WHERE id >= {};",
            recorded.sequence
        ))
        .unwrap();
    assert!(crate::audit::verify(store.conn()).unwrap().intact());
    let found = crate::backup::verify_audit(&store).unwrap();
    assert_eq!(found.broken_at, Some(recorded.sequence), "{found:?}");
    assert!(
        found
            .problem
            .unwrap()
            .contains("no longer matches the key file")
    );
}

#[test]
fn an_account_linked_to_someone_not_on_the_staff_list_is_refused_in_words() {
    let (mut club, manager) = club_with_manager();
    let mut linked = volunteer("Sam Door", "274915");
    linked.person_id = Some(9_999);
    let refused = club
        .store
        .write(|tx| add(tx, &manager, &linked))
        .unwrap_err();
    assert_eq!(refused.kind(), crate::ErrorKind::NotFound, "{refused}");
    assert_eq!(
        refused.to_string(),
        "That member of staff or volunteer is not on the list."
    );
    let sam = club
        .store
        .write(|tx| add(tx, &manager, &volunteer("Sam Door", "274915")))
        .unwrap();
    let relinked = club
        .store
        .write(|tx| update(tx, &manager, sam.id, Role::Volunteer, Some(9_999), true))
        .unwrap_err();
    assert_eq!(relinked.kind(), crate::ErrorKind::NotFound, "{relinked}");
    let person = club.adult("Sam Door", false, crate::vocab::StaffRole::Volunteer);
    let linked = club
        .store
        .write(|tx| update(tx, &manager, sam.id, Role::Volunteer, Some(person), true))
        .unwrap();
    assert_eq!(linked.person_id, Some(person));
}

#[test]
fn changing_a_password_before_anyone_has_an_account_says_to_make_the_first_manager() {
    let mut club = crate::fixtures::Club::new();
    let refused = club
        .store
        .write(|tx| {
            change_own_secret(
                tx,
                &Actor::club_manager(),
                "",
                SecretKind::Password,
                "a brand new password",
            )
        })
        .unwrap_err();
    assert_eq!(refused.kind(), crate::ErrorKind::Denied);
    assert!(
        refused
            .to_string()
            .contains("Make the first manager's account first"),
        "{refused}"
    );
}
