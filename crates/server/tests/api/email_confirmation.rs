//! Confirmed addresses (docs/accounts.md, "Confirmed addresses"): a registration reaches HFS only
//! once the account's email and the profile's contact email are confirmed through their emailed
//! links; a changed contact email is confirmed again; links are single use, expire, and can be sent
//! again (throttled); demo accounts are confirmed already.

use std::time::Duration;

use portal_server::Security;
use serde_json::{json, Value};

use crate::helpers::accounts::{hfs, profile, register, register_and_send, register_unconfirmed};
use crate::helpers::{
    confirm_address, emails, link_token, spawn_app, spawn_app_with, user_id, TestApp,
};

const CONFIRM: &str = "Confirm your email address for the Provider Resolution Portal";
const RECEIVED: &str = "We received your registration request";

async fn confirm(app: &TestApp, token: &str) -> (u16, Value) {
    app.post_app(
        &app.new_client(),
        "/api/email-confirmation",
        &json!({ "token": token }),
    )
    .await
}

async fn queue(app: &TestApp, staff: &reqwest::Client) -> Vec<String> {
    let (status, body) = app.get_with(staff, "/api/hfs/registrations").await;
    assert_eq!(status, 200, "{body}");
    body.as_array()
        .unwrap()
        .iter()
        .map(|r| r["username"].as_str().unwrap().to_owned())
        .collect()
}

async fn subjects_to(app: &TestApp, to: &str) -> Vec<String> {
    emails(app)
        .await
        .into_iter()
        .filter(|(address, _, _)| address == to)
        .map(|(_, subject, _)| subject)
        .collect()
}

#[tokio::test]
async fn a_registration_reaches_hfs_once_both_addresses_are_confirmed() {
    let app = spawn_app().await;
    let staff = hfs(&app).await;
    let client = register_unconfirmed(&app, "new.clinic").await;
    let account = "new.clinic@clinic.example";

    // The link, token in the fragment.
    let sent = emails(&app).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0, account);
    assert_eq!(sent[0].1, CONFIRM);
    assert!(
        sent[0]
            .2
            .contains("http://127.0.0.1:8080/confirm-email#token="),
        "{}",
        sent[0].2
    );
    let (_, registration) = app.get_with(&client, "/api/me/registration").await;
    assert_eq!(registration["email_confirmed"], false);

    // The profile is sent, but HFS does not see it yet.
    let (status, registration) = app.put_app(&client, "/api/me/profile", &profile()).await;
    assert_eq!(status, 200, "{registration}");
    assert_eq!(registration["status"], "pending");
    assert!(queue(&app, &staff).await.is_empty());
    let id = user_id(&app, "new.clinic").await;
    assert_eq!(app.approve(&staff, "registrations", id).await.0, 404);
    assert_eq!(
        subjects_to(&app, "office@prairie.example").await,
        [CONFIRM],
        "the new contact email gets its own link, and nothing else yet"
    );

    confirm_address(&app, account).await;
    assert!(
        queue(&app, &staff).await.is_empty(),
        "the contact email is not confirmed yet"
    );
    let (_, registration) = app.get_with(&client, "/api/me/registration").await;
    assert_eq!(registration["email_confirmed"], true);
    assert_eq!(registration["contact_email_confirmed"], false);

    confirm_address(&app, "office@prairie.example").await;
    assert_eq!(queue(&app, &staff).await, ["new.clinic"]);
    let (_, registration) = app.get_with(&client, "/api/me/registration").await;
    assert_eq!(registration["contact_email_confirmed"], true);
    // The receipt goes out when the request reaches HFS, to both addresses.
    assert_eq!(subjects_to(&app, account).await, [CONFIRM, RECEIVED]);
    assert_eq!(
        subjects_to(&app, "office@prairie.example").await,
        [CONFIRM, RECEIVED]
    );
    assert_eq!(app.approve(&staff, "registrations", id).await.0, 204);
}

#[tokio::test]
async fn a_contact_email_that_is_the_account_email_needs_no_second_link() {
    let app = spawn_app().await;
    let staff = hfs(&app).await;
    let client = register_unconfirmed(&app, "same.mail").await;
    let mut same = profile();
    same["contact_email"] = json!("same.mail@clinic.example");
    let (status, body) = app.put_app(&client, "/api/me/profile", &same).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        subjects_to(&app, "same.mail@clinic.example").await,
        [CONFIRM]
    );
    assert!(queue(&app, &staff).await.is_empty());
    confirm_address(&app, "same.mail@clinic.example").await;
    assert_eq!(queue(&app, &staff).await, ["same.mail"]);
}

