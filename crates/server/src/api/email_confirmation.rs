//! Confirmed addresses (`docs/accounts.md`, "Confirmed addresses"):
//! - `POST /api/email-confirmation` `{"token"}`: the link emailed to a new account's address, or to
//!   a profile's new contact email, was opened: 204, that address is confirmed; a used, expired or
//!   unknown token (or one sent to an address the account no longer has): 422 `token`. No sign-in
//!   needed (the link may be opened on another device). The confirmation that completes a pending
//!   request sends it to HFS (`registration::reach_hfs_if_ready`);
//! - `POST /api/me/email-confirmation` (a provider, no body): sends the links of the addresses not
//!   confirmed yet again (204), at most 3 times per 15 minutes per account (429); 409 when nothing
//!   is left to confirm.
//!
//! May import: any module below `api` (not `cli`, `demo`, `fallback`), `api::body`,
//! `api::registration`, `api::password_reset`.

use std::time::Instant;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use rules::wire::accounts::EmailConfirmation;
use sqlx::Row;

use crate::api::body::JsonBody;
use crate::api::password_reset::LINK_NOT_VALID;
use crate::api::registration::{reach_hfs_if_ready, review_due_today, send_confirmation};
use crate::auth::Provider;
use crate::email_tokens::{self, Purpose};
use crate::error::{ApiError, FieldErrors};
use crate::state::AppState;
use crate::time::now_utc_millis;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/email-confirmation", post(confirm))
        .route("/me/email-confirmation", post(send_again))
}

const NOTHING_TO_CONFIRM: &str = "Your email addresses are already confirmed";

/// `POST /api/email-confirmation`.
#[utoipa::path(post, path = "/api/email-confirmation", tag = "public", request_body = crate::api::schemas::EmailConfirmationBody, responses((status = 204, description = "The address is confirmed"), (status = 422, description = "The field map (a used or expired link under token)")))]
pub(crate) async fn confirm(
    State(state): State<AppState>,
    JsonBody(input): JsonBody<EmailConfirmation>,
) -> Result<StatusCode, ApiError> {
    let due = review_due_today(&state).await?;
    let token = input.token.trim();
    let mut tx = state.pool.begin().await?;
    let (used, purpose) = if let Some(used) =
        email_tokens::take(&mut tx, token, Purpose::AccountEmail).await?
    {
        (used, Purpose::AccountEmail)
    } else if let Some(used) = email_tokens::take(&mut tx, token, Purpose::ContactEmail).await? {
        (used, Purpose::ContactEmail)
    } else {
        return Err(FieldErrors::one("token", LINK_NOT_VALID).into());
    };
    let now = now_utc_millis();
    let confirmed = match purpose {
        // The account's email; it is the contact email too when the profile gives the same one.
        Purpose::AccountEmail => sqlx::query(
            "UPDATE users SET email_confirmed_at = $1, contact_email_confirmed_at = CASE \
               WHEN contact_email <> '' AND contact_email = email COLLATE NOCASE \
               THEN COALESCE(contact_email_confirmed_at, $1) ELSE contact_email_confirmed_at END \
             WHERE id = $2 AND email = $3 COLLATE NOCASE AND email_confirmed_at IS NULL",
        ),
        _ => sqlx::query(
            "UPDATE users SET contact_email_confirmed_at = $1 \
             WHERE id = $2 AND contact_email = $3 COLLATE NOCASE \
             AND contact_email_confirmed_at IS NULL",
        ),
    }
    .bind(now)
    .bind(used.user_id)
    .bind(&used.address)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !confirmed {
        // The address changed since the link was sent (or is confirmed already).
        return Err(FieldErrors::one("token", LINK_NOT_VALID).into());
    }
    reach_hfs_if_ready(&mut tx, used.user_id, due).await?;
    tx.commit().await?;
    tracing::info!(
        user_id = used.user_id,
        purpose = purpose.as_str(),
        "address confirmed"
    );
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/me/email-confirmation`.
async fn send_again(
    State(state): State<AppState>,
    Provider(user): Provider,
) -> Result<StatusCode, ApiError> {
    let row = sqlx::query(
        "SELECT email, email_confirmed_at IS NOT NULL AS email_ok, contact_email, \
           contact_email_confirmed_at IS NOT NULL AS contact_ok, status FROM users WHERE id = $1",
    )
    .bind(user.id)
    .fetch_one(&state.pool)
    .await?;
    let email: String = row.try_get("email")?;
    let contact: String = row.try_get("contact_email")?;
    let status: String = row.try_get("status")?;
    let account_due = !crate::db::flag(&row, "email_ok")?;
    // The account's own link confirms a contact email that is the same address.
    let contact_due = !crate::db::flag(&row, "contact_ok")?
        && status == "pending"
        && !contact.trim().is_empty()
        && !contact.eq_ignore_ascii_case(email.trim());
    if !account_due && !contact_due {
        return Err(ApiError::conflict(NOTHING_TO_CONFIRM));
    }
    state
        .throttles
        .confirm_by_account
        .hit(&user.id.to_string(), Instant::now())
        .map_err(|wait| {
            let minutes = wait.as_secs().div_ceil(60).max(1);
            let plural = if minutes == 1 { "" } else { "s" };
            ApiError::TooManyRequests {
                retry_after_secs: wait.as_secs().max(1),
                errors: FieldErrors::one(
                    "email",
                    format!(
                        "You asked for the link several times already. Check your email, or try \
                         again in {minutes} minute{plural}"
                    ),
                ),
            }
        })?;
    let mut tx = state.pool.begin().await?;
    if account_due {
        send_confirmation(&mut tx, &state, user.id, Purpose::AccountEmail, &email).await?;
    }
    if contact_due {
        send_confirmation(&mut tx, &state, user.id, Purpose::ContactEmail, &contact).await?;
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
