//! Signing in and out, the session, the facility a provider works for, the password, and the MCO
//! list (`docs/accounts.md`): `POST/GET/DELETE /api/session`, `POST /api/session/facility`,
//! `PUT /api/me/password`, `GET /api/mcos`.
//!
//! Sign-in failures answer one 401 whatever went wrong (unknown user, wrong password, disabled
//! account), after the same work (an unknown user's password is checked against a dummy hash), and
//! are counted per username as typed: from the 3rd failure the next attempt must wait 1, 2, 4, ...
//! delay units, and 10 failures lock the username for a while, even for the right password.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use rules::wire::accounts::{Mco, PasswordChange, Session, SignIn, SwitchFacility};
use rules::wire::ErrorBody;
use sqlx::Row;

use crate::auth::{self, CurrentUser, DUMMY_HASH};
use crate::error::FieldErrors;
use crate::{ApiError, AppState};

/// The one answer to a failed sign-in.
pub const SIGN_IN_FAILED: &str = "Enter a correct username and password";
/// The answer to a wrong current password.
pub const WRONG_CURRENT_PASSWORD: &str = "Enter your current password correctly";
/// The failure from which attempts must wait (the 3rd).
const DELAY_FROM: i64 = 3;
/// The failure at which the username is locked (the 10th).
const LOCK_AT: i64 = 10;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/session",
            post(sign_in).get(current_session).delete(sign_out),
        )
        .route("/session/facility", post(switch_facility))
        .route("/me/password", put(change_password))
        .route("/mcos", get(mcos))
}

/// The throttle's key: the username as typed, trimmed, lowercased.
fn username_key(username: &str) -> String {
    username.trim().to_lowercase()
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

fn too_many(wait_millis: i64) -> ApiError {
    let secs = u64::try_from(wait_millis)
        .unwrap_or(0)
        .div_ceil(1000)
        .max(1);
    ApiError::TooManyRequests {
        retry_after_secs: secs,
        errors: FieldErrors::one("username", wait_words(secs)),
    }
}

fn millis(duration: std::time::Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// How long until `key` may try again (0: now), clearing an expired lock.
async fn throttle_wait(state: &AppState, key: &str, now: i64) -> Result<i64, ApiError> {
    let row = sqlx::query(
        "SELECT failures, last_failed_at, locked_until FROM sign_in_failures WHERE username_key = ?",
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
        // The lock is over: a fresh start.
        sqlx::query("DELETE FROM sign_in_failures WHERE username_key = ?")
            .bind(key)
            .execute(&state.pool)
            .await?;
        return Ok(0);
    }
    if failures < DELAY_FROM {
        return Ok(0);
    }
    let exponent = u32::try_from(failures - DELAY_FROM)
        .unwrap_or(u32::MAX)
        .min(20);
    let wait = millis(state.security.sign_in_delay).saturating_mul(1 << exponent);
    Ok((last_failed_at.saturating_add(wait) - now).max(0))
}

/// Counts a failure of `key`; the 10th locks it.
async fn record_failure(state: &AppState, key: &str, now: i64) -> Result<(), ApiError> {
    let locked_until = now.saturating_add(millis(state.security.lockout));
    sqlx::query(
        "INSERT INTO sign_in_failures (username_key, failures, last_failed_at, locked_until) \
         VALUES (?1, 1, ?2, NULL) \
         ON CONFLICT (username_key) DO UPDATE SET failures = failures + 1, last_failed_at = ?2, \
           locked_until = CASE WHEN failures + 1 >= ?3 THEN ?4 ELSE NULL END",
    )
    .bind(key)
    .bind(now)
    .bind(LOCK_AT)
    .bind(locked_until)
    .execute(&state.pool)
    .await?;
    Ok(())
}

/// `POST /api/session`: `SignIn` -> 204 and the cookie; 401; 429.
async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let input: SignIn = auth::read_json(body)?;
    let key = username_key(&input.username);
    // One attempt at a time per username: parallel attempts cannot slip past the count.
    let _turn = state.sign_in_locks.lock(&key).await;

    let now = auth::now_utc_millis();
    let wait = throttle_wait(&state, &key, now).await?;
    if wait > 0 {
        tracing::warn!(username = %key, "sign-in refused: throttled");
        return Err(too_many(wait));
    }

    let user = sqlx::query("SELECT id, password_hash, status FROM users WHERE username = ?")
        .bind(input.username.trim())
        .fetch_optional(&state.pool)
        .await?;
    let (user_id, phc, status) = match &user {
        Some(row) => (
            Some(row.try_get::<i64, _>("id")?),
            row.try_get::<String, _>("password_hash")?,
            row.try_get::<String, _>("status")?,
        ),
        None => (None, DUMMY_HASH.clone(), String::new()),
    };
    let matches = auth::verify_password_async(phc, input.password).await;

    match user_id {
        Some(user_id) if matches && status != "disabled" => {
            sqlx::query("DELETE FROM sign_in_failures WHERE username_key = ?")
                .bind(&key)
                .execute(&state.pool)
                .await?;
            let cookie = auth::start_session(&state, user_id, &headers).await?;
            Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
        }
        _ => {
            record_failure(&state, &key, auth::now_utc_millis()).await?;
            tracing::info!(username = %key, "sign-in failed");
            let mut body = ErrorBody::default();
            body.add("username", SIGN_IN_FAILED);
            Ok((StatusCode::UNAUTHORIZED, Json(body)).into_response())
        }
    }
}

/// `GET /api/session`.
async fn current_session(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Session>, ApiError> {
    Ok(Json(auth::session_info(&state, &user).await?))
}

/// `DELETE /api/session`: 204, the cookie cleared.
async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
) -> Result<Response, ApiError> {
    auth::end_session(&state, &user).await?;
    tracing::info!(user_id = user.id, "signed out");
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, auth::clear_cookie(&state, &headers))],
    )
        .into_response())
}

