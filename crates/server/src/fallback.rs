//! The answer to every request no route takes: a JSON 404 under `/api` (`/api` and `/api/...`
//! never reach the app), else the single-page app ([`crate::spa::Spa::respond`]) with HFS's
//! calendar changes in its page.
//!
//! May import: `state`, `error`, `spa`.

use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::state::AppState;

/// Everything the router does not know: JSON 404 under `/api`, else the app.
pub async fn fallback(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path();
    if path == "/api" || path.starts_with("/api/") {
        return ApiError::NoEndpoint.into_response();
    }
    let calendar_changes = || async {
        match state.calendar().await {
            Ok(current) => rules::calendar::changes_to_lines(&current.changes),
            // Logged where it failed; the app falls back to the standard calendar.
            Err(_) => String::new(),
        }
    };
    state.spa.respond(request, calendar_changes).await
}
