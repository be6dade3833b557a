//! The Multiple Provider/Facility Registration Request: sending it, the blank template, HFS's queue
//! and denials (docs/accounts.md). Approvals and invitation codes: `invitations.rs`.

use serde_json::{json, Value};

use crate::helpers::accounts::{
    approved_provider, expected_due, hfs, register, register_and_send, request, row,
};
use crate::helpers::{emails, spawn_app, today};

#[tokio::test]
async fn nobody_requests_facilities_before_approval() {
    let app = spawn_app().await;
    let (pending, _) = register_and_send(&app, "early.bird").await;
    let (status, body) = app
        .post_app(&pending, "/api/facility-requests", &request(vec![row(1)]))
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"], "forbidden");
    let fresh = register(&app, "fresh.account").await;
    let (status, _) = app
        .post_app(&fresh, "/api/facility-requests", &request(vec![row(1)]))
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .post_app(
            &app.new_client(),
            "/api/facility-requests",
            &request(vec![row(1)]),
        )
        .await;
    assert_eq!(status, 401);
    assert_eq!(app.count("facility_requests").await, 0);
}

#[tokio::test]
async fn problems_are_keyed_by_row_and_column() {
    let app = spawn_app().await;
    let (client, _) = approved_provider(&app, "agent.rows").await;
    let mut second = row(2);
    second["npi"] = json!("1234567890");
    second["name"] = json!("");
    let mut third = row(3);
    third["fax"] = json!("217 555 0000");
    third["medicaid_id"] = json!(42);
    let mut body = request(vec![row(1), second, third]);
    body["contact_name"] = json!("");
    let (status, body) = app.post_app(&client, "/api/facility-requests", &body).await;
    assert_eq!(status, 422, "{body}");
    let errors = body["errors"].as_object().unwrap();
    // Shape problems first (a cell that is not text, a column the template does not have).
    assert!(errors.contains_key("facilities.3.fax"), "{body}");
    assert!(errors.contains_key("facilities.3.medicaid_id"), "{body}");

    // Then the rules' checks, every row at once.
    let mut second = row(2);
    second["npi"] = json!("1234567890");
    second["name"] = json!("");
    let mut body = request(vec![row(1), second, row(1)]);
    body["contact_name"] = json!("");
    let (status, body) = app.post_app(&client, "/api/facility-requests", &body).await;
    assert_eq!(status, 422, "{body}");
    let errors = body["errors"].as_object().unwrap();
    for key in [
        "contact_name",
        "facilities.2.npi",
        "facilities.2.name",
        "facilities.3.medicaid_id",
    ] {
        assert!(errors.contains_key(key), "{key}: {body}");
    }
    assert!(
        !errors.keys().any(|k| k.starts_with("facilities.1.")),
        "{body}"
    );
    assert!(body["errors"]["facilities.2.npi"][0]
        .as_str()
        .unwrap()
        .starts_with("Row 2, NPI"));

    let (status, body) = app
        .post_app(&client, "/api/facility-requests", &request(vec![]))
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["facilities"].is_array());
    let (status, body) = app
        .post_app(
            &client,
            "/api/facility-requests",
            &json!({"contact_name": "A", "facilities": "all of them"}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["facilities"].is_array());

    assert_eq!(app.count("facility_request_batches").await, 0);
}

