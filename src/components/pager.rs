//! The pages of a long list, over the API's paging (`limit`, `offset`, `X-Total-Count`,
//! `docs/api.md`): the count ("Showing 1 to 50 of 213 tickets") and the pages (the GOV.UK
//! pagination pattern). The page is kept in the address as `?page=N` (from 1; page 1 has none),
//! beside the list's other filters, so a reload, Back and a shared link keep it. Every list a
//! user pages through uses these: the ticket queues, the users, the registrations, the facility
//! requests, the fines and the sanction notices.
//!
//! A list's resource should read **one** memo that changes with the page and the filters (see
//! `use_page_request`): a resource that read two memos of the address missed a change of the
//! page alone (reactive_graph 0.2).

use crate::nav::{use_query_map, ParamsMap};
use leptos::prelude::*;

/// The entries of one page of a list.
pub const LIST_PAGE: usize = 50;

/// The page `?page=` of `q` asks for, from 1 (1 when missing or malformed).
pub fn page_of(q: &ParamsMap) -> usize {
    q.get("page")
        .and_then(|p| p.trim().parse::<usize>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
}

/// The offset of page `page` (from 1) when a page holds `per_page` entries.
pub fn offset_of(page: usize, per_page: usize) -> usize {
    page.saturating_sub(1) * per_page
}

/// The address `path` with every parameter of `q` but the page, then `page=N` unless it is 1.
pub fn page_href(path: &str, q: &ParamsMap, page: usize) -> String {
    let parts: Vec<String> = q
        .clone()
        .into_iter()
        .filter(|(key, _)| key != "page")
        .map(|(key, value)| {
            let value: String = js_sys::encode_uri_component(&value).into();
            format!("{key}={value}")
        })
        .collect();
    with_page(path, parts, page)
}

/// `path` with the query `parts` (already encoded), then `page=N` unless it is 1.
pub fn with_page(path: &str, mut parts: Vec<String>, page: usize) -> String {
    if page > 1 {
        parts.push(format!("page={page}"));
    }
    if parts.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", parts.join("&"))
    }
}

/// What a list asks the server for, as one memo: `what` (the filters, read from the address or
/// elsewhere) and the page of the address. The list's resource reads this memo alone.
pub fn use_page_request<T>(what: impl Fn() -> T + Send + Sync + 'static) -> Memo<(T, usize)>
where
    T: PartialEq + Clone + Send + Sync + 'static,
{
    let query = use_query_map();
    Memo::new(move |_| (what(), query.with(page_of)))
}

/// "Showing 1 to 50 of 213 tickets" (`id`): `noun` for one, `nouns` for several.
#[component]
pub fn PageCount(
    #[prop(into)] id: String,
    offset: usize,
    shown: usize,
    total: usize,
    noun: &'static str,
    nouns: &'static str,
) -> impl IntoView {
    let noun = if total == 1 { noun } else { nouns };
    let words = if shown == 0 {
        format!("Showing 0 of {total} {noun}")
    } else {
        format!(
            "Showing {} to {} of {total} {noun}",
            offset + 1,
            offset + shown
        )
    };
    view! { <p id=id class="mb-3 font-bold">{words}</p> }
}

/// The pages of a list (GOV.UK pagination): "Previous", the page numbers around this one (the
/// first and last always, "⋯" for the gaps), "Next". Nothing when the list fits on one page.
///
/// - `total`: the whole list's size; `per_page`: the entries of a page; `current`: from 1.
/// - `href`: the address of page N (keeping the list's filters: [`page_href`]).
/// - `label`: what the pages are of, the landmark's name ("Pages of your tickets").
/// - `id`: the `<nav>`'s id; its links are `page-previous` and `page-next`.
#[component]
pub fn Pages<F>(
    total: usize,
    per_page: usize,
    current: usize,
    href: F,
    label: &'static str,
    #[prop(optional)] id: Option<&'static str>,
) -> impl IntoView
where
    F: Fn(usize) -> String + 'static,
{
    let pages = total.div_ceil(per_page.max(1)).max(1);
    if pages <= 1 {
        return ().into_any();
    }
    let current = current.clamp(1, pages);
    let previous = (current > 1).then(|| {
        let to = href(current - 1);
        view! {
            <div class="mr-6">
                <a href=to rel="prev" class="font-bold" id="page-previous">
                    "‹ Previous" <span class="sr-only">" page"</span>
                </a>
            </div>
        }
    });
    let next = (current < pages).then(|| {
        let to = href(current + 1);
        view! {
            <div class="ml-6">
                <a href=to rel="next" class="font-bold" id="page-next">
                    "Next" <span class="sr-only">" page"</span> " ›"
                </a>
            </div>
        }
    });
    let mut numbers: Vec<Option<usize>> = Vec::new();
    for page in 1..=pages {
        let near = page + 1 >= current && page <= current + 1;
        if page == 1 || page == pages || near {
            numbers.push(Some(page));
        } else if numbers.last().is_some_and(Option::is_some) {
            numbers.push(None);
        }
    }
    let items = numbers
        .into_iter()
        .map(|n| match n {
            Some(page) if page == current => view! {
                <li>
                    <a href=href(page) aria-current="page" aria-label=format!("Page {page}")
                        class="inline-block px-3 py-1 bg-link text-white font-bold no-underline">
                        {page}
                    </a>
                </li>
            }
            .into_any(),
            Some(page) => view! {
                <li>
                    <a href=href(page) aria-label=format!("Page {page}") class="inline-block px-3 py-1">
                        {page}
                    </a>
                </li>
            }
            .into_any(),
            None => view! { <li class="px-2" aria-hidden="true">"⋯"</li> }.into_any(),
        })
        .collect_view();
    view! {
        <nav aria-label=label class="flex flex-wrap items-center mt-6 mb-8 no-print" id=id.unwrap_or("pages")>
            {previous}
            <ul class="flex flex-wrap items-center gap-1">{items}</ul>
            {next}
        </nav>
    }
    .into_any()
}

/// A page past the end of a list (an old link): says so and links to the first page.
#[component]
pub fn PastTheEnd(#[prop(into)] id: String, #[prop(into)] first: String) -> impl IntoView {
    view! {
        <p class="text-xl mb-4" id=id>"There is nothing on this page."</p>
        <p><a href=first>"Go to the first page"</a></p>
    }
}
