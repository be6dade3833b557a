//! Which party may do what, in which status, until when.
//!
//! An action is allowed when the right party takes it, the ticket is in a status that takes it, and
//! the events with the action added still make a valid [`timeline`]: the same rules that compute the
//! clocks decide every step, so the two can never disagree. A refusal says why, in words.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::timeline::{
    timeline, ClosedReason, Events, ExtensionFor, ProviderDecision, Status, Timeline,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    Provider,
    Mco,
    Hfs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "action", content = "value")]
pub enum Action {
    /// The provider submits the ticket.
    Submit,
    /// HFS presents a complete ticket to the MCO.
    Present,
    /// HFS closes a submitted ticket instead (incomplete, not timely, ...).
    HfsClose(ClosedReason),
    /// The MCO asks the provider for more information.
    RequestInfo,
    /// The provider gives the information asked for.
    ProvideInfo,
    /// The MCO or the provider asks for the one extension.
    RequestExtension,
    /// HFS approves the extension asked for.
    ApproveExtension,
    /// The MCO enters its written response.
    Respond,
    /// The provider accepts the MCO's response.
    Accept,
    /// The provider contests the MCO's response.
    Contest,
    /// The provider asks HFS to review.
    RequestHfsReview,
    /// The provider or the MCO delivers its information for HFS's review (both delivered:
    /// [`Events::information_delivered_on`]).
    DeliverInformation,
    /// The MCO reports, within its resolution period, that the provider's answer to its
    /// information request is incomplete.
    ReportIncomplete,
    /// HFS tells the MCO to proceed with the answer as given.
    Proceed,
    /// HFS records its final decision.
    Decide,
}

impl Action {
    /// Who may take the action (the extension: either the MCO or the provider).
    pub fn parties(self) -> &'static [Party] {
        match self {
            Action::Submit
            | Action::ProvideInfo
            | Action::Accept
            | Action::Contest
            | Action::RequestHfsReview => &[Party::Provider],
            Action::Present
            | Action::HfsClose(_)
            | Action::ApproveExtension
            | Action::Proceed
            | Action::Decide => &[Party::Hfs],
            Action::RequestInfo | Action::Respond | Action::ReportIncomplete => &[Party::Mco],
            Action::RequestExtension | Action::DeliverInformation => &[Party::Mco, Party::Provider],
        }
    }

    /// The statuses in which the action can be taken.
    pub fn statuses(self) -> &'static [Status] {
        match self {
            Action::Submit => &[Status::Draft],
            Action::HfsClose(ClosedReason::IncompleteInfoResponse)
            | Action::ReportIncomplete
            | Action::Proceed => &[Status::WithMco],
            Action::Present | Action::HfsClose(_) => &[Status::Submitted],
            Action::RequestInfo => &[Status::WithMco],
            Action::ProvideInfo => &[Status::InfoRequested],
            Action::RequestExtension | Action::ApproveExtension | Action::Respond => {
                &[Status::WithMco, Status::InfoRequested]
            }
            Action::Accept | Action::Contest => &[Status::McoResponded],
            Action::RequestHfsReview => &[Status::Contested],
            Action::DeliverInformation | Action::Decide => &[Status::HfsReview],
        }
    }
}

/// Who asked for the extension is kept with the request; see [`Events::extension_requested_on`].
fn extension_for(party: Party) -> ExtensionFor {
    if party == Party::Provider {
        ExtensionFor::Provider
    } else {
        ExtensionFor::Mco
    }
}

/// The events with `action` taken by `party` on `on`.
pub fn apply(events: &Events, party: Party, action: Action, on: NaiveDate) -> Events {
    let mut e = events.clone();
    match action {
        Action::Submit => e.submitted_on = Some(on),
        Action::Present => e.presented_on = Some(on),
        Action::HfsClose(reason) => e.hfs_closed = Some((on, reason)),
        Action::RequestInfo => e.info_requested_on = Some(on),
        Action::ProvideInfo => e.info_provided_on = Some(on),
        Action::RequestExtension => {
            e.extension_requested_on = Some(on);
            e.extension_requested_by = Some(extension_for(party));
        }
        Action::ApproveExtension => e.extension_approved_for = e.extension_requested_by,
        Action::Respond => e.mco_responded_on = Some(on),
        Action::Accept | Action::Contest => {
            e.provider_decision = Some(if action == Action::Accept {
                ProviderDecision::Accepted
            } else {
                ProviderDecision::Contested
            });
            e.provider_decided_on = Some(on);
        }
        Action::RequestHfsReview => e.hfs_review_requested_on = Some(on),
        Action::DeliverInformation => {
            if party == Party::Provider {
                e.provider_delivered_on = Some(on);
            } else {
                e.mco_delivered_on = Some(on);
            }
            // "Both parties delivered" is the day the second one did.
            if let (Some(p), Some(m)) = (e.provider_delivered_on, e.mco_delivered_on) {
                e.information_delivered_on = Some(p.max(m));
            }
        }
        Action::ReportIncomplete => e.incomplete_reported_on = Some(on),
        Action::Proceed => e.proceed_on = Some(on),
        Action::Decide => e.hfs_decided_on = Some(on),
    }
    e
}

