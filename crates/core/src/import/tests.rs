use super::*;
use crate::fixtures::{Club, date};
use crate::young_people::Search;

fn today() -> NaiveDate {
    date("2026-11-24")
}

fn import_people(club: &mut Club, csv: &str) -> Result<ImportOutcome> {
    club.store
        .write(|tx| young_people(tx, &Actor::club_manager(), csv.as_bytes(), today()))
}

fn import_attendance(club: &mut Club, csv: &str) -> Result<ImportOutcome> {
    club.store
        .write(|tx| attendance(tx, &Actor::club_manager(), csv.as_bytes()))
}

fn count(club: &Club, table: &str) -> i64 {
    club.store
        .conn()
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

const PEOPLE: &str =
    "\u{feff}ref,first_name,last_name,date_of_birth,gender,ethnicity,disability,postcode
YP1,Jay,Smith,2011-03-04,M,Indian,no,cv6 4ab
YP2,Amira,Hussain,04/05/2012,female,pakistani,Yes,CV2 1AA
YP3,Kai,Reid,,non-binary,,,
";

#[test]
fn a_young_people_file_is_imported_with_bom_and_both_date_forms() {
    let mut club = Club::new();
    let outcome = import_people(&mut club, PEOPLE).unwrap();
    assert_eq!(
        outcome,
        ImportOutcome {
            rows: 3,
            added: 3,
            ..ImportOutcome::default()
        }
    );
    let id = crate::young_people::id_by_reference(club.store.conn(), "yp2")
        .unwrap()
        .unwrap();
    let amira = crate::young_people::get(club.store.conn(), id, today()).unwrap();
    assert_eq!(
        amira.profile.date_of_birth,
        Some(date("2012-05-04")),
        "DD/MM/YYYY is British"
    );
    assert_eq!(amira.profile.ethnicity, Some(Ethnicity::Pakistani));
    assert_eq!(amira.profile.disability, Disability::Yes);
    assert_eq!(amira.profile.postcode.as_deref(), Some("CV2 1AA"));
}

#[test]
fn importing_the_same_file_twice_adds_nothing() {
    let mut club = Club::new();
    import_people(&mut club, PEOPLE).unwrap();
    let again = import_people(&mut club, PEOPLE).unwrap();
    assert_eq!(
        again,
        ImportOutcome {
            rows: 3,
            unchanged: 3,
            ..ImportOutcome::default()
        }
    );
    assert_eq!(count(&club, "young_people"), 3);
}

#[test]
fn a_later_file_updates_only_its_own_columns() {
    let mut club = Club::new();
    import_people(&mut club, PEOPLE).unwrap();
    let outcome = import_people(
        &mut club,
        "ref,first_name,last_name,school\nYP1,Jay,Smith,Riverside High\n",
    )
    .unwrap();
    assert_eq!(outcome.updated, 1);
    let id = crate::young_people::id_by_reference(club.store.conn(), "YP1")
        .unwrap()
        .unwrap();
    let jay = crate::young_people::get(club.store.conn(), id, today()).unwrap();
    assert_eq!(jay.profile.school.as_deref(), Some("Riverside High"));
    assert_eq!(
        jay.profile.ethnicity,
        Some(Ethnicity::Indian),
        "a column the file lacks is left alone"
    );
}

#[test]
fn every_bad_row_is_listed_with_its_line_and_column_and_nothing_is_saved() {
    let mut club = Club::new();
    let csv = "ref,first_name,last_name,date_of_birth,gender,ethnicity,postcode
YP1,Jay,Smith,2011-03-04,male,Indian,CV6 4AB
YP2,Amira,,2012-05-04,female,,
YP3,Kai,Reid,31/02/2012,female,,
YP4,Lu,Chen,2012-01-01,Martian,,
YP5,Bo,Ng,2012-01-01,male,Klingon,
YP1,Jay,Again,2012-01-01,male,,
YP6,Al,Oz,2012-01-01,male,,XYZ
";
    let err = import_people(&mut club, csv).unwrap_err();
    let Error::Import(errors) = &err else {
        panic!("expected import errors, got {err}")
    };
    let found: Vec<(u64, Option<&str>)> = errors
        .rows
        .iter()
        .map(|r| (r.line, r.column.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (3, Some("last_name")),
            (4, Some("date_of_birth")),
            (5, Some("gender")),
            (6, Some("ethnicity")),
            (7, Some("ref")),
            (8, None)
        ]
    );
    let message = err.to_string();
    assert!(
        message.starts_with("The young people file has 6 problems, so nothing was imported:"),
        "{message}"
    );
    assert!(
        message.contains("Line 5, column gender: “Martian” is not a gender Clubroom knows"),
        "{message}"
    );
    assert!(
        message.contains("Line 8: “XYZ” doesn't look like a UK postcode"),
        "{message}"
    );
    assert_eq!(count(&club, "young_people"), 0, "all or nothing");
}

#[test]
fn unknown_and_missing_columns_are_named() {
    let mut club = Club::new();
    let err = import_people(
        &mut club,
        "ref,first_name,surname,dob\nYP1,Jay,Smith,2011-03-04\n",
    )
    .unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("column surname: this is not a column Clubroom knows"),
        "{message}"
    );
    assert!(message.contains("column dob"), "{message}");
    assert!(
        message.contains("column last_name: this column is required but missing"),
        "{message}"
    );
}

