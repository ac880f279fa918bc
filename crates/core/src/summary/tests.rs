use std::collections::BTreeSet;

use chrono::TimeZone;

use super::*;
use crate::demo::DemoOptions;
use crate::fixtures::{Club, date};
use crate::organisation::{self, Organisation};
use crate::store::Store;
use crate::vocab::{AgeBand, Ethnicity, Gender, SessionType, StaffRole};

const FROM: &str = "2026-04-01";
const TO: &str = "2026-06-30";

fn quarter() -> Period {
    Period::new(date(FROM), date(TO)).unwrap()
}

fn produced_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 7, 2, 9, 15, 0).unwrap()
}

fn set_up(club: &mut Club, name: &str, code: Option<&str>) {
    let mut details = Organisation::new(name);
    details.lyp_member_code = code.map(str::to_owned);
    club.store
        .write(|tx| organisation::save(tx, &details))
        .unwrap();
}

/// Twelve young people at St Mary's, counted by hand for April to June 2026:
///
/// | | gender | ethnic group | disability | district | born (age on 5 May) |
/// |---|---|---|---|---|---|
/// | 1-5 | female | white | no | CV1 | 2013 (13) |
/// | 6 | female | asian | no | CV1 | 2013 (13) |
/// | 7 | female | asian | no | CV10 | 2011 (15) |
/// | 8, 9 | male | asian | no | CV10 | 2011 (15) |
/// | 10 | male | asian | yes | CV10 | 2011 (15) |
/// | 11 | non-binary | not recorded | yes | CV10 | 2011 (15) |
/// | 12 | non-binary | not recorded | yes | CV2 | 2011 (15) |
///
/// 1 to 9 came once in March, before the period. All twelve came to open access on 5 May
/// (18:00-20:00); 10 and 11 also came to detached work on 12 May (19:00-21:30), where 3 more
/// were counted but not named.
fn st_marys() -> Club {
    let mut club = Club::new();
    set_up(&mut club, "St Mary's Youth Club", Some("COV-0042"));
    let before = club.session("2026-03-10", "18:00", "20:00", SessionType::OpenAccess);
    let open = club.session("2026-05-05", "18:00", "20:00", SessionType::OpenAccess);
    let detached = club.session("2026-05-12", "19:00", "21:30", SessionType::Detached);
    use Ethnicity::{British, Indian};
    use Gender::{Female, Male, NonBinary};
    let people = [
        (
            Female,
            Some(British),
            Disability::No,
            "CV1 1AA",
            "2013-01-01",
        ),
        (
            Female,
            Some(British),
            Disability::No,
            "CV1 1AB",
            "2013-01-01",
        ),
        (
            Female,
            Some(British),
            Disability::No,
            "CV1 1AD",
            "2013-01-01",
        ),
        (
            Female,
            Some(British),
            Disability::No,
            "CV1 1AE",
            "2013-01-01",
        ),
        (
            Female,
            Some(British),
            Disability::No,
            "CV1 1AF",
            "2013-01-01",
        ),
        (
            Female,
            Some(Indian),
            Disability::No,
            "CV1 1AG",
            "2013-01-01",
        ),
        (
            Female,
            Some(Indian),
            Disability::No,
            "CV10 1AA",
            "2011-01-01",
        ),
        (Male, Some(Indian), Disability::No, "CV10 1AB", "2011-01-01"),
        (Male, Some(Indian), Disability::No, "CV10 1AD", "2011-01-01"),
        (
            Male,
            Some(Indian),
            Disability::Yes,
            "CV10 1AE",
            "2011-01-01",
        ),
        (NonBinary, None, Disability::Yes, "CV10 1AF", "2011-01-01"),
        (NonBinary, None, Disability::Yes, "CV2 1AA", "2011-01-01"),
    ];
    for (i, (gender, ethnicity, disability, postcode, born)) in people.into_iter().enumerate() {
        let number = i + 1;
        let id = club.young_person_with(&format!("Young{number}"), "Person", |p| {
            p.gender = gender;
            p.ethnicity = ethnicity;
            p.disability = disability;
            p.postcode = Some(postcode.into());
            p.date_of_birth = Some(date(born));
        });
        if number <= 9 {
            club.mark(before, id);
        }
        club.mark(open, id);
        if number == 10 || number == 11 {
            club.mark(detached, id);
        }
    }
    club.headcount(detached, Gender::Male, AgeBand::From14To16, 3);
    club
}

