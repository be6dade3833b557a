//! The demo tickets: every status for provider1 (Aetna) and provider2 (Molina), once; and
//! provider1's template ticket of 12 claims, presented to Aetna.

use portal_server::AppState;

use crate::helpers::{spawn_app_with, DEMO_PASSWORD};

#[tokio::test]
async fn demo_tickets_exist_in_every_status_once() {
    let app = spawn_app_with(|state| state.with_demo(true)).await;
    app.seed_demo().await;
    let state = AppState::new(app.pool.clone(), app.dist.clone()).with_demo(true);
    let today = portal_server::time::today();

    let made = portal_server::demo::tickets::seed(&state, today)
        .await
        .unwrap();
    assert_eq!(made, 17);
    let again = portal_server::demo::tickets::seed(&state, today)
        .await
        .unwrap();
    assert_eq!(again, 0, "idempotent");
    // The information requests' answers are due within the reminders' lead time: the first clock
    // run (at the end of the seeding) reminded each provider, once.
    let reminders: Vec<String> = sqlx::query_scalar(
        "SELECT to_address FROM outbox WHERE subject LIKE 'Reminder: answer the MCO''s request by %' \
         ORDER BY to_address",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(reminders.len(), 2, "{reminders:?}");

    for (username, mco) in [
        ("provider1", "Aetna Better Health of Illinois"),
        ("provider2", "Molina Healthcare of Illinois"),
    ] {
        let rows: Vec<(String, Option<String>, String)> = sqlx::query_as(
            "SELECT t.status, t.closed_reason, m.name FROM tickets t \
             JOIN users u ON u.id = t.created_by JOIN mcos m ON m.id = t.mco_id \
             WHERE u.username = $1 AND t.claims_file_id IS NULL ORDER BY t.id",
        )
        .bind(username)
        .fetch_all(&app.pool)
        .await
        .unwrap();
        let statuses: Vec<&str> = rows.iter().map(|(s, _, _)| s.as_str()).collect();
        assert_eq!(
            statuses,
            [
                "submitted",
                "with_mco",
                "info_requested",
                "mco_responded",
                "contested",
                "hfs_review",
                "closed",
                "with_mco"
            ],
            "{username}"
        );
        assert_eq!(rows[6].1.as_deref(), Some("accepted"));
        assert!(rows.iter().all(|(_, _, name)| name == mco));
    }
    // Issue 13: the closed tickets' MCO gave a plan whose date has passed (the provider can
    // report it was not carried out); the submitted and with-the-MCO tickets are expedited.
    let passed: Vec<(String, String)> = sqlx::query_as(
        "SELECT response_resolve_by, response_plan FROM tickets \
         WHERE status = 'closed' AND response_resolve_by IS NOT NULL",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(passed.len(), 2, "{passed:?}");
    assert!(passed
        .iter()
        .all(|(by, _)| by.as_str() < today.to_string().as_str()));
    let expedited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM tickets WHERE expedited = 1 AND status <> 'draft'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(expedited, 4);

    // The template ticket: 12 claims read from its file, with the MCO, which sees them masked.
    let (id, status, rin_last4, form_json): (i64, String, Option<String>, String) = sqlx::query_as(
        "SELECT t.id, t.status, t.rin_last4, t.form_json FROM tickets t \
         JOIN users u ON u.id = t.created_by \
         WHERE u.username = 'provider1' AND t.claims_file_id IS NOT NULL",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(status, "with_mco");
    assert_eq!(rin_last4, None);
    assert!(form_json.contains("\"multiple_claims\":true"));
    let claims: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ticket_claims WHERE ticket_id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(claims, 12);
    let aetna = app.sign_in("mco-aetna", DEMO_PASSWORD).await;
    let (code, detail) = app.get_with(&aetna, &format!("/api/tickets/{id}")).await;
    assert_eq!(code, 200, "{detail}");
    assert_eq!(detail["claims"].as_array().unwrap().len(), 12);
    assert!(detail["claims"][0]["rin_masked"]
        .as_str()
        .unwrap()
        .starts_with("•••••"));
    let file_id = detail["claims_file"]["id"].as_i64().unwrap();
    let (code, _) = app
        .get_with(&aetna, &format!("/api/tickets/{id}/attachments/{file_id}"))
        .await;
    assert_eq!(code, 200);

    // Every step has its history entry, the submission first.
    let without: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM tickets t WHERE NOT EXISTS \
         (SELECT 1 FROM ticket_history h WHERE h.ticket_id = t.id AND h.action = 'submit')",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(without, 0);
    let steps: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ticket_history")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(steps > 40, "{steps}");

    // The overdue ones carry their fine, and the MCOs have the notices.
    let fines: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM fines")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(fines, 2);
    let notices: Vec<String> = sqlx::query_scalar(
        "SELECT to_address FROM outbox WHERE subject LIKE 'MCO Provider Resolution Portal Fine Notice – PRP-%' ORDER BY to_address",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(notices, ["mco-aetna@example.com", "mco-molina@example.com"]);

    // The clocks find nothing more to do.
    assert!(portal_server::clocks::run_once(&state, today)
        .await
        .unwrap()
        .is_empty());

    // The MCO sees its tickets' page with the actions it may take.
    let mco = app.sign_in("mco-aetna", DEMO_PASSWORD).await;
    let id: i64 = sqlx::query_scalar(
        "SELECT t.id FROM tickets t JOIN users u ON u.id = t.created_by \
         WHERE u.username = 'provider1' AND t.status = 'info_requested'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let (code, detail) = app
        .post_app(
            &mco,
            &format!("/api/tickets/{id}/actions"),
            &serde_json::json!({"action": "message", "message": "We are waiting for the bill."}),
        )
        .await;
    assert_eq!(code, 200, "{detail}");
    assert_eq!(detail["summary"]["status"], "info_requested");
}
