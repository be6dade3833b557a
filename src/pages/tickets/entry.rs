//! (being written for issue 5; see docs/tickets.md)

use leptos::prelude::*;

#[component]
pub fn StartTicket() -> impl IntoView {
    view! { <h1 class="text-3xl font-bold">"StartTicket"</h1> }
}

#[component]
pub fn EntryStep() -> impl IntoView {
    view! { <h1 class="text-3xl font-bold">"EntryStep"</h1> }
}

#[component]
pub fn Submitted() -> impl IntoView {
    view! { <h1 class="text-3xl font-bold">"Submitted"</h1> }
}
