//! The incident and safeguarding log: concerns about young people, what was done, who they
//! were passed on to, and what still needs following up.
//!
//! Only people who hold [`Permission::Incidents`] (managers and safeguarding leads) may read
//! or write a concern: every function that touches details asks the [`Actor`] first. Anyone
//! else gets counts only ([`count_in`]), never a word of what happened.
//!
//! A concern is never deleted and nothing written is ever changed. Adding to a concern (an
//! update) or correcting it (with a reason) stores a whole new version; the concern as it
//! stands is its latest version, and every earlier one stays readable in its history.
//! Migration 7's triggers make SQLite refuse a delete or an edit even from outside Clubroom.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::access::{Actor, Permission};
use crate::dates::{ClockTime, Period, long_date, now_utc_text};
use crate::error::{Result, invalid};
use crate::store::{OptionalRow, tidy};
use crate::vocab::ReferralKind;
use crate::young_people::display_name;

/// Who a concern was passed on to, and when.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Referral {
    /// Empty (or only `none`) when it was not referred.
    pub to: Vec<ReferralKind>,
    /// Names, reference numbers, who was spoken to ("Coventry front door, ref 12345").
    pub detail: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub on: Option<NaiveDate>,
}

impl Referral {
    pub fn is_referred(&self) -> bool {
        !self.to.is_empty()
    }
}

/// Something still to do about a concern, and by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FollowUp {
    pub what: String,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub by: Option<NaiveDate>,
    pub done: bool,
}

/// A concern as the person recording (or correcting) it writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConcernInput {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub occurred_on: NaiveDate,
    pub occurred_at: Option<ClockTime>,
    pub session_id: Option<i64>,
    /// The young people involved, by id (none is allowed: a concern about the building, an
    /// adult, or someone whose name is not known).
    pub young_people: Vec<i64>,
    pub what_happened: String,
    pub action_taken: String,
    pub referral: Referral,
    pub follow_up: Option<FollowUp>,
}

/// Something added to a concern later: a dated note, and any referral made or follow-up
/// changed since. What was first recorded stays as it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UpdateInput {
    /// The day the note is about (a phone call, a meeting).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub on: NaiveDate,
    pub note: String,
    /// Replaces the referral recorded so far, when given.
    pub referral: Option<Referral>,
    /// Replaces the follow-up recorded so far, when given (marking it done, say).
    pub follow_up: Option<FollowUp>,
}

/// A young person named in a concern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Named {
    pub id: i64,
    pub reference: String,
    pub name: String,
}

/// The session a concern happened at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SessionRef {
    pub id: i64,
    pub name: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub date: NaiveDate,
}

/// What one version of a concern says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Concern {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub occurred_on: NaiveDate,
    pub occurred_at: Option<ClockTime>,
    pub session: Option<SessionRef>,
    pub young_people: Vec<Named>,
    pub what_happened: String,
    pub action_taken: String,
    pub referral: Referral,
    pub follow_up: Option<FollowUp>,
}

impl Concern {
    /// A follow-up is recorded and not yet done.
    pub fn follow_up_open(&self) -> bool {
        self.follow_up.as_ref().is_some_and(|f| !f.done)
    }
}

/// How a version came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum VersionKind {
    /// The concern as first recorded.
    Recorded,
    /// A dated note added later.
    Update,
    /// What was recorded put right, with a reason.
    Correction,
}

impl VersionKind {
    fn code(self) -> &'static str {
        match self {
            VersionKind::Recorded => "recorded",
            VersionKind::Update => "update",
            VersionKind::Correction => "correction",
        }
    }

    fn from_code(code: &str) -> rusqlite::Result<VersionKind> {
        match code {
            "recorded" => Ok(VersionKind::Recorded),
            "update" => Ok(VersionKind::Update),
            "correction" => Ok(VersionKind::Correction),
            other => Err(rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                format!("unknown kind of concern version: {other}").into(),
            )),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            VersionKind::Recorded => "Recorded",
            VersionKind::Update => "Update",
            VersionKind::Correction => "Correction",
        }
    }
}

