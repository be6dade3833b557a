//! Registration: the account, the profile, HFS's approval or denial (docs/accounts.md).

use rules::wire::accounts::{NewAccount, Profile};
use serde_json::{json, Value};

use crate::helpers::accounts::{expected_due, hfs, profile, register, register_and_send, PASSWORD};
use crate::helpers::{
    confirm_address, emails, spawn_app, today, user_id, APP_HEADER, DEMO_PASSWORD,
};

#[tokio::test]
async fn register_send_profile_approve() {
    let app = spawn_app().await;
    let client = app.new_client();
    let response = client
        .post(app.url("/api/registrations"))
        .header(APP_HEADER.0, APP_HEADER.1)
        .json(&json!({
            "email": "  Jane.Doe@Clinic.Example ",
            "username": "jane.doe",
            "password": PASSWORD,
            "confirm_password": PASSWORD
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    let cookie = response
        .headers()
        .get("set-cookie")
        .expect("a session cookie")
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("portal_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let session: Value = response.json().await.unwrap();
    assert_eq!(session["status"], "profile_needed");
    assert_eq!(session["role"], "provider");
    assert_eq!(session["username"], "jane.doe");
    assert_eq!(session["facilities"], json!([]));

    // Signed in by the registration itself.
    let (status, session) = app.get_with(&client, "/api/session").await;
    assert_eq!(status, 200);
    assert_eq!(session["status"], "profile_needed");
    let (status, registration) = app.get_with(&client, "/api/me/registration").await;
    assert_eq!(status, 200);
    assert_eq!(registration["status"], "profile_needed");
    assert_eq!(registration["profile"], Value::Null);
    assert_eq!(registration["requested_on"], Value::Null);
    let stored: (String, String) =
        sqlx::query_as("SELECT email, password_hash FROM users WHERE username = 'jane.doe'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        stored.0, "Jane.Doe@clinic.example",
        "trimmed, domain lowercased"
    );
    assert!(stored.1.starts_with("$argon2id$"));
    // The account's email is confirmed through the emailed link (tests/api/email_confirmation.rs).
    assert_eq!(registration["email_confirmed"], false);
    confirm_address(&app, "Jane.Doe@clinic.example").await;

    // The profile: pending, requested today, due by the rules' registration_review clock.
    let (status, registration) = app.put_app(&client, "/api/me/profile", &profile()).await;
    assert_eq!(status, 200, "{registration}");
    // Its new contact email is confirmed too before the request reaches HFS.
    assert_eq!(registration["email_confirmed"], true);
    assert_eq!(registration["contact_email_confirmed"], false);
    confirm_address(&app, "office@prairie.example").await;
    let today = today().format("%Y-%m-%d").to_string();
    assert_eq!(registration["status"], "pending");
    assert_eq!(registration["requested_on"], today.as_str());
    assert_eq!(registration["review_due_on"], expected_due(1).as_str());
    assert_eq!(registration["profile"]["contact_phone"], "(217) 555-0142");
    assert_eq!(registration["denial_reason"], Value::Null);
    let (_, session) = app.get_with(&client, "/api/session").await;
    assert_eq!(session["status"], "pending");
    assert_eq!(session["display_name"], "Jane Doe");

    // Sent once: sending again is a conflict.
    let (status, body) = app.put_app(&client, "/api/me/profile", &profile()).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(
        body["message"],
        "Your registration request has already been sent"
    );

    // The email says when to expect the decision, the date written long.
    let due = rules::dates::parse_iso_date(&expected_due(1)).unwrap();
    let sent = emails(&app).await;
    let received: Vec<_> = sent
        .iter()
        .filter(|(_, subject, _)| subject == "We received your registration request")
        .collect();
    assert_eq!(received.len(), 2, "account and contact email: {sent:?}");
    assert!(received
        .iter()
        .any(|(to, _, _)| to == "Jane.Doe@clinic.example"));
    assert!(received
        .iter()
        .any(|(to, _, _)| to == "office@prairie.example"));
    let body = &received[0].2;
    assert!(body.starts_with("Greetings from Illinois Healthcare and Family Services."));
    assert!(body.contains(&rules::dates::long_date(due)), "{body}");
    assert!(body.contains("HFS Portal Team"));

    // HFS's queue, then the approval.
    let staff = hfs(&app).await;
    let (status, queue) = app.get_with(&staff, "/api/hfs/registrations").await;
    assert_eq!(status, 200);
    let queue = queue.as_array().unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0]["username"], "jane.doe");
    assert_eq!(queue[0]["status"], "pending");
    assert_eq!(queue[0]["review_due_on"], expected_due(1).as_str());
    assert_eq!(
        queue[0]["profile"]["organization_name"],
        "Prairie Family Clinic"
    );
    assert_eq!(queue[0]["already_registered_to"], json!([]));
    let id = queue[0]["user_id"].as_i64().unwrap();
    // One request, as the decision page reads it: the queue's entry; none for another user.
    let (status, one) = app
        .get_with(&staff, &format!("/api/hfs/registrations/{id}"))
        .await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(one, queue[0]);
    assert_eq!(
        app.get_with(&staff, "/api/hfs/registrations/999999")
            .await
            .0,
        404
    );

    let (status, body) = app.approve(&staff, "registrations", id).await;
    assert_eq!(status, 204, "{body}");
    let (status, body) = app.approve(&staff, "registrations", id).await;
    assert_eq!(status, 409, "decided once: {body}");
    let (status, _) = app.approve(&staff, "registrations", 999999).await;
    assert_eq!(status, 404);

    // The registrant now has the profile's facility.
    let (_, session) = app.get_with(&client, "/api/session").await;
    assert_eq!(session["status"], "approved");
    let facilities = session["facilities"].as_array().unwrap();
    assert_eq!(facilities.len(), 1, "{session}");
    assert_eq!(facilities[0]["name"], "Prairie Family Clinic");
    assert_eq!(facilities[0]["facility_type"], "Provider or facility");
    assert_eq!(facilities[0]["medicaid_id"], "987654321");
    assert_eq!(facilities[0]["npi"], "1234567893");
    assert_eq!(session["facility_id"], facilities[0]["id"]);
    let (_, registration) = app.get_with(&client, "/api/me/registration").await;
    assert_eq!(registration["status"], "approved");
    assert_eq!(registration["decided_on"], today.as_str());
    let (status, _) = app.put_app(&client, "/api/me/profile", &profile()).await;
    assert_eq!(status, 409);

    let (_, queue) = app
        .get_with(&staff, "/api/hfs/registrations?status=approved")
        .await;
    assert_eq!(queue.as_array().unwrap().len(), 1);
    let (_, queue) = app.get_with(&staff, "/api/hfs/registrations").await;
    assert_eq!(queue, json!([]));

    let approved: Vec<_> = emails(&app)
        .await
        .into_iter()
        .filter(|(_, subject, _)| subject == "Your registration is approved")
        .collect();
    assert!(!approved.is_empty());
    assert!(approved[0].2.contains("Sign in"));
}

#[tokio::test]
async fn denied_registrant_sees_the_reason_and_sends_again() {
    let app = spawn_app().await;
    let (client, id) = register_and_send(&app, "sam.clinic").await;
    let staff = hfs(&app).await;
    let deny = format!("/api/hfs/registrations/{id}/deny");

    // A reason is required.
    let (status, body) = app.post_app(&staff, &deny, &json!({"reason": "  "})).await;
    assert_eq!(status, 422);
    assert_eq!(
        body["errors"]["reason"][0],
        rules::accounts::check_denial_reason("")
            .unwrap_err()
            .as_str()
    );
    let (status, body) = app.post_app(&staff, &deny, &json!({})).await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = app
        .post_app(&staff, &deny, &json!({"reason": "x", "why": "y"}))
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["why"].is_array());

    let reason = "The Provider Medicaid ID does not match our records. Check it against your IMPACT enrollment.";
    let (status, body) = app.deny(&staff, "registrations", id, reason).await;
    assert_eq!(status, 204, "{body}");
    let (status, _) = app.deny(&staff, "registrations", id, reason).await;
    assert_eq!(status, 409);

    let (_, registration) = app.get_with(&client, "/api/me/registration").await;
    assert_eq!(registration["status"], "denied");
    assert_eq!(registration["denial_reason"], reason);
    assert_eq!(registration["profile"]["medicaid_id"], "987654321");
    let denied: Vec<_> = emails(&app)
        .await
        .into_iter()
        .filter(|(_, _, body)| body.contains(reason))
        .collect();
    assert!(!denied.is_empty());
    assert!(denied[0].2.contains("correct your profile and send"));

    let (_, queue) = app
        .get_with(&staff, "/api/hfs/registrations?status=denied")
        .await;
    assert_eq!(queue[0]["denial_reason"], reason);

    // Corrected and sent again: pending, the old denial gone.
    let mut corrected = profile();
    corrected["medicaid_id"] = json!("123456780");
    let (status, registration) = app.put_app(&client, "/api/me/profile", &corrected).await;
    assert_eq!(status, 200, "{registration}");
    assert_eq!(registration["status"], "pending");
    assert_eq!(registration["denial_reason"], Value::Null);
    assert_eq!(registration["decided_on"], Value::Null);
    assert_eq!(registration["profile"]["medicaid_id"], "123456780");
    let (_, queue) = app.get_with(&staff, "/api/hfs/registrations").await;
    assert_eq!(queue[0]["user_id"], id);
    let (_, queue) = app
        .get_with(&staff, "/api/hfs/registrations?status=all")
        .await;
    assert_eq!(queue.as_array().unwrap().len(), 1);
    let (status, body) = app
        .get_with(&staff, "/api/hfs/registrations?status=maybe")
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["status"].is_array());
}

