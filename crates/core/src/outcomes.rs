//! Outcome frameworks (Every Child Matters, a council's priorities, the youth-work Theory of
//! Change) are data with stable codes, so a framework can be added without code changes.

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use crate::error::{Result, invalid};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Framework {
    pub code: String,
    pub name: String,
    pub outcomes: Vec<Outcome>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Outcome {
    pub code: String,
    pub label: String,
}

/// A session's (or check-in's) tag: an outcome in a framework.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OutcomeTag {
    pub framework: String,
    pub code: String,
}

pub fn frameworks(conn: &Connection) -> Result<Vec<Framework>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.code, f.name, o.code, o.label FROM outcome_frameworks f
         JOIN outcomes o ON o.framework_code = f.code ORDER BY f.code, o.position",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get(2)?,
            r.get(3)?,
        ))
    })?;
    let mut frameworks: Vec<Framework> = Vec::new();
    for row in rows {
        let (code, name, outcome_code, label) = row?;
        if frameworks.last().is_none_or(|f| f.code != code) {
            frameworks.push(Framework {
                code,
                name,
                outcomes: Vec::new(),
            });
        }
        if let Some(framework) = frameworks.last_mut() {
            framework.outcomes.push(Outcome {
                code: outcome_code,
                label,
            });
        }
    }
    Ok(frameworks)
}

/// Checks that every tag names a real outcome.
pub fn check_tags(conn: &Connection, tags: &[OutcomeTag]) -> Result<()> {
    let mut stmt =
        conn.prepare_cached("SELECT 1 FROM outcomes WHERE framework_code = ?1 AND code = ?2")?;
    for tag in tags {
        if !stmt.exists(params![tag.framework, tag.code])? {
            return invalid(format!(
                "“{}/{}” is not an outcome Clubroom knows.",
                tag.framework, tag.code
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn the_built_in_frameworks_are_there() {
        let store = Store::open_in_memory().unwrap();
        let all = frameworks(store.conn()).unwrap();
        let codes: Vec<&str> = all.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes, ["coventry-cyp", "ecm", "toc"]);
        let ecm = all.iter().find(|f| f.code == "ecm").unwrap();
        assert_eq!(ecm.outcomes.len(), 5);
        assert_eq!(ecm.outcomes[0].label, "Be healthy");
    }

    #[test]
    fn unknown_tags_are_refused() {
        let store = Store::open_in_memory().unwrap();
        let good = OutcomeTag {
            framework: "toc".into(),
            code: "confidence".into(),
        };
        let bad = OutcomeTag {
            framework: "toc".into(),
            code: "telepathy".into(),
        };
        assert!(check_tags(store.conn(), std::slice::from_ref(&good)).is_ok());
        assert!(
            check_tags(store.conn(), &[good, bad])
                .unwrap_err()
                .to_string()
                .contains("toc/telepathy")
        );
    }
}
