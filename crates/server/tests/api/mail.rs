//! Email through a real SMTP server on loopback (`helpers::mail`): delivery and headers, the
//! recipients, a relay down then back, a 5xx, the administrators' view of the outbox.

use portal_server::clocks::run_once;
use portal_server::AppState;
use rules::timeline::ClockKey;
use serde_json::json;

use crate::helpers::accounts::send_confirmed;
use crate::helpers::mail::{
    free_port, spawn_app_with_mail, test_settings, SmtpSink, HFS_MAILBOX, MAIL_FROM, PUBLIC_URL,
};
use crate::helpers::tickets::{act, insert_ticket, world_in, MEMBER_LAST_NAME};
use crate::helpers::{days_ago, today};

#[tokio::test]
async fn messages_are_delivered_with_their_headers() {
    let sink = SmtpSink::start();
    let app = spawn_app_with_mail(&sink.url(), 5, |state| state).await;
    send_confirmed(&app, "mail.clinic").await;
    let received = sink.wait_for(2).await;
    let mut to: Vec<&str> = received.iter().map(|m| m.envelope_to[0].as_str()).collect();
    to.sort_unstable();
    assert_eq!(
        to,
        ["mail.clinic@clinic.example", "office@prairie.example"],
        "{received:?}"
    );
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM outbox ORDER BY id")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    for message in &received {
        assert_eq!(message.from, MAIL_FROM);
        assert_eq!(message.to, message.envelope_to[0]);
        assert_eq!(message.subject, "We received your registration request");
        assert!(
            ids.iter()
                .any(|id| message.message_id == format!("outbox-{id}@portal.hfs.example")),
            "{} {ids:?}",
            message.message_id
        );
        assert!(!message.date.is_empty(), "{}", message.raw);
        assert!(message
            .text
            .starts_with("Greetings from Illinois Healthcare"));
    }
    // Stored: sent, one attempt, the Message-ID. The relay accepts a message before the sender
    // records it as sent: wait for the records.
    wait_rows(&app, |rows| rows.iter().all(|r| r.0 == "sent")).await;
    let rows: Vec<(String, i64, Option<String>)> =
        sqlx::query_as("SELECT state, attempts, message_id FROM outbox ORDER BY id")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    for (state, attempts, message_id) in rows {
        assert_eq!((state.as_str(), attempts), ("sent", 1));
        assert!(message_id.unwrap().ends_with("@portal.hfs.example>"));
    }
}

