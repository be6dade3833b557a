//! Claims templates on the server (issue 6, `docs/claims.md`): what a file is checked against, the
//! check itself (`rules::claims::check_file`, the very code the browser's Web Worker runs: the
//! server never trusts the browser's report), the draft's template file, and the claims of a
//! submitted template ticket (`ticket_claims`).
//!
//! The file is kept with the ticket in `ticket_attachments` (`purpose = 'claims'`, at most one per
//! draft or ticket, not counted among its files); `tickets.claims_file_id` and the form's
//! `claims_file_id` point at it. The RIN of each claim is protected health information: the page
//! shows it masked (`ClaimRow`), and no log line names it.
//!
//! May import: `state`, `auth`, `error`, `time`, `attachments`.

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap};
use chrono::NaiveDate;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use rules::identifiers::Rin;
use rules::wire::claims::{Claim, ClaimRow, ClaimsContext, ClaimsRefusal, ClaimsReport};
use rules::wire::tickets::{Attachment, TicketForm};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyExecutor, AnyPool, Row};

use crate::attachments::{self, FILE_NAME_HEADER};
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::state::AppState;
use crate::time::now_utc_millis;

/// The body limit of `PUT /api/drafts/{id}/claims`: above the rules' 10 MB, so that a file of 10
/// to 12 MB gets the rules' own message ("smaller than 10MB"); beyond it, a 413 before (or
/// without) reading the rest of the body.
pub const CLAIMS_BODY_LIMIT: usize = 12 * 1024 * 1024;
const _: () = assert!(CLAIMS_BODY_LIMIT > rules::sheet::MAX_FILE_BYTES);

/// The field of the claims template's errors (`POST /api/tickets` and the upload).
pub const CLAIMS_FIELD: &str = "claims_file";

/// The 413's message (the rules' limit in the user's words).
pub const TOO_LARGE_MESSAGE: &str = rules::sheet::TOO_BIG_MESSAGE;

/// What a form's claims template is checked against on `today`: the form's MCO (its name and
/// short name), its facility's Medicaid ID, its complaint type, and HFS's calendar. A form without
/// an MCO or a facility yet leaves that check to the submission.
pub async fn context(
    state: &AppState,
    form: &TicketForm,
    today: NaiveDate,
) -> Result<ClaimsContext, ApiError> {
    let current = state.calendar().await?;
    let mut mco_names = Vec::new();
    if let Some(mco_id) = form.mco_id {
        if let Some(row) = sqlx::query("SELECT name, short_name FROM mcos WHERE id = $1")
            .bind(mco_id)
            .fetch_optional(&state.pool)
            .await?
        {
            for column in ["name", "short_name"] {
                let name: String = row.try_get(column)?;
                if !name.trim().is_empty() {
                    mco_names.push(name);
                }
            }
        }
    }
    let facility_medicaid_id = match form.facility_id {
        Some(facility_id) => {
            sqlx::query_scalar::<_, String>("SELECT medicaid_id FROM facilities WHERE id = $1")
                .bind(facility_id)
                .fetch_optional(&state.pool)
                .await?
                .unwrap_or_default()
        }
        None => String::new(),
    };
    Ok(ClaimsContext {
        today,
        calendar_changes: current.changes.clone(),
        mco_names,
        facility_medicaid_id,
        complaint_type: form.complaint_type,
    })
}

/// How many files are read at once: a hostile 10 MB workbook may take about 100 MB and a second
/// to refuse, so uploads wait their turn rather than exhaust the server's memory.
const CONCURRENT_CHECKS: usize = 2;

static CHECKS: std::sync::LazyLock<tokio::sync::Semaphore> =
    std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(CONCURRENT_CHECKS));

/// `rules::claims::check_file` on a blocking thread (reading a 10 MB workbook takes a while), at
/// most [`CONCURRENT_CHECKS`] at a time.
pub async fn check(bytes: Bytes, ctx: ClaimsContext) -> Result<ClaimsReport, ApiError> {
    let _permit = CHECKS
        .acquire()
        .await
        .map_err(|_| ApiError::Internal("the claims check stopped"))?;
    tokio::task::spawn_blocking(move || rules::claims::check_file(&bytes, &ctx))
        .await
        .map_err(|_| ApiError::Internal("the claims check stopped"))
}

/// The 422 of a file that cannot go with the ticket: the file's error or the summary line under
/// `claims_file`, and the problems.
pub fn refusal(report: &ClaimsReport) -> ApiError {
    let message = report
        .file_error
        .clone()
        .unwrap_or_else(|| rules::claims::summary(report));
    let mut refusal = ClaimsRefusal {
        problems: report.problems.clone(),
        problem_count: report.problem_count,
        ..ClaimsRefusal::default()
    };
    refusal
        .errors
        .insert(CLAIMS_FIELD.to_owned(), vec![message]);
    ApiError::Claims(refusal)
}

