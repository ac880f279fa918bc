//! A session's register: marks, times, the door, headcounts, the paper register and imports.

use chrono::Utc;
use clubroom_core::Error;
use clubroom_core::access::{Operation, Target};
use clubroom_core::dates::{Period, parse_date_or_explain};
use clubroom_core::exports::SheetFormat;
use clubroom_core::import::{self, ImportKind, ImportOutcome};
use clubroom_core::register::{self, DoorArrival, Headcount, Register, RegisterEntry};
use clubroom_core::sessions::Session;
use tauri::State;

use crate::dialogs;
use crate::state::AppState;

use super::*;

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
    let export = Export::PaperRegister {
        session: session_id,
    };
    export_via_dialog(&state, export).await.map(written_path)
}

/// Saves the attendance in a period (`from`, `to`: dates as typed) as CSV or Excel
/// (`format`: "csv" or "xlsx"), the columns the attendance import reads, through a save
/// dialog. `None` if the user cancelled.
#[tauri::command]
pub async fn export_attendance(
    state: State<'_, AppState>,
    from: String,
    to: String,
    format: String,
) -> Reply<Option<String>> {
    let asked = || -> clubroom_core::Result<Export> {
        let period = Period::new(parse_date_or_explain(&from)?, parse_date_or_explain(&to)?)?;
        let format = SheetFormat::parse(&format)?;
        Ok(Export::Attendance { period, format })
    };
    let export = asked().map_err(|e| e.report())?;
    export_via_dialog(&state, export).await.map(written_path)
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
            import::run(store, ImportKind::YoungPeople, file, today, Utc::now()).map(Some)
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
        move |store, today| {
            let file = std::fs::File::open(&path)
                .map_err(|e| Error::file(format!("Could not open {}", path.display()), e))?;
            import::run(store, ImportKind::Attendance, file, today, Utc::now()).map(Some)
        },
    )
    .await
}
