//! Tauri commands: each deserialises its arguments, calls one core function and returns the
//! result or an `ErrorReport`. No SQL, rules or formatting live here.

use std::path::PathBuf;

use chrono::{NaiveDate, Utc};
use clubroom_core::access::{Actor, Operation, Role, Target};
use clubroom_core::audit::{self, AuditEntry, Verification};
use clubroom_core::backup::{self, BackupEntry, BackupPreview, BackupsOverview, Restored};
use clubroom_core::circumstances::{self, Circumstance};
use clubroom_core::demo::{DemoOptions, DemoSummary};
use clubroom_core::figures::{self, Figures};
use clubroom_core::import::{self, ImportOutcome};
use clubroom_core::incidents::{
    self, ConcernInput, Incident, IncidentCounts, IncidentFilter, IncidentSummary, UpdateInput,
};
use clubroom_core::organisation::{self, Organisation, Venue, VenueInput};
use clubroom_core::outcomes::{self, Framework};
use clubroom_core::overview::{self, Overview};
use clubroom_core::people::{self, Person, PersonInput};
use clubroom_core::projects::{self, Project};
use clubroom_core::register::{self, DoorArrival, Headcount, Register, RegisterEntry};
use clubroom_core::returns::{self, Return, ReturnRequest, SavedReturnCheck, SavedReturnSummary};
use clubroom_core::rights::{
    self, Erased, ErasurePreview, RetentionChoice, RetentionDone, RetentionReview, RetentionRules,
};
use clubroom_core::sessions::{self, Series, SeriesInput, Session, SessionInput};
use clubroom_core::staffing::{self, PersonHours, RatioRule, SafeStaffing};
use clubroom_core::summary::{self, Summary};
use clubroom_core::sync::{self, Destination, LogEntry, OutboxEntry, Which};
use clubroom_core::templates::{self, Template, TemplateEntry};
use clubroom_core::training::{
    self, Course, CourseInput, DueItem, Matrix, MatrixFilter, Policy, RecordInput, TrainingRecord,
};
use clubroom_core::users::{self, NewUser, SecretKind, User};
use clubroom_core::vault;
use clubroom_core::vocab::{self, StaffRole, Vocabulary};
use clubroom_core::young_people::{self, Profile, Search, SearchResult, YoungPerson};
use clubroom_core::{
    Error, ErrorReport, Store, dates::Period, dates::parse_date_or_explain, paper_register,
    returns_pdf, training_pdf,
};
use serde::Serialize;
use tauri::State;

use crate::dialogs;
use crate::state::{AppState, Settings};

type Reply<T> = Result<T, ErrorReport>;

/// Runs `job` on the open club file, off the UI thread.
async fn with_store<T: Send + 'static>(
    state: &State<'_, AppState>,
    job: impl FnOnce(&mut Store, NaiveDate) -> clubroom_core::Result<T> + Send + 'static,
) -> Reply<T> {
    let store = state.store.clone();
    let today = state.today();
    tauri::async_runtime::spawn_blocking(move || {
        let mut guard = store.lock().unwrap_or_else(|p| p.into_inner());
        let store = guard
            .as_mut()
            .ok_or_else(|| Error::NotFound("No club file is open.".into()).report())?;
        job(store, today).map_err(|e| e.report())
    })
    .await
    .map_err(|e| Error::Invalid(format!("Clubroom hit an internal problem: {e}")).report())?
}

/// Runs `job` as one operation of the signed-in person: the core refuses it (before
/// anything is read or written) if they may not.
/// Refuses before a dialog opens, so someone who may not is told so at once instead of
/// after choosing a file.
async fn may(state: &State<'_, AppState>, operation: Operation, target: Target) -> Reply<()> {
    with_store_as(state, operation, target, |_, _| Ok(())).await
}

async fn with_store_as<T: Send + 'static>(
    state: &State<'_, AppState>,
    operation: Operation,
    target: Target,
    job: impl FnOnce(&mut Store, NaiveDate) -> clubroom_core::Result<T> + Send + 'static,
) -> Reply<T> {
    with_store(state, move |store, today| {
        store.begin(operation, target)?;
        job(store, today)
    })
    .await
}

/// Notes in the audit log that the signed-in person wrote the club's data to `path`.
async fn audit_export(
    state: &State<'_, AppState>,
    operation: Operation,
    path: &std::path::Path,
) -> Reply<()> {
    let record = path.display().to_string();
    with_store(state, move |store, _| {
        store.record_export(operation, &record)
    })
    .await
}

