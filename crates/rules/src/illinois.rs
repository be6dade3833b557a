//! Illinois time: America/Chicago, with daylight saving.
//!
//! Every deadline ends at 23:59:59 Illinois time on its due date, whatever the user's own time zone
//! (`docs/rules.md`, "Days and time"). The browser has no time-zone database worth its
//! weight, so the United States rule is written out here (Energy Policy Act of 2005 from 2007,
//! Uniform Time Act before), and tested against the full tz database for 1990 to 2100.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};

const STANDARD_OFFSET: i64 = -6 * 3600; // CST, UTC-6
const DAYLIGHT_OFFSET: i64 = -5 * 3600; // CDT, UTC-5

fn nth_sunday(year: i32, month: u32, n: u8) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Sun, n).expect("sunday exists")
}

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Sun, 5)
        .unwrap_or_else(|| nth_sunday(year, month, 4))
}

/// The UTC instants (seconds since the epoch) when daylight saving starts and ends in `year`.
/// Both changes happen at 02:00 local time: 08:00 UTC in spring (from CST), 07:00 UTC in autumn
/// (from CDT).
fn daylight_span_utc(year: i32) -> (i64, i64) {
    let (start, end) = if year >= 2007 {
        (nth_sunday(year, 3, 2), nth_sunday(year, 11, 1))
    } else {
        (nth_sunday(year, 4, 1), last_sunday(year, 10))
    };
    let at =
        |d: NaiveDate, hour_utc: u32| d.and_hms_opt(hour_utc, 0, 0).unwrap().and_utc().timestamp();
    (at(start, 8), at(end, 7))
}

/// Illinois' offset from UTC, in seconds, at a UTC instant given in milliseconds.
pub fn utc_offset_seconds(utc_millis: i64) -> i64 {
    let secs = utc_millis.div_euclid(1000);
    // The local year is the UTC year except in the first hours of January 1, when it cannot matter
    // (no change happens in January).
    let year = chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.year())
        .unwrap_or(1970);
    let (start, end) = daylight_span_utc(year);
    if (start..end).contains(&secs) {
        DAYLIGHT_OFFSET
    } else {
        STANDARD_OFFSET
    }
}

/// Illinois local date and time at a UTC instant (milliseconds).
pub fn local_datetime(utc_millis: i64) -> NaiveDateTime {
    let secs = utc_millis.div_euclid(1000) + utc_offset_seconds(utc_millis);
    chrono::DateTime::from_timestamp(secs, 0)
        .expect("instant in range")
        .naive_utc()
}

/// An instant (RFC 3339, as the server sends it) in Illinois time, in words ([`crate::dates`]):
/// "Monday, December 14, 2026, at 3:05 p.m. Central time"; the text as sent when it cannot be read.
pub fn instant_in_words(rfc3339: &str) -> String {
    let Ok(instant) = chrono::DateTime::parse_from_rfc3339(rfc3339) else {
        return rfc3339.to_string();
    };
    crate::dates::date_time_words(local_datetime(instant.timestamp_millis()))
}

/// Today's date in Illinois at a UTC instant (milliseconds).
pub fn today(utc_millis: i64) -> NaiveDate {
    local_datetime(utc_millis).date()
}

/// The UTC instant (milliseconds) of a local Illinois wall-clock time on `date`
/// (`seconds_into_day` from local midnight). Times in the skipped spring hour are read as daylight time.
fn local_to_utc_millis(date: NaiveDate, seconds_into_day: i64) -> i64 {
    let local = date.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp() + seconds_into_day;
    // Try standard time first; if the instant it gives is in daylight time, use daylight time.
    let as_standard = local - STANDARD_OFFSET;
    if utc_offset_seconds(as_standard * 1000) == DAYLIGHT_OFFSET {
        (local - DAYLIGHT_OFFSET) * 1000
    } else {
        as_standard * 1000
    }
}

/// The instant a deadline ends: the last millisecond of 23:59:59 Illinois time on `date`, as UTC
/// milliseconds (an act at 23:59:59.5 is still on time).
pub fn end_of_day_utc_millis(date: NaiveDate) -> i64 {
    local_to_utc_millis(date, 24 * 3600 - 1) + 999
}

/// 00:00:00 Illinois time on `date`, as UTC milliseconds (when a window opens).
pub fn start_of_day_utc_millis(date: NaiveDate) -> i64 {
    local_to_utc_millis(date, 0)
}