/// A 422 under `claims_file` with one message and no problems.
pub fn refusal_message(message: &str) -> ApiError {
    let mut refusal = ClaimsRefusal::default();
    refusal
        .errors
        .insert(CLAIMS_FIELD.to_owned(), vec![message.to_owned()]);
    ApiError::Claims(refusal)
}

/// The upload's bytes, at most [`CLAIMS_BODY_LIMIT`]: a `Content-Length` above it is refused at
/// once (nothing is read), a body without one as soon as it passes the limit.
pub async fn read_upload(headers: &HeaderMap, body: Body) -> Result<Bytes, ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > CLAIMS_BODY_LIMIT as u64) {
        return Err(ApiError::FileTooLarge(TOO_LARGE_MESSAGE.to_owned()));
    }
    match Limited::new(body, CLAIMS_BODY_LIMIT).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.downcast_ref::<LengthLimitError>().is_some() => {
            Err(ApiError::FileTooLarge(TOO_LARGE_MESSAGE.to_owned()))
        }
        Err(_) => Err(refusal_message(
            "The selected file could not be read. Select it again",
        )),
    }
}

/// The stored type of a checked file (`csv` or `xlsx`).
fn content_type_of(report: &ClaimsReport) -> &'static str {
    match report.format.as_deref() {
        Some("xlsx") => rules::tickets::CONTENT_TYPE_XLSX,
        _ => rules::tickets::CONTENT_TYPE_CSV,
    }
}

/// `form` with `claims_file_id` set to `file_id`, as stored JSON.
fn with_claims_file(form_json: &str, file_id: Option<i64>) -> String {
    let mut form: TicketForm = serde_json::from_str(form_json).unwrap_or_default();
    form.claims_file_id = file_id;
    serde_json::to_string(&form).unwrap_or_else(|_| "{}".to_owned())
}

/// Whether the draft `draft_id` of `user` is still a draft; the first statement of each change to
/// its template (a write: the transaction holds the lock from here, so the draft cannot be
/// submitted in between). `false`: submitted or deleted meanwhile.
async fn lock_draft(
    conn: &mut AnyConnection,
    draft_id: i64,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE tickets SET updated_at = $1 WHERE id = $2 AND created_by = $3 AND status = 'draft'",
    )
    .bind(now_utc_millis())
    .bind(draft_id)
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// Points the draft (its row and its form) at `file_id`.
async fn point_draft_at(
    conn: &mut AnyConnection,
    draft_id: i64,
    file_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    let form_json: String = sqlx::query_scalar("SELECT form_json FROM tickets WHERE id = $1")
        .bind(draft_id)
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query("UPDATE tickets SET form_json = $1, claims_file_id = $2 WHERE id = $3")
        .bind(with_claims_file(&form_json, file_id))
        .bind(file_id)
        .bind(draft_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The file name an upload's `X-File-Name` gives, cleaned.
pub fn file_name(headers: &HeaderMap) -> String {
    attachments::clean_file_name(
        headers
            .get(FILE_NAME_HEADER)
            .and_then(|value| value.to_str().ok()),
    )
}

/// Stores a checked (ready) template as the claims file of the draft `draft_id` of `user_id`,
/// replacing the previous one, and points the form at it. `None`: the draft was submitted or
/// deleted meanwhile.
pub async fn store_draft_file(
    pool: &AnyPool,
    draft_id: i64,
    user_id: i64,
    file_name: &str,
    bytes: &Bytes,
    report: &ClaimsReport,
) -> Result<Option<Attachment>, ApiError> {
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    let mut tx = pool.begin().await?;
    if !lock_draft(&mut tx, draft_id, user_id).await? {
        return Ok(None);
    }
    sqlx::query("DELETE FROM ticket_attachments WHERE ticket_id = $1 AND purpose = 'claims'")
        .bind(draft_id)
        .execute(&mut *tx)
        .await?;
    let row = sqlx::query(
        "INSERT INTO ticket_attachments (ticket_id, file_name, content_type, size_bytes, bytes, \
           added_by_user, added_by, added_at, purpose) \
         VALUES ($1, $2, $3, $4, $5, $6, 'provider', $7, 'claims') \
         RETURNING id, file_name, content_type, size_bytes, added_by, added_at",
    )
    .bind(draft_id)
    .bind(file_name)
    .bind(content_type_of(report))
    .bind(size)
    .bind(bytes.as_ref())
    .bind(user_id)
    .bind(now_utc_millis())
    .fetch_one(&mut *tx)
    .await?;
    let attachment = attachments::attachment_of(&row)?;
    point_draft_at(&mut tx, draft_id, Some(attachment.id)).await?;
    tx.commit().await?;
    Ok(Some(attachment))
}

/// Removes the draft's claims file (if any) and clears the form's `claims_file_id`. `false`: the
/// draft was submitted or deleted meanwhile.
pub async fn remove_draft_file(
    pool: &AnyPool,
    draft_id: i64,
    user: &CurrentUser,
) -> Result<bool, ApiError> {
    let mut tx = pool.begin().await?;
    if !lock_draft(&mut tx, draft_id, user.id).await? {
        return Ok(false);
    }
    sqlx::query("DELETE FROM ticket_attachments WHERE ticket_id = $1 AND purpose = 'claims'")
        .bind(draft_id)
        .execute(&mut *tx)
        .await?;
    point_draft_at(&mut tx, draft_id, None).await?;
    tx.commit().await?;
    Ok(true)
}

/// The id of the draft's or ticket's claims file, if it has one.
pub async fn file_id<'e, E: AnyExecutor<'e>>(
    executor: E,
    ticket_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM ticket_attachments WHERE ticket_id = $1 AND purpose = 'claims'",
    )
    .bind(ticket_id)
    .fetch_optional(executor)
    .await
}

/// The draft's or ticket's claims file (without its bytes), if it has one.
pub async fn file<'e, E: AnyExecutor<'e>>(
    executor: E,
    ticket_id: i64,
) -> Result<Option<Attachment>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, file_name, content_type, size_bytes, added_by, added_at \
         FROM ticket_attachments WHERE ticket_id = $1 AND purpose = 'claims'",
    )
    .bind(ticket_id)
    .fetch_optional(executor)
    .await?;
    row.as_ref().map(attachments::attachment_of).transpose()
}

