//! The audit log in words. The `audit` module sits below the records and cannot read them,
//! so the names of what each entry points at (a young person, a concern, a session) are asked
//! here of the modules that own those tables, and `audit::describe` words the entry.
//! Read at the time the log is read, never stored: an erased young person's name does not
//! come back through the log.

use rusqlite::Connection;

use crate::access::Actor;
use crate::audit::{self, AuditEntry, Filter, NameRecords, Named};
use crate::error::Result;
use crate::{checkins, incidents, people, progression, sessions, stories, training, young_people};

/// The log, newest first, each entry with its words (`described`); the raw record stays.
/// The text filter searches the words shown as well as the raw record ("Zara" finds the
/// entries naming Zara Ahmed), without regard to case or accents.
pub fn entries(conn: &Connection, actor: &Actor, filter: &Filter) -> Result<Vec<AuditEntry>> {
    let names = ClubNames { conn };
    let wanted = filter
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(young_people::fold);
    let Some(wanted) = wanted else {
        let mut entries = audit::entries(conn, actor, filter)?;
        for entry in &mut entries {
            entry.described = audit::describe(entry, &names);
        }
        return Ok(entries);
    };
    // The words are made as the log is read, never stored, so the search cannot be left to
    // SQL: every entry in the dates and of the person asked for is worded, newest first,
    // until enough match.
    let limit = filter.limit.unwrap_or(audit::DEFAULT_LIMIT) as usize;
    let every = Filter {
        text: None,
        limit: Some(u32::MAX),
        ..filter.clone()
    };
    let mut found = Vec::new();
    for mut entry in audit::entries(conn, actor, &every)? {
        entry.described = audit::describe(&entry, &names);
        if matches(&entry, &wanted) {
            found.push(entry);
            if found.len() >= limit {
                break;
            }
        }
    }
    Ok(found)
}

/// Whether the words shown or the raw record hold the folded text searched for.
fn matches(entry: &AuditEntry, wanted: &str) -> bool {
    [
        entry.described.as_str(),
        entry.action.as_str(),
        entry.record.as_str(),
        entry.change.as_str(),
    ]
    .iter()
    .any(|text| young_people::fold(text).contains(wanted))
}

/// Names records of the club file by asking the module that owns each table.
struct ClubNames<'a> {
    conn: &'a Connection,
}

