//! docs/counting-rules.md's "Outcomes" worked example line by line, erasure keeping the
//! figures exact, and a property test that recounts random clubs with plain loops.

use super::*;
use crate::access::Actor;
use crate::checkins::{Answer, CheckInInput, Mode, PlanInput, Wave, Who};
use crate::fixtures::{Club, date};

/// The sessions of a series, by date.
fn session_on(club: &Club, series: i64, on: &str) -> i64 {
    club.store
        .conn()
        .query_row(
            "SELECT id FROM sessions WHERE series_id = ?1 AND date = ?2",
            params![series, on],
            |r| r.get(0),
        )
        .unwrap_or_else(|_| panic!("a session on {on}"))
}

fn plan(club: &mut Club, series: i64, min_gap_weeks: u32, who: Who) -> i64 {
    let input = PlanInput {
        project_id: None,
        series_id: Some(series),
        measures: vec!["ons4".into()],
        baseline_within: 2,
        review_weeks: Some(6),
        min_gap_weeks,
        who,
    };
    club.store
        .write(|tx| checkins::add_plan(tx, &input))
        .unwrap()
        .id
}

const ITEMS: [&str; 4] = [
    "life-satisfaction",
    "worthwhile",
    "happy-yesterday",
    "anxious-yesterday",
];

fn check_in(
    club: &mut Club,
    who: i64,
    on: &str,
    wave: Wave,
    plan: Option<i64>,
    values: &[Option<i64>],
) -> i64 {
    let input = CheckInInput {
        young_person_id: who,
        measure_code: "ons4".into(),
        measure_version: None,
        taken_on: date(on),
        wave,
        mode: Mode::SelfReport,
        declined: false,
        answers: ITEMS
            .iter()
            .zip(values)
            .map(|(id, value)| Answer {
                question_id: (*id).into(),
                value: *value,
            })
            .collect(),
        plan_id: plan,
    };
    let today = club.today;
    club.store
        .write(|tx| checkins::record(tx, &Actor::club_manager(), &input, today))
        .unwrap()
        .id
}

fn declined(club: &mut Club, who: i64, on: &str, plan: Option<i64>) {
    let input = CheckInInput {
        young_person_id: who,
        measure_code: "ons4".into(),
        measure_version: None,
        taken_on: date(on),
        wave: Wave::Baseline,
        mode: Mode::SelfReport,
        declined: true,
        answers: Vec::new(),
        plan_id: plan,
    };
    let today = club.today;
    club.store
        .write(|tx| checkins::record(tx, &Actor::club_manager(), &input, today))
        .unwrap();
}

/// The worked example of docs/counting-rules.md ("Outcomes").
fn worked_example() -> (Club, [i64; 5]) {
    let mut club = Club::new();
    let series = club.series("Tuesday club", 2, "2026-04-07", Some("2026-06-30"));
    let plan = plan(&mut club, series, 6, Who::Everyone);
    let amy = club.young_person("Amy", "Adams", Some("2010-01-01"));
    let ben = club.young_person("Ben", "Brown", Some("2013-01-01"));
    let cara = club.young_person("Cara", "Cole", Some("2012-01-01"));
    let dan = club.young_person("Dan", "Dee", Some("2012-01-01"));
    let eve = club.young_person("Eve", "Evans", Some("2012-01-01"));
    for on in ["2026-04-07", "2026-04-14"] {
        let session = session_on(&club, series, on);
        for who in [amy, ben, cara, dan, eve] {
            club.mark(session, who);
        }
    }
    let p = Some(plan);
    check_in(
        &mut club,
        amy,
        "2026-04-07",
        Wave::Baseline,
        p,
        &[Some(5), Some(6), Some(5), Some(7)],
    );
    check_in(
        &mut club,
        amy,
        "2026-06-02",
        Wave::Review,
        p,
        &[Some(7), Some(6), Some(4), Some(4)],
    );
    check_in(
        &mut club,
        ben,
        "2026-04-07",
        Wave::Baseline,
        p,
        &[Some(4), Some(5), Some(6), None],
    );
    check_in(
        &mut club,
        ben,
        "2026-05-26",
        Wave::Review,
        p,
        &[Some(4), None, Some(8), None],
    );
    declined(&mut club, cara, "2026-04-14", p);
    check_in(
        &mut club,
        eve,
        "2026-04-14",
        Wave::Baseline,
        p,
        &[Some(6), Some(6), Some(6), None],
    );
    check_in(
        &mut club,
        eve,
        "2026-05-05",
        Wave::Review,
        p,
        &[Some(7), Some(7), Some(7), None],
    );
    (club, [amy, ben, cara, dan, eve])
}

