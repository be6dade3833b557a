//! HFS staff's queues: registration requests and requested facilities.

pub mod facility_requests;
pub mod registrations;

pub use facility_requests::FacilityQueue;
pub use registrations::{RegistrationDecision, RegistrationQueue};

use std::cell::RefCell;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use rules::accounts::check_denial_reason;
use rules::dates::parse_iso_date;

use crate::clock::use_clock;
use crate::components::FieldError;

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
pub(crate) use rules::dates::iso_in_words as date_words;

use rules::dates::days_words as days;

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

/// The queue's filter from `?status=`: one of `filters`' values, else "pending".
pub(crate) fn use_status_filter(filters: &'static [(&'static str, &'static str)]) -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| {
        let typed = query.read().get("status").unwrap_or_default();
        if filters.iter().any(|(v, _)| *v == typed) {
            typed
        } else {
            "pending".to_string()
        }
    })
}

/// For a request still `waiting`, where its review clock stands today ([`review_words`]); `None`
/// once it is decided.
pub(crate) fn review_standing(
    due: String,
    waiting: bool,
) -> impl Fn() -> Option<(String, bool)> + Send + Sync + 'static {
    let today = use_clock().illinois_today();
    move || waiting.then(|| review_words(&due, today.get())).flatten()
}

/// The reason for a denial as typed in `reason`, checked; when it is not acceptable, its message
/// is set on `errors` for the field `field_id` and there is no reason.
pub(crate) fn checked_reason(
    reason: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
    field_id: &str,
) -> Option<String> {
    match check_denial_reason(&reason.get_untracked()) {
        Ok(reason) => Some(reason),
        Err(message) => {
            errors.set(vec![FieldError::new(field_id, message)]);
            None
        }
    }
}
