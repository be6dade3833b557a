//! Setting up two-step sign-in, and an administrator's reset and unlock (`docs/security.md`, V2):
//! `POST /api/me/mfa` (a new secret and its QR code), `POST /api/me/mfa/confirm` (`{"code"}`: the
//! secret is in use, ten recovery codes shown once), `POST /api/admin/users/{id}/mfa-reset`,
//! `POST /api/admin/users/{id}/unlock`.
//!
//! May import: any module below `api` (not `cli`, `demo`, `fallback`), `api::body`, `api::fields`,
//! `api::session`.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use rules::accounts::SecondFactor;
use rules::wire::accounts::{MfaCode, MfaEnrolment, MfaRecoveryCodes};
use sqlx::Row;

use crate::api::body::JsonBody;
use crate::api::session::unlock;
use crate::audit::{self, AuditEvent};
use crate::auth::{self, mfa, Admin, SignedIn};
use crate::error::{ApiError, FieldErrors};
use crate::notices;
use crate::state::AppState;

/// The answer to a code that does not match the secret being set up.
pub const WRONG_SETUP_CODE: &str =
    "The code does not match. Check the app shows this portal's entry, then enter the code it shows now";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me/mfa", post(start_enrolment))
        .route("/me/mfa/confirm", post(confirm_enrolment))
        .route("/admin/users/{id}/mfa-reset", post(reset_mfa))
        .route("/admin/users/{id}/unlock", post(unlock_user))
}

/// `POST /api/me/mfa`: 200 `MfaEnrolment` (a new secret, not in use until confirmed; asking again
/// replaces it); 409 when two-step sign-in is already on.
async fn start_enrolment(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Json<MfaEnrolment>, ApiError> {
    if user.mfa_enrolled {
        return Err(ApiError::conflict(
            "Two-step sign-in is already on for your account. An HFS administrator can reset it",
        ));
    }
    let secret = mfa::new_secret();
    sqlx::query("UPDATE users SET mfa_pending_secret = $1 WHERE id = $2")
        .bind(state.secrets.seal(user.id, &secret))
        .bind(user.id)
        .execute(&state.pool)
        .await?;
    tracing::info!(user_id = user.id, "two-step sign-in: setting up");
    Ok(Json(mfa::enrolment(&secret, &user.username)?))
}

/// `POST /api/me/mfa/confirm` with `{"code"}`: 200 `MfaRecoveryCodes` (shown this once) and a new
/// session id; every other session of the user ends and the user is emailed. 422 for a code of
/// the wrong form or a wrong one; 409 without a secret waiting.
async fn confirm_enrolment(
    State(state): State<AppState>,
    headers: HeaderMap,
    SignedIn(user): SignedIn,
    JsonBody(input): JsonBody<MfaCode>,
) -> Result<Response, ApiError> {
    if user.mfa_enrolled {
        return Err(ApiError::conflict(
            "Two-step sign-in is already on for your account",
        ));
    }
    let digits = match rules::accounts::check_mfa_code(&input.code) {
        Ok(SecondFactor::Totp(digits)) => digits,
        Ok(SecondFactor::Recovery(_)) => {
            return Err(FieldErrors::one("code", rules::accounts::MFA_CODE_MISSING).into())
        }
        Err(message) => return Err(FieldErrors::one("code", message).into()),
    };
    let mut tx = state.pool.begin().await?;
    let Some(codes) = mfa::confirm(&mut tx, &state.secrets, user.id, &digits).await? else {
        return Err(FieldErrors::one("code", WRONG_SETUP_CODE).into());
    };
    // Every session ends, this one too: this browser goes on under a new id.
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    let cookie =
        auth::start_session_in(&mut tx, &state, user.id, user.facility_id, &headers).await?;
    audit::record(&mut *tx, AuditEvent::by(user.id, "mfa_enrolled")).await?;
    notices::mfa_enrolled(&user.username)
        .send_to(&mut tx, &[&user.email])
        .await?;
    tx.commit().await?;
    tracing::info!(user_id = user.id, "two-step sign-in: on");
    Ok((
        StatusCode::OK,
        [(header::SET_COOKIE, cookie)],
        Json(MfaRecoveryCodes {
            recovery_codes: codes
                .iter()
                .map(|code| rules::accounts::show_recovery_code(code))
                .collect(),
        }),
    )
        .into_response())
}

/// `POST /api/admin/users/{id}/mfa-reset`: 204. The user's secret and recovery codes are
/// forgotten, their sessions end, they are emailed, and the reset is in the audit log. An
/// administrator cannot reset their own (another administrator must).
async fn reset_mfa(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    if id == admin.id {
        return Err(ApiError::conflict(
            "Ask another HFS administrator to reset your own two-step sign-in",
        ));
    }
    let mut tx = state.pool.begin().await?;
    let row = sqlx::query("SELECT username, email FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(ApiError::NotFound)?;
    let username: String = row.try_get("username")?;
    let email: String = row.try_get("email")?;
    mfa::reset(&mut tx, id).await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        AuditEvent::by(admin.id, "mfa_reset").detail(format!("user {id}")),
    )
    .await?;
    notices::mfa_reset(&username)
        .send_to(&mut tx, &[&email])
        .await?;
    tx.commit().await?;
    tracing::warn!(admin_id = admin.id, user_id = id, "two-step sign-in reset");
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/admin/users/{id}/unlock`: 204; the failed sign-ins of the user's username are
/// forgotten (a lock ends now). In the audit log.
async fn unlock_user(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    let username: String = sqlx::query_scalar("SELECT username FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(&state.pool)
        .await?
        .ok_or(ApiError::NotFound)?;
    unlock(&state, &username).await?;
    audit::record(
        &state.pool,
        AuditEvent::by(admin.id, "user_unlocked").detail(format!("user {id}")),
    )
    .await?;
    tracing::info!(admin_id = admin.id, user_id = id, "sign-in unlocked");
    Ok(StatusCode::NO_CONTENT)
}
