//! Signing in, accounts and the audit log.

use clubroom_core::Error;
use clubroom_core::access::{Actor, Operation, Role, Target};
use clubroom_core::audit::{self, AuditEntry, Verification};
use clubroom_core::users::{self, NewUser, SecretKind, User};
use clubroom_core::vault;
use tauri::State;

use crate::state::AppState;

use super::*;

/// Signs someone in: an encrypted club file is unlocked with their password or PIN first.
#[tauri::command]
pub async fn sign_in(state: State<'_, AppState>, name: String, secret: String) -> Reply<Actor> {
    if state.file_is_locked() {
        // An async command runs off the window's thread, so the moment Argon2 takes does not
        // freeze the window.
        state.unlock_file(&name, &secret).map_err(|e| e.report())?;
        return with_store(&state, |store, _| Ok(store.actor().clone())).await;
    }
    with_store(&state, move |store, _| store.sign_in(&name, &secret)).await
}

#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>) -> Reply<()> {
    with_store(&state, |store, _| store.sign_out()).await
}

#[tauri::command]
pub async fn lock(state: State<'_, AppState>) -> Reply<()> {
    with_store(&state, |store, _| {
        store.lock();
        Ok(())
    })
    .await
}

/// The same person carries on after the app locked.
#[tauri::command]
pub async fn unlock(state: State<'_, AppState>, secret: String) -> Reply<()> {
    with_store(&state, move |store, _| store.unlock(&secret)).await
}

/// Protects a club: its first manager account, and the club file encrypted in place.
#[tauri::command]
pub async fn create_first_manager(
    state: State<'_, AppState>,
    name: String,
    password: String,
) -> Reply<Actor> {
    let path = state.database_path();
    let store = state.store.clone();
    let protected = tauri::async_runtime::spawn_blocking(move || {
        let mut guard = store.lock().unwrap_or_else(|p| p.into_inner());
        // A club with accounts has its first manager: refused before anything is closed, so
        // the person signed in stays signed in (the CLI and window roles tests found the
        // file closed under them).
        if let Some(open) = guard.as_ref()
            && !users::none_yet(open.conn())?
        {
            return Err(Error::Invalid(
                "This club already has a manager: sign in instead.".to_owned(),
            ));
        }
        // The open connection is closed first: the file is rewritten encrypted.
        *guard = None;
        users::protect_existing_club(&path, &name, &password).or_else(|error| {
            // Encrypted, with its manager, but the certificates kept beside it could not all
            // be sealed: signing in tries that again, and they stay as they were meanwhile.
            if !vault::is_encrypted_club(&path) {
                return Err(error);
            }
            match users::open_as(&path, &name, &password) {
                Ok(store) if store.actor().name == name.trim() => Ok(store),
                _ => Err(error),
            }
        })
    })
    .await
    .map_err(|e| Error::Invalid(format!("Clubroom hit an internal problem: {e}")).report())?;
    let reopened = protected.map(|store| {
        let actor = store.actor().clone();
        (store, actor)
    });
    match reopened {
        Ok((store, actor)) => {
            state.install(Ok(store));
            Ok(actor)
        }
        Err(error) => {
            // Not encrypted: the file is as it was; open it again as before (unless it was
            // never closed: a club that already had a manager).
            if state
                .store
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .is_none()
            {
                state.open(&state.database_path());
            }
            Err(error.report())
        }
    }
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
        move |store, _| audit::entries(store.conn(), store.actor(), &filter),
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
