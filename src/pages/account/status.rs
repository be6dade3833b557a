//! `/account`: what a provider user's registration request is waiting for, or, once approved, the
//! facilities the user acts for. Other roles see who they are signed in as.

use leptos::prelude::*;
use rules::countdown::Kind;
use rules::dates::{long_date, parse_iso_date};
use rules::wire::accounts::{AccountStatus, Registration, Role, Session};

use crate::api::account;
use crate::components::{ButtonLink, Countdown, RequireRole};
use crate::page::{focus_heading_if_lost, use_title};
use crate::session::use_session;

#[component]
pub fn AccountPage() -> impl IntoView {
    view! {
        <RequireRole roles=&[]>
            <AccountContent />
        </RequireRole>
    }
}

#[component]
fn AccountContent() -> impl IntoView {
    let state = use_session();
    let is_provider = state.role() == Some(Role::Provider);
    if is_provider {
        view! { <ProviderAccount /> }.into_any()
    } else {
        view! { <StaffAccount /> }.into_any()
    }
}

fn date_words(iso: &Option<String>) -> String {
    iso.as_deref()
        .and_then(rules::dates::iso_long_date)
        .unwrap_or_default()
}

#[component]
fn ProviderAccount() -> impl IntoView {
    let state = use_session();
    let registration = LocalResource::new(account::registration);
    // HFS may have decided since the session was loaded: bring the session (facilities, links) up
    // to date.
    Effect::new(move |_| {
        if let Some(result) = registration.get() {
            focus_heading_if_lost();
            if let Ok(r) = result {
                if state.status() != Some(r.status) {
                    state.refresh();
                }
            }
        }
    });
    view! {
        {move || match registration.get() {
            None => view! { <p role="status" class="text-secondary">"Loading"</p> }.into_any(),
            Some(Err(e)) => {
                use_title(|| "Your account".into(), || false);
                view! {
                    <h1 class="text-4xl font-bold mb-6">"Your account"</h1>
                    <p role="alert" class="text-error font-bold">{e.message()}</p>
                }
                .into_any()
            }
            Some(Ok(r)) => view! { <RegistrationStatus registration=r /> }.into_any(),
        }}
    }
}

/// The addresses of `registration` that wait for their emailed link to be opened.
fn unconfirmed(registration: &Registration) -> bool {
    !registration.email_confirmed
        || (registration.status == AccountStatus::Pending && !registration.contact_email_confirmed)
}

/// "Confirm your email address": what is waiting for a link, and a button that sends it again.
#[component]
fn ConfirmAddresses(registration: Registration) -> impl IntoView {
    let sending = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<String, String>>);
    let contact = registration
        .profile
        .as_ref()
        .map(|p| p.contact_email.clone())
        .filter(|_| !registration.contact_email_confirmed);
    let on_click = move |_| {
        if sending.get_untracked() {
            return;
        }
        crate::components::form_errors::send_form(
            sending,
            async move { account::send_confirmation_again().await },
            move |answer| {
                result.set(Some(match answer {
                    Ok(()) => {
                        Ok("We have sent the link again. It works once, for 24 hours.".into())
                    }
                    Err(e) => Err(e.message()),
                }));
            },
        );
    };
    view! {
        <div class="border-l-8 border-brand bg-panel p-4 mb-8">
            <p class="text-2xl font-bold mb-4">"Confirm your email address"</p>
            {(!registration.email_confirmed)
                .then(|| {
                    view! {
                        <p class="mb-4">
                            "We emailed a link to your account's email address. Open it to confirm the address is yours. HFS sees your registration request only once it is confirmed."
                        </p>
                    }
                })}
            {contact
                .map(|address| {
                    view! {
                        <p class="mb-4">
                            "We emailed a link to your contact email address, " <strong>{address}</strong>
                            ". Open it to confirm the address before HFS reviews your request."
                        </p>
                    }
                })}
            <p class="mb-4">"Cannot find the email? Check your spam folder, or get a new link."</p>
            <button type="button" class="btn-secondary" on:click=on_click disabled=move || sending.get()>
                "Send the link again"
            </button>
            <div aria-live="polite">
                {move || {
                    result
                        .get()
                        .map(|r| match r {
                            Ok(text) => view! { <p role="status" class="mt-4 font-bold">{text}</p> }.into_any(),
                            Err(text) => {
                                view! { <p role="alert" class="mt-4 font-bold text-error">{text}</p> }
                                    .into_any()
                            }
                        })
                }}
            </div>
        </div>
    }
}

