//! Password reset by email (docs/accounts.md, "Password reset"):
//! - `/forgot-password`: the username or email address to send a link to;
//! - `/forgot-password/sent`: "Check your email" (the same whether or not the account exists);
//! - `/password-reset#token=...`: the emailed link; the token is read from the fragment and then
//!   removed from the address bar; a new password;
//! - `/password-reset/done`: the password is changed, sign in with it.

use crate::nav::use_navigate;
use leptos::prelude::*;

use crate::api::{account, ApiError};
use crate::components::form_errors::{from_api_error, message_for, send_form};
use crate::components::{BackLink, ErrorSummary, FieldError, PasswordField, SendButton, TextField};
use crate::page::{take_fragment, use_title};

#[component]
pub fn ForgotPassword() -> impl IntoView {
    let navigate = use_navigate();
    let identifier = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let sending = RwSignal::new(false);
    use_title(
        || "Reset your password".into(),
        move || errors.with(|e| !e.is_empty()),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let typed = identifier.get_untracked().trim().to_string();
        if typed.is_empty() {
            errors.set(vec![FieldError::new(
                "identifier",
                "Enter your username or email address",
            )]);
            return;
        }
        let navigate = navigate.clone();
        send_form(
            sending,
            async move { account::request_password_reset(&typed).await },
            move |result| match result {
                Ok(()) => navigate("/forgot-password/sent", Default::default()),
                Err(e) => errors.set(from_api_error(
                    &e,
                    &[("identifier", "identifier")],
                    "identifier",
                )),
            },
        );
    };
    view! {
        <BackLink href=Signal::derive(|| "/sign-in".to_string()) />
        <ErrorSummary errors=errors />
        <h1 class="text-4xl font-bold mb-6">"Reset your password"</h1>
        <p class="mb-6 max-w-2xl">
            "Enter the username or the email address of your account. We will email you a link to choose a new password. The link works once, for 1 hour."
        </p>
        <form novalidate on:submit=on_submit>
            <TextField
                id="identifier"
                label="Username or email address"
                value=identifier
                error=message_for(errors, "identifier")
                autocomplete="username"
                spellcheck=false
                width="w-full max-w-md"
            />
            <SendButton sending=sending>"Send me a link"</SendButton>
        </form>
    }
}

#[component]
pub fn ResetLinkSent() -> impl IntoView {
    use_title(|| "Check your email".into(), || false);
    view! {
        <h1 class="text-4xl font-bold mb-6">"Check your email"</h1>
        <p class="mb-4 max-w-2xl">
            "If an account has that username or email address, we have sent it an email with a link to choose a new password."
        </p>
        <p class="mb-4 max-w-2xl">
            "The link works once, for 1 hour. If you cannot find the email, check your spam folder."
        </p>
        <p class="mb-4">
            <a href="/forgot-password">"Ask for another link"</a>
        </p>
        <p>
            "For help with signing in, email "
            <a href="mailto:hfs.crm.help@illinois.gov">"hfs.crm.help@illinois.gov"</a>
            "."
        </p>
    }
}

/// The page of a link that cannot be used, with what to do.
#[component]
fn LinkNotValid(message: String) -> impl IntoView {
    use_title(|| "This link cannot be used".into(), || false);
    view! {
        <h1 class="text-4xl font-bold mb-6">"This link cannot be used"</h1>
        <p role="alert" class="mb-6 text-xl">{message}</p>
        <p><a href="/forgot-password">"Ask for a new link"</a></p>
    }
}

const MISSING_LINK: &str =
    "The link is not complete. Copy the whole link from the email, or ask for a new link";

#[component]
pub fn NewPassword() -> impl IntoView {
    let navigate = use_navigate();
    // Read once, then gone from the address bar.
    let token = StoredValue::new(take_fragment("token"));
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let link_problem = RwSignal::new(
        token
            .with_value(Option::is_none)
            .then(|| MISSING_LINK.to_string()),
    );
    let sending = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let typed = password.get_untracked();
        if typed.is_empty() {
            errors.set(vec![FieldError::new("password", "Enter a new password")]);
            return;
        }
        let Some(token) = token.get_value() else {
            return;
        };
        let navigate = navigate.clone();
        send_form(
            sending,
            async move { account::complete_password_reset(&token, &typed).await },
            move |result| match result {
                Ok(()) => navigate("/password-reset/done", Default::default()),
                Err(ApiError::Invalid(body)) if body.errors.contains_key("token") => {
                    link_problem.set(body.errors["token"].first().cloned());
                }
                Err(e) => {
                    errors.set(from_api_error(&e, &[("password", "password")], "password"));
                }
            },
        );
    };
    view! {
        {move || match link_problem.get() {
            Some(message) => view! { <LinkNotValid message=message /> }.into_any(),
            None => {
                use_title(
                    || "Choose a new password".into(),
                    move || errors.with(|e| !e.is_empty()),
                );
                view! {
                    <ErrorSummary errors=errors />
                    <h1 class="text-4xl font-bold mb-6">"Choose a new password"</h1>
                    <form novalidate on:submit=on_submit.clone()>
                        <PasswordField
                            id="password"
                            label="New password"
                            hint="At least 12 characters. A long phrase is easiest to remember. It must not include your username or email address."
                            value=password
                            error=message_for(errors, "password")
                            autocomplete="new-password"
                        />
                        <SendButton sending=sending>"Change password"</SendButton>
                    </form>
                }
                .into_any()
            }
        }}
    }
}

#[component]
pub fn PasswordChanged() -> impl IntoView {
    use_title(|| "Your password has been changed".into(), || false);
    view! {
        <div class="bg-success text-white p-6 mb-8">
            <h1 class="text-4xl font-bold">"Your password has been changed"</h1>
        </div>
        <p class="mb-4 max-w-2xl">
            "You were signed out everywhere. We have emailed your account to say the password changed."
        </p>
        <p><a href="/sign-in">"Sign in with your new password"</a></p>
    }
}
