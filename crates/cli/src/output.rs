//! Plain-text output for people at a terminal (every list command also has `--json`).

use std::time::Duration;

use chrono::NaiveDate;
use clubroom_core::demo::DemoSummary;
use clubroom_core::figures::Figures;
use clubroom_core::import::ImportOutcome;
use clubroom_core::import::apply::MappedImport;
use clubroom_core::import::progress::{RowCounts, RowStatus};
use clubroom_core::organisation::Venue;
use clubroom_core::register::Register;
use clubroom_core::sessions::{Series, Session};
use clubroom_core::young_people::SearchResult;

pub fn date_or_none(date: Option<NaiveDate>) -> String {
    date.map_or_else(
        || "none".to_owned(),
        |d| d.format("%a %-d %b %Y").to_string(),
    )
}

pub fn demo_summary(made: &DemoSummary, took: Duration) {
    println!(
        "Made a demo club in {:.1}s: {} young people, {} series, {} sessions held ({} cancelled), {} attendances, {} anonymous contacts, {} staff and volunteers",
        took.as_secs_f64(),
        made.young_people,
        made.series,
        made.sessions_held,
        made.sessions_cancelled,
        made.attendances,
        made.anonymous_contacts,
        made.staff_and_volunteers
    );
}

pub fn import_outcome(what: &str, outcome: &ImportOutcome) {
    let mut line = format!(
        "Imported {what}: {} rows; {} added, {} updated, {} unchanged",
        outcome.rows, outcome.added, outcome.updated, outcome.unchanged
    );
    if outcome.sessions_added > 0 {
        line.push_str(&format!("; {} sessions created", outcome.sessions_added));
    }
    println!("{line}");
}

