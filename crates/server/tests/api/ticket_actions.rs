//! `POST /api/tickets/{id}/actions`: each step by its party, in its status, in time; refusals out
//! of turn (409 with the engine's words) and out of time; 422 for missing texts; the history and
//! the emails each step leaves.
//!
//! Tickets are made in SQL (`insert_ticket`) with the events they need, dated relative to the
//! Illinois date today, so that the server's own date drives every check.

use chrono::{Duration, NaiveDate};
use serde_json::{json, Value};

use crate::helpers::tickets::{
    act, decide, deliver, history_actions, insert_ticket, provider, respond, staff, step,
    submit_ticket, submitted_ticket, ticket_id, upload, world, World, AETNA, PDF,
};
use crate::helpers::{assert_no_phi, days_ago, emails, spawn_app, today, user_id, DEMO_PASSWORD};

#[tokio::test]
async fn every_step_by_its_party_moves_the_ticket_on() {
    let w = world().await;
    let id = submitted_ticket(&w).await;
    let number = format!("PRP-{}-{id:06}", chrono::Datelike::year(&today()));

    let detail = step(&w, &w.hfs, id, json!({"action": "present"}), "with_mco").await;
    assert!(!detail["allowed_actions"]
        .as_array()
        .unwrap()
        .contains(&json!("close")));
    let mail = emails(&w.app).await;
    assert!(
        mail.iter()
            .any(|(to, subject, body)| to == "aetna@example.com"
                && subject.contains(&number)
                && body.contains("ABH-77123")),
        "{mail:?}"
    );
    // The provider side: only the representative whose email is on the ticket.
    assert!(mail.iter().any(|(to, _, _)| to == "pat@example.com"));
    assert!(!mail
        .iter()
        .any(|(to, _, _)| to == "prov@example.com" || to == "clinic@example.com"));

    step(
        &w,
        &w.mco,
        id,
        json!({"action": "request_info", "message": "Send the itemized bill."}),
        "info_requested",
    )
    .await;
    let mail = emails(&w.app).await;
    let (_, subject, body) = mail.last().unwrap();
    assert!(subject.contains("asked for more information"), "{subject}");
    assert!(body.contains(&rules::dates::long_date(
        w.app_calendar_add_business_days(today(), 5)
    )));
    assert!(
        !body.contains("itemized bill"),
        "free texts stay in the portal"
    );

    step(
        &w,
        &w.provider,
        id,
        json!({"action": "provide_info", "message": "Attached the itemized bill."}),
        "with_mco",
    )
    .await;
    step(
        &w,
        &w.mco,
        id,
        json!({"action": "request_extension", "reason": "Records at our vendor."}),
        "with_mco",
    )
    .await;
    let before = step(
        &w,
        &w.hfs,
        id,
        json!({"action": "approve_extension"}),
        "with_mco",
    )
    .await;
    let due = before["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["key"] == "mco_response")
        .unwrap()["due_on"]
        .as_str()
        .unwrap()
        .to_owned();
    let due = NaiveDate::parse_from_str(&due, "%Y-%m-%d").unwrap();
    assert!(
        due >= today() + Duration::days(60),
        "60 days with the extension"
    );

    for client in [&w.provider, &w.mco, &w.hfs] {
        step(
            &w,
            client,
            id,
            json!({"action": "message", "message": "A note."}),
            "with_mco",
        )
        .await;
    }

    let detail = step(&w, &w.mco, id, respond(), "mco_responded").await;
    assert_eq!(detail["mco_response"]["outcome"], "upheld");
    assert_eq!(detail["mco_response"]["contact_phone"], "(312) 555-0164");
    step(
        &w,
        &w.provider,
        id,
        json!({"action": "contest", "reason": "The authorization was on file."}),
        "contested",
    )
    .await;
    step(
        &w,
        &w.provider,
        id,
        json!({"action": "request_review", "reason": "Please decide."}),
        "hfs_review",
    )
    .await;
    step(
        &w,
        &w.provider,
        id,
        deliver("The authorization on file."),
        "hfs_review",
    )
    .await;
    step(&w, &w.mco, id, deliver("Our claim notes."), "hfs_review").await;
    let staff_id = user_id(&w.app, "staff").await;
    step(
        &w,
        &w.hfs,
        id,
        json!({"action": "assign_review", "account_manager_id": staff_id}),
        "hfs_review",
    )
    .await;
    let detail = step(&w, &w.hfs, id, decide("The MCO pays the claim."), "closed").await;
    assert_eq!(detail["summary"]["closed_reason"], "hfs_decision");
    assert_eq!(detail["closing_note"], "The MCO pays the claim.");
    assert_eq!(detail["allowed_actions"], json!([]));

    let history = history_actions(&w.app, id).await;
    let actions: Vec<&str> = history.iter().map(|(_, a)| a.as_str()).collect();
    assert_eq!(
        actions,
        [
            "present",
            "request_info",
            "provide_info",
            "request_extension",
            "approve_extension",
            "message",
            "message",
            "message",
            "respond",
            "contest",
            "request_review",
            "deliver_information",
            "deliver_information",
            "assign_review",
            "decide"
        ]
    );
    assert_eq!(history[5].0, "provider");
    assert_eq!(history[6].0, "mco");
    assert_eq!(history[7].0, "hfs");
    assert_no_phi(&emails(&w.app).await);

    // Closed: nothing more, not even a message.
    let (code, body) = act(
        &w,
        &w.provider,
        id,
        json!({"action": "message", "message": "Hi"}),
    )
    .await;
    assert_eq!(code, 409, "{body}");
    assert!(body["message"].as_str().unwrap().contains("closed"));
}

impl World {
    fn app_calendar_add_business_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        rules::calendar::Calendar::standard().add_business_days(from, n)
    }
}

