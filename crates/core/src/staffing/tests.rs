use super::*;
use crate::fixtures::{Club, date};
use crate::vocab::{Gender, SessionType};

fn rules() -> Vec<RatioRule> {
    vec![
        RatioRule {
            age_from: 0,
            age_to: 2,
            young_people_per_adult: 3,
        },
        RatioRule {
            age_from: 3,
            age_to: 3,
            young_people_per_adult: 4,
        },
        RatioRule {
            age_from: 4,
            age_to: 8,
            young_people_per_adult: 6,
        },
        RatioRule {
            age_from: 9,
            age_to: 12,
            young_people_per_adult: 8,
        },
        RatioRule {
            age_from: 13,
            age_to: 18,
            young_people_per_adult: 10,
        },
        RatioRule {
            age_from: 19,
            age_to: 30,
            young_people_per_adult: 10,
        },
    ]
}

#[test]
fn adults_needed_by_the_nspcc_ratios() {
    let ages = |age: u32, n: usize| vec![Some(age); n];
    assert_eq!(
        adults_for(&ages(14, 10), &rules(), (None, None)),
        1,
        "ten teenagers: one adult"
    );
    assert_eq!(adults_for(&ages(14, 11), &rules(), (None, None)), 2);
    assert_eq!(adults_for(&ages(10, 8), &rules(), (None, None)), 1);
    assert_eq!(adults_for(&ages(10, 9), &rules(), (None, None)), 2);
    // Mixed ages add up: 4 nine-year-olds (half an adult) and 5 teenagers (half an adult).
    let mut mixed = ages(9, 4);
    mixed.extend(ages(15, 5));
    assert_eq!(adults_for(&mixed, &rules(), (None, None)), 1);
    mixed.push(Some(15));
    assert_eq!(adults_for(&mixed, &rules(), (None, None)), 2);
    // Unknown ages count under the strictest rule for the session's ages (8-12: 1 to 6).
    assert_eq!(adults_for(&[None; 7], &rules(), (Some(8), Some(12))), 2);
    assert_eq!(adults_for(&[None; 7], &rules(), (Some(13), Some(18))), 1);
    assert_eq!(adults_for(&[], &rules(), (None, None)), 0);
}

#[test]
fn ratio_rules_are_edited_and_must_not_overlap() {
    let mut club = Club::new();
    assert_eq!(
        ratio_rules(club.store.conn()).unwrap(),
        rules(),
        "the NSPCC defaults"
    );
    let err = club
        .store
        .write(|tx| {
            set_ratio_rules(
                tx,
                &[
                    RatioRule {
                        age_from: 8,
                        age_to: 13,
                        young_people_per_adult: 8,
                    },
                    RatioRule {
                        age_from: 13,
                        age_to: 18,
                        young_people_per_adult: 10,
                    },
                ],
            )
        })
        .unwrap_err();
    assert!(err.to_string().contains("overlap"), "{err}");
    assert_eq!(
        ratio_rules(club.store.conn()).unwrap(),
        rules(),
        "nothing half-saved"
    );
}

/// A Thursday session of 14-year-olds.
fn seniors(club: &mut Club, young_people: usize) -> i64 {
    let session = club.session("2026-11-19", "19:00", "21:00", SessionType::OpenAccess);
    for n in 0..young_people {
        let person = club.young_person(&format!("Teen{n}"), "Test", Some("2012-01-01"));
        club.mark(session, person);
    }
    session
}

fn kinds(check: &SafeStaffing) -> Vec<WarningKind> {
    check.warnings.iter().map(|w| w.kind).collect()
}

#[test]
fn a_safely_staffed_session_has_no_warnings() {
    let mut club = Club::new();
    let session = seniors(&mut club, 15);
    let ann = club.adult("Ann Archer", true, StaffRole::Lead);
    let bo = club.adult("Bo Bright", false, StaffRole::Volunteer);
    for course in [
        "Safeguarding level 2",
        "Emergency First Aid at Work",
        "Enhanced DBS check",
    ] {
        club.trained(ann, course, "2025-01-10");
    }
    club.trained(bo, "Safeguarding level 1", "2025-01-10");
    club.trained(bo, "Enhanced DBS check", "2025-01-10");
    club.staff(session, ann, StaffRole::Lead);
    club.staff(session, bo, StaffRole::Volunteer);
    let check = check(club.store.conn(), session).unwrap();
    assert_eq!(
        (
            check.adults,
            check.young_people,
            check.adults_needed,
            check.first_aiders
        ),
        (2, 15, 2, 1)
    );
    assert!(check.warnings.is_empty(), "{:?}", check.warnings);
    assert_eq!(
        check.staff[0].hours, 2.0,
        "hours default to the session's length"
    );
}

