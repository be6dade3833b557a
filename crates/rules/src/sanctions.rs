//! The quarterly reporting periods of fines and the dates of a Portal Sanction Payment Notice
//! (the MCO policy on portal requirements; readings in `docs/reporting.md`).
//!
//! The notice due date is [`crate::timeline::sanction_notice_due_on`] (written once there); this
//! module adds the quarter itself, its label (`2026-Q3`), when it has ended, and the reminder date.

use chrono::{Datelike, Duration, NaiveDate};

use crate::calendar::Calendar;
use crate::timeline::sanction_notice_due_on;

/// One quarterly reporting period: January to March is quarter 1, ..., October to December 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub number: u32,
}

/// How many days before a notice's due date HFS is reminded of a notice not yet issued.
pub const REMINDER_DAYS_BEFORE: i64 = 7;

/// The payment period HFS administrators start with, in calendar days after the notice is issued.
pub const DEFAULT_PAYMENT_DAYS: u32 = 30;

impl Quarter {
    /// The quarter `date` falls in.
    pub fn of(date: NaiveDate) -> Quarter {
        Quarter {
            year: date.year(),
            number: date.month0() / 3 + 1,
        }
    }

    /// `2026-Q3`, as the wire carries it; `None` for anything else.
    pub fn parse(text: &str) -> Option<Quarter> {
        let (year, number) = text.trim().split_once("-Q")?;
        let year: i32 = year.parse().ok()?;
        let number: u32 = number.parse().ok()?;
        ((1..=4).contains(&number) && (1000..=9999).contains(&year))
            .then_some(Quarter { year, number })
    }

    /// `2026-Q3`.
    pub fn label(self) -> String {
        format!("{}-Q{}", self.year, self.number)
    }

    /// "July, August and September 2026", as the policy names the periods.
    pub fn in_words(self) -> String {
        let months = crate::dates::MONTHS;
        let first = ((self.number - 1) * 3) as usize;
        format!(
            "{}, {} and {} {}",
            months[first],
            months[first + 1],
            months[first + 2],
            self.year
        )
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, (self.number - 1) * 3 + 1, 1).expect("a quarter's start")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day() - Duration::days(1)
    }

    pub fn next(self) -> Quarter {
        if self.number == 4 {
            Quarter {
                year: self.year + 1,
                number: 1,
            }
        } else {
            Quarter {
                year: self.year,
                number: self.number + 1,
            }
        }
    }

    pub fn previous(self) -> Quarter {
        if self.number == 1 {
            Quarter {
                year: self.year - 1,
                number: 4,
            }
        } else {
            Quarter {
                year: self.year,
                number: self.number - 1,
            }
        }
    }

    /// Whether the period is over on `today` (the day after its last day, notices can be drafted).
    pub fn has_ended(self, today: NaiveDate) -> bool {
        today > self.last_day()
    }

    /// The last day HFS may issue the quarter's notices: the last day of the month after the
    /// quarter (April 30, July 31, October 31, January 31).
    pub fn notice_due_on(self) -> NaiveDate {
        sanction_notice_due_on(self.last_day())
    }

    /// The day HFS is reminded of a notice still not issued: a week before it is due.
    pub fn reminder_on(self) -> NaiveDate {
        self.notice_due_on() - Duration::days(REMINDER_DAYS_BEFORE)
    }
}

/// The payment due date of a notice issued on `issued_on` with a payment period of `days`
/// calendar days, moved to the next business day when it falls on a weekend or State holiday
/// (as the portal's other calendar-day periods are).
pub fn payment_due_on(calendar: &Calendar, issued_on: NaiveDate, days: u32) -> NaiveDate {
    calendar.add_calendar_days_moved(issued_on, days)
}

/// The longest reason for waiving a fine (characters).
pub const WAIVE_REASON_MAX_CHARS: usize = 1000;

/// The reason HFS gives for waiving a fine, trimmed; `Err` says what to do.
pub fn check_waive_reason(reason: &str) -> Result<String, String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err("Enter why the fine is waived".to_owned());
    }
    if reason.chars().count() > WAIVE_REASON_MAX_CHARS {
        return Err(format!(
            "The reason must be {WAIVE_REASON_MAX_CHARS} characters or fewer"
        ));
    }
    Ok(reason.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn march_31_and_april_1_are_in_different_quarters() {
        assert_eq!(Quarter::of(d(2026, 3, 31)).label(), "2026-Q1");
        assert_eq!(Quarter::of(d(2026, 4, 1)).label(), "2026-Q2");
        assert_eq!(Quarter::of(d(2026, 3, 31)).notice_due_on(), d(2026, 4, 30));
        assert_eq!(Quarter::of(d(2026, 4, 1)).notice_due_on(), d(2026, 7, 31));
    }

    #[test]
    fn the_notice_is_due_the_last_day_of_the_month_after_the_quarter() {
        let due: Vec<NaiveDate> = (1..=4)
            .map(|number| Quarter { year: 2026, number }.notice_due_on())
            .collect();
        assert_eq!(
            due,
            [
                d(2026, 4, 30),
                d(2026, 7, 31),
                d(2026, 10, 31),
                d(2027, 1, 31)
            ]
        );
    }

    #[test]
    fn a_december_fine_is_reported_by_january_31() {
        let q = Quarter::of(d(2026, 12, 31));
        assert_eq!(q.label(), "2026-Q4");
        assert_eq!(q.notice_due_on(), d(2027, 1, 31));
        assert_eq!(q.reminder_on(), d(2027, 1, 24));
        assert_eq!(q.next().label(), "2027-Q1");
        assert_eq!(q.next().previous(), q);
    }

    #[test]
    fn the_same_due_date_as_the_fine_engine() {
        let mut day = d(2025, 1, 1);
        while day < d(2027, 1, 1) {
            assert_eq!(
                Quarter::of(day).notice_due_on(),
                sanction_notice_due_on(day)
            );
            day += Duration::days(1);
        }
    }

    #[test]
    fn a_quarter_ends_after_its_last_day() {
        let q1 = Quarter::of(d(2026, 2, 10));
        assert_eq!(q1.first_day(), d(2026, 1, 1));
        assert_eq!(q1.last_day(), d(2026, 3, 31));
        assert!(!q1.has_ended(d(2026, 3, 31)));
        assert!(q1.has_ended(d(2026, 4, 1)));
        assert_eq!(q1.in_words(), "January, February and March 2026");
    }

    #[test]
    fn labels_are_read_back() {
        assert_eq!(
            Quarter::parse("2026-Q3"),
            Some(Quarter {
                year: 2026,
                number: 3
            })
        );
        for bad in ["2026-Q5", "2026-Q0", "2026Q1", "", "26-Q1", "2026-Qx"] {
            assert_eq!(Quarter::parse(bad), None, "{bad}");
        }
    }
}
