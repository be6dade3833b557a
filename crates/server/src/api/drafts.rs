//! Drafts (`docs/tickets.md`): a ticket being entered, kept on the server as the provider goes
//! (never in browser storage: it holds protected health information). A draft is a `tickets` row
//! with status `draft`, seen only by the provider user who started it; anyone else gets 404.
//! - `POST /api/drafts`, `GET /api/drafts`, `GET|PUT|DELETE /api/drafts/{id}`;
//! - `POST /api/drafts/{id}/attachments` (raw bytes), `GET|DELETE /api/drafts/{id}/attachments/{att}`;
//! - the claims template, `PUT|DELETE /api/drafts/{id}/claims`, is `api::claims`'s.
//!
//! A draft stores any partial form; only what cannot be stored is refused (a facility not the
//! provider's, an MCO not on the list, a date that does not exist: `rules::tickets::check_draft`).
//! Reading a draft, and downloading one of its files, is audited.
//!
//! The form's `claims_file_id` is the server's to set: it always names the draft's claims template
//! (or nothing), whatever a `PUT` sends, so that a page saved before an upload cannot lose it.
//!
//! May import: any module below `api` (not `cli`, `demo`, `fallback`), `api::body`, `api::fields`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rules::tickets::FormContext;
use rules::timeline::Status;
use rules::wire::tickets::{Attachment, Draft, TicketForm};

use crate::api::body::{body_bytes, JsonBody};
use crate::api::paging::{Paged, Paging};
use crate::attachments::{self, UPLOAD_BODY_LIMIT};
use crate::audit::{self, AuditEvent};
use crate::auth::{ApprovedProvider, CurrentUser};
use crate::claims;
use crate::error::{ApiError, FieldErrors};
use crate::state::AppState;
use crate::tickets::{self, TicketRow, SELECT_TICKETS};
use crate::time::{now_utc_millis, rfc3339};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/drafts", get(list).post(create))
        .route("/drafts/{id}", get(read).put(replace).delete(remove))
        .route(
            "/drafts/{id}/attachments",
            post(upload).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route(
            "/drafts/{id}/attachments/{attachment_id}",
            get(download).delete(remove_attachment),
        )
}

/// The 409 of a change to a draft that has become a ticket.
pub const ALREADY_SUBMITTED: &str =
    "This ticket has already been submitted: it can no longer be changed here";

/// The row `id` if `user` started it (a draft, or the ticket it became), else 404.
pub async fn own(state: &AppState, user: &CurrentUser, id: i64) -> Result<TicketRow, ApiError> {
    if user.require_provider().is_err() {
        return Err(tickets::refused(&state.pool, user, id, "not a provider's draft").await);
    }
    match tickets::load(&state.pool, id).await? {
        Some(row) if row.created_by == user.id => Ok(row),
        Some(_) => Err(tickets::refused(&state.pool, user, id, "another user's draft").await),
        None => Err(tickets::refused(&state.pool, user, id, "no such draft").await),
    }
}

