//! The Multiple Provider/Facility Registration Request (`/account/facilities/new`): an approved
//! portal user asks HFS for more providers or facilities, typing the template's rows in the
//! browser or uploading the template (CSV or XLSX, read in the spreadsheet worker), then checks the
//! answers and sends them.
//!
//! The page has three stages on one path: the form, "Check your answers" (`?step=check`) and the
//! confirmation (`?step=sent`). The answers live in the page while the user moves between them, so
//! the browser's Back button returns to the form with everything as typed.
//!
//! This file is the page and its three stages; what the form keeps is in `form`, the typed rows in
//! `rows`, the template upload in `upload` and the user's earlier requests in `earlier`.

mod earlier;
mod form;
mod rows;
mod upload;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use rules::accounts::{check_facility_request, MAX_FACILITIES_PER_REQUEST};
use rules::dates::iso_in_words as date_words;
use rules::facility_template::COLUMNS;
use rules::wire::accounts::{FacilityRow, Role};

use self::earlier::EarlierRequests;
use self::form::{cell_id, facilities_words, Form};
use self::rows::{RowFields, RowProblemTable};
use self::upload::UploadForm;
use crate::api::{self, ApiError};
use crate::components::error_summary::FieldErrorMessage;
use crate::components::form_errors::{message_for, send_form};
use crate::components::{BackLink, ErrorSummary, FieldError, RequireRole, TextField};
use crate::page::{focus_id, focus_main_heading, use_title};

const PATH: &str = "/account/facilities/new";
const CHECK_PATH: &str = "/account/facilities/new?step=check";
const SENT_PATH: &str = "/account/facilities/new?step=sent";

/// Requests of this many facilities or more take longer to review (the rule table).
const LARGE_REQUEST: usize = rules::rule_table::LARGE_REQUEST_FACILITIES as usize;

/// The header fields: wire name, input id.
const CONTACT_FIELDS: [(&str, &str); 3] = [
    ("contact_name", "contact-name"),
    ("contact_phone", "contact-phone"),
    ("contact_email", "contact-email"),
];

