//! The shell every page shares (service name, skip link, landmarks, footer) and the routes.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use rules::wire::accounts::{AccountStatus, Role};

use crate::api::{account as account_api, activity};
use crate::clock::{provide_calendar, provide_clock};
use crate::components::{FacilitySwitcher, NotFound, SessionTimeout};
use crate::nav::{self, use_navigate, use_pathname, Hooks, Navigate};
use crate::page::{focus_id, focus_main_heading, note_navigation, take_arrival, SERVICE_NAME};
use crate::pages::eligibility::EligibilityAnswers;
use crate::pages::register::RegistrationAnswers;
use crate::pages::{account, admin, demo_outbox, facilities, fines, hfs, tickets};
use crate::session::{provide_session, use_session};

/// The whole portal's way of moving between pages: `leptos_router`'s (`nav`).
pub const ROUTER_HOOKS: Hooks = Hooks {
    navigate: || -> Navigate {
        let navigate = leptos_router::hooks::use_navigate();
        std::sync::Arc::new(move |to: &str, options: nav::NavigateOptions| {
            navigate(
                to,
                leptos_router::NavigateOptions {
                    replace: options.replace,
                    ..Default::default()
                },
            )
        })
    },
    pathname: || leptos_router::hooks::use_location().pathname,
    search: || leptos_router::hooks::use_location().search,
    query: leptos_router::hooks::use_query_map,
    params: leptos_router::hooks::use_params_map,
};

/// The signed-in parts of the shell every area's app has (the session-timeout warning and the
/// facility switcher).
pub const SIGNED_IN_PARTS: PortalParts = PortalParts {
    timeout: |open| view! { <SessionTimeout open=open /> }.into_any(),
    switcher: || view! { <FacilitySwitcher /> }.into_any(),
};

/// What an area's app shows for an address it does not hold: the address loaded afresh from the
/// server when another app holds it (`rules::public_pages::page_for`: a public page, another area),
/// else "Page not found". `own` is the app's page (`rules::public_pages`: `PORTAL_PAGE` or an
/// `area_page`); comparing with it means no app ever loads its own address again.
fn elsewhere_or_not_found(own: &str) -> AnyView {
    let pathname = use_pathname().get_untracked();
    if rules::public_pages::page_for(&pathname) != own {
        let target = crate::session::here(&pathname, &crate::nav::use_search().get_untracked());
        // The page to come back to after signing in, when the sign-in page is what loads.
        crate::page::carry_return_to(use_session().return_to.get_untracked());
        // After the router has written the address into the history (it does so after showing
        // this): replacing that entry, not the one of the page the user came from, keeps Back
        // working.
        set_timeout(
            move || crate::page::load_elsewhere(&target, true),
            std::time::Duration::ZERO,
        );
        return view! { <p id="loading-elsewhere" class="mb-4" role="status">"Loading this part of the portal…"</p> }
            .into_any();
    }
    view! { <NotFound /> }.into_any()
}

/// The provider's area (`index.html`), which the server also sends for any address no other app
/// holds: a provider's tickets and ticket entry, the ticket page (any role's, opened from an email
/// or a link), the account pages, and the demo outbox. Every other address is loaded afresh.
#[component]
pub fn App() -> impl IntoView {
    nav::install(ROUTER_HOOKS);
    view! {
        <Router>
        <Shell parts=SIGNED_IN_PARTS>
            <Routes fallback=|| elsewhere_or_not_found(rules::public_pages::PORTAL_PAGE)>
                <Route path=path!("/account") view=account::AccountPage />
                <Route path=path!("/account/password") view=account::ChangePassword />
                <Route path=path!("/account/two-step") view=account::TwoStepSetup />
                <Route path=path!("/account/facilities/new") view=facilities::RequestFacilities />
                <Route path=path!("/account/invitation") view=facilities::RedeemInvitation />
                <Route path=path!("/demo/outbox") view=demo_outbox::Outbox />
                <Route path=path!("/tickets") view=tickets::MyTickets />
                <Route path=path!("/tickets/new") view=tickets::StartTicket />
                <Route path=path!("/tickets/new/:draft_id") view=tickets::ResumeDraft />
                <Route path=path!("/tickets/new/:draft_id/:step") view=tickets::EntryStep />
                <Route path=path!("/tickets/:id/submitted") view=tickets::Submitted />
                <Route path=path!("/tickets/:id") view=tickets::TicketPage />
            </Routes>
        </Shell>
        </Router>
    }
}

