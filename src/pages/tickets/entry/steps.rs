//! The question pages: one question, or one small group that belongs together, per page. Each
//! checks its answers on Continue with `rules::tickets::check_step` (never on blur), keeps what
//! the user typed, saves the draft and goes on.

use leptos::either::Either;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use rules::countdown::Kind;
use rules::eligibility::FilingWindow as Window;
use rules::forms::{DateError, DateParts};
use rules::tickets::{Step, TEXT_MAX_CHARS};
use rules::wire::tickets::{ComplaintType, TicketForm};
use rules::wire::ErrorBody;

use super::fields::{Choice, ChoiceQuestion, CountedTextArea};
use super::{continue_with, date_error, parts_of, read_date_parts, Entry, Page, CAPTION};
use crate::api::account;
use crate::clock::use_clock;
use crate::components::form_errors::{from_body, message_for};
use crate::components::{
    BackLink, Countdown, DateInput, ErrorSummary, FieldError, McoDisputeInfo, RadioOption, Radios,
    SendButton, TextField,
};
use crate::page::use_title;
use crate::session::use_session;

/// The page of `step`.
pub(super) fn question(entry: Entry, step: Step) -> AnyView {
    match step {
        Step::Facility => view! { <FacilityPage entry=entry /> }.into_any(),
        Step::Mco => view! { <McoPage entry=entry /> }.into_any(),
        Step::Type => view! { <TypePage entry=entry /> }.into_any(),
        Step::Dispute => view! { <DisputePage entry=entry /> }.into_any(),
        Step::Program => view! { <ProgramPage entry=entry /> }.into_any(),
        Step::ClaimsCount => view! { <super::claims::ClaimsCountPage entry=entry /> }.into_any(),
        Step::Claims => view! { <super::claims::ClaimsPage entry=entry /> }.into_any(),
        Step::Member => view! { <MemberPage entry=entry /> }.into_any(),
        Step::Claim => view! { <ClaimPage entry=entry /> }.into_any(),
        Step::Details => view! { <DetailsPage entry=entry /> }.into_any(),
        Step::Contact => view! { <ContactPage entry=entry /> }.into_any(),
    }
}

/// Shows problems by field: `ids` maps each wire field of the page to its input's id.
fn shower(
    errors: RwSignal<Vec<FieldError>>,
    ids: &'static [(&'static str, &'static str)],
) -> impl Fn(ErrorBody) + Clone + 'static {
    move |body: ErrorBody| errors.set(from_body(&body, ids, ids[0].1))
}

fn page_title(title: &'static str, errors: RwSignal<Vec<FieldError>>) {
    use_title(
        move || title.to_string(),
        move || errors.with(|e| !e.is_empty()),
    );
}

fn caption() -> impl IntoView {
    view! { <span class="block text-xl text-secondary mb-1">{CAPTION}</span> }
}

/// A page whose question is chosen from a list (facility, MCO, complaint type).
#[component]
fn ChoicePage(
    entry: Entry,
    step: Step,
    id: &'static str,
    legend: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    choices: Vec<Choice>,
    initial: Option<String>,
    /// The form with the chosen value in it.
    apply: fn(&mut TicketForm, Option<String>),
    #[prop(optional)] empty_message: Option<&'static str>,
) -> impl IntoView {
    let navigate = use_navigate();
    let selected = RwSignal::new(initial);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(false);
    page_title(legend, errors);
    let ids: &'static [(&'static str, &'static str)] = match step {
        Step::Facility => &[("facility_id", "facility")],
        Step::Mco => &[("mco_id", "mco")],
        _ => &[("complaint_type", "complaint-type")],
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut form = entry.form();
        apply(&mut form, selected.get_untracked());
        continue_with(
            entry,
            step,
            form,
            ErrorBody::default(),
            busy,
            shower(errors, ids),
            navigate.clone(),
        );
    };
    let empty = choices.is_empty();
    view! {
        <BackLink href=entry.back_path(Page::Question(step)) />
        <ErrorSummary errors=errors />
        <form novalidate on:submit=on_submit>
            <ChoiceQuestion
                id=id
                caption=CAPTION
                legend=legend
                hint=hint.unwrap_or_default()
                choices=choices
                selected=selected
                errors=errors
            />
            {(empty).then(|| view! { <p class="mb-6">{empty_message.unwrap_or_default()}</p> })}
            <SendButton sending=busy>"Continue"</SendButton>
        </form>
    }
}

