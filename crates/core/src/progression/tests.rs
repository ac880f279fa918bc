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

mod counted_by_hand {
    use super::*;
    use proptest::prelude::*;

    const DAYS: i64 = 120;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(30))]
        /// Random steps (young person, kind, day) in a random club; the counts for a random
        /// period recounted with plain loops.
        #[test]
        fn progression_counts_match_a_plain_recount(
            people in 1usize..6,
            steps in proptest::collection::vec((0usize..6, 0usize..14, 0..DAYS), 0..25),
            from in 0..DAYS,
            length in 0..DAYS,
            in_project in proptest::collection::vec(any::<bool>(), 6),
        ) {
            let mut club = Club::new();
            let ids: Vec<i64> = (0..people)
                .map(|n| club.young_person(&format!("Young{n}"), "Person", None))
                .collect();
            let all = kinds(club.store.conn()).unwrap();
            let start = date("2026-01-01");
            let today = club.today;
            let actor = Actor::club_manager();
            let mut recorded = Vec::new();
            for (who, kind, day) in steps {
                let who = ids[who % people];
                let kind = &all[kind % all.len()];
                let on = start + chrono::Duration::days(day);
                let input = EventInput {
                    young_person_id: who,
                    kind: kind.code.clone(),
                    happened_on: on,
                    note: None,
                };
                club.store.write(|tx| add(tx, &actor, &input, today)).unwrap();
                recorded.push((who, kind.grouping.clone(), on));
            }
            let from = start + chrono::Duration::days(from);
            let to = from + chrono::Duration::days(length);
            let found = counts(club.store.conn(), from, to).unwrap();
            let inside: Vec<&(i64, String, NaiveDate)> =
                recorded.iter().filter(|(_, _, on)| *on >= from && *on <= to).collect();
            for group in &found.groups {
                let mut people_in = std::collections::BTreeSet::new();
                let mut steps_in = 0;
                for (who, grouping, _) in &inside {
                    if *grouping == group.grouping {
                        people_in.insert(*who);
                        steps_in += 1;
                    }
                }
                prop_assert_eq!(group.young_people, people_in.len() as u64);
                prop_assert_eq!(group.steps, steps_in);
            }
            let everyone: std::collections::BTreeSet<i64> =
                inside.iter().map(|(who, ..)| *who).collect();
            prop_assert_eq!(found.young_people, everyone.len() as u64);
            prop_assert_eq!(found.groups.len(), GROUPINGS.len());

            // Narrowed to a part of the work: only its young people's steps count.
            let among: std::collections::BTreeSet<i64> = ids
                .iter()
                .zip(&in_project)
                .filter(|(_, inside)| **inside)
                .map(|(id, _)| *id)
                .collect();
            let narrowed = counts_among(club.store.conn(), from, to, |whose| {
                matches!(whose, Whose::YoungPerson(id) if among.contains(&id))
            })
            .unwrap();
            for group in &narrowed.groups {
                let mut people_in = std::collections::BTreeSet::new();
                let mut steps_in = 0;
                for (who, grouping, _) in &inside {
                    if *grouping == group.grouping && among.contains(who) {
                        people_in.insert(*who);
                        steps_in += 1;
                    }
                }
                prop_assert_eq!(group.young_people, people_in.len() as u64);
                prop_assert_eq!(group.steps, steps_in);
            }
            let theirs = everyone.iter().filter(|who| among.contains(who)).count();
            prop_assert_eq!(narrowed.young_people, theirs as u64);
        }
    }
}
