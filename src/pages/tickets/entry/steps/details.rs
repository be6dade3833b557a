//! What the dispute is about, in the provider's words.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use rules::tickets::{Step, TEXT_MAX_CHARS};
use rules::wire::ErrorBody;

use super::super::fields::CountedTextArea;
use super::{caption, continue_with, page_title, shower, Entry, Page};
use crate::components::{BackLink, ErrorSummary, FieldError, SendButton};

#[component]
pub(super) fn DetailsPage(entry: Entry) -> impl IntoView {
    let navigate = use_navigate();
    let form = entry.form();
    let description = RwSignal::new(form.description.clone());
    let outcome = RwSignal::new(form.desired_outcome.clone());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(false);
    const TITLE: &str = "Tell us about the dispute";
    page_title(TITLE, errors);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut form = entry.form();
        form.description = description.get_untracked();
        form.desired_outcome = outcome.get_untracked();
        continue_with(
            entry,
            Step::Details,
            form,
            ErrorBody::default(),
            busy,
            shower(
                errors,
                &[
                    ("description", "description"),
                    ("desired_outcome", "desired-outcome"),
                ],
            ),
            navigate.clone(),
        );
    };
    view! {
        <BackLink href=entry.back_path(Page::Question(Step::Details)) />
        <ErrorSummary errors=errors />
        <form novalidate on:submit=on_submit>
            {caption()}
            <h1 class="text-4xl font-bold mb-8">{TITLE}</h1>
            <CountedTextArea
                id="description"
                label="What is wrong?"
                hint="Say what the MCO did or did not do, and why you think it is wrong."
                value=description
                max=TEXT_MAX_CHARS
                errors=errors
            />
            <CountedTextArea
                id="desired-outcome"
                label="What do you want the MCO to do?"
                hint="For example, pay the claim at the contracted rate."
                value=outcome
                max=TEXT_MAX_CHARS
                errors=errors
            />
            <SendButton sending=busy>"Continue"</SendButton>
        </form>
    }
}
