//! Data-protection rights (docs/data-protection.md): subject access, erasure, retention.

use clubroom_core::access::{Operation, Target};
use clubroom_core::rights::{
    self, Erased, ErasurePreview, RetentionChoice, RetentionDone, RetentionReview, RetentionRules,
};
use tauri::State;

use crate::state::AppState;

use super::*;

/// Asks where to save everything held about a young person, then writes it (PDF or JSON)
/// inside the transaction that records the export. `None` if the user cancelled.
async fn save_subject_access(
    state: State<'_, AppState>,
    young_person_id: i64,
    json: bool,
) -> Reply<Option<String>> {
    let export = Export::SubjectAccess {
        young_person: young_person_id,
        json,
    };
    export_via_dialog(&state, export).await.map(written_path)
}

/// Asks where to save everything held about a young person (PDF); null if cancelled.
#[tauri::command]
pub async fn save_subject_access_pdf(
    state: State<'_, AppState>,
    young_person_id: i64,
) -> Reply<Option<String>> {
    save_subject_access(state, young_person_id, false).await
}

/// The same as JSON (clubroom-subject-access/1).
#[tauri::command]
pub async fn save_subject_access_json(
    state: State<'_, AppState>,
    young_person_id: i64,
) -> Reply<Option<String>> {
    save_subject_access(state, young_person_id, true).await
}

/// What erasing a young person would do, and whether it can be done.
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
            rights::erase_from_file(store, young_person_id, Some(&typed_name), today)
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

/// Who and what the retention rules say is due (changes nothing).
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
        move |store, today| rights::apply_to_file(store, &choice, today),
    )
    .await
}
