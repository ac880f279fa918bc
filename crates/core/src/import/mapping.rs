//! Which Clubroom field each column of a file fills, and which Clubroom value each value of a
//! coded column means: suggested from the header's words and the column's values, changed
//! by the user, saved as JSON (`clubroom-import-mapping/1`, the same file for the window and
//! the CLI) and applied to turn the file's rows into Clubroom's own columns, which the
//! importers in `import` then check row by row as always.
//!
//! Nothing is guessed silently: a column whose header is not recognised is left out (and
//! shown as left out), and a value of a coded column with no Clubroom value chosen is a
//! problem on its row until the user chooses one.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ImportKind;
use super::dates::read_date;
use super::headers::Table;
use super::read::Cell;
use crate::error::{Error, Result};
use crate::vocab;

/// The version of the mapping file's form.
pub const FORMAT: &str = "clubroom-import-mapping/1";

/// The most distinct values of a coded column offered for mapping (a "gender" column with
/// more is not a gender column).
pub const MAX_VALUES: usize = 60;

/// A mapping as saved: by source ("OSM members"), for one kind of import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Mapping {
    pub format: String,
    pub kind: ImportKind,
    /// What the user calls the file's source ("OSM members", "Our old register").
    pub source: String,
    /// The workbook sheet read (none for CSV).
    #[serde(default)]
    pub sheet: Option<String>,
    /// One choice per column of the file, in the file's order.
    pub columns: Vec<ColumnChoice>,
    /// For each coded field: each value found in the file and the Clubroom value it means
    /// (`None`: not chosen yet, so a row holding it is a problem).
    #[serde(default)]
    pub values: BTreeMap<String, BTreeMap<String, Option<String>>>,
    /// For an old register (a column of marks per date): the session the marks are
    /// attendance at.
    #[serde(default)]
    pub register: Option<RegisterSession>,
    /// Young people the user has said are someone new, though a young person like them is
    /// already on the list ("Jay Smith 2011-03-04": name and date of birth, as the problem
    /// that asked says it).
    #[serde(default)]
    pub confirmed_new: Vec<String>,
    /// Young people the user has said are someone already on the list: the row's young
    /// person (named as in `confirmed_new`) and the reference of the one they are.
    #[serde(default)]
    pub same_as: BTreeMap<String, String>,
}

/// The session an old register's marks become attendance at: one on each date of the
/// register, found by date, name and start (so importing the register again adds nothing),
/// or made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RegisterSession {
    pub session: String,
    /// "HH:MM".
    pub start: String,
    pub end: String,
    /// A session type code (open-access, targeted, ...).
    #[serde(rename = "type")]
    pub session_type: String,
    #[serde(default)]
    pub venue: Option<String>,
    /// A weekly series the register belongs to (its id): each date's marks go to the
    /// series' session on that date, made from its pattern where there is none, and the
    /// session, times, type and venue above are the series' own.
    #[serde(default)]
    pub series_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ColumnChoice {
    /// The column's header as read (a two-row header joined: "Contact 1.Phone 1").
    pub header: String,
    /// The Clubroom field it fills, or `None` to leave the column out.
    pub field: Option<String>,
}

impl Mapping {
    /// Reads a mapping file (JSON), checking it is one.
    pub fn from_json(text: &str) -> Result<Mapping> {
        let mapping: Mapping = serde_json::from_str(text).map_err(|e| {
            Error::Invalid(format!(
                "The mapping file can't be read as a Clubroom mapping ({e})."
            ))
        })?;
        if mapping.format != FORMAT {
            return Err(Error::Invalid(format!(
                "The mapping file is “{}”, not a {FORMAT} file.",
                mapping.format
            )));
        }
        let known = fields(mapping.kind);
        for choice in &mapping.columns {
            if let Some(field) = &choice.field
                && !known.iter().any(|f| f.name == field)
            {
                return Err(Error::Invalid(format!(
                    "The mapping puts “{}” into “{field}”, which is not a field of this import (fields: {}).",
                    choice.header,
                    known.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
                )));
            }
        }
        Ok(mapping)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a mapping is plain data")
    }

    /// The headers of the file this mapping was made for, to offer it again when they come.
    pub fn headers(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.header.as_str()).collect()
    }
}

/// What a field holds, which decides how its cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text,
    Date,
    /// One of a closed list: its values are mapped.
    Coded(Codes),
}

/// The closed lists a coded field takes its values from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codes {
    Gender,
    Ethnicity,
    Disability,
    Education,
    YesNo,
    Consent,
    SessionType,
    PaidOrVolunteer,
    /// A register's mark: present or absent.
    Mark,
}