#[tokio::test]
async fn accepting_closes_and_hfs_can_close_a_submitted_ticket() {
    let w = world().await;
    let id = submitted_ticket(&w).await;
    step(&w, &w.hfs, id, json!({"action": "present"}), "with_mco").await;
    step(&w, &w.mco, id, respond(), "mco_responded").await;
    let detail = step(&w, &w.provider, id, json!({"action": "accept"}), "closed").await;
    assert_eq!(detail["summary"]["closed_reason"], "accepted");
    let mail = emails(&w.app).await;
    let (to, subject, _) = mail.last().unwrap();
    assert_eq!(to, "aetna@example.com");
    assert!(subject.contains("accepted"), "{subject}");

    let other = submitted_ticket(&w).await;
    let sent = emails(&w.app).await.len();
    let detail = step(
        &w,
        &w.hfs,
        other,
        json!({"action": "close", "reason": "no_tracking_number", "note": "No tracking number."}),
        "closed",
    )
    .await;
    assert_eq!(detail["summary"]["closed_reason"], "no_tracking_number");
    assert_eq!(detail["closing_note"], "No tracking number.");
    let mail = emails(&w.app).await;
    let new: Vec<_> = mail[sent..].iter().map(|(to, _, _)| to.as_str()).collect();
    assert_eq!(new, ["pat@example.com"], "the MCO never saw it");
    // Never presented: the MCO cannot see it at all.
    let (code, _) = act(
        &w,
        &w.mco,
        other,
        json!({"action": "message", "message": "Hi"}),
    )
    .await;
    assert_eq!(code, 404);
}

#[tokio::test]
async fn out_of_turn_is_a_conflict_in_the_engines_words() {
    let w = world().await;
    let id = submitted_ticket(&w).await;

    // The wrong party.
    let (code, body) = act(&w, &w.provider, id, json!({"action": "present"})).await;
    assert_eq!(code, 409, "{body}");
    assert_eq!(body["error"], "conflict");
    assert_eq!(body["message"], "Only HFS can do this");

    step(&w, &w.hfs, id, json!({"action": "present"}), "with_mco").await;
    let (code, body) = act(&w, &w.hfs, id, respond()).await;
    assert_eq!(code, 409);
    assert_eq!(body["message"], "Only the MCO can do this");

    // The wrong status.
    let (code, body) = act(&w, &w.hfs, id, json!({"action": "present"})).await;
    assert_eq!(code, 409);
    assert_eq!(
        body["message"],
        "This cannot be done while the ticket is \"With the MCO\""
    );
    let (code, _) = act(&w, &w.provider, id, json!({"action": "accept"})).await;
    assert_eq!(code, 409);
    let (code, _) = act(&w, &w.hfs, id, json!({"action": "approve_extension"})).await;
    assert_eq!(code, 409, "no extension asked for");

    // Once only.
    step(
        &w,
        &w.mco,
        id,
        json!({"action": "request_info", "message": "More."}),
        "info_requested",
    )
    .await;
    step(
        &w,
        &w.provider,
        id,
        json!({"action": "provide_info", "message": "Here."}),
        "with_mco",
    )
    .await;
    let (code, body) = act(
        &w,
        &w.mco,
        id,
        json!({"action": "request_info", "message": "Again."}),
    )
    .await;
    assert_eq!(code, 409);
    assert!(body["message"].as_str().unwrap().contains("already asked"));
}

