//! (being written for issue 4; see docs/accounts.md)

use leptos::prelude::*;

#[component]
pub fn RegistrationQueue() -> impl IntoView {
    view! { <h1 class="text-3xl font-bold">"RegistrationQueue"</h1> }
}

#[component]
pub fn RegistrationDecision() -> impl IntoView {
    view! { <h1 class="text-3xl font-bold">"RegistrationDecision"</h1> }
}
