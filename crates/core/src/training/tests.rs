use super::*;
use crate::fixtures::{Club, date};
use crate::vocab::SessionType;

#[test]
fn expiry_is_calendar_months_with_the_day_clamped() {
    // 31 January with 12 months' validity expires on 31 January the next year.
    assert_eq!(
        expires_on(date("2025-01-31"), Some(12), false),
        Some(date("2026-01-31"))
    );
    // One month from 31 January is the end of February, leap year or not.
    assert_eq!(
        expires_on(date("2025-01-31"), Some(1), false),
        Some(date("2025-02-28"))
    );
    assert_eq!(
        expires_on(date("2024-01-31"), Some(1), false),
        Some(date("2024-02-29"))
    );
    // A leap day plus a year is 28 February.
    assert_eq!(
        expires_on(date("2024-02-29"), Some(12), false),
        Some(date("2025-02-28"))
    );
    assert_eq!(
        expires_on(date("2024-02-29"), Some(48), false),
        Some(date("2028-02-29"))
    );
    // No validity, or a DBS check on the Update Service, never expires.
    assert_eq!(expires_on(date("2020-05-05"), None, false), None);
    assert_eq!(expires_on(date("2020-05-05"), Some(36), true), None);
}

#[test]
fn status_turns_at_the_warning_window_and_on_the_expiry_day() {
    let expiry = Some(date("2026-03-31"));
    assert_eq!(
        status_on(expiry, date("2026-01-29"), 60),
        TrainingStatus::Valid
    );
    assert_eq!(
        status_on(expiry, date("2026-01-30"), 60),
        TrainingStatus::Expiring,
        "60 days before"
    );
    assert_eq!(
        status_on(expiry, date("2026-03-30"), 60),
        TrainingStatus::Expiring
    );
    assert_eq!(
        status_on(expiry, date("2026-03-31"), 60),
        TrainingStatus::Expired,
        "expired on the day itself"
    );
    assert_eq!(
        status_on(None, date("2040-01-01"), 60),
        TrainingStatus::Valid
    );
}

#[test]
fn standing_on_a_day_uses_only_what_was_done_by_then() {
    let mut club = Club::new();
    let sam = club.adult("Sam Patel", false, StaffRole::Volunteer);
    club.trained(sam, "Emergency First Aid at Work", "2022-06-01");
    let first_aid = club.course("Emergency First Aid at Work");
    let book = RecordBook::load(club.store.conn()).unwrap();
    assert_eq!(
        book.standing(sam, first_aid, date("2025-07-01")).status,
        TrainingStatus::Expired
    );
    // Renewed later: the past day's standing does not change, today's does.
    club.trained(sam, "Emergency First Aid at Work", "2025-08-01");
    let book = RecordBook::load(club.store.conn()).unwrap();
    assert_eq!(
        book.standing(sam, first_aid, date("2025-07-01")).status,
        TrainingStatus::Expired
    );
    assert_eq!(
        book.standing(sam, first_aid, date("2025-08-01")).status,
        TrainingStatus::Valid
    );
    assert_eq!(
        book.standing(sam, first_aid, date("2021-01-01")).status,
        TrainingStatus::Missing
    );
}

#[test]
fn a_dbs_check_keeps_only_what_the_law_allows() {
    let mut club = Club::new();
    let sam = club.adult("Sam Patel", false, StaffRole::Volunteer);
    let dbs = club.course("Enhanced DBS check");
    let today = club.today;
    let mut input = RecordInput {
        person_id: sam,
        course_id: dbs,
        completed_on: date("2026-01-10"),
        provider: None,
        certificate_number: Some("0012 3456 7890".into()),
        dbs_level: None,
        dbs_update_service: Some(true),
    };
    // No level given: the usual Enhanced check, decided here for the window and the CLI.
    let record = club.store.write(|tx| log(tx, &input, today)).unwrap();
    assert_eq!(record.details.dbs_level, Some(DbsLevel::Enhanced));
    assert_eq!(
        record.details.certificate_number.as_deref(),
        Some("001234567890")
    );
    assert_eq!(record.expires_on, None, "on the Update Service");
    input.certificate_number = Some("12345".into());
    assert!(
        club.store
            .write(|tx| log(tx, &input, today))
            .unwrap_err()
            .to_string()
            .contains("12 digits")
    );

    let dir = tempfile::tempdir().unwrap();
    let scan = dir.path().join("dbs.pdf");
    std::fs::write(&scan, b"%PDF-1.4 a certificate").unwrap();
    let err = club
        .store
        .write(|tx| {
            let kept = Attachments::plain(dir.path());
            attach_certificate(tx, record.id, &scan, Some(&kept), today)
        })
        .unwrap_err();
    assert!(err.to_string().contains("criminal-offence data"), "{err}");

    let first_aid = club.course("Emergency First Aid at Work");
    let mut other = input.clone();
    other.course_id = first_aid;
    let err = club.store.write(|tx| log(tx, &other, today)).unwrap_err();
    assert!(err.to_string().contains("is not a DBS check"), "{err}");
}

