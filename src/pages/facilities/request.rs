//! The Multiple Provider/Facility Registration Request (`/account/facilities/new`): an approved
//! portal user asks HFS for more providers or facilities, typing the template's rows in the
//! browser or uploading the template (CSV or XLSX, read in the spreadsheet worker), then checks the
//! answers and sends them.
//!
//! The page has three stages on one path: the form, "Check your answers" (`?step=check`) and the
//! confirmation (`?step=sent`). The answers live in the page while the user moves between them, so
//! the browser's Back button returns to the form with everything as typed.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use rules::accounts::{check_facility_request, MAX_FACILITIES_PER_REQUEST};
use rules::facility_template::COLUMNS;
use rules::sheet::{EMPTY_MESSAGE, MAX_FILE_BYTES, TOO_BIG_MESSAGE};
use rules::wire::accounts::{
    FacilityRequest, FacilityRequestSent, FacilityRequestStatus, FacilityRow, RequestedFacility,
    Role,
};
use rules::wire::ErrorBody;

use crate::api::{self, ApiError};
use crate::components::error_summary::FieldErrorMessage;
use crate::components::form_errors::{message_for, send_form};
use crate::components::{
    BackLink, ErrorSummary, FieldError, LoadProblem, Loading, RequireRole, TextField,
};
use crate::page::{focus_id, focus_main_heading, use_title};
use crate::pages::hfs::{date_words, facility_requests::group_by_request};
use crate::sheet_worker::{SheetWorker, UNREADABLE};

const PATH: &str = "/account/facilities/new";
const CHECK_PATH: &str = "/account/facilities/new?step=check";
const SENT_PATH: &str = "/account/facilities/new?step=sent";

/// Requests of this many facilities or more take longer to review (the rule table).
const LARGE_REQUEST: usize = rules::rule_table::LARGE_REQUEST_FACILITIES as usize;

/// The header fields: wire name, input id.
const CONTACT_FIELDS: [(&str, &str); 3] = [
    ("contact_name", "contact-name"),
    ("contact_phone", "contact-phone"),
    ("contact_email", "contact-email"),
];

#[component]
pub fn RequestFacilities() -> impl IntoView {
    view! {
        <RequireRole roles=&[Role::Provider] approved=true>
            <RequestPage />
        </RequireRole>
    }
}

/// One facility as typed: the six cells of the template, and the file line it came from.
#[derive(Clone, Copy)]
struct RowEntry {
    /// Stable for the row's life (ids, list keys); not its position.
    key: u64,
    cells: [RwSignal<String>; 6],
    file_line: Option<usize>,
}

impl RowEntry {
    fn new(key: u64, row: &FacilityRow, file_line: Option<usize>) -> Self {
        let cells = [
            &row.contact_email,
            &row.contact_phone,
            &row.name,
            &row.facility_type,
            &row.medicaid_id,
            &row.npi,
        ]
        .map(|text| RwSignal::new(text.clone()));
        RowEntry {
            key,
            cells,
            file_line,
        }
    }

    fn to_row(self) -> FacilityRow {
        let [contact_email, contact_phone, name, facility_type, medicaid_id, npi] =
            self.cells.map(|c| c.get_untracked());
        FacilityRow {
            contact_email,
            contact_phone,
            name,
            facility_type,
            medicaid_id,
            npi,
        }
    }

    fn is_blank(self) -> bool {
        self.cells
            .iter()
            .all(|c| c.with_untracked(|t| t.trim().is_empty()))
    }
}

/// The id of a row's input for column `column` (an index of [`COLUMNS`]).
fn cell_id(key: u64, column: usize) -> String {
    format!("facility-{key}-{}", COLUMNS[column].0.replace('_', "-"))
}

/// A problem with one cell, for the table under the error summary.
#[derive(Clone, Debug, PartialEq)]
struct RowProblem {
    /// The row's position, from 1.
    row: usize,
    file_line: Option<usize>,
    column: usize,
    field_id: String,
    value: String,
    message: String,
}

/// The message without the "Row 3, NPI Number: " the rules put in front (the table says both).
fn what_to_do(message: &str) -> &str {
    if message.starts_with("Row ") {
        if let Some((_, rest)) = message.split_once(": ") {
            return rest;
        }
    }
    message
}

