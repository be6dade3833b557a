//! `GET /api/statistics` and `GET /api/statistics.csv` (public): the counts against the ones the
//! test computes from the tickets it made; the period filter; the CSV read back with `csv`.

use chrono::{Datelike, NaiveDate};
use portal_server::clocks::run_once;
use rules::wire::statistics::CSV_HEADING;
use serde_json::Value;

use crate::helpers::tickets::{insert_ticket, world, World};
use crate::helpers::{days_ago, today};

/// What the test expects of one ticket it made.
struct Made {
    mco: &'static str,
    complaint_type: &'static str,
    submitted_on: NaiveDate,
    closed: bool,
    overdue: bool,
    outcome: Option<&'static str>,
    on_time: Option<bool>,
    days_to_response: Option<i64>,
}

const AETNA: &str = "Aetna Better Health of Illinois";
const MOLINA: &str = "Molina Healthcare of Illinois";

async fn make(w: &World, status: &str, made: &Made, events: &[(&str, NaiveDate)]) -> i64 {
    let id = insert_ticket(w, status, events).await;
    sqlx::query(
        "UPDATE tickets SET mco_id = (SELECT id FROM mcos WHERE name = $1), complaint_type = $2, \
         response_outcome = $3, submitted_on = $4 WHERE id = $5",
    )
    .bind(made.mco)
    .bind(made.complaint_type)
    .bind(made.outcome)
    .bind(made.submitted_on.to_string())
    .bind(id)
    .execute(&w.app.pool)
    .await
    .unwrap();
    id
}

/// Six tickets (and a draft, which never counts): open, overdue for HFS and for the MCO, answered
/// on time (upheld), closed (overturned). Each with what the test expects of it.
async fn tickets(w: &World) -> Vec<Made> {
    let draft = insert_ticket(w, "draft", &[]).await;
    assert!(draft > 0);
    let mut made = Vec::new();

    let m = Made {
        mco: AETNA,
        complaint_type: "claims_payment",
        submitted_on: today(),
        closed: false,
        overdue: false,
        outcome: None,
        on_time: None,
        days_to_response: None,
    };
    make(w, "submitted", &m, &[]).await;
    made.push(m);

    // Not presented within 10 business days: overdue, owed by HFS.
    let m = Made {
        mco: MOLINA,
        complaint_type: "roster",
        submitted_on: days_ago(20),
        closed: false,
        overdue: true,
        outcome: None,
        on_time: None,
        days_to_response: None,
    };
    make(w, "submitted", &m, &[("mco_received_on", days_ago(50))]).await;
    made.push(m);

    // The MCO's response is overdue (and fined by the clocks).
    let m = Made {
        mco: AETNA,
        complaint_type: "claims_payment",
        submitted_on: days_ago(41),
        closed: false,
        overdue: true,
        outcome: None,
        on_time: Some(false),
        days_to_response: None,
    };
    make(
        w,
        "with_mco",
        &m,
        &[
            ("mco_received_on", days_ago(75)),
            ("presented_on", days_ago(40)),
        ],
    )
    .await;
    made.push(m);

    // Answered on time, upheld; the provider's decision still to come.
    let m = Made {
        mco: AETNA,
        complaint_type: "eligibility",
        submitted_on: days_ago(21),
        closed: false,
        overdue: false,
        outcome: Some("upheld"),
        on_time: Some(true),
        days_to_response: Some(18),
    };
    make(
        w,
        "mco_responded",
        &m,
        &[
            ("mco_received_on", days_ago(55)),
            ("presented_on", days_ago(20)),
            ("mco_responded_on", days_ago(2)),
        ],
    )
    .await;
    made.push(m);

    // Overturned and accepted: closed.
    let m = Made {
        mco: MOLINA,
        complaint_type: "claims_payment",
        submitted_on: days_ago(40),
        closed: true,
        overdue: false,
        outcome: Some("overturned"),
        on_time: Some(true),
        days_to_response: Some(19),
    };
    let id = make(
        w,
        "closed",
        &m,
        &[
            ("mco_received_on", days_ago(70)),
            ("presented_on", days_ago(39)),
            ("mco_responded_on", days_ago(20)),
            ("provider_decided_on", days_ago(19)),
        ],
    )
    .await;
    sqlx::query(
        "UPDATE tickets SET provider_decision = 'accepted', closed_reason = 'accepted' WHERE id = $1",
    )
    .bind(id)
    .execute(&w.app.pool)
    .await
    .unwrap();
    made.push(m);
    made
}

fn n(value: &Value) -> u64 {
    value.as_u64().unwrap_or_else(|| panic!("a count: {value}"))
}

