//! `/sign-in`: username and password.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use rules::wire::accounts::SignIn;

use crate::api::{account, ApiError};
use crate::components::form_errors::{from_api_error, message_for, send_form};
use crate::components::{ErrorSummary, FieldError, PasswordField, SendButton, TextField};
use crate::page::use_title;
use crate::session::{landing_path, use_session};

const FIELDS: &[(&str, &str)] = &[("username", "username"), ("password", "password")];

#[component]
pub fn SignInPage() -> impl IntoView {
    let state = use_session();
    let navigate = use_navigate();
    // The message left by signing out or a timeout, shown once.
    let notice = state.notice.get_untracked();
    state.notice.set(None);
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let sending = RwSignal::new(false);
    use_title(|| "Sign in".into(), move || errors.with(|e| !e.is_empty()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let details = SignIn {
            username: username.get_untracked().trim().to_string(),
            password: password.get_untracked(),
        };
        let mut missing = Vec::new();
        if details.username.is_empty() {
            missing.push(FieldError::new("username", "Enter your username"));
        }
        if details.password.is_empty() {
            missing.push(FieldError::new("password", "Enter your password"));
        }
        if !missing.is_empty() {
            errors.set(missing);
            return;
        }
        let navigate = navigate.clone();
        send_form(
            sending,
            async move { account::sign_in(&details).await },
            move |result| match result {
                Ok(session) => {
                    let to = state
                        .return_to
                        .get_untracked()
                        .filter(|p| p != "/sign-in")
                        .unwrap_or_else(|| landing_path(&session).to_string());
                    state.return_to.set(None);
                    state.set(session);
                    navigate(&to, Default::default());
                }
                Err(e) => {
                    if matches!(e, ApiError::Invalid(_) | ApiError::TooMany(_)) {
                        password.set(String::new());
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
                <SendButton sending=sending>"Sign in"</SendButton>
            </form>
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
    }
}
