//! The people who sign in to Clubroom: their names, roles and secrets (a password, or a
//! 6-digit PIN for volunteers at the door), kept only as Argon2id hashes.
//!
//! Signing in gives an [`Actor`], which every permission check and audit entry names. A club
//! always keeps at least one active manager, so nobody can lock the club out of its own data.

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::access::{Actor, Permission, Role};
use crate::error::{Error, Result, invalid};
use crate::store::Store;

pub use crate::vault::SecretKind;

fn kind_from_code(code: &str) -> SecretKind {
    if code == "pin" {
        SecretKind::Pin
    } else {
        SecretKind::Password
    }
}

/// Someone who can sign in (never their secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// Their record among staff and volunteers, if linked.
    pub person_id: Option<i64>,
    pub secret_kind: SecretKind,
    pub active: bool,
}

impl User {
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.id,
            name: self.name.clone(),
            role: self.role,
            person_id: self.person_id,
        }
    }
}

/// A new account, as a manager fills it in.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewUser {
    pub name: String,
    pub role: Role,
    pub person_id: Option<i64>,
    pub secret_kind: SecretKind,
    pub secret: String,
}

/// The message for any failed sign-in: the same whether the name or the secret was wrong,
/// so that nobody can find out who has an account by guessing.
/// The key file's unlock says the same (it is the vault's one message).
pub const WRONG_SECRET: &str = crate::vault::DENIED_MESSAGE;

/// The one rule for a password's or PIN's shape, with its messages, lives in the vault
/// (which also checks the secrets that unlock the key file); accounts use it from there.
pub use crate::vault::check_secret;

/// Checks a new secret for someone in `role`: the shape rule, and a passphrase (a password)
/// for the roles that may see everything or export the club's data, for whom a 6-digit PIN
/// is too weak a lock on a copy of every child's record.
pub fn check_secret_for(role: Role, kind: SecretKind, secret: &str) -> Result<()> {
    if kind == SecretKind::Pin && needs_passphrase(role) {
        return invalid(format!(
            "A {} signs in with a password of at least {} characters, not a PIN: they can see \
             everything and take copies of it.",
            role.label().to_lowercase(),
            crate::vault::MIN_PASSWORD_CHARS
        ));
    }
    check_secret(kind, secret)
}

/// The roles that may see everything or export it: a PIN is not enough to guard them.
pub fn needs_passphrase(role: Role) -> bool {
    matches!(role, Role::Manager | Role::SafeguardingLead)
}

fn hash_secret(secret: &str) -> Result<String> {
    Argon2::default()
        .hash_password(secret.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| Error::Invalid(format!("The password could not be protected ({e}).")))
}

fn secret_matches(secret: &str, hash: &str) -> bool {
    Argon2::default()
        .verify_password(secret.as_bytes(), hash)
        .is_ok()
}

pub(crate) fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return invalid("Enter the name they will sign in with.");
    }
    if name.chars().count() > 80 || name.contains(['\n', '\r']) {
        return invalid("A sign-in name is one line of at most 80 characters.");
    }
    Ok(name.to_owned())
}

/// True until the first manager has been made: the club file is not yet anyone's.
pub fn none_yet(conn: &Connection) -> Result<bool> {
    let count: i64 = conn.query_row("SELECT count(*) FROM users", [], |row| row.get(0))?;
    Ok(count == 0)
}

/// Makes the first manager of a club. Refused once anyone can sign in: from then on only a
/// manager adds people.
pub fn create_first_manager(tx: &Transaction, name: &str, secret: &str) -> Result<User> {
    if !none_yet(tx)? {
        return invalid("This club already has people who sign in: ask a manager to add you.");
    }
    insert(
        tx,
        &NewUser {
            name: name.to_owned(),
            role: Role::Manager,
            person_id: None,
            secret_kind: SecretKind::Password,
            secret: secret.to_owned(),
        },
    )
}

