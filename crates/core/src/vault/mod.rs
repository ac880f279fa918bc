//! Encryption at rest: the club file is a SQLCipher database under a random 32-byte data key,
//! and certificates kept beside it are sealed with the same key. Nobody types the data key:
//! each person who may unlock the club has their own copy of it in the key file
//! `<club file>.keys`, wrapped (encrypted) with a key derived from their password or PIN.
//! So anyone on the list can unlock, a manager who is signed in (and so holds the data key)
//! can reset a forgotten password by wrapping the key again, and nothing is re-encrypted.
//!
//! How the key file protects the data key:
//! - Argon2id (RFC 9106) turns the password or PIN and a random salt into a 32-byte wrapping
//!   key. Its memory cost is what slows down someone guessing PINs on a stolen laptop.
//! - XChaCha20-Poly1305 encrypts the data key under that wrapping key, with a random 24-byte
//!   nonce, and authenticates the entry's user id and kind as associated data, so an entry
//!   cannot be relabelled as another user without knowing a password. (Anyone who can
//!   unlock holds the data key itself, and could write any entry: roles limit what the app
//!   shows a person, not what their key can decrypt. docs/data-protection.md says so.)
//! - A wrong name or password fails the same way and takes the same time, and touches no file.
//!
//! The database is opened with `PRAGMA key = "x'<64 hex>'"`: a raw key, so SQLCipher runs no
//! key derivation of its own on every open (ours is Argon2, above, once per sign-in).
//! `cipher_memory_security` is left at SQLCipher's default (off since 4.5: locking and wiping
//! every page buffer costs much speed for little gain on a laptop whose memory an attacker
//! can already read); our copies of the key are wiped by `zeroize`. SQLCipher writes a line
//! to stderr when a page does not decrypt (a wrong key, a damaged file); we leave that log on.
//!
//! # Backups and copies of a keyed database (checked by tests in vault_tests.rs)
//! - SQLite's online backup API (`rusqlite::backup`) works between two SQLCipher connections
//!   keyed with the same data key: the copy is encrypted and opens with that key. Open the
//!   destination with [`crate::Store::open_sibling`] so it carries the same key (a plain
//!   store gives a plain sibling).
//! - `VACUUM INTO 'file'` on a keyed connection writes a copy encrypted under the same key
//!   (SQLCipher gives the target the main database's key). The copy opens with the data key
//!   and not without it.
//! - Between a keyed and an unkeyed connection the backup API refuses; `sqlcipher_export`
//!   through `ATTACH ... KEY` is the way across (see [`encrypt_existing`]).

use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use zeroize::{Zeroize, Zeroizing};

pub use crate::cipher::DataKey;
use crate::cipher::fill_random;
pub(crate) use crate::cipher::{apply_key, verify_key};
use crate::error::{Error, Result, invalid};

/// The key file's format name; a later format gets a new number and a reader for the old.
pub const KEY_FILE_FORMAT: &str = "clubroom-keys/1";

/// What a wrong name or password or PIN says, whether the key file or the accounts checked
/// it (`users::WRONG_SECRET` is this one message). The same words for a wrong name and a wrong
/// secret, so that nobody can find out who has an account by trying names.
pub const DENIED_MESSAGE: &str = "That name and password or PIN do not match. Check Caps Lock, or \
     ask a manager to reset it.";

/// The Argon2id cost for every new or reset password and PIN: 128 MiB of memory, 2 passes,
/// one lane. About 0.4 s on the 2-core development machine in a release build
/// (docs/performance.md, "Unlocking a club file"). The memory cost is deliberately high: each
/// guess at a PIN on a stolen laptop needs 128 MiB, which limits how many guesses a graphics
/// card can run at once.
pub const ARGON2_MEMORY_KIB: u32 = 128 * 1024;
pub const ARGON2_PASSES: u32 = 2;
pub const ARGON2_LANES: u32 = 1;

/// Bounds on costs read from a key file, so that a damaged or tampered file cannot make
/// sign-in ask for terabytes of memory or run for hours.
const MAX_MEMORY_KIB: u32 = 2 * 1024 * 1024;
const MAX_PASSES: u32 = 64;
const MAX_LANES: u32 = 16;

/// The shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// The length of a PIN, in digits.
pub const PIN_DIGITS: usize = 6;

/// How a person proves who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum SecretKind {
    /// At least ten characters.
    Password,
    /// Exactly six digits: quick at the door, but weaker (see docs/data-protection.md).
    Pin,
}

impl SecretKind {
    pub fn code(self) -> &'static str {
        match self {
            SecretKind::Password => "password",
            SecretKind::Pin => "pin",
        }
    }
}

/// Someone being given their own way to unlock the club. The secret is wiped when dropped.
pub struct NewKeyHolder {
    /// Their id in the users table (the caller's numbering; the key file only repeats it).
    pub user_id: i64,
    /// The name they sign in with; unique whatever its case.
    pub name: String,
    pub kind: SecretKind,
    pub secret: String,
}

