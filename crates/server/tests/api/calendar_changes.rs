//! HFS's calendar changes: made with the `portal-server calendar` commands (the built binary, on
//! the running app's database file) or directly in the table, seen at once by every endpoint.

use std::process::{Command, Output};

use serde_json::{json, Value};

use crate::helpers::{spawn_app, TestApp};

/// Runs `portal-server calendar ARGS --database-url <the app's database>`.
fn calendar(app: &TestApp, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .arg("calendar")
        .args(args)
        .arg("--database-url")
        .arg(&app.database_url)
        .env("NO_COLOR", "1")
        .output()
        .expect("the server binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn dates(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|h| h["date"].as_str().expect("a date"))
        .collect()
}

async fn present_to_mco_due(app: &TestApp) -> Value {
    let (status, answer) = app
        .post_json(
            "/api/timeline",
            &json!({"mco_received_on": "2026-01-05", "submitted_on": "2026-02-10",
                    "today": "2026-02-11"}),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    let present = answer["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["key"] == "present_to_mco")
        .expect("present_to_mco")
        .clone();
    present["due_on"].clone()
}

#[tokio::test]
async fn the_command_line_changes_what_the_running_server_answers() {
    let app = spawn_app().await;
    let response = app.get("/api/calendar/changes").await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(response.json::<Value>().await.unwrap(), json!([]));
    assert_eq!(present_to_mco_due(&app).await, "2026-02-26");

    let added = calendar(&app, &["add", "2026-12-24", "Governor's proclamation"]);
    assert!(added.status.success(), "{}", stderr(&added));
    assert!(
        stdout(&added).contains("Thursday, December 24, 2026"),
        "{}",
        stdout(&added)
    );
    let removed = calendar(&app, &["remove", "2026-10-12"]);
    assert!(removed.status.success(), "{}", stderr(&removed));
    assert!(stdout(&removed).contains("Columbus Day"));

    let (status, changes) = app.get_json("/api/calendar/changes").await;
    assert_eq!(status, 200);
    assert_eq!(
        changes,
        json!([
            {"kind": "remove", "date": "2026-10-12"},
            {"kind": "add", "date": "2026-12-24", "name": "Governor's proclamation"}
        ])
    );

    let (status, holidays) = app.get_json("/api/calendar/holidays?year=2026").await;
    assert_eq!(status, 200);
    let list = dates(&holidays);
    assert!(!list.contains(&"2026-10-12"));
    assert!(list.contains(&"2026-12-24"));

    let listed = calendar(&app, &["list"]);
    assert!(listed.status.success());
    let text = stdout(&listed);
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("2026-")).collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("2026-10-12") && lines[0].contains("remove"));
    assert!(lines[1].starts_with("2026-12-24") && lines[1].contains("Governor's proclamation"));

    // A closure on the due date of present_to_mco (Thursday, February 26) pushes it a day.
    let closure = calendar(&app, &["add", "2026-02-26", "Governor's proclamation"]);
    assert!(closure.status.success(), "{}", stderr(&closure));
    assert_eq!(present_to_mco_due(&app).await, "2026-02-27");
    // Withdrawn: back as it was.
    let withdrawn = calendar(&app, &["remove", "2026-02-26"]);
    assert!(withdrawn.status.success(), "{}", stderr(&withdrawn));
    assert_eq!(present_to_mco_due(&app).await, "2026-02-26");
}

#[tokio::test]
async fn the_command_line_refuses_bad_input_clearly() {
    let app = spawn_app().await;
    for (args, says) in [
        (
            &["add", "2026-02-30", "Governor's proclamation"][..],
            "real date",
        ),
        (
            &["add", "2026-2-3", "Governor's proclamation"],
            "YYYY-MM-DD",
        ),
        (&["add", "2101-01-02", "Governor's proclamation"], "2100"),
        (&["add", "2026-12-24", "  "], "name"),
        (&["add", "2026-12-24"], "NAME"),
        (&["add", "2026-12-26", "Governor's proclamation"], "weekend"),
        (
            &["add", "2026-12-25", "Governor's proclamation"],
            "already a State holiday",
        ),
        (&["remove", "2026-12-23"], "nothing to remove"),
        (&["move", "2026-12-23"], "move"),
    ] {
        let output = calendar(&app, args);
        assert!(!output.status.success(), "{args:?}");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let message = stderr(&output);
        assert!(message.contains(says), "{args:?}: {message}");
    }
    // Nothing was stored.
    let (_, changes) = app.get_json("/api/calendar/changes").await;
    assert_eq!(changes, json!([]));
    let listed = calendar(&app, &["list"]);
    assert!(listed.status.success());
    assert!(stdout(&listed).contains("No changes"));
}

#[tokio::test]
async fn changes_stored_in_the_table_are_used_everywhere() {
    let app = spawn_app().await;
    // Warm the cache with the standard calendar first.
    assert_eq!(present_to_mco_due(&app).await, "2026-02-26");
    // Presidents Day (Monday, February 16) removed: one more business day, due a day earlier.
    sqlx::query(
        "INSERT INTO calendar_changes (date, kind, name) VALUES ('2026-02-16', 'remove', NULL)",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    assert_eq!(present_to_mco_due(&app).await, "2026-02-25");

    let (status, changes) = app.get_json("/api/calendar/changes").await;
    assert_eq!(status, 200);
    assert_eq!(changes, json!([{"kind": "remove", "date": "2026-02-16"}]));

    // The eligibility check uses the same calendar (its dates are not moved, so only its status).
    let (status, _) = app
        .post_json(
            "/api/eligibility",
            &json!({"mco_received_on": "2026-09-15", "today": "2026-10-20", "program": "medicaid",
                    "has_tracking_number": true, "internal_process_exhausted": true,
                    "prior_authorization_not_obtained": false}),
        )
        .await;
    assert_eq!(status, 200);

    // An added closure without a name gets a generic one.
    sqlx::query(
        "INSERT INTO calendar_changes (date, kind, name) VALUES ('2026-12-24', 'add', NULL)",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let (_, changes) = app.get_json("/api/calendar/changes").await;
    assert_eq!(changes[1]["kind"], "add");
    assert_eq!(changes[1]["date"], "2026-12-24");
    assert!(!changes[1]["name"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn the_changes_endpoint_takes_no_parameters() {
    let app = spawn_app().await;
    let (status, body) = app.get_json("/api/calendar/changes?year=2026").await;
    assert_eq!(status, 422);
    let errors = body["errors"].as_object().unwrap();
    assert_eq!(errors.keys().collect::<Vec<_>>(), ["year"]);
}

#[tokio::test]
async fn the_app_page_carries_the_changes_for_the_browser() {
    let app = spawn_app().await;
    let page = app.get("/deadlines/calculator").await.text().await.unwrap();
    assert!(
        !page.contains("calendar-changes"),
        "no block without changes"
    );
    sqlx::query(
        "INSERT INTO calendar_changes (date, kind, name) VALUES ('2026-12-24', 'add', 'Governor''s proclamation'), ('2026-10-12', 'remove', NULL)",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let response = app.get("/deadlines/calculator").await;
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let page = response.text().await.unwrap();
    let block = r#"<script type="text/plain" id="calendar-changes">2026-10-12 remove
2026-12-24 add Governor's proclamation</script></head>"#;
    assert!(page.contains(block), "{page}");
    // A data block is never run: the CSP stays as it was (no hash for it, nothing inline allowed).
    assert!(!csp.contains("unsafe-inline"));
}
