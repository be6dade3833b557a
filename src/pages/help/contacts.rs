//! `/contacts`: who to ask, as the State's documents say: portal and registration questions, login
//! help, and the fee-for-service line.

use leptos::prelude::*;

use super::{FEE_FOR_SERVICE_PHONE, LOGIN_HELP, PORTAL_INQUIRIES};
use crate::page::use_title;

#[component]
pub fn Contacts() -> impl IntoView {
    use_title(|| "Contacts".into(), || false);
    view! {
        <h1 class="text-4xl font-bold mb-6">"Contacts"</h1>
        <p class="mb-8">"Who to ask about the portal. Do not send protected health information (member names, Recipient IDs, dates of service) by email: it belongs in a ticket, inside the portal."</p>
        <dl class="mb-8">
            <div class="border-b border-border py-4" id="contact-inquiries">
                <dt class="font-bold text-xl mb-1">"Questions about the portal and registering"</dt>
                <dd>
                    "The Bureau of Managed Care and the Portal Team: email "
                    <a href=format!("mailto:{PORTAL_INQUIRIES}")>{PORTAL_INQUIRIES}</a>
                    ". This is also where billing agents send the list of facilities they register for."
                </dd>
            </div>
            <div class="border-b border-border py-4" id="contact-login">
                <dt class="font-bold text-xl mb-1">"Help with signing in"</dt>
                <dd>
                    "Email "
                    <a href=format!("mailto:{LOGIN_HELP}")>{LOGIN_HELP}</a>
                    "."
                </dd>
            </div>
            <div class="border-b border-border py-4" id="contact-ffs">
                <dt class="font-bold text-xl mb-1">"Medicaid fee-for-service issues"</dt>
                <dd>
                    "The portal is for disputes with a Medicaid managed care organization (MCO) only. For fee-for-service issues, call HFS on "
                    <a href="tel:+18777825565">{FEE_FOR_SERVICE_PHONE}</a>
                    "."
                </dd>
            </div>
            <div class="py-4" id="contact-mco">
                <dt class="font-bold text-xl mb-1">"A tracking number, or the MCO's own dispute process"</dt>
                <dd>
                    "Contact the MCO: each MCO gives its own tracking numbers. When you file a ticket, the portal shows what HFS has recorded about the MCO you chose."
                </dd>
            </div>
        </dl>
        <p><a href="/help">"Using the portal"</a></p>
    }
}
