use super::*;
use crate::fixtures::{Club, date};
use crate::vocab::{AgeBand, Ethnicity, Gender, SessionType};

const FROM: &str = "2026-04-01";
const TO: &str = "2026-06-30";

struct Small {
    club: Club,
    amy: i64,
    eve: i64,
}

/// A club small enough to count by hand (the comments give each figure's working):
/// - Amy (born 10 April 2012, female, British, CV1 2AB; poverty and young carer) came once
///   before the period, then on 7 and 14 April: she is 13 on 7 April and 14 on 14 April.
/// - Ben (born 1 January 2010, male, Indian, "cv6") came on 7 April from 18:30 to 19:30 only.
/// - Cara (no date of birth, non-binary, ethnicity not recorded) came on 7 and 14 April.
/// - Dan came only to the cancelled session of 21 April, which counts nowhere.
/// - Eve (born 1 May 2008, female, Caribbean, CV1 4XY) came to detached work on 1 May, her
///   18th birthday, where 7 more young people were counted but not named.
fn small_club() -> Small {
    let mut club = Club::new();
    let amy = club.young_person_with("Amy", "Ashby", |p| {
        p.date_of_birth = Some(date("2012-04-10"));
        p.gender = Gender::Female;
        p.ethnicity = Some(Ethnicity::British);
        p.postcode = Some("CV1 2AB".into());
        p.circumstance_codes = vec!["poverty".into(), "young-carer".into()];
    });
    let ben = club.young_person_with("Ben", "Baker", |p| {
        p.date_of_birth = Some(date("2010-01-01"));
        p.gender = Gender::Male;
        p.ethnicity = Some(Ethnicity::Indian);
        p.postcode = Some("cv6".into());
    });
    let cara = club.young_person_with("Cara", "Cole", |p| p.gender = Gender::NonBinary);
    let dan = club.young_person("Dan", "Dale", Some("2011-05-05"));
    let eve = club.young_person_with("Eve", "Evans", |p| {
        p.date_of_birth = Some(date("2008-05-01"));
        p.gender = Gender::Female;
        p.ethnicity = Some(Ethnicity::Caribbean);
        p.postcode = Some("CV1 4XY".into());
    });

    let before = club.session("2026-03-25", "18:00", "20:00", SessionType::OpenAccess);
    club.mark(before, amy);
    let s1 = club.session("2026-04-07", "18:00", "20:00", SessionType::OpenAccess);
    club.mark(s1, amy);
    club.mark_times(s1, ben, "18:30", "19:30");
    club.mark(s1, cara);
    let s2 = club.session("2026-04-14", "18:00", "20:00", SessionType::OpenAccess);
    club.mark(s2, amy);
    club.mark(s2, cara);
    let cancelled = club.session("2026-04-21", "18:00", "20:00", SessionType::OpenAccess);
    club.mark(cancelled, dan);
    club.cancel(cancelled);
    let detached = club.session("2026-05-01", "19:00", "21:30", SessionType::Detached);
    club.mark(detached, eve);
    club.headcount(detached, Gender::Male, AgeBand::From14To16, 7);
    Small { club, amy, eve }
}

fn request(template: &str) -> ReturnRequest {
    ReturnRequest {
        template_id: template.into(),
        period: Period::new(date(FROM), date(TO)).unwrap(),
        scope: Scope::default(),
        answers: BTreeMap::new(),
        differences: Vec::new(),
    }
}

/// A difference on a Theory of Change outcome, in the manager's words.
fn difference(outcome: &str, words: &str) -> DifferenceChoice {
    DifferenceChoice {
        outcome: crate::outcomes::OutcomeTag {
            framework: "toc".into(),
            code: outcome.into(),
        },
        words: words.into(),
        story_id: None,
    }
}

fn build_for(club: &Club, request: &ReturnRequest) -> Return {
    build(club.store.conn(), request, club.today).unwrap()
}

