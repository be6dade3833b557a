//! HFS staff's queues: registration requests and requested facilities.

pub mod facility_requests;
pub mod registrations;

pub use facility_requests::FacilityQueue;
pub use registrations::{RegistrationDecision, RegistrationQueue};

use std::cell::RefCell;

use chrono::NaiveDate;
use rules::dates::{long_date, parse_iso_date};

thread_local! {
    /// A message for the next page to show once ("Approved: ..."), set before navigating to it.
    static FLASH: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Leaves `message` for the next page that calls [`take_flash`].
pub(crate) fn set_flash(message: String) {
    FLASH.with(|f| *f.borrow_mut() = Some(message));
}

/// The message left by the previous page, once.
pub(crate) fn take_flash() -> Option<String> {
    FLASH.with(|f| f.borrow_mut().take())
}

/// A wire date on screen: "Monday 14 December 2026" (as sent when it cannot be read).
pub(crate) fn date_words(iso: &str) -> String {
    parse_iso_date(iso)
        .map(long_date)
        .unwrap_or_else(|| iso.to_string())
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// Where a review clock stands, in words: "3 days left", "Due today", "2 days overdue"; and
/// whether it is overdue.
pub(crate) fn review_words(due_iso: &str, today: NaiveDate) -> Option<(String, bool)> {
    let due = parse_iso_date(due_iso)?;
    let left = (due - today).num_days();
    Some(match left {
        0 => ("Due today".into(), false),
        n if n < 0 => (format!("{} overdue", days(-n)), true),
        n => (format!("{} left", days(n)), false),
    })
}