#[test]
fn headers_are_forgiving_about_case_and_spaces() {
    let mut club = Club::new();
    let outcome = import_people(
        &mut club,
        "Ref,First Name,LAST_NAME,Date of Birth\nYP9,Ola,Adeyemi,2010-10-10\n",
    )
    .unwrap();
    assert_eq!(outcome.added, 1);
}

#[test]
fn files_that_are_not_csv_text_are_refused_plainly() {
    let mut club = Club::new();
    let err = club
        .store
        .write(|tx| {
            young_people(
                tx,
                &Actor::club_manager(),
                &[0xff, 0xfe, 0x00, 0x41][..],
                today(),
            )
        })
        .unwrap_err();
    assert!(err.to_string().contains("not UTF-8 text"), "{err}");
    let err = import_people(&mut club, "ref,first_name,last_name\n").unwrap_err();
    assert!(err.to_string().contains("no rows"), "{err}");
    let err = import_people(&mut club, "").unwrap_err();
    assert!(err.to_string().contains("young people"), "{err}");
}

#[test]
fn consents_and_contacts_import_and_re_import_unchanged() {
    let mut club = Club::new();
    let csv = "ref,first_name,last_name,date_of_birth,consent_data,consent_photos,emergency_contact_name,emergency_contact_phone
YP1,Jay,Smith,2011-03-04,young person,refused,Pat Smith,07700 900123
";
    import_people(&mut club, csv).unwrap();
    let id = crate::young_people::id_by_reference(club.store.conn(), "YP1")
        .unwrap()
        .unwrap();
    let jay = crate::young_people::get(club.store.conn(), id, today()).unwrap();
    assert_eq!(jay.profile.consents.len(), 2);
    assert!(jay.profile.consents[0].given && !jay.profile.consents[1].given);
    assert_eq!(jay.profile.emergency_contacts[0].name, "Pat Smith");
    let again = club
        .store
        .write(|tx| {
            young_people(
                tx,
                &Actor::club_manager(),
                csv.as_bytes(),
                date("2027-01-05"),
            )
        })
        .unwrap();
    assert_eq!(
        again.unchanged, 1,
        "a consent with the same answer keeps its date"
    );
}

const ATTENDANCE: &str = "date,session,start,end,type,venue,ref
2026-11-17,Tuesday Juniors,18:00,20:00,open access,St Mary's Hall,YP1
2026-11-17,Tuesday Juniors,18:00,20:00,open access,St Mary's Hall,YP2
2026-11-17,tuesday juniors,18:00,20:00,Open access,st mary's hall,YP2
17/11/2026,Detached,19:00,21:00,detached,,YP3
";

