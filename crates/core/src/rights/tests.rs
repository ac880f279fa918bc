use super::*;
use crate::access::Role;
use crate::dates::Period;
use crate::figures::{self, AgeBandSpec, Figures, Scope, compute_for, default_age_bands};
use crate::fixtures::{Club, checked_pdf_text, date};
use crate::vocab::{ConsentGiver, ConsentKind, SessionType};
use crate::young_people::Profile;

fn manager() -> Actor {
    Actor::club_manager()
}

fn period(from: &str, to: &str) -> Period {
    Period::new(date(from), date(to)).unwrap()
}

/// Figures with the default bands and with one band per year of age, so that a frozen age
/// that was a year out would show.
fn every_figure(club: &Club, from: &str, to: &str) -> (Figures, Figures) {
    let one_per_year: Vec<AgeBandSpec> = (5..=26)
        .map(|age| AgeBandSpec {
            label: age.to_string(),
            min: Some(age),
            max: Some(age),
        })
        .collect();
    let p = period(from, to);
    let conn = club.store.conn();
    (
        compute_for(conn, p, &Scope::default(), &default_age_bands(), club.today).unwrap(),
        compute_for(conn, p, &Scope::default(), &one_per_year, club.today).unwrap(),
    )
}

fn erase(club: &mut Club, id: i64) -> Erased {
    let today = club.today;
    club.store
        .write(|tx| super::erase(tx, &manager(), id, today))
        .unwrap()
}

/// Ann (born 20 May 2012, CV6 4AB, female, Indian), Ben (born 1 January 2010, CV1 2AA, male,
/// no ethnicity) and Cal (an age of 15 given at the door on 1 April 2026). Three sessions in
/// April and May 2026; Ann turns 14 between the second and the third.
fn small_club() -> (Club, [i64; 3], [i64; 3]) {
    let mut club = Club::new();
    let ann = club.young_person_with("Ann", "Archer", |p| {
        p.date_of_birth = Some(date("2012-05-20"));
        p.gender = Gender::Female;
        p.ethnicity = Some(Ethnicity::Indian);
        p.postcode = Some("CV6 4AB".into());
        p.disability = Disability::Yes;
        p.circumstance_codes = vec!["young-carer".into()];
    });
    let ben = club.young_person_with("Ben", "Bright", |p| {
        p.date_of_birth = Some(date("2010-01-01"));
        p.gender = Gender::Male;
        p.postcode = Some("CV1 2AA".into());
    });
    // The age is given on 1 April 2026, as said above (ages given count forwards and
    // backwards from their day).
    let later = std::mem::replace(&mut club.today, date("2026-04-01"));
    let cal = club.young_person_with("Cal", "Cole", |p| p.age = Some(15));
    club.today = later;
    let s1 = club.session("2026-04-07", "18:00", "20:00", SessionType::OpenAccess);
    let s2 = club.session("2026-05-12", "18:00", "20:00", SessionType::OpenAccess);
    let s3 = club.session("2026-05-26", "19:00", "21:00", SessionType::Detached);
    club.mark_times(s1, ann, "18:30", "19:30");
    club.mark(s1, ben);
    club.mark(s2, ann);
    club.mark(s2, cal);
    club.mark(s3, ann);
    club.mark(s3, ben);
    (club, [ann, ben, cal], [s1, s2, s3])
}

fn breakdown(figures: &Figures, dimension: &str) -> Vec<(String, u64)> {
    figures
        .breakdowns
        .get(dimension)
        .map(|b| b.iter().map(|(k, v)| (k.clone(), *v)).collect())
        .unwrap_or_default()
}

