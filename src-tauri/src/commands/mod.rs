//! Tauri commands: each deserialises its arguments, calls one core function and returns the
//! result or an `ErrorReport`. No SQL, rules or formatting live here.

use std::path::PathBuf;

use chrono::{NaiveDate, Utc};
use clubroom_core::access::{Operation, Target};
use clubroom_core::club_file::{self, AppStatus};
use clubroom_core::demo::{DemoOptions, DemoSummary};
use clubroom_core::exports::{self, Export, Saved, To};
use clubroom_core::figures::{self, Figures};
use clubroom_core::organisation::{self, Organisation};
use clubroom_core::overview::{self, Overview};
use clubroom_core::vocab::{self, Vocabulary};
use clubroom_core::{
    ClubFile, Error, ErrorReport, Store, dates::Period, dates::parse_date_or_explain,
};
use tauri::State;

use crate::state::{AppState, Settings};

pub(crate) type Reply<T> = Result<T, ErrorReport>;

/// Runs `job` on the club file (whatever its state), off the UI thread.
async fn with_club<T: Send + 'static>(
    state: &State<'_, AppState>,
    job: impl FnOnce(&mut ClubFile, NaiveDate) -> clubroom_core::Result<T> + Send + 'static,
) -> Reply<T> {
    let club = state.club.clone();
    let today = state.today();
    tauri::async_runtime::spawn_blocking(move || {
        let mut club = club.lock().unwrap_or_else(|p| p.into_inner());
        job(&mut club, today).map_err(|e| e.report())
    })
    .await
    .map_err(|e| Error::Invalid(format!("Clubroom hit an internal problem: {e}")).report())?
}

/// Runs `job` on the open club file, off the UI thread. A read that meets a damaged page
/// while the damage check still runs is answered in the check's words (the core's
/// `ClubFile::with_store`), never SQLite's.
async fn with_store<T: Send + 'static>(
    state: &State<'_, AppState>,
    job: impl FnOnce(&mut Store, NaiveDate) -> clubroom_core::Result<T> + Send + 'static,
) -> Reply<T> {
    with_club(state, move |club, today| {
        club.with_store(|store| job(store, today))
    })
    .await
}

/// Runs `job` as one operation of the signed-in person: the core refuses it (before
/// anything is read or written) if they may not.
/// Refuses before a dialog opens, so someone who may not is told so at once instead of
/// after choosing a file.
async fn may(state: &State<'_, AppState>, operation: Operation, target: Target) -> Reply<()> {
    with_store_as(state, operation, target, |_, _| Ok(())).await
}

async fn with_store_as<T: Send + 'static>(
    state: &State<'_, AppState>,
    operation: Operation,
    target: Target,
    job: impl FnOnce(&mut Store, NaiveDate) -> clubroom_core::Result<T> + Send + 'static,
) -> Reply<T> {
    with_store(state, move |store, today| {
        store.begin(operation, target)?;
        job(store, today)
    })
    .await
}

/// Sends an export through the core's door: made first (so a refusal or a bad request is
/// said before any dialog opens), then the save dialog, then the file and its audit entry in
/// one transaction. `None` if the person cancelled.
async fn export_via_dialog(state: &State<'_, AppState>, export: Export) -> Reply<Option<Saved>> {
    let prepared = with_store(state, move |store, today| {
        exports::prepare(store, export, today, Utc::now())
    })
    .await?;
    let kind = prepared.file_type;
    let Some(path) =
        crate::dialogs::save_path(&prepared.suggested_name, kind.label, kind.extension).await
    else {
        return Ok(None);
    };
    with_store(state, move |store, today| {
        exports::save(store, prepared, To::File(&path), today)
    })
    .await
    .map(Some)
}

/// The path of the one file an export wrote, for the window.
fn written_path(saved: Option<Saved>) -> Option<String> {
    saved
        .and_then(|s| s.files.into_iter().next())
        .map(|f| f.path)
}

/// The version, where the club file, its key file and its backups are, and the licences of
/// everything shipped (the core's generated lists). Asks nothing of the club file, so it
/// answers even when that file is locked or damaged.
#[tauri::command]
pub async fn about(state: State<'_, AppState>) -> Reply<clubroom_core::about::About> {
    Ok(clubroom_core::about::about(&state.database_path()))
}

/// What the window needs to know first: the club file's state, the club, who is signed in
/// (the core's `club_file::status`).
#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Reply<AppStatus> {
    let demo = state.demo_database();
    with_club(&state, move |club, today| {
        club_file::status(club, &demo, today)
    })
    .await
}