/// Whole calendar days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// The next calendar day.
pub fn next_day(date: NaiveDate) -> NaiveDate {
    date + Duration::days(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Offset, TimeZone};
    use chrono_tz::America::Chicago;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    // chrono-tz's tables stop before 2100 (it shows no daylight saving in 2100); the system tz
    // database (Python's zoneinfo on Debian 12) does, and agrees with the rule: see `year_2100`.
    #[test]
    fn instants_in_words() {
        assert_eq!(
            instant_in_words("2026-12-14T21:05:00Z"),
            "Monday, December 14, 2026, at 3:05 p.m. Central time"
        );
        assert_eq!(
            instant_in_words("2026-07-01T05:00:00.000Z"),
            "Wednesday, July 1, 2026, at 12:00 a.m. Central time"
        );
        assert_eq!(instant_in_words("yesterday"), "yesterday");
    }

    #[test]
    fn offsets_match_the_tz_database_1990_to_2099() {
        // Every six hours across 110 years, plus the hour either side of every change.
        let start = d(1990, 1, 1)
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp();
        let end = d(2100, 1, 1)
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp();
        let mut t = start;
        while t < end {
            let want = Chicago.offset_from_utc_datetime(
                &chrono::DateTime::from_timestamp(t, 0).unwrap().naive_utc(),
            );
            assert_eq!(
                utc_offset_seconds(t * 1000),
                i64::from(want.fix().local_minus_utc()),
                "at {t}"
            );
            t += 6 * 3600;
        }
        for year in 1990..=2099 {
            let (a, b) = daylight_span_utc(year);
            for edge in [a, b] {
                for delta in [-3600, -1, 0, 1, 3600] {
                    let t = edge + delta;
                    let want = Chicago
                        .offset_from_utc_datetime(
                            &chrono::DateTime::from_timestamp(t, 0).unwrap().naive_utc(),
                        )
                        .fix()
                        .local_minus_utc();
                    assert_eq!(
                        utc_offset_seconds(t * 1000),
                        i64::from(want),
                        "year {year} at {t}"
                    );
                }
            }
        }
    }

    #[test]
    fn end_of_day_matches_the_tz_database() {
        let mut date = d(1990, 1, 1);
        while date <= d(2099, 12, 31) {
            let want = Chicago
                .from_local_datetime(&date.and_hms_opt(23, 59, 59).unwrap())
                .single()
                .unwrap()
                .timestamp_millis()
                + 999;
            assert_eq!(end_of_day_utc_millis(date), want, "{date}");
            date += Duration::days(1);
        }
    }

    #[test]
    fn year_2100() {
        // Values from the system tz database (zoneinfo America/Chicago): daylight saving 2100 runs
        // from Sunday, March 14 to Sunday, November 7.
        let end = |y, m, day| end_of_day_utc_millis(d(y, m, day)) / 1000;
        assert_eq!(end(2100, 3, 13), 4108687199);
        assert_eq!(end(2100, 3, 14), 4108769999);
        assert_eq!(end(2100, 11, 6), 4129246799);
        assert_eq!(end(2100, 11, 7), 4129336799);
    }

    #[test]
    fn daylight_saving_days() {
        // 2026: starts Sunday, March 8, ends Sunday, November 1.
        assert_eq!(
            end_of_day_utc_millis(d(2026, 3, 8)) / 1000,
            d(2026, 3, 9)
                .and_hms_opt(4, 59, 59)
                .unwrap()
                .and_utc()
                .timestamp()
        );
        assert_eq!(
            end_of_day_utc_millis(d(2026, 3, 7)) / 1000,
            d(2026, 3, 8)
                .and_hms_opt(5, 59, 59)
                .unwrap()
                .and_utc()
                .timestamp()
        );
        assert_eq!(
            end_of_day_utc_millis(d(2026, 11, 1)) / 1000,
            d(2026, 11, 2)
                .and_hms_opt(5, 59, 59)
                .unwrap()
                .and_utc()
                .timestamp()
        );
        // The day daylight saving starts has 23 hours; the day it ends has 25.
        let len = |x: NaiveDate| start_of_day_utc_millis(next_day(x)) - start_of_day_utc_millis(x);
        assert_eq!(len(d(2026, 3, 8)), 23 * 3600 * 1000);
        assert_eq!(len(d(2026, 11, 1)), 25 * 3600 * 1000);
        assert_eq!(len(d(2026, 6, 1)), 24 * 3600 * 1000);
    }

    #[test]
    fn illinois_today_differs_from_utc_near_midnight() {
        // 03:00 UTC on 15 Sep 2026 is 22:00 on 14 Sep in Chicago (CDT).
        let t = d(2026, 9, 15)
            .and_hms_opt(3, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis();
        assert_eq!(today(t), d(2026, 9, 14));
        // 06:00 UTC on 15 Jan 2026 is 00:00 on 15 Jan (CST).
        let t = d(2026, 1, 15)
            .and_hms_opt(6, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis();
        assert_eq!(today(t), d(2026, 1, 15));
        assert_eq!(today(t - 1), d(2026, 1, 14));
    }
}
