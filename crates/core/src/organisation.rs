//! The club itself: its details, its Local Youth Partnership membership, and its venues.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::dates::now_utc_text;
use crate::error::{Error, Result, invalid};
use crate::store::{OptionalRow, tidy};
use crate::vocab::normalise_postcode;

/// The organisation's details, as entered in "Set up my club".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Organisation {
    pub name: String,
    pub charity_number: Option<String>,
    /// The Local Youth Partnership the club belongs to ("Coventry Youth Partnership").
    pub lyp_name: Option<String>,
    /// The club's member code at that partnership ("COV-0042").
    pub lyp_member_code: Option<String>,
    /// What an hour of volunteering is worth, in pounds, for in-kind reporting.
    pub volunteer_hour_value_gbp: f64,
    /// From this age young people give their own consents; younger, a parent or carer must.
    pub consent_self_age: u32,
    /// True for the synthetic "Explore a demo club" data.
    pub is_demo: bool,
    /// The council area the club works in ("Coventry"): its council's outcome framework is
    /// offered when tagging sessions (`sessions::frameworks_for_club`).
    pub area: Option<String>,
    /// Frameworks of another area the club chose to use all the same, by code.
    pub frameworks_added: Vec<String>,
}

impl Organisation {
    /// A blank form with the usual defaults.
    pub fn new(name: &str) -> Organisation {
        Organisation {
            name: name.to_owned(),
            charity_number: None,
            lyp_name: None,
            lyp_member_code: None,
            volunteer_hour_value_gbp: 0.0,
            consent_self_age: 13,
            is_demo: false,
            area: None,
            frameworks_added: Vec::new(),
        }
    }
}

/// The club's details, or `None` before "Set up my club" has been done.
pub fn get(conn: &Connection) -> Result<Option<Organisation>> {
    let club = conn
        .prepare_cached(
            "SELECT name, charity_number, lyp_name, lyp_member_code, volunteer_hour_value_gbp,
                    consent_self_age, is_demo, area
             FROM organisation WHERE id = 1",
        )?
        .query_row([], |row| {
            Ok(Organisation {
                name: row.get(0)?,
                charity_number: row.get(1)?,
                lyp_name: row.get(2)?,
                lyp_member_code: row.get(3)?,
                volunteer_hour_value_gbp: row.get(4)?,
                consent_self_age: row.get(5)?,
                is_demo: row.get(6)?,
                area: row.get(7)?,
                frameworks_added: Vec::new(),
            })
        })
        .optional()?;
    match club {
        Some(mut club) => {
            club.frameworks_added = crate::outcomes::added_frameworks(conn)?;
            Ok(Some(club))
        }
        None => Ok(None),
    }
}

/// The largest logo accepted: plenty for a sharp logo on A4, small enough for the club file.
pub const LOGO_MAX_BYTES: usize = 2 * 1024 * 1024;

/// The club's logo (PNG or JPEG bytes), if one has been set.
pub fn logo(conn: &Connection) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .query_row("SELECT logo FROM organisation WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?
        .flatten())
}

/// Sets (or with `None` removes) the logo printed on funder returns. Only a PNG or JPEG
/// picture that can be read, of at most 2 MB, is kept.
pub fn set_logo(tx: &Transaction, picture: Option<&[u8]>) -> Result<()> {
    if let Some(bytes) = picture {
        if bytes.len() > LOGO_MAX_BYTES {
            return invalid(
                "That picture is too large for a logo (2 MB at most): save a smaller copy and try again.",
            );
        }
        crate::pictures::check(bytes)?;
    }
    let changed = tx.execute("UPDATE organisation SET logo = ?1 WHERE id = 1", [picture])?;
    if changed == 0 {
        return Err(Error::NotFound(
            "Set up the club's details before adding a logo.".into(),
        ));
    }
    Ok(())
}

