//! Each role's limits, with the demo accounts (`--demo`), which load idempotently.

use serde_json::{json, Value};

use crate::helpers::{spawn_app, spawn_app_with, DEMO_PASSWORD};

#[tokio::test]
async fn the_demo_accounts_load_once() {
    let app = spawn_app_with(|state| state.with_demo(true)).await;
    app.seed_demo().await;
    app.seed_demo().await;
    let users: Vec<(String, String, String)> =
        sqlx::query_as("SELECT username, role, status FROM users ORDER BY id")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        users
            .iter()
            .map(|(u, r, s)| (u.as_str(), r.as_str(), s.as_str()))
            .collect::<Vec<_>>(),
        [
            ("provider1", "provider", "approved"),
            ("provider2", "provider", "approved"),
            ("agent1", "provider", "approved"),
            ("mco-aetna", "mco", "approved"),
            ("mco-molina", "mco", "approved"),
            ("hfs-staff", "hfs_staff", "approved"),
            ("hfs-admin", "hfs_admin", "approved"),
        ]
    );
    let facilities: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM facilities")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(facilities, 5);

    let agent = app.sign_in("agent1", DEMO_PASSWORD).await;
    let (_, session) = app.get_with(&agent, "/api/session").await;
    assert_eq!(session["facilities"].as_array().unwrap().len(), 3);
    assert_ne!(session["display_name"], "agent1");
    let one = app.sign_in("provider1", DEMO_PASSWORD).await;
    let two = app.sign_in("provider2", DEMO_PASSWORD).await;
    let (_, one) = app.get_with(&one, "/api/session").await;
    let (_, two) = app.get_with(&two, "/api/session").await;
    assert_eq!(one["facilities"].as_array().unwrap().len(), 1);
    assert_eq!(two["facilities"].as_array().unwrap().len(), 1);
    assert_ne!(one["facilities"][0]["id"], two["facilities"][0]["id"]);
    for facility in one["facilities"]
        .as_array()
        .unwrap()
        .iter()
        .chain(session["facilities"].as_array().unwrap())
    {
        let npi = facility["npi"].as_str().unwrap();
        assert!(rules::identifiers::Npi::parse(npi).is_ok(), "{npi}");
        assert_eq!(facility["medicaid_id"].as_str().unwrap().len(), 9);
    }
}