fn rows_need_fixing(count: usize) -> String {
    if count == 1 {
        "1 row needs fixing".into()
    } else {
        format!("{count} rows need fixing")
    }
}

fn facilities_words(count: usize) -> String {
    if count == 1 {
        "1 facility".into()
    } else {
        format!("{count} facilities")
    }
}

/// Everything the page keeps while the user moves between its stages.
#[derive(Clone, Copy)]
struct Form {
    contact_name: RwSignal<String>,
    contact_phone: RwSignal<String>,
    contact_email: RwSignal<String>,
    rows: RwSignal<Vec<RowEntry>>,
    next_key: StoredValue<u64>,
    /// The page's owner: the rows' signals belong to it, so they outlive the stage that made them.
    owner: StoredValue<Owner>,
    /// The summary's list: contact fields, the file, "N rows need fixing", the request as a whole.
    errors: RwSignal<Vec<FieldError>>,
    row_problems: RwSignal<Vec<RowProblem>>,
    file_error: RwSignal<Option<String>>,
    file_note: RwSignal<Option<String>>,
    /// The request as checked (cleaned up by the rules), for "Check your answers".
    checked: RwSignal<Option<FacilityRequest>>,
    sent: RwSignal<Option<FacilityRequestSent>>,
    busy: RwSignal<bool>,
}

impl Form {
    fn new() -> Self {
        let form = Form {
            contact_name: RwSignal::new(String::new()),
            contact_phone: RwSignal::new(String::new()),
            contact_email: RwSignal::new(String::new()),
            rows: RwSignal::new(Vec::new()),
            next_key: StoredValue::new(1),
            owner: StoredValue::new(Owner::current().expect("a component has an owner")),
            errors: RwSignal::new(Vec::new()),
            row_problems: RwSignal::new(Vec::new()),
            file_error: RwSignal::new(None),
            file_note: RwSignal::new(None),
            checked: RwSignal::new(None),
            sent: RwSignal::new(None),
            busy: RwSignal::new(false),
        };
        form.rows
            .set(vec![form.entry(&FacilityRow::default(), None)]);
        form
    }

    fn entry(self, row: &FacilityRow, file_line: Option<usize>) -> RowEntry {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        self.owner
            .with_value(|owner| owner.with(|| RowEntry::new(key, row, file_line)))
    }

    fn request(self) -> FacilityRequest {
        FacilityRequest {
            contact_name: self.contact_name.get_untracked(),
            contact_phone: self.contact_phone.get_untracked(),
            contact_email: self.contact_email.get_untracked(),
            facilities: self
                .rows
                .get_untracked()
                .into_iter()
                .map(RowEntry::to_row)
                .collect(),
        }
    }

    fn clear_problems(self) {
        self.errors.set(Vec::new());
        self.row_problems.set(Vec::new());
        self.file_error.set(None);
    }

