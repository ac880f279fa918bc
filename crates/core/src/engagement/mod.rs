//! Sustained engagement and weeks engaged (docs/counting-rules.md, "Outcomes"): who was still
//! coming 3 and 6 months after their first attendance, and how many weeks young people were
//! engaged. The whole club's attendances (named, and kept with no name after erasure) count.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::dates::{Period, add_months_clamped};
use crate::distance::Subject;
use crate::error::Result;

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

/// Every held attendance (not cancelled, on or before `today`), by subject, oldest first. An
/// anonymous attender whose older registers were anonymised apart is remembered as having
/// come first on that earlier date.
fn attendances(conn: &Connection, today: NaiveDate) -> Result<BTreeMap<Subject, Vec<NaiveDate>>> {
    let mut by: BTreeMap<Subject, Vec<NaiveDate>> = BTreeMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT 0, a.young_person_id, s.date FROM attendance a JOIN sessions s ON s.id = a.session_id
           WHERE s.cancelled = 0 AND s.date <= ?1
         UNION ALL
         SELECT 1, a.attender_id, s.date FROM anonymous_attendance a
           JOIN sessions s ON s.id = a.session_id WHERE s.cancelled = 0 AND s.date <= ?1
         UNION ALL
         SELECT 0, id, attended_before_on FROM young_people WHERE attended_before_on IS NOT NULL
         UNION ALL
         SELECT 1, id, attended_before_on FROM anonymous_attenders
           WHERE attended_before_on IS NOT NULL",
    )?;
    let mut rows = stmt.query([today])?;
    while let Some(r) = rows.next()? {
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

/// Sustained engagement at 3 and 6 months, and weeks engaged, for `period`.
pub fn compute(conn: &Connection, period: Period, today: NaiveDate) -> Result<Engagement> {
    let all = attendances(conn, today)?;
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

#[cfg(test)]
mod tests;
