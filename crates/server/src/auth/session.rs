//! Sessions: the cookie `portal_session` (only its SHA-256 in the database), the signed-in user as
//! an extractor ([`CurrentUser`], [`MaybeUser`]) with the role checks, starting and ending
//! sessions, and what `GET /api/session` answers (`docs/accounts.md`, "Security rules").
//!
//! May import: `state`, `error`, `time`, `users`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use base64::Engine as _;
use rules::wire::accounts::{AccountStatus, Role, Session};
use sha2::{Digest, Sha256};
use sqlx::{Row, SqlitePool};

use crate::error::{ApiError, NOT_ALLOWED};
use crate::state::AppState;
use crate::time::now_utc_millis;
use crate::users::{self, display_name, parse_status};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "portal_session";

/// The 403 of a provider whose registration is not approved.
pub const NOT_APPROVED: &str = "Your registration has not been approved yet";

/// The signed-in user of a request. As an extractor: 401 without a live session (an idle one is
/// deleted), else the session is renewed. A `disabled` user has no live session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub role: Role,
    pub status: AccountStatus,
    pub mco_id: Option<i64>,
    /// The facility the user works for now: the session's choice, else their first facility
    /// (approved providers only).
    pub facility_id: Option<i64>,
    pub email: String,
    /// SHA-256 (hex) of this session's token.
    pub(crate) session_hash: String,
}

/// The signed-in user if any (never a 401).
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl CurrentUser {
    /// HFS staff or HFS admin, else 403.
    pub fn require_hfs(&self) -> Result<(), ApiError> {
        if self.role.is_hfs() {
            Ok(())
        } else {
            Err(ApiError::forbidden(NOT_ALLOWED))
        }
    }

    /// HFS admin, else 403.
    pub fn require_admin(&self) -> Result<(), ApiError> {
        if self.role == Role::HfsAdmin {
            Ok(())
        } else {
            Err(ApiError::forbidden(NOT_ALLOWED))
        }
    }

    /// A provider user in any status, else 403.
    pub fn require_provider(&self) -> Result<(), ApiError> {
        if self.role == Role::Provider {
            Ok(())
        } else {
            Err(ApiError::forbidden(NOT_ALLOWED))
        }
    }

    /// A provider user HFS approved, else 403.
    pub fn require_approved_provider(&self) -> Result<(), ApiError> {
        self.require_provider()?;
        if self.status == AccountStatus::Approved {
            Ok(())
        } else {
            Err(ApiError::forbidden(NOT_APPROVED))
        }
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        current_user(&parts.headers, state)
            .await?
            .ok_or(ApiError::Unauthorized)
    }
}

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Ok(MaybeUser(current_user(&parts.headers, state).await?))
    }
}

/// The signed-in user of a request whose role is checked before anything else of the request (its
/// body included) is read: 401 without a live session, else the 403 of the role check. For the
/// endpoints that take a body, so that a wrong role is told apart before a wrong body.
macro_rules! role_extractor {
    ($(#[$doc:meta])* $name:ident, $check:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(pub CurrentUser);

        impl FromRequestParts<AppState> for $name {
            type Rejection = ApiError;

            async fn from_request_parts(
                parts: &mut Parts,
                state: &AppState,
            ) -> Result<Self, ApiError> {
                let user = CurrentUser::from_request_parts(parts, state).await?;
                user.$check()?;
                Ok($name(user))
            }
        }
    };
}

role_extractor!(
    /// HFS staff or HFS admin ([`CurrentUser::require_hfs`]).
    Hfs,
    require_hfs
);
role_extractor!(
    /// An HFS admin ([`CurrentUser::require_admin`]).
    Admin,
    require_admin
);
role_extractor!(
    /// A provider user in any status ([`CurrentUser::require_provider`]).
    Provider,
    require_provider
);
role_extractor!(
    /// A provider user HFS approved ([`CurrentUser::require_approved_provider`]).
    ApprovedProvider,
    require_approved_provider
);

/// The token of the `portal_session` cookie, if the request has one.
fn session_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == SESSION_COOKIE && !value.is_empty())
        .map(|(_, value)| value)
}

