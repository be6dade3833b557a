//! The three date fields in a real browser: what the user types stays, errors show GOV.UK style.

mod support;

use leptos::prelude::*;
use portal_app::components::DateInput;
use rules::forms::{parse_date_parts, DateError, DateFields, DateParts};
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn keeps_what_is_typed_and_shows_the_error_on_the_right_fields() {
    let parts = RwSignal::new(DateParts::default());
    let error = RwSignal::new(None::<DateError>);
    let root = container();
    let _handle = mount_to(root.clone(), move || {
        view! {
            <DateInput
                id="received"
                caption="Section"
                legend="When did the MCO receive your dispute?"
                hint="This is the day the MCO gave your dispute its tracking number."
                parts=parts
                error=error
            />
        }
    });
    settle().await;
    assert_eq!(
        text(&root, "legend h1"),
        "When did the MCO receive your dispute?"
    );
    assert!(
        root.query_selector("#received-error").unwrap().is_none(),
        "no error before Continue"
    );

    // The fields are Month, Day, Year, in that order, with the USWDS hint.
    let labels: Vec<String> = {
        let list = root.query_selector_all("fieldset label").unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().text_content().unwrap_or_default())
            .collect()
    };
    assert_eq!(labels, ["Month", "Day", "Year"]);
    let inputs = root.query_selector_all("fieldset input").unwrap();
    let ids: Vec<String> = (0..inputs.length())
        .map(|i| {
            inputs
                .item(i)
                .unwrap()
                .dyn_into::<web_sys::Element>()
                .unwrap()
                .id()
        })
        .collect();
    assert_eq!(ids, ["received-month", "received-day", "received-year"]);
    assert_eq!(
        text(&root, "#received-hint"),
        "This is the day the MCO gave your dispute its tracking number. For example: 4 28 2026"
    );

    type_into(&root, "#received-month", "feb");
    type_into(&root, "#received-day", "31");
    type_into(&root, "#received-year", "2026");
    settle().await;
    assert_eq!(parts.get_untracked(), DateParts::new("feb", "31", "2026"));

    // What the page does on Continue: check, then show the one most important error.
    let problem = parse_date_parts(
        &parts.get_untracked(),
        "the date the MCO received your dispute",
    )
    .unwrap_err();
    assert_eq!(
        problem.fields,
        DateFields {
            day: true,
            ..Default::default()
        }
    );
    error.set(Some(problem));
    settle().await;
    assert_eq!(
        text(&root, "#received-error"),
        "Error: The date the MCO received your dispute must be a real date: February 2026 has 28 \
         days"
    );
    assert_eq!(find(&root, "#received-error span").class_name(), "sr-only");
    let described = find(&root, "fieldset")
        .get_attribute("aria-describedby")
        .unwrap();
    assert_eq!(described, "received-hint received-error");
    // Only the day is wrong: only the day has the error border.
    for (id, wrong) in [
        ("#received-month", false),
        ("#received-day", true),
        ("#received-year", false),
    ] {
        assert_eq!(
            find(&root, id).class_name().contains("input-error"),
            wrong,
            "{id}"
        );
    }
    // The typed values are still there.
    assert_eq!(value_of(&root, "#received-day"), "31");
    assert_eq!(value_of(&root, "#received-month"), "feb");

    // Only the month is missing: only the month gets the red border.
    type_into(&root, "#received-month", "");
    settle().await;
    let problem = parse_date_parts(
        &parts.get_untracked(),
        "the date the MCO received your dispute",
    )
    .unwrap_err();
    error.set(Some(problem));
    settle().await;
    assert_eq!(
        text(&root, "#received-error"),
        "Error: The date the MCO received your dispute must include a month"
    );
    assert!(!find(&root, "#received-day")
        .class_name()
        .contains("input-error"));
    assert!(find(&root, "#received-month")
        .class_name()
        .contains("input-error"));
    assert_eq!(value_of(&root, "#received-year"), "2026");
}