#[component]
fn FacilityPage(entry: Entry) -> impl IntoView {
    let session = use_session();
    let facilities = session
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.facilities.clone()))
        .unwrap_or_default();
    let current = session.current_facility().map(|f| f.id);
    let initial = entry
        .form()
        .facility_id
        .or(current)
        .or((facilities.len() == 1).then(|| facilities[0].id))
        .map(|id| id.to_string());
    let choices = facilities
        .into_iter()
        .map(|f| Choice {
            value: f.id.to_string(),
            hint: Some(format!("Provider Medicaid ID {}", f.medicaid_id)),
            label: f.name,
        })
        .collect();
    view! {
        <ChoicePage
            entry=entry
            step=Step::Facility
            id="facility"
            legend="Which facility is this dispute for?"
            choices=choices
            initial=initial
            apply=|form, value| form.facility_id = value.and_then(|v| v.parse().ok())
            empty_message="Your account has no approved facility yet."
        />
    }
}

#[component]
fn McoPage(entry: Entry) -> impl IntoView {
    let choices = entry
        .mcos
        .get_untracked()
        .unwrap_or_default()
        .into_iter()
        .filter(|m| m.active)
        .map(|m| Choice {
            value: m.id.to_string(),
            label: m.name,
            hint: None,
        })
        .collect();
    let initial = entry.form().mco_id.map(|id| id.to_string());
    view! {
        <ChoicePage
            entry=entry
            step=Step::Mco
            id="mco"
            legend="Which MCO is the dispute with?"
            hint="File one ticket for each MCO."
            choices=choices
            initial=initial
            apply=|form, value| form.mco_id = value.and_then(|v| v.parse().ok())
        />
    }
}

