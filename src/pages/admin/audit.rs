//! HFS administrators: the audit trail, every look at protected health information and every
//! security event, filtered by user, ticket, kind and dates, a page at a time, and exported as a
//! spreadsheet.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use rules::wire::accounts::Role;
use rules::wire::tickets::AuditEntry;

use crate::api::tickets::{audit, audit_csv_href, AuditFilters, AUDIT_PAGE};
use crate::components::form_errors::message_for;
use crate::components::pager::{offset_of, page_href, use_page_request, Pages, PastTheEnd};
use crate::components::{ErrorSummary, FieldError, LoadProblem, Loading, RequireRole, TextField};
use crate::page::{focus_heading_if_lost, use_title};

const PATH: &str = "/admin/audit";

/// The kinds an administrator can choose, with their words.
const KINDS: &[(&str, &str)] = &[
    ("viewed_ticket", "Viewed the ticket"),
    ("viewed_draft", "Viewed a draft"),
    ("listed_drafts", "Listed their drafts"),
    ("saved_draft", "Saved a draft"),
    ("deleted_draft", "Deleted a draft"),
    ("expired_draft", "Draft deleted after 90 days"),
    ("submitted_ticket", "Submitted the ticket"),
    ("acted_on_ticket", "Acted on the ticket"),
    ("uploaded_attachment", "Added a file"),
    ("downloaded_attachment", "Downloaded a file"),
    ("refused_ticket", "Was refused a ticket"),
    ("exported_tickets", "Exported the ticket list"),
    ("signed_in", "Signed in"),
    ("sign_in_failed", "Failed to sign in"),
    ("sign_in_throttled", "Sign-in refused: too many tries"),
    ("signed_out", "Signed out"),
    ("password_changed", "Changed their password"),
    ("password_change_failed", "Gave a wrong current password"),
    ("password_reset_requested", "Asked for a new password"),
    ("password_reset", "Chose a new password from an email link"),
    ("user_created", "Account created"),
    ("user_disabled", "Disabled an account"),
    ("user_enabled", "Enabled an account"),
    ("registration_approved", "Approved a registration"),
    ("registration_denied", "Denied a registration"),
    ("facility_request_approved", "Approved a facility request"),
    ("facility_request_denied", "Denied a facility request"),
    ("invitation_redeemed", "Used a facility invitation"),
    ("mco_created", "Added an MCO"),
    ("mco_changed", "Changed an MCO"),
    ("calendar_changed", "Changed the calendar"),
    ("mail_settings_changed", "Changed the email settings"),
    ("waived_fine", "Waived a fine"),
    ("issued_sanction_notice", "Issued a sanction notice"),
    ("exported_audit", "Exported the audit log"),
];

/// What was done, in words.
fn what_words(what: &str) -> String {
    KINDS.iter().find(|(kind, _)| *kind == what).map_or_else(
        || rules::forms::sentence_start(&what.replace('_', " ")),
        |(_, words)| (*words).to_owned(),
    )
}

/// "Monday, December 14, 2026, at 3:05 p.m. Central time", from an RFC 3339 instant.
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

