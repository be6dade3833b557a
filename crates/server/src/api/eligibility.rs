//! `POST /api/eligibility`: may a provider file a dispute now, and until when.
//!
//! The body is read as a JSON object ([`JsonBody`]) and checked here, field by field, so that every
//! problem is reported at once under its field name.
//!
//! May import: any module below `api` (not `cli`, `demo`, `fallback`), `api::body`, `api::fields`.

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use chrono::NaiveDate;
use rules::eligibility::{Answers, Eligibility, Program};
use serde_json::{Map, Value};

use crate::api::body::JsonBody;
use crate::api::fields::{optional_date, required_date, unknown_fields};
use crate::error::{ApiError, FieldErrors};
use crate::state::AppState;
use crate::time::now_utc_millis;

const FIELDS: [&str; 6] = [
    "mco_received_on",
    "today",
    "program",
    "has_tracking_number",
    "internal_process_exhausted",
    "prior_authorization_not_obtained",
];

const PROGRAMS: &str = "medicaid, medicare_only, fee_for_service";

pub fn router() -> Router<AppState> {
    Router::new().route("/eligibility", post(eligibility))
}

#[utoipa::path(post, path = "/api/eligibility", tag = "public", request_body = crate::api::schemas::EligibilityBody, responses((status = 200, description = "Whether the dispute can be filed, and until when"), (status = 422, description = "The field map: each problem under its field")))]
pub(crate) async fn eligibility(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<Map<String, Value>>,
) -> Result<Json<Eligibility>, ApiError> {
    let request = parse_request(&body, now_utc_millis())?;
    let calendar = state.calendar().await?;
    Ok(Json(rules::eligibility::check(
        &calendar.calendar,
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

/// Checks the body strictly; `now_utc_millis` gives `today` when the body has none.
pub fn parse_request(
    map: &Map<String, Value>,
    now_utc_millis: i64,
) -> Result<EligibilityRequest, FieldErrors> {
    let mut errors = FieldErrors::new();
    unknown_fields(map, &FIELDS, &mut errors);

    let received = required_date(map, "mco_received_on", &mut errors);
    let today = optional_date(map, "today", &mut errors);
    let program = program(map, &mut errors);
    let has_tracking_number = boolean(map, "has_tracking_number", &mut errors);
    let internal_process_exhausted = boolean(map, "internal_process_exhausted", &mut errors);
    let prior_authorization_not_obtained =
        boolean(map, "prior_authorization_not_obtained", &mut errors);

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
    use crate::api::body::{json_object, SEND_AN_OBJECT};

    /// The body read as the extractor reads it, then checked.
    fn parse(body: &[u8], now_utc_millis: i64) -> Result<EligibilityRequest, FieldErrors> {
        parse_request(&json_object(body)?, now_utc_millis)
    }

    fn errors_of(body: &str) -> FieldErrors {
        parse(body.as_bytes(), 0).unwrap_err()
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
