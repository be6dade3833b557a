use crate::nav::use_navigate;
use leptos::prelude::*;
use rules::accounts::check_new_account;
use rules::wire::accounts::{AccountStatus, NewAccount, RegistrationStep};

use super::{RegistrationAnswers, CAPTION};
use crate::api::account;
use crate::components::form_errors::{from_api_error, from_body, message_for, send_form};
use crate::components::{BackLink, ErrorSummary, FieldError, PasswordField, SendButton, TextField};
use crate::page::use_title;
use crate::session::use_session;

const FIELDS: &[(&str, &str)] = &[
    ("email", "email"),
    ("username", "username"),
    ("password", "password"),
    ("confirm_password", "confirm_password"),
];

/// `/register`: the account itself. It creates the user, signs it in, and goes on to the profile.
#[component]
pub fn CreateAccount() -> impl IntoView {
    let state = use_session();
    let answers = RegistrationAnswers::use_context();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let sending = RwSignal::new(false);
    let resuming = RwSignal::new(false);
    use_title(
        || "Create an account".into(),
        move || errors.with(|e| !e.is_empty()),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let input = NewAccount {
            email: email.get_untracked(),
            username: username.get_untracked(),
            password: password.get_untracked(),
            confirm_password: confirm.get_untracked(),
        };
        let input = match check_new_account(&input) {
            Ok(clean) => clean,
            Err(body) => {
                errors.set(from_body(&body, FIELDS, "email"));
                return;
            }
        };
        let navigate = navigate.clone();
        send_form(
            sending,
            async move { account::register(&input).await },
            move |result| match result {
                Ok(session) => {
                    answers.clear();
                    // Going on to the first step now: nothing to resume.
                    resuming.set(true);
                    state.set(session);
                    navigate("/register/name", Default::default());
                }
                Err(e) => errors.set(from_api_error(&e, FIELDS, "email")),
            },
        );
    };
    let signed_in = move || state.session.with(|s| s.is_some());
    // Signed in to an account whose profile is not sent: back to the step reached, every answer
    // the server keeps filled in (`ProfileGate`).
    let navigate_resume = use_navigate();
    Effect::new(move |_| {
        let unfinished = matches!(
            state.status(),
            Some(AccountStatus::ProfileNeeded | AccountStatus::Denied)
        );
        if unfinished && !resuming.get_untracked() && !sending.get_untracked() {
            resuming.set(true);
            let navigate = navigate_resume.clone();
            leptos::task::spawn_local(async move {
                let step = account::registration()
                    .await
                    .ok()
                    .and_then(|r| r.saved_answers)
                    .map_or(RegistrationStep::Name, |saved| saved.step);
                navigate(step.path(), crate::nav::NavigateOptions { replace: true });
            });
        }
    });
    view! {
        <BackLink href=Signal::derive(|| "/".to_string()) />
        <Show
            when=move || !signed_in()
            fallback=move || {
                let unfinished = matches!(
                    state.status(),
                    Some(AccountStatus::ProfileNeeded | AccountStatus::Denied)
                );
                view! {
                    <span class="block text-xl text-secondary mb-1">{CAPTION}</span>
                    <h1 class="text-4xl font-bold mb-6">"You already have an account"</h1>
                    <p class="mb-6">"You are signed in. To make another account, sign out first."</p>
                    {if unfinished {
                        view! { <p><a href="/register/name">"Finish your registration"</a></p> }.into_any()
                    } else {
                        view! { <p><a href="/account">"Go to your account"</a></p> }.into_any()
                    }}
                }
            }
        >
            <ErrorSummary errors=errors />
            <span class="block text-xl text-secondary mb-1">{CAPTION}</span>
            <h1 class="text-4xl font-bold mb-6">"Create an account"</h1>
            <p class="mb-6">
                "You will sign in with your username and password. Next you tell us about yourself and your organization, and HFS checks your request."
            </p>
            <form novalidate on:submit=on_submit.clone()>
                <TextField
                    id="email"
                    label="Email address"
                    hint="HFS sends messages about your registration and tickets here."
                    value=email
                    error=message_for(errors, "email")
                    autocomplete="email"
                    input_type="email"
                    spellcheck=false
                    width="w-full max-w-md"
                />
                <TextField
                    id="username"
                    label="Username"
                    hint="3 to 64 letters, numbers and . _ - @ that you choose."
                    value=username
                    error=message_for(errors, "username")
                    autocomplete="username"
                    spellcheck=false
                    width="w-full max-w-md"
                />
                <PasswordField
                    id="password"
                    label="Password"
                    hint="At least 12 characters. A long phrase is easiest to remember."
                    value=password
                    error=message_for(errors, "password")
                    autocomplete="new-password"
                />
                <PasswordField
                    id="confirm_password"
                    label="Confirm password"
                    value=confirm
                    error=message_for(errors, "confirm_password")
                    autocomplete="new-password"
                />
                <SendButton sending=sending>"Continue"</SendButton>
            </form>
            <p class="mt-6">"Already have an account? " <a href="/sign-in">"Sign in"</a></p>
        </Show>
    }
}
