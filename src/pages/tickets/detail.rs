//! (being written for issue 5; see docs/tickets.md)

use leptos::prelude::*;

#[component]
pub fn TicketPage() -> impl IntoView {
    view! { <h1 class="text-3xl font-bold">"TicketPage"</h1> }
}
