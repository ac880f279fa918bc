//! The data-protection rights of the young people a club works with (UK GDPR): everything
//! held about one of them (a subject access request), erasing one on request, and the
//! retention rules that list who and what has been kept long enough, for a manager to confirm.
//!
//! Erasure keeps past figures right (docs/counting-rules.md, "Erased young people"): the
//! person's attendances move to an anonymous attender that holds no name, reference, date of
//! birth, postcode, note, contact, consent or medical detail, only the coarse facts the
//! counting rules break figures down by (gender, ethnicity, disability, postcode district,
//! circumstances) and, with each attendance, their age in whole years on that day. Age bands
//! are worked out from the age at an attendance, for any period and any template's bands, so
//! an age per attendance answers every one of them exactly, where a birth year and month
//! would be a year out on days in the birth month. The named attendances go, and "new young
//! people" is kept right by the attendances staying together under one anonymous attender.
//!
//! Every function asks for [`Permission::DataRights`]; the audit log records each change
//! (through the store's triggers) and each export (through [`audit::record`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, Months, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::access::{Actor, Permission};
use crate::audit;
use crate::dates::{ClockTime, now_utc_text};
use crate::error::{Error, Result, invalid};
use crate::incidents::{self, Incident};
use crate::store::{OptionalRow, Store};
use crate::stories::StoriesOnErasure;
use crate::vocab::{Disability, Ethnicity, Gender, SessionType, postcode_district};
use crate::young_people::{self, Consent, EmergencyContact, age_from, display_name};

/// The name and version of the subject access JSON. A change that could break a reader
/// gets a new version.
pub const ACCESS_FORMAT: &str = "clubroom-subject-access/1";

/// What replaces a young person's name in session notes when they are erased.
pub const NAME_REMOVED: &str = "[name removed]";

// ---- subject access ----

/// The club that holds the data (the controller).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Holder {
    pub name: String,
    pub charity_number: Option<String>,
}

/// A young person's details as held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Details {
    pub reference: String,
    pub first_name: String,
    pub last_name: String,
    pub preferred_name: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub date_of_birth: Option<NaiveDate>,
    /// An age given at the door, when the date of birth is not known.
    pub age_given: Option<u32>,
    pub gender: String,
    pub ethnicity: Option<String>,
    pub disability: String,
    pub postcode: Option<String>,
    pub school: Option<String>,
    pub education_status: Option<String>,
    pub referred_by: Option<String>,
    pub referred_to: Option<String>,
    /// Hidden from registers and lists (no longer coming).
    pub archived: bool,
}

/// Health and support notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HealthNotes {
    pub medical_notes: Option<String>,
    pub allergies: Option<String>,
    /// Special educational needs or disability: what helps them take part.
    pub send_notes: Option<String>,
}

/// One attendance, with the session it was at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AttendanceHeld {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub date: NaiveDate,
    pub session: String,
    pub session_type: String,
    pub venue: Option<String>,
    pub starts: String,
    pub ends: String,
    pub arrived_at: Option<String>,
    pub left_at: Option<String>,
    /// The session was called off afterwards (the mark is still held).
    pub cancelled: bool,
}

/// A session's note that mentions them by name or reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NoteHeld {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub date: NaiveDate,
    pub session: String,
    pub text: String,
}

/// Everything Clubroom holds about one young person (`clubroom-subject-access/1`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SubjectAccess {
    pub format: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub produced_on: NaiveDate,
    pub held_by: Holder,
    pub details: Details,
    pub consents: Vec<Consent>,
    pub emergency_contacts: Vec<EmergencyContact>,
    pub health: HealthNotes,
    /// The club's list of circumstances (the kinds of disadvantage they face), in words.
    pub circumstances: Vec<String>,
    /// The sensitive circumstances of the profile, in words ("Young carer: yes").
    pub sensitive_circumstances: Vec<String>,
    pub attendances: Vec<AttendanceHeld>,
    pub session_notes: Vec<NoteHeld>,
    /// Concerns in the incident and safeguarding log that name them, every version.
    pub incidents: Vec<Incident>,
    /// Their check-ins, with every answer (special-category data).
    #[serde(default)]
    pub check_ins: Vec<crate::checkins::CheckIn>,
    /// The steps of progression recorded for them.
    #[serde(default)]
    pub progression: Vec<crate::progression::Event>,
    /// Their quotes and case studies, with the consent each was given under.
    #[serde(default)]
    pub stories: Vec<crate::stories::Story>,
}

