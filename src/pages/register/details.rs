//! The profile's two pages: name and contact details, then the organization. Each checks its own
//! fields with `rules::accounts::check_profile` on Continue and keeps what was typed.

use crate::nav::{use_navigate, use_query_map};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rules::accounts::{check_profile, ORGANIZATION_TYPES};
use rules::wire::accounts::{AccountStatus, RegistrationStep, Role, SavedAnswers};

use super::{RegistrationAnswers, CAPTION};
use crate::api::account;
use crate::components::form_errors::{from_body, message_for};
use crate::components::{
    BackLink, ErrorSummary, FieldError, RadioOption, Radios, RequireRole, TextField,
};
use crate::page::use_title;
use crate::session::use_session;

const NAME_FIELDS: &[(&str, &str)] = &[
    ("first_name", "first_name"),
    ("last_name", "last_name"),
    ("contact_email", "contact_email"),
    ("contact_phone", "contact_phone"),
];
const ORGANIZATION_FIELDS: &[(&str, &str)] = &[
    ("organization_name", "organization_name"),
    ("organization_type", "organization_type"),
    ("medicaid_id", "medicaid_id"),
    ("npi", "npi"),
];

/// Whether the page was reached by a "Change" link on the summary (then Continue returns there).
fn use_changing() -> Signal<bool> {
    let query = use_query_map();
    Signal::derive(move || query.read().get("change").is_some())
}

/// The profile's pages are for a provider user whose profile is still to send (or to correct after
/// a denial). Copies in, once per visit, the answers the server keeps (else a denied request's
/// profile, to correct); the contact email starts as the account's email.
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
        let unsent = matches!(
            state.status(),
            Some(AccountStatus::ProfileNeeded | AccountStatus::Denied)
        );
        if unsent && !answers.prefilled.get_untracked() {
            answers.prefilled.set(true);
            let account_email = state
                .session
                .with_untracked(|s| s.as_ref().map(|s| s.email.clone()))
                .unwrap_or_default();
            spawn_local(async move {
                if let Ok(registration) = account::registration().await {
                    let kept = registration
                        .saved_answers
                        .map(|saved| saved.profile)
                        .or(registration.profile);
                    // What was typed in this visit already stays.
                    if let Some(profile) = kept.filter(|_| answers.is_blank()) {
                        answers.fill(&profile);
                    }
                }
                if answers.contact_email.get_untracked().trim().is_empty() {
                    answers.contact_email.set(account_email);
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
fn page_errors(answers: &RegistrationAnswers, fields: &[(&str, &str)]) -> Vec<FieldError> {
    match check_profile(&answers.profile()) {
        Ok(_) => Vec::new(),
        Err(mut body) => {
            body.errors
                .retain(|k, _| fields.iter().any(|(name, _)| name == k));
            from_body(&body, fields, fields[0].1)
        }
    }
}

/// One page of the profile: the back link, the error summary, the heading and the form, whose
/// Continue checks `fields` and goes on to `next` (or back to "Check your answers" when the page
/// was reached by a "Change" link, as is the back link; otherwise it goes to `back`).
#[component]
fn ProfileStep(
    title: &'static str,
    #[prop(optional)] intro: Option<&'static str>,
    fields: &'static [(&'static str, &'static str)],
    back: &'static str,
    next: &'static str,
    errors: RwSignal<Vec<FieldError>>,
    children: Children,
) -> impl IntoView {
    let answers = RegistrationAnswers::use_context();
    let changing = use_changing();
    let navigate = use_navigate();
    use_title(move || title.into(), move || errors.with(|e| !e.is_empty()));
    let saving = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let found = page_errors(&answers, fields);
        if !found.is_empty() {
            errors.set(found);
            return;
        }
        let next = if changing.get_untracked() {
            "/register/check"
        } else {
            next
        };
        let step = if next == RegistrationStep::Check.path() {
            RegistrationStep::Check
        } else {
            RegistrationStep::Organization
        };
        // Kept on the server before going on: a reload, a new tab or a timeout loses nothing.
        let saved = SavedAnswers {
            step,
            profile: answers.profile(),
        };
        saving.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = account::save_answers(&saved).await;
            saving.set(false);
            match result {
                Ok(()) => navigate(next, Default::default()),
                Err(e) => errors.set(vec![FieldError::new(
                    fields[0].1,
                    format!("Your answers could not be kept: {}", e.message()),
                )]),
            }
        });
    };
    view! {
        <BackLink href=Signal::derive(move || {
            if changing.get() { "/register/check" } else { back }.to_string()
        }) />
        <ErrorSummary errors=errors />
        <span class="block text-xl text-secondary mb-1">{CAPTION}</span>
        <h1 class="text-4xl font-bold mb-6">{title}</h1>
        {intro.map(|text| view! { <p class="mb-6">{text}</p> })}
        <form novalidate on:submit=on_submit>
            {children()}
            <button type="submit" class="btn">"Continue"</button>
        </form>
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
    let errors = RwSignal::new(Vec::<FieldError>::new());
    view! {
        <ProfileStep
            title="Your name and contact details"
            intro="HFS uses these to contact you about your registration. They are not shown on the site."
            fields=NAME_FIELDS
            back="/account"
            next="/register/organization"
            errors=errors
        >
            <TextField
                id="first_name"
                label="First name"
                value=answers.first_name
                error=message_for(errors, "first_name")
                autocomplete="given-name"
                spellcheck=false
                width="w-full max-w-md"
            />
            <TextField
                id="last_name"
                label="Last name"
                value=answers.last_name
                error=message_for(errors, "last_name")
                autocomplete="family-name"
                spellcheck=false
                width="w-full max-w-md"
            />
            <TextField
                id="contact_email"
                label="Contact email address"
                hint="If this is wrong, you will not get emails about your tickets."
                value=answers.contact_email
                error=message_for(errors, "contact_email")
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
                error=message_for(errors, "contact_phone")
                autocomplete="tel"
                input_type="tel"
                width="w-full max-w-xs"
            />
        </ProfileStep>
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
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let options = ORGANIZATION_TYPES
        .iter()
        .map(|(value, label)| RadioOption {
            value,
            label,
            hint: None,
        })
        .collect::<Vec<_>>();
    view! {
        <ProfileStep
            title="Your organization"
            fields=ORGANIZATION_FIELDS
            back="/register/name"
            next="/register/check"
            errors=errors
        >
            <TextField
                id="organization_name"
                label="Organization name"
                value=answers.organization_name
                error=message_for(errors, "organization_name")
                autocomplete="organization"
                width="w-full max-w-md"
            />
            <Radios
                id="organization_type"
                caption=""
                legend="Organization type"
                options=options
                selected=answers.organization_type
                error=message_for(errors, "organization_type")
                plain_legend=true
            />
            <TextField
                id="medicaid_id"
                label="Provider Medicaid ID"
                hint="9 or 10 digits"
                value=answers.medicaid_id
                error=message_for(errors, "medicaid_id")
                inputmode="numeric"
                spellcheck=false
                width="w-full max-w-xs"
            />
            <TextField
                id="npi"
                label="NPI (optional)"
                hint="Leave blank only if you are an atypical provider with no NPI"
                value=answers.npi
                error=message_for(errors, "npi")
                inputmode="numeric"
                spellcheck=false
                width="w-full max-w-xs"
            />
        </ProfileStep>
    }
}
