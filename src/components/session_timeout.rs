//! WCAG 2.2.1 (Timing Adjustable): two minutes before an idle session ends, a dialog warns and lets
//! the user stay signed in; at the end the app signs out and says why on the sign-in page.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate};
use wasm_bindgen::JsCast;

use crate::api::{account, activity};
use crate::clock::use_clock;
use crate::session::{here, inactive_message, sign_in_href, use_session};

/// How long before the end the warning shows.
pub const WARN_MILLIS: i64 = 120_000;

/// "2 minutes", "1 minute 30 seconds", "45 seconds" (`rules::countdown`).
pub use rules::countdown::minutes_seconds_words as time_left_words;

/// Milliseconds left of the session at `now`, if signed in and the last renewal is known.
pub fn remaining(last: Option<f64>, idle_seconds: Option<u32>, now: i64) -> Option<i64> {
    let last = last? as i64;
    Some(last + i64::from(idle_seconds?) * 1000 - now)
}

/// The warning dialog. `open` is set while it shows, so the shell can make the page behind it inert.
#[component]
pub fn SessionTimeout(open: RwSignal<bool>) -> impl IntoView {
    let state = use_session();
    let clock = use_clock();
    let navigate = use_navigate();
    let last = activity::signals().map(|(activity::LastActivity(s), _)| s);
    let idle = Memo::new(move |_| {
        state
            .session
            .with(|s| s.as_ref().map(|s| s.idle_timeout_seconds))
    });
    let left = Memo::new(move |_| remaining(last.and_then(|l| l.get()), idle.get(), clock.now()));
    let dialog = NodeRef::<leptos::html::Div>::new();
    let stay_button = NodeRef::<leptos::html::Button>::new();
    let sign_out_button = NodeRef::<leptos::html::Button>::new();
    let returning_focus = StoredValue::new_local(None::<web_sys::HtmlElement>);

    let location = use_location();
    // Sends the user to sign in; `come_back`: after signing in again, back to this page (its path
    // in the sign-in page's address, with its query kept in memory only).
    let to_sign_in = {
        let navigate = navigate.clone();
        move |come_back: bool| {
            let path = location.pathname.get_untracked();
            if come_back && path != "/sign-in" {
                state
                    .return_to
                    .set(Some(here(&path, &location.search.get_untracked())));
                navigate(&sign_in_href(&path), Default::default());
            } else {
                navigate("/sign-in", Default::default());
            }
        }
    };
    let end_session = {
        let to_sign_in = to_sign_in.clone();
        move |notice: String, come_back: bool| {
            open.set(false);
            state.clear(Some(notice));
            spawn_local(async move {
                let _ = account::sign_out().await;
            });
            to_sign_in(come_back);
        }
    };

    // The server ended the session under the app's feet (a 401 on a call that needed it: idle in
    // another tab, expired, disabled, signed out elsewhere): to sign in, then back here.
    if let Some((_, activity::SessionLost(lost))) = activity::signals() {
        let to_sign_in = to_sign_in.clone();
        Effect::new(move |previous: Option<u32>| {
            let count = lost.get();
            if previous.is_some_and(|p| p != count) && state.session.get_untracked().is_some() {
                open.set(false);
                state.clear(Some(
                    "Your session has ended. Sign in again to continue.".into(),
                ));
                to_sign_in(true);
            }
            count
        });
    }

    // Open two minutes before the end; sign out at the end.
    {
        let end_session = end_session.clone();
        Effect::new(move |_| match left.get() {
            Some(ms) if ms <= 0 => {
                let minutes = idle.get_untracked().unwrap_or(900);
                end_session(inactive_message(minutes), true);
            }
            Some(ms) if ms <= WARN_MILLIS => {
                if !open.get_untracked() {
                    returning_focus.set_value(
                        document()
                            .active_element()
                            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
                    );
                    open.set(true);
                    request_animation_frame(move || {
                        if let Some(el) = dialog.get_untracked() {
                            let _ = el.focus();
                        }
                    });
                }
            }
            _ => {
                if open.get_untracked() {
                    open.set(false);
                    if let Some(el) = returning_focus.get_value() {
                        let _ = el.focus();
                    }
                }
            }
        });
    }

    let stay = move || {
        spawn_local(async move {
            // Renews the session (and, through the api module, the last activity).
            if let Ok(Some(session)) = account::session().await {
                state.set(session);
            }
        });
    };
    let sign_out = {
        let end_session = end_session.clone();
        move || end_session("You have signed out".to_string(), false)
    };

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            stay();
        }
        "Tab" => {
            // Keep focus inside the dialog.
            let active = document().active_element();
            let is = |node: NodeRef<leptos::html::Button>| {
                node.get_untracked()
                    .zip(active.clone())
                    .is_some_and(|(b, a)| a == *b.unchecked_ref::<web_sys::Element>())
            };
            let (target, at_edge) = if ev.shift_key() {
                (sign_out_button, is(stay_button) || !is(sign_out_button))
            } else {
                (stay_button, is(sign_out_button))
            };
            if at_edge {
                ev.prevent_default();
                if let Some(b) = target.get_untracked() {
                    let _ = b.focus();
                }
            }
        }
        _ => {}
    };

    view! {
        <Show when=move || open.get()>
            <div class="fixed inset-0 bg-ink/80 z-40"></div>
            <div
                node_ref=dialog
                role="alertdialog"
                aria-modal="true"
                aria-labelledby="timeout-title"
                aria-describedby="timeout-text"
                tabindex="-1"
                class="fixed z-50 inset-x-4 top-1/4 mx-auto max-w-lg bg-white border-4 border-ink p-6"
                on:keydown=on_keydown
            >
                <h2 id="timeout-title" class="text-2xl font-bold mb-4">"You will be signed out soon"</h2>
                <p id="timeout-text" class="text-xl mb-6">
                    "We will sign you out in "
                    <strong>{move || time_left_words(left.get().unwrap_or(0))}</strong>
                    " to protect your information. Anything you have not sent will be lost."
                </p>
                <div class="flex flex-wrap gap-4 items-center">
                    <button node_ref=stay_button type="button" class="btn" on:click=move |_| stay()>
                        "Stay signed in"
                    </button>
                    <button
                        node_ref=sign_out_button
                        type="button"
                        class="btn btn-secondary"
                        on:click={
                            let sign_out = sign_out.clone();
                            move |_| sign_out()
                        }
                    >
                        "Sign out"
                    </button>
                </div>
            </div>
        </Show>
    }
}
