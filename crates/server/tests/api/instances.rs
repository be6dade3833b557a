//! Several instances on one database behave as one (README, "Running several instances"): two
//! real servers, each with its own pool and port, on the same database. In the PostgreSQL pass
//! (`cargo xtask test pg`) this is the deployment the README describes; on SQLite the same
//! checks hold for two servers on one file.

use std::time::Duration;

use portal_server::clocks::run_once;
use portal_server::state::Security;
use serde_json::json;

use crate::helpers::tickets::{insert_ticket, provider, ticket_id, valid_form, world, AETNA};
use crate::helpers::{days_ago, spawn_app_with, today, DEMO_PASSWORD};

const WRONG: &str = "Not-The-Password-1!";

fn fast_security(state: portal_server::AppState) -> portal_server::AppState {
    state.with_security(Security {
        sign_in_delay: Duration::from_millis(2),
        lockout: Duration::from_secs(2),
        ..Security::default()
    })
}

async fn sign_in_status(app: &crate::helpers::TestApp, username: &str, password: &str) -> u16 {
    app.new_client()
        .post(app.url("/api/session"))
        .header("x-requested-with", "portal-app")
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .expect("request sent")
        .status()
        .as_u16()
}

#[tokio::test]
async fn ten_failures_spread_over_two_instances_lock_the_username() {
    let a = spawn_app_with(fast_security).await;
    let b = a.another_instance(fast_security).await;
    a.create_user("ana", "provider", "approved", None).await;

    for n in 1..=10 {
        if n > 3 {
            tokio::time::sleep(Duration::from_millis(2 << (n - 4)) + Duration::from_millis(5))
                .await;
        }
        let instance = if n % 2 == 0 { &a } else { &b };
        assert_eq!(
            sign_in_status(instance, "ana", WRONG).await,
            401,
            "failure {n}"
        );
    }
    assert_eq!(sign_in_status(&a, "ana", DEMO_PASSWORD).await, 429);
    assert_eq!(sign_in_status(&b, "ana", DEMO_PASSWORD).await, 429);
}

#[tokio::test]
async fn submissions_to_two_instances_get_distinct_ticket_numbers() {
    let a = spawn_app_with(|state| state).await;
    let b = a.another_instance(|state| state).await;
    let p1 = provider(&a, "provider1").await;
    let aetna = a.mco_id(AETNA).await;
    let mut drafts = Vec::new();
    for _ in 0..6 {
        let (status, draft) = a
            .post_app(
                &p1.client,
                "/api/drafts",
                &valid_form(p1.facility_id, aetna),
            )
            .await;
        assert_eq!(status, 201, "{draft}");
        drafts.push(draft["id"].as_i64().unwrap());
    }
    // All six at once, alternating between the instances.
    let mut tasks = Vec::new();
    for (i, id) in drafts.iter().enumerate() {
        let url = if i % 2 == 0 {
            a.url("/api/tickets")
        } else {
            b.url("/api/tickets")
        };
        let client = p1.client.clone();
        let body = json!({"draft_id": id});
        tasks.push(tokio::spawn(async move {
            let response = client
                .post(url)
                .header("x-requested-with", "portal-app")
                .json(&body)
                .send()
                .await
                .expect("request sent");
            let status = response.status().as_u16();
            (status, response.json::<serde_json::Value>().await.unwrap())
        }));
    }
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    let mut numbers = Vec::new();
    for (status, detail) in &answers {
        assert_eq!(*status, 201, "{detail}");
        numbers.push(detail["summary"]["number"].as_str().unwrap().to_owned());
    }
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 6, "{numbers:?}");
}

