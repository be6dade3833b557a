//! Checks for what people type into forms, shared by every page (GOV.UK Design System patterns).
//!
//! Dates are entered as three fields in the American order (USWDS memorable date): month, day, year.
//! The month takes a number or a name ("3", "03", "mar", "March"); "03 / 04 / 2026" is March 4,
//! never April 3. Only the most important error is shown: "Enter X", then "X must include a month",
//! then "X must be a real date" (saying which field is wrong when one is); range rules come after
//! and belong to the caller (for example [`crate::eligibility::check_received_on`]).

use chrono::NaiveDate;

/// The hint under a date's three fields (USWDS): month, day, year.
pub const DATE_HINT: &str = "For example: 4 28 2026";

/// What the user typed into the three date fields, kept as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateParts {
    pub month: String,
    pub day: String,
    pub year: String,
}

impl DateParts {
    /// The three texts in the order of the fields: month, day, year.
    pub fn new(month: &str, day: &str, year: &str) -> Self {
        DateParts {
            month: month.into(),
            day: day.into(),
            year: year.into(),
        }
    }

    /// The fields for a known date (to fill the form back in).
    pub fn from_date(date: NaiveDate) -> Self {
        use chrono::Datelike;
        DateParts {
            day: date.day().to_string(),
            month: date.month().to_string(),
            year: date.year().to_string(),
        }
    }
}

/// One of the three date fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePart {
    Month,
    Day,
    Year,
}

impl DatePart {
    /// The fields in the order they are shown: Month, Day, Year.
    pub const ALL: [DatePart; 3] = [DatePart::Month, DatePart::Day, DatePart::Year];

    /// Its label, and the suffix of its input's id (`{id}-day`).
    pub fn label(self) -> &'static str {
        match self {
            DatePart::Day => "Day",
            DatePart::Month => "Month",
            DatePart::Year => "Year",
        }
    }

    pub fn id_suffix(self) -> &'static str {
        match self {
            DatePart::Day => "day",
            DatePart::Month => "month",
            DatePart::Year => "year",
        }
    }

    /// What was typed in this field.
    pub fn text(self, parts: &DateParts) -> &str {
        match self {
            DatePart::Day => &parts.day,
            DatePart::Month => &parts.month,
            DatePart::Year => &parts.year,
        }
    }

    pub fn set(self, parts: &mut DateParts, text: String) {
        match self {
            DatePart::Day => parts.day = text,
            DatePart::Month => parts.month = text,
            DatePart::Year => parts.year = text,
        }
    }

    /// Whether an error concerns this field.
    pub fn is_in(self, fields: DateFields) -> bool {
        match self {
            DatePart::Day => fields.day,
            DatePart::Month => fields.month,
            DatePart::Year => fields.year,
        }
    }
}

/// Which of the three fields a date error concerns (they get the red border).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateFields {
    pub month: bool,
    pub day: bool,
    pub year: bool,
}

impl DateFields {
    pub const ALL: DateFields = DateFields {
        month: true,
        day: true,
        year: true,
    };

