//! Reading requests strictly, shared by the endpoints: JSON bodies read as bytes (so every problem
//! is reported at once under its field name, where axum's `Json` extractor would stop at the first
//! one and answer in plain text), dates, and query strings.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use chrono::{Datelike, NaiveDate};
use rules::calendar::{FIRST_YEAR, LAST_YEAR};
use serde_json::{Map, Value};

use crate::error::{ApiError, FieldErrors};

pub(crate) const SEND_AN_OBJECT: &str = "Send a JSON object";

/// The body's bytes; a body too large is a 413, one that cannot be read a 422 under `body`.
pub(crate) fn body_bytes(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    match body {
        Ok(body) => Ok(body),
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            Err(ApiError::PayloadTooLarge)
        }
        Err(_) => Err(FieldErrors::one("body", SEND_AN_OBJECT).into()),
    }
}

/// The body as a JSON object, else the one problem under `body`. A key given twice is refused under
/// its name: `serde_json` would keep the last one silently (a second extension would slip through).
pub(crate) fn json_object(body: &[u8]) -> Result<Map<String, Value>, FieldErrors> {
    let Ok(Entries(entries)) = serde_json::from_slice::<Entries>(body) else {
        return Err(FieldErrors::one("body", SEND_AN_OBJECT));
    };
    let mut map = Map::new();
    let mut errors = FieldErrors::default();
    for (key, value) in entries {
        if map.contains_key(&key) {
            errors.add(key, "Give this field once");
        } else {
            map.insert(key, value);
        }
    }
    if errors.is_empty() {
        Ok(map)
    } else {
        Err(errors)
    }
}

/// A JSON object's members in order, repeats included.
struct Entries(Vec<(String, Value)>);

impl<'de> serde::Deserialize<'de> for Entries {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Entries;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut access: A,
            ) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = access.next_entry::<String, Value>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// Records every key of `map` that is not in `allowed`.
pub(crate) fn unknown_fields(map: &Map<String, Value>, allowed: &[&str], errors: &mut FieldErrors) {
    for key in map.keys() {
        if !allowed.contains(&key.as_str()) {
            errors.add(key.clone(), "Unknown field: remove it");
        }
    }
}

/// The milliseconds since the Unix epoch now (for the Illinois date when a request gives none).
pub(crate) fn now_utc_millis() -> i64 {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX)
}

/// Why a text is not a date the portal accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateProblem {
    /// Not exactly `YYYY-MM-DD`.
    Shape,
    /// The shape is right but the day does not exist (`2026-02-30`).
    NotReal,
    /// Outside the years the calendar answers for.
    OutOfRange,
}

/// Exactly `YYYY-MM-DD`, a day that exists, in the years 1990 to 2100.
pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, DateProblem> {
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
pub(crate) fn date_message(field: &str, problem: DateProblem) -> String {
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

/// A required date; `None` (with the problem recorded) when missing or wrong.
pub(crate) fn required_date(
    map: &Map<String, Value>,
    field: &str,
    errors: &mut FieldErrors,
) -> Option<NaiveDate> {
    match map.get(field) {
        None | Some(Value::Null) => {
            errors.add(field, date_message(field, DateProblem::Shape));
            None
        }
        Some(value) => date(value, field, errors),
    }
}

/// An optional date: `Some(None)` when absent or null, `None` when wrong.
pub(crate) fn optional_date(
    map: &Map<String, Value>,
    field: &str,
    errors: &mut FieldErrors,
) -> Option<Option<NaiveDate>> {
    match map.get(field) {
        None | Some(Value::Null) => Some(None),
        Some(value) => date(value, field, errors).map(Some),
    }
}

fn date(value: &Value, field: &str, errors: &mut FieldErrors) -> Option<NaiveDate> {
    let result = value
        .as_str()
        .ok_or(DateProblem::Shape)
        .and_then(parse_date);
    match result {
        Ok(date) => Some(date),
        Err(problem) => {
            errors.add(field, date_message(field, problem));
            None
        }
    }
}

/// An endpoint that takes no query parameters: each one given is refused by name.
pub(crate) fn no_query(query: Option<&str>) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    for (key, _) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        if !errors.contains(&key) {
            errors.add(
                key.into_owned(),
                "Unknown parameter: remove it (this endpoint takes none)",
            );
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
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
    fn any_query_parameter_is_refused() {
        assert_eq!(no_query(None), Ok(()));
        assert_eq!(no_query(Some("")), Ok(()));
        let errors = no_query(Some("a=1&b&a=2")).unwrap_err();
        assert!(errors.contains("a") && errors.contains("b"));
    }
}