/// `POST /api/session/facility`: work for another of the user's facilities.
async fn switch_facility(
    State(state): State<AppState>,
    mut user: CurrentUser,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Session>, ApiError> {
    user.require_approved_provider()?;
    let input: SwitchFacility = auth::read_json(body)?;
    let theirs = sqlx::query("SELECT 1 FROM user_facilities WHERE user_id = ? AND facility_id = ?")
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

/// `PUT /api/me/password`: 204; this session stays, the user's other sessions end.
async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    body: Result<Bytes, BytesRejection>,
) -> Result<StatusCode, ApiError> {
    let input: PasswordChange = auth::read_json(body)?;
    let phc: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = ?")
        .bind(user.id)
        .fetch_one(&state.pool)
        .await?;
    let current_ok = auth::verify_password_async(phc, input.current_password.clone()).await;

    let mut errors = FieldErrors::new();
    if !current_ok {
        errors.add("current_password", WRONG_CURRENT_PASSWORD);
    }
    if let Err(problems) = rules::accounts::check_password_change(&input, &user.username) {
        errors.merge(problems.into());
    }
    errors.into_result()?;

    let phc = auth::hash_password_async(input.new_password).await;
    let mut tx = state.pool.begin().await?;
    sqlx::query("UPDATE users SET password_hash = ? WHERE id = ?")
        .bind(&phc)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?")
        .bind(user.id)
        .bind(&user.session_hash)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(user_id = user.id, "password changed; other sessions ended");
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/mcos`: the MCO list, by name.
async fn mcos(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<Json<Vec<Mco>>, ApiError> {
    Ok(Json(list_mcos(&state.pool).await?))
}

/// Every MCO, by name.
pub async fn list_mcos(pool: &sqlx::SqlitePool) -> Result<Vec<Mco>, ApiError> {
    let rows = sqlx::query("SELECT id, name, active FROM mcos ORDER BY name")
        .fetch_all(pool)
        .await?;
    rows.into_iter()
        .map(|row| {
            Ok(Mco {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                active: row.try_get("active")?,
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
    fn keys_ignore_case_and_edges() {
        assert_eq!(username_key(" Provider1 "), "provider1");
    }
}
