//! More facilities for an approved provider (docs/accounts.md): the Multiple Provider/Facility
//! Registration Request Template, HFS's decision on each of its rows, and the invitation codes.
//! - `POST /api/facility-requests`, `GET /api/facility-requests`: send a template; one's own rows;
//! - `GET /api/templates/multiple-facility.csv`: the blank template;
//! - `GET /api/hfs/facility-requests?status=...`, `POST /api/hfs/facility-requests/{id}/approve|deny`;
//! - `POST /api/invitations/redeem`: the code HFS emailed attaches the facility to the account.
//!
//! An invitation code is 20 random characters of an alphabet without look-alikes (no 0, O, 1, I,
//! L), single use, good for 30 days; the database keeps only its SHA-256.
//!
//! May import: any module below `api` (not `cli`, `demo`, `fallback`), `api::body`, `api::fields`,
//! `api::registration`.

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use rules::wire::accounts::{
    FacilityRequest, FacilityRequestSent, FacilityRequestStatus, FacilityRow, Redeem,
    RequestedFacility, Session,
};
use serde_json::{Map, Value};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::api::body::JsonBody;
use crate::api::paging::{Paged, Paging};
use crate::api::registration::{
    attach_facility, denial_reason, iso, rule_errors, status_filter, tell_and_commit, text_body,
    text_members, wire_type, NewFacility, Registered,
};
use crate::audit::{self, AuditEvent};
use crate::auth::{self, ApprovedProvider, CurrentUser, Hfs};
use crate::error::{ApiError, FieldErrors};
use crate::notices;
use crate::state::AppState;
use crate::time::{self, now_utc_millis};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/facility-requests", post(send_request).get(my_requests))
        .route("/templates/multiple-facility.csv", get(blank_template))
        .route("/hfs/facility-requests", get(hfs_queue))
        .route("/hfs/facility-requests/{id}/approve", post(approve))
        .route("/hfs/facility-requests/{id}/deny", post(deny))
        .route("/invitations/redeem", post(redeem))
}

/// The template's header; its rows come under `facilities`.
const HEADER_FIELDS: [&str; 3] = ["contact_name", "contact_phone", "contact_email"];
const ROW_FIELDS: [&str; 6] = [
    "contact_email",
    "contact_phone",
    "name",
    "facility_type",
    "medicaid_id",
    "npi",
];

const NOT_PENDING: &str = "This facility request is not waiting for a decision";
pub(crate) const ENTER_CODE: &str = "Enter the invitation code from your email";
pub(crate) const CODE_NOT_VALID: &str = "This invitation code is not valid or has expired";

/// Characters of an invitation code: no 0/O, 1/I/L to mistake for one another.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_CHARS: usize = 20;
const INVITATION_DAYS: i64 = 30;
const DAY_MILLIS: i64 = 24 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// Reading the template

/// The body as a `FacilityRequest`: every problem of shape at once, rows' problems under
/// `facilities.N.column` (rows counted from 1).
fn read_request(mut map: Map<String, Value>) -> Result<FacilityRequest, ApiError> {
    let rows = map.remove("facilities");
    let mut errors = FieldErrors::new();
    let mut request = text_members(&map, &HEADER_FIELDS, "", &mut errors);
    let mut facilities = Vec::new();
    match rows {
        None | Some(Value::Null) => {}
        Some(Value::Array(rows)) => {
            for (index, row) in rows.into_iter().enumerate() {
                let prefix = format!("facilities.{}.", index + 1);
                match row {
                    Value::Object(row) => facilities.push(Value::Object(text_members(
                        &row,
                        &ROW_FIELDS,
                        &prefix,
                        &mut errors,
                    ))),
                    _ => errors.add(
                        format!("facilities.{}", index + 1),
                        format!("Row {}: send each facility as an object", index + 1),
                    ),
                }
            }
        }
        Some(_) => errors.add("facilities", "Send the facilities as a list"),
    }
    errors.into_result()?;
    request.insert("facilities".to_owned(), Value::Array(facilities));
    Ok(wire_type(request))
}

// ---------------------------------------------------------------------------------------------
// The provider

