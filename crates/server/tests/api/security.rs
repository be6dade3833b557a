//! The request guard: state-changing `/api` requests need the app's header and, when an `Origin`
//! is sent, this server's own; the public rule endpoints stay open.

use serde_json::{json, Value};

use crate::helpers::{
    cookie_token, set_cookie, sign_in_status, spawn_app, status_and_json, APP_HEADER, DEMO_PASSWORD,
};

fn sign_in_body() -> Value {
    json!({"username": "ana", "password": DEMO_PASSWORD})
}

#[tokio::test]
async fn state_changes_without_the_app_header_are_refused() {
    let app = spawn_app().await;
    app.create_user("ana", "hfs_admin", "approved", None).await;
    let client = app.new_client();

    for header in [None, Some("XMLHttpRequest"), Some("")] {
        let mut request = client.post(app.url("/api/session")).json(&sign_in_body());
        if let Some(value) = header {
            request = request.header(APP_HEADER.0, value);
        }
        let response = request.send().await.unwrap();
        assert!(response.headers().get("set-cookie").is_none());
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, 403, "{header:?}");
        assert_eq!(body["error"], "forbidden");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let failures: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_failures")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(failures, 0, "refused before the sign-in ran");

    // Signed in, a request without the header changes nothing either.
    let signed_in = app.sign_in("ana", DEMO_PASSWORD).await;
    let response = signed_in
        .delete(app.url("/api/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    let response = signed_in
        .post(app.url("/api/admin/mcos"))
        .json(&json!({"name": "Acme Health", "active": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    assert_eq!(app.get_with(&signed_in, "/api/session").await.0, 200);
    // Reads need no header.
    assert_eq!(app.get_with(&signed_in, "/api/admin/users").await.0, 200);
}

#[tokio::test]
async fn only_this_servers_origin_is_accepted() {
    let app = spawn_app().await;
    app.create_user("ana", "provider", "approved", None).await;
    let host = app.address.strip_prefix("http://").unwrap().to_owned();

    for (origin, expected) in [
        ("https://evil.example".to_owned(), 403),
        ("null".to_owned(), 403),
        (format!("http://{host}.evil.example"), 403),
        (format!("http://{host}"), 204),
        (format!("https://{host}"), 204),
    ] {
        let response = app
            .new_client()
            .post(app.url("/api/session"))
            .header(APP_HEADER.0, APP_HEADER.1)
            .header("origin", &origin)
            .json(&sign_in_body())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), expected, "{origin}");
    }
}

#[tokio::test]
async fn the_public_rule_endpoints_need_no_header() {
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    for (path, body) in [
        (
            "/api/eligibility",
            json!({"mco_received_on": "2026-01-05", "today": "2026-02-11"}),
        ),
        (
            "/api/timeline",
            json!({"mco_received_on": "2026-01-05", "today": "2026-02-11"}),
        ),
    ] {
        let response = client
            .post(app.url(path))
            .header("origin", "https://elsewhere.example")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_ne!(response.status().as_u16(), 403, "{path}");
        assert_ne!(response.status().as_u16(), 401, "{path}");
    }
}

#[tokio::test]
async fn unknown_paths_and_methods_keep_their_answers() {
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    let response = client.post(app.url("/api/nope")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 404);
    let response = client.delete(app.url("/api/health")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 405);
    let response = client.put(app.url("/api/session")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 405);
}

/// The real binary's log, at debug level, through sign-in failures, a sign-in and a password
/// change: no password and no session token in it.
#[tokio::test]
async fn the_log_holds_no_password_and_no_token() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .args(["--listen", "127.0.0.1:0", "--demo"])
        .arg("--database-url")
        .arg(format!("sqlite:{}", dir.path().join("p.db").display()))
        .arg("--dist")
        .arg(dir.path())
        .env("RUST_LOG", "debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let (lines_tx, lines_rx) = std::sync::mpsc::channel::<String>();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let tx = lines_tx.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines_tx.send(line);
        }
    });
    let mut log = Vec::new();
    let address = loop {
        let line = lines_rx
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("the server starts");
        let found = line
            .split("listening on ")
            .nth(1)
            .map(|rest| rest.split_whitespace().next().unwrap().to_owned());
        log.push(line);
        if let Some(address) = found {
            break address;
        }
    };

    let new_password = "Velvet-Otter-Canyon-19";
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let send = |path: &str, method: reqwest::Method, body: Value| {
        client
            .request(method, format!("{address}{path}"))
            .header(APP_HEADER.0, APP_HEADER.1)
            .json(&body)
            .send()
    };
    let wrong = send(
        "/api/session",
        reqwest::Method::POST,
        json!({"username": "hfs-staff", "password": "Not-The-Password-1"}),
    )
    .await
    .unwrap();
    assert_eq!(wrong.status().as_u16(), 401);
    let right = send(
        "/api/session",
        reqwest::Method::POST,
        json!({"username": "hfs-staff", "password": DEMO_PASSWORD}),
    )
    .await
    .unwrap();
    assert_eq!(right.status().as_u16(), 204);
    let token = cookie_token(&set_cookie(&right));
    let changed = send(
        "/api/me/password",
        reqwest::Method::PUT,
        json!({"current_password": DEMO_PASSWORD, "new_password": new_password,
               "confirm_password": new_password}),
    )
    .await
    .unwrap();
    assert_eq!(changed.status().as_u16(), 204);
    let new_token = cookie_token(&set_cookie(&changed));

    // A password typed into the username box.
    let typed_as_username = "Typed-As-Username-Secret-77";
    let wrong = reqwest::Client::new()
        .post(format!("{address}/api/session"))
        .header(APP_HEADER.0, APP_HEADER.1)
        .json(&json!({"username": typed_as_username, "password": "whatever"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 401);

    // A registration's password.
    let registration_password = "Registration-Secret-Lantern-4417";
    let registered = reqwest::Client::new()
        .post(format!("{address}/api/registrations"))
        .header(APP_HEADER.0, APP_HEADER.1)
        .json(
            &json!({"email": "log.registrant@clinic.example", "username": "log.registrant",
                      "password": registration_password,
                      "confirm_password": registration_password}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status().as_u16(), 201);

    // An invitation code: requested by provider1, approved by hfs-staff (signed in above), read
    // from the demo outbox, redeemed.
    let provider = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let as_provider = |path: &str, body: Value| {
        provider
            .post(format!("{address}{path}"))
            .header(APP_HEADER.0, APP_HEADER.1)
            .json(&body)
            .send()
    };
    let signed_in = as_provider(
        "/api/session",
        json!({"username": "provider1", "password": DEMO_PASSWORD}),
    )
    .await
    .unwrap();
    assert_eq!(signed_in.status().as_u16(), 204);
    let sent = as_provider(
        "/api/facility-requests",
        json!({"contact_name": "Alex Agent", "contact_phone": "(312) 555-0123",
               "contact_email": "alex@billing.example",
               "facilities": [{"contact_email": "site@clinic.example",
                               "contact_phone": "217-555-0199", "name": "Log Test Clinic",
                               "facility_type": "Clinic", "medicaid_id": "100000042",
                               "npi": "1234567893"}]}),
    )
    .await
    .unwrap();
    assert_eq!(sent.status().as_u16(), 201);
    let queue: Value = client
        .get(format!("{address}/api/hfs/facility-requests"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = queue[0]["id"].as_i64().expect("the request in HFS's queue");
    let approved = send(
        &format!("/api/hfs/facility-requests/{id}/approve"),
        reqwest::Method::POST,
        json!({}),
    )
    .await
    .unwrap();
    assert_eq!(approved.status().as_u16(), 204);
    let outbox: Value = reqwest::get(format!("{address}/api/demo/outbox"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let code = outbox
        .as_array()
        .unwrap()
        .iter()
        .find_map(|m| {
            m["body"]
                .as_str()
                .unwrap()
                .split("Your invitation code is:")
                .nth(1)
                .map(|rest| rest.split_whitespace().next().unwrap().to_owned())
        })
        .expect("the invitation email");
    let redeemed = as_provider("/api/invitations/redeem", json!({"code": code}))
        .await
        .unwrap();
    assert_eq!(redeemed.status().as_u16(), 200);
    let plain_code = code.replace('-', "");

    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    child.kill().unwrap();
    child.wait().unwrap();
    while let Ok(line) = lines_rx.recv_timeout(std::time::Duration::from_millis(500)) {
        log.push(line);
    }
    let log = log.join("\n");
    assert!(log.contains("demo accounts ready"), "{log}");
    assert!(log.contains("session started"), "{log}");
    assert!(log.contains("sign-in failed"), "{log}");
    for secret in [
        DEMO_PASSWORD,
        "Not-The-Password-1",
        new_password,
        token.as_str(),
        new_token.as_str(),
        typed_as_username,
        &typed_as_username.to_lowercase(),
        registration_password,
        code.as_str(),
        plain_code.as_str(),
    ] {
        assert!(!log.contains(secret), "the log holds {secret}:\n{log}");
    }
}

/// A flood of sign-ins never runs more argon2 hashes at once than the limit (2 per processor, at
/// least 2); every attempt still gets its answer.
#[tokio::test]
async fn password_hashing_runs_a_bounded_number_at_once() {
    let app = spawn_app().await;
    let limit = portal_server::auth::hashing_limit();
    let processors = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert_eq!(limit, (2 * processors).max(2));

    let url = app.url("/api/session");
    let tasks: Vec<_> = (0..limit * 4)
        .map(|i| {
            let url = url.clone();
            // A username each: the per-username turn does not serialize them.
            tokio::spawn(async move {
                sign_in_status(url, &format!("flood{i}"), "Wrong-Password-1").await
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), 401);
    }
    let peak = portal_server::auth::hashing_peak();
    assert!((1..=limit).contains(&peak), "peak {peak}, limit {limit}");
}
