//! `/confirm-email#token=...`: the emailed link that confirms an address (docs/accounts.md,
//! "Confirmed addresses"). The token is read from the fragment, removed from the address bar, and
//! sent at once; the page says whether the address is confirmed.

use leptos::prelude::*;

use crate::api::{account, ApiError};
use crate::page::{focus_main_heading, take_fragment, use_title};

#[derive(Clone, PartialEq)]
enum Outcome {
    Checking,
    Confirmed,
    Refused(String),
}

#[component]
pub fn ConfirmEmail() -> impl IntoView {
    let token = take_fragment("token");
    let outcome = RwSignal::new(Outcome::Checking);
    match token {
        None => outcome.set(Outcome::Refused(
            "The link is not complete. Copy the whole link from the email".into(),
        )),
        Some(token) => leptos::task::spawn_local(async move {
            let result = account::confirm_email(&token).await;
            outcome.set(match result {
                Ok(()) => Outcome::Confirmed,
                Err(ApiError::Invalid(body)) => Outcome::Refused(
                    body.errors
                        .values()
                        .flatten()
                        .next()
                        .cloned()
                        .unwrap_or_else(|| "This link cannot be used".into()),
                ),
                Err(e) => Outcome::Refused(e.message()),
            });
            request_animation_frame(focus_main_heading);
        }),
    }
    view! {
        {move || match outcome.get() {
            Outcome::Checking => {
                use_title(|| "Confirming your email address".into(), || false);
                view! { <p role="status" class="text-secondary">"Confirming your email address"</p> }
                    .into_any()
            }
            Outcome::Confirmed => {
                use_title(|| "Your email address is confirmed".into(), || false);
                view! {
                    <div class="bg-success text-white p-6 mb-8">
                        <h1 class="text-4xl font-bold">"Your email address is confirmed"</h1>
                    </div>
                    <p class="mb-4 max-w-2xl">
                        "Thank you. Once every address of your registration request is confirmed, HFS portal staff review it."
                    </p>
                    <p><a href="/account">"Go to your account"</a></p>
                }
                .into_any()
            }
            Outcome::Refused(message) => {
                use_title(|| "This confirmation link cannot be used".into(), || false);
                view! {
                    <h1 class="text-4xl font-bold mb-6">"This confirmation link cannot be used"</h1>
                    <p role="alert" class="mb-6 text-xl">{message}</p>
                    <p class="max-w-2xl">
                        "Sign in and choose \"Send the link again\" on "
                        <a href="/account">"your account page"</a>
                        "."
                    </p>
                }
                .into_any()
            }
        }}
    }
}
