use crate::nav::use_navigate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rules::accounts::{check_profile, ORGANIZATION_TYPES};
use rules::wire::ErrorBody;

use super::details::ProfileGate;
use super::{RegistrationAnswers, CAPTION};
use crate::api::{account, ApiError};
use crate::components::{BackLink, ErrorSummary, FieldError, SendButton};
use crate::page::use_title;
use crate::session::use_session;

/// One row of the summary: the wire field it shows, its question, the hidden words of its
/// "Change" link, and the page that asks it.
struct Row {
    field: &'static str,
    question: &'static str,
    hidden: &'static str,
    page: &'static str,
}

const ROWS: [Row; 8] = [
    Row {
        field: "first_name",
        question: "First name",
        hidden: "your first name",
        page: "/register/name",
    },
    Row {
        field: "last_name",
        question: "Last name",
        hidden: "your last name",
        page: "/register/name",
    },
    Row {
        field: "contact_email",
        question: "Contact email address",
        hidden: "your contact email address",
        page: "/register/name",
    },
    Row {
        field: "contact_phone",
        question: "Contact phone number",
        hidden: "your contact phone number",
        page: "/register/name",
    },
    Row {
        field: "organization_name",
        question: "Organization name",
        hidden: "your organization name",
        page: "/register/organization",
    },
    Row {
        field: "organization_type",
        question: "Organization type",
        hidden: "your organization type",
        page: "/register/organization",
    },
    Row {
        field: "medicaid_id",
        question: "Provider Medicaid ID",
        hidden: "your Provider Medicaid ID",
        page: "/register/organization",
    },
    Row {
        field: "npi",
        question: "NPI",
        hidden: "your NPI",
        page: "/register/organization",
    },
];

/// The summary's errors, each linked to the "Change" link of its row.
fn summary_errors(body: &ErrorBody) -> Vec<FieldError> {
    ROWS.iter()
        .filter_map(|row| {
            body.errors
                .get(row.field)
                .and_then(|m| m.first())
                .map(|m| FieldError::new(format!("change-{}", row.field), m.clone()))
        })
        .collect()
}

/// `/register/check`: check your answers, then "Send registration request".
#[component]
pub fn CheckProfile() -> impl IntoView {
    view! { <ProfileGate><CheckForm /></ProfileGate> }
}

#[component]
fn CheckForm() -> impl IntoView {
    let answers = RegistrationAnswers::use_context();
    let state = use_session();
    let navigate = use_navigate();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let sending = RwSignal::new(false);
    use_title(
        || "Check your answers before sending your registration request".into(),
        move || errors.with(|e| !e.is_empty()),
    );
    let answer_of = move |field: &str| -> String {
        let value = match field {
            "first_name" => answers.first_name.get(),
            "last_name" => answers.last_name.get(),
            "contact_email" => answers.contact_email.get(),
            "contact_phone" => answers.contact_phone.get(),
            "organization_name" => answers.organization_name.get(),
            "organization_type" => answers
                .organization_type
                .get()
                .and_then(|code| ORGANIZATION_TYPES.iter().find(|(c, _)| *c == code))
                .map(|(_, label)| label.to_string())
                .unwrap_or_default(),
            "medicaid_id" => answers.medicaid_id.get(),
            "npi" => {
                let npi = answers.npi.get();
                if npi.trim().is_empty() {
                    return "None (atypical provider)".into();
                }
                npi
            }
            _ => String::new(),
        };
        if value.trim().is_empty() {
            "Not answered yet".into()
        } else {
            value
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let profile = match check_profile(&answers.profile()) {
            Ok(clean) => clean,
            Err(body) => {
                errors.set(summary_errors(&body));
                return;
            }
        };
        sending.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = account::send_profile(&profile).await;
            match result {
                Ok(_) => {
                    answers.clear();
                    if let Ok(Some(session)) = account::session().await {
                        state.set(session);
                    }
                    sending.set(false);
                    navigate("/account", Default::default());
                }
                Err(ApiError::Invalid(body)) => {
                    sending.set(false);
                    errors.set(summary_errors(&body));
                }
                Err(e) => {
                    sending.set(false);
                    errors.set(vec![FieldError::new("send", e.message())]);
                }
            }
        });
    };
    view! {
        <BackLink href=Signal::derive(|| "/register/organization".to_string()) />
        <ErrorSummary errors=errors />
        <span class="block text-xl text-secondary mb-1">{CAPTION}</span>
        <h1 class="text-4xl font-bold mb-8">"Check your answers before sending your registration request"</h1>
        <dl class="mb-10 border-t border-border">
            {ROWS
                .iter()
                .map(|row| {
                    let field = row.field;
                    view! {
                        <div class="md:flex border-b border-border py-3 gap-4">
                            <dt class="font-bold md:w-1/3">{row.question}</dt>
                            <dd class="md:w-1/2 break-words">{move || answer_of(field)}</dd>
                            <dd class="md:w-1/6 md:text-right">
                                <a id=format!("change-{field}") href=format!("{}?change=true", row.page)>
                                    "Change"
                                    <span class="sr-only">" " {row.hidden}</span>
                                </a>
                            </dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
        <h2 class="text-2xl font-bold mb-4">"Now send your registration request"</h2>
        <p class="mb-6">
            "HFS portal staff check your details. You get an email when they approve your registration, and you cannot enter a ticket until then."
        </p>
        <form novalidate on:submit=on_submit>
            <SendButton id="send" sending=sending>"Send registration request"</SendButton>
        </form>
    }
}
