//! Each MCO's own dispute process: recorded by HFS administrators, shown to anyone.

use serde_json::json;

use crate::helpers::spawn_app;
use crate::helpers::tickets::{provider, staff, AETNA};

#[tokio::test]
async fn the_seeded_mcos_have_no_dispute_information() {
    let app = spawn_app().await;
    let (status, list) = app.get_json("/api/mco-disputes").await;
    assert_eq!(status, 200);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 5);
    for mco in list {
        assert_eq!(mco["dispute_url"], "");
        assert_eq!(mco["tracking_guidance"], "");
        assert_eq!(mco["provider_services_phone"], "");
    }
}

#[tokio::test]
async fn an_hfs_admin_records_an_mcos_dispute_process() {
    let app = spawn_app().await;
    let admin = staff(&app, "admin1", "hfs_admin", None).await;
    let aetna = app.mco_id(AETNA).await;
    let path = format!("/api/admin/mcos/{aetna}/dispute");

    let (status, body) = app
        .put_app(
            &admin,
            &path,
            &json!({"dispute_url": "ftp://x", "tracking_guidance": "a".repeat(1001), "provider_services_phone": "12"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    for field in [
        "dispute_url",
        "tracking_guidance",
        "provider_services_phone",
    ] {
        assert!(body["errors"][field].is_array(), "{field}: {body}");
    }

    let form = json!({
        "dispute_url": " https://www.example.com/providers/disputes ",
        "tracking_guidance": "Ask provider services for the tracking number of your dispute.",
        "provider_services_phone": "217-555-0100"
    });
    let (status, saved) = app.put_app(&admin, &path, &form).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["mco_name"], AETNA);
    assert_eq!(
        saved["dispute_url"],
        "https://www.example.com/providers/disputes"
    );
    assert_eq!(saved["provider_services_phone"], "(217) 555-0100");
    let (_, list) = app.get_json("/api/mco-disputes").await;
    let shown = list
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["mco_id"] == aetna)
        .unwrap()
        .clone();
    assert_eq!(shown, saved);

    // Unknown fields, an unknown MCO, other roles and no app header are refused.
    let (status, _) = app.put_app(&admin, &path, &json!({"url": "x"})).await;
    assert_eq!(status, 422);
    let (status, _) = app
        .put_app(&admin, "/api/admin/mcos/999/dispute", &form)
        .await;
    assert_eq!(status, 404);
    let p1 = provider(&app, "provider1").await;
    let (status, _) = app.put_app(&p1.client, &path, &form).await;
    assert_eq!(status, 403);
    let hfs = staff(&app, "hfs1", "hfs_staff", None).await;
    let (status, _) = app.put_app(&hfs, &path, &form).await;
    assert_eq!(status, 403);
    let response = admin.put(app.url(&path)).json(&form).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 403);
}
