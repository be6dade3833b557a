//! Signing in and out, the session, the facility a provider works for, the password, and the MCO
//! list (`docs/accounts.md`): `POST/GET/DELETE /api/session`, `POST /api/session/facility`,
//! `PUT /api/me/password`, `GET /api/mcos`.
//!
//! Sign-in failures answer one 401 whatever went wrong (unknown user, wrong password, disabled
//! account), after the same work (an unknown user's password is checked against a dummy hash), and
//! are counted per username as typed (kept as its SHA-256): from the 3rd failure the next attempt
//! must wait 1, 2, 4, ... delay units, and 10 failures lock the username for a while, even for the
//! right password. A wrong current password in a password change counts the same way.
//!
//! May import: any module below `api` (not `cli`, `demo`, `fallback`), `api::body`, `api::fields`.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use rules::wire::accounts::{
    Mco, MfaCode, PasswordChange, Session, SignIn, SignInStep, SwitchFacility,
};
use rules::wire::ErrorBody;
use sqlx::Row;

use crate::api::body::JsonBody;
use crate::audit::{self, AuditEvent};
use crate::auth::{self, ApprovedProvider, ClientAddress, CurrentUser, SignedIn};
use crate::error::ApiError;
use crate::error::FieldErrors;
use crate::notices;
use crate::state::AppState;
use crate::time::now_utc_millis;

/// The one answer to a failed sign-in.
pub const SIGN_IN_FAILED: &str = "Enter a correct username and password";
/// The answer to a wrong current password.
pub const WRONG_CURRENT_PASSWORD: &str = "Enter your current password correctly";
/// The failure from which attempts must wait (the 3rd).
const DELAY_FROM: i64 = 3;
/// The failure at which the username is locked (the 10th, and every 10th after it).
const LOCK_AT: i64 = 10;
/// The answer to a wrong or used second-step code.
pub const WRONG_CODE: &str =
    "The code is not right or was already used. Enter the code your authenticator app shows now";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/session",
            post(sign_in).get(current_session).delete(sign_out),
        )
        .route("/session/mfa", post(second_step))
        .route("/session/facility", post(switch_facility))
        .route("/me/password", put(change_password))
        .route("/mcos", get(mcos))
}

/// The longest username looked up (an email address's limit); a longer one is no user's, though
/// its failures are still counted.
const USERNAME_LOOKUP_MAX_CHARS: usize = 254;

/// The throttle's key: the SHA-256 (hex) of the username as typed, trimmed, lowercased. Fixed
/// size whatever was typed, and no password typed into the username box is stored as it is.
pub(crate) fn username_key(username: &str) -> String {
    auth::sha256_hex(&username.trim().to_lowercase())
}

/// "Try again in N minutes" (or seconds), rounded up.
fn wait_words(secs: u64) -> String {
    let (n, unit) = if secs >= 60 {
        (secs.div_ceil(60), "minute")
    } else {
        (secs.max(1), "second")
    };
    let plural = if n == 1 { "" } else { "s" };
    format!("Too many failed sign-ins. Try again in {n} {unit}{plural}")
}

/// The 429 of a throttled username, its message under `field`.
fn too_many(field: &str, wait_millis: i64) -> ApiError {
    let secs = u64::try_from(wait_millis)
        .unwrap_or(0)
        .div_ceil(1000)
        .max(1);
    ApiError::TooManyRequests {
        retry_after_secs: secs,
        errors: FieldErrors::one(field, wait_words(secs)),
    }
}

