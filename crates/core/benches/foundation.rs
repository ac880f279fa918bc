//! The foundation's benchmark: on `demo --young-people 5000 --weeks 260`, how long it takes to
//! search young people by name, to mark one attendance (a whole committed transaction, fsync
//! included), to open a register, and to compute a year's figures.
//!
//! Run: `cargo bench -p clubroom-core --bench foundation` (figures in docs/performance.md).

use chrono::NaiveDate;
use clubroom_core::access::Actor;
use clubroom_core::dates::Period;
use clubroom_core::young_people::{self, Search};
use clubroom_core::{Store, figures, overview, register, sessions};

#[path = "common/mod.rs"]
mod common;
use common::{Demo, until};

/// The club timed: five years of a large club, three sessions a week.
fn open() -> Store {
    let demo = Demo {
        young_people: 5000,
        weeks: 260,
        sessions_per_week: 3,
        checkins: false,
    };
    common::open(common::demo_file(demo, |_, made, seconds| {
        eprintln!(
            "demo club: {} young people, {} sessions held, {} attendances, made in {seconds:.1}s",
            made.young_people, made.sessions_held, made.attendances
        )
    }))
}

fn main() {
    divan::main();
}

#[divan::bench(args = ["ali", "smith", "jay sm", "yp04321"])]
fn search_young_people_by_name(bencher: divan::Bencher, text: &str) {
    let store = open();
    let query = Search {
        text: text.into(),
        limit: 100,
        ..Search::default()
    };
    bencher
        .bench_local(|| young_people::search(store.conn(), &query, until()).expect("search works"));
}

#[divan::bench]
fn list_first_page_of_all_young_people(bencher: divan::Bencher) {
    let store = open();
    let query = Search {
        limit: 100,
        ..Search::default()
    };
    bencher
        .bench_local(|| young_people::search(store.conn(), &query, until()).expect("list works"));
}

/// Marks one young person present: one committed transaction, as when a leader clicks.
#[divan::bench]
fn mark_one_attendance(bencher: divan::Bencher) {
    let store = open();
    let today = until();
    let session = sessions::between(store.conn(), today, today).expect("sessions")[0].id;
    let people: Vec<i64> = store
        .conn()
        .prepare("SELECT id FROM young_people ORDER BY id")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("people");
    let mut next = 0usize;
    let cell = std::cell::RefCell::new(store);
    bencher
        .with_inputs(|| {
            next = (next + 1) % people.len();
            let person = people[next];
            cell.borrow_mut()
                .write(|tx| register::unmark(tx, session, person, today))
                .expect("unmarked");
            person
        })
        .bench_local_values(|person| {
            cell.borrow_mut()
                .write(|tx| register::mark_present(tx, session, person, today))
                .expect("marked")
        });
}

#[divan::bench]
fn open_tonights_register(bencher: divan::Bencher) {
    let store = open();
    let today = until();
    let session = sessions::between(store.conn(), today, today).expect("sessions")[0].id;
    bencher.bench_local(|| register::register(store.conn(), session, today).expect("register"));
}

#[divan::bench]
fn stats_for_a_financial_year(bencher: divan::Bencher) {
    let store = open();
    let year = Period::financial_year_of(NaiveDate::from_ymd_opt(2025, 6, 1).expect("a date"));
    bencher.bench_local(|| figures::compute(store.conn(), year, until()).expect("figures"));
}

#[divan::bench]
fn home_screen_overview(bencher: divan::Bencher) {
    let store = open();
    bencher.bench_local(|| {
        overview::overview(store.conn(), until(), &Actor::club_manager()).expect("overview")
    });
}