#[component]
fn RegistrationStatus(registration: Registration) -> impl IntoView {
    let confirm = unconfirmed(&registration)
        .then(|| view! { <ConfirmAddresses registration=registration.clone() /> });
    view! {
        {confirm}
        <RegistrationState registration=registration />
    }
}

#[component]
fn RegistrationState(registration: Registration) -> impl IntoView {
    match registration.status {
        AccountStatus::ProfileNeeded => {
            use_title(|| "Finish your registration".into(), || false);
            view! {
                <h1 class="text-4xl font-bold mb-6">"Finish your registration"</h1>
                <p class="mb-6">
                    "You have made your account. Now tell us about yourself and your organization, so HFS can check your registration request. You cannot enter a ticket until HFS approves it."
                </p>
                <ButtonLink href="/register/name">"Finish your registration"</ButtonLink>
                <AccountLinks approved=false />
            }
            .into_any()
        }
        AccountStatus::Pending => {
            use_title(|| "Registration request sent".into(), || false);
            let due = registration
                .review_due_on
                .as_deref()
                .and_then(parse_iso_date);
            let requested = date_words(&registration.requested_on);
            view! {
                <div class="bg-success text-white p-6 mb-8 text-center">
                    <h1 class="text-4xl font-bold mb-4">"Registration request sent"</h1>
                    <p class="text-2xl">
                        {due.map(|d| format!("HFS will review it by {}", long_date(d)))}
                    </p>
                </div>
                <h2 class="text-2xl font-bold mb-4">"What happens next"</h2>
                {(!requested.is_empty())
                    .then(|| view! { <p class="mb-4">"You sent your request on " {requested} "."</p> })}
                {due.map(|d| {
                    view! {
                        <p class="mb-4">
                            "Time HFS has left to review it: " <Countdown kind=Kind::Deadline date=d />
                        </p>
                    }
                })}
                <p class="mb-4">
                    "HFS portal staff check your details. You get an email when they approve your registration. If you have not had an email by then, check your spam folder."
                </p>
                <p class="mb-4 font-bold">"You cannot enter a ticket until your registration is approved."</p>
                <AccountLinks approved=false />
            }
            .into_any()
        }
        AccountStatus::Denied => {
            use_title(
                || "HFS could not approve your registration".into(),
                || false,
            );
            let decided = date_words(&registration.decided_on);
            view! {
                <h1 class="text-4xl font-bold mb-6">"HFS could not approve your registration"</h1>
                <p class="mb-4">
                    {if decided.is_empty() {
                        "HFS portal staff said:".to_string()
                    } else {
                        format!("On {decided}, HFS portal staff said:")
                    }}
                </p>
                <blockquote class="border-l-4 border-border pl-4 mb-6 text-xl">
                    {registration.denial_reason.clone().unwrap_or_default()}
                </blockquote>
                <ButtonLink href="/register/name">"Correct your details and send the request again"</ButtonLink>
                <AccountLinks approved=false />
            }
            .into_any()
        }
        AccountStatus::Approved => view! { <ApprovedAccount /> }.into_any(),
        AccountStatus::Disabled => {
            use_title(|| "Your account is turned off".into(), || false);
            view! {
                <h1 class="text-4xl font-bold mb-6">"Your account is turned off"</h1>
                <p>
                    "An HFS administrator turned off your account. Email "
                    <a href="mailto:HFS.PortalInquiries@illinois.gov">"HFS.PortalInquiries@illinois.gov"</a>
                    " to ask why."
                </p>
            }
            .into_any()
        }
    }
}

