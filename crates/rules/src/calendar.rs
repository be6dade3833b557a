//! Illinois State holidays and business days.
//!
//! Source: 80 Ill. Adm. Code 303.190 and the State's published holiday lists; summarised in
//! `docs/rules.md` ("Illinois State holidays"). A fixed-date holiday that falls on a
//! Saturday is observed the Friday before, on a Sunday the Monday after; the observed date is the day
//! offices close and the one deadlines skip. HFS can add a closure (a Governor's proclamation) or
//! remove one, as data ([`CalendarChange`]).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// First and last years the portal's calendar answers for (the API refuses others).
pub const FIRST_YEAR: i32 = 1990;
pub const LAST_YEAR: i32 = 2100;

/// Whether the portal's calendar answers for `year` (the API refuses other years, forms too).
pub fn is_supported_year(year: i32) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&year)
}

/// A day Illinois State offices are closed, by its observed date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: String,
}

/// A change HFS makes to the standard calendar, without a new release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CalendarChange {
    /// An extra closure day, such as a Governor's proclamation.
    Add { date: NaiveDate, name: String },
    /// A standard holiday on which offices are open after all.
    Remove { date: NaiveDate },
}

/// The State calendar: standard holidays plus HFS's changes.
///
/// Business-day arithmetic is on the hot path (every clock of every ticket), so the closed days of
/// the supported years are held in a bit set indexed by day number; dates outside it are computed.
#[derive(Debug, Clone)]
pub struct Calendar {
    additions: BTreeMap<NaiveDate, String>,
    removals: BTreeSet<NaiveDate>,
    /// Bit per day from `origin()`: 1 when the day is a holiday (observed), after changes.
    closed: Vec<u64>,
}

impl Default for Calendar {
    fn default() -> Self {
        Self::standard()
    }
}

fn origin() -> NaiveDate {
    NaiveDate::from_ymd_opt(FIRST_YEAR - 1, 1, 1).expect("valid origin")
}

fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u8) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n).expect("nth weekday exists")
}

fn last_weekday(year: i32, month: u32, weekday: Weekday) -> NaiveDate {
    // The 5th occurrence when it exists, else the 4th.
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, 5)
        .unwrap_or_else(|| nth_weekday(year, month, weekday, 4))
}

/// Saturday -> the Friday before; Sunday -> the Monday after (80 Ill. Adm. Code 303.190).
fn observed(date: NaiveDate) -> NaiveDate {
    match date.weekday() {
        Weekday::Sat => date - Duration::days(1),
        Weekday::Sun => date + Duration::days(1),
        _ => date,
    }
}

/// The standard holidays *of* a given year (by the year of the holiday itself), with observed dates.
/// New Year's Day of `year` may be observed on December 31 of `year - 1`.
fn standard_holidays_of(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let fixed = |m: u32, d: u32| observed(NaiveDate::from_ymd_opt(year, m, d).expect("fixed date"));
    let mut days = vec![
        (fixed(1, 1), "New Year's Day"),
        (
            nth_weekday(year, 1, Weekday::Mon, 3),
            "Martin Luther King Jr. Day",
        ),
        (fixed(2, 12), "Lincoln's Birthday"),
        (nth_weekday(year, 2, Weekday::Mon, 3), "Presidents Day"),
        (last_weekday(year, 5, Weekday::Mon), "Memorial Day"),
    ];
    if year >= 2022 {
        days.push((fixed(6, 19), "Juneteenth"));
    }
    days.push((fixed(7, 4), "Independence Day"));
    days.push((nth_weekday(year, 9, Weekday::Mon, 1), "Labor Day"));
    days.push((nth_weekday(year, 10, Weekday::Mon, 2), "Columbus Day"));
    if year % 2 == 0 {
        // The Tuesday after the first Monday of November.
        let first_monday = nth_weekday(year, 11, Weekday::Mon, 1);
        days.push((first_monday + Duration::days(1), "General Election Day"));
    }
    days.push((fixed(11, 11), "Veterans Day"));
    let thanksgiving = nth_weekday(year, 11, Weekday::Thu, 4);
    days.push((thanksgiving, "Thanksgiving Day"));
    days.push((thanksgiving + Duration::days(1), "Day after Thanksgiving"));
    days.push((fixed(12, 25), "Christmas Day"));
    days
}

