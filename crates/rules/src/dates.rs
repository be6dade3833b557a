//! Dates on the wire (`YYYY-MM-DD`, strict) and on screen ("Monday 14 December 2026").

use chrono::{Datelike, NaiveDate};

/// Parses exactly `YYYY-MM-DD` (ten characters, zero-padded) into a real date.
/// `2026-9-15`, `2026-02-30` and ` 2026-09-15` are refused.
pub fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return None;
    }
    let year: i32 = s[0..4].parse().ok()?;
    let month: u32 = s[5..7].parse().ok()?;
    let day: u32 = s[8..10].parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The GOV.UK way of writing a date on screen: "Monday 14 December 2026".
pub fn long_date(date: NaiveDate) -> String {
    format!(
        "{} {} {} {}",
        WEEKDAYS[date.weekday().num_days_from_monday() as usize],
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

/// A wire date (`YYYY-MM-DD`) on screen: "Monday 14 December 2026", or the text as sent when it
/// is not a date.
pub fn iso_in_words(iso: &str) -> String {
    parse_iso_date(iso).map_or_else(|| iso.to_string(), long_date)
}

/// A wire date (`YYYY-MM-DD`) on screen, or nothing when it is not a date.
pub fn iso_long_date(iso: &str) -> Option<String> {
    parse_iso_date(iso).map(long_date)
}

/// A number of days: "1 day", "3 days".
pub fn days_words(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// Without the weekday: "14 December 2026".
pub fn short_date(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_dates_in_words_or_as_sent() {
        assert_eq!(iso_in_words("2026-12-14"), "Monday 14 December 2026");
        assert_eq!(
            iso_long_date("2026-12-14").as_deref(),
            Some("Monday 14 December 2026")
        );
        assert_eq!(iso_long_date("14/12/2026"), None);
        assert_eq!(
            (days_words(1), days_words(0), days_words(3)),
            ("1 day".into(), "0 days".into(), "3 days".into())
        );
        assert_eq!(iso_in_words("14/12/2026"), "14/12/2026");
    }

    #[test]
    fn iso_dates_are_strict() {
        assert_eq!(
            parse_iso_date("2026-09-15"),
            NaiveDate::from_ymd_opt(2026, 9, 15)
        );
        assert_eq!(
            parse_iso_date("2028-02-29"),
            NaiveDate::from_ymd_opt(2028, 2, 29)
        );
        for bad in [
            "2026-9-15",
            "2026-02-30",
            " 2026-09-15",
            "2026/09/15",
            "20260915",
            "",
            "2026-13-01",
            "2027-02-29",
            "+2026-09-1",
        ] {
            assert_eq!(parse_iso_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn dates_are_written_in_words() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 14).unwrap();
        assert_eq!(long_date(d), "Monday 14 December 2026");
        assert_eq!(short_date(d), "14 December 2026");
    }
}