/// What saving the club's details does to its logo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoChange<'a> {
    /// The logo stays as it is (or absent).
    Keep,
    /// This picture (PNG or JPEG bytes) becomes the logo.
    Set(&'a [u8]),
    /// No logo is printed any more.
    Remove,
}

/// Saves the club's details and changes its logo as one action: a picture that cannot be
/// kept refuses the details too, so nothing is half-saved (the CLI's `club set`).
pub fn save_with_logo(
    tx: &Transaction,
    details: &Organisation,
    logo: LogoChange<'_>,
) -> Result<Organisation> {
    // The details first: a logo needs the club's row to hang on.
    let saved = save(tx, details)?;
    match logo {
        LogoChange::Keep => {}
        LogoChange::Set(picture) => set_logo(tx, Some(picture))?,
        LogoChange::Remove => set_logo(tx, None)?,
    }
    Ok(saved)
}

/// The club's details; an error if the club has not been set up yet.
pub fn require(conn: &Connection) -> Result<Organisation> {
    get(conn)?.ok_or_else(|| {
        Error::NotFound("The club has not been set up yet: enter its details first.".into())
    })
}

/// Saves the club's details (creating them the first time).
pub fn save(tx: &Transaction, details: &Organisation) -> Result<Organisation> {
    let details = check(details)?;
    let now = now_utc_text();
    tx.execute(
        "INSERT INTO organisation (id, name, charity_number, lyp_name, lyp_member_code,
                                   volunteer_hour_value_gbp, consent_self_age, is_demo, area,
                                   created_at, updated_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?9, ?8, ?8)
         ON CONFLICT (id) DO UPDATE SET
             name = excluded.name, charity_number = excluded.charity_number,
             lyp_name = excluded.lyp_name, lyp_member_code = excluded.lyp_member_code,
             volunteer_hour_value_gbp = excluded.volunteer_hour_value_gbp,
             consent_self_age = excluded.consent_self_age, is_demo = excluded.is_demo,
             area = excluded.area, updated_at = excluded.updated_at",
        params![
            details.name,
            details.charity_number,
            details.lyp_name,
            details.lyp_member_code,
            details.volunteer_hour_value_gbp,
            details.consent_self_age,
            details.is_demo,
            now,
            details.area
        ],
    )?;
    crate::outcomes::set_added_frameworks(tx, &details.frameworks_added)?;
    Ok(details)
}

fn check(details: &Organisation) -> Result<Organisation> {
    let name = details.name.trim();
    if name.is_empty() {
        return invalid("Enter the club's name.");
    }
    if name.chars().count() > 120 {
        return invalid("The club's name is too long (120 characters at most).");
    }
    let member_code = tidy(details.lyp_member_code.as_deref()).map(|c| c.to_uppercase());
    if let Some(code) = &member_code {
        let shaped =
            code.len() <= 20 && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !shaped {
            return invalid(format!(
                "The partnership member code “{code}” should be letters, digits and dashes only (like COV-0042)."
            ));
        }
    }
    let charity_number = tidy(details.charity_number.as_deref());
    if let Some(number) = &charity_number
        && !number
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ')
    {
        return invalid(format!(
            "The charity or company number “{number}” should be letters and digits only."
        ));
    }
    let value = details.volunteer_hour_value_gbp;
    if !value.is_finite() || !(0.0..=1000.0).contains(&value) {
        return invalid("The value of a volunteer hour should be between £0 and £1,000.");
    }
    if !(8..=18).contains(&details.consent_self_age) {
        return invalid(
            "The age from which young people give their own consent should be between 8 and 18.",
        );
    }
    Ok(Organisation {
        name: name.to_owned(),
        charity_number,
        lyp_name: tidy(details.lyp_name.as_deref()),
        lyp_member_code: member_code,
        volunteer_hour_value_gbp: value,
        consent_self_age: details.consent_self_age,
        is_demo: details.is_demo,
        area: tidy(details.area.as_deref()),
        frameworks_added: details.frameworks_added.clone(),
    })
}

