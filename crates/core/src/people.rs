//! Staff and volunteers: who they are, how to reach them, whether they are paid, the roles
//! they take, and when they started and left. (Their training is in `training`; who worked
//! which session is in `staffing`.)

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::dates::now_utc_text;
use crate::error::{Error, Result, invalid};
use crate::store::{OptionalRow, tidy};
use crate::vocab::StaffRole;

/// What the staff and volunteer form sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonInput {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Paid staff; otherwise a volunteer.
    pub paid: bool,
    pub roles: Vec<StaffRole>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub started_on: Option<NaiveDate>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub left_on: Option<NaiveDate>,
}

impl PersonInput {
    /// A volunteer with just a name.
    pub fn volunteer(name: &str) -> PersonInput {
        PersonInput {
            name: name.to_owned(),
            email: None,
            phone: None,
            paid: false,
            roles: vec![StaffRole::Volunteer],
            started_on: None,
            left_on: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Person {
    pub id: i64,
    #[serde(flatten)]
    pub details: PersonInput,
    pub archived: bool,
}

impl Person {
    /// The role they usually take: the first listed, else volunteer or worker.
    pub fn main_role(&self) -> StaffRole {
        self.details
            .roles
            .first()
            .copied()
            .unwrap_or(if self.details.paid {
                StaffRole::Worker
            } else {
                StaffRole::Volunteer
            })
    }
}

fn person_from_row(row: &Row) -> rusqlite::Result<Person> {
    let roles: String = row.get(5)?;
    Ok(Person {
        id: row.get(0)?,
        details: PersonInput {
            name: row.get(1)?,
            email: row.get(2)?,
            phone: row.get(3)?,
            paid: row.get(4)?,
            roles: roles.split(',').filter_map(StaffRole::parse).collect(),
            started_on: row.get(6)?,
            left_on: row.get(7)?,
        },
        archived: row.get(8)?,
    })
}

const PERSON_COLUMNS: &str = "id, name, email, phone, paid, roles, started_on, left_on, archived";

pub fn get(conn: &Connection, id: i64) -> Result<Person> {
    conn.query_row(
        &format!("SELECT {PERSON_COLUMNS} FROM people WHERE id = ?1"),
        [id],
        person_from_row,
    )
    .or_not_found(|| "That member of staff or volunteer is not on the list.".into())
}

/// The team as `actor` may see it: everyone for those who see staff; otherwise only their own
/// record (a volunteer's page for their own training).
pub fn visible_to(conn: &Connection, actor: &crate::access::Actor) -> Result<Vec<Person>> {
    if actor.can(crate::access::Permission::SeeStaff) {
        return all(conn);
    }
    actor.require(crate::access::Permission::OwnTraining)?;
    match actor.person_id {
        Some(id) => Ok(vec![get(conn, id)?]),
        None => Ok(Vec::new()),
    }
}

/// Everyone, current first, by name, contacts included. Not public: a shell lists people
/// through [`visible_to`], which cuts the list to what the person asking may see.
pub(crate) fn all(conn: &Connection) -> Result<Vec<Person>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PERSON_COLUMNS} FROM people ORDER BY archived, name COLLATE NOCASE"
    ))?;
    let people = stmt
        .query_map([], person_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(people)
}

pub fn add(tx: &Transaction, input: &PersonInput) -> Result<Person> {
    let input = check(tx, input, None)?;
    let now = now_utc_text();
    tx.execute(
        "INSERT INTO people (name, email, phone, paid, roles, started_on, left_on, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![
            input.name,
            input.email,
            input.phone,
            input.paid,
            roles_text(&input.roles),
            input.started_on,
            input.left_on,
            now
        ],
    )?;
    get(tx, tx.last_insert_rowid())
}

pub fn update(tx: &Transaction, id: i64, input: &PersonInput) -> Result<Person> {
    get(tx, id)?;
    let input = check(tx, input, Some(id))?;
    tx.execute(
        "UPDATE people SET name = ?2, email = ?3, phone = ?4, paid = ?5, roles = ?6, started_on = ?7,
             left_on = ?8, updated_at = ?9 WHERE id = ?1",
        params![
            id,
            input.name,
            input.email,
            input.phone,
            input.paid,
            roles_text(&input.roles),
            input.started_on,
            input.left_on,
            now_utc_text()
        ],
    )?;
    get(tx, id)
}