#[test]
fn attendance_makes_sessions_once_and_repeated_rows_are_one_attendance() {
    let mut club = Club::new();
    import_people(&mut club, PEOPLE).unwrap();
    let outcome = import_attendance(&mut club, ATTENDANCE).unwrap();
    assert_eq!(outcome.sessions_added, 2);
    assert_eq!(outcome.added, 3);
    assert_eq!(outcome.unchanged, 1, "the repeated YP2 row");
    assert_eq!(count(&club, "attendance"), 3);
    assert_eq!(count(&club, "venues"), 1);
    let again = import_attendance(&mut club, ATTENDANCE).unwrap();
    assert_eq!((again.added, again.sessions_added), (0, 0));
    assert_eq!(count(&club, "attendance"), 3);
    assert_eq!(count(&club, "sessions"), 2);
}

#[test]
fn attendance_joins_an_existing_session_of_a_series() {
    let mut club = Club::new();
    import_people(&mut club, PEOPLE).unwrap();
    club.series("Tuesday Juniors", 2, "2026-11-03", None);
    let outcome = import_attendance(&mut club, ATTENDANCE).unwrap();
    assert_eq!(
        outcome.sessions_added, 1,
        "only the detached session is new"
    );
}

#[test]
fn bad_attendance_rows_are_all_reported_and_nothing_is_saved() {
    let mut club = Club::new();
    import_people(&mut club, PEOPLE).unwrap();
    let csv = "date,session,start,end,type,venue,ref
2026-11-17,Juniors,18:00,20:00,open-access,,YP1
2026-11-17,Juniors,18:00,21:00,open-access,,YP2
2026-13-01,Juniors,18:00,20:00,open-access,,YP1
2026-11-18,Seniors,20:00,19:00,open-access,,YP1
2026-11-18,Seniors,19:00,21:00,party,,YP1
2026-11-18,Seniors,19:00,21:00,open-access,,NOBODY
";
    let err = import_attendance(&mut club, csv).unwrap_err();
    let Error::Import(errors) = &err else {
        panic!("{err}")
    };
    let lines: Vec<u64> = errors.rows.iter().map(|r| r.line).collect();
    assert_eq!(
        lines,
        [4, 5, 6, 7, 3],
        "row problems first, then rows that disagree about a session"
    );
    assert!(
        err.to_string()
            .contains("no young person has the reference NOBODY"),
        "{err}"
    );
    assert_eq!(count(&club, "attendance"), 0);
    assert_eq!(count(&club, "sessions"), 0);
}

#[test]
fn export_then_import_into_another_club_gives_the_same_attendance() {
    let mut club = Club::new();
    import_people(&mut club, PEOPLE).unwrap();
    import_attendance(&mut club, ATTENDANCE).unwrap();
    let session =
        crate::sessions::between(club.store.conn(), date("2026-11-17"), date("2026-11-17"))
            .unwrap();
    let juniors = session
        .iter()
        .find(|s| s.details.name == "Tuesday Juniors")
        .unwrap()
        .id;
    let yp1 = crate::young_people::id_by_reference(club.store.conn(), "YP1")
        .unwrap()
        .unwrap();
    let t = |s| Some(crate::fixtures::time(s));
    club.store
        .write(|tx| {
            crate::register::set_times(tx, juniors, yp1, t("18:15"), t("19:30"), club.today)
        })
        .unwrap();

    let period = crate::dates::Period::new(date("2026-11-01"), date("2026-11-30")).unwrap();
    let mut exported = Vec::new();
    assert_eq!(
        crate::export::attendance(club.store.conn(), period, &mut exported).unwrap(),
        3
    );
    let text = String::from_utf8(exported.clone()).unwrap();
    assert_eq!(
        text,
        "date,session,start,end,type,venue,ref,arrived,left
2026-11-17,Tuesday Juniors,18:00,20:00,open-access,St Mary's Hall,YP1,18:15,19:30
2026-11-17,Tuesday Juniors,18:00,20:00,open-access,St Mary's Hall,YP2,,
2026-11-17,Detached,19:00,21:00,detached,,YP3,,
"
    );
    let mut other = Club::new();
    import_people(&mut other, PEOPLE).unwrap();
    import_attendance(&mut other, &text).unwrap();
    let before = club.figures("2026-11-01", "2026-11-30");
    let after = other.figures("2026-11-01", "2026-11-30");
    assert_eq!(before.measures, after.measures);
    let search =
        crate::young_people::search(other.store.conn(), &Search::default(), today()).unwrap();
    assert_eq!(search.total, 3);
}