fn csv_text(club: &Club) -> String {
    let summary = build(club.store.conn(), quarter(), club.today).unwrap();
    String::from_utf8(summary.csv_bytes().unwrap()).unwrap()
}

#[test]
fn every_measure_and_breakdown_with_small_counts_withheld() {
    let club = st_marys();
    let lead = "lyp-summary/2,COV-0042,St Mary's Youth Club,2026-04-01,2026-06-30";
    let expected = [
        // sessions: 5 May and 12 May (10 March is before the period).
        "sessions,all,all,2,false",
        // 2 h + 2.5 h; young people came to both, so both are youth work.
        "delivery_hours,all,all,4.5,false",
        "youth_work_hours,all,all,4.5,false",
        // 12 on 5 May + 2 on 12 May.
        "attendances,all,all,14,false",
        "unique_young_people,all,all,12,false",
        // 10, 11 and 12 never came before: 3 people, withheld.
        "new_young_people,all,all,,true",
        // 12 x 2 h + 2 x 2.5 h.
        "contact_hours,all,all,29,false",
        // A headcount counts contacts, not people: 3 is shown.
        "anonymous_contacts,all,all,3,false",
        // Nobody staffed: zeros are shown; a share of nobody is empty but not withheld.
        "volunteers,all,all,0,false",
        "staff,all,all,0,false",
        "volunteer_hours,all,all,0,false",
        "staff_hours,all,all,0,false",
        "volunteer_value_gbp,all,all,0.00,false",
        "training_compliance,all,all,,false",
        // 1-6 are 13 on 5 May, 7-12 are 15. Every band is listed, zeros shown.
        "unique_young_people,age_band,under 8,0,false",
        "unique_young_people,age_band,8-10,0,false",
        "unique_young_people,age_band,11-13,6,false",
        "unique_young_people,age_band,14-16,6,false",
        "unique_young_people,age_band,17-19,0,false",
        "unique_young_people,age_band,20-25,0,false",
        "unique_young_people,age_band,over 25,0,false",
        "unique_young_people,age_band,unknown,0,false",
        // male 3 and non-binary 2 are withheld: two withheld cells, nothing more to hide.
        "unique_young_people,gender,female,7,false",
        "unique_young_people,gender,male,,true",
        "unique_young_people,gender,non-binary,,true",
        "unique_young_people,gender,other,0,false",
        "unique_young_people,gender,prefer not to say,0,false",
        "unique_young_people,gender,unknown,0,false",
        // unknown 2 is withheld alone, so the smallest other non-zero cell goes too: asian
        // and white are both 5, and asian is listed first.
        "unique_young_people,ethnicity_group,asian,,true",
        "unique_young_people,ethnicity_group,black,0,false",
        "unique_young_people,ethnicity_group,mixed,0,false",
        "unique_young_people,ethnicity_group,white,5,false",
        "unique_young_people,ethnicity_group,other,0,false",
        "unique_young_people,ethnicity_group,prefer not to say,0,false",
        "unique_young_people,ethnicity_group,unknown,,true",
        // yes 3 is withheld alone; no (9) is the only other non-zero cell, so it goes too.
        "unique_young_people,disability,yes,,true",
        "unique_young_people,disability,no,,true",
        "unique_young_people,disability,prefer not to say,0,false",
        "unique_young_people,disability,unknown,0,false",
        // CV2 1 is withheld alone; CV10 (5) is smaller than CV1 (6). Districts in postcode
        // order, not text order.
        "unique_young_people,postcode_district,CV1,6,false",
        "unique_young_people,postcode_district,CV2,,true",
        "unique_young_people,postcode_district,CV10,,true",
        "unique_young_people,postcode_district,unknown,0,false",
        // detached 2 is withheld alone; open access (12) goes too.
        "unique_young_people,session_type,open-access,,true",
        "unique_young_people,session_type,targeted,0,false",
        "unique_young_people,session_type,one-to-one,0,false",
        "unique_young_people,session_type,detached,,true",
        "unique_young_people,session_type,trip,0,false",
        "unique_young_people,session_type,online,0,false",
    ];
    let mut want = format!("{}\n", COLUMNS.join(","));
    for row in expected {
        // The club's name has an apostrophe but no comma or quote: no quoting needed.
        want.push_str(&format!("{lead},{row}\n"));
    }
    assert_eq!(csv_text(&club), want);
}