#[test]
fn too_few_adults_for_the_young_people_present() {
    let mut club = Club::new();
    let session = seniors(&mut club, 25);
    club.headcount(session, Gender::Male, crate::vocab::AgeBand::From14To16, 6);
    let ann = club.adult("Ann Archer", true, StaffRole::Lead);
    for course in [
        "Safeguarding level 2",
        "Emergency First Aid at Work",
        "Enhanced DBS check",
    ] {
        club.trained(ann, course, "2025-01-10");
    }
    club.staff(session, ann, StaffRole::Lead);
    let check = check(club.store.conn(), session).unwrap();
    assert_eq!(check.young_people, 31, "headcounts count for ratios");
    assert_eq!(check.adults_needed, 4);
    assert_eq!(
        kinds(&check),
        [WarningKind::TooFewAdults, WarningKind::Ratio]
    );
    assert_eq!(
        check.warnings[1].message,
        "1 adult for 31 young people: the ratio rules need 4 adults."
    );
    assert_eq!(
        check.warnings[0].message,
        "Only 1 adult on the staff list: the club's rule is at least 2 adults."
    );
}

#[test]
fn no_first_aider_and_lapsed_training_on_the_day() {
    let mut club = Club::new();
    let session = seniors(&mut club, 5);
    let ann = club.adult("Ann Archer", true, StaffRole::Lead);
    let bo = club.adult("Bo Bright", false, StaffRole::Volunteer);
    club.trained(ann, "Safeguarding level 2", "2025-01-10");
    club.trained(ann, "Enhanced DBS check", "2023-06-01");
    club.trained(bo, "Safeguarding level 1", "2025-01-10");
    club.trained(bo, "Enhanced DBS check", "2025-01-10");
    club.staff(session, ann, StaffRole::Lead);
    club.staff(session, bo, StaffRole::Volunteer);
    let check = check(club.store.conn(), session).unwrap();
    assert_eq!(
        kinds(&check),
        [
            WarningKind::NoFirstAider,
            WarningKind::LapsedTraining,
            WarningKind::LapsedTraining
        ]
    );
    let messages: Vec<&str> = check.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(
        messages.contains(
            &"Ann Archer has no Emergency First Aid at Work on record, which a session lead needs."
        ),
        "{messages:?}"
    );
    assert!(
        messages.contains(
            &"Ann Archer's Enhanced DBS check was out of date on this day: it ran out on 1 June 2026."
        ),
        "{messages:?}"
    );

    // Renewed afterwards: the past session's warnings stay as they were on its day.
    club.trained(ann, "Enhanced DBS check", "2026-11-20");
    club.trained(ann, "Emergency First Aid at Work", "2026-11-20");
    let again = super::check(club.store.conn(), session).unwrap();
    assert_eq!(kinds(&again), kinds(&check));
}

#[test]
fn a_series_team_fills_its_sessions() {
    let mut club = Club::new();
    club.today = date("2026-11-24");
    let series = club.series("Tuesday Juniors", 2, "2026-11-24", None);
    let ann = club.adult("Ann Archer", true, StaffRole::Lead);
    let bo = club.adult("Bo Bright", false, StaffRole::Volunteer);
    club.store
        .write(|tx| {
            set_series_team(
                tx,
                series,
                &[(ann, StaffRole::Lead), (bo, StaffRole::FirstAider)],
            )
        })
        .unwrap();
    let tonight =
        crate::sessions::between(club.store.conn(), club.today, club.today).unwrap()[0].id;
    let staff = club
        .store
        .write(|tx| staff_from_series(tx, tonight))
        .unwrap();
    assert_eq!(staff.len(), 2);
    assert_eq!(
        (staff[1].person_name.as_str(), staff[1].role, staff[1].hours),
        ("Bo Bright", StaffRole::FirstAider, 2.0)
    );
    // Changed for tonight only, then filling again leaves it alone.
    club.store
        .write(|tx| set(tx, tonight, bo, StaffRole::Volunteer, Some(1.5)))
        .unwrap();
    let staff = club
        .store
        .write(|tx| staff_from_series(tx, tonight))
        .unwrap();
    assert_eq!((staff[1].role, staff[1].hours), (StaffRole::Volunteer, 1.5));
    let err = club
        .store
        .write(|tx| set(tx, tonight, bo, StaffRole::Volunteer, Some(30.0)))
        .unwrap_err();
    assert!(err.to_string().contains("30 hours"), "{err}");
}

