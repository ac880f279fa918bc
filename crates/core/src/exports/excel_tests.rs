//! The Excel workbooks read back with calamine (the reader the imports use), as a funder's
//! spreadsheet would read them: sheet names, numbers as numbers, dates as dates, the words
//! beside the shading, and text that never runs as a formula.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx};
use chrono::TimeZone;

use super::excel::SheetNames;
use super::*;
use crate::figures::Scope;
use crate::fixtures::{Club, date};
use crate::returns::Part;
use crate::returns::templates::{MeasureItem, SCHEMA, Section, Template};
use crate::vocab::{SessionType, StaffRole};

/// The names OWASP's advice is about, as a young person, a member of staff, a session or
/// an answer might be called.
const HOSTILE: [&str; 4] = ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2", "@SUM(A1)"];

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 1, 1, 12, 0, 0).unwrap()
}

fn autumn() -> Period {
    Period::new(date("2029-09-01"), date("2029-12-31")).unwrap()
}

fn book(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).expect("a workbook calamine reads")
}

fn sheet(bytes: &[u8], name: &str) -> Range<Data> {
    book(bytes)
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("no sheet {name}: {e}"))
}

/// No cell of any sheet is a formula.
fn assert_no_formulas(bytes: &[u8]) {
    let mut workbook = book(bytes);
    for name in workbook.sheet_names() {
        let formulas = workbook.worksheet_formula(&name).unwrap();
        let written: Vec<&String> = formulas
            .used_cells()
            .map(|(_, _, f)| f)
            .filter(|f| !f.is_empty())
            .collect();
        assert!(written.is_empty(), "formulas in {name}: {written:?}");
    }
}

/// Every text cell of every sheet: none begins as a formula would.
fn assert_text_neutralised(bytes: &[u8]) {
    let mut workbook = book(bytes);
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).unwrap();
        for (row, col, cell) in range.used_cells() {
            if let Data::String(text) = cell {
                assert!(
                    !text.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{name} ({row}, {col}) would run: {text:?}"
                );
            }
        }
    }
}

/// The first row holding a text cell equal to `text`.
fn row_with(range: &Range<Data>, text: &str) -> Vec<Data> {
    range
        .rows()
        .find(|row| {
            row.iter()
                .any(|c| matches!(c, Data::String(t) if t == text))
        })
        .unwrap_or_else(|| panic!("no row with {text:?}"))
        .to_vec()
}

fn as_date(cell: &Data) -> NaiveDate {
    match cell {
        Data::DateTime(when) if when.is_datetime() => {
            let (y, m, d, ..) = when.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(y.into(), m.into(), d.into()).unwrap()
        }
        other => panic!("not a date cell: {other:?}"),
    }
}

fn as_number(cell: &Data) -> f64 {
    match cell {
        Data::Float(n) => *n,
        Data::Int(n) => *n as f64,
        other => panic!("not a number cell: {other:?}"),
    }
}

#[test]
fn sheet_names_keep_to_excels_rules() {
    let mut names = SheetNames::default();
    assert_eq!(names.name_for("Return"), "Return");
    assert_eq!(names.name_for("return"), "return (2)", "Excel ignores case");
    assert_eq!(
        names.name_for("Young people by gender: who came [all]?"),
        "Young people by gender who came"
    );
    assert_eq!(names.name_for("a/b\\c*d"), "a b c d");
    assert_eq!(names.name_for("History"), "History table");
    assert_eq!(names.name_for("'quoted'"), "quoted");
    assert_eq!(names.name_for("  "), "Table");
    let long = "x".repeat(40);
    assert_eq!(names.name_for(&long), "x".repeat(31));
    assert_eq!(names.name_for(&long), format!("{} (2)", "x".repeat(27)));
    for name in [names.name_for("[]:*?/\\"), names.name_for(&"é".repeat(40))] {
        assert!(name.chars().count() <= 31, "{name}");
        assert!(
            !name.contains(['[', ']', ':', '*', '?', '/', '\\']),
            "{name}"
        );
    }
}