fn measure_row<'a>(report: &'a Return, measure: &str) -> &'a MeasureRow {
    report
        .parts
        .iter()
        .find_map(|p| match p {
            Part::Measures { rows, .. } => rows.iter().find(|r| r.measure == measure),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no {measure} in the return"))
}

fn breakdown_rows(report: &Return, dimension: &str) -> Vec<(String, u64)> {
    report
        .parts
        .iter()
        .find_map(|p| match p {
            Part::Breakdown {
                dimension: d, rows, ..
            } if d == dimension => Some(
                rows.iter()
                    .map(|r| (r.category.clone(), r.young_people))
                    .collect(),
            ),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no {dimension} breakdown"))
}

fn owned(items: &[(&str, u64)]) -> Vec<(String, u64)> {
    items.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

#[test]
fn a_children_in_need_return_counted_by_hand() {
    let small = small_club();
    let report = build_for(&small.club, &request("children-in-need"));

    // Amy, Ben, Cara and Eve; Dan's only session was cancelled.
    assert_eq!(measure_row(&report, "unique_young_people").value, Some(4.0));
    // Amy came before the period, so only Ben, Cara and Eve are new.
    assert_eq!(measure_row(&report, "new_young_people").value, Some(3.0));
    // 7 April, 14 April and 1 May; not the cancelled one nor the one in March.
    assert_eq!(measure_row(&report, "sessions").value, Some(3.0));
    // 3 + 2 + 1 marks; the 7 counted at the detached session are not attendances.
    assert_eq!(measure_row(&report, "attendances").value, Some(6.0));
    assert_eq!(report.measures.anonymous_contacts, 7);

    // Ages on each young person's first visit in the period, in the template's own bands:
    // Amy 13 (her birthday is three days later), Ben 16, Eve 18 on her birthday, Cara unknown.
    assert_eq!(
        breakdown_rows(&report, "age_band"),
        owned(&[
            ("0-4", 0),
            ("5-10", 0),
            ("11-15", 1),
            ("16-18", 2),
            ("over 18", 0),
            ("unknown", 1)
        ])
    );
    // Each circumstance once per young person; those with none are not dropped.
    assert_eq!(
        breakdown_rows(&report, "circumstance"),
        owned(&[("poverty", 1), ("young-carer", 1), ("none recorded", 3)])
    );
    // Every gender is listed, zeros too, in the vocabulary's order.
    let genders = breakdown_rows(&report, "gender");
    assert_eq!(genders.len(), Gender::ALL.len());
    assert_eq!(
        genders
            .iter()
            .filter(|(_, n)| *n > 0)
            .cloned()
            .collect::<Vec<_>>(),
        owned(&[("female", 2), ("male", 1), ("non-binary", 1)])
    );
}

#[test]
fn labels_and_shares_are_the_templates_and_the_vocabularys() {
    let small = small_club();
    let report = build_for(&small.club, &request("children-in-need"));
    let Some(Part::Breakdown {
        rows,
        young_people,
        overlapping,
        ..
    }) = report
        .parts
        .iter()
        .find(|p| matches!(p, Part::Breakdown { dimension, .. } if dimension == "circumstance"))
    else {
        panic!("no circumstances");
    };
    assert_eq!(*young_people, 4);
    assert!(*overlapping, "a young person can face more than one");
    assert_eq!(rows[0].label, "Living in poverty or low income");
    assert_eq!(rows[0].percent, 25.0);
    assert_eq!(rows[2].label, "None recorded");
    assert_eq!(rows[2].percent, 75.0);
    assert_eq!(report.covers, "All of the club's work");
    assert_eq!(report.organisation, "Test Youth Club");
}

#[test]
fn values_are_printed_as_a_funder_reads_them() {
    assert_eq!(show(Some(1234.0), MeasureKind::Count), "1,234");
    assert_eq!(show(Some(1234567.0), MeasureKind::Count), "1,234,567");
    assert_eq!(show(Some(12.5), MeasureKind::Hours), "12.5");
    assert_eq!(show(Some(1500.25), MeasureKind::Hours), "1,500.25");
    assert_eq!(show(Some(2530.5), MeasureKind::Pounds), "£2,530.50");
    assert_eq!(show(Some(0.875), MeasureKind::Share), "87.5%");
    assert_eq!(show(Some(1.0), MeasureKind::Share), "100%");
    assert_eq!(show(None, MeasureKind::Share), "–");
}

#[test]
fn the_general_return_has_hours_and_the_months() {
    let small = small_club();
    let report = build_for(&small.club, &request("general"));
    // 2 + 2 + 2.5 hours held, all with young people there.
    assert_eq!(measure_row(&report, "delivery_hours").value, Some(6.5));
    assert_eq!(measure_row(&report, "youth_work_hours").value, Some(6.5));
    // Amy 2 + 2, Ben 1 (18:30 to 19:30), Cara 2 + 2, Eve 2.5.
    assert_eq!(measure_row(&report, "contact_hours").value, Some(11.5));
    assert_eq!(
        measure_row(&report, "training_compliance").shown,
        "–",
        "nobody staffed"
    );
    let months: Vec<(String, u64, u64)> = report
        .months
        .iter()
        .map(|m| (m.month.clone(), m.attendances, m.anonymous_contacts))
        .collect();
    assert_eq!(
        months,
        vec![
            ("2026-04".into(), 5, 0),
            ("2026-05".into(), 1, 7),
            ("2026-06".into(), 0, 0)
        ]
    );
}

#[test]
fn the_csv_and_json_are_tidy_and_the_same_bytes_every_time() {
    let small = small_club();
    let mut asked = request("children-in-need");
    asked.differences = vec![difference(
        "confidence",
        "More confident, \"in their words\"",
    )];
    let first = build_for(&small.club, &asked);
    let again = build_for(&small.club, &asked);
    assert_eq!(first.csv_text().unwrap(), again.csv_text().unwrap());
    assert_eq!(first.to_json(), again.to_json());

    let csv = first.csv_text().unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("template,period_from,period_to,section,name,category,label,value")
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("children-in-need,2026-04-01,2026-06-30,")
                && l.contains(",unique_young_people,,")
                && l.ends_with(",4")),
        "{csv}"
    );
    assert!(csv.contains(",age_band,16-18,16-18,2\n"), "{csv}");
    assert!(
        csv.contains(",circumstance,none recorded,None recorded,3\n"),
        "{csv}"
    );
    assert!(
        csv.contains(",question:difference-1,,Difference 1: Confidence,\"More confident, \"\"in their words\"\"\"\n"),
        "{csv}"
    );
    // Every line has the same number of fields.
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert!(
        reader
            .records()
            .all(|r| r.map(|r| r.len() == 8).unwrap_or(false))
    );

    let json: serde_json::Value = serde_json::from_str(&first.to_json()).unwrap();
    assert_eq!(json["schema"], "clubroom-return/1");
    assert_eq!(json["template"]["id"], "children-in-need");
    // Every measure and breakdown by its DESIGN.md name, not only the template's.
    for name in Measures::names() {
        assert!(json["measures"].get(&name).is_some(), "{name}");
    }
    for dimension in crate::figures::DIMENSIONS {
        assert!(json["breakdowns"].get(dimension).is_some(), "{dimension}");
    }
    assert_eq!(json["measures"]["contact_hours"], 11.5);
    assert_eq!(json["breakdowns"]["postcode_district"]["CV1"], 2);
}

#[test]
fn answers_are_only_to_the_templates_questions() {
    let small = small_club();
    let mut asked = request("children-in-need");
    asked
        .answers
        .insert("favourite-colour".into(), "blue".into());
    let err = build(small.club.store.conn(), &asked, small.club.today).unwrap_err();
    assert!(
        err.to_string().contains("no question “favourite-colour”"),
        "{err}"
    );
}

#[test]
fn the_register_csv_has_no_names_and_ages_on_the_day() {
    let small = small_club();
    let conn = small.club.store.conn();
    let reference = |id: i64| -> String {
        conn.query_row("SELECT ref FROM young_people WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap()
    };
    let mut bytes = Vec::new();
    let rows = write_register_csv(
        conn,
        &request("general"),
        &crate::figures::default_age_bands(),
        small.club.today,
        &mut bytes,
    )
    .unwrap();
    assert_eq!(rows, 6, "one row per attendance held in the period");
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(
        text.lines().next(),
        Some(
            "reference,age_band,gender,ethnicity_group,postcode_district,session_date,session_type,hours"
        )
    );
    let amy = reference(small.amy);
    // Amy is 13 on 7 April and 14 on 14 April: the band follows her age on the day.
    assert!(
        text.contains(&format!(
            "{amy},11-13,female,white,CV1,2026-04-07,open-access,2\n"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{amy},14-16,female,white,CV1,2026-04-14,open-access,2\n"
        )),
        "{text}"
    );
    let eve = reference(small.eve);
    assert!(
        text.contains(&format!(
            "{eve},17-19,female,black,CV1,2026-05-01,detached,2.5\n"
        )),
        "{text}"
    );
    assert!(
        text.contains(",14-16,male,asian,CV6,2026-04-07,open-access,1\n"),
        "Ben stayed an hour: {text}"
    );
    for private in [
        "Amy",
        "Ashby",
        "Ben",
        "Cara",
        "Eve",
        "2012-04-10",
        "2008-05-01",
        "CV1 2AB",
        "CV1 4XY",
    ] {
        assert!(
            !text.contains(private),
            "{private} must not be in the register: {text}"
        );
    }
}

#[test]
fn a_scope_narrows_every_figure_and_the_register() {
    let small = small_club();
    let mut asked = request("general");
    asked.scope.session_types = vec![SessionType::Detached];
    let report = build_for(&small.club, &asked);
    assert_eq!(report.measures.sessions, 1);
    assert_eq!(report.measures.unique_young_people, 1, "only Eve");
    assert_eq!(report.measures.anonymous_contacts, 7);
    assert_eq!(report.covers, "Session types: Detached / outreach");
    let mut bytes = Vec::new();
    let rows = write_register_csv(
        small.club.store.conn(),
        &asked,
        &crate::figures::default_age_bands(),
        small.club.today,
        &mut bytes,
    )
    .unwrap();
    assert_eq!(rows, 1);
}

#[test]
fn a_saved_return_is_kept_as_sent_and_says_what_changed() {
    let mut small = small_club();
    let today = small.club.today;
    let asked = request("children-in-need");
    let saved = small
        .club
        .store
        .write(|tx| save(tx, &asked, today))
        .unwrap();
    assert_eq!(saved.report.measures.unique_young_people, 4);

    // Producing the very same return again keeps one copy.
    let again = small
        .club
        .store
        .write(|tx| save(tx, &asked, today))
        .unwrap();
    assert_eq!(again.id, saved.id);
    assert_eq!(saved_list(small.club.store.conn()).unwrap().len(), 1);

    // Nothing has changed yet.
    let check = check_saved(small.club.store.conn(), saved.id).unwrap();
    assert!(!check.records_changed);
    assert!(check.differences.is_empty());

    // The database itself refuses to change a saved return.
    let err = small
        .club
        .store
        .conn()
        .execute(
            "UPDATE saved_returns SET note = 'edited' WHERE id = ?1",
            [saved.id],
        )
        .unwrap_err();
    assert!(err.to_string().contains("cannot be changed"), "{err}");

    // Eve moves within CV1: a record behind the return changed, but no figure did.
    small
        .club
        .store
        .conn()
        .execute(
            "UPDATE young_people SET postcode = 'CV1 9ZZ' WHERE id = ?1",
            [small.eve],
        )
        .unwrap();
    let check = check_saved(small.club.store.conn(), saved.id).unwrap();
    assert!(check.records_changed);
    assert!(check.differences.is_empty(), "{:?}", check.differences);

    // A late mark for Dan at 14 April: one more young person, new, and one more attendance.
    let dan: i64 = small
        .club
        .store
        .conn()
        .query_row(
            "SELECT id FROM young_people WHERE first_name = 'Dan'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let s2: i64 = small
        .club
        .store
        .conn()
        .query_row(
            "SELECT id FROM sessions WHERE date = '2026-04-14'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    small.club.mark(s2, dan);
    let check = check_saved(small.club.store.conn(), saved.id).unwrap();
    assert!(check.records_changed);
    let changed: Vec<(String, String, String)> = check
        .differences
        .iter()
        .map(|d| (d.figure.clone(), d.sent.clone(), d.now.clone()))
        .collect();
    for expected in [
        ("unique_young_people", "4", "5"),
        ("new_young_people", "3", "4"),
        ("attendances", "6", "7"),
        ("age_band/11-15", "1", "2"),
        ("gender/unknown", "0", "1"),
    ] {
        let expected = (
            expected.0.to_owned(),
            expected.1.to_owned(),
            expected.2.to_owned(),
        );
        assert!(changed.contains(&expected), "{expected:?} in {changed:?}");
    }
    let label = &check
        .differences
        .iter()
        .find(|d| d.figure == "unique_young_people")
        .unwrap()
        .label;
    assert_eq!(
        label, "Children and young people who took part",
        "the funder's words"
    );
    // Contact hours, districts and the months changed too, but this return never showed them.
    for d in &check.differences {
        assert!(
            !d.figure.starts_with("contact_hours")
                && !d.figure.starts_with("postcode_district")
                && !d.figure.starts_with("ethnicity")
                && !d.figure.starts_with("months/"),
            "{d:?} is not in the return"
        );
    }
    let age = check
        .differences
        .iter()
        .find(|d| d.figure == "age_band/11-15")
        .unwrap();
    assert_eq!(age.label, "Age: 11-15", "the section's own title");
    // The return as sent is unchanged.
    assert_eq!(check.saved.report, saved.report);
}

#[test]
fn a_check_in_or_progression_added_after_saving_changes_the_records_behind_the_return() {
    use crate::checkins::{CheckInInput, Mode, Wave};
    let mut small = small_club();
    let today = small.club.today;
    let saved = small
        .club
        .store
        .write(|tx| save(tx, &request("children-in-need"), today))
        .unwrap();
    assert!(
        !check_saved(small.club.store.conn(), saved.id)
            .unwrap()
            .records_changed
    );
    let declined = CheckInInput {
        young_person_id: small.amy,
        measure_code: "ons4".into(),
        measure_version: None,
        taken_on: date("2026-05-01"),
        wave: Wave::Baseline,
        mode: Mode::SelfReport,
        declined: true,
        answers: vec![],
        plan_id: None,
    };
    let actor = crate::access::Actor::club_manager();
    small
        .club
        .store
        .write(|tx| crate::checkins::record(tx, &actor, &declined, today))
        .unwrap();
    assert!(
        check_saved(small.club.store.conn(), saved.id)
            .unwrap()
            .records_changed
    );

    // Progression in the period too (on a return saved afresh).
    let mut small = small_club();
    let saved = small
        .club
        .store
        .write(|tx| save(tx, &request("children-in-need"), today))
        .unwrap();
    let step = crate::progression::EventInput {
        young_person_id: small.eve,
        kind: "arts-award".into(),
        happened_on: date("2026-06-01"),
        note: None,
    };
    small
        .club
        .store
        .write(|tx| crate::progression::add(tx, &actor, &step, today))
        .unwrap();
    assert!(
        check_saved(small.club.store.conn(), saved.id)
            .unwrap()
            .records_changed
    );
}

#[test]
fn the_fingerprint_ignores_what_no_figure_reads() {
    let small = small_club();
    let conn = small.club.store.conn();
    let period = Period::new(date(FROM), date(TO)).unwrap();
    let before = fingerprint(conn, period, &[], small.club.today).unwrap();
    conn.execute(
        "UPDATE young_people SET first_name = 'Amelia', school = 'Park School' WHERE id = ?1",
        [small.amy],
    )
    .unwrap();
    assert_eq!(
        fingerprint(conn, period, &[], small.club.today).unwrap(),
        before
    );
    conn.execute(
        "UPDATE young_people SET ethnicity = 'Irish' WHERE id = ?1",
        [small.amy],
    )
    .unwrap();
    assert_ne!(
        fingerprint(conn, period, &[], small.club.today).unwrap(),
        before
    );
}

/// A club with young people from thirty postcode districts, so the district table runs
/// over a page.
fn club_with_many_districts() -> Club {
    let mut club = Club::new();
    let session = club.session("2026-04-07", "18:00", "20:00", SessionType::OpenAccess);
    let may = club.session("2026-05-12", "18:00", "20:00", SessionType::OpenAccess);
    for n in 1..=30 {
        let person = club.young_person_with(&format!("Young{n}"), "Person", |p| {
            p.postcode = Some(format!("CV{n} 1AA"));
            p.date_of_birth = Some(date("2012-06-01"));
        });
        club.mark(session, person);
        if n % 3 == 0 {
            club.mark(may, person);
        }
    }
    club
}

#[test]
fn the_pdf_is_valid_its_text_reads_and_long_tables_repeat_their_headers() {
    let club = club_with_many_districts();
    let mut asked = request("general");
    asked.answers.insert(
        "notes".into(),
        "Thirty young people joined this term.".into(),
    );
    let report = build_for(&club, &asked);
    let produced_at = chrono::DateTime::parse_from_rfc3339("2026-07-02T09:00:00Z")
        .unwrap()
        .to_utc();
    let bytes =
        crate::print::funder_return::pdf(&report, None, date("2026-07-02"), produced_at).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("return.pdf");
    std::fs::write(&path, &bytes).unwrap();

    let text = crate::fixtures::checked_pdf_text(&path);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() >= 2, "{} pages", pages.len());
    let first = pages[0];
    for expected in [
        "TEST YOUTH CLUB",
        "General monitoring return",
        "1 April 2026 to 30 June 2026",
        "All of the club's work",
        "Produced",
        "2 July 2026",
        &format!("Page 1 of {}", pages.len()),
    ] {
        assert!(
            first.contains(expected),
            "page 1 should say {expected:?}:\n{first}"
        );
    }
    assert!(text.contains("Young people"), "{text}");
    assert!(
        text.contains("(continued)"),
        "a table broke across pages: {text}"
    );
    assert!(
        text.contains("Thirty young people joined this term."),
        "{text}"
    );
    // Each page's footer numbers it.
    for (n, page) in pages.iter().enumerate() {
        assert!(
            page.contains(&format!("Page {} of {}", n + 1, pages.len())),
            "page {}",
            n + 1
        );
    }
    // The headline 30 young people and 40 attendances are in the text.
    let headline = first.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(headline.contains("30"), "{headline}");
    assert!(headline.contains("40"), "{headline}");
}

/// A one-pixel PNG, enough to stand for a club's logo.
const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

#[test]
fn the_clubs_logo_is_kept_checked_and_printed() {
    let mut small = small_club();
    let refused = small
        .club
        .store
        .write(|tx| crate::organisation::set_logo(tx, Some(b"GIF89a not a logo")))
        .unwrap_err();
    assert!(
        refused.to_string().contains("not a PNG or JPEG"),
        "{refused}"
    );
    assert_eq!(
        crate::organisation::logo(small.club.store.conn()).unwrap(),
        None,
        "nothing half-saved"
    );
    small
        .club
        .store
        .write(|tx| crate::organisation::set_logo(tx, Some(TINY_PNG)))
        .unwrap();
    let logo = crate::organisation::logo(small.club.store.conn()).unwrap();
    assert_eq!(logo.as_deref(), Some(TINY_PNG));

    let report = build_for(&small.club, &request("general"));
    let at = chrono::DateTime::parse_from_rfc3339("2026-07-02T09:00:00Z")
        .unwrap()
        .to_utc();
    let with_logo =
        crate::print::funder_return::pdf(&report, logo.as_deref(), date("2026-07-02"), at).unwrap();
    let without = crate::print::funder_return::pdf(&report, None, date("2026-07-02"), at).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let images = |bytes: &[u8], name: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let check = crate::fixtures::pdf_tool("qpdf")
            .arg("--check")
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stdout)
        );
        // `pdfimages -list`: two header lines, then a line per image (type `image`) and per
        // transparency mask (type `smask`).
        let list = crate::fixtures::pdf_tool("pdfimages")
            .arg("-list")
            .arg(&path)
            .output()
            .unwrap();
        String::from_utf8_lossy(&list.stdout)
            .lines()
            .skip(2)
            .filter(|line| line.split_whitespace().nth(2) == Some("image"))
            .count()
    };
    assert_eq!(
        images(&with_logo, "logo.pdf"),
        1,
        "the logo, once, on the first page"
    );
    assert_eq!(images(&without, "plain.pdf"), 0);

    small
        .club
        .store
        .write(|tx| crate::organisation::set_logo(tx, None))
        .unwrap();
    assert_eq!(
        crate::organisation::logo(small.club.store.conn()).unwrap(),
        None
    );
}

/// The return as a PDF's text, read by pdftotext.
fn pdf_text_of(report: &Return) -> String {
    let at = chrono::DateTime::parse_from_rfc3339("2026-07-02T09:00:00Z")
        .unwrap()
        .to_utc();
    let bytes = crate::print::funder_return::pdf(report, None, date("2026-07-02"), at).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("return.pdf");
    std::fs::write(&path, &bytes).unwrap();
    crate::fixtures::checked_pdf_text(&path)
}

#[test]
fn the_pdf_says_rows_add_up_to_more_than_the_total_only_when_they_do() {
    const NOTE: &str = "the rows add up to more than the total";
    let small = small_club();
    // Session types: open access 3 (Amy, Ben, Cara) and detached 1 (Eve): exactly the 4.
    let dcms = build_for(&small.club, &request("dcms-yif"));
    let text = pdf_text_of(&dcms);
    assert!(text.contains("Detached"), "{text}");
    assert!(!text.contains(NOTE), "{text}");
    // Circumstances: Amy faces two, so the rows add up to 5 for 4 young people.
    let cin = build_for(&small.club, &request("children-in-need"));
    let text = pdf_text_of(&cin);
    assert_eq!(text.matches(NOTE).count(), 1, "{text}");
}

#[test]
fn answers_and_references_a_spreadsheet_would_run_are_neutralised_in_the_csvs() {
    let small = small_club();
    let mut asked = request("children-in-need");
    asked.differences = vec![
        difference("confidence", "=HYPERLINK(\"http://x\")"),
        difference("resilience", "-3 fewer exclusions"),
        difference("communication", "@once"),
    ];
    let csv = build_for(&small.club, &asked).csv_text().unwrap();
    assert!(
        csv.contains(",\"'=HYPERLINK(\"\"http://x\"\")\"\n"),
        "{csv}"
    );
    assert!(csv.contains(",'-3 fewer exclusions\n"), "{csv}");
    assert!(csv.contains(",'@once\n"), "{csv}");
    // Numbers the return writes itself are numbers, never text.
    assert!(
        csv.contains(",unique_young_people,,Children and young people who took part,4\n"),
        "{csv}"
    );

    // A reference someone typed as a formula, in the de-identified register.
    small
        .club
        .store
        .conn()
        .execute(
            "UPDATE young_people SET ref = '-YP1' WHERE id = ?1",
            [small.eve],
        )
        .unwrap();
    let mut bytes = Vec::new();
    write_register_csv(
        small.club.store.conn(),
        &request("general"),
        &crate::figures::default_age_bands(),
        small.club.today,
        &mut bytes,
    )
    .unwrap();
    let register = String::from_utf8(bytes).unwrap();
    assert!(register.contains("\n'-YP1,"), "{register}");
    assert!(!register.contains("\n-YP1"), "{register}");
}

// ---- outcomes in a return ----

/// docs/counting-rules.md's "Outcomes" worked example (ONS4 check-ins for Amy, Ben, Cara and
/// Eve on a Tuesday series), with progression (Amy: Arts Award on 1 May and Duke of
/// Edinburgh's on 10 June; Ben: into training on 1 June; Dan: volunteering on 1 March, before
/// the period) and two stories about Amy (anonymous and clean, for the team, evidencing
/// resilience; and a named one). Returns the club and the two stories' ids.
fn outcomes_club() -> (Club, i64, i64) {
    use crate::checkins::{Answer, CheckInInput, Mode, PlanInput, Wave, Who};
    use crate::stories::{self, ConsentGiver, StoryAudience, StoryConsent, StoryInput, StoryKind};
    let mut club = Club::new();
    let series = club.series("Tuesday club", 2, "2026-04-07", Some("2026-06-30"));
    let plan = PlanInput {
        project_id: None,
        series_id: Some(series),
        measures: vec!["ons4".into()],
        baseline_within: 2,
        review_weeks: Some(6),
        min_gap_weeks: 6,
        who: Who::Everyone,
    };
    let plan = club
        .store
        .write(|tx| crate::checkins::add_plan(tx, &plan))
        .unwrap()
        .id;
    let amy = club.young_person("Amy", "Adams", Some("2010-01-01"));
    let ben = club.young_person("Ben", "Brown", Some("2013-01-01"));
    let cara = club.young_person("Cara", "Cole", Some("2012-01-01"));
    let dan = club.young_person("Dan", "Dee", Some("2012-01-01"));
    let eve = club.young_person("Eve", "Evans", Some("2012-01-01"));
    for on in ["2026-04-07", "2026-04-14"] {
        let session: i64 = club
            .store
            .conn()
            .query_row(
                "SELECT id FROM sessions WHERE series_id = ?1 AND date = ?2",
                params![series, on],
                |r| r.get(0),
            )
            .unwrap();
        for who in [amy, ben, cara, dan, eve] {
            club.mark(session, who);
        }
    }
    let today = club.today;
    let manager = crate::access::Actor::club_manager();
    let items = [
        "life-satisfaction",
        "worthwhile",
        "happy-yesterday",
        "anxious-yesterday",
    ];
    let taken = [
        (
            amy,
            "2026-04-07",
            Wave::Baseline,
            [Some(5), Some(6), Some(5), Some(7)],
        ),
        (
            amy,
            "2026-06-02",
            Wave::Review,
            [Some(7), Some(6), Some(4), Some(4)],
        ),
        (
            ben,
            "2026-04-07",
            Wave::Baseline,
            [Some(4), Some(5), Some(6), None],
        ),
        (
            ben,
            "2026-05-26",
            Wave::Review,
            [Some(4), None, Some(8), None],
        ),
        (
            eve,
            "2026-04-14",
            Wave::Baseline,
            [Some(6), Some(6), Some(6), None],
        ),
        (
            eve,
            "2026-05-05",
            Wave::Review,
            [Some(7), Some(7), Some(7), None],
        ),
        (cara, "2026-04-14", Wave::Baseline, [None; 4]),
    ];
    for (who, on, wave, values) in taken {
        let input = CheckInInput {
            young_person_id: who,
            measure_code: "ons4".into(),
            measure_version: None,
            taken_on: date(on),
            wave,
            mode: Mode::SelfReport,
            declined: who == cara,
            answers: if who == cara {
                vec![]
            } else {
                items
                    .iter()
                    .zip(values)
                    .map(|(id, value)| Answer {
                        question_id: (*id).into(),
                        value,
                    })
                    .collect()
            },
            plan_id: Some(plan),
        };
        club.store
            .write(|tx| crate::checkins::record(tx, &manager, &input, today))
            .unwrap();
    }
    for (who, kind, on) in [
        (amy, "arts-award", "2026-05-01"),
        (amy, "duke-of-edinburgh", "2026-06-10"),
        (ben, "into-training", "2026-06-01"),
        (dan, "volunteering", "2026-03-01"),
    ] {
        let step = crate::progression::EventInput {
            young_person_id: who,
            kind: kind.into(),
            happened_on: date(on),
            note: None,
        };
        club.store
            .write(|tx| crate::progression::add(tx, &manager, &step, today))
            .unwrap();
    }
    let story = |consent, body: &str| StoryInput {
        young_person_id: amy,
        kind: StoryKind::CaseStudy,
        title: "Staying calm".into(),
        body: body.into(),
        consent,
        consent_given_by: ConsentGiver::YoungPerson,
        told_on: date("2026-06-02"),
        audience: StoryAudience::Team,
        outcomes: vec![crate::outcomes::OutcomeTag {
            framework: "toc".into(),
            code: "resilience".into(),
        }],
    };
    let clean = story(
        StoryConsent::Anonymous,
        "When she joined she left whenever the hall got loud. By June she stayed all evening.",
    );
    let named = story(StoryConsent::Named, "Amy stayed all evening.");
    let clean = club
        .store
        .write(|tx| stories::add(tx, &manager, &clean, today))
        .unwrap()
        .id;
    let named = club
        .store
        .write(|tx| stories::add(tx, &manager, &named, today))
        .unwrap()
        .id;
    (club, clean, named)
}

fn rows_of<'a>(report: &'a Return, prefix: &str) -> Vec<(&'a str, u64)> {
    report
        .parts
        .iter()
        .flat_map(|p| match p {
            Part::Measures { rows, .. } => rows.as_slice(),
            _ => &[],
        })
        .filter(|r| r.measure.starts_with(prefix))
        .map(|r| (&r.measure[prefix.len()..], r.value.unwrap() as u64))
        .collect()
}