fn pairs(items: &[(&str, u64)]) -> Vec<(String, u64)> {
    items.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

#[test]
fn erasing_keeps_every_figure_worked_out_by_hand() {
    let (mut club, [ann, _, _], _) = small_club();
    let before = every_figure(&club, "2026-04-01", "2026-06-30");
    let may_before = every_figure(&club, "2026-05-01", "2026-05-31");
    club_figures_by_hand_check(&before.0);

    let erased = erase(&mut club, ann);
    assert_eq!(
        erased,
        Erased {
            attendances: 3,
            notes: 0,
            stories: Default::default(),
        }
    );

    let after = every_figure(&club, "2026-04-01", "2026-06-30");
    club_figures_by_hand_check(&after.0);
    assert_eq!(after, before);
    assert_eq!(
        every_figure(&club, "2026-05-01", "2026-05-31"),
        may_before,
        "in May Ann is 13 at her first session (12 May), and not new"
    );
    assert_eq!(
        breakdown(&may_before.1, "age_band"),
        pairs(&[("13", 1), ("15", 1), ("16", 1)])
    );
    assert_eq!(
        may_before.0.measures.new_young_people, 1,
        "only Cal is new in May"
    );
    assert!(
        young_people::get(club.store.conn(), ann, club.today).is_err(),
        "Ann is no longer on the list"
    );
}

/// April to June 2026: 3 sessions (2 + 2 + 2 = 6 hours), 6 attendances, 3 young people, all
/// new. Contact hours: Ann 1 + 2 + 2, Ben 2 + 2, Cal 2 = 11. Ages at each one's first
/// attendance in the quarter: Ann 13 (7 April), Ben 16, Cal 15.
fn club_figures_by_hand_check(figures: &Figures) {
    let m = &figures.measures;
    assert_eq!(
        (
            m.sessions,
            m.attendances,
            m.unique_young_people,
            m.new_young_people,
            m.anonymous_contacts
        ),
        (3, 6, 3, 3, 0)
    );
    assert_eq!((m.delivery_hours, m.contact_hours), (6.0, 11.0));
    assert_eq!(
        breakdown(figures, "age_band"),
        pairs(&[("11-13", 1), ("14-16", 2)])
    );
    assert_eq!(
        breakdown(figures, "gender"),
        pairs(&[("female", 1), ("male", 1), ("unknown", 1)])
    );
    assert_eq!(
        breakdown(figures, "ethnicity_group"),
        pairs(&[("asian", 1), ("unknown", 2)])
    );
    assert_eq!(
        breakdown(figures, "disability"),
        pairs(&[("unknown", 2), ("yes", 1)])
    );
    assert_eq!(
        breakdown(figures, "postcode_district"),
        pairs(&[("CV1", 1), ("CV6", 1), ("unknown", 1)])
    );
    assert_eq!(
        breakdown(figures, "circumstance"),
        pairs(&[("none recorded", 2), ("young-carer", 1)])
    );
    assert_eq!(
        breakdown(figures, "session_type"),
        pairs(&[("detached", 2), ("open-access", 3)])
    );
}

#[test]
fn an_erased_young_person_is_not_new_again_in_a_later_period() {
    let (mut club, [ann, ben, _], _) = small_club();
    let june = club.session("2026-06-02", "18:00", "20:00", SessionType::OpenAccess);
    club.mark(june, ann);
    club.mark(june, ben);
    let before = every_figure(&club, "2026-06-01", "2026-06-30");
    assert_eq!(before.0.measures.new_young_people, 0);
    erase(&mut club, ann);
    erase(&mut club, ben);
    assert_eq!(every_figure(&club, "2026-06-01", "2026-06-30"), before);
    assert_eq!(
        every_figure(&club, "2026-06-01", "2026-06-30")
            .0
            .measures
            .unique_young_people,
        2
    );
}

fn person_to_erase(club: &mut Club) -> i64 {
    club.young_person_with("Zephyrine", "Quillfeather", |p| {
        p.preferred_name = Some("Zephy".into());
        p.date_of_birth = Some(date("2011-08-23"));
        p.gender = Gender::Female;
        p.postcode = Some("CV5 9XQ".into());
        p.school = Some("Larkspur Academy".into());
        p.medical_notes = Some("Carries an adrenaline pen for wasp stings".into());
        p.allergies = Some("Kiwifruit".into());
        p.send_notes = Some("Ear defenders in the hall".into());
        p.referred_by = Some("Self-referral via Mrs Thistlewood".into());
        p.emergency_contacts = vec![EmergencyContact {
            name: "Marigold Quillfeather".into(),
            relationship: Some("Aunt".into()),
            phone: "07700 900982".into(),
        }];
        p.consents = vec![Consent {
            kind: ConsentKind::Data,
            given: true,
            given_by: ConsentGiver::ParentCarer,
            giver_name: Some("Marigold Quillfeather".into()),
            recorded_on: date("2026-04-01"),
        }];
    })
}

fn session_note(club: &mut Club, session: i64, note: &str) {
    let mut input = crate::sessions::get(club.store.conn(), session)
        .unwrap()
        .details;
    input.notes = note.into();
    club.store
        .write(|tx| crate::sessions::update_session(tx, session, &input))
        .unwrap();
}

#[test]
fn nothing_that_identifies_them_is_left_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.sqlite");
    let mut club = Club::with_store(crate::Store::create(&path).unwrap());
    let zeph = person_to_erase(&mut club);
    let reference = young_people::get(club.store.conn(), zeph, club.today)
        .unwrap()
        .reference;
    let session = club.session("2026-04-07", "18:00", "20:00", SessionType::OpenAccess);
    club.mark_times(session, zeph, "18:10", "19:40");
    session_note(
        &mut club,
        session,
        "zephyrine quillfeather led the quiz; Zephy Quillfeather tidied up",
    );
    let identifying = [
        "Zephyrine".to_owned(),
        "Quillfeather".to_owned(),
        "Zephy".to_owned(),
        reference.clone(),
        "2011-08-23".to_owned(),
        "CV5 9XQ".to_owned(),
        "9XQ".to_owned(),
        "Larkspur".to_owned(),
        "adrenaline".to_owned(),
        "Kiwifruit".to_owned(),
        "Ear defenders".to_owned(),
        "Thistlewood".to_owned(),
        "Marigold".to_owned(),
        "07700 900982".to_owned(),
    ];
    let found_in_files = || -> Vec<String> {
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.extend(std::fs::read(dir.path().join("club.sqlite-wal")).unwrap_or_default());
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        identifying
            .iter()
            .filter(|word| text.contains(&word.to_lowercase()))
            .cloned()
            .collect()
    };
    scrub_file(club.store.conn()).unwrap();
    assert_eq!(
        found_in_files(),
        identifying.to_vec(),
        "before erasure every detail is in the file (else this test proves nothing)"
    );

    // The door both shells erase through: it writes the file afresh itself.
    let today = club.today;
    let erased = super::erase_from_file(&mut club.store, zeph, None, today).unwrap();
    assert_eq!(erased.notes, 1);
    assert_eq!(found_in_files(), Vec::<String>::new());
    let note = crate::sessions::get(club.store.conn(), session)
        .unwrap()
        .details
        .notes;
    assert_eq!(
        note,
        "[name removed] led the quiz; [name removed] tidied up"
    );
    let m = club.figures("2026-04-01", "2026-04-30").measures;
    assert_eq!(
        (m.attendances, m.unique_young_people, m.contact_hours),
        (1, 1, 1.5)
    );
}