/// SHA-256 (hex) of a secret: what the database keeps of tokens and codes.
pub fn sha256_hex(secret: &str) -> String {
    format!("{:x}", Sha256::digest(secret.as_bytes()))
}

/// The user of the request's session, renewing it; `None` without a live session.
async fn current_user(
    headers: &HeaderMap,
    state: &AppState,
) -> Result<Option<CurrentUser>, ApiError> {
    let Some(token) = session_token(headers) else {
        return Ok(None);
    };
    let hash = sha256_hex(token);
    let row = sqlx::query(
        "SELECT s.last_seen_at, u.id, u.username, u.email, u.role, u.status, u.mco_id, u.demo, \
           CASE WHEN u.role = 'provider' AND u.status = 'approved' THEN \
             COALESCE((SELECT uf.facility_id FROM user_facilities uf \
                        WHERE uf.user_id = u.id AND uf.facility_id = s.facility_id), \
                      (SELECT uf.facility_id FROM user_facilities uf WHERE uf.user_id = u.id \
                        ORDER BY uf.added_at, uf.facility_id LIMIT 1)) \
           END AS facility_id \
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?",
    )
    .bind(&hash)
    .fetch_optional(&state.pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };

    let now = now_utc_millis();
    let last_seen: i64 = row.try_get("last_seen_at")?;
    let status = parse_status(&row.try_get::<String, _>("status")?);
    let role = Role::parse(&row.try_get::<String, _>("role")?);
    let idle = i64::try_from(state.security.session_idle.as_millis()).unwrap_or(i64::MAX);
    let (Some(role), Some(status)) = (role, status) else {
        tracing::error!("a session's user has an unknown role or status");
        return Ok(None);
    };
    // A demo account's session ends when the server runs without `--demo`.
    let demo_off = row.try_get::<bool, _>("demo")? && !state.demo;
    if now.saturating_sub(last_seen) > idle || status == AccountStatus::Disabled || demo_off {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
            .bind(&hash)
            .execute(&state.pool)
            .await?;
        return Ok(None);
    }
    sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?")
        .bind(now)
        .bind(&hash)
        .execute(&state.pool)
        .await?;

    Ok(Some(CurrentUser {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        role,
        status,
        mco_id: row.try_get("mco_id")?,
        facility_id: row.try_get("facility_id")?,
        email: row.try_get("email")?,
        session_hash: hash,
    }))
}

/// Whether the request came over HTTPS (as the proxy says) or the server is configured so.
fn secure(state: &AppState, headers: &HeaderMap) -> bool {
    state.security.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"))
}

fn cookie(value: &str, extra: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={value}; HttpOnly; SameSite=Strict; Path=/{extra}{secure}"
    ))
    .expect("a cookie of base64url and fixed text is a valid header value")
}

/// Starts a session for `user_id` (working for their first facility, if any) and returns the
/// `Set-Cookie` header value that carries it. Also deletes sessions that have been idle too long.
pub async fn start_session(
    state: &AppState,
    user_id: i64,
    headers: &HeaderMap,
) -> Result<HeaderValue, ApiError> {
    let mut conn = state.pool.acquire().await?;
    start_session_in(&mut conn, state, user_id, None, headers).await
}

