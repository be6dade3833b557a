//! What the parties do on a ticket: the actions' fields, and whether the engine lets them.

use chrono::NaiveDate;

use crate::accounts::{check_email, NAME_MAX_CHARS};
use crate::calendar::Calendar;
use crate::tickets::form::read_date;
use crate::tickets::text::{check_long_text, check_phone, check_short_text, clean_long_text};
use crate::timeline::{timeline, ClosedReason, Events, Status, Timeline};
use crate::transitions::{self, Action, Party, Refusal};
use crate::wire::tickets::{ResponseOutcome, TicketAction};
use crate::wire::ErrorBody;
use crate::workflow::{self, Actor, Workflow};

/// Every action of the engine, in the order the ticket page shows its buttons.
pub const ACTION_KEYS: [&str; 17] = [
    "present",
    "close",
    "request_info",
    "provide_info",
    "report_incomplete",
    "proceed",
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
    // HFS's closing after an incomplete answer is `close` with its reason; listed as its own
    // button.
    "close_incomplete",
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
            TicketAction::DeliverInformation { .. } => "deliver_information",
            TicketAction::Decide { .. } => "decide",
            TicketAction::Message { .. } => "message",
            TicketAction::ReportIncomplete { .. } => "report_incomplete",
            TicketAction::Proceed { .. } => "proceed",
            TicketAction::AssignReview { .. } => "assign_review",
            TicketAction::ReferToSme { .. } => "refer_to_sme",
            TicketAction::ReportUnresolved { .. } => "report_unresolved",
            TicketAction::CloseFollowUp { .. } => "close_follow_up",
            TicketAction::SetPresentTarget { .. } => "set_present_target",
        }
    }

    /// The files that go with the action (empty for actions that take none).
    pub fn attachment_ids(&self) -> &[i64] {
        match self {
            TicketAction::Close { attachment_ids, .. }
            | TicketAction::RequestInfo { attachment_ids, .. }
            | TicketAction::ProvideInfo { attachment_ids, .. }
            | TicketAction::Respond { attachment_ids, .. }
            | TicketAction::DeliverInformation { attachment_ids, .. }
            | TicketAction::Decide { attachment_ids, .. }
            | TicketAction::Message { attachment_ids, .. }
            | TicketAction::ReportIncomplete { attachment_ids, .. }
            | TicketAction::ReportUnresolved { attachment_ids, .. }
            | TicketAction::CloseFollowUp { attachment_ids, .. } => attachment_ids,
            _ => &[],
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
                attachment_ids: Vec::new(),
            },
            "close_incomplete" => TicketAction::Close {
                reason: ClosedReason::IncompleteInfoResponse,
                note: t(),
                attachment_ids: Vec::new(),
            },
            "request_info" => TicketAction::RequestInfo {
                message: t(),
                attachment_ids: Vec::new(),
            },
            "report_incomplete" => TicketAction::ReportIncomplete {
                missing: t(),
                attachment_ids: Vec::new(),
            },
            "proceed" => TicketAction::Proceed { note: t() },
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
                resolution_plan: None,
                resolve_by: None,
                attachment_ids: Vec::new(),
            },
            "accept" => TicketAction::Accept,
            "contest" => TicketAction::Contest { reason: t() },
            "request_review" => TicketAction::RequestReview { reason: t() },
            "deliver_information" => TicketAction::DeliverInformation {
                information: t(),
                contact_name: t(),
                contact_phone: t(),
                contact_email: t(),
                attachment_ids: Vec::new(),
            },
            "decide" => TicketAction::Decide {
                decision: t(),
                outcome: None,
                attachment_ids: Vec::new(),
            },
            "message" => TicketAction::Message {
                message: t(),
                attachment_ids: Vec::new(),
            },
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
        TicketAction::DeliverInformation { .. } => Action::DeliverInformation,
        TicketAction::Decide { .. } => Action::Decide,
        TicketAction::ReportIncomplete { .. } => Action::ReportIncomplete,
        TicketAction::Proceed { .. } => Action::Proceed,
        TicketAction::RefuseExtension { .. }
        | TicketAction::Message { .. }
        | TicketAction::AssignReview { .. }
        | TicketAction::ReferToSme { .. }
        | TicketAction::ReportUnresolved { .. }
        | TicketAction::CloseFollowUp { .. }
        | TicketAction::SetPresentTarget { .. } => return None,
    })
}