impl Codes {
    /// Every value of the list, as its code.
    pub fn codes(self) -> Vec<&'static str> {
        fn all<T: Copy>(values: &[T], code: fn(T) -> &'static str) -> Vec<&'static str> {
            values.iter().map(|v| code(*v)).collect()
        }
        match self {
            Codes::Gender => all(vocab::Gender::ALL, vocab::Gender::code),
            Codes::Ethnicity => all(vocab::Ethnicity::ALL, vocab::Ethnicity::code),
            Codes::Disability => all(vocab::Disability::ALL, vocab::Disability::code),
            Codes::Education => all(vocab::EducationStatus::ALL, vocab::EducationStatus::code),
            Codes::YesNo => vec!["yes", "no"],
            Codes::Consent => vec!["young-person", "parent-carer", "refused"],
            Codes::SessionType => all(vocab::SessionType::ALL, vocab::SessionType::code),
            Codes::PaidOrVolunteer => vec!["paid", "volunteer"],
            Codes::Mark => vec!["present", "absent"],
        }
    }

    /// The Clubroom value a file's value plainly means, if it plainly means one.
    pub fn suggest(self, value: &str) -> Option<&'static str> {
        let v = value.trim();
        match self {
            Codes::Gender => vocab::Gender::parse(v).map(vocab::Gender::code),
            Codes::Ethnicity => vocab::Ethnicity::parse(v).map(vocab::Ethnicity::code),
            Codes::Disability => vocab::Disability::parse(v)
                .map(vocab::Disability::code)
                .or_else(|| Codes::YesNo.suggest(v)),
            Codes::Education => vocab::EducationStatus::parse(v).map(vocab::EducationStatus::code),
            Codes::YesNo => match v.to_lowercase().as_str() {
                "yes" | "y" | "true" | "1" | "x" | "✓" | "✔" | "tick" | "ticked" => Some("yes"),
                "no" | "n" | "false" | "0" => Some("no"),
                _ => None,
            },
            Codes::Consent => vocab::ConsentGiver::parse(v)
                .map(vocab::ConsentGiver::code)
                .or(match v.to_lowercase().as_str() {
                    "no" | "refused" | "n" => Some("refused"),
                    _ => None,
                }),
            Codes::SessionType => vocab::SessionType::parse(v).map(vocab::SessionType::code),
            Codes::PaidOrVolunteer => match v.to_lowercase().as_str() {
                "paid" | "staff" | "employee" => Some("paid"),
                "volunteer" | "unpaid" => Some("volunteer"),
                _ => None,
            },
            Codes::Mark => match v.to_lowercase().as_str() {
                "✓" | "✔" | "☑" | "p" | "y" | "yes" | "1" | "/" | "x" | "present" | "attended"
                | "here" | "l" => Some("present"),
                "a" | "n" | "no" | "0" | "absent" | "-" | "ab" | "abs" => Some("absent"),
                _ => None,
            },
        }
    }
}

/// One Clubroom field a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The column name of Clubroom's own CSV (docs/file-formats.md).
    pub name: &'static str,
    pub kind: FieldType,
    /// Headers that mean this field, written in lower case with single spaces (their words
    /// only, punctuation dropped); the field's own name always matches.
    pub headers: &'static [&'static str],
}

