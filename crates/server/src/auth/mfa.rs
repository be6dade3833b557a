//! Two-step sign-in (`docs/security.md`, V2): an authenticator app's codes (TOTP, RFC 6238: 6
//! digits, 30-second steps, SHA-1, one step of clock drift either way) with `totp-rs`, the
//! enrolment's secret and QR code (an SVG drawn by `qrcode`), and ten single-use recovery codes.
//!
//! A code is accepted once: the last accepted time step is kept per user, and only a later step
//! is accepted after it (RFC 6238, 5.2). A recovery code is marked used when it is accepted. The
//! database keeps the secret sealed (`secret_box`: it must be able to read it, to check codes; a
//! secret stored before encryption is sealed at its next use) and only the SHA-256 of recovery codes.
//!
//! May import: `error`, `time`, `secret_box`.

use qrcode::render::svg;
use qrcode::QrCode;
use rules::accounts::{SecondFactor, RECOVERY_ALPHABET, RECOVERY_CODES, RECOVERY_CODE_CHARS};
use rules::wire::accounts::{MfaEnrolment, Role};
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};
use totp_rs::{Algorithm, Secret, Totp};

use crate::error::ApiError;
use crate::secret_box::{self, SecretBox};
use crate::time::now_utc_millis;

/// The name authenticator apps show beside the account.
pub const ISSUER: &str = "Illinois Provider Resolution Portal";

/// Bytes of a new secret (160 bits, RFC 4226's recommendation).
const SECRET_BYTES: usize = 20;

/// Whether an account of `role` must enrol before it reaches any ticket or queue (HFS staff, HFS
/// administrators and MCO staff see many members' data; providers may enrol).
pub fn required_for(role: Role) -> bool {
    matches!(role, Role::HfsStaff | Role::HfsAdmin | Role::Mco)
}

/// A new random secret, base32 (no padding).
pub fn new_secret() -> String {
    let mut bytes = vec![0u8; SECRET_BYTES];
    getrandom::getrandom(&mut bytes).expect("the operating system's random number generator");
    Secret::from(bytes).to_base32()
}

/// The TOTP of `secret` (base32) for `account`; `None` for a secret that cannot be read.
fn totp(secret: &str, account: &str) -> Option<Totp> {
    let bytes = Secret::try_from_base32(secret).ok()?;
    totp_rs::Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_skew(1)
        .with_secret(bytes)
        // A colon would end the label early: usernames cannot hold one, but be safe.
        .with_account_name(account.replace(':', " "))
        .with_issuer(Some(ISSUER))
        .build()
        .ok()
}

/// What the enrolment page shows for `secret`: the secret in groups, its `otpauth://` address
/// and that address as a QR code (SVG).
pub fn enrolment(secret: &str, username: &str) -> Result<MfaEnrolment, ApiError> {
    let totp = totp(secret, username).ok_or(ApiError::Internal("an MFA secret cannot be read"))?;
    let uri = totp
        .to_url()
        .map_err(|_| ApiError::Internal("an otpauth address cannot be made"))?;
    let qr_svg = QrCode::new(uri.as_bytes())
        .map_err(|_| ApiError::Internal("a QR code cannot be made"))?
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    // The XML declaration is not wanted inside a page.
    let qr_svg = match qr_svg.find("<svg") {
        Some(start) => qr_svg[start..].to_owned(),
        None => qr_svg,
    };
    Ok(MfaEnrolment {
        secret: rules::accounts::group_secret(secret),
        otpauth_uri: uri,
        qr_svg,
    })
}

/// The time step `code` is right for (this step, or one either side), if any.
pub fn code_step(secret: &str, code: &str, now_secs: u64) -> Option<u64> {
    totp(secret, "check")?.check(code, now_secs)
}

/// Ten new recovery codes (as stored: lowercase, no hyphen).
pub fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; RECOVERY_CODE_CHARS];
            getrandom::getrandom(&mut bytes)
                .expect("the operating system's random number generator");
            bytes
                .iter()
                .map(|b| {
                    // 248 = 8 * 31: no bias from the modulo.
                    let mut b = *b;
                    while usize::from(b) >= 248 {
                        let mut one = [0u8; 1];
                        getrandom::getrandom(&mut one).expect("the random number generator");
                        b = one[0];
                    }
                    char::from(RECOVERY_ALPHABET[usize::from(b) % RECOVERY_ALPHABET.len()])
                })
                .collect()
        })
        .collect()
}

fn now_secs() -> u64 {
    u64::try_from(now_utc_millis() / 1000).unwrap_or(0)
}

/// SHA-256 (hex) of a recovery code: all the database keeps of it.
pub fn code_hash(code: &str) -> String {
    format!("{:x}", Sha256::digest(code.as_bytes()))
}

