//! Funder returns, templates, projects and circumstances.

use clubroom_core::Error;
use clubroom_core::access::{Operation, Target};
use clubroom_core::exports::ReturnFormat;
use clubroom_core::organisation::{self};
use clubroom_core::projects::{self, Project};
use clubroom_core::returns::templates::{self, Template, TemplateEntry};
use clubroom_core::returns::{self, Return, ReturnRequest, SavedReturnCheck, SavedReturnSummary};
use clubroom_core::young_people::circumstances::{self, Circumstance};
use serde::Serialize;
use tauri::State;

use crate::dialogs;
use crate::state::AppState;

use super::*;

/// A return made and kept as sent, and where its file went.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ProducedReturn {
    pub saved_id: i64,
    pub path: String,
}

#[tauri::command]
pub async fn templates_list(state: State<'_, AppState>) -> Reply<Vec<TemplateEntry>> {
    with_store_as(
        &state,
        Operation::TemplatesList,
        Target::Nothing,
        |store, _| templates::all(store.conn()),
    )
    .await
}

/// A copy of a template under a new name, not yet saved.
#[tauri::command]
pub async fn copy_template(
    state: State<'_, AppState>,
    id: String,
    name: String,
) -> Reply<Template> {
    with_store_as(
        &state,
        Operation::CopyTemplate,
        Target::Nothing,
        move |store, _| templates::copy(store.conn(), &id, &name),
    )
    .await
}

/// Saves one of the club's own templates; a change raises its version.
#[tauri::command]
pub async fn save_template(state: State<'_, AppState>, template: Template) -> Reply<Template> {
    with_store_as(
        &state,
        Operation::SaveTemplate,
        Target::Nothing,
        move |store, _| store.write(|tx| templates::save(tx, &template)),
    )
    .await
}

#[tauri::command]
pub async fn delete_template(state: State<'_, AppState>, id: String) -> Reply<()> {
    with_store_as(
        &state,
        Operation::DeleteTemplate,
        Target::Nothing,
        move |store, _| store.write(|tx| templates::delete(tx, &id)),
    )
    .await
}

/// Saves a template as a `.json` file to hand to others. `None` if cancelled.
#[tauri::command]
pub async fn export_template(state: State<'_, AppState>, id: String) -> Reply<Option<String>> {
    export_via_dialog(&state, Export::Template { id })
        .await
        .map(written_path)
}

/// Asks for a template file and adds it to the club's own templates. `None` if cancelled.
#[tauri::command]
pub async fn import_template(state: State<'_, AppState>) -> Reply<Option<Template>> {
    may(&state, Operation::ImportTemplate, Target::Nothing).await?;
    let Some(path) = dialogs::open_path("Clubroom template", &["json"]).await else {
        return Ok(None);
    };
    with_store_as(
        &state,
        Operation::ImportTemplate,
        Target::Nothing,
        move |store, _| {
            let text = templates::read_file(&path)?;
            store.write(|tx| templates::import(tx, &text)).map(Some)
        },
    )
    .await
}

/// The return on screen: with the saved template, or with one being edited.
#[tauri::command]
pub async fn preview_return(
    state: State<'_, AppState>,
    request: ReturnRequest,
    template: Option<Template>,
) -> Reply<Return> {
    with_store_as(
        &state,
        Operation::PreviewReturn,
        Target::Nothing,
        move |store, today| match template {
            Some(template) => {
                let template = template.checked()?;
                returns::build_with(store.conn(), &template, &request, today)
            }
            None => returns::build(store.conn(), &request, today),
        },
    )
    .await
}

/// Produces a return for the funder: counted once, then asks where to save it, keeps it as
/// sent and writes the file, all or nothing. `None` if cancelled.
#[tauri::command]
pub async fn produce_return(
    state: State<'_, AppState>,
    request: ReturnRequest,
    format: String,
) -> Reply<Option<ProducedReturn>> {
    let format = ReturnFormat::parse(&format).map_err(|e| e.report())?;
    let export = Export::Return {
        request,
        format,
        draft: false,
    };
    let Some(saved) = export_via_dialog(&state, export).await? else {
        return Ok(None);
    };
    let saved_id = saved.saved_return.ok_or_else(|| {
        Error::Invalid("The return was written but not kept as sent.".into()).report()
    })?;
    Ok(written_path(Some(saved)).map(|path| ProducedReturn { saved_id, path }))
}

/// Saves the de-identified register (no names) for the return's period and scope.
#[tauri::command]
pub async fn save_return_register(
    state: State<'_, AppState>,
    request: ReturnRequest,
) -> Reply<Option<String>> {
    export_via_dialog(&state, Export::ReturnRegister { request })
        .await
        .map(written_path)
}

#[tauri::command]
pub async fn saved_returns(state: State<'_, AppState>) -> Reply<Vec<SavedReturnSummary>> {
    with_store_as(
        &state,
        Operation::SavedReturns,
        Target::Nothing,
        |store, _| returns::saved_list(store.conn()),
    )
    .await
}

