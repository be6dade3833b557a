use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// GOV.UK's success notification banner: shown after an action worked ("Approved: ..."); it takes
/// focus when it appears, so keyboard and screen reader users hear it.
///
/// - `message`: the sentence to show; nothing is shown while it is `None`.
#[component]
pub fn SuccessBanner(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    let banner = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if message.with(Option::is_some) {
            if let Some(el) = banner.get() {
                let _ = el.focus();
            }
        }
    });
    view! {
        <Show when=move || message.with(Option::is_some)>
            <div
                node_ref=banner
                tabindex="-1"
                role="alert"
                aria-labelledby="success-banner-title"
                class="border-4 border-success mb-8"
            >
                <h2 id="success-banner-title" class="bg-success text-white font-bold px-4 py-1">
                    "Success"
                </h2>
                <p class="p-4 text-xl font-bold">{move || message.get().unwrap_or_default()}</p>
            </div>
        </Show>
    }
}

/// A problem that stops a page from showing what it should (the list could not be loaded):
/// in words, with what to do.
#[component]
pub fn LoadProblem(#[prop(into)] message: String) -> impl IntoView {
    view! {
        <div role="alert" class="border-l-8 border-error bg-panel p-4 mb-8">
            <p class="font-bold">{message}</p>
        </div>
    }
}

/// Shown while a list loads.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="text-secondary" role="status">"Loading…"</p> }
}

/// Links that filter a list (`?status=...`), the current one marked with `aria-current`.
///
/// - `label`: names the group for screen readers ("Show registrations").
/// - `path`: the page's path.
/// - `options`: `(status value, words)`.
/// - `current`: the value shown now.
#[component]
pub fn FilterLinks(
    label: &'static str,
    path: &'static str,
    options: &'static [(&'static str, &'static str)],
    #[prop(into)] current: Signal<String>,
) -> impl IntoView {
    view! {
        <nav aria-label=label class="mb-6">
            <ul class="flex flex-wrap gap-x-6 gap-y-2 border-b border-border pb-2">
                {options
                    .iter()
                    .map(|(value, words)| {
                        let value = *value;
                        let is_current = move || current.with(|c| c == value);
                        view! {
                            <li>
                                <a
                                    href=format!("{path}?status={value}")
                                    aria-current=move || is_current().then_some("page")
                                    class=move || if is_current() { "font-bold text-ink no-underline border-b-4 border-link" } else { "" }
                                >
                                    {*words}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// The list's filter from `?status=`: one of `filters`' values (as [`FilterLinks`] shows them),
/// else "pending".
pub fn use_status_filter(filters: &'static [(&'static str, &'static str)]) -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| {
        let typed = query.read().get("status").unwrap_or_default();
        if filters.iter().any(|(v, _)| *v == typed) {
            typed
        } else {
            "pending".to_string()
        }
    })
}
