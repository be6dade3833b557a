//! `/tickets/new/{draft_id}/check`: "Check your answers", then "Submit your ticket". The RIN is
//! shown in full here, to the user who typed it. Problems (the rules' check, or the server's 422)
//! link to the "Change" link of the page that asks the field.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use rules::eligibility::Program;
use rules::tickets::{check_form, Step};
use rules::wire::tickets::{SubmitTicket, TicketForm};
use rules::wire::ErrorBody;

use super::files::size_words;
use super::{page_path, Entry, Page, CAPTION};
use crate::api::{tickets as api, ApiError};
use crate::clock::{use_calendar, use_clock};
use crate::components::form_errors::send_form;
use crate::components::{BackLink, ErrorSummary, FieldError, SendButton};
use crate::page::use_title;
use crate::session::use_session;

/// One row of the summary: its question, the wire fields it shows, the page that asks it and the
/// hidden words of its "Change" link.
struct Row {
    key: &'static str,
    question: &'static str,
    fields: &'static [&'static str],
    page: Page,
    hidden: &'static str,
}

const ROWS: &[Row] = &[
    Row {
        key: "facility",
        question: "Facility",
        fields: &["facility_id"],
        page: Page::Question(Step::Facility),
        hidden: "the facility",
    },
    Row {
        key: "mco",
        question: "MCO",
        fields: &["mco_id"],
        page: Page::Question(Step::Mco),
        hidden: "the MCO",
    },
    Row {
        key: "type",
        question: "Complaint type",
        fields: &["complaint_type"],
        page: Page::Question(Step::Type),
        hidden: "the complaint type",
    },
    Row {
        key: "tracking-number",
        question: "MCO tracking number",
        fields: &["tracking_number"],
        page: Page::Question(Step::Dispute),
        hidden: "the MCO tracking number",
    },
    Row {
        key: "received",
        question: "Date the MCO received your dispute",
        fields: &["mco_received_on"],
        page: Page::Question(Step::Dispute),
        hidden: "the date the MCO received your dispute",
    },
    Row {
        key: "program",
        question: "Program",
        fields: &["program"],
        page: Page::Question(Step::Program),
        hidden: "the program",
    },
    Row {
        key: "internal-process",
        question: "MCO's dispute process finished",
        fields: &["internal_process_exhausted"],
        page: Page::Question(Step::Program),
        hidden: "whether you finished the MCO's dispute process",
    },
    Row {
        key: "prior-authorization",
        question: "About a prior authorization you did not get",
        fields: &["prior_authorization_not_obtained"],
        page: Page::Question(Step::Program),
        hidden: "whether the dispute is about a prior authorization you did not get",
    },
    Row {
        key: "claims-count",
        question: "Number of claims",
        fields: &["multiple_claims"],
        page: Page::Question(Step::ClaimsCount),
        hidden: "the number of claims",
    },
    Row {
        key: "claims-file",
        question: "Claims template",
        // `claims_file`: the server's problem with the file on submission (docs/claims.md).
        fields: &["claims_file_id", "claims_file"],
        page: Page::Question(Step::Claims),
        hidden: "the claims template",
    },
    Row {
        key: "member-name",
        question: "Member's name",
        fields: &["member_first_name", "member_last_name"],
        page: Page::Question(Step::Member),
        hidden: "the member's name",
    },
    Row {
        key: "rin",
        question: "Recipient ID (RIN)",
        fields: &["rin"],
        page: Page::Question(Step::Member),
        hidden: "the Recipient ID",
    },
    Row {
        key: "service-dates",
        question: "Dates of service",
        fields: &["service_from", "service_to"],
        page: Page::Question(Step::Member),
        hidden: "the dates of service",
    },
    Row {
        key: "claim-number",
        question: "Claim number",
        fields: &["claim_number"],
        page: Page::Question(Step::Claim),
        hidden: "the claim number",
    },
    Row {
        key: "description",
        question: "What is wrong",
        fields: &["description"],
        page: Page::Question(Step::Details),
        hidden: "what is wrong",
    },
    Row {
        key: "desired-outcome",
        question: "What you want the MCO to do",
        fields: &["desired_outcome"],
        page: Page::Question(Step::Details),
        hidden: "what you want the MCO to do",
    },
    Row {
        key: "access-to-care",
        question: "Stops a member from getting care they need now (expedited)",
        fields: &["access_to_care"],
        page: Page::Question(Step::Details),
        hidden: "whether the issue stops a member from getting care now",
    },
    Row {
        key: "contact-name",
        question: "Contact name",
        fields: &["contact_name"],
        page: Page::Question(Step::Contact),
        hidden: "the contact name",
    },
    Row {
        key: "contact-phone",
        question: "Contact phone number",
        fields: &["contact_phone"],
        page: Page::Question(Step::Contact),
        hidden: "the contact phone number",
    },
    Row {
        key: "contact-email",
        question: "Contact email address",
        fields: &["contact_email"],
        page: Page::Question(Step::Contact),
        hidden: "the contact email address",
    },
    Row {
        key: "files",
        question: "Files",
        fields: &[],
        page: Page::Files,
        hidden: "the files",
    },
];

