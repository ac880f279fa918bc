//! Funder templates: which measures and breakdowns a return shows, in what order, under what
//! labels and with what age bands, plus the questions a funder asks in words. Templates are
//! data (`clubroom-template/1` JSON): five are built in (assets/templates), a club can copy
//! and change them, and a partnership can hand its members one as a file. A template chooses
//! and labels figures; it never changes how a figure is counted (that is `figures`).

use std::collections::{BTreeMap, HashSet};

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::dates::now_utc_text;
use crate::error::{Error, Result, invalid};
use crate::figures::{AgeBandSpec, DIMENSIONS, Measures};

/// The file format these templates are written in.
pub const SCHEMA: &str = "clubroom-template/1";

/// The charts a template can ask for.
pub const CHARTS: &[&str] = &["attendance-by-month"];

const BUILT_IN: &[&str] = &[
    include_str!("../../../../../assets/templates/general.json"),
    include_str!("../../../../../assets/templates/nlcf-progress.json"),
    include_str!("../../../../../assets/templates/children-in-need.json"),
    include_str!("../../../../../assets/templates/dcms-yif.json"),
    include_str!("../../../../../assets/templates/local-authority.json"),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MeasureItem {
    /// A measure's name (docs/counting-rules.md).
    pub measure: String,
    /// What the funder calls it.
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One part of a return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Section {
    /// Headline figures.
    Measures {
        title: String,
        items: Vec<MeasureItem>,
    },
    /// A table of unique young people by category.
    Breakdown {
        title: String,
        /// `age_band`, `gender`, ... or `outcome:<framework>`.
        dimension: String,
        /// The funder's words for categories (category code -> label); others show as they are.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        labels: BTreeMap<String, String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    Chart {
        title: String,
        chart: String,
    },
    /// A question answered in words when the return is made.
    Question {
        id: String,
        title: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hint: Option<String>,
    },
    /// Fixed wording printed as it is.
    Text {
        title: String,
        body: String,
    },
    /// Distance travelled for the young people asked twice (docs/counting-rules.md,
    /// "Outcomes"): paired, improved, no change and worse, for one measure (its code) or for
    /// every measure that evidences one outcome ("framework/outcome"). Give one of the two.
    OutcomeChange {
        title: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        measure: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        outcome: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// Check-in coverage: in scope, with a baseline, asked twice, said no; for one measure or
    /// every measure in use.
    CheckinCoverage {
        title: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        measure: Option<String>,
    },
    /// Young people with a step of progression in the period, by group.
    Progression {
        title: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// Sustained engagement at 3 and 6 months, and weeks engaged.
    Engagement {
        title: String,
    },
    /// "The differences we made": the manager chooses up to `count` outcomes (at most three)
    /// when the return is made, and each is filled with its evidence: the change figures of
    /// the measures that evidence it, the progression counts, and an anonymous case study
    /// they pick.
    Differences {
        id: String,
        title: String,
        count: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hint: Option<String>,
    },
}

/// The most outcomes a "differences" part may ask for.
pub const MAX_DIFFERENCES: u32 = 3;

/// Whether `text` names an outcome as "framework/outcome" (whether it exists is the club's
/// to say when the return is made).
pub fn outcome_tag(text: &str) -> Option<crate::outcomes::OutcomeTag> {
    let (framework, code) = text.split_once('/')?;
    let word = |w: &str| {
        !w.is_empty()
            && w.len() <= 40
            && w.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    };
    (word(framework) && word(code)).then(|| crate::outcomes::OutcomeTag {
        framework: framework.to_owned(),
        code: code.to_owned(),
    })
}

/// Whether `text` could be a measure's code (lower-case letters, digits, dashes).
fn measure_code(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 40
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Template {
    pub schema: String,
    pub id: String,
    pub name: String,
    pub funder: String,
    pub version: u32,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modelled_on: Option<String>,
    /// Age bands for the `age_band` breakdown; none means DESIGN.md's defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_bands: Option<Vec<AgeBandSpec>>,
    pub sections: Vec<Section>,
}

/// A template in the list, and whether it is one of the five built in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TemplateEntry {
    pub template: Template,
    pub built_in: bool,
}

impl Template {
    pub fn age_bands(&self) -> Vec<AgeBandSpec> {
        self.age_bands
            .clone()
            .unwrap_or_else(crate::figures::default_age_bands)
    }

    /// Reads a template file, checking everything in it.
    pub fn from_json(text: &str) -> Result<Template> {
        let template: Template = serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .map_err(|e| Error::Invalid(format!("This is not a Clubroom template file ({e}).")))?;
        template.checked()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a template serialises") + "\n"
    }

    /// The template if everything in it makes sense, else the first problem found.
    pub fn checked(self) -> Result<Template> {
        if self.schema != SCHEMA {
            return invalid(format!(
                "This template is written as “{}”; this version of Clubroom reads “{SCHEMA}”.",
                self.schema
            ));
        }
        let id_ok = !self.id.is_empty()
            && self.id.len() <= 60
            && self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !id_ok {
            return invalid(format!(
                "A template's id is lower-case letters, digits and dashes (like “my-return”), not “{}”.",
                self.id
            ));
        }
        if self.name.trim().is_empty() {
            return invalid("Give the template a name.");
        }
        if self.sections.is_empty() {
            return invalid(format!(
                "The template “{}” has nothing in it: add some figures.",
                self.name
            ));
        }
        let measures = Measures::names();
        let mut questions = HashSet::new();
        let mut differences_parts = 0;
        for section in &self.sections {
            match section {
                Section::Measures { items, title } => {
                    if items.is_empty() {
                        return invalid(format!("The section “{title}” has no figures in it."));
                    }
                    let mut seen = HashSet::new();
                    for item in items {
                        if !seen.insert(item.measure.as_str()) {
                            return invalid(format!(
                                "The section “{title}” shows “{}” twice: keep it once.",
                                item.label
                            ));
                        }
                        if !measures.contains(&item.measure) {
                            return invalid(format!(
                                "“{}” is not a measure Clubroom counts (see docs/counting-rules.md).",
                                item.measure
                            ));
                        }
                    }
                }
                Section::Breakdown { dimension, .. } => {
                    let known = DIMENSIONS.contains(&dimension.as_str())
                        || dimension
                            .strip_prefix("outcome:")
                            .is_some_and(|f| !f.is_empty());
                    if !known {
                        return invalid(format!(
                            "“{dimension}” is not a breakdown Clubroom counts."
                        ));
                    }
                }
                Section::Chart { chart, .. } => {
                    if !CHARTS.contains(&chart.as_str()) {
                        return invalid(format!("“{chart}” is not a chart Clubroom draws."));
                    }
                }
                Section::Question { id, .. } => {
                    if id.trim().is_empty() || !questions.insert(id.clone()) {
                        return invalid(format!(
                            "Each question needs its own id; “{id}” is missing or used twice."
                        ));
                    }
                }
                Section::Text { .. } | Section::Progression { .. } | Section::Engagement { .. } => {
                }
                Section::OutcomeChange {
                    title,
                    measure,
                    outcome,
                    ..
                } => match (measure, outcome) {
                    (Some(measure), None) if measure_code(measure) => {}
                    (None, Some(outcome)) if outcome_tag(outcome).is_some() => {}
                    (Some(_), Some(_)) | (None, None) => {
                        return invalid(format!(
                            "The section “{title}” shows the change on a measure or on an \
                             outcome: give one of “measure” or “outcome”."
                        ));
                    }
                    _ => {
                        return invalid(format!(
                            "The section “{title}” names a measure by its code (like “ons4”) or \
                             an outcome as framework/outcome (like “toc/confidence”)."
                        ));
                    }
                },
                Section::CheckinCoverage { title, measure } => {
                    if measure.as_deref().is_some_and(|m| !measure_code(m)) {
                        return invalid(format!(
                            "The section “{title}” names a measure by its code (like “ons4”)."
                        ));
                    }
                }
                Section::Differences {
                    id, title, count, ..
                } => {
                    differences_parts += 1;
                    if differences_parts > 1 {
                        return invalid(
                            "A template asks for the differences made once: keep one \
                             “differences” part.",
                        );
                    }
                    if id.trim().is_empty() || !questions.insert(id.clone()) {
                        return invalid(format!(
                            "Each question needs its own id; “{id}” is missing or used twice."
                        ));
                    }
                    if *count == 0 || *count > MAX_DIFFERENCES {
                        return invalid(format!(
                            "The section “{title}” asks for {count} differences: from 1 to \
                             {MAX_DIFFERENCES}."
                        ));
                    }
                }
            }
        }
        if let Some(bands) = &self.age_bands {
            check_bands(bands)?;
        }
        Ok(self)
    }
}

fn check_bands(bands: &[AgeBandSpec]) -> Result<()> {
    if bands.is_empty() {
        return invalid("Give at least one age band, or none to use the usual ones.");
    }
    let mut labels = HashSet::new();
    let mut last_max: Option<Option<u32>> = None;
    for band in bands {
        if band.label.trim().is_empty() || !labels.insert(band.label.trim().to_lowercase()) {
            return invalid("Each age band needs its own label.");
        }
        if let (Some(min), Some(max)) = (band.min, band.max)
            && min > max
        {
            return invalid(format!(
                "The age band “{}” runs backwards ({min} to {max}).",
                band.label
            ));
        }
        // Bands go up in order and do not overlap.
        if let Some(previous) = last_max {
            let ok = match (previous, band.min) {
                (Some(previous), Some(min)) => min > previous,
                _ => false,
            };
            if !ok {
                return invalid(format!(
                    "The age band “{}” overlaps the one before it.",
                    band.label
                ));
            }
        }
        last_max = Some(band.max);
    }
    Ok(())
}

/// The five templates that come with Clubroom.
pub fn built_in() -> Vec<Template> {
    BUILT_IN
        .iter()
        .map(|text| Template::from_json(text).expect("the built-in templates are valid"))
        .collect()
}

/// Every template: the built-in ones, then the club's own.
pub fn all(conn: &Connection) -> Result<Vec<TemplateEntry>> {
    let mut entries: Vec<TemplateEntry> = built_in()
        .into_iter()
        .map(|template| TemplateEntry {
            template,
            built_in: true,
        })
        .collect();
    let mut stmt = conn.prepare_cached("SELECT json FROM templates ORDER BY id")?;
    let stored: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for json in stored {
        entries.push(TemplateEntry {
            template: Template::from_json(&json)?,
            built_in: false,
        });
    }
    Ok(entries)
}

/// A template by id (or by name, case-insensitive).
pub fn get(conn: &Connection, id_or_name: &str) -> Result<Template> {
    let wanted = id_or_name.trim();
    all(conn)?
        .into_iter()
        .map(|e| e.template)
        .find(|t| t.id == wanted || t.name.eq_ignore_ascii_case(wanted))
        .ok_or_else(|| Error::NotFound(format!("There is no template called “{wanted}”.")))
}

/// Saves one of the club's own templates (a new one, or a change to one). Changing it bumps
/// its version, so a saved return says which version it was made with.
pub fn save(tx: &Transaction, template: &Template) -> Result<Template> {
    let mut template = template.clone().checked()?;
    if built_in().iter().any(|t| t.id == template.id) {
        return invalid(format!(
            "“{}” is one of Clubroom's own templates: copy it under a new name to change it.",
            template.id
        ));
    }
    let existing: Option<String> = tx
        .query_row(
            "SELECT json FROM templates WHERE id = ?1",
            [&template.id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(json) = existing {
        let before = Template::from_json(&json)?;
        if before == template {
            return Ok(template);
        }
        // Saturating: a file may say any version up to u32::MAX, and adding one must not panic.
        template.version = template.version.max(before.version.saturating_add(1));
    }
    tx.execute(
        "INSERT INTO templates (id, json, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at",
        params![template.id, template.to_json(), now_utc_text()],
    )?;
    Ok(template)
}

/// Removes one of the club's own templates (saved returns keep their copy of it).
pub fn delete(tx: &Transaction, id: &str) -> Result<()> {
    if tx.execute("DELETE FROM templates WHERE id = ?1", [id])? == 0 {
        return Err(Error::NotFound(format!(
            "The club has no template “{id}” of its own."
        )));
    }
    Ok(())
}

/// Reads a template file (UTF-8 JSON) from disk.
pub fn read_file(path: &std::path::Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::File {
        context: format!("The template file {} could not be read", path.display()),
        source,
    })
}

/// Adds a template from a file to the club's own. A file with the id of one the club already
/// has replaces it (as a new version), so a partnership can hand out an updated template.
pub fn import(tx: &Transaction, text: &str) -> Result<Template> {
    save(tx, &Template::from_json(text)?)
}

/// A copy of a template under a new name, ready to change and save.
pub fn copy(conn: &Connection, id: &str, new_name: &str) -> Result<Template> {
    let source = get(conn, id)?;
    let name = new_name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return invalid("Give the copy a name.");
    }
    let base: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let base = if base.is_empty() {
        "my-template".to_owned()
    } else {
        base.chars().take(50).collect()
    };
    let taken: Vec<String> = all(conn)?.into_iter().map(|e| e.template.id).collect();
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    Ok(Template {
        id,
        name,
        version: 1,
        ..source
    })
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod fuzz_tests;
