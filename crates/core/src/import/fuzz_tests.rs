//! Bad input at scale: the CSV importers are fed plausible-but-broken files (proptest).
//!
//! Each generated file has a header drawn from the real column names (in any order, any case,
//! with spaces or dashes, repeated) plus junk names, and rows whose cells are plausible values
//! for their column or junk: quotes, commas, line breaks inside cells, cells of up to 20,000
//! characters, numbers where text is expected, dates real and impossible. The file as a whole
//! may carry a byte-order mark, CRLF line ends, blank lines, too many or too few cells, invalid
//! UTF-8 bytes, or be cut off part-way.
//!
//! What must hold for every file:
//! - the importer returns (never panics);
//! - an `Err` is an import error or a file-level one, never a database error (bad input deserves
//!   words, not SQLite's), with a message that is not empty, names the kind of file, and, for
//!   row errors, gives each problem a line of the file (1 to its number of lines) and a reason;
//! - after an `Err` the club's data is exactly as before, every table row for row (all or
//!   nothing);
//! - after an `Ok`, every row counted was added, updated or unchanged, and importing the same
//!   file again adds nothing.
//!
//! Inputs tried per run: `CASES` (1,000) for each of the four importers, 4,000 files in all.

use proptest::prelude::*;
use proptest::sample::Index;

use super::*;
use crate::fixtures::{Club, date};
use crate::people::PersonInput;
use crate::sessions::SessionInput;
use crate::vocab::SessionType;

const CASES: u32 = 1_000;

fn today() -> NaiveDate {
    date("2026-11-24")
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    YoungPeople,
    Attendance,
    People,
    Training,
}

impl Kind {
    fn columns(self) -> &'static [&'static str] {
        match self {
            Kind::YoungPeople => YOUNG_PEOPLE_COLUMNS,
            Kind::Attendance => ATTENDANCE_COLUMNS,
            Kind::People => PEOPLE_COLUMNS,
            Kind::Training => TRAINING_COLUMNS,
        }
    }

    fn file_kind(self) -> &'static str {
        match self {
            Kind::YoungPeople => "young people",
            Kind::Attendance => "attendance",
            Kind::People => "people",
            Kind::Training => "training",
        }
    }

    fn import(self, tx: &Transaction, bytes: &[u8]) -> Result<ImportOutcome> {
        match self {
            Kind::YoungPeople => young_people(tx, &Actor::club_manager(), bytes, today()),
            Kind::Attendance => attendance(tx, &Actor::club_manager(), bytes),
            Kind::People => people(tx, &Actor::club_manager(), bytes),
            Kind::Training => training(tx, &Actor::club_manager(), bytes, today()),
        }
    }
}

/// Values a real file holds in `column`.
fn good(column: &str) -> &'static [&'static str] {
    match column {
        "ref" => &["YP1", "YP2", "yp3", " YP1 "],
        "first_name" | "last_name" | "preferred_name" => &["Jay", "Amira", "O'Neill", "Zoë"],
        "name" | "person" => &["Test Leader", "lead@example.org", "Sam Helper"],
        "date_of_birth" | "consent_date" | "start_date" | "leaving_date" | "completed_on" => {
            &["2011-03-04", "04/05/2012", "29/02/2012", ""]
        }
        "date" => &["2026-11-17", "17/11/2026", "2026-11-10"],
        "gender" => &["female", "M", "Girl", "non-binary", "prefer not to say", ""],
        "ethnicity" => &["Indian", "pakistani", "Arab", "Any other ethnic group", ""],
        "disability" => &["yes", "no", "Yes", "prefer not to say"],
        "education_status" => &["", "in education", "employed"],
        "care_experienced"
        | "young_carer"
        | "looked_after"
        | "care_leaver"
        | "child_protection_plan"
        | "newly_arrived"
        | "archived"
        | "dbs_update_service" => &["yes", "no", "Y", "0", "1", ""],
        "consent_data" | "consent_photos" | "consent_trips" => {
            &["young-person", "parent-carer", "no", "refused", ""]
        }
        "circumstances" => &["", ";;"],
        "emergency_contact_name" => &["Pat Test", ""],
        "emergency_contact_phone" => &["07700 900123", ""],
        "postcode" => &["CV6 4AB", "cv1 1aa", "B12", ""],
        "session" => &["Tuesday Juniors"],
        "start" => &["18:00"],
        "end" => &["20:00"],
        "arrived" => &["18:10", ""],
        "left" => &["19:50", ""],
        "type" => &["open-access", "Open Access"],
        "venue" => &[""],
        "email" => &["lead@example.org", ""],
        "role" => &["lead", "worker", "volunteer", ""],
        "kind" => &["paid", "volunteer", ""],
        "course" => &[
            "Safeguarding level 2",
            "Enhanced DBS check",
            "Paediatric first aid",
        ],
        "dbs_level" => &["enhanced", ""],
        _ => &["", "note"],
    }
}