/// The kinds of part a return has today. The match stops compiling when a kind is added:
/// add it to [`every_kind_template`] too, so the workbook test covers it.
fn kind_of(part: &Part) -> &'static str {
    match part {
        Part::Measures { .. } => "measures",
        Part::Breakdown { .. } => "breakdown",
        Part::Chart { .. } => "chart",
        Part::Question { .. } => "question",
        Part::Text { .. } => "text",
    }
}

fn every_kind_template() -> Template {
    Template {
        schema: SCHEMA.into(),
        id: "every-kind".into(),
        name: "Every kind of part".into(),
        funder: "Test Fund".into(),
        version: 3,
        description: "A part of every kind.".into(),
        modelled_on: None,
        age_bands: None,
        sections: vec![
            Section::Measures {
                title: "Headline figures".into(),
                items: vec![
                    MeasureItem {
                        measure: "unique_young_people".into(),
                        label: HOSTILE[0].into(),
                        note: None,
                    },
                    MeasureItem {
                        measure: "training_compliance".into(),
                        label: "Staff trained".into(),
                        note: Some("Nobody staffed a session, so there is no share.".into()),
                    },
                ],
            },
            Section::Breakdown {
                title: "Young people by gender: who came [all]?".into(),
                dimension: "gender".into(),
                labels: BTreeMap::new(),
                note: None,
            },
            Section::Chart {
                title: "History".into(),
                chart: "attendance-by-month".into(),
            },
            Section::Question {
                id: "story".into(),
                title: "What went well?".into(),
                hint: None,
            },
            Section::Text {
                title: "About this return".into(),
                body: HOSTILE[1].into(),
            },
        ],
    }
}

fn club_for_a_return() -> Club {
    let mut club = Club::new();
    let session = club.session("2029-10-07", "18:00", "20:00", SessionType::OpenAccess);
    let one = club.young_person(HOSTILE[2], HOSTILE[3], Some("2014-03-02"));
    let two = club.young_person("Alex", "Example", Some("2015-05-05"));
    club.mark(session, one);
    club.mark(session, two);
    club
}

#[test]
fn a_return_has_a_cover_sheet_and_a_sheet_per_table_with_numbers_as_numbers() {
    let club = club_for_a_return();
    let template = every_kind_template();
    let request = ReturnRequest {
        template_id: template.id.clone(),
        period: autumn(),
        scope: Scope::default(),
        answers: BTreeMap::from([("story".to_owned(), HOSTILE[0].to_owned())]),
        differences: Vec::new(),
    };
    let conn = club.store.conn();
    let report = returns::build_with(conn, &template, &request, club.today).unwrap();
    let kinds: BTreeSet<&str> = report.parts.iter().map(kind_of).collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["measures", "breakdown", "chart", "question", "text"]),
        "the template has a part of every kind"
    );
    let fingerprint = returns::fingerprint(conn, autumn(), &[], club.today).unwrap();
    let bytes = excel::return_workbook(&report, &fingerprint, club.today).unwrap();

    assert_eq!(
        book(&bytes).sheet_names(),
        vec![
            "Return",
            "Headline figures",
            "Young people by gender who came",
            "History table"
        ]
    );
    let cover = sheet(&bytes, "Return");
    assert_eq!(
        cover.get((0, 0)),
        Some(&Data::String("Every kind of part".into()))
    );
    assert_eq!(
        row_with(&cover, "Club")[1],
        Data::String("Test Youth Club".into())
    );
    assert_eq!(
        row_with(&cover, "Funder")[1],
        Data::String("Test Fund".into())
    );
    assert_eq!(
        row_with(&cover, "Fingerprint of the records")[1],
        Data::String(fingerprint.clone())
    );
    assert_eq!(as_date(&row_with(&cover, "Period from")[1]), autumn().from);
    assert_eq!(as_date(&row_with(&cover, "Period to")[1]), autumn().to);
    assert_eq!(as_date(&row_with(&cover, "Counted on")[1]), club.today);
    // The parts without a table are on the cover, in words, neutralised.
    row_with(&cover, "What went well?");
    let neutralised = |text: &str| Data::String(format!("'{text}"));
    assert_eq!(row_with(&cover, "Answer")[2], neutralised(HOSTILE[0]));
    assert_eq!(row_with(&cover, "Body")[2], neutralised(HOSTILE[1]));

    let headline = sheet(&bytes, "Headline figures");
    let header = row_with(&headline, "Measure");
    let column = |name: &str| {
        header
            .iter()
            .position(|c| matches!(c, Data::String(t) if t == name))
            .unwrap_or_else(|| panic!("no column {name}: {header:?}"))
    };
    let young = row_with(&headline, "unique_young_people");
    assert_eq!(as_number(&young[column("Value")]), 2.0);
    assert_eq!(
        young[column("Label")],
        Data::String(format!("'{}", HOSTILE[0]))
    );
    // A share with nobody to share is shown as the return shows it: no number invented.
    let trained = row_with(&headline, "training_compliance");
    assert_eq!(trained[column("Value")], Data::String("–".into()));
    assert_eq!(trained[column("Shown")], Data::String("–".into()));

    let gender = sheet(&bytes, "Young people by gender who came");
    assert_eq!(as_number(&row_with(&gender, "Young people")[1]), 2.0);
    let header = row_with(&gender, "Category");
    assert_eq!(header[2], Data::String("Young people".into()));
    let counted: f64 = gender
        .rows()
        .skip_while(|r| r.first() != Some(&Data::String("Category".into())))
        .skip(1)
        .map(|r| as_number(&r[2]))
        .sum();
    assert_eq!(counted, 2.0, "every category row's count is a number");

    let months = sheet(&bytes, "History table");
    let october = row_with(&months, "2029-10");
    let header = row_with(&months, "Month");
    let attendances = header
        .iter()
        .position(|c| c == &Data::String("Attendances".into()))
        .unwrap();
    assert_eq!(as_number(&october[attendances]), 2.0);

    assert_no_formulas(&bytes);
    assert_text_neutralised(&bytes);
}