/// [`own`], and still a draft (else 409).
pub async fn own_draft(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> Result<TicketRow, ApiError> {
    let row = own(state, user, id).await?;
    if row.status == Status::Draft {
        Ok(row)
    } else {
        Err(ApiError::conflict(ALREADY_SUBMITTED))
    }
}

/// What a provider's form is checked against: their facilities and the active MCOs.
pub async fn form_context(state: &AppState, user: &CurrentUser) -> Result<FormContext, ApiError> {
    Ok(FormContext {
        facility_ids: tickets::user_facility_ids(&state.pool, user.id).await?,
        mco_ids: tickets::active_mco_ids(&state.pool).await?,
    })
}

/// A `TicketForm` body that can be stored, as JSON, its `claims_file_id` that of the draft
/// `draft_id`'s claims template (none for a new draft).
async fn storable_form(
    state: &AppState,
    user: &CurrentUser,
    draft_id: Option<i64>,
    mut form: TicketForm,
) -> Result<String, ApiError> {
    form.claims_file_id = match draft_id {
        Some(id) => claims::file_id(&state.pool, id).await?,
        None => None,
    };
    rules::tickets::check_draft(&form, &form_context(state, user).await?)
        .map_err(|errors| ApiError::Validation(FieldErrors::from(errors)))?;
    Ok(serde_json::to_string(&form).unwrap_or_else(|_| "{}".to_owned()))
}

/// The draft as the wire shows it. Its attachments end with its claims template, if any (the one
/// `form.claims_file_id` names).
pub(crate) async fn draft_of(state: &AppState, row: &TicketRow) -> Result<Draft, ApiError> {
    let mut attachments = attachments::attachments(&state.pool, row.id).await?;
    attachments.extend(claims::file(&state.pool, row.id).await?);
    Ok(Draft {
        id: row.id,
        form: row.form(),
        attachments,
        updated_at: rfc3339(row.updated_at),
        ticket_id: (row.status != Status::Draft).then_some(row.id),
    })
}

/// `POST /api/drafts`: a new draft with the form so far. 201.
async fn create(
    State(state): State<AppState>,
    ApprovedProvider(user): ApprovedProvider,
    JsonBody(form): JsonBody<TicketForm>,
) -> Result<Response, ApiError> {
    let form_json = storable_form(&state, &user, None, form).await?;
    let now = now_utc_millis();
    // One statement: the count and the insert cannot be split by another request.
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO tickets (created_by, form_json, status, created_at, updated_at) \
         SELECT $1, $2, 'draft', $3, $3 WHERE (SELECT COUNT(*) FROM tickets \
           WHERE created_by = $1 AND status = 'draft') < $4 RETURNING id",
    )
    .bind(user.id)
    .bind(&form_json)
    .bind(now)
    .bind(state.security.drafts_per_user)
    .fetch_optional(&state.pool)
    .await?;
    let id = id.ok_or_else(|| ApiError::conflict(crate::limits::TOO_MANY_DRAFTS))?;
    let row = tickets::load(&state.pool, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let draft = draft_of(&state, &row).await?;
    tickets::audit(&state.pool, user.id, Some(id), "saved_draft").await?;
    Ok((StatusCode::CREATED, Json(draft)).into_response())
}

/// `GET /api/drafts`: the user's drafts not yet submitted, last changed first.
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    paging: Paging,
) -> Result<Paged<Draft>, ApiError> {
    user.require_provider()?;
    let rows = sqlx::query(&format!(
        "{SELECT_TICKETS} WHERE t.created_by = $1 AND t.status = 'draft' \
         ORDER BY t.updated_at DESC, t.id DESC"
    ))
    .bind(user.id)
    .fetch_all(&state.pool)
    .await?;
    let page = paging.page(rows);
    let mut drafts = Vec::with_capacity(page.items.len());
    for row in &page.items {
        drafts.push(draft_of(&state, &TicketRow::from_row(row)?).await?);
    }
    // Each draft holds protected health information: who listed which is audited.
    if !drafts.is_empty() {
        let ids: Vec<String> = drafts.iter().map(|d| d.id.to_string()).collect();
        audit::record(
            &state.pool,
            AuditEvent::by(user.id, "listed_drafts").detail(format!("drafts {}", ids.join(", "))),
        )
        .await?;
    }
    Ok(Paged {
        items: drafts,
        total: page.total,
    })
}

