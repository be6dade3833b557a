//! The clocks that run by themselves: `clocks::run_once` on a chosen date closes what the rules
//! close and issues fines, each once, with their history and emails; a second run changes nothing.

use chrono::{Datelike, Duration};
use portal_server::clocks::run_once;

use crate::helpers::tickets::{act, history_actions, insert_ticket, respond, world};
use crate::helpers::{days_ago, emails, today, TestApp};

async fn status_of(app: &TestApp, id: i64) -> (String, Option<String>) {
    sqlx::query_as("SELECT status, closed_reason FROM tickets WHERE id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn no_answer_to_an_information_request_closes_the_ticket_once() {
    let w = world().await;
    let id = insert_ticket(
        &w,
        "info_requested",
        &[
            ("mco_received_on", days_ago(50)),
            ("submitted_on", days_ago(14)),
            ("presented_on", days_ago(13)),
            ("info_requested_on", days_ago(12)),
        ],
    )
    .await;
    // A ticket whose clocks run on: left as it is.
    let open = insert_ticket(&w, "submitted", &[]).await;
    let state = w.app.state();

    let report = run_once(&state, today()).await.unwrap();
    assert_eq!(report.closed, [id]);
    assert!(report.fined.is_empty());
    assert_eq!(
        status_of(&w.app, id).await,
        ("closed".to_owned(), Some("no_info_response".to_owned()))
    );
    assert_eq!(status_of(&w.app, open).await.0, "submitted");
    let history = history_actions(&w.app, id).await;
    assert_eq!(
        history,
        [("portal".to_owned(), "closed_by_rule".to_owned())]
    );
    let mail = emails(&w.app).await;
    let to: Vec<&str> = mail.iter().map(|(to, _, _)| to.as_str()).collect();
    assert_eq!(
        to,
        // The representative on the ticket (its contact email), not the filer or the facility.
        ["pat@example.com", "aetna@example.com"]
    );
    assert!(mail[0].1.contains(" is closed"), "{}", mail[0].1);

    let again = run_once(&state, today()).await.unwrap();
    assert!(again.is_empty(), "{again:?}");
    assert_eq!(history_actions(&w.app, id).await.len(), 1);
    assert_eq!(emails(&w.app).await.len(), 2);
}

#[tokio::test]
async fn a_response_not_contested_in_time_closes_the_ticket() {
    let w = world().await;
    let id = insert_ticket(
        &w,
        "mco_responded",
        &[
            ("mco_received_on", days_ago(55)),
            ("submitted_on", days_ago(21)),
            ("presented_on", days_ago(20)),
            ("mco_responded_on", days_ago(12)),
        ],
    )
    .await;
    sqlx::query(
        "UPDATE tickets SET response_outcome = 'upheld', response_text = 'No.' WHERE id = $1",
    )
    .bind(id)
    .execute(&w.app.pool)
    .await
    .unwrap();
    let state = w.app.state();
    let report = run_once(&state, today()).await.unwrap();
    assert_eq!(report.closed, [id]);
    assert_eq!(
        status_of(&w.app, id).await,
        ("closed".to_owned(), Some("not_contested".to_owned()))
    );
    // Before the due date passed, the same ticket was still open: nothing to do on that day.
    assert!(run_once(&state, today()).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_missed_response_issues_one_fine_with_its_notice() {
    let w = world().await;
    let submitted = days_ago(41);
    let id = insert_ticket(
        &w,
        "with_mco",
        &[
            ("mco_received_on", days_ago(75)),
            ("submitted_on", submitted),
            ("presented_on", days_ago(40)),
        ],
    )
    .await;
    let state = w.app.state();
    let report = run_once(&state, today()).await.unwrap();
    assert_eq!(report.fined, [id]);
    assert!(report.closed.is_empty());
    assert_eq!(
        status_of(&w.app, id).await.0,
        "with_mco",
        "still open: overdue"
    );

    let fines: Vec<(i64, i64, String)> =
        sqlx::query_as("SELECT mco_id, amount_cents, fined_on FROM fines WHERE ticket_id = $1")
            .bind(id)
            .fetch_all(&w.app.pool)
            .await
            .unwrap();
    assert_eq!(fines.len(), 1);
    assert_eq!(fines[0].0, w.mco_id);
    assert_eq!(fines[0].1, 500_000);
    let due = rules::calendar::Calendar::standard().add_calendar_days_moved(days_ago(40), 30);
    assert_eq!(fines[0].2, (due + Duration::days(1)).to_string());

    let number = format!("PRP-{}-{id:06}", submitted.year());
    // HFS's alert of the missed response is the other email (`tests/api/sanctions.rs`).
    let mail: Vec<_> = emails(&w.app)
        .await
        .into_iter()
        .filter(|m| m.0 != "staff@example.com")
        .collect();
    assert_eq!(mail.len(), 1, "{mail:?}");
    let (to, subject, body) = &mail[0];
    assert_eq!(to, "aetna@example.com");
    assert_eq!(
        subject,
        &format!("MCO Provider Resolution Portal Fine Notice – {number}")
    );
    assert!(body.starts_with(&format!(
        "A written proposal for Provider Resolution ticket {number} was due {}. Your written \
         proposal was not received on or before this date. Your plan has been fined $5,000.00 for \
         the untimely handling of the Provider Resolution Ticket.",
        rules::dates::long_date(due)
    )));
    assert_eq!(
        history_actions(&w.app, id).await,
        [("portal".to_owned(), "fined".to_owned())]
    );

    let again = run_once(&state, today()).await.unwrap();
    assert!(again.is_empty());
    assert_eq!(emails(&w.app).await.len(), 2);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM fines")
        .fetch_one(&w.app.pool)
        .await
        .unwrap();
    assert_eq!(count, 1);

    // The MCO's late response is taken, and the fine stays the one fine.
    let (code, detail) = act(&w, &w.mco, id, respond()).await;
    assert_eq!(code, 200, "{detail}");
    assert_eq!(detail["fines"].as_array().unwrap().len(), 1);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM fines")
        .fetch_one(&w.app.pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
}

#[tokio::test]
async fn a_run_for_an_earlier_date_skips_what_had_not_happened_yet() {
    let w = world().await;
    let id = insert_ticket(
        &w,
        "with_mco",
        &[
            ("mco_received_on", days_ago(75)),
            ("submitted_on", days_ago(41)),
            ("presented_on", days_ago(40)),
        ],
    )
    .await;
    let state = w.app.state();
    // 45 days ago the ticket had not been submitted: nothing to record, no error.
    assert!(run_once(&state, days_ago(45)).await.unwrap().is_empty());
    // 20 days ago the response was not due yet.
    assert!(run_once(&state, days_ago(20)).await.unwrap().is_empty());
    assert_eq!(run_once(&state, today()).await.unwrap().fined, [id]);
}
