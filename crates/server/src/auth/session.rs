//! Sessions: the cookie `__Host-portal_session` (`portal_session` on a plain-HTTP loopback
//! install; only its SHA-256 in the database), the signed-in user as an extractor
//! ([`CurrentUser`], [`SignedIn`], [`MaybeUser`]) with the role checks, starting and ending
//! sessions, and what `GET /api/session` answers (`docs/accounts.md`, "Security rules";
//! `docs/security.md`, V3).
//!
//! A session ends after [`crate::Security::session_idle`] without a request, and in any case
//! [`crate::Security::session_max`] after it started. The time of a session's last request is
//! written at most once per [`touch_interval`] (a minute), not at every request: a session ends
//! when that time is older than the idle limit plus the interval, so it always has its whole idle
//! limit after its last request and at most a minute more (`docs/accounts.md`). A session whose password was right but
//! whose second-step code is due reaches nothing but `POST /api/session/mfa`. When an account's
//! rights change, its sessions are marked and each gets a new id at its next request (the
//! [`session_rotation`] layer sends the new cookie).
//!
//! May import: `state`, `error`, `time`, `users`.

use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Body;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;
use rules::wire::accounts::{AccountStatus, Role, Session};
use sha2::{Digest, Sha256};
use sqlx::{AnyPool, Row};

use crate::error::{ApiError, NOT_ALLOWED};
use crate::state::AppState;
use crate::time::now_utc_millis;
use crate::users::{self, display_name, parse_status};

/// The session cookie's name on a plain-HTTP loopback install (`Secure` off).
pub const SESSION_COOKIE: &str = "portal_session";
/// The session cookie's name everywhere else: `__Host-` makes the browser refuse it unless it is
/// `Secure`, has `Path=/` and no `Domain` (no other host can set or shadow it).
pub const SECURE_SESSION_COOKIE: &str = "__Host-portal_session";

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
    /// Whether the user signs in in two steps.
    pub mfa_enrolled: bool,
    /// Whether the user must enrol before reaching anything else ([`super::mfa::required_for`]
    /// their role, not enrolled, not a demo account).
    pub mfa_enrolment_required: bool,
    /// SHA-256 (hex) of this session's token.
    pub(crate) session_hash: String,
}

/// The signed-in user, also while they must still enrol in two-step sign-in (for the session,
/// signing out, the password and the enrolment itself). Every other endpoint takes
/// [`CurrentUser`], which answers `403 {"error": "mfa_enrolment_required"}` until then.
#[derive(Debug, Clone)]
pub struct SignedIn(pub CurrentUser);

/// The signed-in user if any (never a 401; `None` while they must enrol).
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
        let user = current_user(parts, state)
            .await?
            .ok_or(ApiError::Unauthorized)?;
        if user.mfa_enrolment_required {
            return Err(ApiError::MfaEnrolmentRequired);
        }
        Ok(user)
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        current_user(parts, state)
            .await?
            .map(SignedIn)
            .ok_or(ApiError::Unauthorized)
    }
}

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Ok(MaybeUser(
            current_user(parts, state)
                .await?
                .filter(|user| !user.mfa_enrolment_required),
        ))
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

/// The token of the session cookie, if the request has one: `__Host-portal_session`, or (only
/// while cookies are not `Secure`: a plain-HTTP loopback install) `portal_session`.
fn session_token<'h>(state: &AppState, headers: &'h HeaderMap) -> Option<&'h str> {
    let plain_allowed = !state.security.secure_cookies;
    cookie_value(headers, SECURE_SESSION_COOKIE).or_else(|| {
        plain_allowed
            .then(|| cookie_value(headers, SESSION_COOKIE))
            .flatten()
    })
}

fn cookie_value<'h>(headers: &'h HeaderMap, wanted: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == wanted && !value.is_empty())
        .map(|(_, value)| value)
}

/// Where [`current_user`] leaves the cookie of a session it gave a new id, for
/// [`session_rotation`] to send.
#[derive(Clone, Default)]
struct RotatedCookie(Arc<Mutex<Option<HeaderValue>>>);

/// The layer under `/api` that sends the new cookie of a session whose id changed during the
/// request (the account's rights changed since its last request).
pub async fn session_rotation(mut request: Request<Body>, next: Next) -> Response {
    let slot = RotatedCookie::default();
    request.extensions_mut().insert(slot.clone());
    let mut response = next.run(request).await;
    let cookie = slot.0.lock().unwrap_or_else(PoisonError::into_inner).take();
    if let Some(cookie) = cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// A new random session token.
fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).expect("the operating system's random number generator");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// How often at most a session's last-request time is written: a minute, or a fifteenth of the
/// idle limit if that is shorter (the same minute at the 15-minute default; tests shorten both).
pub fn touch_interval(security: &crate::state::Security) -> std::time::Duration {
    std::time::Duration::from_secs(60).min(security.session_idle / 15)
}

/// The age of a session's written last-request time past which it has been idle too long: the
/// idle limit plus [`touch_interval`] (the written time may be up to that much before the last
/// request).
fn idle_after(security: &crate::state::Security) -> i64 {
    millis(security.session_idle).saturating_add(millis(touch_interval(security)))
}