#[test]
fn subject_access_holds_everything_about_them_and_is_audited() {
    let mut club = Club::new();
    let zeph = person_to_erase(&mut club);
    let other = club.young_person("Ann", "Archer", Some("2012-01-01"));
    let s1 = club.session("2026-04-07", "18:00", "20:00", SessionType::OpenAccess);
    let s2 = club.session("2026-04-14", "18:00", "20:00", SessionType::Detached);
    club.mark_times(s1, zeph, "18:10", "19:40");
    club.mark(s2, zeph);
    club.mark(s2, other);
    session_note(&mut club, s2, "Zephy Quillfeather won the pool game");
    let today = club.today;
    let audit_before = audit_entries(&club);
    let access = club
        .store
        .write(|tx| subject_access(tx, &manager(), zeph, today))
        .unwrap();
    assert_eq!(
        audit_entries(&club),
        audit_before + 1,
        "the export is in the audit log"
    );

    let json: serde_json::Value = serde_json::from_str(&access.to_json().unwrap()).unwrap();
    assert_eq!(json["format"], "clubroom-subject-access/1");
    assert_eq!(json["held_by"]["name"], "Test Youth Club");
    assert_eq!(json["details"]["first_name"], "Zephyrine");
    assert_eq!(json["details"]["date_of_birth"], "2011-08-23");
    assert_eq!(json["details"]["postcode"], "CV5 9XQ");
    assert_eq!(json["health"]["allergies"], "Kiwifruit");
    assert_eq!(json["emergency_contacts"][0]["phone"], "07700 900982");
    assert_eq!(json["consents"][0]["giver_name"], "Marigold Quillfeather");
    let attendances = json["attendances"].as_array().unwrap();
    assert_eq!(attendances.len(), 2, "only their own two attendances");
    assert_eq!(attendances[0]["date"], "2026-04-07");
    assert_eq!(attendances[0]["session"], "Session 2026-04-07");
    assert_eq!(attendances[0]["arrived_at"], "18:10");
    assert_eq!(attendances[0]["left_at"], "19:40");
    assert_eq!(attendances[1]["starts"], "18:00");
    assert_eq!(
        json["session_notes"][0]["text"],
        "Zephy Quillfeather won the pool game"
    );
    assert_eq!(json["incidents"], serde_json::json!([]));
    // The reader gets back exactly what was written.
    let back: SubjectAccess = serde_json::from_value(json).unwrap();
    assert_eq!(back, access);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("access.pdf");
    let produced = chrono::DateTime::parse_from_rfc3339("2026-06-01T10:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    std::fs::write(
        &file,
        crate::print::subject_access::pdf(&access, produced).unwrap(),
    )
    .unwrap();
    let text = checked_pdf_text(&file);
    for expected in [
        "What Clubroom holds about Zephy",
        "Test Youth Club",
        "Produced on 1 January 2030",
        "Their details",
        "23 August 2011",
        "Consents",
        "Given by a parent or carer (Marigold",
        "Emergency contacts",
        "07700 900982",
        "Health and support needs",
        "adrenaline pen",
        "Sessions they came to (2)",
        "7 April 2026",
        "18:10 to 19:40",
        "Session notes that mention them",
        "won the pool game",
        "Safeguarding records",
        "Page 1 of",
    ] {
        assert!(
            text.contains(expected),
            "the PDF says {expected:?}:\n{text}"
        );
    }
    assert!(!text.contains("Ann Archer"), "nobody else is in it");
}

fn audit_entries(club: &Club) -> i64 {
    club.store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE change = 'exported'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn subject_access_includes_the_concerns_that_name_them_and_erasure_is_refused() {
    let (mut club, [ann, ben, _], [s1, ..]) = small_club();
    let input = crate::incidents::ConcernInput {
        occurred_on: date("2026-04-07"),
        occurred_at: None,
        session_id: Some(s1),
        young_people: vec![ann],
        what_happened: "Ann said she was being followed home".into(),
        action_taken: "Spoke to her mother".into(),
        referral: crate::incidents::Referral::default(),
        follow_up: None,
    };
    let today = club.today;
    club.store
        .write(|tx| crate::incidents::add(tx, &manager(), &input, today))
        .unwrap();
    let access = club
        .store
        .write(|tx| subject_access(tx, &manager(), ann, today))
        .unwrap();
    assert_eq!(access.incidents.len(), 1);
    assert_eq!(
        access.incidents[0].current.what_happened,
        "Ann said she was being followed home"
    );
    let ben_access = club
        .store
        .write(|tx| subject_access(tx, &manager(), ben, today))
        .unwrap();
    assert!(ben_access.incidents.is_empty());

    let preview = erasure_preview(club.store.conn(), &manager(), ann).unwrap();
    assert_eq!((preview.attendances, preview.incidents), (3, 1));
    assert!(preview.blocked.is_some());
    let refused = club
        .store
        .write(|tx| super::erase(tx, &manager(), ann, today))
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("named in 1 concern in the incident log"),
        "{refused}"
    );
    assert!(young_people::get(club.store.conn(), ann, today).is_ok());
}