/// The MCO's area (`area-mco.html`): its queue and its fines, the ticket page and the account pages.
#[component]
pub fn McoArea() -> impl IntoView {
    nav::install(ROUTER_HOOKS);
    view! {
        <Router>
        <Shell parts=SIGNED_IN_PARTS>
            <Routes fallback=|| elsewhere_or_not_found(&rules::public_pages::area_page("mco"))>
                <Route path=path!("/mco/tickets") view=tickets::McoTickets />
                <Route path=path!("/fines") view=fines::Fines />
                <Route path=path!("/tickets/:id") view=tickets::TicketPage />
                <Route path=path!("/account") view=account::AccountPage />
                <Route path=path!("/account/password") view=account::ChangePassword />
                <Route path=path!("/account/two-step") view=account::TwoStepSetup />
            </Routes>
        </Shell>
        </Router>
    }
}

/// HFS's area (`area-hfs.html`): the ticket queue, registrations, facility requests, sanction
/// notices and fines, the ticket page and the account pages.
#[component]
pub fn HfsArea() -> impl IntoView {
    nav::install(ROUTER_HOOKS);
    view! {
        <Router>
        <Shell parts=SIGNED_IN_PARTS>
            <Routes fallback=|| elsewhere_or_not_found(&rules::public_pages::area_page("hfs"))>
                <Route path=path!("/hfs/tickets") view=tickets::HfsTickets />
                <Route path=path!("/hfs/registrations") view=hfs::RegistrationQueue />
                <Route path=path!("/hfs/registrations/:user_id") view=hfs::RegistrationDecision />
                <Route path=path!("/hfs/facility-requests") view=hfs::FacilityQueue />
                <Route path=path!("/hfs/sanctions") view=hfs::sanctions::HfsSanctions />
                <Route path=path!("/fines") view=fines::Fines />
                <Route path=path!("/tickets/:id") view=tickets::TicketPage />
                <Route path=path!("/account") view=account::AccountPage />
                <Route path=path!("/account/password") view=account::ChangePassword />
                <Route path=path!("/account/two-step") view=account::TwoStepSetup />
            </Routes>
        </Shell>
        </Router>
    }
}

/// The administration area (`area-admin.html`): users and roles, the MCO list, calendar changes,
/// the audit log and the outbox, and the account pages.
#[component]
pub fn AdminArea() -> impl IntoView {
    nav::install(ROUTER_HOOKS);
    view! {
        <Router>
        <Shell parts=SIGNED_IN_PARTS>
            <Routes fallback=|| elsewhere_or_not_found(&rules::public_pages::area_page("admin"))>
                <Route path=path!("/admin/users") view=admin::Users />
                <Route path=path!("/admin/users/:id/role") view=admin::ChangeRole />
                <Route path=path!("/admin/mcos") view=admin::Mcos />
                <Route path=path!("/admin/calendar") view=admin::CalendarChanges />
                <Route path=path!("/admin/audit") view=admin::Audit />
                <Route path=path!("/admin/outbox") view=admin::Outbox />
                <Route path=path!("/account") view=account::AccountPage />
                <Route path=path!("/account/password") view=account::ChangePassword />
                <Route path=path!("/account/two-step") view=account::TwoStepSetup />
            </Routes>
        </Shell>
        </Router>
    }
}

/// The parts of the shell that only the whole portal has (a function each, so that the public app,
/// which passes empty ones, does not link their code).
#[derive(Clone, Copy)]
pub struct PortalParts {
    /// The session-timeout warning, given the signal it sets while it shows.
    pub timeout: fn(RwSignal<bool>) -> AnyView,
    /// The facility switcher in the header.
    pub switcher: fn() -> AnyView,
}

