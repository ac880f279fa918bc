//! "What Clubroom holds about <name>": a subject access export as an A4 PDF that a parent or a
//! young person can read. Plain headings, a sentence under each saying what it is, every
//! section shown even when empty ("Nothing recorded"), and "Page 2 of 3" on every page (the
//! layout is drawn twice, once to count the pages, as in `returns_pdf`).

use chrono::{DateTime, NaiveDate, Utc};

use crate::error::Result;
use crate::incidents::Incident;
use crate::print::{Canvas, Colour, FLOW_MARGIN as MARGIN, Flow, Weight};
use crate::rights::SubjectAccess;

const TEXT: f32 = 9.0;
const LINE: f32 = 12.5;
/// Where a value starts in a row of label and value.
const LABEL_WIDTH: f32 = 150.0;

/// The document as PDF bytes, dated `produced_at`.
pub fn pdf(access: &SubjectAccess, produced_at: DateTime<Utc>) -> Result<Vec<u8>> {
    let pages = Page::layout(access, produced_at, None)?.flow.pages();
    Ok(Page::layout(access, produced_at, Some(pages))?
        .flow
        .canvas
        .finish())
}

fn day(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

fn or_not_recorded(value: Option<&str>) -> String {
    value
        .filter(|v| !v.trim().is_empty())
        .unwrap_or("Not recorded")
        .to_owned()
}

struct Page<'a> {
    flow: Flow,
    access: &'a SubjectAccess,
}

