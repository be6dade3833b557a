//! Files sent with a step (an answer, a delivery, a response, a decision letter, a follow-up):
//! each one is uploaded to the ticket when chosen, and listed.

use leptos::prelude::*;
use rules::wire::tickets::Attachment;
use wasm_bindgen::JsCast;

use super::Ctx;
use crate::api::tickets::{upload_attachment, AttachTo};
use crate::components::form_errors::{from_api_error, message_for, send_form};
use crate::components::FieldError;

/// Files to send with a step: each one is uploaded to the ticket when chosen and listed. `key`
/// is the form's (its input is `{key}-file`); `label` says what the files are.
#[component]
pub(super) fn AttachFiles(
    ctx: Ctx,
    files: RwSignal<Vec<Attachment>>,
    key: &'static str,
    #[prop(optional)] label: Option<&'static str>,
) -> impl IntoView {
    let id = format!("{}-file", key.replace('_', "-"));
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let label = label.unwrap_or("Attach a file (optional)");
    let input = NodeRef::<leptos::html::Input>::new();
    let uploading = RwSignal::new(false);
    let error = message_for(ctx.errors, id.clone());
    let upload = {
        let id = id.clone();
        move |_| {
            if uploading.get_untracked() {
                return;
            }
            let Some(el) = input.get_untracked() else {
                return;
            };
            let el: web_sys::HtmlInputElement = el.unchecked_into();
            let Some(file) = el.files().and_then(|list| list.get(0)) else {
                ctx.banner.set(None);
                ctx.errors.set(vec![FieldError::new(
                    id.clone(),
                    rules::tickets::FILE_MISSING_MESSAGE,
                )]);
                return;
            };
            let ticket_id = ctx.ticket_id;
            let id = id.clone();
            send_form(
                uploading,
                async move { upload_attachment(AttachTo::Ticket(ticket_id), file).await },
                move |answer| match answer {
                    Ok(attachment) => {
                        ctx.errors.set(Vec::new());
                        el.set_value("");
                        files.update(|f| f.push(attachment));
                    }
                    Err(e) => {
                        ctx.banner.set(None);
                        ctx.errors.set(from_api_error(&e, &[("file", &id)], &id));
                    }
                },
            );
        }
    };
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            if error.with(Option::is_some) {
                format!("{hint_id} {error_id}")
            } else {
                hint_id.clone()
            }
        }
    };
    view! {
        <div class=move || if error.with(Option::is_some) { "border-l-4 border-error pl-4 mb-6" } else { "mb-6" }>
            <label for=id.clone() class="block font-bold mb-1">{label}</label>
            <div id=hint_id.clone() class="text-secondary mb-2">
                "A PDF, PNG, JPEG, CSV or XLSX file smaller than 10MB. Choose it, then select Upload file."
            </div>
            <crate::components::error_summary::FieldErrorMessage id=error_id.clone() message=error />
            <input
                node_ref=input
                id=id.clone()
                name=id.clone()
                type="file"
                accept=".pdf,.png,.jpg,.jpeg,.csv,.xlsx"
                aria-describedby=described
                class=move || if error.with(Option::is_some) { "block input input-error mb-3" } else { "block input mb-3" }
            />
            <button type="button" class="btn btn-secondary" id=format!("{id}-upload") on:click=upload>"Upload file"</button>
            <div role="status">
                {move || {
                    let list = files.get();
                    (!list.is_empty()).then(|| view! {
                        <p class="font-bold mb-1">"Files to send:"</p>
                        <ul class="list-disc pl-6">
                            {list.into_iter().map(|f| view! { <li>{f.file_name}</li> }).collect_view()}
                        </ul>
                    })
                }}
            </div>
        </div>
    }
}