/// Checks `code` for enrolled `user_id` and, when right, uses it up (the step, or the recovery
/// code). False for a wrong code, a code already used, or a user not enrolled.
pub async fn verify(
    conn: &mut AnyConnection,
    secrets: &SecretBox,
    user_id: i64,
    code: &SecondFactor,
) -> Result<bool, ApiError> {
    match code {
        SecondFactor::Totp(digits) => {
            let row = sqlx::query("SELECT mfa_secret, mfa_last_step FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&mut *conn)
                .await?;
            let Some(row) = row else { return Ok(false) };
            let stored: Option<String> = row.try_get("mfa_secret")?;
            let Some(stored) = stored else {
                return Ok(false);
            };
            let Some(secret) = secrets.open(user_id, &stored) else {
                tracing::error!(
                    user_id,
                    "an MFA secret cannot be opened with this server's key"
                );
                return Ok(false);
            };
            if !secret_box::is_sealed(&stored) {
                // Stored before encryption: sealed now.
                sqlx::query("UPDATE users SET mfa_secret = $1 WHERE id = $2 AND mfa_secret = $3")
                    .bind(secrets.seal(user_id, &secret))
                    .bind(user_id)
                    .bind(&stored)
                    .execute(&mut *conn)
                    .await?;
            }
            let Some(step) = code_step(&secret, digits, now_secs()) else {
                return Ok(false);
            };
            let step = i64::try_from(step).unwrap_or(i64::MAX);
            // Only a later step than the last accepted one: a code (or an older one) is never
            // accepted twice, even by two requests at once.
            let used = sqlx::query(
                "UPDATE users SET mfa_last_step = $1 \
                 WHERE id = $2 AND (mfa_last_step IS NULL OR mfa_last_step < $1)",
            )
            .bind(step)
            .bind(user_id)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            Ok(used == 1)
        }
        SecondFactor::Recovery(code) => {
            let used = sqlx::query(
                "UPDATE mfa_recovery_codes SET used_at = $1 \
                 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
            )
            .bind(now_utc_millis())
            .bind(user_id)
            .bind(code_hash(code))
            .execute(&mut *conn)
            .await?
            .rows_affected();
            if used == 1 {
                tracing::warn!(user_id, "a recovery code was used");
            }
            Ok(used == 1)
        }
    }
}

/// Confirms the enrolment of `user_id` with `digits` (checked against the secret being set up):
/// the secret is in use from now on, and ten new recovery codes replace any old ones. `None`
/// when the code is wrong; `Err(Conflict)` when no enrolment was started.
pub async fn confirm(
    conn: &mut AnyConnection,
    secrets: &SecretBox,
    user_id: i64,
    digits: &str,
) -> Result<Option<Vec<String>>, ApiError> {
    let pending: Option<String> =
        sqlx::query_scalar("SELECT mfa_pending_secret FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *conn)
            .await?
            .flatten();
    let Some(secret) = pending.and_then(|stored| secrets.open(user_id, &stored)) else {
        return Err(ApiError::conflict(
            "Start setting up two-step sign-in again: no secret is waiting for a code",
        ));
    };
    let Some(step) = code_step(&secret, digits, now_secs()) else {
        return Ok(None);
    };
    sqlx::query(
        "UPDATE users SET mfa_secret = $4, mfa_pending_secret = NULL, \
         mfa_enrolled_at = $1, mfa_last_step = $2 WHERE id = $3",
    )
    .bind(now_utc_millis())
    .bind(i64::try_from(step).unwrap_or(i64::MAX))
    .bind(user_id)
    .bind(secrets.seal(user_id, &secret))
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM mfa_recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    let codes = new_recovery_codes();
    for code in &codes {
        sqlx::query("INSERT INTO mfa_recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(user_id)
            .bind(code_hash(code))
            .execute(&mut *conn)
            .await?;
    }
    Ok(Some(codes))
}

/// Forgets the MFA of `user_id` (an administrator's reset): secret, recovery codes.
pub async fn reset(conn: &mut AnyConnection, user_id: i64) -> Result<bool, ApiError> {
    let updated = sqlx::query(
        "UPDATE users SET mfa_secret = NULL, mfa_pending_secret = NULL, mfa_enrolled_at = NULL, \
         mfa_last_step = NULL WHERE id = $1",
    )
    .bind(user_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    sqlx::query("DELETE FROM mfa_recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    Ok(updated == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_codes_of_a_new_secret() {
        let secret = new_secret();
        assert_eq!(secret.len(), 32, "160 bits in base32");
        let totp = totp(&secret, "ann").unwrap();
        let now = 1_800_000_000;
        let code = totp.generate(now).to_string();
        assert_eq!(code_step(&secret, &code, now), Some(now / 30));
        assert_eq!(code_step(&secret, &code, now + 30), Some(now / 30), "drift");
        assert_eq!(code_step(&secret, &code, now + 90), None, "too old");
        let enrolment = enrolment(&secret, "ann").unwrap();
        assert!(enrolment.qr_svg.starts_with("<svg"), "{}", enrolment.qr_svg);
        assert!(enrolment.otpauth_uri.starts_with("otpauth://totp/"));
        assert!(enrolment.otpauth_uri.contains(&format!("secret={secret}")));
    }

    #[test]
    fn recovery_codes_are_ten_and_readable() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        for code in &codes {
            assert!(matches!(
                rules::accounts::check_mfa_code(code),
                Ok(SecondFactor::Recovery(_))
            ));
        }
        assert_ne!(codes[0], codes[1]);
    }
}