fn millis(duration: std::time::Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// SHA-256 (hex) of a secret: what the database keeps of tokens and codes.
pub fn sha256_hex(secret: &str) -> String {
    format!("{:x}", Sha256::digest(secret.as_bytes()))
}

/// The user of the request's session, renewing it; `None` without a live session (or while its
/// second step is due). Gives the session a new id when one is due.
async fn current_user(parts: &Parts, state: &AppState) -> Result<Option<CurrentUser>, ApiError> {
    let headers = &parts.headers;
    let Some(token) = session_token(state, headers) else {
        return Ok(None);
    };
    let mut hash = sha256_hex(token);
    let row = sqlx::query(
        "SELECT s.last_seen_at, s.created_at, s.mfa_pending, s.rotate_due, \
           u.mfa_secret IS NOT NULL AS mfa_enrolled, \
           u.id, u.username, u.email, u.role, u.status, u.mco_id, u.demo, \
           CASE WHEN u.role = 'provider' AND u.status = 'approved' THEN \
             COALESCE((SELECT uf.facility_id FROM user_facilities uf \
                        WHERE uf.user_id = u.id AND uf.facility_id = s.facility_id), \
                      (SELECT uf.facility_id FROM user_facilities uf WHERE uf.user_id = u.id \
                        ORDER BY uf.added_at, uf.facility_id LIMIT 1)) \
           END AS facility_id \
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
    )
    .bind(&hash)
    .fetch_optional(&state.pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };

    let now = now_utc_millis();
    let last_seen: i64 = row.try_get("last_seen_at")?;
    let created: i64 = row.try_get("created_at")?;
    let status = parse_status(&row.try_get::<String, _>("status")?);
    let role = Role::parse(&row.try_get::<String, _>("role")?);
    let idle = idle_after(&state.security);
    let max = millis(state.security.session_max);
    let (Some(role), Some(status)) = (role, status) else {
        tracing::error!("a session's user has an unknown role or status");
        return Ok(None);
    };
    // A demo account's session ends when the server runs without `--demo`.
    let demo = crate::db::flag(&row, "demo")?;
    let demo_off = demo && !state.demo;
    let too_old = now.saturating_sub(created) > max;
    if now.saturating_sub(last_seen) > idle
        || too_old
        || status == AccountStatus::Disabled
        || demo_off
    {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(&hash)
            .execute(&state.pool)
            .await?;
        if too_old {
            tracing::info!("session ended: 12 hours since sign-in");
        }
        return Ok(None);
    }
    if crate::db::flag(&row, "mfa_pending")? {
        // Password right, code still due: this session reaches only `POST /api/session/mfa`.
        return Ok(None);
    }
    let rotate = crate::db::flag(&row, "rotate_due")?;
    if rotate {
        // The account's rights changed: the same session goes on under a new id.
        let token = new_token();
        let new_hash = sha256_hex(&token);
        let changed = sqlx::query(
            "UPDATE sessions SET token_hash = $1, rotate_due = 0, last_seen_at = $2 \
             WHERE token_hash = $3",
        )
        .bind(&new_hash)
        .bind(now)
        .bind(&hash)
        .execute(&state.pool)
        .await?
        .rows_affected();
        if changed == 1 {
            hash = new_hash;
            if let Some(slot) = parts.extensions.get::<RotatedCookie>() {
                *slot.0.lock().unwrap_or_else(PoisonError::into_inner) =
                    Some(cookie(&token, "", secure(state, headers)));
            }
            tracing::info!("session given a new id: the account's rights changed");
        }
    } else if now.saturating_sub(last_seen) >= millis(touch_interval(&state.security)) {
        // Written at most once a minute: under load, reads of one session do not queue for
        // SQLite's write lock to say the same thing again.
        sqlx::query(
            "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2 AND last_seen_at < $1",
        )
        .bind(now)
        .bind(&hash)
        .execute(&state.pool)
        .await?;
    }
    let mfa_enrolled: bool = crate::db::flag(&row, "mfa_enrolled")?;

    Ok(Some(CurrentUser {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        role,
        status,
        mco_id: row.try_get("mco_id")?,
        facility_id: row.try_get("facility_id")?,
        email: row.try_get("email")?,
        mfa_enrolled,
        mfa_enrolment_required: super::mfa::required_for(role) && !mfa_enrolled && !demo,
        session_hash: hash,
    }))
}

/// The session of the request whose second step is due: (user id, username), if any live one.
pub async fn pending_session(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<(i64, String)>, ApiError> {
    let Some(token) = session_token(state, headers) else {
        return Ok(None);
    };
    let row = sqlx::query(
        "SELECT s.last_seen_at, u.id, u.username, u.status FROM sessions s \
         JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.mfa_pending = 1",
    )
    .bind(sha256_hex(token))
    .fetch_optional(&state.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let last_seen: i64 = row.try_get("last_seen_at")?;
    let status: String = row.try_get("status")?;
    if now_utc_millis().saturating_sub(last_seen) > millis(state.security.session_idle)
        || status == "disabled"
    {
        return Ok(None);
    }
    Ok(Some((row.try_get("id")?, row.try_get("username")?)))
}

/// Marks every session of `user_id` to get a new id at its next request (the account's rights
/// changed: a registration approved, a facility added, a role changed).
pub async fn rotate_sessions<'e, E: sqlx::AnyExecutor<'e>>(
    executor: E,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET rotate_due = 1 WHERE user_id = $1")
        .bind(user_id)
        .execute(executor)
        .await?;
    Ok(())
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
    let (name, secure) = if secure {
        (SECURE_SESSION_COOKIE, "; Secure")
    } else {
        (SESSION_COOKIE, "")
    };
    HeaderValue::from_str(&format!(
        "{name}={value}; HttpOnly; SameSite=Strict; Path=/{extra}{secure}"
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

/// Starts a session for `user_id` whose second step is still due (`POST /api/session/mfa`).
pub async fn start_pending_session(
    state: &AppState,
    user_id: i64,
    headers: &HeaderMap,
) -> Result<HeaderValue, ApiError> {
    let mut conn = state.pool.acquire().await?;
    insert_session(&mut conn, state, user_id, None, headers, true).await
}

/// [`start_session`] on `conn` (inside the caller's transaction, if any), working for
/// `facility_id` when it is one of the user's (else their first facility, if any).
pub async fn start_session_in(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    user_id: i64,
    facility_id: Option<i64>,
    headers: &HeaderMap,
) -> Result<HeaderValue, ApiError> {
    insert_session(conn, state, user_id, facility_id, headers, false).await
}

async fn insert_session(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    user_id: i64,
    facility_id: Option<i64>,
    headers: &HeaderMap,
    mfa_pending: bool,
) -> Result<HeaderValue, ApiError> {
    let token = new_token();
    let now = now_utc_millis();
    let idle = idle_after(&state.security);
    let max = millis(state.security.session_max);

    sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
        .bind(now.saturating_sub(idle))
        .bind(now.saturating_sub(max))
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, facility_id, created_at, last_seen_at, \
           mfa_pending) \
         VALUES ($1, $2, COALESCE( \
           (SELECT facility_id FROM user_facilities WHERE user_id = $2 AND facility_id = $3), \
           (SELECT facility_id FROM user_facilities WHERE user_id = $2 \
             ORDER BY added_at, facility_id LIMIT 1)), $4, $4, $5)",
    )
    .bind(sha256_hex(&token))
    .bind(user_id)
    .bind(facility_id)
    .bind(now)
    .bind(i64::from(mfa_pending))
    .execute(&mut *conn)
    .await?;
    if mfa_pending {
        tracing::info!(user_id, "password right: the second step is due");
    } else {
        tracing::info!(user_id, "session started");
    }
    Ok(cookie(&token, "", secure(state, headers)))
}

/// Ends the session the request's cookie names, if any, whoever it belongs to (a sign-in replaces
/// it: a session token planted before the sign-in never becomes a signed-in session).
/// The user whose session ended, if one did.
pub async fn end_cookie_session(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<i64>, ApiError> {
    if let Some(token) = session_token(state, headers) {
        let ended: Option<i64> =
            sqlx::query_scalar("DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id")
                .bind(sha256_hex(token))
                .fetch_optional(&state.pool)
                .await?;
        return Ok(ended);
    }
    Ok(None)
}

/// The `Set-Cookie` header value that removes the session cookie.
pub fn clear_cookie(state: &AppState, headers: &HeaderMap) -> HeaderValue {
    cookie("", "; Max-Age=0", secure(state, headers))
}

/// Ends the session of this request.
pub async fn end_session(state: &AppState, user: &CurrentUser) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(&user.session_hash)
        .execute(&state.pool)
        .await?;
    Ok(())
}

/// Ends every session of `user_id` (disabled, or signed out everywhere).
pub async fn end_all_sessions(pool: &AnyPool, user_id: i64) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
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
    sqlx::query("UPDATE sessions SET facility_id = $1 WHERE token_hash = $2")
        .bind(facility_id)
        .bind(&user.session_hash)
        .execute(&state.pool)
        .await?;
    user.facility_id = Some(facility_id);
    Ok(())
}

/// What `GET /api/session` answers for `user`.
pub async fn session_info(state: &AppState, user: &CurrentUser) -> Result<Session, ApiError> {
    let names = sqlx::query("SELECT first_name, last_name FROM users WHERE id = $1")
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
        mfa_enrolled: user.mfa_enrolled,
        mfa_enrolment_required: user.mfa_enrolment_required,
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
        assert_eq!(cookie_value(&headers, SESSION_COOKIE), Some("tok-en_1"));
        assert_eq!(cookie_value(&headers, SECURE_SESSION_COOKIE), None);
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; __Host-portal_session=tok; b=2"),
        );
        assert_eq!(cookie_value(&headers, SECURE_SESSION_COOKIE), Some("tok"));
        headers.insert(header::COOKIE, HeaderValue::from_static("portal_session="));
        assert_eq!(cookie_value(&headers, SESSION_COOKIE), None);
        assert_eq!(cookie_value(&HeaderMap::new(), SESSION_COOKIE), None);
    }
}
