//! Drafts: stored as the provider goes, seen only by their owner; files on them.

use serde_json::json;

use crate::helpers::spawn_app;
use crate::helpers::tickets::{audit_rows, provider, staff, upload, valid_form, AETNA, EXE, PDF};

#[tokio::test]
async fn a_draft_round_trips_and_only_its_owner_sees_it() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let p2 = provider(&app, "provider2").await;
    let aetna = app.mco_id(AETNA).await;

    let (status, draft) = app
        .post_app(
            &p1.client,
            "/api/drafts",
            &json!({"facility_id": p1.facility_id, "tracking_number": "AET-1"}),
        )
        .await;
    assert_eq!(status, 201, "{draft}");
    let id = draft["id"].as_i64().unwrap();
    assert_eq!(draft["form"]["facility_id"], p1.facility_id);
    assert_eq!(draft["form"]["tracking_number"], "AET-1");
    assert_eq!(draft["ticket_id"], serde_json::Value::Null);
    assert_eq!(draft["attachments"], json!([]));

    // The whole form replaces it.
    let form = valid_form(p1.facility_id, aetna);
    let (status, updated) = app
        .put_app(&p1.client, &format!("/api/drafts/{id}"), &form)
        .await;
    assert_eq!(status, 200, "{updated}");
    let (status, read) = app.get_with(&p1.client, &format!("/api/drafts/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(read["form"], form);
    assert_eq!(audit_rows(&app, p1.user_id, id, "viewed_draft").await, 1);

    let (status, list) = app.get_with(&p1.client, "/api/drafts").await;
    assert_eq!(status, 200);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], id);

    // Another provider: 404 on every path, and an empty list.
    let path = format!("/api/drafts/{id}");
    assert_eq!(app.get_with(&p2.client, &path).await.0, 404);
    assert_eq!(app.put_app(&p2.client, &path, &json!({})).await.0, 404);
    assert_eq!(app.delete_app(&p2.client, &path).await.0, 404);
    let (status, body) = upload(
        &app,
        &p2.client,
        &format!("{path}/attachments"),
        "a.pdf",
        "application/pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"], "not_found");
    assert_eq!(app.get_with(&p2.client, "/api/drafts").await.1, json!([]));

    // Deleted by its owner.
    assert_eq!(app.delete_app(&p1.client, &path).await.0, 204);
    assert_eq!(app.get_with(&p1.client, &path).await.0, 404);
}

#[tokio::test]
async fn a_draft_refuses_only_what_cannot_be_stored() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let p2 = provider(&app, "provider2").await;

    // Partial forms are fine.
    let (status, body) = app.post_app(&p1.client, "/api/drafts", &json!({})).await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_i64().unwrap();

    // Another provider's facility, an unknown MCO, a date that does not exist, an unknown field.
    let (status, body) = app
        .put_app(
            &p1.client,
            &format!("/api/drafts/{id}"),
            &json!({
                "facility_id": p2.facility_id,
                "mco_id": 999,
                "mco_received_on": "2026-02-30"
            }),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    for field in ["facility_id", "mco_id", "mco_received_on"] {
        assert!(body["errors"][field].is_array(), "{field}: {body}");
    }
    let (status, body) = app
        .post_app(&p1.client, "/api/drafts", &json!({"rin_full": "1"}))
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["errors"]["rin_full"].is_array(), "{body}");

    // An inactive MCO cannot be chosen.
    let aetna = app.mco_id(AETNA).await;
    sqlx::query("UPDATE mcos SET active = 0 WHERE id = $1")
        .bind(aetna)
        .execute(&app.pool)
        .await
        .unwrap();
    let (status, body) = app
        .post_app(&p1.client, "/api/drafts", &json!({"mco_id": aetna}))
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["errors"]["mco_id"].is_array(), "{body}");
}

