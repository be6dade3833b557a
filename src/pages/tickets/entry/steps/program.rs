//! The program the dispute is about, and the two yes-or-no questions that decide whether the
//! portal can take it.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use rules::tickets::Step;
use rules::wire::ErrorBody;

use super::{caption, continue_with, page_title, shower, Entry, Page};
use crate::components::form_errors::message_for;
use crate::components::{BackLink, ErrorSummary, FieldError, RadioOption, Radios, SendButton};

fn yes_no(answer: Option<bool>) -> Option<&'static str> {
    answer.map(|a| if a { "yes" } else { "no" })
}

#[component]
pub(super) fn ProgramPage(entry: Entry) -> impl IntoView {
    let navigate = use_navigate();
    let form = entry.form();
    let program = RwSignal::new(
        form.program
            .as_deref()
            .and_then(rules::eligibility::Program::parse)
            .map(rules::eligibility::Program::as_str),
    );
    let internal = RwSignal::new(yes_no(form.internal_process_exhausted));
    let prior = RwSignal::new(yes_no(form.prior_authorization_not_obtained));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(false);
    const TITLE: &str = "The program and the MCO's process";
    page_title(TITLE, errors);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut form = entry.form();
        form.program = program.get_untracked().map(String::from);
        form.internal_process_exhausted = internal.get_untracked().map(|v| v == "yes");
        form.prior_authorization_not_obtained = prior.get_untracked().map(|v| v == "yes");
        continue_with(
            entry,
            Step::Program,
            form,
            ErrorBody::default(),
            busy,
            shower(
                errors,
                &[
                    ("program", "program"),
                    ("internal_process_exhausted", "internal-process"),
                    ("prior_authorization_not_obtained", "prior-authorization"),
                ],
            ),
            navigate.clone(),
        );
    };
    view! {
        <BackLink href=entry.back_path(Page::Question(Step::Program)) />
        <ErrorSummary errors=errors />
        <form novalidate on:submit=on_submit>
            {caption()}
            <h1 class="text-4xl font-bold mb-8">{TITLE}</h1>
            <Radios
                id="program"
                caption=""
                legend="Which program is the dispute about?"
                options=vec![
                    RadioOption {
                        value: "medicaid",
                        label: "Medicaid, through a managed care organization (MCO)",
                        hint: Some("Including the Medicaid part of a claim for a member who also has Medicare"),
                    },
                    RadioOption {
                        value: "medicare_only",
                        label: "Medicare only",
                        hint: Some("Including a Medicare-covered service for a member who has both Medicare and Medicaid"),
                    },
                    RadioOption {
                        value: "fee_for_service",
                        label: "Medicaid fee-for-service, not through an MCO",
                        hint: None,
                    },
                ]
                selected=program
                error=message_for(errors, "program")
                plain_legend=true
            />
            <Radios
                id="internal-process"
                caption=""
                legend="Have you used and finished the MCO's own dispute process?"
                hint="This means every step the MCO offers, including peer-to-peer review."
                options=vec![RadioOption::YES, RadioOption::NO]
                selected=internal
                error=message_for(errors, "internal-process")
                inline=true
                plain_legend=true
            />
            <Radios
                id="prior-authorization"
                caption=""
                legend="Is the dispute about a service that needed a prior authorization you did not get?"
                hint="For example, a claim denied because a required prior authorization was not obtained."
                options=vec![RadioOption::YES, RadioOption::NO]
                selected=prior
                error=message_for(errors, "prior-authorization")
                inline=true
                plain_legend=true
            />
            <SendButton sending=busy>"Continue"</SendButton>
        </form>
    }
}