impl SubjectAccess {
    /// The name to address the document to.
    pub fn name(&self) -> String {
        display_name(
            &self.details.first_name,
            self.details.preferred_name.as_deref(),
            &self.details.last_name,
        )
    }

    /// The JSON file, pretty-printed so a person can read it too.
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string_pretty(self)
            .map_err(|e| Error::Invalid(format!("The record could not be written as JSON: {e}")))
    }
}

/// Gathers everything held about young person `id` and records the export in the audit log
/// (in the caller's transaction, so no file is written without its entry).
pub fn subject_access(
    tx: &Transaction,
    actor: &Actor,
    id: i64,
    today: NaiveDate,
) -> Result<SubjectAccess> {
    let access = gather(tx, actor, id, today)?;
    audit::record(
        tx,
        actor,
        "export everything held (subject access)",
        &format!("young_people {id}"),
    )?;
    Ok(access)
}

/// Everything held about young person `id`, read only: the exports door
/// (`crate::exports`) makes the file from it and records the export with the file's digest.
pub fn gather(
    conn: &Connection,
    actor: &Actor,
    id: i64,
    today: NaiveDate,
) -> Result<SubjectAccess> {
    actor.require(Permission::DataRights)?;
    let person = young_people::get(conn, id, today)?;
    let club = crate::organisation::require(conn)?;
    let profile = &person.profile;
    let details = Details {
        reference: person.reference.clone(),
        first_name: profile.first_name.clone(),
        last_name: profile.last_name.clone(),
        preferred_name: profile.preferred_name.clone(),
        date_of_birth: profile.date_of_birth,
        age_given: profile
            .date_of_birth
            .is_none()
            .then_some(profile.age)
            .flatten(),
        gender: profile.gender.label().to_owned(),
        ethnicity: profile.ethnicity.map(|e| e.label().to_owned()),
        disability: profile.disability.label().to_owned(),
        postcode: profile.postcode.clone(),
        school: profile.school.clone(),
        education_status: profile.education_status.map(|e| e.label().to_owned()),
        referred_by: profile.referred_by.clone(),
        referred_to: profile.referred_to.clone(),
        archived: person.archived,
    };
    let access = SubjectAccess {
        format: ACCESS_FORMAT.to_owned(),
        produced_on: today,
        held_by: Holder {
            name: club.name,
            charity_number: club.charity_number,
        },
        health: HealthNotes {
            medical_notes: profile.medical_notes.clone(),
            allergies: profile.allergies.clone(),
            send_notes: profile.send_notes.clone(),
        },
        circumstances: circumstance_labels(conn, &profile.circumstance_codes)?,
        sensitive_circumstances: sensitive_circumstances(&profile.circumstances),
        consents: profile.consents.clone(),
        emergency_contacts: profile.emergency_contacts.clone(),
        attendances: attendances_of(conn, id)?,
        session_notes: notes_naming(conn, &name_forms(&details))?,
        incidents: incidents_naming(conn, actor, id)?,
        check_ins: crate::checkins::held_about(conn, id)?,
        progression: crate::progression::of(conn, id)?,
        stories: crate::stories::held_about(conn, id)?,
        details,
    };
    Ok(access)
}

fn circumstance_labels(conn: &Connection, codes: &[String]) -> Result<Vec<String>> {
    let labels: HashMap<String, String> = crate::young_people::circumstances::all(conn)?
        .into_iter()
        .map(|c| (c.code, c.label))
        .collect();
    Ok(codes
        .iter()
        .map(|code| labels.get(code).cloned().unwrap_or_else(|| code.clone()))
        .collect())
}

fn sensitive_circumstances(c: &young_people::Circumstances) -> Vec<String> {
    [
        ("Care experienced", c.care_experienced),
        ("Young carer", c.young_carer),
        ("Looked after", c.looked_after),
        ("Care leaver", c.care_leaver),
        ("Child protection plan", c.child_protection_plan),
        ("Newly arrived or seeking asylum", c.newly_arrived),
    ]
    .into_iter()
    .filter_map(|(label, value)| {
        value.map(|yes| format!("{label}: {}", if yes { "yes" } else { "no" }))
    })
    .collect()
}

