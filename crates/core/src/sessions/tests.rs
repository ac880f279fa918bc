use super::*;
use crate::fixtures::{Club, date, time};

fn juniors(starts_on: &str) -> SeriesInput {
    SeriesInput {
        name: "Tuesday Juniors".into(),
        weekday: 2,
        start: time("18:00"),
        end: time("20:00"),
        venue_id: None,
        session_type: SessionType::OpenAccess,
        age_min: Some(8),
        age_max: Some(12),
        starts_on: date(starts_on),
        ends_on: None,
        project_id: None,
        outcomes: Vec::new(),
    }
}

fn dates_of(conn: &Connection, series_id: i64) -> Vec<String> {
    conn.prepare("SELECT date FROM sessions WHERE series_id = ?1 ORDER BY date")
        .unwrap()
        .query_map([series_id], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn a_weekly_series_generates_its_tuesdays_up_to_the_horizon() {
    let mut club = Club::new();
    let today = date("2026-11-24"); // a Tuesday
    let series = club
        .store
        .write(|tx| add_series(tx, &juniors("2026-11-20"), today))
        .unwrap();
    let dates = dates_of(club.store.conn(), series.id);
    assert_eq!(
        dates.first().map(String::as_str),
        Some("2026-11-24"),
        "the first Tuesday on or after the start"
    );
    assert_eq!(
        dates.len() as u64,
        HORIZON_WEEKS + 1,
        "today plus twelve weeks of Tuesdays"
    );
    assert!(dates.iter().all(|d| date(d).weekday() == Weekday::Tue));
    assert_eq!(series.next_date, Some(today));
}

#[test]
fn a_series_with_an_end_date_stops_there_and_extending_is_idempotent() {
    let mut club = Club::new();
    let today = date("2026-11-24");
    let mut input = juniors("2026-11-24");
    input.ends_on = Some(date("2026-12-15"));
    let series = club
        .store
        .write(|tx| add_series(tx, &input, today))
        .unwrap();
    assert_eq!(
        dates_of(club.store.conn(), series.id),
        ["2026-11-24", "2026-12-01", "2026-12-08", "2026-12-15"]
    );
    let added = club
        .store
        .write(|tx| extend_all_series(tx, date("2027-03-01")))
        .unwrap();
    assert_eq!(added, 0);
    assert_eq!(dates_of(club.store.conn(), series.id).len(), 4);
}

#[test]
fn extending_does_not_bring_back_a_deleted_past_week_but_fills_a_long_gap() {
    let mut club = Club::new();
    let id = club
        .store
        .write(|tx| add_series(tx, &juniors("2026-11-24"), date("2026-11-24")))
        .unwrap()
        .id;
    club.store
        .conn()
        .execute(
            "DELETE FROM sessions WHERE series_id = ?1 AND date = '2026-11-24'",
            [id],
        )
        .unwrap();
    // The app was not opened for half a year: every week since the last one is made.
    let added = club
        .store
        .write(|tx| extend_all_series(tx, date("2027-06-01")))
        .unwrap();
    let dates = dates_of(club.store.conn(), id);
    assert_eq!(dates[0], "2026-12-01");
    assert_eq!(dates.last().map(String::as_str), Some("2027-08-24"));
    assert_eq!(added, dates.len() - (HORIZON_WEEKS as usize));
}

#[test]
fn extending_later_adds_the_new_weeks_only() {
    let mut club = Club::new();
    let series = club
        .store
        .write(|tx| add_series(tx, &juniors("2026-11-24"), date("2026-11-24")))
        .unwrap();
    let added = club
        .store
        .write(|tx| extend_all_series(tx, date("2026-12-08")))
        .unwrap();
    assert_eq!(added, 2);
    assert_eq!(
        dates_of(club.store.conn(), series.id).len() as u64,
        HORIZON_WEEKS + 3
    );
}

#[test]
fn cancelling_one_date_keeps_it_cancelled_and_restorable() {
    let mut club = Club::new();
    let today = date("2026-11-24");
    let juniors = club
        .store
        .write(|tx| add_series(tx, &juniors("2026-11-24"), today))
        .unwrap();
    let first = between(club.store.conn(), today, today).unwrap().remove(0);
    let cancelled = club
        .store
        .write(|tx| cancel(tx, first.id, Some("Hall flooded")))
        .unwrap();
    assert!(cancelled.cancelled);
    assert_eq!(cancelled.cancel_reason.as_deref(), Some("Hall flooded"));
    club.store.write(|tx| extend_all_series(tx, today)).unwrap();
    assert!(
        get(club.store.conn(), first.id).unwrap().cancelled,
        "regeneration does not undo a cancellation"
    );
    assert_eq!(
        series(club.store.conn(), juniors.id, today)
            .unwrap()
            .next_date,
        Some(date("2026-12-01"))
    );
    let err = club
        .store
        .write(|tx| cancel(tx, first.id, None))
        .unwrap_err();
    assert!(err.to_string().contains("already cancelled"), "{err}");
    assert!(
        !club
            .store
            .write(|tx| restore(tx, first.id))
            .unwrap()
            .cancelled
    );
}

#[test]
fn changing_a_series_moves_future_sessions_but_not_held_ones() {
    let mut club = Club::new();
    club.today = date("2026-12-01");
    let series_id = club
        .store
        .write(|tx| add_series(tx, &juniors("2026-11-17"), date("2026-11-17")))
        .unwrap()
        .id;
    let held = between(club.store.conn(), date("2026-11-17"), date("2026-11-17"))
        .unwrap()
        .remove(0);
    let jo = club.young_person("Jo", "Jones", None);
    club.mark(held.id, jo);
    let mut thursday = juniors("2026-11-17");
    thursday.weekday = 4;
    thursday.start = time("17:30");
    club.store
        .write(|tx| update_series(tx, series_id, &thursday, date("2026-12-01")))
        .unwrap();
    let all = dates_of(club.store.conn(), series_id);
    assert_eq!(
        all[..2],
        ["2026-11-17", "2026-11-24"],
        "past Tuesdays stay, held or not"
    );
    assert_eq!(all[2], "2026-12-03", "Thursdays from today on");
    assert!(
        all[2..].iter().all(|d| date(d).weekday() == Weekday::Thu),
        "{all:?}"
    );
    let kept = get(club.store.conn(), held.id).unwrap();
    assert_eq!(
        kept.details.start,
        time("18:00"),
        "history is not rewritten"
    );
    let next = between(club.store.conn(), date("2026-12-01"), date("2026-12-07")).unwrap();
    assert_eq!(next[0].details.start, time("17:30"));
}

#[test]
fn stopping_a_series_removes_its_untouched_future_sessions() {
    let mut club = Club::new();
    let today = date("2026-11-24");
    let id = club
        .store
        .write(|tx| add_series(tx, &juniors("2026-11-03"), today))
        .unwrap()
        .id;
    club.store
        .write(|tx| set_series_archived(tx, id, true, today))
        .unwrap();
    assert_eq!(
        dates_of(club.store.conn(), id),
        ["2026-11-03", "2026-11-10", "2026-11-17"]
    );
    assert_eq!(
        series(club.store.conn(), id, today).unwrap().next_date,
        None
    );
}

#[test]
fn bad_sessions_are_explained() {
    let mut club = Club::new();
    let mut input = juniors("2026-11-24");
    input.end = time("17:30");
    let err = club
        .store
        .write(|tx| add_series(tx, &input, date("2026-11-24")))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "The session ends before it starts (18:00-17:30)"
    );
    let mut input = juniors("2026-11-24");
    input.age_min = Some(14);
    input.age_max = Some(11);
    let err = club
        .store
        .write(|tx| add_series(tx, &input, date("2026-11-24")))
        .unwrap_err();
    assert!(err.to_string().contains("wrong way round"), "{err}");
    let mut input = juniors("2026-11-24");
    input.weekday = 9;
    assert!(
        club.store
            .write(|tx| add_series(tx, &input, date("2026-11-24")))
            .is_err()
    );
    let mut input = juniors("2026-11-24");
    input.venue_id = Some(99);
    assert!(
        club.store
            .write(|tx| add_series(tx, &input, date("2026-11-24")))
            .unwrap_err()
            .to_string()
            .contains("venue")
    );
    let count: i64 = club
        .store
        .conn()
        .query_row("SELECT COUNT(*) FROM session_series", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 0);
}

#[test]
fn one_off_sessions_carry_activities_and_outcomes() {
    let mut club = Club::new();
    let venue = club.venue("Parkside");
    let input = SessionInput {
        name: "Trip to the coast".into(),
        date: date("2026-08-05"),
        start: time("09:30"),
        end: time("17:00"),
        venue_id: Some(venue),
        session_type: SessionType::Trip,
        age_min: Some(11),
        age_max: Some(16),
        activities: vec!["Kayaking".into(), " ".into(), "Beach games".into()],
        outcomes: vec![
            OutcomeTag {
                framework: "toc".into(),
                code: "confidence".into(),
            },
            OutcomeTag {
                framework: "ecm".into(),
                code: "be-healthy".into(),
            },
        ],
        notes: "  Packed lunch  ".into(),
        project_id: None,
    };
    let session = club.store.write(|tx| add_session(tx, &input)).unwrap();
    assert_eq!(session.details.activities, ["Kayaking", "Beach games"]);
    assert_eq!(session.details.outcomes[0].framework, "ecm");
    assert_eq!(session.details.notes, "Packed lunch");
    assert_eq!(session.venue_name.as_deref(), Some("Parkside"));
    assert_eq!(session.duration_minutes(), 450);
    assert_eq!(
        session.describe(),
        "Trip to the coast, Wednesday 5 August 2026, 09:30-17:00"
    );
}

#[test]
fn a_session_with_a_register_is_not_deleted() {
    let mut club = Club::new();
    let session = club.session("2026-05-05", "18:00", "20:00", SessionType::OpenAccess);
    let jo = club.young_person("Jo", "Jones", None);
    club.mark(session, jo);
    let err = club
        .store
        .write(|tx| delete_session(tx, session))
        .unwrap_err();
    assert!(err.to_string().contains("Cancel it instead"), "{err}");
    let empty = club.session("2026-05-06", "18:00", "20:00", SessionType::OpenAccess);
    club.store.write(|tx| delete_session(tx, empty)).unwrap();
    assert!(matches!(
        get(club.store.conn(), empty),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn a_series_ending_before_it_starts_names_its_dates_day_first() {
    let mut club = Club::new();
    let mut input = juniors("2026-11-24");
    input.ends_on = Some(date("2026-11-10"));
    let err = club
        .store
        .write(|tx| add_series(tx, &input, date("2026-11-24")))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "The series ends (10 November 2026) before it starts (24 November 2026)."
    );
}

#[test]
fn a_volunteer_sees_the_notes_only_of_sessions_they_staff() {
    use crate::access::{Actor, Role};
    let mut club = Club::new();
    let theirs = club.session("2026-11-17", "18:00", "20:00", SessionType::OpenAccess);
    let other = club.session("2026-11-18", "18:00", "20:00", SessionType::OpenAccess);
    for id in [theirs, other] {
        club.store
            .write(|tx| {
                Ok(tx.execute(
                    "UPDATE sessions SET notes = 'Sam may be collected early' WHERE id = ?1",
                    [id],
                )?)
            })
            .unwrap();
    }
    let val = club.adult("Val Helper", false, crate::vocab::StaffRole::Volunteer);
    club.staff(theirs, val, crate::vocab::StaffRole::Volunteer);
    let as_role = |role: Role, person_id: Option<i64>| Actor {
        user_id: 7,
        name: "Someone".into(),
        role,
        person_id,
    };
    let conn = club.store.conn();
    let (from, to) = (date("2026-11-17"), date("2026-11-18"));
    let notes = |actor: &Actor| -> Vec<String> {
        between_for(conn, from, to, actor)
            .unwrap()
            .into_iter()
            .map(|s| s.details.notes)
            .collect()
    };
    let volunteer = as_role(Role::Volunteer, Some(val));
    assert_eq!(notes(&volunteer), ["Sam may be collected early", ""]);
    assert_eq!(get_for(conn, other, &volunteer).unwrap().details.notes, "");
    assert_eq!(notes(&as_role(Role::Volunteer, None)), ["", ""]);
    for role in [Role::Leader, Role::SafeguardingLead, Role::Manager] {
        assert_eq!(
            notes(&as_role(role, None)),
            ["Sam may be collected early", "Sam may be collected early"],
            "{role:?}"
        );
    }
}
