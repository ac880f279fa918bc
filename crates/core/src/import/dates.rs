//! Dates as people in England write them in spreadsheets: day first always (`14/03/2013`,
//! `14-3-13`, `14.03.2013`, `14 Mar 2013`, `14th March 2013`, `14-Mar-13`), ISO (`2013-03-14`),
//! Excel serial numbers (`41347`) and Excel date cells. `03/04/2013` is 3 April, never
//! 4 March. A date that does not exist (31/02/2013) is an error on its row, never moved to a
//! neighbouring day.

use chrono::{Datelike, NaiveDate};

use super::read::Cell;

/// A date read from a cell, and whether its century was worked out (a two-digit year), so
/// the preview can say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadDate {
    pub date: NaiveDate,
    pub two_digit_year: bool,
}

/// Reads a cell as a date. A two-digit year is put in the century that makes the date no
/// later than `today` (so `14/3/13` is 2013 and `2/1/98` is 1998): right for a date of
/// birth, a session already held or a course already done, which is every date imported.
pub fn read_date(cell: &Cell, today: NaiveDate) -> Result<ReadDate, String> {
    let found = |date| ReadDate {
        date,
        two_digit_year: false,
    };
    match cell {
        Cell::Date(date) => Ok(found(*date)),
        Cell::Number(serial) => from_serial(*serial)
            .map(found)
            .ok_or_else(|| format!("“{}” is not a date", cell.text())),
        Cell::Text(text) => read_text(text.trim(), today),
        Cell::Bool(_) | Cell::Empty => Err(format!("“{}” is not a date", cell.text())),
    }
}

/// Excel's day numbers (1900 system): day 1 is 1 January 1900, and Excel counts a 29 February
/// 1900 that never was, so from day 61 on the epoch is 30 December 1899. Only whole days in
/// a plausible range are taken as dates (1925 to 2100).
pub fn from_serial(serial: f64) -> Option<NaiveDate> {
    if !(9_133.0..=73_051.0).contains(&serial) {
        return None;
    }
    let days = serial.trunc() as i64;
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(days as u64))
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_of(word: &str) -> Option<u32> {
    let word = word.to_lowercase();
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    // "Sept" is how many write September.
    let word = if word == "sept" { "sep" } else { word };
    MONTHS
        .iter()
        .position(|m| word.starts_with(m) && (word.len() == 3 || full_month(m).starts_with(word)))
        .map(|i| i as u32 + 1)
}

fn full_month(short: &str) -> &'static str {
    match short {
        "jan" => "january",
        "feb" => "february",
        "mar" => "march",
        "apr" => "april",
        "may" => "may",
        "jun" => "june",
        "jul" => "july",
        "aug" => "august",
        "sep" => "september",
        "oct" => "october",
        "nov" => "november",
        _ => "december",
    }
}

fn read_text(text: &str, today: NaiveDate) -> Result<ReadDate, String> {
    let not_a_date =
        || format!("“{text}” is not a date (write it day first, like 14/03/2013 or 14 Mar 2013)");
    if text.is_empty() {
        return Err(not_a_date());
    }
    // A date with a time after it ("2013-03-14 00:00:00", "14/03/2013 09:00"): the date.
    let day_part = text.split(['T', ' ']).next().unwrap_or(text);
    if day_part.len() == 10 && day_part.as_bytes()[4] == b'-' {
        return NaiveDate::parse_from_str(day_part, "%Y-%m-%d")
            .map(|date| ReadDate {
                date,
                two_digit_year: false,
            })
            .map_err(|_| impossible(text));
    }
    // A serial number written out as text (a CSV saved from a sheet of unformatted dates).
    if text.len() == 5
        && text.bytes().all(|b| b.is_ascii_digit())
        && let Some(date) = text.parse::<f64>().ok().and_then(from_serial)
    {
        return Ok(ReadDate {
            date,
            two_digit_year: false,
        });
    }
    let parts: Vec<&str> = if text.contains(['/', '.']) || text.matches('-').count() == 2 {
        day_part.split(['/', '-', '.']).collect()
    } else {
        text.split([' ', ','].as_slice())
            .filter(|p| !p.is_empty())
            .collect()
    };
    let [day, month, year] = parts.as_slice() else {
        return Err(not_a_date());
    };
    let day = day
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .parse::<u32>()
        .map_err(|_| not_a_date())?;
    let month = match month.parse::<u32>() {
        Ok(month) => month,
        Err(_) => month_of(month).ok_or_else(not_a_date)?,
    };
    if !year.bytes().all(|b| b.is_ascii_digit()) {
        return Err(not_a_date());
    }
    let (year, two_digit_year) = match year.len() {
        4 => (year.parse::<i32>().map_err(|_| not_a_date())?, false),
        2 => (
            century_for(
                year.parse::<i32>().map_err(|_| not_a_date())?,
                day,
                month,
                today,
            ),
            true,
        ),
        _ => return Err(not_a_date()),
    };
    if !(1..=12).contains(&month) {
        return Err(format!(
            "“{text}” is not a date: there is no month {month} (dates are read day first)"
        ));
    }
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| impossible(text))?;
    if !(1900..=2200).contains(&date.year()) {
        return Err(not_a_date());
    }
    Ok(ReadDate {
        date,
        two_digit_year,
    })
}