#[test]
fn a_certificate_is_kept_by_its_hash_and_checked() {
    let mut club = Club::new();
    let sam = club.adult("Sam Patel", false, StaffRole::Volunteer);
    let id = club.trained(sam, "Emergency First Aid at Work", "2026-02-02");
    let dir = tempfile::tempdir().unwrap();
    let attachments = dir.path().join("club-attachments");
    let kept = Attachments::plain(&attachments);
    let scan = dir.path().join("First Aid.PDF");
    std::fs::write(&scan, b"%PDF-1.4 first aid certificate").unwrap();
    let today = club.today;
    let record = club
        .store
        .write(|tx| attach_certificate(tx, id, &scan, Some(&kept), today))
        .unwrap();
    let certificate = record.certificate.clone().unwrap();
    assert_eq!(
        certificate.sha256,
        sha256_hex(b"%PDF-1.4 first aid certificate")
    );
    assert_eq!(certificate.file_name, format!("{}.pdf", certificate.sha256));
    assert_eq!(certificate.check, CertificateCheck::Ok);

    // Altered on disk: reported.
    std::fs::write(attachments.join(&certificate.file_name), b"something else").unwrap();
    let read = self::record(club.store.conn(), id, today, Some(&kept)).unwrap();
    assert_eq!(read.certificate.unwrap().check, CertificateCheck::Altered);
    // Gone: reported.
    std::fs::remove_file(attachments.join(&certificate.file_name)).unwrap();
    let read = self::record(club.store.conn(), id, today, Some(&kept)).unwrap();
    assert_eq!(read.certificate.unwrap().check, CertificateCheck::Missing);

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, b"not a certificate").unwrap();
    let err = club
        .store
        .write(|tx| attach_certificate(tx, id, &text, Some(&kept), today))
        .unwrap_err();
    assert!(err.to_string().contains("as a PDF or a photo"), "{err}");
}

#[test]
fn records_start_unconfirmed_and_corrections_need_confirming_again() {
    let mut club = Club::new();
    let sam = club.adult("Sam Patel", false, StaffRole::Volunteer);
    let id = club.trained(sam, "Safeguarding level 1", "2026-02-02");
    let today = club.today;
    let confirmed = club
        .store
        .write(|tx| confirm(tx, id, "Jo (manager)", today))
        .unwrap();
    assert_eq!(confirmed.confirmed_by.as_deref(), Some("Jo (manager)"));
    let mut input = confirmed.details.clone();
    input.provider = Some("NSPCC Learning".into());
    let corrected = club
        .store
        .write(|tx| update_record(tx, id, &input, today))
        .unwrap();
    assert_eq!(corrected.confirmed_by, None);
    let err = club
        .store
        .write(|tx| {
            log(
                tx,
                &RecordInput {
                    completed_on: date("2031-01-01"),
                    ..input.clone()
                },
                today,
            )
        })
        .unwrap_err();
    assert!(err.to_string().contains("in the future"), "{err}");
}

