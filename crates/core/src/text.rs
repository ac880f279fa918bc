//! Limits on the text people type or import: how long each field may be, and that it holds
//! no NUL byte or control character (a tab or line break only where a field is a multi-line
//! note). The lengths are far beyond anything a youth worker writes (a name of 100
//! characters, a note of 10,000), and keep every file Clubroom writes (a paper register, a
//! return, a CSV) quick to make and readable.
//!
//! [`FIELDS`] is the one table: the store puts a guard on each listed column every time it
//! opens the file ([`install`]), so every write path (a single action in either shell, an
//! import, anything added later) is held to it, and imports check each cell against
//! [`limit_of_column`] first, so a bad cell is named with its line.

use rusqlite::Connection;

use crate::error::{Error, Result};

/// How long a field may be, and whether it may run over several lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max_chars: usize,
    /// Tabs and line breaks allowed (a note); other control characters never are.
    pub multi_line: bool,
}

/// A young person's reference (`young_people::check_reference`: 1 to 20 letters, digits, dashes).
pub const REFERENCE: Limit = Limit::line(20);
pub const NAME: Limit = Limit::line(100);
/// A young person's names: the register's columns (`young_people::check_name`).
pub const YOUNG_NAME: Limit = Limit::line(60);
pub const CODE: Limit = Limit::line(40);
pub const POSTCODE: Limit = Limit::line(16);
pub const PHONE: Limit = Limit::line(40);
pub const EMAIL: Limit = Limit::line(254);
pub const LINE: Limit = Limit::line(200);
pub const ADDRESS: Limit = Limit::lines(500);
pub const NOTE: Limit = Limit::lines(10_000);
pub const LONG_NOTE: Limit = Limit::lines(20_000);
/// Any other cell of an import file.
pub const CELL: Limit = Limit::line(1_000);

impl Limit {
    pub const fn line(max_chars: usize) -> Limit {
        Limit {
            max_chars,
            multi_line: false,
        }
    }

    pub const fn lines(max_chars: usize) -> Limit {
        Limit {
            max_chars,
            multi_line: true,
        }
    }
}

/// One field people write: the table and column it is kept in, how it is called, its limit.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub table: &'static str,
    pub column: &'static str,
    pub label: &'static str,
    pub limit: Limit,
}

const fn field(
    table: &'static str,
    column: &'static str,
    label: &'static str,
    limit: Limit,
) -> Field {
    Field {
        table,
        column,
        label,
        limit,
    }
}

