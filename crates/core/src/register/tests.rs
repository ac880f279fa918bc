use super::*;
use crate::fixtures::{Club, date, time};
use crate::sessions::SeriesInput;
use crate::vocab::SessionType;

/// A Tuesday series with eight held weeks in which Ann came every week, Ben most weeks and
/// Cal once; tonight is the ninth.
fn tuesday_club() -> (Club, i64, [i64; 4]) {
    let mut club = Club::new();
    club.today = date("2026-11-24");
    let input = SeriesInput {
        name: "Tuesday Juniors".into(),
        weekday: 2,
        start: time("18:00"),
        end: time("20:00"),
        venue_id: None,
        session_type: SessionType::OpenAccess,
        age_min: None,
        age_max: None,
        starts_on: date("2026-09-29"),
        ends_on: None,
        project_id: None,
        outcomes: Vec::new(),
    };
    let today = club.today;
    club.store
        .write(|tx| crate::sessions::add_series(tx, &input, today))
        .unwrap();
    let held = crate::sessions::between(club.store.conn(), date("2026-09-29"), date("2026-11-17"))
        .unwrap();
    assert_eq!(held.len(), 8);
    let ann = club.young_person("Ann", "Archer", None);
    let ben = club.young_person("Ben", "Bright", None);
    let cal = club.young_person("Cal", "Cross", None);
    let dee = club.young_person("Dee", "Dunn", None);
    for (week, session) in held.iter().enumerate() {
        club.mark(session.id, ann);
        if week % 4 != 0 {
            club.mark(session.id, ben);
        }
        if week == 0 {
            club.mark(session.id, cal);
        }
    }
    let tonight = crate::sessions::between(club.store.conn(), today, today).unwrap()[0].id;
    (club, tonight, [ann, ben, cal, dee])
}

#[test]
fn regulars_are_listed_first() {
    let (club, tonight, [ann, ben, cal, _]) = tuesday_club();
    let register = register(club.store.conn(), tonight, club.today).unwrap();
    let order: Vec<i64> = register.entries.iter().map(|e| e.young_person.id).collect();
    assert_eq!(
        order,
        [ann, ben, cal],
        "by how often they came; Dee never came"
    );
    assert_eq!(register.recent_sessions, 8);
    assert!(register.entries[0].regular && register.entries[1].regular);
    assert!(
        !register.entries[2].regular,
        "one visit in eight is not regular"
    );
    assert_eq!(register.entries[1].recent_attendances, 6);
    assert!(register.entries.iter().all(|e| !e.present));
}

#[test]
fn marking_is_saved_at_once_repeating_it_changes_nothing_and_undo_removes_it() {
    let (mut club, tonight, [ann, _, _, dee]) = tuesday_club();
    let today = club.today;
    let entry = club
        .store
        .write(|tx| mark_present(tx, tonight, ann, today))
        .unwrap();
    assert!(entry.present);
    club.store
        .write(|tx| mark_present(tx, tonight, ann, today))
        .unwrap();
    let dee_entry = club
        .store
        .write(|tx| mark_present(tx, tonight, dee, today))
        .unwrap();
    assert!(dee_entry.present);
    let register = register(club.store.conn(), tonight, today).unwrap();
    assert_eq!(register.session.present, 2);
    assert_eq!(
        register.entries.last().unwrap().young_person.id,
        dee,
        "someone found by search joins the list"
    );
    let undone = club
        .store
        .write(|tx| unmark(tx, tonight, ann, today))
        .unwrap();
    assert!(!undone.present);
    assert_eq!(
        crate::sessions::get(club.store.conn(), tonight)
            .unwrap()
            .present,
        1
    );
}

#[test]
fn a_mark_survives_closing_the_file_straight_after() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.sqlite3");
    let (session, person, today) = {
        let mut club = Club::with_store(crate::store::Store::create(&path).unwrap());
        let person = club.young_person("Ann", "Archer", None);
        let session = club.session("2026-11-24", "18:00", "20:00", SessionType::OpenAccess);
        club.mark(session, person);
        (session, person, club.today)
    };
    let store = crate::club_file::open(&path, None).unwrap();
    let register = register(store.conn(), session, today).unwrap();
    assert!(
        register
            .entries
            .iter()
            .any(|e| e.young_person.id == person && e.present)
    );
}

#[test]
fn times_are_checked_and_need_a_mark() {
    let (mut club, tonight, [ann, ben, ..]) = tuesday_club();
    let today = club.today;
    let err = club
        .store
        .write(|tx| set_times(tx, tonight, ann, Some(time("18:10")), None, today))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Mark Ann Archer present before recording their times."
    );
    club.mark(tonight, ann);
    let err = club
        .store
        .write(|tx| {
            set_times(
                tx,
                tonight,
                ann,
                Some(time("19:00")),
                Some(time("18:30")),
                today,
            )
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Ann Archer can't leave (18:30) before they arrive (19:00)."
    );
    let entry = club
        .store
        .write(|tx| {
            set_times(
                tx,
                tonight,
                ann,
                Some(time("18:10")),
                Some(time("19:45")),
                today,
            )
        })
        .unwrap();
    assert_eq!(
        (entry.arrived, entry.left),
        (Some(time("18:10")), Some(time("19:45")))
    );
    club.mark(tonight, ben);
    let kept = club
        .store
        .write(|tx| mark_present(tx, tonight, ann, today))
        .unwrap();
    assert_eq!(
        kept.arrived,
        Some(time("18:10")),
        "marking again keeps the times"
    );
}

