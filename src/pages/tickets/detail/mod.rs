//! The ticket page (`/tickets/{id}`), for every role with access: its status, every clock with
//! where it stands and whose it is, the MCO's response, the actions this session may take, the
//! claim (with the member's name and full Recipient ID: protected health information, shown only
//! here, behind the session, and never in the title), a template ticket's claims (Recipient IDs
//! masked to their last four digits, `docs/claims.md`), fines, history and files.

mod actions;
mod keep;
mod status;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use rules::dates::long_date;
use rules::money::dollars;
use rules::rule_table::rule;
use rules::timeline::{ClockKey, ClockState, Deadline, Status};
use rules::wire::claims::ClaimRow;
use rules::wire::tickets::{
    Attachment, FollowUp, HistoryEntry, IncompleteReport, McoResponse, ResponseOutcome,
    TicketDetail,
};

use self::actions::Ctx;
use crate::api::tickets::{attachment_href, get_ticket};
use crate::api::ApiError;
use crate::clock::use_clock;
use crate::components::clock_state::{countdown_kind, is_right, state_words};
use crate::components::fines_table::fines_table;
use crate::components::rule_words::consequence_words;
use crate::components::ticket_words::{
    clock_sentence, date_words, party_words, program_words, subject, MaskedRin, Reader,
};
use crate::components::{
    Countdown, ErrorSummary, FieldError, LoadProblem, Loading, NotFound, RequireRole, SuccessBanner,
};
use crate::page::{focus_heading_if_lost, use_title, RULES_PATH};
use crate::session::use_session;

#[component]
pub fn TicketPage() -> impl IntoView {
    view! {
        <RequireRole roles=&[]>
            <TicketView />
        </RequireRole>
    }
}

#[component]
fn TicketView() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    });
    let detail = RwSignal::new(None::<Result<TicketDetail, ApiError>>);
    let banner = RwSignal::new(None::<String>);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let busy = RwSignal::new(false);
    let check = RwSignal::new(None::<actions::Check>);
    Effect::new(move |_| {
        let id = id.get();
        check.set(None);
        detail.set(None);
        banner.set(None);
        errors.set(Vec::new());
        spawn_local(async move {
            let answer = match id {
                Some(id) => get_ticket(id).await,
                None => Err(ApiError::NotFound),
            };
            detail.set(Some(answer));
            focus_heading_if_lost();
        });
    });
    use_title(
        move || {
            if let Some(heading) = check.with(|c| c.as_ref().map(|c| c.heading)) {
                return heading.to_string();
            }
            detail.with(|d| match d {
                Some(Ok(d)) => format!("Ticket {}", d.summary.number),
                Some(Err(ApiError::NotFound)) => "Page not found".to_string(),
                _ => "Ticket".to_string(),
            })
        },
        move || errors.with(|e| !e.is_empty()),
    );
    let state = use_session();
    let reader = Memo::new(move |_| state.role().map(Reader::of).unwrap_or(Reader::Provider));
    // The check page of an act that cannot be undone, in place of the ticket, whose forms stay
    // (hidden) with what was typed.
    let number = move || {
        detail.with_untracked(|d| match d {
            Some(Ok(d)) => d.summary.number.clone(),
            _ => String::new(),
        })
    };
    let ctx_of = move |ticket_id: i64| Ctx {
        ticket_id,
        detail,
        banner,
        errors,
        busy,
        check,
    };
    view! {
        <SuccessBanner message=banner />
        <ErrorSummary errors=errors />
        {move || {
            check
                .get()
                .map(|c| {
                    let ticket_id = detail
                        .with_untracked(|d| d.as_ref().and_then(|d| d.as_ref().ok()).map(|d| d.summary.id))
                        .unwrap_or_default();
                    view! { <actions::CheckPage ctx=ctx_of(ticket_id) check=c number=number() /> }
                })
        }}
        <div hidden=move || check.with(Option::is_some)>
        {move || match detail.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(ApiError::NotFound)) => view! { <NotFound /> }.into_any(),
            Some(Err(e)) => {
                view! {
                    <h1 class="text-4xl font-bold mb-6">"Ticket"</h1>
                    <LoadProblem message=e.message() />
                }
                    .into_any()
            }
            Some(Ok(d)) => {
                let ctx = ctx_of(d.summary.id);
                view! { <TicketBody detail=d reader=reader.get_untracked() ctx=ctx /> }.into_any()
            }
        }}
        </div>
    }
}

