//! Reminders before due dates (`docs/email.md`, "Reminders"), read from the outbox: the default
//! lead times (2 business days before, and the due date), the party that owes the clock and no
//! one else, each once, and lead times HFS administrators change.

use chrono::{Duration, NaiveDate};
use portal_server::clocks::run_once;
use portal_server::AppState;
use rules::calendar::Calendar;
use rules::timeline::ClockKey;
use serde_json::json;

use crate::helpers::tickets::{insert_ticket, world, World};
use crate::helpers::{assert_no_phi, days_ago, emails, today, DEMO_PASSWORD};

/// The business day on which `left` business days remain before `due`.
fn business_days_before(due: NaiveDate, left: u32) -> NaiveDate {
    let calendar = Calendar::standard();
    let mut day = due;
    while calendar.business_days_between(day, due) < left || !calendar.is_business_day(day) {
        day -= Duration::days(1);
    }
    day
}

/// A ticket with the MCO since 3 days ago, and the due date of the MCO's written response.
async fn with_the_mco(w: &World) -> (i64, NaiveDate) {
    let id = insert_ticket(
        w,
        "with_mco",
        &[("submitted_on", days_ago(4)), ("presented_on", days_ago(3))],
    )
    .await;
    let state = w.app.state();
    let row = portal_server::tickets::load(&w.app.pool, id)
        .await
        .unwrap()
        .unwrap();
    let calendar = state.calendar().await.unwrap();
    let line = rules::timeline::timeline(&calendar.calendar, &row.events(), today()).unwrap();
    (id, line.deadline(ClockKey::McoResponse).unwrap().due_on)
}

fn reminders(mail: &[(String, String, String)]) -> Vec<(String, String)> {
    mail.iter()
        .filter(|m| m.1.starts_with("Reminder:"))
        .map(|m| (m.0.clone(), m.1.clone()))
        .collect()
}

#[tokio::test]
async fn the_mco_is_reminded_two_business_days_before_and_on_the_due_date_once_each() {
    let w = world().await;
    let (id, due) = with_the_mco(&w).await;
    let state = || AppState::new(w.app.pool.clone(), w.app.dist.clone());
    let subject = format!(
        "Reminder: enter the MCO's written response by {} – {}",
        rules::dates::long_date(due),
        rules::tickets::ticket_number(id, days_ago(4))
    );

    // Three business days before: too early.
    run_once(&state(), business_days_before(due, 3))
        .await
        .unwrap();
    assert_eq!(reminders(&emails(&w.app).await), []);

    // Two business days before: the MCO's users, nobody else.
    let two_before = business_days_before(due, 2);
    assert_eq!(run_once(&state(), two_before).await.unwrap().reminded, [id]);
    assert_eq!(
        reminders(&emails(&w.app).await),
        [("aetna@example.com".to_owned(), subject.clone())]
    );
    // The day after, and the same day again: nothing new.
    run_once(&state(), two_before).await.unwrap();
    run_once(&state(), business_days_before(due, 1))
        .await
        .unwrap();
    assert_eq!(reminders(&emails(&w.app).await).len(), 1);

    // The due date: its own reminder, once.
    run_once(&state(), due).await.unwrap();
    run_once(&state(), due).await.unwrap();
    let sent = reminders(&emails(&w.app).await);
    assert_eq!(
        sent,
        [
            ("aetna@example.com".to_owned(), subject.clone()),
            ("aetna@example.com".to_owned(), subject),
        ]
    );
    assert_no_phi(&emails(&w.app).await);
}

#[tokio::test]
async fn lead_times_set_by_an_administrator_are_the_ones_used() {
    let w = world().await;
    w.app
        .create_user("boss", "hfs_admin", "approved", None)
        .await;
    let admin = w.app.sign_in("boss", DEMO_PASSWORD).await;
    let (status, body) = w
        .app
        .put_app(
            &admin,
            "/api/admin/mail-settings",
            &json!({"reminder_lead_days": [5]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (id, due) = with_the_mco(&w).await;
    let state = || AppState::new(w.app.pool.clone(), w.app.dist.clone());

    // Five business days before: the reminder; two before and the due date: none any more.
    assert_eq!(
        run_once(&state(), business_days_before(due, 5))
            .await
            .unwrap()
            .reminded,
        [id]
    );
    run_once(&state(), business_days_before(due, 2))
        .await
        .unwrap();
    run_once(&state(), due).await.unwrap();
    assert_eq!(reminders(&emails(&w.app).await).len(), 1);

    // No lead time at all: reminders are off.
    let (status, _) = w
        .app
        .put_app(
            &admin,
            "/api/admin/mail-settings",
            &json!({"reminder_lead_days": []}),
        )
        .await;
    assert_eq!(status, 200);
    let (_, other_due) = with_the_mco(&w).await;
    run_once(&state(), other_due).await.unwrap();
    assert_eq!(reminders(&emails(&w.app).await).len(), 1);
}

#[tokio::test]
async fn hfs_is_reminded_to_present_a_ticket_at_its_mailbox() {
    let w = world().await;
    let id = insert_ticket(&w, "submitted", &[("submitted_on", days_ago(1))]).await;
    let mut state = w.app.state();
    let mut mail = (*state.mail).clone();
    mail.hfs_mailbox = Some("portal.team@hfs.example".to_owned());
    state.mail = std::sync::Arc::new(mail);
    let calendar = Calendar::standard();
    let row = portal_server::tickets::load(&w.app.pool, id)
        .await
        .unwrap()
        .unwrap();
    let line = rules::timeline::timeline(&calendar, &row.events(), today()).unwrap();
    let due = line.deadline(ClockKey::PresentToMco).unwrap().due_on;

    run_once(&state, business_days_before(due, 2))
        .await
        .unwrap();
    let sent = reminders(&emails(&w.app).await);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].0, "portal.team@hfs.example");
    assert!(
        sent[0]
            .1
            .starts_with("Reminder: check the ticket and present it to the MCO by "),
        "{sent:?}"
    );
}

#[test]
fn the_latest_lead_due_is_the_one_sent() {
    let calendar = Calendar::standard();
    // Friday, December 4, 2026 is due; the leads are 2 business days and the due date.
    let due = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let on = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let lead = |day| portal_server::reminders::lead_due(&calendar, &[2, 0], day, due);
    assert_eq!(lead(on(2026, 12, 1)), None, "3 business days before");
    assert_eq!(lead(on(2026, 12, 2)), Some(2));
    assert_eq!(lead(on(2026, 12, 3)), Some(2), "still the 2-day reminder");
    assert_eq!(lead(due), Some(0));
    assert_eq!(lead(on(2026, 12, 5)), None, "after the due date");
    // A server down until the due date sends only the due date's reminder.
    assert_eq!(lead(due), Some(0));
}
