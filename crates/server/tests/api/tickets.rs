//! Submitting tickets, the lists, the complaint types, files on tickets and fines.

use chrono::Duration;
use rules::calendar::Calendar;
use rules::tickets::FormContext;
use rules::wire::tickets::TicketForm;
use serde_json::{json, Value};

use crate::helpers::tickets::{
    present, provider, staff, submit_ticket, ticket_id, upload, valid_form, AETNA, MERIDIAN, PDF,
};
use crate::helpers::{iso, spawn_app, today, RIN};

#[tokio::test]
async fn the_complaint_types_are_the_eleven() {
    let app = spawn_app().await;
    let (status, body) = app.get_json("/api/complaint-types").await;
    assert_eq!(status, 200);
    let types = body.as_array().unwrap();
    assert_eq!(types.len(), 11);
    assert_eq!(
        types[0],
        json!({"key": "claims_payment", "label": "Claims/Payment"})
    );
    assert_eq!(types[10], json!({"key": "other", "label": "Other"}));
}

#[tokio::test]
async fn a_whole_form_becomes_a_ticket_and_the_provider_is_told() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let detail = submit_ticket(&app, &p1, AETNA).await;
    let id = ticket_id(&detail);
    let year = today().format("%Y").to_string();
    assert_eq!(detail["summary"]["number"], format!("PRP-{year}-{id:06}"));
    assert_eq!(detail["summary"]["status"], "submitted");
    assert_eq!(detail["summary"]["rin_last4"], &RIN[5..]);
    assert_eq!(detail["summary"]["facility_id"], p1.facility_id);
    assert_eq!(detail["summary"]["mco"]["name"], AETNA);
    assert_eq!(detail["summary"]["submitted_on"], iso(today()));
    assert_eq!(detail["form"]["rin"], RIN);
    assert_eq!(detail["history"][0]["action"], "submit");
    assert_eq!(detail["history"][0]["by"], "provider1");
    let present = detail["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["key"] == "present_to_mco")
        .expect("the present_to_mco clock")
        .clone();
    assert_eq!(present["state"], "pending");
    // The provider's actions, as the engine allows them: never HFS's.
    let allowed = detail["allowed_actions"]
        .as_array()
        .expect("a list of actions");
    assert!(!allowed.contains(&json!("present")), "{allowed:?}");

    // The receipt: the number and the date HFS presents it by; no protected health information.
    let (to, subject, body): (String, String, String) =
        sqlx::query_as("SELECT to_address, subject, body FROM outbox ORDER BY id DESC LIMIT 1")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    // To the representative whose email is on the ticket.
    assert_eq!(to, "pat.lee@example.com");
    let number = detail["summary"]["number"].as_str().unwrap();
    assert!(subject.contains(number), "{subject}");
    let due = rules::dates::parse_iso_date(present["due_on"].as_str().unwrap()).unwrap();
    assert!(
        body.contains(&format!(
            "HFS will check it and present it to the MCO by {}",
            rules::dates::deadline_words(due)
        )),
        "{body}"
    );
    for phi in [RIN, "Jamie", "Rivera", "CLM-778899"] {
        assert!(
            !body.contains(phi) && !subject.contains(phi),
            "{phi} in the email"
        );
    }
}

