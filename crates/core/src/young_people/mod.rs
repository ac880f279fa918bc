//! Young people: their profiles, consents and emergency contacts, finding them by any part of
//! a name, and spotting a likely duplicate before it is added.

pub mod circumstances;

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::dates::{add_months_clamped, age_on, day_first, now_utc_text};
use crate::error::{Error, Result, invalid};
use crate::organisation;
use crate::store::{OptionalRow, tidy};
use crate::vocab::{
    ConsentGiver, ConsentKind, Disability, EducationStatus, Ethnicity, Gender, normalise_postcode,
};

/// The oldest age Clubroom accepts for a young person (youth work runs to 25; some
/// SEND provision a little beyond).
pub const OLDEST_AGE: u32 = 30;

/// The sensitive circumstances of DESIGN.md: optional (`None` = not recorded), restricted,
/// and only ever reported as counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Circumstances {
    pub care_experienced: Option<bool>,
    pub young_carer: Option<bool>,
    pub looked_after: Option<bool>,
    pub care_leaver: Option<bool>,
    pub child_protection_plan: Option<bool>,
    pub newly_arrived: Option<bool>,
}

/// A consent (or a refusal), who gave it and when. Consents are renewed yearly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Consent {
    pub kind: ConsentKind,
    /// False records a refusal, which matters as much as a yes.
    pub given: bool,
    pub given_by: ConsentGiver,
    pub giver_name: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub recorded_on: NaiveDate,
}

impl Consent {
    /// The date by which the consent must be asked for again.
    pub fn renew_by(&self) -> NaiveDate {
        add_months_clamped(self.recorded_on, 12)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EmergencyContact {
    pub name: String,
    pub relationship: Option<String>,
    pub phone: String,
}

/// Everything a leader can edit about a young person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Profile {
    pub first_name: String,
    pub last_name: String,
    pub preferred_name: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub date_of_birth: Option<NaiveDate>,
    /// Age in years, used only when the date of birth is not known (given at the door).
    pub age: Option<u32>,
    pub gender: Gender,
    pub ethnicity: Option<Ethnicity>,
    pub disability: Disability,
    /// Special educational needs or disability: what helps them take part.
    pub send_notes: Option<String>,
    pub postcode: Option<String>,
    pub school: Option<String>,
    pub education_status: Option<EducationStatus>,
    pub circumstances: Circumstances,
    /// Codes from the club's editable list of circumstances (the kinds of disadvantage they
    /// face), recorded only when known; reported only as counts.
    #[serde(default)]
    pub circumstance_codes: Vec<String>,
    /// Who referred them (a school, social care, self-referral). Never offence details.
    pub referred_by: Option<String>,
    /// Where they were referred on to.
    pub referred_to: Option<String>,
    pub medical_notes: Option<String>,
    pub allergies: Option<String>,
    pub consents: Vec<Consent>,
    pub emergency_contacts: Vec<EmergencyContact>,
}

impl Profile {
    /// The smallest profile: a name, as when someone is added at the door.
    pub fn named(first_name: &str, last_name: &str) -> Profile {
        Profile {
            first_name: first_name.to_owned(),
            last_name: last_name.to_owned(),
            preferred_name: None,
            date_of_birth: None,
            age: None,
            gender: Gender::Unknown,
            ethnicity: None,
            disability: Disability::Unknown,
            send_notes: None,
            postcode: None,
            school: None,
            education_status: None,
            circumstances: Circumstances::default(),
            circumstance_codes: Vec::new(),
            referred_by: None,
            referred_to: None,
            medical_notes: None,
            allergies: None,
            consents: Vec::new(),
            emergency_contacts: Vec::new(),
        }
    }
}

/// A young person's whole record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct YoungPerson {
    pub id: i64,
    /// The club's own reference ("YP00042"), used in files instead of names.
    pub reference: String,
    pub profile: Profile,
    pub archived: bool,
    /// What is still to be filled in (for someone added at the door).
    pub missing: Vec<String>,
    /// The date of their most recent attendance.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub last_seen: Option<NaiveDate>,
    pub attendances: u32,
    /// True when medical notes and circumstances were left out because the person viewing
    /// may not see them (the window says so rather than showing empty boxes).
    #[serde(default)]
    pub restricted_withheld: bool,
}

/// One line of a list of young people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct YoungPersonSummary {
    pub id: i64,
    pub reference: String,
    pub first_name: String,
    pub last_name: String,
    pub preferred_name: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub date_of_birth: Option<NaiveDate>,
    pub age: Option<u32>,
    pub gender: Gender,
    pub postcode: Option<String>,
    pub archived: bool,
    /// Added at the door or imported without the essentials: still to complete.
    pub needs_details: bool,
    pub has_medical_notes: bool,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub last_seen: Option<NaiveDate>,
    /// Their names and reference folded by the core's one rule ([`fold`]): what a search
    /// matches, so a screen filtering a list it already has needs no rule of its own.
    pub search_key: String,
}

impl YoungPersonSummary {
    /// What a likely-duplicate warning shows of them.
    pub fn as_candidate(&self) -> crate::error::DuplicateCandidate {
        crate::error::DuplicateCandidate {
            id: self.id,
            reference: self.reference.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            preferred_name: self.preferred_name.clone(),
            date_of_birth: self.date_of_birth,
            age: self.age,
            postcode: self.postcode.clone(),
            archived: self.archived,
            last_seen: self.last_seen,
        }
    }

    /// "Jay Smith", or "Jay (Jayden) Smith" when they prefer another name.
    pub fn display_name(&self) -> String {
        display_name(
            &self.first_name,
            self.preferred_name.as_deref(),
            &self.last_name,
        )
    }
}

/// Who a young person is in the audit log: "Zara Ahmed (RYG102)"; None once erased.
pub fn name_in_log(conn: &Connection, id: i64) -> Result<Option<String>> {
    let found = conn
        .query_row(
            "SELECT first_name, preferred_name, last_name, ref FROM young_people WHERE id = ?1",
            [id],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, Option<String>>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                ))
            },
        )
        .optional()?;
    Ok(found.map(|(first, preferred, last, reference)| {
        format!(
            "{} ({reference})",
            display_name(&first, preferred.as_deref(), &last)
        )
    }))
}

