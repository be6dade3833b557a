//! Password reset by email (`docs/accounts.md`, "Password reset"):
//! - `POST /api/password-reset` `{"identifier"}`: 202 with one body whether or not an account has
//!   that username or email, after the same work (a token made and hashed, a message written, one
//!   write transaction) and no sooner than [`MIN_ANSWER`]; throttled per client address and per
//!   identifier typed (429, for known and unknown identifiers alike). Each matching account that
//!   can sign in is emailed a single-use link `{public-url}/password-reset#token=...`;
//! - `POST /api/password-reset/complete` `{"token", "password"}`: 204; the password rules (422
//!   `password`); every session of the user ends, the account is emailed; a used, expired or
//!   unknown token: 422 `token`.
//!
//! Nothing typed is logged: only user ids.
//!
//! May import: any module below `api` (not `cli`, `demo`, `fallback`), `api::body`,
//! `api::session` (the sign-in throttle's key).

use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use rules::wire::accounts::{PasswordResetComplete, PasswordResetRequest, PasswordResetRequested};
use sqlx::Row;

use crate::api::body::JsonBody;
use crate::api::session::username_key;
use crate::audit::{self, AuditEvent};
use crate::auth::{self, ClientAddress};
use crate::email_tokens::{self, Purpose};
use crate::error::{ApiError, FieldErrors};
use crate::notices;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/password-reset", post(request_reset))
        .route("/password-reset/complete", post(complete_reset))
}

/// The one answer of `POST /api/password-reset`.
pub const RESET_REQUESTED: &str = "If an account has that username or email address, we have \
     sent it an email with a link to choose a new password. The link works once, for 1 hour.";
/// The 422 `token` of a used, expired or unknown link.
pub const LINK_NOT_VALID: &str =
    "This link has expired or has already been used. Ask for a new link";
const ENTER_IDENTIFIER: &str = "Enter your username or email address";

/// The least time `POST /api/password-reset` takes, whatever it finds: the answer's timing does
/// not tell whether an account exists.
pub const MIN_ANSWER: Duration = Duration::from_millis(150);

/// The longest identifier looked up (an email address's limit).
const IDENTIFIER_MAX_CHARS: usize = 254;

/// The 429 of a throttled reset request.
fn too_many(wait: Duration) -> ApiError {
    let minutes = wait.as_secs().div_ceil(60).max(1);
    let plural = if minutes == 1 { "" } else { "s" };
    ApiError::TooManyRequests {
        retry_after_secs: wait.as_secs().max(1),
        errors: FieldErrors::one(
            "identifier",
            format!("Too many requests for a new password. Try again in {minutes} minute{plural}"),
        ),
    }
}