#[test]
fn only_those_who_handle_data_rights_may() {
    let (mut club, [ann, ..], _) = small_club();
    let today = club.today;
    for role in [Role::SafeguardingLead, Role::Leader, Role::Volunteer] {
        let actor = Actor {
            user_id: 9,
            name: "Pat".into(),
            role,
            person_id: None,
        };
        let denied = |result: Result<()>| {
            assert!(
                matches!(result, Err(Error::Denied(_))),
                "{role:?} refused: {result:?}"
            )
        };
        denied(
            club.store
                .write(|tx| subject_access(tx, &actor, ann, today).map(|_| ())),
        );
        denied(
            club.store
                .write(|tx| super::erase(tx, &actor, ann, today).map(|_| ())),
        );
        denied(erasure_preview(club.store.conn(), &actor, ann).map(|_| ()));
        denied(rules(club.store.conn(), &actor).map(|_| ()));
        denied(
            club.store
                .write(|tx| set_rules(tx, &actor, RetentionRules::default()).map(|_| ())),
        );
        denied(review(club.store.conn(), &actor, today).map(|_| ()));
        denied(
            club.store
                .write(|tx| apply(tx, &actor, &RetentionChoice::default(), today).map(|_| ())),
        );
    }
    assert!(young_people::get(club.store.conn(), ann, today).is_ok());
}

#[test]
fn registers_are_kept_by_whole_financial_years() {
    // Seven years before 10 May 2030 is 10 May 2023: the last year that had ended by then
    // ended on 31 March 2023, so registers before 1 April 2023 are listed.
    assert_eq!(
        registers_kept_from(date("2030-05-10"), 7),
        date("2023-04-01")
    );
    // Seven years before 1 March 2030 is 1 March 2023, inside the year 2022-23.
    assert_eq!(
        registers_kept_from(date("2030-03-01"), 7),
        date("2022-04-01")
    );
    assert_eq!(
        registers_kept_from(date("2030-04-01"), 1),
        date("2029-04-01")
    );
}

/// A club on 10 May 2030 with the default rules (3 years unseen, registers 7 years).
fn old_club() -> (Club, [i64; 4], [i64; 3]) {
    let mut club = Club::new();
    club.today = date("2030-05-10");
    let old = club.young_person("Olga", "Old", Some("2005-02-02"));
    let recent = club.young_person("Rita", "Recent", Some("2012-03-03"));
    let border = club.young_person("Bo", "Border", Some("2011-04-04"));
    let never = club.young_person("Ned", "Never", None);
    let s2022 = club.session("2022-10-04", "18:00", "20:00", SessionType::OpenAccess);
    let s2023 = club.session("2023-03-28", "18:00", "20:00", SessionType::OpenAccess);
    let s2027 = club.session("2027-05-11", "18:00", "20:00", SessionType::OpenAccess);
    let s2030 = club.session("2030-05-01", "18:00", "20:00", SessionType::OpenAccess);
    club.mark(s2022, old);
    club.mark(s2023, old);
    club.mark(s2022, recent);
    club.mark(s2030, recent);
    // Last seen 11 May 2027: three years before today is 10 May 2027, so Bo is kept.
    club.mark(s2027, border);
    added_on(&club, never, "2020-01-01");
    (club, [old, recent, border, never], [s2022, s2023, s2027])
}

/// Sets when a young person was added (the store stamps the real clock).
fn added_on(club: &Club, id: i64, day: &str) {
    club.store
        .conn()
        .execute(
            "UPDATE young_people SET created_at = ?2 WHERE id = ?1",
            params![id, format!("{day}T12:00:00.000Z")],
        )
        .unwrap();
}

#[test]
fn the_review_lists_exactly_who_and_what_the_rules_say() {
    let (mut club, [old, _, _, never], [s2022, s2023, _]) = old_club();
    let lately = club.young_person("Lee", "Lately", None);
    added_on(&club, lately, "2029-06-01");
    let found = review(club.store.conn(), &manager(), club.today).unwrap();
    assert_eq!(found.unseen_before, date("2027-05-10"));
    assert_eq!(found.registers_before, date("2023-04-01"));
    let people: Vec<i64> = found.people.iter().map(|p| p.id).collect();
    // Ned never came and was added in 2020; Lee never came either but was added in 2029.
    assert_eq!(people, vec![never, old]);
    assert_eq!(found.people[0].last_seen, None);
    assert_eq!(found.people[1].last_seen, Some(date("2023-03-28")));
    let registers: Vec<(i64, u32)> = found
        .registers
        .iter()
        .map(|r| (r.session_id, r.named))
        .collect();
    assert_eq!(registers, vec![(s2022, 2), (s2023, 1)]);
}