/// Every column that holds text people type or import. A test checks that every text
/// column of the club file is here or named in `NOT_TYPED` (dates, codes Clubroom writes,
/// hashes, the audit log).
pub const FIELDS: &[Field] = &[
    field("import_mappings", "source", "name of the mapping", LINE),
    field("young_people", "ref", "reference", REFERENCE),
    field("young_people", "first_name", "first name", YOUNG_NAME),
    field("young_people", "last_name", "last name", YOUNG_NAME),
    field(
        "young_people",
        "preferred_name",
        "preferred name",
        YOUNG_NAME,
    ),
    field("young_people", "send_notes", "SEND notes", NOTE),
    field("young_people", "postcode", "postcode", POSTCODE),
    field("young_people", "school", "school or college", LINE),
    field("young_people", "referred_by", "who referred them", LINE),
    field(
        "young_people",
        "referred_to",
        "where they were referred on to",
        LINE,
    ),
    field("young_people", "medical_notes", "medical notes", NOTE),
    field("young_people", "allergies", "allergies", NOTE),
    field(
        "emergency_contacts",
        "name",
        "emergency contact's name",
        NAME,
    ),
    field(
        "emergency_contacts",
        "relationship",
        "emergency contact's relationship",
        LINE,
    ),
    field(
        "emergency_contacts",
        "phone",
        "emergency contact's phone",
        PHONE,
    ),
    field("consents", "giver_name", "name of who gave consent", NAME),
    field("circumstances", "label", "circumstance", LINE),
    field("courses", "name", "course name", NAME),
    field("incident_versions", "note", "incident note", LONG_NOTE),
    field(
        "incident_versions",
        "reason",
        "reason for the correction",
        NOTE,
    ),
    field(
        "incident_versions",
        "what_happened",
        "what happened",
        LONG_NOTE,
    ),
    field(
        "incident_versions",
        "action_taken",
        "action taken",
        LONG_NOTE,
    ),
    field(
        "incident_versions",
        "referred_detail",
        "referral details",
        NOTE,
    ),
    field("incident_versions", "follow_up", "follow-up", NOTE),
    field("incident_versions", "follow_up_by", "who follows up", NAME),
    field("incident_versions", "recorded_by", "who recorded it", NAME),
    field("organisation", "name", "club's name", Limit::line(120)),
    field(
        "organisation",
        "charity_number",
        "charity or company number",
        CODE,
    ),
    field("organisation", "lyp_name", "partnership's name", LINE),
    field("organisation", "area", "club's area", LINE),
    field(
        "organisation",
        "lyp_member_code",
        "partnership member code",
        CODE,
    ),
    field("people", "name", "name", NAME),
    field("people", "email", "email", EMAIL),
    field("people", "phone", "phone", PHONE),
    field("projects", "name", "project name", LINE),
    field("projects", "funder", "funder", LINE),
    field("saved_returns", "note", "note on the return", NOTE),
    field("progression_kinds", "label", "kind of progression", LINE),
    field(
        "progression_events",
        "note",
        "note on the progression",
        NOTE,
    ),
    field("progression_events", "recorded_by", "who recorded it", NAME),
    field("checkins", "recorded_by", "who recorded it", NAME),
    field("stories", "title", "story's title", LINE),
    field("stories", "body", "story", NOTE),
    field("stories", "recorded_by", "who recorded it", NAME),
    field("session_series", "name", "series name", NAME),
    field("sessions", "name", "session name", NAME),
    field("sessions", "activities", "activities", NOTE),
    field("sessions", "notes", "session notes", NOTE),
    field("sessions", "cancel_reason", "reason for cancelling", LINE),
    field("training_records", "provider", "training provider", LINE),
    field(
        "training_records",
        "certificate_number",
        "certificate number",
        LINE,
    ),
    field("training_records", "confirmed_by", "who confirmed it", NAME),
    field("users", "name", "sign-in name", NAME),
    field("venues", "name", "venue name", NAME),
    field("venues", "address", "address", ADDRESS),
    field("venues", "postcode", "venue postcode", POSTCODE),
];

/// Text columns that hold nothing typed as free text: dates and times, codes from closed
/// lists, hashes, JSON Clubroom writes and checks itself (templates, saved returns), the
/// sync records, and the audit log (append-only; what it quotes was checked on its way in).
pub const NOT_TYPED: &[&str] = &[
    "checkin_answers",
    "checkin_plan_measures",
    "checkin_plans",
    "checkins.measure_code",
    "checkins.taken_on",
    "checkins.wave",
    "checkins.mode",
    "checkins.recorded_at",
    // Checked field by field when saved (measures::Measure::checked).
    "measures",
    "progression_events.kind_code",
    "progression_events.happened_on",
    "progression_events.recorded_at",
    "progression_kinds.code",
    "progression_kinds.grouping",
    "stories.kind",
    "stories.consent",
    "stories.consent_given_by",
    "stories.told_on",
    "stories.audience",
    "stories.recorded_at",
    "stories.updated_at",
    "story_outcomes",
    "anonymous_attendance",
    "anonymous_attender_circumstances",
    "anonymous_attenders",
    "attendance",
    "audit_log",
    "consents.kind",
    "consents.given_by",
    "consents.recorded_on",
    "circumstances.code",
    "courses.kind",
    "headcounts",
    "incident_versions.kind",
    "incident_versions.noted_on",
    "incident_versions.occurred_on",
    "incident_versions.occurred_at",
    "incident_versions.referred_to",
    "incident_versions.referred_on",
    "incident_versions.recorded_at",
    "import_mappings.kind",
    "import_mappings.headers",
    "import_mappings.mapping",
    "import_mappings.saved_at",
    "incidents",
    "organisation.time_zone",
    "organisation.created_at",
    "organisation.updated_at",
    "outcome_frameworks",
    "club_frameworks",
    "outcomes",
    "people.roles",
    "people.started_on",
    "people.left_on",
    "people.created_at",
    "people.updated_at",
    "retention_rules",
    "role_requirements",
    "saved_returns",
    "series_outcomes",
    "series_staff",
    "session_outcomes",
    "session_series",
    "sessions",
    "staffing",
    "sync_custom_periods",
    "sync_destination",
    "sync_log",
    "sync_outbox",
    "sync_outbox_files",
    "templates",
    "training_records",
    "users",
    "young_people",
    "young_person_circumstances",
];

