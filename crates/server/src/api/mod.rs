//! The `/api` router, composed from one module per feature, each exposing `router()`; [`body`] and
//! `fields` read requests for them.
//!
//! The handlers are the top layer: they may import every module of the crate but `cli` and
//! `fallback`, and nothing outside `api/` imports them (the router is assembled in `lib.rs`).

pub mod access;
pub mod admin;
pub mod audit;
pub mod body;
pub mod calendar;
pub mod calendar_file;
pub mod claims;
pub mod demo_outbox;
pub mod drafts;
pub mod eligibility;
pub mod email_confirmation;
pub mod exports;
pub mod facility_requests;
pub(crate) mod fields;
pub mod health;
pub mod mco_disputes;
pub mod mfa;
pub mod openapi;
pub mod paging;
pub mod password_reset;
pub mod registration;
pub mod rules;
pub mod sanctions;
pub mod schemas;
pub mod session;
pub mod statistics;
pub mod ticket_actions;
pub mod tickets;
pub mod timeline;

use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;

use crate::limits;

use crate::error::ApiError;

use crate::state::AppState;

/// Every `/api` route (paths here are relative to `/api`). Unknown `/api/...` paths are answered
/// by the application's fallback with a JSON 404.
pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .merge(health::router())
        .merge(calendar::router())
        .merge(eligibility::router())
        .merge(timeline::router())
        .merge(rules::router())
        .merge(session::router())
        .merge(mfa::router())
        .merge(password_reset::router())
        .merge(email_confirmation::router())
        .merge(registration::router())
        .merge(facility_requests::router())
        .merge(admin::router())
        .merge(demo_outbox::router())
        .merge(tickets::router())
        .merge(drafts::router())
        .merge(claims::router())
        .merge(audit::router())
        .merge(ticket_actions::router())
        .merge(exports::router())
        .merge(calendar_file::router())
        .merge(mco_disputes::router())
        .merge(statistics::router())
        .merge(sanctions::router())
        .merge(openapi::router())
        // The app-header and Origin check of every state-changing request (`auth::request_guard`).
        // A route layer, before the 405 fallback: unknown paths still answer 404, wrong methods 405.
        .route_layer(axum::middleware::from_fn(crate::auth::request_guard))
        // Deny by default: a route missing from `access::ROUTES` answers 500 to everyone.
        .route_layer(axum::middleware::from_fn(access::deny_unlisted))
        .route_layer(axum::middleware::from_fn_with_state(
            state,
            hashing_admission,
        ))
        // Every JSON body's limit (a route may set its own, as the uploads and sign-in do).
        .layer(DefaultBodyLimit::max(limits::JSON_BODY_LIMIT))
        // After every route: it applies to the routes registered so far.
        .method_not_allowed_fallback(method_not_allowed)
        // The new cookie of a session whose id changed (the account's rights changed).
        .layer(axum::middleware::from_fn(crate::auth::session_rotation))
}

/// The routes that check or hash a password (argon2: memory and a processor for a while), and
/// their body limit.
pub const HASHING_ROUTES: &[(&str, &str)] = &[
    ("POST", "/api/session"),
    ("PUT", "/api/me/password"),
    ("POST", "/api/password-reset/complete"),
    ("POST", "/api/registrations"),
    ("POST", "/api/admin/users"),
];

/// Refuses at once (503) a request that would check a password while the queue of checks is
/// full, and limits its body to `limits::AUTH_BODY_LIMIT`.
async fn hashing_admission(
    State(state): State<AppState>,
    matched: MatchedPath,
    mut request: Request,
    next: Next,
) -> Response {
    let method = request.method().as_str().to_owned();
    let hashing = HASHING_ROUTES
        .iter()
        .any(|(m, p)| *m == method && *p == matched.as_str());
    if hashing {
        if crate::auth::hashing_queue_full(state.security.hashing_queue) {
            tracing::warn!("password checks queue full: refused");
            return ApiError::Busy.into_response();
        }
        request = request.map(|body| {
            axum::body::Body::new(http_body_util::Limited::new(body, limits::AUTH_BODY_LIMIT))
        });
    }
    next.run(request).await
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
