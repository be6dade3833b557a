//! The guard every state-changing `/api` request passes ([`request_guard`]): the app's header and
//! the same origin (`docs/accounts.md`, "Security rules").
//!
//! May import: `error`.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// The request's peer address (the client, or the proxy in front of the server): the sign-in,
/// registration and password reset throttles count per address.
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        Ok(ClientAddress(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map_or_else(|| "unknown".to_owned(), |info| info.0.ip().to_string()),
        ))
    }
}

/// The header every state-changing request of the app carries, and its value.
pub const APP_HEADER: &str = "x-requested-with";
pub const APP_HEADER_VALUE: &str = "portal-app";

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