#[test]
fn cancelled_and_future_sessions_take_no_marks() {
    let (mut club, tonight, [ann, ..]) = tuesday_club();
    let next_week =
        crate::sessions::between(club.store.conn(), date("2026-12-01"), date("2026-12-01"))
            .unwrap()[0]
            .id;
    let today = club.today;
    let err = club
        .store
        .write(|tx| mark_present(tx, next_week, ann, today))
        .unwrap_err();
    assert!(
        err.to_string().contains("register opens on the day"),
        "{err}"
    );
    club.cancel(tonight);
    let err = club
        .store
        .write(|tx| mark_present(tx, tonight, ann, today))
        .unwrap_err();
    assert!(err.to_string().contains("was cancelled"), "{err}");
}

#[test]
fn someone_new_at_the_door_is_added_and_marked_in_one_go() {
    let (mut club, tonight, _) = tuesday_club();
    let today = club.today;
    let arrival = DoorArrival {
        first_name: "Nia".into(),
        last_name: "Okafor".into(),
        date_of_birth: None,
        age: Some(11),
        gender: Gender::Female,
        postcode: Some("cv2 4qx".into()),
        confirmed_new: false,
    };
    let entry = club
        .store
        .write(|tx| add_at_door(tx, tonight, &arrival, today))
        .unwrap();
    assert!(entry.present);
    assert_eq!(entry.young_person.age, Some(11));
    assert_eq!(entry.young_person.postcode.as_deref(), Some("CV2 4QX"));
    assert!(entry.young_person.needs_details);
    // The same name and age again at the door is flagged, and nothing is added.
    let err = club
        .store
        .write(|tx| add_at_door(tx, tonight, &arrival, today))
        .unwrap_err();
    assert!(matches!(err, crate::Error::LikelyDuplicate { .. }), "{err}");
    let bad = DoorArrival {
        first_name: "".into(),
        ..arrival
    };
    assert!(
        club.store
            .write(|tx| add_at_door(tx, tonight, &bad, today))
            .is_err()
    );
    let count: i64 = club
        .store
        .conn()
        .query_row("SELECT COUNT(*) FROM young_people", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 5);
}

#[test]
fn headcounts_are_set_replaced_and_cleared() {
    let (mut club, tonight, _) = tuesday_club();
    let today = club.today;
    let cell = |count| Headcount {
        gender: Gender::Male,
        age_band: AgeBand::From14To16,
        count,
    };
    club.store
        .write(|tx| set_headcount(tx, tonight, &cell(4), today))
        .unwrap();
    let counts = club
        .store
        .write(|tx| set_headcount(tx, tonight, &cell(6), today))
        .unwrap();
    assert_eq!(counts, vec![cell(6)]);
    assert_eq!(
        crate::sessions::get(club.store.conn(), tonight)
            .unwrap()
            .headcount,
        6
    );
    let counts = club
        .store
        .write(|tx| set_headcount(tx, tonight, &cell(0), today))
        .unwrap();
    assert!(counts.is_empty());
    assert!(
        club.store
            .write(|tx| set_headcount(tx, tonight, &cell(9000), today))
            .is_err()
    );
}

#[test]
fn notes_are_saved_trimmed() {
    let (mut club, tonight, _) = tuesday_club();
    let session = club
        .store
        .write(|tx| set_notes(tx, tonight, "  Pool table broken; tell the caretaker. "))
        .unwrap();
    assert_eq!(
        session.details.notes,
        "Pool table broken; tell the caretaker."
    );
}

#[test]
fn a_one_off_expects_whoever_came_in_the_last_four_weeks() {
    let (mut club, _, [ann, ben, ..]) = tuesday_club();
    let trip = club.session("2026-11-28", "10:00", "16:00", SessionType::Trip);
    club.today = date("2026-11-28");
    let register = register(club.store.conn(), trip, club.today).unwrap();
    let ids: Vec<i64> = register.entries.iter().map(|e| e.young_person.id).collect();
    assert_eq!(ids, [ann, ben], "Cal last came in September");
}

#[test]
fn the_register_sorts_names_by_their_letters_accents_folded() {
    let mut club = Club::new();
    let session = club.session("2026-11-17", "18:00", "20:00", SessionType::OpenAccess);
    for first in ["Zara", "Łucja", "Lucy"] {
        let id = club.young_person(first, "Nowak", None);
        club.mark(session, id);
    }
    let register = register(club.store.conn(), session, club.today).unwrap();
    let names: Vec<&str> = register
        .entries
        .iter()
        .map(|e| e.young_person.first_name.as_str())
        .collect();
    assert_eq!(names, ["Łucja", "Lucy", "Zara"]);
}

#[test]
fn emoji_in_a_name_are_left_out_of_the_paper_register_with_a_note() {
    let mut club = Club::new();
    let session = club.session("2026-11-17", "18:00", "20:00", SessionType::OpenAccess);
    let star = club.young_person("Jay🌟", "Smith", None);
    let plain = club.young_person("Ann", "Archer", None);
    club.mark(session, star);
    club.mark(session, plain);
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-17T17:00:00Z")
        .unwrap()
        .to_utc();
    let bytes =
        crate::print::paper_register::pdf(club.store.conn(), session, club.today, at).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let text = crate::fixtures::checked_pdf_text(&path);
    assert!(text.contains("Jay Smith"), "{text}");
    assert!(!text.contains('🌟'), "{text}");
    assert!(
        text.contains("cannot be printed in this font and were left out"),
        "{text}"
    );

    // A register with nothing to leave out says nothing about it.
    club.store
        .write(|tx| {
            Ok(tx.execute(
                "UPDATE young_people SET first_name = 'Jay' WHERE id = ?1",
                [star],
            )?)
        })
        .unwrap();
    let bytes =
        crate::print::paper_register::pdf(club.store.conn(), session, club.today, at).unwrap();
    std::fs::write(&path, &bytes).unwrap();
    let text = crate::fixtures::checked_pdf_text(&path);
    assert!(!text.contains("were left out"), "{text}");
}
