//! `cargo xtask bench` (the statistics part): the time of `GET /api/statistics` over 100,000
//! tickets. A fresh SQLite file gets one provider, one facility and `--tickets` tickets (default
//! 100,000) spread over the five MCOs, the complaint types, the statuses and the past year, with a
//! fine on one in fifty; the server answers on a random port; the request is timed `--runs` times
//! (default 5) after one warm-up. Prints the figures, and writes them as JSON to `--json PATH`.
//!
//! Nothing here is asserted: speed is measured, never tested.

use std::time::Instant;

use chrono::{Duration, NaiveDate};
use portal_server::{db, AppState};
use rules::wire::tickets::ComplaintType;

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let count: i64 = arg(&args, "--tickets")
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let runs: usize = arg(&args, "--runs")
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = format!("sqlite:{}", dir.path().join("bench.db").display());
    let pool = db::connect(&url).await.expect("the database");

    let loaded = Instant::now();
    let user: i64 = sqlx::query_scalar(
        "INSERT INTO users (username, email, password_hash, role, status, created_at) \
         VALUES ('bench', 'bench@example.com', 'x', 'provider', 'approved', 0) RETURNING id",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let facility: i64 = sqlx::query_scalar(
        "INSERT INTO facilities (name, facility_type, medicaid_id, contact_email, contact_phone, \
           created_at) VALUES ('Bench Clinic', 'Clinic', '123456789', 'c@example.com', \
           '(217) 555-0100', 0) RETURNING id",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let mcos: Vec<i64> = sqlx::query_scalar("SELECT id FROM mcos ORDER BY id")
        .fetch_all(&pool)
        .await
        .unwrap();
    let today = portal_server::time::today();
    let form = r#"{"program":"medicaid","description":"Bench.","desired_outcome":"Bench."}"#;
    let mut tx = pool.begin().await.unwrap();
    for i in 0..count {
        let presented = today - Duration::days(20 + i % 330);
        let submitted = presented - Duration::days(1);
        let received = submitted - Duration::days(32);
        let kind = ComplaintType::ALL[(i % 11) as usize];
        let mco = mcos[(i % mcos.len() as i64) as usize];
        // A third answered (upheld or overturned), a third still with the MCO, a third closed.
        let (status, responded, outcome, decided): (
            &str,
            Option<NaiveDate>,
            Option<&str>,
            Option<NaiveDate>,
        ) = match i % 3 {
            0 => ("with_mco", None, None, None),
            1 => (
                "mco_responded",
                Some(presented + Duration::days(10)).filter(|d| *d <= today),
                Some("upheld"),
                None,
            ),
            _ => (
                "closed",
                Some(presented + Duration::days(12)),
                Some("overturned"),
                Some(presented + Duration::days(13)),
            ),
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO tickets (created_by, form_json, status, closed_reason, facility_id, mco_id, \
               complaint_type, rin_last4, tracking_number, mco_received_on, submitted_on, \
               presented_on, mco_responded_on, response_outcome, provider_decision, \
               provider_decided_on, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '0118', ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 0, 0) \
             RETURNING id",
        )
        .bind(user)
        .bind(form)
        .bind(status)
        .bind(decided.map(|_| "accepted"))
        .bind(facility)
        .bind(mco)
        .bind(portal_server::tickets::key_of(kind))
        .bind(format!("BENCH-{i}"))
        .bind(received.to_string())
        .bind(submitted.to_string())
        .bind(presented.to_string())
        .bind(responded.map(|d| d.to_string()))
        .bind(responded.and(outcome))
        .bind(decided.map(|_| "accepted"))
        .bind(decided.map(|d| d.to_string()))
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        if i % 50 == 0 {
            let fined_on = presented + Duration::days(31);
            sqlx::query(
                "INSERT INTO fines (ticket_id, mco_id, amount_cents, fined_on, \
                   sanction_notice_due_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5, 0)",
            )
            .bind(id)
            .bind(mco)
            .bind(rules::rule_table::FINE_CENTS)
            .bind(fined_on.to_string())
            .bind(rules::timeline::sanction_notice_due_on(fined_on).to_string())
            .execute(&mut *tx)
            .await
            .unwrap();
        }
    }
    tx.commit().await.unwrap();
    let load_secs = loaded.elapsed().as_secs_f64();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = AppState::new(pool.clone(), dir.path().join("no-dist"));
    tokio::spawn(portal_server::serve(
        listener,
        state,
        std::future::pending(),
    ));
    let client = reqwest::Client::new();
    let url = format!("http://{addr}/api/statistics");
    let mut times: Vec<f64> = Vec::new();
    for run in 0..=runs {
        let started = Instant::now();
        let response = client.get(&url).send().await.expect("an answer");
        assert!(response.status().is_success(), "{}", response.status());
        let body = response.bytes().await.unwrap();
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        if run == 0 {
            println!("warm-up: {ms:.0} ms ({} bytes)", body.len());
        } else {
            times.push(ms);
        }
    }
    times.sort_by(f64::total_cmp);
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    println!(
        "GET /api/statistics over {count} tickets: median {median:.0} ms of {runs} runs \
         (fastest {:.0} ms, slowest {:.0} ms); loading the tickets took {load_secs:.1} s",
        times.first().copied().unwrap_or_default(),
        times.last().copied().unwrap_or_default()
    );
    if let Some(path) = arg(&args, "--json") {
        let json = serde_json::json!({
            "tickets": count,
            "runs_ms": times,
            "median_ms": median,
            "load_seconds": load_secs,
        });
        std::fs::write(path, json.to_string()).expect("the JSON written");
    }
}
