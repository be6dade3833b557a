//! Registration (docs/accounts.md): a provider's account, its profile, and HFS's review of it.
//! - `POST /api/registrations`: the account itself; signs the new user in (`profile_needed`) and
//!   emails the link that confirms the account's email (`api::email_confirmation` takes it);
//! - `GET /api/me/registration`, `PUT /api/me/profile`: the registrant's request and its profile;
//!   `PUT /api/me/registration/answers`: the profile's answers kept step by step before it is sent
//!   (a reload, a new tab or a session timeout loses nothing);
//! - `GET /api/hfs/registrations?status=...`, `POST /api/hfs/registrations/{user_id}/approve|deny`:
//!   HFS's queue and decisions (each decision in one transaction, with its email). A request
//!   reaches the queue once the account's email and the profile's contact email are confirmed
//!   ([`reach_hfs_if_ready`]).
//!
//! Bodies are read as JSON objects ([`JsonBody`]) and checked field by field (every problem at
//! once, under the wire type's field names); the checks of the values are the rules crate's, the same the app runs.
//!
//! May import: any module below `api` (not `cli`, `demo`, `fallback`), `api::body`, `api::fields`.

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use chrono::NaiveDate;
use rules::calendar::Calendar;
use rules::wire::accounts::{
    AccountStatus, AlreadyRegistered, Denial, NewAccount, Profile, Registration,
    RegistrationRequest, RegistrationStep, Role, SavedAnswers, Session,
};
use rules::wire::ErrorBody;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::api::body::JsonBody;
use crate::api::paging::{Paged, Paging};
use crate::audit::{self, AuditEvent};
use crate::auth::{self, ClientAddress, CurrentUser, Hfs, Provider};
use crate::email_tokens::{self, Purpose};
use crate::error::{ApiError, FieldErrors, ResultExt};
use crate::notices;
use crate::outbox;
use crate::state::AppState;
use crate::time::{self, now_utc_millis};
use crate::users;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/registrations", post(register))
        .route("/me/registration", get(my_registration))
        .route("/me/profile", put(send_profile))
        .route("/me/registration/answers", put(save_answers))
        .route("/hfs/registrations", get(hfs_queue))
        .route("/hfs/registrations/{user_id}", get(hfs_registration))
        .route("/hfs/registrations/{user_id}/approve", post(approve))
        .route("/hfs/registrations/{user_id}/deny", post(deny))
}

pub(crate) const USERNAME_TAKEN: &str = "That username is taken. Choose another";
const ALREADY_SENT: &str = "Your registration request has already been sent";
const ALREADY_APPROVED: &str = "Your registration is already approved";
const NOT_PENDING: &str = "This registration request is not waiting for a decision";

const PROFILE_FIELDS: [&str; 8] = [
    "first_name",
    "last_name",
    "contact_email",
    "contact_phone",
    "organization_name",
    "organization_type",
    "medicaid_id",
    "npi",
];

// ---------------------------------------------------------------------------------------------
// Reading bodies (shared with facility_requests.rs)

/// The text members `fields` of a JSON object, as an object of text: absent or null reads as empty
/// (the rules then say what to enter); a member that is not text, and any member not in `fields`,
/// is refused under `prefix` + its name.
pub(crate) fn text_members(
    map: &Map<String, Value>,
    fields: &[&str],
    prefix: &str,
    errors: &mut FieldErrors,
) -> Map<String, Value> {
    for key in map.keys() {
        if !fields.contains(&key.as_str()) {
            errors.add(format!("{prefix}{key}"), "Unknown field: remove it");
        }
    }
    fields
        .iter()
        .map(|field| {
            let text = match map.get(*field) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(text)) => text.clone(),
                Some(_) => {
                    errors.add(format!("{prefix}{field}"), "Enter this as text");
                    String::new()
                }
            };
            ((*field).to_owned(), Value::String(text))
        })
        .collect()
}

/// The wire type whose fields are `members` (from [`text_members`]).
pub(crate) fn wire_type<T: DeserializeOwned>(members: Map<String, Value>) -> T {
    serde_json::from_value(Value::Object(members))
        .unwrap_or_else(|e| unreachable!("the fields asked are the wire type's: {e}"))
}

/// A body that is one JSON object of text members `fields`, read as the wire type `T`.
pub(crate) fn text_body<T: DeserializeOwned>(
    map: Map<String, Value>,
    fields: &[&str],
) -> Result<T, ApiError> {
    let mut errors = FieldErrors::new();
    let members = text_members(&map, fields, "", &mut errors);
    errors.into_result()?;
    Ok(wire_type(members))
}