/// One field that a version changed, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Change {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// One version of a concern, with who wrote it, when, and what it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Version {
    pub number: u32,
    pub kind: VersionKind,
    /// An update's note.
    pub note: Option<String>,
    /// The day an update is about.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub noted_on: Option<NaiveDate>,
    /// Why a correction was made.
    pub reason: Option<String>,
    pub recorded_by: String,
    /// When it was saved (UTC, RFC 3339).
    pub recorded_at: String,
    pub concern: Concern,
    /// What differs from the version before (empty for the first).
    pub changes: Vec<Change>,
}

/// A concern: as it stands now, and every version it has had, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Incident {
    pub id: i64,
    pub current: Concern,
    pub versions: Vec<Version>,
}

impl Incident {
    /// Who first recorded it.
    pub fn recorded_by(&self) -> &str {
        self.versions.first().map_or("", |v| v.recorded_by.as_str())
    }
}

/// One line of the incident log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IncidentSummary {
    pub id: i64,
    pub concern: Concern,
    pub versions: u32,
    pub recorded_by: String,
    pub last_changed_by: String,
    pub last_changed_at: String,
}

/// Which concerns to list. Every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IncidentFilter {
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub from: Option<NaiveDate>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub to: Option<NaiveDate>,
    pub young_person_id: Option<i64>,
    /// Passed on to this (`none`: not referred at all).
    pub referred_to: Option<ReferralKind>,
    /// Only concerns with a follow-up still to do.
    pub open_only: bool,
}

/// How many concerns with a referral of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReferralCount {
    pub kind: ReferralKind,
    pub count: u32,
}

/// Counts of concerns in a period, for reports: never a detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IncidentCounts {
    pub period: Period,
    /// Concerns that happened in the period (each once, however often it was changed).
    pub total: u32,
    /// By who they were passed on to, every kind listed (zeros too). A concern referred to
    /// two places counts under each, so these may add up to more than the total.
    pub by_referral: Vec<ReferralCount>,
    /// Of those, concerns with a follow-up still to do.
    pub open_follow_ups: u32,
}

// ---- reading ----

/// The whole log, filtered, open follow-ups first (soonest due first), then the most recent.
pub fn list(
    conn: &Connection,
    actor: &Actor,
    filter: &IncidentFilter,
) -> Result<Vec<IncidentSummary>> {
    actor.require(Permission::Incidents)?;
    let mut summaries: Vec<IncidentSummary> = current_versions(conn)?
        .into_iter()
        .filter(|s| matches(&s.concern, filter))
        .collect();
    summaries.sort_by(|a, b| {
        let key = |s: &IncidentSummary| {
            let open = s.concern.follow_up_open();
            let due = s.concern.follow_up.as_ref().and_then(|f| f.by);
            // Open first; among open ones, the soonest due first and undated last.
            (!open, open.then_some((due.is_none(), due)))
        };
        key(a)
            .cmp(&key(b))
            .then(b.concern.occurred_on.cmp(&a.concern.occurred_on))
            .then(b.id.cmp(&a.id))
    });
    Ok(summaries)
}

fn matches(concern: &Concern, filter: &IncidentFilter) -> bool {
    filter.from.is_none_or(|from| concern.occurred_on >= from)
        && filter.to.is_none_or(|to| concern.occurred_on <= to)
        && filter
            .young_person_id
            .is_none_or(|id| concern.young_people.iter().any(|p| p.id == id))
        && filter.referred_to.is_none_or(|kind| match kind {
            ReferralKind::NotReferred => !concern.referral.is_referred(),
            kind => concern.referral.to.contains(&kind),
        })
        && (!filter.open_only || concern.follow_up_open())
}

/// One concern as it stands, with its whole history.
pub fn get(conn: &Connection, actor: &Actor, id: i64) -> Result<Incident> {
    actor.require(Permission::Incidents)?;
    let versions = versions_of(conn, id)?;
    let current = versions.last().map(|v| v.concern.clone()).ok_or_else(|| {
        crate::Error::NotFound(format!(
            "There is no concern number {id} in the incident log."
        ))
    })?;
    Ok(Incident {
        id,
        current,
        versions,
    })
}

/// Every version of a concern, oldest first, each with what it changed.
pub fn history(conn: &Connection, actor: &Actor, id: i64) -> Result<Vec<Version>> {
    Ok(get(conn, actor, id)?.versions)
}

