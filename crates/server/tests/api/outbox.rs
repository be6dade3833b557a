//! The outbox: every email the server sends is a row; `/api/demo/outbox` shows them in demo mode.

use serde_json::Value;

use crate::helpers::accounts::register_and_send;
use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test]
async fn the_demo_outbox_does_not_exist_without_demo() {
    let app = spawn_app().await;
    register_and_send(&app, "quiet.clinic").await;
    let (status, body) = app.get_json("/api/demo/outbox").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"], "not_found");
}

#[tokio::test]
async fn the_demo_outbox_lists_newest_first() {
    let app = spawn_app_with(|state| state.with_demo(true)).await;
    let (status, body) = app.get_json("/api/demo/outbox").await;
    assert_eq!(status, 200);
    assert_eq!(body, Value::Array(vec![]));

    register_and_send(&app, "demo.clinic").await;
    register_and_send(&app, "demo.second").await;
    let (status, body) = app.get_json("/api/demo/outbox").await;
    assert_eq!(status, 200);
    let messages = body.as_array().unwrap();
    assert_eq!(
        messages.len(),
        8,
        "two confirmation links, then the receipt to the account and contact email, twice: {body}"
    );
    let ids: Vec<i64> = messages.iter().map(|m| m["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first: {ids:?}");
    // The newest registrant's two, then the first one's.
    assert!(messages[..2]
        .iter()
        .any(|m| m["to"] == "demo.second@clinic.example"));
    assert!(messages[2..]
        .iter()
        .any(|m| m["to"] == "demo.clinic@clinic.example"));
    assert_eq!(
        messages[0]["subject"],
        "We received your registration request"
    );
    let body = messages[0]["body"].as_str().unwrap();
    assert!(body.starts_with("Greetings from Illinois Healthcare and Family Services."));
    assert!(body.trim_end().ends_with("HFS Portal Team"));
    let sent_at = messages[0]["sent_at"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(sent_at).is_ok() && sent_at.ends_with('Z'),
        "{sent_at}"
    );

    let (status, _) = app.get_json("/api/demo/outbox?all=1").await;
    assert_eq!(status, 422);
}
