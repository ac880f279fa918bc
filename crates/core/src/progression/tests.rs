use super::*;
use crate::fixtures::{Club, date};

#[test]
fn progression_is_recorded_from_the_clubs_list_and_listed_newest_first() {
    let mut club = Club::new();
    let amy = club.young_person("Amy", "Adams", Some("2010-01-01"));
    let today = club.today;
    let actor = Actor::club_manager();
    let first = EventInput {
        young_person_id: amy,
        kind: "arts-award".into(),
        happened_on: date("2026-05-01"),
        note: Some("Bronze".into()),
    };
    let second = EventInput {
        kind: "Into training".into(),
        happened_on: date("2026-07-01"),
        note: None,
        ..first.clone()
    };
    club.store
        .write(|tx| add(tx, &actor, &first, today))
        .unwrap();
    club.store
        .write(|tx| add(tx, &actor, &second, today))
        .unwrap();
    let events = of(club.store.conn(), amy).unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["into-training", "arts-award"]);
    let unknown = EventInput {
        kind: "Parole".into(),
        ..first.clone()
    };
    let error = club
        .store
        .write(|tx| add(tx, &actor, &unknown, today))
        .unwrap_err();
    assert!(error.to_string().contains("not on the club's list"));
    let later = EventInput {
        happened_on: date("2031-01-01"),
        ..first
    };
    assert!(
        club.store
            .write(|tx| add(tx, &actor, &later, today))
            .is_err()
    );
}

#[test]
fn the_club_edits_its_list_of_kinds() {
    let mut club = Club::new();
    let kind = club
        .store
        .write(|tx| save_kind(tx, "  Sports leader   award ", "award"))
        .unwrap();
    assert_eq!(kind.code, "sports-leader-award");
    assert_eq!(kind.label, "Sports leader award");
    assert!(
        club.store
            .write(|tx| save_kind(tx, "Thing", "nonsense"))
            .is_err()
    );
    club.store
        .write(|tx| set_kind_archived(tx, "sports-leader-award", true))
        .unwrap();
    let all = kinds(club.store.conn()).unwrap();
    assert!(all.iter().any(|k| k.code == "star-completed"));
    assert!(
        all.iter()
            .find(|k| k.code == "sports-leader-award")
            .unwrap()
            .archived
    );
}
