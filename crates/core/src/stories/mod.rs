//! Stories: a young person's words (a quote) or a worker's short account of what changed (a
//! case study), linked to the young person, with the consent it was given under (named,
//! anonymous, not for use) and who may read it (the team, or managers and whoever recorded
//! it). An anonymous story must read without names, dates of birth or places: [`check`] looks
//! for them and says what it found, and only a story with nothing found can go in a return
//! ([`for_return`]). The worker edits the words; the check is here.
//!
//! What it is not: the anonymity check finds what the club knows (names on its lists, the
//! young person's date of birth, postcode and school, the venues); it cannot know a name the
//! club never recorded, so the worker still reads the story before it goes.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::access::{Actor, Permission, Role};
use crate::dates::now_utc_text;
use crate::error::{Error, Result, invalid};
use crate::outcomes::OutcomeTag;
pub use crate::vocab::{ConsentGiver, StoryAudience, StoryConsent, StoryKind};

/// The longest quote: a few sentences in someone's own words.
pub const QUOTE_MAX_CHARS: usize = 1_000;

/// What a worker writes or changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoryInput {
    pub young_person_id: i64,
    pub kind: StoryKind,
    pub title: String,
    pub body: String,
    pub consent: StoryConsent,
    pub consent_given_by: ConsentGiver,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub told_on: NaiveDate,
    pub audience: StoryAudience,
    /// The outcomes it evidences.
    #[serde(default)]
    pub outcomes: Vec<OutcomeTag>,
}

/// What kind of thing the anonymity check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Found {
    Name,
    DateOfBirth,
    Place,
}

/// One thing in an anonymous story that could identify someone.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Finding {
    pub found: Found,
    /// The words as the check found them.
    pub words: String,
    /// The sentence the worker reads.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Story {
    pub id: i64,
    /// `None` once the young person was erased (only anonymous stories stay).
    pub young_person_id: Option<i64>,
    /// Their name as the list shows it ("a young person since erased" once erased).
    pub about: String,
    pub kind: StoryKind,
    pub title: String,
    pub body: String,
    pub consent: StoryConsent,
    pub consent_given_by: ConsentGiver,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub told_on: NaiveDate,
    pub audience: StoryAudience,
    pub outcomes: Vec<OutcomeTag>,
    pub recorded_by: String,
    /// For an anonymous story: what could identify someone (empty: none found). Other
    /// stories are not checked (a named one may name them; one not for use goes nowhere).
    pub findings: Vec<Finding>,
    /// Whether it can go in a return: consented anonymous, nothing found, and for the team.
    pub ready_for_return: bool,
}

/// Whether `actor` may read a story told to `audience` and recorded by `recorded_by_user`.
pub fn may_read(actor: &Actor, audience: StoryAudience, recorded_by_user: i64) -> bool {
    if !actor.can(Permission::EditYoungPeople) {
        return false;
    }
    match audience {
        StoryAudience::Team => true,
        StoryAudience::Managers => actor.role == Role::Manager || actor.user_id == recorded_by_user,
    }
}

/// Records a story.
pub fn add(tx: &Transaction, actor: &Actor, input: &StoryInput, today: NaiveDate) -> Result<Story> {
    actor.require(Permission::EditYoungPeople)?;
    let input = checked(tx, input, today)?;
    let now = now_utc_text();
    tx.execute(
        "INSERT INTO stories (young_person_id, kind, title, body, consent, consent_given_by,
            told_on, audience, recorded_by_user, recorded_by, recorded_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
        params![
            input.young_person_id,
            input.kind,
            input.title,
            input.body,
            input.consent,
            input.consent_given_by,
            input.told_on,
            input.audience,
            actor.user_id,
            actor.name,
            now
        ],
    )?;
    let id = tx.last_insert_rowid();
    save_outcomes(tx, id, &input.outcomes)?;
    get(tx, actor, id)
}

/// Changes a story (its words after the check, its consent, who may read it). A story whose
/// young person was erased cannot be changed: its check can no longer be made against them.
pub fn update(
    tx: &Transaction,
    actor: &Actor,
    id: i64,
    input: &StoryInput,
    today: NaiveDate,
) -> Result<Story> {
    let story = get(tx, actor, id)?;
    if story.young_person_id.is_none() {
        return invalid(
            "This story is about a young person since erased: it can be removed, not changed.",
        );
    }
    let input = checked(tx, input, today)?;
    tx.execute(
        "UPDATE stories SET young_person_id = ?2, kind = ?3, title = ?4, body = ?5, consent = ?6,
            consent_given_by = ?7, told_on = ?8, audience = ?9, updated_at = ?10
         WHERE id = ?1",
        params![
            id,
            input.young_person_id,
            input.kind,
            input.title,
            input.body,
            input.consent,
            input.consent_given_by,
            input.told_on,
            input.audience,
            now_utc_text()
        ],
    )?;
    tx.execute("DELETE FROM story_outcomes WHERE story_id = ?1", [id])?;
    save_outcomes(tx, id, &input.outcomes)?;
    get(tx, actor, id)
}