#[test]
fn applying_a_review_keeps_the_figures_and_does_only_what_was_ticked() {
    let (mut club, [old, recent, border, never], [s2022, s2023, _]) = old_club();
    let years = [
        ("2022-04-01", "2023-03-31"),
        ("2027-04-01", "2028-03-31"),
        ("2030-04-01", "2031-03-31"),
    ];
    let across = every_figure(&club, "2020-01-01", "2030-12-31").0.measures;
    let before: Vec<_> = years
        .iter()
        .map(|(f, t)| every_figure(&club, f, t))
        .collect();
    let today = club.today;
    let refused = club
        .store
        .write(|tx| {
            apply(
                tx,
                &manager(),
                &RetentionChoice {
                    erase: vec![old, recent],
                    anonymise: vec![],
                },
                today,
            )
        })
        .unwrap_err();
    assert!(refused.to_string().contains("not due"), "{refused}");
    assert!(young_people::get(club.store.conn(), recent, today).is_ok());

    let done = club
        .store
        .write(|tx| {
            apply(
                tx,
                &manager(),
                &RetentionChoice {
                    erase: vec![old],
                    anonymise: vec![s2022],
                },
                today,
            )
        })
        .unwrap();
    assert_eq!(
        done,
        RetentionDone {
            erased: 1,
            registers: 1,
            attendances: 3,
        },
        "Olga's two attendances and Rita's one in October 2022"
    );
    for ((from, to), was) in years.iter().zip(&before) {
        assert_eq!(&every_figure(&club, from, to), was, "{from} to {to}");
    }
    // A period across the line counts Rita twice: once anonymous (2022), once named (2030).
    let now = every_figure(&club, "2020-01-01", "2030-12-31").0.measures;
    assert_eq!(
        (
            now.attendances,
            now.unique_young_people,
            now.new_young_people
        ),
        (
            across.attendances,
            across.unique_young_people + 1,
            across.new_young_people + 1
        )
    );
    let after = review(club.store.conn(), &manager(), today).unwrap();
    assert_eq!(
        after.people.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![never]
    );
    assert_eq!(
        after
            .registers
            .iter()
            .map(|r| r.session_id)
            .collect::<Vec<_>>(),
        Vec::<i64>::new(),
        "the 2023 register held only Olga, erased"
    );
    let _ = (s2023, border);
    let rita = young_people::get(club.store.conn(), recent, today).unwrap();
    assert_eq!(
        rita.attendances, 1,
        "only her 2030 attendance is still named"
    );
}

#[test]
fn retention_rules_are_set_and_checked() {
    let mut club = Club::new();
    assert_eq!(
        rules(club.store.conn(), &manager()).unwrap(),
        RetentionRules::default()
    );
    let set = RetentionRules {
        unseen_years: 2,
        register_years: 6,
    };
    club.store
        .write(|tx| set_rules(tx, &manager(), set))
        .unwrap();
    assert_eq!(rules(club.store.conn(), &manager()).unwrap(), set);
    let bad = club
        .store
        .write(|tx| {
            set_rules(
                tx,
                &manager(),
                RetentionRules {
                    unseen_years: 0,
                    register_years: 7,
                },
            )
        })
        .unwrap_err();
    assert_eq!(
        bad.to_string(),
        "Young people not seen for 0 years is not allowed: choose from 1 to 50 years."
    );
}

#[test]
fn a_name_is_replaced_in_any_case() {
    assert_eq!(
        replace_ignoring_case("ANN ARCHER and ann archer", "Ann Archer"),
        "[name removed] and [name removed]"
    );
    assert_eq!(
        replace_ignoring_case("nobody here", "Ann Archer"),
        "nobody here"
    );
}

mod property {
    use super::*;
    use crate::vocab::Ethnicity;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    struct RawPerson {
        born_day: Option<u32>,
        gender: usize,
        ethnicity: Option<usize>,
        postcode: Option<usize>,
        circumstance: bool,
    }

    #[derive(Debug, Clone)]
    struct RawSession {
        day: u32,
        start: u16,
        length: u16,
        detached: bool,
        cancelled: bool,
        marks: Vec<(usize, Option<(u16, u16)>)>,
    }

    fn raw_person() -> impl Strategy<Value = RawPerson> {
        (
            proptest::option::of(0u32..6000),
            0usize..4,
            proptest::option::of(0usize..6),
            proptest::option::of(0usize..3),
            proptest::bool::weighted(0.3),
        )
            .prop_map(
                |(born_day, gender, ethnicity, postcode, circumstance)| RawPerson {
                    born_day,
                    gender,
                    ethnicity,
                    postcode,
                    circumstance,
                },
            )
    }

