use std::collections::BTreeMap;

use chrono::TimeZone;

use super::*;
use crate::access::{Actor, Role};
use crate::audit::{self, Filter};
use crate::figures::Scope;
use crate::fixtures::{Club, date};
use crate::vocab::SessionType;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 1, 1, 12, 0, 0).unwrap()
}

fn autumn() -> Period {
    Period::new(date("2029-09-01"), date("2029-12-31")).unwrap()
}

fn request() -> ReturnRequest {
    ReturnRequest {
        template_id: "dcms-yif".into(),
        period: autumn(),
        scope: Scope::default(),
        answers: BTreeMap::new(),
        differences: Vec::new(),
    }
}

fn club_with_a_session() -> (Club, i64) {
    let mut club = Club::new();
    let session = club.session("2029-10-07", "18:00", "20:00", SessionType::OpenAccess);
    let alex = club.young_person("Alex", "Example", Some("2014-03-02"));
    club.mark(session, alex);
    (club, session)
}

fn export_entries(club: &Club) -> Vec<audit::AuditEntry> {
    audit::entries(
        club.store.conn(),
        &Actor::club_manager(),
        &Filter {
            text: Some("sha256=".into()),
            ..Filter::default()
        },
    )
    .unwrap()
}

fn saved_returns(club: &Club) -> i64 {
    club.store
        .conn()
        .query_row("SELECT COUNT(*) FROM saved_returns", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_saved_file_is_in_the_audit_log_with_its_digest() {
    let (mut club, _) = club_with_a_session();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("attendance.csv");
    let prepared = prepare(
        &mut club.store,
        Export::Attendance {
            period: autumn(),
            format: SheetFormat::Csv,
        },
        club.today,
        now(),
    )
    .unwrap();
    assert_eq!(
        prepared.suggested_name,
        "attendance-2029-09-01-to-2029-12-31.csv"
    );
    save(&mut club.store, prepared, To::File(&path), club.today).unwrap();
    let written = std::fs::read(&path).unwrap();
    let entries = export_entries(&club);
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0].action, "export attendance");
    assert_eq!(
        entries[0].record,
        format!(
            "kind=attendance-csv; period=2029-09-01..2029-12-31; file={}; sha256={}",
            path.display(),
            sha256_hex(&written)
        )
    );
}

#[test]
fn someone_who_may_not_export_is_refused_before_anything_is_made() {
    let (mut club, session) = club_with_a_session();
    club.store.sign_in_as(Actor {
        user_id: 7,
        name: "Sam".into(),
        role: Role::Volunteer,
        person_id: None,
    });
    for export in [
        Export::Attendance {
            period: autumn(),
            format: SheetFormat::Csv,
        },
        Export::PaperRegister { session },
        Export::Return {
            request: request(),
            format: ReturnFormat::Csv,
            draft: false,
        },
    ] {
        let refused = prepare(&mut club.store, export, club.today, now()).unwrap_err();
        assert!(matches!(refused, Error::Denied(_)), "{refused}");
    }
}

#[test]
fn a_file_that_cannot_be_written_leaves_no_entry_and_no_saved_return() {
    let (mut club, _) = club_with_a_session();
    let prepared = prepare(
        &mut club.store,
        Export::Return {
            request: request(),
            format: ReturnFormat::Csv,
            draft: false,
        },
        club.today,
        now(),
    )
    .unwrap();
    let nowhere = Path::new("/no/such/folder/return.csv");
    assert!(save(&mut club.store, prepared, To::File(nowhere), club.today).is_err());
    assert!(export_entries(&club).is_empty());
    assert_eq!(saved_returns(&club), 0);
}