/// Values that nearly belong in `column`: the mistakes people make.
fn nearly(column: &str) -> &'static [&'static str] {
    match column {
        "ref" => &["YP9", "YP1", "", "YP 1"],
        "date_of_birth" | "consent_date" | "date" | "start_date" | "leaving_date"
        | "completed_on" => &[
            "29/02/2013",
            "2012-13-01",
            "31/04/2010",
            "1899-12-31",
            "2201-01-01",
            "0000-00-00",
            "9999-12-31",
            "2026-11-17T18:00",
            "17 Nov 2026",
            "2030-01-01",
        ],
        "gender" | "disability" | "ethnicity" | "type" | "kind" | "role" | "dbs_level"
        | "education_status" => &["x", "unknown", "not known", "n/a", "F/M"],
        "care_experienced"
        | "young_carer"
        | "looked_after"
        | "care_leaver"
        | "child_protection_plan"
        | "newly_arrived"
        | "archived"
        | "dbs_update_service" => &["perhaps", "true", "2", "yes/no"],
        "consent_data" | "consent_photos" | "consent_trips" => &["yes", "mum", "given"],
        "circumstances" => &["poverty", "young carer; poverty", "unknown thing"],
        "start" | "end" | "arrived" | "left" => {
            &["6pm", "25:00", "18:60", "00:00", "-1:00", "17:00"]
        }
        "session" => &["tuesday juniors", "Detached", ""],
        "venue" => &["St Mary's Hall", "st mary's hall"],
        "email" => &["LEAD@example.org", "no-at-sign"],
        "course" => &["Juggling", ""],
        "postcode" => &["not a postcode", "CV6  4AB"],
        "emergency_contact_name" | "emergency_contact_phone" => &["", "call"],
        _ => &["", "Jay", "YP1", "2026-11-17"],
    }
}

/// The columns each file must have.
fn required(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::YoungPeople => &["ref", "first_name", "last_name"],
        Kind::Attendance => ATTENDANCE_REQUIRED,
        Kind::People => &["name"],
        Kind::Training => &["person", "course", "completed_on"],
    }
}

/// A cell for `column`: usually good, sometimes nearly, now and then junk.
fn cell(column: &str) -> BoxedStrategy<String> {
    let fresh_ref = (0u32..100_000).prop_map(|n| format!("NEW{n}"));
    let good_value = prop::sample::select(good(column)).prop_map(str::to_owned);
    let good_value = match column {
        "ref" => prop_oneof![good_value, fresh_ref].boxed(),
        "name" => prop_oneof![good_value, "[A-Z][a-z]{2,8} [A-Z][a-z]{2,8}"].boxed(),
        _ => good_value.boxed(),
    };
    prop_oneof![
        16 => good_value,
        2 => prop::sample::select(nearly(column)).prop_map(str::to_owned),
        1 => junk(),
    ]
    .boxed()
}