/// `GET /api/drafts/{id}` (audited `viewed_draft`). A submitted draft answers with its `ticket_id`.
async fn read(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Draft>, ApiError> {
    let row = own(&state, &user, id).await?;
    tickets::audit(&state.pool, user.id, Some(row.id), "viewed_draft").await?;
    Ok(Json(draft_of(&state, &row).await?))
}

/// `PUT /api/drafts/{id}`: replaces the form. 200 `Draft`; 409 once submitted.
async fn replace(
    State(state): State<AppState>,
    ApprovedProvider(user): ApprovedProvider,
    Path(id): Path<i64>,
    JsonBody(form): JsonBody<TicketForm>,
) -> Result<Json<Draft>, ApiError> {
    own_draft(&state, &user, id).await?;
    let form_json = storable_form(&state, &user, Some(id), form).await?;
    let updated = sqlx::query(
        "UPDATE tickets SET form_json = $1, updated_at = $2 \
         WHERE id = $3 AND created_by = $4 AND status = 'draft'",
    )
    .bind(&form_json)
    .bind(now_utc_millis())
    .bind(id)
    .bind(user.id)
    .execute(&state.pool)
    .await?;
    if updated.rows_affected() == 0 {
        // Submitted (or deleted) since the check above.
        own_draft(&state, &user, id).await?;
    }
    let row = own(&state, &user, id).await?;
    let draft = draft_of(&state, &row).await?;
    tickets::audit(&state.pool, user.id, Some(id), "saved_draft").await?;
    Ok(Json(draft))
}

/// `DELETE /api/drafts/{id}`: the draft and its files. 204; 409 once submitted.
async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    own_draft(&state, &user, id).await?;
    let mut tx = state.pool.begin().await?;
    // The audit entries stay as they are (never changed); the log shows a ticket's entries from
    // its creation on, so an id SQLite gives again later is not mixed up with this draft's. The
    // first statement writes, so nothing can submit the draft in between.
    audit::record(
        &mut *tx,
        AuditEvent::by(user.id, "deleted_draft").ticket(id),
    )
    .await?;
    let deleted = sqlx::query(
        "DELETE FROM tickets WHERE id = $1 AND created_by = $2 AND status = 'draft' RETURNING id",
    )
    .bind(id)
    .bind(user.id)
    .fetch_optional(&mut *tx)
    .await?;
    if deleted.is_none() {
        // Submitted since the check above: nothing changes.
        drop(tx);
        own_draft(&state, &user, id).await?;
        return Err(ApiError::conflict(ALREADY_SUBMITTED));
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/drafts/{id}/attachments`: raw bytes, `X-File-Name`. 201 `Attachment`.
async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    user.require_approved_provider()?;
    own_draft(&state, &user, id).await?;
    let body = body_bytes(body)?;
    let attachment: Attachment = attachments::store_attachment(
        &state.pool,
        id,
        &user,
        "provider",
        &headers,
        &body,
        state.security.stored_bytes_per_user,
    )
    .await?;
    tickets::audit(&state.pool, user.id, Some(id), "uploaded_attachment").await?;
    Ok((StatusCode::CREATED, Json(attachment)).into_response())
}

/// `GET /api/drafts/{id}/attachments/{att}`: the bytes (audited `downloaded_attachment`).
async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, attachment_id)): Path<(i64, i64)>,
) -> Result<Response, ApiError> {
    let row = own(&state, &user, id).await?;
    let response = attachments::download(&state.pool, row.id, attachment_id).await?;
    tickets::audit(&state.pool, user.id, Some(row.id), "downloaded_attachment").await?;
    Ok(response)
}

/// `DELETE /api/drafts/{id}/attachments/{att}`. 204; 404 when the draft has no such file. The
/// claims template goes as `DELETE /api/drafts/{id}/claims` does (the form forgets it too).
async fn remove_attachment(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, attachment_id)): Path<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    own_draft(&state, &user, id).await?;
    if claims::file_id(&state.pool, id).await? == Some(attachment_id) {
        if claims::remove_draft_file(&state.pool, id, &user).await? {
            return Ok(StatusCode::NO_CONTENT);
        }
        own_draft(&state, &user, id).await?;
        return Err(ApiError::NotFound);
    }
    let deleted = sqlx::query(
        "DELETE FROM ticket_attachments WHERE id = $1 AND ticket_id = $2 \
         AND EXISTS (SELECT 1 FROM tickets WHERE id = $2 AND status = 'draft')",
    )
    .bind(attachment_id)
    .bind(id)
    .execute(&state.pool)
    .await?;
    if deleted.rows_affected() == 1 {
        return Ok(StatusCode::NO_CONTENT);
    }
    // Submitted since the check above (409), or no such file (404).
    own_draft(&state, &user, id).await?;
    Err(ApiError::NotFound)
}