/// A place where sessions happen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Venue {
    pub id: i64,
    pub name: String,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub archived: bool,
}

/// What the venue form sends.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VenueInput {
    pub name: String,
    pub address: Option<String>,
    pub postcode: Option<String>,
}

fn venue_from_row(row: &Row) -> rusqlite::Result<Venue> {
    Ok(Venue {
        id: row.get(0)?,
        name: row.get(1)?,
        address: row.get(2)?,
        postcode: row.get(3)?,
        archived: row.get(4)?,
    })
}

/// Every venue, current ones first, by name.
pub fn venues(conn: &Connection) -> Result<Vec<Venue>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, address, postcode, archived FROM venues ORDER BY archived, name COLLATE NOCASE")?;
    let venues = stmt
        .query_map([], venue_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(venues)
}

pub fn venue(conn: &Connection, id: i64) -> Result<Venue> {
    conn.query_row(
        "SELECT id, name, address, postcode, archived FROM venues WHERE id = ?1",
        [id],
        venue_from_row,
    )
    .or_not_found(|| "That venue no longer exists.".into())
}

pub fn add_venue(tx: &Transaction, input: &VenueInput) -> Result<Venue> {
    let input = check_venue(tx, input, None)?;
    tx.execute(
        "INSERT INTO venues (name, address, postcode) VALUES (?1, ?2, ?3)",
        params![input.name, input.address, input.postcode],
    )?;
    venue(tx, tx.last_insert_rowid())
}

pub fn update_venue(tx: &Transaction, id: i64, input: &VenueInput) -> Result<Venue> {
    venue(tx, id)?;
    let input = check_venue(tx, input, Some(id))?;
    tx.execute(
        "UPDATE venues SET name = ?2, address = ?3, postcode = ?4 WHERE id = ?1",
        params![id, input.name, input.address, input.postcode],
    )?;
    venue(tx, id)
}

/// Hides a venue from new sessions; sessions already held there keep it.
pub fn set_venue_archived(tx: &Transaction, id: i64, archived: bool) -> Result<Venue> {
    venue(tx, id)?;
    tx.execute(
        "UPDATE venues SET archived = ?2 WHERE id = ?1",
        params![id, archived],
    )?;
    venue(tx, id)
}

/// Finds a venue by name (case-insensitive), adding it if it is new. Used by imports.
pub fn venue_id_by_name_or_add(tx: &Transaction, name: &str) -> Result<i64> {
    let existing: Option<i64> = tx
        .query_row(
            "SELECT id FROM venues WHERE name = ?1 COLLATE NOCASE",
            [name.trim()],
            |r| r.get(0),
        )
        .optional()?;
    match existing {
        Some(id) => Ok(id),
        None => Ok(add_venue(
            tx,
            &VenueInput {
                name: name.trim().to_owned(),
                ..VenueInput::default()
            },
        )?
        .id),
    }
}