    fn raw_session(people: usize) -> impl Strategy<Value = RawSession> {
        (
            0u32..730,
            (16u16..20),
            (1u16..4),
            proptest::bool::ANY,
            proptest::bool::weighted(0.1),
            proptest::collection::vec(
                (0..people, proptest::option::of((0u16..30, 0u16..30))),
                0..8,
            ),
        )
            .prop_map(
                |(day, start, length, detached, cancelled, marks)| RawSession {
                    day,
                    start,
                    length,
                    detached,
                    cancelled,
                    marks,
                },
            )
    }

    fn club_strategy() -> impl Strategy<Value = (Vec<RawPerson>, Vec<RawSession>, Vec<bool>)> {
        proptest::collection::vec(raw_person(), 1..10).prop_flat_map(|people| {
            let n = people.len();
            (
                Just(people),
                proptest::collection::vec(raw_session(n), 0..16),
                proptest::collection::vec(proptest::bool::weighted(0.4), n),
            )
        })
    }

    fn build(people: &[RawPerson], sessions: &[RawSession]) -> (Club, Vec<i64>) {
        let mut club = Club::new();
        let genders = [
            Gender::Female,
            Gender::Male,
            Gender::NonBinary,
            Gender::Unknown,
        ];
        let ethnicities = [
            Ethnicity::Indian,
            Ethnicity::Bangladeshi,
            Ethnicity::Caribbean,
            Ethnicity::Arab,
            Ethnicity::Irish,
            Ethnicity::WhiteAndAsian,
        ];
        let postcodes = ["CV6 4AB", "CV1 2AA", "B12 9QX"];
        let base = date("2008-01-01");
        let ids = people
            .iter()
            .enumerate()
            .map(|(i, p)| {
                club.young_person_with(&format!("Person{i}"), "Test", |profile| {
                    profile.date_of_birth =
                        p.born_day.map(|d| base + chrono::Days::new(u64::from(d)));
                    profile.gender = genders[p.gender];
                    profile.ethnicity = p.ethnicity.map(|e| ethnicities[e]);
                    profile.postcode = p.postcode.map(|c| postcodes[c].to_owned());
                    if p.circumstance {
                        profile.circumstance_codes = vec!["poverty".into()];
                    }
                })
            })
            .collect::<Vec<_>>();
        let first = date("2025-01-01");
        for s in sessions {
            let on = (first + chrono::Days::new(u64::from(s.day))).to_string();
            let start = format!("{:02}:00", s.start);
            let end = format!("{:02}:00", s.start + s.length);
            let kind = if s.detached {
                SessionType::Detached
            } else {
                SessionType::OpenAccess
            };
            // Two sessions on one day are different sessions (named by date, so rename).
            let id = club
                .store
                .write(|tx| {
                    let input = crate::sessions::SessionInput::one_off(
                        &format!("Session {on} {start}"),
                        date(&on),
                        (crate::fixtures::time(&start), crate::fixtures::time(&end)),
                        None,
                        kind,
                    );
                    crate::sessions::add_session(tx, &input)
                })
                .unwrap()
                .id;
            for (person, times) in &s.marks {
                match times {
                    Some((late, early)) => {
                        let arrived = format!("{:02}:{:02}", s.start, late);
                        let left_minutes = (s.start + s.length) * 60 - early;
                        let left = format!("{:02}:{:02}", left_minutes / 60, left_minutes % 60);
                        club.mark_times(id, ids[*person], &arrived, &left);
                    }
                    None => club.mark(id, ids[*person]),
                }
            }
            if s.cancelled {
                club.cancel(id);
            }
        }
        (club, ids)
    }

    fn periods() -> Vec<(&'static str, &'static str)> {
        vec![
            ("2025-01-01", "2026-12-31"),
            ("2025-04-01", "2026-03-31"),
            ("2025-07-01", "2025-09-30"),
            ("2026-01-01", "2026-03-31"),
            ("2026-04-01", "2026-12-31"),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(40))]
        #[test]
        fn erasing_anyone_changes_no_figure((people, sessions, chosen) in club_strategy()) {
            let (mut club, ids) = build(&people, &sessions);
            let before: Vec<_> = periods().iter().map(|(f, t)| every_figure(&club, f, t)).collect();
            for (id, erase_them) in ids.iter().zip(&chosen) {
                if *erase_them {
                    erase(&mut club, *id);
                }
            }
            for ((from, to), was) in periods().iter().zip(&before) {
                let now = every_figure(&club, from, to);
                prop_assert_eq!(&now, was, "{} to {}", from, to);
            }
            let left: i64 = club.store.conn()
                .query_row("SELECT COUNT(*) FROM young_people", [], |r| r.get(0)).unwrap();
            prop_assert_eq!(left as usize, chosen.iter().filter(|c| !**c).count());
        }