/// Whether the summary shows `row` for a ticket with `form`: the member and claim for one claim,
/// the template for 2 to 100 (the pages `rules::tickets::steps_for` gives).
fn shows(row: &Row, form: &TicketForm) -> bool {
    match row.page {
        Page::Question(step) => step.applies_to(form),
        _ => true,
    }
}

/// The problems of a submission, each linked to the "Change" link of the row that shows its field
/// (which goes to the page that asks it), in the order of the summary.
fn summary_errors(body: &ErrorBody) -> Vec<FieldError> {
    let mut list: Vec<FieldError> = ROWS
        .iter()
        .flat_map(|row| {
            row.fields.iter().filter_map(move |field| {
                body.errors
                    .get(*field)
                    .and_then(|m| m.first())
                    .map(|m| FieldError::new(format!("change-{}", row.key), m.clone()))
            })
        })
        .collect();
    for (field, messages) in &body.errors {
        if !ROWS.iter().any(|r| r.fields.contains(&field.as_str())) {
            list.extend(
                messages
                    .iter()
                    .map(|m| FieldError::new("submit", m.clone())),
            );
        }
    }
    list
}

fn date_words(text: Option<&str>) -> Option<String> {
    text.and_then(rules::dates::iso_long_date)
}

fn yes_no(answer: Option<bool>) -> Option<String> {
    answer.map(|a| if a { "Yes" } else { "No" }.to_string())
}

