//! `/sign-in`: username and password, then (for an account with two-step sign-in) the code from
//! the authenticator app or a recovery code. An account whose username is locked after failed
//! sign-ins can send all three at once ("Use my authenticator code now").

use crate::nav::{use_navigate, use_query_map};
use leptos::prelude::*;
use rules::wire::accounts::SignIn;

use crate::api::account::SignInOutcome;
use crate::api::{account, ApiError};
use crate::components::form_errors::{from_api_error, message_for, send_form};
use crate::components::{ErrorSummary, FieldError, PasswordField, SendButton, TextField};
use crate::page::use_title;
use crate::session::{landing_path, use_session};

const FIELDS: &[(&str, &str)] = &[
    ("username", "username"),
    ("password", "password"),
    ("code", "code"),
];

#[component]
pub fn SignInPage() -> impl IntoView {
    let state = use_session();
    let navigate = use_navigate();
    // The message left by signing out or a timeout, shown once.
    let notice = state.notice.get_untracked();
    state.notice.set(None);
    crate::page::carry_notice(None);
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    // The second step: the password was right, the code is due.
    let code_step = RwSignal::new(false);
    // A locked account with two-step sign-in: the code goes with the password.
    let code_with_password = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let sending = RwSignal::new(false);
    use_title(
        move || {
            if code_step.get() {
                "Enter the code from your authenticator app".into()
            } else {
                "Sign in".into()
            }
        },
        move || errors.with(|e| !e.is_empty()),
    );
    // The page to go back to: the one the app remembered (with its filters), else the `return`
    // path of the address (a path of this site only), else the user's queue.
    let given_return = use_query_map()
        .with_untracked(|q| q.get("return"))
        .and_then(|r| rules::public_pages::return_path(&r));
    let navigate_signed_in = {
        let navigate = navigate.clone();
        move |session: rules::wire::accounts::Session| {
            let remembered = state
                .return_to
                .get_untracked()
                .filter(|p| rules::public_pages::return_path(p).is_some());
            let to = remembered
                .or_else(|| given_return.clone())
                .unwrap_or_else(|| landing_path(&session).to_string());
            state.return_to.set(None);
            state.set(session);
            navigate(&to, Default::default());
        }
    };
    let on_code_submit = {
        let navigate_signed_in = navigate_signed_in.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if sending.get_untracked() {
                return;
            }
            let typed = code.get_untracked();
            if let Err(message) = rules::accounts::check_mfa_code(&typed) {
                errors.set(vec![FieldError::new("code", message)]);
                return;
            }
            let navigate_signed_in = navigate_signed_in.clone();
            send_form(
                sending,
                async move { account::sign_in_code(&typed).await },
                move |result| match result {
                    Ok(session) => navigate_signed_in(session),
                    Err(ApiError::SignedOut) => {
                        // The half-done sign-in ended (too long, or too many wrong codes).
                        code_step.set(false);
                        code.set(String::new());
                        password.set(String::new());
                        errors.set(vec![FieldError::new(
                            "username",
                            "Your sign-in was not finished in time. Sign in again",
                        )]);
                    }
                    Err(e) => {
                        code.set(String::new());
                        errors.set(from_api_error(&e, FIELDS, "code"));
                    }
                },
            );
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let with_code = code_with_password.get_untracked();
        let details = SignIn {
            username: username.get_untracked().trim().to_string(),
            password: password.get_untracked(),
            code: with_code.then(|| code.get_untracked()),
        };
        let mut missing = Vec::new();
        if details.username.is_empty() {
            missing.push(FieldError::new("username", "Enter your username"));
        }
        if details.password.is_empty() {
            missing.push(FieldError::new("password", "Enter your password"));
        }
        if let Some(Err(message)) = details.code.as_deref().map(rules::accounts::check_mfa_code) {
            missing.push(FieldError::new("code", message));
        }
        if !missing.is_empty() {
            errors.set(missing);
            return;
        }
        let navigate_signed_in = navigate_signed_in.clone();
        send_form(
            sending,
            async move { account::sign_in(&details).await },
            move |result| match result {
                Ok(SignInOutcome::SignedIn(session)) => navigate_signed_in(session),
                Ok(SignInOutcome::CodeNeeded) => {
                    errors.set(Vec::new());
                    code.set(String::new());
                    code_step.set(true);
                    request_animation_frame(crate::page::focus_main_heading);
                }
                Err(e) => {
                    if matches!(e, ApiError::Invalid(_) | ApiError::TooMany(_)) {
                        password.set(String::new());
                        code.set(String::new());
                    }
                    let mut found = from_api_error(&e, FIELDS, "username");
                    if found.is_empty() {
                        found.push(FieldError::new("username", account::WRONG_DETAILS));
                    }
                    errors.set(found);
                }
            },
        );
    };
    let signed_in = move || {
        state
            .session
            .with(|s| s.as_ref().map(|s| s.display_name.clone()))
    };
    view! {
        <ErrorSummary errors=errors />
        {notice
            .map(|text| {
                view! {
                    <div role="status" class="border-4 border-brand p-4 mb-8">
                        <p class="font-bold">{text}</p>
                    </div>
                }
            })}
        <Show when=move || code_step.get()>
            <h1 class="text-4xl font-bold mb-6">"Enter the code from your authenticator app"</h1>
            <p class="mb-6">
                "Open the authenticator app you set up for this portal and enter the 6-digit code it \
                 shows now. If you cannot use the app, enter one of your recovery codes instead: \
                 each works once."
            </p>
            <form novalidate on:submit=on_code_submit.clone() class="mb-8">
                <TextField
                    id="code"
                    label="Code"
                    value=code
                    error=message_for(errors, "code")
                    autocomplete="one-time-code"
                    spellcheck=false
                    width="w-full max-w-xs"
                />
                <SendButton sending=sending>"Continue"</SendButton>
            </form>
            <p>
                "Lost your phone and your recovery codes? Ask an HFS administrator to reset your \
                 two-step sign-in."
            </p>
        </Show>
        <div hidden=move || code_step.get()>
        <h1 class="text-4xl font-bold mb-6">"Sign in"</h1>
        <Show
            when=move || signed_in().is_none()
            fallback=move || {
                view! {
                    <p class="mb-6">"You are signed in as " {signed_in()} "."</p>
                    <p><a href="/account">"Go to your account"</a></p>
                }
            }
        >
            <form novalidate on:submit=on_submit.clone() class="mb-8">
                <TextField
                    id="username"
                    label="Username"
                    value=username
                    error=message_for(errors, "username")
                    autocomplete="username"
                    spellcheck=false
                    width="w-full max-w-md"
                />
                <PasswordField
                    id="password"
                    label="Password"
                    value=password
                    error=message_for(errors, "password")
                    autocomplete="current-password"
                />
                <Show when=move || code_with_password.get()>
                    <TextField
                        id="code"
                        label="Code from your authenticator app"
                        hint="Or one of your recovery codes"
                        value=code
                        error=message_for(errors, "code")
                        autocomplete="one-time-code"
                        spellcheck=false
                        width="w-full max-w-xs"
                    />
                </Show>
                <SendButton sending=sending>"Sign in"</SendButton>
            </form>
            <Show when=move || !code_with_password.get()>
                <p class="mb-8">
                    "Account locked after failed sign-ins? If your account has two-step sign-in, "
                    <button
                        type="button"
                        class="link"
                        on:click=move |_| code_with_password.set(true)
                    >
                        "sign in with your password and code together"
                    </button>
                    "."
                </p>
            </Show>
            <p class="mb-8"><a href="/forgot-password">"Forgot your password?"</a></p>
            <h2 class="text-2xl font-bold mb-4">"No account yet?"</h2>
            <p class="mb-4">
                "Providers and billing agents register once, and HFS checks the request. "
                <a href="/register">"Register for an account"</a>
            </p>
            <p>
                "You do not need an account to "
                <a href="/eligibility">"check if you can file a dispute"</a>
                "."
            </p>
        </Show>
        </div>
    }
}