impl Drop for NewKeyHolder {
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}

/// Someone who can unlock the club, as listed in the key file (nothing secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyHolder {
    pub user_id: i64,
    pub name: String,
    pub kind: SecretKind,
}

/// Checks a password or PIN against the rules, with a message the person can act on.
pub fn check_secret(kind: SecretKind, secret: &str) -> Result<()> {
    match kind {
        SecretKind::Pin => check_pin(secret),
        SecretKind::Password => check_password(secret),
    }
}

fn check_pin(pin: &str) -> Result<()> {
    if pin.len() != PIN_DIGITS || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return invalid("A PIN is exactly 6 digits (0 to 9), with no spaces or letters.");
    }
    if is_run_of_digits(pin) {
        return invalid(
            "That PIN is too easy to guess. Choose 6 digits that are not all the same and not \
             a run like 123456 or 987654.",
        );
    }
    Ok(())
}

/// All one digit, or counting up or down by one: the first PINs anyone tries.
fn is_run_of_digits(pin: &str) -> bool {
    let digits: Vec<i16> = pin.bytes().map(|b| i16::from(b - b'0')).collect();
    let steps: Vec<i16> = digits.windows(2).map(|w| w[1] - w[0]).collect();
    [0, 1, -1]
        .iter()
        .any(|step| steps.iter().all(|s| s == step))
}

fn check_password(password: &str) -> Result<()> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        return invalid(format!(
            "A password needs at least {MIN_PASSWORD_CHARS} characters (this one has \
             {length}). A short sentence you will remember works well."
        ));
    }
    if password.trim().is_empty() {
        return invalid("A password cannot be only spaces.");
    }
    Ok(())
}

/// Sign-in names are compared trimmed, in one Unicode form, and without case.
fn name_key(name: &str) -> String {
    name.trim().nfc().collect::<String>().to_lowercase()
}

fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return invalid("Give the name this person will sign in with.");
    }
    if name.chars().count() > 60 {
        return invalid("A sign-in name can be up to 60 characters.");
    }
    Ok(name.to_owned())
}

// ---- the key file ----

/// The key file beside a club file: `<club file>.keys`.
pub fn keys_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".keys");
    PathBuf::from(name)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct KeyFile {
    format: String,
    /// Proves a data key is this club's before anyone is given a copy of it: a sealed empty
    /// message under a key derived from the data key.
    key_check: String,
    holders: Vec<Entry>,
    /// The audit log's head when the accounts last changed: a record of the log outside the
    /// club file (see `audit::check_witness`). Absent in key files from earlier versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    audit_head: Option<crate::audit::ChainHead>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    user_id: i64,
    name: String,
    kind: SecretKind,
    kdf: KdfParams,
    wrapped_key: Wrapped,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct KdfParams {
    algorithm: String,
    version: u32,
    memory_kib: u32,
    passes: u32,
    lanes: u32,
    salt: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Wrapped {
    cipher: String,
    nonce: String,
    ciphertext: String,
}

const KDF_ALGORITHM: &str = "argon2id";
const KDF_VERSION: u32 = 0x13;
const WRAP_CIPHER: &str = "xchacha20poly1305";
const KEY_CHECK_LABEL: &str = "clubroom/key-check/1";
const ATTACHMENTS_LABEL: &str = "clubroom/attachments/1";

impl KeyFile {
    fn read(path: &Path) -> Result<KeyFile> {
        let keys = keys_path(path);
        let bytes = std::fs::read(&keys).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound(format!(
                "The key file for this club ({}) is missing, so the club cannot be unlocked. \
                 It must sit beside the club file; restore it from where you keep backups.",
                keys.display()
            )),
            _ => Error::file(format!("Could not read {}", keys.display()), e),
        })?;
        let file: KeyFile = serde_json::from_slice(&bytes).map_err(|_| {
            Error::Invalid(format!(
                "The key file {} is damaged, so the club cannot be unlocked. Restore it from \
                 a backup.",
                keys.display()
            ))
        })?;
        if file.format != KEY_FILE_FORMAT {
            return invalid(format!(
                "The key file {} is in a format this version of Clubroom does not know ({}). \
                 Install the latest Clubroom.",
                keys.display(),
                file.format
            ));
        }
        Ok(file)
    }

    fn write(&self, path: &Path) -> Result<()> {
        let mut json = serde_json::to_vec_pretty(self)
            .map_err(|e| Error::Invalid(format!("The key file could not be written: {e}")))?;
        json.push(b'\n');
        crate::files::write_atomically(&keys_path(path), &json)
    }

    fn new(key: &DataKey) -> Result<KeyFile> {
        let check = seal_with(&key.derived(KEY_CHECK_LABEL), b"")?;
        Ok(KeyFile {
            format: KEY_FILE_FORMAT.to_owned(),
            key_check: BASE64.encode(check),
            holders: Vec::new(),
            audit_head: None,
        })
    }

    /// Refuses a key that is not this club's, so that nobody is given a useless copy.
    fn check_key(&self, key: &DataKey) -> Result<()> {
        let sealed = BASE64.decode(&self.key_check).unwrap_or_default();
        open_with(&key.derived(KEY_CHECK_LABEL), &sealed)
            .map(drop)
            .map_err(|_| Error::Denied("That key does not unlock this club file.".into()))
    }

    fn find(&self, name: &str) -> Option<&Entry> {
        let wanted = name_key(name);
        self.holders.iter().find(|e| name_key(&e.name) == wanted)
    }

    fn position_of(&self, user_id: i64) -> Result<usize> {
        self.holders
            .iter()
            .position(|e| e.user_id == user_id)
            .ok_or_else(|| Error::NotFound("That person cannot unlock this club file.".into()))
    }

    fn add(&mut self, key: &DataKey, holder: &NewKeyHolder) -> Result<()> {
        let name = check_name(&holder.name)?;
        check_secret(holder.kind, &holder.secret)?;
        if self.find(&name).is_some() {
            return invalid(format!(
                "Someone already signs in as \"{name}\". Choose another name (names are the \
                 same whatever their capitals)."
            ));
        }
        if self.holders.iter().any(|e| e.user_id == holder.user_id) {
            return invalid("That person can already unlock this club file.");
        }
        let entry = wrap(key, holder.user_id, &name, holder.kind, &holder.secret)?;
        self.holders.push(entry);
        Ok(())
    }
}

