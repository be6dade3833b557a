//! The claims template pages (docs/claims.md): `claims-count` asks whether the dispute is about one
//! claim or 2 to 100 similar ones on the standard template; `claims` takes the template file.
//!
//! The file is read and checked in the browser, off the main thread, by the spreadsheet worker
//! (`crate::sheet_worker`, the same `rules::claims::check_file` the server runs), so problems show
//! before anything is sent: "60 claims ready" with the first claims, or "12 rows need fixing" with
//! a table of what to fix. Continue sends the file (`PUT /api/drafts/{id}/claims`); the server
//! reads it again and its refusal shows the same way. Picking a fixed file reads it again; the rest
//! of the draft is kept.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use rules::claims::summary;
use rules::dates::iso_in_words;
use rules::identifiers::Rin;
use rules::money::dollars;
use rules::sheet::{EMPTY_MESSAGE, MAX_FILE_BYTES, TOO_BIG_MESSAGE};
use rules::tickets::Step;
use rules::wire::claims::{Claim, ClaimsContext, ClaimsReport, RowProblem};
use rules::wire::tickets::TicketForm;
use rules::wire::ErrorBody;
use wasm_bindgen::JsCast;

use super::{continue_with, Entry, Page, CAPTION};
use crate::api::claims::{self as api, UploadError, TEMPLATE_CSV_PATH, TEMPLATE_XLSX_PATH};
use crate::clock::{use_calendar, use_clock};
use crate::components::error_summary::FieldErrorMessage;
use crate::components::form_errors::{from_body, message_for};
use crate::components::{BackLink, ErrorSummary, FieldError, RadioOption, Radios, SendButton};
use crate::page::use_title;
use crate::session::use_session;
use crate::sheet_worker::{file_bytes, SheetWorker};

/// The file input's id (the error summary links a file problem to it).
const FILE_ID: &str = "claims-file";
/// The table of rows to fix (the error summary links "12 rows need fixing" to it).
const PROBLEMS_ID: &str = "claims-problems";
/// How many claims the "ready" summary lists.
const PREVIEW_ROWS: usize = 5;

const ONE: &str = "one";
const MANY: &str = "many";

/// The links to the blank templates (both pages show them).
fn template_links() -> impl IntoView {
    view! {
        <ul class="list-disc pl-6 mb-8 space-y-1">
            <li>
                <a href=TEMPLATE_XLSX_PATH download="claims-template.xlsx">
                    "Download the blank claims template (XLSX)"
                </a>
            </li>
            <li>
                <a href=TEMPLATE_CSV_PATH download="claims-template.csv">
                    "Download the blank claims template (CSV)"
                </a>
            </li>
        </ul>
    }
}