fn attendances_of(conn: &Connection, id: i64) -> Result<Vec<AttendanceHeld>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.date, s.name, s.session_type, v.name, s.start_time, s.end_time,
                a.arrived_at, a.left_at, s.cancelled
         FROM attendance a JOIN sessions s ON s.id = a.session_id
         LEFT JOIN venues v ON v.id = s.venue_id
         WHERE a.young_person_id = ?1 ORDER BY s.date, s.start_time, s.id",
    )?;
    let rows = stmt.query_map([id], |r| {
        let session_type: SessionType = r.get(2)?;
        let clock = |t: Option<ClockTime>| t.map(|t| t.to_string());
        Ok(AttendanceHeld {
            date: r.get(0)?,
            session: r.get(1)?,
            session_type: session_type.label().to_owned(),
            venue: r.get(3)?,
            starts: r.get::<_, ClockTime>(4)?.to_string(),
            ends: r.get::<_, ClockTime>(5)?.to_string(),
            arrived_at: clock(r.get(6)?),
            left_at: clock(r.get(7)?),
            cancelled: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The ways a free-text note would name them: their full name (with a preferred first name
/// too) and their reference. A first name alone is left out: it would find other people.
fn name_forms(details: &Details) -> Vec<String> {
    let mut forms = vec![
        format!("{} {}", details.first_name, details.last_name),
        details.reference.clone(),
    ];
    if let Some(preferred) = details.preferred_name.as_deref() {
        forms.push(format!("{preferred} {}", details.last_name));
    }
    forms.retain(|f| f.trim().chars().count() >= 3);
    forms
}

fn notes_naming(conn: &Connection, forms: &[String]) -> Result<Vec<NoteHeld>> {
    let mut stmt = conn.prepare_cached(
        "SELECT date, name, notes FROM sessions
         WHERE instr(lower(notes), lower(?1)) > 0 ORDER BY date, start_time, id",
    )?;
    let mut found: BTreeMap<(NaiveDate, String, String), ()> = BTreeMap::new();
    for form in forms {
        let rows = stmt.query_map([form], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        for row in rows {
            found.insert(row?, ());
        }
    }
    Ok(found
        .into_keys()
        .map(|(date, session, text)| NoteHeld {
            date,
            session,
            text,
        })
        .collect())
}

/// Every concern that names them in any of its versions (the log's own filter looks at what
/// each concern says now, and a correction may have taken a name out that is still held).
fn incidents_naming(conn: &Connection, actor: &Actor, id: i64) -> Result<Vec<Incident>> {
    let ids: Vec<i64> = conn
        .prepare_cached(
            "SELECT DISTINCT v.incident_id FROM incident_version_people p
             JOIN incident_versions v ON v.id = p.version_id
             WHERE p.young_person_id = ?1 ORDER BY 1",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter()
        .map(|incident| incidents::get(conn, actor, incident))
        .collect()
}

// ---- erasure ----

/// What erasing a young person would do, shown before it is done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ErasurePreview {
    pub young_person_id: i64,
    pub name: String,
    pub reference: String,
    /// Attendances that will stay in the figures, with no name attached.
    pub attendances: u32,
    /// Session notes whose mentions of them will be replaced by "[name removed]".
    pub notes: u32,
    /// Concerns in the incident log that name them: while there are any, they cannot be
    /// erased (safeguarding records are kept).
    pub incidents: u32,
    /// The stories about them that stay (anonymous, with nothing in them that could identify
    /// anyone: kept, linked to no one) and that go, by title.
    pub stories: StoriesOnErasure,
    /// Why they cannot be erased, if they cannot.
    pub blocked: Option<String>,
}

/// What an erasure did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Erased {
    /// Attendances kept, now anonymous.
    pub attendances: u32,
    /// Session notes the name was taken out of.
    pub notes: u32,
    /// The stories about them that stayed, linked to no one, and that went, by title.
    pub stories: StoriesOnErasure,
}

/// What erasing young person `id` would do, and whether it can be done.
pub fn erasure_preview(conn: &Connection, actor: &Actor, id: i64) -> Result<ErasurePreview> {
    actor.require(Permission::DataRights)?;
    let person = load_person(conn, id)?;
    let incidents = incidents_naming_count(conn, id)?;
    let blocked = (incidents > 0).then(|| {
        format!(
            "{} is named in {incidents} concern{} in the incident log. Safeguarding records are \
             kept even when someone asks to be erased, so Clubroom cannot erase them: talk to \
             your designated safeguarding lead. Nothing was changed.",
            person.name,
            if incidents == 1 { "" } else { "s" }
        )
    });
    Ok(ErasurePreview {
        young_person_id: id,
        reference: person.details.reference.clone(),
        attendances: count_attendances(conn, id)?,
        notes: notes_naming(conn, &name_forms(&person.details))?.len() as u32,
        incidents,
        stories: crate::stories::on_erasure_would(conn, id)?,
        blocked,
        name: person.name,
    })
}

/// Erases young person `id`: their attendances become anonymous (still counted, with no
/// name), their name is taken out of session notes, and their profile, consents, emergency
/// contacts, medical notes and circumstances are deleted. Refused, with nothing changed,
/// for someone named in the incident log.
pub fn erase(tx: &Transaction, actor: &Actor, id: i64, today: NaiveDate) -> Result<Erased> {
    let preview = erasure_preview(tx, actor, id)?;
    if let Some(reason) = preview.blocked {
        return Err(Error::Invalid(reason));
    }
    erase_unchecked(tx, id, today)
}

/// [`erase`], once the manager has typed the young person's name to show they mean it (their
/// full name or the name the list shows, in any case): a slip of the mouse cannot erase anyone.
pub fn erase_confirmed(
    tx: &Transaction,
    actor: &Actor,
    id: i64,
    typed_name: &str,
    today: NaiveDate,
) -> Result<Erased> {
    actor.require(Permission::DataRights)?;
    let person = load_person(tx, id)?;
    let full = format!("{} {}", person.details.first_name, person.details.last_name);
    let typed = typed_name.split_whitespace().collect::<Vec<_>>().join(" ");
    if !typed.eq_ignore_ascii_case(&full) && !typed.eq_ignore_ascii_case(&person.name) {
        return invalid(format!(
            "To erase them, type their name exactly as it is shown: {full}. Nothing was changed."
        ));
    }
    erase(tx, actor, id, today)
}

/// The suggested name of a subject access file ("everything-held-YP00042.pdf").
pub fn access_file_name(reference: &str, json: bool) -> String {
    let safe: String = reference
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!(
        "everything-held-{safe}.{}",
        if json { "json" } else { "pdf" }
    )
}

struct Person {
    name: String,
    details: Details,
    facts: Facts,
}

/// What the counting rules need of a person, frozen into an anonymous attender.
struct Facts {
    date_of_birth: Option<NaiveDate>,
    age_given: Option<u32>,
    age_given_on: Option<NaiveDate>,
    gender: Gender,
    ethnicity: Option<Ethnicity>,
    disability: Disability,
    postcode: Option<String>,
    attended_before_on: Option<NaiveDate>,
}

fn load_person(conn: &Connection, id: i64) -> Result<Person> {
    conn.prepare_cached(
        "SELECT ref, first_name, last_name, preferred_name, date_of_birth, age_given,
                age_given_on, gender, ethnicity, disability, postcode, attended_before_on
         FROM young_people WHERE id = ?1",
    )?
    .query_row([id], |r| {
        let details = Details {
            reference: r.get(0)?,
            first_name: r.get(1)?,
            last_name: r.get(2)?,
            preferred_name: r.get(3)?,
            date_of_birth: r.get(4)?,
            age_given: r.get(5)?,
            gender: String::new(),
            ethnicity: None,
            disability: String::new(),
            postcode: r.get(10)?,
            school: None,
            education_status: None,
            referred_by: None,
            referred_to: None,
            archived: false,
        };
        Ok(Person {
            name: display_name(
                &details.first_name,
                details.preferred_name.as_deref(),
                &details.last_name,
            ),
            facts: Facts {
                date_of_birth: r.get(4)?,
                age_given: r.get(5)?,
                age_given_on: r.get(6)?,
                gender: r.get(7)?,
                ethnicity: r.get(8)?,
                disability: r.get(9)?,
                postcode: r.get(10)?,
                attended_before_on: r.get(11)?,
            },
            details,
        })
    })
    .or_not_found(|| {
        "That young person is not on the list (they may have been erased already).".to_owned()
    })
}

fn incidents_naming_count(conn: &Connection, id: i64) -> Result<u32> {
    Ok(conn
        .prepare_cached(
            "SELECT COUNT(DISTINCT v.incident_id) FROM incident_version_people p
             JOIN incident_versions v ON v.id = p.version_id WHERE p.young_person_id = ?1",
        )?
        .query_row([id], |r| r.get(0))?)
}

fn count_attendances(conn: &Connection, id: i64) -> Result<u32> {
    Ok(conn
        .prepare_cached("SELECT COUNT(*) FROM attendance WHERE young_person_id = ?1")?
        .query_row([id], |r| r.get(0))?)
}

fn erase_unchecked(tx: &Transaction, id: i64, today: NaiveDate) -> Result<Erased> {
    let person = load_person(tx, id)?;
    let (attendances, attender) = anonymise_attendances(tx, id, &person.facts, None, today)?;
    keep_outcomes_for_figures(tx, id, &person.facts, attender, today)?;
    let notes = remove_name_from_notes(tx, &name_forms(&person.details))?;
    // Checked while their profile is still here to check against.
    let stories = crate::stories::on_erasure(tx, id)?;
    crate::young_people::keep_reference_taken(tx, id)?;
    // Consents, emergency contacts and circumstances go with the profile (ON DELETE
    // CASCADE); any other table still naming them makes this fail, and nothing is changed.
    tx.prepare_cached("DELETE FROM young_people WHERE id = ?1")?
        .execute([id])?;
    Ok(Erased {
        attendances,
        notes,
        stories,
    })
}

/// One named attendance about to lose its name.
struct Moving {
    session: i64,
    date: NaiveDate,
    cancelled: bool,
    arrived: Option<String>,
    left: Option<String>,
}

/// Young person `id`'s attendances, oldest first (only those at `sessions`, when given).
fn attendances_to_move(
    tx: &Transaction,
    id: i64,
    sessions: Option<&BTreeSet<i64>>,
) -> Result<Vec<Moving>> {
    let all = tx
        .prepare_cached(
            "SELECT a.session_id, s.date, s.cancelled, a.arrived_at, a.left_at
             FROM attendance a JOIN sessions s ON s.id = a.session_id
             WHERE a.young_person_id = ?1 ORDER BY s.date",
        )?
        .query_map([id], |r| {
            Ok(Moving {
                session: r.get(0)?,
                date: r.get(1)?,
                cancelled: r.get(2)?,
                arrived: r.get(3)?,
                left: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(all
        .into_iter()
        .filter(|m| sessions.is_none_or(|chosen| chosen.contains(&m.session)))
        .collect())
}

/// A new anonymous attender with young person `id`'s frozen facts and circumstances.
fn new_attender(tx: &Transaction, id: i64, facts: &Facts, today: NaiveDate) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO anonymous_attenders
           (gender, ethnicity, disability, postcode_district, attended_before_on, created_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        facts.gender,
        facts.ethnicity,
        facts.disability,
        facts.postcode.as_deref().and_then(postcode_district),
        facts.attended_before_on,
        today,
    ])?;
    let attender = tx.last_insert_rowid();
    tx.prepare_cached(
        "INSERT INTO anonymous_attender_circumstances (attender_id, code)
         SELECT ?1, code FROM young_person_circumstances WHERE young_person_id = ?2",
    )?
    .execute(params![attender, id])?;
    Ok(attender)
}

/// Moves young person `id`'s attendances (only those at `sessions`, when given) to a new
/// anonymous attender holding the frozen facts. Returns how many moved, and the attender.
fn anonymise_attendances(
    tx: &Transaction,
    id: i64,
    facts: &Facts,
    sessions: Option<&BTreeSet<i64>>,
    today: NaiveDate,
) -> Result<(u32, Option<i64>)> {
    let moving = attendances_to_move(tx, id, sessions)?;
    if moving.is_empty() {
        return Ok((0, None));
    }
    let attender = new_attender(tx, id, facts, today)?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO anonymous_attendance (session_id, attender_id, arrived_at, left_at, age_years)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut delete =
        tx.prepare_cached("DELETE FROM attendance WHERE session_id = ?1 AND young_person_id = ?2")?;
    for m in &moving {
        let age = age_from(
            facts.date_of_birth,
            facts.age_given,
            facts.age_given_on,
            m.date,
        );
        insert.execute(params![m.session, attender, m.arrived, m.left, age])?;
        delete.execute(params![m.session, id])?;
    }
    // The earliest attendance moved (at a session held) tells later figures that anyone
    // still named here is not new.
    let earliest = moving.iter().filter(|m| !m.cancelled).map(|m| m.date).min();
    if let Some(earliest) = earliest {
        tx.prepare_cached(
            "UPDATE young_people SET attended_before_on = ?2
             WHERE id = ?1 AND (attended_before_on IS NULL OR attended_before_on > ?2)",
        )?
        .execute(params![id, earliest])?;
    }
    Ok((moving.len() as u32, Some(attender)))
}

/// An erased young person's check-ins and progression stay for the figures (distance
/// travelled, progression counts), held by the anonymous attender that holds their
/// attendances (a new one if they had none), never by their name.
fn keep_outcomes_for_figures(
    tx: &Transaction,
    id: i64,
    facts: &Facts,
    attender: Option<i64>,
    today: NaiveDate,
) -> Result<()> {
    let any: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM checkins WHERE young_person_id = ?1)
             OR EXISTS (SELECT 1 FROM progression_events WHERE young_person_id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    if !any {
        return Ok(());
    }
    let attender = match attender {
        Some(attender) => attender,
        None => new_attender(tx, id, facts, today)?,
    };
    crate::checkins::keep_for_figures(tx, id, attender)?;
    crate::progression::keep_for_figures(tx, id, attender)?;
    Ok(())
}

fn remove_name_from_notes(tx: &Transaction, forms: &[String]) -> Result<u32> {
    let mut changed = BTreeSet::new();
    let mut find = tx.prepare_cached(
        "SELECT id, notes FROM sessions WHERE instr(lower(notes), lower(?1)) > 0",
    )?;
    let mut update = tx.prepare_cached("UPDATE sessions SET notes = ?2 WHERE id = ?1")?;
    for form in forms {
        let found: Vec<(i64, String)> = find
            .query_map([form], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (session, notes) in found {
            update.execute(params![session, replace_ignoring_case(&notes, form)])?;
            changed.insert(session);
        }
    }
    Ok(changed.len() as u32)
}

/// `text` with every mention of `name` (in any case) replaced by [`NAME_REMOVED`].
fn replace_ignoring_case(text: &str, name: &str) -> String {
    let (lower_text, lower_name) = (text.to_lowercase(), name.to_lowercase());
    // Lower-casing can change lengths outside ASCII; then match on the text as written.
    if lower_text.len() != text.len() || lower_name.len() != name.len() {
        return text.replace(name, NAME_REMOVED);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    for (at, _) in lower_text.match_indices(&lower_name) {
        if at < rest {
            continue;
        }
        out.push_str(&text[rest..at]);
        out.push_str(NAME_REMOVED);
        rest = at + name.len();
    }
    out.push_str(&text[rest..]);
    out
}

/// Erases a young person as the person signed in (with the name the manager typed to show
/// they mean it, as the window asks; the command line asks for none), then writes the file
/// afresh so nothing erased is left in it: the one way both shells erase.
pub fn erase_from_file(
    store: &mut Store,
    id: i64,
    typed_name: Option<&str>,
    today: NaiveDate,
) -> Result<Erased> {
    let actor = store.actor().clone();
    let erased = store.write(|tx| match typed_name {
        Some(typed) => erase_confirmed(tx, &actor, id, typed, today),
        None => erase(tx, &actor, id, today),
    })?;
    scrub_file(store.conn())?;
    Ok(erased)
}

/// Does what the manager ticked in the retention review in one transaction, then writes the
/// file afresh so nothing erased is left in it: the one way both shells apply retention.
pub fn apply_to_file(
    store: &mut Store,
    choice: &RetentionChoice,
    today: NaiveDate,
) -> Result<RetentionDone> {
    let actor = store.actor().clone();
    let done = store.write(|tx| apply(tx, &actor, choice, today))?;
    scrub_file(store.conn())?;
    Ok(done)
}

/// After an erasure, writes the whole file afresh so nothing erased is left in free pages or
/// the write-ahead log (SQLite otherwise reuses deleted space lazily). Outside a transaction.
pub fn scrub_file(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE);",
    )?;
    Ok(())
}

// ---- retention ----

/// How long records are kept, as the manager sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RetentionRules {
    /// Young people not seen for this many years are listed for erasure.
    pub unseen_years: u32,
    /// Named registers of financial years that ended more than this many years ago are
    /// listed for anonymising ("some funders ask for 7 years").
    pub register_years: u32,
}

impl Default for RetentionRules {
    fn default() -> Self {
        RetentionRules {
            unseen_years: 3,
            register_years: 7,
        }
    }
}

pub fn rules(conn: &Connection, actor: &Actor) -> Result<RetentionRules> {
    actor.require(Permission::DataRights)?;
    read_rules(conn)
}

fn read_rules(conn: &Connection) -> Result<RetentionRules> {
    Ok(conn
        .prepare_cached("SELECT unseen_years, register_years FROM retention_rules WHERE id = 1")?
        .query_row([], |r| {
            Ok(RetentionRules {
                unseen_years: r.get(0)?,
                register_years: r.get(1)?,
            })
        })
        .optional()?
        .unwrap_or_default())
}

pub fn set_rules(tx: &Transaction, actor: &Actor, rules: RetentionRules) -> Result<RetentionRules> {
    actor.require(Permission::DataRights)?;
    for (years, what) in [
        (rules.unseen_years, "Young people not seen for"),
        (rules.register_years, "Named registers kept for"),
    ] {
        if !(1..=50).contains(&years) {
            return invalid(format!(
                "{what} {years} years is not allowed: choose from 1 to 50 years."
            ));
        }
    }
    tx.prepare_cached(
        "INSERT INTO retention_rules (id, unseen_years, register_years, updated_at)
         VALUES (1, ?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET unseen_years = ?1, register_years = ?2, updated_at = ?3",
    )?
    .execute(params![
        rules.unseen_years,
        rules.register_years,
        now_utc_text()
    ])?;
    Ok(rules)
}

/// A young person not seen for longer than the rules allow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnseenPerson {
    pub id: i64,
    pub reference: String,
    pub name: String,
    /// Their last attendance, if they ever came.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub last_seen: Option<NaiveDate>,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub added_on: NaiveDate,
    /// Why they are kept even so (named in the incident log); such a person cannot be ticked.
    pub kept_because: Option<String>,
}

/// A session whose register still has names and is older than the rules allow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OldRegister {
    pub session_id: i64,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub date: NaiveDate,
    pub session: String,
    /// Named attendances that would become anonymous.
    pub named: u32,
}

/// Who and what the retention rules say has been kept long enough, for a manager to check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RetentionReview {
    pub rules: RetentionRules,
    /// People last seen (or, never seen, added) before this day are listed.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub unseen_before: NaiveDate,
    /// Registers of sessions before this day (the start of a financial year) are listed.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub registers_before: NaiveDate,
    pub people: Vec<UnseenPerson>,
    pub registers: Vec<OldRegister>,
}

/// What the manager confirmed from a review: the young people to erase and the sessions whose
/// registers to anonymise.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RetentionChoice {
    pub erase: Vec<i64>,
    pub anonymise: Vec<i64>,
}

/// What applying a review did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RetentionDone {
    pub erased: u32,
    pub registers: u32,
    /// Named attendances made anonymous (the erased people's and the registers').
    pub attendances: u32,
}

/// `years` whole years before `today` (29 February becomes 28 February).
fn years_before(today: NaiveDate, years: u32) -> NaiveDate {
    today
        .checked_sub_months(Months::new(years.saturating_mul(12)))
        .unwrap_or(NaiveDate::MIN)
}

/// The first day of the oldest financial year (1 April) still kept named: every financial
/// year that ended on or before `years` years ago is listed. Whole years, so a funder's
/// year or quarter is never half named and half anonymous.
pub fn registers_kept_from(today: NaiveDate, years: u32) -> NaiveDate {
    let limit = years_before(today, years);
    let april = |year: i32| NaiveDate::from_ymd_opt(year, 4, 1).unwrap_or(NaiveDate::MIN);
    // The last financial year that ended by `limit` ends on 31 March of this year.
    let end_year = if limit >= april(limit.year()) {
        limit.year()
    } else {
        limit.year() - 1
    };
    april(end_year)
}

/// The review: who has not been seen for the rules' years, and which named registers are
/// older than the rules keep.
pub fn review(conn: &Connection, actor: &Actor, today: NaiveDate) -> Result<RetentionReview> {
    actor.require(Permission::DataRights)?;
    let rules = read_rules(conn)?;
    let unseen_before = years_before(today, rules.unseen_years);
    let registers_before = registers_kept_from(today, rules.register_years);
    Ok(RetentionReview {
        people: unseen_people(conn, unseen_before)?,
        registers: old_registers(conn, registers_before)?,
        rules,
        unseen_before,
        registers_before,
    })
}

fn unseen_people(conn: &Connection, before: NaiveDate) -> Result<Vec<UnseenPerson>> {
    let mut stmt = conn.prepare_cached(
        "SELECT y.id, y.ref, y.first_name, y.preferred_name, y.last_name,
                COALESCE((SELECT MAX(s.date) FROM attendance a JOIN sessions s ON s.id = a.session_id
                          WHERE a.young_person_id = y.id AND s.cancelled = 0),
                         y.attended_before_on) AS last_seen,
                substr(y.created_at, 1, 10) AS added_on
         FROM young_people y
         WHERE COALESCE(last_seen, added_on) < ?1
         ORDER BY last_seen, y.last_name COLLATE NOCASE, y.first_name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([before], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            display_name(
                &r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?.as_deref(),
                &r.get::<_, String>(4)?,
            ),
            r.get::<_, Option<NaiveDate>>(5)?,
            r.get::<_, NaiveDate>(6)?,
        ))
    })?;
    let mut people = Vec::new();
    for row in rows {
        let (id, reference, name, last_seen, added_on) = row?;
        let incidents = incidents_naming_count(conn, id)?;
        people.push(UnseenPerson {
            id,
            reference,
            name,
            last_seen,
            added_on,
            kept_because: (incidents > 0)
                .then(|| "Named in the incident log: safeguarding records are kept.".to_owned()),
        });
    }
    Ok(people)
}