/// Standard holidays whose observed date falls in `year`, in date order.
fn standard_observed_in(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let mut days: Vec<_> = standard_holidays_of(year)
        .into_iter()
        .chain(standard_holidays_of(year + 1))
        .filter(|(d, _)| d.year() == year)
        .collect();
    days.sort_by_key(|(d, _)| *d);
    days
}

impl Calendar {
    /// The standard calendar, with no HFS changes.
    pub fn standard() -> Self {
        Self::with_changes(&[])
    }

    /// The standard calendar with HFS's additions and removals applied (later changes win).
    pub fn with_changes(changes: &[CalendarChange]) -> Self {
        let mut additions = BTreeMap::new();
        let mut removals = BTreeSet::new();
        for change in changes {
            match change {
                CalendarChange::Add { date, name } => {
                    removals.remove(date);
                    additions.insert(*date, name.clone());
                }
                CalendarChange::Remove { date } => {
                    additions.remove(date);
                    removals.insert(*date);
                }
            }
        }
        let mut calendar = Calendar {
            additions,
            removals,
            closed: Vec::new(),
        };
        let days = (NaiveDate::from_ymd_opt(LAST_YEAR + 2, 1, 1).unwrap() - origin()).num_days();
        let mut closed = vec![0u64; (days as usize).div_ceil(64)];
        for year in FIRST_YEAR - 1..=LAST_YEAR + 1 {
            for holiday in calendar.holidays_in(year) {
                let i = (holiday.date - origin()).num_days() as usize;
                closed[i / 64] |= 1 << (i % 64);
            }
        }
        calendar.closed = closed;
        calendar
    }

    /// HFS's changes, as given (for handing to the browser).
    pub fn changes(&self) -> Vec<CalendarChange> {
        let adds = self
            .additions
            .iter()
            .map(|(date, name)| CalendarChange::Add {
                date: *date,
                name: name.clone(),
            });
        let removes = self
            .removals
            .iter()
            .map(|date| CalendarChange::Remove { date: *date });
        adds.chain(removes).collect()
    }

    /// The days State offices are closed whose observed date falls in `year`, in date order,
    /// HFS's changes included.
    pub fn holidays_in(&self, year: i32) -> Vec<Holiday> {
        let mut days: Vec<Holiday> = standard_observed_in(year)
            .into_iter()
            .filter(|(d, _)| !self.removals.contains(d))
            .filter(|(d, _)| !self.additions.contains_key(d))
            .map(|(date, name)| Holiday {
                date,
                name: name.to_string(),
            })
            .collect();
        days.extend(
            self.additions
                .iter()
                .filter(|(d, _)| d.year() == year)
                .map(|(date, name)| Holiday {
                    date: *date,
                    name: name.clone(),
                }),
        );
        days.sort_by_key(|h| h.date);
        days
    }

    /// Whether State offices are closed for a holiday on `date` (weekends aside).
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        let i = (date - origin()).num_days();
        if i >= 0 && (i as usize) < self.closed.len() * 64 {
            let i = i as usize;
            return self.closed[i / 64] & (1 << (i % 64)) != 0;
        }
        self.holidays_in(date.year()).iter().any(|h| h.date == date)
    }

    /// The holiday's name when `date` is one.
    pub fn holiday_name(&self, date: NaiveDate) -> Option<String> {
        if !self.is_holiday(date) {
            return None;
        }
        self.holidays_in(date.year())
            .into_iter()
            .find(|h| h.date == date)
            .map(|h| h.name)
    }

    /// Monday to Friday, not a State holiday.
    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.is_holiday(date)
    }

    /// `date` when it is a business day, else the next one.
    pub fn next_business_day_on_or_after(&self, mut date: NaiveDate) -> NaiveDate {
        while !self.is_business_day(date) {
            date = date.succ_opt().expect("date in range");
        }
        date
    }

    /// `date` when it is a business day, else the one before (the last safe day to act).
    pub fn last_business_day_on_or_before(&self, mut date: NaiveDate) -> NaiveDate {
        while !self.is_business_day(date) {
            date = date.pred_opt().expect("date in range");
        }
        date
    }

    /// "N business days after X": the N-th business day strictly after `from`. `from` never counts,
    /// even when it is a business day; from a weekend day, counting starts at the next business day.
    /// With `n == 0` the answer is `from` itself.
    pub fn add_business_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut date = from;
        let mut left = n;
        while left > 0 {
            date = date.succ_opt().expect("date in range");
            if self.is_business_day(date) {
                left -= 1;
            }
        }
        date
    }

    /// "N calendar days after X", moved: `from + n` days, moved forward to the next business day
    /// when it is a Saturday, Sunday or State holiday (the MCO policy for the
    /// MCO response; 5 ILCS 70/1.11 for the others).
    pub fn add_calendar_days_moved(&self, from: NaiveDate, n: u32) -> NaiveDate {
        self.next_business_day_on_or_after(add_calendar_days(from, n))
    }

    /// Business days strictly after `from` up to and including `to` (0 when `to <= from`).
    pub fn business_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let mut count = 0;
        let mut date = from;
        while date < to {
            date = date.succ_opt().expect("date in range");
            if self.is_business_day(date) {
                count += 1;
            }
        }
        count
    }
}

