//! Distance travelled: what changed for young people between a baseline check-in and a later
//! one, counted exactly as docs/counting-rules.md ("Outcomes") says. Only pairs (one young
//! person asked twice) count as change: the averages of two different groups are never
//! compared, and coverage (who was in scope, had a baseline, was paired, said no) is always
//! reported beside the change.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use crate::checkins::{self, Plan, Wave, Who};
use crate::dates::Period;
use crate::error::Result;
use crate::figures::Scope;
use crate::measures::{self, Measure, Scoring};
use crate::outcomes::OutcomeTag;
use crate::vocab::SessionType;

/// The minimum gap, in weeks, of a pair whose baseline was taken under no plan.
pub const DEFAULT_MIN_GAP_WEEKS: u32 = 6;

/// Who a check-in or an attendance belongs to: a young person, or (once erased) the
/// anonymous attender that holds what the counting rules need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    Named(i64),
    Anonymous(i64),
}

/// The young people counted for a measure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Coverage {
    /// Came to a session in the period that a plan using the measure covers, and that plan
    /// asks them.
    pub in_scope: u64,
    /// Of those, with an answered check-in on the measure by the period's end.
    pub with_baseline: u64,
    /// Of those, with a pair whose later check-in falls in the period.
    pub paired: u64,
    /// Of those in scope, who said "I'd rather not" in the period.
    pub declined: u64,
}

/// Change on one item (items reported separately) or on the measure's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChangeRow {
    /// The question, for items reported separately; `None`: the measure's score.
    pub question_id: Option<String>,
    pub label: String,
    pub higher_is_better: bool,
    /// Pairs with this item (or score) answered both times.
    pub n: u64,
    pub improved: u64,
    pub no_change: u64,
    pub worse: u64,
    /// Means of the n baselines and of the n later answers (two places); none when n is 0.
    pub mean_before: Option<f64>,
    pub mean_after: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MeasureChange {
    pub code: String,
    pub version: u32,
    pub name: String,
    pub attribution: String,
    pub meaningful_change: f64,
    pub outcomes: Vec<OutcomeTag>,
    pub coverage: Coverage,
    pub rows: Vec<ChangeRow>,
    /// The sentence every report carries: who these figures are about.
    pub sentence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DistanceTravelled {
    pub period: Period,
    pub measures: Vec<MeasureChange>,
}

/// One answered or declined check-in, as the counting rules read it.
#[derive(Debug, Clone)]
struct Taken {
    id: i64,
    on: NaiveDate,
    wave: Wave,
    declined: bool,
    plan: Option<i64>,
    answers: BTreeMap<String, i64>,
}

/// A session held in the period, in the part of the work chosen.
struct Held {
    id: i64,
    series: Option<i64>,
    project: Option<i64>,
}

fn held_sessions(
    conn: &Connection,
    period: Period,
    scope: &Scope,
    until: NaiveDate,
) -> Result<Vec<Held>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.series_id, COALESCE(s.project_id, r.project_id), s.session_type
         FROM sessions s LEFT JOIN session_series r ON r.id = s.series_id
         WHERE s.date BETWEEN ?1 AND ?2 AND s.cancelled = 0",
    )?;
    let mut held = Vec::new();
    let mut rows = stmt.query(params![period.from, until])?;
    while let Some(r) = rows.next()? {
        let session_type: SessionType = r.get(3)?;
        let (series, project) = (r.get(1)?, r.get(2)?);
        if scope.includes(series, project, session_type) {
            held.push(Held {
                id: r.get(0)?,
                series,
                project,
            });
        }
    }
    Ok(held)
}

fn covers(plan: &Plan, series: Option<i64>, project: Option<i64>) -> bool {
    (plan.plan.series_id.is_some() && plan.plan.series_id == series)
        || (plan.plan.project_id.is_some() && plan.plan.project_id == project)
}

