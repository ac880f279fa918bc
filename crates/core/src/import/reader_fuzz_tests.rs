//! Bad files at the readers (proptest): random bytes, workbooks cut off or with bytes
//! changed, cells of hundreds of thousands of characters. What must hold for every one:
//! reading returns (never panics) with a sentence when it fails; an import through the
//! suggested mapping fails with words, not a database error; and after any failure the
//! club's data is exactly as before.
//!
//! Inputs tried per run: `CASES` (120) of each of the three kinds, 360 files in all.

use proptest::prelude::*;

use super::apply::{propose, run_mapped};
use super::fuzz_tests::snapshot;
use super::*;
use crate::fixtures::{Club, date};

const CASES: u32 = 120;

fn today() -> NaiveDate {
    date("2026-12-06")
}

/// Reads, proposes and (if anything was proposed) imports the file, checking what must hold.
fn check_file(bytes: &[u8]) {
    let mut club = Club::new();
    club.young_person("Ada", "Lovelace", Some("2010-01-15"));
    let before = snapshot(&club);
    for kind in [
        ImportKind::YoungPeople,
        ImportKind::Attendance,
        ImportKind::Training,
    ] {
        let proposal = match propose(kind, bytes, None, today()) {
            Ok(proposal) => proposal,
            Err(Error::Invalid(message)) => {
                assert!(message.ends_with('.') && message.len() > 10, "{message}");
                continue;
            }
            Err(other) => panic!("reading gave {other:?}, not words"),
        };
        let result = run_mapped(
            &mut club.store,
            bytes,
            &proposal.mapping,
            false,
            today(),
            chrono::Utc::now(),
        );
        match result {
            Ok(_) => {}
            Err(Error::Database(e)) => panic!("a database error for a bad file: {e}"),
            Err(error) => {
                assert!(!error.to_string().is_empty());
                assert_eq!(snapshot(&club), before, "a failed import changed the club");
            }
        }
    }
}

fn workbooks() -> Vec<Vec<u8>> {
    super::data_tests::files()
        .into_iter()
        .filter(|(name, _)| name.ends_with(".xlsx"))
        .map(|(_, bytes)| bytes)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_are_refused_in_words(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check_file(&bytes);
    }

    #[test]
    fn a_workbook_cut_off_or_damaged_is_refused_in_words(
        which in 0usize..5,
        cut in 0.0f64..1.0,
        damage in prop::collection::vec((0.0f64..1.0, any::<u8>()), 0..8),
    ) {
        let books = workbooks();
        let mut bytes = books[which % books.len()].clone();
        for (at, byte) in damage {
            let at = (at * bytes.len() as f64) as usize % bytes.len();
            bytes[at] = byte;
        }
        let keep = (cut * bytes.len() as f64) as usize;
        bytes.truncate(keep.max(1));
        check_file(&bytes);
    }

    #[test]
    fn huge_cells_are_problems_on_their_rows(length in 1_000usize..120_000, column in 0usize..3) {
        let mut cells = ["Ada".to_owned(), "Lovelace".to_owned(), "15/01/2010".to_owned()];
        cells[column] = "x".repeat(length);
        let file = format!("First Name,Last Name,DOB\nBen,Okafor,22/04/2010\n{}\n", cells.join(","));
        check_file(file.as_bytes());
    }
}

#[test]
fn a_huge_cell_names_its_line_and_column_and_saves_nothing() {
    let mut club = Club::new();
    let file = format!(
        "First Name,Last Name,DOB\nBen,Okafor,22/04/2010\nAda,{},15/01/2010\n",
        "x".repeat(200_000)
    );
    let proposal = propose(ImportKind::YoungPeople, file.as_bytes(), None, today()).unwrap();
    let preview = run_mapped(
        &mut club.store,
        file.as_bytes(),
        &proposal.mapping,
        true,
        today(),
        chrono::Utc::now(),
    )
    .unwrap();
    assert_eq!(preview.outcome, None);
    assert_eq!(preview.problems[0].line, 3);
    assert_eq!(preview.problems[0].column.as_deref(), Some("Last Name"));
    let error = run_mapped(
        &mut club.store,
        file.as_bytes(),
        &proposal.mapping,
        false,
        today(),
        chrono::Utc::now(),
    )
    .unwrap_err();
    assert!(matches!(error, Error::Import(_)), "{error:?}");
    let people: i64 = club
        .store
        .conn()
        .query_row("SELECT COUNT(*) FROM young_people", [], |r| r.get(0))
        .unwrap();
    assert_eq!(people, 0);
}
