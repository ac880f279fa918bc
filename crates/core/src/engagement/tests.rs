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