#[tokio::test]
async fn without_a_session_everything_private_is_401() {
    let app = spawn_app().await;
    for path in [
        "/api/session",
        "/api/mcos",
        "/api/admin/users",
        "/api/admin/calendar-changes",
    ] {
        let (status, body) = app.get_json(path).await;
        assert_eq!(status, 401, "{path}");
        assert_eq!(body["error"], "unauthorized", "{path}");
    }
    let client = app.new_client();
    for path in [
        "/api/session/facility",
        "/api/admin/mcos",
        "/api/admin/users/1/disable",
    ] {
        let (status, _) = app.post_app(&client, path, &json!({})).await;
        assert_eq!(status, 401, "{path}");
    }
    assert_eq!(
        app.put_app(&client, "/api/me/password", &json!({})).await.0,
        401
    );
    assert_eq!(app.delete_app(&client, "/api/session").await.0, 401);
    // A cookie the server never issued is no session.
    let forged = reqwest::Client::new()
        .get(app.url("/api/session"))
        .header(
            "cookie",
            "portal_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status().as_u16(), 401);
}

#[tokio::test]
async fn each_role_sees_only_its_own() {
    let app = spawn_app_with(|state| state.with_demo(true)).await;
    app.seed_demo().await;

    let admin_paths = ["/api/admin/users", "/api/admin/calendar-changes"];
    for username in ["provider1", "agent1", "mco-aetna", "hfs-staff"] {
        let client = app.sign_in(username, DEMO_PASSWORD).await;
        for path in admin_paths {
            let (status, body) = app.get_with(&client, path).await;
            assert_eq!(status, 403, "{username} {path}");
            assert_eq!(body["error"], "forbidden");
        }
        let (status, _) = app
            .post_app(
                &client,
                "/api/admin/mcos",
                &json!({"name": "Acme Health", "active": true}),
            )
            .await;
        assert_eq!(status, 403, "{username}");
    }
    let admin = app.sign_in("hfs-admin", DEMO_PASSWORD).await;
    for path in admin_paths {
        assert_eq!(app.get_with(&admin, path).await.0, 200, "{path}");
    }

    // An MCO user works for its MCO; an HFS user for none.
    let aetna = app.sign_in("mco-aetna", DEMO_PASSWORD).await;
    let (_, session) = app.get_with(&aetna, "/api/session").await;
    assert_eq!(session["role"], "mco");
    assert_eq!(session["mco"]["name"], "Aetna Better Health of Illinois");
    assert_eq!(session["mco"]["active"], true);
    assert_eq!(session["facilities"], json!([]));
    let molina = app.sign_in("mco-molina", DEMO_PASSWORD).await;
    let (_, session) = app.get_with(&molina, "/api/session").await;
    assert_eq!(session["mco"]["name"], "Molina Healthcare of Illinois");
    let staff = app.sign_in("hfs-staff", DEMO_PASSWORD).await;
    let (_, session) = app.get_with(&staff, "/api/session").await;
    assert_eq!(session["role"], "hfs_staff");
    assert_eq!(session["mco"], Value::Null);
    assert_eq!(session["facility_id"], Value::Null);
}

/// An MCO user has no business with HFS's queues or the administration: 403 on every one.
#[tokio::test]
async fn mco_users_get_403_on_hfs_and_admin_endpoints() {
    let app = spawn_app().await;
    let mco = app.mco_id("Aetna Better Health of Illinois").await;
    app.create_user("mco.user", "mco", "approved", Some(mco))
        .await;
    let client = app.sign_in("mco.user", DEMO_PASSWORD).await;

    for path in [
        "/api/hfs/registrations",
        "/api/hfs/registrations?status=all",
        "/api/hfs/facility-requests",
        "/api/hfs/facility-requests?status=all",
        "/api/admin/users",
        "/api/admin/calendar-changes",
    ] {
        let (status, body) = app.get_with(&client, path).await;
        assert_eq!(status, 403, "{path}");
        assert_eq!(body["error"], "forbidden", "{path}");
    }
    let staff_user = json!({"username": "new.staff", "email": "new.staff@example.com",
        "first_name": "New", "last_name": "Staff", "role": "hfs_admin", "mco_id": null,
        "password": "Lantern-Orchard-4417"});
    for (path, body) in [
        ("/api/hfs/registrations/1/approve", json!({})),
        ("/api/hfs/registrations/1/deny", json!({"reason": "No"})),
        ("/api/hfs/facility-requests/1/approve", json!({})),
        ("/api/hfs/facility-requests/1/deny", json!({"reason": "No"})),
        ("/api/admin/users", staff_user),
        ("/api/admin/users/1/disable", json!({})),
        ("/api/admin/users/1/enable", json!({})),
        (
            "/api/admin/mcos",
            json!({"name": "Acme Health", "active": true}),
        ),
        (
            "/api/admin/calendar-changes",
            json!({"kind": "add", "date": "2026-12-24", "name": "Christmas Eve"}),
        ),
    ] {
        let (status, answer) = app.post_app(&client, path, &body).await;
        assert_eq!(status, 403, "{path}: {answer}");
        assert_eq!(answer["error"], "forbidden", "{path}");
    }
    let (status, _) = app
        .put_app(
            &client,
            &format!("/api/admin/mcos/{mco}"),
            &json!({"name": "Taken Over", "active": false}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .delete_app(&client, "/api/admin/calendar-changes/2026-12-24")
        .await;
    assert_eq!(status, 403);

    // Nothing changed.
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(users, 1);
    let (_, session) = app.get_with(&client, "/api/session").await;
    assert_eq!(session["mco"]["name"], "Aetna Better Health of Illinois");
    assert_eq!(session["mco"]["active"], true);
}

/// Demo accounts exist for `--demo` only: without it they cannot sign in (the same 401 as any
/// failure) and a session they still have ends.
#[tokio::test]
async fn demo_accounts_do_not_outlive_demo_mode() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let marked: Vec<(String, i64)> = sqlx::query_as("SELECT username, demo FROM users ORDER BY id")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(marked.len(), 7);
    assert!(marked.iter().all(|(_, demo)| *demo == 1), "{marked:?}");

    let expected = json!({"errors": {"username": ["Enter a correct username and password"]}});
    for username in ["provider1", "hfs-admin", "mco-aetna"] {
        let response = app
            .new_client()
            .post(app.url("/api/session"))
            .header(crate::helpers::APP_HEADER.0, crate::helpers::APP_HEADER.1)
            .json(&json!({"username": username, "password": DEMO_PASSWORD}))
            .send()
            .await
            .unwrap();
        assert!(response.headers().get("set-cookie").is_none());
        let (status, body) = crate::helpers::status_and_json(response).await;
        assert_eq!(status, 401, "{username}");
        assert_eq!(body, expected, "{username}");
    }
    // A real account still signs in.
    app.create_user("real.staff", "hfs_staff", "approved", None)
        .await;
    app.sign_in("real.staff", DEMO_PASSWORD).await;

    // A session left from a demo run ends at its next request ...
    let token = "demo-session-token-from-an-earlier-demo-run-000";
    let admin: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'hfs-admin'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let insert_session = |token: &'static str| {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(portal_server::auth::sha256_hex(token))
        .bind(admin)
        .bind(now_millis())
        .bind(now_millis())
    };
    insert_session(token).execute(&app.pool).await.unwrap();
    let response = reqwest::Client::new()
        .get(app.url("/api/admin/users"))
        .header("cookie", format!("portal_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE user_id = $1")
        .bind(admin)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(left, 0);

    // ... and the server started without `--demo` ends them all at once.
    insert_session("another-demo-session-token")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        portal_server::demo::accounts::end_sessions(&app.pool)
            .await
            .unwrap(),
        1
    );
    let sessions: Vec<i64> = sqlx::query_scalar("SELECT user_id FROM sessions")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert!(!sessions.contains(&admin));
    assert_eq!(sessions.len(), 1, "real.staff's session stays");

    // With `--demo`, the same accounts sign in.
    let demo = spawn_app_with(|state| state.with_demo(true)).await;
    demo.seed_demo().await;
    let client = demo.sign_in("hfs-admin", DEMO_PASSWORD).await;
    assert_eq!(demo.get_with(&client, "/api/admin/users").await.0, 200);
}

fn now_millis() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    i64::try_from(since.as_millis()).unwrap()
}
