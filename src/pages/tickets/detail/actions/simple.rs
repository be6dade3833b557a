//! The form of an action that needs at most one text box (and, to answer a request for
//! information, files): most actions are one, described by [`super::SIMPLE`].

use leptos::prelude::*;
use rules::wire::tickets::{Attachment, TicketAction};

use super::files::AttachFiles;
use super::{action_frame, field_id, Ctx, Frame, Simple};
use crate::components::form_errors::message_for;
use crate::components::TextArea;

/// The wire action of a simple form with its text.
fn simple_action(key: &str, text: String) -> Option<TicketAction> {
    Some(match key {
        "present" => TicketAction::Present,
        "request_info" => TicketAction::RequestInfo { message: text },
        "provide_info" => TicketAction::ProvideInfo {
            message: text,
            attachment_ids: Vec::new(),
        },
        "request_extension" => TicketAction::RequestExtension { reason: text },
        "approve_extension" => TicketAction::ApproveExtension,
        "refuse_extension" => TicketAction::RefuseExtension { reason: text },
        "accept" => TicketAction::Accept,
        "contest" => TicketAction::Contest { reason: text },
        "request_review" => TicketAction::RequestReview { reason: text },
        "deliver_information" => TicketAction::DeliverInformation,
        "decide" => TicketAction::Decide { decision: text },
        "message" => TicketAction::Message { message: text },
        _ => return None,
    })
}

fn fields_of(spec: &Simple) -> &'static [&'static str] {
    match spec.text {
        Some(("message", _)) => &["message"],
        Some(("reason", _)) => &["reason"],
        Some(("decision", _)) => &["decision"],
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
        let Some(mut action) = simple_action(key, text.get_untracked()) else {
            return;
        };
        if let TicketAction::ProvideInfo { attachment_ids, .. } = &mut action {
            *attachment_ids = files.with_untracked(|f| f.iter().map(|a| a.id).collect());
        }
        let fallback = fields
            .first()
            .map(|f| field_id(key, f))
            .unwrap_or_else(|| field_id(key, "submit"));
        ctx.send(action, fields, fallback, spec.done);
    };
    let text_box = spec.text.map(|(field, label)| {
        let id = field_id(key, field);
        view! { <TextArea id=id.clone() label=label value=text error=message_for(ctx.errors, id) rows=5 /> }
    });
    let uploads = (key == "provide_info").then(|| view! { <AttachFiles ctx=ctx files=files /> });
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