async fn outbox_rows(app: &crate::helpers::TestApp) -> Vec<(String, i64, Option<String>)> {
    sqlx::query_as("SELECT state, attempts, last_error FROM outbox ORDER BY id")
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

/// Waits (at most 10 s) until `done` holds for the outbox's rows.
async fn wait_rows(
    app: &crate::helpers::TestApp,
    done: impl Fn(&[(String, i64, Option<String>)]) -> bool,
) -> Vec<(String, i64, Option<String>)> {
    for _ in 0..200 {
        let rows = outbox_rows(app).await;
        if done(&rows) {
            return rows;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the outbox never got there: {:?}", outbox_rows(app).await);
}

#[tokio::test]
async fn a_relay_down_then_back_gets_each_message_once() {
    // Nothing listens on the port yet.
    let port = free_port();
    let app = spawn_app_with_mail(&format!("smtp://127.0.0.1:{port}"), 20, |state| state).await;
    send_confirmed(&app, "down.clinic").await;
    let rows = wait_rows(&app, |rows| {
        rows.len() == 2 && rows.iter().all(|r| r.1 >= 2)
    })
    .await;
    assert!(
        rows.iter().all(|r| r.0 == "queued" && r.2.is_some()),
        "{rows:?}"
    );

    let sink = SmtpSink::start_on(port, tempfile::tempdir().unwrap());
    let received = sink.wait_for(2).await;
    wait_rows(&app, |rows| rows.iter().all(|r| r.0 == "sent")).await;
    // A little longer: nothing comes twice.
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let again = sink.received();
    assert_eq!(again.len(), 2, "{again:?}");
    assert_ne!(received[0].message_id, received[1].message_id);
}

#[tokio::test]
async fn a_4xx_is_tried_again_and_a_5xx_fails_and_is_shown_to_administrators() {
    let sink = SmtpSink::start();
    sink.refuse("451 4.3.0 Try again later");
    let app = spawn_app_with_mail(&sink.url(), 3, |state| state).await;
    send_confirmed(&app, "busy.clinic").await;
    wait_rows(&app, |rows| {
        rows.len() == 2 && rows.iter().all(|r| r.1 >= 1)
    })
    .await;
    sink.accept();
    sink.wait_for(2).await;
    wait_rows(&app, |rows| rows.iter().all(|r| r.0 == "sent")).await;

    sink.refuse("550 5.1.1 No such user here");
    send_confirmed(&app, "gone.clinic").await;
    let rows = wait_rows(&app, |rows| {
        rows.len() == 4 && rows[2..].iter().all(|r| r.0 == "failed")
    })
    .await;
    for row in &rows[2..] {
        assert_eq!(row.1, 1, "a 5xx is not tried again: {rows:?}");
        assert!(row.2.as_deref().unwrap().contains("550"), "{rows:?}");
    }
    assert_eq!(sink.received().len(), 2);

    // HFS administrators see it, with the reason; nobody else does.
    app.create_user("boss", "hfs_admin", "approved", None).await;
    let admin = app.sign_in("boss", crate::helpers::DEMO_PASSWORD).await;
    let (status, body) = app.get_with(&admin, "/api/admin/outbox").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (body["sent"].as_i64(), body["failed"].as_i64()),
        (Some(2), Some(2))
    );
    assert_eq!(body["sending"], true);
    let failed: Vec<&serde_json::Value> = body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["state"] == "failed")
        .collect();
    assert_eq!(failed.len(), 2);
    assert!(failed[0]["last_error"].as_str().unwrap().contains("550"));
    assert!(failed[0].get("body").is_none());
    app.create_user("clerk", "hfs_staff", "approved", None)
        .await;
    let staff = app.sign_in("clerk", crate::helpers::DEMO_PASSWORD).await;
    assert_eq!(app.get_with(&staff, "/api/admin/outbox").await.0, 403);
}

#[tokio::test]
async fn ticket_emails_go_to_the_representative_the_mco_and_hfs() {
    let sink = SmtpSink::start();
    let w = world_in(spawn_app_with_mail(&sink.url(), 5, |state| state).await).await;
    let id = insert_ticket(
        &w,
        "with_mco",
        &[("submitted_on", today()), ("presented_on", today())],
    )
    .await;
    let number: String = rules::tickets::ticket_number(id, today());
    // The MCO asks: the representative on the ticket is told, not the filer or the facility.
    let (status, body) = act(
        &w,
        &w.mco,
        id,
        json!({"action": "request_info", "message": "Send the EOB."}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let received = sink.wait_for(1).await;
    assert_eq!(received[0].envelope_to, ["pat@example.com"]);
    assert!(
        received[0].subject.contains(&number),
        "{}",
        received[0].subject
    );
    assert!(received[0]
        .text
        .contains("MCO complaint tracking number: ABH-77123"));
    assert!(received[0]
        .text
        .contains(&format!("{PUBLIC_URL}/tickets/{id}")));
    assert!(!received[0].text.contains(MEMBER_LAST_NAME));

    // A message from the provider: the MCO's users and the HFS mailbox.
    let (status, body) = act(
        &w,
        &w.provider,
        id,
        json!({"action": "message", "message": "Sent it by fax."}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let received = sink.wait_for(3).await;
    let mut to: Vec<&str> = received[1..]
        .iter()
        .map(|m| m.envelope_to[0].as_str())
        .collect();
    to.sort_unstable();
    assert_eq!(to, ["aetna@example.com", HFS_MAILBOX]);
    assert!(received[1..]
        .iter()
        .all(|m| m.subject.contains(&number) && !m.text.contains("fax")));

    // HFS sets the MCO's own mailbox: MCO email goes there instead of to its users.
    w.app
        .create_user("boss", "hfs_admin", "approved", None)
        .await;
    let admin = w.app.sign_in("boss", crate::helpers::DEMO_PASSWORD).await;
    let (status, body) = w
        .app
        .put_app(
            &admin,
            &format!("/api/admin/mcos/{}/mailbox", w.mco_id),
            &json!({"mailbox": "portal@aetna.example"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = act(
        &w,
        &w.provider,
        id,
        json!({"action": "provide_info", "message": "Here."}),
    )
    .await;
    assert_eq!(status, 200);
    let received = sink.wait_for(4).await;
    assert_eq!(received[3].envelope_to, ["portal@aetna.example"]);
}

#[tokio::test]
async fn reminders_are_sent_once_even_across_a_restart() {
    let sink = SmtpSink::start();
    let w = world_in(spawn_app_with_mail(&sink.url(), 5, |state| state).await).await;
    let id = insert_ticket(
        &w,
        "info_requested",
        &[
            ("submitted_on", days_ago(3)),
            ("presented_on", days_ago(3)),
            ("info_requested_on", days_ago(2)),
        ],
    )
    .await;
    let state =
        || AppState::new(w.app.pool.clone(), w.app.dist.clone()).with_mail(test_settings(5));
    let row = portal_server::tickets::load(&w.app.pool, id)
        .await
        .unwrap()
        .unwrap();
    let calendar = state().calendar().await.unwrap();
    let line = rules::timeline::timeline(&calendar.calendar, &row.events(), today()).unwrap();
    let due = line
        .deadline(ClockKey::ProviderInfoResponse)
        .unwrap()
        .due_on;
    // The run on the due date: the due date's reminder, to the representative.
    let report = run_once(&state(), due).await.unwrap();
    assert_eq!(report.reminded, [id]);
    // The server restarts: the same day's runs send nothing again.
    assert!(run_once(&state(), due).await.unwrap().reminded.is_empty());
    assert!(run_once(&state(), due).await.unwrap().reminded.is_empty());
    let received = sink.wait_for(1).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let reminders: Vec<_> = sink
        .received()
        .into_iter()
        .filter(|m| m.subject.starts_with("Reminder:"))
        .collect();
    assert_eq!(reminders.len(), 1, "{received:?}");
    let number = rules::tickets::ticket_number(id, row.submitted_on.unwrap());
    assert_eq!(
        reminders[0].subject,
        format!(
            "Reminder: answer the MCO's request by {} – {number}",
            rules::dates::long_date(due)
        )
    );
    assert_eq!(reminders[0].envelope_to, ["pat@example.com"]);

    // HFS turns the lead times to 1 business day only: nothing more for this due date.
    w.app
        .create_user("boss", "hfs_admin", "approved", None)
        .await;
    let admin = w.app.sign_in("boss", crate::helpers::DEMO_PASSWORD).await;
    let (status, body) = w
        .app
        .put_app(
            &admin,
            "/api/admin/mail-settings",
            &json!({"reminder_lead_days": [1, 1]}),
        )
        .await;
    assert_eq!(
        (status, body["errors"]["reminder_lead_days"].is_array()),
        (422, true),
        "{body}"
    );
    let (status, body) = w
        .app
        .put_app(
            &admin,
            "/api/admin/mail-settings",
            &json!({"reminder_lead_days": [0, 3]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["reminder_lead_days"], json!([3, 0]));
}