pub fn display_name(first: &str, preferred: Option<&str>, last: &str) -> String {
    match preferred {
        Some(preferred) if !preferred.eq_ignore_ascii_case(first) => {
            format!("{preferred} ({first}) {last}")
        }
        _ => format!("{first} {last}"),
    }
}

/// What to look for in the list of young people.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Search {
    /// Any part of a first, last or preferred name, or of a reference; several words narrow it.
    pub text: String,
    pub include_archived: bool,
    /// Only those still needing details.
    pub needs_details_only: bool,
    pub limit: u32,
    pub offset: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchResult {
    /// How many match in all (the page holds at most `limit`).
    pub total: u32,
    pub people: Vec<YoungPersonSummary>,
    /// The words searched for, folded by the core's one rule: a list already on screen (the
    /// register) keeps those of its people whose `search_key` holds every one.
    pub words: Vec<String>,
}

/// A name (or any text people search by) folded for matching and sorting: lower case, with
/// its diacritics taken off (Siân → sian, Llŷr → llyr, Zoë → zoe) and the letters that carry
/// no separate mark spelled as people type them (Łucja → lucja, Søren → soren, Strauß →
/// strauss, Æsa → aesa). Every search, the duplicate check and every sorted list of names
/// use this one rule, so typing a name without its accents finds it everywhere.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
    {
        match c {
            'ł' => folded.push('l'),
            'ø' => folded.push('o'),
            'ß' => folded.push_str("ss"),
            'æ' => folded.push_str("ae"),
            'œ' => folded.push_str("oe"),
            'đ' | 'ð' => folded.push('d'),
            'þ' => folded.push_str("th"),
            'ı' => folded.push('i'),
            other => folded.push(other),
        }
    }
    folded
}

/// Makes [`fold`] callable from SQL on this connection as `clubroom_fold(text)`, for
/// searching and ordering names inside a query (a name list sorts by it, so Łucja comes
/// near Lucy, not after Zara). Registered once per connection.
pub fn with_fold_in_sql(conn: &Connection) -> Result<()> {
    if conn.prepare("SELECT clubroom_fold('')").is_ok() {
        return Ok(());
    }
    conn.create_scalar_function(
        "clubroom_fold",
        1,
        rusqlite::functions::FunctionFlags::SQLITE_UTF8
            | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let text: Option<String> = ctx.get(0)?;
            Ok(text.map(|t| fold(&t)))
        },
    )?;
    Ok(())
}

/// What a young person is found by, folded: their names, the name they prefer and their
/// reference.
fn search_key(
    first_name: &str,
    last_name: &str,
    preferred: Option<&str>,
    reference: &str,
) -> String {
    fold(&format!(
        "{first_name} {last_name} {} {reference}",
        preferred.unwrap_or("")
    ))
}

fn search_text(reference: &str, profile: &Profile) -> String {
    search_key(
        &profile.first_name,
        &profile.last_name,
        profile.preferred_name.as_deref(),
        reference,
    )
}

/// SQL that is true when a young person `y` still lacks one of the essentials of
/// [`missing_details`] (a macro, so it can be spliced into other SQL constants).
macro_rules! needs_details_sql {
    () => {
        "(y.date_of_birth IS NULL OR y.postcode IS NULL OR y.ethnicity IS NULL
          OR NOT EXISTS (SELECT 1 FROM emergency_contacts e WHERE e.young_person_id = y.id)
          OR NOT EXISTS (SELECT 1 FROM consents c WHERE c.young_person_id = y.id AND c.kind = 'data'))"
    };
}

pub(crate) const NEEDS_DETAILS: &str = needs_details_sql!();

/// The columns [`summary_from_row`] reads, from `young_people y`.
pub(crate) const SUMMARY_COLUMNS: &str = concat!(
    "y.id, y.ref, y.first_name, y.last_name, y.preferred_name, y.date_of_birth,
     y.age_given, y.age_given_on, y.gender, y.postcode, y.archived, ",
    needs_details_sql!(),
    ", y.medical_notes IS NOT NULL OR y.allergies IS NOT NULL,
     (SELECT MAX(s.date) FROM attendance a JOIN sessions s ON s.id = a.session_id
      WHERE a.young_person_id = y.id AND s.cancelled = 0)"
);

/// Reads a row selected with [`SUMMARY_COLUMNS`].
pub(crate) fn summary_from_row(
    row: &Row,
    today: NaiveDate,
) -> rusqlite::Result<YoungPersonSummary> {
    let date_of_birth: Option<NaiveDate> = row.get(5)?;
    let age = age_from(date_of_birth, row.get(6)?, row.get(7)?, today);
    let (reference, first_name, last_name, preferred_name): (
        String,
        String,
        String,
        Option<String>,
    ) = (row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?);
    Ok(YoungPersonSummary {
        id: row.get(0)?,
        search_key: search_key(
            &first_name,
            &last_name,
            preferred_name.as_deref(),
            &reference,
        ),
        reference,
        first_name,
        last_name,
        preferred_name,
        date_of_birth,
        age,
        gender: row.get(8)?,
        postcode: row.get(9)?,
        archived: row.get(10)?,
        needs_details: row.get(11)?,
        has_medical_notes: row.get(12)?,
        last_seen: row.get(13)?,
    })
}

/// Age on `on`: from the date of birth, else from an age given at the door: the age given
/// plus the whole years since it was given, or, on an earlier day, minus the whole years
/// before it was given (documented in docs/counting-rules.md). A day so early that the
/// count goes below zero has no age, as a day before a date of birth has none.
pub fn age_from(
    date_of_birth: Option<NaiveDate>,
    age_given: Option<u32>,
    age_given_on: Option<NaiveDate>,
    on: NaiveDate,
) -> Option<u32> {
    match (date_of_birth, age_given, age_given_on) {
        (Some(born), _, _) => age_on(born, on),
        (None, Some(age), Some(given_on)) if on >= given_on => {
            Some(age + age_on(given_on, on).unwrap_or(0))
        }
        (None, Some(age), Some(given_on)) => age.checked_sub(age_on(on, given_on).unwrap_or(0)),
        _ => None,
    }
}

