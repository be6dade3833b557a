//! `/tickets/new/{draft_id}/files`: files that support the dispute (optional). Each file is
//! checked here from its bytes (`rules::tickets::sniff_attachment`) before it is sent, and again by
//! the server.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use rules::tickets::{
    sniff_attachment, FILE_MISSING_MESSAGE, FILE_TOO_BIG_MESSAGE, MAX_ATTACHMENTS,
    MAX_ATTACHMENT_BYTES, TOO_MANY_FILES_MESSAGE,
};
use rules::wire::tickets::Attachment;
use wasm_bindgen::JsCast;

use super::{Entry, Page, CAPTION};
use crate::api::tickets::{self as api, AttachTo};
use crate::api::ApiError;
use crate::components::form_errors::message_for;
use crate::components::{BackLink, ErrorSummary, FieldError, SendButton, SuccessBanner};
use crate::page::use_title;
use crate::sheet_worker::file_bytes;

/// "2.4 MB", "310 KB".
pub(super) use rules::tickets::size_words;

/// Checks `file` as the server will: a file chosen, not too many, not too big, a type read from
/// its bytes.
async fn check_file(file: Option<web_sys::File>, count: usize) -> Result<web_sys::File, String> {
    let file = file.ok_or_else(|| FILE_MISSING_MESSAGE.to_string())?;
    if count >= MAX_ATTACHMENTS {
        return Err(TOO_MANY_FILES_MESSAGE.into());
    }
    if file.size() > MAX_ATTACHMENT_BYTES as f64 {
        return Err(FILE_TOO_BIG_MESSAGE.into());
    }
    let bytes = file_bytes(&file).await?;
    sniff_attachment(&file.name(), &bytes)?;
    Ok(file)
}

#[component]
pub(super) fn FilesPage(entry: Entry) -> impl IntoView {
    let navigate = use_navigate();
    let input = NodeRef::<leptos::html::Input>::new();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(false);
    let done = RwSignal::new(None::<String>);
    // The claims template (if any) has its own page.
    let attachments = Memo::new(move |_| {
        entry
            .draft
            .with(|d| {
                d.as_ref().map(|d| {
                    d.attachments
                        .iter()
                        .filter(|a| Some(a.id) != d.form.claims_file_id)
                        .cloned()
                        .collect::<Vec<_>>()
                })
            })
            .unwrap_or_default()
    });
    const TITLE: &str = "Add files to support your dispute (optional)";
    use_title(|| TITLE.to_string(), move || errors.with(|e| !e.is_empty()));
    let set_attachments = move |f: &dyn Fn(&mut Vec<Attachment>)| {
        entry.draft.update(|d| {
            if let Some(d) = d.as_mut() {
                f(&mut d.attachments);
            }
        });
    };
    let upload = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(el) = input.get_untracked() else {
            return;
        };
        let el: web_sys::HtmlInputElement = el.unchecked_into();
        let file = el.files().and_then(|list| list.get(0));
        let count = attachments.with_untracked(Vec::len);
        busy.set(true);
        done.set(None);
        spawn_local(async move {
            let answer = match check_file(file, count).await {
                Err(message) => Err(message),
                Ok(file) => api::upload_attachment(AttachTo::Draft(entry.draft_id), file)
                    .await
                    .map_err(|e| match e {
                        ApiError::Invalid(body) => body
                            .errors
                            .get("file")
                            .and_then(|m| m.first().cloned())
                            .unwrap_or_else(|| ApiError::Invalid(body).message()),
                        other => other.message(),
                    }),
            };
            busy.set(false);
            match answer {
                Ok(attachment) => {
                    errors.set(Vec::new());
                    done.set(Some(format!("{} added", attachment.file_name)));
                    set_attachments(&|list| list.push(attachment.clone()));
                    el.set_value("");
                }
                Err(message) => errors.set(vec![FieldError::new("file", message)]),
            }
        });
    };
    let remove = move |attachment: Attachment| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        done.set(None);
        spawn_local(async move {
            let answer = api::delete_attachment(entry.draft_id, attachment.id).await;
            busy.set(false);
            match answer {
                Ok(()) | Err(ApiError::NotFound) => {
                    errors.set(Vec::new());
                    done.set(Some(format!("{} removed", attachment.file_name)));
                    set_attachments(&|list| list.retain(|a| a.id != attachment.id));
                }
                Err(e) => errors.set(vec![FieldError::new("file", e.message())]),
            }
        });
    };
    let next = entry.next_path(Page::Files, &entry.form());
    let on_continue = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        navigate(&next, Default::default());
    };
    let error = message_for(errors, "file");
    let described_by = move || {
        if error.with(Option::is_some) {
            "file-hint file-error"
        } else {
            "file-hint"
        }
    };
    view! {
        <BackLink href=entry.back_path(Page::Files) />
        <ErrorSummary errors=errors />
        <SuccessBanner message=done />
        <span class="block text-xl text-secondary mb-1">{CAPTION}</span>
        <h1 class="text-4xl font-bold mb-6">{TITLE}</h1>
        <p class="mb-6">"For example, the claim, the remittance advice, or letters with the MCO. You can also skip this and add files later if the MCO asks for more information."</p>
        <form novalidate on:submit=upload class="mb-10">
            <div class=move || if error.with(Option::is_some) { "border-l-4 border-error pl-4 mb-6" } else { "mb-6" }>
                <label for="file" class="block text-xl font-bold mb-1">"Upload a file"</label>
                <div id="file-hint" class="text-secondary mb-2">
                    "A PDF, image (PNG or JPEG), CSV or XLSX file, smaller than 10MB. Up to 10 files."
                </div>
                <Show when=move || error.with(Option::is_some)>
                    <p id="file-error" class="text-error font-bold mb-3">
                        <span class="sr-only">"Error: "</span>
                        {move || error.get().unwrap_or_default()}
                    </p>
                </Show>
                <input
                    node_ref=input
                    id="file"
                    name="file"
                    type="file"
                    class="block"
                    accept=".pdf,.png,.jpg,.jpeg,.csv,.xlsx,application/pdf,image/png,image/jpeg,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    aria-describedby=described_by
                />
            </div>
            <button type="submit" class="btn btn-secondary" aria-disabled=move || busy.get().then_some("true")>
                "Upload file"
            </button>
        </form>
        <h2 class="text-2xl font-bold mb-4">"Files added"</h2>
        {move || {
            let list = attachments.get();
            if list.is_empty() {
                view! { <p class="mb-8">"No files added yet."</p> }.into_any()
            } else {
                view! {
                    <dl class="mb-8 border-t border-border" id="files">
                        {list
                            .into_iter()
                            .map(|a| {
                                let name = a.file_name.clone();
                                let size = size_words(a.size_bytes);
                                view! {
                                    <div class="md:flex border-b border-border py-3 gap-4">
                                        <dt class="md:w-2/3 break-words">{name.clone()}</dt>
                                        <dd class="md:w-1/6 text-secondary">{size}</dd>
                                        <dd class="md:w-1/6 md:text-right">
                                            <button
                                                type="button"
                                                class="underline text-link cursor-pointer"
                                                on:click=move |_| remove(a.clone())
                                            >
                                                "Remove"
                                                <span class="sr-only">" " {name.clone()}</span>
                                            </button>
                                        </dd>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </dl>
                }
                .into_any()
            }
        }}
        <form novalidate on:submit=on_continue>
            <SendButton sending=RwSignal::new(false)>"Continue"</SendButton>
        </form>
    }
}
