//! The outcomes benchmark (issue 14): on the large demo with check-ins (`demo --young-people
//! 5000 --weeks 520 --sessions-per-week 40 --seed 1 --checkins`: ten years, an ONS4 plan on
//! every project, four waves for a fifth of the young people), distance travelled for a
//! financial year, and the same aggregate in bare SQL on the same file, for the ratio; then
//! the partnership summary with its outcome rows, and a year's built-in Children in Need
//! return (template v2) with three differences (what a return with outcomes counts), each
//! against bare SQL.
//!
//! Run: `cargo bench -p clubroom-core --bench outcomes` (figures in docs/performance.md).
//! Before timing, the bare SQL's answer is checked against distance travelled's, so both
//! sides count the same thing.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use clubroom_core::dates::Period;
use clubroom_core::distance::{self, DistanceTravelled};
use clubroom_core::figures::Scope;
use clubroom_core::outcomes::OutcomeTag;
use clubroom_core::returns::{self, DifferenceChoice, ReturnRequest};
use clubroom_core::{Store, summary};
use rusqlite::Connection;

#[path = "common/mod.rs"]
mod common;
use common::{Demo, until};

/// The financial year 2025-26.
fn year() -> Period {
    Period::financial_year_of(NaiveDate::from_ymd_opt(2025, 6, 1).expect("a date"))
}

/// The club timed: ten years, forty sessions a week, with check-ins.
fn open() -> Store {
    let demo = Demo {
        young_people: 5000,
        weeks: 520,
        sessions_per_week: 40,
        checkins: true,
    };
    common::open(common::demo_file(demo, |store, made, seconds| {
        let count = |sql: &str| -> i64 {
            store
                .conn()
                .query_row(sql, [], |r| r.get(0))
                .expect("a count")
        };
        eprintln!(
            "demo club in {seconds:.1} s: {} young people, {} sessions held, {} attendances, {} check-ins of {} young people, {} answers",
            made.young_people,
            made.sessions_held,
            made.attendances,
            count("SELECT COUNT(*) FROM checkins"),
            count("SELECT COUNT(DISTINCT young_person_id) FROM checkins"),
            count("SELECT COUNT(*) FROM checkin_answers"),
        )
    }))
}

/// The young people in scope for ONS4 in the period, their baselines and their pairs, as
/// common table expressions both bare queries below start from.
macro_rules! bare_pairs {
    () => {
        "
WITH scope AS (
  SELECT DISTINCT a.young_person_id AS yp
  FROM attendance a JOIN sessions s ON s.id = a.session_id
  LEFT JOIN session_series r ON r.id = s.series_id
  JOIN checkin_plans p ON p.series_id = s.series_id
                       OR p.project_id = COALESCE(s.project_id, r.project_id)
  JOIN checkin_plan_measures m ON m.plan_id = p.id AND m.measure_code = 'ons4'
  WHERE s.cancelled = 0 AND s.date BETWEEN ?1 AND ?2),
answered AS (
  SELECT c.id, c.young_person_id AS yp, c.taken_on, c.wave, c.plan_id FROM checkins c
  WHERE c.measure_code = 'ons4' AND c.measure_version = 1 AND c.declined = 0
    AND c.taken_on <= ?2 AND c.young_person_id IN (SELECT yp FROM scope)),
base AS (
  SELECT yp, id, taken_on, plan_id FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY yp ORDER BY wave <> 'baseline', taken_on, id) AS n
    FROM answered) WHERE n = 1),
pair AS (
  SELECT b.yp, b.id AS base_id, (
    SELECT f.id FROM answered f WHERE f.yp = b.yp AND f.id <> b.id
      AND f.taken_on >= date(b.taken_on, '+' || (7 * COALESCE(
        (SELECT min_gap_weeks FROM checkin_plans WHERE id = b.plan_id), 6)) || ' days')
    ORDER BY f.taken_on DESC, f.id DESC LIMIT 1) AS follow_id
  FROM base b),
paired AS (
  SELECT p.* FROM pair p JOIN checkins f ON f.id = p.follow_id
  WHERE f.taken_on BETWEEN ?1 AND ?2)"
    };
}