/// `POST /api/facility-requests`: one batch, one row per facility, the review clock of the whole.
async fn send_request(
    State(state): State<AppState>,
    ApprovedProvider(user): ApprovedProvider,
    JsonBody(body): JsonBody<Map<String, Value>>,
) -> Result<impl IntoResponse, ApiError> {
    let input = read_request(body)?;
    let request = rules::accounts::check_facility_request(&input).map_err(rule_errors)?;
    let count = u32::try_from(request.facilities.len()).unwrap_or(u32::MAX);

    let today = time::today();
    let current = state.calendar().await?;
    let due = rules::timeline::registration_review_due(&current.calendar, today, count);
    let now = now_utc_millis();

    let mut tx = state.pool.begin().await?;
    let batch_id: i64 = sqlx::query_scalar(
        "INSERT INTO facility_request_batches (user_id, contact_name, contact_phone, \
         contact_email, requested_on, review_due_on, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(user.id)
    .bind(&request.contact_name)
    .bind(&request.contact_phone)
    .bind(&request.contact_email)
    .bind(iso(today))
    .bind(iso(due))
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    for (index, row) in request.facilities.iter().enumerate() {
        sqlx::query(
            "INSERT INTO facility_requests (batch_id, row_number, contact_email, contact_phone, \
             name, facility_type, medicaid_id, npi) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(batch_id)
        .bind(i64::try_from(index + 1).unwrap_or(i64::MAX))
        .bind(&row.contact_email)
        .bind(&row.contact_phone)
        .bind(&row.name)
        .bind(&row.facility_type)
        .bind(&row.medicaid_id)
        .bind(&row.npi)
        .execute(&mut *tx)
        .await?;
    }
    notices::facility_request_received(count, due)
        .send_to(&mut tx, &[&user.email, &request.contact_email])
        .await?;
    tx.commit().await?;

    Ok((
        StatusCode::CREATED,
        Json(FacilityRequestSent {
            batch_id,
            count,
            requested_on: iso(today),
            review_due_on: iso(due),
        }),
    ))
}

const REQUESTED_FACILITY: &str = "SELECT r.id, r.batch_id, r.contact_email, r.contact_phone, \
     r.name, r.facility_type, r.medicaid_id, r.npi, r.status, r.denial_reason, \
     u.username AS requested_by, u.organization_name AS requester_organization, \
     b.user_id AS requester_id, b.requested_on, b.review_due_on \
     FROM facility_requests r \
     JOIN facility_request_batches b ON b.id = r.batch_id \
     JOIN users u ON u.id = b.user_id";

fn requested_facility(row: &AnyRow) -> Result<RequestedFacility, sqlx::Error> {
    let status: String = row.try_get("status")?;
    Ok(RequestedFacility {
        id: row.try_get("id")?,
        batch_id: row.try_get("batch_id")?,
        row: FacilityRow {
            contact_email: row.try_get("contact_email")?,
            contact_phone: row.try_get("contact_phone")?,
            name: row.try_get("name")?,
            facility_type: row.try_get("facility_type")?,
            medicaid_id: row.try_get("medicaid_id")?,
            npi: row.try_get("npi")?,
        },
        status: match status.as_str() {
            "invited" => FacilityRequestStatus::Invited,
            "redeemed" => FacilityRequestStatus::Redeemed,
            "denied" => FacilityRequestStatus::Denied,
            _ => FacilityRequestStatus::Pending,
        },
        denial_reason: row.try_get("denial_reason")?,
        requested_by: row.try_get("requested_by")?,
        requested_on: row.try_get("requested_on")?,
        review_due_on: row.try_get("review_due_on")?,
        already_registered_to: Vec::new(),
        already_registered: Vec::new(),
        organization_name: row.try_get("requester_organization")?,
    })
}

/// `GET /api/facility-requests`: the user's own rows, newest request first.
async fn my_requests(
    State(state): State<AppState>,
    user: CurrentUser,
    paging: Paging,
) -> Result<Paged<RequestedFacility>, ApiError> {
    user.require_provider()?;
    let rows = sqlx::query(&format!(
        "{REQUESTED_FACILITY} WHERE b.user_id = $1 ORDER BY b.id DESC, r.row_number"
    ))
    .bind(user.id)
    .fetch_all(&state.pool)
    .await?;
    Ok(paging.page(
        rows.iter()
            .map(requested_facility)
            .collect::<Result<_, _>>()?,
    ))
}

/// `GET /api/templates/multiple-facility.csv`: the blank template, to fill in and upload.
async fn blank_template() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"multiple-facility-registration-template.csv\"",
            ),
        ],
        rules::facility_template::blank_csv(),
    )
}

// ---------------------------------------------------------------------------------------------
// HFS

