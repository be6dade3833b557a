//! What the pages about HFS's reviews share (HFS's queues, and the page where a user asks for more
//! facilities): where a review clock stands, the reason for a denial, and requested facilities
//! grouped by request.

use chrono::NaiveDate;
use leptos::prelude::*;
use rules::accounts::check_denial_reason;
use rules::dates::parse_iso_date;
use rules::wire::accounts::{AlreadyRegistered, RequestedFacility};

use super::error_summary::FieldError;
use crate::clock::use_clock;

/// Where a review clock stands, in words (`rules::countdown::days_countdown`): "3 days left", "Due
/// today by 11:59 p.m. Central time", "2 days overdue"; and whether it is overdue.
pub fn review_words(due_iso: &str, today: NaiveDate) -> Option<(String, bool)> {
    Some(rules::countdown::days_countdown(
        today,
        parse_iso_date(due_iso)?,
    ))
}

/// For a request still `waiting`, where its review clock stands today ([`review_words`]); `None`
/// once it is decided.
pub fn review_standing(
    due: String,
    waiting: bool,
) -> impl Fn() -> Option<(String, bool)> + Send + Sync + 'static {
    let today = use_clock().illinois_today();
    move || waiting.then(|| review_words(&due, today.get())).flatten()
}

/// The reason for a denial as typed in `reason`, checked; when it is not acceptable, its message
/// is set on `errors` for the field `field_id` and there is no reason.
pub fn checked_reason(
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

/// The facilities grouped by request, in the order they came.
pub fn group_by_request(list: Vec<RequestedFacility>) -> Vec<Vec<RequestedFacility>> {
    let mut groups: Vec<Vec<RequestedFacility>> = Vec::new();
    for facility in list {
        match groups
            .iter_mut()
            .find(|g| g[0].batch_id == facility.batch_id)
        {
            Some(group) => group.push(facility),
            None => groups.push(vec![facility]),
        }
    }
    groups
}

/// What another account shares with a registration or a requested facility, in words: "the same
/// Provider Medicaid ID and NPI".
pub fn shared_words(a: &AlreadyRegistered) -> &'static str {
    match (a.medicaid_id, a.npi) {
        (true, true) => "the same Provider Medicaid ID and NPI",
        (true, false) => "the same Provider Medicaid ID",
        _ => "the same NPI",
    }
}

/// HFS's warning, before approving, that a Provider Medicaid ID or NPI is already registered to
/// other accounts (nothing when it is not). `id` is the warning's element id.
#[component]
pub fn AlreadyRegisteredWarning(list: Vec<AlreadyRegistered>, id: String) -> impl IntoView {
    if list.is_empty() {
        return ().into_any();
    }
    let items = list
        .iter()
        .map(|a| view! { <li><strong>{a.username.clone()}</strong> ": " {shared_words(a)}</li> })
        .collect_view();
    view! {
        <div class="flex gap-4 items-start my-3 max-w-prose" id=id data-already-registered="">
            <span aria-hidden="true" class="shrink-0 w-9 h-9 rounded-full bg-ink text-white font-bold text-2xl text-center leading-9">"!"</span>
            <div>
                <p class="font-bold">
                    <span class="sr-only">"Warning: "</span>
                    "Already registered to another account"
                </p>
                <ul class="list-disc pl-6 mb-1">{items}</ul>
                <p>"Check that the person who asked works for this provider before you approve. Approving gives them a facility record of their own: the other account keeps its facility and tickets."</p>
            </div>
        </div>
    }
    .into_any()
}
