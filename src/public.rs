//! The public entry apps (`public-<entry>.html`, one bin each under `src/bin/`): the pages of one
//! entry of `rules::public_pages::ENTRIES`, in the shell every page shares, without
//! `leptos_router`. The address is read from `window.location`; a move to a page of the same entry
//! stays in the page (`history.pushState`, links included), a move to any other address loads it
//! afresh from the server, which sends that address's app.

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::{PortalParts, Shell};
use crate::components::NotFound;
use crate::nav::{self, Hooks, Navigate, NavigateOptions, ParamsMap};
use crate::page::load_elsewhere;
use crate::pages::home::Home;
use crate::pages::register::{self};
use crate::pages::{
    confirm_email, deadlines, eligibility, help, password_reset, sanctions, sign_in, statistics,
};

/// A page of an entry: its path pattern (`:id` for one segment) and its view.
pub type Page = (&'static str, fn() -> AnyView);

/// Where the entry app is: the address, and which of its pages that is.
#[derive(Clone, Debug, PartialEq)]
struct Here {
    path: String,
    /// The query without its `?`.
    search: String,
    /// The index of the page in the entry's list, `None` for an address it does not hold.
    page: Option<usize>,
    params: Vec<(String, String)>,
}

thread_local! {
    static HERE: Cell<Option<RwSignal<Here>>> = const { Cell::new(None) };
    static PAGES: RefCell<Vec<Page>> = const { RefCell::new(Vec::new()) };
    static ENTRY: Cell<&'static str> = const { Cell::new("") };
}

fn here() -> RwSignal<Here> {
    HERE.with(Cell::get)
        .expect("the public app is mounted before its pages run")
}

/// The entry's page for `path`, and its parameters.
fn find(path: &str) -> (Option<usize>, Vec<(String, String)>) {
    PAGES.with(|pages| {
        pages
            .borrow()
            .iter()
            .enumerate()
            .find_map(|(index, (pattern, _))| {
                rules::public_pages::params_of(pattern, path).map(|params| (Some(index), params))
            })
            .unwrap_or_default()
    })
}

/// `target` (path, query, fragment) as a [`Here`].
fn here_of(target: &str) -> Here {
    let without_fragment = target.split('#').next().unwrap_or("");
    let (path, search) = without_fragment
        .split_once('?')
        .unwrap_or((without_fragment, ""));
    let (page, params) = find(path);
    Here {
        path: path.to_owned(),
        search: search.to_owned(),
        page,
        params,
    }
}

/// The browser's current address.
fn browser_address() -> String {
    let location = window().location();
    format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
        location.hash().unwrap_or_default()
    )
}

/// Moves to `target`: in the page when this entry holds it, else loaded afresh from the server.
fn go(target: &str, options: NavigateOptions) {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let entry = ENTRY.with(Cell::get);
    if rules::public_pages::entry_of(path) != Some(entry) {
        load_elsewhere(target, options.replace);
        return;
    }
    if let Ok(history) = window().history() {
        let null = wasm_bindgen::JsValue::NULL;
        let _ = if options.replace {
            history.replace_state_with_url(&null, "", Some(target))
        } else {
            history.push_state_with_url(&null, "", Some(target))
        };
    }
    here().set(here_of(target));
}