/// How many concerns happened in `period`, in total and by referral. Needs no permission:
/// a count says nothing about anyone, so reports and the home screen may show it.
pub fn count_in(conn: &Connection, period: Period) -> Result<IncidentCounts> {
    let mut total = 0;
    let mut open_follow_ups = 0;
    let mut by_kind: BTreeMap<ReferralKind, u32> =
        ReferralKind::ALL.iter().map(|k| (*k, 0)).collect();
    for summary in current_versions(conn)? {
        let concern = &summary.concern;
        if !period.contains(concern.occurred_on) {
            continue;
        }
        total += 1;
        open_follow_ups += u32::from(concern.follow_up_open());
        if concern.referral.is_referred() {
            for kind in &concern.referral.to {
                *by_kind.entry(*kind).or_default() += 1;
            }
        } else {
            *by_kind.entry(ReferralKind::NotReferred).or_default() += 1;
        }
    }
    Ok(IncidentCounts {
        period,
        total,
        by_referral: ReferralKind::ALL
            .iter()
            .map(|kind| ReferralCount {
                kind: *kind,
                count: by_kind[kind],
            })
            .collect(),
        open_follow_ups,
    })
}

/// The columns of a version, in the order [`read_version`] reads them.
const VERSION_COLUMNS: &str = "v.id, v.incident_id, v.number, v.kind, v.note, v.noted_on, v.reason,
    v.occurred_on, v.occurred_at, v.session_id, s.name, s.date, v.what_happened, v.action_taken,
    v.referred_to, v.referred_detail, v.referred_on, v.follow_up, v.follow_up_by, v.follow_up_done,
    v.recorded_by, v.recorded_at";

/// A version row, before its young people are added.
struct Row {
    version_id: i64,
    incident_id: i64,
    version: Version,
}

fn read_version(r: &rusqlite::Row) -> rusqlite::Result<Row> {
    let session = match (r.get::<_, Option<i64>>(9)?, r.get::<_, Option<String>>(10)?) {
        (Some(id), Some(name)) => Some(SessionRef {
            id,
            name,
            date: r.get(11)?,
        }),
        _ => None,
    };
    let follow_up = r
        .get::<_, Option<String>>(17)?
        .map(|what| -> rusqlite::Result<FollowUp> {
            Ok(FollowUp {
                what,
                by: r.get(18)?,
                done: r.get(19)?,
            })
        });
    Ok(Row {
        version_id: r.get(0)?,
        incident_id: r.get(1)?,
        version: Version {
            number: r.get(2)?,
            kind: VersionKind::from_code(&r.get::<_, String>(3)?)?,
            note: r.get(4)?,
            noted_on: r.get(5)?,
            reason: r.get(6)?,
            recorded_by: r.get(20)?,
            recorded_at: r.get(21)?,
            concern: Concern {
                occurred_on: r.get(7)?,
                occurred_at: r.get(8)?,
                session,
                young_people: Vec::new(),
                what_happened: r.get(12)?,
                action_taken: r.get(13)?,
                referral: Referral {
                    to: referral_kinds(&r.get::<_, String>(14)?),
                    detail: r.get(15)?,
                    on: r.get(16)?,
                },
                follow_up: follow_up.transpose()?,
            },
            changes: Vec::new(),
        },
    })
}

/// The stored comma-separated codes back as kinds (a code this build does not know, from a
/// newer Clubroom, reads as `other` rather than being dropped).
fn referral_kinds(codes: &str) -> Vec<ReferralKind> {
    codes
        .split(',')
        .filter(|c| !c.is_empty())
        .map(|c| ReferralKind::from_code(c).unwrap_or(ReferralKind::Other))
        .collect()
}

