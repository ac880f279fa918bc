//! The partnership benchmark: a folder of 1,000 members' summaries for a quarter (and each
//! member's previous quarter too, so 2,000 summaries are read and checked and sharp movements
//! are looked for), merged end to end: every manifest and CSV read, sized, digested and
//! checked against `lyp-summary/2`, the totals worked out, and the two CSVs and the PDF
//! report written.
//!
//! The summaries are made from synthetic rows with the core's own writer (`Summary::files`),
//! not from 1,000 demo clubs: what is measured is the merge, not the counting.
//!
//! Run: `cargo bench -p clubroom-core --bench partnership` (figures in docs/performance.md).

use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, Utc};
use clubroom_core::dates::Period;
use clubroom_core::figures::Measures;
use clubroom_core::partnership::{self, MergeRequest};
use clubroom_core::summary::{ALL, Row, SCHEMA, SCHEMA_FILE_NAME, Summary, TABLE_SCHEMA};

const MEMBERS: u64 = 1_000;

fn main() {
    divan::main();
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

fn at() -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(1_782_000_000, 0).expect("a time")
}

/// The categories of each breakdown, as a member with young people from five districts
/// lists them.
fn breakdowns() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        (
            "age_band",
            vec![
                "under 8", "8-10", "11-13", "14-16", "17-19", "20-25", "over 25", "unknown",
            ],
        ),
        (
            "gender",
            vec![
                "female",
                "male",
                "non-binary",
                "other",
                "prefer not to say",
                "unknown",
            ],
        ),
        (
            "ethnicity_group",
            vec![
                "asian",
                "black",
                "mixed",
                "white",
                "other",
                "prefer not to say",
                "unknown",
            ],
        ),
        (
            "disability",
            vec!["yes", "no", "prefer not to say", "unknown"],
        ),
        (
            "postcode_district",
            vec!["CV1", "CV2", "CV3", "CV5", "CV6", "unknown"],
        ),
        (
            "session_type",
            vec![
                "open-access",
                "targeted",
                "one-to-one",
                "detached",
                "trip",
                "online",
            ],
        ),
    ]
}

/// A member's summary with figures that vary from member to member, some cells withheld.
fn synthetic(member: u64, period: Period, scale: u64) -> Summary {
    let people = 20 + (member * 37 + scale) % 300;
    let mut rows: Vec<Row> = Measures::names()
        .into_iter()
        .map(|measure| Row {
            value: Some(if measure == "training_compliance" {
                0.75
            } else {
                (people * scale) as f64
            }),
            measure,
            dimension: ALL.into(),
            category: ALL.into(),
            suppressed: false,
        })
        .collect();
    for (dimension, categories) in breakdowns() {
        for (i, category) in categories.into_iter().enumerate() {
            let count = (people + i as u64 * 7 + member) % 40;
            let withheld = (1..5).contains(&count);
            rows.push(Row {
                measure: "unique_young_people".into(),
                dimension: dimension.into(),
                category: category.into(),
                value: (!withheld).then_some(count as f64),
                suppressed: withheld,
            });
        }
    }
    Summary {
        schema: SCHEMA.into(),
        org_code: format!("LYP-{member:04}"),
        org_name: format!("Member Youth Club {member}"),
        period,
        rows,
        audit_head: None,
        not_ended: None,
        outcome_measures: Vec::new(),
    }
}

/// The folder of summaries, made once: plain writes, as a sync client would leave them.
fn inbox() -> &'static PathBuf {
    static FOLDER: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &FOLDER
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let quarters = [
                Period::new(date(2026, 1, 1), date(2026, 3, 31)).expect("a period"),
                Period::new(date(2026, 4, 1), date(2026, 6, 30)).expect("a period"),
            ];
            for member in 0..MEMBERS {
                for (scale, quarter) in quarters.into_iter().enumerate() {
                    let summary = synthetic(member, quarter, scale as u64 + 1);
                    for file in summary.files(at()).expect("files") {
                        if file.name != SCHEMA_FILE_NAME {
                            std::fs::write(dir.path().join(&file.name), &file.bytes)
                                .expect("written");
                        }
                    }
                }
            }
            std::fs::write(dir.path().join(SCHEMA_FILE_NAME), TABLE_SCHEMA).expect("written");
            let path = dir.path().to_owned();
            (dir, path)
        })
        .1
}

/// Reading and checking every file of the folder (2,000 summaries) and merging the latest
/// quarter's 1,000.
#[divan::bench(sample_count = 10)]
fn read_and_merge_1000_members(bencher: divan::Bencher) {
    let folder = inbox();
    bencher.bench_local(|| {
        let found = partnership::read_folder(folder).expect("read");
        partnership::merge(found, &MergeRequest::default()).expect("merged")
    });
}

/// The whole command: read, check, merge, and write both CSVs and the PDF report.
#[divan::bench(sample_count = 10)]
fn merge_1000_members_end_to_end(bencher: divan::Bencher) {
    let folder = inbox();
    let out = tempfile::tempdir().expect("a temporary folder");
    bencher.bench_local(|| {
        let found = partnership::read_folder(folder).expect("read");
        let merge = partnership::merge(found, &MergeRequest::default()).expect("merged");
        assert_eq!(merge.members.len(), MEMBERS as usize);
        clubroom_core::exports::partnership_outputs(&merge, out.path(), at()).expect("written")
    });
}
