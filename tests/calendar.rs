//! The app computes with HFS's calendar changes that the server puts in the page.

mod support;

use chrono::NaiveDate;
use leptos::prelude::*;
use portal_app::clock::{provide_calendar, use_calendar};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn reads_hfs_changes_from_the_page() {
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let calendar = Owner::new().with(|| {
        provide_calendar();
        use_calendar()
    });
    assert!(
        calendar.is_business_day(d(12, 24)),
        "no block in the page: the standard calendar"
    );
    assert!(!calendar.is_business_day(d(10, 12)));

    let block = document().create_element("script").unwrap();
    block.set_attribute("type", "text/plain").unwrap();
    block.set_id("calendar-changes");
    block.set_text_content(Some(
        "2026-10-12 remove\n2026-12-24 add Governor's proclamation",
    ));
    document().head().unwrap().append_child(&block).unwrap();
    let calendar = Owner::new().with(|| {
        provide_calendar();
        use_calendar()
    });
    block.remove();
    assert!(!calendar.is_business_day(d(12, 24)));
    assert_eq!(
        calendar.holiday_name(d(12, 24)).as_deref(),
        Some("Governor's proclamation")
    );
    assert!(calendar.is_business_day(d(10, 12)));
}