    /// Shows the problems of a check (the rules' or the server's 422) on the form.
    fn show_problems(self, body: &ErrorBody) {
        let rows = self.rows.get_untracked();
        let mut contact = Vec::new();
        let mut whole = Vec::new();
        let mut problems = Vec::new();
        for (name, id) in CONTACT_FIELDS {
            if let Some(messages) = body.errors.get(name) {
                contact.extend(messages.iter().map(|m| FieldError::new(id, m.clone())));
            }
        }
        for (name, messages) in &body.errors {
            if CONTACT_FIELDS.iter().any(|(n, _)| n == name) {
                continue;
            }
            let cell = name.strip_prefix("facilities.").and_then(|rest| {
                let (row, column) = rest.split_once('.')?;
                let row: usize = row.parse().ok()?;
                let column = COLUMNS.iter().position(|(key, _)| *key == column)?;
                let entry = rows.get(row.checked_sub(1)?)?;
                Some((row, column, *entry))
            });
            match cell {
                Some((row, column, entry)) => {
                    problems.extend(messages.iter().map(|m| RowProblem {
                        row,
                        file_line: entry.file_line,
                        column,
                        field_id: cell_id(entry.key, column),
                        value: entry.cells[column].get_untracked(),
                        message: m.clone(),
                    }))
                }
                None => whole.extend(
                    messages
                        .iter()
                        .map(|m| FieldError::new("facilities", m.clone())),
                ),
            }
        }
        problems.sort_by_key(|p| (p.row, p.column));
        let mut summary = contact;
        if !problems.is_empty() {
            let mut numbers: Vec<usize> = problems.iter().map(|p| p.row).collect();
            numbers.dedup();
            summary.push(FieldError::new(
                "row-problems",
                rows_need_fixing(numbers.len()),
            ));
        }
        summary.extend(whole);
        if let Some(message) = self.file_error.get_untracked() {
            summary.insert(0, FieldError::new("facility-file", message));
        }
        self.row_problems.set(problems);
        self.errors.set(summary);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Edit,
    Check,
    Sent,
}

#[component]
fn RequestPage() -> impl IntoView {
    let form = Form::new();
    let query = use_query_map();
    let stage = Memo::new(move |_| {
        let step = query.read().get("step");
        match step.as_deref() {
            Some("sent") if form.sent.with(Option::is_some) => Stage::Sent,
            Some("check") if form.checked.with(Option::is_some) => Stage::Check,
            _ => Stage::Edit,
        }
    });
    // Each stage is a page of its own to the user: its heading takes focus when it appears.
    Effect::new(move |previous: Option<Stage>| {
        let now = stage.get();
        // (Back to the form with problems: the error summary takes focus instead.)
        if previous.is_some_and(|p| p != now) && form.errors.with_untracked(Vec::is_empty) {
            request_animation_frame(focus_main_heading);
        }
        now
    });
    // The contact is the user's own profile, to start with.
    spawn_local(async move {
        if let Ok(registration) = api::account::registration().await {
            if let Some(profile) = registration.profile {
                let name = format!("{} {}", profile.first_name, profile.last_name);
                for (field, value) in [
                    (form.contact_name, name.trim().to_string()),
                    (form.contact_phone, profile.contact_phone),
                    (form.contact_email, profile.contact_email),
                ] {
                    if field.with_untracked(|f| f.is_empty()) {
                        field.set(value);
                    }
                }
            }
        }
    });
    use_title(
        move || match stage.get() {
            Stage::Edit => "Ask for more facilities".into(),
            Stage::Check => "Check your request before sending it".into(),
            Stage::Sent => "Request sent".into(),
        },
        move || stage.get() == Stage::Edit && form.errors.with(|e| !e.is_empty()),
    );
    view! {
        {move || match stage.get() {
            Stage::Edit => view! { <EditStage form=form /> }.into_any(),
            Stage::Check => view! { <CheckStage form=form /> }.into_any(),
            Stage::Sent => view! { <SentStage form=form /> }.into_any(),
        }}
    }
}

#[component]
fn EditStage(form: Form) -> impl IntoView {
    let navigate = use_navigate();
    let on_continue = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.file_error.set(None);
        // Rows left completely empty are dropped, so that row numbers match what the user sees.
        form.rows.update(|rows| {
            if rows.iter().any(|r| !r.is_blank()) {
                rows.retain(|r| !r.is_blank());
            }
        });
        match check_facility_request(&form.request()) {
            Ok(clean) => {
                form.clear_problems();
                form.checked.set(Some(clean));
                navigate(CHECK_PATH, Default::default());
            }
            Err(body) => {
                form.checked.set(None);
                form.show_problems(&body);
            }
        }
    };
    let add_row = move |_| {
        let entry = form.entry(&FacilityRow::default(), None);
        form.rows.update(|rows| rows.push(entry));
        request_animation_frame(move || focus_id(&cell_id(entry.key, 0)));
    };
    view! {
        <BackLink href=Signal::derive(|| "/account".to_string()) />
        <ErrorSummary errors=form.errors />
        <RowProblemTable problems=form.row_problems />
        <span class="block text-xl text-secondary mb-1">"Multiple Provider/Facility Registration Request"</span>
        <h1 class="text-4xl font-bold mb-6">"Ask for more facilities"</h1>
        <p class="mb-4">
            "Ask HFS to let you act for more providers or facilities. For each one HFS approves, it emails an invitation code to the facility's contact email and to you. You then add the facility to your account with the code."
        </p>
        <p class="mb-8">
            {format!(
                "Enter every detail for each provider or facility: HFS returns incomplete requests to you. HFS usually reviews a request within {}; requests for {LARGE_REQUEST} or more facilities can take {}.",
                rules::rule_table::REGISTRATION_REVIEW.days_words(),
                rules::rule_table::large_request_extra_words()
            )}
        </p>
        <UploadForm form=form />
        <form novalidate on:submit=on_continue>
            <h2 class="text-2xl font-bold mb-2">"Your contact details"</h2>
            <p class="text-secondary mb-4">"HFS contacts you about this request."</p>
            <TextField
                id="contact-name"
                label="Contact name"
                value=form.contact_name
                error=message_for(form.errors, "contact-name")
                autocomplete="name"
                width="w-full md:w-2/3"
            />
            <TextField
                id="contact-phone"
                label="Contact phone number"
                value=form.contact_phone
                error=message_for(form.errors, "contact-phone")
                autocomplete="tel"
                input_type="tel"
                width="w-full md:w-1/2"
            />
            <TextField
                id="contact-email"
                label="Contact email address"
                value=form.contact_email
                error=message_for(form.errors, "contact-email")
                autocomplete="email"
                input_type="email"
                spellcheck=false
                width="w-full md:w-2/3"
            />
            <h2 id="facilities" tabindex="-1" class="text-2xl font-bold mt-10 mb-2">
                "Providers and facilities"
            </h2>
            <FieldErrorMessage
                id="facilities-error".to_string()
                message=Signal::derive(move || {
                    form.errors.with(|e| {
                        e.iter().find(|e| e.field_id == "facilities").map(|e| e.message.clone())
                    })
                })
            />
            <p class="text-secondary mb-6">
                {format!("Up to {MAX_FACILITIES_PER_REQUEST} in one request. The columns are those of the template.")}
            </p>
            <For each=move || form.rows.get() key=|entry| entry.key let:entry>
                <RowFields form=form entry=entry />
            </For>
            <p class="mb-10">
                <button type="button" class="btn btn-secondary" on:click=add_row>
                    "Add another facility"
                </button>
            </p>
            <button type="submit" class="btn">"Continue"</button>
        </form>
        <EarlierRequests />
    }
}