fn query_of(search: &str) -> ParamsMap {
    let decode = |text: &str| {
        js_sys::decode_uri_component(&text.replace('+', " "))
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default()
    };
    search
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

const HOOKS: Hooks = Hooks {
    navigate: || -> Navigate { Arc::new(go) },
    pathname: || {
        let here = here();
        Memo::new(move |_| here.with(|h| h.path.clone()))
    },
    search: || {
        let here = here();
        Memo::new(move |_| here.with(|h| h.search.clone()))
    },
    query: || {
        let here = here();
        Memo::new(move |_| here.with(|h| query_of(&h.search)))
    },
    params: || {
        let here = here();
        Memo::new(move |_| {
            here.with(|h| {
                h.params
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
        })
    },
};

/// A click on a link to a page of this portal: moved to without the browser's own load (a page of
/// this entry in the page, any other from the server, marked as a move, [`go`]).
fn follow_link(event: ev::MouseEvent) {
    if event.default_prevented()
        || event.button() != 0
        || event.meta_key()
        || event.ctrl_key()
        || event.shift_key()
        || event.alt_key()
    {
        return;
    }
    let Some(link) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a[href]").ok().flatten())
    else {
        return;
    };
    if link.has_attribute("target")
        || link.has_attribute("download")
        || link
            .get_attribute("rel")
            .is_some_and(|rel| rel.contains("external"))
    {
        return;
    }
    // A page of this portal: a path of this site that is not a file or the API.
    let href = link.get_attribute("href").unwrap_or_default();
    if !href.starts_with('/') || href.starts_with("//") || href.starts_with("/api/") {
        return;
    }
    event.prevent_default();
    go(&href, NavigateOptions::default());
}

/// Mounts the entry app of `entry` with its `pages`.
pub fn mount(entry: &'static str, pages: Vec<Page>) {
    ENTRY.with(|e| e.set(entry));
    PAGES.with(|p| *p.borrow_mut() = pages);
    nav::install(HOOKS);
    crate::start(PublicApp);
}

#[component]
fn PublicApp() -> impl IntoView {
    let here = RwSignal::new(here_of(&browser_address()));
    HERE.with(|h| h.set(Some(here)));
    let _ = window_event_listener(ev::click, follow_link);
    let _ = window_event_listener(ev::popstate, move |_| {
        let now = here_of(&browser_address());
        if now.page.is_some() {
            here.set(now);
        } else {
            let _ = window().location().reload();
        }
    });
    let page = Memo::new(move |_| here.with(|h| h.page));
    // No session-timeout warning and no facility switcher: a public page shows nothing of a
    // signed-in user's work, and leaving them out keeps them out of the first download.
    let parts = PortalParts {
        timeout: |_| ().into_any(),
        switcher: || ().into_any(),
    };
    view! {
        <Shell parts=parts>
            {move || match page.get() {
                Some(index) => PAGES.with(|p| p.borrow()[index].1)(),
                None => view! { <NotFound /> }.into_any(),
            }}
        </Shell>
    }
}

/// The home page and the help pages.
pub fn start_pages() -> Vec<Page> {
    vec![
        ("/", || view! { <Home /> }.into_any()),
        ("/help", || view! { <help::UsingThePortal /> }.into_any()),
        ("/accessibility", || {
            view! { <help::AccessibilityStatement /> }.into_any()
        }),
        ("/contacts", || view! { <help::Contacts /> }.into_any()),
    ]
}

/// Signing in, a forgotten password, and confirming an email address.
pub fn sign_in_pages() -> Vec<Page> {
    vec![
        ("/sign-in", || view! { <sign_in::SignInPage /> }.into_any()),
        ("/forgot-password", || {
            view! { <password_reset::ForgotPassword /> }.into_any()
        }),
        ("/forgot-password/sent", || {
            view! { <password_reset::ResetLinkSent /> }.into_any()
        }),
        ("/password-reset", || {
            view! { <password_reset::NewPassword /> }.into_any()
        }),
        ("/password-reset/done", || {
            view! { <password_reset::PasswordChanged /> }.into_any()
        }),
        ("/confirm-email", || {
            view! { <confirm_email::ConfirmEmail /> }.into_any()
        }),
    ]
}

/// Registering: the account (its profile's steps are [`register_profile_pages`]).
pub fn register_pages() -> Vec<Page> {
    vec![("/register", || {
        view! { <register::CreateAccount /> }.into_any()
    })]
}

/// The registration profile's steps, once the account exists: the name, the organization, the
/// check.
pub fn register_profile_pages() -> Vec<Page> {
    vec![
        ("/register/name", || {
            view! { <register::NamePage /> }.into_any()
        }),
        ("/register/organization", || {
            view! { <register::OrganizationPage /> }.into_any()
        }),
        ("/register/check", || {
            view! { <register::CheckProfile /> }.into_any()
        }),
    ]
}

/// The eligibility checker and its questions.
pub fn eligibility_pages() -> Vec<Page> {
    vec![
        ("/eligibility", || {
            view! { <eligibility::Start /> }.into_any()
        }),
        ("/eligibility/program", || {
            view! { <eligibility::ProgramQuestion /> }.into_any()
        }),
        ("/eligibility/internal-process", || {
            view! { <eligibility::InternalProcessQuestion /> }.into_any()
        }),
        ("/eligibility/tracking-number", || {
            view! { <eligibility::TrackingNumberQuestion /> }.into_any()
        }),
        ("/eligibility/received-date", || {
            view! { <eligibility::ReceivedDateQuestion /> }.into_any()
        }),
        ("/eligibility/prior-authorization", || {
            view! { <eligibility::PriorAuthorizationQuestion /> }.into_any()
        }),
        ("/eligibility/check", || {
            view! { <eligibility::CheckAnswers /> }.into_any()
        }),
        ("/eligibility/result", || {
            view! { <eligibility::ResultPage /> }.into_any()
        }),
    ]
}

/// How deadlines work, and the calculator.
pub fn deadline_pages() -> Vec<Page> {
    vec![
        ("/deadlines", || {
            view! { <deadlines::HowDeadlinesWork /> }.into_any()
        }),
        ("/deadlines/calculator", || {
            view! { <deadlines::Calculator /> }.into_any()
        }),
    ]
}

/// The complaint statistics.
pub fn statistics_pages() -> Vec<Page> {
    vec![("/statistics", || {
        view! { <statistics::StatisticsPage /> }.into_any()
    })]
}

/// The sanction notices.
pub fn sanction_pages() -> Vec<Page> {
    vec![
        ("/sanctions", || {
            view! { <sanctions::SanctionNotices /> }.into_any()
        }),
        ("/sanctions/:id", || {
            view! { <sanctions::SanctionNoticePage /> }.into_any()
        }),
    ]
}