/// What an entry's wrapped key is bound to: change either and the key no longer unwraps.
/// (Not the name, so that a name can be corrected without the person's secret.)
fn associated_data(user_id: i64, kind: SecretKind) -> Vec<u8> {
    format!("{KEY_FILE_FORMAT}\n{user_id}\n{}", kind.code()).into_bytes()
}

fn wrap(key: &DataKey, user_id: i64, name: &str, kind: SecretKind, secret: &str) -> Result<Entry> {
    let mut salt = [0u8; 16];
    fill_random(&mut salt)?;
    let kdf = KdfParams {
        algorithm: KDF_ALGORITHM.to_owned(),
        version: KDF_VERSION,
        memory_kib: ARGON2_MEMORY_KIB,
        passes: ARGON2_PASSES,
        lanes: ARGON2_LANES,
        salt: BASE64.encode(salt),
    };
    let wrapping = derive_wrapping_key(&kdf, secret)?;
    let mut nonce = [0u8; 24];
    fill_random(&mut nonce)?;
    let aad = associated_data(user_id, kind);
    let ciphertext = XChaCha20Poly1305::new(&(*wrapping).into())
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: key.bytes(),
                aad: &aad,
            },
        )
        .map_err(|_| Error::Invalid("The key could not be wrapped.".into()))?;
    Ok(Entry {
        user_id,
        name: name.to_owned(),
        kind,
        kdf,
        wrapped_key: Wrapped {
            cipher: WRAP_CIPHER.to_owned(),
            nonce: BASE64.encode(nonce),
            ciphertext: BASE64.encode(ciphertext),
        },
    })
}

/// The data key from an entry and a secret, or `None` if the secret is wrong (or the entry
/// was tampered with: the two cannot be told apart, and need not be).
fn unwrap_entry(entry: &Entry, secret: &str) -> Result<Option<DataKey>> {
    let damaged = || Error::Invalid("The key file is damaged. Restore it from a backup.".into());
    if entry.wrapped_key.cipher != WRAP_CIPHER {
        return Err(damaged());
    }
    let wrapping = derive_wrapping_key(&entry.kdf, secret)?;
    let nonce = BASE64
        .decode(&entry.wrapped_key.nonce)
        .ok()
        .and_then(|n| <[u8; 24]>::try_from(n).ok())
        .ok_or_else(damaged)?;
    let ciphertext = BASE64
        .decode(&entry.wrapped_key.ciphertext)
        .map_err(|_| damaged())?;
    let aad = associated_data(entry.user_id, entry.kind);
    let opened = XChaCha20Poly1305::new(&(*wrapping).into()).decrypt(
        &XNonce::from(nonce),
        Payload {
            msg: &ciphertext,
            aad: &aad,
        },
    );
    let Ok(plain) = opened else {
        return Ok(None);
    };
    let plain = Zeroizing::new(plain);
    let bytes = <[u8; 32]>::try_from(plain.as_slice()).map_err(|_| damaged())?;
    Ok(Some(DataKey::from_bytes(bytes)))
}