const STAFF: &str = "name,email,role,kind,start_date
Ann Archer,ann@example.org,lead,paid,2024-09-01
Bo Bright,bo@example.org,volunteer,volunteer,01/03/2025
Cy Cross,,first aider;volunteer,volunteer,
";

#[test]
fn people_import_and_re_import_unchanged() {
    let mut club = Club::new();
    let outcome = club
        .store
        .write(|tx| people(tx, &Actor::club_manager(), STAFF.as_bytes()))
        .unwrap();
    assert_eq!(
        (outcome.added, outcome.updated, outcome.unchanged),
        (3, 0, 0)
    );
    let all = crate::people::all(club.store.conn()).unwrap();
    let cy = all.iter().find(|p| p.details.name == "Cy Cross").unwrap();
    assert_eq!(
        cy.details.roles,
        [
            crate::vocab::StaffRole::FirstAider,
            crate::vocab::StaffRole::Volunteer
        ]
    );
    assert!(
        all.iter()
            .find(|p| p.details.name == "Ann Archer")
            .unwrap()
            .details
            .paid
    );
    let again = club
        .store
        .write(|tx| people(tx, &Actor::club_manager(), STAFF.as_bytes()))
        .unwrap();
    assert_eq!(again.unchanged, 3);
    let moved = club
        .store
        .write(|tx| {
            people(
                tx,
                &Actor::club_manager(),
                "name,email,kind\nAnn Archer,ann@example.org,volunteer\n".as_bytes(),
            )
        })
        .unwrap();
    assert_eq!(moved.updated, 1);
}

#[test]
fn bad_people_rows_are_listed() {
    let mut club = Club::new();
    let csv = "name,email,role,kind\nAnn,ann@example.org,chef,paid\nBo,bo@,volunteer,volunteer\n,x@example.org,lead,paid\nCy,,lead,sometimes\n";
    let err = club
        .store
        .write(|tx| people(tx, &Actor::club_manager(), csv.as_bytes()))
        .unwrap_err();
    let Error::Import(errors) = &err else {
        panic!("{err}")
    };
    let found: Vec<(u64, Option<&str>)> = errors
        .rows
        .iter()
        .map(|r| (r.line, r.column.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (2, Some("role")),
            (3, None),
            (4, Some("name")),
            (5, Some("kind"))
        ]
    );
    assert!(
        err.to_string()
            .contains("“bo@” doesn't look like an email address"),
        "{err}"
    );
    assert!(crate::people::all(club.store.conn()).unwrap().is_empty());
}