/// A series in a project, with one plan on the series and one on the project, both naming
/// ONS4 (each with its own gap), and Amy, who came on 7 and 14 April, with a baseline on 7
/// April under the series' plan and a review on 2 June under the project's.
fn two_plans_on_one_measure() -> (Club, i64, i64, i64) {
    let mut club = Club::new();
    let project = club
        .store
        .write(|tx| crate::projects::add(tx, "Youth Voice", None))
        .unwrap()
        .id;
    let series = club.series("Tuesday club", 2, "2026-04-07", Some("2026-06-30"));
    club.store
        .conn()
        .execute(
            "UPDATE session_series SET project_id = ?1 WHERE id = ?2",
            params![project, series],
        )
        .unwrap();
    let series_plan = plan(&mut club, series, 6, Who::Everyone);
    let project_plan = PlanInput {
        project_id: Some(project),
        series_id: None,
        min_gap_weeks: 8,
        ..checkins::get_plan(club.store.conn(), series_plan)
            .unwrap()
            .plan
    };
    let project_plan = club
        .store
        .write(|tx| checkins::add_plan(tx, &project_plan))
        .unwrap()
        .id;
    let amy = club.young_person("Amy", "Adams", Some("2010-01-01"));
    for on in ["2026-04-07", "2026-04-14"] {
        let session = session_on(&club, series, on);
        club.mark(session, amy);
    }
    check_in(
        &mut club,
        amy,
        "2026-04-07",
        Wave::Baseline,
        Some(series_plan),
        &[Some(5), Some(6), Some(5), Some(7)],
    );
    check_in(
        &mut club,
        amy,
        "2026-06-02",
        Wave::Review,
        Some(project_plan),
        &[Some(7), Some(6), Some(4), Some(4)],
    );
    (club, amy, series, project)
}

#[test]
fn two_plans_naming_the_same_measure_count_each_young_person_once() {
    let (club, amy, series, project) = two_plans_on_one_measure();
    // The due list asks once, whichever plan it comes from.
    let session = session_on(&club, series, "2026-04-14");
    let due = checkins::due(club.store.conn(), session).unwrap();
    assert!(due.iter().filter(|d| d.young_person_id == amy).count() <= 1);
    let found = quarter(&club);
    assert_eq!(found.measures.len(), 1, "one measure, counted once");
    let ons4 = &found.measures[0];
    assert_eq!(
        ons4.coverage,
        Coverage {
            in_scope: 1,
            with_baseline: 1,
            paired: 1,
            declined: 0
        }
    );
    // One pair, 5 -> 7 on life satisfaction: n 1, improved 1 (not 2).
    let life = row(ons4, "life-satisfaction");
    assert_eq!((life.n, life.improved), (1, 1));
    assert_eq!((life.mean_before, life.mean_after), (Some(5.0), Some(7.0)));
    // Narrowed to the project, the same.
    let narrowed = compute(
        club.store.conn(),
        Period::new(date("2026-04-01"), date("2026-06-30")).unwrap(),
        &Scope {
            project_id: Some(project),
            ..Scope::default()
        },
        Some("ons4"),
        club.today,
    )
    .unwrap();
    assert_eq!(narrowed.measures[0].coverage, ons4.coverage);
    assert_eq!(row(&narrowed.measures[0], "life-satisfaction").n, 1);
}

