//! (being written for issue 5; see docs/tickets.md)

use leptos::prelude::*;

#[component]
pub fn MyTickets() -> impl IntoView {
    view! { <h1 class="text-3xl font-bold">"MyTickets"</h1> }
}

#[component]
pub fn McoTickets() -> impl IntoView {
    view! { <h1 class="text-3xl font-bold">"McoTickets"</h1> }
}

#[component]
pub fn HfsTickets() -> impl IntoView {
    view! { <h1 class="text-3xl font-bold">"HfsTickets"</h1> }
}