#[test]
fn an_empty_staff_list_says_there_are_no_adults() {
    let mut club = Club::new();
    let session = seniors(&mut club, 3);
    let check = check(club.store.conn(), session).unwrap();
    assert_eq!(
        check.warnings[0].message,
        "No adults on the staff list: the club's rule is at least 2 adults."
    );
}

#[test]
fn a_lapsed_higher_level_is_named_as_the_course_held() {
    let mut club = Club::new();
    let session = seniors(&mut club, 3);
    let bo = club.adult("Bo Bright", false, StaffRole::Volunteer);
    // Level 3 lasts 24 months: done on 1 June 2024, it ran out on 1 June 2026. Bo never held
    // level 1, the level a volunteer needs.
    club.trained(bo, "Safeguarding level 3", "2024-06-01");
    club.trained(bo, "Enhanced DBS check", "2025-01-10");
    club.staff(session, bo, StaffRole::Volunteer);
    let check = check(club.store.conn(), session).unwrap();
    let messages: Vec<&str> = check.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(
        messages.contains(
            &"Bo Bright's Safeguarding level 3 (which counts as Safeguarding level 1) was out of date on this day: it ran out on 1 June 2026."
        ),
        "{messages:?}"
    );
}

fn signed_in(role: crate::access::Role, person_id: Option<i64>) -> crate::access::Actor {
    crate::access::Actor {
        user_id: 7,
        name: "Someone".into(),
        role,
        person_id,
    }
}

#[test]
fn a_volunteer_sees_the_sessions_warnings_and_their_own_gaps_never_a_colleagues() {
    use crate::access::Role;
    let mut club = Club::new();
    let session = seniors(&mut club, 3);
    let ann = club.adult("Ann Archer", true, StaffRole::Lead);
    let val = club.adult("Val Helper", false, StaffRole::Volunteer);
    // Neither has any training: each has gaps, and there is no first aider.
    club.staff(session, ann, StaffRole::Lead);
    club.staff(session, val, StaffRole::Volunteer);
    let conn = club.store.conn();
    let lapsed_names = |actor: &crate::access::Actor| -> Vec<String> {
        check_as(conn, session, actor)
            .unwrap()
            .warnings
            .iter()
            .filter(|w| w.kind == WarningKind::LapsedTraining)
            .map(|w| w.message.split(' ').take(2).collect::<Vec<_>>().join(" "))
            .collect()
    };
    let volunteer = signed_in(Role::Volunteer, Some(val));
    let seen = lapsed_names(&volunteer);
    assert!(
        !seen.is_empty() && seen.iter().all(|n| n == "Val Helper"),
        "{seen:?}"
    );
    let kinds: Vec<WarningKind> = check_as(conn, session, &volunteer)
        .unwrap()
        .warnings
        .iter()
        .map(|w| w.kind)
        .collect();
    assert!(
        kinds.contains(&WarningKind::NoFirstAider),
        "a fact about the session, for everyone"
    );
    // A volunteer with no linked record sees no one's training.
    assert!(lapsed_names(&signed_in(Role::Volunteer, None)).is_empty());
    // A leader, a safeguarding lead and a manager see everyone's.
    for role in [Role::Leader, Role::SafeguardingLead, Role::Manager] {
        let all = lapsed_names(&signed_in(role, None));
        assert!(all.iter().any(|n| n == "Ann Archer"), "{role:?}: {all:?}");
        assert!(all.iter().any(|n| n == "Val Helper"), "{role:?}: {all:?}");
    }
}