#[test]
fn a_children_in_need_return_fills_three_differences_with_their_evidence() {
    let (club, clean, _) = outcomes_club();
    let mut asked = request("children-in-need");
    asked.differences = vec![
        DifferenceChoice {
            story_id: Some(clean),
            ..difference("resilience", "Young people cope better with a busy room.")
        },
        difference("confidence", "More speak up at the youth forum."),
        difference("aspiration", "Two took a next step."),
    ];
    let report = build_for(&club, &asked);
    // Resilience is evidenced by ONS4: the worked example's figures, item by item.
    assert_eq!(
        rows_of(&report, "difference-1/change/ons4@1/"),
        [
            ("life-satisfaction/paired", 2),
            ("life-satisfaction/improved", 1),
            ("life-satisfaction/no_change", 1),
            ("life-satisfaction/worse", 0),
            ("worthwhile/paired", 1),
            ("worthwhile/improved", 0),
            ("worthwhile/no_change", 1),
            ("worthwhile/worse", 0),
            ("happy-yesterday/paired", 2),
            ("happy-yesterday/improved", 1),
            ("happy-yesterday/no_change", 0),
            ("happy-yesterday/worse", 1),
            ("anxious-yesterday/paired", 1),
            ("anxious-yesterday/improved", 1),
            ("anxious-yesterday/no_change", 0),
            ("anxious-yesterday/worse", 0),
        ]
    );
    // Progression in the period: Amy (two awards) and Ben (into training); Dan's was in March.
    assert_eq!(
        rows_of(&report, "difference-1/progression/"),
        [
            ("all", 2),
            ("award", 1),
            ("education-training-work", 1),
            ("referral", 0),
            ("volunteering", 0),
            ("youth-voice", 0),
            ("other", 0),
        ]
    );
    // Confidence: no measure evidences it, so no change figures and words that say so.
    assert_eq!(rows_of(&report, "difference-2/change/"), []);
    let texts: Vec<(&str, &str)> = report
        .parts
        .iter()
        .filter_map(|p| match p {
            Part::Text { title, body } => Some((title.as_str(), body.as_str())),
            _ => None,
        })
        .collect();
    assert!(texts.contains(&(
        "Case study: Staying calm",
        "When she joined she left whenever the hall got loud. By June she stayed all evening."
    )));
    assert!(
        texts
            .iter()
            .any(|(_, body)| body.starts_with("No measure the club uses evidences this yet"))
    );
    assert!(texts.iter().any(
        |(_, body)| body.contains("2 young people who could be asked twice")
            && body.contains("Office for National Statistics")
    ));
    let questions: Vec<(&str, &str)> = report
        .parts
        .iter()
        .filter_map(|p| match p {
            Part::Question { id, title, .. } => Some((id.as_str(), title.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        questions,
        [
            ("difference-1", "Difference 1: Resilience"),
            ("difference-2", "Difference 2: Confidence"),
            ("difference-3", "Difference 3: Aspiration"),
        ]
    );
    // The same in the CSV and the PDF.
    let csv = report.csv_text().unwrap();
    assert!(
        csv.contains(",difference-1/change/ons4@1/life-satisfaction/improved,,\"Overall, how satisfied are you with your life nowadays? (ONS personal well-being (ONS4)): improved\",1\n"),
        "{csv}"
    );
    assert!(
        csv.contains(",difference-1/progression/all,,Young people with a step of progression,2\n"),
        "{csv}"
    );
    let text = pdf_text_of(&report);
    for words in [
        "Difference 1: Resilience",
        "Young people cope better with a busy room.",
        "Case study: Staying calm",
        "By June she stayed all evening.",
        "Difference 3: Aspiration",
        "Office for National Statistics",
    ] {
        assert!(text.contains(words), "{words} in {text}");
    }
}

#[test]
fn the_differences_are_checked_before_a_return_is_made() {
    let (club, clean, named) = outcomes_club();
    let attempt = |choices: Vec<DifferenceChoice>| {
        let mut asked = request("children-in-need");
        asked.differences = choices;
        build(club.store.conn(), &asked, club.today)
    };
    let four = ["confidence", "resilience", "empathy", "aspiration"]
        .map(|o| difference(o, ""))
        .to_vec();
    assert!(attempt(four).unwrap_err().to_string().contains("at most 3"));
    let twice = vec![difference("confidence", ""), difference("confidence", "")];
    assert!(attempt(twice).is_err());
    assert!(attempt(vec![difference("no-such-outcome", "")]).is_err());
    let with_named = DifferenceChoice {
        story_id: Some(named),
        ..difference("resilience", "")
    };
    let refused = attempt(vec![with_named]).unwrap_err();
    assert!(
        refused.to_string().contains("only anonymous stories"),
        "{refused}"
    );
    let with_clean = DifferenceChoice {
        story_id: Some(clean),
        ..difference("resilience", "")
    };
    assert!(attempt(vec![with_clean.clone()]).is_ok());
    // A template without a differences part takes none.
    let mut general = request("general");
    general.differences = vec![with_clean];
    assert!(build(club.store.conn(), &general, club.today).is_err());
}

#[test]
fn a_saved_return_with_differences_says_when_its_evidence_changed() {
    use crate::checkins::{CheckInInput, Mode, Wave};
    let (mut club, clean, _) = outcomes_club();
    let today = club.today;
    let mut asked = request("children-in-need");
    asked.differences = vec![DifferenceChoice {
        story_id: Some(clean),
        ..difference("resilience", "Calmer.")
    }];
    let saved = club.store.write(|tx| save(tx, &asked, today)).unwrap();
    let check = check_saved(club.store.conn(), saved.id).unwrap();
    assert!(!check.records_changed && check.differences.is_empty());
    // Dan's late baseline and review: one more pair on life satisfaction, improved.
    let dan: i64 = club
        .store
        .conn()
        .query_row(
            "SELECT id FROM young_people WHERE first_name = 'Dan'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    for (on, wave, value) in [
        ("2026-04-07", Wave::Baseline, 3),
        ("2026-06-16", Wave::Review, 6),
    ] {
        let input = CheckInInput {
            young_person_id: dan,
            measure_code: "ons4".into(),
            measure_version: None,
            taken_on: date(on),
            wave,
            mode: Mode::SelfReport,
            declined: false,
            answers: vec![crate::checkins::Answer {
                question_id: "life-satisfaction".into(),
                value: Some(value),
            }],
            plan_id: None,
        };
        club.store
            .write(|tx| {
                crate::checkins::record(tx, &crate::access::Actor::club_manager(), &input, today)
            })
            .unwrap();
    }
    let check = check_saved(club.store.conn(), saved.id).unwrap();
    assert!(check.records_changed);
    let changed: Vec<(&str, &str, &str)> = check
        .differences
        .iter()
        .map(|d| (d.figure.as_str(), d.sent.as_str(), d.now.as_str()))
        .collect();
    assert!(
        changed.contains(&(
            "difference-1/change/ons4@1/life-satisfaction/improved",
            "1",
            "2"
        )),
        "{changed:?}"
    );
    assert_eq!(check.saved.report.differences, asked.differences);
}

#[test]
fn a_saved_return_notices_when_its_case_study_is_edited_or_removed() {
    use crate::stories::{self, StoryInput};
    let (mut club, clean, _) = outcomes_club();
    let today = club.today;
    let manager = crate::access::Actor::club_manager();
    let mut asked = request("children-in-need");
    asked.differences = vec![DifferenceChoice {
        story_id: Some(clean),
        ..difference("resilience", "Calmer.")
    }];
    let saved = club.store.write(|tx| save(tx, &asked, today)).unwrap();
    let changed = |club: &Club| {
        check_saved(club.store.conn(), saved.id)
            .unwrap()
            .records_changed
    };
    assert!(!changed(&club));

    // Its words edited after the return was sent: not what was sent any more.
    let mut edited = stories::get(club.store.conn(), &manager, clean).unwrap();
    edited.body = "By June she stayed all evening and ran the tuck shop.".into();
    let input = StoryInput {
        young_person_id: edited.young_person_id.unwrap(),
        kind: edited.kind,
        title: edited.title.clone(),
        body: edited.body.clone(),
        consent: edited.consent,
        consent_given_by: edited.consent_given_by,
        told_on: edited.told_on,
        audience: edited.audience,
        outcomes: edited.outcomes.clone(),
    };
    club.store
        .write(|tx| stories::update(tx, &manager, clean, &input, today))
        .unwrap();
    assert!(changed(&club), "an edited case study is a change");

    // Saved again as it is now, then the story removed.
    let saved = club.store.write(|tx| save(tx, &asked, today)).unwrap();
    assert!(
        !check_saved(club.store.conn(), saved.id)
            .unwrap()
            .records_changed
    );
    club.store
        .write(|tx| stories::remove(tx, &manager, clean))
        .unwrap();
    assert!(
        check_saved(club.store.conn(), saved.id)
            .unwrap()
            .records_changed,
        "a removed case study is a change"
    );
}

/// Two projects, Arts and Sport, worked out by hand (today is 2030, so every cohort is due):
///
/// | who | Arts sessions | Sport sessions | step of progression |
/// |---|---|---|---|
/// | Amy | 7 Apr, 14 Jul | | Arts Award 1 May |
/// | Ben | | 7 Apr, 14 Jul | into training 1 Jun |
/// | Cara | 5 May | 11 Aug | volunteering 10 Jun |
/// | Dan | | 14 Apr | Arts Award 20 Jun |
///
/// For April to June, narrowed to Arts: its young people are Amy and Cara. Cohort at 3
/// months 2 (Amy, Cara), retained 1 (Amy came to Arts on 14 Jul; Cara's 11 Aug was Sport);
/// at 6 months 2 and 0; weeks engaged 1 + 1 = 2. Progression: all 2 (Amy, Cara), awards 1
/// (Amy; Dan's is Sport's), volunteering 1, into education, training or work 0. The whole
/// club: cohort 4, retained 3 at 3 months; progression all 4, awards 2.
#[test]
fn a_return_for_one_project_counts_only_its_young_peoples_engagement_and_progression() {
    use crate::sessions::SessionInput;
    let mut club = Club::new();
    let today = club.today;
    let (arts, sport) = club
        .store
        .write(|tx| {
            Ok((
                crate::projects::add(tx, "Arts", None)?.id,
                crate::projects::add(tx, "Sport", None)?.id,
            ))
        })
        .unwrap();
    let [amy, ben, cara, dan] =
        ["Amy", "Ben", "Cara", "Dan"].map(|name| club.young_person(name, "Test", None));
    let mut at = |project: i64, on: &str, who: i64| {
        let mut input = SessionInput::one_off(
            &format!("Session {on} {project}"),
            date(on),
            (
                crate::dates::ClockTime::parse("18:00").unwrap(),
                crate::dates::ClockTime::parse("20:00").unwrap(),
            ),
            None,
            SessionType::OpenAccess,
        );
        input.project_id = Some(project);
        let session = club
            .store
            .write(|tx| crate::sessions::add_session(tx, &input))
            .unwrap()
            .id;
        club.mark(session, who);
    };
    at(arts, "2026-04-07", amy);
    at(arts, "2026-07-14", amy);
    at(sport, "2026-04-07", ben);
    at(sport, "2026-07-14", ben);
    at(arts, "2026-05-05", cara);
    at(sport, "2026-08-11", cara);
    at(sport, "2026-04-14", dan);
    for (who, kind, on) in [
        (amy, "arts-award", "2026-05-01"),
        (ben, "into-training", "2026-06-01"),
        (cara, "volunteering", "2026-06-10"),
        (dan, "arts-award", "2026-06-20"),
    ] {
        let step = crate::progression::EventInput {
            young_person_id: who,
            kind: kind.into(),
            happened_on: date(on),
            note: None,
        };
        club.store
            .write(|tx| {
                crate::progression::add(tx, &crate::access::Actor::club_manager(), &step, today)
            })
            .unwrap();
    }
    let mut asked = request("dcms-yif");
    asked.period = Period::new(date("2026-04-01"), date("2026-06-30")).unwrap();
    let whole = build(club.store.conn(), &asked, today).unwrap();
    asked.scope.project_id = Some(arts);
    let narrowed = build(club.store.conn(), &asked, today).unwrap();

    assert_eq!(
        rows_of(&narrowed, "engagement/"),
        [
            ("cohort_3_months", 2),
            ("retained_3_months", 1),
            ("cohort_6_months", 2),
            ("retained_6_months", 0),
            ("weeks_engaged", 2),
        ]
    );
    assert_eq!(
        rows_of(&narrowed, "progression/"),
        [
            ("all", 2),
            ("award", 1),
            ("education-training-work", 0),
            ("referral", 0),
            ("volunteering", 1),
            ("youth-voice", 0),
            ("other", 0),
        ]
    );
    // The whole club, for comparison: everyone counts.
    assert_eq!(
        &rows_of(&whole, "engagement/")[..2],
        [("cohort_3_months", 4), ("retained_3_months", 3)]
    );
    assert_eq!(
        &rows_of(&whole, "progression/")[..2],
        [("all", 4), ("award", 2)]
    );
}
