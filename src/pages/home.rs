use leptos::prelude::*;

use crate::components::ButtonLink;
use crate::page::use_title;

#[component]
pub fn Home() -> impl IntoView {
    use_title(|| "Take a dispute with an MCO to HFS".into(), || false);
    view! {
        <h1 class="text-4xl font-bold mb-6">"Take a dispute with a Medicaid MCO to HFS"</h1>
        <p class="text-xl mb-6">
            "When you cannot settle a dispute with an Illinois Medicaid managed care organization (MCO) through its own dispute process, you can ask the Illinois Department of Healthcare and Family Services (HFS) to step in. You file a ticket here, the MCO must answer it in writing, and HFS can review the answer and make a final decision."
        </p>
        <p class="mb-8">
            "Providers and their billing agents use this portal. It handles the Medicaid part of a dispute only. For Medicaid fee-for-service issues, call HFS on 877-782-5565."
        </p>
        <ButtonLink href="/eligibility" class="text-xl mb-10">"Check if you can file a dispute"</ButtonLink>

        <h2 class="text-2xl font-bold mt-10 mb-4">"How it works"</h2>
        <ol class="list-decimal pl-6 space-y-6">
            <li>
                <h3 class="font-bold text-xl">"Register"</h3>
                <p>
                    {rules::rule_table::words("Register once for your facility, with your Provider Medicaid ID and NPI. HFS checks your request, usually within {registration_review}. Billing agents can then ask for more facilities, and reach all of them with one sign-in. ")}
                    <a href="/register">"Register for an account"</a>
                    " or "
                    <a href="/sign-in">"sign in"</a>
                    "."
                </p>
            </li>
            <li>
                <h3 class="font-bold text-xl">"Check you can file"</h3>
                <p>
                    {rules::rule_table::words("You must first use and finish the MCO's own dispute process, and have the tracking number the MCO gave your dispute. You can file from {filing_window} after the MCO received it. ")}
                    <a href="/eligibility">"Check if you can file"</a>
                    "."
                </p>
            </li>
            <li>
                <h3 class="font-bold text-xl">"File a ticket"</h3>
                <p>
                    "One ticket per topic and per MCO, with the member's 9-digit Recipient ID (RIN) and dates of service. For 2 to 100 similar claims, use the standard claims template."
                </p>
            </li>
            <li>
                <h3 class="font-bold text-xl">"Follow it to the end"</h3>
                <p>
                    {rules::rule_table::words("HFS presents your ticket to the MCO within {present_to_mco}. The MCO has {mco_response} to answer. You then accept the answer or contest it and ask HFS for a final decision. The portal shows a countdown to every deadline that is yours.")}
                </p>
            </li>
        </ol>

        <h2 class="text-2xl font-bold mt-10 mb-4">"Deadlines"</h2>
        <p class="mb-4">
            {format!("Every deadline is counted in business days or calendar days, and ends at {} on its due date.", rules::dates::DEADLINE_TIME)}
        </p>
        <ul class="list-disc pl-6 space-y-2">
            <li><a href="/deadlines">"How deadlines are worked out"</a>": every rule, with examples and the State holidays"</li>
            <li><a href="/deadlines/calculator">"Deadline calculator"</a>": enter what has happened on a ticket to see every deadline"</li>
        </ul>

        <h2 class="text-2xl font-bold mt-10 mb-4">"How the MCOs handle complaints"</h2>
        <ul class="list-disc pl-6 space-y-2">
            <li><a href="/statistics">"Provider complaint statistics"</a>": tickets received and resolved, overdue, upheld or overturned, and fines, by MCO"</li>
            <li><a href="/sanctions">"Portal Sanction Payment Notices"</a>": every notice HFS has issued to an MCO"</li>
        </ul>
    }
}
