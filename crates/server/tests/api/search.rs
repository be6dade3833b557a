//! Search (`GET /api/tickets?q=`): by ticket number, MCO tracking number (the ticket's or a
//! claim's) or claim number, exact or by prefix, ignoring case, spaces and dashes; only within
//! what the session may see.

use serde_json::Value;

use crate::helpers::tickets::{present, provider, staff, submit_ticket, ticket_id, AETNA};
use crate::helpers::{spawn_app, RIN};

fn numbers(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|t| t["number"].as_str().unwrap().to_owned())
        .collect()
}

fn q(term: &str) -> String {
    let encoded: String = form_urlencoded::byte_serialize(term.as_bytes()).collect();
    format!("/api/tickets?q={encoded}")
}

#[tokio::test]
async fn a_provider_finds_its_tickets_by_number_tracking_and_claim_numbers() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let mine = submit_ticket(&app, &p1, AETNA).await;
    let other = submit_ticket(&app, &p1, AETNA).await;
    let number = mine["summary"]["number"].as_str().unwrap().to_owned();
    let id = ticket_id(&mine);
    sqlx::query("UPDATE tickets SET tracking_number = 'AET-7788-XY' WHERE id = $1")
        .bind(id)
        .execute(&app.pool)
        .await
        .unwrap();

    // The number exactly, in lower case with spaces, and by prefix.
    for term in [
        number.clone(),
        number.to_lowercase().replace('-', " "),
        number[..12].to_owned(),
    ] {
        let (status, list) = app.get_with(&p1.client, &q(&term)).await;
        assert_eq!(status, 200, "{list}");
        assert!(numbers(&list).contains(&number), "{term}: {list}");
    }
    let (_, list) = app.get_with(&p1.client, &q(&number)).await;
    assert_eq!(numbers(&list), vec![number.clone()]);
    // The tracking number, ignoring case and dashes, and a prefix of it.
    for term in ["aet7788xy", "AET-7788", " aet 7788 - xy "] {
        let (_, list) = app.get_with(&p1.client, &q(term)).await;
        assert_eq!(numbers(&list), vec![number.clone()], "{term}");
    }
    // The claim number of both tickets (the same form).
    let (_, list) = app.get_with(&p1.client, &q("clm 778899")).await;
    assert_eq!(list.as_array().unwrap().len(), 2);
    // A claim's numbers on a template ticket.
    let other_id = ticket_id(&other);
    sqlx::query(
        "INSERT INTO ticket_claims (ticket_id, row_number, member_first_name, member_last_name, \
         rin, rin_last4, service_from, service_to, claim_number, billed_cents, paid_cents, \
         tracking_number, mco_received_on, issue) VALUES ($1, 2, 'A', 'B', '123456789', '6789', \
         '2026-01-01', '2026-01-02', 'ZC-5501', 100, 0, 'TRK-9911', '2026-01-03', 'x')",
    )
    .bind(other_id)
    .execute(&app.pool)
    .await
    .unwrap();
    let other_number = other["summary"]["number"].as_str().unwrap().to_owned();
    for term in ["zc5501", "trk-99"] {
        let (_, list) = app.get_with(&p1.client, &q(term)).await;
        assert_eq!(numbers(&list), vec![other_number.clone()], "{term}");
    }
    // Nothing matches: an empty list. A blank term is no filter.
    let (status, list) = app.get_with(&p1.client, &q("NOPE-404")).await;
    assert_eq!(status, 200);
    assert_eq!(list, serde_json::json!([]));
    let (_, list) = app.get_with(&p1.client, &q("  ")).await;
    assert_eq!(list.as_array().unwrap().len(), 2);
    // Not by member name or RIN.
    let (_, list) = app.get_with(&p1.client, &q("Rivera")).await;
    assert_eq!(list, serde_json::json!([]));
    let (_, list) = app.get_with(&p1.client, &q(RIN)).await;
    assert_eq!(list, serde_json::json!([]));
}

#[tokio::test]
async fn a_search_finds_only_what_the_session_may_see() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let p2 = provider(&app, "provider2").await;
    let theirs = submit_ticket(&app, &p2, AETNA).await;
    let number = theirs["summary"]["number"].as_str().unwrap().to_owned();

    // Another facility's ticket, by its exact number and its tracking number: nothing.
    for term in [number.as_str(), "AET-2026-0001"] {
        let (status, list) = app.get_with(&p1.client, &q(term)).await;
        assert_eq!(status, 200);
        assert_eq!(list, serde_json::json!([]), "{term}");
    }
    // Its owner finds it.
    let (_, list) = app.get_with(&p2.client, &q(&number)).await;
    assert_eq!(numbers(&list), vec![number.clone()]);
    // An MCO user sees it once presented to their MCO, HFS always.
    let mco = staff(&app, "aetna1", "mco", Some(AETNA)).await;
    let (_, list) = app.get_with(&mco, &q(&number)).await;
    assert_eq!(list, serde_json::json!([]));
    present(&app, ticket_id(&theirs)).await;
    let (_, list) = app.get_with(&mco, &q(&number)).await;
    assert_eq!(numbers(&list), vec![number.clone()]);
    let hfs = staff(&app, "hfs1", "hfs_staff", None).await;
    let (_, list) = app.get_with(&hfs, &q(&number)).await;
    assert_eq!(numbers(&list), vec![number]);
}