/// Distance travelled's counting rules (docs/counting-rules.md, "Outcomes") for ONS4 version
/// 1, written as plain SQL for this file: in scope (present at a session a plan using ONS4
/// covers: every plan here asks everyone), with a baseline, paired, declined; and per item
/// the pairs, improved, no change, worse (a change of 1 either way, anxiety turned round) and
/// the means before and after.
const BARE_COVERAGE: &str = concat!(
    bare_pairs!(),
    "
SELECT (SELECT COUNT(*) FROM scope), (SELECT COUNT(*) FROM base), (SELECT COUNT(*) FROM paired),
  (SELECT COUNT(DISTINCT c.young_person_id) FROM checkins c
   WHERE c.measure_code = 'ons4' AND c.declined = 1 AND c.taken_on BETWEEN ?1 AND ?2
     AND c.young_person_id IN (SELECT yp FROM scope))"
);

const BARE_CHANGE: &str = concat!(
    bare_pairs!(),
    ",
changes AS (
  SELECT ba.question_id AS q, ba.value AS before, fa.value AS after,
    CASE WHEN ba.question_id = 'anxious-yesterday' THEN ba.value - fa.value
         ELSE fa.value - ba.value END AS change
  FROM paired p JOIN checkin_answers ba ON ba.checkin_id = p.base_id
  JOIN checkin_answers fa ON fa.checkin_id = p.follow_id AND fa.question_id = ba.question_id)
SELECT q, COUNT(*), SUM(change >= 1), SUM(change > -1 AND change < 1), SUM(change <= -1),
  ROUND(AVG(before), 2), ROUND(AVG(after), 2)
FROM changes GROUP BY q ORDER BY q"
);

/// Coverage (in scope, with a baseline, paired, declined) and, by question, (pairs, improved,
/// no change, worse, mean before, mean after).
type Bare = ([u64; 4], BTreeMap<String, (u64, u64, u64, u64, f64, f64)>);

fn bare_sql(conn: &Connection, period: Period) -> Bare {
    let coverage = conn
        .prepare_cached(BARE_COVERAGE)
        .expect("the coverage SQL")
        .query_row(rusqlite::params![period.from, period.to], |r| {
            let n = |i: usize| r.get::<_, i64>(i).map(|v| v as u64);
            Ok([n(0)?, n(1)?, n(2)?, n(3)?])
        })
        .expect("coverage");
    let change = conn
        .prepare_cached(BARE_CHANGE)
        .expect("the change SQL")
        .query_map(rusqlite::params![period.from, period.to], |r| {
            let n = |i: usize| r.get::<_, i64>(i).map(|v| v as u64);
            Ok((
                r.get(0)?,
                (n(1)?, n(2)?, n(3)?, n(4)?, r.get(5)?, r.get(6)?),
            ))
        })
        .expect("change")
        .collect::<rusqlite::Result<_>>()
        .expect("change rows");
    (coverage, change)
}

fn distance_for(store: &Store, period: Period) -> DistanceTravelled {
    distance::compute(store.conn(), period, &Scope::default(), None, until())
        .expect("distance travelled")
}

/// The bare SQL counts what distance travelled counts: checked once, before anything is timed.
fn same_answer(store: &Store) {
    let found = distance_for(store, year());
    let ons4 = &found.measures[0];
    let (coverage, change) = bare_sql(store.conn(), year());
    let c = &ons4.coverage;
    assert_eq!(
        coverage,
        [c.in_scope, c.with_baseline, c.paired, c.declined]
    );
    for row in &ons4.rows {
        let id = row
            .question_id
            .clone()
            .expect("ONS4 is reported item by item");
        let bare = change.get(&id).copied().unwrap_or_default();
        let ours = (
            row.n,
            row.improved,
            row.no_change,
            row.worse,
            row.mean_before.unwrap_or_default(),
            row.mean_after.unwrap_or_default(),
        );
        assert_eq!(ours, bare, "{id}");
    }
    eprintln!(
        "distance travelled 2025-26: {} in scope, {} with a baseline, {} paired, {} declined",
        c.in_scope, c.with_baseline, c.paired, c.declined
    );
}

fn main() {
    same_answer(&open());
    divan::main();
}

/// Distance travelled for a financial year: every measure a plan uses (ONS4, four items).
#[divan::bench(sample_count = 20)]
fn year_distance_travelled(bencher: divan::Bencher) {
    let store = open();
    bencher.bench_local(|| distance_for(&store, year()));
}

