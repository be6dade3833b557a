//! The deadline calculator in a real browser: a ticket's events in, every clock out, and the
//! engine's problems shown the GOV.UK way.

mod support;

use leptos::prelude::*;
use portal_app::clock::Clock;
use portal_app::pages::deadlines::{problem_words, Calculator};
use rules::money::dollars;
use support::*;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// Sunday, March 1, 2026, 12:00 noon in Illinois (CST, UTC-6): the api.md example's "today".
fn noon_1_march() -> i64 {
    utc_ms(2026, 3, 1, 18, 0, 0)
}

fn mount_calculator(now: i64) -> (HtmlElement, impl Sized) {
    let root = container();
    let handle = mount_to(root.clone(), move || {
        provide_context(Clock(Signal::stored(now)));
        view! { <Calculator /> }
    });
    (root, handle)
}

/// Types a date into its three fields, in their order: month, day, year.
fn fill_date(root: &HtmlElement, id: &str, [month, day, year]: [&str; 3]) {
    type_into(root, &format!("#{id}-month"), month);
    type_into(root, &format!("#{id}-day"), day);
    type_into(root, &format!("#{id}-year"), year);
}

async fn calculate(root: &HtmlElement) {
    find(root, "form button[type=submit]").click();
    settle().await;
}

/// The cells of a clock's row, joined by " | ".
fn row(root: &HtmlElement, key: &str) -> String {
    cells(root, &format!("tr[data-clock={key}] > *")).join(" | ")
}

/// The text of every element `selector` matches, in order.
fn cells(root: &HtmlElement, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| squeeze(&list.item(i).unwrap().text_content().unwrap()))
        .collect()
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_has(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected {needle:?} in {haystack:?}"
    );
}

/// The api.md example: received 5 1 2026, submitted 10 2 2026, presented 20 2 2026.
fn fill_api_example(root: &HtmlElement) {
    fill_date(root, "received", ["1", "5", "2026"]);
    fill_date(root, "submitted", ["2", "10", "2026"]);
    fill_date(root, "presented", ["2", "20", "2026"]);
}

#[wasm_bindgen_test]
async fn works_out_the_api_example() {
    let (root, _handle) = mount_calculator(noon_1_march());
    settle().await;
    assert_eq!(root.query_selector_all("h1").unwrap().length(), 1, "one h1");
    assert_eq!(text(&root, "h1"), "Deadline calculator");
    assert!(
        root.query_selector("#result-heading").unwrap().is_none(),
        "no result before Calculate"
    );

    fill_api_example(&root);
    calculate(&root).await;

    assert!(
        root.query_selector("[aria-labelledby=error-summary-title]")
            .unwrap()
            .is_none(),
        "no error summary"
    );
    assert_eq!(text(&root, "#ticket-status"), "With the MCO");
    assert_has(
        &squeeze(&text(&root, "section")),
        "Worked out for today, Sunday, March 1, 2026, in Illinois.",
    );

    assert_eq!(
        row(&root, "present_to_mco"),
        "HFS presents the ticket to the MCO | HFS | Thursday, February 26, 2026 | Met on Friday, February 20, 2026"
    );

    let response = row(&root, "mco_response");
    assert_has(&response, "The MCO");
    assert_has(&response, "Monday, March 23, 2026");
    assert_has(&response, "Due by the end of Monday, March 23, 2026");
    // 12:00 CST on March 1 to 23:59:59 CDT on March 23.
    assert_eq!(
        text(
            &root,
            "tr[data-clock=mco_response] .countdown > span:first-child"
        ),
        "22 days 10 hours left"
    );

    let info = row(&root, "mco_info_request");
    assert_has(&info, "Friday, February 27, 2026");
    assert_has(
        &info,
        "Not used: the MCO could ask until Friday, February 27, 2026",
    );
    assert_has(&info, "The MCO can no longer ask.");
    assert!(
        root.query_selector("tr[data-clock=mco_info_request] .countdown")
            .unwrap()
            .is_none(),
        "a missed clock has no countdown"
    );

    let extension = row(&root, "extension_request");
    assert_has(&extension, "The MCO or you");
    assert_has(&extension, "Sunday, March 15, 2026");

    assert_has(
        &row(&root, "filing_window_opens"),
        "Met: filed on Tuesday, February 10, 2026",
    );
    assert_has(&row(&root, "filing_window_closes"), "Friday, March 6, 2026");
    assert_eq!(
        root.query_selector_all("tr[data-clock]").unwrap().length(),
        6
    );
    assert_has(&text(&root, "section"), "No fines");
}