/// The young people named in each version, by version id.
fn named_in(conn: &Connection, version_ids: &[i64]) -> Result<BTreeMap<i64, Vec<Named>>> {
    let mut named: BTreeMap<i64, Vec<Named>> = BTreeMap::new();
    let wanted: BTreeSet<i64> = version_ids.iter().copied().collect();
    let mut stmt = conn.prepare_cached(
        "SELECT p.version_id, y.id, y.ref, y.first_name, y.preferred_name, y.last_name
         FROM incident_version_people p JOIN young_people y ON y.id = p.young_person_id
         ORDER BY y.last_name COLLATE NOCASE, y.first_name COLLATE NOCASE, y.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            Named {
                id: r.get(1)?,
                reference: r.get(2)?,
                name: display_name(
                    &r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?.as_deref(),
                    &r.get::<_, String>(5)?,
                ),
            },
        ))
    })?;
    for row in rows {
        let (version_id, person) = row?;
        if wanted.contains(&version_id) {
            named.entry(version_id).or_default().push(person);
        }
    }
    Ok(named)
}

fn versions_of(conn: &Connection, id: i64) -> Result<Vec<Version>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {VERSION_COLUMNS} FROM incident_versions v LEFT JOIN sessions s ON s.id = v.session_id
         WHERE v.incident_id = ?1 ORDER BY v.number"
    ))?;
    let rows: Vec<Row> = stmt
        .query_map([id], read_version)?
        .collect::<rusqlite::Result<_>>()?;
    let ids: Vec<i64> = rows.iter().map(|r| r.version_id).collect();
    let mut named = named_in(conn, &ids)?;
    let mut versions: Vec<Version> = Vec::with_capacity(rows.len());
    for row in rows {
        let mut version = row.version;
        version.concern.young_people = named.remove(&row.version_id).unwrap_or_default();
        if let Some(before) = versions.last() {
            version.changes = changes(&before.concern, &version.concern);
        }
        versions.push(version);
    }
    Ok(versions)
}