/// `GET /api/hfs/facility-requests?status=pending|invited|redeemed|denied|all`, oldest first.
async fn hfs_queue(
    State(state): State<AppState>,
    user: CurrentUser,
    RawQuery(query): RawQuery,
    paging: Paging,
) -> Result<Paged<RequestedFacility>, ApiError> {
    user.require_hfs()?;
    let status = status_filter(
        query.as_deref(),
        &["pending", "invited", "redeemed", "denied"],
    )?;
    let rows = sqlx::query(&format!(
        "{REQUESTED_FACILITY} WHERE ($1 IS NULL OR r.status = $1) ORDER BY b.id, r.row_number"
    ))
    .bind(status)
    .fetch_all(&state.pool)
    .await?;
    let page = paging.page(rows);
    let mut queue = Vec::with_capacity(page.items.len());
    for row in &page.items {
        queue.push((requested_facility(row)?, row.try_get("requester_id")?));
    }
    // Who else holds each facility: one query for the whole page.
    let registered = Registered::find(
        &state.pool,
        queue
            .iter()
            .map(|(f, _)| (f.row.medicaid_id.as_str(), f.row.npi.as_str())),
    )
    .await?;
    let queue = queue
        .into_iter()
        .map(|(mut facility, requester_id)| {
            facility.already_registered_to =
                registered.of(&facility.row.medicaid_id, &facility.row.npi, requester_id);
            facility.already_registered =
                registered.sharing(&facility.row.medicaid_id, &facility.row.npi, requester_id);
            facility
        })
        .collect();
    Ok(Paged {
        items: queue,
        total: page.total,
    })
}

/// A row's decision just written, with its requester's and its batch's addresses.
struct Decided {
    name: String,
    contact_email: String,
    batch_email: String,
    requester_email: String,
}

