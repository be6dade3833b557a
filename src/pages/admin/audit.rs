//! HFS administrators: the audit log, who saw or downloaded protected health information and when.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use rules::wire::accounts::Role;
use rules::wire::tickets::AuditEntry;

use crate::api::tickets::{audit, list_tickets, TicketFilters};
use crate::api::ApiResult;
use crate::components::form_errors::message_for;
use crate::components::{ErrorSummary, FieldError, LoadProblem, Loading, RequireRole, TextField};
use crate::page::{focus_heading_if_lost, use_title};

const PATH: &str = "/admin/audit";

/// What was done, in words.
fn what_words(what: &str) -> String {
    match what {
        "viewed_ticket" => "Viewed the ticket".into(),
        "downloaded_attachment" => "Downloaded a file".into(),
        "viewed_draft" => "Viewed a draft".into(),
        other => rules::forms::sentence_start(&other.replace('_', " ")),
    }
}

/// "Monday 14 December 2026 at 3:05pm Illinois time", from an RFC 3339 instant.
use rules::illinois::instant_in_words as when_words;

/// The ticket id in what was typed: "123", " 123 ", or a whole ticket number "PRP-2026-000123".
fn parse_ticket(text: &str) -> Option<i64> {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = match text.rsplit_once('-') {
        Some((prefix, last)) if prefix.to_ascii_uppercase().starts_with("PRP") => last,
        _ => text.as_str(),
    };
    digits.parse::<i64>().ok().filter(|id| *id > 0)
}

#[component]
pub fn Audit() -> impl IntoView {
    view! {
        <RequireRole roles=&[Role::HfsAdmin]>
            <AuditPage />
        </RequireRole>
    }
}