/// What an import through a mapping did or (a dry run) would do: the counts, every problem
/// by line and column, and the notes. After a suggested mapping (printed on standard output
/// for saving) these lines go to standard error.
/// Each row of a young people file the core lists beside who it will be (`import
/// young-people --rows`): every row waiting for a decision and the first of the others, then
/// how many more there are.
pub fn row_people(done: &MappedImport, to_stderr: bool) {
    let say = |line: String| {
        if to_stderr {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    };
    for row in &done.people {
        let who = match row.status {
            RowStatus::New => format!("new, as {} ({})", row.on_record, row.reference),
            RowStatus::Update => format!("updates {} ({})", row.on_record, row.reference),
            RowStatus::Unchanged => {
                format!("{} ({}), nothing to change", row.on_record, row.reference)
            }
            RowStatus::Doubtful => format!(
                "may be {} ({}): say in the mapping whether they are the same person or someone new",
                row.on_record, row.reference
            ),
        };
        say(format!("Line {}: {} – {who}", row.line, row.in_file));
    }
    if let Some(more) = not_listed(&done.people_not_listed) {
        say(more);
    }
}

/// "And 99,800 more rows not listed: 99,800 new." (`None` when every row was listed).
fn not_listed(counts: &RowCounts) -> Option<String> {
    let parts: Vec<String> = [
        (counts.new, "new"),
        (counts.update, "to update"),
        (counts.unchanged, "unchanged"),
        (counts.doubtful, "to decide"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, said)| format!("{} {said}", thousands(n)))
    .collect();
    let total = counts.total();
    (total > 0).then(|| {
        format!(
            "And {} more {} not listed: {}.",
            thousands(total),
            if total == 1 { "row" } else { "rows" },
            parts.join(", ")
        )
    })
}

/// 99800 as "99,800".
fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

pub fn mapped_import(what: &str, done: &MappedImport, to_stderr: bool) {
    let say = |line: String| {
        if to_stderr {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    };
    for note in &done.notes {
        say(format!("Note: {note}"));
    }
    if let Some(outcome) = &done.outcome {
        let verb = if done.dry_run {
            "Would import"
        } else {
            "Imported"
        };
        let mut line = format!(
            "{verb} {what}: {} rows; {} added, {} updated, {} unchanged",
            outcome.rows, outcome.added, outcome.updated, outcome.unchanged
        );
        if outcome.sessions_added > 0 {
            line.push_str(&format!("; {} sessions created", outcome.sessions_added));
        }
        say(line);
    }
    for problem in &done.problems {
        say(match &problem.column {
            Some(column) => format!(
                "Line {}, column {}: {}",
                problem.line, column, problem.reason
            ),
            None => format!("Line {}: {}", problem.line, problem.reason),
        });
    }
    if done.problems_total as usize > done.problems.len() {
        say(format!(
            "… and {} more problems not listed.",
            done.problems_total as usize - done.problems.len()
        ));
    }
}

pub fn figures(figures: &Figures) {
    let m = &figures.measures;
    println!("{} to {}", figures.period.from, figures.period.to);
    for (name, value) in [
        ("sessions", m.sessions.to_string()),
        ("delivery_hours", format!("{:.2}", m.delivery_hours)),
        ("attendances", m.attendances.to_string()),
        ("unique_young_people", m.unique_young_people.to_string()),
        ("new_young_people", m.new_young_people.to_string()),
        ("contact_hours", format!("{:.2}", m.contact_hours)),
        ("anonymous_contacts", m.anonymous_contacts.to_string()),
        ("volunteers", m.volunteers.to_string()),
        ("staff", m.staff.to_string()),
        ("volunteer_hours", format!("{:.2}", m.volunteer_hours)),
        ("staff_hours", format!("{:.2}", m.staff_hours)),
        (
            "volunteer_value_gbp",
            format!("{:.2}", m.volunteer_value_gbp),
        ),
        (
            "training_compliance",
            m.training_compliance.map_or_else(
                || "none staffed".to_owned(),
                |c| format!("{:.1}%", c * 100.0),
            ),
        ),
    ] {
        println!("  {name:<22} {value:>10}");
    }
    for (dimension, categories) in &figures.breakdowns {
        println!("{dimension}");
        for (category, count) in categories {
            println!("  {category:<40} {count:>6}");
        }
    }
}

pub fn venues(venues: &[Venue]) {
    for venue in venues {
        let archived = if venue.archived { " (archived)" } else { "" };
        println!(
            "{:>4}  {}{}  {}",
            venue.id,
            venue.name,
            archived,
            venue.postcode.as_deref().unwrap_or("")
        );
    }
}

pub fn young_people(found: &SearchResult) {
    for person in &found.people {
        let age = person
            .age
            .map(|a| a.to_string())
            .unwrap_or_else(|| "?".into());
        let flags = [
            (person.needs_details, "details to complete"),
            (person.archived, "archived"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, label)| *label)
        .collect::<Vec<_>>()
        .join(", ");
        println!(
            "{:<10} {:<32} {:>3}  {:<8} {}",
            person.reference,
            person.display_name(),
            age,
            person.postcode.as_deref().unwrap_or(""),
            flags
        );
    }
    println!("{} of {} shown", found.people.len(), found.total);
}

pub fn series(all: &[Series]) {
    let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    for s in all {
        let d = &s.details;
        let day = days.get(d.weekday as usize - 1).copied().unwrap_or("?");
        let stopped = if s.archived { " (stopped)" } else { "" };
        println!(
            "{:>4}  {}{}  {} {}-{}  {}  next: {}",
            s.id,
            d.name,
            stopped,
            day,
            d.start,
            d.end,
            d.session_type.label(),
            date_or_none(s.next_date)
        );
    }
}

pub fn sessions(list: &Vec<Session>) {
    for s in list {
        let state = if s.cancelled {
            "cancelled".to_owned()
        } else {
            format!("{} present", s.present)
        };
        println!(
            "{:>6}  {}  {}-{}  {:<28} {:<20} {}",
            s.id,
            s.details.date,
            s.details.start,
            s.details.end,
            s.details.name,
            s.details.session_type.label(),
            state
        );
    }
}

pub fn register(register: &Register) {
    println!("{}", register.session.describe());
    for entry in &register.entries {
        let mark = if entry.present { "[x]" } else { "[ ]" };
        let regular = if entry.regular { "  regular" } else { "" };
        println!(
            "  {mark} {:<32} {}{regular}",
            entry.young_person.display_name(),
            entry.young_person.reference
        );
    }
    let headcount: u32 = register.headcounts.iter().map(|h| h.count).sum();
    println!(
        "{} present, {} counted anonymously",
        register.session.present, headcount
    );
    match register.erased_present {
        0 => {}
        1 => println!("  (1 of them was erased since: counted, with no name)"),
        n => println!("  ({n} of them were erased since: counted, with no name)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rows_not_listed_are_counted_by_what_they_will_be() {
        let none = RowCounts::default();
        assert_eq!(not_listed(&none), None);
        let new = RowCounts {
            new: 99_800,
            ..none
        };
        assert_eq!(
            not_listed(&new).as_deref(),
            Some("And 99,800 more rows not listed: 99,800 new.")
        );
        let mixed = RowCounts {
            new: 1,
            update: 1_000,
            unchanged: 999,
            doubtful: 0,
        };
        assert_eq!(
            not_listed(&mixed).as_deref(),
            Some("And 2,000 more rows not listed: 1 new, 1,000 to update, 999 unchanged.")
        );
        assert_eq!(
            not_listed(&RowCounts { new: 1, ..none }).as_deref(),
            Some("And 1 more row not listed: 1 new.")
        );
    }
}
