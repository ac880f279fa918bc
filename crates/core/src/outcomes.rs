//! Outcome frameworks (Every Child Matters, a council's priorities, the youth-work Theory of
//! Change) are data with stable codes, so a framework can be added without code changes.
//!
//! A council's plan belongs to that council's area; the others are for everywhere. A club
//! is offered the frameworks that apply to it ([`frameworks_offered`]): those for
//! everywhere, its own council's, those it chose to add, and any its sessions already use.
//! The club's area and the frameworks in use are kept by the modules that own them and
//! handed in as a [`FrameworkUse`] (`sessions::framework_use` reads both), so this module
//! uses no other record module: organisation and sessions use it, never the other way round.

use rusqlite::{Connection, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::error::{Result, invalid};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Framework {
    pub code: String,
    pub name: String,
    /// The council area it belongs to ("Coventry"); `None`: everywhere.
    pub area: Option<String>,
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

/// Every framework Clubroom knows, whatever the club's area (the figures count every tag).
pub fn frameworks(conn: &Connection) -> Result<Vec<Framework>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.code, f.name, f.area, o.code, o.label FROM outcome_frameworks f
         JOIN outcomes o ON o.framework_code = f.code ORDER BY f.code, o.position",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get(3)?,
            r.get(4)?,
        ))
    })?;
    let mut frameworks: Vec<Framework> = Vec::new();
    for row in rows {
        let (code, name, area, outcome_code, label) = row?;
        if frameworks.last().is_none_or(|f| f.code != code) {
            frameworks.push(Framework {
                code,
                name,
                area,
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

/// What decides a club's offer of frameworks besides the ones it chose to add: its council
/// area (kept with the club's details) and the frameworks its series and sessions are
/// already tagged with (kept with them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrameworkUse {
    pub area: Option<String>,
    pub in_use: Vec<String>,
}

/// The frameworks this club is offered when it tags a series or a session: those for
/// everywhere, its own council's (the club's area, compared without regard to case), those
/// it chose to add, and any already on one of its series or sessions (so no tag is hidden).
pub fn frameworks_offered(conn: &Connection, club: &FrameworkUse) -> Result<Vec<Framework>> {
    let added = added_frameworks(conn)?;
    Ok(frameworks(conn)?
        .into_iter()
        .filter(|f| {
            applies_to_area(f, club.area.as_deref())
                || added.contains(&f.code)
                || club.in_use.contains(&f.code)
        })
        .collect())
}

/// Whether a framework is for everywhere or for the club's own area.
fn applies_to_area(framework: &Framework, club_area: Option<&str>) -> bool {
    match (&framework.area, club_area) {
        (None, _) => true,
        (Some(area), Some(club)) => same_area(area, club),
        (Some(_), None) => false,
    }
}

fn same_area(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// The areas that some framework belongs to, for the club details form to suggest.
pub fn areas(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT area FROM outcome_frameworks WHERE area IS NOT NULL ORDER BY area",
    )?;
    let areas = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(areas)
}

/// The frameworks of another area that the club chose to use all the same.
pub fn added_frameworks(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT framework_code FROM club_frameworks ORDER BY framework_code")?;
    let codes = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(codes)
}

/// Replaces the frameworks the club chose to add (part of saving the club's details).
pub fn set_added_frameworks(tx: &Transaction, codes: &[String]) -> Result<()> {
    let mut known = tx.prepare_cached("SELECT 1 FROM outcome_frameworks WHERE code = ?1")?;
    for code in codes {
        if !known.exists([code])? {
            return invalid(format!(
                "“{code}” is not an outcome framework Clubroom knows."
            ));
        }
    }
    tx.execute("DELETE FROM club_frameworks", [])?;
    let mut insert =
        tx.prepare_cached("INSERT OR IGNORE INTO club_frameworks (framework_code) VALUES (?1)")?;
    for code in codes {
        insert.execute([code])?;
    }
    Ok(())
}

/// Checks that every tag names a real outcome of a framework that applies to this club.
pub fn check_tags(conn: &Connection, tags: &[OutcomeTag], club: &FrameworkUse) -> Result<()> {
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
    if tags.is_empty() {
        return Ok(());
    }
    let offered = frameworks_offered(conn, club)?;
    for tag in tags {
        if !offered.iter().any(|f| f.code == tag.framework) {
            let all = frameworks(conn)?;
            let framework = all.iter().find(|f| f.code == tag.framework);
            let name = framework.map_or(tag.framework.as_str(), |f| f.name.as_str());
            let area = framework
                .and_then(|f| f.area.as_deref())
                .unwrap_or("another area");
            return invalid(format!(
                "{name} are for clubs in {area}. If your club works there, set its area to {area} in Club details, or add the framework there."
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sessions::{check_tags, frameworks_for_club};
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

    fn club_in(store: &mut Store, area: Option<&str>, added: &[&str]) {
        let mut details = crate::organisation::Organisation::new("St Mary's Youth Club");
        details.area = area.map(str::to_owned);
        details.frameworks_added = added.iter().map(|c| (*c).to_owned()).collect();
        store
            .write(|tx| crate::organisation::save(tx, &details))
            .unwrap();
    }

    fn offered(store: &Store) -> Vec<String> {
        frameworks_for_club(store.conn())
            .unwrap()
            .into_iter()
            .map(|f| f.code)
            .collect()
    }

    fn tag(framework: &str, code: &str) -> OutcomeTag {
        OutcomeTag {
            framework: framework.into(),
            code: code.into(),
        }
    }

    #[test]
    fn a_councils_plan_is_offered_only_to_a_club_in_its_area() {
        let mut store = Store::open_in_memory().unwrap();
        club_in(&mut store, Some("Derby"), &[]);
        assert_eq!(offered(&store), ["ecm", "toc"], "a Derby club");
        club_in(&mut store, None, &[]);
        assert_eq!(offered(&store), ["ecm", "toc"], "a club that has not said");
        club_in(&mut store, Some(" coventry "), &[]);
        assert_eq!(
            offered(&store),
            ["coventry-cyp", "ecm", "toc"],
            "a Coventry club, its area typed in lower case"
        );
        let coventry = frameworks(store.conn()).unwrap();
        assert_eq!(coventry[0].area.as_deref(), Some("Coventry"));
        assert_eq!(areas(store.conn()).unwrap(), ["Coventry"]);
    }

    #[test]
    fn a_club_can_add_another_areas_plan_and_take_it_off() {
        let mut store = Store::open_in_memory().unwrap();
        club_in(&mut store, Some("Warwickshire"), &["coventry-cyp"]);
        assert_eq!(offered(&store), ["coventry-cyp", "ecm", "toc"]);
        let saved = crate::organisation::require(store.conn()).unwrap();
        assert_eq!(saved.frameworks_added, ["coventry-cyp"]);
        club_in(&mut store, Some("Warwickshire"), &[]);
        assert_eq!(offered(&store), ["ecm", "toc"]);
        let mut details = crate::organisation::Organisation::new("Club");
        details.frameworks_added = vec!["narnia".into()];
        let refused = store
            .write(|tx| crate::organisation::save(tx, &details))
            .unwrap_err();
        assert!(refused.to_string().contains("“narnia”"), "{refused}");
    }

    #[test]
    fn a_tag_from_a_plan_that_does_not_apply_is_refused_in_words() {
        let mut store = Store::open_in_memory().unwrap();
        club_in(&mut store, Some("Derby"), &[]);
        let refused = check_tags(store.conn(), &[tag("coventry-cyp", "early-help")])
            .unwrap_err()
            .to_string();
        assert!(refused.contains("for clubs in Coventry"), "{refused}");
        assert!(refused.contains("Club details"), "{refused}");
        assert!(check_tags(store.conn(), &[tag("toc", "confidence")]).is_ok());
        club_in(&mut store, Some("Coventry"), &[]);
        assert!(check_tags(store.conn(), &[tag("coventry-cyp", "early-help")]).is_ok());
    }

    #[test]
    fn a_plan_already_used_on_a_session_stays_offered_after_the_area_changes() {
        let mut club = crate::fixtures::Club::new();
        club_in(&mut club.store, Some("Coventry"), &[]);
        let session = club.session(
            "2026-04-07",
            "18:00",
            "20:00",
            crate::vocab::SessionType::OpenAccess,
        );
        let mut input = crate::sessions::get(club.store.conn(), session)
            .unwrap()
            .details;
        input.outcomes = vec![tag("coventry-cyp", "early-help")];
        club.store
            .write(|tx| crate::sessions::update_session(tx, session, &input))
            .unwrap();
        club_in(&mut club.store, Some("Derby"), &[]);
        assert_eq!(offered(&club.store), ["coventry-cyp", "ecm", "toc"]);
        club.store
            .write(|tx| crate::sessions::update_session(tx, session, &input))
            .expect("the session keeps its tag when changed again");
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
