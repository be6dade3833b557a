//! The words the ticket pages (the lists and the ticket page) share: whose clock it is, said from where the reader sits ("You must
//! answer by ...", "The MCO must respond by ..."), parties, programs and the masked Recipient ID.

use chrono::NaiveDate;
use leptos::prelude::*;
use rules::dates::long_date;
use rules::timeline::{ClockKey, ClockState, Deadline, Owner, Status};
use rules::wire::accounts::Role;
use rules::wire::tickets::TicketSummary;

use super::clock_state::is_right;

/// Who is reading the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Provider,
    Mco,
    Hfs,
}

impl Reader {
    pub fn of(role: Role) -> Reader {
        match role {
            Role::Provider => Reader::Provider,
            Role::Mco => Reader::Mco,
            Role::HfsStaff | Role::HfsAdmin => Reader::Hfs,
        }
    }

    /// Whether the reader owes (or shares) a clock owed by `owner`.
    pub fn owns(self, owner: Owner) -> bool {
        matches!(
            (self, owner),
            (Reader::Provider, Owner::Provider)
                | (Reader::Mco, Owner::Mco)
                | (Reader::Hfs, Owner::Hfs)
                | (
                    Reader::Provider | Reader::Mco,
                    Owner::McoOrProvider | Owner::McoAndProvider
                )
        )
    }
}

/// Who owes a clock, as the subject of a sentence, from where the reader sits.
pub fn subject(owner: Owner, reader: Reader) -> &'static str {
    match (owner, reader) {
        (Owner::Provider, Reader::Provider) => "You",
        (Owner::Provider, _) => "The provider",
        (Owner::Mco, Reader::Mco) => "You",
        (Owner::Mco, _) => "The MCO",
        (Owner::Hfs, Reader::Hfs) => "You",
        (Owner::Hfs, _) => "HFS",
        (Owner::McoOrProvider, Reader::Provider) => "You or the MCO",
        (Owner::McoOrProvider, Reader::Mco) => "You or the provider",
        (Owner::McoOrProvider, Reader::Hfs) => "The MCO or the provider",
        (Owner::McoAndProvider, Reader::Provider) => "You and the MCO",
        (Owner::McoAndProvider, Reader::Mco) => "You and the provider",
        (Owner::McoAndProvider, Reader::Hfs) => "The MCO and the provider",
    }
}

/// What a clock asks, after its subject, up to the date: "must respond by".
fn duty(key: ClockKey) -> &'static str {
    match key {
        ClockKey::FilingWindowOpens => "can file from",
        ClockKey::FilingWindowCloses => "must file by",
        ClockKey::PresentToMco => "must present the ticket to the MCO by",
        ClockKey::McoInfoRequest => "can ask for more information until",
        ClockKey::ProviderInfoResponse => "must answer by",
        ClockKey::ExtensionRequest => "can ask HFS for the one extension until",
        ClockKey::McoResponse => "must respond by",
        ClockKey::ProviderDecision => "must accept or contest the response by",
        ClockKey::HfsReviewRequest => "can ask HFS to review until",
        ClockKey::InformationDelivery => "must send HFS their information by",
        ClockKey::HfsDecision => "must decide by",
        ClockKey::RegistrationReview => "must review the registration by",
    }
}

/// Whose clock it is and by when, in a sentence: "You must answer by Monday, December 14, 2026".
pub fn clock_sentence(d: &Deadline, reader: Reader) -> String {
    let who = subject(d.owed_by, reader);
    let what = duty(d.key);
    // "You and the MCO must send HFS their information" reads better as "your information".
    let what = if who.starts_with("You") && d.key == ClockKey::InformationDelivery {
        "must send HFS your information by"
    } else {
        what
    };
    format!("{who} {what} {}", long_date(d.due_on))
}

/// The clock a list shows for a ticket: the soonest pending one that someone owes (rights such as
/// the MCO's information request come only when nothing is owed), of `owner` only when given.
pub fn next_clock(deadlines: &[Deadline], only: Option<Reader>) -> Option<&Deadline> {
    let mut pending: Vec<&Deadline> = deadlines
        .iter()
        .filter(|d| d.state == ClockState::Pending)
        .filter(|d| only.is_none_or(|r| r.owns(d.owed_by)))
        .collect();
    pending.sort_by_key(|d| (is_right(d.key), d.due_on));
    pending.first().copied()
}

