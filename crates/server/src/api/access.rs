//! The access rule of every route (`docs/security.md`, V4): who may call it, in one table
//! ([`ROUTES`]), and the layer that refuses a route missing from it ([`deny_unlisted`]): a route
//! added without a rule answers 500 to everyone until it has one, so none can skip the check.
//! The handlers still check the rule themselves (their extractors and `require_*` calls);
//! `tests/api/routes.rs` walks this table against the real server and the router's source, so the
//! table and the handlers cannot drift apart.
//!
//! May import: `error`.

use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (public rules, sign-in, registration, the password reset).
    Public,
    /// Anyone, but only while the server runs with `--demo` (else 404).
    Demo,
    /// Any signed-in user (their own account).
    SignedIn,
    /// A provider (their own drafts and requests).
    Provider,
    /// A signed-in party to a ticket: each ticket is checked (`tickets::visible`), others are 404.
    TicketParty,
    /// HFS staff and HFS administrators.
    Hfs,
    /// HFS administrators.
    Admin,
}

/// Every route under `/api`: method, path (as routed, without `/api`), rule.
pub const ROUTES: &[(&str, &str, Access)] = &[
    ("GET", "/health", Access::Public),
    ("GET", "/calendar/holidays", Access::Public),
    ("GET", "/calendar/changes", Access::Public),
    ("POST", "/eligibility", Access::Public),
    ("POST", "/timeline", Access::Public),
    ("GET", "/rules", Access::Public),
    ("GET", "/complaint-types", Access::Public),
    ("GET", "/templates/claims.csv", Access::Public),
    ("GET", "/templates/claims.xlsx", Access::Public),
    ("GET", "/templates/multiple-facility.csv", Access::Public),
    ("GET", "/sanction-notices", Access::Public),
    ("GET", "/sanction-notices/{id}", Access::Public),
    ("GET", "/mco-disputes", Access::Public),
    ("GET", "/statistics", Access::Public),
    ("GET", "/statistics.csv", Access::Public),
    ("POST", "/session", Access::Public),
    ("POST", "/password-reset", Access::Public),
    ("POST", "/password-reset/complete", Access::Public),
    ("POST", "/email-confirmation", Access::Public),
    ("POST", "/registrations", Access::Public),
    ("GET", "/openapi.json", Access::Public),
    ("GET", "/demo/outbox", Access::Demo),
    ("GET", "/session", Access::SignedIn),
    ("DELETE", "/session", Access::SignedIn),
    ("POST", "/session/facility", Access::Provider),
    // The second step of a two-step sign-in: the half-signed-in session the password step started.
    ("POST", "/session/mfa", Access::SignedIn),
    ("PUT", "/me/password", Access::SignedIn),
    ("POST", "/me/mfa", Access::SignedIn),
    ("POST", "/me/mfa/confirm", Access::SignedIn),
    ("GET", "/mcos", Access::SignedIn),
    ("POST", "/me/email-confirmation", Access::SignedIn),
    ("GET", "/me/registration", Access::SignedIn),
    ("PUT", "/me/profile", Access::SignedIn),
    ("PUT", "/me/registration/answers", Access::Provider),
    ("POST", "/facility-requests", Access::Provider),
    ("GET", "/facility-requests", Access::Provider),
    ("POST", "/invitations/redeem", Access::Provider),
    ("GET", "/drafts", Access::Provider),
    ("POST", "/drafts", Access::Provider),
    ("GET", "/drafts/{id}", Access::Provider),
    ("PUT", "/drafts/{id}", Access::Provider),
    ("DELETE", "/drafts/{id}", Access::Provider),
    ("POST", "/drafts/{id}/attachments", Access::Provider),
    (
        "GET",
        "/drafts/{id}/attachments/{attachment_id}",
        Access::Provider,
    ),
    (
        "DELETE",
        "/drafts/{id}/attachments/{attachment_id}",
        Access::Provider,
    ),
    ("PUT", "/drafts/{id}/claims", Access::Provider),
    ("DELETE", "/drafts/{id}/claims", Access::Provider),
    ("GET", "/tickets", Access::TicketParty),
    ("POST", "/tickets", Access::Provider),
    ("GET", "/tickets.csv", Access::TicketParty),
    ("GET", "/tickets/{id}", Access::TicketParty),
    ("POST", "/tickets/{id}/actions", Access::TicketParty),
    ("POST", "/tickets/{id}/attachments", Access::TicketParty),
    (
        "GET",
        "/tickets/{id}/attachments/{attachment_id}",
        Access::TicketParty,
    ),
    ("GET", "/tickets/{id}/calendar.ics", Access::TicketParty),
    ("GET", "/fines", Access::TicketParty),
    ("GET", "/fines/totals", Access::TicketParty),
    ("GET", "/ticket-facilities", Access::TicketParty),
    ("GET", "/hfs/registrations", Access::Hfs),
    ("GET", "/hfs/registrations/{user_id}", Access::Hfs),
    ("POST", "/hfs/registrations/{user_id}/approve", Access::Hfs),
    ("POST", "/hfs/registrations/{user_id}/deny", Access::Hfs),
    ("GET", "/hfs/facility-requests", Access::Hfs),
    ("POST", "/hfs/facility-requests/{id}/approve", Access::Hfs),
    ("POST", "/hfs/facility-requests/{id}/deny", Access::Hfs),
    ("GET", "/hfs/sanction-notices", Access::Hfs),
    ("GET", "/hfs/sanction-notices/{id}", Access::Hfs),
    (
        "POST",
        "/hfs/sanction-notices/{id}/fines/{fine_id}/waive",
        Access::Hfs,
    ),
    ("POST", "/hfs/sanction-notices/{id}/issue", Access::Hfs),
    ("GET", "/admin/users", Access::Admin),
    ("GET", "/admin/users/{id}", Access::Admin),
    ("POST", "/admin/users", Access::Admin),
    ("POST", "/admin/users/{id}/disable", Access::Admin),
    ("POST", "/admin/users/{id}/enable", Access::Admin),
    ("PUT", "/admin/users/{id}/role", Access::Admin),
    ("POST", "/admin/users/{id}/mfa-reset", Access::Admin),
    ("POST", "/admin/users/{id}/unlock", Access::Admin),
    ("POST", "/admin/mcos", Access::Admin),
    ("PUT", "/admin/mcos/{id}", Access::Admin),
    ("PUT", "/admin/mcos/{id}/mailbox", Access::Admin),
    ("PUT", "/admin/mcos/{id}/dispute", Access::Admin),
    ("GET", "/admin/outbox", Access::Admin),
    ("GET", "/admin/mail-settings", Access::Admin),
    ("PUT", "/admin/mail-settings", Access::Admin),
    ("GET", "/admin/calendar-changes", Access::Admin),
    ("POST", "/admin/calendar-changes", Access::Admin),
    ("DELETE", "/admin/calendar-changes/{date}", Access::Admin),
    // HFS staff read the settings their notices are made with; administrators change them.
    ("GET", "/admin/sanction-settings", Access::Hfs),
    ("PUT", "/admin/sanction-settings", Access::Admin),
    ("GET", "/admin/audit", Access::Admin),
    ("GET", "/admin/audit.csv", Access::Admin),
];

/// The rule of `method` on the routed `path` (with or without the `/api` prefix).
pub fn rule(method: &Method, path: &str) -> Option<Access> {
    let path = path.strip_prefix("/api").unwrap_or(path);
    // HEAD is answered as GET.
    let method = if method == Method::HEAD {
        "GET"
    } else {
        method.as_str()
    };
    ROUTES
        .iter()
        .find(|(m, p, _)| *m == method && *p == path)
        .map(|(_, _, access)| *access)
}

/// Refuses (500, logged) a request whose route has no rule in [`ROUTES`]: deny by default.
pub async fn deny_unlisted(request: Request, next: Next) -> Response {
    let listed = request
        .extensions()
        .get::<MatchedPath>()
        .is_some_and(|path| rule(request.method(), path.as_str()).is_some());
    if listed {
        next.run(request).await
    } else {
        tracing::error!(
            method = %request.method(),
            path = ?request.extensions().get::<MatchedPath>().map(MatchedPath::as_str),
            "route without an access rule in api::access::ROUTES: refused"
        );
        ApiError::Internal("a route without an access rule").into_response()
    }
}