/// Adds someone who can sign in.
pub fn add(tx: &Transaction, actor: &Actor, new: &NewUser) -> Result<User> {
    actor.require(Permission::ManageUsers)?;
    insert(tx, new)
}

fn insert(tx: &Transaction, new: &NewUser) -> Result<User> {
    let name = check_name(&new.name)?;
    check_secret_for(new.role, new.secret_kind, &new.secret)?;
    if find_by_name(tx, &name)?.is_some() {
        return invalid(format!(
            "Someone already signs in as “{name}”. Add a surname or initial."
        ));
    }
    let now = Utc::now().to_rfc3339();
    tx.execute(
        "INSERT INTO users (name, role, person_id, secret_kind, secret_hash, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![
            name,
            new.role.code(),
            new.person_id,
            new.secret_kind.code(),
            hash_secret(&new.secret)?,
            now
        ],
    )
    .map_err(linked_person_missing)?;
    get(tx, tx.last_insert_rowid())
}

/// An account's link to a staff record is a foreign key (migration 6, `REFERENCES people`):
/// the database refuses a link to someone not on the staff list, and this says so in words.
/// (Checking the staff list here would make accounts depend on the records above them.)
fn linked_person_missing(error: rusqlite::Error) -> Error {
    let foreign_key = error
        .sqlite_error()
        .is_some_and(|e| e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY);
    if foreign_key {
        return Error::NotFound("That member of staff or volunteer is not on the list.".into());
    }
    error.into()
}

const COLUMNS: &str = "id, name, role, person_id, secret_kind, active";

fn from_row(row: &rusqlite::Row) -> rusqlite::Result<User> {
    let role: String = row.get(2)?;
    let kind: String = row.get(4)?;
    Ok(User {
        id: row.get(0)?,
        name: row.get(1)?,
        role: Role::from_code(&role).unwrap_or(Role::Volunteer),
        person_id: row.get(3)?,
        secret_kind: kind_from_code(&kind),
        active: row.get(5)?,
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<User> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM users WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound("That person no longer has an account.".into()))
}

fn find_by_name(conn: &Connection, name: &str) -> Result<Option<(User, String)>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS}, secret_hash FROM users WHERE name = ?1"),
            [name.trim()],
            |row| Ok((from_row(row)?, row.get(6)?)),
        )
        .optional()?)
}

/// Everyone who can sign in, for a manager.
pub fn list(conn: &Connection, actor: &Actor) -> Result<Vec<User>> {
    actor.require(Permission::ManageUsers)?;
    let mut statement = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM users ORDER BY active DESC, name COLLATE NOCASE"
    ))?;
    let users = statement
        .query_map([], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(users)
}

/// The names on the sign-in screen: only active accounts, and only names (a shared laptop
/// shows them to anyone, so nothing more).
pub fn sign_in_names(conn: &Connection) -> Result<Vec<String>> {
    let mut statement =
        conn.prepare("SELECT name FROM users WHERE active = 1 ORDER BY name COLLATE NOCASE")?;
    let names = statement
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(names)
}

/// Checks a name and secret; the signed-in person on success.
pub fn sign_in(conn: &Connection, name: &str, secret: &str) -> Result<Actor> {
    match find_by_name(conn, name)? {
        Some((user, hash)) if user.active && secret_matches(secret, &hash) => Ok(user.actor()),
        Some(_) => Err(Error::Denied(WRONG_SECRET.into())),
        None => {
            // Take as long as a real check, so the time taken does not tell who exists.
            let _ = secret_matches(secret, dummy_hash());
            Err(Error::Denied(WRONG_SECRET.into()))
        }
    }
}

/// A hash of nothing anyone knows, to spend the same time on an unknown name.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_secret("no one signs in with this").unwrap_or_default())
}

/// Unlocking the app after it locked: the same person, their own secret.
pub fn confirm(conn: &Connection, actor: &Actor, secret: &str) -> Result<()> {
    let user = get(conn, actor.user_id)?;
    sign_in(conn, &user.name, secret).map(|_| ())
}