#[tokio::test]
async fn the_server_refuses_what_the_browser_refuses() {
    let app = spawn_app().await;
    let client = app.new_client();
    let account = NewAccount {
        email: "not-an-email".into(),
        username: "x".into(),
        password: "short".into(),
        confirm_password: "different".into(),
    };
    let expected = rules::accounts::check_new_account(&account).unwrap_err();
    let (status, body) = app
        .post_app(
            &client,
            "/api/registrations",
            &serde_json::to_value(&account).unwrap(),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body, serde_json::to_value(&expected).unwrap());
    for field in ["email", "username", "password"] {
        assert!(body["errors"][field].is_array(), "{field}: {body}");
    }

    // Not text, unknown, missing: each under its name, nothing made.
    let (status, body) = app
        .post_app(
            &client,
            "/api/registrations",
            &json!({"email": 5, "username": "abc", "password": PASSWORD, "role": "hfs_admin"}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["email"].is_array() && body["errors"]["role"].is_array());
    let (status, body) = app
        .post_app(&client, "/api/registrations", &json!([1]))
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["body"].is_array());
    assert_eq!(app.count("users").await, 0);

    // The profile's fields, checked by the same rules.
    let client = register(&app, "pat.clinic").await;
    let bad = Profile {
        first_name: " ".into(),
        contact_email: "pat@".into(),
        contact_phone: "555".into(),
        organization_type: "hospital".into(),
        medicaid_id: "12ab".into(),
        npi: "1234567890".into(),
        ..Profile::default()
    };
    let expected = rules::accounts::check_profile(&bad).unwrap_err();
    let (status, body) = app
        .put_app(
            &client,
            "/api/me/profile",
            &serde_json::to_value(&bad).unwrap(),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body, serde_json::to_value(&expected).unwrap());
    assert!(body["errors"]["npi"].is_array());
    let (_, registration) = app.get_with(&client, "/api/me/registration").await;
    assert_eq!(registration["status"], "profile_needed");
}

