//! `GET /api/tickets.csv`: the list as a spreadsheet (RFC 4180), read back with the `csv` crate.

use crate::helpers::tickets::{provider, submit_ticket, ticket_id, AETNA};
use crate::helpers::{spawn_app, today, RIN};

#[tokio::test]
async fn the_csv_is_the_list_with_the_rin_masked_and_formulas_escaped() {
    let app = spawn_app().await;
    let p1 = provider(&app, "provider1").await;
    let first = submit_ticket(&app, &p1, AETNA).await;
    let second = submit_ticket(&app, &p1, AETNA).await;
    sqlx::query(
        "UPDATE tickets SET tracking_number = '=HYPERLINK(\"http://x\",\"y\")' WHERE id = $1",
    )
    .bind(ticket_id(&first))
    .execute(&app.pool)
    .await
    .unwrap();
    sqlx::query("UPDATE facilities SET name = 'Lakeside, \"North\" Clinic' WHERE id = $1")
        .bind(p1.facility_id)
        .execute(&app.pool)
        .await
        .unwrap();

    let response = p1
        .client
        .get(app.url("/api/tickets.csv?sort=number"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        disposition,
        format!(
            "attachment; filename=\"tickets-{}.csv\"",
            today().format("%Y-%m-%d")
        )
    );
    let body = response.text().await.unwrap();
    assert!(body.ends_with("\r\n"));
    assert!(!body.contains(RIN), "the full RIN is never exported");
    assert!(!body.contains("Rivera"));

    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let headings: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(headings[0], "Ticket");
    assert_eq!(headings[5], "Recipient ID (last 4)");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][0], first["summary"]["number"].as_str().unwrap());
    assert_eq!(&rows[1][0], second["summary"]["number"].as_str().unwrap());
    assert_eq!(&rows[0][1], "Lakeside, \"North\" Clinic");
    assert_eq!(&rows[0][3], AETNA);
    assert_eq!(&rows[0][5], &RIN[5..]);
    assert_eq!(&rows[0][7], "'=HYPERLINK(\"http://x\",\"y\")");
    assert_eq!(&rows[1][7], "AET-2026-0001");
    assert_eq!(&rows[0][8], &today().format("%Y-%m-%d").to_string());
    assert_eq!(&rows[0][9], "HFS must present the ticket to the MCO");
    let due = &rows[0][10];
    assert_eq!(due.len(), 10);
    assert!(rules::dates::parse_iso_date(due).is_some(), "{due}");

    // The list's filters apply: q, status, and a bad one is a 422.
    let number = first["summary"]["number"].as_str().unwrap();
    let body = p1
        .client
        .get(app.url(&format!("/api/tickets.csv?q={number}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(body.lines().count(), 2, "{body}");
    let response = p1
        .client
        .get(app.url("/api/tickets.csv?status=closed"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.text().await.unwrap().lines().count(), 1);
    let response = p1
        .client
        .get(app.url("/api/tickets.csv?rin=987654321"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 422);

    // Another provider gets only the headings; no session, 401.
    let p2 = provider(&app, "provider2").await;
    let body = p2
        .client
        .get(app.url("/api/tickets.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(body.lines().count(), 1);
    assert_eq!(app.get("/api/tickets.csv").await.status().as_u16(), 401);
}