/// Everyone (named or not) present at a session.
fn present_at(conn: &Connection, session: i64) -> Result<Vec<Subject>> {
    let mut found: Vec<Subject> = conn
        .prepare_cached("SELECT young_person_id FROM attendance WHERE session_id = ?1")?
        .query_map([session], |r| r.get(0).map(Subject::Named))?
        .collect::<rusqlite::Result<_>>()?;
    let anonymous: Vec<Subject> = conn
        .prepare_cached("SELECT attender_id FROM anonymous_attendance WHERE session_id = ?1")?
        .query_map([session], |r| r.get(0).map(Subject::Anonymous))?
        .collect::<rusqlite::Result<_>>()?;
    found.extend(anonymous);
    Ok(found)
}

/// How many of a plan's (not cancelled) sessions up to `until` each subject came to.
fn plan_attendances(
    conn: &Connection,
    plan: &Plan,
    until: NaiveDate,
) -> Result<BTreeMap<Subject, u32>> {
    let mut counts = BTreeMap::new();
    for (sql, named) in [
        ("SELECT a.young_person_id FROM attendance a", true),
        ("SELECT a.attender_id FROM anonymous_attendance a", false),
    ] {
        let query = format!(
            "{sql} JOIN sessions s ON s.id = a.session_id
             LEFT JOIN session_series r ON r.id = s.series_id
             WHERE s.cancelled = 0 AND s.date <= ?1
               AND (s.series_id = ?2 OR COALESCE(s.project_id, r.project_id) = ?3)"
        );
        let ids: Vec<i64> = conn
            .prepare(&query)?
            .query_map(
                params![until, plan.plan.series_id, plan.plan.project_id],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?;
        for id in ids {
            let who = if named {
                Subject::Named(id)
            } else {
                Subject::Anonymous(id)
            };
            *counts.entry(who).or_insert(0) += 1;
        }
    }
    Ok(counts)
}

/// Whether `plan` asks `who`, given how often they came to its sessions.
fn asks(plan: &Plan, who: Subject, attendances: &BTreeMap<Subject, u32>) -> bool {
    match (&plan.plan.who, who) {
        (Who::Everyone, _) => true,
        (Who::Regulars { min_attendances }, _) => {
            attendances.get(&who).copied().unwrap_or(0) >= *min_attendances
        }
        (Who::Chosen { young_people }, Subject::Named(id)) => young_people.contains(&id),
        (Who::Chosen { .. }, Subject::Anonymous(_)) => false,
    }
}

/// Those in scope for `code`: present at a held session of the part chosen that a plan using
/// the measure covers, and asked by that plan.
fn in_scope(
    conn: &Connection,
    plans: &[Plan],
    held: &[Held],
    code: &str,
    until: NaiveDate,
) -> Result<BTreeSet<Subject>> {
    let mut found = BTreeSet::new();
    for plan in plans
        .iter()
        .filter(|p| p.plan.measures.iter().any(|m| m == code))
    {
        // Only a plan for regulars needs to know how often each person came; counting every
        // attendance at the plan's sessions over all the years was most of the time taken
        // (docs/performance.md, "Outcomes").
        let attendances = match plan.plan.who {
            Who::Regulars { .. } => plan_attendances(conn, plan, until)?,
            Who::Everyone | Who::Chosen { .. } => BTreeMap::new(),
        };
        for session in held.iter().filter(|s| covers(plan, s.series, s.project)) {
            for who in present_at(conn, session.id)? {
                if asks(plan, who, &attendances) {
                    found.insert(who);
                }
            }
        }
    }
    Ok(found)
}

/// Every check-in on one version of a measure up to `until`, by subject, oldest first.
fn check_ins(
    conn: &Connection,
    code: &str,
    version: u32,
    until: NaiveDate,
) -> Result<BTreeMap<Subject, Vec<Taken>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, young_person_id, attender_id, taken_on, wave, declined, plan_id
         FROM checkins WHERE measure_code = ?1 AND measure_version = ?2 AND taken_on <= ?3
         ORDER BY taken_on, id",
    )?;
    let mut answers = conn
        .prepare_cached("SELECT question_id, value FROM checkin_answers WHERE checkin_id = ?1")?;
    let mut by_subject: BTreeMap<Subject, Vec<Taken>> = BTreeMap::new();
    let mut rows = stmt.query(params![code, version, until])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let who = match (r.get::<_, Option<i64>>(1)?, r.get::<_, Option<i64>>(2)?) {
            (Some(named), _) => Subject::Named(named),
            (None, Some(anonymous)) => Subject::Anonymous(anonymous),
            (None, None) => continue,
        };
        let given = answers
            .query_map([id], |a| Ok((a.get(0)?, a.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        by_subject.entry(who).or_default().push(Taken {
            id,
            on: r.get(3)?,
            wave: r.get(4)?,
            declined: r.get(5)?,
            plan: r.get(6)?,
            answers: given,
        });
    }
    Ok(by_subject)
}

/// The baseline of someone's check-ins (oldest first): their earliest answered check-in of
/// wave baseline, else their earliest answered check-in.
fn baseline(taken: &[Taken]) -> Option<&Taken> {
    let answered = || taken.iter().filter(|t| !t.declined);
    answered()
        .find(|t| t.wave == Wave::Baseline)
        .or_else(|| answered().next())
}

/// The later check-in a baseline pairs with: the latest answered one at least `gap_weeks`
/// after it (all of `taken` is up to the period's end).
fn follow_up<'t>(taken: &'t [Taken], base: &Taken, gap_weeks: u32) -> Option<&'t Taken> {
    let earliest = base.on + Duration::weeks(i64::from(gap_weeks));
    taken
        .iter()
        .rfind(|t| !t.declined && t.id != base.id && t.on >= earliest)
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| {
        let m = values.iter().sum::<f64>() / values.len() as f64;
        (m * 100.0).round() / 100.0
    })
}