/// A complaint type's key on the wire (`claims_payment`).
pub(super) fn type_key(t: ComplaintType) -> String {
    serde_json::to_value(t)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

fn type_of_key(key: &str) -> Option<ComplaintType> {
    ComplaintType::ALL.into_iter().find(|t| type_key(*t) == key)
}

#[component]
fn TypePage(entry: Entry) -> impl IntoView {
    let choices = ComplaintType::ALL
        .into_iter()
        .map(|t| Choice {
            value: type_key(t),
            label: t.label().to_string(),
            hint: None,
        })
        .collect();
    let initial = entry.form().complaint_type.map(type_key);
    view! {
        <ChoicePage
            entry=entry
            step=Step::Type
            id="complaint-type"
            legend="What is the complaint about?"
            hint="Choose the one that fits best."
            choices=choices
            initial=initial
            apply=|form, value| form.complaint_type = value.as_deref().and_then(type_of_key)
        />
    }
}

const RECEIVED_LABEL: &str = "the date the MCO received your dispute";

#[component]
fn DisputePage(entry: Entry) -> impl IntoView {
    let navigate = use_navigate();
    let form = entry.form();
    let tracking = RwSignal::new(form.tracking_number.clone());
    let parts = RwSignal::new(parts_of(form.mco_received_on.as_deref()));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let received_error = RwSignal::new(None::<DateError>);
    let busy = RwSignal::new(false);
    const TITLE: &str = "Your dispute with the MCO";
    page_title(TITLE, errors);
    let today = use_clock().illinois_today();
    // Checked live as the date is typed: where the window stands, with the eligibility checker's
    // words and countdown.
    let window = Memo::new(move |_| {
        let today = today.get();
        match parts.with(|p| read_date_parts(p, RECEIVED_LABEL)) {
            Ok(Some(received)) if received <= today => Some(Window::on(received, today)),
            _ => None,
        }
    });
    let sentence = move || window.get().map(Window::words).unwrap_or_default();
    let panel_class = move || match window.get() {
        None => "mb-8",
        Some(Window::Open(_)) => "border-l-8 border-success bg-panel p-4 mb-8",
        Some(Window::TooEarly(_)) => "border-l-8 border-warning bg-panel p-4 mb-8",
        Some(Window::TooLate(_)) => "border-l-8 border-error bg-panel p-4 mb-8",
    };
    let countdown = move || match window.get() {
        Some(Window::TooEarly(opens)) => Some(Either::Left(view! {
            <p class="mt-2">"Time until you can file: " <Countdown kind=Kind::WindowOpens date=opens /></p>
        })),
        Some(Window::Open(closes)) => Some(Either::Right(view! {
            <p class="mt-2">"Time left to file: " <Countdown kind=Kind::WindowCloses date=closes /></p>
        })),
        _ => None,
    };
    let show = move |body: ErrorBody| {
        let local = parts.with_untracked(|p| read_date_parts(p, RECEIVED_LABEL));
        let date = date_error(&local, &body, "mco_received_on");
        let date_id = format!(
            "received-{}",
            date.as_ref().map_or("day", |e| e.fields.first())
        );
        received_error.set(date);
        errors.set(from_body(
            &body,
            &[
                ("tracking_number", "tracking-number"),
                ("mco_received_on", &date_id),
            ],
            "tracking-number",
        ));
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut form = entry.form();
        form.tracking_number = tracking.get_untracked();
        let mut extra = ErrorBody::default();
        match parts.with_untracked(|p| read_date_parts(p, RECEIVED_LABEL)) {
            Ok(date) => form.mco_received_on = date.map(|d| d.to_string()),
            Err(e) => {
                form.mco_received_on = None;
                extra.add("mco_received_on", e.message);
            }
        }
        continue_with(
            entry,
            Step::Dispute,
            form,
            extra,
            busy,
            show,
            navigate.clone(),
        );
    };
    view! {
        <BackLink href=entry.back_path(Page::Question(Step::Dispute)) />
        <ErrorSummary errors=errors />
        <form novalidate on:submit=on_submit>
            {caption()}
            <h1 class="text-4xl font-bold mb-8">{TITLE}</h1>
            <McoDisputeInfo mco_id=Signal::derive(move || entry.form().mco_id) />
            <TextField
                id="tracking-number"
                label="MCO tracking number"
                hint="The number the MCO gave your dispute in its own dispute process."
                value=tracking
                error=message_for(errors, "tracking-number")
                autocomplete="off"
                spellcheck=false
                width="w-full md:w-1/2"
            />
            <DateInput
                id="received"
                caption=""
                legend="When did the MCO receive your dispute?"
                hint="This is the day the MCO gave your dispute its tracking number. For example, 15 9 2026"
                parts=parts
                error=received_error
                plain_legend=true
            />
            <div id="filing-window" class=panel_class>
                <p role="status" class="font-bold">{sentence}</p>
                {countdown}
            </div>
            <SendButton sending=busy>"Continue"</SendButton>
        </form>
    }
}

fn yes_no(answer: Option<bool>) -> Option<&'static str> {
    answer.map(|a| if a { "yes" } else { "no" })
}

