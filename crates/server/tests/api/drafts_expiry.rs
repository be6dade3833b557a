//! Drafts on My tickets: listed and deleted by their owner; a draft unchanged for 90 days is
//! deleted with its files, its owner told by email a week before.

use serde_json::json;

use crate::helpers::spawn_app;
use crate::helpers::tickets::{provider, upload, PDF};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

fn now() -> i64 {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    i64::try_from(since_epoch.as_millis()).unwrap()
}

#[tokio::test]
async fn drafts_are_listed_and_deleted_by_their_owner() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let (status, draft) = app
        .post_app(
            &p1.client,
            "/api/drafts",
            &json!({"facility_id": p1.facility_id}),
        )
        .await;
    assert_eq!(status, 201);
    let id = draft["id"].as_i64().unwrap();
    let (_, list) = app.get_with(&p1.client, "/api/drafts").await;
    assert_eq!(list[0]["id"], id);
    assert!(list[0]["updated_at"].as_str().unwrap().ends_with('Z'));
    let path = format!("/api/drafts/{id}");
    assert_eq!(app.delete_app(&p1.client, &path).await.0, 204);
    assert_eq!(app.get_with(&p1.client, "/api/drafts").await.1, json!([]));
    assert_eq!(app.get_with(&p1.client, &path).await.0, 404);
}

#[tokio::test]
async fn an_old_draft_is_announced_then_deleted_with_its_files() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let (_, old) = app
        .post_app(
            &p1.client,
            "/api/drafts",
            &json!({"facility_id": p1.facility_id}),
        )
        .await;
    let old_id = old["id"].as_i64().unwrap();
    let (status, _) = upload(
        &app,
        &p1.client,
        &format!("/api/drafts/{old_id}/attachments"),
        "letter.pdf",
        "application/pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(status, 201);
    let (_, recent) = app
        .post_app(
            &p1.client,
            "/api/drafts",
            &json!({"facility_id": p1.facility_id}),
        )
        .await;
    let recent_id = recent["id"].as_i64().unwrap();
    let now = now();
    sqlx::query("UPDATE tickets SET updated_at = $1 WHERE id = $2")
        .bind(now - 84 * DAY_MS)
        .bind(old_id)
        .execute(&app.pool)
        .await
        .unwrap();
    let outbox_before = app.count("outbox").await;

    // Day 84: the owner is told, once; nothing is deleted yet.
    let report = portal_server::drafts_expiry::run(&app.pool, now)
        .await
        .unwrap();
    assert_eq!(report.warned, vec![old_id]);
    assert!(report.deleted.is_empty());
    let report = portal_server::drafts_expiry::run(&app.pool, now + 60_000)
        .await
        .unwrap();
    assert!(report.warned.is_empty() && report.deleted.is_empty());
    assert_eq!(app.count("outbox").await, outbox_before + 1);
    let (subject, body, to): (String, String, String) =
        sqlx::query_as("SELECT subject, body, to_address FROM outbox ORDER BY id DESC LIMIT 1")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(subject, "A draft ticket will be deleted in 7 days");
    assert!(body.contains("provider1 Clinic"), "{body}");
    assert!(body.contains("will be deleted on"));
    assert!(to.contains("provider1"), "{to}");

    // Day 90 is less than a week after the email: still kept.
    let report = portal_server::drafts_expiry::run(&app.pool, now + 6 * DAY_MS)
        .await
        .unwrap();
    assert!(report.deleted.is_empty());
    // A week after the email (day 91): deleted with its file; the recent draft stays.
    let report = portal_server::drafts_expiry::run(&app.pool, now + 7 * DAY_MS)
        .await
        .unwrap();
    assert_eq!(report.deleted, vec![old_id]);
    let files: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM ticket_attachments WHERE ticket_id = $1")
            .bind(old_id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(files, 0);
    let (_, list) = app.get_with(&p1.client, "/api/drafts").await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], recent_id);
}

#[tokio::test]
async fn a_change_after_the_email_keeps_the_draft() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let (_, draft) = app
        .post_app(
            &p1.client,
            "/api/drafts",
            &json!({"facility_id": p1.facility_id}),
        )
        .await;
    let id = draft["id"].as_i64().unwrap();
    let now = now();
    sqlx::query("UPDATE tickets SET updated_at = $1 WHERE id = $2")
        .bind(now - 85 * DAY_MS)
        .bind(id)
        .execute(&app.pool)
        .await
        .unwrap();
    let report = portal_server::drafts_expiry::run(&app.pool, now)
        .await
        .unwrap();
    assert_eq!(report.warned, vec![id]);
    // The provider continues it: the count starts again.
    let (status, _) = app
        .put_app(
            &p1.client,
            &format!("/api/drafts/{id}"),
            &json!({"facility_id": p1.facility_id, "tracking_number": "AET-9"}),
        )
        .await;
    assert_eq!(status, 200);
    let report = portal_server::drafts_expiry::run(&app.pool, now + 8 * DAY_MS)
        .await
        .unwrap();
    assert!(report.deleted.is_empty() && report.warned.is_empty());
}