fn derive_wrapping_key(kdf: &KdfParams, secret: &str) -> Result<Zeroizing<[u8; 32]>> {
    let damaged = || Error::Invalid("The key file is damaged. Restore it from a backup.".into());
    let sane = kdf.algorithm == KDF_ALGORITHM
        && kdf.version == KDF_VERSION
        && kdf.memory_kib <= MAX_MEMORY_KIB
        && (1..=MAX_PASSES).contains(&kdf.passes)
        && (1..=MAX_LANES).contains(&kdf.lanes);
    if !sane {
        return Err(damaged());
    }
    let salt = BASE64.decode(&kdf.salt).map_err(|_| damaged())?;
    let params = argon2::Params::new(kdf.memory_kib, kdf.passes, kdf.lanes, Some(32))
        .map_err(|_| damaged())?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(secret.as_bytes(), &salt, out.as_mut_slice())
        .map_err(|e| match e {
            argon2::Error::OutOfMemory => Error::Invalid(
                "This computer does not have enough free memory to unlock the club. Close \
                 other programs and try again."
                    .into(),
            ),
            _ => damaged(),
        })?;
    Ok(out)
}

/// Spends the time an unlock would, for a name nobody signs in with, so that a wrong name
/// cannot be told from a wrong password by how long the answer takes.
fn spend_unlock_time(secret: &str) {
    let kdf = KdfParams {
        algorithm: KDF_ALGORITHM.to_owned(),
        version: KDF_VERSION,
        memory_kib: ARGON2_MEMORY_KIB,
        passes: ARGON2_PASSES,
        lanes: ARGON2_LANES,
        salt: BASE64.encode([0u8; 16]),
    };
    // The result is thrown away: only the time spent matters.
    let _ = derive_wrapping_key(&kdf, secret);
}

// ---- what sign-in and user management call ----

/// Creates a new, encrypted club file at `path` with its key file, `first` as the one person
/// who can unlock it, and returns the data key (the club file opens it with `club_file::open`).
/// Refuses if the club file or its key file is already there.
pub fn create_club(path: &Path, first: NewKeyHolder) -> Result<DataKey> {
    refuse_if_present(path)?;
    refuse_if_present(&keys_path(path))?;
    let key = DataKey::generate()?;
    let mut keys = KeyFile::new(&key)?;
    keys.add(&key, &first)?;
    let created = crate::Store::create_with_key(path, &key).map(drop);
    let saved = created.and_then(|()| keys.write(path));
    if let Err(error) = saved {
        // Without its key file the new database could never be opened: take it away whole.
        remove_database_files(path);
        let _ = std::fs::remove_file(keys_path(path));
        return Err(error);
    }
    Ok(key)
}

fn refuse_if_present(path: &Path) -> Result<()> {
    if path.exists() {
        return invalid(format!(
            "There is already a file at {}. Choose another name, or open that club.",
            path.display()
        ));
    }
    Ok(())
}

/// Unlocks the club with a sign-in name and password or PIN: the person's user id and the
/// data key. A wrong name or secret is [`Error::Denied`] with [`DENIED_MESSAGE`]: only the key
/// file is read, and no file is written. (A right one also wipes what an interrupted
/// [`encrypt_existing`] may have left.)
pub fn unlock(path: &Path, name: &str, secret: &str) -> Result<(i64, DataKey)> {
    let keys = KeyFile::read(path)?;
    let Some(entry) = keys.find(name) else {
        spend_unlock_time(secret);
        return Err(Error::Denied(DENIED_MESSAGE.into()));
    };
    match unwrap_entry(entry, secret)? {
        Some(key) => {
            wipe_interrupted_encryption(path);
            Ok((entry.user_id, key))
        }
        None => Err(Error::Denied(DENIED_MESSAGE.into())),
    }
}

/// An encryption stopped by a power cut between its rename and its wipe leaves the plain
/// original under a hidden name; the first successful unlock finishes the job.
fn wipe_interrupted_encryption(path: &Path) {
    let old = old_plain_path(path);
    if old.exists() {
        wipe_and_remove(&old);
    }
}

/// Everyone who can unlock the club, in the order they were added.
pub fn key_holders(path: &Path) -> Result<Vec<KeyHolder>> {
    Ok(KeyFile::read(path)?
        .holders
        .into_iter()
        .map(|e| KeyHolder {
            user_id: e.user_id,
            name: e.name,
            kind: e.kind,
        })
        .collect())
}

/// Gives one more person their own way to unlock the club. Needs the data key, so only
/// someone signed in can do it.
pub fn add_key_holder(path: &Path, key: &DataKey, holder: NewKeyHolder) -> Result<()> {
    let mut keys = KeyFile::read(path)?;
    keys.check_key(key)?;
    keys.add(key, &holder)?;
    keys.write(path)
}