const fn field(name: &'static str, kind: FieldType, headers: &'static [&'static str]) -> Field {
    Field {
        name,
        kind,
        headers,
    }
}

use Codes as C;
use FieldType::{Coded, Date, Text};

const YOUNG_PEOPLE: &[Field] = &[
    field(
        "ref",
        Text,
        &[
            "reference",
            "member id",
            "membership number",
            "membership no",
            "id",
            "client id",
            "participant id",
            "young person id",
            "unique id",
            "scout id",
        ],
    ),
    field(
        "first_name",
        Text,
        &[
            "first name",
            "firstname",
            "forename",
            "forenames",
            "given name",
            "given names",
            "first",
        ],
    ),
    field(
        "last_name",
        Text,
        &["last name", "lastname", "surname", "family name", "last"],
    ),
    field(
        "preferred_name",
        Text,
        &["preferred name", "known as", "nickname"],
    ),
    field(
        "date_of_birth",
        Date,
        &[
            "dob",
            "d o b",
            "date of birth",
            "birth date",
            "birthdate",
            "birthday",
            "born",
        ],
    ),
    field(
        "gender",
        Coded(C::Gender),
        &["gender", "sex", "gender identity"],
    ),
    field(
        "ethnicity",
        Coded(C::Ethnicity),
        &[
            "ethnicity",
            "ethnic origin",
            "ethnic group",
            "ethnic background",
        ],
    ),
    field(
        "disability",
        Coded(C::Disability),
        &[
            "disability",
            "disabled",
            "has a disability",
            "disability or send",
        ],
    ),
    field(
        "send_notes",
        Text,
        &[
            "send",
            "send notes",
            "sen",
            "special educational needs",
            "additional needs",
        ],
    ),
    field(
        "postcode",
        Text,
        &[
            "postcode",
            "post code",
            "postal code",
            "address postcode",
            "home postcode",
        ],
    ),
    field(
        "school",
        Text,
        &["school", "school name", "school or college", "college"],
    ),
    field(
        "education_status",
        Coded(C::Education),
        &["education status", "education employment status", "neet"],
    ),
    field("care_experienced", Coded(C::YesNo), &["care experienced"]),
    field("young_carer", Coded(C::YesNo), &["young carer"]),
    field(
        "looked_after",
        Coded(C::YesNo),
        &["looked after", "looked after child", "lac"],
    ),
    field("care_leaver", Coded(C::YesNo), &["care leaver"]),
    field(
        "child_protection_plan",
        Coded(C::YesNo),
        &["child protection plan", "cp plan"],
    ),
    field(
        "newly_arrived",
        Coded(C::YesNo),
        &["newly arrived", "asylum seeker", "refugee"],
    ),
    field("circumstances", Text, &[]),
    field(
        "referred_by",
        Text,
        &["referred by", "referral source", "referrer"],
    ),
    field("referred_to", Text, &["referred to", "signposted to"]),
    field(
        "medical_notes",
        Text,
        &[
            "medical",
            "medical notes",
            "medical information",
            "medical conditions",
            "medical details",
            "medical medical conditions",
            "medical conditions notes",
        ],
    ),
    field(
        "allergies",
        Text,
        &["allergies", "allergy", "medical allergies"],
    ),
    field(
        "emergency_contact_name",
        Text,
        &[
            "emergency contact",
            "emergency contact name",
            "contact 1 name",
            "contact 1 full name",
            "primary contact name",
            "parent name",
            "parent carer name",
            "parent or carer",
            "parent carer",
        ],
    ),
    field(
        "emergency_contact_relationship",
        Text,
        &[
            "emergency contact relationship",
            "contact 1 relationship",
            "relationship",
        ],
    ),
    field(
        "emergency_contact_phone",
        Text,
        &[
            "emergency contact phone",
            "emergency phone",
            "emergency contact number",
            "contact 1 phone 1",
            "contact 1 phone",
            "contact 1 mobile",
            "primary contact phone",
            "parent phone",
            "parent carer phone",
        ],
    ),
    field(
        "consent_data",
        Coded(C::Consent),
        &["data consent", "consent data"],
    ),
    field(
        "consent_photos",
        Coded(C::Consent),
        &[
            "photo consent",
            "photos",
            "photo permission",
            "consents photos",
            "consent photos",
        ],
    ),
    field(
        "consent_trips",
        Coded(C::Consent),
        &["trip consent", "trips", "consent trips"],
    ),
    field("consent_date", Date, &["consent date", "consent given on"]),
    field("archived", Coded(C::YesNo), &["archived", "left"]),
];

const ATTENDANCE: &[Field] = &[
    field(
        "date",
        Date,
        &["date", "session date", "meeting date", "attended on"],
    ),
    field(
        "session",
        Text,
        &[
            "session",
            "session name",
            "activity",
            "group",
            "meeting",
            "event",
        ],
    ),
    field("start", Text, &["start", "start time", "from", "time"]),
    field("end", Text, &["end", "end time", "finish", "to"]),
    field(
        "type",
        Coded(C::SessionType),
        &["type", "session type", "delivery type", "activity type"],
    ),
    field("venue", Text, &["venue", "location", "place"]),
    field(
        "ref",
        Text,
        &[
            "reference",
            "member id",
            "participant id",
            "client id",
            "young person id",
            "id",
        ],
    ),
    field(
        "arrived",
        Text,
        &["arrived", "arrival", "time in", "arrival time"],
    ),
    field(
        "left",
        Text,
        &["left", "leaving", "time out", "leaving time"],
    ),
    // A file from another system names the young person instead: matched by name (and date
    // of birth where given) to someone already on the list.
    field(
        "first_name",
        Text,
        &["first name", "firstname", "forename", "given name"],
    ),
    field(
        "last_name",
        Text,
        &["last name", "lastname", "surname", "family name"],
    ),
    field(
        "name",
        Text,
        &[
            "full name",
            "name",
            "young person",
            "participant",
            "attendee",
            "member",
        ],
    ),
    field(
        "date_of_birth",
        Date,
        &["dob", "date of birth", "birth date"],
    ),
    // An old register: each column headed by a date holds that date's marks.
    field(MARKS, Coded(C::Mark), &[]),
];

/// The field of a register's date columns (several columns may fill it, one per date).
pub const MARKS: &str = "marks";

const PEOPLE: &[Field] = &[
    field(
        "name",
        Text,
        &["full name", "volunteer", "staff member", "person"],
    ),
    field("email", Text, &["email", "email address", "e mail"]),
    field("role", Text, &["roles", "job title", "position"]),
    field(
        "kind",
        Coded(C::PaidOrVolunteer),
        &["paid or volunteer", "staff or volunteer", "type"],
    ),
    field(
        "start_date",
        Date,
        &[
            "start date",
            "started",
            "started on",
            "joined",
            "date joined",
        ],
    ),
    field(
        "phone",
        Text,
        &[
            "phone",
            "telephone",
            "mobile",
            "phone number",
            "mobile number",
        ],
    ),
    field(
        "leaving_date",
        Date,
        &["leaving date", "left on", "end date", "date left"],
    ),
];

const TRAINING: &[Field] = &[
    field(
        "person",
        Text,
        &["name", "full name", "volunteer", "staff member", "learner"],
    ),
    field(
        "course",
        Text,
        &["course name", "training", "qualification"],
    ),
    field(
        "completed_on",
        Date,
        &[
            "completed",
            "completed on",
            "date completed",
            "date",
            "passed",
            "date passed",
        ],
    ),
    field(
        "provider",
        Text,
        &["training provider", "delivered by", "trainer"],
    ),
    field(
        "certificate_number",
        Text,
        &[
            "certificate",
            "certificate no",
            "certificate number",
            "cert no",
        ],
    ),
    field("dbs_level", Text, &["dbs level", "level"]),
    field(
        "dbs_update_service",
        Coded(C::YesNo),
        &["update service", "dbs update service"],
    ),
    // A training matrix: each column headed by a course's catalogue name holds the dates
    // each person completed it.
    field(COURSE_DATES, Date, &[]),
];

/// The field of a training matrix's course columns (several columns may fill it).
pub const COURSE_DATES: &str = "course_completed_on";

/// Fields that several columns may fill, each column adding its own rows.
fn repeats(name: &str) -> bool {
    name == MARKS || name == COURSE_DATES
}

/// The fields a kind of import fills.
pub fn fields(kind: ImportKind) -> &'static [Field] {
    match kind {
        ImportKind::YoungPeople => YOUNG_PEOPLE,
        ImportKind::Attendance => ATTENDANCE,
        ImportKind::People => PEOPLE,
        ImportKind::Training => TRAINING,
    }
}

