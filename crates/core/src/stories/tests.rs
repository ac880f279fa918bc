use super::*;
use crate::fixtures::{Club, date};
use crate::organisation::VenueInput;
use crate::vocab::StaffRole;

fn actor(user_id: i64, role: Role) -> Actor {
    Actor {
        user_id,
        name: format!("User {user_id}"),
        role,
        person_id: None,
    }
}

fn input(young_person_id: i64, body: &str) -> StoryInput {
    StoryInput {
        young_person_id,
        kind: StoryKind::CaseStudy,
        title: "Finding a voice".into(),
        body: body.into(),
        consent: StoryConsent::Anonymous,
        consent_given_by: ConsentGiver::YoungPerson,
        told_on: date("2029-11-01"),
        audience: StoryAudience::Team,
        outcomes: vec![],
    }
}

/// A club with Amy (the story's subject: born 14 March 2015, CV1 2AB, Park School), Will
/// Jones (another young person), a volunteer Priya Shah, and the venue St Mary's Hall.
fn club() -> (Club, i64) {
    let mut club = Club::new();
    let amy = club.young_person_with("Amy", "Adams", |p| {
        p.date_of_birth = Some(date("2015-03-14"));
        p.postcode = Some("CV1 2AB".into());
        p.school = Some("Park School".into());
    });
    club.young_person("Will", "Jones", None);
    club.adult("Priya Shah", false, StaffRole::Volunteer);
    let hall = VenueInput {
        name: "St Mary's Hall".into(),
        address: Some("12 Church Lane, Coventry".into()),
        postcode: Some("CV6 4ZZ".into()),
    };
    club.store
        .write(|tx| crate::organisation::add_venue(tx, &hall))
        .unwrap();
    (club, amy)
}

fn found(club: &Club, amy: i64, text: &str) -> Vec<(Found, String)> {
    check(club.store.conn(), Some(amy), text)
        .unwrap()
        .into_iter()
        .map(|f| (f.found, f.words))
        .collect()
}

#[test]
fn the_anonymity_check_finds_names_dates_of_birth_and_places() {
    let (club, amy) = club();
    let clean = "When she first came she would not speak in the group. Now she helps run the \
                 Friday session and says she will apply to college.";
    assert_eq!(found(&club, amy, clean), []);
    // Her own name in any case; another young person's and a volunteer's as names are written.
    assert_eq!(
        found(&club, amy, "amy told Will and Priya"),
        [
            (Found::Name, "Amy".to_owned()),
            (Found::Name, "Will".to_owned()),
            (Found::Name, "Priya".to_owned())
        ]
    );
    // Her date of birth, however it is written, and her birthday without the year.
    for written in [
        "born 14/03/2015",
        "born 14.3.15",
        "born 2015-03-14",
        "born on the 14th of March 2015",
        "on March 14th, 2015",
        "her birthday is 14 Mar",
    ] {
        assert_eq!(
            found(&club, amy, written).first().map(|f| f.0),
            Some(Found::DateOfBirth),
            "{written}"
        );
    }
    assert_eq!(found(&club, amy, "born 15/03/2015"), []);
    // Places: her postcode however spaced, her school, the venue's name, address and postcode.
    for (written, words) in [
        ("lives at cv12ab", "CV1 2AB"),
        ("goes to Park School", "Park School"),
        ("at st marys hall", "St Mary's Hall"),
        ("on 12 Church Lane", "12 Church Lane"),
        ("near CV6 4ZZ", "CV6 4ZZ"),
    ] {
        assert_eq!(
            found(&club, amy, written),
            [(Found::Place, words.to_owned())],
            "{written}"
        );
    }
}

