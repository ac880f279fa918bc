//! The outcome rows of the partnership summary: docs/partnership-summary.md's "Outcomes"
//! worked example line by line, a club scale that never leaves the club, and that no one's
//! check-in answers can be read from what is sent.

use chrono::TimeZone;
use rusqlite::params;

use super::outcomes::{CHANGE_MEAN, MEAN_NEEDS_PAIRS, counts_people, is_outcome_measure};
use super::*;
use crate::access::Actor;
use crate::checkins::{self, Answer, CheckInInput, Mode, PlanInput, Wave, Who};
use crate::fixtures::{Club, date};
use crate::measures::{self, Licence, Measure, Question, Scale, Scoring};
use crate::organisation::{self, Organisation};

fn quarter() -> Period {
    Period::new(date("2026-04-01"), date("2026-06-30")).unwrap()
}

fn session_on(club: &Club, series: i64, on: &str) -> i64 {
    club.store
        .conn()
        .query_row(
            "SELECT id FROM sessions WHERE series_id = ?1 AND date = ?2",
            params![series, on],
            |r| r.get(0),
        )
        .unwrap()
}

/// A club with its member code and a Tuesday series from April to June 2026 under a plan
/// asking everyone `measures`.
fn club_with_plan(measures: &[&str]) -> (Club, i64, i64) {
    let mut club = Club::new();
    let mut details = Organisation::new("Riverside Youth Club");
    details.lyp_member_code = Some("COV-0007".into());
    club.store
        .write(|tx| organisation::save(tx, &details))
        .unwrap();
    let series = club.series("Tuesday club", 2, "2026-04-07", Some("2026-06-30"));
    let plan = PlanInput {
        project_id: None,
        series_id: Some(series),
        measures: measures.iter().map(|m| (*m).to_owned()).collect(),
        baseline_within: 2,
        review_weeks: Some(6),
        min_gap_weeks: 6,
        who: Who::Everyone,
    };
    let plan = club
        .store
        .write(|tx| checkins::add_plan(tx, &plan))
        .unwrap()
        .id;
    (club, series, plan)
}

fn check_in(
    club: &mut Club,
    who: i64,
    on: &str,
    wave: Wave,
    plan: i64,
    measure: &str,
    answers: &[(&str, Option<i64>)],
) {
    let input = CheckInInput {
        young_person_id: who,
        measure_code: measure.into(),
        measure_version: None,
        taken_on: date(on),
        wave,
        mode: Mode::SelfReport,
        declined: answers.is_empty(),
        answers: answers
            .iter()
            .map(|(id, value)| Answer {
                question_id: (*id).into(),
                value: *value,
            })
            .collect(),
        plan_id: Some(plan),
    };
    let today = club.today;
    club.store
        .write(|tx| checkins::record(tx, &Actor::club_manager(), &input, today))
        .unwrap();
}

/// docs/partnership-summary.md, "Outcomes": fourteen 14-year-olds at Riverside's Tuesday
/// club (so ONS4's anxiety question, asked from 16, is asked of none of them).
///
/// - 1 to 12: a baseline on 7 April of 5, 5, 5, and a review on 2 June (eight weeks later):
///   life satisfaction 7 (1 to 7), 5 (8 to 10), 3 (11, 12); worthwhile 6 for all twelve;
///   happy yesterday 5 for 1 to 4, skipped by 5 to 12.
/// - 13 said "I'd rather not" on 7 April; 14 gave a baseline and no review.
fn riverside() -> Club {
    let (mut club, series, plan) = club_with_plan(&["ons4"]);
    let (april, june) = (
        session_on(&club, series, "2026-04-07"),
        session_on(&club, series, "2026-06-02"),
    );
    for n in 1..=14 {
        let who = club.young_person(&format!("Young{n}"), "Person", Some("2012-01-01"));
        club.mark(april, who);
        match n {
            13 => check_in(
                &mut club,
                who,
                "2026-04-07",
                Wave::Baseline,
                plan,
                "ons4",
                &[],
            ),
            _ => check_in(
                &mut club,
                who,
                "2026-04-07",
                Wave::Baseline,
                plan,
                "ons4",
                &[
                    ("life-satisfaction", Some(5)),
                    ("worthwhile", Some(5)),
                    ("happy-yesterday", Some(5)),
                ],
            ),
        }
        if n <= 12 {
            club.mark(june, who);
            let life = match n {
                1..=7 => 7,
                8..=10 => 5,
                _ => 3,
            };
            let happy = (n <= 4).then_some(5);
            check_in(
                &mut club,
                who,
                "2026-06-02",
                Wave::Review,
                plan,
                "ons4",
                &[
                    ("life-satisfaction", Some(life)),
                    ("worthwhile", Some(6)),
                    ("happy-yesterday", happy),
                ],
            );
        }
    }
    club
}

