//! `/account/password`: the current password, a new one, and the new one again.

use leptos::prelude::*;
use rules::accounts::check_password_change;
use rules::wire::accounts::PasswordChange;

use crate::api::account;
use crate::components::form_errors::{from_api_error, from_body, message_for, send_form};
use crate::components::{
    BackLink, ErrorSummary, FieldError, PasswordField, RequireRole, SendButton,
};
use crate::page::{focus_main_heading, use_title};
use crate::session::use_session;

const FIELDS: &[(&str, &str)] = &[
    ("current_password", "current_password"),
    ("new_password", "new_password"),
    ("confirm_password", "confirm_password"),
];

#[component]
pub fn ChangePassword() -> impl IntoView {
    view! {
        <RequireRole roles=&[]>
            <ChangePasswordForm />
        </RequireRole>
    }
}

#[component]
fn ChangePasswordForm() -> impl IntoView {
    let state = use_session();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let sending = RwSignal::new(false);
    let done = RwSignal::new(false);
    use_title(
        move || {
            if done.get() {
                "Your password has been changed".into()
            } else {
                "Change your password".into()
            }
        },
        move || errors.with(|e| !e.is_empty()),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let change = PasswordChange {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
            confirm_password: confirm.get_untracked(),
        };
        let (username, email) = state
            .session
            .with_untracked(|s| s.as_ref().map(|s| (s.username.clone(), s.email.clone())))
            .unwrap_or_default();
        if let Err(body) = check_password_change(&change, &username, &email) {
            errors.set(from_body(&body, FIELDS, "current_password"));
            return;
        }
        send_form(
            sending,
            async move { account::change_password(&change).await },
            move |result| match result {
                Ok(()) => {
                    current.set(String::new());
                    new.set(String::new());
                    confirm.set(String::new());
                    errors.set(Vec::new());
                    done.set(true);
                    request_animation_frame(focus_main_heading);
                }
                Err(e) => errors.set(from_api_error(&e, FIELDS, "current_password")),
            },
        );
    };
    view! {
        <BackLink href=Signal::derive(|| "/account".to_string()) />
        <Show
            when=move || !done.get()
            fallback=|| {
                view! {
                    <div class="bg-success text-white p-6 mb-8">
                        <h1 class="text-4xl font-bold">"Your password has been changed"</h1>
                    </div>
                    <p class="mb-6">"Use your new password the next time you sign in."</p>
                    <p><a href="/account">"Go to your account"</a></p>
                }
            }
        >
            <ErrorSummary errors=errors />
            <span class="block text-xl text-secondary mb-1">"Your account"</span>
            <h1 class="text-4xl font-bold mb-6">"Change your password"</h1>
            <form novalidate on:submit=on_submit>
                <PasswordField
                    id="current_password"
                    label="Current password"
                    value=current
                    error=message_for(errors, "current_password")
                    autocomplete="current-password"
                />
                <PasswordField
                    id="new_password"
                    label="New password"
                    hint="At least 12 characters. A long phrase is easiest to remember."
                    value=new
                    error=message_for(errors, "new_password")
                    autocomplete="new-password"
                />
                <PasswordField
                    id="confirm_password"
                    label="Confirm new password"
                    value=confirm
                    error=message_for(errors, "confirm_password")
                    autocomplete="new-password"
                />
                <SendButton sending=sending>"Change password"</SendButton>
            </form>
        </Show>
    }
}
