//! Tickets (`docs/tickets.md`):
//! - `GET /api/complaint-types`: the eleven types, `[{"key","label"}]`;
//! - `POST /api/tickets`: submit a draft (`draft_id`) or a whole form; the same draft again answers
//!   200 with the same ticket;
//! - `GET /api/tickets` (the session's, filtered and sorted), `GET /api/tickets/{id}` (audited);
//! - `POST /api/tickets/{id}/attachments`, `GET /api/tickets/{id}/attachments/{att}` (audited);
//! - `GET /api/fines`.
//!
//! Who may see what is `crate::tickets`'s to say (a ticket the session may not see is a 404).
//! Lists carry the RIN's last four digits only. No protected health information goes in a URL, a
//! log line or an email.
//!
//! May import: any module below `api` (not `cli`, `demo`, `fallback`), `api::body`, `api::fields`,
//! `api::drafts`.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use rules::timeline::{ClockKey, ClockState, Status, Timeline};
use rules::transitions::{Action, Party};
use rules::wire::accounts::Role;
use rules::wire::tickets::{
    ComplaintType, ComplaintTypeOption, FineEntry, FineTotal, SubmitTicket, TicketDetail,
    TicketFacility, TicketForm, TicketSummary,
};
use sqlx::Row;

use crate::api::body::{body_bytes, JsonBody};
use crate::api::drafts;
use crate::api::paging::{Paged, Paging};
use crate::attachments::{self, UPLOAD_BODY_LIMIT};
use crate::audit::AuditEvent;
use crate::auth::{ApprovedProvider, CurrentUser};
use crate::claims;
use crate::error::{ApiError, FieldErrors, NOT_ALLOWED};
use crate::notices;
use crate::outbox;
use crate::state::AppState;
use crate::tickets::{self, TicketRow, SELECT_TICKETS};
use crate::time::{self, now_utc_millis};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/complaint-types", get(complaint_types))
        .route("/tickets", get(list).post(submit))
        .route("/tickets/{id}", get(read))
        .route(
            "/tickets/{id}/attachments",
            post(upload).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route("/tickets/{id}/attachments/{attachment_id}", get(download))
        .route("/fines", get(fines))
        .route("/fines/totals", get(fine_totals))
        .route("/ticket-facilities", get(ticket_facilities))
}

/// The 422 of a template ticket without its file (a whole form sent without a draft has none).
/// The 409 of a claims file replaced while the ticket was being submitted.
const CLAIMS_FILE_CHANGED: &str =
    "The claims file changed while the ticket was being submitted. Check it and submit again";
const DRAFT_OR_FORM: &str = "Send draft_id alone, or the whole form without it";
const TICKET_CLOSED: &str = "This ticket is closed: files can no longer be added";
const PROVIDER_FILES_WHEN: &str = "You can add files to a ticket when the MCO asks for more \
     information, or after you contest its response";

// ---------------------------------------------------------------------------------------------
// Query strings

/// The parameters of `query`, each one of `allowed` (or `limit` and `offset`, which
/// `api::paging::Paging` reads) and given once; else 422 by name.
pub(crate) fn query_params(
    query: Option<&str>,
    allowed: &[&'static str],
) -> Result<BTreeMap<&'static str, String>, ApiError> {
    let mut params = BTreeMap::new();
    let mut errors = FieldErrors::new();
    for (key, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        match allowed.iter().find(|a| **a == key) {
            Some(name) if params.contains_key(name) => {
                if !errors.contains(name) {
                    errors.add(*name, format!("Give {name} only once"));
                }
            }
            Some(name) => {
                params.insert(*name, value.into_owned());
            }
            // The paging of list endpoints, read by `api::paging::Paging`.
            None if crate::api::paging::PAGE_PARAMS.contains(&key.as_ref()) => {}
            None => {
                if !errors.contains(&key) {
                    errors.add(
                        key.into_owned(),
                        format!(
                            "Unknown parameter: remove it (accepted: {})",
                            allowed.join(", ")
                        ),
                    );
                }
            }
        }
    }
    errors.into_result()?;
    Ok(params)
}