/// Counts one row: each pair's (before, after), classified by the threshold.
fn change_row(
    question_id: Option<String>,
    label: String,
    higher_is_better: bool,
    threshold: f64,
    pairs: &[(f64, f64)],
) -> ChangeRow {
    let (mut improved, mut no_change, mut worse) = (0, 0, 0);
    for (before, after) in pairs {
        let change = if higher_is_better {
            after - before
        } else {
            before - after
        };
        // A whisker below the threshold (a mean of several answers) still reaches it.
        if change >= threshold - 1e-9 {
            improved += 1;
        } else if change <= -threshold + 1e-9 {
            worse += 1;
        } else {
            no_change += 1;
        }
    }
    let before: Vec<f64> = pairs.iter().map(|p| p.0).collect();
    let after: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    ChangeRow {
        question_id,
        label,
        higher_is_better,
        n: pairs.len() as u64,
        improved,
        no_change,
        worse,
        mean_before: mean(&before),
        mean_after: mean(&after),
    }
}

/// The sentence beside every change figure.
pub fn sentence(coverage: &Coverage) -> String {
    let young_people = |n: u64| {
        if n == 1 {
            "young person"
        } else {
            "young people"
        }
    };
    let were = |n: u64| if n == 1 { "was" } else { "were" };
    format!(
        "These figures are about the {} {} who could be asked twice (a baseline and a later \
         check-in far enough apart), not about everyone who came: {} {} in scope, {} had a \
         baseline and {} said no.",
        coverage.paired,
        young_people(coverage.paired),
        coverage.in_scope,
        were(coverage.in_scope),
        coverage.with_baseline,
        coverage.declined
    )
}

