//! The parts of a return about what changed for young people: outcome change, check-in
//! coverage, progression, sustained engagement and "the differences we made". Each becomes
//! the return's ordinary parts (headline figures and words), so the PDF, the CSV, the JSON
//! and every other writer of returns show them without knowing they are about outcomes.
//!
//! Nothing is counted here: the figures are `distance`'s, `engagement`'s and
//! `engagement::progression_counts`; a case study is one `stories::for_return` lets through.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::{MeasureRow, Part, show};
use crate::dates::Period;
use crate::distance::{self, DistanceTravelled, MeasureChange};
use crate::engagement::{self, Engagement};
use crate::error::{Error, Result, invalid};
use crate::figures::{MeasureKind, Scope};
use crate::outcomes::OutcomeTag;
use crate::progression;
use crate::returns::templates::{Section, Template};
use chrono::NaiveDate;

/// One difference the manager chose for a "differences" part: an outcome, in their words,
/// with an anonymous case study if they picked one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DifferenceChoice {
    pub outcome: OutcomeTag,
    /// What changed, who it was for and how they know, in the manager's words.
    #[serde(default)]
    pub words: String,
    #[serde(default)]
    pub story_id: Option<i64>,
}

/// The figures the outcome parts read, worked out once per return and only if a part needs
/// them.
pub(super) struct OutcomeFigures {
    distance: Option<DistanceTravelled>,
    engagement: Option<Engagement>,
    progression: Option<progression::Counts>,
    /// The label of each outcome ("Confidence"), by tag.
    labels: Vec<(OutcomeTag, String)>,
}

fn needs_distance(section: &Section) -> bool {
    matches!(
        section,
        Section::OutcomeChange { .. }
            | Section::CheckinCoverage { .. }
            | Section::Differences { .. }
    )
}

impl OutcomeFigures {
    pub(super) fn for_template(
        conn: &Connection,
        template: &Template,
        period: Period,
        scope: &Scope,
        today: NaiveDate,
    ) -> Result<OutcomeFigures> {
        let any = |f: fn(&Section) -> bool| template.sections.iter().any(f);
        let distance = any(needs_distance)
            .then(|| distance::compute(conn, period, scope, None, today))
            .transpose()?;
        let engagement = any(|s| matches!(s, Section::Engagement { .. }))
            .then(|| engagement::compute(conn, period, scope, today))
            .transpose()?;
        let progression =
            any(|s| matches!(s, Section::Progression { .. } | Section::Differences { .. }))
                .then(|| engagement::progression_counts(conn, period, scope, today))
                .transpose()?;
        let labels = crate::outcomes::frameworks(conn)?
            .into_iter()
            .flat_map(|f| {
                let framework = f.code;
                f.outcomes.into_iter().map(move |o| {
                    (
                        OutcomeTag {
                            framework: framework.clone(),
                            code: o.code,
                        },
                        o.label,
                    )
                })
            })
            .collect();
        Ok(OutcomeFigures {
            distance,
            engagement,
            progression,
            labels,
        })
    }

    fn label_of(&self, tag: &OutcomeTag) -> String {
        self.labels.iter().find(|(t, _)| t == tag).map_or_else(
            || format!("{}/{}", tag.framework, tag.code),
            |(_, l)| l.clone(),
        )
    }

    fn measures(&self) -> &[MeasureChange] {
        self.distance
            .as_ref()
            .map_or(&[], |d| d.measures.as_slice())
    }

    /// The measures a part shows: one by code, or every one evidencing an outcome.
    fn evidencing(
        &self,
        measure: Option<&str>,
        outcome: Option<&OutcomeTag>,
    ) -> Vec<&MeasureChange> {
        self.measures()
            .iter()
            .filter(|m| measure.is_none_or(|code| m.code == code))
            .filter(|m| outcome.is_none_or(|tag| m.outcomes.contains(tag)))
            .collect()
    }
}

fn count_row(measure: String, label: String, value: u64) -> MeasureRow {
    let value = Some(value as f64);
    MeasureRow {
        measure,
        label,
        value,
        kind: MeasureKind::Count,
        shown: show(value, MeasureKind::Count),
        note: None,
    }
}