fn millis(duration: std::time::Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// The key of a client address in `sign_in_failures` (beside the usernames' keys).
fn address_key(address: &str) -> String {
    format!("address:{}", auth::sha256_hex(address))
}

/// How long until `key` (a username's) may try again (0: now): the rest of a lock, or from the
/// 3rd failure since the last lock 1, 2, 4, ... delay units after the last failure.
async fn throttle_wait(state: &AppState, key: &str, now: i64) -> Result<i64, ApiError> {
    let row = sqlx::query(
        "SELECT failures, last_failed_at, locked_until FROM sign_in_failures WHERE username_key = $1",
    )
    .bind(key)
    .fetch_optional(&state.pool)
    .await?;
    let Some(row) = row else { return Ok(0) };
    let failures: i64 = row.try_get("failures")?;
    let last_failed_at: i64 = row.try_get("last_failed_at")?;
    let locked_until: Option<i64> = row.try_get("locked_until")?;

    if let Some(until) = locked_until {
        if until > now {
            return Ok(until - now);
        }
    }
    if now.saturating_sub(last_failed_at) > millis(state.security.failure_memory) {
        return Ok(0);
    }
    // Failures since the last lock (the lock itself was the wait of the ones before).
    let since_lock = failures % LOCK_AT;
    if since_lock < DELAY_FROM {
        return Ok(0);
    }
    let exponent = u32::try_from(since_lock - DELAY_FROM).unwrap_or(0).min(10);
    let wait = millis(state.security.sign_in_delay).saturating_mul(1 << exponent);
    Ok((last_failed_at.saturating_add(wait) - now).max(0))
}

/// How long until a client address may try again (0: now): from its
/// [`crate::Security::address_delay_from`]th failure in 24 hours, 1, 2, 4, ... up to 64 delay
/// units after its last failure. An address is never locked (many staff may share one).
async fn address_wait(state: &AppState, key: &str, now: i64) -> Result<i64, ApiError> {
    let row = sqlx::query(
        "SELECT failures, last_failed_at FROM sign_in_failures WHERE username_key = $1",
    )
    .bind(key)
    .fetch_optional(&state.pool)
    .await?;
    let Some(row) = row else { return Ok(0) };
    let failures: i64 = row.try_get("failures")?;
    let last_failed_at: i64 = row.try_get("last_failed_at")?;
    let from = state.security.address_delay_from;
    if failures < from || now.saturating_sub(last_failed_at) > millis(state.security.failure_memory)
    {
        return Ok(0);
    }
    let exponent = u32::try_from(failures - from).unwrap_or(0).min(6);
    let wait = millis(state.security.sign_in_delay).saturating_mul(1 << exponent);
    Ok((last_failed_at.saturating_add(wait) - now).max(0))
}

/// Whether sign-ins are failing for many usernames at once (a password spray): more than
/// [`crate::Security::spray_limit`] usernames failed within [`crate::Security::spray_window`].
async fn spraying(state: &AppState, now: i64) -> Result<bool, ApiError> {
    let recent: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sign_in_failures \
         WHERE last_failed_at > $1 AND username_key NOT LIKE 'address:%'",
    )
    .bind(now.saturating_sub(millis(state.security.spray_window)))
    .fetch_one(&state.pool)
    .await?;
    Ok(recent > state.security.spray_limit)
}

/// Counts a failure of `key`. A username's key (`lock`) is locked at every 10th failure, each lock
/// twice as long as the one before (15 minutes, 30, 1 hour, ... at most 16 hours); an address's
/// only counts. Returns whether `key` is now locked. Also forgets every key whose last failure is
/// older than [`crate::Security::failure_memory`] (24 hours) and whose lock is over; a success
/// forgets a username's failures at once.
async fn record_failure(
    state: &AppState,
    key: &str,
    now: i64,
    lock: bool,
) -> Result<bool, ApiError> {
    sqlx::query(
        "DELETE FROM sign_in_failures WHERE last_failed_at < $1 \
         AND (locked_until IS NULL OR locked_until < $2)",
    )
    .bind(now.saturating_sub(millis(state.security.failure_memory)))
    .bind(now)
    .execute(&state.pool)
    .await?;
    let locked: Option<i64> = sqlx::query_scalar(
        "INSERT INTO sign_in_failures (username_key, failures, last_failed_at, locked_until, locks) \
         VALUES ($1, 1, $2, NULL, 0) \
         ON CONFLICT (username_key) DO UPDATE \
         SET failures = sign_in_failures.failures + 1, last_failed_at = $2, \
           locks = CASE WHEN $5 AND (sign_in_failures.failures + 1) % $3 = 0 \
             THEN sign_in_failures.locks + 1 ELSE sign_in_failures.locks END, \
           locked_until = CASE WHEN $5 AND (sign_in_failures.failures + 1) % $3 = 0 \
             THEN $2 + $4 * CASE WHEN sign_in_failures.locks < 6 \
               THEN CAST(1 << CAST(sign_in_failures.locks AS INTEGER) AS BIGINT) ELSE 64 END \
             ELSE sign_in_failures.locked_until END \
         RETURNING locked_until",
    )
    .bind(key)
    .bind(now)
    .bind(LOCK_AT)
    .bind(millis(state.security.lockout))
    .bind(lock)
    .fetch_one(&state.pool)
    .await?;
    Ok(locked.is_some_and(|until| until > now))
}