#[component]
fn TicketBody(detail: TicketDetail, reader: Reader, ctx: Ctx) -> impl IntoView {
    let s = &detail.summary;
    let words = status::their_last_words(&detail, reader);
    // The MCO's response is what the provider now answers: right under the status while it
    // waits for the provider, with the dispute's facts otherwise.
    let response_first = s.status == Status::McoResponded;
    let response = detail
        .mco_response
        .clone()
        .map(|r| view! { <ResponseSection response=r /> });
    let (response_top, response_below) = if response_first {
        (response, None)
    } else {
        (None, response)
    };
    view! {
        <span class="block text-xl text-secondary mb-1">{s.facility_name.clone()}</span>
        // The number on one line, also on a phone (issue 18, "Phones").
        <h1 class="text-3xl sm:text-4xl font-bold mb-6">
            "Ticket " <span class="whitespace-nowrap" id="ticket-number">{s.number.clone()}</span>
        </h1>
        <status::StatusPanel detail=detail.clone() reader=reader />
        <keep::KeepTicket ticket_id=s.id number=s.number.clone() has_clocks=!s.deadlines.is_empty() />
        {words.map(|entry| view! { <status::TheirWords entry=entry /> })}
        {response_top}
        {detail.incomplete_report.clone().map(|r| view! { <IncompleteSection report=r /> })}
        <actions::Actions ctx=ctx allowed=detail.allowed_actions.clone() people=detail.hfs_people.clone() part=actions::Part::Next />
        <ClaimDetails detail=detail.clone() />
        {detail.claims.clone().map(|claims| {
            view! { <Claims ticket_id=s.id claims=claims file=detail.claims_file.clone() /> }
        })}
        <Clocks deadlines=detail.deadlines.clone() reader=reader submitted_on=s.submitted_on.clone() />
        {response_below}
        <Review detail=detail.clone() />
        <FollowUps ticket_id=s.id follow_ups=detail.follow_ups.clone() />
        <Fines detail=detail.clone() />
        <Files ticket_id=s.id attachments=detail.attachments.clone() />
        <actions::Actions ctx=ctx allowed=detail.allowed_actions.clone() people=detail.hfs_people.clone() part=actions::Part::Others />
        <History history=detail.history.clone() />
    }
}

