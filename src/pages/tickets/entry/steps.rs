//! The question pages: one question, or one small group that belongs together, per page. Each
//! checks its answers on Continue with `rules::tickets::check_step` (never on blur), keeps what
//! the user typed, saves the draft and goes on.
//!
//! This file sends each step to its page and holds what they share, and the dispute page (the
//! tracking number and the date the MCO received the dispute, with the filing window as it is typed);
//! the other pages are one file each below it (the choices from a list together).

mod choices;
mod claim;
mod contact;
mod details;
mod member;
mod program;

use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use rules::countdown::Kind;
use rules::eligibility::FilingWindow as Window;
use rules::forms::DateError;
use rules::tickets::Step;
use rules::wire::ErrorBody;

use self::choices::{FacilityPage, McoPage, TypePage};
use self::claim::ClaimPage;
use self::contact::ContactPage;
use self::details::DetailsPage;
use self::member::MemberPage;
use self::program::ProgramPage;
use super::{continue_with, date_error, parts_of, read_date_parts, Entry, Page, CAPTION};
use crate::clock::use_clock;
use crate::components::form_errors::{from_body, message_for};
use crate::components::{
    BackLink, Countdown, DateInput, ErrorSummary, FieldError, McoDisputeInfo, SendButton, TextField,
};
use crate::page::use_title;

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
                hint="This is the day the MCO gave your dispute its tracking number."
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
