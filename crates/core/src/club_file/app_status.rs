//! What the window needs to know first, from the club file as it stands: assembled here, in
//! one place, so no shell decides what "needs a first manager" or "locked" means.

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use super::ClubFile;
use crate::access::Actor;
use crate::dates::{self, Periods};
use crate::error::{ErrorReport, Result};
use crate::organisation::{self, Organisation};
use crate::users;

/// What the window needs to know first.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppStatus {
    pub database: String,
    pub exploring_demo: bool,
    pub club: Option<Organisation>,
    pub problem: Option<ErrorReport>,
    pub today: String,
    /// The periods the Home and Returns screens offer, as of today (`dates::periods`).
    pub periods: Periods,
    pub version: String,
    /// Who is signed in (on a club with no accounts yet, the club's stand-in manager).
    #[cfg_attr(feature = "ts", ts(as = "Option<crate::access::SignedIn>"))]
    pub signed_in: Option<Actor>,
    /// Someone must sign in before anything else (the file has accounts, or is encrypted).
    pub needs_sign_in: bool,
    /// A real club with no manager account yet: its data is not protected until one is made.
    pub needs_first_manager: bool,
    pub locked: bool,
    /// Minutes without use before the app locks itself (0: never).
    pub lock_after_minutes: u32,
    /// The names on the sign-in screen (only names).
    pub sign_in_names: Vec<String>,
}

/// The status of `club` on `today`; `demo` is where the demo club's file lives, so the
/// window knows when it is showing the demo.
/// It does not wait for the damage check: the first screen is drawn while it runs, and
/// the status asked after it has found damage says so.
pub fn status(club: &mut ClubFile, demo: &Path, today: NaiveDate) -> Result<AppStatus> {
    club.heed_the_check(false);
    match assemble(club, demo, today) {
        Ok(status) => Ok(status),
        Err(error) => {
            let error = club.explained(error);
            // A read that met the damage the check found: the status of the damaged file.
            if error.kind() == crate::ErrorKind::Damaged && club.problem_so_far().is_some() {
                return assemble(club, demo, today);
            }
            Err(error)
        }
    }
}

fn assemble(club: &mut ClubFile, demo: &Path, today: NaiveDate) -> Result<AppStatus> {
    let mut status = AppStatus {
        database: club.path().display().to_string(),
        exploring_demo: club.path() == demo,
        club: None,
        problem: club.problem_so_far().map(crate::Error::report),
        today: today.to_string(),
        periods: dates::periods(today),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        signed_in: None,
        needs_sign_in: club.needs_sign_in(),
        needs_first_manager: false,
        locked: false,
        lock_after_minutes: users::DEFAULT_LOCK_AFTER_MINUTES,
        sign_in_names: club.sign_in_names().unwrap_or_default(),
    };
    let no_accounts = club.has_no_accounts()?;
    let Ok(store) = club.store_mut() else {
        return Ok(status);
    };
    let details = organisation::get(store.conn())?;
    // The demo is for looking around: it never asks for a manager to protect it.
    status.needs_first_manager = no_accounts && details.as_ref().is_some_and(|c| !c.is_demo);
    status.club = details;
    status.signed_in = (!store.needs_sign_in()).then(|| store.actor().clone());
    status.locked = store.is_locked();
    status.lock_after_minutes = users::lock_after_minutes(store.conn())?;
    Ok(status)
}