/// Paired, improved, no change and worse, for every item (or score) of each measure.
fn change_rows(prefix: &str, measures: &[&MeasureChange]) -> Vec<MeasureRow> {
    let mut rows = Vec::new();
    for m in measures {
        for r in &m.rows {
            let item = r.question_id.as_deref().unwrap_or("score");
            let name = |figure: &str| format!("{prefix}/{}@{}/{item}/{figure}", m.code, m.version);
            let label = |figure: &str| {
                if r.label == m.name {
                    format!("{}: {figure}", m.name)
                } else {
                    format!("{} ({}): {figure}", r.label, m.name)
                }
            };
            rows.push(count_row(name("paired"), label("asked twice"), r.n));
            rows.push(count_row(name("improved"), label("improved"), r.improved));
            rows.push(count_row(
                name("no_change"),
                label("no change"),
                r.no_change,
            ));
            rows.push(count_row(name("worse"), label("worse"), r.worse));
        }
    }
    rows
}

/// Who the change figures are about, and each measure's attribution.
fn about_change(measures: &[&MeasureChange]) -> Part {
    let body = if measures.is_empty() {
        "No measure the club uses evidences this yet, so there is no change to report.".to_owned()
    } else {
        measures
            .iter()
            .map(|m| {
                format!("{}: {} {}", m.name, m.sentence, m.attribution)
                    .trim()
                    .to_owned()
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    Part::Text {
        title: "Who these figures are about".to_owned(),
        body,
    }
}

fn progression_rows(prefix: &str, counts: Option<&progression::Counts>) -> Vec<MeasureRow> {
    let Some(counts) = counts else {
        return Vec::new();
    };
    let mut rows = vec![count_row(
        format!("{prefix}/all"),
        "Young people with a step of progression".to_owned(),
        counts.young_people,
    )];
    rows.extend(counts.groups.iter().map(|g| {
        count_row(
            format!("{prefix}/{}", g.grouping),
            progression::grouping_label(&g.grouping).to_owned(),
            g.young_people,
        )
    }));
    rows
}

/// The parts of an outcome section; `None` for the other sections.
pub(super) fn render(
    conn: &Connection,
    section: &Section,
    figures: &OutcomeFigures,
    choices: &[DifferenceChoice],
) -> Result<Option<Vec<Part>>> {
    Ok(Some(match section {
        Section::OutcomeChange {
            title,
            measure,
            outcome,
            note,
        } => {
            let tag = outcome.as_deref().and_then(super::templates::outcome_tag);
            let shown = figures.evidencing(measure.as_deref(), tag.as_ref());
            let mut rows = change_rows("outcome_change", &shown);
            if let (Some(first), Some(note)) = (rows.first_mut(), note) {
                first.note = Some(note.clone());
            }
            vec![
                Part::Measures {
                    title: title.clone(),
                    rows,
                },
                about_change(&shown),
            ]
        }
        Section::CheckinCoverage { title, measure } => {
            let mut rows = Vec::new();
            for m in figures.evidencing(measure.as_deref(), None) {
                let name =
                    |figure: &str| format!("checkin_coverage/{}@{}/{figure}", m.code, m.version);
                let c = &m.coverage;
                rows.push(count_row(
                    name("in_scope"),
                    format!("{}: in scope", m.name),
                    c.in_scope,
                ));
                rows.push(count_row(
                    name("with_baseline"),
                    format!("{}: with a baseline", m.name),
                    c.with_baseline,
                ));
                rows.push(count_row(
                    name("paired"),
                    format!("{}: asked twice", m.name),
                    c.paired,
                ));
                rows.push(count_row(
                    name("declined"),
                    format!("{}: said no", m.name),
                    c.declined,
                ));
            }
            vec![Part::Measures {
                title: title.clone(),
                rows,
            }]
        }
        Section::Progression { title, note } => {
            let mut rows = progression_rows("progression", figures.progression.as_ref());
            if let (Some(first), Some(note)) = (rows.first_mut(), note) {
                first.note = Some(note.clone());
            }
            vec![Part::Measures {
                title: title.clone(),
                rows,
            }]
        }
        Section::Engagement { title } => {
            let mut rows = Vec::new();
            if let Some(e) = &figures.engagement {
                for r in &e.retention {
                    rows.push(count_row(
                        format!("engagement/cohort_{}_months", r.months),
                        format!("Came for the first time at least {} months ago", r.months),
                        r.cohort,
                    ));
                    rows.push(count_row(
                        format!("engagement/retained_{}_months", r.months),
                        format!("Of whom still coming {} months on", r.months),
                        r.retained,
                    ));
                }
                rows.push(count_row(
                    "engagement/weeks_engaged".to_owned(),
                    "Weeks engaged, all young people".to_owned(),
                    e.weeks_engaged,
                ));
            }
            vec![Part::Measures {
                title: title.clone(),
                rows,
            }]
        }
        Section::Differences {
            id, title, hint, ..
        } => differences(conn, id, title, hint.as_deref(), figures, choices)?,
        _ => return Ok(None),
    }))
}

/// Each chosen difference: the manager's words, the change figures of the measures that
/// evidence the outcome, the progression counts, and the case study picked.
fn differences(
    conn: &Connection,
    id: &str,
    title: &str,
    hint: Option<&str>,
    figures: &OutcomeFigures,
    choices: &[DifferenceChoice],
) -> Result<Vec<Part>> {
    if choices.is_empty() {
        return Ok(vec![Part::Text {
            title: title.to_owned(),
            body: "No outcomes were chosen for this return.".to_owned(),
        }]);
    }
    let mut parts = Vec::new();
    for (n, choice) in choices.iter().enumerate() {
        let n = n + 1;
        let label = figures.label_of(&choice.outcome);
        parts.push(Part::Question {
            id: format!("{id}-{n}"),
            title: format!("{title} {n}: {label}"),
            hint: hint.map(str::to_owned),
            answer: choice.words.trim().to_owned(),
        });
        let shown = figures.evidencing(None, Some(&choice.outcome));
        let mut rows = change_rows(&format!("{id}-{n}/change"), &shown);
        rows.extend(progression_rows(
            &format!("{id}-{n}/progression"),
            figures.progression.as_ref(),
        ));
        parts.push(Part::Measures {
            title: format!("How we know: {label}"),
            rows,
        });
        parts.push(about_change(&shown));
        if let Some(story) = choice.story_id {
            parts.push(match crate::stories::for_return(conn, story) {
                Ok(story) => Part::Text {
                    title: format!("Case study: {}", story.title),
                    body: story.body,
                },
                // A return kept as sent and checked later: the story may since have been
                // removed, or its words or consent changed. Say so rather than fail.
                Err(Error::NotFound(_)) | Err(Error::Invalid(_)) => Part::Text {
                    title: "Case study".to_owned(),
                    body: "The case study chosen can no longer be used (it was removed, or its \
                           consent or words changed)."
                        .to_owned(),
                },
                Err(other) => return Err(other),
            });
        }
    }
    Ok(parts)
}

/// The manager's choices for a template's "differences" parts, checked: no more than the
/// template asks for, outcomes the club knows, and case studies that may go in a return.
pub(super) fn check_choices(
    conn: &Connection,
    template: &Template,
    choices: &[DifferenceChoice],
) -> Result<()> {
    if choices.is_empty() {
        return Ok(());
    }
    let asked: u32 = template
        .sections
        .iter()
        .map(|s| match s {
            Section::Differences { count, .. } => *count,
            _ => 0,
        })
        .max()
        .unwrap_or(0);
    if asked == 0 {
        return invalid(format!(
            "The template “{}” does not ask for the differences you made.",
            template.name
        ));
    }
    if choices.len() > asked as usize {
        return invalid(format!(
            "Choose at most {asked} outcomes for “{}”.",
            template.name
        ));
    }
    let tags: Vec<OutcomeTag> = choices.iter().map(|c| c.outcome.clone()).collect();
    crate::sessions::check_tags(conn, &tags)?;
    for (n, choice) in choices.iter().enumerate() {
        if tags[..n].contains(&choice.outcome) {
            return invalid("Each difference is a different outcome: one is chosen twice.");
        }
        if let Some(story) = choice.story_id {
            crate::stories::for_return(conn, story)?;
        }
    }
    Ok(())
}