#[tokio::test]
async fn out_of_time_is_a_conflict() {
    let w = world().await;
    // Presented two weeks ago: the MCO's 5 business days to ask for information are over.
    let id = insert_ticket(
        &w,
        "with_mco",
        &[
            ("mco_received_on", days_ago(50)),
            ("submitted_on", days_ago(15)),
            ("presented_on", days_ago(14)),
        ],
    )
    .await;
    let (code, body) = act(
        &w,
        &w.mco,
        id,
        json!({"action": "request_info", "message": "More."}),
    )
    .await;
    assert_eq!(code, 409, "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("can ask for information only until"),
        "{body}"
    );

    // Presented 25 days ago: too late for an extension (day 23).
    let late = insert_ticket(
        &w,
        "with_mco",
        &[
            ("mco_received_on", days_ago(58)),
            ("submitted_on", days_ago(26)),
            ("presented_on", days_ago(25)),
        ],
    )
    .await;
    let (code, body) = act(
        &w,
        &w.mco,
        late,
        json!({"action": "request_extension", "reason": "Busy."}),
    )
    .await;
    assert_eq!(code, 409, "{body}");
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("must be asked for by"));
    assert!(history_actions(&w.app, late).await.is_empty());
}

#[tokio::test]
async fn missing_texts_and_unknown_fields_are_422() {
    let w = world().await;
    let id = submitted_ticket(&w).await;
    step(&w, &w.hfs, id, json!({"action": "present"}), "with_mco").await;

    let mut body = respond();
    body["contact_phone"] = json!("");
    let (code, errors) = act(&w, &w.mco, id, body).await;
    assert_eq!(code, 422, "{errors}");
    assert!(errors["errors"]["contact_phone"].is_array(), "{errors}");

    let mut body = respond();
    body.as_object_mut().unwrap().remove("contact_phone");
    let (code, errors) = act(&w, &w.mco, id, body).await;
    assert_eq!(code, 422);
    assert!(errors["errors"]["contact_phone"].is_array(), "{errors}");

    let (code, errors) = act(
        &w,
        &w.mco,
        id,
        json!({"action": "request_info", "message": "  "}),
    )
    .await;
    assert_eq!(code, 422);
    assert!(errors["errors"]["message"].is_array());

    let (code, errors) = act(
        &w,
        &w.hfs,
        id,
        json!({"action": "approve_extension", "days": 30}),
    )
    .await;
    assert_eq!(code, 422, "{errors}");
    let (code, _) = act(&w, &w.hfs, id, json!({"action": "reopen"})).await;
    assert_eq!(code, 422);
    let (code, _) = act(&w, &w.hfs, id, json!([])).await;
    assert_eq!(code, 422);
    assert!(history_actions(&w.app, id).await.len() == 1);
}

#[tokio::test]
async fn only_parties_with_access_reach_the_ticket() {
    let w = world().await;
    let id = submitted_ticket(&w).await;
    // Not presented yet: the MCO does not see it.
    let (code, body) = act(
        &w,
        &w.mco,
        id,
        json!({"action": "message", "message": "Hi"}),
    )
    .await;
    assert_eq!(code, 404, "{body}");
    assert_eq!(body["error"], "not_found");
    step(&w, &w.hfs, id, json!({"action": "present"}), "with_mco").await;
    let (code, _) = act(
        &w,
        &w.other_mco,
        id,
        json!({"action": "message", "message": "Hi"}),
    )
    .await;
    assert_eq!(code, 404, "another MCO");
    let stranger = w
        .app
        .create_user("stranger", "provider", "approved", None)
        .await;
    w.app.add_facility(stranger, "South Clinic").await;
    let stranger = w.app.sign_in("stranger", DEMO_PASSWORD).await;
    let (code, _) = act(
        &w,
        &stranger,
        id,
        json!({"action": "message", "message": "Hi"}),
    )
    .await;
    assert_eq!(code, 404, "a provider of another facility");
    let (code, _) = act(&w, &w.hfs, 999_999, json!({"action": "present"})).await;
    assert_eq!(code, 404);
    let (code, _) = act(&w, &w.hfs, id, json!({"action": "present"})).await;
    assert_eq!(code, 409);
    let anonymous = w.app.new_client();
    let (code, _) = act(&w, &anonymous, id, json!({"action": "present"})).await;
    assert_eq!(code, 401);
}