/// Forgets the failures of `key` (after a success).
async fn clear_failures(state: &AppState, key: &str) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM sign_in_failures WHERE username_key = $1")
        .bind(key)
        .execute(&state.pool)
        .await?;
    Ok(())
}

/// Forgets the failures of `username` (an administrator unlocks the account).
pub(crate) async fn unlock(state: &AppState, username: &str) -> Result<(), ApiError> {
    clear_failures(state, &username_key(username)).await
}

/// A failed sign-in's answer, after the spray slowdown when many usernames are failing: then
/// failures are answered one at a time, a delay unit apart, whoever sends them.
async fn slow_if_spraying(state: &AppState) -> Result<(), ApiError> {
    if spraying(state, now_utc_millis()).await? {
        let _one_at_a_time = state.spray_lock.lock().await;
        tokio::time::sleep(state.security.sign_in_delay).await;
    }
    Ok(())
}

/// What a sign-in found.
struct Found {
    user_id: i64,
    allowed: bool,
    demo: bool,
    enrolled: bool,
}

/// `POST /api/session`: `SignIn` -> 204 and the cookie (one step: no MFA, a demo account, or the
/// right code sent with the password); 202 `{"mfa_required": true}` and a cookie that reaches only
/// `POST /api/session/mfa`; 401; 422 (a wrong `code`); 429.
///
/// Throttled per username (delays, then growing locks), per client address (delays), and overall
/// (a spray's failures are answered one at a time). A locked account that has two-step sign-in
/// still signs in with the password and a right code together (so a lock cannot keep HFS out of
/// its portal); any failure then is a 429 that tells nothing.
///
/// Nothing typed is logged (a password typed into the username box would land in the log): only
/// the user's id once known.
#[utoipa::path(post, path = "/api/session", tag = "public", request_body = crate::api::schemas::SignInBody, responses((status = 204, description = "Signed in: the session cookie"), (status = 401, description = "Wrong username or password"), (status = 413, description = "Body over 8 KB"), (status = 422, description = "The field map"), (status = 429, description = "Too many failures: wait"), (status = 503, description = "Busy: try again")))]
pub(crate) async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    ClientAddress(address): ClientAddress,
    JsonBody(input): JsonBody<SignIn>,
) -> Result<Response, ApiError> {
    let key = username_key(&input.username);
    let address_key = address_key(&address);
    // One attempt at a time per username: parallel attempts cannot slip past the count.
    let _turn = state.sign_in_locks.lock(&key).await;

    let now = now_utc_millis();
    let wait = throttle_wait(&state, &key, now)
        .await?
        .max(address_wait(&state, &address_key, now).await?);
    let code = match input.code.as_deref() {
        Some(text) => Some(
            rules::accounts::check_mfa_code(text)
                .map_err(|message| ApiError::from(FieldErrors::one("code", message)))?,
        ),
        None => None,
    };
    if wait > 0 && code.is_none() {
        tracing::warn!("sign-in refused: throttled");
        audit::record(
            &state.pool,
            AuditEvent::named(&input.username, "sign_in_throttled"),
        )
        .await?;
        return Err(too_many("username", wait));
    }

    let typed = input.username.trim();
    let user = if typed.chars().count() <= USERNAME_LOOKUP_MAX_CHARS {
        sqlx::query(
            "SELECT id, password_hash, status, demo, mfa_secret IS NOT NULL AS enrolled \
             FROM users WHERE username = $1",
        )
        .bind(typed)
        .fetch_optional(&state.pool)
        .await?
    } else {
        None
    };
    let (found, matches) = match &user {
        Some(row) => {
            let phc: String = row.try_get("password_hash")?;
            let status: String = row.try_get("status")?;
            let demo = crate::db::flag(row, "demo")?;
            (
                Some(Found {
                    user_id: row.try_get("id")?,
                    // A demo account signs in only while the server runs with `--demo`.
                    allowed: status != "disabled" && (!demo || state.demo),
                    demo,
                    enrolled: crate::db::flag(row, "enrolled")?,
                }),
                auth::verify_password_async(phc, input.password).await,
            )
        }
        None => (None, auth::verify_dummy_async(input.password).await),
    };
    let found = found.filter(|f| matches && f.allowed);
    let two_step = found.as_ref().is_some_and(|f| f.enrolled && !f.demo);

    if wait > 0 {
        // Throttled, but a code came with the password: only a right password and a right code
        // of an enrolled account get through.
        let mut conn = state.pool.acquire().await?;
        let passed = match (&found, &code) {
            (Some(f), Some(code)) if two_step => {
                auth::mfa::verify(&mut conn, &state.secrets, f.user_id, code).await?
            }
            _ => false,
        };
        drop(conn);
        if !passed {
            record_failure(&state, &key, now_utc_millis(), true).await?;
            record_failure(&state, &address_key, now_utc_millis(), false).await?;
            tracing::warn!("sign-in refused: throttled");
            audit::record(
                &state.pool,
                AuditEvent::named(&input.username, "sign_in_throttled")
                    .detail("password and code together did not pass"),
            )
            .await?;
            let wait = throttle_wait(&state, &key, now_utc_millis())
                .await?
                .max(address_wait(&state, &address_key, now_utc_millis()).await?)
                .max(1000);
            return Err(too_many("username", wait));
        }
    }

    let Some(found) = found else {
        record_failure(&state, &key, now_utc_millis(), true).await?;
        record_failure(&state, &address_key, now_utc_millis(), false).await?;
        match user
            .as_ref()
            .map(|row| row.try_get::<i64, _>("id"))
            .transpose()?
        {
            Some(user_id) => tracing::info!(user_id, "sign-in failed"),
            None => tracing::info!("sign-in failed"),
        }
        // The username typed, never the password.
        audit::record(
            &state.pool,
            AuditEvent::named(&input.username, "sign_in_failed"),
        )
        .await?;
        slow_if_spraying(&state).await?;
        let mut body = ErrorBody::default();
        body.add("username", SIGN_IN_FAILED);
        return Ok((StatusCode::UNAUTHORIZED, Json(body)).into_response());
    };

    // The session the browser came with (anyone's, or a planted one) ends here.
    auth::end_cookie_session(&state, &headers).await?;
    if two_step && wait == 0 {
        match &code {
            None => {
                let cookie = auth::start_pending_session(&state, found.user_id, &headers).await?;
                return Ok((
                    StatusCode::ACCEPTED,
                    [(header::SET_COOKIE, cookie)],
                    Json(SignInStep { mfa_required: true }),
                )
                    .into_response());
            }
            Some(code) => {
                let mut conn = state.pool.acquire().await?;
                if !auth::mfa::verify(&mut conn, &state.secrets, found.user_id, code).await? {
                    drop(conn);
                    record_failure(&state, &key, now_utc_millis(), true).await?;
                    tracing::info!(user_id = found.user_id, "sign-in failed: wrong code");
                    audit::record(
                        &state.pool,
                        AuditEvent::by(found.user_id, "mfa_code_failed"),
                    )
                    .await?;
                    return Err(FieldErrors::one("code", WRONG_CODE).into());
                }
            }
        }
    }
    clear_failures(&state, &key).await?;
    let cookie = auth::start_session(&state, found.user_id, &headers).await?;
    audit::record(
        &state.pool,
        if two_step {
            AuditEvent::by(found.user_id, "signed_in").detail("with a two-step code")
        } else {
            AuditEvent::by(found.user_id, "signed_in")
        },
    )
    .await?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

/// `POST /api/session/mfa` with `{"code"}`: the second step of a sign-in (a session whose password
/// was right). 204 and a new session id; 401 without such a session; 422 for a code of the wrong
/// form (not counted) or a wrong or used one (counted as a failed sign-in: the 10th locks the
/// username and ends the half-signed-in session); 429 while throttled.
async fn second_step(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<JsonBody<MfaCode>, ApiError>,
) -> Result<Response, ApiError> {
    // Nobody signed in is told so before anything about the body (the route's access rule).
    let Some((user_id, username)) = auth::pending_session(&state, &headers).await? else {
        return Err(ApiError::Unauthorized);
    };
    let JsonBody(input) = body?;
    let key = username_key(&username);
    let _turn = state.sign_in_locks.lock(&key).await;
    let wait = throttle_wait(&state, &key, now_utc_millis()).await?;
    if wait > 0 {
        tracing::warn!(user_id, "second step refused: throttled");
        return Err(too_many("code", wait));
    }
    let code = rules::accounts::check_mfa_code(&input.code)
        .map_err(|message| ApiError::from(FieldErrors::one("code", message)))?;
    let mut conn = state.pool.acquire().await?;
    if !auth::mfa::verify(&mut conn, &state.secrets, user_id, &code).await? {
        drop(conn);
        let locked = record_failure(&state, &key, now_utc_millis(), true).await?;
        tracing::info!(user_id, "second step failed: wrong code");
        audit::record(
            &state.pool,
            AuditEvent::by(user_id, "mfa_code_failed").detail(if locked {
                "wrong code; username locked"
            } else {
                "wrong code"
            }),
        )
        .await?;
        if locked {
            auth::end_cookie_session(&state, &headers).await?;
            return Err(too_many(
                "code",
                throttle_wait(&state, &key, now_utc_millis()).await?,
            ));
        }
        return Err(FieldErrors::one("code", WRONG_CODE).into());
    }
    drop(conn);
    clear_failures(&state, &key).await?;
    // The half-signed-in session ends; the signed-in one has a new id.
    auth::end_cookie_session(&state, &headers).await?;
    let cookie = auth::start_session(&state, user_id, &headers).await?;
    tracing::info!(user_id, "second step passed");
    audit::record(
        &state.pool,
        AuditEvent::by(user_id, "signed_in").detail("with a two-step code"),
    )
    .await?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

/// `GET /api/session`.
async fn current_session(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Json<Session>, ApiError> {
    Ok(Json(auth::session_info(&state, &user).await?))
}

/// `DELETE /api/session`: 204, the cookie cleared.
async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    // Any session of this cookie: a signed-in one, one still enrolling, or a half-signed-in one.
    let Some(user_id) = auth::end_cookie_session(&state, &headers).await? else {
        return Err(ApiError::Unauthorized);
    };
    tracing::info!(user_id, "signed out");
    audit::record(&state.pool, AuditEvent::by(user_id, "signed_out")).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, auth::clear_cookie(&state, &headers))],
    )
        .into_response())
}

