//! Dates and clock times as a youth club uses them: local dates and wall-clock times in
//! Europe/London, periods with inclusive ends, ages in whole years.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Result, invalid};

/// The time zone every local date and time in Clubroom is in.
pub const CLUB_TIME_ZONE: chrono_tz::Tz = chrono_tz::Europe::London;

/// Today's date in the club's time zone (not UTC: at 00:30 in British Summer Time, the UTC date
/// is still yesterday, and a register opened then belongs to today).
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&CLUB_TIME_ZONE).date_naive()
}

/// Today, unless `CLUBROOM_TODAY=YYYY-MM-DD` pins another day (tests, demos and screenshots
/// that must not depend on the calendar). The app and the CLI both use this.
pub fn today_or_pinned() -> NaiveDate {
    std::env::var("CLUBROOM_TODAY")
        .ok()
        .and_then(|d| parse_date(&d))
        .unwrap_or_else(today)
}

/// The current wall-clock time in the club's time zone.
pub fn now_clock() -> ClockTime {
    use chrono::Timelike;
    let now = Utc::now().with_timezone(&CLUB_TIME_ZONE);
    ClockTime::hm(now.hour() as u16, now.minute() as u16)
}

/// A UTC timestamp for "when was this saved", as stored in the database.
pub fn now_utc_text() -> String {
    Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A wall-clock time of day to the minute ("18:00"), as sessions and registers use them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct ClockTime(u16);

impl ClockTime {
    pub fn from_minutes(minutes: u16) -> ClockTime {
        ClockTime(minutes.min(24 * 60 - 1))
    }

    pub fn hm(hour: u16, minute: u16) -> ClockTime {
        ClockTime::from_minutes(hour * 60 + minute)
    }

    pub fn minutes(self) -> u16 {
        self.0
    }

    /// Reads "18:00", "6:05", "18.00" or "18:00:00".
    pub fn parse(text: &str) -> Option<ClockTime> {
        let text = text.trim();
        let mut parts = text.split([':', '.']);
        let hour: u16 = parts.next()?.trim().parse().ok()?;
        let minute: u16 = parts.next()?.trim().parse().ok()?;
        let second_ok = parts
            .next()
            .is_none_or(|s| s.parse::<u8>().is_ok_and(|s| s < 60));
        (hour < 24 && minute < 60 && second_ok && parts.next().is_none())
            .then(|| ClockTime::hm(hour, minute))
    }

    pub fn parse_or_explain(text: &str) -> Result<ClockTime> {
        match ClockTime::parse(text) {
            Some(time) => Ok(time),
            None => invalid(format!(
                "“{}” is not a time of day (use 24-hour HH:MM, like 18:30)",
                text.trim()
            )),
        }
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl FromStr for ClockTime {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<ClockTime> {
        ClockTime::parse_or_explain(s)
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<ClockTime, D::Error> {
        let text = String::deserialize(deserializer)?;
        ClockTime::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("“{text}” is not a time of day (HH:MM)"))
        })
    }
}

impl rusqlite::types::ToSql for ClockTime {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.to_string().into())
    }
}

impl rusqlite::types::FromSql for ClockTime {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let text = value.as_str()?;
        ClockTime::parse(text)
            .ok_or_else(|| rusqlite::types::FromSqlError::Other(format!("bad time {text}").into()))
    }
}

/// Minutes from `start` to `end`, which must be later the same day.
pub fn minutes_between(start: ClockTime, end: ClockTime) -> u32 {
    u32::from(end.minutes().saturating_sub(start.minutes()))
}

/// Checks a start and an end time of the same day.
pub fn check_start_before_end(start: ClockTime, end: ClockTime, what: &str) -> Result<()> {
    if end <= start {
        return invalid(format!("The {what} ends before it starts ({start}-{end})"));
    }
    Ok(())
}

/// Reads a date as YYYY-MM-DD or DD/MM/YYYY (the British way round, never the American).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .ok()
        .filter(|d| (1900..=2200).contains(&d.year()))
}

