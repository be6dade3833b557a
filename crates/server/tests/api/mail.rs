//! Email through a real SMTP server on loopback (`helpers::mail`): delivery and headers, the
//! recipients, a relay down then back, a 5xx, the administrators' view of the outbox.

use crate::helpers::accounts::register_and_send;
use crate::helpers::mail::{spawn_app_with_mail, SmtpSink, MAIL_FROM};

#[tokio::test]
async fn messages_are_delivered_with_their_headers() {
    let sink = SmtpSink::start();
    let app = spawn_app_with_mail(&sink.url(), 5, |state| state).await;
    register_and_send(&app, "mail.clinic").await;
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
    // Stored: sent, one attempt, the Message-ID.
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
