//! (being written for issue 4; see docs/accounts.md)

use leptos::prelude::*;

#[component]
pub fn RedeemInvitation() -> impl IntoView {
    view! { <h1 class="text-3xl font-bold">"RedeemInvitation"</h1> }
}
