//! Signing in and out, the session cookie, idle expiry, throttling, the facility switch and the
//! password change (`docs/accounts.md`).

use std::time::Duration;

use portal_server::Security;
use serde_json::{json, Value};

use crate::helpers::{
    cookie_token, set_cookie, sign_in_status, spawn_app, spawn_app_with, status_and_json, TestApp,
    APP_HEADER, DEMO_PASSWORD,
};

const WRONG: &str = "Wrong-Password-2026!";

fn security(
    change: impl FnOnce(&mut Security),
) -> impl FnOnce(portal_server::AppState) -> portal_server::AppState {
    let mut security = Security::default();
    change(&mut security);
    move |state| state.with_security(security)
}

/// POST /api/session with `client`: the raw response.
async fn sign_in_response(
    app: &TestApp,
    client: &reqwest::Client,
    username: &str,
    password: &str,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = client
        .post(app.url("/api/session"))
        .header(APP_HEADER.0, APP_HEADER.1)
        .json(&json!({"username": username, "password": password}));
    for (name, value) in extra {
        request = request.header(*name, *value);
    }
    request.send().await.expect("request sent")
}

async fn attempt(app: &TestApp, username: &str, password: &str) -> (u16, Option<String>, Value) {
    let response = sign_in_response(app, &app.new_client(), username, password, &[]).await;
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    let (status, body) = status_and_json(response).await;
    (status, retry_after, body)
}

fn now_millis() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    i64::try_from(since.as_millis()).unwrap()
}

#[tokio::test]
async fn sign_in_sets_a_strict_http_only_cookie() {
    let app = spawn_app().await;
    app.create_user("ana", "provider", "approved", None).await;

    let response = sign_in_response(&app, &app.new_client(), "ana", DEMO_PASSWORD, &[]).await;
    assert_eq!(response.status().as_u16(), 204);
    let cookie = set_cookie(&response);
    let parts: Vec<&str> = cookie.split("; ").collect();
    let token = parts[0]
        .strip_prefix("portal_session=")
        .expect("the cookie's name");
    assert_eq!(token.len(), 43, "32 bytes, base64url: {token}");
    assert!(token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(parts.contains(&attribute), "{attribute} in {cookie}");
    }
    assert!(!cookie.contains("Secure"), "{cookie}");

    // Only the token's SHA-256 is stored.
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM sessions")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, [portal_server::auth::sha256_hex(token)]);
    assert_ne!(stored[0], token);

    // Over HTTPS (as the proxy says), and with --secure-cookies.
    let response = sign_in_response(
        &app,
        &app.new_client(),
        "ana",
        DEMO_PASSWORD,
        &[("x-forwarded-proto", "https")],
    )
    .await;
    assert_eq!(response.status().as_u16(), 204);
    assert!(set_cookie(&response).ends_with("; Secure"));

    let app = spawn_app_with(security(|s| s.secure_cookies = true)).await;
    app.create_user("ana", "provider", "approved", None).await;
    let response = sign_in_response(&app, &app.new_client(), "ana", DEMO_PASSWORD, &[]).await;
    assert!(set_cookie(&response).ends_with("; Secure"));
}

#[tokio::test]
async fn the_session_describes_the_user() {
    let app = spawn_app().await;
    let id = app.create_user("agent", "provider", "approved", None).await;
    sqlx::query("UPDATE users SET first_name = 'Linda', last_name = 'Novak' WHERE id = $1")
        .bind(id)
        .execute(&app.pool)
        .await
        .unwrap();
    let first = app.add_facility(id, "Rock River Pediatrics").await;
    let second = app.add_facility(id, "Sangamon Valley Home Health").await;

    // The username is case-insensitive.
    let client = app.sign_in("AGENT", DEMO_PASSWORD).await;
    let (status, session) = app.get_with(&client, "/api/session").await;
    assert_eq!(status, 200);
    assert_eq!(session["username"], "agent");
    assert_eq!(session["role"], "provider");
    assert_eq!(session["status"], "approved");
    assert_eq!(session["display_name"], "Linda Novak");
    assert_eq!(session["mco"], Value::Null);
    assert_eq!(session["idle_timeout_seconds"], 900);
    assert_eq!(session["facility_id"], first);
    let facilities = session["facilities"].as_array().unwrap();
    assert_eq!(facilities.len(), 2);
    assert_eq!(
        facilities[0],
        json!({"id": first, "name": "Rock River Pediatrics", "facility_type": "Clinic",
               "medicaid_id": "123456789", "npi": "1234567893"})
    );
    assert_eq!(facilities[1]["id"], second);
}