#[tokio::test]
async fn a_changed_contact_email_is_confirmed_again() {
    let app = spawn_app().await;
    let staff = hfs(&app).await;
    let (client, id) = register_and_send(&app, "changer").await;
    assert_eq!(
        app.deny(&staff, "registrations", id, "Enter the clinic's NPI")
            .await
            .0,
        204
    );

    // Sent again with a new contact email: not used (nor shown to HFS) before it is confirmed.
    let mut changed = profile();
    changed["contact_email"] = json!("new.office@prairie.example");
    let (status, registration) = app.put_app(&client, "/api/me/profile", &changed).await;
    assert_eq!(status, 200, "{registration}");
    assert_eq!(registration["contact_email_confirmed"], false);
    assert!(queue(&app, &staff).await.is_empty());
    assert_eq!(
        subjects_to(&app, "new.office@prairie.example").await,
        [CONFIRM]
    );
    confirm_address(&app, "new.office@prairie.example").await;
    assert_eq!(queue(&app, &staff).await, ["changer"]);

    // Denied again and sent with the same contact email: still confirmed, straight to HFS.
    assert_eq!(
        app.deny(&staff, "registrations", id, "Enter the clinic's NPI")
            .await
            .0,
        204
    );
    let (status, registration) = app.put_app(&client, "/api/me/profile", &changed).await;
    assert_eq!(status, 200, "{registration}");
    assert_eq!(registration["contact_email_confirmed"], true);
    assert_eq!(queue(&app, &staff).await, ["changer"]);
}

#[tokio::test]
async fn links_are_single_use_and_unknown_ones_are_refused() {
    let app = spawn_app().await;
    register_unconfirmed(&app, "once.only").await;
    let token = link_token(&app, "once.only@clinic.example").await.unwrap();
    assert_eq!(confirm(&app, &token).await.0, 204);
    let (status, body) = confirm(&app, &token).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["errors"]["token"][0]
        .as_str()
        .unwrap()
        .contains("Ask for a new link"));
    let (status, body) = confirm(&app, "no-such-token").await;
    assert_eq!(status, 422);
    assert!(body["errors"]["token"].is_array());
}

#[tokio::test]
async fn an_expired_link_is_refused() {
    let app = spawn_app_with(|state| {
        state.with_security(Security {
            confirm_link_validity: Duration::ZERO,
            ..Security::default()
        })
    })
    .await;
    register_unconfirmed(&app, "late.reader").await;
    let token = link_token(&app, "late.reader@clinic.example")
        .await
        .unwrap();
    let (status, body) = confirm(&app, &token).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["errors"]["token"].is_array());
}

#[tokio::test]
async fn the_link_can_be_sent_again_a_few_times() {
    let app = spawn_app().await;
    let client = register_unconfirmed(&app, "resend.me").await;
    let address = "resend.me@clinic.example";
    let first = link_token(&app, address).await.unwrap();
    for _ in 0..3 {
        let (status, body) = app
            .post_app(&client, "/api/me/email-confirmation", &json!({}))
            .await;
        assert_eq!(status, 204, "{body}");
    }
    let (status, body) = app
        .post_app(&client, "/api/me/email-confirmation", &json!({}))
        .await;
    assert_eq!(status, 429, "{body}");
    assert!(body["errors"]["email"].is_array(), "{body}");
    assert_eq!(subjects_to(&app, address).await.len(), 4);

    // Only the newest link works.
    assert_eq!(confirm(&app, &first).await.0, 422);
    confirm_address(&app, address).await;
    let (status, _) = app
        .post_app(&client, "/api/me/email-confirmation", &json!({}))
        .await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn confirmed_registrants_and_demo_accounts_need_no_link() {
    let app = spawn_app().await;
    let client = register(&app, "done.already").await;
    let (_, registration) = app.get_with(&client, "/api/me/registration").await;
    assert_eq!(registration["email_confirmed"], true);

    app.seed_demo().await;
    let unconfirmed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE demo = 1 \
         AND (email_confirmed_at IS NULL OR contact_email_confirmed_at IS NULL)",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(unconfirmed, 0);
}