fn quarter(club: &Club) -> DistanceTravelled {
    let period = Period::new(date("2026-04-01"), date("2026-06-30")).unwrap();
    compute(
        club.store.conn(),
        period,
        &Scope::default(),
        Some("ons4"),
        club.today,
    )
    .unwrap()
}

fn row<'a>(change: &'a MeasureChange, item: &str) -> &'a ChangeRow {
    change
        .rows
        .iter()
        .find(|r| r.question_id.as_deref() == Some(item))
        .unwrap()
}

#[test]
fn the_worked_example_coverage() {
    let (club, _) = worked_example();
    let found = quarter(&club);
    assert_eq!(found.measures.len(), 1);
    let ons4 = &found.measures[0];
    assert_eq!(
        ons4.coverage,
        Coverage {
            in_scope: 5,
            with_baseline: 3,
            paired: 2,
            declined: 1
        }
    );
    assert!(
        ons4.sentence
            .contains("the 2 young people who could be asked twice")
    );
    assert!(ons4.attribution.contains("Office for National Statistics"));
}

#[test]
fn the_worked_example_change_item_by_item() {
    let (club, _) = worked_example();
    let found = quarter(&club);
    let ons4 = &found.measures[0];
    let life = row(ons4, "life-satisfaction");
    assert_eq!(
        (life.n, life.improved, life.no_change, life.worse),
        (2, 1, 1, 0)
    );
    assert_eq!((life.mean_before, life.mean_after), (Some(4.5), Some(5.5)));
    let worthwhile = row(ons4, "worthwhile");
    assert_eq!((worthwhile.n, worthwhile.no_change), (1, 1));
    let happy = row(ons4, "happy-yesterday");
    assert_eq!(
        (happy.n, happy.improved, happy.no_change, happy.worse),
        (2, 1, 0, 1)
    );
    assert_eq!(
        (happy.mean_before, happy.mean_after),
        (Some(5.5), Some(6.0))
    );
    let anxious = row(ons4, "anxious-yesterday");
    assert!(!anxious.higher_is_better);
    assert_eq!((anxious.n, anxious.improved, anxious.worse), (1, 1, 0));
    assert_eq!(
        (anxious.mean_before, anxious.mean_after),
        (Some(7.0), Some(4.0))
    );
}

#[test]
fn a_pair_counts_in_the_period_of_its_later_check_in() {
    let (club, _) = worked_example();
    // April and May: Ben's review (26 May) is in, Amy's (2 June) is not.
    let period = Period::new(date("2026-04-01"), date("2026-05-31")).unwrap();
    let found = compute(
        club.store.conn(),
        period,
        &Scope::default(),
        None,
        club.today,
    )
    .unwrap();
    assert_eq!(found.measures[0].coverage.paired, 1);
    // July: nobody came, so nobody is in scope and nothing is paired.
    let july = Period::new(date("2026-07-01"), date("2026-07-31")).unwrap();
    let found = compute(club.store.conn(), july, &Scope::default(), None, club.today).unwrap();
    assert_eq!(found.measures[0].coverage, Coverage::default());
}

#[test]
fn erasing_a_young_person_keeps_distance_travelled_exact() {
    let (mut club, [amy, ..]) = worked_example();
    let before = quarter(&club);
    let today = club.today;
    let erased = club
        .store
        .write(|tx| crate::rights::erase(tx, &Actor::club_manager(), amy, today))
        .unwrap();
    assert!(erased.attendances > 0);
    let left: i64 = club
        .store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM checkins WHERE young_person_id = ?1",
            [amy],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
    assert_eq!(quarter(&club), before);
}

mod recount {
    use super::*;
    use proptest::prelude::*;

