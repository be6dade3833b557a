//! The forms of HFS's review and of the deliveries for it: the Portal Team assigns an HFS MCO
//! Account Manager, who decides or refers the review to an HFS Subject Matter Expert; the
//! decision with its outcome and letter; each party's delivery; and an HFS administrator's target
//! for presenting an expedited ticket.

use leptos::prelude::*;
use rules::forms::{parse_date_parts, DateParts};
use rules::tickets::check_action_fields;
use rules::wire::tickets::{Attachment, DecisionOutcome, HfsPerson, TicketAction};
use rules::workflow::NOT_CONTESTED_CASE;

use super::check::{Check, CheckRow};
use super::files::AttachFiles;
use super::{action_frame, date_error_of, field_id, ids_of, pairs, Ctx, Frame};
use crate::components::form_errors::{from_body, message_for};
use crate::components::{DateInput, FieldError, RadioOption, Radios, TextArea, TextField};

/// A choice of HFS users, GOV.UK style: label, error, the current choice kept.
#[component]
fn PersonSelect(
    id: String,
    label: &'static str,
    people: Vec<HfsPerson>,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = {
        let error_id = error_id.clone();
        move || error.with(Option::is_some).then(|| error_id.clone())
    };
    view! {
        <div class=move || if error.with(Option::is_some) { "border-l-4 border-error pl-4 mb-6" } else { "mb-6" }>
            <label for=id.clone() class="block font-bold mb-1">{label}</label>
            <crate::components::error_summary::FieldErrorMessage id=error_id.clone() message=error />
            <select
                id=id.clone()
                name=id.clone()
                class="input"
                aria-describedby=described
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                <option value="">"Choose an HFS user"</option>
                {people
                    .into_iter()
                    .map(|p| view! { <option value=p.id.to_string()>{p.name}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}

#[component]
pub(super) fn AssignForm(ctx: Ctx, people: Vec<HfsPerson>) -> impl IntoView {
    const KEY: &str = "assign_review";
    const FIELDS: &[&str] = &["account_manager_id"];
    let chosen = RwSignal::new(String::new());
    let id = field_id(KEY, "account_manager_id");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let action = TicketAction::AssignReview {
            account_manager_id: chosen.get_untracked().parse().ok(),
        };
        ctx.send(
            action,
            FIELDS,
            field_id(KEY, "account_manager_id"),
            "The review was assigned to the HFS MCO Account Manager.",
        );
    };
    let body = view! {
        <PersonSelect id=id.clone() label="HFS MCO Account Manager" people=people value=chosen error=message_for(ctx.errors, id) />
    }
    .into_any();
    let frame = Frame {
        key: KEY,
        heading: "Assign an HFS MCO Account Manager",
        intro: "Place the ticket in Administrative Review with an Account Manager, who decides or refers it to a Subject Matter Expert.",
        button: "Assign the review",
        secondary: false,
    };
    action_frame(frame, body, ctx.busy, on_submit)
}

#[component]
pub(super) fn ReferForm(ctx: Ctx, people: Vec<HfsPerson>) -> impl IntoView {
    const KEY: &str = "refer_to_sme";
    const FIELDS: &[&str] = &["sme_id", "note"];
    let chosen = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let id = field_id(KEY, "sme_id");
    let note_id = field_id(KEY, "note");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let action = TicketAction::ReferToSme {
            sme_id: chosen.get_untracked().parse().ok(),
            note: note.get_untracked(),
        };
        ctx.send(
            action,
            FIELDS,
            field_id(KEY, "sme_id"),
            "The review was referred to the HFS Subject Matter Expert.",
        );
    };
    let body = view! {
        <PersonSelect id=id.clone() label="HFS Subject Matter Expert" people=people value=chosen error=message_for(ctx.errors, id) />
        <TextArea id=note_id.clone() label="Note for the Subject Matter Expert" value=note error=message_for(ctx.errors, note_id) rows=4 />
    }
    .into_any();
    let frame = Frame {
        key: KEY,
        heading: "Refer the review to a Subject Matter Expert",
        intro: "The Subject Matter Expert then makes the HFS decision.",
        button: "Refer the review",
        secondary: true,
    };
    action_frame(frame, body, ctx.busy, on_submit)
}

fn outcome_options() -> Vec<RadioOption> {
    DecisionOutcome::ALL
        .iter()
        .map(|o| RadioOption {
            value: o.key(),
            label: o.label(),
            hint: None,
        })
        .collect()
}

#[component]
pub(super) fn DecideForm(ctx: Ctx) -> impl IntoView {
    const KEY: &str = "decide";
    const FIELDS: &[&str] = &["outcome", "decision"];
    const OUTCOME_ID: &str = "decide-outcome";
    let outcome = RwSignal::new(None::<&'static str>);
    let decision = RwSignal::new(String::new());
    let files = RwSignal::new(Vec::<Attachment>::new());
    let decision_id = field_id(KEY, "decision");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = DecisionOutcome::ALL
            .iter()
            .copied()
            .find(|o| Some(o.key()) == outcome.get_untracked());
        let action = TicketAction::Decide {
            decision: decision.get_untracked(),
            outcome: chosen,
            attachment_ids: files.with_untracked(|f| f.iter().map(|a| a.id).collect()),
        };
        let letter = files.with_untracked(|f| {
            f.iter()
                .map(|a| a.file_name.clone())
                .collect::<Vec<_>>()
                .join("\n")
        });
        let rows = vec![
            CheckRow::new(
                "Outcome of the decision",
                chosen.map(|o| o.label()).unwrap_or_default(),
                Some(OUTCOME_ID.to_string()),
            ),
            CheckRow::new(
                "HFS's written decision",
                decision.get_untracked(),
                Some(field_id(KEY, "decision")),
            ),
            CheckRow::new(
                "Decision letter",
                if letter.is_empty() {
                    "None".to_string()
                } else {
                    letter
                },
                Some(field_id(KEY, "file")),
            ),
        ];
        ctx.check_first(Check {
            key: KEY,
            heading: "Check the decision before you record it",
            rows,
            warning: "The decision is final: it goes to the provider and the MCO at once and closes the ticket. This cannot be undone.",
            button: "Record the final decision",
            action,
            fields: FIELDS,
            fallback: OUTCOME_ID.to_string(),
            done: "The final decision was recorded and sent to both parties. The ticket is closed.",
        });
    };
    let body = view! {
        <Radios
            id=OUTCOME_ID
            caption=""
            legend="Outcome of the decision"
            options=outcome_options()
            selected=outcome
            error=message_for(ctx.errors, OUTCOME_ID)
            plain_legend=true
        />
        <TextArea id=decision_id.clone() label="HFS's written decision" value=decision error=message_for(ctx.errors, decision_id) rows=6 />
        <AttachFiles ctx=ctx files=files key=KEY label="Decision letter (optional)" />
    }
    .into_any();
    let frame = Frame {
        key: KEY,
        heading: "Record the HFS decision",
        intro: "The decision is final, goes to the provider and the MCO, and closes the ticket. Disputes presented to HFS are not contested cases and confer no right to an administrative hearing.",
        button: "Record the final decision",
        secondary: false,
    };
    action_frame(frame, body, ctx.busy, on_submit)
}

#[component]
pub(super) fn DeliverForm(ctx: Ctx) -> impl IntoView {
    const KEY: &str = "deliver_information";
    const FIELDS: &[&str] = &[
        "information",
        "contact_name",
        "contact_phone",
        "contact_email",
    ];
    let information = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let files = RwSignal::new(Vec::<Attachment>::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let action = TicketAction::DeliverInformation {
            information: information.get_untracked(),
            contact_name: name.get_untracked(),
            contact_phone: phone.get_untracked(),
            contact_email: email.get_untracked(),
            attachment_ids: files.with_untracked(|f| f.iter().map(|a| a.id).collect()),
        };
        ctx.send(
            action,
            FIELDS,
            field_id(KEY, "information"),
            "Your information was delivered to HFS.",
        );
    };
    let text = |field: &str| {
        let id = field_id(KEY, field);
        (id.clone(), message_for(ctx.errors, id))
    };
    let (info_id, info_error) = text("information");
    let (name_id, name_error) = text("contact_name");
    let (phone_id, phone_error) = text("contact_phone");
    let (email_id, email_error) = text("contact_email");
    let body = view! {
        <TextArea id=info_id label="Your information for HFS's review" value=information error=info_error rows=6 />
        <AttachFiles ctx=ctx files=files key=KEY />
        <p class="font-bold mb-2">"A knowledgeable person HFS can contact"</p>
        <TextField id=name_id label="Name" value=name error=name_error autocomplete="name" />
        <TextField id=phone_id label="Phone" value=phone error=phone_error autocomplete="tel" input_type="tel" width="w-full md:w-1/2" />
        <TextField id=email_id label="Email" value=email error=email_error autocomplete="email" input_type="email" spellcheck=false />
    }
    .into_any();
    let frame = Frame {
        key: KEY,
        heading: "Deliver your information to HFS",
        intro: "Both parties deliver all relevant information within {information_delivery} of the request for review, with the contact of someone who knows the case. You deliver once.",
        button: "Deliver to HFS",
        secondary: false,
    };
    action_frame(frame, body, ctx.busy, on_submit)
}

#[component]
pub(super) fn TargetForm(ctx: Ctx) -> impl IntoView {
    const KEY: &str = "set_present_target";
    const LABEL: &str = "the target date";
    let parts = RwSignal::new(DateParts::default());
    let id = field_id(KEY, "present_by");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let present_by = match parse_date_parts(&parts.get_untracked(), LABEL) {
            Ok(date) => date.to_string(),
            Err(e) => {
                ctx.banner.set(None);
                ctx.errors.set(vec![FieldError::new(
                    format!("{}-{}", field_id(KEY, "present_by"), e.fields.first()),
                    e.message,
                )]);
                return;
            }
        };
        let action = TicketAction::SetPresentTarget { present_by };
        if let Err(body) = check_action_fields(&action) {
            let ids = ids_of(KEY, &["present_by"]);
            ctx.errors
                .set(from_body(&body, &pairs(&ids), &field_id(KEY, "submit")));
            return;
        }
        ctx.send(
            action,
            &["present_by"],
            field_id(KEY, "present_by"),
            "The target for presenting was set.",
        );
    };
    let body = view! {
        <DateInput
            id="set-present-target-present-by"
            caption=""
            legend="Present by"
            hint=""
            parts=parts
            error=date_error_of(ctx.errors, id)
            plain_legend=true
        />
    }
    .into_any();
    let frame = Frame {
        key: KEY,
        heading: "Set a target for presenting this expedited ticket",
        intro: "The ticket affects a member's immediate access to care. The target is HFS's own; it changes no deadline of the rules.",
        button: "Set the target",
        secondary: true,
    };
    action_frame(frame, body, ctx.busy, on_submit)
}

/// The overview's note, for the review's sections.
pub fn not_contested_note() -> impl IntoView {
    view! { <p class="mb-4" data-not-contested="">{NOT_CONTESTED_CASE}</p> }
}