/// Sets a new password or PIN for someone (a forgotten password, or a change of kind): their
/// copy of the data key is wrapped again. The old secret no longer unlocks anything.
pub fn reset_secret(
    path: &Path,
    key: &DataKey,
    user_id: i64,
    kind: SecretKind,
    secret: &str,
) -> Result<()> {
    check_secret(kind, secret)?;
    let mut keys = KeyFile::read(path)?;
    keys.check_key(key)?;
    let at = keys.position_of(user_id)?;
    let name = keys.holders[at].name.clone();
    keys.holders[at] = wrap(key, user_id, &name, kind, secret)?;
    keys.write(path)
}

/// Changes the name someone signs in with (their secret stays the same).
pub fn rename_key_holder(path: &Path, key: &DataKey, user_id: i64, name: &str) -> Result<()> {
    let name = check_name(name)?;
    let mut keys = KeyFile::read(path)?;
    keys.check_key(key)?;
    let at = keys.position_of(user_id)?;
    if keys.find(&name).is_some_and(|e| e.user_id != user_id) {
        return invalid(format!(
            "Someone already signs in as \"{name}\". Choose another name (names are the same \
             whatever their capitals)."
        ));
    }
    keys.holders[at].name = name;
    keys.write(path)
}

/// Takes away someone's way to unlock the club. The last person cannot be removed: nobody
/// could ever open the club again.
pub fn remove_key_holder(path: &Path, user_id: i64) -> Result<()> {
    let mut keys = KeyFile::read(path)?;
    let at = keys.position_of(user_id)?;
    if keys.holders.len() == 1 {
        return invalid(
            "This is the only person who can unlock the club file. Add someone else first, or \
             nobody could ever open it again.",
        );
    }
    keys.holders.remove(at);
    keys.write(path)
}

/// Writes the audit log's head into the key file of the club at `path` (after a change of
/// accounts): one more record of the log that a check can compare it with.
pub fn record_audit_head(path: &Path, head: &crate::audit::ChainHead) -> Result<()> {
    let mut keys = KeyFile::read(path)?;
    keys.audit_head = Some(head.clone());
    keys.write(path)
}

/// The audit log's head the key file beside the club at `path` recorded, if any.
pub fn recorded_audit_head(path: &Path) -> Option<crate::audit::ChainHead> {
    KeyFile::read(path).ok()?.audit_head
}

// ---- files ----

/// The first 16 bytes of every plain SQLite database.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Whether the club file at `path` is encrypted: it is there, and does not begin as a plain
/// SQLite file does. (An empty or missing file is not encrypted.)
pub fn is_encrypted(path: &Path) -> bool {
    let mut header = [0u8; 16];
    let read = std::fs::File::open(path).and_then(|mut f| {
        use std::io::Read;
        f.read_exact(&mut header)
    });
    read.is_ok() && &header != SQLITE_HEADER
}

/// Whether `path` is an encrypted club file with its key file beside it: one that opens only
/// when someone signs in. (Not SQLite's header and no key file is damage, not encryption.)
pub fn is_encrypted_club(path: &Path) -> bool {
    is_encrypted(path) && keys_path(path).exists()
}

/// Removes a database file and the WAL and shared-memory files SQLite keeps beside it.
fn remove_database_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

fn sync_file(path: &Path) -> Result<()> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::file(format!("Could not save {}", path.display()), e))
}

/// Makes a rename in `folder` survive a power cut (a no-op where folders cannot be opened).
fn sync_folder(folder: &Path) {
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
}

// ---- sealing files (certificates) ----

/// The start of every sealed file: a name and a format number, authenticated with the rest.
const SEAL_MAGIC: &[u8; 8] = b"CLUBSEAL";
const SEAL_VERSION: u8 = 1;
const SEAL_HEADER_LEN: usize = SEAL_MAGIC.len() + 1;
const NONCE_LEN: usize = 24;

/// Encrypts and authenticates `bytes` under the club's key: header, random nonce, ciphertext.
pub fn seal(key: &DataKey, bytes: &[u8]) -> Result<Vec<u8>> {
    seal_with(&key.derived(ATTACHMENTS_LABEL), bytes)
}

/// The plaintext of something [`seal`]ed with this key; an error if it was sealed under
/// another key or changed since.
pub fn open_sealed(key: &DataKey, sealed: &[u8]) -> Result<Vec<u8>> {
    open_with(&key.derived(ATTACHMENTS_LABEL), sealed).map_err(|_| {
        Error::Invalid(
            "This file does not open with this club's key: it has been changed or damaged, \
             or it belongs to another club."
                .into(),
        )
    })
}

/// Whether these bytes begin as a sealed file does.
pub fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(SEAL_MAGIC)
}

fn seal_header() -> [u8; SEAL_HEADER_LEN] {
    let mut header = [0u8; SEAL_HEADER_LEN];
    header[..SEAL_MAGIC.len()].copy_from_slice(SEAL_MAGIC);
    header[SEAL_MAGIC.len()] = SEAL_VERSION;
    header
}