/// Finds young people by any part of any of their names or their reference.
pub fn search(conn: &Connection, query: &Search, today: NaiveDate) -> Result<SearchResult> {
    let folded_words: Vec<String> = fold(&query.text)
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let words: Vec<String> = folded_words.iter().map(|w| like_pattern(w)).collect();
    // Folded as the query is, from the names themselves (not a column kept from an older
    // rule), so a name typed without its accents is found.
    with_fold_in_sql(conn)?;
    let mut filter = String::from("WHERE (?1 OR y.archived = 0)");
    for index in 0..words.len() {
        filter.push_str(&format!(
            " AND clubroom_fold(y.first_name || ' ' || y.last_name || ' ' || COALESCE(y.preferred_name, '') || ' ' || y.ref) LIKE ?{} ESCAPE '\\'",
            index + 2
        ));
    }
    if query.needs_details_only {
        filter.push_str(&format!(" AND {NEEDS_DETAILS}"));
    }
    let mut values: Vec<rusqlite::types::Value> = vec![query.include_archived.into()];
    values.extend(words.into_iter().map(rusqlite::types::Value::from));

    let total: u32 = conn.query_row(
        &format!("SELECT COUNT(*) FROM young_people y {filter}"),
        rusqlite::params_from_iter(&values),
        |r| r.get(0),
    )?;
    let limit = if query.limit == 0 {
        100
    } else {
        query.limit.min(1000)
    };
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM young_people y {filter}
         ORDER BY clubroom_fold(y.last_name), clubroom_fold(y.first_name), y.id
         LIMIT {limit} OFFSET {}",
        query.offset
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let people = stmt
        .query_map(rusqlite::params_from_iter(&values), |row| {
            summary_from_row(row, today)
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(SearchResult {
        total,
        people,
        words: folded_words,
    })
}

fn like_pattern(word: &str) -> String {
    let escaped = word
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// One young person's whole record.
pub fn get(conn: &Connection, id: i64, today: NaiveDate) -> Result<YoungPerson> {
    let (reference, archived, profile) = record_of(conn, id, today)?;
    let (attendances, last_seen) = conn
        .prepare_cached(
            "SELECT COUNT(*), MAX(s.date) FROM attendance a JOIN sessions s ON s.id = a.session_id
             WHERE a.young_person_id = ?1 AND s.cancelled = 0",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let missing = missing_details(&profile);
    Ok(YoungPerson {
        id,
        reference,
        profile,
        archived,
        missing,
        last_seen,
        attendances,
        restricted_withheld: false,
    })
}

/// A young person's reference, whether archived, and profile: what an import compares a
/// row with (without the attendance a whole record counts).
pub(crate) fn record_of(
    conn: &Connection,
    id: i64,
    today: NaiveDate,
) -> Result<(String, bool, Profile)> {
    let (reference, archived, age_given, age_given_on, mut profile) = conn
        .prepare_cached(&format!(
            "SELECT {RECORD_COLUMNS} FROM young_people WHERE id = ?1"
        ))?
        .query_row([id], record_from_row)
        .or_not_found(|| {
            "That young person is not on the list (they may have been removed).".into()
        })?;
    profile.age = age_from(profile.date_of_birth, age_given, age_given_on, today);
    profile.consents = consents(conn, id)?;
    profile.circumstance_codes = circumstance_codes(conn, id)?;
    profile.emergency_contacts = emergency_contacts(conn, id)?;
    Ok((reference, archived, profile))
}

/// Every young person's reference, whether archived, and profile, by id, as [`record_of`]
/// reads one: an import that matches thousands of rows with people already on the list reads
/// the list in four passes (the people, their consents, circumstances and contacts) instead
/// of four queries per row.
pub(crate) fn records_of_all(
    conn: &Connection,
    today: NaiveDate,
) -> Result<HashMap<i64, (String, bool, Profile)>> {
    // Sized once: grown by doubling, a list of 100,000 whole records was moved several times.
    let count: i64 = conn.query_row("SELECT COUNT(*) FROM young_people", [], |r| r.get(0))?;
    let mut records = HashMap::with_capacity(usize::try_from(count).unwrap_or(0));
    let mut stmt = conn.prepare(&format!("SELECT {RECORD_COLUMNS}, id FROM young_people"))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let (reference, archived, age_given, age_given_on, mut profile) = record_from_row(row)?;
        profile.age = age_from(profile.date_of_birth, age_given, age_given_on, today);
        records.insert(row.get::<_, i64>(25)?, (reference, archived, profile));
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT {CONSENT_COLUMNS}, young_person_id FROM consents ORDER BY young_person_id, kind"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        if let Some((_, _, profile)) = records.get_mut(&row.get::<_, i64>(5)?) {
            profile.consents.push(consent_from_row(row)?);
        }
    }
    for (_, _, profile) in records.values_mut() {
        sort_consents(&mut profile.consents);
    }
    let mut stmt = conn.prepare(
        "SELECT young_person_id, code FROM young_person_circumstances ORDER BY young_person_id, code",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        if let Some((_, _, profile)) = records.get_mut(&row.get::<_, i64>(0)?) {
            profile.circumstance_codes.push(row.get(1)?);
        }
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT {CONTACT_COLUMNS}, young_person_id FROM emergency_contacts ORDER BY young_person_id, position"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        if let Some((_, _, profile)) = records.get_mut(&row.get::<_, i64>(3)?) {
            profile.emergency_contacts.push(contact_from_row(row)?);
        }
    }
    Ok(records)
}

/// The columns of `young_people` [`record_from_row`] reads.
const RECORD_COLUMNS: &str =
    "ref, archived, age_given, age_given_on, first_name, last_name, preferred_name, date_of_birth,
    gender, ethnicity, disability, send_notes, postcode, school, education_status,
    care_experienced, young_carer, looked_after, care_leaver, child_protection_plan, newly_arrived,
    referred_by, referred_to, medical_notes, allergies";

/// A row of [`RECORD_COLUMNS`]: the reference, whether archived, the age given and when,
/// and the profile without its age (worked out from those) or child rows.
#[allow(clippy::type_complexity)]
fn record_from_row(
    row: &rusqlite::Row,
) -> rusqlite::Result<(String, bool, Option<u32>, Option<NaiveDate>, Profile)> {
    let mut profile = Profile::named(&row.get::<_, String>(4)?, &row.get::<_, String>(5)?);
    profile.preferred_name = row.get(6)?;
    profile.date_of_birth = row.get(7)?;
    profile.gender = row.get(8)?;
    profile.ethnicity = row.get(9)?;
    profile.disability = row.get(10)?;
    profile.send_notes = row.get(11)?;
    profile.postcode = row.get(12)?;
    profile.school = row.get(13)?;
    profile.education_status = row.get(14)?;
    profile.circumstances = Circumstances {
        care_experienced: row.get(15)?,
        young_carer: row.get(16)?,
        looked_after: row.get(17)?,
        care_leaver: row.get(18)?,
        child_protection_plan: row.get(19)?,
        newly_arrived: row.get(20)?,
    };
    profile.referred_by = row.get(21)?;
    profile.referred_to = row.get(22)?;
    profile.medical_notes = row.get(23)?;
    profile.allergies = row.get(24)?;
    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, profile))
}

