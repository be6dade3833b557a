//! "Page not found": the routes' fallback, and what a page shows for a thing that does not exist
//! (a ticket whose address is wrong).

use leptos::prelude::*;

use crate::page::use_title;

/// The page-not-found content, with its title.
#[component]
pub fn NotFound() -> impl IntoView {
    use_title(|| "Page not found".into(), || false);
    view! {
        <h1 class="text-4xl font-bold mb-6">"Page not found"</h1>
        <p class="mb-4">"If you typed the web address, check it is correct."</p>
        <p class="mb-4">"If you pasted the web address, check you copied the entire address."</p>
        <p>
            "You can " <a href="/">"go to the start of the portal"</a> " or "
            <a href="/eligibility">"check if you can file a dispute"</a> "."
        </p>
    }
}