/// [`start_session`] on `conn` (inside the caller's transaction, if any), working for
/// `facility_id` when it is one of the user's (else their first facility, if any).
pub async fn start_session_in(
    conn: &mut sqlx::SqliteConnection,
    state: &AppState,
    user_id: i64,
    facility_id: Option<i64>,
    headers: &HeaderMap,
) -> Result<HeaderValue, ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).expect("the operating system's random number generator");
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let now = now_utc_millis();
    let idle = i64::try_from(state.security.session_idle.as_millis()).unwrap_or(i64::MAX);

    sqlx::query("DELETE FROM sessions WHERE last_seen_at < ?")
        .bind(now.saturating_sub(idle))
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, facility_id, created_at, last_seen_at) \
         VALUES (?1, ?2, COALESCE( \
           (SELECT facility_id FROM user_facilities WHERE user_id = ?2 AND facility_id = ?3), \
           (SELECT facility_id FROM user_facilities WHERE user_id = ?2 \
             ORDER BY added_at, facility_id LIMIT 1)), ?4, ?4)",
    )
    .bind(sha256_hex(&token))
    .bind(user_id)
    .bind(facility_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    tracing::info!(user_id, "session started");
    Ok(cookie(&token, "", secure(state, headers)))
}

/// Ends the session the request's cookie names, if any, whoever it belongs to (a sign-in replaces
/// it: a session token planted before the sign-in never becomes a signed-in session).
pub async fn end_cookie_session(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    if let Some(token) = session_token(headers) {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
            .bind(sha256_hex(token))
            .execute(&state.pool)
            .await?;
    }
    Ok(())
}

/// The `Set-Cookie` header value that removes the session cookie.
pub fn clear_cookie(state: &AppState, headers: &HeaderMap) -> HeaderValue {
    cookie("", "; Max-Age=0", secure(state, headers))
}

/// Ends the session of this request.
pub async fn end_session(state: &AppState, user: &CurrentUser) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
        .bind(&user.session_hash)
        .execute(&state.pool)
        .await?;
    Ok(())
}

/// Ends every session of `user_id` (disabled, or signed out everywhere).
pub async fn end_all_sessions(pool: &SqlitePool, user_id: i64) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = ?")
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Makes `facility_id` the facility this session works for (the caller checked it is theirs).
pub async fn set_session_facility(
    state: &AppState,
    user: &mut CurrentUser,
    facility_id: i64,
) -> Result<(), ApiError> {
    sqlx::query("UPDATE sessions SET facility_id = ? WHERE token_hash = ?")
        .bind(facility_id)
        .bind(&user.session_hash)
        .execute(&state.pool)
        .await?;
    user.facility_id = Some(facility_id);
    Ok(())
}

/// What `GET /api/session` answers for `user`.
pub async fn session_info(state: &AppState, user: &CurrentUser) -> Result<Session, ApiError> {
    let names = sqlx::query("SELECT first_name, last_name FROM users WHERE id = ?")
        .bind(user.id)
        .fetch_one(&state.pool)
        .await?;
    let first: String = names.try_get("first_name")?;
    let last: String = names.try_get("last_name")?;

    let facilities = if user.role == Role::Provider && user.status == AccountStatus::Approved {
        users::user_facilities(&state.pool, user.id).await?
    } else {
        Vec::new()
    };
    let facility_id = user
        .facility_id
        .filter(|id| facilities.iter().any(|f| f.id == *id))
        .or_else(|| facilities.first().map(|f| f.id));
    let mco = match (user.role, user.mco_id) {
        (Role::Mco, Some(id)) => users::mco(&state.pool, id).await?,
        _ => None,
    };
    Ok(Session {
        username: user.username.clone(),
        role: user.role,
        facilities,
        mco,
        facility_id,
        display_name: display_name(&first, &last, &user.username),
        status: user.status,
        idle_timeout_seconds: u32::try_from(state.security.session_idle.as_secs())
            .unwrap_or(u32::MAX),
        email: user.email.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; portal_session=tok-en_1; b=2"),
        );
        assert_eq!(session_token(&headers), Some("tok-en_1"));
        headers.insert(header::COOKIE, HeaderValue::from_static("portal_session="));
        assert_eq!(session_token(&headers), None);
        assert_eq!(session_token(&HeaderMap::new()), None);
    }
}
