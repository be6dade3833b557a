//! HFS closing a ticket that cannot be presented to the MCO: the reason, and a note to the
//! provider.

use leptos::prelude::*;
use rules::tickets::check_action_fields;
use rules::timeline::ClosedReason;
use rules::wire::tickets::{Attachment, TicketAction};

use super::check::{Check, CheckRow};
use super::files::AttachFiles;
use super::{action_frame, field_id, Ctx, Frame};
use crate::components::form_errors::message_for;
use crate::components::{FieldError, RadioOption, Radios, TextArea};

/// The words of an HFS closing, for its radio.
fn closing_label(reason: ClosedReason) -> &'static str {
    match reason {
        ClosedReason::Incomplete => "Incomplete",
        ClosedReason::NotTimely => "Not filed in time",
        ClosedReason::NoTrackingNumber => "No MCO tracking number",
        ClosedReason::MedicareOnly => "Medicare only",
        ClosedReason::PriorAuthorizationNotObtained => "Prior authorization not obtained",
        ClosedReason::McoNotGivenChance => "The MCO had no chance to resolve it first",
        ClosedReason::SeveralIssues => "Several issues on one ticket",
        ClosedReason::SeveralMcos => "Several MCOs on one ticket",
        ClosedReason::SeveralClaimsWithoutTemplate => "Several claims without the claims template",
        _ => "Other",
    }
}

fn closing_value(reason: ClosedReason) -> &'static str {
    match reason {
        ClosedReason::Incomplete => "incomplete",
        ClosedReason::NotTimely => "not_timely",
        ClosedReason::NoTrackingNumber => "no_tracking_number",
        ClosedReason::MedicareOnly => "medicare_only",
        ClosedReason::PriorAuthorizationNotObtained => "prior_authorization_not_obtained",
        ClosedReason::McoNotGivenChance => "mco_not_given_chance",
        ClosedReason::SeveralIssues => "several_issues",
        ClosedReason::SeveralMcos => "several_mcos",
        ClosedReason::SeveralClaimsWithoutTemplate => "several_claims_without_template",
        _ => "other",
    }
}

#[component]
pub(super) fn CloseForm(ctx: Ctx) -> impl IntoView {
    const KEY: &str = "close";
    const FIELDS: &[&str] = &["reason", "note"];
    let reason = RwSignal::new(None::<&'static str>);
    let note = RwSignal::new(String::new());
    let files = RwSignal::new(Vec::<Attachment>::new());
    let options: Vec<RadioOption> = ClosedReason::HFS_CLOSINGS
        .iter()
        .map(|r| RadioOption {
            value: closing_value(*r),
            label: closing_label(*r),
            hint: Some(r.explanation()),
        })
        .collect();
    // `field_id(KEY, "reason")`, as a constant for the radios.
    const REASON_ID: &str = "close-reason";
    let note_id = field_id(KEY, "note");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = ClosedReason::HFS_CLOSINGS
            .iter()
            .copied()
            .find(|r| Some(closing_value(*r)) == reason.get_untracked());
        let action = TicketAction::Close {
            reason: chosen.unwrap_or(ClosedReason::Incomplete),
            note: note.get_untracked(),
            attachment_ids: files.with_untracked(|f| f.iter().map(|a| a.id).collect()),
        };
        if chosen.is_none() {
            let mut list = vec![FieldError::new(
                REASON_ID,
                "Select why the ticket is closed",
            )];
            if let Err(body) = check_action_fields(&action) {
                if let Some(messages) = body.errors.get("note") {
                    list.extend(
                        messages
                            .iter()
                            .map(|m| FieldError::new(field_id(KEY, "note"), m.clone())),
                    );
                }
            }
            ctx.banner.set(None);
            ctx.errors.set(list);
            return;
        }
        let reason_words = chosen.map(closing_label).unwrap_or_default();
        let file_names = files.with_untracked(|f| {
            f.iter()
                .map(|a| a.file_name.clone())
                .collect::<Vec<_>>()
                .join("\n")
        });
        let rows = vec![
            CheckRow::new(
                "Why the ticket is closed",
                reason_words,
                Some(REASON_ID.to_string()),
            ),
            CheckRow::new(
                "Note to the provider",
                note.get_untracked(),
                Some(field_id(KEY, "note")),
            ),
            CheckRow::new(
                "Files",
                if file_names.is_empty() {
                    "None".to_string()
                } else {
                    file_names
                },
                Some(field_id(KEY, "file")),
            ),
        ];
        ctx.check_first(Check {
            key: KEY,
            heading: "Check before you close the ticket",
            rows,
            warning: "The provider is told at once. This cannot be undone: a closed ticket is never reopened.",
            button: "Close the ticket",
            action,
            fields: FIELDS,
            fallback: field_id(KEY, "submit"),
            done: "The ticket was closed. The provider has been told why.",
        });
    };
    let body = view! {
        <Radios
            id=REASON_ID
            caption=""
            legend="Why is the ticket closed?"
            options=options
            selected=reason
            error=message_for(ctx.errors, REASON_ID)
            plain_legend=true
        />
        <TextArea id=note_id.clone() label="Note to the provider" value=note error=message_for(ctx.errors, note_id) rows=4 />
        <AttachFiles ctx=ctx files=files key=KEY />
    }
    .into_any();
    let frame = Frame {
        key: KEY,
        heading: "Close the ticket",
        intro:
            "Close a ticket that cannot be presented to the MCO. A closed ticket is never reopened.",
        button: "Close the ticket",
        secondary: true,
    };
    action_frame(frame, body, ctx.busy, on_submit)
}