        #[test]
        fn anonymising_old_registers_changes_no_figure((people, sessions, _) in club_strategy()) {
            let (mut club, _) = build(&people, &sessions);
            // Registers before 1 April 2026 (every session in the first 15 months).
            club.today = date("2033-05-01");
            let before: Vec<_> = periods().iter().map(|(f, t)| every_figure(&club, f, t)).collect();
            let today = club.today;
            let found = review(club.store.conn(), &manager(), today).unwrap();
            prop_assert_eq!(found.registers_before, date("2026-04-01"));
            let choice = RetentionChoice {
                erase: vec![],
                anonymise: found.registers.iter().map(|r| r.session_id).collect(),
            };
            club.store.write(|tx| apply(tx, &manager(), &choice, today)).unwrap();
            for ((from, to), was) in periods().iter().zip(&before) {
                let now = every_figure(&club, from, to);
                if *from >= "2026-04-01" || *to < "2026-04-01" {
                    prop_assert_eq!(&now, was, "{} to {}", from, to);
                } else {
                    // A period across the line counts someone seen on both sides twice;
                    // every other measure holds.
                    prop_assert_eq!(now.0.measures.sessions, was.0.measures.sessions);
                    prop_assert_eq!(now.0.measures.attendances, was.0.measures.attendances);
                    prop_assert_eq!(now.0.measures.contact_hours, was.0.measures.contact_hours);
                    prop_assert!(now.0.measures.unique_young_people >= was.0.measures.unique_young_people);
                }
            }
        }
    }
}

