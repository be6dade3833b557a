//! What happens to a ticket, recorded: a party's step (`docs/tickets.md`, "Actions: who, when"),
//! taken by a user through `POST /api/tickets/{id}/actions` or by the demo data ([`record`]), and
//! what the clocks find due (`crate::clocks`): a closing by rule ([`close_by_rule`]) and fines
//! ([`record_fines`]).
//!
//! The engine (`rules::tickets::check_action`) decides whether the step may be taken; [`record`]
//! records it in one transaction: the ticket's events and status (only if nobody changed the ticket
//! meanwhile), what came with the step (the MCO's response, HFS's note), the history entry, any
//! fine the step makes due ([`record_fines`]), and the emails to the other parties
//! (`crate::notices::ticket_action`).
//!
//! May import: `state`, `error`, `time`, `tickets`, `notices`, `outbox`, `mail`.

use chrono::NaiveDate;
use rules::dates::long_date;
use rules::money::dollars;
use rules::tickets::{apply_action, check_action_fields, check_ticket_step, ActionProblem};
use rules::timeline::{ClockKey, ClosedReason, Timeline};
use rules::transitions::Party;
use rules::wire::tickets::{ResponseOutcome, TicketAction};
use sqlx::AnyConnection;

use crate::error::{ApiError, FieldErrors};
use crate::mail::MailSettings;
use crate::notices;
use crate::outbox;
use crate::state::AppState;
use crate::tickets::{self, key_of, party_key, party_name, TicketRow};
use crate::time::now_utc_millis;

/// What every email about ticket `row` names (its number `number`, link `link`).
pub fn ticket_ref<'a>(
    row: &'a TicketRow,
    number: &'a str,
    link: &'a str,
) -> notices::TicketRef<'a> {
    notices::TicketRef {
        number,
        tracking: row.tracking_number.as_deref().unwrap_or(""),
        link,
    }
}

/// The refusal when the ticket changed between reading it and recording the step.
pub const CHANGED_MEANWHILE: &str =
    "The ticket changed while you were working on it. Reload it to see what changed, then try again.";

/// Who takes a step: the party, and the user (none for steps the demo data makes), and whether
/// they are an HFS administrator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub party: Party,
    pub user_id: Option<i64>,
    pub hfs_admin: bool,
}