/// Zooms the window's page (1 is 100%; Ctrl+= / Ctrl+- / Ctrl+0 in the window): WebKit's own
/// page zoom, so the layout reflows as a browser's does at that zoom, within the core's limits
/// (`zoom::level`). Touches no club data.
#[tauri::command]
pub fn set_zoom<R: tauri::Runtime>(webview: tauri::Webview<R>, factor: f64) -> Reply<()> {
    webview
        .set_zoom(clubroom_core::zoom::level(factor))
        .map_err(|e| Error::Invalid(format!("The window could not be zoomed: {e}")).report())
}

/// Tells the app whether a form in the window holds changes not yet saved, so that closing
/// the window asks "Save / Discard / Keep editing" first. Touches no club data.
#[tauri::command]
pub fn set_unsaved_changes(state: State<'_, AppState>, unsaved: bool) -> Reply<()> {
    state
        .unsaved_changes
        .store(unsaved, std::sync::atomic::Ordering::SeqCst);
    Ok(())
}

/// Closes the window once the person has answered about their unsaved changes (`confirmed`:
/// they saved or discarded them); without it nothing closes.
#[tauri::command]
pub fn close_window<R: tauri::Runtime>(
    window: tauri::Window<R>,
    state: State<'_, AppState>,
    confirmed: bool,
) -> Reply<()> {
    if !confirmed {
        return Ok(());
    }
    state
        .unsaved_changes
        .store(false, std::sync::atomic::Ordering::SeqCst);
    window
        .destroy()
        .map_err(|e| Error::Invalid(format!("The window could not be closed: {e}")).report())
}

/// Switches to the demo club file, creating the demo club the first time.
#[tauri::command]
pub async fn explore_demo(state: State<'_, AppState>) -> Reply<Option<DemoSummary>> {
    let path = state.demo_database();
    switch_database(&state, Some(path))?;
    with_store_as(
        &state,
        Operation::ExploreDemo,
        Target::Nothing,
        |store, today| {
            if organisation::get(store.conn())?.is_some() {
                return Ok(None);
            }
            clubroom_core::demo::make(store, &DemoOptions::explore(today)).map(Some)
        },
    )
    .await
}

/// Leaves the demo for the club's own file (empty until "Set up my club").
#[tauri::command]
pub async fn leave_demo(state: State<'_, AppState>) -> Reply<()> {
    switch_database(&state, None)
}

fn switch_database(state: &State<'_, AppState>, path: Option<PathBuf>) -> Reply<()> {
    let settings = Settings { database: path };
    settings.save(&state.settings_file)?;
    state.open(&state.database_path());
    let club = state.club.lock().unwrap_or_else(|p| p.into_inner());
    match club.problem() {
        Some(problem) => Err(problem.report()),
        None => Ok(()),
    }
}

#[tauri::command]
pub async fn vocabulary() -> Reply<Vocabulary> {
    Ok(vocab::vocabulary())
}

#[tauri::command]
pub async fn save_club(state: State<'_, AppState>, details: Organisation) -> Reply<Organisation> {
    with_store_as(
        &state,
        Operation::SaveClub,
        Target::Nothing,
        move |store, _| store.write(|tx| organisation::save(tx, &details)),
    )
    .await
}

#[tauri::command]
pub async fn overview(state: State<'_, AppState>) -> Reply<Overview> {
    with_store_as(
        &state,
        Operation::Overview,
        Target::Nothing,
        |store, today| overview::overview(store.conn(), today, store.actor()),
    )
    .await
}

#[tauri::command]
pub async fn figures(state: State<'_, AppState>, from: String, to: String) -> Reply<Figures> {
    with_store_as(
        &state,
        Operation::Figures,
        Target::Nothing,
        move |store, today| {
            let period = Period::new(parse_date_or_explain(&from)?, parse_date_or_explain(&to)?)?;
            figures::compute(store.conn(), period, today)
        },
    )
    .await
}

mod accounts;
mod backups;
mod club;
mod import_wizard;
mod incidents;
mod outcomes;
mod partnership;
mod register;
mod returns;
mod rights;
mod sessions;
mod stories;
mod team;
mod young_people;

pub use accounts::*;
pub use backups::*;
pub use club::*;
pub use import_wizard::*;
pub use incidents::*;
pub use outcomes::*;
pub use partnership::*;
pub use register::*;
pub use returns::*;
pub use rights::*;
pub use sessions::*;
pub use stories::*;
pub use team::*;
pub use young_people::*;