#[test]
fn a_profile_without_a_name_form_is_still_erased() {
    let mut club = Club::new();
    let later = std::mem::replace(&mut club.today, date("2026-04-07"));
    let id = club.young_person_with("Al", "Li", |p: &mut Profile| p.age = Some(12));
    club.today = later;
    let s = club.session("2026-04-07", "18:00", "20:00", SessionType::OpenAccess);
    club.mark(s, id);
    let before = club.figures("2026-04-01", "2026-04-30");
    erase(&mut club, id);
    assert_eq!(club.figures("2026-04-01", "2026-04-30"), before);
    let age: Option<u32> = club
        .store
        .conn()
        .query_row("SELECT age_years FROM anonymous_attendance", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(age, Some(12), "an age given at the door is frozen too");
    let _ = figures::DIMENSIONS;
}

#[test]
fn erasing_from_the_window_needs_their_name_typed() {
    let (mut club, [ann, ..], _) = small_club();
    let today = club.today;
    let wrong = club
        .store
        .write(|tx| erase_confirmed(tx, &manager(), ann, "Ann", today))
        .unwrap_err();
    assert_eq!(
        wrong.to_string(),
        "To erase them, type their name exactly as it is shown: Ann Archer. Nothing was changed."
    );
    assert!(young_people::get(club.store.conn(), ann, today).is_ok());
    let erased = club
        .store
        .write(|tx| erase_confirmed(tx, &manager(), ann, "  ann   ARCHER ", today))
        .unwrap();
    assert_eq!(erased.attendances, 3);
    assert_eq!(
        access_file_name("YP0/0042", true),
        "everything-held-YP00042.json"
    );
}

#[test]
fn the_de_identified_register_keeps_every_row_after_erasure() {
    let (mut club, [ann, ..], _) = small_club();
    let register = |club: &Club| -> Vec<Vec<String>> {
        let request = crate::returns::ReturnRequest {
            template_id: "general".into(),
            period: period("2026-04-01", "2026-06-30"),
            scope: Scope::default(),
            answers: Default::default(),
            differences: Vec::new(),
        };
        let mut bytes = Vec::new();
        crate::returns::write_register_csv(
            club.store.conn(),
            &request,
            &default_age_bands(),
            club.today,
            &mut bytes,
        )
        .unwrap();
        String::from_utf8(bytes)
            .unwrap()
            .lines()
            .skip(1)
            .map(|line| line.split(',').map(str::to_owned).collect())
            .collect()
    };
    let reference = young_people::get(club.store.conn(), ann, club.today)
        .unwrap()
        .reference;
    let before = register(&club);
    erase(&mut club, ann);
    let after = register(&club);
    assert_eq!(after.len(), 6);
    for (was, now) in before.iter().zip(&after) {
        assert_eq!(was[1..], now[1..], "the same row but for the reference");
        if was[0] == reference {
            assert!(now[0].starts_with("ANON-"), "{now:?}");
        } else {
            assert_eq!(was[0], now[0]);
        }
    }
    // Ann's three rows, ages 13, 13 and 14 (she turned 14 on 20 May): bands kept.
    let anon: Vec<&str> = after
        .iter()
        .filter(|row| row[0].starts_with("ANON-"))
        .map(|row| row[1].as_str())
        .collect();
    assert_eq!(anon, vec!["11-13", "11-13", "14-16"]);
}

#[test]
fn a_session_with_only_anonymous_attendances_is_not_tidied_away() {
    let mut club = Club::new();
    club.today = date("2026-04-07");
    let series = club.series("Tuesday club", 2, "2026-03-01", None);
    let tonight =
        crate::sessions::between(club.store.conn(), club.today, club.today).unwrap()[0].id;
    let ann = club.young_person("Ann", "Archer", Some("2012-01-01"));
    club.mark(tonight, ann);
    let before = club.figures("2026-04-07", "2026-04-07");
    erase(&mut club, ann);
    // Stopping the series removes its untouched sessions from today on.
    let today = club.today;
    club.store
        .write(|tx| crate::sessions::set_series_archived(tx, series, true, today))
        .unwrap();
    assert_eq!(club.figures("2026-04-07", "2026-04-07"), before);
    assert_eq!(before.measures.attendances, 1);
}

#[test]
fn a_one_off_session_with_erased_marks_still_counts_them_and_cannot_be_deleted() {
    let (mut club, [ann, ..], [s1, ..]) = small_club();
    erase(&mut club, ann);
    let session = crate::sessions::get(club.store.conn(), s1).unwrap();
    assert_eq!(session.present, 2, "Ben, and Ann with no name");
    let refused = club
        .store
        .write(|tx| crate::sessions::delete_session(tx, s1))
        .unwrap_err();
    assert!(
        refused.to_string().contains("has a register (2 present)"),
        "{refused}"
    );
}

#[test]
fn an_erased_young_persons_reference_is_never_given_to_someone_new() {
    let (mut club, [_, _, cal], _) = small_club();
    let reference = |club: &Club, id: i64| {
        crate::young_people::get(club.store.conn(), id, club.today)
            .unwrap()
            .reference
    };
    // Cal was added last, so holds the highest number.
    assert_eq!(reference(&club, cal), "YP00003");
    erase(&mut club, cal);
    let dee = club.young_person("Dee", "Dunn", None);
    assert_eq!(reference(&club, dee), "YP00004", "not Cal's YP00003 again");
    // And still not once the next is erased too.
    erase(&mut club, dee);
    let eve = club.young_person("Eve", "Evans", None);
    assert_eq!(reference(&club, eve), "YP00005");
}

#[test]
fn home_and_the_register_count_an_erased_young_person_present_tonight_alike() {
    let mut club = Club::new();
    club.today = date("2026-11-24");
    let session = club.session("2026-11-24", "18:00", "20:00", SessionType::OpenAccess);
    let ann = club.young_person("Ann", "Archer", Some("2012-05-20"));
    let ben = club.young_person("Ben", "Bright", Some("2010-01-01"));
    club.mark(session, ann);
    club.mark(session, ben);
    erase(&mut club, ann);
    let conn = club.store.conn();
    let home = crate::overview::overview(conn, club.today, &manager()).unwrap();
    let on_home = home.today_sessions[0].present;
    let register = crate::register::register(conn, session, club.today).unwrap();
    let named = register.entries.iter().filter(|e| e.present).count() as u32;
    assert_eq!(named, 1, "only Ben has a name on the register");
    assert_eq!(
        register.erased_present, 1,
        "Ann's attendance is kept with no name"
    );
    assert_eq!(named + register.erased_present, on_home);
    assert_eq!(on_home, 2, "both came tonight");
}

#[test]
fn stories_are_in_subject_access_and_only_a_clean_anonymous_one_outlives_erasure() {
    use crate::stories::{self, StoryAudience, StoryConsent, StoryInput, StoryKind};
    let mut club = Club::new();
    let zeph = person_to_erase(&mut club);
    let today = club.today;
    let story = |title: &str, body: &str, consent: StoryConsent| StoryInput {
        young_person_id: zeph,
        kind: StoryKind::CaseStudy,
        title: title.into(),
        body: body.into(),
        consent,
        consent_given_by: ConsentGiver::YoungPerson,
        told_on: date("2026-05-01"),
        audience: StoryAudience::Managers,
        outcomes: vec![],
    };
    for input in [
        story("Named", "Zephy led the quiz.", StoryConsent::Named),
        story("Clean", "She led the quiz.", StoryConsent::Anonymous),
        story("Naming", "Zephyrine led the quiz.", StoryConsent::Anonymous),
        story("Private", "She led the quiz.", StoryConsent::NotForUse),
    ] {
        club.store
            .write(|tx| stories::add(tx, &manager(), &input, today))
            .unwrap();
    }
    let access = gather(club.store.conn(), &manager(), zeph, today).unwrap();
    let mut titles: Vec<&str> = access.stories.iter().map(|s| s.title.as_str()).collect();
    titles.sort();
    assert_eq!(titles, ["Clean", "Named", "Naming", "Private"]);
    assert!(
        access
            .to_json()
            .unwrap()
            .contains("Zephyrine led the quiz.")
    );

    // The preview says, story by story, what the erasure then does.
    let preview = erasure_preview(club.store.conn(), &manager(), zeph).unwrap();
    let mut going = preview.stories.go.clone();
    going.sort();
    assert_eq!(preview.stories.stay, ["Clean"]);
    assert_eq!(going, ["Named", "Naming", "Private"]);
    let erased = erase(&mut club, zeph);
    assert_eq!(erased.stories, preview.stories);
    let left = stories::list(club.store.conn(), &manager(), None).unwrap();
    let left: Vec<(&str, Option<i64>, &str)> = left
        .iter()
        .map(|s| (s.title.as_str(), s.young_person_id, s.about.as_str()))
        .collect();
    assert_eq!(left, [("Clean", None, "a young person since erased")]);
    // Kept as it is, it can be removed but not changed.
    let kept = stories::list(club.store.conn(), &manager(), None).unwrap()[0].id;
    let change = story("Clean", "She led it.", StoryConsent::Anonymous);
    let refused = club
        .store
        .write(|tx| stories::update(tx, &manager(), kept, &change, today))
        .unwrap_err();
    assert!(
        refused.to_string().contains("removed, not changed"),
        "{refused}"
    );
}