/// What every page shares: the clock, the session, the header, the skip link, the landmarks and
/// the footer, with `children` (the routes) in `<main>`. Inside the app's way of moving (`nav`):
/// the whole portal's `<Router>`, or a public entry app's own (`public`).
#[component]
pub fn Shell(parts: PortalParts, children: Children) -> impl IntoView {
    let arrival = take_arrival();
    let arrived = arrival.handed_over;
    provide_clock();
    provide_calendar();
    activity::provide();
    let state = provide_session();
    if arrival.notice.is_some() {
        state.notice.set(arrival.notice);
    }
    if arrival.return_to.is_some() {
        state.return_to.set(arrival.return_to);
    }
    provide_context(EligibilityAnswers::default());
    let registration = RegistrationAnswers::default();
    provide_context(registration);
    // A registrant's answers belong to that user: forget them when another user (or nobody) is
    // signed in.
    Effect::new(move |previous: Option<Option<String>>| {
        let username = state
            .session
            .with(|s| s.as_ref().map(|s| s.username.clone()));
        if previous.is_some_and(|p| p != username) {
            registration.clear();
        }
        username
    });
    // While the session-timeout dialog shows, the page behind it cannot be reached.
    let dialog_open = RwSignal::new(false);
    view! {
            <FocusOnNavigation arrived=arrived />
            {(parts.timeout)(dialog_open)}
            <div inert=move || dialog_open.get()>
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
            <Header switcher=parts.switcher />
            <Body>{children()}</Body>
            <Footer />
            </div>
    }
}

/// The pages that are queues and tables: they use the page's whole width, their text keeping a
/// readable measure (`main.wide p` in the stylesheet).
const WIDE_PAGES: &[&str] = &[
    "/tickets",
    "/mco/tickets",
    "/hfs/tickets",
    "/hfs/registrations",
    "/hfs/facility-requests",
    "/hfs/sanctions",
    "/fines",
    "/admin/users",
    "/admin/mcos",
    "/admin/audit",
    "/admin/outbox",
];

/// The "new service" banner and `<main>` (inside the router, which says how wide the page is).
#[component]
fn Body(children: Children) -> impl IntoView {
    let pathname = use_pathname();
    let wide = Memo::new(move |_| pathname.with(|p| WIDE_PAGES.contains(&p.as_str())));
    view! {
        <div class="max-w-5xl mx-auto px-4">
            <div class="border-b border-border py-2 text-base">
                <strong class="inline-block bg-link text-white px-2 mr-2 uppercase text-sm tracking-wide">"New"</strong>
                "This is a new service. Questions about it: "
                <a href="mailto:HFS.PortalInquiries@illinois.gov" class="break-all">"HFS.PortalInquiries@illinois.gov"</a>
            </div>
            <main
                id="main-content"
                tabindex="-1"
                class=move || if wide.get() { "py-8 wide" } else { "py-8 max-w-3xl" }
            >
                {children()}
            </main>
        </div>
    }
}

/// For a provider or billing agent: the facility they work for now, and how many they have (the
/// switcher beside it changes it). Nothing for other roles.
#[component]
fn WorkingFor() -> impl IntoView {
    let state = use_session();
    let words = Memo::new(move |_| {
        state.session.with(|s| {
            let s = s.as_ref()?;
            let current = s.facilities.iter().find(|f| Some(f.id) == s.facility_id)?;
            let count = s.facilities.len();
            let more = (count > 1).then(|| format!(" (one of your {count} facilities)"));
            Some((current.name.clone(), more.unwrap_or_default()))
        })
    });
    move || {
        words.get().map(|(name, more)| {
            view! {
                <p id="working-for">"Working for " <strong>{name}</strong> {more}</p>
            }
        })
    }
}

