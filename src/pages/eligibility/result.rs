use leptos::prelude::*;
use rules::countdown::Kind;
use rules::dates::long_date;
use rules::eligibility::{check, safe_file_by, Reason, Status};

use super::state::{EligibilityAnswers, Step};
use super::CAPTION;
use crate::clock::{use_calendar, use_clock};
use crate::components::{ButtonLink, Countdown};
use crate::page::use_title;

fn heading(status: Status) -> &'static str {
    match status {
        Status::Open => "You can file your dispute now",
        Status::TooEarly => "You cannot file your dispute yet",
        Status::TooLate => "The time to file this dispute has passed",
        Status::NotEligible => "This dispute cannot go to the portal",
    }
}

#[component]
pub fn ResultPage() -> impl IntoView {
    let answers = EligibilityAnswers::use_context();
    let calendar = use_calendar();
    let today = use_clock().illinois_today();
    // The first answer that ruled the dispute out, if any: the checker stopped there.
    let stopped = Memo::new(move |_| answers.ruled_out(today.get()));
    // Recomputed when the Illinois date changes (at midnight a "too early" can become "open").
    let result = Memo::new(move |_| {
        let today = today.get();
        let mut answers = answers.partial();
        if let Some((Step::ReceivedDate, _)) = stopped.get() {
            // The window closed: the last question was not asked, and does not change that.
            answers
                .prior_authorization_not_obtained
                .get_or_insert(false);
        }
        Some(rules::eligibility::Answers {
            program: answers.program?,
            internal_process_exhausted: answers.internal_process_exhausted?,
            has_tracking_number: answers.has_tracking_number?,
            mco_received_on: answers.mco_received_on?,
            prior_authorization_not_obtained: answers.prior_authorization_not_obtained?,
        })
        .map(|a| check(&calendar, &a, today))
    });
    // The page is rebuilt only when the outcome itself changes, not when `days_left` counts down:
    // the countdowns on it keep running and announce their own thresholds.
    let outcome = Memo::new(move |_| result.get().map(|r| (r.status, r.reasons)));
    let first_outcome = outcome.get_untracked();
    use_title(
        move || {
            outcome
                .get()
                .map(|(s, _)| heading(s).to_string())
                .unwrap_or_else(|| "Answer every question first".into())
        },
        || false,
    );
    // When the outcome changes while the page is open (the window opens or closes at midnight),
    // screen readers are told the new heading.
    let changed = move || match outcome.get() {
        Some((status, _)) if outcome.with(|o| o != &first_outcome) => {
            format!("The result has changed: {}.", heading(status))
        }
        _ => String::new(),
    };
    view! {
        <p class="sr-only" aria-live="polite">{changed}</p>
        {move || match (stopped.get(), outcome.get()) {
            (Some((step, reason)), _) if step != Step::ReceivedDate => {
                view! { <RuledOut step=step reason=reason /> }.into_any()
            }
            (_, None) => view! { <Unanswered /> }.into_any(),
            (_, Some(_)) => view! { <Outcome result=result.get_untracked().expect("outcome follows result") /> }.into_any(),
        }}
    }
}

/// The question whose answer ruled the dispute out, as the result page names it.
fn question_words(step: Step) -> &'static str {
    match step {
        Step::Program => "Which program is the dispute about?",
        Step::InternalProcess => "Have you used and finished the MCO's own dispute process?",
        Step::TrackingNumber => "Did the MCO give you a tracking number for this dispute?",
        Step::ReceivedDate => "When did the MCO receive your dispute?",
        Step::PriorAuthorization => {
            "Is the dispute about a service that needed a prior authorization you did not get?"
        }
    }
}

/// The checker stopped at the first answer that rules the dispute out: why, and what to do
/// instead; no further question is asked.
#[component]
fn RuledOut(step: Step, reason: Reason) -> impl IntoView {
    let answers = EligibilityAnswers::use_context();
    view! {
        <span class="block text-xl text-secondary mb-1">{CAPTION}</span>
        <div class="border-l-8 border-error bg-panel p-6 mb-8">
            <h1 class="text-4xl font-bold">{heading(Status::NotEligible)}</h1>
        </div>
        <p class="mb-2">"Your answer to " <strong>{question_words(step)}</strong> " rules it out:"</p>
        <div class="border-l-4 border-border pl-4 mb-6">
            <p class="font-bold mb-1">{reason.explanation()}</p>
            <p>{reason.next_step()}</p>
        </div>
        <p class="mb-6">"We stopped here: the other questions would not change this."</p>
        <p class="mb-4">
            <a href=step.path()>"Change your answer"</a>
        </p>
        <p>
            <a href="/eligibility/program" on:click=move |_| answers.clear()>"Check another dispute"</a>
        </p>
    }
}