fn old_registers(conn: &Connection, before: NaiveDate) -> Result<Vec<OldRegister>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.date, s.name, COUNT(*) FROM sessions s
         JOIN attendance a ON a.session_id = s.id
         WHERE s.date < ?1 GROUP BY s.id ORDER BY s.date, s.start_time, s.id",
    )?;
    let rows = stmt.query_map([before], |r| {
        Ok(OldRegister {
            session_id: r.get(0)?,
            date: r.get(1)?,
            session: r.get(2)?,
            named: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Does what the manager confirmed from a review, all in the caller's transaction: every
/// chosen young person erased, every chosen register made anonymous. Anything chosen that the
/// review (worked out again now) does not list is refused, and nothing is changed.
pub fn apply(
    tx: &Transaction,
    actor: &Actor,
    choice: &RetentionChoice,
    today: NaiveDate,
) -> Result<RetentionDone> {
    let now = review(tx, actor, today)?;
    let listed_people: HashMap<i64, &UnseenPerson> = now.people.iter().map(|p| (p.id, p)).collect();
    let listed_sessions: BTreeSet<i64> = now.registers.iter().map(|r| r.session_id).collect();
    for id in &choice.erase {
        match listed_people.get(id) {
            None => {
                return invalid(
                    "Someone ticked for erasure is not due for it any more (they may have come \
                     back, or been erased already). Look at the review again. Nothing was changed.",
                );
            }
            Some(person) if person.kept_because.is_some() => {
                return invalid(format!(
                    "{} is named in the incident log and is kept. Untick them. Nothing was changed.",
                    person.name
                ));
            }
            Some(_) => {}
        }
    }
    let sessions: BTreeSet<i64> = choice.anonymise.iter().copied().collect();
    if !sessions.is_subset(&listed_sessions) {
        return invalid(
            "A register ticked for anonymising is not due for it any more. Look at the review \
             again. Nothing was changed.",
        );
    }
    let mut done = RetentionDone::default();
    let people: BTreeSet<i64> = choice.erase.iter().copied().collect();
    for id in &people {
        done.attendances += erase_unchecked(tx, *id, today)?.attendances;
        done.erased += 1;
    }
    done.attendances += anonymise_registers(tx, &sessions, today)?;
    done.registers = sessions.len() as u32;
    Ok(done)
}

/// Makes the named attendances at `sessions` anonymous: one anonymous attender per young
/// person for all of them, so figures for those sessions still count each person once.
fn anonymise_registers(
    tx: &Transaction,
    sessions: &BTreeSet<i64>,
    today: NaiveDate,
) -> Result<u32> {
    let mut people = BTreeSet::new();
    let mut stmt =
        tx.prepare_cached("SELECT young_person_id FROM attendance WHERE session_id = ?1")?;
    for session in sessions {
        for person in stmt.query_map([session], |r| r.get::<_, i64>(0))? {
            people.insert(person?);
        }
    }
    let mut moved = 0;
    for id in people {
        let facts = load_person(tx, id)?.facts;
        moved += anonymise_attendances(tx, id, &facts, Some(sessions), today)?.0;
    }
    Ok(moved)
}

#[cfg(test)]
mod tests;
