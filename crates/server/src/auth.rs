//! Who is asking: sessions (cookie `portal_session`, only its SHA-256 in the database), the signed-in
//! user as an extractor ([`CurrentUser`], [`MaybeUser`]), role checks, passwords (argon2id), and
//! the guard every state-changing `/api` request passes ([`request_guard`]). The rules are those of
//! `docs/accounts.md`, "Security rules".

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use chrono::NaiveDate;
use rules::wire::accounts::{AccountStatus, Facility, Mco, Role, Session};
use sha2::{Digest, Sha256};
use sqlx::{Row, SqlitePool};

pub(crate) use crate::api::fields::now_utc_millis;
use crate::api::fields::{body_bytes, json_object};
use crate::error::{FieldErrors, NOT_ALLOWED};
use crate::{ApiError, AppState};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "portal_session";

/// The header every state-changing request of the app carries, and its value.
pub const APP_HEADER: &str = "x-requested-with";
pub const APP_HEADER_VALUE: &str = "portal-app";

/// The 403 of a provider whose registration is not approved.
pub const NOT_APPROVED: &str = "Your registration has not been approved yet";

/// The Illinois date now (deadlines and `requested_on` are Illinois dates).
pub fn today() -> NaiveDate {
    rules::illinois::today(now_utc_millis())
}

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

/// The status as stored (`profile_needed`, `pending`, ...).
pub fn parse_status(text: &str) -> Option<AccountStatus> {
    Some(match text {
        "profile_needed" => AccountStatus::ProfileNeeded,
        "pending" => AccountStatus::Pending,
        "approved" => AccountStatus::Approved,
        "denied" => AccountStatus::Denied,
        "disabled" => AccountStatus::Disabled,
        _ => return None,
    })
}

/// The status as stored.
pub fn status_str(status: AccountStatus) -> &'static str {
    match status {
        AccountStatus::ProfileNeeded => "profile_needed",
        AccountStatus::Pending => "pending",
        AccountStatus::Approved => "approved",
        AccountStatus::Denied => "denied",
        AccountStatus::Disabled => "disabled",
    }
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

