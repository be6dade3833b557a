//! Redeeming an invitation code (`/account/invitation`): HFS emailed it when it approved a facility
//! the user asked for; redeeming adds the facility to the user's account.

use leptos::prelude::*;
use rules::wire::accounts::{Redeem, Role};

use crate::api;
use crate::components::form_errors::{from_api_error, message_for, send_form};
use crate::components::{BackLink, ErrorSummary, FieldError, RequireRole, TextField};
use crate::page::{take_fragment, use_title};
use crate::session::use_session;

#[component]
pub fn RedeemInvitation() -> impl IntoView {
    view! {
        <RequireRole roles=&[Role::Provider] approved=true>
            <RedeemPage />
        </RequireRole>
    }
}

#[component]
fn RedeemPage() -> impl IntoView {
    let session = use_session();
    // The emailed link carries the code in the fragment (`#code=...`): filled in, then removed
    // from the address bar.
    let code = RwSignal::new(take_fragment("code").unwrap_or_default());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(false);
    // The facility just added, by name.
    let added = RwSignal::new(None::<String>);
    use_title(
        move || {
            if added.with(Option::is_some) {
                "Facility added".into()
            } else {
                "Enter your invitation code".into()
            }
        },
        move || errors.with(|e| !e.is_empty()),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        // Codes are pasted from an email: spaces around or inside them are not part of them.
        let typed: String = code
            .get_untracked()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if typed.is_empty() {
            errors.set(vec![FieldError::new(
                "code",
                "Enter the invitation code from your email",
            )]);
            return;
        }
        let before: Vec<i64> = session.session.with_untracked(|s| {
            s.as_ref()
                .map(|s| s.facilities.iter().map(|f| f.id).collect())
                .unwrap_or_default()
        });
        send_form(
            busy,
            async move { api::facilities::redeem(&Redeem { code: typed }).await },
            move |result| match result {
                Ok(new_session) => {
                    let name = new_session
                        .facilities
                        .iter()
                        .find(|f| !before.contains(&f.id))
                        .map(|f| f.name.clone())
                        .unwrap_or_else(|| "The facility".into());
                    errors.set(Vec::new());
                    code.set(String::new());
                    session.set(new_session);
                    added.set(Some(name));
                    request_animation_frame(crate::page::focus_main_heading);
                }
                Err(e) => errors.set(from_api_error(&e, &[], "code")),
            },
        );
    };
    view! {
        {move || match added.get() {
            Some(name) => view! {
                <div class="bg-success text-white p-6 mb-8">
                    <h1 class="text-4xl font-bold">{format!("{name} is now one of your facilities")}</h1>
                </div>
                <p class="mb-6">
                    "You can now file and follow tickets for it. Choose which facility you are working for from your account page."
                </p>
                <ul class="space-y-2">
                    <li><a href="/account">"Go to your account"</a></li>
                    <li>
                        <a href="/account/invitation" on:click=move |_| added.set(None)>
                            "Redeem another invitation code"
                        </a>
                    </li>
                </ul>
            }
            .into_any(),
            None => view! {
                <BackLink href=Signal::derive(|| "/account".to_string()) />
                <ErrorSummary errors=errors />
                <form novalidate on:submit=on_submit>
                    <TextField
                        id="code"
                        label="Enter your invitation code"
                        hint="It is in the email HFS sent when it approved the facility."
                        value=code
                        error=message_for(errors, "code")
                        autocomplete="off"
                        spellcheck=false
                        width="w-full"
                        heading=true
                    />
                    <button type="submit" class="btn" disabled=move || busy.get()>"Redeem"</button>
                </form>
            }
            .into_any(),
        }}
    }
}
