//! The partnership report as an A4 PDF: the period and who sent what, the note on counting
//! people twice, the partnership's totals and breakdowns, one row per member, the members
//! missing, the sharp movements, and the files that could not be read and why. Outcomes (paired
//! change on the measures that stack across members) come after the breakdowns, one table per
//! measure with its attribution.
//!
//! Tables break across pages with their headers repeated. The layout is drawn twice, once to
//! count the pages and then for real, so every page can say "Page 2 of 3" (as in
//! `returns_pdf`).

use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::partnership::{DOUBLE_COUNTING_NOTE, MemberSummary, Merge, Total};
use crate::print::funder_return::period_words;
use crate::print::{Canvas, Colour, FLOW_MARGIN as MARGIN, Flow, Weight};
use crate::summary::DIMENSIONS;
use crate::summary::outcomes::{self, COVERAGE_MEASURES};

const ROW: f32 = 17.0;
const TEXT: f32 = 8.5;

/// The measures shown for each member in the members' table, with their column titles.
const MEMBER_COLUMNS: [(&str, &str); 5] = [
    ("sessions", "Sessions"),
    ("attendances", "Attendances"),
    ("unique_young_people", "Young people"),
    ("new_young_people", "New"),
    ("delivery_hours", "Hours"),
];

/// The report as PDF bytes, dated `produced_at`.
pub fn pdf(merge: &Merge, produced_at: DateTime<Utc>) -> Result<Vec<u8>> {
    let pages = Page::layout(merge, produced_at, None)?.flow.pages();
    Ok(Page::layout(merge, produced_at, Some(pages))?
        .flow
        .canvas
        .finish())
}

/// A measure's name in words.
pub fn measure_label(measure: &str) -> String {
    let label = match measure {
        "sessions" => "Sessions held",
        "delivery_hours" => "Hours of delivery",
        "youth_work_hours" => "Youth work hours",
        "attendances" => "Attendances",
        "unique_young_people" => "Young people (unique within each group)",
        "new_young_people" => "New young people",
        "contact_hours" => "Contact hours",
        "anonymous_contacts" => "Contacts counted, not named",
        "volunteers" => "Volunteers",
        "staff" => "Paid staff",
        "volunteer_hours" => "Volunteer hours",
        "staff_hours" => "Staff hours",
        "volunteer_value_gbp" => "Value of volunteering (£)",
        "training_compliance" => "Training up to date (share)",
        other => return other.replace('_', " "),
    };
    label.to_owned()
}

/// An outcome row's measure in words.
fn outcome_label(measure: &str) -> &str {
    match measure {
        "checkin_in_scope" => "In scope",
        "checkin_with_baseline" => "With a baseline",
        "checkin_paired" => "Paired (asked twice)",
        "checkin_declined" => "Said no",
        "change_paired" => "paired",
        "change_improved" => "improved",
        "change_no_change" => "no change",
        "change_worse" => "worse",
        "change_mean" => "mean change",
        other => other,
    }
}

fn dimension_label(dimension: &str) -> &str {
    match dimension {
        "age_band" => "Young people by age band",
        "gender" => "Young people by gender",
        "ethnicity_group" => "Young people by ethnic group",
        "disability" => "Young people by disability",
        "postcode_district" => "Young people by postcode district",
        "session_type" => "Young people by type of session",
        other => other,
    }
}

/// A column of a table: its title, width in points, and whether it is a number (right).
struct Column {
    title: String,
    width: f32,
    right: bool,
}

fn column(title: &str, width: f32, right: bool) -> Column {
    Column {
        title: title.to_owned(),
        width,
        right,
    }
}

struct Page<'a> {
    flow: Flow,
    merge: &'a Merge,
}