/// The row's `received`, `open`, `closed`, `overdue` against the tickets of `made` that `pick`s.
fn assert_counts(row: &Value, made: &[Made], pick: impl Fn(&Made) -> bool) {
    let mine: Vec<&Made> = made.iter().filter(|m| pick(m)).collect();
    let count = |f: &dyn Fn(&Made) -> bool| mine.iter().filter(|m| f(m)).count() as u64;
    assert_eq!(n(&row["received"]), mine.len() as u64, "{row}");
    assert_eq!(n(&row["open"]), count(&|m| !m.closed), "{row}");
    assert_eq!(n(&row["closed"]), count(&|m| m.closed), "{row}");
    assert_eq!(n(&row["overdue"]), count(&|m| m.overdue), "{row}");
}

/// The outcomes of a row of the totals or an MCO.
fn assert_outcomes(row: &Value, made: &[Made], pick: impl Fn(&Made) -> bool) {
    let mine: Vec<&Made> = made.iter().filter(|m| pick(m)).collect();
    let count = |f: &dyn Fn(&Made) -> bool| mine.iter().filter(|m| f(m)).count() as u64;
    assert_eq!(n(&row["upheld"]), count(&|m| m.outcome == Some("upheld")));
    assert_eq!(
        n(&row["overturned"]),
        count(&|m| m.outcome == Some("overturned"))
    );
    assert_eq!(
        n(&row["responses_on_time"]),
        count(&|m| m.on_time == Some(true))
    );
    assert_eq!(
        n(&row["responses_late"]),
        count(&|m| m.on_time == Some(false))
    );
    let mut days: Vec<i64> = mine.iter().filter_map(|m| m.days_to_response).collect();
    days.sort_unstable();
    let median = match days.len() {
        0 => Value::Null,
        len if len.is_multiple_of(2) => ((days[len / 2 - 1] + days[len / 2]) as f64 / 2.0).into(),
        len => (days[len / 2] as f64).into(),
    };
    assert_eq!(row["median_days_to_response"], median, "{row}");
}

#[tokio::test]
async fn the_statistics_match_the_tickets_made_without_signing_in() {
    let w = world().await;
    let made = tickets(&w).await;
    // The clocks fine the overdue response.
    let report = run_once(&w.app.state(), today()).await.unwrap();
    assert_eq!(report.fined.len(), 1, "{report:?}");

    let (status, stats) = w.app.get_json("/api/statistics").await;
    assert_eq!(status, 200, "{stats}");
    assert_eq!(stats["from"], Value::Null);
    assert_eq!(stats["to"], Value::Null);
    assert!(stats["generated_at"].as_str().unwrap().ends_with('Z'));

    assert_counts(&stats["totals"], &made, |_| true);
    assert_outcomes(&stats["totals"], &made, |_| true);
    assert_eq!(stats["totals"]["fines"], 1);
    assert_eq!(stats["totals"]["fines_cents"], 500_000);

    // Every MCO of the list, those without tickets too.
    let by_mco = stats["by_mco"].as_array().unwrap();
    assert_eq!(by_mco.len(), 5);
    for row in by_mco {
        let name = row["mco"].as_str().unwrap().to_owned();
        assert_counts(row, &made, |m| m.mco == name);
        assert_outcomes(row, &made, |m| m.mco == name);
        let fines = if name == AETNA { 1 } else { 0 };
        assert_eq!(row["fines"], fines, "{row}");
        assert_eq!(row["fines_cents"], fines * 500_000, "{row}");
    }

    let by_type = stats["by_complaint_type"].as_array().unwrap();
    assert_eq!(by_type.len(), 11);
    for row in by_type {
        let key = row["complaint_type"].as_str().unwrap().to_owned();
        assert!(!row["label"].as_str().unwrap().is_empty());
        assert_counts(row, &made, |m| m.complaint_type == key);
    }
    let claims = by_type
        .iter()
        .find(|r| r["complaint_type"] == "claims_payment")
        .unwrap();
    assert_eq!(claims["label"], "Claims/Payment");

    // The test's facility is a clinic.
    let by_provider = stats["by_provider_type"].as_array().unwrap();
    assert_eq!(by_provider.len(), 1, "{by_provider:?}");
    assert_eq!(by_provider[0]["provider_type"], "Clinic");
    assert_counts(&by_provider[0], &made, |_| true);

    // One row per month from the first ticket's month to this month.
    let by_month = stats["by_month"].as_array().unwrap();
    let first = made.iter().map(|m| m.submitted_on).min().unwrap();
    assert_eq!(
        by_month[0]["month"],
        format!("{:04}-{:02}", first.year(), first.month())
    );
    assert_eq!(
        by_month.last().unwrap()["month"],
        format!("{:04}-{:02}", today().year(), today().month())
    );
    for row in by_month {
        let month = row["month"].as_str().unwrap().to_owned();
        assert_counts(row, &made, |m| {
            format!("{:04}-{:02}", m.submitted_on.year(), m.submitted_on.month()) == month
        });
    }
}

