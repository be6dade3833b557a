//! What the parties do on a ticket: the actions' fields, and whether the engine lets them.

use chrono::NaiveDate;

use crate::accounts::{check_email, NAME_MAX_CHARS};
use crate::calendar::Calendar;
use crate::tickets::text::{check_long_text, check_phone, check_short_text};
use crate::timeline::{timeline, ClosedReason, Events, Status, Timeline};
use crate::transitions::{self, Action, Party, Refusal};
use crate::wire::tickets::{ResponseOutcome, TicketAction};
use crate::wire::ErrorBody;

/// Every action key, in the order the ticket page shows its buttons.
pub const ACTION_KEYS: [&str; 14] = [
    "present",
    "close",
    "request_info",
    "provide_info",
    "request_extension",
    "approve_extension",
    "refuse_extension",
    "respond",
    "accept",
    "contest",
    "request_review",
    "deliver_information",
    "decide",
    "message",
];

impl TicketAction {
    /// Its `"action"` key on the wire.
    pub fn key(&self) -> &'static str {
        match self {
            TicketAction::Present => "present",
            TicketAction::Close { .. } => "close",
            TicketAction::RequestInfo { .. } => "request_info",
            TicketAction::ProvideInfo { .. } => "provide_info",
            TicketAction::RequestExtension { .. } => "request_extension",
            TicketAction::ApproveExtension => "approve_extension",
            TicketAction::RefuseExtension { .. } => "refuse_extension",
            TicketAction::Respond { .. } => "respond",
            TicketAction::Accept => "accept",
            TicketAction::Contest { .. } => "contest",
            TicketAction::RequestReview { .. } => "request_review",
            TicketAction::DeliverInformation => "deliver_information",
            TicketAction::Decide { .. } => "decide",
            TicketAction::Message { .. } => "message",
        }
    }

    /// A stand-in of the action with every text filled, for asking the engine only.
    fn sample(key: &str) -> Option<TicketAction> {
        let t = || "-".to_string();
        Some(match key {
            "present" => TicketAction::Present,
            "close" => TicketAction::Close {
                reason: ClosedReason::Incomplete,
                note: t(),
            },
            "request_info" => TicketAction::RequestInfo { message: t() },
            "provide_info" => TicketAction::ProvideInfo {
                message: t(),
                attachment_ids: Vec::new(),
            },
            "request_extension" => TicketAction::RequestExtension { reason: t() },
            "approve_extension" => TicketAction::ApproveExtension,
            "refuse_extension" => TicketAction::RefuseExtension { reason: t() },
            "respond" => TicketAction::Respond {
                outcome: ResponseOutcome::Upheld,
                response: t(),
                contact_name: t(),
                contact_phone: t(),
                contact_email: t(),
            },
            "accept" => TicketAction::Accept,
            "contest" => TicketAction::Contest { reason: t() },
            "request_review" => TicketAction::RequestReview { reason: t() },
            "deliver_information" => TicketAction::DeliverInformation,
            "decide" => TicketAction::Decide { decision: t() },
            "message" => TicketAction::Message { message: t() },
            _ => return None,
        })
    }
}

/// Why an action cannot be taken: its text fields (422, keyed by the action's field names), or
/// the engine's refusal (409: out of time, out of turn).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionProblem {
    Fields(ErrorBody),
    Refused(String),
}

/// The engine's action for a wire action. `Message` changes nothing and `RefuseExtension` is
/// recorded beside the engine ([`Events::extension_refused_on`]): both `None`.
pub fn action_of(action: &TicketAction) -> Option<Action> {
    Some(match action {
        TicketAction::Present => Action::Present,
        TicketAction::Close { reason, .. } => Action::HfsClose(*reason),
        TicketAction::RequestInfo { .. } => Action::RequestInfo,
        TicketAction::ProvideInfo { .. } => Action::ProvideInfo,
        TicketAction::RequestExtension { .. } => Action::RequestExtension,
        TicketAction::ApproveExtension => Action::ApproveExtension,
        TicketAction::Respond { .. } => Action::Respond,
        TicketAction::Accept => Action::Accept,
        TicketAction::Contest { .. } => Action::Contest,
        TicketAction::RequestReview { .. } => Action::RequestHfsReview,
        TicketAction::DeliverInformation => Action::DeliverInformation,
        TicketAction::Decide { .. } => Action::Decide,
        TicketAction::RefuseExtension { .. } | TicketAction::Message { .. } => return None,
    })
}