/// A manager changes someone's role or link to a staff record.
pub fn update(
    tx: &Transaction,
    actor: &Actor,
    id: i64,
    role: Role,
    person_id: Option<i64>,
    active: bool,
) -> Result<User> {
    actor.require(Permission::ManageUsers)?;
    let before = get(tx, id)?;
    let stops_being_manager = before.role == Role::Manager && (role != Role::Manager || !active);
    if stops_being_manager && before.active && active_managers(tx)? <= 1 {
        return invalid(format!(
            "{} is the only manager. Make someone else a manager first, so the club is never locked out.",
            before.name
        ));
    }
    if before.secret_kind == SecretKind::Pin && needs_passphrase(role) {
        return invalid(format!(
            "{} signs in with a PIN. A {} needs a password of at least {} characters: reset \
             theirs to a password first.",
            before.name,
            role.label().to_lowercase(),
            crate::vault::MIN_PASSWORD_CHARS
        ));
    }
    tx.execute(
        "UPDATE users SET role = ?2, person_id = ?3, active = ?4, updated_at = ?5 WHERE id = ?1",
        params![id, role.code(), person_id, active, Utc::now().to_rfc3339()],
    )
    .map_err(linked_person_missing)?;
    get(tx, id)
}

fn active_managers(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM users WHERE role = 'manager' AND active = 1",
        [],
        |row| row.get(0),
    )?)
}

/// A manager sets a new password or PIN for someone who forgot theirs.
pub fn reset_secret(
    tx: &Transaction,
    actor: &Actor,
    id: i64,
    kind: SecretKind,
    secret: &str,
) -> Result<User> {
    actor.require(Permission::ManageUsers)?;
    set_secret(tx, id, kind, secret)
}

/// Anyone changes their own, knowing the current one.
pub fn change_own_secret(
    tx: &Transaction,
    actor: &Actor,
    current: &str,
    kind: SecretKind,
    new: &str,
) -> Result<User> {
    // Before anyone has an account the club's stand-in is acting, and has no password to
    // change: say what to do instead of calling the current one wrong.
    if actor.user_id == 0 {
        return Err(Error::Denied(
            "No one has an account yet, so there is no password to change. Make the first \
             manager's account first (Protect your club's data)."
                .into(),
        ));
    }
    confirm(tx, actor, current)
        .map_err(|_| Error::Denied("Your current password or PIN is not right.".into()))?;
    set_secret(tx, actor.user_id, kind, new)
}

fn set_secret(tx: &Transaction, id: i64, kind: SecretKind, secret: &str) -> Result<User> {
    let user = get(tx, id)?;
    check_secret_for(user.role, kind, secret)?;
    tx.execute(
        "UPDATE users SET secret_kind = ?2, secret_hash = ?3, updated_at = ?4 WHERE id = ?1",
        params![
            id,
            kind.code(),
            hash_secret(secret)?,
            Utc::now().to_rfc3339()
        ],
    )?;
    get(tx, id)
}

/// Minutes without use before the app locks itself when the club has not chosen.
pub const DEFAULT_LOCK_AFTER_MINUTES: u32 = 10;

/// Minutes without use before the app locks itself (0: never).
pub fn lock_after_minutes(conn: &Connection) -> Result<u32> {
    Ok(conn
        .query_row(
            "SELECT lock_after_minutes FROM organisation WHERE id = 1",
            [],
            |row| row.get(0),
        )
        .optional()?
        .unwrap_or(DEFAULT_LOCK_AFTER_MINUTES))
}

pub fn set_lock_after_minutes(tx: &Transaction, actor: &Actor, minutes: u32) -> Result<()> {
    actor.require(Permission::ClubSettings)?;
    if minutes > 240 {
        return invalid(
            "Lock after at most 240 minutes (4 hours): a shared laptop left open is a risk.",
        );
    }
    let changed = tx.execute(
        "UPDATE organisation SET lock_after_minutes = ?1 WHERE id = 1",
        [minutes],
    )?;
    if changed == 0 {
        return invalid("Set up the club's details first.");
    }
    Ok(())
}