/// A young person as `actor` may see them: without the medical-notes permission, the
/// medical and allergy notes, SEND notes and circumstances are left out here, in the core,
/// so they never reach the window.
pub fn get_for(
    conn: &Connection,
    actor: &crate::access::Actor,
    id: i64,
    today: NaiveDate,
) -> Result<YoungPerson> {
    actor.require(crate::access::Permission::SeeYoungPeople)?;
    let mut person = get(conn, id, today)?;
    if !actor.can(crate::access::Permission::SeeMedicalNotes) {
        let profile = &mut person.profile;
        profile.medical_notes = None;
        profile.allergies = None;
        profile.send_notes = None;
        profile.circumstances = Circumstances::default();
        profile.circumstance_codes.clear();
        person.restricted_withheld = true;
    }
    Ok(person)
}

/// The essentials a profile started at the door still lacks.
pub fn missing_details(profile: &Profile) -> Vec<String> {
    let mut missing = Vec::new();
    if profile.date_of_birth.is_none() {
        missing.push("date of birth".to_owned());
    }
    if profile.postcode.is_none() {
        missing.push("postcode".to_owned());
    }
    if profile.ethnicity.is_none() {
        missing.push("ethnicity".to_owned());
    }
    if profile.emergency_contacts.is_empty() {
        missing.push("an emergency contact".to_owned());
    }
    if !profile.consents.iter().any(|c| c.kind == ConsentKind::Data) {
        missing.push("consent to keep their details".to_owned());
    }
    missing
}

fn consents(conn: &Connection, id: i64) -> Result<Vec<Consent>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CONSENT_COLUMNS} FROM consents WHERE young_person_id = ?1 ORDER BY kind"
    ))?;
    let mut rows = stmt
        .query_map([id], consent_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    sort_consents(&mut rows);
    Ok(rows)
}

const CONSENT_COLUMNS: &str = "kind, given, given_by, giver_name, recorded_on";

fn consent_from_row(r: &rusqlite::Row) -> rusqlite::Result<Consent> {
    Ok(Consent {
        kind: r.get(0)?,
        given: r.get(1)?,
        given_by: r.get(2)?,
        giver_name: r.get(3)?,
        recorded_on: r.get(4)?,
    })
}

/// Consents in the order of [`ConsentKind::ALL`] (data, photos, trips).
fn sort_consents(consents: &mut [Consent]) {
    consents.sort_by_key(|c| ConsentKind::ALL.iter().position(|k| *k == c.kind));
}

fn circumstance_codes(conn: &Connection, id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code FROM young_person_circumstances WHERE young_person_id = ?1 ORDER BY code",
    )?;
    let codes = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(codes)
}

fn emergency_contacts(conn: &Connection, id: i64) -> Result<Vec<EmergencyContact>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CONTACT_COLUMNS} FROM emergency_contacts WHERE young_person_id = ?1 ORDER BY position"
    ))?;
    let contacts = stmt
        .query_map([id], contact_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(contacts)
}

const CONTACT_COLUMNS: &str = "name, relationship, phone";

fn contact_from_row(r: &rusqlite::Row) -> rusqlite::Result<EmergencyContact> {
    Ok(EmergencyContact {
        name: r.get(0)?,
        relationship: r.get(1)?,
        phone: r.get(2)?,
    })
}

/// Adds a young person. Unless `confirmed_new` is set, refuses with
/// [`Error::LikelyDuplicate`] when someone with the same name and date of birth (or age) is
/// already on the list, so the leader can check before a second record is made.
pub fn add(
    tx: &Transaction,
    reference: Option<&str>,
    profile: &Profile,
    confirmed_new: bool,
    today: NaiveDate,
) -> Result<YoungPerson> {
    let profile = check_profile(tx, profile, today)?;
    if !confirmed_new {
        refuse_likely_duplicate(tx, &profile, None, today)?;
    }
    let reference = match tidy(reference) {
        Some(reference) => check_reference(tx, &reference, None)?,
        None => next_reference(tx)?,
    };
    let id = insert_checked(tx, &reference, &profile, today)?;
    get(tx, id, today)
}

/// Adds a young person whose profile [`check_profile`] has passed and whose reference is
/// theirs alone (checked by [`add`]): without a whole record read back.
pub(crate) fn insert_checked(
    tx: &Transaction,
    reference: &str,
    profile: &Profile,
    today: NaiveDate,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO young_people (ref, first_name, last_name, search_text, created_at, updated_at)
         VALUES (?1, ?2, ?3, '', ?4, ?4)",
    )?
    .execute(params![
        reference,
        profile.first_name,
        profile.last_name,
        now_utc_text()
    ])?;
    let id = tx.last_insert_rowid();
    write_profile(tx, id, reference, profile, None, today)?;
    Ok(id)
}