/// A saved return as sent, and whether its records have changed since.
#[tauri::command]
pub async fn check_saved_return(state: State<'_, AppState>, id: i64) -> Reply<SavedReturnCheck> {
    with_store_as(
        &state,
        Operation::CheckSavedReturn,
        Target::Nothing,
        move |store, _| returns::check_saved(store.conn(), id),
    )
    .await
}

/// Saves a copy of a return exactly as it was sent. `None` if cancelled.
#[tauri::command]
pub async fn save_saved_return(
    state: State<'_, AppState>,
    id: i64,
    format: String,
) -> Reply<Option<String>> {
    let format = ReturnFormat::parse(&format).map_err(|e| e.report())?;
    export_via_dialog(&state, Export::SavedReturn { id, format })
        .await
        .map(written_path)
}

#[tauri::command]
pub async fn projects(state: State<'_, AppState>) -> Reply<Vec<Project>> {
    with_store_as(&state, Operation::Projects, Target::Nothing, |store, _| {
        projects::all(store.conn())
    })
    .await
}

#[tauri::command]
pub async fn add_project(
    state: State<'_, AppState>,
    name: String,
    funder: Option<String>,
) -> Reply<Project> {
    with_store_as(
        &state,
        Operation::AddProject,
        Target::Nothing,
        move |store, _| store.write(|tx| projects::add(tx, &name, funder.as_deref())),
    )
    .await
}

#[tauri::command]
pub async fn update_project(
    state: State<'_, AppState>,
    id: i64,
    name: String,
    funder: Option<String>,
) -> Reply<Project> {
    with_store_as(
        &state,
        Operation::UpdateProject,
        Target::Nothing,
        move |store, _| store.write(|tx| projects::update(tx, id, &name, funder.as_deref())),
    )
    .await
}

#[tauri::command]
pub async fn set_project_archived(
    state: State<'_, AppState>,
    id: i64,
    archived: bool,
) -> Reply<Project> {
    with_store_as(
        &state,
        Operation::SetProjectArchived,
        Target::Nothing,
        move |store, _| store.write(|tx| projects::set_archived(tx, id, archived)),
    )
    .await
}

#[tauri::command]
pub async fn circumstances(state: State<'_, AppState>) -> Reply<Vec<Circumstance>> {
    with_store_as(
        &state,
        Operation::Circumstances,
        Target::Nothing,
        |store, _| circumstances::all(store.conn()),
    )
    .await
}

#[tauri::command]
pub async fn add_circumstance(state: State<'_, AppState>, label: String) -> Reply<Circumstance> {
    with_store_as(
        &state,
        Operation::AddCircumstance,
        Target::Nothing,
        move |store, _| store.write(|tx| circumstances::add(tx, &label)),
    )
    .await
}

#[tauri::command]
pub async fn relabel_circumstance(
    state: State<'_, AppState>,
    code: String,
    label: String,
) -> Reply<()> {
    with_store_as(
        &state,
        Operation::RelabelCircumstance,
        Target::Nothing,
        move |store, _| store.write(|tx| circumstances::relabel(tx, &code, &label)),
    )
    .await
}

#[tauri::command]
pub async fn set_circumstance_archived(
    state: State<'_, AppState>,
    code: String,
    archived: bool,
) -> Reply<()> {
    with_store_as(
        &state,
        Operation::SetCircumstanceArchived,
        Target::Nothing,
        move |store, _| store.write(|tx| circumstances::set_archived(tx, &code, archived)),
    )
    .await
}

/// Asks for a picture and makes it the club's logo on funder returns. `None` if cancelled.
#[tauri::command]
pub async fn choose_logo(state: State<'_, AppState>) -> Reply<Option<bool>> {
    may(&state, Operation::ChooseLogo, Target::Nothing).await?;
    let Some(path) = dialogs::open_path("Picture (PNG or JPEG)", &["png", "jpg", "jpeg"]).await
    else {
        return Ok(None);
    };
    with_store_as(
        &state,
        Operation::ChooseLogo,
        Target::Nothing,
        move |store, _| {
            let bytes = std::fs::read(&path).map_err(|e| {
                Error::file(
                    format!("The picture {} could not be read", path.display()),
                    e,
                )
            })?;
            store.write(|tx| organisation::set_logo(tx, Some(&bytes)))?;
            Ok(Some(true))
        },
    )
    .await
}

#[tauri::command]
pub async fn remove_logo(state: State<'_, AppState>) -> Reply<()> {
    with_store_as(
        &state,
        Operation::RemoveLogo,
        Target::Nothing,
        |store, _| store.write(|tx| organisation::set_logo(tx, None)),
    )
    .await
}

/// Whether the club has a logo.
#[tauri::command]
pub async fn has_logo(state: State<'_, AppState>) -> Reply<bool> {
    with_store_as(&state, Operation::HasLogo, Target::Nothing, |store, _| {
        Ok(organisation::logo(store.conn())?.is_some())
    })
    .await
}
