//! Signing in, accounts and the audit log.

use chrono::Utc;
use clubroom_core::access::{Actor, Operation, Role, Target};
use clubroom_core::audit::{self, AuditEntry, Verification};
use clubroom_core::users::{self, NewUser, SecretKind, User};
use tauri::State;

use crate::state::AppState;

use super::*;

/// Signs someone in, and what follows (see `ClubFile::sign_in`): an encrypted club file is
/// unlocked with their password or PIN first. An async command runs off the window's
/// thread, so the moment Argon2 takes does not freeze the window.
#[tauri::command]
pub async fn sign_in(state: State<'_, AppState>, name: String, secret: String) -> Reply<Actor> {
    with_club(&state, move |club, today| {
        club.sign_in(&name, &secret, today, Utc::now())
    })
    .await
}

#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>) -> Reply<()> {
    with_club(&state, |club, _| club.sign_out()).await
}

#[tauri::command]
pub async fn lock(state: State<'_, AppState>) -> Reply<()> {
    with_club(&state, |club, _| club.lock()).await
}

/// The same person carries on after the app locked.
#[tauri::command]
pub async fn unlock(state: State<'_, AppState>, secret: String) -> Reply<()> {
    with_club(&state, move |club, _| club.unlock(&secret)).await
}

/// Protects a club: its first manager account, and the club file encrypted in place.
#[tauri::command]
pub async fn create_first_manager(
    state: State<'_, AppState>,
    name: String,
    password: String,
) -> Reply<Actor> {
    with_club(&state, move |club, today| {
        club.protect(&name, &password, today, Utc::now())
    })
    .await
}

/// Everyone who can sign in (managers only).
#[tauri::command]
pub async fn users_list(state: State<'_, AppState>) -> Reply<Vec<User>> {
    with_store_as(&state, Operation::UsersList, Target::Nothing, |store, _| {
        users::list(store.conn(), store.actor())
    })
    .await
}

#[tauri::command]
pub async fn add_user(state: State<'_, AppState>, user: NewUser) -> Reply<User> {
    with_store_as(
        &state,
        Operation::AddUser,
        Target::Nothing,
        move |store, _| users::add_account(store, &user),
    )
    .await
}

#[tauri::command]
pub async fn update_user(
    state: State<'_, AppState>,
    id: i64,
    role: Role,
    person_id: Option<i64>,
    active: bool,
) -> Reply<User> {
    with_store_as(
        &state,
        Operation::UpdateUser,
        Target::Nothing,
        move |store, _| users::update_account(store, id, role, person_id, active),
    )
    .await
}

/// A manager sets someone's new password or PIN (for when it is forgotten).
#[tauri::command]
pub async fn reset_user_secret(
    state: State<'_, AppState>,
    id: i64,
    kind: SecretKind,
    secret: String,
) -> Reply<User> {
    with_store_as(
        &state,
        Operation::ResetUserSecret,
        Target::Nothing,
        move |store, _| users::reset_account_secret(store, id, kind, &secret),
    )
    .await
}

#[tauri::command]
pub async fn change_own_secret(
    state: State<'_, AppState>,
    current: String,
    kind: SecretKind,
    secret: String,
) -> Reply<User> {
    with_store_as(
        &state,
        Operation::ChangeOwnSecret,
        Target::Nothing,
        move |store, _| users::change_own_account_secret(store, &current, kind, &secret),
    )
    .await
}

/// Minutes without use before the app locks itself (0: never).
#[tauri::command]
pub async fn set_lock_after(state: State<'_, AppState>, minutes: u32) -> Reply<()> {
    with_store_as(
        &state,
        Operation::SetLockAfter,
        Target::Nothing,
        move |store, _| {
            let actor = store.actor().clone();
            store.write(|tx| users::set_lock_after_minutes(tx, &actor, minutes))
        },
    )
    .await
}

/// The audit log, newest first (managers only).
#[tauri::command]
pub async fn audit_log(
    state: State<'_, AppState>,
    filter: audit::Filter,
) -> Reply<Vec<AuditEntry>> {
    with_store_as(
        &state,
        Operation::AuditLog,
        Target::Nothing,
        move |store, _| clubroom_core::audit_names::entries(store.conn(), store.actor(), &filter),
    )
    .await
}

/// Checks every entry follows from the one before.
#[tauri::command]
pub async fn verify_audit_log(state: State<'_, AppState>) -> Reply<Verification> {
    with_store_as(
        &state,
        Operation::VerifyAuditLog,
        Target::Nothing,
        // The chain, and every witness: backups, the key file, summaries (sync::verify_audit).
        |store, _| clubroom_core::sync::verify_audit(store),
    )
    .await
}
