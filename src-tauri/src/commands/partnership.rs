//! The partnership summary: destination, preview, sending, the outbox and log.

use std::sync::{Arc, Mutex};

use chrono::Utc;
use clubroom_core::access::{Operation, Target};
use clubroom_core::summary::{self, Summary};
use clubroom_core::sync::{self, Calendar, Destination, LogEntry, OutboxEntry, SendRequest, Which};
use clubroom_core::{ClubFile, Error, Store, dates::Period, dates::parse_date_or_explain};
use tauri::State;

use crate::dialogs;
use crate::state::AppState;

use super::*;

/// Where the partnership summaries go; null until it is set.
#[tauri::command]
pub async fn partnership_destination(state: State<'_, AppState>) -> Reply<Option<Destination>> {
    with_store_as(
        &state,
        Operation::PartnershipDestination,
        Target::Nothing,
        |store, _| sync::destination(store.conn()),
    )
    .await
}

/// Sets where summaries go. A WebDAV app password, if given, goes to the OS keychain, never
/// into the club file.
#[tauri::command]
pub async fn set_partnership_destination(
    state: State<'_, AppState>,
    destination: Destination,
    password: Option<String>,
) -> Reply<Destination> {
    with_store_as(
        &state,
        Operation::SetPartnershipDestination,
        Target::Nothing,
        move |store, _| {
            let saved = store.write(|tx| sync::set_destination(tx, &destination, Utc::now()))?;
            if let Some(password) = password.filter(|p| !p.is_empty()) {
                sync::save_password(&saved, &password)?;
            }
            Ok(saved)
        },
    )
    .await
}

/// Asks for a folder (a shared drive or a sync folder). `None` if cancelled.
#[tauri::command]
pub async fn choose_folder() -> Reply<Option<String>> {
    Ok(dialogs::folder_path()
        .await
        .map(|p| p.display().to_string()))
}

/// The period a summary is due for today by the partnership's calendar (none chosen yet:
/// quarterly): the screen asks with the calendar being edited, the home card with the saved one.
#[tauri::command]
pub async fn due_summary_period(
    state: State<'_, AppState>,
    calendar: Option<Calendar>,
    custom_periods: Vec<Period>,
) -> Reply<Period> {
    Ok(sync::due_period(calendar, &custom_periods, state.today()))
}

/// Exactly the rows that would be sent for a period, withheld cells marked.
#[tauri::command]
pub async fn preview_summary(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Reply<Summary> {
    with_store_as(
        &state,
        Operation::PreviewSummary,
        Target::Nothing,
        move |store, today| {
            let period = Period::new(parse_date_or_explain(&from)?, parse_date_or_explain(&to)?)?;
            summary::build(store.conn(), period, today)
        },
    )
    .await
}

/// Puts a period's summary in the outbox and tries to deliver everything waiting. A period
/// that has not ended goes only when the manager has chosen to send it before it ends.
#[tauri::command]
pub async fn send_summary(
    state: State<'_, AppState>,
    from: String,
    to: String,
    before_period_ends: bool,
) -> Reply<Vec<OutboxEntry>> {
    let period = period_of(&from, &to).map_err(|e| e.report())?;
    send(&state, SendRequest::period(period, before_period_ends)).await?;
    summary_outbox(state).await
}

/// Tries again to deliver summaries that are waiting (`all`: the app starting, a person
/// pressing "Try again"; `due`: only those whose wait is over).
#[tauri::command]
pub async fn retry_summaries(state: State<'_, AppState>, which: Which) -> Reply<Vec<OutboxEntry>> {
    send(&state, SendRequest::retry(which)).await?;
    // Anyone's session retries what a manager queued; the outbox is shown only to those who
    // may see it (the window roles test found a volunteer refused the retry itself).
    with_store_as(
        &state,
        Operation::RetrySummaries,
        Target::Nothing,
        |store, _| sync::outbox_for(store.conn(), store.actor()),
    )
    .await
}

/// The core's one door for sending (`sync::send`), on a blocking thread, with the open club
/// file lent a step at a time so the window stays usable while the files travel.
async fn send(state: &State<'_, AppState>, request: SendRequest) -> Reply<()> {
    let mut club = OpenClub(state.club.clone());
    let today = state.today();
    tauri::async_runtime::spawn_blocking(move || {
        sync::send(&mut club, request, today, Utc::now)
            .map(drop)
            .map_err(|e| e.report())
    })
    .await
    .map_err(|e| Error::Invalid(format!("Clubroom hit an internal problem: {e}")).report())?
}

fn period_of(from: &str, to: &str) -> clubroom_core::Result<Period> {
    Period::new(parse_date_or_explain(from)?, parse_date_or_explain(to)?)
}

/// The open club file, lent to the core one step at a time.
struct OpenClub(Arc<Mutex<ClubFile>>);

impl sync::Lend for OpenClub {
    fn with_store<T>(
        &mut self,
        job: impl FnOnce(&mut Store) -> clubroom_core::Result<T>,
    ) -> clubroom_core::Result<T> {
        let mut club = self.0.lock().unwrap_or_else(|p| p.into_inner());
        club.with_store(job)
    }
}

#[tauri::command]
pub async fn summary_outbox(state: State<'_, AppState>) -> Reply<Vec<OutboxEntry>> {
    with_store_as(
        &state,
        Operation::SummaryOutbox,
        Target::Nothing,
        |store, _| sync::outbox(store.conn()),
    )
    .await
}

#[tauri::command]
pub async fn sync_log(state: State<'_, AppState>) -> Reply<Vec<LogEntry>> {
    with_store_as(&state, Operation::SyncLog, Target::Nothing, |store, _| {
        sync::log(store.conn())
    })
    .await
}