/// The same aggregate in bare SQL on the same file and connection.
#[divan::bench(sample_count = 20)]
fn year_distance_travelled_bare_sql(bencher: divan::Bencher) {
    let store = open();
    bencher.bench_local(|| bare_sql(store.conn(), year()));
}

/// The partnership summary for the year: every figure and breakdown, and the outcome rows.
#[divan::bench(sample_count = 20)]
fn year_partnership_summary_with_outcomes(bencher: divan::Bencher) {
    let store = open();
    bencher.bench_local(|| summary::build(store.conn(), year(), until()).expect("summary"));
}

/// The three differences a Children in Need manager might choose: resilience (which ONS4
/// evidences), confidence and aspiration (Theory of Change).
fn differences() -> Vec<DifferenceChoice> {
    ["resilience", "confidence", "aspiration"]
        .into_iter()
        .map(|code| DifferenceChoice {
            outcome: OutcomeTag {
                framework: "toc".into(),
                code: code.into(),
            },
            words: format!("What changed in {code}, in the manager's words."),
            story_id: None,
        })
        .collect()
}

/// The built-in Children in Need return (template v2) for the year with three differences:
/// its figures and breakdowns, check-in coverage and outcome change (distance travelled),
/// progression, and each difference filled with its evidence. What a return with outcomes
/// counts.
#[divan::bench(sample_count = 20)]
fn year_children_in_need_return_with_differences(bencher: divan::Bencher) {
    let store = open();
    let request = ReturnRequest {
        template_id: "children-in-need".into(),
        period: year(),
        scope: Scope::default(),
        answers: BTreeMap::new(),
        differences: differences(),
    };
    bencher.bench_local(|| returns::build(store.conn(), &request, until()).expect("return"));
}

/// The bare SQL beside the return: the three aggregates of the returns benchmark (sessions
/// and their hours; attendances and unique young people; unique young people by gender), the
/// outcome aggregate above and the progression counts by group.
#[divan::bench(sample_count = 20)]
fn year_return_bare_sql(bencher: divan::Bencher) {
    let store = open();
    let conn = store.conn();
    let period = year();
    bencher.bench_local(|| {
        let p = rusqlite::params![period.from, period.to];
        let sessions: (i64, f64) = conn
            .prepare_cached(
                "SELECT COUNT(*), COALESCE(SUM((julianday(date || ' ' || end_time) - julianday(date || ' ' || start_time)) * 24), 0)
                 FROM sessions WHERE date BETWEEN ?1 AND ?2 AND cancelled = 0",
            )
            .expect("sql")
            .query_row(p, |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("sessions");
        let attendances: (i64, i64) = conn
            .prepare_cached(
                "SELECT COUNT(*), COUNT(DISTINCT a.young_person_id) FROM attendance a
                 JOIN sessions s ON s.id = a.session_id
                 WHERE s.date BETWEEN ?1 AND ?2 AND s.cancelled = 0",
            )
            .expect("sql")
            .query_row(p, |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("attendances");
        let genders: Vec<(String, i64)> = conn
            .prepare_cached(
                "SELECT y.gender, COUNT(DISTINCT a.young_person_id) FROM attendance a
                 JOIN sessions s ON s.id = a.session_id JOIN young_people y ON y.id = a.young_person_id
                 WHERE s.date BETWEEN ?1 AND ?2 AND s.cancelled = 0 GROUP BY y.gender",
            )
            .expect("sql")
            .query_map(p, |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("genders")
            .collect::<rusqlite::Result<_>>()
            .expect("gender rows");
        let progression: Vec<(String, i64, i64)> = conn
            .prepare_cached(
                "SELECT k.grouping, COUNT(DISTINCT e.young_person_id), COUNT(*)
                 FROM progression_events e JOIN progression_kinds k ON k.code = e.kind_code
                 WHERE e.happened_on BETWEEN ?1 AND ?2 GROUP BY k.grouping",
            )
            .expect("sql")
            .query_map(p, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("progression")
            .collect::<rusqlite::Result<_>>()
            .expect("progression rows");
        (
            sessions,
            attendances,
            genders,
            bare_sql(conn, period),
            progression,
        )
    });
}
