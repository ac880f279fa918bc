//! The import wizard: choose a file, see what the core understood of it (the proposal),
//! rehearse the import through the user's mapping (a dry run), then import it.

use std::path::PathBuf;

use clubroom_core::Error;
use clubroom_core::access::Target;
use clubroom_core::import::ImportKind;
use clubroom_core::import::apply::{self, MappedImport, Proposal};
use clubroom_core::import::mapping::Mapping;
use clubroom_core::import::progress::{CancelFlag, Watch};
use tauri::{AppHandle, Emitter, Runtime, State};

use crate::dialogs;
use crate::state::AppState;

use super::*;

/// The file types the wizard reads (docs/file-formats.md, "Any spreadsheet").
const SPREADSHEETS: &[&str] = &["csv", "tsv", "txt", "xlsx", "xls", "xlsm", "ods"];

/// Asks for a spreadsheet to import (refused before the dialog opens if the person may not
/// import this kind of file). `None` if they cancelled.
#[tauri::command]
pub async fn choose_import_file(
    state: State<'_, AppState>,
    kind: ImportKind,
) -> Reply<Option<String>> {
    may(&state, kind.operation(), Target::Nothing).await?;
    let path = dialogs::open_path("Spreadsheet (CSV, Excel, OpenDocument)", SPREADSHEETS).await;
    Ok(path.map(|p| p.display().to_string()))
}

/// Reads the file and suggests how to map it (a saved mapping for the same headers offered
/// in place of the suggestion). Given the user's mapping so far, keeps it and lists the
/// values of the columns they have newly mapped to coded fields. For an old register, the
/// weekly series its dates may belong to.
#[tauri::command]
pub async fn propose_import(
    state: State<'_, AppState>,
    path: String,
    kind: ImportKind,
    sheet: Option<String>,
    mapping: Option<Mapping>,
) -> Reply<Proposal> {
    let kind = mapping.as_ref().map_or(kind, |m| m.kind);
    with_store_as(
        &state,
        kind.operation(),
        Target::Nothing,
        move |store, today| {
            let bytes = read_chosen(&path)?;
            // The mapping came over IPC: checked as a mapping file is.
            let mapping = match mapping {
                Some(mapping) => Some(Mapping::from_json(&mapping.to_json())?),
                None => None,
            };
            apply::propose_in(store.conn(), kind, &bytes, sheet.as_deref(), mapping, today)
        },
    )
    .await
}

/// Rehearses the import through the user's mapping: the counts and every problem row,
/// nothing kept.
#[tauri::command]
pub async fn preview_import<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
    mapping: Mapping,
) -> Reply<MappedImport> {
    run(&app, &state, path, mapping, true).await
}

/// Imports the file through the user's mapping, all or nothing; the mapping is saved under
/// its source name if it has one.
#[tauri::command]
pub async fn import_mapped<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
    mapping: Mapping,
) -> Reply<MappedImport> {
    run(&app, &state, path, mapping, false).await
}

/// Stops the import (or dry run) running now: the core sees the flag at its next batch of
/// rows and rolls the whole import back, so nothing is saved. Nothing running: nothing to do.
#[tauri::command]
pub async fn cancel_import(state: State<'_, AppState>) -> Reply<()> {
    state
        .import_cancel
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .cancel();
    Ok(())
}

/// The event an import's progress is sent on, `{ done, total }` (steps: rows checked, rows
/// saved), for the wizard's progress bar.
pub const PROGRESS_EVENT: &str = "import-progress";

#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct ImportProgress {
    pub done: u64,
    pub total: u64,
}

/// The permission first (so someone who may not is told so before the file is read), then
/// the core's run of the mapping, its progress sent to the window and a new Cancel flag
/// watched.
async fn run<R: Runtime>(
    app: &AppHandle<R>,
    state: &State<'_, AppState>,
    path: String,
    mapping: Mapping,
    dry_run: bool,
) -> Reply<MappedImport> {
    may(state, mapping.kind.operation(), Target::Nothing).await?;
    // The mapping came over IPC: checked as a mapping file is.
    let mapping = Mapping::from_json(&mapping.to_json()).map_err(|e| e.report())?;
    let flag = CancelFlag::default();
    *state
        .import_cancel
        .lock()
        .unwrap_or_else(|p| p.into_inner()) = flag.clone();
    let app = app.clone();
    with_store(state, move |store, today| {
        let bytes = read_chosen(&path)?;
        let watch = Watch {
            flag,
            show: move |done, total| {
                // A window closed meanwhile misses a step of a progress bar: nothing lost.
                let _ = app.emit(PROGRESS_EVENT, ImportProgress { done, total });
            },
        };
        apply::run_mapped_watched(store, &bytes, &mapping, dry_run, today, Utc::now(), &watch)
    })
    .await
}

fn read_chosen(path: &str) -> clubroom_core::Result<Vec<u8>> {
    let path = PathBuf::from(path);
    std::fs::read(&path).map_err(|e| Error::file(format!("Could not open {}", path.display()), e))
}