/// A clock overdue on a ticket in a list: missed and still not done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overdue {
    pub key: ClockKey,
    pub owed_by: Owner,
    /// When it was due, when the list says (lists carry running clocks only, so an overdue one
    /// is often known only by its absence).
    pub due_on: Option<NaiveDate>,
}

/// The clock of `s` most overdue, of `only`'s clocks when given. A list carries only the clocks
/// still running: a ticket waiting on the MCO whose response clock is no longer running is
/// overdue (and the same for HFS's clocks).
pub fn overdue(s: &TicketSummary, only: Option<Reader>) -> Option<Overdue> {
    if s.status == Status::Closed {
        return None;
    }
    let missed = s
        .deadlines
        .iter()
        .filter(|d| d.state == ClockState::Missed && d.met_on.is_none() && !is_right(d.key))
        .filter(|d| only.is_none_or(|r| r.owns(d.owed_by)))
        .min_by_key(|d| d.due_on)
        .map(|d| Overdue {
            key: d.key,
            owed_by: d.owed_by,
            due_on: Some(d.due_on),
        });
    if missed.is_some() {
        return missed;
    }
    let running = |key: ClockKey| {
        s.deadlines
            .iter()
            .any(|d| d.key == key && d.state == ClockState::Pending)
    };
    let (key, owed_by) = match s.status {
        Status::WithMco | Status::InfoRequested if !running(ClockKey::McoResponse) => {
            (ClockKey::McoResponse, Owner::Mco)
        }
        Status::Submitted if !running(ClockKey::PresentToMco) => {
            (ClockKey::PresentToMco, Owner::Hfs)
        }
        Status::HfsReview
            if !running(ClockKey::HfsDecision) && !running(ClockKey::InformationDelivery) =>
        {
            (ClockKey::HfsDecision, Owner::Hfs)
        }
        _ => return None,
    };
    only.is_none_or(|r| r.owns(owed_by)).then_some(Overdue {
        key,
        owed_by,
        due_on: None,
    })
}

/// An overdue clock in words, from where the reader sits: "The MCO's response is overdue".
pub fn overdue_words(o: &Overdue, reader: Reader) -> String {
    let mine = reader.owns(o.owed_by);
    let what = match (o.key, mine) {
        (ClockKey::McoResponse, true) => "Your response is overdue".to_string(),
        (ClockKey::McoResponse, false) => "The MCO's response is overdue".to_string(),
        (ClockKey::PresentToMco, true) => {
            "Overdue: you must present the ticket to the MCO".to_string()
        }
        (ClockKey::PresentToMco, false) => {
            "Overdue: HFS has not presented the ticket to the MCO yet".to_string()
        }
        (ClockKey::HfsDecision, true) => "Your decision is overdue".to_string(),
        (ClockKey::HfsDecision, false) => "HFS's decision is overdue".to_string(),
        (key, _) => format!(
            "Overdue: {}",
            rules::forms::sentence_start(&rules::rule_table::rule(key).title.to_lowercase())
        ),
    };
    match o.due_on {
        Some(due) => format!("{what}: it was due {}", long_date(due)),
        None => what,
    }
}

/// A party of the history, in words.
pub fn party_words(party: &str) -> &'static str {
    match party {
        "provider" => "The provider",
        "mco" => "The MCO",
        "hfs" => "HFS",
        "portal" => "The portal",
        _ => "Someone",
    }
}

/// The program a dispute is about, in words.
pub fn program_words(program: &str) -> &'static str {
    match program {
        "medicaid" => "Medicaid, through an MCO",
        "medicare_only" => "Medicare only",
        "fee_for_service" => "Medicaid fee-for-service",
        _ => "Not given",
    }
}

/// A wire date on screen: "Monday, December 14, 2026" (as sent when it cannot be read).
pub use rules::dates::iso_in_words as date_words;

/// The Recipient ID as lists show it: its last four digits only ("•••• 1234"), read out as
/// "Ending 1234" under the column's "Recipient ID".
#[component]
pub fn MaskedRin(last4: String) -> impl IntoView {
    view! {
        <span class="whitespace-nowrap">
            <span class="sr-only">"Ending "</span>
            <span aria-hidden="true">"•••• "</span>
            {last4}
        </span>
    }
}
