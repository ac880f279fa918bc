//! The data key of an encrypted club file and how a SQLite connection is keyed with it
//! (SQLCipher's `PRAGMA key`, a raw key so SQLCipher runs no derivation of its own). Below
//! the store, which keys the connections it opens; who may unlock the key (the key file,
//! passwords and PINs) is the vault's.

use rusqlite::Connection;
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::error::{Error, Result};

/// The club's data key: 32 random bytes, wiped from memory when dropped.
#[derive(Clone, Zeroize, ZeroizeOnDrop, PartialEq, Eq)]
pub struct DataKey([u8; 32]);

impl DataKey {
    /// A fresh key from the operating system's random number generator.
    pub fn generate() -> Result<DataKey> {
        let mut bytes = [0u8; 32];
        fill_random(&mut bytes)?;
        Ok(DataKey(bytes))
    }

    /// A key unwrapped from the key file.
    pub(crate) fn from_bytes(bytes: [u8; 32]) -> DataKey {
        DataKey(bytes)
    }

    /// The key itself, to be wrapped for the key file.
    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The `PRAGMA key` / `ATTACH ... KEY` literal: a raw key in SQLCipher's blob syntax.
    pub(crate) fn sqlcipher_literal(&self) -> Zeroizing<String> {
        let mut text = Zeroizing::new(String::with_capacity(4 + 64));
        text.push_str("\"x'");
        for byte in self.0 {
            text.push_str(&format!("{byte:02x}"));
        }
        text.push_str("'\"");
        text
    }

    /// A key for one purpose, derived from the data key, so that the same 32 bytes are never
    /// used by two ciphers (SQLCipher's AES and the XChaCha20 that seals files). SHA-256 of a
    /// label and a uniformly random key is a sound derivation for a fixed, small set of labels.
    pub(crate) fn derived(&self, label: &str) -> Zeroizing<[u8; 32]> {
        let digest = Sha256::new()
            .chain_update(label.as_bytes())
            .chain_update([0u8])
            .chain_update(self.0)
            .finalize();
        let mut key = Zeroizing::new([0u8; 32]);
        key.copy_from_slice(&digest);
        key
    }
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(hidden)")
    }
}

/// Turns off SQLCipher's own log, once for the whole process. SQLCipher writes every page
/// that fails its check to standard error ("ERROR CORE sqlcipher_page_cipher: hmac check
/// failed ..."), dozens of lines while a damaged club and its backups are read; Clubroom
/// reports the damage itself, in words. The level is global in SQLCipher, so any connection
/// sets it.
pub(crate) fn quiet_sqlcipher_log() {
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| {
        // Stepped as a query: the pragma may answer with the level it set.
        if let Ok(conn) = Connection::open_in_memory()
            && let Ok(mut statement) = conn.prepare("PRAGMA cipher_log_level = NONE")
        {
            let _ = statement
                .query([])
                .and_then(|mut rows| rows.next().map(drop));
        }
    });
}

/// Gives a fresh connection the data key. Must be the very first statement on it.
pub(crate) fn apply_key(conn: &Connection, key: &DataKey) -> Result<()> {
    quiet_sqlcipher_log();
    let statement = Zeroizing::new(format!(
        "PRAGMA key = {};",
        key.sqlcipher_literal().as_str()
    ));
    conn.execute_batch(&statement)?;
    Ok(())
}

/// Reads the schema, which fails unless the key is right (SQLCipher decrypts lazily).
pub(crate) fn verify_key(conn: &Connection) -> Result<()> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map(drop)
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => Error::Denied(
            "This club file does not open with that key: it belongs with another key file, or \
             it is damaged."
                .into(),
        ),
        _ => e.into(),
    })
}

pub(crate) fn fill_random(bytes: &mut [u8]) -> Result<()> {
    getrandom::fill(bytes).map_err(|e| {
        Error::file(
            "The computer's random number generator could not be read",
            std::io::Error::other(e.to_string()),
        )
    })
}