#[tokio::test]
async fn one_extension_per_ticket() {
    let w = world().await;
    let id = submitted_ticket(&w).await;
    step(&w, &w.hfs, id, json!({"action": "present"}), "with_mco").await;
    step(
        &w,
        &w.provider,
        id,
        json!({"action": "request_extension", "reason": "Gathering records."}),
        "with_mco",
    )
    .await;
    let (code, body) = act(
        &w,
        &w.mco,
        id,
        json!({"action": "request_extension", "reason": "Us too."}),
    )
    .await;
    assert_eq!(code, 409);
    assert!(body["message"]
        .as_str()
        .unwrap()
        .starts_with("Only one extension"));
    step(
        &w,
        &w.hfs,
        id,
        json!({"action": "approve_extension"}),
        "with_mco",
    )
    .await;
    let (code, body) = act(&w, &w.hfs, id, json!({"action": "approve_extension"})).await;
    assert_eq!(code, 409, "{body}");
}

#[tokio::test]
async fn a_refused_extension_cannot_be_approved_or_asked_again() {
    let w = world().await;
    let id = submitted_ticket(&w).await;
    step(&w, &w.hfs, id, json!({"action": "present"}), "with_mco").await;
    step(
        &w,
        &w.mco,
        id,
        json!({"action": "request_extension", "reason": "Records at our vendor."}),
        "with_mco",
    )
    .await;
    let (code, _) = act(
        &w,
        &w.mco,
        id,
        json!({"action": "refuse_extension", "reason": "No."}),
    )
    .await;
    assert_eq!(code, 409, "only HFS refuses");
    let (code, errors) = act(
        &w,
        &w.hfs,
        id,
        json!({"action": "refuse_extension", "reason": ""}),
    )
    .await;
    assert_eq!(code, 422, "{errors}");
    let detail = step(
        &w,
        &w.hfs,
        id,
        json!({"action": "refuse_extension", "reason": "Not extenuating."}),
        "with_mco",
    )
    .await;
    let allowed = detail["allowed_actions"].as_array().unwrap();
    assert!(!allowed.contains(&json!("approve_extension")));
    let (code, body) = act(&w, &w.hfs, id, json!({"action": "approve_extension"})).await;
    assert_eq!(code, 409, "{body}");
    let (code, _) = act(
        &w,
        &w.provider,
        id,
        json!({"action": "request_extension", "reason": "Then for us."}),
    )
    .await;
    assert_eq!(code, 409);
    let refused: Option<String> =
        sqlx::query_scalar("SELECT extension_refused_on FROM tickets WHERE id = $1")
            .bind(id)
            .fetch_one(&w.app.pool)
            .await
            .unwrap();
    assert_eq!(refused, Some(today().to_string()));
}

#[tokio::test]
async fn information_can_point_to_the_providers_files_on_the_ticket() {
    let w = world().await;
    let id = submitted_ticket(&w).await;
    step(&w, &w.hfs, id, json!({"action": "present"}), "with_mco").await;
    step(
        &w,
        &w.mco,
        id,
        json!({"action": "request_info", "message": "The bill."}),
        "info_requested",
    )
    .await;
    let file = |added_by: &'static str| {
        let pool = w.app.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO ticket_attachments (ticket_id, file_name, content_type, size_bytes, \
                   bytes, added_by, added_at) VALUES ($1, 'bill.pdf', 'application/pdf', 4, \
                   $3, $2, 0) RETURNING id",
            )
            .bind(id)
            .bind(added_by)
            .bind(b"%PDF".to_vec())
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    let theirs = file("mco").await;
    let (code, errors) = act(
        &w,
        &w.provider,
        id,
        json!({"action": "provide_info", "message": "Attached.", "attachment_ids": [theirs]}),
    )
    .await;
    assert_eq!(code, 422, "{errors}");
    assert!(errors["errors"]["attachment_ids"].is_array());
    let ours = file("provider").await;
    let detail = step(
        &w,
        &w.provider,
        id,
        json!({"action": "provide_info", "message": "Attached.", "attachment_ids": [ours]}),
        "with_mco",
    )
    .await;
    let last = detail["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["action"], "provide_info");
    assert!(
        last["text"].as_str().unwrap().contains("bill.pdf"),
        "{last}"
    );
}

