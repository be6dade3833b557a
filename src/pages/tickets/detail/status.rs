//! The top of the ticket page: the status panel (the status, what this reader must do next and by
//! when, with the countdown; for an overdue ticket how long it has been overdue and what follows,
//! from the rule table and the MCO policy), and what the other party last asked or said.

use leptos::prelude::*;
use rules::dates::{days_words, long_date};
use rules::rule_table::words;
use rules::timeline::{ClockKey, ClockState, Deadline, Status};
use rules::wire::tickets::{HistoryEntry, TicketDetail};

use super::actions::{any_of, Part};
use crate::clock::use_clock;
use crate::components::clock_state::{countdown_kind, is_right};
use crate::components::ticket_words::{clock_sentence, date_words, next_clock, Reader};
use crate::components::Countdown;

/// The clocks whose lateness leaves a ticket open and overdue (the others close the ticket, or
/// end a right, when missed: `docs/rules.md`).
const OVERDUE_CLOCKS: [ClockKey; 3] = [
    ClockKey::McoResponse,
    ClockKey::PresentToMco,
    ClockKey::HfsDecision,
];

/// The clock an open ticket is overdue on: missed and still not done.
pub fn overdue_clock(detail: &TicketDetail) -> Option<Deadline> {
    if detail.summary.status == Status::Closed {
        return None;
    }
    detail
        .deadlines
        .iter()
        .filter(|d| {
            d.state == ClockState::Missed
                && d.met_on.is_none()
                && !is_right(d.key)
                && OVERDUE_CLOCKS.contains(&d.key)
        })
        .min_by_key(|d| d.due_on)
        .cloned()
}

/// What is overdue, said from where the reader sits.
fn overdue_what(key: ClockKey, reader: Reader) -> &'static str {
    match (key, reader) {
        (ClockKey::McoResponse, Reader::Mco) => "Your written response is overdue",
        (ClockKey::McoResponse, _) => "The MCO's written response is overdue",
        (ClockKey::PresentToMco, Reader::Hfs) => "Presenting this ticket to the MCO is overdue",
        (ClockKey::PresentToMco, _) => "HFS's presentation of this ticket to the MCO is overdue",
        (ClockKey::HfsDecision, Reader::Hfs) => "Your decision is overdue",
        (_, _) => "HFS's decision is overdue",
    }
}

/// What follows a missed clock, for this reader: the rule table's consequence, in the MCO
/// policy's terms (one fine a ticket, the quarter's sanction notice, the Account Manager alerted).
fn overdue_follows(key: ClockKey, reader: Reader, fined: bool) -> String {
    let fine = if fined {
        "has been fined {fine}"
    } else {
        "is fined {fine} the day after its due date"
    };
    let text = match (key, reader) {
        (ClockKey::McoResponse, Reader::Mco) => format!(
            "Your plan {} for this ticket (one fine a ticket, listed on the quarter's Portal Sanction Payment Notice), and the HFS Account Manager is alerted. Send your written response now: the ticket stays overdue until you do.",
            fine
        ),
        (ClockKey::McoResponse, Reader::Provider) => format!(
            "The MCO {fine} for missing its deadline, and HFS is alerted. The MCO must still send its written response; you have nothing to do until it does. You then have {{provider_decision}} to accept or contest it."
        ),
        (ClockKey::McoResponse, Reader::Hfs) => format!(
            "The MCO {fine} (one fine a ticket, listed on the quarter's Portal Sanction Payment Notice). The HFS Account Manager is alerted to follow it up; the ticket stays overdue until the MCO responds."
        ),
        (ClockKey::PresentToMco, Reader::Hfs) => {
            "Present it to the MCO now, or close it if it cannot be presented. The MCO's clocks start only when it is presented.".to_string()
        }
        (ClockKey::PresentToMco, _) => {
            "HFS must still check it and present it to the MCO, or close it with a reason. No deadline of yours runs meanwhile.".to_string()
        }
        (ClockKey::HfsDecision, Reader::Hfs) => {
            "Record the decision now. It is final and closes the ticket.".to_string()
        }
        (_, _) => {
            "HFS must still make its decision, which is final. You have nothing to do until it does.".to_string()
        }
    };
    words(&text)
}

