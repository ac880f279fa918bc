//! Sustained engagement and weeks engaged (docs/counting-rules.md, "Outcomes"): who was still
//! coming 3 and 6 months after their first attendance, and how many weeks young people were
//! engaged. The attendances (named, and kept with no name after erasure) at the part of the
//! work chosen count: the whole club's, or only its sessions for a project, series or type.
//! Progression for a period is counted here too (`progression_counts`), as it is among the
//! young people who came to the part of the work.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::dates::{Period, add_months_clamped};
use crate::distance::Subject;
use crate::error::Result;
use crate::figures::Scope;
use crate::progression;
use crate::vocab::SessionType;

/// Still coming a number of months on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Retention {
    pub months: u32,
    /// First attendance ever in the period, and at least `months` months before today.
    pub cohort: u64,
    /// Of the cohort, those with an attendance `months` months or more after their first.
    pub retained: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Engagement {
    pub period: Period,
    pub retention: Vec<Retention>,
    /// Young people who came in the period.
    pub young_people: u64,
    /// Whole weeks from each one's first to last attendance in the period, plus one, summed.
    pub weeks_engaged: u64,
    /// The same, per young person (two places); none when nobody came.
    pub mean_weeks_engaged: Option<f64>,
}

/// Every held attendance (not cancelled, on or before `today`) at a session in `scope`, by
/// subject, oldest first. For the whole club, an anonymous attender whose older registers
/// were anonymised apart, or a young person who came before Clubroom's records began, is
/// remembered as having come first on that earlier date; that date says nothing of which part
/// of the work they came to, so a part of the work counts only its own sessions.
fn attendances(
    conn: &Connection,
    scope: &Scope,
    today: NaiveDate,
) -> Result<BTreeMap<Subject, Vec<NaiveDate>>> {
    let mut by: BTreeMap<Subject, Vec<NaiveDate>> = BTreeMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT 0, a.young_person_id, s.date, s.series_id, COALESCE(s.project_id, r.project_id),
                s.session_type
         FROM attendance a JOIN sessions s ON s.id = a.session_id
         LEFT JOIN session_series r ON r.id = s.series_id
         WHERE s.cancelled = 0 AND s.date <= ?1
         UNION ALL
         SELECT 1, a.attender_id, s.date, s.series_id, COALESCE(s.project_id, r.project_id),
                s.session_type
         FROM anonymous_attendance a JOIN sessions s ON s.id = a.session_id
         LEFT JOIN session_series r ON r.id = s.series_id
         WHERE s.cancelled = 0 AND s.date <= ?1
         UNION ALL
         SELECT 0, id, attended_before_on, NULL, NULL, NULL FROM young_people
           WHERE attended_before_on IS NOT NULL
         UNION ALL
         SELECT 1, id, attended_before_on, NULL, NULL, NULL FROM anonymous_attenders
           WHERE attended_before_on IS NOT NULL",
    )?;
    let mut rows = stmt.query([today])?;
    while let Some(r) = rows.next()? {
        let in_scope = match r.get::<_, Option<SessionType>>(5)? {
            Some(session_type) => scope.includes(r.get(3)?, r.get(4)?, session_type),
            None => scope.is_everything(),
        };
        if !in_scope {
            continue;
        }
        let id: i64 = r.get(1)?;
        let who = if r.get::<_, i64>(0)? == 0 {
            Subject::Named(id)
        } else {
            Subject::Anonymous(id)
        };
        by.entry(who).or_default().push(r.get(2)?);
    }
    for dates in by.values_mut() {
        dates.sort();
    }
    Ok(by)
}

/// The young people (named, or kept with no name after erasure) who came to a session in
/// `scope` held in `period` (up to `today`): a part of the work's own young people.
pub fn came_in(
    conn: &Connection,
    period: Period,
    scope: &Scope,
    today: NaiveDate,
) -> Result<BTreeSet<Subject>> {
    Ok(attendances(conn, scope, today)?
        .into_iter()
        .filter(|(_, dates)| dates.iter().any(|d| period.contains(*d)))
        .map(|(who, _)| who)
        .collect())
}

/// Sustained engagement at 3 and 6 months, and weeks engaged, for `period` and the part of
/// the work `scope`: only attendances at its sessions count (first attendance, still coming,
/// weeks engaged are all at the part of the work chosen).
pub fn compute(
    conn: &Connection,
    period: Period,
    scope: &Scope,
    today: NaiveDate,
) -> Result<Engagement> {
    let all = attendances(conn, scope, today)?;
    let mut retention = Vec::new();
    for months in [3, 6] {
        let (mut cohort, mut retained) = (0, 0);
        for dates in all.values() {
            let first = dates[0];
            let due = add_months_clamped(first, months);
            if !period.contains(first) || due > today {
                continue;
            }
            cohort += 1;
            if dates.iter().any(|d| *d >= due) {
                retained += 1;
            }
        }
        retention.push(Retention {
            months,
            cohort,
            retained,
        });
    }
    let (mut young_people, mut weeks) = (0u64, 0u64);
    for dates in all.values() {
        let mut inside = dates.iter().filter(|d| period.contains(**d));
        let Some(first) = inside.next() else {
            continue;
        };
        let last = inside.next_back().unwrap_or(first);
        young_people += 1;
        weeks += ((*last - *first).num_days() / 7) as u64 + 1;
    }
    Ok(Engagement {
        period,
        retention,
        young_people,
        weeks_engaged: weeks,
        mean_weeks_engaged: (young_people > 0)
            .then(|| (weeks as f64 / young_people as f64 * 100.0).round() / 100.0),
    })
}

/// Progression in `period` (up to `today`) of the young people of the part of the work
/// `scope`: for the whole club, everyone's steps; for a part of it, only the steps of those
/// who came to its sessions in the period (docs/counting-rules.md, "Progression in a
/// return"). Returns, the What changed screen and the CLI all count it here.
pub fn progression_counts(
    conn: &Connection,
    period: Period,
    scope: &Scope,
    today: NaiveDate,
) -> Result<progression::Counts> {
    let until = period.to.min(today);
    if scope.is_everything() {
        return progression::counts(conn, period.from, until);
    }
    let came = came_in(conn, period, scope, today)?;
    progression::counts_among(conn, period.from, until, |whose| {
        came.contains(&match whose {
            progression::Whose::YoungPerson(id) => Subject::Named(id),
            progression::Whose::Attender(id) => Subject::Anonymous(id),
        })
    })
}

#[cfg(test)]
mod tests;
