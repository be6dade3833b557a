//! Dates and times on the wire (`YYYY-MM-DD`, strict) and in words, the American way: "Monday,
//! October 19, 2026", "by 11:59 p.m. Central time". Every date or time of day that a page, an email
//! or a calendar file shows is written here, and nowhere else (`docs/pages.md`, "Dates and times").

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

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

/// The name of the portal's time zone in words (Illinois keeps Central time, with daylight saving).
pub const TIME_ZONE_WORDS: &str = "Central time";

/// The moment every deadline ends on its due date, in words: "11:59 p.m. Central time".
pub const DEADLINE_TIME: &str = "11:59 p.m. Central time";

/// The USWDS way of writing a date: "Monday, October 19, 2026".
pub fn long_date(date: NaiveDate) -> String {
    format!(
        "{}, {}",
        WEEKDAYS[date.weekday().num_days_from_monday() as usize],
        short_date(date)
    )
}

/// Without the weekday: "October 19, 2026".
pub fn short_date(date: NaiveDate) -> String {
    format!(
        "{} {}, {}",
        MONTHS[date.month0() as usize],
        date.day(),
        date.year()
    )
}

/// A month of a year: "October 2026".
pub fn month_year(year: i32, month: u32) -> String {
    match month {
        1..=12 => format!("{} {year}", MONTHS[month as usize - 1]),
        _ => format!("{month}/{year}"),
    }
}

/// A wire month (`YYYY-MM`) in words: "March 2026"; the text as sent when it is not a month.
pub fn iso_month_in_words(month: &str) -> String {
    month
        .split_once('-')
        .and_then(|(y, m)| {
            let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
            (1..=12).contains(&m).then(|| month_year(y, m))
        })
        .unwrap_or_else(|| month.to_owned())
}

/// A time of day, the American way: "2:05 p.m.", "12:00 a.m." (midnight), "12:30 p.m.".
pub fn time_words(at: NaiveDateTime) -> String {
    let (pm, hour) = at.hour12();
    format!(
        "{hour}:{:02} {}",
        at.minute(),
        if pm { "p.m." } else { "a.m." }
    )
}

/// A date and time of day in Illinois: "Monday, December 14, 2026, at 3:05 p.m. Central time".
pub fn date_time_words(at: NaiveDateTime) -> String {
    format!(
        "{}, at {} {TIME_ZONE_WORDS}",
        long_date(at.date()),
        time_words(at)
    )
}

/// The end of a due date, to follow "by": "11:59 p.m. Central time on Monday, October 19, 2026".
pub fn deadline_words(date: NaiveDate) -> String {
    format!("{DEADLINE_TIME} on {}", long_date(date))
}

/// A wire date (`YYYY-MM-DD`) in words: "Monday, December 14, 2026", or the text as sent when it
/// is not a date.
pub fn iso_in_words(iso: &str) -> String {
    parse_iso_date(iso).map_or_else(|| iso.to_string(), long_date)
}

/// A wire date (`YYYY-MM-DD`) in words, or nothing when it is not a date.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_dates_in_words_or_as_sent() {
        assert_eq!(iso_in_words("2026-12-14"), "Monday, December 14, 2026");
        assert_eq!(
            iso_long_date("2026-12-14").as_deref(),
            Some("Monday, December 14, 2026")
        );
        assert_eq!(iso_long_date("12/14/2026"), None);
        assert_eq!(
            (days_words(1), days_words(0), days_words(3)),
            ("1 day".into(), "0 days".into(), "3 days".into())
        );
        assert_eq!(iso_in_words("12/14/2026"), "12/14/2026");
        assert_eq!(iso_month_in_words("2026-03"), "March 2026");
        assert_eq!(iso_month_in_words("2026-13"), "2026-13");
        assert_eq!(iso_month_in_words("March"), "March");
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
    fn dates_and_times_are_written_the_american_way() {
        let d = NaiveDate::from_ymd_opt(2026, 10, 19).unwrap();
        assert_eq!(long_date(d), "Monday, October 19, 2026");
        assert_eq!(short_date(d), "October 19, 2026");
        assert_eq!(month_year(2026, 10), "October 2026");
        assert_eq!(
            deadline_words(d),
            "11:59 p.m. Central time on Monday, October 19, 2026"
        );
        let at = |h, m| d.and_hms_opt(h, m, 0).unwrap();
        assert_eq!(time_words(at(14, 5)), "2:05 p.m.");
        assert_eq!(time_words(at(0, 5)), "12:05 a.m.");
        assert_eq!(time_words(at(12, 30)), "12:30 p.m.");
        assert_eq!(time_words(at(23, 59)), "11:59 p.m.");
        assert_eq!(
            date_time_words(at(9, 0)),
            "Monday, October 19, 2026, at 9:00 a.m. Central time"
        );
    }
}
