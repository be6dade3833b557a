//! The form of an action that needs at most one text box (and, for some, files): most actions
//! are one, described by [`super::SIMPLE`].

use leptos::prelude::*;
use rules::timeline::ClosedReason;
use rules::wire::tickets::{Attachment, TicketAction};

use super::check::{Check, CheckRow};
use super::files::AttachFiles;
use super::{action_frame, field_id, Ctx, Frame, Simple};
use crate::components::form_errors::message_for;
use crate::components::{FieldError, TextArea};

/// The MCO's response as the check page of an accept or contest repeats it.
fn response_row(ctx: Ctx) -> Option<CheckRow> {
    ctx.detail.with_untracked(|d| {
        let r = d.as_ref()?.as_ref().ok()?.mco_response.as_ref()?;
        let outcome = match r.outcome {
            rules::wire::tickets::ResponseOutcome::Upheld => "Upheld",
            rules::wire::tickets::ResponseOutcome::Overturned => "Overturned",
        };
        Some(CheckRow::new(
            "The MCO's response",
            format!("{outcome}: {}", r.response),
            None,
        ))
    })
}

/// The wire action of a simple form with its text and files.
fn simple_action(key: &str, text: String, files: Vec<i64>) -> Option<TicketAction> {
    Some(match key {
        "present" => TicketAction::Present,
        "request_info" => TicketAction::RequestInfo {
            message: text,
            attachment_ids: files,
        },
        "provide_info" => TicketAction::ProvideInfo {
            message: text,
            attachment_ids: files,
        },
        "request_extension" => TicketAction::RequestExtension { reason: text },
        "approve_extension" => TicketAction::ApproveExtension,
        "refuse_extension" => TicketAction::RefuseExtension { reason: text },
        "accept" => TicketAction::Accept,
        "contest" => TicketAction::Contest { reason: text },
        "request_review" => TicketAction::RequestReview { reason: text },
        "message" => TicketAction::Message {
            message: text,
            attachment_ids: files,
        },
        "report_incomplete" => TicketAction::ReportIncomplete {
            missing: text,
            attachment_ids: files,
        },
        "proceed" => TicketAction::Proceed { note: text },
        "close_incomplete" => TicketAction::Close {
            reason: ClosedReason::IncompleteInfoResponse,
            note: text,
            attachment_ids: files,
        },
        "report_unresolved" => TicketAction::ReportUnresolved {
            message: text,
            attachment_ids: files,
        },
        "close_follow_up" => TicketAction::CloseFollowUp {
            note: text,
            attachment_ids: files,
        },
        _ => return None,
    })
}

fn fields_of(spec: &Simple) -> &'static [&'static str] {
    match spec.text {
        Some(("message", _)) => &["message"],
        Some(("reason", _)) => &["reason"],
        Some(("decision", _)) => &["decision"],
        Some(("missing", _)) => &["missing"],
        Some(("note", _)) => &["note"],
        _ => &[],
    }
}

#[component]
pub(super) fn SimpleForm(ctx: Ctx, spec: &'static Simple) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let files = RwSignal::new(Vec::<Attachment>::new());
    let ticked = RwSignal::new(false);
    let key = spec.key;
    let fields = fields_of(spec);
    let tick_id = field_id(key, "confirm");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some((_, message)) = spec.tick {
            if !ticked.get_untracked() {
                ctx.banner.set(None);
                ctx.errors
                    .set(vec![FieldError::new(field_id(key, "confirm"), message)]);
                return;
            }
        }
        let ids = files.with_untracked(|f| f.iter().map(|a| a.id).collect());
        let Some(action) = simple_action(key, text.get_untracked(), ids) else {
            return;
        };
        let fallback = fields
            .first()
            .map(|f| field_id(key, f))
            .unwrap_or_else(|| field_id(key, "submit"));
        match spec.check {
            Some((heading, warning)) => {
                let mut rows: Vec<CheckRow> = Vec::new();
                if matches!(key, "accept" | "contest") {
                    rows.extend(response_row(ctx));
                }
                match spec.text {
                    Some((field, label)) => rows.push(CheckRow::new(
                        label,
                        text.get_untracked(),
                        Some(field_id(key, field)),
                    )),
                    None => rows.push(CheckRow::new(
                        "Your answer",
                        spec.button,
                        Some(format!("{}-heading", key.replace('_', "-"))),
                    )),
                }
                if spec.files {
                    let names = files.with_untracked(|f| {
                        f.iter()
                            .map(|a| a.file_name.clone())
                            .collect::<Vec<_>>()
                            .join("\n")
                    });
                    rows.push(CheckRow::new(
                        "Files",
                        if names.is_empty() {
                            "None".into()
                        } else {
                            names
                        },
                        Some(format!("{}-file", key.replace('_', "-"))),
                    ));
                }
                ctx.check_first(Check {
                    key,
                    heading,
                    rows,
                    warning,
                    button: spec.button,
                    action,
                    fields,
                    fallback,
                    done: spec.done,
                });
            }
            None => ctx.send_as(key, action, fields, fallback, spec.done),
        }
    };
    let tick = spec.tick.map(|(label, _)| {
        let error = message_for(ctx.errors, tick_id.clone());
        let error_id = format!("{tick_id}-error");
        let described = {
            let error_id = error_id.clone();
            move || error.with(Option::is_some).then(|| error_id.clone())
        };
        view! {
            <div class=move || if error.with(Option::is_some) { "border-l-4 border-error pl-4 mb-6" } else { "mb-6" }>
                <crate::components::error_summary::FieldErrorMessage id=error_id.clone() message=error />
                <div class="flex items-start gap-3">
                    <input
                        type="checkbox"
                        id=tick_id.clone()
                        name=tick_id.clone()
                        class="w-8 h-8 mt-0 shrink-0"
                        aria-describedby=described
                        prop:checked=move || ticked.get()
                        on:change=move |ev| ticked.set(event_target_checked(&ev))
                    />
                    <label for=tick_id.clone() class="pt-1">{label}</label>
                </div>
            </div>
        }
    });
    let text_box = spec.text.map(|(field, label)| {
        let id = field_id(key, field);
        view! { <TextArea id=id.clone() label=label value=text error=message_for(ctx.errors, id) rows=5 /> }
    });
    let uploads = spec
        .files
        .then(|| view! { <AttachFiles ctx=ctx files=files key=key /> });
    let body = view! {
        {uploads}
        {text_box}
        {tick}
    }
    .into_any();
    let frame = Frame {
        key,
        heading: spec.heading,
        intro: spec.intro,
        button: spec.button,
        secondary: spec.secondary,
    };
    action_frame(frame, body, ctx.busy, on_submit)
}