fn some_text(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

#[component]
pub(super) fn CheckPage(entry: Entry) -> impl IntoView {
    let navigate = use_navigate();
    let session = use_session();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(false);
    const TITLE: &str = "Check your answers before submitting your ticket";
    use_title(|| TITLE.to_string(), move || errors.with(|e| !e.is_empty()));
    let form = entry.form();
    let all_attachments = entry
        .draft
        .with_untracked(|d| d.as_ref().map(|d| d.attachments.clone()))
        .unwrap_or_default();
    // The claims template has its own row.
    let claims_file = form
        .claims_file_id
        .and_then(|id| all_attachments.iter().find(|a| a.id == id).cloned());
    let attachments: Vec<_> = all_attachments
        .into_iter()
        .filter(|a| Some(a.id) != form.claims_file_id)
        .collect();
    let claims_count = entry.claims_count.get_untracked();
    let facility = form.facility_id.and_then(|id| {
        session.session.with_untracked(|s| {
            s.as_ref()
                .and_then(|s| s.facilities.iter().find(|f| f.id == id))
                .map(|f| f.name.clone())
        })
    });
    let mco = form.mco_id.and_then(|id| {
        entry.mcos.with_untracked(|list| {
            list.as_ref()
                .and_then(|l| l.iter().find(|m| m.id == id))
                .map(|m| m.name.clone())
        })
    });
    let answer = |row: &Row, form: &TicketForm| -> Option<String> {
        match row.key {
            "facility" => facility.clone(),
            "mco" => mco.clone(),
            "type" => form.complaint_type.map(|t| t.label().to_string()),
            "tracking-number" => some_text(&form.tracking_number),
            "received" => date_words(form.mco_received_on.as_deref()),
            "program" => form
                .program
                .as_deref()
                .and_then(Program::parse)
                .map(|p| match p {
                    Program::Medicaid => "Medicaid, through a managed care organization (MCO)",
                    Program::MedicareOnly => "Medicare only",
                    Program::FeeForService => "Medicaid fee-for-service, not through an MCO",
                })
                .map(String::from),
            "internal-process" => yes_no(form.internal_process_exhausted),
            "claims-count" => form.multiple_claims.map(|many| {
                if many {
                    "2 to 100 similar claims, on the standard template"
                } else {
                    "One claim"
                }
                .to_string()
            }),
            "claims-file" => {
                form.claims_file_id?;
                let Some(file) = claims_file.as_ref() else {
                    return Some("Added".to_string());
                };
                Some(match claims_count {
                    Some(n) => format!("{} ({n} claims)", file.file_name),
                    None => format!("{} ({})", file.file_name, size_words(file.size_bytes)),
                })
            }
            "prior-authorization" => yes_no(form.prior_authorization_not_obtained),
            "member-name" => some_text(&format!(
                "{} {}",
                form.member_first_name.trim(),
                form.member_last_name.trim()
            )),
            "rin" => rules::identifiers::Rin::parse(&form.rin)
                .map(|r| r.expose().to_string())
                .ok()
                .or_else(|| some_text(&form.rin)),
            "service-dates" => {
                let from = date_words(form.service_from.as_deref())?;
                Some(match date_words(form.service_to.as_deref()) {
                    Some(to) if form.service_to != form.service_from => format!("{from} to {to}"),
                    _ => from,
                })
            }
            "claim-number" => some_text(&form.claim_number),
            "description" => some_text(&form.description),
            "desired-outcome" => some_text(&form.desired_outcome),
            "access-to-care" => Some(if form.access_to_care == Some(true) {
                "Yes: HFS expedites it".to_string()
            } else {
                "No".to_string()
            }),
            "contact-name" => some_text(&form.contact_name),
            "contact-phone" => some_text(&form.contact_phone),
            "contact-email" => some_text(&form.contact_email),
            "files" => Some(if attachments.is_empty() {
                "None".to_string()
            } else {
                attachments
                    .iter()
                    .map(|a| format!("{} ({})", a.file_name, size_words(a.size_bytes)))
                    .collect::<Vec<_>>()
                    .join("\n")
            }),
            _ => None,
        }
    };
    let rows = ROWS
        .iter()
        .filter(|row| shows(row, &form))
        .map(|row| {
            let value = answer(row, &form);
            let answered = value.is_some();
            let href = format!("{}?change=1", page_path(entry.draft_id, row.page));
            view! {
                <div class="md:flex border-b border-border py-3 gap-4">
                    <dt class="font-bold md:w-1/3">{row.question}</dt>
                    <dd class="md:w-1/2 break-words whitespace-pre-line" data-row=row.key>
                        {value.unwrap_or_else(|| "Not answered yet".into())}
                    </dd>
                    <dd class="md:w-1/6 md:text-right">
                        <a id=format!("change-{}", row.key) href=href>
                            {if answered { "Change" } else { "Answer" }}
                            <span class="sr-only">" " {row.hidden}</span>
                        </a>
                    </dd>
                </div>
            }
        })
        .collect_view();
    let today = use_clock().illinois_today();
    let calendar = use_calendar();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let form = entry.form();
        if let Err(body) = check_form(&form, &entry.context(), today.get_untracked(), &calendar) {
            errors.set(summary_errors(&body));
            return;
        }
        let navigate = navigate.clone();
        let ticket = SubmitTicket {
            draft_id: Some(entry.draft_id),
            form: TicketForm::default(),
        };
        send_form(
            busy,
            async move { api::submit(&ticket).await },
            move |answer| match answer {
                Ok(detail) => {
                    entry.draft.update(|d| {
                        if let Some(d) = d.as_mut() {
                            d.ticket_id = Some(detail.summary.id);
                        }
                    });
                    navigate(
                        &format!("/tickets/{}/submitted", detail.summary.id),
                        Default::default(),
                    );
                }
                Err(ApiError::Invalid(body)) => errors.set(summary_errors(&body)),
                Err(e) => errors.set(vec![FieldError::new("submit", e.message())]),
            },
        );
    };
    view! {
        <BackLink href=entry.back_path(Page::Check) />
        <ErrorSummary errors=errors />
        <span class="block text-xl text-secondary mb-1">{CAPTION}</span>
        <h1 class="text-4xl font-bold mb-8">{TITLE}</h1>
        <dl class="mb-10 border-t border-border">{rows}</dl>
        <h2 class="text-2xl font-bold mb-4">"Now submit your ticket"</h2>
        <p class="mb-6">
            "By submitting, you confirm that the details are correct to the best of your knowledge. HFS checks your ticket before presenting it to the MCO."
        </p>
        <form novalidate on:submit=on_submit>
            <SendButton id="submit" sending=busy>"Submit your ticket"</SendButton>
        </form>
    }
}
