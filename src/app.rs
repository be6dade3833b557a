//! The shell every page shares (service name, skip link, landmarks, footer) and the routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::clock::{provide_calendar, provide_clock};
use crate::page::{focus_id, focus_main_heading, SERVICE_NAME};
use crate::pages::deadlines;
use crate::pages::eligibility::{self, EligibilityAnswers};
use crate::pages::{admin, demo_outbox, facilities, hfs};
use crate::pages::{home::Home, not_found::NotFound};

#[component]
pub fn App() -> impl IntoView {
    provide_clock();
    provide_calendar();
    provide_context(EligibilityAnswers::default());
    view! {
        <Router>
            <FocusOnNavigation />
            <a
                href="#main-content"
                class="sr-only-focusable block bg-focus text-ink p-2 underline"
                on:click=|ev| {
                    ev.prevent_default();
                    focus_id("main-content");
                }
            >
                "Skip to main content"
            </a>
            <header class="bg-brand text-white border-b-8 border-link">
                <div class="max-w-5xl mx-auto px-4 py-3 flex flex-wrap items-baseline gap-x-6">
                    <a href="/" class="text-white font-bold text-xl no-underline hover:underline">
                        {SERVICE_NAME}
                    </a>
                    <span class="text-base">"Illinois Department of Healthcare and Family Services"</span>
                </div>
            </header>
            <div class="max-w-5xl mx-auto px-4">
                <div class="border-b border-border py-2 text-base">
                    <strong class="inline-block bg-link text-white px-2 mr-2 uppercase text-sm tracking-wide">"New"</strong>
                    "This is a new service. Questions about it: "
                    <a href="mailto:HFS.PortalInquiries@illinois.gov">"HFS.PortalInquiries@illinois.gov"</a>
                </div>
                <main id="main-content" tabindex="-1" class="py-8 max-w-3xl">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=Home />
                        <Route path=path!("/eligibility") view=eligibility::Start />
                        <Route path=path!("/eligibility/program") view=eligibility::ProgramQuestion />
                        <Route path=path!("/eligibility/internal-process") view=eligibility::InternalProcessQuestion />
                        <Route path=path!("/eligibility/tracking-number") view=eligibility::TrackingNumberQuestion />
                        <Route path=path!("/eligibility/received-date") view=eligibility::ReceivedDateQuestion />
                        <Route path=path!("/eligibility/prior-authorization") view=eligibility::PriorAuthorizationQuestion />
                        <Route path=path!("/eligibility/check") view=eligibility::CheckAnswers />
                        <Route path=path!("/eligibility/result") view=eligibility::ResultPage />
                        <Route path=path!("/deadlines") view=deadlines::HowDeadlinesWork />
                        <Route path=path!("/deadlines/calculator") view=deadlines::Calculator />
                        <Route path=path!("/account/facilities/new") view=facilities::RequestFacilities />
                        <Route path=path!("/account/invitation") view=facilities::RedeemInvitation />
                        <Route path=path!("/hfs/registrations") view=hfs::RegistrationQueue />
                        <Route path=path!("/hfs/registrations/:user_id") view=hfs::RegistrationDecision />
                        <Route path=path!("/hfs/facility-requests") view=hfs::FacilityQueue />
                        <Route path=path!("/admin/users") view=admin::Users />
                        <Route path=path!("/admin/mcos") view=admin::Mcos />
                        <Route path=path!("/admin/calendar") view=admin::CalendarChanges />
                        <Route path=path!("/demo/outbox") view=demo_outbox::Outbox />
                    </Routes>
                </main>
            </div>
            <Footer />
        </Router>
    }
}

/// Moves focus to the new page's heading after each navigation inside the app (not on first load).
#[component]
fn FocusOnNavigation() -> impl IntoView {
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            request_animation_frame(focus_main_heading);
        }
        path
    });
}

#[component]
fn Footer() -> impl IntoView {
    view! {
        <footer class="bg-panel border-t-4 border-brand mt-12">
            <div class="max-w-5xl mx-auto px-4 py-8 grid gap-6 md:grid-cols-2 text-base">
                <div>
                    <h2 class="font-bold text-lg mb-2">"Help with the portal"</h2>
                    <p>
                        "Questions about the portal or registering: email "
                        <a href="mailto:HFS.PortalInquiries@illinois.gov">"HFS.PortalInquiries@illinois.gov"</a>
                    </p>
                </div>
                <div>
                    <h2 class="font-bold text-lg mb-2">"Medicaid fee-for-service issues"</h2>
                    <p>
                        "The portal is for disputes with a Medicaid managed care organization (MCO). For fee-for-service issues call HFS on "
                        <a href="tel:+18777825565">"877-782-5565"</a>
                        "."
                    </p>
                </div>
                <p class="md:col-span-2 text-secondary">
                    "Illinois Department of Healthcare and Family Services. Share protected health information only inside the portal, as HIPAA requires."
                </p>
            </div>
        </footer>
    }
}