/// Adds a new young person whose profile [`check_profile`] has passed and whose reference is
/// theirs alone, the whole row in one `INSERT` (then their consents, circumstances and
/// contacts): what [`insert_checked`] saves, without an `UPDATE` after the `INSERT`, so the
/// text guards run once per row. For an import's many new young people, whose one audit
/// entry is written for the whole import (a single addition by hand keeps its two entries).
pub(crate) fn insert_whole(
    tx: &Transaction,
    reference: &str,
    profile: &Profile,
    today: NaiveDate,
) -> Result<i64> {
    // As `write_profile` keeps an age for someone new: with the day it was given.
    let (age_given, age_given_on) = match (profile.date_of_birth, profile.age) {
        (None, Some(age)) => (Some(age), Some(today)),
        _ => (None, None),
    };
    let c = &profile.circumstances;
    tx.prepare_cached(
        "INSERT INTO young_people (ref,
            first_name, last_name, preferred_name, date_of_birth, age_given,
            age_given_on, gender, ethnicity, disability, send_notes, postcode,
            school, education_status, care_experienced, young_carer, looked_after,
            care_leaver, child_protection_plan, newly_arrived, referred_by,
            referred_to, medical_notes, allergies, search_text, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?26)",
    )?
    .execute(params![
        reference,
        profile.first_name,
        profile.last_name,
        profile.preferred_name,
        profile.date_of_birth,
        age_given,
        age_given_on,
        profile.gender,
        profile.ethnicity,
        profile.disability,
        profile.send_notes,
        profile.postcode,
        profile.school,
        profile.education_status,
        c.care_experienced,
        c.young_carer,
        c.looked_after,
        c.care_leaver,
        c.child_protection_plan,
        c.newly_arrived,
        profile.referred_by,
        profile.referred_to,
        profile.medical_notes,
        profile.allergies,
        search_text(reference, profile),
        now_utc_text(),
    ])?;
    let id = tx.last_insert_rowid();
    write_child_rows(tx, id, profile, None)?;
    Ok(id)
}

/// Saves changes to a young person's record.
pub fn update(
    tx: &Transaction,
    id: i64,
    reference: &str,
    profile: &Profile,
    today: NaiveDate,
) -> Result<YoungPerson> {
    let before = get(tx, id, today)?;
    let profile = check_profile(tx, profile, today)?;
    let reference = check_reference(tx, reference, Some(id))?;
    tx.execute(
        "UPDATE young_people SET ref = ?2 WHERE id = ?1",
        params![id, reference],
    )?;
    write_profile(tx, id, &reference, &profile, Some(&before.profile), today)?;
    get(tx, id, today)
}

/// Archives (hides from registers and lists) or restores a young person. Their attendance stays.
pub fn set_archived(
    tx: &Transaction,
    id: i64,
    archived: bool,
    today: NaiveDate,
) -> Result<YoungPerson> {
    get(tx, id, today)?;
    tx.execute(
        "UPDATE young_people SET archived = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, archived, now_utc_text()],
    )?;
    get(tx, id, today)
}

fn write_profile(
    tx: &Transaction,
    id: i64,
    reference: &str,
    profile: &Profile,
    before: Option<&Profile>,
    today: NaiveDate,
) -> Result<()> {
    // An age typed at the door is kept with the date it was given, so it grows older correctly;
    // re-saving the same (now older) age must not reset that date.
    let (age_given, age_given_on): (Option<u32>, Option<NaiveDate>) =
        match (profile.date_of_birth, profile.age) {
            (Some(_), _) | (None, None) => (None, None),
            (None, Some(age)) => {
                let unchanged =
                    before.is_some_and(|b| b.date_of_birth.is_none() && b.age == Some(age));
                if unchanged {
                    tx.query_row(
                        "SELECT age_given, age_given_on FROM young_people WHERE id = ?1",
                        [id],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )?
                } else {
                    (Some(age), Some(today))
                }
            }
        };
    let c = &profile.circumstances;
    tx.prepare_cached(
        "UPDATE young_people SET
            first_name = ?2, last_name = ?3, preferred_name = ?4, date_of_birth = ?5, age_given = ?6,
            age_given_on = ?7, gender = ?8, ethnicity = ?9, disability = ?10, send_notes = ?11, postcode = ?12,
            school = ?13, education_status = ?14, care_experienced = ?15, young_carer = ?16, looked_after = ?17,
            care_leaver = ?18, child_protection_plan = ?19, newly_arrived = ?20, referred_by = ?21,
            referred_to = ?22, medical_notes = ?23, allergies = ?24, search_text = ?25, updated_at = ?26
         WHERE id = ?1",
    )?
    .execute(params![
            id,
            profile.first_name,
            profile.last_name,
            profile.preferred_name,
            profile.date_of_birth,
            age_given,
            age_given_on,
            profile.gender,
            profile.ethnicity,
            profile.disability,
            profile.send_notes,
            profile.postcode,
            profile.school,
            profile.education_status,
            c.care_experienced,
            c.young_carer,
            c.looked_after,
            c.care_leaver,
            c.child_protection_plan,
            c.newly_arrived,
            profile.referred_by,
            profile.referred_to,
            profile.medical_notes,
            profile.allergies,
            search_text(reference, profile),
            now_utc_text(),
        ])?;
    write_child_rows(tx, id, profile, before)
}

/// A young person's circumstances, consents and emergency contacts as `profile` has them
/// (those of `before`, an existing record, replaced).
fn write_child_rows(
    tx: &Transaction,
    id: i64,
    profile: &Profile,
    before: Option<&Profile>,
) -> Result<()> {
    let already = before
        .map(|b| b.circumstance_codes.clone())
        .unwrap_or_default();
    crate::young_people::circumstances::check_codes(tx, &profile.circumstance_codes, &already)?;
    // A new record has nothing to clear.
    if before.is_some() {
        for table in [
            "young_person_circumstances",
            "consents",
            "emergency_contacts",
        ] {
            tx.prepare_cached(&format!("DELETE FROM {table} WHERE young_person_id = ?1"))?
                .execute([id])?;
        }
    }
    for code in &profile.circumstance_codes {
        tx.prepare_cached(
            "INSERT INTO young_person_circumstances (young_person_id, code) VALUES (?1, ?2)",
        )?
        .execute(params![id, code])?;
    }
    for consent in &profile.consents {
        tx.prepare_cached(
            "INSERT INTO consents (young_person_id, kind, given, given_by, giver_name, recorded_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            id,
            consent.kind,
            consent.given,
            consent.given_by,
            consent.giver_name,
            consent.recorded_on
        ])?;
    }
    for (position, contact) in profile.emergency_contacts.iter().enumerate() {
        tx.prepare_cached(
            "INSERT INTO emergency_contacts (young_person_id, position, name, relationship, phone)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            id,
            position as i64,
            contact.name,
            contact.relationship,
            contact.phone
        ])?;
    }
    Ok(())
}

