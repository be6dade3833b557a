//! The form of an action that needs at most one text box (and, for some, files): most actions
//! are one, described by [`super::SIMPLE`].

use leptos::prelude::*;
use rules::timeline::ClosedReason;
use rules::wire::tickets::{Attachment, TicketAction};

use super::files::AttachFiles;
use super::{action_frame, field_id, Ctx, Frame, Simple};
use crate::components::form_errors::message_for;
use crate::components::TextArea;

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
    let key = spec.key;
    let fields = fields_of(spec);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ids = files.with_untracked(|f| f.iter().map(|a| a.id).collect());
        let Some(action) = simple_action(key, text.get_untracked(), ids) else {
            return;
        };
        let fallback = fields
            .first()
            .map(|f| field_id(key, f))
            .unwrap_or_else(|| field_id(key, "submit"));
        ctx.send_as(key, action, fields, fallback, spec.done);
    };
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
