//! The claim the dispute is about.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use rules::tickets::Step;
use rules::wire::ErrorBody;

use super::{caption, continue_with, page_title, shower, Entry, Page};
use crate::components::form_errors::message_for;
use crate::components::{BackLink, ErrorSummary, FieldError, SendButton, TextField};

#[component]
pub(super) fn ClaimPage(entry: Entry) -> impl IntoView {
    let navigate = use_navigate();
    let claim = RwSignal::new(entry.form().claim_number);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(false);
    const TITLE: &str = "What is the claim number?";
    page_title(TITLE, errors);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut form = entry.form();
        form.claim_number = claim.get_untracked();
        continue_with(
            entry,
            Step::Claim,
            form,
            ErrorBody::default(),
            busy,
            shower(errors, &[("claim_number", "claim-number")]),
            navigate.clone(),
        );
    };
    view! {
        <BackLink href=entry.back_path(Page::Question(Step::Claim)) />
        <ErrorSummary errors=errors />
        <form novalidate on:submit=on_submit>
            {caption()}
            <TextField
                id="claim-number"
                label=TITLE
                hint="As it appears on the claim or the remittance advice."
                value=claim
                error=message_for(errors, "claim-number")
                autocomplete="off"
                spellcheck=false
                width="w-full md:w-1/2"
                heading=true
            />
            <SendButton sending=busy>"Continue"</SendButton>
        </form>
    }
}