fn check_venue(conn: &Connection, input: &VenueInput, id: Option<i64>) -> Result<VenueInput> {
    let name = input.name.trim();
    if name.is_empty() {
        return invalid("Enter the venue's name.");
    }
    let clash: Option<i64> = conn
        .query_row(
            "SELECT id FROM venues WHERE name = ?1 COLLATE NOCASE AND id IS NOT ?2",
            params![name, id],
            |r| r.get(0),
        )
        .optional()?;
    if clash.is_some() {
        return invalid(format!("There is already a venue called “{name}”."));
    }
    let postcode = match tidy(input.postcode.as_deref()) {
        None => None,
        Some(text) => match normalise_postcode(&text) {
            Some(pc) => Some(pc),
            None => {
                return invalid(format!(
                    "“{text}” doesn't look like a UK postcode (for example CV1 2AB)."
                ));
            }
        },
    };
    Ok(VenueInput {
        name: name.to_owned(),
        address: tidy(input.address.as_deref()),
        postcode,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn club_details_are_saved_and_tidied() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(get(store.conn()).unwrap(), None);
        let mut details = Organisation::new("  St Mary's Youth Club ");
        details.lyp_member_code = Some("cov-0042".into());
        details.charity_number = Some("  ".into());
        store.write(|tx| save(tx, &details)).unwrap();
        let saved = require(store.conn()).unwrap();
        assert_eq!(saved.name, "St Mary's Youth Club");
        assert_eq!(saved.lyp_member_code.as_deref(), Some("COV-0042"));
        assert_eq!(saved.charity_number, None);
    }

    #[test]
    fn bad_club_details_are_explained() {
        let mut store = Store::open_in_memory().unwrap();
        let err = store
            .write(|tx| save(tx, &Organisation::new(" ")))
            .unwrap_err();
        assert_eq!(err.to_string(), "Enter the club's name.");
        let mut details = Organisation::new("Club");
        details.lyp_member_code = Some("COV 42!".into());
        let err = store.write(|tx| save(tx, &details)).unwrap_err();
        assert!(err.to_string().contains("member code"), "{err}");
        assert_eq!(get(store.conn()).unwrap(), None, "nothing half-saved");
    }

    /// A one-pixel PNG, enough to stand for a club's logo.
    const TINY_PNG: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
        0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00,
        0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49,
        0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];

    #[test]
    fn the_clubs_details_and_logo_are_saved_as_one_action() {
        let mut store = Store::open_in_memory().unwrap();
        let details = Organisation::new("Riverside Youth Club");
        let err = store
            .write(|tx| save_with_logo(tx, &details, LogoChange::Set(b"GIF89a not a logo")))
            .unwrap_err();
        assert!(err.to_string().contains("PNG or JPEG"), "{err}");
        assert_eq!(
            get(store.conn()).unwrap(),
            None,
            "the details wait for a good logo"
        );

        let saved = store
            .write(|tx| save_with_logo(tx, &details, LogoChange::Set(TINY_PNG)))
            .unwrap();
        assert_eq!(saved.name, "Riverside Youth Club");
        assert_eq!(logo(store.conn()).unwrap().as_deref(), Some(TINY_PNG));

        let mut renamed = details.clone();
        renamed.name = "Riverside Youth Club and Hub".into();
        store
            .write(|tx| save_with_logo(tx, &renamed, LogoChange::Keep))
            .unwrap();
        assert_eq!(logo(store.conn()).unwrap().as_deref(), Some(TINY_PNG));
        store
            .write(|tx| save_with_logo(tx, &renamed, LogoChange::Remove))
            .unwrap();
        assert_eq!(logo(store.conn()).unwrap(), None);
        assert_eq!(
            require(store.conn()).unwrap().name,
            "Riverside Youth Club and Hub"
        );
    }

    #[test]
    fn venues_are_unique_by_name_and_postcodes_tidied() {
        let mut store = Store::open_in_memory().unwrap();
        let hall = store
            .write(|tx| {
                add_venue(
                    tx,
                    &VenueInput {
                        name: "St Mary's Hall".into(),
                        address: None,
                        postcode: Some("cv1 2ab".into()),
                    },
                )
            })
            .unwrap();
        assert_eq!(hall.postcode.as_deref(), Some("CV1 2AB"));
        let err = store
            .write(|tx| {
                add_venue(
                    tx,
                    &VenueInput {
                        name: "st mary's hall".into(),
                        ..Default::default()
                    },
                )
            })
            .unwrap_err();
        assert!(err.to_string().contains("already a venue"), "{err}");
        let err = store
            .write(|tx| {
                add_venue(
                    tx,
                    &VenueInput {
                        name: "Park".into(),
                        postcode: Some("nowhere".into()),
                        ..Default::default()
                    },
                )
            })
            .unwrap_err();
        assert!(err.to_string().contains("UK postcode"), "{err}");
        assert_eq!(venues(store.conn()).unwrap().len(), 1);
    }
}