#[tokio::test]
async fn a_draft_submitted_at_once_to_two_instances_is_one_ticket() {
    let a = spawn_app_with(|state| state).await;
    let b = a.another_instance(|state| state).await;
    let p1 = provider(&a, "provider1").await;
    let aetna = a.mco_id(AETNA).await;
    let (status, draft) = a
        .post_app(
            &p1.client,
            "/api/drafts",
            &valid_form(p1.facility_id, aetna),
        )
        .await;
    assert_eq!(status, 201, "{draft}");
    let draft_id = draft["id"].as_i64().unwrap();
    let submit = json!({"draft_id": draft_id});

    let (first, second) = tokio::join!(
        a.post_app(&p1.client, "/api/tickets", &submit),
        b.post_app(&p1.client, "/api/tickets", &submit)
    );
    let mut statuses = vec![first.0, second.0];
    statuses.sort_unstable();
    assert_eq!(statuses, vec![200, 201], "{} / {}", first.1, second.1);
    assert_eq!(ticket_id(&first.1), draft_id);
    assert_eq!(ticket_id(&second.1), draft_id);
    let (tickets, histories, emails): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM tickets), \
           (SELECT COUNT(*) FROM ticket_history WHERE action = 'submit'), \
           (SELECT COUNT(*) FROM outbox)",
    )
    .fetch_one(&a.pool)
    .await
    .unwrap();
    assert_eq!((tickets, histories, emails), (1, 1, 1));
}

#[tokio::test]
async fn the_clocks_of_two_instances_fine_once() {
    let w = world().await;
    let b = w.app.another_instance(|state| state).await;
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
    // Both instances' clocks at the same moment, without the lock: the unique constraints alone
    // keep it to one fine, one history entry, one email.
    let (state_a, state_b) = (w.app.state(), b.state());
    let (ra, rb) = tokio::join!(run_once(&state_a, today()), run_once(&state_b, today()));
    let fined = ra.unwrap().fined.len() + rb.unwrap().fined.len();
    assert_eq!(fined, 1, "one of the two runs issued the fine");
    let fines: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM fines WHERE ticket_id = $1")
        .bind(id)
        .fetch_one(&w.app.pool)
        .await
        .unwrap();
    assert_eq!(fines, 1);
}

/// The clocks' and the sender's work runs on one instance at a time: while one holds its lock,
/// the other's turn is skipped; once released, the other runs.
#[tokio::test]
async fn work_guarded_by_the_lock_runs_on_one_instance_at_a_time() {
    let a = spawn_app_with(|state| state).await;
    if !a.on_postgres() {
        // SQLite: one server per file, nothing to share (the PostgreSQL pass checks this).
        return;
    }
    let b = a.another_instance(|state| state).await;
    let (held_tx, held_rx) = tokio::sync::oneshot::channel::<()>();
    let (release_tx, release_rx) = tokio::sync::oneshot::channel::<()>();
    let holder = {
        let pool = a.pool.clone();
        tokio::spawn(async move {
            portal_server::db::once_across_instances(
                &pool,
                portal_server::db::LOCK_CLOCKS,
                async move {
                    held_tx.send(()).unwrap();
                    release_rx.await.unwrap();
                    "a ran"
                },
            )
            .await
            .unwrap()
        })
    };
    held_rx.await.unwrap();
    let skipped =
        portal_server::db::once_across_instances(&b.pool, portal_server::db::LOCK_CLOCKS, async {
            "b ran"
        })
        .await
        .unwrap();
    assert_eq!(skipped, None, "b's turn is skipped while a runs");
    // Another key is not held.
    let other =
        portal_server::db::once_across_instances(&b.pool, portal_server::db::LOCK_OUTBOX, async {
            "b sent"
        })
        .await
        .unwrap();
    assert_eq!(other, Some("b sent"));
    release_tx.send(()).unwrap();
    assert_eq!(holder.await.unwrap(), Some("a ran"));
    let after =
        portal_server::db::once_across_instances(&b.pool, portal_server::db::LOCK_CLOCKS, async {
            "b ran"
        })
        .await
        .unwrap();
    assert_eq!(after, Some("b ran"));
}