impl NameRecords for ClubNames<'_> {
    fn name(&self, table: &str, id: i64) -> Named {
        let found = match table {
            "young_people" => young_people::name_in_log(self.conn, id),
            "incidents" | "incident_versions" => incidents::name_in_log(self.conn, table, id),
            "sessions" | "session_series" => sessions::name_in_log(self.conn, table, id),
            "people" => people::name_in_log(self.conn, id),
            "courses" | "training_records" => training::name_in_log(self.conn, table, id),
            "checkins" => checkins::name_in_log(self.conn, id),
            "progression_events" => progression::name_in_log(self.conn, id),
            "stories" => stories::name_in_log(self.conn, id),
            _ => return Named::Unnamed,
        };
        match found {
            Ok(Some(name)) => Named::Name(name),
            Ok(None) => Named::Gone,
            // A record that cannot be read is shown by its number, as before.
            Err(_) => Named::Unnamed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Role;
    use crate::fixtures::{Club, date};
    use crate::incidents::{ConcernInput, Referral};

    fn lead() -> Actor {
        Actor {
            user_id: 7,
            name: "Sam Okafor".to_owned(),
            role: Role::SafeguardingLead,
            person_id: None,
        }
    }

    fn described(club: &Club) -> Vec<String> {
        entries(
            club.store.conn(),
            &Actor::club_manager(),
            &Filter::default(),
        )
        .unwrap()
        .into_iter()
        .map(|e| e.described)
        .collect()
    }

    #[test]
    fn a_check_in_and_a_progression_are_named_in_words_never_with_their_answers() {
        use crate::checkins::{Answer, CheckInInput, Mode, Wave};
        let mut club = Club::new();
        let amy = club.young_person("Amy", "Adams", Some("2010-01-01"));
        let today = club.today;
        let input = CheckInInput {
            young_person_id: amy,
            measure_code: "ons4".into(),
            measure_version: None,
            taken_on: date("2026-04-07"),
            wave: Wave::Baseline,
            mode: Mode::SelfReport,
            declined: false,
            answers: vec![Answer {
                question_id: "happy-yesterday".into(),
                value: Some(9),
            }],
            plan_id: None,
        };
        club.store
            .write(|tx| crate::checkins::record(tx, &Actor::club_manager(), &input, today))
            .unwrap();
        let step = crate::progression::EventInput {
            young_person_id: amy,
            kind: "arts-award".into(),
            happened_on: date("2026-05-01"),
            note: None,
        };
        club.store
            .write(|tx| crate::progression::add(tx, &Actor::club_manager(), &step, today))
            .unwrap();
        let words = described(&club);
        assert!(
            words
                .iter()
                .any(|w| w.starts_with("Added: check-in: the ons4 baseline check-in of Amy Adams")),
            "{words:?}"
        );
        assert!(
            words
                .iter()
                .any(|w| w.starts_with("Added: progression: Arts Award for Amy Adams")),
            "{words:?}"
        );
        // An answer's entry names the check-in and the question, never the answer given (9).
        let log = entries(
            club.store.conn(),
            &Actor::club_manager(),
            &Filter::default(),
        )
        .unwrap();
        let answers: Vec<&str> = log
            .iter()
            .map(|e| e.record.as_str())
            .filter(|r| r.starts_with("checkin_answers"))
            .collect();
        assert_eq!(answers.len(), 1);
        assert!(!answers[0].contains('9'), "{}", answers[0]);
    }

    #[test]
    fn a_concern_and_the_young_person_on_it_are_named_in_words_and_the_raw_record_stays() {
        let mut club = Club::new();
        let zara = club.young_person("Zara", "Ahmed", Some("2013-04-05"));
        let reference: String = club
            .store
            .conn()
            .query_row("SELECT ref FROM young_people WHERE id = ?1", [zara], |r| {
                r.get(0)
            })
            .unwrap();
        let input = ConcernInput {
            occurred_on: date("2029-12-10"),
            occurred_at: None,
            session_id: None,
            young_people: vec![zara],
            what_happened: "Said she was worried about walking home.".into(),
            action_taken: "Listened; told the DSL.".into(),
            referral: Referral {
                to: vec![],
                detail: None,
                on: None,
            },
            follow_up: None,
        };
        let today = club.today;
        let concern = club
            .store
            .write(|tx| crate::incidents::add(tx, &lead(), &input, today))
            .unwrap();

        let log = entries(
            club.store.conn(),
            &Actor::club_manager(),
            &Filter::default(),
        )
        .unwrap();
        let on_concern = log
            .iter()
            .find(|e| e.record.starts_with("incident_version_people"))
            .expect("the young person on the concern is logged");
        assert_eq!(
            on_concern.described,
            format!(
                "Added: young person on a concern: Concern {}, Zara Ahmed ({reference})",
                concern.id
            )
        );
        // The raw record is still there for a manager who needs it.
        assert!(
            on_concern.record.contains("young_person_id="),
            "{}",
            on_concern.record
        );
        let words = described(&club);
        assert!(
            words.contains(&format!("Added: young person: Zara Ahmed ({reference})")),
            "{words:?}"
        );
        assert!(words.contains(&format!("Added: concern: Concern {}", concern.id)));
    }

    #[test]
    fn the_text_filter_searches_the_words_shown_as_well_as_the_raw_record() {
        let mut club = Club::new();
        let zara = club.young_person("Zara", "Ahmed", Some("2013-04-05"));
        club.young_person("Ben", "Bright", None);
        let search = |text: &str| {
            entries(
                club.store.conn(),
                &Actor::club_manager(),
                &Filter {
                    text: Some(text.into()),
                    ..Filter::default()
                },
            )
            .unwrap()
        };
        // Zara added, then her search text set: two entries, both naming her, none Ben.
        let found = search("zara");
        assert_eq!(found.len(), 2, "{found:?}");
        for entry in &found {
            assert!(entry.described.contains("Zara Ahmed"), "{entry:?}");
            assert!(
                !entry.record.to_lowercase().contains("zara"),
                "found by the words"
            );
        }
        assert_eq!(
            search("ZARA AHM").len(),
            2,
            "case and a part of the whole name"
        );
        // The raw record is still searched, for a manager who needs it.
        let by_record = search(&format!("young_people {zara}"));
        assert!(!by_record.is_empty());
        assert!(search("nobody of that name").is_empty());
        let limited = entries(
            club.store.conn(),
            &Actor::club_manager(),
            &Filter {
                text: Some("added".into()),
                limit: Some(1),
                ..Filter::default()
            },
        )
        .unwrap();
        assert_eq!(limited.len(), 1, "the limit still holds");
    }

    #[test]
    fn an_import_and_a_sign_in_are_said_in_words_never_by_their_tables_name() {
        // An import writes one entry for its whole file, and a sign-in one for the account:
        // their record is only a table's name, which the log used to show as it was.
        let mut club = Club::new();
        let manager = Actor::club_manager();
        club.store
            .write(|tx| {
                crate::audit::record_change(
                    tx,
                    &manager,
                    "import young people",
                    "young_people",
                    "imported: rows 2, added 2, updated 0, unchanged 0, sessions added 0",
                )?;
                crate::audit::record_change(tx, &manager, "sign in", "users", "signed in")?;
                crate::audit::record(
                    tx,
                    &manager,
                    "save the attendance",
                    "kind=attendance; file=/tmp/a.csv; sha256=ab12",
                )
            })
            .unwrap();
        let words = described(&club);
        assert!(
            words.contains(
                &"Imported: young person: rows 2, added 2, updated 0, unchanged 0, sessions added 0"
                    .to_owned()
            ),
            "{words:?}"
        );
        assert!(
            words.contains(&"Signed in: account".to_owned()),
            "{words:?}"
        );
        for word in &words {
            assert!(
                !word.contains("young_people") && word != "users",
                "a table's name: {words:?}"
            );
        }
        // An export's record already says what and where: kept as it is.
        assert!(
            words.contains(&"kind=attendance; file=/tmp/a.csv; sha256=ab12".to_owned()),
            "{words:?}"
        );
    }

    #[test]
    fn an_erased_young_person_is_not_named_again_by_the_log() {
        let mut club = Club::new();
        let zara = club.young_person("Zara", "Ahmed", None);
        let today = club.today;
        club.store
            .write(|tx| crate::rights::erase(tx, &Actor::club_manager(), zara, today))
            .unwrap();
        let words = described(&club).join("\n");
        assert!(!words.contains("Zara"), "{words}");
        assert!(
            words.contains("a young person no longer on file"),
            "{words}"
        );
    }
}