/// A cell that does not belong, or breaks the CSV around it.
fn junk() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{0,24}",
        "\\PC{0,12}",
        Just("\"".to_owned()),
        Just("\"\"\"".to_owned()),
        "\"[a-z, ]{0,8}\"",
        "\"[a-z]{0,4}\n[a-z]{0,4}\"",
        "[a-z]{0,3}\"[a-z]{0,3}",
        (1_000usize..20_000).prop_map(|n| "x".repeat(n)),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| n.to_string()),
        (0u32..10_000, 0u32..14, 0u32..33).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        (0u32..40, 0u32..14, 0u32..3000).prop_map(|(d, m, y)| format!("{d}/{m}/{y}")),
        Just(String::new()),
        Just("   ".to_owned()),
        Just("\u{feff}".to_owned()),
        Just("\t".to_owned()),
        // What a hostile file holds: NUL bytes, control characters, cells far over any limit.
        "[a-z]{0,4}\u{0}[a-z]{0,4}",
        "[a-z]{0,4}[\u{1}-\u{8}\u{b}\u{c}\u{e}-\u{1f}\u{7f}][a-z]{0,4}",
        (90_000usize..110_000).prop_map(|n| "y".repeat(n)),
    ]
}

/// A header name: a real column, dressed up as spreadsheets do, or junk.
fn header_name(kind: Kind) -> impl Strategy<Value = String> {
    let real = prop::sample::select(kind.columns()).prop_flat_map(|column| {
        prop_oneof![
            4 => Just(column.to_owned()),
            1 => Just(column.to_uppercase()),
            1 => Just(column.replace('_', " ")),
            1 => Just(format!(" {} ", column.replace('_', "-"))),
        ]
    });
    prop_oneof![6 => real, 1 => junk()]
}

/// How the columns are put together into bytes.
#[derive(Debug, Clone)]
struct Shape {
    bom: bool,
    crlf: bool,
    /// Quote every cell properly (a well-formed file) or write them raw (broken ones stay broken).
    quoted: bool,
    blank_lines: Vec<Index>,
    /// Rows with a cell added or taken away.
    ragged: Vec<(Index, bool)>,
    /// Invalid UTF-8 put at a position.
    bad_bytes: Option<(Index, Vec<u8>)>,
    truncate_at: Option<Index>,
}

fn shape() -> impl Strategy<Value = Shape> {
    let bad_bytes = prop::option::weighted(
        0.1,
        (
            any::<Index>(),
            prop_oneof![
                Just(vec![0xff]),
                Just(vec![0xc3]),
                Just(vec![0xe2, 0x82]),
                Just(vec![0xed, 0xa0, 0x80]),
                Just(vec![0x80, 0x80])
            ],
        ),
    );
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(any::<Index>(), 0..3),
        prop::option::weighted(0.2, (any::<Index>(), any::<bool>())).prop_map(Vec::from_iter),
        bad_bytes,
        prop::option::weighted(0.1, any::<Index>()),
    )
        .prop_map(
            |(bom, crlf, quoted, blank_lines, ragged, bad_bytes, truncate_at)| Shape {
                bom,
                crlf,
                quoted,
                blank_lines,
                ragged,
                bad_bytes,
                truncate_at,
            },
        )
}

/// A whole file: headers, rows of cells for them, and its shape.
/// A generated file's bytes, shown as text when a case fails.
#[derive(Clone)]
struct File(Vec<u8>);

impl std::fmt::Debug for File {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", String::from_utf8_lossy(&self.0))
    }
}

fn csv_file(kind: Kind) -> impl Strategy<Value = File> {
    let headers = (
        prop::bool::weighted(0.8),
        prop::collection::vec(header_name(kind), 0..6),
    )
        .prop_map(move |(with_required, extra)| {
            let first = required(kind).iter().map(|c| (*c).to_owned());
            match with_required {
                true => first.chain(extra).collect::<Vec<_>>(),
                false => extra,
            }
        });
    headers
        .prop_flat_map(move |headers| {
            let cells: Vec<BoxedStrategy<String>> =
                headers.iter().map(|h| cell(&tidy_header(h))).collect();
            (Just(headers), prop::collection::vec(cells, 0..6), shape())
        })
        .prop_map(|(headers, rows, shape)| File(render(&headers, rows, &shape)))
}

