//! A funder return as an A4 PDF: the club and funder, the period and what it covers, the
//! headline figures as cards, a bar chart of attendances by month, breakdown tables that
//! break across pages with their headers repeated, and the answers in words.
//!
//! The layout is drawn twice: once to count the pages, then for real, so every page can say
//! "Page 2 of 3".

use chrono::{DateTime, NaiveDate, Utc};

use crate::error::Result;
use crate::figures::Month;
use crate::print::{Canvas, Colour, FLOW_MARGIN as MARGIN, Flow, Weight};
use crate::returns::{CategoryRow, MeasureRow, Part, Return, month_label};

const ROW: f32 = 17.0;
const CARD_HEIGHT: f32 = 62.0;
const CARD_GAP: f32 = 10.0;
const CARDS_PER_ROW: usize = 3;
const CHART_HEIGHT: f32 = 150.0;
const BAR_SOFT: Colour = Colour(0x8f, 0xc7, 0xc2);

/// The return as PDF bytes, dated `produced_at`, with the club's logo (PNG or JPEG) on the
/// first page if it has one.
pub fn pdf(
    report: &Return,
    logo: Option<&[u8]>,
    produced_on: NaiveDate,
    produced_at: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let pages = Page::layout(report, logo, produced_on, produced_at, None)?
        .flow
        .pages();
    Ok(
        Page::layout(report, logo, produced_on, produced_at, Some(pages))?
            .flow
            .canvas
            .finish(),
    )
}

/// A suggested file name: `children-in-need-2025-04-01-to-2026-03-31.pdf`.
pub fn file_name(report: &Return, extension: &str) -> String {
    format!(
        "{}-{}-to-{}.{extension}",
        report.template.id, report.period.from, report.period.to
    )
}

/// Words for a period: "1 April 2025 to 31 March 2026".
pub fn period_words(from: NaiveDate, to: NaiveDate) -> String {
    format!("{} to {}", from.format("%-d %B %Y"), to.format("%-d %B %Y"))
}

struct Page<'a> {
    flow: Flow,
    report: &'a Return,
}