#[test]
fn training_import_matches_people_and_courses_and_is_idempotent() {
    let mut club = Club::new();
    club.store
        .write(|tx| people(tx, &Actor::club_manager(), STAFF.as_bytes()))
        .unwrap();
    let csv = "person,course,completed_on,provider,certificate_number
ann@example.org,Emergency First Aid at Work,2025-02-01,St John Ambulance,FA-1
Bo Bright,Safeguarding level 1,10/01/2025,NSPCC Learning,
bo@example.org,Enhanced DBS check,2025-01-05,,0012 3456 7890
";
    let outcome = club
        .store
        .write(|tx| training(tx, &Actor::club_manager(), csv.as_bytes(), today()))
        .unwrap();
    assert_eq!(outcome.added, 3);
    let again = club
        .store
        .write(|tx| training(tx, &Actor::club_manager(), csv.as_bytes(), today()))
        .unwrap();
    assert_eq!((again.added, again.unchanged), (0, 3));
    let bo = crate::people::find(club.store.conn(), "bo@example.org").unwrap();
    let records = crate::training::records_of(club.store.conn(), bo, today(), None).unwrap();
    let dbs = records
        .iter()
        .find(|r| r.course_name == "Enhanced DBS check")
        .unwrap();
    assert_eq!(
        dbs.details.dbs_level,
        Some(crate::vocab::DbsLevel::Enhanced)
    );
    assert_eq!(
        dbs.details.certificate_number.as_deref(),
        Some("001234567890")
    );

    let bad = "person,course,completed_on\nNobody,Safeguarding level 1,2025-01-01\nAnn Archer,Basket weaving,2025-01-01\nAnn Archer,Safeguarding level 1,2031-01-01\n";
    let err = club
        .store
        .write(|tx| training(tx, &Actor::club_manager(), bad.as_bytes(), today()))
        .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("Line 2, column person"), "{message}");
    assert!(
        message
            .contains("Line 3, column course: “Basket weaving” is not a course in the catalogue"),
        "{message}"
    );
    assert!(
        message.contains("Line 4: The completion date 1 January 2031 is in the future"),
        "{message}"
    );
}

#[test]
fn circumstances_import_by_code_or_label_and_unknown_ones_are_named() {
    let mut club = Club::new();
    let csv = "ref,first_name,last_name,circumstances
YP1,Jay,Smith,poverty; Young carer
YP2,Amira,Hussain,
YP3,Kai,Reid,YOUNG-CARER;young carer
";
    import_people(&mut club, csv).unwrap();
    let codes = |reference: &str| {
        let id = crate::young_people::id_by_reference(club.store.conn(), reference)
            .unwrap()
            .unwrap();
        let mut codes = crate::young_people::get(club.store.conn(), id, today())
            .unwrap()
            .profile
            .circumstance_codes;
        codes.sort();
        codes
    };
    assert_eq!(
        codes("YP1"),
        vec!["poverty".to_owned(), "young-carer".to_owned()]
    );
    assert!(codes("YP2").is_empty());
    assert_eq!(
        codes("YP3"),
        vec!["young-carer".to_owned()],
        "the same one twice is one"
    );

    let bad = "ref,first_name,last_name,circumstances
YP4,Lu,Chen,poverty;space travel
";
    let err = import_people(&mut club, bad).unwrap_err();
    let Error::Import(errors) = &err else {
        panic!("expected import errors, got {err}")
    };
    assert_eq!(errors.rows[0].line, 2);
    assert_eq!(errors.rows[0].column.as_deref(), Some("circumstances"));
    assert!(
        errors.rows[0]
            .reason
            .contains("“space travel” is not on the club's list"),
        "{}",
        errors.rows[0].reason
    );
    assert!(
        crate::young_people::id_by_reference(club.store.conn(), "YP4")
            .unwrap()
            .is_none(),
        "nothing saved"
    );
}

#[test]
fn hostile_names_are_neutralised_in_the_export_and_read_back_as_they_were() {
    // A session, a venue and a reference that a spreadsheet would run as formulas.
    let people = "ref,first_name,last_name,date_of_birth\n-YP1,Jay,Smith,2011-03-04\n";
    let attendance = "date,session,start,end,type,venue,ref\n\
                      2026-11-17,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",18:00,20:00,open-access,+Hall,-YP1\n";
    let mut club = Club::new();
    import_people(&mut club, people).unwrap();
    import_attendance(&mut club, attendance).unwrap();
    let period = crate::dates::Period::new(date("2026-11-01"), date("2026-11-30")).unwrap();
    let mut exported = Vec::new();
    crate::export::attendance(club.store.conn(), period, &mut exported).unwrap();
    let text = String::from_utf8(exported).unwrap();
    assert!(
        text.ends_with(
            "2026-11-17,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",18:00,20:00,open-access,'+Hall,'-YP1,,\n"
        ),
        "{text}"
    );

    let mut other = Club::new();
    import_people(&mut other, people).unwrap();
    import_attendance(&mut other, &text).unwrap();
    let sessions =
        crate::sessions::between(other.store.conn(), date("2026-11-17"), date("2026-11-17"))
            .unwrap();
    assert_eq!(sessions[0].details.name, "=HYPERLINK(\"http://x\",\"y\")");
    assert_eq!(sessions[0].venue_name.as_deref(), Some("+Hall"));
    assert_eq!(sessions[0].present, 1, "-YP1 found by their reference");
}

