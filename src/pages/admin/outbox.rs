//! HFS administrators: email (`docs/email.md`). The reminders' lead times, the MCOs' own mailboxes,
//! and the outbox: every message with its state (queued, sent, failed), its attempts and the last
//! error. Bodies are not shown.

use leptos::prelude::*;
use rules::wire::accounts::Role;
use rules::wire::mail::{MailSettingsInput, McoMailboxEntry, OutboxEntry};

use crate::api;
use crate::components::form_errors::{from_api_error, message_for, send_form};
use crate::components::{
    ErrorSummary, FieldError, LoadProblem, Loading, RequireRole, SuccessBanner, TextField,
};
use crate::page::use_title;

#[component]
pub fn Outbox() -> impl IntoView {
    view! {
        <RequireRole roles=&[Role::HfsAdmin]>
            <OutboxPage />
        </RequireRole>
    }
}

/// "2, 0" from the lead times.
fn leads_text(leads: &[u32]) -> String {
    leads
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The lead times typed ("2, 0" or "2 0"), or what is wrong.
fn parse_leads(text: &str) -> Result<Vec<u32>, String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<u32>().map_err(|_| {
                "Enter whole numbers of business days, separated by commas, like 2, 0".to_owned()
            })
        })
        .collect()
}

fn state_words(state: &str) -> &'static str {
    match state {
        "queued" => "Queued",
        "sent" => "Sent",
        "failed" => "Failed",
        _ => "Unknown",
    }
}

