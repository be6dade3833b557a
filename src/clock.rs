//! One clock for the whole page: it ticks once a second and every countdown reads it.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use rules::calendar::Calendar;

/// The current instant, in milliseconds since the epoch (UTC).
#[derive(Clone, Copy)]
pub struct Clock(pub Signal<i64>);

impl Clock {
    pub fn now(&self) -> i64 {
        self.0.get()
    }

    /// Today's date in Illinois. It changes once a day, so what depends on it recomputes once a day.
    pub fn illinois_today(&self) -> Memo<chrono::NaiveDate> {
        let now = self.0;
        Memo::new(move |_| rules::illinois::today(now.get()))
    }
}

fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}

/// Starts the page's clock (call once, in the app's root).
pub fn provide_clock() {
    let (now, set_now) = signal(now_millis());
    set_interval(move || set_now.set(now_millis()), Duration::from_secs(1));
    provide_context(Clock(now.into()));
}

/// The page's clock; a fixed one when none was provided (a component rendered on its own).
pub fn use_clock() -> Clock {
    use_context::<Clock>().unwrap_or_else(|| Clock(Signal::stored(now_millis())))
}

/// The State calendar the app computes with.
#[derive(Clone)]
pub struct SharedCalendar(pub Arc<Calendar>);

/// The State calendar with HFS's changes (Governor's proclamations, days removed), which the server
/// embeds in the page as `<script type="text/plain" id="calendar-changes">` so the app computes with
/// the same calendar as the server from its first frame, without waiting on a request. Without it
/// (the app served by something else), the standard calendar.
pub fn provide_calendar() {
    let changes = document()
        .get_element_by_id("calendar-changes")
        .and_then(|el| el.text_content())
        .map(|text| rules::calendar::changes_from_lines(&text))
        .unwrap_or_default();
    provide_context(SharedCalendar(Arc::new(Calendar::with_changes(&changes))));
}

pub fn use_calendar() -> Arc<Calendar> {
    use_context::<SharedCalendar>()
        .map(|c| c.0)
        .unwrap_or_else(|| Arc::new(Calendar::standard()))
}
