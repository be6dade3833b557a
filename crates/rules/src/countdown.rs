//! What a countdown says, in words first (`docs/pages.md`, "Countdowns"). Every countdown of the
//! portal, on a page or in an email, is written here, one way: "12 days 4 hours left" (or, counted
//! in whole days, "3 days left", "1 business day left"), "Due today by 11:59 p.m. Central time",
//! "3 days overdue".
//!
//! A deadline ends at 23:59:59 Illinois time on its due date; a filing window opens at 00:00 Illinois
//! time on its first day. The browser ticks once a second and asks this module what to say; screen
//! readers are told only when the [`Phase`] changes.

use chrono::NaiveDate;

use crate::calendar::Calendar;
use crate::dates::DEADLINE_TIME;
use crate::illinois;

/// The moments worth announcing: a screen reader hears only a change of phase, never every tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// More than one business day to go.
    Ahead,
    /// The due date is the next business day.
    OneBusinessDayLeft,
    /// Due today, not yet past 23:59:59 Illinois time.
    DueToday,
    /// Past the deadline (or, for an opening, the window is open).
    Past,
}

/// What a countdown counts towards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Something owed by a due date: "3 days overdue" once missed.
    Deadline,
    /// The last day of a window: "Closed 3 days ago" once missed.
    WindowCloses,
    /// The first day of a window: "Opens in ..." then "Open now".
    WindowOpens,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Countdown {
    pub phase: Phase,
    /// The words to show, such as "12 days 4 hours left".
    pub words: String,
    /// Milliseconds to the target instant (negative once past).
    pub remaining_millis: i64,
}

