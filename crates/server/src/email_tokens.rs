//! The tokens of email links (`docs/accounts.md`, "Password reset" and "Confirmed addresses"): a
//! random token goes into the link's fragment (`{public-url}/password-reset#token=...`), only its
//! SHA-256 (hex) is stored, and it is used at most once, before it expires.
//!
//! May import: `time`, `auth` (the SHA-256 of secrets).

use std::time::Duration;

use base64::Engine as _;
use sqlx::{AnyConnection, Row};

use crate::auth::sha256_hex;
use crate::time::now_utc_millis;

/// What a token is for (the `purpose` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A new password for the account.
    PasswordReset,
    /// The account's email address is the user's.
    AccountEmail,
    /// The profile's contact email address is the user's.
    ContactEmail,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::PasswordReset => "password_reset",
            Purpose::AccountEmail => "account_email",
            Purpose::ContactEmail => "contact_email",
        }
    }
}

/// A fresh token (32 random bytes, base64url) and the SHA-256 (hex) the table keeps of it.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).expect("the operating system's random number generator");
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = sha256_hex(&token);
    (token, hash)
}

/// The link of a token: `{public_url}/{page}#token={token}` (the token in the fragment, so that it
/// never reaches a server's log).
pub fn link(public_url: &str, page: &str, token: &str) -> String {
    format!("{}/{page}#token={token}", public_url.trim_end_matches('/'))
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// Stores the token whose hash is `hash` for `user_id`, sent to `address`, valid for `validity`.
/// The user's earlier unused tokens of the same purpose stop working (only the newest link works).
pub async fn store(
    conn: &mut AnyConnection,
    hash: &str,
    user_id: i64,
    purpose: Purpose,
    address: &str,
    validity: Duration,
) -> Result<(), sqlx::Error> {
    let now = now_utc_millis();
    // Expired and used tokens are of no use to anyone.
    sqlx::query("DELETE FROM email_tokens WHERE expires_at <= $1 OR used_at IS NOT NULL")
        .bind(now)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM email_tokens WHERE user_id = $1 AND purpose = $2")
        .bind(user_id)
        .bind(purpose.as_str())
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO email_tokens (token_hash, user_id, purpose, address, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(hash)
    .bind(user_id)
    .bind(purpose.as_str())
    .bind(address)
    .bind(now)
    .bind(now.saturating_add(millis(validity)))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A token that was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Used {
    pub user_id: i64,
    /// The address the link was sent to.
    pub address: String,
}

/// Uses the token `token` of `purpose`: `None` if it is unknown, used, expired or of another
/// purpose. Once used it never works again (call it inside the transaction that acts on it).
pub async fn take(
    conn: &mut AnyConnection,
    token: &str,
    purpose: Purpose,
) -> Result<Option<Used>, sqlx::Error> {
    let now = now_utc_millis();
    let row = sqlx::query(
        "UPDATE email_tokens SET used_at = $1 \
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 \
         RETURNING user_id, address",
    )
    .bind(now)
    .bind(sha256_hex(token.trim()))
    .bind(purpose.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok(Used {
            user_id: row.try_get("user_id")?,
            address: row.try_get("address")?,
        })
    })
    .transpose()
}

/// Ends every unused token of `purpose` of `user_id` (after a reset, the other links stop working).
pub async fn forget(
    conn: &mut AnyConnection,
    user_id: i64,
    purpose: Purpose,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM email_tokens WHERE user_id = $1 AND purpose = $2")
        .bind(user_id)
        .bind(purpose.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_carry_the_token_in_the_fragment() {
        assert_eq!(
            link("http://127.0.0.1:8080/", "password-reset", "abc"),
            "http://127.0.0.1:8080/password-reset#token=abc"
        );
        let (token, hash) = new_token();
        assert_eq!(token.len(), 43);
        assert_eq!(hash, sha256_hex(&token));
    }
}
