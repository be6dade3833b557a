//! The guard every state-changing `/api` request passes ([`request_guard`]): the app's header and
//! the same origin (`docs/accounts.md`, "Security rules").
//!
//! May import: `error`.

use std::net::{IpAddr, SocketAddr};

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// The request's client address: the peer, or, when the peer is a trusted proxy, the address its
/// `X-Forwarded-For` names ([`client_ip`]). The sign-in, registration and password reset
/// throttles count per address, and every audit entry records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddress(pub String);

impl ClientAddress {
    /// Works out the client address of a request (`lib::with_client_address` does it once per
    /// request and keeps it in the request's extensions).
    pub fn of(
        extensions: &axum::http::Extensions,
        headers: &axum::http::HeaderMap,
        trusted: &[ipnet::IpNet],
    ) -> ClientAddress {
        let Some(peer) = extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|i| i.0.ip())
        else {
            return ClientAddress("unknown".to_owned());
        };
        let forwarded: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        ClientAddress(client_ip(peer, &forwarded.join(","), trusted).to_string())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        Ok(match parts.extensions.get::<ClientAddress>() {
            Some(known) => known.clone(),
            None => ClientAddress::of(&parts.extensions, &parts.headers, &[]),
        })
    }
}

/// The client's address: `peer` itself unless it is one of the `trusted` proxies; then the
/// right-most address of `forwarded_for` (`X-Forwarded-For`, each proxy appending the address it
/// was reached from) that is not a trusted proxy, since everything left of it could have been
/// written by the client. An entry that is not an address stops the walk at the last proxy
/// reached (a client cannot pick its address by writing nonsense); with no header, the peer.
pub fn client_ip(peer: IpAddr, forwarded_for: &str, trusted: &[ipnet::IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let mut client = peer;
    for entry in forwarded_for.rsplit(',').map(str::trim) {
        if entry.is_empty() {
            continue;
        }
        let Ok(ip) = entry.parse::<IpAddr>() else {
            return client;
        };
        client = ip;
        if !is_trusted(&ip) {
            return ip;
        }
    }
    client
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

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn the_client_address_behind_trusted_proxies() {
        let lb: [ipnet::IpNet; 2] = ["10.0.0.0/8".parse().unwrap(), "::1/128".parse().unwrap()];
        // Not behind a trusted proxy: the header is the client's own words, ignored.
        assert_eq!(
            client_ip(ip("203.0.113.9"), "198.51.100.1", &lb),
            ip("203.0.113.9")
        );
        assert_eq!(
            client_ip(ip("203.0.113.9"), "198.51.100.1", &[]),
            ip("203.0.113.9")
        );
        // Behind the balancer: the address it appended.
        assert_eq!(
            client_ip(ip("10.1.2.3"), "198.51.100.7", &lb),
            ip("198.51.100.7")
        );
        // A client that writes its own header first cannot choose its address: the right-most
        // untrusted entry is the one the balancer saw.
        assert_eq!(
            client_ip(ip("10.1.2.3"), "1.2.3.4, 198.51.100.7", &lb),
            ip("198.51.100.7")
        );
        // Two proxies in a row, the inner one trusted too.
        assert_eq!(
            client_ip(ip("::1"), "198.51.100.7 , 10.9.9.9", &lb),
            ip("198.51.100.7")
        );
        // Nonsense stops the walk at the last proxy reached; no header: the proxy itself.
        assert_eq!(client_ip(ip("10.1.2.3"), "unknown", &lb), ip("10.1.2.3"));
        assert_eq!(client_ip(ip("10.1.2.3"), "", &lb), ip("10.1.2.3"));
        assert_eq!(client_ip(ip("10.1.2.3"), "10.4.4.4", &lb), ip("10.4.4.4"));
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
