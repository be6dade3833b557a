//! The writes a read makes, grouped for speed without losing anything (`docs/architecture.md`,
//! "Durability"): a ticket read's audit entry is committed before the read is answered (group
//! commit, also under many reads at once), and a session's last-request time is written at most once
//! a minute while the idle limit and the 12-hour limit still end it.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use crate::helpers::tickets::{audit_rows, provider, submit_ticket, ticket_id, AETNA};
use crate::helpers::{spawn_app, DEMO_PASSWORD};

const MINUTE: i64 = 60_000;
const IDLE: i64 = 15 * MINUTE;

fn now_millis() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    i64::try_from(since.as_millis()).unwrap()
}

#[tokio::test]
async fn every_answered_read_has_its_audit_entry_already_committed() {
    let app = spawn_app().await;
    let p = provider(&app, "provider1").await;
    let id = ticket_id(&submit_ticket(&app, &p, AETNA).await);
    let app = Arc::new(app);
    let answered = Arc::new(AtomicI64::new(0));

    // 3 rounds of 32 reads at once: each reader, once answered, counts the entries in the
    // database; every read answered so far must have its entry there.
    for _ in 0..3 {
        let mut readers = Vec::new();
        for _ in 0..32 {
            let (app, client, answered) = (app.clone(), p.client.clone(), answered.clone());
            readers.push(tokio::spawn(async move {
                let response = client
                    .get(app.url(&format!("/api/tickets/{id}")))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status().as_u16(), 200);
                let answered_so_far = answered.fetch_add(1, Ordering::SeqCst) + 1;
                let entries = audit_rows(&app, p.user_id, id, "viewed_ticket").await;
                assert!(
                    entries >= answered_so_far,
                    "{answered_so_far} reads answered, {entries} entries committed"
                );
            }));
        }
        for reader in readers {
            reader.await.unwrap();
        }
    }
    assert_eq!(audit_rows(&app, p.user_id, id, "viewed_ticket").await, 96);
}

#[tokio::test]
async fn a_read_whose_audit_entry_cannot_be_written_is_not_answered() {
    let app = spawn_app().await;
    let p = provider(&app, "provider1").await;
    let id = ticket_id(&submit_ticket(&app, &p, AETNA).await);
    // A trigger that refuses the read's audit entry (each database writes triggers its own way).
    let refuse: &[&str] = if app.on_postgres() {
        &[
            "CREATE FUNCTION refuse_views() RETURNS trigger LANGUAGE plpgsql AS $body$ \
             BEGIN IF NEW.kind = 'viewed_ticket' THEN \
             RAISE EXCEPTION 'audit trail unavailable'; END IF; RETURN NEW; END $body$",
            "CREATE TRIGGER refuse_views BEFORE INSERT ON audit_log FOR EACH ROW \
             EXECUTE FUNCTION refuse_views()",
        ]
    } else {
        &["CREATE TRIGGER refuse_views BEFORE INSERT ON audit_log WHEN NEW.kind = 'viewed_ticket' \
           BEGIN SELECT RAISE(ABORT, 'audit trail unavailable'); END"]
    };
    for statement in refuse {
        sqlx::query(statement).execute(&app.pool).await.unwrap();
    }
    let (status, body) = app.get_with(&p.client, &format!("/api/tickets/{id}")).await;
    assert_eq!(status, 500, "{body}");
    assert!(body.get("summary").is_none(), "no ticket without its entry");
    assert_eq!(audit_rows(&app, p.user_id, id, "viewed_ticket").await, 0);

    let drop = if app.on_postgres() {
        "DROP TRIGGER refuse_views ON audit_log"
    } else {
        "DROP TRIGGER refuse_views"
    };
    sqlx::query(drop).execute(&app.pool).await.unwrap();
    let (status, _) = app.get_with(&p.client, &format!("/api/tickets/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(audit_rows(&app, p.user_id, id, "viewed_ticket").await, 1);
}

/// (created_at, last_seen_at) of the only session.
async fn session_times(app: &crate::helpers::TestApp) -> (i64, i64) {
    sqlx::query_as("SELECT created_at, last_seen_at FROM sessions")
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn set_session_times(app: &crate::helpers::TestApp, created: i64, last_seen: i64) {
    sqlx::query("UPDATE sessions SET created_at = $1, last_seen_at = $2")
        .bind(created)
        .bind(last_seen)
        .execute(&app.pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_session_is_touched_at_most_once_a_minute() {
    let app = spawn_app().await;
    app.create_user("ana", "provider", "approved", None).await;
    let client = app.sign_in("ana", DEMO_PASSWORD).await;
    let (created, signed_in) = session_times(&app).await;

    // Requests within the minute leave the written time as it is.
    for _ in 0..3 {
        assert_eq!(app.get_with(&client, "/api/session").await.0, 200);
    }
    assert_eq!(session_times(&app).await, (created, signed_in));

    // 59 seconds later: still not written.
    set_session_times(&app, created, signed_in - 59_000).await;
    assert_eq!(app.get_with(&client, "/api/session").await.0, 200);
    assert_eq!(session_times(&app).await, (created, signed_in - 59_000));

    // A minute or more since it was written: the request writes it (and not the start time).
    set_session_times(&app, created, signed_in - MINUTE - 1_000).await;
    let before = now_millis();
    assert_eq!(app.get_with(&client, "/api/session").await.0, 200);
    let (still_created, touched) = session_times(&app).await;
    assert_eq!(still_created, created);
    assert!(
        touched >= before,
        "written at the request: {touched} < {before}"
    );
}

#[tokio::test]
async fn the_idle_limit_and_the_twelve_hours_still_end_a_session() {
    let app = spawn_app().await;
    app.create_user("ana", "provider", "approved", None).await;

    // 14 minutes 59 seconds after the written time: alive (and written now).
    let client = app.sign_in("ana", DEMO_PASSWORD).await;
    let now = now_millis();
    set_session_times(&app, now - IDLE, now - IDLE + 1_000).await;
    assert_eq!(app.get_with(&client, "/api/session").await.0, 200);
    assert!(session_times(&app).await.1 >= now);

    // 15 and a half minutes: the last request may have come up to a minute after the written
    // time, so the session still has its whole idle limit: alive.
    let now = now_millis();
    set_session_times(&app, now - IDLE, now - IDLE - 30_000).await;
    assert_eq!(app.get_with(&client, "/api/session").await.0, 200);

    // More than 16 minutes (the idle limit and the minute): ended, and the row deleted.
    let now = now_millis();
    set_session_times(&app, now - IDLE, now - IDLE - MINUTE - 1_000).await;
    assert_eq!(app.get_with(&client, "/api/session").await.0, 401);
    assert_eq!(app.count("sessions").await, 0);

    // 12 hours after sign-in, however recent the last request: ended.
    let client = app.sign_in("ana", DEMO_PASSWORD).await;
    let now = now_millis();
    set_session_times(&app, now - 12 * 60 * MINUTE - 1_000, now - 1_000).await;
    assert_eq!(app.get_with(&client, "/api/session").await.0, 401);
    assert_eq!(app.count("sessions").await, 0);

    // Another account's sign-in clears sessions idle past the limit and the minute only.
    let client = app.sign_in("ana", DEMO_PASSWORD).await;
    let now = now_millis();
    set_session_times(&app, now - IDLE, now - IDLE - 30_000).await;
    app.create_user("ben", "provider", "approved", None).await;
    let _ben = app.sign_in("ben", DEMO_PASSWORD).await;
    assert_eq!(app.get_with(&client, "/api/session").await.0, 200);
}