fn seal_with(key: &[u8; 32], bytes: &[u8]) -> Result<Vec<u8>> {
    let header = seal_header();
    let mut nonce = [0u8; NONCE_LEN];
    fill_random(&mut nonce)?;
    let ciphertext = XChaCha20Poly1305::new(&(*key).into())
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: bytes,
                aad: &header,
            },
        )
        .map_err(|_| Error::Invalid("The file is too large to seal.".into()))?;
    let mut sealed = Vec::with_capacity(SEAL_HEADER_LEN + NONCE_LEN + ciphertext.len());
    sealed.extend_from_slice(&header);
    sealed.extend_from_slice(&nonce);
    sealed.extend_from_slice(&ciphertext);
    Ok(sealed)
}

fn open_with(key: &[u8; 32], sealed: &[u8]) -> std::result::Result<Vec<u8>, ()> {
    let header = seal_header();
    if sealed.len() < SEAL_HEADER_LEN + NONCE_LEN || sealed[..SEAL_HEADER_LEN] != header {
        return Err(());
    }
    let (nonce, ciphertext) = sealed[SEAL_HEADER_LEN..].split_at(NONCE_LEN);
    let nonce = <[u8; NONCE_LEN]>::try_from(nonce).map_err(drop)?;
    XChaCha20Poly1305::new(&(*key).into())
        .decrypt(
            &XNonce::from(nonce),
            Payload {
                msg: ciphertext,
                aad: &header,
            },
        )
        .map_err(drop)
}

/// The folder where files kept with a club live, and the key they are sealed with (none for
/// a plain club). Reading accepts a plain file in an encrypted club, so that certificates
/// kept before the club was encrypted still read; their SHA-256, kept in the (encrypted)
/// database, still proves they are the files that were attached.
#[derive(Debug, Clone)]
pub struct Attachments {
    folder: PathBuf,
    key: Option<DataKey>,
}

impl Attachments {
    /// Files kept as they are (a plain club, or a test).
    /// Where the club's certificates are kept and how: sealed with the data key when the
    /// club file is encrypted. `None` for an in-memory store.
    pub fn of(store: &crate::Store) -> Option<Attachments> {
        let folder = store.attachments_dir()?;
        Some(match store.data_key() {
            Some(key) => Attachments::sealed(&folder, key),
            None => Attachments::plain(&folder),
        })
    }

    pub fn plain(folder: &Path) -> Attachments {
        Attachments {
            folder: folder.to_path_buf(),
            key: None,
        }
    }

    /// Files sealed with the club's key.
    pub fn sealed(folder: &Path, key: &DataKey) -> Attachments {
        Attachments {
            folder: folder.to_path_buf(),
            key: Some(key.clone()),
        }
    }

    pub fn folder(&self) -> &Path {
        &self.folder
    }

    pub fn is_sealed(&self) -> bool {
        self.key.is_some()
    }

    /// Keeps `bytes` as `name` in the folder (sealed if the club is encrypted), atomically.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<()> {
        std::fs::create_dir_all(&self.folder)
            .map_err(|e| Error::file(format!("Could not create {}", self.folder.display()), e))?;
        let stored = match &self.key {
            Some(key) => seal(key, bytes)?,
            None => bytes.to_vec(),
        };
        crate::files::write_atomically(&self.folder.join(name), &stored)
    }

    /// The plaintext of the file `name`.
    pub fn read(&self, name: &str) -> Result<Vec<u8>> {
        let path = self.folder.join(name);
        let bytes = std::fs::read(&path)
            .map_err(|e| Error::file(format!("Could not read {}", path.display()), e))?;
        match &self.key {
            Some(key) if is_sealed(&bytes) => open_sealed(key, &bytes),
            _ => Ok(bytes),
        }
    }

    pub fn exists(&self, name: &str) -> bool {
        self.folder.join(name).exists()
    }
}

/// Whether a file begins as a sealed file does, reading only its first bytes.
fn starts_sealed(path: &Path) -> Result<bool> {
    use std::io::Read;
    let mut head = Vec::with_capacity(SEAL_MAGIC.len());
    std::fs::File::open(path)
        .and_then(|f| f.take(SEAL_MAGIC.len() as u64).read_to_end(&mut head))
        .map_err(|e| Error::file(format!("Could not read {}", path.display()), e))?;
    Ok(is_sealed(&head))
}