fn measure_change(
    conn: &Connection,
    period: Period,
    until: NaiveDate,
    measure: &Measure,
    scope_people: &BTreeSet<Subject>,
    gaps: &BTreeMap<i64, u32>,
) -> Result<MeasureChange> {
    let taken = check_ins(conn, &measure.code, measure.version, until)?;
    let mut coverage = Coverage {
        in_scope: scope_people.len() as u64,
        ..Coverage::default()
    };
    let mut pairs: Vec<(&Taken, &Taken)> = Vec::new();
    for who in scope_people {
        let Some(theirs) = taken.get(who) else {
            continue;
        };
        if theirs.iter().any(|t| t.declined && period.contains(t.on)) {
            coverage.declined += 1;
        }
        let Some(base) = baseline(theirs) else {
            continue;
        };
        coverage.with_baseline += 1;
        let gap = base
            .plan
            .and_then(|p| gaps.get(&p).copied())
            .unwrap_or(DEFAULT_MIN_GAP_WEEKS);
        if let Some(later) = follow_up(theirs, base, gap).filter(|t| period.contains(t.on)) {
            coverage.paired += 1;
            pairs.push((base, later));
        }
    }
    let threshold = measure.meaningful_change;
    let rows = match measure.scoring {
        Scoring::PerItem => measure
            .questions
            .iter()
            .map(|q| {
                let values: Vec<(f64, f64)> = pairs
                    .iter()
                    .filter_map(|(b, f)| {
                        Some((*b.answers.get(&q.id)? as f64, *f.answers.get(&q.id)? as f64))
                    })
                    .collect();
                change_row(
                    Some(q.id.clone()),
                    q.text.clone(),
                    measure.higher_is_better(Some(q)),
                    threshold,
                    &values,
                )
            })
            .collect(),
        Scoring::Sum | Scoring::Mean => {
            let score = |t: &Taken| {
                let answers: Vec<(String, i64)> =
                    t.answers.iter().map(|(k, v)| (k.clone(), *v)).collect();
                measure.total(&answers)
            };
            let values: Vec<(f64, f64)> = pairs
                .iter()
                .filter_map(|(b, f)| Some((score(b)?, score(f)?)))
                .collect();
            vec![change_row(
                None,
                measure.name.clone(),
                measure.higher_is_better(None),
                threshold,
                &values,
            )]
        }
    };
    Ok(MeasureChange {
        code: measure.code.clone(),
        version: measure.version,
        name: measure.name.clone(),
        attribution: measure.attribution.clone(),
        meaningful_change: threshold,
        outcomes: measure.outcomes.clone(),
        sentence: sentence(&coverage),
        coverage,
        rows,
    })
}

/// The versions of a measure to report: each version anyone has answered, else the latest.
fn versions_of(conn: &Connection, code: &str) -> Result<Vec<Measure>> {
    let used: Vec<u32> = conn
        .prepare_cached(
            "SELECT DISTINCT measure_version FROM checkins WHERE measure_code = ?1 ORDER BY 1",
        )?
        .query_map([code], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if used.is_empty() {
        return Ok(vec![measures::get(conn, code, None)?]);
    }
    used.into_iter()
        .map(|v| measures::get(conn, code, Some(v)))
        .collect()
}

/// Distance travelled in `period` for the part of the work `scope`: every measure a plan uses
/// or anyone answered (or only `measure`), each version on its own. Nothing after `today`
/// counts.
pub fn compute(
    conn: &Connection,
    period: Period,
    scope: &Scope,
    measure: Option<&str>,
    today: NaiveDate,
) -> Result<DistanceTravelled> {
    let until = period.to.min(today);
    let plans = checkins::plans(conn)?;
    let gaps: BTreeMap<i64, u32> = plans.iter().map(|p| (p.id, p.plan.min_gap_weeks)).collect();
    let held = if until < period.from {
        Vec::new()
    } else {
        held_sessions(conn, period, scope, until)?
    };
    let mut codes: BTreeSet<String> = plans
        .iter()
        .flat_map(|p| p.plan.measures.iter().cloned())
        .collect();
    codes.extend(
        conn.prepare_cached("SELECT DISTINCT measure_code FROM checkins")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?,
    );
    if let Some(wanted) = measure {
        let wanted = measures::get(conn, wanted, None)?.code;
        codes.retain(|c| *c == wanted);
        codes.insert(wanted);
    }
    let mut measures = Vec::new();
    for code in codes {
        let people = in_scope(conn, &plans, &held, &code, until)?;
        for version in versions_of(conn, &code)? {
            measures.push(measure_change(
                conn, period, until, &version, &people, &gaps,
            )?);
        }
    }
    Ok(DistanceTravelled { period, measures })
}

#[cfg(test)]
mod tests;