/// Checks and tidies a profile, with a message for the first problem found.
pub fn check_profile(conn: &Connection, profile: &Profile, today: NaiveDate) -> Result<Profile> {
    let self_age = organisation::get(conn)?.map_or(13, |o| o.consent_self_age);
    check_profile_at(conn, profile, today, self_age)
}

/// [`check_profile`] with the club's age for consenting for oneself given (an import reads
/// it once, not once per row).
pub(crate) fn check_profile_at(
    conn: &Connection,
    profile: &Profile,
    today: NaiveDate,
    self_age: u32,
) -> Result<Profile> {
    let mut p = profile.clone();
    p.first_name = check_name(&profile.first_name, "first name")?;
    p.last_name = check_name(&profile.last_name, "last name")?;
    p.preferred_name = tidy(profile.preferred_name.as_deref());
    if let Some(born) = p.date_of_birth {
        let Some(age) = age_on(born, today) else {
            return invalid(format!(
                "The date of birth {} is in the future.",
                day_first(born)
            ));
        };
        if age > OLDEST_AGE {
            return invalid(format!(
                "The date of birth {} would make them {age}; Clubroom keeps young people up to {OLDEST_AGE}.",
                day_first(born)
            ));
        }
        p.age = Some(age);
    } else if let Some(age) = p.age
        && age > OLDEST_AGE
    {
        return invalid(format!(
            "An age of {age} is too old for a young person (up to {OLDEST_AGE})."
        ));
    }
    p.postcode = match tidy(profile.postcode.as_deref()) {
        None => None,
        Some(text) => match normalise_postcode(&text) {
            Some(pc) => Some(pc),
            None => {
                return invalid(format!(
                    "“{text}” doesn't look like a UK postcode (for example CV1 2AB)."
                ));
            }
        },
    };
    for field in [
        &mut p.send_notes,
        &mut p.school,
        &mut p.referred_by,
        &mut p.referred_to,
        &mut p.medical_notes,
        &mut p.allergies,
    ] {
        *field = tidy(field.as_deref());
    }
    p.emergency_contacts = profile
        .emergency_contacts
        .iter()
        .map(check_contact)
        .collect::<Result<_>>()?;
    check_consents(&mut p, today, self_age)?;
    // Only that each code is on the list here; adding an archived one is refused in `add`
    // and `update`, which know what was already recorded.
    p.circumstance_codes = crate::young_people::circumstances::check_codes(
        conn,
        &p.circumstance_codes,
        &p.circumstance_codes,
    )?;
    Ok(p)
}

fn check_name(name: &str, what: &str) -> Result<String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return invalid(format!("Enter their {what}."));
    }
    if name.chars().count() > 60 {
        return invalid(format!("That {what} is too long (60 characters at most)."));
    }
    Ok(name)
}

fn check_contact(contact: &EmergencyContact) -> Result<EmergencyContact> {
    let name = contact.name.trim();
    let phone = contact.phone.trim();
    if name.is_empty() {
        return invalid("Each emergency contact needs a name.");
    }
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let phone_shaped = phone
        .chars()
        .all(|c| c.is_ascii_digit() || " +()-".contains(c));
    if !(6..=15).contains(&digits) || !phone_shaped {
        return invalid(format!(
            "“{phone}” doesn't look like a phone number for {name}."
        ));
    }
    Ok(EmergencyContact {
        name: name.to_owned(),
        relationship: tidy(contact.relationship.as_deref()),
        phone: phone.to_owned(),
    })
}

fn check_consents(profile: &mut Profile, today: NaiveDate, self_age: u32) -> Result<()> {
    for consent in &mut profile.consents {
        if consent.recorded_on > today {
            return invalid(format!(
                "The {} consent is dated in the future ({}).",
                consent.kind.label(),
                consent.recorded_on
            ));
        }
        consent.giver_name = tidy(consent.giver_name.as_deref());
        if consent.given_by == ConsentGiver::YoungPerson {
            let age_then = match profile.date_of_birth {
                Some(born) => age_on(born, consent.recorded_on),
                None => profile.age,
            };
            if age_then.is_some_and(|age| age < self_age) {
                return invalid(format!(
                    "Under the club's policy, a parent or carer must give consent for under-{self_age}s (“{}”).",
                    consent.kind.label()
                ));
            }
        }
    }
    let mut kinds: Vec<ConsentKind> = profile.consents.iter().map(|c| c.kind).collect();
    kinds.sort();
    kinds.dedup();
    if kinds.len() != profile.consents.len() {
        return invalid("Each consent can be recorded only once; change the existing one instead.");
    }
    Ok(())
}

fn check_reference(conn: &Connection, reference: &str, id: Option<i64>) -> Result<String> {
    let reference = check_reference_shape(reference)?;
    let holder: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT first_name, last_name FROM young_people WHERE ref = ?1 AND id IS NOT ?2",
        )?
        .query_row(params![reference, id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((first, last)) = holder {
        return invalid(format!(
            "The reference {reference} is already used by {first} {last}."
        ));
    }
    Ok(reference)
}

/// A reference trimmed and checked for its shape (1 to 20 letters, digits, dashes or
/// underscores), not yet for whose it is: an import that has the list's references in
/// hand ([`References`]) asks that of them.
pub(crate) fn check_reference_shape(reference: &str) -> Result<String> {
    let reference = reference.trim().to_owned();
    let shaped = !reference.is_empty()
        && reference.len() <= 20
        && reference
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !shaped {
        return invalid(format!(
            "The reference “{reference}” should be 1 to 20 letters, digits, dashes or underscores (like YP00042)."
        ));
    }
    Ok(reference)
}

/// The next free reference of the form YP00001.
/// The next automatic reference: after the highest on the list and the highest of anyone
/// erased, so a number is never given twice.
fn next_reference(conn: &Connection) -> Result<String> {
    Ok(automatic_reference(next_reference_number(conn)?))
}

/// The reference numbered `number` ("YP00042" for 42).
pub(crate) fn automatic_reference(number: i64) -> String {
    format!("YP{number:05}")
}

/// The number of the next automatic reference: an import numbering many new young people
/// asks once and counts on from it.
pub(crate) fn next_reference_number(conn: &Connection) -> Result<i64> {
    let highest: i64 = conn.query_row(
        &format!(
            "SELECT MAX(COALESCE((SELECT MAX({NUMBER}) FROM young_people
                                  WHERE {IS_AUTOMATIC}), 0),
                        (SELECT highest FROM reference_high_water WHERE id = 1))"
        ),
        [],
        |r| r.get(0),
    )?;
    Ok(highest + 1)
}