/// "N calendar days after X", not moved.
pub fn add_calendar_days(from: NaiveDate, n: u32) -> NaiveDate {
    from + Duration::days(i64::from(n))
}

/// HFS's changes in the small line format the server embeds in the app's page, one per line:
/// `2026-12-24 add Governor's proclamation` or `2026-10-12 remove`. Parsing is done by hand so the
/// browser needs no JSON parser for it.
pub fn changes_to_lines(changes: &[CalendarChange]) -> String {
    changes
        .iter()
        .map(|c| match c {
            CalendarChange::Add { date, name } => format!(
                "{date} add {}",
                name.replace(['\n', '\r', '<', '>', '&'], " ")
            ),
            CalendarChange::Remove { date } => format!("{date} remove"),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads [`changes_to_lines`]' format; lines that do not parse are skipped.
pub fn changes_from_lines(text: &str) -> Vec<CalendarChange> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim();
            let date = crate::dates::parse_iso_date(line.get(0..10)?)?;
            let rest = line.get(10..)?.trim_start();
            if rest == "remove" {
                Some(CalendarChange::Remove { date })
            } else {
                let name = rest.strip_prefix("add")?.trim();
                let name = if name.is_empty() {
                    "State offices closed"
                } else {
                    name
                };
                Some(CalendarChange::Add {
                    date,
                    name: name.to_string(),
                })
            }
        })
        .collect()
}

/// Longest name of a closure day HFS adds (characters).
pub const CLOSURE_NAME_MAX_CHARS: usize = 100;

