//! Small helpers that build clubs in code for tests (unit, integration and property tests).
//! Compiled only for tests and with the `fixtures` feature; never part of the app.

use chrono::NaiveDate;

use crate::dates::{ClockTime, Period, parse_date};
use crate::figures::{self, Figures};
use crate::organisation::{self, Organisation, VenueInput};
use crate::people::{self, PersonInput};
use crate::register::{self, Headcount};
use crate::sessions::{self, SeriesInput, SessionInput};
use crate::staffing;
use crate::store::Store;
use crate::training::{self, RecordInput};
use crate::vocab::{AgeBand, DbsLevel, Gender, SessionType, StaffRole};
use crate::young_people::{self, Profile};

/// A date from "YYYY-MM-DD" (tests only: panics on a typo).
pub fn date(text: &str) -> NaiveDate {
    parse_date(text).unwrap_or_else(|| panic!("bad test date {text}"))
}

pub fn time(text: &str) -> ClockTime {
    ClockTime::parse(text).unwrap_or_else(|| panic!("bad test time {text}"))
}

/// A club in a throw-away database, with "today" far enough ahead that any session can be marked.
pub struct Club {
    pub store: Store,
    pub today: NaiveDate,
}

impl Default for Club {
    fn default() -> Self {
        Club::new()
    }
}

impl Club {
    pub fn new() -> Club {
        Club::with_store(Store::open_in_memory().expect("an in-memory store opens"))
    }

    pub fn with_store(mut store: Store) -> Club {
        store
            .write(|tx| organisation::save(tx, &Organisation::new("Test Youth Club")))
            .expect("club saved");
        Club {
            store,
            today: date("2030-01-01"),
        }
    }

    pub fn venue(&mut self, name: &str) -> i64 {
        let input = VenueInput {
            name: name.into(),
            ..VenueInput::default()
        };
        self.store
            .write(|tx| organisation::add_venue(tx, &input))
            .expect("venue added")
            .id
    }

    /// Adds a young person; `dob` as "YYYY-MM-DD".
    pub fn young_person(&mut self, first: &str, last: &str, dob: Option<&str>) -> i64 {
        self.young_person_with(first, last, |p| p.date_of_birth = dob.map(date))
    }

    pub fn young_person_with(
        &mut self,
        first: &str,
        last: &str,
        change: impl FnOnce(&mut Profile),
    ) -> i64 {
        let mut profile = Profile::named(first, last);
        change(&mut profile);
        let today = self.today;
        self.store
            .write(|tx| young_people::add(tx, None, &profile, true, today))
            .expect("young person added")
            .id
    }

    /// Adds a one-off session named after its date.
    pub fn session(&mut self, on: &str, start: &str, end: &str, session_type: SessionType) -> i64 {
        let input = SessionInput::one_off(
            &format!("Session {on}"),
            date(on),
            (time(start), time(end)),
            None,
            session_type,
        );
        self.store
            .write(|tx| sessions::add_session(tx, &input))
            .expect("session added")
            .id
    }

    pub fn series(
        &mut self,
        name: &str,
        weekday: u32,
        starts_on: &str,
        ends_on: Option<&str>,
    ) -> i64 {
        let input = SeriesInput {
            name: name.into(),
            weekday,
            start: time("18:00"),
            end: time("20:00"),
            venue_id: None,
            session_type: SessionType::OpenAccess,
            age_min: Some(8),
            age_max: Some(12),
            starts_on: date(starts_on),
            ends_on: ends_on.map(date),
            project_id: None,
            outcomes: Vec::new(),
        };
        let today = self.today;
        self.store
            .write(|tx| sessions::add_series(tx, &input, today))
            .expect("series added")
            .id
    }

    pub fn mark(&mut self, session: i64, young_person: i64) {
        let today = self.today;
        self.store
            .write(|tx| register::mark_present(tx, session, young_person, today))
            .expect("marked present");
    }

    pub fn mark_times(&mut self, session: i64, young_person: i64, arrived: &str, left: &str) {
        self.mark(session, young_person);
        let today = self.today;
        let (arrived, left) = (Some(time(arrived)), Some(time(left)));
        self.store
            .write(|tx| register::set_times(tx, session, young_person, arrived, left, today))
            .expect("times recorded");
    }