/// The number of an automatic reference ("YP00042" is 42), in SQL over a row's `ref`.
const NUMBER: &str = "CAST(SUBSTR(ref, 3) AS INTEGER)";
/// Whether a row's `ref` is an automatic one (YP and digits only), in SQL.
const IS_AUTOMATIC: &str = "ref LIKE 'YP%' AND SUBSTR(ref, 3) NOT GLOB '*[^0-9]*'";

/// Remembers young person `id`'s reference number before their record is removed (erasure,
/// retention), so it is never given to someone new.
pub(crate) fn keep_reference_taken(tx: &Transaction, id: i64) -> Result<()> {
    tx.prepare_cached(&format!(
        "UPDATE reference_high_water
            SET highest = MAX(highest, (SELECT {NUMBER} FROM young_people
                                         WHERE id = ?1 AND {IS_AUTOMATIC}))
          WHERE id = 1
            AND EXISTS (SELECT 1 FROM young_people WHERE id = ?1 AND {IS_AUTOMATIC})"
    ))?
    .execute([id])?;
    Ok(())
}

/// People already on the list who are probably the same young person: the same first and
/// last name (ignoring case and accents, or one first name a short form of the other, like
/// Jay and Jayden) and a matching date of birth or age.
pub fn likely_duplicates(
    conn: &Connection,
    profile: &Profile,
    except: Option<i64>,
    today: NaiveDate,
) -> Result<Vec<YoungPersonSummary>> {
    let last = fold(profile.last_name.trim());
    // Surnames compared folded (Llŷr and Llyr are one surname), in SQL by the same rule.
    with_fold_in_sql(conn)?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM young_people y WHERE clubroom_fold(y.last_name) = ?1 AND y.id IS NOT ?2"
    ))?;
    let same_surname: Vec<YoungPersonSummary> = stmt
        .query_map(params![last, except], |row| summary_from_row(row, today))?
        .collect::<rusqlite::Result<_>>()?;
    let wanted = Likeness::of(profile, today);
    Ok(same_surname
        .into_iter()
        .filter(|c| fold(&c.last_name) == last)
        .filter(|c| wanted.matches(&fold(&c.first_name), c.date_of_birth, c.age))
        .collect())
}

/// What makes someone on the list probably the young person of a profile, their surnames
/// being the same (folded): the first names (folded, or one a short form of the other) and
/// the date of birth, or failing that the age within a year.
struct Likeness {
    first: String,
    born: Option<NaiveDate>,
    age: Option<u32>,
}

impl Likeness {
    fn of(profile: &Profile, today: NaiveDate) -> Likeness {
        Likeness {
            first: fold(profile.first_name.trim()),
            born: profile.date_of_birth,
            age: profile
                .date_of_birth
                .and_then(|b| age_on(b, today))
                .or(profile.age),
        }
    }

    fn matches(&self, first: &str, born: Option<NaiveDate>, age: Option<u32>) -> bool {
        first_names_match(first, &self.first)
            && match (self.born, born) {
                (Some(a), Some(b)) => a == b,
                _ => match (self.age, age) {
                    (Some(a), Some(b)) => a.abs_diff(b) <= 1,
                    _ => true,
                },
            }
    }
}

/// Someone on the list as an import compares a row with them.
#[derive(Debug, Clone)]
pub(crate) struct Known {
    pub id: i64,
    pub reference: String,
    pub first_name: String,
    pub last_name: String,
    pub preferred_name: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub age: Option<u32>,
    folded_first: String,
}

impl Known {
    /// As a likely duplicate is shown (what the list read for an import holds of them).
    pub fn as_candidate(&self) -> crate::error::DuplicateCandidate {
        crate::error::DuplicateCandidate {
            id: self.id,
            reference: self.reference.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            preferred_name: self.preferred_name.clone(),
            date_of_birth: self.date_of_birth,
            age: self.age,
            postcode: None,
            archived: false,
            last_seen: None,
        }
    }

    pub fn display_name(&self) -> String {
        display_name(
            &self.first_name,
            self.preferred_name.as_deref(),
            &self.last_name,
        )
    }
}

/// Everyone on the list by folded surname, read once: an import of thousands of rows asks
/// [`likely_duplicates`]' and [`ids_by_name_and_birth`]'s questions of it by the same rules,
/// instead of scanning the list once per row. The young people an import adds are added to
/// it as they are, so a row is also compared with the rows above it.
pub(crate) struct NameIndex {
    by_last: HashMap<String, Vec<Known>>,
}

impl NameIndex {
    pub(crate) fn load(conn: &Connection, today: NaiveDate) -> Result<NameIndex> {
        let mut index = NameIndex {
            by_last: HashMap::new(),
        };
        let mut stmt = conn.prepare(
            "SELECT id, ref, first_name, last_name, preferred_name, date_of_birth, age_given,
                    age_given_on
             FROM young_people",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let date_of_birth: Option<NaiveDate> = row.get(5)?;
            let known = Known {
                id: row.get(0)?,
                reference: row.get(1)?,
                first_name: row.get(2)?,
                last_name: row.get(3)?,
                preferred_name: row.get(4)?,
                date_of_birth,
                age: age_from(date_of_birth, row.get(6)?, row.get(7)?, today),
                folded_first: String::new(),
            };
            index.insert(known);
        }
        Ok(index)
    }