#[tokio::test]
async fn ten_facilities_take_three_weeks_more() {
    let app = spawn_app().await;
    let (client, _) = approved_provider(&app, "agent.ten").await;
    let today = today().format("%Y-%m-%d").to_string();

    let (status, one) = app
        .post_app(&client, "/api/facility-requests", &request(vec![row(1)]))
        .await;
    assert_eq!(status, 201, "{one}");
    assert_eq!(one["count"], 1);
    assert_eq!(one["requested_on"], today.as_str());
    assert_eq!(one["review_due_on"], expected_due(1).as_str());

    let rows: Vec<Value> = (11..=20).map(row).collect();
    let (status, ten) = app
        .post_app(&client, "/api/facility-requests", &request(rows))
        .await;
    assert_eq!(status, 201, "{ten}");
    assert_eq!(ten["count"], 10);
    assert_eq!(ten["review_due_on"], expected_due(10).as_str());
    let short = rules::dates::parse_iso_date(&expected_due(1)).unwrap();
    let long = rules::dates::parse_iso_date(ten["review_due_on"].as_str().unwrap()).unwrap();
    assert!((long - short).num_days() >= 21, "{short} -> {long}");

    // The requester's list: newest request first, rows in order.
    let (status, list) = app.get_with(&client, "/api/facility-requests").await;
    assert_eq!(status, 200);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 11);
    assert_eq!(list[0]["batch_id"], ten["batch_id"]);
    assert_eq!(list[0]["row"]["name"], "Prairie Clinic Site 11");
    assert_eq!(list[0]["row"]["contact_phone"], "(217) 555-0199");
    assert_eq!(list[0]["status"], "pending");
    assert_eq!(list[0]["requested_by"], "agent.ten");
    assert_eq!(list[0]["review_due_on"], expected_due(10).as_str());
    assert_eq!(list[10]["batch_id"], one["batch_id"]);

    // Another provider sees none of them.
    let (other, _) = approved_provider(&app, "agent.other").await;
    let (_, list) = app.get_with(&other, "/api/facility-requests").await;
    assert_eq!(list, json!([]));

    // The email confirms the date, written long.
    let sent = emails(&app).await;
    let confirmations: Vec<_> = sent
        .iter()
        .filter(|(_, subject, _)| subject == "We received your request to add facilities")
        .collect();
    assert_eq!(confirmations.len(), 4, "account and contact email, twice");
    assert!(confirmations
        .iter()
        .any(|(to, _, body)| to == "agent.ten@example.com"
            && body.contains(&rules::dates::long_date(long))));
}

#[tokio::test]
async fn the_blank_template_downloads() {
    let app = spawn_app().await;
    let response = app.get("/api/templates/multiple-facility.csv").await;
    assert_eq!(response.status().as_u16(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"multiple-facility-registration-template.csv\""
    );
    let text = response.text().await.unwrap();
    assert_eq!(text, rules::facility_template::blank_csv());
}

#[tokio::test]
async fn hfs_sees_the_queue_and_denies_a_row() {
    let app = spawn_app().await;
    let (client, _) = approved_provider(&app, "agent.deny").await;
    let (status, sent) = app
        .post_app(
            &client,
            "/api/facility-requests",
            &request(vec![row(1), row(2)]),
        )
        .await;
    assert_eq!(status, 201);
    let staff = hfs(&app).await;
    let (status, queue) = app.get_with(&staff, "/api/hfs/facility-requests").await;
    assert_eq!(status, 200);
    let queue = queue.as_array().unwrap();
    assert_eq!(queue.len(), 2);
    assert_eq!(queue[0]["requested_by"], "agent.deny");
    assert_eq!(queue[0]["batch_id"], sent["batch_id"]);
    assert_eq!(queue[0]["row"]["name"], "Prairie Clinic Site 1");
    let id = queue[1]["id"].as_i64().unwrap();

    let (status, body) = app.deny(&staff, "facility-requests", id, "").await;
    assert_eq!(status, 422);
    assert!(body["errors"]["reason"].is_array());
    let reason = "We could not find Provider Medicaid ID 100000002 in IMPACT.";
    let (status, body) = app.deny(&staff, "facility-requests", id, reason).await;
    assert_eq!(status, 204, "{body}");
    let (status, _) = app.deny(&staff, "facility-requests", id, reason).await;
    assert_eq!(status, 409);
    let (status, _) = app.deny(&staff, "facility-requests", 424242, reason).await;
    assert_eq!(status, 404);

    let (_, pending) = app.get_with(&staff, "/api/hfs/facility-requests").await;
    assert_eq!(pending.as_array().unwrap().len(), 1);
    let (_, denied) = app
        .get_with(&staff, "/api/hfs/facility-requests?status=denied")
        .await;
    assert_eq!(denied[0]["id"], id);
    assert_eq!(denied[0]["denial_reason"], reason);
    let (_, all) = app
        .get_with(&staff, "/api/hfs/facility-requests?status=all")
        .await;
    assert_eq!(all.as_array().unwrap().len(), 2);

    let (_, mine) = app.get_with(&client, "/api/facility-requests").await;
    let denied_row = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap();
    assert_eq!(denied_row["status"], "denied");
    assert_eq!(denied_row["denial_reason"], reason);
    assert!(emails(&app)
        .await
        .iter()
        .any(|(to, _, body)| to == "agent.deny@example.com" && body.contains(reason)));
}

/// A provider's list holds its own rows only, whatever the others sent or HFS decided.
#[tokio::test]
async fn a_provider_never_sees_another_providers_requests() {
    let app = spawn_app().await;
    let (a, _) = approved_provider(&app, "provider.a").await;
    let (b, _) = approved_provider(&app, "provider.b").await;
    let (status, _) = app
        .post_app(&a, "/api/facility-requests", &request(vec![row(1)]))
        .await;
    assert_eq!(status, 201);
    let (status, _) = app
        .post_app(&b, "/api/facility-requests", &request(vec![row(2), row(3)]))
        .await;
    assert_eq!(status, 201);
    // One of B's rows decided, so every status is there.
    let staff = hfs(&app).await;
    let (_, queue) = app
        .get_with(&staff, "/api/hfs/facility-requests?status=all")
        .await;
    assert_eq!(queue.as_array().unwrap().len(), 3);
    let b_row = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["requested_by"] == "provider.b")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let (status, _) = app
        .deny(
            &staff,
            "facility-requests",
            b_row,
            "Send the facility's license",
        )
        .await;
    assert_eq!(status, 204);

    let (status, mine) = app.get_with(&a, "/api/facility-requests").await;
    assert_eq!(status, 200);
    let mine = mine.as_array().unwrap();
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert!(mine.iter().all(|r| r["requested_by"] == "provider.a"));
    assert_eq!(mine[0]["row"]["name"], "Prairie Clinic Site 1");

    let (_, theirs) = app.get_with(&b, "/api/facility-requests").await;
    let theirs = theirs.as_array().unwrap();
    assert_eq!(theirs.len(), 2);
    assert!(theirs.iter().all(|r| r["requested_by"] == "provider.b"));

    // A provider without requests sees none.
    let (c, _) = approved_provider(&app, "provider.c").await;
    assert_eq!(
        app.get_with(&c, "/api/facility-requests").await.1,
        json!([])
    );
}