/// The facilities of `user_id`, first attached first.
pub async fn user_facilities(pool: &SqlitePool, user_id: i64) -> Result<Vec<Facility>, ApiError> {
    let rows = sqlx::query(
        "SELECT f.id, f.name, f.facility_type, f.medicaid_id, f.npi \
         FROM user_facilities uf JOIN facilities f ON f.id = uf.facility_id \
         WHERE uf.user_id = ? ORDER BY uf.added_at, f.id",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            let npi: String = row.try_get("npi")?;
            Ok(Facility {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                facility_type: row.try_get("facility_type")?,
                medicaid_id: row.try_get("medicaid_id")?,
                npi: (!npi.is_empty()).then_some(npi),
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(ApiError::from)
}

/// An MCO of the list.
pub async fn mco(pool: &SqlitePool, id: i64) -> Result<Option<Mco>, ApiError> {
    let row = sqlx::query("SELECT id, name, active, short_name FROM mcos WHERE id = ?")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(row
        .map(|row| -> Result<Mco, sqlx::Error> {
            Ok(Mco {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                active: row.try_get("active")?,
                short_name: row.try_get("short_name")?,
            })
        })
        .transpose()?)
}

/// "First Last", or `username` while the name is empty.
pub fn display_name(first: &str, last: &str, username: &str) -> String {
    let name = format!("{} {}", first.trim(), last.trim());
    let name = name.trim();
    if name.is_empty() {
        username.to_owned()
    } else {
        name.to_owned()
    }
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
        user_facilities(&state.pool, user.id).await?
    } else {
        Vec::new()
    };
    let facility_id = user
        .facility_id
        .filter(|id| facilities.iter().any(|f| f.id == *id))
        .or_else(|| facilities.first().map(|f| f.id));
    let mco = match (user.role, user.mco_id) {
        (Role::Mco, Some(id)) => mco(&state.pool, id).await?,
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

// ---------------------------------------------------------------------------------------------
// Request bodies

/// A JSON body as the wire type `T` (whose `deny_unknown_fields` refuses extra keys); else 422 with
/// the problem under the field's name where serde names it (`body` otherwise), or 413.
pub fn read_json<T: serde::de::DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
) -> Result<T, ApiError> {
    let bytes = body_bytes(body)?;
    let map = json_object(&bytes)?;
    serde_json::from_value(serde_json::Value::Object(map)).map_err(|error| {
        let text = error.to_string();
        let named = |prefix: &str| {
            text.strip_prefix(prefix)
                .and_then(|rest| rest.split_once('`'))
                .map(|(name, _)| name.to_owned())
        };
        let errors = if let Some(field) = named("missing field `") {
            FieldErrors::one(field, "Enter this field")
        } else if let Some(field) = named("unknown field `") {
            FieldErrors::one(field, "Unknown field: remove it")
        } else {
            FieldErrors::one(
                "body",
                "Send the fields of the documented type (text as strings, numbers as numbers)",
            )
        };
        ApiError::Validation(errors)
    })
}

// ---------------------------------------------------------------------------------------------
// Passwords

/// The PHC string (argon2id, the crate's default parameters, a random salt) of `password`.
/// Slow on purpose: in a handler, call [`hash_password_async`].
pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).expect("the operating system's random number generator");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes make a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters hashes any password")
        .to_string()
}

/// Whether `password` matches the PHC string `phc` (false for a PHC string that cannot be read).
pub fn verify_password(phc: &str, password: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// At most this many password hashes or verifications run at once (twice the processors, at
/// least 2): each argon2 run takes ~19 MiB and a processor for a while, so a flood of sign-ins
/// waits its turn instead of exhausting memory and the blocking threads.
pub fn hashing_limit() -> usize {
    static LIMIT: LazyLock<usize> = LazyLock::new(|| {
        std::thread::available_parallelism()
            .map_or(1, std::num::NonZeroUsize::get)
            .saturating_mul(2)
            .max(2)
    });
    *LIMIT
}

static HASHING: LazyLock<tokio::sync::Semaphore> =
    LazyLock::new(|| tokio::sync::Semaphore::new(hashing_limit()));

/// How many hashes run now, and the most that ever ran at once (tests check the limit holds).
static HASHING_NOW: AtomicUsize = AtomicUsize::new(0);
static HASHING_PEAK: AtomicUsize = AtomicUsize::new(0);

/// The most password hashes and verifications that ran at once since the process started.
pub fn hashing_peak() -> usize {
    HASHING_PEAK.load(Ordering::SeqCst)
}

/// Runs `work` (a hash or a verification) on a blocking thread once one of [`hashing_limit`]
/// permits is free.
async fn hashing<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let permit = HASHING
        .acquire()
        .await
        .expect("the hashing semaphore is never closed");
    let result = tokio::task::spawn_blocking(move || {
        let running = HASHING_NOW.fetch_add(1, Ordering::SeqCst) + 1;
        HASHING_PEAK.fetch_max(running, Ordering::SeqCst);
        let result = work();
        HASHING_NOW.fetch_sub(1, Ordering::SeqCst);
        result
    })
    .await
    .expect("password hashing does not panic");
    drop(permit);
    result
}

/// [`hash_password`] off the async threads, at most [`hashing_limit`] at once.
pub async fn hash_password_async(password: String) -> String {
    hashing(move || hash_password(&password)).await
}

/// [`verify_password`] off the async threads, at most [`hashing_limit`] at once.
pub async fn verify_password_async(phc: String, password: String) -> bool {
    hashing(move || verify_password(&phc, &password)).await
}

/// Checks `password` against [`DUMMY_HASH`] (an unknown user's sign-in) as long as a real check
/// takes; always false.
pub async fn verify_dummy_async(password: String) -> bool {
    hashing(move || verify_password(&DUMMY_HASH, &password)).await
}

/// A hash no password matches in practice: an unknown user's sign-in is checked against it, so it
/// takes as long as a known user's.
pub(crate) static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password("no account has this password: it only spends time"));

// ---------------------------------------------------------------------------------------------
// One sign-in at a time per username

/// Locks by key (the throttle's key of a username), dropped when nobody holds or waits for them.
#[derive(Debug, Default)]
pub struct KeyedLocks {
    locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

/// Held while one sign-in of a username runs.
pub(crate) struct KeyGuard<'a> {
    owner: &'a KeyedLocks,
    key: String,
    guard: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl KeyedLocks {
    pub(crate) async fn lock(&self, key: &str) -> KeyGuard<'_> {
        let mutex = {
            let mut locks = self.locks.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(locks.entry(key.to_owned()).or_default())
        };
        let guard = mutex.lock_owned().await;
        KeyGuard {
            owner: self,
            key: key.to_owned(),
            guard: Some(guard),
        }
    }
}

