//! The audit log in words. The `audit` module sits below the records and cannot read them,
//! so the names of what each entry points at (a young person, a concern, a session) are asked
//! here of the modules that own those tables, and `audit::describe` words the entry.
//! Read at the time the log is read, never stored: an erased young person's name does not
//! come back through the log.

use rusqlite::Connection;

use crate::access::Actor;
use crate::audit::{self, AuditEntry, Filter, NameRecords, Named};
use crate::error::Result;
use crate::{checkins, incidents, people, progression, sessions, training, young_people};

/// The log, newest first, each entry with its words (`described`); the raw record stays.
pub fn entries(conn: &Connection, actor: &Actor, filter: &Filter) -> Result<Vec<AuditEntry>> {
    let mut entries = audit::entries(conn, actor, filter)?;
    let names = ClubNames { conn };
    for entry in &mut entries {
        entry.described = audit::describe(entry, &names);
    }
    Ok(entries)
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