#[test]
fn a_count_of_one_to_four_is_withheld_and_zero_is_shown() {
    assert_eq!(
        withheld_cells(&[0, 1, 4, 5, 9]),
        [false, true, true, false, false]
    );
    assert_eq!(withheld_cells(&[0, 0, 0]), [false, false, false]);
    assert_eq!(withheld_cells(&[5, 6, 100]), [false, false, false]);
}

#[test]
fn a_single_withheld_cell_takes_the_next_smallest_non_zero_cell_with_it() {
    // 3 alone could be worked out from the total; 6 is the smallest other count (0 is shown).
    assert_eq!(
        withheld_cells(&[9, 0, 3, 6, 7]),
        [false, false, true, true, false]
    );
    // Ties go to the cell listed first, whatever the order of the calls.
    assert_eq!(withheld_cells(&[8, 5, 2, 5]), [false, true, true, false]);
    assert_eq!(withheld_cells(&[5, 5, 1]), [true, false, true]);
    // Two withheld cells already hide each other.
    assert_eq!(withheld_cells(&[2, 3, 10]), [true, true, false]);
    // With nothing else above zero there is nothing to withhold beside it.
    assert_eq!(withheld_cells(&[0, 4, 0]), [false, true, false]);
}

#[test]
fn a_tiny_club_withholds_its_headline_counts_of_people() {
    // Three girls at one session, run by one volunteer: every count of people is 1 to 4.
    let mut club = Club::new();
    set_up(&mut club, "Tiny Club", Some("DYA-7"));
    let session = club.session("2026-04-14", "18:00", "20:00", SessionType::OpenAccess);
    for name in ["Ann", "Bo", "Cy"] {
        let id = club.young_person_with(name, "Small", |p| p.gender = Gender::Female);
        club.mark(session, id);
    }
    let volunteer = club.adult("Val Helper", false, StaffRole::Volunteer);
    club.staff(session, volunteer, StaffRole::Volunteer);
    let summary = build(club.store.conn(), quarter(), club.today).unwrap();
    let cell = |measure: &str, dimension: &str, category: &str| {
        summary
            .rows
            .iter()
            .find(|r| r.measure == measure && r.dimension == dimension && r.category == category)
            .unwrap_or_else(|| panic!("no row {measure}/{dimension}/{category}"))
            .clone()
    };
    for measure in ["unique_young_people", "new_young_people", "volunteers"] {
        let row = cell(measure, ALL, ALL);
        assert!(row.suppressed && row.value.is_none(), "{row:?}");
    }
    // Attendances are not a count of people; no paid staff is a zero, shown, and so are the
    // hours of no staff.
    assert_eq!(cell("attendances", ALL, ALL).value, Some(3.0));
    assert_eq!(cell("staff", ALL, ALL).value, Some(0.0));
    assert_eq!(cell("staff_hours", ALL, ALL).value, Some(0.0));
    // The one volunteer's hours, their value and the share of them who hold their training
    // (none: it would be 0) would each tell what the withheld count hides: withheld too.
    for measure in [
        "volunteer_hours",
        "volunteer_value_gbp",
        "training_compliance",
    ] {
        let row = cell(measure, ALL, ALL);
        assert!(row.suppressed && row.value.is_none(), "{row:?}");
    }
    // female 3 is withheld; every other gender is 0, so nothing more can be withheld.
    assert!(cell("unique_young_people", "gender", "female").suppressed);
    assert_eq!(
        cell("unique_young_people", "gender", "male").value,
        Some(0.0)
    );
    // Age and district not recorded: unknown, withheld.
    let unknown = cell("unique_young_people", "age_band", "unknown");
    assert!(unknown.suppressed && unknown.value.is_none());
    assert!(cell("unique_young_people", "postcode_district", "unknown").suppressed);
    // Every withheld row has an empty value; every count of people shown is 0 or 5 and over.
    for row in &summary.rows {
        assert_eq!(row.suppressed, row.value.is_none(), "{row:?}");
    }
}