fn outcome_rows(summary: &Summary) -> Vec<&Row> {
    summary
        .rows
        .iter()
        .filter(|r| is_outcome_measure(&r.measure))
        .collect()
}

/// `(measure, category, value, withheld)` of each outcome row, in order.
fn cells(summary: &Summary) -> Vec<(String, String, Option<f64>, bool)> {
    outcome_rows(summary)
        .into_iter()
        .map(|r| {
            assert_eq!(r.dimension, "ons4/1");
            (r.measure.clone(), r.category.clone(), r.value, r.suppressed)
        })
        .collect()
}

#[test]
fn the_worked_example_row_by_row() {
    let club = riverside();
    let summary = build(club.store.conn(), quarter(), club.today).unwrap();
    let shown = |measure: &str, category: &str, value: f64| {
        (measure.to_owned(), category.to_owned(), Some(value), false)
    };
    let withheld =
        |measure: &str, category: &str| (measure.to_owned(), category.to_owned(), None, true);
    let mut expected = vec![
        shown("checkin_in_scope", "all", 14.0),
        shown("checkin_with_baseline", "all", 13.0),
        shown("checkin_paired", "all", 12.0),
        withheld("checkin_declined", "all"),
        // 7 improved (+2), 3 no change, 2 worse (-2): the 3 and the 2 are withheld, and hide
        // each other. Means 5 and 5.83: a mean change of 0.83 over 12 pairs.
        shown("change_paired", "life-satisfaction", 12.0),
        shown("change_improved", "life-satisfaction", 7.0),
        withheld("change_no_change", "life-satisfaction"),
        withheld("change_worse", "life-satisfaction"),
        shown(CHANGE_MEAN, "life-satisfaction", 0.83),
        // Everyone up by 1, the threshold: improved.
        shown("change_paired", "worthwhile", 12.0),
        shown("change_improved", "worthwhile", 12.0),
        shown("change_no_change", "worthwhile", 0.0),
        shown("change_worse", "worthwhile", 0.0),
        shown(CHANGE_MEAN, "worthwhile", 1.0),
        // Four answered twice: withheld, and so is their mean (fewer than 10).
        withheld("change_paired", "happy-yesterday"),
        shown("change_improved", "happy-yesterday", 0.0),
        withheld("change_no_change", "happy-yesterday"),
        shown("change_worse", "happy-yesterday", 0.0),
        withheld(CHANGE_MEAN, "happy-yesterday"),
    ];
    // Nobody was asked about anxiety: zeros, and no mean to give (nothing withheld).
    for measure in [
        "change_paired",
        "change_improved",
        "change_no_change",
        "change_worse",
    ] {
        expected.push(shown(measure, "anxious-yesterday", 0.0));
    }
    expected.push((
        CHANGE_MEAN.to_owned(),
        "anxious-yesterday".to_owned(),
        None,
        false,
    ));
    assert_eq!(cells(&summary), expected);

    // As the CSV writes them, after every figure and breakdown.
    let csv = String::from_utf8(summary.csv_bytes().unwrap()).unwrap();
    let prefix = "lyp-summary/2,COV-0007,Riverside Youth Club,2026-04-01,2026-06-30";
    for line in [
        "checkin_declined,ons4/1,all,,true",
        "change_mean,ons4/1,life-satisfaction,0.83,false",
        "change_mean,ons4/1,worthwhile,1,false",
        "change_mean,ons4/1,anxious-yesterday,,false",
        "change_no_change,ons4/1,happy-yesterday,,true",
    ] {
        assert!(csv.contains(&format!("{prefix},{line}\n")), "{line}");
    }
    let last_breakdown = csv.rfind(",session_type,").unwrap();
    assert!(csv.find(",checkin_in_scope,").unwrap() > last_breakdown);

    // What the preview names them by: never in the files.
    let named = &summary.outcome_measures;
    assert_eq!(named.len(), 1);
    assert_eq!(named[0].dimension, "ons4/1");
    assert!(
        named[0]
            .attribution
            .contains("Office for National Statistics")
    );
    assert_eq!(named[0].items[0].category, "life-satisfaction");
    assert_eq!(
        named[0].items[0].label,
        "Overall, how satisfied are you with your life nowadays?"
    );
}