/// The name of a closure day HFS adds to the calendar, trimmed; or what is wrong with it (empty,
/// too long, or with control characters). The admin page checks it before sending, the server
/// and its command line again.
pub fn check_closure_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Give the closure a name, such as \"Governor's proclamation\"".to_owned());
    }
    if name.chars().count() > CLOSURE_NAME_MAX_CHARS {
        return Err(format!(
            "The name is too long: {CLOSURE_NAME_MAX_CHARS} characters at most"
        ));
    }
    if name.chars().any(char::is_control) {
        return Err("The name must be one line of text, without control characters".to_owned());
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn dates(cal: &Calendar, year: i32) -> Vec<NaiveDate> {
        cal.holidays_in(year).into_iter().map(|h| h.date).collect()
    }

    #[test]
    fn closure_names() {
        assert_eq!(
            check_closure_name(" Governor's proclamation ").unwrap(),
            "Governor's proclamation"
        );
        for bad in [
            "",
            "   ",
            "two\nlines",
            &"x".repeat(CLOSURE_NAME_MAX_CHARS + 1),
        ] {
            assert!(check_closure_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn holidays_2026_are_the_states_list() {
        let cal = Calendar::standard();
        let got: Vec<(NaiveDate, String)> = cal
            .holidays_in(2026)
            .into_iter()
            .map(|h| (h.date, h.name))
            .collect();
        let want = vec![
            (d(2026, 1, 1), "New Year's Day"),
            (d(2026, 1, 19), "Martin Luther King Jr. Day"),
            (d(2026, 2, 12), "Lincoln's Birthday"),
            (d(2026, 2, 16), "Presidents Day"),
            (d(2026, 5, 25), "Memorial Day"),
            (d(2026, 6, 19), "Juneteenth"),
            (d(2026, 7, 3), "Independence Day"),
            (d(2026, 9, 7), "Labor Day"),
            (d(2026, 10, 12), "Columbus Day"),
            (d(2026, 11, 3), "General Election Day"),
            (d(2026, 11, 11), "Veterans Day"),
            (d(2026, 11, 26), "Thanksgiving Day"),
            (d(2026, 11, 27), "Day after Thanksgiving"),
            (d(2026, 12, 25), "Christmas Day"),
        ];
        let want: Vec<(NaiveDate, String)> =
            want.into_iter().map(|(d, n)| (d, n.to_string())).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn new_years_day_on_saturday_is_observed_the_year_before() {
        // 1 Jan 2022 was a Saturday: offices closed Friday 31 Dec 2021.
        let cal = Calendar::standard();
        assert!(dates(&cal, 2021).contains(&d(2021, 12, 31)));
        assert!(!dates(&cal, 2022).contains(&d(2022, 1, 1)));
        assert_eq!(
            cal.holiday_name(d(2021, 12, 31)).as_deref(),
            Some("New Year's Day")
        );
        // 2021's own Christmas (Saturday 25 Dec) is observed Friday 24 Dec.
        assert!(dates(&cal, 2021).contains(&d(2021, 12, 24)));
    }

    #[test]
    fn sunday_holidays_move_to_monday() {
        let cal = Calendar::standard();
        // Juneteenth 2022 was a Sunday; Christmas 2022 too.
        assert!(cal.is_holiday(d(2022, 6, 20)));
        assert!(cal.is_holiday(d(2022, 12, 26)));
        assert!(!cal.is_holiday(d(2022, 12, 25)));
    }

    #[test]
    fn juneteenth_only_from_2022_and_election_day_only_in_even_years() {
        let cal = Calendar::standard();
        assert!(!cal.is_holiday(d(2021, 6, 18)));
        assert!(!cal.is_holiday(d(2021, 6, 19)));
        assert!(cal.is_holiday(d(2024, 11, 5)));
        assert!(!cal.is_holiday(d(2025, 11, 4)));
        // Election Day is the Tuesday after the first Monday: 2 Nov 2032 is a Tuesday but the first
        // Monday is 1 Nov, so the holiday is 2 Nov; in 2026 the first Monday is 2 Nov -> 3 Nov.
        assert!(cal.is_holiday(d(2032, 11, 2)));
        assert!(cal.is_holiday(d(2026, 11, 3)));
    }

    #[test]
    fn every_year_has_its_holidays_once() {
        let cal = Calendar::standard();
        for year in FIRST_YEAR..=LAST_YEAR {
            let list = dates(&cal, year);
            let mut dedup = list.clone();
            dedup.dedup();
            assert_eq!(list, dedup, "no duplicates in {year}");
            assert!(list.iter().all(|d| d.year() == year));
            // 13 or 14 regular holidays (plus or minus the New Year's shift), election years one more.
            assert!((11..=16).contains(&list.len()), "{year}: {}", list.len());
            assert!(list
                .iter()
                .all(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)));
        }
    }

    #[test]
    fn seed_examples_business_days() {
        let cal = Calendar::standard();
        // Submitted Tuesday 10 Feb 2026 -> present_to_mco due Thursday 26 Feb 2026.
        assert_eq!(cal.add_business_days(d(2026, 2, 10), 10), d(2026, 2, 26));
        // Information requested Wednesday 25 Nov 2026 -> due Friday 4 Dec 2026.
        assert_eq!(cal.add_business_days(d(2026, 11, 25), 5), d(2026, 12, 4));
    }

    #[test]
    fn seed_examples_calendar_days_moved() {
        let cal = Calendar::standard();
        // Presented Friday 20 Feb 2026: day 30 is Sunday 22 Mar -> Monday 23 Mar.
        assert_eq!(
            cal.add_calendar_days_moved(d(2026, 2, 20), 30),
            d(2026, 3, 23)
        );
        // Presented Thursday 4 Jun 2026: day 30 is Saturday 4 Jul (observed Fri 3 Jul) -> Mon 6 Jul.
        assert_eq!(
            cal.add_calendar_days_moved(d(2026, 6, 4), 30),
            d(2026, 7, 6)
        );
        // Not moved when already a business day.
        assert_eq!(
            cal.add_calendar_days_moved(d(2026, 2, 19), 30),
            d(2026, 3, 23)
        );
        assert_eq!(
            cal.add_calendar_days_moved(d(2026, 2, 18), 30),
            d(2026, 3, 20)
        );
    }

    #[test]
    fn counting_from_a_weekend_starts_at_the_next_business_day() {
        let cal = Calendar::standard();
        // Saturday 7 Mar 2026: 1 business day after is Monday 9 Mar; 5 after is Friday 13 Mar.
        assert_eq!(cal.add_business_days(d(2026, 3, 7), 1), d(2026, 3, 9));
        assert_eq!(cal.add_business_days(d(2026, 3, 7), 5), d(2026, 3, 13));
        // From a business day, that day never counts.
        assert_eq!(cal.add_business_days(d(2026, 3, 9), 1), d(2026, 3, 10));
        assert_eq!(cal.add_business_days(d(2026, 3, 9), 0), d(2026, 3, 9));
        // Across New Year's Day 2022 observed on Friday 31 Dec 2021.
        assert_eq!(cal.add_business_days(d(2021, 12, 30), 1), d(2022, 1, 3));
    }

    #[test]
    fn leap_days_count() {
        let cal = Calendar::standard();
        assert_eq!(add_calendar_days(d(2028, 2, 1), 30), d(2028, 3, 2));
        assert!(cal.is_business_day(d(2028, 2, 29)));
        assert_eq!(cal.add_business_days(d(2028, 2, 28), 1), d(2028, 2, 29));
        // Day 30 after 30 Jan 2024 is Thursday 29 Feb 2024.
        assert_eq!(
            cal.add_calendar_days_moved(d(2024, 1, 30), 30),
            d(2024, 2, 29)
        );
    }

    #[test]
    fn hfs_changes_add_and_remove_closures() {
        let cal = Calendar::with_changes(&[
            CalendarChange::Add {
                date: d(2026, 12, 24),
                name: "Governor's proclamation".into(),
            },
            CalendarChange::Remove {
                date: d(2026, 10, 12),
            },
        ]);
        let list = cal.holidays_in(2026);
        assert!(list
            .iter()
            .any(|h| h.date == d(2026, 12, 24) && h.name == "Governor's proclamation"));
        assert!(!list.iter().any(|h| h.date == d(2026, 10, 12)));
        assert!(!cal.is_business_day(d(2026, 12, 24)));
        assert!(cal.is_business_day(d(2026, 10, 12)));
        assert_eq!(list.len(), 14);
        assert_eq!(cal.changes().len(), 2);
        // A later change wins over an earlier one for the same day.
        let cal = Calendar::with_changes(&[
            CalendarChange::Add {
                date: d(2026, 12, 24),
                name: "x".into(),
            },
            CalendarChange::Remove {
                date: d(2026, 12, 24),
            },
        ]);
        assert!(cal.is_business_day(d(2026, 12, 24)));
    }

    #[test]
    fn changes_round_trip_through_lines() {
        let changes = vec![
            CalendarChange::Add {
                date: d(2026, 12, 24),
                name: "Governor's proclamation".into(),
            },
            CalendarChange::Remove {
                date: d(2026, 10, 12),
            },
        ];
        let text = changes_to_lines(&changes);
        assert_eq!(
            text,
            "2026-12-24 add Governor's proclamation\n2026-10-12 remove"
        );
        assert_eq!(changes_from_lines(&text), changes);
        assert_eq!(
            changes_from_lines("  \nnonsense\n2026-13-01 remove\n2026-12-31 add\n"),
            vec![CalendarChange::Add {
                date: d(2026, 12, 31),
                name: "State offices closed".into()
            }]
        );
        // Markup cannot break out of the page's data block.
        let sneaky = vec![CalendarChange::Add {
            date: d(2026, 12, 24),
            name: "</script><b>".into(),
        }];
        assert!(!changes_to_lines(&sneaky).contains('<'));
    }

    #[test]
    fn dates_outside_the_table_are_still_computed() {
        let cal = Calendar::standard();
        assert!(cal.is_holiday(d(2150, 12, 25)));
        assert!(cal.is_holiday(d(1980, 7, 4)));
        assert!(!cal.is_holiday(d(2150, 12, 23)));
    }

    #[test]
    fn business_days_between_counts_strictly_after() {
        let cal = Calendar::standard();
        assert_eq!(
            cal.business_days_between(d(2026, 2, 10), d(2026, 2, 26)),
            10
        );
        assert_eq!(cal.business_days_between(d(2026, 2, 26), d(2026, 2, 26)), 0);
    }
}