/// The status panel.
#[component]
pub fn StatusPanel(detail: TicketDetail, reader: Reader) -> impl IntoView {
    let s = detail.summary.clone();
    let closed = (s.status == Status::Closed).then(|| {
        let why = s.closed_reason.map(|r| r.explanation());
        let note = detail.closing_note.clone();
        view! {
            {why.map(|w| view! { <p class="mt-2" id="closed-reason">"Why it is closed: " {w}</p> })}
            {note.map(|n| view! { <p class="mt-2 whitespace-pre-line">"HFS's note: " {n}</p> })}
        }
    });
    let overdue = overdue_clock(&detail).map(|d| {
        let today = use_clock().illinois_today();
        let due_on = d.due_on;
        let late = move || {
            let days = (today.get() - due_on).num_days().max(1);
            format!("{} overdue", days_words(days))
        };
        let follows = overdue_follows(d.key, reader, !detail.fines.is_empty());
        view! {
            <div class="mt-3 border-l-4 border-error pl-3" id="overdue">
                <p class="text-xl font-bold text-error">
                    {overdue_what(d.key, reader)} ": " <span id="overdue-by">{late}</span>
                </p>
                <p>"It was due " {long_date(due_on)} "."</p>
                <p class="mt-1" id="overdue-follows"><strong>"What follows: "</strong> {follows}</p>
            </div>
        }
    });
    let mine = next_clock(&detail.deadlines, Some(reader)).cloned();
    let next = match mine {
        Some(d) => {
            let sentence = clock_sentence(&d, reader);
            Some(
                view! {
                    <p class="mt-3" id="next-clock">
                        <span class="block font-bold">{sentence}</span>
                        <Countdown kind=countdown_kind(d.key) date=d.due_on />
                    </p>
                }
                .into_any(),
            )
        }
        None if s.status != Status::Closed => {
            let yours = if any_of(Part::Next, &detail.allowed_actions) {
                "Your next step is below, under \u{201c}What to do now\u{201d}."
            } else {
                "Nothing for you to do now."
            };
            let other = next_clock(&detail.deadlines, None).cloned().map(|d| {
                let sentence = clock_sentence(&d, reader);
                view! {
                    <span class="block">{sentence}</span>
                    <Countdown kind=countdown_kind(d.key) date=d.due_on />
                }
            });
            Some(
                view! {
                    <p class="mt-3" id="next-clock">
                        <span class="block font-bold">{yours}</span>
                        {other}
                    </p>
                }
                .into_any(),
            )
        }
        None => None,
    };
    let expedited = s.expedited.then(|| {
        view! {
            <p class="mt-2" id="expedited">
                <strong>"Expedited:"</strong>
                " this issue stops a member from getting care they need now, so HFS handles it first."
            </p>
        }
    });
    // HFS's own target for presenting an expedited ticket (no deadline of the rules).
    let target = detail
        .present_target_on
        .as_deref()
        .and_then(rules::dates::parse_iso_date)
        .filter(|_| s.status == Status::Submitted)
        .map(|date| {
            view! {
                <p class="mt-2" id="present-target">
                    <span class="block">{format!("HFS's target for presenting it to the MCO: {}", long_date(date))}</span>
                    <Countdown kind=rules::countdown::Kind::Deadline date=date />
                </p>
            }
        });
    let follow_up = s.follow_up_open.then(|| {
        view! { <p class="mt-2" id="follow-up-open"><strong>"A follow-up is with HFS:"</strong> " the provider reported the MCO's resolution was not carried out."</p> }
    });
    let stage = detail.review_stage.filter(|_| s.status == Status::HfsReview).map(|stage| {
        view! { <p class="mt-2">"Review stage: " <strong id="review-stage">{stage.label()}</strong></p> }
    });
    view! {
        <div class="border-l-8 border-brand bg-panel p-4 mb-8" id="status-panel">
            <p class="text-xl">"Status: " <strong id="ticket-status">{s.status.label()}</strong></p>
            {overdue}
            {next}
            {expedited}
            {stage}
            {closed}
            {follow_up}
            {target}
        </div>
    }
}

/// The heading of the other party's last words, by the act they went with.
fn words_heading(h: &HistoryEntry) -> String {
    let who = match h.party.as_str() {
        "provider" => "the provider",
        "mco" => "the MCO",
        "hfs" => "HFS",
        _ => "the portal",
    };
    match h.action.as_str() {
        "request_info" => "What the MCO asked".to_string(),
        "provide_info" => "The provider's answer to the MCO's request".to_string(),
        "contest" => "Why the provider contests the response".to_string(),
        "request_review" => "Why the provider asks HFS to review".to_string(),
        "request_extension" => format!("Why {who} asks for the extension"),
        "refuse_extension" => "Why HFS refused the extension".to_string(),
        "report_incomplete" => "What the MCO says is missing from the answer".to_string(),
        "proceed" => "HFS's note: the MCO proceeds".to_string(),
        "report_unresolved" => "What the provider reports was not carried out".to_string(),
        _ => format!("The latest message from {who}"),
    }
}

/// The other party's last words with a text (a request, an answer, a reason, a message), unless
/// the ticket is closed or they are the MCO's response (shown in full below it).
pub fn their_last_words(detail: &TicketDetail, reader: Reader) -> Option<HistoryEntry> {
    if detail.summary.status == Status::Closed {
        return None;
    }
    let own = match reader {
        Reader::Provider => "provider",
        Reader::Mco => "mco",
        Reader::Hfs => "hfs",
    };
    let mut entries: Vec<&HistoryEntry> = detail
        .history
        .iter()
        .filter(|h| h.party != own && h.party != "portal")
        .filter(|h| h.text.as_deref().is_some_and(|t| !t.trim().is_empty()))
        .collect();
    entries.sort_by(|a, b| (&a.on, &a.at).cmp(&(&b.on, &b.at)));
    let last = entries.pop()?;
    (last.action != "respond" && last.action != "submit").then(|| last.clone())
}

/// What the other party last asked or said, right under the status.
#[component]
pub fn TheirWords(entry: HistoryEntry) -> impl IntoView {
    let heading = words_heading(&entry);
    let by = entry
        .by
        .clone()
        .map(|by| format!(" ({by})"))
        .unwrap_or_default();
    let when = format!("Sent on {}{by}", date_words(&entry.on));
    view! {
        <section aria-labelledby="their-words-heading" class="mb-8" id="their-words" data-words=entry.action.clone()>
            <h2 id="their-words-heading" class="text-2xl font-bold mb-2">{heading}</h2>
            <blockquote class="border-l-4 border-border pl-4 mb-2 whitespace-pre-line break-words text-xl max-w-prose">
                {entry.text.clone().unwrap_or_default()}
            </blockquote>
            <p class="text-secondary">{when}</p>
        </section>
    }
}
