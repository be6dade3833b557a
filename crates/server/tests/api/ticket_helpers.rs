//! Helpers of the ticket tests: signed-in providers with a facility, MCO and HFS users, a valid
//! form dated relative to the Illinois date today, uploads with a file name, and presenting a
//! ticket directly in the database.

use chrono::{Duration, NaiveDate};
use serde_json::{json, Value};

use crate::helpers::{status_and_json, TestApp, APP_HEADER, DEMO_PASSWORD};

/// The member's full RIN of every form here (it must never appear in a list).
pub const RIN: &str = "987654321";

/// A PDF's first bytes (the type is read from them).
pub const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n";
/// A Windows program (`MZ`).
pub const EXE: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00program";

/// A provider user able to file tickets.
pub struct Provider {
    pub user_id: i64,
    pub facility_id: i64,
    pub client: reqwest::Client,
}

/// The Illinois date now, as the server reads it.
pub fn today() -> NaiveDate {
    portal_server::time::today()
}

pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// An approved provider with one facility, signed in.
pub async fn provider(app: &TestApp, username: &str) -> Provider {
    let user_id = app
        .create_user(username, "provider", "approved", None)
        .await;
    let facility_id = app
        .add_facility(user_id, &format!("{username} Clinic"))
        .await;
    let client = app.sign_in(username, DEMO_PASSWORD).await;
    Provider {
        user_id,
        facility_id,
        client,
    }
}

/// A user of another role (`mco` with its MCO's name, `hfs_staff`, `hfs_admin`), signed in.
pub async fn staff(
    app: &TestApp,
    username: &str,
    role: &str,
    mco: Option<&str>,
) -> reqwest::Client {
    let mco_id = match mco {
        Some(name) => Some(app.mco_id(name).await),
        None => None,
    };
    app.create_user(username, role, "approved", mco_id).await;
    app.sign_in(username, DEMO_PASSWORD).await
}

pub const AETNA: &str = "Aetna Better Health of Illinois";
pub const MERIDIAN: &str = "Meridian Health Plan of Illinois";

/// A form that passes every check: the MCO received the dispute 45 days ago.
pub fn valid_form(facility_id: i64, mco_id: i64) -> Value {
    let today = today();
    json!({
        "facility_id": facility_id,
        "mco_id": mco_id,
        "complaint_type": "claims_payment",
        "tracking_number": "AET-2026-0001",
        "mco_received_on": iso(today - Duration::days(45)),
        "program": "medicaid",
        "internal_process_exhausted": true,
        "prior_authorization_not_obtained": false,
        "multiple_claims": false,
        "claims_file_id": null,
        "member_first_name": "Jamie",
        "member_last_name": "Rivera",
        "rin": RIN,
        "service_from": iso(today - Duration::days(120)),
        "service_to": iso(today - Duration::days(118)),
        "claim_number": "CLM-778899",
        "description": "The claim was denied as a duplicate but it is not one.",
        "desired_outcome": "Reprocess and pay the claim.",
        "contact_name": "Pat Lee",
        "contact_phone": "217 555 0100",
        "contact_email": "pat.lee@example.com"
    })
}

/// Submits a whole valid form for `provider` to `mco` (by name): the 201's `TicketDetail`.
pub async fn submit_ticket(app: &TestApp, provider: &Provider, mco: &str) -> Value {
    let mco_id = app.mco_id(mco).await;
    let (status, body) = app
        .post_app(
            &provider.client,
            "/api/tickets",
            &valid_form(provider.facility_id, mco_id),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    body
}

/// The ticket's id from a `TicketDetail`.
pub fn ticket_id(detail: &Value) -> i64 {
    detail["summary"]["id"].as_i64().expect("a ticket id")
}

/// HFS presented the ticket today (written directly, as the action would).
pub async fn present(app: &TestApp, ticket_id: i64) {
    sqlx::query("UPDATE tickets SET presented_on = ?1, status = 'with_mco' WHERE id = ?2")
        .bind(iso(today()))
        .bind(ticket_id)
        .execute(&app.pool)
        .await
        .expect("ticket presented");
}

/// POSTs `bytes` as a file named `file_name` (percent-encoded as the app does) to `path`.
pub async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    file_name: &str,
    content_type: &str,
    bytes: Vec<u8>,
) -> (u16, Value) {
    let encoded: String = form_urlencoded::byte_serialize(file_name.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    let response = client
        .post(app.url(path))
        .header(APP_HEADER.0, APP_HEADER.1)
        .header("content-type", content_type)
        .header("x-file-name", encoded)
        .body(bytes)
        .send()
        .await
        .expect("request sent");
    status_and_json(response).await
}

/// The number of `audit_log` rows of `what` on `ticket_id` by `user_id`.
pub async fn audit_rows(app: &TestApp, user_id: i64, ticket_id: i64, what: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE user_id = ?1 AND ticket_id = ?2 AND what = ?3",
    )
    .bind(user_id)
    .bind(ticket_id)
    .bind(what)
    .fetch_one(&app.pool)
    .await
    .expect("audit rows counted")
}

/// The id of the user named `username`.
pub async fn user_id(app: &TestApp, username: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE username = ?1")
        .bind(username)
        .fetch_one(&app.pool)
        .await
        .expect("a user of that name")
}
