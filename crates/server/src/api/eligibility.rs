//! `POST /api/eligibility`: may a provider file a dispute now, and until when.
//!
//! The body is read as bytes and checked here, field by field, so that every problem is reported
//! at once under its field name (axum's `Json` extractor would stop at the first one and answer
//! in plain text).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use chrono::{Datelike, NaiveDate};
use rules::calendar::{FIRST_YEAR, LAST_YEAR};
use rules::eligibility::{Answers, Eligibility, Program};
use serde_json::{Map, Value};

use crate::api::calendar::load_calendar;
use crate::error::{ApiError, FieldErrors};
use crate::AppState;

const FIELDS: [&str; 6] = [
    "mco_received_on",
    "today",
    "program",
    "has_tracking_number",
    "internal_process_exhausted",
    "prior_authorization_not_obtained",
];

const SEND_AN_OBJECT: &str = "Send a JSON object";
const PROGRAMS: &str = "medicaid, medicare_only, fee_for_service";

pub fn router() -> Router<AppState> {
    Router::new().route("/eligibility", post(eligibility))
}

async fn eligibility(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Eligibility>, ApiError> {
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Err(ApiError::PayloadTooLarge)
        }
        Err(_) => return Err(FieldErrors::one("body", SEND_AN_OBJECT).into()),
    };
    let request = parse_request(&body, now_utc_millis())?;
    let calendar = load_calendar(&state.pool).await?;
    Ok(Json(rules::eligibility::check(
        &calendar,
        &request.answers,
        request.today,
    )))
}

/// A request that passed every check.
#[derive(Debug)]
pub struct EligibilityRequest {
    pub answers: Answers,
    pub today: NaiveDate,
}

fn now_utc_millis() -> i64 {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX)
}

/// Checks the body strictly; `now_utc_millis` gives `today` when the body has none.
pub fn parse_request(body: &[u8], now_utc_millis: i64) -> Result<EligibilityRequest, FieldErrors> {
    let map = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => map,
        _ => return Err(FieldErrors::one("body", SEND_AN_OBJECT)),
    };

    let mut errors = FieldErrors::new();
    for key in map.keys() {
        if !FIELDS.contains(&key.as_str()) {
            errors.add(key.clone(), "Unknown field: remove it");
        }
    }

    let received = required_date(&map, "mco_received_on", &mut errors);
    let today = optional_date(&map, "today", &mut errors);
    let program = program(&map, &mut errors);
    let has_tracking_number = boolean(&map, "has_tracking_number", &mut errors);
    let internal_process_exhausted = boolean(&map, "internal_process_exhausted", &mut errors);
    let prior_authorization_not_obtained =
        boolean(&map, "prior_authorization_not_obtained", &mut errors);

    let (
        Some(mco_received_on),
        Some(today),
        Some(program),
        Some(has_tracking_number),
        Some(internal_process_exhausted),
        Some(prior_authorization_not_obtained),
    ) = (
        received,
        today,
        program,
        has_tracking_number,
        internal_process_exhausted,
        prior_authorization_not_obtained,
    )
    else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }

    let today = today.unwrap_or_else(|| rules::illinois::today(now_utc_millis));
    if let Err(message) = rules::eligibility::check_received_on(mco_received_on, today) {
        return Err(FieldErrors::one("mco_received_on", message));
    }

    Ok(EligibilityRequest {
        answers: Answers {
            program,
            has_tracking_number,
            internal_process_exhausted,
            prior_authorization_not_obtained,
            mco_received_on,
        },
        today,
    })
}

/// A required date; `None` (with the problem recorded) when missing or wrong.
fn required_date(
    map: &Map<String, Value>,
    field: &str,
    errors: &mut FieldErrors,
) -> Option<NaiveDate> {
    match map.get(field) {
        None | Some(Value::Null) => {
            errors.add(
                field,
                format!("Enter {field} as a date in the form YYYY-MM-DD"),
            );
            None
        }
        Some(value) => date(value, field, errors),
    }
}

/// An optional date: `Some(None)` when absent or null, `None` when wrong.
fn optional_date(
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
    let Some(text) = value.as_str().filter(|text| has_date_shape(text)) else {
        errors.add(
            field,
            format!("Enter {field} as a date in the form YYYY-MM-DD"),
        );
        return None;
    };
    let Some(date) = rules::dates::parse_iso_date(text) else {
        errors.add(field, format!("{field} must be a real date"));
        return None;
    };
    if !(FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        errors.add(
            field,
            format!("{field} must be a date between {FIRST_YEAR}-01-01 and {LAST_YEAR}-12-31"),
        );
        return None;
    }
    Some(date)
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

fn program(map: &Map<String, Value>, errors: &mut FieldErrors) -> Option<Program> {
    match map.get("program") {
        None | Some(Value::Null) => {
            errors.add("program", format!("Choose program: one of {PROGRAMS}"));
            None
        }
        Some(value) => {
            let program = value.as_str().and_then(Program::parse);
            if program.is_none() {
                errors.add("program", format!("program must be one of {PROGRAMS}"));
            }
            program
        }
    }
}

fn boolean(map: &Map<String, Value>, field: &str, errors: &mut FieldErrors) -> Option<bool> {
    match map.get(field) {
        Some(Value::Bool(answer)) => Some(*answer),
        None | Some(Value::Null) => {
            errors.add(field, format!("Answer {field} with true or false"));
            None
        }
        Some(_) => {
            errors.add(field, format!("{field} must be true or false"));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors_of(body: &str) -> FieldErrors {
        parse_request(body.as_bytes(), 0).unwrap_err()
    }

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
    fn not_an_object() {
        for body in ["", "[]", "\"x\"", "null", "{", "42"] {
            assert_eq!(
                errors_of(body),
                FieldErrors::one("body", SEND_AN_OBJECT),
                "{body}"
            );
        }
    }

    #[test]
    fn every_problem_at_once() {
        let errors = errors_of(
            r#"{"mco_received_on": "2026-02-30", "today": "2026-9-1", "program": "medi", "has_tracking_number": "yes", "extra": 1}"#,
        );
        for field in [
            "mco_received_on",
            "today",
            "program",
            "has_tracking_number",
            "internal_process_exhausted",
            "prior_authorization_not_obtained",
            "extra",
        ] {
            assert!(errors.contains(field), "{field} in {errors:?}");
        }
    }
}