#[tokio::test]
async fn users_waiting_for_approval_sign_in_without_facilities() {
    let app = spawn_app().await;
    for (username, status) in [
        ("new1", "profile_needed"),
        ("new2", "pending"),
        ("new3", "denied"),
    ] {
        let id = app.create_user(username, "provider", status, None).await;
        app.add_facility(id, "Not yet theirs").await;
        let client = app.sign_in(username, DEMO_PASSWORD).await;
        let (status_code, session) = app.get_with(&client, "/api/session").await;
        assert_eq!(status_code, 200);
        assert_eq!(session["status"], status);
        assert_eq!(session["facilities"], json!([]));
        assert_eq!(session["facility_id"], Value::Null);
        assert_eq!(session["display_name"], username);
        // Not approved: no switching facilities.
        let (code, body) = app
            .post_app(&client, "/api/session/facility", &json!({"facility_id": 1}))
            .await;
        assert_eq!(code, 403);
        assert_eq!(
            body["message"],
            "Your registration has not been approved yet"
        );
    }
}

#[tokio::test]
async fn failures_look_the_same_whatever_went_wrong() {
    let app = spawn_app().await;
    app.create_user("ana", "provider", "approved", None).await;
    app.create_user("gone", "provider", "disabled", None).await;

    let expected = json!({"errors": {"username": ["Enter a correct username and password"]}});
    for (username, password) in [
        ("nobody", DEMO_PASSWORD),
        ("ana", WRONG),
        ("gone", DEMO_PASSWORD),
        ("ana", ""),
    ] {
        let response = sign_in_response(&app, &app.new_client(), username, password, &[]).await;
        assert!(response.headers().get("set-cookie").is_none());
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, 401, "{username}");
        assert_eq!(body, expected, "{username}");
    }
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(sessions, 0);

    // A body that is not a SignIn is a 422, not a failure.
    let (status, body) = app
        .post_app(
            &app.new_client(),
            "/api/session",
            &json!({"username": "ana"}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["password"].is_array(), "{body}");
}

/// Margins that hold on a loaded machine: a 429 is asserted right after the failure that set the
/// wait (one unit of 500 ms ahead), a success only after sleeping twice the wait.
#[tokio::test]
async fn repeated_failures_must_wait_longer_and_longer() {
    const UNIT: Duration = Duration::from_millis(500);
    let app = spawn_app_with(security(|s| s.sign_in_delay = UNIT)).await;
    app.create_user("ana", "provider", "approved", None).await;

    for _ in 0..3 {
        assert_eq!(attempt(&app, "ana", WRONG).await.0, 401);
    }
    // 3 failures: the next attempt waits one unit; before that, 429 even with the right password.
    let (status, retry_after, body) = attempt(&app, "Ana", DEMO_PASSWORD).await;
    assert_eq!(status, 429);
    assert_eq!(retry_after.as_deref(), Some("1"));
    assert_eq!(
        body,
        json!({"errors": {"username": ["Too many failed sign-ins. Try again in 1 second"]}})
    );
    // Counted per username, whether or not it exists: others are not held up.
    assert_eq!(attempt(&app, "someone-else", WRONG).await.0, 401);

    tokio::time::sleep(UNIT * 2).await;
    assert_eq!(attempt(&app, "ana", WRONG).await.0, 401);
    // 4 failures: two units now; right away, still 429.
    assert_eq!(attempt(&app, "ana", DEMO_PASSWORD).await.0, 429);
    tokio::time::sleep(UNIT * 4).await;

    // A success resets the count: three more failures are answered 401 straight away.
    assert_eq!(attempt(&app, "ana", DEMO_PASSWORD).await.0, 204);
    assert_eq!(attempt(&app, "ana", WRONG).await.0, 401);
    assert_eq!(attempt(&app, "ana", WRONG).await.0, 401);
    assert_eq!(attempt(&app, "ana", WRONG).await.0, 401);
    assert_eq!(attempt(&app, "ana", WRONG).await.0, 429);
}

