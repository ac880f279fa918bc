//! A whole club night on a real file, the way the app does it: set up, a weekly series,
//! young people, tonight's register (regulars, door, headcount, notes), the file closed and
//! opened again, and the figures at the end of the quarter.

use clubroom_core::dates::{ClockTime, Period};
use clubroom_core::fixtures::date;
use clubroom_core::organisation::{self, Organisation, VenueInput};
use clubroom_core::register::{self, DoorArrival, Headcount};
use clubroom_core::sessions::{self, SeriesInput};
use clubroom_core::vocab::{AgeBand, Gender, SessionType};
use clubroom_core::young_people::{self, Profile};
use clubroom_core::{Store, figures};

#[test]
fn a_club_night_from_set_up_to_figures() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.sqlite3");
    let first_night = date("2026-11-17");
    let tonight = date("2026-11-24");

    let (series_id, regulars) = {
        let mut store = Store::create(&path).unwrap();
        let mut details = Organisation::new("St Mary's Youth Club");
        details.lyp_name = Some("Coventry Youth Partnership".into());
        details.lyp_member_code = Some("COV-0042".into());
        store.write(|tx| organisation::save(tx, &details)).unwrap();
        let hall = store
            .write(|tx| {
                organisation::add_venue(
                    tx,
                    &VenueInput {
                        name: "St Mary's Hall".into(),
                        address: None,
                        postcode: Some("CV1 2AB".into()),
                    },
                )
            })
            .unwrap();
        let input = SeriesInput {
            name: "Tuesday Juniors".into(),
            weekday: 2,
            start: ClockTime::hm(18, 0),
            end: ClockTime::hm(20, 0),
            venue_id: Some(hall.id),
            session_type: SessionType::OpenAccess,
            age_min: Some(8),
            age_max: Some(12),
            starts_on: first_night,
            ends_on: None,
            project_id: None,
            outcomes: Vec::new(),
        };
        let series = store
            .write(|tx| sessions::add_series(tx, &input, first_night))
            .unwrap();
        let mut regulars = Vec::new();
        for (first, last, born) in [
            ("Jay", "Smith", "2015-03-04"),
            ("Amira", "Hussain", "2016-05-04"),
            ("Kai", "Reid", "2014-10-10"),
        ] {
            let mut profile = Profile::named(first, last);
            profile.date_of_birth = Some(date(born));
            regulars.push(
                store
                    .write(|tx| young_people::add(tx, None, &profile, false, first_night))
                    .unwrap()
                    .id,
            );
        }
        let last_week = sessions::between(store.conn(), first_night, first_night).unwrap()[0].id;
        for id in &regulars {
            store
                .write(|tx| register::mark_present(tx, last_week, *id, first_night))
                .unwrap();
        }
        (series.id, regulars)
    };

    // Tonight: a new file handle, as after a restart.
    let tonight_id = {
        let mut store = clubroom_core::club_file::open(&path, None).unwrap();
        store
            .write(|tx| sessions::extend_all_series(tx, tonight))
            .unwrap();
        let session = sessions::between(store.conn(), tonight, tonight)
            .unwrap()
            .remove(0);
        assert_eq!(session.series_id, Some(series_id));
        let register = register::register(store.conn(), session.id, tonight).unwrap();
        let expected: Vec<i64> = register.entries.iter().map(|e| e.young_person.id).collect();
        let mut sorted = expected.clone();
        sorted.sort();
        assert_eq!(sorted, regulars, "last week's three are expected tonight");
        assert!(register.entries.iter().all(|e| e.regular));
        for id in &regulars {
            store
                .write(|tx| register::mark_present(tx, session.id, *id, tonight))
                .unwrap();
        }
        let arrival = DoorArrival {
            first_name: "Nia".into(),
            last_name: "Okafor".into(),
            date_of_birth: None,
            age: Some(11),
            gender: Gender::Female,
            postcode: Some("CV2 4QX".into()),
            confirmed_new: false,
        };
        store
            .write(|tx| register::add_at_door(tx, session.id, &arrival, tonight))
            .unwrap();
        let outside = Headcount {
            gender: Gender::Male,
            age_band: AgeBand::From14To16,
            count: 3,
        };
        store
            .write(|tx| register::set_headcount(tx, session.id, &outside, tonight))
            .unwrap();
        store
            .write(|tx| {
                register::set_notes(
                    tx,
                    session.id,
                    "Three lads outside; invited them in next week.",
                )
            })
            .unwrap();
        session.id
    };

    let store = clubroom_core::club_file::open(&path, None).unwrap();
    let register = register::register(store.conn(), tonight_id, tonight).unwrap();
    assert_eq!(
        register.session.present, 4,
        "every mark is still there after reopening"
    );
    assert_eq!(register.session.headcount, 3);
    assert_eq!(
        register.session.details.notes,
        "Three lads outside; invited them in next week."
    );

    let figures = figures::compute(
        store.conn(),
        Period::new(date("2026-10-01"), date("2026-12-31")).unwrap(),
        tonight,
    )
    .unwrap();
    let m = figures.measures;
    assert_eq!(
        (
            m.sessions,
            m.attendances,
            m.unique_young_people,
            m.new_young_people
        ),
        (2, 7, 4, 4)
    );
    assert_eq!(
        (m.delivery_hours, m.contact_hours, m.anonymous_contacts),
        (4.0, 14.0, 3)
    );
}