#[tokio::test]
async fn the_period_counts_tickets_by_the_date_they_were_submitted() {
    let w = world().await;
    let made = tickets(&w).await;
    for (from, to) in [
        (days_ago(41), days_ago(20)),
        (today(), today()),
        (days_ago(40), days_ago(21)),
    ] {
        let (status, stats) = w
            .app
            .get_json(&format!("/api/statistics?from={from}&to={to}"))
            .await;
        assert_eq!(status, 200, "{stats}");
        assert_eq!(stats["from"], from.to_string());
        assert_eq!(stats["to"], to.to_string());
        assert_counts(&stats["totals"], &made, |m| {
            m.submitted_on >= from && m.submitted_on <= to
        });
        let months = stats["by_month"].as_array().unwrap();
        assert_eq!(
            months[0]["month"],
            format!("{:04}-{:02}", from.year(), from.month())
        );
    }

    // A period of one quarter lists its three months, even empty.
    let (_, stats) = w
        .app
        .get_json("/api/statistics?from=2020-01-01&to=2020-03-31")
        .await;
    assert_eq!(stats["totals"]["received"], 0);
    let months: Vec<&str> = stats["by_month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2020-01", "2020-02", "2020-03"]);
    assert_eq!(stats["by_mco"].as_array().unwrap().len(), 5);

    for (query, field) in [
        ("from=2026-02-30", "from"),
        ("from=2026-04-01&to=2026-03-31", "to"),
        ("rin=123456789", "rin"),
        ("from=2026-01-01&from=2026-02-01", "from"),
    ] {
        let (status, body) = w.app.get_json(&format!("/api/statistics?{query}")).await;
        assert_eq!(status, 422, "{query}: {body}");
        assert!(body["errors"][field].is_array(), "{query}: {body}");
    }
}

#[tokio::test]
async fn the_csv_reads_back_as_the_same_numbers() {
    let w = world().await;
    let made = tickets(&w).await;
    // A name with a comma and quotes is quoted as RFC 4180 says.
    sqlx::query("UPDATE mcos SET name = 'Meridian, \"Test\" Plan' WHERE name = $1")
        .bind("Meridian Health Plan of Illinois")
        .execute(&w.app.pool)
        .await
        .unwrap();

    let (_, stats) = w.app.get_json("/api/statistics").await;
    let response = w.app.get("/api/statistics.csv").await;
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    let text = response.text().await.unwrap();
    assert!(text.contains("\r\n"), "CRLF line ends");

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let heading: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(heading, CSV_HEADING);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let column = |name: &str| CSV_HEADING.iter().position(|h| *h == name).unwrap();
    let of = |dimension: &str| -> Vec<&csv::StringRecord> {
        rows.iter().filter(|r| &r[0] == dimension).collect()
    };

    let totals = of("total");
    assert_eq!(totals.len(), 1);
    for name in [
        "received",
        "open",
        "closed",
        "overdue",
        "upheld",
        "overturned",
    ] {
        assert_eq!(
            totals[0][column(name)].parse::<u64>().unwrap(),
            n(&stats["totals"][name]),
            "{name}"
        );
    }
    assert_eq!(
        totals[0][column("received")].parse::<usize>().unwrap(),
        made.len()
    );

    let mcos = of("mco");
    assert_eq!(mcos.len(), 5);
    for (row, json) in mcos.iter().zip(stats["by_mco"].as_array().unwrap()) {
        assert_eq!(&row[1], json["mco"].as_str().unwrap());
        assert_eq!(
            row[column("received")].parse::<u64>().unwrap(),
            n(&json["received"])
        );
    }
    assert!(mcos.iter().any(|r| &r[1] == "Meridian, \"Test\" Plan"));
    assert_eq!(of("complaint_type").len(), 11);
    assert_eq!(of("provider_type").len(), 1);
    assert_eq!(
        of("month").len(),
        stats["by_month"].as_array().unwrap().len()
    );
    assert_eq!(
        rows.len(),
        1 + 5 + 11 + 1 + stats["by_month"].as_array().unwrap().len()
    );
    // The period is on every row.
    assert!(rows.iter().all(|r| &r[column("period")] == "all"));

    // The same filters as the JSON.
    let (status, _) = w.app.get_json("/api/statistics.csv?from=2026-13-01").await;
    assert_eq!(status, 422);
}
