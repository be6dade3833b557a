use serde_json::{json, Value};

use crate::helpers::{spawn_app, TestApp};

/// The api.md example, with `today` and any field replaced or removed as asked.
fn request(changes: Value) -> Value {
    let mut body = json!({
        "mco_received_on": "2026-09-15",
        "today": "2026-10-20",
        "program": "medicaid",
        "has_tracking_number": true,
        "internal_process_exhausted": true,
        "prior_authorization_not_obtained": false
    });
    for (key, value) in changes.as_object().unwrap() {
        if value == "<remove>" {
            body.as_object_mut().unwrap().remove(key);
        } else {
            body[key] = value.clone();
        }
    }
    body
}

async fn check(app: &TestApp, changes: Value) -> (u16, Value) {
    app.post_json("/api/eligibility", &request(changes)).await
}

/// A 422 whose errors are exactly under `fields`.
async fn refused(app: &TestApp, body: &Value, fields: &[&str]) -> Value {
    let (status, answer) = app.post_json("/api/eligibility", body).await;
    assert_eq!(status, 422, "{body}");
    let errors = answer["errors"].as_object().expect("errors object");
    let mut got: Vec<&str> = errors.keys().map(String::as_str).collect();
    got.sort_unstable();
    let mut want = fields.to_vec();
    want.sort_unstable();
    assert_eq!(got, want, "{answer}");
    for messages in errors.values() {
        let messages = messages.as_array().unwrap();
        assert!(!messages.is_empty());
        assert!(messages
            .iter()
            .all(|m| m.as_str().is_some_and(|m| m.len() > 5)));
    }
    answer
}

#[tokio::test]
async fn the_api_md_example_is_open() {
    let app = spawn_app().await;
    let (status, body) = check(&app, json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"status": "open", "opens_on": "2026-10-15", "closes_on": "2026-11-14",
               "reasons": [], "days_left": 25})
    );
}

#[tokio::test]
async fn the_filing_window_edges() {
    let app = spawn_app().await;
    // Before day 30: too early, counting down to opens_on.
    let (status, body) = check(&app, json!({"today": "2026-10-01"})).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"status": "too_early", "opens_on": "2026-10-15", "closes_on": "2026-11-14",
               "reasons": ["too_early"], "days_left": 14})
    );
    // Day 30 exactly: open.
    let (_, body) = check(&app, json!({"today": "2026-10-15"})).await;
    assert_eq!(body["status"], "open");
    assert_eq!(body["days_left"], 30);
    // Day 60 exactly: still open, last day.
    let (_, body) = check(&app, json!({"today": "2026-11-14"})).await;
    assert_eq!(body["status"], "open");
    assert_eq!(body["days_left"], 0);
    assert_eq!(body["reasons"], json!([]));
    // Day 61: too late, no countdown.
    let (_, body) = check(&app, json!({"today": "2026-11-15"})).await;
    assert_eq!(
        body,
        json!({"status": "too_late", "opens_on": "2026-10-15", "closes_on": "2026-11-14",
               "reasons": ["too_late"], "days_left": null})
    );
    // Long after.
    let (_, body) = check(&app, json!({"today": "2027-03-01"})).await;
    assert_eq!(body["status"], "too_late");
    assert_eq!(body["days_left"], Value::Null);
}

#[tokio::test]
async fn not_eligible_lists_every_reason() {
    let app = spawn_app().await;
    let (status, body) = check(
        &app,
        json!({"program": "medicare_only", "has_tracking_number": false,
               "internal_process_exhausted": false, "prior_authorization_not_obtained": true,
               "today": "2026-12-31"}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"status": "not_eligible", "opens_on": "2026-10-15", "closes_on": "2026-11-14",
               "reasons": ["medicare_only", "no_tracking_number", "internal_process_not_exhausted",
                           "prior_authorization_not_obtained", "too_late"],
               "days_left": null})
    );
}

#[tokio::test]
async fn fee_for_service_is_not_eligible() {
    let app = spawn_app().await;
    let (status, body) = check(&app, json!({"program": "fee_for_service"})).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "not_eligible");
    assert_eq!(body["reasons"], json!(["fee_for_service"]));
    assert_eq!(body["days_left"], Value::Null);
}

#[tokio::test]
async fn today_may_be_absent_or_null() {
    let app = spawn_app().await;
    for today in [json!("<remove>"), Value::Null] {
        let (status, body) = check(
            &app,
            json!({"mco_received_on": "2020-01-06", "today": today}),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["status"], "too_late");
        assert_eq!(body["opens_on"], "2020-02-05");
        assert_eq!(body["closes_on"], "2020-03-06");
    }
}