#[tokio::test]
async fn a_form_with_errors_gets_the_rules_field_map() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let aetna = app.mco_id(AETNA).await;
    let mut form = valid_form(p1.facility_id, aetna);
    form["rin"] = json!("12345");
    form["contact_email"] = json!("not an email");
    form["description"] = json!("");
    form["internal_process_exhausted"] = Value::Null;
    let (status, body) = app.post_app(&p1.client, "/api/tickets", &form).await;
    assert_eq!(status, 422, "{body}");

    let typed: TicketForm = serde_json::from_value(form).unwrap();
    let active: Vec<i64> = sqlx::query_scalar("SELECT id FROM mcos WHERE active = 1")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    let expected = rules::tickets::check_form(
        &typed,
        &FormContext {
            facility_ids: vec![p1.facility_id],
            mco_ids: active,
        },
        today(),
        &Calendar::standard(),
    )
    .unwrap_err();
    assert_eq!(body, serde_json::to_value(&expected).unwrap());
    for field in [
        "rin",
        "contact_email",
        "description",
        "internal_process_exhausted",
    ] {
        assert!(body["errors"][field].is_array(), "{field}: {body}");
    }

    // Another provider's facility is refused on facility_id.
    let p2 = provider(&app, "provider2").await;
    let (status, body) = app
        .post_app(
            &p1.client,
            "/api/tickets",
            &valid_form(p2.facility_id, aetna),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["errors"]["facility_id"].is_array(), "{body}");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tickets")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn outside_the_filing_window_is_refused_on_the_received_date() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let aetna = app.mco_id(AETNA).await;
    for days in [10, 75] {
        let mut form = valid_form(p1.facility_id, aetna);
        form["mco_received_on"] = json!(iso(today() - Duration::days(days)));
        form["service_from"] = json!(iso(today() - Duration::days(200)));
        form["service_to"] = json!(iso(today() - Duration::days(200)));
        let (status, body) = app.post_app(&p1.client, "/api/tickets", &form).await;
        assert_eq!(status, 422, "{days} days: {body}");
        let errors = body["errors"].as_object().unwrap();
        assert_eq!(
            errors.keys().collect::<Vec<_>>(),
            vec!["mco_received_on"],
            "{days} days: {body}"
        );
    }
}