/// Hides someone who no longer helps; their hours and training history stay.
pub fn set_archived(tx: &Transaction, id: i64, archived: bool) -> Result<Person> {
    get(tx, id)?;
    tx.execute(
        "UPDATE people SET archived = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, archived, now_utc_text()],
    )?;
    get(tx, id)
}

fn roles_text(roles: &[StaffRole]) -> String {
    roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
}

fn check(conn: &Connection, input: &PersonInput, id: Option<i64>) -> Result<PersonInput> {
    let name = input.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return invalid("Enter the person's name.");
    }
    if name.chars().count() > 100 {
        return invalid("That name is too long (100 characters at most).");
    }
    let email = tidy(input.email.as_deref()).map(|e| e.to_lowercase());
    if let Some(email) = &email {
        let shaped = email
            .split_once('@')
            .is_some_and(|(user, domain)| !user.is_empty() && domain.contains('.'));
        if !shaped || email.contains(char::is_whitespace) {
            return invalid(format!("“{email}” doesn't look like an email address."));
        }
        let clash: Option<String> = conn
            .query_row(
                "SELECT name FROM people WHERE email = ?1 COLLATE NOCASE AND id IS NOT ?2",
                params![email, id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(other) = clash {
            return invalid(format!("{other} already uses the email address {email}."));
        }
    }
    if let (Some(started), Some(left)) = (input.started_on, input.left_on)
        && left < started
    {
        return invalid(format!(
            "They can't leave ({}) before they start ({}).",
            crate::dates::day_first(left),
            crate::dates::day_first(started)
        ));
    }
    let mut roles = input.roles.clone();
    roles.dedup();
    // Paid staff are not volunteers: switching someone to paid drops the volunteer role
    // (their other roles stay), so no list or matrix calls them both.
    if input.paid {
        roles.retain(|role| *role != StaffRole::Volunteer);
    }
    Ok(PersonInput {
        name,
        email,
        phone: tidy(input.phone.as_deref()),
        roles,
        ..input.clone()
    })
}

/// Finds a person by email (case-insensitive) or else by their full name; an error names
/// what was looked for, or says when a name fits more than one person.
pub fn find(conn: &Connection, email_or_name: &str) -> Result<i64> {
    let wanted = email_or_name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let by_email: Option<i64> = conn
        .query_row(
            "SELECT id FROM people WHERE email = ?1 COLLATE NOCASE",
            [&wanted],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = by_email {
        return Ok(id);
    }
    let by_name: Vec<i64> = conn
        .prepare_cached("SELECT id FROM people WHERE name = ?1 COLLATE NOCASE")?
        .query_map([&wanted], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    match by_name.as_slice() {
        [id] => Ok(*id),
        [] => Err(Error::NotFound(format!(
            "No member of staff or volunteer is called or has the email “{wanted}”."
        ))),
        _ => Err(Error::Invalid(format!(
            "More than one person is called “{wanted}”: use their email address instead."
        ))),
    }
}

/// A staff member's or volunteer's name, for the audit log; None if not on file.
pub fn name_in_log(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT name FROM people WHERE id = ?1", [id], |row| {
            row.get(0)
        })
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn colleagues_contacts_are_seen_by_role_and_a_volunteer_sees_only_their_own() {
        use crate::access::{Actor, Role};
        let mut store = Store::open_in_memory().unwrap();
        let mut ann = PersonInput::volunteer("Ann Archer");
        ann.email = Some("ann@example.org".into());
        ann.phone = Some("07700 900001".into());
        let mut bo = PersonInput::volunteer("Bo Bright");
        bo.email = Some("bo@example.org".into());
        let bo_id = store
            .write(|tx| {
                add(tx, &ann)?;
                Ok(add(tx, &bo)?.id)
            })
            .unwrap();
        let emails = |role: Role, person_id: Option<i64>| -> Vec<String> {
            let actor = Actor {
                user_id: 9,
                name: "Someone".into(),
                role,
                person_id,
            };
            visible_to(store.conn(), &actor)
                .unwrap()
                .into_iter()
                .filter_map(|p| p.details.email)
                .collect()
        };
        let everyone = vec!["ann@example.org".to_owned(), "bo@example.org".to_owned()];
        for role in [Role::Manager, Role::SafeguardingLead, Role::Leader] {
            assert_eq!(emails(role, Some(bo_id)), everyone, "{role:?}");
        }
        assert_eq!(
            emails(Role::Volunteer, Some(bo_id)),
            vec!["bo@example.org".to_owned()]
        );
        // A volunteer whose account is not linked to a record sees nobody's contacts.
        assert!(emails(Role::Volunteer, None).is_empty());
    }

    #[test]
    fn someone_switched_to_paid_staff_is_no_longer_a_volunteer() {
        let mut store = Store::open_in_memory().unwrap();
        let mut sam = PersonInput::volunteer("Sam Patel");
        sam.roles = vec![StaffRole::Volunteer, StaffRole::FirstAider];
        let id = store.write(|tx| Ok(add(tx, &sam)?.id)).unwrap();
        sam.paid = true;
        let updated = store.write(|tx| update(tx, id, &sam)).unwrap();
        assert!(updated.details.paid);
        assert_eq!(updated.details.roles, vec![StaffRole::FirstAider]);
        // A volunteer keeps the role.
        sam.paid = false;
        sam.roles = vec![StaffRole::Volunteer];
        let back = store.write(|tx| update(tx, id, &sam)).unwrap();
        assert_eq!(back.details.roles, vec![StaffRole::Volunteer]);
    }

    #[test]
    fn a_leaving_date_before_the_start_is_named_day_first() {
        let mut store = Store::open_in_memory().unwrap();
        let mut sam = PersonInput::volunteer("Sam Patel");
        sam.started_on = Some(crate::fixtures::date("2026-03-14"));
        sam.left_on = Some(crate::fixtures::date("2026-01-02"));
        let error = store.write(|tx| add(tx, &sam)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "They can't leave (2 January 2026) before they start (14 March 2026)."
        );
    }

    #[test]
    fn people_are_added_tidied_and_found_by_email_or_name() {
        let mut store = Store::open_in_memory().unwrap();
        let mut input = PersonInput::volunteer("  Sam   Patel ");
        input.email = Some("Sam.Patel@Example.org".into());
        let sam = store.write(|tx| add(tx, &input)).unwrap();
        assert_eq!(sam.details.name, "Sam Patel");
        assert_eq!(sam.details.email.as_deref(), Some("sam.patel@example.org"));
        assert_eq!(find(store.conn(), "SAM.PATEL@example.org").unwrap(), sam.id);
        assert_eq!(find(store.conn(), "sam patel").unwrap(), sam.id);
        assert!(
            find(store.conn(), "Nobody")
                .unwrap_err()
                .to_string()
                .contains("“Nobody”")
        );
        store
            .write(|tx| add(tx, &PersonInput::volunteer("Sam Patel")))
            .unwrap();
        assert!(
            find(store.conn(), "Sam Patel")
                .unwrap_err()
                .to_string()
                .contains("More than one")
        );
    }

    #[test]
    fn bad_people_are_explained() {
        let mut store = Store::open_in_memory().unwrap();
        let mut input = PersonInput::volunteer("Ann");
        input.email = Some("not an email".into());
        assert!(
            store
                .write(|tx| add(tx, &input))
                .unwrap_err()
                .to_string()
                .contains("email address")
        );
        let mut input = PersonInput::volunteer("Ann");
        input.started_on = NaiveDate::from_ymd_opt(2026, 5, 1);
        input.left_on = NaiveDate::from_ymd_opt(2026, 4, 1);
        assert!(
            store
                .write(|tx| add(tx, &input))
                .unwrap_err()
                .to_string()
                .contains("can't leave")
        );
        assert!(
            store
                .write(|tx| add(tx, &PersonInput::volunteer(" ")))
                .is_err()
        );
        assert!(all(store.conn()).unwrap().is_empty());
    }
}