#[tokio::test]
async fn ten_failures_lock_the_username() {
    let app = spawn_app_with(security(|s| {
        s.sign_in_delay = Duration::from_millis(2);
        s.lockout = Duration::from_secs(2);
    }))
    .await;
    app.create_user("ana", "provider", "approved", None).await;

    for n in 1..=10 {
        // Waits of 2, 4, 8, ... 256 ms from the 3rd failure.
        if n > 3 {
            tokio::time::sleep(Duration::from_millis(2 << (n - 4)) + Duration::from_millis(5))
                .await;
        }
        assert_eq!(attempt(&app, "ana", WRONG).await.0, 401, "failure {n}");
    }
    let (status, retry_after, body) = attempt(&app, "ana", DEMO_PASSWORD).await;
    assert_eq!(status, 429, "locked even for the right password");
    assert_eq!(retry_after.as_deref(), Some("2"));
    assert_eq!(
        body["errors"]["username"][0],
        "Too many failed sign-ins. Try again in 2 seconds"
    );

    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(attempt(&app, "ana", DEMO_PASSWORD).await.0, 204);
    // The username's count, not the client address's (docs/security.md).
    let rows: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sign_in_failures WHERE username_key NOT LIKE 'address:%'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(rows, 0, "the success cleared the count");
}

#[tokio::test]
async fn the_lock_message_counts_minutes() {
    let app = spawn_app().await;
    sqlx::query(
        "INSERT INTO sign_in_failures (username_key, failures, last_failed_at, locked_until) \
         VALUES ($1, 10, $2, $3)",
    )
    .bind(portal_server::auth::sha256_hex("ana"))
    .bind(now_millis())
    .bind(now_millis() + 15 * 60 * 1000)
    .execute(&app.pool)
    .await
    .unwrap();
    let (status, retry_after, body) = attempt(&app, "ANA", DEMO_PASSWORD).await;
    assert_eq!(status, 429);
    let secs: u64 = retry_after.unwrap().parse().unwrap();
    assert!((899..=900).contains(&secs), "{secs}");
    assert_eq!(
        body["errors"]["username"][0],
        "Too many failed sign-ins. Try again in 15 minutes"
    );
}

#[tokio::test]
async fn parallel_attempts_cannot_pass_the_count() {
    let app = spawn_app_with(security(|s| s.sign_in_delay = Duration::from_secs(30))).await;
    app.create_user("ana", "provider", "approved", None).await;
    let url = app.url("/api/session");
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let url = url.clone();
            tokio::spawn(async move { sign_in_status(url, "ana", WRONG).await })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 401).count(),
        3,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        5,
        "{statuses:?}"
    );
}

