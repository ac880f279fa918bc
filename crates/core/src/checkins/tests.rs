use super::*;
use crate::fixtures::{Club, date};

fn actor(user_id: i64, role: Role) -> Actor {
    Actor {
        user_id,
        name: format!("Test {}", role.label()),
        role,
        person_id: None,
    }
}

fn club_with_series() -> (Club, i64, i64) {
    let mut club = Club::new();
    let series = club.series("Tuesday club", 2, "2026-04-07", Some("2026-09-29"));
    let amy = club.young_person("Amy", "Adams", Some("2012-01-01"));
    (club, series, amy)
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

fn input(who: i64, on: &str, wave: Wave, values: &[(&str, Option<i64>)]) -> CheckInInput {
    CheckInInput {
        young_person_id: who,
        measure_code: "ons4".into(),
        measure_version: None,
        taken_on: date(on),
        wave,
        mode: Mode::SelfReport,
        declined: false,
        answers: values
            .iter()
            .map(|(q, v)| Answer {
                question_id: (*q).into(),
                value: *v,
            })
            .collect(),
        plan_id: None,
    }
}

fn everyone(series: i64) -> PlanInput {
    PlanInput {
        who: Who::Everyone,
        ..PlanInput::recommended(None, Some(series))
    }
}

#[test]
fn the_recommended_plan_asks_a_chosen_sample() {
    let plan = PlanInput::recommended(Some(1), None);
    assert_eq!(
        plan.who,
        Who::Chosen {
            young_people: Vec::new()
        }
    );
    assert_eq!(plan.measures, ["ons4"]);
}

#[test]
fn a_plan_is_checked_and_read_back() {
    let (mut club, series, amy) = club_with_series();
    let mut plan = PlanInput::recommended(None, Some(series));
    plan.who = Who::Chosen {
        young_people: vec![amy],
    };
    let saved = club.store.write(|tx| add_plan(tx, &plan)).unwrap();
    assert_eq!(saved.plan, plan);
    let mut both = plan.clone();
    both.project_id = Some(1);
    let error = club.store.write(|tx| add_plan(tx, &both)).unwrap_err();
    assert!(error.to_string().contains("one project or one series"));
    let mut unknown = plan.clone();
    unknown.measures = vec!["no-such-measure".into()];
    assert!(club.store.write(|tx| add_plan(tx, &unknown)).is_err());
    let mut exit_only = plan;
    exit_only.review_weeks = None;
    let changed = club
        .store
        .write(|tx| update_plan(tx, saved.id, &exit_only))
        .unwrap();
    assert_eq!(changed.plan.review_weeks, None);
}

#[test]
fn answers_are_checked_against_the_measure_and_the_age() {
    let (mut club, _, amy) = club_with_series();
    let today = club.today;
    let manager = Actor::club_manager();
    // Amy is 14: the anxiety question is asked from 16.
    let too_young = input(
        amy,
        "2026-04-07",
        Wave::Baseline,
        &[("anxious-yesterday", Some(3))],
    );
    let error = club
        .store
        .write(|tx| record(tx, &manager, &too_young, today))
        .unwrap_err();
    assert!(error.to_string().contains("asked from 16"), "{error}");
    let out_of_range = input(
        amy,
        "2026-04-07",
        Wave::Baseline,
        &[("worthwhile", Some(11))],
    );
    assert!(
        club.store
            .write(|tx| record(tx, &manager, &out_of_range, today))
            .is_err()
    );
    let later = input(amy, "2031-01-01", Wave::Baseline, &[]);
    assert!(
        club.store
            .write(|tx| record(tx, &manager, &later, today))
            .is_err()
    );
    let skipped = input(
        amy,
        "2026-04-07",
        Wave::Baseline,
        &[("life-satisfaction", Some(7)), ("worthwhile", None)],
    );
    let saved = club
        .store
        .write(|tx| record(tx, &manager, &skipped, today))
        .unwrap();
    let answers = saved.answers.unwrap();
    assert_eq!(answers.len(), 4);
    assert_eq!(answers[0].value, Some(7));
    assert_eq!(answers[1].value, None);
}

#[test]
fn answers_are_seen_by_managers_and_whoever_recorded_them_only() {
    let (mut club, _, amy) = club_with_series();
    let today = club.today;
    let volunteer = actor(4, Role::Volunteer);
    let other_volunteer = actor(5, Role::Volunteer);
    let leader = actor(3, Role::Leader);
    let lead = actor(2, Role::SafeguardingLead);
    let manager = actor(1, Role::Manager);
    let answered = input(
        amy,
        "2026-04-07",
        Wave::Baseline,
        &[("happy-yesterday", Some(8))],
    );
    club.store
        .write(|tx| record(tx, &volunteer, &answered, today))
        .unwrap();
    let conn = club.store.conn();
    // The volunteer who recorded it sees it and its answers.
    let own = list(conn, &volunteer, Some(amy)).unwrap();
    assert_eq!(own.len(), 1);
    assert!(own[0].answers.is_some());
    // Another volunteer does not browse it at all.
    assert!(list(conn, &other_volunteer, Some(amy)).unwrap().is_empty());
    // A leader and the safeguarding lead see that it happened, never what was said.
    for someone in [&leader, &lead] {
        let seen = list(conn, someone, None).unwrap();
        assert_eq!(seen.len(), 1, "{:?}", someone.role);
        assert_eq!(seen[0].answers, None, "{:?}", someone.role);
    }
    // A manager sees the answers.
    let seen = list(conn, &manager, None).unwrap();
    assert_eq!(seen[0].answers.as_ref().unwrap()[2].value, Some(8));
}

#[test]
fn a_baseline_is_due_at_the_first_sessions_then_a_review_after_the_weeks() {
    let (mut club, series, amy) = club_with_series();
    let plan = club
        .store
        .write(|tx| add_plan(tx, &everyone(series)))
        .unwrap();
    let first = session_on(&club, series, "2026-04-07");
    club.mark(first, amy);
    let due_now = due(club.store.conn(), first).unwrap();
    assert_eq!(
        due_now,
        [Due {
            young_person_id: amy,
            plan_id: plan.id,
            measure_code: "ons4".into(),
            wave: Wave::Baseline
        }]
    );
    let today = club.today;
    let manager = Actor::club_manager();
    let baseline = input(
        amy,
        "2026-04-07",
        Wave::Baseline,
        &[("life-satisfaction", Some(5))],
    );
    club.store
        .write(|tx| record(tx, &manager, &baseline, today))
        .unwrap();
    assert!(due(club.store.conn(), first).unwrap().is_empty());
    // Eleven weeks on: not yet (reviews every twelve weeks).
    let eleven = session_on(&club, series, "2026-06-23");
    club.mark(eleven, amy);
    assert!(due(club.store.conn(), eleven).unwrap().is_empty());
    let twelve = session_on(&club, series, "2026-06-30");
    club.mark(twelve, amy);
    assert_eq!(
        due(club.store.conn(), twelve).unwrap()[0].wave,
        Wave::Review
    );
}

#[test]
fn a_baseline_missed_in_its_window_or_declined_is_never_chased() {
    let (mut club, series, amy) = club_with_series();
    let ben = club.young_person("Ben", "Brown", Some("2012-01-01"));
    club.store
        .write(|tx| add_plan(tx, &everyone(series)))
        .unwrap();
    let days = ["2026-04-07", "2026-04-14", "2026-04-21", "2026-04-28"];
    for on in days {
        let session = session_on(&club, series, on);
        club.mark(session, amy);
        club.mark(session, ben);
    }
    let today = club.today;
    let mut no = input(ben, "2026-04-07", Wave::Baseline, &[]);
    no.declined = true;
    club.store
        .write(|tx| record(tx, &Actor::club_manager(), &no, today))
        .unwrap();
    // Within three sessions Amy's baseline is due; Ben said no, so nothing is due for him.
    let third = session_on(&club, series, days[2]);
    let due_third = due(club.store.conn(), third).unwrap();
    assert_eq!(due_third.len(), 1);
    assert_eq!(due_third[0].young_person_id, amy);
    // The fourth session is past the window.
    let fourth = session_on(&club, series, days[3]);
    assert!(due(club.store.conn(), fourth).unwrap().is_empty());
}

#[test]
fn regulars_are_asked_from_their_nth_attendance_and_a_sample_only_if_chosen() {
    let (mut club, series, amy) = club_with_series();
    let ben = club.young_person("Ben", "Brown", Some("2012-01-01"));
    let mut plan = everyone(series);
    plan.who = Who::Regulars { min_attendances: 2 };
    let saved = club.store.write(|tx| add_plan(tx, &plan)).unwrap();
    let first = session_on(&club, series, "2026-04-07");
    club.mark(first, amy);
    assert!(due(club.store.conn(), first).unwrap().is_empty());
    let second = session_on(&club, series, "2026-04-14");
    club.mark(second, amy);
    club.mark(second, ben);
    let due_second = due(club.store.conn(), second).unwrap();
    assert_eq!(due_second.len(), 1);
    assert_eq!(due_second[0].young_person_id, amy);

    plan.who = Who::Chosen {
        young_people: vec![ben],
    };
    club.store
        .write(|tx| update_plan(tx, saved.id, &plan))
        .unwrap();
    let due_second = due(club.store.conn(), second).unwrap();
    assert_eq!(due_second.len(), 1);
    assert_eq!(due_second[0].young_person_id, ben);
}

/// A project with a weekly series in it (Tuesdays, April to September 2026), and a series
/// outside it on the same days.
fn project_with_series(club: &mut Club) -> (i64, i64, i64) {
    let project = club
        .store
        .write(|tx| crate::projects::add(tx, "Wellbeing project", None))
        .unwrap()
        .id;
    let input = crate::sessions::SeriesInput {
        name: "Wellbeing Tuesdays".into(),
        weekday: 2,
        start: crate::fixtures::time("18:00"),
        end: crate::fixtures::time("20:00"),
        venue_id: None,
        session_type: crate::vocab::SessionType::Targeted,
        age_min: Some(11),
        age_max: Some(16),
        starts_on: date("2026-04-07"),
        ends_on: Some(date("2026-09-29")),
        project_id: Some(project),
        outcomes: Vec::new(),
    };
    let today = club.today;
    let inside = club
        .store
        .write(|tx| crate::sessions::add_series(tx, &input, today))
        .unwrap()
        .id;
    let outside = club.series("Open club", 2, "2026-04-07", Some("2026-09-29"));
    (project, inside, outside)
}

#[test]
fn a_projects_plan_makes_check_ins_due_at_its_series_sessions_and_only_there() {
    let mut club = Club::new();
    let (project, inside, outside) = project_with_series(&mut club);
    let amy = club.young_person("Amy", "Adams", Some("2012-01-01"));
    let plan = PlanInput {
        who: Who::Everyone,
        ..PlanInput::recommended(Some(project), None)
    };
    let plan = club.store.write(|tx| add_plan(tx, &plan)).unwrap().id;
    let first = session_on(&club, inside, "2026-04-07");
    let elsewhere = session_on(&club, outside, "2026-04-14");
    club.mark(first, amy);
    club.mark(elsewhere, amy);
    assert_eq!(
        due(club.store.conn(), first).unwrap(),
        vec![Due {
            young_person_id: amy,
            plan_id: plan,
            measure_code: "ons4".into(),
            wave: Wave::Baseline,
        }]
    );
    // The series outside the project has no plan: nothing is due there.
    assert!(due(club.store.conn(), elsewhere).unwrap().is_empty());
    // Her baseline taken under the project's plan, a review comes twelve weeks on, at the
    // project's series.
    let mut baseline = input(
        amy,
        "2026-04-07",
        Wave::Baseline,
        &[("life-satisfaction", Some(6))],
    );
    baseline.plan_id = Some(plan);
    let today = club.today;
    club.store
        .write(|tx| record(tx, &Actor::club_manager(), &baseline, today))
        .unwrap();
    assert!(due(club.store.conn(), first).unwrap().is_empty());
    let later = session_on(&club, inside, "2026-06-30");
    club.mark(later, amy);
    let waves: Vec<Wave> = due(club.store.conn(), later)
        .unwrap()
        .into_iter()
        .map(|d| d.wave)
        .collect();
    assert_eq!(waves, [Wave::Review]);
}