#[component]
pub fn RequestFacilities() -> impl IntoView {
    view! {
        <RequireRole roles=&[Role::Provider] approved=true>
            <RequestPage />
        </RequireRole>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Edit,
    Check,
    Sent,
}

#[component]
fn RequestPage() -> impl IntoView {
    let form = Form::new();
    let query = use_query_map();
    let stage = Memo::new(move |_| {
        let step = query.read().get("step");
        match step.as_deref() {
            Some("sent") if form.sent.with(Option::is_some) => Stage::Sent,
            Some("check") if form.checked.with(Option::is_some) => Stage::Check,
            _ => Stage::Edit,
        }
    });
    // Each stage is a page of its own to the user: its heading takes focus when it appears.
    Effect::new(move |previous: Option<Stage>| {
        let now = stage.get();
        // (Back to the form with problems: the error summary takes focus instead.)
        if previous.is_some_and(|p| p != now) && form.errors.with_untracked(Vec::is_empty) {
            request_animation_frame(focus_main_heading);
        }
        now
    });
    // The contact is the user's own profile, to start with.
    spawn_local(async move {
        if let Ok(registration) = api::account::registration().await {
            if let Some(profile) = registration.profile {
                let name = format!("{} {}", profile.first_name, profile.last_name);
                for (field, value) in [
                    (form.contact_name, name.trim().to_string()),
                    (form.contact_phone, profile.contact_phone),
                    (form.contact_email, profile.contact_email),
                ] {
                    if field.with_untracked(|f| f.is_empty()) {
                        field.set(value);
                    }
                }
            }
        }
    });
    use_title(
        move || match stage.get() {
            Stage::Edit => "Ask for more facilities".into(),
            Stage::Check => "Check your request before sending it".into(),
            Stage::Sent => "Request sent".into(),
        },
        move || stage.get() == Stage::Edit && form.errors.with(|e| !e.is_empty()),
    );
    view! {
        {move || match stage.get() {
            Stage::Edit => view! { <EditStage form=form /> }.into_any(),
            Stage::Check => view! { <CheckStage form=form /> }.into_any(),
            Stage::Sent => view! { <SentStage form=form /> }.into_any(),
        }}
    }
}

#[component]
fn EditStage(form: Form) -> impl IntoView {
    let navigate = use_navigate();
    let on_continue = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.file_error.set(None);
        // Rows left completely empty are dropped, so that row numbers match what the user sees.
        form.rows.update(|rows| {
            if rows.iter().any(|r| !r.is_blank()) {
                rows.retain(|r| !r.is_blank());
            }
        });
        match check_facility_request(&form.request()) {
            Ok(clean) => {
                form.clear_problems();
                form.checked.set(Some(clean));
                navigate(CHECK_PATH, Default::default());
            }
            Err(body) => {
                form.checked.set(None);
                form.show_problems(&body);
            }
        }
    };
    let add_row = move |_| {
        let entry = form.entry(&FacilityRow::default(), None);
        form.rows.update(|rows| rows.push(entry));
        request_animation_frame(move || focus_id(&cell_id(entry.key, 0)));
    };
    view! {
        <BackLink href=Signal::derive(|| "/account".to_string()) />
        <ErrorSummary errors=form.errors />
        <RowProblemTable problems=form.row_problems />
        <span class="block text-xl text-secondary mb-1">"Multiple Provider/Facility Registration Request"</span>
        <h1 class="text-4xl font-bold mb-6">"Ask for more facilities"</h1>
        <p class="mb-4">
            "Ask HFS to let you act for more providers or facilities. For each one HFS approves, it emails an invitation code to the facility's contact email and to you. You then add the facility to your account with the code."
        </p>
        <p class="mb-8">
            {format!(
                "Enter every detail for each provider or facility: HFS returns incomplete requests to you. HFS usually reviews a request within {}; requests for {LARGE_REQUEST} or more facilities can take {}.",
                rules::rule_table::REGISTRATION_REVIEW.days_words(),
                rules::rule_table::large_request_extra_words()
            )}
        </p>
        <UploadForm form=form />
        <form novalidate on:submit=on_continue>
            <h2 class="text-2xl font-bold mb-2">"Your contact details"</h2>
            <p class="text-secondary mb-4">"HFS contacts you about this request."</p>
            <TextField
                id="contact-name"
                label="Contact name"
                value=form.contact_name
                error=message_for(form.errors, "contact-name")
                autocomplete="name"
                width="w-full md:w-2/3"
            />
            <TextField
                id="contact-phone"
                label="Contact phone number"
                value=form.contact_phone
                error=message_for(form.errors, "contact-phone")
                autocomplete="tel"
                input_type="tel"
                width="w-full md:w-1/2"
            />
            <TextField
                id="contact-email"
                label="Contact email address"
                value=form.contact_email
                error=message_for(form.errors, "contact-email")
                autocomplete="email"
                input_type="email"
                spellcheck=false
                width="w-full md:w-2/3"
            />
            <h2 id="facilities" tabindex="-1" class="text-2xl font-bold mt-10 mb-2">
                "Providers and facilities"
            </h2>
            <FieldErrorMessage
                id="facilities-error".to_string()
                message=Signal::derive(move || {
                    form.errors.with(|e| {
                        e.iter().find(|e| e.field_id == "facilities").map(|e| e.message.clone())
                    })
                })
            />
            <p class="text-secondary mb-6">
                {format!("Up to {MAX_FACILITIES_PER_REQUEST} in one request. The columns are those of the template.")}
            </p>
            <For each=move || form.rows.get() key=|entry| entry.key let:entry>
                <RowFields form=form entry=entry />
            </For>
            <p class="mb-10">
                <button type="button" class="btn btn-secondary" on:click=add_row>
                    "Add another facility"
                </button>
            </p>
            <button type="submit" class="btn">"Continue"</button>
        </form>
        <EarlierRequests />
    }
}

fn summary_row(key: &'static str, value: String, change_hidden: &'static str) -> impl IntoView {
    view! {
        <div class="md:flex border-b border-border py-3 gap-4">
            <dt class="font-bold md:w-1/3">{key}</dt>
            <dd class="md:w-1/2 break-words">{value}</dd>
            <dd class="md:w-1/6 md:text-right">
                <a href=PATH>"Change" <span class="sr-only">" " {change_hidden}</span></a>
            </dd>
        </div>
    }
}

