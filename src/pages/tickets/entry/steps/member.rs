//! The member and the dates of service.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use rules::forms::{DateError, DateParts};
use rules::tickets::Step;
use rules::wire::ErrorBody;

use super::{
    caption, continue_with, date_error, page_title, parts_of, read_date_parts, Entry, Page,
};
use crate::components::form_errors::{from_body, message_for};
use crate::components::{BackLink, DateInput, ErrorSummary, FieldError, SendButton, TextField};

const SERVICE_FROM_LABEL: &str = "the first date of service";
const SERVICE_TO_LABEL: &str = "the last date of service";

#[component]
pub(super) fn MemberPage(entry: Entry) -> impl IntoView {
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
                hint="The first day of the service."
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