pub fn field_of(kind: ImportKind, name: &str) -> Option<&'static Field> {
    fields(kind).iter().find(|f| f.name == name)
}

/// A header's words: lower case, every run of punctuation a single space ("Contact
/// 1.Phone 1" is "contact 1 phone 1", "first_name" is "first name").
pub fn words(header: &str) -> String {
    header
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The field a header's words name: the whole header first, then (for a two-row header's
/// "Group.Name") the name alone, so "Medical.Allergies" is allergies while "Contact
/// 2.Phone 1" (a second contact, not the emergency contact) is left out.
fn field_for_header(kind: ImportKind, header: &str) -> Option<&'static str> {
    let named = |w: &str| {
        fields(kind)
            .iter()
            .find(|f| words(f.name) == w || f.headers.contains(&w))
            .map(|f| f.name)
    };
    let whole = words(header);
    if let Some(found) = named(&whole) {
        return Some(found);
    }
    let (group, name) = header.rsplit_once('.')?;
    // Numbered groups beyond the first are the same fields again, for someone else.
    if words(group)
        .split(' ')
        .any(|w| w.parse::<u32>().is_ok_and(|n| n > 1))
    {
        return None;
    }
    named(&words(name))
}

/// The field a column's values suggest when its header says nothing: dates of birth (dates,
/// all before today by three years or more), genders, postcodes.
fn field_for_values(kind: ImportKind, cells: &[&Cell], today: NaiveDate) -> Option<&'static str> {
    if kind != ImportKind::YoungPeople {
        return None;
    }
    let filled: Vec<&&Cell> = cells.iter().filter(|c| !c.is_empty()).collect();
    if filled.len() < 2 {
        return None;
    }
    let share = |test: &dyn Fn(&Cell) -> bool| {
        filled.iter().filter(|c| test(c)).count() * 5 >= filled.len() * 4
    };
    let three_years_ago = today - chrono::Days::new(3 * 365);
    if share(&|c| read_date(c, today).is_ok_and(|d| d.date < three_years_ago)) {
        return Some("date_of_birth");
    }
    if share(&|c| Codes::Gender.suggest(&c.text()).is_some()) {
        return Some("gender");
    }
    if share(&|c| looks_like_postcode(&c.text())) {
        return Some("postcode");
    }
    None
}