#[test]
fn a_return_saved_as_excel_goes_through_the_door_and_into_the_audit_log() {
    let mut club = club_for_a_return();
    let request = ReturnRequest {
        template_id: "dcms-yif".into(),
        period: autumn(),
        scope: Scope::default(),
        answers: BTreeMap::new(),
        differences: Vec::new(),
    };
    let dir = tempfile::tempdir().unwrap();
    let prepared = prepare(
        &mut club.store,
        Export::Return {
            request,
            format: ReturnFormat::Xlsx,
            draft: false,
        },
        club.today,
        now(),
    )
    .unwrap();
    assert_eq!(prepared.file_type, FileType::XLSX);
    assert!(
        prepared.suggested_name.ends_with(".xlsx"),
        "{}",
        prepared.suggested_name
    );
    let path = dir.path().join(&prepared.suggested_name);
    let saved = save(&mut club.store, prepared, To::File(&path), club.today).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(book(&bytes).sheet_names().len() > 1);
    let kept = returns::saved(club.store.conn(), saved.saved_return.unwrap()).unwrap();
    let cover = sheet(&bytes, "Return");
    assert_eq!(
        row_with(&cover, "Fingerprint of the records")[1],
        Data::String(kept.fingerprint)
    );
    let logged = crate::audit::entries(
        club.store.conn(),
        &crate::access::Actor::club_manager(),
        &crate::audit::Filter {
            text: Some(".xlsx; sha256=".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(logged.len(), 1, "{logged:?}");
    assert!(
        logged[0].record.starts_with("kind=funder-return;"),
        "{}",
        logged[0].record
    );
    assert!(
        logged[0]
            .record
            .ends_with(&crate::training::sha256_hex(&bytes))
    );
}

/// Bo's DBS ran out, Cy's safeguarding runs out within the warning days, Dee has nothing on
/// record (the training module's own team, with a hostile name for each).
fn team() -> Club {
    let mut club = Club::new();
    club.today = date("2026-11-24");
    let ann = club.adult(HOSTILE[0], true, StaffRole::Lead);
    let bo = club.adult(HOSTILE[1], false, StaffRole::Volunteer);
    let cy = club.adult(HOSTILE[2], false, StaffRole::Volunteer);
    club.adult(HOSTILE[3], false, StaffRole::Volunteer);
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
    club
}

/// The training matrix as Excel: each state in words in its cell, the cell shaded for it,
/// and the records with their dates as date cells.
#[test]
fn the_training_matrix_says_each_state_in_words_beside_its_shading() {
    let club = team();
    let matrix = training::matrix(club.store.conn(), club.today, &MatrixFilter::default()).unwrap();
    let bytes = excel::matrix_workbook(&matrix, "Test Youth Club").unwrap();
    assert_eq!(
        book(&bytes).sheet_names(),
        vec!["Training matrix", "Records"]
    );
    let grid = sheet(&bytes, "Training matrix");
    let header = row_with(&grid, "Person");
    let dbs = header
        .iter()
        .position(|c| c == &Data::String("Enhanced DBS check".into()))
        .unwrap();
    let safeguarding = header
        .iter()
        .position(|c| c == &Data::String("Safeguarding level 1".into()))
        .unwrap();
    let bo = row_with(&grid, &format!("'{}", HOSTILE[1]));
    assert_eq!(
        bo[dbs],
        Data::String("Expired, since 1 Jun 2026 (required)".into())
    );
    let cy = row_with(&grid, &format!("'{}", HOSTILE[2]));
    assert_eq!(
        cy[safeguarding],
        Data::String("Expiring soon, to 14 Dec 2026 (required)".into())
    );
    let dee = row_with(&grid, &format!("'{}", HOSTILE[3]));
    assert_eq!(
        dee[dbs],
        Data::String("Missing, not on record (required)".into())
    );
    assert_eq!(
        dee.last(),
        Some(&Data::String("Missing".into())),
        "the overall state"
    );

    // The records sheet has the dates as date cells.
    let records = sheet(&bytes, "Records");
    let bo_dbs = records
        .rows()
        .find(|r| {
            r[0] == Data::String(format!("'{}", HOSTILE[1]))
                && r[2] == Data::String("Enhanced DBS check".into())
        })
        .unwrap();
    assert_eq!(as_date(&bo_dbs[4]), date("2023-06-01"));
    assert_eq!(as_date(&bo_dbs[5]), date("2026-06-01"));
    assert_eq!(bo_dbs[6], Data::String("Expired".into()));

    // The shading is in the workbook's styles (calamine reads values, not styles): each
    // state's fill colour, as the PDF uses.
    let styles = zipped_file(&bytes, "xl/styles.xml");
    for (what, colour) in [
        ("expired or missing", crate::print::Colour::DANGER_SOFT),
        ("expiring", crate::print::Colour::WARN_SOFT),
        ("in date", crate::print::Colour::OK_SOFT),
    ] {
        let rgb = format!("FF{:02X}{:02X}{:02X}", colour.0, colour.1, colour.2);
        assert!(styles.contains(&rgb), "no {what} fill {rgb} in the styles");
    }

    assert_no_formulas(&bytes);
    assert_text_neutralised(&bytes);
}

/// One file of the workbook's zip, as text (calamine reads values, not styles).
fn zipped_file(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn attendance_as_excel_has_dates_as_dates_and_text_that_cannot_run() {
    let mut club = Club::new();
    let venue = club.venue(HOSTILE[3]);
    let input = crate::sessions::SessionInput::one_off(
        HOSTILE[0],
        date("2029-10-07"),
        (
            crate::fixtures::time("18:00"),
            crate::fixtures::time("20:30"),
        ),
        Some(venue),
        SessionType::OpenAccess,
    );
    let session = club
        .store
        .write(|tx| crate::sessions::add_session(tx, &input))
        .unwrap()
        .id;
    let one = club.young_person(HOSTILE[1], HOSTILE[2], Some("2014-03-02"));
    club.mark_times(session, one, "18:15", "20:00");
    let dir = tempfile::tempdir().unwrap();
    let prepared = prepare(
        &mut club.store,
        Export::Attendance {
            period: autumn(),
            format: SheetFormat::Xlsx,
        },
        club.today,
        now(),
    )
    .unwrap();
    assert_eq!(
        prepared.suggested_name,
        "attendance-2029-09-01-to-2029-12-31.xlsx"
    );
    assert_eq!(prepared.about, "1 attendance");
    let path = dir.path().join(&prepared.suggested_name);
    save(&mut club.store, prepared, To::File(&path), club.today).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let rows = sheet(&bytes, "Attendance");
    let header: Vec<Data> = rows.rows().next().unwrap().to_vec();
    assert_eq!(
        header,
        crate::import::ATTENDANCE_COLUMNS
            .iter()
            .map(|c| Data::String((*c).into()))
            .collect::<Vec<_>>()
    );
    let mark = rows.rows().nth(1).unwrap();
    assert_eq!(as_date(&mark[0]), date("2029-10-07"));
    assert_eq!(mark[1], Data::String(format!("'{}", HOSTILE[0])));
    let minutes = |cell: &Data| match cell {
        Data::DateTime(t) => (t.as_f64() * 24.0 * 60.0).round() as i64,
        other => panic!("not a time cell: {other:?}"),
    };
    assert_eq!(minutes(&mark[2]), 18 * 60);
    assert_eq!(minutes(&mark[3]), 20 * 60 + 30);
    assert_eq!(mark[4], Data::String("open-access".into()));
    assert_eq!(mark[5], Data::String(format!("'{}", HOSTILE[3])));
    assert_eq!(minutes(&mark[7]), 18 * 60 + 15);
    assert_eq!(minutes(&mark[8]), 20 * 60);
    assert_no_formulas(&bytes);
    assert_text_neutralised(&bytes);
    let entries = crate::audit::entries(
        club.store.conn(),
        &crate::access::Actor::club_manager(),
        &crate::audit::Filter {
            text: Some("sha256=".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(entries.len(), 1);
    assert!(
        entries[0].record.contains(".xlsx; sha256="),
        "{}",
        entries[0].record
    );
}

/// A club where everything people type is one of the hostile names: a session and its
/// venue, young people, a member of staff with training, a saved template's label and an
/// answer to its question. The club is a partnership member, so the summary can be made.
fn hostile_club() -> (Club, ReturnRequest) {
    let mut club = Club::new();
    club.today = date("2030-01-01");
    let venue = club.venue(HOSTILE[3]);
    let input = crate::sessions::SessionInput::one_off(
        HOSTILE[0],
        date("2029-10-07"),
        (
            crate::fixtures::time("18:00"),
            crate::fixtures::time("20:00"),
        ),
        Some(venue),
        SessionType::OpenAccess,
    );
    let session = club
        .store
        .write(|tx| crate::sessions::add_session(tx, &input))
        .unwrap()
        .id;
    for (first, last) in [(HOSTILE[0], HOSTILE[1]), (HOSTILE[2], HOSTILE[3])] {
        let young = club.young_person(first, last, Some("2014-03-02"));
        club.mark(session, young);
    }
    let adult = club.adult(HOSTILE[0], true, StaffRole::Lead);
    club.trained(adult, "Enhanced DBS check", "2025-01-10");
    club.staff(session, adult, StaffRole::Lead);
    let template = every_kind_template();
    club.store
        .write(|tx| {
            crate::returns::templates::save(tx, &template)?;
            let mut details = organisation::require(tx)?;
            details.lyp_member_code = Some("COV-0001".into());
            organisation::save(tx, &details)
        })
        .unwrap();
    let request = ReturnRequest {
        template_id: template.id,
        period: autumn(),
        scope: Scope::default(),
        answers: BTreeMap::from([("story".to_owned(), HOSTILE[0].to_owned())]),
        differences: Vec::new(),
    };
    (club, request)
}

/// The CSV form of each kind of export, if it has one. The match stops compiling when a
/// kind is added: say here whether it writes CSV.
fn csv_export_of(kind: ExportKind, request: &ReturnRequest, saved: i64) -> Option<Export> {
    match kind {
        ExportKind::Attendance => Some(Export::Attendance {
            period: autumn(),
            format: SheetFormat::Csv,
        }),
        ExportKind::ReturnRegister => Some(Export::ReturnRegister {
            request: request.clone(),
        }),
        ExportKind::Return | ExportKind::DraftReturn => Some(Export::Return {
            request: request.clone(),
            format: ReturnFormat::Csv,
            draft: kind == ExportKind::DraftReturn,
        }),
        ExportKind::SavedReturn => Some(Export::SavedReturn {
            id: saved,
            format: ReturnFormat::Csv,
        }),
        ExportKind::TrainingMatrix => Some(Export::TrainingMatrix {
            on: date("2030-01-01"),
            filter: MatrixFilter::default(),
            format: MatrixFormat::Csv,
        }),
        ExportKind::Summary => Some(Export::Summary { period: autumn() }),
        // PDF or JSON only: no spreadsheet reads them as cells.
        ExportKind::PaperRegister
        | ExportKind::SubjectAccess
        | ExportKind::Template
        | ExportKind::Measure => None,
    }
}

/// The kinds whose CSV carries text people typed, so the neutralised name must be in it.
fn carries_typed_text(kind: ExportKind) -> bool {
    matches!(
        kind,
        ExportKind::Attendance
            | ExportKind::Return
            | ExportKind::DraftReturn
            | ExportKind::SavedReturn
            | ExportKind::TrainingMatrix
    )
}

#[test]
fn every_csv_the_door_writes_neutralises_cells_that_would_run() {
    let (mut club, request) = hostile_club();
    let saved = club
        .store
        .write(|tx| returns::save(tx, &request, date("2030-01-01")))
        .unwrap()
        .id;
    let mut walked = 0;
    for kind in ExportKind::ALL {
        let Some(export) = csv_export_of(*kind, &request, saved) else {
            continue;
        };
        let prepared = prepare(&mut club.store, export, club.today, now()).unwrap();
        for file in &prepared.files {
            if !file.name.ends_with(".csv") {
                continue;
            }
            walked += 1;
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(file.bytes.as_slice());
            let mut neutralised = false;
            for record in reader.records() {
                for cell in record.unwrap().iter() {
                    assert!(
                        !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                        "{kind:?} {}: {cell:?} would run",
                        file.name
                    );
                    neutralised |= HOSTILE.iter().any(|h| cell == format!("'{h}"));
                }
            }
            if carries_typed_text(*kind) {
                assert!(
                    neutralised,
                    "{kind:?}: no hostile name found in {}",
                    file.name
                );
            }
        }
    }
    // Attendance, register, return, draft, saved return, matrix and the summary's figures.
    assert!(walked >= 7, "only {walked} CSV files walked");
}

/// The same hostile club in each Excel export: text cells, never formulas, numbers still
/// numbers.
#[test]
fn every_excel_export_writes_hostile_names_as_text() {
    let (mut club, request) = hostile_club();
    let saved = club
        .store
        .write(|tx| returns::save(tx, &request, date("2030-01-01")))
        .unwrap()
        .id;
    for export in [
        Export::Attendance {
            period: autumn(),
            format: SheetFormat::Xlsx,
        },
        Export::Return {
            request: request.clone(),
            format: ReturnFormat::Xlsx,
            draft: true,
        },
        Export::SavedReturn {
            id: saved,
            format: ReturnFormat::Xlsx,
        },
        Export::TrainingMatrix {
            on: date("2030-01-01"),
            filter: MatrixFilter::default(),
            format: MatrixFormat::Xlsx,
        },
    ] {
        let kind = export.kind();
        let prepared = prepare(&mut club.store, export, club.today, now()).unwrap();
        assert_eq!(prepared.file_type, FileType::XLSX, "{kind:?}");
        let bytes = prepared.bytes();
        assert_no_formulas(bytes);
        assert_text_neutralised(bytes);
        let mut workbook = book(bytes);
        let mut hostile = 0;
        let mut numbers = 0;
        for name in workbook.sheet_names() {
            for (_, _, cell) in workbook.worksheet_range(&name).unwrap().used_cells() {
                match cell {
                    Data::String(t) if HOSTILE.iter().any(|h| *t == format!("'{h}")) => {
                        hostile += 1
                    }
                    Data::Float(_) | Data::Int(_) | Data::DateTime(_) => numbers += 1,
                    _ => {}
                }
            }
        }
        assert!(hostile > 0, "{kind:?}: no hostile name written as text");
        assert!(numbers > 0, "{kind:?}: no number or date cell");
    }
}
