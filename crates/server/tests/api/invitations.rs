//! HFS approves a requested facility: an invitation code by email, redeemed once, for 30 days.

use serde_json::{json, Value};

use crate::helpers::accounts::{approved_provider, hfs, register_and_send, request, row};
use crate::helpers::{emails, spawn_app, TestApp};

fn now_millis() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    i64::try_from(since.as_millis()).unwrap()
}

const NOT_VALID: &str = "This invitation code is not valid or has expired";

/// Sends a one-row request as `client`, HFS approves it; returns the row's id and the emailed code.
async fn invited(
    app: &TestApp,
    client: &reqwest::Client,
    staff: &reqwest::Client,
    row: Value,
) -> (i64, String) {
    let (status, sent) = app
        .post_app(client, "/api/facility-requests", &request(vec![row]))
        .await;
    assert_eq!(status, 201, "{sent}");
    let id: i64 = sqlx::query_scalar("SELECT id FROM facility_requests WHERE batch_id = $1")
        .bind(sent["batch_id"].as_i64().unwrap())
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let (status, body) = app.approve(staff, "facility-requests", id).await;
    assert_eq!(status, 204, "{body}");
    let code = last_code(app).await;
    (id, code)
}

/// The code of the newest invitation email, read from the outbox.
async fn last_code(app: &TestApp) -> String {
    let body: String = sqlx::query_scalar(
        "SELECT body FROM outbox WHERE subject LIKE '%invitation%' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let after = body
        .split("Your invitation code is:")
        .nth(1)
        .expect("the code in the email");
    after.split_whitespace().next().unwrap().to_owned()
}

async fn redeem(app: &TestApp, client: &reqwest::Client, code: &str) -> (u16, Value) {
    app.post_app(client, "/api/invitations/redeem", &json!({"code": code}))
        .await
}

#[tokio::test]
async fn an_approved_facility_is_redeemed_into_the_account() {
    let app = spawn_app().await;
    let (client, _) = approved_provider(&app, "agent.invited").await;
    let staff = hfs(&app).await;
    let (id, code) = invited(&app, &client, &staff, row(7)).await;

    // Emailed to the row's contact and to the requester's account, with where to redeem it.
    let invitations: Vec<_> = emails(&app)
        .await
        .into_iter()
        .filter(|(_, _, body)| body.contains(&code))
        .collect();
    let mut recipients: Vec<&str> = invitations.iter().map(|(to, _, _)| to.as_str()).collect();
    recipients.sort_unstable();
    assert_eq!(
        recipients,
        ["agent.invited@example.com", "site7@clinic.example"]
    );
    assert!(invitations[0]
        .2
        .contains("Or enter the code at /account/invitation after you sign in"));
    // The link opens the redeem page with the code filled in (the code in the fragment).
    assert!(
        invitations[0].2.contains(&format!(
            "http://127.0.0.1:8080/account/invitation#code={code}"
        )),
        "{}",
        invitations[0].2
    );
    assert!(invitations[0].2.contains("Prairie Clinic Site 7"));

    // 20 characters of the unambiguous alphabet; only a hash is stored; 30 days.
    let plain: String = code.chars().filter(|c| *c != '-').collect();
    assert_eq!(plain.len(), 20, "{code}");
    assert!(plain
        .chars()
        .all(|c| "ABCDEFGHJKMNPQRSTUVWXYZ23456789".contains(c)));
    let (status, hash, expires): (String, String, i64) = sqlx::query_as(
        "SELECT status, invitation_hash, invitation_expires_at FROM facility_requests WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(status, "invited");
    assert_eq!(hash.len(), 64);
    assert!(!hash.contains(&plain));
    let now = now_millis();
    let days = (expires - now) as f64 / 86_400_000.0;
    assert!((29.9..=30.0).contains(&days), "{days}");
    let (status, _) = app.approve(&staff, "facility-requests", id).await;
    assert_eq!(status, 409, "decided once");
    let (_, mine) = app.get_with(&client, "/api/facility-requests").await;
    assert_eq!(mine[0]["status"], "invited");

    // Typed loosely: small letters, spaces, no dashes.
    let typed = format!("  {} ", plain.to_lowercase().replace("", " ").trim());
    let (status, session) = redeem(&app, &client, &typed).await;
    assert_eq!(status, 200, "{session}");
    assert_eq!(session["facilities"].as_array().unwrap().len(), 2);
    let (_, session) = app.get_with(&client, "/api/session").await;
    let facilities = session["facilities"].as_array().unwrap();
    assert_eq!(facilities.len(), 2, "{session}");
    assert!(facilities
        .iter()
        .any(|f| f["name"] == "Prairie Clinic Site 7" && f["facility_type"] == "Clinic"));

    let (status, facility_id): (String, Option<i64>) =
        sqlx::query_as("SELECT status, facility_id FROM facility_requests WHERE id = $1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(status, "redeemed");
    assert!(facility_id.is_some());
    let (_, mine) = app.get_with(&client, "/api/facility-requests").await;
    assert_eq!(mine[0]["status"], "redeemed");

    // Once only.
    let (status, body) = redeem(&app, &client, &code).await;
    assert_eq!(status, 422);
    assert_eq!(body, json!({"errors": {"code": [NOT_VALID]}}));
}

#[tokio::test]
async fn bad_codes_are_refused() {
    let app = spawn_app().await;
    let (client, _) = approved_provider(&app, "agent.codes").await;
    let staff = hfs(&app).await;

    for empty in ["", "   ", " - - "] {
        let (status, body) = redeem(&app, &client, empty).await;
        assert_eq!(status, 422);
        assert_eq!(
            body,
            json!({"errors": {"code": ["Enter the invitation code from your email"]}})
        );
    }
    let (status, body) = redeem(&app, &client, "ABCDE-FGHJK-MNPQR-STUVW").await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"]["code"][0], NOT_VALID);
    let (status, body) = app
        .post_app(&client, "/api/invitations/redeem", &json!({"code": 12345}))
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["code"].is_array());

    // Expired.
    let (id, code) = invited(&app, &client, &staff, row(1)).await;
    sqlx::query("UPDATE facility_requests SET invitation_expires_at = $1 WHERE id = $2")
        .bind(now_millis() - 1)
        .bind(id)
        .execute(&app.pool)
        .await
        .unwrap();
    let (status, body) = redeem(&app, &client, &code).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"]["code"][0], NOT_VALID);

    // Redeemed by another user (the row's contact, with an account of their own): used.
    let (id, code) = invited(&app, &client, &staff, row(2)).await;
    let (site_contact, site_contact_id) = approved_provider(&app, "site2.contact").await;
    let (status, session) = redeem(&app, &site_contact, &code).await;
    assert_eq!(status, 200, "{session}");
    let (status, body) = redeem(&app, &client, &code).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"]["code"][0], NOT_VALID);
    let owners: Vec<i64> = sqlx::query_scalar(
        "SELECT uf.user_id FROM user_facilities uf \
         JOIN facility_requests r ON r.facility_id = uf.facility_id WHERE r.id = $1",
    )
    .bind(id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(owners, [site_contact_id]);

    // A registrant who is not approved cannot redeem; nor can a stranger.
    let (_, code) = invited(&app, &client, &staff, row(3)).await;
    let (pending, _) = register_and_send(&app, "not.yet").await;
    let (status, _) = redeem(&app, &pending, &code).await;
    assert_eq!(status, 403);
    let (status, _) = redeem(&app, &app.new_client(), &code).await;
    assert_eq!(status, 401);
    let (status, _) = redeem(&app, &client, &code).await;
    assert_eq!(status, 200, "still good for the right user");
}

/// Facilities with the same Provider Medicaid ID and NPI: one the redeemer already has stays as it
/// is, one nobody is linked to is reused, and one another user is linked to is never handed over
/// (a separate record is made; HFS saw who has it before approving).
#[tokio::test]
async fn a_known_facility_is_reused_only_when_nobody_else_has_it() {
    let app = spawn_app().await;
    // `add_facility` makes facilities with Medicaid ID 123456789 and NPI 1234567893.
    let (client, reuse_id) = approved_provider(&app, "agent.reuse").await;
    let existing: i64 = sqlx::query_scalar("SELECT id FROM facilities")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let (other, _) = approved_provider(&app, "agent.second").await;
    let mut same = row(1);
    same["medicaid_id"] = json!("123456789");
    let staff = hfs(&app).await;

    // HFS sees who already has a facility with those IDs (not the requester itself).
    let (status, sent) = app
        .post_app(
            &other,
            "/api/facility-requests",
            &request(vec![same.clone()]),
        )
        .await;
    assert_eq!(status, 201, "{sent}");
    let (_, queue) = app.get_with(&staff, "/api/hfs/facility-requests").await;
    let pending = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["batch_id"] == sent["batch_id"])
        .unwrap();
    assert_eq!(pending["already_registered_to"], json!(["agent.reuse"]));
    // The requester's own list names nobody.
    let (_, mine) = app.get_with(&other, "/api/facility-requests").await;
    assert_eq!(mine[0]["already_registered_to"], json!([]));
    let id = pending["id"].as_i64().unwrap();
    let (status, _) = app.approve(&staff, "facility-requests", id).await;
    assert_eq!(status, 204);
    let code = last_code(&app).await;

    // Already the redeemer's: kept, no new record.
    let (status, session) = redeem(&app, &client, &code).await;
    assert_eq!(status, 200, "{session}");
    let facilities = session["facilities"].as_array().unwrap();
    assert_eq!(facilities.len(), 1, "already theirs: {session}");
    assert_eq!(facilities[0]["id"], existing);
    assert_eq!(app.count("facilities").await, 2, "no new facility");

    // Someone typing those public IDs gets a facility of its own, not agent.reuse's.
    let newcomer_id = app
        .create_user("newcomer", "provider", "approved", None)
        .await;
    let newcomer = app.sign_in("newcomer", crate::helpers::DEMO_PASSWORD).await;
    let (_, code) = invited(&app, &newcomer, &staff, same.clone()).await;
    let (status, session) = redeem(&app, &newcomer, &code).await;
    assert_eq!(status, 200, "{session}");
    let facilities = session["facilities"].as_array().unwrap();
    assert_eq!(facilities.len(), 1, "{session}");
    assert_ne!(facilities[0]["id"], existing);
    assert_eq!(app.count("facilities").await, 3, "a separate record");
    let owners: Vec<i64> =
        sqlx::query_scalar("SELECT user_id FROM user_facilities WHERE facility_id = $1")
            .bind(existing)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(owners, [reuse_id], "agent.reuse's facility stays its own");
    let (_, theirs) = app.get_with(&client, "/api/session").await;
    assert_eq!(theirs["facilities"].as_array().unwrap().len(), 1);

    // A facility nobody is linked to is reused.
    let orphan: i64 = sqlx::query_scalar(
        "INSERT INTO facilities (name, facility_type, medicaid_id, npi, contact_email, \
           contact_phone, created_at) \
         VALUES ('Prairie Clinic Site 5', 'Clinic', '100000005', '1234567893', \
           'site5@clinic.example', '217-555-0199', 0) RETURNING id",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let (_, code) = invited(&app, &newcomer, &staff, row(5)).await;
    let (status, session) = redeem(&app, &newcomer, &code).await;
    assert_eq!(status, 200, "{session}");
    assert!(session["facilities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["id"] == orphan));
    assert_eq!(app.count("facilities").await, 4, "no new facility");
    let owners: Vec<i64> =
        sqlx::query_scalar("SELECT user_id FROM user_facilities WHERE facility_id = $1")
            .bind(orphan)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(owners, [newcomer_id]);
}
