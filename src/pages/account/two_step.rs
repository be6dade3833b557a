//! `/account/two-step`: setting up two-step sign-in. The server makes a new secret; the page shows
//! it as a QR code (an SVG the server draws) and as text to type, asks for the code the app then
//! shows, and shows the ten recovery codes once. HFS and MCO staff must do this before anything
//! else (`docs/security.md`); providers may.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use rules::accounts::{check_mfa_code, SecondFactor, MFA_CODE_MISSING};
use rules::wire::accounts::MfaEnrolment;

use crate::api::{account, ApiError};
use crate::components::form_errors::{from_api_error, message_for, send_form};
use crate::components::{ErrorSummary, FieldError, RequireRole, SendButton, TextField};
use crate::page::{focus_main_heading, use_title};
use crate::session::{landing_path, use_session};

const FIELDS: &[(&str, &str)] = &[("code", "code")];

#[component]
pub fn TwoStepSetup() -> impl IntoView {
    view! {
        <RequireRole roles=&[] enrolling=true>
            <TwoStepJourney />
        </RequireRole>
    }
}

#[component]
fn TwoStepJourney() -> impl IntoView {
    let state = use_session();
    let navigate = use_navigate();
    let enrolled = state
        .session
        .with_untracked(|s| s.as_ref().is_some_and(|s| s.mfa_enrolled));
    let required = state
        .session
        .with_untracked(|s| s.as_ref().is_some_and(|s| s.mfa_enrolment_required));
    let enrolment = RwSignal::new(None::<MfaEnrolment>);
    let load_problem = RwSignal::new(None::<String>);
    let code = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let sending = RwSignal::new(false);
    let recovery_codes = RwSignal::new(None::<Vec<String>>);
    use_title(
        move || {
            if enrolled {
                "Two-step sign-in is on".into()
            } else if recovery_codes.with(Option::is_some) {
                "Save your recovery codes".into()
            } else {
                "Set up two-step sign-in".into()
            }
        },
        move || errors.with(|e| !e.is_empty()),
    );
    if !enrolled {
        spawn_local(async move {
            match account::start_two_step().await {
                Ok(found) => enrolment.set(Some(found)),
                Err(e) => load_problem.set(Some(e.message())),
            }
        });
    }
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let typed = code.get_untracked();
        match check_mfa_code(&typed) {
            Ok(SecondFactor::Totp(_)) => {}
            Ok(SecondFactor::Recovery(_)) => {
                errors.set(vec![FieldError::new("code", MFA_CODE_MISSING)]);
                return;
            }
            Err(message) => {
                errors.set(vec![FieldError::new("code", message)]);
                return;
            }
        }
        send_form(
            sending,
            async move { account::confirm_two_step(&typed).await },
            move |result| match result {
                Ok(answer) => {
                    errors.set(Vec::new());
                    recovery_codes.set(Some(answer.recovery_codes));
                    request_animation_frame(focus_main_heading);
                }
                Err(ApiError::Conflict(message)) => {
                    errors.set(vec![FieldError::new("code", message)]);
                }
                Err(e) => {
                    code.set(String::new());
                    errors.set(from_api_error(&e, FIELDS, "code"));
                }
            },
        );
    };
    let on_continue = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            // The session changed: enrolled, and a new session id.
            if let Ok(Some(session)) = account::session().await {
                let to = landing_path(&session).to_string();
                state.set(session);
                navigate(&to, Default::default());
            }
        });
    };

    if enrolled {
        return view! {
            <span class="block text-xl text-secondary mb-1">"Your account"</span>
            <h1 class="text-4xl font-bold mb-6">"Two-step sign-in is on"</h1>
            <p class="mb-6">
                "You sign in with your password and a code from your authenticator app. If you lose \
                 the app and your recovery codes, ask an HFS administrator to reset it."
            </p>
            <p><a href="/account">"Go to your account"</a></p>
        }
        .into_any();
    }

    view! {
        <Show
            when=move || recovery_codes.with(Option::is_none)
            fallback=move || {
                let on_continue = on_continue.clone();
                view! {
                    <div class="bg-success text-white p-6 mb-8">
                        <h1 class="text-4xl font-bold">"Save your recovery codes"</h1>
                    </div>
                    <p class="mb-4">"Two-step sign-in is on for your account."</p>
                    <p class="mb-4">
                        "If you cannot use your authenticator app, you can sign in with one of these \
                         codes instead. Each code works once. Write them down or print this page, \
                         and keep them somewhere safe: this is the only time they are shown."
                    </p>
                    <ul class="list-none font-mono text-xl mb-8" aria-label="Recovery codes">
                        {recovery_codes
                            .get()
                            .unwrap_or_default()
                            .into_iter()
                            .map(|c| view! { <li class="mb-1">{c}</li> })
                            .collect_view()}
                    </ul>
                    <button type="button" class="btn" on:click=on_continue>
                        "I have saved my recovery codes"
                    </button>
                }
            }
        >
            <ErrorSummary errors=errors />
            <span class="block text-xl text-secondary mb-1">"Your account"</span>
            <h1 class="text-4xl font-bold mb-6">"Set up two-step sign-in"</h1>
            {required
                .then(|| {
                    view! {
                        <p class="mb-4 font-bold">
                            "HFS and MCO accounts must set up two-step sign-in before they can use \
                             the portal."
                        </p>
                    }
                })}
            <p class="mb-6">
                "Each time you sign in, you will enter your password and then a 6-digit code from an \
                 authenticator app on your phone or computer (for example Microsoft Authenticator, \
                 Google Authenticator or a password manager)."
            </p>
            {move || {
                load_problem
                    .get()
                    .map(|message| {
                        view! {
                            <div role="alert" class="border-4 border-error p-4 mb-8">
                                <p class="font-bold">{message}</p>
                            </div>
                        }
                    })
            }}
            {move || {
                enrolment
                    .get()
                    .map(|found| {
                        view! {
                            <h2 class="text-2xl font-bold mb-4">"1. Add the portal to your app"</h2>
                            <p class="mb-4">"Scan this QR code with your authenticator app:"</p>
                            <div
                                class="mb-4 w-[200px]"
                                role="img"
                                aria-label="QR code to add the portal to your authenticator app"
                                inner_html=found.qr_svg.clone()
                            ></div>
                            <p class="mb-2">"Or, if you cannot scan it, type this key into the app:"</p>
                            <p class="font-mono text-xl mb-8" id="two-step-secret">
                                {found.secret.clone()}
                            </p>
                            <h2 class="text-2xl font-bold mb-4">"2. Enter the code the app shows"</h2>
                            <form novalidate on:submit=on_submit>
                                <TextField
                                    id="code"
                                    label="Code"
                                    hint="6 digits. The code changes every 30 seconds."
                                    value=code
                                    error=message_for(errors, "code")
                                    autocomplete="one-time-code"
                                    inputmode="numeric"
                                    spellcheck=false
                                    width="w-full max-w-xs"
                                />
                                <SendButton sending=sending>"Turn on two-step sign-in"</SendButton>
                            </form>
                        }
                    })
            }}
        </Show>
    }
    .into_any()
}