fn impossible(text: &str) -> String {
    format!("“{text}” is not a date that exists (dates are read day first)")
}

/// The year of a two-digit `yy`: this century unless that is after today.
fn century_for(yy: i32, day: u32, month: u32, today: NaiveDate) -> i32 {
    let this_century = today.year() / 100 * 100 + yy;
    let candidate = NaiveDate::from_ymd_opt(this_century, month, day.min(28));
    match candidate {
        Some(date) if date > today => this_century - 100,
        _ => this_century,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    fn text(t: &str) -> Result<ReadDate, String> {
        read_date(&Cell::Text(t.to_owned()), today())
    }

    fn day(t: &str) -> NaiveDate {
        text(t).unwrap_or_else(|e| panic!("{t}: {e}")).date
    }

    #[test]
    fn every_way_people_write_a_date_is_day_first() {
        let march_14 = NaiveDate::from_ymd_opt(2013, 3, 14).unwrap();
        for written in [
            "14/03/2013",
            "14/3/2013",
            "14-3-13",
            "14.03.2013",
            "14 Mar 2013",
            "14 March 2013",
            "14th March 2013",
            "14-Mar-13",
            "2013-03-14",
            "2013-03-14T00:00:00",
            "14/03/2013 09:30",
            "41347",
        ] {
            assert_eq!(day(written), march_14, "{written}");
        }
        assert_eq!(
            day("03/04/2013"),
            NaiveDate::from_ymd_opt(2013, 4, 3).unwrap(),
            "3 April, never 4 March"
        );
        assert_eq!(
            day("5 Sept 2013"),
            NaiveDate::from_ymd_opt(2013, 9, 5).unwrap()
        );
    }

    #[test]
    fn excel_serials_and_date_cells_are_dates() {
        let march_14 = NaiveDate::from_ymd_opt(2013, 3, 14).unwrap();
        assert_eq!(
            read_date(&Cell::Number(41347.0), today()).unwrap().date,
            march_14
        );
        assert_eq!(
            read_date(&Cell::Date(march_14), today()).unwrap().date,
            march_14
        );
        assert!(read_date(&Cell::Number(12.0), today()).is_err());
    }

    #[test]
    fn a_two_digit_year_takes_the_century_that_is_not_in_the_future_and_says_so() {
        let read = text("14-3-13").unwrap();
        assert!(read.two_digit_year);
        assert_eq!(read.date, NaiveDate::from_ymd_opt(2013, 3, 14).unwrap());
        assert_eq!(day("2/1/98"), NaiveDate::from_ymd_opt(1998, 1, 2).unwrap());
        // Later this year than today: last century.
        assert_eq!(
            day("24/12/26"),
            NaiveDate::from_ymd_opt(1926, 12, 24).unwrap()
        );
        assert_eq!(
            day("1/12/26"),
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
        );
        assert!(!text("14/03/2013").unwrap().two_digit_year);
    }

    #[test]
    fn an_impossible_date_is_an_error_not_a_neighbouring_day() {
        for bad in [
            "31/02/2013",
            "29/02/2013",
            "2013-02-31",
            "14/13/2013",
            "32/01/2013",
        ] {
            let error = text(bad).unwrap_err();
            assert!(error.contains(bad), "{bad}: {error}");
        }
        assert_eq!(
            day("29/02/2012"),
            NaiveDate::from_ymd_opt(2012, 2, 29).unwrap()
        );
        for junk in [
            "soon",
            "14",
            "14/03",
            "Mar 2013",
            "1/2/3/4",
            "14 Smarch 2013",
            "",
        ] {
            assert!(text(junk).is_err(), "{junk}");
        }
    }
}
