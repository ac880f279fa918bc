//! The training and safe-staffing benchmark: 200 staff and volunteers and five years of
//! sessions (`demo --young-people 2400 --weeks 260 --sessions-per-week 12`, which gives the
//! demo's 200 adults), timing the training matrix, what is due, and the safe-staffing check.
//!
//! Run: `cargo bench -p clubroom-core --bench staffing` (figures in docs/performance.md).

use chrono::NaiveDate;
use clubroom_core::dates::Period;
use clubroom_core::training::{self, MatrixFilter, RecordBook};
use clubroom_core::{Store, figures, sessions, staffing};

#[path = "common/mod.rs"]
mod common;
use common::{Demo, until};

/// The club timed: five years, twelve sessions a week, which gives the demo's 200 adults.
fn open() -> Store {
    let demo = Demo {
        young_people: 2400,
        weeks: 260,
        sessions_per_week: 12,
        checkins: false,
    };
    common::open(common::demo_file(demo, |store, made, _| {
        let count = |sql: &str| -> i64 {
            store
                .conn()
                .query_row(sql, [], |r| r.get(0))
                .expect("count")
        };
        eprintln!(
            "demo club: {} adults, {} training records, {} sessions held, {} staffings",
            made.staff_and_volunteers,
            count("SELECT COUNT(*) FROM training_records"),
            made.sessions_held,
            count("SELECT COUNT(*) FROM staffing")
        )
    }))
}

fn main() {
    divan::main();
}

#[divan::bench]
fn training_matrix_everyone(bencher: divan::Bencher) {
    let store = open();
    bencher.bench_local(|| {
        training::matrix(store.conn(), until(), &MatrixFilter::default()).expect("matrix")
    });
}

#[divan::bench]
fn training_matrix_as_csv(bencher: divan::Bencher) {
    let store = open();
    let matrix = training::matrix(store.conn(), until(), &MatrixFilter::default()).expect("matrix");
    bencher.bench_local(|| training::matrix_csv(&matrix).expect("csv"));
}

#[divan::bench]
fn training_due_in_60_days(bencher: divan::Bencher) {
    let store = open();
    bencher.bench_local(|| training::due(store.conn(), until(), 60).expect("due"));
}

/// The live check the register shows after each mark.
#[divan::bench]
fn safe_staffing_check_one_session(bencher: divan::Bencher) {
    let store = open();
    let day = until() - chrono::Days::new(7);
    let session = sessions::between(store.conn(), day, day).expect("sessions")[0].id;
    bencher.bench_local(|| staffing::check(store.conn(), session).expect("check"));
}

/// Every session of a year checked, with the records loaded once.
#[divan::bench(sample_count = 10)]
fn safe_staffing_check_a_year_of_sessions(bencher: divan::Bencher) {
    let store = open();
    let year = Period::financial_year_of(NaiveDate::from_ymd_opt(2025, 6, 1).expect("a date"));
    let ids: Vec<i64> = sessions::between(store.conn(), year.from, year.to)
        .expect("sessions")
        .into_iter()
        .filter(|s| !s.cancelled)
        .map(|s| s.id)
        .collect();
    let rules = staffing::ratio_rules(store.conn()).expect("rules");
    bencher.bench_local(|| {
        let book = RecordBook::load(store.conn()).expect("records");
        ids.iter()
            .map(|id| {
                staffing::check_with(store.conn(), &book, &rules, *id)
                    .expect("check")
                    .warnings
                    .len()
            })
            .sum::<usize>()
    });
}

/// A year's figures, now including volunteer hours and training compliance.
#[divan::bench(sample_count = 20)]
fn stats_with_training_compliance_for_a_year(bencher: divan::Bencher) {
    let store = open();
    let year = Period::financial_year_of(NaiveDate::from_ymd_opt(2025, 6, 1).expect("a date"));
    bencher.bench_local(|| figures::compute(store.conn(), year, until()).expect("figures"));
}
