use leptos::prelude::*;

/// The "Back" link at the top of a question page. `href` is the previous step, so it works even
/// when the user arrived from elsewhere; the browser's own Back button works too.
#[component]
pub fn BackLink(#[prop(into)] href: Signal<String>) -> impl IntoView {
    view! {
        <a href=move || href.get() class="inline-block mb-6 text-base text-ink underline">
            "Back"
        </a>
    }
}