#[component]
fn ProgramPage(entry: Entry) -> impl IntoView {
    let navigate = use_navigate();
    let form = entry.form();
    let program = RwSignal::new(
        form.program
            .as_deref()
            .and_then(rules::eligibility::Program::parse)
            .map(rules::eligibility::Program::as_str),
    );
    let internal = RwSignal::new(yes_no(form.internal_process_exhausted));
    let prior = RwSignal::new(yes_no(form.prior_authorization_not_obtained));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(false);
    const TITLE: &str = "The program and the MCO's process";
    page_title(TITLE, errors);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut form = entry.form();
        form.program = program.get_untracked().map(String::from);
        form.internal_process_exhausted = internal.get_untracked().map(|v| v == "yes");
        form.prior_authorization_not_obtained = prior.get_untracked().map(|v| v == "yes");
        continue_with(
            entry,
            Step::Program,
            form,
            ErrorBody::default(),
            busy,
            shower(
                errors,
                &[
                    ("program", "program"),
                    ("internal_process_exhausted", "internal-process"),
                    ("prior_authorization_not_obtained", "prior-authorization"),
                ],
            ),
            navigate.clone(),
        );
    };
    view! {
        <BackLink href=entry.back_path(Page::Question(Step::Program)) />
        <ErrorSummary errors=errors />
        <form novalidate on:submit=on_submit>
            {caption()}
            <h1 class="text-4xl font-bold mb-8">{TITLE}</h1>
            <Radios
                id="program"
                caption=""
                legend="Which program is the dispute about?"
                options=vec![
                    RadioOption {
                        value: "medicaid",
                        label: "Medicaid, through a managed care organization (MCO)",
                        hint: Some("Including the Medicaid part of a claim for a member who also has Medicare"),
                    },
                    RadioOption {
                        value: "medicare_only",
                        label: "Medicare only",
                        hint: Some("Including a Medicare-covered service for a member who has both Medicare and Medicaid"),
                    },
                    RadioOption {
                        value: "fee_for_service",
                        label: "Medicaid fee-for-service, not through an MCO",
                        hint: None,
                    },
                ]
                selected=program
                error=message_for(errors, "program")
                plain_legend=true
            />
            <Radios
                id="internal-process"
                caption=""
                legend="Have you used and finished the MCO's own dispute process?"
                hint="This means every step the MCO offers, including peer-to-peer review."
                options=vec![RadioOption::YES, RadioOption::NO]
                selected=internal
                error=message_for(errors, "internal-process")
                inline=true
                plain_legend=true
            />
            <Radios
                id="prior-authorization"
                caption=""
                legend="Is the dispute about a service that needed a prior authorization you did not get?"
                hint="For example, a claim denied because a required prior authorization was not obtained."
                options=vec![RadioOption::YES, RadioOption::NO]
                selected=prior
                error=message_for(errors, "prior-authorization")
                inline=true
                plain_legend=true
            />
            <SendButton sending=busy>"Continue"</SendButton>
        </form>
    }
}

const SERVICE_FROM_LABEL: &str = "the first date of service";
const SERVICE_TO_LABEL: &str = "the last date of service";

