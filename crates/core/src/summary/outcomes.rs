//! The outcome rows of the partnership summary: distance travelled on the measures that stack
//! across member groups (docs/partnership-summary.md, "Outcomes").
//!
//! Only a measure built into Clubroom stacks: every member asks the same questions of the same
//! version on the same scale (ONS4 version 1 is the same everywhere), so a partnership can
//! add its counts up. A club's own scale, a measure imported under registration and anything
//! else the club wrote itself never leaves the club: its code and its words are the club's.
//!
//! Every row is a count of young people, or a mean change over at least
//! [`MEAN_NEEDS_PAIRS`] of them: the rows are made from [`crate::distance`]'s counts and
//! means, never from a check-in, so no one's answers can be in them.

use serde::{Deserialize, Serialize};

use super::{Row, is_small, withheld_cells};
use crate::distance::{ChangeRow, DistanceTravelled, MeasureChange};
use crate::measures;

/// Coverage of a measure (category `all`): who was in scope, had a baseline, was paired, said
/// no. Counts of people.
pub const COVERAGE_MEASURES: [&str; 4] = [
    "checkin_in_scope",
    "checkin_with_baseline",
    "checkin_paired",
    "checkin_declined",
];

/// Change on one item (or on the measure's score, category `all`): the pairs with it
/// answered both times, and how many of them improved, did not change, or got worse. Counts
/// of people; the last three add up to the first.
pub const CHANGE_COUNTS: [&str; 4] = [
    "change_paired",
    "change_improved",
    "change_no_change",
    "change_worse",
];

/// The mean change of an item's pairs (positive is better), given only where at least
/// [`MEAN_NEEDS_PAIRS`] are paired.
pub const CHANGE_MEAN: &str = "change_mean";

/// The fewest pairs a mean change is given for.
pub const MEAN_NEEDS_PAIRS: u64 = 10;

/// Every `measure` name an outcome row may have.
pub fn outcome_measure_names() -> Vec<&'static str> {
    COVERAGE_MEASURES
        .into_iter()
        .chain(CHANGE_COUNTS)
        .chain([CHANGE_MEAN])
        .collect()
}

/// Whether `measure` names an outcome row.
pub fn is_outcome_measure(measure: &str) -> bool {
    outcome_measure_names().contains(&measure)
}

/// Whether an outcome row's value counts people (everything but the mean change).
pub fn counts_people(measure: &str) -> bool {
    is_outcome_measure(measure) && measure != CHANGE_MEAN
}

/// The `dimension` of a measure's rows: its code and version, `ons4/1`.
pub fn measure_key(code: &str, version: u32) -> String {
    format!("{code}/{version}")
}

/// A `dimension` read back as a measure's code and version, if it is shaped like one.
pub fn parse_measure_key(dimension: &str) -> Option<(&str, u32)> {
    let (code, version) = dimension.split_once('/')?;
    let code_ok = !code.is_empty()
        && code.len() <= 40
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    let version_ok = !version.is_empty()
        && version.len() <= 4
        && version.chars().all(|c| c.is_ascii_digit())
        && !version.starts_with('0');
    if !(code_ok && version_ok) {
        return None;
    }
    Some((code, version.parse().ok()?))
}

