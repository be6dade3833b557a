use crate::nav::use_navigate;
use leptos::prelude::*;
use rules::dates::long_date;
use rules::eligibility::Program;

use super::state::{EligibilityAnswers, Step};
use super::CAPTION;
use crate::components::{BackLink, ErrorSummary, FieldError};
use crate::page::use_title;

fn yes_no(answer: Option<bool>) -> Option<String> {
    answer.map(|a| if a { "Yes" } else { "No" }.to_string())
}

fn program_words(program: Program) -> &'static str {
    match program {
        Program::Medicaid => "Medicaid, through a managed care organization (MCO)",
        Program::MedicareOnly => "Medicare only",
        Program::FeeForService => "Medicaid fee-for-service, not through an MCO",
    }
}

/// The question as the summary shows it, and the hidden words of its "Change" link.
fn row_words(step: Step) -> (&'static str, &'static str) {
    match step {
        Step::Program => ("Program", "which program the dispute is about"),
        Step::InternalProcess => (
            "MCO's dispute process finished",
            "whether you finished the MCO's dispute process",
        ),
        Step::TrackingNumber => ("MCO tracking number", "whether you have a tracking number"),
        Step::ReceivedDate => (
            "Date the MCO received your dispute",
            "the date the MCO received your dispute",
        ),
        Step::PriorAuthorization => (
            "About a prior authorization you did not get",
            "whether the dispute is about a prior authorization you did not get",
        ),
    }
}

#[component]
pub fn CheckAnswers() -> impl IntoView {
    let answers = EligibilityAnswers::use_context();
    let navigate = use_navigate();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    use_title(
        || "Check your answers".into(),
        move || errors.with(|e| !e.is_empty()),
    );
    let answer_of = move |step: Step| -> Option<String> {
        match step {
            Step::Program => answers.program.get().map(|p| program_words(p).to_string()),
            Step::InternalProcess => yes_no(answers.internal_process_exhausted.get()),
            Step::TrackingNumber => yes_no(answers.has_tracking_number.get()),
            Step::ReceivedDate => answers.received_on.get().map(long_date),
            Step::PriorAuthorization => yes_no(answers.prior_authorization_not_obtained.get()),
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let missing: Vec<FieldError> = Step::ALL
            .into_iter()
            .filter(|s| answer_of(*s).is_none())
            .map(|s| {
                FieldError::new(
                    format!("row-{}", s.path().rsplit('/').next().unwrap_or_default()),
                    format!("Answer the question: {}", row_words(s).1),
                )
            })
            .collect();
        if missing.is_empty() {
            navigate("/eligibility/result", Default::default());
        } else {
            errors.set(missing);
        }
    };
    view! {
        <BackLink href=Signal::derive(|| Step::PriorAuthorization.path().to_string()) />
        <ErrorSummary errors=errors />
        <span class="block text-xl text-secondary mb-1">{CAPTION}</span>
        <h1 class="text-4xl font-bold mb-8">"Check your answers"</h1>
        <dl class="mb-10 border-t border-border">
            {Step::ALL
                .into_iter()
                .map(|step| {
                    let (question, hidden) = row_words(step);
                    let row_id = format!("row-{}", step.path().rsplit('/').next().unwrap_or_default());
                    let change_href = format!("{}?change=true", step.path());
                    view! {
                        <div class="md:flex border-b border-border py-3 gap-4">
                            <dt class="font-bold md:w-1/3">{question}</dt>
                            <dd class="md:w-1/2">
                                {move || answer_of(step).unwrap_or_else(|| "Not answered yet".into())}
                            </dd>
                            <dd class="md:w-1/6 md:text-right">
                                <a id=row_id href=change_href>
                                    {move || if answer_of(step).is_some() { "Change" } else { "Answer" }}
                                    <span class="sr-only">" " {hidden}</span>
                                </a>
                            </dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
        <form novalidate on:submit=on_submit>
            <button type="submit" class="btn">"See if you can file"</button>
        </form>
    }
}