#[test]
fn only_an_anonymous_story_with_nothing_found_can_go_in_a_return() {
    let (mut club, amy) = club();
    let today = club.today;
    let manager = Actor::club_manager();
    let clean = club
        .store
        .write(|tx| {
            add(
                tx,
                &manager,
                &input(amy, "She now leads the youth forum."),
                today,
            )
        })
        .unwrap();
    assert!(clean.findings.is_empty() && clean.ready_for_return);
    assert_eq!(
        for_return(club.store.conn(), clean.id).unwrap().id,
        clean.id
    );

    let naming = club
        .store
        .write(|tx| {
            add(
                tx,
                &manager,
                &input(amy, "Amy now leads the youth forum."),
                today,
            )
        })
        .unwrap();
    assert_eq!(naming.findings.len(), 1);
    assert!(!naming.ready_for_return);
    let refused = for_return(club.store.conn(), naming.id).unwrap_err();
    assert!(
        refused.to_string().contains("it names the young person"),
        "{refused}"
    );
    // Edited, it can.
    let edited = club
        .store
        .write(|tx| {
            update(
                tx,
                &manager,
                naming.id,
                &input(amy, "She now leads it."),
                today,
            )
        })
        .unwrap();
    assert!(edited.ready_for_return);

    let named = StoryInput {
        consent: StoryConsent::Named,
        ..input(amy, "Amy now leads the youth forum.")
    };
    let named = club
        .store
        .write(|tx| add(tx, &manager, &named, today))
        .unwrap();
    assert!(named.findings.is_empty() && !named.ready_for_return);
    assert!(for_return(club.store.conn(), named.id).is_err());

    // Kept for managers, it stays out of returns until the team may read it.
    let private = StoryInput {
        audience: StoryAudience::Managers,
        ..input(amy, "She now leads the youth forum.")
    };
    let private = club
        .store
        .write(|tx| add(tx, &manager, &private, today))
        .unwrap();
    assert!(private.findings.is_empty() && !private.ready_for_return);
    let refused = for_return(club.store.conn(), private.id).unwrap_err();
    assert!(
        refused.to_string().contains("let the team read it"),
        "{refused}"
    );
}

#[test]
fn who_may_read_a_story_is_the_cores_rule() {
    let (mut club, amy) = club();
    let today = club.today;
    let leader = actor(7, Role::Leader);
    let other_leader = actor(8, Role::Leader);
    let manager = actor(9, Role::Manager);
    let volunteer = actor(10, Role::Volunteer);
    let private = StoryInput {
        audience: StoryAudience::Managers,
        ..input(amy, "Private words.")
    };
    let private = club
        .store
        .write(|tx| add(tx, &leader, &private, today))
        .unwrap();
    let team = club
        .store
        .write(|tx| add(tx, &leader, &input(amy, "Team words."), today))
        .unwrap();
    let ids = |who: &Actor| -> Vec<i64> {
        list(club.store.conn(), who, Some(amy))
            .unwrap()
            .iter()
            .map(|s| s.id)
            .collect()
    };
    let mut both = vec![private.id, team.id];
    both.sort_by(|a, b| b.cmp(a));
    assert_eq!(ids(&leader), both);
    assert_eq!(ids(&manager), both);
    assert_eq!(ids(&other_leader), [team.id]);
    assert!(get(club.store.conn(), &other_leader, private.id).is_err());
    assert!(
        club.store
            .write(|tx| remove(tx, &other_leader, private.id))
            .is_err()
    );
    assert!(list(club.store.conn(), &volunteer, Some(amy)).is_err());
    assert!(
        club.store
            .write(|tx| add(tx, &volunteer, &input(amy, "Words."), today))
            .is_err()
    );
}

#[test]
fn a_story_is_checked_before_it_is_kept() {
    let (mut club, amy) = club();
    let today = club.today;
    let manager = Actor::club_manager();
    let mut write = |story: StoryInput| club.store.write(|tx| add(tx, &manager, &story, today));
    assert!(write(input(amy, "   ")).is_err());
    assert!(
        write(StoryInput {
            title: " ".into(),
            ..input(amy, "Words.")
        })
        .is_err()
    );
    assert!(
        write(StoryInput {
            told_on: date("2030-01-02"),
            ..input(amy, "Words.")
        })
        .is_err()
    );
    let long_quote = StoryInput {
        kind: StoryKind::Quote,
        ..input(amy, &"word ".repeat(300))
    };
    assert!(
        write(long_quote)
            .unwrap_err()
            .to_string()
            .contains("case study")
    );
    let unknown_outcome = StoryInput {
        outcomes: vec![OutcomeTag {
            framework: "toc".into(),
            code: "no-such-outcome".into(),
        }],
        ..input(amy, "Words.")
    };
    assert!(write(unknown_outcome).is_err());
    assert!(write(input(9999, "Words.")).is_err());
}
