//! `POST /api/tickets/{id}/actions` (`docs/tickets.md`, "Actions: who, when"): one step of a
//! ticket, taken by the session's party on the Illinois date of the request.
//!
//! The engine (`rules::tickets::check_action`) decides whether the step may be taken; this module
//! records it in one transaction: the ticket's events and status (only if nobody changed the ticket
//! meanwhile), what came with the step (the MCO's response, HFS's note), the history entry, any
//! fine the step makes due, and the emails to the other parties. The emails carry no protected
//! health information: the ticket number, the MCO's tracking number, what happened, what to do and
//! by when; every free text stays in the portal.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::routing::post;
use axum::{Json, Router};
use chrono::NaiveDate;
use rules::dates::long_date;
use rules::tickets::{apply_action, check_action, check_action_fields, ActionProblem};
use rules::timeline::{ClockKey, Status, Timeline};
use rules::transitions::Party;
use rules::wire::tickets::{ResponseOutcome, TicketAction, TicketDetail};
use sqlx::SqliteConnection;

use crate::api::fields::{body_bytes, json_object, unknown_fields};
use crate::auth::{self, CurrentUser};
use crate::error::FieldErrors;
use crate::outbox::Message;
use crate::tickets::{self, key_of, party_key, TicketRow};
use crate::{clocks, ApiError, AppState};

/// The refusal when the ticket changed between reading it and recording the step.
pub const CHANGED_MEANWHILE: &str =
    "The ticket changed while you were working on it. Reload it to see what changed, then try again.";

pub fn router() -> Router<AppState> {
    Router::new().route("/tickets/{id}/actions", post(take))
}