#[component]
fn OutboxPage() -> impl IntoView {
    let outbox = LocalResource::new(api::admin::admin_outbox);
    let settings = LocalResource::new(api::admin::mail_settings);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let leads = RwSignal::new(String::new());
    use_title(|| "Email".into(), move || errors.with(|e| !e.is_empty()));
    Effect::new(move |_| {
        if let Some(Ok(view)) = settings.get() {
            leads.set(leads_text(&view.reminder_lead_days));
        }
    });

    let save_leads = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let parsed = match parse_leads(&leads.get_untracked()) {
            Ok(parsed) => parsed,
            Err(m) => {
                errors.set(vec![FieldError::new("reminder_lead_days", m)]);
                return;
            }
        };
        send_form(
            busy,
            async move {
                api::admin::change_mail_settings(&MailSettingsInput {
                    reminder_lead_days: parsed,
                })
                .await
            },
            move |result| match result {
                Ok(view) => {
                    errors.set(Vec::new());
                    leads.set(leads_text(&view.reminder_lead_days));
                    done.set(Some(if view.reminder_lead_days.is_empty() {
                        "Reminders are turned off.".to_owned()
                    } else {
                        format!(
                            "Reminders now go out {} business days before each due date (0: on its morning).",
                            leads_text(&view.reminder_lead_days)
                        )
                    }));
                    settings.refetch();
                }
                Err(e) => errors.set(from_api_error(&e, &[], "reminder_lead_days")),
            },
        );
    };

    let mailbox_row = move |entry: McoMailboxEntry| {
        let id = entry.mco_id;
        let field = format!("mailbox-{id}");
        let value = RwSignal::new(entry.mailbox.clone().unwrap_or_default());
        let name = entry.name.clone();
        let error = message_for(errors, field.clone());
        let save = {
            let field = field.clone();
            move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                if busy.get_untracked() {
                    return;
                }
                let typed = value.get_untracked();
                let field = field.clone();
                let name = name.clone();
                send_form(
                    busy,
                    async move { api::admin::set_mco_mailbox(id, &typed).await },
                    move |result| match result {
                        Ok(_) => {
                            errors.set(Vec::new());
                            done.set(Some(format!("The email address of {name} is saved.")));
                        }
                        Err(e) => errors.set(from_api_error(&e, &[("mailbox", &field)], &field)),
                    },
                );
            }
        };
        view! {
            <form novalidate on:submit=save class="md:flex md:items-end md:gap-6 border-b border-border pt-4">
                <TextField
                    id=field.clone()
                    label=format!("Email address for {}", entry.name)
                    hint="Leave it empty to email the MCO's approved users."
                    value=value
                    error=error
                    input_type="email"
                    autocomplete="off"
                    spellcheck=false
                    width="w-full md:w-96"
                />
                <button type="submit" class="btn btn-secondary mb-6">
                    "Save"<span class="sr-only">{format!(" the address of {}", entry.name)}</span>
                </button>
            </form>
        }
    };

    let message_row = |m: OutboxEntry| {
        let when = rules::illinois::instant_in_words(&m.created_at);
        let sent = m
            .sent_at
            .as_deref()
            .map(rules::illinois::instant_in_words)
            .unwrap_or_else(|| "—".to_owned());
        let problem = m.last_error.clone().unwrap_or_else(|| "—".to_owned());
        view! {
            <tr class="border-b border-border align-top">
                <td class="py-3 pr-3">{when}</td>
                <td class="py-3 pr-3 break-all">{m.to.clone()}</td>
                <td class="py-3 pr-3">{m.subject.clone()}</td>
                <td class="py-3 pr-3">{state_words(&m.state)}</td>
                <td class="py-3 pr-3">{m.attempts}</td>
                <td class="py-3 pr-3">{sent}</td>
                <td class="py-3 break-all">{problem}</td>
            </tr>
        }
    };

    view! {
        <ErrorSummary errors=errors />
        <SuccessBanner message=done />
        <span class="block text-xl text-secondary mb-1">"Administration"</span>
        <h1 class="text-4xl font-bold mb-6">"Email"</h1>

        <h2 class="text-2xl font-bold mb-4">"Reminders"</h2>
        <p class="mb-4">
            "Before each due date a party owes, the portal emails them a reminder. Say how many business days before the due date each reminder goes out; 0 is the morning of the due date itself (Central time)."
        </p>
        <form novalidate on:submit=save_leads class="mb-8 md:flex md:items-end md:gap-6">
            <TextField
                id="reminder_lead_days"
                label="Business days before the due date"
                hint="Up to 3 numbers from 0 to 10, separated by commas, like 2, 0. Leave it empty to turn reminders off."
                value=leads
                error=message_for(errors, "reminder_lead_days")
                inputmode="numeric"
                autocomplete="off"
                spellcheck=false
                width="w-full md:w-64"
            />
            <button type="submit" class="btn btn-primary mb-6">"Save the reminders"</button>
        </form>

        <h2 class="text-2xl font-bold mb-4">"MCO email addresses"</h2>
        {move || match settings.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok(view)) => {
                let hfs = match view.hfs_mailbox.clone() {
                    Some(mailbox) => format!("HFS notices go to {mailbox}."),
                    None => "No HFS mailbox is set (the server's --hfs-mailbox): HFS notices are not emailed.".to_owned(),
                };
                view! {
                    <p class="mb-4">{hfs}</p>
                    <div class="mb-8">{view.mco_mailboxes.into_iter().map(mailbox_row).collect_view()}</div>
                }
                .into_any()
            }
        }}

        <h2 class="text-2xl font-bold mb-4">"Outbox"</h2>
        {move || match outbox.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
            Some(Ok(outbox)) => {
                let sending = if outbox.sending {
                    "The portal sends email through its mail relay."
                } else {
                    "No mail relay is set (the server's --smtp-url): messages stay in the outbox and are not sent."
                };
                let counts = format!(
                    "{} queued, {} sent, {} failed.",
                    outbox.queued, outbox.sent, outbox.failed
                );
                if outbox.messages.is_empty() {
                    return view! {
                        <p class="mb-4">{sending}</p>
                        <p class="text-xl mb-4" id="outbox-empty">"No email has been written yet."</p>
                    }
                    .into_any();
                }
                view! {
                    <p class="mb-2">{sending}</p>
                    <p class="mb-4" id="outbox-counts">{counts}</p>
                    <div class="overflow-x-auto mb-6" tabindex="0" role="region" aria-label="Emails (scrolls sideways in a narrow window)">
                        <table class="w-full text-left border-collapse text-base" id="outbox">
                            <caption class="text-left text-xl font-bold mb-3">"Messages, newest first"</caption>
                            <thead>
                                <tr class="border-b-2 border-ink">
                                    <th scope="col" class="py-2 pr-3">"Written"</th>
                                    <th scope="col" class="py-2 pr-3">"To"</th>
                                    <th scope="col" class="py-2 pr-3">"Subject"</th>
                                    <th scope="col" class="py-2 pr-3">"State"</th>
                                    <th scope="col" class="py-2 pr-3">"Attempts"</th>
                                    <th scope="col" class="py-2 pr-3">"Sent"</th>
                                    <th scope="col" class="py-2">"Last error"</th>
                                </tr>
                            </thead>
                            <tbody>{outbox.messages.into_iter().map(message_row).collect_view()}</tbody>
                        </table>
                    </div>
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
    fn lead_times_are_read_as_typed() {
        assert_eq!(parse_leads("2, 0"), Ok(vec![2, 0]));
        assert_eq!(parse_leads("3 1"), Ok(vec![3, 1]));
        assert_eq!(parse_leads(""), Ok(vec![]));
        assert!(parse_leads("two").is_err());
        assert_eq!(leads_text(&[2, 0]), "2, 0");
    }
}
