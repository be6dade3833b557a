//! "Upload the template": the file is read in the browser, off the main thread, by the spreadsheet
//! worker, and its rows replace the typed ones.

use leptos::prelude::*;
use leptos::task::spawn_local;
use rules::accounts::MAX_FACILITIES_PER_REQUEST;
use rules::sheet::{EMPTY_MESSAGE, MAX_FILE_BYTES, TOO_BIG_MESSAGE};

use super::form::{facilities_words, Form, RowEntry};
use crate::api;
use crate::components::error_summary::FieldErrorMessage;
use crate::components::FieldError;
use crate::sheet_worker::{file_bytes, SheetWorker};

/// "Upload the template": reads a CSV or XLSX template in the browser (in the spreadsheet worker)
/// and fills the rows with it, to review and fix before sending.
#[component]
pub(super) fn UploadForm(form: Form) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    // Started by the first file chosen, stopped when the page goes.
    let worker = StoredValue::new_local(SheetWorker::new());
    let reading = RwSignal::new(false);
    let on_upload = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.file_note.set(None);
        let file = input
            .get_untracked()
            .and_then(|el| el.files())
            .and_then(|files| files.get(0));
        let fail = move |message: String| {
            form.row_problems.set(Vec::new());
            form.file_error.set(Some(message.clone()));
            form.errors
                .set(vec![FieldError::new("facility-file", message)]);
        };
        let Some(file) = file else {
            fail(rules::tickets::FILE_MISSING_MESSAGE.into());
            return;
        };
        let name = file.name();
        if file.size() > MAX_FILE_BYTES as f64 {
            fail(TOO_BIG_MESSAGE.into());
            return;
        }
        if file.size() == 0.0 {
            fail(EMPTY_MESSAGE.into());
            return;
        }
        // Read off the page's main thread by the spreadsheet worker (CSV or XLSX: the type comes
        // from the bytes), with the same rules the server runs.
        let worker = worker.with_value(SheetWorker::clone);
        reading.set(true);
        spawn_local(async move {
            let read = match file_bytes(&file).await {
                Ok(bytes) => worker
                    .read_facilities(&bytes)
                    .await
                    .map(|timed| timed.value),
                Err(message) => Err(message),
            };
            reading.set(false);
            match read.and_then(|answer| answer) {
                Err(message) => fail(message),
                Ok(rows) if rows.is_empty() => {
                    fail("The selected file has no facilities under the template's headings".into())
                }
                Ok(rows) if rows.len() > MAX_FACILITIES_PER_REQUEST => fail(format!(
                    "The selected file has {} facilities: send {MAX_FACILITIES_PER_REQUEST} or fewer in one request",
                    rows.len()
                )),
                Ok(rows) => {
                    let count = rows.len();
                    let entries: Vec<RowEntry> = rows
                        .iter()
                        .map(|(line, row)| form.entry(row, Some(*line)))
                        .collect();
                    form.rows.set(entries);
                    form.clear_problems();
                    form.checked.set(None);
                    form.file_note.set(Some(format!(
                        "{} read from {name}. Check them below, then select Continue.",
                        facilities_words(count)
                    )));
                }
            }
        });
    };
    let error = Signal::derive(move || form.file_error.get());
    view! {
        <section aria-labelledby="upload-heading" class="border-2 border-border p-6 mb-10">
            <h2 id="upload-heading" class="text-2xl font-bold mb-2">"Upload the template"</h2>
            <p class="mb-4">
                "If your facilities are in a spreadsheet, fill in the template and save it as an Excel workbook (XLSX) or a CSV file. Its rows replace the rows below, so you can check and fix them before sending. "
                <a href=api::facilities::TEMPLATE_PATH download="multiple-facility-template.csv">
                    "Download a blank template (CSV)"
                </a>
            </p>
            <form novalidate on:submit=on_upload>
                <div class=move || if error.with(Option::is_some) { "border-l-4 border-error pl-4 mb-4" } else { "mb-4" }>
                    <label for="facility-file" class="block font-bold mb-1">"Upload a file"</label>
                    <div id="facility-file-hint" class="text-secondary mb-2">"A CSV or XLSX file smaller than 10MB"</div>
                    <FieldErrorMessage id="facility-file-error".to_string() message=error />
                    <input
                        node_ref=input
                        id="facility-file"
                        name="facility-file"
                        type="file"
                        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        aria-describedby=move || {
                            if error.with(Option::is_some) {
                                "facility-file-hint facility-file-error"
                            } else {
                                "facility-file-hint"
                            }
                        }
                        class=move || if error.with(Option::is_some) { "block input input-error" } else { "block input" }
                    />
                </div>
                <button type="submit" class="btn btn-secondary">"Upload file"</button>
            </form>
            <div role="status" class="mt-4">
                {move || reading.get().then(|| view! { <p>"Reading the file…"</p> })}
                {move || form.file_note.get().map(|note| view! {
                    <p class="font-bold border-l-4 border-success pl-3">{note}</p>
                })}
            </div>
        </section>
    }
}