/// Whether the category of an outcome row is shaped right: `all`, or a question's id.
pub fn is_item_category(category: &str) -> bool {
    !category.is_empty()
        && category.len() <= 40
        && category
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Whether a measure stacks across member groups: one of Clubroom's own, same code and
/// version.
pub fn stacks(code: &str, version: u32) -> bool {
    measures::built_in()
        .iter()
        .any(|m| m.code == code && m.version == version)
}

/// What a preview shows for a measure's rows: its name, its attribution (printed wherever the
/// measure is used) and each item's question. Never in the files: the partnership's Clubroom
/// knows the built-in measures by their code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OutcomeMeasure {
    /// The rows' `dimension`: `ons4/1`.
    pub dimension: String,
    pub name: String,
    pub attribution: String,
    /// Each item's `category` and its question (or `all` and the measure's name for a score).
    pub items: Vec<OutcomeItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OutcomeItem {
    pub category: String,
    pub label: String,
}

/// The rows of every measure that stacks, with small counts withheld, and what the preview
/// needs to name them.
pub fn rows(distance: &DistanceTravelled) -> (Vec<Row>, Vec<OutcomeMeasure>) {
    let mut rows = Vec::new();
    let mut named = Vec::new();
    for change in distance
        .measures
        .iter()
        .filter(|m| stacks(&m.code, m.version))
    {
        let dimension = measure_key(&change.code, change.version);
        rows.extend(coverage_rows(&dimension, change));
        for item in &change.rows {
            rows.extend(change_rows(&dimension, item));
        }
        named.push(OutcomeMeasure {
            items: change
                .rows
                .iter()
                .map(|item| OutcomeItem {
                    category: item_category(item),
                    label: item.label.clone(),
                })
                .collect(),
            dimension,
            name: change.name.clone(),
            attribution: change.attribution.clone(),
        });
    }
    (rows, named)
}

fn item_category(item: &ChangeRow) -> String {
    item.question_id
        .clone()
        .unwrap_or_else(|| super::ALL.to_owned())
}

fn count_row(measure: &str, dimension: &str, category: &str, count: u64, withheld: bool) -> Row {
    Row {
        measure: measure.to_owned(),
        dimension: dimension.to_owned(),
        category: category.to_owned(),
        value: (!withheld).then_some(count as f64),
        suppressed: withheld,
    }
}

/// In scope, with a baseline, paired, declined: each a count of people, each withheld from 1
/// to 4 on its own (they are nested, not parts of one total, so no cell of them can be worked
/// out from the others).
fn coverage_rows(dimension: &str, change: &MeasureChange) -> Vec<Row> {
    let c = &change.coverage;
    COVERAGE_MEASURES
        .iter()
        .zip([c.in_scope, c.with_baseline, c.paired, c.declined])
        .map(|(measure, count)| count_row(measure, dimension, super::ALL, count, is_small(count)))
        .collect()
}

/// One item's pairs, improved, no change and worse, and its mean change. The pairs are a count
/// of people, withheld from 1 to 4; improved, no change and worse are a breakdown of them,
/// withheld as any breakdown is (a single withheld cell takes the next smallest with it).
/// The mean change is given only from [`MEAN_NEEDS_PAIRS`] pairs: with fewer it is withheld,
/// with none there is nothing to give.
fn change_rows(dimension: &str, item: &ChangeRow) -> Vec<Row> {
    let category = item_category(item);
    let parts = [item.improved, item.no_change, item.worse];
    let withheld = withheld_cells(&parts);
    let mut rows = vec![count_row(
        CHANGE_COUNTS[0],
        dimension,
        &category,
        item.n,
        is_small(item.n),
    )];
    for ((measure, count), withheld) in CHANGE_COUNTS[1..].iter().zip(parts).zip(withheld) {
        rows.push(count_row(measure, dimension, &category, count, withheld));
    }
    let mean_withheld = item.n > 0 && item.n < MEAN_NEEDS_PAIRS;
    rows.push(Row {
        measure: CHANGE_MEAN.to_owned(),
        dimension: dimension.to_owned(),
        category,
        value: if item.n >= MEAN_NEEDS_PAIRS {
            mean_change(item)
        } else {
            None
        },
        suppressed: mean_withheld,
    });
    rows
}

/// The mean after less the mean before, as distance travelled shows them (each to two
/// places), turned round where lower is better: positive is better, as the counting rules
/// define change.
fn mean_change(item: &ChangeRow) -> Option<f64> {
    let change = item.mean_after? - item.mean_before?;
    let better = if item.higher_is_better {
        change
    } else {
        -change
    };
    // Rounded again: the difference of two numbers of two places can pick up a tail. Adding
    // zero turns a negative zero (no change, lower is better) into a plain 0.
    Some((better * 100.0).round() / 100.0 + 0.0)
}