/// Four in five of the filled cells are dates (and at least one is filled), cells that say
/// "not done" aside.
fn mostly_dates(cells: &[&Cell], today: NaiveDate) -> bool {
    let filled: Vec<&&Cell> = cells
        .iter()
        .filter(|c| !c.is_empty() && !NOT_DONE.contains(&words(&c.text()).as_str()))
        .collect();
    !filled.is_empty()
        && filled
            .iter()
            .filter(|c| read_date(c, today).is_ok())
            .count()
            * 5
            >= filled.len() * 4
}

fn looks_like_postcode(text: &str) -> bool {
    let compact: String = text.split_whitespace().collect();
    let bytes = compact.as_bytes();
    (5..=7).contains(&bytes.len())
        && bytes[0].is_ascii_alphabetic()
        && bytes[bytes.len() - 3].is_ascii_digit()
        && bytes[bytes.len() - 2..].iter().all(u8::is_ascii_alphabetic)
}

/// The suggested mapping of a file: each column by its header, else by its values; each
/// field filled by one column at most (the first that names it).
pub fn suggest(kind: ImportKind, table: &Table, today: NaiveDate) -> Mapping {
    let mut taken: Vec<&str> = Vec::new();
    let mut columns = Vec::with_capacity(table.headers.len());
    for (index, header) in table.headers.iter().enumerate() {
        let cells: Vec<&Cell> = column_cells(table, index).take(200).collect();
        let field = field_for_header(kind, header)
            .or_else(|| field_for_values(kind, &cells, today))
            .filter(|f| !taken.contains(f))
            .or_else(|| {
                (kind == ImportKind::Attendance && date_of_header(header, today).is_some())
                    .then_some(MARKS)
            })
            .or_else(|| {
                (kind == ImportKind::Training && mostly_dates(&cells, today))
                    .then_some(COURSE_DATES)
            });
        if let Some(f) = field
            && !repeats(f)
        {
            taken.push(f);
        }
        columns.push(ColumnChoice {
            header: header.clone(),
            field: field.map(str::to_owned),
        });
    }
    let mut mapping = Mapping {
        format: FORMAT.to_owned(),
        kind,
        source: String::new(),
        sheet: None,
        columns,
        values: BTreeMap::new(),
        register: None,
        confirmed_new: Vec::new(),
        same_as: BTreeMap::new(),
    };
    suggest_register(&mut mapping);
    suggest_values(&mut mapping, table);
    mapping
}

/// A mapping with register columns (marks by date) and no session for them yet gets a
/// suggested one, said in the preview and printed with the mapping, for the user to change.
pub fn suggest_register(mapping: &mut Mapping) {
    if mapping.register.is_none()
        && mapping
            .columns
            .iter()
            .any(|c| c.field.as_deref() == Some(MARKS))
    {
        mapping.register = Some(RegisterSession {
            session: "Club night".to_owned(),
            start: "18:00".to_owned(),
            end: "20:00".to_owned(),
            session_type: "open-access".to_owned(),
            venue: None,
            series_id: None,
        });
    }
}

/// The date a register column's header names ("14/03/2025", "Tue 14 Mar 2025", a date cell).
pub fn date_of_header(header: &str, today: NaiveDate) -> Option<NaiveDate> {
    let text = header.trim();
    // "Tue 14 Mar 2025": the weekday is not needed.
    let text = match text.split_once(' ') {
        Some((first, rest))
            if first.len() >= 3 && first.chars().all(|c| c.is_alphabetic() || c == ',') =>
        {
            rest
        }
        _ => text,
    };
    // A bare number is a count or a total, not a date, in a header.
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    read_date(&Cell::Text(text.to_owned()), today)
        .ok()
        .map(|d| d.date)
}

