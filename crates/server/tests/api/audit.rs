//! The audit log: who saw protected health information, read by HFS administrators.

use crate::helpers::tickets::{
    audit_rows, present, provider, staff, submit_ticket, ticket_id, upload, AETNA, PDF,
};
use crate::helpers::{spawn_app, user_id};

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
    // A refused view writes nothing.
    assert_eq!(
        app.get_with(&mco, &format!("/api/tickets/{other}")).await.0,
        404
    );
    let mco_id = user_id(&app, "mco-aetna").await;
    assert_eq!(audit_rows(&app, mco_id, other, "viewed_ticket").await, 0);

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

    // The admin's log: newest first, with usernames; filtered by ticket.
    let (status, log) = app
        .get_with(&admin, &format!("/api/admin/audit?ticket_id={id}"))
        .await;
    assert_eq!(status, 200, "{log}");
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 3);
    assert_eq!(log[0]["what"], "downloaded_attachment");
    assert_eq!(log[0]["username"], "provider1");
    assert_eq!(log[0]["ticket_id"], id);
    assert_eq!(log[2]["what"], "viewed_ticket");
    assert_eq!(log[2]["username"], "hfs-staff");
    assert!(log[0]["at"].as_str().unwrap().ends_with('Z'));
    let (_, other_log) = app
        .get_with(&admin, &format!("/api/admin/audit?ticket_id={other}"))
        .await;
    assert_eq!(other_log, serde_json::json!([]));

    // Only the admin.
    assert_eq!(app.get_with(&hfs, "/api/admin/audit").await.0, 403);
    assert_eq!(app.get_with(&p1.client, "/api/admin/audit").await.0, 403);
    assert_eq!(
        app.get_with(&app.new_client(), "/api/admin/audit").await.0,
        401
    );
    assert_eq!(app.get_with(&admin, "/api/admin/audit?who=x").await.0, 422);
}
