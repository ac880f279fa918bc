//! Backups: now, to a folder, previews, restoring.

use std::path::PathBuf;

use chrono::Utc;
use clubroom_core::Error;
use clubroom_core::access::{Operation, Target};
use clubroom_core::backup::{self, BackupEntry, BackupPreview, BackupsOverview, Restored};
use tauri::State;

use crate::dialogs;
use crate::state::AppState;

use super::*;

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
