//! `POST /api/timeline`: every clock of a ticket, its status, the closings the rules make by
//! themselves, and its fines, from the ticket's events (`rules::timeline`).
//!
//! The body is read as a JSON object ([`JsonBody`]) and checked here, field by field, so that every
//! problem is reported at once under its field name; events that cannot be (out of order, after `today`) are refused by
//! the engine, each under the field at fault.
//!
//! May import: any module below `api` (not `cli`, `demo`, `fallback`), `api::body`, `api::fields`.

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use chrono::NaiveDate;
use rules::timeline::{Events, ExtensionFor, Problem, ProviderDecision, Timeline};
use serde_json::{Map, Value};

use crate::api::body::JsonBody;
use crate::api::fields::{optional_date, required_date, unknown_fields};
use crate::error::{ApiError, FieldErrors};
use crate::state::AppState;
use crate::time::now_utc_millis;

/// The optional event dates, in the order they happen.
const EVENT_DATES: [&str; 9] = [
    "submitted_on",
    "presented_on",
    "info_requested_on",
    "info_provided_on",
    "mco_responded_on",
    "provider_decided_on",
    "hfs_review_requested_on",
    "information_delivered_on",
    "hfs_decided_on",
];

const FIELDS: [&str; 13] = [
    "mco_received_on",
    "submitted_on",
    "presented_on",
    "info_requested_on",
    "info_provided_on",
    "extension_approved_for",
    "mco_responded_on",
    "provider_decision",
    "provider_decided_on",
    "hfs_review_requested_on",
    "information_delivered_on",
    "hfs_decided_on",
    "today",
];

pub fn router() -> Router<AppState> {
    Router::new().route("/timeline", post(timeline))
}

#[utoipa::path(post, path = "/api/timeline", tag = "public", request_body = crate::api::schemas::TimelineBody, responses((status = 200, description = "The clocks, status and fines of these events"), (status = 422, description = "The field map: each problem under its field")))]
pub(crate) async fn timeline(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<Map<String, Value>>,
) -> Result<Json<Timeline>, ApiError> {
    let request = parse_request(&body, now_utc_millis())?;
    let current = state.calendar().await?;
    rules::timeline::timeline(&current.calendar, &request.events, request.today)
        .map(Json)
        .map_err(|problems| field_errors(&problems).into())
}

/// A request that passed every check of its fields (the engine checks their order).
#[derive(Debug)]
pub struct TimelineRequest {
    pub events: Events,
    pub today: NaiveDate,
}

/// Each problem the engine found, under its field.
fn field_errors(problems: &[Problem]) -> FieldErrors {
    let mut errors = FieldErrors::new();
    for problem in problems {
        errors.add(problem.field, problem.message.clone());
    }
    errors
}

/// Checks the body strictly; `now_utc_millis` gives `today` when the body has none.
pub fn parse_request(
    map: &Map<String, Value>,
    now_utc_millis: i64,
) -> Result<TimelineRequest, FieldErrors> {
    let mut errors = FieldErrors::new();
    unknown_fields(map, &FIELDS, &mut errors);

    let mco_received_on = required_date(map, "mco_received_on", &mut errors);
    let [submitted_on, presented_on, info_requested_on, info_provided_on, mco_responded_on, provider_decided_on, hfs_review_requested_on, information_delivered_on, hfs_decided_on] =
        EVENT_DATES.map(|field| optional_date(map, field, &mut errors).flatten());
    let extension_approved_for = extension(map, &mut errors);
    let provider_decision = provider_decision(map, &mut errors);
    let today = optional_date(map, "today", &mut errors).flatten();

    let Some(mco_received_on) = mco_received_on.filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    Ok(TimelineRequest {
        events: Events {
            mco_received_on,
            submitted_on,
            presented_on,
            info_requested_on,
            info_provided_on,
            extension_approved_for,
            mco_responded_on,
            provider_decision,
            provider_decided_on,
            hfs_review_requested_on,
            information_delivered_on,
            hfs_decided_on,
            ..Default::default()
        },
        today: today.unwrap_or_else(|| rules::illinois::today(now_utc_millis)),
    })
}