/// Removes a story (consent withdrawn, or recorded by mistake).
pub fn remove(tx: &Transaction, actor: &Actor, id: i64) -> Result<()> {
    get(tx, actor, id)?;
    tx.execute("DELETE FROM stories WHERE id = ?1", [id])?;
    Ok(())
}

/// The input tidied, or the first thing wrong with it in words.
fn checked(conn: &Connection, input: &StoryInput, today: NaiveDate) -> Result<StoryInput> {
    let title = input.title.split_whitespace().collect::<Vec<_>>().join(" ");
    let body = input.body.trim().to_owned();
    if title.is_empty() {
        return invalid("Give the story a short title.");
    }
    if body.is_empty() {
        return invalid("The story has no words: write the quote or the case study.");
    }
    if input.kind == StoryKind::Quote && body.chars().count() > QUOTE_MAX_CHARS {
        return invalid(format!(
            "A quote is at most {QUOTE_MAX_CHARS} characters: save a longer story as a case study."
        ));
    }
    if input.told_on > today {
        return invalid("A story is recorded once it has been told: the date is after today.");
    }
    crate::young_people::name_in_log(conn, input.young_person_id)?.ok_or_else(|| {
        Error::NotFound("That young person is no longer on the club's list.".into())
    })?;
    crate::sessions::check_tags(conn, &input.outcomes)?;
    let mut outcomes = input.outcomes.clone();
    outcomes.sort();
    outcomes.dedup();
    Ok(StoryInput {
        title,
        body,
        outcomes,
        ..input.clone()
    })
}

fn save_outcomes(tx: &Transaction, id: i64, outcomes: &[OutcomeTag]) -> Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO story_outcomes (story_id, framework_code, outcome_code) VALUES (?1, ?2, ?3)",
    )?;
    for tag in outcomes {
        insert.execute(params![id, tag.framework, tag.code])?;
    }
    Ok(())
}

/// A story's row, before the audience is applied.
struct Row {
    story: Story,
    recorded_by_user: i64,
}

const SELECT: &str = "SELECT id, young_person_id, kind, title, body, consent, consent_given_by,
        told_on, audience, recorded_by, recorded_by_user FROM stories";

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Row> {
    Ok(Row {
        story: Story {
            id: r.get(0)?,
            young_person_id: r.get(1)?,
            about: String::new(),
            kind: r.get(2)?,
            title: r.get(3)?,
            body: r.get(4)?,
            consent: r.get(5)?,
            consent_given_by: r.get(6)?,
            told_on: r.get(7)?,
            audience: r.get(8)?,
            outcomes: Vec::new(),
            recorded_by: r.get(9)?,
            findings: Vec::new(),
            ready_for_return: false,
        },
        recorded_by_user: r.get(10)?,
    })
}