/// The service's name, and who is signed in: their name and role, the facility switcher, the links
/// their role can use, and "Sign out". Signed out: "Sign in" and "Register".
#[component]
fn Header(
    /// The facility switcher (nothing in the public app).
    switcher: fn() -> AnyView,
) -> impl IntoView {
    let state = use_session();
    let navigate = use_navigate();
    let pathname = use_pathname();
    let sign_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let _ = account_api::sign_out().await;
            state.clear(Some("You have signed out".into()));
            navigate("/sign-in", Default::default());
        });
    };
    // (href, words) of the links the signed-in user's role can use.
    let links = move || -> Vec<(&'static str, &'static str)> {
        let mut links = Vec::new();
        let Some((role, status)) = state
            .session
            .with(|s| s.as_ref().map(|s| (s.role, s.status)))
        else {
            return links;
        };
        if role == Role::Provider && status == AccountStatus::Approved {
            links.push(("/tickets", "My tickets"));
        }
        if role == Role::Mco {
            links.push(("/mco/tickets", "Presented to us"));
            links.push(("/fines", "Fines"));
        }
        if role.is_hfs() {
            links.push(("/hfs/tickets", "Tickets"));
            links.push(("/fines", "Fines"));
            links.push(("/hfs/registrations", "Registrations"));
            links.push(("/hfs/facility-requests", "Facility requests"));
            links.push(("/hfs/sanctions", "Sanction notices"));
        }
        if role == Role::HfsAdmin {
            links.push(("/admin/users", "Users"));
            links.push(("/admin/mcos", "MCOs"));
            links.push(("/admin/calendar", "Calendar"));
            links.push(("/admin/audit", "Audit log"));
            links.push(("/admin/outbox", "Email"));
        }
        links.push(("/account", "Your account"));
        if role == Role::Provider && status == AccountStatus::Approved {
            links.push(("/account/facilities/new", "Add facilities"));
            links.push(("/account/invitation", "Redeem an invitation"));
        }
        if state.demo.get() {
            links.push(("/demo/outbox", "Demo outbox"));
        }
        links.push(("/help", "Using the portal"));
        links
    };
    let signed_out_links = move || {
        let mut links = vec![
            ("/sign-in", "Sign in"),
            ("/register", "Register"),
            ("/help", "Using the portal"),
        ];
        if state.demo.get() {
            links.push(("/demo/outbox", "Demo outbox"));
        }
        links
    };
    // Rebuilt only when the user changes, not on a facility switch (which keeps the switcher and
    // its announcement).
    let who = Memo::new(move |_| {
        state
            .session
            .with(|s| s.as_ref().map(|s| (s.display_name.clone(), s.role)))
    });
    let nav_link = move |(href, words): (&'static str, &'static str)| {
        view! {
            <li>
                <a
                    href=href
                    class="text-white font-bold"
                    aria-current=move || (pathname.get() == href).then_some("page")
                >
                    {words}
                </a>
            </li>
        }
    };
    view! {
        <header class="bg-brand text-white border-b-8 border-link">
            <div class="max-w-5xl mx-auto px-4 py-3 flex flex-wrap items-baseline gap-x-6">
                <a href="/" class="text-white font-bold text-xl no-underline hover:underline">
                    {SERVICE_NAME}
                </a>
                <span class="text-base">"Illinois Department of Healthcare and Family Services"</span>
            </div>
            <div class="max-w-5xl mx-auto px-4 pb-3 text-base">
                {move || match who.get() {
                    Some((name, role)) => view! {
                        <div class="flex flex-wrap items-end justify-between gap-4">
                            <div>
                                <p id="signed-in-as">
                                    "Signed in as " <strong>{name}</strong> " (" {role.label()} ")"
                                </p>
                                <WorkingFor />
                            </div>
                            {switcher()}
                            <button type="button" class="btn btn-secondary" on:click=sign_out.clone()>
                                "Sign out"
                            </button>
                        </div>
                    }
                    .into_any(),
                    None => ().into_any(),
                }}
                <nav aria-label="Account" class="mt-2">
                    <ul class="flex flex-wrap gap-x-6 gap-y-1">
                        {move || {
                            let list = if state.session.with(Option::is_some) {
                                links()
                            } else if state.loaded.get() {
                                signed_out_links()
                            } else {
                                Vec::new()
                            };
                            list.into_iter().map(nav_link).collect_view()
                        }}
                    </ul>
                </nav>
            </div>
        </header>
    }
}

/// Moves focus to the new page's heading after each navigation inside the app (not on first load).
#[component]
fn FocusOnNavigation(
    /// This load was handed over by another app (`page::load_elsewhere`): a move inside the
    /// portal for the user, so its first page gets the focus too.
    arrived: bool,
) -> impl IntoView {
    let pathname = use_pathname();
    Effect::new(move |previous: Option<String>| {
        let path = pathname.get();
        let moved = match &previous {
            Some(p) => *p != path,
            None => arrived,
        };
        if moved {
            note_navigation();
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
                        <a href="mailto:HFS.PortalInquiries@illinois.gov" class="break-all">"HFS.PortalInquiries@illinois.gov"</a>
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
                <p class="md:col-span-2">
                    <a href="/help">"Using the portal"</a>
                    " · "
                    <a href="/contacts">"Contacts"</a>
                    " · "
                    <a href="/accessibility">"Accessibility statement"</a>
                </p>
                <p class="md:col-span-2 text-secondary">
                    "Illinois Department of Healthcare and Family Services. Share protected health information only inside the portal, as HIPAA requires."
                </p>
            </div>
        </footer>
    }
}