    /// The first field in error, in the order shown (where the error summary's link goes).
    pub fn first(self) -> &'static str {
        if self.month {
            "month"
        } else if self.day {
            "day"
        } else {
            "year"
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    pub message: String,
    pub fields: DateFields,
}

/// `label` with its first letter capitalised, to start a sentence with it.
// ASCII only, on purpose: labels and month names are ASCII, and the Unicode case tables would add
// kilobytes to the browser's first download.
pub fn sentence_start(label: &str) -> String {
    let mut s = label.to_string();
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    s
}

fn clean(s: &str) -> String {
    s.chars().filter(|c| !c.is_ascii_whitespace()).collect()
}

/// A month as a number 1-12, or a month's name or its abbreviation, in any case ("jan", "Sept.",
/// "MARCH").
pub fn parse_month(s: &str) -> Option<u32> {
    let s = clean(s).trim_end_matches('.').to_ascii_lowercase();
    if let Ok(n) = s.parse::<u32>() {
        return (1..=12).contains(&n).then_some(n);
    }
    if s.len() < 3 {
        return None;
    }
    crate::dates::MONTHS
        .iter()
        .position(|name| {
            let name = name.to_ascii_lowercase();
            name == s
                || (name.starts_with(&s) && s.len() <= name.len())
                || (s == "sept" && name == "september")
        })
        .map(|i| i as u32 + 1)
}

/// Reads the three date fields (month, day, year: the American order, so "3", "4", "2026" is
/// March 4, 2026). `label` is the date's name in the middle of a sentence, such as "the date the MCO
/// received your dispute". Written once, for every date field of the app and for the dates the
/// server reads from a spreadsheet (`claims`).
pub fn parse_date_parts(parts: &DateParts, label: &str) -> Result<NaiveDate, DateError> {
    let (day, month, year) = (clean(&parts.day), clean(&parts.month), clean(&parts.year));
    let missing = DateFields {
        month: month.is_empty(),
        day: day.is_empty(),
        year: year.is_empty(),
    };
    if missing == DateFields::ALL {
        return Err(DateError {
            message: format!("Enter {label}"),
            fields: DateFields::ALL,
        });
    }
    let names: Vec<&str> = [
        (missing.month, "month"),
        (missing.day, "day"),
        (missing.year, "year"),
    ]
    .into_iter()
    .filter_map(|(m, n)| m.then_some(n))
    .collect();
    if !names.is_empty() {
        return Err(DateError {
            message: format!(
                "{} must include a {}",
                sentence_start(label),
                names.join(" and a ")
            ),
            fields: missing,
        });
    }
    let real_date = |fields, why: &str| DateError {
        message: format!("{} must be a real date{why}", sentence_start(label)),
        fields,
    };
    let d: Option<u32> = day.parse().ok().filter(|d| (1..=31).contains(d));
    let m = parse_month(&month);
    let y_ok = year.len() == 4 && year.chars().all(|c| c.is_ascii_digit());
    let bad = DateFields {
        month: m.is_none(),
        day: d.is_none(),
        year: !y_ok,
    };
    match (bad.month, bad.day) {
        (true, true) => return Err(real_date(bad, "")),
        (true, false) => {
            return Err(real_date(
                DateFields {
                    month: true,
                    ..Default::default()
                },
                ": the month must be a number from 1 to 12, or its name",
            ))
        }
        (false, true) => {
            return Err(real_date(
                DateFields {
                    day: true,
                    ..Default::default()
                },
                ": the day must be a number from 1 to 31",
            ))
        }
        (false, false) => {}
    }
    if !y_ok {
        return Err(DateError {
            message: "Year must include 4 numbers".into(),
            fields: DateFields {
                year: true,
                ..Default::default()
            },
        });
    }
    let (y, m, d): (i32, u32, u32) = (year.parse().expect("four digits"), m.unwrap(), d.unwrap());
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
        // The day is past the end of its month (February 30, April 31, February 29 in 2027).
        let last = (28..=31)
            .rev()
            .find(|n| NaiveDate::from_ymd_opt(y, m, *n).is_some())
            .unwrap_or(28);
        real_date(
            DateFields {
                day: true,
                ..Default::default()
            },
            &format!(": {} has {last} days", crate::dates::month_year(y, m)),
        )
    })
}

/// Refuses a date outside the years the portal's calendar answers for (1990 to 2100).
pub fn check_supported_year(date: NaiveDate, label: &str) -> Result<NaiveDate, DateError> {
    use chrono::Datelike;
    if crate::calendar::is_supported_year(date.year()) {
        return Ok(date);
    }
    Err(DateError {
        message: format!(
            "{} must be between {} and {}",
            sentence_start(label),
            crate::dates::short_date(
                NaiveDate::from_ymd_opt(crate::calendar::FIRST_YEAR, 1, 1).expect("a date")
            ),
            crate::dates::short_date(
                NaiveDate::from_ymd_opt(crate::calendar::LAST_YEAR, 12, 31).expect("a date")
            ),
        ),
        fields: DateFields {
            year: true,
            ..Default::default()
        },
    })
}

