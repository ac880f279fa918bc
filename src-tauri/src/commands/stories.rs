//! Stories: quotes and case studies about a young person. Each command calls one core
//! function; the core decides who may read which story and what the anonymity check finds.

use clubroom_core::access::{Operation, Target};
use clubroom_core::stories::{self, Finding, Story, StoryInput};
use tauri::State;

use crate::state::AppState;

use super::*;

/// Stories the signed-in person may read (of one young person, or all), newest first.
#[tauri::command]
pub async fn stories(
    state: State<'_, AppState>,
    young_person_id: Option<i64>,
) -> Reply<Vec<Story>> {
    with_store_as(
        &state,
        Operation::Stories,
        Target::Nothing,
        move |store, _| stories::list(store.conn(), store.actor(), young_person_id),
    )
    .await
}

#[tauri::command]
pub async fn add_story(state: State<'_, AppState>, input: StoryInput) -> Reply<Story> {
    with_store_as(
        &state,
        Operation::AddStory,
        Target::Nothing,
        move |store, today| {
            let actor = store.actor().clone();
            store.write(|tx| stories::add(tx, &actor, &input, today))
        },
    )
    .await
}

#[tauri::command]
pub async fn update_story(state: State<'_, AppState>, id: i64, input: StoryInput) -> Reply<Story> {
    with_store_as(
        &state,
        Operation::UpdateStory,
        Target::Nothing,
        move |store, today| {
            let actor = store.actor().clone();
            store.write(|tx| stories::update(tx, &actor, id, &input, today))
        },
    )
    .await
}

#[tauri::command]
pub async fn remove_story(state: State<'_, AppState>, id: i64) -> Reply<()> {
    with_store_as(
        &state,
        Operation::RemoveStory,
        Target::Nothing,
        move |store, _| {
            let actor = store.actor().clone();
            store.write(|tx| stories::remove(tx, &actor, id))
        },
    )
    .await
}

/// What the anonymity check finds in words being written, before they are saved.
#[tauri::command]
pub async fn check_story(
    state: State<'_, AppState>,
    young_person_id: Option<i64>,
    text: String,
) -> Reply<Vec<Finding>> {
    with_store_as(
        &state,
        Operation::CheckStory,
        Target::Nothing,
        move |store, _| stories::check(store.conn(), young_person_id, &text),
    )
    .await
}
