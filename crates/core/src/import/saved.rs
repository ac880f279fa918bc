//! Mappings saved by source ("OSM members", "Our old register"): kept when an import through
//! them succeeds, and offered again when a file with the same headers comes (matched by the
//! headers' words, so "First Name" and "first_name" are one header).

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use super::ImportKind;
use super::mapping::{Mapping, words};
use crate::dates::now_utc_text;
use crate::error::{Error, Result};

/// A saved mapping as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SavedMapping {
    pub source: String,
    pub saved_at: String,
}

fn kind_code(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::YoungPeople => "young-people",
        ImportKind::Attendance => "attendance",
        ImportKind::People => "people",
        ImportKind::Training => "training",
    }
}

/// The headers as kept: each one's words, one per line.
fn headers_key<'a>(headers: impl IntoIterator<Item = &'a str>) -> String {
    headers
        .into_iter()
        .map(words)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Keeps `mapping` under its source (replacing one of the same source and kind). A mapping
/// with no source name is not kept.
pub fn save(tx: &Transaction, mapping: &Mapping) -> Result<()> {
    let source = mapping.source.trim();
    if source.is_empty() {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO import_mappings (kind, source, headers, mapping, saved_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (kind, source) DO UPDATE SET
             headers = excluded.headers, mapping = excluded.mapping, saved_at = excluded.saved_at",
        params![
            kind_code(mapping.kind),
            source,
            headers_key(mapping.headers()),
            mapping.to_json(),
            now_utc_text()
        ],
    )?;
    Ok(())
}

/// The saved mappings of a kind of import, the latest first.
pub fn list(conn: &Connection, kind: ImportKind) -> Result<Vec<SavedMapping>> {
    let mut stmt = conn.prepare_cached(
        "SELECT source, saved_at FROM import_mappings WHERE kind = ?1 ORDER BY saved_at DESC, id DESC",
    )?;
    let rows = stmt
        .query_map([kind_code(kind)], |r| {
            Ok(SavedMapping {
                source: r.get(0)?,
                saved_at: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The latest saved mapping made for a file with these headers, if any.
pub fn for_headers(
    conn: &Connection,
    kind: ImportKind,
    headers: &[String],
) -> Result<Option<Mapping>> {
    let json: Option<String> = conn
        .query_row(
            "SELECT mapping FROM import_mappings WHERE kind = ?1 AND headers = ?2
             ORDER BY saved_at DESC, id DESC LIMIT 1",
            params![
                kind_code(kind),
                headers_key(headers.iter().map(String::as_str))
            ],
            |r| r.get(0),
        )
        .optional()?;
    json.map(|j| Mapping::from_json(&j)).transpose()
}

/// A saved mapping by its source.
pub fn by_source(conn: &Connection, kind: ImportKind, source: &str) -> Result<Mapping> {
    let json: Option<String> = conn
        .query_row(
            "SELECT mapping FROM import_mappings WHERE kind = ?1 AND source = ?2",
            params![kind_code(kind), source.trim()],
            |r| r.get(0),
        )
        .optional()?;
    match json {
        Some(json) => Mapping::from_json(&json),
        None => Err(Error::NotFound(format!(
            "No mapping is saved as “{}”.",
            source.trim()
        ))),
    }
}