#[component]
fn ApprovedAccount() -> impl IntoView {
    let state = use_session();
    use_title(|| "Your account".into(), || false);
    let facilities = move || {
        state
            .session
            .with(|s| s.as_ref().map(|s| (s.facilities.clone(), s.facility_id)))
            .unwrap_or_default()
    };
    view! {
        <h1 class="text-4xl font-bold mb-6">"Your account"</h1>
        <p class="mb-6">"HFS approved your registration. You can enter tickets for the facilities below."</p>
        <div class="overflow-x-auto" tabindex="0" role="region" aria-label="Your facilities (scrolls sideways in a narrow window)"><table class="w-full text-left border-collapse mb-8">
            <caption class="text-left text-2xl font-bold mb-3">"Your facilities"</caption>
            <thead>
                <tr class="border-b-2 border-ink">
                    <th scope="col" class="py-2 pr-4">"Facility"</th>
                    <th scope="col" class="py-2 pr-4">"Type"</th>
                    <th scope="col" class="py-2 pr-4">"Provider Medicaid ID"</th>
                    <th scope="col" class="py-2">"NPI"</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    let (list, current) = facilities();
                    list.into_iter()
                        .map(|f| {
                            let is_current = Some(f.id) == current;
                            view! {
                                <tr class="border-b border-border align-top">
                                    <th scope="row" class="py-3 pr-4 font-normal">
                                        {f.name.clone()}
                                        {is_current.then(|| view! {
                                            <strong class="block text-base">"You are working for this facility now"</strong>
                                        })}
                                    </th>
                                    <td class="py-3 pr-4">{f.facility_type.clone()}</td>
                                    <td class="py-3 pr-4">{f.medicaid_id.clone()}</td>
                                    <td class="py-3">{f.npi.clone().unwrap_or_else(|| "None (atypical provider)".into())}</td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table></div>
        <AccountLinks approved=true />
    }
}

/// What a provider user can do from the account page.
#[component]
fn AccountLinks(approved: bool) -> impl IntoView {
    view! {
        <h2 class="text-2xl font-bold mt-10 mb-4">"Manage your account"</h2>
        <ul class="list-disc pl-6 space-y-2">
            {approved
                .then(|| {
                    view! {
                        <li><a href="/account/facilities/new">"Add facilities"</a>": ask HFS to let you act for more providers or facilities"</li>
                        <li><a href="/account/invitation">"Redeem an invitation"</a>": enter the code HFS emailed you"</li>
                    }
                })}
            <li><a href="/account/password">"Change your password"</a></li>
            <li><a href="/account/two-step">"Two-step sign-in"</a>": a code from an authenticator app each time you sign in"</li>
        </ul>
    }
}

/// Who an MCO or HFS user is signed in as.
#[component]
fn StaffAccount() -> impl IntoView {
    let state = use_session();
    use_title(|| "Your account".into(), || false);
    let session: Option<Session> = state.session.get_untracked();
    let rows = session
        .map(|s| {
            let mut rows = vec![
                ("Name", s.display_name.clone()),
                ("Username", s.username.clone()),
                ("Role", s.role.label().to_string()),
            ];
            if let Some(mco) = s.mco {
                rows.push(("MCO", mco.name));
            }
            rows
        })
        .unwrap_or_default();
    view! {
        <h1 class="text-4xl font-bold mb-6">"Your account"</h1>
        <dl class="mb-10 border-t border-border">
            {rows
                .into_iter()
                .map(|(k, v)| {
                    view! {
                        <div class="md:flex border-b border-border py-3 gap-4">
                            <dt class="font-bold md:w-1/3">{k}</dt>
                            <dd class="md:w-2/3">{v}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
        <ul class="list-disc pl-6 space-y-2">
            <li><a href="/account/password">"Change your password"</a></li>
            <li><a href="/account/two-step">"Two-step sign-in"</a></li>
        </ul>
    }
}
