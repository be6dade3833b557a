use serde_json::{json, Value};

use crate::helpers::{spawn_app, TestApp};

/// The api.md example, with any field replaced (or removed with `"<remove>"`).
fn request(changes: Value) -> Value {
    let mut body = json!({
        "mco_received_on": "2026-01-05", "submitted_on": "2026-02-10", "presented_on": "2026-02-20",
        "info_requested_on": null, "info_provided_on": null,
        "extension_approved_for": null,
        "mco_responded_on": null, "provider_decision": null, "provider_decided_on": null,
        "hfs_review_requested_on": null, "information_delivered_on": null, "hfs_decided_on": null,
        "today": "2026-03-01"
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

async fn timeline(app: &TestApp, changes: Value) -> Value {
    let body = request(changes);
    let (status, answer) = app.post_json("/api/timeline", &body).await;
    assert_eq!(status, 200, "{body} -> {answer}");
    answer
}

fn deadline<'a>(answer: &'a Value, key: &str) -> &'a Value {
    answer["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["key"] == key)
        .unwrap_or_else(|| panic!("no {key} in {answer}"))
}

fn keys(answer: &Value) -> Vec<&str> {
    answer["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["key"].as_str().unwrap())
        .collect()
}

/// A 422 whose errors are exactly under `fields`, each with a message.
async fn refused(app: &TestApp, body: impl Into<reqwest::Body>, fields: &[&str]) -> Value {
    let (status, answer) = app.post_raw("/api/timeline", body).await;
    assert_eq!(status, 422, "{answer}");
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

fn bytes(body: Value) -> Vec<u8> {
    serde_json::to_vec(&body).unwrap()
}

#[tokio::test]
async fn the_api_md_example() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/timeline"))
        .json(&request(json!({})))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let answer: Value = response.json().await.unwrap();

    assert_eq!(answer["status"], "with_mco");
    assert_eq!(answer["closed_reason"], Value::Null);
    assert_eq!(answer["fines"], json!([]));
    assert_eq!(
        deadline(&answer, "present_to_mco"),
        &json!({"key": "present_to_mco", "owed_by": "hfs", "due_on": "2026-02-26", "state": "met", "met_on": "2026-02-20"})
    );
    assert_eq!(
        deadline(&answer, "mco_response"),
        &json!({"key": "mco_response", "owed_by": "mco", "due_on": "2026-03-23", "state": "pending", "met_on": null})
    );
    // Every clock that has started, the window's included.
    assert_eq!(
        keys(&answer),
        [
            "filing_window_opens",
            "filing_window_closes",
            "present_to_mco",
            "mco_info_request",
            "extension_request",
            "mco_response"
        ]
    );
    // serde_json's maps are sorted: compare the sets.
    let fields_of = |object: &Value| {
        let mut fields: Vec<String> = object.as_object().unwrap().keys().cloned().collect();
        fields.sort_unstable();
        fields
    };
    for d in answer["deadlines"].as_array().unwrap() {
        assert_eq!(
            fields_of(d),
            ["due_on", "key", "met_on", "owed_by", "state"]
        );
    }
    assert_eq!(
        fields_of(&answer),
        ["closed_reason", "deadlines", "fines", "status"]
    );

    // Absent and null mean the same.
    let only_set = json!({"mco_received_on": "2026-01-05", "submitted_on": "2026-02-10",
                          "presented_on": "2026-02-20", "today": "2026-03-01"});
    let (status, same) = app.post_json("/api/timeline", &only_set).await;
    assert_eq!(status, 200);
    assert_eq!(same, answer);
}

#[tokio::test]
async fn a_late_mco_response_is_fined_once() {
    let app = spawn_app().await;
    // Due Monday, March 23: on the day itself, no fine yet.
    let answer = timeline(&app, json!({"today": "2026-03-23"})).await;
    assert_eq!(answer["fines"], json!([]));
    assert_eq!(deadline(&answer, "mco_response")["state"], "pending");

    let answer = timeline(&app, json!({"today": "2026-03-24"})).await;
    assert_eq!(
        answer["fines"],
        json!([{"amount_cents": 500000, "fined_on": "2026-03-24", "sanction_notice_due_on": "2026-04-30"}])
    );
    assert_eq!(deadline(&answer, "mco_response")["state"], "missed");

    // Answering late keeps the one fine.
    let answer = timeline(
        &app,
        json!({"mco_responded_on": "2026-03-30", "today": "2026-03-31"}),
    )
    .await;
    assert_eq!(answer["fines"].as_array().unwrap().len(), 1);
    assert_eq!(
        deadline(&answer, "mco_response"),
        &json!({"key": "mco_response", "owed_by": "mco", "due_on": "2026-03-23", "state": "missed", "met_on": "2026-03-30"})
    );
}

#[tokio::test]
async fn an_extension_gives_60_days() {
    let app = spawn_app().await;
    for who in ["mco", "provider"] {
        let answer = timeline(&app, json!({"extension_approved_for": who})).await;
        let response = deadline(&answer, "mco_response");
        assert_eq!(response["due_on"], "2026-04-21", "{who}");
        assert_eq!(response["state"], "pending");
        assert_eq!(answer["status"], "with_mco");
    }
    // No fine on day 31 with the extension.
    let answer = timeline(
        &app,
        json!({"extension_approved_for": "mco", "today": "2026-03-24"}),
    )
    .await;
    assert_eq!(answer["fines"], json!([]));
}

#[tokio::test]
async fn no_answer_to_an_information_request_closes_the_ticket() {
    let app = spawn_app().await;
    let events = |today: &str| {
        json!({"mco_received_on": "2026-10-01", "submitted_on": "2026-11-10",
               "presented_on": "2026-11-20", "info_requested_on": "2026-11-25", "today": today})
    };
    // Thanksgiving and the day after are skipped: due Friday, December 4.
    let (status, answer) = app.post_json("/api/timeline", &events("2026-12-04")).await;
    assert_eq!(status, 200);
    assert_eq!(answer["status"], "info_requested");
    assert_eq!(answer["closed_reason"], Value::Null);
    assert_eq!(
        deadline(&answer, "provider_info_response"),
        &json!({"key": "provider_info_response", "owed_by": "provider", "due_on": "2026-12-04", "state": "pending", "met_on": null})
    );
    assert_eq!(
        deadline(&answer, "mco_info_request")["met_on"],
        "2026-11-25"
    );

    let (status, answer) = app.post_json("/api/timeline", &events("2026-12-05")).await;
    assert_eq!(status, 200);
    assert_eq!(answer["status"], "closed");
    assert_eq!(answer["closed_reason"], "no_info_response");
    assert_eq!(
        deadline(&answer, "provider_info_response")["state"],
        "missed"
    );

    // Answered in time: back with the MCO.
    let mut answered = events("2026-12-05");
    answered["info_provided_on"] = json!("2026-12-03");
    let (_, answer) = app.post_json("/api/timeline", &answered).await;
    assert_eq!(answer["status"], "with_mco");
}

#[tokio::test]
async fn a_response_neither_accepted_nor_contested_stands() {
    let app = spawn_app().await;
    // Responded Monday, March 2: the provider decides by Monday, March 9.
    let answer = timeline(
        &app,
        json!({"mco_responded_on": "2026-03-02", "today": "2026-03-09"}),
    )
    .await;
    assert_eq!(answer["status"], "mco_responded");
    assert_eq!(
        deadline(&answer, "provider_decision"),
        &json!({"key": "provider_decision", "owed_by": "provider", "due_on": "2026-03-09", "state": "pending", "met_on": null})
    );

    let answer = timeline(
        &app,
        json!({"mco_responded_on": "2026-03-02", "today": "2026-03-10"}),
    )
    .await;
    assert_eq!(answer["status"], "closed");
    assert_eq!(answer["closed_reason"], "not_contested");
    assert_eq!(answer["fines"], json!([]));
}

#[tokio::test]
async fn an_accepted_response_closes_the_ticket() {
    let app = spawn_app().await;
    let answer = timeline(
        &app,
        json!({"mco_responded_on": "2026-03-02", "provider_decision": "accepted",
               "provider_decided_on": "2026-03-04", "today": "2026-03-05"}),
    )
    .await;
    assert_eq!(answer["status"], "closed");
    assert_eq!(answer["closed_reason"], "accepted");
    assert_eq!(deadline(&answer, "provider_decision")["state"], "met");
    assert_eq!(
        deadline(&answer, "provider_decision")["met_on"],
        "2026-03-04"
    );
}

#[tokio::test]
async fn contested_then_reviewed_then_decided() {
    let app = spawn_app().await;
    let contested = json!({"mco_responded_on": "2026-03-02", "provider_decision": "contested",
                           "provider_decided_on": "2026-03-04", "today": "2026-03-05"});
    let answer = timeline(&app, contested.clone()).await;
    assert_eq!(answer["status"], "contested");
    assert_eq!(answer["closed_reason"], Value::Null);
    // 30 calendar days after the response: Wednesday, April 1.
    assert_eq!(
        deadline(&answer, "hfs_review_request"),
        &json!({"key": "hfs_review_request", "owed_by": "provider", "due_on": "2026-04-01", "state": "pending", "met_on": null})
    );

    let mut review = contested.clone();
    review["hfs_review_requested_on"] = json!("2026-03-10");
    review["today"] = json!("2026-03-11");
    let answer = timeline(&app, review.clone()).await;
    assert_eq!(answer["status"], "hfs_review");
    // 30 calendar days after the request: Thursday, April 9; HFS then has 30 days from it.
    assert_eq!(
        deadline(&answer, "information_delivery")["due_on"],
        "2026-04-09"
    );
    assert_eq!(
        deadline(&answer, "information_delivery")["owed_by"],
        "mco_and_provider"
    );
    assert_eq!(deadline(&answer, "hfs_decision")["due_on"], "2026-05-11");
    assert_eq!(deadline(&answer, "hfs_decision")["owed_by"], "hfs");

    let mut decided = review;
    decided["information_delivered_on"] = json!("2026-04-01");
    decided["hfs_decided_on"] = json!("2026-04-15");
    decided["today"] = json!("2026-04-20");
    let answer = timeline(&app, decided).await;
    assert_eq!(answer["status"], "closed");
    assert_eq!(answer["closed_reason"], "hfs_decision");
    // Both delivered on April 1: HFS's 30 days run from then (Friday, May 1).
    assert_eq!(
        deadline(&answer, "hfs_decision"),
        &json!({"key": "hfs_decision", "owed_by": "hfs", "due_on": "2026-05-01", "state": "met", "met_on": "2026-04-15"})
    );
    assert_eq!(
        keys(&answer),
        [
            "filing_window_opens",
            "filing_window_closes",
            "present_to_mco",
            "mco_info_request",
            "extension_request",
            "mco_response",
            "provider_decision",
            "hfs_review_request",
            "information_delivery",
            "hfs_decision"
        ]
    );
}

#[tokio::test]
async fn a_ticket_filed_before_day_30_is_not_timely() {
    let app = spawn_app().await;
    // The window opens on February 4 (day 30).
    let answer = timeline(
        &app,
        json!({"submitted_on": "2026-02-03", "presented_on": null, "today": "2026-02-05"}),
    )
    .await;
    assert_eq!(answer["status"], "closed");
    assert_eq!(answer["closed_reason"], "not_timely");
    assert_eq!(
        deadline(&answer, "filing_window_opens"),
        &json!({"key": "filing_window_opens", "owed_by": "provider", "due_on": "2026-02-04", "state": "missed", "met_on": "2026-02-03"})
    );
    assert_eq!(
        keys(&answer),
        ["filing_window_opens", "filing_window_closes"]
    );

    // Day 30 itself is in the window.
    let answer = timeline(
        &app,
        json!({"submitted_on": "2026-02-04", "presented_on": null, "today": "2026-02-05"}),
    )
    .await;
    assert_eq!(answer["status"], "submitted");
}

#[tokio::test]
async fn a_draft_has_only_the_filing_window() {
    let app = spawn_app().await;
    let (status, answer) = app
        .post_json(
            "/api/timeline",
            &json!({"mco_received_on": "2026-09-15", "today": "2026-10-01"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(answer["status"], "draft");
    assert_eq!(
        answer["deadlines"],
        json!([
            {"key": "filing_window_opens", "owed_by": "provider", "due_on": "2026-10-15", "state": "pending", "met_on": null},
            {"key": "filing_window_closes", "owed_by": "provider", "due_on": "2026-11-14", "state": "pending", "met_on": null}
        ])
    );
}

#[tokio::test]
async fn events_that_cannot_be_are_refused_under_their_field() {
    let app = spawn_app().await;
    // A response before the presentation.
    let answer = refused(
        &app,
        bytes(request(json!({"mco_responded_on": "2026-02-19"}))),
        &["mco_responded_on"],
    )
    .await;
    let message = answer["errors"]["mco_responded_on"][0].as_str().unwrap();
    assert!(message.contains("presented_on"), "{message}");
    // An event after today.
    refused(
        &app,
        bytes(request(json!({"presented_on": "2026-03-02"}))),
        &["presented_on"],
    )
    .await;
    // An event without the one before it.
    refused(
        &app,
        bytes(request(json!({"submitted_on": null}))),
        &["presented_on"],
    )
    .await;
    // A decision without its date.
    refused(
        &app,
        bytes(request(
            json!({"mco_responded_on": "2026-02-27", "provider_decision": "accepted"}),
        )),
        &["provider_decided_on"],
    )
    .await;
}

#[tokio::test]
async fn bad_fields_are_refused_by_name() {
    let app = spawn_app().await;
    refused(
        &app,
        bytes(request(json!({"ticket_id": 7}))),
        &["ticket_id"],
    )
    .await;
    for bad in [
        "2026-02-30",
        "2026-2-20",
        "20 Feb 2026",
        "1989-12-31",
        "2101-01-01",
    ] {
        refused(
            &app,
            bytes(request(json!({"presented_on": bad}))),
            &["presented_on"],
        )
        .await;
    }
    refused(&app, bytes(request(json!({"today": 20260301}))), &["today"]).await;
    refused(
        &app,
        bytes(request(json!({"provider_decision": "rejected"}))),
        &["provider_decision"],
    )
    .await;
    refused(
        &app,
        bytes(request(json!({"extension_approved_for": "hfs"}))),
        &["extension_approved_for"],
    )
    .await;
    // A second extension.
    let answer = refused(
        &app,
        bytes(request(
            json!({"extension_approved_for": ["mco", "provider"]}),
        )),
        &["extension_approved_for"],
    )
    .await;
    let message = answer["errors"]["extension_approved_for"][0]
        .as_str()
        .unwrap();
    assert!(message.contains("one extension"), "{message}");
    refused(
        &app,
        bytes(request(json!({"mco_received_on": "<remove>"}))),
        &["mco_received_on"],
    )
    .await;
    refused(
        &app,
        bytes(request(json!({"mco_received_on": null}))),
        &["mco_received_on"],
    )
    .await;
    // Every problem at once.
    refused(
        &app,
        bytes(request(
            json!({"mco_received_on": "<remove>", "presented_on": "x", "provider_decision": 1, "extra": true}),
        )),
        &["mco_received_on", "presented_on", "provider_decision", "extra"],
    )
    .await;
    for body in [
        "",
        "[]",
        "null",
        "\"2026-01-05\"",
        "{",
        "{\"mco_received_on\": ",
    ] {
        refused(&app, body.to_owned(), &["body"]).await;
    }
}

#[tokio::test]
async fn only_post_is_accepted() {
    let app = spawn_app().await;
    let response = app.get("/api/timeline").await;
    assert_eq!(response.status().as_u16(), 405);
}

#[tokio::test]
async fn a_key_given_twice_is_refused_by_name() {
    let app = spawn_app().await;
    let body = r#"{"mco_received_on":"2026-01-05","submitted_on":"2026-02-10","presented_on":"2026-02-20",
        "extension_approved_for":"mco","extension_approved_for":"provider","today":"2026-03-01"}"#;
    let response = app
        .client
        .post(app.url("/api/timeline"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 422);
    let errors: Value = response.json().await.unwrap();
    assert_eq!(
        errors["errors"]["extension_approved_for"][0],
        "Give this field once"
    );
}

#[tokio::test]
async fn information_given_late_does_not_count_the_ticket_closed() {
    let app = spawn_app().await;
    let (status, body) = app
        .post_json(
            "/api/timeline",
            &json!({"mco_received_on": "2026-09-15", "submitted_on": "2026-10-20",
                    "presented_on": "2026-11-20", "info_requested_on": "2026-11-25",
                    "info_provided_on": "2026-12-07", "today": "2026-12-10"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "closed");
    assert_eq!(body["closed_reason"], "no_info_response");
    let info = body["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "provider_info_response")
        .unwrap();
    assert_eq!(info["due_on"], "2026-12-04");
    assert_eq!(info["state"], "missed");
    assert_eq!(info["met_on"], "2026-12-07");
    assert!(body["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["state"] != "pending"));
}