#[component]
fn Unanswered() -> impl IntoView {
    view! {
        <h1 class="text-4xl font-bold mb-6">"Answer every question first"</h1>
        <p class="mb-6">"We need all your answers to tell you if you can file. We do not keep answers after you leave or reload the page."</p>
        <ButtonLink href="/eligibility/program">"Start the questions"</ButtonLink>
    }
}

#[component]
fn Outcome(result: rules::eligibility::Eligibility) -> impl IntoView {
    let answers = EligibilityAnswers::use_context();
    let calendar = use_calendar();
    let opens = long_date(result.opens_on);
    let closes = long_date(result.closes_on);
    let safe_by = safe_file_by(&calendar, result.closes_on).map(long_date);
    let panel_class = match result.status {
        Status::Open => "bg-success text-white p-6 mb-8",
        _ => "border-l-8 border-error bg-panel p-6 mb-8",
    };
    let summary = match result.status {
        Status::Open => view! {
            <p class="mb-4 text-xl">
                "Your filing window is open until the end of " <strong>{closes.clone()}</strong> "."
            </p>
            <p class="mb-6">"Time left to file: " <Countdown kind=Kind::WindowCloses date=result.closes_on /></p>
            {safe_by.clone().map(|d| view! {
                <div class="border-l-8 border-warning bg-panel p-4 mb-6">
                    <p>
                        <strong>"That day is a weekend day or a State holiday, and the window is not moved. "</strong>
                        "File by " <strong>{d}</strong> " to be safe."
                    </p>
                </div>
            })}
            <h2 class="text-2xl font-bold mb-3">"What to do next"</h2>
            <ol class="list-decimal pl-6 space-y-2 mb-6">
                <li>
                    <a href="/sign-in">"Sign in to the portal"</a>
                    ". If you have not registered yet, "
                    <a href="/register">"register first"</a>
                    {format!(": HFS usually checks a request within {}, so do not leave it to the last days of your window.", rules::rule_table::REGISTRATION_REVIEW.days_words())}
                </li>
                <li>"File one ticket for this dispute, for this MCO only, with the MCO's tracking number, the date the MCO received your dispute, the member's name, 9-digit Recipient ID (RIN) and dates of service."</li>
                <li>"For 2 to 100 similar claims with the same MCO, use the standard claims template in one ticket."</li>
            </ol>
        }
        .into_any(),
        Status::TooEarly => view! {
            <p class="mb-4 text-xl">
                "You can file from " <strong>{opens.clone()}</strong> " until the end of " <strong>{closes.clone()}</strong> "."
            </p>
            <p class="mb-6">"Time until your window opens: " <Countdown kind=Kind::WindowOpens date=result.opens_on /></p>
            <p class="mb-6">
                {format!("The MCO has {} to settle your dispute through its own process first. Keep working with the MCO; if it has not answered by then, you can file.", rules::rule_table::FILING_WINDOW_OPENS.days_words())}
            </p>
        }
        .into_any(),
        Status::TooLate => view! {
            <p class="mb-4 text-xl">
                "The window to file this dispute was from " <strong>{opens.clone()}</strong> " to " <strong>{closes.clone()}</strong> "."
            </p>
            <p class="mb-6"><Countdown kind=Kind::WindowCloses date=result.closes_on /></p>
            <p class="mb-6">{Reason::TooLate.explanation()} " " {Reason::TooLate.next_step()}</p>
        }
        .into_any(),
        Status::NotEligible => view! {
            <p class="mb-6 text-xl">"Tickets like this are closed by HFS. Here is why, and what you can do instead."</p>
            <ul class="space-y-6 mb-8">
                {result
                    .reasons
                    .iter()
                    .map(|r| view! {
                        <li class="border-l-4 border-border pl-4">
                            <p class="font-bold mb-1">{r.explanation()}</p>
                            <p>{r.next_step()}</p>
                        </li>
                    })
                    .collect_view()}
            </ul>
            <p class="mb-6 text-secondary">
                "For reference, the filing window for this dispute is " {opens.clone()} " to " {closes.clone()} "."
            </p>
        }
        .into_any(),
    };
    view! {
        <span class="block text-xl text-secondary mb-1">{CAPTION}</span>
        <div class=panel_class>
            <h1 class="text-4xl font-bold">{heading(result.status)}</h1>
        </div>
        {summary}
        <p class="mb-4">
            <a href="/eligibility/check">"Change your answers"</a>
        </p>
        <p>
            <a href="/eligibility/program" on:click=move |_| answers.clear()>"Check another dispute"</a>
        </p>
    }
}