#[test]
fn hours_and_pounds_from_withheld_counts_of_adults_are_withheld() {
    // One volunteer and one member of staff, two hours each: "volunteer hours 2" would say
    // what "volunteers: withheld" hides.
    let mut club = Club::new();
    set_up(&mut club, "Tiny Club", Some("DYA-7"));
    let session = club.session("2026-04-14", "18:00", "20:00", SessionType::OpenAccess);
    let volunteer = club.adult("Val Helper", false, StaffRole::Volunteer);
    let worker = club.adult("Sam Paid", true, StaffRole::Lead);
    club.staff(session, volunteer, StaffRole::Volunteer);
    club.staff(session, worker, StaffRole::Lead);
    let summary = build(club.store.conn(), quarter(), club.today).unwrap();
    let withheld: Vec<&str> = summary
        .rows
        .iter()
        .filter(|r| r.dimension == ALL && r.suppressed)
        .map(|r| r.measure.as_str())
        .collect();
    for measure in [
        "volunteers",
        "staff",
        "volunteer_hours",
        "staff_hours",
        "volunteer_value_gbp",
        "training_compliance",
    ] {
        assert!(withheld.contains(&measure), "{measure} shown: {withheld:?}");
    }
    let hours = summary
        .rows
        .iter()
        .find(|r| r.measure == "delivery_hours")
        .unwrap();
    assert_eq!(
        hours.value,
        Some(2.0),
        "the session's own hours are no count of people"
    );
}

#[test]
fn no_member_code_is_a_message_for_a_youth_worker() {
    let mut club = Club::new();
    set_up(&mut club, "St Mary's Youth Club", None);
    let err = build(club.store.conn(), quarter(), club.today).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Set your partnership member code on the Club page first."
    );
    assert_eq!(err.kind(), crate::ErrorKind::Invalid);
}

#[test]
fn a_member_code_that_would_not_make_a_file_name_is_refused() {
    assert!(member_code(Some("COV-0042")).is_ok());
    let err = member_code(Some("../../etc")).unwrap_err();
    assert!(
        err.to_string().contains("correct it on the Club page"),
        "{err}"
    );
}

#[test]
fn file_names_are_keyed_by_member_period_and_schema() {
    let club = st_marys();
    let summary = build(club.store.conn(), quarter(), club.today).unwrap();
    let files = summary.files(produced_at()).unwrap();
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "COV-0042_2026-04-01_2026-06-30_lyp-summary-2.csv",
            "lyp-summary-2.schema.json",
            "COV-0042_2026-04-01_2026-06-30_lyp-summary-2_manifest.json",
        ]
    );
}

#[test]
fn the_same_records_give_the_same_bytes() {
    let first = st_marys();
    let second = st_marys();
    let files = |club: &Club| {
        build(club.store.conn(), quarter(), club.today)
            .unwrap()
            .files(produced_at())
            .unwrap()
    };
    assert_eq!(files(&first), files(&second));
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let one = write(
        first.store.conn(),
        quarter(),
        first.today,
        produced_at(),
        a.path(),
    )
    .unwrap();
    let two = write(
        second.store.conn(),
        quarter(),
        second.today,
        produced_at(),
        b.path(),
    )
    .unwrap();
    for (x, y) in one.iter().zip(&two) {
        assert_eq!(x.sha256, y.sha256, "{}", x.name);
        assert_eq!(
            std::fs::read(&x.path).unwrap(),
            std::fs::read(&y.path).unwrap()
        );
    }
}