/// The latest version of every concern, as lines of the log (unsorted).
fn current_versions(conn: &Connection) -> Result<Vec<IncidentSummary>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {VERSION_COLUMNS},
            (SELECT recorded_by FROM incident_versions f WHERE f.incident_id = v.incident_id AND f.number = 1)
         FROM incident_versions v LEFT JOIN sessions s ON s.id = v.session_id
         WHERE v.number = (SELECT MAX(number) FROM incident_versions w WHERE w.incident_id = v.incident_id)"
    ))?;
    let rows: Vec<(Row, String)> = stmt
        .query_map([], |r| Ok((read_version(r)?, r.get(22)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let ids: Vec<i64> = rows.iter().map(|(r, _)| r.version_id).collect();
    let mut named = named_in(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|(row, recorded_by)| {
            let mut concern = row.version.concern;
            concern.young_people = named.remove(&row.version_id).unwrap_or_default();
            IncidentSummary {
                id: row.incident_id,
                concern,
                versions: row.version.number,
                recorded_by,
                last_changed_by: row.version.recorded_by,
                last_changed_at: row.version.recorded_at,
            }
        })
        .collect())
}

/// How one field of a concern reads in the history.
type Shown = fn(&Concern) -> String;

/// What differs between two versions, field by field, in words.
fn changes(before: &Concern, after: &Concern) -> Vec<Change> {
    let fields: [(&str, Shown); 12] = [
        ("Date", |c| long_date(c.occurred_on)),
        ("Time", |c| {
            c.occurred_at.map(|t| t.to_string()).unwrap_or_default()
        }),
        ("Session", |c| {
            c.session
                .as_ref()
                .map(|s| format!("{}, {}", s.name, long_date(s.date)))
                .unwrap_or_default()
        }),
        ("Young people involved", |c| {
            let mut names: Vec<&str> = c.young_people.iter().map(|p| p.name.as_str()).collect();
            names.sort_unstable();
            names.join(", ")
        }),
        ("What happened", |c| c.what_happened.clone()),
        ("Action taken", |c| c.action_taken.clone()),
        ("Referred to", |c| referral_words(&c.referral.to)),
        ("Referral details", |c| {
            c.referral.detail.clone().unwrap_or_default()
        }),
        ("Date referred", |c| {
            c.referral.on.map(long_date).unwrap_or_default()
        }),
        ("Follow-up", |c| {
            c.follow_up
                .as_ref()
                .map(|f| f.what.clone())
                .unwrap_or_default()
        }),
        ("Follow-up by", |c| {
            c.follow_up
                .as_ref()
                .and_then(|f| f.by)
                .map(long_date)
                .unwrap_or_default()
        }),
        ("Follow-up done", |c| match &c.follow_up {
            Some(f) if f.done => "Yes".to_owned(),
            Some(_) => "No".to_owned(),
            None => String::new(),
        }),
    ];
    fields
        .iter()
        .filter_map(|(field, show)| {
            let (before, after) = (show(before), show(after));
            (before != after).then(|| Change {
                field: (*field).to_owned(),
                before,
                after,
            })
        })
        .collect()
}

/// "Police, NSPCC", or "Not referred".
pub fn referral_words(kinds: &[ReferralKind]) -> String {
    if kinds.is_empty() {
        return ReferralKind::NotReferred.label().to_owned();
    }
    kinds
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join(", ")
}

// ---- writing ----

/// Records a new concern; returns it as saved.
pub fn add(
    tx: &Transaction,
    actor: &Actor,
    input: &ConcernInput,
    today: NaiveDate,
) -> Result<Incident> {
    actor.require(Permission::Incidents)?;
    let concern = checked(tx, input, today)?;
    let now = now_utc_text();
    tx.execute("INSERT INTO incidents (created_at) VALUES (?1)", [&now])?;
    let id = tx.last_insert_rowid();
    insert_version(
        tx,
        actor,
        id,
        1,
        &concern,
        &Annotation {
            kind: VersionKind::Recorded,
            note: None,
            noted_on: None,
            reason: None,
        },
        &now,
    )?;
    get(tx, actor, id)
}

/// Adds a dated note to a concern, with any referral made or follow-up changed since.
pub fn add_update(
    tx: &Transaction,
    actor: &Actor,
    id: i64,
    input: &UpdateInput,
    today: NaiveDate,
) -> Result<Incident> {
    actor.require(Permission::Incidents)?;
    let incident = get(tx, actor, id)?;
    let current = &incident.current;
    let Some(note) = tidy(Some(&input.note)) else {
        return invalid("Write what happened since, or what was done: an update needs a note.");
    };
    if input.on > today {
        return invalid(format!(
            "The update is dated {}, which is in the future.",
            long_date(input.on)
        ));
    }
    if input.on < current.occurred_on {
        return invalid(format!(
            "The update is dated {}, before the concern itself ({}).",
            long_date(input.on),
            long_date(current.occurred_on)
        ));
    }
    let next = ConcernInput {
        occurred_on: current.occurred_on,
        occurred_at: current.occurred_at,
        session_id: current.session.as_ref().map(|s| s.id),
        young_people: current.young_people.iter().map(|p| p.id).collect(),
        what_happened: current.what_happened.clone(),
        action_taken: current.action_taken.clone(),
        referral: input
            .referral
            .clone()
            .unwrap_or_else(|| current.referral.clone()),
        follow_up: match &input.follow_up {
            Some(follow_up) => Some(follow_up.clone()),
            None => current.follow_up.clone(),
        },
    };
    let concern = checked(tx, &next, today)?;
    append(
        tx,
        actor,
        &incident,
        &concern,
        &Annotation {
            kind: VersionKind::Update,
            note: Some(note),
            noted_on: Some(input.on),
            reason: None,
        },
    )
}

/// Corrects what a concern says, giving the reason. The version before is kept as it was.
pub fn correct(
    tx: &Transaction,
    actor: &Actor,
    id: i64,
    input: &ConcernInput,
    reason: &str,
    today: NaiveDate,
) -> Result<Incident> {
    actor.require(Permission::Incidents)?;
    let incident = get(tx, actor, id)?;
    let Some(reason) = tidy(Some(reason)) else {
        return invalid(
            "Say why you are correcting this concern: the reason is kept with the correction.",
        );
    };
    let concern = checked(tx, input, today)?;
    let would_be = described(tx, &concern)?;
    if changes(&incident.current, &would_be).is_empty() {
        return invalid("This correction changes nothing: change what was wrong, then save.");
    }
    append(
        tx,
        actor,
        &incident,
        &concern,
        &Annotation {
            kind: VersionKind::Correction,
            note: None,
            noted_on: None,
            reason: Some(reason),
        },
    )
}

/// How a version came about, beside what it says.
struct Annotation {
    kind: VersionKind,
    note: Option<String>,
    noted_on: Option<NaiveDate>,
    reason: Option<String>,
}

fn append(
    tx: &Transaction,
    actor: &Actor,
    incident: &Incident,
    concern: &ConcernInput,
    annotation: &Annotation,
) -> Result<Incident> {
    let number = incident.versions.len() as u32 + 1;
    insert_version(
        tx,
        actor,
        incident.id,
        number,
        concern,
        annotation,
        &now_utc_text(),
    )?;
    get(tx, actor, incident.id)
}

fn insert_version(
    tx: &Transaction,
    actor: &Actor,
    incident_id: i64,
    number: u32,
    concern: &ConcernInput,
    annotation: &Annotation,
    now: &str,
) -> Result<()> {
    let codes: Vec<&str> = concern.referral.to.iter().map(|k| k.code()).collect();
    let follow_up = concern.follow_up.as_ref();
    tx.execute(
        "INSERT INTO incident_versions (incident_id, number, kind, note, noted_on, reason,
            occurred_on, occurred_at, session_id, what_happened, action_taken, referred_to,
            referred_detail, referred_on, follow_up, follow_up_by, follow_up_done, people_count,
            recorded_by, recorded_by_user, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?19, ?20, ?21)",
        params![
            incident_id,
            number,
            annotation.kind.code(),
            annotation.note,
            annotation.noted_on,
            annotation.reason,
            concern.occurred_on,
            concern.occurred_at,
            concern.session_id,
            concern.what_happened,
            concern.action_taken,
            codes.join(","),
            concern.referral.detail,
            concern.referral.on,
            follow_up.map(|f| &f.what),
            follow_up.and_then(|f| f.by),
            follow_up.is_some_and(|f| f.done),
            concern.young_people.len() as i64,
            actor.name,
            actor.user_id,
            now,
        ],
    )?;
    let version_id = tx.last_insert_rowid();
    let mut stmt = tx.prepare_cached(
        "INSERT INTO incident_version_people (version_id, young_person_id) VALUES (?1, ?2)",
    )?;
    for person in &concern.young_people {
        stmt.execute([version_id, *person])?;
    }
    Ok(())
}