/// Why an action is refused, in words for the person who tried it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

/// Whether `party` may take `action` on `on`; when it may, the timeline that follows.
pub fn check(
    calendar: &Calendar,
    events: &Events,
    party: Party,
    action: Action,
    on: NaiveDate,
) -> Result<Timeline, Refusal> {
    if !action.parties().contains(&party) {
        return Err(Refusal(format!(
            "Only {} can do this",
            names(action.parties())
        )));
    }
    let now = timeline(calendar, events, on).map_err(refusal)?;
    if now.status == Status::Closed {
        return Err(Refusal(
            "The ticket is closed. Closed tickets are never reopened: file a new ticket.".into(),
        ));
    }
    if !action.statuses().contains(&now.status) {
        return Err(Refusal(format!(
            "This cannot be done while the ticket is \"{}\"",
            now.status.label()
        )));
    }
    match action {
        Action::ApproveExtension if events.extension_refused_on.is_some() => {
            return Err(Refusal("HFS has already refused the extension".into()));
        }
        Action::RequestExtension
            if events.extension_requested_on.is_some()
                || events.extension_refused_on.is_some()
                || events.extension_approved_for.is_some() =>
        {
            return Err(Refusal("Only one extension can be asked for on a ticket, for the MCO or the provider, not both".into()));
        }
        Action::ApproveExtension if events.extension_requested_on.is_none() => {
            return Err(Refusal("No extension has been asked for".into()));
        }
        Action::ApproveExtension if events.extension_approved_for.is_some() => {
            return Err(Refusal("The extension is already approved".into()));
        }
        Action::DeliverInformation => {
            let done = if party == Party::Provider {
                events.provider_delivered_on
            } else {
                events.mco_delivered_on
            };
            if done.is_some() {
                let who = if party == Party::Provider {
                    "The provider"
                } else {
                    "The MCO"
                };
                return Err(Refusal(format!(
                    "{who} has already delivered its information for this review"
                )));
            }
            if let Some(due) = now.deadline(crate::timeline::ClockKey::InformationDelivery) {
                if on > due.due_on {
                    return Err(Refusal(format!(
                        "The information had to be delivered by {}; HFS decides on what it has",
                        crate::dates::long_date(due.due_on)
                    )));
                }
            }
        }
        Action::ReportIncomplete => {
            if events.info_provided_on.is_none() {
                return Err(Refusal(
                    "The provider has not answered a request for information on this ticket".into(),
                ));
            }
            if events.incomplete_reported_on.is_some() {
                return Err(Refusal(
                    "The answer has already been reported incomplete".into(),
                ));
            }
            if let Some(due) = now.deadline(crate::timeline::ClockKey::McoResponse) {
                if on > due.due_on {
                    return Err(Refusal(format!(
                        "An incomplete answer must be reported within the MCO's resolution period, which ended on {}",
                        crate::dates::long_date(due.due_on)
                    )));
                }
            }
        }
        Action::Proceed | Action::HfsClose(ClosedReason::IncompleteInfoResponse)
            if events.incomplete_reported_on.is_none() || events.proceed_on.is_some() =>
        {
            return Err(Refusal(
                "The MCO has not reported an incomplete answer waiting for HFS".into(),
            ));
        }
        Action::RequestInfo if events.info_requested_on.is_some() => {
            return Err(Refusal(
                "The MCO has already asked for information on this ticket".into(),
            ));
        }
        _ => {}
    }
    let next = apply(events, party, action, on);
    let after = timeline(calendar, &next, on).map_err(refusal)?;
    if action == Action::Submit && after.closed_reason == Some(ClosedReason::NotTimely) {
        return Err(Refusal(format!(
            "The ticket is outside the filing window ({} after the MCO received the dispute) and would be closed",
            crate::rule_table::filing_window_words()
        )));
    }
    Ok(after)
}

/// The engine's problems as one refusal.
fn refusal(problems: Vec<crate::timeline::Problem>) -> Refusal {
    Refusal(
        problems
            .into_iter()
            .map(|p| p.message)
            .collect::<Vec<_>>()
            .join("; "),
    )
}

fn names(parties: &[Party]) -> String {
    parties
        .iter()
        .map(|p| match p {
            Party::Provider => "the provider",
            Party::Mco => "the MCO",
            Party::Hfs => "HFS",
        })
        .collect::<Vec<_>>()
        .join(" or ")
}