#[tokio::test]
async fn idle_sessions_end_and_active_ones_are_renewed() {
    // An idle limit of 3 s, renewed every 1 s: wide margins on a loaded 2-core machine.
    let app = spawn_app_with(security(|s| s.session_idle = Duration::from_secs(3))).await;
    app.create_user("ana", "provider", "approved", None).await;

    let active = app.sign_in("ana", DEMO_PASSWORD).await;
    let idle = app.sign_in("ana", DEMO_PASSWORD).await;
    let (status, session) = app.get_with(&idle, "/api/session").await;
    assert_eq!(
        (status, session["idle_timeout_seconds"].clone()),
        (200, json!(3))
    );

    for _ in 0..4 {
        tokio::time::sleep(Duration::from_millis(1000)).await;
        assert_eq!(
            app.get_with(&active, "/api/session").await.0,
            200,
            "renewed"
        );
    }
    // 4 s without a request.
    let (status, body) = app.get_with(&idle, "/api/session").await;
    assert_eq!(status, 401);
    assert_eq!(
        body,
        json!({"error": "unauthorized", "message": "Sign in to continue"})
    );
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(sessions, 1, "the idle session's row is deleted");

    tokio::time::sleep(Duration::from_millis(3500)).await;
    assert_eq!(app.get_with(&active, "/api/session").await.0, 401);
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = spawn_app().await;
    app.create_user("ana", "provider", "approved", None).await;
    let client = app.sign_in("ana", DEMO_PASSWORD).await;

    let response = client
        .delete(app.url("/api/session"))
        .header(APP_HEADER.0, APP_HEADER.1)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
    let cookie = set_cookie(&response);
    assert!(cookie.starts_with("portal_session=;"), "{cookie}");
    assert!(cookie.contains("Max-Age=0") && cookie.contains("HttpOnly"));

    assert_eq!(app.get_with(&client, "/api/session").await.0, 401);
    assert_eq!(app.delete_app(&client, "/api/session").await.0, 401);
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(sessions, 0);
}