/// A query parameter of the address, trimmed.
fn param(query: &leptos_router::params::ParamsMap, key: &str) -> String {
    query
        .get(key)
        .map(|v| v.trim().to_owned())
        .unwrap_or_default()
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
    // The filters and the page asked for in the address.
    let applied = Memo::new(move |_| {
        let q = query.read();
        AuditFilters {
            user: param(&q, "user"),
            ticket_id: q.get("ticket_id").and_then(|t| parse_ticket(&t)),
            kind: param(&q, "kind"),
            from: param(&q, "from"),
            to: param(&q, "to"),
        }
    });
    let start = applied.get_untracked();
    let typed_ticket = RwSignal::new(start.ticket_id.map(|id| id.to_string()).unwrap_or_default());
    let typed_user = RwSignal::new(start.user.clone());
    let chosen_kind = RwSignal::new(start.kind.clone());
    let typed_from = RwSignal::new(start.from.clone());
    let typed_to = RwSignal::new(start.to.clone());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    use_title(
        || "Audit log".into(),
        move || errors.with(|e| !e.is_empty()),
    );

    // One memo for the filters and the page (`?page=`, the shared pager's): a resource reading
    // two memos of the address missed a change of the page alone (`components::pager`).
    let asked = use_page_request(move || applied.get());
    let entries = LocalResource::new(move || {
        let (filters, page) = asked.get();
        async move {
            let list = audit(&filters, offset_of(page, AUDIT_PAGE)).await?;
            Ok::<_, crate::api::ApiError>((page, list))
        }
    });
    Effect::new(move |_| {
        if entries.with(Option::is_some) {
            focus_heading_if_lost();
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut found = Vec::new();
        let ticket_text = typed_ticket.get_untracked();
        let ticket_id = if ticket_text.trim().is_empty() {
            None
        } else {
            let parsed = parse_ticket(&ticket_text);
            if parsed.is_none() {
                found.push(FieldError::new(
                    "ticket_id",
                    "Enter the ticket's number, like 123 or PRP-2026-000123",
                ));
            }
            parsed
        };
        let mut date = |id: &'static str, label: &str, text: String| {
            let text = text.trim().to_owned();
            if !text.is_empty() && rules::dates::parse_iso_date(&text).is_none() {
                found.push(FieldError::new(
                    id,
                    format!("Enter the {label} date as year, month and day, like 2026-12-01"),
                ));
            }
            text
        };
        let from = date("from", "first", typed_from.get_untracked());
        let to = date("to", "last", typed_to.get_untracked());
        if found.is_empty() && !from.is_empty() && !to.is_empty() && to < from {
            found.push(FieldError::new(
                "to",
                "The last date must be the same as or after the first date",
            ));
        }
        if !found.is_empty() {
            errors.set(found);
            return;
        }
        errors.set(Vec::new());
        let filters = AuditFilters {
            user: typed_user.get_untracked(),
            ticket_id,
            kind: chosen_kind.get_untracked(),
            from,
            to,
        };
        navigate(&format!("{PATH}{}", filters.query()), Default::default());
    };

    let ticket_cell = move |entry: &AuditEntry| match entry.ticket_id {
        None => view! { "—" }.into_any(),
        Some(id) => match Some(entry.ticket_number.clone()).filter(|n| !n.is_empty()) {
            Some(number) => {
                view! { <a href=format!("/tickets/{id}") class="whitespace-nowrap">{number}</a> }
                    .into_any()
            }
            None if entry.what.contains("draft") => {
                view! { {format!("Draft {id} (not submitted)")} }.into_any()
            }
            None => view! { {format!("Ticket {id}")} }.into_any(),
        },
    };

    let row = move |entry: AuditEntry| {
        let ticket = ticket_cell(&entry);
        let detail = (!entry.detail.is_empty()).then(|| {
            view! { <span class="block text-secondary">{entry.detail.clone()}</span> }
        });
        view! {
            <tr class="border-b border-border align-top">
                <td class="py-3 pr-3">{when_words(&entry.at)}</td>
                <td class="py-3 pr-3 break-all">{entry.username.clone()}</td>
                <td class="py-3 pr-3 whitespace-nowrap">{entry.client.clone()}</td>
                <td class="py-3 pr-3 whitespace-nowrap">{ticket}</td>
                <td class="py-3">{what_words(&entry.what)}{detail}</td>
            </tr>
        }
    };

    let filtered = move || applied.get() != AuditFilters::default();

    view! {
        <ErrorSummary errors=errors />
        <span class="block text-xl text-secondary mb-1">"Administration"</span>
        <h1 class="text-4xl font-bold mb-6">"Audit log"</h1>
        <p class="mb-6">
            "Every look at protected health information (a ticket or a draft opened, a file downloaded, a look refused) and every security event (sign-ins, passwords, accounts, decisions, settings), with who, from which address and when. Entries are never changed or removed. Newest first."
        </p>
        <form
            method="get"
            action=PATH
            novalidate
            on:submit=on_submit
            class="mb-8 border-b border-border"
            aria-label="Filter the audit log"
        >
            <div class="md:grid md:grid-cols-2 md:gap-x-6">
                <TextField
                    id="user"
                    label="Username"
                    hint="The account's username, or the username typed at a failed sign-in."
                    value=typed_user
                    autocomplete="off"
                    spellcheck=false
                    width="w-full"
                />
                <TextField
                    id="ticket_id"
                    label="Ticket"
                    hint="Its number, like 123 or PRP-2026-000123."
                    value=typed_ticket
                    error=message_for(errors, "ticket_id")
                    inputmode="numeric"
                    autocomplete="off"
                    spellcheck=false
                    width="w-full"
                />
                <div class="mb-6">
                    <label for="kind" class="block font-bold mb-1">"What"</label>
                    <select
                        id="kind"
                        name="kind"
                        class="input w-full"
                        on:change=move |ev| chosen_kind.set(event_target_value(&ev))
                        prop:value=move || chosen_kind.get()
                    >
                        <option value="">"Anything"</option>
                        {KINDS
                            .iter()
                            .map(|(kind, words)| view! { <option value=*kind>{*words}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="md:grid md:grid-cols-2 md:gap-x-4">
                    <TextField
                        id="from"
                        label="From"
                        hint="Like 2026-12-01."
                        value=typed_from
                        error=message_for(errors, "from")
                        autocomplete="off"
                        spellcheck=false
                        width="w-full"
                    />
                    <TextField
                        id="to"
                        label="To"
                        hint="Like 2026-12-31."
                        value=typed_to
                        error=message_for(errors, "to")
                        autocomplete="off"
                        spellcheck=false
                        width="w-full"
                    />
                </div>
            </div>
            <div class="flex flex-wrap items-center gap-6 mb-6">
                <button type="submit" class="btn btn-secondary">"Show"</button>
                {move || filtered().then(|| view! { <a href=PATH>"Clear the filters"</a> })}
                <a href=move || audit_csv_href(&applied.get()) download="" id="audit-csv">
                    "Download these entries as a spreadsheet (CSV)"
                </a>
            </div>
        </form>
        {move || match entries.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok((_, page))) if page.total > 0 && page.items.is_empty() => view! {
                <PastTheEnd id="audit-past-end" first=query.with_untracked(|q| page_href(PATH, q, 1)) />
            }
            .into_any(),
            Some(Ok((_, page))) if page.items.is_empty() => view! {
                <p class="text-xl mb-4" id="audit-empty">
                    {if filtered() { "No entries match these filters." } else { "The audit log is empty." }}
                </p>
            }
            .into_any(),
            Some(Ok((number, page))) => {
                let offset = offset_of(number, AUDIT_PAGE);
                let first = offset + 1;
                let last = offset + page.items.len();
                let total = page.total;
                let caption = format!("Entries {first} to {last} of {total}, newest first");
                view! {
                    <div class="overflow-x-auto mb-6" tabindex="0" role="region" aria-label="Audit log entries (scrolls sideways)">
                        <table class="w-full text-left border-collapse text-base" id="audit-log">
                            <caption class="text-left text-xl font-bold mb-3">{caption}</caption>
                            <thead>
                                <tr class="border-b-2 border-ink">
                                    <th scope="col" class="py-2 pr-3">"When"</th>
                                    <th scope="col" class="py-2 pr-3">"Who"</th>
                                    <th scope="col" class="py-2 pr-3">"From address"</th>
                                    <th scope="col" class="py-2 pr-3">"Ticket"</th>
                                    <th scope="col" class="py-2">"What"</th>
                                </tr>
                            </thead>
                            <tbody>{page.items.into_iter().map(row).collect_view()}</tbody>
                        </table>
                    </div>
                    <Pages
                        total=total
                        per_page=AUDIT_PAGE
                        current=number
                        href=move |n| query.with_untracked(|q| page_href(PATH, q, n))
                        label="Pages of the audit log"
                    />
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