#[tokio::test]
async fn unknown_fields_are_refused_each_by_name() {
    let app = spawn_app().await;
    let answer = refused(
        &app,
        &request(json!({"member_name": "x", "notes": 1})),
        &["member_name", "notes"],
    )
    .await;
    assert!(answer["errors"]["notes"][0]
        .as_str()
        .unwrap()
        .contains("Unknown field"));
}

#[tokio::test]
async fn dates_are_read_strictly() {
    let app = spawn_app().await;
    let answer = refused(
        &app,
        &request(json!({"mco_received_on": "2026-02-30"})),
        &["mco_received_on"],
    )
    .await;
    assert_eq!(
        answer["errors"]["mco_received_on"][0],
        "mco_received_on must be a real date"
    );

    for malformed in [
        json!("2026-9-15"),
        json!("15/09/2026"),
        json!(20260915),
        json!("2026-09-15T00:00:00Z"),
        json!("<remove>"),
    ] {
        let answer = refused(
            &app,
            &request(json!({"mco_received_on": malformed})),
            &["mco_received_on"],
        )
        .await;
        assert_eq!(
            answer["errors"]["mco_received_on"][0],
            "Enter mco_received_on as a date in the form YYYY-MM-DD"
        );
    }
    refused(
        &app,
        &request(json!({"mco_received_on": "1989-12-31"})),
        &["mco_received_on"],
    )
    .await;
    refused(&app, &request(json!({"today": "2026-10-32"})), &["today"]).await;
    refused(&app, &request(json!({"today": "2101-01-01"})), &["today"]).await;
}

#[tokio::test]
async fn program_and_answers_must_be_given() {
    let app = spawn_app().await;
    let answer = refused(&app, &request(json!({"program": "medicare"})), &["program"]).await;
    assert_eq!(
        answer["errors"]["program"][0],
        "program must be one of medicaid, medicare_only, fee_for_service"
    );
    refused(&app, &request(json!({"program": "<remove>"})), &["program"]).await;
    refused(
        &app,
        &request(json!({"has_tracking_number": "<remove>"})),
        &["has_tracking_number"],
    )
    .await;
    refused(
        &app,
        &request(json!({"internal_process_exhausted": "yes"})),
        &["internal_process_exhausted"],
    )
    .await;
    refused(
        &app,
        &request(json!({"prior_authorization_not_obtained": null})),
        &["prior_authorization_not_obtained"],
    )
    .await;
}

#[tokio::test]
async fn every_problem_is_reported_at_once() {
    let app = spawn_app().await;
    refused(
        &app,
        &json!({"mco_received_on": "2026-9-15", "program": 3, "extra": true}),
        &[
            "mco_received_on",
            "program",
            "has_tracking_number",
            "internal_process_exhausted",
            "prior_authorization_not_obtained",
            "extra",
        ],
    )
    .await;
}

#[tokio::test]
async fn a_body_that_is_not_a_json_object_is_refused() {
    let app = spawn_app().await;
    for body in [
        "",
        "not json",
        "[1, 2]",
        "\"2026-09-15\"",
        "null",
        "{\"program\": ",
    ] {
        let (status, answer) = app.post_raw("/api/eligibility", body.to_owned()).await;
        assert_eq!(status, 422, "{body:?}");
        assert_eq!(
            answer,
            json!({"errors": {"body": ["Send a JSON object"]}}),
            "{body:?}"
        );
    }
}

#[tokio::test]
async fn received_after_today_is_refused_with_the_rules_message() {
    let app = spawn_app().await;
    let answer = refused(
        &app,
        &request(json!({"mco_received_on": "2026-10-21"})),
        &["mco_received_on"],
    )
    .await;
    let expected = rules::eligibility::check_received_on(
        rules::dates::parse_iso_date("2026-10-21").unwrap(),
        rules::dates::parse_iso_date("2026-10-20").unwrap(),
    )
    .unwrap_err();
    assert_eq!(answer["errors"]["mco_received_on"], json!([expected]));
    // The same day is fine.
    let (status, body) = check(&app, json!({"mco_received_on": "2026-10-20"})).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "too_early");
    assert_eq!(body["days_left"], 30);
}

#[tokio::test]
async fn only_post_is_accepted() {
    let app = spawn_app().await;
    let response = app.get("/api/eligibility").await;
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "method_not_allowed");
}