pub fn parse_date_or_explain(text: &str) -> Result<NaiveDate> {
    match parse_date(text) {
        Some(date) => Ok(date),
        None => invalid(format!(
            "“{}” is not a date (use YYYY-MM-DD or DD/MM/YYYY)",
            text.trim()
        )),
    }
}

/// A date as people in England write it in a sentence, day first: "14 March 2026". Every
/// message with a date in it uses this, never the ISO form the database keeps.
pub fn day_first(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// A long, friendly form of a date: "Tuesday 4 March 2025".
pub fn long_date(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

/// Whole years from `born` to `on` (a birthday counts on the day itself; 29 February birthdays
/// count on 1 March in other years, as in English law).
pub fn age_on(born: NaiveDate, on: NaiveDate) -> Option<u32> {
    if on < born {
        return None;
    }
    let mut years = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    u32::try_from(years).ok()
}

/// A date `months` calendar months after `date`, the day clamped to the month's end
/// (31 January + 1 month = 28 or 29 February).
pub fn add_months_clamped(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(chrono::Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// A period of dates, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Period {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub from: NaiveDate,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub to: NaiveDate,
}

impl Period {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period> {
        if to < from {
            return invalid(format!(
                "The period ends ({}) before it starts ({})",
                day_first(to),
                day_first(from)
            ));
        }
        Ok(Period { from, to })
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    /// The UK financial year (1 April to 31 March) that holds `date`.
    pub fn financial_year_of(date: NaiveDate) -> Period {
        let start_year = if date.month() >= 4 {
            date.year()
        } else {
            date.year() - 1
        };
        Period {
            from: NaiveDate::from_ymd_opt(start_year, 4, 1).expect("1 April exists"),
            to: NaiveDate::from_ymd_opt(start_year + 1, 3, 31).expect("31 March exists"),
        }
    }

    /// The financial-year quarter (Apr-Jun, Jul-Sep, Oct-Dec, Jan-Mar) that holds `date`.
    pub fn financial_quarter_of(date: NaiveDate) -> Period {
        let first_month = ((date.month0() / 3) * 3) + 1;
        let from =
            NaiveDate::from_ymd_opt(date.year(), first_month, 1).expect("quarter start exists");
        let to = add_months_clamped(from, 3)
            .pred_opt()
            .expect("quarter end exists");
        Period { from, to }
    }
}

/// A period offered by name (the Home screen's figures, a return's period).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NamedPeriod {
    /// Stable, for the screens to keep a choice by.
    pub key: String,
    pub label: String,
    /// Words beside the label ("Oct–Dec", "2026/27"); empty where the label says it all.
    pub detail: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub from: NaiveDate,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub to: NaiveDate,
}

/// The periods funders ask about, as of a day: the UK financial year (1 April to 31 March)
/// and its quarters (Apr–Jun, Jul–Sep, Oct–Dec, Jan–Mar).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Periods {
    /// The Home screen's: this quarter and this year so far (ending today: later sessions
    /// count nowhere yet), and the last whole quarter and year.
    pub so_far: Vec<NamedPeriod>,
    /// A return's: this and last quarter, this and last year, each whole (a return counts
    /// sessions held, so a period still running counts up to today whatever its end).
    pub whole: Vec<NamedPeriod>,
}

/// The named periods as of `today` (see [`Periods`]).
pub fn periods(today: NaiveDate) -> Periods {
    let quarter = Period::financial_quarter_of(today);
    let last_quarter = Period::financial_quarter_of(day_before(quarter.from));
    let year = Period::financial_year_of(today);
    let last_year = Period::financial_year_of(day_before(year.from));
    let named = |key: &str, label: String, detail: String, from, to| NamedPeriod {
        key: key.to_owned(),
        label,
        detail,
        from,
        to,
    };
    let so_far = [
        ("quarter", "This quarter".to_owned(), quarter.from, today),
        (
            "last-quarter",
            "Last quarter".to_owned(),
            last_quarter.from,
            last_quarter.to,
        ),
        (
            "year",
            format!("This year ({})", financial_year_words(year)),
            year.from,
            today,
        ),
        (
            "last-year",
            format!("Last year ({})", financial_year_words(last_year)),
            last_year.from,
            last_year.to,
        ),
    ];
    let whole = [
        (
            "this-quarter",
            "This quarter",
            quarter_months(quarter),
            quarter,
        ),
        (
            "last-quarter",
            "Last quarter",
            quarter_months(last_quarter),
            last_quarter,
        ),
        ("this-year", "This year", financial_year_words(year), year),
        (
            "last-year",
            "Last year",
            financial_year_words(last_year),
            last_year,
        ),
    ];
    Periods {
        so_far: so_far
            .into_iter()
            .map(|(key, label, from, to)| named(key, label, String::new(), from, to))
            .collect(),
        whole: whole
            .into_iter()
            .map(|(key, label, detail, period)| {
                named(key, label.to_owned(), detail, period.from, period.to)
            })
            .collect(),
    }
}

fn day_before(date: NaiveDate) -> NaiveDate {
    date.pred_opt().unwrap_or(NaiveDate::MIN)
}

/// "2026/27" for the year from 1 April 2026.
fn financial_year_words(year: Period) -> String {
    format!("{}/{:02}", year.from.year(), year.to.year().rem_euclid(100))
}

/// "Oct–Dec" for the quarter from 1 October.
fn quarter_months(quarter: Period) -> String {
    format!("{}–{}", quarter.from.format("%b"), quarter.to.format("%b"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        parse_date(text).unwrap()
    }

    #[test]
    fn clock_times_parse_and_print() {
        assert_eq!(ClockTime::parse("18:00").unwrap().to_string(), "18:00");
        assert_eq!(ClockTime::parse("6:05").unwrap().to_string(), "06:05");
        assert_eq!(ClockTime::parse("18.30").unwrap().to_string(), "18:30");
        assert_eq!(ClockTime::parse("18:00:00").unwrap().to_string(), "18:00");
        for bad in ["24:00", "18:60", "six", "", "18", "18:00:99"] {
            assert_eq!(ClockTime::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_session_ending_before_it_starts_is_explained() {
        let err = check_start_before_end(ClockTime::hm(18, 0), ClockTime::hm(17, 30), "session")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "The session ends before it starts (18:00-17:30)"
        );
    }

    #[test]
    fn a_period_ending_before_it_starts_names_its_dates_day_first() {
        let from = NaiveDate::from_ymd_opt(2026, 3, 14).unwrap();
        let to = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let err = Period::new(from, to).unwrap_err();
        assert_eq!(
            err.to_string(),
            "The period ends (1 March 2026) before it starts (14 March 2026)"
        );
    }

    #[test]
    fn dates_read_both_british_forms() {
        assert_eq!(
            parse_date("2011-03-04"),
            NaiveDate::from_ymd_opt(2011, 3, 4)
        );
        assert_eq!(
            parse_date("04/03/2011"),
            NaiveDate::from_ymd_opt(2011, 3, 4)
        );
        assert_eq!(parse_date("31/02/2011"), None);
        assert_eq!(parse_date("03-04-2011"), None);
    }

    #[test]
    fn ages_count_whole_years_and_leap_day_birthdays() {
        assert_eq!(age_on(d("2011-03-04"), d("2024-03-03")), Some(12));
        assert_eq!(age_on(d("2011-03-04"), d("2024-03-04")), Some(13));
        assert_eq!(age_on(d("2012-02-29"), d("2025-02-28")), Some(12));
        assert_eq!(age_on(d("2012-02-29"), d("2025-03-01")), Some(13));
        assert_eq!(age_on(d("2012-02-29"), d("2024-02-29")), Some(12));
        assert_eq!(age_on(d("2012-02-29"), d("2010-01-01")), None);
    }

    #[test]
    fn months_are_added_with_the_day_clamped() {
        assert_eq!(add_months_clamped(d("2025-01-31"), 1), d("2025-02-28"));
        assert_eq!(add_months_clamped(d("2024-01-31"), 1), d("2024-02-29"));
        assert_eq!(add_months_clamped(d("2025-01-31"), 12), d("2026-01-31"));
        assert_eq!(add_months_clamped(d("2024-02-29"), 12), d("2025-02-28"));
    }

    #[test]
    fn financial_years_and_quarters() {
        let fy = Period::financial_year_of(d("2026-02-10"));
        assert_eq!((fy.from, fy.to), (d("2025-04-01"), d("2026-03-31")));
        let q = Period::financial_quarter_of(d("2026-05-17"));
        assert_eq!((q.from, q.to), (d("2026-04-01"), d("2026-06-30")));
        let q = Period::financial_quarter_of(d("2026-02-01"));
        assert_eq!((q.from, q.to), (d("2026-01-01"), d("2026-03-31")));
        assert!(Period::new(d("2026-02-01"), d("2026-01-01")).is_err());
    }

    #[test]
    fn the_named_periods_follow_the_financial_year() {
        let day = |text: &str| parse_date(text).unwrap();
        let words = |periods: &[NamedPeriod]| -> Vec<(String, String, String, String)> {
            periods
                .iter()
                .map(|p| {
                    (
                        p.key.clone(),
                        format!("{} {}", p.label, p.detail).trim().to_owned(),
                        p.from.to_string(),
                        p.to.to_string(),
                    )
                })
                .collect()
        };
        let own = |rows: &[(&str, &str, &str, &str)]| -> Vec<(String, String, String, String)> {
            rows.iter()
                .map(|(k, l, f, t)| (k.to_string(), l.to_string(), f.to_string(), t.to_string()))
                .collect()
        };
        let november = periods(day("2026-11-24"));
        assert_eq!(
            words(&november.so_far),
            own(&[
                ("quarter", "This quarter", "2026-10-01", "2026-11-24"),
                ("last-quarter", "Last quarter", "2026-07-01", "2026-09-30"),
                ("year", "This year (2026/27)", "2026-04-01", "2026-11-24"),
                (
                    "last-year",
                    "Last year (2025/26)",
                    "2025-04-01",
                    "2026-03-31"
                ),
            ])
        );
        assert_eq!(
            words(&november.whole),
            own(&[
                (
                    "this-quarter",
                    "This quarter Oct–Dec",
                    "2026-10-01",
                    "2026-12-31"
                ),
                (
                    "last-quarter",
                    "Last quarter Jul–Sep",
                    "2026-07-01",
                    "2026-09-30"
                ),
                ("this-year", "This year 2026/27", "2026-04-01", "2027-03-31"),
                ("last-year", "Last year 2025/26", "2025-04-01", "2026-03-31"),
            ])
        );
        // In January the last quarter is the year before's, and the financial year began
        // the April before.
        let february = periods(day("2027-02-10"));
        assert_eq!(
            words(&february.whole),
            own(&[
                (
                    "this-quarter",
                    "This quarter Jan–Mar",
                    "2027-01-01",
                    "2027-03-31"
                ),
                (
                    "last-quarter",
                    "Last quarter Oct–Dec",
                    "2026-10-01",
                    "2026-12-31"
                ),
                ("this-year", "This year 2026/27", "2026-04-01", "2027-03-31"),
                ("last-year", "Last year 2025/26", "2025-04-01", "2026-03-31"),
            ])
        );
        assert_eq!(february.so_far[0].from.to_string(), "2027-01-01");
        assert_eq!(february.so_far[1].to.to_string(), "2026-12-31");
        assert_eq!(february.so_far[2].label, "This year (2026/27)");
        // The turn of a century keeps two digits.
        assert_eq!(periods(day("2099-05-01")).whole[2].detail, "2099/00");
    }
}