/// `POST /api/password-reset`.
#[utoipa::path(post, path = "/api/password-reset", tag = "public", request_body = crate::api::schemas::PasswordResetBody, responses((status = 200, description = "The one answer, whether or not an account matched"), (status = 422, description = "The field map"), (status = 429, description = "Too many requests: wait")))]
pub(crate) async fn request_reset(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    JsonBody(input): JsonBody<PasswordResetRequest>,
) -> Result<Response, ApiError> {
    let started = Instant::now();
    let identifier = input.identifier.trim();
    if identifier.is_empty() {
        return Err(FieldErrors::one("identifier", ENTER_IDENTIFIER).into());
    }
    // A request refused by either throttle counts against neither.
    let address_key = auth::sha256_hex(&address);
    let identifier_key = username_key(identifier);
    let throttles = &state.throttles;
    throttles
        .reset_by_address
        .check(&address_key, started)
        .and_then(|()| throttles.reset_by_identifier.hit(&identifier_key, started))
        .and_then(|()| throttles.reset_by_address.hit(&address_key, started))
        .map_err(too_many)?;

    let accounts = if identifier.chars().count() <= IDENTIFIER_MAX_CHARS {
        sqlx::query(
            "SELECT id, username, email FROM users \
             WHERE (username = $1 OR email = $1 COLLATE NOCASE) AND status <> 'disabled' \
             AND (demo = 0 OR $2) ORDER BY id",
        )
        .bind(identifier)
        .bind(state.demo)
        .fetch_all(&state.pool)
        .await?
    } else {
        Vec::new()
    };

    let validity = state.security.reset_link_validity;
    let minutes = validity.as_secs().div_ceil(60);
    // The same work whether or not an account matched: a token made and hashed, its message
    // written, one write transaction.
    let mut tx = state.pool.begin().await?;
    let (mut token, mut hash) = email_tokens::new_token();
    let mut message = notices::password_reset(
        "",
        &email_tokens::link(&state.mail.public_url, "password-reset", &token),
        minutes,
    );
    sqlx::query("DELETE FROM email_tokens WHERE expires_at <= $1")
        .bind(crate::time::now_utc_millis())
        .execute(&mut *tx)
        .await?;
    for (i, row) in accounts.iter().enumerate() {
        if i > 0 {
            (token, hash) = email_tokens::new_token();
        }
        let user_id: i64 = row.try_get("id")?;
        let username: String = row.try_get("username")?;
        let email: String = row.try_get("email")?;
        email_tokens::store(
            &mut tx,
            &hash,
            user_id,
            Purpose::PasswordReset,
            &email,
            validity,
        )
        .await?;
        message = notices::password_reset(
            &username,
            &email_tokens::link(&state.mail.public_url, "password-reset", &token),
            minutes,
        );
        message.send_to(&mut tx, &[&email]).await?;
        tracing::info!(user_id, "password reset link sent");
        audit::record(
            &mut *tx,
            AuditEvent::by(user_id, "password_reset_requested"),
        )
        .await?;
    }
    tx.commit().await?;
    drop(message);

    tokio::time::sleep_until((started + MIN_ANSWER).into()).await;
    Ok((
        StatusCode::ACCEPTED,
        Json(PasswordResetRequested {
            message: RESET_REQUESTED.to_owned(),
        }),
    )
        .into_response())
}

/// `POST /api/password-reset/complete`.
#[utoipa::path(post, path = "/api/password-reset/complete", tag = "public", request_body = crate::api::schemas::PasswordResetCompleteBody, responses((status = 204, description = "The new password is set"), (status = 422, description = "The field map (a used or expired link under token)")))]
pub(crate) async fn complete_reset(
    State(state): State<AppState>,
    JsonBody(input): JsonBody<PasswordResetComplete>,
) -> Result<StatusCode, ApiError> {
    let token = input.token.trim();
    let user = sqlx::query(
        "SELECT u.id, u.username, u.email FROM email_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token_hash = $1 AND t.purpose = 'password_reset' AND t.used_at IS NULL \
         AND t.expires_at > $2 AND u.status <> 'disabled' AND (u.demo = 0 OR $3)",
    )
    .bind(auth::sha256_hex(token))
    .bind(crate::time::now_utc_millis())
    .bind(state.demo)
    .fetch_optional(&state.pool)
    .await?;
    let Some(user) = user else {
        return Err(FieldErrors::one("token", LINK_NOT_VALID).into());
    };
    let user_id: i64 = user.try_get("id")?;
    let username: String = user.try_get("username")?;
    let email: String = user.try_get("email")?;
    rules::accounts::check_password(&input.password, &username, &email)
        .map_err(|message| FieldErrors::one("password", message))?;

    let phc = auth::hash_password_async(input.password).await;
    let mut tx = state.pool.begin().await?;
    // Used here, once: a second use (or one racing this) finds it used.
    let used = email_tokens::take(&mut tx, token, Purpose::PasswordReset).await?;
    if used.as_ref().map(|used| used.user_id) != Some(user_id) {
        return Err(FieldErrors::one("token", LINK_NOT_VALID).into());
    }
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(&phc)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    // The other links of the account stop working, and its failed sign-ins are forgotten.
    email_tokens::forget(&mut tx, user_id, Purpose::PasswordReset).await?;
    sqlx::query("DELETE FROM sign_in_failures WHERE username_key = $1")
        .bind(username_key(&username))
        .execute(&mut *tx)
        .await?;
    notices::password_changed(&username)
        .send_to(&mut tx, &[&email])
        .await?;
    audit::record(&mut *tx, AuditEvent::by(user_id, "password_reset")).await?;
    tx.commit().await?;
    tracing::info!(user_id, "password reset; every session ended");
    Ok(StatusCode::NO_CONTENT)
}