/// Takes `action` on the ticket `row` as `actor` on `on`, as the engine allows, and records it in
/// one transaction (see the module's documentation). `notify`: queue the emails to the other
/// parties (the demo data sends none). Returns the ticket's timeline after the step.
pub async fn record(
    state: &AppState,
    row: &TicketRow,
    actor: Actor,
    action: &TicketAction,
    on: NaiveDate,
    notify: bool,
) -> Result<Timeline, ApiError> {
    let calendar = state.calendar().await?;
    let events = row.events();
    let who = rules::workflow::Actor {
        party: actor.party,
        user_id: actor.user_id.unwrap_or_default(),
        hfs_admin: actor.hfs_admin,
    };
    let timeline = match check_ticket_step(
        &calendar.calendar,
        &events,
        &row.workflow(),
        who,
        action,
        on,
    ) {
        Ok(timeline) => timeline,
        Err(ActionProblem::Fields(body)) => return Err(FieldErrors::from(body).into()),
        Err(ActionProblem::Refused(message)) => return Err(ApiError::conflict(message)),
    };
    // What is stored: the texts trimmed, the contact's phone and email written the one way.
    let action = &check_action_fields(action).unwrap_or_else(|_| action.clone());
    let attachments = party_files(state, row.id, actor.party, action.attachment_ids()).await?;
    // The HFS users a review is assigned or referred to must be HFS users.
    match action {
        TicketAction::AssignReview {
            account_manager_id: Some(id),
        } if tickets::hfs_person(&state.pool, *id).await?.is_none() => {
            return Err(FieldErrors::one(
                "account_manager_id",
                "Select an HFS user as the HFS MCO Account Manager",
            )
            .into());
        }
        TicketAction::ReferToSme {
            sme_id: Some(id), ..
        } if tickets::hfs_person(&state.pool, *id).await?.is_none() => {
            return Err(FieldErrors::one(
                "sme_id",
                "Select an HFS user as the Subject Matter Expert",
            )
            .into());
        }
        _ => {}
    }

    let mut tx = state.pool.begin().await?;
    // The guard comes first (and takes the write lock): a ticket changed since it was read is
    // not changed again on the strength of what it was.
    let claimed = sqlx::query(
        "UPDATE tickets SET updated_at = CASE WHEN $1 > updated_at + 1 THEN $1 ELSE updated_at + 1 END \
         WHERE id = $2 AND updated_at = $3 AND status = $4",
    )
    .bind(now_utc_millis())
    .bind(row.id)
    .bind(row.updated_at)
    .bind(key_of(row.status))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed != 1 {
        return Err(ApiError::conflict(CHANGED_MEANWHILE));
    }

    if !matches!(action, TicketAction::Message { .. }) {
        let next = apply_action(&events, actor.party, action, on);
        tickets::save_events(
            &mut tx,
            row.id,
            &next,
            timeline.status,
            timeline.closed_reason,
        )
        .await?;
    }
    let ids_json = serde_json::to_string(action.attachment_ids()).unwrap_or_else(|_| "[]".into());
    match action {
        TicketAction::Respond {
            outcome,
            response,
            contact_name,
            contact_phone,
            contact_email,
            resolution_plan,
            resolve_by,
            ..
        } => {
            sqlx::query(
                "UPDATE tickets SET response_outcome = $1, response_text = $2, \
                   response_contact_name = $3, response_contact_phone = $4, \
                   response_contact_email = $5, response_plan = $6, response_resolve_by = $7 \
                 WHERE id = $8",
            )
            .bind(match outcome {
                ResponseOutcome::Upheld => "upheld",
                ResponseOutcome::Overturned => "overturned",
            })
            .bind(response.trim())
            .bind(contact_name.trim())
            .bind(contact_phone.trim())
            .bind(contact_email.trim())
            .bind(resolution_plan.as_deref())
            .bind(resolve_by.as_deref())
            .bind(row.id)
            .execute(&mut *tx)
            .await?;
        }
        TicketAction::Close { note, .. } => {
            sqlx::query("UPDATE tickets SET closing_note = $1 WHERE id = $2")
                .bind(note.trim())
                .bind(row.id)
                .execute(&mut *tx)
                .await?;
        }
        TicketAction::Decide {
            decision, outcome, ..
        } => {
            sqlx::query(
                "UPDATE tickets SET closing_note = $1, decision_outcome = $2, \
                 decision_letter_id = $3 WHERE id = $4",
            )
            .bind(decision.trim())
            .bind(outcome.map(|o| o.key()))
            .bind(action.attachment_ids().first())
            .bind(row.id)
            .execute(&mut *tx)
            .await?;
        }
        TicketAction::RequestReview { .. } => {
            sqlx::query("UPDATE tickets SET review_stage = 'requested' WHERE id = $1")
                .bind(row.id)
                .execute(&mut *tx)
                .await?;
        }
        TicketAction::AssignReview { account_manager_id } => {
            sqlx::query(
                "UPDATE tickets SET review_stage = 'account_manager', \
                 review_account_manager_id = $1 WHERE id = $2",
            )
            .bind(account_manager_id)
            .bind(row.id)
            .execute(&mut *tx)
            .await?;
        }
        TicketAction::ReferToSme { sme_id, .. } => {
            sqlx::query(
                "UPDATE tickets SET review_stage = 'sme', review_sme_id = $1 WHERE id = $2",
            )
            .bind(sme_id)
            .bind(row.id)
            .execute(&mut *tx)
            .await?;
        }
        TicketAction::DeliverInformation {
            information,
            contact_name,
            contact_phone,
            contact_email,
            ..
        } => {
            sqlx::query(
                "INSERT INTO ticket_deliveries (ticket_id, party, user_id, delivered_on, \
                 information, contact_name, contact_phone, contact_email, attachment_ids, at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(row.id)
            .bind(party_key(actor.party))
            .bind(actor.user_id)
            .bind(on.to_string())
            .bind(information)
            .bind(contact_name)
            .bind(contact_phone)
            .bind(contact_email)
            .bind(&ids_json)
            .bind(now_utc_millis())
            .execute(&mut *tx)
            .await?;
        }
        TicketAction::ReportIncomplete { missing, .. } => {
            sqlx::query("UPDATE tickets SET incomplete_missing = $1 WHERE id = $2")
                .bind(missing)
                .bind(row.id)
                .execute(&mut *tx)
                .await?;
        }
        TicketAction::ReportUnresolved { message, .. } => {
            sqlx::query(
                "INSERT INTO ticket_follow_ups (ticket_id, reported_on, reported_by, message, \
                 attachment_ids, at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(row.id)
            .bind(on.to_string())
            .bind(actor.user_id)
            .bind(message)
            .bind(&ids_json)
            .bind(now_utc_millis())
            .execute(&mut *tx)
            .await?;
        }
        TicketAction::CloseFollowUp { note, .. } => {
            sqlx::query(
                "UPDATE ticket_follow_ups SET closed_on = $1, closed_by = $2, note = $3 \
                 WHERE ticket_id = $4 AND closed_on IS NULL",
            )
            .bind(on.to_string())
            .bind(actor.user_id)
            .bind(note)
            .bind(row.id)
            .execute(&mut *tx)
            .await?;
        }
        TicketAction::SetPresentTarget { present_by } => {
            sqlx::query("UPDATE tickets SET present_target_on = $1 WHERE id = $2")
                .bind(present_by)
                .bind(row.id)
                .execute(&mut *tx)
                .await?;
        }
        _ => {}
    }

    let mut text = action_text(action).map(|t| t.trim().to_owned());
    if !attachments.is_empty() {
        let files = format!("Files: {}", attachments.join(", "));
        text = Some(match text {
            Some(t) if !t.is_empty() => format!("{t}\n\n{files}"),
            _ => files,
        });
    }
    let summary = match action {
        TicketAction::AssignReview {
            account_manager_id: Some(id),
        } => format!(
            "HFS placed the ticket in Administrative Review with {}, HFS MCO Account Manager",
            person(state, *id).await?
        ),
        TicketAction::ReferToSme {
            sme_id: Some(id), ..
        } => format!(
            "The HFS MCO Account Manager referred the review to {}, HFS Subject Matter Expert",
            person(state, *id).await?
        ),
        _ => summary(action, actor.party),
    };
    tickets::add_history(
        &mut *tx,
        row.id,
        on,
        party_key(actor.party),
        actor.user_id,
        action.key(),
        &summary,
        text.as_deref(),
    )
    .await?;

    // A response after its due date makes the fine due now (the clocks would find it too).
    let number = rules::tickets::ticket_number(row.id, row.submitted_on.unwrap_or(on));
    record_fines(&mut tx, &state.mail, row, &number, &timeline, true).await?;

    if notify {
        let link = state.mail.ticket_link(row.id);
        let t = ticket_ref(row, &number, &link);
        if let Some(notice) = notices::ticket_action(action, actor.party, &t, &timeline) {
            outbox::send_about_ticket(
                &mut tx,
                &state.mail,
                &notice.message,
                notice.to,
                row.id,
                row.mco_id,
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(timeline)
}

/// An HFS user's name for the history.
async fn person(state: &AppState, id: i64) -> Result<String, ApiError> {
    Ok(tickets::hfs_person(&state.pool, id)
        .await?
        .map(|p| p.name)
        .unwrap_or_else(|| "an HFS user".into()))
}

/// The names of the files `ids` that `party` attached to ticket `ticket_id`, else 422.
async fn party_files(
    state: &AppState,
    ticket_id: i64,
    party: Party,
    ids: &[i64],
) -> Result<Vec<String>, ApiError> {
    let mut names = Vec::new();
    for id in ids {
        let name: Option<String> = sqlx::query_scalar(
            "SELECT file_name FROM ticket_attachments \
             WHERE id = $1 AND ticket_id = $2 AND added_by = $3",
        )
        .bind(id)
        .bind(ticket_id)
        .bind(party_key(party))
        .fetch_optional(&state.pool)
        .await?;
        match name {
            Some(name) if !names.contains(&name) => names.push(name),
            Some(_) => {}
            None => {
                return Err(FieldErrors::one(
                    "attachment_ids",
                    "Attach the files to this ticket first, then send",
                )
                .into())
            }
        }
    }
    Ok(names)
}

/// The free text that goes with the action, for the history.
fn action_text(action: &TicketAction) -> Option<&str> {
    match action {
        TicketAction::Close { note, .. }
        | TicketAction::Proceed { note }
        | TicketAction::ReferToSme { note, .. }
        | TicketAction::CloseFollowUp { note, .. } => Some(note),
        TicketAction::RequestInfo { message, .. }
        | TicketAction::ProvideInfo { message, .. }
        | TicketAction::Message { message, .. }
        | TicketAction::ReportUnresolved { message, .. } => Some(message),
        TicketAction::RequestExtension { reason }
        | TicketAction::RefuseExtension { reason }
        | TicketAction::Contest { reason }
        | TicketAction::RequestReview { reason } => Some(reason),
        TicketAction::Respond { response, .. } => Some(response),
        TicketAction::Decide { decision, .. } => Some(decision),
        TicketAction::ReportIncomplete { missing, .. } => Some(missing),
        TicketAction::DeliverInformation { information, .. } => Some(information),
        TicketAction::Present
        | TicketAction::ApproveExtension
        | TicketAction::Accept
        | TicketAction::AssignReview { .. }
        | TicketAction::SetPresentTarget { .. } => None,
    }
}

/// What happened, in words, for the history.
fn summary(action: &TicketAction, party: Party) -> String {
    match action {
        TicketAction::Present => "HFS checked the ticket and presented it to the MCO".to_owned(),
        TicketAction::Close { reason, .. } => {
            format!("HFS closed the ticket. {}", reason.explanation())
        }
        TicketAction::RequestInfo { .. } => {
            "The MCO asked the provider for more information".to_owned()
        }
        TicketAction::ProvideInfo { .. } => {
            "The provider answered the request for information".to_owned()
        }
        TicketAction::RequestExtension { .. } => {
            format!(
                "{} asked HFS for the single {}-day extension",
                party_name(party),
                rules::rule_table::extension_length()
            )
        }
        TicketAction::ApproveExtension => "HFS approved the extension".to_owned(),
        TicketAction::RefuseExtension { .. } => "HFS refused the extension".to_owned(),
        TicketAction::Respond { outcome, .. } => format!(
            "The MCO entered its written response ({})",
            match outcome {
                ResponseOutcome::Upheld => "upheld its decision",
                ResponseOutcome::Overturned => "overturned its decision",
            }
        ),
        TicketAction::Accept => {
            "The provider accepted the MCO's response; the ticket is closed".to_owned()
        }
        TicketAction::Contest { .. } => "The provider contested the MCO's response".to_owned(),
        TicketAction::RequestReview { .. } => {
            "The provider asked HFS to review the dispute (Administrative Review)".to_owned()
        }
        TicketAction::DeliverInformation { .. } => format!(
            "{} delivered its information for HFS's review",
            party_name(party)
        ),
        TicketAction::Decide { outcome, .. } => format!(
            "HFS made its final decision ({}); the ticket is closed",
            outcome.map_or("", |o| o.label()).to_lowercase()
        ),
        TicketAction::Message { .. } => format!("{} wrote a message", party_name(party)),
        TicketAction::ReportIncomplete { .. } => {
            "The MCO reported that the provider's answer was incomplete".to_owned()
        }
        TicketAction::Proceed { .. } => {
            "HFS told the MCO to proceed with the provider's answer as given".to_owned()
        }
        TicketAction::AssignReview { .. } => {
            "HFS assigned an HFS MCO Account Manager to the review".to_owned()
        }
        TicketAction::ReferToSme { .. } => {
            "The review was referred to an HFS Subject Matter Expert".to_owned()
        }
        TicketAction::ReportUnresolved { .. } => {
            "The provider reported that the MCO's resolution was not carried out by its date; a follow-up went to HFS".to_owned()
        }
        TicketAction::CloseFollowUp { .. } => "HFS closed the follow-up".to_owned(),
        TicketAction::SetPresentTarget { present_by } => format!(
            "HFS set a target for presenting this expedited ticket: {}",
            rules::dates::parse_iso_date(present_by)
                .map(long_date)
                .unwrap_or_default()
        ),
    }
}

/// The date a closing by rule counts for: the day after the missed due date.
fn closed_on(line: &Timeline, reason: ClosedReason, today: NaiveDate) -> NaiveDate {
    let key = match reason {
        ClosedReason::NoInfoResponse => ClockKey::ProviderInfoResponse,
        ClosedReason::NotContested => ClockKey::ProviderDecision,
        _ => return today,
    };
    line.deadline(key)
        .and_then(|d| d.due_on.succ_opt())
        .map_or(today, |d| d.min(today))
}

/// Records the closing the rules made (`reason`, found by the clocks), once (only if the row is
/// still as read), with its history entry and the notice to both parties; whether it did.
pub async fn close_by_rule(
    conn: &mut AnyConnection,
    mail: &MailSettings,
    row: &TicketRow,
    number: &str,
    line: &Timeline,
    reason: ClosedReason,
    today: NaiveDate,
) -> Result<bool, ApiError> {
    let closed = sqlx::query(
        "UPDATE tickets SET status = 'closed', closed_reason = $1, \
           updated_at = CASE WHEN $2 > updated_at + 1 THEN $2 ELSE updated_at + 1 END \
         WHERE id = $3 AND status = $4 AND updated_at = $5",
    )
    .bind(key_of(reason))
    .bind(now_utc_millis())
    .bind(row.id)
    .bind(key_of(row.status))
    .bind(row.updated_at)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if closed != 1 {
        return Ok(false);
    }
    tickets::add_history(
        &mut *conn,
        row.id,
        closed_on(line, reason, today),
        "portal",
        None,
        "closed_by_rule",
        &format!("The ticket was closed. {}", reason.explanation()),
        None,
    )
    .await?;
    let link = mail.ticket_link(row.id);
    let notice = notices::closed_by_rule(&ticket_ref(row, number, &link), reason);
    outbox::send_about_ticket(conn, mail, &notice.message, notice.to, row.id, row.mco_id).await?;
    Ok(true)
}

/// Records each fine of `line` not yet recorded, with its history entry and (when `notify`) the
/// fine notice to the MCO's users; how many were new.
pub async fn record_fines(
    conn: &mut AnyConnection,
    mail: &MailSettings,
    row: &TicketRow,
    number: &str,
    line: &Timeline,
    notify: bool,
) -> Result<usize, ApiError> {
    let Some(mco_id) = row.mco_id else {
        return Ok(0);
    };
    let mut new = 0;
    for fine in &line.fines {
        let inserted = sqlx::query(
            "INSERT INTO fines (ticket_id, mco_id, amount_cents, fined_on, \
               sanction_notice_due_on, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
               ON CONFLICT DO NOTHING",
        )
        .bind(row.id)
        .bind(mco_id)
        .bind(fine.amount_cents)
        .bind(fine.fined_on.to_string())
        .bind(fine.sanction_notice_due_on.to_string())
        .bind(now_utc_millis())
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if inserted != 1 {
            continue;
        }
        new += 1;
        let was_due = fine.fined_on.pred_opt().unwrap_or(fine.fined_on);
        tickets::add_history(
            &mut *conn,
            row.id,
            fine.fined_on,
            "portal",
            None,
            "fined",
            &format!(
                "The MCO's written response was due {} and was not received: a {} fine was issued",
                long_date(was_due),
                dollars(fine.amount_cents)
            ),
            None,
        )
        .await?;
        if notify {
            let link = mail.ticket_link(row.id);
            let notice =
                notices::fine_issued(&ticket_ref(row, number, &link), was_due, fine.amount_cents);
            outbox::send_about_ticket(conn, mail, &notice.message, notice.to, row.id, row.mco_id)
                .await?;
        }
    }
    Ok(new)
}