/// The action's own fields, cleaned (texts trimmed with their paragraphs kept, the MCO contact's
/// phone as `(217) 555-0100`, the email's domain lowercased); or a message per field in error.
pub fn check_action_fields(action: &TicketAction) -> Result<TicketAction, ErrorBody> {
    let mut errors = ErrorBody::default();
    let checked = {
        let mut text = |field: &str, value: &str, empty: &str, label: &str| -> String {
            check_long_text(value, empty, label)
                .map_err(|m| errors.add(field, m))
                .unwrap_or_default()
        };
        match action {
            TicketAction::Present => TicketAction::Present,
            TicketAction::ApproveExtension => TicketAction::ApproveExtension,
            TicketAction::Accept => TicketAction::Accept,
            TicketAction::Close {
                reason,
                note,
                attachment_ids,
            } => {
                let note = text(
                    "note",
                    note,
                    "Enter a note to the provider saying why the ticket is closed",
                    "The note",
                );
                if !ClosedReason::HFS_CLOSINGS.contains(reason)
                    && *reason != ClosedReason::IncompleteInfoResponse
                {
                    errors.add("reason", "Select why the ticket is closed");
                }
                TicketAction::Close {
                    reason: *reason,
                    note,
                    attachment_ids: attachment_ids.clone(),
                }
            }
            TicketAction::RequestInfo {
                message,
                attachment_ids,
            } => TicketAction::RequestInfo {
                message: text(
                    "message",
                    message,
                    "Enter the information you need from the provider",
                    "The request",
                ),
                attachment_ids: attachment_ids.clone(),
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
                resolution_plan,
                resolve_by,
                attachment_ids,
            } => {
                let response = text(
                    "response",
                    response,
                    "Enter the MCO's response",
                    "The response",
                );
                let plan = resolution_plan
                    .as_deref()
                    .map(clean_long_text)
                    .filter(|p| !p.is_empty());
                let by = resolve_by
                    .as_deref()
                    .map(str::trim)
                    .filter(|b| !b.is_empty());
                let (resolution_plan, resolve_by) = match (plan, by) {
                    (None, None) => (None, None),
                    (Some(_), None) => {
                        errors.add(
                            "resolve_by",
                            "Enter the date by which the dispute will be resolved, or remove the plan",
                        );
                        (None, None)
                    }
                    (None, Some(_)) => {
                        errors.add(
                            "resolution_plan",
                            "Enter the plan for resolution, or remove the date",
                        );
                        (None, None)
                    }
                    (Some(plan), Some(by)) => {
                        let plan = text(
                            "resolution_plan",
                            &plan,
                            "Enter the plan for resolution",
                            "The plan",
                        );
                        let by =
                            read_date(Some(by), "the date by which the dispute will be resolved")
                                .map_err(|m| errors.add("resolve_by", m))
                                .ok()
                                .map(|d| d.to_string());
                        (Some(plan), by)
                    }
                };
                let contact_name = check_short_text(
                    contact_name,
                    "Enter the MCO contact's name",
                    "The MCO contact's name",
                    NAME_MAX_CHARS * 2,
                )
                .map_err(|m| errors.add("contact_name", m))
                .unwrap_or_default();
                let contact_phone =
                    check_phone(contact_phone, "Enter the MCO contact's phone number")
                        .map_err(|m| errors.add("contact_phone", m))
                        .unwrap_or_default();
                let contact_email =
                    check_email(contact_email, "Enter the MCO contact's email address")
                        .map_err(|m| errors.add("contact_email", m))
                        .unwrap_or_default();
                TicketAction::Respond {
                    outcome: *outcome,
                    response,
                    contact_name,
                    contact_phone,
                    contact_email,
                    resolution_plan,
                    resolve_by,
                    attachment_ids: attachment_ids.clone(),
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
            TicketAction::DeliverInformation {
                information,
                contact_name,
                contact_phone,
                contact_email,
                attachment_ids,
            } => {
                let information = text(
                    "information",
                    information,
                    "Enter the information you deliver to HFS for its review",
                    "The information",
                );
                let contact_name = check_short_text(
                    contact_name,
                    "Enter the name of a knowledgeable contact",
                    "The contact's name",
                    NAME_MAX_CHARS * 2,
                )
                .map_err(|m| errors.add("contact_name", m))
                .unwrap_or_default();
                let contact_phone = check_phone(contact_phone, "Enter the contact's phone number")
                    .map_err(|m| errors.add("contact_phone", m))
                    .unwrap_or_default();
                let contact_email = check_email(contact_email, "Enter the contact's email address")
                    .map_err(|m| errors.add("contact_email", m))
                    .unwrap_or_default();
                TicketAction::DeliverInformation {
                    information,
                    contact_name,
                    contact_phone,
                    contact_email,
                    attachment_ids: attachment_ids.clone(),
                }
            }
            TicketAction::Decide {
                decision,
                outcome,
                attachment_ids,
            } => {
                if outcome.is_none() {
                    errors.add(
                        "outcome",
                        "Select whether the decision is in the provider's favour, the MCO's, or partly each",
                    );
                }
                let decision = {
                    check_long_text(decision, "Enter HFS's decision", "The decision")
                        .map_err(|m| errors.add("decision", m))
                        .unwrap_or_default()
                };
                TicketAction::Decide {
                    decision,
                    outcome: *outcome,
                    attachment_ids: attachment_ids.clone(),
                }
            }
            TicketAction::Message {
                message,
                attachment_ids,
            } => TicketAction::Message {
                message: text("message", message, "Enter a message", "The message"),
                attachment_ids: attachment_ids.clone(),
            },
            TicketAction::ReportIncomplete {
                missing,
                attachment_ids,
            } => TicketAction::ReportIncomplete {
                missing: text(
                    "missing",
                    missing,
                    "Enter what is missing from the provider's answer",
                    "What is missing",
                ),
                attachment_ids: attachment_ids.clone(),
            },
            TicketAction::Proceed { note } => TicketAction::Proceed {
                note: text(
                    "note",
                    note,
                    "Enter a note to the MCO about the answer",
                    "The note",
                ),
            },
            TicketAction::AssignReview { account_manager_id } => {
                if account_manager_id.is_none() {
                    errors.add("account_manager_id", "Select the HFS MCO Account Manager");
                }
                TicketAction::AssignReview {
                    account_manager_id: *account_manager_id,
                }
            }
            TicketAction::ReferToSme { sme_id, note } => {
                let note = text(
                    "note",
                    note,
                    "Enter a note for the Subject Matter Expert",
                    "The note",
                );
                if sme_id.is_none() {
                    errors.add("sme_id", "Select the HFS Subject Matter Expert");
                }
                TicketAction::ReferToSme {
                    sme_id: *sme_id,
                    note,
                }
            }
            TicketAction::ReportUnresolved {
                message,
                attachment_ids,
            } => TicketAction::ReportUnresolved {
                message: text(
                    "message",
                    message,
                    "Enter what the MCO has not done",
                    "What the MCO has not done",
                ),
                attachment_ids: attachment_ids.clone(),
            },
            TicketAction::CloseFollowUp {
                note,
                attachment_ids,
            } => TicketAction::CloseFollowUp {
                note: text(
                    "note",
                    note,
                    "Enter a note to the provider about the follow-up",
                    "The note",
                ),
                attachment_ids: attachment_ids.clone(),
            },
            TicketAction::SetPresentTarget { present_by } => TicketAction::SetPresentTarget {
                present_by: read_date(Some(present_by), "the target date")
                    .map_err(|m| errors.add("present_by", m))
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            },
        }
    };
    if errors.is_empty() {
        Ok(checked)
    } else {
        Err(errors)
    }
}

/// The date fields that cannot be before `on` (the MCO's `resolve_by`, HFS's target): checked
/// after [`check_action_fields`], with the day of the request.
fn check_dates(action: &TicketAction, on: NaiveDate) -> Result<(), ErrorBody> {
    let mut errors = ErrorBody::default();
    let (field, value, label) = match action {
        TicketAction::Respond {
            resolve_by: Some(by),
            ..
        } => (
            "resolve_by",
            by.as_str(),
            "The date by which the dispute will be resolved",
        ),
        TicketAction::SetPresentTarget { present_by } => {
            ("present_by", present_by.as_str(), "The target date")
        }
        _ => return Ok(()),
    };
    if let Some(date) = crate::dates::parse_iso_date(value) {
        if date < on {
            errors.add(field, format!("{label} must be today or in the future"));
        }
    }
    if errors.is_empty() {
        Ok(())
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
        other => match action_of(other) {
            Some(engine) => {
                transitions::check(calendar, events, party, engine, on).map_err(refused)
            }
            None => Err("This step is not one of the ticket's clocks".into()),
        },
    }
}

fn engine_problems(p: Vec<crate::timeline::Problem>) -> String {
    p.into_iter()
        .map(|p| p.message)
        .collect::<Vec<_>>()
        .join("; ")
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
    check_dates(action, on).map_err(ActionProblem::Fields)?;
    engine_check(calendar, events, party, action, on).map_err(ActionProblem::Refused)
}

/// Whether `actor` may take `action` on `on`, every step included: the clocks' steps as
/// [`check_action`] decides them (HFS's decision by the review's holder only), the review's and
/// the follow-up's as [`workflow::check`] does. When it may, the timeline that follows.
pub fn check_step(
    calendar: &Calendar,
    events: &Events,
    wf: &Workflow,
    actor: Actor,
    action: &TicketAction,
    on: NaiveDate,
) -> Result<Timeline, ActionProblem> {
    if !workflow::is_step(action) {
        let after = check_action(calendar, events, actor.party, action, on)?;
        if matches!(action, TicketAction::Decide { .. }) {
            workflow::check_decider(wf, actor).map_err(ActionProblem::Refused)?;
        }
        return Ok(after);
    }
    check_action_fields(action).map_err(ActionProblem::Fields)?;
    check_dates(action, on).map_err(ActionProblem::Fields)?;
    let now =
        timeline(calendar, events, on).map_err(|p| ActionProblem::Refused(engine_problems(p)))?;
    workflow::check(wf, now.status, actor, action, on).map_err(ActionProblem::Refused)?;
    Ok(now)
}

/// The keys of every step [`check_step`] would accept now from `actor` (text fields aside): the
/// ticket page's forms.
pub fn allowed_steps(
    calendar: &Calendar,
    events: &Events,
    wf: &Workflow,
    actor: Actor,
    today: NaiveDate,
) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = allowed_actions(calendar, events, actor.party, today)
        .into_iter()
        .filter(|key| *key != "decide" || workflow::check_decider(wf, actor).is_ok())
        .collect();
    let Ok(now) = timeline(calendar, events, today) else {
        return keys;
    };
    let t = || "-".to_string();
    for key in workflow::STEP_KEYS {
        let sample = match key {
            "set_present_target" => TicketAction::SetPresentTarget {
                present_by: today.to_string(),
            },
            "assign_review" => TicketAction::AssignReview {
                account_manager_id: Some(0),
            },
            "refer_to_sme" => TicketAction::ReferToSme {
                sme_id: None,
                note: t(),
            },
            "report_unresolved" => TicketAction::ReportUnresolved {
                message: t(),
                attachment_ids: Vec::new(),
            },
            _ => TicketAction::CloseFollowUp {
                note: t(),
                attachment_ids: Vec::new(),
            },
        };
        if workflow::check(wf, now.status, actor, &sample, today).is_ok() {
            keys.push(key);
        }
    }
    keys
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