/// The concern as it would read once saved (names and session looked up), to compare.
fn described(conn: &Connection, input: &ConcernInput) -> Result<Concern> {
    let session = input
        .session_id
        .map(|id| {
            conn.query_row(
                "SELECT id, name, date FROM sessions WHERE id = ?1",
                [id],
                |r| {
                    Ok(SessionRef {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        date: r.get(2)?,
                    })
                },
            )
            .or_not_found(|| "That session no longer exists.".into())
        })
        .transpose()?;
    let mut young_people = Vec::with_capacity(input.young_people.len());
    for id in &input.young_people {
        young_people.push(named(conn, *id)?);
    }
    Ok(Concern {
        occurred_on: input.occurred_on,
        occurred_at: input.occurred_at,
        session,
        young_people,
        what_happened: input.what_happened.clone(),
        action_taken: input.action_taken.clone(),
        referral: input.referral.clone(),
        follow_up: input.follow_up.clone(),
    })
}

fn named(conn: &Connection, id: i64) -> Result<Named> {
    conn.query_row(
        "SELECT id, ref, first_name, preferred_name, last_name FROM young_people WHERE id = ?1",
        [id],
        |r| {
            Ok(Named {
                id: r.get(0)?,
                reference: r.get(1)?,
                name: display_name(
                    &r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?.as_deref(),
                    &r.get::<_, String>(4)?,
                ),
            })
        },
    )
    .or_not_found(|| format!("Young person number {id} is not on the list of young people."))
}

// ---- the rules ----

