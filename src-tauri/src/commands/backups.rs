//! Backups: now, to a folder, previews, restoring.

use std::path::PathBuf;

use chrono::Utc;
use clubroom_core::ClubState;
use clubroom_core::access::{Operation, Target};
use clubroom_core::backup::{self, BackupEntry, BackupPreview, BackupsOverview, Restored};
use tauri::State;

use crate::dialogs;
use crate::state::AppState;

use super::*;

/// The backups beside the club file, newest first, and the last automatic backup's problem.
#[tauri::command]
pub async fn backups(state: State<'_, AppState>) -> Reply<BackupsOverview> {
    with_club(&state, |club, _| {
        club.store_mut()?
            .begin(Operation::Backups, Target::Nothing)?;
        club.backups()
    })
    .await
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
    let open = state.club.lock().unwrap_or_else(|p| p.into_inner()).state() == ClubState::Open;
    if open {
        may(&state, Operation::ChooseBackup, Target::Nothing).await?;
    }
    let Some(path) = dialogs::open_path("Clubroom backup", &[backup::EXTENSION]).await else {
        return Ok(None);
    };
    preview_backup(&state, path).await.map(Some)
}

/// A backup's preview, read with the club file's key (see `ClubFile::preview_backup`).
async fn preview_backup(state: &State<'_, AppState>, path: PathBuf) -> Reply<BackupPreview> {
    with_club(state, move |club, _| club.preview_backup(&path)).await
}

/// The newest good backup of a club file that is damaged, to offer on the welcome screen.
#[tauri::command]
pub async fn latest_good_backup(state: State<'_, AppState>) -> Reply<Option<BackupPreview>> {
    with_club(&state, |club, _| Ok(club.latest_good_backup())).await
}

/// Replaces the club file with a backup, then opens it again. The open file is backed up
/// first; a damaged one (which could not be opened) is moved aside untouched.
#[tauri::command]
pub async fn restore_backup(state: State<'_, AppState>, path: String) -> Reply<Restored> {
    with_club(&state, move |club, today| {
        club.restore(std::path::Path::new(&path), today, Utc::now())
    })
    .await
}
