//! The home screen's picture of the club: today's sessions, the week around it, who still
//! needs details completing, and this quarter's headline figures.
//!
//! The picture is cut to the person looking: figures only for those who may see reports,
//! concern counts only for those who keep the incident log. A volunteer's home screen is
//! their sessions, nothing more.

use chrono::{Days, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::access::{Actor, Permission};
use crate::dates::Period;
use crate::error::Result;
use crate::figures::{self, Figures};
use crate::incidents;
use crate::organisation::{self, Organisation};
use crate::sessions::{self, Session};
use crate::young_people::NEEDS_DETAILS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Overview {
    pub club: Organisation,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub today: NaiveDate,
    pub today_sessions: Vec<Session>,
    /// The next seven days after today.
    pub coming_up: Vec<Session>,
    /// The last seven days before today, with their counts.
    pub recent: Vec<Session>,
    pub young_people: u32,
    pub needing_details: u32,
    /// The financial quarter holding today, up to today; none for someone who may not see
    /// figures and returns.
    pub quarter: Option<Figures>,
    /// Concerns in the incident log that happened this quarter (a count only: the details
    /// are in the log itself); none for someone who does not keep the log.
    pub concerns_this_quarter: Option<u32>,
    /// Of those, how many have a follow-up still to do.
    pub concerns_to_follow_up: Option<u32>,
}

/// The home screen as `actor` may see it.
pub fn overview(conn: &Connection, today: NaiveDate, actor: &Actor) -> Result<Overview> {
    let club = organisation::require(conn)?;
    let today_sessions = sessions::between(conn, today, today)?;
    let coming_up = sessions::between(conn, today + Days::new(1), today + Days::new(7))?;
    let mut recent = sessions::between(conn, today - Days::new(7), today - Days::new(1))?;
    recent.reverse();
    let (young_people, needing_details) = conn.query_row(
        &format!("SELECT COUNT(*), SUM({NEEDS_DETAILS}) FROM young_people y WHERE y.archived = 0"),
        [],
        |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, Option<u32>>(1)?.unwrap_or(0),
            ))
        },
    )?;
    let quarter = Period::financial_quarter_of(today);
    let so_far = Period {
        from: quarter.from,
        to: today,
    };
    let concerns = if actor.can(Permission::Incidents) {
        Some(incidents::count_in(conn, so_far)?)
    } else {
        None
    };
    let quarter = if actor.can(Permission::SeeReports) {
        Some(figures::compute(conn, so_far, today)?)
    } else {
        None
    };
    Ok(Overview {
        club,
        today,
        today_sessions,
        coming_up,
        recent,
        young_people,
        needing_details,
        quarter,
        concerns_this_quarter: concerns.as_ref().map(|c| c.total),
        concerns_to_follow_up: concerns.as_ref().map(|c| c.open_follow_ups),
    })
}
