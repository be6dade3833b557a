//! What no single client may take from everyone (`docs/security.md`, V13/V12): the request
//! timeout, the number of requests answered at once, the JSON body sizes, and each user's drafts
//! and stored bytes. The layers of [`request_timeout`] and [`concurrency`] are set by `lib.rs`.
//!
//! May import: `error`.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// A request not answered in this time is ended with 503 (its transaction, if any, rolls back).
/// Long enough for a 10 MB upload on a slow line.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// At most this many requests are answered at once; the next one is refused at once with 503.
pub const MAX_CONCURRENT_REQUESTS: usize = 512;

/// The JSON bodies of every `/api` endpoint but those below (a ticket form is a few KB).
pub const JSON_BODY_LIMIT: usize = 64 * 1024;
/// Sign-in, passwords, registration, confirmation and invitation codes.
pub const AUTH_BODY_LIMIT: usize = 8 * 1024;
/// A facility request (up to 100 rows of the template).
pub const FACILITY_REQUEST_BODY_LIMIT: usize = 256 * 1024;

/// The drafts a provider may keep at once.
pub const MAX_DRAFTS_PER_USER: i64 = 50;
pub const TOO_MANY_DRAFTS: &str = "You have 50 drafts, the most you can keep. Submit or delete \
     a draft before you start another";
/// The bytes of files one user may have stored (their uploads on every ticket and draft).
pub const MAX_STORED_BYTES_PER_USER: i64 = 1024 * 1024 * 1024;
pub const TOO_MANY_BYTES: &str = "You have stored 1 GB of files, the most one account can. \
     Delete files from your drafts, or ask HFS for help";

/// Ends a request not answered in `timeout` with 503.
pub async fn request_timeout(timeout: Duration, request: Request, next: Next) -> Response {
    match tokio::time::timeout(timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!("request timed out");
            ApiError::Busy.into_response()
        }
    }
}

/// Answers a request if fewer than the semaphore's permits are being answered, else 503 at once.
pub async fn concurrency(permits: Arc<Semaphore>, request: Request, next: Next) -> Response {
    match permits.try_acquire_owned() {
        Ok(permit) => {
            let response = next.run(request).await;
            drop(permit);
            response
        }
        Err(_) => {
            tracing::warn!("too many requests at once: refused");
            ApiError::Busy.into_response()
        }
    }
}