/// The bytes of the claims file `file_id` of `ticket_id`, if it is that ticket's claims file.
pub async fn file_bytes(
    pool: &AnyPool,
    ticket_id: i64,
    file_id: i64,
) -> Result<Option<Bytes>, sqlx::Error> {
    let bytes: Option<Vec<u8>> = sqlx::query_scalar(
        "SELECT bytes FROM ticket_attachments WHERE id = $1 AND ticket_id = $2 \
         AND purpose = 'claims'",
    )
    .bind(file_id)
    .bind(ticket_id)
    .fetch_optional(pool)
    .await?;
    Ok(bytes.map(Bytes::from))
}

/// Whether `file_id` is still the claims file of `ticket_id` and holds `bytes` (in the
/// submission's transaction, after the file was read and checked outside it). The id alone does
/// not tell: SQLite gives a new row the largest id plus one, so a template removed or replaced
/// and sent again usually gets the very id of the one it replaced.
pub async fn is_still_the_file(
    conn: &mut AnyConnection,
    ticket_id: i64,
    file_id: i64,
    bytes: &[u8],
) -> Result<bool, sqlx::Error> {
    let same: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM ticket_attachments WHERE id = $1 AND ticket_id = $2 \
         AND purpose = 'claims' AND bytes = $3",
    )
    .bind(file_id)
    .bind(ticket_id)
    .bind(bytes)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(same.is_some())
}

