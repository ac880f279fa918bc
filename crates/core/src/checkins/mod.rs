//! Check-ins: a young person answering a measure (or saying "I'd rather not"), and the plans
//! that say who is asked what and when, on a project or a series. Answers are special-category
//! data: the club's managers and the worker who recorded a check-in see its answers; anyone
//! else who may take registers can record one and sees that it happened, never what was said
//! (docs/permissions.md, docs/data-protection.md).

use std::collections::{BTreeMap, HashSet};

use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::access::{Actor, Permission, Role};
use crate::dates::now_utc_text;
use crate::error::{Error, Result, invalid};
use crate::measures::{self, Measure};
use crate::store::OptionalRow;

/// Which check-in of someone's this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Wave {
    Baseline,
    Review,
    Exit,
    Other,
}

/// Who answered: the young person, the young person with a worker beside them, or the worker
/// rating them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    #[serde(rename = "self")]
    SelfReport,
    WithWorker,
    WorkerRated,
}

macro_rules! coded {
    ($name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            pub fn from_code(text: &str) -> Option<$name> {
                let text = text.trim().to_lowercase();
                $name::ALL.iter().copied().find(|v| v.code() == text)
            }
        }
        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.code().into())
            }
        }
        impl rusqlite::types::FromSql for $name {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                $name::from_code(text).ok_or_else(|| {
                    rusqlite::types::FromSqlError::Other(format!("unknown code {text}").into())
                })
            }
        }
    };
}

coded!(Wave { Baseline = "baseline", Review = "review", Exit = "exit", Other = "other" });
coded!(Mode { SelfReport = "self", WithWorker = "with-worker", WorkerRated = "worker-rated" });

/// Who a plan asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Who {
    Everyone,
    /// Those with at least this many attendances at the plan's sessions.
    Regulars {
        min_attendances: u32,
    },
    /// A sample the club chose (the recommended way: measuring everyone is rarely needed).
    Chosen {
        young_people: Vec<i64>,
    },
}

/// A check-in plan: on a project or a series, which measures, when, and who.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanInput {
    pub project_id: Option<i64>,
    pub series_id: Option<i64>,
    pub measures: Vec<String>,
    /// The baseline is due at the first N sessions someone comes to once they are asked.
    pub baseline_within: u32,
    /// A review every N weeks; `None`: only at exit.
    pub review_weeks: Option<u32>,
    /// Weeks between a baseline and the later check-in it pairs with, at least.
    pub min_gap_weeks: u32,
    pub who: Who,
}

