//! The audit log: who saw protected health information, read by HFS administrators.

use crate::helpers::tickets::{
    audit_rows, present, provider, staff, submit_ticket, ticket_id, upload, AETNA, PDF,
};
use serde_json::json;

use crate::helpers::{spawn_app, user_id, DEMO_PASSWORD};

#[tokio::test]
async fn views_and_downloads_are_audited_and_the_admin_reads_them() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let mco = staff(&app, "mco-aetna", "mco", Some(AETNA)).await;
    let hfs = staff(&app, "hfs-staff", "hfs_staff", None).await;
    let admin = staff(&app, "hfs-admin", "hfs_admin", None).await;
    let id = ticket_id(&submit_ticket(&app, &p1, AETNA).await);
    let other = ticket_id(&submit_ticket(&app, &p1, AETNA).await);
    present(&app, id).await;

    // Lists are not audited; the ticket page is, each time.
    assert_eq!(app.get_with(&hfs, "/api/tickets").await.0, 200);
    assert_eq!(
        app.get_with(&hfs, &format!("/api/tickets/{id}")).await.0,
        200
    );
    assert_eq!(
        app.get_with(&hfs, &format!("/api/tickets/{id}")).await.0,
        200
    );
    let hfs_id = user_id(&app, "hfs-staff").await;
    assert_eq!(audit_rows(&app, hfs_id, id, "viewed_ticket").await, 2);
    // A refused view is recorded as refused (not as a view).
    assert_eq!(
        app.get_with(&mco, &format!("/api/tickets/{other}")).await.0,
        404
    );
    let mco_id = user_id(&app, "mco-aetna").await;
    assert_eq!(audit_rows(&app, mco_id, other, "viewed_ticket").await, 0);
    assert_eq!(audit_rows(&app, mco_id, other, "refused_ticket").await, 1);
    // So is a look at a ticket that does not exist.
    assert_eq!(app.get_with(&mco, "/api/tickets/999999").await.0, 404);
    assert_eq!(audit_rows(&app, mco_id, 999_999, "refused_ticket").await, 1);

    let (status, attachment) = upload(
        &app,
        &mco,
        &format!("/api/tickets/{id}/attachments"),
        "response.pdf",
        "application/pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(status, 201, "{attachment}");
    let response = p1
        .client
        .get(app.url(&format!(
            "/api/tickets/{id}/attachments/{}",
            attachment["id"]
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        audit_rows(&app, p1.user_id, id, "downloaded_attachment").await,
        1
    );

    // The admin's log: newest first, with usernames and the client address; filtered by ticket.
    let response = admin
        .get(app.url(&format!("/api/admin/audit?ticket_id={id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-total-count"], "5");
    let log: serde_json::Value = response.json().await.unwrap();
    let log = log.as_array().unwrap();
    let kinds: Vec<&str> = log.iter().map(|e| e["what"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "downloaded_attachment",
            "uploaded_attachment",
            "viewed_ticket",
            "viewed_ticket",
            "submitted_ticket"
        ]
    );
    assert_eq!(log[0]["username"], "provider1");
    assert_eq!(log[0]["ticket_id"], id);
    // The ticket's number, so that the page need not fetch every ticket to name them.
    let number = log[0]["ticket_number"].as_str().unwrap();
    assert!(
        number.starts_with("PRP-") && number.ends_with(&format!("{id:06}")),
        "{number}"
    );
    assert_eq!(log[0]["client"], "127.0.0.1");
    assert_eq!(log[2]["username"], "hfs-staff");
    assert!(log[0]["at"].as_str().unwrap().ends_with('Z'));
    assert!(log[0]["id"].as_i64().unwrap() > log[1]["id"].as_i64().unwrap());
    let (_, other_log) = app
        .get_with(&admin, &format!("/api/admin/audit?ticket_id={other}"))
        .await;
    let other_kinds: Vec<&str> = other_log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["what"].as_str().unwrap())
        .collect();
    assert_eq!(other_kinds, ["refused_ticket", "submitted_ticket"]);

    // Only the admin.
    assert_eq!(app.get_with(&hfs, "/api/admin/audit").await.0, 403);
    assert_eq!(app.get_with(&p1.client, "/api/admin/audit").await.0, 403);
    assert_eq!(
        app.get_with(&app.new_client(), "/api/admin/audit").await.0,
        401
    );
    assert_eq!(app.get_with(&admin, "/api/admin/audit?who=x").await.0, 422);
}

/// The kinds of the entries of `actor`, oldest first.
async fn kinds_of(app: &crate::helpers::TestApp, actor: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT kind FROM audit_log WHERE actor = $1 ORDER BY id")
        .bind(actor)
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn security_events_are_recorded_with_who_where_and_never_a_password() {
    let app = spawn_app().await;
    let admin = staff(&app, "hfs-admin", "hfs_admin", None).await;
    let p1 = provider(&app, "provider1").await;

    // A failed sign-in: the username typed, never the password.
    let wrong = "Not-The-Password-42!";
    let (status, _) = app
        .post_app(
            &app.new_client(),
            "/api/session",
            &json!({"username": "provider1", "password": wrong}),
        )
        .await;
    assert_eq!(status, 401);
    let (status, _) = app
        .post_app(
            &app.new_client(),
            "/api/session",
            &json!({"username": "nobody-here", "password": wrong}),
        )
        .await;
    assert_eq!(status, 401);
    assert_eq!(kinds_of(&app, "nobody-here").await, ["sign_in_failed"]);
    assert_eq!(
        kinds_of(&app, "provider1").await,
        ["signed_in", "sign_in_failed"]
    );

    // A password change, by the user; the user's creation and disabling, by the admin.
    let (status, body) = app
        .put_app(
            &p1.client,
            "/api/me/password",
            &json!({"current_password": DEMO_PASSWORD, "new_password": "Another-Good-Pass-2026",
                    "confirm_password": "Another-Good-Pass-2026"}),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    let (status, created) = app
        .post_app(
            &admin,
            "/api/admin/users",
            &json!({"username": "kbrandt", "email": "kbrandt@example.com", "first_name": "Kevin",
                    "last_name": "Brandt", "role": "hfs_staff", "password": "Kevin-Brandt-Pass-2026"}),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let (status, _) = app
        .post_app(
            &admin,
            &format!("/api/admin/users/{}/disable", created["id"]),
            &json!({}),
        )
        .await;
    assert_eq!(status, 204);
    assert_eq!(
        kinds_of(&app, "provider1").await,
        ["signed_in", "sign_in_failed", "password_changed"]
    );
    assert_eq!(
        kinds_of(&app, "hfs-admin").await,
        ["signed_in", "user_created", "user_disabled"]
    );

    // Every entry has a time and the client address; no password is anywhere in the trail.
    let rows: Vec<(i64, String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT at, actor, client, detail FROM audit_log")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert!(rows.len() >= 7);
    for (at, actor, client, detail) in &rows {
        assert!(*at > 0);
        assert_eq!(client.as_deref(), Some("127.0.0.1"));
        for text in [Some(actor.as_str()), detail.as_deref()]
            .into_iter()
            .flatten()
        {
            assert!(
                !text.contains(wrong) && !text.contains(DEMO_PASSWORD),
                "{text}"
            );
            assert!(!text.contains("Kevin-Brandt-Pass"), "{text}");
        }
    }

    // The admin reads them filtered by user and kind, a page at a time, the total in a header.
    let response = admin
        .get(app.url("/api/admin/audit?user=PROVIDER1&limit=2&offset=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-total-count"], "3");
    let page: serde_json::Value = response.json().await.unwrap();
    let kinds: Vec<&str> = page
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["what"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["sign_in_failed", "signed_in"]);
    let (status, failed) = app
        .get_with(&admin, "/api/admin/audit?kind=sign_in_failed")
        .await;
    assert_eq!(status, 200);
    assert_eq!(failed.as_array().unwrap().len(), 2);
    let today = crate::helpers::iso(crate::helpers::today());
    let (_, dated) = app
        .get_with(&admin, &format!("/api/admin/audit?from={today}&to={today}"))
        .await;
    assert_eq!(dated.as_array().unwrap().len(), rows.len());
    let (_, none) = app
        .get_with(&admin, "/api/admin/audit?from=2020-01-01&to=2020-01-31")
        .await;
    assert_eq!(none, json!([]));
    let (status, bad) = app
        .get_with(&admin, "/api/admin/audit?from=yesterday")
        .await;
    assert_eq!(status, 422, "{bad}");
    assert!(bad["errors"]["from"].is_array(), "{bad}");
    let (status, bad) = app.get_with(&admin, "/api/admin/audit?limit=900").await;
    assert_eq!(status, 422, "{bad}");
    assert!(bad["errors"]["limit"].is_array(), "{bad}");
}

#[tokio::test]
async fn the_trail_cannot_be_rewritten_and_ids_are_never_given_again() {
    let app = spawn_app().await;
    let _admin = staff(&app, "hfs-admin", "hfs_admin", None).await;
    let refused_update = sqlx::query("UPDATE audit_log SET actor = 'someone-else'")
        .execute(&app.pool)
        .await;
    assert!(refused_update.is_err());
    let refused_delete = sqlx::query("DELETE FROM audit_log")
        .execute(&app.pool)
        .await;
    assert!(refused_delete.is_err());
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE actor = 'hfs-admin'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(kept, 1);
    // AUTOINCREMENT: SQLite keeps the highest id ever given and never gives it again; an
    // identity's sequence does the same in PostgreSQL.
    let sequence: i64 = sqlx::query_scalar(if app.on_postgres() {
        "SELECT last_value FROM pg_sequences \
         WHERE schemaname || '.' || sequencename = pg_get_serial_sequence('audit_log', 'id')"
    } else {
        "SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'"
    })
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(sequence >= 1);
}

#[tokio::test]
async fn the_admin_exports_the_trail_as_a_spreadsheet_that_runs_no_formula() {
    let app = spawn_app().await;
    let admin = staff(&app, "hfs-admin", "hfs_admin", None).await;
    // A sign-in attempt whose username is a spreadsheet formula.
    let (status, _) = app
        .post_app(
            &app.new_client(),
            "/api/session",
            &json!({"username": "=HYPERLINK(\"http://x\")", "password": "whatever-it-is"}),
        )
        .await;
    assert_eq!(status, 401);
    let response = admin
        .get(app.url("/api/admin/audit.csv?kind=sign_in_failed"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let disposition = response.headers()["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"audit-"),
        "{disposition}"
    );
    let text = response.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("Entry,When (UTC),Who,Client address"));
    assert!(lines[1].contains("'=HYPERLINK"), "{text}");
    assert!(lines[1].contains("127.0.0.1"));
    // The export is itself in the trail; only administrators export.
    let (_, exported) = app
        .get_with(&admin, "/api/admin/audit?kind=exported_audit")
        .await;
    assert_eq!(exported.as_array().unwrap().len(), 1);
    let hfs = staff(&app, "hfs-staff", "hfs_staff", None).await;
    assert_eq!(
        hfs.get(app.url("/api/admin/audit.csv"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
}
