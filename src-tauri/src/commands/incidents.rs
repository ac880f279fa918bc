//! The incident and safeguarding log (the core refuses anyone without the permission).

use clubroom_core::access::{Operation, Target};
use clubroom_core::incidents::{
    self, ConcernInput, Incident, IncidentCounts, IncidentFilter, IncidentSummary, UpdateInput,
};
use clubroom_core::{dates::Period, dates::parse_date_or_explain};
use tauri::State;

use crate::state::AppState;

use super::*;

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

/// A dated note, with any referral made or follow-up changed since.
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

/// Corrects a concern; the reason is kept and the version before stays in its history.
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