/// The action's own fields, cleaned (texts trimmed with their paragraphs kept, the MCO contact's
/// phone as `(217) 555-0100`, the email's domain lowercased); or a message per field in error.
pub fn check_action_fields(action: &TicketAction) -> Result<TicketAction, ErrorBody> {
    let mut errors = ErrorBody::default();
    let mut text = |field: &str, value: &str, empty: &str, label: &str| -> String {
        check_long_text(value, empty, label)
            .map_err(|m| errors.add(field, m))
            .unwrap_or_default()
    };
    let checked = match action {
        TicketAction::Present => TicketAction::Present,
        TicketAction::ApproveExtension => TicketAction::ApproveExtension,
        TicketAction::Accept => TicketAction::Accept,
        TicketAction::DeliverInformation => TicketAction::DeliverInformation,
        TicketAction::Close { reason, note } => {
            let note = text(
                "note",
                note,
                "Enter a note to the provider saying why the ticket is closed",
                "The note",
            );
            if !ClosedReason::HFS_CLOSINGS.contains(reason) {
                errors.add("reason", "Select why the ticket is closed");
            }
            TicketAction::Close {
                reason: *reason,
                note,
            }
        }
        TicketAction::RequestInfo { message } => TicketAction::RequestInfo {
            message: text(
                "message",
                message,
                "Enter the information you need from the provider",
                "The request",
            ),
        },
        TicketAction::ProvideInfo {
            message,
            attachment_ids,
        } => TicketAction::ProvideInfo {
            message: text(
                "message",
                message,
                "Enter the information the MCO asked for, or say where it was already given",
                "The information",
            ),
            attachment_ids: attachment_ids.clone(),
        },
        TicketAction::RequestExtension { reason } => TicketAction::RequestExtension {
            reason: text(
                "reason",
                reason,
                "Enter why an extension is needed",
                "The reason",
            ),
        },
        TicketAction::RefuseExtension { reason } => TicketAction::RefuseExtension {
            reason: text(
                "reason",
                reason,
                "Enter why the extension is refused",
                "The reason",
            ),
        },
        TicketAction::Respond {
            outcome,
            response,
            contact_name,
            contact_phone,
            contact_email,
        } => {
            let response = text(
                "response",
                response,
                "Enter the MCO's response",
                "The response",
            );
            let contact_name = check_short_text(
                contact_name,
                "Enter the MCO contact's name",
                "The MCO contact's name",
                NAME_MAX_CHARS * 2,
            )
            .map_err(|m| errors.add("contact_name", m))
            .unwrap_or_default();
            let contact_phone = check_phone(contact_phone, "Enter the MCO contact's phone number")
                .map_err(|m| errors.add("contact_phone", m))
                .unwrap_or_default();
            let contact_email = check_email(contact_email, "Enter the MCO contact's email address")
                .map_err(|m| errors.add("contact_email", m))
                .unwrap_or_default();
            TicketAction::Respond {
                outcome: *outcome,
                response,
                contact_name,
                contact_phone,
                contact_email,
            }
        }
        TicketAction::Contest { reason } => TicketAction::Contest {
            reason: text(
                "reason",
                reason,
                "Enter why you contest the MCO's response",
                "The reason",
            ),
        },
        TicketAction::RequestReview { reason } => TicketAction::RequestReview {
            reason: text(
                "reason",
                reason,
                "Enter why you are asking HFS to review the dispute",
                "The reason",
            ),
        },
        TicketAction::Decide { decision } => TicketAction::Decide {
            decision: text("decision", decision, "Enter HFS's decision", "The decision"),
        },
        TicketAction::Message { message } => TicketAction::Message {
            message: text("message", message, "Enter a message", "The message"),
        },
    };
    if errors.is_empty() {
        Ok(checked)
    } else {
        Err(errors)
    }
}

/// Whether the engine lets `party` take `action` on `on` (its text fields aside); when it does,
/// the timeline that follows.
fn engine_check(
    calendar: &Calendar,
    events: &Events,
    party: Party,
    action: &TicketAction,
    on: NaiveDate,
) -> Result<Timeline, String> {
    let refused = |r: Refusal| r.0;
    match action {
        TicketAction::Message { .. } => {
            let now = timeline(calendar, events, on).map_err(|p| {
                p.into_iter()
                    .map(|p| p.message)
                    .collect::<Vec<_>>()
                    .join("; ")
            })?;
            if now.status == Status::Closed {
                return Err(
                    "The ticket is closed. Closed tickets are never reopened: file a new ticket."
                        .into(),
                );
            }
            Ok(now)
        }
        // Refusing takes what approving takes: HFS, an extension asked for and not yet decided.
        TicketAction::RefuseExtension { .. } => {
            transitions::check(calendar, events, party, Action::ApproveExtension, on)
                .map_err(refused)?;
            timeline(calendar, &apply_action(events, party, action, on), on).map_err(|p| {
                p.into_iter()
                    .map(|p| p.message)
                    .collect::<Vec<_>>()
                    .join("; ")
            })
        }
        other => {
            let engine = action_of(other).expect("every other action has the engine's");
            transitions::check(calendar, events, party, engine, on).map_err(refused)
        }
    }
}

/// Whether `party` may take `action` on `on`: its text fields first ([`ActionProblem::Fields`]),
/// then the engine ([`ActionProblem::Refused`]). When it may, the timeline that follows.
pub fn check_action(
    calendar: &Calendar,
    events: &Events,
    party: Party,
    action: &TicketAction,
    on: NaiveDate,
) -> Result<Timeline, ActionProblem> {
    check_action_fields(action).map_err(ActionProblem::Fields)?;
    engine_check(calendar, events, party, action, on).map_err(ActionProblem::Refused)
}

/// The events after `action` (checked beforehand with [`check_action`]).
pub fn apply_action(events: &Events, party: Party, action: &TicketAction, on: NaiveDate) -> Events {
    match action {
        TicketAction::Message { .. } => events.clone(),
        TicketAction::RefuseExtension { .. } => Events {
            extension_refused_on: Some(on),
            ..events.clone()
        },
        other => match action_of(other) {
            Some(engine) => transitions::apply(events, party, engine, on),
            None => events.clone(),
        },
    }
}

/// The keys of the actions [`check_action`] would accept now from `party` (text fields aside), in
/// [`ACTION_KEYS`] order: the ticket page's buttons.
pub fn allowed_actions(
    calendar: &Calendar,
    events: &Events,
    party: Party,
    today: NaiveDate,
) -> Vec<&'static str> {
    ACTION_KEYS
        .into_iter()
        .filter(|key| {
            TicketAction::sample(key)
                .is_some_and(|a| engine_check(calendar, events, party, &a, today).is_ok())
        })
        .collect()
}
