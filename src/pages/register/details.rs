//! The profile's two pages: name and contact details, then the organization. Each checks its own
//! fields with `rules::accounts::check_profile` on Continue and keeps what was typed.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use rules::accounts::{check_profile, ORGANIZATION_TYPES};
use rules::wire::accounts::{AccountStatus, Role};

use super::{error_for, errors_in_order, RegistrationAnswers, CAPTION};
use crate::api::account;
use crate::components::{
    BackLink, ErrorSummary, FieldError, RadioOption, Radios, RequireRole, TextField,
};
use crate::page::use_title;
use crate::session::use_session;

const NAME_FIELDS: [&str; 4] = ["first_name", "last_name", "contact_email", "contact_phone"];
const ORGANIZATION_FIELDS: [&str; 4] = [
    "organization_name",
    "organization_type",
    "medicaid_id",
    "npi",
];

/// Whether the page was reached by a "Change" link on the summary (then Continue returns there).
fn use_changing() -> Signal<bool> {
    let query = use_query_map();
    Signal::derive(move || query.read().get("change").is_some())
}

/// The profile's pages are for a provider user whose profile is still to send (or to correct after
/// a denial). Copies a denied request's profile in once, to correct.
#[component]
pub fn ProfileGate(children: ChildrenFn) -> impl IntoView {
    let state = use_session();
    let answers = RegistrationAnswers::use_context();
    let open = Memo::new(move |_| {
        matches!(
            state.status(),
            Some(AccountStatus::ProfileNeeded | AccountStatus::Denied)
        )
    });
    Effect::new(move |_| {
        if state.status() == Some(AccountStatus::Denied) && !answers.prefilled.get_untracked() {
            answers.prefilled.set(true);
            spawn_local(async move {
                if let Ok(registration) = account::registration().await {
                    if let Some(profile) = registration.profile {
                        answers.fill(&profile);
                    }
                }
            });
        }
    });
    let children = StoredValue::new(children);
    view! {
        <RequireRole roles=&[Role::Provider]>
            {move || {
                if open.get() {
                    children.with_value(|c| c()).into_any()
                } else {
                    use_title(|| "Your registration request was sent".into(), || false);
                    view! {
                        <span class="block text-xl text-secondary mb-1">{CAPTION}</span>
                        <h1 class="text-4xl font-bold mb-6">"Your registration request was sent"</h1>
                        <p class="mb-6">"There is nothing more to fill in."</p>
                        <p><a href="/account">"See where your registration stands"</a></p>
                    }
                    .into_any()
                }
            }}
        </RequireRole>
    }
}

/// Errors of `fields` only, from checking the whole profile.
fn page_errors(answers: &RegistrationAnswers, fields: &[&str]) -> Vec<FieldError> {
    match check_profile(&answers.profile()) {
        Ok(_) => Vec::new(),
        Err(mut body) => {
            body.errors.retain(|k, _| fields.contains(&k.as_str()));
            errors_in_order(&body, fields)
        }
    }
}

/// `/register/name`.
#[component]
pub fn NamePage() -> impl IntoView {
    view! { <ProfileGate><NameForm /></ProfileGate> }
}

#[component]
fn NameForm() -> impl IntoView {
    let answers = RegistrationAnswers::use_context();
    let changing = use_changing();
    let navigate = use_navigate();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    use_title(
        || "Your name and contact details".into(),
        move || errors.with(|e| !e.is_empty()),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let found = page_errors(&answers, &NAME_FIELDS);
        if found.is_empty() {
            let next = if changing.get_untracked() {
                "/register/check"
            } else {
                "/register/organization"
            };
            navigate(next, Default::default());
        } else {
            errors.set(found);
        }
    };
    view! {
        <BackLink href=Signal::derive(move || {
            if changing.get() { "/register/check" } else { "/account" }.to_string()
        }) />
        <ErrorSummary errors=errors />
        <span class="block text-xl text-secondary mb-1">{CAPTION}</span>
        <h1 class="text-4xl font-bold mb-6">"Your name and contact details"</h1>
        <p class="mb-6">"HFS uses these to contact you about your registration. They are not shown on the site."</p>
        <form novalidate on:submit=on_submit>
            <TextField
                id="first_name"
                label="First name"
                value=answers.first_name
                error=error_for(errors, "first_name")
                autocomplete="given-name"
                spellcheck=false
                width="w-full max-w-md"
            />
            <TextField
                id="last_name"
                label="Last name"
                value=answers.last_name
                error=error_for(errors, "last_name")
                autocomplete="family-name"
                spellcheck=false
                width="w-full max-w-md"
            />
            <TextField
                id="contact_email"
                label="Contact email address"
                hint="If this is wrong, you will not get emails about your tickets."
                value=answers.contact_email
                error=error_for(errors, "contact_email")
                autocomplete="email"
                input_type="email"
                spellcheck=false
                width="w-full max-w-md"
            />
            <TextField
                id="contact_phone"
                label="Contact phone number"
                hint="For example, (217) 555-0100"
                value=answers.contact_phone
                error=error_for(errors, "contact_phone")
                autocomplete="tel"
                input_type="tel"
                width="w-full max-w-xs"
            />
            <button type="submit" class="btn">"Continue"</button>
        </form>
    }
}

/// `/register/organization`.
#[component]
pub fn OrganizationPage() -> impl IntoView {
    view! { <ProfileGate><OrganizationForm /></ProfileGate> }
}

#[component]
fn OrganizationForm() -> impl IntoView {
    let answers = RegistrationAnswers::use_context();
    let changing = use_changing();
    let navigate = use_navigate();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    use_title(
        || "Your organization".into(),
        move || errors.with(|e| !e.is_empty()),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let found = page_errors(&answers, &ORGANIZATION_FIELDS);
        if found.is_empty() {
            navigate("/register/check", Default::default());
        } else {
            errors.set(found);
        }
    };
    let options = ORGANIZATION_TYPES
        .iter()
        .map(|(value, label)| RadioOption {
            value,
            label,
            hint: None,
        })
        .collect::<Vec<_>>();
    view! {
        <BackLink href=Signal::derive(move || {
            if changing.get() { "/register/check" } else { "/register/name" }.to_string()
        }) />
        <ErrorSummary errors=errors />
        <span class="block text-xl text-secondary mb-1">{CAPTION}</span>
        <h1 class="text-4xl font-bold mb-6">"Your organization"</h1>
        <form novalidate on:submit=on_submit>
            <TextField
                id="organization_name"
                label="Organization name"
                value=answers.organization_name
                error=error_for(errors, "organization_name")
                autocomplete="organization"
                width="w-full max-w-md"
            />
            <Radios
                id="organization_type"
                caption=""
                legend="Organization type"
                options=options
                selected=answers.organization_type
                error=error_for(errors, "organization_type")
                plain_legend=true
            />
            <TextField
                id="medicaid_id"
                label="Provider Medicaid ID"
                hint="9 or 10 digits"
                value=answers.medicaid_id
                error=error_for(errors, "medicaid_id")
                inputmode="numeric"
                spellcheck=false
                width="w-full max-w-xs"
            />
            <TextField
                id="npi"
                label="NPI (optional)"
                hint="Leave blank only if you are an atypical provider with no NPI"
                value=answers.npi
                error=error_for(errors, "npi")
                inputmode="numeric"
                spellcheck=false
                width="w-full max-w-xs"
            />
            <button type="submit" class="btn">"Continue"</button>
        </form>
    }
}
