//! Who the MCO and HFS contact about the ticket.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use rules::tickets::Step;
use rules::wire::ErrorBody;

use super::{caption, continue_with, page_title, shower, Entry, Page};
use crate::api::account;
use crate::components::form_errors::message_for;
use crate::components::{BackLink, ErrorSummary, FieldError, SendButton, TextField};

#[component]
pub(super) fn ContactPage(entry: Entry) -> impl IntoView {
    let navigate = use_navigate();
    let form = entry.form();
    let name = RwSignal::new(form.contact_name.clone());
    let phone = RwSignal::new(form.contact_phone.clone());
    let email = RwSignal::new(form.contact_email.clone());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(false);
    const TITLE: &str = "Who should be contacted about this ticket?";
    page_title(TITLE, errors);
    // Filled in from the user's own profile the first time; never over what was typed.
    let blank = [&form.contact_name, &form.contact_phone, &form.contact_email]
        .iter()
        .all(|s| s.trim().is_empty());
    if blank {
        spawn_local(async move {
            if let Ok(registration) = account::registration().await {
                if let Some(profile) = registration.profile {
                    let fill = |signal: RwSignal<String>, value: String| {
                        if signal.with_untracked(|s| s.trim().is_empty()) {
                            signal.set(value);
                        }
                    };
                    fill(
                        name,
                        format!("{} {}", profile.first_name, profile.last_name)
                            .trim()
                            .to_string(),
                    );
                    fill(phone, profile.contact_phone);
                    fill(email, profile.contact_email);
                }
            }
        });
    }
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut form = entry.form();
        form.contact_name = name.get_untracked();
        form.contact_phone = phone.get_untracked();
        form.contact_email = email.get_untracked();
        continue_with(
            entry,
            Step::Contact,
            form,
            ErrorBody::default(),
            busy,
            shower(
                errors,
                &[
                    ("contact_name", "contact-name"),
                    ("contact_phone", "contact-phone"),
                    ("contact_email", "contact-email"),
                ],
            ),
            navigate.clone(),
        );
    };
    view! {
        <BackLink href=entry.back_path(Page::Question(Step::Contact)) />
        <ErrorSummary errors=errors />
        <form novalidate on:submit=on_submit>
            {caption()}
            <h1 class="text-4xl font-bold mb-4">{TITLE}</h1>
            <p class="mb-8">"The MCO and HFS use these details to reach you about this ticket. We filled them in from your profile: change them if someone else should be contacted."</p>
            <TextField
                id="contact-name"
                label="Full name"
                value=name
                error=message_for(errors, "contact-name")
                autocomplete="name"
                spellcheck=false
                width="w-full md:w-1/2"
            />
            <TextField
                id="contact-phone"
                label="Phone number"
                hint="For example, 217 555 0100"
                value=phone
                error=message_for(errors, "contact-phone")
                autocomplete="tel"
                input_type="tel"
                width="w-full md:w-1/3"
            />
            <TextField
                id="contact-email"
                label="Email address"
                value=email
                error=message_for(errors, "contact-email")
                autocomplete="email"
                input_type="email"
                spellcheck=false
                width="w-full md:w-1/2"
            />
            <SendButton sending=busy>"Continue"</SendButton>
        </form>
    }
}