#[component]
fn MemberPage(entry: Entry) -> impl IntoView {
    let navigate = use_navigate();
    let form = entry.form();
    let first = RwSignal::new(form.member_first_name.clone());
    let last = RwSignal::new(form.member_last_name.clone());
    let rin = RwSignal::new(form.rin.clone());
    let from_parts = RwSignal::new(parts_of(form.service_from.as_deref()));
    let to_parts = RwSignal::new(parts_of(form.service_to.as_deref()));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let from_error = RwSignal::new(None::<DateError>);
    let to_error = RwSignal::new(None::<DateError>);
    let busy = RwSignal::new(false);
    const TITLE: &str = "About the member";
    page_title(TITLE, errors);
    let read = |parts: RwSignal<DateParts>, label: &'static str| {
        parts.with_untracked(|p| read_date_parts(p, label))
    };
    let show = move |body: ErrorBody| {
        let from = date_error(&read(from_parts, SERVICE_FROM_LABEL), &body, "service_from");
        let to = date_error(&read(to_parts, SERVICE_TO_LABEL), &body, "service_to");
        let from_id = format!(
            "service-from-{}",
            from.as_ref().map_or("day", |e| e.fields.first())
        );
        let to_id = format!(
            "service-to-{}",
            to.as_ref().map_or("day", |e| e.fields.first())
        );
        from_error.set(from);
        to_error.set(to);
        errors.set(from_body(
            &body,
            &[
                ("member_first_name", "member-first-name"),
                ("member_last_name", "member-last-name"),
                ("rin", "rin"),
                ("service_from", &from_id),
                ("service_to", &to_id),
            ],
            "member-first-name",
        ));
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut form = entry.form();
        form.member_first_name = first.get_untracked();
        form.member_last_name = last.get_untracked();
        form.rin = rin.get_untracked();
        let mut extra = ErrorBody::default();
        match read(from_parts, SERVICE_FROM_LABEL) {
            Ok(d) => form.service_from = d.map(|d| d.to_string()),
            Err(e) => {
                form.service_from = None;
                extra.add("service_from", e.message);
            }
        }
        match read(to_parts, SERVICE_TO_LABEL) {
            Ok(d) => form.service_to = d.map(|d| d.to_string()),
            Err(e) => {
                form.service_to = None;
                extra.add("service_to", e.message);
            }
        }
        continue_with(
            entry,
            Step::Member,
            form,
            extra,
            busy,
            show,
            navigate.clone(),
        );
    };
    view! {
        <BackLink href=entry.back_path(Page::Question(Step::Member)) />
        <ErrorSummary errors=errors />
        <form novalidate on:submit=on_submit>
            {caption()}
            <h1 class="text-4xl font-bold mb-8">{TITLE}</h1>
            <TextField
                id="member-first-name"
                label="First name"
                value=first
                error=message_for(errors, "member-first-name")
                autocomplete="off"
                spellcheck=false
                width="w-full md:w-1/2"
            />
            <TextField
                id="member-last-name"
                label="Last name"
                value=last
                error=message_for(errors, "member-last-name")
                autocomplete="off"
                spellcheck=false
                width="w-full md:w-1/2"
            />
            <TextField
                id="rin"
                label="Recipient ID (RIN)"
                hint="9 digits, on the member's medical card"
                value=rin
                error=message_for(errors, "rin")
                autocomplete="off"
                inputmode="numeric"
                spellcheck=false
                width="w-48"
            />
            <DateInput
                id="service-from"
                caption=""
                legend="Date of service: from"
                hint="The first day of the service. For example, 3 8 2026"
                parts=from_parts
                error=from_error
                plain_legend=true
            />
            <DateInput
                id="service-to"
                caption=""
                legend="Date of service: to (optional)"
                hint="The last day, if the service ran over more than one day."
                parts=to_parts
                error=to_error
                plain_legend=true
            />
            <SendButton sending=busy>"Continue"</SendButton>
        </form>
    }
}

#[component]
fn ClaimPage(entry: Entry) -> impl IntoView {
    let navigate = use_navigate();
    let claim = RwSignal::new(entry.form().claim_number);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(false);
    const TITLE: &str = "What is the claim number?";
    page_title(TITLE, errors);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut form = entry.form();
        form.claim_number = claim.get_untracked();
        continue_with(
            entry,
            Step::Claim,
            form,
            ErrorBody::default(),
            busy,
            shower(errors, &[("claim_number", "claim-number")]),
            navigate.clone(),
        );
    };
    view! {
        <BackLink href=entry.back_path(Page::Question(Step::Claim)) />
        <ErrorSummary errors=errors />
        <form novalidate on:submit=on_submit>
            {caption()}
            <TextField
                id="claim-number"
                label=TITLE
                hint="As it appears on the claim or the remittance advice."
                value=claim
                error=message_for(errors, "claim-number")
                autocomplete="off"
                spellcheck=false
                width="w-full md:w-1/2"
                heading=true
            />
            <SendButton sending=busy>"Continue"</SendButton>
        </form>
    }
}