/// The concern tidied and checked against the rules, or what is wrong in words.
fn checked(conn: &Connection, input: &ConcernInput, today: NaiveDate) -> Result<ConcernInput> {
    if input.occurred_on > today {
        return invalid(format!(
            "The concern is dated {}, which is in the future. Record it on the day it happened.",
            long_date(input.occurred_on)
        ));
    }
    let Some(what_happened) = tidy(Some(&input.what_happened)) else {
        return invalid("Describe what happened: it is the heart of the record.");
    };
    let mut young_people = input.young_people.clone();
    young_people.sort_unstable();
    young_people.dedup();
    for id in &young_people {
        named(conn, *id)?;
    }
    if let Some(session_id) = input.session_id {
        let date: NaiveDate = conn
            .query_row(
                "SELECT date FROM sessions WHERE id = ?1",
                [session_id],
                |r| r.get(0),
            )
            .or_not_found(|| {
                "The session chosen no longer exists: choose another, or none.".into()
            })?;
        if date != input.occurred_on {
            return invalid(format!(
                "The session chosen was on {}, but the concern is dated {}. Choose the session on the day, or none.",
                long_date(date),
                long_date(input.occurred_on)
            ));
        }
    }
    Ok(ConcernInput {
        occurred_on: input.occurred_on,
        occurred_at: input.occurred_at,
        session_id: input.session_id,
        young_people,
        what_happened,
        action_taken: tidy(Some(&input.action_taken)).unwrap_or_default(),
        referral: checked_referral(&input.referral, input.occurred_on, today)?,
        follow_up: checked_follow_up(input.follow_up.as_ref(), input.occurred_on)?,
    })
}

fn checked_referral(
    referral: &Referral,
    occurred_on: NaiveDate,
    today: NaiveDate,
) -> Result<Referral> {
    let kinds: BTreeSet<ReferralKind> = referral.to.iter().copied().collect();
    let detail = tidy(referral.detail.as_deref());
    if kinds.contains(&ReferralKind::NotReferred) && kinds.len() > 1 {
        return invalid("“Not referred” cannot go with a referral: choose one or the other.");
    }
    let to: Vec<ReferralKind> = kinds
        .into_iter()
        .filter(|k| *k != ReferralKind::NotReferred)
        .collect();
    if to.is_empty() {
        if referral.on.is_some() {
            return invalid("A date referred is given, but not who it was referred to.");
        }
        return Ok(Referral {
            to,
            detail,
            on: None,
        });
    }
    if to.contains(&ReferralKind::Other) && detail.is_none() {
        return invalid("Say who it was referred to (you chose “Other”).");
    }
    let Some(on) = referral.on else {
        return invalid(format!(
            "Give the date it was referred to {}.",
            referral_words(&to)
        ));
    };
    if on > today {
        return invalid(format!(
            "The referral is dated {}, which is in the future.",
            long_date(on)
        ));
    }
    if on < occurred_on {
        return invalid(format!(
            "The referral is dated {}, before the concern itself ({}).",
            long_date(on),
            long_date(occurred_on)
        ));
    }
    Ok(Referral {
        to,
        detail,
        on: Some(on),
    })
}

fn checked_follow_up(
    follow_up: Option<&FollowUp>,
    occurred_on: NaiveDate,
) -> Result<Option<FollowUp>> {
    let Some(follow_up) = follow_up else {
        return Ok(None);
    };
    let what = tidy(Some(&follow_up.what));
    let Some(what) = what else {
        if follow_up.by.is_some() || follow_up.done {
            return invalid("Say what the follow-up is.");
        }
        // An empty follow-up from a form is no follow-up.
        return Ok(None);
    };
    if let Some(by) = follow_up.by
        && by < occurred_on
    {
        return invalid(format!(
            "The follow-up is due by {}, before the concern itself ({}).",
            long_date(by),
            long_date(occurred_on)
        ));
    }
    Ok(Some(FollowUp {
        what,
        by: follow_up.by,
        done: follow_up.done,
    }))
}

#[cfg(test)]
mod tests;

/// What a concern, or one of its records, is called in the audit log: "Concern 1" (its
/// first record), "Concern 1, record 2" (an update or correction); None if not on file.
pub fn name_in_log(conn: &Connection, table: &str, id: i64) -> Result<Option<String>> {
    match table {
        "incidents" => Ok(conn
            .query_row("SELECT id FROM incidents WHERE id = ?1", [id], |row| {
                row.get::<_, i64>(0)
            })
            .optional()?
            .map(|id| format!("Concern {id}"))),
        _ => Ok(conn
            .query_row(
                "SELECT incident_id, number FROM incident_versions WHERE id = ?1",
                [id],
                |row| Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?)),
            )
            .optional()?
            .map(|(incident, number)| match number {
                1 => format!("Concern {incident}"),
                n => format!("Concern {incident}, record {n}"),
            })),
    }
}