impl<'a> Page<'a> {
    fn layout(
        merge: &'a Merge,
        produced_at: DateTime<Utc>,
        total: Option<usize>,
    ) -> Result<Page<'a>> {
        let canvas = Canvas::new("Partnership report", produced_at, false)?;
        let footer = format!(
            "Partnership report · {} · produced with Clubroom on {}",
            period_words(merge.period.from, merge.period.to),
            produced_at.format("%-d %B %Y")
        );
        let header = format!(
            "Partnership report · {}",
            period_words(merge.period.from, merge.period.to)
        );
        let mut page = Page {
            flow: Flow::new(canvas, header, footer, total),
            merge,
        };
        page.cover(produced_at);
        page.measures();
        for dimension in DIMENSIONS {
            page.breakdown(dimension);
        }
        page.outcomes();
        page.members();
        page.missing();
        page.movements();
        page.unread();
        page.flow.finish_page();
        Ok(page)
    }

    fn cover(&mut self, produced_at: DateTime<Utc>) {
        let merge = self.merge;
        let width = self.flow.width();
        let c = &mut self.flow.canvas;
        c.rect(0.0, 0.0, c.width, 6.0, Some(Colour::BRAND), None);
        c.text(
            MARGIN,
            38.0,
            "LOCAL YOUTH PARTNERSHIP",
            8.5,
            Weight::Bold,
            Colour::BRAND,
        );
        c.text(
            MARGIN,
            66.0,
            "Partnership report",
            20.0,
            Weight::Bold,
            Colour::INK,
        );
        let expected = merge.members.len() + merge.missing.len();
        let facts = [
            ("Period", period_words(merge.period.from, merge.period.to)),
            (
                "Members",
                format!(
                    "{} sent a summary, of {expected} expected; {} missing",
                    merge.members.len(),
                    merge.missing.len()
                ),
            ),
            (
                "Files",
                match merge.skipped.len() {
                    0 => "every file in the folder was read".to_owned(),
                    1 => "1 file could not be read (listed at the end)".to_owned(),
                    n => format!("{n} files could not be read (listed at the end)"),
                },
            ),
            ("Produced", produced_at.format("%-d %B %Y").to_string()),
        ];
        let box_top = 86.0;
        let box_height = 14.0 + facts.len() as f32 * 15.0;
        c.rect(MARGIN, box_top, width, box_height, Some(Colour::BAND), None);
        let mut y = box_top + 18.0;
        for (label, value) in facts {
            c.text(MARGIN + 12.0, y, label, 8.5, Weight::Bold, Colour::MUTED);
            let value = c.fit(&value, width - 100.0, 9.5, Weight::Regular);
            c.text(MARGIN + 84.0, y, &value, 9.5, Weight::Regular, Colour::INK);
            y += 15.0;
        }
        self.flow.y = box_top + box_height + 14.0;
        self.note_box();
    }

    /// The double-counting note, where nobody can miss it, with how withheld cells add up.
    fn note_box(&mut self) {
        let width = self.flow.width();
        let lines: Vec<(String, Weight)> = [
            (
                format!("Counted twice: {DOUBLE_COUNTING_NOTE}"),
                Weight::Bold,
            ),
            (
                "Withheld figures: a member withholds a count of 1 to 4 people so that nobody can be identified. A total with a withheld cell in it counts that cell as 1 and reads “at least”: the true figure is that or more.".to_owned(),
                Weight::Regular,
            ),
        ]
        .into_iter()
        .flat_map(|(text, weight)| {
            self.flow.canvas
                .wrap(&text, width - 24.0, TEXT, weight)
                .into_iter()
                .map(move |line| (line, weight))
        })
        .collect();
        let height = 14.0 + lines.len() as f32 * 11.0;
        let c = &mut self.flow.canvas;
        c.rect(
            MARGIN,
            self.flow.y,
            width,
            height,
            Some(Colour::WARN_SOFT),
            None,
        );
        c.rect(MARGIN, self.flow.y, 3.0, height, Some(Colour::WARN), None);
        let mut y = self.flow.y + 15.0;
        for (line, weight) in lines {
            c.text(MARGIN + 12.0, y, &line, TEXT, weight, Colour::INK);
            y += 11.0;
        }
        self.flow.y += height + 22.0;
    }

    fn table_header(&mut self, columns: &[Column]) {
        let width = self.flow.width();
        let c = &mut self.flow.canvas;
        c.rect(
            MARGIN,
            self.flow.y,
            width,
            ROW + 2.0,
            Some(Colour::BRAND),
            None,
        );
        let mut x = MARGIN;
        for col in columns {
            if col.right {
                c.text_right(
                    x + col.width - 8.0,
                    self.flow.y + 12.5,
                    &col.title,
                    TEXT,
                    Weight::Bold,
                    Colour::WHITE,
                );
            } else {
                c.text(
                    x + 8.0,
                    self.flow.y + 12.5,
                    &col.title,
                    TEXT,
                    Weight::Bold,
                    Colour::WHITE,
                );
            }
            x += col.width;
        }
        self.flow.y += ROW + 2.0;
    }

    /// A table whose header is repeated on every page it runs onto. Each cell is cut to fit
    /// its column.
    fn table(&mut self, title: &str, columns: &[Column], rows: &[Vec<String>]) {
        self.flow.heading(title, 3.0 * ROW);
        self.table_header(columns);
        let width = self.flow.width();
        for (i, row) in rows.iter().enumerate() {
            if self.flow.ensure(ROW) {
                let continued = format!("{title} (continued)");
                self.flow.canvas.text(
                    MARGIN,
                    self.flow.y + 10.0,
                    &continued,
                    9.0,
                    Weight::Bold,
                    Colour::MUTED,
                );
                self.flow.y += 16.0;
                self.table_header(columns);
            }
            let c = &mut self.flow.canvas;
            if i % 2 == 1 {
                c.rect(MARGIN, self.flow.y, width, ROW, Some(Colour::BAND), None);
            }
            let mut x = MARGIN;
            for (col, cell) in columns.iter().zip(row) {
                let text = c.fit(cell, col.width - 16.0, 9.0, Weight::Regular);
                if col.right {
                    c.text_right(
                        x + col.width - 8.0,
                        self.flow.y + 12.0,
                        &text,
                        9.0,
                        Weight::Regular,
                        Colour::INK,
                    );
                } else {
                    c.text(
                        x + 8.0,
                        self.flow.y + 12.0,
                        &text,
                        9.0,
                        Weight::Regular,
                        Colour::INK,
                    );
                }
                x += col.width;
            }
            self.flow.y += ROW;
        }
        let c = &mut self.flow.canvas;
        c.line(
            MARGIN,
            self.flow.y,
            MARGIN + width,
            self.flow.y,
            Colour::INK,
            0.7,
        );
        self.flow.y += 6.0;
    }

    fn totals_columns(&self, first: &str) -> Vec<Column> {
        let rest = self.flow.width() - 120.0 - 70.0 - 70.0;
        vec![
            column(first, rest, false),
            column("Total", 120.0, true),
            column("Members", 70.0, true),
            column("Withheld", 70.0, true),
        ]
    }

    fn total_row(label: String, total: &Total) -> Vec<String> {
        vec![
            label,
            total.shown(),
            total.members.to_string(),
            total.members_withheld.to_string(),
        ]
    }

    fn measures(&mut self) {
        let rows: Vec<Vec<String>> = self
            .merge
            .totals
            .iter()
            .filter(|t| t.dimension == "all")
            .map(|t| Self::total_row(measure_label(&t.measure), t))
            .collect();
        let columns = self.totals_columns("Measure");
        self.table("Partnership totals", &columns, &rows);
        self.flow.note("Members: how many members' summaries have the figure. Withheld: how many withheld it (counted as 1 each, so the total reads “at least”). A share, such as training up to date, is not added up: see each member's own.");
        self.flow.note(&format!(
            "Young people, new young people, volunteers and staff: {DOUBLE_COUNTING_NOTE}"
        ));
        self.flow.y += 16.0;
    }

    fn breakdown(&mut self, dimension: &str) {
        let rows: Vec<Vec<String>> = self
            .merge
            .totals
            .iter()
            .filter(|t| t.dimension == dimension)
            .map(|t| Self::total_row(t.category.clone(), t))
            .collect();
        if rows.is_empty() {
            return;
        }
        let columns = self.totals_columns("Category");
        self.table(dimension_label(dimension), &columns, &rows);
        self.flow
            .note(&format!("Counted twice: {DOUBLE_COUNTING_NOTE}"));
        self.flow.y += 16.0;
    }

    /// One table per measure that members sent outcome rows for, in the order found: coverage
    /// first, then each item's pairs, improved, no change, worse and mean change.
    fn outcomes(&mut self) {
        let mut keys: Vec<&str> = Vec::new();
        for total in &self.merge.totals {
            if outcomes::is_outcome_measure(&total.measure)
                && !keys.contains(&total.dimension.as_str())
            {
                keys.push(&total.dimension);
            }
        }
        for key in keys {
            let measure = outcomes::parse_measure_key(key).and_then(|(code, version)| {
                crate::measures::built_in()
                    .into_iter()
                    .find(|m| m.code == code && m.version == version)
            });
            let item_label = |category: &str| match &measure {
                Some(m) if category != "all" => m
                    .question(category)
                    .map(|q| q.text.clone())
                    .unwrap_or_else(|| category.to_owned()),
                Some(m) => m.name.clone(),
                None => category.to_owned(),
            };
            let rows: Vec<Vec<String>> = self
                .merge
                .totals
                .iter()
                .filter(|t| t.dimension == key)
                .map(|t| {
                    let label = if COVERAGE_MEASURES.contains(&t.measure.as_str()) {
                        outcome_label(&t.measure).to_owned()
                    } else {
                        format!("{}: {}", item_label(&t.category), outcome_label(&t.measure))
                    };
                    Self::total_row(label, t)
                })
                .collect();
            let title = match &measure {
                Some(m) => format!("Outcomes: {} (version {})", m.name, m.version),
                None => format!("Outcomes: {key}"),
            };
            let columns = self.totals_columns("Young people");
            self.table(&title, &columns, &rows);
            self.flow.note("Only pairs count as change: a young person's baseline and a later check-in at least the plan's gap after it, improved, no change or worse by the measure's threshold. These are the young people who could be asked twice, not everyone who came.");
            self.flow.note(&format!(
                "Mean change: {} Counted twice: {DOUBLE_COUNTING_NOTE}",
                crate::partnership::MEAN_CHANGE_NOTE
            ));
            if let Some(m) = &measure {
                self.flow.note(&m.attribution);
            }
            self.flow.y += 16.0;
        }
    }

    fn members(&mut self) {
        let numbers = 5.0 * 62.0;
        let mut columns = vec![column("Member", self.flow.width() - numbers, false)];
        columns.extend(
            MEMBER_COLUMNS
                .iter()
                .map(|(_, title)| column(title, 62.0, true)),
        );
        let rows: Vec<Vec<String>> = self.merge.members.iter().map(member_row).collect();
        self.table("Each member", &columns, &rows);
        self.flow.note("Each member's own figures for the period, as it sent them (“withheld”: a count of 1 to 4 people, or the cell withheld with it). Every figure and breakdown of each member is in partnership-members.csv.");
        self.flow.y += 16.0;
    }

    fn missing(&mut self) {
        if self.merge.missing.is_empty() {
            self.flow.heading("Members missing for this period", 14.0);
            self.flow
                .note("None: every member expected sent a summary for this period.");
            self.flow.y += 16.0;
            return;
        }
        let width = self.flow.width();
        let columns = vec![
            column("Code", 90.0, false),
            column("Member", width - 90.0 - 190.0, false),
            column("Last summary sent", 190.0, false),
        ];
        let rows: Vec<Vec<String>> = self
            .merge
            .missing
            .iter()
            .map(|m| {
                vec![
                    m.org_code.clone(),
                    m.org_name
                        .clone()
                        .unwrap_or_else(|| "(never sent one)".into()),
                    m.last_period
                        .map(|p| period_words(p.from, p.to))
                        .unwrap_or_else(|| "none".into()),
                ]
            })
            .collect();
        self.table("Members missing for this period", &columns, &rows);
        self.flow.note("Expected: every member with a summary in the folder for any period, and any on the members list given.");
        self.flow.y += 16.0;
    }

    fn movements(&mut self) {
        if self.merge.movements.is_empty() {
            self.flow
                .heading("Sharp movements since the previous period", 14.0);
            self.flow.note("None: no member's young people or attendances changed by more than half and by 10 or more.");
            self.flow.y += 16.0;
            return;
        }
        let width = self.flow.width();
        let columns = vec![
            column("Member", width - 120.0 - 3.0 * 60.0, false),
            column("Figure", 120.0, false),
            column("Before", 60.0, true),
            column("Now", 60.0, true),
            column("Change", 60.0, true),
        ];
        let rows: Vec<Vec<String>> = self
            .merge
            .movements
            .iter()
            .map(|m| {
                let change = m
                    .change_share()
                    .map(|s| format!("{:+.0}%", s * 100.0))
                    .unwrap_or_else(|| "from 0".into());
                let figure = if m.measure == "attendances" {
                    "Attendances"
                } else {
                    "Young people"
                };
                vec![
                    format!("{} ({})", m.org_name, m.org_code),
                    figure.to_owned(),
                    format!("{:.0}", m.previous),
                    format!("{:.0}", m.now),
                    change,
                ]
            })
            .collect();
        self.table("Sharp movements since the previous period", &columns, &rows);
        self.flow.note("Sharp: unique young people or attendances changed by more than half of the member's previous figure and by 10 or more, against the member's latest earlier summary. A withheld figure is not compared.");
        self.flow.y += 16.0;
    }

    /// The files set aside, each with its reason in full (wrapped, never cut).
    fn unread(&mut self) {
        self.flow.heading("Files that could not be read", 14.0);
        if self.merge.skipped.is_empty() && self.merge.superseded.is_empty() {
            self.flow.note("None: every file in the folder was read.");
            return;
        }
        let width = self.flow.width();
        for skipped in &self.merge.skipped {
            let text = format!("{} {}.", skipped.file, skipped.reason);
            let lines = self.flow.canvas.wrap(&text, width, 9.0, Weight::Regular);
            self.flow.ensure(13.0 * lines.len().min(3) as f32);
            for line in lines {
                self.flow.ensure(13.0);
                self.flow.canvas.text(
                    MARGIN,
                    self.flow.y + 10.0,
                    &line,
                    9.0,
                    Weight::Regular,
                    Colour::INK,
                );
                self.flow.y += 13.0;
            }
            self.flow.y += 4.0;
        }
        for older in &self.merge.superseded {
            self.flow.note(&format!(
                "{} (made {}) is an earlier copy of {}'s summary for the same period: {} was made later and is used instead.",
                older.manifest,
                older.produced_at.format("%-d %B %Y %H:%M UTC"),
                older.org_code,
                older.kept
            ));
        }
    }
}

fn member_row(member: &MemberSummary) -> Vec<String> {
    let mut row = vec![format!("{} ({})", member.org_name, member.org_code)];
    row.extend(
        MEMBER_COLUMNS
            .iter()
            .map(|(measure, _)| match member.measure(measure) {
                Some(r) if r.suppressed => "withheld".to_owned(),
                Some(r) if r.value.is_some() => r.value_text(),
                _ => "–".to_owned(),
            }),
    );
    row
}
