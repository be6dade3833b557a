//! Limits on every resource: lists page, bodies are as large as each endpoint needs, the password
//! checks' queue fails fast, and each user's drafts and stored bytes are capped.

use portal_server::Security;
use serde_json::{json, Value};

use crate::helpers::tickets::{provider, staff, submit_ticket, upload, valid_form, AETNA, PDF};
use crate::helpers::{spawn_app, spawn_app_with, APP_HEADER};

#[tokio::test]
async fn lists_page_with_limit_and_offset_and_tell_the_total() {
    let app = spawn_app().await;
    let p = provider(&app, "provider1").await;
    let hfs = staff(&app, "hfs-staff", "hfs_staff", None).await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(
            submit_ticket(&app, &p, AETNA).await["summary"]["id"]
                .as_i64()
                .unwrap(),
        );
    }
    let page = |query: &'static str| {
        let client = hfs.clone();
        let url = app.url(&format!("/api/tickets?sort=number{query}"));
        async move {
            let response = client.get(url).send().await.unwrap();
            let status = response.status().as_u16();
            let total = response
                .headers()
                .get("x-total-count")
                .map(|v| v.to_str().unwrap().to_owned());
            let body: Value = response.json().await.unwrap();
            (status, total, body)
        }
    };
    let (status, total, all) = page("").await;
    assert_eq!((status, total.as_deref()), (200, Some("3")));
    assert_eq!(all.as_array().unwrap().len(), 3);
    let (_, total, second) = page("&limit=1&offset=1").await;
    assert_eq!(total.as_deref(), Some("3"));
    assert_eq!(second.as_array().unwrap().len(), 1);
    assert_eq!(second[0]["id"], all[1]["id"]);
    let (_, _, past) = page("&offset=10").await;
    assert_eq!(past, json!([]));
    for bad in ["&limit=0", "&limit=501", "&limit=x", "&offset=-1"] {
        let (status, _, body) = page(bad).await;
        assert_eq!(status, 422, "{bad}: {body}");
    }
    let (status, _, body) = page("&limit=500").await;
    assert_eq!(status, 200, "{body}");

    // Every list pages, the HFS queues and their status filter too.
    for path in [
        "/api/hfs/registrations?status=all&limit=1&offset=0",
        "/api/hfs/facility-requests?status=all&limit=1",
        "/api/hfs/sanction-notices?limit=1",
        "/api/fines?offset=0",
        "/api/calendar/changes?limit=1",
        "/api/sanction-notices?limit=2",
        "/api/mco-disputes?limit=2",
    ] {
        let response = hfs.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert!(response.headers().contains_key("x-total-count"), "{path}");
    }
}

#[tokio::test]
async fn bodies_are_limited_to_what_each_endpoint_needs() {
    let app = spawn_app().await;
    // Sign-in: 8 KB.
    let big_name = "x".repeat(9 * 1024);
    let response = app
        .client
        .post(app.url("/api/session"))
        .header(APP_HEADER.0, APP_HEADER.1)
        .json(&json!({"username": big_name, "password": "p"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    // Every other JSON body: 64 KB.
    let huge = json!({"notes": "y".repeat(70 * 1024)});
    let response = app
        .client
        .post(app.url("/api/eligibility"))
        .header(APP_HEADER.0, APP_HEADER.1)
        .json(&huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "payload_too_large");
}

#[tokio::test]
async fn the_password_checks_queue_fails_fast_when_full() {
    // A queue of none: every password check is refused at once, as a full queue would be.
    let app = spawn_app_with(|state| {
        state.with_security(Security {
            hashing_queue: 0,
            ..Security::default()
        })
    })
    .await;
    let response = app
        .client
        .post(app.url("/api/session"))
        .header(APP_HEADER.0, APP_HEADER.1)
        .json(&json!({"username": "someone", "password": "whatever"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key("retry-after"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "busy");
    assert!(body["message"].as_str().unwrap().contains("Try again"));
    // What checks no password is answered as usual.
    assert_eq!(app.get("/api/health").await.status(), 200);
}

#[tokio::test]
async fn drafts_and_stored_bytes_per_user_are_capped_with_a_clear_message() {
    let app = spawn_app_with(|state| {
        state.with_security(Security {
            drafts_per_user: 2,
            stored_bytes_per_user: 2 * PDF.len() as i64,
            ..Security::default()
        })
    })
    .await;
    let p = provider(&app, "provider1").await;
    let mco_id = app.mco_id(AETNA).await;
    let form = valid_form(p.facility_id, mco_id);
    let mut draft_ids = Vec::new();
    for _ in 0..2 {
        let (status, draft) = app.post_app(&p.client, "/api/drafts", &form).await;
        assert_eq!(status, 201, "{draft}");
        draft_ids.push(draft["id"].as_i64().unwrap());
    }
    let (status, body) = app.post_app(&p.client, "/api/drafts", &form).await;
    assert_eq!(status, 409, "{body}");
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("Submit or delete a draft"));
    // Deleting one makes room.
    let (status, _) = app
        .delete_app(&p.client, &format!("/api/drafts/{}", draft_ids[1]))
        .await;
    assert_eq!(status, 204);
    let path = format!("/api/drafts/{}/attachments", draft_ids[0]);
    for _ in 0..2 {
        let (status, body) = upload(
            &app,
            &p.client,
            &path,
            "a.pdf",
            "application/pdf",
            PDF.to_vec(),
        )
        .await;
        assert_eq!(status, 201, "{body}");
    }
    let (status, body) = upload(
        &app,
        &p.client,
        &path,
        "b.pdf",
        "application/pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(status, 413, "{body}");
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("the most one account can"));
}
