//! HFS administrators' endpoints (users, MCOs, calendar changes) and `portal-server create-admin`.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

use crate::helpers::{spawn_app, TestApp, DEMO_PASSWORD};

const NEW_PASSWORD: &str = "Quiet-Harbor-Lantern-42";

async fn admin(app: &TestApp) -> reqwest::Client {
    app.create_user("boss", "hfs_admin", "approved", None).await;
    app.sign_in("boss", DEMO_PASSWORD).await
}

fn staff_user(username: &str, role: &str, mco_id: Option<i64>) -> Value {
    json!({"username": username, "email": format!("{username}@example.com"),
           "first_name": "Kevin", "last_name": "Brandt", "role": role, "mco_id": mco_id,
           "password": NEW_PASSWORD})
}

#[tokio::test]
async fn an_admin_creates_an_mco_user_who_signs_in() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let aetna = app.mco_id("Aetna Better Health of Illinois").await;

    let (status, created) = app
        .post_app(
            &admin,
            "/api/admin/users",
            &staff_user("kbrandt", "mco", Some(aetna)),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["username"], "kbrandt");
    assert_eq!(created["role"], "mco");
    assert_eq!(created["status"], "approved");
    assert_eq!(created["display_name"], "Kevin Brandt");
    assert_eq!(created["facilities"], 0);
    // One user, as the page that changes a role reads it; 404 for none.
    let id = created["id"].as_i64().unwrap();
    let (status, one) = app
        .get_with(&admin, &format!("/api/admin/users/{id}"))
        .await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(one, created);
    assert_eq!(app.get_with(&admin, "/api/admin/users/999999").await.0, 404);
    assert_eq!(
        created["mco"],
        json!({"id": aetna, "name": "Aetna Better Health of Illinois", "active": true, "short_name": "Aetna"})
    );

    let user = app.sign_in("kbrandt", NEW_PASSWORD).await;
    let (_, session) = app.get_with(&user, "/api/session").await;
    assert_eq!(session["mco"]["id"], aetna);

    let (status, users) = app.get_with(&admin, "/api/admin/users").await;
    assert_eq!(status, 200);
    let names: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["boss", "kbrandt"]);

    // The same username (in any case), an unknown MCO, a provider, an MCO user without an MCO.
    let (status, body) = app
        .post_app(
            &admin,
            "/api/admin/users",
            &staff_user("KBrandt", "hfs_staff", None),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["username"].is_array(), "{body}");
    let (status, body) = app
        .post_app(
            &admin,
            "/api/admin/users",
            &staff_user("x1user", "mco", Some(999)),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["mco_id"].is_array(), "{body}");
    let (status, body) = app
        .post_app(
            &admin,
            "/api/admin/users",
            &staff_user("x2user", "provider", None),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["role"].is_array(), "{body}");
    let (status, body) = app
        .post_app(
            &admin,
            "/api/admin/users",
            &staff_user("x3user", "mco", None),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["mco_id"].is_array(), "{body}");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(count, 2);
}

