use serde_json::{json, Value};

use crate::helpers::spawn_app;

fn dates(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|h| h["date"].as_str().expect("a date"))
        .collect()
}

#[tokio::test]
async fn holidays_2026_are_the_observed_days_in_order() {
    let app = spawn_app().await;
    let response = app.get("/api/calendar/holidays?year=2026").await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.unwrap();

    let expected = [
        "2026-01-01",
        "2026-01-19",
        "2026-02-12",
        "2026-02-16",
        "2026-05-25",
        "2026-06-19",
        "2026-07-03",
        "2026-09-07",
        "2026-10-12",
        "2026-11-03",
        "2026-11-11",
        "2026-11-26",
        "2026-11-27",
        "2026-12-25",
    ];
    assert_eq!(dates(&body), expected);
    assert_eq!(
        body[0],
        json!({"date": "2026-01-01", "name": "New Year's Day"})
    );
    for holiday in body.as_array().unwrap() {
        let keys: Vec<&String> = holiday.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["date", "name"]);
        assert!(!holiday["name"].as_str().unwrap().is_empty());
    }
    let name_of = |date: &str| {
        body.as_array()
            .unwrap()
            .iter()
            .find(|h| h["date"] == date)
            .map(|h| h["name"].as_str().unwrap().to_owned())
            .unwrap()
    };
    assert!(name_of("2026-07-03").contains("Independence Day"));
    assert!(name_of("2026-11-03").contains("Election"));
    assert!(name_of("2026-12-25").contains("Christmas"));
}

#[tokio::test]
async fn new_years_day_2022_is_observed_in_2021() {
    let app = spawn_app().await;
    let (status, body_2021) = app.get_json("/api/calendar/holidays?year=2021").await;
    assert_eq!(status, 200);
    let last = body_2021.as_array().unwrap().last().unwrap();
    assert_eq!(last["date"], "2021-12-31");
    assert!(last["name"].as_str().unwrap().contains("New Year"));

    let (status, body_2022) = app.get_json("/api/calendar/holidays?year=2022").await;
    assert_eq!(status, 200);
    let dates_2022 = dates(&body_2022);
    assert!(!dates_2022.contains(&"2022-01-01"));
    assert!(dates_2022.iter().all(|d| d.starts_with("2022-")));
}

#[tokio::test]
async fn a_year_out_of_range_or_not_a_number_is_refused() {
    let app = spawn_app().await;
    for query in [
        "?year=1989",
        "?year=2101",
        "?year=abc",
        "",
        "?year=",
        "?year=2026.0",
    ] {
        let (status, body) = app
            .get_json(&format!("/api/calendar/holidays{query}"))
            .await;
        assert_eq!(status, 422, "{query}");
        let errors = body["errors"].as_object().expect("errors object");
        assert_eq!(errors.keys().collect::<Vec<_>>(), ["year"], "{query}");
        let messages = errors["year"].as_array().unwrap();
        assert!(
            !messages.is_empty()
                && messages
                    .iter()
                    .all(|m| m.as_str().is_some_and(|m| !m.is_empty()))
        );
    }
    let (status, _) = app.get_json("/api/calendar/holidays?year=1990").await;
    assert_eq!(status, 200);
    let (status, _) = app.get_json("/api/calendar/holidays?year=2100").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn an_unknown_parameter_is_refused_by_name() {
    let app = spawn_app().await;
    let (status, body) = app
        .get_json("/api/calendar/holidays?year=2026&state=IL")
        .await;
    assert_eq!(status, 422);
    let errors = body["errors"].as_object().unwrap();
    assert_eq!(errors.keys().collect::<Vec<_>>(), ["state"]);
}

#[tokio::test]
async fn hfs_changes_are_applied() {
    let app = spawn_app().await;
    sqlx::query(
        "INSERT INTO calendar_changes (date, kind, name) VALUES ($1, 'add', $2), ($3, 'remove', NULL)",
    )
    .bind("2026-12-24")
    .bind("Governor's proclamation")
    .bind("2026-10-12")
    .execute(&app.pool)
    .await
    .unwrap();

    let (status, body) = app.get_json("/api/calendar/holidays?year=2026").await;
    assert_eq!(status, 200);
    let list = dates(&body);
    assert!(!list.contains(&"2026-10-12"), "Columbus Day removed");
    let christmas_eve = body
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["date"] == "2026-12-24")
        .expect("the added day");
    assert_eq!(christmas_eve["name"], "Governor's proclamation");
    let mut sorted = list.clone();
    sorted.sort();
    assert_eq!(list, sorted, "still in date order");
    assert_eq!(list.len(), 14);
}

#[tokio::test]
async fn the_table_refuses_bad_rows() {
    let app = spawn_app().await;
    for (date, kind) in [
        ("2026-02-30", "add"),
        ("2026-2-3", "add"),
        ("2026-12-24", "move"),
    ] {
        let inserted =
            sqlx::query("INSERT INTO calendar_changes (date, kind, name) VALUES ($1, $2, 'x')")
                .bind(date)
                .bind(kind)
                .execute(&app.pool)
                .await;
        assert!(inserted.is_err(), "{date} {kind}");
    }
}