impl Drop for KeyGuard<'_> {
    fn drop(&mut self) {
        self.guard.take();
        let mut locks = self
            .owner
            .locks
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // Only the map holds it: nobody waits.
        if locks
            .get(&self.key)
            .is_some_and(|mutex| Arc::strong_count(mutex) == 1)
        {
            locks.remove(&self.key);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The request guard

/// Paths (under `/api`) of the public rule endpoints, which anyone may POST to from anywhere.
const PUBLIC_POSTS: &[&str] = &["/eligibility", "/timeline"];

/// Every POST/PUT/PATCH/DELETE under `/api/` (but the public rule endpoints) must carry
/// `X-Requested-With: portal-app`, and its `Origin`, when present, must be this server's:
/// else 403. A cross-site form or script cannot send that header without the server's consent
/// (no CORS here), and SameSite=Strict keeps the cookie away from other sites anyway.
pub async fn request_guard(request: Request<Body>, next: Next) -> Response {
    match check_request(&request) {
        Ok(()) => next.run(request).await,
        Err(message) => {
            tracing::warn!(
                method = %request.method(),
                path = %request.uri().path(),
                "request refused: {message}"
            );
            ApiError::forbidden(message).into_response()
        }
    }
}

fn check_request(request: &Request<Body>) -> Result<(), &'static str> {
    let method = request.method();
    if !matches!(
        *method,
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    ) {
        return Ok(());
    }
    // Nested under `/api`, the path may or may not still carry the prefix.
    let path = request.uri().path();
    let path = path.strip_prefix("/api").unwrap_or(path);
    if PUBLIC_POSTS.contains(&path) {
        return Ok(());
    }
    let headers = request.headers();
    let app_header = headers.get(APP_HEADER).and_then(|v| v.to_str().ok());
    if app_header != Some(APP_HEADER_VALUE) {
        return Err("This request must come from the portal's own pages");
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
        let origin = origin.to_str().ok();
        let same = match (origin, host) {
            (Some(origin), Some(host)) => {
                origin == format!("http://{host}") || origin == format!("https://{host}")
            }
            _ => false,
        };
        if !same {
            return Err("This request must come from the portal's own pages");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let phc = hash_password("correct horse battery staple");
        assert!(phc.starts_with("$argon2id$"), "{phc}");
        assert!(verify_password(&phc, "correct horse battery staple"));
        assert!(!verify_password(&phc, "correct horse battery stapl"));
        assert!(!verify_password("not a phc string", "x"));
        assert_ne!(phc, hash_password("correct horse battery staple"), "salted");
    }

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

    #[test]
    fn display_names() {
        assert_eq!(display_name(" Ana ", "Ruiz", "ana1"), "Ana Ruiz");
        assert_eq!(display_name("", "", "ana1"), "ana1");
        assert_eq!(display_name("", "Ruiz", "ana1"), "Ruiz");
    }

    fn request(method: Method, path: &str, headers: &[(&str, &str)]) -> Request<Body> {
        let mut builder = Request::builder().method(method).uri(path);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Body::empty()).unwrap()
    }

    #[test]
    fn the_guard() {
        let app = ("x-requested-with", "portal-app");
        let host = ("host", "portal.example:8080");
        assert!(check_request(&request(Method::GET, "/api/session", &[])).is_ok());
        assert!(check_request(&request(Method::POST, "/api/eligibility", &[])).is_ok());
        assert!(check_request(&request(Method::POST, "/timeline", &[])).is_ok());
        assert!(check_request(&request(Method::POST, "/api/session", &[host])).is_err());
        assert!(check_request(&request(Method::POST, "/api/session", &[host, app])).is_ok());
        assert!(check_request(&request(
            Method::DELETE,
            "/api/session",
            &[host, app, ("origin", "https://portal.example:8080")]
        ))
        .is_ok());
        assert!(check_request(&request(
            Method::PUT,
            "/api/me/password",
            &[host, app, ("origin", "https://evil.example")]
        ))
        .is_err());
        assert!(check_request(&request(
            Method::PATCH,
            "/api/x",
            &[host, ("x-requested-with", "XMLHttpRequest")]
        ))
        .is_err());
        assert!(
            check_request(&request(Method::POST, "/api/x", &[app, ("origin", "null")])).is_err()
        );
    }
}