#[component]
fn DetailsPage(entry: Entry) -> impl IntoView {
    let navigate = use_navigate();
    let form = entry.form();
    let description = RwSignal::new(form.description.clone());
    let outcome = RwSignal::new(form.desired_outcome.clone());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(false);
    const TITLE: &str = "Tell us about the dispute";
    page_title(TITLE, errors);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut form = entry.form();
        form.description = description.get_untracked();
        form.desired_outcome = outcome.get_untracked();
        continue_with(
            entry,
            Step::Details,
            form,
            ErrorBody::default(),
            busy,
            shower(
                errors,
                &[
                    ("description", "description"),
                    ("desired_outcome", "desired-outcome"),
                ],
            ),
            navigate.clone(),
        );
    };
    view! {
        <BackLink href=entry.back_path(Page::Question(Step::Details)) />
        <ErrorSummary errors=errors />
        <form novalidate on:submit=on_submit>
            {caption()}
            <h1 class="text-4xl font-bold mb-8">{TITLE}</h1>
            <CountedTextArea
                id="description"
                label="What is wrong?"
                hint="Say what the MCO did or did not do, and why you think it is wrong."
                value=description
                max=TEXT_MAX_CHARS
                errors=errors
            />
            <CountedTextArea
                id="desired-outcome"
                label="What do you want the MCO to do?"
                hint="For example, pay the claim at the contracted rate."
                value=outcome
                max=TEXT_MAX_CHARS
                errors=errors
            />
            <SendButton sending=busy>"Continue"</SendButton>
        </form>
    }
}

#[component]
fn ContactPage(entry: Entry) -> impl IntoView {
    let navigate = use_navigate();
    let form = entry.form();
    let name = RwSignal::new(form.contact_name.clone());
    let phone = RwSignal::new(form.contact_phone.clone());
    let email = RwSignal::new(form.contact_email.clone());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(false);
    const TITLE: &str = "Who should be contacted about this ticket?";
    page_title(TITLE, errors);
    // Filled in from the user's own profile the first time; never over what was typed.
    let blank = [&form.contact_name, &form.contact_phone, &form.contact_email]
        .iter()
        .all(|s| s.trim().is_empty());
    if blank {
        spawn_local(async move {
            if let Ok(registration) = account::registration().await {
                if let Some(profile) = registration.profile {
                    let fill = |signal: RwSignal<String>, value: String| {
                        if signal.with_untracked(|s| s.trim().is_empty()) {
                            signal.set(value);
                        }
                    };
                    fill(
                        name,
                        format!("{} {}", profile.first_name, profile.last_name)
                            .trim()
                            .to_string(),
                    );
                    fill(phone, profile.contact_phone);
                    fill(email, profile.contact_email);
                }
            }
        });
    }
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut form = entry.form();
        form.contact_name = name.get_untracked();
        form.contact_phone = phone.get_untracked();
        form.contact_email = email.get_untracked();
        continue_with(
            entry,
            Step::Contact,
            form,
            ErrorBody::default(),
            busy,
            shower(
                errors,
                &[
                    ("contact_name", "contact-name"),
                    ("contact_phone", "contact-phone"),
                    ("contact_email", "contact-email"),
                ],
            ),
            navigate.clone(),
        );
    };
    view! {
        <BackLink href=entry.back_path(Page::Question(Step::Contact)) />
        <ErrorSummary errors=errors />
        <form novalidate on:submit=on_submit>
            {caption()}
            <h1 class="text-4xl font-bold mb-4">{TITLE}</h1>
            <p class="mb-8">"The MCO and HFS use these details to reach you about this ticket. We filled them in from your profile: change them if someone else should be contacted."</p>
            <TextField
                id="contact-name"
                label="Full name"
                value=name
                error=message_for(errors, "contact-name")
                autocomplete="name"
                spellcheck=false
                width="w-full md:w-1/2"
            />
            <TextField
                id="contact-phone"
                label="Phone number"
                hint="For example, 217 555 0100"
                value=phone
                error=message_for(errors, "contact-phone")
                autocomplete="tel"
                input_type="tel"
                width="w-full md:w-1/3"
            />
            <TextField
                id="contact-email"
                label="Email address"
                value=email
                error=message_for(errors, "contact-email")
                autocomplete="email"
                input_type="email"
                spellcheck=false
                width="w-full md:w-1/2"
            />
            <SendButton sending=busy>"Continue"</SendButton>
        </form>
    }
}