/// The cells of one column, row by row (a short row's missing cell is empty).
pub fn column_cells(table: &Table, index: usize) -> impl Iterator<Item = &Cell> {
    table
        .rows
        .iter()
        .map(move |(_, row)| row.get(index).unwrap_or(&Cell::Empty))
}

/// Fills in the value choices of every coded column: values already chosen are kept, new
/// ones get a suggestion or none.
pub fn suggest_values(mapping: &mut Mapping, table: &Table) {
    let kind = mapping.kind;
    let totals = register_totals_rows(mapping, table);
    let mut values = BTreeMap::new();
    for (index, choice) in mapping.columns.iter().enumerate() {
        let Some(field) = choice.field.as_deref().and_then(|f| field_of(kind, f)) else {
            continue;
        };
        let Coded(codes) = field.kind else {
            continue;
        };
        let mut chosen: BTreeMap<String, Option<String>> = values
            .remove(field.name)
            .or_else(|| mapping.values.get(field.name).cloned())
            .unwrap_or_default();
        for (cell, _) in column_cells(table, index)
            .zip(&totals)
            .filter(|(_, totals)| !**totals)
        {
            let value = cell.text();
            if value.is_empty() || chosen.contains_key(&value) {
                continue;
            }
            if chosen.len() >= MAX_VALUES {
                break;
            }
            chosen.insert(value.clone(), codes.suggest(&value).map(str::to_owned));
        }
        values.insert(field.name.to_owned(), chosen);
    }
    mapping.values = values;
}

/// For each row of `table`, whether it is an old register's totals row, which the import
/// leaves out ([`apply_register`]): its counts are not marks to offer for mapping. No row is,
/// unless the mapping has register columns.
fn register_totals_rows(mapping: &Mapping, table: &Table) -> Vec<bool> {
    fn fields(c: &ColumnChoice) -> Option<&str> {
        c.field.as_deref()
    }
    if !mapping.columns.iter().any(|c| fields(c) == Some(MARKS)) {
        return vec![false; table.rows.len()];
    }
    let people: Vec<usize> = (0..mapping.columns.len())
        .filter(|i| fields(&mapping.columns[*i]).is_some_and(|f| f != MARKS))
        .collect();
    table
        .rows
        .iter()
        .map(|(_, row)| {
            let who: Vec<String> = people
                .iter()
                .map(|i| row.get(*i).map(Cell::text).unwrap_or_default())
                .collect();
            is_totals_row(&who)
        })
        .collect()
}

/// Whether a register row is a totals row by what its name cells say: nothing at all, or
/// "Total" (or another word of [`TOTALS`]).
fn is_totals_row(who: &[String]) -> bool {
    who.iter().any(|w| TOTALS.contains(&words(w).as_str())) || who.iter().all(String::is_empty)
}

/// A file's rows in Clubroom's own columns, ready for the importers.
#[derive(Debug, Clone, Default)]
pub struct Mapped {
    /// Clubroom's column names, in the file's order of the columns that fill them.
    pub columns: Vec<String>,
    /// The file's header of each column in `columns`, to name a problem as the user sees it.
    pub headers: Vec<String>,
    pub rows: Vec<(u64, Vec<String>)>,
    /// Cells that could not be read (line, the file's header, why).
    pub problems: Vec<(u64, String, String)>,
    /// Things the preview says ("line 4: “14-3-13” read as 14 March 2013").
    pub notes: Vec<String>,
    /// The mapping's young people confirmed as new.
    pub confirmed_new: Vec<String>,
    /// The mapping's young people said to be someone on the list (their reference).
    pub same_as: BTreeMap<String, String>,
    /// An old register matched to a weekly series (`RegisterSession::series_id`).
    pub series_id: Option<i64>,
}

/// The most notes kept (the first few two-digit years say enough).
const MAX_NOTES: usize = 20;

