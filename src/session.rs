//! Who is signed in, for the whole app: loaded with `GET /api/session` when the app starts, replaced
//! after signing in, registering, switching facility, and cleared on signing out or when the server
//! says the session ended (a 401 on a call that needed it).

use leptos::prelude::*;
use leptos::task::spawn_local;
use rules::wire::accounts::{AccountStatus, Facility, Role, Session};

use crate::api::account;

/// A hint kept in the browser's local storage that this browser signed in: a boolean, nothing about
/// the user (the session token itself is an HttpOnly cookie the app never sees). Without it the app
/// does not ask `GET /api/session` at start, whose 401 for a signed-out visitor the browser would
/// log as an error on every page. A stale hint costs one 401, then it is removed.
mod hint {
    use wasm_bindgen::{JsCast, JsValue};

    const KEY: &str = "portal-signed-in";

    fn call(method: &str, args: &[&str]) -> Option<JsValue> {
        let storage =
            js_sys::Reflect::get(&leptos::prelude::window(), &"localStorage".into()).ok()?;
        let function = js_sys::Reflect::get(&storage, &method.into())
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        let args: js_sys::Array = args.iter().map(|a| JsValue::from_str(a)).collect();
        function.apply(&storage, &args).ok()
    }

    pub fn get() -> bool {
        call("getItem", &[KEY])
            .and_then(|v| v.as_string())
            .as_deref()
            == Some("1")
    }

    pub fn set(signed_in: bool) {
        if signed_in {
            call("setItem", &[KEY, "1"]);
        } else {
            call("removeItem", &[KEY]);
        }
    }
}

/// What the sign-in page says when the session ended because nothing happened for a while.
pub fn inactive_message(idle_timeout_seconds: u32) -> String {
    let minutes = idle_timeout_seconds.div_ceil(60).max(1);
    let unit = if minutes == 1 { "minute" } else { "minutes" };
    format!(
        "You were signed out because you were inactive for {minutes} {unit}. Sign in again to continue."
    )
}

/// The app's view of the session. Copy it freely: every field is a signal.
#[derive(Clone, Copy)]
pub struct SessionState {
    /// The signed-in user, or `None`.
    pub session: RwSignal<Option<Session>>,
    /// False until the first `GET /api/session` answered (pages wait for it before deciding).
    pub loaded: RwSignal<bool>,
    /// A message for the sign-in page to show once ("You have signed out"): kept here, never in the
    /// URL.
    pub notice: RwSignal<Option<String>>,
    /// Whether the server runs in demo mode (its outbox page is then linked).
    pub demo: RwSignal<bool>,
    /// The page a signed-out user tried to open: signing in goes back there.
    pub return_to: RwSignal<Option<String>>,
}

/// Provides [`SessionState`] and starts loading it (call once, in the shell, after
/// `activity::provide`).
pub fn provide_session() -> SessionState {
    let state = SessionState {
        session: RwSignal::new(None),
        loaded: RwSignal::new(false),
        notice: RwSignal::new(None),
        demo: RwSignal::new(false),
        return_to: RwSignal::new(None),
    };
    provide_context(state);
    if hint::get() {
        state.refresh();
    } else {
        state.loaded.set(true);
    }
    spawn_local(async move {
        state.demo.set(account::demo_mode().await);
    });
    // The server ended the session (idle in another tab, disabled, signed out elsewhere): the
    // session-timeout component (inside the router) clears it and sends the user to sign in.
    state
}

/// The session state the shell provides.
pub fn use_session() -> SessionState {
    use_context::<SessionState>().expect("SessionState is provided by the app")
}

impl SessionState {
    /// Asks the server who is signed in (this also renews the session) and keeps the answer.
    pub fn refresh(self) {
        spawn_local(async move {
            // When the network failed, keep what we had.
            if let Ok(session) = account::session().await {
                hint::set(session.is_some());
                self.session.set(session);
            }
            self.loaded.set(true);
        });
    }

    /// Keeps a session the server just sent (sign-in, registration, facility switch, invitation).
    pub fn set(self, session: Session) {
        hint::set(true);
        self.session.set(Some(session));
        self.loaded.set(true);
    }

    /// Forgets the session here (after `DELETE /api/session`, or when it ended), leaving `notice`
    /// for the sign-in page.
    pub fn clear(self, notice: Option<String>) {
        hint::set(false);
        self.session.set(None);
        // Carried along when the sign-in page is another app's (`page::load_elsewhere`).
        crate::page::carry_notice(notice.clone());
        self.notice.set(notice);
    }

    pub fn role(self) -> Option<Role> {
        self.session.with(|s| s.as_ref().map(|s| s.role))
    }

    pub fn status(self) -> Option<AccountStatus> {
        self.session.with(|s| s.as_ref().map(|s| s.status))
    }

    /// The facility the user works for now.
    pub fn current_facility(self) -> Option<Facility> {
        self.session.with(|s| {
            s.as_ref().and_then(|s| {
                s.facilities
                    .iter()
                    .find(|f| Some(f.id) == s.facility_id)
                    .cloned()
            })
        })
    }
}

/// Where a user goes after signing in (when no page to return to was given): their queue, the
/// work of the day. A provider or billing agent: My tickets (once HFS approved them, else their
/// account, which says where the registration stands); an MCO: Presented to us; HFS staff and
/// administrators: HFS's tickets. HFS and MCO accounts without two-step sign-in set it up first.
pub fn landing_path(session: &Session) -> &'static str {
    if session.mfa_enrolment_required {
        return "/account/two-step";
    }
    match session.role {
        Role::Provider if session.status == AccountStatus::Approved => "/tickets",
        Role::Provider => "/account",
        Role::Mco => "/mco/tickets",
        Role::HfsStaff | Role::HfsAdmin => "/hfs/tickets",
    }
}

/// The sign-in page's address when the page at `path` needs the user to sign in (again): with the
/// path alone as `return` (never its query), when it is a page of this site to come back to.
pub fn sign_in_href(path: &str) -> String {
    match rules::public_pages::return_path(path) {
        Some(path) => {
            let path: String = js_sys::encode_uri_component(&path).into();
            format!("/sign-in?return={path}")
        }
        None => "/sign-in".to_string(),
    }
}

/// The page and its query (the filters of a queue: no protected health information) that the
/// router shows, to come back to after signing in again.
pub fn here(pathname: &str, search: &str) -> String {
    if search.is_empty() {
        pathname.to_owned()
    } else {
        format!("{pathname}?{search}")
    }
}