#[component]
fn CheckStage(form: Form) -> impl IntoView {
    let navigate = use_navigate();
    let request = form.checked.get_untracked().unwrap_or_default();
    let count = request.facilities.len();
    let on_send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form.busy.get_untracked() {
            return;
        }
        let Some(request) = form.checked.get_untracked() else {
            return;
        };
        let navigate = navigate.clone();
        send_form(
            form.busy,
            async move { api::facilities::send_request(&request).await },
            move |result| match result {
                Ok(sent) => {
                    form.sent.set(Some(sent));
                    navigate(
                        SENT_PATH,
                        NavigateOptions {
                            replace: true,
                            ..Default::default()
                        },
                    );
                }
                Err(ApiError::Invalid(body)) => {
                    form.checked.set(None);
                    form.show_problems(&body);
                    navigate(PATH, Default::default());
                }
                Err(e) => {
                    form.errors
                        .set(vec![FieldError::new("send-request", e.message())]);
                }
            },
        );
    };
    let rows = request.facilities.clone();
    view! {
        <BackLink href=Signal::derive(|| PATH.to_string()) />
        <ErrorSummary errors=form.errors />
        <span class="block text-xl text-secondary mb-1">"Multiple Provider/Facility Registration Request"</span>
        <h1 class="text-4xl font-bold mb-8">"Check your request before sending it"</h1>
        <h2 class="text-2xl font-bold mb-3">"Your contact details"</h2>
        <dl class="mb-10 border-t border-border">
            {summary_row("Contact name", request.contact_name.clone(), "contact name")}
            {summary_row("Contact phone number", request.contact_phone.clone(), "contact phone number")}
            {summary_row("Contact email address", request.contact_email.clone(), "contact email address")}
        </dl>
        <div class="overflow-x-auto mb-4" tabindex="0" role="region" aria-label="Facilities (scrolls sideways in a narrow window)">
            <table class="w-full text-left border-collapse text-base">
                <caption class="text-left text-2xl font-bold mb-3">
                    {format!("Providers and facilities ({count})")}
                </caption>
                <thead>
                    <tr class="border-b-2 border-ink">
                        <th scope="col" class="py-2 pr-3">"Row"</th>
                        {COLUMNS.iter().map(|(_, heading)| view! {
                            <th scope="col" class="py-2 pr-3">{*heading}</th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .enumerate()
                        .map(|(i, row)| view! {
                            <tr class="border-b border-border align-top">
                                <th scope="row" class="py-2 pr-3 font-normal">{i + 1}</th>
                                <td class="py-2 pr-3 break-all">{row.contact_email}</td>
                                <td class="py-2 pr-3">{row.contact_phone}</td>
                                <td class="py-2 pr-3">{row.name}</td>
                                <td class="py-2 pr-3">{row.facility_type}</td>
                                <td class="py-2 pr-3">{row.medicaid_id}</td>
                                <td class="py-2 pr-3">{row.npi}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <p class="mb-10">
            <a href=PATH>"Change the facilities" <span class="sr-only">" you ask for"</span></a>
        </p>
        {(count >= LARGE_REQUEST).then(|| view! {
            <div class="border-l-8 border-warning bg-panel p-4 mb-8">
                <p>
                    <strong>{format!("You are asking for {count} facilities. ")}</strong>
                    {format!(
                        "HFS can take {} to review a request for {LARGE_REQUEST} or more.",
                        rules::rule_table::large_request_extra_words()
                    )}
                </p>
            </div>
        })}
        <h2 class="text-2xl font-bold mb-3">"Now send your request"</h2>
        <p class="mb-6">"By sending it you confirm you act for these providers or facilities."</p>
        <form novalidate on:submit=on_send>
            <button id="send-request" type="submit" class="btn" disabled=move || form.busy.get()>
                "Send request"
            </button>
        </form>
    }
}

#[component]
fn SentStage(form: Form) -> impl IntoView {
    let sent = form.sent.get_untracked();
    let again = move |_| {
        // A new request starts blank, except the contact.
        let entry = form.entry(&FacilityRow::default(), None);
        form.rows.set(vec![entry]);
        form.checked.set(None);
        form.file_note.set(None);
        form.clear_problems();
    };
    sent.map(|sent| {
        let count = sent.count as usize;
        let due = date_words(&sent.review_due_on);
        view! {
            <div class="bg-success text-white p-6 mb-8 text-center">
                <h1 class="text-4xl font-bold mb-4">"Request sent"</h1>
                <p class="text-xl">
                    "You asked for " {facilities_words(count)} "." <br />
                    "Your reference number is " <strong>{sent.batch_id}</strong>
                </p>
            </div>
            <h2 class="text-2xl font-bold mb-3">"What happens next"</h2>
            <p class="mb-4">"HFS will review it by " <strong>{due}</strong> "."</p>
            {(count >= LARGE_REQUEST).then(|| view! {
                <p class="mb-4">
                    {format!(
                        "Requests for {LARGE_REQUEST} or more facilities can take {}, and this date includes them.",
                        rules::rule_table::large_request_extra_words()
                    )}
                </p>
            })}
            <p class="mb-4">
                "For each facility HFS approves, it emails an invitation code to the facility's contact email and to you. HFS returns incomplete rows to you with what to fix."
            </p>
            <p class="mb-8">
                "When you have a code, " <a href="/account/invitation">"redeem your invitation"</a>
                " to add the facility to your account."
            </p>
            <ul class="space-y-2">
                <li><a href=PATH on:click=again>"Ask for more facilities"</a></li>
                <li><a href="/account">"Go to your account"</a></li>
            </ul>
        }
    })
}