/// The problems of the rows, under the error summary: row, column, the value as read, what to do.
#[component]
fn RowProblemTable(problems: RwSignal<Vec<RowProblem>>) -> impl IntoView {
    view! {
        <Show when=move || problems.with(|p| !p.is_empty())>
            <div id="row-problems" tabindex="-1" class="border-l-4 border-error pl-4 mb-8 overflow-x-auto">
                <table class="w-full text-left border-collapse text-base">
                    <caption class="text-left text-xl font-bold mb-3">
                        {move || problems.with(|p| {
                            let mut rows: Vec<usize> = p.iter().map(|p| p.row).collect();
                            rows.dedup();
                            format!("Rows that need fixing ({})", rows.len())
                        })}
                    </caption>
                    <thead>
                        <tr class="border-b-2 border-ink">
                            <th scope="col" class="py-2 pr-3">"Row"</th>
                            <th scope="col" class="py-2 pr-3">"Column"</th>
                            <th scope="col" class="py-2 pr-3">"Value as read"</th>
                            <th scope="col" class="py-2">"What to do"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            problems
                                .get()
                                .into_iter()
                                .map(|p| {
                                    let id = p.field_id.clone();
                                    let row = match p.file_line {
                                        Some(line) => format!("{} (line {line} of the file)", p.row),
                                        None => p.row.to_string(),
                                    };
                                    let value = if p.value.trim().is_empty() {
                                        view! { <span class="text-secondary">"(empty)"</span> }.into_any()
                                    } else {
                                        view! { <span class="break-all">{p.value.clone()}</span> }.into_any()
                                    };
                                    view! {
                                        <tr class="border-b border-border align-top">
                                            <th scope="row" class="py-2 pr-3 font-normal">{row}</th>
                                            <td class="py-2 pr-3">{COLUMNS[p.column].1}</td>
                                            <td class="py-2 pr-3">{value}</td>
                                            <td class="py-2">
                                                <a
                                                    href=format!("#{}", p.field_id)
                                                    class="text-error font-bold"
                                                    on:click=move |ev| {
                                                        ev.prevent_default();
                                                        focus_id(&id);
                                                    }
                                                >
                                                    {what_to_do(&p.message).to_string()}
                                                </a>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </Show>
    }
}

/// A facility's six fields, in a group named "Facility N", with its "Remove" button.
#[component]
fn RowFields(form: Form, entry: RowEntry) -> impl IntoView {
    let key = entry.key;
    let position = Memo::new(move |_| {
        form.rows
            .with(|rows| rows.iter().position(|r| r.key == key).map_or(0, |i| i + 1))
    });
    let several = move || form.rows.with(|rows| rows.len() > 1);
    let remove = move |_| {
        let at = position.get_untracked();
        form.rows.update(|rows| rows.retain(|r| r.key != key));
        form.row_problems
            .update(|p| p.retain(|p| !p.field_id.starts_with(&format!("facility-{key}-"))));
        // Focus goes to the row that took its place, or to "Add another facility".
        request_animation_frame(move || {
            let next = form.rows.with_untracked(|rows| {
                rows.get(at.saturating_sub(1).min(rows.len().saturating_sub(1)))
                    .map(|r| r.key)
            });
            if let Some(next) = next {
                focus_id(&cell_id(next, 0));
            }
        });
    };
    let from_file = entry
        .file_line
        .map(|line| format!(" (line {line} of the file)"));
    let hints: [Option<&'static str>; 6] = [
        None,
        None,
        None,
        Some("For example, Hospital, Clinic or Pharmacy"),
        None,
        Some("10 digits"),
    ];
    let group_class = move || {
        let in_error = form.row_problems.with(|p| {
            p.iter()
                .any(|p| p.field_id.starts_with(&format!("facility-{key}-")))
        });
        if in_error {
            "border-2 border-error p-4 mb-6"
        } else {
            "border-2 border-border p-4 mb-6"
        }
    };
    view! {
        <fieldset class=group_class>
            <legend class="px-2 text-xl font-bold">
                "Facility " {move || position.get()} {from_file.clone()}
            </legend>
            <div class="grid md:grid-cols-2 gap-x-6">
                {COLUMNS
                    .iter()
                    .enumerate()
                    .map(|(column, (name, heading))| {
                        let id = cell_id(key, column);
                        let error = Signal::derive({
                            let id = id.clone();
                            move || form.row_problems.with(|p| {
                                p.iter().find(|p| p.field_id == id).map(|p| p.message.clone())
                            })
                        });
                        let (input_type, autocomplete, inputmode) = match *name {
                            "contact_email" => ("email", "off", ""),
                            "contact_phone" => ("tel", "off", ""),
                            "medicaid_id" | "npi" => ("text", "off", "numeric"),
                            _ => ("text", "off", ""),
                        };
                        view! {
                            <TextField
                                id=id
                                label=*heading
                                hint=hints[column].unwrap_or_default()
                                value=entry.cells[column]
                                error=error
                                input_type=input_type
                                autocomplete=autocomplete
                                inputmode=inputmode
                                spellcheck=false
                            />
                        }
                    })
                    .collect_view()}
            </div>
            <Show when=several>
                <button type="button" class="btn btn-secondary" on:click=remove>
                    "Remove" <span class="sr-only">" facility " {move || position.get()}</span>
                </button>
            </Show>
        </fieldset>
    }
}

/// "Upload the template": reads a CSV or XLSX template in the browser (in the spreadsheet worker)
/// and fills the rows with it, to review and fix before sending.
#[component]
fn UploadForm(form: Form) -> impl IntoView {
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
            let read = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => {
                    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                    worker
                        .read_facilities(&bytes)
                        .await
                        .map(|timed| timed.value)
                }
                Err(_) => Err(UNREADABLE.to_string()),
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

fn summary_row(key: &'static str, value: String, change_hidden: &'static str) -> impl IntoView {
    view! {
        <div class="md:flex border-b border-border py-3 gap-4">
            <dt class="font-bold md:w-1/3">{key}</dt>
            <dd class="md:w-1/2 break-words">{value}</dd>
            <dd class="md:w-1/6 md:text-right">
                <a href=PATH>"Change" <span class="sr-only">" " {change_hidden}</span></a>
            </dd>
        </div>
    }
}

#[component]
fn CheckStage(form: Form) -> impl IntoView {
    let navigate = use_navigate();
    let request = form.checked.get_untracked().unwrap_or_default();
    let count = request.facilities.len();
    let on_send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form.busy.get_untracked() {
            return;
        }
        let Some(request) = form.checked.get_untracked() else {
            return;
        };
        let navigate = navigate.clone();
        send_form(
            form.busy,
            async move { api::facilities::send_request(&request).await },
            move |result| match result {
                Ok(sent) => {
                    form.sent.set(Some(sent));
                    navigate(
                        SENT_PATH,
                        NavigateOptions {
                            replace: true,
                            ..Default::default()
                        },
                    );
                }
                Err(ApiError::Invalid(body)) => {
                    form.checked.set(None);
                    form.show_problems(&body);
                    navigate(PATH, Default::default());
                }
                Err(e) => {
                    form.errors
                        .set(vec![FieldError::new("send-request", e.message())]);
                }
            },
        );
    };
    let rows = request.facilities.clone();
    view! {
        <BackLink href=Signal::derive(|| PATH.to_string()) />
        <ErrorSummary errors=form.errors />
        <span class="block text-xl text-secondary mb-1">"Multiple Provider/Facility Registration Request"</span>
        <h1 class="text-4xl font-bold mb-8">"Check your request before sending it"</h1>
        <h2 class="text-2xl font-bold mb-3">"Your contact details"</h2>
        <dl class="mb-10 border-t border-border">
            {summary_row("Contact name", request.contact_name.clone(), "contact name")}
            {summary_row("Contact phone number", request.contact_phone.clone(), "contact phone number")}
            {summary_row("Contact email address", request.contact_email.clone(), "contact email address")}
        </dl>
        <div class="overflow-x-auto mb-4">
            <table class="w-full text-left border-collapse text-base">
                <caption class="text-left text-2xl font-bold mb-3">
                    {format!("Providers and facilities ({count})")}
                </caption>
                <thead>
                    <tr class="border-b-2 border-ink">
                        <th scope="col" class="py-2 pr-3">"Row"</th>
                        {COLUMNS.iter().map(|(_, heading)| view! {
                            <th scope="col" class="py-2 pr-3">{*heading}</th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .enumerate()
                        .map(|(i, row)| view! {
                            <tr class="border-b border-border align-top">
                                <th scope="row" class="py-2 pr-3 font-normal">{i + 1}</th>
                                <td class="py-2 pr-3 break-all">{row.contact_email}</td>
                                <td class="py-2 pr-3">{row.contact_phone}</td>
                                <td class="py-2 pr-3">{row.name}</td>
                                <td class="py-2 pr-3">{row.facility_type}</td>
                                <td class="py-2 pr-3">{row.medicaid_id}</td>
                                <td class="py-2 pr-3">{row.npi}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <p class="mb-10">
            <a href=PATH>"Change the facilities" <span class="sr-only">" you ask for"</span></a>
        </p>
        {(count >= LARGE_REQUEST).then(|| view! {
            <div class="border-l-8 border-warning bg-panel p-4 mb-8">
                <p>
                    <strong>{format!("You are asking for {count} facilities. ")}</strong>
                    {format!(
                        "HFS can take {} to review a request for {LARGE_REQUEST} or more.",
                        rules::rule_table::large_request_extra_words()
                    )}
                </p>
            </div>
        })}
        <h2 class="text-2xl font-bold mb-3">"Now send your request"</h2>
        <p class="mb-6">"By sending it you confirm you act for these providers or facilities."</p>
        <form novalidate on:submit=on_send>
            <button id="send-request" type="submit" class="btn" disabled=move || form.busy.get()>
                "Send request"
            </button>
        </form>
    }
}

#[component]
fn SentStage(form: Form) -> impl IntoView {
    let sent = form.sent.get_untracked();
    let again = move |_| {
        // A new request starts blank, except the contact.
        let entry = form.entry(&FacilityRow::default(), None);
        form.rows.set(vec![entry]);
        form.checked.set(None);
        form.file_note.set(None);
        form.clear_problems();
    };
    sent.map(|sent| {
        let count = sent.count as usize;
        let due = date_words(&sent.review_due_on);
        view! {
            <div class="bg-success text-white p-6 mb-8 text-center">
                <h1 class="text-4xl font-bold mb-4">"Request sent"</h1>
                <p class="text-xl">
                    "You asked for " {facilities_words(count)} "." <br />
                    "Your reference number is " <strong>{sent.batch_id}</strong>
                </p>
            </div>
            <h2 class="text-2xl font-bold mb-3">"What happens next"</h2>
            <p class="mb-4">"HFS will review it by " <strong>{due}</strong> "."</p>
            {(count >= LARGE_REQUEST).then(|| view! {
                <p class="mb-4">
                    {format!(
                        "Requests for {LARGE_REQUEST} or more facilities can take {}, and this date includes them.",
                        rules::rule_table::large_request_extra_words()
                    )}
                </p>
            })}
            <p class="mb-4">
                "For each facility HFS approves, it emails an invitation code to the facility's contact email and to you. HFS returns incomplete rows to you with what to fix."
            </p>
            <p class="mb-8">
                "When you have a code, " <a href="/account/invitation">"redeem your invitation"</a>
                " to add the facility to your account."
            </p>
            <ul class="space-y-2">
                <li><a href=PATH on:click=again>"Ask for more facilities"</a></li>
                <li><a href="/account">"Go to your account"</a></li>
            </ul>
        }
    })
}

fn requester_status_words(facility: &RequestedFacility) -> String {
    match facility.status {
        FacilityRequestStatus::Pending => "Waiting for HFS".into(),
        FacilityRequestStatus::Invited => {
            "Approved: check your email for the invitation code".into()
        }
        FacilityRequestStatus::Redeemed => "Added to your facilities".into(),
        FacilityRequestStatus::Denied => match &facility.denial_reason {
            Some(reason) => format!("Not approved: {reason}"),
            None => "Not approved".into(),
        },
    }
}

/// The user's earlier requests, each facility with where it stands.
#[component]
fn EarlierRequests() -> impl IntoView {
    let requests = LocalResource::new(api::facilities::my_requests);
    view! {
        <section aria-labelledby="earlier-heading" class="mt-16">
            <h2 id="earlier-heading" class="text-2xl font-bold mb-4">"Your earlier requests"</h2>
            {move || match requests.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <LoadProblem message=e.message() /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    view! { <p>"You have not asked for more facilities yet."</p> }.into_any()
                }
                Some(Ok(list)) => group_by_request(list)
                    .into_iter()
                    .map(|group| {
                        let first = &group[0];
                        let caption = format!(
                            "Request {} sent on {}: HFS reviews it by {}",
                            first.batch_id,
                            date_words(&first.requested_on),
                            date_words(&first.review_due_on)
                        );
                        view! {
                            <table class="w-full text-left border-collapse text-base mb-8">
                                <caption class="text-left font-bold mb-2">{caption}</caption>
                                <thead>
                                    <tr class="border-b-2 border-ink">
                                        <th scope="col" class="py-2 pr-3">"Provider or facility"</th>
                                        <th scope="col" class="py-2 pr-3">"Provider Medicaid ID"</th>
                                        <th scope="col" class="py-2">"Status"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {group
                                        .iter()
                                        .map(|f| view! {
                                            <tr class="border-b border-border align-top">
                                                <th scope="row" class="py-2 pr-3 font-normal">{f.row.name.clone()}</th>
                                                <td class="py-2 pr-3">{f.row.medicaid_id.clone()}</td>
                                                <td class="py-2">{requester_status_words(f)}</td>
                                            </tr>
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                    })
                    .collect_view()
                    .into_any(),
            }}
        </section>
    }
}