fn render(headers: &[String], mut rows: Vec<Vec<String>>, shape: &Shape) -> Vec<u8> {
    for (index, longer) in &shape.ragged {
        if rows.is_empty() {
            break;
        }
        let row = index.get_mut(&mut rows);
        if *longer {
            row.push("extra".to_owned());
        } else {
            row.pop();
        }
    }
    let end = if shape.crlf { "\r\n" } else { "\n" };
    let line = |cells: &[String]| -> String {
        if shape.quoted {
            let mut writer = csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(Vec::new());
            writer.write_record(cells).expect("a record writes");
            let bytes = writer.into_inner().expect("the writer flushes");
            String::from_utf8_lossy(&bytes)
                .trim_end_matches('\n')
                .to_owned()
        } else {
            cells.join(",")
        }
    };
    let mut lines: Vec<String> = std::iter::once(line(headers))
        .chain(rows.iter().map(|r| line(r)))
        .collect();
    for at in &shape.blank_lines {
        let position = at.index(lines.len() + 1);
        lines.insert(position, String::new());
    }
    let mut bytes = Vec::new();
    if shape.bom {
        bytes.extend_from_slice("\u{feff}".as_bytes());
    }
    for text in &lines {
        bytes.extend_from_slice(text.as_bytes());
        bytes.extend_from_slice(end.as_bytes());
    }
    if let Some((at, bad)) = &shape.bad_bytes {
        let position = at.index(bytes.len() + 1);
        bytes.splice(position..position, bad.iter().copied());
    }
    if let Some(at) = &shape.truncate_at {
        bytes.truncate(at.index(bytes.len() + 1));
    }
    bytes
}

/// A small club for the rows to meet: young people YP1-YP4 (YP4 archived), a session on
/// 17 November with YP1 marked present, a volunteer.
fn club() -> Club {
    let mut club = Club::new();
    let today = today();
    club.store
        .write(|tx| {
            for (n, first) in ["Jay", "Amira", "Kai", "Sam"].iter().enumerate() {
                let reference = format!("YP{}", n + 1);
                let person = crate::young_people::add(
                    tx,
                    Some(&reference),
                    &Profile::named(first, "Test"),
                    true,
                    today,
                )?;
                if n == 3 {
                    crate::young_people::set_archived(tx, person.id, true, today)?;
                }
            }
            let session = sessions::add_session(
                tx,
                &SessionInput::one_off(
                    "Tuesday Juniors",
                    date("2026-11-17"),
                    (
                        ClockTime::parse("18:00").expect("a time"),
                        ClockTime::parse("20:00").expect("a time"),
                    ),
                    None,
                    SessionType::OpenAccess,
                ),
            )?;
            let first = crate::young_people::require_by_reference(tx, "YP1")?;
            crate::register::mark_present(tx, session.id, first, today)?;
            let mut leader = PersonInput::volunteer("Test Leader");
            leader.email = Some("lead@example.org".to_owned());
            crate::people::add(tx, &leader)?;
            Ok(())
        })
        .expect("the club is set up");
    club
}

thread_local! {
    /// A club a refused import left exactly as it was, ready for the next case (setting one
    /// up runs every migration, which takes far longer than an import).
    static SPARE: std::cell::Cell<Option<Club>> = const { std::cell::Cell::new(None) };
}

/// Every row of every table, as text: "unchanged" means this is equal before and after.
pub(super) fn snapshot(club: &Club) -> Vec<(String, Vec<String>)> {
    let conn = club.store.conn();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables
        .into_iter()
        .map(|table| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
            let width = stmt.column_count();
            let rows = stmt
                .query_map([], |row| {
                    (0..width)
                        .map(|i| row.get::<_, rusqlite::types::Value>(i))
                        .collect::<rusqlite::Result<Vec<_>>>()
                        .map(|values| format!("{values:?}"))
                })
                .unwrap()
                .collect::<rusqlite::Result<Vec<_>>>()
                .unwrap();
            (table, rows)
        })
        .collect()
}