#[tokio::test]
async fn only_approved_providers_start_drafts() {
    let app = spawn_app().await;
    app.create_user("pending1", "provider", "pending", None)
        .await;
    let pending = app.sign_in("pending1", crate::helpers::DEMO_PASSWORD).await;
    let (status, body) = app.post_app(&pending, "/api/drafts", &json!({})).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"], "forbidden");

    let hfs = staff(&app, "hfs1", "hfs_staff", None).await;
    assert_eq!(app.post_app(&hfs, "/api/drafts", &json!({})).await.0, 403);

    // No session: 401.
    let anonymous = app.new_client();
    assert_eq!(
        app.post_app(&anonymous, "/api/drafts", &json!({})).await.0,
        401
    );
    assert_eq!(app.get_with(&anonymous, "/api/drafts").await.0, 401);
}

#[tokio::test]
async fn files_on_a_draft() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let (_, draft) = app.post_app(&p1.client, "/api/drafts", &json!({})).await;
    let id = draft["id"].as_i64().unwrap();
    let path = format!("/api/drafts/{id}/attachments");

    // A PDF, with a name that needs decoding and cleaning.
    let (status, attachment) = upload(
        &app,
        &p1.client,
        &path,
        "../Claim denial ünd letter.pdf",
        "application/pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(status, 201, "{attachment}");
    assert_eq!(attachment["file_name"], "Claim denial ünd letter.pdf");
    assert_eq!(attachment["content_type"], "application/pdf");
    assert_eq!(attachment["size_bytes"], PDF.len());
    assert_eq!(attachment["added_by"], "provider");

    // A program renamed .pdf is refused with the form's message.
    let (status, body) = upload(
        &app,
        &p1.client,
        &path,
        "invoice.pdf",
        "application/pdf",
        EXE.to_vec(),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["errors"]["file"][0],
        rules::tickets::FILE_TYPE_MESSAGE,
        "{body}"
    );

    // Over 10 MB.
    let mut big = PDF.to_vec();
    big.resize(rules::tickets::MAX_ATTACHMENT_BYTES + 1, b' ');
    let (status, body) = upload(&app, &p1.client, &path, "big.pdf", "application/pdf", big).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["errors"]["file"][0],
        rules::tickets::FILE_TOO_BIG_MESSAGE
    );

    // Empty.
    let (status, body) = upload(
        &app,
        &p1.client,
        &path,
        "empty.pdf",
        "application/pdf",
        Vec::new(),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["errors"]["file"][0],
        rules::tickets::FILE_EMPTY_MESSAGE
    );

    // The draft lists it; the download gives the same bytes, as an attachment, and is audited.
    let (_, draft) = app.get_with(&p1.client, &format!("/api/drafts/{id}")).await;
    assert_eq!(draft["attachments"].as_array().unwrap().len(), 1);
    let att = attachment["id"].as_i64().unwrap();
    let response = p1
        .client
        .get(app.url(&format!("{path}/{att}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let disposition = response.headers()["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert_eq!(response.bytes().await.unwrap().as_ref(), PDF);
    assert_eq!(
        audit_rows(&app, p1.user_id, id, "downloaded_attachment").await,
        1
    );

    // Removed.
    assert_eq!(
        app.delete_app(&p1.client, &format!("{path}/{att}")).await.0,
        204
    );
    assert_eq!(
        app.delete_app(&p1.client, &format!("{path}/{att}")).await.0,
        404
    );
    let (_, draft) = app.get_with(&p1.client, &format!("/api/drafts/{id}")).await;
    assert_eq!(draft["attachments"], json!([]));
}

#[tokio::test]
async fn at_most_ten_files_on_a_draft() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let (_, draft) = app.post_app(&p1.client, "/api/drafts", &json!({})).await;
    let path = format!("/api/drafts/{}/attachments", draft["id"]);
    for i in 0..rules::tickets::MAX_ATTACHMENTS {
        let (status, body) = upload(
            &app,
            &p1.client,
            &path,
            &format!("f{i}.pdf"),
            "application/pdf",
            PDF.to_vec(),
        )
        .await;
        assert_eq!(status, 201, "{body}");
    }
    let (status, body) = upload(
        &app,
        &p1.client,
        &path,
        "one-more.pdf",
        "application/pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["errors"]["file"][0],
        rules::tickets::TOO_MANY_FILES_MESSAGE
    );
}
