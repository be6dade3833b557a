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
    let app = spawn_app().await;
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