#[test]
fn a_return_is_kept_as_sent_with_its_file_and_a_draft_is_not() {
    let (mut club, _) = club_with_a_session();
    let dir = tempfile::tempdir().unwrap();
    for (draft, name) in [(true, "draft.json"), (false, "sent.json")] {
        let export = Export::Return {
            request: request(),
            format: ReturnFormat::Json,
            draft,
        };
        let saved = super::export(
            &mut club.store,
            export,
            To::File(&dir.path().join(name)),
            club.today,
            now(),
        )
        .unwrap();
        assert_eq!(saved.saved_return.is_some(), !draft);
    }
    assert_eq!(saved_returns(&club), 1);
    let kept = returns::saved(club.store.conn(), 1).unwrap();
    let sent = std::fs::read_to_string(dir.path().join("sent.json")).unwrap();
    assert_eq!(kept.report.to_json(), sent, "the file is the return kept");
    let kinds: Vec<String> = export_entries(&club)
        .into_iter()
        .map(|e| e.record.split(';').next().unwrap().to_owned())
        .collect();
    assert_eq!(kinds, ["kind=funder-return", "kind=draft-return"]);
}

#[test]
fn standard_output_is_an_export_too() {
    let (mut club, _) = club_with_a_session();
    let mut out = Vec::new();
    super::export(
        &mut club.store,
        Export::Attendance {
            period: autumn(),
            format: SheetFormat::Csv,
        },
        To::Stream {
            name: "standard output",
            writer: &mut out,
        },
        club.today,
        now(),
    )
    .unwrap();
    let entries = export_entries(&club);
    assert!(
        entries[0].record.ends_with(&format!(
            "file=standard output; sha256={}",
            sha256_hex(&out)
        )),
        "{}",
        entries[0].record
    );
}

#[test]
fn the_summary_goes_to_a_folder_one_entry_per_file() {
    let (mut club, _) = club_with_a_session();
    club.store
        .write(|tx| {
            let mut details = organisation::require(tx)?;
            details.lyp_member_code = Some("COV-0001".into());
            organisation::save(tx, &details)
        })
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let saved = super::export(
        &mut club.store,
        Export::Summary { period: autumn() },
        To::Folder(dir.path()),
        club.today,
        now(),
    )
    .unwrap();
    assert_eq!(saved.files.len(), 3);
    let entries = export_entries(&club);
    for file in &saved.files {
        let bytes = std::fs::read(&file.path).unwrap();
        assert!(
            entries.iter().any(|e| e.record.contains(&format!(
                "file={}; sha256={}",
                file.path,
                sha256_hex(&bytes)
            ))),
            "{} not in the log",
            file.path
        );
    }
}

/// The kinds the tests walk: a match that stops compiling when a kind is added without
/// an example here.
#[test]
fn every_kind_has_an_operation_and_a_code_of_its_own() {
    let mut codes = std::collections::BTreeSet::new();
    for kind in ExportKind::ALL {
        let example = match kind {
            ExportKind::Attendance => Export::Attendance {
                period: autumn(),
                format: SheetFormat::Csv,
            },
            ExportKind::ReturnRegister => Export::ReturnRegister { request: request() },
            ExportKind::Return | ExportKind::DraftReturn => Export::Return {
                request: request(),
                format: ReturnFormat::Pdf,
                draft: *kind == ExportKind::DraftReturn,
            },
            ExportKind::SavedReturn => Export::SavedReturn {
                id: 1,
                format: ReturnFormat::Pdf,
            },
            ExportKind::PaperRegister => Export::PaperRegister { session: 1 },
            ExportKind::TrainingMatrix => Export::TrainingMatrix {
                on: date("2030-01-01"),
                filter: MatrixFilter::default(),
                format: MatrixFormat::Csv,
            },
            ExportKind::SubjectAccess => Export::SubjectAccess {
                young_person: 1,
                json: false,
            },
            ExportKind::Summary => Export::Summary { period: autumn() },
            ExportKind::Template => Export::Template { id: "x".into() },
            ExportKind::Measure => Export::Measure {
                code: "ons4".into(),
                version: None,
            },
        };
        assert_eq!(example.kind(), *kind);
        // Every export asks for a permission: none is open to anyone.
        assert!(example.operation().permission().is_some(), "{kind:?}");
        assert!(codes.insert(kind.code()), "{} twice", kind.code());
    }
}