#[test]
fn line_numbers_in_a_windows_crlf_file_are_the_lines_a_spreadsheet_shows() {
    let mut club = Club::new();
    let csv = "ref,first_name,last_name,date_of_birth,gender\r\n\
               YP1,Jay,Smith,2011-03-04,M\r\n\
               YP2,Amira,Hussain,2012-05-04,Martian\r\n\
               YP3,\"Kai\r\nJo\",Reid,,\r\n\
               YP4,Sam,Lee,2012-05-04,Martian\r\n";
    let message = import_people(&mut club, csv).unwrap_err().to_string();
    assert!(message.contains("Line 3, column gender"), "{message}");
    // A quoted cell running over two lines: the next row starts on line 6.
    assert!(message.contains("Line 6, column gender"), "{message}");
}

fn signed_in(club: &mut Club, role: crate::access::Role, person_id: Option<i64>) {
    club.store.sign_in_as(Actor {
        user_id: 9,
        name: "Lee".into(),
        role,
        person_id,
    });
}

fn run_as(club: &mut Club, kind: ImportKind, csv: &str) -> Result<ImportOutcome> {
    let today = today();
    run(
        &mut club.store,
        kind,
        csv.as_bytes(),
        today,
        chrono::Utc::now(),
    )
}

#[test]
fn a_leader_or_safeguarding_lead_cannot_import_anyone_elses_training_or_staff() {
    use crate::access::Role;
    for role in [Role::Leader, Role::SafeguardingLead] {
        let mut club = Club::new();
        club.store
            .write(|tx| people(tx, &Actor::club_manager(), STAFF.as_bytes()))
            .unwrap();
        let ann = crate::people::find(club.store.conn(), "ann@example.org").unwrap();
        signed_in(&mut club, role, Some(ann));
        // Their own training, as `training log` allows them.
        let own = "person,course,completed_on,certificate_number\nann@example.org,Enhanced DBS check,2025-01-05,0012 3456 7890\n";
        assert_eq!(
            run_as(&mut club, ImportKind::Training, own).unwrap().added,
            1
        );
        // Someone else's DBS check: refused, naming the row, and nothing imported.
        let others = "person,course,completed_on,certificate_number\nann@example.org,Safeguarding level 1,2025-01-05,\nbo@example.org,Enhanced DBS check,2025-01-05,0012 3456 7891\n";
        let refused = run_as(&mut club, ImportKind::Training, others).unwrap_err();
        assert!(
            refused.to_string().contains(
                "Line 3, column person: Lee, you can see and record your own training only."
            ),
            "{role:?}: {refused}"
        );
        let bo = crate::people::find(club.store.conn(), "bo@example.org").unwrap();
        let records = crate::training::records_of(club.store.conn(), bo, today(), None).unwrap();
        assert!(records.is_empty(), "{role:?}: all or nothing");
        // Staff and volunteers: refused before any row is read, in one sentence (every row
        // would need "manage staff and training"), not row by row.
        let staff =
            "name,email,kind,leaving_date\nAnn Archer,ann@example.org,volunteer,2026-01-01\n";
        let refused = run_as(&mut club, ImportKind::People, staff).unwrap_err();
        assert_eq!(
            refused.kind(),
            crate::ErrorKind::Denied,
            "{role:?}: {refused}"
        );
        assert!(
            refused
                .to_string()
                .contains("you cannot manage staff and training"),
            "{role:?}: {refused}"
        );
        assert!(
            !refused.to_string().contains("Line 2"),
            "{role:?}: {refused}"
        );
        let ann_now = crate::people::get(club.store.conn(), ann).unwrap();
        assert!(ann_now.details.paid, "{role:?}: unchanged");
    }
}