#[test]
fn the_manifest_holds_the_size_and_digest_of_each_file() {
    let club = st_marys();
    let folder = tempfile::tempdir().unwrap();
    let written = write(
        club.store.conn(),
        quarter(),
        club.today,
        produced_at(),
        folder.path(),
    )
    .unwrap();
    assert_eq!(written.len(), 3);
    let manifest: Manifest =
        serde_json::from_slice(&std::fs::read(&written[2].path).unwrap()).unwrap();
    assert_eq!(manifest.manifest, "lyp-summary-manifest/1");
    assert_eq!(manifest.schema, "lyp-summary/2");
    assert_eq!(manifest.org_code, "COV-0042");
    assert_eq!(manifest.period.start, date(FROM));
    assert_eq!(manifest.period.end, date(TO));
    assert_eq!(manifest.produced_at, "2026-07-02T09:15:00Z");
    assert_eq!(manifest.files.len(), 2);
    for (entry, file) in manifest.files.iter().zip(&written) {
        let bytes = std::fs::read(folder.path().join(&entry.name)).unwrap();
        assert_eq!(entry.name, file.name);
        assert_eq!(entry.bytes, bytes.len() as u64);
        assert_eq!(entry.sha256, sha256_hex(&bytes));
        assert_eq!(entry.sha256, file.sha256);
    }
    let resource = &manifest.resources[0];
    assert_eq!(resource.path, written[0].name);
    assert_eq!(resource.schema, SCHEMA_FILE_NAME);
    assert_eq!(resource.hash, format!("sha256:{}", written[0].sha256));
    // The digest the caller gets for the manifest is of the manifest as written.
    assert_eq!(
        written[2].sha256,
        sha256_hex(&std::fs::read(&written[2].path).unwrap())
    );
}

#[test]
fn sending_a_period_again_replaces_its_files() {
    let mut club = st_marys();
    let folder = tempfile::tempdir().unwrap();
    let first = write(
        club.store.conn(),
        quarter(),
        club.today,
        produced_at(),
        folder.path(),
    )
    .unwrap();
    // A late mark changes the figures; the same period goes again under the same names.
    let late = club.session("2026-06-02", "18:00", "20:00", SessionType::OpenAccess);
    let newcomer = club.young_person("Late", "Comer", Some("2012-02-02"));
    club.mark(late, newcomer);
    let second = write(
        club.store.conn(),
        quarter(),
        club.today,
        produced_at(),
        folder.path(),
    )
    .unwrap();
    let names = |w: &[WrittenFile]| w.iter().map(|f| f.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&first), names(&second));
    assert_ne!(first[0].sha256, second[0].sha256);
    let mut on_disk: Vec<String> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut expected = names(&second);
    expected.sort();
    assert_eq!(on_disk, expected, "three files, no leftovers");
    let csv = std::fs::read_to_string(&second[0].path).unwrap();
    assert!(
        csv.contains(",unique_young_people,all,all,13,false\n"),
        "{csv}"
    );
}

#[test]
fn a_folder_that_does_not_exist_is_reported_plainly() {
    let club = st_marys();
    let err = write(
        club.store.conn(),
        quarter(),
        club.today,
        produced_at(),
        Path::new("/no/such/folder"),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "There is no folder /no/such/folder: choose a folder that exists."
    );
}