/// The rules crate's 422 body as the API's error.
pub(crate) fn rule_errors(body: ErrorBody) -> ApiError {
    let mut errors = FieldErrors::new();
    for (field, messages) in body.errors {
        for message in messages {
            errors.add(field.clone(), message);
        }
    }
    if errors.is_empty() {
        errors.add("body", "Check your answers");
    }
    ApiError::Validation(errors)
}

/// A `Denial` body, its reason checked by the rules.
pub(crate) fn denial_reason(body: Map<String, Value>) -> Result<String, ApiError> {
    let denial: Denial = text_body(body, &["reason"])?;
    rules::accounts::check_denial_reason(&denial.reason)
        .map_err(|message| FieldErrors::one("reason", message).into())
}

/// `status=...` of the HFS queues: one of `allowed` or `all`; absent means `pending`.
pub(crate) fn status_filter(
    query: Option<&str>,
    allowed: &[&'static str],
) -> Result<Option<&'static str>, ApiError> {
    let mut errors = FieldErrors::new();
    let mut chosen: Option<Option<&'static str>> = None;
    let expected = format!("status must be {} or all", allowed.join(", "));
    for (key, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        // The paging of the queue, read by `api::paging::Paging`.
        if crate::api::paging::PAGE_PARAMS.contains(&key.as_ref()) {
            continue;
        }
        if key != "status" {
            if !errors.contains(&key) {
                errors.add(
                    key.into_owned(),
                    "Unknown parameter: remove it (only status is accepted)",
                );
            }
            continue;
        }
        if chosen.is_some() {
            errors.add("status", "Give status only once");
            continue;
        }
        if value == "all" {
            chosen = Some(None);
        } else if let Some(status) = allowed.iter().find(|s| **s == value) {
            chosen = Some(Some(*status));
        } else {
            errors.add("status", expected.clone());
            chosen = Some(None);
        }
    }
    errors.into_result()?;
    Ok(chosen.unwrap_or(allowed.first().copied()))
}

// ---------------------------------------------------------------------------------------------
// Shared bits

pub(crate) fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Ends an HFS decision: `message` is queued to `addresses` in the decision's transaction, which
/// is then committed, so the decision and its email are written together or not at all. 204.
pub(crate) async fn tell_and_commit(
    mut tx: sqlx::Transaction<'_, sqlx::Any>,
    message: outbox::Message,
    addresses: &[&str],
) -> Result<StatusCode, ApiError> {
    message.send_to(&mut tx, addresses).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The status as stored; a status the table cannot hold reads as `profile_needed`.
pub(crate) fn account_status(text: &str) -> AccountStatus {
    users::parse_status(text).unwrap_or(AccountStatus::ProfileNeeded)
}

/// The label of an organization type code ("Provider or facility"); the code itself if unknown.
fn organization_type_label(code: &str) -> String {
    rules::accounts::ORGANIZATION_TYPES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, label)| *label)
        .to_owned()
}