#[test]
fn a_club_that_measures_nothing_sends_no_outcome_rows() {
    let mut club = Club::new();
    let mut details = Organisation::new("Quiet Club");
    details.lyp_member_code = Some("COV-0008".into());
    club.store
        .write(|tx| organisation::save(tx, &details))
        .unwrap();
    let session = club.session(
        "2026-05-05",
        "18:00",
        "20:00",
        crate::vocab::SessionType::OpenAccess,
    );
    let who = club.young_person("Amy", "Adams", Some("2012-01-01"));
    club.mark(session, who);
    let summary = build(club.store.conn(), quarter(), club.today).unwrap();
    assert!(outcome_rows(&summary).is_empty());
    assert!(summary.outcome_measures.is_empty());
}

fn speaking_up() -> Measure {
    Measure {
        schema: measures::SCHEMA.into(),
        code: "speaking-up".into(),
        version: 1,
        name: "Speaking up at Riverside".into(),
        description: None,
        licence: Licence::Club,
        attribution: String::new(),
        guidance: None,
        scoring: Scoring::Mean,
        higher_is_better: true,
        meaningful_change: 1.0,
        outcomes: Vec::new(),
        questions: vec![Question {
            id: "confident-in-a-group".into(),
            text: "I feel confident speaking in a group".into(),
            scale: Scale {
                min: 1,
                max: 5,
                labels: Vec::new(),
            },
            min_age: None,
            reverse: false,
        }],
    }
}

#[test]
fn a_club_scale_never_leaves_the_club() {
    let (mut club, series, plan) = club_with_plan(&["ons4"]);
    club.store
        .write(|tx| measures::save_club_scale(tx, &speaking_up()))
        .unwrap();
    let input = PlanInput {
        project_id: None,
        series_id: Some(series),
        measures: vec!["ons4".into(), "speaking-up".into()],
        baseline_within: 2,
        review_weeks: Some(6),
        min_gap_weeks: 6,
        who: Who::Everyone,
    };
    let plan = club
        .store
        .write(|tx| checkins::update_plan(tx, plan, &input))
        .unwrap()
        .id;
    let (april, june) = (
        session_on(&club, series, "2026-04-07"),
        session_on(&club, series, "2026-06-02"),
    );
    for n in 1..=12 {
        let who = club.young_person(&format!("Young{n}"), "Person", Some("2012-01-01"));
        club.mark(april, who);
        club.mark(june, who);
        for (on, wave, value) in [
            ("2026-04-07", Wave::Baseline, 2),
            ("2026-06-02", Wave::Review, 4),
        ] {
            check_in(
                &mut club,
                who,
                on,
                wave,
                plan,
                "speaking-up",
                &[("confident-in-a-group", Some(value))],
            );
            check_in(
                &mut club,
                who,
                on,
                wave,
                plan,
                "ons4",
                &[("life-satisfaction", Some(value + 3))],
            );
        }
    }
    // Distance travelled in the club counts the scale...
    let distance = crate::distance::compute(
        club.store.conn(),
        quarter(),
        &Scope::default(),
        Some("speaking-up"),
        club.today,
    )
    .unwrap();
    assert_eq!(distance.measures[0].rows[0].improved, 12);

    // ...and the summary sends ONS4 alone.
    let summary = build(club.store.conn(), quarter(), club.today).unwrap();
    assert!(
        outcome_rows(&summary)
            .iter()
            .all(|r| r.dimension == "ons4/1")
    );
    assert!(
        outcome_rows(&summary)
            .iter()
            .any(|r| r.measure == "change_improved"
                && r.category == "life-satisfaction"
                && r.value == Some(12.0))
    );
    assert_eq!(summary.outcome_measures.len(), 1);
    let produced_at = Utc.with_ymd_and_hms(2026, 7, 2, 9, 15, 0).unwrap();
    for file in summary.files(produced_at).unwrap() {
        let text = String::from_utf8(file.bytes).unwrap().to_lowercase();
        for word in [
            "speaking-up",
            "speaking up",
            "confident-in-a-group",
            "confident speaking",
        ] {
            assert!(!text.contains(word), "{word} is in {}", file.name);
        }
    }
}

