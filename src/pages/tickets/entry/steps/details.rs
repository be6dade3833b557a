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
    let access = RwSignal::new(form.access_to_care == Some(true));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(false);
    const TITLE: &str = "Tell us about the dispute";
    page_title(TITLE, errors);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut form = entry.form();
        form.description = description.get_untracked();
        form.desired_outcome = outcome.get_untracked();
        form.access_to_care = Some(access.get_untracked());
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
            <fieldset class="mb-8" aria-describedby="access-to-care-hint">
                <legend class="block text-xl font-bold mb-1">"Access to care"</legend>
                <div id="access-to-care-hint" class="text-secondary mb-3">
                    "HFS expedites issues that affect a member's immediate access to care. Tick the box only if this one does."
                </div>
                <div class="flex items-start gap-3">
                    <input
                        type="checkbox"
                        id="access-to-care"
                        name="access-to-care"
                        class="w-8 h-8 mt-0.5 shrink-0"
                        prop:checked=move || access.get()
                        on:change=move |ev| access.set(event_target_checked(&ev))
                    />
                    <label for="access-to-care" class="text-lg">
                        "This issue stops a member from getting care they need now"
                    </label>
                </div>
            </fieldset>
            <SendButton sending=busy>"Continue"</SendButton>
        </form>
    }
}