/// `POST /api/session/facility`: work for another of the user's facilities.
async fn switch_facility(
    State(state): State<AppState>,
    ApprovedProvider(mut user): ApprovedProvider,
    JsonBody(input): JsonBody<SwitchFacility>,
) -> Result<Json<Session>, ApiError> {
    let theirs =
        sqlx::query("SELECT 1 FROM user_facilities WHERE user_id = $1 AND facility_id = $2")
            .bind(user.id)
            .bind(input.facility_id)
            .fetch_optional(&state.pool)
            .await?
            .is_some();
    if !theirs {
        return Err(ApiError::forbidden("That facility is not one of yours"));
    }
    auth::set_session_facility(&state, &mut user, input.facility_id).await?;
    Ok(Json(auth::session_info(&state, &user).await?))
}

/// `PUT /api/me/password`: 204 and a new session cookie; every other session of the user ends, and
/// the account is emailed that its password changed.
///
/// A wrong current password counts as a failed sign-in of the user's username (same throttle: from
/// the 3rd failure the next try must wait, 429 meanwhile); the failure that locks the username
/// also ends every session of the user (401), so a stolen session cannot keep guessing.
async fn change_password(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    JsonBody(input): JsonBody<PasswordChange>,
) -> Result<Response, ApiError> {
    let key = username_key(&user.username);
    let _turn = state.sign_in_locks.lock(&key).await;

    let wait = throttle_wait(&state, &key, now_utc_millis()).await?;
    if wait > 0 {
        tracing::warn!(user_id = user.id, "password change refused: throttled");
        return Err(too_many("current_password", wait));
    }

    let phc: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user.id)
        .fetch_one(&state.pool)
        .await?;
    let current_ok = auth::verify_password_async(phc, input.current_password.clone()).await;
    if !current_ok && !input.current_password.is_empty() {
        let locked = record_failure(&state, &key, now_utc_millis(), true).await?;
        tracing::info!(user_id = user.id, "password change: wrong current password");
        audit::record(
            &state.pool,
            AuditEvent::by(user.id, "password_change_failed").detail(if locked {
                "wrong current password; username locked"
            } else {
                "wrong current password"
            }),
        )
        .await?;
        if locked {
            auth::end_all_sessions(&state.pool, user.id).await?;
            tracing::warn!(
                user_id = user.id,
                "too many wrong current passwords: username locked, every session ended"
            );
            return Ok((
                StatusCode::UNAUTHORIZED,
                [(header::SET_COOKIE, auth::clear_cookie(&state, &headers))],
                ApiError::Unauthorized,
            )
                .into_response());
        }
    }

    let mut errors = FieldErrors::new();
    if !current_ok && !input.current_password.is_empty() {
        errors.add("current_password", WRONG_CURRENT_PASSWORD);
    }
    if let Err(problems) =
        rules::accounts::check_password_change(&input, &user.username, &user.email)
    {
        errors.merge(problems.into());
    }
    errors.into_result()?;
    clear_failures(&state, &key).await?;

    let phc = auth::hash_password_async(input.new_password).await;
    let mut tx = state.pool.begin().await?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(&phc)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    // Every session ends, this one too: this browser goes on with a new token.
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    let cookie =
        auth::start_session_in(&mut tx, &state, user.id, user.facility_id, &headers).await?;
    notices::password_changed(&user.username)
        .send_to(&mut tx, &[&user.email])
        .await?;
    audit::record(&mut *tx, AuditEvent::by(user.id, "password_changed")).await?;
    tx.commit().await?;
    tracing::info!(user_id = user.id, "password changed; other sessions ended");
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