impl<'a> Page<'a> {
    fn layout(
        access: &'a SubjectAccess,
        produced_at: DateTime<Utc>,
        total: Option<usize>,
    ) -> Result<Page<'a>> {
        let title = format!("What Clubroom holds about {}", access.name());
        let canvas = Canvas::new(&title, produced_at, false)?;
        let header = format!("{title} · {}", access.held_by.name);
        let footer = format!(
            "Held by {} · produced on {} · keep this document safe: it is personal",
            access.held_by.name,
            day(access.produced_on)
        );
        let mut page = Page {
            flow: Flow::new(canvas, header, footer, total),
            access,
        };
        page.cover(&title);
        page.details();
        page.consents();
        page.contacts();
        page.health();
        page.circumstances();
        page.attendances();
        page.notes();
        page.check_ins();
        page.progression();
        page.stories();
        page.incidents();
        page.flow.finish_page();
        Ok(page)
    }

    fn cover(&mut self, title: &str) {
        let access = self.access;
        let width = self.flow.width();
        let c = &mut self.flow.canvas;
        c.rect(0.0, 0.0, c.width, 6.0, Some(Colour::BRAND), None);
        c.text(
            MARGIN,
            38.0,
            "YOUR INFORMATION",
            8.5,
            Weight::Bold,
            Colour::BRAND,
        );
        let mut y = 64.0;
        for line in c.wrap(title, width, 19.0, Weight::Bold) {
            c.text(MARGIN, y, &line, 19.0, Weight::Bold, Colour::INK);
            y += 24.0;
        }
        let held_by = match &access.held_by.charity_number {
            Some(number) => format!("{} (registered charity {number})", access.held_by.name),
            None => access.held_by.name.clone(),
        };
        c.text(MARGIN, y, &held_by, 10.0, Weight::Regular, Colour::MUTED);
        y += 14.0;
        let produced = format!("Produced on {}", day(access.produced_on));
        c.text(MARGIN, y, &produced, 10.0, Weight::Regular, Colour::MUTED);
        self.flow.y = y + 18.0;
        self.paragraph(&format!(
            "This is everything {} keeps about {} in Clubroom, the program the club uses for its \
             registers and records. It is given in answer to a request under data protection law \
             (a subject access request). If anything here is wrong, tell the club and it will be \
             put right. The same information comes as a computer-readable file too.",
            access.held_by.name,
            access.name()
        ));
        self.flow.y += 8.0;
    }

    /// Wrapped body text.
    fn paragraph(&mut self, text: &str) {
        let width = self.flow.width();
        for line in self.flow.canvas.wrap(text, width, TEXT, Weight::Regular) {
            self.flow.ensure(LINE);
            let y = self.flow.y + 9.0;
            self.flow
                .canvas
                .text(MARGIN, y, &line, TEXT, Weight::Regular, Colour::INK);
            self.flow.y += LINE;
        }
    }

    /// A section: its heading, and a sentence saying what it holds.
    fn section(&mut self, title: &str, about: &str) {
        self.flow.y += 8.0;
        self.flow.heading(title, 2.0 * LINE);
        self.flow.note(about);
        self.flow.y += 4.0;
    }

    /// A label and its value, the value wrapped beside it.
    fn row(&mut self, label: &str, value: &str) {
        let value_width = self.flow.width() - LABEL_WIDTH;
        let lines = self
            .flow
            .canvas
            .wrap(value, value_width, TEXT, Weight::Regular);
        let height = LINE * lines.len().max(1) as f32 + 3.0;
        self.flow.ensure(height);
        let y = self.flow.y + 9.0;
        let c = &mut self.flow.canvas;
        c.text(MARGIN, y, label, TEXT, Weight::Bold, Colour::MUTED);
        for (i, line) in lines.iter().enumerate() {
            c.text(
                MARGIN + LABEL_WIDTH,
                y + i as f32 * LINE,
                line,
                TEXT,
                Weight::Regular,
                Colour::INK,
            );
        }
        let rule = self.flow.y + height;
        let right = MARGIN + self.flow.width();
        self.flow
            .canvas
            .line(MARGIN, rule - 1.5, right, rule - 1.5, Colour::RULE, 0.4);
        self.flow.y += height;
    }

    fn nothing(&mut self) {
        self.flow.ensure(LINE);
        let y = self.flow.y + 9.0;
        self.flow.canvas.text(
            MARGIN,
            y,
            "Nothing recorded.",
            TEXT,
            Weight::Regular,
            Colour::MUTED,
        );
        self.flow.y += LINE;
    }

    fn details(&mut self) {
        let d = &self.access.details;
        self.section(
            "Their details",
            "What the club knows about who they are. The reference is the club's own number, used in files instead of a name.",
        );
        let rows = [
            ("Name", format!("{} {}", d.first_name, d.last_name)),
            ("Known as", or_not_recorded(d.preferred_name.as_deref())),
            ("Club reference", d.reference.clone()),
            (
                "Date of birth",
                match (d.date_of_birth, d.age_given) {
                    (Some(born), _) => day(born),
                    (None, Some(age)) => format!("Not recorded (an age of {age} was given)"),
                    (None, None) => "Not recorded".to_owned(),
                },
            ),
            ("Gender", d.gender.clone()),
            ("Ethnicity", or_not_recorded(d.ethnicity.as_deref())),
            ("Disability or SEND", d.disability.clone()),
            ("Postcode", or_not_recorded(d.postcode.as_deref())),
            ("School or college", or_not_recorded(d.school.as_deref())),
            (
                "Education or work",
                or_not_recorded(d.education_status.as_deref()),
            ),
            ("Referred by", or_not_recorded(d.referred_by.as_deref())),
            ("Referred on to", or_not_recorded(d.referred_to.as_deref())),
            (
                "Still coming",
                if d.archived {
                    "No: hidden from registers (archived)".to_owned()
                } else {
                    "Yes".to_owned()
                },
            ),
        ];
        for (label, value) in rows {
            self.row(label, &value);
        }
    }

    fn consents(&mut self) {
        self.section(
            "Consents",
            "What was agreed to (or refused), who gave the answer and when. Consents are asked for again every year.",
        );
        if self.access.consents.is_empty() {
            return self.nothing();
        }
        for consent in &self.access.consents {
            let giver = match &consent.giver_name {
                Some(name) => format!("{} ({name})", consent.given_by.label().to_lowercase()),
                None => consent.given_by.label().to_lowercase(),
            };
            let value = format!(
                "{} by {giver} on {}",
                if consent.given { "Given" } else { "Refused" },
                day(consent.recorded_on)
            );
            self.row(consent.kind.label(), &value);
        }
    }

    fn contacts(&mut self) {
        self.section(
            "Emergency contacts",
            "Who the club would call in an emergency.",
        );
        if self.access.emergency_contacts.is_empty() {
            return self.nothing();
        }
        for contact in &self.access.emergency_contacts {
            let value = match &contact.relationship {
                Some(relationship) => format!("{relationship}, {}", contact.phone),
                None => contact.phone.clone(),
            };
            self.row(&contact.name, &value);
        }
    }

    fn health(&mut self) {
        let h = &self.access.health;
        self.section(
            "Health and support needs",
            "Kept so that leaders can keep them safe and help them take part. Volunteers cannot see these.",
        );
        self.row(
            "Medical notes",
            &or_not_recorded(h.medical_notes.as_deref()),
        );
        self.row("Allergies", &or_not_recorded(h.allergies.as_deref()));
        self.row(
            "What helps them take part",
            &or_not_recorded(h.send_notes.as_deref()),
        );
    }

    fn circumstances(&mut self) {
        self.section(
            "Circumstances",
            "Things in their life the club records so it can support them and count (never name) the young people it reaches.",
        );
        let all: Vec<String> = self
            .access
            .circumstances
            .iter()
            .chain(&self.access.sensitive_circumstances)
            .cloned()
            .collect();
        if all.is_empty() {
            return self.nothing();
        }
        for item in all {
            self.paragraph(&format!("• {item}"));
        }
    }

    fn attendances(&mut self) {
        let count = self.access.attendances.len();
        self.section(
            &format!("Sessions they came to ({count})"),
            "Every session the register shows them at, with the times they arrived and left where these were noted.",
        );
        if count == 0 {
            return self.nothing();
        }
        let width = self.flow.width();
        let columns = [
            ("Date", 0.0),
            ("Session", 0.22),
            ("Times", 0.62),
            ("Arrived and left", 0.79),
        ];
        self.table_header(&columns, width);
        for (i, a) in self.access.attendances.iter().enumerate() {
            if self.flow.ensure(LINE + 2.0) {
                self.table_header(&columns, width);
            }
            let mut session = a.session.clone();
            if a.cancelled {
                session.push_str(" (called off)");
            }
            let stay = match (&a.arrived_at, &a.left_at) {
                (None, None) => "the whole session".to_owned(),
                (arrived, left) => format!(
                    "{} to {}",
                    arrived.as_deref().unwrap_or("?"),
                    left.as_deref().unwrap_or("?")
                ),
            };
            let cells = [
                day(a.date),
                session,
                format!("{}-{}", a.starts, a.ends),
                stay,
            ];
            if i % 2 == 1 {
                self.flow.canvas.rect(
                    MARGIN,
                    self.flow.y,
                    width,
                    LINE + 2.0,
                    Some(Colour::BAND),
                    None,
                );
            }
            self.table_cells(&columns, &cells, width, Weight::Regular, Colour::INK);
            self.flow.y += LINE + 2.0;
        }
    }

    fn table_header(&mut self, columns: &[(&str, f32)], width: f32) {
        self.flow.ensure(LINE + 2.0);
        self.flow.canvas.rect(
            MARGIN,
            self.flow.y,
            width,
            LINE + 2.0,
            Some(Colour::BRAND),
            None,
        );
        let titles: Vec<String> = columns.iter().map(|(t, _)| (*t).to_owned()).collect();
        self.table_cells(columns, &titles, width, Weight::Bold, Colour::WHITE);
        self.flow.y += LINE + 2.0;
    }

    fn table_cells(
        &mut self,
        columns: &[(&str, f32)],
        cells: &[String],
        width: f32,
        weight: Weight,
        colour: Colour,
    ) {
        let y = self.flow.y + 10.0;
        for (i, ((_, start), cell)) in columns.iter().zip(cells).enumerate() {
            let end = columns.get(i + 1).map_or(1.0, |(_, s)| *s);
            let room = (end - start) * width - 10.0;
            let text = self.flow.canvas.fit(cell, room, TEXT, weight);
            self.flow
                .canvas
                .text(MARGIN + start * width + 4.0, y, &text, TEXT, weight, colour);
        }
    }

    fn notes(&mut self) {
        self.section(
            "Session notes that mention them",
            "Notes written about a session that name them or give their reference.",
        );
        if self.access.session_notes.is_empty() {
            return self.nothing();
        }
        for note in &self.access.session_notes {
            let label = format!("{} · {}", day(note.date), note.session);
            self.row(&label, &note.text);
        }
    }

    fn check_ins(&mut self) {
        self.section(
            "Check-ins",
            "Their answers to the questionnaires the club asks (how they feel, what has changed). A skipped question shows as skipped.",
        );
        if self.access.check_ins.is_empty() {
            return self.nothing();
        }
        for check_in in &self.access.check_ins {
            let label = format!(
                "{} · {} {}",
                day(check_in.taken_on),
                check_in.measure_code,
                check_in.wave.code()
            );
            let answers = match &check_in.answers {
                _ if check_in.declined => "They said they would rather not.".to_owned(),
                Some(answers) => answers
                    .iter()
                    .map(|a| {
                        let value = a.value.map_or("skipped".to_owned(), |v| v.to_string());
                        format!("{}: {value}", a.question_id)
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                None => String::new(),
            };
            self.row(&label, &answers);
        }
    }

    fn progression(&mut self) {
        self.section(
            "Progression",
            "Steps recorded for them: awards, moves into education, training or work, referrals on, volunteering, youth voice.",
        );
        if self.access.progression.is_empty() {
            return self.nothing();
        }
        for event in &self.access.progression {
            let label = day(event.happened_on);
            let text = match &event.note {
                Some(note) => format!("{}: {note}", event.kind_label),
                None => event.kind_label.clone(),
            };
            self.row(&label, &text);
        }
    }

    fn stories(&mut self) {
        self.section(
            "Stories",
            "Their words (quotes) and short accounts of what changed for them (case studies), with the consent each was given under.",
        );
        if self.access.stories.is_empty() {
            return self.nothing();
        }
        for story in &self.access.stories {
            let label = format!("{} · {}", day(story.told_on), story.kind.label());
            let text = format!(
                "{}: {} ({})",
                story.title,
                story.body,
                story.consent.label()
            );
            self.row(&label, &text);
        }
    }

    fn incidents(&mut self) {
        self.section(
            "Safeguarding records",
            "Concerns in the club's incident and safeguarding log that name them, with every update and correction. Before this document is given out, the safeguarding lead checks it: information about other people, or that could put someone at risk, may be left out.",
        );
        if self.access.incidents.is_empty() {
            return self.nothing();
        }
        for incident in &self.access.incidents {
            self.incident(incident);
        }
    }

    fn incident(&mut self, incident: &Incident) {
        let current = &incident.current;
        self.flow.ensure(3.0 * LINE);
        let title = format!(
            "Concern of {}{}",
            day(current.occurred_on),
            current
                .session
                .as_ref()
                .map(|s| format!(" at {}", s.name))
                .unwrap_or_default()
        );
        let y = self.flow.y + 10.0;
        self.flow
            .canvas
            .text(MARGIN, y, &title, 10.0, Weight::Bold, Colour::INK);
        self.flow.y += LINE + 2.0;
        self.row("What happened", &current.what_happened);
        self.row(
            "Action taken",
            &or_not_recorded(Some(&current.action_taken)),
        );
        let referral = crate::incidents::referral_words(&current.referral.to);
        self.row("Passed on to", &or_not_recorded(Some(&referral)));
        for version in incident.versions.iter().skip(1) {
            let mut text = format!(
                "{} by {} ({})",
                version.kind.label(),
                version.recorded_by,
                version
                    .recorded_at
                    .get(..10)
                    .unwrap_or(&version.recorded_at)
            );
            if let Some(note) = &version.note {
                text.push_str(&format!(": {note}"));
            }
            if let Some(reason) = &version.reason {
                text.push_str(&format!(" (reason: {reason})"));
            }
            for change in &version.changes {
                text.push_str(&format!(
                    "; {} changed from “{}” to “{}”",
                    change.field, change.before, change.after
                ));
            }
            self.row("Later", &text);
        }
        self.flow.y += 6.0;
    }
}