/// The whole property, for one importer and one file.
fn check_import(kind: Kind, bytes: &[u8]) -> std::result::Result<(), TestCaseError> {
    let mut club = SPARE.take().unwrap_or_else(club);
    let before = snapshot(&club);
    // The file is imported as the app and the CLI do, in `Store::write`. One that imports is
    // imported again in the same transaction (as a second import would see it), and then the
    // test rolls the whole action back, so the next case meets the same club.
    let mut outcomes = None;
    let result = club.store.write(|tx| {
        let first = kind.import(tx, bytes)?;
        let again = kind.import(tx, bytes);
        outcomes = Some((first, again));
        Err::<(), _>(Error::Invalid(ROLLED_BACK.to_owned()))
    });
    match (outcomes, result) {
        (Some((first, again)), _) => {
            prop_assert_eq!(
                first.added + first.updated + first.unchanged,
                first.rows,
                "every row counted once"
            );
            prop_assert!(again.is_ok(), "the same file again fails: {:?}", again);
            let again = again.expect("checked above");
            prop_assert_eq!(again.added, 0, "importing the same file twice adds nothing");
            prop_assert_eq!(again.sessions_added, 0);
        }
        (None, Err(error)) => check_message(kind, bytes, &error)?,
        (None, Ok(())) => unreachable!("the action always ends in an error"),
    }
    prop_assert!(
        snapshot(&club) == before,
        "the data changed after a refused import"
    );
    SPARE.set(Some(club));
    Ok(())
}

/// The test's own way of undoing an import that worked.
const ROLLED_BACK: &str = "rolled back by the test";

fn check_message(
    kind: Kind,
    bytes: &[u8],
    error: &Error,
) -> std::result::Result<(), TestCaseError> {
    let message = error.to_string();
    prop_assert!(!message.trim().is_empty(), "an empty message");
    prop_assert!(
        message.contains(&format!("{} file", kind.file_kind())),
        "the message does not say which file: {}",
        message
    );
    match error {
        Error::Import(errors) => {
            let lines_in_file = bytes.split(|b| *b == b'\n').count() as u64;
            prop_assert!(!errors.rows.is_empty());
            for row in &errors.rows {
                prop_assert!(
                    (1..=lines_in_file).contains(&row.line),
                    "line {} of a file of {} lines: {}",
                    row.line,
                    lines_in_file,
                    message
                );
                prop_assert!(
                    !row.reason.trim().is_empty(),
                    "a row error without a reason"
                );
                let said = match &row.column {
                    Some(column) => format!("Line {}, column {column}: ", row.line),
                    None => format!("Line {}: ", row.line),
                };
                prop_assert!(message.contains(&said), "{} not in {}", said, message);
            }
        }
        Error::Invalid(_) => {}
        other => prop_assert!(
            false,
            "bad input gave a {:?} error: {}",
            other.kind(),
            message
        ),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn broken_young_people_files_never_panic_and_change_nothing(file in csv_file(Kind::YoungPeople)) {
        check_import(Kind::YoungPeople, &file.0)?;
    }

    #[test]
    fn broken_attendance_files_never_panic_and_change_nothing(file in csv_file(Kind::Attendance)) {
        check_import(Kind::Attendance, &file.0)?;
    }

    #[test]
    fn broken_people_files_never_panic_and_change_nothing(file in csv_file(Kind::People)) {
        check_import(Kind::People, &file.0)?;
    }

    #[test]
    fn broken_training_files_never_panic_and_change_nothing(file in csv_file(Kind::Training)) {
        check_import(Kind::Training, &file.0)?;
    }
}

/// The generator makes files that import, too: otherwise the properties above would only
/// ever see errors.
#[test]
fn the_generator_also_makes_files_that_import() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut imported = 0;
    let club = club();
    for _ in 0..300 {
        let File(bytes) = csv_file(Kind::YoungPeople)
            .new_tree(&mut runner)
            .expect("a file")
            .current();
        // Rolled back either way (the transaction is never committed).
        let tx = club
            .store
            .conn()
            .unchecked_transaction()
            .expect("a transaction");
        if young_people(&tx, &Actor::club_manager(), &bytes[..], today()).is_ok() {
            imported += 1;
        }
    }
    assert!(
        imported > 10,
        "only {imported} of 300 generated files imported"
    );
}
