//! Checks for what people type into forms, shared by every page (GOV.UK Design System patterns).
//!
//! Dates are entered as three fields (day, month, year). Only the most important error is shown:
//! "Enter X", then "X must include a month", then "X must be a real date"; range rules come after
//! and belong to the caller (for example [`crate::eligibility::check_received_on`]).

use chrono::NaiveDate;

/// What the user typed into the three date fields, kept as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateParts {
    pub day: String,
    pub month: String,
    pub year: String,
}

impl DateParts {
    pub fn new(day: &str, month: &str, year: &str) -> Self {
        DateParts {
            day: day.into(),
            month: month.into(),
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
    Day,
    Month,
    Year,
}

impl DatePart {
    pub const ALL: [DatePart; 3] = [DatePart::Day, DatePart::Month, DatePart::Year];

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
    pub day: bool,
    pub month: bool,
    pub year: bool,
}

impl DateFields {
    pub const ALL: DateFields = DateFields {
        day: true,
        month: true,
        year: true,
    };

    /// The first field in error (where the error summary's link goes).
    pub fn first(self) -> &'static str {
        if self.day {
            "day"
        } else if self.month {
            "month"
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

/// A month as a number 1-12, or a month name or its first three letters ("jan", "Sept", "MARCH").
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

/// Reads the three date fields. `label` is the date's name in the middle of a sentence, such as
/// "the date the MCO received your dispute".
pub fn parse_date_parts(parts: &DateParts, label: &str) -> Result<NaiveDate, DateError> {
    let (day, month, year) = (clean(&parts.day), clean(&parts.month), clean(&parts.year));
    let missing = DateFields {
        day: day.is_empty(),
        month: month.is_empty(),
        year: year.is_empty(),
    };
    if missing == DateFields::ALL {
        return Err(DateError {
            message: format!("Enter {label}"),
            fields: DateFields::ALL,
        });
    }
    let names: Vec<&str> = [
        (missing.day, "day"),
        (missing.month, "month"),
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
    let real_date = |fields| DateError {
        message: format!("{} must be a real date", sentence_start(label)),
        fields,
    };
    let d: Option<u32> = day.parse().ok().filter(|d| (1..=31).contains(d));
    let m = parse_month(&month);
    let y_ok = year.len() == 4 && year.chars().all(|c| c.is_ascii_digit());
    let bad = DateFields {
        day: d.is_none(),
        month: m.is_none(),
        year: !y_ok,
    };
    if bad.day || bad.month {
        return Err(real_date(bad));
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
    let y: i32 = year.parse().expect("four digits");
    NaiveDate::from_ymd_opt(y, m.unwrap(), d.unwrap()).ok_or_else(|| real_date(DateFields::ALL))
}

/// Refuses a date outside the years the portal's calendar answers for (1990 to 2100).
pub fn check_supported_year(date: NaiveDate, label: &str) -> Result<NaiveDate, DateError> {
    use chrono::Datelike;
    if crate::calendar::is_supported_year(date.year()) {
        return Ok(date);
    }
    Err(DateError {
        message: format!(
            "{} must be between 1 January {} and 31 December {}",
            sentence_start(label),
            crate::calendar::FIRST_YEAR,
            crate::calendar::LAST_YEAR
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

    fn err(day: &str, month: &str, year: &str) -> DateError {
        parse_date_parts(&DateParts::new(day, month, year), LABEL).unwrap_err()
    }

    #[test]
    fn reads_numbers_and_month_names() {
        let want = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        for month in ["1", "01", "jan", "Jan", "JANUARY", "January.", " jan "] {
            assert_eq!(
                parse_date_parts(&DateParts::new("5", month, "2026"), LABEL),
                Ok(want),
                "{month}"
            );
        }
        assert_eq!(parse_month("sept"), Some(9));
        assert_eq!(parse_month("ju"), None);
        assert_eq!(parse_month("13"), None);
        assert_eq!(
            parse_date_parts(&DateParts::new(" 05 ", "1", " 2026"), LABEL),
            Ok(want)
        );
    }

    #[test]
    fn the_most_important_error_comes_first() {
        assert_eq!(
            err("", "", "").message,
            "Enter the date the MCO received your dispute"
        );
        assert_eq!(err("", "", "").fields, DateFields::ALL);
        let e = err("5", "", "2026");
        assert_eq!(
            e.message,
            "The date the MCO received your dispute must include a month"
        );
        assert_eq!(
            e.fields,
            DateFields {
                month: true,
                ..Default::default()
            }
        );
        assert_eq!(
            err("", "", "2026").message,
            "The date the MCO received your dispute must include a day and a month"
        );
        assert_eq!(
            err("31", "2", "2026").message,
            "The date the MCO received your dispute must be a real date"
        );
        assert_eq!(
            err("x", "2", "2026").fields,
            DateFields {
                day: true,
                ..Default::default()
            }
        );
        assert_eq!(err("1", "2", "26").message, "Year must include 4 numbers");
        assert_eq!(
            err("29", "feb", "2027").message,
            "The date the MCO received your dispute must be a real date"
        );
        assert_eq!(
            DateFields {
                month: true,
                year: true,
                day: false
            }
            .first(),
            "month"
        );
    }

    #[test]
    fn identifiers_ignore_punctuation() {
        assert_eq!(digits_only(" 123-456 789."), "123456789");
    }
}
