//! The club's details and venues.

use clubroom_core::access::{Operation, Target};
use clubroom_core::organisation::{self, Venue, VenueInput};
use tauri::State;

use crate::state::AppState;

use super::*;

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