/// Seals every file in the attachments folder that is still plain (certificates kept before
/// the club was encrypted). Safe to run again: sealed files are left alone. Returns how many
/// were sealed. Reads only the first bytes of files already sealed, so it is cheap to run
/// after each sign-in to finish what an interrupted [`encrypt_existing`] left.
pub fn seal_attachments(folder: &Path, key: &DataKey) -> Result<usize> {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => {
            return Err(Error::file(
                format!("Could not read {}", folder.display()),
                e,
            ));
        }
    };
    let mut sealed = 0;
    for entry in entries {
        let entry =
            entry.map_err(|e| Error::file(format!("Could not read {}", folder.display()), e))?;
        let path = entry.path();
        let is_kept_file = entry.file_type().is_ok_and(|t| t.is_file())
            && !entry.file_name().to_string_lossy().starts_with('.');
        if !is_kept_file {
            continue;
        }
        if starts_sealed(&path)? {
            continue;
        }
        let bytes = std::fs::read(&path)
            .map_err(|e| Error::file(format!("Could not read {}", path.display()), e))?;
        crate::files::write_atomically(&path, &seal(key, &bytes)?)?;
        sealed += 1;
    }
    Ok(sealed)
}

// ---- encrypting a plain club file from an earlier version ----

/// Encrypts a plain club file from an earlier version of Clubroom in place, with `first` as
/// the one person who can unlock it, and returns the data key.
///
/// The steps, each needed for "on any failure the original is untouched":
/// 1. Switch the plain file out of WAL mode: this folds the WAL into the file, and SQLite
///    allows it only when no other program has the file open (a Clubroom window writing to
///    it during the copy would lose its changes).
/// 2. `sqlcipher_export` the whole database into a new file in the same folder, keyed with a
///    fresh data key, and flush it to disk.
/// 3. Open the new file with the key: `PRAGMA integrity_check` must say ok, and every table
///    must have as many rows as in the original, and the schema version must match.
/// 4. Write the key file (atomically), then rename the new file over the original (atomic on
///    one file system) and flush the folder.
/// 5. Wipe the plain original: it was hard-linked aside before the rename, and its bytes are
///    overwritten with zeros and flushed before it is deleted (see docs/data-protection.md on
///    what this can and cannot promise on SSDs).
///
/// The certificates kept beside the club are sealed by the caller once the first manager
/// exists ([`finish_attachments`]), and again at every sign-in, so a failure there never
/// leaves an encrypted club that no one can sign in to.
///
/// If anything in 1-4 fails, the new file and key file are removed and the original is
/// switched back to WAL mode: its records are exactly as they were.
pub fn encrypt_existing(path: &Path, first: NewKeyHolder) -> Result<DataKey> {
    check_plain_original(path)?;
    check_name(&first.name)?;
    check_secret(first.kind, &first.secret)?;
    let key = DataKey::generate()?;
    let mut keys = KeyFile::new(&key)?;
    keys.add(&key, &first)?;

    let encrypted = encrypting_path(path);
    let outcome = export_checked_copy(path, &encrypted, &key)
        .and_then(|()| keys.write(path))
        .and_then(|()| replace_keeping_old(path, &encrypted));
    match outcome {
        Ok(old) => {
            wipe_and_remove(&old);
            remove_database_files_beside(path);
            Ok(key)
        }
        Err(error) => {
            remove_database_files(&encrypted);
            let _ = std::fs::remove_file(keys_path(path));
            back_to_wal(path);
            Err(error)
        }
    }
}

/// Steps 1 to 3. The connection to the plain file is closed at the end (Windows cannot
/// rename over a file that is open).
fn export_checked_copy(path: &Path, encrypted: &Path, key: &DataKey) -> Result<()> {
    let plain = Connection::open(path)?;
    take_out_of_wal(&plain)?;
    export_and_verify(&plain, encrypted, key)
}

/// Puts a plain club file that stayed plain back in WAL mode, as the app keeps it. Its
/// records were never changed; if this fails, the app switches it back on the next open.
fn back_to_wal(path: &Path) {
    if is_encrypted(path) {
        return;
    }
    if let Ok(conn) = Connection::open(path) {
        let _ = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0));
    }
}

fn check_plain_original(path: &Path) -> Result<()> {
    if !path.exists() {
        return Err(Error::NotFound(format!(
            "There is no club file at {}.",
            path.display()
        )));
    }
    if is_encrypted(path) {
        return invalid("This club file is already encrypted.");
    }
    // A key file beside a plain club can only be left from an encryption that stopped before
    // its last step (the key file is written before the rename). It unlocks nothing: it is
    // replaced below.
    Ok(())
}

/// The name of the encrypted copy while it is made: hidden, in the same folder (one file
/// system, so the final rename is atomic).
fn encrypting_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "club".into());
    path.with_file_name(format!(".{name}.encrypting"))
}

fn take_out_of_wal(plain: &Connection) -> Result<()> {
    plain.busy_timeout(std::time::Duration::from_secs(2))?;
    let mode: String = plain
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                Error::Invalid(
                    "The club file is open in another Clubroom window or program. Close it \
                     there first; nothing was changed."
                        .into(),
                )
            }
            _ => e.into(),
        })?;
    if !mode.eq_ignore_ascii_case("delete") {
        return invalid(
            "The club file is open in another Clubroom window or program. Close it there \
             first; nothing was changed.",
        );
    }
    Ok(())
}