/// HFS's queue names the organization that asked (from the requester's profile) and warns of a
/// row whose Medicaid ID or NPI another account already holds; the requester's own list warns of
/// nothing.
#[tokio::test]
async fn hfs_sees_the_organization_and_identifiers_already_registered() {
    let app = spawn_app().await;
    // `approved_provider` adds a facility with Medicaid ID 123456789 and NPI 1234567893.
    let (_, holder) = approved_provider(&app, "first.holder").await;
    let (client, agent) = approved_provider(&app, "agent.org").await;
    sqlx::query("UPDATE users SET organization_name = 'Prairie Billing Services' WHERE id = $1")
        .bind(agent)
        .execute(&app.pool)
        .await
        .unwrap();
    // Row 1 shares the NPI of both accounts' facilities; row 2 shares nothing.
    let mut fresh = row(2);
    fresh["npi"] = json!("1306582416");
    let (status, sent) = app
        .post_app(
            &client,
            "/api/facility-requests",
            &request(vec![row(1), fresh]),
        )
        .await;
    assert_eq!(status, 201, "{sent}");

    let staff = hfs(&app).await;
    let (status, queue) = app.get_with(&staff, "/api/hfs/facility-requests").await;
    assert_eq!(status, 200, "{queue}");
    let rows = queue.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{queue}");
    for r in rows {
        assert_eq!(
            r["organization_name"], "Prairie Billing Services",
            "{queue}"
        );
        assert_eq!(r["requested_by"], "agent.org");
    }
    assert_eq!(
        rows[0]["already_registered"],
        json!([{"username": "first.holder", "medicaid_id": false, "npi": true}]),
        "the requester's own facility does not count: {queue}"
    );
    assert_eq!(rows[1]["already_registered"], json!([]), "{queue}");
    let _ = holder;

    // The requester's own list: its organization, no warning about other accounts.
    let (_, mine) = app.get_with(&client, "/api/facility-requests").await;
    for r in mine.as_array().unwrap() {
        assert_eq!(r["already_registered"], json!([]), "{mine}");
        assert_eq!(r["organization_name"], "Prairie Billing Services");
    }
}