/// Checks `value` against `limit`, naming the field (`label`) in the refusal.
pub fn check(label: &str, value: &str, limit: Limit) -> Result<()> {
    problem(value, limit).map_or(Ok(()), |problem| {
        Err(Error::Invalid(format!("The {label} {problem}.")))
    })
}

/// What is wrong with `value` under `limit`, as the end of a sentence about the field
/// ("is 100,000 characters long; at most 100 fit"), or `None`.
pub fn problem(value: &str, limit: Limit) -> Option<String> {
    if let Some(c) = value
        .chars()
        .find(|c| c.is_control() && !(limit.multi_line && matches!(c, '\t' | '\n' | '\r')))
    {
        return Some(format!(
            "holds {}, which cannot be kept: remove it{}",
            describe_control(c),
            if limit.multi_line {
                ""
            } else {
                " (this field is one line)"
            }
        ));
    }
    let length = value.chars().count();
    (length > limit.max_chars).then(|| {
        format!(
            "is {} characters long; at most {} fit",
            thousands(length),
            thousands(limit.max_chars)
        )
    })
}

fn describe_control(c: char) -> String {
    match c {
        '\0' => "a NUL byte".to_owned(),
        '\t' => "a tab".to_owned(),
        '\n' | '\r' => "a line break".to_owned(),
        other => format!("a control character (U+{:04X})", other as u32),
    }
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// The limit of an import file's column (the columns share the club file's names).
pub fn limit_of_column(column: &str) -> Limit {
    let by_name = |table: &str, col: &str| {
        FIELDS
            .iter()
            .find(|f| f.table == table && f.column == col)
            .map(|f| f.limit)
    };
    match column {
        "ref" | "first_name" | "last_name" | "preferred_name" | "send_notes" | "postcode"
        | "school" | "referred_by" | "referred_to" | "medical_notes" | "allergies" => {
            by_name("young_people", column)
        }
        "name" | "person" | "email" | "phone" => by_name("people", column).or(Some(NAME)),
        "session" => by_name("sessions", "name"),
        "venue" => by_name("venues", "name"),
        "course" => by_name("courses", "name"),
        "provider" | "certificate_number" => by_name("training_records", column),
        _ => None,
    }
    .unwrap_or(CELL)
}

/// Puts a guard on every field of [`FIELDS`] on `conn` (temporary triggers, as the audit
/// log's are, so a table changed by a later migration is covered when the file next opens):
/// an insert or update that breaks a limit is refused by SQLite itself, whichever code wrote
/// it.
///
/// An insert is guarded by one trigger per table that checks all its fields, not one per
/// field: SQLite runs each trigger as a sub-program with its own frame, and a young person
/// added by an import ran twelve of them (most of the import's time, docs/performance.md).
/// Each check is one call of `clubroom_breaks_limit` (registered here) in place of an SQL
/// expression that built its set of control characters from thirty `char()` calls per field
/// per row.
pub fn install(conn: &Connection) -> Result<()> {
    register_breaks_limit(conn)?;
    let mut sql = String::new();
    for (table, fields) in fields_by_table() {
        sql.push_str(&insert_guard(table, &fields));
        for field in fields {
            sql.push_str(&update_guard(field));
        }
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

/// [`FIELDS`] grouped by table, tables and fields in the order they are listed.
fn fields_by_table() -> Vec<(&'static str, Vec<&'static Field>)> {
    let mut tables: Vec<(&'static str, Vec<&'static Field>)> = Vec::new();
    for field in FIELDS {
        match tables.iter_mut().find(|(table, _)| *table == field.table) {
            Some((_, fields)) => fields.push(field),
            None => tables.push((field.table, vec![field])),
        }
    }
    tables
}

/// The SQL condition that `value` (`NEW."column"`) breaks `field`'s limit. A real number
/// (only in a column without text affinity) has no control character, so only its length
/// as SQLite writes it counts: the function answers NULL for it and `length` decides.
fn breaks_sql(field: &Field, value: &str) -> String {
    format!(
        "COALESCE(clubroom_breaks_limit({value}, {max}, {multi}), length({value}) > {max})",
        max = field.limit.max_chars,
        multi = i32::from(field.limit.multi_line)
    )
}

fn refusal_sql(field: &Field) -> String {
    format!(
        "{}The {} is longer than {} characters or holds a character that \
         cannot be kept (a NUL byte, a control character{}): shorten it or remove it.",
        crate::error::GUARD_REFUSAL,
        field.label,
        thousands(field.limit.max_chars),
        if field.limit.multi_line {
            ""
        } else {
            ", a line break"
        }
    )
    .replace('\'', "''")
}

/// One `BEFORE INSERT` trigger for all of `table`'s fields: it runs only when a field breaks
/// its limit, and refuses naming the first such field in [`FIELDS`]' order.
fn insert_guard(table: &str, fields: &[&Field]) -> String {
    let value = |field: &Field| format!("NEW.\"{}\"", field.column);
    let any = fields
        .iter()
        .map(|field| breaks_sql(field, &value(field)))
        .collect::<Vec<_>>()
        .join(" OR ");
    let refusals: String = fields
        .iter()
        .map(|field| {
            format!(
                "SELECT RAISE(ABORT, '{}') WHERE {};\n",
                refusal_sql(field),
                breaks_sql(field, &value(field))
            )
        })
        .collect();
    format!(
        "CREATE TEMP TRIGGER IF NOT EXISTS \"text_limit_{table}_insert\" \
         BEFORE INSERT ON main.\"{table}\" WHEN {any} \
         BEGIN {refusals} END;\n"
    )
}

/// A `BEFORE UPDATE OF` trigger per field: an update is held to the limit only when it
/// changes the field, so a row kept from before the limits can still be archived or erased.
fn update_guard(field: &Field) -> String {
    let (table, column) = (field.table, field.column);
    let value = format!("NEW.\"{column}\"");
    format!(
        "CREATE TEMP TRIGGER IF NOT EXISTS \"text_limit_{table}_{column}_update\" \
         BEFORE UPDATE OF \"{column}\" ON main.\"{table}\" \
         WHEN {value} IS NOT OLD.\"{column}\" AND {} \
         BEGIN SELECT RAISE(ABORT, '{}'); END;\n",
        breaks_sql(field, &value),
        refusal_sql(field)
    )
}

/// Registers `clubroom_breaks_limit(value, max_chars, multi_line)` on `conn`: 1 when `value`
/// breaks the limit, 0 when it keeps it or is NULL, NULL for a real number (see
/// [`breaks_sql`]).
fn register_breaks_limit(conn: &Connection) -> Result<()> {
    use rusqlite::functions::FunctionFlags;
    use rusqlite::types::ValueRef;
    conn.create_scalar_function(
        "clubroom_breaks_limit",
        3,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let max: i64 = ctx.get(1)?;
            let multi_line: bool = ctx.get(2)?;
            Ok(match ctx.get_raw(0) {
                ValueRef::Null => Some(false),
                ValueRef::Real(_) => None,
                ValueRef::Integer(n) => Some(n.to_string().len() as i64 > max),
                ValueRef::Text(bytes) => Some(bytes_break_limit(
                    bytes,
                    sqlite_length(bytes),
                    max,
                    multi_line,
                )),
                ValueRef::Blob(bytes) => {
                    Some(bytes_break_limit(bytes, bytes.len(), max, multi_line))
                }
            })
        },
    )?;
    Ok(())
}

/// What the guard's SQL expression said (`length(v) > max OR instr(CAST(v AS BLOB), x'00') >
/// 0 OR v GLOB '*[<controls>]*'`), from the bytes: a NUL byte, a control character (tab and
/// line breaks allowed in a multi-line field), or more than `max` characters. Control
/// characters are single bytes in UTF-8 and never part of another character.
fn bytes_break_limit(bytes: &[u8], length: usize, max: i64, multi_line: bool) -> bool {
    length as i64 > max
        || bytes.iter().any(|&b| {
            b == 0 || b == 127 || (b < 32 && !(multi_line && matches!(b, b'\t' | b'\n' | b'\r')))
        })
}

/// The characters SQLite's `length()` counts in UTF-8 text: up to the first NUL byte, each
/// byte below 0x80, and each byte from 0x80 up with the continuation bytes (0x80 to 0xBF)
/// that follow it. So a stray continuation byte begins a character of its own, as SQLite
/// 3.54 counts it: `length(CAST(x'418080' AS TEXT))` is 2.
fn sqlite_length(bytes: &[u8]) -> usize {
    let mut count = 0;
    let mut at = 0;
    while at < bytes.len() && bytes[at] != 0 {
        count += 1;
        let lead = bytes[at];
        at += 1;
        if lead >= 0x80 {
            while at < bytes.len() && bytes[at] & 0xC0 == 0x80 {
                at += 1;
            }
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    /// The guard's condition as it was written in SQL before `clubroom_breaks_limit`
    /// (kept here to hold the function to the same answers).
    fn old_breaks_sql(limit: Limit, value: &str) -> String {
        let controls: String = (1u8..=31)
            .filter(|b| !matches!(b, b'\t' | b'\n' | b'\r'))
            .chain([127])
            .map(|b| format!("char({b})"))
            .collect::<Vec<_>>()
            .join(" || ");
        let breaks = if limit.multi_line {
            String::new()
        } else {
            " || char(9) || char(10) || char(13)".to_owned()
        };
        format!(
            "({value} IS NOT NULL AND (length({value}) > {max} \
             OR instr(CAST({value} AS BLOB), x'00') > 0 \
             OR {value} GLOB '*[' || {controls}{breaks} || ']*'))",
            max = limit.max_chars
        )
    }

    /// A value as a guard may see it: text (any bytes, invalid UTF-8 too), a blob, a
    /// whole or real number, or nothing.
    fn guarded_value() -> impl proptest::strategy::Strategy<Value = (rusqlite::types::Value, bool)>
    {
        use proptest::prelude::*;
        use rusqlite::types::Value;
        let byte = prop_oneof![0u8..=32, Just(127u8), 32u8..=126, 128u8..=255,];
        let text_char = prop_oneof![
            Just('a'),
            Just('\t'),
            Just('\n'),
            Just('\r'),
            Just('\0'),
            Just('\u{1}'),
            Just('\u{7f}'),
            Just('é'),
            Just('Ł'),
            Just('\u{85}'),
            Just('😀'),
            any::<char>(),
        ];
        prop_oneof![
            proptest::collection::vec(text_char, 0..12)
                .prop_map(|cs| (Value::Text(cs.into_iter().collect()), false)),
            proptest::collection::vec(byte.clone(), 0..12).prop_map(|b| (Value::Blob(b), true)),
            proptest::collection::vec(byte, 0..12).prop_map(|b| (Value::Blob(b), false)),
            any::<i64>().prop_map(|n| (Value::Integer(n), false)),
            any::<f64>().prop_map(|x| (Value::Real(x), false)),
            Just((Value::Null, false)),
        ]
    }

    /// Invalid UTF-8 counted as SQLite counts it (the guard proptest found `x'8080'`, which
    /// SQLite counts as one character, counted as two).
    #[test]
    fn characters_are_counted_as_sqlite_counts_them_in_invalid_utf8_too() {
        let store = Store::open_in_memory().unwrap();
        for hex in [
            "",
            "41",
            "8080",
            "41808041",
            "80c080",
            "c08080c0",
            "c0808080808080",
            "e282ac",
            "f09f9880",
            "ff80",
            "fe8080808080",
            "410041",
            "c3",
        ] {
            let sql = format!("SELECT length(CAST(x'{hex}' AS TEXT))");
            let sqlite: i64 = store.conn().query_row(&sql, [], |r| r.get(0)).unwrap();
            let bytes: Vec<u8> = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect();
            assert_eq!(sqlite_length(&bytes) as i64, sqlite, "x'{hex}'");
        }
    }

    /// `clubroom_breaks_limit` (with `length` for a real) says what the SQL condition it
    /// replaced said, for every limit's shape (one line or several, short or long).
    #[test]
    fn the_guard_function_answers_as_the_sql_it_replaced() {
        use proptest::prelude::*;
        let store = Store::open_in_memory().unwrap();
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(3000));
        runner
            .run(
                &(guarded_value(), 0usize..14, any::<bool>()),
                |((value, as_text), max, multi_line)| {
                    let limit = Limit { max_chars: max, multi_line };
                    let field = Field { table: "t", column: "c", label: "c", limit };
                    let bound = if as_text { "CAST(?1 AS TEXT)" } else { "?1" };
                    let sql = format!(
                        "WITH t(v) AS (SELECT {bound}) SELECT COALESCE({}, 0), COALESCE({}, 0) FROM t",
                        old_breaks_sql(limit, "v"),
                        breaks_sql(&field, "v")
                    );
                    let (old, new): (bool, bool) = store
                        .conn()
                        .query_row(&sql, [&value], |r| Ok((r.get(0)?, r.get(1)?)))
                        .unwrap();
                    prop_assert_eq!(old, new, "value {:?} (as text: {})", value, as_text);
                    Ok(())
                },
            )
            .unwrap();
    }

    #[test]
    fn every_text_column_of_the_club_file_has_a_limit_or_is_not_typed() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        let tables: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let mut unlisted = Vec::new();
        for table in &tables {
            let columns: Vec<(String, String)> = conn
                .prepare(&format!("PRAGMA table_info(\"{table}\")"))
                .unwrap()
                .query_map([], |r| Ok((r.get(1)?, r.get(2)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            for (column, kind) in columns {
                if !kind.to_uppercase().contains("TEXT") {
                    continue;
                }
                let named = format!("{table}.{column}");
                let limited = FIELDS
                    .iter()
                    .any(|f| f.table == table && f.column == column);
                if !limited
                    && !NOT_TYPED.contains(&table.as_str())
                    && !NOT_TYPED.contains(&named.as_str())
                {
                    unlisted.push(named);
                }
            }
        }
        assert!(
            unlisted.is_empty(),
            "text columns with no limit: {unlisted:?}"
        );
        for field in FIELDS {
            assert!(tables.contains(&field.table.to_owned()), "{}", field.table);
        }
    }

    #[test]
    fn a_value_at_the_limit_passes_and_one_over_it_or_with_a_nul_is_named() {
        assert!(check("first name", &"a".repeat(100), NAME).is_ok());
        let long = check("first name", &"a".repeat(100_000), NAME).unwrap_err();
        assert_eq!(
            long.to_string(),
            "The first name is 100,000 characters long; at most 100 fit."
        );
        let nul = check("first name", "Sam\0", NAME).unwrap_err();
        assert!(
            nul.to_string()
                .starts_with("The first name holds a NUL byte"),
            "{nul}"
        );
        let bell = check("session name", "Club\u{7}", NAME).unwrap_err();
        assert!(bell.to_string().contains("U+0007"), "{bell}");
        assert!(check("session name", "Two\nlines", NAME).is_err());
        assert!(check("session notes", "Two\nlines\tand a tab", NOTE).is_ok());
        assert!(check("session notes", "Two\0", NOTE).is_err());
    }

    /// The club file's guard holds every write path to the same limits, whoever writes.
    #[test]
    fn the_club_file_refuses_a_field_over_its_limit_or_with_a_control_character() {
        let mut store = Store::open_in_memory().unwrap();
        let save = |store: &mut Store, name: &str| {
            store.write(|tx| {
                tx.execute("INSERT INTO venues (name) VALUES (?1)", [name])?;
                Ok(())
            })
        };
        assert!(save(&mut store, &"v".repeat(100)).is_ok());
        for bad in [
            "v".repeat(101),
            "Hall\0".to_owned(),
            "Hall\u{1b}[31m".to_owned(),
            "Two\nlines".to_owned(),
        ] {
            let refused = save(&mut store, &bad).unwrap_err();
            assert!(matches!(refused, Error::Invalid(_)), "{refused:?}");
            assert!(
                refused
                    .to_string()
                    .starts_with("The venue name is longer than 100 characters"),
                "{refused}"
            );
        }
        // A multi-line note keeps its line breaks and tabs, never a NUL.
        let note = |store: &mut Store, text: &str| {
            store.write(|tx| {
                tx.execute("UPDATE venues SET address = ?1", [text])?;
                Ok(())
            })
        };
        assert!(note(&mut store, "1 Church Lane\n\tCoventry").is_ok());
        assert!(note(&mut store, "1 Church Lane\0").is_err());
        assert!(note(&mut store, &"x".repeat(501)).is_err());
    }
}
