//! Helpers of the ticket tests: signed-in providers with a facility, MCO and HFS users, a valid
//! form dated relative to the Illinois date today, uploads with a file name, and presenting a
//! ticket directly in the database; and [`world`], a provider, two MCOs and HFS staff signed in,
//! with tickets stored directly in any status ([`insert_ticket`]) and the steps taken on them.

use chrono::{Duration, NaiveDate};
use serde_json::{json, Value};

use super::{
    days_ago, iso, spawn_app, status_and_json, today, TestApp, APP_HEADER, DEMO_PASSWORD, RIN,
};

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
    sqlx::query("UPDATE tickets SET presented_on = $1, status = 'with_mco' WHERE id = $2")
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
        "SELECT COUNT(*) FROM audit_log WHERE user_id = $1 AND ticket_id = $2 AND kind = $3",
    )
    .bind(user_id)
    .bind(ticket_id)
    .bind(what)
    .fetch_one(&app.pool)
    .await
    .expect("audit rows counted")
}

/// An app with a provider (one facility), an MCO user of Aetna, one of Molina, and HFS staff,
/// each signed in.
pub struct World {
    pub app: TestApp,
    pub provider: reqwest::Client,
    pub mco: reqwest::Client,
    pub other_mco: reqwest::Client,
    pub hfs: reqwest::Client,
    pub provider_id: i64,
    pub facility_id: i64,
    pub mco_id: i64,
}

pub async fn world() -> World {
    world_in(spawn_app().await).await
}

/// [`world`] in an app already started (e.g. one that sends mail).
pub async fn world_in(app: TestApp) -> World {
    let mco_id = app.mco_id("Aetna Better Health of Illinois").await;
    let molina = app.mco_id("Molina Healthcare of Illinois").await;
    let provider_id = app.create_user("prov", "provider", "approved", None).await;
    let facility_id = app.add_facility(provider_id, "North Clinic").await;
    app.create_user("aetna", "mco", "approved", Some(mco_id))
        .await;
    app.create_user("molina", "mco", "approved", Some(molina))
        .await;
    app.create_user("staff", "hfs_staff", "approved", None)
        .await;
    let provider = app.sign_in("prov", DEMO_PASSWORD).await;
    let mco = app.sign_in("aetna", DEMO_PASSWORD).await;
    let other_mco = app.sign_in("molina", DEMO_PASSWORD).await;
    let hfs = app.sign_in("staff", DEMO_PASSWORD).await;
    World {
        app,
        provider,
        mco,
        other_mco,
        hfs,
        provider_id,
        facility_id,
        mco_id,
    }
}

/// The member's last name of every ticket [`insert_ticket`] makes: never in an email.
pub const MEMBER_LAST_NAME: &str = "Quillfeather";

/// A ticket stored directly: `status` as stored and the event columns given (dates).
pub async fn insert_ticket(w: &World, status: &str, events: &[(&str, NaiveDate)]) -> i64 {
    let form = json!({
        "facility_id": w.facility_id,
        "mco_id": w.mco_id,
        "complaint_type": "claims_payment",
        "tracking_number": "ABH-77123",
        "mco_received_on": days_ago(40).to_string(),
        "program": "medicaid",
        "internal_process_exhausted": true,
        "prior_authorization_not_obtained": false,
        "member_first_name": "Tamsin",
        "member_last_name": MEMBER_LAST_NAME,
        "rin": RIN,
        "service_from": days_ago(120).to_string(),
        "service_to": days_ago(118).to_string(),
        "claim_number": "CLM123",
        "description": "Underpaid.",
        "desired_outcome": "Pay it.",
        "contact_name": "Pat Provider",
        "contact_phone": "(217) 555-0100",
        "contact_email": "pat@example.com"
    });
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO tickets (created_by, form_json, status, facility_id, mco_id, complaint_type, \
           rin_last4, tracking_number, mco_received_on, submitted_on, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 'claims_payment', $6, 'ABH-77123', $7, $8, 0, 0) RETURNING id",
    )
    .bind(w.provider_id)
    .bind(form.to_string())
    .bind(status)
    .bind(w.facility_id)
    .bind(w.mco_id)
    .bind(&RIN[5..])
    .bind(days_ago(40).to_string())
    .bind(today().to_string())
    .fetch_one(&w.app.pool)
    .await
    .expect("ticket inserted");
    for (column, date) in events {
        sqlx::query(&format!("UPDATE tickets SET {column} = $1 WHERE id = $2"))
            .bind(date.to_string())
            .bind(id)
            .execute(&w.app.pool)
            .await
            .expect("event set");
    }
    id
}

/// A ticket submitted today (the MCO received the dispute 40 days ago).
pub async fn submitted_ticket(w: &World) -> i64 {
    insert_ticket(w, "submitted", &[]).await
}

pub async fn act(w: &World, client: &reqwest::Client, id: i64, body: Value) -> (u16, Value) {
    w.app
        .post_app(client, &format!("/api/tickets/{id}/actions"), &body)
        .await
}

/// Takes the step, asserting 200 and the status it leads to; the ticket's detail.
pub async fn step(
    w: &World,
    client: &reqwest::Client,
    id: i64,
    body: Value,
    status: &str,
) -> Value {
    let (code, detail) = act(w, client, id, body.clone()).await;
    assert_eq!(code, 200, "{body}: {detail}");
    assert_eq!(detail["summary"]["status"], status, "{body}: {detail}");
    detail
}

pub fn respond() -> Value {
    json!({
        "action": "respond",
        "outcome": "upheld",
        "response": "We reviewed the claim; the decision stands.",
        "contact_name": "Dana Whitfield",
        "contact_phone": "312 555 0164",
        "contact_email": "dana@aetna.example"
    })
}

/// A party's delivery of its information for HFS's review.
pub fn deliver(information: &str) -> Value {
    json!({
        "action": "deliver_information",
        "information": information,
        "contact_name": "Robin Ledger",
        "contact_phone": "217 555 0142",
        "contact_email": "robin@example.com"
    })
}

/// HFS's decision, in the provider's favour.
pub fn decide(decision: &str) -> Value {
    json!({"action": "decide", "decision": decision, "outcome": "for_provider"})
}

pub async fn history_actions(app: &TestApp, id: i64) -> Vec<(String, String)> {
    sqlx::query_as("SELECT party, action FROM ticket_history WHERE ticket_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&app.pool)
        .await
        .unwrap()
}
