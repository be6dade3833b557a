//! Accounts for the tests: registrants (an account, then its profile sent), HFS staff, approved
//! providers, and the rows of a Multiple Provider/Facility Registration Request.

use rules::calendar::Calendar;
use serde_json::{json, Value};

use super::{confirm_address, today, user_id, TestApp, DEMO_PASSWORD};

pub const PASSWORD: &str = "Lantern-Orchard-4417";

/// The review date the rules give for a request of `facilities` sent today (no calendar changes).
pub fn expected_due(facilities: u32) -> String {
    rules::timeline::registration_review_due(&Calendar::with_changes(&[]), today(), facilities)
        .format("%Y-%m-%d")
        .to_string()
}

pub fn profile() -> Value {
    json!({
        "first_name": "Jane",
        "last_name": "Doe",
        "contact_email": "office@prairie.example",
        "contact_phone": "217 555 0142",
        "organization_name": "Prairie Family Clinic",
        "organization_type": "provider",
        "medicaid_id": "987654321",
        "npi": "1234567893"
    })
}

/// A new account, its email confirmed (signed in on the returned client).
pub async fn register(app: &TestApp, username: &str) -> reqwest::Client {
    let client = register_unconfirmed(app, username).await;
    confirm_address(app, &format!("{username}@clinic.example")).await;
    client
}

/// A new account whose email is not confirmed yet (signed in on the returned client).
pub async fn register_unconfirmed(app: &TestApp, username: &str) -> reqwest::Client {
    let client = app.new_client();
    let (status, body) = app
        .post_app(
            &client,
            "/api/registrations",
            &json!({
                "email": format!("{username}@clinic.example"),
                "username": username,
                "password": PASSWORD,
                "confirm_password": PASSWORD
            }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    client
}

/// A registrant whose profile is sent, both addresses confirmed (pending, in HFS's queue).
pub async fn register_and_send(app: &TestApp, username: &str) -> (reqwest::Client, i64) {
    let client = register(app, username).await;
    let (status, body) = app.put_app(&client, "/api/me/profile", &profile()).await;
    assert_eq!(status, 200, "{body}");
    confirm_address(app, "office@prairie.example").await;
    (client, user_id(app, username).await)
}

/// A registrant whose addresses were confirmed before (an account of earlier days) sends the
/// profile: exactly two emails, the receipt to the account's and the contact email, nothing else.
pub async fn send_confirmed(app: &TestApp, username: &str) -> (reqwest::Client, i64) {
    let id = app
        .create_user(username, "provider", "profile_needed", None)
        .await;
    sqlx::query(
        "UPDATE users SET email = $1, contact_email = 'office@prairie.example' WHERE id = $2",
    )
    .bind(format!("{username}@clinic.example"))
    .bind(id)
    .execute(&app.pool)
    .await
    .unwrap();
    let client = app.sign_in(username, DEMO_PASSWORD).await;
    let (status, body) = app.put_app(&client, "/api/me/profile", &profile()).await;
    assert_eq!(status, 200, "{body}");
    (client, id)
}

/// An HFS staff member, signed in.
pub async fn hfs(app: &TestApp) -> reqwest::Client {
    app.create_user("hfs.reviewer", "hfs_staff", "approved", None)
        .await;
    app.sign_in("hfs.reviewer", DEMO_PASSWORD).await
}

/// An approved provider with one facility, signed in.
pub async fn approved_provider(app: &TestApp, username: &str) -> (reqwest::Client, i64) {
    let id = app
        .create_user(username, "provider", "approved", None)
        .await;
    app.add_facility(id, &format!("{username} Home Clinic"))
        .await;
    (app.sign_in(username, DEMO_PASSWORD).await, id)
}

/// Row `n` of a template (distinct Medicaid IDs).
pub fn row(n: u32) -> Value {
    json!({
        "contact_email": format!("site{n}@clinic.example"),
        "contact_phone": "217-555-0199",
        "name": format!("Prairie Clinic Site {n}"),
        "facility_type": "Clinic",
        "medicaid_id": format!("{:09}", 100_000_000 + n),
        "npi": "1234567893"
    })
}

pub fn request(rows: Vec<Value>) -> Value {
    json!({
        "contact_name": "Alex Agent",
        "contact_phone": "(312) 555-0123",
        "contact_email": "alex@billing.example",
        "facilities": rows
    })
}