#[test]
fn a_manager_imports_anyone_and_the_rows_are_named_after_the_import() {
    let mut club = Club::new();
    run_as(&mut club, ImportKind::People, STAFF).unwrap();
    let csv = "person,course,completed_on,certificate_number\nbo@example.org,Enhanced DBS check,2025-01-05,0012 3456 7890\n";
    assert_eq!(
        run_as(&mut club, ImportKind::Training, csv).unwrap().added,
        1
    );
    let named: i64 = club
        .store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'import training records'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(named >= 1, "the audit entries name the import's kind");
}

#[test]
fn a_volunteer_cannot_import_at_all() {
    let mut club = Club::new();
    signed_in(&mut club, crate::access::Role::Volunteer, None);
    let refused = run_as(&mut club, ImportKind::YoungPeople, PEOPLE).unwrap_err();
    assert!(matches!(refused, Error::Denied(_)), "{refused}");
}

#[test]
fn eleven_failed_imports_keep_the_backup_taken_before_the_last_real_import() {
    let dir = tempfile::tempdir().unwrap();
    let club_file = dir.path().join("club.sqlite3");
    let mut club = Club::with_store(crate::Store::create(&club_file).unwrap());
    run_as(&mut club, ImportKind::YoungPeople, PEOPLE).unwrap();
    let backups = || crate::backup::list(&club_file).unwrap();
    let before_real = backups();
    assert_eq!(before_real.len(), 1, "{before_real:?}");
    let bad = "ref,first_name,last_name,gender\nYP9,Sam,Lee,Martian\n";
    for _ in 0..11 {
        assert!(run_as(&mut club, ImportKind::YoungPeople, bad).is_err());
    }
    let after = backups();
    assert_eq!(after.len(), 1, "a failed import keeps no backup: {after:?}");
    assert_eq!(after[0].path, before_real[0].path);
}

#[test]
fn the_same_file_imported_again_keeps_no_backup_and_never_pushes_out_the_real_one() {
    let dir = tempfile::tempdir().unwrap();
    let club_file = dir.path().join("club.sqlite3");
    let mut club = Club::with_store(crate::Store::create(&club_file).unwrap());
    let first = run_as(&mut club, ImportKind::YoungPeople, PEOPLE).unwrap();
    assert!(first.changed_anything());
    let backups = || crate::backup::list(&club_file).unwrap();
    let before_real = backups();
    assert_eq!(before_real.len(), 1, "{before_real:?}");
    // Eleven repeated tries of the same file: each saves nothing, so none keeps a backup.
    for _ in 0..11 {
        let again = run_as(&mut club, ImportKind::YoungPeople, PEOPLE).unwrap();
        assert!(!again.changed_anything(), "{again:?}");
    }
    let after = backups();
    assert_eq!(
        after.len(),
        1,
        "a repeated import keeps no backup: {after:?}"
    );
    assert_eq!(after[0].path, before_real[0].path);
}

