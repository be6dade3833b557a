//! (being written for issue 4; see docs/accounts.md)

use leptos::prelude::*;

#[component]
pub fn FacilityQueue() -> impl IntoView {
    view! { <h1 class="text-3xl font-bold">"FacilityQueue"</h1> }
}