async fn take(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<TicketDetail>, ApiError> {
    let id: i64 = id.parse().map_err(|_| ApiError::NotFound)?;
    let row = tickets::visible(&state.pool, &user, id).await?;
    let action = read_action(body)?;
    let actor = Actor {
        party: row.party_of(&user),
        user_id: Some(user.id),
    };
    record(&state, &row, actor, &action, auth::today(), true).await?;
    let row = tickets::visible(&state.pool, &user, id).await?;
    Ok(Json(tickets::detail(&state, &user, &row).await?))
}

/// The body as a [`TicketAction`]; 422 for anything else, an unknown field included (serde lets
/// extra fields through on the actions that have none).
fn read_action(body: Result<Bytes, BytesRejection>) -> Result<TicketAction, ApiError> {
    let bytes = body_bytes(body)?;
    let action: TicketAction = auth::read_json(Ok(bytes.clone()))?;
    let given = json_object(&bytes)?;
    let known = match serde_json::to_value(&action) {
        Ok(serde_json::Value::Object(known)) => known,
        _ => serde_json::Map::new(),
    };
    let known: Vec<&str> = known.keys().map(String::as_str).collect();
    let mut errors = FieldErrors::new();
    unknown_fields(&given, &known, &mut errors);
    errors.into_result()?;
    Ok(action)
}

/// Who takes a step: the party, and the user (none for steps the demo data makes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub party: Party,
    pub user_id: Option<i64>,
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
    let timeline = match check_action(&calendar.calendar, &events, actor.party, action, on) {
        Ok(timeline) => timeline,
        Err(ActionProblem::Fields(body)) => return Err(FieldErrors::from(body).into()),
        Err(ActionProblem::Refused(message)) => return Err(ApiError::conflict(message)),
    };
    // What is stored: the texts trimmed, the contact's phone and email written the one way.
    let action = &check_action_fields(action).unwrap_or_else(|_| action.clone());
    let attachments = match action {
        TicketAction::ProvideInfo { attachment_ids, .. } => {
            provider_files(state, row.id, attachment_ids).await?
        }
        _ => Vec::new(),
    };

    let mut tx = state.pool.begin().await?;
    // The guard comes first (and takes the write lock): a ticket changed since it was read is
    // not changed again on the strength of what it was.
    let claimed = sqlx::query(
        "UPDATE tickets SET updated_at = MAX(?1, updated_at + 1) \
         WHERE id = ?2 AND updated_at = ?3 AND status = ?4",
    )
    .bind(auth::now_utc_millis())
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
    match action {
        TicketAction::Respond {
            outcome,
            response,
            contact_name,
            contact_phone,
            contact_email,
        } => {
            sqlx::query(
                "UPDATE tickets SET response_outcome = ?, response_text = ?, \
                   response_contact_name = ?, response_contact_phone = ?, \
                   response_contact_email = ? WHERE id = ?",
            )
            .bind(match outcome {
                ResponseOutcome::Upheld => "upheld",
                ResponseOutcome::Overturned => "overturned",
            })
            .bind(response.trim())
            .bind(contact_name.trim())
            .bind(contact_phone.trim())
            .bind(contact_email.trim())
            .bind(row.id)
            .execute(&mut *tx)
            .await?;
        }
        TicketAction::Close { note, .. } | TicketAction::Decide { decision: note } => {
            sqlx::query("UPDATE tickets SET closing_note = ? WHERE id = ?")
                .bind(note.trim())
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
    tickets::add_history(
        &mut *tx,
        row.id,
        on,
        party_key(actor.party),
        actor.user_id,
        action.key(),
        &summary(action, actor.party),
        text.as_deref(),
    )
    .await?;

    // A response after its due date makes the fine due now (the clocks would find it too).
    let number = rules::tickets::ticket_number(row.id, row.submitted_on.unwrap_or(on));
    clocks::record_fines(&mut tx, row, &number, &timeline, true).await?;

    if notify {
        if let Some(notice) = notice(action, actor.party, &number, row, &timeline) {
            notice.send(&mut tx, row).await?;
        }
    }
    tx.commit().await?;
    Ok(timeline)
}

/// The names of the files `ids` the provider attached to ticket `ticket_id`, else 422.
async fn provider_files(
    state: &AppState,
    ticket_id: i64,
    ids: &[i64],
) -> Result<Vec<String>, ApiError> {
    let mut names = Vec::new();
    for id in ids {
        let name: Option<String> = sqlx::query_scalar(
            "SELECT file_name FROM ticket_attachments \
             WHERE id = ? AND ticket_id = ? AND added_by = 'provider'",
        )
        .bind(id)
        .bind(ticket_id)
        .fetch_optional(&state.pool)
        .await?;
        match name {
            Some(name) if !names.contains(&name) => names.push(name),
            Some(_) => {}
            None => {
                return Err(FieldErrors::one(
                    "attachment_ids",
                    "Attach the files to this ticket first, then send your answer",
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
        TicketAction::Close { note, .. } => Some(note),
        TicketAction::RequestInfo { message }
        | TicketAction::ProvideInfo { message, .. }
        | TicketAction::Message { message } => Some(message),
        TicketAction::RequestExtension { reason }
        | TicketAction::RefuseExtension { reason }
        | TicketAction::Contest { reason }
        | TicketAction::RequestReview { reason } => Some(reason),
        TicketAction::Respond { response, .. } => Some(response),
        TicketAction::Decide { decision } => Some(decision),
        TicketAction::Present
        | TicketAction::ApproveExtension
        | TicketAction::Accept
        | TicketAction::DeliverInformation => None,
    }
}

fn party_name(party: Party) -> &'static str {
    match party {
        Party::Provider => "The provider",
        Party::Mco => "The MCO",
        Party::Hfs => "HFS",
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
        TicketAction::DeliverInformation => {
            "HFS recorded that the information for its review is in".to_owned()
        }
        TicketAction::Decide { .. } => {
            "HFS made its final decision; the ticket is closed".to_owned()
        }
        TicketAction::Message { .. } => format!("{} wrote a message", party_name(party)),
    }
}

// ---------------------------------------------------------------------------------------------
// Emails

/// Who receives a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recipients {
    /// The user who filed the ticket and the facility's contact.
    pub provider: bool,
    /// The MCO's users.
    pub mco: bool,
}

/// A message about a ticket and who receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub message: Message,
    pub to: Recipients,
}

impl Notice {
    /// Queues the message to its recipients' addresses.
    pub async fn send(&self, conn: &mut SqliteConnection, row: &TicketRow) -> Result<(), ApiError> {
        let mut addresses: Vec<String> = Vec::new();
        if self.to.provider {
            addresses.extend(provider_addresses(conn, row.id).await?);
        }
        if self.to.mco {
            addresses.extend(mco_addresses(conn, row.mco_id).await?);
        }
        let addresses: Vec<&str> = addresses.iter().map(String::as_str).collect();
        self.message.send_to(conn, &addresses).await?;
        Ok(())
    }
}

/// The emails of the user who filed ticket `ticket_id` and of its facility's contact.
pub async fn provider_addresses(
    conn: &mut SqliteConnection,
    ticket_id: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT u.email FROM tickets t JOIN users u ON u.id = t.created_by WHERE t.id = ?1 \
         UNION ALL \
         SELECT f.contact_email FROM tickets t JOIN facilities f ON f.id = t.facility_id \
         WHERE t.id = ?1",
    )
    .bind(ticket_id)
    .fetch_all(conn)
    .await
}

/// The emails of the MCO's users who can sign in.
pub async fn mco_addresses(
    conn: &mut SqliteConnection,
    mco_id: Option<i64>,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT email FROM users WHERE role = 'mco' AND mco_id = ? AND status = 'approved' \
         ORDER BY id",
    )
    .bind(mco_id)
    .fetch_all(conn)
    .await
}

/// A message about ticket `number`: the paragraphs, where to read more, and the signature. Free
/// texts (requests, answers, notes, decisions) are never copied in: they may name a member.
pub fn ticket_message(
    subject: String,
    number: &str,
    tracking: &str,
    paragraphs: &[String],
) -> Message {
    let mut body = String::from("Greetings from Illinois Healthcare and Family Services.\n\n");
    body.push_str(&format!("Provider Resolution ticket: {number}\n"));
    if !tracking.trim().is_empty() {
        body.push_str(&format!(
            "MCO complaint tracking number: {}\n",
            tracking.trim()
        ));
    }
    body.push('\n');
    for paragraph in paragraphs {
        body.push_str(paragraph);
        body.push_str("\n\n");
    }
    body.push_str(
        "Sign in to the Provider Resolution Portal to see the ticket, its history and every \
         deadline.\n\nRegards,\n\nHFS Portal Team\n",
    );
    Message { subject, body }
}

/// The due date of `key` in `timeline`, in words.
fn due(timeline: &Timeline, key: ClockKey) -> Option<String> {
    timeline.deadline(key).map(|d| long_date(d.due_on))
}

/// What the other parties are told of `action` taken by `party`; `None` when nobody needs to be.
fn notice(
    action: &TicketAction,
    party: Party,
    number: &str,
    row: &TicketRow,
    timeline: &Timeline,
) -> Option<Notice> {
    let tracking = row.tracking_number.as_deref().unwrap_or("");
    let mco_response = due(timeline, ClockKey::McoResponse);
    let both = Recipients {
        provider: true,
        mco: true,
    };
    let provider = Recipients {
        provider: true,
        mco: false,
    };
    let mco = Recipients {
        provider: false,
        mco: true,
    };
    let (subject, to, paragraphs): (String, Recipients, Vec<String>) = match action {
        TicketAction::Present => (
            format!("Ticket {number} is with the MCO"),
            both,
            vec![
                "HFS checked the ticket and presented it to the MCO.".to_owned(),
                format!(
                    "MCO: if you need more information from the provider, ask for it in the portal \
                     by {}. Your written response is due by {}.",
                    due(timeline, ClockKey::McoInfoRequest)?,
                    mco_response.clone()?
                ),
            ],
        ),
        TicketAction::Close { .. } => (
            format!("Ticket {number} was closed by HFS"),
            provider,
            vec![
                "HFS closed the ticket without presenting it to the MCO. HFS's reason is in the \
                 portal."
                    .to_owned(),
                "A closed ticket is not reopened: if the dispute can still be filed, file a new \
                 ticket."
                    .to_owned(),
            ],
        ),
        TicketAction::RequestInfo { .. } => (
            format!("The MCO asked for more information on ticket {number}"),
            provider,
            vec![
                "The MCO asked for more information. Its request is in the portal.".to_owned(),
                format!(
                    "Answer in the portal by {}. If no answer is given by then, the ticket is \
                     closed.",
                    due(timeline, ClockKey::ProviderInfoResponse)?
                ),
            ],
        ),
        TicketAction::ProvideInfo { .. } => (
            format!("The provider answered on ticket {number}"),
            mco,
            vec![
                "The provider answered your request for information. The answer is in the portal."
                    .to_owned(),
                format!("Your written response is due by {}.", mco_response?),
            ],
        ),
        TicketAction::RequestExtension { .. } => (
            format!("An extension was asked for on ticket {number}"),
            if party == Party::Mco { provider } else { mco },
            vec![format!(
                "{} asked HFS for the single {}-day extension. HFS will approve or refuse it; \
                 until then the MCO's written response is due by {}.",
                party_name(party),
                rules::rule_table::extension_length(),
                mco_response?
            )],
        ),
        TicketAction::ApproveExtension => (
            format!("Extension approved on ticket {number}"),
            both,
            vec![format!(
                "HFS approved the extension. The MCO's written response is now due by {}.",
                mco_response?
            )],
        ),
        TicketAction::RefuseExtension { .. } => (
            format!("Extension refused on ticket {number}"),
            both,
            vec![format!(
                "HFS refused the extension; its reason is in the portal. The MCO's written \
                 response is still due by {}.",
                mco_response?
            )],
        ),
        TicketAction::Respond { .. } => (
            format!("The MCO responded on ticket {number}"),
            provider,
            vec![
                "The MCO entered its written response. It is in the portal, with the name, phone \
                 and email of a contact at the MCO."
                    .to_owned(),
                format!(
                    "Accept or contest the response in the portal by {}. If you do neither, the \
                     response stands and the ticket is closed.",
                    due(timeline, ClockKey::ProviderDecision)?
                ),
            ],
        ),
        TicketAction::Accept => (
            format!("Ticket {number} is closed: response accepted"),
            mco,
            vec!["The provider accepted your written response. The ticket is closed.".to_owned()],
        ),
        TicketAction::Contest { .. } => (
            format!("The provider contested your response on ticket {number}"),
            mco,
            vec![format!(
                "The provider contested your written response. The provider may ask HFS to \
                 review the dispute until {}.",
                due(timeline, ClockKey::HfsReviewRequest)?
            )],
        ),
        TicketAction::RequestReview { .. } => (
            format!("Ticket {number} is in Administrative Review"),
            mco,
            vec![format!(
                "The provider asked HFS to review the dispute. Deliver all relevant information \
                 to HFS, with contact information for knowledgeable staff, by {}.",
                due(timeline, ClockKey::InformationDelivery)?
            )],
        ),
        TicketAction::DeliverInformation => (
            format!("HFS has the information for ticket {number}"),
            both,
            vec![format!(
                "HFS has the information for its review. HFS will make its decision by {}.",
                due(timeline, ClockKey::HfsDecision)?
            )],
        ),
        TicketAction::Decide { .. } => (
            format!("HFS decided ticket {number}"),
            both,
            vec![
                "HFS made its final decision. The decision is in the portal. The ticket is closed."
                    .to_owned(),
            ],
        ),
        TicketAction::Message { .. } => return None,
    };
    // Nobody but HFS hears of a ticket before it is presented to the MCO.
    let to = Recipients {
        provider: to.provider && party != Party::Provider,
        mco: to.mco && party != Party::Mco && timeline.status != Status::Submitted,
    };
    Some(Notice {
        message: ticket_message(subject, number, tracking, &paragraphs),
        to,
    })
}
