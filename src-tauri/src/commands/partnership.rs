//! The partnership summary: destination, preview, sending, the outbox and log.

use chrono::Utc;
use clubroom_core::access::{Operation, Target};
use clubroom_core::summary::{self, Summary};
use clubroom_core::sync::{self, Destination, LogEntry, OutboxEntry, Which};
use clubroom_core::{Error, dates::Period, dates::parse_date_or_explain};
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
    with_store_as(
        &state,
        Operation::SendSummary,
        Target::Nothing,
        move |store, today| {
            let period = Period::new(parse_date_or_explain(&from)?, parse_date_or_explain(&to)?)?;
            store.write(|tx| sync::queue(tx, period, today, Utc::now(), before_period_ends))
        },
    )
    .await?;
    deliver_summaries(&state, Which::All).await?;
    summary_outbox(state).await
}

/// Tries again to deliver summaries that are waiting (`all`: the app starting, a person
/// pressing "Try again"; `due`: only those whose wait is over).
#[tauri::command]
pub async fn retry_summaries(state: State<'_, AppState>, which: Which) -> Reply<Vec<OutboxEntry>> {
    deliver_summaries(&state, which).await?;
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

/// Delivers without holding the club file while the files travel, so the window stays
/// usable during a slow upload; each attempt is recorded as it ends.
async fn deliver_summaries(state: &State<'_, AppState>, which: Which) -> Reply<()> {
    let waiting = with_store(state, move |store, _| {
        let Some(destination) = sync::destination(store.conn())? else {
            return Ok(None);
        };
        let password = sync::password(&destination)?;
        let mut jobs = Vec::new();
        for entry in sync::pending(store.conn(), which, Utc::now())? {
            jobs.push((entry.id, sync::files_of(store.conn(), entry.id)?));
        }
        Ok(Some((destination, password, jobs)))
    })
    .await?;
    let Some((destination, password, jobs)) = waiting else {
        return Ok(());
    };
    for (id, files) in jobs {
        let attempt = {
            let destination = destination.clone();
            let password = password.clone();
            tauri::async_runtime::spawn_blocking(move || {
                sync::deliver(&destination, password.as_deref(), &files)
            })
            .await
            .map_err(|e| {
                Error::Invalid(format!("Clubroom hit an internal problem: {e}")).report()
            })?
        };
        let destination = destination.clone();
        with_store(state, move |store, _| {
            store.write(|tx| sync::record(tx, id, &destination, &attempt, Utc::now()))
        })
        .await?;
    }
    Ok(())
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