/// An id parameter, if given; 422 when it is not a whole number.
pub(crate) fn id_param(
    params: &BTreeMap<&'static str, String>,
    name: &'static str,
) -> Result<Option<i64>, ApiError> {
    params
        .get(name)
        .map(|text| {
            text.trim()
                .parse::<i64>()
                .map_err(|_| FieldErrors::one(name, format!("{name} must be a number")).into())
        })
        .transpose()
}

// ---------------------------------------------------------------------------------------------
// Complaint types

/// `GET /api/complaint-types`.
#[utoipa::path(get, path = "/api/complaint-types", tag = "public", responses((status = 200, description = "The complaint types a ticket can have")))]
pub(crate) async fn complaint_types() -> Json<Vec<ComplaintTypeOption>> {
    Json(
        ComplaintType::ALL
            .into_iter()
            .map(ComplaintTypeOption::from)
            .collect(),
    )
}

// ---------------------------------------------------------------------------------------------
// Submitting

/// `POST /api/tickets`: 201 `TicketDetail`; the same draft again 200 with the same ticket; 422
/// the field map of `rules::tickets::check_form`.
async fn submit(
    State(state): State<AppState>,
    ApprovedProvider(user): ApprovedProvider,
    JsonBody(input): JsonBody<SubmitTicket>,
) -> Result<Response, ApiError> {
    let draft = match input.draft_id {
        Some(id) => {
            if input.form != TicketForm::default() {
                return Err(FieldErrors::one("draft_id", DRAFT_OR_FORM).into());
            }
            let row = drafts::own(&state, &user, id).await?;
            if row.status != Status::Draft {
                return already_submitted(&state, &user, row.id).await;
            }
            Some(row)
        }
        None => None,
    };
    let form = draft.as_ref().map_or(input.form, TicketRow::form);

    let ctx = drafts::form_context(&state, &user).await?;
    let current = state.calendar().await?;
    let today = time::today();
    let checked = rules::tickets::check_form(&form, &ctx, today, &current.calendar)
        .map_err(|errors| ApiError::Validation(errors.into()))?;
    let events =
        rules::transitions::apply(&checked.events(), Party::Provider, Action::Submit, today);
    let timeline = rules::timeline::timeline(&current.calendar, &events, today).map_err(|p| {
        let mut errors = FieldErrors::new();
        for problem in p {
            errors.add(problem.field, problem.message);
        }
        ApiError::Validation(errors)
    })?;
    let stored = checked.to_form();
    // A template ticket: its file is read again, against the form as submitted and today, with
    // the code the browser ran (its report is never trusted).
    let claims = match checked.claims_file_id() {
        Some(file_id) => {
            let bytes = match &draft {
                Some(row) => claims::file_bytes(&state.pool, row.id, file_id).await?,
                None => None,
            }
            .ok_or_else(|| claims::refusal_message(rules::tickets::CLAIMS_FILE_MISSING_MESSAGE))?;
            let ctx = claims::context(&state, &stored, today).await?;
            let report = claims::check(bytes.clone(), ctx).await?;
            if !report.is_ready() {
                return Err(claims::refusal(&report));
            }
            Some((file_id, bytes, report.claims))
        }
        None => None,
    };
    let form_json = serde_json::to_string(&stored).unwrap_or_else(|_| "{}".to_owned());
    let now = now_utc_millis();

    let mut tx = state.pool.begin().await?;
    // The first statement writes: the transaction holds the write lock from here, and a draft
    // submitted twice at once becomes one ticket (the second finds it no longer a draft).
    let id: Option<i64> = match &draft {
        Some(row) => {
            sqlx::query_scalar(
                "UPDATE tickets SET form_json = $1, status = 'submitted', facility_id = $2, \
                 mco_id = $3, complaint_type = $4, rin_last4 = $5, tracking_number = $6, \
                 updated_at = $7, claims_file_id = $10 \
                 WHERE id = $8 AND created_by = $9 AND status = 'draft' RETURNING id",
            )
            .bind(&form_json)
            .bind(checked.facility_id)
            .bind(checked.mco_id)
            .bind(tickets::key_of(checked.complaint_type))
            .bind(checked.rin_last4())
            .bind(&checked.tracking_number)
            .bind(now)
            .bind(row.id)
            .bind(user.id)
            .bind(checked.claims_file_id())
            .fetch_optional(&mut *tx)
            .await?
        }
        None => Some(
            sqlx::query_scalar(
                "INSERT INTO tickets (created_by, form_json, status, facility_id, mco_id, \
                 complaint_type, rin_last4, tracking_number, mco_received_on, created_at, \
                 updated_at) VALUES ($1, $2, 'submitted', $3, $4, $5, $6, $7, $8, $9, $9) \
                 RETURNING id",
            )
            .bind(user.id)
            .bind(&form_json)
            .bind(checked.facility_id)
            .bind(checked.mco_id)
            .bind(tickets::key_of(checked.complaint_type))
            .bind(checked.rin_last4())
            .bind(&checked.tracking_number)
            .bind(checked.mco_received_on.to_string())
            .bind(now)
            .fetch_one(&mut *tx)
            .await?,
        ),
    };
    let Some(id) = id else {
        // Submitted (or deleted) by another request since it was read.
        drop(tx);
        let row = drafts::own(&state, &user, draft.map_or(0, |d| d.id)).await?;
        return already_submitted(&state, &user, row.id).await;
    };
    // Expedited: the issue stops a member from getting care now (the launch notice).
    sqlx::query("UPDATE tickets SET expedited = $1 WHERE id = $2")
        .bind(i64::from(checked.access_to_care))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if let Some((file_id, bytes, claims)) = &claims {
        // The file read above is still the draft's, the same bytes (the transaction holds the
        // lock from here on).
        if !claims::is_still_the_file(&mut tx, id, *file_id, bytes).await? {
            return Err(ApiError::conflict(CLAIMS_FILE_CHANGED));
        }
        claims::insert_claims(&mut tx, id, claims).await?;
    } else {
        // A draft that held a template and then became a single-claim ticket: the file is not part
        // of the ticket, and it holds other members' details, so it goes.
        sqlx::query("DELETE FROM ticket_attachments WHERE ticket_id = $1 AND purpose = 'claims'")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tickets::save_events(
        &mut tx,
        id,
        &events,
        timeline.status,
        timeline.closed_reason,
    )
    .await?;
    tickets::add_history(
        &mut *tx,
        id,
        today,
        tickets::party_key(Party::Provider),
        Some(user.id),
        "submit",
        "Ticket submitted",
        None,
    )
    .await?;
    let number = rules::tickets::ticket_number(id, today);
    let present_by = timeline.deadline(ClockKey::PresentToMco).map(|d| d.due_on);
    let link = state.mail.ticket_link(id);
    let tracking = form.tracking_number.trim().to_owned();
    let t = notices::TicketRef {
        number: &number,
        tracking: &tracking,
        link: &link,
    };
    for notice in [
        notices::ticket_received(&t, present_by),
        notices::ticket_submitted_to_hfs(&t, present_by),
    ] {
        outbox::send_about_ticket(&mut tx, &state.mail, &notice.message, notice.to, id, None)
            .await?;
    }
    // The entry commits with the ticket (one transaction, not two).
    tickets::audit(&mut *tx, user.id, Some(id), "submitted_ticket").await?;
    tx.commit().await?;
    tracing::info!(ticket_id = id, "ticket submitted");

    let row = tickets::visible(&state.pool, &user, id).await?;
    let detail = tickets::detail(&state, &user, &row).await?;
    Ok((StatusCode::CREATED, Json(detail)).into_response())
}

/// The answer to submitting a draft that is already a ticket: 200 with that ticket.
async fn already_submitted(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> Result<Response, ApiError> {
    let row = tickets::visible(&state.pool, user, id).await?;
    let detail: TicketDetail = tickets::detail(state, user, &row).await?;
    tickets::audit(&state.pool, user.id, Some(id), "viewed_ticket").await?;
    Ok((StatusCode::OK, Json(detail)).into_response())
}

// ---------------------------------------------------------------------------------------------
// Lists and the ticket page

/// `GET /api/tickets?status=&mco_id=&facility_id=&overdue=true&follow_up=open&sort=deadline|submitted|newest|number&q=`:
/// the tickets the session may see (`q`: `crate::search`). `deadline` (the default): in the MCO's
/// and HFS's queues open expedited tickets first; then tickets with a clock overdue, the longest
/// overdue first; then the soonest pending clock first, tickets with none last. `overdue=true`
/// keeps only the open tickets with a clock overdue; `follow_up=open` only those whose follow-up
/// waits for HFS.
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    RawQuery(query): RawQuery,
    paging: Paging,
) -> Result<Paged<TicketSummary>, ApiError> {
    Ok(paging.page(listed(&state, &user, query.as_deref()).await?))
}

/// The list of `GET /api/tickets` for the query string `query` (also `GET /api/tickets.csv`'s).
pub(crate) async fn listed(
    state: &AppState,
    user: &CurrentUser,
    query: Option<&str>,
) -> Result<Vec<TicketSummary>, ApiError> {
    let params = query_params(
        query,
        &[
            "status",
            "mco_id",
            "facility_id",
            "overdue",
            "follow_up",
            "sort",
            "q",
        ],
    )?;
    let status = params
        .get("status")
        .map(|text| {
            tickets::parse_key::<Status>(text)
                .filter(|s| *s != Status::Draft)
                .ok_or_else(|| {
                    ApiError::from(FieldErrors::one(
                        "status",
                        "status must be submitted, with_mco, info_requested, mco_responded, \
                         contested, hfs_review or closed",
                    ))
                })
        })
        .transpose()?;
    let mco_id = id_param(&params, "mco_id")?;
    let facility_id = id_param(&params, "facility_id")?;
    let sort = match params.get("sort").map(String::as_str) {
        None | Some("deadline") => Sort::Deadline,
        Some("submitted") => Sort::Submitted,
        Some("newest") => Sort::Newest,
        Some("number") => Sort::Number,
        Some(_) => {
            return Err(FieldErrors::one(
                "sort",
                "sort must be deadline, submitted, newest or number",
            )
            .into())
        }
    };
    let overdue_only = match params.get("overdue").map(String::as_str) {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(FieldErrors::one("overdue", "overdue must be true or false").into()),
    };
    let follow_up_only = match params.get("follow_up").map(String::as_str) {
        None => false,
        Some("open") => true,
        Some(_) => return Err(FieldErrors::one("follow_up", "follow_up must be open").into()),
    };

    let (access, param) = tickets::access_clause(user);
    let rows = sqlx::query(&format!(
        "{SELECT_TICKETS} WHERE {access} AND ($2 IS NULL OR t.mco_id = $2) \
         AND ($3 IS NULL OR t.facility_id = $3) AND {}",
        crate::search::clause(4)
    ))
    .bind(param)
    .bind(mco_id)
    .bind(facility_id)
    .bind(params.get("q").and_then(|q| crate::search::normalize(q)))
    .fetch_all(&state.pool)
    .await?;

    let current = state.calendar().await?;
    let today = time::today();
    let mut listed: Vec<(TicketSummary, Option<NaiveDate>)> = Vec::with_capacity(rows.len());
    for row in &rows {
        let row = TicketRow::from_row(row)?;
        let timeline = row.timeline(&current.calendar, today);
        let summary = row.summary(timeline.as_ref());
        if status.is_some_and(|s| s != summary.status)
            || (follow_up_only && !summary.follow_up_open)
        {
            continue;
        }
        let overdue = timeline.as_ref().and_then(overdue_since);
        if overdue_only && overdue.is_none() {
            continue;
        }
        listed.push((summary, overdue));
    }
    let queue = user.role.is_hfs() || user.role == Role::Mco;
    match sort {
        Sort::Deadline => listed.sort_by_key(|(summary, overdue)| {
            let next = summary.deadlines.first().map(|d| d.due_on);
            (
                // Expedited tickets first in the HFS and MCO queues (the launch notice).
                !(queue && summary.expedited && summary.status != Status::Closed),
                overdue.is_none(),
                *overdue,
                next.is_none(),
                next,
                Reverse(summary.id),
            )
        }),
        Sort::Submitted => {
            listed.sort_by_key(|(summary, _)| (summary.submitted_on.clone(), summary.id));
        }
        Sort::Newest => listed.sort_by_key(|(summary, _)| {
            (Reverse(summary.submitted_on.clone()), Reverse(summary.id))
        }),
        Sort::Number => listed.sort_by_key(|(summary, _)| summary.id),
    }
    Ok(listed.into_iter().map(|(summary, _)| summary).collect())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sort {
    Deadline,
    Submitted,
    Newest,
    Number,
}

/// `GET /api/ticket-facilities`: the facilities of the tickets the session may see, by name, for
/// the queues' facility filter (`[{"id","name"}]`, paged like every list).
async fn ticket_facilities(
    State(state): State<AppState>,
    user: CurrentUser,
    RawQuery(query): RawQuery,
    paging: Paging,
) -> Result<Paged<TicketFacility>, ApiError> {
    query_params(query.as_deref(), &[])?;
    let (access, param) = tickets::access_clause(&user);
    let rows = sqlx::query(&format!(
        "SELECT DISTINCT f.id AS id, f.name AS name FROM tickets t \
         JOIN facilities f ON f.id = t.facility_id WHERE {access} ORDER BY f.name, f.id"
    ))
    .bind(param)
    .fetch_all(&state.pool)
    .await?;
    let mut list = Vec::with_capacity(rows.len());
    for row in &rows {
        list.push(TicketFacility {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
        });
    }
    Ok(paging.page(list))
}

/// The earliest due date of a clock missed and still not done, on an open ticket.
fn overdue_since(timeline: &Timeline) -> Option<NaiveDate> {
    if timeline.status == Status::Closed {
        return None;
    }
    timeline
        .deadlines
        .iter()
        .filter(|d| d.state == ClockState::Missed && d.met_on.is_none())
        .map(|d| d.due_on)
        .min()
}

/// `GET /api/tickets/{id}` (audited `viewed_ticket`).
async fn read(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<TicketDetail>, ApiError> {
    // One connection and one query for the access check and the ticket with its parts (only a
    // template ticket's claims and a review's people are read after).
    let mut conn = state.pool.acquire().await?;
    let (row, parts) = tickets::visible_with_parts(&mut conn, &user, id).await?;
    // The entry is committed (with those of other reads) while the ticket is read; the ticket is
    // answered only once its entry is in the database. The connection goes back to the pool as
    // soon as the ticket is read, before waiting for the entry: the audit writer needs one.
    let event = AuditEvent::by(user.id, "viewed_ticket").ticket(row.id);
    let read = async {
        let detail = tickets::detail_of(&state, &mut conn, &user, &row, parts).await;
        drop(conn);
        detail
    };
    let (audited, detail) = tokio::join!(state.audit.record(event), read);
    audited?;
    Ok(Json(detail?))
}

// ---------------------------------------------------------------------------------------------
// Files

/// `POST /api/tickets/{id}/attachments`: a file from a party with access, while the ticket is
/// open; the provider's only while it has something to send (information asked for, or a review).
async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let row = tickets::visible(&state.pool, &user, id).await?;
    let current = state.calendar().await?;
    let status = row
        .timeline(&current.calendar, time::today())
        .map_or(row.status, |t| t.status);
    let party = row.party_of(&user);
    // On a closed ticket, only the files of a follow-up (the provider's report, HFS's answer).
    let follow_up = status == Status::Closed
        && rules::tickets::allowed_steps(
            &current.calendar,
            &row.events(),
            &row.workflow(),
            tickets::actor_of(&user),
            time::today(),
        )
        .iter()
        .any(|k| matches!(*k, "report_unresolved" | "close_follow_up"));
    if status == Status::Closed && !follow_up {
        return Err(ApiError::conflict(TICKET_CLOSED));
    }
    if party == Party::Provider
        && !matches!(
            status,
            Status::InfoRequested | Status::Contested | Status::HfsReview | Status::Closed
        )
    {
        return Err(ApiError::conflict(PROVIDER_FILES_WHEN));
    }
    let body = body_bytes(body)?;
    let attachment = attachments::store_attachment(
        &state.pool,
        row.id,
        &user,
        tickets::party_key(party),
        &headers,
        &body,
        state.security.stored_bytes_per_user,
    )
    .await?;
    tickets::audit(&state.pool, user.id, Some(row.id), "uploaded_attachment").await?;
    Ok((StatusCode::CREATED, Json(attachment)).into_response())
}

/// `GET /api/tickets/{id}/attachments/{att}`: the bytes (audited `downloaded_attachment`).
async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, attachment_id)): Path<(i64, i64)>,
) -> Result<Response, ApiError> {
    let row = tickets::visible(&state.pool, &user, id).await?;
    let response = attachments::download(&state.pool, row.id, attachment_id).await?;
    tickets::audit(&state.pool, user.id, Some(row.id), "downloaded_attachment").await?;
    Ok(response)
}

