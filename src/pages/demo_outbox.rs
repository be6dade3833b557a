//! The emails the server sent, shown only when it runs in demo mode (there is no mail server then).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use rules::wire::accounts::OutboxMessage;

use crate::api::{self, ApiError};
use crate::components::pager::{
    offset_of, page_href, use_page_request, PageCount, Pages, PastTheEnd, LIST_PAGE,
};
use crate::components::{LoadProblem, Loading};

const OUTBOX_PATH: &str = "/demo/outbox";
use crate::page::use_title;

/// "Monday, December 14, 2026, at 3:05 p.m. Central time", from an RFC 3339 instant.
use rules::illinois::instant_in_words as sent_words;

#[component]
pub fn Outbox() -> impl IntoView {
    // The page of the address, from one memo (`components::pager`).
    let query = use_query_map();
    let asked = use_page_request(|| ());
    let messages = LocalResource::new(move || {
        let ((), page) = asked.get();
        async move {
            let list = api::admin::outbox(LIST_PAGE, offset_of(page, LIST_PAGE)).await?;
            Ok::<_, ApiError>((page, list))
        }
    });
    use_title(|| "Emails sent (demo)".into(), || false);
    view! {
        <span class="block text-xl text-secondary mb-1">"Demonstration"</span>
        <h1 class="text-4xl font-bold mb-6">"Emails sent"</h1>
        <div class="border-l-8 border-link bg-panel p-4 mb-8">
            <p>
                "This page exists only in demo mode. The portal does not send real emails here: it keeps them so you can read them, newest first."
            </p>
        </div>
        {move || match messages.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(ApiError::NotFound)) => view! {
                <LoadProblem message="The portal is not running in demo mode, so there are no emails to show." />
            }
            .into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok((_, list))) if list.total == 0 => {
                view! { <p class="text-xl">"No emails have been sent yet."</p> }.into_any()
            }
            Some(Ok((_, list))) if list.items.is_empty() => view! {
                <PastTheEnd id="outbox-past-end" first=OUTBOX_PATH />
            }
            .into_any(),
            Some(Ok((page, list))) => view! {
                <PageCount id="outbox-count" offset=offset_of(page, LIST_PAGE) shown=list.items.len() total=list.total noun="email, newest first" nouns="emails, newest first" />
                <ol class="space-y-8">{list.items.into_iter().map(message).collect_view()}</ol>
                <Pages
                    total=list.total
                    per_page=LIST_PAGE
                    current=page
                    href=move |n| query.with_untracked(|q| page_href(OUTBOX_PATH, q, n))
                    label="Pages of emails"
                />
            }
            .into_any(),
        }}
    }
}

fn message(m: OutboxMessage) -> impl IntoView {
    view! {
        <li class="border-t-4 border-border pt-4">
            <article aria-labelledby=format!("email-{}", m.id)>
                <h2 id=format!("email-{}", m.id) class="text-2xl font-bold mb-2">{m.subject}</h2>
                <dl class="mb-4">
                    <div class="flex gap-2"><dt class="font-bold">"To:"</dt><dd class="break-all">{m.to}</dd></div>
                    <div class="flex gap-2"><dt class="font-bold">"Sent:"</dt><dd>{sent_words(&m.sent_at)}</dd></div>
                </dl>
                <pre class="whitespace-pre-wrap break-words bg-panel p-4 font-sans text-base">{m.body}</pre>
            </article>
        </li>
    }
}