#[tokio::test]
async fn a_provider_switches_between_its_own_facilities_only() {
    let app = spawn_app().await;
    let agent = app.create_user("agent", "provider", "approved", None).await;
    let first = app.add_facility(agent, "Rock River Pediatrics").await;
    let second = app.add_facility(agent, "Sangamon Valley Home Health").await;
    let other = app.create_user("other", "provider", "approved", None).await;
    let foreign = app
        .add_facility(other, "Lakeshore Family Health Clinic")
        .await;

    let client = app.sign_in("agent", DEMO_PASSWORD).await;
    assert_eq!(
        app.get_with(&client, "/api/session").await.1["facility_id"],
        first
    );
    let (status, session) = app
        .post_app(
            &client,
            "/api/session/facility",
            &json!({"facility_id": second}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(session["facility_id"], second);
    assert_eq!(
        app.get_with(&client, "/api/session").await.1["facility_id"],
        second
    );

    let (status, body) = app
        .post_app(
            &client,
            "/api/session/facility",
            &json!({"facility_id": foreign}),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(body["error"], "forbidden");
    assert_eq!(
        app.get_with(&client, "/api/session").await.1["facility_id"],
        second
    );

    let (status, _) = app
        .post_app(
            &client,
            "/api/session/facility",
            &json!({"facility": second}),
        )
        .await;
    assert_eq!(status, 422);

    // Other roles have no facilities to switch to.
    app.create_user("staff", "provider", "approved", None).await;
    let staff = app.sign_in("staff", DEMO_PASSWORD).await;
    let (status, _) = app
        .post_app(
            &staff,
            "/api/session/facility",
            &json!({"facility_id": first}),
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions() {
    let app = spawn_app().await;
    app.create_user("ana", "provider", "approved", None).await;
    let here = app.new_client();
    let response = sign_in_response(&app, &here, "ana", DEMO_PASSWORD, &[]).await;
    let old_token = cookie_token(&set_cookie(&response));
    let elsewhere = app.sign_in("ana", DEMO_PASSWORD).await;
    let new_password = "Fresh-Tulip-Meadow-88";

    let (status, body) = app
        .put_app(
            &here,
            "/api/me/password",
            &json!({"current_password": WRONG, "new_password": new_password,
                    "confirm_password": new_password}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        body["errors"]["current_password"],
        json!(["Enter your current password correctly"])
    );

    let (status, body) = app
        .put_app(
            &here,
            "/api/me/password",
            &json!({"current_password": DEMO_PASSWORD, "new_password": "short",
                    "confirm_password": "short"}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["new_password"].is_array(), "{body}");

    let response = here
        .put(app.url("/api/me/password"))
        .header(APP_HEADER.0, APP_HEADER.1)
        .json(
            &json!({"current_password": DEMO_PASSWORD, "new_password": new_password,
                      "confirm_password": new_password}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
    // This browser goes on with a new token; the one it had is dead.
    let cookie = set_cookie(&response);
    let new_token = cookie_token(&cookie);
    assert_ne!(new_token, old_token);
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    assert_eq!(with_token(&app, &old_token).await, 401, "the old token");
    assert_eq!(with_token(&app, &new_token).await, 200, "the new token");

    assert_eq!(
        app.get_with(&here, "/api/session").await.0,
        200,
        "this browser stays signed in"
    );
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(sessions, 1, "only the new session");
    assert_eq!(
        app.get_with(&elsewhere, "/api/session").await.0,
        401,
        "others end"
    );
    assert_eq!(
        attempt(&app, "ana", DEMO_PASSWORD).await.0,
        401,
        "the old password"
    );
    app.sign_in("ana", new_password).await;
}

/// The token of a client's cookie, read back from the sign-in: the test signs in once more with a
/// plain client and keeps the raw token (the cookie store does not give it out).
async fn session_token_of(app: &TestApp, username: &str) -> String {
    let response =
        sign_in_response(app, &reqwest::Client::new(), username, DEMO_PASSWORD, &[]).await;
    assert_eq!(response.status().as_u16(), 204);
    cookie_token(&set_cookie(&response))
}

/// GET /api/session with `token` as the cookie: the status.
async fn with_token(app: &TestApp, token: &str) -> u16 {
    reqwest::Client::new()
        .get(app.url("/api/session"))
        .header("cookie", format!("portal_session={token}"))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn signing_in_ends_the_session_the_browser_came_with() {
    let app = spawn_app().await;
    app.create_user("ana", "provider", "approved", None).await;
    app.create_user("bob", "provider", "approved", None).await;
    let first = session_token_of(&app, "ana").await;
    let bobs = session_token_of(&app, "bob").await;

    // Signing in again from the same browser replaces its session.
    let response = sign_in_response(
        &app,
        &reqwest::Client::new(),
        "ana",
        DEMO_PASSWORD,
        &[("cookie", &format!("portal_session={first}"))],
    )
    .await;
    assert_eq!(response.status().as_u16(), 204);
    let second = cookie_token(&set_cookie(&response));
    assert_ne!(second, first);
    assert_eq!(with_token(&app, &first).await, 401);
    assert_eq!(with_token(&app, &second).await, 200);

    // Whatever session the cookie names ends: a token planted in the browser never stays live.
    let response = sign_in_response(
        &app,
        &reqwest::Client::new(),
        "ana",
        DEMO_PASSWORD,
        &[("cookie", &format!("portal_session={bobs}"))],
    )
    .await;
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(with_token(&app, &bobs).await, 401);
    assert_eq!(with_token(&app, &second).await, 200, "other browsers stay");

    // A failed sign-in ends nothing.
    let response = sign_in_response(
        &app,
        &reqwest::Client::new(),
        "ana",
        WRONG,
        &[("cookie", &format!("portal_session={second}"))],
    )
    .await;
    assert_eq!(response.status().as_u16(), 401);
    assert_eq!(with_token(&app, &second).await, 200);
}

#[tokio::test]
async fn usernames_are_kept_only_as_a_fixed_size_hash() {
    let app = spawn_app().await;
    // A user whose username is 254 characters long (the longest looked up) still signs in.
    let long_name = format!("{}@example.com", "a".repeat(254 - "@example.com".len()));
    app.create_user(&long_name, "provider", "approved", None)
        .await;
    app.sign_in(&long_name, DEMO_PASSWORD).await;

    // A password typed as the username, and junk of any length: the same 401, counted, and kept
    // only as a 64-character hash.
    let typed_password = "Typed-Into-The-Username-Box-42";
    // (Under the sign-in body's 8 KB: a larger body is a 413 before anything is read.)
    let junk = "x".repeat(7_000);
    let too_long = "b".repeat(255);
    let expected = json!({"errors": {"username": ["Enter a correct username and password"]}});
    for username in [typed_password, junk.as_str(), too_long.as_str()] {
        let (status, _, body) = attempt(&app, username, DEMO_PASSWORD).await;
        assert_eq!(status, 401);
        assert_eq!(body, expected);
    }
    let keys: Vec<(String, i64)> = sqlx::query_as(
        "SELECT username_key, failures FROM sign_in_failures \
             WHERE username_key NOT LIKE 'address:%' ORDER BY username_key",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(keys.len(), 3, "{keys:?}");
    // A body over 8 KB is refused unread: 413, nothing counted.
    let (status, _, _) = attempt(&app, &"y".repeat(100_000), DEMO_PASSWORD).await;
    assert_eq!(status, 413);
    let counted: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sign_in_failures WHERE username_key NOT LIKE 'address:%'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(counted, 3);
    for (key, failures) in &keys {
        assert_eq!(key.len(), 64);
        assert!(key.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(*failures, 1);
    }
    let mut expected_keys: Vec<String> = [typed_password, &junk, &too_long]
        .iter()
        .map(|u| portal_server::auth::sha256_hex(&u.to_lowercase()))
        .collect();
    expected_keys.sort();
    assert_eq!(
        keys.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(),
        expected_keys
    );

    // A username longer than 254 characters is no user's, even if one were stored so.
    app.create_user(&too_long, "provider", "approved", None)
        .await;
    assert_eq!(attempt(&app, &too_long, DEMO_PASSWORD).await.0, 401);
}

#[tokio::test]
async fn old_failure_counts_are_forgotten() {
    // Failures are remembered for `failure_memory` (24 hours; 1 minute here) after the last one.
    let app = spawn_app_with(security(|s| s.failure_memory = Duration::from_secs(60))).await;
    let now = now_millis();
    let minute = 60 * 1000;
    for (key, last_failed_at, locked_until) in [
        ("stale", now - 2 * minute, None),
        ("stale-lock-over", now - 20 * minute, Some(now - minute)),
        ("recent", now - 1000, None),
        ("still-locked", now - 2 * minute, Some(now + minute)),
    ] {
        sqlx::query(
            "INSERT INTO sign_in_failures (username_key, failures, last_failed_at, locked_until) \
             VALUES ($1, 2, $2, $3)",
        )
        .bind(key)
        .bind(last_failed_at)
        .bind(locked_until)
        .execute(&app.pool)
        .await
        .unwrap();
    }
    // Any failure sweeps the table.
    assert_eq!(attempt(&app, "nobody", WRONG).await.0, 401);
    let mut keys: Vec<String> = sqlx::query_scalar(
        "SELECT username_key FROM sign_in_failures WHERE username_key NOT LIKE 'address:%'",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    keys.sort();
    let mut expected = vec![
        "recent".to_owned(),
        "still-locked".to_owned(),
        portal_server::auth::sha256_hex("nobody"),
    ];
    expected.sort();
    assert_eq!(keys, expected);
}

#[tokio::test]
async fn wrong_current_passwords_count_as_failed_sign_ins() {
    let new_password = "Fresh-Tulip-Meadow-88";
    let change = |current: &str| {
        json!({"current_password": current, "new_password": new_password,
               "confirm_password": new_password})
    };

    // With a long delay: from the 3rd wrong current password, 429 even for the right one, and
    // the sign-in of the same username waits too.
    let app = spawn_app_with(security(|s| s.sign_in_delay = Duration::from_secs(60))).await;
    app.create_user("ana", "provider", "approved", None).await;
    let here = app.sign_in("ana", DEMO_PASSWORD).await;
    for _ in 0..3 {
        let (status, body) = app.put_app(&here, "/api/me/password", &change(WRONG)).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(
            body["errors"]["current_password"],
            json!(["Enter your current password correctly"])
        );
    }
    let (status, body) = app
        .put_app(&here, "/api/me/password", &change(DEMO_PASSWORD))
        .await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(
        body["errors"]["current_password"][0],
        "Too many failed sign-ins. Try again in 1 minute"
    );
    assert_eq!(attempt(&app, "ANA", DEMO_PASSWORD).await.0, 429);
    assert_eq!(app.get_with(&here, "/api/session").await.0, 200);

    // Without delays: the 10th wrong current password locks the username and ends every session.
    let app = spawn_app_with(security(|s| {
        s.sign_in_delay = Duration::ZERO;
        s.lockout = Duration::from_secs(60);
    }))
    .await;
    app.create_user("ana", "provider", "approved", None).await;
    let here = app.sign_in("ana", DEMO_PASSWORD).await;
    let elsewhere = app.sign_in("ana", DEMO_PASSWORD).await;
    for n in 1..10 {
        let (status, _) = app.put_app(&here, "/api/me/password", &change(WRONG)).await;
        assert_eq!(status, 422, "failure {n}");
    }
    let (status, body) = app.put_app(&here, "/api/me/password", &change(WRONG)).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(app.get_with(&here, "/api/session").await.0, 401);
    assert_eq!(app.get_with(&elsewhere, "/api/session").await.0, 401);
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(sessions, 0);
    assert_eq!(attempt(&app, "ana", DEMO_PASSWORD).await.0, 429, "locked");
}

#[tokio::test]
async fn a_new_password_must_not_include_the_email_address() {
    let app = spawn_app().await;
    let id = app.create_user("ana", "provider", "approved", None).await;
    sqlx::query("UPDATE users SET email = 'rosalind.k@example.com' WHERE id = $1")
        .bind(id)
        .execute(&app.pool)
        .await
        .unwrap();
    let client = app.sign_in("ana", DEMO_PASSWORD).await;
    let (_, session) = app.get_with(&client, "/api/session").await;
    assert_eq!(session["email"], "rosalind.k@example.com");
    let new_password = "Rosalind.K garden gate 7";
    let (status, body) = app
        .put_app(
            &client,
            "/api/me/password",
            &json!({"current_password": DEMO_PASSWORD, "new_password": new_password,
                    "confirm_password": new_password}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        body["errors"]["new_password"],
        json!(["Password must not include your email address"])
    );
}

#[tokio::test]
async fn signed_in_users_see_the_mco_list() {
    let app = spawn_app().await;
    app.create_user("ana", "provider", "pending", None).await;
    assert_eq!(app.get_json("/api/mcos").await.0, 401);
    let client = app.sign_in("ana", DEMO_PASSWORD).await;
    let (status, mcos) = app.get_with(&client, "/api/mcos").await;
    assert_eq!(status, 200);
    let names: Vec<&str> = mcos
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Aetna Better Health of Illinois",
            "Blue Cross Community Health Plans",
            "CountyCare Health Plan",
            "Meridian Health Plan of Illinois",
            "Molina Healthcare of Illinois"
        ]
    );
    assert_eq!(mcos[0]["active"], true);
    // The short names a claims template may use instead (the browser checks with them too).
    assert_eq!(mcos[0]["short_name"], "Aetna");
    assert_eq!(mcos[4]["short_name"], "Molina");
}