fn export_and_verify(plain: &Connection, encrypted: &Path, key: &DataKey) -> Result<()> {
    remove_database_files(encrypted);
    let target = encrypted.to_string_lossy().replace('\'', "''");
    let attach = Zeroizing::new(format!(
        "ATTACH DATABASE '{target}' AS encrypted KEY {};",
        key.sqlcipher_literal().as_str()
    ));
    plain.execute_batch(&attach)?;
    let exported = plain
        .query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))
        .map_err(Error::from)
        .and_then(|()| copy_user_version(plain));
    plain.execute_batch("DETACH DATABASE encrypted")?;
    exported?;
    sync_file(encrypted)?;
    verify_copy(plain, encrypted, key)
}

/// The schema version travels with the data (SQLCipher's export does not copy it).
fn copy_user_version(plain: &Connection) -> Result<()> {
    let version: i64 = plain.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
    plain.execute_batch(&format!("PRAGMA encrypted.user_version = {version}"))?;
    Ok(())
}

fn verify_copy(plain: &Connection, encrypted: &Path, key: &DataKey) -> Result<()> {
    let copy = Connection::open(encrypted)?;
    apply_key(&copy, key)?;
    verify_key(&copy)?;
    let check: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if check != "ok" {
        return invalid(format!(
            "The encrypted copy did not pass SQLite's check ({check}), so the club file was \
             left as it was."
        ));
    }
    for table in table_names(plain)? {
        let (before, after) = (row_count(plain, &table)?, row_count(&copy, &table)?);
        if before != after {
            return invalid(format!(
                "The encrypted copy has {after} rows in {table} where the club file has \
                 {before}, so the club file was left as it was."
            ));
        }
    }
    let version = |c: &Connection| c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0));
    if version(plain)? != version(&copy)? {
        return invalid(
            "The encrypted copy lost the schema version; the club file was left as it was.",
        );
    }
    Ok(())
}

fn table_names(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         ORDER BY name",
    )?;
    let names = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(names)
}

fn row_count(conn: &Connection, table: &str) -> Result<i64> {
    let quoted = table.replace('"', "\"\"");
    Ok(conn.query_row(
        &format!("SELECT count(*) FROM main.\"{quoted}\""),
        [],
        |r| r.get(0),
    )?)
}

/// Renames `encrypted` over `path`, first keeping a second name for the plain original (a
/// hard link) so that its bytes can be wiped afterwards. Returns that second name (or the
/// path of nothing, where the file system has no hard links, as on a FAT USB stick).
fn replace_keeping_old(path: &Path, encrypted: &Path) -> Result<PathBuf> {
    let old = old_plain_path(path);
    let _ = std::fs::remove_file(&old);
    // Best effort: without the link the original is still replaced, only not wiped.
    let _ = std::fs::hard_link(path, &old);
    std::fs::rename(encrypted, path).map_err(|e| {
        let _ = std::fs::remove_file(&old);
        Error::file(
            format!(
                "Could not put the encrypted club file in place of {}; it was left as it was",
                path.display()
            ),
            e,
        )
    })?;
    if let Some(folder) = path.parent() {
        sync_folder(folder);
    }
    Ok(old)
}

fn old_plain_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "club".into());
    path.with_file_name(format!(".{name}.plain-old"))
}

/// Overwrites a file's bytes with zeros, flushes, and deletes it.
fn wipe_and_remove(path: &Path) {
    if let Ok(meta) = std::fs::metadata(path) {
        let zeros = vec![0u8; 64 * 1024];
        if let Ok(mut file) = std::fs::OpenOptions::new().write(true).open(path) {
            let mut left = meta.len();
            while left > 0 {
                let chunk = left.min(zeros.len() as u64) as usize;
                if file.write_all(&zeros[..chunk]).is_err() {
                    break;
                }
                left -= chunk as u64;
            }
            let _ = file.sync_all();
        }
    }
    let _ = std::fs::remove_file(path);
}

/// After the rename, any `-wal`/`-shm` beside the club file belonged to the plain original.
fn remove_database_files_beside(path: &Path) {
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// Seals the certificates still kept plain beside an encrypted club file.
pub(crate) fn finish_attachments(path: &Path, key: &DataKey) -> Result<()> {
    let Some(folder) = crate::store::attachments_dir_of(path) else {
        return Ok(());
    };
    seal_attachments(&folder, key).map(drop).map_err(|e| {
        Error::Invalid(format!(
            "The club file is now encrypted: sign in with the name and password you chose. \
             Some certificate copies kept beside it are not encrypted yet ({e}); they are \
             still there and still checked."
        ))
    })
}

#[cfg(test)]
mod tests;
