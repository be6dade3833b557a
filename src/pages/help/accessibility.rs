//! `/accessibility`: the accessibility statement.

use leptos::prelude::*;

use super::PORTAL_INQUIRIES;
use crate::page::use_title;

#[component]
pub fn AccessibilityStatement() -> impl IntoView {
    use_title(|| "Accessibility statement".into(), || false);
    view! {
        <h1 class="text-4xl font-bold mb-6">"Accessibility statement"</h1>
        <p class="mb-4">"The Illinois Department of Healthcare and Family Services wants everyone who files or answers a dispute to be able to use this portal. You should be able to:"</p>
        <ul class="list-disc pl-6 mb-6 space-y-1">
            <li>"use every page with a keyboard only, with the focus always visible"</li>
            <li>"use it with a screen reader: pages have one main heading, landmarks, labelled fields and error messages linked to their fields"</li>
            <li>"zoom the text to 200% without losing anything"</li>
            <li>"read deadlines in words first: colour is never the only sign that something is due or overdue"</li>
            <li>"print a ticket, and download deadlines as a calendar file and lists as a spreadsheet (CSV)"</li>
        </ul>
        <h2 class="text-2xl font-bold mb-4">"How accessible the portal is"</h2>
        <p class="mb-4">"The portal aims to meet the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA. Every page is checked automatically with the axe accessibility engine and by keyboard before each release."</p>
        <p class="mb-6">"Automated checks do not find every problem. Countdowns are announced to screen readers only when they cross a threshold (1 business day left, due today, overdue), so they do not interrupt you on every tick. Date fields are in the order Month, Day, Year, as Americans write dates, and the month can be a number or a name."</p>
        <h2 class="text-2xl font-bold mb-4">"Reporting a problem"</h2>
        <p class="mb-6">
            "If you find a part of the portal you cannot use, or you need information in another format, email "
            <a href=format!("mailto:{PORTAL_INQUIRIES}")>{PORTAL_INQUIRIES}</a>
            ". Say which page and what happened; do not include member names or Recipient IDs."
        </p>
        <p><a href="/contacts">"All contacts"</a></p>
    }
}