/// Keeps the digits of an identifier typed with stray spaces, dashes or punctuation ("123-456 789").
pub fn digits_only(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_digit()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LABEL: &str = "the date the MCO received your dispute";

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn read(month: &str, day: &str, year: &str) -> Result<NaiveDate, DateError> {
        parse_date_parts(&DateParts::new(month, day, year), LABEL)
    }

    fn err(month: &str, day: &str, year: &str) -> DateError {
        read(month, day, year).unwrap_err()
    }

    fn only(part: DatePart) -> DateFields {
        let mut fields = DateFields::default();
        match part {
            DatePart::Month => fields.month = true,
            DatePart::Day => fields.day = true,
            DatePart::Year => fields.year = true,
        }
        fields
    }

    #[test]
    fn the_fields_are_month_day_year() {
        assert_eq!(DatePart::ALL.map(DatePart::label), ["Month", "Day", "Year"]);
        assert_eq!(
            DatePart::ALL.map(DatePart::id_suffix),
            ["month", "day", "year"]
        );
        assert_eq!(DATE_HINT, "For example: 4 28 2026");
        // The hint's own example reads as the date it means.
        assert_eq!(read("4", "28", "2026"), Ok(date(2026, 4, 28)));
        let parts = DateParts::from_date(date(2026, 4, 28));
        assert_eq!(parts, DateParts::new("4", "28", "2026"));
        assert_eq!(DateFields::ALL.first(), "month");
        assert_eq!(
            DateFields {
                day: true,
                year: true,
                ..Default::default()
            }
            .first(),
            "day"
        );
    }

    #[test]
    fn a_date_is_never_swapped() {
        // 03/04/2026 is March 4, and 04/03/2026 is April 3: never the other way round.
        assert_eq!(read("03", "04", "2026"), Ok(date(2026, 3, 4)));
        assert_eq!(read("04", "03", "2026"), Ok(date(2026, 4, 3)));
        // 10 / 19 / 2026 is a real date (October 19), not "month 19".
        assert_eq!(read("10", "19", "2026"), Ok(date(2026, 10, 19)));
        // A day in the month field is refused, not read the British way round.
        let e = err("19", "10", "2026");
        assert_eq!(
            e.message,
            "The date the MCO received your dispute must be a real date: the month must be a \
             number from 1 to 12, or its name"
        );
        assert_eq!(e.fields, only(DatePart::Month));
    }

    #[test]
    fn month_names_and_numbers() {
        let want = date(2026, 1, 5);
        for month in [
            "1", "01", "jan", "Jan", "JAN", "jan.", "january", "January", "JANUARY", " jan ",
        ] {
            assert_eq!(read(month, "5", "2026"), Ok(want), "{month:?}");
        }
        for (text, n) in [
            ("feb", 2),
            ("mar", 3),
            ("apr", 4),
            ("may", 5),
            ("jun", 6),
            ("jul", 7),
            ("aug", 8),
            ("sep", 9),
            ("sept", 9),
            ("Sept.", 9),
            ("oct", 10),
            ("nov", 11),
            ("dec", 12),
            ("December", 12),
            ("12", 12),
        ] {
            assert_eq!(parse_month(text), Some(n), "{text:?}");
        }
        for bad in ["ju", "13", "0", "", "octember", "m", "1.5"] {
            assert_eq!(parse_month(bad), None, "{bad:?}");
        }
        assert_eq!(read(" 1 ", " 05 ", " 2026"), Ok(want));
    }

    #[test]
    fn dates_that_are_not_real_say_which_field() {
        let e = err("2", "30", "2026");
        assert_eq!(
            e.message,
            "The date the MCO received your dispute must be a real date: February 2026 has 28 days"
        );
        assert_eq!(e.fields, only(DatePart::Day));
        assert_eq!(
            err("feb", "29", "2027").message,
            "The date the MCO received your dispute must be a real date: February 2027 has 28 days"
        );
        assert_eq!(read("feb", "29", "2028"), Ok(date(2028, 2, 29)));
        assert_eq!(
            err("4", "31", "2026").message,
            "The date the MCO received your dispute must be a real date: April 2026 has 30 days"
        );
        let e = err("2", "x", "2026");
        assert_eq!(
            e.message,
            "The date the MCO received your dispute must be a real date: the day must be a number \
             from 1 to 31"
        );
        assert_eq!(e.fields, only(DatePart::Day));
        assert_eq!(err("2", "32", "2026").fields, only(DatePart::Day));
        let e = err("13", "40", "2026");
        assert_eq!(
            e.message,
            "The date the MCO received your dispute must be a real date"
        );
        assert_eq!(
            e.fields,
            DateFields {
                month: true,
                day: true,
                year: false
            }
        );
        let e = err("1", "2", "26");
        assert_eq!(e.message, "Year must include 4 numbers");
        assert_eq!(e.fields, only(DatePart::Year));
    }

    #[test]
    fn the_most_important_error_comes_first() {
        assert_eq!(
            err("", "", "").message,
            "Enter the date the MCO received your dispute"
        );
        assert_eq!(err("", "", "").fields, DateFields::ALL);
        let e = err("", "5", "2026");
        assert_eq!(
            e.message,
            "The date the MCO received your dispute must include a month"
        );
        assert_eq!(e.fields, only(DatePart::Month));
        assert_eq!(
            err("", "", "2026").message,
            "The date the MCO received your dispute must include a month and a day"
        );
        assert_eq!(
            err("2", "", "").message,
            "The date the MCO received your dispute must include a day and a year"
        );
    }

    #[test]
    fn years_outside_the_calendar() {
        assert_eq!(
            check_supported_year(date(1989, 12, 31), LABEL)
                .unwrap_err()
                .message,
            "The date the MCO received your dispute must be between January 1, 1990 and \
             December 31, 2100"
        );
        assert!(check_supported_year(date(2026, 3, 4), LABEL).is_ok());
    }

    #[test]
    fn identifiers_ignore_punctuation() {
        assert_eq!(digits_only(" 123-456 789."), "123456789");
    }
}