/// `mco`, `provider` or null: the one extension a ticket can have.
fn extension(map: &Map<String, Value>, errors: &mut FieldErrors) -> Option<ExtensionFor> {
    const FIELD: &str = "extension_approved_for";
    match map.get(FIELD) {
        None | Some(Value::Null) => None,
        Some(Value::String(who)) if who == "mco" => Some(ExtensionFor::Mco),
        Some(Value::String(who)) if who == "provider" => Some(ExtensionFor::Provider),
        Some(Value::Array(_)) => {
            errors.add(
                FIELD,
                "A ticket can have one extension only, for the MCO or the provider, not both: give extension_approved_for as mco or provider, not a list",
            );
            None
        }
        Some(_) => {
            errors.add(
                FIELD,
                "extension_approved_for must be mco, provider or null",
            );
            None
        }
    }
}

/// `accepted`, `contested` or null.
fn provider_decision(
    map: &Map<String, Value>,
    errors: &mut FieldErrors,
) -> Option<ProviderDecision> {
    const FIELD: &str = "provider_decision";
    match map.get(FIELD) {
        None | Some(Value::Null) => None,
        Some(Value::String(decision)) if decision == "accepted" => Some(ProviderDecision::Accepted),
        Some(Value::String(decision)) if decision == "contested" => {
            Some(ProviderDecision::Contested)
        }
        Some(_) => {
            errors.add(
                FIELD,
                "provider_decision must be accepted, contested or null",
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::body::{json_object, SEND_AN_OBJECT};

    /// The body read as the extractor reads it, then checked.
    fn parse(body: &[u8], now_utc_millis: i64) -> Result<TimelineRequest, FieldErrors> {
        parse_request(&json_object(body)?, now_utc_millis)
    }

    fn d(text: &str) -> NaiveDate {
        rules::dates::parse_iso_date(text).unwrap()
    }

    fn errors_of(body: &str) -> FieldErrors {
        parse(body.as_bytes(), 0).unwrap_err()
    }

    #[test]
    fn every_field_is_read() {
        let request = parse(
            br#"{"mco_received_on": "2026-01-05", "submitted_on": "2026-02-10",
                 "presented_on": "2026-02-20", "info_requested_on": "2026-02-23",
                 "info_provided_on": "2026-02-24", "extension_approved_for": "provider",
                 "mco_responded_on": "2026-03-02", "provider_decision": "contested",
                 "provider_decided_on": "2026-03-03", "hfs_review_requested_on": "2026-03-04",
                 "information_delivered_on": "2026-03-05", "hfs_decided_on": "2026-03-06",
                 "today": "2026-03-07"}"#,
            0,
        )
        .unwrap();
        assert_eq!(
            request.events,
            Events {
                mco_received_on: d("2026-01-05"),
                submitted_on: Some(d("2026-02-10")),
                presented_on: Some(d("2026-02-20")),
                info_requested_on: Some(d("2026-02-23")),
                info_provided_on: Some(d("2026-02-24")),
                extension_approved_for: Some(ExtensionFor::Provider),
                mco_responded_on: Some(d("2026-03-02")),
                provider_decision: Some(ProviderDecision::Contested),
                provider_decided_on: Some(d("2026-03-03")),
                hfs_review_requested_on: Some(d("2026-03-04")),
                information_delivered_on: Some(d("2026-03-05")),
                hfs_decided_on: Some(d("2026-03-06")),
                ..Default::default()
            }
        );
        assert_eq!(request.today, d("2026-03-07"));
    }

    #[test]
    fn today_defaults_to_the_illinois_date() {
        // 2026-03-02T03:00:00Z is still March 1 in Illinois (UTC-6).
        let request = parse(br#"{"mco_received_on": "2026-01-05"}"#, 1_772_420_400_000).unwrap();
        assert_eq!(request.today, d("2026-03-01"));
        assert_eq!(request.events.submitted_on, None);
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
            r#"{"submitted_on": "2026-02-30", "presented_on": "2026-2-20", "today": 20260301,
                "info_requested_on": "1989-12-31", "extension_approved_for": ["mco", "provider"],
                "provider_decision": "maybe", "extra": 1}"#,
        );
        for field in [
            "mco_received_on",
            "submitted_on",
            "presented_on",
            "today",
            "info_requested_on",
            "extension_approved_for",
            "provider_decision",
            "extra",
        ] {
            assert!(errors.contains(field), "{field} in {errors:?}");
        }
    }

    #[test]
    fn wrong_kinds_of_enum() {
        for value in [r#""MCO""#, "true", "1", r#"{"for": "mco"}"#, r#""""#] {
            let errors = errors_of(&format!(
                r#"{{"mco_received_on": "2026-01-05", "extension_approved_for": {value}, "provider_decision": {value}}}"#
            ));
            assert!(errors.contains("extension_approved_for"), "{value}");
            assert!(errors.contains("provider_decision"), "{value}");
        }
    }
}
