use super::*;
use crate::fixtures::{Club, date};
use crate::vocab::SessionType;

#[test]
fn the_worked_example_of_sustained_engagement() {
    let mut club = Club::new();
    club.today = date("2026-12-01");
    let amy = club.young_person("Amy", "Adams", None);
    let ben = club.young_person("Ben", "Brown", None);
    let cara = club.young_person("Cara", "Cole", None);
    let mut at = |on: &str, who: &[i64]| {
        let session = club.session(on, "18:00", "20:00", SessionType::OpenAccess);
        for w in who {
            club.mark(session, *w);
        }
    };
    // Amy first comes on 7 April and again on 14 July (3 months and a week on).
    at("2026-04-07", &[amy, ben]);
    at("2026-04-21", &[ben]);
    at("2026-07-14", &[amy]);
    // Cara first comes in September: less than 3 months before today, not in the cohort yet.
    at("2026-09-15", &[cara]);
    let period = Period::new(date("2026-04-01"), date("2026-09-30")).unwrap();
    let found = compute(club.store.conn(), period, &Scope::default(), club.today).unwrap();
    assert_eq!(
        found.retention,
        [
            Retention {
                months: 3,
                cohort: 2,
                retained: 1
            },
            // 7 October is six months after 7 April: on or before today, so both are in.
            Retention {
                months: 6,
                cohort: 2,
                retained: 0
            },
        ]
    );
    // Weeks engaged: Amy 7 Apr to 14 Jul = 14 whole weeks + 1 = 15; Ben 2 + 1 = 3; Cara 1.
    assert_eq!(found.young_people, 3);
    assert_eq!(found.weeks_engaged, 19);
    assert_eq!(found.mean_weeks_engaged, Some(6.33));
}

/// Progression for a period: the whole club counts every step dated in it; a part of the work
/// (here, detached sessions) only the steps of the young people who came to it in the period,
/// whenever in the period the step was.
#[test]
fn progression_is_counted_for_the_whole_club_or_among_a_part_of_the_works_young_people() {
    let mut club = Club::new();
    club.today = date("2026-12-01");
    let amy = club.young_person("Amy", "Adams", None);
    let ben = club.young_person("Ben", "Brown", None);
    let cara = club.young_person("Cara", "Cole", None);
    let club_night = club.session("2026-05-05", "18:00", "20:00", SessionType::OpenAccess);
    let street = club.session("2026-06-02", "19:00", "21:00", SessionType::Detached);
    club.mark(club_night, amy);
    club.mark(club_night, ben);
    club.mark(street, ben);
    club.mark(street, cara);
    let today = club.today;
    let actor = crate::access::Actor::club_manager();
    for (who, kind, on) in [
        (amy, "arts-award", "2026-04-20"),
        (ben, "arts-award", "2026-09-01"),
        (ben, "into-work", "2026-10-01"),
        (cara, "volunteering", "2026-03-01"),
    ] {
        let step = progression::EventInput {
            young_person_id: who,
            kind: kind.into(),
            happened_on: date(on),
            note: None,
        };
        club.store
            .write(|tx| progression::add(tx, &actor, &step, today))
            .unwrap();
    }
    let period = Period::new(date("2026-04-01"), date("2027-03-31")).unwrap();
    let group = |counts: &progression::Counts, grouping: &str| {
        let g = counts
            .groups
            .iter()
            .find(|g| g.grouping == grouping)
            .unwrap();
        (g.young_people, g.steps)
    };
    // The whole club: Amy's and Ben's awards, Ben's job; Cara's step was before the year.
    let all = progression_counts(club.store.conn(), period, &Scope::default(), today).unwrap();
    assert_eq!(all.young_people, 2);
    assert_eq!(group(&all, "award"), (2, 2));
    assert_eq!(group(&all, "education-training-work"), (1, 1));
    assert_eq!(group(&all, "volunteering"), (0, 0));
    let award = all.groups.iter().find(|g| g.grouping == "award").unwrap();
    assert_eq!(award.label, "Awards and accreditations");
    // Detached work: Ben and Cara came to it; only Ben has steps in the year.
    let detached = Scope {
        session_types: vec![SessionType::Detached],
        ..Scope::default()
    };
    let street_work = progression_counts(club.store.conn(), period, &detached, today).unwrap();
    assert_eq!(street_work.young_people, 1);
    assert_eq!(group(&street_work, "award"), (1, 1));
    assert_eq!(group(&street_work, "education-training-work"), (1, 1));
}
