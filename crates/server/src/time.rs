//! Time helpers: the clock (milliseconds since the epoch), the Illinois date now, instants as
//! RFC 3339, and dates as the API and the command line read them (`YYYY-MM-DD`, 1990 to 2100).
//!
//! May import: the rules crate only (no module of this crate).

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat};
use rules::calendar::{FIRST_YEAR, LAST_YEAR};

/// The milliseconds since the Unix epoch now (for the Illinois date when a request gives none).
pub fn now_utc_millis() -> i64 {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX)
}

/// The Illinois date now (deadlines and `requested_on` are Illinois dates).
pub fn today() -> NaiveDate {
    rules::illinois::today(now_utc_millis())
}

/// Milliseconds since the epoch as RFC 3339 in UTC (`2026-11-23T15:04:05Z`).
pub fn rfc3339(millis: i64) -> String {
    DateTime::from_timestamp_millis(millis)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Why a text is not a date the portal accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateProblem {
    /// Not exactly `YYYY-MM-DD`.
    Shape,
    /// The shape is right but the day does not exist (`2026-02-30`).
    NotReal,
    /// Outside the years the calendar answers for.
    OutOfRange,
}

/// Exactly `YYYY-MM-DD`, a day that exists, in the years 1990 to 2100.
pub fn parse_date(text: &str) -> Result<NaiveDate, DateProblem> {
    if !has_date_shape(text) {
        return Err(DateProblem::Shape);
    }
    let date = rules::dates::parse_iso_date(text).ok_or(DateProblem::NotReal)?;
    if rules::calendar::is_supported_year(date.year()) {
        Ok(date)
    } else {
        Err(DateProblem::OutOfRange)
    }
}

/// What to tell the sender of `field` about `problem`.
pub fn date_message(field: &str, problem: DateProblem) -> String {
    match problem {
        DateProblem::Shape => format!("Enter {field} as a date in the form YYYY-MM-DD"),
        DateProblem::NotReal => format!("{field} must be a real date"),
        DateProblem::OutOfRange => {
            format!("{field} must be a date between {FIRST_YEAR}-01-01 and {LAST_YEAR}-12-31")
        }
    }
}

/// Exactly `DDDD-DD-DD`.
fn has_date_shape(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_shape_is_strict() {
        assert!(has_date_shape("2026-09-15"));
        for bad in [
            "2026-9-15",
            "2026-09-5",
            "26-09-15",
            "2026/09/15",
            "2026-09-15T00:00",
            " 2026-09-15",
            "２０２６-09-15",
        ] {
            assert!(!has_date_shape(bad), "{bad}");
        }
    }

    #[test]
    fn dates_are_real_and_in_range() {
        assert_eq!(
            parse_date("2024-02-29"),
            Ok(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap())
        );
        assert_eq!(parse_date("2026-02-29"), Err(DateProblem::NotReal));
        assert_eq!(parse_date("2026-13-01"), Err(DateProblem::NotReal));
        assert_eq!(parse_date("1989-12-31"), Err(DateProblem::OutOfRange));
        assert_eq!(parse_date("2101-01-01"), Err(DateProblem::OutOfRange));
        assert!(parse_date("1990-01-01").is_ok());
        assert!(parse_date("2100-12-31").is_ok());
        assert_eq!(parse_date("2026-9-1"), Err(DateProblem::Shape));
    }

    #[test]
    fn instants_are_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_772_420_400_000), "2026-03-02T03:00:00Z");
    }
}