    pub fn cancel(&mut self, session: i64) {
        self.store
            .write(|tx| sessions::cancel(tx, session, Some("test")))
            .expect("cancelled");
    }

    pub fn headcount(&mut self, session: i64, gender: Gender, age_band: AgeBand, count: u32) {
        let today = self.today;
        let cell = Headcount {
            gender,
            age_band,
            count,
        };
        self.store
            .write(|tx| register::set_headcount(tx, session, &cell, today))
            .expect("headcount set");
    }

    /// Adds a member of staff (`paid`) or a volunteer with one role.
    pub fn adult(&mut self, name: &str, paid: bool, role: StaffRole) -> i64 {
        let mut input = PersonInput::volunteer(name);
        input.paid = paid;
        input.roles = vec![role];
        self.store
            .write(|tx| people::add(tx, &input))
            .expect("person added")
            .id
    }

    /// The catalogue id of a course by name.
    pub fn course(&self, name: &str) -> i64 {
        training::course_by_name(self.store.conn(), name)
            .expect("a catalogue course")
            .id
    }

    /// Logs a completed course ("Enhanced DBS check" gets a DBS level and number).
    pub fn trained(&mut self, person: i64, course: &str, completed: &str) -> i64 {
        let course_id = self.course(course);
        let is_dbs = course == "Enhanced DBS check";
        let input = RecordInput {
            person_id: person,
            course_id,
            completed_on: date(completed),
            provider: None,
            certificate_number: is_dbs.then(|| "001234567890".to_owned()),
            dbs_level: is_dbs.then_some(DbsLevel::Enhanced),
            dbs_update_service: is_dbs.then_some(false),
        };
        let today = self.today;
        self.store
            .write(|tx| training::log(tx, &input, today))
            .expect("training logged")
            .id
    }

    /// Puts an adult on a session's staff list for the session's length.
    pub fn staff(&mut self, session: i64, person: i64, role: StaffRole) {
        self.store
            .write(|tx| staffing::set(tx, session, person, role, None))
            .expect("staffed");
    }

    pub fn figures(&self, from: &str, to: &str) -> Figures {
        figures::compute(
            self.store.conn(),
            Period::new(date(from), date(to)).expect("period"),
            self.today,
        )
        .expect("figures")
    }
}

/// A PDF-checking tool (qpdf, pdftotext, pdfimages), or a failure that says how to get it.
pub fn pdf_tool(name: &str) -> std::process::Command {
    let found = std::process::Command::new("which")
        .arg(name)
        .output()
        .map(|o| o.status.success());
    assert!(
        found.unwrap_or(false),
        "{name} is needed to check PDFs: run scripts/setup.sh (it installs qpdf and poppler-utils)"
    );
    std::process::Command::new(name)
}

/// Checks a PDF file with `qpdf --check` and returns its text as `pdftotext -layout` reads
/// it (pages separated by form feeds).
pub fn checked_pdf_text(path: &std::path::Path) -> String {
    let check = pdf_tool("qpdf").arg("--check").arg(path).output().unwrap();
    assert!(
        check.status.success(),
        "qpdf --check: {}",
        String::from_utf8_lossy(&check.stdout)
    );
    let text = pdf_tool("pdftotext")
        .args(["-layout"])
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8(text.stdout).unwrap()
}

/// The moment the club-file helpers below open at: long past, so the day's automatic backup
/// that follows an opening is never the newest, and never stands in for a test's own backup.
fn long_ago() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_577_880_000, 0).expect("2020-01-01 12:00 UTC")
}

/// Opens the club file at `path` as a named person, through the club file's one door.
pub fn open_as(path: &std::path::Path, name: &str, secret: &str) -> crate::Result<Store> {
    let (today, now) = (crate::dates::today(), long_ago());
    let mut club = crate::club_file::ClubFile::at(path, today, now);
    if club.needs_sign_in() {
        club.sign_in(name, secret, today, now)?;
    }
    club.into_store()
}

/// A new encrypted club file at `path` with its first manager signed in.
pub fn protected_club(path: &std::path::Path, name: &str, password: &str) -> crate::Result<Store> {
    let (today, now) = (crate::dates::today(), long_ago());
    let mut club = crate::club_file::ClubFile::at(path, today, now);
    club.protect(name, password, today, now)?;
    club.into_store()
}