#[tokio::test]
async fn a_draft_submitted_twice_is_one_ticket() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let aetna = app.mco_id(AETNA).await;
    let (status, draft) = app
        .post_app(
            &p1.client,
            "/api/drafts",
            &valid_form(p1.facility_id, aetna),
        )
        .await;
    assert_eq!(status, 201, "{draft}");
    let draft_id = draft["id"].as_i64().unwrap();
    let submit = json!({"draft_id": draft_id});

    // At the same time: one 201, one 200, the same ticket.
    let (a, b) = tokio::join!(
        app.post_app(&p1.client, "/api/tickets", &submit),
        app.post_app(&p1.client, "/api/tickets", &submit)
    );
    let mut statuses = vec![a.0, b.0];
    statuses.sort_unstable();
    assert_eq!(statuses, vec![200, 201], "{} / {}", a.1, b.1);
    assert_eq!(ticket_id(&a.1), draft_id);
    assert_eq!(ticket_id(&b.1), draft_id);

    // Again, later: 200, the same ticket.
    let (status, again) = app.post_app(&p1.client, "/api/tickets", &submit).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(ticket_id(&again), draft_id);

    let (tickets, submitted, histories, emails): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM tickets), \
           (SELECT COUNT(*) FROM tickets WHERE status = 'submitted'), \
           (SELECT COUNT(*) FROM ticket_history WHERE action = 'submit'), \
           (SELECT COUNT(*) FROM outbox)",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((tickets, submitted, histories, emails), (1, 1, 1, 1));

    // The draft is now the ticket: no longer listed as a draft, no longer editable.
    assert_eq!(app.get_with(&p1.client, "/api/drafts").await.1, json!([]));
    let (status, read) = app
        .get_with(&p1.client, &format!("/api/drafts/{draft_id}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(read["ticket_id"], draft_id);
    let (status, _) = app
        .put_app(&p1.client, &format!("/api/drafts/{draft_id}"), &json!({}))
        .await;
    assert_eq!(status, 409);

    // draft_id with form fields is refused; another provider's draft is 404.
    let (status, body) = app
        .post_app(
            &p1.client,
            "/api/tickets",
            &json!({"draft_id": draft_id, "tracking_number": "X"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let p2 = provider(&app, "provider2").await;
    assert_eq!(
        app.post_app(&p2.client, "/api/tickets", &submit).await.0,
        404
    );
}

#[tokio::test]
async fn an_incomplete_draft_is_not_submitted() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let (_, draft) = app
        .post_app(
            &p1.client,
            "/api/drafts",
            &json!({"tracking_number": "AET-1"}),
        )
        .await;
    let (status, body) = app
        .post_app(
            &p1.client,
            "/api/tickets",
            &json!({"draft_id": draft["id"]}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["errors"]["facility_id"].is_array(), "{body}");
    let status: String = sqlx::query_scalar("SELECT status FROM tickets")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(status, "draft");
}

#[tokio::test]
async fn lists_show_the_last_four_digits_only_and_filter() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let first = ticket_id(&submit_ticket(&app, &p1, AETNA).await);
    let second = ticket_id(&submit_ticket(&app, &p1, MERIDIAN).await);
    present(&app, second).await;

    let response = p1.client.get(app.url("/api/tickets")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let text = response.text().await.unwrap();
    assert!(!text.contains(RIN), "the full RIN is in the list: {text}");
    assert!(!text.contains("Jamie"), "the member's name is in the list");
    let list: Value = serde_json::from_str(&text).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|t| t["rin_last4"] == RIN[5..]));

    let (_, with_mco) = app
        .get_with(&p1.client, "/api/tickets?status=with_mco")
        .await;
    assert_eq!(with_mco.as_array().unwrap().len(), 1);
    assert_eq!(with_mco[0]["id"], second);
    let meridian = app.mco_id(MERIDIAN).await;
    let (_, by_mco) = app
        .get_with(&p1.client, &format!("/api/tickets?mco_id={meridian}"))
        .await;
    assert_eq!(by_mco.as_array().unwrap().len(), 1);
    let (_, by_number) = app.get_with(&p1.client, "/api/tickets?sort=number").await;
    assert_eq!(by_number[0]["id"], first);
    assert_eq!(by_number[1]["id"], second);
    // Pending deadlines soonest first: each ticket's own are sorted too.
    let (_, by_deadline) = app.get_with(&p1.client, "/api/tickets").await;
    for ticket in by_deadline.as_array().unwrap() {
        let dues: Vec<&str> = ticket["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["due_on"].as_str().unwrap())
            .collect();
        let mut sorted = dues.clone();
        sorted.sort_unstable();
        assert_eq!(dues, sorted);
    }

    for bad in ["status=draft", "sort=rin", "mco_id=x", "rin=1"] {
        let (status, body) = app
            .get_with(&p1.client, &format!("/api/tickets?{bad}"))
            .await;
        assert_eq!(status, 422, "{bad}: {body}");
    }
}

#[tokio::test]
async fn files_on_a_ticket_follow_its_status() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let mco = staff(&app, "mco-aetna", "mco", Some(AETNA)).await;
    let id = ticket_id(&submit_ticket(&app, &p1, AETNA).await);
    let path = format!("/api/tickets/{id}/attachments");

    // The provider adds files when asked for information, not before.
    let (status, body) = upload(
        &app,
        &p1.client,
        &path,
        "more.pdf",
        "application/pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(status, 409, "{body}");

    present(&app, id).await;
    let (status, attachment) = upload(
        &app,
        &mco,
        &path,
        "answer.pdf",
        "application/pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(status, 201, "{attachment}");
    assert_eq!(attachment["added_by"], "mco");
    let att = attachment["id"].as_i64().unwrap();

    // The provider can download it (audited); the file of another ticket is not reachable here.
    let response = p1
        .client
        .get(app.url(&format!("{path}/{att}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("answer.pdf"));
    assert_eq!(response.bytes().await.unwrap().as_ref(), PDF);
    let other = ticket_id(&submit_ticket(&app, &p1, AETNA).await);
    let (status, _) = app
        .get_with(
            &p1.client,
            &format!("/api/tickets/{other}/attachments/{att}"),
        )
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn fines_are_shown_to_their_mco_and_hfs() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let aetna_user = staff(&app, "mco-aetna", "mco", Some(AETNA)).await;
    let meridian_user = staff(&app, "mco-meridian", "mco", Some(MERIDIAN)).await;
    let hfs = staff(&app, "hfs1", "hfs_staff", None).await;
    let id = ticket_id(&submit_ticket(&app, &p1, AETNA).await);
    let aetna = app.mco_id(AETNA).await;
    sqlx::query(
        "INSERT INTO fines (ticket_id, mco_id, amount_cents, fined_on, sanction_notice_due_on, \
         created_at) VALUES ($1, $2, 500000, '2026-10-01', '2027-01-31', 0)",
    )
    .bind(id)
    .bind(aetna)
    .execute(&app.pool)
    .await
    .unwrap();

    let (status, fines) = app.get_with(&aetna_user, "/api/fines").await;
    assert_eq!(status, 200);
    assert_eq!(fines.as_array().unwrap().len(), 1);
    assert_eq!(fines[0]["ticket_id"], id);
    assert_eq!(fines[0]["amount_cents"], 500_000);
    assert!(fines[0]["number"].as_str().unwrap().starts_with("PRP-"));
    assert_eq!(
        app.get_with(&meridian_user, "/api/fines").await.1,
        json!([])
    );
    assert_eq!(
        app.get_with(&hfs, "/api/fines")
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(app.get_with(&p1.client, "/api/fines").await.0, 403);

    // The totals, over every fine whatever page the list shows: one row per MCO.
    sqlx::query(
        "INSERT INTO fines (ticket_id, mco_id, amount_cents, fined_on, sanction_notice_due_on, \
         created_at) VALUES ($1, $2, 250000, '2026-10-02', '2027-01-31', 0)",
    )
    .bind(ticket_id(&submit_ticket(&app, &p1, AETNA).await))
    .bind(aetna)
    .execute(&app.pool)
    .await
    .unwrap();
    let (status, totals) = app.get_with(&hfs, "/api/fines/totals").await;
    assert_eq!(status, 200, "{totals}");
    assert_eq!(
        totals,
        json!([{"mco_id": aetna, "mco_name": "Aetna Better Health of Illinois", "count": 2, "amount_cents": 750_000}])
    );
    assert_eq!(
        app.get_with(&aetna_user, "/api/fines/totals").await.1,
        totals
    );
    assert_eq!(
        app.get_with(&meridian_user, "/api/fines/totals").await.1,
        json!([])
    );
    let (_, page) = app.get_with(&hfs, "/api/fines?limit=1&offset=1").await;
    assert_eq!(page.as_array().unwrap().len(), 1);
    assert_eq!(page[0]["amount_cents"], 500_000, "newest first");
    assert_eq!(app.get_with(&p1.client, "/api/fines/totals").await.0, 403);
}

#[tokio::test]
async fn hfs_sees_overdue_tickets_first() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let hfs = staff(&app, "hfs1", "hfs_staff", None).await;
    let fresh = ticket_id(&submit_ticket(&app, &p1, AETNA).await);
    let late = ticket_id(&submit_ticket(&app, &p1, AETNA).await);
    // Submitted 20 days ago and never presented: HFS's clock is overdue.
    sqlx::query("UPDATE tickets SET submitted_on = $1, mco_received_on = $2 WHERE id = $3")
        .bind(iso(today() - Duration::days(20)))
        .bind(iso(today() - Duration::days(65)))
        .bind(late)
        .execute(&app.pool)
        .await
        .unwrap();
    let (_, list) = app.get_with(&hfs, "/api/tickets").await;
    assert_eq!(list[0]["id"], late, "{list}");
    assert_eq!(list[1]["id"], fresh);
    let (_, list) = app.get_with(&hfs, "/api/tickets?sort=submitted").await;
    assert_eq!(list[0]["id"], late);
}

/// The queues' filters: `overdue=true`, `follow_up=open`, `facility_id`, `sort=newest`, each kept
/// by the paging (`X-Total-Count` counts the filtered list), and a bad value refused by name.
#[tokio::test]
async fn the_queue_filters_are_applied_before_paging() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let p2 = provider(&app, "provider2").await;
    let hfs = staff(&app, "hfs1", "hfs_staff", None).await;
    let fresh = ticket_id(&submit_ticket(&app, &p1, AETNA).await);
    let late = ticket_id(&submit_ticket(&app, &p1, AETNA).await);
    let other = ticket_id(&submit_ticket(&app, &p2, MERIDIAN).await);
    // Submitted 20 days ago and never presented: HFS's clock is overdue.
    sqlx::query("UPDATE tickets SET submitted_on = $1, mco_received_on = $2 WHERE id = $3")
        .bind(iso(today() - Duration::days(20)))
        .bind(iso(today() - Duration::days(65)))
        .bind(late)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO ticket_follow_ups (ticket_id, reported_on, message, at) VALUES ($1, $2, 'x', 0)",
    )
    .bind(other)
    .bind(iso(today()))
    .execute(&app.pool)
    .await
    .unwrap();

    let ids = |list: &Value| -> Vec<i64> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_i64().unwrap())
            .collect()
    };
    let total = |response: &reqwest::Response| -> String {
        response.headers()["x-total-count"]
            .to_str()
            .unwrap()
            .to_string()
    };

    // Overdue only, for HFS and for the provider (the same ticket: its clock is overdue).
    let (_, list) = app.get_with(&hfs, "/api/tickets?overdue=true").await;
    assert_eq!(ids(&list), vec![late]);
    let (_, list) = app.get_with(&p1.client, "/api/tickets?overdue=true").await;
    assert_eq!(ids(&list), vec![late]);
    let (_, list) = app.get_with(&hfs, "/api/tickets?overdue=false").await;
    assert_eq!(list.as_array().unwrap().len(), 3);
    // The provider's deadline order puts the overdue one first too.
    let (_, list) = app.get_with(&p1.client, "/api/tickets").await;
    assert_eq!(ids(&list), vec![late, fresh]);

    // A follow-up waiting for HFS.
    let (_, list) = app.get_with(&hfs, "/api/tickets?follow_up=open").await;
    assert_eq!(ids(&list), vec![other]);

    // By facility, with the paging counting the filtered list.
    let response = hfs
        .get(app.url(&format!(
            "/api/tickets?facility_id={}&limit=1&offset=1",
            p1.facility_id
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(total(&response), "2");
    let page: Value = response.json().await.unwrap();
    assert_eq!(ids(&page), vec![fresh]);

    // Newest first (by submission date, then the newest ticket).
    let (_, list) = app.get_with(&hfs, "/api/tickets?sort=newest").await;
    assert_eq!(ids(&list), vec![other, fresh, late]);

    // Bad values are refused by name.
    let (status, body) = app.get_with(&hfs, "/api/tickets?overdue=yes").await;
    assert_eq!(status, 422);
    assert!(body["errors"]["overdue"].is_array(), "{body}");
    let (status, body) = app.get_with(&hfs, "/api/tickets?follow_up=closed").await;
    assert_eq!(status, 422);
    assert!(body["errors"]["follow_up"].is_array(), "{body}");

    // The CSV takes the same filters.
    let csv = hfs
        .get(app.url("/api/tickets.csv?overdue=true"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 2, "{csv}");
}

/// The facilities of the queues' filter: those of the tickets the session may see, by name.
#[tokio::test]
async fn the_facility_filter_lists_the_facilities_a_session_sees() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let p2 = provider(&app, "provider2").await;
    let hfs = staff(&app, "hfs1", "hfs_staff", None).await;
    let mco = staff(&app, "aetna1", "mco", Some(AETNA)).await;
    let first = ticket_id(&submit_ticket(&app, &p1, AETNA).await);
    submit_ticket(&app, &p2, MERIDIAN).await;

    let (status, list) = app.get_with(&hfs, "/api/ticket-facilities").await;
    assert_eq!(status, 200);
    assert_eq!(
        list,
        json!([
            {"id": p1.facility_id, "name": "provider1 Clinic"},
            {"id": p2.facility_id, "name": "provider2 Clinic"}
        ])
    );
    let (_, list) = app.get_with(&p2.client, "/api/ticket-facilities").await;
    assert_eq!(
        list,
        json!([{"id": p2.facility_id, "name": "provider2 Clinic"}])
    );
    // The MCO sees the facilities of the tickets presented to it only.
    let (_, list) = app.get_with(&mco, "/api/ticket-facilities").await;
    assert_eq!(list, json!([]));
    present(&app, first).await;
    let (_, list) = app.get_with(&mco, "/api/ticket-facilities").await;
    assert_eq!(
        list,
        json!([{"id": p1.facility_id, "name": "provider1 Clinic"}])
    );
    // Signed out: 401; an unknown parameter: 422.
    assert_eq!(app.get("/api/ticket-facilities").await.status(), 401);
    let (status, _) = app.get_with(&hfs, "/api/ticket-facilities?name=x").await;
    assert_eq!(status, 422);
}