    fn insert(&mut self, mut known: Known) {
        known.folded_first = fold(known.first_name.trim());
        self.by_last
            .entry(fold(known.last_name.trim()))
            .or_default()
            .push(known);
    }

    /// Adds someone the import has just added.
    pub(crate) fn add(&mut self, id: i64, reference: &str, profile: &Profile, today: NaiveDate) {
        self.insert(Known {
            id,
            reference: reference.to_owned(),
            first_name: profile.first_name.clone(),
            last_name: profile.last_name.clone(),
            preferred_name: profile.preferred_name.clone(),
            date_of_birth: profile.date_of_birth,
            age: profile
                .date_of_birth
                .and_then(|b| age_on(b, today))
                .or(profile.age),
            folded_first: String::new(),
        });
    }

    /// As [`ids_by_name_and_birth`].
    pub(crate) fn same_name_and_birth(&self, first: &str, last: &str, born: NaiveDate) -> Vec<i64> {
        let first = fold(first.trim());
        self.by_last
            .get(&fold(last.trim()))
            .into_iter()
            .flatten()
            .filter(|k| k.folded_first == first && k.date_of_birth == Some(born))
            .map(|k| k.id)
            .collect()
    }

    /// As [`likely_duplicates`] (no one excepted).
    pub(crate) fn likely(&self, profile: &Profile, today: NaiveDate) -> Vec<&Known> {
        let wanted = Likeness::of(profile, today);
        self.by_last
            .get(&fold(profile.last_name.trim()))
            .into_iter()
            .flatten()
            .filter(|k| wanted.matches(&k.folded_first, k.date_of_birth, k.age))
            .collect()
    }
}

fn first_names_match(a: &str, b: &str) -> bool {
    let short = a.len().min(b.len());
    a == b || (short >= 3 && (a.starts_with(b) || b.starts_with(a)))
}

fn refuse_likely_duplicate(
    conn: &Connection,
    profile: &Profile,
    except: Option<i64>,
    today: NaiveDate,
) -> Result<()> {
    let candidates = likely_duplicates(conn, profile, except, today)?;
    let Some(first) = candidates.first() else {
        return Ok(());
    };
    let born = first
        .date_of_birth
        .map(|d| format!(", born {}", d.format("%-d %B %Y")))
        .unwrap_or_default();
    let archived = if first.archived { " (archived)" } else { "" };
    Err(Error::LikelyDuplicate {
        message: format!(
            "{} may already be on the list: {}{born}, reference {}{archived}. Check before adding them again.",
            display_name(
                &profile.first_name,
                profile.preferred_name.as_deref(),
                &profile.last_name
            ),
            first.display_name(),
            first.reference
        ),
        candidates: candidates
            .iter()
            .map(YoungPersonSummary::as_candidate)
            .collect(),
    })
}

/// The young person with this reference, or an error saying there is none.
pub fn require_by_reference(conn: &Connection, reference: &str) -> Result<i64> {
    id_by_reference(conn, reference)?.ok_or_else(|| {
        Error::NotFound(format!(
            "No young person has the reference {}.",
            reference.trim()
        ))
    })
}

/// Looks a young person up by their reference (case-insensitive).
pub fn id_by_reference(conn: &Connection, reference: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM young_people WHERE ref = ?1")?
        .query_row([reference.trim()], |r| r.get(0))
        .optional()?)
}

/// Every young person's id by their reference, read once: an import of thousands of rows
/// looks each row's reference up here ([`References::id_of`]) instead of asking the club
/// file per row, by the same rule as [`id_by_reference`].
pub(crate) struct References {
    by_key: HashMap<String, i64>,
}

impl References {
    pub(crate) fn load(conn: &Connection) -> Result<References> {
        let mut by_key = HashMap::new();
        let mut stmt = conn.prepare("SELECT id, ref FROM young_people")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            by_key.insert(Self::key(&row.get::<_, String>(1)?), row.get(0)?);
        }
        Ok(References { by_key })
    }

    /// The `ref` column is `COLLATE NOCASE`, which folds ASCII letters only.
    fn key(reference: &str) -> String {
        reference.trim().to_ascii_uppercase()
    }

    /// As [`id_by_reference`].
    pub(crate) fn id_of(&self, reference: &str) -> Option<i64> {
        self.by_key.get(&Self::key(reference)).copied()
    }

    /// Someone the import has just added.
    pub(crate) fn add(&mut self, reference: &str, id: i64) {
        self.by_key.insert(Self::key(reference), id);
    }
}

/// The young people with this name and date of birth, names compared folded (Zoë Müller and
/// zoe muller are one name): how an import from another system, which has no Clubroom
/// references, finds the young person a row is about.
pub fn ids_by_name_and_birth(
    conn: &Connection,
    first_name: &str,
    last_name: &str,
    born: NaiveDate,
) -> Result<Vec<i64>> {
    with_fold_in_sql(conn)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM young_people WHERE clubroom_fold(last_name) = ?1 AND clubroom_fold(first_name) = ?2 AND date_of_birth = ?3 ORDER BY id",
    )?;
    let ids = stmt
        .query_map(
            params![fold(last_name.trim()), fold(first_name.trim()), born],
            |r| r.get(0),
        )?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(ids)
}

/// The references of the young people whose full name ("first last", compared folded and
/// with spaces run together) is `full_name`, and whose date of birth is `born` when given:
/// how a register from another system, which names people, finds who each row is.
pub fn references_by_full_name(
    conn: &Connection,
    full_name: &str,
    born: Option<NaiveDate>,
) -> Result<Vec<String>> {
    with_fold_in_sql(conn)?;
    let wanted = fold(&full_name.split_whitespace().collect::<Vec<_>>().join(" "));
    let mut stmt = conn.prepare_cached(
        "SELECT ref FROM young_people
         WHERE clubroom_fold(trim(first_name) || ' ' || trim(last_name)) = ?1
           AND (?2 IS NULL OR date_of_birth = ?2)
         ORDER BY id",
    )?;
    let found = stmt
        .query_map(params![wanted, born], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(found)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod lookup_tests;