/// What the window needs to know first.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AppStatus {
    pub database: String,
    pub exploring_demo: bool,
    pub club: Option<Organisation>,
    pub problem: Option<ErrorReport>,
    pub today: String,
    pub version: String,
    /// Who is signed in (on a club with no accounts yet, the club's stand-in manager).
    pub signed_in: Option<Actor>,
    /// Someone must sign in before anything else (the file has accounts, or is encrypted).
    pub needs_sign_in: bool,
    /// A real club with no manager account yet: its data is not protected until one is made.
    pub needs_first_manager: bool,
    pub locked: bool,
    /// Minutes without use before the app locks itself (0: never).
    pub lock_after_minutes: u32,
    /// The names on the sign-in screen (only names).
    pub sign_in_names: Vec<String>,
}

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Reply<AppStatus> {
    let database = state.database_path();
    let exploring_demo = database == state.demo_database();
    let problem = state
        .problem
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let mut status = AppStatus {
        database: database.display().to_string(),
        exploring_demo,
        club: None,
        problem,
        today: state.today().to_string(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        signed_in: None,
        needs_sign_in: false,
        needs_first_manager: false,
        locked: false,
        lock_after_minutes: 10,
        sign_in_names: Vec::new(),
    };
    if state.file_is_locked() {
        status.needs_sign_in = true;
        status.sign_in_names = vault::key_holders(&database)
            .map(|holders| holders.into_iter().map(|h| h.name).collect())
            .unwrap_or_default();
        return Ok(status);
    }
    if status.problem.is_some() {
        return Ok(status);
    }
    with_store(&state, move |store, _| {
        let club = organisation::get(store.conn())?;
        let no_accounts = users::none_yet(store.conn())?;
        status.needs_first_manager = no_accounts && club.as_ref().is_some_and(|c| !c.is_demo);
        status.club = club;
        status.needs_sign_in = store.needs_sign_in();
        status.signed_in = (!store.needs_sign_in()).then(|| store.actor().clone());
        status.locked = store.is_locked();
        status.lock_after_minutes = users::lock_after_minutes(store.conn())?;
        status.sign_in_names = users::sign_in_names(store.conn())?;
        Ok(status)
    })
    .await
}

/// Switches to the demo club file, creating the demo club the first time.
#[tauri::command]
pub async fn explore_demo(state: State<'_, AppState>) -> Reply<Option<DemoSummary>> {
    let path = state.demo_database();
    switch_database(&state, Some(path))?;
    with_store_as(
        &state,
        Operation::ExploreDemo,
        Target::Nothing,
        |store, today| {
            if organisation::get(store.conn())?.is_some() {
                return Ok(None);
            }
            store.make_demo(&DemoOptions::explore(today)).map(Some)
        },
    )
    .await
}

/// Leaves the demo for the club's own file (empty until "Set up my club").
#[tauri::command]
pub async fn leave_demo(state: State<'_, AppState>) -> Reply<()> {
    switch_database(&state, None)
}

fn switch_database(state: &State<'_, AppState>, path: Option<PathBuf>) -> Reply<()> {
    let settings = Settings { database: path };
    settings.save(&state.settings_file)?;
    state.open(&state.database_path());
    match state
        .problem
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone()
    {
        Some(problem) => Err(problem),
        None => Ok(()),
    }
}

#[tauri::command]
pub async fn vocabulary() -> Reply<Vocabulary> {
    Ok(vocab::vocabulary())
}

#[tauri::command]
pub async fn save_club(state: State<'_, AppState>, details: Organisation) -> Reply<Organisation> {
    with_store_as(
        &state,
        Operation::SaveClub,
        Target::Nothing,
        move |store, _| store.write(|tx| organisation::save(tx, &details)),
    )
    .await
}

#[tauri::command]
pub async fn overview(state: State<'_, AppState>) -> Reply<Overview> {
    with_store_as(
        &state,
        Operation::Overview,
        Target::Nothing,
        |store, today| overview::overview(store.conn(), today, store.actor()),
    )
    .await
}

#[tauri::command]
pub async fn figures(state: State<'_, AppState>, from: String, to: String) -> Reply<Figures> {
    with_store_as(
        &state,
        Operation::Figures,
        Target::Nothing,
        move |store, today| {
            let period = Period::new(parse_date_or_explain(&from)?, parse_date_or_explain(&to)?)?;
            figures::compute(store.conn(), period, today)
        },
    )
    .await
}

// ---- venues ----

#[tauri::command]
pub async fn venues(state: State<'_, AppState>) -> Reply<Vec<Venue>> {
    with_store_as(&state, Operation::Venues, Target::Nothing, |store, _| {
        organisation::venues(store.conn())
    })
    .await
}

#[tauri::command]
pub async fn add_venue(state: State<'_, AppState>, input: VenueInput) -> Reply<Venue> {
    with_store_as(
        &state,
        Operation::AddVenue,
        Target::Nothing,
        move |store, _| store.write(|tx| organisation::add_venue(tx, &input)),
    )
    .await
}

#[tauri::command]
pub async fn update_venue(state: State<'_, AppState>, id: i64, input: VenueInput) -> Reply<Venue> {
    with_store_as(
        &state,
        Operation::UpdateVenue,
        Target::Nothing,
        move |store, _| store.write(|tx| organisation::update_venue(tx, id, &input)),
    )
    .await
}

#[tauri::command]
pub async fn set_venue_archived(
    state: State<'_, AppState>,
    id: i64,
    archived: bool,
) -> Reply<Venue> {
    with_store_as(
        &state,
        Operation::SetVenueArchived,
        Target::Nothing,
        move |store, _| store.write(|tx| organisation::set_venue_archived(tx, id, archived)),
    )
    .await
}

// ---- young people ----

#[tauri::command]
pub async fn search_young_people(
    state: State<'_, AppState>,
    search: Search,
) -> Reply<SearchResult> {
    with_store_as(
        &state,
        Operation::SearchYoungPeople,
        Target::Nothing,
        move |store, today| young_people::search(store.conn(), &search, today),
    )
    .await
}

#[tauri::command]
pub async fn young_person(state: State<'_, AppState>, id: i64) -> Reply<YoungPerson> {
    with_store_as(
        &state,
        Operation::YoungPerson,
        Target::Nothing,
        move |store, today| young_people::get_for(store.conn(), store.actor(), id, today),
    )
    .await
}

#[tauri::command]
pub async fn add_young_person(
    state: State<'_, AppState>,
    reference: Option<String>,
    profile: Profile,
    confirmed_new: bool,
) -> Reply<YoungPerson> {
    with_store_as(
        &state,
        Operation::AddYoungPerson,
        Target::Nothing,
        move |store, today| {
            store.write(|tx| {
                young_people::add(tx, reference.as_deref(), &profile, confirmed_new, today)
            })
        },
    )
    .await
}

#[tauri::command]
pub async fn update_young_person(
    state: State<'_, AppState>,
    id: i64,
    reference: String,
    profile: Profile,
) -> Reply<YoungPerson> {
    with_store_as(
        &state,
        Operation::UpdateYoungPerson,
        Target::Nothing,
        move |store, today| {
            store.write(|tx| young_people::update(tx, id, &reference, &profile, today))
        },
    )
    .await
}

#[tauri::command]
pub async fn set_young_person_archived(
    state: State<'_, AppState>,
    id: i64,
    archived: bool,
) -> Reply<YoungPerson> {
    with_store_as(
        &state,
        Operation::SetYoungPersonArchived,
        Target::Nothing,
        move |store, today| store.write(|tx| young_people::set_archived(tx, id, archived, today)),
    )
    .await
}

// ---- sessions ----

#[tauri::command]
pub async fn all_series(state: State<'_, AppState>) -> Reply<Vec<Series>> {
    with_store_as(
        &state,
        Operation::AllSeries,
        Target::Nothing,
        |store, today| sessions::all_series(store.conn(), today),
    )
    .await
}

#[tauri::command]
pub async fn add_series(state: State<'_, AppState>, input: SeriesInput) -> Reply<Series> {
    with_store_as(
        &state,
        Operation::AddSeries,
        Target::Nothing,
        move |store, today| store.write(|tx| sessions::add_series(tx, &input, today)),
    )
    .await
}

#[tauri::command]
pub async fn update_series(
    state: State<'_, AppState>,
    id: i64,
    input: SeriesInput,
) -> Reply<Series> {
    with_store_as(
        &state,
        Operation::UpdateSeries,
        Target::Nothing,
        move |store, today| store.write(|tx| sessions::update_series(tx, id, &input, today)),
    )
    .await
}

#[tauri::command]
pub async fn set_series_archived(
    state: State<'_, AppState>,
    id: i64,
    archived: bool,
) -> Reply<Series> {
    with_store_as(
        &state,
        Operation::SetSeriesArchived,
        Target::Nothing,
        move |store, today| {
            store.write(|tx| sessions::set_series_archived(tx, id, archived, today))
        },
    )
    .await
}

#[tauri::command]
pub async fn sessions_between(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Reply<Vec<Session>> {
    with_store_as(
        &state,
        Operation::SessionsBetween,
        Target::Nothing,
        move |store, _| {
            let period = Period::new(parse_date_or_explain(&from)?, parse_date_or_explain(&to)?)?;
            sessions::between(store.conn(), period.from, period.to)
        },
    )
    .await
}

#[tauri::command]
pub async fn session(state: State<'_, AppState>, id: i64) -> Reply<Session> {
    with_store_as(
        &state,
        Operation::Session,
        Target::Nothing,
        move |store, _| sessions::get(store.conn(), id),
    )
    .await
}

#[tauri::command]
pub async fn add_session(state: State<'_, AppState>, input: SessionInput) -> Reply<Session> {
    with_store_as(
        &state,
        Operation::AddSession,
        Target::Nothing,
        move |store, _| store.write(|tx| sessions::add_session(tx, &input)),
    )
    .await
}

#[tauri::command]
pub async fn update_session(
    state: State<'_, AppState>,
    id: i64,
    input: SessionInput,
) -> Reply<Session> {
    with_store_as(
        &state,
        Operation::UpdateSession,
        Target::Nothing,
        move |store, _| store.write(|tx| sessions::update_session(tx, id, &input)),
    )
    .await
}

#[tauri::command]
pub async fn cancel_session(
    state: State<'_, AppState>,
    id: i64,
    reason: Option<String>,
) -> Reply<Session> {
    with_store_as(
        &state,
        Operation::CancelSession,
        Target::Nothing,
        move |store, _| store.write(|tx| sessions::cancel(tx, id, reason.as_deref())),
    )
    .await
}

#[tauri::command]
pub async fn restore_session(state: State<'_, AppState>, id: i64) -> Reply<Session> {
    with_store_as(
        &state,
        Operation::RestoreSession,
        Target::Nothing,
        move |store, _| store.write(|tx| sessions::restore(tx, id)),
    )
    .await
}

#[tauri::command]
pub async fn delete_session(state: State<'_, AppState>, id: i64) -> Reply<()> {
    with_store_as(
        &state,
        Operation::DeleteSession,
        Target::Nothing,
        move |store, _| store.write(|tx| sessions::delete_session(tx, id)),
    )
    .await
}

#[tauri::command]
pub async fn outcome_frameworks(state: State<'_, AppState>) -> Reply<Vec<Framework>> {
    with_store_as(
        &state,
        Operation::OutcomeFrameworks,
        Target::Nothing,
        |store, _| outcomes::frameworks(store.conn()),
    )
    .await
}

// ---- the register ----

#[tauri::command]
pub async fn register(state: State<'_, AppState>, session_id: i64) -> Reply<Register> {
    with_store_as(
        &state,
        Operation::Register,
        Target::Session(session_id),
        move |store, today| register::register(store.conn(), session_id, today),
    )
    .await
}

#[tauri::command]
pub async fn mark_present(
    state: State<'_, AppState>,
    session_id: i64,
    young_person_id: i64,
) -> Reply<RegisterEntry> {
    with_store_as(
        &state,
        Operation::MarkPresent,
        Target::Session(session_id),
        move |store, today| {
            store.write(|tx| register::mark_present(tx, session_id, young_person_id, today))
        },
    )
    .await
}

#[tauri::command]
pub async fn unmark(
    state: State<'_, AppState>,
    session_id: i64,
    young_person_id: i64,
) -> Reply<RegisterEntry> {
    with_store_as(
        &state,
        Operation::Unmark,
        Target::Session(session_id),
        move |store, today| {
            store.write(|tx| register::unmark(tx, session_id, young_person_id, today))
        },
    )
    .await
}

#[tauri::command]
pub async fn set_times(
    state: State<'_, AppState>,
    session_id: i64,
    young_person_id: i64,
    arrived: Option<String>,
    left: Option<String>,
) -> Reply<RegisterEntry> {
    with_store_as(
        &state,
        Operation::SetTimes,
        Target::Session(session_id),
        move |store, today| {
            let arrived = arrived
                .filter(|t| !t.trim().is_empty())
                .map(|t| t.parse())
                .transpose()?;
            let left = left
                .filter(|t| !t.trim().is_empty())
                .map(|t| t.parse())
                .transpose()?;
            store.write(|tx| {
                register::set_times(tx, session_id, young_person_id, arrived, left, today)
            })
        },
    )
    .await
}

#[tauri::command]
pub async fn add_at_door(
    state: State<'_, AppState>,
    session_id: i64,
    arrival: DoorArrival,
) -> Reply<RegisterEntry> {
    with_store_as(
        &state,
        Operation::AddAtDoor,
        Target::Session(session_id),
        move |store, today| {
            store.write(|tx| register::add_at_door(tx, session_id, &arrival, today))
        },
    )
    .await
}

#[tauri::command]
pub async fn set_headcount(
    state: State<'_, AppState>,
    session_id: i64,
    count: Headcount,
) -> Reply<Vec<Headcount>> {
    with_store_as(
        &state,
        Operation::SetHeadcount,
        Target::Session(session_id),
        move |store, today| {
            store.write(|tx| register::set_headcount(tx, session_id, &count, today))
        },
    )
    .await
}

#[tauri::command]
pub async fn set_session_notes(
    state: State<'_, AppState>,
    session_id: i64,
    notes: String,
) -> Reply<Session> {
    with_store_as(
        &state,
        Operation::SetSessionNotes,
        Target::Session(session_id),
        move |store, _| store.write(|tx| register::set_notes(tx, session_id, &notes)),
    )
    .await
}

/// Makes the paper register and asks where to save it. `None` if the user cancelled.
#[tauri::command]
pub async fn save_paper_register(
    state: State<'_, AppState>,
    session_id: i64,
) -> Reply<Option<String>> {
    let (bytes, name) = with_store_as(
        &state,
        Operation::SavePaperRegister,
        Target::Nothing,
        move |store, today| {
            let session = sessions::get(store.conn(), session_id)?;
            let bytes = paper_register::pdf(store.conn(), session_id, today, Utc::now())?;
            Ok((bytes, paper_register::file_name(&session)))
        },
    )
    .await?;
    let Some(path) = dialogs::save_path(&name, "PDF document", "pdf").await else {
        return Ok(None);
    };
    clubroom_core::files::write_atomically(&path, &bytes).map_err(|e| e.report())?;
    audit_export(&state, Operation::SavePaperRegister, &path).await?;
    Ok(Some(path.display().to_string()))
}

/// Asks for a CSV of young people and imports it, all or nothing.
#[tauri::command]
pub async fn import_young_people(state: State<'_, AppState>) -> Reply<Option<ImportOutcome>> {
    may(&state, Operation::ImportYoungPeople, Target::Nothing).await?;
    let Some(path) = dialogs::open_path("Spreadsheet (CSV)", &["csv"]).await else {
        return Ok(None);
    };
    with_store_as(
        &state,
        Operation::ImportYoungPeople,
        Target::Nothing,
        move |store, today| {
            let file = std::fs::File::open(&path)
                .map_err(|e| Error::file(format!("Could not open {}", path.display()), e))?;
            backup::import_with_backup(store, Utc::now(), |tx| {
                import::young_people(tx, file, today)
            })
            .map(Some)
        },
    )
    .await
}

/// Asks for a CSV of attendance and imports it, all or nothing.
#[tauri::command]
pub async fn import_attendance(state: State<'_, AppState>) -> Reply<Option<ImportOutcome>> {
    may(&state, Operation::ImportAttendance, Target::Nothing).await?;
    let Some(path) = dialogs::open_path("Spreadsheet (CSV)", &["csv"]).await else {
        return Ok(None);
    };
    with_store_as(
        &state,
        Operation::ImportAttendance,
        Target::Nothing,
        move |store, _| {
            let file = std::fs::File::open(&path)
                .map_err(|e| Error::file(format!("Could not open {}", path.display()), e))?;
            backup::import_with_backup(store, Utc::now(), |tx| import::attendance(tx, file))
                .map(Some)
        },
    )
    .await
}

// ---- staff, volunteers and training ----

#[tauri::command]
pub async fn people_list(state: State<'_, AppState>) -> Reply<Vec<Person>> {
    with_store_as(
        &state,
        Operation::PeopleList,
        Target::Nothing,
        |store, _| people::visible_to(store.conn(), store.actor()),
    )
    .await
}

#[tauri::command]
pub async fn add_person(state: State<'_, AppState>, input: PersonInput) -> Reply<Person> {
    with_store_as(
        &state,
        Operation::AddPerson,
        Target::Nothing,
        move |store, _| store.write(|tx| people::add(tx, &input)),
    )
    .await
}

#[tauri::command]
pub async fn update_person(
    state: State<'_, AppState>,
    id: i64,
    input: PersonInput,
) -> Reply<Person> {
    with_store_as(
        &state,
        Operation::UpdatePerson,
        Target::Nothing,
        move |store, _| store.write(|tx| people::update(tx, id, &input)),
    )
    .await
}

#[tauri::command]
pub async fn set_person_archived(
    state: State<'_, AppState>,
    id: i64,
    archived: bool,
) -> Reply<Person> {
    with_store_as(
        &state,
        Operation::SetPersonArchived,
        Target::Nothing,
        move |store, _| store.write(|tx| people::set_archived(tx, id, archived)),
    )
    .await
}

#[tauri::command]
pub async fn courses(state: State<'_, AppState>) -> Reply<Vec<Course>> {
    with_store_as(&state, Operation::Courses, Target::Nothing, |store, _| {
        training::courses(store.conn())
    })
    .await
}

#[tauri::command]
pub async fn add_course(state: State<'_, AppState>, input: CourseInput) -> Reply<Course> {
    with_store_as(
        &state,
        Operation::AddCourse,
        Target::Nothing,
        move |store, _| store.write(|tx| training::add_course(tx, &input)),
    )
    .await
}

#[tauri::command]
pub async fn update_course(
    state: State<'_, AppState>,
    id: i64,
    input: CourseInput,
) -> Reply<Course> {
    with_store_as(
        &state,
        Operation::UpdateCourse,
        Target::Nothing,
        move |store, _| store.write(|tx| training::update_course(tx, id, &input)),
    )
    .await
}

#[tauri::command]
pub async fn set_course_archived(
    state: State<'_, AppState>,
    id: i64,
    archived: bool,
) -> Reply<Course> {
    with_store_as(
        &state,
        Operation::SetCourseArchived,
        Target::Nothing,
        move |store, _| store.write(|tx| training::set_course_archived(tx, id, archived)),
    )
    .await
}

#[tauri::command]
pub async fn set_requirement(
    state: State<'_, AppState>,
    role: StaffRole,
    course_id: i64,
    required: bool,
) -> Reply<Course> {
    with_store_as(
        &state,
        Operation::SetRequirement,
        Target::Nothing,
        move |store, _| store.write(|tx| training::set_requirement(tx, role, course_id, required)),
    )
    .await
}

#[tauri::command]
pub async fn staffing_policy(state: State<'_, AppState>) -> Reply<Policy> {
    with_store_as(
        &state,
        Operation::StaffingPolicy,
        Target::Nothing,
        |store, _| training::policy(store.conn()),
    )
    .await
}

#[tauri::command]
pub async fn set_staffing_policy(state: State<'_, AppState>, policy: Policy) -> Reply<Policy> {
    with_store_as(
        &state,
        Operation::SetStaffingPolicy,
        Target::Nothing,
        move |store, _| store.write(|tx| training::set_policy(tx, &policy)),
    )
    .await
}

#[tauri::command]
pub async fn ratio_rules(state: State<'_, AppState>) -> Reply<Vec<RatioRule>> {
    with_store_as(
        &state,
        Operation::RatioRules,
        Target::Nothing,
        |store, _| staffing::ratio_rules(store.conn()),
    )
    .await
}

#[tauri::command]
pub async fn set_ratio_rules(
    state: State<'_, AppState>,
    rules: Vec<RatioRule>,
) -> Reply<Vec<RatioRule>> {
    with_store_as(
        &state,
        Operation::SetRatioRules,
        Target::Nothing,
        move |store, _| store.write(|tx| staffing::set_ratio_rules(tx, &rules)),
    )
    .await
}

#[tauri::command]
pub async fn training_records(
    state: State<'_, AppState>,
    person_id: i64,
) -> Reply<Vec<TrainingRecord>> {
    with_store_as(
        &state,
        Operation::TrainingRecords,
        Target::Person(person_id),
        move |store, today| {
            let attachments = store.attachments();
            training::records_of(store.conn(), person_id, today, attachments.as_ref())
        },
    )
    .await
}

#[tauri::command]
pub async fn log_training(state: State<'_, AppState>, input: RecordInput) -> Reply<TrainingRecord> {
    with_store_as(
        &state,
        Operation::LogTraining,
        Target::Person(input.person_id),
        move |store, today| store.write(|tx| training::log(tx, &input, today)),
    )
    .await
}

#[tauri::command]
pub async fn update_training(
    state: State<'_, AppState>,
    id: i64,
    input: RecordInput,
) -> Reply<TrainingRecord> {
    with_store_as(
        &state,
        Operation::UpdateTraining,
        Target::TrainingChange {
            record: id,
            person: input.person_id,
        },
        move |store, today| store.write(|tx| training::update_record(tx, id, &input, today)),
    )
    .await
}

#[tauri::command]
pub async fn delete_training(state: State<'_, AppState>, id: i64) -> Reply<()> {
    with_store_as(
        &state,
        Operation::DeleteTraining,
        Target::TrainingRecord(id),
        move |store, _| store.write(|tx| training::delete_record(tx, id)),
    )
    .await
}

#[tauri::command]
pub async fn confirm_training(
    state: State<'_, AppState>,
    id: i64,
    by: String,
) -> Reply<TrainingRecord> {
    with_store_as(
        &state,
        Operation::ConfirmTraining,
        Target::Nothing,
        move |store, today| store.write(|tx| training::confirm(tx, id, &by, today)),
    )
    .await
}

/// Asks for a scan or PDF of a certificate and keeps it with the record. `None` if cancelled.
#[tauri::command]
pub async fn attach_certificate(
    state: State<'_, AppState>,
    record_id: i64,
) -> Reply<Option<TrainingRecord>> {
    let kinds = ["pdf", "png", "jpg", "jpeg", "heic", "webp", "tif", "tiff"];
    may(
        &state,
        Operation::AttachCertificate,
        Target::TrainingRecord(record_id),
    )
    .await?;
    let Some(path) = dialogs::open_path("Certificate (PDF or photo)", &kinds).await else {
        return Ok(None);
    };
    with_store_as(
        &state,
        Operation::AttachCertificate,
        Target::TrainingRecord(record_id),
        move |store, today| {
            let attachments = store.attachments();
            store
                .write(|tx| {
                    training::attach_certificate(tx, record_id, &path, attachments.as_ref(), today)
                })
                .map(Some)
        },
    )
    .await
}

#[tauri::command]
pub async fn training_matrix(
    state: State<'_, AppState>,
    on: Option<String>,
    filter: MatrixFilter,
) -> Reply<Matrix> {
    with_store_as(
        &state,
        Operation::TrainingMatrix,
        Target::Nothing,
        move |store, today| {
            let on = on
                .as_deref()
                .map(parse_date_or_explain)
                .transpose()?
                .unwrap_or(today);
            training::matrix(store.conn(), on, &filter)
        },
    )
    .await
}

/// Saves the matrix as CSV or PDF through a save dialog. `None` if cancelled.
#[tauri::command]
pub async fn save_training_matrix(
    state: State<'_, AppState>,
    on: Option<String>,
    filter: MatrixFilter,
    format: String,
) -> Reply<Option<String>> {
    let pdf = match format.as_str() {
        "pdf" => true,
        "csv" => false,
        other => {
            return Err(Error::Invalid(format!(
                "The training matrix can be saved as PDF or CSV, not “{other}”."
            ))
            .report());
        }
    };
    let (bytes, name) = with_store_as(
        &state,
        Operation::SaveTrainingMatrix,
        Target::Nothing,
        move |store, today| {
            let on = on
                .as_deref()
                .map(parse_date_or_explain)
                .transpose()?
                .unwrap_or(today);
            let matrix = training::matrix(store.conn(), on, &filter)?;
            let bytes = if pdf {
                let club = organisation::require(store.conn())?;
                training_pdf::pdf(&matrix, &club.name, Utc::now())?
            } else {
                training::matrix_csv(&matrix)?
            };
            Ok((
                bytes,
                format!("training-matrix-{on}.{}", if pdf { "pdf" } else { "csv" }),
            ))
        },
    )
    .await?;
    let (kind, extension) = if pdf {
        ("PDF document", "pdf")
    } else {
        ("Spreadsheet (CSV)", "csv")
    };
    let Some(path) = dialogs::save_path(&name, kind, extension).await else {
        return Ok(None);
    };
    clubroom_core::files::write_atomically(&path, &bytes).map_err(|e| e.report())?;
    audit_export(&state, Operation::SaveTrainingMatrix, &path).await?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command]
pub async fn training_due(state: State<'_, AppState>, within_days: u32) -> Reply<Vec<DueItem>> {
    with_store_as(
        &state,
        Operation::TrainingDue,
        Target::Nothing,
        move |store, today| training::due_for(store.conn(), store.actor(), today, within_days),
    )
    .await
}

#[tauri::command]
pub async fn session_staffing(state: State<'_, AppState>, session_id: i64) -> Reply<SafeStaffing> {
    with_store_as(
        &state,
        Operation::SessionStaffing,
        Target::Nothing,
        move |store, _| staffing::check(store.conn(), session_id),
    )
    .await
}

#[tauri::command]
pub async fn set_staffing(
    state: State<'_, AppState>,
    session_id: i64,
    person_id: i64,
    role: StaffRole,
    hours: Option<f64>,
) -> Reply<SafeStaffing> {
    with_store_as(
        &state,
        Operation::SetStaffing,
        Target::Nothing,
        move |store, _| {
            store.write(|tx| staffing::set(tx, session_id, person_id, role, hours))?;
            staffing::check(store.conn(), session_id)
        },
    )
    .await
}

#[tauri::command]
pub async fn remove_staffing(
    state: State<'_, AppState>,
    session_id: i64,
    person_id: i64,
) -> Reply<SafeStaffing> {
    with_store_as(
        &state,
        Operation::RemoveStaffing,
        Target::Nothing,
        move |store, _| {
            store.write(|tx| staffing::remove(tx, session_id, person_id))?;
            staffing::check(store.conn(), session_id)
        },
    )
    .await
}

#[tauri::command]
pub async fn staff_from_series(state: State<'_, AppState>, session_id: i64) -> Reply<SafeStaffing> {
    with_store_as(
        &state,
        Operation::StaffFromSeries,
        Target::Nothing,
        move |store, _| {
            store.write(|tx| staffing::staff_from_series(tx, session_id))?;
            staffing::check(store.conn(), session_id)
        },
    )
    .await
}

/// A series' usual team, as (person, role) pairs.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct TeamMember {
    pub person_id: i64,
    pub role: StaffRole,
}

#[tauri::command]
pub async fn series_team(state: State<'_, AppState>, series_id: i64) -> Reply<Vec<TeamMember>> {
    with_store_as(
        &state,
        Operation::SeriesTeam,
        Target::Nothing,
        move |store, _| {
            let team = staffing::series_team(store.conn(), series_id)?;
            Ok(team
                .into_iter()
                .map(|(person_id, role)| TeamMember { person_id, role })
                .collect())
        },
    )
    .await
}

#[tauri::command]
pub async fn set_series_team(
    state: State<'_, AppState>,
    series_id: i64,
    team: Vec<TeamMember>,
) -> Reply<()> {
    with_store_as(
        &state,
        Operation::SetSeriesTeam,
        Target::Nothing,
        move |store, _| {
            let team: Vec<(i64, StaffRole)> = team.iter().map(|m| (m.person_id, m.role)).collect();
            store.write(|tx| staffing::set_series_team(tx, series_id, &team))
        },
    )
    .await
}

#[tauri::command]
pub async fn staff_hours(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Reply<Vec<PersonHours>> {
    with_store_as(
        &state,
        Operation::StaffHours,
        Target::Nothing,
        move |store, _| {
            let period = Period::new(parse_date_or_explain(&from)?, parse_date_or_explain(&to)?)?;
            staffing::hours_by_person(store.conn(), period.from, period.to)
        },
    )
    .await
}

// ---- funder returns, templates, projects and circumstances ----

/// A return made and kept as sent, and where its file went.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ProducedReturn {
    pub saved_id: i64,
    pub path: String,
}

fn return_file(
    report: &Return,
    logo: Option<&[u8]>,
    format: &str,
    produced_on: NaiveDate,
) -> clubroom_core::Result<Vec<u8>> {
    match format {
        "pdf" => returns_pdf::pdf(report, logo, produced_on, Utc::now()),
        "csv" => Ok(report.csv_text()?.into_bytes()),
        "json" => Ok(report.to_json().into_bytes()),
        other => Err(Error::Invalid(format!(
            "A return can be saved as PDF, CSV or JSON, not “{other}”."
        ))),
    }
}

fn file_kind(format: &str) -> (&'static str, &'static str) {
    match format {
        "pdf" => ("PDF document", "pdf"),
        "json" => ("JSON data", "json"),
        _ => ("Spreadsheet (CSV)", "csv"),
    }
}

#[tauri::command]
pub async fn templates_list(state: State<'_, AppState>) -> Reply<Vec<TemplateEntry>> {
    with_store_as(
        &state,
        Operation::TemplatesList,
        Target::Nothing,
        |store, _| templates::all(store.conn()),
    )
    .await
}

/// A copy of a template under a new name, not yet saved.
#[tauri::command]
pub async fn copy_template(
    state: State<'_, AppState>,
    id: String,
    name: String,
) -> Reply<Template> {
    with_store_as(
        &state,
        Operation::CopyTemplate,
        Target::Nothing,
        move |store, _| templates::copy(store.conn(), &id, &name),
    )
    .await
}

#[tauri::command]
pub async fn save_template(state: State<'_, AppState>, template: Template) -> Reply<Template> {
    with_store_as(
        &state,
        Operation::SaveTemplate,
        Target::Nothing,
        move |store, _| store.write(|tx| templates::save(tx, &template)),
    )
    .await
}

#[tauri::command]
pub async fn delete_template(state: State<'_, AppState>, id: String) -> Reply<()> {
    with_store_as(
        &state,
        Operation::DeleteTemplate,
        Target::Nothing,
        move |store, _| store.write(|tx| templates::delete(tx, &id)),
    )
    .await
}

/// Saves a template as a `.json` file to hand to others. `None` if cancelled.
#[tauri::command]
pub async fn export_template(state: State<'_, AppState>, id: String) -> Reply<Option<String>> {
    let template = with_store_as(
        &state,
        Operation::ExportTemplate,
        Target::Nothing,
        move |store, _| templates::get(store.conn(), &id),
    )
    .await?;
    let name = format!("{}.clubroom-template.json", template.id);
    let Some(path) = dialogs::save_path(&name, "Clubroom template", "json").await else {
        return Ok(None);
    };
    clubroom_core::files::write_atomically(&path, template.to_json().as_bytes())
        .map_err(|e| e.report())?;
    audit_export(&state, Operation::ExportTemplate, &path).await?;
    Ok(Some(path.display().to_string()))
}

/// Asks for a template file and adds it to the club's own templates. `None` if cancelled.
#[tauri::command]
pub async fn import_template(state: State<'_, AppState>) -> Reply<Option<Template>> {
    may(&state, Operation::ImportTemplate, Target::Nothing).await?;
    let Some(path) = dialogs::open_path("Clubroom template", &["json"]).await else {
        return Ok(None);
    };
    with_store_as(
        &state,
        Operation::ImportTemplate,
        Target::Nothing,
        move |store, _| {
            let text = templates::read_file(&path)?;
            store.write(|tx| templates::import(tx, &text)).map(Some)
        },
    )
    .await
}

/// The return on screen: with the saved template, or with one being edited.
#[tauri::command]
pub async fn preview_return(
    state: State<'_, AppState>,
    request: ReturnRequest,
    template: Option<Template>,
) -> Reply<Return> {
    with_store_as(
        &state,
        Operation::PreviewReturn,
        Target::Nothing,
        move |store, today| match template {
            Some(template) => {
                let template = template.checked()?;
                returns::build_with(store.conn(), &template, &request, today)
            }
            None => returns::build(store.conn(), &request, today),
        },
    )
    .await
}

/// Produces a return for the funder: asks where to save it, keeps it as sent and writes the
/// file, all or nothing. `None` if cancelled.
#[tauri::command]
pub async fn produce_return(
    state: State<'_, AppState>,
    request: ReturnRequest,
    format: String,
) -> Reply<Option<ProducedReturn>> {
    let suggested = with_store_as(&state, Operation::ProduceReturn, Target::Nothing, {
        let request = request.clone();
        let format = format.clone();
        move |store, today| {
            let report = returns::build(store.conn(), &request, today)?;
            Ok(returns_pdf::file_name(&report, file_kind(&format).1))
        }
    })
    .await?;
    let (kind, extension) = file_kind(&format);
    let Some(path) = dialogs::save_path(&suggested, kind, extension).await else {
        return Ok(None);
    };
    with_store_as(
        &state,
        Operation::ProduceReturn,
        Target::Nothing,
        move |store, today| {
            let actor = store.actor().clone();
            store.write(|tx| {
                let saved = returns::save(tx, &request, today)?;
                let logo = organisation::logo(tx)?;
                let bytes =
                    return_file(&saved.report, logo.as_deref(), &format, saved.produced_on)?;
                clubroom_core::files::write_atomically(&path, &bytes)?;
                clubroom_core::audit::record(
                    tx,
                    &actor,
                    Operation::ProduceReturn.label(),
                    &path.display().to_string(),
                )?;
                Ok(Some(ProducedReturn {
                    saved_id: saved.id,
                    path: path.display().to_string(),
                }))
            })
        },
    )
    .await
}

/// Saves the de-identified register (no names) for the return's period and scope.
#[tauri::command]
pub async fn save_return_register(
    state: State<'_, AppState>,
    request: ReturnRequest,
) -> Reply<Option<String>> {
    let name = format!(
        "register-{}-to-{}.csv",
        request.period.from, request.period.to
    );
    // Made first, so a refusal or a bad request is said before any dialog opens.
    let bytes = with_store_as(
        &state,
        Operation::SaveReturnRegister,
        Target::Nothing,
        move |store, today| {
            let template = templates::get(store.conn(), &request.template_id)?;
            let mut bytes = Vec::new();
            returns::write_register_csv(
                store.conn(),
                &request,
                &template.age_bands(),
                today,
                &mut bytes,
            )?;
            Ok(bytes)
        },
    )
    .await?;
    let Some(path) = dialogs::save_path(&name, "Spreadsheet (CSV)", "csv").await else {
        return Ok(None);
    };
    with_store_as(
        &state,
        Operation::SaveReturnRegister,
        Target::Nothing,
        move |store, _| {
            clubroom_core::files::write_atomically(&path, &bytes)?;
            store.record_export(Operation::SaveReturnRegister, &path.display().to_string())?;
            Ok(Some(path.display().to_string()))
        },
    )
    .await
}

#[tauri::command]
pub async fn saved_returns(state: State<'_, AppState>) -> Reply<Vec<SavedReturnSummary>> {
    with_store_as(
        &state,
        Operation::SavedReturns,
        Target::Nothing,
        |store, _| returns::saved_list(store.conn()),
    )
    .await
}

/// A saved return as sent, and whether its records have changed since.
#[tauri::command]
pub async fn check_saved_return(state: State<'_, AppState>, id: i64) -> Reply<SavedReturnCheck> {
    with_store_as(
        &state,
        Operation::CheckSavedReturn,
        Target::Nothing,
        move |store, _| returns::check_saved(store.conn(), id),
    )
    .await
}

/// Saves a copy of a return exactly as it was sent. `None` if cancelled.
#[tauri::command]
pub async fn save_saved_return(
    state: State<'_, AppState>,
    id: i64,
    format: String,
) -> Reply<Option<String>> {
    let (bytes, name) = with_store_as(&state, Operation::SaveSavedReturn, Target::Nothing, {
        let format = format.clone();
        move |store, _| {
            let saved = returns::saved(store.conn(), id)?;
            let logo = organisation::logo(store.conn())?;
            let bytes = return_file(&saved.report, logo.as_deref(), &format, saved.produced_on)?;
            Ok((
                bytes,
                returns_pdf::file_name(&saved.report, file_kind(&format).1),
            ))
        }
    })
    .await?;
    let (kind, extension) = file_kind(&format);
    let Some(path) = dialogs::save_path(&name, kind, extension).await else {
        return Ok(None);
    };
    clubroom_core::files::write_atomically(&path, &bytes).map_err(|e| e.report())?;
    audit_export(&state, Operation::SaveSavedReturn, &path).await?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command]
pub async fn projects(state: State<'_, AppState>) -> Reply<Vec<Project>> {
    with_store_as(&state, Operation::Projects, Target::Nothing, |store, _| {
        projects::all(store.conn())
    })
    .await
}

#[tauri::command]
pub async fn add_project(
    state: State<'_, AppState>,
    name: String,
    funder: Option<String>,
) -> Reply<Project> {
    with_store_as(
        &state,
        Operation::AddProject,
        Target::Nothing,
        move |store, _| store.write(|tx| projects::add(tx, &name, funder.as_deref())),
    )
    .await
}

#[tauri::command]
pub async fn update_project(
    state: State<'_, AppState>,
    id: i64,
    name: String,
    funder: Option<String>,
) -> Reply<Project> {
    with_store_as(
        &state,
        Operation::UpdateProject,
        Target::Nothing,
        move |store, _| store.write(|tx| projects::update(tx, id, &name, funder.as_deref())),
    )
    .await
}

#[tauri::command]
pub async fn set_project_archived(
    state: State<'_, AppState>,
    id: i64,
    archived: bool,
) -> Reply<Project> {
    with_store_as(
        &state,
        Operation::SetProjectArchived,
        Target::Nothing,
        move |store, _| store.write(|tx| projects::set_archived(tx, id, archived)),
    )
    .await
}

#[tauri::command]
pub async fn circumstances(state: State<'_, AppState>) -> Reply<Vec<Circumstance>> {
    with_store_as(
        &state,
        Operation::Circumstances,
        Target::Nothing,
        |store, _| circumstances::all(store.conn()),
    )
    .await
}

#[tauri::command]
pub async fn add_circumstance(state: State<'_, AppState>, label: String) -> Reply<Circumstance> {
    with_store_as(
        &state,
        Operation::AddCircumstance,
        Target::Nothing,
        move |store, _| store.write(|tx| circumstances::add(tx, &label)),
    )
    .await
}

#[tauri::command]
pub async fn relabel_circumstance(
    state: State<'_, AppState>,
    code: String,
    label: String,
) -> Reply<()> {
    with_store_as(
        &state,
        Operation::RelabelCircumstance,
        Target::Nothing,
        move |store, _| store.write(|tx| circumstances::relabel(tx, &code, &label)),
    )
    .await
}

#[tauri::command]
pub async fn set_circumstance_archived(
    state: State<'_, AppState>,
    code: String,
    archived: bool,
) -> Reply<()> {
    with_store_as(
        &state,
        Operation::SetCircumstanceArchived,
        Target::Nothing,
        move |store, _| store.write(|tx| circumstances::set_archived(tx, &code, archived)),
    )
    .await
}

/// Asks for a picture and makes it the club's logo on funder returns. `None` if cancelled.
#[tauri::command]
pub async fn choose_logo(state: State<'_, AppState>) -> Reply<Option<bool>> {
    may(&state, Operation::ChooseLogo, Target::Nothing).await?;
    let Some(path) = dialogs::open_path("Picture (PNG or JPEG)", &["png", "jpg", "jpeg"]).await
    else {
        return Ok(None);
    };
    with_store_as(
        &state,
        Operation::ChooseLogo,
        Target::Nothing,
        move |store, _| {
            let bytes = std::fs::read(&path).map_err(|e| {
                Error::file(
                    format!("The picture {} could not be read", path.display()),
                    e,
                )
            })?;
            store.write(|tx| organisation::set_logo(tx, Some(&bytes)))?;
            Ok(Some(true))
        },
    )
    .await
}

#[tauri::command]
pub async fn remove_logo(state: State<'_, AppState>) -> Reply<()> {
    with_store_as(
        &state,
        Operation::RemoveLogo,
        Target::Nothing,
        |store, _| store.write(|tx| organisation::set_logo(tx, None)),
    )
    .await
}

/// Whether the club has a logo.
#[tauri::command]
pub async fn has_logo(state: State<'_, AppState>) -> Reply<bool> {
    with_store_as(&state, Operation::HasLogo, Target::Nothing, |store, _| {
        Ok(organisation::logo(store.conn())?.is_some())
    })
    .await
}

// ---- the incident and safeguarding log (the core refuses anyone without the permission) ----

/// The log, filtered, open follow-ups first.
#[tauri::command]
pub async fn incidents(
    state: State<'_, AppState>,
    filter: IncidentFilter,
) -> Reply<Vec<IncidentSummary>> {
    with_store_as(
        &state,
        Operation::Incidents,
        Target::Nothing,
        move |store, _| incidents::list(store.conn(), store.actor(), &filter),
    )
    .await
}

/// One concern as it stands, with every version.
#[tauri::command]
pub async fn incident(state: State<'_, AppState>, id: i64) -> Reply<Incident> {
    with_store_as(
        &state,
        Operation::Incident,
        Target::Nothing,
        move |store, _| incidents::get(store.conn(), store.actor(), id),
    )
    .await
}

#[tauri::command]
pub async fn add_incident(state: State<'_, AppState>, input: ConcernInput) -> Reply<Incident> {
    with_store_as(
        &state,
        Operation::AddIncident,
        Target::Nothing,
        move |store, today| {
            let actor = store.actor().clone();
            store.write(|tx| incidents::add(tx, &actor, &input, today))
        },
    )
    .await
}

#[tauri::command]
pub async fn add_incident_update(
    state: State<'_, AppState>,
    id: i64,
    input: UpdateInput,
) -> Reply<Incident> {
    with_store_as(
        &state,
        Operation::AddIncidentUpdate,
        Target::Nothing,
        move |store, today| {
            let actor = store.actor().clone();
            store.write(|tx| incidents::add_update(tx, &actor, id, &input, today))
        },
    )
    .await
}

#[tauri::command]
pub async fn correct_incident(
    state: State<'_, AppState>,
    id: i64,
    input: ConcernInput,
    reason: String,
) -> Reply<Incident> {
    with_store_as(
        &state,
        Operation::CorrectIncident,
        Target::Nothing,
        move |store, today| {
            let actor = store.actor().clone();
            store.write(|tx| incidents::correct(tx, &actor, id, &input, &reason, today))
        },
    )
    .await
}

/// Numbers only: how many concerns in a period, by referral.
#[tauri::command]
pub async fn incident_counts(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Reply<IncidentCounts> {
    with_store_as(
        &state,
        Operation::IncidentCounts,
        Target::Nothing,
        move |store, _| {
            let period = Period::new(parse_date_or_explain(&from)?, parse_date_or_explain(&to)?)?;
            incidents::count_in(store.conn(), period)
        },
    )
    .await
}

// ---- the partnership summary ----

#[tauri::command]
pub async fn partnership_destination(state: State<'_, AppState>) -> Reply<Option<Destination>> {
    with_store_as(
        &state,
        Operation::PartnershipDestination,
        Target::Nothing,
        |store, _| sync::destination(store.conn()),
    )
    .await
}

/// Sets where summaries go. A WebDAV app password, if given, goes to the OS keychain, never
/// into the club file.
#[tauri::command]
pub async fn set_partnership_destination(
    state: State<'_, AppState>,
    destination: Destination,
    password: Option<String>,
) -> Reply<Destination> {
    with_store_as(
        &state,
        Operation::SetPartnershipDestination,
        Target::Nothing,
        move |store, _| {
            let saved = store.write(|tx| sync::set_destination(tx, &destination, Utc::now()))?;
            if let Some(password) = password.filter(|p| !p.is_empty()) {
                sync::save_password(&saved, &password)?;
            }
            Ok(saved)
        },
    )
    .await
}

/// Asks for a folder (a shared drive or a sync folder). `None` if cancelled.
#[tauri::command]
pub async fn choose_folder() -> Reply<Option<String>> {
    Ok(dialogs::folder_path()
        .await
        .map(|p| p.display().to_string()))
}

/// Exactly the rows that would be sent for a period, withheld cells marked.
#[tauri::command]
pub async fn preview_summary(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Reply<Summary> {
    with_store_as(
        &state,
        Operation::PreviewSummary,
        Target::Nothing,
        move |store, today| {
            let period = Period::new(parse_date_or_explain(&from)?, parse_date_or_explain(&to)?)?;
            summary::build(store.conn(), period, today)
        },
    )
    .await
}

/// Puts a period's summary in the outbox and tries to deliver everything waiting.
#[tauri::command]
pub async fn send_summary(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Reply<Vec<OutboxEntry>> {
    with_store_as(
        &state,
        Operation::SendSummary,
        Target::Nothing,
        move |store, today| {
            let period = Period::new(parse_date_or_explain(&from)?, parse_date_or_explain(&to)?)?;
            store.write(|tx| sync::queue(tx, period, today, Utc::now()))
        },
    )
    .await?;
    deliver_summaries(&state, Which::All).await?;
    summary_outbox(state).await
}

/// Tries again to deliver summaries that are waiting (`all`: the app starting, a person
/// pressing "Try again"; `due`: only those whose wait is over).
#[tauri::command]
pub async fn retry_summaries(state: State<'_, AppState>, which: Which) -> Reply<Vec<OutboxEntry>> {
    deliver_summaries(&state, which).await?;
    summary_outbox(state).await
}

/// Delivers without holding the club file while the files travel, so the window stays
/// usable during a slow upload; each attempt is recorded as it ends.
async fn deliver_summaries(state: &State<'_, AppState>, which: Which) -> Reply<()> {
    let waiting = with_store(state, move |store, _| {
        let Some(destination) = sync::destination(store.conn())? else {
            return Ok(None);
        };
        let password = sync::password(&destination)?;
        let mut jobs = Vec::new();
        for entry in sync::pending(store.conn(), which, Utc::now())? {
            jobs.push((entry.id, sync::files_of(store.conn(), entry.id)?));
        }
        Ok(Some((destination, password, jobs)))
    })
    .await?;
    let Some((destination, password, jobs)) = waiting else {
        return Ok(());
    };
    for (id, files) in jobs {
        let attempt = {
            let destination = destination.clone();
            let password = password.clone();
            tauri::async_runtime::spawn_blocking(move || {
                sync::deliver(&destination, password.as_deref(), &files)
            })
            .await
            .map_err(|e| {
                Error::Invalid(format!("Clubroom hit an internal problem: {e}")).report()
            })?
        };
        let destination = destination.clone();
        with_store(state, move |store, _| {
            store.write(|tx| sync::record(tx, id, &destination, &attempt, Utc::now()))
        })
        .await?;
    }
    Ok(())
}

#[tauri::command]
pub async fn summary_outbox(state: State<'_, AppState>) -> Reply<Vec<OutboxEntry>> {
    with_store_as(
        &state,
        Operation::SummaryOutbox,
        Target::Nothing,
        |store, _| sync::outbox(store.conn()),
    )
    .await
}

#[tauri::command]
pub async fn sync_log(state: State<'_, AppState>) -> Reply<Vec<LogEntry>> {
    with_store_as(&state, Operation::SyncLog, Target::Nothing, |store, _| {
        sync::log(store.conn())
    })
    .await
}

// ---- backups ----

/// The backups beside the club file, newest first, and the last automatic backup's problem.
#[tauri::command]
pub async fn backups(state: State<'_, AppState>) -> Reply<BackupsOverview> {
    let mut overview = with_store_as(&state, Operation::Backups, Target::Nothing, |store, _| {
        backup::overview(store)
    })
    .await?;
    overview.problem = state
        .backup_problem
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    Ok(overview)
}

/// Makes a backup into the backups folder now.
#[tauri::command]
pub async fn back_up_now(state: State<'_, AppState>) -> Reply<BackupEntry> {
    with_store_as(&state, Operation::BackUpNow, Target::Nothing, |store, _| {
        backup::back_up_now(store, None, Utc::now())
    })
    .await
}

/// Asks for a folder (a USB stick) and makes a backup there. `None` if cancelled.
#[tauri::command]
pub async fn back_up_to_folder(state: State<'_, AppState>) -> Reply<Option<BackupEntry>> {
    may(&state, Operation::BackUpToFolder, Target::Nothing).await?;
    let Some(folder) = dialogs::folder_path().await else {
        return Ok(None);
    };
    with_store_as(
        &state,
        Operation::BackUpToFolder,
        Target::Nothing,
        move |store, _| backup::back_up_now(store, Some(&folder), Utc::now()).map(Some),
    )
    .await
}

/// What a backup holds, after checking it.
#[tauri::command]
pub async fn backup_preview(state: State<'_, AppState>, path: String) -> Reply<BackupPreview> {
    preview_backup(&state, PathBuf::from(path)).await
}

/// Asks for a backup file (from a USB stick) and shows what it holds. `None` if cancelled.
#[tauri::command]
pub async fn choose_backup(state: State<'_, AppState>) -> Reply<Option<BackupPreview>> {
    // With no club file open (a damaged one) there is no one to check; otherwise first.
    let open = state
        .store
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .is_some();
    if open {
        may(&state, Operation::ChooseBackup, Target::Nothing).await?;
    }
    let Some(path) = dialogs::open_path("Clubroom backup", &[backup::EXTENSION]).await else {
        return Ok(None);
    };
    preview_backup(&state, path).await.map(Some)
}

/// A backup's preview, keyed like the open club file; read plain when no club file could be
/// opened (a damaged one), so a backup can still be chosen to restore.
async fn preview_backup(state: &State<'_, AppState>, path: PathBuf) -> Reply<BackupPreview> {
    let store = state.store.clone();
    let damaged_key = state.damaged_key();
    tauri::async_runtime::spawn_blocking(move || {
        let guard = store.lock().unwrap_or_else(|p| p.into_inner());
        match (guard.as_ref(), &damaged_key) {
            (None, Some(key)) => backup::preview_with_key(key, &path),
            (open, _) => backup::preview(open, &path),
        }
        .map_err(|e| e.report())
    })
    .await
    .map_err(|e| Error::Invalid(format!("Clubroom hit an internal problem: {e}")).report())?
}

/// The newest good backup of a club file that is damaged, to offer on the welcome screen.
#[tauri::command]
pub async fn latest_good_backup(state: State<'_, AppState>) -> Reply<Option<BackupPreview>> {
    let club = state.database_path();
    let damaged_key = state.damaged_key();
    tauri::async_runtime::spawn_blocking(move || match &damaged_key {
        Some(key) => backup::latest_good_with_key(&club, key),
        None => backup::latest_good(&club),
    })
    .await
    .map_err(|e| Error::Invalid(format!("Clubroom hit an internal problem: {e}")).report())
}

/// Replaces the club file with a backup, then opens it again. The open file is backed up
/// first; a damaged one (which could not be opened) is moved aside untouched.
#[tauri::command]
pub async fn restore_backup(state: State<'_, AppState>, path: String) -> Reply<Restored> {
    let club = state.database_path();
    let slot = state.store.clone();
    let target = club.clone();
    let damaged_key = state.damaged_key();
    let restored = tauri::async_runtime::spawn_blocking(move || {
        let mut guard = slot.lock().unwrap_or_else(|p| p.into_inner());
        let backup = std::path::Path::new(&path);
        // Refusals that need no closing (who may, a bad backup) leave the open file, and who
        // is signed in to it, as they were.
        if let Some(store) = guard.as_ref() {
            backup::check_restorable(store, backup)?;
        }
        match guard.take() {
            Some(store) => backup::restore(store, backup, Utc::now()),
            None => match &damaged_key {
                Some(key) => {
                    backup::restore_over_damaged_with_key(&target, backup, key, Utc::now())
                }
                None => backup::restore_over_damaged(&target, backup, Utc::now()),
            },
        }
    })
    .await
    .map_err(|e| Error::Invalid(format!("Clubroom hit an internal problem: {e}")).report())?;
    if state
        .store
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .is_none()
    {
        state.open(&club);
    }
    restored.map_err(|e| e.report())
}

// ---- data-protection rights (docs/data-protection.md) ----

/// Asks where to save everything held about a young person, then writes it (PDF or JSON)
/// inside the transaction that records the export. `None` if the user cancelled.
async fn save_subject_access(
    state: State<'_, AppState>,
    operation: Operation,
    young_person_id: i64,
    json: bool,
) -> Reply<Option<String>> {
    let preview = with_store_as(&state, operation, Target::Nothing, move |store, _| {
        let actor = store.actor().clone();
        rights::erasure_preview(store.conn(), &actor, young_person_id)
    })
    .await?;
    let name = rights::access_file_name(&preview.reference, json);
    let chosen = if json {
        dialogs::save_path(&name, "JSON file", "json").await
    } else {
        dialogs::save_path(&name, "PDF document", "pdf").await
    };
    let Some(path) = chosen else {
        return Ok(None);
    };
    let target = path.clone();
    with_store_as(&state, operation, Target::Nothing, move |store, today| {
        let actor = store.actor().clone();
        store.write(|tx| {
            let access = rights::subject_access(tx, &actor, young_person_id, today)?;
            let bytes = if json {
                access.to_json()?.into_bytes()
            } else {
                clubroom_core::rights_pdf::pdf(&access, Utc::now())?
            };
            clubroom_core::files::write_atomically(&target, &bytes)
        })
    })
    .await?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command]
pub async fn save_subject_access_pdf(
    state: State<'_, AppState>,
    young_person_id: i64,
) -> Reply<Option<String>> {
    save_subject_access(
        state,
        Operation::SaveSubjectAccessPdf,
        young_person_id,
        false,
    )
    .await
}

#[tauri::command]
pub async fn save_subject_access_json(
    state: State<'_, AppState>,
    young_person_id: i64,
) -> Reply<Option<String>> {
    save_subject_access(
        state,
        Operation::SaveSubjectAccessJson,
        young_person_id,
        true,
    )
    .await
}

#[tauri::command]
pub async fn erasure_preview(
    state: State<'_, AppState>,
    young_person_id: i64,
) -> Reply<ErasurePreview> {
    with_store_as(
        &state,
        Operation::ErasurePreview,
        Target::Nothing,
        move |store, _| {
            let actor = store.actor().clone();
            rights::erasure_preview(store.conn(), &actor, young_person_id)
        },
    )
    .await
}

/// Erases a young person once their name has been typed, then rewrites the file so nothing
/// erased is left in it.
#[tauri::command]
pub async fn erase_young_person(
    state: State<'_, AppState>,
    young_person_id: i64,
    typed_name: String,
) -> Reply<Erased> {
    with_store_as(
        &state,
        Operation::EraseYoungPerson,
        Target::Nothing,
        move |store, today| {
            let actor = store.actor().clone();
            let erased = store.write(|tx| {
                rights::erase_confirmed(tx, &actor, young_person_id, &typed_name, today)
            })?;
            rights::scrub_file(store.conn())?;
            Ok(erased)
        },
    )
    .await
}

#[tauri::command]
pub async fn retention_rules(state: State<'_, AppState>) -> Reply<RetentionRules> {
    with_store_as(
        &state,
        Operation::RetentionRules,
        Target::Nothing,
        |store, _| {
            let actor = store.actor().clone();
            rights::rules(store.conn(), &actor)
        },
    )
    .await
}

#[tauri::command]
pub async fn set_retention_rules(
    state: State<'_, AppState>,
    rules: RetentionRules,
) -> Reply<RetentionRules> {
    with_store_as(
        &state,
        Operation::SetRetentionRules,
        Target::Nothing,
        move |store, _| {
            let actor = store.actor().clone();
            store.write(|tx| rights::set_rules(tx, &actor, rules))
        },
    )
    .await
}

#[tauri::command]
pub async fn retention_review(state: State<'_, AppState>) -> Reply<RetentionReview> {
    with_store_as(
        &state,
        Operation::RetentionReview,
        Target::Nothing,
        |store, today| {
            let actor = store.actor().clone();
            rights::review(store.conn(), &actor, today)
        },
    )
    .await
}

/// Does what the manager ticked in the review, in one transaction, then rewrites the file.
#[tauri::command]
pub async fn apply_retention(
    state: State<'_, AppState>,
    choice: RetentionChoice,
) -> Reply<RetentionDone> {
    with_store_as(
        &state,
        Operation::ApplyRetention,
        Target::Nothing,
        move |store, today| {
            let actor = store.actor().clone();
            let done = store.write(|tx| rights::apply(tx, &actor, &choice, today))?;
            rights::scrub_file(store.conn())?;
            Ok(done)
        },
    )
    .await
}

// ---- signing in, accounts and the audit log ----

/// Signs someone in: an encrypted club file is unlocked with their password or PIN first.
#[tauri::command]
pub async fn sign_in(state: State<'_, AppState>, name: String, secret: String) -> Reply<Actor> {
    if state.file_is_locked() {
        // An async command runs off the window's thread, so the moment Argon2 takes does not
        // freeze the window.
        state.unlock_file(&name, &secret).map_err(|e| e.report())?;
        return with_store(&state, |store, _| Ok(store.actor().clone())).await;
    }
    with_store(&state, move |store, _| store.sign_in(&name, &secret)).await
}

#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>) -> Reply<()> {
    with_store(&state, |store, _| store.sign_out()).await
}

#[tauri::command]
pub async fn lock(state: State<'_, AppState>) -> Reply<()> {
    with_store(&state, |store, _| {
        store.lock();
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn unlock(state: State<'_, AppState>, secret: String) -> Reply<()> {
    with_store(&state, move |store, _| store.unlock(&secret)).await
}

/// Protects a club: its first manager account, and the club file encrypted in place.
#[tauri::command]
pub async fn create_first_manager(
    state: State<'_, AppState>,
    name: String,
    password: String,
) -> Reply<Actor> {
    let path = state.database_path();
    let store = state.store.clone();
    let protected = tauri::async_runtime::spawn_blocking(move || {
        let mut guard = store.lock().unwrap_or_else(|p| p.into_inner());
        // The open connection is closed first: the file is rewritten encrypted.
        *guard = None;
        users::protect_existing_club(&path, &name, &password).or_else(|error| {
            // Encrypted, with its manager, but the certificates kept beside it could not all
            // be sealed: signing in tries that again, and they stay as they were meanwhile.
            if !vault::is_encrypted_club(&path) {
                return Err(error);
            }
            match users::open_as(&path, &name, &password) {
                Ok(store) if store.actor().name == name.trim() => Ok(store),
                _ => Err(error),
            }
        })
    })
    .await
    .map_err(|e| Error::Invalid(format!("Clubroom hit an internal problem: {e}")).report())?;
    let reopened = protected.map(|store| {
        let actor = store.actor().clone();
        (store, actor)
    });
    match reopened {
        Ok((store, actor)) => {
            state.install(Ok(store));
            Ok(actor)
        }
        Err(error) => {
            // Not encrypted: the file is as it was; open it again as before.
            state.open(&state.database_path());
            Err(error.report())
        }
    }
}

#[tauri::command]
pub async fn users_list(state: State<'_, AppState>) -> Reply<Vec<User>> {
    with_store_as(&state, Operation::UsersList, Target::Nothing, |store, _| {
        users::list(store.conn(), store.actor())
    })
    .await
}

#[tauri::command]
pub async fn add_user(state: State<'_, AppState>, user: NewUser) -> Reply<User> {
    with_store_as(
        &state,
        Operation::AddUser,
        Target::Nothing,
        move |store, _| users::add_account(store, &user),
    )
    .await
}

#[tauri::command]
pub async fn update_user(
    state: State<'_, AppState>,
    id: i64,
    role: Role,
    person_id: Option<i64>,
    active: bool,
) -> Reply<User> {
    with_store_as(
        &state,
        Operation::UpdateUser,
        Target::Nothing,
        move |store, _| users::update_account(store, id, role, person_id, active),
    )
    .await
}

#[tauri::command]
pub async fn reset_user_secret(
    state: State<'_, AppState>,
    id: i64,
    kind: SecretKind,
    secret: String,
) -> Reply<User> {
    with_store_as(
        &state,
        Operation::ResetUserSecret,
        Target::Nothing,
        move |store, _| users::reset_account_secret(store, id, kind, &secret),
    )
    .await
}

#[tauri::command]
pub async fn change_own_secret(
    state: State<'_, AppState>,
    current: String,
    kind: SecretKind,
    secret: String,
) -> Reply<User> {
    with_store_as(
        &state,
        Operation::ChangeOwnSecret,
        Target::Nothing,
        move |store, _| users::change_own_account_secret(store, &current, kind, &secret),
    )
    .await
}

#[tauri::command]
pub async fn set_lock_after(state: State<'_, AppState>, minutes: u32) -> Reply<()> {
    with_store_as(
        &state,
        Operation::SetLockAfter,
        Target::Nothing,
        move |store, _| {
            let actor = store.actor().clone();
            store.write(|tx| users::set_lock_after_minutes(tx, &actor, minutes))
        },
    )
    .await
}

#[tauri::command]
pub async fn audit_log(
    state: State<'_, AppState>,
    filter: audit::Filter,
) -> Reply<Vec<AuditEntry>> {
    with_store_as(
        &state,
        Operation::AuditLog,
        Target::Nothing,
        move |store, _| audit::entries(store.conn(), store.actor(), &filter),
    )
    .await
}

#[tauri::command]
pub async fn verify_audit_log(state: State<'_, AppState>) -> Reply<Verification> {
    with_store_as(
        &state,
        Operation::VerifyAuditLog,
        Target::Nothing,
        |store, _| audit::verify(store.conn()),
    )
    .await
}

// ---- about ----

/// The version, where the club file, its key file and its backups are, and the licences of
/// everything shipped (the core's generated lists). Asks nothing of the club file, so it
/// answers even when that file is locked or damaged.
#[tauri::command]
pub async fn about(state: State<'_, AppState>) -> Reply<clubroom_core::about::About> {
    Ok(clubroom_core::about::about(&state.database_path()))
}
