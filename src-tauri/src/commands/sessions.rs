//! Weekly series and dated sessions.

use clubroom_core::access::{Operation, Target};
use clubroom_core::outcomes::{self, Framework};
use clubroom_core::sessions::{self, Series, SeriesInput, Session, SessionInput};
use clubroom_core::{dates::Period, dates::parse_date_or_explain};
use tauri::State;

use crate::state::AppState;

use super::*;

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
            sessions::between_for(store.conn(), period.from, period.to, store.actor())
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
        move |store, _| sessions::get_for(store.conn(), id, store.actor()),
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

/// The frameworks that apply to this club (what the outcome pickers offer), or with `every`
/// all of them (Club details, where a club may add another area's).
#[tauri::command]
pub async fn outcome_frameworks(state: State<'_, AppState>, every: bool) -> Reply<Vec<Framework>> {
    with_store_as(
        &state,
        Operation::OutcomeFrameworks,
        Target::Nothing,
        move |store, _| {
            if every {
                outcomes::frameworks(store.conn())
            } else {
                sessions::frameworks_for_club(store.conn())
            }
        },
    )
    .await
}