/// Every outcome row is a count of people that is 0, 5 or more, or withheld; a mean change
/// has a value only where its item has at least ten pairs, shown.
fn only_counts_and_means_of_ten(summary: &Summary) {
    for row in outcome_rows(summary) {
        if counts_people(&row.measure) {
            assert!(
                row.value.is_none_or(|v| v == 0.0 || v >= 5.0),
                "a count of 1 to 4 is shown: {row:?}"
            );
        } else {
            let paired = summary
                .rows
                .iter()
                .find(|r| {
                    r.measure == "change_paired"
                        && r.dimension == row.dimension
                        && r.category == row.category
                })
                .and_then(|r| r.value);
            if row.value.is_some() {
                assert!(
                    paired.is_some_and(|n| n >= MEAN_NEEDS_PAIRS as f64),
                    "{row:?} with {paired:?} pairs"
                );
            }
        }
    }
}

#[test]
fn one_young_persons_answers_cannot_be_read_from_the_summary() {
    let (mut club, series, plan) = club_with_plan(&["ons4"]);
    let who = club.young_person("Amy", "Adams", Some("2009-01-01"));
    for (on, wave, values) in [
        ("2026-04-07", Wave::Baseline, [2, 3, 4, 9]),
        ("2026-06-02", Wave::Review, [9, 8, 7, 1]),
    ] {
        club.mark(session_on(&club, series, on), who);
        let ids = [
            "life-satisfaction",
            "worthwhile",
            "happy-yesterday",
            "anxious-yesterday",
        ];
        let answers: Vec<(&str, Option<i64>)> = ids.into_iter().zip(values.map(Some)).collect();
        check_in(&mut club, who, on, wave, plan, "ons4", &answers);
    }
    let summary = build(club.store.conn(), quarter(), club.today).unwrap();
    // In the club, her change is there to see...
    let distance = crate::distance::compute(
        club.store.conn(),
        quarter(),
        &Scope::default(),
        None,
        club.today,
    )
    .unwrap();
    assert_eq!(distance.measures[0].coverage.paired, 1);
    // ...and in the summary, nothing of it: every cell is withheld or zero, and no mean.
    assert_eq!(outcome_rows(&summary).len(), 4 + 4 * 5);
    for row in outcome_rows(&summary) {
        assert!(row.value.is_none_or(|v| v == 0.0), "{row:?}");
        if row.measure == CHANGE_MEAN {
            assert!(row.value.is_none() && row.suppressed, "{row:?}");
        }
    }
    only_counts_and_means_of_ten(&summary);
}

#[test]
fn a_random_club_sends_only_counts_and_means_of_ten_or_more() {
    // Thirty-odd young people of mixed ages with answers from a fixed sequence: some items
    // end up with a handful of pairs, some with many.
    for seed in 1..=6u64 {
        let (mut club, series, plan) = club_with_plan(&["ons4"]);
        let mut state = seed;
        let mut next = |below: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % below
        };
        let people = 8 + next(30);
        for n in 0..people {
            let born = if next(2) == 0 {
                "2012-01-01"
            } else {
                "2009-01-01"
            };
            let who = club.young_person(&format!("Young{n}"), "Person", Some(born));
            for (on, wave) in [("2026-04-07", Wave::Baseline), ("2026-06-02", Wave::Review)] {
                club.mark(session_on(&club, series, on), who);
                if next(5) == 0 {
                    continue;
                }
                let mut answers = vec![
                    ("life-satisfaction", Some(next(11) as i64)),
                    ("worthwhile", (next(3) > 0).then(|| next(11) as i64)),
                    ("happy-yesterday", (next(4) == 0).then(|| next(11) as i64)),
                ];
                if born == "2009-01-01" {
                    answers.push(("anxious-yesterday", Some(next(11) as i64)));
                }
                check_in(&mut club, who, on, wave, plan, "ons4", &answers);
            }
        }
        let summary = build(club.store.conn(), quarter(), club.today).unwrap();
        assert!(!outcome_rows(&summary).is_empty());
        only_counts_and_means_of_ten(&summary);
    }
}
