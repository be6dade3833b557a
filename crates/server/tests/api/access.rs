//! Who sees which ticket: anything a session may not see is a 404 (ids reveal nothing); no
//! session is a 401.

use serde_json::Value;

use crate::helpers::spawn_app;
use crate::helpers::tickets::{
    present, provider, staff, submit_ticket, ticket_id, upload, AETNA, MERIDIAN, PDF,
};

/// The ids in a list answer.
fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn the_access_matrix() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let p2 = provider(&app, "provider2").await;
    let aetna = staff(&app, "mco-aetna", "mco", Some(AETNA)).await;
    let meridian = staff(&app, "mco-meridian", "mco", Some(MERIDIAN)).await;
    let hfs = staff(&app, "hfs-staff", "hfs_staff", None).await;
    let admin = staff(&app, "hfs-admin", "hfs_admin", None).await;

    let id = ticket_id(&submit_ticket(&app, &p1, AETNA).await);
    let other = ticket_id(&submit_ticket(&app, &p2, MERIDIAN).await);
    let path = format!("/api/tickets/{id}");

    // Its provider sees it; another provider does not.
    assert_eq!(app.get_with(&p1.client, &path).await.0, 200);
    let (status, body) = app.get_with(&p2.client, &path).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"], "not_found");
    // A row it may not see is a row that is not there, never a path without an endpoint.
    let message = body["message"].as_str().unwrap();
    assert!(!message.contains("endpoint"), "{message}");
    let (_, missing) = app.get_with(&p1.client, "/api/tickets/999999").await;
    assert_eq!(missing, body);
    assert_eq!(
        ids(&app.get_with(&p1.client, "/api/tickets").await.1),
        vec![id]
    );
    assert_eq!(
        ids(&app.get_with(&p2.client, "/api/tickets").await.1),
        vec![other]
    );

    // The MCO sees it only once presented; another MCO never.
    assert_eq!(app.get_with(&aetna, &path).await.0, 404);
    assert!(ids(&app.get_with(&aetna, "/api/tickets").await.1).is_empty());
    present(&app, id).await;
    let (status, detail) = app.get_with(&aetna, &path).await;
    assert_eq!(status, 200, "{detail}");
    assert_eq!(detail["summary"]["status"], "with_mco");
    assert_eq!(ids(&app.get_with(&aetna, "/api/tickets").await.1), vec![id]);
    assert_eq!(app.get_with(&meridian, &path).await.0, 404);
    assert!(ids(&app.get_with(&meridian, "/api/tickets").await.1).is_empty());

    // HFS sees every submitted ticket.
    for client in [&hfs, &admin] {
        assert_eq!(app.get_with(client, &path).await.0, 200);
        let mut seen = ids(&app.get_with(client, "/api/tickets").await.1);
        seen.sort_unstable();
        assert_eq!(seen, vec![id, other]);
    }

    // Files follow the same rule.
    let (status, attachment) = upload(
        &app,
        &aetna,
        &format!("{path}/attachments"),
        "response.pdf",
        "application/pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(status, 201, "{attachment}");
    let file = format!("{path}/attachments/{}", attachment["id"]);
    assert_eq!(app.get_with(&p2.client, &file).await.0, 404);
    assert_eq!(app.get_with(&meridian, &file).await.0, 404);
    let (status, body) = upload(
        &app,
        &meridian,
        &format!("{path}/attachments"),
        "x.pdf",
        "application/pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(status, 404, "{body}");

    // An id that does not exist is the same 404.
    assert_eq!(app.get_with(&hfs, "/api/tickets/999999").await.0, 404);

    // No session: 401.
    let anonymous = app.new_client();
    assert_eq!(app.get_with(&anonymous, &path).await.0, 401);
    assert_eq!(app.get_with(&anonymous, "/api/tickets").await.0, 401);
    assert_eq!(app.get_with(&anonymous, &file).await.0, 401);
}

#[tokio::test]
async fn drafts_are_not_tickets_to_anyone() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let hfs = staff(&app, "hfs-staff", "hfs_staff", None).await;
    let (status, draft) = app
        .post_app(&p1.client, "/api/drafts", &serde_json::json!({}))
        .await;
    assert_eq!(status, 201);
    let path = format!("/api/tickets/{}", draft["id"]);
    assert_eq!(app.get_with(&hfs, &path).await.0, 404);
    assert_eq!(app.get_with(&p1.client, &path).await.0, 404);
    assert!(ids(&app.get_with(&hfs, "/api/tickets").await.1).is_empty());
    assert_eq!(
        app.get_with(&hfs, &format!("/api/drafts/{}", draft["id"]))
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn a_colleague_at_the_same_facility_sees_the_ticket_but_not_the_draft() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let colleague = app
        .create_user("colleague", "provider", "approved", None)
        .await;
    sqlx::query("INSERT INTO user_facilities (user_id, facility_id, added_at) VALUES ($1, $2, 0)")
        .bind(colleague)
        .bind(p1.facility_id)
        .execute(&app.pool)
        .await
        .unwrap();
    let colleague = app
        .sign_in("colleague", crate::helpers::DEMO_PASSWORD)
        .await;
    let id = ticket_id(&submit_ticket(&app, &p1, AETNA).await);
    assert_eq!(
        app.get_with(&colleague, &format!("/api/tickets/{id}"))
            .await
            .0,
        200
    );
    let (_, draft) = app
        .post_app(&p1.client, "/api/drafts", &serde_json::json!({}))
        .await;
    assert_eq!(
        app.get_with(&colleague, &format!("/api/drafts/{}", draft["id"]))
            .await
            .0,
        404
    );
}
