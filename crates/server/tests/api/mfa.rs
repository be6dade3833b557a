//! Two-step sign-in, throttling that holds, session limits, the cookie, demo mode's guard and the
//! database file's permissions (`docs/security.md`, V2 and V3), black-box against the real server.

use std::time::Duration;

use portal_server::Security;
use serde_json::{json, Value};

use crate::helpers::accounts::send_confirmed;
use crate::helpers::{
    now_secs, spawn_app, spawn_app_with, status_and_json, test_secrets, totp_at, totp_now, TestApp,
    APP_HEADER, DEMO_PASSWORD, TEST_MFA_SECRET,
};

fn security(
    change: impl FnOnce(&mut Security),
) -> impl FnOnce(portal_server::AppState) -> portal_server::AppState {
    let mut security = Security::default();
    change(&mut security);
    move |state| state.with_security(security)
}

/// POST /api/session from `client`: (status, body).
async fn password_step(
    app: &TestApp,
    client: &reqwest::Client,
    username: &str,
    password: &str,
    code: Option<&str>,
) -> (u16, Value) {
    let mut body = json!({"username": username, "password": password});
    if let Some(code) = code {
        body["code"] = json!(code);
    }
    app.post_app(client, "/api/session", &body).await
}

async fn code_step(app: &TestApp, client: &reqwest::Client, code: &str) -> (u16, Value) {
    app.post_app(client, "/api/session/mfa", &json!({"code": code}))
        .await
}