/// `GET /api/mcos`: the MCO list, by name.
async fn mcos(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<Json<Vec<Mco>>, ApiError> {
    Ok(Json(list_mcos(&state.pool).await?))
}

/// Every MCO, by name.
pub async fn list_mcos(pool: &sqlx::AnyPool) -> Result<Vec<Mco>, ApiError> {
    let rows = sqlx::query("SELECT id, name, active, short_name FROM mcos ORDER BY name")
        .fetch_all(pool)
        .await?;
    rows.into_iter()
        .map(|row| {
            Ok(Mco {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                active: crate::db::flag(&row, "active")?,
                short_name: row.try_get("short_name")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(ApiError::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_in_words() {
        assert_eq!(
            wait_words(1),
            "Too many failed sign-ins. Try again in 1 second"
        );
        assert_eq!(
            wait_words(30),
            "Too many failed sign-ins. Try again in 30 seconds"
        );
        assert_eq!(
            wait_words(60),
            "Too many failed sign-ins. Try again in 1 minute"
        );
        assert_eq!(
            wait_words(900),
            "Too many failed sign-ins. Try again in 15 minutes"
        );
        assert_eq!(
            wait_words(61),
            "Too many failed sign-ins. Try again in 2 minutes"
        );
    }

    #[test]
    fn keys_ignore_case_and_edges_and_keep_nothing_typed() {
        assert_eq!(username_key(" Provider1 "), username_key("provider1"));
        assert_eq!(username_key("provider1"), auth::sha256_hex("provider1"));
        assert_ne!(username_key("provider1"), username_key("provider2"));
        let long = username_key(&"x".repeat(100_000));
        assert_eq!(long.len(), 64);
        assert!(!long.contains("xxx"));
    }
}
