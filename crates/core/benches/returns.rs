//! The funder-returns benchmark: a large organisation (`demo --young-people 5000 --weeks 520
//! --sessions-per-week 40`: ten years, about 866,000 attendances), timing a financial year's
//! return with every measure and breakdown, its PDF, its CSV, the fingerprint a saved return
//! keeps, and the de-identified register.
//!
//! Run: `cargo bench -p clubroom-core --bench returns` (figures in docs/performance.md, with
//! the bare SQL aggregate run through the sqlite3 shell on the same file for comparison).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use clubroom_core::dates::Period;
use clubroom_core::figures::{Scope, default_age_bands};
use clubroom_core::returns::{self, ReturnRequest};
use clubroom_core::{Store, print::funder_return};

#[path = "common/mod.rs"]
mod common;
use common::{Demo, until};

/// The club timed: ten years of a large organisation, forty sessions a week.
fn open() -> Store {
    let demo = Demo {
        young_people: 5000,
        weeks: 520,
        sessions_per_week: 40,
        checkins: false,
    };
    common::open(common::demo_file(demo, |_, made, seconds| {
        eprintln!(
            "demo club: {} young people, {} sessions held, {} attendances, made in {seconds:.1}s",
            made.young_people, made.sessions_held, made.attendances
        )
    }))
}

fn year_request(template: &str) -> ReturnRequest {
    ReturnRequest {
        template_id: template.into(),
        period: Period::financial_year_of(NaiveDate::from_ymd_opt(2025, 6, 1).expect("a date")),
        scope: Scope::default(),
        answers: BTreeMap::new(),
        differences: Vec::new(),
    }
}

fn main() {
    divan::main();
}

/// The general return (every measure and breakdown) for a financial year.
#[divan::bench(sample_count = 20)]
fn year_return_general(bencher: divan::Bencher) {
    let store = open();
    let request = year_request("general");
    bencher.bench_local(|| returns::build(store.conn(), &request, until()).expect("return"));
}

#[divan::bench(sample_count = 20)]
fn year_return_pdf(bencher: divan::Bencher) {
    let store = open();
    let report = returns::build(store.conn(), &year_request("general"), until()).expect("return");
    let at = DateTime::<Utc>::from_timestamp(1_764_000_000, 0).expect("a time");
    bencher.bench_local(|| funder_return::pdf(&report, None, until(), at).expect("pdf"));
}

#[divan::bench(sample_count = 20)]
fn year_return_csv_and_json(bencher: divan::Bencher) {
    let store = open();
    let report = returns::build(store.conn(), &year_request("general"), until()).expect("return");
    bencher.bench_local(|| (report.csv_text().expect("csv"), report.to_json()));
}

/// The fingerprint of the records behind a year's return (made on saving and on reopening).
#[divan::bench(sample_count = 20)]
fn year_fingerprint(bencher: divan::Bencher) {
    let store = open();
    let period = year_request("general").period;
    bencher.bench_local(|| {
        returns::fingerprint(store.conn(), period, &[], until()).expect("fingerprint")
    });
}

/// The de-identified register: one CSV row per attendance in the year.
#[divan::bench(sample_count = 10)]
fn year_register_csv(bencher: divan::Bencher) {
    let store = open();
    let request = year_request("general");
    let bands = default_age_bands();
    bencher.bench_local(|| {
        let mut bytes = Vec::new();
        returns::write_register_csv(store.conn(), &request, &bands, until(), &mut bytes)
            .expect("register")
    });
}
