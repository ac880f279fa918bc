//! Every operation, as every role, against the table in docs/permissions.md: the document
//! people read is the rule the core applies, and is exactly the table generated from the
//! code (both shells' columns too; the CLI's and the window's own tests run their commands
//! as every role against it). `CLUBROOM_WRITE_PERMISSIONS=1 cargo test -p
//! clubroom-core access` rewrites the table from the code after a deliberate change.

use super::*;
use crate::fixtures::Club;
use crate::store::Store;
use crate::vocab::{SessionType, StaffRole};

const DOC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/permissions.md");
const BEGIN: &str =
    "<!-- operations table: generated, checked by crates/core/src/access/tests.rs -->";
const END: &str = "<!-- end of operations table -->";

fn actor(role: Role) -> Actor {
    Actor {
        user_id: 1,
        name: format!("Test {}", role.label()),
        role,
        person_id: None,
    }
}

fn mark(allowed: bool) -> &'static str {
    if allowed { "✓" } else { "—" }
}

/// The one table of every operation, both shells and every role, as docs/permissions.md
/// holds it: the window's command (the operation's code) and the CLI's subcommands.
pub(crate) fn table_from_code() -> String {
    let mut table = String::from(
        "| Operation | What it is | Needs | Window | `clubroom-cli` | Manager | Safeguarding lead | Leader | Volunteer |\n\
         |---|---|---|:-:|---|:-:|:-:|:-:|:-:|\n",
    );
    for operation in Operation::ALL {
        let needs = operation.permission().map_or("anyone", |p| p.describe());
        let cells: Vec<&str> = Role::ALL
            .iter()
            .map(|role| mark(operation.permission().is_none_or(|p| allowed(*role, p))))
            .collect();
        let window = if operation.in_window() { "✓" } else { "—" };
        let cli: Vec<String> = operation
            .cli_commands()
            .iter()
            .map(|c| format!("`{c}`"))
            .collect();
        let cli = if cli.is_empty() {
            "—".to_owned()
        } else {
            cli.join(", ")
        };
        table.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            operation.code(),
            operation.label(),
            needs,
            window,
            cli,
            cells.join(" | ")
        ));
    }
    table
}

/// The operations table of docs/permissions.md: operation code -> allowed per role, in
/// the order of `Role::ALL`.
fn table_from_doc() -> Vec<(String, Vec<bool>)> {
    let doc = std::fs::read_to_string(DOC).expect("docs/permissions.md exists");
    let start = doc.find(BEGIN).expect("the table's start marker") + BEGIN.len();
    let end = doc.find(END).expect("the table's end marker");
    doc[start..end]
        .lines()
        .filter(|line| line.starts_with("| `"))
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            let code = cells[0].trim_matches('`').to_owned();
            let roles = cells.len() - Role::ALL.len();
            let allowed = cells[roles..].iter().map(|cell| *cell == "✓").collect();
            (code, allowed)
        })
        .collect()
}

#[test]
fn every_operation_as_every_role_matches_docs_permissions_md() {
    if std::env::var_os("CLUBROOM_WRITE_PERMISSIONS").is_some() {
        let doc = std::fs::read_to_string(DOC).unwrap();
        let start = doc.find(BEGIN).unwrap() + BEGIN.len();
        let end = doc.find(END).unwrap();
        let written = format!(
            "{}\n\n{}\n{}",
            &doc[..start],
            table_from_code(),
            &doc[end..]
        );
        std::fs::write(DOC, written).unwrap();
    }
    let doc = std::fs::read_to_string(DOC).unwrap();
    let start = doc.find(BEGIN).unwrap() + BEGIN.len();
    let end = doc.find(END).unwrap();
    assert_eq!(
        doc[start..end].trim(),
        table_from_code().trim(),
        "docs/permissions.md is the table generated from access's operations; after a \
         deliberate change run CLUBROOM_WRITE_PERMISSIONS=1 cargo test -p clubroom-core access"
    );
    let documented = table_from_doc();
    let codes: Vec<&str> = documented.iter().map(|(code, _)| code.as_str()).collect();
    let operations: Vec<&str> = Operation::ALL.iter().map(|op| op.code()).collect();
    assert_eq!(
        codes, operations,
        "docs/permissions.md lists exactly the operations the core has"
    );
    let mut store = Store::open_in_memory().unwrap();
    for (code, allowed) in &documented {
        let operation = Operation::from_code(code).unwrap();
        for (role, expected) in Role::ALL.iter().zip(allowed) {
            store.sign_in_as(actor(*role));
            let outcome = store.begin(operation, Target::Nothing);
            assert_eq!(
                outcome.is_ok(),
                *expected,
                "{code} as {}: {outcome:?}",
                role.label()
            );
            if let Err(refusal) = outcome {
                assert_eq!(refusal.kind(), crate::ErrorKind::Denied);
                assert!(refusal.to_string().contains("Ask a manager"), "{refusal}");
            }
        }
    }
}