// ---------------------------------------------------------------------------------------------
// Fines

/// `GET /api/fines`: MCO users their MCO's, HFS every one; newest first.
/// `GET /api/fines/totals`: the count and sum of the fines of each MCO the user may see (an MCO
/// user's own; every fined MCO for HFS), by MCO name: one row per MCO, whatever page of
/// `GET /api/fines` the page shows.
async fn fine_totals(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<FineTotal>>, ApiError> {
    let mco_id = match user.role {
        Role::Mco => Some(user.mco_id.ok_or(ApiError::forbidden(NOT_ALLOWED))?),
        Role::HfsStaff | Role::HfsAdmin => None,
        Role::Provider => return Err(ApiError::forbidden(NOT_ALLOWED)),
    };
    let rows = sqlx::query(
        "SELECT f.mco_id, m.name AS mco_name, COUNT(*) AS fines, CAST(SUM(f.amount_cents) AS BIGINT) AS cents \
         FROM fines f JOIN mcos m ON m.id = f.mco_id \
         WHERE $1 IS NULL OR f.mco_id = $1 GROUP BY f.mco_id, m.name ORDER BY m.name, f.mco_id",
    )
    .bind(mco_id)
    .fetch_all(&state.pool)
    .await?;
    let totals = rows
        .iter()
        .map(|row| {
            Ok(FineTotal {
                mco_id: row.try_get("mco_id")?,
                mco_name: row.try_get("mco_name")?,
                count: row.try_get("fines")?,
                amount_cents: row.try_get("cents")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Json(totals))
}

async fn fines(
    State(state): State<AppState>,
    user: CurrentUser,
    paging: Paging,
) -> Result<Paged<FineEntry>, ApiError> {
    let mco_id = match user.role {
        Role::Mco => Some(user.mco_id.ok_or(ApiError::forbidden(NOT_ALLOWED))?),
        Role::HfsStaff | Role::HfsAdmin => None,
        Role::Provider => return Err(ApiError::forbidden(NOT_ALLOWED)),
    };
    let rows = sqlx::query(
        "SELECT f.ticket_id, f.mco_id, m.name AS mco_name, f.amount_cents, f.fined_on, \
           f.sanction_notice_due_on, t.submitted_on \
         FROM fines f JOIN mcos m ON m.id = f.mco_id JOIN tickets t ON t.id = f.ticket_id \
         WHERE $1 IS NULL OR f.mco_id = $1 ORDER BY f.fined_on DESC, f.id DESC",
    )
    .bind(mco_id)
    .fetch_all(&state.pool)
    .await?;
    let entries = rows
        .iter()
        .map(|row| {
            let ticket_id: i64 = row.try_get("ticket_id")?;
            let submitted_on: Option<String> = row.try_get("submitted_on")?;
            Ok(FineEntry {
                ticket_id,
                number: submitted_on
                    .as_deref()
                    .and_then(rules::dates::parse_iso_date)
                    .map(|on| rules::tickets::ticket_number(ticket_id, on))
                    .unwrap_or_default(),
                mco_id: row.try_get("mco_id")?,
                mco_name: row.try_get("mco_name")?,
                amount_cents: row.try_get("amount_cents")?,
                fined_on: row.try_get("fined_on")?,
                sanction_notice_due_on: row.try_get("sanction_notice_due_on")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(paging.page(entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_parameters_are_known_and_single() {
        let params = query_params(Some("sort=number&mco_id=3"), &["sort", "mco_id"]).unwrap();
        assert_eq!(params.get("sort").map(String::as_str), Some("number"));
        assert_eq!(id_param(&params, "mco_id").unwrap(), Some(3));
        assert!(query_params(Some("sort=a&sort=b"), &["sort"]).is_err());
        assert!(query_params(Some("rin=123456789"), &["sort"]).is_err());
        let params = query_params(Some("mco_id=x"), &["mco_id"]).unwrap();
        assert!(id_param(&params, "mco_id").is_err());
    }
}