fn plural(n: i64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// "12 days 4 hours", "3 hours 20 minutes", "4 minutes 10 seconds".
pub fn duration_words(millis: i64) -> String {
    let secs = millis.max(0) / 1000;
    let (days, hours, minutes, seconds) =
        (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    if days > 0 {
        format!("{} {}", plural(days, "day"), plural(hours, "hour"))
    } else if hours > 0 {
        format!("{} {}", plural(hours, "hour"), plural(minutes, "minute"))
    } else {
        format!(
            "{} {}",
            plural(minutes, "minute"),
            plural(seconds, "second")
        )
    }
}

/// What a deadline due today says: "Due today by 11:59 p.m. Central time".
pub fn due_today_words() -> String {
    format!("Due today by {DEADLINE_TIME}")
}

/// A deadline missed `days` days ago (at least 1): "1 day overdue", "3 days overdue".
pub fn overdue_words(days: i64) -> String {
    format!("{} overdue", plural(days.max(1), "day"))
}

/// A countdown in whole calendar days, for lists and emails that do not tick: "3 days left", "Due
/// today by 11:59 p.m. Central time", "2 days overdue"; and whether it is overdue.
pub fn days_countdown(today: NaiveDate, due: NaiveDate) -> (String, bool) {
    let left = (due - today).num_days();
    match left {
        0 => (due_today_words(), false),
        n if n < 0 => (overdue_words(-n), true),
        n => (format!("{} left", plural(n, "day")), false),
    }
}

/// A countdown in business days, as the reminders count: "4 business days left", "1 business day
/// left", and on the due date "Due today by 11:59 p.m. Central time".
pub fn business_days_left_words(days: u32) -> String {
    match days {
        0 => due_today_words(),
        n => format!("{} left", plural(i64::from(n), "business day")),
    }
}

/// A short time left, rounded up to the second, in at most two parts: "2 minutes", "1 minute 30
/// seconds", "45 seconds" (the warning before an idle session ends).
pub fn minutes_seconds_words(millis: i64) -> String {
    let secs = (millis.max(0) + 999) / 1000;
    match (secs / 60, secs % 60) {
        (0, s) => plural(s, "second"),
        (m, 0) => plural(m, "minute"),
        (m, s) => format!("{} {}", plural(m, "minute"), plural(s, "second")),
    }
}

/// The countdown to `date` (a due date, or a window's first or last day) at `now_millis` (UTC).
pub fn countdown(calendar: &Calendar, kind: Kind, date: NaiveDate, now_millis: i64) -> Countdown {
    let today = illinois::today(now_millis);
    if kind == Kind::WindowOpens {
        let remaining = illinois::start_of_day_utc_millis(date) - now_millis;
        return if remaining > 0 {
            let phase = if calendar.business_days_between(today, date) <= 1 {
                Phase::OneBusinessDayLeft
            } else {
                Phase::Ahead
            };
            Countdown {
                phase,
                words: format!("Opens in {}", duration_words(remaining)),
                remaining_millis: remaining,
            }
        } else {
            Countdown {
                phase: Phase::Past,
                words: "Open now".into(),
                remaining_millis: remaining,
            }
        };
    }
    let remaining = illinois::end_of_day_utc_millis(date) - now_millis;
    if remaining < 0 {
        let days = (today - date).num_days().max(1);
        let words = match kind {
            Kind::WindowCloses => format!("Closed {} ago", plural(days, "day")),
            _ => overdue_words(days),
        };
        return Countdown {
            phase: Phase::Past,
            words,
            remaining_millis: remaining,
        };
    }
    if today == date {
        let words = format!("{} ({} left)", due_today_words(), duration_words(remaining));
        return Countdown {
            phase: Phase::DueToday,
            words,
            remaining_millis: remaining,
        };
    }
    let phase = if calendar.business_days_between(today, date) <= 1 {
        Phase::OneBusinessDayLeft
    } else {
        Phase::Ahead
    };
    Countdown {
        phase,
        words: format!("{} left", duration_words(remaining)),
        remaining_millis: remaining,
    }
}

/// The sentence a screen reader hears when a countdown enters `phase` (None for `Ahead`).
pub fn announcement(kind: Kind, phase: Phase) -> Option<&'static str> {
    match (kind, phase) {
        (_, Phase::Ahead) => None,
        (Kind::WindowOpens, Phase::Past) => Some("The filing window is now open."),
        (Kind::WindowOpens, _) => Some("The filing window opens within 1 business day."),
        (_, Phase::OneBusinessDayLeft) => Some("1 business day left."),
        (_, Phase::DueToday) => Some("Due today by 11:59 p.m. Central time."),
        (Kind::WindowCloses, Phase::Past) => Some("The filing window has closed."),
        (Kind::Deadline, Phase::Past) => Some("The deadline has passed."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// A UTC instant from Illinois wall-clock time (CDT in these examples, UTC-5).
    fn cdt(date: NaiveDate, h: u32, m: u32) -> i64 {
        date.and_hms_opt(h, m, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis()
            + 5 * 3600 * 1000
    }

    #[test]
    fn words_before_during_and_after() {
        let cal = Calendar::standard();
        let due = d(2026, 10, 30); // a Friday
        let c = countdown(&cal, Kind::Deadline, due, cdt(d(2026, 10, 18), 19, 59));
        assert_eq!(c.words, "12 days 4 hours left");
        assert_eq!(c.phase, Phase::Ahead);
        let c = countdown(&cal, Kind::Deadline, due, cdt(d(2026, 10, 29), 9, 0));
        assert_eq!(c.phase, Phase::OneBusinessDayLeft);
        let c = countdown(&cal, Kind::Deadline, due, cdt(d(2026, 10, 30), 20, 40));
        assert_eq!(
            c.words,
            "Due today by 11:59 p.m. Central time (3 hours 19 minutes left)"
        );
        assert_eq!(c.phase, Phase::DueToday);
        let c = countdown(
            &cal,
            Kind::Deadline,
            due,
            cdt(d(2026, 10, 30), 23, 59) + 59_500,
        );
        assert_eq!(
            c.phase,
            Phase::DueToday,
            "23:59:59.5 is still the due day's last second"
        );
        let c = countdown(&cal, Kind::Deadline, due, cdt(d(2026, 10, 31), 0, 0));
        assert_eq!((c.phase, c.words.as_str()), (Phase::Past, "1 day overdue"));
        // 2 Nov 2026 is after daylight saving ends: Illinois is UTC-6.
        let c = countdown(
            &cal,
            Kind::WindowCloses,
            due,
            d(2026, 11, 2)
                .and_hms_opt(18, 0, 0)
                .unwrap()
                .and_utc()
                .timestamp_millis(),
        );
        assert_eq!(c.words, "Closed 3 days ago");
    }

    #[test]
    fn a_friday_deadline_seen_on_thursday_and_a_monday_one_seen_on_friday() {
        let cal = Calendar::standard();
        // Monday 9 Nov 2026 seen at noon on Friday 6 Nov (CST, UTC-6): one business day to go.
        let c = countdown(
            &cal,
            Kind::Deadline,
            d(2026, 11, 9),
            cdt(d(2026, 11, 6), 12, 0) + 3600 * 1000,
        );
        assert_eq!(c.phase, Phase::OneBusinessDayLeft);
        assert_eq!(c.words, "3 days 11 hours left");
        // Friday 30 Oct seen on Wednesday 28 Oct: two business days (Thursday, Friday).
        let c = countdown(
            &cal,
            Kind::Deadline,
            d(2026, 10, 30),
            cdt(d(2026, 10, 28), 12, 0),
        );
        assert_eq!(c.phase, Phase::Ahead);
    }

    #[test]
    fn opening_counts_to_midnight() {
        let cal = Calendar::standard();
        let c = countdown(
            &cal,
            Kind::WindowOpens,
            d(2026, 10, 15),
            cdt(d(2026, 10, 14), 23, 30),
        );
        assert_eq!(c.words, "Opens in 30 minutes 0 seconds");
        let c = countdown(
            &cal,
            Kind::WindowOpens,
            d(2026, 10, 15),
            cdt(d(2026, 10, 15), 0, 0),
        );
        assert_eq!((c.phase, c.words.as_str()), (Phase::Past, "Open now"));
    }

    #[test]
    fn whole_days_and_business_days_are_said_the_same_way() {
        let due = d(2026, 10, 30);
        assert_eq!(
            days_countdown(d(2026, 10, 27), due),
            ("3 days left".to_owned(), false)
        );
        assert_eq!(
            days_countdown(d(2026, 10, 29), due),
            ("1 day left".to_owned(), false)
        );
        assert_eq!(
            days_countdown(due, due),
            ("Due today by 11:59 p.m. Central time".to_owned(), false)
        );
        assert_eq!(
            days_countdown(d(2026, 11, 2), due),
            ("3 days overdue".to_owned(), true)
        );
        assert_eq!(overdue_words(0), "1 day overdue");
        assert_eq!(business_days_left_words(2), "2 business days left");
        assert_eq!(business_days_left_words(1), "1 business day left");
        assert_eq!(
            business_days_left_words(0),
            "Due today by 11:59 p.m. Central time"
        );
        // The live countdown says an overdue deadline in the same words.
        let cal = Calendar::standard();
        let live = countdown(&cal, Kind::Deadline, due, cdt(d(2026, 11, 2), 12, 0));
        assert_eq!(live.words, days_countdown(d(2026, 11, 2), due).0);
    }

    #[test]
    fn durations_in_words() {
        assert_eq!(minutes_seconds_words(120_000), "2 minutes");
        assert_eq!(minutes_seconds_words(90_000), "1 minute 30 seconds");
        assert_eq!(minutes_seconds_words(1), "1 second");
        assert_eq!(duration_words(86_400_000 + 3_600_000), "1 day 1 hour");
        assert_eq!(duration_words(61_000), "1 minute 1 second");
        assert_eq!(duration_words(-5), "0 minutes 0 seconds");
        assert!(announcement(Kind::Deadline, Phase::Ahead).is_none());
        assert_eq!(
            announcement(Kind::Deadline, Phase::Past),
            Some("The deadline has passed.")
        );
    }
}