#[test]
fn the_table_schema_describes_the_csv_as_written() {
    let schema: serde_json::Value = serde_json::from_str(TABLE_SCHEMA).unwrap();
    let fields = schema["fields"].as_array().unwrap();
    let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(names, COLUMNS);
    let allowed = |field: &str| -> BTreeSet<String> {
        let field = fields.iter().find(|f| f["name"] == field).unwrap();
        field["constraints"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    // Every measure the figures have and every outcome figure, and no other: a new measure
    // needs the schema updated.
    let measures: BTreeSet<String> = Measures::names().into_iter().collect();
    let outcome_names = outcomes::outcome_measure_names()
        .into_iter()
        .map(str::to_owned);
    assert_eq!(
        allowed("measure"),
        measures.iter().cloned().chain(outcome_names).collect()
    );
    // The breakdowns by name, then the shape of a measure's code and version (ons4/1).
    let dimension = fields.iter().find(|f| f["name"] == "dimension").unwrap();
    let pattern = dimension["constraints"]["pattern"].as_str().unwrap();
    let names: Vec<String> = std::iter::once(ALL)
        .chain(DIMENSIONS)
        .map(str::to_owned)
        .collect();
    assert_eq!(
        pattern,
        format!("({}|[a-z0-9-]{{1,40}}/[1-9][0-9]{{0,3}})", names.join("|"))
    );
    assert_eq!(allowed("schema"), BTreeSet::from([SCHEMA.to_owned()]));
    assert!(MEASURE_ORDER.iter().all(|m| measures.contains(*m)));
}

/// Every piece of text that identifies a young person, as kept in the club file.
fn identifying_text(conn: &Connection) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut words = BTreeSet::new();
    let mut phrases = BTreeSet::new();
    let mut add_all = |sql: &str, as_words: bool| {
        let mut stmt = conn.prepare(sql).unwrap();
        let values: Vec<Option<String>> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|v| v.unwrap())
            .collect();
        for value in values.into_iter().flatten() {
            let value = value.trim().to_owned();
            if value.is_empty() {
                continue;
            }
            if as_words {
                words.insert(value);
            } else {
                phrases.insert(value);
            }
        }
    };
    for column in ["first_name", "last_name", "preferred_name"] {
        add_all(&format!("SELECT {column} FROM young_people"), true);
    }
    add_all("SELECT name FROM emergency_contacts", true);
    add_all("SELECT giver_name FROM consents", true);
    for column in [
        "ref",
        "date_of_birth",
        "postcode",
        "send_notes",
        "school",
        "referred_by",
        "referred_to",
        "medical_notes",
        "allergies",
    ] {
        add_all(&format!("SELECT {column} FROM young_people"), false);
    }
    // A date of birth as a person would write it, and a postcode without its space.
    add_all(
        "SELECT strftime('%d/%m/%Y', date_of_birth) FROM young_people",
        false,
    );
    add_all("SELECT replace(postcode, ' ', '') FROM young_people", false);
    add_all("SELECT phone FROM emergency_contacts", false);
    add_all("SELECT notes FROM sessions", false);
    add_all("SELECT cancel_reason FROM sessions", false);
    (words, phrases)
}

/// Whether `word` stands in `text` as a word of its own (not inside a longer one).
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[test]
fn no_young_persons_name_birth_date_postcode_reference_or_note_leaves_in_any_file() {
    let mut store = Store::open_in_memory().unwrap();
    let options = DemoOptions {
        young_people: 300,
        weeks: 20,
        sessions_per_week: 6,
        seed: 11,
        until: date("2026-07-15"),
        checkins: false,
    };
    crate::demo::make(&mut store, &options).unwrap();
    let conn = store.conn();
    let folder = tempfile::tempdir().unwrap();
    let written = write(conn, quarter(), options.until, produced_at(), folder.path()).unwrap();

    let (words, phrases) = identifying_text(conn);
    assert!(
        words.len() > 100 && phrases.len() > 300,
        "the demo club has people in it"
    );
    let mut everything = String::new();
    for file in &written {
        everything.push_str(&String::from_utf8(std::fs::read(&file.path).unwrap()).unwrap());
    }
    assert!(everything.contains(",unique_young_people,all,all,"));
    for word in &words {
        assert!(!has_word(&everything, word), "the name “{word}” was sent");
    }
    for phrase in &phrases {
        assert!(!everything.contains(phrase.as_str()), "“{phrase}” was sent");
    }
    // And the rule itself: every count of people shown is 0 or at least 5.
    let summary = build(conn, quarter(), options.until).unwrap();
    assert!(
        summary.rows.iter().any(|r| r.suppressed),
        "a club this size has small cells"
    );
    for row in &summary.rows {
        if let Some(value) = row.value
            && PEOPLE_MEASURES.contains(&row.measure.as_str())
        {
            assert!(value == 0.0 || value >= 5.0, "{row:?}");
        }
    }
}

#[test]
fn a_club_name_a_spreadsheet_would_run_is_neutralised_in_the_csv() {
    let mut club = Club::new();
    set_up(
        &mut club,
        "=HYPERLINK(\"http://x\",\"Club\")",
        Some("DYA-7"),
    );
    let summary = build(club.store.conn(), quarter(), club.today).unwrap();
    let csv = String::from_utf8(summary.csv_bytes().unwrap()).unwrap();
    assert!(
        csv.contains(
            "lyp-summary/2,DYA-7,\"'=HYPERLINK(\"\"http://x\"\",\"\"Club\"\")\",2026-04-01"
        ),
        "{csv}"
    );
    assert!(!csv.contains(",\"=HYPERLINK"), "{csv}");
}
