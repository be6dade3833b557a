//! `/help`: "Using the portal": registering (for one facility or several), what to have ready
//! before filing, and the steps of a ticket, who acts when, with each clock in words (from the
//! rule table in `crates/rules`, the same words as "How deadlines are worked out").

use leptos::prelude::*;
use rules::rule_table::rule;
use rules::timeline::ClockKey;

use super::{LOGIN_HELP, PORTAL_INQUIRIES};
use crate::page::use_title;

/// The steps of a ticket, in order: who acts, and the clock that says by when.
const STEPS: [(&str, &str, &[ClockKey]); 6] = [
    (
        "You file the ticket",
        "After the MCO's own dispute process, with its tracking number.",
        &[ClockKey::FilingWindowOpens, ClockKey::FilingWindowCloses],
    ),
    (
        "HFS checks it and presents it to the MCO",
        "HFS closes a ticket that is incomplete, too early or too late.",
        &[ClockKey::PresentToMco],
    ),
    (
        "The MCO may ask you for more information",
        "You then answer in the portal, or show you already gave it to the MCO.",
        &[ClockKey::McoInfoRequest, ClockKey::ProviderInfoResponse],
    ),
    (
        "The MCO responds in writing",
        "Upheld or Overturned, with a plan and a contact. One extension may be asked for.",
        &[ClockKey::ExtensionRequest, ClockKey::McoResponse],
    ),
    (
        "You accept or contest the response",
        "If you do nothing, the ticket is closed.",
        &[ClockKey::ProviderDecision],
    ),
    (
        "HFS reviews a contested response (Administrative Review)",
        "Both sides send HFS their information; HFS's decision is final.",
        &[
            ClockKey::HfsReviewRequest,
            ClockKey::InformationDelivery,
            ClockKey::HfsDecision,
        ],
    ),
];

#[component]
pub fn UsingThePortal() -> impl IntoView {
    use_title(|| "Using the portal".into(), || false);
    let steps = STEPS
        .iter()
        .map(|(title, what, clocks)| {
            let clocks = clocks
                .iter()
                .map(|key| {
                    let r = rule(*key);
                    view! { <li><strong>{r.title}</strong> ": " {r.plain()}</li> }
                })
                .collect_view();
            view! {
                <li class="mb-6">
                    <h3 class="font-bold text-xl mb-1">{*title}</h3>
                    <p class="mb-2">{*what}</p>
                    <ul class="list-disc pl-6 space-y-1">{clocks}</ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <h1 class="text-4xl font-bold mb-6">"Using the portal"</h1>
        <p class="mb-8">"How to register, what to have ready, and what happens to a ticket, step by step. "
            <a href="/deadlines">"How deadlines are worked out"</a> " explains every date in detail."
        </p>

        <h2 class="text-2xl font-bold mb-4" id="register">"Registering"</h2>
        <h3 class="font-bold text-xl mb-2">"For one facility"</h3>
        <ol class="list-decimal pl-6 mb-6 space-y-1">
            <li><a href="/register">"Create an account"</a> " with your email address, a username and a password."</li>
            <li>"Fill in your profile completely: your name, your organization and its type, the Provider Medicaid ID and the NPI. Missing information delays or stops your registration."</li>
            <li>{format!("HFS reviews your request. {}", rule(ClockKey::RegistrationReview).plain())} " You get an email when it is approved (check your spam folder)."</li>
            <li>"Then sign in and file tickets. The name and email you register are the ones the MCO and HFS use for your tickets."</li>
        </ol>
        <h3 class="font-bold text-xl mb-2">"For several facilities (billing agents)"</h3>
        <ul class="list-disc pl-6 mb-8 space-y-1">
            <li>"Register once, then use " <strong>"Add facilities"</strong> " on your account to ask for each facility you work for, with its Provider Medicaid ID and NPI."</li>
            <li>"Or send HFS the list of facilities, and redeem the email invitation you get for each one with " <strong>"Redeem an invitation"</strong> ". Questions: "
                <a href=format!("mailto:{PORTAL_INQUIRIES}")>{PORTAL_INQUIRIES}</a> "."</li>
            <li>"Once approved, one sign-in reaches every facility: choose the facility at the top of the page."</li>
            <li>"Help with signing in: " <a href=format!("mailto:{LOGIN_HELP}")>{LOGIN_HELP}</a> "."</li>
        </ul>

        <h2 class="text-2xl font-bold mb-4" id="ready">"What to have ready before filing"</h2>
        <ul class="list-disc pl-6 mb-4 space-y-1">
            <li>"The MCO's tracking number for your dispute, and the date the MCO received it (the day it gave the tracking number). Contact the MCO if you have none: the portal shows what HFS has recorded about each MCO's dispute process."</li>
            <li>"Proof you used and finished the MCO's own dispute process, including peer-to-peer review."</li>
            <li>"The member's name, 9-digit Recipient ID (RIN) and dates of service, and the claim number."</li>
            <li>"For 2 to 100 similar claims with the same MCO: the standard claims template, filled in."</li>
            <li>"Files that support your dispute (PDF, PNG, JPEG, CSV or XLSX, 10MB each at most)."</li>
        </ul>
        <p class="mb-8">"One ticket is one dispute with one MCO. Medicare-only disputes, and disputes about a prior authorization that was needed and not obtained, are closed. " <a href="/eligibility">"Check if you can file"</a> "."</p>

        <h2 class="text-2xl font-bold mb-4" id="steps">"The steps of a ticket, and who acts when"</h2>
        <ol class="list-decimal pl-6 mb-8">{steps}</ol>

        <h2 class="text-2xl font-bold mb-4" id="keeping">"Finding and keeping tickets"</h2>
        <ul class="list-disc pl-6 mb-8 space-y-1">
            <li>"My tickets lists the tickets you have not submitted yet. "{rules::tickets::drafts::keeping_words()}</li>
            <li>"Find a ticket by its number, the MCO tracking number or a claim number, or the start of one."</li>
            <li>"Download a list as a spreadsheet (CSV), add a ticket's deadlines to Outlook or Google Calendar, or print a ticket for your file."</li>
        </ul>
        <p><a href="/contacts">"Contacts"</a> " · " <a href="/accessibility">"Accessibility statement"</a></p>
    }
}
