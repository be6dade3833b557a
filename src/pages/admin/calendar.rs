//! (being written for issue 4; see docs/accounts.md)

use leptos::prelude::*;

#[component]
pub fn CalendarChanges() -> impl IntoView {
    view! { <h1 class="text-3xl font-bold">"CalendarChanges"</h1> }
}