impl<'a> Page<'a> {
    fn layout(
        report: &'a Return,
        logo: Option<&[u8]>,
        produced_on: NaiveDate,
        produced_at: DateTime<Utc>,
        total: Option<usize>,
    ) -> Result<Page<'a>> {
        let title = format!("{} – {}", report.template.name, report.organisation);
        let canvas = Canvas::new(&title, produced_at, false)?;
        let footer = format!(
            "{} · {} · produced with Clubroom on {}",
            report.organisation,
            period_words(report.period.from, report.period.to),
            produced_on.format("%-d %B %Y")
        );
        let header = format!("{} · {}", report.organisation, report.template.name);
        let mut page = Page {
            flow: Flow::new(canvas, header, footer, total),
            report,
        };
        page.cover(logo, produced_on)?;
        for part in &report.parts {
            page.part(part);
        }
        page.flow.finish_page();
        Ok(page)
    }

    fn cover(&mut self, logo: Option<&[u8]>, produced_on: NaiveDate) -> Result<()> {
        let report = self.report;
        let full_width = self.flow.width();
        let c = &mut self.flow.canvas;
        c.rect(0.0, 0.0, c.width, 6.0, Some(Colour::BRAND), None);
        // The logo sits top right; the club's name and the title keep clear of it.
        let logo_width = match logo {
            Some(bytes) => c.picture(bytes, c.width - MARGIN, 24.0, 130.0, 56.0)?.0 + 16.0,
            None => 0.0,
        };
        let width = full_width - logo_width;
        let mut club = report.organisation.to_uppercase();
        if let Some(number) = &report.charity_number {
            club = format!("{club} · REGISTERED CHARITY {number}");
        }
        c.text(
            MARGIN,
            38.0,
            &c.fit(&club, width, 8.5, Weight::Bold),
            8.5,
            Weight::Bold,
            Colour::BRAND,
        );
        let mut y = 66.0;
        for line in c.wrap(&report.template.name, width, 20.0, Weight::Bold) {
            c.text(MARGIN, y, &line, 20.0, Weight::Bold, Colour::INK);
            y += 24.0;
        }
        c.text(
            MARGIN,
            y - 4.0,
            &format!("For {}", report.template.funder),
            11.0,
            Weight::Regular,
            Colour::MUTED,
        );
        // Below the logo, however short the title.
        y = (y + 16.0).max(if logo.is_some() { 92.0 } else { 0.0 });
        let facts = [
            ("Period", period_words(report.period.from, report.period.to)),
            ("Covers", report.covers.clone()),
            ("Produced", produced_on.format("%-d %B %Y").to_string()),
        ];
        let box_top = y;
        let box_height = 14.0 + facts.len() as f32 * 15.0;
        c.rect(
            MARGIN,
            box_top,
            full_width,
            box_height,
            Some(Colour::BAND),
            None,
        );
        y += 18.0;
        for (label, value) in facts {
            c.text(MARGIN + 12.0, y, label, 8.5, Weight::Bold, Colour::MUTED);
            let value = c.fit(&value, full_width - 100.0, 9.5, Weight::Regular);
            c.text(MARGIN + 84.0, y, &value, 9.5, Weight::Regular, Colour::INK);
            y += 15.0;
        }
        self.flow.y = box_top + box_height + 24.0;
        Ok(())
    }

    fn part(&mut self, part: &Part) {
        match part {
            Part::Measures { title, rows } => self.measures(title, rows),
            Part::Breakdown {
                title,
                rows,
                young_people,
                overlapping,
                note,
                ..
            } => self.breakdown(title, rows, *young_people, *overlapping, note.as_deref()),
            Part::Chart { title, months, .. } => self.chart(title, months),
            Part::Question {
                title,
                hint,
                answer,
                ..
            } => self.words(title, answer, hint.as_deref(), true),
            Part::Text { title, body } => self.words(title, body, None, false),
        }
    }

    fn measures(&mut self, title: &str, rows: &[MeasureRow]) {
        self.flow.heading(title, CARD_HEIGHT);
        let card_width =
            (self.flow.width() - CARD_GAP * (CARDS_PER_ROW as f32 - 1.0)) / CARDS_PER_ROW as f32;
        for line in rows.chunks(CARDS_PER_ROW) {
            self.flow.ensure(CARD_HEIGHT + CARD_GAP);
            for (i, row) in line.iter().enumerate() {
                let x = MARGIN + i as f32 * (card_width + CARD_GAP);
                let c = &mut self.flow.canvas;
                c.rect(
                    x,
                    self.flow.y,
                    card_width,
                    CARD_HEIGHT,
                    Some(Colour::BAND),
                    None,
                );
                c.rect(x, self.flow.y, 3.0, CARD_HEIGHT, Some(Colour::BRAND), None);
                let marker = if row.note.is_some() { " *" } else { "" };
                c.text(
                    x + 12.0,
                    self.flow.y + 26.0,
                    &format!("{}{marker}", row.shown),
                    19.0,
                    Weight::Bold,
                    Colour::INK,
                );
                for (n, text) in c
                    .wrap(&row.label, card_width - 20.0, 8.0, Weight::Regular)
                    .iter()
                    .take(2)
                    .enumerate()
                {
                    c.text(
                        x + 12.0,
                        self.flow.y + 42.0 + n as f32 * 10.0,
                        text,
                        8.0,
                        Weight::Regular,
                        Colour::MUTED,
                    );
                }
            }
            self.flow.y += CARD_HEIGHT + CARD_GAP;
        }
        for row in rows.iter().filter(|r| r.note.is_some()) {
            let note = format!(
                "* {}: {}",
                row.label,
                row.note.as_deref().unwrap_or_default()
            );
            self.flow.note(&note);
        }
        self.flow.y += 14.0;
    }

    fn table_header(&mut self, first: &str) {
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
        c.text(
            MARGIN + 8.0,
            self.flow.y + 12.5,
            first,
            8.5,
            Weight::Bold,
            Colour::WHITE,
        );
        let right = MARGIN + width - 8.0;
        c.text_right(
            right - 90.0,
            self.flow.y + 12.5,
            "Young people",
            8.5,
            Weight::Bold,
            Colour::WHITE,
        );
        c.text_right(
            right,
            self.flow.y + 12.5,
            "Share",
            8.5,
            Weight::Bold,
            Colour::WHITE,
        );
        self.flow.y += ROW + 2.0;
    }

    fn breakdown(
        &mut self,
        title: &str,
        rows: &[CategoryRow],
        total: u64,
        overlapping: bool,
        note: Option<&str>,
    ) {
        self.flow.heading(title, 3.0 * ROW);
        self.table_header("Category");
        let width = self.flow.width();
        let right = MARGIN + width - 8.0;
        let max = rows
            .iter()
            .map(|r| r.young_people)
            .max()
            .unwrap_or(0)
            .max(1);
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
                self.table_header("Category");
            }
            let c = &mut self.flow.canvas;
            if i % 2 == 1 {
                c.rect(MARGIN, self.flow.y, width, ROW, Some(Colour::BAND), None);
            }
            let label = c.fit(&row.label, width - 230.0, 9.0, Weight::Regular);
            let ink = if row.young_people == 0 {
                Colour::MUTED
            } else {
                Colour::INK
            };
            c.text(
                MARGIN + 8.0,
                self.flow.y + 12.0,
                &label,
                9.0,
                Weight::Regular,
                ink,
            );
            // A small bar shows the size of each row at a glance.
            let bar = 60.0 * row.young_people as f32 / max as f32;
            if row.young_people > 0 {
                c.rect(
                    right - 200.0,
                    self.flow.y + 5.0,
                    bar.max(1.5),
                    7.0,
                    Some(BAR_SOFT),
                    None,
                );
            }
            c.text_right(
                right - 90.0,
                self.flow.y + 12.0,
                &row.young_people.to_string(),
                9.0,
                Weight::Bold,
                ink,
            );
            c.text_right(
                right,
                self.flow.y + 12.0,
                &format!("{:.1}%", row.percent),
                9.0,
                Weight::Regular,
                Colour::MUTED,
            );
            self.flow.y += ROW;
        }
        self.flow.ensure(ROW + 12.0);
        let c = &mut self.flow.canvas;
        c.line(
            MARGIN,
            self.flow.y,
            MARGIN + width,
            self.flow.y,
            Colour::INK,
            0.7,
        );
        c.text(
            MARGIN + 8.0,
            self.flow.y + 12.0,
            "All young people",
            9.0,
            Weight::Bold,
            Colour::INK,
        );
        c.text_right(
            right - 90.0,
            self.flow.y + 12.0,
            &total.to_string(),
            9.0,
            Weight::Bold,
            Colour::INK,
        );
        self.flow.y += ROW + 2.0;
        let mut notes = Vec::new();
        if let Some(note) = overlap_note(rows, total, overlapping) {
            notes.push(note.to_owned());
        }
        if let Some(note) = note {
            notes.push(note.to_owned());
        }
        for note in notes {
            self.flow.note(&note);
        }
        self.flow.y += 16.0;
    }

    fn chart(&mut self, title: &str, months: &[Month]) {
        self.flow.heading(title, CHART_HEIGHT + 40.0);
        let width = self.flow.width();
        let top = self.flow.y + 10.0;
        let base = top + CHART_HEIGHT;
        let named = |m: &Month| m.attendances;
        let counted = |m: &Month| m.anonymous_contacts;
        let most = months
            .iter()
            .map(|m| named(m) + counted(m))
            .max()
            .unwrap_or(0);
        let scale_top = nice_ceiling(most);
        let axis = 34.0;
        let plot_width = width - axis;
        let c = &mut self.flow.canvas;
        // Gridlines at quarters of the scale, labelled on the left.
        for step in 0..=4u64 {
            let value = scale_top * step / 4;
            let y = base - CHART_HEIGHT * step as f32 / 4.0;
            c.line(
                MARGIN + axis,
                y,
                MARGIN + width,
                y,
                if step == 0 { Colour::INK } else { Colour::RULE },
                if step == 0 { 0.7 } else { 0.4 },
            );
            c.text_right(
                MARGIN + axis - 6.0,
                y + 3.0,
                &value.to_string(),
                7.0,
                Weight::Regular,
                Colour::MUTED,
            );
        }
        if months.is_empty() {
            c.text(
                MARGIN + axis + 10.0,
                base - 20.0,
                "No sessions held in this period yet.",
                9.0,
                Weight::Regular,
                Colour::MUTED,
            );
        }
        let slot = plot_width / months.len().max(1) as f32;
        let bar_width = (slot * 0.62).min(34.0);
        // With many months, label every second or third so the labels never collide.
        let label_every = ((22.0 / slot).ceil() as usize).max(1);
        for (i, month) in months.iter().enumerate() {
            let x = MARGIN + axis + i as f32 * slot + (slot - bar_width) / 2.0;
            let h_named = CHART_HEIGHT * named(month) as f32 / scale_top as f32;
            let h_counted = CHART_HEIGHT * counted(month) as f32 / scale_top as f32;
            if h_named > 0.0 {
                c.rect(
                    x,
                    base - h_named,
                    bar_width,
                    h_named,
                    Some(Colour::BRAND),
                    None,
                );
            }
            if h_counted > 0.0 {
                c.rect(
                    x,
                    base - h_named - h_counted,
                    bar_width,
                    h_counted,
                    Some(BAR_SOFT),
                    None,
                );
            }
            let total = named(month) + counted(month);
            if slot >= 18.0 && total > 0 {
                let label = total.to_string();
                let size = if slot >= 26.0 { 7.0 } else { 6.0 };
                let w = c.text_width(&label, size, Weight::Bold);
                c.text(
                    x + (bar_width - w) / 2.0,
                    base - h_named - h_counted - 3.0,
                    &label,
                    size,
                    Weight::Bold,
                    Colour::INK,
                );
            }
            if i % label_every == 0 {
                let name = short_month(&month.month, i == 0);
                let w = c.text_width(&name, 7.0, Weight::Regular);
                c.text(
                    x + (bar_width - w) / 2.0,
                    base + 11.0,
                    &name,
                    7.0,
                    Weight::Regular,
                    Colour::MUTED,
                );
            }
        }
        let mut y = base + 26.0;
        let key = [(Colour::BRAND, "Attendances of named young people")];
        let mut x = MARGIN + axis;
        for (colour, label) in
            key.into_iter()
                .chain(months.iter().any(|m| m.anonymous_contacts > 0).then_some((
                    BAR_SOFT,
                    "Young people counted at detached and outreach sessions (not named)",
                )))
        {
            c.rect(x, y - 7.0, 8.0, 8.0, Some(colour), None);
            c.text(x + 12.0, y, label, 7.5, Weight::Regular, Colour::MUTED);
            x += c.text_width(label, 7.5, Weight::Regular) + 30.0;
            if x > MARGIN + width - 100.0 {
                x = MARGIN + axis;
                y += 12.0;
            }
        }
        self.flow.y = y + 20.0;
    }

    fn words(&mut self, title: &str, body: &str, hint: Option<&str>, is_answer: bool) {
        self.flow.heading(title, 30.0);
        if let Some(hint) = hint {
            for line in self
                .flow
                .canvas
                .wrap(hint, self.flow.width(), 8.0, Weight::Regular)
            {
                self.flow.ensure(11.0);
                self.flow.canvas.text(
                    MARGIN,
                    self.flow.y + 8.0,
                    &line,
                    8.0,
                    Weight::Regular,
                    Colour::MUTED,
                );
                self.flow.y += 11.0;
            }
            self.flow.y += 4.0;
        }
        if body.trim().is_empty() && is_answer {
            self.flow.ensure(14.0);
            self.flow.canvas.text(
                MARGIN,
                self.flow.y + 10.0,
                "Not answered.",
                9.5,
                Weight::Regular,
                Colour::MUTED,
            );
            self.flow.y += 14.0;
        }
        for paragraph in body.lines() {
            if paragraph.trim().is_empty() {
                self.flow.y += 6.0;
                continue;
            }
            for line in self
                .flow
                .canvas
                .wrap(paragraph, self.flow.width(), 9.5, Weight::Regular)
            {
                self.flow.ensure(13.5);
                self.flow.canvas.text(
                    MARGIN,
                    self.flow.y + 10.0,
                    &line,
                    9.5,
                    Weight::Regular,
                    Colour::INK,
                );
                self.flow.y += 13.5;
            }
        }
        self.flow.y += 16.0;
    }
}

