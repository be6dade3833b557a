//! One question per page. Each checks its answer on Continue (never on blur), keeps what the user
//! entered, and on a problem shows the error summary and the message by the field.

use crate::nav::{use_navigate, use_query_map};
use leptos::prelude::*;
use rules::eligibility::{check_received_on, Program};
use rules::forms::{check_supported_year, parse_date_parts, DateError, DateFields};

use super::state::{EligibilityAnswers, Step};
use super::CAPTION;
use crate::clock::use_clock;
use crate::components::{
    BackLink, DateInput, ErrorSummary, FieldError, McoDisputePicker, RadioOption, Radios,
};
use crate::page::use_title;

/// Whether the page was reached by a "Change" link on the summary (then Continue returns there).
fn use_changing() -> Signal<bool> {
    let query = use_query_map();
    Signal::derive(move || query.read().get("change").is_some())
}

fn continue_button() -> impl IntoView {
    view! { <button type="submit" class="btn">"Continue"</button> }
}

/// A question answered Yes or No, stored in `answer`.
#[component]
fn YesNoQuestion(
    step: Step,
    id: &'static str,
    legend: &'static str,
    hint: &'static str,
    /// Shown when nothing is selected: "Select yes if ...".
    required_message: &'static str,
    answer: RwSignal<Option<bool>>,
) -> impl IntoView {
    let changing = use_changing();
    let navigate = use_navigate();
    let answers = EligibilityAnswers::use_context();
    let today = use_clock().illinois_today();
    let selected = RwSignal::new(answer.get_untracked().map(|a| if a { "yes" } else { "no" }));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let error = Signal::derive(move || errors.with(|e| e.first().map(|e| e.message.clone())));
    use_title(
        move || legend.to_string(),
        move || errors.with(|e| !e.is_empty()),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match selected.get_untracked() {
            None => errors.set(vec![FieldError::new(id, required_message)]),
            Some(value) => {
                answer.set(Some(value == "yes"));
                let next = answers.after(step, changing.get_untracked(), today.get_untracked());
                navigate(next, Default::default());
            }
        }
    };
    view! {
        <BackLink href=Signal::derive(move || step.back_path(changing.get()).to_string()) />
        <ErrorSummary errors=errors />
        <form novalidate on:submit=on_submit>
            <Radios
                id=id
                caption=CAPTION
                legend=legend
                hint=hint
                options=vec![RadioOption::YES, RadioOption::NO]
                selected=selected
                error=error
                inline=true
            />
            {continue_button()}
        </form>
    }
}

#[component]
pub fn ProgramQuestion() -> impl IntoView {
    let answers = EligibilityAnswers::use_context();
    let changing = use_changing();
    let navigate = use_navigate();
    let today = use_clock().illinois_today();
    let selected = RwSignal::new(answers.program.get_untracked().map(Program::as_str));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let error = Signal::derive(move || errors.with(|e| e.first().map(|e| e.message.clone())));
    const LEGEND: &str = "Which program is the dispute about?";
    use_title(
        || LEGEND.to_string(),
        move || errors.with(|e| !e.is_empty()),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match selected.get_untracked().and_then(Program::parse) {
            None => errors.set(vec![FieldError::new(
                "program",
                "Select which program the dispute is about",
            )]),
            Some(program) => {
                answers.program.set(Some(program));
                navigate(
                    answers.after(
                        Step::Program,
                        changing.get_untracked(),
                        today.get_untracked(),
                    ),
                    Default::default(),
                );
            }
        }
    };
    view! {
        <BackLink href=Signal::derive(move || Step::Program.back_path(changing.get()).to_string()) />
        <ErrorSummary errors=errors />
        <form novalidate on:submit=on_submit>
            <Radios
                id="program"
                caption=CAPTION
                legend=LEGEND
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
                selected=selected
                error=error
            />
            {continue_button()}
        </form>
    }
}

#[component]
pub fn InternalProcessQuestion() -> impl IntoView {
    let answers = EligibilityAnswers::use_context();
    view! {
        <YesNoQuestion
            step=Step::InternalProcess
            id="internal-process"
            legend="Have you used and finished the MCO's own dispute process?"
            hint="This means every step the MCO offers, including peer-to-peer review."
            required_message="Select yes if you have finished the MCO's dispute process"
            answer=answers.internal_process_exhausted
        />
    }
}

#[component]
pub fn TrackingNumberQuestion() -> impl IntoView {
    let answers = EligibilityAnswers::use_context();
    view! {
        <YesNoQuestion
            step=Step::TrackingNumber
            id="tracking-number"
            legend="Did the MCO give you a tracking number for this dispute?"
            hint="The MCO must give every dispute in its own process a tracking number. You need it to file a ticket."
            required_message="Select yes if the MCO gave you a tracking number"
            answer=answers.has_tracking_number
        />
        <McoDisputePicker />
    }
}

#[component]
pub fn PriorAuthorizationQuestion() -> impl IntoView {
    let answers = EligibilityAnswers::use_context();
    view! {
        <YesNoQuestion
            step=Step::PriorAuthorization
            id="prior-authorization"
            legend="Is the dispute about a service that needed a prior authorization you did not get?"
            hint="For example, a claim denied because a required prior authorization was not obtained."
            required_message="Select yes if the dispute is about a prior authorization you did not get"
            answer=answers.prior_authorization_not_obtained
        />
    }
}

const RECEIVED_LABEL: &str = "the date the MCO received your dispute";

/// Checks the three date fields in the GOV.UK order of importance, then the range rules.
pub fn check_received_date(
    parts: &rules::forms::DateParts,
    today: chrono::NaiveDate,
) -> Result<chrono::NaiveDate, DateError> {
    let date = check_supported_year(parse_date_parts(parts, RECEIVED_LABEL)?, RECEIVED_LABEL)?;
    check_received_on(date, today).map_err(|m| DateError {
        message: m.to_string(),
        fields: DateFields::ALL,
    })?;
    Ok(date)
}

#[component]
pub fn ReceivedDateQuestion() -> impl IntoView {
    let answers = EligibilityAnswers::use_context();
    let changing = use_changing();
    let navigate = use_navigate();
    let today = use_clock().illinois_today();
    let error = RwSignal::new(None::<DateError>);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    const LEGEND: &str = "When did the MCO receive your dispute?";
    use_title(
        || LEGEND.to_string(),
        move || errors.with(|e| !e.is_empty()),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match check_received_date(
            &answers.received_parts.get_untracked(),
            today.get_untracked(),
        ) {
            Err(e) => {
                errors.set(vec![FieldError::new(
                    format!("received-{}", e.fields.first()),
                    e.message.clone(),
                )]);
                error.set(Some(e));
            }
            Ok(date) => {
                answers.received_on.set(Some(date));
                navigate(
                    answers.after(
                        Step::ReceivedDate,
                        changing.get_untracked(),
                        today.get_untracked(),
                    ),
                    Default::default(),
                );
            }
        }
    };
    view! {
        <BackLink href=Signal::derive(move || Step::ReceivedDate.back_path(changing.get()).to_string()) />
        <ErrorSummary errors=errors />
        <form novalidate on:submit=on_submit>
            <DateInput
                id="received"
                caption=CAPTION
                legend=LEGEND
                hint="This is the day the MCO gave your dispute its tracking number."
                parts=answers.received_parts
                error=error
            />
            {continue_button()}
        </form>
    }
}
