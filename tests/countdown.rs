//! The countdown component in a real browser: words, thresholds, what screen readers hear.

mod support;

use chrono::NaiveDate;
use leptos::prelude::*;
use portal_app::clock::Clock;
use portal_app::components::Countdown;
use rules::countdown::Kind;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[wasm_bindgen_test]
async fn says_how_long_is_left_and_announces_only_thresholds() {
    // 19:59:00 CDT on Sunday, October 18, 2026 is 00:59:00 UTC on the 19th.
    let now = RwSignal::new(utc_ms(2026, 10, 19, 0, 59, 0));
    let root = container();
    let _handle = mount_to(root.clone(), move || {
        provide_context(Clock(now.into()));
        view! { <Countdown kind=Kind::Deadline date=d(2026, 10, 30) /> }
    });
    settle().await;
    let visible = || text(&root, ".countdown > span:first-child");
    let spoken = || text(&root, ".countdown [aria-live=polite]");
    assert_eq!(visible(), "12 days 4 hours left");
    assert_eq!(spoken(), "", "nothing is read out on arrival");

    // Ticking on does not speak.
    for second in 1..=3 {
        now.set(utc_ms(2026, 10, 19, 0, 59, second));
        settle().await;
        assert_eq!(spoken(), "");
    }

    // 20:40 CDT on the due day: due today, announced once.
    now.set(utc_ms(2026, 10, 31, 1, 40, 0));
    settle().await;
    assert_eq!(
        visible(),
        "Due today by 11:59 p.m. Central time (3 hours 19 minutes left)"
    );
    assert_eq!(spoken(), "Due today by 11:59 p.m. Central time.");
    assert!(find(&root, ".countdown > span:first-child")
        .class_name()
        .contains("border-warning"));

    // Past 23:59:59 Illinois time: overdue, in words and in red.
    now.set(utc_ms(2026, 10, 31, 5, 0, 0));
    settle().await;
    assert_eq!(visible(), "1 day overdue");
    assert_eq!(spoken(), "The deadline has passed.");
    assert!(find(&root, ".countdown > span:first-child")
        .class_name()
        .contains("text-error"));
}

#[wasm_bindgen_test]
async fn counts_to_illinois_midnight_not_the_browsers() {
    // 03:00 UTC on October 31 is still 22:00 on October 30 in Illinois: due today, not overdue,
    // whatever time zone the browser is in.
    let now = RwSignal::new(utc_ms(2026, 10, 31, 3, 0, 0));
    let root = container();
    let _handle = mount_to(root.clone(), move || {
        provide_context(Clock(now.into()));
        view! { <Countdown kind=Kind::Deadline date=d(2026, 10, 30) /> }
    });
    settle().await;
    assert_eq!(
        text(&root, ".countdown > span:first-child"),
        "Due today by 11:59 p.m. Central time (1 hour 59 minutes left)"
    );
}

#[wasm_bindgen_test]
async fn a_window_opens_at_illinois_midnight() {
    let now = RwSignal::new(utc_ms(2026, 10, 15, 4, 30, 0)); // 23:30 CDT on October 14
    let root = container();
    let _handle = mount_to(root.clone(), move || {
        provide_context(Clock(now.into()));
        view! { <Countdown kind=Kind::WindowOpens date=d(2026, 10, 15) /> }
    });
    settle().await;
    assert_eq!(
        text(&root, ".countdown > span:first-child"),
        "Opens in 30 minutes 0 seconds"
    );
    now.set(utc_ms(2026, 10, 15, 5, 0, 0));
    settle().await;
    assert_eq!(text(&root, ".countdown > span:first-child"), "Open now");
    assert_eq!(
        text(&root, ".countdown [aria-live=polite]"),
        "The filing window is now open."
    );
}