/// Attaches a facility with this Provider Medicaid ID and NPI to `user_id` and returns its id:
/// - one the user already has stays as it is;
/// - else one no user is linked to is reused;
/// - else a new facility record is made, even when another user is linked to one with the same
///   IDs: typing another provider's public IDs never hands over that provider's facility (and its
///   tickets). HFS sees those users in `already_registered_to` before approving.
pub(crate) async fn attach_facility(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    facility: &NewFacility<'_>,
) -> Result<i64, sqlx::Error> {
    let now = now_utc_millis();
    let existing: Option<i64> = sqlx::query_scalar(
        "SELECT f.id FROM facilities f WHERE f.medicaid_id = $1 AND f.npi = $2 AND ( \
           EXISTS (SELECT 1 FROM user_facilities uf WHERE uf.facility_id = f.id AND uf.user_id = $3) \
           OR NOT EXISTS (SELECT 1 FROM user_facilities uf WHERE uf.facility_id = f.id)) \
         ORDER BY EXISTS (SELECT 1 FROM user_facilities uf \
                          WHERE uf.facility_id = f.id AND uf.user_id = $3) DESC, f.id \
         LIMIT 1",
    )
    .bind(facility.medicaid_id)
    .bind(facility.npi)
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?;
    let facility_id =
        match existing {
            Some(id) => id,
            None => sqlx::query_scalar(
                "INSERT INTO facilities (name, facility_type, medicaid_id, npi, contact_email, \
                 contact_phone, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(facility.name)
            .bind(facility.facility_type)
            .bind(facility.medicaid_id)
            .bind(facility.npi)
            .bind(facility.contact_email)
            .bind(facility.contact_phone)
            .bind(now)
            .fetch_one(&mut *conn)
            .await?,
        };
    sqlx::query(
        "INSERT INTO user_facilities (user_id, facility_id, added_at) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING",
    )
    .bind(user_id)
    .bind(facility_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    // The account's rights changed (approved, or a facility added): its sessions get new ids.
    auth::rotate_sessions(&mut *conn, user_id).await?;
    Ok(facility_id)
}

/// The accounts holding facilities of some Medicaid ids or NPIs, read at once (the HFS queues
/// show who else holds each row's facility: one query per page, not one per row).
pub(crate) struct Registered(Vec<(String, String, i64, String)>);

impl Registered {
    /// The holders of every facility whose Medicaid id is one of `medicaid_ids`, or whose NPI
    /// is one of `npis` (empty NPIs, of atypical providers, match nothing).
    pub(crate) async fn find<'a>(
        pool: &sqlx::AnyPool,
        ids: impl Iterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, sqlx::Error> {
        let (medicaid_ids, npis): (Vec<&str>, Vec<&str>) =
            ids.map(|(m, n)| (m.trim(), n.trim())).unzip();
        if medicaid_ids.is_empty() {
            return Ok(Self(Vec::new()));
        }
        let npis: Vec<&str> = npis.into_iter().filter(|n| !n.is_empty()).collect();
        let medicaid_ids = serde_json::to_string(&medicaid_ids).unwrap_or_else(|_| "[]".into());
        let npis = serde_json::to_string(&npis).unwrap_or_else(|_| "[]".into());
        let rows = sqlx::query_as::<_, (String, String, i64, String)>(
            "SELECT DISTINCT f.medicaid_id, f.npi, u.id, u.username FROM facilities f \
             JOIN user_facilities uf ON uf.facility_id = f.id \
             JOIN users u ON u.id = uf.user_id \
             WHERE f.medicaid_id IN (SELECT value FROM json_each($1)) \
                OR (f.npi <> '' AND f.npi IN (SELECT value FROM json_each($2))) \
             ORDER BY u.username",
        )
        .bind(medicaid_ids)
        .bind(npis)
        .fetch_all(pool)
        .await?;
        Ok(Self(rows))
    }

    /// The usernames holding `medicaid_id` (with `npi`, when both have one),
    /// but `except_user_id`, by username.
    pub(crate) fn of(&self, medicaid_id: &str, npi: &str, except_user_id: i64) -> Vec<String> {
        let (medicaid_id, npi) = (medicaid_id.trim(), npi.trim());
        let mut names: Vec<String> = self
            .0
            .iter()
            .filter(|(m, n, user, _)| {
                m == medicaid_id
                    && (npi.is_empty() || n.is_empty() || n == npi)
                    && *user != except_user_id
            })
            .map(|(_, _, _, name)| name.clone())
            .collect();
        names.dedup();
        names
    }

    /// Every account but `except_user_id` holding a facility with `medicaid_id` or with `npi`
    /// (when it has one), by username, with which of the two it shares.
    pub(crate) fn sharing(
        &self,
        medicaid_id: &str,
        npi: &str,
        except_user_id: i64,
    ) -> Vec<AlreadyRegistered> {
        let (medicaid_id, npi) = (medicaid_id.trim(), npi.trim());
        let mut found: Vec<AlreadyRegistered> = Vec::new();
        for (m, n, user, name) in &self.0 {
            if *user == except_user_id {
                continue;
            }
            let same_medicaid = m == medicaid_id;
            let same_npi = !npi.is_empty() && n == npi;
            if !same_medicaid && !same_npi {
                continue;
            }
            match found.iter_mut().find(|f| &f.username == name) {
                Some(f) => {
                    f.medicaid_id |= same_medicaid;
                    f.npi |= same_npi;
                }
                None => found.push(AlreadyRegistered {
                    username: name.clone(),
                    medicaid_id: same_medicaid,
                    npi: same_npi,
                }),
            }
        }
        found
    }
}

/// A facility to find or create.
pub(crate) struct NewFacility<'a> {
    pub name: &'a str,
    pub facility_type: &'a str,
    pub medicaid_id: &'a str,
    pub npi: &'a str,
    pub contact_email: &'a str,
    pub contact_phone: &'a str,
}

// ---------------------------------------------------------------------------------------------
// The registrant

/// `POST /api/registrations`.
#[utoipa::path(post, path = "/api/registrations", tag = "public", request_body = crate::api::schemas::RegistrationBody, responses((status = 201, description = "The account, signed in"), (status = 422, description = "The field map")))]
pub(crate) async fn register(
    State(state): State<AppState>,
    headers: HeaderMap,
    ClientAddress(address): ClientAddress,
    JsonBody(body): JsonBody<Map<String, Value>>,
) -> Result<impl IntoResponse, ApiError> {
    let input: NewAccount =
        text_body(body, &["email", "username", "password", "confirm_password"])?;
    let account = rules::accounts::check_new_account(&input).map_err(rule_errors)?;
    // At most so many new accounts per client address in the window (a checked form counts).
    state
        .throttles
        .registration_by_address
        .hit(&auth::sha256_hex(&address), std::time::Instant::now())
        .map_err(|wait| {
            let minutes = wait.as_secs().div_ceil(60).max(1);
            let plural = if minutes == 1 { "" } else { "s" };
            ApiError::TooManyRequests {
                retry_after_secs: wait.as_secs().max(1),
                errors: FieldErrors::one(
                    "username",
                    format!(
                        "Too many accounts were registered from your network. Try again in \
                         {minutes} minute{plural}"
                    ),
                ),
            }
        })?;

    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(&account.username)
        .fetch_optional(&state.pool)
        .await?;
    if taken.is_some() {
        return Err(FieldErrors::one("username", USERNAME_TAKEN).into());
    }

    let password_hash = auth::hash_password_async(account.password.clone()).await;
    let mut tx = state.pool.begin().await?;
    let user_id = users::insert_provider(
        &mut *tx,
        &account.username,
        &account.email,
        &password_hash,
    )
    .await
    // Taken between the check and the insert.
    .on_unique_violation("username", USERNAME_TAKEN)?;
    send_confirmation(
        &mut tx,
        &state,
        user_id,
        Purpose::AccountEmail,
        &account.email,
    )
    .await?;
    audit::record(
        &mut *tx,
        AuditEvent::by(user_id, "user_created").detail("registration"),
    )
    .await?;
    tx.commit().await?;

    // As at sign-in: the session the browser came with ends.
    auth::end_cookie_session(&state, &headers).await?;
    let cookie = auth::start_session(&state, user_id, &headers).await?;
    let user = CurrentUser {
        id: user_id,
        username: account.username.clone(),
        role: Role::Provider,
        status: AccountStatus::ProfileNeeded,
        mco_id: None,
        facility_id: None,
        email: account.email.clone(),
        mfa_enrolled: false,
        mfa_enrolment_required: false,
        // `session_info` reads the user, not the session.
        session_hash: String::new(),
    };
    let session: Session = auth::session_info(&state, &user).await?;
    Ok((
        StatusCode::CREATED,
        [(header::SET_COOKIE, cookie)],
        Json(session),
    ))
}

/// `GET /api/me/registration`.
async fn my_registration(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Registration>, ApiError> {
    user.require_provider()?;
    let registration = read_registration(&state, user.id).await?;
    Ok(Json(registration))
}

async fn read_registration(state: &AppState, user_id: i64) -> Result<Registration, ApiError> {
    let row = sqlx::query(&format!(
        "SELECT status, requested_on, decided_on, denial_reason, \
           email_confirmed_at IS NOT NULL AS email_confirmed, \
           contact_email_confirmed_at IS NOT NULL AS contact_email_confirmed, {} \
         FROM users WHERE id = $1",
        PROFILE_FIELDS.join(", ")
    ))
    .bind(user_id)
    .fetch_optional(&state.pool)
    .await?
    .ok_or(ApiError::NotFound)?;
    let status: String = row.try_get("status")?;
    let requested_on: Option<String> = row.try_get("requested_on")?;
    let profile = profile_of(&row)?;
    let profile = (requested_on.is_some() || !profile.first_name.is_empty()).then_some(profile);
    let contact_email_confirmed =
        profile.is_some() && crate::db::flag(&row, "contact_email_confirmed")?;
    let review_due_on = match requested_on
        .as_deref()
        .and_then(rules::dates::parse_iso_date)
    {
        Some(date) => Some(iso(review_due(&state.calendar().await?.calendar, date))),
        None => None,
    };
    let saved_answers = saved_answers(&state.pool, user_id).await?;
    Ok(Registration {
        status: account_status(&status),
        profile,
        requested_on,
        review_due_on,
        decided_on: row.try_get("decided_on")?,
        denial_reason: row.try_get("denial_reason")?,
        email_confirmed: crate::db::flag(&row, "email_confirmed")?,
        contact_email_confirmed,
        saved_answers,
    })
}

/// The most characters a kept answer may have (far more than any field allows when sent).
const ANSWER_MAX_CHARS: usize = 320;

/// The answers `user_id` kept, if any (a row that cannot be read counts as none).
async fn saved_answers(
    pool: &sqlx::AnyPool,
    user_id: i64,
) -> Result<Option<SavedAnswers>, ApiError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT step, answers FROM registration_answers WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(pool)
            .await?;
    Ok(row.and_then(|(step, answers)| {
        let step = serde_json::from_value(Value::String(step)).ok()?;
        let profile = serde_json::from_str(&answers).ok()?;
        Some(SavedAnswers { step, profile })
    }))
}

/// `PUT /api/me/registration/answers` with a `SavedAnswers`: 204. The profile's answers as typed
/// so far and the step reached, kept until the profile is sent; only while it may be sent (409
/// otherwise, as `PUT /api/me/profile`). Nothing is checked but the shape and the length (the
/// checks come when the profile is sent).
async fn save_answers(
    State(state): State<AppState>,
    Provider(user): Provider,
    JsonBody(body): JsonBody<Map<String, Value>>,
) -> Result<StatusCode, ApiError> {
    let mut errors = FieldErrors::new();
    for key in body.keys() {
        if key != "step" && key != "profile" {
            errors.add(key.clone(), "Unknown field: remove it");
        }
    }
    let step = match body.get("step") {
        Some(Value::String(text)) => {
            serde_json::from_value::<RegistrationStep>(Value::String(text.clone())).ok()
        }
        _ => None,
    };
    if step.is_none() {
        errors.add("step", "step must be name, organization or check");
    }
    let profile = match body.get("profile") {
        Some(Value::Object(map)) => {
            let members = text_members(map, &PROFILE_FIELDS, "profile.", &mut errors);
            for (field, value) in &members {
                if value.as_str().unwrap_or("").chars().count() > ANSWER_MAX_CHARS {
                    errors.add(
                        format!("profile.{field}"),
                        format!("Use at most {ANSWER_MAX_CHARS} characters"),
                    );
                }
            }
            Some(members)
        }
        _ => {
            errors.add("profile", "Send the answers as an object of text");
            None
        }
    };
    errors.into_result()?;
    let (Some(step), Some(members)) = (step, profile) else {
        return Err(FieldErrors::one("body", "Check your answers").into());
    };
    let profile: Profile = wire_type(members);
    refuse_sent(account_status(&current_status(&state, user.id).await?))?;
    let step_text = match step {
        RegistrationStep::Name => "name",
        RegistrationStep::Organization => "organization",
        RegistrationStep::Check => "check",
    };
    let answers = serde_json::to_string(&profile)
        .map_err(|_| ApiError::Internal("answers cannot be written as JSON"))?;
    // Only while the profile may still be sent (a request sent meanwhile keeps no answers).
    sqlx::query(
        "INSERT INTO registration_answers (user_id, step, answers, updated_at) \
         SELECT $1, $2, $3, $4 FROM users WHERE id = $1 AND role = 'provider' \
           AND status IN ('profile_needed', 'denied') \
         ON CONFLICT (user_id) DO UPDATE SET step = excluded.step, answers = excluded.answers, \
           updated_at = excluded.updated_at",
    )
    .bind(user.id)
    .bind(step_text)
    .bind(answers)
    .bind(now_utc_millis())
    .execute(&state.pool)
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Emails `address` the link that confirms it as the account's email or the profile's contact
/// email of `user_id` (the token stored in `conn`'s transaction; earlier links of that purpose
/// stop working).
pub(crate) async fn send_confirmation(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    user_id: i64,
    purpose: Purpose,
    address: &str,
) -> Result<(), ApiError> {
    let (token, hash) = email_tokens::new_token();
    let validity = state.security.confirm_link_validity;
    email_tokens::store(conn, &hash, user_id, purpose, address, validity).await?;
    notices::confirm_email(
        &email_tokens::link(&state.mail.public_url, "confirm-email", &token),
        validity.as_secs().div_ceil(3600),
        purpose == Purpose::ContactEmail,
    )
    .send_to(conn, &[address])
    .await?;
    tracing::info!(
        user_id,
        purpose = purpose.as_str(),
        "confirmation link sent"
    );
    Ok(())
}

/// The review date of a request that reaches HFS today.
pub(crate) async fn review_due_today(state: &AppState) -> Result<NaiveDate, ApiError> {
    Ok(review_due(&state.calendar().await?.calendar, time::today()))
}

/// If `user_id`'s request is pending with both addresses confirmed, it reaches HFS now: its review
/// clock starts today (`requested_on`, due `due`) and the registrant is told. Called when the last
/// of these becomes true (the profile sent, or an address confirmed), so it happens once per
/// request.
pub(crate) async fn reach_hfs_if_ready(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    due: NaiveDate,
) -> Result<(), ApiError> {
    let row = sqlx::query(
        "UPDATE users SET requested_on = $1 WHERE id = $2 AND role = 'provider' \
         AND status = 'pending' AND email_confirmed_at IS NOT NULL \
         AND contact_email_confirmed_at IS NOT NULL \
         RETURNING email, contact_email, organization_name",
    )
    .bind(iso(time::today()))
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = row {
        let email: String = row.try_get("email")?;
        let contact: String = row.try_get("contact_email")?;
        let organization: String = row.try_get("organization_name")?;
        notices::registration_received(&organization, due)
            .send_to(conn, &[&email, &contact])
            .await?;
        tracing::info!(user_id, "registration request reached HFS");
    }
    Ok(())
}

fn profile_of(row: &AnyRow) -> Result<Profile, sqlx::Error> {
    Ok(Profile {
        first_name: row.try_get("first_name")?,
        last_name: row.try_get("last_name")?,
        contact_email: row.try_get("contact_email")?,
        contact_phone: row.try_get("contact_phone")?,
        organization_name: row.try_get("organization_name")?,
        organization_type: row.try_get("organization_type")?,
        medicaid_id: row.try_get("medicaid_id")?,
        npi: row.try_get("npi")?,
    })
}

/// The `registration_review` clock of one registrant's request sent on `requested_on`.
fn review_due(calendar: &Calendar, requested_on: NaiveDate) -> NaiveDate {
    rules::timeline::registration_review_due(calendar, requested_on, 1)
}

/// `PUT /api/me/profile`: sends (or sends again, after a denial) the registration request.
async fn send_profile(
    State(state): State<AppState>,
    Provider(user): Provider,
    JsonBody(body): JsonBody<Map<String, Value>>,
) -> Result<Json<Registration>, ApiError> {
    refuse_sent(account_status(&current_status(&state, user.id).await?))?;

    let input: Profile = text_body(body, &PROFILE_FIELDS)?;
    let profile = rules::accounts::check_profile(&input).map_err(rule_errors)?;

    let today = time::today();
    let due = review_due(&state.calendar().await?.calendar, today);
    let now = now_utc_millis();
    let mut tx = state.pool.begin().await?;
    let updated = sqlx::query(
        "UPDATE users SET first_name = $1, last_name = $2, contact_email = $3, contact_phone = $4, \
         organization_name = $5, organization_type = $6, medicaid_id = $7, npi = $8, \
         status = 'pending', requested_on = $9, decided_on = NULL, decided_by = NULL, \
         denial_reason = NULL, \
         contact_email_confirmed_at = CASE \
           WHEN $3 = email COLLATE NOCASE AND email_confirmed_at IS NOT NULL THEN $11 \
           WHEN $3 = contact_email COLLATE NOCASE THEN contact_email_confirmed_at \
           ELSE NULL END \
         WHERE id = $10 AND role = 'provider' AND status IN ('profile_needed', 'denied')",
    )
    .bind(&profile.first_name)
    .bind(&profile.last_name)
    .bind(&profile.contact_email)
    .bind(&profile.contact_phone)
    .bind(&profile.organization_name)
    .bind(&profile.organization_type)
    .bind(&profile.medicaid_id)
    .bind(&profile.npi)
    .bind(iso(today))
    .bind(user.id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        // Sent (or decided) since the check above.
        drop(tx);
        refuse_sent(account_status(&current_status(&state, user.id).await?))?;
        return Err(ApiError::conflict(ALREADY_SENT));
    }
    let row = sqlx::query(
        "SELECT email, contact_email_confirmed_at IS NOT NULL AS contact_ok FROM users WHERE id = $1",
    )
    .bind(user.id)
    .fetch_one(&mut *tx)
    .await?;
    let email: String = row.try_get("email")?;
    // A new contact email is confirmed before it is used (the account's own email is confirmed
    // through its own link, which confirms it as the contact email too).
    if !crate::db::flag(&row, "contact_ok")?
        && !profile.contact_email.eq_ignore_ascii_case(email.trim())
    {
        send_confirmation(
            &mut tx,
            &state,
            user.id,
            Purpose::ContactEmail,
            &profile.contact_email,
        )
        .await?;
    }
    // Sent: the answers kept step by step are not needed any more.
    sqlx::query("DELETE FROM registration_answers WHERE user_id = $1")
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    reach_hfs_if_ready(&mut tx, user.id, due).await?;
    tx.commit().await?;

    Ok(Json(read_registration(&state, user.id).await?))
}

async fn current_status(state: &AppState, user_id: i64) -> Result<String, ApiError> {
    sqlx::query_scalar("SELECT status FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&state.pool)
        .await?
        .ok_or(ApiError::NotFound)
}

/// 409 unless the profile may be sent.
fn refuse_sent(status: AccountStatus) -> Result<(), ApiError> {
    match status {
        AccountStatus::ProfileNeeded | AccountStatus::Denied => Ok(()),
        AccountStatus::Approved => Err(ApiError::conflict(ALREADY_APPROVED)),
        AccountStatus::Pending | AccountStatus::Disabled => Err(ApiError::conflict(ALREADY_SENT)),
    }
}

// ---------------------------------------------------------------------------------------------
// HFS

/// `GET /api/hfs/registrations?status=pending|approved|denied|all`, oldest request first.
async fn hfs_queue(
    State(state): State<AppState>,
    user: CurrentUser,
    RawQuery(query): RawQuery,
    paging: Paging,
) -> Result<Paged<RegistrationRequest>, ApiError> {
    user.require_hfs()?;
    let status = status_filter(query.as_deref(), &["pending", "approved", "denied"])?;
    let rows = sqlx::query(&request_select("($1 IS NULL OR status = $1)"))
        .bind(status)
        .fetch_all(&state.pool)
        .await?;
    let page = paging.page(rows);
    let queue = registration_requests(&state, page.items).await?;
    Ok(Paged {
        items: queue,
        total: page.total,
    })
}

/// The columns of a registration request.
fn request_select(condition: &str) -> String {
    format!(
        "SELECT id, username, email, status, requested_on, decided_on, denial_reason, {} \
         FROM users WHERE role = 'provider' AND requested_on IS NOT NULL \
         AND email_confirmed_at IS NOT NULL AND contact_email_confirmed_at IS NOT NULL \
         AND {condition} ORDER BY requested_on, id",
        PROFILE_FIELDS.join(", ")
    )
}

/// The requests of `rows` (of [`request_select`]), with their review dates and who else holds
/// each facility (one query for them all).
async fn registration_requests(
    state: &AppState,
    rows: Vec<sqlx::any::AnyRow>,
) -> Result<Vec<RegistrationRequest>, ApiError> {
    let current = state.calendar().await?;
    let mut profiles = Vec::with_capacity(rows.len());
    for row in &rows {
        profiles.push(profile_of(row)?);
    }
    // Who else holds each facility: one query for the whole page.
    let registered = Registered::find(
        &state.pool,
        profiles
            .iter()
            .map(|p| (p.medicaid_id.as_str(), p.npi.as_str())),
    )
    .await?;
    let mut queue = Vec::with_capacity(rows.len());
    for (row, profile) in rows.into_iter().zip(profiles) {
        let requested_on: String = row.try_get("requested_on")?;
        let review_due_on = rules::dates::parse_iso_date(&requested_on)
            .map(|date| iso(review_due(&current.calendar, date)))
            .unwrap_or_default();
        let status: String = row.try_get("status")?;
        let user_id: i64 = row.try_get("id")?;
        let already_registered_to = registered.of(&profile.medicaid_id, &profile.npi, user_id);
        let already_registered = registered.sharing(&profile.medicaid_id, &profile.npi, user_id);
        queue.push(RegistrationRequest {
            user_id,
            username: row.try_get("username")?,
            email: row.try_get("email")?,
            status: account_status(&status),
            profile,
            requested_on,
            review_due_on,
            decided_on: row.try_get("decided_on")?,
            denial_reason: row.try_get("denial_reason")?,
            already_registered_to,
            already_registered,
        });
    }
    Ok(queue)
}

/// `GET /api/hfs/registrations/{user_id}`: one request (the decision page), 404 when that user
/// has sent none.
async fn hfs_registration(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(user_id): Path<i64>,
) -> Result<Json<RegistrationRequest>, ApiError> {
    user.require_hfs()?;
    let rows = sqlx::query(&request_select("id = $1"))
        .bind(user_id)
        .fetch_all(&state.pool)
        .await?;
    registration_requests(&state, rows)
        .await?
        .into_iter()
        .next()
        .map(Json)
        .ok_or(ApiError::NotFound)
}

/// Decides a pending registration inside the decision's transaction: the first statement writes,
/// so the transaction holds the write lock from the start and two decisions cannot both pass.
/// Returns the registrant's email and profile; 404 if no such provider, 409 if not pending.
async fn decide(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    decided_by: i64,
    denial_reason: Option<&str>,
) -> Result<AnyRow, ApiError> {
    let status = if denial_reason.is_some() {
        "denied"
    } else {
        "approved"
    };
    let row = sqlx::query(&format!(
        "UPDATE users SET status = $1, decided_on = $2, decided_by = $3, denial_reason = $4 \
         WHERE id = $5 AND role = 'provider' AND status = 'pending' \
         AND email_confirmed_at IS NOT NULL AND contact_email_confirmed_at IS NOT NULL \
         RETURNING email, {}",
        PROFILE_FIELDS.join(", ")
    ))
    .bind(status)
    .bind(iso(time::today()))
    .bind(decided_by)
    .bind(denial_reason)
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = row {
        // The account's rights changed: its sessions get new ids.
        auth::rotate_sessions(&mut *conn, user_id).await?;
        return Ok(row);
    }
    let exists: Option<i64> =
        // A request whose addresses are not confirmed has not reached HFS: 404.
        sqlx::query_scalar(
            "SELECT id FROM users WHERE id = $1 AND role = 'provider' \
             AND email_confirmed_at IS NOT NULL AND contact_email_confirmed_at IS NOT NULL",
        )
            .bind(user_id)
            .fetch_optional(&mut *conn)
            .await?;
    Err(match exists {
        Some(_) => ApiError::conflict(NOT_PENDING),
        None => ApiError::NotFound,
    })
}

/// `POST /api/hfs/registrations/{user_id}/approve`: the profile's facility is attached (a new
/// record unless an unlinked one matches: [`attach_facility`]); the registrant is approved and told.
async fn approve(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(user_id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    user.require_hfs()?;
    let mut tx = state.pool.begin().await?;
    let row = decide(&mut tx, user_id, user.id, None).await?;
    let profile = profile_of(&row)?;
    let email: String = row.try_get("email")?;
    let facility_type = organization_type_label(&profile.organization_type);
    attach_facility(
        &mut tx,
        user_id,
        &NewFacility {
            name: &profile.organization_name,
            facility_type: &facility_type,
            medicaid_id: &profile.medicaid_id,
            npi: &profile.npi,
            contact_email: &profile.contact_email,
            contact_phone: &profile.contact_phone,
        },
    )
    .await?;
    audit::record(
        &mut *tx,
        AuditEvent::by(user.id, "registration_approved").detail(format!("user {user_id}")),
    )
    .await?;
    tell_and_commit(
        tx,
        notices::registration_approved(&profile.organization_name),
        &[&email, &profile.contact_email],
    )
    .await
}

/// `POST /api/hfs/registrations/{user_id}/deny` with a `Denial`.
async fn deny(
    State(state): State<AppState>,
    Hfs(user): Hfs,
    Path(user_id): Path<i64>,
    JsonBody(body): JsonBody<Map<String, Value>>,
) -> Result<StatusCode, ApiError> {
    let reason = denial_reason(body)?;
    let mut tx = state.pool.begin().await?;
    let row = decide(&mut tx, user_id, user.id, Some(&reason)).await?;
    let email: String = row.try_get("email")?;
    let contact_email: String = row.try_get("contact_email")?;
    audit::record(
        &mut *tx,
        AuditEvent::by(user.id, "registration_denied").detail(format!("user {user_id}")),
    )
    .await?;
    tell_and_commit(
        tx,
        notices::registration_denied(&reason),
        &[&email, &contact_email],
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::body::json_object;

    #[test]
    fn text_members_read_strictly() {
        let map = json_object(br#"{"a": "x", "b": null, "c": 3, "d": "y"}"#).unwrap();
        let mut errors = FieldErrors::new();
        let members = text_members(&map, &["a", "b", "c", "e"], "p.", &mut errors);
        assert_eq!(
            Value::Object(members),
            serde_json::json!({"a": "x", "b": "", "c": "", "e": ""})
        );
        assert!(errors.contains("p.c"));
        assert!(errors.contains("p.d"));
        assert!(!errors.contains("p.a") && !errors.contains("p.b") && !errors.contains("p.e"));
    }

    #[test]
    fn status_filter_reads_one_status() {
        let allowed = ["pending", "approved", "denied"];
        assert_eq!(status_filter(None, &allowed).unwrap(), Some("pending"));
        assert_eq!(
            status_filter(Some("status=denied"), &allowed).unwrap(),
            Some("denied")
        );
        assert_eq!(status_filter(Some("status=all"), &allowed).unwrap(), None);
        for bad in ["status=nope", "status=pending&status=all", "other=1"] {
            assert!(status_filter(Some(bad), &allowed).is_err(), "{bad}");
        }
    }

    #[test]
    fn organization_types_are_written_out() {
        assert_eq!(organization_type_label("billing_agent"), "Billing agent");
        assert_eq!(organization_type_label("other"), "other");
    }
}