#[wasm_bindgen_test]
async fn a_late_response_shows_the_fine() {
    let (root, _handle) = mount_calculator(noon_1_march());
    settle().await;
    fill_api_example(&root);
    fill_date(&root, "responded", ["3", "25", "2026"]);
    fill_date(&root, "as-of", ["4", "1", "2026"]);
    calculate(&root).await;
    assert_has(
        &squeeze(&text(&root, "section")),
        "Worked out as of Wednesday, April 1, 2026.",
    );
    assert_eq!(text(&root, "#ticket-status"), "MCO responded");
    assert_has(
        &row(&root, "mco_response"),
        "Missed: done late, on Wednesday, March 25, 2026",
    );
    assert_eq!(
        cells(&root, "tr[data-fine] td"),
        [
            "$5,000.00",
            "Tuesday, March 24, 2026",
            "Thursday, April 30, 2026"
        ]
    );
    let decision = row(&root, "provider_decision");
    assert_has(&decision, "You (the provider)");
    assert_has(&decision, "Wednesday, April 1, 2026");
}

#[wasm_bindgen_test]
async fn a_response_before_the_presentation_is_refused_in_words() {
    let (root, _handle) = mount_calculator(noon_1_march());
    settle().await;
    fill_api_example(&root);
    fill_date(&root, "responded", ["2", "15", "2026"]);
    calculate(&root).await;

    let want = "The date the MCO responded (Sunday, February 15, 2026) cannot be before the date HFS presented the ticket to the MCO (Friday, February 20, 2026)";
    let summary = find(&root, "[aria-labelledby=error-summary-title]");
    assert_eq!(text(&summary, "h2"), "There is a problem");
    let link = find(&summary, "a");
    assert_eq!(link.text_content().unwrap(), want);
    assert_eq!(link.get_attribute("href").unwrap(), "#responded-month");
    assert_eq!(text(&root, "#responded-error"), format!("Error: {want}"));
    assert!(find(&root, "#responded-day")
        .class_name()
        .contains("input-error"));
    assert!(
        root.query_selector("#result-heading").unwrap().is_none(),
        "no result while in error"
    );
    assert_eq!(
        value_of(&root, "#responded-day"),
        "15",
        "what was typed stays"
    );
    assert_eq!(value_of(&root, "#presented-day"), "20");
    assert!(document().title().starts_with("Error: Deadline calculator"));

    // Fixed, it calculates and the error goes.
    fill_date(&root, "responded", ["", "", ""]);
    calculate(&root).await;
    assert!(root.query_selector("#responded-error").unwrap().is_none());
    assert_eq!(text(&root, "#ticket-status"), "With the MCO");
    assert!(!document().title().starts_with("Error: "));
}

#[wasm_bindgen_test]
async fn dates_are_checked_before_the_engine_runs() {
    let (root, _handle) = mount_calculator(noon_1_march());
    settle().await;
    fill_date(&root, "submitted", ["2", "31", "2026"]);
    calculate(&root).await;
    assert_eq!(
        cells(&root, "[aria-labelledby=error-summary-title] a"),
        [
            "Enter the date the MCO received the dispute",
            "The date the ticket was submitted must be a real date: February 2026 has 28 days",
        ]
    );
    assert_eq!(value_of(&root, "#submitted-day"), "31");
}

#[wasm_bindgen_test]
fn the_engines_words_become_the_users() {
    assert_eq!(
        problem_words("submitted_on needs mco_received_on first"),
        "The date the ticket was submitted needs the date the MCO received the dispute first"
    );
    assert_eq!(
        problem_words("hfs_decided_on cannot be after today (2026-03-01)"),
        "The date HFS decided cannot be after today (Sunday, March 1, 2026)"
    );
    assert_eq!(dollars(500_000), "$5,000.00");
    assert_eq!(dollars(123_456_789), "$1,234,567.89");
    assert_eq!(dollars(5), "$0.05");
}