impl PlanInput {
    /// The recommended plan: a sample chosen by the club, a baseline within the first three
    /// sessions, a review every twelve weeks, pairs at least six weeks apart.
    pub fn recommended(project_id: Option<i64>, series_id: Option<i64>) -> PlanInput {
        PlanInput {
            project_id,
            series_id,
            measures: vec!["ons4".to_owned()],
            baseline_within: 3,
            review_weeks: Some(12),
            min_gap_weeks: 6,
            who: Who::Chosen {
                young_people: Vec::new(),
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Plan {
    pub id: i64,
    #[serde(flatten)]
    pub plan: PlanInput,
    pub archived: bool,
}

/// One answer; `value: None` is a skipped question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Answer {
    pub question_id: String,
    pub value: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckInInput {
    pub young_person_id: i64,
    pub measure_code: String,
    /// `None`: the measure's latest version.
    pub measure_version: Option<u32>,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub taken_on: NaiveDate,
    pub wave: Wave,
    pub mode: Mode,
    /// "I'd rather not": counted as declined, never chased. No answers.
    pub declined: bool,
    pub answers: Vec<Answer>,
    pub plan_id: Option<i64>,
}

/// A check-in as a person may see it: its answers only for managers and whoever recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckIn {
    pub id: i64,
    pub young_person_id: Option<i64>,
    pub measure_code: String,
    pub measure_version: u32,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub taken_on: NaiveDate,
    pub wave: Wave,
    pub mode: Mode,
    pub declined: bool,
    pub plan_id: Option<i64>,
    pub recorded_by: String,
    /// `None` when the person looking may not see them.
    pub answers: Option<Vec<Answer>>,
}

fn check_plan(conn: &Connection, plan: &PlanInput) -> Result<()> {
    match (plan.project_id, plan.series_id) {
        (Some(project), None) => {
            crate::projects::get(conn, project)?;
        }
        (None, Some(series)) => {
            let found: Option<i64> = conn
                .query_row(
                    "SELECT id FROM session_series WHERE id = ?1",
                    [series],
                    |r| r.get(0),
                )
                .optional()?;
            if found.is_none() {
                return Err(Error::NotFound("That series no longer exists.".into()));
            }
        }
        _ => return invalid("A check-in plan belongs to one project or one series: choose which."),
    }
    if plan.measures.is_empty() {
        return invalid("Choose at least one measure for the plan.");
    }
    let mut seen = HashSet::new();
    for code in &plan.measures {
        measures::get(conn, code, None)?;
        if !seen.insert(code) {
            return invalid(format!("The plan names the measure “{code}” twice."));
        }
    }
    if plan.baseline_within == 0 || plan.baseline_within > 52 {
        return invalid("The baseline is due within the first 1 to 52 sessions.");
    }
    if plan.review_weeks.is_some_and(|w| w == 0 || w > 104) {
        return invalid("A review comes every 1 to 104 weeks, or only at exit.");
    }
    if plan.min_gap_weeks == 0 || plan.min_gap_weeks > 104 {
        return invalid(
            "The minimum gap between a baseline and a later check-in is 1 to 104 weeks.",
        );
    }
    match &plan.who {
        Who::Regulars { min_attendances } if *min_attendances == 0 || *min_attendances > 500 => {
            invalid("Regulars have come at least 1 to 500 times.")
        }
        Who::Chosen { young_people } => {
            for id in young_people {
                crate::young_people::name_in_log(conn, *id)?.ok_or_else(|| {
                    Error::NotFound("A young person chosen for the plan no longer exists.".into())
                })?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn who_columns(who: &Who) -> (&'static str, Option<u32>) {
    match who {
        Who::Everyone => ("everyone", None),
        Who::Regulars { min_attendances } => ("regulars", Some(*min_attendances)),
        Who::Chosen { .. } => ("chosen", None),
    }
}

fn write_plan_parts(tx: &Transaction, id: i64, plan: &PlanInput) -> Result<()> {
    tx.execute("DELETE FROM checkin_plan_measures WHERE plan_id = ?1", [id])?;
    tx.execute("DELETE FROM checkin_plan_people WHERE plan_id = ?1", [id])?;
    for (position, code) in plan.measures.iter().enumerate() {
        tx.execute(
            "INSERT INTO checkin_plan_measures (plan_id, measure_code, position) VALUES (?1, ?2, ?3)",
            params![id, code.trim(), position as i64],
        )?;
    }
    if let Who::Chosen { young_people } = &plan.who {
        for person in young_people.iter().collect::<HashSet<_>>() {
            tx.execute(
                "INSERT INTO checkin_plan_people (plan_id, young_person_id) VALUES (?1, ?2)",
                params![id, person],
            )?;
        }
    }
    Ok(())
}

/// Adds a check-in plan.
pub fn add_plan(tx: &Transaction, plan: &PlanInput) -> Result<Plan> {
    check_plan(tx, plan)?;
    let (who, min_attendances) = who_columns(&plan.who);
    tx.execute(
        "INSERT INTO checkin_plans (project_id, series_id, baseline_within, review_weeks,
            min_gap_weeks, who, min_attendances, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            plan.project_id,
            plan.series_id,
            plan.baseline_within,
            plan.review_weeks,
            plan.min_gap_weeks,
            who,
            min_attendances,
            now_utc_text()
        ],
    )?;
    let id = tx.last_insert_rowid();
    write_plan_parts(tx, id, plan)?;
    get_plan(tx, id)
}

/// Changes a plan (check-ins already taken keep their answers and their plan).
pub fn update_plan(tx: &Transaction, id: i64, plan: &PlanInput) -> Result<Plan> {
    get_plan(tx, id)?;
    check_plan(tx, plan)?;
    let (who, min_attendances) = who_columns(&plan.who);
    tx.execute(
        "UPDATE checkin_plans SET project_id = ?2, series_id = ?3, baseline_within = ?4,
            review_weeks = ?5, min_gap_weeks = ?6, who = ?7, min_attendances = ?8
         WHERE id = ?1",
        params![
            id,
            plan.project_id,
            plan.series_id,
            plan.baseline_within,
            plan.review_weeks,
            plan.min_gap_weeks,
            who,
            min_attendances
        ],
    )?;
    write_plan_parts(tx, id, plan)?;
    get_plan(tx, id)
}

pub fn set_plan_archived(tx: &Transaction, id: i64, archived: bool) -> Result<Plan> {
    get_plan(tx, id)?;
    tx.execute(
        "UPDATE checkin_plans SET archived = ?2 WHERE id = ?1",
        params![id, archived],
    )?;
    get_plan(tx, id)
}

pub fn get_plan(conn: &Connection, id: i64) -> Result<Plan> {
    let row = conn
        .query_row(
            "SELECT project_id, series_id, baseline_within, review_weeks, min_gap_weeks, who,
                    min_attendances, archived
             FROM checkin_plans WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, Option<i64>>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, u32>(2)?,
                    r.get::<_, Option<u32>>(3)?,
                    r.get::<_, u32>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<u32>>(6)?,
                    r.get::<_, bool>(7)?,
                ))
            },
        )
        .or_not_found(|| "That check-in plan no longer exists.".into())?;
    let (project_id, series_id, baseline_within, review_weeks, min_gap_weeks, who, min, archived) =
        row;
    let measures: Vec<String> = conn
        .prepare_cached(
            "SELECT measure_code FROM checkin_plan_measures WHERE plan_id = ?1 ORDER BY position",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let who = match who.as_str() {
        "regulars" => Who::Regulars {
            min_attendances: min.unwrap_or(1),
        },
        "chosen" => Who::Chosen {
            young_people: conn
                .prepare_cached(
                    "SELECT young_person_id FROM checkin_plan_people WHERE plan_id = ?1
                     ORDER BY young_person_id",
                )?
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?,
        },
        _ => Who::Everyone,
    };
    Ok(Plan {
        id,
        plan: PlanInput {
            project_id,
            series_id,
            measures,
            baseline_within,
            review_weeks,
            min_gap_weeks,
            who,
        },
        archived,
    })
}

/// Every plan, the ones in use first.
pub fn plans(conn: &Connection) -> Result<Vec<Plan>> {
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM checkin_plans ORDER BY archived, id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter().map(|id| get_plan(conn, id)).collect()
}

/// A young person's age on a day, from what is recorded about them.
fn age_of(conn: &Connection, young_person: i64, on: NaiveDate) -> Result<Option<u32>> {
    let (born, given, given_on): (Option<NaiveDate>, Option<u32>, Option<NaiveDate>) = conn
        .query_row(
            "SELECT date_of_birth, age_given, age_given_on FROM young_people WHERE id = ?1",
            [young_person],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .or_not_found(|| "That young person is no longer on the club's list.".into())?;
    Ok(crate::young_people::age_from(born, given, given_on, on))
}

/// The answers kept: every one checked against the measure, the skipped ones left out.
fn checked_answers(
    measure: &Measure,
    age: Option<u32>,
    answers: &[Answer],
) -> Result<Vec<(String, i64)>> {
    let asked: Vec<&str> = measure
        .asked_at(age)
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    let mut seen = HashSet::new();
    let mut kept = Vec::new();
    for answer in answers {
        let Some(question) = measure.question(&answer.question_id) else {
            return invalid(format!(
                "“{}” is not a question of {}.",
                answer.question_id, measure.name
            ));
        };
        if !seen.insert(answer.question_id.as_str()) {
            return invalid(format!("“{}” is answered twice.", question.text));
        }
        let Some(value) = answer.value else { continue };
        if !asked.contains(&question.id.as_str()) {
            return invalid(format!(
                "“{}” is not asked at this young person's age{}.",
                question.text,
                question
                    .min_age
                    .map(|a| format!(" (it is asked from {a})"))
                    .unwrap_or_default()
            ));
        }
        if value < question.scale.min || value > question.scale.max {
            return invalid(format!(
                "The answer to “{}” is from {} to {}, not {value}.",
                question.text, question.scale.min, question.scale.max
            ));
        }
        kept.push((question.id.clone(), value));
    }
    Ok(kept)
}

/// Records a check-in (answered, partly skipped, or declined) as `actor`.
pub fn record(
    tx: &Transaction,
    actor: &Actor,
    input: &CheckInInput,
    today: NaiveDate,
) -> Result<CheckIn> {
    let measure = measures::get(tx, &input.measure_code, input.measure_version)?;
    if input.taken_on > today {
        return invalid("A check-in cannot be dated after today.");
    }
    let age = age_of(tx, input.young_person_id, input.taken_on)?;
    if input.declined && input.answers.iter().any(|a| a.value.is_some()) {
        return invalid("A check-in the young person said no to has no answers.");
    }
    let answers = checked_answers(&measure, age, &input.answers)?;
    if let Some(plan) = input.plan_id {
        get_plan(tx, plan)?;
    }
    tx.execute(
        "INSERT INTO checkins (young_person_id, measure_code, measure_version, taken_on, wave,
            mode, declined, plan_id, recorded_by_user, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            input.young_person_id,
            measure.code,
            measure.version,
            input.taken_on,
            input.wave,
            input.mode,
            input.declined,
            input.plan_id,
            actor.user_id,
            actor.name,
            now_utc_text()
        ],
    )?;
    let id = tx.last_insert_rowid();
    let mut insert = tx.prepare_cached(
        "INSERT INTO checkin_answers (checkin_id, question_id, value) VALUES (?1, ?2, ?3)",
    )?;
    for (question, value) in &answers {
        insert.execute(params![id, question, value])?;
    }
    let mut found = list(tx, actor, Some(input.young_person_id))?;
    found.retain(|c| c.id == id);
    found
        .pop()
        .ok_or_else(|| Error::NotFound("The check-in just recorded cannot be read back.".into()))
}

/// Whether `actor` sees the answers of a check-in recorded by `recorded_by_user`.
pub fn sees_answers(actor: &Actor, recorded_by_user: i64) -> bool {
    actor.can(Permission::SeeCheckInAnswers) || actor.user_id == recorded_by_user
}

/// Whether `actor` sees that a check-in recorded by `recorded_by_user` happened at all: a
/// volunteer records check-ins but does not browse anyone else's.
fn sees_check_in(actor: &Actor, recorded_by_user: i64) -> bool {
    actor.role != Role::Volunteer || actor.user_id == recorded_by_user
}

/// Check-ins (of one young person, or all), newest first, as `actor` may see them.
pub fn list(conn: &Connection, actor: &Actor, young_person: Option<i64>) -> Result<Vec<CheckIn>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, young_person_id, measure_code, measure_version, taken_on, wave, mode,
                declined, plan_id, recorded_by, recorded_by_user
         FROM checkins
         WHERE young_person_id IS NOT NULL AND (?1 IS NULL OR young_person_id = ?1)
         ORDER BY taken_on DESC, id DESC",
    )?;
    let rows: Vec<(CheckIn, i64)> = stmt
        .query_map([young_person], |r| {
            Ok((
                CheckIn {
                    id: r.get(0)?,
                    young_person_id: r.get(1)?,
                    measure_code: r.get(2)?,
                    measure_version: r.get(3)?,
                    taken_on: r.get(4)?,
                    wave: r.get(5)?,
                    mode: r.get(6)?,
                    declined: r.get(7)?,
                    plan_id: r.get(8)?,
                    recorded_by: r.get(9)?,
                    answers: None,
                },
                r.get(10)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut answers = conn
        .prepare_cached("SELECT question_id, value FROM checkin_answers WHERE checkin_id = ?1")?;
    let mut seen = Vec::new();
    for (mut check_in, recorded_by_user) in rows {
        if !sees_check_in(actor, recorded_by_user) {
            continue;
        }
        if sees_answers(actor, recorded_by_user) {
            let given: BTreeMap<String, i64> = answers
                .query_map([check_in.id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let measure =
                measures::get(conn, &check_in.measure_code, Some(check_in.measure_version))?;
            check_in.answers = Some(if check_in.declined {
                Vec::new()
            } else {
                measure
                    .questions
                    .iter()
                    .map(|q| Answer {
                        question_id: q.id.clone(),
                        value: given.get(&q.id).copied(),
                    })
                    .collect()
            });
        }
        seen.push(check_in);
    }
    Ok(seen)
}

/// A check-in due for a young person at a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Due {
    pub young_person_id: i64,
    pub plan_id: i64,
    pub measure_code: String,
    pub wave: Wave,
}

/// The plans (in use) that cover a session: its series' plan, and its project's (its own
/// or its series').
fn plans_covering(conn: &Connection, session: i64) -> Result<Vec<Plan>> {
    let ids: Vec<i64> = conn
        .prepare_cached(
            "SELECT p.id FROM sessions s LEFT JOIN session_series r ON r.id = s.series_id
             JOIN checkin_plans p ON p.archived = 0
               AND (p.series_id = s.series_id OR p.project_id = COALESCE(s.project_id, r.project_id))
             WHERE s.id = ?1 ORDER BY p.id",
        )?
        .query_map([session], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter().map(|id| get_plan(conn, id)).collect()
}

/// The (not cancelled) sessions a plan covers that young person `who` came to, up to `until`,
/// oldest first.
pub fn attended_plan_sessions(
    conn: &Connection,
    plan: &Plan,
    who: i64,
    until: NaiveDate,
) -> Result<Vec<NaiveDate>> {
    Ok(conn
        .prepare_cached(
            "SELECT s.date FROM attendance a JOIN sessions s ON s.id = a.session_id
             LEFT JOIN session_series r ON r.id = s.series_id
             WHERE a.young_person_id = ?1 AND s.cancelled = 0 AND s.date <= ?2
               AND (s.series_id = ?3 OR COALESCE(s.project_id, r.project_id) = ?4)
             ORDER BY s.date, s.start_time",
        )?
        .query_map(
            params![who, until, plan.plan.series_id, plan.plan.project_id],
            |r| r.get(0),
        )?
        .collect::<rusqlite::Result<_>>()?)
}

/// From which of their attendances at the plan's sessions (1 for the first) a young person
/// is asked: `None` if the plan never asks them.
pub fn asked_from(plan: &Plan, chosen: bool) -> Option<u32> {
    match &plan.plan.who {
        Who::Everyone => Some(1),
        Who::Regulars { min_attendances } => Some(*min_attendances),
        Who::Chosen { .. } => chosen.then_some(1),
    }
}

/// A young person's check-ins on one measure (any version), oldest first: (date, declined).
fn check_ins_on(conn: &Connection, who: i64, measure: &str) -> Result<Vec<(NaiveDate, bool)>> {
    Ok(conn
        .prepare_cached(
            "SELECT taken_on, declined FROM checkins WHERE young_person_id = ?1 AND measure_code = ?2
             ORDER BY taken_on, id",
        )?
        .query_map(params![who, measure], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// What is due for one young person under one plan at a session on `date`:
/// - a baseline, when they have no check-in on the measure yet and this is within the first
///   `baseline_within` sessions they come to once the plan asks them;
/// - a review, when they have an answered check-in, the plan reviews every N weeks, the
///   latest check-in (answered or declined) is N weeks or more before, and the baseline is
///   at least the minimum gap before.
///
/// A declined baseline is never chased: nothing more is due on that measure.
fn due_for(conn: &Connection, plan: &Plan, who: i64, date: NaiveDate) -> Result<Vec<Due>> {
    let chosen = match &plan.plan.who {
        Who::Chosen { young_people } => young_people.contains(&who),
        _ => false,
    };
    let Some(from) = asked_from(plan, chosen) else {
        return Ok(Vec::new());
    };
    let attended = attended_plan_sessions(conn, plan, who, date)?.len() as u32;
    let mut due = Vec::new();
    for code in &plan.plan.measures {
        let taken = check_ins_on(conn, who, code)?;
        let wave = match (taken.first(), taken.last()) {
            (None, _) => {
                let window = from..from + plan.plan.baseline_within;
                window.contains(&attended).then_some(Wave::Baseline)
            }
            (Some((_, true)), _) if taken.iter().all(|(_, declined)| *declined) => None,
            (Some(_), Some((latest, _))) => {
                let first_answered = taken.iter().find(|(_, d)| !d).map(|(on, _)| *on);
                let gap_ok = first_answered.is_some_and(|b| {
                    date >= b + Duration::weeks(i64::from(plan.plan.min_gap_weeks))
                });
                let review_ok = plan
                    .plan
                    .review_weeks
                    .is_some_and(|weeks| date >= *latest + Duration::weeks(i64::from(weeks)));
                (gap_ok && review_ok).then_some(Wave::Review)
            }
            (Some(_), None) => None,
        };
        if let Some(wave) = wave {
            due.push(Due {
                young_person_id: who,
                plan_id: plan.id,
                measure_code: code.clone(),
                wave,
            });
        }
    }
    Ok(due)
}

/// Whose baseline or review is due at a session, among those marked present at it.
pub fn due(conn: &Connection, session: i64) -> Result<Vec<Due>> {
    let date: NaiveDate = conn
        .query_row("SELECT date FROM sessions WHERE id = ?1", [session], |r| {
            r.get(0)
        })
        .or_not_found(|| "That session no longer exists.".into())?;
    let present: Vec<i64> = conn
        .prepare_cached(
            "SELECT young_person_id FROM attendance WHERE session_id = ?1 ORDER BY young_person_id",
        )?
        .query_map([session], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut due = Vec::new();
    for plan in plans_covering(conn, session)? {
        for who in &present {
            for item in due_for(conn, &plan, *who, date)? {
                // One plan's due check-in on a measure is enough.
                if !due.iter().any(|d: &Due| {
                    d.young_person_id == item.young_person_id && d.measure_code == item.measure_code
                }) {
                    due.push(item);
                }
            }
        }
    }
    Ok(due)
}

/// Moves young person `id`'s check-ins to anonymous attender `attender` on erasure: what the
/// counting rules need (measure, date, wave, answers, declined) stays; the plan's list of
/// chosen young people loses them.
pub fn keep_for_figures(tx: &Transaction, id: i64, attender: i64) -> Result<u32> {
    let moved = tx.execute(
        "UPDATE checkins SET young_person_id = NULL, attender_id = ?2 WHERE young_person_id = ?1",
        params![id, attender],
    )?;
    Ok(moved as u32)
}

/// How the audit log names a check-in (never its answers): "the ons4 baseline check-in of
/// Amy Adams (YP1), 7 April 2026". `None` once it is gone.
pub fn name_in_log(conn: &Connection, id: i64) -> Result<Option<String>> {
    let found: Option<(Option<i64>, String, Wave, NaiveDate)> = conn
        .query_row(
            "SELECT young_person_id, measure_code, wave, taken_on FROM checkins WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((who, measure, wave, on)) = found else {
        return Ok(None);
    };
    let whose = match who {
        Some(who) => crate::young_people::name_in_log(conn, who)?
            .unwrap_or_else(|| "a young person".to_owned()),
        None => "a young person since erased".to_owned(),
    };
    Ok(Some(format!(
        "the {measure} {} check-in of {whose}, {}",
        wave.code(),
        crate::dates::long_date(on)
    )))
}

/// Every check-in of young person `id` with its answers, for their subject access request.
pub fn held_about(conn: &Connection, id: i64) -> Result<Vec<CheckIn>> {
    list(conn, &Actor::club_manager(), Some(id))
}

#[cfg(test)]
mod tests;
