//! The editable list of circumstances young people may face (living in poverty, young carer,
//! bereavement, ...): what a funder such as BBC Children in Need asks about as "the kinds of
//! disadvantage they face". Recorded on a young person's profile only when known, and only
//! ever reported as counts.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::error::{Result, invalid};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Circumstance {
    pub code: String,
    pub label: String,
    pub archived: bool,
}

pub fn all(conn: &Connection) -> Result<Vec<Circumstance>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, label, archived FROM circumstances ORDER BY archived, position, label",
    )?;
    let list = stmt
        .query_map([], |r| {
            Ok(Circumstance {
                code: r.get(0)?,
                label: r.get(1)?,
                archived: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(list)
}

/// A code made from a label: "Young carer" -> "young-carer".
fn code_of(label: &str) -> String {
    let mut code = String::new();
    for c in label.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            code.push(c);
        } else if !code.ends_with('-') && !code.is_empty() {
            code.push('-');
        }
    }
    code.trim_end_matches('-').to_owned()
}

/// Adds a circumstance to the list; its code comes from its label and never changes.
pub fn add(tx: &Transaction, label: &str) -> Result<Circumstance> {
    let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
    let code = code_of(&label);
    if code.is_empty() {
        return invalid("Describe the circumstance, for example “Young carer”.");
    }
    let clash: Option<String> = tx
        .query_row(
            "SELECT label FROM circumstances WHERE code = ?1",
            [&code],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(existing) = clash {
        return invalid(format!("“{existing}” is already on the list."));
    }
    tx.execute(
        "INSERT INTO circumstances (code, label, position) VALUES (?1, ?2, (SELECT COALESCE(MAX(position), 0) + 1 FROM circumstances))",
        params![code, label],
    )?;
    Ok(Circumstance {
        code,
        label,
        archived: false,
    })
}

/// Rewords a circumstance (its code, used in files and past returns, stays).
pub fn relabel(tx: &Transaction, code: &str, label: &str) -> Result<()> {
    let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
    if label.is_empty() {
        return invalid("Describe the circumstance.");
    }
    if tx.execute(
        "UPDATE circumstances SET label = ?2 WHERE code = ?1",
        params![code, label],
    )? == 0
    {
        return invalid(format!("“{code}” is not on the list of circumstances."));
    }
    Ok(())
}

/// Takes a circumstance off the list for new records; young people who have it keep it.
pub fn set_archived(tx: &Transaction, code: &str, archived: bool) -> Result<()> {
    if tx.execute(
        "UPDATE circumstances SET archived = ?2 WHERE code = ?1",
        params![code, archived],
    )? == 0
    {
        return invalid(format!("“{code}” is not on the list of circumstances."));
    }
    Ok(())
}

/// Checks that every code is on the list (an archived one only if it was already recorded).
pub fn check_codes(conn: &Connection, codes: &[String], already: &[String]) -> Result<Vec<String>> {
    let mut checked = Vec::new();
    for code in codes {
        let archived: Option<bool> = conn
            .prepare_cached("SELECT archived FROM circumstances WHERE code = ?1")?
            .query_row([code], |r| r.get(0))
            .optional()?;
        match archived {
            None => return invalid(format!("“{code}” is not on the list of circumstances.")),
            Some(true) if !already.contains(code) => {
                return invalid(format!(
                    "“{code}” is no longer on the list of circumstances."
                ));
            }
            _ => checked.push(code.clone()),
        }
    }
    checked.sort();
    checked.dedup();
    Ok(checked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn the_list_starts_with_the_usual_circumstances_and_can_grow() {
        let mut store = Store::open_in_memory().unwrap();
        let list = all(store.conn()).unwrap();
        assert_eq!(list.len(), 12);
        assert_eq!(list[3].code, "young-carer");
        let added = store.write(|tx| add(tx, "  Parent in prison ")).unwrap();
        assert_eq!(
            (added.code.as_str(), added.label.as_str()),
            ("parent-in-prison", "Parent in prison")
        );
        assert!(
            store
                .write(|tx| add(tx, "parent IN prison"))
                .unwrap_err()
                .to_string()
                .contains("already on the list")
        );
        store
            .write(|tx| set_archived(tx, "isolation", true))
            .unwrap();
        let err = check_codes(store.conn(), &["isolation".into()], &[]).unwrap_err();
        assert!(err.to_string().contains("no longer on the list"), "{err}");
        assert!(check_codes(store.conn(), &["isolation".into()], &["isolation".into()]).is_ok());
        assert!(check_codes(store.conn(), &["martian".into()], &[]).is_err());
    }
}