/// Applies a mapping to a table: dates to ISO form, coded values to their Clubroom values,
/// text as it is. Problems are per cell; the rows with them are still passed on so that
/// every other problem of the row is found too.
pub fn apply(mapping: &Mapping, table: &Table, today: NaiveDate) -> Result<Mapped> {
    let kind = mapping.kind;
    let mut used: Vec<(usize, &'static Field, &str)> = Vec::new();
    for (index, choice) in mapping.columns.iter().enumerate() {
        let Some(name) = &choice.field else { continue };
        let field = field_of(kind, name)
            .ok_or_else(|| Error::Invalid(format!("“{name}” is not a field of this import.")))?;
        if let Some((_, _, first)) = used
            .iter()
            .find(|(_, f, _)| f.name == field.name && !repeats(f.name))
        {
            return Err(Error::Invalid(format!(
                "Both “{first}” and “{}” are mapped to {}: choose one.",
                choice.header, field.name
            )));
        }
        used.push((index, field, choice.header.as_str()));
    }
    if table.headers.len() < mapping.columns.len()
        || table
            .headers
            .iter()
            .zip(&mapping.columns)
            .any(|(h, c)| words(h) != words(&c.header))
    {
        return Err(Error::Invalid(format!(
            "The mapping was made for a file with other columns ({}), not this one ({}).",
            mapping.headers().join(", "),
            table.headers.join(", ")
        )));
    }
    if used.iter().any(|(_, f, _)| f.name == MARKS) {
        return apply_register(mapping, table, &used, today);
    }
    if used.iter().any(|(_, f, _)| f.name == COURSE_DATES) {
        return apply_course_matrix(table, &used, today);
    }
    let mut mapped = Mapped {
        columns: used.iter().map(|(_, f, _)| f.name.to_owned()).collect(),
        headers: used.iter().map(|(_, _, h)| (*h).to_owned()).collect(),
        confirmed_new: mapping.confirmed_new.clone(),
        same_as: mapping.same_as.clone(),
        ..Mapped::default()
    };
    for (line, row) in &table.rows {
        let mut out = Vec::with_capacity(used.len());
        for (index, field, header) in &used {
            let cell = row.get(*index).unwrap_or(&Cell::Empty);
            let value = match cell_value(mapping, field, cell, today) {
                Ok((value, note)) => {
                    if let Some(note) = note
                        && mapped.notes.len() < MAX_NOTES
                    {
                        mapped.notes.push(format!("Line {line}, {header}: {note}"));
                    }
                    value
                }
                Err(reason) => {
                    mapped.problems.push((*line, (*header).to_owned(), reason));
                    String::new()
                }
            };
            out.push(value);
        }
        mapped.rows.push((*line, out));
    }
    Ok(mapped)
}

fn cell_value(
    mapping: &Mapping,
    field: &Field,
    cell: &Cell,
    today: NaiveDate,
) -> std::result::Result<(String, Option<String>), String> {
    if cell.is_empty() {
        return Ok((String::new(), None));
    }
    match field.kind {
        Text => Ok((cell.text(), None)),
        Date => {
            let read = read_date(cell, today)?;
            // `NaiveDate`'s own form is ISO's (as "%Y-%m-%d"), without a format parsed per cell.
            let iso = read.date.to_string();
            let note = read.two_digit_year.then(|| {
                format!(
                    "“{}” read as {} (a two-digit year)",
                    cell.text(),
                    crate::dates::day_first(read.date)
                )
            });
            Ok((iso, note))
        }
        Coded(_) => {
            // A text cell is looked up as it is (trimmed), not copied first.
            let value = match cell {
                Cell::Text(text) => std::borrow::Cow::Borrowed(text.trim()),
                other => std::borrow::Cow::Owned(other.text()),
            };
            match mapping
                .values
                .get(field.name)
                .and_then(|v| v.get(value.as_ref()))
            {
                Some(Some(code)) => Ok((code.clone(), None)),
                _ => Err(format!(
                    "“{value}” has no Clubroom value chosen: choose one under “Map values”"
                )),
            }
        }
    }
}

/// The words of a name cell that make its row a totals row, not a young person.
const TOTALS: &[&str] = &[
    "total",
    "totals",
    "count",
    "attended",
    "attendance",
    "number present",
    "sum",
];

/// An old register: one row per young person, one column of marks per date. Each mark that
/// means present becomes a row of Clubroom's attendance columns at the mapping's session on
/// the column's date; a totals row (its name cells empty or saying "Total") is left out, and
/// a totals column is left out by being mapped to nothing (its header is not a date).
fn apply_register(
    mapping: &Mapping,
    table: &Table,
    used: &[(usize, &'static Field, &str)],
    today: NaiveDate,
) -> Result<Mapped> {
    let Some(session) = &mapping.register else {
        return Err(Error::Invalid(
            "The mapping has register columns (marks by date) but no session for them: name the session, its times and type.".to_owned(),
        ));
    };
    let mut marks = Vec::new();
    for (index, _, header) in used.iter().filter(|(_, f, _)| f.name == MARKS) {
        let date = date_of_header(header, today).ok_or_else(|| {
            Error::Invalid(format!(
                "The column “{header}” is mapped to register marks, but its header is not a date."
            ))
        })?;
        marks.push((*index, *header, date));
    }
    let people: Vec<&(usize, &'static Field, &str)> =
        used.iter().filter(|(_, f, _)| f.name != MARKS).collect();
    if people
        .iter()
        .all(|(_, f, _)| !["ref", "name", "first_name", "last_name"].contains(&f.name))
    {
        return Err(Error::Invalid(
            "A register needs a column that says who each row is: a reference, a name, or first and last names.".to_owned(),
        ));
    }
    let mut mapped = Mapped {
        columns: ["date", "session", "start", "end", "type", "venue"]
            .iter()
            .map(|c| (*c).to_owned())
            .chain(people.iter().map(|(_, f, _)| f.name.to_owned()))
            .collect(),
        series_id: session.series_id,
        ..Mapped::default()
    };
    mapped.headers = mapped.columns.clone();
    for (i, (_, _, header)) in people.iter().enumerate() {
        mapped.headers[6 + i] = (*header).to_owned();
    }
    for (line, row) in &table.rows {
        let mut who = Vec::with_capacity(people.len());
        let mut cells = Vec::with_capacity(people.len());
        let mut problems = Vec::new();
        for (index, field, header) in &people {
            let cell = row.get(*index).unwrap_or(&Cell::Empty);
            cells.push(cell.text());
            match cell_value(mapping, field, cell, today) {
                Ok((value, _)) => who.push(value),
                Err(reason) => {
                    problems.push((*line, (*header).to_owned(), reason));
                    who.push(String::new());
                }
            }
        }
        // A totals row's cells are not a young person's: they name no problem.
        if !is_totals_row(&cells) {
            mapped.problems.append(&mut problems);
        }
        if is_totals_row(&who) {
            if mapped.notes.len() < MAX_NOTES {
                mapped
                    .notes
                    .push(format!("Line {line} left out: a totals row"));
            }
            continue;
        }
        for (index, header, date) in &marks {
            let cell = row.get(*index).unwrap_or(&Cell::Empty);
            if cell.is_empty() {
                continue;
            }
            let value = cell.text();
            let mark = mapping.values.get(MARKS).and_then(|v| v.get(&value));
            match mark {
                Some(Some(code)) if code == "present" => {
                    let mut out = vec![
                        date.format("%Y-%m-%d").to_string(),
                        session.session.clone(),
                        session.start.clone(),
                        session.end.clone(),
                        session.session_type.clone(),
                        session.venue.clone().unwrap_or_default(),
                    ];
                    out.extend(who.iter().cloned());
                    mapped.rows.push((*line, out));
                }
                Some(Some(_)) => {}
                _ => mapped.problems.push((
                    *line,
                    (*header).to_owned(),
                    format!("“{value}” has no Clubroom value chosen: choose present or absent under “Map values”"),
                )),
            }
        }
    }
    Ok(mapped)
}

/// Cells of a training matrix that say "not done" rather than a date.
const NOT_DONE: &[&str] = &["n a", "na", "none", "no", "not done", "x"];

/// A training matrix: one row per person, one column per course (headed by the course's
/// name in the catalogue), the completion date in each cell. Each date becomes a row of
/// Clubroom's training columns; a blank cell (or "n/a", "none") is a course not done.
fn apply_course_matrix(
    table: &Table,
    used: &[(usize, &'static Field, &str)],
    today: NaiveDate,
) -> Result<Mapped> {
    let Some((person_at, _, person_header)) = used.iter().find(|(_, f, _)| f.name == "person")
    else {
        return Err(Error::Invalid(
            "A training matrix needs the column of people's names mapped to person.".to_owned(),
        ));
    };
    let mut mapped = Mapped {
        columns: vec!["person".into(), "course".into(), "completed_on".into()],
        headers: vec![
            (*person_header).to_owned(),
            "course".into(),
            "completed_on".into(),
        ],
        ..Mapped::default()
    };
    for (line, row) in &table.rows {
        let person = row.get(*person_at).map(Cell::text).unwrap_or_default();
        if person.is_empty() {
            continue;
        }
        for (index, _, course) in used.iter().filter(|(_, f, _)| f.name == COURSE_DATES) {
            let cell = row.get(*index).unwrap_or(&Cell::Empty);
            if cell.is_empty() || NOT_DONE.contains(&words(&cell.text()).as_str()) {
                continue;
            }
            match read_date(cell, today) {
                Ok(read) => mapped.rows.push((
                    *line,
                    vec![
                        person.clone(),
                        (*course).to_owned(),
                        read.date.format("%Y-%m-%d").to_string(),
                    ],
                )),
                Err(reason) => mapped.problems.push((*line, (*course).to_owned(), reason)),
            }
        }
    }
    Ok(mapped)
}
