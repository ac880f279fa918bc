//! Staff, volunteers, training records, role requirements, the matrix and staffing.

use clubroom_core::access::{Operation, Target};
use clubroom_core::exports::MatrixFormat;
use clubroom_core::import::{self, ImportKind, ImportOutcome};
use clubroom_core::people::{self, Person, PersonInput};
use clubroom_core::staffing::{self, PersonHours, RatioRule, SafeStaffing};
use clubroom_core::training::{
    self, Course, CourseInput, DueItem, Matrix, MatrixFilter, Policy, RecordInput, TrainingRecord,
};
use clubroom_core::vocab::StaffRole;
use clubroom_core::{Error, dates::Period, dates::parse_date_or_explain};
use tauri::State;

use crate::dialogs;
use crate::state::AppState;

use super::*;

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
        move |store, today| training::records_with_certificates(store, person_id, today),
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
    may(
        &state,
        Operation::AttachCertificate,
        Target::TrainingRecord(record_id),
    )
    .await?;
    let Some(path) =
        dialogs::open_path("Certificate (PDF or photo)", &training::CERTIFICATE_KINDS).await
    else {
        return Ok(None);
    };
    with_store_as(
        &state,
        Operation::AttachCertificate,
        Target::TrainingRecord(record_id),
        move |store, today| {
            training::attach_chosen_certificate(store, record_id, &path, today).map(Some)
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

/// Saves the matrix as CSV, PDF or Excel (xlsx) through a save dialog. `None` if cancelled.
#[tauri::command]
pub async fn save_training_matrix(
    state: State<'_, AppState>,
    on: Option<String>,
    filter: MatrixFilter,
    format: String,
) -> Reply<Option<String>> {
    let format = MatrixFormat::parse(&format).map_err(|e| e.report())?;
    let on = match on.as_deref() {
        Some(text) => parse_date_or_explain(text).map_err(|e| e.report())?,
        None => state.today(),
    };
    let export = Export::TrainingMatrix { on, filter, format };
    export_via_dialog(&state, export).await.map(written_path)
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
        move |store, _| staffing::check_as(store.conn(), session_id, store.actor()),
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
            staffing::check_as(store.conn(), session_id, store.actor())
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
            staffing::check_as(store.conn(), session_id, store.actor())
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
            staffing::check_as(store.conn(), session_id, store.actor())
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

/// Asks for a CSV of staff and volunteers and imports it, all or nothing (the same import as
/// `clubroom-cli import people`).
#[tauri::command]
pub async fn import_people(state: State<'_, AppState>) -> Reply<Option<ImportOutcome>> {
    import_csv(&state, ImportKind::People).await
}

/// Asks for a CSV of training records and imports it, all or nothing (the same import as
/// `clubroom-cli import training`).
#[tauri::command]
pub async fn import_training(state: State<'_, AppState>) -> Reply<Option<ImportOutcome>> {
    import_csv(&state, ImportKind::Training).await
}

/// The permission first (refused before a dialog opens), then the file chosen, then the
/// core's import of it as one action.
async fn import_csv(state: &State<'_, AppState>, kind: ImportKind) -> Reply<Option<ImportOutcome>> {
    may(state, kind.operation(), Target::Nothing).await?;
    let Some(path) = dialogs::open_path("Spreadsheet (CSV)", &["csv"]).await else {
        return Ok(None);
    };
    with_store_as(
        state,
        kind.operation(),
        Target::Nothing,
        move |store, today| {
            let file = std::fs::File::open(&path)
                .map_err(|e| Error::file(format!("Could not open {}", path.display()), e))?;
            import::run(store, kind, file, today, chrono::Utc::now()).map(Some)
        },
    )
    .await
}