async fn outbox_subjects(app: &TestApp, to: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT subject FROM outbox WHERE to_address = $1 ORDER BY id")
        .bind(to)
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

async fn audit_whats(app: &TestApp) -> Vec<String> {
    // The kind of each entry, then its detail when it has one ("mfa_reset user 7").
    sqlx::query_scalar(
        "SELECT kind || CASE WHEN detail IS NULL THEN '' ELSE ' ' || detail END \
         FROM audit_log ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

/// Sets up two-step sign-in for the user signed in on `client`: the secret (as typed from the page)
/// and the recovery codes.
async fn enrol(app: &TestApp, client: &reqwest::Client) -> (String, Vec<String>) {
    let (status, enrolment) = app.post_app(client, "/api/me/mfa", &json!({})).await;
    assert_eq!(status, 200, "{enrolment}");
    let secret = enrolment["secret"].as_str().unwrap().replace(' ', "");
    let (status, body) = app
        .post_app(
            client,
            "/api/me/mfa/confirm",
            &json!({"code": totp_now(&secret)}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let codes = body["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    (secret, codes)
}

#[tokio::test]
async fn hfs_staff_must_enrol_before_any_queue_then_sign_in_in_two_steps() {
    let app = spawn_app().await;
    app.create_user_without_mfa("ana", "hfs_staff", "approved", None)
        .await;
    let client = app.new_client();
    assert_eq!(
        password_step(&app, &client, "ana", DEMO_PASSWORD, None)
            .await
            .0,
        204,
        "not enrolled yet: one step"
    );
    let (status, session) = app.get_with(&client, "/api/session").await;
    assert_eq!(status, 200);
    assert_eq!(session["mfa_enrolment_required"], json!(true));
    assert_eq!(session["mfa_enrolled"], json!(false));
    for path in ["/api/hfs/registrations", "/api/tickets", "/api/admin/audit"] {
        let (status, body) = app.get_with(&client, path).await;
        assert_eq!(status, 403, "{path}");
        assert_eq!(body["error"], json!("mfa_enrolment_required"), "{path}");
    }

    // Enrolment: a secret as text, its otpauth address and an SVG QR code.
    let (status, enrolment) = app.post_app(&client, "/api/me/mfa", &json!({})).await;
    assert_eq!(status, 200, "{enrolment}");
    let secret = enrolment["secret"].as_str().unwrap().replace(' ', "");
    assert_eq!(secret.len(), 32);
    let uri = enrolment["otpauth_uri"].as_str().unwrap();
    assert!(uri.starts_with("otpauth://totp/"), "{uri}");
    assert!(uri.contains(&format!("secret={secret}")), "{uri}");
    assert!(uri.contains("issuer=Illinois"), "{uri}");
    let svg = enrolment["qr_svg"].as_str().unwrap();
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");

    // A wrong code, and a code of the wrong form, are refused by field.
    let (status, body) = app
        .post_app(&client, "/api/me/mfa/confirm", &json!({"code": "12 34"}))
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["code"][0].as_str().unwrap().contains("6"));
    let wrong = totp_at(&secret, now_secs() + 3600);
    let (status, body) = app
        .post_app(&client, "/api/me/mfa/confirm", &json!({"code": wrong}))
        .await;
    assert_eq!(status, 422, "{body}");

    // Kept: the replay check below sends this very code again (a new `totp_now` could fall in
    // the next 30-second period on a slow machine, and be a new code).
    let enrolment_code = totp_now(&secret);
    let response = client
        .post(app.url("/api/me/mfa/confirm"))
        .header(APP_HEADER.0, APP_HEADER.1)
        .json(&json!({"code": enrolment_code}))
        .send()
        .await
        .unwrap();
    assert!(
        response.headers().get("set-cookie").is_some(),
        "a new session id"
    );
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 200, "{body}");
    let codes = body["recovery_codes"].as_array().unwrap();
    assert_eq!(codes.len(), 10);
    assert!(codes.iter().all(|c| c.as_str().unwrap().len() == 11));
    assert_eq!(app.get_with(&client, "/api/hfs/registrations").await.0, 200);
    assert_eq!(
        outbox_subjects(&app, "ana@example.com").await,
        vec!["Two-step sign-in is now on for your Provider Resolution Portal account"]
    );
    assert!(audit_whats(&app).await.contains(&"mfa_enrolled".to_owned()));
    // The secret is kept sealed (never as text); nothing of the recovery codes but their hashes.
    let (user_id, sealed): (i64, String) =
        sqlx::query_as("SELECT id, mfa_secret FROM users WHERE username = 'ana'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(sealed.starts_with("enc1:"), "{sealed}");
    assert!(!sealed.contains(&secret) && !sealed.contains(&secret.to_lowercase()));
    assert_eq!(
        test_secrets().open(user_id, &sealed).as_deref(),
        Some(secret.as_str())
    );
    assert_eq!(
        test_secrets().open(user_id + 1, &sealed),
        None,
        "bound to its user"
    );
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT code_hash FROM mfa_recovery_codes ORDER BY id")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(stored.len(), 10);
    for code in codes {
        let plain = code.as_str().unwrap().replace('-', "");
        assert!(!stored.contains(&plain));
        assert!(stored.contains(&portal_server::auth::sha256_hex(&plain)));
    }

    // Signing in now takes two steps; the half-signed-in session reaches nothing else.
    let browser = app.new_client();
    let (status, body) = password_step(&app, &browser, "ana", DEMO_PASSWORD, None).await;
    assert_eq!((status, body), (202, json!({"mfa_required": true})));
    assert_eq!(app.get_with(&browser, "/api/session").await.0, 401);
    assert_eq!(
        app.get_with(&browser, "/api/hfs/registrations").await.0,
        401
    );
    // The code used at enrolment cannot be used again.
    let (status, body) = code_step(&app, &browser, &enrolment_code).await;
    assert_eq!(status, 422, "no replay: {body}");
    assert!(body["errors"]["code"][0]
        .as_str()
        .unwrap()
        .contains("already used"));
    // The next step's code works once.
    let next = totp_at(&secret, now_secs() + 30);
    assert_eq!(code_step(&app, &browser, &next).await.0, 204);
    assert_eq!(
        app.get_with(&browser, "/api/hfs/registrations").await.0,
        200
    );
    let again = app.new_client();
    assert_eq!(
        password_step(&app, &again, "ana", DEMO_PASSWORD, None)
            .await
            .0,
        202
    );
    assert_eq!(code_step(&app, &again, &next).await.0, 422, "replayed");

    // A recovery code works once, typed in any case.
    let recovery = codes[0].as_str().unwrap().to_uppercase();
    assert_eq!(code_step(&app, &again, &recovery).await.0, 204);
    let third = app.new_client();
    password_step(&app, &third, "ana", DEMO_PASSWORD, None).await;
    assert_eq!(code_step(&app, &third, &recovery).await.0, 422);
}

#[tokio::test]
async fn mco_staff_must_enrol_and_providers_may() {
    let app = spawn_app().await;
    let mco = app.mco_id("Molina Healthcare of Illinois").await;
    app.create_user_without_mfa("mo", "mco", "approved", Some(mco))
        .await;
    let client = app.new_client();
    password_step(&app, &client, "mo", DEMO_PASSWORD, None).await;
    let (status, body) = app.get_with(&client, "/api/tickets").await;
    assert_eq!(
        (status, body["error"].clone()),
        (403, json!("mfa_enrolment_required"))
    );
    enrol(&app, &client).await;
    assert_eq!(app.get_with(&client, "/api/tickets").await.0, 200);

    // A provider need not enrol, and may.
    let id = app.create_user("pat", "provider", "approved", None).await;
    app.add_facility(id, "Pat's Clinic").await;
    let provider = app.sign_in("pat", DEMO_PASSWORD).await;
    let (_, session) = app.get_with(&provider, "/api/session").await;
    assert_eq!(session["mfa_enrolment_required"], json!(false));
    assert_eq!(app.get_with(&provider, "/api/tickets").await.0, 200);
    let (secret, _) = enrol(&app, &provider).await;
    let browser = app.new_client();
    assert_eq!(
        password_step(&app, &browser, "pat", DEMO_PASSWORD, None)
            .await
            .0,
        202
    );
    let next = totp_at(&secret, now_secs() + 30);
    assert_eq!(code_step(&app, &browser, &next).await.0, 204);
    // Already on: a second enrolment is refused.
    assert_eq!(
        app.post_app(&browser, "/api/me/mfa", &json!({})).await.0,
        409
    );
}

#[tokio::test]
async fn demo_staff_sign_in_in_one_step() {
    let app = spawn_app_with(|state| state.with_demo(true)).await;
    app.seed_demo().await;
    for (user, path) in [
        ("hfs-staff", "/api/hfs/registrations"),
        ("hfs-admin", "/api/admin/users"),
        ("mco-aetna", "/api/tickets"),
    ] {
        let client = app.new_client();
        assert_eq!(
            password_step(&app, &client, user, DEMO_PASSWORD, None)
                .await
                .0,
            204,
            "{user}"
        );
        assert_eq!(app.get_with(&client, path).await.0, 200, "{user}");
    }
}

#[tokio::test]
async fn wrong_codes_count_as_failed_sign_ins() {
    let app = spawn_app_with(security(|s| s.sign_in_delay = Duration::from_millis(1))).await;
    app.create_user("ana", "hfs_staff", "approved", None).await;
    let client = app.new_client();
    assert_eq!(
        password_step(&app, &client, "ana", DEMO_PASSWORD, None)
            .await
            .0,
        202
    );
    let wrong = totp_at(TEST_MFA_SECRET, now_secs() + 3600);
    let mut statuses = Vec::new();
    for _ in 0..10 {
        tokio::time::sleep(Duration::from_millis(300)).await;
        statuses.push(code_step(&app, &client, &wrong).await.0);
    }
    assert_eq!(statuses[..9], [422; 9], "{statuses:?}");
    assert_eq!(statuses[9], 429, "the 10th locks: {statuses:?}");
    // The half-signed-in session ended, and the username is locked: even the right code and
    // password one after the other do not pass.
    app.forget_used_codes("ana").await;
    assert_eq!(
        code_step(&app, &client, &totp_now(TEST_MFA_SECRET)).await.0,
        401
    );
    assert_eq!(
        password_step(&app, &app.new_client(), "ana", DEMO_PASSWORD, None)
            .await
            .0,
        429
    );
}

#[tokio::test]
async fn a_locked_staff_account_signs_in_with_password_and_code_together_or_is_unlocked() {
    let app = spawn_app_with(security(|s| s.sign_in_delay = Duration::from_millis(1))).await;
    let ana = app.create_user("ana", "hfs_staff", "approved", None).await;
    app.create_user("boss", "hfs_admin", "approved", None).await;
    for _ in 0..10 {
        tokio::time::sleep(Duration::from_millis(150)).await;
        password_step(&app, &app.new_client(), "ana", "Wrong-Password-2026!", None).await;
    }
    assert_eq!(
        password_step(&app, &app.new_client(), "ana", DEMO_PASSWORD, None)
            .await
            .0,
        429,
        "locked"
    );
    // With a wrong code, or a wrong password: still 429, telling nothing.
    let wrong = totp_at(TEST_MFA_SECRET, now_secs() + 3600);
    assert_eq!(
        password_step(&app, &app.new_client(), "ana", DEMO_PASSWORD, Some(&wrong))
            .await
            .0,
        429
    );
    app.forget_used_codes("ana").await;
    let code = totp_now(TEST_MFA_SECRET);
    assert_eq!(
        password_step(
            &app,
            &app.new_client(),
            "ana",
            "Wrong-Password-2026!",
            Some(&code)
        )
        .await
        .0,
        429
    );
    // Password and code together: in.
    app.forget_used_codes("ana").await;
    let client = app.new_client();
    assert_eq!(
        password_step(
            &app,
            &client,
            "ana",
            DEMO_PASSWORD,
            Some(&totp_now(TEST_MFA_SECRET))
        )
        .await
        .0,
        204
    );
    assert_eq!(app.get_with(&client, "/api/hfs/registrations").await.0, 200);

    // Locked again; an administrator unlocks the account (audited).
    for _ in 0..10 {
        tokio::time::sleep(Duration::from_millis(150)).await;
        password_step(&app, &app.new_client(), "ana", "Wrong-Password-2026!", None).await;
    }
    assert_eq!(
        password_step(&app, &app.new_client(), "ana", DEMO_PASSWORD, None)
            .await
            .0,
        429
    );
    let admin = app.sign_in("boss", DEMO_PASSWORD).await;
    assert_eq!(
        client
            .get(app.url("/api/session"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        app.post_app(
            &client,
            &format!("/api/admin/users/{ana}/unlock"),
            &json!({})
        )
        .await
        .0,
        403,
        "staff cannot unlock"
    );
    assert_eq!(
        app.post_app(
            &admin,
            &format!("/api/admin/users/{ana}/unlock"),
            &json!({})
        )
        .await
        .0,
        204
    );
    assert_eq!(
        password_step(&app, &app.new_client(), "ana", DEMO_PASSWORD, None)
            .await
            .0,
        202
    );
    assert!(audit_whats(&app)
        .await
        .contains(&format!("user_unlocked user {ana}")));
}

#[tokio::test]
async fn an_administrator_resets_a_users_mfa() {
    let app = spawn_app().await;
    let ana = app.create_user("ana", "hfs_staff", "approved", None).await;
    let boss = app.create_user("boss", "hfs_admin", "approved", None).await;
    let staff = app.sign_in("ana", DEMO_PASSWORD).await;
    let admin = app.sign_in("boss", DEMO_PASSWORD).await;
    let path = format!("/api/admin/users/{ana}/mfa-reset");
    assert_eq!(app.post_app(&staff, &path, &json!({})).await.0, 403);
    assert_eq!(
        app.post_app(
            &admin,
            &format!("/api/admin/users/{boss}/mfa-reset"),
            &json!({})
        )
        .await
        .0,
        409,
        "not one's own"
    );
    assert_eq!(
        app.post_app(&admin, "/api/admin/users/999999/mfa-reset", &json!({}))
            .await
            .0,
        404
    );
    assert_eq!(app.post_app(&admin, &path, &json!({})).await.0, 204);
    // The user's sessions ended; they are emailed; the reset is audited.
    assert_eq!(app.get_with(&staff, "/api/session").await.0, 401);
    assert_eq!(
        outbox_subjects(&app, "ana@example.com").await,
        vec!["Two-step sign-in was reset for your Provider Resolution Portal account"]
    );
    assert!(audit_whats(&app)
        .await
        .contains(&format!("mfa_reset user {ana}")));
    // Signing in is one step again, and enrolment is due before anything else.
    let client = app.new_client();
    assert_eq!(
        password_step(&app, &client, "ana", DEMO_PASSWORD, None)
            .await
            .0,
        204
    );
    assert_eq!(app.get_with(&client, "/api/hfs/registrations").await.0, 403);
    enrol(&app, &client).await;
    assert_eq!(app.get_with(&client, "/api/hfs/registrations").await.0, 200);
}

#[tokio::test]
async fn failures_bring_growing_locks_and_are_counted_per_address() {
    let app = spawn_app_with(security(|s| {
        s.sign_in_delay = Duration::from_millis(1);
        s.lockout = Duration::from_secs(60);
        s.address_delay_from = 1000;
    }))
    .await;
    app.create_user("pat", "provider", "approved", None).await;
    let locked_for = |app: &TestApp| {
        let pool = app.pool.clone();
        async move {
            let (until, at): (i64, i64) = sqlx::query_as(
                "SELECT locked_until, last_failed_at FROM sign_in_failures \
                 WHERE username_key = $1",
            )
            .bind(portal_server::auth::sha256_hex("pat"))
            .fetch_one(&pool)
            .await
            .unwrap();
            until - at
        }
    };
    for _ in 0..10 {
        tokio::time::sleep(Duration::from_millis(150)).await;
        password_step(&app, &app.new_client(), "pat", "Wrong-Password-2026!", None).await;
    }
    assert_eq!(
        locked_for(&app).await,
        60_000,
        "the first lock: the lockout"
    );
    // The lock ends, the failures are remembered: the next 10 lock twice as long.
    sqlx::query(
        "UPDATE sign_in_failures SET locked_until = 0 WHERE username_key NOT LIKE 'address:%'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    for _ in 0..10 {
        tokio::time::sleep(Duration::from_millis(150)).await;
        password_step(&app, &app.new_client(), "pat", "Wrong-Password-2026!", None).await;
    }
    assert_eq!(
        locked_for(&app).await,
        120_000,
        "the second lock: twice as long"
    );
}

#[tokio::test]
async fn failures_are_counted_per_client_address() {
    let app = spawn_app_with(security(|s| {
        s.sign_in_delay = Duration::from_secs(2);
        s.address_delay_from = 3;
    }))
    .await;
    app.create_user("pat", "provider", "approved", None).await;
    // Three usernames fail once each from this address (no username is throttled) ...
    for n in 0..3 {
        let (status, _) =
            password_step(&app, &app.new_client(), &format!("nobody{n}"), "x", None).await;
        assert_eq!(status, 401);
    }
    // ... and the address must wait, whatever username it tries next, even a right one.
    let (status, body) = password_step(&app, &app.new_client(), "pat", DEMO_PASSWORD, None).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(
        body["errors"]["username"][0],
        json!("Too many failed sign-ins. Try again in 2 seconds")
    );
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(
        password_step(&app, &app.new_client(), "pat", DEMO_PASSWORD, None)
            .await
            .0,
        204
    );
}

#[tokio::test]
async fn a_password_spray_is_slowed_down() {
    let app = spawn_app_with(security(|s| {
        s.sign_in_delay = Duration::from_millis(400);
        s.spray_limit = 3;
        s.address_delay_from = 1000;
    }))
    .await;
    let started = std::time::Instant::now();
    for n in 0..4 {
        password_step(
            &app,
            &app.new_client(),
            &format!("spray{n}"),
            "Summer2026!",
            None,
        )
        .await;
    }
    let before = started.elapsed();
    let started = std::time::Instant::now();
    for n in 4..7 {
        let (status, _) = password_step(
            &app,
            &app.new_client(),
            &format!("spray{n}"),
            "Summer2026!",
            None,
        )
        .await;
        assert_eq!(status, 401);
    }
    let during = started.elapsed();
    assert!(
        during >= Duration::from_millis(1200),
        "each failure waits its turn once many usernames fail: {before:?} then {during:?}"
    );
}

#[tokio::test]
async fn registration_is_throttled_per_address() {
    let app = spawn_app_with(security(|s| s.registrations_per_address = 2)).await;
    let mut statuses = Vec::new();
    for n in 0..3 {
        let (status, _) = app
            .post_app(
                &app.new_client(),
                "/api/registrations",
                &json!({"email": format!("r{n}@clinic.example"), "username": format!("reg{n}"),
                        "password": "Lantern-Orchard-4417", "confirm_password": "Lantern-Orchard-4417"}),
            )
            .await;
        statuses.push(status);
    }
    assert_eq!(statuses, vec![201, 201, 429]);
}

/// `POST /api/registrations` for `username`, from the client `forwarded_for` names.
async fn register_from(app: &TestApp, username: &str, forwarded_for: &str) -> u16 {
    let body = json!({"email": format!("{username}@clinic.example"), "username": username,
                      "password": "Lantern-Orchard-4417", "confirm_password": "Lantern-Orchard-4417"});
    let request = app
        .new_client()
        .post(app.url("/api/registrations"))
        .header("X-Forwarded-For", forwarded_for)
        .json(&body);
    app.send_app(request).await.0
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_is_throttled_and_audited_under_its_own_address() {
    // The test's requests come from 127.0.0.1: here, the load balancer (`--trusted-proxy`).
    let app = spawn_app_with(security(|s| {
        s.registrations_per_address = 2;
        s.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    }))
    .await;
    let mut statuses = Vec::new();
    for n in 0..3 {
        statuses.push(register_from(&app, &format!("first{n}"), "198.51.100.1").await);
    }
    assert_eq!(
        statuses,
        vec![201, 201, 429],
        "one client, counted on its own"
    );
    // Another client behind the same balancer is not held back by the first; one that writes
    // its own header first is still counted under the address the balancer appended.
    assert_eq!(register_from(&app, "second0", "198.51.100.2").await, 201);
    assert_eq!(
        register_from(&app, "second1", "198.51.100.77, 198.51.100.1").await,
        429,
        "a client cannot pick its address by writing the header itself"
    );

    // The audit trail records the client's address, not the balancer's.
    let request = app
        .new_client()
        .post(app.url("/api/session"))
        .header("X-Forwarded-For", "203.0.113.50")
        .json(&json!({"username": "nobody-here", "password": "Not-The-Password-42!"}));
    assert_eq!(app.send_app(request).await.0, 401);
    let client: String =
        sqlx::query_scalar("SELECT client FROM audit_log WHERE actor = 'nobody-here'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(client, "203.0.113.50");
}

#[tokio::test]
async fn without_a_trusted_proxy_x_forwarded_for_is_ignored() {
    let app = spawn_app_with(security(|s| s.registrations_per_address = 2)).await;
    let mut statuses = Vec::new();
    for n in 0..3 {
        // Any client could write the header: it must not buy a fresh count.
        statuses.push(register_from(&app, &format!("spoof{n}"), &format!("198.51.100.{n}")).await);
    }
    assert_eq!(statuses, vec![201, 201, 429]);
}

#[tokio::test]
async fn sessions_end_after_twelve_hours_whatever_the_activity() {
    let app = spawn_app().await;
    app.create_user("pat", "provider", "approved", None).await;
    let client = app.sign_in("pat", DEMO_PASSWORD).await;
    assert_eq!(app.get_with(&client, "/api/session").await.0, 200);
    // Active a minute ago, started 12 hours and a minute ago.
    let now = i64::try_from(now_secs()).unwrap() * 1000;
    sqlx::query("UPDATE sessions SET created_at = $1, last_seen_at = $2")
        .bind(now - (12 * 60 + 1) * 60 * 1000)
        .bind(now - 60 * 1000)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(app.get_with(&client, "/api/session").await.0, 401);
    assert_eq!(app.count("sessions").await, 0);
}

#[tokio::test]
async fn a_new_session_id_when_the_accounts_rights_change() {
    let app = spawn_app().await;
    let (provider, id) = send_confirmed(&app, "clinic.rep").await;
    app.create_user("ana", "hfs_staff", "approved", None).await;
    let staff = app.sign_in("ana", DEMO_PASSWORD).await;
    let old: String = sqlx::query_scalar("SELECT token_hash FROM sessions WHERE user_id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let (status, body) = app.approve(&staff, "registrations", id).await;
    assert_eq!(status, 204, "{body}");
    // The provider's next request carries a new cookie; the old id is gone.
    let response = provider.get(app.url("/api/session")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let cookie = response
        .headers()
        .get("set-cookie")
        .expect("a new cookie")
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("portal_session="), "{cookie}");
    let new: String = sqlx::query_scalar("SELECT token_hash FROM sessions WHERE user_id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_ne!(old, new);
    // The same browser goes on; a copy of the old cookie does not.
    assert_eq!(app.get_with(&provider, "/api/session").await.0, 200);
    let old_token = reqwest::Client::new()
        .get(app.url("/api/session"))
        .header("cookie", format!("portal_session={}", "stale"))
        .send()
        .await
        .unwrap();
    assert_eq!(old_token.status(), 401);
}

#[tokio::test]
async fn secure_cookies_are_host_prefixed_and_hsts_is_sent() {
    let app = spawn_app_with(security(|s| {
        s.secure_cookies = true;
        s.hsts = true;
    }))
    .await;
    app.create_user("pat", "provider", "approved", None).await;
    let response = app
        .new_client()
        .post(app.url("/api/session"))
        .header(APP_HEADER.0, APP_HEADER.1)
        .json(&json!({"username": "pat", "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("__Host-portal_session="), "{cookie}");
    assert!(
        cookie.contains("; Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Domain"), "{cookie}");
    assert!(response.headers()["strict-transport-security"]
        .to_str()
        .unwrap()
        .starts_with("max-age="));
    // The token under the plain name is not a session here (no cookie tossing over HTTP).
    let token = cookie
        .strip_prefix("__Host-portal_session=")
        .unwrap()
        .split(';')
        .next()
        .unwrap();
    let plain = reqwest::Client::new()
        .get(app.url("/api/session"))
        .header("cookie", format!("portal_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), 401);
    let prefixed = reqwest::Client::new()
        .get(app.url("/api/session"))
        .header("cookie", format!("__Host-portal_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(prefixed.status(), 200);

    // Without the settings: no HSTS.
    let plain_app = spawn_app().await;
    assert!(plain_app
        .get("/api/health")
        .await
        .headers()
        .get("strict-transport-security")
        .is_none());
}

#[cfg(unix)]
#[tokio::test]
async fn the_database_files_are_the_servers_users_only() {
    use std::os::unix::fs::PermissionsExt;
    let app = spawn_app().await;
    if app.on_postgres() {
        // SQLite's files: PostgreSQL keeps its own (the SQLite pass checks these).
        return;
    }
    app.create_user("pat", "provider", "approved", None).await;
    for suffix in ["", "-wal", "-shm"] {
        let mut name = app.db_file.as_os_str().to_owned();
        name.push(suffix);
        let mode = std::fs::metadata(&name).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "{name:?}: {mode:o}");
    }
    let folder = std::fs::metadata(app.db_file.parent().unwrap())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(folder & 0o077, 0, "{folder:o}");
}

#[tokio::test]
async fn demo_mode_refuses_a_database_with_real_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let db_file = dir.path().join("portal.db");
    let url = format!("sqlite:{}", db_file.display());
    {
        let pool = portal_server::db::connect(&url).await.unwrap();
        sqlx::query(
            "INSERT INTO users (username, email, password_hash, role, status, created_at) \
             VALUES ('real', 'real@example.com', 'x', 'provider', 'approved', 0)",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    }
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .args(["--demo", "--listen", "127.0.0.1:0", "--database-url", &url])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(text.contains("refusing to start with --demo"), "{text}");
}

/// Secrets stored before encryption (as text) are sealed at their next use, and at start by
/// `secret_box::seal_plain_secrets`; signing in works before and after.
#[tokio::test]
async fn plain_secrets_are_sealed_on_use_and_at_start() {
    let app = spawn_app().await;
    let ana = app.create_user("ana", "hfs_staff", "approved", None).await;
    let bo = app.create_user("bo", "hfs_staff", "approved", None).await;
    let stored = |id: i64| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, String>("SELECT mfa_secret FROM users WHERE id = $1")
                .bind(id)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    assert_eq!(
        stored(ana).await,
        TEST_MFA_SECRET,
        "as an older server stored it"
    );

    // On use: the sign-in's code is checked against the plain secret, which is then sealed.
    let client = app.sign_in("ana", DEMO_PASSWORD).await;
    assert_eq!(app.get_with(&client, "/api/session").await.0, 200);
    let sealed = stored(ana).await;
    assert!(
        sealed.starts_with("enc1:") && !sealed.contains(TEST_MFA_SECRET),
        "{sealed}"
    );
    app.sign_in("ana", DEMO_PASSWORD).await;

    // At start: every plain secret left is sealed (the sealed one stays as it is).
    let sealed_now = portal_server::secret_box::seal_plain_secrets(&app.pool, &test_secrets())
        .await
        .unwrap();
    assert_eq!(sealed_now, 1);
    assert_eq!(stored(ana).await, sealed);
    let bo_sealed = stored(bo).await;
    assert!(bo_sealed.starts_with("enc1:"), "{bo_sealed}");
    assert_eq!(
        test_secrets().open(bo, &bo_sealed).as_deref(),
        Some(TEST_MFA_SECRET)
    );
    let client = app.sign_in("bo", DEMO_PASSWORD).await;
    assert_eq!(app.get_with(&client, "/api/session").await.0, 200);

    // A secret sealed with another key is not read: the code is refused, nothing else breaks.
    let other = portal_server::secret_box::SecretBox::new(&[1; 32]);
    sqlx::query("UPDATE users SET mfa_secret = $1 WHERE id = $2")
        .bind(other.seal(bo, TEST_MFA_SECRET))
        .bind(bo)
        .execute(&app.pool)
        .await
        .unwrap();
    let browser = app.new_client();
    let (status, _) = password_step(&app, &browser, "bo", DEMO_PASSWORD, None).await;
    assert_eq!(status, 202);
    let (status, body) = code_step(&app, &browser, &totp_now(TEST_MFA_SECRET)).await;
    assert_eq!(status, 422, "{body}");
}

/// The server makes its key file (0600) beside the database when there is none.
#[tokio::test]
async fn the_server_makes_its_key_file_private() {
    let dir = tempfile::tempdir().unwrap();
    let db_file = dir.path().join("data").join("portal.db");
    let url = format!("sqlite:{}", db_file.display());
    // `--demo` on a database with a real account stops right after the key is had (exit 2).
    {
        let pool = portal_server::db::connect(&url).await.unwrap();
        sqlx::query(
            "INSERT INTO users (username, email, password_hash, role, status, created_at) \
             VALUES ('real', 'real@example.com', 'x', 'provider', 'approved', 0)",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    }
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .args(["--demo", "--listen", "127.0.0.1:0", "--database-url", &url])
        .env("NO_COLOR", "1")
        .env_remove("PORTAL_SECRET_KEY")
        .env_remove("PORTAL_SECRET_KEY_FILE")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let key_file = dir.path().join("data").join("secret.key");
    let text = std::fs::read_to_string(&key_file).expect("the key file is made");
    assert_eq!(text.trim().len(), 44, "32 bytes in base64");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

/// `portal-server rotate-secret-key --new-key-file FILE`: every stored secret (enrolled, pending,
/// and one stored before encryption) is sealed again with the new key, in one transaction; a wrong
/// current key changes nothing; a server given the new key signs its users in, and the old key
/// opens nothing any more. On SQLite, and on PostgreSQL with `cargo xtask test pg` (same code).
#[tokio::test]
async fn the_secret_key_is_rotated_by_the_command() {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let app = spawn_app().await;
    let ana = app.create_user("ana", "hfs_staff", "approved", None).await;
    let bo = app.create_user("bo", "hfs_staff", "approved", None).await;
    // ana's secret sealed with the server's key (at her sign-in); bo's still plain, with a
    // pending one sealed (a set-up not confirmed yet).
    app.sign_in("ana", DEMO_PASSWORD).await;
    const PENDING: &str = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU";
    sqlx::query("UPDATE users SET mfa_pending_secret = $1 WHERE id = $2")
        .bind(test_secrets().seal(bo, PENDING))
        .bind(bo)
        .execute(&app.pool)
        .await
        .unwrap();
    let stored = || {
        let pool = app.pool.clone();
        async move {
            sqlx::query_as::<_, (i64, Option<String>, Option<String>)>(
                "SELECT id, mfa_secret, mfa_pending_secret FROM users \
                 WHERE id IN ($1, $2) ORDER BY id",
            )
            .bind(ana)
            .bind(bo)
            .fetch_all(&pool)
            .await
            .unwrap()
        }
    };
    let before = stored().await;

    let dir = tempfile::tempdir().unwrap();
    let key_file = |name: &str, key: [u8; 32]| {
        let path = dir.path().join(name);
        std::fs::write(&path, b64.encode(key)).unwrap();
        path
    };
    let current = key_file("current.key", helpers_key());
    let wrong = key_file("wrong.key", [9; 32]);
    let new = dir.path().join("keys").join("new.key");
    let rotate = |key: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_portal-server"))
            .args(["--database-url", &app.database_url, "--secret-key-file"])
            .arg(key)
            .args(["rotate-secret-key", "--new-key-file"])
            .arg(&new)
            .env("NO_COLOR", "1")
            .env_remove("PORTAL_SECRET_KEY")
            .output()
            .expect("the binary runs")
    };

    // The wrong current key: refused with the reason, nothing changed.
    let output = rotate(&wrong);
    let said = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(output.status.code(), Some(2), "{said}");
    assert!(said.contains("do not open with the current key"), "{said}");
    assert_eq!(stored().await, before, "nothing changed");

    // The right one: every secret sealed again with the new key, made 0600.
    let output = rotate(&current);
    let said = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(
        output.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        said.contains("sealed 3 two-step sign-in secret(s) again"),
        "{said}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&new).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let new_key: [u8; 32] = b64
        .decode(std::fs::read_to_string(&new).unwrap().trim())
        .unwrap()
        .try_into()
        .unwrap();
    let new_box = portal_server::secret_box::SecretBox::new(&new_key);
    let after = stored().await;
    let (_, ana_secret, _) = &after[0];
    let (_, bo_secret, bo_pending) = &after[1];
    for (id, value, plain) in [
        (ana, ana_secret, TEST_MFA_SECRET),
        (bo, bo_secret, TEST_MFA_SECRET),
        (bo, bo_pending, PENDING),
    ] {
        let value = value.as_deref().unwrap();
        assert!(value.starts_with("enc1:"), "{value}");
        assert_eq!(new_box.open(id, value).as_deref(), Some(plain));
        assert_eq!(
            test_secrets().open(id, value),
            None,
            "the old key opens nothing"
        );
    }

    // A server started with the new key signs bo in with his authenticator's code.
    let restarted = app
        .another_instance(move |state| state.with_secrets(new_box))
        .await;
    let browser = restarted.new_client();
    let (status, _) = password_step(&restarted, &browser, "bo", DEMO_PASSWORD, None).await;
    assert_eq!(status, 202);
    restarted.forget_used_codes("bo").await;
    let (status, body) = code_step(&restarted, &browser, &totp_now(TEST_MFA_SECRET)).await;
    assert_eq!(status, 204, "{body}");

    // Run again with the key it replaced: refused, nothing changed.
    let again = rotate(&current);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(stored().await, after);
}

/// The key the test servers seal with, as bytes (to write it to a key file).
fn helpers_key() -> [u8; 32] {
    crate::helpers::TEST_SECRET_KEY
}