/// Decides a pending row inside the decision's transaction (`update` sets the new status and
/// more, binding `?1` = decided_on, `?2` = decided_by, `?3` = the row's id, then its own values
/// from `?4`). The first statement writes, so the transaction holds the write lock from the start
/// and two decisions cannot both pass. 404 if no such row, 409 if it is not pending.
async fn decide(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    decided_by: i64,
    set: &str,
    values: (Option<&str>, Option<i64>),
) -> Result<Decided, ApiError> {
    let updated = sqlx::query(&format!(
        "UPDATE facility_requests SET decided_on = $1, decided_by = $2, {set} \
         WHERE id = $3 AND status = 'pending'"
    ))
    .bind(iso(time::today()))
    .bind(decided_by)
    .bind(id)
    .bind(values.0)
    .bind(values.1)
    .execute(&mut *conn)
    .await?;
    let row = sqlx::query(
        "SELECT r.name, r.contact_email, b.contact_email AS batch_email, \
         u.email AS requester_email \
         FROM facility_requests r \
         JOIN facility_request_batches b ON b.id = r.batch_id \
         JOIN users u ON u.id = b.user_id WHERE r.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(ApiError::NotFound)?;
    if updated.rows_affected() != 1 {
        return Err(ApiError::conflict(NOT_PENDING));
    }
    Ok(Decided {
        name: row.try_get("name")?,
        contact_email: row.try_get("contact_email")?,
        batch_email: row.try_get("batch_email")?,
        requester_email: row.try_get("requester_email")?,
    })
}

/// `POST /api/hfs/facility-requests/{id}/approve`: an invitation code, emailed to the row's
/// contact and to the requester.
async fn approve(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    user.require_hfs()?;
    let code = new_code();
    let expires_at = now_utc_millis() + INVITATION_DAYS * DAY_MILLIS;
    let hash = code_hash(&code);
    let mut tx = state.pool.begin().await?;
    let row = decide(
        &mut tx,
        id,
        user.id,
        "status = 'invited', invitation_hash = $4, invitation_expires_at = $5",
        (Some(&hash), Some(expires_at)),
    )
    .await?;
    let code = display_code(&code);
    // The code in the fragment: the redeem page fills it in, and no server log sees it.
    let link = format!("{}/account/invitation#code={code}", state.mail.public_url);
    let message =
        notices::facility_invitation(&row.name, &code, &link, rules::illinois::today(expires_at));
    audit::record(
        &mut *tx,
        AuditEvent::by(user.id, "facility_request_approved").detail(format!("request {id}")),
    )
    .await?;
    tell_and_commit(tx, message, &[&row.contact_email, &row.requester_email]).await
}

/// `POST /api/hfs/facility-requests/{id}/deny` with a `Denial`.
async fn deny(
    State(state): State<AppState>,
    Hfs(user): Hfs,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<Map<String, Value>>,
) -> Result<StatusCode, ApiError> {
    let reason = denial_reason(body)?;
    let mut tx = state.pool.begin().await?;
    let row = decide(
        &mut tx,
        id,
        user.id,
        "status = 'denied', denial_reason = $4",
        (Some(&reason), None),
    )
    .await?;
    audit::record(
        &mut *tx,
        AuditEvent::by(user.id, "facility_request_denied").detail(format!("request {id}")),
    )
    .await?;
    tell_and_commit(
        tx,
        notices::facility_request_denied(&row.name, &reason),
        &[&row.requester_email, &row.batch_email],
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// Invitations

/// A new code: `CODE_CHARS` characters of `CODE_ALPHABET`, uniformly (bytes past the last whole
/// multiple of the alphabet's length are drawn again).
fn new_code() -> String {
    let limit = u8::try_from(256 / CODE_ALPHABET.len() * CODE_ALPHABET.len()).unwrap_or(u8::MAX);
    let mut code = String::with_capacity(CODE_CHARS);
    let mut buffer = [0u8; 64];
    while code.len() < CODE_CHARS {
        getrandom::getrandom(&mut buffer).expect("the operating system's random numbers");
        for byte in buffer {
            if byte < limit && code.len() < CODE_CHARS {
                code.push(char::from(
                    CODE_ALPHABET[usize::from(byte) % CODE_ALPHABET.len()],
                ));
            }
        }
    }
    code
}

/// As the email shows it: groups of five joined by dashes (`ABCDE-FGHJK-MNPQR-STUVW`).
fn display_code(code: &str) -> String {
    code.as_bytes()
        .chunks(5)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// What was typed, without spaces and dashes, in capitals.
fn normalize_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// SHA-256 of the code, hex: all the database keeps of it.
fn code_hash(code: &str) -> String {
    auth::sha256_hex(code)
}

/// `POST /api/invitations/redeem` with a `Redeem`: the facility of the row becomes the user's (a
/// new record unless an unlinked one matches: [`attach_facility`]); the code is used up.
async fn redeem(
    State(state): State<AppState>,
    ApprovedProvider(user): ApprovedProvider,
    JsonBody(body): JsonBody<Map<String, Value>>,
) -> Result<Json<Session>, ApiError> {
    let input: Redeem = text_body(body, &["code"])?;
    let code = normalize_code(&input.code);
    if code.is_empty() {
        return Err(FieldErrors::one("code", ENTER_CODE).into());
    }
    let not_valid = || ApiError::from(FieldErrors::one("code", CODE_NOT_VALID));

    // The code is used up by the first statement, a write: the transaction holds the write lock
    // from the start, so two redemptions of one code cannot both pass.
    let mut tx = state.pool.begin().await?;
    let row = sqlx::query(
        "UPDATE facility_requests SET status = 'redeemed' \
         WHERE invitation_hash = $1 AND status = 'invited' AND invitation_expires_at > $2 \
         RETURNING id, name, facility_type, medicaid_id, npi, contact_email, contact_phone",
    )
    .bind(code_hash(&code))
    .bind(now_utc_millis())
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(not_valid)?;
    let id: i64 = row.try_get("id")?;
    let name: String = row.try_get("name")?;
    let facility_type: String = row.try_get("facility_type")?;
    let medicaid_id: String = row.try_get("medicaid_id")?;
    let npi: String = row.try_get("npi")?;
    let contact_email: String = row.try_get("contact_email")?;
    let contact_phone: String = row.try_get("contact_phone")?;
    let facility_id = attach_facility(
        &mut tx,
        user.id,
        &NewFacility {
            name: &name,
            facility_type: &facility_type,
            medicaid_id: &medicaid_id,
            npi: &npi,
            contact_email: &contact_email,
            contact_phone: &contact_phone,
        },
    )
    .await?;
    sqlx::query("UPDATE facility_requests SET facility_id = $1 WHERE id = $2")
        .bind(facility_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        AuditEvent::by(user.id, "invitation_redeemed")
            .detail(format!("request {id}, facility {facility_id}")),
    )
    .await?;
    tx.commit().await?;

    Ok(Json(auth::session_info(&state, &user).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_the_unambiguous_alphabet() {
        for _ in 0..50 {
            let code = new_code();
            assert_eq!(code.len(), CODE_CHARS);
            assert!(code.bytes().all(|b| CODE_ALPHABET.contains(&b)), "{code}");
            assert!(!code.contains(['0', 'O', '1', 'I', 'L']));
        }
        assert_ne!(new_code(), new_code());
    }

    #[test]
    fn typed_codes_are_normalized() {
        let code = "ABCDEFGHJKMNPQRSTUVW";
        assert_eq!(display_code(code), "ABCDE-FGHJK-MNPQR-STUVW");
        assert_eq!(normalize_code(" abcde-fghjk mnpqr-\tSTUVW "), code);
        assert_eq!(normalize_code(" - "), "");
        assert_eq!(code_hash(code).len(), 64);
        assert_eq!(
            code_hash(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