#[tokio::test]
async fn a_username_is_taken_once_whatever_its_case() {
    let app = spawn_app().await;
    register(&app, "river.clinic").await;
    let (status, body) = app
        .post_app(
            &app.new_client(),
            "/api/registrations",
            &json!({
                "email": "other@clinic.example",
                "username": "River.Clinic",
                "password": PASSWORD,
                "confirm_password": PASSWORD
            }),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        body,
        json!({"errors": {"username": ["That username is taken. Choose another"]}})
    );
}

#[tokio::test]
async fn hfs_endpoints_refuse_providers_and_strangers() {
    let app = spawn_app().await;
    let (provider, id) = register_and_send(&app, "nosy.clinic").await;
    let anonymous = app.new_client();
    for path in [
        "/api/hfs/registrations",
        "/api/hfs/registrations?status=all",
        "/api/hfs/facility-requests",
    ] {
        let (status, body) = app.get_with(&anonymous, path).await;
        assert_eq!(status, 401, "{path}");
        assert_eq!(body["error"], "unauthorized");
        let (status, body) = app.get_with(&provider, path).await;
        assert_eq!(status, 403, "{path}");
        assert_eq!(body["error"], "forbidden");
    }
    for path in [
        format!("/api/hfs/registrations/{id}/approve"),
        format!("/api/hfs/registrations/{id}/deny"),
        "/api/hfs/facility-requests/1/approve".to_owned(),
        "/api/hfs/facility-requests/1/deny".to_owned(),
    ] {
        let body = json!({"reason": "Because"});
        let (status, _) = app.post_app(&anonymous, &path, &body).await;
        assert_eq!(status, 401, "{path}");
        let (status, body) = app.post_app(&provider, &path, &body).await;
        assert_eq!(status, 403, "{path}");
        assert_eq!(body["error"], "forbidden");
    }
    let (_, registration) = app.get_with(&provider, "/api/me/registration").await;
    assert_eq!(registration["status"], "pending", "nothing was decided");

    // An MCO user is not a provider either.
    let mco = app.mco_id("Molina Healthcare of Illinois").await;
    app.create_user("mco.staff", "mco", "approved", Some(mco))
        .await;
    let mco_client = app.sign_in("mco.staff", DEMO_PASSWORD).await;
    let (status, _) = app.get_with(&mco_client, "/api/me/registration").await;
    assert_eq!(status, 403);
    let (status, _) = app
        .put_app(&mco_client, "/api/me/profile", &profile())
        .await;
    assert_eq!(status, 403);
    let (status, _) = app.get_with(&anonymous, "/api/me/registration").await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn changes_need_the_app_header() {
    let app = spawn_app().await;
    let client = app.new_client();
    let account = json!({
        "email": "a@clinic.example",
        "username": "header.test",
        "password": PASSWORD,
        "confirm_password": PASSWORD
    });
    let response = client
        .post(app.url("/api/registrations"))
        .json(&account)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    let response = client
        .post(app.url("/api/registrations"))
        .header(APP_HEADER.0, APP_HEADER.1)
        .header("origin", "https://evil.example")
        .json(&account)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    assert_eq!(app.count("users").await, 0);

    // Signed in, a change without the header is refused too.
    let client = register(&app, "header.test").await;
    let response = client
        .put(app.url("/api/me/profile"))
        .json(&profile())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    let (_, registration) = app.get_with(&client, "/api/me/registration").await;
    assert_eq!(registration["status"], "profile_needed");
}

/// Someone registering with another provider's public IDs: HFS is told who already has them, and
/// approving gives the registrant a facility of its own, never the other provider's.
#[tokio::test]
async fn approving_never_hands_over_another_providers_facility() {
    let app = spawn_app().await;
    // `add_facility`: Medicaid ID 123456789, NPI 1234567893.
    let victim = app
        .create_user("prairie.owner", "provider", "approved", None)
        .await;
    let theirs = app.add_facility(victim, "Prairie Family Clinic").await;
    let other = app
        .create_user("other.owner", "provider", "approved", None)
        .await;
    // Same Medicaid ID, no NPI: counted (one of the two has none).
    let no_npi: i64 = sqlx::query_scalar(
        "INSERT INTO facilities (name, facility_type, medicaid_id, npi, contact_email, \
           contact_phone, created_at) \
         VALUES ('Atypical', 'Clinic', '123456789', '', 'a@example.com', '217-555-0100', 0) \
         RETURNING id",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO user_facilities (user_id, facility_id, added_at) VALUES ($1, $2, 0)")
        .bind(other)
        .bind(no_npi)
        .execute(&app.pool)
        .await
        .unwrap();
    // Same Medicaid ID, another NPI: a different provider.
    let elsewhere = app
        .create_user("elsewhere.owner", "provider", "approved", None)
        .await;
    let different: i64 = sqlx::query_scalar(
        "INSERT INTO facilities (name, facility_type, medicaid_id, npi, contact_email, \
           contact_phone, created_at) \
         VALUES ('Different', 'Clinic', '123456789', '1482039579', 'd@example.com', \
           '217-555-0100', 0) RETURNING id",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO user_facilities (user_id, facility_id, added_at) VALUES ($1, $2, 0)")
        .bind(elsewhere)
        .bind(different)
        .execute(&app.pool)
        .await
        .unwrap();

    let client = register(&app, "imposter").await;
    let mut typed = profile();
    typed["medicaid_id"] = json!("123456789");
    let (status, body) = app.put_app(&client, "/api/me/profile", &typed).await;
    assert_eq!(status, 200, "{body}");
    confirm_address(&app, "office@prairie.example").await;
    let imposter = user_id(&app, "imposter").await;

    let staff = hfs(&app).await;
    let (_, queue) = app.get_with(&staff, "/api/hfs/registrations").await;
    assert_eq!(
        queue[0]["already_registered_to"],
        json!(["other.owner", "prairie.owner"]),
        "{queue}"
    );
    // The warning HFS reads: every other account sharing the Medicaid ID or the NPI, and which.
    assert_eq!(
        queue[0]["already_registered"],
        json!([
            {"username": "elsewhere.owner", "medicaid_id": true, "npi": false},
            {"username": "other.owner", "medicaid_id": true, "npi": false},
            {"username": "prairie.owner", "medicaid_id": true, "npi": true},
        ]),
        "{queue}"
    );
    let (status, _) = app.approve(&staff, "registrations", imposter).await;
    assert_eq!(status, 204);

    let (_, session) = app.get_with(&client, "/api/session").await;
    let facilities = session["facilities"].as_array().unwrap();
    assert_eq!(facilities.len(), 1, "{session}");
    let own = facilities[0]["id"].as_i64().unwrap();
    assert!(![theirs, no_npi, different].contains(&own), "{session}");
    assert_eq!(facilities[0]["medicaid_id"], "123456789");
    let owners: Vec<i64> =
        sqlx::query_scalar("SELECT user_id FROM user_facilities WHERE facility_id = $1")
            .bind(theirs)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(owners, [victim], "the owner's facility stays its own");

    // Once approved, the registrant's own facility does not count against it.
    let (_, queue) = app
        .get_with(&staff, "/api/hfs/registrations?status=approved")
        .await;
    assert_eq!(
        queue[0]["already_registered_to"],
        json!(["other.owner", "prairie.owner"])
    );
}

/// HFS is warned when a registration's NPI alone is already registered to another account (the
/// Medicaid ID differs), and told nothing of an account that shares neither; the warning names
/// the other account and what it shares, nothing more of it.
#[tokio::test]
async fn hfs_is_warned_of_an_npi_already_registered() {
    let app = spawn_app().await;
    // `add_facility`: Medicaid ID 123456789, NPI 1234567893.
    let holder = app
        .create_user("npi.holder", "provider", "approved", None)
        .await;
    app.add_facility(holder, "Holder Clinic").await;
    // Neither identifier in common.
    let unrelated = app
        .create_user("unrelated.owner", "provider", "approved", None)
        .await;
    let theirs: i64 = sqlx::query_scalar(
        "INSERT INTO facilities (name, facility_type, medicaid_id, npi, contact_email, \
           contact_phone, created_at) \
         VALUES ('Elsewhere', 'Clinic', '555555555', '', 'e@example.com', '217-555-0100', 0) \
         RETURNING id",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO user_facilities (user_id, facility_id, added_at) VALUES ($1, $2, 0)")
        .bind(unrelated)
        .bind(theirs)
        .execute(&app.pool)
        .await
        .unwrap();

    // `profile()`: Medicaid ID 987654321 (nobody's), NPI 1234567893 (npi.holder's).
    let client = register(&app, "npi.twin").await;
    let (status, body) = app.put_app(&client, "/api/me/profile", &profile()).await;
    assert_eq!(status, 200, "{body}");
    confirm_address(&app, "office@prairie.example").await;

    let staff = hfs(&app).await;
    let (status, queue) = app.get_with(&staff, "/api/hfs/registrations").await;
    assert_eq!(status, 200, "{queue}");
    assert_eq!(queue[0]["username"], "npi.twin", "{queue}");
    assert_eq!(
        queue[0]["already_registered"],
        json!([{"username": "npi.holder", "medicaid_id": false, "npi": true}]),
        "{queue}"
    );
    // The older list keeps its meaning: the same facility (Medicaid ID first).
    assert_eq!(queue[0]["already_registered_to"], json!([]), "{queue}");

    // An atypical provider (no NPI) matches nobody by NPI.
    let atypical = register(&app, "no.npi").await;
    let mut typed = profile();
    typed["npi"] = json!("");
    typed["medicaid_id"] = json!("444444444");
    typed["contact_email"] = json!("atypical@prairie.example");
    let (status, body) = app.put_app(&atypical, "/api/me/profile", &typed).await;
    assert_eq!(status, 200, "{body}");
    confirm_address(&app, "atypical@prairie.example").await;
    let (_, queue) = app.get_with(&staff, "/api/hfs/registrations").await;
    let row = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["username"] == "no.npi")
        .unwrap_or_else(|| panic!("no.npi is in the queue: {queue}"));
    assert_eq!(row["already_registered"], json!([]), "{queue}");
}

/// The profile's answers are kept on the server step by step (`PUT /api/me/registration/answers`):
/// another browser of the same account (a reload, a new tab, signing in again after a timeout)
/// finds them and the step reached; they go once the profile is sent; nothing is checked before.
#[tokio::test]
async fn answers_are_kept_step_by_step_until_the_profile_is_sent() {
    let app = spawn_app().await;
    let client = register(&app, "step.by.step").await;
    let (_, registration) = app.get_with(&client, "/api/me/registration").await;
    assert_eq!(registration["saved_answers"], Value::Null);

    // The first page's answers, half typed: kept as typed (no checks yet), missing fields empty.
    let (status, body) = app
        .put_app(
            &client,
            "/api/me/registration/answers",
            &json!({"step": "organization", "profile": {
                "first_name": "Jane", "last_name": "Doe", "contact_email": "not yet",
                "contact_phone": "217"}}),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    // Signed in again elsewhere (the first session timed out): everything is there.
    let other = app.sign_in("step.by.step", PASSWORD).await;
    let (_, registration) = app.get_with(&other, "/api/me/registration").await;
    assert_eq!(registration["status"], "profile_needed");
    assert_eq!(registration["profile"], Value::Null, "nothing sent yet");
    let saved = &registration["saved_answers"];
    assert_eq!(saved["step"], "organization");
    assert_eq!(saved["profile"]["first_name"], "Jane");
    assert_eq!(saved["profile"]["contact_email"], "not yet");
    assert_eq!(saved["profile"]["organization_name"], "");

    // The next step replaces them.
    let mut answers = profile();
    answers["organization_name"] = json!("Prairie Family Clinic");
    let (status, _) = app
        .put_app(
            &other,
            "/api/me/registration/answers",
            &json!({"step": "check", "profile": answers}),
        )
        .await;
    assert_eq!(status, 204);
    let (_, registration) = app.get_with(&client, "/api/me/registration").await;
    assert_eq!(registration["saved_answers"]["step"], "check");
    assert_eq!(
        registration["saved_answers"]["profile"]["organization_name"],
        "Prairie Family Clinic"
    );
    // The password is not among them: the table holds the profile's fields only.
    let stored: String = sqlx::query_scalar("SELECT answers FROM registration_answers")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(!stored.contains(PASSWORD));

    // Bad bodies: the field map.
    for (body, field) in [
        (json!({"step": "done", "profile": {}}), "step"),
        (json!({"step": "name"}), "profile"),
        (
            json!({"step": "name", "profile": {"first_name": 3}}),
            "profile.first_name",
        ),
        (
            json!({"step": "name", "profile": {"nickname": "J"}}),
            "profile.nickname",
        ),
        (json!({"step": "name", "profile": {}, "extra": 1}), "extra"),
        (
            json!({"step": "name", "profile": {"first_name": "x".repeat(321)}}),
            "profile.first_name",
        ),
    ] {
        let (status, answer) = app
            .put_app(&client, "/api/me/registration/answers", &body)
            .await;
        assert_eq!(status, 422, "{body}");
        assert!(answer["errors"][field].is_array(), "{field}: {answer}");
    }

    // Sent: the kept answers go, and no more are kept (409, as for the profile).
    let (status, registration) = app.put_app(&client, "/api/me/profile", &profile()).await;
    assert_eq!(status, 200, "{registration}");
    assert_eq!(registration["saved_answers"], Value::Null);
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM registration_answers")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(rows, 0);
    let (status, _) = app
        .put_app(
            &client,
            "/api/me/registration/answers",
            &json!({"step": "name", "profile": profile()}),
        )
        .await;
    assert_eq!(status, 409);

    // Only a provider's own: signed out 401, staff 403.
    let (status, _) = app
        .put_app(
            &app.new_client(),
            "/api/me/registration/answers",
            &json!({"step": "name", "profile": {}}),
        )
        .await;
    assert_eq!(status, 401);
    app.create_user("ana", "hfs_staff", "approved", None).await;
    let staff = app.sign_in("ana", DEMO_PASSWORD).await;
    let (status, _) = app
        .put_app(
            &staff,
            "/api/me/registration/answers",
            &json!({"step": "name", "profile": {}}),
        )
        .await;
    assert_eq!(status, 403);
}