/// The whole journey through the API, as the app walks it: submitted by the provider, presented
/// by HFS, information asked for and given (with a file), answered by the MCO, contested,
/// reviewed and decided by HFS.
#[tokio::test]
async fn a_ticket_walks_from_submission_to_the_hfs_decision() {
    let app = spawn_app().await;
    let provider = provider(&app, "walker").await;
    let mco = staff(&app, "aetna-walk", "mco", Some(AETNA)).await;
    let hfs = staff(&app, "hfs-walk", "hfs_staff", None).await;
    let hfs_id = user_id(&app, "hfs-walk").await;
    let submitted = submit_ticket(&app, &provider, AETNA).await;
    let id = ticket_id(&submitted);
    assert_eq!(submitted["summary"]["status"], "submitted");
    let path = format!("/api/tickets/{id}/actions");
    let go = |client: &reqwest::Client, body: Value| {
        let client = client.clone();
        let app = &app;
        let path = path.clone();
        async move { app.post_app(&client, &path, &body).await }
    };

    let (code, detail) = go(&provider.client, json!({"action": "present"})).await;
    assert_eq!(code, 409, "{detail}");

    let mut expected = vec!["submit"];
    let steps: Vec<(&reqwest::Client, Value, &str, &str)> = vec![
        (&hfs, json!({"action": "present"}), "with_mco", "present"),
        (
            &mco,
            json!({"action": "request_info", "message": "Send the remittance advice."}),
            "info_requested",
            "request_info",
        ),
    ];
    for (client, body, status, action) in steps {
        let (code, detail) = go(client, body).await;
        assert_eq!(code, 200, "{detail}");
        assert_eq!(detail["summary"]["status"], status);
        expected.push(action);
    }

    // The provider attaches the file, then answers with it.
    let (code, file) = upload(
        &app,
        &provider.client,
        &format!("/api/tickets/{id}/attachments"),
        "remittance.pdf",
        "application/pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(code, 201, "{file}");
    let steps: Vec<(&reqwest::Client, Value, &str, &str)> = vec![
        (
            &provider.client,
            json!({"action": "provide_info", "message": "Attached.", "attachment_ids": [file["id"]]}),
            "with_mco",
            "provide_info",
        ),
        (&mco, respond(), "mco_responded", "respond"),
        (
            &provider.client,
            json!({"action": "contest", "reason": "The claim is not a duplicate."}),
            "contested",
            "contest",
        ),
        (
            &provider.client,
            json!({"action": "request_review", "reason": "Please decide."}),
            "hfs_review",
            "request_review",
        ),
        (
            &hfs,
            json!({"action": "assign_review", "account_manager_id": hfs_id}),
            "hfs_review",
            "assign_review",
        ),
        (
            &hfs,
            decide("The MCO reprocesses and pays the claim."),
            "closed",
            "decide",
        ),
    ];
    let mut last = Value::Null;
    for (client, body, status, action) in steps {
        let (code, detail) = go(client, body).await;
        assert_eq!(code, 200, "{detail}");
        assert_eq!(detail["summary"]["status"], status, "{detail}");
        expected.push(action);
        last = detail;
    }
    assert_eq!(last["summary"]["closed_reason"], "hfs_decision");
    let history: Vec<&str> = last["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    assert_eq!(history, expected);

    // Everyone with access sees the same closed ticket.
    let (code, seen) = app.get_with(&mco, &format!("/api/tickets/{id}")).await;
    assert_eq!(code, 200);
    assert_eq!(seen["summary"]["closed_reason"], "hfs_decision");
    assert_eq!(seen["allowed_actions"], json!([]));
}
