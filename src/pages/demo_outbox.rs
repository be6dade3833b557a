//! The emails the server sent, shown only when it runs in demo mode (there is no mail server then).

use leptos::prelude::*;
use rules::wire::accounts::OutboxMessage;

use crate::api::{self, ApiError};
use crate::components::{LoadProblem, Loading};
use crate::page::use_title;

/// "Monday, December 14, 2026, at 3:05 p.m. Central time", from an RFC 3339 instant.
use rules::illinois::instant_in_words as sent_words;

#[component]
pub fn Outbox() -> impl IntoView {
    let messages = LocalResource::new(api::admin::outbox);
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
            Some(Ok(list)) if list.is_empty() => {
                view! { <p class="text-xl">"No emails have been sent yet."</p> }.into_any()
            }
            Some(Ok(list)) => view! {
                <p class="mb-6">{format!("{} emails, newest first.", list.len())}</p>
                <ol class="space-y-8">{list.into_iter().map(message).collect_view()}</ol>
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