/// Stores the claims of a submitted template ticket, one row each (in the submission's
/// transaction).
pub async fn insert_claims(
    conn: &mut AnyConnection,
    ticket_id: i64,
    claims: &[Claim],
) -> Result<(), sqlx::Error> {
    for claim in claims {
        // A ready report's RINs read; the last four characters stand in otherwise.
        let last4 = Rin::parse(&claim.rin).map_or_else(
            |_| {
                let chars: Vec<char> = claim.rin.chars().collect();
                chars[chars.len().saturating_sub(4)..].iter().collect()
            },
            |rin| rin.last4().to_owned(),
        );
        sqlx::query(
            "INSERT INTO ticket_claims (ticket_id, row_number, member_first_name, \
               member_last_name, rin, rin_last4, service_from, service_to, claim_number, \
               billed_cents, paid_cents, tracking_number, mco_received_on, issue) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(ticket_id)
        .bind(i64::from(claim.row))
        .bind(&claim.member_first_name)
        .bind(&claim.member_last_name)
        .bind(&claim.rin)
        .bind(last4)
        .bind(&claim.service_from)
        .bind(&claim.service_to)
        .bind(&claim.claim_number)
        .bind(claim.billed_cents)
        .bind(claim.paid_cents)
        .bind(&claim.tracking_number)
        .bind(&claim.mco_received_on)
        .bind(&claim.issue)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

fn claim_of(row: &AnyRow) -> Result<Claim, sqlx::Error> {
    let row_number: i64 = row.try_get("row_number")?;
    Ok(Claim {
        row: u32::try_from(row_number).unwrap_or_default(),
        member_first_name: row.try_get("member_first_name")?,
        member_last_name: row.try_get("member_last_name")?,
        rin: row.try_get("rin")?,
        service_from: row.try_get("service_from")?,
        service_to: row.try_get("service_to")?,
        claim_number: row.try_get("claim_number")?,
        billed_cents: row.try_get("billed_cents")?,
        paid_cents: row.try_get("paid_cents")?,
        tracking_number: row.try_get("tracking_number")?,
        mco_received_on: row.try_get("mco_received_on")?,
        issue: row.try_get("issue")?,
    })
}

/// The claims of a ticket as its page shows them (RIN masked), in row order.
pub async fn rows<'e, E: AnyExecutor<'e>>(
    executor: E,
    ticket_id: i64,
) -> Result<Vec<ClaimRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT row_number, member_first_name, member_last_name, rin, service_from, service_to, \
           claim_number, billed_cents, paid_cents, tracking_number, mco_received_on, issue \
         FROM ticket_claims WHERE ticket_id = $1 ORDER BY row_number",
    )
    .bind(ticket_id)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| claim_of(row).map(|claim| ClaimRow::of(&claim)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_points_at_the_file() {
        let json = with_claims_file(
            r#"{"tracking_number":"AB-1","multiple_claims":true}"#,
            Some(7),
        );
        let form: TicketForm = serde_json::from_str(&json).unwrap();
        assert_eq!(form.claims_file_id, Some(7));
        assert_eq!(form.tracking_number, "AB-1");
        assert_eq!(form.multiple_claims, Some(true));
        let form: TicketForm = serde_json::from_str(&with_claims_file(&json, None)).unwrap();
        assert_eq!(form.claims_file_id, None);
    }

    fn too_large(result: Result<Bytes, ApiError>) -> bool {
        matches!(result, Err(ApiError::FileTooLarge(message)) if message == TOO_LARGE_MESSAGE)
    }

    #[tokio::test]
    async fn a_replaced_template_is_told_apart_from_the_one_read() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("t.db").display());
        let pool = crate::db::connect(&url).await.unwrap();
        let user: i64 = sqlx::query_scalar(
            "INSERT INTO users (username, email, password_hash, role, status, created_at) \
             VALUES ('p', 'p@example.com', 'x', 'provider', 'approved', 0) RETURNING id",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        let draft: i64 = sqlx::query_scalar(
            "INSERT INTO tickets (created_by, form_json, status, created_at, updated_at) \
             VALUES ($1, '{}', 'draft', 0, 0) RETURNING id",
        )
        .bind(user)
        .fetch_one(&pool)
        .await
        .unwrap();
        let report = ClaimsReport::default();
        let mut ids = Vec::new();
        for bytes in [&b"first file"[..], b"second file"] {
            let bytes = Bytes::from(bytes);
            let stored = store_draft_file(&pool, draft, user, "c.csv", &bytes, &report).await;
            ids.push(stored.unwrap().unwrap().id);
        }
        let (first, second) = (ids[0], ids[1]);
        // The replacement has the id of the file it replaced: comparing ids finds no change.
        assert_eq!(first, second);
        let mut conn = pool.acquire().await.unwrap();
        assert!(!is_still_the_file(&mut conn, draft, first, b"first file")
            .await
            .unwrap());
        assert!(is_still_the_file(&mut conn, draft, second, b"second file")
            .await
            .unwrap());
        assert!(
            !is_still_the_file(&mut conn, draft + 1, second, b"second file")
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn uploads_stop_at_the_limit() {
        // Announced too large: refused without reading (the body is not even there).
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_LENGTH, (50 * 1024 * 1024).into());
        assert!(too_large(read_upload(&headers, Body::empty()).await));
        // No length given: read up to the limit, then refused.
        let body = Body::from(vec![b'a'; CLAIMS_BODY_LIMIT + 1]);
        assert!(too_large(read_upload(&HeaderMap::new(), body).await));
        // At the limit: read whole.
        let body = Body::from(vec![b'a'; CLAIMS_BODY_LIMIT]);
        let bytes = read_upload(&HeaderMap::new(), body).await.unwrap();
        assert_eq!(bytes.len(), CLAIMS_BODY_LIMIT);
    }
}