#[test]
fn the_catalogue_has_the_defaults_and_can_be_changed() {
    let mut club = Club::new();
    let all = courses(club.store.conn()).unwrap();
    assert_eq!(all.len(), 14);
    let lead: Vec<&str> = all
        .iter()
        .filter(|c| c.required_for.contains(&StaffRole::Lead))
        .map(|c| c.details.name.as_str())
        .collect();
    assert_eq!(
        lead,
        [
            "Safeguarding level 2",
            "Emergency First Aid at Work",
            "Enhanced DBS check"
        ]
    );
    let volunteer: Vec<&str> = all
        .iter()
        .filter(|c| c.required_for.contains(&StaffRole::Volunteer))
        .map(|c| c.details.name.as_str())
        .collect();
    assert_eq!(volunteer, ["Safeguarding level 1", "Enhanced DBS check"]);
    assert_eq!(
        all.iter()
            .find(|c| c.details.name == "Delivering quality youth work")
            .unwrap()
            .details
            .validity_months,
        None
    );

    let prevent = club.course("Prevent awareness");
    let changed = club
        .store
        .write(|tx| {
            update_course(
                tx,
                prevent,
                &CourseInput {
                    name: "Prevent awareness".into(),
                    kind: CourseKind::Other,
                    validity_months: Some(12),
                    covers_course_id: None,
                },
            )
        })
        .unwrap();
    assert_eq!(changed.details.validity_months, Some(12));
    let required = club
        .store
        .write(|tx| set_requirement(tx, StaffRole::Volunteer, prevent, true))
        .unwrap();
    assert_eq!(required.required_for, vec![StaffRole::Volunteer]);
    let err = club
        .store
        .write(|tx| {
            add_course(
                tx,
                &CourseInput {
                    name: "prevent AWARENESS".into(),
                    kind: CourseKind::Other,
                    validity_months: None,
                    covers_course_id: None,
                },
            )
        })
        .unwrap_err();
    assert!(err.to_string().contains("already a course"), "{err}");
}

/// A small team on a given day: Ann (lead, all in date), Bo (volunteer, DBS expired), Cy
/// (volunteer, safeguarding expiring in 20 days), Dee (volunteer, never staffed a session).
fn team() -> (Club, [i64; 4]) {
    let mut club = Club::new();
    club.today = date("2026-11-24");
    let ann = club.adult("Ann Archer", true, StaffRole::Lead);
    let bo = club.adult("Bo Bright", false, StaffRole::Volunteer);
    let cy = club.adult("Cy Cross", false, StaffRole::Volunteer);
    let dee = club.adult("Dee Dunn", false, StaffRole::Volunteer);
    for course in [
        "Safeguarding level 2",
        "Emergency First Aid at Work",
        "Enhanced DBS check",
    ] {
        club.trained(ann, course, "2025-01-10");
    }
    club.trained(bo, "Safeguarding level 1", "2025-01-10");
    club.trained(bo, "Enhanced DBS check", "2023-06-01");
    club.trained(cy, "Safeguarding level 1", "2023-12-14");
    club.trained(cy, "Enhanced DBS check", "2025-01-10");
    let session = club.session("2026-11-17", "18:00", "20:00", SessionType::OpenAccess);
    for person in [ann, bo, cy] {
        club.staff(
            session,
            person,
            if person == ann {
                StaffRole::Lead
            } else {
                StaffRole::Volunteer
            },
        );
    }
    (club, [ann, bo, cy, dee])
}