/// A NUL byte, a control character or a huge cell in any import is refused with its line
/// and column, never a panic, and nothing is saved.
#[test]
fn nul_bytes_control_characters_and_huge_cells_are_refused_by_line_and_column() {
    let files: [(ImportKind, &str, &str); 4] = [
        (
            ImportKind::YoungPeople,
            "ref,first_name,last_name\nYP1,Sam,",
            "last_name",
        ),
        (
            ImportKind::Attendance,
            "date,session,start,end,type,venue,ref\n2026-11-17,",
            "session",
        ),
        (
            ImportKind::People,
            "name,email,role,kind,start_date\n",
            "name",
        ),
        (
            ImportKind::Training,
            "person,course,completed_on,provider,certificate_number\nann@example.org,Safeguarding level 1,2025-01-10,",
            "provider",
        ),
    ];
    let tails = [
        (ImportKind::YoungPeople, "\n"),
        (ImportKind::Attendance, ",18:00,20:00,open access,,YP1\n"),
        (
            ImportKind::People,
            ",bad@example.org,volunteer,volunteer,2025-01-01\n",
        ),
        (ImportKind::Training, ",C1\n"),
    ];
    for (kind, head, column) in files {
        let tail = tails.iter().find(|(k, _)| *k == kind).unwrap().1;
        for (bad, reason) in [
            ("Lee\0".to_owned(), "NUL byte"),
            ("Lee\u{1b}[2J".to_owned(), "control character (U+001B)"),
            ("x".repeat(100_000), "100,000 characters long"),
        ] {
            let mut club = Club::new();
            run_as(&mut club, ImportKind::People, STAFF).unwrap();
            let before: Vec<i64> = [
                "young_people",
                "people",
                "training_records",
                "attendance",
                "sessions",
            ]
            .iter()
            .map(|t| count(&club, t))
            .collect();
            let file = format!("{head}{bad}{tail}");
            let refused = run_as(&mut club, kind, &file).unwrap_err();
            assert_eq!(
                refused.kind(),
                crate::ErrorKind::Import,
                "{kind:?}: {refused}"
            );
            let message = refused.to_string();
            assert!(
                message.contains(&format!("Line 2, column {column}")) && message.contains(reason),
                "{kind:?}: {message}"
            );
            let after: Vec<i64> = [
                "young_people",
                "people",
                "training_records",
                "attendance",
                "sessions",
            ]
            .iter()
            .map(|t| count(&club, t))
            .collect();
            assert_eq!(before, after, "{kind:?}: nothing saved");
        }
    }
}

/// An import runs with the audit triggers dropped inside its transaction (its rows write no
/// entry of their own): after a dry run, a failed import and a real one, every trigger is
/// back, and a young person then added by hand has their entry in the log as before.
#[test]
fn the_audit_triggers_are_back_after_every_kind_of_import() {
    use super::apply::{propose, run_mapped};
    let mut club = Club::new();
    let triggers = |club: &Club| -> Vec<String> {
        club.store
            .conn()
            .prepare("SELECT name FROM sqlite_temp_schema WHERE type = 'trigger' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let before = triggers(&club);
    assert!(before.contains(&"audit_young_people_insert".to_owned()));
    let good = "First Name,Last Name,DOB\nJay,Smith,04/03/2011\nAmira,Hussain,05/04/2012\n";
    let bad = "First Name,Last Name,DOB\nKai,Reid,04/03/2011\n,Nobody,31/02/2012\n";
    let mapping = propose(ImportKind::YoungPeople, good.as_bytes(), None, today())
        .unwrap()
        .mapping;
    let run = |club: &mut Club, file: &str, dry_run: bool| {
        run_mapped(
            &mut club.store,
            file.as_bytes(),
            &mapping,
            dry_run,
            today(),
            chrono::Utc::now(),
        )
    };
    let rehearsed = run(&mut club, good, true).unwrap();
    assert_eq!(rehearsed.outcome.unwrap().added, 2);
    assert_eq!(triggers(&club), before, "after a dry run");
    assert!(run(&mut club, bad, false).is_err());
    assert_eq!(triggers(&club), before, "after a failed import");
    assert_eq!(count(&club, "young_people"), 0);
    let entries = count(&club, "audit_log");
    let done = run(&mut club, good, false).unwrap();
    assert_eq!(done.outcome.unwrap().added, 2);
    assert_eq!(triggers(&club), before, "after an import");
    assert_eq!(
        count(&club, "audit_log"),
        entries + 1,
        "one entry for the import"
    );
    let id = club.young_person("Kai", "Reid", Some("2011-04-05"));
    let logged: i64 = club
        .store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE record = ?1 AND change = 'added'",
            [format!("young_people {id}")],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 1, "a young person added by hand is in the log");
}