/// Every clock that has started, with where it stands and whose it is, words first.
#[component]
fn Clocks(deadlines: Vec<Deadline>, reader: Reader, submitted_on: Option<String>) -> impl IntoView {
    if deadlines.is_empty() {
        return view! {
            <section aria-labelledby="clocks-heading" class="mb-10">
                <h2 id="clocks-heading" class="text-2xl font-bold mb-2">"Deadlines"</h2>
                <p>"No deadline has started on this ticket."</p>
            </section>
        }
        .into_any();
    }
    let today = use_clock().illinois_today();
    // The MCO answered without asking for more information: its right to ask was not used.
    let asked = deadlines
        .iter()
        .any(|d| d.key == ClockKey::ProviderInfoResponse);
    let submitted_on = submitted_on
        .as_deref()
        .and_then(rules::dates::parse_iso_date);
    let rows = deadlines
        .into_iter()
        .map(|d| {
            let rule = rule(d.key);
            let standing = match d.state {
                ClockState::Pending => {
                    let sentence = clock_sentence(&d, reader);
                    view! {
                        <span class="block">{sentence}</span>
                        <span class="block mt-1"><Countdown kind=countdown_kind(d.key) date=d.due_on /></span>
                    }
                    .into_any()
                }
                ClockState::Missed if d.met_on.is_none() && !is_right(d.key) => {
                    let due_on = d.due_on;
                    let words = move || {
                        let late = (today.get() - due_on).num_days().max(1);
                        rules::countdown::overdue_words(late)
                    };
                    view! {
                        <strong class="block text-error">{words}</strong>
                        <span class="block text-secondary">{consequence_words(rule)}</span>
                    }
                    .into_any()
                }
                ClockState::Missed => {
                    let words = state_words(&d, submitted_on);
                    let consequence = (!is_right(d.key)).then(|| {
                        view! { <span class="block text-secondary">{consequence_words(rule)}</span> }
                    });
                    view! {
                        <span class="block">{words}</span>
                        {consequence}
                    }
                    .into_any()
                }
                ClockState::Met if d.key == ClockKey::McoInfoRequest && !asked => {
                    let words = match d.met_on {
                        Some(on) => format!(
                            "Not used: the MCO responded on {} without asking for more information",
                            long_date(on)
                        ),
                        None => "Not used".to_string(),
                    };
                    view! { <span class="block" data-not-used="">{words}</span> }.into_any()
                }
                ClockState::Met => {
                    view! { <span class="block">{state_words(&d, submitted_on)}</span> }.into_any()
                }
            };
            view! {
                <tr class="border-b border-border align-top" data-clock=d.key.as_str() data-state=format!("{:?}", d.state).to_lowercase()>
                    <th scope="row" class="py-2 pr-4 text-left">{rule.title}</th>
                    <td class="py-2 pr-4">{subject(d.owed_by, reader)}</td>
                    <td class="py-2 pr-4">{long_date(d.due_on)}</td>
                    <td class="py-2">{standing}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="clocks-heading" class="mb-10">
            <h2 id="clocks-heading" class="text-2xl font-bold mb-2">"Deadlines"</h2>
            <div class="overflow-x-auto mb-2" tabindex="0" role="region" aria-label="Deadlines (scrolls sideways in a narrow window)">
            <table class="w-full border-collapse text-left">
                <caption class="text-left mb-2">"Every deadline of this ticket, who must act, and where it stands"</caption>
                <thead>
                    <tr class="border-b-2 border-ink">
                        <th scope="col" class="py-2 pr-4">"Deadline"</th>
                        <th scope="col" class="py-2 pr-4">"Who"</th>
                        <th scope="col" class="py-2 pr-4">"Due date"</th>
                        <th scope="col" class="py-2">"Where it stands"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
            <p>"How each date is worked out: " <a href=RULES_PATH>"how deadlines are worked out"</a> "."</p>
        </section>
    }
    .into_any()
}

fn outcome_words(outcome: ResponseOutcome) -> &'static str {
    match outcome {
        ResponseOutcome::Upheld => "Upheld",
        ResponseOutcome::Overturned => "Overturned",
    }
}

/// One row of a summary list.
fn row(key: &'static str, value: impl IntoView + 'static) -> impl IntoView {
    view! {
        <div class="md:flex border-b border-border py-3 gap-4">
            <dt class="font-bold md:w-1/3">{key}</dt>
            <dd class="md:w-2/3 break-words whitespace-pre-line">{value}</dd>
        </div>
    }
}

#[component]
fn ResponseSection(response: McoResponse) -> impl IntoView {
    let by = response
        .resolve_by
        .as_deref()
        .and_then(rules::dates::parse_iso_date);
    let plan = response.resolution_plan.clone().map(|plan| {
        let when = by.map(|date| {
            view! {
                <span class="block">{long_date(date)}</span>
                <span class="block mt-1" id="resolve-by-countdown"><Countdown kind=rules::countdown::Kind::Deadline date=date /></span>
            }
        });
        view! {
            {row("Plan for resolution", plan)}
            {row("To be resolved by", when)}
        }
    });
    view! {
        <section aria-labelledby="response-heading" class="mb-10" id="mco-response">
            <h2 id="response-heading" class="text-2xl font-bold mb-2">"The MCO's response"</h2>
            <dl>
                {row("Outcome", outcome_words(response.outcome))}
                {row("Response", response.response)}
                {row("Responded on", date_words(&response.responded_on))}
                {plan}
                {row("Contact name", response.contact_name)}
                {row("Contact phone", response.contact_phone)}
                {row("Contact email", response.contact_email)}
            </dl>
        </section>
    }
}

/// The MCO's report that the answer to its request was incomplete, and what HFS did.
#[component]
fn IncompleteSection(report: IncompleteReport) -> impl IntoView {
    let decided = match report.proceed_on.as_deref() {
        Some(on) => format!("HFS told the MCO to proceed on {}", date_words(on)),
        None => "Waiting for HFS: it closes the ticket or tells the MCO to proceed".to_string(),
    };
    view! {
        <section aria-labelledby="incomplete-heading" class="mb-10" id="incomplete-report">
            <h2 id="incomplete-heading" class="text-2xl font-bold mb-2">"The MCO reported the answer incomplete"</h2>
            <dl>
                {row("Reported on", date_words(&report.reported_on))}
                {row("What is missing", report.missing)}
                {row("HFS", decided)}
            </dl>
        </section>
    }
}

/// A file's link, for the review's and the follow-ups' lists.
fn file_link(ticket_id: i64, a: &Attachment) -> impl IntoView {
    view! {
        <a href=attachment_href(ticket_id, a.id) download=a.file_name.clone()>{a.file_name.clone()}</a>
    }
}

fn files_list(ticket_id: i64, files: &[Attachment]) -> AnyView {
    if files.is_empty() {
        return view! { <span>"None"</span> }.into_any();
    }
    view! {
        <ul class="list-disc pl-6">
            {files.iter().map(|a| view! { <li>{file_link(ticket_id, a)}</li> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// HFS's review: its stage and who holds it, what each party delivered and when, the decision
/// with its letter; and the overview's note that it is not a contested case.
#[component]
fn Review(detail: TicketDetail) -> impl IntoView {
    if detail.review_stage.is_none() && detail.decision.is_none() {
        return ().into_any();
    }
    let ticket_id = detail.summary.id;
    let holder = |p: &Option<rules::wire::tickets::HfsPerson>| {
        p.as_ref()
            .map(|p| p.name.clone())
            .unwrap_or_else(|| "Not assigned yet".to_string())
    };
    let deliveries = detail
        .deliveries
        .iter()
        .map(|d| {
            let who = party_words(&d.party).to_string();
            let contact = [d.contact_name.clone(), d.contact_phone.clone(), d.contact_email.clone()]
                .into_iter()
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            view! {
                <tr class="border-b border-border align-top" data-delivery=d.party.clone()>
                    <th scope="row" class="py-2 pr-4 text-left font-normal">{who}</th>
                    <td class="py-2 pr-4 whitespace-nowrap">{date_words(&d.delivered_on)}</td>
                    <td class="py-2 pr-4 whitespace-pre-line break-words">{if d.information.is_empty() { "Seen by HFS".to_string() } else { d.information.clone() }}</td>
                    <td class="py-2 pr-4 whitespace-pre-line">{contact}</td>
                    <td class="py-2">{files_list(ticket_id, &d.attachments)}</td>
                </tr>
            }
        })
        .collect_view();
    let delivered = if detail.deliveries.is_empty() {
        view! { <p class="mb-4">"Neither party has delivered its information yet."</p> }.into_any()
    } else {
        view! {
            <div class="overflow-x-auto mb-6" tabindex="0" role="region" aria-label="Deliveries (scrolls sideways in a narrow window)">
            <table class="w-full border-collapse text-left mb-6" id="deliveries">
                <caption class="text-left mb-2">"What each party delivered to HFS, and when"</caption>
                <thead>
                    <tr class="border-b-2 border-ink">
                        <th scope="col" class="py-2 pr-4">"Party"</th>
                        <th scope="col" class="py-2 pr-4">"Delivered on"</th>
                        <th scope="col" class="py-2 pr-4">"Information"</th>
                        <th scope="col" class="py-2 pr-4">"Knowledgeable contact"</th>
                        <th scope="col" class="py-2">"Files"</th>
                    </tr>
                </thead>
                <tbody>{deliveries}</tbody>
            </table>
            </div>
        }
        .into_any()
    };
    let decision = detail.decision.clone().map(|d| {
        let letter = d.letter.as_ref().map(|a| {
            view! { <span id="decision-letter">{file_link(ticket_id, a)}</span> }.into_any()
        });
        view! {
            <h3 class="text-xl font-bold mb-2" id="decision-heading">"The HFS decision (final)"</h3>
            <dl id="decision">
                {row("Outcome", d.outcome.map(|o| o.label()).unwrap_or("Not recorded"))}
                {row("Decision", d.decision.clone())}
                {row("Decided on", date_words(&d.decided_on))}
                {row("Decision letter", letter.unwrap_or_else(|| view! { <span>"None"</span> }.into_any()))}
            </dl>
        }
    });
    view! {
        <section aria-labelledby="review-heading" class="mb-10" id="review">
            <h2 id="review-heading" class="text-2xl font-bold mb-2">"HFS review"</h2>
            {actions::not_contested_note()}
            <dl class="mb-6">
                {row("Stage", detail.review_stage.map(|s| s.label()).unwrap_or("Decided"))}
                {row("HFS MCO Account Manager", holder(&detail.account_manager))}
                {row("HFS Subject Matter Expert", holder(&detail.sme))}
            </dl>
            {delivered}
            {decision}
        </section>
    }
    .into_any()
}

/// The provider's reports that the MCO's resolution was not carried out, and HFS's answers.
#[component]
fn FollowUps(ticket_id: i64, follow_ups: Vec<FollowUp>) -> impl IntoView {
    if follow_ups.is_empty() {
        return ().into_any();
    }
    let rows = follow_ups
        .into_iter()
        .map(|f| {
            let answer = match (&f.closed_on, &f.note) {
                (Some(on), note) => format!(
                    "Closed by HFS on {}: {}",
                    date_words(on),
                    note.clone().unwrap_or_default()
                ),
                _ => "Open: waiting for HFS".to_string(),
            };
            view! {
                <tr class="border-b border-border align-top" data-follow-up-row="">
                    <td class="py-2 pr-4 whitespace-nowrap">{date_words(&f.reported_on)}</td>
                    <td class="py-2 pr-4 whitespace-pre-line break-words">{f.message.clone()}</td>
                    <td class="py-2 pr-4">{files_list(ticket_id, &f.attachments)}</td>
                    <td class="py-2 whitespace-pre-line">{answer}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="follow-ups-heading" class="mb-10" id="follow-ups">
            <h2 id="follow-ups-heading" class="text-2xl font-bold mb-2">"Follow-ups after closure"</h2>
            <p class="mb-2">"The ticket stays closed: closed tickets are never reopened."</p>
            <div class="overflow-x-auto mb-6" tabindex="0" role="region" aria-label="Follow-ups (scrolls sideways in a narrow window)">
            <table class="w-full border-collapse text-left">
                <caption class="text-left mb-2">"Reports that the MCO's resolution was not carried out"</caption>
                <thead>
                    <tr class="border-b-2 border-ink">
                        <th scope="col" class="py-2 pr-4">"Reported on"</th>
                        <th scope="col" class="py-2 pr-4">"What the provider reported"</th>
                        <th scope="col" class="py-2 pr-4">"Files"</th>
                        <th scope="col" class="py-2">"HFS's answer"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
        </section>
    }
    .into_any()
}

/// What the dispute is about. The member's name and full Recipient ID are shown only here.
#[component]
fn ClaimDetails(detail: TicketDetail) -> impl IntoView {
    let s = detail.summary;
    let f = detail.form;
    let or_none = |text: String| {
        if text.trim().is_empty() {
            "Not given".to_string()
        } else {
            text
        }
    };
    let date_or_none = |d: Option<String>| {
        d.map(|d| date_words(&d))
            .unwrap_or_else(|| "Not given".into())
    };
    let service = match (f.service_from.clone(), f.service_to.clone()) {
        (Some(from), Some(to)) if from != to => {
            format!("{} to {}", date_words(&from), date_words(&to))
        }
        (Some(from), _) => date_words(&from),
        (None, Some(to)) => date_words(&to),
        (None, None) => "Not given".into(),
    };
    let member = format!(
        "{} {}",
        f.member_first_name.trim(),
        f.member_last_name.trim()
    );
    let contact = [f.contact_name, f.contact_phone, f.contact_email]
        .into_iter()
        .filter(|t| !t.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    // A template ticket's members and claims are in the claims table below.
    let claim_rows = match detail.claims.as_ref() {
        Some(claims) => view! {
            {row("Claims", format!("{} on the claims template (listed below)", claims_words(claims.len())))}
        }
        .into_any(),
        None => view! {
            {row("Member's name", or_none(member))}
            {row("Recipient ID", or_none(f.rin))}
            {row("Dates of service", service)}
            {row("Claim number", or_none(f.claim_number))}
        }
        .into_any(),
    };
    view! {
        <section aria-labelledby="claim-heading" class="mb-10">
            <h2 id="claim-heading" class="text-2xl font-bold mb-2">"The dispute"</h2>
            <dl>
                {row("Facility", s.facility_name)}
                {row("MCO", s.mco.name)}
                {row("Complaint type", s.complaint_type.label())}
                {row("MCO tracking number", or_none(s.tracking_number))}
                {row("Date the MCO received the dispute", date_or_none(f.mco_received_on))}
                {row("Submitted on", date_or_none(s.submitted_on))}
                {row("Program", program_words(f.program.as_deref().unwrap_or_default()))}
                {claim_rows}
                {row("What is wrong", or_none(f.description))}
                {row("What the provider wants", or_none(f.desired_outcome))}
                {row("Who receives the outcome", or_none(contact))}
            </dl>
        </section>
    }
}

/// "1 claim", "12 claims".
fn claims_words(n: usize) -> String {
    if n == 1 {
        "1 claim".into()
    } else {
        format!("{n} claims")
    }
}

/// The dates of service of one claim: "Monday, March 2, 2026", or "... to ..." when they differ.
fn service_words(from: &str, to: &str) -> String {
    if to.is_empty() || to == from {
        date_words(from)
    } else {
        format!("{} to {}", date_words(from), date_words(to))
    }
}

/// The last four digits of a masked Recipient ID ("•••••1234").
fn last4_of(masked: &str) -> String {
    let chars: Vec<char> = masked.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

/// A template ticket's claims, as read from its file when it was submitted: one row each, the
/// Recipient ID masked. The table scrolls sideways on narrow screens; its wrapper takes the
/// keyboard focus so that keyboard users can scroll it too.
#[component]
fn Claims(ticket_id: i64, claims: Vec<ClaimRow>, file: Option<Attachment>) -> impl IntoView {
    let count = claims.len();
    let download = file.map(|a| {
        let name = rules::tickets::download_name(&a.file_name, &a.content_type);
        let csv = a.content_type == rules::tickets::CONTENT_TYPE_CSV;
        view! {
            <p class="mb-4">
                "The claims template as the provider sent it: "
                <a href=attachment_href(ticket_id, a.id) download=name.clone() id="claims-file">
                    {name.clone()}
                </a>
                " (" {size_words(a.size_bytes)} ")"
            </p>
            {csv.then(|| view! { <CsvWarning /> })}
        }
    });
    let rows = claims
        .into_iter()
        .map(|c| {
            let member = format!("{} {}", c.member_first_name.trim(), c.member_last_name.trim());
            view! {
                <tr class="border-b border-border align-top" data-claim-row=c.row.to_string()>
                    <th scope="row" class="py-2 pr-4 text-left font-normal">{c.row}</th>
                    <td class="py-2 pr-4">{member}</td>
                    <td class="py-2 pr-4"><MaskedRin last4=last4_of(&c.rin_masked) /></td>
                    <td class="py-2 pr-4">{service_words(&c.service_from, &c.service_to)}</td>
                    <td class="py-2 pr-4 whitespace-nowrap">{c.claim_number}</td>
                    <td class="py-2 pr-4 text-right whitespace-nowrap">{dollars(c.billed_cents)}</td>
                    <td class="py-2 pr-4 text-right whitespace-nowrap">{dollars(c.paid_cents)}</td>
                    <td class="py-2 pr-4 whitespace-nowrap">{c.tracking_number}</td>
                    <td class="py-2 pr-4">{date_words(&c.mco_received_on)}</td>
                    <td class="py-2 whitespace-pre-line break-words min-w-64">{c.issue}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="claims-heading" class="mb-10" id="claims">
            <h2 id="claims-heading" class="text-2xl font-bold mb-2">"Claims (" {count} ")"</h2>
            {download}
            <div class="overflow-x-auto" tabindex="0" role="region" aria-label="Claims on this ticket (scrolls sideways)">
                <table class="w-full border-collapse text-left">
                    <caption class="text-left mb-2">
                        {format!("The {} of this ticket's claims template, by row of the file. Recipient IDs show their last four digits.", claims_words(count))}
                    </caption>
                    <thead>
                        <tr class="border-b-2 border-ink align-bottom">
                            <th scope="col" class="py-2 pr-4">"Row"</th>
                            <th scope="col" class="py-2 pr-4">"Member"</th>
                            <th scope="col" class="py-2 pr-4">"Recipient ID (masked)"</th>
                            <th scope="col" class="py-2 pr-4">"Dates of service"</th>
                            <th scope="col" class="py-2 pr-4">"Claim number"</th>
                            <th scope="col" class="py-2 pr-4 text-right">"Billed"</th>
                            <th scope="col" class="py-2 pr-4 text-right">"Paid"</th>
                            <th scope="col" class="py-2 pr-4">"MCO tracking number"</th>
                            <th scope="col" class="py-2 pr-4">"Date MCO received"</th>
                            <th scope="col" class="py-2">"Issue"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Fines(detail: TicketDetail) -> impl IntoView {
    if detail.fines.is_empty() {
        return view! {
            <section aria-labelledby="fines-heading" class="mb-10">
                <h2 id="fines-heading" class="text-2xl font-bold mb-2">"Fines"</h2>
                <p>"No fines on this ticket."</p>
            </section>
        }
        .into_any();
    }
    view! {
        <section aria-labelledby="fines-heading" class="mb-10">
            <h2 id="fines-heading" class="text-2xl font-bold mb-2">"Fines"</h2>
            {fines_table(
                &detail.fines,
                "The MCO's response was late. The Portal Sanction Payment Notice for the fines of a calendar quarter is due by the last day of the month after it.",
            )}
        </section>
    }
    .into_any()
}

#[component]
fn History(history: Vec<HistoryEntry>) -> impl IntoView {
    // Newest first: by the date each act counts for, then when it was recorded, then (for acts
    // recorded together) the reverse of the order the server lists them in.
    let mut history: Vec<(usize, HistoryEntry)> = history.into_iter().enumerate().collect();
    history.sort_by(|(i, a), (j, b)| (&b.on, &b.at, j).cmp(&(&a.on, &a.at, i)));
    let rows = history
        .into_iter()
        .map(|(_, h)| {
            let who = match &h.by {
                Some(by) => format!("{} ({by})", party_words(&h.party)),
                None => party_words(&h.party).to_string(),
            };
            view! {
                <tr class="border-b border-border align-top" data-history=h.action.clone()>
                    <td class="py-2 pr-4 whitespace-nowrap">{date_words(&h.on)}</td>
                    <td class="py-2 pr-4">{who}</td>
                    <td class="py-2 pr-4">{h.summary}</td>
                    <td class="py-2 whitespace-pre-line break-words">{h.text.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="history-heading" class="mb-10">
            <h2 id="history-heading" class="text-2xl font-bold mb-2">"History"</h2>
            <div class="overflow-x-auto mb-6" tabindex="0" role="region" aria-label="History (scrolls sideways in a narrow window)">
            <table class="w-full border-collapse text-left">
                <caption class="text-left mb-2">"What happened on this ticket, newest first"</caption>
                <thead>
                    <tr class="border-b-2 border-ink">
                        <th scope="col" class="py-2 pr-4">"Date"</th>
                        <th scope="col" class="py-2 pr-4">"Who"</th>
                        <th scope="col" class="py-2 pr-4">"What"</th>
                        <th scope="col" class="py-2">"Details"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
        </section>
    }
}

/// A file size in words: "240 KB", "1.5 MB".
use rules::tickets::size_words;

#[component]
fn Files(ticket_id: i64, attachments: Vec<Attachment>) -> impl IntoView {
    if attachments.is_empty() {
        return view! {
            <section aria-labelledby="files-heading" class="mb-10">
                <h2 id="files-heading" class="text-2xl font-bold mb-2">"Files"</h2>
                <p>"No files on this ticket."</p>
            </section>
        }
        .into_any();
    }
    let any_csv = attachments
        .iter()
        .any(|a| a.content_type == rules::tickets::CONTENT_TYPE_CSV);
    let rows = attachments
        .into_iter()
        .map(|a| {
            let on = a.added_at.get(..10).map(date_words).unwrap_or_default();
            // The name it downloads under: the extension of what its bytes are.
            let name = rules::tickets::download_name(&a.file_name, &a.content_type);
            view! {
                <tr class="border-b border-border align-top">
                    <td class="py-2 pr-4 break-all">
                        <a href=attachment_href(ticket_id, a.id) download=name.clone()>
                            {name.clone()}
                        </a>
                    </td>
                    <td class="py-2 pr-4">{party_words(&a.added_by)}</td>
                    <td class="py-2 pr-4">{on}</td>
                    <td class="py-2">{size_words(a.size_bytes)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="files-heading" class="mb-10">
            <h2 id="files-heading" class="text-2xl font-bold mb-2">"Files"</h2>
            <div class="overflow-x-auto mb-6" tabindex="0" role="region" aria-label="Files (scrolls sideways in a narrow window)">
            <table class="w-full border-collapse text-left">
                <caption class="text-left mb-2">"Files on this ticket. Select a name to download it."</caption>
                <thead>
                    <tr class="border-b-2 border-ink">
                        <th scope="col" class="py-2 pr-4">"File"</th>
                        <th scope="col" class="py-2 pr-4">"Added by"</th>
                        <th scope="col" class="py-2 pr-4">"Added on"</th>
                        <th scope="col" class="py-2">"Size"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
            {any_csv.then(|| view! { <CsvWarning /> })}
        </section>
    }
    .into_any()
}

/// The warning beside CSV files: a spreadsheet may read a cell as a formula and run it.
#[component]
fn CsvWarning() -> impl IntoView {
    view! {
        <div class="border-l-4 border-ink pl-4 mt-4 mb-4" id="csv-warning">
            <p class="font-bold mb-1">"Take care with CSV files"</p>
            <p>
                "A CSV file may have been made by anyone. The portal downloads it with every cell that could run as a spreadsheet formula (starting with =, +, - or @) marked as text with an apostrophe. Open it in your spreadsheet program as it is, and do not turn those cells back into formulas."
            </p>
        </div>
    }
}
