//! Young people: search, profiles, archiving.

use clubroom_core::access::{Operation, Target};
use clubroom_core::young_people::{self, Profile, Search, SearchResult, YoungPerson};
use tauri::State;

use crate::state::AppState;

use super::*;

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
