//! Password reset by email (docs/accounts.md, "Password reset"): one answer for known and unknown
//! identifiers, throttling, single-use links that expire, the password rules, every session ended,
//! and the email that tells the account its password changed.

use std::time::{Duration, Instant};

use portal_server::Security;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::helpers::{
    emails, link_token, sign_in_status, spawn_app, spawn_app_with, TestApp, DEMO_PASSWORD,
};

const NEW_PASSWORD: &str = "Quartz-Meadow-Violin-82";
const CHANGED: &str = "Your Provider Resolution Portal password was changed";

async fn ask(app: &TestApp, identifier: &str) -> (u16, Value) {
    app.post_app(
        &app.new_client(),
        "/api/password-reset",
        &json!({ "identifier": identifier }),
    )
    .await
}

async fn complete(app: &TestApp, token: &str, password: &str) -> (u16, Value) {
    app.post_app(
        &app.new_client(),
        "/api/password-reset/complete",
        &json!({ "token": token, "password": password }),
    )
    .await
}

#[tokio::test]
async fn known_and_unknown_identifiers_get_the_same_answer() {
    let app = spawn_app().await;
    app.create_user("reset.me", "provider", "approved", None)
        .await;

    let started = Instant::now();
    let known = ask(&app, "reset.me").await;
    let known_time = started.elapsed();
    let started = Instant::now();
    let unknown = ask(&app, "nobody.here").await;
    let unknown_time = started.elapsed();
    let by_email = ask(&app, " RESET.ME@example.com ").await;
    assert_eq!(known.0, 202, "{}", known.1);
    assert_eq!(known, unknown);
    assert_eq!(known, by_email);
    assert!(known.1["message"]
        .as_str()
        .unwrap()
        .starts_with("If an account has that username or email address"));
    // No sooner than the floor, whichever it was.
    for time in [known_time, unknown_time] {
        assert!(time >= Duration::from_millis(150), "{time:?}");
    }

    // Two links to the account (the newest works), none to anyone else.
    let sent = emails(&app).await;
    assert_eq!(sent.len(), 2, "{sent:?}");
    for (to, subject, body) in &sent {
        assert_eq!(to, "reset.me@example.com");
        assert_eq!(subject, "Reset your Provider Resolution Portal password");
        assert!(
            body.contains("http://127.0.0.1:8080/password-reset#token="),
            "{body}"
        );
        assert!(
            body.contains("reset.me") && body.contains("60 minutes"),
            "{body}"
        );
    }
    // Only the token's hash is stored.
    let token = link_token(&app, "reset.me@example.com").await.unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM email_tokens")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, [format!("{:x}", Sha256::digest(token.as_bytes()))]);

    // A blank identifier is a field error.
    let (status, body) = ask(&app, "  ").await;
    assert_eq!(status, 422);
    assert!(body["errors"]["identifier"].is_array(), "{body}");
}

#[tokio::test]
async fn requests_are_throttled_per_identifier_and_per_address() {
    let app = spawn_app().await;
    app.create_user("reset.me", "provider", "approved", None)
        .await;
    for identifier in ["reset.me", "ghost.user"] {
        for _ in 0..3 {
            assert_eq!(ask(&app, identifier).await.0, 202);
        }
        // The 4th in 15 minutes is refused, known or not.
        let (status, body) = ask(&app, identifier).await;
        assert_eq!(status, 429, "{body}");
        assert!(body["errors"]["identifier"][0]
            .as_str()
            .unwrap()
            .starts_with("Too many requests for a new password"));
    }
    assert_eq!(emails(&app).await.len(), 3);

    // Per client address: 10 in 15 minutes (6 so far), whatever the identifiers.
    for i in 0..4 {
        assert_eq!(ask(&app, &format!("other{i}")).await.0, 202);
    }
    let response = app
        .new_client()
        .post(app.url("/api/password-reset"))
        .header("x-requested-with", "portal-app")
        .json(&json!({"identifier": "fresh.name"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 429);
    assert!(response.headers().get("retry-after").is_some());
}

#[tokio::test]
async fn a_link_sets_a_new_password_once_and_ends_every_session() {
    let app = spawn_app().await;
    app.create_user("reset.me", "provider", "approved", None)
        .await;
    let elsewhere = app.sign_in("reset.me", DEMO_PASSWORD).await;
    assert_eq!(ask(&app, "reset.me").await.0, 202);
    let token = link_token(&app, "reset.me@example.com").await.unwrap();

    // The password rules, under `password`; the link still works after a refusal.
    for weak in ["short", "reset.me-1234567890", ""] {
        let (status, body) = complete(&app, &token, weak).await;
        assert_eq!(status, 422, "{weak}: {body}");
        assert!(body["errors"]["password"].is_array(), "{body}");
        assert!(body["errors"].get("token").is_none(), "{body}");
    }

    let (status, body) = complete(&app, &token, NEW_PASSWORD).await;
    assert_eq!(status, 204, "{body}");
    let url = app.url("/api/session");
    assert_eq!(app.get_with(&elsewhere, "/api/session").await.0, 401);
    assert_eq!(
        sign_in_status(url.clone(), "reset.me", DEMO_PASSWORD).await,
        401
    );
    assert_eq!(sign_in_status(url, "reset.me", NEW_PASSWORD).await, 204);

    // The account is told.
    let told: Vec<_> = emails(&app)
        .await
        .into_iter()
        .filter(|(_, subject, _)| subject == CHANGED)
        .collect();
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].0, "reset.me@example.com");

    // Used: refused, with what to do.
    let (status, body) = complete(&app, &token, "Another-Fine-Password-77").await;
    assert_eq!(status, 422, "{body}");
    let message = body["errors"]["token"][0].as_str().unwrap();
    assert!(message.contains("Ask for a new link"), "{message}");
    // Unknown: the same.
    let (status, body) = complete(&app, "not-a-token-anyone-was-sent", NEW_PASSWORD).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"]["token"][0], message);
}

#[tokio::test]
async fn an_expired_link_is_refused() {
    let app = spawn_app_with(|state| {
        state.with_security(Security {
            reset_link_validity: Duration::ZERO,
            ..Security::default()
        })
    })
    .await;
    app.create_user("reset.me", "provider", "approved", None)
        .await;
    assert_eq!(ask(&app, "reset.me").await.0, 202);
    let token = link_token(&app, "reset.me@example.com").await.unwrap();
    let (status, body) = complete(&app, &token, NEW_PASSWORD).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["errors"]["token"].is_array());
    let url = app.url("/api/session");
    assert_eq!(sign_in_status(url, "reset.me", DEMO_PASSWORD).await, 204);
}

#[tokio::test]
async fn disabled_accounts_get_no_link() {
    let app = spawn_app().await;
    app.create_user("gone.user", "provider", "disabled", None)
        .await;
    assert_eq!(ask(&app, "gone.user").await.0, 202);
    assert!(emails(&app).await.is_empty());
}

#[tokio::test]
async fn changing_the_password_emails_the_account() {
    let app = spawn_app().await;
    app.create_user("change.me", "provider", "approved", None)
        .await;
    let client = app.sign_in("change.me", DEMO_PASSWORD).await;
    let (status, body) = app
        .put_app(
            &client,
            "/api/me/password",
            &json!({
                "current_password": DEMO_PASSWORD,
                "new_password": NEW_PASSWORD,
                "confirm_password": NEW_PASSWORD
            }),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    let sent = emails(&app).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].0, "change.me@example.com");
    assert_eq!(sent[0].1, CHANGED);
    assert!(!sent[0].2.contains(NEW_PASSWORD));
}
