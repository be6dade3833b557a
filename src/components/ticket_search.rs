//! The search box and the "Download CSV" link of every ticket list.
//!
//! A search term is a ticket number, an MCO tracking number or a claim number (or the start of
//! one), kept in the address as `?q=` with the list's other filters; never a member's name or RIN.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::finding::tickets_csv_href;
use crate::api::tickets::TicketFilters;

/// The search term the address holds (`?q=`), trimmed.
pub fn use_search_term() -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| {
        query
            .read()
            .get("q")
            .map(|q| q.trim().to_owned())
            .unwrap_or_default()
    })
}

/// A search form: one field and a Search button; submitting keeps the address's other filters.
///
/// - `path`: the list's own path (`/tickets`, `/mco/tickets`, `/hfs/tickets`).
#[component]
pub fn TicketSearch(path: &'static str) -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    let applied = use_search_term();
    let term = RwSignal::new(applied.get_untracked());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut parts: Vec<String> = query.with_untracked(|q| {
            q.clone()
                .into_iter()
                // A new search starts again at the list's first page.
                .filter(|(key, _)| key != "q" && key != "page")
                .map(|(key, value)| {
                    let value: String = js_sys::encode_uri_component(&value).into();
                    format!("{key}={value}")
                })
                .collect()
        });
        let text = term.get_untracked().trim().to_owned();
        if !text.is_empty() {
            let text: String = js_sys::encode_uri_component(&text).into();
            parts.push(format!("q={text}"));
        }
        let href = if parts.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{}", parts.join("&"))
        };
        navigate(&href, Default::default());
    };
    view! {
        <form method="get" action=path role="search" novalidate on:submit=on_submit class="mb-6 no-print" aria-label="Find a ticket">
            <label for="ticket-search" class="block font-bold mb-1">"Find a ticket"</label>
            <p id="ticket-search-hint" class="text-secondary mb-2">
                "Enter a ticket number, an MCO tracking number or a claim number, or the start of one."
            </p>
            <div class="flex flex-wrap gap-2 items-start">
                <input
                    id="ticket-search"
                    name="q"
                    type="search"
                    class="input w-full md:w-1/2"
                    aria-describedby="ticket-search-hint"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || term.get()
                    on:input=move |ev| term.set(event_target_value(&ev))
                />
                <button type="submit" class="btn btn-secondary mb-0">"Search"</button>
            </div>
            <Show when=move || !applied.get().is_empty()>
                <p class="mt-2" id="search-applied">
                    "Showing tickets matching " <strong>{move || applied.get()}</strong> ". "
                    <a href=path>"Clear the search"</a>
                </p>
            </Show>
        </form>
    }
}

/// "Download CSV" of the list as filtered: the same filters as the list itself.
#[component]
pub fn CsvLink(#[prop(into)] filters: Signal<TicketFilters>) -> impl IntoView {
    view! {
        <p class="mb-4 no-print">
            <a href=move || tickets_csv_href(&filters.get()) download="" id="download-csv">
                "Download CSV" <span class="sr-only">" of these tickets, for a spreadsheet"</span>
            </a>
        </p>
    }
}