#[test]
fn nothing_needing_a_permission_is_done_before_signing_in_or_while_locked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("club.sqlite3");
    {
        let mut store = Store::create(&path).unwrap();
        store
            .write(|tx| crate::users::create_first_manager(tx, "Alex", "kettle on at seven"))
            .unwrap();
    }
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 5).unwrap();
    let now = chrono::Utc::now();
    let mut club = crate::ClubFile::at(&path, today, now);
    assert!(club.needs_sign_in());
    let store = club.store_mut().unwrap();
    let refused = store
        .begin(Operation::SearchYoungPeople, Target::Nothing)
        .unwrap_err();
    assert_eq!(refused.to_string(), "Sign in first.");
    assert!(store.begin(Operation::AppStatus, Target::Nothing).is_ok());

    club.sign_in("alex", "kettle on at seven", today, now)
        .unwrap();
    let may_search = |club: &mut crate::ClubFile| {
        club.store_mut()
            .unwrap()
            .begin(Operation::SearchYoungPeople, Target::Nothing)
    };
    assert!(may_search(&mut club).is_ok());
    club.lock().unwrap();
    let locked = may_search(&mut club).unwrap_err();
    assert!(locked.to_string().contains("locked"));
    assert!(club.unlock("not it").is_err());
    assert!(club.store_mut().unwrap().is_locked());
    club.unlock("kettle on at seven").unwrap();
    assert!(may_search(&mut club).is_ok());

    club.sign_out().unwrap();
    assert!(may_search(&mut club).is_err());
}

#[test]
fn a_volunteer_takes_only_the_registers_of_sessions_they_staff() {
    let mut club = Club::new();
    let staffed = club.session("2026-05-05", "18:00", "20:00", SessionType::OpenAccess);
    let other = club.session("2026-05-06", "18:00", "20:00", SessionType::OpenAccess);
    let person = club.adult("Sam Volunteer", false, StaffRole::Volunteer);
    club.staff(staffed, person, StaffRole::Volunteer);
    let sam = Actor {
        person_id: Some(person),
        ..actor(Role::Volunteer)
    };
    let conn = club.store.conn();
    assert!(check(conn, &sam, Operation::MarkPresent, Target::Session(staffed)).is_ok());
    let refused = check(conn, &sam, Operation::MarkPresent, Target::Session(other)).unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("sessions you are down to staff")
    );
    // A leader takes any register.
    assert!(
        check(
            conn,
            &actor(Role::Leader),
            Operation::MarkPresent,
            Target::Session(other)
        )
        .is_ok()
    );
}

#[test]
fn training_is_your_own_unless_you_may_see_everyones() {
    let sam = Actor {
        person_id: Some(5),
        ..actor(Role::Volunteer)
    };
    let conn = Store::open_in_memory().unwrap();
    let conn = conn.conn();
    assert!(check(conn, &sam, Operation::LogTraining, Target::Person(5)).is_ok());
    assert!(check(conn, &sam, Operation::LogTraining, Target::Person(6)).is_err());
    assert!(check(conn, &sam, Operation::TrainingRecords, Target::Person(6)).is_err());
    let leader = actor(Role::Leader);
    assert!(check(conn, &leader, Operation::TrainingRecords, Target::Person(6)).is_ok());
    assert!(check(conn, &leader, Operation::LogTraining, Target::Person(6)).is_err());
    assert!(
        check(
            conn,
            &actor(Role::Manager),
            Operation::LogTraining,
            Target::Person(6)
        )
        .is_ok()
    );
}

#[test]
fn a_volunteer_cannot_give_their_training_record_to_someone_else() {
    let mut club = Club::new();
    let sam = club.adult("Sam Volunteer", false, StaffRole::Volunteer);
    let ann = club.adult("Ann Archer", true, StaffRole::Lead);
    let record = club.trained(sam, "Safeguarding level 1", "2026-03-01");
    let annes = club.trained(ann, "Safeguarding level 1", "2026-03-01");
    let volunteer = Actor {
        person_id: Some(sam),
        ..actor(Role::Volunteer)
    };
    let conn = club.store.conn();
    let change = |record, person| Target::TrainingChange { record, person };
    assert!(
        check(
            conn,
            &volunteer,
            Operation::UpdateTraining,
            change(record, sam)
        )
        .is_ok()
    );
    // Moving their own record onto Ann, or Ann's onto themselves, is refused.
    let moved = check(
        conn,
        &volunteer,
        Operation::UpdateTraining,
        change(record, ann),
    );
    assert!(
        moved
            .unwrap_err()
            .to_string()
            .contains("your own training only")
    );
    assert!(
        check(
            conn,
            &volunteer,
            Operation::UpdateTraining,
            change(annes, sam)
        )
        .is_err()
    );
    // A manager may correct a record logged against the wrong person.
    assert!(
        check(
            conn,
            &actor(Role::Manager),
            Operation::UpdateTraining,
            change(record, ann)
        )
        .is_ok()
    );
}

#[test]
fn without_seeing_staff_the_team_is_only_yourself() {
    let mut club = Club::new();
    let sam = club.adult("Sam Volunteer", false, StaffRole::Volunteer);
    club.adult("Ann Archer", true, StaffRole::Lead);
    let conn = club.store.conn();
    let volunteer = Actor {
        person_id: Some(sam),
        ..actor(Role::Volunteer)
    };
    let seen = crate::people::visible_to(conn, &volunteer).unwrap();
    assert_eq!(seen.iter().map(|p| p.id).collect::<Vec<_>>(), vec![sam]);
    let unlinked = crate::people::visible_to(conn, &actor(Role::Volunteer)).unwrap();
    assert!(unlinked.is_empty());
    assert_eq!(
        crate::people::visible_to(conn, &actor(Role::Leader))
            .unwrap()
            .len(),
        2
    );
}