/// `claims-count`: one claim, or 2 to 100 on the template.
#[component]
pub(super) fn ClaimsCountPage(entry: Entry) -> impl IntoView {
    let navigate = use_navigate();
    let selected = RwSignal::new(
        entry
            .form()
            .multiple_claims
            .map(|many| if many { MANY } else { ONE }),
    );
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(false);
    const TITLE: &str = "How many claims is this dispute about?";
    use_title(|| TITLE.to_string(), move || errors.with(|e| !e.is_empty()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut form = entry.form();
        form.multiple_claims = selected.get_untracked().map(|v| v == MANY);
        continue_with(
            entry,
            Step::ClaimsCount,
            form,
            ErrorBody::default(),
            busy,
            move |body: ErrorBody| {
                errors.set(from_body(
                    &body,
                    &[("multiple_claims", "claims-count")],
                    "claims-count",
                ))
            },
            navigate.clone(),
        );
    };
    view! {
        <BackLink href=entry.back_path(Page::Question(Step::ClaimsCount)) />
        <ErrorSummary errors=errors />
        <form novalidate on:submit=on_submit>
            <Radios
                id="claims-count"
                caption=CAPTION
                legend=TITLE
                hint="Two or more of the same or similar claims with the same MCO go on the standard template, up to 100 on one ticket."
                options=vec![
                    RadioOption {
                        value: ONE,
                        label: "One claim",
                        hint: Some("You enter the member and the claim on the next pages."),
                    },
                    RadioOption {
                        value: MANY,
                        label: "2 to 100 similar claims, on the standard template",
                        hint: Some("One template for one MCO and one provider or facility (its Medicaid ID, tax ID and location address). Each claim has its own row and MCO tracking number."),
                    },
                ]
                selected=selected
                error=message_for(errors, "claims-count")
            />
            <p class="mb-2">"You can fill in the template now and upload it on a later page."</p>
            {template_links()}
            <SendButton sending=busy>"Continue"</SendButton>
        </form>
    }
}

/// Where the reading of the chosen file stands.
#[derive(Debug, Clone, PartialEq)]
enum FileState {
    /// Nothing chosen on this visit.
    Idle,
    Reading(String),
    /// The worker's report on the file named (boxed: it is much larger than the other states).
    Read(String, Box<ClaimsReport>),
    /// The file as a whole cannot be used (too big, empty, not readable).
    Failed(String),
}

/// What the file is checked against: this ticket's MCO, facility and complaint type, today.
fn claims_context(entry: Entry, form: &TicketForm) -> ClaimsContext {
    let mco_names = form
        .mco_id
        .and_then(|id| {
            entry.mcos.with_untracked(|list| {
                list.as_ref()
                    .and_then(|l| l.iter().find(|m| m.id == id))
                    .map(|m| m.names())
            })
        })
        .unwrap_or_default();
    let facility_medicaid_id = form
        .facility_id
        .and_then(|id| {
            use_session().session.with_untracked(|s| {
                s.as_ref()
                    .and_then(|s| s.facilities.iter().find(|f| f.id == id))
                    .map(|f| f.medicaid_id.clone())
            })
        })
        .unwrap_or_default();
    ClaimsContext {
        today: use_clock().illinois_today().get_untracked(),
        calendar_changes: use_calendar().changes(),
        mco_names,
        facility_medicaid_id,
        complaint_type: form.complaint_type,
    }
}

/// "Row 4" and the cell's column, for the problems table.
fn problem_row(p: &RowProblem) -> impl IntoView {
    let value = if p.value.is_empty() {
        "(empty)".to_string()
    } else {
        p.value.clone()
    };
    view! {
        <tr class="border-b border-border align-top">
            <th scope="row" class="py-2 pr-3 font-normal">{p.row}</th>
            <td class="py-2 pr-3">{p.column.clone()}</td>
            <td class="py-2 pr-3 break-words">{value}</td>
            <td class="py-2">{p.message.clone()}</td>
        </tr>
    }
}

/// The table of what to fix, row by row.
fn problems_table(problems: Vec<RowProblem>, count: usize, headline: String) -> impl IntoView {
    let listed = problems.len();
    let more = (count > listed).then(|| {
        view! {
            <p class="mb-4">
                {format!("The first {listed} of {count} problems are listed. Fix these, then select the file again to see the rest.")}
            </p>
        }
    });
    view! {
        <section aria-labelledby="claims-problems-heading" class="mb-8">
            <h2 id="claims-problems-heading" class="text-2xl font-bold mb-2">{headline}</h2>
            <p class="mb-4">"Fix these cells in your spreadsheet, save it, and select the file again."</p>
            {more}
            <div id=PROBLEMS_ID tabindex="0" role="region" aria-label="Rows to fix" class="overflow-x-auto border-l-4 border-error pl-4">
                <table class="w-full text-left border-collapse text-base">
                    <caption class="sr-only">"Rows to fix, with the value as read and what to do"</caption>
                    <thead>
                        <tr class="border-b-2 border-ink">
                            <th scope="col" class="py-2 pr-3">"Row"</th>
                            <th scope="col" class="py-2 pr-3">"Column"</th>
                            <th scope="col" class="py-2 pr-3">"Value as read"</th>
                            <th scope="col" class="py-2">"What to do"</th>
                        </tr>
                    </thead>
                    <tbody>{problems.iter().map(problem_row).collect_view()}</tbody>
                </table>
            </div>
        </section>
    }
}

/// The first claims of a file that is ready, the RIN masked to its last 4 digits.
fn ready_table(claims: &[Claim]) -> impl IntoView {
    let rest = claims.len().saturating_sub(PREVIEW_ROWS);
    let rows = claims
        .iter()
        .take(PREVIEW_ROWS)
        .map(|c| {
            let rin = Rin::parse(&c.rin)
                .map(|r| r.masked())
                .unwrap_or_else(|_| "•••••".into());
            let dates = if c.service_to.is_empty() || c.service_to == c.service_from {
                iso_in_words(&c.service_from)
            } else {
                format!(
                    "{} to {}",
                    iso_in_words(&c.service_from),
                    iso_in_words(&c.service_to)
                )
            };
            view! {
                <tr class="border-b border-border align-top">
                    <th scope="row" class="py-2 pr-3 font-normal">{c.row}</th>
                    <td class="py-2 pr-3">{format!("{} {}", c.member_first_name, c.member_last_name)}</td>
                    <td class="py-2 pr-3">{rin}</td>
                    <td class="py-2 pr-3">{c.claim_number.clone()}</td>
                    <td class="py-2 pr-3">{dates}</td>
                    <td class="py-2 text-right">{dollars(c.billed_cents)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div tabindex="0" role="region" aria-label="The first claims of the file" class="overflow-x-auto mb-4" id="claims-preview">
            <table class="w-full text-left border-collapse text-base">
                <caption class="sr-only">"The first claims of the file"</caption>
                <thead>
                    <tr class="border-b-2 border-ink">
                        <th scope="col" class="py-2 pr-3">"Row"</th>
                        <th scope="col" class="py-2 pr-3">"Member"</th>
                        <th scope="col" class="py-2 pr-3">"Recipient ID"</th>
                        <th scope="col" class="py-2 pr-3">"Claim number"</th>
                        <th scope="col" class="py-2 pr-3">"Dates of service"</th>
                        <th scope="col" class="py-2 text-right">"Billed"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {(rest > 0).then(|| view! {
            <p class="mb-8">{format!("and {rest} more {}.", if rest == 1 { "claim" } else { "claims" })}</p>
        })}
    }
}

/// `claims`: the template file, read in the worker, then sent on Continue.
#[component]
pub(super) fn ClaimsPage(entry: Entry) -> impl IntoView {
    let navigate = use_navigate();
    let input = NodeRef::<leptos::html::Input>::new();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(false);
    let reading = RwSignal::new(FileState::Idle);
    // The bytes of the file that was read and is ready, kept to send on Continue.
    let ready_file = StoredValue::new_local(None::<(String, Vec<u8>)>);
    // Started by the first file chosen, stopped when the page goes.
    let worker = StoredValue::new_local(SheetWorker::new());
    let dragging = RwSignal::new(false);
    const TITLE: &str = "Upload the claims template";
    use_title(|| TITLE.to_string(), move || errors.with(|e| !e.is_empty()));

    let stored_file = Memo::new(move |_| {
        entry.draft.with(|d| {
            d.as_ref().and_then(|d| {
                let id = d.form.claims_file_id?;
                d.attachments
                    .iter()
                    .find(|a| a.id == id)
                    .map(|a| a.file_name.clone())
                    .or_else(|| Some("the claims template".to_string()))
            })
        })
    });

    // Shows a report: a file error on the input, row problems in the table.
    let show_report = move |report: &ClaimsReport| {
        if let Some(message) = &report.file_error {
            errors.set(vec![FieldError::new(FILE_ID, message.clone())]);
        } else if !report.is_ready() {
            errors.set(vec![FieldError::new(PROBLEMS_ID, summary(report))]);
        } else {
            errors.set(Vec::new());
        }
    };

    let read_file = move |file: web_sys::File| {
        let name = file.name();
        ready_file.set_value(None);
        if file.size() > MAX_FILE_BYTES as f64 {
            reading.set(FileState::Failed(TOO_BIG_MESSAGE.into()));
            errors.set(vec![FieldError::new(FILE_ID, TOO_BIG_MESSAGE)]);
            return;
        }
        if file.size() == 0.0 {
            reading.set(FileState::Failed(EMPTY_MESSAGE.into()));
            errors.set(vec![FieldError::new(FILE_ID, EMPTY_MESSAGE)]);
            return;
        }
        let context = claims_context(entry, &entry.form());
        reading.set(FileState::Reading(name.clone()));
        spawn_local(async move {
            let answer = match file_bytes(&file).await {
                Ok(bytes) => {
                    let worker = worker.with_value(SheetWorker::clone);
                    worker
                        .read_claims(&bytes, &context)
                        .await
                        .map(|timed| (bytes, timed.value))
                }
                Err(message) => Err(message),
            };
            match answer {
                Ok((bytes, report)) => {
                    show_report(&report);
                    if report.is_ready() {
                        ready_file.set_value(Some((name.clone(), bytes)));
                    }
                    reading.set(FileState::Read(name, Box::new(report)));
                }
                Err(message) => {
                    errors.set(vec![FieldError::new(FILE_ID, message.clone())]);
                    reading.set(FileState::Failed(message));
                }
            }
        });
    };

    let on_change = move |_| {
        let file = input
            .get_untracked()
            .and_then(|el| el.files())
            .and_then(|list| list.get(0));
        if let Some(file) = file {
            read_file(file);
        }
    };
    // Dropping a file on the zone: the same as choosing it with the input (which stays the
    // keyboard's way and shows the file's name).
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let Some(files) = ev.data_transfer().and_then(|d| d.files()) else {
            return;
        };
        let Some(file) = files.get(0) else {
            return;
        };
        if let Some(el) = input.get_untracked() {
            let el: web_sys::HtmlInputElement = el.unchecked_into();
            el.set_files(Some(&files));
        }
        read_file(file);
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        match reading.get_untracked() {
            FileState::Reading(_) => return,
            FileState::Read(_, report) if !report.is_ready() => {
                show_report(&report);
                return;
            }
            FileState::Failed(message) => {
                errors.set(vec![FieldError::new(FILE_ID, message)]);
                return;
            }
            _ => {}
        }
        let Some((name, bytes)) = ready_file.get_value() else {
            // No new file: the one sent before, if any, stays (`check_step` says when there is none).
            continue_with(
                entry,
                Step::Claims,
                entry.form(),
                ErrorBody::default(),
                busy,
                move |body: ErrorBody| {
                    errors.set(from_body(&body, &[("claims_file_id", FILE_ID)], FILE_ID))
                },
                navigate.clone(),
            );
            return;
        };
        busy.set(true);
        let navigate = navigate.clone();
        // The page's owner: after the upload, `continue_with` reads the page's contexts (clock,
        // calendar, session) through it.
        let owner = Owner::current();
        spawn_local(async move {
            let answer = api::upload(entry.draft_id, &name, &bytes).await;
            busy.set(false);
            match answer {
                Ok(upload) => {
                    entry.claims_count.set(Some(upload.claims));
                    entry.draft.update(|d| {
                        if let Some(d) = d.as_mut() {
                            d.form.claims_file_id = Some(upload.attachment.id);
                            d.attachments.retain(|a| a.id != upload.attachment.id);
                            d.attachments.push(upload.attachment.clone());
                        }
                    });
                    let mut form = entry.form();
                    form.claims_file_id = Some(upload.attachment.id);
                    let go_on = move || {
                        continue_with(
                            entry,
                            Step::Claims,
                            form,
                            ErrorBody::default(),
                            busy,
                            move |body: ErrorBody| {
                                errors.set(from_body(
                                    &body,
                                    &[("claims_file_id", FILE_ID)],
                                    FILE_ID,
                                ))
                            },
                            navigate,
                        )
                    };
                    match owner {
                        Some(owner) => owner.with(go_on),
                        None => go_on(),
                    }
                }
                Err(UploadError::Refused(refusal)) => {
                    // The server's reading: its summary line, and its rows to fix if any.
                    let message = UploadError::Refused(refusal.clone()).message();
                    ready_file.set_value(None);
                    if refusal.problems.is_empty() {
                        errors.set(vec![FieldError::new(FILE_ID, message.clone())]);
                        reading.set(FileState::Failed(message));
                    } else {
                        errors.set(vec![FieldError::new(PROBLEMS_ID, message)]);
                        let report = ClaimsReport {
                            problems: refusal.problems,
                            problem_count: refusal.problem_count,
                            ..Default::default()
                        };
                        reading.set(FileState::Read(name, Box::new(report)));
                    }
                }
                Err(UploadError::Other(e)) => {
                    errors.set(vec![FieldError::new(FILE_ID, e.message())]);
                }
            }
        });
    };

    let file_error = Signal::derive(move || {
        errors.with(|list| {
            list.iter()
                .find(|e| e.field_id == FILE_ID)
                .map(|e| e.message.clone())
        })
    });
    let described_by = move || {
        if file_error.with(Option::is_some) {
            "claims-file-hint claims-file-error"
        } else {
            "claims-file-hint"
        }
    };
    // "12 rows need fixing": the error summary's line (the server's, after a refusal), else the
    // report's own.
    let headline = move |report: &ClaimsReport| {
        errors
            .with(|list| {
                list.iter()
                    .find(|e| e.field_id == PROBLEMS_ID)
                    .map(|e| e.message.clone())
            })
            .unwrap_or_else(|| summary(report))
    };
    let status = move || match reading.get() {
        FileState::Reading(name) => format!("Reading {name}…"),
        FileState::Read(_, report) if report.is_ready() => summary(&report),
        FileState::Read(_, report) if report.file_error.is_none() => headline(&report),
        _ => String::new(),
    };
    let result = move || match reading.get() {
        FileState::Read(_, report) if report.is_ready() => {
            Some(ready_table(&report.claims).into_any())
        }
        FileState::Read(_, report) if report.file_error.is_none() => {
            let line = headline(&report);
            Some(problems_table(report.problems, report.problem_count, line).into_any())
        }
        _ => None,
    };
    view! {
        <BackLink href=entry.back_path(Page::Question(Step::Claims)) />
        <ErrorSummary errors=errors />
        <span class="block text-xl text-secondary mb-1">{CAPTION}</span>
        <h1 class="text-4xl font-bold mb-6">{TITLE}</h1>
        <p class="mb-4">
            "Fill in one row per claim on the standard template: 2 to 100 claims, all with the same MCO and for one provider or facility. The file is checked here before it is sent."
        </p>
        {template_links()}
        {move || stored_file.get().filter(|_| reading.with(|r| *r == FileState::Idle)).map(|name| view! {
            <p class="mb-6 border-l-4 border-success pl-3" id="claims-stored">
                {format!("{name} is already added to this ticket. Select another file to replace it, or continue.")}
            </p>
        })}
        <form novalidate on:submit=on_submit>
            <div class=move || if file_error.with(Option::is_some) { "border-l-4 border-error pl-4 mb-6" } else { "mb-6" }>
                <label for=FILE_ID class="block text-xl font-bold mb-1">"Select the template file"</label>
                <div id="claims-file-hint" class="text-secondary mb-2">
                    "A CSV or XLSX file smaller than 10MB"
                </div>
                <FieldErrorMessage id="claims-file-error".to_string() message=file_error />
                <div
                    id="claims-drop-zone"
                    class=move || if dragging.get() { "border-2 border-dashed border-ink bg-panel p-6" } else { "border-2 border-dashed border-border p-6" }
                    on:dragover=move |ev: leptos::ev::DragEvent| {
                        ev.prevent_default();
                        dragging.set(true);
                    }
                    on:dragleave=move |_| dragging.set(false)
                    on:drop=on_drop
                >
                    <input
                        node_ref=input
                        id=FILE_ID
                        name=FILE_ID
                        type="file"
                        class="block"
                        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        aria-describedby=described_by
                        on:change=on_change
                    />
                    <p class="mt-2 text-secondary" aria-hidden="true">"or drop the file here"</p>
                </div>
            </div>
            <div role="status" aria-live="polite" id="claims-status" class="mb-4 text-xl font-bold">{status}</div>
            {result}
            <SendButton sending=busy>"Continue"</SendButton>
        </form>
    }
}
