//! The `/api` router, composed from one module per feature, each exposing `router()`; [`body`] and
//! `fields` read requests for them.
//!
//! The handlers are the top layer: they may import every module of the crate but `cli` and
//! `fallback`, and nothing outside `api/` imports them (the router is assembled in `lib.rs`).

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
pub mod password_reset;
pub mod registration;
pub mod rules;
pub mod sanctions;
pub mod session;
pub mod statistics;
pub mod ticket_actions;
pub mod tickets;
pub mod timeline;

use axum::Router;

use crate::error::ApiError;

use crate::state::AppState;

/// Every `/api` route (paths here are relative to `/api`). Unknown `/api/...` paths are answered
/// by the application's fallback with a JSON 404.
pub fn router() -> Router<AppState> {
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
        // The app-header and Origin check of every state-changing request (`auth::request_guard`).
        // A route layer, before the 405 fallback: unknown paths still answer 404, wrong methods 405.
        .route_layer(axum::middleware::from_fn(crate::auth::request_guard))
        // After every route: it applies to the routes registered so far.
        .method_not_allowed_fallback(method_not_allowed)
        // The new cookie of a session whose id changed (the account's rights changed).
        .layer(axum::middleware::from_fn(crate::auth::session_rotation))
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