#[component]
fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    // The ticket asked for in the address, if it is one.
    let applied = Memo::new(move |_| query.read().get("ticket_id").and_then(|t| parse_ticket(&t)));
    let typed = RwSignal::new(
        applied
            .get_untracked()
            .map(|id| id.to_string())
            .unwrap_or_default(),
    );
    let errors = RwSignal::new(Vec::<FieldError>::new());
    use_title(
        || "Audit log".into(),
        move || errors.with(|e| !e.is_empty()),
    );

    let entries = LocalResource::new(move || {
        let ticket_id = applied.get();
        async move { audit(ticket_id).await }
    });
    // Ticket numbers by id (the log has only ids); drafts are not in the list.
    let numbers = LocalResource::new(|| async {
        let list = list_tickets(&TicketFilters::default()).await?;
        ApiResult::Ok(
            list.into_iter()
                .map(|t| (t.id, t.number))
                .collect::<HashMap<i64, String>>(),
        )
    });
    Effect::new(move |_| {
        if entries.with(Option::is_some) {
            focus_heading_if_lost();
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = typed.get_untracked();
        if text.trim().is_empty() {
            errors.set(Vec::new());
            navigate(PATH, Default::default());
            return;
        }
        match parse_ticket(&text) {
            Some(id) => {
                errors.set(Vec::new());
                navigate(&format!("{PATH}?ticket_id={id}"), Default::default());
            }
            None => errors.set(vec![FieldError::new(
                "ticket_id",
                "Enter the ticket's number, like 123 or PRP-2026-000123",
            )]),
        }
    };

    let number_of = move |id: i64| -> Option<String> {
        numbers.with(|n| {
            n.as_ref()
                .and_then(|r| r.as_ref().ok())
                .and_then(|map| map.get(&id).cloned())
        })
    };

    let ticket_cell = move |entry: &AuditEntry| match entry.ticket_id {
        None => view! { "—" }.into_any(),
        Some(id) => match number_of(id) {
            Some(number) => view! { <a href=format!("/tickets/{id}")>{number}</a> }.into_any(),
            None if entry.what == "viewed_draft" => {
                view! { {format!("Draft {id} (not submitted)")} }.into_any()
            }
            None => view! { {format!("Ticket {id}")} }.into_any(),
        },
    };

    let row = move |entry: AuditEntry| {
        let ticket = ticket_cell(&entry);
        view! {
            <tr class="border-b border-border align-top">
                <td class="py-3 pr-3">{when_words(&entry.at)}</td>
                <td class="py-3 pr-3 break-all">{entry.username.clone()}</td>
                <td class="py-3 pr-3 whitespace-nowrap">{ticket}</td>
                <td class="py-3">{what_words(&entry.what)}</td>
            </tr>
        }
    };

    // "PRP-2026-000123" for the ticket shown, once the numbers are in.
    let shown_ticket = move || {
        applied
            .get()
            .map(|id| number_of(id).unwrap_or_else(|| format!("ticket {id}")))
    };

    view! {
        <ErrorSummary errors=errors />
        <span class="block text-xl text-secondary mb-1">"Administration"</span>
        <h1 class="text-4xl font-bold mb-6">"Audit log"</h1>
        <p class="mb-6">
            "Who saw or downloaded protected health information, and when: each time someone opens a ticket or a draft, or downloads one of its files. Newest first."
        </p>
        <form
            method="get"
            action=PATH
            novalidate
            on:submit=on_submit
            class="mb-8 border-b border-border"
            aria-label="Filter by ticket"
        >
            <div class="md:flex md:items-end md:gap-6">
                <TextField
                    id="ticket_id"
                    label="Ticket"
                    hint="Its number, like 123 or PRP-2026-000123. Leave it empty to see every ticket."
                    value=typed
                    error=message_for(errors, "ticket_id")
                    inputmode="numeric"
                    autocomplete="off"
                    spellcheck=false
                    width="w-full md:w-64"
                />
                <button type="submit" class="btn btn-secondary mb-6">"Show"</button>
            </div>
        </form>
        {move || match entries.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok(list)) if list.is_empty() => match shown_ticket() {
                Some(ticket) => view! {
                    <p class="text-xl mb-4" id="audit-empty">
                        {format!("Nobody has seen {ticket} or downloaded its files yet.")}
                    </p>
                    <p><a href=PATH>"Show the whole audit log"</a></p>
                }
                .into_any(),
                None => view! {
                    <p class="text-xl mb-4" id="audit-empty">
                        "Nobody has seen a ticket, a draft or a file yet."
                    </p>
                }
                .into_any(),
            },
            Some(Ok(list)) => {
                let count = list.len();
                let caption = match shown_ticket() {
                    Some(ticket) => format!("Entries for {ticket} ({count})"),
                    None => format!("Entries, newest first ({count})"),
                };
                let limit = (count >= 1_000).then(|| view! {
                    <p class="mb-4">"Only the newest 1,000 entries are shown. Show one ticket to see all of its entries."</p>
                });
                view! {
                    {limit}
                    <div class="overflow-x-auto mb-6">
                        <table class="w-full text-left border-collapse text-base" id="audit-log">
                            <caption class="text-left text-xl font-bold mb-3">{caption}</caption>
                            <thead>
                                <tr class="border-b-2 border-ink">
                                    <th scope="col" class="py-2 pr-3">"When"</th>
                                    <th scope="col" class="py-2 pr-3">"Username"</th>
                                    <th scope="col" class="py-2 pr-3">"Ticket"</th>
                                    <th scope="col" class="py-2">"What"</th>
                                </tr>
                            </thead>
                            <tbody>{list.into_iter().map(row).collect_view()}</tbody>
                        </table>
                    </div>
                    {applied.get().is_some().then(|| view! {
                        <p><a href=PATH>"Show the whole audit log"</a></p>
                    })}
                }
                .into_any()
            }
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_ids_are_read_from_numbers_too() {
        assert_eq!(parse_ticket("123"), Some(123));
        assert_eq!(parse_ticket(" 12 3 "), Some(123));
        assert_eq!(parse_ticket("PRP-2026-000123"), Some(123));
        assert_eq!(parse_ticket("prp-2026-000123"), Some(123));
        assert_eq!(parse_ticket("abc"), None);
        assert_eq!(parse_ticket("0"), None);
        assert_eq!(parse_ticket("-5"), None);
    }
}