#[test]
fn the_matrix_shows_each_required_course_and_the_worst_state() {
    let (club, [ann, bo, cy, dee]) = team();
    let matrix = matrix(club.store.conn(), club.today, &MatrixFilter::default()).unwrap();
    let row = |id: i64| matrix.rows.iter().find(|r| r.person.id == id).unwrap();
    assert_eq!(row(ann).worst, TrainingStatus::Valid);
    assert_eq!(
        row(bo).worst,
        TrainingStatus::Expired,
        "DBS from June 2023 ran out in June 2026"
    );
    assert_eq!(
        row(cy).worst,
        TrainingStatus::Expiring,
        "safeguarding runs out on 14 December 2026"
    );
    assert_eq!(row(dee).worst, TrainingStatus::Missing);
    assert_eq!(row(ann).unconfirmed, 3);
    let dbs = matrix
        .courses
        .iter()
        .position(|c| c.details.name == "Enhanced DBS check")
        .unwrap();
    assert_eq!(row(bo).cells[dbs].expires_on, Some(date("2026-06-01")));

    let working = super::matrix(
        club.store.conn(),
        club.today,
        &MatrixFilter {
            working_only: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(working.rows.len(), 3, "Dee has never worked a session");
    let expired = super::matrix(
        club.store.conn(),
        club.today,
        &MatrixFilter {
            status: Some(TrainingStatus::Expired),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        expired.rows.iter().map(|r| r.person.id).collect::<Vec<_>>(),
        vec![bo]
    );

    let csv = String::from_utf8(matrix_csv(&matrix).unwrap()).unwrap();
    assert!(
        csv.starts_with("person,role,course,required,completed_on,expires_on,status\n"),
        "{csv}"
    );
    assert!(
        csv.contains("Bo Bright,volunteer,Enhanced DBS check,yes,2023-06-01,2026-06-01,expired\n"),
        "{csv}"
    );
    assert!(
        csv.contains("Dee Dunn,volunteer,Safeguarding level 1,yes,,,missing\n"),
        "{csv}"
    );
    assert!(
        csv.contains(
            "Cy Cross,volunteer,Safeguarding level 1,yes,2023-12-14,2026-12-14,expiring\n"
        ),
        "{csv}"
    );
}

#[test]
fn what_is_due_for_the_people_who_work_sessions() {
    let (club, [_, bo, cy, _]) = team();
    let due = due(club.store.conn(), club.today, 60).unwrap();
    let lines: Vec<(String, String, TrainingStatus, Option<i64>)> = due
        .iter()
        .map(|d| {
            (
                d.person_name.clone(),
                d.course_name.clone(),
                d.status,
                d.reminder,
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            (
                "Bo Bright".into(),
                "Enhanced DBS check".into(),
                TrainingStatus::Expired,
                None
            ),
            (
                "Cy Cross".into(),
                "Safeguarding level 1".into(),
                TrainingStatus::Expiring,
                Some(30)
            ),
        ],
        "Dee never works sessions; Ann is all in date"
    );
    assert_eq!(due[1].days_left, Some(20));
    assert!(due.iter().all(|d| d.person_id == bo || d.person_id == cy));
    let soon = super::due(club.store.conn(), club.today, 7).unwrap();
    assert_eq!(soon.len(), 1, "Cy's is 20 days away");
}

#[test]
fn a_higher_safeguarding_level_covers_a_lower_one() {
    let mut club = Club::new();
    let ann = club.adult("Ann Archer", true, StaffRole::Volunteer);
    club.trained(ann, "Safeguarding level 3", "2025-06-01");
    club.trained(ann, "Enhanced DBS check", "2025-06-01");
    let level1 = club.course("Safeguarding level 1");
    let book = RecordBook::load(club.store.conn()).unwrap();
    let (standing, via) = book.standing_for_requirement(ann, level1, date("2026-01-01"));
    assert_eq!(standing.status, TrainingStatus::Valid);
    assert_eq!(via, Some(club.course("Safeguarding level 3")));
    assert!(
        book.lapsed(ann, StaffRole::Volunteer, date("2026-01-01"))
            .is_empty()
    );
    // Level 3 lasts 24 months: by June 2027 it has lapsed, and so has what it covered.
    assert_eq!(
        book.lapsed(ann, StaffRole::Volunteer, date("2027-06-01"))
            .len(),
        1
    );
    // A course cannot end up covering itself.
    let level3 = club.course("Safeguarding level 3");
    let mut course = super::course(club.store.conn(), level1).unwrap().details;
    course.covers_course_id = Some(level3);
    let err = club
        .store
        .write(|tx| update_course(tx, level1, &course))
        .unwrap_err();
    assert!(err.to_string().contains("can't cover itself"), "{err}");
}

#[test]
fn a_name_a_spreadsheet_would_run_is_neutralised_in_the_matrix_csv() {
    let mut club = Club::new();
    let hostile = club.adult("=cmd|' /C calc'!A0", false, StaffRole::Volunteer);
    club.trained(hostile, "Enhanced DBS check", "2025-06-01");
    let matrix = matrix(club.store.conn(), club.today, &MatrixFilter::default()).unwrap();
    let csv = String::from_utf8(matrix_csv(&matrix).unwrap()).unwrap();
    assert!(csv.contains("\n'=cmd|' /C calc'!A0,volunteer,"), "{csv}");
    assert!(!csv.contains("\n=cmd"), "{csv}");
}

#[test]
fn the_matrix_csv_gives_every_role_a_person_has() {
    let mut club = Club::new();
    let sam = club.adult("Sam Patel", true, StaffRole::Lead);
    let mut input = crate::people::PersonInput::volunteer("Sam Patel");
    input.paid = true;
    input.roles = vec![StaffRole::Lead, StaffRole::FirstAider];
    club.store
        .write(|tx| crate::people::update(tx, sam, &input))
        .unwrap();
    club.trained(sam, "Enhanced DBS check", "2025-06-01");
    let matrix = matrix(club.store.conn(), club.today, &MatrixFilter::default()).unwrap();
    let csv = String::from_utf8(matrix_csv(&matrix).unwrap()).unwrap();
    assert!(csv.contains("\nSam Patel,lead; first-aider,"), "{csv}");
}

#[test]
fn a_course_name_a_spreadsheet_would_run_is_neutralised_in_the_course_list() {
    let mut club = Club::new();
    club.store
        .write(|tx| {
            add_course(
                tx,
                &CourseInput {
                    name: "+Prevent awareness".into(),
                    kind: CourseKind::Other,
                    validity_months: Some(36),
                    covers_course_id: None,
                },
            )
        })
        .unwrap();
    let list = courses(club.store.conn()).unwrap();
    let csv = String::from_utf8(courses_csv(&list).unwrap()).unwrap();
    assert!(csv.starts_with("name,kind,validity_months\n"), "{csv}");
    assert!(csv.contains("\n'+Prevent awareness,other,36\n"), "{csv}");
}

#[test]
fn a_certificate_of_up_to_20_mb_and_of_a_known_kind_is_accepted() {
    let limit = MAX_CERTIFICATE_BYTES as usize;
    let largest = CertificateFile::from_bytes("scan.pdf", vec![b'x'; limit]).unwrap();
    assert_eq!(
        largest.kept_name(),
        format!("{}.pdf", sha256_hex(&vec![b'x'; limit]))
    );
    let too_large = CertificateFile::from_bytes("scan.pdf", vec![b'x'; limit + 1]).unwrap_err();
    assert!(too_large.to_string().contains("up to 20 MB"), "{too_large}");
    let photo = CertificateFile::from_bytes("Phone Photo.JPEG", b"a photo".to_vec()).unwrap();
    assert!(
        photo.kept_name().ends_with(".jpeg"),
        "kinds compared without case"
    );
    for name in ["notes.txt", "certificate", "scan.pdf.exe"] {
        let refused = CertificateFile::from_bytes(name, b"x".to_vec()).unwrap_err();
        assert!(
            refused.to_string().contains("as a PDF or a photo"),
            "{name}: {refused}"
        );
    }
}

#[test]
fn a_file_too_large_is_refused_by_its_size_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.pdf");
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(MAX_CERTIFICATE_BYTES + 1).unwrap();
    let refused = CertificateFile::read(&huge).unwrap_err();
    assert!(
        refused.to_string().contains("certificates up to 20 MB"),
        "{refused}"
    );
}

/// The door both shells call: the certificate goes into the folder beside the club file,
/// and a refused certificate leaves no record logged with it (one action).
#[test]
fn a_chosen_certificate_is_kept_beside_the_club_file_and_a_refused_one_logs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.clubroom");
    let mut club = Club::with_store(crate::Store::create(&path).unwrap());
    let sam = club.adult("Sam Patel", false, StaffRole::Volunteer);
    let first_aid = club.course("Emergency First Aid at Work");
    let today = club.today;
    let input = RecordInput {
        person_id: sam,
        course_id: first_aid,
        completed_on: date("2026-02-02"),
        provider: None,
        certificate_number: None,
        dbs_level: None,
        dbs_update_service: None,
    };
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, b"not a certificate").unwrap();
    let refused = log_with_certificate(&mut club.store, &input, Some(&notes), today).unwrap_err();
    assert!(
        refused.to_string().contains("as a PDF or a photo"),
        "{refused}"
    );
    assert!(
        records_with_certificates(&club.store, sam, today)
            .unwrap()
            .is_empty(),
        "the record went with the refused certificate"
    );

    let scan = dir.path().join("first aid.pdf");
    std::fs::write(&scan, b"%PDF-1.4 first aid").unwrap();
    let logged = log_with_certificate(&mut club.store, &input, None, today).unwrap();
    let kept = attach_chosen_certificate(&mut club.store, logged.id, &scan, today).unwrap();
    let certificate = kept.certificate.unwrap();
    assert_eq!(certificate.check, CertificateCheck::Ok);
    assert!(
        dir.path()
            .join("club-attachments")
            .join(&certificate.file_name)
            .exists()
    );
    let listed = records_with_certificates(&club.store, sam, today).unwrap();
    assert_eq!(
        listed[0].certificate.as_ref().unwrap().check,
        CertificateCheck::Ok
    );
}