    /// A check-in's four answers (ONS4), a skipped one `None`.
    type Answers = [Option<i64>; 4];
    /// A generated check-in: day after the series starts, baseline wave, declined, under the
    /// plan, answers.
    type RawCheckIn = (i64, bool, bool, bool, Answers);
    /// A young person as the recount reads them: attendance dates, and check-ins by date.
    type Recounted = (Vec<NaiveDate>, Vec<(NaiveDate, Plain)>);

    /// One young person: which of the series' sessions they came to, and their check-ins
    /// (day after the series starts, baseline wave, declined, under the plan, four answers).
    #[derive(Debug, Clone)]
    struct Raw {
        attends: Vec<bool>,
        check_ins: Vec<RawCheckIn>,
    }

    const WEEKS: usize = 30;
    const START: &str = "2026-01-05";

    fn raw() -> impl Strategy<Value = Raw> {
        (
            proptest::collection::vec(proptest::bool::weighted(0.4), WEEKS),
            proptest::collection::vec(
                (
                    0i64..(WEEKS as i64 * 7),
                    proptest::bool::weighted(0.3),
                    proptest::bool::weighted(0.15),
                    any::<bool>(),
                    [
                        proptest::option::weighted(0.9, 0i64..=10),
                        proptest::option::weighted(0.9, 0i64..=10),
                        proptest::option::weighted(0.9, 0i64..=10),
                        proptest::option::weighted(0.9, 0i64..=10),
                    ],
                ),
                0..5,
            ),
        )
            .prop_map(|(attends, check_ins)| Raw { attends, check_ins })
    }