#[tokio::test]
async fn disabling_ends_sessions_and_enabling_restores() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let boss_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'boss'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let ana = app.create_user("ana", "provider", "approved", None).await;
    sqlx::query(
        "UPDATE users SET requested_on = '2026-01-05', decided_on = '2026-01-09' WHERE id = $1",
    )
    .bind(ana)
    .execute(&app.pool)
    .await
    .unwrap();
    let client = app.sign_in("ana", DEMO_PASSWORD).await;

    let (status, _) = app
        .post_app(
            &admin,
            &format!("/api/admin/users/{ana}/disable"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 204);
    assert_eq!(app.get_with(&client, "/api/session").await.0, 401);
    let (status, body) = app
        .post_app(
            &app.new_client(),
            "/api/session",
            &json!({"username": "ana", "password": DEMO_PASSWORD}),
        )
        .await;
    assert_eq!(status, 401);
    assert_eq!(
        body["errors"]["username"][0],
        "Enter a correct username and password"
    );

    let (status, body) = app
        .post_app(
            &admin,
            &format!("/api/admin/users/{boss_id}/disable"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"], "conflict");
    let (status, _) = app
        .post_app(&admin, "/api/admin/users/9999/disable", &json!({}))
        .await;
    assert_eq!(status, 404);

    let (status, _) = app
        .post_app(
            &admin,
            &format!("/api/admin/users/{ana}/enable"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 204);
    let client = app.sign_in("ana", DEMO_PASSWORD).await;
    assert_eq!(
        app.get_with(&client, "/api/session").await.1["status"],
        "approved"
    );
}

#[tokio::test]
async fn admins_keep_the_mco_list() {
    let app = spawn_app().await;
    let admin = admin(&app).await;

    let (status, mco) = app
        .post_app(
            &admin,
            "/api/admin/mcos",
            &json!({"name": "  Prairie Health Plan ", "active": true}),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(mco["name"], "Prairie Health Plan");
    let id = mco["id"].as_i64().unwrap();

    let taken = json!({"errors": {"name": ["An MCO with this name already exists"]}});
    let (status, body) = app
        .post_app(
            &admin,
            "/api/admin/mcos",
            &json!({"name": "molina healthcare of illinois", "active": true}),
        )
        .await;
    assert_eq!((status, body), (422, taken.clone()));
    let (status, body) = app
        .put_app(
            &admin,
            &format!("/api/admin/mcos/{id}"),
            &json!({"name": "CountyCare Health Plan", "active": true}),
        )
        .await;
    assert_eq!((status, body), (422, taken));
    let (status, body) = app
        .post_app(
            &admin,
            "/api/admin/mcos",
            &json!({"name": " ", "active": true}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["name"].is_array());

    let (status, mco) = app
        .put_app(
            &admin,
            &format!("/api/admin/mcos/{id}"),
            &json!({"name": "Prairie Health Plan", "active": false}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        mco,
        json!({"id": id, "name": "Prairie Health Plan", "active": false, "short_name": ""})
    );
    let (status, _) = app
        .put_app(
            &admin,
            "/api/admin/mcos/9999",
            &json!({"name": "Nowhere", "active": true}),
        )
        .await;
    assert_eq!(status, 404);

    let (_, mcos) = app.get_with(&admin, "/api/mcos").await;
    assert_eq!(mcos.as_array().unwrap().len(), 6);
}

#[tokio::test]
async fn admins_change_the_calendar() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let path = "/api/admin/calendar-changes";

    let (status, answer) = app
        .post_app(
            &admin,
            path,
            &json!({"kind": "add", "date": "2026-12-24", "name": "Governor's proclamation"}),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    assert!(
        answer["message"].as_str().unwrap().contains("closed"),
        "{answer}"
    );
    let (status, answer) = app
        .post_app(
            &admin,
            path,
            &json!({"kind": "remove", "date": "2026-10-12"}),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    let expected = json!([
        {"kind": "remove", "date": "2026-10-12"},
        {"kind": "add", "date": "2026-12-24", "name": "Governor's proclamation"},
    ]);
    assert_eq!(answer["changes"], expected);
    assert_eq!(app.get_with(&admin, path).await.1, expected);
    // The rule endpoints see it at once.
    let (_, holidays) = app.get_json("/api/calendar/holidays?year=2026").await;
    assert!(holidays.to_string().contains("2026-12-24"), "{holidays}");

    // The CLI's rules: no weekends, no existing holiday, nothing to open.
    for (body, field) in [
        (
            json!({"kind": "add", "date": "2026-12-26", "name": "x"}),
            "date",
        ),
        (
            json!({"kind": "add", "date": "2026-11-26", "name": "x"}),
            "date",
        ),
        (json!({"kind": "remove", "date": "2026-10-13"}), "date"),
        (
            json!({"kind": "add", "date": "2026-12-23", "name": " "}),
            "name",
        ),
        (
            json!({"kind": "add", "date": "2026-02-30", "name": "x"}),
            "date",
        ),
        (json!({"kind": "close", "date": "2026-12-23"}), "kind"),
    ] {
        let (status, answer) = app.post_app(&admin, path, &body).await;
        assert_eq!(status, 422, "{body}");
        assert!(answer["errors"][field].is_array(), "{body}: {answer}");
    }

    let (status, answer) = app.delete_app(&admin, &format!("{path}/2026-12-24")).await;
    assert_eq!(status, 200);
    assert_eq!(
        answer["changes"],
        json!([{"kind": "remove", "date": "2026-10-12"}])
    );
    let (status, answer) = app.delete_app(&admin, &format!("{path}/2026-10-12")).await;
    assert_eq!(status, 200);
    assert_eq!(answer["changes"], json!([]));
    assert_eq!(
        app.delete_app(&admin, &format!("{path}/2026-10-12"))
            .await
            .0,
        404
    );
    assert_eq!(
        app.delete_app(&admin, &format!("{path}/someday")).await.0,
        422
    );
}

fn create_admin(db_url: &str, args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .arg("create-admin")
        .args(args)
        .env("DATABASE_URL", db_url)
        .env_remove("PORTAL_ADMIN_PASSWORD")
        .env("RUST_LOG", "info")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn create_admin_makes_an_hfs_administrator() {
    let dir = tempfile::tempdir().unwrap();
    let db_url = format!("sqlite:{}", dir.path().join("portal.db").display());
    let args = ["--username", "grace", "--email", "grace@example.com"];

    let output = create_admin(&db_url, &args, &format!("{NEW_PASSWORD}\n"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("created HFS admin grace"), "{stdout}");
    assert!(!stdout.contains(NEW_PASSWORD) && !stderr.contains(NEW_PASSWORD));

    let pool = portal_server::db::connect(&db_url).await.unwrap();
    let (role, status, phc): (String, String, String) =
        sqlx::query_as("SELECT role, status, password_hash FROM users WHERE username = 'grace'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((role.as_str(), status.as_str()), ("hfs_admin", "approved"));
    assert!(portal_server::auth::verify_password(&phc, NEW_PASSWORD));
    pool.close().await;

    // The same username again (in any case): refused, clearly.
    let output = create_admin(
        &db_url,
        &["--username", "Grace", "--email", "g2@example.com"],
        &format!("{NEW_PASSWORD}\n"),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("already exists"));

    // A weak password: refused by the same rules as everywhere.
    let output = create_admin(
        &db_url,
        &["--username", "henry", "--email", "henry@example.com"],
        "short\n",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("password"));

    // The password from the environment.
    let output = Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .args([
            "create-admin",
            "--username",
            "irene",
            "--email",
            "irene@example.com",
        ])
        .env("DATABASE_URL", &db_url)
        .env("PORTAL_ADMIN_PASSWORD", NEW_PASSWORD)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("created HFS admin irene"));
}

#[tokio::test]
async fn a_wrong_role_is_refused_before_its_body_is_read() {
    let app = spawn_app().await;
    app.create_user("clerk", "hfs_staff", "approved", None)
        .await;
    let clerk = app.sign_in("clerk", DEMO_PASSWORD).await;
    let admin = admin(&app).await;
    let bad = json!({"name": 7, "extra": true});

    // Not an admin: 403 whatever the body says.
    let (status, body) = app.post_app(&clerk, "/api/admin/mcos", &bad).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"], "forbidden");

    // An admin: the body's problems, under their fields.
    let (status, body) = app.post_app(&admin, "/api/admin/mcos", &bad).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["errors"].is_object(), "{body}");
}

/// `PUT /api/admin/users/{id}/role`: between staff roles; the user's sessions get new ids and the
/// new rights at once; audited (actor, client, old -> new); the user is emailed; never one's own.
#[tokio::test]
async fn an_admin_changes_a_staff_users_role() {
    let app = spawn_app().await;
    let admin = admin(&app).await;
    let boss: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'boss'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let ana = app.create_user("ana", "hfs_staff", "approved", None).await;
    let pat = app.create_user("pat", "provider", "approved", None).await;
    let aetna = app.mco_id("Aetna Better Health of Illinois").await;
    let staff = app.sign_in("ana", DEMO_PASSWORD).await;
    assert_eq!(app.get_with(&staff, "/api/admin/users").await.0, 403);
    let old_token: String =
        sqlx::query_scalar("SELECT token_hash FROM sessions WHERE user_id = $1")
            .bind(ana)
            .fetch_one(&app.pool)
            .await
            .unwrap();

    // Refusals: not an admin, one's own role, a provider, no change, a missing MCO, no such user.
    let path = format!("/api/admin/users/{ana}/role");
    let (status, _) = app
        .put_app(&staff, &path, &json!({"role": "hfs_admin"}))
        .await;
    assert_eq!(status, 403);
    let (status, body) = app
        .put_app(
            &admin,
            &format!("/api/admin/users/{boss}/role"),
            &json!({"role": "hfs_staff"}),
        )
        .await;
    assert_eq!((status, body["error"].clone()), (409, json!("conflict")));
    let (status, body) = app
        .put_app(
            &admin,
            &format!("/api/admin/users/{pat}/role"),
            &json!({"role": "hfs_staff"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["errors"]["role"][0]
        .as_str()
        .unwrap()
        .contains("cannot be changed"));
    let (status, body) = app
        .put_app(&admin, &path, &json!({"role": "hfs_staff"}))
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        body["errors"]["role"][0],
        "This user is already HFS portal staff: choose another role"
    );
    let (status, body) = app.put_app(&admin, &path, &json!({"role": "mco"})).await;
    assert_eq!(
        (status, body["errors"]["mco_id"][0].clone()),
        (422, json!("Select the MCO"))
    );
    let (status, body) = app
        .put_app(&admin, &path, &json!({"role": "mco", "mco_id": 9999}))
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"]["mco_id"][0], "Choose an MCO from the list");
    let (status, body) = app.put_app(&admin, &path, &json!({"role": "boss"})).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["errors"].is_object(), "{body}");
    let (status, _) = app
        .put_app(
            &admin,
            "/api/admin/users/9999/role",
            &json!({"role": "hfs_admin"}),
        )
        .await;
    assert_eq!(status, 404);
    let role: String = sqlx::query_scalar("SELECT role FROM users WHERE id = $1")
        .bind(ana)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(role, "hfs_staff", "nothing changed by a refusal");

    // The change: the summary answers, the user's next request has a new session id and the
    // administrator's rights.
    let (status, changed) = app
        .put_app(&admin, &path, &json!({"role": "hfs_admin"}))
        .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["role"], "hfs_admin");
    assert_eq!(changed["username"], "ana");
    let response = staff.get(app.url("/api/session")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers().get("set-cookie").is_some(),
        "a new session id"
    );
    let session: Value = response.json().await.unwrap();
    assert_eq!(session["role"], "hfs_admin");
    let new_token: String =
        sqlx::query_scalar("SELECT token_hash FROM sessions WHERE user_id = $1")
            .bind(ana)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_ne!(old_token, new_token);
    assert_eq!(app.get_with(&staff, "/api/admin/users").await.0, 200);

    // Down to MCO staff of one MCO: the admin screens close at once.
    let (status, changed) = app
        .put_app(&admin, &path, &json!({"role": "mco", "mco_id": aetna}))
        .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["mco"]["id"], json!(aetna));
    assert_eq!(app.get_with(&staff, "/api/admin/users").await.0, 403);
    assert_eq!(app.get_with(&staff, "/api/session").await.1["role"], "mco");

    // Audited with the actor and the client address; the user emailed each time, no PHI.
    let entries: Vec<(String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT kind, actor, client, detail FROM audit_log WHERE kind = 'role_changed' ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].0, "role_changed");
    assert_eq!(entries[0].1, "boss");
    assert_eq!(entries[0].2.as_deref(), Some("127.0.0.1"));
    assert_eq!(
        entries[0].3,
        format!("user {ana} (ana): hfs_staff -> hfs_admin")
    );
    assert_eq!(
        entries[1].3,
        format!("user {ana} (ana): hfs_admin -> mco (MCO {aetna})")
    );
    let mail: Vec<(String, String)> = sqlx::query_as(
        "SELECT subject, body FROM outbox WHERE to_address = 'ana@example.com' ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(mail.len(), 2);
    assert_eq!(
        mail[0].0,
        "The role of your Provider Resolution Portal account was changed"
    );
    assert!(
        mail[0]
            .1
            .contains("from HFS portal staff to HFS administrator"),
        "{}",
        mail[0].1
    );
    assert!(
        mail[1]
            .1
            .contains("from HFS administrator to MCO staff (Aetna Better Health of Illinois)"),
        "{}",
        mail[1].1
    );
}