/// "2026-04" -> "Apr" (or "Apr 2026" for the first bar and every January).
fn short_month(month: &str, first: bool) -> String {
    let long = month_label(month);
    let mut parts = long.split(' ');
    let name: String = parts.next().unwrap_or_default().chars().take(3).collect();
    let year = parts.next().unwrap_or_default();
    if first || name == "Jan" {
        format!("{name} {}", &year[year.len().saturating_sub(2)..])
    } else {
        name
    }
}

/// A round number at or above `value` for the top of the chart's scale, four times a whole
/// "nice" step (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5 or 8 times a power of ten), so the
/// gridlines at quarters are whole numbers and the tallest bar fills most of the chart.
fn nice_ceiling(value: u64) -> u64 {
    let target = value.div_ceil(4).max(1);
    let mut power = 1u64;
    loop {
        for hundredths in [100, 125, 150, 200, 250, 300, 400, 500, 600, 750, 800] {
            let step = hundredths * power;
            if step.is_multiple_of(100) && step / 100 >= target {
                return step / 100 * 4;
            }
        }
        power *= 10;
    }
}

/// The note under a breakdown whose rows can overlap, printed only when it is true: the rows
/// of a breakdown where a young person can be in several add up to more than the total only
/// when someone is; a paper that says so when they do not misleads the funder.
fn overlap_note(rows: &[CategoryRow], total: u64, overlapping: bool) -> Option<&'static str> {
    let sum: u64 = rows.iter().map(|r| r.young_people).sum();
    (overlapping && sum > total).then_some(
        "A young person can be in more than one row, so the rows add up to more than the total.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_scale_is_round_and_divides_into_quarters() {
        for (most, top) in [
            (0, 4),
            (3, 4),
            (7, 8),
            (11, 12),
            (13, 16),
            (21, 24),
            (95, 100),
            (130, 160),
            (404, 500),
            (4001, 5000),
        ] {
            assert_eq!(nice_ceiling(most), top, "{most}");
            assert_eq!(top % 4, 0);
        }
    }

    #[test]
    fn months_are_short_with_a_year_where_it_helps() {
        assert_eq!(short_month("2026-04", true), "Apr 26");
        assert_eq!(short_month("2026-05", false), "May");
        assert_eq!(short_month("2027-01", false), "Jan 27");
    }
}