    /// A pair by the rules, with plain loops: the baseline, then the latest answered check-in
    /// at least `gap` weeks after it and on or before `until`.
    type Plain = (i64, bool, bool, Option<u32>, Answers);

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(40))]
        #[test]
        fn distance_travelled_matches_a_plain_recount(
            people in proptest::collection::vec(raw(), 1..7),
            regulars in proptest::option::of(1u32..4),
            gap in 1u32..9,
            from_week in 0i64..(WEEKS as i64),
            length in 0i64..120,
        ) {
            let mut club = Club::new();
            let start = date(START);
            let series = club.series("Monday club", 1, START, Some("2026-07-27"));
            let who = match regulars {
                Some(k) => Who::Regulars { min_attendances: k },
                None => Who::Everyone,
            };
            let plan_id = plan(&mut club, series, gap, who);
            let period_from = start + Duration::weeks(from_week);
            let period = Period::new(period_from, period_from + Duration::days(length)).unwrap();
            let mut ids = Vec::new();
            // Per person: their attendance dates and their check-ins as the recount reads them.
            let mut plain: Vec<Recounted> = Vec::new();
            for (i, person) in people.iter().enumerate() {
                let id = club.young_person(&format!("P{i}"), "Test", Some("2000-01-01"));
                ids.push(id);
                let mut dates = Vec::new();
                for (week, came) in person.attends.iter().enumerate() {
                    if *came {
                        let on = start + Duration::weeks(week as i64);
                        let session = session_on(&club, series, &on.to_string());
                        club.mark(session, id);
                        dates.push(on);
                    }
                }
                let mut taken = Vec::new();
                for (n, (day, is_baseline, said_no, under_plan, values)) in person.check_ins.iter().enumerate() {
                    let on = start + Duration::days(*day);
                    let wave = if *is_baseline { Wave::Baseline } else { Wave::Review };
                    let plan = under_plan.then_some(plan_id);
                    if *said_no {
                        let input = CheckInInput {
                            young_person_id: id, measure_code: "ons4".into(), measure_version: None,
                            taken_on: on, wave, mode: Mode::SelfReport, declined: true,
                            answers: Vec::new(), plan_id: plan,
                        };
                        let today = club.today;
                        club.store.write(|tx| checkins::record(tx, &Actor::club_manager(), &input, today)).unwrap();
                    } else {
                        check_in(&mut club, id, &on.to_string(), wave, plan, values);
                    }
                    taken.push((on, (n as i64, *is_baseline, *said_no, under_plan.then_some(gap), *values)));
                }
                // Same day: the order they were recorded in.
                taken.sort_by_key(|(on, (n, ..))| (*on, *n));
                plain.push((dates, taken));
            }

            let found = compute(club.store.conn(), period, &Scope::default(), Some("ons4"), club.today).unwrap();
            let ons4 = &found.measures[0];

            // The recount.
            let until = period.to;
            let mut coverage = Coverage::default();
            let mut pairs: Vec<(Answers, Answers)> = Vec::new();
            for (dates, taken) in &plain {
                let came_in_period = dates.iter().any(|d| period.contains(*d));
                let came_before_end = dates.iter().filter(|d| **d <= until).count() as u32;
                let asked = match regulars { Some(k) => came_before_end >= k, None => true };
                if !(came_in_period && asked) {
                    continue;
                }
                coverage.in_scope += 1;
                let upto: Vec<&(NaiveDate, Plain)> = taken.iter().filter(|(on, _)| *on <= until).collect();
                if upto.iter().any(|(on, (_, _, no, ..))| *no && period.contains(*on)) {
                    coverage.declined += 1;
                }
                let answered: Vec<&&(NaiveDate, Plain)> = upto.iter().filter(|(_, (_, _, no, ..))| !no).collect();
                let mut base = None;
                for t in &answered {
                    if t.1.1 { base = Some(**t); break; }
                }
                if base.is_none() { base = answered.first().map(|t| **t); }
                let Some(base) = base else { continue };
                coverage.with_baseline += 1;
                let gap_weeks = base.1.3.unwrap_or(DEFAULT_MIN_GAP_WEEKS);
                let mut later = None;
                for t in &answered {
                    if t.1.0 != base.1.0 && t.0 >= base.0 + Duration::weeks(i64::from(gap_weeks)) {
                        later = Some(**t);
                    }
                }
                if let Some(later) = later && period.contains(later.0) {
                    coverage.paired += 1;
                    pairs.push((base.1.4, later.1.4));
                }
            }
            prop_assert_eq!(&ons4.coverage, &coverage);
            for (i, item) in ITEMS.iter().enumerate() {
                let lower_is_better = i == 3;
                let (mut n, mut up, mut same, mut down, mut sum_b, mut sum_a) = (0u64, 0u64, 0u64, 0u64, 0i64, 0i64);
                for (b, a) in &pairs {
                    if let (Some(b), Some(a)) = (b[i], a[i]) {
                        n += 1;
                        sum_b += b;
                        sum_a += a;
                        let change = if lower_is_better { b - a } else { a - b };
                        if change >= 1 { up += 1 } else if change <= -1 { down += 1 } else { same += 1 }
                    }
                }
                let r = row(ons4, item);
                prop_assert_eq!((r.n, r.improved, r.no_change, r.worse), (n, up, same, down), "{}", item);
                if n > 0 {
                    let round = |x: f64| (x * 100.0).round() / 100.0;
                    prop_assert_eq!(r.mean_before, Some(round(sum_b as f64 / n as f64)));
                    prop_assert_eq!(r.mean_after, Some(round(sum_a as f64 / n as f64)));
                } else {
                    prop_assert_eq!(r.mean_before, None);
                }
            }
        }
    }
}

/// "the 1 young people" read wrongly on the What changed screen (seen in a screenshot): one
/// of each is said in the singular.
#[test]
fn the_sentence_says_one_young_person_in_the_singular() {
    let one = sentence(&Coverage {
        in_scope: 1,
        with_baseline: 1,
        paired: 1,
        declined: 0,
    });
    assert!(
        one.contains("about the 1 young person who could be asked twice"),
        "{one}"
    );
    assert!(one.contains("1 was in scope"), "{one}");
    let many = sentence(&Coverage {
        in_scope: 60,
        with_baseline: 2,
        paired: 2,
        declined: 0,
    });
    assert!(many.contains("about the 2 young people who"), "{many}");
    assert!(many.contains("60 were in scope"), "{many}");
}