/// Every writer (the paper register and the other PDFs, CSV, JSON) with each text at its
/// limit (crate::text): all are made, and the paper register of a session with the longest
/// name there may be is made quickly (a 100,000-character name once took 161 seconds).
#[test]
fn every_writer_copes_with_text_at_its_limits() {
    use crate::text::{NAME, NOTE, POSTCODE, REFERENCE, YOUNG_NAME};
    let mut club = Club::new();
    let input = crate::sessions::SessionInput::one_off(
        &"S".repeat(NAME.max_chars),
        date("2029-10-07"),
        (
            crate::dates::ClockTime::parse("18:00").unwrap(),
            crate::dates::ClockTime::parse("20:00").unwrap(),
        ),
        None,
        SessionType::OpenAccess,
    );
    let session = club
        .store
        .write(|tx| crate::sessions::add_session(tx, &input))
        .unwrap()
        .id;
    let today = club.today;
    let mut people = Vec::new();
    for n in 0..30 {
        let mut profile = crate::young_people::Profile::named(
            &format!("{n:02}{}", "F".repeat(YOUNG_NAME.max_chars - 2)),
            &"L".repeat(YOUNG_NAME.max_chars),
        );
        profile.preferred_name = Some("P".repeat(YOUNG_NAME.max_chars));
        profile.postcode = Some("CV1 2AB".to_owned());
        profile.medical_notes = Some(format!(
            "{}\n{}",
            "m".repeat(NOTE.max_chars / 2),
            "n".repeat(NOTE.max_chars / 2 - 1)
        ));
        profile.allergies = Some("a".repeat(NOTE.max_chars));
        let reference = format!("R{n:02}{}", "9".repeat(REFERENCE.max_chars - 3));
        let added = club
            .store
            .write(|tx| crate::young_people::add(tx, Some(&reference), &profile, true, today))
            .unwrap();
        club.mark(session, added.id);
        people.push(added.id);
    }
    assert_eq!(POSTCODE.max_chars, 16);
    club.store
        .write(|tx| crate::register::set_notes(tx, session, &"n".repeat(NOTE.max_chars)))
        .unwrap();

    let started = std::time::Instant::now();
    let register = prepare(
        &mut club.store,
        Export::PaperRegister { session },
        today,
        now(),
    )
    .unwrap();
    let took = started.elapsed();
    assert!(register.files[0].bytes.starts_with(b"%PDF"));
    assert!(
        took < std::time::Duration::from_secs(20),
        "the paper register took {took:?}"
    );

    let exports = [
        Export::Attendance {
            period: autumn(),
            format: SheetFormat::Csv,
        },
        Export::SubjectAccess {
            young_person: people[0],
            json: true,
        },
        Export::SubjectAccess {
            young_person: people[0],
            json: false,
        },
        Export::Return {
            request: request(),
            format: ReturnFormat::Pdf,
            draft: true,
        },
        Export::Return {
            request: request(),
            format: ReturnFormat::Csv,
            draft: true,
        },
        Export::Return {
            request: request(),
            format: ReturnFormat::Json,
            draft: true,
        },
        Export::ReturnRegister { request: request() },
    ];
    for export in exports {
        let made = prepare(&mut club.store, export.clone(), today, now())
            .unwrap_or_else(|e| panic!("{export:?}: {e}"));
        assert!(!made.files[0].bytes.is_empty(), "{export:?}");
    }
    // One over a limit is refused by name, by the register's own check or, written any
    // other way, by the club file's guard.
    let refused = club
        .store
        .write(|tx| crate::register::set_notes(tx, session, &"n".repeat(NOTE.max_chars + 1)))
        .unwrap_err();
    assert!(
        refused.to_string().contains("notes are too long (10,000"),
        "{refused}"
    );
    let guarded = club
        .store
        .write(|tx| {
            tx.execute(
                "UPDATE sessions SET notes = ?1",
                ["n".repeat(NOTE.max_chars + 1)],
            )?;
            Ok(())
        })
        .unwrap_err();
    assert!(
        guarded
            .to_string()
            .starts_with("The session notes is longer than 10,000"),
        "{guarded}"
    );
}
