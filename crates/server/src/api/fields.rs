//! Reading request fields strictly, shared by the endpoints: unknown members, dates (each problem
//! under its field name, all reported at once), and query strings. The bodies themselves are read
//! by [`super::body::JsonBody`].
//!
//! May import: `error`, `time` (nothing of `api`).

use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::error::FieldErrors;
use crate::time::{date_message, parse_date, DateProblem};

/// Records every key of `map` that is not in `allowed`.
pub(crate) fn unknown_fields(map: &Map<String, Value>, allowed: &[&str], errors: &mut FieldErrors) {
    for key in map.keys() {
        if !allowed.contains(&key.as_str()) {
            errors.add(key.clone(), "Unknown field: remove it");
        }
    }
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

/// As [`no_query`] but for the paging parameters `limit` and `offset` (read by
/// `api::paging::Paging`): a list endpoint that takes no other parameter.
pub(crate) fn only_paging(query: Option<&str>) -> Result<(), FieldErrors> {
    let rest: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .filter(|(key, _)| key != "limit" && key != "offset")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let rest = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(rest)
        .finish();
    no_query(Some(&rest))
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
    fn any_query_parameter_is_refused() {
        assert_eq!(no_query(None), Ok(()));
        assert_eq!(no_query(Some("")), Ok(()));
        let errors = no_query(Some("a=1&b&a=2")).unwrap_err();
        assert!(errors.contains("a") && errors.contains("b"));
    }
}