/// Fills in what is worked out rather than stored: whose it is, its outcomes, the check.
fn completed(conn: &Connection, known: &Known, mut story: Story) -> Result<Story> {
    story.about = match story.young_person_id {
        Some(id) => crate::young_people::name_in_log(conn, id)?
            .unwrap_or_else(|| "a young person".to_owned()),
        None => "a young person since erased".to_owned(),
    };
    story.outcomes = conn
        .prepare_cached(
            "SELECT framework_code, outcome_code FROM story_outcomes WHERE story_id = ?1
             ORDER BY framework_code, outcome_code",
        )?
        .query_map([story.id], |r| {
            Ok(OutcomeTag {
                framework: r.get(0)?,
                code: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    if story.consent == StoryConsent::Anonymous {
        let subject = match story.young_person_id {
            Some(id) => Subject::of(conn, id)?,
            None => Subject::default(),
        };
        story.findings = findings(known, &subject, &format!("{}\n{}", story.title, story.body));
    }
    story.ready_for_return = story.consent == StoryConsent::Anonymous
        && story.findings.is_empty()
        && story.audience == StoryAudience::Team;
    Ok(story)
}

/// One story, if `actor` may read it.
pub fn get(conn: &Connection, actor: &Actor, id: i64) -> Result<Story> {
    actor.require(Permission::EditYoungPeople)?;
    let row = conn
        .prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound("That story no longer exists.".into()))?;
    if !may_read(actor, row.story.audience, row.recorded_by_user) {
        return Err(Error::Denied(format!(
            "{}, this story is for managers and whoever recorded it.",
            actor.name
        )));
    }
    completed(conn, &Known::of(conn)?, row.story)
}

/// Stories (of one young person, or all), newest first, as `actor` may read them.
pub fn list(conn: &Connection, actor: &Actor, young_person: Option<i64>) -> Result<Vec<Story>> {
    actor.require(Permission::EditYoungPeople)?;
    let rows: Vec<Row> = conn
        .prepare_cached(&format!(
            "{SELECT} WHERE ?1 IS NULL OR young_person_id = ?1 ORDER BY told_on DESC, id DESC"
        ))?
        .query_map([young_person], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let known = Known::of(conn)?;
    rows.into_iter()
        .filter(|row| may_read(actor, row.story.audience, row.recorded_by_user))
        .map(|row| completed(conn, &known, row.story))
        .collect()
}

/// The story a manager picked for a return: one for the team (so anyone who may make a
/// return may read it), consented anonymous, with nothing found by the check; else why not,
/// in words.
pub fn for_return(conn: &Connection, id: i64) -> Result<Story> {
    let story = get(conn, &Actor::club_manager(), id)?;
    if story.audience != StoryAudience::Team {
        return invalid(format!(
            "“{}” is for managers and whoever recorded it: let the team read it before it goes \
             in a return.",
            story.title
        ));
    }
    if story.consent != StoryConsent::Anonymous {
        return invalid(format!(
            "“{}” was not given for use without a name ({}): only anonymous stories go in a return.",
            story.title,
            story.consent.label().to_lowercase()
        ));
    }
    if let Some(first) = story.findings.first() {
        return invalid(format!(
            "“{}” cannot go in a return yet: {} Change its words, then choose it again.",
            story.title, first.message
        ));
    }
    Ok(story)
}

/// What the anonymity check would find in `text`, were it an anonymous story about young
/// person `young_person`: for the window to show while the worker writes.
pub fn check(conn: &Connection, young_person: Option<i64>, text: &str) -> Result<Vec<Finding>> {
    let subject = match young_person {
        Some(id) => Subject::of(conn, id)?,
        None => Subject::default(),
    };
    Ok(findings(&Known::of(conn)?, &subject, text))
}

/// Every story about young person `id`, whoever may read it: their subject access request.
pub fn held_about(conn: &Connection, id: i64) -> Result<Vec<Story>> {
    list(conn, &Actor::club_manager(), Some(id))
}

/// What a return that printed story `id` as a case study depends on, as text for its
/// fingerprint: the words, consent, audience and outcomes, and what the anonymity check finds
/// now (a name added to the club's lists can make it unusable); "removed" once it is gone.
/// Whose it is is left out: erasing them keeps a clean anonymous story as it was printed.
pub fn as_used_in_return(conn: &Connection, id: i64) -> Result<String> {
    let story = match get(conn, &Actor::club_manager(), id) {
        Ok(story) => story,
        Err(Error::NotFound(_)) => return Ok("removed".to_owned()),
        Err(other) => return Err(other),
    };
    let used = (
        story.kind,
        &story.title,
        &story.body,
        story.consent,
        story.audience,
        &story.outcomes,
        &story.findings,
    );
    serde_json::to_string(&used)
        .map_err(|e| Error::Invalid(format!("A story could not be read for a return: {e}.")))
}

/// What erasing a young person does to the stories about them, by title: the ones that stay
/// (consented anonymous with nothing found by the check: kept, linked to no one) and the ones
/// that go (every other). The erasure preview shows it and [`on_erasure`] does it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoriesOnErasure {
    pub stay: Vec<String>,
    pub go: Vec<String>,
}

/// Whether a story outlives its young person's erasure: only a consented anonymous one in
/// which the check finds nothing (found while their profile is still there to check against).
fn outlives_erasure(story: &Story) -> bool {
    story.consent == StoryConsent::Anonymous && story.findings.is_empty()
}

/// What erasing young person `id` would do to the stories about them (whoever may read them).
pub fn on_erasure_would(conn: &Connection, id: i64) -> Result<StoriesOnErasure> {
    let mut fate = StoriesOnErasure::default();
    for story in held_about(conn, id)? {
        if outlives_erasure(&story) {
            fate.stay.push(story.title);
        } else {
            fate.go.push(story.title);
        }
    }
    Ok(fate)
}

/// On erasing young person `id` (before their profile goes): a story consented anonymous
/// with nothing found by the check stays, linked to no one; every other story about them
/// goes. Returns what stayed and what went, by title.
pub fn on_erasure(tx: &Transaction, id: i64) -> Result<StoriesOnErasure> {
    let mut fate = StoriesOnErasure::default();
    for story in held_about(tx, id)? {
        if outlives_erasure(&story) {
            tx.execute(
                "UPDATE stories SET young_person_id = NULL WHERE id = ?1",
                [story.id],
            )?;
            fate.stay.push(story.title);
        } else {
            tx.execute("DELETE FROM stories WHERE id = ?1", [story.id])?;
            fate.go.push(story.title);
        }
    }
    Ok(fate)
}

/// How the audit log names a story: "case study “Finding her voice” about Amy Adams (YP1)".
pub fn name_in_log(conn: &Connection, id: i64) -> Result<Option<String>> {
    let found: Option<(Option<i64>, StoryKind, String)> = conn
        .query_row(
            "SELECT young_person_id, kind, title FROM stories WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((who, kind, title)) = found else {
        return Ok(None);
    };
    let whose = match who {
        Some(who) => crate::young_people::name_in_log(conn, who)?
            .unwrap_or_else(|| "a young person".to_owned()),
        None => "a young person since erased".to_owned(),
    };
    let kind = match kind {
        StoryKind::Quote => "quote",
        StoryKind::CaseStudy => "case study",
    };
    Ok(Some(format!("{kind} “{title}” about {whose}")))
}

// ---- the anonymity check ----

/// What the club knows that could identify anyone: every name on its lists (young people,
/// staff and volunteers, people who sign in) and its venues.
#[derive(Default)]
struct Known {
    /// Single words of names, as written (capitalised).
    names: HashSet<String>,
    /// Venue names, addresses (each line or comma-separated part) and postcodes.
    places: Vec<String>,
}

impl Known {
    fn of(conn: &Connection) -> Result<Known> {
        let mut known = Known::default();
        let mut add_names = |text: &str| {
            for word in words(text) {
                if word.chars().count() >= 2 {
                    known.names.insert(word.to_owned());
                }
            }
        };
        for sql in [
            "SELECT first_name || ' ' || last_name || ' ' || COALESCE(preferred_name, '')
             FROM young_people",
            "SELECT name FROM people",
            "SELECT name FROM users",
        ] {
            let mut stmt = conn.prepare_cached(sql)?;
            for name in stmt.query_map([], |r| r.get::<_, String>(0))? {
                add_names(&name?);
            }
        }
        for venue in crate::organisation::venues(conn)? {
            known.places.push(venue.name);
            known.places.extend(venue.postcode);
            known
                .places
                .extend(venue.address.iter().flat_map(|a| address_parts(a)));
        }
        Ok(known)
    }
}

/// What is known about the young person a story is about.
#[derive(Default)]
struct Subject {
    names: Vec<String>,
    date_of_birth: Option<NaiveDate>,
    places: Vec<String>,
}

impl Subject {
    fn of(conn: &Connection, id: i64) -> Result<Subject> {
        let found = conn
            .query_row(
                "SELECT first_name, last_name, preferred_name, date_of_birth, postcode, school
                 FROM young_people WHERE id = ?1",
                [id],
                |r| {
                    let names: [Option<String>; 3] = [r.get(0)?, r.get(1)?, r.get(2)?];
                    let places: [Option<String>; 2] = [r.get(4)?, r.get(5)?];
                    Ok((names, r.get::<_, Option<NaiveDate>>(3)?, places))
                },
            )
            .optional()?;
        let Some((names, date_of_birth, places)) = found else {
            return Ok(Subject::default());
        };
        let names = names
            .into_iter()
            .flatten()
            .flat_map(|n| words(&n).map(str::to_owned).collect::<Vec<_>>())
            .filter(|w| w.chars().count() >= 2)
            .collect();
        Ok(Subject {
            names,
            date_of_birth,
            places: places.into_iter().flatten().collect(),
        })
    }
}

/// The words of `text`: letters, digits, apostrophes and hyphens inside a word.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .map(|w| w.trim_matches(|c: char| c == '\'' || c == '’' || c == '-'))
        .filter(|w| !w.is_empty())
}

/// The parts of an address worth looking for: each line or comma-separated part with a
/// letter in it and at least four characters ("12 High Street", not "UK").
fn address_parts(address: &str) -> Vec<String> {
    address
        .split(['\n', ','])
        .map(str::trim)
        .filter(|p| p.chars().count() >= 4 && p.chars().any(char::is_alphabetic))
        .map(str::to_owned)
        .collect()
}

/// `text` lower-cased with apostrophes dropped ("St Mary's" and "St Marys" alike) and every
/// run of anything else but letters and digits made one space, with spaces at both ends, so a
/// phrase is found as whole words by looking for " phrase ".
fn normalised(text: &str) -> String {
    let mut out = String::from(" ");
    for c in text.chars().flat_map(char::to_lowercase) {
        if c == '\'' || c == '’' {
            continue;
        }
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// Whether `phrase` appears in `haystack` (already [`normalised`]) as whole words.
fn has_phrase(haystack: &str, phrase: &str) -> bool {
    let phrase = normalised(phrase);
    phrase.trim().chars().count() >= 2 && haystack.contains(&phrase)
}

/// A postcode without spaces, upper case ("CV12AB"), to compare however it is typed.
fn squashed(postcode: &str) -> String {
    postcode
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn ordinal(day: u32) -> String {
    let suffix = match (day % 10, day % 100) {
        (1, n) if n != 11 => "st",
        (2, n) if n != 12 => "nd",
        (3, n) if n != 13 => "rd",
        _ => "th",
    };
    format!("{day}{suffix}")
}

/// The ways people write a date of birth, as [`normalised`] text: "14/03/2010", "14.3.10",
/// "2010-03-14", "14 March 2010", "14th of Mar", "March 14th, 2010"... and the birthday
/// without its year ("14th March"), which is as telling.
fn date_forms(date: NaiveDate) -> Vec<String> {
    let (d, m, y) = (date.day(), date.month(), date.year());
    let yy = format!("{:02}", y.rem_euclid(100));
    let month = MONTHS[(m - 1) as usize];
    let short = &month[..3];
    let mut forms = Vec::new();
    for day in [d.to_string(), format!("{d:02}")] {
        for mon in [m.to_string(), format!("{m:02}")] {
            for year in [y.to_string(), yy.clone()] {
                forms.push(format!("{day} {mon} {year}"));
            }
        }
    }
    forms.push(format!("{y} {m:02} {d:02}"));
    for day in [d.to_string(), format!("{d:02}"), ordinal(d)] {
        for mon in [month, short] {
            for of in ["", "of "] {
                forms.push(format!("{day} {of}{mon}"));
            }
            forms.push(format!("{mon} {day}"));
        }
    }
    forms.into_iter().map(|f| normalised(&f)).collect()
}

/// Everything in `text` that could identify the young person or anyone the club knows.
fn findings(known: &Known, subject: &Subject, text: &str) -> Vec<Finding> {
    let haystack = normalised(text);
    let mut found: Vec<Finding> = Vec::new();
    let mut note = |found_kind: Found, words: &str, message: String| {
        if !found.iter().any(|f| f.words.eq_ignore_ascii_case(words)) {
            found.push(Finding {
                found: found_kind,
                words: words.to_owned(),
                message,
            });
        }
    };
    // Their own names in any case: "amy" is still Amy.
    for name in &subject.names {
        if has_phrase(&haystack, name) {
            note(
                Found::Name,
                name,
                format!("it names the young person (“{name}”)."),
            );
        }
    }
    // Anyone else's name only as a name is written (capitalised), so "will" and "hope"
    // in a sentence are not taken for Will and Hope.
    for word in words(text) {
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        if capitalised && known.names.contains(word) {
            note(
                Found::Name,
                word,
                format!("“{word}” is a name on the club's lists."),
            );
        }
    }
    if let Some(born) = subject.date_of_birth
        && let Some(form) = date_forms(born)
            .into_iter()
            .find(|form| haystack.contains(form.as_str()))
    {
        note(
            Found::DateOfBirth,
            form.trim(),
            format!(
                "it gives the young person's date of birth or birthday (“{}”).",
                form.trim()
            ),
        );
    }
    let squashed_text: String = squashed(text);
    for place in subject.places.iter().chain(&known.places) {
        // A full postcode is found however it is spaced ("cv1 2ab", "CV12AB").
        let is_postcode = crate::vocab::normalise_postcode(place).is_some_and(|p| p.contains(' '));
        let there = if is_postcode {
            squashed_text.contains(&squashed(place))
        } else {
            has_phrase(&haystack, place)
        };
        if there {
            note(
                Found::Place,
                place,
                format!("it names a place that could identify them (“{place}”)."),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests;