// ---- accounts and the key file kept in step ----

fn key_holder(user: &User, secret: &str) -> crate::vault::NewKeyHolder {
    crate::vault::NewKeyHolder {
        user_id: user.id,
        name: user.name.clone(),
        kind: user.secret_kind,
        secret: secret.to_owned(),
    }
}

/// The club file and its data key, when the club is encrypted: what changes to accounts
/// must keep the key file in step with.
type KeyFileOf = Option<(std::path::PathBuf, crate::vault::DataKey)>;

/// Runs an account change as the signed-in person in one transaction, then keeps the key file
/// in step (still inside the transaction: if the key file cannot be written, nothing changes).
fn change_account(
    store: &mut Store,
    change: impl FnOnce(&Transaction, &Actor) -> Result<User>,
    keep_keys: impl FnOnce(&std::path::Path, &crate::vault::DataKey, &User) -> Result<()>,
) -> Result<User> {
    let actor = store.actor().clone();
    let keys: KeyFileOf = store
        .path()
        .map(|p| p.to_path_buf())
        .zip(store.data_key().cloned());
    store.write(|tx| {
        let user = change(tx, &actor)?;
        if let Some((path, key)) = &keys {
            keep_keys(path, key, &user)?;
            // The key file also records the audit log's head as it stands with this change.
            crate::vault::record_audit_head(path, &crate::audit::head(tx)?)?;
        }
        Ok(user)
    })
}

/// Adds someone who signs in, and (for an encrypted club) their own way to unlock it, in one
/// go: if the key file cannot be written, the account is not made.
pub fn add_account(store: &mut Store, new: &NewUser) -> Result<User> {
    change_account(
        store,
        |tx, actor| add(tx, actor, new),
        |path, key, user| crate::vault::add_key_holder(path, key, key_holder(user, &new.secret)),
    )
}

/// A manager sets someone's new password or PIN, and rewraps their copy of the club's key.
pub fn reset_account_secret(
    store: &mut Store,
    id: i64,
    kind: SecretKind,
    secret: &str,
) -> Result<User> {
    change_account(
        store,
        |tx, actor| reset_secret(tx, actor, id, kind, secret),
        |path, key, user| rewrap(path, key, user, secret),
    )
}

/// Someone changes their own password or PIN.
pub fn change_own_account_secret(
    store: &mut Store,
    current: &str,
    kind: SecretKind,
    new: &str,
) -> Result<User> {
    change_account(
        store,
        |tx, actor| change_own_secret(tx, actor, current, kind, new),
        |path, key, user| rewrap(path, key, user, new),
    )
}

fn rewrap(
    path: &std::path::Path,
    key: &crate::vault::DataKey,
    user: &User,
    secret: &str,
) -> Result<()> {
    let holds_a_key = crate::vault::key_holders(path)?
        .iter()
        .any(|h| h.user_id == user.id);
    if holds_a_key {
        crate::vault::reset_secret(path, key, user.id, user.secret_kind, secret)
    } else {
        crate::vault::add_key_holder(path, key, key_holder(user, secret))
    }
}

/// A manager changes someone's role, link or whether they may sign in. Switching someone off
/// also takes away their way to unlock the club file; switching them back on needs a new
/// password or PIN (reset it).
pub fn update_account(
    store: &mut Store,
    id: i64,
    role: Role,
    person_id: Option<i64>,
    active: bool,
) -> Result<User> {
    let actor = store.actor().clone();
    let path = store.data_key().and(store.path()).map(|p| p.to_path_buf());
    store.write(|tx| {
        let user = update(tx, &actor, id, role, person_id, active)?;
        if let Some(path) = &path {
            let holds_a_key = crate::vault::key_holders(path)?
                .iter()
                .any(|h| h.user_id == id);
            if !active && holds_a_key {
                crate::vault::remove_key_holder(path, id)?;
            }
        }
        Ok(user)
    })
}

#[cfg(test)]
mod tests;
