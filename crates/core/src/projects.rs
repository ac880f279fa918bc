//! Projects: the pieces of work a club runs, often one per grant ("Youth Investment Fund
//! detached project"). A series or a one-off session can belong to a project, and a funder
//! return can be narrowed to one.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::error::{Result, invalid};
use crate::store::{OptionalRow, tidy};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Project {
    pub id: i64,
    pub name: String,
    /// Who funds it, if anyone in particular.
    pub funder: Option<String>,
    pub archived: bool,
}

pub fn get(conn: &Connection, id: i64) -> Result<Project> {
    conn.query_row(
        "SELECT id, name, funder, archived FROM projects WHERE id = ?1",
        [id],
        |r| {
            Ok(Project {
                id: r.get(0)?,
                name: r.get(1)?,
                funder: r.get(2)?,
                archived: r.get(3)?,
            })
        },
    )
    .or_not_found(|| "That project no longer exists.".into())
}

pub fn all(conn: &Connection) -> Result<Vec<Project>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, funder, archived FROM projects ORDER BY archived, name",
    )?;
    let projects = stmt
        .query_map([], |r| {
            Ok(Project {
                id: r.get(0)?,
                name: r.get(1)?,
                funder: r.get(2)?,
                archived: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(projects)
}

/// A project by name (case-insensitive).
pub fn by_name(conn: &Connection, name: &str) -> Result<Option<Project>> {
    let id: Option<i64> = conn
        .query_row(
            "SELECT id FROM projects WHERE name = ?1",
            [name.trim()],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|id| get(conn, id)).transpose()
}

fn check(conn: &Connection, name: &str, id: Option<i64>) -> Result<String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return invalid("Give the project a name.");
    }
    let clash: Option<i64> = conn
        .query_row(
            "SELECT id FROM projects WHERE name = ?1 AND id IS NOT ?2",
            params![name, id],
            |r| r.get(0),
        )
        .optional()?;
    if clash.is_some() {
        return invalid(format!("There is already a project called “{name}”."));
    }
    Ok(name)
}

pub fn add(tx: &Transaction, name: &str, funder: Option<&str>) -> Result<Project> {
    let name = check(tx, name, None)?;
    tx.execute(
        "INSERT INTO projects (name, funder) VALUES (?1, ?2)",
        params![name, tidy(funder)],
    )?;
    get(tx, tx.last_insert_rowid())
}

pub fn update(tx: &Transaction, id: i64, name: &str, funder: Option<&str>) -> Result<Project> {
    get(tx, id)?;
    let name = check(tx, name, Some(id))?;
    tx.execute(
        "UPDATE projects SET name = ?2, funder = ?3 WHERE id = ?1",
        params![id, name, tidy(funder)],
    )?;
    get(tx, id)
}

pub fn set_archived(tx: &Transaction, id: i64, archived: bool) -> Result<Project> {
    get(tx, id)?;
    tx.execute(
        "UPDATE projects SET archived = ?2 WHERE id = ?1",
        params![id, archived],
    )?;
    get(tx, id)
}
